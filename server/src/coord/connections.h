// CREATE CONNECTION's option rules (sql-surface.md 2.2-2.4), the normalized
// create_sql, the parameters Freshet connects with (secrets and SSH keys from
// the vault), and validation of POSTGRES and SSH TUNNEL connections.
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

// The libpq parameters of a POSTGRES connection, secrets read from `secrets`,
// with its SSH tunnel (bastion and private keys) if it names one. A
// PrivateLink connection cannot be reached from here: 0A000 (see
// PrivatelinkUnsupported).
absl::StatusOr<replication::PgConnectParams> PostgresConnectParams(const catalog::CatalogState& state,
                                                                   const storage::Snapshot& secrets,
                                                                   const catalog::PostgresConnection& pg);

// The bastion and keys of SSH TUNNEL connection `id`.
absl::StatusOr<replication::SshTunnelParams> SshTunnelParams(const catalog::CatalogState& state,
                                                             const storage::Snapshot& secrets, catalog::GlobalId id);

// 0A000 "AWS PrivateLink connections are unsupported", with why and what to
// use instead (docs/connections.md).
absl::Status PrivatelinkUnsupported();

// VALIDATE CONNECTION: POSTGRES connects (through its tunnel, if any) as a
// source would and runs its checks; SSH TUNNEL logs in to the bastion. The
// error is the upstream's or the bastion's own where it has one.
absl::Status ValidateConnection(const catalog::CatalogState& state, const storage::Snapshot& secrets,
                                const catalog::ConnectionDetails& details);

}  // namespace freshet::coord
