#include "catalog/cluster_sizes.h"


#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace freshet::catalog {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;

ClusterSize Cc(uint64_t cc, uint64_t processes, uint64_t cores_x2, uint64_t memory_mib, uint64_t disk_mib) {
  ClusterSize s;
  s.name = absl::StrCat(cc, "cc");
  s.processes = processes;
  s.workers = std::max<uint64_t>(1, cores_x2 / 2);
  s.cpu_nano_cores = cores_x2 * 500'000'000ULL;
  s.memory_bytes = memory_mib * kMiB;
  s.disk_bytes = disk_mib * kMiB;
  // A "cc" is a centi-credit: 50cc costs 0.5 credits an hour.
  uint64_t whole = cc / 100, frac = cc % 100;
  if (frac == 0) {
    s.credits_per_hour = absl::StrCat(whole);
  } else if (frac % 10 == 0) {
    s.credits_per_hour = absl::StrCat(whole, ".", frac / 10);
  } else {
    s.credits_per_hour = absl::StrFormat("%d.%02d", whole, frac);
  }
  return s;
}

}  // namespace

const std::vector<ClusterSize>& ClusterSizes() {
  static const std::vector<ClusterSize> sizes = {
      Cc(25, 1, 1, 3881, 7762),        Cc(50, 1, 2, 7762, 15525),         Cc(100, 1, 4, 15525, 31050),
      Cc(200, 1, 8, 31050, 62100),     Cc(300, 1, 12, 46575, 93150),      Cc(400, 1, 16, 62100, 124201),
      Cc(600, 1, 24, 93150, 186301),   Cc(800, 1, 32, 124201, 248402),    Cc(1200, 1, 48, 186301, 372603),
      Cc(1600, 1, 62, 240640, 481280), Cc(3200, 1, 124, 481280, 962560), Cc(6400, 2, 124, 481280, 962560),
  };
  return sizes;
}

std::optional<ClusterSize> FindClusterSize(std::string_view name) {
  for (const ClusterSize& s : ClusterSizes()) {
    if (s.name == name) return s;
  }
  // Test sizes: "W" or "scale=P,workers=W".
  absl::string_view spelled(name.data(), name.size());  // Debian's Abseil has its own string_view
  uint64_t processes = 1, workers = 0;
  if (absl::SimpleAtoi(spelled, &workers)) {
    if (workers < 1 || workers > 64) return std::nullopt;
  } else {
    bool have_scale = false, have_workers = false;
    for (absl::string_view part : absl::StrSplit(spelled, ',')) {
      std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
      uint64_t v;
      if (!absl::SimpleAtoi(kv.second, &v) || v < 1 || v > 64) return std::nullopt;
      if (kv.first == "scale" && !have_scale) {
        processes = v;
        have_scale = true;
      } else if (kv.first == "workers" && !have_workers) {
        workers = v;
        have_workers = true;
      } else {
        return std::nullopt;
      }
    }
    if (!have_scale || !have_workers) return std::nullopt;
  }
  ClusterSize s;
  s.name = std::string(name);
  s.processes = processes;
  s.workers = workers;
  s.cpu_nano_cores = workers * 1'000'000'000ULL;
  s.credits_per_hour.assign(1, '0');  // (assigning "0" trips a GCC 12 -Wrestrict false positive)
  return s;
}

std::string ClusterSizeNames() {
  std::vector<std::string> names;
  for (const ClusterSize& s : ClusterSizes()) names.push_back(s.name);
  return absl::StrJoin(names, ", ");
}

}  // namespace freshet::catalog
