// jsonb's text and binary forms and its order, checked against PostgreSQL 15:
// every expected string below was printed by a PostgreSQL 15 server for the
// same input (psql -At, and \set VERBOSITY verbose for the errors).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/error.h"
#include "types/compare.h"
#include "types/format.h"
#include "types/jsonb.h"

namespace freshet::types {
namespace {

const Type kJsonb{TypeId::kJsonb};

std::string Canonical(std::string_view text) {
  absl::StatusOr<Datum> d = ParseText(kJsonb, text);
  if (!d.ok()) return "error: " + std::string(d.status().message());
  return ToText(kJsonb, *d);
}

struct Failure {
  std::string code, message, detail;
};

Failure ParseError(std::string_view text) {
  absl::StatusOr<Datum> d = ParseText(kJsonb, text);
  if (d.ok()) return {"ok", ToText(kJsonb, *d), ""};
  ErrorInfo info = ToErrorInfo(d.status());
  return {info.code, info.message, info.detail};
}

TEST_CASE("jsonb input prints as PostgreSQL's canonical text", "[jsonb]") {
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {R"(null)", R"(null)"},
      {R"(true)", R"(true)"},
      {R"(false)", R"(false)"},
      {R"(0)", R"(0)"},
      {R"(-0)", R"(0)"},
      {R"(-0.0)", R"(0.0)"},
      {R"(1)", R"(1)"},
      {R"(-1)", R"(-1)"},
      {R"(1.0)", R"(1.0)"},
      {R"(1.50)", R"(1.50)"},
      {R"(1e2)", R"(100)"},
      {R"(1E+2)", R"(100)"},
      {R"(1e-2)", R"(0.01)"},
      {R"(1.5e-3)", R"(0.0015)"},
      {R"(-1.5E3)", R"(-1500)"},
      {R"(0.000)", R"(0.000)"},
      {R"(123456789012345678901234567890)", R"(123456789012345678901234567890)"},
      {R"(0.000000000000000000000000000001)", R"(0.000000000000000000000000000001)"},
      {R"(1e30)", R"(1000000000000000000000000000000)"},
      {R"("")", R"("")"},
      {R"("abc")", R"("abc")"},
      {R"("a\"b\\c\/d")", R"("a\"b\\c/d")"},
      {R"("\b\f\n\r\t")", R"("\b\f\n\r\t")"},
      {R"("\u0001\u001f\u007f")", R"("\u0001\u001f")"},
      {R"("\u00e9\u4e2d")", R"("é中")"},
      {R"("\ud83d\ude00")", R"("😀")"},
      {R"("é 中 😀")", R"("é 中 😀")"},
      {R"("\u0041")", R"("A")"},
      {R"([])", R"([])"},
      {R"({})", R"({})"},
      {R"([1,2,3])", R"([1, 2, 3])"},
      {R"([ 1 , [ 2 , [ 3 ] ] , { } ])", R"([1, [2, [3]], {}])"},
      {R"({"a":1})", R"({"a": 1})"},
      {R"({"b":1,"a":2})", R"({"a": 2, "b": 1})"},
      {R"({"aa":1,"b":2,"a":3})", R"({"a": 3, "b": 2, "aa": 1})"},
      {R"({"a":1,"a":2})", R"({"a": 2})"},
      {R"({"a":{"x":1},"a":[2],"b":null})", R"({"a": [2], "b": null})"},
      {R"({"abc":1,"ab":2,"abd":3,"b":4,"":5})", R"({"": 5, "b": 4, "ab": 2, "abc": 1, "abd": 3})"},
      {R"({"B":1,"a":2,"_":3})", R"({"B": 1, "_": 3, "a": 2})"},
      {R"({"é":1,"z":2})", R"({"z": 2, "é": 1})"},
      {R"(  {  "a"  :  [ true , false , null ]  }  )", R"({"a": [true, false, null]})"},
      {"\x09" "[1]", R"([1])"},
      {R"([1.0, 1.00, 10e-1])", R"([1.0, 1.00, 1.0])"},
      {R"({"a":{"b":{"c":{"d":[[[]]]}}}})", R"({"a": {"b": {"c": {"d": [[[]]]}}}})"},
      {R"([{"b":1,"a":2},{"d":3,"c":4}])", R"([{"a": 2, "b": 1}, {"c": 4, "d": 3}])"},
      {R"("\"\\")", R"("\"\\")"},
      {R"({"key with \"quote\"":"v"})", R"({"key with \"quote\"": "v"})"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(Canonical(c.in) == c.out);
    // The canonical text reads back as itself.
    CHECK(Canonical(c.out) == c.out);
  }
}

