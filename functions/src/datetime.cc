// Functions, operators and casts of the datetime family, as PostgreSQL 15's
// date.c and timestamp.c define them (TimeZone is always UTC in Freshet, so
// timestamptz arithmetic is timestamp arithmetic on UTC values).
#include <cctype>
#include <chrono>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/datetime.h"
#include "types/format.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::TypeId;
namespace dt = types::datetime;
using dt::Interval;

using Result = absl::StatusOr<Datum>;


absl::Status OutOfRange(const char* what) {
  return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat(what, " out of range"));
}
absl::Status TimestampOutOfRange() { return OutOfRange("timestamp"); }
absl::Status IntervalOutOfRange() { return OutOfRange("interval"); }

Datum Int(int64_t v) { return Datum::FromInt(v); }
Datum Float(double v) { return Datum::FromDouble(v); }
Interval Iv(const Datum& d) { return Interval::FromDatum(d); }

// ---------------------------------------------------------------------------
// Arithmetic shared by operators and functions.

absl::StatusOr<Interval> Negate(const Interval& iv) {
  if (iv.micros == INT64_MIN || iv.days == INT32_MIN || iv.months == INT32_MIN) return IntervalOutOfRange();
  return Interval{-iv.months, -iv.days, -iv.micros};
}

absl::StatusOr<Interval> AddIntervals(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_add_overflow(a.months, b.months, &r.months) || __builtin_add_overflow(a.days, b.days, &r.days) ||
      __builtin_add_overflow(a.micros, b.micros, &r.micros)) {
    return IntervalOutOfRange();
  }
  return r;
}

// timestamp_pl_interval: months, then days on the calendar, then time.
absl::StatusOr<int64_t> AddToTimestamp(int64_t ts, const Interval& span) {
  if (!dt::IsFiniteTimestamp(ts)) return ts;
  if (span.months != 0) {
    dt::Fields f;
    if (!dt::TimestampToFields(ts, f)) return TimestampOutOfRange();
    int64_t mon = static_cast<int64_t>(f.month) + span.months;
    int64_t year = f.year;
    if (mon > 12) {
      year += (mon - 1) / 12;
      mon = ((mon - 1) % 12) + 1;
    } else if (mon < 1) {
      year += mon / 12 - 1;
      mon = mon % 12 + 12;
    }
    if (year < INT32_MIN / 2 || year > INT32_MAX / 2) return TimestampOutOfRange();
    f.year = static_cast<int>(year);
    f.month = static_cast<int>(mon);
    f.day = std::min(f.day, dt::DaysInMonth(f.year, f.month));
    auto r = dt::FieldsToTimestamp(f);
    if (!r) return TimestampOutOfRange();
    ts = *r;
  }
  if (span.days != 0) {
    dt::Fields f;
    if (!dt::TimestampToFields(ts, f)) return TimestampOutOfRange();
    int64_t julian = static_cast<int64_t>(dt::DateToJulian(f.year, f.month, f.day)) + span.days;
    if (julian < 0 || julian > INT32_MAX) return TimestampOutOfRange();
    dt::JulianToDate(static_cast<int>(julian), f.year, f.month, f.day);
    auto r = dt::FieldsToTimestamp(f);
    if (!r) return TimestampOutOfRange();
    ts = *r;
  }
  if (__builtin_add_overflow(ts, span.micros, &ts) || !dt::IsValidTimestamp(ts)) return TimestampOutOfRange();
  return ts;
}

absl::StatusOr<int64_t> SubFromTimestamp(int64_t ts, const Interval& span) {
  absl::StatusOr<Interval> neg = Negate(span);
  if (!neg.ok()) return neg.status();
  return AddToTimestamp(ts, *neg);
}

absl::StatusOr<Interval> JustifyHours(Interval r) {
  int64_t wholeday = r.micros / dt::kUsecsPerDay;
  r.micros -= wholeday * dt::kUsecsPerDay;
  int32_t days;
  if (wholeday > INT32_MAX || wholeday < INT32_MIN || __builtin_add_overflow(r.days, static_cast<int32_t>(wholeday), &days)) {
    return IntervalOutOfRange();
  }
  r.days = days;
  if (r.days > 0 && r.micros < 0) {
    r.micros += dt::kUsecsPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= dt::kUsecsPerDay;
    r.days++;
  }
  return r;
}

absl::StatusOr<Interval> JustifyDays(Interval r) {
  int32_t wholemonth = r.days / 30;
  r.days -= wholemonth * 30;
  if (__builtin_add_overflow(r.months, wholemonth, &r.months)) return IntervalOutOfRange();
  if (r.months > 0 && r.days < 0) {
    r.days += 30;
    r.months--;
  } else if (r.months < 0 && r.days > 0) {
    r.days -= 30;
    r.months++;
  }
  return r;
}

absl::StatusOr<Interval> JustifyInterval(Interval r) {
  if ((r.days > 0 && r.micros > 0) || (r.days < 0 && r.micros < 0)) {
    int32_t wholemonth = r.days / 30;
    r.days -= wholemonth * 30;
    if (__builtin_add_overflow(r.months, wholemonth, &r.months)) return IntervalOutOfRange();
  }
  int64_t wholeday = r.micros / dt::kUsecsPerDay;
  r.micros -= wholeday * dt::kUsecsPerDay;
  if (__builtin_add_overflow(r.days, static_cast<int32_t>(wholeday), &r.days)) return IntervalOutOfRange();
  int32_t wholemonth = r.days / 30;
  r.days -= wholemonth * 30;
  if (__builtin_add_overflow(r.months, wholemonth, &r.months)) return IntervalOutOfRange();
  if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.micros < 0))) {
    r.days += 30;
    r.months--;
  } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.micros > 0))) {
    r.days -= 30;
    r.months++;
  }
  if (r.days > 0 && r.micros < 0) {
    r.micros += dt::kUsecsPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= dt::kUsecsPerDay;
    r.days++;
  }
  return r;
}

