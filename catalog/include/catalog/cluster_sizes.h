// The cluster replica sizes Freshet accepts (mz_catalog.mz_cluster_replica_sizes).
//
// Sizes keep Materialize's names and resource figures; here every replica is
// a pool of worker threads inside the one Freshet process, so what a size
// really decides is its `workers` (one per nominal core, at least one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshet::catalog {

struct ClusterSize {
  std::string name;  // "50cc"
  uint64_t processes = 1;
  uint64_t workers = 1;
  uint64_t cpu_nano_cores = 0;
  uint64_t memory_bytes = 0;
  uint64_t disk_bytes = 0;
  std::string credits_per_hour;  // numeric, e.g. "0.5"
};

// Every size in the table, smallest first.
const std::vector<ClusterSize>& ClusterSizes();

// A size from the table, or a test size spelled "scale=P,workers=W" or "W".
std::optional<ClusterSize> FindClusterSize(std::string_view name);

// "25cc", "50cc", ...: for error hints.
std::string ClusterSizeNames();

}  // namespace freshet::catalog