TEST_CASE("jsonb input errors are PostgreSQL's", "[jsonb]") {
  struct Case {
    std::string in, code, message, detail;
  };
  const std::vector<Case> cases = {
      {R"()", "22P02", R"(invalid input syntax for type json)", R"(The input string ended unexpectedly.)"},
      {R"(   )", "22P02", R"(invalid input syntax for type json)", R"(The input string ended unexpectedly.)"},
      {R"([,1])", "22P02", R"(invalid input syntax for type json)", R"(Expected JSON value, but found ",".)"},
      {R"(01)", "22P02", R"(invalid input syntax for type json)", R"(Token "01" is invalid.)"},
      {R"(-01)", "22P02", R"(invalid input syntax for type json)", R"(Token "-01" is invalid.)"},
      {R"({"a" 1})", "22P02", R"(invalid input syntax for type json)", R"(Expected ":", but found "1".)"},
      {R"("\u0000")", "22P05", R"(unsupported Unicode escape sequence)", R"(\u0000 cannot be converted to text.)"},
      {R"("\x")", "22P02", R"(invalid input syntax for type json)", R"(Escape sequence "\x" is invalid.)"},
      {R"("\é")", "22P02", R"(invalid input syntax for type json)", R"(Escape sequence "\é" is invalid.)"},
      {R"("abc)", "22P02", R"(invalid input syntax for type json)", R"(Token ""abc" is invalid.)"},
      {"\"a\x09" "b\"", "22P02", R"(invalid input syntax for type json)", R"(Character with value 0x09 must be escaped.)"},
      {R"("\ud800")", "22P02", R"(invalid input syntax for type json)", R"(Unicode low surrogate must follow a high surrogate.)"},
      {R"("\udc00")", "22P02", R"(invalid input syntax for type json)", R"(Unicode low surrogate must follow a high surrogate.)"},
      {R"("\ud800\ud800")", "22P02", R"(invalid input syntax for type json)", R"(Unicode high surrogate must not follow a high surrogate.)"},
      {R"("\ud800x")", "22P02", R"(invalid input syntax for type json)", R"(Unicode low surrogate must follow a high surrogate.)"},
      {R"("\u12")", "22P02", R"(invalid input syntax for type json)", R"("\u" must be followed by four hexadecimal digits.)"},
      {R"("\u12G4")", "22P02", R"(invalid input syntax for type json)", R"("\u" must be followed by four hexadecimal digits.)"},
      {R"([1 x)", "22P02", R"(invalid input syntax for type json)", R"(Token "x" is invalid.)"},
      {R"({"a":1,})", "22P02", R"(invalid input syntax for type json)", R"(Expected string, but found "}".)"},
      {R"({,})", "22P02", R"(invalid input syntax for type json)", R"(Expected string or "}", but found ",".)"},
      {R"(-)", "22P02", R"(invalid input syntax for type json)", R"(Token "-" is invalid.)"},
      {R"(1.)", "22P02", R"(invalid input syntax for type json)", R"(Token "1." is invalid.)"},
      {R"(1.e5)", "22P02", R"(invalid input syntax for type json)", R"(Token "1.e5" is invalid.)"},
      {R"(.5)", "22P02", R"(invalid input syntax for type json)", R"(Token "." is invalid.)"},
      {R"(+1)", "22P02", R"(invalid input syntax for type json)", R"(Token "+" is invalid.)"},
      {R"(1e)", "22P02", R"(invalid input syntax for type json)", R"(Token "1e" is invalid.)"},
      {R"(1e+)", "22P02", R"(invalid input syntax for type json)", R"(Token "1e+" is invalid.)"},
      {R"(0x10)", "22P02", R"(invalid input syntax for type json)", R"(Token "0x10" is invalid.)"},
      {R"([1,2)", "22P02", R"(invalid input syntax for type json)", R"(The input string ended unexpectedly.)"},
      {R"([1,2})", "22P02", R"(invalid input syntax for type json)", R"(Expected "," or "]", but found "}".)"},
      {R"({"a":1])", "22P02", R"(invalid input syntax for type json)", R"(Expected "," or "}", but found "]".)"},
      {R"({"a":1 "b":2})", "22P02", R"(invalid input syntax for type json)", R"(Expected "," or "}", but found ""b"".)"},
      {R"({1:2})", "22P02", R"(invalid input syntax for type json)", R"(Expected string or "}", but found "1".)"},
      {R"(1 2)", "22P02", R"(invalid input syntax for type json)", R"(Expected end of input, but found "2".)"},
      {R"(tru)", "22P02", R"(invalid input syntax for type json)", R"(Token "tru" is invalid.)"},
      {R"(nul)", "22P02", R"(invalid input syntax for type json)", R"(Token "nul" is invalid.)"},
      {R"(True)", "22P02", R"(invalid input syntax for type json)", R"(Token "True" is invalid.)"},
      {R"(@)", "22P02", R"(invalid input syntax for type json)", R"(Token "@" is invalid.)"},
      {R"([1,])", "22P02", R"(invalid input syntax for type json)", R"(Expected JSON value, but found "]".)"},
      {R"({"a"})", "22P02", R"(invalid input syntax for type json)", R"(Expected ":", but found "}".)"},
      {R"({"a":})", "22P02", R"(invalid input syntax for type json)", R"(Expected JSON value, but found "}".)"},
      {R"("\)", "22P02", R"(invalid input syntax for type json)", R"(Token ""\" is invalid.)"},
      {R"("\u)", "22P02", R"(invalid input syntax for type json)", R"(Token ""\u" is invalid.)"},
      {R"(abc def)", "22P02", R"(invalid input syntax for type json)", R"(Token "abc" is invalid.)"},
      {R"([1] [2])", "22P02", R"(invalid input syntax for type json)", R"(Expected end of input, but found "[".)"},
      {R"(NaN)", "22P02", R"(invalid input syntax for type json)", R"(Token "NaN" is invalid.)"},
      {R"(Infinity)", "22P02", R"(invalid input syntax for type json)", R"(Token "Infinity" is invalid.)"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    Failure f = ParseError(c.in);
    CHECK(f.code == c.code);
    CHECK(f.message == c.message);
    CHECK(f.detail == c.detail);
  }
}

