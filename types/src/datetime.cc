// The datetime codecs: a port of the parts of PostgreSQL 15's datetime.c,
// date.c and timestamp.c that Freshet's settings (DateStyle ISO, MDY;
// IntervalStyle postgres; TimeZone UTC) reach.
#include "types/datetime.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>


#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/error.h"

namespace freshet::types::datetime {
namespace {

constexpr char kInvalidTimeZoneDisplacement[] = "22009";
constexpr char kIntervalFieldOverflow[] = "22015";

// ---------------------------------------------------------------------------
// Byte helpers.

// Debian's absl::string_view is not std::string_view.
absl::string_view A(std::string_view s) { return absl::string_view(s.data(), s.size()); }

void PutBE(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t GetBE(std::string_view in, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[pos + i]);
  return v;
}

void AppendZeroPadded(std::string& out, int64_t v, int width) {
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

}  // namespace

// ---------------------------------------------------------------------------
// Calendar arithmetic.

std::string Interval::Encode() const {
  std::string out;
  out.reserve(16);
  PutBE(out, static_cast<uint32_t>(months), 4);
  PutBE(out, static_cast<uint32_t>(days), 4);
  PutBE(out, static_cast<uint64_t>(micros), 8);
  return out;
}

Interval Interval::Decode(std::string_view bytes) {
  Interval iv;
  if (bytes.size() != 16) return iv;
  iv.months = static_cast<int32_t>(GetBE(bytes, 0, 4));
  iv.days = static_cast<int32_t>(GetBE(bytes, 4, 4));
  iv.micros = static_cast<int64_t>(GetBE(bytes, 8, 8));
  return iv;
}

__int128 IntervalSpan(const Interval& iv) {
  __int128 days = static_cast<__int128>(iv.months) * 30 + iv.days;
  return days * kUsecsPerDay + iv.micros;
}

int DateToJulian(int year, int month, int day) {
  int julian, century;
  if (month > 2) {
    month += 1;
    year += 4800;
  } else {
    month += 13;
    year += 4799;
  }
  century = year / 100;
  julian = year * 365 - 32167;
  julian += year / 4 - century + century / 4;
  julian += 7834 * month / 256 + day;
  return julian;
}

void JulianToDate(int jd, int& year, int& month, int& day) {
  unsigned int julian, quad, extra;
  int y;
  julian = static_cast<unsigned int>(jd);
  julian += 32044;
  quad = julian / 146097;
  extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + extra / 146097;
  quad = julian / 1461;
  julian -= quad * 1461;
  y = static_cast<int>(julian * 4 / 1461);
  julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
  y += static_cast<int>(quad * 4);
  year = y - 4800;
  quad = julian * 2141 / 65536;
  day = static_cast<int>(julian - 7834 * quad / 256);
  month = static_cast<int>((quad + 10) % 12 + 1);
}

int DayOfWeek(int julian) {
  int d = (julian + 1) % 7;
  return d < 0 ? d + 7 : d;
}

bool IsLeapYear(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                       {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
  return kDays[IsLeapYear(year) ? 1 : 0][month - 1];
}

bool IsValidJulian(int y, int m, int) {
  return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6));
}

void TimeToFields(int64_t time, Fields& f) {
  f.hour = static_cast<int>(time / kUsecsPerHour);
  time -= f.hour * kUsecsPerHour;
  f.minute = static_cast<int>(time / kUsecsPerMinute);
  time -= f.minute * kUsecsPerMinute;
  f.second = static_cast<int>(time / kUsecsPerSec);
  f.usec = time - f.second * kUsecsPerSec;
}

bool TimestampToFields(int64_t ts, Fields& f) {
  return IsFiniteTimestamp(ts) && TimestampToFieldsUnchecked(ts, f);
}

bool TimestampToFieldsUnchecked(int64_t ts, Fields& f) {
  int64_t date = ts / kUsecsPerDay;
  int64_t time = ts - date * kUsecsPerDay;
  if (time < 0) {
    time += kUsecsPerDay;
    date -= 1;
  }
  date += kPostgresEpochJdate;
  if (date < 0 || date > INT32_MAX) return false;
  JulianToDate(static_cast<int>(date), f.year, f.month, f.day);
  TimeToFields(time, f);
  return true;
}

std::optional<int64_t> FieldsToTimestamp(const Fields& f) {
  if (!IsValidJulian(f.year, f.month, f.day)) return std::nullopt;
  int64_t date = DateToJulian(f.year, f.month, f.day) - kPostgresEpochJdate;
  int64_t time = ((static_cast<int64_t>(f.hour) * 60 + f.minute) * 60 + f.second) * kUsecsPerSec + f.usec;
  int64_t result;
  if (__builtin_mul_overflow(date, kUsecsPerDay, &result)) return std::nullopt;
  if (__builtin_add_overflow(result, time, &result)) return std::nullopt;
  if (!IsValidTimestamp(result)) return std::nullopt;
  return result;
}

absl::StatusOr<int64_t> DateToTimestamp(int64_t date) {
  if (date == kDateNegInfinity) return kTimestampNegInfinity;
  if (date == kDatePosInfinity) return kTimestampPosInfinity;
  // Dates past 294276 AD do not fit a timestamp.
  if (date >= (kEndTimestamp / kUsecsPerDay)) {
    return Error(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return date * kUsecsPerDay;
}

int64_t TimestampToDate(int64_t ts) {
  if (ts == kTimestampNegInfinity) return kDateNegInfinity;
  if (ts == kTimestampPosInfinity) return kDatePosInfinity;
  int64_t date = ts / kUsecsPerDay;
  if (ts - date * kUsecsPerDay < 0) date -= 1;
  return date;
}

IntervalFields IntervalToFields(const Interval& iv) {
  IntervalFields f;
  f.years = iv.months / 12;
  f.months = iv.months % 12;
  f.days = iv.days;
  int64_t time = iv.micros;
  f.hours = time / kUsecsPerHour;
  time -= f.hours * kUsecsPerHour;
  f.minutes = static_cast<int>(time / kUsecsPerMinute);
  time -= f.minutes * kUsecsPerMinute;
  f.seconds = static_cast<int>(time / kUsecsPerSec);
  f.usec = time - f.seconds * kUsecsPerSec;
  return f;
}

// ---------------------------------------------------------------------------
// Output.

void AppendSeconds(int second, int64_t usec, std::string& out) {
  AppendZeroPadded(out, std::abs(second), 2);
  if (usec == 0) return;
  std::string frac = std::to_string(usec < 0 ? -usec : usec);
  if (frac.size() < 6) frac.insert(0, 6 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  out += '.';
  out += frac;
}

namespace {

void AppendYmd(int year, int month, int day, std::string& out) {
  AppendZeroPadded(out, year > 0 ? year : -(year - 1), 4);
  out += '-';
  AppendZeroPadded(out, month, 2);
  out += '-';
  AppendZeroPadded(out, day, 2);
}

void AppendHms(const Fields& f, std::string& out) {
  AppendZeroPadded(out, f.hour, 2);
  out += ':';
  AppendZeroPadded(out, f.minute, 2);
  out += ':';
  AppendSeconds(f.second, f.usec, out);
}

}  // namespace

void AppendDate(int64_t date, std::string& out) {
  if (date == kDateNegInfinity) {
    out += "-infinity";
    return;
  }
  if (date == kDatePosInfinity) {
    out += "infinity";
    return;
  }
  int y, m, d;
  JulianToDate(static_cast<int>(date + kPostgresEpochJdate), y, m, d);
  AppendYmd(y, m, d, out);
  if (y <= 0) out += " BC";
}

void AppendTime(int64_t time, std::string& out) {
  Fields f;
  TimeToFields(time, f);
  AppendHms(f, out);
}

void AppendTimestamp(int64_t ts, bool with_tz, std::string& out) {
  if (ts == kTimestampNegInfinity) {
    out += "-infinity";
    return;
  }
  if (ts == kTimestampPosInfinity) {
    out += "infinity";
    return;
  }
  Fields f;
  if (!TimestampToFields(ts, f)) {
    // Unreachable for values that passed input checks; PostgreSQL errors.
    out += "timestamp out of range";
    return;
  }
  AppendYmd(f.year, f.month, f.day, out);
  out += ' ';
  AppendHms(f, out);
  if (with_tz) out += "+00";
  if (f.year <= 0) out += " BC";
}

namespace {

void AddPostgresIntPart(std::string& out, int64_t value, const char* units, bool& is_zero,
                        bool& is_before) {
  if (value == 0) return;
  if (!is_zero) out += ' ';
  if (is_before && value > 0) out += '+';
  absl::StrAppend(&out, value, " ", units, value != 1 ? "s" : "");
  is_before = value < 0;
  is_zero = false;
}

}  // namespace

void AppendInterval(const Interval& iv, std::string& out) {
  IntervalFields f = IntervalToFields(iv);
  bool is_before = false, is_zero = true;
  AddPostgresIntPart(out, f.years, "year", is_zero, is_before);
  AddPostgresIntPart(out, f.months, "mon", is_zero, is_before);
  AddPostgresIntPart(out, f.days, "day", is_zero, is_before);
  if (is_zero || f.hours != 0 || f.minutes != 0 || f.seconds != 0 || f.usec != 0) {
    bool minus = f.hours < 0 || f.minutes < 0 || f.seconds < 0 || f.usec < 0;
    if (!is_zero) out += ' ';
    out += minus ? "-" : (is_before ? "+" : "");
    // |hours| may exceed int64 range only for INT64_MIN micros, which cannot
    // reach hours; unsigned keeps the negation defined.
    uint64_t hours = f.hours < 0 ? 0 - static_cast<uint64_t>(f.hours) : f.hours;
    std::string h = std::to_string(hours);
    if (h.size() < 2) out += '0';
    out += h;
    out += ':';
    AppendZeroPadded(out, std::abs(f.minutes), 2);
    out += ':';
    AppendSeconds(f.seconds, f.usec, out);
  }
}

void AppendText(const Type& type, const Datum& value, std::string& out) {
  switch (type.id) {
    case TypeId::kDate:
      return AppendDate(value.as_int(), out);
    case TypeId::kTime:
      return AppendTime(value.as_int(), out);
    case TypeId::kTimestamp:
      return AppendTimestamp(value.as_int(), false, out);
    case TypeId::kTimestamptz:
      return AppendTimestamp(value.as_int(), true, out);
    case TypeId::kInterval:
      return AppendInterval(Interval::FromDatum(value), out);
    default:
      return;
  }
}

// ---------------------------------------------------------------------------
// Time zones.

namespace {

struct Abbrev {
  const char* name;  // lower case
  int offset;        // seconds east of Greenwich
  bool dst;
};
// The fixed-offset abbreviations of PostgreSQL's Default set that users meet
// most (pg_timezone_abbrevs).
constexpr Abbrev kAbbrevs[] = {
    {"aedt", 39600, true},  {"aest", 36000, false},  {"akdt", -28800, true}, {"akst", -32400, false},
    {"bst", 3600, true},    {"cdt", -18000, true},   {"cest", 7200, true},   {"cet", 3600, false},
    {"cst", -21600, false}, {"edt", -14400, true},   {"eest", 10800, true},  {"eet", 7200, false},
    {"est", -18000, false}, {"gmt", 0, false},       {"hst", -36000, false}, {"ist", 7200, false},
    {"jst", 32400, false},  {"kst", 32400, false},   {"mdt", -21600, true},  {"mst", -25200, false},
    {"nzdt", 46800, true},  {"nzst", 43200, false},  {"pdt", -25200, true},  {"pst", -28800, false},
    {"ut", 0, false},       {"utc", 0, false},       {"wet", 0, false},      {"z", 0, false},
    {"zulu", 0, false},
};

const Abbrev* FindAbbrev(std::string_view lower) {
  for (const Abbrev& a : kAbbrevs) {
    if (lower == a.name) return &a;
  }
  return nullptr;
}

// tz database names by their lower-case spelling, read once from the zone
// directory (PostgreSQL matches zone names case-insensitively).
const std::map<std::string, std::string>& ZoneNames() {
  static const auto* names = [] {
    auto* m = new std::map<std::string, std::string>();
    std::error_code ec;
    const char* dir = std::getenv("TZDIR");
    std::filesystem::path root = dir != nullptr ? dir : "/usr/share/zoneinfo";
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string rel = std::filesystem::relative(it->path(), root, ec).string();
      if (ec || rel.empty()) continue;
      (*m)[absl::AsciiStrToLower(rel)] = rel;
    }
    return m;
  }();
  return *names;
}

// A named tz database zone, if `name` is one.
std::optional<absl::TimeZone> LoadNamedZone(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  const auto& names = ZoneNames();
  auto it = names.find(absl::AsciiStrToLower(absl::string_view(name.data(), name.size())));
  if (it == names.end()) return std::nullopt;
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(it->second, &tz)) return std::nullopt;
  return tz;
}

// A zone as timezone(text, ...) resolves it.
struct Zone {
  bool fixed = true;
  int offset = 0;  // seconds east, when fixed
  absl::TimeZone tz;
};

std::optional<int> ParsePosixOffset(std::string_view s) {
  // [+-]hh[:mm[:ss]]: POSIX counts west of Greenwich as positive.
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-' && !std::isdigit(static_cast<unsigned char>(s[0])))) {
    return std::nullopt;
  }
  int sign = s[0] == '-' ? -1 : 1;
  size_t i = std::isdigit(static_cast<unsigned char>(s[0])) ? 0 : 1;
  int parts[3] = {0, 0, 0};
  int n = 0;
  while (n < 3) {
    size_t start = i;
    int v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 3) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == start) return std::nullopt;
    parts[n++] = v;
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    ++i;
  }
  if (i != s.size() || parts[0] > 24 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return -sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
}

absl::StatusOr<Zone> ResolveZone(std::string_view name) {
  Zone z;
  std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (const Abbrev* a = FindAbbrev(lower)) {
    z.offset = a->offset;
    return z;
  }
  if (auto tz = LoadNamedZone(name)) {
    z.fixed = false;
    z.tz = *tz;
    return z;
  }
  if (auto off = ParsePosixOffset(name)) {
    z.offset = *off;
    return z;
  }
  return Error(sqlstate::kInvalidParameterValue, absl::StrCat("time zone \"", A(name), "\" not recognized"));
}

constexpr int64_t kUnixToPostgresSecs = int64_t{10957} * 86400;

absl::Time PgToAbsl(int64_t ts) {
  int64_t secs = ts / kUsecsPerSec;
  int64_t usec = ts % kUsecsPerSec;
  if (usec < 0) {
    usec += kUsecsPerSec;
    secs -= 1;
  }
  return absl::FromUnixSeconds(secs + kUnixToPostgresSecs) + absl::Microseconds(usec);
}

// Seconds east of Greenwich in `tz` for the local wall-clock fields, resolved
// as PostgreSQL's DetermineTimeZoneOffset: in a spring-forward gap the
// offset before the transition, in a fall-back overlap the one after it.
int64_t LocalOffset(const absl::TimeZone& tz, const Fields& f) {
  absl::CivilSecond cs(f.year, f.month, f.day, f.hour, f.minute, f.second);
  absl::TimeZone::TimeInfo info = tz.At(cs);
  absl::Time t = info.kind == absl::TimeZone::TimeInfo::REPEATED ? info.post : info.pre;
  // The offset is what separates the wall clock from the instant chosen
  // (in a gap, the instant's own offset is already the later one).
  int64_t wall = absl::ToUnixSeconds(absl::FromCivil(cs, absl::UTCTimeZone()));
  return wall - absl::ToUnixSeconds(t);
}

}  // namespace

