// SCRAM-SHA-256: the RFC 7677 test vector from both sides, full exchanges,
// and every way a message can be wrong.
#include <catch2/catch.hpp>

#include <random>

#include "common/error.h"
#include "pgwire/scram.h"

using namespace freshet;
using namespace freshet::pgwire;

namespace {

// RFC 7677 section 3.
constexpr char kRfcPassword[] = "pencil";
constexpr char kRfcClientNonce[] = "rOprNGfwEbeRWgbNEkqO";
constexpr char kRfcServerNonce[] = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const std::string kRfcSalt("\x5b\x6d\x99\x68\x9d\x12\x35\x8e\xec\xa0\x4b\x14\x12\x36\xfa\x81", 16);
constexpr char kRfcServerFirst[] =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr char kRfcClientFinal[] =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr char kRfcServerFinal[] = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramVerifier RfcVerifier() {
  auto verifier = ParseScramVerifier(MakeScramVerifier(kRfcPassword, kRfcSalt, 4096));
  REQUIRE(verifier.ok());
  return *verifier;
}

// A server that has seen the RFC's client-first-message.
ScramServerExchange RfcServerAfterFirst() {
  ScramServerExchange server(RfcVerifier(), kRfcServerNonce);
  REQUIRE(server.ClientFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO").ok());
  return server;
}

std::string MessageOf(const absl::Status& s) { return std::string(s.message()); }

}  // namespace

TEST_CASE("RFC 7677 test vector, server side") {
  std::string verifier_text = MakeScramVerifier(kRfcPassword, kRfcSalt, 4096);
  CHECK(verifier_text.rfind("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$", 0) == 0);
  ScramServerExchange server(RfcVerifier(), kRfcServerNonce);
  auto server_first = server.ClientFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  REQUIRE(server_first.ok());
  CHECK(*server_first == kRfcServerFirst);
  auto server_final = server.ClientFinal(kRfcClientFinal);
  REQUIRE(server_final.ok());
  CHECK(*server_final == kRfcServerFinal);
  // One exchange, one attempt.
  CHECK_FALSE(server.ClientFinal(kRfcClientFinal).ok());
  CHECK_FALSE(server.ClientFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO").ok());
}

TEST_CASE("RFC 7677 test vector, client side") {
  ScramClientExchange client(kRfcPassword, kRfcClientNonce, "user");
  CHECK(client.ClientFirst() == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  CHECK_FALSE(client.ServerFinal(kRfcServerFinal).ok());  // before ClientFinal
  auto client_final = client.ClientFinal(kRfcServerFirst);
  REQUIRE(client_final.ok());
  CHECK(*client_final == kRfcClientFinal);
  CHECK(client.ServerFinal(kRfcServerFinal).ok());
  auto forged = client.ServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  REQUIRE_FALSE(forged.ok());
  CHECK(MessageOf(forged) == "incorrect server signature");
  auto server_error = client.ServerFinal("e=invalid-proof");
  REQUIRE_FALSE(server_error.ok());
  CHECK(MessageOf(server_error) == "SCRAM authentication failed: invalid-proof");
  CHECK_FALSE(client.ServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=,x=1").ok());
  CHECK_FALSE(client.ServerFinal("").ok());
}

TEST_CASE("full exchanges with our client: right and wrong passwords, both gs2 flags") {
  auto verifier = ParseScramVerifier(MakeScramVerifier("s3cret"));
  REQUIRE(verifier.ok());
  for (char flag : {'n', 'y'}) {
    for (const char* password : {"s3cret", "wrong", ""}) {
      ScramServerExchange server(*verifier);
      ScramClientExchange client(password, "clientnonce123", "", flag);
      auto first = server.ClientFirst(client.ClientFirst());
      REQUIRE(first.ok());
      CHECK(first->rfind("r=clientnonce123", 0) == 0);
      CHECK(first->size() > std::string("r=clientnonce123,s=,i=4096").size() + 24);
      auto final_msg = client.ClientFinal(*first);
      REQUIRE(final_msg.ok());
      CHECK(final_msg->rfind(flag == 'n' ? "c=biws," : "c=eSws,", 0) == 0);
      auto server_final = server.ClientFinal(*final_msg);
      if (std::string(password) == "s3cret") {
        REQUIRE(server_final.ok());
        CHECK(client.ServerFinal(*server_final).ok());
      } else {
        REQUIRE_FALSE(server_final.ok());
        CHECK(SqlStateOf(server_final.status()) == "28P01");
        CHECK(MessageOf(server_final.status()) == "password authentication failed");
      }
    }
  }
  // Two servers pick different nonces.
  ScramServerExchange a(*verifier), b(*verifier);
  CHECK(*a.ClientFirst("n,,n=,r=x") != *b.ClientFirst("n,,n=,r=x"));
}

TEST_CASE("tampered client-final-messages are rejected") {
  const std::string good = kRfcClientFinal;
  struct Case {
    std::string message;
    std::string sqlstate;
    std::string detail;
  };
  std::vector<Case> cases = {
      // Another nonce: the client did not answer this server's challenge.
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k1,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
       "08P01", "Nonce does not match."},
      // Channel binding data for 'y' although the client said 'n'.
      {"c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
       "08P01", "Unexpected SCRAM channel-binding attribute in client-final-message."},
      // A proof of the right length that is wrong.
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
       "28P01", ""},
      // Proofs that are not 32 bytes of base64 (the padding-only one once
      // crashed a lenient decoder).
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=====", "08P01",
       "Malformed proof in client-final-message."},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAA", "08P01",
       "Malformed proof in client-final-message."},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p= dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
       "08P01", "Malformed proof in client-final-message."},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=", "08P01",
       "Malformed proof in client-final-message."},
      // Structure.
      {good + ",x=1", "08P01", "Garbage found at the end of client-final-message."},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "08P01",
       "Attribute expected, but found end of string."},
      {"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,c=biws,p=x", "08P01", ""},
      {"c", "08P01", "Expected character \"=\" for attribute \"c\"."},
      {"", "08P01", "The message is empty."},
      {std::string("c=biws\0,r=x,p=y", 15), "08P01", "Message length does not match input length."},
      {"c=biws,r=x,1=2,p=y", "08P01", "Attribute expected, but found invalid character \"1\"."},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    ScramServerExchange server = RfcServerAfterFirst();
    auto result = server.ClientFinal(c.message);
    REQUIRE_FALSE(result.ok());
    CHECK(SqlStateOf(result.status()) == c.sqlstate);
    if (!c.detail.empty()) CHECK(ToErrorInfo(result.status()).detail == c.detail);
  }
  // Extensions before the proof are allowed; they are part of the signed
  // message, so adding one breaks the proof (a password failure, not a crash).
  ScramServerExchange server = RfcServerAfterFirst();
  auto extended = server.ClientFinal(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,x=ext,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  REQUIRE_FALSE(extended.ok());
  CHECK(SqlStateOf(extended.status()) == "28P01");
}

