// Settled bases (docs/storage.md): a settle rewrites a collection into pages
// without changing what any snapshot reads, and later commits (checked and
// blind) are kept relative to the base. Every test compares what scans show
// with a model of the rows kept beside them.
#include <map>
#include <random>
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

using Model = std::map<std::string, int64_t>;  // encoded row -> count

// Applies updates to the model the way a successful commit applies them.
void Apply(const std::vector<Update>& updates, Model* model) {
  for (const Update& u : updates) {
    int64_t& c = (*model)[EncodeRow(u.row)];
    c += u.diff;
    if (c == 0) model->erase(EncodeRow(u.row));
  }
}

std::unique_ptr<Storage> OpenQuiet(const std::string& dir) { return OpenOrDie(dir, /*sync=*/false, 0); }

// Commits `r`, which must succeed, and applies it to `model`.
void CommitAndApply(Storage& s, const CommitRequest& r, Model* model) {
  REQUIRE(s.Commit(r).ok());
  Apply(r.updates, model);
}

TEST_CASE("settle: a settled collection reads the same, and old snapshots are untouched", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  Model model;
  CommitRequest r;
  for (int i = 0; i < 3000; ++i) r.updates.push_back(Update{1, R(i, std::string(100, 'a' + i % 26)), 1 + i % 3});
  CommitAndApply(*s, r, &model);
  auto before = s->GetSnapshot();
  auto stats_before = before->Stats(1);
  REQUIRE(stats_before.ok());

  auto settled = s->Settle(1);
  REQUIRE(settled.ok());
  CHECK(*settled);
  auto after = s->GetSnapshot();
  CHECK(after->commit().seq > before->commit().seq);
  CHECK(Contents(*after, 1) == model);
  CHECK(Contents(*before, 1) == model);
  auto stats = after->Stats(1);
  REQUIRE(stats.ok());
  CHECK(stats->rows == stats_before->rows);
  CHECK(stats->bytes == stats_before->bytes);
  // Nothing changed since: nothing to settle.
  auto again = s->Settle(1);
  REQUIRE(again.ok());
  CHECK_FALSE(*again);
  CHECK(s->Settle(99).status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("settle: checked commits after a settle add to, cancel and check the base's counts", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  Model model;
  CommitRequest r;
  for (int i = 0; i < 2000; i += 2) r.updates.push_back(Update{1, R(i, std::string(300, 'b')), 2});
  CommitAndApply(*s, r, &model);
  REQUIRE(s->Settle(1).ok());

  std::vector<Update> changes = {
      {1, R(0, std::string(300, 'b')), -2},    // the first row of the base, gone
      {1, R(10, std::string(300, 'b')), -1},   // one copy of two
      {1, R(11, std::string(300, 'b')), 4},    // a new row between base rows
      {1, R(1998, std::string(300, 'b')), 1},  // the last row, a third copy
      {1, R(5000, "after"), 1},                // after the last page
      {1, R(-1, "before"), 1},                 // before the first
  };
  CommitAndApply(*s, testing::Updates(changes), &model);
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
  auto stats = s->GetSnapshot()->Stats(1);
  REQUIRE(stats.ok());
  int64_t rows = 0;
  for (const auto& [row, count] : model) rows += count;
  CHECK(stats->rows == rows);

  // The base's counts are checked: a row of the base cannot go below zero.
  auto bad = s->Commit(testing::Updates({{1, R(10, std::string(300, 'b')), -2}}));
  CHECK(bad.status().code() == absl::StatusCode::kFailedPrecondition);
  bad = s->Commit(testing::Updates({{1, R(0, std::string(300, 'b')), -1}}));
  CHECK(bad.status().code() == absl::StatusCode::kFailedPrecondition);
  // Putting back a removed base row, then removing it in the same commit.
  std::vector<Update> back = {{1, R(0, std::string(300, 'b')), 1}, {1, R(10, std::string(300, 'b')), -1}};
  CommitAndApply(*s, testing::Updates(back), &model);
  CHECK(Contents(*s->GetSnapshot(), 1) == model);

  // A second settle takes the changes in; the first generation goes.
  REQUIRE(*s->Settle(1));
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
  s.reset();
  s = OpenQuiet(dir.path());
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
  REQUIRE(s->Commit(testing::Updates({{1, R(12, std::string(300, 'b')), 1}})).ok());
  Apply({{1, R(12, std::string(300, 'b')), 1}}, &model);
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
}

TEST_CASE("settle: blind changes after a settle cancel rows of the base", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  Model model;
  CommitRequest r;
  r.blind = true;
  for (int i = 0; i < 1000; ++i) r.updates.push_back(Update{1, R(i, std::string(200, 'c')), 1});
  CommitAndApply(*s, r, &model);
  REQUIRE(*s->Settle(1));
  CommitRequest change;
  change.blind = true;
  for (int i = 0; i < 1000; i += 3) {
    change.updates.push_back(Update{1, R(i, std::string(200, 'c')), -1});
    change.updates.push_back(Update{1, R(i, std::string(200, 'd')), 1});
  }
  CommitAndApply(*s, change, &model);
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
  REQUIRE(*s->Settle(1));
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
}

TEST_CASE("settle: ranges and split points of a settled collection read it whole, in order", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(3).ok());
  // About 12 MiB: beyond the exact split's limit, so the page index splits it.
  const std::string pad(200, 'p');
  for (int batch = 0; batch < 6; ++batch) {
    CommitRequest r;
    for (int i = 0; i < 10000; ++i) r.updates.push_back(Update{3, R(batch * 10000 + i, pad), 1});
    REQUIRE(s->Commit(r).ok());
  }
  REQUIRE(*s->Settle(3));
  // Changes on top: some base rows gone, some new rows between them.
  CommitRequest change;
  for (int i = 0; i < 60000; i += 97) change.updates.push_back(Update{3, R(i, pad), -1});
  for (int i = 5; i < 60000; i += 1013) change.updates.push_back(Update{3, R(i, "new"), 2});
  REQUIRE(s->Commit(change).ok());
  auto snap = s->GetSnapshot();
  const auto whole = ReadWhole(*snap, 3);
  REQUIRE(whole.size() == 60000 - (60000 + 96) / 97 + (60000 - 5 + 1012) / 1013);
  for (int parts : {2, 4, 16, 100000}) {
    auto bounds = snap->SplitPoints(3, parts);
    REQUIRE(bounds.ok());
    CHECK(bounds->size() >= static_cast<size_t>(std::min(parts - 1, 100)));
    CHECK(std::is_sorted(bounds->begin(), bounds->end()));
    CHECK(ReadInParts(*snap, 3, *bounds) == whole);
  }
  // Bounds that fall inside pages and between changed rows.
  std::vector<std::string> inside = {EncodeRow(R(5, "new")), EncodeRow(R(97, pad)), EncodeRow(R(30000, "zz")),
                                     EncodeRow(R(59999, pad))};
  CHECK(ReadInParts(*snap, 3, inside) == whole);
}

TEST_CASE("settle: a dropped collection takes its base along", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->Commit(testing::Updates({{1, R(1), 1}, {1, R(2), 1}})).ok());
  REQUIRE(*s->Settle(1));
  REQUIRE(s->DropCollection(1).ok());
  REQUIRE(s->CreateCollection(1).ok());
  CHECK(Contents(*s->GetSnapshot(), 1).empty());
  // The new collection's counts start from zero, not from the old base.
  CHECK(s->Commit(testing::Updates({{1, R(1), -1}})).status().code() == absl::StatusCode::kFailedPrecondition);
  REQUIRE(s->Commit(testing::Updates({{1, R(3), 1}})).ok());
  CHECK(Contents(*s->GetSnapshot(), 1) == Model{{EncodeRow(R(3)), 1}});
}

