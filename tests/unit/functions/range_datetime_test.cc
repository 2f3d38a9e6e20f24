// Ranges and arrays over the date and time types: bound text quoted as
// range_out quotes it, daterange canonical in [) form, infinities kept.
// Every expected value is PostgreSQL 15's answer (TimeZone UTC).
#include <catch2/catch.hpp>

#include <string>

#include "common/error.h"
#include "types/format.h"

using freshet::ErrorInfo;
using freshet::ToErrorInfo;
using freshet::types::ArrayOf;
using freshet::types::Datum;
using freshet::types::ParseBinary;
using freshet::types::ParseText;
using freshet::types::ToText;
using freshet::types::Type;
using freshet::types::TypeFromName;
using freshet::types::TypeId;

namespace {

struct TextCase {
  const char* type;
  const char* input;
  const char* output;  // when the input is valid
  const char* code;    // otherwise: the error
  const char* message;
  const char* detail;
};

const TextCase kTextCases[] = {
    {"daterange", "[2024-01-01,2024-02-01]", "[2024-01-01,2024-02-02)", "", "", ""},
    {"daterange", "(2024-01-01,2024-01-02)", "empty", "", "", ""},
    {"daterange", "(-infinity,infinity]", "(-infinity,infinity]", "", "", ""},
    {"daterange", "[2024-01-31,)", "[2024-01-31,)", "", "", ""},
    {"daterange", "[2024-02-01,2024-01-01]", "", "22000", "range lower bound must be less than or equal to range upper bound", ""},
    {"tsrange", "[2024-01-01,2024-02-01)", "[\"2024-01-01 00:00:00\",\"2024-02-01 00:00:00\")", "", "", ""},
    {"tsrange", "[\"2024-01-01 10:30:00\",\"2024-02-01 00:00:00.5\"]", "[\"2024-01-01 10:30:00\",\"2024-02-01 00:00:00.5\"]", "", "", ""},
    {"tsrange", "(,infinity)", "(,infinity)", "", "", ""},
    {"tstzrange", "[2024-01-01 00:00:00+02,2024-02-01)", "[\"2023-12-31 22:00:00+00\",\"2024-02-01 00:00:00+00\")", "", "", ""},
    {"tsrange", "[x,y]", "", "22007", "invalid input syntax for type timestamp: \"x\"", ""},
    {"daterange", "[2024-01-01,2024-01-01]", "[2024-01-01,2024-01-02)", "", "", ""},
};

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace

TEST_CASE("date and timestamp ranges read and print as PostgreSQL") {
  for (const TextCase& c : kTextCases) {
    INFO(c.type << " '" << c.input << "'");
    Type type{*TypeFromName(c.type)};
    absl::StatusOr<Datum> d = ParseText(type, c.input);
    if (std::string(c.code).empty()) {
      REQUIRE(d.ok());
      CHECK(ToText(type, *d) == c.output);
      absl::StatusOr<Datum> again = ParseText(type, ToText(type, *d));
      REQUIRE(again.ok());
      CHECK(*again == *d);
    } else {
      REQUIRE_FALSE(d.ok());
      ErrorInfo e = ToErrorInfo(d.status());
      CHECK(e.code == c.code);
      CHECK(e.message == c.message);
      CHECK(e.detail == c.detail);
    }
  }
}

TEST_CASE("arrays of dates and timestamps") {
  const Type dates = ArrayOf(Type{TypeId::kDate});
  const Type timestamps = ArrayOf(Type{TypeId::kTimestamp});
  absl::StatusOr<Datum> d = ParseText(dates, "{2024-01-01,NULL}");
  REQUIRE(d.ok());
  CHECK(ToText(dates, *d) == "{2024-01-01,NULL}");
  absl::StatusOr<Datum> ts = ParseText(timestamps, "{\"2024-01-01 10:00\"}");
  REQUIRE(ts.ok());
  CHECK(ToText(timestamps, *ts) == "{\"2024-01-01 10:00:00\"}");
  // SELECT array_send('{2024-01-01}'::date[]), range_send('[2024-01-01,2024-01-05)'::daterange)
  absl::StatusOr<Datum> one = ParseText(dates, "{2024-01-01}");
  REQUIRE(one.ok());
  std::string bytes;
  REQUIRE(freshet::types::AppendBinary(dates, *one, bytes).ok());
  CHECK(Hex(bytes) == "00000001000000000000043a0000000100000001000000040000223e");
  const Type daterange{TypeId::kDateRange};
  absl::StatusOr<Datum> r = ParseText(daterange, "[2024-01-01,2024-01-05)");
  REQUIRE(r.ok());
  bytes.clear();
  REQUIRE(freshet::types::AppendBinary(daterange, *r, bytes).ok());
  CHECK(Hex(bytes) == "02000000040000223e0000000400002242");
  absl::StatusOr<Datum> back = ParseBinary(daterange, bytes);
  REQUIRE(back.ok());
  CHECK(*back == *r);
}
