#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "keys.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "pages.h"
#include "storage_impl.h"
#include "types/row_codec.h"

namespace freshet::storage {

absl::Status FromRocks(const rocksdb::Status& s, const char* what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsIOError() && s.IsNoSpace()) return absl::ResourceExhaustedError(msg);
  return absl::InternalError(msg);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Row counts: fixed64 values that merge by adding. Bulk loads write their
// counts as merge operands, so a row repeated across sorted runs adds up.
class CountMergeOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t sum = keys::DecodeCount(std::string_view(value.data(), value.size()));
    if (existing != nullptr) sum += keys::DecodeCount(std::string_view(existing->data(), existing->size()));
    *new_value = keys::EncodeCount(sum);
    return true;
  }
  const char* Name() const override { return "freshet.count_add"; }
};

// Drops data entries whose count is zero (retracted rows that blind
// commits leave behind as merge results) when compaction meets them.
class ZeroCountFilter final : public rocksdb::CompactionFilter {
 public:
  bool Filter(int, const rocksdb::Slice& key, const rocksdb::Slice& value, std::string*, bool*) const override {
    return !key.empty() && key[0] == keys::kData && value.size() == 8 &&
           keys::DecodeCount(std::string_view(value.data(), value.size())) == 0;
  }
  const char* Name() const override { return "freshet.zero_counts"; }
};

