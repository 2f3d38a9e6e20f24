// Typed PostgreSQL protocol 3.0 messages, both directions.
//
// Plain data with value semantics; codec.h has the byte encodings and
// message_reader.h the incremental reader. Field names follow the protocol
// documentation ("Message Formats" in the PostgreSQL manual). Counts that the
// protocol sends as 16-bit integers are unsigned (0..65535) on the wire, as
// PostgreSQL reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/error.h"

namespace freshet::pgwire {

// ---- The startup phase: untyped packets (int32 length, int32 code, body).
struct SslRequest {
  bool operator==(const SslRequest&) const = default;
};
struct GssEncRequest {
  bool operator==(const GssEncRequest&) const = default;
};
struct CancelRequest {
  int32_t pid = 0;
  int32_t secret_key = 0;
  bool operator==(const CancelRequest&) const = default;
};
struct StartupMessage {
  int major = 3;
  int minor = 0;  // 3.x with x > 0 is accepted; answer with NegotiateProtocolVersion
  // user, database, options, application_name, ... in wire order. Names
  // starting with "_pq_." are protocol options, see ProtocolOptions().
  std::vector<std::pair<std::string, std::string>> params;
  bool operator==(const StartupMessage&) const = default;
};
using StartupRequest = std::variant<SslRequest, GssEncRequest, CancelRequest, StartupMessage>;

// ---- Frontend messages after startup (tag byte, int32 length, body).
struct Query {  // 'Q'
  std::string sql;
  bool operator==(const Query&) const = default;
};
struct Parse {  // 'P'
  std::string name;
  std::string query;
  std::vector<uint32_t> param_type_oids;  // 0 = unspecified
  bool operator==(const Parse&) const = default;
};
// 'B'. The codec checks the framing only; whether the format counts fit the
// parameter count (0, 1 or one per parameter) is for the caller to check, as
// PostgreSQL reports that as an error of the Bind, not of the connection.
struct Bind {
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;
  std::vector<std::optional<std::string>> params;  // nullopt = NULL (length -1)
  std::vector<int16_t> result_formats;
  bool operator==(const Bind&) const = default;
};
struct Describe {  // 'D'
  char kind = 'S';  // 'S' statement, 'P' portal
  std::string name;
  bool operator==(const Describe&) const = default;
};
struct Execute {  // 'E'
  std::string portal;
  int32_t max_rows = 0;  // 0 (or negative) = no limit
  bool operator==(const Execute&) const = default;
};
struct Close {  // 'C'
  char kind = 'S';  // 'S' statement, 'P' portal
  std::string name;
  bool operator==(const Close&) const = default;
};
struct Sync {  // 'S'
  bool operator==(const Sync&) const = default;
};
struct Flush {  // 'H'
  bool operator==(const Flush&) const = default;
};
struct Terminate {  // 'X'
  bool operator==(const Terminate&) const = default;
};
struct CopyData {  // 'd'
  std::string data;
  bool operator==(const CopyData&) const = default;
};
struct CopyDone {  // 'c'
  bool operator==(const CopyDone&) const = default;
};
struct CopyFail {  // 'f'
  std::string message;
  bool operator==(const CopyFail&) const = default;
};
// 'F', the legacy fast-path function call. Decoded fully so that a
// well-formed one can be rejected politely and a malformed one as such.
struct FunctionCall {
  uint32_t function_oid = 0;
  std::vector<int16_t> arg_formats;
  std::vector<std::optional<std::string>> args;
  int16_t result_format = 0;
  bool operator==(const FunctionCall&) const = default;
};
// 'p': a PasswordMessage, SASLInitialResponse or SASLResponse. Which one
// depends on the authentication exchange, so the caller decodes the body
// with DecodePasswordMessage / DecodeSaslInitialResponse / DecodeSaslResponse.
struct PasswordLike {
  std::string body;
  bool operator==(const PasswordLike&) const = default;
};
using FrontendMessage = std::variant<Query, Parse, Bind, Describe, Execute, Close, Sync, Flush, Terminate, CopyData,
                                     CopyDone, CopyFail, FunctionCall, PasswordLike>;

// The bodies a 'p' message can carry during SASL authentication.
struct SaslInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;  // nullopt = length -1 (no initial response)
  bool operator==(const SaslInitialResponse&) const = default;
};
struct SaslResponse {
  std::string data;
  bool operator==(const SaslResponse&) const = default;
};

