// Server configuration: one struct, filled from flags and FRESHET_* environment
// variables (flags win). Defaults are what `build/freshet` runs with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/log.h"

namespace freshet::server {

enum class AuthMode { kTrust, kPassword, kScramSha256 };

struct ServerConfig {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 6875;
  std::string data_dir = "./freshet-data";
  // What mz_egress_ips shows; empty = the host's non-loopback addresses.
  std::vector<std::string> egress_ips;
  std::string bootstrap_cluster_size = "25cc";
  std::string tls_cert;  // PEM certificate chain; TLS is offered when set
  std::string tls_key;   // PEM private key
  AuthMode auth = AuthMode::kTrust;
  std::string users_file;  // lines "name:password" or "name:SCRAM-SHA-256$..."
  LogLevel log_level = LogLevel::kInfo;
  uint32_t max_message_size = 256u << 20;  // bytes; larger messages close the connection
  // 0 = derive from the machine: io = half the cores (at least 1),
  // compute = all cores. Cross-thread hand-offs cost more than they bring
  // for small queries, so io threads are kept few.
  int io_threads = 0;       // threads running connections
  int compute_threads = 0;  // threads running queries
  // Threads one query may use to scan a large table in parts (0: as many as
  // compute_threads), and the least stored bytes worth a thread.
  int query_workers = 0;
  int64_t parallel_scan_min_bytes = int64_t{8} << 20;
  // Storage's block cache (decompressed table blocks); 0: an eighth of the
  // machine's memory, at least 128 MiB.
  int64_t cache_bytes = 0;
  // Storage settles a table into pages (fast scans) once this many bytes
  // of changes have piled up and it has been idle for a second.
  int64_t settle_min_bytes = int64_t{8} << 20;
};

struct ParsedFlags {
  ServerConfig config;
  bool help = false;
};

// Parses `--name=value` / `--name value` flags over environment defaults.
absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<std::string>& args);
std::string FlagsHelp();

const char* AuthModeName(AuthMode mode);

}  // namespace freshet::server
