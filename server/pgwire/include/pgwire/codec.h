// The PostgreSQL protocol 3.0 codec: bytes <-> typed messages (messages.h).
//
// Pure: no I/O, no SQL. Every length and count is checked against the bytes
// actually present before anything is allocated, so any input either decodes
// or fails with an absl::Status carrying a SQLSTATE (08P01 protocol_violation
// unless stated otherwise), worded as PostgreSQL words it; nothing crashes,
// asserts or over-allocates. This is the fuzz target for the wire protocol.
// Free functions are thread-safe; a writer belongs to one thread at a time.
//
// Framing, as the server sees it:
//   startup phase   int32 length (counting itself), int32 code, body
//                   -> DecodeStartupLength, then DecodeStartupPacket
//   afterwards      byte tag, int32 length (counting itself), body
//                   -> DecodeHeader, then DecodeFrontend
// MessageReader (message_reader.h) does both over a byte stream.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "pgwire/messages.h"

namespace freshet::pgwire {

// PostgreSQL's protocol codes for the untyped startup packets.
inline constexpr int32_t kProtocolV3 = 196608;  // 3.0 = (3 << 16) | 0
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;
inline constexpr int32_t kCancelRequestCode = 80877102;
// PostgreSQL's MAX_STARTUP_PACKET_LENGTH, including the length word.
inline constexpr uint32_t kMaxStartupPacketSize = 10000;

// ---- Decoding what clients send.

// The length word of a startup packet (it counts itself). Fails unless
// 8 <= length <= max_len ("invalid length of startup packet").
absl::StatusOr<uint32_t> DecodeStartupLength(const char bytes[4], uint32_t max_len = kMaxStartupPacketSize);

// A startup packet without its length word: the int32 code, then the body.
// Protocol 3.x is accepted for any x (remembered in StartupMessage::minor);
// any other version fails with 0A000 "unsupported frontend protocol M.m:
// server supports 3.0 to 3.0". A StartupMessage without a non-empty "user"
// fails with 28000. Parameters must be NUL-terminated name/value pairs
// ending with an empty name; anything else is "invalid startup packet
// layout: expected terminator as last byte".
absl::StatusOr<StartupRequest> DecodeStartupPacket(std::string_view packet);

// The "_pq_."-prefixed parameter names of `startup`: protocol options, none
// of which Freshet supports. If this is non-empty or startup.minor > 0, a
// server answers BackendWriter::NegotiateProtocolVersion(0, options), as
// PostgreSQL does.
std::vector<std::string> ProtocolOptions(const StartupMessage& startup);

struct MessageHeader {
  char tag = 0;
  uint32_t body_len = 0;  // without the tag and the length word
};
// The 5-byte header of a regular message. A length word below 4 is 08P01
// "invalid message length"; a body longer than `max_body` is 54000
// "message too large", with both sizes in the detail.
absl::StatusOr<MessageHeader> DecodeHeader(const char bytes[5], uint32_t max_body);

// One frontend message body. Strings must end with a NUL inside the body;
// bytes left after the last field are "invalid message format"; an unknown
// tag is "invalid frontend message type N". 'p' is returned undecoded as
// PasswordLike, to be read with one of the three functions below.
absl::StatusOr<FrontendMessage> DecodeFrontend(char tag, std::string_view body);
// PasswordMessage: one NUL-terminated string filling the body.
absl::StatusOr<std::string> DecodePasswordMessage(std::string_view body);
// SASLInitialResponse: mechanism name, int32 length (-1 = none), data.
absl::StatusOr<SaslInitialResponse> DecodeSaslInitialResponse(std::string_view body);
// SASLResponse: the whole body is the mechanism's data. Never fails.
absl::StatusOr<SaslResponse> DecodeSaslResponse(std::string_view body);

// ---- Decoding what servers send (for test clients and tools).

// One backend message body. ErrorResponse / NoticeResponse become ErrorInfo
// (an absent C field leaves `code` empty).
absl::StatusOr<BackendMessage> DecodeBackend(char tag, std::string_view body);

// Frames messages into a string; shared by both writers.
class MessageFramer {
 public:
  explicit MessageFramer(std::string& out) : out_(out) {}
  void Begin(char tag);  // tag + placeholder length
  void BeginUntyped();   // placeholder length only (startup packets)
  void End();            // patches the length of the message begun last
  void Empty(char tag);  // a message with an empty body

 private:
  std::string& out_;
  size_t start_ = 0;
};

// ---- Encoding what the server sends. Appends to an internal buffer that
// the caller writes out and clears (or takes). Strings must not contain NUL
// (the protocol cannot carry one); lists hold at most 65535 entries
// (PostgreSQL allows 1664 columns), which the caller guarantees.
class BackendWriter {
 public:
  BackendWriter() = default;
  BackendWriter(const BackendWriter&) = delete;  // framer_ refers to buf_
  BackendWriter& operator=(const BackendWriter&) = delete;
  std::string_view data() const { return buf_; }
  size_t size() const { return buf_.size(); }
  void Clear() { buf_.clear(); }
  // Hands over the bytes written so far and leaves the writer empty.
  std::string Take() { return std::exchange(buf_, std::string()); }

  void AuthenticationOk();
  void AuthenticationCleartextPassword();
  void AuthenticationSasl(const std::vector<std::string>& mechanisms);
  void AuthenticationSaslContinue(std::string_view data);
  void AuthenticationSaslFinal(std::string_view data);
  void ParameterStatus(std::string_view name, std::string_view value);
  void BackendKeyData(int32_t pid, int32_t secret_key);
  void ReadyForQuery(char status);  // 'I', 'T' or 'E'
  void RowDescription(const std::vector<FieldDescription>& fields);
  // A DataRow built field by field without allocating (beyond the buffer's
  // growth): BeginDataRow(n), then exactly n AddField/AddNull, EndDataRow().
  void BeginDataRow(uint16_t ncols);
  void AddField(std::string_view value);
  void AddNull();
  void EndDataRow();
  // The same, for callers that already hold a row.
  void DataRow(const std::vector<std::optional<std::string>>& values);
  void CommandComplete(std::string_view tag);
  void EmptyQueryResponse();
  // Fields S and V (severity), C, M, then D, H, P when non-empty / non-zero.
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

// ---- The client side, for tests and test tools. Same buffer contract.
class FrontendWriter {
 public:
  FrontendWriter() = default;
  FrontendWriter(const FrontendWriter&) = delete;  // framer_ refers to buf_
  FrontendWriter& operator=(const FrontendWriter&) = delete;
  std::string_view data() const { return buf_; }
  size_t size() const { return buf_.size(); }
  void Clear() { buf_.clear(); }
  std::string Take() { return std::exchange(buf_, std::string()); }

  // A StartupMessage for protocol 3.`minor`.
  void Startup(const std::vector<std::pair<std::string, std::string>>& params, int minor = 0);
  void SslRequest();
  void GssEncRequest();
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
  void CopyData(std::string_view data);
  void CopyDone();
  void CopyFail(std::string_view message);
  void FunctionCall(const pgwire::FunctionCall& call);
  void Password(std::string_view password);
  // `data` nullopt = no initial response (length -1).
  void SaslInitialResponse(std::string_view mechanism, std::optional<std::string_view> data);
  void SaslResponse(std::string_view data);

 private:
  void Begin(char tag);
  void End();
  std::string buf_;
  MessageFramer framer_{buf_};
};

}  // namespace freshet::pgwire
