#include "cancel_registry.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace freshet::server {

std::shared_ptr<CancelState> CancelRegistry::Register() {
  auto state = std::make_shared<CancelState>();
  int32_t secret = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&secret), sizeof secret) != 1) {
    secret = static_cast<int32_t>(reinterpret_cast<intptr_t>(state.get()));
  }
  state->secret = secret;
  absl::MutexLock lock(&mu_);
  // Session ids are small positive integers; skip any still in use after
  // wrap-around.
  do {
    state->pid = next_pid_;
    next_pid_ = next_pid_ == INT32_MAX ? 1 : next_pid_ + 1;
  } while (sessions_.contains(state->pid));
  sessions_[state->pid] = state;
  return state;
}

void CancelRegistry::Unregister(int32_t pid) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(pid);
}

bool CancelRegistry::Cancel(int32_t pid, int32_t secret) {
  std::shared_ptr<CancelState> state;
  {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(pid);
    if (it == sessions_.end()) return false;
    state = it->second.lock();
  }
  if (!state || CRYPTO_memcmp(&state->secret, &secret, sizeof secret) != 0) return false;
  state->requested.store(true);
  return true;
}

size_t CancelRegistry::size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

}  // namespace freshet::server
