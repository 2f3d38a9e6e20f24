// String functions: bytea, digests, encode and decode. Every expected value and error below was recorded
// from PostgreSQL 15 (UTF8, C collation) running the same call.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types/datum.h"
#include "types/type.h"

// The call helpers of string_call.cc (tests may not share a header here).
namespace freshet::functions::string_test {
struct Arg {
  types::Type type;
  types::Datum value;
};
Arg T(std::string s);
Arg Bp(std::string s);
Arg Hex(std::string_view hex);
Arg I4(int64_t v);
Arg I8(int64_t v);
Arg Bool(bool v);
Arg NullText();
Arg NullBytea();
Arg NullInt4();
Arg NullInt8();
Arg NullBool();
inline constexpr bool kOperator = true;
inline constexpr char kNull[] = "<NULL>";
std::string Out(std::string_view name, std::vector<Arg> args, bool is_operator = false);
std::string Err(std::string_view name, std::vector<Arg> args, bool is_operator = false);
}  // namespace freshet::functions::string_test

using namespace freshet::functions::string_test;  // NOLINT(google-build-using-namespace)

TEST_CASE("bytea operators and functions", "[string]") {
  CHECK(Out("||", {Hex("0102"), Hex("ff")}, kOperator) == "\\x0102ff");
  CHECK(Out("||", {Hex(""), Hex("")}, kOperator) == "\\x");
  CHECK(Out("length", {Hex("0001027f80feff5c")}) == "8");
  CHECK(Out("length", {Hex("")}) == "0");
  CHECK(Out("octet_length", {Hex("0001027f80feff5c")}) == "8");
  CHECK(Out("bit_length", {Hex("0001027f80feff5c")}) == "64");
  CHECK(Out("substr", {Hex("0001027f80feff5c"), I4(2)}) == "\\x01027f80feff5c");
  CHECK(Out("substr", {Hex("0001027f80feff5c"), I4(2), I4(3)}) == "\\x01027f");
  CHECK(Out("substr", {Hex("0001027f80feff5c"), I4(-1), I4(3)}) == "\\x00");
  CHECK(Out("substr", {Hex("0001027f80feff5c"), I4(9)}) == "\\x");
  CHECK(Out("substr", {Hex("0001027f80feff5c"), I4(0), I4(0)}) == "\\x");
  CHECK(Err("substr", {Hex("0001027f80feff5c"), I4(1), I4(-1)}) == "22011: negative substring length not allowed");
  CHECK(Out("substring", {Hex("0001027f80feff5c"), I4(7), I4(5)}) == "\\xff5c");
  CHECK(Out("substring", {Hex("0001027f80feff5c"), I4(3)}) == "\\x027f80feff5c");
  CHECK(Out("position", {Hex("0001027f80feff5c"), Hex("7f80")}) == "4");
  CHECK(Out("position", {Hex("0001027f80feff5c"), Hex("")}) == "1");
  CHECK(Out("position", {Hex("0001027f80feff5c"), Hex("aa")}) == "0");
  CHECK(Out("get_byte", {Hex("0001027f80feff5c"), I4(0)}) == "0");
  CHECK(Out("get_byte", {Hex("0001027f80feff5c"), I4(6)}) == "255");
  CHECK(Err("get_byte", {Hex("0001027f80feff5c"), I4(8)}) == "2202E: index 8 out of valid range, 0..7");
  CHECK(Err("get_byte", {Hex("0001027f80feff5c"), I4(-1)}) == "2202E: index -1 out of valid range, 0..7");
  CHECK(Err("get_byte", {Hex(""), I4(0)}) == "2202E: index 0 out of valid range, 0..-1");
  CHECK(Out("set_byte", {Hex("0001027f80feff5c"), I4(0), I4(65)}) == "\\x4101027f80feff5c");
  CHECK(Out("set_byte", {Hex("0001027f80feff5c"), I4(7), I4(300)}) == "\\x0001027f80feff2c");
  CHECK(Out("set_byte", {Hex("0001027f80feff5c"), I4(7), I4(-1)}) == "\\x0001027f80feffff");
  CHECK(Err("set_byte", {Hex("0001027f80feff5c"), I4(8), I4(1)}) == "2202E: index 8 out of valid range, 0..7");
  CHECK(Out("btrim", {Hex("0102030201"), Hex("0102")}) == "\\x03");
  CHECK(Out("ltrim", {Hex("0102030201"), Hex("0102")}) == "\\x030201");
  CHECK(Out("rtrim", {Hex("0102030201"), Hex("0102")}) == "\\x010203");
  CHECK(Out("btrim", {Hex("0102"), Hex("")}) == "\\x0102");
  CHECK(Out("overlay", {Hex("01020304"), Hex("ff"), I4(2)}) == "\\x01ff0304");
  CHECK(Out("overlay", {Hex("01020304"), Hex("ffee"), I4(2), I4(0)}) == "\\x01ffee020304");
  CHECK(Err("overlay", {Hex("01020304"), Hex("ff"), I4(0)}) == "22011: negative substring length not allowed");
}

