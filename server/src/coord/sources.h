// CREATE SOURCE ... FROM POSTGRES (legacy and new syntax), CREATE TABLE ...
// FROM SOURCE and ALTER SOURCE (sql-surface.md section 4): purification
// against the upstream (replication/purify.h), then one catalog
// transaction that creates the source, its progress relation and its
// tables. The source manager (cluster/sources.h) starts ingesting once the
// transaction is published.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/catalog.h"
#include "common/error.h"
#include "sql/mz_ast.h"

namespace freshet::coord {

// `cluster`: the session's cluster, for sources without IN CLUSTER.
absl::Status CreateSource(const sql::CreateSourceStmt& stmt, catalog::Catalog& catalog, const std::string& cluster,
                          std::vector<ErrorInfo>* notices);

absl::Status CreateTableFromSource(const sql::CreateTableFromSourceStmt& stmt, catalog::Catalog& catalog,
                                   std::vector<ErrorInfo>* notices);

absl::Status AlterSource(const sql::AlterSourceStmt& stmt, catalog::Catalog& catalog,
                         std::vector<ErrorInfo>* notices);

}  // namespace freshet::coord
