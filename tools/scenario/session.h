// One libpq session of the scenario runner. Queries run asynchronously
// (PQsendQuery / PQsendQueryParams) so that none outlives its time limit
// and a cancel can fire at a chosen moment without a helper thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario_file.h"
#include "testkit/pg_client.h"

namespace freshet::scenario {

struct QueryRequest {
  std::string sql;
  bool extended = false;  // PQsendQueryParams (Parse/Bind/Describe/Execute/Sync) even without params
  bool binary = false;    // binary result format
  std::vector<TextValue> params;
};

struct QueryOutcome {
  // The first error result if there was one, else the last result.
  testkit::PgResultPtr result;
  // Set when there is no result to judge: the query could not be sent, the
  // connection broke, or it ran past its limit (and was cancelled).
  std::string failure;
  // A runner limitation (e.g. COPY): retrying will not help.
  bool final = false;
};

class Session {
 public:
  explicit Session(testkit::PgConnPtr conn);

  // Runs `request`, for at most `limit`; `cancel_after` sends a CancelRequest
  // that long after the start if the query still runs.
  QueryOutcome Run(const QueryRequest& request, Duration limit, std::optional<Duration> cancel_after);
  // False once the connection is broken; the runner then opens a new one.
  bool ok() const;
  PGconn* conn() const { return conn_.get(); }

 private:
  void Cancel();
  testkit::PgConnPtr conn_;
};

}  // namespace freshet::scenario
