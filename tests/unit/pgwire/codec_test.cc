// The protocol codec: every message both ways, exact bytes for a few (from
// the "Message Formats" chapter of the PostgreSQL manual), and truncated and
// malformed input that must fail cleanly, cheaply and with PostgreSQL's words.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

#include "common/error.h"
#include "pgwire/codec.h"
#include "wire_test_util.h"

using namespace freshet;
using namespace freshet::pgwire;
using namespace freshet::pgwire::testing;

// ---- Allocation tracking: the largest single allocation while enabled, so a
// test can prove that a lying length or count allocates nothing big.
// AddressSanitizer owns operator new, so under it the bound is not measured
// (kTracking is false and the check is skipped); ASan checks the rest.
namespace {
bool g_track_allocations = false;
size_t g_largest_allocation = 0;
}  // namespace

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kTracking = false;
#else
constexpr bool kTracking = true;
// Every form is replaced, so each new/delete pair meets in malloc/free.
void* operator new(std::size_t size) {
  if (g_track_allocations && size > g_largest_allocation) g_largest_allocation = size;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace {

// The largest allocation `fn` makes (0 when not measured).
template <typename Fn>
size_t LargestAllocation(Fn fn) {
  g_largest_allocation = 0;
  g_track_allocations = true;
  fn();
  g_track_allocations = false;
  return g_largest_allocation;
}

template <typename T>
T OneFrontend(const FrontendWriter& w) {
  auto msgs = SplitMessages(w.data());
  REQUIRE(msgs.size() == 1);
  auto m = DecodeFrontend(msgs[0].first, msgs[0].second);
  REQUIRE(m.ok());
  REQUIRE(std::holds_alternative<T>(*m));
  return std::get<T>(*m);
}

template <typename T>
T OneBackend(const BackendWriter& w) {
  auto msgs = SplitMessages(w.data());
  REQUIRE(msgs.size() == 1);
  auto m = DecodeBackend(msgs[0].first, msgs[0].second);
  REQUIRE(m.ok());
  REQUIRE(std::holds_alternative<T>(*m));
  return std::get<T>(*m);
}

StartupRequest OneStartup(const FrontendWriter& w) {
  std::string_view data = w.data();
  REQUIRE(data.size() >= 4);
  auto len = DecodeStartupLength(data.data());
  REQUIRE(len.ok());
  REQUIRE(*len == data.size());
  auto request = DecodeStartupPacket(data.substr(4));
  REQUIRE(request.ok());
  return *request;
}

// A startup packet body: protocol code then raw bytes.
std::string StartupBody(int major, int minor, std::string_view params) {
  std::string s = Bytes({0, major, (minor >> 8) & 0xff, minor & 0xff});
  s.append(params);
  return s;
}

ErrorInfo SampleError() {
  ErrorInfo e;
  e.code = "22012";
  e.message = "division by zero";
  e.detail = "d";
  e.hint = "h";
  e.position = 8;
  return e;
}

}  // namespace

TEST_CASE("exact bytes of well-known messages") {
  BackendWriter b;
  b.ReadyForQuery('I');
  CHECK(std::string(b.data()) == Bytes({'Z', 0, 0, 0, 5, 'I'}));
  b.Clear();
  b.AuthenticationOk();
  CHECK(std::string(b.data()) == Bytes({'R', 0, 0, 0, 8, 0, 0, 0, 0}));
  b.Clear();
  b.AuthenticationSasl({"SCRAM-SHA-256"});
  CHECK(std::string(b.data()) == Bytes({'R', 0, 0, 0, 23, 0, 0, 0, 10}) + std::string("SCRAM-SHA-256\0\0", 15));
  b.Clear();
  b.BeginDataRow(2);
  b.AddField("42");
  b.AddNull();
  b.EndDataRow();
  CHECK(std::string(b.data()) == Bytes({'D', 0, 0, 0, 16, 0, 2, 0, 0, 0, 2, '4', '2', 0xff, 0xff, 0xff, 0xff}));
  b.Clear();
  b.CommandComplete("SELECT 1");
  CHECK(std::string(b.data()) == Bytes({'C', 0, 0, 0, 13}) + std::string("SELECT 1\0", 9));
  b.Clear();
  ErrorInfo e;
  e.code = "42601";
  e.message = "x";
  b.ErrorResponse(e);
  CHECK(std::string(b.data()) == Bytes({'E', 0, 0, 0, 29}) + std::string("SERROR\0VERROR\0C42601\0Mx\0\0", 25));

  FrontendWriter f;
  f.SslRequest();
  CHECK(std::string(f.data()) == Bytes({0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}));
  f.Clear();
  f.GssEncRequest();
  CHECK(std::string(f.data()) == Bytes({0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30}));
  f.Clear();
  f.CancelRequest(0x01020304, -1);
  CHECK(std::string(f.data()) ==
        Bytes({0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff}));
  f.Clear();
  f.Startup({{"user", "u"}});
  CHECK(std::string(f.data()) == Bytes({0, 0, 0, 16, 0, 3, 0, 0}) + std::string("user\0u\0\0", 8));
  f.Clear();
  f.Sync();
  CHECK(std::string(f.data()) == Bytes({'S', 0, 0, 0, 4}));
  f.Clear();
  f.Query("SELECT 1");
  CHECK(std::string(f.data()) == Bytes({'Q', 0, 0, 0, 13}) + std::string("SELECT 1\0", 9));
}

TEST_CASE("writers: Take and Clear") {
  BackendWriter b;
  b.NoData();
  CHECK(b.size() == 5);
  std::string taken = b.Take();
  CHECK(taken == Bytes({'n', 0, 0, 0, 4}));
  CHECK(b.size() == 0);
  b.BindComplete();
  CHECK(std::string(b.data()) == Bytes({'2', 0, 0, 0, 4}));
  b.Clear();
  CHECK(b.data().empty());
  FrontendWriter f;
  f.Flush();
  CHECK(f.Take() == Bytes({'H', 0, 0, 0, 4}));
  CHECK(f.size() == 0);
}

TEST_CASE("startup packets round-trip") {
  FrontendWriter f;
  std::vector<std::pair<std::string, std::string>> params = {
      {"user", "materialize"}, {"database", "db"}, {"options", "-c x=1"}, {"application_name", ""}};
  f.Startup(params);
  auto startup = std::get<StartupMessage>(OneStartup(f));
  CHECK(startup == StartupMessage{3, 0, params});
  CHECK(ProtocolOptions(startup).empty());

  f.Clear();
  f.Startup({{"user", "u"}, {"_pq_.compression", "on"}}, 2);
  startup = std::get<StartupMessage>(OneStartup(f));
  CHECK(startup.minor == 2);
  CHECK(ProtocolOptions(startup) == std::vector<std::string>{"_pq_.compression"});

  f.Clear();
  f.CancelRequest(42, -7);
  CHECK(std::get<CancelRequest>(OneStartup(f)) == CancelRequest{42, -7});
  f.Clear();
  f.SslRequest();
  CHECK(std::holds_alternative<SslRequest>(OneStartup(f)));
  f.Clear();
  f.GssEncRequest();
  CHECK(std::holds_alternative<GssEncRequest>(OneStartup(f)));
}

TEST_CASE("malformed startup packets fail with PostgreSQL's errors") {
  CHECK(SqlStateOf(DecodeStartupLength(Bytes({0, 0, 0, 7}).data()).status()) == "08P01");
  CHECK(MessageOf(DecodeStartupLength(Bytes({0, 0, 0, 4}).data()).status()) == "invalid length of startup packet");
  CHECK(DecodeStartupLength(Bytes({0, 0, 0, 8}).data()).ok());
  CHECK(DecodeStartupLength(Bytes({0, 0, 0x27, 0x10}).data()).ok());  // 10000
  CHECK_FALSE(DecodeStartupLength(Bytes({0, 0, 0x27, 0x11}).data()).ok());
  CHECK_FALSE(DecodeStartupLength(Bytes({0xff, 0xff, 0xff, 0xff}).data()).ok());
  CHECK_FALSE(DecodeStartupLength(Bytes({0, 0, 1, 0}).data(), 100).ok());

  auto v2 = DecodeStartupPacket(StartupBody(2, 0, std::string("user\0u\0\0", 8)));
  REQUIRE_FALSE(v2.ok());
  CHECK(SqlStateOf(v2.status()) == "0A000");
  CHECK(MessageOf(v2.status()) == "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
  auto v4 = DecodeStartupPacket(StartupBody(4, 1, ""));
  REQUIRE_FALSE(v4.ok());
  CHECK(MessageOf(v4.status()) == "unsupported frontend protocol 4.1: server supports 3.0 to 3.0");
  // 1234.5681: a special code PostgreSQL does not know either.
  CHECK(MessageOf(DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x31})).status()) ==
        "unsupported frontend protocol 1234.5681: server supports 3.0 to 3.0");

  for (std::string params : {std::string("database\0x\0\0", 12), std::string("user\0\0\0", 7)}) {
    auto no_user = DecodeStartupPacket(StartupBody(3, 0, params));
    REQUIRE_FALSE(no_user.ok());
    CHECK(SqlStateOf(no_user.status()) == "28000");
    CHECK(MessageOf(no_user.status()) == "no PostgreSQL user name specified in startup packet");
  }

  const std::string layout = "invalid startup packet layout: expected terminator as last byte";
  for (std::string params : {std::string(), std::string("user\0u\0", 7), std::string("user\0u\0\0x", 9),
                             std::string("user\0u\0\0\0", 9), std::string("user\0u", 6), std::string("user", 4)}) {
    auto bad = DecodeStartupPacket(StartupBody(3, 0, params));
    REQUIRE_FALSE(bad.ok());
    CHECK(SqlStateOf(bad.status()) == "08P01");
    CHECK(MessageOf(bad.status()) == layout);
  }
  // Fixed-size requests with a tail or cut short.
  CHECK_FALSE(DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x2f, 0})).ok());
  CHECK_FALSE(DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x30, 0})).ok());
  CHECK_FALSE(DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1, 0, 0, 0})).ok());
  CHECK_FALSE(DecodeStartupPacket(Bytes({0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1, 0, 0, 0, 2, 0})).ok());
  CHECK_FALSE(DecodeStartupPacket(Bytes({0, 3, 0})).ok());
  CHECK_FALSE(DecodeStartupPacket("").ok());
}