rocksdb::Options MakeOptions(const Options& o) {
  rocksdb::Options opt;
  opt.create_if_missing = true;
  opt.merge_operator = std::make_shared<CountMergeOperator>();
  static ZeroCountFilter zero_counts;
  opt.compaction_filter = &zero_counts;
  // LZ4 at every level, the last included: queries scan whole collections,
  // and the block cache cannot hold large ones, so every scan decompresses
  // most blocks again; LZ4 does that several times faster than ZSTD.
  opt.compression = rocksdb::kLZ4Compression;
  opt.bottommost_compression = rocksdb::kLZ4Compression;
  int cores = std::max(2u, std::thread::hardware_concurrency());
  opt.IncreaseParallelism(cores);
  opt.max_background_jobs = cores;
  opt.write_buffer_size = 64 << 20;
  // Count lookups of rows the memtable does not hold skip its skip list.
  opt.memtable_prefix_bloom_size_ratio = 0.05;
  opt.memtable_whole_key_filtering = true;
  opt.max_total_wal_size = 256 << 20;
  opt.keep_log_file_num = 5;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(o.block_cache_bytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Scans cross a block boundary every 64 KiB: 7% less time on a scan of
  // 5,000,000 rows than with 16 KiB blocks (same run, alternating).
  table.block_size = 64 << 10;
  opt.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return opt;
}


std::string EncodeStats(const CollectionStats& s) {
  std::string v;
  keys::PutFixed64(static_cast<uint64_t>(s.rows), &v);
  keys::PutFixed64(static_cast<uint64_t>(s.bytes), &v);
  return v;
}

CollectionStats DecodeStats(std::string_view v) {
  CollectionStats s;
  if (v.size() == 16) {
    s.rows = static_cast<int64_t>(keys::GetFixed64(v.data()));
    s.bytes = static_cast<int64_t>(keys::GetFixed64(v.data() + 8));
  }
  return s;
}

std::string EncodeLast(uint64_t seq, int64_t ts) {
  std::string v;
  keys::PutFixed64(seq, &v);
  keys::PutFixed64(static_cast<uint64_t>(ts), &v);
  return v;
}

CommitInfo DecodeLast(std::string_view v) {
  CommitInfo c;
  if (v.size() == 16) {
    c.seq = keys::GetFixed64(v.data());
    c.timestamp_ms = static_cast<int64_t>(keys::GetFixed64(v.data() + 8));
  }
  return c;
}

// ---------------------------------------------------------------------------
// Reads

class SnapshotImpl;

// The rows of one generation of a settled base in [lower, upper), read a
// page at a time.
class PageCursor {
 public:
  PageCursor(rocksdb::DB* db, rocksdb::ReadOptions ro, CollectionId id, uint64_t gen, std::string_view lower,
             std::string_view upper)
      : prefix_size_(keys::kGenKeySize), end_(keys::GenEnd(keys::kPage, id, gen)), upper_bound_(end_),
        upper_(upper) {
    ro.iterate_upper_bound = &upper_bound_;
    it_.reset(db->NewIterator(ro));
    // The first page whose last row is >= lower holds the first row wanted.
    it_->Seek(keys::GenKey(keys::kPage, id, gen).append(lower));
    LoadPage();
    while (valid_ && row() < lower) Step();
    CheckUpper();
  }

  bool Valid() const { return valid_; }
  std::string_view row() const { return page_.row(); }
  int64_t count() const { return page_.count(); }
  void Next() {
    Step();
    CheckUpper();
  }
  absl::Status status() const {
    if (corrupt_) return absl::DataLossError("a page of a settled collection is malformed");
    return FromRocks(it_->status(), "reading a collection");
  }

 private:
  // The next row, crossing into the next page when this one is done.
  void Step() {
    if (page_.Next()) return;
    if (page_.corrupt()) {
      corrupt_ = true;
      valid_ = false;
      return;
    }
    it_->Next();
    LoadPage();
  }
  void LoadPage() {
    valid_ = false;
    for (; it_->Valid(); it_->Next()) {
      rocksdb::Slice k = it_->key(), v = it_->value();
      // Only a page that may reach `upper` needs its rows compared with it.
      check_upper_ = !upper_.empty() &&
                     std::string_view(k.data() + prefix_size_, k.size() - prefix_size_) >= upper_;
      page_ = pages::Reader(std::string_view(v.data(), v.size()));
      if (page_.Next()) {
        valid_ = true;
        return;
      }
      if (page_.corrupt()) {
        corrupt_ = true;
        return;
      }
    }
  }
  void CheckUpper() {
    if (valid_ && check_upper_ && row() >= upper_) valid_ = false;
  }

  size_t prefix_size_;
  std::string end_;
  rocksdb::Slice upper_bound_;
  std::string upper_;
  std::unique_ptr<rocksdb::Iterator> it_;
  pages::Reader page_;
  bool valid_ = false, check_upper_ = false, corrupt_ = false;
};

// A collection's rows: its settled base (if any) merged with the changes
// since ('d' keys, counts relative to the base).
class CursorImpl final : public Cursor {
 public:
  // Rows from `lower` (inclusive) to `upper` (exclusive); empty bounds are
  // the collection's ends. `base_gen`: the settled base's generation, 0 for
  // none.
  // `fill_cache`: keep the blocks read in the block cache (false for a
  // collection larger than the cache, whose scan would only churn it).
  CursorImpl(std::shared_ptr<const SnapshotImpl> snap, rocksdb::DB* db, const rocksdb::Snapshot* rs,
             CollectionId id, uint64_t base_gen, std::string_view lower = {}, std::string_view upper = {},
             bool fill_cache = true)
      : snap_(std::move(snap)),
        begin_(keys::DataBegin(id).append(lower)),
        end_(upper.empty() ? keys::DataEnd(id) : keys::DataBegin(id).append(upper)),
        upper_(end_) {
    rocksdb::ReadOptions ro;
    ro.snapshot = rs;
    ro.readahead_size = 2 << 20;
    ro.fill_cache = fill_cache;
    if (base_gen != 0) base_.emplace(db, ro, id, base_gen, lower, upper);
    ro.iterate_upper_bound = &upper_;
    it_.reset(db->NewIterator(ro));
    it_->Seek(begin_);
    Position();
  }

  bool Valid() const override { return from_ != kNone; }
  void Next() override {
    if (from_ != kDelta) base_->Next();
    if (from_ != kBase) it_->Next();
    Position();
  }
  std::string_view encoded_row() const override { return from_ == kDelta ? DeltaRow() : base_->row(); }
  int64_t count() const override { return count_; }
  absl::Status status() const override {
    FRESHET_RETURN_IF_ERROR(status_);
    if (base_) FRESHET_RETURN_IF_ERROR(base_->status());
    return FromRocks(it_->status(), "reading a collection");
  }

 private:
  enum From { kNone, kBase, kDelta, kBoth };

  std::string_view DeltaRow() const {
    rocksdb::Slice k = it_->key();
    return std::string_view(k.data() + keys::kIdKeySize, k.size() - keys::kIdKeySize);
  }
  int64_t DeltaCount() const {
    rocksdb::Slice v = it_->value();
    return keys::DecodeCount(std::string_view(v.data(), v.size()));
  }

  // Moves to the first row at or after the current positions whose count
  // is positive. Counts are never stored as zero by checked commits, but
  // merge operands (bulk loads, blind commits) may sum to zero, and a change
  // may cancel the base's row; such a row is absent.
  void Position() {
    for (;;) {
      bool d = it_->Valid(), b = base_ && base_->Valid();
      if (!d && !b) {
        from_ = kNone;
        return;
      }
      int c = !b ? 1 : !d ? -1 : base_->row().compare(DeltaRow());
      from_ = c < 0 ? kBase : c > 0 ? kDelta : kBoth;
      count_ = (from_ == kDelta ? 0 : base_->count()) + (from_ == kBase ? 0 : DeltaCount());
      if (count_ > 0) return;
      if (count_ < 0 && base_) {
        status_ = absl::DataLossError("a change to a settled collection removes more copies of a row than it has");
        from_ = kNone;
        return;
      }
      if (from_ != kDelta) base_->Next();
      if (from_ != kBase) it_->Next();
    }
  }

  std::shared_ptr<const SnapshotImpl> snap_;  // keeps the snapshot (and the DB) alive
  std::string begin_, end_;
  rocksdb::Slice upper_;
  std::optional<PageCursor> base_;
  std::unique_ptr<rocksdb::Iterator> it_;
  From from_ = kNone;
  int64_t count_ = 0;
  absl::Status status_;
};

class SnapshotImpl final : public Snapshot, public std::enable_shared_from_this<SnapshotImpl> {
 public:
  explicit SnapshotImpl(std::shared_ptr<Database> db) : db_(std::move(db)), snap_(db_->db->GetSnapshot()) {
    if (auto v = Get(keys::kLastCommitKey)) commit_ = DecodeLast(*v);
  }
  ~SnapshotImpl() override { db_->db->ReleaseSnapshot(snap_); }

  CommitInfo commit() const override { return commit_; }

  bool Exists(CollectionId id) const override {
    auto v = Get(keys::IdKey(keys::kCollection, id));
    return v && *v == std::string(1, keys::kLive);
  }

  absl::StatusOr<std::unique_ptr<Cursor>> Scan(CollectionId id) const override { return ScanRange(id, {}, {}); }

  absl::StatusOr<std::unique_ptr<Cursor>> ScanRange(CollectionId id, std::string_view lower,
                                                    std::string_view upper) const override {
    FRESHET_ASSIGN_OR_RETURN(CollectionStats stats, Stats(id));
    return OpenCursor(id, lower, upper, stats.bytes <= static_cast<int64_t>(db_->block_cache_bytes));
  }

  // A scan that leaves the block cache alone (for a settle, which reads
  // blocks no scan will read again).
  absl::StatusOr<std::unique_ptr<Cursor>> ScanUncached(CollectionId id) const {
    FRESHET_RETURN_IF_ERROR(CheckLive(id));
    return OpenCursor(id, {}, {}, /*fill_cache=*/false);
  }

  absl::StatusOr<std::unique_ptr<Cursor>> OpenCursor(CollectionId id, std::string_view lower, std::string_view upper,
                                                     bool fill_cache) const {
    FRESHET_ASSIGN_OR_RETURN(uint64_t base_gen, BaseGen(id));
    return std::unique_ptr<Cursor>(
        new CursorImpl(shared_from_this(), db_->db.get(), snap_, id, base_gen, lower, upper, fill_cache));
  }

  absl::StatusOr<std::vector<std::string>> SplitPoints(CollectionId id, int parts) const override {
    FRESHET_ASSIGN_OR_RETURN(CollectionStats stats, Stats(id));
    if (parts <= 1 || stats.rows == 0) return std::vector<std::string>{};
    FRESHET_ASSIGN_OR_RETURN(uint64_t base_gen, BaseGen(id));
    if (stats.bytes <= kExactSplitBytes) return ExactSplitPoints(id, base_gen, parts);
    if (base_gen != 0) return PageSplitPoints(id, base_gen, parts);
    return EstimatedSplitPoints(id, parts);
  }

  // The generation of the collection's settled base; 0 if it has none.
  absl::StatusOr<uint64_t> BaseGen(CollectionId id) const {
    FRESHET_ASSIGN_OR_RETURN(auto v, Read(keys::IdKey(keys::kBase, id)));
    if (!v) return 0;
    if (v->size() != 8) return absl::DataLossError(absl::StrCat("the base of collection ", id, " is malformed"));
    return keys::GetFixed64(v->data());
  }

  absl::StatusOr<CollectionStats> Stats(CollectionId id) const override {
    FRESHET_RETURN_IF_ERROR(CheckLive(id));
    FRESHET_ASSIGN_OR_RETURN(auto v, Read(keys::IdKey(keys::kStats, id)));
    return v ? DecodeStats(*v) : CollectionStats{};
  }

  std::vector<CollectionId> Collections() const override {
    std::vector<CollectionId> out;
    std::string begin(1, keys::kCollection), end(1, keys::kCollection + 1);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.snapshot = snap_;
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_->db->NewIterator(ro));
    for (it->Seek(begin); it->Valid(); it->Next()) {
      if (it->value() == rocksdb::Slice(&keys::kLive, 1)) {
        out.push_back(keys::IdOf(std::string_view(it->key().data(), it->key().size())));
      }
    }
    return out;
  }

  std::optional<std::string> Frontier(std::string_view name) const override {
    return Get(keys::NameKey(keys::kFrontier, name));
  }

  absl::StatusOr<std::string> Secret(std::string_view name) const override {
    FRESHET_ASSIGN_OR_RETURN(auto sealed, Read(keys::NameKey(keys::kSecret, name)));
    if (!sealed) return absl::NotFoundError(absl::StrCat("secret \"", absl::string_view(name.data(), name.size()), "\" does not exist"));
    return db_->vault.Unseal(name, *sealed);
  }

 private:
  absl::StatusOr<std::optional<std::string>> Read(const std::string& key) const {
    rocksdb::ReadOptions ro;
    ro.snapshot = snap_;
    std::string value;
    rocksdb::Status s = db_->db->Get(ro, key, &value);
    if (s.IsNotFound()) return std::nullopt;
    FRESHET_RETURN_IF_ERROR(FromRocks(s, "reading storage"));
    return value;
  }

  // For the accessors that cannot return a status: a read error is logged
  // and reads as absent.
  std::optional<std::string> Get(const std::string& key) const {
    auto v = Read(key);
    if (!v.ok()) {
      FRESHET_LOG(kError) << "storage: " << v.status().message();
      return std::nullopt;
    }
    return *std::move(v);
  }

  // Collections up to this size are split by reading their keys.
  static constexpr int64_t kExactSplitBytes = 8 << 20;

  // Every distinct row's key, then the ones at equal distances.
  absl::StatusOr<std::vector<std::string>> ExactSplitPoints(CollectionId id, uint64_t base_gen, int parts) const {
    std::vector<std::string> rows;
    CursorImpl cursor(shared_from_this(), db_->db.get(), snap_, id, base_gen);
    for (; cursor.Valid(); cursor.Next()) rows.emplace_back(cursor.encoded_row());
    FRESHET_RETURN_IF_ERROR(cursor.status());
    std::vector<std::string> out;
    for (int i = 1; i < parts; ++i) {
      size_t at = rows.size() * static_cast<size_t>(i) / static_cast<size_t>(parts);
      if (at == 0 || at >= rows.size() || (!out.empty() && out.back() == rows[at])) continue;
      out.push_back(rows[at]);
    }
    return out;
  }

  // A settled collection: bounds between its pages, at equal shares of the
  // base's bytes (from the page index, not the pages). Changes since the
  // base are not weighed: settling keeps them a small share.
  absl::StatusOr<std::vector<std::string>> PageSplitPoints(CollectionId id, uint64_t gen, int parts) const {
    std::vector<std::pair<std::string, uint64_t>> index;  // last row, cumulative bytes
    std::string end = keys::GenEnd(keys::kPageIndex, id, gen);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.snapshot = snap_;
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_->db->NewIterator(ro));
    uint64_t total = 0;
    for (it->Seek(keys::GenKey(keys::kPageIndex, id, gen)); it->Valid(); it->Next()) {
      if (it->value().size() != 8) return absl::DataLossError("a page index entry is malformed");
      total += keys::GetFixed64(it->value().data());
      index.emplace_back(std::string(it->key().data() + keys::kGenKeySize, it->key().size() - keys::kGenKeySize),
                         total);
    }
    FRESHET_RETURN_IF_ERROR(FromRocks(it->status(), "reading a page index"));
    std::vector<std::string> out;
    size_t at = 0;
    for (int i = 1; i < parts; ++i) {
      const uint64_t want = total / static_cast<uint64_t>(parts) * static_cast<uint64_t>(i);
      while (at + 1 < index.size() && index[at].second < want) ++at;
      if (at + 1 >= index.size()) break;
      // The smallest encoding after the page's last row: that page ends the part.
      std::string bound = index[at].first + std::string(1, '\0');
      if (out.empty() || out.back() < bound) out.push_back(std::move(bound));
      ++at;
    }
    return out;
  }

  // Large collections: each bound is found by bisecting the key space (the
  // first 16 bytes of the encoding, as a number) until the data before it,
  // as the files' indexes and the memtables estimate it, is the wanted
  // share of the whole.
  absl::StatusOr<std::vector<std::string>> EstimatedSplitPoints(CollectionId id, int parts) const {
    using U128 = unsigned __int128;
    const std::string begin = keys::DataBegin(id), end = keys::DataEnd(id);
    auto to_number = [](std::string_view row) {
      U128 v = 0;
      for (size_t i = 0; i < 16; ++i) v = (v << 8) | (i < row.size() ? static_cast<uint8_t>(row[i]) : 0);
      return v;
    };
    auto to_row = [](U128 v) {
      std::string row(16, '\0');
      for (int i = 15; i >= 0; --i, v >>= 8) row[static_cast<size_t>(i)] = static_cast<char>(v & 0xff);
      return row;
    };
    auto size_before = [&](const std::string& row) -> absl::StatusOr<uint64_t> {
      std::string limit = begin + row;
      rocksdb::Range range(begin, limit);
      rocksdb::SizeApproximationOptions options;
      options.include_memtables = true;
      uint64_t size = 0;
      FRESHET_RETURN_IF_ERROR(FromRocks(
          db_->db->GetApproximateSizes(options, db_->db->DefaultColumnFamily(), &range, 1, &size), "sizing a range"));
      return size;
    };
    // The first and last rows bound the search.
    rocksdb::ReadOptions ro;
    ro.snapshot = snap_;
    std::unique_ptr<rocksdb::Iterator> it(db_->db->NewIterator(ro));
    it->Seek(begin);
    if (!it->Valid() || !it->key().starts_with(begin)) return std::vector<std::string>{};
    U128 first = to_number(std::string_view(it->key().data() + begin.size(), it->key().size() - begin.size()));
    it->SeekForPrev(end);
    if (!it->Valid() || !it->key().starts_with(begin)) return std::vector<std::string>{};
    U128 last = to_number(std::string_view(it->key().data() + begin.size(), it->key().size() - begin.size()));
    FRESHET_RETURN_IF_ERROR(FromRocks(it->status(), "reading a collection"));
    FRESHET_ASSIGN_OR_RETURN(uint64_t total, size_before(to_row(last) + std::string(1, '\xff')));

    std::vector<std::string> out;
    U128 lo = first;
    const uint64_t tolerance = total / static_cast<uint64_t>(parts) / 64;
    for (int i = 1; i < parts; ++i) {
      const uint64_t want = total / static_cast<uint64_t>(parts) * static_cast<uint64_t>(i);
      U128 a = lo, b = last;  // the bound is in (a, b]
      for (int step = 0; step < 128 && b - a > 1; ++step) {
        U128 mid = a + (b - a) / 2;
        FRESHET_ASSIGN_OR_RETURN(uint64_t size, size_before(to_row(mid)));
        (size < want ? a : b) = mid;
        if ((size > want ? size - want : want - size) <= tolerance) {
          b = mid;
          break;
        }
      }
      if (b <= lo || b > last) continue;
      out.push_back(to_row(b));
      lo = b;
    }
    return out;
  }

  absl::Status CheckLive(CollectionId id) const {
    FRESHET_ASSIGN_OR_RETURN(auto state, Read(keys::IdKey(keys::kCollection, id)));
    if (!state || *state != std::string(1, keys::kLive)) {
      return absl::NotFoundError(absl::StrCat("collection ", id, " does not exist"));
    }
    return absl::OkStatus();
  }

  std::shared_ptr<Database> db_;
  const rocksdb::Snapshot* snap_;
  CommitInfo commit_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Cursor>> ScanUncached(const Snapshot& snap, CollectionId id) {
  return static_cast<const SnapshotImpl&>(snap).ScanUncached(id);
}

