// Settling (docs/storage.md, "Settled bases"): a collection's rows, as of one
// snapshot, are rewritten into pages of consecutive rows in an SST file,
// which is ingested under a new generation; one commit then makes that
// generation the base and deletes the changes it took in and the old
// generation. A commit to the collection in between makes the settle fail
// (nothing changes); a crash in between leaves pages that the next open
// removes (the 't' marker names them).
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "keys.h"
#include "pages.h"
#include "rocksdb/sst_file_writer.h"
#include "storage_impl.h"

namespace freshet::storage {

absl::StatusOr<bool> StorageImpl::Settle(CollectionId id) {
  std::lock_guard lock(settle_mu_);
  absl::Time started = absl::Now();
  rocksdb::DB* db = db_->db.get();
  std::shared_ptr<const Snapshot> snap = GetSnapshot();
  FRESHET_ASSIGN_OR_RETURN(std::unique_ptr<Cursor> cursor, ScanUncached(*snap, id));
  const uint64_t seq = snap->commit().seq;
  {
    // Nothing to do without changes since the base.
    std::string begin = keys::DataBegin(id), end = keys::DataEnd(id);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
    it->Seek(begin);
    FRESHET_RETURN_IF_ERROR(FromRocks(it->status(), "reading a collection"));
    if (!it->Valid()) return false;
  }
  // The generation is the snapshot's commit: later than the base's, whose
  // settle committed before this snapshot.
  const uint64_t gen = seq;
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  std::string marker;
  keys::PutFixed64(gen, &marker);
  FRESHET_RETURN_IF_ERROR(
      FromRocks(db->Put(wo, keys::IdKey(keys::kSettling, id), marker), "marking a settle"));

  std::string path = absl::StrCat(db_->bulk_dir, "/settle-", id, "-", gen, ".sst");
  auto fail = [&](absl::Status st) -> absl::Status {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    DropGeneration(id, gen);
    return st;
  };
  rocksdb::Options sst_options = db_->options;
  sst_options.compression = rocksdb::kLZ4Compression;
  sst_options.bottommost_compression = rocksdb::kLZ4Compression;
  rocksdb::SstFileWriter sst(rocksdb::EnvOptions(), sst_options);
  bool opened = false;
  struct IndexEntry {
    std::string last;
    uint64_t bytes;
  };
  std::vector<IndexEntry> index;
  std::string page, last_row, key = keys::GenKey(keys::kPage, id, gen);
  CollectionStats stats;
  auto flush = [&]() -> absl::Status {
    if (page.empty()) return absl::OkStatus();
    if (!opened) {
      FRESHET_RETURN_IF_ERROR(FromRocks(sst.Open(path), "creating a settle file"));
      opened = true;
    }
    key.resize(keys::kGenKeySize);
    key.append(last_row);
    FRESHET_RETURN_IF_ERROR(FromRocks(sst.Put(key, page), "writing a settle file"));
    index.push_back(IndexEntry{last_row, page.size()});
    page.clear();
    return absl::OkStatus();
  };
  uint64_t seen = 0;
  for (; cursor->Valid(); cursor->Next()) {
    if ((++seen & 0xffff) == 0 && stopping_) return fail(absl::CancelledError("storage is closing"));
    std::string_view row = cursor->encoded_row();
    pages::Append(row, cursor->count(), &page);
    last_row.assign(row);
    stats.rows += cursor->count();
    stats.bytes += static_cast<int64_t>(keys::kIdKeySize + row.size() + 8);
    if (page.size() >= pages::kTargetBytes) {
      absl::Status st = flush();
      if (!st.ok()) return fail(st);
    }
  }
  if (absl::Status st = cursor->status(); !st.ok()) return fail(st);
  cursor.reset();
  if (absl::Status st = flush(); !st.ok()) return fail(st);
  if (opened) {
    std::string index_key = keys::GenKey(keys::kPageIndex, id, gen), value;
    for (const IndexEntry& e : index) {
      index_key.resize(keys::kGenKeySize);
      index_key.append(e.last);
      value.clear();
      keys::PutFixed64(e.bytes, &value);
      if (absl::Status st = FromRocks(sst.Put(index_key, value), "writing a settle file"); !st.ok()) return fail(st);
    }
    rocksdb::ExternalSstFileInfo info;
    if (absl::Status st = FromRocks(sst.Finish(&info), "finishing a settle file"); !st.ok()) return fail(st);
    rocksdb::IngestExternalFileOptions io;
    io.move_files = true;
    io.allow_blocking_flush = true;
    absl::Status st = FromRocks(db->IngestExternalFile({path}, io), "ingesting a settle file");
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (!st.ok()) return fail(st);
    AddBulkStats(0, info.file_size);
  }

  PipelineItem item;
  item.internal = PipelineItem::Internal::kSettle;
  item.load_collection = id;
  item.load_stats = stats;
  item.settle_gen = gen;
  item.settle_seq = seq;
  if (absl::Status st = Submit(&item).status(); !st.ok()) {
    if (absl::IsAborted(st)) settles_aborted_.fetch_add(1, std::memory_order_relaxed);
    return fail(st);
  }
  settles_.fetch_add(1, std::memory_order_relaxed);
  // Compaction keeps what a live snapshot can see: let go of this one.
  snap.reset();
  double seconds = absl::ToDoubleSeconds(absl::Now() - started);
  FRESHET_LOG(kInfo) << "storage: settled collection " << id << ": " << stats.rows << " rows in " << index.size()
                     << " pages in " << seconds << " s";
  // Reclaim the space of what the settle replaced, and let scans stop
  // stepping over its deleted entries: once no snapshot can see them.
  {
    absl::MutexLock l(&settler_mu_);
    compactions_.push_back(PendingCompaction{id, gen, db->GetLatestSequenceNumber()});
  }
  RunCompactions();
  return true;
}

void StorageImpl::RunCompactions() {
  std::vector<PendingCompaction> ready;
  {
    absl::MutexLock l(&settler_mu_);
    uint64_t snapshots = 0, oldest = 0;
    rocksdb::DB* db = db_->db.get();
    if (!db->GetIntProperty(rocksdb::DB::Properties::kNumSnapshots, &snapshots)) return;
    if (snapshots > 0 && !db->GetIntProperty(rocksdb::DB::Properties::kOldestSnapshotSequence, &oldest)) return;
    for (auto it = compactions_.begin(); it != compactions_.end();) {
      // A snapshot at the settle's own sequence number already sees the deletions.
      if (snapshots == 0 || oldest >= it->rocks_seq) {
        ready.push_back(*it);
        it = compactions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const PendingCompaction& c : ready) {
    // The changes; the pages and page index entries of other generations
    // (not the base's own, which compaction would only rewrite).
    CompactKeys(keys::DataBegin(c.id), keys::DataEnd(c.id));
    for (char tag : {keys::kPage, keys::kPageIndex}) {
      CompactKeys(keys::IdKey(tag, c.id), keys::GenKey(tag, c.id, c.gen));
      CompactKeys(keys::GenEnd(tag, c.id, c.gen), keys::CollectionEnd(tag, c.id));
    }
  }
}

void StorageImpl::DropGeneration(CollectionId id, uint64_t gen) {
  rocksdb::WriteBatch batch;
  for (char tag : {keys::kPage, keys::kPageIndex}) {
    batch.DeleteRange(keys::GenKey(tag, id, gen), keys::GenEnd(tag, id, gen));
  }
  batch.Delete(keys::IdKey(keys::kSettling, id));
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  rocksdb::Status s = db_->db->Write(wo, &batch);
  if (!s.ok()) {
    FRESHET_LOG(kWarning) << "storage: removing the pages of a failed settle: " << s.ToString();
  }
}

void StorageImpl::StartSettler() {
  if (options_.settle_idle_ms <= 0) return;
  settler_ = std::thread([this] { SettlerLoop(); });
}

void StorageImpl::SettlerLoop() {
  // Settling is background work: queries and sources come first on the CPU.
  if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10) != 0) {
    FRESHET_LOG(kDebug) << "storage: could not lower the settler's CPU priority";
  }
  const absl::Duration interval = absl::Milliseconds(std::max(100, options_.settle_idle_ms / 2));
  struct Tried {
    uint64_t changed_seq = 0;  // the collection's last change when it was tried
    bool failed = false;       // failed or found nothing to do: wait for a change
    // After aborts (a commit came while it ran): how long the collection must
    // have been idle, twice the failed attempt's time and doubling.
    int64_t idle_ms = 0;
  };
  absl::flat_hash_map<CollectionId, Tried> tried;
  for (;;) {
    {
      absl::MutexLock lock(&settler_mu_);
      settler_mu_.AwaitWithTimeout(absl::Condition(
                                       +[](std::atomic<bool>* stop) { return stop->load(); }, &stopping_),
                                   interval);
      if (stopping_) return;
    }
    std::vector<std::pair<CollectionId, uint64_t>> ready;  // with their last change
    const int64_t now = NowMs();
    {
      absl::MutexLock lock(&registry_mu_);
      for (const auto& [id, meta] : collections_) {
        if (meta.state != keys::kLive || meta.delta_bytes < options_.settle_min_bytes ||
            meta.delta_bytes * 4 < meta.stats.bytes) {
          continue;
        }
        auto it = tried.find(id);
        int64_t idle_ms = options_.settle_idle_ms;
        if (it != tried.end()) {
          if (it->second.failed && it->second.changed_seq == meta.changed_seq) continue;
          idle_ms = std::max<int64_t>(idle_ms, it->second.idle_ms);
        }
        if (now - meta.changed_ms >= idle_ms) ready.emplace_back(id, meta.changed_seq);
      }
    }
    RunCompactions();
    for (auto [id, changed_seq] : ready) {
      if (stopping_) return;
      const int64_t started = NowMs();
      absl::StatusOr<bool> settled = Settle(id);
      if (settled.ok() && *settled) {
        tried.erase(id);
        continue;
      }
      Tried& t = tried[id];
      t.changed_seq = changed_seq;
      if (!settled.ok() && absl::IsAborted(settled.status())) {
        // A busy collection: wait longer before the next attempt, so that
        // attempts cut short cannot take more than a third of the time.
        t.idle_ms = std::min<int64_t>(std::max(2 * t.idle_ms, 2 * (NowMs() - started)), 600000);
        continue;
      }
      t.failed = true;
      if (!settled.ok() && !absl::IsNotFound(settled.status()) && !absl::IsCancelled(settled.status())) {
        FRESHET_LOG(kWarning) << "storage: settling collection " << id << ": " << settled.status().message();
      }
    }
  }
}

}  // namespace freshet::storage
