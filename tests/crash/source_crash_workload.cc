#include "source_crash_workload.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace freshet::crash {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using testkit::ConnParams;
using testkit::PgConnPtr;
using testkit::PgResultPtr;
using testkit::TextRow;

constexpr int kGroups = 400;   // b.grp takes values 1..kGroups; 0 is the counter row
constexpr int kBigEvery = 40;  // one initial row in this many has a big value
constexpr int kMaxBigChars = 6000;

}  // namespace

std::string FormatLsn(int64_t lsn) {
  auto u = static_cast<uint64_t>(lsn);
  return absl::StrFormat("%X/%X", u >> 32, u & 0xffffffffu);
}

absl::StatusOr<std::vector<TextRow>> Query(PGconn* conn, const std::string& sql, QueryError* error) {
  PgResultPtr res(PQexec(conn, sql.c_str()));
  ExecStatusType st = PQresultStatus(res.get());
  if (res == nullptr || (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)) {
    testkit::PgError e;
    if (res != nullptr) {
      e = testkit::ErrorOf(res.get());
    } else {
      e.text = PQerrorMessage(conn);
    }
    if (error != nullptr) *error = QueryError{e.sqlstate, e.Summary()};
    std::string shown = sql.size() > 160 ? absl::StrCat(sql.substr(0, 160), "...") : sql;
    return absl::InternalError(absl::StrCat(shown, ": ", e.Summary()));
  }
  return testkit::ResultRows(res.get());
}

absl::Status Execute(PGconn* conn, const std::string& sql) { return Query(conn, sql).status(); }

absl::StatusOr<std::optional<int64_t>> QueryInt(PGconn* conn, const std::string& sql) {
  auto rows = Query(conn, sql);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0]) return std::optional<int64_t>();
  int64_t v = 0;
  if (!absl::SimpleAtoi(*rows->front()[0], &v)) {
    return absl::InternalError(absl::StrCat(sql, ": not an integer: ", *rows->front()[0]));
  }
  return std::optional<int64_t>(v);
}

absl::StatusOr<PgConnPtr> ConnectTo(const ConnParams& params, milliseconds timeout) {
  testkit::ConnectResult c = testkit::Connect(params, timeout);
  if (!c.conn) return absl::UnavailableError(absl::StrCat("cannot connect: ", c.error.Summary()));
  // No NOTICE chatter (DROP ... IF EXISTS) in the test's output.
  PQsetNoticeProcessor(c.conn.get(), [](void*, const char*) {}, nullptr);
  return std::move(c.conn);
}

std::string Literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// ---------------------------------------------------------------------------
// Upstream.

absl::StatusOr<std::string> SetUpUpstream(PGconn* up, const Names& n, int rows) {
  std::vector<std::string> sql = {
      absl::StrCat("DROP PUBLICATION IF EXISTS ", n.publication),
      absl::StrCat("DROP TABLE IF EXISTS ", n.a, ", ", n.b),
      absl::StrCat("CREATE TABLE ", n.a,
                   " (id int PRIMARY KEY, balance bigint NOT NULL, note text, big text, seq bigint NOT NULL)"),
      absl::StrCat("CREATE TABLE ", n.b,
                   " (grp int NOT NULL, val bigint NOT NULL, note text, big text, seq bigint NOT NULL)"),
      // Not a key: it only keeps the writer's row lookups cheap.
      absl::StrCat("CREATE INDEX ON ", n.b, " (grp)"),
  };
  for (const std::string& t : {n.a, n.b}) {
    // Out of line without compression: every big value is TOASTed, and
    // updates that leave it alone send it as "unchanged".
    sql.push_back(absl::StrCat("ALTER TABLE ", t, " ALTER COLUMN big SET STORAGE EXTERNAL"));
    sql.push_back(absl::StrCat("ALTER TABLE ", t, " REPLICA IDENTITY FULL"));
  }
  // Notes with what COPY's text format escapes (tab, newline, backslash).
  auto note = [](const char* prefix, const char* i) {
    return absl::StrCat("CASE WHEN ", i, " % 5 = 0 THEN NULL WHEN ", i, " % 11 = 0 THEN E'tab\\there\\nline\\\\' || ",
                        i, " ELSE '", prefix, "''' || ", i, " END");
  };
  auto big = [](const char* i) {
    return absl::StrCat("CASE WHEN ", i, " % ", kBigEvery, " = 0 THEN repeat(md5(", i, "::text), 100) END");
  };
  sql.push_back(absl::StrCat("INSERT INTO ", n.a, " VALUES (0, 0, 'counter', NULL, 0)"));
  sql.push_back(absl::StrCat("INSERT INTO ", n.a, " SELECT i, (i * 7919) % 2001 - 1000, ", note("a", "i"), ", ",
                             big("i"), ", 0 FROM generate_series(1, ", rows, ") i"));
  sql.push_back(absl::StrCat("INSERT INTO ", n.b, " VALUES (0, 0, 'counter', NULL, 0)"));
  // Rows come in identical pairs (j = i / 2).
  sql.push_back(absl::StrCat("INSERT INTO ", n.b, " SELECT 1 + j % ", kGroups, ", j % 1000 - 300, ", note("b", "j"),
                             ", ", big("j"), ", 0 FROM (SELECT i / 2 AS j FROM generate_series(0, ", rows - 1,
                             ") i) s"));
  sql.push_back(absl::StrCat("CREATE PUBLICATION ", n.publication, " FOR TABLE ", n.a, ", ", n.b));
  for (const std::string& s : sql) {
    if (auto st = Execute(up, s); !st.ok()) return st;
  }
  auto k = Query(up, absl::StrCat("SELECT (SELECT sum(balance) FROM ", n.a, ") + (SELECT sum(val) FROM ", n.b, ")"));
  if (!k.ok()) return k.status();
  return *k->at(0).at(0);
}

