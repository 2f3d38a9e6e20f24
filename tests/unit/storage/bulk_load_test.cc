#include <thread>

#include "test_dir.h"
#include "types/row_codec.h"

namespace freshet::storage {
namespace {

using testing::Contents;
using testing::R;
using testing::TestDir;
using types::EncodeRow;

std::unique_ptr<Storage> OpenSmallChunks(const std::string& dir) {
  Options o;
  o.data_dir = dir;
  o.secrets_key_hex = std::string(64, 'b');
  o.bulk_chunk_bytes = 4096;  // many sorted runs, so repeats cross files
  auto s = Storage::Open(o);
  REQUIRE(s.ok());
  return std::move(*s);
}

TEST_CASE("bulk load: rows repeated across runs and writers add up", "[bulk]") {
  TestDir dir;
  auto s = OpenSmallChunks(dir.path());
  auto load = s->BeginBulkLoad(5);
  REQUIRE(load.ok());
  std::vector<std::thread> threads;
  for (int w = 0; w < 3; ++w) {
    auto writer = (*load)->NewWriter();
    REQUIRE(writer.ok());
    threads.emplace_back([w = std::move(*writer)] {
      for (int i = 0; i < 3000; ++i) REQUIRE(w->Add(R(i % 1000), 1).ok());
      REQUIRE(w->Finish().ok());
    });
  }
  for (auto& t : threads) t.join();
  CHECK((*load)->rows_loaded() == 9000);
  CommitRequest publish;
  publish.frontiers = {{"snapshot", "done"}};
  REQUIRE((*load)->Publish(publish).ok());
  auto snap = s->GetSnapshot();
  auto rows = Contents(*snap, 5);
  REQUIRE(rows.size() == 1000);
  for (auto& [row, count] : rows) CHECK(count == 9);
  CHECK(snap->Stats(5)->rows == 9000);
  CHECK(snap->Frontier("snapshot") == std::optional<std::string>("done"));
  CHECK(s->counters().bulk_rows_loaded == 9000);

  // Afterwards it is an ordinary collection.
  CommitRequest r;
  r.updates = {{5, R(7), -9}, {5, R(2000), 1}};
  REQUIRE(s->Commit(r).ok());
  rows = Contents(*s->GetSnapshot(), 5);
  CHECK(rows.size() == 1000);
  CHECK(rows.count(EncodeRow(R(7))) == 0);
  CHECK(rows[EncodeRow(R(2000))] == 1);
  CHECK(s->Commit(testing::Updates({{5, R(8), -10}})).status().code() ==
        absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("bulk load: nothing is visible before Publish", "[bulk]") {
  TestDir dir;
  auto s = OpenSmallChunks(dir.path());
  auto load = s->BeginBulkLoad(1);
  REQUIRE(load.ok());
  auto writer = (*load)->NewWriter();
  REQUIRE(writer.ok());
  for (int i = 0; i < 2000; ++i) REQUIRE((*writer)->Add(R(i), 1).ok());  // several files ingested already
  auto during = s->GetSnapshot();
  CHECK_FALSE(during->Exists(1));
  CHECK(during->Collections().empty());
  CHECK_FALSE(during->Scan(1).ok());
  // Ordinary commits cannot touch a loading collection, nor create it.
  CHECK_FALSE(s->Commit(testing::Updates({{1, R(1), 1}})).ok());
  CHECK(s->CreateCollection(1).code() == absl::StatusCode::kAlreadyExists);
  // Publish waits for every writer.
  CHECK((*load)->Publish({}).status().code() == absl::StatusCode::kFailedPrecondition);
  REQUIRE((*writer)->Finish().ok());
  REQUIRE((*load)->Publish({}).ok());
  CHECK_FALSE(during->Exists(1));  // an old snapshot keeps its view
  CHECK(Contents(*s->GetSnapshot(), 1).size() == 2000);
}

TEST_CASE("bulk load: loads published together appear in one commit", "[bulk]") {
  TestDir dir;
  auto s = OpenSmallChunks(dir.path());
  auto a = s->BeginBulkLoad(10);
  auto b = s->BeginBulkLoad(11);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  for (auto* load : {a->get(), b->get()}) {
    auto writer = load->NewWriter();
    REQUIRE(writer.ok());
    for (int i = 0; i < 500; ++i) REQUIRE((*writer)->Add(R(i), 1).ok());
    // b's writer is left open at first: publishing must refuse both.
    if (load == b->get()) {
      CHECK((*a)->PublishWith({b->get()}, {}).status().code() == absl::StatusCode::kFailedPrecondition);
      CHECK_FALSE(s->GetSnapshot()->Exists(10));
    }
    REQUIRE((*writer)->Finish().ok());
  }
  CHECK_FALSE((*a)->PublishWith({a->get()}, {}).ok());  // a load with itself
  auto before = s->GetSnapshot();
  CommitRequest publish;
  publish.frontiers = {{"both", "yes"}};
  auto info = (*a)->PublishWith({b->get()}, publish);
  REQUIRE(info.ok());
  CHECK_FALSE(before->Exists(10));
  CHECK_FALSE(before->Exists(11));
  auto after = s->GetSnapshot();
  CHECK(after->commit().seq == info->seq);
  CHECK(Contents(*after, 10).size() == 500);
  CHECK(Contents(*after, 11).size() == 500);
  CHECK(after->Frontier("both") == std::optional<std::string>("yes"));
  CHECK((*b)->Publish({}).status().code() == absl::StatusCode::kFailedPrecondition);  // already published
}

TEST_CASE("bulk load: an abandoned load leaves nothing behind", "[bulk]") {
  TestDir dir;
  auto s = OpenSmallChunks(dir.path());
  {
    auto load = s->BeginBulkLoad(1);
    REQUIRE(load.ok());
    auto writer = (*load)->NewWriter();
    for (int i = 0; i < 2000; ++i) REQUIRE((*writer)->Add(R(i), 1).ok());
    REQUIRE((*writer)->Finish().ok());
  }  // destroyed without Publish
  CHECK_FALSE(s->GetSnapshot()->Exists(1));
  // The id is free again and its old rows are gone.
  auto load = s->BeginBulkLoad(1);
  REQUIRE(load.ok());
  auto writer = (*load)->NewWriter();
  REQUIRE((*writer)->Add(R(5000), 2).ok());
  REQUIRE((*writer)->Finish().ok());
  REQUIRE((*load)->Publish({}).ok());
  CHECK(Contents(*s->GetSnapshot(), 1) == std::map<std::string, int64_t>{{EncodeRow(R(5000)), 2}});
}

TEST_CASE("bulk load: rejects what a snapshot cannot contain", "[bulk]") {
  TestDir dir;
  auto s = OpenSmallChunks(dir.path());
  REQUIRE(s->CreateCollection(1).ok());
  CHECK(s->BeginBulkLoad(1).status().code() == absl::StatusCode::kAlreadyExists);
  auto load = s->BeginBulkLoad(2);
  auto writer = (*load)->NewWriter();
  CHECK((*writer)->Add(R(1), -1).code() == absl::StatusCode::kInvalidArgument);
  CHECK((*writer)->Add(R(1), 0).code() == absl::StatusCode::kInvalidArgument);
  REQUIRE((*writer)->Finish().ok());
  CHECK((*load)->Publish([] { CommitRequest r; r.create = {2}; return r; }()).status().code() == absl::StatusCode::kAlreadyExists);
  REQUIRE((*load)->Publish({}).ok());  // an empty load is an empty collection
  CHECK(s->GetSnapshot()->Exists(2));
  CHECK(Contents(*s->GetSnapshot(), 2).empty());
}

TEST_CASE("bulk load: survives a reopen once published", "[bulk]") {
  TestDir dir;
  {
    auto s = OpenSmallChunks(dir.path());
    auto load = s->BeginBulkLoad(3);
    auto writer = (*load)->NewWriter();
    for (int i = 0; i < 5000; ++i) REQUIRE((*writer)->Add(R(i), 1).ok());
    REQUIRE((*writer)->Finish().ok());
    REQUIRE((*load)->Publish({}).ok());
  }
  auto s = OpenSmallChunks(dir.path());
  CHECK(Contents(*s->GetSnapshot(), 3).size() == 5000);
  CHECK(s->GetSnapshot()->Stats(3)->rows == 5000);
}

}  // namespace
}  // namespace freshet::storage
