// Runs the catalog's sources: after every catalog change it starts a
// SourceRuntime for each new source, restarts one whose description
// changed (a table added or dropped, its cluster resized: the new replica
// picks up from the durable resume LSN), stops the dropped ones and drops
// their slots upstream. The work happens on the manager's own thread, so a
// catalog transaction never waits for a source to stop.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/source_report.h"
#include "cluster/runtime.h"
#include "replication/source.h"
#include "storage/storage.h"

namespace freshet::cluster {

class SourceManager {
 public:
  SourceManager(storage::Storage* storage, ClusterRuntime* clusters);
  ~SourceManager();  // stops every source (their slots stay)

  // Non-blocking: the manager reconciles with `state` soon after.
  void Follow(std::shared_ptr<const catalog::CatalogState> state);

  // The reports of every running source and its tables, plus `paused` for
  // sources whose cluster has no replica.
  std::vector<catalog::SourceReport> Reports() const;

  // The storage snapshot reads of `source`'s tables must use while it
  // applies a large transaction in parts; null otherwise.
  std::shared_ptr<const storage::Snapshot> Pinned(catalog::GlobalId source) const;

 private:
  void Loop();
  void Reconcile(const catalog::CatalogState& state);

  storage::Storage* storage_;
  ClusterRuntime* clusters_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<const catalog::CatalogState> wanted_;  // guarded by mu_
  bool stop_ = false;                                    // guarded by mu_
  std::map<catalog::GlobalId, std::shared_ptr<replication::SourceRuntime>> running_;  // guarded by mu_
  std::vector<catalog::SourceReport> paused_;                                        // guarded by mu_
  // The last description of every source that ran here (its slot may exist).
  std::map<catalog::GlobalId, replication::SourceSpec> known_;  // guarded by mu_
  std::vector<std::thread> droppers_;  // slot drops in flight (manager thread only)
  std::thread thread_;
};

}  // namespace freshet::cluster
