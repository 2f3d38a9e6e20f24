// Cluster replicas as they run here: each replica is a pool of worker
// threads in this process, as many as its size has workers (capped at the
// machine's cores). The runtime follows the catalog: after every catalog
// change it starts pools for new replicas and retires those of dropped ones,
// so ALTER CLUSTER ... SET (SIZE) replaces the pool. Sources will be
// scheduled on these pools.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "absl/container/flat_hash_map.h"
#include "catalog/catalog.h"

namespace freshet::cluster {

struct ReplicaStatus {
  catalog::GlobalId replica;
  std::string cluster_name;
  std::string replica_name;
  std::string size;
  int workers = 0;  // threads running
};

class ClusterRuntime {
 public:
  // `max_workers`: the cap per replica (0 = the machine's cores).
  explicit ClusterRuntime(int max_workers = 0);
  ~ClusterRuntime();

  // Starts and stops pools so that exactly the catalog's replicas run.
  void Reconcile(const catalog::CatalogState& state);

  std::vector<ReplicaStatus> Statuses() const;
  // The pool of a running replica, or null.
  boost::asio::thread_pool* Pool(catalog::GlobalId replica);

 private:
  struct Replica {
    ReplicaStatus status;
    std::unique_ptr<boost::asio::thread_pool> pool;
  };
  int max_workers_;
  mutable std::mutex mu_;
  absl::flat_hash_map<catalog::GlobalId, std::unique_ptr<Replica>> replicas_;
};

}  // namespace freshet::cluster