absl::StatusOr<int64_t> UtcToZone(std::string_view zone, int64_t utc) {
  absl::StatusOr<Zone> z = ResolveZone(zone);
  if (!z.ok()) return z.status();
  if (!IsFiniteTimestamp(utc)) return utc;
  int64_t offset = z->fixed ? z->offset : z->tz.At(PgToAbsl(utc)).offset;
  int64_t local = utc + offset * kUsecsPerSec;
  if (!IsValidTimestamp(local)) return Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  return local;
}

absl::StatusOr<int64_t> ZoneToUtc(std::string_view zone, int64_t local) {
  absl::StatusOr<Zone> z = ResolveZone(zone);
  if (!z.ok()) return z.status();
  if (!IsFiniteTimestamp(local)) return local;
  int64_t offset = z->offset;
  if (!z->fixed) {
    Fields f;
    if (!TimestampToFields(local, f)) return Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
    offset = LocalOffset(z->tz, f);
  }
  int64_t utc = local - offset * kUsecsPerSec;
  if (!IsValidTimestamp(utc)) return Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  return utc;
}

// ---------------------------------------------------------------------------
// Input: PostgreSQL's ParseDateTime (split into fields) and DecodeDateTime /
// DecodeTimeOnly / DecodeInterval (interpret them).

namespace {

enum DtErr {
  kOk = 0,
  kBadFormat = -1,
  kFieldOverflow = -2,
  kMdFieldOverflow = -3,
  kIntervalOverflow = -4,
  kTzDispOverflow = -5,
  kBadTimezone = -6,
};

enum FieldType { kFNumber, kFString, kFDate, kFTime, kFTz, kFSpecial };

struct Field {
  std::string text;
  FieldType type;
};

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Token kinds of PostgreSQL's datetktbl / deltatktbl.
enum TokType { kTkReserv, kTkMonth, kTkDow, kTkAmPm, kTkAdBc, kTkIgnore, kTkIsoTime, kTkUnits, kTkAgo, kTkDtzMod };
enum Reserv { kRNow, kRToday, kRTomorrow, kRYesterday, kREpoch, kRLate, kREarly, kRZulu };
enum TokUnit {
  kUMicrosec,
  kUMillisec,
  kUSecond,
  kUMinute,
  kUHour,
  kUDay,
  kUWeek,
  kUMonth,
  kUQuarter,
  kUYear,
  kUDecade,
  kUCentury,
  kUMillennium,
  kUTz,
  kUTzHour,
  kUTzMinute,
  kUDow,
  kUDoy,
  kUIsoDow,
  kUIsoYear,
  kUJulian,
  kUEpoch,
};
enum { kAm = 0, kPm = 1 };

struct Token {
  const char* text;
  TokType type;
  int value;
};

constexpr Token kDateTokens[] = {
    {"-infinity", kTkReserv, kREarly}, {"ad", kTkAdBc, 0},         {"allballs", kTkReserv, kRZulu},
    {"am", kTkAmPm, kAm},              {"apr", kTkMonth, 4},       {"april", kTkMonth, 4},
    {"at", kTkIgnore, 0},              {"aug", kTkMonth, 8},       {"august", kTkMonth, 8},
    {"bc", kTkAdBc, 1},                {"d", kTkUnits, kUDay},     {"dec", kTkMonth, 12},
    {"december", kTkMonth, 12},        {"dow", kTkUnits, kUDow},   {"doy", kTkUnits, kUDoy},
    {"dst", kTkDtzMod, 3600},          {"epoch", kTkReserv, kREpoch}, {"feb", kTkMonth, 2},
    {"february", kTkMonth, 2},         {"fri", kTkDow, 5},         {"friday", kTkDow, 5},
    {"h", kTkUnits, kUHour},           {"infinity", kTkReserv, kRLate}, {"isodow", kTkUnits, kUIsoDow},
    {"isoyear", kTkUnits, kUIsoYear},  {"j", kTkUnits, kUJulian},  {"jan", kTkMonth, 1},
    {"january", kTkMonth, 1},          {"jd", kTkUnits, kUJulian}, {"jul", kTkMonth, 7},
    {"julian", kTkUnits, kUJulian},    {"july", kTkMonth, 7},      {"jun", kTkMonth, 6},
    {"june", kTkMonth, 6},             {"m", kTkUnits, kUMonth},   {"mar", kTkMonth, 3},
    {"march", kTkMonth, 3},            {"may", kTkMonth, 5},       {"mm", kTkUnits, kUMinute},
    {"mon", kTkDow, 1},                {"monday", kTkDow, 1},      {"nov", kTkMonth, 11},
    {"november", kTkMonth, 11},        {"now", kTkReserv, kRNow},  {"oct", kTkMonth, 10},
    {"october", kTkMonth, 10},         {"on", kTkIgnore, 0},       {"pm", kTkAmPm, kPm},
    {"s", kTkUnits, kUSecond},         {"sat", kTkDow, 6},         {"saturday", kTkDow, 6},
    {"sep", kTkMonth, 9},              {"sept", kTkMonth, 9},      {"september", kTkMonth, 9},
    {"sun", kTkDow, 0},                {"sunday", kTkDow, 0},      {"t", kTkIsoTime, 0},
    {"thu", kTkDow, 4},                {"thur", kTkDow, 4},        {"thurs", kTkDow, 4},
    {"thursday", kTkDow, 4},           {"today", kTkReserv, kRToday}, {"tomorrow", kTkReserv, kRTomorrow},
    {"tue", kTkDow, 2},                {"tues", kTkDow, 2},        {"tuesday", kTkDow, 2},
    {"wed", kTkDow, 3},                {"wednesday", kTkDow, 3},   {"weds", kTkDow, 3},
    {"y", kTkUnits, kUYear},           {"yesterday", kTkReserv, kRYesterday},
};

constexpr Token kDeltaTokens[] = {
    {"@", kTkIgnore, 0},
    {"ago", kTkAgo, 0},
    {"c", kTkUnits, kUCentury},
    {"cent", kTkUnits, kUCentury},
    {"centuries", kTkUnits, kUCentury},
    {"century", kTkUnits, kUCentury},
    {"d", kTkUnits, kUDay},
    {"day", kTkUnits, kUDay},
    {"days", kTkUnits, kUDay},
    {"dec", kTkUnits, kUDecade},
    {"decade", kTkUnits, kUDecade},
    {"decades", kTkUnits, kUDecade},
    {"decs", kTkUnits, kUDecade},
    {"h", kTkUnits, kUHour},
    {"hour", kTkUnits, kUHour},
    {"hours", kTkUnits, kUHour},
    {"hr", kTkUnits, kUHour},
    {"hrs", kTkUnits, kUHour},
    {"m", kTkUnits, kUMinute},
    {"microsecon", kTkUnits, kUMicrosec},
    {"mil", kTkUnits, kUMillennium},
    {"millennia", kTkUnits, kUMillennium},
    {"millennium", kTkUnits, kUMillennium},
    {"millisecon", kTkUnits, kUMillisec},
    {"mils", kTkUnits, kUMillennium},
    {"min", kTkUnits, kUMinute},
    {"mins", kTkUnits, kUMinute},
    {"minute", kTkUnits, kUMinute},
    {"minutes", kTkUnits, kUMinute},
    {"mon", kTkUnits, kUMonth},
    {"mons", kTkUnits, kUMonth},
    {"month", kTkUnits, kUMonth},
    {"months", kTkUnits, kUMonth},
    {"ms", kTkUnits, kUMillisec},
    {"msec", kTkUnits, kUMillisec},
    {"msecond", kTkUnits, kUMillisec},
    {"mseconds", kTkUnits, kUMillisec},
    {"msecs", kTkUnits, kUMillisec},
    {"qtr", kTkUnits, kUQuarter},
    {"quarter", kTkUnits, kUQuarter},
    {"s", kTkUnits, kUSecond},
    {"sec", kTkUnits, kUSecond},
    {"second", kTkUnits, kUSecond},
    {"seconds", kTkUnits, kUSecond},
    {"secs", kTkUnits, kUSecond},
    {"timezone", kTkUnits, kUTz},
    {"timezone_h", kTkUnits, kUTzHour},
    {"timezone_m", kTkUnits, kUTzMinute},
    {"us", kTkUnits, kUMicrosec},
    {"usec", kTkUnits, kUMicrosec},
    {"usecond", kTkUnits, kUMicrosec},
    {"useconds", kTkUnits, kUMicrosec},
    {"usecs", kTkUnits, kUMicrosec},
    {"w", kTkUnits, kUWeek},
    {"week", kTkUnits, kUWeek},
    {"weeks", kTkUnits, kUWeek},
    {"y", kTkUnits, kUYear},
    {"year", kTkUnits, kUYear},
    {"years", kTkUnits, kUYear},
    {"yr", kTkUnits, kUYear},
    {"yrs", kTkUnits, kUYear},
};

// PostgreSQL compares tokens on their first TOKMAXLEN (10) characters.
template <size_t N>
const Token* FindToken(const Token (&table)[N], std::string_view s) {
  std::string_view key = s.substr(0, 10);
  for (const Token& t : table) {
    if (key == t.text) return &t;
  }
  return nullptr;
}

// ParseDateTime: splits the input into typed fields.
int SplitFields(std::string_view in, std::vector<Field>& fields) {
  size_t i = 0, n = in.size();
  auto at = [&](size_t k) { return k < n ? in[k] : '\0'; };
  while (i < n) {
    char c = in[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    Field f;
    if (IsDigit(c)) {
      while (IsDigit(at(i))) f.text += in[i++];
      if (at(i) == ':') {
        f.type = kFTime;
        f.text += in[i++];
        while (IsDigit(at(i)) || at(i) == ':' || at(i) == '.') f.text += in[i++];
      } else if (at(i) == '-' || at(i) == '/' || at(i) == '.') {
        char delim = in[i];
        f.text += in[i++];
        if (IsDigit(at(i))) {
          f.type = delim == '.' ? kFNumber : kFDate;
          while (IsDigit(at(i))) f.text += in[i++];
          if (at(i) == delim) {
            f.type = kFDate;
            f.text += in[i++];
            while (IsDigit(at(i)) || at(i) == delim) f.text += in[i++];
          }
        } else {
          f.type = kFDate;
          while (IsAlnum(at(i)) || at(i) == delim) f.text += Lower(in[i++]);
        }
      } else {
        f.type = kFNumber;
      }
    } else if (c == '.') {
      f.text += in[i++];
      while (IsDigit(at(i))) f.text += in[i++];
      f.type = kFNumber;
    } else if (IsAlpha(c)) {
      f.type = kFString;
      while (IsAlpha(at(i))) f.text += Lower(in[i++]);
      bool is_date = false;
      if (at(i) == '-' || at(i) == '/' || at(i) == '.') {
        is_date = true;
      } else if (at(i) == '+' || IsDigit(at(i))) {
        is_date = FindToken(kDateTokens, f.text) == nullptr;
      }
      if (is_date) {
        f.type = kFDate;
        while (at(i) == '+' || at(i) == '-' || at(i) == '/' || at(i) == '_' || at(i) == '.' || at(i) == ':' ||
               IsAlnum(at(i))) {
          f.text += Lower(in[i++]);
        }
      }
    } else if (c == '+' || c == '-') {
      f.text += in[i++];
      while (IsSpace(at(i))) ++i;
      if (IsDigit(at(i))) {
        f.type = kFTz;
        f.text += in[i++];
        while (IsDigit(at(i)) || at(i) == ':' || at(i) == '.' || at(i) == '-') f.text += in[i++];
      } else if (IsAlpha(at(i))) {
        f.type = kFSpecial;
        f.text += Lower(in[i++]);
        while (IsAlpha(at(i))) f.text += Lower(in[i++]);
      } else {
        return kBadFormat;
      }
    } else if (std::ispunct(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    } else {
      return kBadFormat;
    }
    fields.push_back(std::move(f));
  }
  return kOk;
}

// Field masks (DTK_M bits).
enum : int {
  kMMonth = 1 << 1,
  kMYear = 1 << 2,
  kMDay = 1 << 3,
  kMTz = 1 << 5,
  kMDtz = 1 << 6,
  kMDtzMod = 1 << 7,
  kMIgnore = 1 << 8,
  kMAmPm = 1 << 9,
  kMHour = 1 << 10,
  kMMinute = 1 << 11,
  kMSecond = 1 << 12,
  kMMillisecond = 1 << 13,
  kMMicrosecond = 1 << 14,
  kMDoy = 1 << 15,
  kMDow = 1 << 16,
  kMAdBc = 1 << 17,
  kMWeek = 1 << 18,
  kMDecade = 1 << 19,
  kMCentury = 1 << 20,
  kMMillennium = 1 << 21,
  kMReserv = 1 << 22,
};
constexpr int kDateMask = kMYear | kMMonth | kMDay;
constexpr int kAllSecsMask = kMSecond | kMMillisecond | kMMicrosecond;
constexpr int kTimeMask = kMHour | kMMinute | kAllSecsMask;

struct Tm {
  int year = 0;
  int mon = 0;
  int mday = 0;
  int hour = 0;
  int min = 0;
  int sec = 0;
  int64_t fsec = 0;
  int doy = 0;
};

// strtol over a std::string, reporting overflow as PostgreSQL's strtoint.
bool ParseInt(const char* s, const char** end, int64_t& out, int64_t lo, int64_t hi) {
  errno = 0;
  char* e;
  long long v = std::strtoll(s, &e, 10);
  *end = e;
  if (errno == ERANGE || v < lo || v > hi) return false;
  out = v;
  return true;
}

int ParseFractionalSecond(const char* cp, int64_t& fsec) {
  errno = 0;
  char* end;
  double frac = std::strtod(cp, &end);
  if (*end != '\0' || errno != 0) return kBadFormat;
  fsec = static_cast<int64_t>(std::rint(frac * 1000000));
  return kOk;
}

bool TimeOverflows(int hour, int min, int sec, int64_t fsec) {
  if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > kUsecsPerSec) {
    return true;
  }
  return hour == 24 && (min > 0 || sec > 0 || fsec > 0);
}

// DecodeTimeCommon for a time of day: hh:mm[:ss[.frac]] or mm:ss.frac.
int DecodeTime(const std::string& str, int& tmask, Tm& tm) {
  const char* cp;
  int64_t hour, min, sec = 0;
  int64_t fsec = 0;
  tmask = kTimeMask;
  if (!ParseInt(str.c_str(), &cp, hour, INT32_MIN, INT32_MAX)) return kFieldOverflow;
  if (*cp != ':') return kBadFormat;
  if (!ParseInt(cp + 1, &cp, min, INT32_MIN, INT32_MAX)) return kFieldOverflow;
  if (*cp == '\0') {
    sec = 0;
  } else if (*cp == '.') {
    int e = ParseFractionalSecond(cp, fsec);
    if (e) return e;
    sec = min;
    min = hour;
    hour = 0;
  } else if (*cp == ':') {
    if (!ParseInt(cp + 1, &cp, sec, INT32_MIN, INT32_MAX)) return kFieldOverflow;
    if (*cp == '.') {
      int e = ParseFractionalSecond(cp, fsec);
      if (e) return e;
    } else if (*cp != '\0') {
      return kBadFormat;
    }
  } else {
    return kBadFormat;
  }
  if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > kUsecsPerSec) {
    return kFieldOverflow;
  }
  tm.hour = static_cast<int>(hour);
  tm.min = static_cast<int>(min);
  tm.sec = static_cast<int>(sec);
  tm.fsec = fsec;
  return kOk;
}

// DecodeNumberField: run-together digits (yyyymmdd, hhmmss, hhmm).
int DecodeNumberField(std::string str, int fmask, int& tmask, Tm& tm, bool& is2digits) {
  size_t dot = str.find('.');
  if (dot != std::string::npos) {
    errno = 0;
    double frac = std::strtod(str.c_str() + dot, nullptr);
    if (errno != 0) return kBadFormat;
    tm.fsec = static_cast<int64_t>(std::rint(frac * 1000000));
    str.resize(dot);
  } else if ((fmask & kDateMask) != kDateMask) {
    if (str.size() >= 6) {
      size_t len = str.size();
      tmask = kDateMask;
      tm.mday = std::atoi(str.substr(len - 2).c_str());
      tm.mon = std::atoi(str.substr(len - 4, 2).c_str());
      tm.year = std::atoi(str.substr(0, len - 4).c_str());
      if (len - 4 == 2) is2digits = true;
      return kOk;
    }
  }
  if ((fmask & kTimeMask) != kTimeMask) {
    if (str.size() == 6) {
      tmask = kTimeMask;
      tm.sec = std::atoi(str.substr(4).c_str());
      tm.min = std::atoi(str.substr(2, 2).c_str());
      tm.hour = std::atoi(str.substr(0, 2).c_str());
      return kOk;
    }
    if (str.size() == 4) {
      tmask = kTimeMask;
      tm.sec = 0;
      tm.min = std::atoi(str.substr(2).c_str());
      tm.hour = std::atoi(str.substr(0, 2).c_str());
      return kOk;
    }
  }
  return kBadFormat;
}

// DecodeNumber: one numeric date field, placed by what is known so far
// (MDY order).
int DecodeNumber(const std::string& str, bool have_text_month, int fmask, int& tmask, Tm& tm, bool& is2digits) {
  tmask = 0;
  const char* cp;
  int64_t val;
  if (!ParseInt(str.c_str(), &cp, val, INT32_MIN, INT32_MAX)) return kFieldOverflow;
  if (cp == str.c_str()) return kBadFormat;
  size_t flen = str.size();
  if (*cp == '.') {
    if (cp - str.c_str() > 2) return DecodeNumberField(str, fmask | kDateMask, tmask, tm, is2digits);
    int e = ParseFractionalSecond(cp, tm.fsec);
    if (e) return e;
  } else if (*cp != '\0') {
    return kBadFormat;
  }
  if (flen == 3 && (fmask & kDateMask) == kMYear && val >= 1 && val <= 366) {
    tmask = kMDoy | kMMonth | kMDay;
    tm.doy = static_cast<int>(val);
    return kOk;
  }
  int v = static_cast<int>(val);
  switch (fmask & kDateMask) {
    case 0:
      if (flen >= 3) {
        tmask = kMYear;
        tm.year = v;
      } else {
        tmask = kMMonth;
        tm.mon = v;
      }
      break;
    case kMYear:
      tmask = kMMonth;
      tm.mon = v;
      break;
    case kMMonth:
      if (have_text_month) {
        if (flen >= 3) {
          tmask = kMYear;
          tm.year = v;
        } else {
          tmask = kMDay;
          tm.mday = v;
        }
      } else {
        tmask = kMDay;
        tm.mday = v;
      }
      break;
    case kMYear | kMMonth:
      if (have_text_month) {
        if (flen >= 3 && is2digits) {
          tmask = kMDay;
          tm.mday = tm.year;
          tm.year = v;
          is2digits = false;
        } else {
          tmask = kMDay;
          tm.mday = v;
        }
      } else {
        tmask = kMDay;
        tm.mday = v;
      }
      break;
    case kMDay:
      tmask = kMMonth;
      tm.mon = v;
      break;
    case kMMonth | kMDay:
      tmask = kMYear;
      tm.year = v;
      break;
    case kMYear | kMMonth | kMDay:
      return DecodeNumberField(str, fmask, tmask, tm, is2digits);
    default:
      return kBadFormat;
  }
  if (tmask == kMYear) is2digits = flen <= 2;
  return kOk;
}

// DecodeDate: a date written with separators ("2024-01-31", "1/31/2024",
// "31-jan-2024").
int DecodeDate(const std::string& str, int fmask, int& tmask, bool& is2digits, Tm& tm) {
  tmask = 0;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < str.size()) {
    while (i < str.size() && !IsAlnum(str[i])) ++i;
    if (i >= str.size()) return kBadFormat;
    size_t start = i;
    if (IsDigit(str[i])) {
      while (i < str.size() && IsDigit(str[i])) ++i;
    } else if (IsAlpha(str[i])) {
      while (i < str.size() && IsAlpha(str[i])) ++i;
    }
    parts.push_back(str.substr(start, i - start));
    if (i < str.size()) ++i;
  }
  bool have_text_month = false;
  std::vector<bool> done(parts.size(), false);
  for (size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].empty() || !IsAlpha(parts[k][0])) continue;
    const Token* t = FindToken(kDateTokens, parts[k]);
    if (t == nullptr) return kBadFormat;
    if (t->type == kTkIgnore) continue;
    if (t->type != kTkMonth) return kBadFormat;
    tm.mon = t->value;
    have_text_month = true;
    if (fmask & kMMonth) return kBadFormat;
    fmask |= kMMonth;
    tmask |= kMMonth;
    done[k] = true;
  }
  for (size_t k = 0; k < parts.size(); ++k) {
    if (done[k]) continue;
    if (parts[k].empty()) return kBadFormat;
    int dmask;
    int e = DecodeNumber(parts[k], have_text_month, fmask, dmask, tm, is2digits);
    if (e) return e;
    if (fmask & dmask) return kBadFormat;
    fmask |= dmask;
    tmask |= dmask;
  }
  if ((fmask & ~(kMDoy | kMTz)) != kDateMask) return kBadFormat;
  return kOk;
}