TEST_CASE("malformed client-first-messages are rejected") {
  struct Case {
    std::string message;
    std::string sqlstate;
    std::string message_text;
  };
  std::vector<Case> cases = {
      {"", "08P01", "malformed SCRAM message"},
      {"x,,n=,r=a", "08P01", "malformed SCRAM message"},
      {"p=tls-server-end-point,,n=,r=a", "08P01", "malformed SCRAM message"},
      {"n", "08P01", "malformed SCRAM message"},
      {"n;,n=,r=a", "08P01", "malformed SCRAM message"},
      {"n,a=admin,n=,r=a", "0A000", "client uses authorization identity, but it is not supported"},
      {"n,,m=ext,n=,r=a", "0A000", "client requires an unsupported SCRAM extension"},
      {"n,,n=", "08P01", "malformed SCRAM message"},       // no nonce
      {"n,,n=,r=", "08P01", "malformed SCRAM message"},    // empty nonce
      {"n,,r=a", "08P01", "malformed SCRAM message"},      // no user name attribute
      {"n,,n=,r=a b", "08P01", "malformed SCRAM message"}, // non-printable nonce
      {"n,,n=,r=a,7", "08P01", "malformed SCRAM message"}, // bad extension
      {std::string("n,,n=,r=a\0", 10), "08P01", "malformed SCRAM message"},
  };
  auto verifier = RfcVerifier();
  for (const auto& c : cases) {
    INFO(c.message);
    ScramServerExchange server(verifier);
    auto result = server.ClientFirst(c.message);
    REQUIRE_FALSE(result.ok());
    CHECK(SqlStateOf(result.status()) == c.sqlstate);
    CHECK(MessageOf(result.status()) == c.message_text);
    // A failed exchange stays failed.
    CHECK_FALSE(server.ClientFinal(kRfcClientFinal).ok());
  }
  ScramServerExchange fresh(verifier);
  auto early = fresh.ClientFinal(kRfcClientFinal);  // final before first
  REQUIRE_FALSE(early.ok());
  CHECK(SqlStateOf(early.status()) == "08P01");
  ScramServerExchange accepting(verifier, "srv");
  auto with_extension = accepting.ClientFirst("y,,n=someone,r=abc,x=ignored");
  REQUIRE(with_extension.ok());
  CHECK(with_extension->rfind("r=abcsrv,s=", 0) == 0);
}

TEST_CASE("the client side rejects bad server-first-messages") {
  for (std::string bad : {"", "r=other,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                          "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",  // nonce not extended
                          "r=rOprNGfwEbeRWgbNEkqOx,s=!!!!,i=4096", "r=rOprNGfwEbeRWgbNEkqOx,s=,i=4096",
                          "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
                          "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-1",
                          "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000",
                          "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==",
                          "m=x,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1"}) {
    INFO(bad);
    ScramClientExchange client(kRfcPassword, kRfcClientNonce);
    auto result = client.ClientFinal(bad);
    REQUIRE_FALSE(result.ok());
    CHECK(SqlStateOf(result.status()) == "08P01");
  }
  // User names are escaped as RFC 5802 asks.
  CHECK(ScramClientExchange("pw", "n", "a=b,c").ClientFirst() == "n,,n=a=3Db=2Cc,r=n");
}

