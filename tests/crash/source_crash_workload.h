// The workload of source_crash (source_crash.cc, README.md): the upstream
// tables, the writer of multi-table transactions upstream, and the watcher
// that checks what a client of Freshet sees of them. Written against libpq,
// freshet::testkit and Abseil only.
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "testkit/pg_client.h"

namespace freshet::crash {

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  int64_t Between(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(gen_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(gen_); }

 private:
  std::mt19937_64 gen_;
};

// "1A/2B3C4D0", as PostgreSQL prints a pg_lsn.
std::string FormatLsn(int64_t lsn);
// A SQL string literal.
std::string Literal(const std::string& s);

// A query's error: the SQLSTATE (empty when the connection failed) and a
// one-line summary that does not repeat a long statement.
struct QueryError {
  std::string sqlstate;
  std::string summary;
};

// Runs `sql` (one or more statements); the last result's rows as text.
absl::StatusOr<std::vector<testkit::TextRow>> Query(PGconn* conn, const std::string& sql,
                                                    QueryError* error = nullptr);
absl::Status Execute(PGconn* conn, const std::string& sql);
// The single int8 value of a query; nullopt when it returns no row or NULL.
absl::StatusOr<std::optional<int64_t>> QueryInt(PGconn* conn, const std::string& sql);
// Connects within `timeout`, with NOTICEs silenced.
absl::StatusOr<testkit::PgConnPtr> ConnectTo(const testkit::ConnParams& params,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The upstream objects, named after the test's pid (Freshet's tables are
// named like the upstream ones).
struct Names {
  std::string a, b, publication;
};

// Makes the two tables (replacing leftovers of the same names), REPLICA
// IDENTITY FULL with `big` stored out of line, `rows` rows each plus a
// counter row, and a publication of just these two. Returns the invariant's
// constant, sum(a.balance) + sum(b.val), as PostgreSQL prints it.
absl::StatusOr<std::string> SetUpUpstream(PGconn* up, const Names& n, int rows);

// Writes multi-table transactions upstream, one after the other, until
// stopped. Every transaction moves amounts between the tables (so
// sum(a.balance) + sum(b.val) stays constant) and writes its number into both
// counter rows (a.id = 0, b.grp = 0). It inserts identical rows into b,
// updates and deletes one of several identical rows, updates a's rows with
// and without touching the TOASTed column, changes a's key, writes NULLs, and
// now and then touches hundreds of rows at once or rolls back.
//
// Runs on a thread of its own; Start, Stop and the accessors belong to the
// main thread.
class Writer {
 public:
  Writer(testkit::ConnParams upstream, Names names, uint64_t seed, int rows);
  ~Writer() { Stop(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Starts writing (again, after Stop, going on from where it stopped).
  absl::Status Start();
  // Returns once the transaction under way has ended.
  void Stop();
  // Transactions committed so far (the counter rows hold this number).
  int64_t committed() const { return committed_.load(); }
  // The first error, after which the writer stopped.
  absl::Status status() const;

 private:
  void Loop();
  // One transaction's SQL; `live` and `next_id` are updated as if it commits.
  std::string Transaction(int64_t t, std::vector<int>& live, int& next_id, bool rollback);
  std::string Note();
  std::string Big();
  int64_t Amount();
  int Group();

  testkit::ConnParams upstream_;
  Names n_;
  Rng rng_;                 // the writer thread's
  testkit::PgConnPtr conn_;
  std::vector<int> live_;   // a's ids other than 0, as committed; the writer thread's
  int next_id_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> committed_{0};
  std::thread thread_;
  mutable std::mutex mu_;
  absl::Status status_;  // guarded by mu_
};

// Runs the invariant query on Freshet in a loop on a thread of its own: one
// query must see sum(a.balance) + sum(b.val) equal to the constant and both
// counters equal (no transaction seen in part), and the counter must never
// go back (what a query saw was committed, so it survives a kill). Errors
// (Freshet killed, tables not readable yet) are counted and retried; a wrong
// answer is a failure. Queries run back to back for 3 s after each
// reconnection, every 20 ms otherwise.
class Watcher {
 public:
  Watcher(testkit::ConnParams freshet, const Names& n, std::string constant);
  ~Watcher() { Stop(); }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  void Start();
  void Stop();
  // The first wrong answer, described.
  std::optional<std::string> failure() const;
  int64_t checks() const { return checks_.load(); }  // right answers so far
  int64_t last_counter() const { return last_counter_.load(); }
  // The errors met on the way, with their counts.
  std::string ErrorSummary() const;

 private:
  void Loop();
  void Check(const std::vector<testkit::TextRow>& rows);

  testkit::ConnParams freshet_;
  std::string constant_;
  std::string sql_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::atomic<int64_t> checks_{0};
  std::atomic<int64_t> last_counter_{0};
  mutable std::mutex mu_;
  std::optional<std::string> failure_;     // guarded by mu_
  std::map<std::string, int64_t> errors_;  // guarded by mu_
};

}  // namespace freshet::crash
