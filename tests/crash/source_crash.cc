// source_crash: the kill -9 test of the PostgreSQL source (README.md). The
// workload (tables, writer, watcher) is in source_crash_workload.h.
//
//   source_crash run [--kills K] [--kills-per-source M] [--seed S] [--rows N]
//                    [--freshet PATH] [--upstream CONNINFO]
//
// Upstream it makes two tables, crash_<pid>_a (with a primary key) and
// crash_<pid>_b (without one, holding duplicate rows), both REPLICA IDENTITY
// FULL with their big text column stored out of line (TOAST), a publication
// of just these two, and N rows in each. Then it starts Freshet, creates a
// source FOR ALL TABLES on the publication and, while a writer thread keeps
// committing multi-table transactions upstream, kills Freshet with SIGKILL
// at random moments and starts it again on the same data directory: the
// first kills of a source land in its initial snapshot (at a random share of
// the rows copied, or while it connects; one aims between the two tables'
// snapshot commits), the others while it streams (some right after a
// restart, most once the restarted source has committed again).
//
// Every upstream transaction moves an amount between the tables, so that
// sum(a.balance) + sum(b.val) never changes, and writes its number into a
// counter row of each table (a.id = 0, b.grp = 0). A watcher thread queries
// Freshet over and over: one query must always see the sum unchanged and
// both counters equal (multi-table transactions are seen whole), and the
// counter must never go back (what a query saw was committed and survives a
// kill). After each kill the slot's confirmed_flush_lsn must not be past the
// resume LSN Freshet shows after the restart, which must not be behind the one
// it showed before the kill.
//
// After M kills (all K when K <= M) the writer pauses, Freshet must catch up
// with upstream's pg_current_wal_lsn() (<source>_progress) within 60 s, both
// tables must equal upstream exactly as multisets, the source and its tables
// must be running with statistics that agree with the progress relation, and
// DROP SOURCE must drop the slot. Longer runs then make a new source, with a
// new snapshot to kill, and go on.
//
// The seed fixes the kill plan and the writer's transactions; the timing of
// kills relative to the stream still varies from run to run. On failure the
// output says FAILED with the seed, Freshet's data directory and log are kept,
// and the upstream tables are left in place.
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "source_crash_workload.h"
#include "testkit/freshet_process.h"
#include "testkit/pg_client.h"

namespace freshet::crash {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using testkit::ConnParams;
using testkit::PgConnPtr;
using testkit::TextRow;

constexpr char kSourceName[] = "crash_src";
constexpr auto kCatchUpTimeout = std::chrono::seconds(60);
// A restarted source must commit something new within this long (the
// writer never stops while kills go on).
constexpr auto kResumeTimeout = std::chrono::seconds(30);

// ---------------------------------------------------------------------------
// The run.

struct Options {
  int kills = 20;
  int kills_per_source = 25;  // then the source is checked, dropped and made again
  uint64_t seed = 0;
  int rows = 20000;
  std::string freshet;
  std::string upstream;
};

// What Freshet shows of the source at one moment.
struct SourceView {
  bool reachable = false;
  bool snapshot_committed = false;  // the whole source's
  int tables_committed = 0;         // subsources whose snapshot is committed
  int64_t staged = 0, known = 0;    // snapshot records
  std::optional<int64_t> progress;  // SELECT lsn FROM <source>_progress

  std::string Describe() const {
    if (!reachable) return "startup (not answering yet)";
    if (!snapshot_committed) {
      return absl::StrCat("snapshot (", tables_committed, " of 2 tables committed, ", staged, "/", known,
                          " rows staged)");
    }
    return absl::StrCat("streaming (resume LSN ", progress ? FormatLsn(*progress) : "none yet", ")");
  }
};

enum class KillKind { kSnapshot, kBetweenTables, kEarly, kStreaming };

const char* KindName(KillKind k) {
  switch (k) {
    case KillKind::kSnapshot: return "during the snapshot";
    case KillKind::kBetweenTables: return "around the tables' snapshot commits";
    case KillKind::kEarly: return "right after the restart";
    case KillKind::kStreaming: return "while streaming";
  }
  return "?";
}

class SourceCrash {
 public:
  explicit SourceCrash(Options o) : o_(std::move(o)), rng_(o_.seed) {
    std::string prefix = absl::StrCat("crash_", getpid());
    n_ = Names{prefix + "_a", prefix + "_b", prefix + "_pub"};
  }

