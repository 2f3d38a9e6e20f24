#include "catalog/catalog.h"
#include "catalog/ddl.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "common/error.h"

namespace freshet::catalog {
namespace {

class Env {
 public:
  Env() {
    char tmpl[] = "/tmp/freshet-catalog-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    Reopen();
  }
  ~Env() {
    catalog.reset();
    storage.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    catalog.reset();
    storage.reset();
    storage::Options o;
    o.data_dir = dir_;
    o.secrets_key_hex = std::string(64, 'c');
    auto s = storage::Storage::Open(o);
    REQUIRE(s.ok());
    storage = std::move(*s);
    auto c = Catalog::Open(storage.get(), CatalogOptions{});
    INFO(c.status().ToString());
    REQUIRE(c.ok());
    catalog = std::move(*c);
  }
  std::unique_ptr<storage::Storage> storage;
  std::unique_ptr<Catalog> catalog;

 private:
  std::string dir_;
};

Item NewSecret(Transaction& txn, const std::string& name) {
  auto schema = txn.state().ResolveSchema(std::nullopt, std::nullopt);
  REQUIRE(schema.ok());
  Item item = txn.NewItem((*schema)->id, name, ItemType::kSecret);
  item.create_sql = "CREATE SECRET materialize.public." + name + " AS '********'";
  return item;
}

TEST_CASE("catalog: first start creates the built-in objects", "[catalog]") {
  Env env;
  auto state = env.catalog->state();
  const Database* db = state->FindDatabase("materialize");
  REQUIRE(db != nullptr);
  CHECK(db->id.ToString() == "u1");
  const Schema* pub = state->FindSchema(db->id, "public");
  REQUIRE(pub != nullptr);
  for (const char* s : {"mz_catalog", "mz_internal", "pg_catalog", "information_schema"}) {
    INFO(s);
    const Schema* schema = state->FindSchema(std::nullopt, s);
    REQUIRE(schema != nullptr);
    CHECK(schema->id.is_system());
  }
  const Cluster* quickstart = state->FindCluster("quickstart");
  REQUIRE(quickstart != nullptr);
  CHECK(quickstart->id.ToString() == "u1");
  CHECK(quickstart->size == "25cc");
  auto replicas = state->Replicas(quickstart->id);
  REQUIRE(replicas.size() == 1);
  CHECK(replicas[0]->name == "r1");
  REQUIRE(state->FindCluster("mz_catalog_server") != nullptr);
  CHECK(state->FindCluster("mz_catalog_server")->id.is_system());
  CHECK(state->Replicas(state->FindCluster("mz_support")->id).empty());
  CHECK(state->items().empty());
}

TEST_CASE("catalog: transactions are durable and survive a restart", "[catalog]") {
  Env env;
  GlobalId secret_id;
  REQUIRE(env.catalog
              ->Transact([&](Transaction& txn) -> absl::Status {
                Item item = NewSecret(txn, "pgpass");
                secret_id = item.id;
                txn.PutSecret(SecretValueName(item.id), "s3cret");
                return txn.CreateItem(item);
              })
              .ok());
  REQUIRE(env.catalog->Transact([&](Transaction& txn) -> absl::Status {
    Cluster c{txn.AllocateClusterId(), "ingest_postgres", "u1", true, "50cc", 1};
    if (auto s = txn.CreateCluster(c); !s.ok()) return s;
    return txn.CreateReplica({txn.AllocateReplicaId(), c.id, "r1", "50cc"});
  }).ok());
  env.Reopen();
  auto state = env.catalog->state();
  auto item = state->ResolveItem(std::nullopt, std::nullopt, "pgpass");
  REQUIRE(item.ok());
  CHECK((*item)->id == secret_id);
  CHECK((*item)->create_sql == "CREATE SECRET materialize.public.pgpass AS '********'");
  CHECK(state->QualifiedName(**item) == "materialize.public.pgpass");
  CHECK(env.storage->GetSnapshot()->Secret(SecretValueName(secret_id)).value_or("") == "s3cret");
  const Cluster* c = state->FindCluster("ingest_postgres");
  REQUIRE(c != nullptr);
  CHECK(c->size == "50cc");
  CHECK(state->Replicas(c->id).size() == 1);
}

TEST_CASE("catalog: a failed transaction changes nothing", "[catalog]") {
  Env env;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) { return txn.CreateItem(NewSecret(txn, "a")); }).ok());
  auto before = env.catalog->state();
  absl::Status s = env.catalog->Transact([&](Transaction& txn) -> absl::Status {
    if (auto st = txn.CreateItem(NewSecret(txn, "b")); !st.ok()) return st;
    txn.PutSecret("secret/x", "never stored");
    return txn.CreateItem(NewSecret(txn, "a"));  // clashes
  });
  REQUIRE_FALSE(s.ok());
  CHECK(SqlStateOf(s) == "42710");
  CHECK(s.message() == "catalog item 'a' already exists");
  CHECK(env.catalog->state() == before);
  CHECK_FALSE(env.storage->GetSnapshot()->Secret("secret/x").ok());
  env.Reopen();
  CHECK(env.catalog->state()->items().size() == 1);
}

