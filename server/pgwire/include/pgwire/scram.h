// SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL implements it, on
// OpenSSL. Channel binding (SCRAM-SHA-256-PLUS) is not offered.
// Pure and thread-compatible: each exchange object serves one login.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace freshet::pgwire {

// What PostgreSQL stores in pg_authid.rolpassword:
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (base64 parts).
struct ScramVerifier {
  int iterations = 4096;
  std::string salt;        // raw bytes
  std::string stored_key;  // raw 32 bytes
  std::string server_key;  // raw 32 bytes
};

std::string MakeScramVerifier(std::string_view password, int iterations = 4096);
std::string MakeScramVerifier(std::string_view password, std::string_view salt, int iterations);
absl::StatusOr<ScramVerifier> ParseScramVerifier(std::string_view text);

// True if `given` is the password that `stored` (a plaintext password or a
// SCRAM verifier) describes. Constant-time in the compared bytes.
bool PlaintextPasswordMatches(std::string_view stored, std::string_view given);

// The server side of one exchange.
class ScramServerExchange {
 public:
  // `server_nonce` empty = random (tests pass a fixed one).
  explicit ScramServerExchange(ScramVerifier verifier, std::string server_nonce = "");
  // client-first-message -> server-first-message.
  absl::StatusOr<std::string> ClientFirst(std::string_view message);
  // client-final-message -> server-final-message ("v=..."); 28P01 when the
  // proof does not match.
  absl::StatusOr<std::string> ClientFinal(std::string_view message);

 private:
  ScramVerifier verifier_;
  std::string server_nonce_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client nonce + server nonce
  bool first_done_ = false;
};

// The client side, for tests and test tools.
class ScramClientExchange {
 public:
  ScramClientExchange(std::string password, std::string client_nonce);
  std::string ClientFirst() const;
  absl::StatusOr<std::string> ClientFinal(std::string_view server_first);
  // Verifies the server's signature.
  absl::Status ServerFinal(std::string_view server_final) const;

 private:
  std::string password_;
  std::string client_nonce_;
  std::string server_signature_;
};

}  // namespace freshet::pgwire
