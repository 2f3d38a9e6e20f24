// Catalog changes with Materialize's rules and errors, on a Transaction:
// what CREATE / ALTER / DROP of clusters and items do to the catalog. The
// statements' parsing and option checking happen before (sql/, coord).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/catalog.h"

namespace freshet::catalog {

// CREATE CLUSTER name (SIZE = size, REPLICATION FACTOR = n): the cluster and
// replicas r1..rn. Errors: unknown size (22023, hint lists the sizes), a
// reserved mz_ name (42939), a taken name (42710).
absl::StatusOr<GlobalId> CreateManagedCluster(Transaction& txn, const std::string& name, const std::string& size,
                                              uint32_t replication_factor);

// ALTER CLUSTER ... SET (SIZE / REPLICATION FACTOR): new replicas replace
// the old ones (new ids), as Materialize does without WAIT.
absl::Status AlterManagedCluster(Transaction& txn, GlobalId cluster, const std::string& size,
                                 uint32_t replication_factor);

// DROP CLUSTER: system clusters cannot be dropped.
absl::Status DropCluster(Transaction& txn, GlobalId cluster);

// The schema a new user item goes in ([database.]schema, or the default),
// refusing the system schemas (42501 "system schema 'x' cannot be modified").
absl::StatusOr<const Schema*> ResolveUserSchema(const CatalogState& state, const std::optional<std::string>& database,
                                                const std::optional<std::string>& schema);

// DROP items: without `cascade`, fails while another item (not itself being
// dropped) uses one of them (2BP01, Materialize's wording); with it, drops
// the dependents too. Erases the items' values from the vault. Returns what
// was dropped, dependents first.
absl::StatusOr<std::vector<Item>> DropItems(Transaction& txn, const std::vector<GlobalId>& ids, bool cascade);

// "secret", "connection", ... as DROP errors spell an item's kind.
std::string ItemKindForErrors(const Item& item);

}  // namespace freshet::catalog
