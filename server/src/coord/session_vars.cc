#include "session_vars.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/error.h"
#include "server_info.h"

namespace freshet::coord {

namespace {

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

std::optional<std::string> NormalizeEncoding(const std::string& v) {
  std::string l = Lower(v);
  if (l == "utf8" || l == "utf-8" || l == "unicode") return "UTF8";
  return std::nullopt;
}

std::optional<std::string> NormalizeDateStyle(const std::string& v) {
  for (absl::string_view part : absl::StrSplit(Lower(v), ',')) {
    std::string p(absl::StripAsciiWhitespace(part));
    if (p != "iso" && p != "mdy") return std::nullopt;
  }
  return "ISO, MDY";
}

std::optional<std::string> NormalizeIntervalStyle(const std::string& v) {
  if (Lower(v) == "postgres") return "postgres";
  return std::nullopt;
}

std::optional<std::string> NormalizeTimeZone(const std::string& v) {
  std::string l = Lower(v);
  if (l == "utc" || l == "+00:00" || l == "etc/utc" || l == "gmt" || l == "z" || l == "zulu" || l == "0") {
    return "UTC";
  }
  return std::nullopt;
}

std::optional<std::string> NormalizeOn(const std::string& v) {
  std::string l = Lower(v);
  if (l == "on" || l == "true" || l == "yes" || l == "1") return "on";
  return std::nullopt;
}

std::optional<std::string> NormalizeIsolation(const std::string& v) {
  std::string l = Lower(v);
  if (l == "strict serializable") return "strict serializable";
  // PostgreSQL's weaker levels run as serializable, as in Materialize.
  if (l == "serializable" || l == "repeatable read" || l == "read committed" || l == "read uncommitted") {
    return "serializable";
  }
  return std::nullopt;
}

std::optional<std::string> NormalizeMessageLevel(const std::string& v) {
  static constexpr std::string_view kLevels[] = {"debug5", "debug4", "debug3", "debug2", "debug1", "debug",
                                                 "log",    "info",   "notice", "warning", "error"};
  std::string l = Lower(v);
  for (std::string_view level : kLevels) {
    if (l == level) return l;
  }
  return std::nullopt;
}

std::optional<std::string> NormalizeFloatDigits(const std::string& v) {
  int n;
  if (!absl::SimpleAtoi(v, &n) || n < -15 || n > 3) return std::nullopt;
  return absl::StrCat(n);
}

// Durations as PostgreSQL's GUC units: a bare number is milliseconds;
// ms, s, min, h, d suffixes.
std::optional<int64_t> ParseDurationMs(const std::string& v) {
  std::string l = Lower(std::string(absl::StripAsciiWhitespace(v)));
  size_t split = l.find_first_not_of("0123456789");
  int64_t n;
  if (!absl::SimpleAtoi(l.substr(0, split), &n) || n < 0) return std::nullopt;
  std::string unit = split == std::string::npos ? "ms" : std::string(absl::StripAsciiWhitespace(l.substr(split)));
  if (unit == "ms") return n;
  if (unit == "s") return n * 1000;
  if (unit == "min") return n * 60000;
  if (unit == "h") return n * 3600000;
  if (unit == "d") return n * 86400000;
  return std::nullopt;
}

// A duration shown as PostgreSQL shows it ("1min", "5s", "250ms").
std::optional<std::string> NormalizeDuration(const std::string& v) {
  std::optional<int64_t> parsed = ParseDurationMs(v);
  if (!parsed.has_value()) return std::nullopt;
  int64_t ms = *parsed;
  if (ms == 0) return "0";
  if (ms % 86400000 == 0) return absl::StrCat(ms / 86400000, "d");
  if (ms % 3600000 == 0) return absl::StrCat(ms / 3600000, "h");
  if (ms % 60000 == 0) return absl::StrCat(ms / 60000, "min");
  if (ms % 1000 == 0) return absl::StrCat(ms / 1000, "s");
  return absl::StrCat(ms, "ms");
}

}  // namespace

std::string ServerInfo::PgVersionString() const {
#if defined(__x86_64__)
  const char* target = "x86_64-pc-linux-gnu";
#elif defined(__aarch64__)
  const char* target = "aarch64-unknown-linux-gnu";
#else
  const char* target = "unknown-linux-gnu";
#endif
  return absl::StrCat("PostgreSQL 9.5 on ", target, " (Freshet v", version, ", Materialize-compatible)");
}

SessionVars::SessionVars(const ServerInfo& server, const std::string& user) {
  auto add = [&](Definition d) { defs_.push_back(std::move(d)); };
  add({"application_name", "application_name", "", "Sets the application name to be reported in statistics and logs.",
       true, false, nullptr, ""});
  add({"client_encoding", "client_encoding", "UTF8", "Sets the client's character set encoding.", true, false,
       NormalizeEncoding, "\"UTF8\""});
  add({"client_min_messages", "client_min_messages", "notice", "Sets the message levels that are sent to the client.",
       false, false, NormalizeMessageLevel, "debug5 to error"});
  add({"cluster", "cluster", "quickstart", "Sets the current cluster.", true, false, nullptr, ""});
  add({"cluster_replica", "cluster_replica", "", "Sets a target cluster replica for SELECT queries.", true, false,
       nullptr, ""});
  add({"database", "database", "materialize", "Sets the current database.", true, false, nullptr, ""});
  add({"datestyle", "DateStyle", "ISO, MDY", "Sets the display format for date and time values.", true, false,
       NormalizeDateStyle, "\"ISO, MDY\""});
  add({"extra_float_digits", "extra_float_digits", "3", "Adjusts the number of digits displayed for floating-point values.",
       false, false, NormalizeFloatDigits, "an integer from -15 to 3"});
  add({"idle_in_transaction_session_timeout", "idle_in_transaction_session_timeout", "2min",
       "Sets the maximum allowed duration of any idling transaction.", false, false, NormalizeDuration,
       "a duration such as 2min"});
  add({"integer_datetimes", "integer_datetimes", "on", "Reports whether the server uses 64-bit-integer dates and times.",
       true, true, nullptr, ""});
  add({"intervalstyle", "IntervalStyle", "postgres", "Sets the display format for interval values.", true, false,
       NormalizeIntervalStyle, "\"postgres\""});
  add({"is_superuser", "is_superuser", "off", "Reports whether the current session is a superuser.", true, true,
       nullptr, ""});
  add({"mz_version", "mz_version", server.MzVersion(), "Shows the server version.", true, true, nullptr, ""});
  add({"search_path", "search_path", "public", "Sets the schema search order for names that are not schema-qualified.",
       true, false, nullptr, ""});
  add({"server_encoding", "server_encoding", "UTF8", "Shows the server's character set encoding.", true, true,
       nullptr, ""});
  add({"server_version", "server_version", "9.5.0", "Shows the PostgreSQL compatible server version.", true, true,
       nullptr, ""});
  add({"server_version_num", "server_version_num", "90500", "Shows the PostgreSQL compatible server version as an integer.",
       false, true, nullptr, ""});
  add({"session_authorization", "session_authorization", user, "Shows the session user name.", true, true, nullptr,
       ""});
  add({"standard_conforming_strings", "standard_conforming_strings", "on",
       "Causes '...' strings to treat backslashes literally.", true, false, NormalizeOn, "\"on\""});
  add({"statement_timeout", "statement_timeout", "1min", "Sets the maximum allowed duration of any statement.",
       false, false, NormalizeDuration, "a duration such as 10s"});
  add({"timezone", "TimeZone", "UTC", "Sets the time zone for displaying and interpreting time stamps.", true, false,
       NormalizeTimeZone, "\"UTC\""});
  add({"transaction_isolation", "transaction_isolation", "strict serializable",
       "Sets the current transaction's isolation level.", false, false, NormalizeIsolation,
       "\"serializable\" or \"strict serializable\""});
  for (const Definition& d : defs_) values_[d.name] = d.default_value;
}

const SessionVars::Definition* SessionVars::Find(const std::string& name) const {
  std::string l = Lower(name);
  for (const Definition& d : defs_) {
    if (d.name == l) return &d;
  }
  return nullptr;
}

namespace {
absl::Status Unrecognized(const std::string& name) {
  return Error(sqlstate::kUndefinedObject, absl::StrCat("unrecognized configuration parameter \"", name, "\""));
}
}  // namespace

std::optional<std::string> SessionVars::DisplayName(const std::string& name) const {
  const Definition* d = Find(name);
  if (d == nullptr) return std::nullopt;
  return d->display_name;
}

std::vector<ParameterChange> SessionVars::Diff(const std::map<std::string, std::string>& before) const {
  std::vector<ParameterChange> out;
  for (const Definition& d : defs_) {
    if (d.reported && before.at(d.name) != values_.at(d.name)) out.push_back({d.display_name, values_.at(d.name)});
  }
  return out;
}

absl::StatusOr<std::vector<ParameterChange>> SessionVars::Set(const std::string& name,
                                                              const std::vector<std::string>& values, bool local,
                                                              bool in_transaction) {
  const Definition* d = Find(name);
  if (d == nullptr) return Unrecognized(name);
  if (d->read_only) {
    return Error(sqlstate::kCantChangeRuntimeParam, absl::StrCat("parameter \"", d->display_name, "\" cannot be changed"));
  }
  std::string value = values.empty() ? d->default_value : absl::StrJoin(values, ", ");
  if (!values.empty() && d->normalize != nullptr) {
    std::optional<std::string> normalized = d->normalize(value);
    if (!normalized.has_value()) {
      return Error(sqlstate::kInvalidParameterValue,
                   absl::StrCat("invalid value for parameter \"", d->display_name, "\": \"", value, "\""))
          .Hint(absl::StrCat("Accepted values: ", d->accepted, "."));
    }
    value = *normalized;
  }
  if (local && !in_transaction) return std::vector<ParameterChange>{};  // PostgreSQL warns and ignores
  std::map<std::string, std::string> before = values_;
  if (local && !before_local_.count(d->name)) before_local_[d->name] = values_[d->name];
  values_[d->name] = value;
  ++version_;
  return Diff(before);
}

absl::StatusOr<std::vector<ParameterChange>> SessionVars::Reset(const std::string& name) {
  std::map<std::string, std::string> before = values_;
  ++version_;
  if (name.empty() || name == "all") {
    for (const Definition& d : defs_) {
      if (!d.read_only) values_[d.name] = d.default_value;
    }
    return Diff(before);
  }
  const Definition* d = Find(name);
  if (d == nullptr) return Unrecognized(name);
  if (d->read_only) {
    return Error(sqlstate::kCantChangeRuntimeParam, absl::StrCat("parameter \"", d->display_name, "\" cannot be changed"));
  }
  values_[d->name] = d->default_value;
  return Diff(before);
}

std::optional<int64_t> SessionVars::GetDurationMs(const std::string& name) const {
  auto value = Get(name);
  if (!value.ok()) return std::nullopt;
  return ParseDurationMs(*value);
}

absl::StatusOr<std::string> SessionVars::Get(const std::string& name) const {
  const Definition* d = Find(name);
  if (d == nullptr) return Unrecognized(name);
  return values_.at(d->name);
}

std::vector<ParameterChange> SessionVars::Reported() const {
  std::vector<ParameterChange> out;
  for (const Definition& d : defs_) {
    if (d.reported) out.push_back({d.display_name, values_.at(d.name)});
  }
  return out;
}

std::vector<VarRow> SessionVars::All() const {
  std::vector<VarRow> rows;
  for (const Definition& d : defs_) rows.push_back({d.display_name, values_.at(d.name), d.description});
  return rows;
}

void SessionVars::BeginTransaction() {
  at_begin_ = values_;
  before_local_.clear();
  in_block_ = true;
}

std::vector<ParameterChange> SessionVars::EndTransaction(bool commit) {
  if (!in_block_) return {};
  ++version_;
  std::map<std::string, std::string> before = values_;
  if (!commit) {
    values_ = at_begin_;
  } else {
    for (const auto& [name, value] : before_local_) values_[name] = value;
  }
  before_local_.clear();
  in_block_ = false;
  return Diff(before);
}

}  // namespace freshet::coord