// DecodeTimezone: "+hh", "+hh:mm", "+hh:mm:ss", "+hhmm"; seconds east.
int DecodeTimezone(const std::string& str, int& tz_east) {
  if (str.empty() || (str[0] != '+' && str[0] != '-')) return kBadFormat;
  const char* cp;
  int64_t hr, min = 0, sec = 0;
  if (!ParseInt(str.c_str() + 1, &cp, hr, INT32_MIN, INT32_MAX)) return kTzDispOverflow;
  if (*cp == ':') {
    if (!ParseInt(cp + 1, &cp, min, INT32_MIN, INT32_MAX)) return kTzDispOverflow;
    if (*cp == ':') {
      if (!ParseInt(cp + 1, &cp, sec, INT32_MIN, INT32_MAX)) return kTzDispOverflow;
    }
  } else if (*cp == '\0' && str.size() > 3) {
    min = hr % 100;
    hr = hr / 100;
  }
  if (hr < 0 || hr > 15) return kTzDispOverflow;
  if (min < 0 || min >= 60) return kTzDispOverflow;
  if (sec < 0 || sec >= 60) return kTzDispOverflow;
  int tz = static_cast<int>((hr * 60 + min) * 60 + sec);
  tz_east = str[0] == '-' ? -tz : tz;
  if (*cp != '\0') return kBadFormat;
  return kOk;
}

