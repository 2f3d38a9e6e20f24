#include "pgwire/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error.h"

namespace freshet::pgwire {
namespace {

constexpr char kPrefix[] = "SCRAM-SHA-256$";

std::string Base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

absl::StatusOr<std::string> Unbase64(std::string_view in) {
  if (in.size() % 4 != 0) return absl::InvalidArgumentError("invalid base64");
  std::string out(3 * in.size() / 4 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return absl::InvalidArgumentError("invalid base64");
  // EVP_DecodeBlock keeps the bytes of the '=' padding: drop them.
  size_t pad = 0;
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string SaltedPassword(std::string_view password, std::string_view salt, int iterations) {
  std::string out(32, '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), 32, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n));
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

absl::Status Malformed(std::string what) {
  return Error(sqlstate::kProtocolViolation, absl::StrCat("malformed SCRAM message: ", what));
}

// The value of attribute `name` ("r", "s", ...) in a comma-separated list.
std::optional<std::string> Attribute(const std::vector<std::string>& parts, char name) {
  for (const auto& p : parts) {
    if (p.size() >= 2 && p[0] == name && p[1] == '=') return p.substr(2);
  }
  return std::nullopt;
}

}  // namespace

std::string MakeScramVerifier(std::string_view password, std::string_view salt, int iterations) {
  std::string salted = SaltedPassword(password, salt, iterations);
  std::string stored = Sha256(Hmac(salted, "Client Key"));
  std::string server = Hmac(salted, "Server Key");
  return absl::StrCat(kPrefix, iterations, ":", Base64(salt), "$", Base64(stored), ":", Base64(server));
}

std::string MakeScramVerifier(std::string_view password, int iterations) {
  return MakeScramVerifier(password, RandomBytes(16), iterations);
}

absl::StatusOr<ScramVerifier> ParseScramVerifier(std::string_view text) {
  absl::string_view t(text.data(), text.size());
  if (!absl::ConsumePrefix(&t, kPrefix)) return absl::InvalidArgumentError("not a SCRAM-SHA-256 verifier");
  std::vector<std::string> halves = absl::StrSplit(t, '$');
  if (halves.size() != 2) return absl::InvalidArgumentError("malformed SCRAM verifier");
  std::vector<std::string> a = absl::StrSplit(halves[0], ':');
  std::vector<std::string> b = absl::StrSplit(halves[1], ':');
  ScramVerifier v;
  if (a.size() != 2 || b.size() != 2 || !absl::SimpleAtoi(a[0], &v.iterations) || v.iterations < 1) {
    return absl::InvalidArgumentError("malformed SCRAM verifier");
  }
  auto salt = Unbase64(a[1]);
  auto stored = Unbase64(b[0]);
  auto server = Unbase64(b[1]);
  if (!salt.ok() || !stored.ok() || !server.ok() || stored->size() != 32 || server->size() != 32) {
    return absl::InvalidArgumentError("malformed SCRAM verifier");
  }
  v.salt = *salt;
  v.stored_key = *stored;
  v.server_key = *server;
  return v;
}

bool PlaintextPasswordMatches(std::string_view stored, std::string_view given) {
  auto verifier = ParseScramVerifier(stored);
  if (!verifier.ok()) return ConstantTimeEqual(stored, given);
  std::string salted = SaltedPassword(given, verifier->salt, verifier->iterations);
  return ConstantTimeEqual(Sha256(Hmac(salted, "Client Key")), verifier->stored_key);
}

ScramServerExchange::ScramServerExchange(ScramVerifier verifier, std::string server_nonce)
    : verifier_(std::move(verifier)),
      server_nonce_(server_nonce.empty() ? Base64(RandomBytes(18)) : std::move(server_nonce)) {}

absl::StatusOr<std::string> ScramServerExchange::ClientFirst(std::string_view message) {
  if (first_done_) return Malformed("unexpected client-first-message");
  // gs2-header: "n,," (no channel binding) or "y,," (client supports it but
  // thinks the server does not); "p=..." asks for binding we do not offer.
  if (message.size() < 3 || (message[0] != 'n' && message[0] != 'y') || message[1] != ',') {
    if (!message.empty() && message[0] == 'p') {
      return Error(sqlstate::kProtocolViolation, "channel binding is not supported");
    }
    return Malformed("invalid GS2 header");
  }
  size_t second = message.find(',', 2);
  if (second == std::string_view::npos) return Malformed("invalid GS2 header");
  gs2_header_ = std::string(message.substr(0, second + 1));
  client_first_bare_ = std::string(message.substr(second + 1));
  std::vector<std::string> parts = absl::StrSplit(client_first_bare_, ',');
  auto nonce = Attribute(parts, 'r');
  if (!nonce.has_value() || nonce->empty()) return Malformed("missing nonce");
  nonce_ = *nonce + server_nonce_;
  server_first_ = absl::StrCat("r=", nonce_, ",s=", Base64(verifier_.salt), ",i=", verifier_.iterations);
  first_done_ = true;
  return server_first_;
}

absl::StatusOr<std::string> ScramServerExchange::ClientFinal(std::string_view message) {
  if (!first_done_) return Malformed("unexpected client-final-message");
  std::string msg(message);
  size_t proof_at = msg.rfind(",p=");
  if (proof_at == std::string::npos) return Malformed("missing proof");
  std::string without_proof = msg.substr(0, proof_at);
  std::vector<std::string> parts = absl::StrSplit(without_proof, ',');
  auto binding = Attribute(parts, 'c');
  auto nonce = Attribute(parts, 'r');
  if (!binding.has_value() || *binding != Base64(gs2_header_)) return Malformed("unexpected channel binding");
  if (!nonce.has_value() || !ConstantTimeEqual(*nonce, nonce_)) return Malformed("nonce mismatch");
  auto proof = Unbase64(msg.substr(proof_at + 3));
  if (!proof.ok() || proof->size() != 32) return Malformed("invalid proof");
  std::string auth_message = absl::StrCat(client_first_bare_, ",", server_first_, ",", without_proof);
  std::string client_signature = Hmac(verifier_.stored_key, auth_message);
  std::string client_key(32, '\0');
  for (size_t i = 0; i < 32; ++i) client_key[i] = static_cast<char>((*proof)[i] ^ client_signature[i]);
  if (!ConstantTimeEqual(Sha256(client_key), verifier_.stored_key)) {
    return Error(sqlstate::kInvalidPassword, "password authentication failed");
  }
  return absl::StrCat("v=", Base64(Hmac(verifier_.server_key, auth_message)));
}

ScramClientExchange::ScramClientExchange(std::string password, std::string client_nonce)
    : password_(std::move(password)), client_nonce_(std::move(client_nonce)) {}

std::string ScramClientExchange::ClientFirst() const { return absl::StrCat("n,,n=,r=", client_nonce_); }

absl::StatusOr<std::string> ScramClientExchange::ClientFinal(std::string_view server_first) {
  std::vector<std::string> parts = absl::StrSplit(absl::string_view(server_first.data(), server_first.size()), ',');
  auto nonce = Attribute(parts, 'r');
  auto salt_b64 = Attribute(parts, 's');
  auto iter_text = Attribute(parts, 'i');
  int iterations = 0;
  if (!nonce || !salt_b64 || !iter_text || !absl::SimpleAtoi(*iter_text, &iterations) ||
      nonce->rfind(client_nonce_, 0) != 0) {
    return Malformed("invalid server-first-message");
  }
  auto salt = Unbase64(*salt_b64);
  if (!salt.ok()) return Malformed("invalid salt");
  std::string salted = SaltedPassword(password_, *salt, iterations);
  std::string client_key = Hmac(salted, "Client Key");
  std::string without_proof = absl::StrCat("c=biws,r=", *nonce);
  std::string auth_message =
      absl::StrCat("n=,r=", client_nonce_, ",", std::string(server_first), ",", without_proof);
  std::string signature = Hmac(Sha256(client_key), auth_message);
  std::string proof(32, '\0');
  for (size_t i = 0; i < 32; ++i) proof[i] = static_cast<char>(client_key[i] ^ signature[i]);
  server_signature_ = Hmac(Hmac(salted, "Server Key"), auth_message);
  return absl::StrCat(without_proof, ",p=", Base64(proof));
}

absl::Status ScramClientExchange::ServerFinal(std::string_view server_final) const {
  if (server_final != absl::StrCat("v=", Base64(server_signature_))) {
    return absl::UnauthenticatedError("server signature mismatch");
  }
  return absl::OkStatus();
}

}  // namespace freshet::pgwire
