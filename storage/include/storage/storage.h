// Durable storage: collections of rows with counts, atomic commits that carry
// frontiers, consistent snapshots, bulk loads and the secrets vault, all in
// one RocksDB database in the data directory. Design: docs/storage.md.
//
// Thread safety: every Storage method may be called from any thread at any
// time. A Snapshot may be shared between threads; a Cursor and a
// BulkLoad::Writer belong to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "types/datum.h"

namespace freshet::storage {

// Chosen by the caller (the catalog allocates them); never reused while the
// collection exists.
using CollectionId = uint64_t;

// One change to a collection: `diff` copies of `row` are added (diff > 0) or
// removed (diff < 0).
struct Update {
  CollectionId collection = 0;
  types::Row row;
  int64_t diff = 0;
};

// A secret to store (plaintext set) or erase (plaintext empty optional).
struct SecretWrite {
  std::string name;
  std::optional<std::string> plaintext;
};

// Everything one commit applies, atomically: all of it lands or none of it.
struct CommitRequest {
  std::vector<CollectionId> create;  // new, empty, live collections
  std::vector<Update> updates;
  // Frontier values (for example a source's resume LSN), set by name. A
  // reader of the snapshot that includes this commit sees these values and
  // exactly the updates of this commit and the ones before it.
  std::vector<std::pair<std::string, std::string>> frontiers;
  std::vector<SecretWrite> secrets;
  // Collections to drop, after the updates; their space is reclaimed once no
  // snapshot needs it.
  std::vector<CollectionId> drop;
  // Apply `updates` as count deltas without reading the stored counts: much
  // cheaper, but nothing checks that a count stays non-negative, and a
  // collection's `bytes` statistic becomes an estimate. For writers that
  // only ever retract what they added (a source replaying its upstream);
  // every commit to such a collection must be blind.
  bool blind = false;
};

struct CommitInfo {
  uint64_t seq = 0;          // 1, 2, 3, ... in commit order; 0 = no commit yet
  int64_t timestamp_ms = 0;  // milliseconds since the epoch, strictly increasing
};

struct CollectionStats {
  int64_t rows = 0;   // sum of the counts
  int64_t bytes = 0;  // encoded size of the distinct rows and their counts
};

// Process-wide counters since Open (for statistics relations and benchmarks).
struct Counters {
  uint64_t commits = 0;          // successful commits
  uint64_t failed_commits = 0;   // commits rejected (nothing applied)
  uint64_t group_writes = 0;     // durable writes; commits / group_writes = grouping factor
  uint64_t bytes_written = 0;    // bytes handed to RocksDB (commits and bulk loads)
  uint64_t bulk_rows_loaded = 0;
  uint64_t settles = 0;         // collections settled (Storage::Settle), in the background or not
  uint64_t settles_aborted = 0; // settles a commit to their collection cut short
};

struct Options {
  std::string data_dir;  // created if missing; holds db/, bulk/, secrets.key
  // fsync every commit (group commit shares one fsync between the commits
  // that arrive together). Only tests and benchmarks turn it off.
  bool sync = true;
  // The vault key as 64 hex digits. When unset, FRESHET_SECRETS_KEY, else
  // <data_dir>/secrets.key (created with mode 0600 on first open).
  std::optional<std::string> secrets_key_hex;
  size_t block_cache_bytes = 128 << 20;
  // How many encoded bytes a bulk-load writer sorts in memory before it
  // writes them out as one SST file.
  size_t bulk_chunk_bytes = 16 << 20;
  // Settling (Storage::Settle) in the background: a collection is settled
  // once at least `settle_min_bytes` of changes have piled up on its base
  // (and at least a quarter of its size), and it has had no commit for
  // `settle_idle_ms`. settle_idle_ms = 0 turns the background settling off.
  int64_t settle_min_bytes = 8 << 20;
  int settle_idle_ms = 1000;
};

// A row of a collection as stored: its encoding and its count (> 0).
class Cursor {
 public:
  virtual ~Cursor() = default;
  // False at the end or on error (then status() says which).
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual std::string_view encoded_row() const = 0;
  virtual int64_t count() const = 0;
  virtual absl::Status status() const = 0;
  // Decodes the current row.
  // `columns`: as DecodeRow's `keep` (null: every column).
  absl::Status Read(types::Row* row, const std::vector<bool>* columns = nullptr) const;
};

// A consistent view of every collection, frontier and secret as of one
// commit. Stays valid (and unchanged) while commits continue.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
  virtual CommitInfo commit() const = 0;
  virtual bool Exists(CollectionId id) const = 0;
  // The rows of a collection in a stable order (byte order of the encoding).
  // NotFound if the collection does not exist at this snapshot.
  virtual absl::StatusOr<std::unique_ptr<Cursor>> Scan(CollectionId id) const = 0;
  // The rows r with lower <= r < upper, by encoding (an empty bound is
  // unbounded). Scans of adjacent ranges read the collection in parts.
  virtual absl::StatusOr<std::unique_ptr<Cursor>> ScanRange(CollectionId id, std::string_view lower,
                                                            std::string_view upper) const = 0;
  // Increasing bounds that cut the collection into at most `parts` ranges
  // of about equal size on disk (ScanRange's bounds: at most parts - 1 of
  // them, fewer when the rows cannot be told apart). Exact for small
  // collections, estimated from the files' indexes for large ones.
  virtual absl::StatusOr<std::vector<std::string>> SplitPoints(CollectionId id, int parts) const = 0;
  virtual absl::StatusOr<CollectionStats> Stats(CollectionId id) const = 0;
  // Every collection that exists at this snapshot, in id order.
  virtual std::vector<CollectionId> Collections() const = 0;
  virtual std::optional<std::string> Frontier(std::string_view name) const = 0;
  // Decrypts a secret. NotFound if there is none of that name.
  virtual absl::StatusOr<std::string> Secret(std::string_view name) const = 0;
};