  int Main() {
    started_ = Clock::now();
    printf("source_crash: seed %llu, %d kills, %d rows per table, tables %s and %s\n",
           static_cast<unsigned long long>(o_.seed), o_.kills, o_.rows, n_.a.c_str(), n_.b.c_str());
    fflush(stdout);
    absl::Status s = RunAll();
    if (s.ok()) return 0;
    printf("source_crash: FAILED: %s\n", std::string(s.message()).c_str());
    printf("  rerun with: source_crash run --kills %d --kills-per-source %d --seed %llu --rows %d\n", o_.kills,
           o_.kills_per_source, static_cast<unsigned long long>(o_.seed), o_.rows);
    if (freshet_ != nullptr) {
      printf("%s\n", freshet_->LogTail(60).c_str());
      printf("  Freshet's data directory and log are kept in %s\n", freshet_->tmp_dir().c_str());
      setenv("FRESHET_KEEP_TMP", "1", 1);
      if (freshet_->running()) (void)freshet_->Kill();
    }
    writer_.reset();
    watcher_.reset();
    // The tables stay upstream for inspection, but not the slot: it would hold
    // WAL back for good.
    if (up_ != nullptr && !slot_.empty()) {
      std::string where = absl::StrCat(" FROM pg_replication_slots WHERE slot_name = ", Literal(slot_));
      (void)Execute(up_.get(), absl::StrCat("SELECT pg_terminate_backend(active_pid)", where,
                                            " AND active_pid IS NOT NULL"));
      std::this_thread::sleep_for(milliseconds(500));
      if (auto st = Execute(up_.get(), absl::StrCat("SELECT pg_drop_replication_slot(slot_name)", where)); !st.ok()) {
        printf("  could not drop the slot %s upstream: %s\n", slot_.c_str(), std::string(st.message()).c_str());
      }
    }
    printf("  upstream tables %s, %s and publication %s are left for inspection\n", n_.a.c_str(), n_.b.c_str(),
           n_.publication.c_str());
    fflush(stdout);
    return 1;
  }

 private:
  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

  absl::Status RunAll() {
    auto up_params = testkit::ParseConninfo(o_.upstream);
    if (!up_params.ok()) return up_params.status();
    up_params_ = *up_params;
    auto up = ConnectTo(up_params_);
    if (!up.ok()) return up.status();
    up_ = *std::move(up);
    auto k = SetUpUpstream(up_.get(), n_, o_.rows);
    if (!k.ok()) return k.status();
    constant_ = *k;
    printf("[%5.1fs] upstream ready: %d + %d rows, invariant sum = %s\n", Elapsed(), o_.rows + 1, o_.rows + 1,
           constant_.c_str());

    testkit::FreshetOptions options;
    options.binary = o_.freshet;
    auto fp = testkit::FreshetProcess::Create(options);
    if (!fp.ok()) return fp.status();
    freshet_ = *std::move(fp);
    if (auto st = freshet_->Start(); !st.ok()) return st;
    auto fr_params = testkit::ParseConninfo(freshet_->conninfo());
    if (!fr_params.ok()) return fr_params.status();
    fr_params_ = *fr_params;
    if (auto st = Reconnect(); !st.ok()) return st;

    if (auto st = CreateConnection(); !st.ok()) return st;
    writer_ = std::make_unique<Writer>(up_params_, n_, o_.seed ^ 0x9e3779b97f4a7c15ULL, o_.rows);

    // One source per kills_per_source kills, each with its own snapshot to
    // kill, checked against upstream and dropped before the next one.
    int done = 0;
    for (int round = 1; done < o_.kills || round == 1; ++round) {
      int kills = std::min(o_.kills - done, o_.kills_per_source);
      if (auto st = writer_->Start(); !st.ok()) return st;
      if (auto st = CreateSource(round); !st.ok()) return st;
      watcher_ = std::make_unique<Watcher>(fr_params_, n_, constant_);
      watcher_->Start();
      for (int i = 1; i <= kills; ++i) {
        if (auto st = KillOnce(i, kills, done + i); !st.ok()) return st;
      }
      if (auto st = VerifySource(); !st.ok()) return st;
      if (auto st = DropSource(); !st.ok()) return st;
      done += kills;
    }
    return Finish();
  }