int ValidateDate(int fmask, bool is2digits, bool bc, Tm& tm) {
  if (fmask & kMYear) {
    if (bc) {
      if (tm.year <= 0) return kFieldOverflow;
      tm.year = -(tm.year - 1);
    } else if (is2digits) {
      if (tm.year < 0) return kFieldOverflow;
      if (tm.year < 70) {
        tm.year += 2000;
      } else if (tm.year < 100) {
        tm.year += 1900;
      }
    } else if (tm.year <= 0) {
      return kFieldOverflow;
    }
  }
  if (fmask & kMDoy) JulianToDate(DateToJulian(tm.year, 1, 1) + tm.doy - 1, tm.year, tm.mon, tm.mday);
  if (fmask & kMMonth) {
    if (tm.mon < 1 || tm.mon > 12) return kMdFieldOverflow;
  }
  if (fmask & kMDay) {
    if (tm.mday < 1 || tm.mday > 31) return kMdFieldOverflow;
  }
  if ((fmask & kDateMask) == kDateMask) {
    if (tm.mday > DaysInMonth(tm.year, tm.mon)) return kFieldOverflow;
  }
  return kOk;
}

// What DecodeDateTime found.
enum DType { kDtDate, kDtEpoch, kDtLate, kDtEarly, kDtRelative };

