// The durable catalog: databases, schemas, clusters and their replicas, and
// items (secrets, connections, later sources, tables, views), kept in one
// storage collection and changed only by transactions that commit through
// storage atomically (together with the secret values they write).
//
// Readers take an immutable CatalogState; a transaction works on a copy and
// publishes it only after the commit is durable. Transactions are
// serialized (one at a time); reads never block.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "catalog/objects.h"
#include "storage/storage.h"

namespace freshet::catalog {

// The storage collection that holds the catalog.
inline constexpr storage::CollectionId kCatalogCollection = 1;
// Table collections are numbered from here on, never reused.
inline constexpr storage::CollectionId kFirstTableCollection = 1000;

inline constexpr std::string_view kDefaultDatabase = "materialize";
inline constexpr std::string_view kDefaultSchema = "public";
inline constexpr std::string_view kDefaultCluster = "quickstart";

struct CatalogOptions {
  std::string bootstrap_cluster_size = "25cc";  // quickstart's size on first start
};

class CatalogState {
 public:
  const Database* FindDatabase(std::string_view name) const;
  // Schemas of `database`, or the ambient ones (mz_catalog, pg_catalog, ...)
  // when `database` is empty.
  const Schema* FindSchema(std::optional<GlobalId> database, std::string_view name) const;
  const Item* FindItem(GlobalId schema, std::string_view name) const;
  const Item* GetItem(GlobalId id) const;
  const Schema* GetSchema(GlobalId id) const;
  const Database* GetDatabase(GlobalId id) const;
  const Cluster* FindCluster(std::string_view name) const;
  const Cluster* GetCluster(GlobalId id) const;
  // The replicas of a cluster, by name.
  std::vector<const ClusterReplica*> Replicas(GlobalId cluster) const;
  // The items that use `id`, directly.
  std::vector<const Item*> Dependents(GlobalId id) const;

  // Resolves [database.][schema.]name: unqualified names look in
  // `materialize.public`. Errors: unknown database / schema (3F000) and
  // "unknown catalog item 'x'" (42P01).
  absl::StatusOr<const Item*> ResolveItem(const std::optional<std::string>& database,
                                          const std::optional<std::string>& schema, const std::string& name) const;
  // The schema an unqualified or qualified new item goes into.
  absl::StatusOr<const Schema*> ResolveSchema(const std::optional<std::string>& database,
                                              const std::optional<std::string>& schema) const;
  // "materialize.public.name"
  std::string QualifiedName(const Item& item) const;

  const absl::btree_map<GlobalId, Database>& databases() const { return databases_; }
  const absl::btree_map<GlobalId, Schema>& schemas() const { return schemas_; }
  const absl::btree_map<GlobalId, Item>& items() const { return items_; }
  const absl::btree_map<GlobalId, Cluster>& clusters() const { return clusters_; }
  const absl::btree_map<GlobalId, ClusterReplica>& replicas() const { return replicas_; }

 private:
  friend class Catalog;
  friend class Transaction;
  absl::btree_map<GlobalId, Database> databases_;
  absl::btree_map<GlobalId, Schema> schemas_;
  absl::btree_map<GlobalId, Item> items_;
  absl::btree_map<GlobalId, Cluster> clusters_;
  absl::btree_map<GlobalId, ClusterReplica> replicas_;
  // Next values of the id and OID allocators (never reused after a drop).
  absl::btree_map<std::string, uint64_t> allocators_;
};

// One catalog transaction: changes to a private copy of the state, the
// secret values to write, and the rows that record them.
class Transaction {
 public:
  const CatalogState& state() const { return *state_; }

  GlobalId AllocateItemId() { return GlobalId::User(Allocate("item", 1)); }
  GlobalId AllocateClusterId() { return GlobalId::User(Allocate("cluster", 1)); }
  GlobalId AllocateReplicaId() { return GlobalId::User(Allocate("replica", 1)); }
  uint32_t AllocateOid() { return static_cast<uint32_t>(Allocate("oid", 20000)); }
  // Storage collections for tables (1 is the catalog's own).
  storage::CollectionId AllocateCollectionId() { return Allocate("collection", kFirstTableCollection); }

  // A new item in `schema` with fresh id and OID (not yet created).
  Item NewItem(GlobalId schema, std::string name, ItemType type);

  // Raw changes: they keep names unique but know nothing of dependencies.
  absl::Status CreateItem(Item item);
  absl::Status UpdateItem(Item item);  // same id; a new name must be free
  void DropItem(GlobalId id);
  absl::Status CreateCluster(Cluster cluster);
  absl::Status UpdateCluster(Cluster cluster);
  void DropCluster(GlobalId id);  // and its replicas
  absl::Status CreateReplica(ClusterReplica replica);
  void DropReplica(GlobalId id);

  // Storage collections created or dropped in the same storage commit as the
  // catalog change (a table's rows appear and vanish with its item).
  void CreateCollection(storage::CollectionId id) { create_collections_.push_back(id); }
  void DropCollection(storage::CollectionId id) { drop_collections_.push_back(id); }

  // Vault writes that commit with the transaction.
  void PutSecret(std::string name, std::string value);
  void EraseSecret(std::string name);

 private:
  friend class Catalog;
  explicit Transaction(const CatalogState& base) : state_(std::make_unique<CatalogState>(base)), base_(&base) {}
  uint64_t Allocate(const std::string& name, uint64_t first);

  std::unique_ptr<CatalogState> state_;
  const CatalogState* base_;
  std::vector<storage::SecretWrite> secrets_;
  std::vector<storage::CollectionId> create_collections_;
  std::vector<storage::CollectionId> drop_collections_;
};

class Catalog {
 public:
  // Loads the catalog from storage, creating the built-in databases,
  // schemas and clusters on first start.
  static absl::StatusOr<std::unique_ptr<Catalog>> Open(storage::Storage* storage, const CatalogOptions& options);

  std::shared_ptr<const CatalogState> state() const;

  // Runs `fn` on a transaction; if it succeeds, commits the changes durably
  // (catalog rows and secrets in one storage commit) and publishes the new
  // state. Nothing changes if `fn` or the commit fails.
  absl::Status Transact(absl::FunctionRef<absl::Status(Transaction&)> fn);

  storage::Storage* storage() const { return storage_; }

  // Called with every newly published state, in commit order, before
  // Transact returns (the cluster runtime follows the catalog this way).
  void SetListener(std::function<void(const CatalogState&)> listener);

 private:
  explicit Catalog(storage::Storage* storage) : storage_(storage) {}
  absl::Status Load();
  absl::Status Bootstrap(const CatalogOptions& options);

  storage::Storage* storage_;
  std::mutex txn_mu_;  // one transaction at a time
  mutable std::mutex state_mu_;
  std::shared_ptr<const CatalogState> state_;
  std::function<void(const CatalogState&)> listener_;  // guarded by txn_mu_
};

}  // namespace freshet::catalog