  absl::Status Reconnect() {
    auto c = ConnectTo(fr_params_);
    if (!c.ok()) return c.status();
    fr_ = *std::move(c);
    return absl::OkStatus();
  }

  absl::Status CreateConnection() {
    std::string host = testkit::GetParam(up_params_, "host").value_or("127.0.0.1");
    std::string port = testkit::GetParam(up_params_, "port").value_or("5432");
    std::string user = testkit::GetParam(up_params_, "user").value_or("postgres");
    std::string db = testkit::GetParam(up_params_, "dbname").value_or("postgres");
    return Execute(fr_.get(), absl::StrCat("CREATE CONNECTION pg TO POSTGRES (HOST ", Literal(host), ", PORT ", port,
                                           ", USER ", Literal(user), ", DATABASE ", Literal(db), ")"));
  }

  absl::Status CreateSource(int round) {
    if (auto st = Execute(fr_.get(), absl::StrCat("CREATE SOURCE ", kSourceName, " FROM POSTGRES CONNECTION pg "
                                                  "(PUBLICATION ",
                                                  Literal(n_.publication), ") FOR ALL TABLES"));
        !st.ok()) {
      return st;
    }
    restarted_ = Clock::now();
    progress_at_restart_.reset();
    auto ids = Query(fr_.get(), absl::StrCat("SELECT s.id, p.replication_slot FROM mz_sources s JOIN "
                                             "mz_internal.mz_postgres_sources p ON p.id = s.id WHERE s.name = ",
                                             Literal(kSourceName)));
    if (!ids.ok()) return ids.status();
    if (ids->size() != 1 || !(*ids)[0][0] || !(*ids)[0][1]) {
      return absl::InternalError("the new source is missing from mz_sources / mz_postgres_sources");
    }
    source_id_ = *(*ids)[0][0];
    slot_ = *(*ids)[0][1];
    printf("[%5.1fs] source %d: %s created (id %s, slot %s) while the writer runs\n", Elapsed(), round, kSourceName,
           source_id_.c_str(), slot_.c_str());
    fflush(stdout);
    return absl::OkStatus();
  }

  SourceView Observe(bool with_progress = true) {
    SourceView v;
    if (fr_ == nullptr || PQstatus(fr_.get()) != CONNECTION_OK) return v;
    auto stats = Query(fr_.get(), "SELECT id, snapshot_committed, snapshot_records_staged, snapshot_records_known "
                                  "FROM mz_internal.mz_source_statistics");
    if (!stats.ok()) return v;
    v.reachable = true;
    for (const TextRow& r : *stats) {
      if (r.size() != 4 || !r[0]) continue;
      bool committed = r[1] == std::optional<std::string>("t");
      if (*r[0] == source_id_) {
        v.snapshot_committed = committed;
        if (r[2]) (void)absl::SimpleAtoi(*r[2], &v.staged);
        if (r[3]) (void)absl::SimpleAtoi(*r[3], &v.known);
      } else if (committed) {
        ++v.tables_committed;
      }
    }
    if (!with_progress) return v;
    auto p = QueryInt(fr_.get(), ProgressSql());
    if (p.ok()) v.progress = *p;
    return v;
  }

  std::string ProgressSql() const { return absl::StrCat("SELECT lsn FROM ", kSourceName, "_progress"); }