// ---------------------------------------------------------------------------
// The writer.

Writer::Writer(ConnParams upstream, Names names, uint64_t seed, int rows)
    : upstream_(std::move(upstream)), n_(std::move(names)), rng_(seed), next_id_(rows + 1) {
  for (int i = 1; i <= rows; ++i) live_.push_back(i);
}

absl::Status Writer::Start() {
  if (conn_ == nullptr) {
    auto conn = ConnectTo(upstream_);
    if (!conn.ok()) return conn.status();
    conn_ = *std::move(conn);
  }
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void Writer::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

absl::Status Writer::status() const {
  std::lock_guard<std::mutex> l(mu_);
  return status_;
}

void Writer::Loop() {
  while (!stop_) {
    bool rollback = rng_.Chance(0.03);
    std::vector<int> live = live_;
    int next_id = next_id_;
    std::string sql = Transaction(committed_ + 1, live, next_id, rollback);
    if (auto s = Execute(conn_.get(), sql); !s.ok()) {
      std::lock_guard<std::mutex> l(mu_);
      status_ = s;
      return;
    }
    if (!rollback) {
      live_ = std::move(live);
      next_id_ = next_id;
      ++committed_;
    }
    // A pace Freshet keeps up with on a busy machine, so that a run ends
    // soon after its last kill.
    std::this_thread::sleep_for(std::chrono::microseconds(rng_.Between(1000, 6000)));
  }
}

std::string Writer::Note() {
  switch (rng_.Between(0, 4)) {
    case 0: return "NULL";
    case 1: return absl::StrCat("E'n\\t", rng_.Between(0, 99), "\\\\\\n'");
    default: return Literal(absl::StrCat("w'", rng_.Between(0, 999)));
  }
}

std::string Writer::Big() {
  if (rng_.Chance(0.2)) return "NULL";
  std::string s(static_cast<size_t>(rng_.Between(2500, kMaxBigChars)), 'x');
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;";
  for (char& c : s) c = kChars[rng_.Between(0, sizeof(kChars) - 2)];
  return Literal(s);
}

int64_t Writer::Amount() {
  int64_t x = rng_.Between(1, 1000);
  return rng_.Chance(0.5) ? x : -x;
}

int Writer::Group() { return static_cast<int>(rng_.Between(1, kGroups)); }

std::string Writer::Transaction(int64_t t, std::vector<int>& live, int& next_id, bool rollback) {
  std::string s = absl::StrCat("BEGIN; UPDATE ", n_.a, " SET seq = ", t, " WHERE id = 0; UPDATE ", n_.b,
                               " SET seq = ", t, " WHERE grp = 0;");
  auto b_row = [&](int64_t val, const std::string& note, const std::string& big) {
    return absl::StrCat("(", Group(), ", ", val, ", ", note, ", ", big, ", ", t, ")");
  };
  int ops = static_cast<int>(rng_.Between(1, 4));
  for (int op = 0; op < ops; ++op) {
    if (live.empty()) {
      int id = next_id++;
      live.push_back(id);
      int64_t x = Amount();
      absl::StrAppend(&s, " INSERT INTO ", n_.a, " VALUES (", id, ", ", x, ", ", Note(), ", NULL, ", t,
                      "); INSERT INTO ", n_.b, " VALUES ", b_row(-x, "'from a'", "NULL"), ";");
      continue;
    }
    size_t pick = static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(live.size()) - 1));
    int k = live[pick];
    int64_t roll = rng_.Between(0, 99);
    if (roll < 25) {
      // Identical rows into b.
      int64_t v = Amount(), copies = rng_.Between(1, 3);
      std::string row = b_row(v, Note(), rng_.Chance(0.1) ? Big() : "NULL");
      std::vector<std::string> rows(static_cast<size_t>(copies), row);
      absl::StrAppend(&s, " UPDATE ", n_.a, " SET balance = balance - ", v * copies, ", seq = ", t, " WHERE id = ",
                      k, "; INSERT INTO ", n_.b, " VALUES ", absl::StrJoin(rows, ", "), ";");
    } else if (roll < 40) {
      // One of a group's rows (maybe one of identical ones) goes back to a.
      absl::StrAppend(&s, " WITH d AS (DELETE FROM ", n_.b, " WHERE ctid = (SELECT ctid FROM ", n_.b,
                      " WHERE grp = ", Group(), " LIMIT 1) RETURNING val) UPDATE ", n_.a,
                      " SET balance = balance + (SELECT coalesce(sum(val), 0) FROM d), seq = ", t, " WHERE id = ", k,
                      ";");
    } else if (roll < 60) {
      // Update one row of b, its big value mostly left alone.
      int64_t y = Amount();
      std::string set = absl::StrCat("val = val + ", y, ", note = ", Note(), ", seq = ", t);
      if (rng_.Chance(0.15)) absl::StrAppend(&set, ", big = ", Big());
      absl::StrAppend(&s, " WITH u AS (UPDATE ", n_.b, " SET ", set, " WHERE ctid = (SELECT ctid FROM ", n_.b,
                      " WHERE grp = ", Group(), " LIMIT 1) RETURNING 1) UPDATE ", n_.a, " SET balance = balance - ",
                      y, " * (SELECT count(*) FROM u), seq = ", t, " WHERE id = ", k, ";");
    } else if (roll < 75) {
      // Update a row of a, its big value mostly left alone.
      int64_t x = Amount();
      std::string set = absl::StrCat("balance = balance - ", x, ", note = ", Note(), ", seq = ", t);
      if (rng_.Chance(0.2)) absl::StrAppend(&set, ", big = ", Big());
      absl::StrAppend(&s, " UPDATE ", n_.a, " SET ", set, " WHERE id = ", k, "; INSERT INTO ", n_.b, " VALUES ",
                      b_row(x, Note(), "NULL"), ";");
    } else if (roll < 85) {
      int id = next_id++;
      live.push_back(id);
      int64_t x = Amount();
      absl::StrAppend(&s, " INSERT INTO ", n_.a, " VALUES (", id, ", ", x, ", ", Note(), ", ",
                      rng_.Chance(0.2) ? Big() : "NULL", ", ", t, "); INSERT INTO ", n_.b, " VALUES ",
                      b_row(-x, "'from a'", "NULL"), ";");
    } else if (roll < 93) {
      live[pick] = live.back();
      live.pop_back();
      absl::StrAppend(&s, " WITH d AS (DELETE FROM ", n_.a, " WHERE id = ", k, " RETURNING balance, big) INSERT INTO ",
                      n_.b, " SELECT ", Group(), ", balance, 'was a', big, ", t, " FROM d;");
    } else if (roll < 97) {
      // A new key for a row of a (its big value travels along unchanged).
      int id = next_id++;
      live[pick] = id;
      int64_t x = Amount();
      absl::StrAppend(&s, " UPDATE ", n_.a, " SET id = ", id, ", balance = balance - ", x, ", seq = ", t,
                      " WHERE id = ", k, "; INSERT INTO ", n_.b, " VALUES ", b_row(x, "NULL", "NULL"), ";");
    } else {
      // Hundreds of rows in one go: a range of a, and a whole group of b.
      absl::StrAppend(&s, " WITH u AS (UPDATE ", n_.a, " SET balance = balance + 1, seq = ", t,
                      " WHERE id BETWEEN ", k, " AND ", k + 300, " RETURNING 1) INSERT INTO ", n_.b, " SELECT ",
                      Group(), ", -count(*), 'bulk', NULL, ", t, " FROM u; UPDATE ", n_.b, " SET seq = ", t,
                      " WHERE grp = ", Group(), ";");
    }
  }
  absl::StrAppend(&s, rollback ? " ROLLBACK;" : " COMMIT;");
  return s;
}