struct Decoded {
  DType dtype = kDtDate;
  Tm tm;
  bool have_tz = false;
  int tz_east = 0;  // seconds east of Greenwich, when have_tz
  std::optional<absl::TimeZone> named_tz;
  std::string bad_zone;  // the unknown zone name, for kBadTimezone
};

// DecodeDateTime (time_only = false) and DecodeTimeOnly (true).
int DecodeDateTime(const std::vector<Field>& fields, bool time_only, Decoded& out) {
  int fmask = 0, tmask = 0;
  int ptype = 0;  // a pending "t"
  bool is2digits = false, bc = false;
  int mer = -1;  // am / pm
  bool have_text_month = false;
  Tm& tm = out.tm;
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = fields[i];
    tmask = 0;
    switch (f.type) {
      case kFDate: {
        // A date, or else a zone name ("america/new_york") or a run-together
        // time with a zone.
        bool is_date;
        if (time_only) {
          size_t nf = fields.size();
          is_date = i == 0 && nf >= 2 && (fields[nf - 1].type == kFDate || fields[1].type == kFTime);
        } else {
          is_date = ptype == 0 && (fmask & (kMMonth | kMDay)) != (kMMonth | kMDay);
        }
        if (!is_date) {
          if (IsDigit(f.text[0]) || ptype != 0) {
            // Run-together time with a trailing zone ("t040506-08").
            size_t dash = f.text.find('-');
            if (dash == std::string::npos) return kBadFormat;
            int e = DecodeTimezone(f.text.substr(dash), out.tz_east);
            if (e) return e;
            out.have_tz = true;
            int ttmask = 0;
            e = DecodeNumberField(f.text.substr(0, dash), fmask, ttmask, tm, is2digits);
            if (e) return e;
            tmask = ttmask | kMTz;
            ptype = 0;
          } else {
            auto tz = LoadNamedZone(f.text);
            if (!tz) {
              out.bad_zone = f.text;
              return kBadTimezone;
            }
            out.named_tz = *tz;
            tmask = kMTz;
          }
        } else {
          int e = DecodeDate(f.text, fmask, tmask, is2digits, tm);
          if (e) return e;
        }
        break;
      }
      case kFTime: {
        if (ptype != 0) ptype = 0;
        int e = DecodeTime(f.text, tmask, tm);
        if (e) return e;
        if (TimeOverflows(tm.hour, tm.min, tm.sec, tm.fsec)) return kFieldOverflow;
        break;
      }
      case kFTz: {
        int e = DecodeTimezone(f.text, out.tz_east);
        if (e) return e;
        out.have_tz = true;
        tmask = kMTz;
        break;
      }
      case kFNumber: {
        if (ptype != 0) {
          const char* cp;
          int64_t v;
          if (!ParseInt(f.text.c_str(), &cp, v, INT32_MIN, INT32_MAX)) return kFieldOverflow;
          if (*cp != '.' && *cp != '\0') return kBadFormat;
          int e = DecodeNumberField(f.text, fmask | kDateMask, tmask, tm, is2digits);
          if (e) return e;
          if (tmask != kTimeMask) return kBadFormat;
          ptype = 0;
          break;
        }
        size_t flen = f.text.size();
        size_t dot = f.text.find('.');
        if (dot != std::string::npos && !(fmask & kDateMask) && !time_only) {
          int e = DecodeDate(f.text, fmask, tmask, is2digits, tm);
          if (e) return e;
        } else if (dot != std::string::npos && dot > 2) {
          int e = DecodeNumberField(f.text, time_only ? fmask | kDateMask : fmask, tmask, tm, is2digits);
          if (e) return e;
        } else if (time_only && flen > 4) {
          int e = DecodeNumberField(f.text, fmask | kDateMask, tmask, tm, is2digits);
          if (e) return e;
        } else if (flen >= 6 && (!(fmask & kDateMask) || !(fmask & kTimeMask))) {
          int e = DecodeNumberField(f.text, fmask, tmask, tm, is2digits);
          if (e) return e;
        } else {
          int e = DecodeNumber(f.text, have_text_month, fmask, tmask, tm, is2digits);
          if (e) return e;
        }
        break;
      }
      case kFString:
      case kFSpecial: {
        if (const Abbrev* a = FindAbbrev(f.text)) {
          tmask = kMTz | (a->dst ? kMDtz : 0);
          out.have_tz = true;
          out.tz_east = a->offset;
          break;
        }
        const Token* t = FindToken(kDateTokens, f.text);
        if (t == nullptr) {
          auto tz = LoadNamedZone(f.text);
          if (!tz) return kBadFormat;  // an unknown word, not a zone
          out.named_tz = *tz;
          tmask = kMTz;
          break;
        }
        switch (t->type) {
          case kTkIgnore:
            continue;
          case kTkReserv:
            tmask = kMReserv;
            switch (t->value) {
              case kRNow:
              case kRToday:
              case kRTomorrow:
              case kRYesterday:
                out.dtype = kDtRelative;
                break;
              case kRZulu:
                tmask = kTimeMask | kMTz;
                tm.hour = tm.min = tm.sec = 0;
                tm.fsec = 0;
                out.have_tz = true;
                out.tz_east = 0;
                break;
              case kREpoch:
                tmask |= kDateMask;
                out.dtype = kDtEpoch;
                break;
              case kRLate:
                tmask |= kDateMask;
                out.dtype = kDtLate;
                break;
              case kREarly:
                tmask |= kDateMask;
                out.dtype = kDtEarly;
                break;
            }
            if (time_only && t->value != kRZulu && t->value != kRNow) return kBadFormat;
            break;
          case kTkMonth:
            tmask = kMMonth;
            if ((fmask & kMMonth) && !have_text_month && !(fmask & kMDay) && tm.mon >= 1 && tm.mon <= 31) {
              // "31 jan": the number first read as a month was the day.
              tm.mday = tm.mon;
              tmask = kMDay;
            }
            have_text_month = true;
            tm.mon = t->value;
            break;
          case kTkAmPm:
            tmask = kMAmPm;
            mer = t->value;
            break;
          case kTkAdBc:
            tmask = kMAdBc;
            bc = t->value == 1;
            break;
          case kTkDow:
            tmask = kMDow;
            break;
          case kTkIsoTime:
            tmask = 0;
            if ((fmask & kDateMask) != kDateMask && !time_only) return kBadFormat;
            if (i + 1 >= fields.size() ||
                (fields[i + 1].type != kFNumber && fields[i + 1].type != kFTime && fields[i + 1].type != kFDate)) {
              return kBadFormat;
            }
            ptype = 1;
            break;
          default:
            return kBadFormat;
        }
        break;
      }
    }
    if (tmask & fmask) return kBadFormat;
    fmask |= tmask;
  }
  if (ptype != 0) return kBadFormat;
  if (out.dtype == kDtDate) {
    if (int e = ValidateDate(fmask, is2digits, bc, tm)) return e;
  }
  if (mer != -1 && tm.hour > 12) return kFieldOverflow;
  if (mer == kAm && tm.hour == 12) {
    tm.hour = 0;
  } else if (mer == kPm && tm.hour != 12) {
    tm.hour += 12;
  }
  if (out.dtype == kDtRelative) return kOk;
  if (time_only) {
    if (TimeOverflows(tm.hour, tm.min, tm.sec, tm.fsec)) return kFieldOverflow;
    if ((fmask & kTimeMask) != kTimeMask) return kBadFormat;
    return kOk;
  }
  if (out.dtype == kDtDate && (fmask & kDateMask) != kDateMask) return kBadFormat;
  return kOk;
}

