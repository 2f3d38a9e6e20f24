#include <algorithm>
#include <atomic>
#include <thread>

#include "test_dir.h"
#include "types/row_codec.h"

namespace freshet::storage {
namespace {

using testing::Contents;
using testing::OpenOrDie;
using testing::R;
using testing::ReadInParts;
using testing::ReadWhole;
using testing::TestDir;
using types::EncodeRow;

CommitRequest Insert(CollectionId id, types::Row row, int64_t diff = 1) {
  CommitRequest r;
  r.updates.push_back(Update{id, std::move(row), diff});
  return r;
}

TEST_CASE("storage: a collection is a multiset of rows with counts", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->Commit(Insert(1, R(1))).ok());
  REQUIRE(s->Commit(Insert(1, R(1))).ok());  // a repeated row (no primary key)
  CommitRequest mixed;
  mixed.updates = {{1, R(2), 3}, {1, R(1), -1}, {1, R(3), 1}, {1, R(3), -1}};
  REQUIRE(s->Commit(mixed).ok());
  auto snap = s->GetSnapshot();
  auto rows = Contents(*snap, 1);
  CHECK(rows == std::map<std::string, int64_t>{{EncodeRow(R(1)), 1}, {EncodeRow(R(2)), 3}});
  auto stats = snap->Stats(1);
  REQUIRE(stats.ok());
  CHECK(stats->rows == 4);
  CHECK(stats->bytes > 0);
  types::Row decoded;
  auto cursor = snap->Scan(1);
  REQUIRE(cursor.ok());
  REQUIRE((*cursor)->Read(&decoded).ok());
  CHECK((decoded == R(1) || decoded == R(2)));
}

TEST_CASE("storage: a count that would go negative fails the whole commit", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->CreateCollection(2).ok());
  REQUIRE(s->Commit(Insert(1, R(1))).ok());
  CommitInfo before = s->GetSnapshot()->commit();
  CommitRequest bad;
  bad.updates = {{2, R(9), 1}, {1, R(1), -2}};
  bad.frontiers = {{"lsn", "0/10"}};
  auto r = s->Commit(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(std::string(r.status().message()).find("negative") != std::string::npos);
  auto snap = s->GetSnapshot();
  CHECK(snap->commit().seq == before.seq);
  CHECK(Contents(*snap, 1).size() == 1);
  CHECK(Contents(*snap, 2).empty());
  CHECK_FALSE(snap->Frontier("lsn").has_value());
  CHECK(s->counters().failed_commits == 1);
  // Deleting a row that was never there is the same mistake.
  CHECK(s->Commit(Insert(2, R(5), -1)).status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("storage: commits to missing collections fail; creating twice fails", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  CHECK(s->Commit(Insert(7, R(1))).status().code() == absl::StatusCode::kNotFound);
  REQUIRE(s->CreateCollection(7).ok());
  CHECK(s->CreateCollection(7).code() == absl::StatusCode::kAlreadyExists);
  CHECK(s->DropCollection(8).code() == absl::StatusCode::kNotFound);
  CHECK_FALSE(s->GetSnapshot()->Scan(8).ok());
}

TEST_CASE("storage: commits carry frontiers and increasing timestamps", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  CommitInfo last = s->GetSnapshot()->commit();
  CHECK(last.seq == 1);  // the create
  for (int i = 1; i <= 20; ++i) {
    CommitRequest r = Insert(1, R(i));
    r.frontiers = {{"source/u1/lsn", std::to_string(i)}};
    auto info = s->Commit(r);
    REQUIRE(info.ok());
    CHECK(info->seq == last.seq + 1);
    CHECK(info->timestamp_ms > last.timestamp_ms);
    last = *info;
  }
  auto snap = s->GetSnapshot();
  CHECK(snap->commit().seq == last.seq);
  CHECK(snap->commit().timestamp_ms == last.timestamp_ms);
  CHECK(snap->Frontier("source/u1/lsn") == std::optional<std::string>("20"));
  CHECK_FALSE(snap->Frontier("source/u2/lsn").has_value());
}

TEST_CASE("storage: a snapshot stays put while commits continue", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path(), /*sync=*/false);
  // Two collections whose row totals always move together: every commit
  // adds one row to each. A consistent snapshot sees equal totals.
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->CreateCollection(2).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      CommitRequest r;
      r.updates = {{1, R(i % 50), 1}, {2, R(i), 1}};
      r.frontiers = {{"n", std::to_string(i + 1)}};
      REQUIRE(s->Commit(r).ok());
      ++committed;
    }
  });
  while (committed < 50) std::this_thread::yield();
  for (int round = 0; round < 30; ++round) {
    auto snap = s->GetSnapshot();
    auto sum = [&](CollectionId id) {
      int64_t total = 0;
      for (auto& [row, count] : Contents(*snap, id)) total += count;
      return total;
    };
    int64_t a = sum(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    int64_t b = sum(2);
    CHECK(a == b);
    CHECK(std::to_string(a) == snap->Frontier("n").value_or("0"));
    CHECK(snap->Stats(1)->rows == a);
    CHECK(sum(1) == a);  // the same snapshot reads the same again
  }
  stop = true;
  writer.join();
}

