// libpq helpers for tests: owning handles, connecting with a deadline (and
// the SQLSTATE of a refused login), errors as fields, and results as text
// rows. Works against any PostgreSQL-protocol server.
//
// Thread-compatible: a connection belongs to one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace freshet::testkit {

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultClearer {
  void operator()(PGresult* res) const { PQclear(res); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnCloser>;
using PgResultPtr = std::unique_ptr<PGresult, PgResultClearer>;

// libpq connection parameters as keyword/value pairs, in order; a later
// pair overrides an earlier one with the same keyword.
using ConnParams = std::vector<std::pair<std::string, std::string>>;

// Parses a keyword/value conninfo or a postgres:// URL (PQconninfoParse);
// only the parameters it sets are returned.
absl::StatusOr<ConnParams> ParseConninfo(const std::string& conninfo);
// Sets `keyword` (replacing an earlier value).
void SetParam(ConnParams& params, const std::string& keyword, const std::string& value);
std::optional<std::string> GetParam(const ConnParams& params, const std::string& keyword);
// True for a connection keyword libpq knows (PQconndefaults).
bool IsConnKeyword(const std::string& keyword);
// Renders params as a keyword/value conninfo string, quoting as libpq wants.
std::string ToConninfo(const ConnParams& params);

// What went wrong with a query or a connection attempt. The fields of the
// server's ErrorResponse when there was one (`sqlstate` non-empty), and in
// `text` libpq's whole message (which for a client-side failure, such as a
// refused TCP connection, is all there is).
struct PgError {
  std::string severity;
  std::string sqlstate;
  std::string message;  // primary message
  std::string detail;
  std::string hint;
  std::string position;
  std::string text;
  // One line such as `ERROR 22012: division by zero (detail: ...)`.
  std::string Summary() const;
};

// The error of a failed result (PGRES_FATAL_ERROR and friends).
PgError ErrorOf(const PGresult* res);

// Connects within `timeout`. Never blocks past it (PQconnectStartParams and
// PQconnectPoll), and keeps the SQLSTATE, detail and hint of an error the
// server sent during startup or authentication: libpq has no API for those,
// so the connection runs with PQERRORS_VERBOSE and they are read back from
// its message.
struct ConnectResult {
  PgConnPtr conn;  // null on failure
  PgError error;
};
ConnectResult Connect(const ConnParams& params, std::chrono::milliseconds timeout);

// Runs `sql` with PQexec; an error result becomes a status whose message is
// PgError::Summary().
absl::StatusOr<PgResultPtr> Exec(PGconn* conn, const std::string& sql);

// A value as text (nullopt = SQL NULL), and a row of them.
using TextValue = std::optional<std::string>;
using TextRow = std::vector<TextValue>;

// All rows of a result as PostgreSQL would print them in text format.
// Binary-format columns are decoded (testkit/pg_values.h); a binary column
// of a type the decoder does not know is an error.
absl::StatusOr<std::vector<TextRow>> ResultRows(const PGresult* res);
std::vector<std::string> ColumnNames(const PGresult* res);
std::vector<Oid> ColumnTypes(const PGresult* res);

}  // namespace freshet::testkit