TEST_CASE("settle: commits racing a settle are never lost", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  Model model;
  CommitRequest r;
  for (int i = 0; i < 40000; ++i) r.updates.push_back(Update{1, R(i, std::string(100, 'r')), 1});
  CommitAndApply(*s, r, &model);
  std::atomic<bool> done{false};
  std::vector<Update> applied;
  std::thread writer([&] {
    for (int i = 0; !done; ++i) {
      std::vector<Update> u = {{1, R(i, std::string(100, 'r')), -1}, {1, R(100000 + i), 1}};
      REQUIRE(s->Commit(testing::Updates(u)).ok());
      applied.insert(applied.end(), u.begin(), u.end());
      std::this_thread::sleep_for(std::chrono::milliseconds(i % 5));
    }
  });
  int settled = 0, aborted = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    auto result = s->Settle(1);
    if (result.ok()) {
      settled += *result ? 1 : 0;
    } else {
      CHECK(result.status().code() == absl::StatusCode::kAborted);
      ++aborted;
    }
  }
  done = true;
  writer.join();
  Apply(applied, &model);
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
  CHECK(settled + aborted == 6);
  CHECK(s->counters().settles_aborted == static_cast<uint64_t>(aborted));
  // Once quiet, a settle succeeds and changes nothing.
  REQUIRE(s->Settle(1).ok());
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
}