TEST_CASE("verifiers and plaintext passwords") {
  std::string v = MakeScramVerifier("hunter2");
  CHECK(v.rfind("SCRAM-SHA-256$4096:", 0) == 0);
  CHECK(MakeScramVerifier("hunter2") != v);  // random salt
  auto parsed = ParseScramVerifier(v);
  REQUIRE(parsed.ok());
  CHECK(parsed->iterations == 4096);
  CHECK(parsed->salt.size() == 16);
  CHECK(parsed->stored_key.size() == 32);
  CHECK(parsed->server_key.size() == 32);
  CHECK(PlaintextPasswordMatches(v, "hunter2"));
  CHECK_FALSE(PlaintextPasswordMatches(v, "hunter3"));
  CHECK_FALSE(PlaintextPasswordMatches(v, ""));
  CHECK(PlaintextPasswordMatches("plain", "plain"));
  CHECK_FALSE(PlaintextPasswordMatches("plain", "plai"));
  CHECK_FALSE(PlaintextPasswordMatches("plain", "plain "));
  CHECK(PlaintextPasswordMatches("", ""));
  CHECK(ParseScramVerifier(MakeScramVerifier("x", "salt", 1))->iterations == 1);
  CHECK(ParseScramVerifier(MakeScramVerifier("x", "salt", 0))->iterations == 1);  // raised to 1

  // Computed independently (Python's hashlib) for password "builder" and
  // salt "saltsaltsaltsalt"; tests/scenarios/auth/users.txt uses it.
  const std::string builder =
      "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$Spez8sqKolxLKwP+DG8TFIYfbrk9fY57HFUaIjrsO+s=:"
      "OLR4ep1P7/lCmQC0b/Kn4ani8ISOAd3GcAT5JywE+Ng=";
  CHECK(MakeScramVerifier("builder", "saltsaltsaltsalt", 4096) == builder);
  CHECK(PlaintextPasswordMatches(builder, "builder"));

  const std::string keys = "$Spez8sqKolxLKwP+DG8TFIYfbrk9fY57HFUaIjrsO+s=:OLR4ep1P7/lCmQC0b/Kn4ani8ISOAd3GcAT5JywE+Ng=";
  for (std::string bad : {std::string("md5abc"), std::string("SCRAM-SHA-256$x:y$z:w"),
                          "SCRAM-SHA-256$0:c2FsdA==" + keys, "SCRAM-SHA-256$-1:c2FsdA==" + keys,
                          "SCRAM-SHA-256$4096:" + keys, "SCRAM-SHA-256$4096:====" + keys,
                          "SCRAM-SHA-256$4096:c2FsdA=" + keys, "SCRAM-SHA-256$4096:c2FsdA==" + keys + "x",
                          std::string("SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA"), std::string("SCRAM-SHA-256$"),
                          "SCRAM-SHA-256$4096$c2FsdA==" + keys}) {
    INFO(bad);
    CHECK_FALSE(ParseScramVerifier(bad).ok());
    // A malformed verifier is treated as a plaintext password: only itself matches.
    CHECK(PlaintextPasswordMatches(bad, bad));
    CHECK_FALSE(PlaintextPasswordMatches(bad, "builder"));
  }
}

TEST_CASE("random and mutated SCRAM messages never crash the server") {
  std::mt19937 rng(5802);
  const std::string alphabet("nyparmcsiv=,+/ABZ019%$\0\x80", 24);
  int first_ok = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string message;
    if (i % 3 == 0) {
      message = std::string(kRfcClientFinal);
    } else if (i % 3 == 1) {
      message = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    } else {
      size_t n = rng() % 40;
      for (size_t k = 0; k < n; ++k) message.push_back(alphabet[rng() % alphabet.size()]);
    }
    // A few random edits.
    for (int e = 0; e < 1 + static_cast<int>(rng() % 3) && !message.empty(); ++e) {
      message[rng() % message.size()] = alphabet[rng() % alphabet.size()];
    }
    ScramServerExchange first_side(RfcVerifier(), kRfcServerNonce);
    auto first = first_side.ClientFirst(message);
    if (first.ok()) {
      ++first_ok;
      CHECK(first->rfind("r=", 0) == 0);
    } else {
      std::string code = SqlStateOf(first.status());
      CHECK((code == "08P01" || code == "0A000"));
    }
    ScramServerExchange final_side = RfcServerAfterFirst();
    auto final_result = final_side.ClientFinal(message);
    if (final_result.ok()) {
      // Only an edit that left the message as it was can authenticate.
      CHECK(message == kRfcClientFinal);
    } else {
      std::string code = SqlStateOf(final_result.status());
      CHECK((code == "08P01" || code == "28P01"));
    }
  }
  // Most are rejected; edits that keep the structure (a different nonce
  // character, say) are accepted. The point is that nothing crashed.
  CHECK(first_ok > 10);
}