TEST_CASE("every frontend message round-trips") {
  FrontendWriter w;
  w.Query("SELECT 1");
  CHECK(OneFrontend<Query>(w) == Query{"SELECT 1"});
  w.Clear();
  w.Query("");
  CHECK(OneFrontend<Query>(w) == Query{""});
  w.Clear();
  w.Parse("s1", "SELECT $1, $2", {23, 0, 0xffffffffu});
  CHECK(OneFrontend<Parse>(w) == Parse{"s1", "SELECT $1, $2", {23, 0, 0xffffffffu}});
  w.Clear();
  w.Parse("", "", {});
  CHECK(OneFrontend<Parse>(w) == Parse{});

  Bind bind{"p1", "s1", {1, 0, -3}, {std::string("\0\1", 2), std::nullopt, std::string()}, {1, 0}};
  w.Clear();
  w.Bind(bind);
  Bind got = OneFrontend<Bind>(w);
  CHECK(got == bind);
  CHECK(got.params[2].has_value());  // empty string, not NULL
  w.Clear();
  w.Bind(Bind{});
  CHECK(OneFrontend<Bind>(w) == Bind{});
  // More parameters than a signed int16 holds (PostgreSQL allows 65535).
  Bind many;
  many.params.assign(40000, std::nullopt);
  w.Clear();
  w.Bind(many);
  CHECK(OneFrontend<Bind>(w).params.size() == 40000);

  w.Clear();
  w.Describe('P', "p1");
  CHECK(OneFrontend<Describe>(w) == Describe{'P', "p1"});
  w.Clear();
  w.Describe('S', "");
  CHECK(OneFrontend<Describe>(w) == Describe{'S', ""});
  w.Clear();
  w.Execute("p1", 10);
  CHECK(OneFrontend<Execute>(w) == Execute{"p1", 10});
  w.Clear();
  w.Execute("", -1);
  CHECK(OneFrontend<Execute>(w) == Execute{"", -1});
  w.Clear();
  w.Close('S', "s1");
  CHECK(OneFrontend<Close>(w) == Close{'S', "s1"});
  w.Clear();
  w.Close('P', "p");
  CHECK(OneFrontend<Close>(w) == Close{'P', "p"});
  w.Clear();
  w.Sync();
  CHECK(OneFrontend<Sync>(w) == Sync{});
  w.Clear();
  w.Flush();
  CHECK(OneFrontend<Flush>(w) == Flush{});
  w.Clear();
  w.Terminate();
  CHECK(OneFrontend<Terminate>(w) == Terminate{});
  w.Clear();
  w.CopyData(std::string("a\0b\n", 4));
  CHECK(OneFrontend<CopyData>(w) == CopyData{std::string("a\0b\n", 4)});
  w.Clear();
  w.CopyDone();
  CHECK(OneFrontend<CopyDone>(w) == CopyDone{});
  w.Clear();
  w.CopyFail("client gave up");
  CHECK(OneFrontend<CopyFail>(w) == CopyFail{"client gave up"});
  FunctionCall call{1598, {1}, {std::string("abc"), std::nullopt}, 1};
  w.Clear();
  w.FunctionCall(call);
  CHECK(OneFrontend<FunctionCall>(w) == call);

  w.Clear();
  w.Password("secret");
  auto password = DecodePasswordMessage(OneFrontend<PasswordLike>(w).body);
  REQUIRE(password.ok());
  CHECK(*password == "secret");
  w.Clear();
  w.SaslInitialResponse("SCRAM-SHA-256", "n,,n=,r=abc");
  auto sasl = DecodeSaslInitialResponse(OneFrontend<PasswordLike>(w).body);
  REQUIRE(sasl.ok());
  CHECK(*sasl == SaslInitialResponse{"SCRAM-SHA-256", std::string("n,,n=,r=abc")});
  w.Clear();
  w.SaslInitialResponse("SCRAM-SHA-256", std::nullopt);
  sasl = DecodeSaslInitialResponse(OneFrontend<PasswordLike>(w).body);
  REQUIRE(sasl.ok());
  CHECK(*sasl == SaslInitialResponse{"SCRAM-SHA-256", std::nullopt});
  w.Clear();
  w.SaslInitialResponse("SCRAM-SHA-256", "");
  sasl = DecodeSaslInitialResponse(OneFrontend<PasswordLike>(w).body);
  REQUIRE(sasl.ok());
  CHECK(sasl->data == std::optional<std::string>(""));
  w.Clear();
  w.SaslResponse("c=biws,r=x,p=y");
  auto response = DecodeSaslResponse(OneFrontend<PasswordLike>(w).body);
  REQUIRE(response.ok());
  CHECK(response->data == "c=biws,r=x,p=y");
}