TEST_CASE("settle: the background settler settles a collection once it is idle", "[settle]") {
  TestDir dir;
  Options o;
  o.data_dir = dir.path();
  o.sync = false;
  o.secrets_key_hex = std::string(64, 'a');
  o.settle_min_bytes = 64 << 10;
  o.settle_idle_ms = 200;
  auto opened = Storage::Open(o);
  REQUIRE(opened.ok());
  auto s = *std::move(opened);
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->CreateCollection(2).ok());
  Model model;
  CommitRequest r;
  for (int i = 0; i < 2000; ++i) r.updates.push_back(Update{1, R(i, std::string(100, 'i')), 1});
  r.updates.push_back(Update{2, R(1), 1});  // too small to settle
  REQUIRE(s->Commit(r).ok());
  Apply({r.updates.begin(), r.updates.end() - 1}, &model);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (s->counters().settles == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(s->counters().settles == 1);
  CHECK(Contents(*s->GetSnapshot(), 1) == model);
  // Settled already: an explicit settle has nothing to do, and collection 2
  // was left alone.
  CHECK_FALSE(*s->Settle(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  CHECK(s->counters().settles == 1);
  CHECK(*s->Settle(2));
  CHECK(s->counters().settles == 2);
}

TEST_CASE("settle: random commits, settles and reopens agree with a model", "[settle]") {
  TestDir dir;
  auto s = OpenQuiet(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  REQUIRE(s->CreateCollection(2).ok());  // blind
  Model checked, blind;
  std::mt19937 rng(7);
  const std::string pad(400, 'x');  // about 80 rows a page
  for (int step = 0; step < 120; ++step) {
    int op = static_cast<int>(rng() % 10);
    if (op < 7) {
      CommitRequest c;
      for (int i = 0, n = 1 + static_cast<int>(rng() % 200); i < n; ++i) {
        types::Row row = R(static_cast<int64_t>(rng() % 3000), pad);
        auto it = checked.find(EncodeRow(row));
        int64_t have = it == checked.end() ? 0 : it->second;
        // Net per row within the commit: keep the model's count non-negative.
        int64_t diff = have > 0 && rng() % 2 ? -1 : 1 + static_cast<int64_t>(rng() % 2);
        c.updates.push_back(Update{1, row, diff});
        Apply({c.updates.back()}, &checked);
      }
      REQUIRE(s->Commit(c).ok());
      CommitRequest b;
      b.blind = true;
      for (int i = 0, n = 1 + static_cast<int>(rng() % 200); i < n; ++i) {
        types::Row row = R(static_cast<int64_t>(rng() % 3000), pad);
        int64_t diff = blind.contains(EncodeRow(row)) && rng() % 2 ? -1 : 1;
        b.updates.push_back(Update{2, row, diff});
        Apply({b.updates.back()}, &blind);
      }
      REQUIRE(s->Commit(b).ok());
    } else if (op < 9) {
      REQUIRE(s->Settle(1 + rng() % 2).ok());
    } else {
      s.reset();
      s = OpenQuiet(dir.path());
    }
    auto snap = s->GetSnapshot();
    REQUIRE(Contents(*snap, 1) == checked);
    REQUIRE(Contents(*snap, 2) == blind);
  }
}

}  // namespace
}  // namespace freshet::storage