TEST_CASE("jsonb sorts as PostgreSQL's btree opclass", "[jsonb]") {
  // SELECT v FROM (VALUES ...) ORDER BY v::jsonb, v in PostgreSQL 15.
  const std::vector<std::string> sorted = {
      R"([])",
      R"(null)",
      R"("")",
      R"("B")",
      R"("a")",
      R"("ab")",
      R"("b")",
      R"(-1)",
      R"(0)",
      R"(1.5)",
      R"(1.50)",
      R"(10)",
      R"(false)",
      R"(true)",
      R"([null])",
      R"(["a"])",
      R"([1])",
      R"([2])",
      R"([true])",
      R"([[]])",
      R"([{}])",
      R"([1,"a"])",
      R"([1,2])",
      R"([false,1])",
      R"({})",
      R"({"a":null})",
      R"({"a":"x"})",
      R"({"a":1})",
      R"({"a":2})",
      R"({"a":[1]})",
      R"({"a":{}})",
      R"({"aa":1})",
      R"({"b":1})",
      R"({"a":1,"b":2})",
  };
  std::vector<Datum> values;
  for (const std::string& s : sorted) values.push_back(*ParseText(kJsonb, s));
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); ++j) {
      INFO(sorted[i] << " vs " << sorted[j]);
      int expected = i < j ? -1 : i > j ? 1 : 0;
      // 1.5 and 1.50 are equal jsonb values.
      if ((sorted[i] == "1.5" && sorted[j] == "1.50") || (sorted[i] == "1.50" && sorted[j] == "1.5")) expected = 0;
      CHECK(Compare(kJsonb, values[i], values[j]) == expected);
    }
  }
}

