#include "replication/validate.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "pg_conn.h"

namespace freshet::replication {

absl::Status ValidatePostgres(const PgConnectParams& p) {
  FRESHET_ASSIGN_OR_RETURN(PgConn conn, Connect(p));
  PgResult(PQexec(conn.get(), "SET statement_timeout = '10s'"));

  auto wal_level = QueryOne(conn.get(), "SHOW wal_level");
  if (!wal_level.ok()) return wal_level.status();
  if (*wal_level != "logical") {
    return Error(sqlstate::kInvalidParameterValue,
                 absl::StrCat("server must have wal_level >= logical, but has ", *wal_level))
        .ToStatus();
  }
  auto senders = QueryOne(conn.get(), "SELECT current_setting('max_wal_senders')");
  if (!senders.ok()) return senders.status();
  int max_senders = 0;
  if (!absl::SimpleAtoi(*senders, &max_senders) || max_senders < 1) {
    return Error(sqlstate::kInvalidParameterValue, "replication disabled on server")
        .Hint("set max_wal_senders to a value > 0")
        .ToStatus();
  }
  auto free_slots = QueryOne(conn.get(),
                             "SELECT current_setting('max_replication_slots')::int - "
                             "(SELECT count(*) FROM pg_catalog.pg_replication_slots)");
  if (!free_slots.ok()) return free_slots.status();
  int slots = 0;
  if (!absl::SimpleAtoi(*free_slots, &slots) || slots < 2) {
    return Error(sqlstate::kInvalidParameterValue,
                 "PostgreSQL server has insufficient number of replication slots available")
        .Detail("executing this statement requires 2 replication slots")
        .Hint("you might be able to wait for other sources to finish snapshotting and try again")
        .ToStatus();
  }
  return absl::OkStatus();
}

}  // namespace freshet::replication
