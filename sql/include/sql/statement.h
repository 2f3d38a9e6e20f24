// Parsed SQL statements.
//
// `ParseStatements` splits a query string (PostgreSQL's lexical rules, through
// libpg_query's scanner) and classifies each statement. Statements that later
// stages need structurally (SELECT) keep an opaque handle on libpg_query's
// parse tree; everything a caller needs to dispatch is plain data here, so no
// libpg_query type crosses the module boundary. Materialize's catalog
// statements (CREATE SOURCE, SHOW CLUSTERS ...) are plain data from mz_ast.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "sql/mz_ast.h"
#include "types/type.h"

namespace freshet::sql {

class ParseTree;  // opaque: libpg_query's tree of one statement (sql/src)

// The query text a statement came from, and where in it the statement is.
// Error positions are reported relative to the whole query string, in
// characters, as PostgreSQL does.
struct SourceText {
  std::shared_ptr<const std::string> query;  // the whole query string
  int offset = 0;                            // byte offset of the statement
  int length = 0;                            // byte length of the statement

  std::string_view text() const { return std::string_view(*query).substr(offset, length); }
  // 1-based character position in the whole query of the statement's byte `at`.
  int CharPosition(int at) const;
};

struct SelectStmt {
  std::shared_ptr<const ParseTree> tree;
  // EXPLAIN SELECT ...: the result is the plan's text, not its rows.
  bool explain = false;
};

// SET [SESSION|LOCAL] name {=|TO} value[, ...] | SET name TO DEFAULT.
struct SetVariableStmt {
  std::string name;                 // lower-cased
  std::vector<std::string> values;  // empty = DEFAULT
  bool local = false;
};

// RESET name | RESET ALL (name empty).
struct ResetVariableStmt {
  std::string name;
};

// SHOW name | SHOW ALL (name == "all").
struct ShowVariableStmt {
  std::string name;
};

struct TransactionStmt {
  enum class Kind { kBegin, kCommit, kRollback };
  Kind kind;
};

// A statement Freshet parses but cannot run yet.
struct UnsupportedStmt {
  std::string what;  // e.g. "CREATE TABLE", for "CREATE TABLE is not supported"
};

// One column of CREATE TABLE.
struct ColumnDefinition {
  std::string name;
  types::Type type;
  bool nullable = true;
  std::optional<std::string> default_sql;  // the DEFAULT expression, deparsed
};

// CREATE TABLE [IF NOT EXISTS] name (column type [NOT NULL] [DEFAULT expr], ...)
struct CreateTableStmt {
  QualifiedName name;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
};

// CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] AS select
struct CreateViewStmt {
  QualifiedName name;
  bool if_not_exists = false;
  bool or_replace = false;
  std::vector<std::string> columns;  // empty: the query's own names
  std::string query_sql;             // the SELECT, deparsed (normalized)
};

// INSERT INTO t [(cols)] {VALUES ... | SELECT ...}; bound by BindInsert.
struct InsertStmt {
  std::shared_ptr<const ParseTree> tree;
};

// DELETE FROM t [WHERE ...]; bound by BindDelete.
struct DeleteStmt {
  std::shared_ptr<const ParseTree> tree;
};

// UPDATE t SET c = expr, ... [WHERE ...]; bound by BindUpdate.
struct UpdateStmt {
  std::shared_ptr<const ParseTree> tree;
};

using StatementBody =
    std::variant<SelectStmt, SetVariableStmt, ResetVariableStmt, ShowVariableStmt, TransactionStmt, UnsupportedStmt,
                 // Materialize's catalog statements (mz_ast.h).
                 CreateSecretStmt, AlterSecretStmt, CreateConnectionStmt, AlterConnectionStmt,
                 ValidateConnectionStmt, CreateClusterStmt, AlterClusterStmt, CreateClusterReplicaStmt,
                 DropClusterReplicasStmt, CreateSourceStmt, CreateTableFromSourceStmt, AlterSourceStmt,
                 AlterRenameStmt, AlterOwnerStmt, DropObjectsStmt, ShowObjectsStmt, ShowColumnsStmt, ShowCreateStmt,
                 // Tables: they change the catalog or storage, so they run
                 // as catalog statements do (compute pool, not in a block).
                 CreateTableStmt, InsertStmt, DeleteStmt, UpdateStmt, CreateViewStmt>;

// The words that name the statement: "CREATE SOURCE", "SHOW CLUSTER REPLICAS",
// "SET"; an UnsupportedStmt's `what`.
std::string StatementKindName(const StatementBody& body);

// Whether `body` is one of Materialize's catalog statements (mz_ast.h).
bool IsCatalogStatement(const StatementBody& body);

struct Statement {
  SourceText source;
  StatementBody body;
};

// Splits and parses `query`. An empty or comment-only query gives no
// statements. A syntax error anywhere fails the whole string (as PostgreSQL's
// simple query protocol does) with SQLSTATE 42601 and its position.
absl::StatusOr<std::vector<Statement>> ParseStatements(std::string query);

}  // namespace freshet::sql
