// The relation cache: lookups, a Relation re-sent mid-stream replacing the
// old one, and changes that arrive before their Relation.
#include <catch2/catch.hpp>

#include "replication/relation_cache.h"

using namespace freshet::replication;

namespace {
RelationMessage Items(std::vector<RelationColumn> columns) {
  return RelationMessage{16384, "public", "items", 'd', std::move(columns)};
}
} // namespace

TEST_CASE("relation cache remembers relations by oid") {
  RelationCache cache;
  CHECK(cache.Find(16384) == nullptr);
  auto missing = cache.Get(16384);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(std::string(missing.status().message()) ==
        "pgoutput change for relation 16384 before its Relation message");

  CHECK_FALSE(cache.Apply(Items({{1, "id", 23, -1}})));
  CHECK(cache.Apply(RelationMessage{16385, "s", "other", 'f', {}}) == false);
  CHECK(cache.size() == 2);
  auto got = cache.Get(16384);
  REQUIRE(got.ok());
  CHECK((*got)->name == "items");
  CHECK((*got)->columns.size() == 1);
}

TEST_CASE("relation cache: a re-sent Relation replaces the old definition") {
  RelationCache cache;
  cache.Apply(Items({{1, "id", 23, -1}}));
  CHECK(cache.CheckTuple(16384, Tuple(1)).ok());
  // The same definition again (a new session, a cache reset upstream).
  CHECK_FALSE(cache.Apply(Items({{1, "id", 23, -1}})));
  // ALTER TABLE ... ADD COLUMN mid-stream.
  CHECK(cache.Apply(Items({{1, "id", 23, -1}, {0, "note", 25, -1}})));
  CHECK(cache.size() == 1);
  CHECK(cache.Find(16384)->columns.size() == 2);
  auto narrow = cache.CheckTuple(16384, Tuple(1));
  REQUIRE_FALSE(narrow.ok());
  CHECK(std::string(narrow.message()) ==
        "pgoutput tuple for relation public.items (16384) has 1 columns, its "
        "Relation message has 2");
  CHECK(cache.CheckTuple(16384, Tuple(2)).ok());
  CHECK(cache.CheckTuple(99, Tuple(2)).code() ==
        absl::StatusCode::kFailedPrecondition);
  cache.Forget(16384);
  CHECK(cache.Find(16384) == nullptr);
  cache.Apply(Items({}));
  cache.Clear();
  CHECK(cache.size() == 0);
}
