// MessageReader over byte streams cut anywhere, and randomized input (fixed
// seeds) for every decoder: nothing may crash, and whatever decodes must
// encode back to the very same bytes.
#include <catch2/catch.hpp>

#include <random>

#include "common/error.h"
#include "pgwire/codec.h"
#include "pgwire/message_reader.h"
#include "wire_test_util.h"

using namespace freshet;
using namespace freshet::pgwire;
using namespace freshet::pgwire::testing;

namespace {

constexpr uint32_t kMaxMessage = 1 << 20;

// A client's side of a session: SSLRequest, startup, then a bit of everything.
std::string SampleSession() {
  FrontendWriter w;
  w.SslRequest();
  w.Startup({{"user", "materialize"}, {"database", "materialize"}});
  w.Password("pw");
  w.Query("SELECT 1");
  w.Parse("s", "SELECT $1", {23});
  w.Bind(Bind{"p", "s", {0}, {std::string("42"), std::nullopt}, {1}});
  w.Describe('P', "p");
  w.Execute("p", 0);
  w.Close('S', "s");
  w.Sync();
  w.CopyData(std::string(300, 'x'));
  w.CopyDone();
  w.FunctionCall(FunctionCall{1, {}, {}, 0});
  w.Flush();
  w.Terminate();
  return w.Take();
}

// Drains every complete message; stops at nullopt or at an error.
absl::Status Drain(MessageReader& reader, std::vector<IncomingMessage>& out) {
  for (;;) {
    auto next = reader.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) return absl::OkStatus();
    out.push_back(**std::move(next));
  }
}

std::string RandomBytes(std::mt19937& rng, size_t max_len) {
  std::string s(rng() % (max_len + 1), '\0');
  // Plenty of NULs and small values, so strings and counts are often plausible.
  for (char& c : s) {
    unsigned r = rng();
    c = static_cast<char>(r % 3 == 0 ? 0 : r % 3 == 1 ? (r >> 8) % 4 : r >> 8);
  }
  return s;
}

