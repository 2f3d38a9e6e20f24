// Runs Materialize's catalog statements (sql/mz_ast.h) against the durable
// catalog: secrets, clusters, their SHOW commands and DROP. Statements not
// built yet answer 0A000 naming what is missing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "common/error.h"
#include "coord/session.h"
#include "sql/statement.h"
#include "types/datum.h"

namespace freshet::coord {

struct CatalogOutcome {
  std::string command_tag;
  std::vector<ErrorInfo> notices;
  std::vector<types::Row> rows;
};

// Evaluates a constant SQL expression and casts it to bytea (secret values).
using ExpressionEvaluator = std::function<absl::StatusOr<types::Datum>(const sql::SqlExpression&)>;

// The result columns of a catalog statement (nullopt: it returns no rows),
// or its 0A000 error when Freshet cannot run it yet.
absl::StatusOr<std::optional<std::vector<ColumnDesc>>> DescribeCatalogStatement(const sql::StatementBody& body);

// `cluster`: the session's current cluster (for objects created without IN CLUSTER).
absl::StatusOr<CatalogOutcome> ExecuteCatalogStatement(const sql::StatementBody& body, catalog::Catalog& catalog,
                                                       const ExpressionEvaluator& evaluate,
                                                       const std::string& cluster = "quickstart");

// SQL LIKE: % any run, _ one character, backslash escapes.
bool LikeMatch(std::string_view text, std::string_view pattern);

}  // namespace freshet::coord
