#include "replication/source.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <condition_variable>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "catalog/objects.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "copy_text.h"
#include "pg_conn.h"
#include "replication/pgoutput.h"
#include "replication/relation_cache.h"
#include "replication/stream_frames.h"
#include "types/format.h"

namespace freshet::replication {
namespace {

using SteadyClock = std::chrono::steady_clock;
using types::Datum;
using types::Row;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

PgTimestamp NowPg() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
             .count() -
         kPgEpochUnixMicros;
}

// A wakeup a thread can poll() for: Signal from any thread, Clear after.
class EventFd {
 public:
  EventFd() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~EventFd() {
    if (fd_ >= 0) close(fd_);
  }
  EventFd(const EventFd&) = delete;
  EventFd& operator=(const EventFd&) = delete;
  int fd() const { return fd_; }
  void Signal() {
    uint64_t one = 1;
    (void)!write(fd_, &one, sizeof one);
  }
  void Clear() {
    uint64_t n;
    (void)!read(fd_, &n, sizeof n);
  }

 private:
  int fd_;
};

// The thread that makes a source's commits durable, one at a time, while
// the stream thread goes on reading; it signals `done` after each.
class Committer {
 public:
  Committer(storage::Storage* storage, EventFd* done, std::string source)
      : storage_(storage), done_(done), source_(std::move(source)), thread_([this] { Loop(); }) {}
  ~Committer() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  // Requires the previous commit waited for.
  void Submit(storage::CommitRequest commit) {
    std::lock_guard<std::mutex> l(mu_);
    request_ = std::move(commit);
    busy_ = true;
    cv_.notify_all();
  }
  bool Busy() const {
    std::lock_guard<std::mutex> l(mu_);
    return busy_;
  }
  // Waits for the submitted commit; its outcome.
  absl::Status Wait() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return !busy_; });
    return std::exchange(result_, absl::OkStatus());
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> l(mu_);
    for (;;) {
      cv_.wait(l, [&] { return stop_ || request_.has_value(); });
      if (!request_) return;
      storage::CommitRequest commit = std::move(*request_);
      request_.reset();
      l.unlock();
      auto t0 = SteadyClock::now();
      size_t n = commit.updates.size();
      absl::Status st = storage_->Commit(std::move(commit)).status();
      FRESHET_LOG(kDebug) << "source " << source_ << ": committed " << n << " updates in "
                          << std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - t0).count()
                          << " us";
      l.lock();
      result_ = std::move(st);
      busy_ = false;
      done_->Signal();
      cv_.notify_all();
    }
  }

  storage::Storage* storage_;
  EventFd* done_;
  std::string source_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<storage::CommitRequest> request_;
  bool busy_ = false;
  bool stop_ = false;
  absl::Status result_;
  std::thread thread_;  // last: starts after the members it uses
};

// How many updates of one transaction are held in memory before it is
// applied in parts (FRESHET_SOURCE_TXN_PART_UPDATES overrides, for tests).
size_t PartUpdates() {
  size_t n = 0;
  if (const char* env = std::getenv("FRESHET_SOURCE_TXN_PART_UPDATES"); env != nullptr && absl::SimpleAtoi(env, &n) &&
                                                                        n > 0) {
    return n;
  }
  return 200'000;
}

// A definite error of one table: stored, shown, never retried.
struct TableFailure {
  size_t table;
  std::string message;
};

// Upstream's text for one column, decoded as the column is ingested.
absl::StatusOr<Datum> DecodeText(const SourceColumn& c, std::string_view text) {
  if (c.as_text) return Datum::FromString(std::string(text));
  return types::ParseText(c.type, text);
}

std::string CastError(const SourceTable& t, const SourceColumn& c, const absl::Status& s) {
  return absl::StrCat("failed to cast raw column ", t.schema, ".", t.table, ".", c.name, ": ", s.message());
}

std::string NullError(const SourceTable& t, const SourceColumn& c) {
  return absl::StrCat("PG column ", t.schema, ".", t.table, ".", c.name,
                      " contained NULL data, despite having NOT NULL constraint");
}

// Snapshot work: one table, or one range of its pages.
struct CopyUnit {
  size_t table;
  std::optional<uint64_t> first_page;  // [first, last) by ctid; none = the whole table
  std::optional<uint64_t> last_page;
};

std::string CopySql(const SourceTable& t, const CopyUnit& u) {
  std::string rel = absl::StrCat(QuoteIdent(t.schema), ".", QuoteIdent(t.table));
  if (!u.first_page && !u.last_page) return absl::StrCat("COPY ", rel, " TO STDOUT");
  std::string where;
  if (u.first_page) absl::StrAppend(&where, "ctid >= '(", *u.first_page, ",0)'::tid");
  if (u.last_page) absl::StrAppend(&where, where.empty() ? "" : " AND ", "ctid < '(", *u.last_page, ",0)'::tid");
  return absl::StrCat("COPY (SELECT * FROM ", rel, " WHERE ", where, ") TO STDOUT");
}

}  // namespace

bool SameSpec(const SourceSpec& a, const SourceSpec& b) {
  // A changed bastion restarts the source; rotated keys do not (its open
  // tunnel keeps working, and the next tunnel offers the new keys).
  auto params = [](const PgConnectParams& p) {
    const SshTunnelParams none;
    const SshTunnelParams& t = p.ssh_tunnel ? *p.ssh_tunnel : none;
    return std::make_tuple(p.host, p.port, p.database, p.user, p.password, p.ssl_mode, p.ssl_root_cert_pem,
                           p.ssl_cert_pem, p.ssl_key_pem, p.ssh_tunnel.has_value(), t.host, t.port, t.user);
  };
  return a.id == b.id && params(a.connection) == params(b.connection) && a.publication == b.publication &&
         a.slot == b.slot && a.tables == b.tables &&
         a.workers == b.workers && a.replica_id == b.replica_id;
}

// One attempt at running the source: from connecting to the first error
// (returned) or to Stop (OK).
class SourceRuntime::Run {
 public:
  explicit Run(SourceRuntime& rt) : rt_(rt), spec_(rt.spec_), storage_(rt.storage_), started_(SteadyClock::now()) {}