TEST_CASE("md5 and sha", "[string]") {
  CHECK(Out("md5", {T("")}) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(Out("md5", {T("héllo")}) == "be50e8478cf24ff3595bc7307fb91b50");
  CHECK(Out("md5", {Hex("")}) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(Out("md5", {Hex("0001027f80feff5c")}) == "5897d38922256a3983fa76c74b00b536");
  CHECK(Out("sha224", {Hex("")}) == "\\xd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f");
  CHECK(Out("sha256", {Hex("616263")}) == "\\xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Out("sha384", {Hex("0001027f80feff5c")}) == "\\x666b2dc51e37c1b49c84dc6eb44194f5c2ebe066743e5683a9e8ea84a5ae70a37e01b377882bd64bd07723990a0926d2");
  CHECK(Out("sha512", {Hex("")}) == "\\xcf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
}

TEST_CASE("encode", "[string]") {
  CHECK(Out("encode", {Hex("0001027f80feff5c"), T("hex")}) == "0001027f80feff5c");
  CHECK(Out("encode", {Hex("0001027f80feff5c"), T("HEX")}) == "0001027f80feff5c");
  CHECK(Out("encode", {Hex(""), T("hex")}) == "");
  CHECK(Out("encode", {Hex("0001027f80feff5c"), T("base64")}) == "AAECf4D+/1w=");
  CHECK(Out("encode", {Hex(""), T("base64")}) == "");
  CHECK(Out("encode", {Hex("61"), T("base64")}) == "YQ==");
  CHECK(Out("encode", {Hex("6162"), T("Base64")}) == "YWI=");
  CHECK(Out("encode", {Hex("787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"), T("base64")}) == "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\n");
  CHECK(Out("encode", {Hex("78787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"), T("base64")}) == "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neA==");
  CHECK(Out("encode", {Hex("787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878"), T("base64")}) == "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neHh4eHh4");
  CHECK(Out("encode", {Hex("0001027f80feff5c"), T("escape")}) == "\\000\001\002\177\\200\\376\\377\\\\");
  CHECK(Out("encode", {Hex("c3a9"), T("escape")}) == "\\303\\251");
  CHECK(Out("encode", {Hex(""), T("escape")}) == "");
  CHECK(Err("encode", {Hex("0001027f80feff5c"), T("foo")}) == "22023: unrecognized encoding: \"foo\"");
  CHECK(Err("encode", {Hex("0001027f80feff5c"), T("")}) == "22023: unrecognized encoding: \"\"");
}

TEST_CASE("decode", "[string]") {
  CHECK(Out("decode", {T("00ff5C"), T("hex")}) == "\\x00ff5c");
  CHECK(Out("decode", {T(" 61 62\n63\t"), T("hex")}) == "\\x616263");
  CHECK(Out("decode", {T(""), T("hex")}) == "\\x");
  CHECK(Err("decode", {T("0g"), T("hex")}) == "22023: invalid hexadecimal digit: \"g\"");
  CHECK(Err("decode", {T("0"), T("hex")}) == "22023: invalid hexadecimal data: odd number of digits");
  CHECK(Err("decode", {T("6 1"), T("hex")}) == "22023: invalid hexadecimal digit: \" \"");
  CHECK(Err("decode", {T("é1"), T("hex")}) == "22023: invalid hexadecimal digit: \"é\"");
  CHECK(Out("decode", {T("YWJj"), T("base64")}) == "\\x616263");
  CHECK(Out("decode", {T("YQ=="), T("base64")}) == "\\x61");
  CHECK(Out("decode", {T("YWI="), T("base64")}) == "\\x6162");
  CHECK(Out("decode", {T("YW\nJj ZA=="), T("base64")}) == "\\x61626364");
  CHECK(Out("decode", {T(""), T("base64")}) == "\\x");
  CHECK(Err("decode", {T("YQ"), T("base64")}) == "22023: invalid base64 end sequence");
  CHECK(Out("decode", {T("YQ=a"), T("base64")}) == "\\x61");
  CHECK(Err("decode", {T("Y==="), T("base64")}) == "22023: unexpected \"=\" while decoding base64 sequence");
  CHECK(Err("decode", {T("="), T("base64")}) == "22023: unexpected \"=\" while decoding base64 sequence");
  CHECK(Err("decode", {T("YQ!="), T("base64")}) == "22023: invalid symbol \"!\" found while decoding base64 sequence");
  CHECK(Err("decode", {T("YQé="), T("base64")}) == "22023: invalid symbol \"é\" found while decoding base64 sequence");
  CHECK(Out("decode", {T("YQ==YQ=="), T("base64")}) == "\\x6161");
  CHECK(Out("decode", {T("a\\\\b\\001\\377"), T("escape")}) == "\\x615c6201ff");
  CHECK(Out("decode", {T("é"), T("escape")}) == "\\xc3a9");
  CHECK(Err("decode", {T("a\\"), T("escape")}) == "22P02: invalid input syntax for type bytea");
  CHECK(Err("decode", {T("\\400"), T("escape")}) == "22P02: invalid input syntax for type bytea");
  CHECK(Err("decode", {T("\\12"), T("escape")}) == "22P02: invalid input syntax for type bytea");
  CHECK(Out("decode", {T("x"), T("ESCAPE")}) == "\\x78");
  CHECK(Err("decode", {T("00"), T("bar")}) == "22023: unrecognized encoding: \"bar\"");
}

