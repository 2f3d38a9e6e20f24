// The protocol codec: every message both ways, exact bytes for a few, and
// truncated, malformed and random input that must fail cleanly.
#include <catch2/catch.hpp>

#include <random>

#include "pgwire/codec.h"

using namespace freshet;
using namespace freshet::pgwire;

namespace {

// Splits a writer's output into (tag, body) messages.
std::vector<std::pair<char, std::string>> Split(std::string_view data) {
  std::vector<std::pair<char, std::string>> out;
  while (data.size() >= 5) {
    auto h = DecodeHeader(data.data(), 1 << 30);
    REQUIRE(h.ok());
    out.emplace_back(h->tag, std::string(data.substr(5, h->body_len)));
    data.remove_prefix(5 + h->body_len);
  }
  REQUIRE(data.empty());
  return out;
}

template <typename T>
T OneFrontend(const FrontendWriter& w) {
  auto msgs = Split(w.data());
  REQUIRE(msgs.size() == 1);
  auto m = DecodeFrontend(msgs[0].first, msgs[0].second);
  REQUIRE(m.ok());
  REQUIRE(std::holds_alternative<T>(*m));
  return std::get<T>(*m);
}

template <typename T>
T OneBackend(const BackendWriter& w) {
  auto msgs = Split(w.data());
  REQUIRE(msgs.size() == 1);
  auto m = DecodeBackend(msgs[0].first, msgs[0].second);
  REQUIRE(m.ok());
  REQUIRE(std::holds_alternative<T>(*m));
  return std::get<T>(*m);
}

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

}  // namespace

TEST_CASE("exact bytes of well-known messages") {
  BackendWriter w;
  w.ReadyForQuery('I');
  CHECK(std::string(w.data()) == Bytes({'Z', 0, 0, 0, 5, 'I'}));
  w.Clear();
  w.AuthenticationOk();
  CHECK(std::string(w.data()) == Bytes({'R', 0, 0, 0, 8, 0, 0, 0, 0}));
  FrontendWriter f;
  f.SslRequest();
  CHECK(std::string(f.data()) == Bytes({0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}));
}

TEST_CASE("startup packets") {
  FrontendWriter f;
  f.Startup({{"user", "materialize"}, {"database", "db"}, {"application_name", "psql"}});
  std::string data(f.data());
  auto len = DecodeStartupLength(data.data(), 10000);
  REQUIRE(len.ok());
  CHECK(*len == data.size());
  auto req = DecodeStartupPacket(std::string_view(data).substr(4));
  REQUIRE(req.ok());
  const auto& m = std::get<StartupMessage>(*req);
  CHECK(m.major == 3);
  CHECK(m.minor == 0);
  REQUIRE(m.params.size() == 3);
  CHECK(m.params[0] == std::make_pair(std::string("user"), std::string("materialize")));

  f.Clear();
  f.CancelRequest(42, -7);
  auto cancel = DecodeStartupPacket(std::string_view(f.data()).substr(4));
  REQUIRE(cancel.ok());
  CHECK(std::get<CancelRequest>(*cancel).pid == 42);
  CHECK(std::get<CancelRequest>(*cancel).secret_key == -7);

  CHECK(std::holds_alternative<SslRequest>(*DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x2f}))));
  CHECK(std::holds_alternative<GssEncRequest>(*DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x30}))));
}

TEST_CASE("malformed startup packets fail with PostgreSQL's errors") {
  CHECK_FALSE(DecodeStartupLength(Bytes({0, 0, 0, 4}).data(), 10000).ok());
  CHECK_FALSE(DecodeStartupLength(Bytes({0, 1, 0, 0}).data(), 10000).ok());
  auto v2 = DecodeStartupPacket(Bytes({0, 2, 0, 0, 0}));
  REQUIRE_FALSE(v2.ok());
  CHECK(SqlStateOf(v2.status()) == "0A000");
  CHECK(std::string(v2.status().message()) == "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
  auto no_user = DecodeStartupPacket(Bytes({0, 3, 0, 0, 'd', 'a', 't', 'a', 'b', 'a', 's', 'e', 0, 'x', 0, 0}));
  REQUIRE_FALSE(no_user.ok());
  CHECK(SqlStateOf(no_user.status()) == "28000");
  auto unterminated = DecodeStartupPacket(Bytes({0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'x', 0}));
  REQUIRE_FALSE(unterminated.ok());
  CHECK(SqlStateOf(unterminated.status()) == "08P01");
  CHECK_FALSE(DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x2f, 0})).ok());  // SSLRequest with a tail
}

