#include "cluster/sources.h"

#include <chrono>

#include "common/log.h"
#include "common/status_macros.h"
#include "coord/connections.h"

namespace freshet::cluster {
namespace {

using catalog::GlobalId;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The running description of source `item`, from the catalog and the vault.
absl::StatusOr<replication::SourceSpec> SpecFor(const catalog::CatalogState& state, const storage::Snapshot& secrets,
                                                const catalog::Item& item, const catalog::ClusterReplica* replica,
                                                int workers) {
  const auto& src = std::get<catalog::SourceDetails>(item.details);
  const catalog::Item* conn = state.GetItem(src.connection);
  const auto* details = conn ? std::get_if<catalog::ConnectionDetails>(&conn->details) : nullptr;
  const auto* pg = details ? std::get_if<catalog::PostgresConnection>(details) : nullptr;
  if (pg == nullptr) return absl::FailedPreconditionError("the source's connection is gone");
  replication::SourceSpec spec;
  spec.id = item.id.ToString();
  // With an SSH TUNNEL, the runtime's connections open (and share) the
  // tunnel themselves (replication/src/ssh_tunnel.h): a dead bastion is a
  // failed connect, so the source stalls and recovers like for any outage.
  FRESHET_ASSIGN_OR_RETURN(spec.connection, coord::PostgresConnectParams(state, secrets, *pg));
  spec.publication = src.publication;
  spec.slot = src.slot;
  spec.database = src.upstream_database;
  spec.resume_frontier = catalog::SourceResumeFrontier(item.id);
  spec.partial_frontier = catalog::SourcePartialFrontier(item.id);
  spec.workers = std::max(1, workers);
  spec.replica_id = replica != nullptr ? replica->id.ToString() : "";
  for (const catalog::Item* dep : state.Dependents(item.id)) {
    const auto* table = std::get_if<catalog::TableDetails>(&dep->details);
    if (table == nullptr || !table->upstream || table->source != item.id) continue;
    const catalog::UpstreamTableRef& up = *table->upstream;
    replication::SourceTable t;
    t.id = dep->id.ToString();
    t.collection = table->collection;
    t.oid = up.oid;
    t.schema = up.schema;
    t.table = up.table;
    t.upstream_columns = up.columns;
    for (size_t i = 0; i < table->columns.size() && i < up.refs.size(); ++i) {
      const catalog::Column& c = table->columns[i];
      const catalog::UpstreamColumnRef& r = up.refs[i];
      t.columns.push_back(replication::SourceColumn{c.name, r.index, c.type, r.as_text, c.nullable, r.type_oid});
    }
    spec.tables.push_back(std::move(t));
  }
  std::sort(spec.tables.begin(), spec.tables.end(),
            [](const auto& a, const auto& b) { return a.collection < b.collection; });
  return spec;
}

}  // namespace

SourceManager::SourceManager(storage::Storage* storage, ClusterRuntime* clusters)
    : storage_(storage), clusters_(clusters), thread_([this] { Loop(); }) {}

SourceManager::~SourceManager() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void SourceManager::Follow(std::shared_ptr<const catalog::CatalogState> state) {
  {
    std::lock_guard<std::mutex> l(mu_);
    wanted_ = std::move(state);
  }
  cv_.notify_all();
}

std::shared_ptr<const storage::Snapshot> SourceManager::Pinned(catalog::GlobalId source) const {
  std::shared_ptr<replication::SourceRuntime> rt;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = running_.find(source);
    if (it == running_.end()) return nullptr;
    rt = it->second;
  }
  return rt->Pinned();
}

std::vector<catalog::SourceReport> SourceManager::Reports() const {
  std::vector<std::shared_ptr<replication::SourceRuntime>> running;
  std::vector<catalog::SourceReport> out;
  {
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& [id, rt] : running_) running.push_back(rt);
    out = paused_;
  }
  for (const auto& rt : running) {
    for (catalog::SourceReport& r : rt->Report()) out.push_back(std::move(r));
  }
  return out;
}

