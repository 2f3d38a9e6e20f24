#include "replication/validate.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/error.h"

namespace freshet::replication {
namespace {

// PEM material for libpq, which reads files: a private directory (0700) of
// 0600 files, removed when the check ends.
class PemFiles {
 public:
  ~PemFiles() {
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  absl::StatusOr<std::string> Write(const char* name, const std::string& pem) {
    if (dir_.empty()) {
      char tmpl[] = "/tmp/freshet-pem-XXXXXX";
      if (mkdtemp(tmpl) == nullptr) return absl::InternalError("cannot create a directory for TLS material");
      dir_ = tmpl;
    }
    std::string path = dir_ + "/" + name;
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return absl::InternalError("cannot write TLS material");
    bool ok = write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
    close(fd);
    if (!ok) return absl::InternalError("cannot write TLS material");
    return path;
  }

 private:
  std::string dir_;
};

struct ConnFree {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};

// libpq's message without its trailing newline.
std::string Message(const char* raw) { return std::string(absl::StripTrailingAsciiWhitespace(raw ? raw : "")); }

absl::Status UpstreamError(std::string message) {
  // Materialize reports upstream failures as "db error: ..." and does not
  // pick a more specific class; 08001 is PostgreSQL's for a client that
  // cannot connect.
  return Error("08001", std::move(message)).ToStatus();
}

absl::StatusOr<std::string> QueryOne(PGconn* conn, const char* sql) {
  std::unique_ptr<PGresult, ResultFree> r(PQexec(conn, sql));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) {
    return UpstreamError(absl::StrCat("db error: ", Message(PQerrorMessage(conn))));
  }
  return std::string(PQgetvalue(r.get(), 0, 0));
}

}  // namespace

absl::Status ValidatePostgres(const PgConnectParams& p) {
  PemFiles pem;
  std::vector<std::pair<std::string, std::string>> kv = {
      {"host", p.host},
      {"port", absl::StrCat(p.port)},
      {"dbname", p.database},
      {"user", p.user},
      {"connect_timeout", absl::StrCat(p.connect_timeout_seconds)},
      {"application_name", "materialize"},
      {"sslmode", p.ssl_mode},
      // Never read the server process' own ~/.pgpass, service or env files.
      {"passfile", "/dev/null"},
  };
  if (p.password) kv.emplace_back("password", *p.password);
  if (p.ssl_root_cert_pem) {
    auto path = pem.Write("root.crt", *p.ssl_root_cert_pem);
    if (!path.ok()) return path.status();
    kv.emplace_back("sslrootcert", *path);
  } else if (p.ssl_mode == "verify-ca" || p.ssl_mode == "verify-full") {
    kv.emplace_back("sslrootcert", "system");
  }
  if (p.ssl_cert_pem) {
    auto path = pem.Write("client.crt", *p.ssl_cert_pem);
    if (!path.ok()) return path.status();
    kv.emplace_back("sslcert", *path);
  }
  if (p.ssl_key_pem) {
    auto path = pem.Write("client.key", *p.ssl_key_pem);
    if (!path.ok()) return path.status();
    kv.emplace_back("sslkey", *path);
  }
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : kv) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  std::unique_ptr<PGconn, ConnFree> conn(PQconnectdbParams(keys.data(), values.data(), 0));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return UpstreamError(absl::StrCat("db error: ", Message(PQerrorMessage(conn.get()))));
  }
  std::unique_ptr<PGresult, ResultFree>(PQexec(conn.get(), "SET statement_timeout = '10s'"));

  auto wal_level = QueryOne(conn.get(), "SHOW wal_level");
  if (!wal_level.ok()) return wal_level.status();
  if (*wal_level != "logical") {
    return Error(sqlstate::kInvalidParameterValue,
                 absl::StrCat("server must have wal_level >= logical, but has ", *wal_level))
        .ToStatus();
  }
  auto senders = QueryOne(conn.get(), "SELECT current_setting('max_wal_senders')");
  if (!senders.ok()) return senders.status();
  int max_senders = 0;
  if (!absl::SimpleAtoi(*senders, &max_senders) || max_senders < 1) {
    return Error(sqlstate::kInvalidParameterValue, "replication disabled on server")
        .Hint("set max_wal_senders to a value > 0")
        .ToStatus();
  }
  auto free_slots = QueryOne(conn.get(),
                             "SELECT current_setting('max_replication_slots')::int - "
                             "(SELECT count(*) FROM pg_catalog.pg_replication_slots)");
  if (!free_slots.ok()) return free_slots.status();
  int slots = 0;
  if (!absl::SimpleAtoi(*free_slots, &slots) || slots < 2) {
    return Error(sqlstate::kInvalidParameterValue,
                 "PostgreSQL server has insufficient number of replication slots available")
        .Detail("executing this statement requires 2 replication slots")
        .Hint("you might be able to wait for other sources to finish snapshotting and try again")
        .ToStatus();
  }
  return absl::OkStatus();
}

}  // namespace freshet::replication