TEST_CASE("catalog: ids are never reused, also across restarts", "[catalog]") {
  Env env;
  GlobalId first;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) {
    Item i = NewSecret(txn, "x");
    first = i.id;
    return txn.CreateItem(i);
  }).ok());
  REQUIRE(env.catalog->Transact([&](Transaction& txn) {
    txn.DropItem(first);
    return absl::OkStatus();
  }).ok());
  env.Reopen();
  GlobalId second;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) {
    Item i = NewSecret(txn, "x");
    second = i.id;
    return txn.CreateItem(i);
  }).ok());
  CHECK(second.n == first.n + 1);
}

TEST_CASE("catalog: name resolution errors", "[catalog]") {
  Env env;
  auto state = env.catalog->state();
  auto missing = state->ResolveItem(std::nullopt, std::nullopt, "nope");
  CHECK(SqlStateOf(missing.status()) == "42P01");
  CHECK(missing.status().message() == "unknown catalog item 'nope'");
  auto bad_schema = state->ResolveItem(std::nullopt, std::string("nope"), "x");
  CHECK(SqlStateOf(bad_schema.status()) == "3F000");
  CHECK(bad_schema.status().message() == "unknown schema 'nope'");
  auto bad_db = state->ResolveItem(std::string("other"), std::string("public"), "x");
  CHECK(SqlStateOf(bad_db.status()) == "3D000");
  auto ambient = state->ResolveSchema(std::nullopt, std::string("mz_internal"));
  REQUIRE(ambient.ok());
  CHECK((*ambient)->name == "mz_internal");
}

TEST_CASE("catalog: connections round-trip with their details and dependencies", "[catalog]") {
  Env env;
  GlobalId secret, conn;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) -> absl::Status {
    Item s = NewSecret(txn, "pgpass");
    secret = s.id;
    if (auto st = txn.CreateItem(s); !st.ok()) return st;
    Item c = NewSecret(txn, "pg");
    conn = c.id;
    c.type = ItemType::kConnection;
    PostgresConnection pg;
    pg.host = "db.example.com";
    pg.port = 5433;
    pg.database = "postgres";
    pg.user = TextOrSecret{"materialize", std::nullopt};
    pg.password = secret;
    pg.ssl_mode = "require";
    pg.ssl_certificate_authority = TextOrSecret{"-----BEGIN CERTIFICATE-----", std::nullopt};
    c.details = ConnectionDetails(pg);
    c.uses = {secret};
    return txn.CreateItem(c);
  }).ok());
  auto before = env.catalog->state()->GetItem(conn);
  REQUIRE(before != nullptr);
  Item expected = *before;
  env.Reopen();
  const Item* after = env.catalog->state()->GetItem(conn);
  REQUIRE(after != nullptr);
  CHECK(*after == expected);
  auto deps = env.catalog->state()->Dependents(secret);
  REQUIRE(deps.size() == 1);
  CHECK(deps[0]->id == conn);
}