  absl::StatusOr<std::optional<int64_t>> ConfirmedFlush() {
    return QueryInt(up_.get(), absl::StrCat("SELECT (confirmed_flush_lsn - '0/0')::bigint FROM pg_replication_slots "
                                            "WHERE slot_name = ",
                                            Literal(slot_)));
  }

  absl::Status CheckRunning() {
    if (auto st = freshet_->CheckAlive(); !st.ok()) return st;
    if (auto st = writer_->status(); !st.ok()) return absl::InternalError(absl::StrCat("upstream writer: ", st.message()));
    if (auto f = watcher_->failure()) return absl::DataLossError(*f);
    return absl::OkStatus();
  }

  // The snapshot restarts after each kill that lands in it, so the first
  // kills all aim at it (the last of them around the tables' snapshot
  // commits); the rest aim at the stream.
  KillKind Plan(int i, int kills) {
    int snapshot_kills = std::max(2, kills / 5);
    if (i < snapshot_kills) return KillKind::kSnapshot;
    if (i == snapshot_kills) return KillKind::kBetweenTables;
    return rng_.Chance(0.25) ? KillKind::kEarly : KillKind::kStreaming;
  }

  // Waits for the moment to kill; returns what Freshet showed last.
  absl::StatusOr<SourceView> WaitForKillPoint(KillKind kind, int* delay_ms) {
    SourceView v = Observe();
    bool snapshot_phase = kind == KillKind::kSnapshot || kind == KillKind::kBetweenTables;
    if (snapshot_phase && v.reachable && v.snapshot_committed) kind = KillKind::kStreaming;  // too late for that
    auto since_restart = [&] {
      return static_cast<int>(std::chrono::duration_cast<milliseconds>(Clock::now() - restarted_).count());
    };
    switch (kind) {
      case KillKind::kSnapshot: {
        // At a random point of the copy (snapshot_records_staged out of
        // _known), or now and then while the source is still connecting.
        auto deadline = Clock::now() + kCatchUpTimeout;
        if (rng_.Chance(0.2)) {
          std::this_thread::sleep_until(restarted_ + milliseconds(rng_.Between(0, 200)));
          v = Observe();
        } else {
          double fraction = static_cast<double>(rng_.Between(0, 95)) / 100;
          while (!v.snapshot_committed && !(v.known > 0 && static_cast<double>(v.staged) >= fraction * v.known)) {
            if (Clock::now() > deadline) return absl::DeadlineExceededError("the snapshot did not commit within 60 s");
            if (auto st = CheckRunning(); !st.ok()) return st;
            std::this_thread::sleep_for(milliseconds(2));
            v = Observe(/*with_progress=*/false);
          }
        }
        *delay_ms = since_restart();
        return v;
      }
      case KillKind::kBetweenTables: {
        // The tables' snapshots are committed one after the other, about a
        // millisecond apart, after the copy. Once nearly every row is
        // staged, kill at a random moment in the next 300 ms (at once when
        // one table shows committed and not the other): just before, in
        // between (rarely: the window is that short), or just after.
        auto deadline = Clock::now() + kCatchUpTimeout;
        auto nearly_copied = [&] {
          return v.tables_committed >= 1 || v.snapshot_committed ||
                 (v.known > 0 && static_cast<double>(v.staged) >= 0.98 * static_cast<double>(v.known));
        };
        while (!nearly_copied()) {
          if (Clock::now() > deadline) return absl::DeadlineExceededError("the snapshot did not commit within 60 s");
          if (auto st = CheckRunning(); !st.ok()) return st;
          v = Observe(/*with_progress=*/false);
        }
        auto kill_at = Clock::now() + milliseconds(rng_.Between(0, 300));
        while (Clock::now() < kill_at && v.tables_committed == 0 && !v.snapshot_committed) {
          v = Observe(/*with_progress=*/false);
        }
        *delay_ms = since_restart();
        return v;
      }
      case KillKind::kEarly:
        *delay_ms = static_cast<int>(rng_.Between(0, 300));
        std::this_thread::sleep_until(restarted_ + milliseconds(*delay_ms));
        return Observe();
      case KillKind::kStreaming: {
        // Wait until the restarted source has committed something new, so
        // that the kill lands in a live stream.
        auto deadline = restarted_ + kResumeTimeout;
        while (!(v.snapshot_committed && v.progress && v.progress > progress_at_restart_)) {
          if (Clock::now() > deadline) {
            return absl::DeadlineExceededError(absl::StrCat(
                "the source did not commit anything within ", kResumeTimeout.count(), " s after a restart: ",
                v.Describe(), "\n", SourceStatuses()));
          }
          if (auto st = CheckRunning(); !st.ok()) return st;
          std::this_thread::sleep_for(milliseconds(20));
          v = Observe();
        }
        int extra = static_cast<int>(rng_.Between(0, 1500));
        std::this_thread::sleep_for(milliseconds(extra));
        *delay_ms = since_restart();
        return Observe();
      }
    }
    return v;
  }