  absl::Status Execute() {
    FRESHET_RETURN_IF_ERROR(LoadState());
    FRESHET_ASSIGN_OR_RETURN(sql_, Connect(spec_.connection));
    FRESHET_ASSIGN_OR_RETURN(repl_, Connect(spec_.connection, ConnKind::kReplication));
    FRESHET_RETURN_IF_ERROR(EnsureSlot());
    std::vector<size_t> pending;
    for (size_t i = 0; i < tables_.size(); ++i) {
      if (!tables_[i].failed && !tables_[i].snapshot_lsn) pending.push_back(i);
    }
    SetSourceStatus("running", std::nullopt);
    if (!pending.empty()) FRESHET_RETURN_IF_ERROR(Snapshot(pending));
    if (rt_.stop_) return absl::OkStatus();
    return Stream();
  }

 private:
  struct TableState {
    const SourceTable* spec = nullptr;
    std::optional<Lsn> snapshot_lsn;
    bool failed = false;
  };

  struct Staged {
    size_t table;
    storage::Update update;
  };
  // What one table received since the last commit.
  struct TableCounts {
    uint64_t messages = 0, bytes = 0, staged = 0;
  };
  // What a commit in flight changes once it is durable.
  struct InFlight {
    std::optional<Lsn> lsn;
    std::vector<uint64_t> per_table;
    std::vector<TableCounts> counts;
    uint64_t staged = 0, messages = 0, bytes = 0;
  };


  // ---- state and reports ----

  absl::Status LoadState() {
    std::shared_ptr<const storage::Snapshot> snap = storage_->GetSnapshot();
    if (auto r = snap->Frontier(spec_.resume_frontier)) {
      Lsn lsn = 0;
      if (!absl::SimpleAtoi(*r, &lsn)) return absl::DataLossError("a source's resume LSN is malformed");
      resume_ = lsn;
      durable_ = lsn;
    }
    partial_.reset();
    if (auto p = snap->Frontier(spec_.partial_frontier); p && !p->empty()) {
      std::pair<std::string, std::string> parts = absl::StrSplit(*p, absl::MaxSplits(':', 1));
      Partial partial;
      if (!absl::SimpleAtoi(parts.first, &partial.lsn) || !absl::SimpleAtoi(parts.second, &partial.done)) {
        return absl::DataLossError("a source's partial transaction frontier is malformed");
      }
      partial_ = partial;
    }
    tables_.clear();
    table_counts_.assign(spec_.tables.size(), TableCounts{});
    for (size_t i = 0; i < spec_.tables.size(); ++i) {
      const SourceTable& t = spec_.tables[i];
      TableState st;
      st.spec = &t;
      if (auto s = snap->Frontier(catalog::SnapshotLsnFrontier(t.collection))) {
        Lsn lsn = 0;
        if (absl::SimpleAtoi(*s, &lsn)) st.snapshot_lsn = lsn;
      }
      auto error = snap->Frontier(catalog::TableErrorFrontier(t.collection));
      st.failed = error.has_value();
      tables_.push_back(st);
      by_oid_[t.oid] = i;
      rt_.Update([&](std::vector<ObjectReport>& r) {
        ObjectReport& o = r[1 + i];
        o.snapshot_committed = st.snapshot_lsn.has_value();
        if (error) SetStatus(o, "ceased", *error);
      });
    }
    rt_.Update([&](std::vector<ObjectReport>& r) {
      if (resume_) r[0].offset_committed = *resume_;
      r[0].snapshot_committed = std::all_of(tables_.begin(), tables_.end(),
                                            [](const TableState& t) { return t.failed || t.snapshot_lsn; });
    });
    return absl::OkStatus();
  }

  static void SetStatus(ObjectReport& o, const std::string& status, std::optional<std::string> error) {
    if (o.status != status || o.error != error) o.status_changed_ms = NowMs();
    o.status = status;
    o.error = std::move(error);
  }

  void SetSourceStatus(const std::string& status, std::optional<std::string> error) {
    rt_.Update([&](std::vector<ObjectReport>& r) {
      SetStatus(r[0], status, error);
      for (size_t i = 0; i < tables_.size(); ++i) {
        if (!tables_[i].failed) SetStatus(r[1 + i], status, error);
      }
    });
  }

  void FailTable(size_t i, const std::string& message) {
    if (tables_[i].failed) return;
    tables_[i].failed = true;
    FRESHET_LOG(kWarning) << "source " << spec_.id << ": table " << tables_[i].spec->schema << "."
                          << tables_[i].spec->table << " ceased: " << message;
    failures_.push_back(TableFailure{i, message});
    rt_.Update([&](std::vector<ObjectReport>& r) { SetStatus(r[1 + i], "ceased", absl::StrCat("postgres: ", message)); });
  }

  // ---- the slot ----

