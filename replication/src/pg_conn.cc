#include "pg_conn.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "ssh_tunnel.h"

namespace freshet::replication {
namespace {

// PEM material for libpq, which reads files: a private directory (0700) of
// 0600 files, removed as soon as the connection is established.
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

// The CA bundle verify-ca / verify-full use without SSL CERTIFICATE
// AUTHORITY. libpq 15 has no sslrootcert=system (16 has), so name the
// operating system's bundle (Debian's ca-certificates) ourselves.
std::string SystemRootCertificates() {
  for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem", "/etc/pki/tls/certs/ca-bundle.crt"}) {
    if (::access(path, R_OK) == 0) return path;
  }
  return "/etc/ssl/certs/ca-certificates.crt";  // libpq then says it is missing
}

// libpq's message, with what to do where libpq's own words leave it open.
absl::Status ConnectError(const PgConnectParams& p, const std::string& message) {
  Error e("08001", absl::StrCat("db error: ", message));
  if (message.find("certificate verify failed") != std::string::npos) {
    e.Detail(p.ssl_root_cert_pem
                 ? "The server's certificate is not signed by the connection's SSL CERTIFICATE AUTHORITY."
                 : "The server's certificate is not signed by a certificate authority this system trusts.");
    e.Hint("Set SSL CERTIFICATE AUTHORITY to the CA that signed the server's certificate, or use SSL MODE "
           "'require' to skip verification.");
  } else if (message.find("does not match host name") != std::string::npos) {
    e.Hint("With SSL MODE 'verify-full' the HOST must be a name the server's certificate holds; use 'verify-ca' "
           "to check the CA only.");
  } else if (message.find("server does not support SSL") != std::string::npos) {
    e.Hint("Turn on ssl upstream, or use SSL MODE 'disable'.");
  }
  return e.ToStatus();
}

}  // namespace

std::string LastError(PGconn* conn) {
  const char* raw = conn != nullptr ? PQerrorMessage(conn) : nullptr;
  return std::string(absl::StripTrailingAsciiWhitespace(raw ? raw : ""));
}

absl::Status UpstreamError(std::string_view message) {
  // Materialize reports upstream failures as "db error: ..." and does not
  // pick a more specific class; 08001 is PostgreSQL's for a client that
  // cannot connect.
  return Error("08001", absl::StrCat("db error: ", std::string(message))).ToStatus();
}

absl::StatusOr<PgConn> Connect(const PgConnectParams& p, ConnKind kind) {
  // Through a bastion: libpq connects to the tunnel's loopback port, and
  // `host` stays the upstream's name, which verify-full checks.
  std::shared_ptr<SshTunnel> tunnel;
  if (p.ssh_tunnel) {
    FRESHET_ASSIGN_OR_RETURN(tunnel, AcquireSshTunnel(*p.ssh_tunnel, p.host, p.port));
  }
  PemFiles pem;
  std::vector<std::pair<std::string, std::string>> kv = {
      {"host", p.host},
      {"port", absl::StrCat(tunnel ? tunnel->local_port() : p.port)},
      {"dbname", p.database},
      {"user", p.user},
      {"connect_timeout", absl::StrCat(p.connect_timeout_seconds)},
      {"application_name", "materialize"},
      {"sslmode", p.ssl_mode},
      // Never read the server process' own ~/.pgpass, service or env files.
      {"passfile", "/nonexistent/freshet-no-passfile"},
      {"options",
       "-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres -c bytea_output=hex -c extra_float_digits=3"},
      // Notice a dead peer (a cut network) within about a minute.
      {"keepalives_idle", "20"},
      {"keepalives_interval", "5"},
      {"keepalives_count", "4"},
  };
  if (tunnel) kv.emplace_back("hostaddr", "127.0.0.1");
  if (kind == ConnKind::kReplication) kv.emplace_back("replication", "database");
  if (p.password) kv.emplace_back("password", *p.password);
  if (p.ssl_root_cert_pem) {
    FRESHET_ASSIGN_OR_RETURN(auto path, pem.Write("root.crt", *p.ssl_root_cert_pem));
    kv.emplace_back("sslrootcert", path);
  } else if (p.ssl_mode == "verify-ca" || p.ssl_mode == "verify-full") {
    kv.emplace_back("sslrootcert", SystemRootCertificates());
  }
  if (p.ssl_cert_pem) {
    FRESHET_ASSIGN_OR_RETURN(auto path, pem.Write("client.crt", *p.ssl_cert_pem));
    kv.emplace_back("sslcert", path);
  }
  if (p.ssl_key_pem) {
    FRESHET_ASSIGN_OR_RETURN(auto path, pem.Write("client.key", *p.ssl_key_pem));
    kv.emplace_back("sslkey", path);
  }
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : kv) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  size_t ssh_lines = tunnel ? tunnel->stderr_count() : 0;
  PgConn conn(PQconnectdbParams(keys.data(), values.data(), 0), ConnFree{tunnel});
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string message = LastError(conn.get());
    // libpq only sees the tunnel close; the bastion says why (it cannot
    // reach HOST, or forwarding is not allowed).
    if (tunnel) {
      std::string ssh = tunnel->StderrSince(ssh_lines);
      if (ssh.empty()) {  // ssh may write it a moment after the channel closed
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ssh = tunnel->StderrSince(ssh_lines);
      }
      if (!ssh.empty()) absl::StrAppend(&message, " (ssh: ", ssh, ")");
    }
    return ConnectError(p, message);
  }
  return conn;
}

absl::StatusOr<PgResult> Exec(PGconn* conn, const std::string& sql, ExecStatusType expected) {
  PgResult r(PQexec(conn, sql.c_str()));
  if (PQresultStatus(r.get()) != expected) {
    const char* msg = r ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return UpstreamError(msg != nullptr ? std::string(msg) : LastError(conn));
  }
  return r;
}

absl::StatusOr<std::string> QueryOne(PGconn* conn, const std::string& sql) {
  auto r = Exec(conn, sql);
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1 || PQnfields(r->get()) < 1) {
    return UpstreamError(absl::StrCat("expected one row from: ", sql));
  }
  return std::string(PQgetvalue(r->get(), 0, 0));
}

std::string QuoteLiteral(std::string_view s) {
  return absl::StrCat("'", absl::StrReplaceAll(std::string(s), {{"'", "''"}}), "'");
}

std::string QuoteIdent(std::string_view s) {
  return absl::StrCat("\"", absl::StrReplaceAll(std::string(s), {{"\"", "\"\""}}), "\"");
}

}  // namespace freshet::replication
