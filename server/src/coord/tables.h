// Tables users write: CREATE TABLE (catalog item and storage collection in
// one commit), and running bound INSERT / UPDATE / DELETE plans (one atomic
// storage commit each).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/builtins.h"
#include "catalog/catalog.h"
#include "common/error.h"
#include "compute/eval.h"
#include "sql/binder.h"
#include "sql/statement.h"

namespace freshet::coord {

// CREATE TABLE; fills the command tag and, for IF NOT EXISTS on a taken
// name, the NOTICE.
absl::Status CreateTable(const sql::CreateTableStmt& stmt, catalog::Catalog& catalog, std::string* command_tag,
                         std::vector<ErrorInfo>* notices);

// Runs `plan` against a fresh storage snapshot and commits its changes
// atomically; returns the number of rows inserted, updated or deleted.
// `exec` carries the parameters, cancellation and deadline; its relations
// are set here. UPDATE and DELETE are serialized process-wide (they read
// counts they then retract).
absl::StatusOr<uint64_t> ExecuteWrite(const sql::WritePlan& plan, catalog::Catalog& catalog,
                                      const catalog::RuntimeFacts* facts, compute::ExecContext exec);

// "CREATE TABLE materialize.public.t (a pg_catalog.int4 NOT NULL, ...)":
// what SHOW CREATE TABLE and mz_tables.create_sql show.
std::string TableCreateSql(const std::string& qualified_name, const std::vector<catalog::Column>& columns);
// Its column part: "(a pg_catalog.int4 NOT NULL, ...)".
std::string ColumnDefsSql(const std::vector<catalog::Column>& columns);

// The column type as SHOW COLUMNS and mz_columns name it ("integer",
// "character varying", "integer[]").
std::string ColumnTypeName(const types::Type& type);

}  // namespace freshet::coord
