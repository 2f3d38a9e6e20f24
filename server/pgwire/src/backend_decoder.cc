// Decoding backend messages, for test clients and tools. As strict as the
// frontend decoder: the same input may come from a misbehaving server.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "pgwire/codec.h"
#include "wire_reader.h"

namespace freshet::pgwire {
namespace {

// The fields of an ErrorResponse / NoticeResponse: (type byte, string)*
// then a NUL.
absl::StatusOr<ErrorInfo> DecodeFields(WireReader& r) {
  ErrorInfo info;
  info.code.clear();
  for (;;) {
    FRESHET_ASSIGN_OR_RETURN(char type, r.Byte());
    if (type == '\0') break;
    FRESHET_ASSIGN_OR_RETURN(std::string value, r.CString());
    switch (type) {
      case 'S': info.severity = std::move(value); break;
      case 'C': info.code = std::move(value); break;
      case 'M': info.message = std::move(value); break;
      case 'D': info.detail = std::move(value); break;
      case 'H': info.hint = std::move(value); break;
      case 'P':
        if (!absl::SimpleAtoi(value, &info.position) || info.position < 0) {
          return r.Fail("invalid error position");
        }
        break;
      default: break;  // V and fields Freshet does not keep
    }
  }
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return info;
}

absl::StatusOr<BackendMessage> DecodeRowDescription(WireReader& r) {
  RowDescription d;
  // Each field takes at least 19 bytes: a NUL and 18 bytes of integers.
  FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(19));
  d.fields.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    FieldDescription f;
    FRESHET_ASSIGN_OR_RETURN(f.name, r.CString());
    FRESHET_ASSIGN_OR_RETURN(f.table_oid, r.Int<uint32_t>());
    FRESHET_ASSIGN_OR_RETURN(f.column_attr, r.Int<int16_t>());
    FRESHET_ASSIGN_OR_RETURN(f.type_oid, r.Int<uint32_t>());
    FRESHET_ASSIGN_OR_RETURN(f.type_size, r.Int<int16_t>());
    FRESHET_ASSIGN_OR_RETURN(f.type_modifier, r.Int<int32_t>());
    FRESHET_ASSIGN_OR_RETURN(f.format, r.Int<int16_t>());
    d.fields.push_back(std::move(f));
  }
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return d;
}

absl::StatusOr<BackendMessage> DecodeNegotiateProtocolVersion(WireReader& r) {
  NegotiateProtocolVersion v;
  FRESHET_ASSIGN_OR_RETURN(v.newest_minor, r.Int<int32_t>());
  FRESHET_ASSIGN_OR_RETURN(int32_t n, r.Int<int32_t>());
  // Each option takes at least its NUL.
  if (n < 0 || static_cast<size_t>(n) > r.remaining()) return r.Fail("insufficient data left in message");
  v.unrecognized.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    FRESHET_ASSIGN_OR_RETURN(std::string option, r.CString());
    v.unrecognized.push_back(std::move(option));
  }
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return v;
}

absl::StatusOr<BackendMessage> Empty(const WireReader& r, BackendMessage m) {
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

}  // namespace

absl::StatusOr<BackendMessage> DecodeBackend(char tag, std::string_view body) {
  WireReader r(body, "backend");
  switch (tag) {
    case 'R': {
      Authentication a;
      FRESHET_ASSIGN_OR_RETURN(a.code, r.Int<int32_t>());
      a.data = r.Rest();
      return a;
    }
    case 'S': {
      ParameterStatus p;
      FRESHET_ASSIGN_OR_RETURN(p.name, r.CString());
      FRESHET_ASSIGN_OR_RETURN(p.value, r.CString());
      return Empty(r, std::move(p));
    }
    case 'K': {
      BackendKeyData k;
      FRESHET_ASSIGN_OR_RETURN(k.pid, r.Int<int32_t>());
      FRESHET_ASSIGN_OR_RETURN(k.secret_key, r.Int<int32_t>());
      return Empty(r, k);
    }
    case 'Z': {
      FRESHET_ASSIGN_OR_RETURN(char status, r.Byte());
      return Empty(r, ReadyForQuery{status});
    }
    case 'T': return DecodeRowDescription(r);
    case 'D': {
      DataRow row;
      FRESHET_ASSIGN_OR_RETURN(row.values, r.ValueList());
      return Empty(r, std::move(row));
    }
    case 'C': {
      FRESHET_ASSIGN_OR_RETURN(std::string command_tag, r.CString());
      return Empty(r, CommandComplete{std::move(command_tag)});
    }
    case 'E': {
      FRESHET_ASSIGN_OR_RETURN(ErrorInfo info, DecodeFields(r));
      return ErrorResponse{std::move(info)};
    }
    case 'N': {
      FRESHET_ASSIGN_OR_RETURN(ErrorInfo info, DecodeFields(r));
      return NoticeResponse{std::move(info)};
    }
    case 'I': return Empty(r, EmptyQueryResponse{});
    case '1': return Empty(r, ParseComplete{});
    case '2': return Empty(r, BindComplete{});
    case '3': return Empty(r, CloseComplete{});
    case 'n': return Empty(r, NoData{});
    case 's': return Empty(r, PortalSuspended{});
    case 't': {
      ParameterDescription d;
      FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(4));
      d.type_oids.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        FRESHET_ASSIGN_OR_RETURN(uint32_t oid, r.Int<uint32_t>());
        d.type_oids.push_back(oid);
      }
      return Empty(r, std::move(d));
    }
    case 'v': return DecodeNegotiateProtocolVersion(r);
    default:
      return Error(sqlstate::kProtocolViolation,
                   absl::StrCat("invalid backend message type ", static_cast<int>(static_cast<unsigned char>(tag))));
  }
}

}  // namespace freshet::pgwire
