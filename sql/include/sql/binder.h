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
  // Tables users may write (INSERT/UPDATE/DELETE); not builtin relations or
  // source-fed tables.
  bool writable = false;
  // Tables: per column, whether it accepts NULL and its DEFAULT as SQL text.
  std::vector<bool> nullable;
  std::vector<std::optional<std::string>> defaults;
  // Views: the SELECT to bind in place of a scan (re-planned at every use),
  // whose outputs are `columns`.
  std::optional<std::string> view_sql;
  // The catalog object ("u5", "s1002"), for dependency tracking.
  std::string object_id;
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
  // When set, the object_id of every relation the statement names
  // (views included, not what they expand to) is appended here.
  std::vector<std::string>* dependencies = nullptr;
};

absl::StatusOr<SelectPlan> BindSelect(const Statement& stmt, const SelectStmt& select, const BindContext& ctx);

// A bound INSERT, DELETE or UPDATE against one table.
//
// INSERT: `rows` yields complete rows of the table (every column, in order,
// already coerced to the column types in assignment context, DEFAULTs
// filled in); they are added.
// DELETE: `rows` yields the table's rows that match (the table's columns);
// they are removed.
// UPDATE: `rows` yields each matching old row followed by its new row
// (2 x arity columns); the old rows are removed and the new ones added.
//
// What the plan cannot check statically is for the executor: NOT NULL
// (`nullable`) and the length of varchar(n)/char(n) values that did not come
// from a literal (assignment casts from text must fail, not truncate).
struct WritePlan {
  enum class Kind { kInsert, kDelete, kUpdate };
  Kind kind = Kind::kInsert;
  uint64_t relation = 0;
  std::string table_name;  // for error messages: the item name
  std::vector<OutputColumn> columns;  // the table's
  std::vector<bool> nullable;
  RelExprPtr rows;
  std::vector<types::Type> param_types;
};

absl::StatusOr<WritePlan> BindInsert(const Statement& stmt, const InsertStmt& insert, const BindContext& ctx);
absl::StatusOr<WritePlan> BindDelete(const Statement& stmt, const DeleteStmt& del, const BindContext& ctx);
absl::StatusOr<WritePlan> BindUpdate(const Statement& stmt, const UpdateStmt& update, const BindContext& ctx);

}  // namespace freshet::sql
