// storage_bench: throughput of freshet::storage, for tools/bench/storage_bench.sh.
//
//   storage_bench bulk --rows N [--writers W] --dir D [--chunk-mb M] [--no-sync]
//   storage_bench commits [--commits N] [--writers W] --dir D [--no-sync]
//
// bulk: one BulkLoad of N rows shaped like pgbench_accounts as `pgbench -i`
// makes them (aid 1..N, bid (aid-1)/100000+1, abalance 0, filler 84 blanks),
// split over W writer threads, then Finish and an (otherwise empty) Publish.
// Reports rows/s over the wall time from BeginBulkLoad to the end of Publish,
// Storage::DiskBytes() and the size of D afterwards, and peak RSS (of the
// load: the RESULT bulk line comes before the scans). Then it checks the load
// through one snapshot (Stats, counts, every row decoded, sum of aid) in
// three passes, each with its rate: the first scan after the load, a second
// one (block cache warm as far as it holds), and one that decodes each row.
//
// commits: creates a collection, then W threads each make their share of N
// single-row Commit()s (distinct rows of the same shape, diff +1), with real
// fsyncs unless --no-sync. Reports commits/s, p50/p99/max commit latency,
// Counters().commits / group_writes (the grouping factor), peak RSS.
//
// D must not exist or be empty. Each measurement prints a readable line and
// a machine-readable one: "RESULT <kind> key=value ...". Exit status 1 on any
// storage error or failed check.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/storage.h"
#include "types/datum.h"

namespace {

using freshet::storage::BulkLoad;
using freshet::storage::CollectionId;
using freshet::storage::CommitRequest;
using freshet::storage::Storage;
using freshet::storage::Update;
using freshet::types::Datum;
using freshet::types::Row;

constexpr char kUsage[] =
    "usage: storage_bench bulk --rows N [--writers W] --dir D [--chunk-mb M] [--no-sync]\n"
    "       storage_bench commits [--commits N] [--writers W] --dir D [--no-sync]\n";

constexpr CollectionId kCollection = 1;
constexpr int64_t kAccountsPerBranch = 100000;  // pgbench's naccounts
constexpr size_t kFillerBytes = 84;             // pgbench_accounts.filler is char(84)

struct Args {
  std::string command;
  int64_t rows = 0;
  int64_t commits = 100000;
  int writers = 1;
  std::string dir;
  int64_t chunk_mb = 0;  // 0: the storage default
  bool sync = true;
};

// The rows `pgbench -i` puts into pgbench_accounts (its filler is '' stored
// as char(84), i.e. 84 blanks).
Row AccountRow(int64_t aid) {
  return Row{Datum::FromInt(aid), Datum::FromInt((aid - 1) / kAccountsPerBranch + 1), Datum::FromInt(0),
             Datum::FromString(std::string(kFillerBytes, ' '))};
}

int64_t PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      uintmax_t size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

double MiB(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

[[noreturn]] void Die(std::string_view what, const absl::Status& status) {
  std::cerr << "storage_bench: " << what << ": " << status << "\n";
  std::exit(1);
}

[[noreturn]] void DieCheck(const std::string& what) {
  std::cerr << "storage_bench: check failed: " << what << "\n";
  std::exit(1);
}

// The first error any thread saw; threads stop at the first one.
class FirstError {
 public:
  void Set(std::string what, absl::Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_.ok()) {
      what_ = std::move(what);
      status_ = std::move(status);
    }
    failed_.store(true, std::memory_order_relaxed);
  }
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  void DieIfSet() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status_.ok()) Die(what_, status_);
  }

 private:
  std::mutex mu_;
  std::atomic<bool> failed_{false};
  std::string what_;
  absl::Status status_;
};

std::unique_ptr<Storage> OpenStorage(const Args& args) {
  std::error_code ec;
  if (std::filesystem::exists(args.dir, ec) && !std::filesystem::is_empty(args.dir, ec)) {
    std::cerr << "storage_bench: " << args.dir << " is not empty; give a fresh directory\n";
    std::exit(2);
  }
  freshet::storage::Options options;
  options.data_dir = args.dir;
  options.sync = args.sync;
  // A fixed key, so that a benchmark never depends on the environment.
  options.secrets_key_hex = std::string(64, '0');
  if (args.chunk_mb > 0) options.bulk_chunk_bytes = static_cast<size_t>(args.chunk_mb) << 20;
  auto opened = Storage::Open(options);
  if (!opened.ok()) Die(absl::StrCat("Open ", args.dir), opened.status());
  return *std::move(opened);
}

// ---- bulk ----------------------------------------------------------------

