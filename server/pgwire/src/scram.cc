// SCRAM-SHA-256 verifiers and exchanges. The message parsing mirrors
// PostgreSQL's auth-scram.c (read_client_first_message and friends), error
// details included.
#include "pgwire/scram.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "scram_primitives.h"

namespace freshet::pgwire {
namespace {

using scram::Base64;
using scram::ConstantTimeEqual;
using scram::HmacSha256;
using scram::kKeyLength;
using scram::Sha256;
using scram::Unbase64;

constexpr char kPrefix[] = "SCRAM-SHA-256$";
constexpr size_t kSaltLength = 16;         // what PostgreSQL uses
constexpr size_t kServerNonceLength = 18;  // raw bytes, as PostgreSQL

absl::Status Malformed(std::string detail) {
  return Error(sqlstate::kProtocolViolation, "malformed SCRAM message").Detail(std::move(detail));
}

// printable = %x21-2B / %x2D-7E (RFC 5802): no ',' and nothing invisible.
bool IsPrintable(std::string_view s) {
  for (char c : s) {
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  }
  return true;
}

// Reads "<attr>=<value>" items separated by ',' (RFC 5802 section 7).
class AttributeReader {
 public:
  explicit AttributeReader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  size_t pos() const { return pos_; }

  // The value of the next item, which must be attribute `attr`.
  absl::StatusOr<std::string_view> Read(char attr) {
    if (done() || text_[pos_] != attr) {
      return Malformed(absl::StrCat("Expected attribute \"", std::string(1, attr), "\" but found \"",
                                    std::string(text_.substr(pos_)), "\"."));
    }
    return Value(attr);
  }

  // The next item, whatever its attribute (a letter).
  absl::StatusOr<std::pair<char, std::string_view>> ReadAny() {
    if (done()) return Malformed("Attribute expected, but found end of string.");
    char attr = text_[pos_];
    if (!((attr >= 'A' && attr <= 'Z') || (attr >= 'a' && attr <= 'z'))) {
      return Malformed(absl::StrCat("Attribute expected, but found invalid character \"", std::string(1, attr), "\"."));
    }
    FRESHET_ASSIGN_OR_RETURN(std::string_view value, Value(attr));
    return std::make_pair(attr, value);
  }