absl::StatusOr<Interval> SubtractTimestamps(int64_t a, int64_t b) {
  if (!dt::IsFiniteTimestamp(a) || !dt::IsFiniteTimestamp(b)) {
    return Error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  Interval r;
  if (__builtin_sub_overflow(a, b, &r.micros)) return IntervalOutOfRange();
  return JustifyHours(r);
}

double TsRound(double v) { return std::rint(v * 1000000.0) / 1000000.0; }
bool FitsInt32(double v) { return v >= static_cast<double>(INT32_MIN) && v < -static_cast<double>(INT32_MIN); }
bool FitsInt64(double v) { return v >= static_cast<double>(INT64_MIN) && v < -static_cast<double>(INT64_MIN); }

absl::StatusOr<Interval> MultiplyInterval(const Interval& span, double factor) {
  Interval r;
  double d = span.months * factor;
  if (std::isnan(d) || !FitsInt32(d)) return IntervalOutOfRange();
  r.months = static_cast<int32_t>(d);
  d = span.days * factor;
  if (std::isnan(d) || !FitsInt32(d)) return IntervalOutOfRange();
  r.days = static_cast<int32_t>(d);
  double month_remainder_days = TsRound((span.months * factor - r.months) * 30);
  double sec_remainder =
      TsRound((span.days * factor - r.days + month_remainder_days - static_cast<int>(month_remainder_days)) * 86400);
  if (std::fabs(sec_remainder) >= 86400) {
    if (__builtin_add_overflow(r.days, static_cast<int>(sec_remainder / 86400), &r.days)) return IntervalOutOfRange();
    sec_remainder -= static_cast<int>(sec_remainder / 86400) * 86400;
  }
  if (__builtin_add_overflow(r.days, static_cast<int32_t>(month_remainder_days), &r.days)) return IntervalOutOfRange();
  d = std::rint(static_cast<double>(span.micros) * factor + sec_remainder * 1000000);
  if (std::isnan(d) || !FitsInt64(d)) return IntervalOutOfRange();
  r.micros = static_cast<int64_t>(d);
  return r;
}

absl::StatusOr<Interval> DivideInterval(const Interval& span, double factor) {
  if (factor == 0.0) return Error(sqlstate::kDivisionByZero, "division by zero");
  Interval r;
  double d = span.months / factor;
  if (std::isnan(d) || !FitsInt32(d)) return IntervalOutOfRange();
  r.months = static_cast<int32_t>(d);
  d = span.days / factor;
  if (std::isnan(d) || !FitsInt32(d)) return IntervalOutOfRange();
  r.days = static_cast<int32_t>(d);
  double month_remainder_days = TsRound((span.months / factor - r.months) * 30);
  double sec_remainder =
      TsRound((span.days / factor - r.days + month_remainder_days - static_cast<int>(month_remainder_days)) * 86400);
  if (std::fabs(sec_remainder) >= 86400) {
    r.days += static_cast<int>(sec_remainder / 86400);
    sec_remainder -= static_cast<int>(sec_remainder / 86400) * 86400;
  }
  r.days += static_cast<int32_t>(month_remainder_days);
  d = std::rint(static_cast<double>(span.micros) / factor + sec_remainder * 1000000);
  if (std::isnan(d) || !FitsInt64(d)) return IntervalOutOfRange();
  r.micros = static_cast<int64_t>(d);
  return r;
}

int64_t WrapTime(int64_t t) {
  t -= t / dt::kUsecsPerDay * dt::kUsecsPerDay;
  if (t < 0) t += dt::kUsecsPerDay;
  return t;
}

Result IntervalResult(const absl::StatusOr<Interval>& iv) {
  if (!iv.ok()) return iv.status();
  return iv->ToDatum();
}
Result TsResult(const absl::StatusOr<int64_t>& ts) {
  if (!ts.ok()) return ts.status();
  return Int(*ts);
}

// ---------------------------------------------------------------------------
// Operators.

Result DatePlusDays(int64_t date, int64_t days) {
  if (!dt::IsFiniteDate(date)) return Int(date);
  int64_t r = date + days;
  if (!dt::IsValidDate(r)) return OutOfRange("date");
  return Int(r);
}

Result DatePli(const Args& a) { return DatePlusDays(a[0].as_int(), a[1].as_int()); }
Result IntegerPlDate(const Args& a) { return DatePlusDays(a[1].as_int(), a[0].as_int()); }
Result DateMii(const Args& a) { return DatePlusDays(a[0].as_int(), -a[1].as_int()); }
Result DateMi(const Args& a) {
  int64_t x = a[0].as_int(), y = a[1].as_int();
  if (!dt::IsFiniteDate(x) || !dt::IsFiniteDate(y)) {
    return Error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite dates");
  }
  return Int(x - y);
}
Result DatePlInterval(const Args& a) {
  auto ts = dt::DateToTimestamp(a[0].as_int());
  if (!ts.ok()) return ts.status();
  return TsResult(AddToTimestamp(*ts, Iv(a[1])));
}
Result IntervalPlDate(const Args& a) {
  auto ts = dt::DateToTimestamp(a[1].as_int());
  if (!ts.ok()) return ts.status();
  return TsResult(AddToTimestamp(*ts, Iv(a[0])));
}
Result DateMiInterval(const Args& a) {
  auto ts = dt::DateToTimestamp(a[0].as_int());
  if (!ts.ok()) return ts.status();
  return TsResult(SubFromTimestamp(*ts, Iv(a[1])));
}
Result DateTimePl(int64_t date, int64_t time) {
  auto ts = dt::DateToTimestamp(date);
  if (!ts.ok()) return ts.status();
  int64_t r = *ts;
  if (dt::IsFiniteTimestamp(r)) {
    r += time;
    if (!dt::IsValidTimestamp(r)) return TimestampOutOfRange();
  }
  return Int(r);
}
Result DatetimePl(const Args& a) { return DateTimePl(a[0].as_int(), a[1].as_int()); }
Result TimedatePl(const Args& a) { return DateTimePl(a[1].as_int(), a[0].as_int()); }
Result TimestampPlInterval(const Args& a) { return TsResult(AddToTimestamp(a[0].as_int(), Iv(a[1]))); }
Result IntervalPlTimestamp(const Args& a) { return TsResult(AddToTimestamp(a[1].as_int(), Iv(a[0]))); }
Result TimestampMiInterval(const Args& a) { return TsResult(SubFromTimestamp(a[0].as_int(), Iv(a[1]))); }
Result TimestampMi(const Args& a) { return IntervalResult(SubtractTimestamps(a[0].as_int(), a[1].as_int())); }
Result TimePlInterval(const Args& a) { return Int(WrapTime(a[0].as_int() + Iv(a[1]).micros % dt::kUsecsPerDay)); }
Result IntervalPlTime(const Args& a) { return Int(WrapTime(a[1].as_int() + Iv(a[0]).micros % dt::kUsecsPerDay)); }
Result TimeMiInterval(const Args& a) { return Int(WrapTime(a[0].as_int() - Iv(a[1]).micros % dt::kUsecsPerDay)); }
Result TimeMiTime(const Args& a) { return Interval{0, 0, a[0].as_int() - a[1].as_int()}.ToDatum(); }
Result IntervalPl(const Args& a) { return IntervalResult(AddIntervals(Iv(a[0]), Iv(a[1]))); }
Result IntervalMi(const Args& a) {
  auto neg = Negate(Iv(a[1]));
  if (!neg.ok()) return neg.status();
  return IntervalResult(AddIntervals(Iv(a[0]), *neg));
}
Result IntervalUm(const Args& a) { return IntervalResult(Negate(Iv(a[0]))); }
Result IntervalMul(const Args& a) { return IntervalResult(MultiplyInterval(Iv(a[0]), a[1].as_double())); }
Result MulDInterval(const Args& a) { return IntervalResult(MultiplyInterval(Iv(a[1]), a[0].as_double())); }
Result IntervalDiv(const Args& a) { return IntervalResult(DivideInterval(Iv(a[0]), a[1].as_double())); }

// ---------------------------------------------------------------------------
// Current time.

Result Now(const Args& a) {
  if (a.ctx == nullptr) return Error(sqlstate::kInternalError, "now() called without a statement context");
  return Int(a.ctx->statement_timestamp);
}

Result ClockTimestamp(const Args&) {
  int64_t unix_us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  return Int(unix_us - int64_t{10957} * dt::kUsecsPerDay);
}

// ---------------------------------------------------------------------------
// date_trunc.

std::string LowerText(const Datum& d) {
  const std::string& s = d.as_string();
  return absl::AsciiStrToLower(absl::string_view(s.data(), s.size()));
}

absl::Status UnitNotRecognized(const std::string& unit, TypeId type) {
  return Error(sqlstate::kInvalidParameterValue,
               absl::StrCat("unit \"", unit, "\" not recognized for type ", types::SqlName(types::Type{type})));
}
Error UnitNotSupported(const std::string& unit, TypeId type) {
  return Error(sqlstate::kFeatureNotSupported,
               absl::StrCat("unit \"", unit, "\" not supported for type ", types::SqlName(types::Type{type})));
}

// Truncates broken-down fields to `unit` (timestamp_trunc's switch).
bool TruncFields(dt::Unit unit, dt::Fields& f) {
  using U = dt::Unit;
  switch (unit) {
    case U::kWeek: {
      int woy = dt::IsoWeek(f.year, f.month, f.day);
      if (woy >= 52 && f.month == 1) --f.year;
      if (woy <= 1 && f.month == 12) ++f.year;
      dt::JulianToDate(dt::IsoWeekToJulian(f.year, woy), f.year, f.month, f.day);
      f.hour = f.minute = f.second = 0;
      f.usec = 0;
      return true;
    }
    case U::kMillennium:
    case U::kCentury:
    case U::kDecade:
      if (unit == U::kMillennium) {
        f.year = f.year > 0 ? ((f.year + 999) / 1000) * 1000 - 999 : -((999 - (f.year - 1)) / 1000) * 1000 + 1;
      }
      if (unit == U::kMillennium || unit == U::kCentury) {
        f.year = f.year > 0 ? ((f.year + 99) / 100) * 100 - 99 : -((99 - (f.year - 1)) / 100) * 100 + 1;
      } else {
        f.year = f.year > 0 ? (f.year / 10) * 10 : -((8 - (f.year - 1)) / 10) * 10;
      }
      [[fallthrough]];
    case U::kYear:
      f.month = 1;
      [[fallthrough]];
    case U::kQuarter:
      f.month = (3 * ((f.month - 1) / 3)) + 1;
      [[fallthrough]];
    case U::kMonth:
      f.day = 1;
      [[fallthrough]];
    case U::kDay:
      f.hour = 0;
      [[fallthrough]];
    case U::kHour:
      f.minute = 0;
      [[fallthrough]];
    case U::kMinute:
      f.second = 0;
      [[fallthrough]];
    case U::kSecond:
      f.usec = 0;
      return true;
    case U::kMilliseconds:
      f.usec = (f.usec / 1000) * 1000;
      return true;
    case U::kMicroseconds:
      return true;
    default:
      return false;
  }
}

Result TruncTimestamp(const std::string& unit_name, int64_t ts, TypeId type) {
  if (!dt::IsFiniteTimestamp(ts)) return Int(ts);
  std::optional<dt::Unit> unit = dt::LookupUnit(unit_name, false);
  if (!unit) return UnitNotRecognized(unit_name, type);
  dt::Fields f;
  if (!dt::TimestampToFields(ts, f)) return TimestampOutOfRange();
  if (!TruncFields(*unit, f)) return UnitNotSupported(unit_name, type);
  auto r = dt::FieldsToTimestamp(f);
  if (!r) return TimestampOutOfRange();
  return Int(*r);
}

Result DateTruncTimestamp(const Args& a) { return TruncTimestamp(LowerText(a[0]), a[1].as_int(), TypeId::kTimestamp); }
Result DateTruncTimestamptz(const Args& a) {
  return TruncTimestamp(LowerText(a[0]), a[1].as_int(), TypeId::kTimestamptz);
}
// date_trunc(text, timestamptz, zone): truncates the wall-clock time in
// `zone`; units of a day or more start at that day's local midnight.
Result DateTruncTimestamptzZone(const Args& a) {
  int64_t ts = a[1].as_int();
  if (!dt::IsFiniteTimestamp(ts)) return Int(ts);
  auto local = dt::UtcToZone(a[2].as_string(), ts);
  if (!local.ok()) return local.status();
  std::string unit_name = LowerText(a[0]);
  Result t = TruncTimestamp(unit_name, *local, TypeId::kTimestamptz);
  if (!t.ok()) return t;
  std::optional<dt::Unit> unit = dt::LookupUnit(unit_name, false);
  bool redo_tz = *unit != dt::Unit::kHour && *unit != dt::Unit::kMinute && *unit != dt::Unit::kSecond &&
                 *unit != dt::Unit::kMilliseconds && *unit != dt::Unit::kMicroseconds;
  if (redo_tz) return TsResult(dt::ZoneToUtc(a[2].as_string(), t->as_int()));
  return Int(t->as_int() - (*local - ts));
}

Result DateTruncInterval(const Args& a) {
  std::string unit_name = LowerText(a[0]);
  std::optional<dt::Unit> unit = dt::LookupUnit(unit_name, false);
  if (!unit) return UnitNotRecognized(unit_name, TypeId::kInterval);
  dt::IntervalFields f = dt::IntervalToFields(Iv(a[1]));
  using U = dt::Unit;
  switch (*unit) {
    case U::kMillennium:
      f.years = (f.years / 1000) * 1000;
      [[fallthrough]];
    case U::kCentury:
      f.years = (f.years / 100) * 100;
      [[fallthrough]];
    case U::kDecade:
      f.years = (f.years / 10) * 10;
      [[fallthrough]];
    case U::kYear:
      f.months = 0;
      [[fallthrough]];
    case U::kQuarter:
      f.months = 3 * (f.months / 3);
      [[fallthrough]];
    case U::kMonth:
      f.days = 0;
      [[fallthrough]];
    case U::kDay:
      f.hours = 0;
      [[fallthrough]];
    case U::kHour:
      f.minutes = 0;
      [[fallthrough]];
    case U::kMinute:
      f.seconds = 0;
      [[fallthrough]];
    case U::kSecond:
      f.usec = 0;
      break;
    case U::kMilliseconds:
      f.usec = (f.usec / 1000) * 1000;
      break;
    case U::kMicroseconds:
      break;
    default: {
      Error e = UnitNotSupported(unit_name, TypeId::kInterval);
      if (*unit == U::kWeek) e.Detail("Months usually have fractional weeks.");
      return e;
    }
  }
  Interval r;
  r.months = f.years * 12 + f.months;
  r.days = f.days;
  r.micros = ((f.hours * 60 + f.minutes) * 60 + f.seconds) * dt::kUsecsPerSec + f.usec;
  return r.ToDatum();
}

// ---------------------------------------------------------------------------
// date_part (float8) and extract (numeric).

// int64_div_fast_to_numeric: v / 10^scale with exactly `scale` digits.
std::string ScaledNumeric(int64_t v, int scale) {
  bool neg = v < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits = std::to_string(u);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, ".");
  }
  return (neg ? "-" : "") + digits;
}