void ScanAndCheck(Storage& storage, int64_t rows) {
  std::shared_ptr<const freshet::storage::Snapshot> snapshot = storage.GetSnapshot();
  auto stats = snapshot->Stats(kCollection);
  if (!stats.ok()) Die("Stats", stats.status());
  if (stats->rows != rows) DieCheck(absl::StrCat("Stats().rows = ", stats->rows, ", want ", rows));

  // Raw passes: cursor steps and counts only. The first one reads the files
  // (the block cache is cold after a bulk load), the second whatever of them
  // the block cache kept.
  auto raw_scan = [&](const char* pass) {
    absl::Time start = absl::Now();
    auto cursor = snapshot->Scan(kCollection);
    if (!cursor.ok()) Die("Scan", cursor.status());
    int64_t counted = 0;
    for (; (*cursor)->Valid(); (*cursor)->Next()) counted += (*cursor)->count();
    if (!(*cursor)->status().ok()) Die("Scan", (*cursor)->status());
    if (counted != rows) DieCheck(absl::StrCat(pass, " scan counted ", counted, " rows, want ", rows));
    return absl::ToDoubleSeconds(absl::Now() - start);
  };
  const double first_seconds = raw_scan("first");
  const double raw_seconds = raw_scan("second");

  // Decoded: every row read back and checked.
  const absl::Time start = absl::Now();
  auto cursor = snapshot->Scan(kCollection);
  if (!cursor.ok()) Die("Scan", cursor.status());
  int64_t decoded = 0;
  int64_t aid_sum = 0;
  uint64_t encoded_bytes = 0;
  Row row;
  for (; (*cursor)->Valid(); (*cursor)->Next()) {
    if (absl::Status s = (*cursor)->Read(&row); !s.ok()) Die("Cursor::Read", s);
    if (row.size() != 4 || !row[0].holds_int() || !row[3].holds_string() ||
        row[3].as_string().size() != kFillerBytes) {
      DieCheck(absl::StrCat("row ", decoded, " is not shaped like pgbench_accounts"));
    }
    if (row[1].as_int() != (row[0].as_int() - 1) / kAccountsPerBranch + 1) {
      DieCheck(absl::StrCat("row with aid ", row[0].as_int(), " has bid ", row[1].as_int()));
    }
    encoded_bytes += (*cursor)->encoded_row().size();
    decoded += (*cursor)->count();
    aid_sum += row[0].as_int() * (*cursor)->count();
  }
  if (!(*cursor)->status().ok()) Die("Scan", (*cursor)->status());
  double decode_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (decoded != rows) DieCheck(absl::StrCat("decoded scan counted ", decoded, " rows, want ", rows));
  if (aid_sum != rows * (rows + 1) / 2) DieCheck(absl::StrCat("sum of aid is ", aid_sum));

  absl::PrintF(
      "scan: %d rows checked; first pass %.3f s = %.0f rows/s, second %.3f s = %.0f rows/s, decoding and "
      "checking %.3f s = %.0f rows/s; encoded rows %.1f MiB (Stats %.1f MiB)\n",
      rows, first_seconds, rows / first_seconds, raw_seconds, rows / raw_seconds, decode_seconds,
      rows / decode_seconds, MiB(encoded_bytes), MiB(stats->bytes));
  absl::PrintF(
      "RESULT scan rows=%d first_seconds=%.6f first_rows_per_s=%.0f seconds=%.6f rows_per_s=%.0f "
      "decode_seconds=%.6f decode_rows_per_s=%.0f encoded_bytes=%d stats_bytes=%d peak_rss_kb=%d\n",
      rows, first_seconds, rows / first_seconds, raw_seconds, rows / raw_seconds, decode_seconds,
      rows / decode_seconds, encoded_bytes, stats->bytes, PeakRssKb());
}

