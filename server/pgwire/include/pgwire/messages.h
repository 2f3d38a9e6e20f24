// Typed PostgreSQL protocol 3.0 messages, both directions.
// Plain data; see codec.h for the byte encodings.
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
struct SslRequest {};
struct GssEncRequest {};
struct CancelRequest {
  int32_t pid = 0;
  int32_t secret_key = 0;
};
struct StartupMessage {
  int major = 3;
  int minor = 0;
  std::vector<std::pair<std::string, std::string>> params;  // in wire order
};
using StartupRequest = std::variant<SslRequest, GssEncRequest, CancelRequest, StartupMessage>;

// ---- Frontend messages after startup (tag byte, int32 length, body).
struct Query {
  std::string sql;
};
struct Parse {
  std::string name;
  std::string query;
  std::vector<uint32_t> param_type_oids;
};
struct Bind {
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;
  std::vector<std::optional<std::string>> params;  // nullopt = NULL
  std::vector<int16_t> result_formats;
};
struct Describe {
  char kind = 'S';  // 'S' statement, 'P' portal
  std::string name;
};
struct Execute {
  std::string portal;
  int32_t max_rows = 0;  // 0 = no limit
};
struct Close {
  char kind = 'S';
  std::string name;
};
struct Sync {};
struct Flush {};
struct Terminate {};
struct CopyData {
  std::string data;
};
struct CopyDone {};
struct CopyFail {
  std::string message;
};
struct FunctionCall {};
// 'p': a password, SASLInitialResponse or SASLResponse; which one depends on
// the authentication exchange, so the body is decoded by the caller.
struct PasswordLike {
  std::string body;
};
using FrontendMessage = std::variant<Query, Parse, Bind, Describe, Execute, Close, Sync, Flush, Terminate, CopyData,
                                     CopyDone, CopyFail, FunctionCall, PasswordLike>;

struct SaslInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;
};
struct SaslResponse {
  std::string data;
};

// ---- Backend messages.
struct FieldDescription {
  std::string name;
  uint32_t table_oid = 0;
  int16_t column_attr = 0;
  uint32_t type_oid = 0;
  int16_t type_size = -1;
  int32_t type_modifier = -1;
  int16_t format = 0;
  bool operator==(const FieldDescription&) const = default;
};

struct Authentication {
  int32_t code = 0;  // 0 ok, 3 cleartext, 10 SASL, 11 SASL continue, 12 SASL final
  std::string data;  // SASL payload; for code 10 the NUL-separated mechanism list
};
struct ParameterStatus {
  std::string name, value;
};
struct BackendKeyData {
  int32_t pid = 0, secret_key = 0;
};
struct ReadyForQuery {
  char status = 'I';
};
struct RowDescription {
  std::vector<FieldDescription> fields;
};
struct DataRow {
  std::vector<std::optional<std::string>> values;
};
struct CommandComplete {
  std::string tag;
};
struct EmptyQueryResponse {};
struct ErrorResponse {
  ErrorInfo info;
};
struct NoticeResponse {
  ErrorInfo info;
};
struct ParseComplete {};
struct BindComplete {};
struct CloseComplete {};
struct NoData {};
struct ParameterDescription {
  std::vector<uint32_t> type_oids;
};
struct PortalSuspended {};
struct NegotiateProtocolVersion {
  int32_t newest_minor = 0;
  std::vector<std::string> unrecognized;
};
using BackendMessage =
    std::variant<Authentication, ParameterStatus, BackendKeyData, ReadyForQuery, RowDescription, DataRow,
                 CommandComplete, EmptyQueryResponse, ErrorResponse, NoticeResponse, ParseComplete, BindComplete,
                 CloseComplete, NoData, ParameterDescription, PortalSuspended, NegotiateProtocolVersion>;

}  // namespace freshet::pgwire