TEST_CASE("storage: concurrent commits share durable writes", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());  // sync on: real fsyncs
  REQUIRE(s->CreateCollection(1).ok());
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) REQUIRE(s->Commit(Insert(1, R(t * 1000 + i))).ok());
    });
  }
  for (auto& t : threads) t.join();
  Counters c = s->counters();
  CHECK(c.commits == kThreads * kEach + 1);
  CHECK(c.group_writes < c.commits);  // some commits were grouped
  CHECK(s->GetSnapshot()->Stats(1)->rows == kThreads * kEach);
}

TEST_CASE("storage: a failing commit in a group leaves the others intact", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        // Odd threads delete rows that do not exist: always rejected.
        auto r = s->Commit(Insert(1, R(t * 100 + i), t % 2 == 0 ? 1 : -1));
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 160);
  CHECK(s->GetSnapshot()->Stats(1)->rows == 160);
  CHECK(Contents(*s->GetSnapshot(), 1).size() == 160);
}

TEST_CASE("storage: a failed drop in a group leaves the group's counts alone", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path(), /*sync=*/false);
  REQUIRE(s->CreateCollection(1).ok());
  std::vector<std::thread> threads;
  std::atomic<int> added{0}, failed_drops{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        if (t % 2 == 0) {
          // One more copy of the same row, counted on the group's overlay.
          if (s->Commit(Insert(1, R(7))).ok()) ++added;
        } else {
          // Dropping 1 with a missing collection: always rejected, so the
          // drop of 1 must not reach the commits grouped with it.
          CommitRequest drop;
          drop.drop = {1, 999};
          if (!s->Commit(drop).ok()) ++failed_drops;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed_drops == 400);
  REQUIRE(added == 400);
  CHECK(Contents(*s->GetSnapshot(), 1) == std::map<std::string, int64_t>{{EncodeRow(R(7)), 400}});
  CHECK(s->GetSnapshot()->Stats(1)->rows == 400);
}

TEST_CASE("storage: drop removes a collection and frees its space", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path(), /*sync=*/false);
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->CreateCollection(2).ok());
  std::string filler(200, 'f');
  for (int batch = 0; batch < 20; ++batch) {
    CommitRequest r;
    for (int i = 0; i < 1000; ++i) r.updates.push_back({1, R(batch * 1000 + i, filler + std::to_string(i)), 1});
    REQUIRE(s->Commit(r).ok());
  }
  REQUIRE(s->Commit(Insert(2, R(1))).ok());
  auto before_drop = s->GetSnapshot();
  s->GetSnapshot();  // unrelated
  uint64_t full = s->DiskBytes();
  REQUIRE(s->DropCollection(1).ok());
  // A snapshot from before the drop still reads the rows.
  CHECK(Contents(*before_drop, 1).size() == 20000);
  before_drop.reset();
  REQUIRE(s->CreateCollection(3).ok());
  REQUIRE(s->DropCollection(3).ok());  // compacts again, now that no snapshot holds the rows
  auto snap = s->GetSnapshot();
  CHECK_FALSE(snap->Exists(1));
  CHECK(snap->Collections() == std::vector<CollectionId>{2});
  CHECK(Contents(*snap, 2).size() == 1);
  uint64_t after = s->DiskBytes();
  INFO("disk bytes before drop " << full << ", after " << after);
  CHECK(after < full / 4);
  // The id can be used again, and starts empty.
  REQUIRE(s->CreateCollection(1).ok());
  CHECK(Contents(*s->GetSnapshot(), 1).empty());
}

