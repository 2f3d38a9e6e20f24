// Internals shared by storage.cc, bulk_load.cc and settle.cc.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "storage/storage.h"
#include "vault.h"

namespace freshet::storage {

// A RocksDB status as ours: corruption is DataLoss, a full disk
// ResourceExhausted, the rest Internal; `what` says what was being done.
absl::Status FromRocks(const rocksdb::Status& s, const char* what);
// Milliseconds since the epoch.
int64_t NowMs();

// The open database. Shared by the Storage and every Snapshot and Cursor, so
// that it closes only after the last reader is gone.
struct Database {
  ~Database();
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::Options options;
  Vault vault;
  std::string bulk_dir;
  size_t block_cache_bytes = 0;

  explicit Database(Vault v) : vault(std::move(v)) {}
};

// What the commit pipeline knows about each collection (it is the only
// writer, so this in-memory copy is exact).
struct CollectionMeta {
  char state = 0;  // keys::kLoading or keys::kLive
  CollectionStats stats;
  uint64_t base_gen = 0;  // the settled base's generation; 0 for none
  // For settling: the last commit that changed the collection (a settle
  // built from an older snapshot is refused), when it did, and about how
  // many bytes of changes have piled up on top of the base.
  uint64_t changed_seq = 0;
  int64_t changed_ms = 0;
  int64_t delta_bytes = 0;
};

// A commit as the pipeline sees it: the user's request plus the internal
// state changes that bulk loads make through the same pipeline.
struct PipelineItem {
  CommitRequest* request = nullptr;
  // Bulk load bookkeeping: register a loading collection, publish one, or
  // forget an abandoned one (its rows are deleted).
  // kSettle: make generation `settle_gen` (built from the snapshot of
  // commit `settle_seq`, with `load_stats`) the collection's base.
  enum class Internal { kNone, kBeginLoad, kPublishLoad, kAbortLoad, kSettle } internal = Internal::kNone;
  CollectionId load_collection = 0;
  CollectionStats load_stats;
  uint64_t settle_gen = 0, settle_seq = 0;
  // kPublishLoad: more loads published in the same commit.
  std::vector<std::pair<CollectionId, CollectionStats>> more_loads;

  absl::StatusOr<CommitInfo> result = CommitInfo{};
  bool done = false;
};

class StorageImpl final : public Storage {
 public:
  StorageImpl(std::shared_ptr<Database> db, const Options& options);
  ~StorageImpl() override;

  absl::Status Recover();

  absl::StatusOr<CommitInfo> Commit(CommitRequest request) override;
  absl::StatusOr<std::unique_ptr<BulkLoad>> BeginBulkLoad(CollectionId id) override;
  absl::StatusOr<bool> Settle(CollectionId id) override;
  std::shared_ptr<const Snapshot> GetSnapshot() override;
  Counters counters() const override;
  uint64_t DiskBytes() const override;

  // Runs an item through the group-commit pipeline and waits for it.
  absl::StatusOr<CommitInfo> Submit(PipelineItem* item);
  // Frees the space of dropped collections (best effort, after the commit).
  void CompactCollection(CollectionId id);
  // Compacts the keys in [begin, end), down to the bottom level (best
  // effort: a failure is logged).
  void CompactKeys(const std::string& begin, const std::string& end);
  // Starts the thread that settles collections (Options::settle_idle_ms).
  void StartSettler();

  const std::shared_ptr<Database>& database() const { return db_; }
  const Options& options() const { return options_; }
  void AddBulkStats(uint64_t rows, uint64_t bytes) {
    bulk_rows_.fetch_add(rows, std::memory_order_relaxed);
    bytes_written_.fetch_add(bytes, std::memory_order_relaxed);
  }
  uint64_t NextLoadNumber() { return load_numbers_.fetch_add(1); }

 private:
  class Group;
  // Runs the items as groups: a settle always runs alone, because it
  // changes what the stored counts of its collection are relative to.
  void RunGroups(const std::vector<PipelineItem*>& items);
  void RunGroup(const std::vector<PipelineItem*>& items);
  void SettlerLoop();
  // Compacts what settles replaced, where no snapshot needs it any more.
  void RunCompactions();
  // Removes a settle's pages that never became the base.
  void DropGeneration(CollectionId id, uint64_t gen);

  std::shared_ptr<Database> db_;
  Options options_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<PipelineItem*> queue_;
  bool leader_active_ = false;

  // Owned by the current pipeline leader, which reads it freely and
  // changes it under registry_mu_; others read it under registry_mu_.
  absl::Mutex registry_mu_;
  absl::flat_hash_map<CollectionId, CollectionMeta> collections_;
  uint64_t last_seq_ = 0;
  int64_t last_ts_ = 0;

  std::mutex settle_mu_;  // one settle at a time
  absl::Mutex settler_mu_;  // the settler sleeps on it until stopping_
  std::atomic<bool> stopping_{false};
  // What settles replaced, to compact once no snapshot older than the
  // settle's commit (RocksDB sequence `rocks_seq`) remains.
  struct PendingCompaction {
    CollectionId id;
    uint64_t gen;
    uint64_t rocks_seq;
  };
  std::vector<PendingCompaction> compactions_ ABSL_GUARDED_BY(settler_mu_);
  std::thread settler_;

  std::atomic<uint64_t> commits_{0}, failed_commits_{0}, group_writes_{0}, bytes_written_{0}, bulk_rows_{0};
  std::atomic<uint64_t> settles_{0}, settles_aborted_{0};
  std::atomic<uint64_t> load_numbers_{1};
};

// Snapshot::Scan for a snapshot of this storage, without filling the block
// cache.
absl::StatusOr<std::unique_ptr<Cursor>> ScanUncached(const Snapshot& snap, CollectionId id);

std::unique_ptr<BulkLoad> NewBulkLoad(StorageImpl* storage, CollectionId id);

}  // namespace freshet::storage