int RunBulk(const Args& args) {
  if (args.rows <= 0 || args.writers <= 0 || args.dir.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::unique_ptr<Storage> storage = OpenStorage(args);
  const double cpu_start = CpuSeconds();
  const absl::Time start = absl::Now();

  auto begun = storage->BeginBulkLoad(kCollection);
  if (!begun.ok()) Die("BeginBulkLoad", begun.status());
  std::unique_ptr<BulkLoad> load = *std::move(begun);

  std::vector<std::unique_ptr<BulkLoad::Writer>> writers;
  for (int w = 0; w < args.writers; ++w) {
    auto writer = load->NewWriter();
    if (!writer.ok()) Die("NewWriter", writer.status());
    writers.push_back(*std::move(writer));
  }

  FirstError error;
  std::vector<absl::Duration> add_done(args.writers), finish_done(args.writers);
  std::vector<std::thread> threads;
  for (int w = 0; w < args.writers; ++w) {
    threads.emplace_back([&, w] {
      // Writer w loads aids (lo, hi]: contiguous, like a split COPY.
      const int64_t lo = args.rows * w / args.writers;
      const int64_t hi = args.rows * (w + 1) / args.writers;
      BulkLoad::Writer& writer = *writers[w];
      Row row = AccountRow(lo + 1);
      for (int64_t aid = lo + 1; aid <= hi; ++aid) {
        row[0] = Datum::FromInt(aid);
        row[1] = Datum::FromInt((aid - 1) / kAccountsPerBranch + 1);
        if (absl::Status s = writer.Add(row); !s.ok()) {
          error.Set(absl::StrCat("Writer::Add (aid ", aid, ")"), s);
          return;
        }
        if ((aid & 0xffff) == 0 && error.failed()) return;
      }
      add_done[w] = absl::Now() - start;
      if (absl::Status s = writer.Finish(); !s.ok()) {
        error.Set("Writer::Finish", s);
        return;
      }
      finish_done[w] = absl::Now() - start;
    });
  }
  for (std::thread& t : threads) t.join();
  error.DieIfSet();
  const absl::Duration written = absl::Now() - start;

  uint64_t added = 0;
  for (const auto& writer : writers) added += writer->rows_added();
  if (added != static_cast<uint64_t>(args.rows)) {
    DieCheck(absl::StrCat("writers added ", added, " rows, want ", args.rows));
  }
  writers.clear();

  CommitRequest publish;
  publish.frontiers.emplace_back("bench.resume_lsn", "0/16B3748");
  auto published = load->Publish(std::move(publish));
  if (!published.ok()) Die("Publish", published.status());
  const absl::Duration total = absl::Now() - start;
  const double cpu = CpuSeconds() - cpu_start;
  const int64_t peak_rss_kb = PeakRssKb();
  if (load->rows_loaded() != static_cast<uint64_t>(args.rows)) {
    DieCheck(absl::StrCat("rows_loaded() = ", load->rows_loaded(), ", want ", args.rows));
  }
  load.reset();

  const uint64_t disk_bytes = storage->DiskBytes();
  const uint64_t dir_bytes = DirBytes(args.dir);
  const freshet::storage::Counters counters = storage->counters();
  const double seconds = absl::ToDoubleSeconds(total);
  const double add_s = absl::ToDoubleSeconds(*std::max_element(add_done.begin(), add_done.end()));
  const double finish_s = absl::ToDoubleSeconds(*std::max_element(finish_done.begin(), finish_done.end()));
  const double publish_s = absl::ToDoubleSeconds(total - written);

  absl::PrintF(
      "bulk: %d rows, %d writer(s): %.3f s = %.0f rows/s (adds done at %.3f s, finishes at %.3f s, publish "
      "%.3f s); cpu %.2f s; disk %.1f MiB (dir %.1f MiB, %.1f B/row); peak RSS %.1f MiB\n",
      args.rows, args.writers, seconds, args.rows / seconds, add_s, finish_s, publish_s, cpu, MiB(disk_bytes),
      MiB(dir_bytes), static_cast<double>(disk_bytes) / args.rows, peak_rss_kb / 1024.0);
  absl::PrintF(
      "RESULT bulk rows=%d writers=%d seconds=%.6f rows_per_s=%.0f add_seconds=%.6f finish_seconds=%.6f "
      "publish_seconds=%.6f cpu_seconds=%.3f disk_bytes=%d dir_bytes=%d bytes_written=%d peak_rss_kb=%d\n",
      args.rows, args.writers, seconds, args.rows / seconds, add_s, finish_s, publish_s, cpu, disk_bytes,
      dir_bytes, counters.bytes_written, peak_rss_kb);
  std::cout.flush();

  ScanAndCheck(*storage, args.rows);
  return 0;
}

// ---- commits -------------------------------------------------------------

// Nearest rank: the smallest value with at least p of the values at or below.
int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

int RunCommits(const Args& args) {
  if (args.commits <= 0 || args.writers <= 0 || args.dir.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::unique_ptr<Storage> storage = OpenStorage(args);
  if (absl::Status s = storage->CreateCollection(kCollection); !s.ok()) Die("CreateCollection", s);
  const freshet::storage::Counters before = storage->counters();

  FirstError error;
  std::vector<std::vector<int64_t>> latencies_ns(args.writers);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < args.writers; ++w) {
    threads.emplace_back([&, w] {
      const int64_t lo = args.commits * w / args.writers;
      const int64_t hi = args.commits * (w + 1) / args.writers;
      std::vector<int64_t>& latencies = latencies_ns[w];
      latencies.reserve(hi - lo);
      Row row = AccountRow(lo + 1);
      row[1] = Datum::FromInt(w + 1);
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (int64_t aid = lo + 1; aid <= hi; ++aid) {
        row[0] = Datum::FromInt(aid);
        CommitRequest request;
        request.updates.push_back(Update{kCollection, row, 1});
        auto t0 = std::chrono::steady_clock::now();
        auto committed = storage->Commit(std::move(request));
        auto t1 = std::chrono::steady_clock::now();
        if (!committed.ok()) {
          error.Set(absl::StrCat("Commit (aid ", aid, ")"), committed.status());
          return;
        }
        latencies.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
        if (error.failed()) return;
      }
    });
  }
  while (ready.load() < args.writers) std::this_thread::yield();
  const double cpu_start = CpuSeconds();
  const absl::Time start = absl::Now();
  go.store(true, std::memory_order_release);
  for (std::thread& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const double cpu = CpuSeconds() - cpu_start;
  error.DieIfSet();

  const freshet::storage::Counters after = storage->counters();
  const uint64_t commits = after.commits - before.commits;
  const uint64_t group_writes = after.group_writes - before.group_writes;
  if (commits != static_cast<uint64_t>(args.commits)) {
    DieCheck(absl::StrCat("Counters().commits grew by ", commits, ", want ", args.commits));
  }
  auto stats = storage->GetSnapshot()->Stats(kCollection);
  if (!stats.ok()) Die("Stats", stats.status());
  if (stats->rows != args.commits) DieCheck(absl::StrCat("Stats().rows = ", stats->rows, ", want ", args.commits));

  std::vector<int64_t> all;
  all.reserve(args.commits);
  for (const auto& l : latencies_ns) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  double mean_us = 0;
  for (int64_t ns : all) mean_us += ns / 1e3;
  mean_us /= static_cast<double>(all.size());
  const double p50_us = Percentile(all, 0.50) / 1e3;
  const double p99_us = Percentile(all, 0.99) / 1e3;
  const double max_us = all.back() / 1e3;
  const double grouping = group_writes > 0 ? static_cast<double>(commits) / group_writes : 0;
  const int64_t peak_rss_kb = PeakRssKb();

  absl::PrintF(
      "commits: %d single-row commits, %d writer(s), sync %s: %.3f s = %.0f commits/s; latency mean %.0f us, "
      "p50 %.0f us, p99 %.0f us, max %.0f us; %d durable writes (%.2f commits each); cpu %.2f s; disk %.1f MiB; "
      "peak RSS %.1f MiB\n",
      args.commits, args.writers, args.sync ? "on" : "off", seconds, args.commits / seconds, mean_us, p50_us,
      p99_us, max_us, group_writes, grouping, cpu, MiB(storage->DiskBytes()), peak_rss_kb / 1024.0);
  absl::PrintF(
      "RESULT commits commits=%d writers=%d sync=%d seconds=%.6f commits_per_s=%.0f mean_us=%.1f p50_us=%.1f "
      "p99_us=%.1f max_us=%.1f group_writes=%d grouping=%.3f cpu_seconds=%.3f disk_bytes=%d peak_rss_kb=%d\n",
      args.commits, args.writers, args.sync ? 1 : 0, seconds, args.commits / seconds, mean_us, p50_us, p99_us,
      max_us, group_writes, grouping, cpu, storage->DiskBytes(), peak_rss_kb);
  return 0;
}

// ---- arguments -----------------------------------------------------------

bool ParseArgs(int argc, char** argv, Args* args) {
  if (argc < 2) return false;
  args->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    if (arg == "--no-sync" && !has_value) {
      args->sync = false;
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argc) return false;
      value = argv[++i];
    }
    bool ok = true;
    if (arg == "--rows") {
      ok = absl::SimpleAtoi(value, &args->rows);
    } else if (arg == "--commits") {
      ok = absl::SimpleAtoi(value, &args->commits);
    } else if (arg == "--writers") {
      ok = absl::SimpleAtoi(value, &args->writers);
    } else if (arg == "--chunk-mb") {
      ok = absl::SimpleAtoi(value, &args->chunk_mb);
    } else if (arg == "--dir") {
      args->dir = value;
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "storage_bench: bad argument " << arg << " " << value << "\n";
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::cerr << kUsage;
    return 2;
  }
  if (args.command == "bulk") return RunBulk(args);
  if (args.command == "commits") return RunCommits(args);
  std::cerr << kUsage;
  return 2;
}
