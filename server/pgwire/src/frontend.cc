// Decoding frontend messages; encoding them for test clients.
#include <cstring>

#include "common/status_macros.h"
#include "pgwire/codec.h"
#include "wire_reader.h"

namespace freshet::pgwire {
namespace {

uint32_t ReadLength(const char bytes[4]) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[0])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[3]));
}

// A count-prefixed list of int16 (format codes).
absl::StatusOr<std::vector<int16_t>> Int16List(WireReader& r) {
  FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(2));
  std::vector<int16_t> out;
  for (size_t i = 0; i < n; ++i) {
    FRESHET_ASSIGN_OR_RETURN(int16_t f, r.Int<int16_t>());
    out.push_back(f);
  }
  return out;
}

absl::StatusOr<FrontendMessage> DecodeBind(WireReader& r) {
  Bind b;
  FRESHET_ASSIGN_OR_RETURN(b.portal, r.CString());
  FRESHET_ASSIGN_OR_RETURN(b.statement, r.CString());
  FRESHET_ASSIGN_OR_RETURN(b.param_formats, Int16List(r));
  size_t n;
  FRESHET_ASSIGN_OR_RETURN(n, r.Count(4));
  for (size_t i = 0; i < n; ++i) {
    int32_t len;
    FRESHET_ASSIGN_OR_RETURN(len, r.Int<int32_t>());
    if (len == -1) {
      b.params.emplace_back();
      continue;
    }
    if (len < 0) return Malformed("invalid parameter length");
    std::string v;
    FRESHET_ASSIGN_OR_RETURN(v, r.Bytes(static_cast<size_t>(len)));
    b.params.emplace_back(std::move(v));
  }
  FRESHET_ASSIGN_OR_RETURN(b.result_formats, Int16List(r));
  if (auto s = r.ExpectEnd(); !s.ok()) return s;
  return b;
}

}  // namespace

absl::StatusOr<uint32_t> DecodeStartupLength(const char bytes[4], uint32_t max_len) {
  uint32_t len = ReadLength(bytes);
  if (len < 8 || len > max_len) {
    return Error(sqlstate::kProtocolViolation, "invalid length of startup packet");
  }
  return len;
}

