// libpq connections to an upstream PostgreSQL, shared by validation,
// introspection, snapshots and streaming: conninfo from PgConnectParams
// (TLS material in a private 0600 directory while libpq needs it; through
// an SSH tunnel when the params name one), owning handles, and queries
// whose failures carry the upstream's own message. Internal to replication/.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "replication/validate.h"

namespace freshet::replication {

struct ConnFree {
  // What the connection needs while it is open: the SSH tunnel it goes
  // through (shared; the tunnel closes when its last connection does).
  std::shared_ptr<const void> keep_alive;
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgConn = std::unique_ptr<PGconn, ConnFree>;
using PgResult = std::unique_ptr<PGresult, ResultFree>;

enum class ConnKind {
  kNormal,
  kReplication,  // replication=database: simple protocol, replication commands
};

// Connects with the session settings every value we read depends on: UTC,
// ISO dates, hex bytea, all float digits. Failures: 08001 "db error: <libpq's
// message>", or "SSH tunnel through ... failed: <ssh's message>".
absl::StatusOr<PgConn> Connect(const PgConnectParams& params, ConnKind kind = ConnKind::kNormal);

// libpq's last error on `conn` without the trailing newline.
std::string LastError(PGconn* conn);
// An upstream failure as clients see it: 08001, "db error: <message>".
absl::Status UpstreamError(std::string_view message);

// Runs one statement (simple protocol); anything but `expected` is an
// UpstreamError with the server's message.
absl::StatusOr<PgResult> Exec(PGconn* conn, const std::string& sql, ExecStatusType expected = PGRES_TUPLES_OK);
// The single value of a one-row, one-column query.
absl::StatusOr<std::string> QueryOne(PGconn* conn, const std::string& sql);

// 'text' with quotes doubled; "ident" with quotes doubled.
std::string QuoteLiteral(std::string_view s);
std::string QuoteIdent(std::string_view s);

}  // namespace freshet::replication