absl::Status Cursor::Read(types::Row* row, const std::vector<bool>* columns) const {
  return types::DecodeRow(encoded_row(), row, columns);
}

Database::~Database() {
  if (db) {
    rocksdb::Status s = db->Close();
    if (!s.ok()) {
      FRESHET_LOG(kError) << "closing the storage database: " << s.ToString();
    }
  }
}

// ---------------------------------------------------------------------------
// The commit pipeline

// One group of commits on its way into one WriteBatch. Each commit reads
// through the effects of the commits before it in the group (the overlay),
// and a commit that fails is rolled back out of the batch alone.
class StorageImpl::Group {
 public:
  explicit Group(StorageImpl* s) : s_(s) {}

  // The sequence number the next staged item will get if it succeeds.
  void set_next_seq(uint64_t seq) { next_seq_ = seq; }

  // Stages one item; on failure the batch and overlays are as before.
  absl::Status Stage(PipelineItem* item) {
    batch_.SetSavePoint();
    local_counts_.clear();
    local_collections_.clear();
    local_fresh_.clear();
    local_dropped_.clear();
    absl::Status st = StageItem(item);
    if (!st.ok()) {
      rocksdb::Status r = batch_.RollbackToSavePoint();
      if (!r.ok()) return FromRocks(r, "rolling back a commit");
      return st;
    }
    batch_.PopSavePoint().PermitUncheckedError();
    // Counts staged earlier in this group for a collection this item
    // dropped are void now.
    for (CollectionId id : local_dropped_) {
      std::string prefix = keys::DataBegin(id);
      absl::erase_if(counts_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
    }
    for (auto& [k, v] : local_counts_) counts_[k] = v;
    fresh_.insert(local_fresh_.begin(), local_fresh_.end());
    for (auto& [id, m] : local_collections_) collections_[id] = m;
    return absl::OkStatus();
  }

  rocksdb::WriteBatch& batch() { return batch_; }
  // Applies the staged collection changes to the pipeline's own copy.
  void Publish() {
    absl::MutexLock lock(&s_->registry_mu_);
    for (auto& [id, m] : collections_) {
      if (m.state == 0) {
        s_->collections_.erase(id);
      } else {
        s_->collections_[id] = m;
      }
    }
  }

 private:
  absl::Status StageItem(PipelineItem* item) {
    switch (item->internal) {
      case PipelineItem::Internal::kBeginLoad: {
        if (Meta(item->load_collection).state != 0) return AlreadyExists(item->load_collection);
        PutMeta(item->load_collection, CollectionMeta{keys::kLoading, {}});
        return absl::OkStatus();
      }
      case PipelineItem::Internal::kAbortLoad:
        DropRows(item->load_collection);
        return absl::OkStatus();
      case PipelineItem::Internal::kSettle:
        return StageSettle(*item);
      case PipelineItem::Internal::kPublishLoad: {
        std::vector<std::pair<CollectionId, CollectionStats>> loads = item->more_loads;
        loads.emplace_back(item->load_collection, item->load_stats);
        for (const auto& [id, stats] : loads) {
          if (Meta(id).state != keys::kLoading) {
            return absl::FailedPreconditionError(absl::StrCat("collection ", id, " is not being bulk loaded"));
          }
          PutMeta(id, CollectionMeta{.state = keys::kLive, .stats = stats, .delta_bytes = stats.bytes});
        }
        break;
      }
      case PipelineItem::Internal::kNone:
        break;
    }
    if (item->request == nullptr) return absl::OkStatus();
    const CommitRequest& req = *item->request;
    for (CollectionId id : req.create) {
      if (Meta(id).state != 0) return AlreadyExists(id);
      PutMeta(id, CollectionMeta{keys::kLive, {}});
      local_fresh_.insert(id);  // whatever the DB still holds under this id is not its data
    }
    FRESHET_RETURN_IF_ERROR(req.blind ? StageBlindUpdates(req.updates) : StageUpdates(req.updates));
    for (const auto& [name, value] : req.frontiers) batch_.Put(keys::NameKey(keys::kFrontier, name), value);
    for (const SecretWrite& w : req.secrets) {
      std::string key = keys::NameKey(keys::kSecret, w.name);
      if (w.plaintext) {
        FRESHET_ASSIGN_OR_RETURN(std::string sealed, s_->db_->vault.Seal(w.name, *w.plaintext));
        batch_.Put(key, sealed);
      } else {
        batch_.Delete(key);
      }
    }
    for (CollectionId id : req.drop) {
      if (Meta(id).state != keys::kLive) return Missing(id);
      DropRows(id);
    }
    return absl::OkStatus();
  }

  // The net diff of each row (a commit may insert and delete one), keyed by
  // its storage key (held in `diffs`), in key order: memtable inserts in
  // order reuse their search path. Rows whose diffs cancel are left out.
  static std::vector<std::pair<std::string_view, int64_t>> SortedDiffs(
      const std::vector<Update>& updates, absl::flat_hash_map<std::string, int64_t>& diffs) {
    diffs.reserve(updates.size());
    std::string key;
    for (const Update& u : updates) {
      if (u.diff == 0) continue;
      key = keys::DataBegin(u.collection);
      types::EncodeRow(u.row, &key);
      diffs[key] += u.diff;
    }
    std::vector<std::pair<std::string_view, int64_t>> sorted;
    sorted.reserve(diffs.size());
    for (const auto& [k, diff] : diffs) {
      if (diff != 0) sorted.emplace_back(k, diff);
    }
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }

  absl::Status StageUpdates(const std::vector<Update>& updates) {
    absl::flat_hash_map<std::string, int64_t> diffs;
    std::vector<std::pair<std::string_view, int64_t>> sorted = SortedDiffs(updates, diffs);
    // The counts this commit must read come in one sorted MultiGet.
    FRESHET_RETURN_IF_ERROR(Prefetch(sorted));
    MetaRun run(this);
    for (const auto& [kv, diff] : sorted) {
      std::string k(kv);
      CollectionId id = keys::IdOf(k);
      FRESHET_ASSIGN_OR_RETURN(CollectionMeta* meta_ptr, run.For(id));
      CollectionMeta& meta = *meta_ptr;
      // The stored count is relative to the settled base, if there is one.
      FRESHET_ASSIGN_OR_RETURN(int64_t stored, Count(id, k));
      FRESHET_ASSIGN_OR_RETURN(int64_t base, BaseCount(meta, id, k));
      int64_t count = base + stored;
      int64_t next = count + diff;
      if (next < 0) {
        types::Row row;
        std::string shown = "(undecodable)";
        if (types::DecodeRow(std::string_view(k).substr(keys::kIdKeySize), &row).ok()) {
          shown = absl::StrCat(row.size(), " columns, ", k.size() - keys::kIdKeySize, " bytes encoded");
        }
        return absl::FailedPreconditionError(absl::StrFormat(
            "a commit would make the count of a row of collection %d negative (%d %+d); row: %s", id,
            count, diff, shown));
      }
      int64_t entry_bytes = static_cast<int64_t>(k.size()) + 8;
      meta.stats.rows += diff;
      meta.delta_bytes += entry_bytes;
      if (count == 0) meta.stats.bytes += entry_bytes;
      if (next == 0) meta.stats.bytes = std::max<int64_t>(0, meta.stats.bytes - entry_bytes);
      int64_t next_stored = stored + diff;
      if (next_stored == 0) {
        batch_.Delete(k);
      } else {
        batch_.Put(k, keys::EncodeCount(next_stored));
      }
      local_counts_[k] = next_stored;
    }
    run.Flush();
    prefetched_.clear();
    return absl::OkStatus();
  }

  // Count deltas as merge operands, in key order; no reads. Statistics:
  // rows exact, bytes counted as if every added row were new and every
  // retracted one gone.
  absl::Status StageBlindUpdates(const std::vector<Update>& updates) {
    absl::flat_hash_map<std::string, int64_t> diffs;
    MetaRun run(this);
    for (const auto& [k, diff] : SortedDiffs(updates, diffs)) {
      FRESHET_ASSIGN_OR_RETURN(CollectionMeta* meta_ptr, run.For(keys::IdOf(k)));
      CollectionMeta& meta = *meta_ptr;
      int64_t entry_bytes = static_cast<int64_t>(k.size()) + 8;
      meta.stats.rows += diff;
      meta.stats.bytes = std::max<int64_t>(0, meta.stats.bytes + (diff > 0 ? entry_bytes : -entry_bytes));
      meta.delta_bytes += entry_bytes;
      batch_.Merge(rocksdb::Slice(k.data(), k.size()), keys::EncodeCount(diff));
    }
    run.Flush();
    return absl::OkStatus();
  }

  // The metadata of the collections a commit's rows (in key order, so one
  // collection after the other) change: staged once per collection, not
  // once per row.
  class MetaRun {
   public:
    explicit MetaRun(Group* g) : g_(g) {}
    // The live collection's metadata to change; NotFound if it is not live.
    absl::StatusOr<CollectionMeta*> For(CollectionId id) {
      if (!open_ || id != id_) {
        Flush();
        meta_ = g_->Meta(id);
        if (meta_.state != keys::kLive) return Missing(id);
        id_ = id;
        open_ = true;
      }
      return &meta_;
    }
    void Flush() {
      if (open_) g_->PutMeta(id_, meta_);
      open_ = false;
    }

   private:
    Group* g_;
    CollectionId id_ = 0;
    CollectionMeta meta_;
    bool open_ = false;
  };

  // Reads, in one MultiGet, the stored counts of the keys (sorted) that
  // neither this group nor a fresh collection already answers.
  absl::Status Prefetch(const std::vector<std::pair<std::string_view, int64_t>>& sorted) {
    prefetched_.clear();
    std::vector<rocksdb::Slice> wanted;
    for (const auto& [k, diff] : sorted) {
      absl::string_view key(k.data(), k.size());  // heterogeneous lookup: no copy per row
      if (local_counts_.contains(key) || counts_.contains(key) || IsFresh(keys::IdOf(k))) continue;
      wanted.emplace_back(k.data(), k.size());
    }
    if (wanted.size() < 2) return absl::OkStatus();
    std::vector<rocksdb::PinnableSlice> values(wanted.size());
    std::vector<rocksdb::Status> statuses(wanted.size());
    rocksdb::DB* db = s_->db_->db.get();
    db->MultiGet(rocksdb::ReadOptions(), db->DefaultColumnFamily(), wanted.size(), wanted.data(), values.data(),
                 statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < wanted.size(); ++i) {
      if (statuses[i].IsNotFound()) {
        prefetched_[wanted[i].ToString()] = 0;
      } else if (statuses[i].ok()) {
        prefetched_[wanted[i].ToString()] = keys::DecodeCount(values[i].ToString());
      } else {
        return FromRocks(statuses[i], "reading row counts");
      }
    }
    return absl::OkStatus();
  }

  // A settle: the new generation becomes the base, and the changes it took
  // in and the old generation go, in one commit. Refused if a commit
  // changed the collection after the snapshot the settle read.
  absl::Status StageSettle(const PipelineItem& item) {
    CollectionId id = item.load_collection;
    CollectionMeta meta = Meta(id);
    if (meta.state != keys::kLive) return Missing(id);
    if (item.settle_gen == 0 || item.settle_gen <= meta.base_gen) {
      return absl::InternalError(absl::StrCat("settling collection ", id, ": generation ", item.settle_gen,
                                              " is not after the base's ", meta.base_gen));
    }
    if (meta.changed_seq > item.settle_seq) {
      return absl::AbortedError(absl::StrCat("collection ", id, " changed while it was being settled"));
    }
    if (meta.stats.rows != item.load_stats.rows) {
      return absl::InternalError(absl::StrCat("settling collection ", id, " found ", item.load_stats.rows,
                                              " rows; its statistics say ", meta.stats.rows));
    }
    std::string gen;
    keys::PutFixed64(item.settle_gen, &gen);
    batch_.Put(keys::IdKey(keys::kBase, id), gen);
    batch_.Delete(keys::IdKey(keys::kSettling, id));
    batch_.DeleteRange(keys::DataBegin(id), keys::DataEnd(id));
    for (char tag : {keys::kPage, keys::kPageIndex}) {
      batch_.DeleteRange(keys::GenKey(tag, id, 0), keys::GenKey(tag, id, item.settle_gen));
      batch_.DeleteRange(keys::GenEnd(tag, id, item.settle_gen), keys::CollectionEnd(tag, id));
    }
    meta.base_gen = item.settle_gen;
    meta.delta_bytes = 0;
    meta.stats.bytes = item.load_stats.bytes;  // exact again
    PutMeta(id, meta, /*changed=*/false);  // settling changes no row
    return absl::OkStatus();
  }

  // The count of a row (by storage key) in the collection's settled base; 0
  // without a base. Keys come mostly in order, so the page found last is
  // kept: it holds every row from the one it was sought for to its last.
  absl::StatusOr<int64_t> BaseCount(const CollectionMeta& meta, CollectionId id, std::string_view key) {
    if (meta.base_gen == 0) return 0;
    std::string_view row = key.substr(keys::kIdKeySize);
    if (!(page_.id == id && page_.gen == meta.base_gen && row >= page_.from && row <= page_.last)) {
      if (!base_it_) base_it_.reset(s_->db_->db->NewIterator(rocksdb::ReadOptions()));
      std::string prefix = keys::GenKey(keys::kPage, id, meta.base_gen);
      base_it_->Seek(prefix + std::string(row));
      FRESHET_RETURN_IF_ERROR(FromRocks(base_it_->status(), "reading a settled collection"));
      page_ = PageCache{};
      if (!base_it_->Valid() || !base_it_->key().starts_with(prefix)) return 0;  // after the last page
      page_ = PageCache{id, meta.base_gen, std::string(row),
                        std::string(base_it_->key().data() + prefix.size(), base_it_->key().size() - prefix.size()),
                        base_it_->value().ToString()};
    }
    int64_t count = pages::Find(page_.page, row);
    if (count < 0) return absl::DataLossError("a page of a settled collection is malformed");
    return count;
  }

  absl::StatusOr<int64_t> Count(CollectionId id, const std::string& key) {
    if (auto it = local_counts_.find(key); it != local_counts_.end()) return it->second;
    if (local_fresh_.contains(id)) return 0;
    if (auto it = counts_.find(key); it != counts_.end()) return it->second;
    if (fresh_.contains(id)) return 0;
    if (auto it = prefetched_.find(key); it != prefetched_.end()) return it->second;
    std::string value;
    rocksdb::Status s = s_->db_->db->Get(rocksdb::ReadOptions(), key, &value);
    if (s.IsNotFound()) return 0;
    FRESHET_RETURN_IF_ERROR(FromRocks(s, "reading a row count"));
    return keys::DecodeCount(value);
  }

  CollectionMeta Meta(CollectionId id) const {
    if (auto it = local_collections_.find(id); it != local_collections_.end()) return it->second;
    if (auto it = collections_.find(id); it != collections_.end()) return it->second;
    if (auto it = s_->collections_.find(id); it != s_->collections_.end()) return it->second;
    return CollectionMeta{};
  }

  // Every change to a collection goes through here, which marks it changed
  // (`changed`: false for a settle, which changes no row).
  void PutMeta(CollectionId id, CollectionMeta m, bool changed = true) {
    if (changed) {
      m.changed_seq = next_seq_;
      m.changed_ms = NowMs();
    }
    local_collections_[id] = m;
    if (m.state == 0) {
      batch_.Delete(keys::IdKey(keys::kCollection, id));
      batch_.Delete(keys::IdKey(keys::kStats, id));
    } else {
      batch_.Put(keys::IdKey(keys::kCollection, id), std::string(1, m.state));
      batch_.Put(keys::IdKey(keys::kStats, id), EncodeStats(m.stats));
    }
  }

  void DropRows(CollectionId id) {
    batch_.DeleteRange(keys::DataBegin(id), keys::DataEnd(id));
    for (char tag : {keys::kPage, keys::kPageIndex}) {
      batch_.DeleteRange(keys::IdKey(tag, id), keys::CollectionEnd(tag, id));
    }
    batch_.Delete(keys::IdKey(keys::kBase, id));
    PutMeta(id, CollectionMeta{});
    // Undone with the item if it fails: see Stage.
    local_fresh_.insert(id);
    local_dropped_.push_back(id);
    std::string prefix = keys::DataBegin(id);
    absl::erase_if(local_counts_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  }

  // Created or dropped in this group: nothing the DB holds under the id is
  // its data.
  bool IsFresh(CollectionId id) const { return local_fresh_.contains(id) || fresh_.contains(id); }

  static absl::Status AlreadyExists(CollectionId id) {
    return absl::AlreadyExistsError(absl::StrCat("collection ", id, " already exists"));
  }
  static absl::Status Missing(CollectionId id) {
    return absl::NotFoundError(absl::StrCat("collection ", id, " does not exist"));
  }

  StorageImpl* s_;
  rocksdb::WriteBatch batch_;
  absl::flat_hash_map<std::string, int64_t> counts_, local_counts_;
  absl::flat_hash_map<std::string, int64_t> prefetched_;  // stored counts read ahead for one commit
  absl::flat_hash_map<CollectionId, CollectionMeta> collections_, local_collections_;
  absl::flat_hash_set<CollectionId> fresh_, local_fresh_;
  std::vector<CollectionId> local_dropped_;
  uint64_t next_seq_ = 0;
  // BaseCount's reader and the page it read last.
  struct PageCache {
    CollectionId id = 0;
    uint64_t gen = 0;
    std::string from, last, page;
  };
  std::unique_ptr<rocksdb::Iterator> base_it_;
  PageCache page_;
};

StorageImpl::StorageImpl(std::shared_ptr<Database> db, const Options& options)
    : db_(std::move(db)), options_(options) {}

StorageImpl::~StorageImpl() {
  // A settle's compaction in progress stops rather than hold the close up.
  db_->db->DisableManualCompaction();
  {
    absl::MutexLock lock(&settler_mu_);
    stopping_ = true;
  }
  if (settler_.joinable()) settler_.join();
}

absl::Status StorageImpl::Recover() {
  rocksdb::DB* db = db_->db.get();
  std::string value;
  // The layout version: written once, checked on every open.
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), keys::kFormatKey, &value);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    FRESHET_RETURN_IF_ERROR(FromRocks(db->Put(wo, keys::kFormatKey, std::string(keys::kFormatVersion)),
                                      "writing the storage format version"));
  } else if (!s.ok()) {
    return FromRocks(s, "reading the storage format version");
  } else if (value == keys::kOldFormatVersion) {
    // Format 1 is format 2 without settled bases: mark it 2, so that an
    // older build does not open a directory it would misread.
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    FRESHET_RETURN_IF_ERROR(FromRocks(db->Put(wo, keys::kFormatKey, std::string(keys::kFormatVersion)),
                                      "upgrading the storage format version"));
  } else if (value != keys::kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat("the data directory ", options_.data_dir,
                                                      " uses storage format ", value, "; this build reads format ",
                                                      absl::string_view(keys::kFormatVersion.data(), keys::kFormatVersion.size())));
  }
  s = db->Get(rocksdb::ReadOptions(), keys::kLastCommitKey, &value);
  if (s.ok()) {
    CommitInfo last = DecodeLast(value);
    last_seq_ = last.seq;
    last_ts_ = last.timestamp_ms;
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "reading the last commit");
  }

  // The vault key must be the one this directory was written with.
  s = db->Get(rocksdb::ReadOptions(), keys::kVaultCheckKey, &value);
  if (s.ok()) {
    if (!db_->vault.Unseal("freshet-vault-check", value).ok()) {
      return absl::FailedPreconditionError(
          "the secrets key does not match the key this data directory's secrets were sealed with");
    }
  } else if (s.IsNotFound()) {
    FRESHET_ASSIGN_OR_RETURN(std::string check, db_->vault.Seal("freshet-vault-check", "ok"));
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    FRESHET_RETURN_IF_ERROR(FromRocks(db->Put(wo, keys::kVaultCheckKey, check), "writing the vault check"));
  } else {
    return FromRocks(s, "reading the vault check");
  }

  // Load the collection registry; forget bulk loads a crash interrupted.
  std::vector<CollectionId> interrupted;
  {
    std::string begin(1, keys::kCollection), end(1, keys::kCollection + 1);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
    for (it->Seek(begin); it->Valid(); it->Next()) {
      CollectionId id = keys::IdOf(std::string_view(it->key().data(), it->key().size()));
      char state = it->value().empty() ? 0 : it->value()[0];
      if (state == keys::kLoading) {
        interrupted.push_back(id);
        continue;
      }
      std::string stats, base;
      rocksdb::Status ss = db->Get(rocksdb::ReadOptions(), keys::IdKey(keys::kStats, id), &stats);
      if (!ss.ok() && !ss.IsNotFound()) return FromRocks(ss, "reading collection statistics");
      CollectionMeta meta{.state = state, .stats = ss.ok() ? DecodeStats(stats) : CollectionStats{}};
      ss = db->Get(rocksdb::ReadOptions(), keys::IdKey(keys::kBase, id), &base);
      if (!ss.ok() && !ss.IsNotFound()) return FromRocks(ss, "reading a collection's base");
      if (ss.ok()) {
        if (base.size() != 8) return absl::DataLossError(absl::StrCat("the base of collection ", id, " is malformed"));
        meta.base_gen = keys::GetFixed64(base.data());
      }
      // The changes on top of the base: all of it without a base, else the
      // changes' share of the stored (compressed) sizes.
      meta.delta_bytes = meta.stats.bytes;
      if (meta.base_gen != 0) {
        std::string bounds[4] = {keys::DataBegin(id), keys::DataEnd(id), keys::IdKey(keys::kPage, id),
                               keys::CollectionEnd(keys::kPage, id)};
        rocksdb::Range ranges[2] = {{bounds[0], bounds[1]}, {bounds[2], bounds[3]}};
        rocksdb::SizeApproximationOptions so;
        so.include_memtables = true;
        uint64_t sizes[2] = {0, 0};
        if (db->GetApproximateSizes(so, db->DefaultColumnFamily(), ranges, 2, sizes).ok()) {
          double share =
              static_cast<double>(sizes[0]) / static_cast<double>(std::max<uint64_t>(1, sizes[0] + sizes[1]));
          meta.delta_bytes = static_cast<int64_t>(share * static_cast<double>(meta.stats.bytes));
        }
      }
      meta.changed_ms = NowMs();
      collections_[id] = meta;
      // A settle's compaction may not have run before the last close.
      if (meta.base_gen != 0) {
        absl::MutexLock l(&settler_mu_);
        compactions_.push_back(PendingCompaction{id, meta.base_gen, 0});
      }
    }
    FRESHET_RETURN_IF_ERROR(FromRocks(it->status(), "reading the collection registry"));
  }
  // Settles a crash interrupted: their pages never became a base.
  {
    std::string begin(1, keys::kSettling), end(1, keys::kSettling + 1);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
    std::vector<std::pair<CollectionId, uint64_t>> settling;
    for (it->Seek(begin); it->Valid(); it->Next()) {
      if (it->value().size() != 8) continue;
      settling.emplace_back(keys::IdOf(std::string_view(it->key().data(), it->key().size())),
                            keys::GetFixed64(it->value().data()));
    }
    FRESHET_RETURN_IF_ERROR(FromRocks(it->status(), "reading interrupted settles"));
    for (const auto& [id, gen] : settling) {
      FRESHET_LOG(kInfo) << "storage: removing the pages of an interrupted settle of collection " << id;
      DropGeneration(id, gen);
    }
  }
  for (CollectionId id : interrupted) {
    FRESHET_LOG(kInfo) << "storage: removing collection " << id << ", whose bulk load was interrupted";
    collections_[id] = CollectionMeta{keys::kLoading, {}};
    PipelineItem item;
    item.internal = PipelineItem::Internal::kAbortLoad;
    item.load_collection = id;
    FRESHET_RETURN_IF_ERROR(Submit(&item).status());
    CompactCollection(id);
  }
  // Leftover files of interrupted loads.
  std::error_code ec;
  std::filesystem::remove_all(db_->bulk_dir, ec);
  std::filesystem::create_directories(db_->bulk_dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", db_->bulk_dir, ": ", ec.message()));
  return absl::OkStatus();
}

