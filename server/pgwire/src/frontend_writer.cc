// Encoding frontend messages, for test clients and tools.
#include "pgwire/codec.h"
#include "wire_reader.h"

namespace freshet::pgwire {
namespace {

void PutInt16List(std::string& out, const std::vector<int16_t>& list) {
  PutInt<uint16_t>(out, static_cast<uint16_t>(list.size()));
  for (int16_t v : list) PutInt<int16_t>(out, v);
}

void PutValueList(std::string& out, const std::vector<std::optional<std::string>>& values) {
  PutInt<uint16_t>(out, static_cast<uint16_t>(values.size()));
  for (const auto& v : values) {
    if (!v.has_value()) {
      PutInt<int32_t>(out, -1);
      continue;
    }
    PutInt<int32_t>(out, static_cast<int32_t>(v->size()));
    out.append(*v);
  }
}

}  // namespace

void FrontendWriter::Begin(char tag) { framer_.Begin(tag); }

void FrontendWriter::End() { framer_.End(); }

void FrontendWriter::Startup(const std::vector<std::pair<std::string, std::string>>& params, int minor) {
  framer_.BeginUntyped();
  PutInt<int32_t>(buf_, (3 << 16) | (minor & 0xffff));
  for (const auto& [name, value] : params) {
    PutCString(buf_, name);
    PutCString(buf_, value);
  }
  buf_.push_back('\0');
  End();
}

void FrontendWriter::SslRequest() {
  PutInt<int32_t>(buf_, 8);
  PutInt<int32_t>(buf_, kSslRequestCode);
}

void FrontendWriter::GssEncRequest() {
  PutInt<int32_t>(buf_, 8);
  PutInt<int32_t>(buf_, kGssEncRequestCode);
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
  PutInt<uint16_t>(buf_, static_cast<uint16_t>(oids.size()));
  for (uint32_t oid : oids) PutInt<uint32_t>(buf_, oid);
  End();
}

void FrontendWriter::Bind(const pgwire::Bind& b) {
  Begin('B');
  PutCString(buf_, b.portal);
  PutCString(buf_, b.statement);
  PutInt16List(buf_, b.param_formats);
  PutValueList(buf_, b.params);
  PutInt16List(buf_, b.result_formats);
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

void FrontendWriter::CopyData(std::string_view data) {
  Begin('d');
  buf_.append(data);
  End();
}

void FrontendWriter::CopyDone() { framer_.Empty('c'); }

void FrontendWriter::CopyFail(std::string_view message) {
  Begin('f');
  PutCString(buf_, message);
  End();
}

void FrontendWriter::FunctionCall(const pgwire::FunctionCall& call) {
  Begin('F');
  PutInt<uint32_t>(buf_, call.function_oid);
  PutInt16List(buf_, call.arg_formats);
  PutValueList(buf_, call.args);
  PutInt<int16_t>(buf_, call.result_format);
  End();
}

void FrontendWriter::Password(std::string_view password) {
  Begin('p');
  PutCString(buf_, password);
  End();
}

void FrontendWriter::SaslInitialResponse(std::string_view mechanism, std::optional<std::string_view> data) {
  Begin('p');
  PutCString(buf_, mechanism);
  if (data.has_value()) {
    PutInt<int32_t>(buf_, static_cast<int32_t>(data->size()));
    buf_.append(*data);
  } else {
    PutInt<int32_t>(buf_, -1);
  }
  End();
}

void FrontendWriter::SaslResponse(std::string_view data) {
  Begin('p');
  buf_.append(data);
  End();
}

}  // namespace freshet::pgwire