TEST_CASE("every backend message round-trips") {
  BackendWriter w;
  w.AuthenticationOk();
  CHECK(OneBackend<Authentication>(w) == Authentication{kAuthOk, ""});
  w.Clear();
  w.AuthenticationCleartextPassword();
  CHECK(OneBackend<Authentication>(w) == Authentication{kAuthCleartextPassword, ""});
  w.Clear();
  w.AuthenticationSasl({"SCRAM-SHA-256", "X"});
  CHECK(OneBackend<Authentication>(w) == Authentication{kAuthSasl, std::string("SCRAM-SHA-256\0X\0\0", 17)});
  w.Clear();
  w.AuthenticationSaslContinue("r=x,s=y,i=1");
  CHECK(OneBackend<Authentication>(w) == Authentication{kAuthSaslContinue, "r=x,s=y,i=1"});
  w.Clear();
  w.AuthenticationSaslFinal("v=y");
  CHECK(OneBackend<Authentication>(w) == Authentication{kAuthSaslFinal, "v=y"});
  w.Clear();
  w.ParameterStatus("server_version", "9.5.0");
  CHECK(OneBackend<ParameterStatus>(w) == ParameterStatus{"server_version", "9.5.0"});
  w.Clear();
  w.BackendKeyData(7, -99);
  CHECK(OneBackend<BackendKeyData>(w) == BackendKeyData{7, -99});
  for (char status : {'I', 'T', 'E'}) {
    w.Clear();
    w.ReadyForQuery(status);
    CHECK(OneBackend<ReadyForQuery>(w) == ReadyForQuery{status});
  }
  std::vector<FieldDescription> fields = {{"a", 16384, 1, 23, 4, -1, 0}, {"", 0, 0, 25, -1, 65540, 1}};
  w.Clear();
  w.RowDescription(fields);
  CHECK(OneBackend<RowDescription>(w) == RowDescription{fields});
  w.Clear();
  w.RowDescription({});
  CHECK(OneBackend<RowDescription>(w) == RowDescription{});

  std::vector<std::optional<std::string>> row = {std::string("1"), std::nullopt, std::string(), std::string("\0", 1)};
  w.Clear();
  w.BeginDataRow(4);
  w.AddField("1");
  w.AddNull();
  w.AddField("");
  w.AddField(std::string_view("\0", 1));
  w.EndDataRow();
  std::string incremental(w.data());
  CHECK(OneBackend<DataRow>(w) == DataRow{row});
  w.Clear();
  w.DataRow(row);
  CHECK(std::string(w.data()) == incremental);
  w.Clear();
  w.DataRow({});
  CHECK(OneBackend<DataRow>(w) == DataRow{});

  w.Clear();
  w.CommandComplete("INSERT 0 1");
  CHECK(OneBackend<CommandComplete>(w) == CommandComplete{"INSERT 0 1"});
  ErrorInfo e = SampleError();
  w.Clear();
  w.ErrorResponse(e);
  ErrorInfo got = OneBackend<ErrorResponse>(w).info;
  CHECK(got.severity == "ERROR");
  CHECK(got.code == "22012");
  CHECK(got.message == "division by zero");
  CHECK(got.detail == "d");
  CHECK(got.hint == "h");
  CHECK(got.position == 8);
  e.severity = "WARNING";
  e.detail.clear();
  e.hint.clear();
  e.position = 0;
  w.Clear();
  w.NoticeResponse(e);
  CHECK(w.size() == 49);  // S, V, C, M and the terminator only: absent fields are not sent
  got = OneBackend<NoticeResponse>(w).info;
  CHECK(got.severity == "WARNING");
  CHECK(got.detail.empty());
  CHECK(got.position == 0);
  w.Clear();
  w.ParameterDescription({23, 25, 0xfffffffeu});
  CHECK(OneBackend<ParameterDescription>(w) == ParameterDescription{{23, 25, 0xfffffffeu}});
  w.Clear();
  w.NegotiateProtocolVersion(0, {"_pq_.x", "_pq_.y"});
  CHECK(OneBackend<NegotiateProtocolVersion>(w) == NegotiateProtocolVersion{0, {"_pq_.x", "_pq_.y"}});
  w.Clear();
  w.NegotiateProtocolVersion(0, {});
  CHECK(OneBackend<NegotiateProtocolVersion>(w) == NegotiateProtocolVersion{0, {}});
  w.Clear();
  w.EmptyQueryResponse();
  CHECK(OneBackend<EmptyQueryResponse>(w) == EmptyQueryResponse{});
  w.Clear();
  w.ParseComplete();
  CHECK(OneBackend<ParseComplete>(w) == ParseComplete{});
  w.Clear();
  w.BindComplete();
  CHECK(OneBackend<BindComplete>(w) == BindComplete{});
  w.Clear();
  w.CloseComplete();
  CHECK(OneBackend<CloseComplete>(w) == CloseComplete{});
  w.Clear();
  w.NoData();
  CHECK(OneBackend<NoData>(w) == NoData{});
  w.Clear();
  w.PortalSuspended();
  CHECK(OneBackend<PortalSuspended>(w) == PortalSuspended{});
}