// What one date_part/extract call computes: an integer, a scaled integer
// (seconds with six digits), or a special double (julian as float8).
struct PartValue {
  enum Kind { kNull, kInt, kScaled, kPosInf, kNegInf, kText } kind = kNull;
  int64_t value = 0;
  int scale = 0;
  double fvalue = 0;  // the float8 form when kind is kText
  std::string text;   // the numeric form when kind is kText
};

Result PartResult(const PartValue& p, bool numeric) {
  switch (p.kind) {
    case PartValue::kNull:
      return Datum();
    case PartValue::kPosInf:
      return numeric ? Datum::FromString("Infinity") : Float(INFINITY);
    case PartValue::kNegInf:
      return numeric ? Datum::FromString("-Infinity") : Float(-INFINITY);
    case PartValue::kInt:
      return numeric ? Datum::FromString(std::to_string(p.value)) : Float(static_cast<double>(p.value));
    case PartValue::kScaled: {
      if (numeric) return Datum::FromString(ScaledNumeric(p.value, p.scale));
      double div = p.scale == 3 ? 1000.0 : 1000000.0;
      // As PostgreSQL's float forms: whole units plus the fraction.
      int64_t whole = p.value / static_cast<int64_t>(div);
      int64_t frac = p.value - whole * static_cast<int64_t>(div);
      return Float(static_cast<double>(whole) + static_cast<double>(frac) / div);
    }
    case PartValue::kText:
      return numeric ? Datum::FromString(p.text) : Float(p.fvalue);
  }
  return Datum();
}

// The fraction N / 86400000000 as numeric_div prints it (select_div_scale).
std::string DayFraction(int64_t n) {
  constexpr int64_t kDen = 86400000000;
  int weight_n = 0, first_n = 0;
  if (n > 0) {
    int64_t x = n;
    int groups = 0;
    while (x >= 10000) {
      x /= 10000;
      ++groups;
    }
    weight_n = groups;
    first_n = static_cast<int>(x);
  }
  int qweight = weight_n - 2 - (first_n <= 864 ? 1 : 0);
  int rscale = std::max(0, 16 - qweight * 4);
  std::string digits;
  int64_t rem = n;
  for (int i = 0; i <= rscale; ++i) {
    rem *= 10;
    digits += static_cast<char>('0' + rem / kDen);
    rem %= kDen;
  }
  // Round half up on the extra digit.
  bool up = digits.back() >= '5';
  digits.pop_back();
  int carry = up ? 1 : 0;
  for (int i = static_cast<int>(digits.size()) - 1; i >= 0 && carry; --i) {
    int d = digits[i] - '0' + carry;
    digits[i] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  return std::string(carry ? "1" : "0") + (rscale > 0 ? "." + digits : "");
}

// Adds an integer to a non-negative decimal fraction text "0.xxx" / "1".
std::string AddIntToFraction(int64_t i, const std::string& frac) {
  size_t dot = frac.find('.');
  int64_t whole = std::stoll(frac.substr(0, dot)) + i;
  return std::to_string(whole) + (dot == std::string::npos ? "" : frac.substr(dot));
}

int YearPart(int year) { return year > 0 ? year : year - 1; }
int DecadePart(int year) { return year >= 0 ? year / 10 : -((8 - (year - 1)) / 10); }
int CenturyPart(int year) { return year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100); }
int MillenniumPart(int year) { return year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000); }

absl::StatusOr<PartValue> TimestampPart(const std::string& name, int64_t ts, TypeId type) {
  using U = dt::Unit;
  std::optional<dt::Unit> unit = dt::LookupUnit(name, true);
  if (!unit) return UnitNotRecognized(name, type);
  bool tz_unit = *unit == U::kTimezone || *unit == U::kTimezoneHour || *unit == U::kTimezoneMinute;
  if (tz_unit && type != TypeId::kTimestamptz) return UnitNotSupported(name, type);
  PartValue p;
  if (!dt::IsFiniteTimestamp(ts)) {
    switch (*unit) {
      case U::kYear:
      case U::kDecade:
      case U::kCentury:
      case U::kMillennium:
      case U::kJulian:
      case U::kIsoYear:
      case U::kEpoch:
        p.kind = ts == dt::kTimestampNegInfinity ? PartValue::kNegInf : PartValue::kPosInf;
        return p;
      default:
        return p;  // NULL
    }
  }
  dt::Fields f;
  if (!dt::TimestampToFields(ts, f)) return TimestampOutOfRange();
  p.kind = PartValue::kInt;
  switch (*unit) {
    case U::kMicroseconds:
      p.value = f.second * dt::kUsecsPerSec + f.usec;
      break;
    case U::kMilliseconds:
      p.kind = PartValue::kScaled;
      p.value = f.second * dt::kUsecsPerSec + f.usec;
      p.scale = 3;
      break;
    case U::kSecond:
      p.kind = PartValue::kScaled;
      p.value = f.second * dt::kUsecsPerSec + f.usec;
      p.scale = 6;
      break;
    case U::kMinute:
      p.value = f.minute;
      break;
    case U::kHour:
      p.value = f.hour;
      break;
    case U::kDay:
      p.value = f.day;
      break;
    case U::kMonth:
      p.value = f.month;
      break;
    case U::kQuarter:
      p.value = (f.month - 1) / 3 + 1;
      break;
    case U::kWeek:
      p.value = dt::IsoWeek(f.year, f.month, f.day);
      break;
    case U::kYear:
      p.value = YearPart(f.year);
      break;
    case U::kDecade:
      p.value = DecadePart(f.year);
      break;
    case U::kCentury:
      p.value = CenturyPart(f.year);
      break;
    case U::kMillennium:
      p.value = MillenniumPart(f.year);
      break;
    case U::kJulian: {
      int64_t j = dt::DateToJulian(f.year, f.month, f.day);
      int64_t tod = ((static_cast<int64_t>(f.hour) * 60 + f.minute) * 60 + f.second) * dt::kUsecsPerSec + f.usec;
      p.kind = PartValue::kText;
      p.text = AddIntToFraction(j, DayFraction(tod));
      p.fvalue = static_cast<double>(j) +
                 ((((f.hour * 60) + f.minute) * 60) + f.second + (static_cast<double>(f.usec) / 1000000.0)) / 86400.0;
      break;
    }
    case U::kIsoYear: {
      int y = dt::IsoYear(f.year, f.month, f.day);
      p.value = y <= 0 ? y - 1 : y;
      break;
    }
    case U::kDow:
    case U::kIsoDow: {
      int d = dt::DayOfWeek(dt::DateToJulian(f.year, f.month, f.day));
      p.value = (*unit == U::kIsoDow && d == 0) ? 7 : d;
      break;
    }
    case U::kDoy:
      p.value = dt::DateToJulian(f.year, f.month, f.day) - dt::DateToJulian(f.year, 1, 1) + 1;
      break;
    case U::kTimezone:
    case U::kTimezoneHour:
    case U::kTimezoneMinute:
      p.value = 0;  // TimeZone is UTC
      break;
    case U::kEpoch: {
      constexpr int64_t kEpoch = -int64_t{10957} * dt::kUsecsPerDay;
      p.kind = PartValue::kScaled;
      p.value = ts - kEpoch;  // fits: timestamps end far below INT64_MAX - 10957 days
      p.scale = 6;
      break;
    }
  }
  return p;
}