 private:
  absl::StatusOr<std::string_view> Value(char attr) {
    if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '=') {
      return Malformed(absl::StrCat("Expected character \"=\" for attribute \"", std::string(1, attr), "\"."));
    }
    size_t begin = pos_ + 2;
    size_t end = text_.find(',', begin);
    if (end == std::string_view::npos) end = text_.size();
    pos_ = end < text_.size() ? end + 1 : end;  // past the ',', never past the end
    return text_.substr(begin, end - begin);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// As PostgreSQL's scram_exchange: SASL data must be non-empty text.
absl::Status CheckText(std::string_view message) {
  if (message.empty()) return Malformed("The message is empty.");
  if (message.find('\0') != std::string_view::npos) return Malformed("Message length does not match input length.");
  return absl::OkStatus();
}

std::string EscapeUser(std::string_view user) {
  std::string out;
  for (char c : user) {
    if (c == '=') {
      out += "=3D";
    } else if (c == ',') {
      out += "=2C";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string RandomOrDie(size_t n) {
  std::optional<std::string> bytes = scram::RandomBytes(n);
  if (!bytes.has_value()) {
    std::fputs("freshet: OpenSSL RAND_bytes failed; cannot make SCRAM secrets\n", stderr);
    std::abort();
  }
  return *std::move(bytes);
}

}  // namespace

// ---- Verifiers.

std::string MakeScramVerifier(std::string_view password, std::string_view salt, int iterations) {
  if (iterations < 1) iterations = 1;
  std::string salted = scram::SaltedPassword(password, salt, iterations);
  std::string stored_key = Sha256(HmacSha256(salted, "Client Key"));
  std::string server_key = HmacSha256(salted, "Server Key");
  return absl::StrCat(kPrefix, iterations, ":", Base64(salt), "$", Base64(stored_key), ":", Base64(server_key));
}

std::string MakeScramVerifier(std::string_view password, int iterations) {
  return MakeScramVerifier(password, RandomOrDie(kSaltLength), iterations);
}

absl::StatusOr<ScramVerifier> ParseScramVerifier(std::string_view text) {
  auto invalid = [] { return absl::InvalidArgumentError("malformed SCRAM-SHA-256 verifier"); };
  if (text.rfind(kPrefix, 0) != 0) return absl::InvalidArgumentError("not a SCRAM-SHA-256 verifier");
  text.remove_prefix(sizeof(kPrefix) - 1);
  // <iterations>:<salt>$<StoredKey>:<ServerKey>
  size_t colon1 = text.find(':');
  size_t dollar = text.find('$');
  if (colon1 == std::string_view::npos || dollar == std::string_view::npos || dollar < colon1) return invalid();
  size_t colon2 = text.find(':', dollar);
  if (colon2 == std::string_view::npos) return invalid();
  std::string_view iterations = text.substr(0, colon1);
  ScramVerifier v;
  if (!absl::SimpleAtoi(absl::string_view(iterations.data(), iterations.size()), &v.iterations) ||
      v.iterations < 1) {
    return invalid();
  }
  auto salt = Unbase64(text.substr(colon1 + 1, dollar - colon1 - 1));
  auto stored_key = Unbase64(text.substr(dollar + 1, colon2 - dollar - 1));
  auto server_key = Unbase64(text.substr(colon2 + 1));
  if (!salt || salt->empty() || !stored_key || stored_key->size() != kKeyLength || !server_key ||
      server_key->size() != kKeyLength) {
    return invalid();
  }
  v.salt = *std::move(salt);
  v.stored_key = *std::move(stored_key);
  v.server_key = *std::move(server_key);
  return v;
}

bool PlaintextPasswordMatches(std::string_view stored, std::string_view given) {
  auto verifier = ParseScramVerifier(stored);
  if (!verifier.ok()) return ConstantTimeEqual(Sha256(stored), Sha256(given));
  std::string salted = scram::SaltedPassword(given, verifier->salt, verifier->iterations);
  return ConstantTimeEqual(Sha256(HmacSha256(salted, "Client Key")), verifier->stored_key);
}

// ---- The server side.

ScramServerExchange::ScramServerExchange(ScramVerifier verifier, std::string server_nonce)
    : verifier_(std::move(verifier)),
      server_nonce_(server_nonce.empty() ? Base64(RandomOrDie(kServerNonceLength)) : std::move(server_nonce)) {}

absl::StatusOr<std::string> ScramServerExchange::ClientFirst(std::string_view message) {
  if (state_ != State::kAwaitingFirst) return Malformed("Unexpected client-first-message.");
  state_ = State::kDone;  // until it succeeds
  FRESHET_RETURN_IF_ERROR(CheckText(message));
  // gs2-header = gs2-cbind-flag "," [ authzid ] ","
  char flag = message[0];
  if (flag == 'p') {
    return Malformed(
        "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding "
        "data.");
  }
  if (flag != 'n' && flag != 'y') {
    return Malformed(absl::StrCat("Unexpected channel-binding flag \"", std::string(1, flag), "\"."));
  }
  if (message.size() < 2 || message[1] != ',') {
    return Malformed(absl::StrCat("Comma expected, but found character \"", std::string(message.substr(1, 1)), "\"."));
  }
  if (message.size() > 2 && message[2] == 'a') {
    return Error(sqlstate::kFeatureNotSupported, "client uses authorization identity, but it is not supported");
  }
  if (message.size() < 3 || message[2] != ',') {
    return Malformed(absl::StrCat("Unexpected attribute \"", std::string(message.substr(2, 1)),
                                  "\" in client-first-message."));
  }
  // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
  std::string_view bare = message.substr(3);
  if (!bare.empty() && bare[0] == 'm') {
    return Error(sqlstate::kFeatureNotSupported, "client requires an unsupported SCRAM extension");
  }
  AttributeReader r(bare);
  FRESHET_RETURN_IF_ERROR(r.Read('n').status());  // the name comes from the startup packet
  FRESHET_ASSIGN_OR_RETURN(std::string_view client_nonce, r.Read('r'));
  if (client_nonce.empty() || !IsPrintable(client_nonce)) {
    return Malformed("non-printable characters in SCRAM nonce");
  }
  while (!r.done()) FRESHET_RETURN_IF_ERROR(r.ReadAny().status());  // extensions: ignored

  gs2_flag_ = flag;
  client_first_bare_ = std::string(bare);
  nonce_ = absl::StrCat(std::string(client_nonce), server_nonce_);
  server_first_ = absl::StrCat("r=", nonce_, ",s=", Base64(verifier_.salt), ",i=", verifier_.iterations);
  state_ = State::kAwaitingFinal;
  return server_first_;
}

absl::StatusOr<std::string> ScramServerExchange::ClientFinal(std::string_view message) {
  if (state_ != State::kAwaitingFinal) return Malformed("Unexpected client-final-message.");
  state_ = State::kDone;  // one attempt, whatever happens
  FRESHET_RETURN_IF_ERROR(CheckText(message));
  // client-final-message = channel-binding "," nonce ["," extensions] "," proof
  AttributeReader r(message);
  FRESHET_ASSIGN_OR_RETURN(std::string_view binding, r.Read('c'));
  // Without channel binding the attribute is just the base64 gs2 header.
  if (binding != (gs2_flag_ == 'y' ? "eSws" : "biws")) {
    return Malformed("Unexpected SCRAM channel-binding attribute in client-final-message.");
  }
  FRESHET_ASSIGN_OR_RETURN(std::string_view final_nonce, r.Read('r'));
  size_t proof_at = 0;
  std::pair<char, std::string_view> attr;
  do {
    proof_at = r.pos();
    FRESHET_ASSIGN_OR_RETURN(attr, r.ReadAny());
  } while (attr.first != 'p');
  std::optional<std::string> proof = Unbase64(attr.second);
  if (!proof.has_value() || proof->size() != kKeyLength) {
    return Malformed("Malformed proof in client-final-message.");
  }
  if (!r.done()) return Malformed("Garbage found at the end of client-final-message.");
  if (!ConstantTimeEqual(final_nonce, nonce_)) {
    return Error(sqlstate::kProtocolViolation, "invalid SCRAM response").Detail("Nonce does not match.");
  }
  // proof_at is the start of "p=": the message without ",p=..." ends before it.
  std::string_view without_proof = message.substr(0, proof_at - 1);
  std::string auth_message = absl::StrCat(client_first_bare_, ",", server_first_, ",", std::string(without_proof));
  std::string client_signature = HmacSha256(verifier_.stored_key, auth_message);
  std::string client_key = scram::Xor(*proof, client_signature);
  if (!ConstantTimeEqual(Sha256(client_key), verifier_.stored_key)) {
    return Error(sqlstate::kInvalidPassword, "password authentication failed");
  }
  return absl::StrCat("v=", Base64(HmacSha256(verifier_.server_key, auth_message)));
}

// ---- The client side.

ScramClientExchange::ScramClientExchange(std::string password, std::string client_nonce, std::string user,
                                         char gs2_flag)
    : password_(std::move(password)),
      client_nonce_(std::move(client_nonce)),
      gs2_header_(absl::StrCat(std::string(1, gs2_flag), ",,")),
      client_first_bare_(absl::StrCat("n=", EscapeUser(user), ",r=", client_nonce_)) {}

std::string ScramClientExchange::ClientFirst() const { return gs2_header_ + client_first_bare_; }

absl::StatusOr<std::string> ScramClientExchange::ClientFinal(std::string_view server_first) {
  server_signature_.clear();
  FRESHET_RETURN_IF_ERROR(CheckText(server_first));
  if (server_first[0] == 'm') return Malformed("server requires an unsupported SCRAM extension");
  AttributeReader r(server_first);
  FRESHET_ASSIGN_OR_RETURN(std::string_view nonce, r.Read('r'));
  FRESHET_ASSIGN_OR_RETURN(std::string_view salt_b64, r.Read('s'));
  FRESHET_ASSIGN_OR_RETURN(std::string_view iterations_text, r.Read('i'));
  while (!r.done()) FRESHET_RETURN_IF_ERROR(r.ReadAny().status());
  if (nonce.size() <= client_nonce_.size() || nonce.substr(0, client_nonce_.size()) != client_nonce_ ||
      !IsPrintable(nonce)) {
    return Malformed("The server nonce does not extend the client nonce.");
  }
  std::optional<std::string> salt = Unbase64(salt_b64);
  if (!salt.has_value() || salt->empty()) return Malformed("Malformed salt in server-first-message.");
  int iterations = 0;
  if (!absl::SimpleAtoi(absl::string_view(iterations_text.data(), iterations_text.size()), &iterations) ||
      iterations < 1 || iterations > kMaxIterations) {
    return Malformed("Invalid iteration count in server-first-message.");
  }
  std::string salted = scram::SaltedPassword(password_, *salt, iterations);
  std::string client_key = HmacSha256(salted, "Client Key");
  std::string without_proof = absl::StrCat("c=", Base64(gs2_header_), ",r=", std::string(nonce));
  std::string auth_message =
      absl::StrCat(client_first_bare_, ",", std::string(server_first), ",", without_proof);
  std::string proof = scram::Xor(client_key, HmacSha256(Sha256(client_key), auth_message));
  server_signature_ = HmacSha256(HmacSha256(salted, "Server Key"), auth_message);
  return absl::StrCat(without_proof, ",p=", Base64(proof));
}

absl::Status ScramClientExchange::ServerFinal(std::string_view server_final) const {
  if (server_signature_.empty()) return Malformed("Unexpected server-final-message.");
  FRESHET_RETURN_IF_ERROR(CheckText(server_final));
  AttributeReader r(server_final);
  FRESHET_ASSIGN_OR_RETURN(auto attr, r.ReadAny());
  if (attr.first == 'e') {
    return Error(sqlstate::kInvalidAuthorizationSpecification,
                 absl::StrCat("SCRAM authentication failed: ", std::string(attr.second)));
  }
  std::optional<std::string> signature = Unbase64(attr.second);
  if (attr.first != 'v' || !signature.has_value() || !r.done()) {
    return Malformed("Malformed server-final-message.");
  }
  if (!ConstantTimeEqual(*signature, server_signature_)) {
    return Error(sqlstate::kInvalidAuthorizationSpecification, "incorrect server signature");
  }
  return absl::OkStatus();
}

}  // namespace freshet::pgwire
