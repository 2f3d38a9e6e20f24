#include <catch2/catch.hpp>

#include "common/error.h"
#include "pgwire/scram.h"

using namespace freshet;
using namespace freshet::pgwire;

TEST_CASE("RFC 7677 test vector") {
  // user "user", password "pencil", from RFC 7677 section 3.
  std::string verifier_text = MakeScramVerifier("pencil", std::string("\x5b\x6d\x99\x68\x9d\x12\x35\x8e\xec\xa0\x4b\x14\x12\x36\xfa\x81", 16), 4096);
  auto verifier = ParseScramVerifier(verifier_text);
  REQUIRE(verifier.ok());
  ScramServerExchange server(*verifier, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  auto server_first = server.ClientFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  REQUIRE(server_first.ok());
  CHECK(*server_first ==
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  auto server_final = server.ClientFinal(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  REQUIRE(server_final.ok());
  CHECK(*server_final == "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
}

TEST_CASE("a full exchange with our client, and wrong passwords") {
  auto verifier = ParseScramVerifier(MakeScramVerifier("s3cret"));
  REQUIRE(verifier.ok());
  for (const char* password : {"s3cret", "wrong"}) {
    ScramServerExchange server(*verifier);
    ScramClientExchange client(password, "clientnonce123");
    auto first = server.ClientFirst(client.ClientFirst());
    REQUIRE(first.ok());
    auto final_msg = client.ClientFinal(*first);
    REQUIRE(final_msg.ok());
    auto server_final = server.ClientFinal(*final_msg);
    if (std::string(password) == "s3cret") {
      REQUIRE(server_final.ok());
      CHECK(client.ServerFinal(*server_final).ok());
    } else {
      REQUIRE_FALSE(server_final.ok());
      CHECK(SqlStateOf(server_final.status()) == "28P01");
    }
  }
}

TEST_CASE("tampered and malformed messages are rejected") {
  auto verifier = ParseScramVerifier(MakeScramVerifier("pw"));
  REQUIRE(verifier.ok());
  ScramServerExchange server(*verifier);
  ScramClientExchange client("pw", "abc");
  auto first = server.ClientFirst(client.ClientFirst());
  REQUIRE(first.ok());
  auto final_msg = client.ClientFinal(*first);
  REQUIRE(final_msg.ok());
  std::string tampered = *final_msg;
  tampered.replace(tampered.find("r=abc"), 5, "r=abd");
  CHECK_FALSE(server.ClientFinal(tampered).ok());

  ScramServerExchange fresh(*verifier);
  CHECK_FALSE(fresh.ClientFinal("c=biws,r=x,p=AAAA").ok());  // final before first
  CHECK_FALSE(fresh.ClientFirst("").ok());
  CHECK_FALSE(fresh.ClientFirst("x,,n=,r=a").ok());
  CHECK_FALSE(fresh.ClientFirst("p=tls-server-end-point,,n=,r=a").ok());
  CHECK_FALSE(fresh.ClientFirst("n,,n=").ok());  // no nonce
  CHECK(fresh.ClientFirst("y,,n=,r=a").ok());    // 'y' is accepted
}

TEST_CASE("verifiers and plaintext passwords") {
  std::string v = MakeScramVerifier("hunter2");
  CHECK(v.rfind("SCRAM-SHA-256$4096:", 0) == 0);
  CHECK(PlaintextPasswordMatches(v, "hunter2"));
  CHECK_FALSE(PlaintextPasswordMatches(v, "hunter3"));
  CHECK(PlaintextPasswordMatches("plain", "plain"));
  CHECK_FALSE(PlaintextPasswordMatches("plain", "plai"));
  CHECK_FALSE(ParseScramVerifier("SCRAM-SHA-256$x:y$z:w").ok());
  CHECK_FALSE(ParseScramVerifier("md5abc").ok());
  // Computed independently (Python's hashlib) for password "builder" and
  // salt "saltsaltsaltsalt"; tests/scenarios/auth/users.txt uses it.
  CHECK(MakeScramVerifier("builder", "saltsaltsaltsalt", 4096) ==
        "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$Spez8sqKolxLKwP+DG8TFIYfbrk9fY57HFUaIjrsO+s=:"
        "OLR4ep1P7/lCmQC0b/Kn4ani8ISOAd3GcAT5JywE+Ng=");
}
