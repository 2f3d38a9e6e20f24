// The relations queries can name, over one catalog snapshot and one storage
// snapshot: builtin relations (mz_catalog.*, mz_internal.*) and tables.
// One object serves the binder (names → columns) and compute (ids → rows).
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "catalog/builtins.h"
#include "catalog/catalog.h"
#include "compute/eval.h"
#include "sql/binder.h"
#include "storage/storage.h"

namespace freshet::coord {

class CatalogRelations final : public sql::CatalogReader, public compute::RelationProvider {
 public:
  // `snapshot` is what table scans read: taken once per query, so every
  // table of the query is read as of the same commit. May be null for
  // binding only (scanning a table then fails).
  CatalogRelations(std::shared_ptr<const catalog::CatalogState> state, const catalog::RuntimeFacts* facts,
                   std::shared_ptr<const storage::Snapshot> snapshot = nullptr)
      : state_(std::move(state)), facts_(facts), snapshot_(std::move(snapshot)) {}

  absl::StatusOr<sql::RelationDesc> ResolveRelation(const std::optional<std::string>& database,
                                                    const std::optional<std::string>& schema,
                                                    const std::string& name) const override;
  absl::StatusOr<std::vector<types::Row>> Rows(uint64_t relation) const override;
  // Tables stream from a storage cursor; builtin relations are computed.
  absl::StatusOr<std::unique_ptr<compute::RelationReader>> Open(uint64_t relation,
                                                                const std::vector<bool>& columns) const override;
  // A table of at least 2 x min_part_bytes (encoded) is split into ranges
  // of its stored order.
  absl::StatusOr<std::vector<std::unique_ptr<compute::RelationReader>>> OpenRange(
      uint64_t relation, const std::vector<bool>& columns, int max_parts, std::string_view key_lower,
      std::string_view key_upper) const override;
  absl::StatusOr<std::vector<std::unique_ptr<compute::RelationReader>>> OpenParts(
      uint64_t relation, const std::vector<bool>& columns, int max_parts) const override;
  // The least encoded bytes worth a reader of their own (0: split any
  // non-empty table as far as asked).
  void SetMinPartBytes(int64_t bytes) { min_part_bytes_ = bytes; }

  // Lets scans of a source's table that has no committed snapshot yet in
  // the query's snapshot read a newer one once it exists (a query right
  // after CREATE SOURCE waits for the snapshot instead of failing).
  void WaitForSnapshotsIn(storage::Storage* storage) { storage_ = storage; }

  // The source whose progress relation (lsn) `collection` is, if any.
  std::optional<catalog::GlobalId> ProgressOf(uint64_t collection) const;

  // The table item whose rows are in `collection` (null if none).
  const catalog::Item* TableOf(uint64_t collection) const;

 private:
  std::shared_ptr<const catalog::CatalogState> state_;
  const catalog::RuntimeFacts* facts_;
  std::shared_ptr<const storage::Snapshot> snapshot_;
  storage::Storage* storage_ = nullptr;
  int64_t min_part_bytes_ = int64_t{8} << 20;
  // Catalog items by storage collection, built once per query (scans ask
  // per relation).
  struct CollectionIndex {
    absl::flat_hash_map<uint64_t, const catalog::Item*> tables;
    absl::flat_hash_map<uint64_t, catalog::GlobalId> progress;  // a source's progress relation
  };
  const CollectionIndex& Collections() const;
  mutable std::once_flag index_once_;
  mutable CollectionIndex index_;
  // The snapshot each source's tables are read at in this query.
  mutable std::mutex source_snapshots_mu_;
  mutable std::map<catalog::GlobalId, std::shared_ptr<const storage::Snapshot>> source_snapshots_;
};

// A table's rows as `desc` for the binder (columns, NOT NULL, defaults).
sql::RelationDesc TableRelationDesc(const catalog::CatalogState& state, const catalog::Item& item);

}  // namespace freshet::coord
