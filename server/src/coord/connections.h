// CREATE CONNECTION's option rules (sql-surface.md 2.2-2.4), the normalized
// create_sql, and validation of POSTGRES connections against the upstream.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "replication/validate.h"
#include "sql/mz_ast.h"
#include "storage/storage.h"

namespace freshet::coord {

struct ConnectionSpec {
  catalog::ConnectionDetails details;
  std::vector<catalog::GlobalId> uses;  // secrets and connections it names
};

// "materialize.public.name", each part quoted when it needs to be, as
// create_sql writes names (so that it parses again).
std::string QuotedName(const catalog::CatalogState& state, catalog::GlobalId schema_id, const std::string& name);

// Checks the options of `stmt` against the catalog and builds the details.
// SSH tunnel public keys are left empty (the caller generates the keys).
absl::StatusOr<ConnectionSpec> BuildConnection(const catalog::CatalogState& state,
                                               const sql::CreateConnectionStmt& stmt);

// "CREATE CONNECTION materialize.public.pg TO POSTGRES (HOST = 'h', ...)":
// secrets by name only.
std::string ConnectionCreateSql(const catalog::CatalogState& state, const std::string& qualified_name,
                                const catalog::ConnectionDetails& details);

// Whether CREATE should validate: WITH (VALIDATE = ...) if given, else the
// type's default (POSTGRES yes, SSH TUNNEL and AWS PRIVATELINK no).
absl::StatusOr<bool> ShouldValidate(const sql::CreateConnectionStmt& stmt);

// The libpq parameters of a POSTGRES connection, secrets read from `secrets`.
absl::StatusOr<replication::PgConnectParams> PostgresConnectParams(const storage::Snapshot& secrets,
                                                                   const catalog::PostgresConnection& pg);

// Connects to the upstream as a source would and runs its checks; the
// error is the upstream's own where it has one.
absl::Status ValidateConnection(const catalog::CatalogState& state, const storage::Snapshot& secrets,
                                const catalog::ConnectionDetails& details);

}  // namespace freshet::coord
