// Array text and binary forms, encodings and ordering. Every expected text,
// SQLSTATE, message and detail below is what PostgreSQL 15 answers for
// `SELECT '<input>'::<type>`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "common/error.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/format.h"

using freshet::ErrorInfo;
using freshet::ToErrorInfo;
using freshet::types::ArrayOf;
using freshet::types::Compare;
using freshet::types::Datum;
using freshet::types::ParseBinary;
using freshet::types::ParseText;
using freshet::types::ToText;
using freshet::types::Type;
using freshet::types::TypeFromName;
using freshet::types::TypeId;
namespace array = freshet::types::array;

namespace {

// "int4[]" or "int2vector".
Type T(std::string name) {
  if (name.size() > 2 && name.substr(name.size() - 2) == "[]") {
    return ArrayOf(Type{*TypeFromName(name.substr(0, name.size() - 2))});
  }
  return Type{*TypeFromName(name)};
}

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

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
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
    {"int4[]", "{1,2,3}", "{1,2,3}", "", "", ""},
    {"int4[]", "{}", "{}", "", "", ""},
    {"int4[]", "  {  }  ", "{}", "", "", ""},
    {"int4[]", "{1,NULL,3}", "{1,NULL,3}", "", "", ""},
    {"int4[]", "{{1,2},{3,4}}", "{{1,2},{3,4}}", "", "", ""},
    {"int4[]", "{ { 1 , 2 } , { 3 , 4 } }", "{{1,2},{3,4}}", "", "", ""},
    {"int4[]", "[0:2]={1,2,3}", "[0:2]={1,2,3}", "", "", ""},
    {"int4[]", "[-2:-1][3:4]={{1,2},{3,4}}", "[-2:-1][3:4]={{1,2},{3,4}}", "", "", ""},
    {"int4[]", "[1:2]={1,2}", "{1,2}", "", "", ""},
    {"text[]", "{\"{x}\",\"  lead\",\"trail  \"}", "{\"{x}\",\"  lead\",\"trail  \"}", "", "", ""},
    {"text[]", "{a\\,b,c\\ d}", "{\"a,b\",\"c d\"}", "", "", ""},
    {"text[]", "{   spaced out   ,x}", "{\"spaced out\",x}", "", "", ""},
    {"text[]", "{é,\"日本 語\",ü}", "{é,\"日本 語\",ü}", "", "", ""},
    {"text[]", "{\"a\tb\"}", "{\"a\tb\"}", "", "", ""},
    {"float8[]", "{1.5,NaN,-Infinity,1e300}", "{1.5,NaN,-Infinity,1e+300}", "", "", ""},
    {"bool[]", "{t,false,yes,NULL}", "{t,f,t,NULL}", "", "", ""},
    {"int8[]", "{9223372036854775807,-9223372036854775808}", "{9223372036854775807,-9223372036854775808}", "", "", ""},
    {"int4[]", "{{{1}},{{2}}}", "{{{1}},{{2}}}", "", "", ""},
    {"text[]", "{{\"a b\",NULL},{c,\"\"}}", "{{\"a b\",NULL},{c,\"\"}}", "", "", ""},
    {"int4[]", "{1,2", "", "22P02", "malformed array literal: \"{1,2\"", "Unexpected end of input."},
    {"int4[]", "  {1,2", "", "22P02", "malformed array literal: \"{1,2\"", "Unexpected end of input."},
    {"int4[]", "{{1},{2,3}}", "", "22P02", "malformed array literal: \"{{1},{2,3}}\"", "Multidimensional arrays must have sub-arrays with matching dimensions."},
    {"int4[]", "[1:2]={1}", "", "22P02", "malformed array literal: \"[1:2]={1}\"", "Specified array dimensions do not match array contents."},
    {"int4[]", "[0:1]", "", "22P02", "malformed array literal: \"[0:1]\"", "Missing \"=\" after array dimensions."},
    {"int4[]", "{1,2}x", "", "22P02", "malformed array literal: \"{1,2}x\"", "Junk after closing right brace."},
    {"int4[]", "{1,{2}}", "", "22P02", "malformed array literal: \"{1,{2}}\"", "Unexpected \"{\" character."},
    {"int4[]", "{{1},2}", "", "22P02", "malformed array literal: \"{{1},2}\"", "Unexpected array element."},
    {"int4[]", "1", "", "22P02", "malformed array literal: \"1\"", "Array value must start with \"{\" or dimension information."},
    {"int4[]", "", "", "22P02", "malformed array literal: \"\"", "Array value must start with \"{\" or dimension information."},
    {"int4[]", "{{}}", "", "22P02", "malformed array literal: \"{{}}\"", "Unexpected \"}\" character."},
    {"int4[]", "[1:0]={}", "", "2202E", "upper bound cannot be less than lower bound", ""},
    {"int4[]", "[1:1]={}", "", "22P02", "malformed array literal: \"[1:1]={}\"", "Specified array dimensions do not match array contents."},
    {"int4[]", "{x}", "", "22P02", "invalid input syntax for type integer: \"x\"", ""},
    {"int4[]", "{,}", "", "22P02", "malformed array literal: \"{,}\"", "Unexpected \",\" character."},
    {"int4[]", "{1,}", "", "22P02", "malformed array literal: \"{1,}\"", "Unexpected \"}\" character."},
    {"int4[]", "{1 2}", "", "22P02", "invalid input syntax for type integer: \"1 2\"", ""},
    {"text[]", "{\"a\"b}", "", "22P02", "malformed array literal: \"{\"a\"b}\"", "Unexpected array element."},
    {"text[]", "{a\"b\"}", "", "22P02", "malformed array literal: \"{a\"b\"}\"", "Unexpected array element."},
    {"text[]", "{ \"a\" b}", "", "22P02", "malformed array literal: \"{ \"a\" b}\"", "Unexpected array element."},
    {"int4[]", "[2]={1,2}", "{1,2}", "", "", ""},
    {"int4[]", "[1:2]{1,2}", "", "22P02", "malformed array literal: \"[1:2]{1,2}\"", "Missing \"=\" after array dimensions."},
    {"int4[]", "[1:2]=1", "", "22P02", "malformed array literal: \"[1:2]=1\"", "Array contents must start with \"{\"."},
    {"int4[]", "[a]={1}", "", "22P02", "malformed array literal: \"[a]={1}\"", "\"[\" must introduce explicitly-specified array dimensions."},
    {"int4[]", "[1:]={1}", "", "22P02", "malformed array literal: \"[1:]={1}\"", "Missing array dimension value."},
    {"int4[]", "[1", "", "22P02", "malformed array literal: \"[1\"", "Missing \"]\" after array dimensions."},
    {"int4[]", "{{{{{{{1}}}}}}}", "", "54000", "number of array dimensions (7) exceeds the maximum allowed (6)", ""},
    {"int4[]", "{1}}", "", "22P02", "malformed array literal: \"{1}}\"", "Junk after closing right brace."},
    {"text[]", "{\"abc}", "", "22P02", "malformed array literal: \"{\"abc}\"", "Unexpected end of input."},
    {"text[]", "{abc\\", "", "22P02", "malformed array literal: \"{abc\\\"", "Unexpected end of input."},
    {"int4[]", "{99999999999}", "", "22003", "value \"99999999999\" is out of range for type integer", ""},
    {"int2vector", "1 2  3", "1 2 3", "", "", ""},
    {"int2vector", "", "", "", "", ""},
    {"int2vector", "  7  ", "7", "", "", ""},
    {"int2vector", "1,2", "", "22P02", "invalid input syntax for type smallint: \"1,2\"", ""},
    {"int2vector", "1 x", "", "22P02", "invalid input syntax for type smallint: \"x\"", ""},
    {"int2vector", "1 99999", "", "22003", "value \"99999\" is out of range for type smallint", ""},
    {"int2vector", "-32768 32767", "-32768 32767", "", "", ""},
    {"int4[]", "[1:1][1:2]={{1,2}}", "{{1,2}}", "", "", ""},
    {"int4[]", "[1:1]={{1,2}}", "", "22P02", "malformed array literal: \"[1:1]={{1,2}}\"", "Specified array dimensions do not match array contents."},
    {"int4[]", "{{1,2},{3,4}} ", "{{1,2},{3,4}}", "", "", ""},
    {"text[]", "{a,b c,\"d,e\",\"f\\\"g\",\"h\\\\i\",\"{,}\",\"\",NULL,\"NULL\",null,nuLL}", "{a,\"b c\",\"d,e\",\"f\\\"g\",\"h\\\\i\",\"{,}\",\"\",NULL,\"NULL\",NULL,NULL}", "", "", ""},
    {"text[]", "{\"\\\\x01\"}", "{\"\\\\x01\"}", "", "", ""},
    {"bytea[]", "{\"\\\\x01ff\",NULL}", "{\"\\\\x01ff\",NULL}", "", "", ""},
    {"numeric[]", "{1.50,-2}", "{1.50,-2}", "", "", ""},
    {"text[]", "{\"a\\\\\"}", "{\"a\\\\\"}", "", "", ""},
    {"int4[]", "{ 1 , NULL }", "{1,NULL}", "", "", ""},
    {"text[]", "{ \"\" , \" \" }", "{\"\",\" \"}", "", "", ""},
    {"text[]", "{x \"y\"}", "", "22P02", "malformed array literal: \"{x \"y\"}\"", "Unexpected array element."},
    {"int4[]", "{}}", "", "22P02", "malformed array literal: \"{}}\"", "Junk after closing right brace."},
    {"int4[]", "}", "", "22P02", "malformed array literal: \"}\"", "Array value must start with \"{\" or dimension information."},
    {"int4[]", "[1:2][1:1]={{1},{2}}", "{{1},{2}}", "", "", ""},
    {"int4[]", " [0:0] = {5} ", "[0:0]={5}", "", "", ""},
    {"int4[]", "[2147483647:2147483647]={1}", "", "54000", "array lower bound is too large: 2147483647", ""},
};

}  // namespace