absl::StatusOr<PartValue> DatePart(const std::string& name, int64_t date) {
  using U = dt::Unit;
  std::optional<dt::Unit> unit = dt::LookupUnit(name, true);
  if (!unit) return UnitNotRecognized(name, TypeId::kDate);
  PartValue p;
  switch (*unit) {
    case U::kDay:
    case U::kMonth:
    case U::kQuarter:
    case U::kWeek:
    case U::kDow:
    case U::kIsoDow:
    case U::kDoy:
      if (!dt::IsFiniteDate(date)) return p;
      break;
    case U::kYear:
    case U::kDecade:
    case U::kCentury:
    case U::kMillennium:
    case U::kJulian:
    case U::kIsoYear:
    case U::kEpoch:
      if (!dt::IsFiniteDate(date)) {
        p.kind = date == dt::kDateNegInfinity ? PartValue::kNegInf : PartValue::kPosInf;
        return p;
      }
      break;
    default:
      return UnitNotSupported(name, TypeId::kDate);
  }
  int y, m, d;
  dt::JulianToDate(static_cast<int>(date + dt::kPostgresEpochJdate), y, m, d);
  p.kind = PartValue::kInt;
  switch (*unit) {
    case U::kDay:
      p.value = d;
      break;
    case U::kMonth:
      p.value = m;
      break;
    case U::kQuarter:
      p.value = (m - 1) / 3 + 1;
      break;
    case U::kWeek:
      p.value = dt::IsoWeek(y, m, d);
      break;
    case U::kYear:
      p.value = YearPart(y);
      break;
    case U::kDecade:
      p.value = DecadePart(y);
      break;
    case U::kCentury:
      p.value = CenturyPart(y);
      break;
    case U::kMillennium:
      p.value = MillenniumPart(y);
      break;
    case U::kJulian:
      p.value = date + dt::kPostgresEpochJdate;
      break;
    case U::kIsoYear: {
      int iy = dt::IsoYear(y, m, d);
      p.value = iy <= 0 ? iy - 1 : iy;
      break;
    }
    case U::kDow:
    case U::kIsoDow: {
      int w = dt::DayOfWeek(static_cast<int>(date + dt::kPostgresEpochJdate));
      p.value = (*unit == U::kIsoDow && w == 0) ? 7 : w;
      break;
    }
    case U::kDoy:
      p.value = date + dt::kPostgresEpochJdate - dt::DateToJulian(y, 1, 1) + 1;
      break;
    default:  // kEpoch
      p.value = (date + dt::kPostgresEpochJdate - dt::kUnixEpochJdate) * 86400;
      break;
  }
  return p;
}

absl::StatusOr<PartValue> TimePart(const std::string& name, int64_t time) {
  using U = dt::Unit;
  std::optional<dt::Unit> unit = dt::LookupUnit(name, true);
  if (!unit) return UnitNotRecognized(name, TypeId::kTime);
  dt::Fields f;
  dt::TimeToFields(time, f);
  PartValue p;
  p.kind = PartValue::kInt;
  switch (*unit) {
    case U::kMicroseconds:
      p.value = f.second * dt::kUsecsPerSec + f.usec;
      break;
    case U::kMilliseconds:
      p = PartValue{PartValue::kScaled, f.second * dt::kUsecsPerSec + f.usec, 3, 0, {}};
      break;
    case U::kSecond:
      p = PartValue{PartValue::kScaled, f.second * dt::kUsecsPerSec + f.usec, 6, 0, {}};
      break;
    case U::kMinute:
      p.value = f.minute;
      break;
    case U::kHour:
      p.value = f.hour;
      break;
    case U::kEpoch:
      p = PartValue{PartValue::kScaled, time, 6, 0, {}};
      break;
    default:
      return UnitNotSupported(name, TypeId::kTime);
  }
  return p;
}

absl::StatusOr<PartValue> IntervalPart(const std::string& name, const Interval& iv) {
  using U = dt::Unit;
  std::optional<dt::Unit> unit = dt::LookupUnit(name, true);
  if (!unit) return UnitNotRecognized(name, TypeId::kInterval);
  dt::IntervalFields f = dt::IntervalToFields(iv);
  PartValue p;
  p.kind = PartValue::kInt;
  switch (*unit) {
    case U::kMicroseconds:
      p.value = f.seconds * dt::kUsecsPerSec + f.usec;
      break;
    case U::kMilliseconds:
      p = PartValue{PartValue::kScaled, f.seconds * dt::kUsecsPerSec + f.usec, 3, 0, {}};
      break;
    case U::kSecond:
      p = PartValue{PartValue::kScaled, f.seconds * dt::kUsecsPerSec + f.usec, 6, 0, {}};
      break;
    case U::kMinute:
      p.value = f.minutes;
      break;
    case U::kHour:
      p.value = f.hours;
      break;
    case U::kDay:
      p.value = f.days;
      break;
    case U::kMonth:
      p.value = f.months;
      break;
    case U::kQuarter:
      p.value = f.months / 3 + 1;
      break;
    case U::kYear:
      p.value = f.years;
      break;
    case U::kDecade:
      p.value = f.years / 10;
      break;
    case U::kCentury:
      p.value = f.years / 100;
      break;
    case U::kMillennium:
      p.value = f.years / 1000;
      break;
    case U::kEpoch: {
      int64_t secs = int64_t{31557600} * (iv.months / 12) + int64_t{2592000} * (iv.months % 12) +
                     int64_t{86400} * iv.days;
      int64_t v;
      if (!__builtin_mul_overflow(secs, int64_t{1000000}, &v) && !__builtin_add_overflow(v, iv.micros, &v)) {
        p = PartValue{PartValue::kScaled, v, 6, 0, {}};
      } else {
        // Past about 10^9 days: whole seconds plus the time part.
        __int128 total = static_cast<__int128>(secs) * 1000000 + iv.micros;
        bool neg = total < 0;
        unsigned __int128 u = neg ? -static_cast<unsigned __int128>(total) : total;
        std::string digits;
        do {
          digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
          u /= 10;
        } while (u != 0);
        if (digits.size() < 7) digits.insert(0, 7 - digits.size(), '0');
        digits.insert(digits.size() - 6, ".");
        p.kind = PartValue::kText;
        p.text = (neg ? "-" : "") + digits;
      }
      double r = static_cast<double>(iv.micros) / 1000000.0;
      r += (365.25 * 86400) * (iv.months / 12);
      r += (30.0 * 86400) * (iv.months % 12);
      r += 86400.0 * iv.days;
      p.fvalue = r;
      if (p.kind == PartValue::kScaled) {
        // date_part's float8 is computed as PostgreSQL does, not from v.
        p.kind = PartValue::kText;
        p.text = ScaledNumeric(v, 6);
      }
      break;
    }
    default: {
      Error e = UnitNotSupported(name, TypeId::kInterval);
      return absl::Status(e);
    }
  }
  return p;
}

template <bool kNumeric>
Result PartOfTimestamp(const Args& a) {
  auto p = TimestampPart(LowerText(a[0]), a[1].as_int(), a.type(1).id);
  if (!p.ok()) return p.status();
  return PartResult(*p, kNumeric);
}
template <bool kNumeric>
Result PartOfDate(const Args& a) {
  auto p = DatePart(LowerText(a[0]), a[1].as_int());
  if (!p.ok()) return p.status();
  return PartResult(*p, kNumeric);
}
template <bool kNumeric>
Result PartOfTime(const Args& a) {
  auto p = TimePart(LowerText(a[0]), a[1].as_int());
  if (!p.ok()) return p.status();
  return PartResult(*p, kNumeric);
}
template <bool kNumeric>
Result PartOfInterval(const Args& a) {
  auto p = IntervalPart(LowerText(a[0]), Iv(a[1]));
  if (!p.ok()) return p.status();
  return PartResult(*p, kNumeric);
}
// date_part(text, date) is date_part(text, date::timestamp) in PostgreSQL.
Result DatePartDate(const Args& a) {
  auto ts = dt::DateToTimestamp(a[1].as_int());
  if (!ts.ok()) return ts.status();
  auto p = TimestampPart(LowerText(a[0]), *ts, TypeId::kTimestamp);
  if (!p.ok()) return p.status();
  return PartResult(*p, false);
}

// ---------------------------------------------------------------------------
// age, make_*, justify_*, isfinite, to_timestamp, timezone, date_bin.

absl::StatusOr<Interval> Age(int64_t dt1, int64_t dt2) {
  dt::Fields t1, t2;
  if (!dt::TimestampToFieldsUnchecked(dt1, t1) || !dt::TimestampToFieldsUnchecked(dt2, t2)) {
    return TimestampOutOfRange();
  }
  int64_t fsec = t1.usec - t2.usec;
  int64_t sec = t1.second - t2.second, min = t1.minute - t2.minute, hour = t1.hour - t2.hour;
  int64_t mday = t1.day - t2.day, mon = t1.month - t2.month, year = t1.year - t2.year;
  bool flip = dt1 < dt2;
  if (flip) {
    fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  while (fsec < 0) fsec += dt::kUsecsPerSec, sec--;
  while (sec < 0) sec += 60, min--;
  while (min < 0) min += 60, hour--;
  while (hour < 0) hour += 24, mday--;
  while (mday < 0) {
    const dt::Fields& ref = flip ? t1 : t2;
    mday += dt::DaysInMonth(ref.year, ref.month);
    mon--;
  }
  while (mon < 0) mon += 12, year--;
  if (flip) {
    fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  int64_t months = year * 12 + mon;
  if (months < INT32_MIN || months > INT32_MAX || mday < INT32_MIN || mday > INT32_MAX) return IntervalOutOfRange();
  Interval r;
  r.months = static_cast<int32_t>(months);
  r.days = static_cast<int32_t>(mday);
  r.micros = ((hour * 60 + min) * 60 + sec) * dt::kUsecsPerSec + fsec;
  return r;
}

Result AgeTwo(const Args& a) { return IntervalResult(Age(a[0].as_int(), a[1].as_int())); }
Result AgeOne(const Args& a) {
  if (a.ctx == nullptr) return Error(sqlstate::kInternalError, "age() called without a statement context");
  int64_t today = dt::TimestampToDate(a.ctx->statement_timestamp) * dt::kUsecsPerDay;
  return IntervalResult(Age(today, a[0].as_int()));
}

std::string FormatG(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}
std::string FormatYmd(int64_t y, int64_t m, int64_t d) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}
std::string FormatHmsG(int64_t h, int64_t m, double s) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02g", static_cast<long long>(h), static_cast<long long>(m), s);
  return buf;
}

