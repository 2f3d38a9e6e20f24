// Text and binary formats must match PostgreSQL 15 byte for byte: the
// expected strings below are what PostgreSQL prints for the same values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "types/format.h"

using freshet::types::Datum;
using freshet::types::ParseBinary;
using freshet::types::ParseText;
using freshet::types::ToText;
using freshet::types::Type;
using freshet::types::TypeId;

namespace {
std::string F8(double d) { return ToText(Type{TypeId::kFloat8}, Datum::FromDouble(d)); }
std::string F4(float f) { return ToText(Type{TypeId::kFloat4}, Datum::FromDouble(f)); }
}  // namespace

TEST_CASE("float8 text output matches PostgreSQL's shortest form") {
  CHECK(F8(0.1) == "0.1");
  CHECK(F8(1.0) == "1");
  CHECK(F8(-2.5) == "-2.5");
  CHECK(F8(1e14) == "100000000000000");
  CHECK(F8(1e15) == "1e+15");
  CHECK(F8(123456789012345678.0) == "1.2345678901234568e+17");
  CHECK(F8(0.0001) == "0.0001");
  CHECK(F8(0.00001) == "1e-05");
  CHECK(F8(1.0 / 3) == "0.3333333333333333");
  CHECK(F8(std::numeric_limits<double>::infinity()) == "Infinity");
  CHECK(F8(-std::numeric_limits<double>::infinity()) == "-Infinity");
  CHECK(F8(std::nan("")) == "NaN");
  CHECK(F8(-0.0) == "-0");
  CHECK(F8(1e100) == "1e+100");
}

TEST_CASE("float4 text output uses float precision") {
  CHECK(F4(0.1f) == "0.1");
  CHECK(F4(1e6f) == "1e+06");
  CHECK(F4(123456.0f) == "123456");
  CHECK(F4(3.1415927f) == "3.1415927");
}

TEST_CASE("integers parse with PostgreSQL's range and syntax errors") {
  CHECK(ParseText(Type{TypeId::kInt4}, " 42 ")->as_int() == 42);
  CHECK(ParseText(Type{TypeId::kInt4}, "+7")->as_int() == 7);
  auto too_big = ParseText(Type{TypeId::kInt4}, "2147483648");
  REQUIRE_FALSE(too_big.ok());
  CHECK(freshet::SqlStateOf(too_big.status()) == "22003");
  CHECK(std::string(too_big.status().message()) == "value \"2147483648\" is out of range for type integer");
  auto bad = ParseText(Type{TypeId::kInt2}, "12a");
  REQUIRE_FALSE(bad.ok());
  CHECK(freshet::SqlStateOf(bad.status()) == "22P02");
  CHECK(std::string(bad.status().message()) == "invalid input syntax for type smallint: \"12a\"");
  CHECK(ParseText(Type{TypeId::kInt8}, "-9223372036854775808")->as_int() == INT64_MIN);
  CHECK_FALSE(ParseText(Type{TypeId::kInt8}, "9223372036854775808").ok());
  CHECK_FALSE(ParseText(Type{TypeId::kInt4}, "").ok());
}

TEST_CASE("booleans accept PostgreSQL's spellings") {
  for (const char* t : {"t", "true", "TRUE", "yes", "on", "1", " y "}) {
    CHECK(ParseText(Type{TypeId::kBool}, t)->as_bool());
  }
  for (const char* f : {"f", "false", "no", "off", "0", "N"}) {
    CHECK_FALSE(ParseText(Type{TypeId::kBool}, f)->as_bool());
  }
  CHECK_FALSE(ParseText(Type{TypeId::kBool}, "o").ok());  // ambiguous: on/off
  CHECK_FALSE(ParseText(Type{TypeId::kBool}, "maybe").ok());
  CHECK(ToText(Type{TypeId::kBool}, Datum::FromBool(true)) == "t");
}

TEST_CASE("numeric literals normalize like numeric_in/numeric_out") {
  auto n = [](const char* s) { return ParseText(Type{TypeId::kNumeric}, s)->as_string(); };
  CHECK(n("1.50") == "1.50");
  CHECK(n(" 007.5 ") == "7.5");
  CHECK(n(".5") == "0.5");
  CHECK(n("1e3") == "1000");
  CHECK(n("1.5e-3") == "0.0015");
  CHECK(n("-0") == "0");
  CHECK(n("-0.00") == "0.00");
  CHECK(n("nan") == "NaN");
  CHECK_FALSE(ParseText(Type{TypeId::kNumeric}, "1.2.3").ok());
  CHECK_FALSE(ParseText(Type{TypeId::kNumeric}, "e5").ok());
}

TEST_CASE("bytea text forms") {
  CHECK(ParseText(Type{TypeId::kBytea}, "\\x00ff41")->as_string() == std::string("\0\xff" "A", 3));
  CHECK(ToText(Type{TypeId::kBytea}, Datum::FromString(std::string("\0\xff" "A", 3))) == "\\x00ff41");
  CHECK(ParseText(Type{TypeId::kBytea}, "a\\\\b\\001")->as_string() == std::string("a\\b\x01", 4));
  CHECK_FALSE(ParseText(Type{TypeId::kBytea}, "\\x0").ok());
}

TEST_CASE("character types apply their length") {
  Type varchar3{TypeId::kVarchar, 3 + 4};
  Type char3{TypeId::kBpchar, 3 + 4};
  CHECK(ParseText(varchar3, "ab")->as_string() == "ab");
  CHECK(ParseText(char3, "ab")->as_string() == "ab ");
  CHECK(ParseText(varchar3, "abc   ")->as_string() == "abc");  // excess spaces are cut
  auto too_long = ParseText(varchar3, "abcd");
  REQUIRE_FALSE(too_long.ok());
  CHECK(freshet::SqlStateOf(too_long.status()) == "22001");
  CHECK(std::string(too_long.status().message()) == "value too long for type character varying(3)");
  CHECK(ParseText(varchar3, "äöü")->as_string() == "äöü");  // characters, not bytes
}

TEST_CASE("binary formats round-trip and check their sizes") {
  struct Case {
    Type type;
    Datum value;
  };
  std::vector<Case> cases = {
      {Type{TypeId::kBool}, Datum::FromBool(true)},       {Type{TypeId::kInt2}, Datum::FromInt(-32768)},
      {Type{TypeId::kInt4}, Datum::FromInt(2147483647)}, {Type{TypeId::kInt8}, Datum::FromInt(INT64_MIN)},
      {Type{TypeId::kFloat8}, Datum::FromDouble(-1.5)},  {Type{TypeId::kFloat4}, Datum::FromDouble(0.25)},
      {Type{TypeId::kText}, Datum::FromString("héllo")}, {Type{TypeId::kBytea}, Datum::FromString(std::string(3, '\0'))},
      {Type{TypeId::kOid}, Datum::FromInt(4294967295)},
  };
  for (const Case& c : cases) {
    std::string bytes;
    REQUIRE(freshet::types::AppendBinary(c.type, c.value, bytes).ok());
    auto back = ParseBinary(c.type, bytes);
    REQUIRE(back.ok());
    CHECK(*back == c.value);
  }
  std::string four;
  REQUIRE(freshet::types::AppendBinary(Type{TypeId::kInt4}, Datum::FromInt(1), four).ok());
  CHECK(four == std::string("\0\0\0\1", 4));
  auto short_int = ParseBinary(Type{TypeId::kInt8}, std::string(4, '\0'));
  REQUIRE_FALSE(short_int.ok());
  CHECK(freshet::SqlStateOf(short_int.status()) == "22P03");
}
