// Bulk loads: each writer encodes rows into an arena, sorts a chunk with
// abbreviated keys, writes it as an SST file of merge operands (so a row that
// repeats across chunks or writers adds up), and ingests the file. The
// collection stays in the loading state, invisible to every snapshot, until
// Publish commits it live; an abandoned or crashed load is deleted.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "keys.h"
#include "rocksdb/sst_file_writer.h"
#include "storage_impl.h"
#include "types/row_codec.h"

namespace freshet::storage {
namespace {

class BulkLoadImpl;

class WriterImpl final : public BulkLoad::Writer {
 public:
  WriterImpl(BulkLoadImpl* load, std::string path_prefix);
  ~WriterImpl() override = default;

  absl::Status Add(const types::Row& row, int64_t diff) override;
  absl::Status Finish() override;
  uint64_t rows_added() const override { return rows_; }

 private:
  struct Entry {
    uint64_t abbrev;  // the 8 bytes after the common prefix, big-endian
    uint64_t offset;
    uint32_t size;
    int64_t diff;
  };
  absl::Status WriteChunk();

  BulkLoadImpl* load_;
  std::string path_prefix_;
  std::string arena_;
  std::vector<Entry> entries_;
  uint64_t rows_ = 0;
  int files_ = 0;
  bool finished_ = false;
};

class BulkLoadImpl final : public BulkLoad {
 public:
  BulkLoadImpl(StorageImpl* storage, CollectionId id)
      : storage_(storage), id_(id), number_(storage->NextLoadNumber()),
        sst_options_(storage->database()->options) {
    sst_options_.compression = rocksdb::kLZ4Compression;
    sst_options_.bottommost_compression = rocksdb::kDisableCompressionOption;
  }

  ~BulkLoadImpl() override {
    if (published_) return;
    // Abandoned: forget the rows (they were never visible).
    PipelineItem item;
    item.internal = PipelineItem::Internal::kAbortLoad;
    item.load_collection = id_;
    absl::Status s = storage_->Submit(&item).status();
    if (!s.ok()) {
      FRESHET_LOG(kWarning) << "storage: abandoning the bulk load of " << id_ << ": " << s.message();
    }
    storage_->CompactCollection(id_);
  }

  CollectionId collection() const override { return id_; }

  absl::StatusOr<std::unique_ptr<Writer>> NewWriter() override {
    std::lock_guard lock(mu_);
    if (published_) return absl::FailedPreconditionError("the bulk load was published");
    ++open_writers_;
    return std::unique_ptr<Writer>(new WriterImpl(
        this, absl::StrCat(storage_->database()->bulk_dir, "/", number_, "-", writers_++, "-")));
  }

  absl::StatusOr<CommitInfo> Publish(CommitRequest commit) override { return PublishWith({}, std::move(commit)); }

  absl::StatusOr<CommitInfo> PublishWith(const std::vector<BulkLoad*>& others, CommitRequest commit) override {
    std::vector<BulkLoadImpl*> loads{this};
    for (BulkLoad* other : others) {
      auto* impl = dynamic_cast<BulkLoadImpl*>(other);
      if (impl == nullptr || impl->storage_ != storage_ || impl == this) {
        return absl::InvalidArgumentError("bulk loads published together must be distinct loads of one storage");
      }
      loads.push_back(impl);
    }
    for (BulkLoadImpl* load : loads) {
      std::lock_guard lock(load->mu_);
      if (load->published_) return absl::FailedPreconditionError("the bulk load was already published");
      if (load->open_writers_ != 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("the bulk load still has ", load->open_writers_, " unfinished writers"));
      }
    }
    PipelineItem item;
    item.request = &commit;
    item.internal = PipelineItem::Internal::kPublishLoad;
    item.load_collection = id_;
    item.load_stats = Stats();
    for (size_t i = 1; i < loads.size(); ++i) item.more_loads.emplace_back(loads[i]->id_, loads[i]->Stats());
    absl::StatusOr<CommitInfo> result = storage_->Submit(&item);
    if (result.ok()) {
      for (BulkLoadImpl* load : loads) {
        double seconds = absl::ToDoubleSeconds(absl::Now() - load->started_);
        FRESHET_LOG(kInfo) << "storage: bulk load of collection " << load->id_ << " published: " << load->rows_.load()
                           << " rows in " << seconds << " s ("
                           << static_cast<uint64_t>(static_cast<double>(load->rows_.load()) / std::max(seconds, 1e-6))
                           << " rows/s)";
        std::lock_guard lock(load->mu_);
        load->published_ = true;
      }
      for (CollectionId id : commit.drop) storage_->CompactCollection(id);
    }
    return result;
  }

  CollectionStats Stats() const {
    return CollectionStats{static_cast<int64_t>(rows_.load()), static_cast<int64_t>(bytes_.load())};
  }

  uint64_t rows_loaded() const override { return rows_.load(); }