bool FloatTimeOverflows(int64_t hour, int64_t min, double sec) {
  if (hour < 0 || hour > 24 || min < 0 || min >= 60) return true;
  if (std::isnan(sec)) return true;
  sec = std::rint(sec * 1000000);
  if (sec < 0 || sec > 60 * 1000000.0) return true;
  return static_cast<double>(((hour * 60 + min) * 60) * dt::kUsecsPerSec) + sec > static_cast<double>(dt::kUsecsPerDay);
}

Result MakeDate(const Args& a) {
  int64_t year = a[0].as_int(), mon = a[1].as_int(), mday = a[2].as_int();
  bool bc = year < 0;
  int64_t y = bc ? -year : year;
  bool bad = y <= 0 || mon < 1 || mon > 12 || mday < 1 || mday > 31;
  if (!bad) {
    y = bc ? -(y - 1) : y;
    bad = mday > dt::DaysInMonth(static_cast<int>(y), static_cast<int>(mon));
  }
  if (bad) {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 absl::StrCat("date field value out of range: ", FormatYmd(year, mon, mday)));
  }
  int yi = static_cast<int>(y);
  if (!dt::IsValidJulian(yi, static_cast<int>(mon), static_cast<int>(mday)) ||
      !dt::IsValidDate(dt::DateToJulian(yi, static_cast<int>(mon), static_cast<int>(mday)) - dt::kPostgresEpochJdate)) {
    return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("date out of range: ", FormatYmd(year, mon, mday)));
  }
  return Int(dt::DateToJulian(yi, static_cast<int>(mon), static_cast<int>(mday)) - dt::kPostgresEpochJdate);
}

Result MakeTime(const Args& a) {
  int64_t hour = a[0].as_int(), min = a[1].as_int();
  double sec = a[2].as_double();
  if (FloatTimeOverflows(hour, min, sec)) {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 absl::StrCat("time field value out of range: ", FormatHmsG(hour, min, sec)));
  }
  return Int(((hour * 60 + min) * 60) * dt::kUsecsPerSec + static_cast<int64_t>(std::rint(sec * 1000000)));
}

Result MakeTimestamp(const Args& a) {
  int64_t year = a[0].as_int(), mon = a[1].as_int(), mday = a[2].as_int();
  int64_t hour = a[3].as_int(), min = a[4].as_int();
  double sec = a[5].as_double();
  bool bad = year <= 0 || mon < 1 || mon > 12 || mday < 1 || mday > 31 ||
             mday > dt::DaysInMonth(static_cast<int>(year), static_cast<int>(mon));
  if (bad) {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 absl::StrCat("date field value out of range: ", FormatYmd(year, mon, mday)));
  }
  int yi = static_cast<int>(year);
  if (!dt::IsValidJulian(yi, static_cast<int>(mon), static_cast<int>(mday))) {
    return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("date out of range: ", FormatYmd(year, mon, mday)));
  }
  int64_t date = dt::DateToJulian(yi, static_cast<int>(mon), static_cast<int>(mday)) - dt::kPostgresEpochJdate;
  if (FloatTimeOverflows(hour, min, sec)) {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 absl::StrCat("time field value out of range: ", FormatHmsG(hour, min, sec)));
  }
  int64_t time = ((hour * 60 + min) * 60) * dt::kUsecsPerSec + static_cast<int64_t>(std::rint(sec * 1000000));
  int64_t result;
  if (__builtin_mul_overflow(date, dt::kUsecsPerDay, &result) || __builtin_add_overflow(result, time, &result) ||
      !dt::IsValidTimestamp(result)) {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 absl::StrCat("timestamp out of range: ", FormatYmd(year, mon, mday), " ", FormatHmsG(hour, min, sec)));
  }
  return Int(result);
}

Result MakeInterval(const Args& a) {
  int64_t years = a[0].as_int(), months = a[1].as_int(), weeks = a[2].as_int(), days = a[3].as_int();
  int64_t hours = a[4].as_int(), mins = a[5].as_int();
  double secs = a[6].as_double();
  if (std::isinf(secs) || std::isnan(secs)) return IntervalOutOfRange();
  Interval r;
  int64_t m = years * 12 + months, d = weeks * 7 + days;
  if (m < INT32_MIN || m > INT32_MAX || d < INT32_MIN || d > INT32_MAX) return IntervalOutOfRange();
  r.months = static_cast<int32_t>(m);
  r.days = static_cast<int32_t>(d);
  double s = std::rint(secs * 1000000);
  if (!FitsInt64(s)) return IntervalOutOfRange();
  int64_t t;
  if (__builtin_mul_overflow(hours, dt::kUsecsPerHour, &t) ||
      __builtin_add_overflow(t, mins * dt::kUsecsPerMinute, &t) ||
      __builtin_add_overflow(t, static_cast<int64_t>(s), &t)) {
    return IntervalOutOfRange();
  }
  r.micros = t;
  return r.ToDatum();
}

Result JustifyDaysFn(const Args& a) { return IntervalResult(JustifyDays(Iv(a[0]))); }
Result JustifyHoursFn(const Args& a) { return IntervalResult(JustifyHours(Iv(a[0]))); }
Result JustifyIntervalFn(const Args& a) { return IntervalResult(JustifyInterval(Iv(a[0]))); }

Result IsFiniteDate(const Args& a) { return Datum::FromBool(dt::IsFiniteDate(a[0].as_int())); }
Result IsFiniteTimestamp(const Args& a) { return Datum::FromBool(dt::IsFiniteTimestamp(a[0].as_int())); }
Result IsFiniteInterval(const Args&) { return Datum::FromBool(true); }

Result ToTimestamp(const Args& a) {
  double seconds = a[0].as_double();
  if (std::isnan(seconds)) return Error(sqlstate::kDatetimeFieldOverflow, "timestamp cannot be NaN");
  if (std::isinf(seconds)) return Int(seconds < 0 ? dt::kTimestampNegInfinity : dt::kTimestampPosInfinity);
  auto out_of_range = [&] {
    return Error(sqlstate::kDatetimeFieldOverflow, absl::StrCat("timestamp out of range: \"", FormatG(seconds), "\""));
  };
  if (seconds < 86400.0 * (0 - dt::kUnixEpochJdate) || seconds >= 86400.0 * (109203528 - dt::kUnixEpochJdate)) {
    return out_of_range();
  }
  double s = std::rint((seconds - 10957.0 * 86400) * 1000000);
  int64_t r = static_cast<int64_t>(s);
  if (!dt::IsValidTimestamp(r)) return out_of_range();
  return Int(r);
}

Result TimezoneOfTimestamptz(const Args& a) { return TsResult(dt::UtcToZone(a[0].as_string(), a[1].as_int())); }
Result TimezoneOfTimestamp(const Args& a) { return TsResult(dt::ZoneToUtc(a[0].as_string(), a[1].as_int())); }

absl::StatusOr<int64_t> IntervalZoneSeconds(const Interval& zone) {
  if (zone.months != 0 || zone.days != 0) {
    std::string text;
    dt::AppendInterval(zone, text);
    return Error(sqlstate::kInvalidParameterValue,
                 absl::StrCat("interval time zone \"", text, "\" must not include months or days"));
  }
  return zone.micros / dt::kUsecsPerSec;
}
Result TimezoneIntervalOfTimestamptz(const Args& a) {
  auto secs = IntervalZoneSeconds(Iv(a[0]));
  if (!secs.ok()) return secs.status();
  int64_t ts = a[1].as_int();
  if (!dt::IsFiniteTimestamp(ts)) return Int(ts);
  int64_t r = ts + *secs * dt::kUsecsPerSec;
  if (!dt::IsValidTimestamp(r)) return TimestampOutOfRange();
  return Int(r);
}
Result TimezoneIntervalOfTimestamp(const Args& a) {
  auto secs = IntervalZoneSeconds(Iv(a[0]));
  if (!secs.ok()) return secs.status();
  int64_t ts = a[1].as_int();
  if (!dt::IsFiniteTimestamp(ts)) return Int(ts);
  int64_t r = ts - *secs * dt::kUsecsPerSec;
  if (!dt::IsValidTimestamp(r)) return TimestampOutOfRange();
  return Int(r);
}

Result DateBin(const Args& a) {
  Interval stride = Iv(a[0]);
  int64_t ts = a[1].as_int(), origin = a[2].as_int();
  if (!dt::IsFiniteTimestamp(ts)) return Int(ts);
  if (!dt::IsFiniteTimestamp(origin)) return Error(sqlstate::kDatetimeFieldOverflow, "origin out of range");
  if (stride.months != 0) {
    return Error(sqlstate::kFeatureNotSupported, "timestamps cannot be binned into intervals containing months or years");
  }
  int64_t stride_usecs;
  if (__builtin_mul_overflow(static_cast<int64_t>(stride.days), dt::kUsecsPerDay, &stride_usecs) ||
      __builtin_add_overflow(stride_usecs, stride.micros, &stride_usecs)) {
    return IntervalOutOfRange();
  }
  if (stride_usecs <= 0) return Error(sqlstate::kDatetimeFieldOverflow, "stride must be greater than zero");
  int64_t diff;
  if (__builtin_sub_overflow(ts, origin, &diff)) return IntervalOutOfRange();
  int64_t modulo = diff % stride_usecs;
  int64_t result = origin + (diff - modulo);
  if (modulo < 0) {
    result -= stride_usecs;
    if (!dt::IsValidTimestamp(result)) return TimestampOutOfRange();
  }
  return Int(result);
}