// ---- Backend messages.
struct FieldDescription {
  std::string name;
  uint32_t table_oid = 0;
  int16_t column_attr = 0;
  uint32_t type_oid = 0;
  int16_t type_size = -1;
  int32_t type_modifier = -1;
  int16_t format = 0;  // 0 text, 1 binary
  bool operator==(const FieldDescription&) const = default;
};

// Authentication codes ('R' messages).
inline constexpr int32_t kAuthOk = 0;
inline constexpr int32_t kAuthCleartextPassword = 3;
inline constexpr int32_t kAuthSasl = 10;
inline constexpr int32_t kAuthSaslContinue = 11;
inline constexpr int32_t kAuthSaslFinal = 12;

struct Authentication {  // 'R'
  int32_t code = kAuthOk;
  // The SASL payload for codes 11 and 12; for code 10 the mechanism names,
  // each NUL-terminated, plus the final empty name's NUL.
  std::string data;
  bool operator==(const Authentication&) const = default;
};
struct ParameterStatus {  // 'S'
  std::string name, value;
  bool operator==(const ParameterStatus&) const = default;
};
struct BackendKeyData {  // 'K'
  int32_t pid = 0, secret_key = 0;
  bool operator==(const BackendKeyData&) const = default;
};
struct ReadyForQuery {  // 'Z'
  char status = 'I';  // 'I' idle, 'T' in a transaction, 'E' in a failed one
  bool operator==(const ReadyForQuery&) const = default;
};
struct RowDescription {  // 'T'
  std::vector<FieldDescription> fields;
  bool operator==(const RowDescription&) const = default;
};
struct DataRow {  // 'D'
  std::vector<std::optional<std::string>> values;  // nullopt = NULL
  bool operator==(const DataRow&) const = default;
};
struct CommandComplete {  // 'C'
  std::string tag;
  bool operator==(const CommandComplete&) const = default;
};
struct EmptyQueryResponse {  // 'I'
  bool operator==(const EmptyQueryResponse&) const = default;
};
// 'E' and 'N'. Decoding keeps S (severity), C, M, D, H and P; the other
// fields PostgreSQL may send (V, W, F, L, R, ...) are skipped.
struct ErrorResponse {
  ErrorInfo info;
};
struct NoticeResponse {
  ErrorInfo info;
};
struct ParseComplete {  // '1'
  bool operator==(const ParseComplete&) const = default;
};
struct BindComplete {  // '2'
  bool operator==(const BindComplete&) const = default;
};
struct CloseComplete {  // '3'
  bool operator==(const CloseComplete&) const = default;
};
struct NoData {  // 'n'
  bool operator==(const NoData&) const = default;
};
struct ParameterDescription {  // 't'
  std::vector<uint32_t> type_oids;
  bool operator==(const ParameterDescription&) const = default;
};
struct PortalSuspended {  // 's'
  bool operator==(const PortalSuspended&) const = default;
};
struct NegotiateProtocolVersion {  // 'v'
  int32_t newest_minor = 0;
  std::vector<std::string> unrecognized;  // "_pq_." options the server does not know
  bool operator==(const NegotiateProtocolVersion&) const = default;
};
using BackendMessage =
    std::variant<Authentication, ParameterStatus, BackendKeyData, ReadyForQuery, RowDescription, DataRow,
                 CommandComplete, EmptyQueryResponse, ErrorResponse, NoticeResponse, ParseComplete, BindComplete,
                 CloseComplete, NoData, ParameterDescription, PortalSuspended, NegotiateProtocolVersion>;

}  // namespace freshet::pgwire
