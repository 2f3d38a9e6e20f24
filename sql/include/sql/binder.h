// Binding: a parsed statement plus the session's context -> a typed plan.
//
// Binding is pure and fast: it never blocks and never touches storage. What a
// query needs from the session (the user, the database, version strings) is
// passed in, so that unmaterializable functions such as current_user become
// literals in the plan, as in Materialize.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sql/plan.h"
#include "sql/statement.h"
#include "types/type.h"

namespace freshet::sql {

struct BindContext {
  std::string user;
  std::string database;
  std::string search_path_first;  // current_schema()
  std::string version;            // version()
  std::string mz_version;         // mz_version()
  int backend_pid = 0;            // pg_backend_pid()
  // Types of $1..$n the client declared (Parse); kUnknown = infer.
  std::vector<types::Type> declared_params;
};

absl::StatusOr<SelectPlan> BindSelect(const Statement& stmt, const SelectStmt& select, const BindContext& ctx);

}  // namespace freshet::sql