// ---------------------------------------------------------------------------
// Casts.

Result WithTypmod(const Args& a, Datum v) {
  if (a.result.typmod < 0) return v;
  return dt::ApplyTypmod(a.result, v);
}
Result DateToTimestampCast(const Args& a) {
  auto ts = dt::DateToTimestamp(a[0].as_int());
  if (!ts.ok()) return ts.status();
  return WithTypmod(a, Int(*ts));
}
Result TimestampRetype(const Args& a) { return WithTypmod(a, a[0]); }
Result TimestampToDateCast(const Args& a) { return Int(dt::TimestampToDate(a[0].as_int())); }
Result TimestampToTimeCast(const Args& a) {
  int64_t ts = a[0].as_int();
  if (!dt::IsFiniteTimestamp(ts)) return Datum();
  int64_t t = ts % dt::kUsecsPerDay;
  if (t < 0) t += dt::kUsecsPerDay;
  return WithTypmod(a, Int(t));
}
Result TimeToIntervalCast(const Args& a) { return WithTypmod(a, Interval{0, 0, a[0].as_int()}.ToDatum()); }
Result IntervalToTimeCast(const Args& a) {
  int64_t t = Iv(a[0]).micros;
  if (t >= dt::kUsecsPerDay) {
    t -= (t / dt::kUsecsPerDay) * dt::kUsecsPerDay;
  } else if (t < 0) {
    t += ((-t + dt::kUsecsPerDay - 1) / dt::kUsecsPerDay) * dt::kUsecsPerDay;
  }
  return WithTypmod(a, Int(t));
}

// ---------------------------------------------------------------------------
// to_char(timestamp | timestamptz | interval, text): PostgreSQL's DCH_to_char.

enum class Key {
  kA_D, kA_M, kAD, kAM, kB_C, kBC, kCC, kDAY, kDDD, kDD, kDY, kDay, kDy, kD, kFF1, kFF2, kFF3, kFF4, kFF5, kFF6,
  kFX, kHH24, kHH12, kHH, kIDDD, kID, kIW, kIYYY, kIYY, kIY, kI, kJ, kMI, kMM, kMONTH, kMON, kMS, kMonth, kMon,
  kOF, kP_M, kPM, kQ, kRM, kSSSS, kSS, kTZH, kTZM, kTZ, kUS, kWW, kW, kY_YYY, kYYYY, kYYY, kYY, kY, ka_d, ka_m,
  kad, kam, kb_c, kbc, kday, kdy, kmonth, kmon, kp_m, kpm, krm, ktz,
};

struct Keyword {
  const char* text;
  Key key;
  bool is_digit;  // takes the TH suffix
};

// In PostgreSQL's order: the first match wins, so longer names come first.
constexpr Keyword kKeywords[] = {
    {"A.D.", Key::kA_D, false}, {"A.M.", Key::kA_M, false},   {"AD", Key::kAD, false},
    {"AM", Key::kAM, false},    {"B.C.", Key::kB_C, false},   {"BC", Key::kBC, false},
    {"CC", Key::kCC, true},     {"DAY", Key::kDAY, false},    {"DDD", Key::kDDD, true},
    {"DD", Key::kDD, true},     {"DY", Key::kDY, false},      {"Day", Key::kDay, false},
    {"Dy", Key::kDy, false},    {"D", Key::kD, true},         {"FF1", Key::kFF1, false},
    {"FF2", Key::kFF2, false},  {"FF3", Key::kFF3, false},    {"FF4", Key::kFF4, false},
    {"FF5", Key::kFF5, false},  {"FF6", Key::kFF6, false},    {"FX", Key::kFX, false},
    {"HH24", Key::kHH24, true}, {"HH12", Key::kHH12, true},   {"HH", Key::kHH, true},
    {"IDDD", Key::kIDDD, true}, {"ID", Key::kID, true},       {"IW", Key::kIW, true},
    {"IYYY", Key::kIYYY, true}, {"IYY", Key::kIYY, true},     {"IY", Key::kIY, true},
    {"I", Key::kI, true},       {"J", Key::kJ, true},         {"MI", Key::kMI, true},
    {"MM", Key::kMM, true},     {"MONTH", Key::kMONTH, false}, {"MON", Key::kMON, false},
    {"MS", Key::kMS, true},     {"Month", Key::kMonth, false}, {"Mon", Key::kMon, false},
    {"OF", Key::kOF, false},    {"P.M.", Key::kP_M, false},   {"PM", Key::kPM, false},
    {"Q", Key::kQ, true},       {"RM", Key::kRM, false},      {"SSSSS", Key::kSSSS, true},
    {"SSSS", Key::kSSSS, true}, {"SS", Key::kSS, true},       {"TZH", Key::kTZH, false},
    {"TZM", Key::kTZM, true},   {"TZ", Key::kTZ, false},      {"US", Key::kUS, true},
    {"WW", Key::kWW, true},     {"W", Key::kW, true},         {"Y,YYY", Key::kY_YYY, true},
    {"YYYY", Key::kYYYY, true}, {"YYY", Key::kYYY, true},     {"YY", Key::kYY, true},
    {"Y", Key::kY, true},       {"a.d.", Key::ka_d, false},   {"a.m.", Key::ka_m, false},
    {"ad", Key::kad, false},    {"am", Key::kam, false},      {"b.c.", Key::kb_c, false},
    {"bc", Key::kbc, false},    {"cc", Key::kCC, true},       {"day", Key::kday, false},
    {"ddd", Key::kDDD, true},   {"dd", Key::kDD, true},       {"dy", Key::kdy, false},
    {"d", Key::kD, true},       {"ff1", Key::kFF1, false},    {"ff2", Key::kFF2, false},
    {"ff3", Key::kFF3, false},  {"ff4", Key::kFF4, false},    {"ff5", Key::kFF5, false},
    {"ff6", Key::kFF6, false},  {"fx", Key::kFX, false},      {"hh24", Key::kHH24, true},
    {"hh12", Key::kHH12, true}, {"hh", Key::kHH, true},       {"iddd", Key::kIDDD, true},
    {"id", Key::kID, true},     {"iw", Key::kIW, true},       {"iyyy", Key::kIYYY, true},
    {"iyy", Key::kIYY, true},   {"iy", Key::kIY, true},       {"i", Key::kI, true},
    {"j", Key::kJ, true},       {"mi", Key::kMI, true},       {"mm", Key::kMM, true},
    {"month", Key::kmonth, false}, {"mon", Key::kmon, false}, {"ms", Key::kMS, true},
    {"of", Key::kOF, false},    {"p.m.", Key::kp_m, false},   {"pm", Key::kpm, false},
    {"q", Key::kQ, true},       {"rm", Key::krm, false},      {"sssss", Key::kSSSS, true},
    {"ssss", Key::kSSSS, true}, {"ss", Key::kSS, true},       {"tzh", Key::kTZH, false},
    {"tzm", Key::kTZM, true},   {"tz", Key::ktz, false},      {"us", Key::kUS, true},
    {"ww", Key::kWW, true},     {"w", Key::kW, true},         {"y,yyy", Key::kY_YYY, true},
    {"yyyy", Key::kYYYY, true}, {"yyy", Key::kYYY, true},     {"yy", Key::kYY, true},
    {"y", Key::kY, true},
};

constexpr const char* kMonthsFull[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDaysFull[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr const char* kRomanUpper[] = {"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"};
constexpr const char* kRomanLower[] = {"xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i"};

// The broken-down value to_char formats (PostgreSQL's TmToChar).
struct CharTm {
  bool is_interval = false;
  bool has_zone = false;  // timestamptz: TZ prints "UTC"
  int64_t year = 0;       // astronomical for timestamps
  int month = 0;
  int64_t mday = 0;
  int64_t hour = 0;
  int minute = 0;
  int second = 0;
  int64_t fsec = 0;
  int wday = 0;
  int64_t yday = 0;
};

std::string PadNum(int64_t v, int width) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(v));
  return buf;
}

std::string PadText(const std::string& s, bool fill) {
  if (fill || s.size() >= 9) return s;
  return s + std::string(9 - s.size(), ' ');
}

std::string Upper(std::string s) { return absl::AsciiStrToUpper(s); }
std::string Lower(std::string s) { return absl::AsciiStrToLower(s); }

absl::Status AppendOrdinal(std::string& s, bool upper) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.back()))) {
    return Error(sqlstate::kInvalidTextRepresentation, absl::StrCat("\"", s, "\" is not a number"));
  }
  char last = s.back();
  if (s.size() > 1 && s[s.size() - 2] == '1') last = '0';
  const char* suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
  s += upper ? Upper(suffix) : suffix;
  return absl::OkStatus();
}

int64_t AdjustYear(const CharTm& tm, int64_t year) {
  if (tm.is_interval) return year;
  return year <= 0 ? -(year - 1) : year;
}