TEST_CASE("ddl: managed clusters, sizes and resizes", "[ddl]") {
  Env env;
  GlobalId id;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) -> absl::Status {
    auto r = CreateManagedCluster(txn, "ingest_postgres", "50cc", 2);
    if (!r.ok()) return r.status();
    id = *r;
    return absl::OkStatus();
  }).ok());
  auto state = env.catalog->state();
  auto replicas = state->Replicas(id);
  REQUIRE(replicas.size() == 2);
  CHECK(replicas[0]->name == "r1");
  CHECK(replicas[1]->name == "r2");
  CHECK(replicas[1]->size == "50cc");
  GlobalId old_r1 = replicas[0]->id;

  REQUIRE(env.catalog->Transact([&](Transaction& txn) { return AlterManagedCluster(txn, id, "100cc", 1); }).ok());
  state = env.catalog->state();
  replicas = state->Replicas(id);
  REQUIRE(replicas.size() == 1);
  CHECK(replicas[0]->size == "100cc");
  CHECK(replicas[0]->id != old_r1);  // a resize replaces the replica
  CHECK(state->GetCluster(id)->size == "100cc");

  absl::Status bad = env.catalog->Transact([&](Transaction& txn) { return AlterManagedCluster(txn, id, "51cc", 1); });
  CHECK(SqlStateOf(bad) == "22023");
  CHECK(bad.message() == "unknown cluster replica size 51cc");
  CHECK(ToErrorInfo(bad).hint.rfind("Valid sizes are: 25cc, 50cc", 0) == 0);

  absl::Status dup = env.catalog->Transact(
      [&](Transaction& txn) { return CreateManagedCluster(txn, "ingest_postgres", "50cc", 1).status(); });
  CHECK(SqlStateOf(dup) == "42710");
  CHECK(dup.message() == "cluster 'ingest_postgres' already exists");
  absl::Status reserved =
      env.catalog->Transact([&](Transaction& txn) { return CreateManagedCluster(txn, "mz_x", "50cc", 1).status(); });
  CHECK(SqlStateOf(reserved) == "42939");
  absl::Status system = env.catalog->Transact(
      [&](Transaction& txn) { return DropCluster(txn, env.catalog->state()->FindCluster("mz_system")->id); });
  CHECK(SqlStateOf(system) == "42501");

  REQUIRE(env.catalog->Transact([&](Transaction& txn) { return DropCluster(txn, id); }).ok());
  CHECK(env.catalog->state()->FindCluster("ingest_postgres") == nullptr);
  CHECK(env.catalog->state()->Replicas(id).empty());
}

TEST_CASE("ddl: drops respect dependencies; CASCADE drops dependents and their secrets", "[ddl]") {
  Env env;
  GlobalId secret, conn;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) -> absl::Status {
    Item s = NewSecret(txn, "pgpass");
    secret = s.id;
    txn.PutSecret(SecretValueName(s.id), "pw");
    if (auto st = txn.CreateItem(s); !st.ok()) return st;
    Item c = NewSecret(txn, "pg");
    c.type = ItemType::kConnection;
    c.details = ConnectionDetails(PostgresConnection{});
    c.uses = {secret};
    conn = c.id;
    return txn.CreateItem(c);
  }).ok());
  absl::Status restrict = env.catalog->Transact([&](Transaction& txn) { return DropItems(txn, {secret}, false).status(); });
  CHECK(SqlStateOf(restrict) == "2BP01");
  CHECK(restrict.message() ==
        "cannot drop secret \"materialize.public.pgpass\": still depended upon by connection "
        "\"materialize.public.pg\"");
  // Dropping both together needs no CASCADE.
  std::vector<Item> dropped;
  REQUIRE(env.catalog->Transact([&](Transaction& txn) -> absl::Status {
    auto r = DropItems(txn, {secret}, true);
    if (!r.ok()) return r.status();
    dropped = *r;
    return absl::OkStatus();
  }).ok());
  REQUIRE(dropped.size() == 2);
  CHECK(dropped[0].id == conn);  // dependents first
  CHECK(dropped[1].id == secret);
  CHECK(env.catalog->state()->items().empty());
  CHECK(env.storage->GetSnapshot()->Secret(SecretValueName(secret)).status().code() == absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace freshet::catalog