  absl::Status EnsureSlot() {
    std::string quoted = QuoteLiteral(spec_.slot);
    for (int attempt = 0;; ++attempt) {
      FRESHET_ASSIGN_OR_RETURN(
          PgResult r, Exec(sql_.get(), absl::StrCat("SELECT active_pid FROM pg_catalog.pg_replication_slots "
                                                    "WHERE slot_name = ",
                                                    quoted)));
      if (PQntuples(r.get()) == 0) {
        if (resume_) {
          return UpstreamError(absl::StrCat("replication slot \"", spec_.slot,
                                            "\" does not exist: it was dropped upstream; recreate the source"));
        }
        auto created = Exec(repl_.get(),
                            absl::StrCat("CREATE_REPLICATION_SLOT ", QuoteIdent(spec_.slot),
                                         " LOGICAL pgoutput NOEXPORT_SNAPSHOT"));
        if (!created.ok() && absl::StrContains(created.status().message(), "already exists")) continue;
        return created.status();
      }
      if (PQgetisnull(r.get(), 0, 0)) return absl::OkStatus();
      // A previous run (of this or a killed process) still holds it.
      if (attempt > 50) return UpstreamError(absl::StrCat("replication slot \"", spec_.slot, "\" is active"));
      if (attempt == 0) {
        (void)Exec(sql_.get(), absl::StrCat("SELECT pg_catalog.pg_terminate_backend(", PQgetvalue(r.get(), 0, 0), ")"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (rt_.stop_) return absl::OkStatus();
    }
  }

  // ---- the snapshot ----

  absl::Status Snapshot(const std::vector<size_t>& tables) {
    FRESHET_ASSIGN_OR_RETURN(PgConn exporter, Connect(spec_.connection, ConnKind::kReplication));
    FRESHET_ASSIGN_OR_RETURN(
        PgResult slot, Exec(exporter.get(), absl::StrCat("CREATE_REPLICATION_SLOT ",
                                                         QuoteIdent(absl::StrCat(spec_.slot, "_snapshot")),
                                                         " TEMPORARY LOGICAL pgoutput EXPORT_SNAPSHOT")));
    FRESHET_ASSIGN_OR_RETURN(Lsn snapshot_lsn, ParseLsn(PQgetvalue(slot.get(), 0, 1)));
    std::string snapshot_name = PQgetvalue(slot.get(), 0, 2);
    FRESHET_LOG(kInfo) << "source " << spec_.id << ": snapshotting " << tables.size() << " table(s) at "
                       << FormatLsn(snapshot_lsn);

    // Size each table (pages, and rows: exact below 10k pages, else the estimate).
    std::vector<CopyUnit> units;
    int workers = std::max(1, spec_.workers);
    for (size_t i : tables) {
      const SourceTable& t = *tables_[i].spec;
      FRESHET_ASSIGN_OR_RETURN(PgResult size,
                               Exec(sql_.get(), absl::StrCat("SELECT relpages, reltuples::bigint FROM pg_catalog.pg_class "
                                                             "WHERE oid = ",
                                                             t.oid)));
      uint64_t pages = 0;
      int64_t tuples = -1;
      if (PQntuples(size.get()) == 1) {
        (void)absl::SimpleAtoi(PQgetvalue(size.get(), 0, 0), &pages);
        (void)absl::SimpleAtoi(PQgetvalue(size.get(), 0, 1), &tuples);
      }
      if (pages < 10000 || tuples < 0) {
        FRESHET_ASSIGN_OR_RETURN(std::string count,
                                 QueryOne(sql_.get(), absl::StrCat("SELECT count(*) FROM ", QuoteIdent(t.schema), ".",
                                                                   QuoteIdent(t.table))));
        (void)absl::SimpleAtoi(count, &tuples);
      }
      rt_.Update([&](std::vector<ObjectReport>& r) {
        r[1 + i].snapshot_records_known = static_cast<uint64_t>(std::max<int64_t>(0, tuples));
        r[1 + i].snapshot_records_staged = 0;
      });
      // Large tables split into page ranges so that every worker copies.
      if (workers > 1 && pages >= 1000) {
        uint64_t parts = static_cast<uint64_t>(workers) * 2;
        uint64_t step = (pages + parts - 1) / parts;
        for (uint64_t p = 0; p < parts; ++p) {
          CopyUnit u{i, std::nullopt, std::nullopt};
          if (p > 0) u.first_page = p * step;
          if (p + 1 < parts) u.last_page = (p + 1) * step;
          units.push_back(u);
        }
      } else {
        units.push_back(CopyUnit{i, std::nullopt, std::nullopt});
      }
    }
    SumSnapshotReports();

    absl::flat_hash_map<size_t, std::unique_ptr<storage::BulkLoad>> loads;
    for (size_t i : tables) {
      FRESHET_ASSIGN_OR_RETURN(loads[i], storage_->BeginBulkLoad(tables_[i].spec->collection));
    }
    std::mutex mu;
    absl::Status first_error;
    std::vector<std::optional<std::string>> failed(tables_.size());
    std::atomic<size_t> next{0};
    auto worker = [&]() {
      auto fail = [&](absl::Status s) {
        std::lock_guard<std::mutex> l(mu);
        if (first_error.ok()) first_error = std::move(s);
      };
      auto conn = Connect(spec_.connection);
      if (!conn.ok()) return fail(conn.status());
      if (auto r = Exec(conn->get(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", PGRES_COMMAND_OK); !r.ok()) {
        return fail(r.status());
      }
      if (auto r = Exec(conn->get(), absl::StrCat("SET TRANSACTION SNAPSHOT ", QuoteLiteral(snapshot_name)),
                        PGRES_COMMAND_OK);
          !r.ok()) {
        return fail(r.status());
      }
      for (size_t u = next++; u < units.size() && !rt_.stop_; u = next++) {
        {
          std::lock_guard<std::mutex> l(mu);
          if (!first_error.ok()) return;
        }
        size_t ti = units[u].table;
        auto writer = loads[ti]->NewWriter();
        if (!writer.ok()) return fail(writer.status());
        auto copied = CopyOne(conn->get(), units[u], **writer);
        if (!copied.ok()) return fail(copied.status());
        if (*copied) {
          std::lock_guard<std::mutex> l(mu);
          if (!failed[ti]) failed[ti] = std::move(**copied);
        }
        if (auto s = (*writer)->Finish(); !s.ok()) return fail(s);
      }
      (void)Exec(conn->get(), "COMMIT", PGRES_COMMAND_OK);
    };
    std::vector<std::thread> threads;
    for (int w = 0; w < std::min<int>(workers, static_cast<int>(units.size())); ++w) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    exporter.reset();  // drops the temporary slot
    FRESHET_RETURN_IF_ERROR(first_error);
    if (rt_.stop_) return absl::OkStatus();

    // Every table of this snapshot becomes readable in one commit, at the
    // same snapshot LSN: a crash cannot leave some of them published and
    // others to be copied again later at another LSN.
    storage::CommitRequest commit;
    commit.blind = true;
    std::vector<storage::BulkLoad*> published;
    std::vector<size_t> published_tables;
    for (size_t i : tables) {
      if (failed[i]) {
        FailTable(i, *failed[i]);
        continue;
      }
      commit.frontiers.emplace_back(catalog::SnapshotLsnFrontier(tables_[i].spec->collection),
                                    absl::StrCat(snapshot_lsn));
      published.push_back(loads[i].get());
      published_tables.push_back(i);
    }
    for (const TableFailure& f : failures_) {
      commit.frontiers.emplace_back(catalog::TableErrorFrontier(tables_[f.table].spec->collection),
                                    absl::StrCat("postgres: ", f.message));
    }
    failures_.clear();
    // Changes committed below every table's snapshot LSN are in every
    // snapshot: the resume LSN can start there (on a new source, at the
    // snapshot LSN). A table is readable once the resume LSN has reached
    // its snapshot LSN, so tables snapshotted later (ALTER SOURCE ... ADD)
    // are never seen ahead of the others.
    std::optional<Lsn> oldest;
    for (size_t i = 0; i < tables_.size(); ++i) {
      if (tables_[i].failed || failed[i]) continue;
      Lsn at = std::find(published_tables.begin(), published_tables.end(), i) != published_tables.end()
                   ? snapshot_lsn
                   : tables_[i].snapshot_lsn.value_or(0);
      oldest = oldest ? std::min(*oldest, at) : at;
    }
    if (oldest && *oldest > 0 && (!resume_ || *resume_ < *oldest)) {
      commit.frontiers.emplace_back(spec_.resume_frontier, absl::StrCat(*oldest));
      resume_ = durable_ = *oldest;
      rt_.Update([&](std::vector<ObjectReport>& r) { r[0].offset_committed = durable_; });
    }
    if (!published.empty()) {
      std::vector<storage::BulkLoad*> others(published.begin() + 1, published.end());
      FRESHET_RETURN_IF_ERROR(published[0]->PublishWith(others, std::move(commit)).status());
    } else if (!commit.frontiers.empty()) {
      FRESHET_RETURN_IF_ERROR(storage_->Commit(std::move(commit)).status());
    }
    for (size_t i : published_tables) {
      tables_[i].snapshot_lsn = snapshot_lsn;
      uint64_t rows = loads[i]->rows_loaded();
      rt_.Update([&](std::vector<ObjectReport>& r) {
        ObjectReport& o = r[1 + i];
        o.snapshot_committed = true;
        o.snapshot_records_known = o.snapshot_records_staged;
        o.updates_committed += rows;
        r[0].updates_committed += rows;
      });
    }
    if (!published_tables.empty()) FirstCommit();
    loads.clear();
    rt_.Update([&](std::vector<ObjectReport>& r) { r[0].snapshot_committed = true; });
    SumSnapshotReports();
    FRESHET_LOG(kInfo) << "source " << spec_.id << ": snapshot committed";
    return absl::OkStatus();
  }

  // Copies one unit into `writer`. A definite error of the table comes back
  // as its message (the copy is abandoned); other failures as a status.
  absl::StatusOr<std::optional<std::string>> CopyOne(PGconn* conn, const CopyUnit& unit,
                                                     storage::BulkLoad::Writer& writer) {
    const SourceTable& t = *tables_[unit.table].spec;
    FRESHET_RETURN_IF_ERROR(Exec(conn, CopySql(t, unit), PGRES_COPY_OUT).status());
    std::vector<CopyField> fields;
    Row row;
    std::optional<std::string> definite;
    uint64_t staged = 0, bytes = 0;
    auto publish = [&]() {
      rt_.Update([&](std::vector<ObjectReport>& r) {
        // Tables' statistics also roll up into the source's.
        for (ObjectReport* o : {&r[1 + unit.table], &r[0]}) {
          o->snapshot_records_staged = o->snapshot_records_staged.value_or(0) + staged;
          o->updates_staged += staged;
          o->messages_received += staged;
          o->bytes_received += bytes;
        }
      });
      staged = bytes = 0;
    };
    for (;;) {
      char* buf = nullptr;
      int n = PQgetCopyData(conn, &buf, 0);
      if (n == -1) break;
      if (n < 0) return UpstreamError(LastError(conn));
      std::string_view line(buf, static_cast<size_t>(n));
      bytes += static_cast<uint64_t>(n);
      if (!definite) {
        absl::Status split = SplitCopyLine(line, fields);
        if (split.ok() && fields.size() < t.upstream_columns) {
          definite = absl::StrCat("incompatible schema change: upstream table has ", fields.size(),
                                  " columns but we expect at least ", t.upstream_columns);
        } else if (!split.ok()) {
          definite = std::string(split.message());
        } else {
          row.clear();
          for (const SourceColumn& c : t.columns) {
            const CopyField& f = fields[c.upstream_index];
            if (f.null) {
              if (!c.nullable) {
                definite = NullError(t, c);
                break;
              }
              row.emplace_back();
              continue;
            }
            auto d = DecodeText(c, f.value);
            if (!d.ok()) {
              definite = CastError(t, c, d.status());
              break;
            }
            row.push_back(*std::move(d));
          }
          if (!definite) {
            if (auto s = writer.Add(row); !s.ok()) {
              PQfreemem(buf);
              return s;
            }
            if (++staged == 8192) publish();
          }
        }
      }
      PQfreemem(buf);
      if (rt_.stop_) break;
    }
    publish();
    while (PGresult* r = PQgetResult(conn)) {
      PgResult owned(r);
      if (PQresultStatus(r) != PGRES_COMMAND_OK && !rt_.stop_) {
        const char* msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        return UpstreamError(msg != nullptr ? msg : LastError(conn));
      }
    }
    return definite;
  }

  // The source's snapshot counters are the sums of its tables'.
  void SumSnapshotReports() {
    rt_.Update([&](std::vector<ObjectReport>& r) {
      uint64_t known = 0, staged = 0;
      bool any = false;
      for (size_t i = 1; i < r.size(); ++i) {
        if (r[i].snapshot_records_known) any = true;
        known += r[i].snapshot_records_known.value_or(0);
        staged += r[i].snapshot_records_staged.value_or(0);
      }
      if (any) {
        r[0].snapshot_records_known = known;
        r[0].snapshot_records_staged = staged;
      }
    });
  }

  void FirstCommit() {
    if (committed_once_) return;
    committed_once_ = true;
    int64_t ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started_).count();
    rt_.Update([&](std::vector<ObjectReport>& r) {
      for (ObjectReport& o : r) o.rehydration_latency_ms = ms;
    });
  }

  // ---- streaming ----

  absl::Status Stream() {
    std::string start = resume_ ? FormatLsn(*resume_) : "0/0";
    FRESHET_RETURN_IF_ERROR(Exec(repl_.get(),
                                 absl::StrCat("START_REPLICATION SLOT ", QuoteIdent(spec_.slot), " LOGICAL ", start,
                                              " (\"proto_version\" '1', \"publication_names\" ",
                                              QuoteLiteral(QuoteIdent(spec_.publication)), ")"),
                                 PGRES_COPY_BOTH)
                                .status());
    FRESHET_LOG(kInfo) << "source " << spec_.id << ": streaming from "
                       << (resume_ ? start : std::string("the slot's confirmed position"));
    PQsetnonblocking(repl_.get(), 1);
    last_feedback_ = SteadyClock::now();
    last_commit_ = SteadyClock::now();
    while (!rt_.stop_) {
      char* buf = nullptr;
      int n = PQgetCopyData(repl_.get(), &buf, 1);
      if (n > 0) {
        absl::Status s = HandleFrame(std::string_view(buf, static_cast<size_t>(n)));
        PQfreemem(buf);
        FRESHET_RETURN_IF_ERROR(s);
        if (!pending_.empty() && (pending_.size() >= 65536 || SteadyClock::now() - first_pending_ > kMaxBatchDelay)) {
          FRESHET_RETURN_IF_ERROR(Flush());
        }
        continue;
      }
      if (n == -1) {
        PgResult r(PQgetResult(repl_.get()));
        return UpstreamError(absl::StrCat("replication stream ended: ", LastError(repl_.get())));
      }
      if (n < -1) return UpstreamError(LastError(repl_.get()));
      // Nothing complete in libpq's buffer. If the socket has more, read it
      // and go on batching; commit only when upstream has nothing waiting.
      pollfd ready{PQsocket(repl_.get()), POLLIN, 0};
      if (poll(&ready, 1, 0) > 0) {
        if (PQconsumeInput(repl_.get()) == 0) return UpstreamError(LastError(repl_.get()));
        continue;
      }
      FRESHET_RETURN_IF_ERROR(CheckPublication());
      // Commit what arrived unless a commit is still in flight (the batch
      // keeps growing meanwhile) or the last one was issued less than
      // kMinCommitInterval ago: under a steady load that bounds the commits
      // (each costs a durable write whatever its size) to a few hundred a
      // second, at the price of at most that much latency.
      int wait_ms = 100;
      bool commit_due = (has_pending_commit_ || !failures_.empty()) && !CommitRunning();
      if (commit_due) {
        auto since = SteadyClock::now() - last_commit_;
        if (since < kMinCommitInterval) {
          wait_ms = std::max<int>(
              1, static_cast<int>(
                     std::chrono::duration_cast<std::chrono::milliseconds>(kMinCommitInterval - since).count()));
        } else {
          FRESHET_RETURN_IF_ERROR(WaitCommit());
          FRESHET_RETURN_IF_ERROR(Flush());
        }
      } else if (!CommitRunning()) {
        FRESHET_RETURN_IF_ERROR(WaitCommit());
        FRESHET_RETURN_IF_ERROR(AdvanceIdle());
      }
      FRESHET_RETURN_IF_ERROR(MaybeFeedback(false));
      // Wake for upstream data or for the commit in flight becoming durable.
      pollfd fds[2] = {{PQsocket(repl_.get()), POLLIN, 0}, {commit_done_.fd(), POLLIN, 0}};
      if (poll(fds, CommitRunning() ? 2 : 1, CommitRunning() ? 100 : wait_ms) > 0) {
        if ((fds[0].revents & POLLIN) != 0 && PQconsumeInput(repl_.get()) == 0) {
          return UpstreamError(LastError(repl_.get()));
        }
        commit_done_.Clear();
      }
    }
    return WaitCommit();
  }

  // Every few seconds: a table that left the publication (or was dropped)
  // sends nothing more, so it is found here and ceases.
  absl::Status CheckPublication() {
    auto now = SteadyClock::now();
    if (now - last_publication_check_ < kPublicationCheckInterval) return absl::OkStatus();
    last_publication_check_ = now;
    FRESHET_ASSIGN_OR_RETURN(
        PgResult r, Exec(sql_.get(), absl::StrCat("SELECT c.oid FROM pg_catalog.pg_publication_tables p "
                                                  "JOIN pg_catalog.pg_namespace n ON n.nspname = p.schemaname "
                                                  "JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND "
                                                  "c.relname = p.tablename WHERE p.pubname = ",
                                                  QuoteLiteral(spec_.publication))));
    absl::flat_hash_map<uint32_t, bool> published;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      uint32_t oid = 0;
      if (absl::SimpleAtoi(PQgetvalue(r.get(), i, 0), &oid)) published[oid] = true;
    }
    for (size_t i = 0; i < tables_.size(); ++i) {
      if (!tables_[i].failed && !published.contains(tables_[i].spec->oid)) FailTable(i, "table was dropped");
    }
    return absl::OkStatus();
  }

  absl::Status HandleFrame(std::string_view payload) {
    FRESHET_ASSIGN_OR_RETURN(ReplicationFrame frame, ParseReplicationFrame(payload));
    if (const auto* k = std::get_if<PrimaryKeepalive>(&frame)) {
      NoteWalEnd(k->wal_end);
      if (k->reply_requested) return MaybeFeedback(true);
      return absl::OkStatus();
    }
    const XLogData& x = std::get<XLogData>(frame);
    NoteWalEnd(x.wal_end);
    ++messages_;
    bytes_ += payload.size();
    last_frame_bytes_ = payload.size();
    FRESHET_ASSIGN_OR_RETURN(PgoutputMessage message, decoder_.Decode(x.data));
    bool change = std::holds_alternative<InsertMessage>(message) || std::holds_alternative<UpdateMessage>(message) ||
                  std::holds_alternative<DeleteMessage>(message) || std::holds_alternative<TruncateMessage>(message);
    if (change && in_txn_) {
      // The changes of a large transaction that earlier parts already hold.
      if (txn_skip_ > 0) {
        --txn_skip_;
        return absl::OkStatus();
      }
      ++txn_messages_;
    }
    FRESHET_RETURN_IF_ERROR(std::visit([&](auto& m) { return Handle(m); }, message));
    if (in_txn_ && !skip_txn_ && txn_.size() >= part_updates_) return CommitPart();
    return absl::OkStatus();
  }

  void NoteWalEnd(Lsn lsn) {
    if (lsn > wal_end_) wal_end_ = lsn;
  }

  absl::Status Handle(const BeginMessage& m) {
    in_txn_ = true;
    txn_lsn_ = m.final_lsn;
    skip_txn_ = resume_ && m.final_lsn < *resume_;
    txn_.clear();
    // A large transaction applied in part before a restart: the updates of
    // its first `done` change messages are in storage already.
    txn_skip_ = partial_ && partial_->lsn == m.final_lsn ? partial_->done : 0;
    txn_messages_ = txn_skip_;
    txn_has_parts_ = txn_skip_ > 0;
    return absl::OkStatus();
  }

  absl::Status Handle(const CommitMessage& m) {
    in_txn_ = false;
    if (!skip_txn_ && (large_txn_ || txn_has_parts_)) return FinishLargeTransaction(m.end_lsn);
    if (!skip_txn_) {
      if (pending_.empty()) first_pending_ = SteadyClock::now();
      for (auto& u : txn_) pending_.push_back(std::move(u));
      txn_.clear();
    }
    pending_end_ = std::max(pending_end_, m.end_lsn);
    has_pending_commit_ = true;
    return absl::OkStatus();
  }

  absl::Status Handle(const RelationMessage& m) {
    relations_.Apply(m);
    auto it = by_oid_.find(m.oid);
    if (it == by_oid_.end() || tables_[it->second].failed) return absl::OkStatus();
    const SourceTable& t = *tables_[it->second].spec;
    if (m.columns.size() < t.upstream_columns) {
      FailTable(it->second, absl::StrCat("incompatible schema change: upstream table has ", m.columns.size(),
                                         " columns but we expect at least ", t.upstream_columns));
      return absl::OkStatus();
    }
    for (const SourceColumn& c : t.columns) {
      const RelationColumn& rc = m.columns[c.upstream_index];
      if (rc.name != c.name) {
        FailTable(it->second, absl::StrCat("incompatible schema change: column ", c.name, " was dropped or renamed"));
        return absl::OkStatus();
      }
      if (rc.type_oid != c.upstream_type_oid) {
        FailTable(it->second, absl::StrCat("incompatible schema change: column ", c.name, " type changed from OID ",
                                           c.upstream_type_oid, " to OID ", rc.type_oid));
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

  // The table a change applies to, or none when it is not ingested here (not
  // ours, failed, or already in its snapshot).
  std::optional<size_t> Target(uint32_t oid) {
    if (skip_txn_) return std::nullopt;
    auto it = by_oid_.find(oid);
    if (it == by_oid_.end()) return std::nullopt;
    const TableState& st = tables_[it->second];
    if (st.failed || !st.snapshot_lsn || txn_lsn_ < *st.snapshot_lsn) return std::nullopt;
    table_counts_[it->second].messages += 1;
    table_counts_[it->second].bytes += last_frame_bytes_;
    return it->second;
  }

  // Builds the ingested row from a tuple; `old` supplies unchanged TOASTed
  // values. A definite error fails the table and returns false.
  bool BuildRow(size_t ti, const Tuple& tuple, const Row* old, Row& out) {
    const SourceTable& t = *tables_[ti].spec;
    if (tuple.size() < t.upstream_columns) {
      FailTable(ti, absl::StrCat("incompatible schema change: upstream table has ", tuple.size(),
                                 " columns but we expect at least ", t.upstream_columns));
      return false;
    }
    out.clear();
    out.reserve(t.columns.size());
    for (size_t k = 0; k < t.columns.size(); ++k) {
      const SourceColumn& c = t.columns[k];
      const TupleColumn& tc = tuple[c.upstream_index];
      switch (tc.kind) {
        case TupleColumn::Kind::kNull:
          if (!c.nullable) {
            FailTable(ti, NullError(t, c));
            return false;
          }
          out.emplace_back();
          break;
        case TupleColumn::Kind::kUnchangedToast:
          if (old == nullptr) {
            FailTable(ti, "TOASTed value missing from old row. Did you forget to set REPLICA IDENTITY to FULL for "
                          "your table?");
            return false;
          }
          out.push_back((*old)[k]);
          break;
        case TupleColumn::Kind::kText:
        case TupleColumn::Kind::kBinary: {
          auto d = DecodeText(c, tc.data);
          if (!d.ok()) {
            FailTable(ti, CastError(t, c, d.status()));
            return false;
          }
          out.push_back(*std::move(d));
        }
      }
    }
    return true;
  }

  void Stage(size_t ti, Row row, int64_t diff) {
    txn_.push_back(Staged{ti, storage::Update{tables_[ti].spec->collection, std::move(row), diff}});
    ++staged_;
    ++table_counts_[ti].staged;
  }

  absl::Status Handle(const InsertMessage& m) {
    auto ti = Target(m.relation_oid);
    if (!ti) return absl::OkStatus();
    Row row;
    if (BuildRow(*ti, m.new_tuple, nullptr, row)) Stage(*ti, std::move(row), 1);
    return absl::OkStatus();
  }

  static constexpr char kNoOldRow[] =
      "old row missing from replication stream. Did you forget to set REPLICA IDENTITY to FULL for your table?";

  absl::Status Handle(const UpdateMessage& m) {
    auto ti = Target(m.relation_oid);
    if (!ti) return absl::OkStatus();
    if (!m.old_tuple || m.old_tuple->kind != OldTuple::Kind::kFull) {
      FailTable(*ti, kNoOldRow);
      return absl::OkStatus();
    }
    Row old, row;
    if (!BuildRow(*ti, m.old_tuple->tuple, nullptr, old)) return absl::OkStatus();
    if (!BuildRow(*ti, m.new_tuple, &old, row)) return absl::OkStatus();
    if (old == row) return absl::OkStatus();  // nothing ingested changed
    Stage(*ti, std::move(old), -1);
    Stage(*ti, std::move(row), 1);
    return absl::OkStatus();
  }

  absl::Status Handle(const DeleteMessage& m) {
    auto ti = Target(m.relation_oid);
    if (!ti) return absl::OkStatus();
    if (m.old_tuple.kind != OldTuple::Kind::kFull) {
      FailTable(*ti, kNoOldRow);
      return absl::OkStatus();
    }
    Row old;
    if (BuildRow(*ti, m.old_tuple.tuple, nullptr, old)) Stage(*ti, std::move(old), -1);
    return absl::OkStatus();
  }

  absl::Status Handle(const TruncateMessage& m) {
    for (uint32_t oid : m.relation_oids) {
      if (auto ti = Target(oid)) FailTable(*ti, "table was truncated");
    }
    return absl::OkStatus();
  }

  absl::Status Handle(const OriginMessage&) { return absl::OkStatus(); }
  absl::Status Handle(const TypeMessage&) { return absl::OkStatus(); }
  absl::Status Handle(const LogicalMessage&) { return absl::OkStatus(); }

  // Commits the finished transactions received so far, with the resume LSN
  // in one storage commit.
  absl::Status Flush() { return CommitUpTo(pending_end_); }

  // A transaction larger than part_updates_ is applied in parts, so that it
  // never has to fit in memory. Before the first part, everything received
  // earlier is committed and the storage snapshot after it is pinned: reads
  // of this source's tables use it until the transaction's last part is
  // committed, so the transaction still appears all at once. Each part
  // records how many of the transaction's change messages it holds (frontier
  // "<commit lsn>:<count>"); after a crash, those are skipped on replay and
  // the tables are not readable until the transaction is complete.
  absl::Status CommitPart() {
    if (!large_txn_) {
      if (has_pending_commit_ || !failures_.empty()) FRESHET_RETURN_IF_ERROR(Flush());
      FRESHET_RETURN_IF_ERROR(WaitCommit());
      rt_.Pin(storage_->GetSnapshot());
      large_txn_ = true;
      FRESHET_LOG(kInfo) << "source " << spec_.id << ": transaction " << FormatLsn(txn_lsn_)
                         << " is large; applying it in parts";
    }
    storage::CommitRequest commit;
    commit.blind = true;
    AddTransactionUpdates(commit);
    commit.frontiers.emplace_back(spec_.partial_frontier, absl::StrCat(txn_lsn_, ":", txn_messages_));
    return storage_->Commit(std::move(commit)).status();
  }

  absl::Status FinishLargeTransaction(Lsn end_lsn) {
    FRESHET_RETURN_IF_ERROR(WaitCommit());
    storage::CommitRequest commit;
    commit.blind = true;
    AddTransactionUpdates(commit);
    commit.frontiers.emplace_back(spec_.partial_frontier, "");
    commit.frontiers.emplace_back(spec_.resume_frontier, absl::StrCat(end_lsn));
    FRESHET_RETURN_IF_ERROR(storage_->Commit(std::move(commit)).status());
    resume_ = durable_ = end_lsn;
    pending_end_ = std::max(pending_end_, end_lsn);
    partial_.reset();
    large_txn_ = false;
    txn_has_parts_ = false;
    rt_.Pin(nullptr);
    last_commit_ = SteadyClock::now();
    InFlight done;
    done.lsn = resume_;
    done.per_table.assign(tables_.size(), 0);
    done.counts.assign(tables_.size(), TableCounts{});
    std::swap(done.counts, table_counts_);
    done.staged = std::exchange(staged_, 0);
    done.messages = std::exchange(messages_, 0);
    done.bytes = std::exchange(bytes_, 0);
    FRESHET_LOG(kInfo) << "source " << spec_.id << ": large transaction committed at " << FormatLsn(end_lsn);
    return Completed(done);
  }

  // Moves the current transaction's staged updates (and the definite errors
  // found so far) into `commit`.
  void AddTransactionUpdates(storage::CommitRequest& commit) {
    for (Staged& st : txn_) {
      if (!tables_[st.table].failed) commit.updates.push_back(std::move(st.update));
    }
    txn_.clear();
    for (const TableFailure& f : failures_) {
      commit.frontiers.emplace_back(catalog::TableErrorFrontier(tables_[f.table].spec->collection),
                                    absl::StrCat("postgres: ", f.message));
    }
    failures_.clear();
  }

  // Issues one storage commit of the finished transactions received so far,
  // with the resume LSN. Commits are pipelined: the
  // next batch collects while this one is made durable (at most one in
  // flight, so they land in order); what users see (statistics, the LSN
  // confirmed upstream) moves when it is durable.
  absl::Status CommitUpTo(Lsn lsn) {
    FRESHET_RETURN_IF_ERROR(WaitCommit());
    storage::CommitRequest commit;
    commit.blind = true;  // a source retracts only rows it added
    InFlight done;
    done.per_table.assign(tables_.size(), 0);
    for (Staged& s : pending_) {
      if (tables_[s.table].failed) continue;
      ++done.per_table[s.table];
      commit.updates.push_back(std::move(s.update));
    }
    for (const TableFailure& f : failures_) {
      commit.frontiers.emplace_back(catalog::TableErrorFrontier(tables_[f.table].spec->collection),
                                    absl::StrCat("postgres: ", f.message));
    }
    bool advance = !resume_ || lsn > *resume_;
    if (advance) {
      commit.frontiers.emplace_back(spec_.resume_frontier, absl::StrCat(lsn));
      resume_ = lsn;
    }
    pending_.clear();
    failures_.clear();
    has_pending_commit_ = false;
    last_commit_ = SteadyClock::now();
    done.lsn = resume_;
    done.staged = staged_;
    done.messages = messages_;
    done.bytes = bytes_;
    staged_ = messages_ = bytes_ = 0;
    done.counts.assign(tables_.size(), TableCounts{});
    std::swap(done.counts, table_counts_);
    if (commit.updates.empty() && commit.frontiers.empty()) {
      return Completed(done);
    }
    inflight_done_ = std::move(done);
    committer_.Submit(std::move(commit));
    has_inflight_ = true;
    return absl::OkStatus();
  }

  bool CommitRunning() const { return has_inflight_ && committer_.Busy(); }

  // Waits for the commit in flight, if any, and publishes its effects.
  absl::Status WaitCommit() {
    if (!has_inflight_) return absl::OkStatus();
    has_inflight_ = false;
    FRESHET_RETURN_IF_ERROR(committer_.Wait());
    return Completed(inflight_done_);
  }

  absl::Status Completed(const InFlight& done) {
    durable_ = done.lsn;
    rt_.Update([&](std::vector<ObjectReport>& r) {
      uint64_t total = 0;
      for (size_t i = 0; i < done.per_table.size(); ++i) {
        r[1 + i].updates_committed += done.per_table[i];
        r[1 + i].updates_staged += done.counts[i].staged;
        r[1 + i].messages_received += done.counts[i].messages;
        r[1 + i].bytes_received += done.counts[i].bytes;
        total += done.per_table[i];
      }
      r[0].updates_committed += total;
      r[0].updates_staged += done.staged;
      r[0].messages_received += done.messages;
      r[0].bytes_received += done.bytes;
      r[0].offset_committed = durable_;
      r[0].offset_known = std::max(wal_end_, durable_.value_or(0));
    });
    if (!committed_once_) FirstCommit();
    return MaybeFeedback(false);
  }

  // With no transaction open and nothing pending, everything below the
  // server's WAL end has been received: make that the resume LSN (at most
  // once a second), so an idle source's slot does not hold WAL back.
  absl::Status AdvanceIdle() {
    if (in_txn_ || !pending_.empty() || (resume_ && wal_end_ <= *resume_) || wal_end_ == 0) {
      rt_.Update([&](std::vector<ObjectReport>& r) { r[0].offset_known = std::max(wal_end_, resume_.value_or(0)); });
      return absl::OkStatus();
    }
    if (SteadyClock::now() - last_commit_ < std::chrono::seconds(1)) return absl::OkStatus();
    return CommitUpTo(wal_end_);
  }

  absl::Status MaybeFeedback(bool force) {
    auto now = SteadyClock::now();
    if (!force && now - last_feedback_ < std::chrono::seconds(1)) return absl::OkStatus();
    last_feedback_ = now;
    StandbyStatusUpdate u;
    u.written = std::max(wal_end_, durable_.value_or(0));
    u.flushed = durable_.value_or(0);
    u.applied = durable_.value_or(0);
    u.clock = NowPg();
    // Ask for a keepalive back: its WAL end lets an idle source advance
    // its resume LSN (and a newly snapshotted table become readable)
    // without waiting for the server's own keepalive interval.
    u.reply_requested = !force;
    std::string msg = EncodeStandbyStatusUpdate(u);
    if (PQputCopyData(repl_.get(), msg.data(), static_cast<int>(msg.size())) != 1 || PQflush(repl_.get()) < 0) {
      return UpstreamError(LastError(repl_.get()));
    }
    return absl::OkStatus();
  }

  static constexpr auto kMaxBatchDelay = std::chrono::milliseconds(20);
  static constexpr auto kMinCommitInterval = std::chrono::milliseconds(10);
  static constexpr auto kPublicationCheckInterval = std::chrono::seconds(5);

  SourceRuntime& rt_;
  const SourceSpec& spec_;
  storage::Storage* storage_;
  SteadyClock::time_point started_;
  PgConn sql_;
  PgConn repl_;
  struct Partial {
    Lsn lsn = 0;        // the commit LSN of a transaction applied in part
    uint64_t done = 0;  // how many of its change messages are in storage
  };
  std::optional<Partial> partial_;  // from storage, at the start of the run
  size_t part_updates_ = PartUpdates();
  bool large_txn_ = false;          // the current transaction goes in parts
  bool txn_has_parts_ = false;      // earlier parts of it are in storage (after a restart)
  uint64_t txn_messages_ = 0;       // its change messages so far
  uint64_t txn_skip_ = 0;           // its change messages to skip (replayed after a crash)
  std::optional<Lsn> resume_;   // of the last commit issued
  std::optional<Lsn> durable_;  // of the last commit made durable
  EventFd commit_done_;  // signalled when a commit in flight is durable
  Committer committer_{storage_, &commit_done_, spec_.id};
  bool has_inflight_ = false;  // a commit was submitted and not yet waited for
  InFlight inflight_done_;
  std::vector<TableState> tables_;
  absl::flat_hash_map<uint32_t, size_t> by_oid_;
  std::vector<TableFailure> failures_;
  bool committed_once_ = false;

  PgoutputDecoder decoder_;
  RelationCache relations_;
  bool in_txn_ = false;
  bool skip_txn_ = false;
  Lsn txn_lsn_ = 0;
  std::vector<Staged> txn_;
  std::vector<Staged> pending_;
  Lsn pending_end_ = 0;
  bool has_pending_commit_ = false;
  SteadyClock::time_point first_pending_;
  SteadyClock::time_point last_feedback_;
  SteadyClock::time_point last_commit_;
  SteadyClock::time_point last_publication_check_;
  Lsn wal_end_ = 0;
  uint64_t staged_ = 0, messages_ = 0, bytes_ = 0;
  size_t last_frame_bytes_ = 0;
  std::vector<TableCounts> table_counts_;
};

SourceRuntime::SourceRuntime(SourceSpec spec, storage::Storage* storage)
    : spec_(std::move(spec)), storage_(storage) {
  report_.resize(1 + spec_.tables.size());
  report_[0].id = spec_.id;
  for (size_t i = 0; i < spec_.tables.size(); ++i) report_[1 + i].id = spec_.tables[i].id;
  for (ObjectReport& o : report_) {
    o.replica_id = spec_.replica_id;
    o.status = "starting";
    o.status_changed_ms = NowMs();
  }
}

SourceRuntime::~SourceRuntime() { Stop(); }

void SourceRuntime::Start() {
  thread_ = std::thread([this] { Main(); });
}

void SourceRuntime::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<ObjectReport> SourceRuntime::Report() const {
  std::lock_guard<std::mutex> l(mu_);
  return report_;
}

void SourceRuntime::Pin(std::shared_ptr<const storage::Snapshot> snapshot) {
  std::lock_guard<std::mutex> l(mu_);
  pinned_ = std::move(snapshot);
}

std::shared_ptr<const storage::Snapshot> SourceRuntime::Pinned() const {
  std::lock_guard<std::mutex> l(mu_);
  return pinned_;
}

void SourceRuntime::Update(const std::function<void(std::vector<ObjectReport>&)>& fn) {
  std::lock_guard<std::mutex> l(mu_);
  fn(report_);
}

void SourceRuntime::Main() {
  auto backoff = std::chrono::milliseconds(500);
  while (!stop_) {
    auto began = SteadyClock::now();
    absl::Status s;
    {
      Run run(*this);
      s = run.Execute();
    }
    if (stop_) break;
    std::string error(s.ok() ? "replication stopped" : s.message());
    FRESHET_LOG(kWarning) << "source " << spec_.id << " stalled: " << error;
    Update([&](std::vector<ObjectReport>& r) {
      for (ObjectReport& o : r) {
        if (o.status == "ceased") continue;
        if (o.status != "stalled") o.status_changed_ms = NowMs();
        o.status = "stalled";
        o.error = absl::StrCat("postgres: ", error);
      }
    });
    if (SteadyClock::now() - began > std::chrono::seconds(30)) backoff = std::chrono::milliseconds(500);
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stop_;
         waited += std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(8));
  }
}

absl::Status DropSlot(const PgConnectParams& params, const std::string& slot) {
  FRESHET_ASSIGN_OR_RETURN(PgConn conn, Connect(params));
  std::string quoted = QuoteLiteral(slot);
  for (int attempt = 0; attempt < 50; ++attempt) {
    (void)Exec(conn.get(), absl::StrCat("SELECT pg_catalog.pg_terminate_backend(active_pid) FROM "
                                        "pg_catalog.pg_replication_slots WHERE slot_name = ",
                                        quoted, " AND active_pid IS NOT NULL"));
    auto dropped = Exec(conn.get(), absl::StrCat("SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM "
                                                 "pg_catalog.pg_replication_slots WHERE slot_name = ",
                                                 quoted));
    if (dropped.ok()) return absl::OkStatus();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return UpstreamError(absl::StrCat("could not drop replication slot \"", slot, "\": it stays active"));
}

}  // namespace freshet::replication
