// Ed25519 key pairs for SSH tunnel connections, generated with OpenSSL and
// rendered the way OpenSSH reads and writes them.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace freshet::catalog {

struct SshKeyPair {
  // "ssh-ed25519 AAAA...": one authorized_keys line, without a comment.
  std::string public_key;
  // "-----BEGIN OPENSSH PRIVATE KEY-----" ... (openssh-key-v1, unencrypted):
  // what `ssh -i` reads. Secret: it belongs in the vault only.
  std::string private_key;
};

absl::StatusOr<SshKeyPair> GenerateSshKeyPair(std::string_view comment = "materialize");

}  // namespace freshet::catalog
