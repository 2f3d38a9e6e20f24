// Operators that read a table in parts on several threads (GROUP BY, top-k,
// join probes, filters streamed in order) give exactly what one thread
// gives, rows and order both.
// Queries go through the real parser and binder; the table comes from a
// provider that cuts it into parts and slows each part down so that every
// worker takes some.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "compute/cursor.h"
#include "sql/binder.h"
#include "types/format.h"

namespace freshet::compute {
namespace {

using types::Datum;
using types::Row;
using types::Type;
using types::TypeId;

constexpr uint64_t kBig = 1, kSmall = 2;
constexpr int64_t kBigRows = 6000;

// Row i of `big`: (id i, k i % 37 or NULL every 11th, v (i * 7919) % 1000 -
// 500, s 'r' || i % 5), stored i % 3 + 1 times. `small`: (k 0..29, name).
Row BigRow(int64_t i) {
  return Row{Datum::FromInt(i), i % 11 == 0 ? Datum() : Datum::FromInt(i % 37),
             Datum::FromInt((i * 7919) % 1000 - 500), Datum::FromString("r" + std::to_string(i % 5))};
}

class RangeReader final : public RelationReader {
 public:
  RangeReader(int64_t begin, int64_t end, std::atomic<int>* batches, std::mutex* mu, std::set<std::thread::id>* threads)
      : next_(begin), end_(end), batches_(batches), mu_(mu), threads_(threads) {}
  absl::StatusOr<bool> Next(size_t max, std::vector<std::pair<Row, int64_t>>& out) override {
    out.clear();
    // Slow enough that no worker finishes all parts before the others
    // start.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    while (next_ < end_ && out.size() < max) {
      out.emplace_back(BigRow(next_), next_ % 3 + 1);
      ++next_;
    }
    if (!out.empty()) ++*batches_;
    std::lock_guard<std::mutex> lock(*mu_);
    threads_->insert(std::this_thread::get_id());
    return !out.empty();
  }