absl::StatusOr<std::string> ToChar(const CharTm& tm, std::string_view fmt) {
  std::string out;
  size_t i = 0;
  auto invalid_for_interval = [] {
    return Error(sqlstate::kInvalidDatetimeFormat, "invalid format specification for an interval value")
        .Hint("Intervals are not tied to specific calendar dates.");
  };
  auto iso_year = [&] {
    return dt::IsoYear(static_cast<int>(tm.year), tm.month, static_cast<int>(tm.mday));
  };
  while (i < fmt.size()) {
    bool fm = false, tmode = false;
    // Prefix modifiers.
    for (;;) {
      std::string_view rest = fmt.substr(i);
      if (rest.starts_with("FM") || rest.starts_with("fm")) {
        fm = true;
        i += 2;
      } else if (rest.starts_with("TM") || rest.starts_with("tm")) {
        tmode = true;
        i += 2;
      } else {
        break;
      }
    }
    const Keyword* kw = nullptr;
    for (const Keyword& k : kKeywords) {
      if (fmt.substr(i).starts_with(k.text)) {
        kw = &k;
        break;
      }
    }
    if (kw == nullptr) {
      if (i >= fmt.size()) break;
      char c = fmt[i];
      if (c == '"') {
        ++i;
        while (i < fmt.size()) {
          if (fmt[i] == '"') {
            ++i;
            break;
          }
          if (fmt[i] == '\\' && i + 1 < fmt.size()) ++i;
          out += fmt[i++];
        }
      } else {
        if (c == '\\' && i + 1 < fmt.size() && fmt[i + 1] == '"') ++i;
        out += fmt[i++];
      }
      continue;
    }
    i += std::strlen(kw->text);
    int th = 0;  // 1: TH, 2: th
    for (;;) {
      std::string_view rest = fmt.substr(i);
      if (rest.starts_with("TH")) {
        th = 1;
        i += 2;
      } else if (rest.starts_with("th")) {
        th = 2;
        i += 2;
      } else if (rest.starts_with("SP")) {
        i += 2;
      } else {
        break;
      }
    }
    bool text_fill = fm || tmode;
    std::string s;
    switch (kw->key) {
      case Key::kA_M:
      case Key::kP_M:
        s = tm.hour % 24 >= 12 ? "P.M." : "A.M.";
        break;
      case Key::kAM:
      case Key::kPM:
        s = tm.hour % 24 >= 12 ? "PM" : "AM";
        break;
      case Key::ka_m:
      case Key::kp_m:
        s = tm.hour % 24 >= 12 ? "p.m." : "a.m.";
        break;
      case Key::kam:
      case Key::kpm:
        s = tm.hour % 24 >= 12 ? "pm" : "am";
        break;
      case Key::kHH:
      case Key::kHH12:
        s = PadNum(tm.hour % 12 == 0 ? 12 : tm.hour % 12, fm ? 0 : (tm.hour >= 0 ? 2 : 3));
        break;
      case Key::kHH24:
        s = PadNum(tm.hour, fm ? 0 : (tm.hour >= 0 ? 2 : 3));
        break;
      case Key::kMI:
        s = PadNum(tm.minute, fm ? 0 : (tm.minute >= 0 ? 2 : 3));
        break;
      case Key::kSS:
        s = PadNum(tm.second, fm ? 0 : (tm.second >= 0 ? 2 : 3));
        break;
      case Key::kFF1:
        s = PadNum(tm.fsec / 100000, 1);
        break;
      case Key::kFF2:
        s = PadNum(tm.fsec / 10000, 2);
        break;
      case Key::kFF3:
      case Key::kMS:
        s = PadNum(tm.fsec / 1000, 3);
        break;
      case Key::kFF4:
        s = PadNum(tm.fsec / 100, 4);
        break;
      case Key::kFF5:
        s = PadNum(tm.fsec / 10, 5);
        break;
      case Key::kFF6:
      case Key::kUS:
        s = PadNum(tm.fsec, 6);
        break;
      case Key::kSSSS:
        s = std::to_string(tm.hour * 3600 + tm.minute * 60 + tm.second);
        break;
      case Key::ktz:
      case Key::kTZ:
        if (tm.is_interval) return invalid_for_interval();
        if (tm.has_zone) s = kw->key == Key::kTZ ? "UTC" : "utc";
        break;
      case Key::kTZH:
        if (tm.is_interval) return invalid_for_interval();
        s = "+00";
        break;
      case Key::kTZM:
        if (tm.is_interval) return invalid_for_interval();
        s = "00";
        break;
      case Key::kOF:
        if (tm.is_interval) return invalid_for_interval();
        s = fm ? "+0" : "+00";
        break;
      case Key::kA_D:
      case Key::kB_C:
        if (tm.is_interval) return invalid_for_interval();
        s = tm.year <= 0 ? "B.C." : "A.D.";
        break;
      case Key::kAD:
      case Key::kBC:
        if (tm.is_interval) return invalid_for_interval();
        s = tm.year <= 0 ? "BC" : "AD";
        break;
      case Key::ka_d:
      case Key::kb_c:
        if (tm.is_interval) return invalid_for_interval();
        s = tm.year <= 0 ? "b.c." : "a.d.";
        break;
      case Key::kad:
      case Key::kbc:
        if (tm.is_interval) return invalid_for_interval();
        s = tm.year <= 0 ? "bc" : "ad";
        break;
      case Key::kMONTH:
      case Key::kMonth:
      case Key::kmonth:
      case Key::kMON:
      case Key::kMon:
      case Key::kmon: {
        if (tm.is_interval) return invalid_for_interval();
        if (tm.month == 0) break;
        std::string name = kMonthsFull[tm.month - 1];
        bool full = kw->key == Key::kMONTH || kw->key == Key::kMonth || kw->key == Key::kmonth;
        if (!full) name = name.substr(0, 3);
        if (kw->key == Key::kMONTH || kw->key == Key::kMON) name = Upper(name);
        if (kw->key == Key::kmonth || kw->key == Key::kmon) name = Lower(name);
        s = full ? PadText(name, text_fill) : name;
        break;
      }
      case Key::kDAY:
      case Key::kDay:
      case Key::kday:
      case Key::kDY:
      case Key::kDy:
      case Key::kdy: {
        if (tm.is_interval) return invalid_for_interval();
        std::string name = kDaysFull[tm.wday];
        bool full = kw->key == Key::kDAY || kw->key == Key::kDay || kw->key == Key::kday;
        if (!full) name = name.substr(0, 3);
        if (kw->key == Key::kDAY || kw->key == Key::kDY) name = Upper(name);
        if (kw->key == Key::kday || kw->key == Key::kdy) name = Lower(name);
        s = full ? PadText(name, text_fill) : name;
        break;
      }
      case Key::kDDD:
        s = PadNum(tm.yday, fm ? 0 : 3);
        break;
      case Key::kIDDD: {
        int y = static_cast<int>(tm.year), m = tm.month, d = static_cast<int>(tm.mday);
        int64_t iddd = dt::DateToJulian(y, m, d) - dt::IsoWeekToJulian(dt::IsoYear(y, m, d), 1) + 1;
        s = PadNum(iddd, fm ? 0 : 3);
        break;
      }
      case Key::kDD:
        s = PadNum(tm.mday, fm ? 0 : 2);
        break;
      case Key::kD:
        if (tm.is_interval) return invalid_for_interval();
        s = std::to_string(tm.wday + 1);
        break;
      case Key::kID:
        if (tm.is_interval) return invalid_for_interval();
        s = std::to_string(tm.wday == 0 ? 7 : tm.wday);
        break;
      case Key::kWW:
        s = PadNum((tm.yday - 1) / 7 + 1, fm ? 0 : 2);
        break;
      case Key::kIW:
        s = PadNum(dt::IsoWeek(static_cast<int>(tm.year), tm.month, static_cast<int>(tm.mday)), fm ? 0 : 2);
        break;
      case Key::kQ:
        if (tm.month == 0) break;
        s = std::to_string((tm.month - 1) / 3 + 1);
        break;
      case Key::kCC: {
        int64_t c;
        if (tm.is_interval) {
          c = tm.year / 100;
        } else {
          c = tm.year > 0 ? (tm.year - 1) / 100 + 1 : tm.year / 100 - 1;
        }
        s = (c <= 99 && c >= -99) ? PadNum(c, fm ? 0 : (c >= 0 ? 2 : 3)) : std::to_string(c);
        break;
      }
      case Key::kY_YYY: {
        int64_t y = AdjustYear(tm, tm.year);
        int64_t k = y / 1000;
        s = std::to_string(k) + "," + PadNum(y - k * 1000, 3);
        break;
      }
      case Key::kYYYY:
      case Key::kIYYY: {
        int64_t y = AdjustYear(tm, kw->key == Key::kYYYY ? tm.year : iso_year());
        s = PadNum(y, fm ? 0 : (AdjustYear(tm, tm.year) >= 0 ? 4 : 5));
        break;
      }
      case Key::kYYY:
      case Key::kIYY: {
        int64_t y = AdjustYear(tm, kw->key == Key::kYYY ? tm.year : iso_year());
        s = PadNum(y % 1000, fm ? 0 : (AdjustYear(tm, tm.year) >= 0 ? 3 : 4));
        break;
      }
      case Key::kYY:
      case Key::kIY: {
        int64_t y = AdjustYear(tm, kw->key == Key::kYY ? tm.year : iso_year());
        s = PadNum(y % 100, fm ? 0 : (AdjustYear(tm, tm.year) >= 0 ? 2 : 3));
        break;
      }
      case Key::kY:
      case Key::kI: {
        int64_t y = AdjustYear(tm, kw->key == Key::kY ? tm.year : iso_year());
        s = PadNum(y % 10, 1);
        break;
      }
      case Key::kRM:
      case Key::krm: {
        if (tm.month == 0 && tm.year == 0) break;
        int idx;
        if (tm.month == 0) {
          idx = tm.year >= 0 ? 0 : 11;
        } else if (tm.month < 0) {
          idx = -1 * (tm.month + 1);
        } else {
          idx = 12 - tm.month;
        }
        std::string name = kw->key == Key::kRM ? kRomanUpper[idx] : kRomanLower[idx];
        s = fm || name.size() >= 4 ? name : name + std::string(4 - name.size(), ' ');
        break;
      }
      case Key::kW:
        s = std::to_string((tm.mday - 1) / 7 + 1);
        break;
      case Key::kJ:
        s = std::to_string(dt::DateToJulian(static_cast<int>(tm.year), tm.month, static_cast<int>(tm.mday)));
        break;
      case Key::kMM:
        s = PadNum(tm.month, fm ? 0 : (tm.month >= 0 ? 2 : 3));
        break;
      case Key::kFX:
        break;
    }
    if (th != 0 && kw->is_digit && !s.empty()) {
      if (absl::Status st = AppendOrdinal(s, th == 1); !st.ok()) return st;
    }
    out += s;
  }
  return out;
}