// `s` with a few random edits: byte flips, cuts, insertions.
std::string Mutate(std::mt19937& rng, std::string s) {
  int edits = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < edits; ++i) {
    switch (rng() % 4) {
      case 0:
        if (!s.empty()) s[rng() % s.size()] = static_cast<char>(rng());
        break;
      case 1:
        if (!s.empty()) s.resize(rng() % s.size());
        break;
      case 2:
        s.insert(s.begin() + static_cast<long>(rng() % (s.size() + 1)), static_cast<char>(rng() % 3 == 0 ? 0 : rng()));
        break;
      default:
        if (!s.empty()) s[rng() % s.size()] = static_cast<char>(s[rng() % s.size()] ^ (1 << (rng() % 8)));
        break;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("MessageReader: a session fed whole, byte by byte and in random pieces") {
  std::string session = SampleSession();
  MessageReader whole(kMaxMessage);
  whole.Append(session);
  std::vector<IncomingMessage> expected;
  REQUIRE(Drain(whole, expected).ok());
  REQUIRE(expected.size() == 15);
  CHECK(std::holds_alternative<SslRequest>(std::get<StartupRequest>(expected[0])));
  CHECK(std::get<StartupMessage>(std::get<StartupRequest>(expected[1])).params[0].second == "materialize");
  CHECK(std::get<PasswordLike>(std::get<FrontendMessage>(expected[2])).body == std::string("pw\0", 3));
  CHECK(std::get<Query>(std::get<FrontendMessage>(expected[3])).sql == "SELECT 1");
  CHECK(std::holds_alternative<Terminate>(std::get<FrontendMessage>(expected[14])));
  CHECK(whole.buffered() == 0);
  CHECK_FALSE(whole.expecting_startup());

  MessageReader bytewise(kMaxMessage);
  std::vector<IncomingMessage> got;
  for (char c : session) {
    bytewise.Append(std::string_view(&c, 1));
    REQUIRE(Drain(bytewise, got).ok());  // every prefix: "need more bytes", never an error
  }
  CHECK(got.size() == expected.size());
  // The variants hold ErrorInfo-free types only, so == compares everything.
  CHECK(got == expected);

  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    MessageReader pieces(kMaxMessage);
    got.clear();
    for (size_t pos = 0; pos < session.size();) {
      size_t n = std::min<size_t>(session.size() - pos, 1 + rng() % 40);
      pieces.Append(std::string_view(session).substr(pos, n));
      pos += n;
      REQUIRE(Drain(pieces, got).ok());
    }
    CHECK(got == expected);
  }
}

TEST_CASE("MessageReader: startup phase transitions") {
  FrontendWriter w;
  MessageReader reader(kMaxMessage);
  CHECK(reader.expecting_startup());
  w.GssEncRequest();
  reader.Append(w.Take());
  auto m = reader.Next();
  REQUIRE(m.ok());
  REQUIRE(m->has_value());
  CHECK(std::holds_alternative<GssEncRequest>(std::get<StartupRequest>(**m)));
  CHECK(reader.expecting_startup());  // the client sends another packet next

  // Data sent along with an SSLRequest stays buffered, for the caller to refuse.
  w.SslRequest();
  w.Query("sneaky");
  reader.Append(w.Take());
  m = reader.Next();
  REQUIRE(m.ok());
  CHECK(std::holds_alternative<SslRequest>(std::get<StartupRequest>(**m)));
  CHECK(reader.buffered() == 12);

  // A fresh stream after TLS: start over.
  MessageReader tls(kMaxMessage);
  w.Startup({{"user", "u"}});
  w.Query("SELECT 1");
  tls.Append(w.Take());
  std::vector<IncomingMessage> got;
  REQUIRE(Drain(tls, got).ok());
  REQUIRE(got.size() == 2);
  CHECK_FALSE(tls.expecting_startup());
  tls.ExpectStartup();
  CHECK(tls.expecting_startup());
  w.CancelRequest(1, 2);
  tls.Append(w.Take());
  got.clear();
  REQUIRE(Drain(tls, got).ok());
  REQUIRE(got.size() == 1);
  CHECK(std::get<CancelRequest>(std::get<StartupRequest>(got[0])) == CancelRequest{1, 2});
  tls.ExpectStartup(false);
  w.Sync();
  tls.Append(w.Take());
  got.clear();
  REQUIRE(Drain(tls, got).ok());
  CHECK(std::holds_alternative<Sync>(std::get<FrontendMessage>(got.at(0))));
}

TEST_CASE("MessageReader: errors are detected early and are sticky") {
  // An oversized message fails on its header, before the body arrives.
  MessageReader reader(100);
  reader.ExpectStartup(false);
  reader.Append(Bytes({'Q', 0, 0, 1, 0}));
  auto m = reader.Next();
  REQUIRE_FALSE(m.ok());
  CHECK(SqlStateOf(m.status()) == "54000");
  reader.Append("more bytes");
  CHECK(reader.buffered() == 0);
  auto again = reader.Next();
  REQUIRE_FALSE(again.ok());
  CHECK(again.status() == m.status());

  // A startup packet's length is checked before it is complete.
  MessageReader startup(kMaxMessage);
  startup.Append(Bytes({0, 1, 0, 0}));
  CHECK(MessageOf(startup.Next().status()) == "invalid length of startup packet");
  MessageReader v2(kMaxMessage);
  v2.Append(Bytes({0, 0, 0, 8, 0, 2, 0, 0}));
  CHECK(SqlStateOf(v2.Next().status()) == "0A000");

  // A complete but malformed message, after a good one.
  MessageReader bad(kMaxMessage);
  bad.ExpectStartup(false);
  FrontendWriter w;
  w.Sync();
  bad.Append(w.Take());
  bad.Append(Bytes({'Q', 0, 0, 0, 6, 'x', 'y'}));  // no NUL
  m = bad.Next();
  REQUIRE(m.ok());
  CHECK(std::holds_alternative<Sync>(std::get<FrontendMessage>(**m)));
  m = bad.Next();
  REQUIRE_FALSE(m.ok());
  CHECK(MessageOf(m.status()) == "invalid string in message");
  CHECK_FALSE(bad.Next().ok());
}

TEST_CASE("random bytes never crash the decoders") {
  std::mt19937 rng(20261125);
  const std::string tags = "QPBDECSHXdcfFp";
  int frontend_ok = 0, startup_ok = 0, backend_ok = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string body = RandomBytes(rng, 48);
    char tag = tags[rng() % tags.size()];
    auto m = DecodeFrontend(tag, body);
    if (m.ok()) {
      ++frontend_ok;
      // Whatever decodes is canonical: it encodes back to the same message.
      auto msgs = SplitMessages(Encode(*m));
      REQUIRE(msgs.size() == 1);
      CHECK(msgs[0].first == tag);
      CHECK(msgs[0].second == body);
    } else {
      CHECK_FALSE(SqlStateOf(m.status()).empty());
    }
    // Startup packets: half of them with a valid 3.0 code and user in front.
    std::string startup = (rng() % 2 ? Bytes({0, 3, 0, 0}) + std::string("user\0u\0", 7) : std::string()) + body;
    auto s = DecodeStartupPacket(startup);
    if (s.ok()) {
      ++startup_ok;
    } else {
      std::string code = SqlStateOf(s.status());
      CHECK((code == "08P01" || code == "0A000" || code == "28000"));
    }
    auto b = DecodeBackend(static_cast<char>(rng()), body);
    if (b.ok()) {
      ++backend_ok;
    } else {
      CHECK(SqlStateOf(b.status()) == "08P01");
    }
    auto password = DecodePasswordMessage(body);
    if (password.ok()) CHECK(password->size() + 1 == body.size());
    auto sasl = DecodeSaslInitialResponse(body);
    if (sasl.ok()) CHECK(sasl->mechanism.size() + 5 + (sasl->data ? sasl->data->size() : 0) == body.size());
  }
  // Some random bodies are valid (Sync with an empty body, CopyData, ...):
  // the decoders accept real input too, not only reject.
  CHECK(frontend_ok > 100);
  CHECK(backend_ok > 10);
  CHECK(startup_ok > 0);
}