TEST_CASE("storage: drop and re-create in one group start from nothing", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->Commit(Insert(1, R(1), 2)).ok());
  CommitRequest r;
  r.updates = {{1, R(1), -1}};
  r.drop = {1};
  REQUIRE(s->Commit(r).ok());
  CommitRequest again;
  again.create = {1};
  again.updates = {{1, R(1), 1}};
  REQUIRE(s->Commit(again).ok());
  CHECK(Contents(*s->GetSnapshot(), 1) == std::map<std::string, int64_t>{{EncodeRow(R(1)), 1}});
  CHECK(s->GetSnapshot()->Stats(1)->rows == 1);
}

TEST_CASE("storage: everything survives a reopen", "[storage]") {
  TestDir dir;
  CommitInfo last;
  {
    auto s = OpenOrDie(dir.path());
    REQUIRE(s->CreateCollection(1).ok());
    REQUIRE(s->CreateCollection(2).ok());
    CommitRequest r;
    r.updates = {{1, R(1), 2}, {2, types::Row{types::Datum(), types::Datum::FromString("")}, 1}};
    r.frontiers = {{"lsn", "0/16B3748"}};
    last = *s->Commit(r);
  }
  auto s = OpenOrDie(dir.path());
  auto snap = s->GetSnapshot();
  CHECK(snap->commit().seq == last.seq);
  CHECK(snap->commit().timestamp_ms == last.timestamp_ms);
  CHECK(snap->Collections() == std::vector<CollectionId>{1, 2});
  CHECK(Contents(*snap, 1) == std::map<std::string, int64_t>{{EncodeRow(R(1)), 2}});
  CHECK(Contents(*snap, 2).size() == 1);
  CHECK(snap->Stats(1)->rows == 2);
  CHECK(snap->Frontier("lsn") == std::optional<std::string>("0/16B3748"));
  // The commit sequence continues where it stopped.
  auto next = s->Commit(Insert(1, R(1), -2));
  REQUIRE(next.ok());
  CHECK(next->seq == last.seq + 1);
  CHECK(next->timestamp_ms > last.timestamp_ms);
  CHECK(Contents(*s->GetSnapshot(), 1).empty());
}

TEST_CASE("storage: a second process cannot open the same directory", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  Options o;
  o.data_dir = dir.path();
  o.secrets_key_hex = std::string(64, 'a');
  auto second = Storage::Open(o);
  CHECK_FALSE(second.ok());
}

}  // namespace
}  // namespace freshet::storage

