// Table items: their column descriptions survive the catalog's row
// encoding (types with typmods and arrays, NOT NULL, defaults), and the
// table's storage collection is created and dropped by the same commit as
// the item.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "catalog/catalog.h"
#include "catalog/ddl.h"
#include "types/type.h"

namespace freshet::catalog {
namespace {

using types::Type;
using types::TypeId;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/freshet-tables-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

struct Opened {
  std::unique_ptr<storage::Storage> storage;
  std::unique_ptr<Catalog> catalog;
};

Opened Open(const std::string& dir) {
  Opened o;
  storage::Options options;
  options.data_dir = dir;
  options.secrets_key_hex = std::string(64, 'c');
  auto s = storage::Storage::Open(options);
  REQUIRE(s.ok());
  o.storage = std::move(*s);
  auto c = Catalog::Open(o.storage.get(), CatalogOptions{});
  REQUIRE(c.ok());
  o.catalog = std::move(*c);
  return o;
}

TEST_CASE("tables: column descriptions round-trip through the catalog", "[tables]") {
  TempDir dir;
  GlobalId id;
  storage::CollectionId collection = 0;
  Item expected;
  {
    Opened o = Open(dir.path);
    REQUIRE(o.catalog->Transact([&](Transaction& txn) -> absl::Status {
      auto schema = txn.state().ResolveSchema(std::nullopt, std::nullopt);
      if (!schema.ok()) return schema.status();
      Item item = txn.NewItem((*schema)->id, "t", ItemType::kTable);
      TableDetails table;
      table.collection = txn.AllocateCollectionId();
      table.columns = {
          Column{"id", Type{TypeId::kInt8}, false, std::nullopt},
          Column{"name", Type{TypeId::kVarchar, 24}, true, "'anon'::text"},
          Column{"price", Type{TypeId::kNumeric, (10 << 16) + 2 + 4}, true, "1 + 1"},
          Column{"tags", types::ArrayOf(Type{TypeId::kText}), true, std::nullopt},
          Column{"codes", types::ArrayOf(Type{TypeId::kBpchar, 7}), true, std::nullopt},
          Column{"r", Type{TypeId::kDateRange}, true, std::nullopt},
      };
      collection = table.collection;
      txn.CreateCollection(table.collection);
      item.details = table;
      id = item.id;
      return txn.CreateItem(item);
    }).ok());
    CHECK(collection >= kFirstTableCollection);
    CHECK(o.storage->GetSnapshot()->Exists(collection));
    expected = *o.catalog->state()->GetItem(id);
  }
  Opened o = Open(dir.path);
  const Item* after = o.catalog->state()->GetItem(id);
  REQUIRE(after != nullptr);
  CHECK(*after == expected);
  const auto& table = std::get<TableDetails>(after->details);
  CHECK(table.columns[1].type.typmod == 24);
  CHECK(table.columns[4].type.id == TypeId::kArray);
  CHECK(table.columns[4].type.elem == TypeId::kBpchar);
  CHECK(table.columns[4].type.typmod == 7);

  // Dropping the item drops the collection in the same commit.
  REQUIRE(o.catalog->Transact([&](Transaction& txn) { return DropItems(txn, {id}, false).status(); }).ok());
  CHECK(!o.storage->GetSnapshot()->Exists(collection));

  // Collection ids are never reused.
  REQUIRE(o.catalog->Transact([&](Transaction& txn) -> absl::Status {
    CHECK(txn.AllocateCollectionId() > collection);
    return absl::OkStatus();
  }).ok());
}

}  // namespace
}  // namespace freshet::catalog