  std::string SourceStatuses() {
    if (fr_ == nullptr) return "";
    auto rows = Query(fr_.get(), "SELECT name, status, error FROM mz_internal.mz_source_statuses ORDER BY name");
    if (!rows.ok()) return std::string(rows.status().message());
    std::vector<std::string> lines;
    for (const TextRow& r : *rows) {
      lines.push_back(absl::StrCat("  ", r[0].value_or("<null>"), ": ", r[1].value_or("<null>"), " ",
                                   r[2].value_or("")));
    }
    return absl::StrCat("mz_source_statuses:\n", absl::StrJoin(lines, "\n"));
  }

  // The i-th of `kills` kills of the current source, the n-th of the run.
  absl::Status KillOnce(int i, int kills, int n) {
    KillKind kind = Plan(i, kills);
    int delay = 0;
    auto v = WaitForKillPoint(kind, &delay);
    if (!v.ok()) return v.status();
    if (auto st = CheckRunning(); !st.ok()) return st;
    std::optional<int64_t> before = v->progress;
    if (auto st = freshet_->Kill(); !st.ok()) return st;
    fr_.reset();
    auto cf = ConfirmedFlush();
    if (!cf.ok()) return cf.status();
    if (auto st = freshet_->Start(); !st.ok()) return st;
    restarted_ = Clock::now();
    if (auto st = Reconnect(); !st.ok()) return st;
    auto after = QueryInt(fr_.get(), ProgressSql());
    if (!after.ok()) return after.status();
    progress_at_restart_ = *after;
    if (before && (!*after || **after < *before)) {
      return absl::DataLossError(absl::StrCat("the resume LSN went back over a kill: ", FormatLsn(*before),
                                              " before, ", *after ? FormatLsn(**after) : "none", " after"));
    }
    if (*cf && **cf > after->value_or(0) && *after) {
      return absl::DataLossError(absl::StrCat("the slot's confirmed_flush_lsn ", FormatLsn(**cf),
                                              " is past the resume LSN Freshet committed, ", FormatLsn(**after)));
    }
    // What Freshet showed last can be a moment old; in the snapshot, the
    // restarted source tells where the kill really landed.
    std::string landed = !v->reachable ? "startup" : v->snapshot_committed ? "streaming" : "snapshot";
    std::string durable;
    if (landed == "snapshot") {
      int committed = DurableSnapshots();
      if (committed == 1) landed = "between-snapshot-commits";
      if (committed == 2) landed = "snapshot-commit";
      durable = committed < 0 ? "; restarted in an unknown state"
                              : absl::StrCat("; restarted with ", committed, " of 2 tables' snapshots committed");
    }
    ++kinds_[landed];
    printf("[%5.1fs] kill %d/%d (aimed %s), %d ms after the start: last seen %s%s; slot confirmed %s; %lld txns written, "
           "%lld checks ok\n",
           Elapsed(), n, o_.kills, KindName(kind), delay, v->Describe().c_str(), durable.c_str(),
           *cf ? FormatLsn(**cf).c_str() : "-", static_cast<long long>(writer_->committed()),
           static_cast<long long>(watcher_->checks()));
    fflush(stdout);
    return absl::OkStatus();
  }