// ---------------------------------------------------------------------------
// The watcher.

Watcher::Watcher(ConnParams freshet, const Names& n, std::string constant)
    : freshet_(std::move(freshet)), constant_(std::move(constant)) {
  sql_ = absl::StrCat("SELECT (SELECT sum(balance) FROM ", n.a, ") + (SELECT sum(val) FROM ", n.b,
                      "), (SELECT seq FROM ", n.a, " WHERE id = 0), (SELECT seq FROM ", n.b, " WHERE grp = 0)");
}

void Watcher::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Watcher::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::optional<std::string> Watcher::failure() const {
  std::lock_guard<std::mutex> l(mu_);
  return failure_;
}

std::string Watcher::ErrorSummary() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> parts;
  for (const auto& [what, count] : errors_) parts.push_back(absl::StrCat(count, " x ", what));
  return parts.empty() ? "none" : absl::StrJoin(parts, "; ");
}

void Watcher::Loop() {
  PgConnPtr conn;
  Clock::time_point connected;
  while (!stop_) {
    if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
      conn = testkit::Connect(freshet_, milliseconds(1000)).conn;
      if (conn == nullptr) {
        std::this_thread::sleep_for(milliseconds(50));
        continue;
      }
      connected = Clock::now();
    }
    QueryError error;
    auto rows = Query(conn.get(), sql_, &error);
    if (rows.ok()) {
      Check(*rows);
    } else {
      // Expected after a kill: no server, or tables whose snapshot is not
      // committed yet (55000). Others are shown in the summary.
      std::string what = error.sqlstate.empty() ? "connection lost" : error.summary.substr(0, 140);
      std::lock_guard<std::mutex> l(mu_);
      ++errors_[what];
    }
    // Back to back for a while after a restart: that is when a source
    // resuming or re-snapshotting could show half of something.
    bool burst = Clock::now() - connected < std::chrono::seconds(3);
    std::this_thread::sleep_for(milliseconds(burst ? 2 : 20));
  }
}