void SourceManager::Loop() {
  std::unique_lock<std::mutex> l(mu_);
  for (;;) {
    cv_.wait(l, [&] { return stop_ || wanted_ != nullptr; });
    if (stop_) break;
    std::shared_ptr<const catalog::CatalogState> state = std::move(wanted_);
    wanted_ = nullptr;
    l.unlock();
    Reconcile(*state);
    l.lock();
  }
  auto running = std::move(running_);
  l.unlock();
  for (auto& [id, rt] : running) rt->Stop();
  for (std::thread& t : droppers_) t.join();
}

void SourceManager::Reconcile(const catalog::CatalogState& state) {
  std::shared_ptr<const storage::Snapshot> secrets = storage_->GetSnapshot();
  std::map<GlobalId, replication::SourceSpec> wanted;
  std::vector<catalog::SourceReport> paused;
  for (const auto& [id, item] : state.items()) {
    const auto* src = std::get_if<catalog::SourceDetails>(&item.details);
    if (src == nullptr) continue;
    std::vector<const catalog::ClusterReplica*> replicas = state.Replicas(src->cluster);
    int workers = 0;
    const catalog::ClusterReplica* replica = nullptr;
    for (const catalog::ClusterReplica* r : replicas) {
      for (const ReplicaStatus& s : clusters_->Statuses()) {
        if (s.replica == r->id && s.workers > 0) {
          replica = r;
          workers = s.workers;
        }
      }
      if (replica != nullptr) break;
    }
    if (replica == nullptr) {
      // Remembered all the same: if it is dropped, its slot may exist.
      if (auto spec = SpecFor(state, *secrets, item, nullptr, 0); spec.ok()) {
        std::lock_guard<std::mutex> l(mu_);
        known_[id] = *std::move(spec);
      }
      catalog::SourceReport r;
      r.id = id.ToString();
      r.status = "paused";
      r.error = "There is currently no replica running this source";
      r.status_changed_ms = NowMs();
      paused.push_back(r);
      continue;
    }
    auto spec = SpecFor(state, *secrets, item, replica, workers);
    if (!spec.ok()) {
      FRESHET_LOG(kWarning) << "source " << id.ToString() << " cannot run: " << spec.status().message();
      continue;
    }
    wanted.emplace(id, *std::move(spec));
  }

  std::vector<std::shared_ptr<replication::SourceRuntime>> to_stop;
  std::vector<replication::SourceSpec> to_drop;  // dropped sources whose slot may exist
  std::vector<std::shared_ptr<replication::SourceRuntime>> to_start;
  {
    std::lock_guard<std::mutex> l(mu_);
    for (auto it = running_.begin(); it != running_.end();) {
      auto w = wanted.find(it->first);
      if (w == wanted.end() || !replication::SameSpec(w->second, it->second->spec())) {
        to_stop.push_back(it->second);
        it = running_.erase(it);
      } else {
        ++it;
      }
    }
    // A source that ever ran here may have a slot upstream, even when it is
    // paused now: when it leaves the catalog, its slot goes.
    for (auto& [id, spec] : wanted) known_[id] = spec;
    for (auto it = known_.begin(); it != known_.end();) {
      if (state.GetItem(it->first) == nullptr) {
        to_drop.push_back(std::move(it->second));
        it = known_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& [id, spec] : wanted) {
      if (running_.count(id) != 0) continue;
      auto rt = std::make_shared<replication::SourceRuntime>(std::move(spec), storage_);
      running_[id] = rt;
      to_start.push_back(rt);
    }
    paused_ = std::move(paused);
  }
  for (auto& rt : to_stop) rt->Stop();
  for (replication::SourceSpec& dropped : to_drop) {
    // The slot goes too (asynchronously: upstream may be slow or gone).
    droppers_.emplace_back([spec = std::move(dropped)] {
      absl::Status s = replication::DropSlot(spec.connection, spec.slot);
      if (s.ok()) {
        FRESHET_LOG(kInfo) << "dropped replication slot " << spec.slot << " of source " << spec.id;
      } else {
        FRESHET_LOG(kWarning) << "could not drop replication slot " << spec.slot << " of dropped source " << spec.id
                              << " (drop it upstream by hand): " << s.message();
      }
    });
  }
  for (auto& rt : to_start) {
    FRESHET_LOG(kInfo) << "starting source " << rt->spec().id << " on replica " << rt->spec().replica_id << " ("
                       << rt->spec().workers << " workers, " << rt->spec().tables.size() << " tables)";
    rt->Start();
  }
}

}  // namespace freshet::cluster
