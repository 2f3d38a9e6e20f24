// SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL implements it, on
// OpenSSL 3. Channel binding (SCRAM-SHA-256-PLUS) is not offered: gs2 flags
// 'n' and 'y' are accepted, 'p' is refused.
//
// Pure (no I/O) and thread-compatible: each exchange object serves one login
// on one thread. Message parsing follows PostgreSQL's auth-scram.c, so a
// malformed message fails as it does there: 08P01 "malformed SCRAM message"
// with a detail saying what was wrong (0A000 for an authorization identity
// or a mandatory extension). Nothing a client sends can crash it.
//
// Passwords are used as given: PostgreSQL applies SASLprep (NFKC) first,
// which changes nothing for ASCII passwords but may for others.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
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

// A verifier in PostgreSQL's text form, with a random 16-byte salt (as
// PostgreSQL makes them). `iterations` below 1 are raised to 1. Aborts the
// process if the system's random generator fails (never input-dependent).
std::string MakeScramVerifier(std::string_view password, int iterations = 4096);
// The same with a given raw salt, for tests and reproducible fixtures.
std::string MakeScramVerifier(std::string_view password, std::string_view salt, int iterations);
// Parses the text form; InvalidArgument if it is not a well-formed verifier.
absl::StatusOr<ScramVerifier> ParseScramVerifier(std::string_view text);

// True if `given` is the password that `stored` describes, where `stored` is
// a SCRAM verifier or, if it does not parse as one, a plaintext password (so
// the cleartext-password auth method works with either kind of secret).
// Constant-time in the password bytes (plaintext is compared through SHA-256
// digests, so not even the length leaks).
bool PlaintextPasswordMatches(std::string_view stored, std::string_view given);

// The server side of one exchange:
//   AuthenticationSASL("SCRAM-SHA-256") -> client-first-message
//   ClientFirst() -> server-first-message (AuthenticationSASLContinue)
//   client-final-message -> ClientFinal() -> server-final-message
//   (AuthenticationSASLFinal), then AuthenticationOk.
// Every call after a failure fails: one exchange, one attempt.
class ScramServerExchange {
 public:
  // `server_nonce` empty = 18 random bytes, base64 (as PostgreSQL); tests pass
  // a fixed printable one.
  explicit ScramServerExchange(ScramVerifier verifier, std::string server_nonce = "");

  // client-first-message ("n,,n=user,r=nonce") -> server-first-message
  // ("r=<client nonce><server nonce>,s=<salt>,i=<iterations>").
  absl::StatusOr<std::string> ClientFirst(std::string_view message);

  // client-final-message ("c=biws,r=<nonce>,p=<proof>") -> server-final-
  // message ("v=<server signature>"). Checks the channel-binding attribute
  // ("biws" for gs2 flag 'n', "eSws" for 'y'), then the nonce (08P01
  // "invalid SCRAM response"), then the proof: a wrong proof is 28P01
  // "password authentication failed".
  absl::StatusOr<std::string> ClientFinal(std::string_view message);

 private:
  enum class State { kAwaitingFirst, kAwaitingFinal, kDone };

  ScramVerifier verifier_;
  std::string server_nonce_;
  State state_ = State::kAwaitingFirst;
  char gs2_flag_ = 'n';
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client nonce + server nonce
};

// The client side, for tests and test tools (libpq's behaviour: the user name
// is normally empty, as the server takes it from the startup packet).
class ScramClientExchange {
 public:
  // `client_nonce` must be printable ASCII without ','. `gs2_flag` is 'n'
  // (no channel binding) or 'y' (client could bind, thinks the server can't).
  ScramClientExchange(std::string password, std::string client_nonce, std::string user = "", char gs2_flag = 'n');

  // The client-first-message.
  std::string ClientFirst() const;
  // server-first-message -> client-final-message. Fails (08P01) on a
  // malformed message, a nonce that does not extend ours, or an iteration
  // count outside 1..kMaxIterations.
  absl::StatusOr<std::string> ClientFinal(std::string_view server_first);
  // Checks the server-final-message: "v=<signature>" must prove that the
  // server knows the verifier; "e=<error>" is reported as an error.
  absl::Status ServerFinal(std::string_view server_final) const;

  // Bounds the work a hostile server can make a test client do.
  static constexpr int kMaxIterations = 10'000'000;

 private:
  std::string password_;
  std::string client_nonce_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_signature_;  // raw; empty until ClientFinal succeeded
};

}  // namespace freshet::pgwire
