// CREATE TABLE's parse tree -> the plain CreateTableStmt. Private to sql/.
#pragma once

#include "absl/status/statusor.h"
#include "parse_tree.h"
#include "sql/statement.h"

namespace freshet::sql {

// Column types resolve through ResolveTypeName (typmods, arrays); DEFAULT
// expressions are kept as deparsed SQL text. What Freshet's tables cannot
// have (constraints other than NOT NULL, TEMP, INHERITS, PARTITION BY, ...)
// is 0A000 at the clause's position.
// CREATE VIEW: the name, column names and the deparsed SELECT.
absl::StatusOr<StatementBody> ClassifyCreateView(const ParseTree& tree, const SourceText& source);

absl::StatusOr<StatementBody> ClassifyCreateTable(const ParseTree& tree, const SourceText& source);

// The SQL text of one expression node, as libpg_query deparses it.
absl::StatusOr<std::string> DeparseExpression(const pg_query::Node& expr, int parse_version);

}  // namespace freshet::sql