TEST_CASE("jsonb binary form is a version byte and the text", "[jsonb]") {
  Datum d = *ParseText(kJsonb, R"({"b": [1, 2.50], "a": "x"})");
  std::string bytes;
  REQUIRE(AppendBinary(kJsonb, d, bytes).ok());
  CHECK(bytes == std::string("\x01") + R"({"a": "x", "b": [1, 2.50]})");
  absl::StatusOr<Datum> back = ParseBinary(kJsonb, bytes);
  REQUIRE(back.ok());
  CHECK(*back == d);
  // jsonb_recv parses what follows the version byte like jsonb_in.
  back = ParseBinary(kJsonb, std::string("\x01") + R"({"z":1, "a" : 2})");
  REQUIRE(back.ok());
  CHECK(ToText(kJsonb, *back) == R"({"a": 2, "z": 1})");
  absl::StatusOr<Datum> bad = ParseBinary(kJsonb, std::string("\x02") + "1");
  REQUIRE_FALSE(bad.ok());
  CHECK(ToErrorInfo(bad.status()).message == "unsupported jsonb version number 2");
}

TEST_CASE("jsonb values build and serialize canonically", "[jsonb]") {
  using jsonb::Value;
  Value obj = Value::Object({{"b", Value::Number("1")},
                             {"a", Value::String("x\ny")},
                             {"b", Value::Array({Value::Bool(true), Value::Null()})}});
  CHECK(jsonb::ToText(obj) == R"({"a": "x\ny", "b": [true, null]})");
  obj.Set("aa", Value::Object());
  obj.Set("a", Value::Number("2.0"));
  CHECK(jsonb::ToText(obj) == R"({"a": 2.0, "b": [true, null], "aa": {}})");
  CHECK(obj.Erase("b"));
  CHECK_FALSE(obj.Erase("zz"));
  REQUIRE(obj.Find("aa") != nullptr);
  CHECK(obj.Find("aa")->kind() == Value::Kind::kObject);
  CHECK(obj.Find("b") == nullptr);
  CHECK(jsonb::ToText(jsonb::FromDatum(jsonb::ToDatum(obj))) == jsonb::ToText(obj));

  std::string quoted;
  jsonb::AppendQuoted(std::string("\x01\x1f\x7f/\"\\\b\f\n\r\t\xc3\xa9", 13), quoted);
  CHECK(quoted == "\"\\u0001\\u001f\x7f/\\\"\\\\\\b\\f\\n\\r\\t\xc3\xa9\"");
}

TEST_CASE("jsonb_pretty's format", "[jsonb]") {
  // SELECT jsonb_pretty(...) in PostgreSQL 15.
  absl::StatusOr<jsonb::Value> v = jsonb::Parse(R"({"a":[], "b":{}, "c":[1,{"d":null}], "e":"x"})");
  REQUIRE(v.ok());
  CHECK(jsonb::ToPrettyText(*v) ==
        "{\n"
        "    \"a\": [\n"
        "    ],\n"
        "    \"b\": {\n"
        "    },\n"
        "    \"c\": [\n"
        "        1,\n"
        "        {\n"
        "            \"d\": null\n"
        "        }\n"
        "    ],\n"
        "    \"e\": \"x\"\n"
        "}");
  CHECK(jsonb::ToPrettyText(*jsonb::Parse("1")) == "1");
  CHECK(jsonb::ToPrettyText(*jsonb::Parse("[]")) == "[\n]");
}

}  // namespace
}  // namespace freshet::types
