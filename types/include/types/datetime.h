// The datetime family of types: date, time, timestamp, timestamptz and interval.
// Text forms are exactly PostgreSQL 15's (DateStyle ISO, MDY; IntervalStyle
// postgres; TimeZone UTC); errors use PostgreSQL's SQLSTATEs and messages.
//
// Values (type.h): date is int64 days since 2000-01-01 (+-infinity at
// INT32_MAX / INT32_MIN), time int64 microseconds since midnight, timestamp
// and timestamptz int64 microseconds since 2000-01-01 (+-infinity at
// INT64_MAX / INT64_MIN), interval the 16 bytes of Interval::Encode().
// Years in broken-down fields are astronomical: 0 is 1 BC, -1 is 2 BC.
// Thread-safe: everything here is a pure function (time zone data is loaded
// once behind a lock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types::datetime {

// The codec entry points format.cc and compare.cc dispatch to for the types
// of this family. The value is never NULL.
void AppendText(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text);
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);
// Total order (-1, 0, 1) as PostgreSQL's btree opclass sorts the values.
int Compare(const Type& type, const Datum& a, const Datum& b);

// Rounds time(p), timestamp(p), timestamptz(p) to p fractional digits and
// interval(p) to its precision and field range, as PostgreSQL's typmod
// coercions do. Other typmods (-1) leave the value as it is.
absl::StatusOr<Datum> ApplyTypmod(const Type& type, const Datum& value);

inline constexpr int64_t kUsecsPerSec = 1000000;
inline constexpr int64_t kUsecsPerMinute = 60 * kUsecsPerSec;
inline constexpr int64_t kUsecsPerHour = 60 * kUsecsPerMinute;
inline constexpr int64_t kUsecsPerDay = 24 * kUsecsPerHour;
inline constexpr int kPostgresEpochJdate = 2451545;  // date2j(2000, 1, 1)
inline constexpr int kUnixEpochJdate = 2440588;      // date2j(1970, 1, 1)

inline constexpr int64_t kDateNegInfinity = INT32_MIN;
inline constexpr int64_t kDatePosInfinity = INT32_MAX;
inline constexpr int64_t kTimestampNegInfinity = INT64_MIN;
inline constexpr int64_t kTimestampPosInfinity = INT64_MAX;
// The finite ranges, as PostgreSQL's IS_VALID_DATE / IS_VALID_TIMESTAMP:
// 4714-11-24 BC up to (excluding) 5874898-01-01 and 294277-01-01.
inline constexpr int64_t kMinDate = -kPostgresEpochJdate;
inline constexpr int64_t kEndDate = 2147483494 - kPostgresEpochJdate;
inline constexpr int64_t kMinTimestamp = -211813488000000000;
inline constexpr int64_t kEndTimestamp = 9223371331200000000;

inline bool IsFiniteDate(int64_t d) { return d != kDateNegInfinity && d != kDatePosInfinity; }
inline bool IsFiniteTimestamp(int64_t t) {
  return t != kTimestampNegInfinity && t != kTimestampPosInfinity;
}
inline bool IsValidDate(int64_t d) { return d >= kMinDate && d < kEndDate; }
inline bool IsValidTimestamp(int64_t t) { return t >= kMinTimestamp && t < kEndTimestamp; }

// An interval value. Encode/Decode convert to and from the Datum bytes.
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;

  std::string Encode() const;
  static Interval Decode(std::string_view bytes);
  Datum ToDatum() const { return Datum::FromString(Encode()); }
  static Interval FromDatum(const Datum& d) { return Decode(d.as_string()); }
  bool operator==(const Interval&) const = default;
};

// PostgreSQL's interval_cmp_value: the interval as microseconds with a month
// counted as 30 days and a day as 24 hours (128 bits, never overflows).
__int128 IntervalSpan(const Interval& iv);

