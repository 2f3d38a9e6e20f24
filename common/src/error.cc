#include "common/error.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace freshet {
namespace {

constexpr char kCodeUrl[] = "freshet/sqlstate";
constexpr char kDetailUrl[] = "freshet/detail";
constexpr char kHintUrl[] = "freshet/hint";
constexpr char kPositionUrl[] = "freshet/position";
constexpr char kSeverityUrl[] = "freshet/severity";

// A canonical absl code for a SQLSTATE class, so code that only looks at
// absl codes (retries, logs) still sees something meaningful.
absl::StatusCode CanonicalCode(const std::string& code) {
  std::string cls = code.substr(0, 2);
  if (cls == "0A") return absl::StatusCode::kUnimplemented;
  if (cls == "28") return absl::StatusCode::kUnauthenticated;
  if (cls == "42" || cls == "22") return absl::StatusCode::kInvalidArgument;
  if (cls == "25" || cls == "55") return absl::StatusCode::kFailedPrecondition;
  if (cls == "57") return absl::StatusCode::kCancelled;
  if (cls == "08") return absl::StatusCode::kUnavailable;
  if (cls == "53" || cls == "54") return absl::StatusCode::kResourceExhausted;
  return absl::StatusCode::kInternal;
}

std::string Payload(const absl::Status& status, const char* url) {
  auto p = status.GetPayload(url);
  return p.has_value() ? std::string(*p) : std::string();
}

}  // namespace

Error::Error(std::string_view code, std::string message) {
  info_.code = std::string(code);
  info_.message = std::move(message);
}

Error& Error::Detail(std::string detail) {
  info_.detail = std::move(detail);
  return *this;
}

Error& Error::Hint(std::string hint) {
  info_.hint = std::move(hint);
  return *this;
}

Error& Error::Position(int position) {
  info_.position = position;
  return *this;
}

Error& Error::Severity(std::string severity) {
  info_.severity = std::move(severity);
  return *this;
}

Error::operator absl::Status() const {
  absl::Status s(CanonicalCode(info_.code), info_.message);
  s.SetPayload(kCodeUrl, absl::Cord(info_.code));
  if (!info_.detail.empty()) s.SetPayload(kDetailUrl, absl::Cord(info_.detail));
  if (!info_.hint.empty()) s.SetPayload(kHintUrl, absl::Cord(info_.hint));
  if (info_.position > 0) s.SetPayload(kPositionUrl, absl::Cord(absl::StrCat(info_.position)));
  if (info_.severity != "ERROR") s.SetPayload(kSeverityUrl, absl::Cord(info_.severity));
  return s;
}

ErrorInfo ToErrorInfo(const absl::Status& status) {
  ErrorInfo info;
  info.message = std::string(status.message());
  if (info.message.empty()) info.message = absl::StatusCodeToString(status.code());
  std::string code = Payload(status, kCodeUrl);
  if (!code.empty()) info.code = code;
  info.detail = Payload(status, kDetailUrl);
  info.hint = Payload(status, kHintUrl);
  std::string severity = Payload(status, kSeverityUrl);
  if (!severity.empty()) info.severity = severity;
  std::string pos = Payload(status, kPositionUrl);
  if (!pos.empty() && !absl::SimpleAtoi(pos, &info.position)) info.position = 0;
  return info;
}

std::string SqlStateOf(const absl::Status& status) {
  std::string code = Payload(status, kCodeUrl);
  return code.empty() ? std::string(sqlstate::kInternalError) : code;
}

absl::Status WithPosition(absl::Status status, int position) {
  if (status.ok() || position <= 0 || status.GetPayload(kPositionUrl).has_value()) return status;
  status.SetPayload(kPositionUrl, absl::Cord(absl::StrCat(position)));
  return status;
}

absl::Status ShiftPosition(absl::Status status, int delta) {
  auto payload = status.GetPayload(kPositionUrl);
  int position = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &position)) return status;
  status.SetPayload(kPositionUrl, absl::Cord(absl::StrCat(std::max(1, position + delta))));
  return status;
}

absl::Status NotSupported(std::string what) {
  return Error(sqlstate::kFeatureNotSupported, std::move(what) + " is not supported");
}

ErrorInfo Notice(std::string_view code, std::string message) {
  ErrorInfo n;
  n.severity = "NOTICE";
  n.code = std::string(code);
  n.message = std::move(message);
  return n;
}

}  // namespace freshet
