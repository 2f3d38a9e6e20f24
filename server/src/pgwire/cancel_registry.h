// Maps BackendKeyData (process id + secret key) to running sessions so that a
// CancelRequest on another connection can cancel a session's statement.
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace freshet::server {

// Shared between a connection and the registry; the connection clears the
// flag when a statement starts, a cancel sets it, operators poll it.
struct CancelState {
  int32_t pid = 0;
  int32_t secret = 0;
  std::atomic<bool> requested{false};
};

class CancelRegistry {
 public:
  // Registers a new session with a fresh pid and a random secret key.
  std::shared_ptr<CancelState> Register();
  void Unregister(int32_t pid);
  // Cancels the session's running statement if pid and secret match; a
  // mismatch is ignored silently, as PostgreSQL does.
  bool Cancel(int32_t pid, int32_t secret);
  size_t size() const;

 private:
  mutable absl::Mutex mu_;
  int32_t next_pid_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<int32_t, std::weak_ptr<CancelState>> sessions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace freshet::server