absl::StatusOr<StartupRequest> DecodeStartupPacket(std::string_view packet) {
  WireReader r(packet);
  int32_t code;
  FRESHET_ASSIGN_OR_RETURN(code, r.Int<int32_t>());
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    if (auto s = r.ExpectEnd(); !s.ok()) return s;
    if (code == kSslRequestCode) return SslRequest{};
    return GssEncRequest{};
  }
  if (code == kCancelRequestCode) {
    CancelRequest c;
    FRESHET_ASSIGN_OR_RETURN(c.pid, r.Int<int32_t>());
    FRESHET_ASSIGN_OR_RETURN(c.secret_key, r.Int<int32_t>());
    if (auto s = r.ExpectEnd(); !s.ok()) return s;
    return c;
  }
  StartupMessage m;
  m.major = code >> 16;
  m.minor = code & 0xffff;
  if (m.major != 3) {
    return Error(sqlstate::kFeatureNotSupported,
                 absl::StrCat("unsupported frontend protocol ", m.major, ".", m.minor,
                              ": server supports 3.0 to 3.0"));
  }
  for (;;) {
    std::string key;
    FRESHET_ASSIGN_OR_RETURN(key, r.CString());
    if (key.empty()) break;
    std::string value;
    FRESHET_ASSIGN_OR_RETURN(value, r.CString());
    m.params.emplace_back(std::move(key), std::move(value));
  }
  if (!r.done()) {
    return Error(sqlstate::kProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
  }
  bool has_user = false;
  for (const auto& [k, v] : m.params) has_user |= k == "user" && !v.empty();
  if (!has_user) {
    return Error(sqlstate::kInvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet");
  }
  return m;
}

absl::StatusOr<MessageHeader> DecodeHeader(const char bytes[5], uint32_t max_body) {
  uint32_t len = ReadLength(bytes + 1);
  if (len < 4) return Error(sqlstate::kProtocolViolation, absl::StrCat("invalid message length ", len));
  if (len - 4 > max_body) {
    return Error(sqlstate::kProgramLimitExceeded, "message too large")
        .Detail(absl::StrCat("The message is ", len - 4, " bytes; the limit is ", max_body, " bytes."));
  }
  return MessageHeader{bytes[0], len - 4};
}

absl::StatusOr<FrontendMessage> DecodeFrontend(char tag, std::string_view body) {
  WireReader r(body);
  switch (tag) {
    case 'Q': {
      Query q;
      FRESHET_ASSIGN_OR_RETURN(q.sql, r.CString());
      if (auto s = r.ExpectEnd(); !s.ok()) return s;
      return q;
    }
    case 'P': {
      Parse p;
      FRESHET_ASSIGN_OR_RETURN(p.name, r.CString());
      FRESHET_ASSIGN_OR_RETURN(p.query, r.CString());
      size_t n;
      FRESHET_ASSIGN_OR_RETURN(n, r.Count(4));
      for (size_t i = 0; i < n; ++i) {
        uint32_t oid;
        FRESHET_ASSIGN_OR_RETURN(oid, r.Int<uint32_t>());
        p.param_type_oids.push_back(oid);
      }
      if (auto s = r.ExpectEnd(); !s.ok()) return s;
      return p;
    }
    case 'B':
      return DecodeBind(r);
    case 'D':
    case 'C': {
      char kind;
      FRESHET_ASSIGN_OR_RETURN(kind, r.Byte());
      if (kind != 'S' && kind != 'P') {
        return Error(sqlstate::kProtocolViolation, absl::StrCat("invalid ", tag == 'D' ? "DESCRIBE" : "CLOSE",
                                                                " message subtype ", static_cast<int>(kind)));
      }
      std::string name;
      FRESHET_ASSIGN_OR_RETURN(name, r.CString());
      if (auto s = r.ExpectEnd(); !s.ok()) return s;
      if (tag == 'D') return Describe{kind, std::move(name)};
      return Close{kind, std::move(name)};
    }
    case 'E': {
      Execute e;
      FRESHET_ASSIGN_OR_RETURN(e.portal, r.CString());
      FRESHET_ASSIGN_OR_RETURN(e.max_rows, r.Int<int32_t>());
      if (auto s = r.ExpectEnd(); !s.ok()) return s;
      return e;
    }
    case 'S':
    case 'H':
    case 'X':
    case 'c':
      if (auto s = r.ExpectEnd(); !s.ok()) return s;
      if (tag == 'S') return Sync{};
      if (tag == 'H') return Flush{};
      if (tag == 'X') return Terminate{};
      return CopyDone{};
    case 'd':
      return CopyData{r.Rest()};
    case 'f': {
      CopyFail f;
      FRESHET_ASSIGN_OR_RETURN(f.message, r.CString());
      return f;
    }
    case 'F':
      return FunctionCall{};
    case 'p':
      return PasswordLike{r.Rest()};
    default:
      return Error(sqlstate::kProtocolViolation,
                   absl::StrCat("invalid frontend message type ", static_cast<int>(static_cast<unsigned char>(tag))));
  }
}

absl::StatusOr<std::string> DecodePasswordMessage(std::string_view body) {
  WireReader r(body);
  std::string password;
  FRESHET_ASSIGN_OR_RETURN(password, r.CString());
  if (auto s = r.ExpectEnd(); !s.ok()) return s;
  return password;
}

absl::StatusOr<SaslInitialResponse> DecodeSaslInitialResponse(std::string_view body) {
  WireReader r(body);
  SaslInitialResponse m;
  FRESHET_ASSIGN_OR_RETURN(m.mechanism, r.CString());
  int32_t len;
  FRESHET_ASSIGN_OR_RETURN(len, r.Int<int32_t>());
  if (len != -1) {
    if (len < 0) return Malformed("invalid SASL data length");
    std::string data;
    FRESHET_ASSIGN_OR_RETURN(data, r.Bytes(static_cast<size_t>(len)));
    m.data = std::move(data);
  }
  if (auto s = r.ExpectEnd(); !s.ok()) return s;
  return m;
}

absl::StatusOr<SaslResponse> DecodeSaslResponse(std::string_view body) { return SaslResponse{std::string(body)}; }

void FrontendWriter::Begin(char tag) { framer_.Begin(tag); }

void FrontendWriter::End() { framer_.End(); }

void FrontendWriter::Startup(const std::vector<std::pair<std::string, std::string>>& params) {
  framer_.BeginUntyped();
  PutInt<int32_t>(buf_, kProtocolV3);
  for (const auto& [k, v] : params) {
    PutCString(buf_, k);
    PutCString(buf_, v);
  }
  buf_.push_back('\0');
  End();
}

void FrontendWriter::SslRequest() {
  PutInt<int32_t>(buf_, 8);
  PutInt<int32_t>(buf_, kSslRequestCode);
}

void FrontendWriter::CancelRequest(int32_t pid, int32_t secret_key) {
  PutInt<int32_t>(buf_, 16);
  PutInt<int32_t>(buf_, kCancelRequestCode);
  PutInt<int32_t>(buf_, pid);
  PutInt<int32_t>(buf_, secret_key);
}

void FrontendWriter::Query(std::string_view sql) {
  Begin('Q');
  PutCString(buf_, sql);
  End();
}

void FrontendWriter::Parse(std::string_view name, std::string_view query, const std::vector<uint32_t>& oids) {
  Begin('P');
  PutCString(buf_, name);
  PutCString(buf_, query);
  PutInt<int16_t>(buf_, static_cast<int16_t>(oids.size()));
  for (uint32_t oid : oids) PutInt<uint32_t>(buf_, oid);
  End();
}

void FrontendWriter::Bind(const pgwire::Bind& b) {
  Begin('B');
  PutCString(buf_, b.portal);
  PutCString(buf_, b.statement);
  PutInt<int16_t>(buf_, static_cast<int16_t>(b.param_formats.size()));
  for (int16_t f : b.param_formats) PutInt<int16_t>(buf_, f);
  PutInt<int16_t>(buf_, static_cast<int16_t>(b.params.size()));
  for (const auto& p : b.params) {
    if (!p.has_value()) {
      PutInt<int32_t>(buf_, -1);
      continue;
    }
    PutInt<int32_t>(buf_, static_cast<int32_t>(p->size()));
    buf_.append(*p);
  }
  PutInt<int16_t>(buf_, static_cast<int16_t>(b.result_formats.size()));
  for (int16_t f : b.result_formats) PutInt<int16_t>(buf_, f);
  End();
}

void FrontendWriter::Describe(char kind, std::string_view name) {
  Begin('D');
  buf_.push_back(kind);
  PutCString(buf_, name);
  End();
}

void FrontendWriter::Execute(std::string_view portal, int32_t max_rows) {
  Begin('E');
  PutCString(buf_, portal);
  PutInt<int32_t>(buf_, max_rows);
  End();
}

void FrontendWriter::Close(char kind, std::string_view name) {
  Begin('C');
  buf_.push_back(kind);
  PutCString(buf_, name);
  End();
}

void FrontendWriter::Sync() { framer_.Empty('S'); }

void FrontendWriter::Flush() { framer_.Empty('H'); }

void FrontendWriter::Terminate() { framer_.Empty('X'); }

void FrontendWriter::Password(std::string_view password) {
  Begin('p');
  PutCString(buf_, password);
  End();
}

void FrontendWriter::SaslInitialResponse(std::string_view mechanism, std::string_view data) {
  Begin('p');
  PutCString(buf_, mechanism);
  PutInt<int32_t>(buf_, static_cast<int32_t>(data.size()));
  buf_.append(data);
  End();
}

void FrontendWriter::SaslResponse(std::string_view data) {
  Begin('p');
  buf_.append(data);
  End();
}

}  // namespace freshet::pgwire
