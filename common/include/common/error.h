// Client-visible errors: an absl::Status that carries what a PostgreSQL
// ErrorResponse needs (SQLSTATE, message, detail, hint, position).
//
// Every module returns absl::Status / absl::StatusOr at its boundary. Errors a
// client may see are built with `Error`, which stores the SQLSTATE and the
// optional fields as payloads; pgwire renders any status with ToErrorInfo(),
// so a status without a SQLSTATE (a bug or an I/O failure) still reaches the
// client as XX000 with its message instead of being dropped.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace freshet {

// SQLSTATE codes used by Freshet (PostgreSQL's appendix A names).
namespace sqlstate {
inline constexpr char kSuccessfulCompletion[] = "00000";
inline constexpr char kWarning[] = "01000";
inline constexpr char kProtocolViolation[] = "08P01";
inline constexpr char kFeatureNotSupported[] = "0A000";
inline constexpr char kInvalidParameterValue[] = "22023";
inline constexpr char kDivisionByZero[] = "22012";
inline constexpr char kNumericValueOutOfRange[] = "22003";
inline constexpr char kInvalidTextRepresentation[] = "22P02";
inline constexpr char kInvalidBinaryRepresentation[] = "22P03";
inline constexpr char kStringDataRightTruncation[] = "22001";
inline constexpr char kDatetimeFieldOverflow[] = "22008";
inline constexpr char kInvalidDatetimeFormat[] = "22007";
inline constexpr char kDataException[] = "22000";
inline constexpr char kNullValueNotAllowed[] = "22004";
inline constexpr char kNotNullViolation[] = "23502";
inline constexpr char kDuplicateColumn[] = "42701";
inline constexpr char kInvalidCatalogName[] = "3D000";
inline constexpr char kInvalidSchemaName[] = "3F000";
inline constexpr char kActiveSqlTransaction[] = "25001";
inline constexpr char kNoActiveSqlTransaction[] = "25P01";
inline constexpr char kInFailedSqlTransaction[] = "25P02";
inline constexpr char kInvalidSqlStatementName[] = "26000";
inline constexpr char kInvalidAuthorizationSpecification[] = "28000";
inline constexpr char kInvalidPassword[] = "28P01";
inline constexpr char kInsufficientPrivilege[] = "42501";
inline constexpr char kInvalidCursorName[] = "34000";
inline constexpr char kSyntaxError[] = "42601";
inline constexpr char kUndefinedColumn[] = "42703";
inline constexpr char kUndefinedFunction[] = "42883";
inline constexpr char kUndefinedTable[] = "42P01";
inline constexpr char kUndefinedObject[] = "42704";
inline constexpr char kDuplicateObject[] = "42710";
inline constexpr char kDependentObjectsStillExist[] = "2BP01";
inline constexpr char kDatatypeMismatch[] = "42804";
inline constexpr char kIndeterminateDatatype[] = "42P18";
inline constexpr char kAmbiguousColumn[] = "42702";
inline constexpr char kInvalidColumnReference[] = "42P10";
inline constexpr char kAmbiguousFunction[] = "42725";
inline constexpr char kCannotCoerce[] = "42846";
inline constexpr char kGroupingError[] = "42803";
inline constexpr char kCardinalityViolation[] = "21000";
inline constexpr char kInvalidObjectDefinition[] = "42P17";
inline constexpr char kInvalidParameterValueWrongObjectType[] = "42809";
inline constexpr char kCantChangeRuntimeParam[] = "55P02";
inline constexpr char kQueryCanceled[] = "57014";
inline constexpr char kAdminShutdown[] = "57P01";
inline constexpr char kProgramLimitExceeded[] = "54000";
inline constexpr char kTooManyConnections[] = "53300";
inline constexpr char kInternalError[] = "XX000";
}  // namespace sqlstate

// Everything an ErrorResponse / NoticeResponse carries.
struct ErrorInfo {
  std::string severity = "ERROR";  // ERROR, FATAL, NOTICE, WARNING ...
  std::string code = sqlstate::kInternalError;
  std::string message;
  std::string detail;  // empty = absent
  std::string hint;    // empty = absent
  int position = 0;    // 1-based character offset into the query; 0 = absent
};

// A NOTICE for the client (IF [NOT] EXISTS skips and the like).
ErrorInfo Notice(std::string_view code, std::string message);

// Builds a client-visible error:
//   return Error(sqlstate::kFeatureNotSupported, "CREATE SINK is not supported").Hint("...");
class Error {
 public:
  Error(std::string_view code, std::string message);
  Error& Detail(std::string detail);
  Error& Hint(std::string hint);
  Error& Position(int position);
  Error& Severity(std::string severity);  // e.g. FATAL for connection-ending errors
  operator absl::Status() const;          // NOLINT(google-explicit-constructor)
  absl::Status ToStatus() const { return *this; }

 private:
  ErrorInfo info_;
};

// The error info carried by `status` (which must not be OK). A status built
// without Error becomes an XX000 internal error with the status' message.
ErrorInfo ToErrorInfo(const absl::Status& status);

// The SQLSTATE of `status`, or "XX000" when it has none.
std::string SqlStateOf(const absl::Status& status);

// `status` with its position set (if it has none yet). Positions are 1-based.
absl::Status WithPosition(absl::Status status, int position);

// `status` with its position (if it has one) moved by `delta` characters:
// for errors in SQL text that was embedded in a larger statement.
absl::Status ShiftPosition(absl::Status status, int delta);

// Shorthand for the common "feature not supported" error.
absl::Status NotSupported(std::string what);

}  // namespace freshet
