// Facts about this server build that sessions report.
#pragma once

#include <cstdint>
#include <string>

namespace freshet::coord {

struct ServerInfo {
  std::string version;    // "0.1.0"
  std::string build_sha;  // first 9 hex digits of the build's commit
  // How queries may spread a large table's scan over threads
  // (--query-workers, --parallel-scan-min-bytes).
  int query_workers = 1;
  int64_t parallel_scan_min_bytes = int64_t{8} << 20;

  // mz_version(): "v0.1.0 (0123abcde)", Materialize's format.
  std::string MzVersion() const { return "v" + version + " (" + build_sha + ")"; }
  // version(): Materialize reports PostgreSQL 9.5 compatibility.
  std::string PgVersionString() const;
};

}  // namespace freshet::coord