Result DatetimeToChar(const Args& a) {
  const std::string& fmt = a[1].as_string();
  if (fmt.empty()) return Datum();
  CharTm tm;
  if (a.type(0).id == TypeId::kInterval) {
    dt::IntervalFields f = dt::IntervalToFields(Iv(a[0]));
    tm.is_interval = true;
    tm.year = f.years;
    tm.month = f.months;
    tm.mday = f.days;
    tm.hour = f.hours;
    tm.minute = f.minutes;
    tm.second = f.seconds;
    tm.fsec = f.usec;
    tm.yday = (tm.year * 12 + tm.month) * 30 + tm.mday;
  } else {
    int64_t ts = a[0].as_int();
    if (!dt::IsFiniteTimestamp(ts)) return Datum();
    dt::Fields f;
    if (!dt::TimestampToFields(ts, f)) return TimestampOutOfRange();
    tm.has_zone = a.type(0).id == TypeId::kTimestamptz;
    tm.year = f.year;
    tm.month = f.month;
    tm.mday = f.day;
    tm.hour = f.hour;
    tm.minute = f.minute;
    tm.second = f.second;
    tm.fsec = f.usec;
    int j = dt::DateToJulian(f.year, f.month, f.day);
    tm.wday = dt::DayOfWeek(j);
    tm.yday = j - dt::DateToJulian(f.year, 1, 1) + 1;
  }
  absl::StatusOr<std::string> s = ToChar(tm, std::string_view(fmt));
  if (!s.ok()) return s.status();
  return Datum::FromString(std::move(*s));
}

}  // namespace

void RegisterDatetime(Registry& r) {
  using T = TypeId;
  const T kDate = T::kDate, kTime = T::kTime, kTs = T::kTimestamp, kTstz = T::kTimestamptz, kIv = T::kInterval;
  const T kInt4 = T::kInt4, kF8 = T::kFloat8, kText = T::kText;

  r.AddOperator("+", {kDate, kInt4}, kDate, DatePli);
  r.AddOperator("+", {kInt4, kDate}, kDate, IntegerPlDate);
  r.AddOperator("-", {kDate, kInt4}, kDate, DateMii);
  r.AddOperator("-", {kDate, kDate}, kInt4, DateMi);
  r.AddOperator("+", {kDate, kIv}, kTs, DatePlInterval);
  r.AddOperator("+", {kIv, kDate}, kTs, IntervalPlDate);
  r.AddOperator("-", {kDate, kIv}, kTs, DateMiInterval);
  r.AddOperator("+", {kDate, kTime}, kTs, DatetimePl);
  r.AddOperator("+", {kTime, kDate}, kTs, TimedatePl);
  r.AddOperator("+", {kTs, kIv}, kTs, TimestampPlInterval);
  r.AddOperator("-", {kTs, kIv}, kTs, TimestampMiInterval);
  r.AddOperator("+", {kIv, kTs}, kTs, IntervalPlTimestamp);
  r.AddOperator("+", {kTstz, kIv}, kTstz, TimestampPlInterval);
  r.AddOperator("-", {kTstz, kIv}, kTstz, TimestampMiInterval);
  r.AddOperator("+", {kIv, kTstz}, kTstz, IntervalPlTimestamp);
  r.AddOperator("-", {kTs, kTs}, kIv, TimestampMi);
  r.AddOperator("-", {kTstz, kTstz}, kIv, TimestampMi);
  r.AddOperator("+", {kTime, kIv}, kTime, TimePlInterval);
  r.AddOperator("+", {kIv, kTime}, kTime, IntervalPlTime);
  r.AddOperator("-", {kTime, kIv}, kTime, TimeMiInterval);
  r.AddOperator("-", {kTime, kTime}, kIv, TimeMiTime);
  r.AddOperator("+", {kIv, kIv}, kIv, IntervalPl);
  r.AddOperator("-", {kIv, kIv}, kIv, IntervalMi);
  r.AddOperator("-", {kIv}, kIv, IntervalUm);
  r.AddOperator("*", {kIv, kF8}, kIv, IntervalMul);
  r.AddOperator("*", {kF8, kIv}, kIv, MulDInterval);
  r.AddOperator("/", {kIv, kF8}, kIv, IntervalDiv);

  r.AddFunction("now", {}, kTstz, Now);
  r.AddFunction("transaction_timestamp", {}, kTstz, Now);
  r.AddFunction("statement_timestamp", {}, kTstz, Now);
  r.AddFunction("clock_timestamp", {}, kTstz, ClockTimestamp, /*is_volatile=*/true);

  r.AddFunction("date_trunc", {kText, kTs}, kTs, DateTruncTimestamp);
  r.AddFunction("date_trunc", {kText, kTstz}, kTstz, DateTruncTimestamptz);
  r.AddFunction("date_trunc", {kText, kTstz, kText}, kTstz, DateTruncTimestamptzZone);
  r.AddFunction("date_trunc", {kText, kIv}, kIv, DateTruncInterval);

  r.AddFunction("date_part", {kText, kDate}, kF8, DatePartDate);
  r.AddFunction("date_part", {kText, kTime}, kF8, PartOfTime<false>);
  r.AddFunction("date_part", {kText, kTs}, kF8, PartOfTimestamp<false>);
  r.AddFunction("date_part", {kText, kTstz}, kF8, PartOfTimestamp<false>);
  r.AddFunction("date_part", {kText, kIv}, kF8, PartOfInterval<false>);
  r.AddFunction("extract", {kText, kDate}, T::kNumeric, PartOfDate<true>);
  r.AddFunction("extract", {kText, kTime}, T::kNumeric, PartOfTime<true>);
  r.AddFunction("extract", {kText, kTs}, T::kNumeric, PartOfTimestamp<true>);
  r.AddFunction("extract", {kText, kTstz}, T::kNumeric, PartOfTimestamp<true>);
  r.AddFunction("extract", {kText, kIv}, T::kNumeric, PartOfInterval<true>);

  r.AddFunction("age", {kTs, kTs}, kIv, AgeTwo);
  r.AddFunction("age", {kTstz, kTstz}, kIv, AgeTwo);
  r.AddFunction("age", {kTs}, kIv, AgeOne);

  r.AddFunction("to_char", {kTs, kText}, kText, DatetimeToChar);
  r.AddFunction("to_char", {kTstz, kText}, kText, DatetimeToChar);
  r.AddFunction("to_char", {kIv, kText}, kText, DatetimeToChar);

  r.AddFunction("make_date", {kInt4, kInt4, kInt4}, kDate, MakeDate);
  r.AddFunction("make_time", {kInt4, kInt4, kF8}, kTime, MakeTime);
  r.AddFunction("make_timestamp", {kInt4, kInt4, kInt4, kInt4, kInt4, kF8}, kTs, MakeTimestamp);
  r.AddFunction("make_interval", {kInt4, kInt4, kInt4, kInt4, kInt4, kInt4, kF8}, kIv, MakeInterval);
  r.AddFunction("justify_days", {kIv}, kIv, JustifyDaysFn);
  r.AddFunction("justify_hours", {kIv}, kIv, JustifyHoursFn);
  r.AddFunction("justify_interval", {kIv}, kIv, JustifyIntervalFn);
  r.AddFunction("isfinite", {kDate}, T::kBool, IsFiniteDate);
  r.AddFunction("isfinite", {kTs}, T::kBool, IsFiniteTimestamp);
  r.AddFunction("isfinite", {kTstz}, T::kBool, IsFiniteTimestamp);
  r.AddFunction("isfinite", {kIv}, T::kBool, IsFiniteInterval);
  r.AddFunction("to_timestamp", {kF8}, kTstz, ToTimestamp);
  r.AddFunction("timezone", {kText, kTstz}, kTs, TimezoneOfTimestamptz);
  r.AddFunction("timezone", {kText, kTs}, kTstz, TimezoneOfTimestamp);
  r.AddFunction("timezone", {kIv, kTstz}, kTs, TimezoneIntervalOfTimestamptz);
  r.AddFunction("timezone", {kIv, kTs}, kTstz, TimezoneIntervalOfTimestamp);
  r.AddFunction("date_bin", {kIv, kTs, kTs}, kTs, DateBin);
  r.AddFunction("date_bin", {kIv, kTstz, kTstz}, kTstz, DateBin);

  auto cast = [&r](T from, T to, CastContext ctx, Impl impl) { r.AddCast(CastDef{from, to, ctx, impl}); };
  cast(kDate, kTs, CastContext::kImplicit, DateToTimestampCast);
  cast(kDate, kTstz, CastContext::kImplicit, DateToTimestampCast);
  cast(kTs, kTstz, CastContext::kImplicit, TimestampRetype);
  cast(kTstz, kTs, CastContext::kAssignment, TimestampRetype);
  cast(kTs, kDate, CastContext::kAssignment, TimestampToDateCast);
  cast(kTstz, kDate, CastContext::kAssignment, TimestampToDateCast);
  cast(kTs, kTime, CastContext::kAssignment, TimestampToTimeCast);
  cast(kTstz, kTime, CastContext::kAssignment, TimestampToTimeCast);
  cast(kTime, kIv, CastContext::kImplicit, TimeToIntervalCast);
  cast(kIv, kTime, CastContext::kAssignment, IntervalToTimeCast);
}

}  // namespace freshet::functions