TEST_CASE("every frontend message round-trips") {
  FrontendWriter w;
  w.Query("SELECT 1");
  CHECK(OneFrontend<Query>(w).sql == "SELECT 1");
  w.Clear();
  w.Parse("s1", "SELECT $1", {23, 0});
  auto p = OneFrontend<Parse>(w);
  CHECK(p.name == "s1");
  CHECK(p.query == "SELECT $1");
  CHECK(p.param_type_oids == std::vector<uint32_t>{23, 0});
  w.Clear();
  Bind b{"p1", "s1", {1, 0}, {std::string("\0\1", 2), std::nullopt}, {1}};
  w.Bind(b);
  auto gb = OneFrontend<Bind>(w);
  CHECK(gb.portal == "p1");
  CHECK(gb.statement == "s1");
  CHECK(gb.param_formats == b.param_formats);
  CHECK(gb.params == b.params);
  CHECK(gb.result_formats == b.result_formats);
  w.Clear();
  w.Describe('P', "p1");
  CHECK(OneFrontend<Describe>(w).kind == 'P');
  w.Clear();
  w.Execute("p1", 10);
  CHECK(OneFrontend<Execute>(w).max_rows == 10);
  w.Clear();
  w.Close('S', "s1");
  CHECK(OneFrontend<Close>(w).name == "s1");
  w.Clear();
  w.Sync();
  OneFrontend<Sync>(w);
  w.Clear();
  w.Flush();
  OneFrontend<Flush>(w);
  w.Clear();
  w.Terminate();
  OneFrontend<Terminate>(w);
  w.Clear();
  w.Password("secret");
  CHECK(*DecodePasswordMessage(OneFrontend<PasswordLike>(w).body) == "secret");
  w.Clear();
  w.SaslInitialResponse("SCRAM-SHA-256", "n,,n=,r=abc");
  auto sasl = DecodeSaslInitialResponse(OneFrontend<PasswordLike>(w).body);
  REQUIRE(sasl.ok());
  CHECK(sasl->mechanism == "SCRAM-SHA-256");
  CHECK(sasl->data == std::optional<std::string>("n,,n=,r=abc"));
  w.Clear();
  w.SaslResponse("c=biws");
  CHECK(DecodeSaslResponse(OneFrontend<PasswordLike>(w).body)->data == "c=biws");
}

TEST_CASE("every backend message round-trips") {
  BackendWriter w;
  w.AuthenticationSasl({"SCRAM-SHA-256"});
  CHECK(OneBackend<Authentication>(w).code == 10);
  w.Clear();
  w.AuthenticationSaslContinue("r=x");
  CHECK(OneBackend<Authentication>(w).data == "r=x");
  w.Clear();
  w.AuthenticationSaslFinal("v=y");
  CHECK(OneBackend<Authentication>(w).code == 12);
  w.Clear();
  w.AuthenticationCleartextPassword();
  CHECK(OneBackend<Authentication>(w).code == 3);
  w.Clear();
  w.ParameterStatus("server_version", "9.5.0");
  CHECK(OneBackend<ParameterStatus>(w).value == "9.5.0");
  w.Clear();
  w.BackendKeyData(7, 99);
  CHECK(OneBackend<BackendKeyData>(w).secret_key == 99);
  w.Clear();
  std::vector<FieldDescription> fields = {{"a", 0, 0, 23, 4, -1, 0}, {"b", 0, 0, 25, -1, -1, 1}};
  w.RowDescription(fields);
  CHECK(OneBackend<RowDescription>(w).fields == fields);
  w.Clear();
  w.BeginDataRow(3);
  w.AddField("1");
  w.AddNull();
  w.AddField("");
  w.EndDataRow();
  CHECK(OneBackend<DataRow>(w).values ==
        std::vector<std::optional<std::string>>{std::string("1"), std::nullopt, std::string()});
  w.Clear();
  w.CommandComplete("SELECT 1");
  CHECK(OneBackend<CommandComplete>(w).tag == "SELECT 1");
  w.Clear();
  ErrorInfo e;
  e.code = "22012";
  e.message = "division by zero";
  e.detail = "d";
  e.hint = "h";
  e.position = 8;
  w.ErrorResponse(e);
  auto ge = OneBackend<ErrorResponse>(w).info;
  CHECK(ge.severity == "ERROR");
  CHECK(ge.code == "22012");
  CHECK(ge.message == "division by zero");
  CHECK(ge.detail == "d");
  CHECK(ge.hint == "h");
  CHECK(ge.position == 8);
  w.Clear();
  e.severity = "WARNING";
  w.NoticeResponse(e);
  CHECK(OneBackend<NoticeResponse>(w).info.severity == "WARNING");
  w.Clear();
  w.ParameterDescription({23, 25});
  CHECK(OneBackend<ParameterDescription>(w).type_oids == std::vector<uint32_t>{23, 25});
  w.Clear();
  w.NegotiateProtocolVersion(0, {"_pq_.x"});
  CHECK(OneBackend<NegotiateProtocolVersion>(w).unrecognized == std::vector<std::string>{"_pq_.x"});
  w.Clear();
  w.EmptyQueryResponse();
  w.ParseComplete();
  w.BindComplete();
  w.CloseComplete();
  w.NoData();
  w.PortalSuspended();
  auto msgs = Split(w.data());
  REQUIRE(msgs.size() == 6);
  for (const auto& [tag, body] : msgs) CHECK(DecodeBackend(tag, body).ok());
}