TEST_CASE("every truncation of every message fails cleanly") {
  FrontendWriter f;
  f.Query("SELECT 1");
  f.Parse("s", "SELECT $1", {23});
  f.Bind(Bind{"", "s", {0}, {std::string("5"), std::nullopt}, {0}});
  f.Describe('S', "s");
  f.Execute("", 0);
  f.Close('P', "");
  f.CopyFail("m");
  f.FunctionCall(FunctionCall{1, {0}, {std::string("x")}, 0});
  int checked = 0;
  for (const auto& [tag, body] : SplitMessages(f.data())) {
    for (size_t n = 0; n < body.size(); ++n) {
      auto m = DecodeFrontend(tag, std::string_view(body).substr(0, n));
      REQUIRE_FALSE(m.ok());
      CHECK(SqlStateOf(m.status()) == "08P01");
      ++checked;
    }
    // Trailing bytes are rejected too.
    auto trailing = DecodeFrontend(tag, body + "x");
    REQUIRE_FALSE(trailing.ok());
    CHECK(MessageOf(trailing.status()) == "invalid message format");
  }
  CHECK(checked > 70);

  BackendWriter b;
  b.AuthenticationOk();
  b.ParameterStatus("a", "b");
  b.BackendKeyData(1, 2);
  b.ReadyForQuery('I');
  b.RowDescription({{"a", 0, 0, 23, 4, -1, 0}});
  b.DataRow({std::string("1"), std::nullopt});
  b.CommandComplete("SELECT 1");
  b.ErrorResponse(SampleError());
  b.NoticeResponse(SampleError());
  b.ParameterDescription({23});
  b.NegotiateProtocolVersion(0, {"_pq_.x"});
  for (const auto& [tag, body] : SplitMessages(b.data())) {
    for (size_t n = 0; n < body.size(); ++n) {
      // 'R' carries free-form SASL data after the code: only its code can be cut.
      if (tag == 'R' && n >= 4) continue;
      CHECK_FALSE(DecodeBackend(tag, std::string_view(body).substr(0, n)).ok());
    }
    if (tag != 'R') CHECK_FALSE(DecodeBackend(tag, body + "x").ok());
  }
}

