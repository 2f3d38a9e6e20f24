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

// A relation a query can name in FROM.
struct RelationDesc {
  uint64_t id = 0;
  std::string name;       // the item name: the default alias
  std::string qualified;  // mz_catalog.mz_clusters, for EXPLAIN
  std::vector<OutputColumn> columns;
};

// What binding needs from the catalog (implemented by coord over a catalog
// snapshot, so binding stays pure).
class CatalogReader {
 public:
  virtual ~CatalogReader() = default;
  // [database.][schema.]name; 42P01 "unknown catalog item 'x'" when absent.
  virtual absl::StatusOr<RelationDesc> ResolveRelation(const std::optional<std::string>& database,
                                                       const std::optional<std::string>& schema,
                                                       const std::string& name) const = 0;
};

struct BindContext {
  const CatalogReader* catalog = nullptr;  // null: FROM names nothing
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
