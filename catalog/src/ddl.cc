#include "catalog/ddl.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/cluster_sizes.h"
#include "common/error.h"
#include "common/status_macros.h"

namespace freshet::catalog {
namespace {

constexpr char kReservedName[] = "42939";

absl::Status CheckSize(const std::string& size) {
  if (FindClusterSize(size).has_value()) return absl::OkStatus();
  return Error(sqlstate::kInvalidParameterValue, absl::StrCat("unknown cluster replica size ", size))
      .Hint(absl::StrCat("Valid sizes are: ", ClusterSizeNames(), "."))
      .ToStatus();
}

absl::Status CreateReplicas(Transaction& txn, GlobalId cluster, const std::string& size, uint32_t count) {
  for (uint32_t i = 1; i <= count; ++i) {
    FRESHET_RETURN_IF_ERROR(txn.CreateReplica({txn.AllocateReplicaId(), cluster, absl::StrCat("r", i), size}));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<GlobalId> CreateManagedCluster(Transaction& txn, const std::string& name, const std::string& size,
                                              uint32_t replication_factor) {
  if (absl::StartsWith(name, "mz_")) {
    return Error(kReservedName, absl::StrCat("cluster name \"", name, "\" is reserved"))
        .Detail("Names beginning with mz_ are reserved for system clusters.")
        .ToStatus();
  }
  FRESHET_RETURN_IF_ERROR(CheckSize(size));
  if (txn.state().FindCluster(name) != nullptr) {
    return Error(sqlstate::kDuplicateObject, absl::StrCat("cluster '", name, "' already exists")).ToStatus();
  }
  Cluster c{txn.AllocateClusterId(), name, "u1", true, size, replication_factor};
  FRESHET_RETURN_IF_ERROR(txn.CreateCluster(c));
  FRESHET_RETURN_IF_ERROR(CreateReplicas(txn, c.id, size, replication_factor));
  return c.id;
}

absl::Status AlterManagedCluster(Transaction& txn, GlobalId id, const std::string& size,
                                 uint32_t replication_factor) {
  const Cluster* old = txn.state().GetCluster(id);
  if (old == nullptr) return absl::InternalError("altering a missing cluster");
  if (old->id.is_system()) {
    return Error(sqlstate::kInsufficientPrivilege, absl::StrCat("system cluster '", old->name, "' cannot be modified"))
        .ToStatus();
  }
  FRESHET_RETURN_IF_ERROR(CheckSize(size));
  Cluster c = *old;
  if (c.size == size && c.replication_factor == replication_factor) return absl::OkStatus();
  c.size = size;
  c.replication_factor = replication_factor;
  FRESHET_RETURN_IF_ERROR(txn.UpdateCluster(c));
  for (const ClusterReplica* r : txn.state().Replicas(id)) txn.DropReplica(r->id);
  return CreateReplicas(txn, id, size, replication_factor);
}

absl::StatusOr<const Schema*> ResolveUserSchema(const CatalogState& state, const std::optional<std::string>& database,
                                                const std::optional<std::string>& schema) {
  auto found = state.ResolveSchema(database, schema);
  if (!found.ok()) return found.status();
  if ((*found)->database_id == std::nullopt) {
    return Error(sqlstate::kInsufficientPrivilege, absl::StrCat("system schema '", (*found)->name, "' cannot be modified"))
        .ToStatus();
  }
  return *found;
}

absl::Status DropCluster(Transaction& txn, GlobalId id) {
  const Cluster* c = txn.state().GetCluster(id);
  if (c == nullptr) return absl::InternalError("dropping a missing cluster");
  if (c->id.is_system()) {
    return Error(sqlstate::kInsufficientPrivilege, absl::StrCat("system cluster '", c->name, "' cannot be modified"))
        .ToStatus();
  }
  txn.DropCluster(id);
  return absl::OkStatus();
}

std::string ItemKindForErrors(const Item& item) {
  switch (item.type) {
    case ItemType::kMaterializedView: return "materialized view";
    default: return std::string(ItemTypeName(item.type));
  }
}

absl::StatusOr<std::vector<Item>> DropItems(Transaction& txn, const std::vector<GlobalId>& ids, bool cascade) {
  const CatalogState& state = txn.state();
  absl::flat_hash_set<GlobalId> dropping(ids.begin(), ids.end());
  // The closure of dependents, in an order where dependents come first.
  std::vector<GlobalId> order;
  absl::flat_hash_set<GlobalId> visited;
  std::function<absl::Status(GlobalId)> visit = [&](GlobalId id) -> absl::Status {
    if (!visited.insert(id).second) return absl::OkStatus();
    const Item* item = state.GetItem(id);
    if (item == nullptr) return absl::InternalError("dropping a missing item");
    for (const Item* dep : state.Dependents(id)) {
      if (!cascade && !dropping.contains(dep->id)) {
        return Error(sqlstate::kDependentObjectsStillExist,
                     absl::StrCat("cannot drop ", ItemKindForErrors(*item), " \"", state.QualifiedName(*item),
                                  "\": still depended upon by ", ItemKindForErrors(*dep), " \"",
                                  state.QualifiedName(*dep), "\""))
            .Hint("Use DROP ... CASCADE to drop the dependent objects too.")
            .ToStatus();
      }
      FRESHET_RETURN_IF_ERROR(visit(dep->id));
    }
    order.push_back(id);
    return absl::OkStatus();
  };
  for (GlobalId id : ids) FRESHET_RETURN_IF_ERROR(visit(id));
  std::vector<Item> dropped;
  for (GlobalId id : order) {
    const Item* item = state.GetItem(id);
    dropped.push_back(*item);
    if (item->type == ItemType::kSecret) txn.EraseSecret(SecretValueName(id));
    if (const auto* conn = std::get_if<ConnectionDetails>(&item->details);
        conn != nullptr && std::holds_alternative<SshTunnelConnection>(*conn)) {
      txn.EraseSecret(SshPrivateKeySecret(id, 1));
      txn.EraseSecret(SshPrivateKeySecret(id, 2));
    }
    // A table's rows go with it, in the same storage commit.
    if (const auto* table = std::get_if<TableDetails>(&item->details)) txn.DropCollection(table->collection);
    txn.DropItem(id);
  }
  return dropped;
}

}  // namespace freshet::catalog