TEST_CASE("mutated valid messages decode canonically or fail cleanly") {
  std::mt19937 rng(42);
  FrontendWriter w;
  w.Query("SELECT 1");
  w.Parse("s", "SELECT $1, $2", {23, 25});
  w.Bind(Bind{"p", "s", {0, 1}, {std::string("42"), std::nullopt}, {1}});
  w.Describe('S', "s");
  w.Execute("p", 5);
  w.Close('P', "p");
  w.CopyFail("no");
  w.FunctionCall(FunctionCall{1, {1}, {std::string("ab")}, 1});
  auto originals = SplitMessages(w.data());
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 4000; ++i) {
    const auto& [tag, body] = originals[rng() % originals.size()];
    std::string mutated = Mutate(rng, body);
    auto m = DecodeFrontend(tag, mutated);
    if (!m.ok()) {
      CHECK(SqlStateOf(m.status()) == "08P01");
      ++rejected;
      continue;
    }
    ++accepted;
    auto msgs = SplitMessages(Encode(*m));
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].second == mutated);
  }
  CHECK(accepted > 50);
  CHECK(rejected > 1000);
}

TEST_CASE("MessageReader survives random streams") {
  std::mt19937 rng(99);
  std::string session = SampleSession();
  int errors = 0, messages = 0;
  for (int round = 0; round < 1000; ++round) {
    MessageReader reader(1 << 12);
    // Half pure noise, half a real session with a few edits.
    std::string stream = round % 2 ? RandomBytes(rng, 200) : Mutate(rng, session);
    if (rng() % 3 == 0) reader.ExpectStartup(false);
    size_t appended = 0;
    absl::Status status;
    std::vector<IncomingMessage> got;
    for (size_t pos = 0; pos < stream.size() && status.ok();) {
      size_t n = std::min<size_t>(stream.size() - pos, 1 + rng() % 64);
      reader.Append(std::string_view(stream).substr(pos, n));
      appended += n;
      pos += n;
      CHECK(reader.buffered() <= appended);
      status = Drain(reader, got);
    }
    messages += static_cast<int>(got.size());
    if (!status.ok()) {
      ++errors;
      CHECK_FALSE(SqlStateOf(status).empty());
      CHECK(reader.Next().status() == status);  // sticky
    }
  }
  CHECK(errors > 100);
  CHECK(messages > 1000);
}