  // Called by writers.
  const rocksdb::Options& options() const { return storage_->database()->options; }
  size_t chunk_bytes() const { return storage_->options().bulk_chunk_bytes; }
  // The database's options, but fast compression only: these files are
  // written once at load speed (compaction may recompress them later).
  const rocksdb::Options& sst_options() const { return sst_options_; }
  CollectionId id() const { return id_; }
  absl::Status Ingest(const std::string& path, uint64_t rows, uint64_t distinct_bytes, uint64_t file_bytes) {
    rocksdb::IngestExternalFileOptions io;
    io.move_files = true;
    io.allow_blocking_flush = true;
    FRESHET_RETURN_IF_ERROR(FromRocks(storage_->database()->db->IngestExternalFile({path}, io), "ingesting a bulk-load file"));
    rows_ += rows;
    bytes_ += distinct_bytes;
    storage_->AddBulkStats(rows, file_bytes);
    return absl::OkStatus();
  }
  void WriterFinished() {
    std::lock_guard lock(mu_);
    --open_writers_;
  }

 private:
  StorageImpl* storage_;
  CollectionId id_;
  uint64_t number_;
  rocksdb::Options sst_options_;
  absl::Time started_ = absl::Now();
  std::mutex mu_;
  int writers_ = 0;
  int open_writers_ = 0;
  bool published_ = false;
  std::atomic<uint64_t> rows_{0}, bytes_{0};
};

WriterImpl::WriterImpl(BulkLoadImpl* load, std::string path_prefix)
    : load_(load), path_prefix_(std::move(path_prefix)) {
  // Growing the arena by doubling would copy it and fault its pages in
  // twice; reserve one chunk (plus room for the row that crosses the limit).
  arena_.reserve(load_->chunk_bytes() + (64 << 10));
  entries_.reserve(load_->chunk_bytes() / 64);
}

uint64_t Abbreviate(const char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | (i < n ? static_cast<uint8_t>(p[i]) : 0);
  return v;
}

absl::Status WriterImpl::Add(const types::Row& row, int64_t diff) {
  if (finished_) return absl::FailedPreconditionError("the bulk-load writer is finished");
  if (diff <= 0) return absl::InvalidArgumentError("a bulk load only adds rows (diff must be positive)");
  uint64_t offset = arena_.size();
  types::EncodeRow(row, &arena_);
  size_t size = arena_.size() - offset;
  if (size > UINT32_MAX) return absl::InvalidArgumentError("a row larger than 4 GiB cannot be stored");
  entries_.push_back(Entry{Abbreviate(arena_.data() + offset, size), offset, static_cast<uint32_t>(size), diff});
  rows_ += static_cast<uint64_t>(diff);
  if (arena_.size() >= load_->chunk_bytes()) return WriteChunk();
  return absl::OkStatus();
}

absl::Status WriterImpl::Finish() {
  if (finished_) return absl::OkStatus();
  finished_ = true;
  absl::Status s = entries_.empty() ? absl::OkStatus() : WriteChunk();
  load_->WriterFinished();
  return s;
}

absl::Status WriterImpl::WriteChunk() {
  const char* base = arena_.data();
  std::sort(entries_.begin(), entries_.end(), [base](const Entry& a, const Entry& b) {
    if (a.abbrev != b.abbrev) return a.abbrev < b.abbrev;
    std::string_view x(base + a.offset, a.size), y(base + b.offset, b.size);
    return x < y;
  });
  std::string path = absl::StrCat(path_prefix_, files_++, ".sst");
  rocksdb::SstFileWriter sst(rocksdb::EnvOptions(), load_->sst_options());
  FRESHET_RETURN_IF_ERROR(FromRocks(sst.Open(path), "creating a bulk-load file"));
  std::string key = keys::DataBegin(load_->id());
  uint64_t chunk_rows = 0, distinct_bytes = 0;
  for (size_t i = 0; i < entries_.size();) {
    std::string_view row(base + entries_[i].offset, entries_[i].size);
    int64_t count = 0;
    size_t j = i;
    while (j < entries_.size() && std::string_view(base + entries_[j].offset, entries_[j].size) == row) {
      count += entries_[j].diff;
      ++j;
    }
    key.resize(keys::kIdKeySize);
    key.append(row);
    FRESHET_RETURN_IF_ERROR(FromRocks(sst.Merge(key, keys::EncodeCount(count)), "writing a bulk-load file"));
    chunk_rows += static_cast<uint64_t>(count);
    distinct_bytes += key.size() + 8;
    i = j;
  }
  rocksdb::ExternalSstFileInfo info;
  FRESHET_RETURN_IF_ERROR(FromRocks(sst.Finish(&info), "finishing a bulk-load file"));
  entries_.clear();
  arena_.clear();
  return load_->Ingest(path, chunk_rows, distinct_bytes, info.file_size);
}

}  // namespace

std::unique_ptr<BulkLoad> NewBulkLoad(StorageImpl* storage, CollectionId id) {
  return std::make_unique<BulkLoadImpl>(storage, id);
}

}  // namespace freshet::storage
