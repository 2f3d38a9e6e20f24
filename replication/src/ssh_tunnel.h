// SSH tunnels to an upstream through a bastion, with OpenSSH's client: one
// `ssh -N -L 127.0.0.1:<local port>:<target host>:<target port>` process per
// tunnel, watched by a thread of its own. libpq then connects to the local
// port. Internal to replication/ (pg_conn.cc opens them for Connect).
//
// Keys: the private keys come from the vault with the parameters; they are
// written to 0600 files in a private 0700 directory just before ssh starts
// and removed as soon as ssh has logged in (or has failed).
// Host keys: StrictHostKeyChecking=accept-new with one known_hosts file per
// SSH connection (SetSshKnownHostsDirectory): the first key seen is pinned,
// a changed one is refused.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "replication/validate.h"

namespace freshet::replication {

// One running ssh process. Thread-safe; local_port() never changes.
class SshTunnel {
 public:
  // Starts ssh and waits until it has logged in and listens on the local
  // port, or has failed (its own error, e.g. "Permission denied
  // (publickey)"), for at most about 30 s.
  static absl::StatusOr<std::shared_ptr<SshTunnel>> Open(const SshTunnelParams& ssh, const std::string& target_host,
                                                         uint16_t target_port);
  ~SshTunnel();  // stops ssh (SIGTERM) and its thread
  SshTunnel(const SshTunnel&) = delete;
  SshTunnel& operator=(const SshTunnel&) = delete;

  uint16_t local_port() const { return local_port_; }
  // False once ssh has exited (bastion gone, connection cut, killed).
  bool alive() const;
  // How many lines ssh has written to stderr so far, and those written
  // after the first `count` (at most the last few), in one line: what the
  // bastion said about a connection that failed ("channel 2: open failed:
  // connect failed: Connection refused").
  size_t stderr_count() const;
  std::string StderrSince(size_t count) const;

 private:
  enum class State { kStarting, kUp, kExited };
  SshTunnel() = default;
  void Watch(std::vector<std::string> argv, std::string key_dir);  // the thread
  std::string ErrorText() const;                                   // ssh's last stderr lines, one line

  uint16_t local_port_ = 0;
  std::string bastion_;  // user@host:port, for messages
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  State state_ = State::kStarting;        // guarded by mu_
  bool stopping_ = false;                 // guarded by mu_: the destructor runs
  pid_t pid_ = -1;                        // guarded by mu_; -1 once reaped
  int exit_status_ = 0;                   // guarded by mu_
  std::deque<std::string> stderr_lines_;  // guarded by mu_: the last kStderrLines
  size_t stderr_count_ = 0;               // guarded by mu_: lines ever written
};

// The tunnel for (SSH connection, bastion, target), opened if none is alive.
// Connections through it share it; it closes when the last one releases
// it. Concurrent callers for the same tunnel wait for one ssh to start.
absl::StatusOr<std::shared_ptr<SshTunnel>> AcquireSshTunnel(const SshTunnelParams& ssh, const std::string& target_host,
                                                            uint16_t target_port);

}  // namespace freshet::replication
