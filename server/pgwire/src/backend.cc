// Encoding backend messages; decoding them for test clients.
#include "common/status_macros.h"
#include "pgwire/codec.h"
#include "wire_reader.h"

namespace freshet::pgwire {

void MessageFramer::Begin(char tag) {
  out_.push_back(tag);
  BeginUntyped();
}

void MessageFramer::BeginUntyped() {
  start_ = out_.size();
  PutInt<int32_t>(out_, 0);
}

void MessageFramer::End() {
  uint32_t len = static_cast<uint32_t>(out_.size() - start_);
  for (int i = 0; i < 4; ++i) out_[start_ + i] = static_cast<char>((len >> (8 * (3 - i))) & 0xff);
}

void MessageFramer::Empty(char tag) {
  Begin(tag);
  End();
}

void BackendWriter::Begin(char tag) {
  framer_.Begin(tag);
}

void BackendWriter::End() { framer_.End(); }

void BackendWriter::AuthenticationOk() {
  Begin('R');
  PutInt<int32_t>(buf_, 0);
  End();
}

void BackendWriter::AuthenticationCleartextPassword() {
  Begin('R');
  PutInt<int32_t>(buf_, 3);
  End();
}

void BackendWriter::AuthenticationSasl(const std::vector<std::string>& mechanisms) {
  Begin('R');
  PutInt<int32_t>(buf_, 10);
  for (const auto& m : mechanisms) PutCString(buf_, m);
  buf_.push_back('\0');
  End();
}

void BackendWriter::AuthenticationSaslContinue(std::string_view data) {
  Begin('R');
  PutInt<int32_t>(buf_, 11);
  buf_.append(data);
  End();
}

void BackendWriter::AuthenticationSaslFinal(std::string_view data) {
  Begin('R');
  PutInt<int32_t>(buf_, 12);
  buf_.append(data);
  End();
}

void BackendWriter::ParameterStatus(std::string_view name, std::string_view value) {
  Begin('S');
  PutCString(buf_, name);
  PutCString(buf_, value);
  End();
}

void BackendWriter::BackendKeyData(int32_t pid, int32_t secret_key) {
  Begin('K');
  PutInt<int32_t>(buf_, pid);
  PutInt<int32_t>(buf_, secret_key);
  End();
}

void BackendWriter::ReadyForQuery(char status) {
  Begin('Z');
  buf_.push_back(status);
  End();
}

void BackendWriter::RowDescription(const std::vector<FieldDescription>& fields) {
  Begin('T');
  PutInt<int16_t>(buf_, static_cast<int16_t>(fields.size()));
  for (const auto& f : fields) {
    PutCString(buf_, f.name);
    PutInt<uint32_t>(buf_, f.table_oid);
    PutInt<int16_t>(buf_, f.column_attr);
    PutInt<uint32_t>(buf_, f.type_oid);
    PutInt<int16_t>(buf_, f.type_size);
    PutInt<int32_t>(buf_, f.type_modifier);
    PutInt<int16_t>(buf_, f.format);
  }
  End();
}

void BackendWriter::BeginDataRow(uint16_t ncols) {
  Begin('D');
  PutInt<uint16_t>(buf_, ncols);
}

void BackendWriter::AddField(std::string_view value) {
  PutInt<int32_t>(buf_, static_cast<int32_t>(value.size()));
  buf_.append(value);
}

void BackendWriter::AddNull() { PutInt<int32_t>(buf_, -1); }

void BackendWriter::EndDataRow() { End(); }

void BackendWriter::CommandComplete(std::string_view tag) {
  Begin('C');
  PutCString(buf_, tag);
  End();
}

void BackendWriter::EmptyQueryResponse() { framer_.Empty('I'); }

void BackendWriter::Fields(char tag, const ErrorInfo& info) {
  Begin(tag);
  auto field = [&](char type, std::string_view value) {
    if (value.empty()) return;
    buf_.push_back(type);
    PutCString(buf_, value);
  };
  field('S', info.severity);
  field('V', info.severity);
  field('C', info.code);
  field('M', info.message);
  field('D', info.detail);
  field('H', info.hint);
  if (info.position > 0) field('P', absl::StrCat(info.position));
  buf_.push_back('\0');
  End();
}

void BackendWriter::ErrorResponse(const ErrorInfo& info) { Fields('E', info); }
void BackendWriter::NoticeResponse(const ErrorInfo& info) { Fields('N', info); }

void BackendWriter::ParseComplete() { framer_.Empty('1'); }

void BackendWriter::BindComplete() { framer_.Empty('2'); }

void BackendWriter::CloseComplete() { framer_.Empty('3'); }

void BackendWriter::NoData() { framer_.Empty('n'); }

void BackendWriter::ParameterDescription(const std::vector<uint32_t>& oids) {
  Begin('t');
  PutInt<int16_t>(buf_, static_cast<int16_t>(oids.size()));
  for (uint32_t oid : oids) PutInt<uint32_t>(buf_, oid);
  End();
}

void BackendWriter::PortalSuspended() { framer_.Empty('s'); }

void BackendWriter::NegotiateProtocolVersion(int32_t newest_minor, const std::vector<std::string>& unrecognized) {
  Begin('v');
  PutInt<int32_t>(buf_, newest_minor);
  PutInt<int32_t>(buf_, static_cast<int32_t>(unrecognized.size()));
  for (const auto& o : unrecognized) PutCString(buf_, o);
  End();
}

namespace {

absl::StatusOr<ErrorInfo> DecodeFields(WireReader& r) {
  ErrorInfo info;
  info.code.clear();
  for (;;) {
    FRESHET_ASSIGN_OR_RETURN(char type, r.Byte());
    if (type == '\0') break;
    FRESHET_ASSIGN_OR_RETURN(std::string value, r.CString());
    switch (type) {
      case 'S': info.severity = value; break;
      case 'C': info.code = value; break;
      case 'M': info.message = value; break;
      case 'D': info.detail = value; break;
      case 'H': info.hint = value; break;
      case 'P': info.position = std::atoi(value.c_str()); break;
      default: break;  // V and fields Freshet does not send
    }
  }
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return info;
}

}  // namespace

absl::StatusOr<BackendMessage> DecodeBackend(char tag, std::string_view body) {
  WireReader r(body);
  auto empty = [&](BackendMessage m) -> absl::StatusOr<BackendMessage> {
    FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
    return m;
  };
  switch (tag) {
    case 'R': {
      Authentication a;
      FRESHET_ASSIGN_OR_RETURN(a.code, r.Int<int32_t>());
      a.data = r.Rest();
      return a;
    }
    case 'S': {
      pgwire::ParameterStatus p;
      FRESHET_ASSIGN_OR_RETURN(p.name, r.CString());
      FRESHET_ASSIGN_OR_RETURN(p.value, r.CString());
      return empty(p);
    }
    case 'K': {
      pgwire::BackendKeyData k;
      FRESHET_ASSIGN_OR_RETURN(k.pid, r.Int<int32_t>());
      FRESHET_ASSIGN_OR_RETURN(k.secret_key, r.Int<int32_t>());
      return empty(k);
    }
    case 'Z': {
      FRESHET_ASSIGN_OR_RETURN(char status, r.Byte());
      return empty(pgwire::ReadyForQuery{status});
    }
    case 'T': {
      pgwire::RowDescription d;
      FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(19));
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
      return empty(d);
    }
    case 'D': {
      pgwire::DataRow row;
      FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(4));
      for (size_t i = 0; i < n; ++i) {
        FRESHET_ASSIGN_OR_RETURN(int32_t len, r.Int<int32_t>());
        if (len == -1) {
          row.values.emplace_back();
          continue;
        }
        if (len < 0) return Malformed("invalid field length");
        FRESHET_ASSIGN_OR_RETURN(std::string v, r.Bytes(static_cast<size_t>(len)));
        row.values.emplace_back(std::move(v));
      }
      return empty(row);
    }
    case 'C': {
      FRESHET_ASSIGN_OR_RETURN(std::string tag_text, r.CString());
      return empty(pgwire::CommandComplete{tag_text});
    }
    case 'E':
    case 'N': {
      FRESHET_ASSIGN_OR_RETURN(ErrorInfo info, DecodeFields(r));
      if (tag == 'E') return pgwire::ErrorResponse{info};
      return pgwire::NoticeResponse{info};
    }
    case 'I': return empty(pgwire::EmptyQueryResponse{});
    case '1': return empty(pgwire::ParseComplete{});
    case '2': return empty(pgwire::BindComplete{});
    case '3': return empty(pgwire::CloseComplete{});
    case 'n': return empty(pgwire::NoData{});
    case 's': return empty(pgwire::PortalSuspended{});
    case 't': {
      pgwire::ParameterDescription d;
      FRESHET_ASSIGN_OR_RETURN(size_t n, r.Count(4));
      for (size_t i = 0; i < n; ++i) {
        FRESHET_ASSIGN_OR_RETURN(uint32_t oid, r.Int<uint32_t>());
        d.type_oids.push_back(oid);
      }
      return empty(d);
    }
    case 'v': {
      pgwire::NegotiateProtocolVersion v;
      FRESHET_ASSIGN_OR_RETURN(v.newest_minor, r.Int<int32_t>());
      FRESHET_ASSIGN_OR_RETURN(int32_t n, r.Int<int32_t>());
      if (n < 0 || static_cast<size_t>(n) > r.remaining()) return Malformed("invalid option count");
      for (int32_t i = 0; i < n; ++i) {
        FRESHET_ASSIGN_OR_RETURN(std::string o, r.CString());
        v.unrecognized.push_back(std::move(o));
      }
      return empty(v);
    }
    default:
      return Error(sqlstate::kProtocolViolation,
                   absl::StrCat("invalid backend message type ", static_cast<int>(static_cast<unsigned char>(tag))));
  }
}

}  // namespace freshet::pgwire
