#include "catalog/catalog.h"

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "serde.h"
#include "types/row_codec.h"

namespace freshet::catalog {
namespace {

// SQLSTATEs for catalog errors (sql-surface.md 0.3 leaves them open):
// PostgreSQL's classes for duplicate and undefined objects.
using sqlstate::kDuplicateObject;
using sqlstate::kInvalidCatalogName;
using sqlstate::kInvalidSchemaName;
using sqlstate::kUndefinedObject;
using sqlstate::kUndefinedTable;

template <typename T>
const T* Find(const absl::btree_map<GlobalId, T>& map, GlobalId id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

// Adds the updates that turn `before` into `after` for one kind of object.
template <typename T, typename Encode>
void Diff(const absl::btree_map<GlobalId, T>& before, const absl::btree_map<GlobalId, T>& after, Encode encode,
          std::vector<storage::Update>* out) {
  for (const auto& [id, obj] : before) {
    const T* now = Find(after, id);
    if (now == nullptr || !(*now == obj)) out->push_back({kCatalogCollection, encode(obj), -1});
  }
  for (const auto& [id, obj] : after) {
    const T* then = Find(before, id);
    if (then == nullptr || !(*then == obj)) out->push_back({kCatalogCollection, encode(obj), +1});
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// CatalogState

const Database* CatalogState::FindDatabase(std::string_view name) const {
  for (const auto& [id, d] : databases_) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const Schema* CatalogState::FindSchema(std::optional<GlobalId> database, std::string_view name) const {
  for (const auto& [id, s] : schemas_) {
    if (s.name == name && s.database_id == database) return &s;
  }
  return nullptr;
}

const Item* CatalogState::FindItem(GlobalId schema, std::string_view name) const {
  for (const auto& [id, i] : items_) {
    if (i.schema_id == schema && i.name == name) return &i;
  }
  return nullptr;
}

const Item* CatalogState::GetItem(GlobalId id) const { return Find(items_, id); }
const Schema* CatalogState::GetSchema(GlobalId id) const { return Find(schemas_, id); }
const Database* CatalogState::GetDatabase(GlobalId id) const { return Find(databases_, id); }
const Cluster* CatalogState::GetCluster(GlobalId id) const { return Find(clusters_, id); }

const Cluster* CatalogState::FindCluster(std::string_view name) const {
  for (const auto& [id, c] : clusters_) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<const ClusterReplica*> CatalogState::Replicas(GlobalId cluster) const {
  std::vector<const ClusterReplica*> out;
  for (const auto& [id, r] : replicas_) {
    if (r.cluster_id == cluster) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  return out;
}

std::vector<const Item*> CatalogState::Dependents(GlobalId id) const {
  std::vector<const Item*> out;
  for (const auto& [other, item] : items_) {
    if (std::find(item.uses.begin(), item.uses.end(), id) != item.uses.end()) out.push_back(&item);
  }
  return out;
}

absl::StatusOr<const Schema*> CatalogState::ResolveSchema(const std::optional<std::string>& database,
                                                          const std::optional<std::string>& schema) const {
  const std::string& db_name = database ? *database : std::string(kDefaultDatabase);
  const Database* db = FindDatabase(db_name);
  if (db == nullptr) return Error(kInvalidCatalogName, absl::StrCat("unknown database '", db_name, "'")).ToStatus();
  const std::string& schema_name = schema ? *schema : std::string(kDefaultSchema);
  const Schema* s = FindSchema(db->id, schema_name);
  if (s == nullptr && !database) s = FindSchema(std::nullopt, schema_name);  // mz_catalog, ...
  if (s == nullptr) return Error(kInvalidSchemaName, absl::StrCat("unknown schema '", schema_name, "'")).ToStatus();
  return s;
}

absl::StatusOr<const Item*> CatalogState::ResolveItem(const std::optional<std::string>& database,
                                                      const std::optional<std::string>& schema,
                                                      const std::string& name) const {
  FRESHET_ASSIGN_OR_RETURN(const Schema* s, ResolveSchema(database, schema));
  const Item* item = FindItem(s->id, name);
  if (item == nullptr) {
    std::string shown = name;
    if (schema) shown = absl::StrCat(*schema, ".", shown);
    if (database) shown = absl::StrCat(*database, ".", shown);
    return Error(kUndefinedTable, absl::StrCat("unknown catalog item '", shown, "'")).ToStatus();
  }
  return item;
}

std::string CatalogState::QualifiedName(const Item& item) const {
  const Schema* s = GetSchema(item.schema_id);
  if (s == nullptr) return item.name;
  const Database* d = s->database_id ? GetDatabase(*s->database_id) : nullptr;
  return d ? absl::StrCat(d->name, ".", s->name, ".", item.name) : absl::StrCat(s->name, ".", item.name);
}

// ---------------------------------------------------------------------------
// Transaction

uint64_t Transaction::Allocate(const std::string& name, uint64_t first) {
  uint64_t& next = state_->allocators_[name];
  if (next < first) next = first;
  return next++;
}

Item Transaction::NewItem(GlobalId schema, std::string name, ItemType type) {
  Item item;
  item.id = AllocateItemId();
  item.oid = AllocateOid();
  item.schema_id = schema;
  item.name = std::move(name);
  item.type = type;
  return item;
}

absl::Status Transaction::CreateItem(Item item) {
  if (state_->GetItem(item.id) != nullptr) return absl::InternalError(absl::StrCat("item id ", item.id.ToString(), " in use"));
  if (state_->FindItem(item.schema_id, item.name) != nullptr) {
    return Error(kDuplicateObject, absl::StrCat("catalog item '", item.name, "' already exists")).ToStatus();
  }
  if (state_->GetSchema(item.schema_id) == nullptr) return absl::InternalError("item in a missing schema");
  state_->items_[item.id] = std::move(item);
  return absl::OkStatus();
}

absl::Status Transaction::UpdateItem(Item item) {
  const Item* old = state_->GetItem(item.id);
  if (old == nullptr) return Error(kUndefinedObject, absl::StrCat("unknown catalog item '", item.name, "'")).ToStatus();
  if (old->name != item.name || old->schema_id != item.schema_id) {
    if (state_->FindItem(item.schema_id, item.name) != nullptr) {
      return Error(kDuplicateObject, absl::StrCat("catalog item '", item.name, "' already exists")).ToStatus();
    }
  }
  state_->items_[item.id] = std::move(item);
  return absl::OkStatus();
}

void Transaction::DropItem(GlobalId id) { state_->items_.erase(id); }

absl::Status Transaction::CreateCluster(Cluster cluster) {
  if (state_->FindCluster(cluster.name) != nullptr) {
    return Error(kDuplicateObject, absl::StrCat("cluster '", cluster.name, "' already exists")).ToStatus();
  }
  state_->clusters_[cluster.id] = std::move(cluster);
  return absl::OkStatus();
}

absl::Status Transaction::UpdateCluster(Cluster cluster) {
  const Cluster* old = state_->GetCluster(cluster.id);
  if (old == nullptr) return Error(kUndefinedObject, absl::StrCat("unknown cluster '", cluster.name, "'")).ToStatus();
  if (old->name != cluster.name && state_->FindCluster(cluster.name) != nullptr) {
    return Error(kDuplicateObject, absl::StrCat("cluster '", cluster.name, "' already exists")).ToStatus();
  }
  state_->clusters_[cluster.id] = std::move(cluster);
  return absl::OkStatus();
}

void Transaction::DropCluster(GlobalId id) {
  for (const ClusterReplica* r : state_->Replicas(id)) state_->replicas_.erase(r->id);
  state_->clusters_.erase(id);
}

absl::Status Transaction::CreateReplica(ClusterReplica replica) {
  const Cluster* c = state_->GetCluster(replica.cluster_id);
  if (c == nullptr) return absl::InternalError("replica of a missing cluster");
  for (const ClusterReplica* r : state_->Replicas(replica.cluster_id)) {
    if (r->name == replica.name) {
      return Error(kDuplicateObject,
                   absl::StrCat("cluster replica '", c->name, ".", replica.name, "' already exists")).ToStatus();
    }
  }
  state_->replicas_[replica.id] = std::move(replica);
  return absl::OkStatus();
}

void Transaction::DropReplica(GlobalId id) { state_->replicas_.erase(id); }

void Transaction::PutSecret(std::string name, std::string value) {
  secrets_.push_back(storage::SecretWrite{std::move(name), std::move(value)});
}

void Transaction::EraseSecret(std::string name) {
  secrets_.push_back(storage::SecretWrite{std::move(name), std::nullopt});
}

// ---------------------------------------------------------------------------
// Catalog

absl::StatusOr<std::unique_ptr<Catalog>> Catalog::Open(storage::Storage* storage, const CatalogOptions& options) {
  std::unique_ptr<Catalog> catalog(new Catalog(storage));
  if (!storage->GetSnapshot()->Exists(kCatalogCollection)) {
    FRESHET_RETURN_IF_ERROR(catalog->Bootstrap(options));
  } else {
    FRESHET_RETURN_IF_ERROR(catalog->Load());
  }
  const CatalogState& s = *catalog->state();
  FRESHET_LOG(kInfo) << "catalog: " << s.databases().size() << " databases, " << s.schemas().size() << " schemas, "
                     << s.clusters().size() << " clusters, " << s.items().size() << " items";
  return catalog;
}

absl::Status Catalog::Load() {
  auto snap = storage_->GetSnapshot();
  FRESHET_ASSIGN_OR_RETURN(auto cursor, snap->Scan(kCatalogCollection));
  auto state = std::make_shared<CatalogState>();
  types::Row row;
  for (; cursor->Valid(); cursor->Next()) {
    FRESHET_RETURN_IF_ERROR(cursor->Read(&row));
    if (cursor->count() != 1) return absl::DataLossError("a catalog row is stored more than once");
    FRESHET_RETURN_IF_ERROR(serde::DecodeInto(row, &state->databases_, &state->schemas_, &state->items_,
                                              &state->clusters_, &state->replicas_, &state->allocators_));
  }
  FRESHET_RETURN_IF_ERROR(cursor->status());
  std::lock_guard lock(state_mu_);
  state_ = std::move(state);
  return absl::OkStatus();
}

absl::Status Catalog::Bootstrap(const CatalogOptions& options) {
  {
    std::lock_guard lock(state_mu_);
    state_ = std::make_shared<CatalogState>();
  }
  storage::CommitRequest create;
  create.create.push_back(kCatalogCollection);
  FRESHET_RETURN_IF_ERROR(storage_->Commit(std::move(create)).status());
  return Transact([&](Transaction& txn) -> absl::Status {
    CatalogState& s = *txn.state_;
    Database db{GlobalId::User(txn.Allocate("database", 1)), txn.AllocateOid(), std::string(kDefaultDatabase)};
    s.databases_[db.id] = db;
    uint64_t system_schema = 1;
    for (const char* name : {"mz_catalog", "pg_catalog", "mz_internal", "information_schema", "mz_introspection"}) {
      Schema schema{GlobalId::System(system_schema), static_cast<uint32_t>(16000 + system_schema), std::nullopt, name};
      ++system_schema;
      s.schemas_[schema.id] = schema;
    }
    Schema pub{GlobalId::User(txn.Allocate("schema", 1)), txn.AllocateOid(), db.id, std::string(kDefaultSchema)};
    s.schemas_[pub.id] = pub;

    Cluster quickstart{txn.AllocateClusterId(), std::string(kDefaultCluster), "u1", true,
                       options.bootstrap_cluster_size, 1};
    FRESHET_RETURN_IF_ERROR(txn.CreateCluster(quickstart));
    FRESHET_RETURN_IF_ERROR(
        txn.CreateReplica({txn.AllocateReplicaId(), quickstart.id, "r1", options.bootstrap_cluster_size}));
    // System clusters, as Materialize has them (mz_support and mz_analytics
    // without replicas).
    struct SystemCluster {
      const char* name;
      uint32_t replicas;
    };
    uint64_t n = 1;
    for (SystemCluster sc : {SystemCluster{"mz_system", 1}, SystemCluster{"mz_catalog_server", 1},
                             SystemCluster{"mz_probe", 1}, SystemCluster{"mz_support", 0},
                             SystemCluster{"mz_analytics", 0}}) {
      Cluster c{GlobalId::System(n), sc.name, "s1", true, "25cc", sc.replicas};
      FRESHET_RETURN_IF_ERROR(txn.CreateCluster(c));
      if (sc.replicas == 1) FRESHET_RETURN_IF_ERROR(txn.CreateReplica({GlobalId::System(n), c.id, "r1", "25cc"}));
      ++n;
    }
    return absl::OkStatus();
  });
}

std::shared_ptr<const CatalogState> Catalog::state() const {
  std::lock_guard lock(state_mu_);
  return state_;
}

absl::Status Catalog::Transact(absl::FunctionRef<absl::Status(Transaction&)> fn) {
  std::lock_guard txn_lock(txn_mu_);
  std::shared_ptr<const CatalogState> base = state();
  Transaction txn(*base);
  FRESHET_RETURN_IF_ERROR(fn(txn));
  const CatalogState& after = *txn.state_;

  storage::CommitRequest commit;
  Diff(base->databases_, after.databases_, serde::EncodeDatabase, &commit.updates);
  Diff(base->schemas_, after.schemas_, serde::EncodeSchema, &commit.updates);
  Diff(base->clusters_, after.clusters_, serde::EncodeCluster, &commit.updates);
  Diff(base->replicas_, after.replicas_, serde::EncodeReplica, &commit.updates);
  Diff(base->items_, after.items_, serde::EncodeItem, &commit.updates);
  for (const auto& [name, next] : after.allocators_) {
    auto it = base->allocators_.find(name);
    if (it != base->allocators_.end() && it->second == next) continue;
    if (it != base->allocators_.end()) {
      commit.updates.push_back({kCatalogCollection, serde::EncodeAllocator(name, it->second), -1});
    }
    commit.updates.push_back({kCatalogCollection, serde::EncodeAllocator(name, next), +1});
  }
  commit.secrets = std::move(txn.secrets_);
  commit.create = std::move(txn.create_collections_);
  // A source-fed table's collection exists only once its snapshot is
  // committed: drop what exists.
  std::shared_ptr<const storage::Snapshot> now = storage_->GetSnapshot();
  for (storage::CollectionId id : txn.drop_collections_) {
    if (now->Exists(id)) commit.drop.push_back(id);
  }
  if (commit.updates.empty() && commit.secrets.empty() && commit.create.empty() && commit.drop.empty()) {
    return absl::OkStatus();
  }
  FRESHET_RETURN_IF_ERROR(storage_->Commit(std::move(commit)).status());

  std::shared_ptr<const CatalogState> published(std::move(txn.state_));
  {
    std::lock_guard lock(state_mu_);
    state_ = published;
  }
  if (listener_) listener_(*published);
  return absl::OkStatus();
}

void Catalog::SetListener(std::function<void(const CatalogState&)> listener) {
  std::lock_guard txn_lock(txn_mu_);
  listener_ = std::move(listener);
  if (listener_) listener_(*state());
}

}  // namespace freshet::catalog
