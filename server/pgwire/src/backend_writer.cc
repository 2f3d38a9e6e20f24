// Encoding backend messages (the server's hot path: DataRow in particular
// appends straight into the output buffer) and the framer both writers share.
#include "absl/strings/str_cat.h"
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

void BackendWriter::Begin(char tag) { framer_.Begin(tag); }

void BackendWriter::End() { framer_.End(); }

void BackendWriter::AuthenticationOk() {
  Begin('R');
  PutInt<int32_t>(buf_, kAuthOk);
  End();
}

void BackendWriter::AuthenticationCleartextPassword() {
  Begin('R');
  PutInt<int32_t>(buf_, kAuthCleartextPassword);
  End();
}

void BackendWriter::AuthenticationSasl(const std::vector<std::string>& mechanisms) {
  Begin('R');
  PutInt<int32_t>(buf_, kAuthSasl);
  for (const auto& m : mechanisms) PutCString(buf_, m);
  buf_.push_back('\0');
  End();
}

void BackendWriter::AuthenticationSaslContinue(std::string_view data) {
  Begin('R');
  PutInt<int32_t>(buf_, kAuthSaslContinue);
  buf_.append(data);
  End();
}

void BackendWriter::AuthenticationSaslFinal(std::string_view data) {
  Begin('R');
  PutInt<int32_t>(buf_, kAuthSaslFinal);
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
  PutInt<uint16_t>(buf_, static_cast<uint16_t>(fields.size()));
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

void BackendWriter::DataRow(const std::vector<std::optional<std::string>>& values) {
  BeginDataRow(static_cast<uint16_t>(values.size()));
  for (const auto& v : values) {
    if (v.has_value()) {
      AddField(*v);
    } else {
      AddNull();
    }
  }
  EndDataRow();
}

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
  field('V', info.severity);  // the non-localized severity (9.6+)
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
  PutInt<uint16_t>(buf_, static_cast<uint16_t>(oids.size()));
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

}  // namespace freshet::pgwire