TEST_CASE("malformed frontend messages fail with PostgreSQL's errors") {
  // Strings without their NUL.
  auto q = DecodeFrontend('Q', "SELECT 1");
  REQUIRE_FALSE(q.ok());
  CHECK(SqlStateOf(q.status()) == "08P01");
  CHECK(MessageOf(q.status()) == "invalid string in message");
  CHECK(ToErrorInfo(q.status()).detail == "In the Query message at byte 0 of 8.");
  CHECK_FALSE(DecodeFrontend('P', std::string("s\0SELECT", 8)).ok());
  CHECK_FALSE(DecodeFrontend('E', std::string("portal", 6)).ok());
  // Fields after the end.
  CHECK(MessageOf(DecodeFrontend('Q', std::string("a\0\0", 3)).status()) == "invalid message format");
  CHECK(MessageOf(DecodeFrontend('S', "x").status()) == "invalid message format");
  // Bind: a parameter length below -1, and one beyond the body.
  std::string bad_len = std::string("\0\0", 2) + Bytes({0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe, 0, 0});
  CHECK(MessageOf(DecodeFrontend('B', bad_len).status()) == "insufficient data left in message");
  std::string long_len = std::string("\0\0", 2) + Bytes({0, 0, 0, 1, 0, 0, 0, 5, 'a', 0, 0});
  CHECK(MessageOf(DecodeFrontend('B', long_len).status()) == "insufficient data left in message");
  // Describe / Close with a bad kind.
  auto describe = DecodeFrontend('D', std::string("X\0", 2));
  REQUIRE_FALSE(describe.ok());
  CHECK(MessageOf(describe.status()) == "invalid DESCRIBE message subtype 88");
  CHECK(MessageOf(DecodeFrontend('C', std::string("s\0", 2)).status()) == "invalid CLOSE message subtype 115");
  // Unknown tags, including the backend-only ones.
  for (char tag : {'z', 'Z', 'R', '\0', '\xff'}) {
    auto unknown = DecodeFrontend(tag, "");
    REQUIRE_FALSE(unknown.ok());
    CHECK(SqlStateOf(unknown.status()) == "08P01");
    CHECK(MessageOf(unknown.status()) ==
          "invalid frontend message type " + std::to_string(static_cast<unsigned char>(tag)));
  }
  // The 'p' bodies.
  CHECK(MessageOf(DecodePasswordMessage("pw").status()) == "invalid password packet size");
  CHECK_FALSE(DecodePasswordMessage(std::string("pw\0x", 4)).ok());
  CHECK_FALSE(DecodePasswordMessage("").ok());
  CHECK(DecodePasswordMessage(std::string("\0", 1)).ok());
  std::string mech("SCRAM-SHA-256\0", 14);
  CHECK_FALSE(DecodeSaslInitialResponse(mech + Bytes({0xff, 0xff, 0xff, 0xfe})).ok());  // length -2
  CHECK_FALSE(DecodeSaslInitialResponse(mech + Bytes({0, 0, 0, 4, 'a'})).ok());         // cut short
  CHECK_FALSE(DecodeSaslInitialResponse(mech + Bytes({0, 0, 0, 1, 'a', 'b'})).ok());   // trailing
  CHECK_FALSE(DecodeSaslInitialResponse(mech + Bytes({0xff, 0xff, 0xff, 0xff, 'a'})).ok());
  CHECK_FALSE(DecodeSaslInitialResponse("SCRAM").ok());
}

