// Checks that an upstream PostgreSQL can serve as a source, as Materialize's
// VALIDATE CONNECTION does (sql-surface.md 2.6): connect, wal_level =
// logical, max_wal_senders > 0, at least two free replication slots.
// Failures carry the upstream's (or libpq's) own message.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"

namespace freshet::replication {

struct PgConnectParams {
  std::string host;
  uint16_t port = 5432;
  std::string database;
  std::string user;
  std::optional<std::string> password;
  std::string ssl_mode = "disable";  // disable, require, verify-ca, verify-full
  std::optional<std::string> ssl_root_cert_pem;
  std::optional<std::string> ssl_cert_pem;
  std::optional<std::string> ssl_key_pem;
  int connect_timeout_seconds = 10;
};

// Blocks for at most about connect_timeout_seconds plus a few queries.
absl::Status ValidatePostgres(const PgConnectParams& params);

}  // namespace freshet::replication