void Watcher::Check(const std::vector<TextRow>& rows) {
  auto show = [](const TextRow& r) {
    std::vector<std::string> v;
    for (const auto& x : r) v.push_back(x ? *x : "<null>");
    return absl::StrJoin(v, ", ");
  };
  std::optional<std::string> bad;
  int64_t a = 0, b = 0;
  if (rows.size() != 1 || rows[0].size() != 3 || !rows[0][1] || !rows[0][2] ||
      !absl::SimpleAtoi(*rows[0][1], &a) || !absl::SimpleAtoi(*rows[0][2], &b)) {
    bad = absl::StrCat("unexpected answer shape (", rows.size(), " rows)");
  } else if (rows[0][0] != constant_ || a != b) {
    bad = absl::StrCat("a transaction was seen in part: sum(a.balance) + sum(b.val), a's counter, b's counter = ",
                       show(rows[0]), "; expected ", constant_, " and equal counters");
  } else if (a < last_counter_) {
    bad = absl::StrCat("the counter went back from ", last_counter_.load(), " to ", a,
                       ": committed transactions that a query saw were lost");
  }
  if (bad) {
    std::lock_guard<std::mutex> l(mu_);
    if (!failure_) failure_ = *bad;
    return;
  }
  last_counter_ = a;
  ++checks_;
}

}  // namespace freshet::crash