// Julian day numbers (PostgreSQL's date2j / j2date / j2day).
int DateToJulian(int year, int month, int day);
void JulianToDate(int julian, int& year, int& month, int& day);
int DayOfWeek(int julian);  // 0 = Sunday
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
// PostgreSQL's IS_VALID_JULIAN: the year/month lies in the supported range.
bool IsValidJulian(int year, int month, int day);

// A timestamp broken down into calendar fields (UTC for timestamptz).
struct Fields {
  int year = 2000;  // astronomical: 0 is 1 BC
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t usec = 0;  // microseconds within the second
};
// False for an infinite or otherwise unrepresentable timestamp.
bool TimestampToFields(int64_t ts, Fields& f);
// The same without the infinity check, as PostgreSQL 15's timestamp2tm: its
// age() turns 'infinity' into fields of the year 294277.
bool TimestampToFieldsUnchecked(int64_t ts, Fields& f);
// nullopt when the fields lie outside the timestamp range.
std::optional<int64_t> FieldsToTimestamp(const Fields& f);
// Time of day (microseconds) to hours, minutes, seconds, microseconds.
void TimeToFields(int64_t time, Fields& f);

// date -> timestamp (midnight); infinities map to infinities; out of range
// is 22008 "date out of range for timestamp".
absl::StatusOr<int64_t> DateToTimestamp(int64_t date);
// timestamp -> date (the day it falls in); infinities map to infinities.
int64_t TimestampToDate(int64_t ts);

// The text forms, as the output functions print them.
void AppendDate(int64_t date, std::string& out);
void AppendTime(int64_t time, std::string& out);
void AppendTimestamp(int64_t ts, bool with_tz, std::string& out);
void AppendInterval(const Interval& iv, std::string& out);
// Seconds and fraction as PostgreSQL's AppendSeconds: "05", "05.5".
void AppendSeconds(int second, int64_t usec, std::string& out);

// Time zones as AT TIME ZONE / timezone(text, ...) accept them: the
// abbreviations of PostgreSQL's Default set with a fixed offset ("EST",
// "UTC"), tz database names ("America/New_York", any case) and POSIX offsets
// ("+05" is five hours west of Greenwich, as in PostgreSQL). Unknown: 22023
// time zone "x" not recognized.
// The local (zone) wall-clock timestamp of the instant `utc`.
absl::StatusOr<int64_t> UtcToZone(std::string_view zone, int64_t utc);
// The instant of the local wall-clock timestamp `local` in `zone`; a time in
// a DST gap or overlap resolves as PostgreSQL does.
absl::StatusOr<int64_t> ZoneToUtc(std::string_view zone, int64_t local);

// The fields of an interval as interval2itm: years, months, days, hours
// (int64), minutes, seconds, microseconds, each with the sign of its part.
struct IntervalFields {
  int32_t years = 0;
  int32_t months = 0;
  int32_t days = 0;
  int64_t hours = 0;
  int minutes = 0;
  int seconds = 0;
  int64_t usec = 0;
};
IntervalFields IntervalToFields(const Interval& iv);

// ISO 8601 weeks (PostgreSQL's date2isoweek / date2isoyear / isoweek2j).
int IsoWeek(int year, int month, int day);
int IsoYear(int year, int month, int day);
int IsoWeekToJulian(int year, int week);

// The field names of date_trunc, date_part and extract.
enum class Unit {
  kMicroseconds,
  kMilliseconds,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kTimezone,
  kTimezoneHour,
  kTimezoneMinute,
  kDow,
  kDoy,
  kIsoDow,
  kIsoYear,
  kJulian,
  kEpoch,
};
// The unit a lower-cased name stands for, as PostgreSQL's DecodeUnits
// (`with_special` false: date_trunc) or DecodeUnits then DecodeSpecial
// (true: date_part, extract, which also know dow, doy, julian, epoch ...).
std::optional<Unit> LookupUnit(std::string_view lower, bool with_special);

}  // namespace freshet::types::datetime
