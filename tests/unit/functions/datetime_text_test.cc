// Text input and output of the datetime types, against what PostgreSQL 15
// prints (DateStyle ISO, MDY; IntervalStyle postgres; TimeZone UTC). Every
// expected value here was produced by a PostgreSQL 15 server.
#include <catch2/catch.hpp>

#include <string>

#include "common/error.h"
#include "types/datetime.h"
#include "types/format.h"

namespace freshet::types {
namespace {

struct TextCase {
  TypeId type;
  const char* input;
  const char* output;
};

struct ErrorCase {
  TypeId type;
  const char* input;
  const char* sqlstate;
  const char* message;
};

}  // namespace

TEST_CASE("datetime text input and output match PostgreSQL") {
  static const TextCase kCases[] = {
      {TypeId::kDate, "2024-01-31", "2024-01-31"},
      {TypeId::kDate, "2024-02-29", "2024-02-29"},
      {TypeId::kDate, "0044-03-15 BC", "0044-03-15 BC"},
      {TypeId::kDate, "10000-01-01", "10000-01-01"},
      {TypeId::kDate, "infinity", "infinity"},
      {TypeId::kDate, "-infinity", "-infinity"},
      {TypeId::kDate, "epoch", "1970-01-01"},
      {TypeId::kDate, "1/31/2024", "2024-01-31"},
      {TypeId::kDate, "Jan 31 2024", "2024-01-31"},
      {TypeId::kDate, "31-Jan-2024", "2024-01-31"},
      {TypeId::kDate, "January 31, 2024", "2024-01-31"},
      {TypeId::kDate, "2024.01.31", "2024-01-31"},
      {TypeId::kDate, "20240131", "2024-01-31"},
      {TypeId::kDate, "2024-01-31 12:34:56", "2024-01-31"},
      {TypeId::kDate, "4714-11-24 BC", "4714-11-24 BC"},
      {TypeId::kDate, "5874897-12-31", "5874897-12-31"},
      {TypeId::kDate, "1/2/03", "2003-01-02"},
      {TypeId::kDate, "31 Jan 2024", "2024-01-31"},
      {TypeId::kDate, "Wed Jan 31 2024", "2024-01-31"},
      {TypeId::kDate, "2024-001", "2024-01-01"},
      {TypeId::kTime, "12:34:56.789", "12:34:56.789"},
      {TypeId::kTime, "24:00:00", "24:00:00"},
      {TypeId::kTime, "12:34:56.1234567", "12:34:56.123457"},
      {TypeId::kTime, "1:02", "01:02:00"},
      {TypeId::kTime, "12:34:56+02", "12:34:56"},
      {TypeId::kTime, "2024-01-31 12:34:56", "12:34:56"},
      {TypeId::kTime, "allballs", "00:00:00"},
      {TypeId::kTime, "12:00 pm", "12:00:00"},
      {TypeId::kTime, "12:00 am", "00:00:00"},
      {TypeId::kTime, "11:59:59.9999999", "12:00:00"},
      {TypeId::kTime, "123456", "12:34:56"},
      {TypeId::kTimestamp, "2024-01-31 12:34:56.123456", "2024-01-31 12:34:56.123456"},
      {TypeId::kTimestamp, "2024-01-31 12:34:56.120000", "2024-01-31 12:34:56.12"},
      {TypeId::kTimestamp, "2024-01-31T12:34:56", "2024-01-31 12:34:56"},
      {TypeId::kTimestamp, "2024-01-31T12:34:56Z", "2024-01-31 12:34:56"},
      {TypeId::kTimestamp, "2024-01-31 12:34:56+05:30", "2024-01-31 12:34:56"},
      {TypeId::kTimestamp, "2024-01-31 12:34:56 America/New_York", "2024-01-31 12:34:56"},
      {TypeId::kTimestamp, "infinity", "infinity"},
      {TypeId::kTimestamp, "-infinity", "-infinity"},
      {TypeId::kTimestamp, "epoch", "1970-01-01 00:00:00"},
      {TypeId::kTimestamp, "0044-03-15 10:00 BC", "0044-03-15 10:00:00 BC"},
      {TypeId::kTimestamp, "294276-12-31 23:59:59.999999", "294276-12-31 23:59:59.999999"},
      {TypeId::kTimestamp, "4714-11-24 00:00:00 BC", "4714-11-24 00:00:00 BC"},
      {TypeId::kTimestamp, "2024-01-31 23:59:60", "2024-02-01 00:00:00"},
      {TypeId::kTimestamp, "2024-01-31 24:00", "2024-02-01 00:00:00"},
      {TypeId::kTimestamp, "Jan 31 2024 3:04pm", "2024-01-31 15:04:00"},
      {TypeId::kTimestamp, "20240131 123456", "2024-01-31 12:34:56"},
      {TypeId::kTimestamp, "2024-01-31 12:34:56.9999995", "2024-01-31 12:34:57"},
      {TypeId::kTimestamp, "2024-01-31 12:34", "2024-01-31 12:34:00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56+02", "2024-01-31 10:34:56+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56-05:30", "2024-01-31 18:04:56+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56+0530", "2024-01-31 07:04:56+00"},
      {TypeId::kTimestamptz, "2024-01-31T12:34:56.5Z", "2024-01-31 12:34:56.5+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56 UTC", "2024-01-31 12:34:56+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56 EST", "2024-01-31 17:34:56+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56 PDT", "2024-01-31 19:34:56+00"},
      {TypeId::kTimestamptz, "2024-07-01 12:00 America/New_York", "2024-07-01 16:00:00+00"},
      {TypeId::kTimestamptz, "2024-01-01 12:00 Europe/Berlin", "2024-01-01 11:00:00+00"},
      {TypeId::kTimestamptz, "2024-03-10 02:30 America/New_York", "2024-03-10 07:30:00+00"},
      {TypeId::kTimestamptz, "2024-11-03 01:30 America/New_York", "2024-11-03 06:30:00+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56+15:59", "2024-01-30 20:35:56+00"},
      {TypeId::kTimestamptz, "infinity", "infinity"},
      {TypeId::kTimestamptz, "0044-03-15 10:00+00 BC", "0044-03-15 10:00:00+00 BC"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56 Asia/Kolkata", "2024-01-31 07:04:56+00"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56.123456789+01", "2024-01-31 11:34:56.123457+00"},
      {TypeId::kInterval, "1 day", "1 day"},
      {TypeId::kInterval, "1 year 2 months", "1 year 2 mons"},
      {TypeId::kInterval, "3 hours 4 minutes", "03:04:00"},
      {TypeId::kInterval, "1:02:03", "01:02:03"},
      {TypeId::kInterval, "1 day 01:00", "1 day 01:00:00"},
      {TypeId::kInterval, "-1 day", "-1 days"},
      {TypeId::kInterval, "@ 1 hour ago", "-01:00:00"},
      {TypeId::kInterval, "@ 1 year 2 mons ago", "-1 years -2 mons"},
      {TypeId::kInterval, "1.5 days", "1 day 12:00:00"},
      {TypeId::kInterval, "P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"},
      {TypeId::kInterval, "P1.5Y", "1 year 6 mons"},
      {TypeId::kInterval, "PT0.5S", "00:00:00.5"},
      {TypeId::kInterval, "P2W", "14 days"},
      {TypeId::kInterval, "-1 day +02:00:00", "-1 days +02:00:00"},
      {TypeId::kInterval, "-1 days -02:00:00", "-1 days -02:00:00"},
      {TypeId::kInterval, "1 year -1 month", "11 mons"},
      {TypeId::kInterval, "-1 year -2 mons +3 days -04:05:06", "-1 years -2 mons +3 days -04:05:06"},
      {TypeId::kInterval, "00:00:00", "00:00:00"},
      {TypeId::kInterval, "0", "00:00:00"},
      {TypeId::kInterval, "10", "00:00:10"},
      {TypeId::kInterval, "1.5", "00:00:01.5"},
      {TypeId::kInterval, "-00:00:01.5", "-00:00:01.5"},
      {TypeId::kInterval, "100 years", "100 years"},
      {TypeId::kInterval, "1 decade 2 centuries 1 millennium", "1210 years"},
      {TypeId::kInterval, "1 week", "7 days"},
      {TypeId::kInterval, "2 weeks 3 days", "17 days"},
      {TypeId::kInterval, "1.5 weeks", "10 days 12:00:00"},
      {TypeId::kInterval, "1.5 months", "1 mon 15 days"},
      {TypeId::kInterval, "0.1 years", "1 mon"},
      {TypeId::kInterval, "1000000 hours", "1000000:00:00"},
      {TypeId::kInterval, "1-2", "1 year 2 mons"},
      {TypeId::kInterval, "-1-2", "-1 years -2 mons"},
      {TypeId::kInterval, "1 2:03:04", "1 day 02:03:04"},
      {TypeId::kInterval, "+1 -02:00", "1 day -02:00:00"},
      {TypeId::kInterval, "5 ms", "00:00:00.005"},
      {TypeId::kInterval, "5 us", "00:00:00.000005"},
      {TypeId::kInterval, "1 microsecond", "00:00:00.000001"},
      {TypeId::kInterval, "3 milliseconds", "00:00:00.003"},
      {TypeId::kInterval, "1 hour 30", "01:00:30"},
      {TypeId::kInterval, "2147483647 days", "2147483647 days"},
      {TypeId::kInterval, "178956970 years", "178956970 years"},
      {TypeId::kInterval, "1 day ago 2", "-1 days -00:00:02"},
      {TypeId::kInterval, "1:2:3.4567891", "01:02:03.456789"},
  };
  for (const TextCase& c : kCases) {
    DYNAMIC_SECTION(c.input) {
    INFO(SqlName(Type{c.type}) << " '" << c.input << "'");
    absl::StatusOr<Datum> v = ParseText(Type{c.type}, c.input);
    INFO(v.status().ToString());
    REQUIRE(v.ok());
    CHECK(ToText(Type{c.type}, *v) == c.output);
    // The output reads back as the same value.
    absl::StatusOr<Datum> again = ParseText(Type{c.type}, ToText(Type{c.type}, *v));
    REQUIRE(again.ok());
    CHECK(*again == *v);
    }
  }
}

TEST_CASE("datetime text input errors match PostgreSQL") {
  static const ErrorCase kCases[] = {
      {TypeId::kDate, "2023-02-29", "22008", "date/time field value out of range: \"2023-02-29\""},
      {TypeId::kDate, "4714-11-23 BC", "22008", "date out of range: \"4714-11-23 BC\""},
      {TypeId::kDate, "99-01-08", "22008", "date/time field value out of range: \"99-01-08\""},
      {TypeId::kDate, "2024-13-01", "22008", "date/time field value out of range: \"2024-13-01\""},
      {TypeId::kDate, "13/1/2024", "22008", "date/time field value out of range: \"13/1/2024\""},
      {TypeId::kDate, "0000-01-01", "22008", "date/time field value out of range: \"0000-01-01\""},
      {TypeId::kDate, "1 BC", "22007", "invalid input syntax for type date: \"1 BC\""},
      {TypeId::kDate, "x", "22007", "invalid input syntax for type date: \"x\""},
      {TypeId::kTime, "24:00:01", "22008", "date/time field value out of range: \"24:00:01\""},
      {TypeId::kTime, "25:00", "22008", "date/time field value out of range: \"25:00\""},
      {TypeId::kTime, "12:60", "22008", "date/time field value out of range: \"12:60\""},
      {TypeId::kTime, "abc", "22007", "invalid input syntax for type time: \"abc\""},
      {TypeId::kTimestamp, "294277-01-01", "22008", "timestamp out of range: \"294277-01-01\""},
      {TypeId::kTimestamp, "2024-01-31 25:00", "22008", "date/time field value out of range: \"2024-01-31 25:00\""},
      {TypeId::kTimestamp, "2024-01-31 12:34:56 junk", "22007", "invalid input syntax for type timestamp: \"2024-01-31 12:34:56 junk\""},
      {TypeId::kTimestamp, "12:34", "22007", "invalid input syntax for type timestamp: \"12:34\""},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56 Mars/Olympus", "22023", "time zone \"mars/olympus\" not recognized"},
      {TypeId::kTimestamptz, "2024-01-31 12:34:56+16", "22009", "time zone displacement out of range: \"2024-01-31 12:34:56+16\""},
      {TypeId::kInterval, "123:45:67", "22015", "interval field value out of range: \"123:45:67\""},
      {TypeId::kInterval, "1 day 2 days", "22007", "invalid input syntax for type interval: \"1 day 2 days\""},
      {TypeId::kInterval, "2147483648 days", "22015", "interval field value out of range: \"2147483648 days\""},
      {TypeId::kInterval, "178956971 years", "22008", "interval out of range"},
      {TypeId::kInterval, "ago", "22007", "invalid input syntax for type interval: \"ago\""},
      {TypeId::kInterval, "day", "22007", "invalid input syntax for type interval: \"day\""},
      {TypeId::kInterval, "1 foo", "22007", "invalid input syntax for type interval: \"1 foo\""},
      {TypeId::kInterval, "", "22007", "invalid input syntax for type interval: \"\""},
      {TypeId::kInterval, "1 mon 1 mon", "22007", "invalid input syntax for type interval: \"1 mon 1 mon\""},
      {TypeId::kInterval, "1 hour 1 hour", "22007", "invalid input syntax for type interval: \"1 hour 1 hour\""},
      {TypeId::kInterval, "-2147483648 days ago", "22015", "interval field value out of range: \"-2147483648 days ago\""},
  };
  for (const ErrorCase& c : kCases) {
    INFO(SqlName(Type{c.type}) << " '" << c.input << "'");
    absl::StatusOr<Datum> v = ParseText(Type{c.type}, c.input);
    REQUIRE_FALSE(v.ok());
    ErrorInfo e = ToErrorInfo(v.status());
    CHECK(e.code == c.sqlstate);
    CHECK(e.message == c.message);
  }
}

}  // namespace freshet::types
