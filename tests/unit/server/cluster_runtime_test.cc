#include "cluster/runtime.h"

#include <stdlib.h>

#include <boost/asio/post.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <future>

#include "catalog/ddl.h"

namespace freshet::cluster {
namespace {

// A real catalog over a temporary storage directory.
struct Env {
  Env() {
    char tmpl[] = "/tmp/freshet-runtime-test-XXXXXX";
    dir = mkdtemp(tmpl);
    storage::Options o;
    o.data_dir = dir;
    o.secrets_key_hex = std::string(64, 'd');
    storage = std::move(*storage::Storage::Open(o));
    catalog = std::move(*catalog::Catalog::Open(storage.get(), {}));
  }
  ~Env() {
    catalog.reset();
    storage.reset();
    std::filesystem::remove_all(dir);
  }
  std::string dir;
  std::unique_ptr<storage::Storage> storage;
  std::unique_ptr<catalog::Catalog> catalog;
};

int WorkersOf(const ClusterRuntime& rt, const std::string& cluster) {
  int total = 0;
  for (const auto& s : rt.Statuses()) {
    if (s.cluster_name == cluster) total += s.workers;
  }
  return total;
}

TEST_CASE("cluster runtime: pools follow the catalog", "[cluster]") {
  Env env;
  ClusterRuntime rt(/*max_workers=*/3);
  env.catalog->SetListener([&](const catalog::CatalogState& s) { rt.Reconcile(s); });
  CHECK(WorkersOf(rt, "quickstart") == 1);  // 25cc

  catalog::GlobalId id;
  REQUIRE(env.catalog->Transact([&](catalog::Transaction& txn) -> absl::Status {
    auto r = catalog::CreateManagedCluster(txn, "ingest", "100cc", 2);
    if (r.ok()) id = *r;
    return r.status();
  }).ok());
  CHECK(WorkersOf(rt, "ingest") == 4);  // two replicas of 2 workers

  // Work runs on a replica's pool.
  auto replicas = env.catalog->state()->Replicas(id);
  REQUIRE(replicas.size() == 2);
  boost::asio::thread_pool* pool = rt.Pool(replicas[0]->id);
  REQUIRE(pool != nullptr);
  std::promise<bool> ran;
  boost::asio::post(*pool, [&] { ran.set_value(true); });
  CHECK(ran.get_future().get());

  // A resize replaces the pools; the size's workers are capped.
  REQUIRE(env.catalog->Transact([&](catalog::Transaction& txn) {
    return catalog::AlterManagedCluster(txn, id, "3200cc", 1);
  }).ok());
  CHECK(rt.Pool(replicas[0]->id) == nullptr);
  CHECK(WorkersOf(rt, "ingest") == 3);

  REQUIRE(env.catalog->Transact([&](catalog::Transaction& txn) { return catalog::DropCluster(txn, id); }).ok());
  CHECK(WorkersOf(rt, "ingest") == 0);
  CHECK(WorkersOf(rt, "quickstart") == 1);
}

}  // namespace
}  // namespace freshet::cluster
