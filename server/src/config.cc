#include "config.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <algorithm>
#include <functional>
#include <thread>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error.h"

namespace freshet::server {
namespace {

struct Flag {
  const char* name;      // --name
  const char* env;       // environment variable
  const char* value;     // placeholder in --help
  const char* help;
  std::function<absl::Status(ServerConfig&, const std::string&)> set;
};

absl::Status Invalid(const char* flag, const std::string& value, const char* expected) {
  return absl::InvalidArgumentError(absl::StrCat("invalid value for --", flag, ": \"", value, "\" (expected ", expected, ")"));
}

template <typename T>
absl::Status SetInt(T& out, const std::string& v, const char* flag, int64_t lo, int64_t hi) {
  int64_t n;
  if (!absl::SimpleAtoi(v, &n) || n < lo || n > hi) return Invalid(flag, v, absl::StrCat(lo, "..", hi).c_str());
  out = static_cast<T>(n);
  return absl::OkStatus();
}

// The memory this process may use: the machine's, or less when a cgroup
// (a container's memory limit, v2 or v1) caps it.
int64_t UsableMemory() {
  int64_t memory = static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    int64_t limit = 0;
    if (in >> limit && limit > 0) memory = std::min(memory, limit);  // "max" (no limit) does not parse
  }
  return memory;
}

const std::vector<Flag>& Flags() {
  static const std::vector<Flag> flags = {
      {"listen", "FRESHET_LISTEN", "HOST:PORT", "address to accept PostgreSQL connections on (default 127.0.0.1:6875)",
       [](ServerConfig& c, const std::string& v) -> absl::Status {
         size_t colon = v.rfind(':');
         if (colon == std::string::npos) return Invalid("listen", v, "HOST:PORT");
         c.listen_host = v.substr(0, colon);
         if (c.listen_host.size() >= 2 && c.listen_host.front() == '[') c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
         return SetInt(c.listen_port, v.substr(colon + 1), "listen", 0, 65535);
       }},
      {"data-dir", "FRESHET_DATA_DIR", "DIR", "data directory (default ./freshet-data)",
       [](ServerConfig& c, const std::string& v) {
         c.data_dir = v;
         return absl::OkStatus();
       }},
      {"egress-ips", "FRESHET_EGRESS_IPS", "IP[,IP...]",
       "addresses upstream databases see Freshet connect from (mz_egress_ips); default: this host's "
       "non-loopback addresses",
       [](ServerConfig& c, const std::string& v) -> absl::Status {
         c.egress_ips.clear();
         for (absl::string_view ip : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
           c.egress_ips.emplace_back(absl::StripAsciiWhitespace(ip));
         }
         return absl::OkStatus();
       }},
      {"bootstrap-cluster-size", "FRESHET_BOOTSTRAP_CLUSTER_SIZE", "SIZE",
       "size of the quickstart cluster created on first start (default 25cc)",
       [](ServerConfig& c, const std::string& v) {
         c.bootstrap_cluster_size = v;
         return absl::OkStatus();
       }},
      {"tls-cert", "FRESHET_TLS_CERT", "FILE", "PEM certificate chain; enables TLS (SSLRequest answered 'S')",
       [](ServerConfig& c, const std::string& v) {
         c.tls_cert = v;
         return absl::OkStatus();
       }},
      {"tls-key", "FRESHET_TLS_KEY", "FILE", "PEM private key for --tls-cert",
       [](ServerConfig& c, const std::string& v) {
         c.tls_key = v;
         return absl::OkStatus();
       }},
      {"auth", "FRESHET_AUTH", "MODE", "trust | password | scram-sha-256 (default trust)",
       [](ServerConfig& c, const std::string& v) -> absl::Status {
         std::string l = absl::AsciiStrToLower(v);
         if (l == "trust") c.auth = AuthMode::kTrust;
         else if (l == "password") c.auth = AuthMode::kPassword;
         else if (l == "scram-sha-256") c.auth = AuthMode::kScramSha256;
         else return Invalid("auth", v, "trust, password or scram-sha-256");
         return absl::OkStatus();
       }},
      {"users-file", "FRESHET_USERS_FILE", "FILE",
       "users for password authentication: lines name:password or name:SCRAM-SHA-256$...",
       [](ServerConfig& c, const std::string& v) {
         c.users_file = v;
         return absl::OkStatus();
       }},
      {"log-level", "FRESHET_LOG_LEVEL", "LEVEL", "debug | info | warning | error (default info)",
       [](ServerConfig& c, const std::string& v) -> absl::Status {
         if (!ParseLogLevel(v, &c.log_level)) return Invalid("log-level", v, "debug, info, warning or error");
         return absl::OkStatus();
       }},
      {"max-message-size", "FRESHET_MAX_MESSAGE_SIZE", "BYTES",
       "largest protocol message accepted from a client (default 268435456)",
       [](ServerConfig& c, const std::string& v) { return SetInt(c.max_message_size, v, "max-message-size", 1024, 1 << 30); }},
      {"io-threads", "FRESHET_IO_THREADS", "N", "threads serving connections (default: half the cores)",
       [](ServerConfig& c, const std::string& v) { return SetInt(c.io_threads, v, "io-threads", 1, 256); }},
      {"compute-threads", "FRESHET_COMPUTE_THREADS", "N", "threads running queries (default: the number of cores)",
       [](ServerConfig& c, const std::string& v) { return SetInt(c.compute_threads, v, "compute-threads", 1, 256); }},
      {"cache-size", "FRESHET_CACHE_SIZE", "BYTES",
       "storage's cache of decompressed table blocks (default: an eighth of the memory, or of the container's limit, at least 134217728)",
       [](ServerConfig& c, const std::string& v) {
         return SetInt(c.cache_bytes, v, "cache-size", int64_t{1} << 20, int64_t{1} << 50);
       }},
      {"query-workers", "FRESHET_QUERY_WORKERS", "N",
       "threads one query may use to read a large table in parts (default: --compute-threads)",
       [](ServerConfig& c, const std::string& v) { return SetInt(c.query_workers, v, "query-workers", 1, 256); }},
      {"parallel-scan-min-bytes", "FRESHET_PARALLEL_SCAN_MIN_BYTES", "BYTES",
       "least stored bytes of a table per query worker reading it (default 8388608)",
       [](ServerConfig& c, const std::string& v) {
         return SetInt(c.parallel_scan_min_bytes, v, "parallel-scan-min-bytes", 1, int64_t{1} << 40);
       }},
      {"settle-min-bytes", "FRESHET_SETTLE_MIN_BYTES", "BYTES",
       "changes to a table, in stored bytes, that storage rewrites into pages for fast scans once the table is "
       "idle (default 8388608)",
       [](ServerConfig& c, const std::string& v) {
         return SetInt(c.settle_min_bytes, v, "settle-min-bytes", 1, int64_t{1} << 50);
       }},
  };
  return flags;
}

}  // namespace