 private:
  int64_t next_, end_;
  std::atomic<int>* batches_;
  std::mutex* mu_;
  std::set<std::thread::id>* threads_;
};

class Tables final : public sql::CatalogReader, public RelationProvider {
 public:
  absl::StatusOr<sql::RelationDesc> ResolveRelation(const std::optional<std::string>&,
                                                    const std::optional<std::string>&,
                                                    const std::string& name) const override {
    sql::RelationDesc desc;
    desc.name = desc.qualified = name;
    if (name == "big") {
      desc.id = kBig;
      desc.columns = {{"id", Type{TypeId::kInt8}}, {"k", Type{TypeId::kInt4}}, {"v", Type{TypeId::kInt4}},
                      {"s", Type{TypeId::kText}}};
    } else if (name == "small") {
      desc.id = kSmall;
      desc.columns = {{"k", Type{TypeId::kInt4}}, {"name", Type{TypeId::kText}}};
    } else {
      return absl::NotFoundError(name);
    }
    desc.nullable.assign(desc.columns.size(), true);
    desc.defaults.resize(desc.columns.size());
    return desc;
  }
  absl::StatusOr<std::vector<Row>> Rows(uint64_t relation) const override {
    std::vector<Row> rows;
    if (relation == kSmall) {
      for (int64_t k = 0; k < 30; ++k) rows.push_back({Datum::FromInt(k), Datum::FromString("n" + std::to_string(k))});
      return rows;
    }
    for (int64_t i = 0; i < kBigRows; ++i) {
      for (int64_t c = 0; c <= i % 3; ++c) rows.push_back(BigRow(i));
    }
    return rows;
  }
  absl::StatusOr<std::vector<std::unique_ptr<RelationReader>>> OpenParts(uint64_t relation,
                                                                        const std::vector<bool>& columns,
                                                                        int max_parts) const override {
    if (relation != kBig) return RelationProvider::OpenParts(relation, columns, max_parts);
    std::vector<std::unique_ptr<RelationReader>> parts;
    for (int p = 0; p < max_parts; ++p) {
      parts.push_back(std::make_unique<RangeReader>(kBigRows * p / max_parts, kBigRows * (p + 1) / max_parts,
                                                    &batches, &mu, &threads));
    }
    parts_opened += max_parts;
    return parts;
  }
  mutable std::atomic<int> batches{0};
  mutable std::mutex mu;
  mutable std::set<std::thread::id> threads;  // that read the big table's parts
  mutable std::atomic<int> parts_opened{0};
};

struct Result {
  absl::Status status;
  std::vector<std::string> rows;  // each row's text, in output order
};

Result Run(const Tables& tables, const std::string& sql, int parallelism) {
  Result result;
  auto stmts = sql::ParseStatements(sql);
  REQUIRE(stmts.ok());
  sql::BindContext bctx;
  bctx.catalog = &tables;
  auto plan = sql::BindSelect(stmts->at(0), std::get<sql::SelectStmt>(stmts->at(0).body), bctx);
  REQUIRE(plan.ok());
  std::vector<Datum> params;
  ExecContext ctx;
  ctx.params = &params;
  ctx.relations = &tables;
  ctx.parallelism = parallelism;
  auto cursor = OpenCursor(*plan->root, ctx);
  Batch batch;
  for (;;) {
    auto more = cursor->Next(batch);
    if (!more.ok()) {
      result.status = more.status();
      return result;
    }
    if (!*more) break;
    for (const Update& u : batch) {
      std::string text;
      for (size_t c = 0; c < u.row.size(); ++c) {
        text += (c ? "|" : "") + (u.row[c].is_null() ? "NULL" : types::ToText(plan->columns[c].type, u.row[c]));
      }
      result.rows.push_back(text + " x" + std::to_string(u.diff));
    }
  }
  return result;
}

TEST_CASE("parallel: GROUP BY, top-k and join probes in parts equal one thread", "[parallel]") {
  const char* queries[] = {
      // Mergeable aggregates, with keys (first-seen order kept) and without.
      "SELECT k, count(*), count(v), sum(v), avg(v), min(s), max(id), bool_and(v > -400), bool_or(v > 490) "
      "FROM big GROUP BY k",
      // Keys first seen in different parts: the order must still be the
      // input's.
      "SELECT id / 100, count(*), sum(v) FROM big GROUP BY 1",
      "SELECT count(*), sum(v), avg(id), min(v), max(v), sum(v::numeric), sum(v::float8) FROM big WHERE v % 3 = 1",
      "SELECT count(*) FROM big WHERE v > 100000",  // no rows pass
      "SELECT s, k % 3, count(*) FILTER (WHERE v > 0), sum(id) FROM big GROUP BY 1, 2",
      // Top-k with many ties: input order decides among them.
      "SELECT id, v FROM big ORDER BY v DESC LIMIT 25",
      "SELECT s, k FROM big ORDER BY s LIMIT 40 OFFSET 3",
      // Hash join probes (inner and left), the build side shared.
      "SELECT b.name, count(*), sum(a.v) FROM big a JOIN small b ON a.k = b.k GROUP BY b.name",
      "SELECT b.name IS NULL, count(*), max(a.id) FROM big a LEFT JOIN small b ON a.k = b.k GROUP BY 1",
      "SELECT a.id, b.name FROM big a JOIN small b ON a.k = b.k ORDER BY a.v, b.name LIMIT 15",
      // Filters and join probes streamed in scan order (no blocking
      // operator above), also cut short by LIMIT.
      "SELECT id, s, v FROM big WHERE v > 0",
      "SELECT a.id, b.name FROM big a JOIN small b ON a.k = b.k WHERE a.v < 0",
      "SELECT id FROM big WHERE v % 5 = 1 LIMIT 7",
      "SELECT id, k FROM big WHERE k IS NULL ORDER BY k, s",
      // Not merged in parts (DISTINCT, collecting aggregates): one thread.
      "SELECT k, count(DISTINCT v), string_agg(s, ',' ORDER BY id) FROM big WHERE id < 300 GROUP BY k",
  };
  for (const char* q : queries) {
    INFO(q);
    Tables serial_tables, parallel_tables;
    Result serial = Run(serial_tables, q, 1);
    Result parallel = Run(parallel_tables, q, 3);
    REQUIRE(serial.status.ok());
    REQUIRE(parallel.status.ok());
    CHECK(!serial.rows.empty());
    CHECK(parallel.rows == serial.rows);
    CHECK(serial_tables.parts_opened <= 1);
    // Each reads the big table in parts (the DISTINCT one through its
    // filter, below a GROUP BY that runs on one thread).
    CHECK(parallel_tables.parts_opened > 1);
    CHECK(serial_tables.threads.size() <= 1);
  }
}

TEST_CASE("parallel: every worker takes parts, and an error in a part fails the query", "[parallel]") {
  Tables tables;
  Result r = Run(tables, "SELECT k, sum(v) FROM big GROUP BY k", 3);
  REQUIRE(r.status.ok());
  CHECK(tables.parts_opened == 3 * 4);
  CHECK(tables.threads.size() == 3);
  for (const char* q : {"SELECT sum(v / (id - 4321)) FROM big", "SELECT v / (id - 4321) FROM big WHERE v > -1000"}) {
    INFO(q);
    Result err = Run(tables, q, 3);
    REQUIRE_FALSE(err.status.ok());
    CHECK(std::string(err.status.message()) == "division by zero");
  }
}

}  // namespace
}  // namespace freshet::compute
