// Decoding what clients send: startup packets and regular frontend messages.
// Error wording follows PostgreSQL (postmaster.c, postgres.c, pqformat.c).
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "pgwire/codec.h"
#include "wire_reader.h"

namespace freshet::pgwire {
namespace {

absl::Status BadStartupLayout() {
  return Error(sqlstate::kProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
}

// The name/value pairs of a StartupMessage, as PostgreSQL's
// ProcessStartupPacket reads them: pairs of NUL-terminated strings, then a
// single NUL that must be the packet's last byte.
absl::Status DecodeStartupParams(std::string_view body, StartupMessage& m) {
  size_t pos = 0;
  for (;;) {
    size_t name_end = body.find('\0', pos);
    if (name_end == std::string_view::npos) return BadStartupLayout();
    if (name_end == pos) {  // the empty name that ends the list
      pos = name_end + 1;
      break;
    }
    size_t value_end = body.find('\0', name_end + 1);
    if (value_end == std::string_view::npos) return BadStartupLayout();
    m.params.emplace_back(std::string(body.substr(pos, name_end - pos)),
                          std::string(body.substr(name_end + 1, value_end - name_end - 1)));
    pos = value_end + 1;
  }
  if (pos != body.size()) return BadStartupLayout();
  return absl::OkStatus();
}

absl::StatusOr<FrontendMessage> DecodeParse(WireReader& r) {
  Parse p;
  FRESHET_ASSIGN_OR_RETURN(p.name, r.CString());
  FRESHET_ASSIGN_OR_RETURN(p.query, r.CString());
  FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(4));
  p.param_type_oids.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    FRESHET_ASSIGN_OR_RETURN(uint32_t oid, r.Int<uint32_t>());
    p.param_type_oids.push_back(oid);
  }
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return p;
}

absl::StatusOr<FrontendMessage> DecodeBind(WireReader& r) {
  Bind b;
  FRESHET_ASSIGN_OR_RETURN(b.portal, r.CString());
  FRESHET_ASSIGN_OR_RETURN(b.statement, r.CString());
  FRESHET_ASSIGN_OR_RETURN(b.param_formats, r.Int16List());
  FRESHET_ASSIGN_OR_RETURN(b.params, r.ValueList());
  FRESHET_ASSIGN_OR_RETURN(b.result_formats, r.Int16List());
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return b;
}

absl::StatusOr<FrontendMessage> DecodeFunctionCall(WireReader& r) {
  FunctionCall f;
  FRESHET_ASSIGN_OR_RETURN(f.function_oid, r.Int<uint32_t>());
  FRESHET_ASSIGN_OR_RETURN(f.arg_formats, r.Int16List());
  FRESHET_ASSIGN_OR_RETURN(f.args, r.ValueList());
  FRESHET_ASSIGN_OR_RETURN(f.result_format, r.Int<int16_t>());
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return f;
}

// Describe and Close share a layout: a kind byte ('S' or 'P') and a name.
absl::StatusOr<FrontendMessage> DecodeDescribeOrClose(char tag, WireReader& r) {
  FRESHET_ASSIGN_OR_RETURN(char kind, r.Byte());
  if (kind != 'S' && kind != 'P') {
    return Error(sqlstate::kProtocolViolation,
                 absl::StrCat("invalid ", tag == 'D' ? "DESCRIBE" : "CLOSE", " message subtype ",
                              static_cast<int>(static_cast<unsigned char>(kind))));
  }
  FRESHET_ASSIGN_OR_RETURN(std::string name, r.CString());
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  if (tag == 'D') return Describe{kind, std::move(name)};
  return Close{kind, std::move(name)};
}

// A message with an empty body.
absl::StatusOr<FrontendMessage> Empty(const WireReader& r, FrontendMessage m) {
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

// The message name used in error details.
const char* FrontendName(char tag) {
  switch (tag) {
    case 'Q': return "Query";
    case 'P': return "Parse";
    case 'B': return "Bind";
    case 'D': return "Describe";
    case 'E': return "Execute";
    case 'C': return "Close";
    case 'S': return "Sync";
    case 'H': return "Flush";
    case 'X': return "Terminate";
    case 'd': return "CopyData";
    case 'c': return "CopyDone";
    case 'f': return "CopyFail";
    case 'F': return "FunctionCall";
    default: return "frontend";
  }
}

}  // namespace

absl::StatusOr<uint32_t> DecodeStartupLength(const char bytes[4], uint32_t max_len) {
  uint32_t len = ReadUint32(bytes);
  if (len < 8 || len > max_len) {
    return Error(sqlstate::kProtocolViolation, "invalid length of startup packet")
        .Detail(absl::StrCat("The length word is ", len, "; it must be between 8 and ", max_len, "."));
  }
  return len;
}

absl::StatusOr<StartupRequest> DecodeStartupPacket(std::string_view packet) {
  WireReader r(packet, "startup packet");
  FRESHET_ASSIGN_OR_RETURN(int32_t code, r.Int<int32_t>());
  if (code == kSslRequestCode) {
    FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
    return SslRequest{};
  }
  if (code == kGssEncRequestCode) {
    FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
    return GssEncRequest{};
  }
  if (code == kCancelRequestCode) {
    CancelRequest c;
    FRESHET_ASSIGN_OR_RETURN(c.pid, r.Int<int32_t>());
    FRESHET_ASSIGN_OR_RETURN(c.secret_key, r.Int<int32_t>());
    FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
    return c;
  }
  StartupMessage m;
  uint32_t version = static_cast<uint32_t>(code);
  m.major = static_cast<int>(version >> 16);
  m.minor = static_cast<int>(version & 0xffff);
  if (m.major != 3) {
    return Error(sqlstate::kFeatureNotSupported, absl::StrCat("unsupported frontend protocol ", m.major, ".", m.minor,
                                                              ": server supports 3.0 to 3.0"));
  }
  FRESHET_RETURN_IF_ERROR(DecodeStartupParams(packet.substr(4), m));
  bool has_user = false;
  for (const auto& [name, value] : m.params) has_user |= name == "user" && !value.empty();
  if (!has_user) {
    return Error(sqlstate::kInvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet");
  }
  return m;
}

std::vector<std::string> ProtocolOptions(const StartupMessage& startup) {
  std::vector<std::string> out;
  for (const auto& [name, value] : startup.params) {
    if (name.rfind("_pq_.", 0) == 0) out.push_back(name);
  }
  return out;
}

absl::StatusOr<MessageHeader> DecodeHeader(const char bytes[5], uint32_t max_body) {
  uint32_t len = ReadUint32(bytes + 1);
  if (len < 4) {
    return Error(sqlstate::kProtocolViolation, "invalid message length")
        .Detail(absl::StrCat("The length word is ", len, "; it counts itself, so it must be at least 4."));
  }
  if (len - 4 > max_body) {
    return Error(sqlstate::kProgramLimitExceeded, "message too large")
        .Detail(absl::StrCat("The message body is ", len - 4, " bytes; the limit is ", max_body, " bytes."));
  }
  return MessageHeader{bytes[0], len - 4};
}

absl::StatusOr<FrontendMessage> DecodeFrontend(char tag, std::string_view body) {
  WireReader r(body, FrontendName(tag));
  switch (tag) {
    case 'Q': {
      Query q;
      FRESHET_ASSIGN_OR_RETURN(q.sql, r.CString());
      FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
      return q;
    }
    case 'P': return DecodeParse(r);
    case 'B': return DecodeBind(r);
    case 'D':
    case 'C': return DecodeDescribeOrClose(tag, r);
    case 'E': {
      Execute e;
      FRESHET_ASSIGN_OR_RETURN(e.portal, r.CString());
      FRESHET_ASSIGN_OR_RETURN(e.max_rows, r.Int<int32_t>());
      FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
      return e;
    }
    case 'S': return Empty(r, Sync{});
    case 'H': return Empty(r, Flush{});
    case 'X': return Empty(r, Terminate{});
    case 'c': return Empty(r, CopyDone{});
    case 'd': return CopyData{r.Rest()};
    case 'f': {
      CopyFail f;
      FRESHET_ASSIGN_OR_RETURN(f.message, r.CString());
      FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
      return f;
    }
    case 'F': return DecodeFunctionCall(r);
    case 'p': return PasswordLike{r.Rest()};
    default:
      return Error(sqlstate::kProtocolViolation,
                   absl::StrCat("invalid frontend message type ", static_cast<int>(static_cast<unsigned char>(tag))));
  }
}

absl::StatusOr<std::string> DecodePasswordMessage(std::string_view body) {
  // As PostgreSQL's recv_password_packet: exactly one string filling the body.
  size_t nul = body.find('\0');
  if (nul == std::string_view::npos || nul + 1 != body.size()) {
    return Error(sqlstate::kProtocolViolation, "invalid password packet size");
  }
  return std::string(body.substr(0, nul));
}

absl::StatusOr<SaslInitialResponse> DecodeSaslInitialResponse(std::string_view body) {
  WireReader r(body, "SASLInitialResponse");
  SaslInitialResponse m;
  FRESHET_ASSIGN_OR_RETURN(m.mechanism, r.CString());
  FRESHET_ASSIGN_OR_RETURN(int32_t len, r.Int<int32_t>());
  if (len != -1) {
    if (len < 0) return r.Fail("insufficient data left in message");
    FRESHET_ASSIGN_OR_RETURN(std::string data, r.Bytes(static_cast<size_t>(len)));
    m.data = std::move(data);
  }
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

absl::StatusOr<SaslResponse> DecodeSaslResponse(std::string_view body) { return SaslResponse{std::string(body)}; }

}  // namespace freshet::pgwire