TEST_CASE("message headers") {
  auto h = DecodeHeader(Bytes({'Q', 0, 0, 0, 13}).data(), 100);
  REQUIRE(h.ok());
  CHECK(h->tag == 'Q');
  CHECK(h->body_len == 9);
  CHECK(DecodeHeader(Bytes({'S', 0, 0, 0, 4}).data(), 0)->body_len == 0);
  CHECK(DecodeHeader(Bytes({'Q', 0, 0, 0, 104}).data(), 100).ok());  // exactly the limit
  for (int len : {0, 3}) {
    auto short_len = DecodeHeader(Bytes({'Q', 0, 0, 0, len}).data(), 100);
    REQUIRE_FALSE(short_len.ok());
    CHECK(SqlStateOf(short_len.status()) == "08P01");
    CHECK(MessageOf(short_len.status()) == "invalid message length");
  }
  auto huge = DecodeHeader(Bytes({'Q', 0xff, 0xff, 0xff, 0xff}).data(), 1 << 20);
  REQUIRE_FALSE(huge.ok());
  CHECK(SqlStateOf(huge.status()) == "54000");
  CHECK(MessageOf(huge.status()) == "message too large");
  CHECK(ToErrorInfo(huge.status()).detail == "The message body is 4294967291 bytes; the limit is 1048576 bytes.");
  CHECK(SqlStateOf(DecodeHeader(Bytes({'Q', 0, 0, 0, 105}).data(), 100).status()) == "54000");
}

