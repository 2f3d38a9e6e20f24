// Scans stream: a table is read from its provider's reader batch by batch
// (never more than kBatchSize rows asked for at once), and a row stored n
// times comes out once with diff n. Providers that only compute whole
// relations (Rows) keep working through the default Open.
#include <catch2/catch.hpp>

#include "compute/cursor.h"

namespace freshet::compute {
namespace {

using types::Datum;
using types::Row;

// A relation of `rows` distinct rows, row i stored (i % 3 + 1) times.
class CountingReader final : public RelationReader {
 public:
  CountingReader(int64_t rows, size_t* largest_request) : rows_(rows), largest_request_(largest_request) {}
  absl::StatusOr<bool> Next(size_t max, std::vector<std::pair<Row, int64_t>>& out) override {
    out.clear();
    *largest_request_ = std::max(*largest_request_, max);
    while (next_ < rows_ && out.size() < max) {
      out.emplace_back(Row{Datum::FromInt(next_)}, next_ % 3 + 1);
      ++next_;
    }
    return !out.empty();
  }

 private:
  int64_t rows_;
  int64_t next_ = 0;
  size_t* largest_request_;
};

class StreamingProvider final : public RelationProvider {
 public:
  absl::StatusOr<std::vector<Row>> Rows(uint64_t) const override {
    return absl::InternalError("a streaming relation must not be materialised");
  }
  absl::StatusOr<std::unique_ptr<RelationReader>> Open(uint64_t, const std::vector<bool>&) const override {
    ++opened;
    return std::unique_ptr<RelationReader>(new CountingReader(5000, &largest_request));
  }
  mutable int opened = 0;
  mutable size_t largest_request = 0;
};

class WholeProvider final : public RelationProvider {
 public:
  absl::StatusOr<std::vector<Row>> Rows(uint64_t) const override {
    return std::vector<Row>{{Datum::FromInt(1)}, {Datum::FromInt(2)}};
  }
};

sql::RelExpr ScanOf(uint64_t id) {
  sql::Scan scan;
  scan.relation = id;
  scan.name = "t";
  scan.arity = 1;
  return sql::RelExpr{std::move(scan)};
}

TEST_CASE("scan: tables stream in batches with counts as diffs", "[scan]") {
  StreamingProvider provider;
  std::vector<Datum> params;
  ExecContext ctx;
  ctx.params = &params;
  ctx.relations = &provider;
  sql::RelExpr plan = ScanOf(1000);
  auto cursor = OpenCursor(plan, ctx);
  Batch batch;
  int64_t rows = 0, total = 0, batches = 0;
  for (;;) {
    auto more = cursor->Next(batch);
    REQUIRE(more.ok());
    CHECK(batch.size() <= kBatchSize);
    for (const Update& u : batch) {
      CHECK(u.diff == u.row[0].as_int() % 3 + 1);
      ++rows;
      total += u.diff;
    }
    if (!*more) break;
    ++batches;
  }
  CHECK(provider.opened == 1);
  CHECK(provider.largest_request == kBatchSize);
  CHECK(rows == 5000);
  CHECK(total == 5000 / 3 * 6 + 1 + 2);  // 1666 full cycles of 1+2+3, then rows 4998 (1), 4999 (2)
  CHECK(batches == 5);
}

TEST_CASE("scan: computed relations still come from Rows", "[scan]") {
  WholeProvider provider;
  std::vector<Datum> params;
  ExecContext ctx;
  ctx.params = &params;
  ctx.relations = &provider;
  sql::RelExpr plan = ScanOf(1);
  auto cursor = OpenCursor(plan, ctx);
  Batch batch;
  auto more = cursor->Next(batch);
  REQUIRE(more.ok());
  REQUIRE(batch.size() == 2);
  CHECK(batch[0].diff == 1);
  CHECK(batch[1].row[0].as_int() == 2);
}

}  // namespace
}  // namespace freshet::compute
