// How Freshet reaches an upstream PostgreSQL (host, credentials, TLS, an
// optional SSH tunnel) and the checks that it can serve as a source, as
// Materialize's VALIDATE CONNECTION does (sql-surface.md 2.6): connect,
// wal_level = logical, max_wal_senders > 0, at least two free replication
// slots. Failures carry the upstream's (or libpq's, or ssh's) own message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"

namespace freshet::replication {

// A bastion that forwards connections to the upstream (CREATE CONNECTION
// ... TO SSH TUNNEL). Freshet runs OpenSSH's client (`ssh -N -L`) with
// these keys; see docs/connections.md for the host key policy.
struct SshTunnelParams {
  std::string connection_id;  // the SSH connection's catalog id: names its known_hosts file
  std::string host;
  uint16_t port = 22;
  std::string user;
  // OpenSSH private keys (PEM). Key 1 is offered first; key 2 as well, so
  // that a bastion that has either public key accepts (ROTATE KEYS).
  std::string private_key_1;
  std::string private_key_2;

  friend bool operator==(const SshTunnelParams&, const SshTunnelParams&) = default;
};

struct PgConnectParams {
  std::string host;  // also the name TLS verify-full checks, when tunnelled too
  uint16_t port = 5432;
  std::string database;
  std::string user;
  std::optional<std::string> password;
  std::string ssl_mode = "disable";  // disable, require, verify-ca, verify-full
  std::optional<std::string> ssl_root_cert_pem;
  std::optional<std::string> ssl_cert_pem;
  std::optional<std::string> ssl_key_pem;
  // Reach host:port through this bastion instead of directly.
  std::optional<SshTunnelParams> ssh_tunnel;
  int connect_timeout_seconds = 10;
};

// Blocks for at most about connect_timeout_seconds plus a few queries.
absl::Status ValidatePostgres(const PgConnectParams& params);

// VALIDATE CONNECTION for an SSH TUNNEL: logs in to the bastion with the
// connection's keys and reports ssh's own error (unreachable host, key not
// accepted, host key changed) if that fails. Blocks for at most ~30 s.
absl::Status ValidateSshTunnel(const SshTunnelParams& params);

// Where the bastions' host keys are remembered, one known_hosts file per SSH
// connection (trust on first use). Set once at server start (the data
// directory); without it, host keys are remembered for the life of one
// tunnel process only.
void SetSshKnownHostsDirectory(std::string dir);

// The catalog's current parameters of an SSH connection (after ALTER
// CONNECTION or ROTATE KEYS). A tunnel opened later for that connection uses
// them, even when the caller's parameters are older (a running source keeps
// the ones it started with).
void UpdateSshTunnelParams(const SshTunnelParams& params);

}  // namespace freshet::replication