absl::StatusOr<CommitInfo> StorageImpl::Commit(CommitRequest request) {
  PipelineItem item;
  item.request = &request;
  absl::StatusOr<CommitInfo> result = Submit(&item);
  if (result.ok()) {
    for (CollectionId id : request.drop) CompactCollection(id);
  }
  return result;
}

absl::StatusOr<CommitInfo> StorageImpl::Submit(PipelineItem* item) {
  std::unique_lock lock(mu_);
  queue_.push_back(item);
  while (!item->done && leader_active_) cv_.wait(lock);
  if (item->done) return item->result;
  // Lead: take everything queued (this item included) as one group.
  leader_active_ = true;
  std::vector<PipelineItem*> group(queue_.begin(), queue_.end());
  queue_.clear();
  lock.unlock();
  RunGroups(group);
  lock.lock();
  for (PipelineItem* g : group) g->done = true;
  leader_active_ = false;
  cv_.notify_all();
  return item->result;
}

void StorageImpl::RunGroups(const std::vector<PipelineItem*>& items) {
  std::vector<PipelineItem*> group;
  for (PipelineItem* item : items) {
    if (item->internal != PipelineItem::Internal::kSettle) {
      group.push_back(item);
      continue;
    }
    if (!group.empty()) RunGroup(group);
    group.clear();
    RunGroup({item});
  }
  if (!group.empty()) RunGroup(group);
}

