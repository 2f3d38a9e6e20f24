// Range text and binary forms, canonicalization and ordering. Every expected
// text, SQLSTATE, message and detail below is what PostgreSQL 15 answers for
// `SELECT '<input>'::<type>`.
#include <catch2/catch.hpp>

#include <string>

#include "common/error.h"
#include "types/compare.h"
#include "types/format.h"
#include "types/range.h"

using freshet::ErrorInfo;
using freshet::ToErrorInfo;
using freshet::types::Compare;
using freshet::types::Datum;
using freshet::types::ParseBinary;
using freshet::types::ParseText;
using freshet::types::ToText;
using freshet::types::Type;
using freshet::types::TypeFromName;
using freshet::types::TypeId;
namespace range = freshet::types::range;

namespace {

Type T(const std::string& name) { return Type{*TypeFromName(name)}; }

Datum Parse(const std::string& type, const std::string& text) {
  absl::StatusOr<Datum> d = ParseText(T(type), text);
  REQUIRE(d.ok());
  return *d;
}

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

struct TextCase {
  const char* type;
  const char* input;
  const char* output;  // when the input is valid
  const char* code;    // otherwise: the error
  const char* message;
  const char* detail;
};

const TextCase kTextCases[] = {
    {"int4range", "[1,5]", "[1,6)", "", "", ""},
    {"int4range", "(1,5)", "[2,5)", "", "", ""},
    {"int4range", "(,5]", "(,6)", "", "", ""},
    {"int4range", "[,]", "(,)", "", "", ""},
    {"int4range", "(,)", "(,)", "", "", ""},
    {"int4range", " EMPTY ", "empty", "", "", ""},
    {"int4range", "empty", "empty", "", "", ""},
    {"int4range", "[3,3)", "empty", "", "", ""},
    {"int4range", "[3,3]", "[3,4)", "", "", ""},
    {"int4range", "(3,3]", "empty", "", "", ""},
    {"int4range", "(3,4)", "empty", "", "", ""},
    {"int4range", "[ 1 , 2 ]", "[1,3)", "", "", ""},
    {"int4range", "[\"1\",\"2\"]", "[1,3)", "", "", ""},
    {"int4range", "  [1,2)  ", "[1,2)", "", "", ""},
    {"int4range", "[5,1]", "", "22000", "range lower bound must be less than or equal to range upper bound", ""},
    {"int4range", "[1,2147483647]", "", "22003", "integer out of range", ""},
    {"int4range", "(2147483647,)", "", "22003", "integer out of range", ""},
    {"int4range", "[-2147483648,2147483646]", "[-2147483648,2147483647)", "", "", ""},
    {"int4range", "1,2", "", "22P02", "malformed range literal: \"1,2\"", "Missing left parenthesis or bracket."},
    {"int4range", "[1,2", "", "22P02", "malformed range literal: \"[1,2\"", "Unexpected end of input."},
    {"int4range", "[1 2]", "", "22P02", "malformed range literal: \"[1 2]\"", "Missing comma after lower bound."},
    {"int4range", "[1,2,3]", "", "22P02", "malformed range literal: \"[1,2,3]\"", "Too many commas."},
    {"int4range", "[1,2] x", "", "22P02", "malformed range literal: \"[1,2] x\"", "Junk after right parenthesis or bracket."},
    {"int4range", "empty x", "", "22P02", "malformed range literal: \"empty x\"", "Junk after \"empty\" key word."},
    {"int4range", "[x,2]", "", "22P02", "invalid input syntax for type integer: \"x\"", ""},
    {"int4range", "", "", "22P02", "malformed range literal: \"\"", "Missing left parenthesis or bracket."},
    {"int4range", "[", "", "22P02", "malformed range literal: \"[\"", "Unexpected end of input."},
    {"int4range", "[1,\"2", "", "22P02", "malformed range literal: \"[1,\"2\"", "Unexpected end of input."},
    {"int4range", "[1,2\\", "", "22P02", "malformed range literal: \"[1,2\\\"", "Unexpected end of input."},
    {"int4range", "[\\1,2]", "[1,3)", "", "", ""},
    {"int4range", "[1,)", "[1,)", "", "", ""},
    {"int4range", "(\"\",2]", "", "22P02", "invalid input syntax for type integer: \"\"", ""},
    {"int8range", "[1,9223372036854775807]", "", "22003", "bigint out of range", ""},
    {"int8range", "(-9223372036854775808,0]", "[-9223372036854775807,1)", "", "", ""},
    {"int8range", "(9223372036854775806,9223372036854775807)", "empty", "", "", ""},
    {"numrange", "[1.5,2.50]", "[1.5,2.50]", "", "", ""},
    {"numrange", "(1.5,1.5)", "empty", "", "", ""},
    {"numrange", "[1.5,1.5]", "[1.5,1.5]", "", "", ""},
    {"numrange", "(,3)", "(,3)", "", "", ""},
    {"numrange", "[-1,NaN]", "[-1,NaN]", "", "", ""},
    {"numrange", "[NaN,NaN]", "[NaN,NaN]", "", "", ""},
    {"numrange", "(\"a b\",)", "", "22P02", "invalid input syntax for type numeric: \"a b\"", ""},
    {"numrange", "[3,2]", "", "22000", "range lower bound must be less than or equal to range upper bound", ""},
    {"int4range", "[1,2])", "", "22P02", "malformed range literal: \"[1,2])\"", "Junk after right parenthesis or bracket."},
};

}  // namespace

