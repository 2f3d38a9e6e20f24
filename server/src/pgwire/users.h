// The users allowed to log in when authentication is on, loaded once at
// startup from --users-file. Each line is `name:secret`, where the secret is
// a plaintext password or a PostgreSQL SCRAM-SHA-256 verifier; `#` starts a
// comment. Secrets are never logged. Immutable after Load: thread-safe.
#pragma once

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace freshet::server {

class UserDirectory {
 public:
  static absl::StatusOr<UserDirectory> Load(const std::string& path);
  // The stored secret of `user`, if the user exists.
  std::optional<std::string> Secret(const std::string& user) const;
  size_t size() const { return secrets_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> secrets_;
};

}  // namespace freshet::server