void StorageImpl::RunGroup(const std::vector<PipelineItem*>& items) {
  Group group(this);
  uint64_t seq = last_seq_;
  int64_t ts = last_ts_;
  std::vector<PipelineItem*> staged;
  // Settles (alone in their group) count as settles, not as commits.
  const bool settle = items.size() == 1 && items[0]->internal == PipelineItem::Internal::kSettle;
  for (PipelineItem* item : items) {
    group.set_next_seq(seq + 1);
    absl::Status st = group.Stage(item);
    if (!st.ok()) {
      item->result = st;
      if (!settle) failed_commits_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    ts = std::max(NowMs(), ts + 1);
    item->result = CommitInfo{++seq, ts};
    staged.push_back(item);
  }
  if (staged.empty()) return;
  group.batch().Put(keys::kLastCommitKey, EncodeLast(seq, ts));
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  absl::Status st = FromRocks(db_->db->Write(wo, &group.batch()), "committing");
  if (!st.ok()) {
    FRESHET_LOG(kError) << "storage: " << st.message();
    for (PipelineItem* item : staged) item->result = st;
    failed_commits_.fetch_add(staged.size(), std::memory_order_relaxed);
    return;
  }
  group.Publish();
  last_seq_ = seq;
  last_ts_ = ts;
  if (!settle) commits_.fetch_add(staged.size(), std::memory_order_relaxed);
  group_writes_.fetch_add(1, std::memory_order_relaxed);
  bytes_written_.fetch_add(group.batch().GetDataSize(), std::memory_order_relaxed);
}

void StorageImpl::CompactCollection(CollectionId id) {
  // Its changes, and its base's pages and page index.
  for (char tag : {keys::kData, keys::kPage, keys::kPageIndex}) {
    CompactKeys(keys::IdKey(tag, id), keys::CollectionEnd(tag, id));
  }
}

void StorageImpl::CompactKeys(const std::string& begin, const std::string& end) {
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  rocksdb::Slice b(begin), e(end);
  rocksdb::Status s = db_->db->CompactRange(co, &b, &e);
  if (!s.ok()) {
    FRESHET_LOG(kWarning) << "storage: compacting: " << s.ToString();
  }
}

absl::StatusOr<std::unique_ptr<BulkLoad>> StorageImpl::BeginBulkLoad(CollectionId id) {
  PipelineItem item;
  item.internal = PipelineItem::Internal::kBeginLoad;
  item.load_collection = id;
  FRESHET_RETURN_IF_ERROR(Submit(&item).status());
  return NewBulkLoad(this, id);
}

std::shared_ptr<const Snapshot> StorageImpl::GetSnapshot() { return std::make_shared<SnapshotImpl>(db_); }

Counters StorageImpl::counters() const {
  Counters c;
  c.commits = commits_.load(std::memory_order_relaxed);
  c.failed_commits = failed_commits_.load(std::memory_order_relaxed);
  c.group_writes = group_writes_.load(std::memory_order_relaxed);
  c.bytes_written = bytes_written_.load(std::memory_order_relaxed);
  c.bulk_rows_loaded = bulk_rows_.load(std::memory_order_relaxed);
  c.settles = settles_.load(std::memory_order_relaxed);
  c.settles_aborted = settles_aborted_.load(std::memory_order_relaxed);
  return c;
}

uint64_t StorageImpl::DiskBytes() const {
  uint64_t sst = 0;
  db_->db->GetIntProperty("rocksdb.total-sst-files-size", &sst);
  uint64_t wal = 0;
  rocksdb::VectorLogPtr files;
  if (db_->db->GetSortedWalFiles(files).ok()) {
    for (const auto& f : files) wal += f->SizeFileBytes();
  }
  return sst + wal;
}

absl::StatusOr<std::unique_ptr<Storage>> Storage::Open(const Options& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("storage needs a data directory");
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", options.data_dir, ": ", ec.message()));
  FRESHET_ASSIGN_OR_RETURN(Vault vault, Vault::Load(options.data_dir, options.secrets_key_hex));
  auto db = std::make_shared<Database>(std::move(vault));
  db->options = MakeOptions(options);
  db->bulk_dir = options.data_dir + "/bulk";
  db->block_cache_bytes = options.block_cache_bytes;
  rocksdb::DB* raw = nullptr;
  FRESHET_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(db->options, options.data_dir + "/db", &raw), "opening the storage database"));
  db->db.reset(raw);
  auto storage = std::make_unique<StorageImpl>(std::move(db), options);
  FRESHET_RETURN_IF_ERROR(storage->Recover());
  storage->StartSettler();
  return std::unique_ptr<Storage>(std::move(storage));
}

absl::Status Storage::CreateCollection(CollectionId id) {
  CommitRequest r;
  r.create.push_back(id);
  return Commit(std::move(r)).status();
}

absl::Status Storage::DropCollection(CollectionId id) {
  CommitRequest r;
  r.drop.push_back(id);
  return Commit(std::move(r)).status();
}

}  // namespace freshet::storage
