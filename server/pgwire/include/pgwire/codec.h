// The PostgreSQL protocol 3.0 codec: bytes <-> typed messages (messages.h).
//
// Pure: no I/O, no SQL. Every length and count is checked against the bytes
// actually present before anything is allocated, so any input either decodes
// or fails with an 08P01 (protocol_violation) error; nothing crashes. This is
// the fuzz target for the wire protocol. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "pgwire/messages.h"

namespace freshet::pgwire {

// PostgreSQL's protocol codes for the untyped startup packets.
inline constexpr int32_t kProtocolV3 = 196608;  // 3.0
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;
inline constexpr int32_t kCancelRequestCode = 80877102;

// ---- Decoding what clients send.

// The length word of a startup packet (it counts itself): 8..max_len.
absl::StatusOr<uint32_t> DecodeStartupLength(const char bytes[4], uint32_t max_len);
// A startup packet without its length word.
absl::StatusOr<StartupRequest> DecodeStartupPacket(std::string_view packet);

struct MessageHeader {
  char tag = 0;
  uint32_t body_len = 0;  // without the tag and the length word
};
// The 5-byte header of a regular message. A body over `max_body` is 54000.
absl::StatusOr<MessageHeader> DecodeHeader(const char bytes[5], uint32_t max_body);
absl::StatusOr<FrontendMessage> DecodeFrontend(char tag, std::string_view body);
absl::StatusOr<std::string> DecodePasswordMessage(std::string_view body);
absl::StatusOr<SaslInitialResponse> DecodeSaslInitialResponse(std::string_view body);
absl::StatusOr<SaslResponse> DecodeSaslResponse(std::string_view body);

// Frames messages into a string (implementation detail of the writers).
class MessageFramer {
 public:
  explicit MessageFramer(std::string& out) : out_(out) {}
  void Begin(char tag);  // tag + placeholder length
  void BeginUntyped();   // placeholder length only (startup packets)
  void End();            // patches the length
  void Empty(char tag);  // a message with an empty body

 private:
  std::string& out_;
  size_t start_ = 0;
};

// ---- Encoding what the server sends. Appends to an internal buffer.
class BackendWriter {
 public:
  BackendWriter() = default;
  BackendWriter(const BackendWriter&) = delete;  // framer_ refers to buf_
  BackendWriter& operator=(const BackendWriter&) = delete;
  std::string_view data() const { return buf_; }
  size_t size() const { return buf_.size(); }
  void Clear() { buf_.clear(); }

  void AuthenticationOk();
  void AuthenticationCleartextPassword();
  void AuthenticationSasl(const std::vector<std::string>& mechanisms);
  void AuthenticationSaslContinue(std::string_view data);
  void AuthenticationSaslFinal(std::string_view data);
  void ParameterStatus(std::string_view name, std::string_view value);
  void BackendKeyData(int32_t pid, int32_t secret_key);
  void ReadyForQuery(char status);
  void RowDescription(const std::vector<FieldDescription>& fields);
  // A DataRow built field by field, without allocating per row.
  void BeginDataRow(uint16_t ncols);
  void AddField(std::string_view value);
  void AddNull();
  void EndDataRow();
  void CommandComplete(std::string_view tag);
  void EmptyQueryResponse();
  void ErrorResponse(const ErrorInfo& info);
  void NoticeResponse(const ErrorInfo& info);
  void ParseComplete();
  void BindComplete();
  void CloseComplete();
  void NoData();
  void ParameterDescription(const std::vector<uint32_t>& oids);
  void PortalSuspended();
  void NegotiateProtocolVersion(int32_t newest_minor, const std::vector<std::string>& unrecognized);

 private:
  void Begin(char tag);
  void End();
  void Fields(char tag, const ErrorInfo& info);
  std::string buf_;
  MessageFramer framer_{buf_};
};

// ---- The other direction, for clients written in tests and tools.
class FrontendWriter {
 public:
  FrontendWriter() = default;
  FrontendWriter(const FrontendWriter&) = delete;  // framer_ refers to buf_
  FrontendWriter& operator=(const FrontendWriter&) = delete;
  std::string_view data() const { return buf_; }
  void Clear() { buf_.clear(); }

  void Startup(const std::vector<std::pair<std::string, std::string>>& params);
  void SslRequest();
  void CancelRequest(int32_t pid, int32_t secret_key);
  void Query(std::string_view sql);
  void Parse(std::string_view name, std::string_view query, const std::vector<uint32_t>& oids);
  void Bind(const pgwire::Bind& bind);
  void Describe(char kind, std::string_view name);
  void Execute(std::string_view portal, int32_t max_rows);
  void Close(char kind, std::string_view name);
  void Sync();
  void Flush();
  void Terminate();
  void Password(std::string_view password);
  void SaslInitialResponse(std::string_view mechanism, std::string_view data);
  void SaslResponse(std::string_view data);

 private:
  void Begin(char tag);
  void End();
  std::string buf_;
  MessageFramer framer_{buf_};
};

absl::StatusOr<BackendMessage> DecodeBackend(char tag, std::string_view body);

}  // namespace freshet::pgwire