absl::Status DateTimeError(int dterr, std::string_view str, std::string_view type_name) {
  switch (dterr) {
    case kFieldOverflow:
      return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("date/time field value out of range: \"", A(str), "\""));
    case kMdFieldOverflow:
      return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("date/time field value out of range: \"", A(str), "\""))
          .Hint("Perhaps you need a different \"datestyle\" setting.");
    case kIntervalOverflow:
      return Error(kIntervalFieldOverflow, absl::StrCat("interval field value out of range: \"", A(str), "\""));
    case kTzDispOverflow:
      return Error(kInvalidTimeZoneDisplacement, absl::StrCat("time zone displacement out of range: \"", A(str), "\""));
    default:
      return Error(sqlstate::kInvalidDatetimeFormat,
                   absl::StrCat("invalid input syntax for type ", A(type_name), ": \"", A(str), "\""));
  }
}

absl::Status RelativeNotSupported(std::string_view str, std::string_view type_name) {
  return Error(sqlstate::kFeatureNotSupported,
               absl::StrCat("relative ", A(type_name), " input \"", A(str), "\" is not supported"))
      .Detail("'now', 'today', 'tomorrow' and 'yesterday' depend on the statement time.")
      .Hint("Use now(), current_date or current_timestamp instead.");
}

const char* TypeNameFor(TypeId id) {
  switch (id) {
    case TypeId::kDate:
      return "date";
    case TypeId::kTime:
      return "time";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kTimestamptz:
      return "timestamp with time zone";
    default:
      return "interval";
  }
}

absl::StatusOr<Datum> DecodeAndBuild(TypeId id, std::string_view text) {
  const char* type_name = TypeNameFor(id);
  std::vector<Field> fields;
  int e = SplitFields(text, fields);
  Decoded d;
  if (e == kOk) e = DecodeDateTime(fields, id == TypeId::kTime, d);
  if (e == kBadTimezone) {
    return Error(sqlstate::kInvalidParameterValue, absl::StrCat("time zone \"", d.bad_zone, "\" not recognized"));
  }
  if (e != kOk) return DateTimeError(e, text, type_name);
  if (d.dtype == kDtRelative) return RelativeNotSupported(text, type_name);
  Tm& tm = d.tm;
  if (id == TypeId::kTime) {
    int64_t t = ((static_cast<int64_t>(tm.hour) * 60 + tm.min) * 60 + tm.sec) * kUsecsPerSec + tm.fsec;
    return Datum::FromInt(t);
  }
  if (id == TypeId::kDate) {
    switch (d.dtype) {
      case kDtEpoch:
        return Datum::FromInt(kUnixEpochJdate - kPostgresEpochJdate);
      case kDtLate:
        return Datum::FromInt(kDatePosInfinity);
      case kDtEarly:
        return Datum::FromInt(kDateNegInfinity);
      default:
        break;
    }
    auto out_of_range = [&] {
      return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("date out of range: \"", A(text), "\""));
    };
    if (!IsValidJulian(tm.year, tm.mon, tm.mday)) return out_of_range();
    int64_t date = DateToJulian(tm.year, tm.mon, tm.mday) - kPostgresEpochJdate;
    if (!IsValidDate(date)) return out_of_range();
    return Datum::FromInt(date);
  }
  switch (d.dtype) {
    case kDtEpoch:
      return Datum::FromInt(static_cast<int64_t>(kUnixEpochJdate - kPostgresEpochJdate) * kUsecsPerDay);
    case kDtLate:
      return Datum::FromInt(kTimestampPosInfinity);
    case kDtEarly:
      return Datum::FromInt(kTimestampNegInfinity);
    default:
      break;
  }
  Fields f{tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.fsec};
  auto out_of_range = [&] {
    return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("timestamp out of range: \"", A(text), "\""));
  };
  std::optional<int64_t> ts = FieldsToTimestamp(f);
  if (!ts) return out_of_range();
  if (id == TypeId::kTimestamptz) {
    int64_t offset = 0;
    if (d.named_tz) {
      offset = LocalOffset(*d.named_tz, f);
    } else if (d.have_tz) {
      offset = d.tz_east;
    }
    int64_t utc = *ts - offset * kUsecsPerSec;
    if (!IsValidTimestamp(utc)) return out_of_range();
    return Datum::FromInt(utc);
  }
  return Datum::FromInt(*ts);
}

// ---------------------------------------------------------------------------
// Interval input.

struct ItmIn {
  int64_t usec = 0;
  int32_t mday = 0;
  int32_t mon = 0;
  int32_t year = 0;
};

bool AdjustFractMicroseconds(double frac, int64_t scale, ItmIn& itm) {
  if (frac == 0) return true;
  frac *= static_cast<double>(scale);
  int64_t usec = static_cast<int64_t>(frac);
  frac -= static_cast<double>(usec);
  usec += static_cast<int64_t>(std::rint(frac));
  return !__builtin_add_overflow(itm.usec, usec, &itm.usec);
}
bool AdjustFractDays(double frac, int scale, ItmIn& itm) {
  if (frac == 0) return true;
  frac *= scale;
  int extra_days = static_cast<int>(frac);
  if (__builtin_add_overflow(itm.mday, extra_days, &itm.mday)) return false;
  frac -= extra_days;
  return AdjustFractMicroseconds(frac, kUsecsPerDay, itm);
}
bool AdjustFractYears(double frac, int scale, ItmIn& itm) {
  int extra_months = static_cast<int>(std::rint(frac * scale * 12));
  return !__builtin_add_overflow(itm.mon, extra_months, &itm.mon);
}
bool AdjustMicroseconds(int64_t val, double fval, int64_t scale, ItmIn& itm) {
  if (__builtin_mul_overflow(val, scale, &val)) return false;
  if (__builtin_add_overflow(itm.usec, val, &itm.usec)) return false;
  return AdjustFractMicroseconds(fval, scale, itm);
}
bool AdjustDays(int64_t val, int scale, ItmIn& itm) {
  int32_t days;
  if (val < INT32_MIN || val > INT32_MAX) return false;
  return !__builtin_mul_overflow(static_cast<int32_t>(val), scale, &days) &&
         !__builtin_add_overflow(itm.mday, days, &itm.mday);
}
bool AdjustMonths(int64_t val, ItmIn& itm) {
  if (val < INT32_MIN || val > INT32_MAX) return false;
  return !__builtin_add_overflow(itm.mon, static_cast<int32_t>(val), &itm.mon);
}
bool AdjustYears(int64_t val, int scale, ItmIn& itm) {
  int32_t years;
  if (val < INT32_MIN || val > INT32_MAX) return false;
  return !__builtin_mul_overflow(static_cast<int32_t>(val), scale, &years) &&
         !__builtin_add_overflow(itm.year, years, &itm.year);
}

int ParseFraction(const char* cp, double& frac) {
  if (*cp != '.') return kBadFormat;
  if (cp[1] == '\0') {
    frac = 0;
    return kOk;
  }
  errno = 0;
  char* end;
  frac = std::strtod(cp, &end);
  if (*end != '\0' || errno != 0) return kBadFormat;
  return kOk;
}