TEST_CASE("lying counts and lengths fail before allocating") {
  // The tracker itself sees a big allocation.
  if (kTracking) {
    std::string big;
    CHECK(LargestAllocation([&] { big.assign(100000, 'x'); }) >= 100000);
    CHECK(big.size() == 100000);
  }
  const std::string names("\0\0", 2);  // empty portal and statement
  std::vector<std::pair<char, std::string>> liars = {
      // Bind claiming 65535 parameter formats, then 65535 parameters, in a few bytes.
      {'B', names + Bytes({0xff, 0xff, 0, 0})},
      {'B', names + Bytes({0, 0, 0xff, 0xff, 0, 0, 0, 0})},
      // A parameter claiming 2 GB.
      {'B', names + Bytes({0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff, 0, 0})},
      // Bind result formats, Parse oids, FunctionCall args.
      {'B', names + Bytes({0, 0, 0, 0, 0xff, 0xff})},
      {'P', names + Bytes({0xff, 0xff, 0, 0, 0, 0})},
      {'F', Bytes({0, 0, 0, 1, 0, 0, 0xff, 0xff, 0, 0})},
  };
  for (const auto& [tag, body] : liars) {
    absl::Status status;
    size_t largest = LargestAllocation([&, &tag = tag, &body = body] { status = DecodeFrontend(tag, body).status(); });
    CHECK_FALSE(status.ok());
    CHECK(largest < 512);
  }
  std::vector<std::pair<char, std::string>> backend_liars = {
      {'D', Bytes({0xff, 0xff, 0, 0, 0, 0})},
      {'D', Bytes({0, 1, 0x7f, 0xff, 0xff, 0xff})},
      {'T', Bytes({0xff, 0xff, 'a', 0})},
      {'t', Bytes({0xff, 0xff, 0, 0, 0, 0})},
      {'v', Bytes({0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0})},
  };
  for (const auto& [tag, body] : backend_liars) {
    absl::Status status;
    size_t largest = LargestAllocation([&, &tag = tag, &body = body] { status = DecodeBackend(tag, body).status(); });
    CHECK_FALSE(status.ok());
    CHECK(largest < 512);
  }
  absl::Status sasl;
  size_t largest = LargestAllocation([&] {
    sasl = DecodeSaslInitialResponse(std::string("M\0", 2) + Bytes({0x7f, 0xff, 0xff, 0xff})).status();
  });
  CHECK_FALSE(sasl.ok());
  CHECK(largest < 512);
}

TEST_CASE("malformed backend messages") {
  CHECK_FALSE(DecodeBackend('Z', "").ok());
  CHECK_FALSE(DecodeBackend('E', std::string("SERROR\0", 7)).ok());  // no final NUL
  CHECK_FALSE(DecodeBackend('E', std::string("P12x\0\0", 6)).ok());  // position not a number
  CHECK_FALSE(DecodeBackend('E', std::string("P99999999999\0\0", 14)).ok());
  CHECK_FALSE(DecodeBackend('D', Bytes({0, 1, 0xff, 0xff, 0xff, 0xfe})).ok());
  CHECK_FALSE(DecodeBackend('v', Bytes({0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})).ok());
  auto unknown = DecodeBackend('Q', "");
  REQUIRE_FALSE(unknown.ok());
  CHECK(MessageOf(unknown.status()) == "invalid backend message type 81");
  // Unknown error fields are skipped; a missing code stays empty.
  auto e = DecodeBackend('E', std::string("Mboom\0Wcontext\0\0", 16));
  REQUIRE(e.ok());
  CHECK(std::get<ErrorResponse>(*e).info.message == "boom");
  CHECK(std::get<ErrorResponse>(*e).info.code.empty());
}