TEST_CASE("every truncation of every frontend message fails cleanly") {
  FrontendWriter w;
  w.Query("SELECT 1");
  w.Parse("s", "SELECT $1", {23});
  w.Bind(Bind{"", "s", {0}, {std::string("5")}, {0}});
  w.Describe('S', "s");
  w.Execute("", 0);
  w.Close('P', "");
  for (const auto& [tag, body] : Split(w.data())) {
    for (size_t n = 0; n < body.size(); ++n) {
      auto m = DecodeFrontend(tag, std::string_view(body).substr(0, n));
      if (tag == 'Q' || tag == 'P' || tag == 'B' || tag == 'D' || tag == 'E' || tag == 'C') {
        CHECK_FALSE(m.ok());
        if (!m.ok()) CHECK(SqlStateOf(m.status()) == "08P01");
      }
    }
    // Trailing garbage is rejected too.
    CHECK_FALSE(DecodeFrontend(tag, body + "x").ok());
  }
}

TEST_CASE("lying counts and lengths do not allocate") {
  // A Bind claiming 32767 parameters in a tiny body.
  std::string body = Bytes({0, 0, 0, 0, 0x7f, 0xff, 0, 0});
  CHECK_FALSE(DecodeFrontend('B', body).ok());
  // A parameter claiming 2 GB.
  body = Bytes({0, 0, 0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff, 0, 0});
  CHECK_FALSE(DecodeFrontend('B', body).ok());
  // A negative length other than -1.
  body = Bytes({0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe, 0, 0});
  CHECK_FALSE(DecodeFrontend('B', body).ok());
  auto huge = DecodeHeader(Bytes({'Q', 0x7f, 0xff, 0xff, 0xff}).data(), 1 << 20);
  REQUIRE_FALSE(huge.ok());
  CHECK(SqlStateOf(huge.status()) == "54000");
  CHECK_FALSE(DecodeHeader(Bytes({'Q', 0, 0, 0, 3}).data(), 1 << 20).ok());
  auto unknown = DecodeFrontend('z', "");
  REQUIRE_FALSE(unknown.ok());
  CHECK(std::string(unknown.status().message()) == "invalid frontend message type 122");
  CHECK_FALSE(DecodeFrontend('D', Bytes({'X', 0})).ok());  // bad Describe kind
}

TEST_CASE("random input never crashes the decoders") {
  std::mt19937 rng(20261125);
  const std::string tags = "QPBDECSHXdcfFpz";
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string body(rng() % 64, '\0');
    for (char& c : body) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng());
    char tag = tags[rng() % tags.size()];
    decoded += DecodeFrontend(tag, body).ok();
    (void)DecodeStartupPacket(body);
    (void)DecodeBackend(static_cast<char>(rng()), body);
    (void)DecodeSaslInitialResponse(body);
  }
  // Some random bodies are valid (Sync with an empty body, CopyData...): the
  // point is that none crashed and the decoders do accept real input.
  CHECK(decoded > 0);
}