// DecodeTimeForInterval: hh:mm[:ss[.frac]] as microseconds.
int DecodeIntervalTime(const std::string& str, int& tmask, ItmIn& itm) {
  const char* cp;
  int64_t hour, min, sec = 0;
  int64_t fsec = 0;
  tmask = kTimeMask;
  errno = 0;
  char* e;
  long long h = std::strtoll(str.c_str(), &e, 10);
  if (errno == ERANGE) return kFieldOverflow;
  hour = h;
  cp = e;
  if (*cp != ':') return kBadFormat;
  if (!ParseInt(cp + 1, &cp, min, INT32_MIN, INT32_MAX)) return kFieldOverflow;
  if (*cp == '\0') {
    sec = 0;
  } else if (*cp == '.') {
    int r = ParseFractionalSecond(cp, fsec);
    if (r) return r;
    sec = min;
    min = hour;
    hour = 0;
  } else if (*cp == ':') {
    if (!ParseInt(cp + 1, &cp, sec, INT32_MIN, INT32_MAX)) return kFieldOverflow;
    if (*cp == '.') {
      int r = ParseFractionalSecond(cp, fsec);
      if (r) return r;
    } else if (*cp != '\0') {
      return kBadFormat;
    }
  } else {
    return kBadFormat;
  }
  if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > kUsecsPerSec) {
    return kFieldOverflow;
  }
  int64_t usec = fsec;
  int64_t part;
  if (__builtin_mul_overflow(hour, kUsecsPerHour, &part) || __builtin_add_overflow(usec, part, &usec)) {
    return kFieldOverflow;
  }
  usec += min * kUsecsPerMinute + sec * kUsecsPerSec;
  itm.usec = usec;
  return kOk;
}

int DecodeInterval(const std::vector<Field>& fields, ItmIn& itm) {
  bool is_before = false;
  int fmask = 0, tmask = 0;
  int type = -1;  // the unit of the next number (-1: seconds, the rightmost)
  int nf = static_cast<int>(fields.size());
  for (int i = nf - 1; i >= 0; --i) {
    const Field& f = fields[i];
    tmask = 0;
    switch (f.type) {
      case kFTime: {
        int e = DecodeIntervalTime(f.text, tmask, itm);
        if (e) return e;
        type = kUDay;
        break;
      }
      case kFTz:
        if (f.text.find(':', 1) != std::string::npos) {
          ItmIn saved = itm;
          int t2;
          if (DecodeIntervalTime(f.text.substr(1), t2, itm) == kOk) {
            tmask = t2;
            if (f.text[0] == '-') itm.usec = -itm.usec;
            type = kUDay;
            break;
          }
          itm = saved;
        }
        [[fallthrough]];
      case kFDate:
      case kFNumber: {
        if (type == -1) type = kUSecond;
        errno = 0;
        char* cp;
        long long lv = std::strtoll(f.text.c_str(), &cp, 10);
        if (errno == ERANGE) return kFieldOverflow;
        if (cp == f.text.c_str() && *cp != '.') return kBadFormat;
        int64_t val = lv;
        double fval = 0;
        if (*cp == '-') {
          const char* cp2;
          int64_t val2;
          if (!ParseInt(cp + 1, &cp2, val2, 0, 11)) return kFieldOverflow;
          if (*cp2 != '\0') return kBadFormat;
          type = kUMonth;
          if (f.text[0] == '-') val2 = -val2;
          if (__builtin_mul_overflow(val, int64_t{12}, &val)) return kFieldOverflow;
          if (__builtin_add_overflow(val, val2, &val)) return kFieldOverflow;
        } else if (*cp == '.') {
          int e = ParseFraction(cp, fval);
          if (e) return e;
          if (f.text[0] == '-') fval = -fval;
        } else if (*cp != '\0') {
          return kBadFormat;
        }
        bool ok = true;
        switch (type) {
          case kUMicrosec:
            ok = AdjustMicroseconds(val, fval, 1, itm);
            tmask = kMMicrosecond;
            break;
          case kUMillisec:
            ok = AdjustMicroseconds(val, fval, 1000, itm);
            tmask = kMMillisecond;
            break;
          case kUSecond:
            ok = AdjustMicroseconds(val, fval, kUsecsPerSec, itm);
            tmask = fval == 0 ? kMSecond : kAllSecsMask;
            break;
          case kUMinute:
            ok = AdjustMicroseconds(val, fval, kUsecsPerMinute, itm);
            tmask = kMMinute;
            break;
          case kUHour:
            ok = AdjustMicroseconds(val, fval, kUsecsPerHour, itm);
            tmask = kMHour;
            type = kUDay;
            break;
          case kUDay:
            ok = AdjustDays(val, 1, itm) && AdjustFractMicroseconds(fval, kUsecsPerDay, itm);
            tmask = kMDay;
            break;
          case kUWeek:
            ok = AdjustDays(val, 7, itm) && AdjustFractDays(fval, 7, itm);
            tmask = kMWeek;
            break;
          case kUMonth:
            ok = AdjustMonths(val, itm) && AdjustFractDays(fval, 30, itm);
            tmask = kMMonth;
            break;
          case kUYear:
            ok = AdjustYears(val, 1, itm) && AdjustFractYears(fval, 1, itm);
            tmask = kMYear;
            break;
          case kUDecade:
            ok = AdjustYears(val, 10, itm) && AdjustFractYears(fval, 10, itm);
            tmask = kMDecade;
            break;
          case kUCentury:
            ok = AdjustYears(val, 100, itm) && AdjustFractYears(fval, 100, itm);
            tmask = kMCentury;
            break;
          case kUMillennium:
            ok = AdjustYears(val, 1000, itm) && AdjustFractYears(fval, 1000, itm);
            tmask = kMMillennium;
            break;
          default:
            return kBadFormat;
        }
        if (!ok) return kFieldOverflow;
        break;
      }
      case kFString:
      case kFSpecial: {
        const Token* t = FindToken(kDeltaTokens, f.text);
        if (t == nullptr) return kBadFormat;
        if (t->type == kTkIgnore) continue;
        if (t->type == kTkUnits) {
          type = t->value;
        } else if (t->type == kTkAgo) {
          is_before = true;
        } else {
          return kBadFormat;
        }
        break;
      }
    }
    if (tmask & fmask) return kBadFormat;
    fmask |= tmask;
  }
  if (fmask == 0) return kBadFormat;
  if (is_before) {
    if (itm.usec == INT64_MIN || itm.mday == INT32_MIN || itm.mon == INT32_MIN || itm.year == INT32_MIN) {
      return kFieldOverflow;
    }
    itm.usec = -itm.usec;
    itm.mday = -itm.mday;
    itm.mon = -itm.mon;
    itm.year = -itm.year;
  }
  return kOk;
}

// ISO 8601 "format with designators": P1Y2M3W4DT5H6M7.5S.
int DecodeIso8601Interval(std::string_view str, ItmIn& itm) {
  if (str.size() < 2 || str[0] != 'P') return kBadFormat;
  std::string s(str.substr(1));
  const char* p = s.c_str();
  bool datepart = true;
  while (*p) {
    if (*p == 'T') {
      datepart = false;
      ++p;
      continue;
    }
    if (!(IsDigit(*p) || *p == '-' || *p == '.')) return kBadFormat;
    errno = 0;
    char* end;
    double v = std::strtod(p, &end);
    if (end == p || errno != 0) return kBadFormat;
    if (v >= 9223372036854775807.0 || v < -9223372036854775807.0) return kFieldOverflow;
    int64_t val = static_cast<int64_t>(v);
    double fval = v - static_cast<double>(val);
    p = end;
    char unit = *p;
    if (unit == '\0') return kBadFormat;
    ++p;
    bool ok;
    if (datepart) {
      switch (unit) {
        case 'Y':
          ok = AdjustYears(val, 1, itm) && AdjustFractYears(fval, 1, itm);
          break;
        case 'M':
          ok = AdjustMonths(val, itm) && AdjustFractDays(fval, 30, itm);
          break;
        case 'W':
          ok = AdjustDays(val, 7, itm) && AdjustFractDays(fval, 7, itm);
          break;
        case 'D':
          ok = AdjustDays(val, 1, itm) && AdjustFractMicroseconds(fval, kUsecsPerDay, itm);
          break;
        default:
          return kBadFormat;
      }
    } else {
      switch (unit) {
        case 'H':
          ok = AdjustMicroseconds(val, fval, kUsecsPerHour, itm);
          break;
        case 'M':
          ok = AdjustMicroseconds(val, fval, kUsecsPerMinute, itm);
          break;
        case 'S':
          ok = AdjustMicroseconds(val, fval, kUsecsPerSec, itm);
          break;
        default:
          return kBadFormat;
      }
    }
    if (!ok) return kFieldOverflow;
  }
  return kOk;
}

datetime::Unit ToUnit(int u) {
  switch (u) {
    case kUMicrosec:
      return datetime::Unit::kMicroseconds;
    case kUMillisec:
      return datetime::Unit::kMilliseconds;
    case kUSecond:
      return datetime::Unit::kSecond;
    case kUMinute:
      return datetime::Unit::kMinute;
    case kUHour:
      return datetime::Unit::kHour;
    case kUDay:
      return datetime::Unit::kDay;
    case kUWeek:
      return datetime::Unit::kWeek;
    case kUMonth:
      return datetime::Unit::kMonth;
    case kUQuarter:
      return datetime::Unit::kQuarter;
    case kUYear:
      return datetime::Unit::kYear;
    case kUDecade:
      return datetime::Unit::kDecade;
    case kUCentury:
      return datetime::Unit::kCentury;
    case kUMillennium:
      return datetime::Unit::kMillennium;
    case kUTz:
      return datetime::Unit::kTimezone;
    case kUTzHour:
      return datetime::Unit::kTimezoneHour;
    case kUTzMinute:
      return datetime::Unit::kTimezoneMinute;
    case kUDow:
      return datetime::Unit::kDow;
    case kUDoy:
      return datetime::Unit::kDoy;
    case kUIsoDow:
      return datetime::Unit::kIsoDow;
    case kUIsoYear:
      return datetime::Unit::kIsoYear;
    case kUJulian:
      return datetime::Unit::kJulian;
    default:
      return datetime::Unit::kEpoch;
  }
}