  // How many tables' snapshots a restarted source found committed: read once
  // it has loaded its state (its status has left "starting"), before it has
  // had time to snapshot again. -1 when that does not happen within 10 s.
  int DurableSnapshots() {
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      auto status = Query(fr_.get(), absl::StrCat("SELECT status FROM mz_internal.mz_source_statuses WHERE id = ",
                                                  Literal(source_id_)));
      if (status.ok() && status->size() == 1 && (*status)[0][0] != std::optional<std::string>("starting")) {
        SourceView v = Observe(/*with_progress=*/false);
        return v.reachable ? (v.snapshot_committed ? 2 : v.tables_committed) : -1;
      }
      std::this_thread::sleep_for(milliseconds(2));
    }
    return -1;
  }

  // Stops the writer, waits for Freshet to catch up with upstream and
  // compares everything.
  absl::Status VerifySource() {
    writer_->Stop();
    if (auto st = CheckRunning(); !st.ok()) return st;
    auto target = QueryInt(up_.get(), "SELECT (pg_current_wal_lsn() - '0/0')::bigint");
    if (!target.ok()) return target.status();
    int64_t lsn = target->value_or(0);
    printf("[%5.1fs] writer stopped after %lld transactions; waiting for Freshet to reach upstream LSN %s\n",
           Elapsed(), static_cast<long long>(writer_->committed()), FormatLsn(lsn).c_str());
    fflush(stdout);
    auto deadline = Clock::now() + kCatchUpTimeout;
    std::optional<int64_t> progress;
    for (;;) {
      if (auto st = CheckRunning(); !st.ok()) return st;
      auto p = QueryInt(fr_.get(), ProgressSql());
      if (p.ok()) progress = *p;
      if (progress && *progress >= lsn) break;
      if (Clock::now() > deadline) {
        return absl::DeadlineExceededError(
            absl::StrCat("Freshet did not reach upstream's LSN ", FormatLsn(lsn), " within 60 s: its resume LSN is ",
                         progress ? FormatLsn(*progress) : "none", "\n", SourceStatuses()));
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    auto cf = ConfirmedFlush();
    if (!cf.ok()) return cf.status();
    auto now = QueryInt(fr_.get(), ProgressSql());
    if (!now.ok()) return now.status();
    if (*cf && **cf > now->value_or(0)) {
      return absl::DataLossError(absl::StrCat("the slot's confirmed_flush_lsn ", FormatLsn(**cf),
                                              " is past the resume LSN Freshet committed, ",
                                              *now ? FormatLsn(**now) : "none"));
    }
    printf("[%5.1fs] caught up: resume LSN %s, slot confirmed %s\n", Elapsed(), FormatLsn(*progress).c_str(),
           *cf ? FormatLsn(**cf).c_str() : "-");

    for (const std::string& t : {n_.a, n_.b}) {
      std::string cols = t == n_.a ? "id, balance, note, big, seq" : "grp, val, note, big, seq";
      if (auto st = CompareTable(t, cols); !st.ok()) return st;
    }
    if (auto st = CheckStatuses(); !st.ok()) return st;
    watcher_->Stop();
    if (auto f = watcher_->failure()) return absl::DataLossError(*f);
    if (watcher_->checks() == 0) return absl::InternalError("the watcher never saw the tables readable");
    printf("[%5.1fs] watcher: %lld consistent answers (last counter %lld); errors on the way: %s\n", Elapsed(),
           static_cast<long long>(watcher_->checks()), static_cast<long long>(watcher_->last_counter()),
           watcher_->ErrorSummary().c_str());

    return absl::OkStatus();
  }

  absl::Status Finish() {
    fr_.reset();
    if (auto st = freshet_->Stop(); !st.ok()) return st;
    if (auto st = Execute(up_.get(), absl::StrCat("DROP PUBLICATION ", n_.publication, "; DROP TABLE ", n_.a, ", ",
                                                  n_.b));
        !st.ok()) {
      return st;
    }
    std::vector<std::string> parts;
    for (const auto& [what, count] : kinds_) parts.push_back(absl::StrCat(count, " ", what));
    printf("source_crash: %d kills passed (killed during: %s), %lld transactions, tables equal upstream; seed %llu, "
           "%.1f s\n",
           o_.kills, parts.empty() ? "-" : absl::StrJoin(parts, ", ").c_str(),
           static_cast<long long>(writer_->committed()), static_cast<unsigned long long>(o_.seed), Elapsed());
    return absl::OkStatus();
  }

  // Both sides' rows, sorted here (collations may differ), compared as
  // multisets; the difference is the failure's text.
  absl::Status CompareTable(const std::string& table, const std::string& cols) {
    std::string sql = absl::StrCat("SELECT ", cols, " FROM ", table);
    auto up = Query(up_.get(), sql);
    if (!up.ok()) return up.status();
    auto fr = Query(fr_.get(), sql);
    if (!fr.ok()) return fr.status();
    std::map<TextRow, int64_t> diff;
    for (const TextRow& r : *up) ++diff[r];
    for (const TextRow& r : *fr) --diff[r];
    std::vector<std::string> lines;
    int64_t missing = 0, extra = 0;
    for (const auto& [row, d] : diff) {
      if (d == 0) continue;
      (d > 0 ? missing : extra) += d > 0 ? d : -d;
      if (lines.size() < 40) {
        lines.push_back(absl::StrCat(d > 0 ? "  upstream only" : "  Freshet only", d > 1 || d < -1
                                         ? absl::StrCat(" (x", d > 0 ? d : -d, ")") : "", ": ", ShowRow(row)));
      }
    }
    if (missing == 0 && extra == 0) {
      printf("[%5.1fs] %s: %zu rows, equal to upstream\n", Elapsed(), table.c_str(), up->size());
      return absl::OkStatus();
    }
    return absl::DataLossError(absl::StrCat(table, " differs from upstream: ", up->size(), " rows upstream, ",
                                            fr->size(), " in Freshet; ", missing, " missing and ", extra,
                                            " extra in Freshet (", cols, "):\n", absl::StrJoin(lines, "\n")));
  }

  static std::string ShowRow(const TextRow& r) {
    std::vector<std::string> v;
    for (const auto& x : r) {
      if (!x) {
        v.push_back("<null>");
      } else if (x->size() > 40) {
        uint64_t h = 1469598103934665603ULL;  // FNV-1a, to tell long values apart
        for (unsigned char c : *x) h = (h ^ c) * 1099511628211ULL;
        v.push_back(absl::StrFormat("%s...(%d chars, hash %016x)", x->substr(0, 12), x->size(), h));
      } else {
        v.push_back(absl::StrCat("'", *x, "'"));
      }
    }
    return absl::StrJoin(v, " | ");
  }

  absl::Status CheckStatuses() {
    auto rows = Query(fr_.get(), "SELECT name, status, error FROM mz_internal.mz_source_statuses");
    if (!rows.ok()) return rows.status();
    for (const TextRow& r : *rows) {
      if (r[0] != std::optional<std::string>(kSourceName) && r[0] != n_.a && r[0] != n_.b) continue;
      if (r[1] != std::optional<std::string>("running")) {
        return absl::InternalError(absl::StrCat("after catching up, ", SourceStatuses()));
      }
    }
    // The statistics must agree with the progress relation. A commit may
    // land between the queries (upstream still writes a little WAL), so look
    // until both read the same between two equal progress values.
    auto deadline = Clock::now() + std::chrono::seconds(5);
    for (;;) {
      auto p1 = QueryInt(fr_.get(), ProgressSql());
      if (!p1.ok()) return p1.status();
      auto stats = Query(fr_.get(), absl::StrCat("SELECT snapshot_committed, offset_committed FROM "
                                                 "mz_internal.mz_source_statistics WHERE id = ",
                                                 Literal(source_id_)));
      if (!stats.ok()) return stats.status();
      auto p2 = QueryInt(fr_.get(), ProgressSql());
      if (!p2.ok()) return p2.status();
      std::string committed = stats->size() == 1 ? (*stats)[0][0].value_or("<null>") : "?";
      std::string offset = stats->size() == 1 ? (*stats)[0][1].value_or("<null>") : "?";
      if (committed == "t" && *p1 && *p1 == *p2 && offset == absl::StrCat(**p1)) return absl::OkStatus();
      if (Clock::now() > deadline) {
        return absl::InternalError(absl::StrCat("mz_source_statistics disagrees with ", kSourceName,
                                                "_progress (lsn ", p2->value_or(-1), "): snapshot_committed ",
                                                committed, ", offset_committed ", offset));
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
  }

  absl::Status DropSource() {
    if (auto st = Execute(fr_.get(), absl::StrCat("DROP SOURCE ", kSourceName, " CASCADE")); !st.ok()) return st;
    auto deadline = Clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto left = QueryInt(up_.get(), absl::StrCat("SELECT count(*) FROM pg_replication_slots WHERE slot_name IN (",
                                                   Literal(slot_), ", ", Literal(slot_ + "_snapshot"), ")"));
      if (!left.ok()) return left.status();
      if (left->value_or(0) == 0) break;
      if (Clock::now() > deadline) {
        return absl::InternalError(absl::StrCat("the slot ", slot_, " is still there 10 s after DROP SOURCE"));
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    printf("[%5.1fs] DROP SOURCE dropped the slot %s\n", Elapsed(), slot_.c_str());
    slot_.clear();
    return absl::OkStatus();
  }

  Options o_;
  Rng rng_;  // the kill plan; the writer has its own
  Names n_;
  Clock::time_point started_;
  Clock::time_point restarted_;
  ConnParams up_params_, fr_params_;
  PgConnPtr up_;  // upstream, main thread
  PgConnPtr fr_;  // Freshet, main thread
  std::unique_ptr<testkit::FreshetProcess> freshet_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<Watcher> watcher_;
  std::string constant_;
  std::string source_id_, slot_;
  std::optional<int64_t> progress_at_restart_;
  std::map<std::string, int> kinds_;  // the phase each kill landed in
};

int Usage() {
  fprintf(stderr,
          "usage: source_crash run [--kills K] [--kills-per-source M] [--seed S] [--rows N] [--freshet PATH]\n"
          "                        [--upstream CONNINFO]\n"
          "  --freshet defaults to $FRESHET_BINARY, --upstream to $FRESHET_TEST_UPSTREAM\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] != "run") return Usage();
  Options o;
  o.seed = (std::random_device{}() ^ (uint64_t{std::random_device{}()} << 32)) % 1000000000000;
  if (const char* f = getenv("FRESHET_BINARY")) o.freshet = f;
  if (const char* u = getenv("FRESHET_TEST_UPSTREAM")) o.upstream = u;
  for (size_t i = 1; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return Usage();
    const std::string& v = args[i + 1];
    if (args[i] == "--kills" && absl::SimpleAtoi(v, &o.kills) && o.kills >= 0) {
    } else if (args[i] == "--seed" && absl::SimpleAtoi(v, &o.seed)) {
    } else if (args[i] == "--rows" && absl::SimpleAtoi(v, &o.rows) && o.rows >= 1) {
    } else if (args[i] == "--kills-per-source" && absl::SimpleAtoi(v, &o.kills_per_source) &&
               o.kills_per_source >= 1) {
    } else if (args[i] == "--freshet") {
      o.freshet = v;
    } else if (args[i] == "--upstream") {
      o.upstream = v;
    } else {
      return Usage();
    }
  }
  if (o.freshet.empty() || o.upstream.empty()) return Usage();
  return SourceCrash(std::move(o)).Main();
}

}  // namespace
}  // namespace freshet::crash

int main(int argc, char** argv) { return freshet::crash::Main(argc, argv); }
