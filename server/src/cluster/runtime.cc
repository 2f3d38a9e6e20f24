#include "cluster/runtime.h"

#include <algorithm>
#include <thread>

#include "catalog/cluster_sizes.h"
#include "common/log.h"

namespace freshet::cluster {

ClusterRuntime::ClusterRuntime(int max_workers)
    : max_workers_(max_workers > 0 ? max_workers : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}

ClusterRuntime::~ClusterRuntime() {
  std::lock_guard lock(mu_);
  for (auto& [id, r] : replicas_) r->pool->join();
}

void ClusterRuntime::Reconcile(const catalog::CatalogState& state) {
  std::vector<std::unique_ptr<Replica>> retired;
  {
    std::lock_guard lock(mu_);
    for (auto it = replicas_.begin(); it != replicas_.end();) {
      const auto& all = state.replicas();
      auto found = all.find(it->first);
      if (found == all.end() || found->second.size != it->second->status.size) {
        retired.push_back(std::move(it->second));
        replicas_.erase(it++);
      } else {
        ++it;
      }
    }
    for (const auto& [id, replica] : state.replicas()) {
      if (replicas_.contains(id)) continue;
      auto size = catalog::FindClusterSize(replica.size);
      int nominal = size ? static_cast<int>(size->workers * size->processes) : 1;
      int workers = std::clamp(nominal, 1, max_workers_);
      auto r = std::make_unique<Replica>();
      const catalog::Cluster* cluster = state.GetCluster(replica.cluster_id);
      r->status = ReplicaStatus{id, cluster ? cluster->name : "?", replica.name, replica.size, workers};
      r->pool = std::make_unique<boost::asio::thread_pool>(static_cast<size_t>(workers));
      FRESHET_LOG(kInfo) << "cluster replica " << id.ToString() << " (" << r->status.cluster_name << "."
                         << replica.name << ", " << replica.size << "): started " << workers << " worker thread"
                         << (workers == 1 ? "" : "s");
      replicas_.emplace(id, std::move(r));
    }
  }
  // Retire outside the lock: joining waits for running work.
  for (auto& r : retired) {
    r->pool->join();
    FRESHET_LOG(kInfo) << "cluster replica " << r->status.replica.ToString() << " (" << r->status.cluster_name << "."
                       << r->status.replica_name << "): stopped";
  }
}

std::vector<ReplicaStatus> ClusterRuntime::Statuses() const {
  std::lock_guard lock(mu_);
  std::vector<ReplicaStatus> out;
  for (const auto& [id, r] : replicas_) out.push_back(r->status);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.replica < b.replica; });
  return out;
}

boost::asio::thread_pool* ClusterRuntime::Pool(catalog::GlobalId replica) {
  std::lock_guard lock(mu_);
  auto it = replicas_.find(replica);
  return it == replicas_.end() ? nullptr : it->second->pool.get();
}

}  // namespace freshet::cluster