TEST_CASE("array text input and output match PostgreSQL") {
  for (const TextCase& c : kTextCases) {
    INFO(c.type << " '" << c.input << "'");
    absl::StatusOr<Datum> d = ParseText(T(c.type), c.input);
    if (std::string(c.code).empty()) {
      REQUIRE(d.ok());
      CHECK(ToText(T(c.type), *d) == c.output);
      // The output reads back as the same value, with the same bytes.
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

TEST_CASE("array encoding is canonical and decodes to dimensions and elements") {
  Datum a = Parse("int4[]", "{{1,2},{3,NULL}}");
  absl::StatusOr<array::ArrayValue> v = array::Decode(a);
  REQUIRE(v.ok());
  CHECK(v->dims == std::vector<int>{2, 2});
  CHECK(v->lower_bounds == std::vector<int>{1, 1});
  REQUIRE(v->elements.size() == 4);
  CHECK(v->elements[2] == Datum::FromInt(3));
  CHECK(v->elements[3].is_null());
  CHECK(array::Encode(*v) == a);
  // Equal arrays written differently have equal bytes.
  CHECK(Parse("int4[]", "{ {1,2} , {3,null} }") == a);
  CHECK(Parse("int4[]", "[1:2][1:2]={{1,2},{3,NULL}}") == a);
  CHECK(Parse("int4[]", "{}") == array::Encode(array::ArrayValue{}));
  CHECK(array::FromElements({}) == Parse("int4[]", "{}"));
  CHECK(array::FromElements({Datum::FromInt(1), Datum()}) == Parse("int4[]", "{1,NULL}"));
  CHECK_FALSE(array::Decode(Datum::FromString("garbage")).ok());
}

TEST_CASE("array binary form is array_send's") {
  struct BinaryCase {
    const char* type;
    const char* text;
    const char* hex;  // SELECT array_send('<text>'::<type>) (int2vectorsend for int2vector)
  };
  const BinaryCase cases[] = {
      {"int4[]", "{1,NULL}", "00000001000000010000001700000002000000010000000400000001ffffffff"},
      {"int4[]", "{}", "000000000000000000000017"},
      {"int2vector", "1 2", "0000000100000000000000150000000200000000000000020001000000020002"},
      {"text[]", "[0:1]={a,bc}", "000000010000000000000019000000020000000000000001610000000262 63"},
      {"int8[]", "{{1},{2}}",
       "000000020000000000000014000000020000000100000001000000010000000800000000000000010000000800000000000000"
       "02"},
      {"bool[]", "{t}", "00000001000000000000001000000001000000010000000101"},
  };
  for (const BinaryCase& c : cases) {
    INFO(c.type << " " << c.text);
    std::string hex = c.hex;
    hex.erase(std::remove(hex.begin(), hex.end(), ' '), hex.end());
    Datum d = Parse(c.type, c.text);
    std::string bytes;
    REQUIRE(freshet::types::AppendBinary(T(c.type), d, bytes).ok());
    CHECK(Hex(bytes) == hex);
    absl::StatusOr<Datum> back = ParseBinary(T(c.type), bytes);
    REQUIRE(back.ok());
    CHECK(*back == d);
  }
}

TEST_CASE("array binary input rejects what array_recv rejects") {
  auto error = [](const char* type, const std::string& hex) {
    absl::StatusOr<Datum> d = ParseBinary(T(type), Unhex(hex));
    REQUIRE_FALSE(d.ok());
    return ToErrorInfo(d.status());
  };
  CHECK(error("int4[]", "ffffffff0000000000000017").message == "invalid number of dimensions: -1");
  CHECK(error("int4[]", "000000000000000200000017").message == "invalid array flags");
  ErrorInfo wrong_type = error("int4[]", "000000000000000000000019");
  CHECK(wrong_type.code == "42804");
  CHECK(wrong_type.message == "binary data has array element type 25 (text) instead of expected 23 (int4)");
  CHECK(error("int4[]", "0000000100000000000000170000000200000001000000040000000").message ==
        "insufficient data left in message");
  CHECK(error("int4[]", "0000000100000000000000170000000100000001000000050000000001").message ==
        "improper binary format in array element 1");
  CHECK(error("int2vector", "000000010000000000000015000000010000000100000002000").code == "22P03");
  CHECK(error("int2vector", "0000000100000000000000150000000100000001000000020001").message ==
        "invalid int2vector data");
}

TEST_CASE("arrays order as array_cmp") {
  const Type ints = T("int4[]");
  auto cmp = [&](const char* a, const char* b) { return Compare(ints, Parse("int4[]", a), Parse("int4[]", b)); };
  // Each checked in PostgreSQL 15 with `SELECT a < b`.
  CHECK(cmp("{1,2}", "{1,NULL}") == -1);   // NULL sorts above every value
  CHECK(cmp("{NULL}", "{NULL}") == 0);
  CHECK(cmp("{1,2}", "{1,2,3}") == -1);    // a prefix sorts first
  CHECK(cmp("{2}", "{1,2,3}") == 1);       // elements before lengths
  CHECK(cmp("{{1,2}}", "{1,2}") == 1);     // then the number of dimensions
  CHECK(cmp("{{1,2},{3,4}}", "{{1},{2},{3},{4}}") == -1);  // then the dimensions
  CHECK(cmp("[0:1]={1,2}", "{1,2}") == -1);  // then the lower bounds
  CHECK(cmp("{}", "{1}") == -1);
  CHECK(cmp("{}", "{}") == 0);
  CHECK(cmp("{10}", "{9}") == 1);  // by value, not by text
  const Type texts = T("text[]");
  CHECK(Compare(texts, Parse("text[]", "{b}"), Parse("text[]", "{a,z}")) == 1);
  CHECK(Compare(T("float8[]"), Parse("float8[]", "{NaN}"), Parse("float8[]", "{Infinity}")) == 1);
}
