// The secrets vault's cipher: AES-256-GCM with a fresh random 96-bit nonce per
// value and the secret's name as associated data (a sealed value cannot be
// moved to another name). Sealed form: nonce (12) | ciphertext | tag (16).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace freshet::storage {

class Vault {
 public:
  // The key: `key_hex` if set, else $FRESHET_SECRETS_KEY, else the file
  // `<data_dir>/secrets.key` (64 hex digits), created with mode 0600 when
  // missing. A key file that others can read is refused.
  static absl::StatusOr<Vault> Load(const std::string& data_dir, std::optional<std::string> key_hex);

  absl::StatusOr<std::string> Seal(std::string_view name, std::string_view plaintext) const;
  // PermissionDenied when the value was sealed with another key or altered.
  absl::StatusOr<std::string> Unseal(std::string_view name, std::string_view sealed) const;

  ~Vault();
  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;

 private:
  Vault() = default;
  std::array<unsigned char, 32> key_{};
};

}  // namespace freshet::storage