const char* AuthModeName(AuthMode mode) {
  switch (mode) {
    case AuthMode::kTrust: return "trust";
    case AuthMode::kPassword: return "password";
    case AuthMode::kScramSha256: return "scram-sha-256";
  }
  return "?";
}

std::string FlagsHelp() {
  std::string out =
      "Usage: freshet [FLAGS]\n"
      "A Materialize-compatible SQL server for PostgreSQL change data.\n\n"
      "Flags (each may also be set through the environment variable shown):\n";
  for (const Flag& f : Flags()) {
    std::string left = absl::StrCat("  --", f.name, "=", f.value);
    left.resize(std::max<size_t>(left.size() + 2, 30), ' ');
    absl::StrAppend(&out, left, f.help, "  [", f.env, "]\n");
  }
  absl::StrAppend(&out, "  --help                      show this help\n");
  return out;
}

absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<std::string>& args) {
  ParsedFlags parsed;
  for (const Flag& f : Flags()) {
    if (const char* env = std::getenv(f.env); env != nullptr && *env != '\0') {
      if (auto s = f.set(parsed.config, env); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(f.env, ": ", s.message()));
      }
    }
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", arg, "\""));
    std::string name = arg.substr(2), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const Flag* flag = nullptr;
    for (const Flag& f : Flags()) {
      if (name == f.name) flag = &f;
    }
    if (flag == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name, " (see --help)"));
    if (!has_value) {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      value = args[++i];
    }
    if (auto s = flag->set(parsed.config, value); !s.ok()) return s;
  }
  int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (parsed.config.io_threads == 0) parsed.config.io_threads = std::max(1, cores / 2);
  if (parsed.config.compute_threads == 0) parsed.config.compute_threads = cores;
  if (parsed.config.query_workers == 0) parsed.config.query_workers = parsed.config.compute_threads;
  if (parsed.config.cache_bytes == 0) parsed.config.cache_bytes = std::max<int64_t>(int64_t{128} << 20, UsableMemory() / 8);
  if (parsed.config.tls_cert.empty() != parsed.config.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key must be given together");
  }
  if (parsed.config.auth != AuthMode::kTrust && parsed.config.users_file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--auth=", AuthModeName(parsed.config.auth), " needs --users-file"));
  }
  return parsed;
}

}  // namespace freshet::server