namespace freshet::storage {
namespace {

TEST_CASE("storage: blind commits add count deltas without reading", "[storage]") {
  testing::TestDir dir;
  Options o;
  o.data_dir = dir.path();
  o.secrets_key_hex = std::string(64, 'c');
  auto s = Storage::Open(o);
  REQUIRE(s.ok());
  REQUIRE((*s)->CreateCollection(7).ok());
  CommitRequest add;
  add.blind = true;
  add.updates = {{7, testing::R(1), 2}, {7, testing::R(2), 1}, {7, testing::R(3), 1}};
  add.frontiers = {{"lsn", "10"}};
  REQUIRE((*s)->Commit(add).ok());
  CommitRequest change;
  change.blind = true;
  change.updates = {{7, testing::R(1), -1}, {7, testing::R(2), -1}, {7, testing::R(4), 1}};
  REQUIRE((*s)->Commit(change).ok());
  auto snap = (*s)->GetSnapshot();
  auto rows = testing::Contents(*snap, 7);
  CHECK(rows.size() == 3);  // row 2 went to zero: absent
  CHECK(rows[types::EncodeRow(testing::R(1))] == 1);
  CHECK(rows.count(types::EncodeRow(testing::R(2))) == 0);
  CHECK(rows[types::EncodeRow(testing::R(3))] == 1);
  CHECK(rows[types::EncodeRow(testing::R(4))] == 1);
  CHECK(snap->Stats(7)->rows == 3);
  CHECK(snap->Frontier("lsn") == std::optional<std::string>("10"));
  // A missing collection still fails the commit, with nothing applied.
  CommitRequest missing;
  missing.blind = true;
  missing.updates = {{7, testing::R(9), 1}, {8, testing::R(1), 1}};
  CHECK_FALSE((*s)->Commit(missing).ok());
  CHECK(testing::Contents(*(*s)->GetSnapshot(), 7).size() == 3);
  // Checked commits read through the merged counts.
  REQUIRE((*s)->Commit(testing::Updates({{7, testing::R(1), -1}})).ok());
  CHECK((*s)->Commit(testing::Updates({{7, testing::R(2), -1}})).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  CHECK(testing::Contents(*(*s)->GetSnapshot(), 7).size() == 2);
}

// Reads the collection through ScanRange over the split's ranges, one after
// the other, checking each range's rows are inside its bounds.
TEST_CASE("storage: split points cut a collection into ranges that read it whole, in order", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->CreateCollection(2).ok());
  CommitRequest r;
  for (int i = 0; i < 1000; ++i) r.updates.push_back(Update{1, R(i), 1 + i % 3});
  r.updates.push_back(Update{2, R(7), 5});
  REQUIRE(s->Commit(r).ok());
  auto snap = s->GetSnapshot();
  const auto whole = ReadWhole(*snap, 1);
  REQUIRE(whole.size() == 1000);
  for (int parts : {2, 3, 8, 1000, 5000}) {
    auto bounds = snap->SplitPoints(1, parts);
    REQUIRE(bounds.ok());
    CHECK(bounds->size() == static_cast<size_t>(std::min(parts, 1000) - 1));
    CHECK(std::is_sorted(bounds->begin(), bounds->end()));
    CHECK(ReadInParts(*snap, 1, *bounds) == whole);
  }
  // One distinct row cannot be split; one part asks for no split.
  auto one = snap->SplitPoints(2, 4);
  REQUIRE(one.ok());
  CHECK(one->empty());
  CHECK(snap->SplitPoints(1, 1)->empty());
  CHECK_FALSE(snap->SplitPoints(9, 2).ok());
}

TEST_CASE("storage: a large collection is split from size estimates", "[storage]") {
  TestDir dir;
  auto s = OpenOrDie(dir.path(), /*sync=*/false);
  REQUIRE(s->CreateCollection(3).ok());
  // About 24 MiB of rows, beyond the exact split's limit, flushed to files
  // and in the memtable both.
  const std::string pad(200, 'p');
  for (int batch = 0; batch < 12; ++batch) {
    CommitRequest r;
    for (int i = 0; i < 10000; ++i) r.updates.push_back(Update{3, R(batch * 10000 + i, pad), 1});
    REQUIRE(s->Commit(r).ok());
  }
  auto snap = s->GetSnapshot();
  const auto whole = ReadWhole(*snap, 3);
  REQUIRE(whole.size() == 120000);
  auto bounds = snap->SplitPoints(3, 4);
  REQUIRE(bounds.ok());
  REQUIRE(bounds->size() >= 2);
  CHECK(ReadInParts(*snap, 3, *bounds) == whole);
  // How fair the shares are depends on the estimates (rough for rows still
  // in the memtable); what matters here is that there are several and that
  // none is empty.
  for (size_t i = 0; i + 1 < bounds->size(); ++i) CHECK((*bounds)[i] < (*bounds)[i + 1]);
  for (const std::string& b : *bounds) CHECK(b > whole.front().first);
}

}  // namespace
}  // namespace freshet::storage