// The initial load of one collection: rows are written straight into sorted
// files (no write-ahead log, no memtable), then one Publish commit makes the
// collection exist, atomically with anything else in that commit. Until then
// no snapshot sees it; a load that is abandoned or cut short by a crash
// leaves nothing behind (the files are removed on destruction or next Open).
// Destroy every BulkLoad (published or not) before the Storage it came from.
class BulkLoad {
 public:
  // One writer per loading thread; writers of one load may run in parallel.
  class Writer {
   public:
    virtual ~Writer() = default;
    // diff must be positive. Rows may repeat, also across writers.
    virtual absl::Status Add(const types::Row& row, int64_t diff = 1) = 0;
    // Writes what is buffered; the writer is done afterwards.
    virtual absl::Status Finish() = 0;
    virtual uint64_t rows_added() const = 0;
  };

  virtual ~BulkLoad() = default;
  virtual CollectionId collection() const = 0;
  virtual absl::StatusOr<std::unique_ptr<Writer>> NewWriter() = 0;
  // Requires every writer finished. Commits `commit` (which must not also
  // create this collection) together with the loaded rows.
  virtual absl::StatusOr<CommitInfo> Publish(CommitRequest commit) = 0;
  // The same for this load and `others` (of the same Storage) together:
  // every collection appears in the one commit, or none does.
  virtual absl::StatusOr<CommitInfo> PublishWith(const std::vector<BulkLoad*>& others, CommitRequest commit) = 0;
  virtual uint64_t rows_loaded() const = 0;
};

class Storage {
 public:
  static absl::StatusOr<std::unique_ptr<Storage>> Open(const Options& options);
  virtual ~Storage() = default;

  // Applies `request` atomically and durably, sharing the fsync with the
  // commits that arrive at the same time. Fails, with nothing applied, if a
  // collection is missing (or created twice), or if a count would become
  // negative (FailedPrecondition: that is a bug in the caller).
  virtual absl::StatusOr<CommitInfo> Commit(CommitRequest request) = 0;

  // Starts the bulk load of a collection that does not exist yet.
  virtual absl::StatusOr<std::unique_ptr<BulkLoad>> BeginBulkLoad(CollectionId id) = 0;

  // Rewrites a collection's rows, as of the latest commit, into a settled
  // base: pages of consecutive rows, which scans read many rows at a time
  // instead of one RocksDB entry per row. Later commits are stored as
  // changes relative to the base. Snapshots see the same rows before and
  // after. True if it settled; false if there was nothing to settle
  // (no changes since the last settle). Aborted if a commit changed the
  // collection while it was being rewritten (try again later); NotFound if
  // it does not exist. Runs in the background on its own (Options).
  virtual absl::StatusOr<bool> Settle(CollectionId id) = 0;

  virtual std::shared_ptr<const Snapshot> GetSnapshot() = 0;

  virtual Counters counters() const = 0;
  // Bytes the database occupies on disk (SST files and logs).
  virtual uint64_t DiskBytes() const = 0;

  // Convenience wrappers around Commit.
  absl::Status CreateCollection(CollectionId id);
  absl::Status DropCollection(CollectionId id);
};

}  // namespace freshet::storage