TEST_CASE("range text input and output match PostgreSQL") {
  for (const TextCase& c : kTextCases) {
    INFO(c.type << " '" << c.input << "'");
    absl::StatusOr<Datum> d = ParseText(T(c.type), c.input);
    if (std::string(c.code).empty()) {
      REQUIRE(d.ok());
      CHECK(ToText(T(c.type), *d) == c.output);
      absl::StatusOr<Datum> again = ParseText(T(c.type), ToText(T(c.type), *d));
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

TEST_CASE("range encoding is canonical") {
  CHECK(Parse("int4range", "[1,5]") == Parse("int4range", "(0,6)"));
  CHECK(Parse("int4range", "[3,3)") == range::MakeEmpty());
  CHECK(Parse("int4range", "[,]") == Parse("int4range", "(,)"));
  absl::StatusOr<range::RangeValue> r = range::Decode(Parse("int4range", "(1,5]"));
  REQUIRE(r.ok());
  CHECK_FALSE(r->empty);
  CHECK(r->lower.value == Datum::FromInt(2));
  CHECK(r->lower.inclusive);
  CHECK(r->upper.value == Datum::FromInt(6));
  CHECK_FALSE(r->upper.inclusive);
  r = range::Decode(Parse("int4range", "(,5)"));
  REQUIRE(r.ok());
  CHECK(r->lower.infinite);
  CHECK_FALSE(r->lower.inclusive);
}

TEST_CASE("range binary form is range_send's") {
  struct BinaryCase {
    const char* type;
    const char* text;
    const char* hex;  // SELECT range_send('<text>'::<type>)
  };
  const BinaryCase cases[] = {
      {"int4range", "[1,5)", "0200000004000000010000000400000005"},
      {"int4range", "empty", "01"},
      {"int4range", "(,5]", "080000000400000006"},
      {"int8range", "[1,)", "12000000080000000000000001"},
      {"int4range", "(,)", "18"},
  };
  for (const BinaryCase& c : cases) {
    INFO(c.type << " " << c.text);
    Datum d = Parse(c.type, c.text);
    std::string bytes;
    REQUIRE(freshet::types::AppendBinary(T(c.type), d, bytes).ok());
    CHECK(Hex(bytes) == c.hex);
    absl::StatusOr<Datum> back = ParseBinary(T(c.type), bytes);
    REQUIRE(back.ok());
    CHECK(*back == d);
  }
  // range_recv canonicalizes: [1,5] arrives as [1,6).
  std::string closed = std::string("\x06\0\0\0\x04\0\0\0\x01\0\0\0\x04\0\0\0\x05", 17);
  absl::StatusOr<Datum> d = ParseBinary(T("int4range"), closed);
  REQUIRE(d.ok());
  CHECK(ToText(T("int4range"), *d) == "[1,6)");
  CHECK_FALSE(ParseBinary(T("int4range"), std::string("\x02\0\0\0\x04\0\0", 7)).ok());
}

TEST_CASE("ranges order as range_cmp") {
  auto less = [](const char* type, const char* a, const char* b) {
    return Compare(T(type), Parse(type, a), Parse(type, b)) < 0;
  };
  // Each checked in PostgreSQL 15 with `SELECT a < b`.
  CHECK(less("int4range", "[1,5)", "[1,6)"));
  CHECK(less("int4range", "empty", "(,1)"));
  CHECK(less("int4range", "(,1)", "[0,1)"));
  CHECK(less("int4range", "[1,2)", "[1,)"));
  CHECK(less("numrange", "[1.5,2]", "(1.5,2]"));
  CHECK(less("numrange", "[1.5,2)", "[1.5,2]"));
  CHECK(less("int4range", "[1,3)", "[2,2]"));
  CHECK(Compare(T("int4range"), Parse("int4range", "empty"), Parse("int4range", "[3,3)")) == 0);
}