absl::StatusOr<Datum> ParseInterval(std::string_view text) {
  std::vector<Field> fields;
  ItmIn itm;
  int e = SplitFields(text, fields);
  if (e == kOk) e = DecodeInterval(fields, itm);
  if (e == kBadFormat) {
    itm = ItmIn();
    e = DecodeIso8601Interval(text, itm);
  }
  if (e == kFieldOverflow) e = kIntervalOverflow;
  if (e != kOk) return DateTimeError(e, text, "interval");
  int64_t months = static_cast<int64_t>(itm.year) * 12 + itm.mon;
  if (months < INT32_MIN || months > INT32_MAX) {
    return Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  }
  Interval iv{static_cast<int32_t>(months), itm.mday, itm.usec};
  return iv.ToDatum();
}

// ---------------------------------------------------------------------------
// Typmods.

constexpr int64_t kScales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};

int64_t RoundMicros(int64_t v, int precision) {
  int64_t scale = kScales[precision];
  int64_t offset = scale / 2;
  if (v >= 0) return ((v + offset) / scale) * scale;
  return -((((-v) + offset) / scale) * scale);
}

// Interval typmods: the field range in the high 16 bits, the precision low.
constexpr int kIntervalFullRange = 0x7FFF;
constexpr int kIntervalFullPrecision = 0xFFFF;
constexpr int kIvYear = 1 << 2, kIvMonth = 1 << 1, kIvDay = 1 << 3, kIvHour = 1 << 10, kIvMinute = 1 << 11,
              kIvSecond = 1 << 12;

}  // namespace

std::optional<datetime::Unit> LookupUnit(std::string_view lower, bool with_special) {
  if (const Token* t = FindToken(kDeltaTokens, lower); t != nullptr && t->type == kTkUnits) {
    return ToUnit(t->value);
  }
  if (!with_special || FindToken(kDeltaTokens, lower) != nullptr) return std::nullopt;
  const Token* t = FindToken(kDateTokens, lower);
  if (t == nullptr) return std::nullopt;
  if (t->type == kTkUnits) return ToUnit(t->value);
  if (t->type == kTkReserv && t->value == kREpoch) return datetime::Unit::kEpoch;
  return std::nullopt;
}

int IsoWeek(int year, int mon, int mday) {
  int dayn = DateToJulian(year, mon, mday);
  int day4 = DateToJulian(year, 1, 4);
  int day0 = DayOfWeek(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = DateToJulian(year - 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
  }
  int result = (dayn - (day4 - day0)) / 7 + 1;
  if (result >= 52) {
    day4 = DateToJulian(year + 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
    if (dayn >= day4 - day0) result = (dayn - (day4 - day0)) / 7 + 1;
  }
  return result;
}

int IsoYear(int year, int mon, int mday) {
  int dayn = DateToJulian(year, mon, mday);
  int day4 = DateToJulian(year, 1, 4);
  int day0 = DayOfWeek(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = DateToJulian(year - 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
    year--;
  }
  int result = (dayn - (day4 - day0)) / 7 + 1;
  if (result >= 52) {
    day4 = DateToJulian(year + 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
    if (dayn >= day4 - day0) year++;
  }
  return year;
}

int IsoWeekToJulian(int year, int week) {
  int day4 = DateToJulian(year, 1, 4);
  int day0 = DayOfWeek(day4 - 1);
  return ((week - 1) * 7) + (day4 - day0);
}

absl::StatusOr<Datum> ApplyTypmod(const Type& type, const Datum& value) {
  if (type.typmod < 0) return value;
  switch (type.id) {
    case TypeId::kTime: {
      if (type.typmod > 6) return value;
      return Datum::FromInt(RoundMicros(value.as_int(), type.typmod));
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz: {
      int64_t ts = value.as_int();
      if (!IsFiniteTimestamp(ts) || type.typmod >= 6) return value;
      int64_t r = RoundMicros(ts, type.typmod);
      if (!IsValidTimestamp(r)) return Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
      return Datum::FromInt(r);
    }
    case TypeId::kInterval: {
      Interval iv = Interval::FromDatum(value);
      int range = (type.typmod >> 16) & 0x7FFF;
      int precision = type.typmod & 0xFFFF;
      if (range != kIntervalFullRange) {
        if (range == kIvYear) {
          iv.months = (iv.months / 12) * 12;
          iv.days = 0;
          iv.micros = 0;
        } else if (range == kIvMonth || range == (kIvYear | kIvMonth)) {
          iv.days = 0;
          iv.micros = 0;
        } else if (range == kIvDay || range == (kIvDay | kIvHour) || range == (kIvDay | kIvHour | kIvMinute) ||
                   range == (kIvDay | kIvHour | kIvMinute | kIvSecond) || range == kIvHour ||
                   range == (kIvHour | kIvMinute) || range == (kIvHour | kIvMinute | kIvSecond) ||
                   range == kIvMinute || range == (kIvMinute | kIvSecond) || range == kIvSecond) {
          if (range == kIvDay) {
            iv.micros = 0;
          } else if (range == kIvHour || range == (kIvDay | kIvHour)) {
            iv.micros = (iv.micros / kUsecsPerHour) * kUsecsPerHour;
          } else if (range == kIvMinute || range == (kIvHour | kIvMinute) || range == (kIvDay | kIvHour | kIvMinute)) {
            iv.micros = (iv.micros / kUsecsPerMinute) * kUsecsPerMinute;
          }
        }
      }
      if (precision != kIntervalFullPrecision && precision <= 6) {
        iv.micros = RoundMicros(iv.micros, precision);
      }
      return iv.ToDatum();
    }
    default:
      return value;
  }
}

absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text) {
  absl::StatusOr<Datum> v = type.id == TypeId::kInterval ? ParseInterval(text) : DecodeAndBuild(type.id, text);
  if (!v.ok() || type.typmod < 0) return v;
  return ApplyTypmod(type, *v);
}

// ---------------------------------------------------------------------------
// Binary forms and ordering.

absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out) {
  switch (type.id) {
    case TypeId::kDate:
      PutBE(out, static_cast<uint32_t>(static_cast<int32_t>(value.as_int())), 4);
      return absl::OkStatus();
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
      PutBE(out, static_cast<uint64_t>(value.as_int()), 8);
      return absl::OkStatus();
    case TypeId::kInterval: {
      Interval iv = Interval::FromDatum(value);
      PutBE(out, static_cast<uint64_t>(iv.micros), 8);
      PutBE(out, static_cast<uint32_t>(iv.days), 4);
      PutBE(out, static_cast<uint32_t>(iv.months), 4);
      return absl::OkStatus();
    }
    default:
      return NotSupported(absl::StrCat("binary output of type ", SqlName(type)));
  }
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes) {
  auto bad_size = [&] {
    return Error(sqlstate::kInvalidBinaryRepresentation,
                 absl::StrCat("incorrect binary data format for type ", SqlName(type)));
  };
  switch (type.id) {
    case TypeId::kDate: {
      if (bytes.size() != 4) return bad_size();
      int64_t d = static_cast<int32_t>(GetBE(bytes, 0, 4));
      if (IsFiniteDate(d) && !IsValidDate(d)) return Error(sqlstate::kDatetimeFieldOverflow, "date out of range");
      return Datum::FromInt(d);
    }
    case TypeId::kTime: {
      if (bytes.size() != 8) return bad_size();
      int64_t t = static_cast<int64_t>(GetBE(bytes, 0, 8));
      if (t < 0 || t > kUsecsPerDay) return Error(sqlstate::kDatetimeFieldOverflow, "time out of range");
      return ApplyTypmod(type, Datum::FromInt(t));
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz: {
      if (bytes.size() != 8) return bad_size();
      int64_t t = static_cast<int64_t>(GetBE(bytes, 0, 8));
      if (IsFiniteTimestamp(t) && !IsValidTimestamp(t)) {
        return Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
      }
      return ApplyTypmod(type, Datum::FromInt(t));
    }
    case TypeId::kInterval: {
      if (bytes.size() != 16) return bad_size();
      Interval iv;
      iv.micros = static_cast<int64_t>(GetBE(bytes, 0, 8));
      iv.days = static_cast<int32_t>(GetBE(bytes, 8, 4));
      iv.months = static_cast<int32_t>(GetBE(bytes, 12, 4));
      return ApplyTypmod(type, iv.ToDatum());
    }
    default:
      return NotSupported(absl::StrCat("binary input of type ", SqlName(type)));
  }
}

int Compare(const Type& type, const Datum& a, const Datum& b) {
  if (type.id == TypeId::kInterval) {
    __int128 x = IntervalSpan(Interval::FromDatum(a));
    __int128 y = IntervalSpan(Interval::FromDatum(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  int64_t x = a.as_int(), y = b.as_int();
  return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace freshet::types::datetime
