// String functions: text. Every expected value and error below was recorded
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

TEST_CASE("length, char_length, octet_length, bit_length", "[string]") {
  CHECK(Out("length", {T("")}) == "0");
  CHECK(Out("length", {T("hello")}) == "5");
  CHECK(Out("length", {T("héllo wörld")}) == "11");
  CHECK(Out("length", {T("日本語テキスト")}) == "7");
  CHECK(Out("length", {T("a😀b")}) == "3");
  CHECK(Out("char_length", {T("héllo wörld")}) == "11");
  CHECK(Out("character_length", {T("a😀b")}) == "3");
  CHECK(Out("length", {Bp("ab   ")}) == "2");
  CHECK(Out("char_length", {Bp("é  ")}) == "1");
  CHECK(Out("character_length", {Bp("   ")}) == "0");
  CHECK(Out("octet_length", {T("héllo wörld")}) == "13");
  CHECK(Out("octet_length", {T("")}) == "0");
  CHECK(Out("octet_length", {Bp("ab   ")}) == "5");
  CHECK(Out("bit_length", {T("héllo wörld")}) == "104");
  CHECK(Out("bit_length", {T("")}) == "0");
}

TEST_CASE("lower, upper, initcap (C collation: ASCII only)", "[string]") {
  CHECK(Out("lower", {T("HeLLo ÉCOLE")}) == "hello École");
  CHECK(Out("upper", {T("hello école ß")}) == "HELLO éCOLE ß");
  CHECK(Out("lower", {T("")}) == "");
  CHECK(Out("initcap", {T("hello WORLD")}) == "Hello World");
  CHECK(Out("initcap", {T("éa hello-wORLD foo_bar x1y 2nd")}) == "éA Hello-World Foo_Bar X1y 2nd");
  CHECK(Out("initcap", {T("")}) == "");
  CHECK(Out("initcap", {T("ǆx déjà")}) == "ǆX DéJà");
}

TEST_CASE("substr and substring", "[string]") {
  CHECK(Out("substr", {T("héllo wörld"), I4(2)}) == "éllo wörld");
  CHECK(Out("substr", {T("héllo wörld"), I4(2), I4(3)}) == "éll");
  CHECK(Out("substr", {T("héllo wörld"), I4(0), I4(3)}) == "hé");
  CHECK(Out("substr", {T("héllo wörld"), I4(-1), I4(3)}) == "h");
  CHECK(Out("substr", {T("héllo wörld"), I4(-5), I4(3)}) == "");
  CHECK(Out("substr", {T("héllo wörld"), I4(-5)}) == "héllo wörld");
  CHECK(Out("substr", {T("héllo wörld"), I4(20)}) == "");
  CHECK(Out("substr", {T("héllo wörld"), I4(11), I4(1)}) == "d");
  CHECK(Out("substr", {T("héllo wörld"), I4(3), I4(0)}) == "");
  CHECK(Err("substr", {T("héllo wörld"), I4(1), I4(-1)}) == "22011: negative substring length not allowed");
  CHECK(Out("substr", {T(""), I4(1), I4(1)}) == "");
  CHECK(Out("substr", {T("日本語テキスト"), I4(3), I4(2)}) == "語テ");
  CHECK(Out("substr", {T("a😀b"), I4(2), I4(1)}) == "😀");
  CHECK(Out("substr", {T("abc"), I4(2), I4(2147483647)}) == "bc");
  CHECK(Out("substr", {T("abc"), I4(-2147483648), I4(2147483647)}) == "");
  CHECK(Out("substr", {T("abc"), I4(-2147483647), I4(2147483647)}) == "");
  CHECK(Out("substring", {T("héllo wörld"), I4(3)}) == "llo wörld");
  CHECK(Out("substring", {T("héllo wörld"), I4(3), I4(4)}) == "llo ");
  CHECK(Err("substring", {T("abc"), I4(1), I4(-3)}) == "22011: negative substring length not allowed");
}

TEST_CASE("left and right", "[string]") {
  CHECK(Out("left", {T("héllo wörld"), I4(3)}) == "hél");
  CHECK(Out("left", {T("héllo wörld"), I4(-3)}) == "héllo wö");
  CHECK(Out("left", {T("héllo wörld"), I4(0)}) == "");
  CHECK(Out("left", {T("héllo wörld"), I4(-20)}) == "");
  CHECK(Out("left", {T("héllo wörld"), I4(50)}) == "héllo wörld");
  CHECK(Out("right", {T("héllo wörld"), I4(3)}) == "rld");
  CHECK(Out("right", {T("héllo wörld"), I4(-3)}) == "lo wörld");
  CHECK(Out("right", {T("héllo wörld"), I4(0)}) == "");
  CHECK(Out("right", {T("héllo wörld"), I4(-20)}) == "");
  CHECK(Out("right", {T("héllo wörld"), I4(50)}) == "héllo wörld");
  CHECK(Out("left", {T(""), I4(2)}) == "");
  CHECK(Out("right", {T("a😀b"), I4(2)}) == "😀b");
}

TEST_CASE("position, strpos, starts_with", "[string]") {
  CHECK(Out("position", {T("héllo wörld"), T("wö")}) == "7");
  CHECK(Out("position", {T("héllo wörld"), T("x")}) == "0");
  CHECK(Out("position", {T("héllo wörld"), T("")}) == "1");
  CHECK(Out("position", {T(""), T("")}) == "1");
  CHECK(Out("position", {T(""), T("a")}) == "0");
  CHECK(Out("strpos", {T("日本語テキスト"), T("テ")}) == "4");
  CHECK(Out("strpos", {T("a😀b"), T("b")}) == "3");
  CHECK(Out("strpos", {T("abcabc"), T("ca")}) == "3");
  CHECK(Out("starts_with", {T("héllo wörld"), T("hé")}) == "t");
  CHECK(Out("starts_with", {T("héllo wörld"), T("")}) == "t");
  CHECK(Out("starts_with", {T("ab"), T("abc")}) == "f");
  CHECK(Out("^@", {T("héllo wörld"), T("hél")}, kOperator) == "t");
  CHECK(Out("^@", {T("héllo wörld"), T("él")}, kOperator) == "f");
}

TEST_CASE("replace, split_part, translate", "[string]") {
  CHECK(Out("replace", {T("abcabc"), T("b"), T("XY")}) == "aXYcaXYc");
  CHECK(Out("replace", {T("abc"), T(""), T("x")}) == "abc");
  CHECK(Out("replace", {T(""), T("a"), T("x")}) == "");
  CHECK(Out("replace", {T("héllo wörld"), T("ö"), T("o")}) == "héllo world");
  CHECK(Out("replace", {T("aaaa"), T("aa"), T("b")}) == "bb");
  CHECK(Out("replace", {T("abc"), T("c"), T("")}) == "ab");
  CHECK(Out("split_part", {T("a,b,c"), T(","), I4(2)}) == "b");
  CHECK(Out("split_part", {T("a,b,c"), T(","), I4(4)}) == "");
  CHECK(Out("split_part", {T("a,b,c"), T(","), I4(-1)}) == "c");
  CHECK(Out("split_part", {T("a,b,c"), T(","), I4(-3)}) == "a");
  CHECK(Out("split_part", {T("a,b,c"), T(","), I4(-4)}) == "");
  CHECK(Err("split_part", {T("a,b,c"), T(","), I4(0)}) == "22023: field position must not be zero");
  CHECK(Out("split_part", {T(""), T(","), I4(1)}) == "");
  CHECK(Out("split_part", {T("abc"), T(""), I4(1)}) == "abc");
  CHECK(Out("split_part", {T("abc"), T(""), I4(-1)}) == "abc");
  CHECK(Out("split_part", {T("abc"), T(""), I4(2)}) == "");
  CHECK(Out("split_part", {T("abc"), T("x"), I4(1)}) == "abc");
  CHECK(Out("split_part", {T("abc"), T("x"), I4(2)}) == "");
  CHECK(Out("split_part", {T("a~~b~~c"), T("~~"), I4(2)}) == "b");
  CHECK(Out("split_part", {T("é·ü·ñ"), T("·"), I4(-2)}) == "ü");
  CHECK(Out("split_part", {T(",a,"), T(","), I4(1)}) == "");
  CHECK(Out("translate", {T("12345"), T("143"), T("ax")}) == "a2x5");
  CHECK(Out("translate", {T("héllo wörld"), T("éö"), T("eo")}) == "hello world");
  CHECK(Out("translate", {T("abc"), T(""), T("x")}) == "abc");
  CHECK(Out("translate", {T("aaa"), T("aa"), T("xy")}) == "xxx");
  CHECK(Out("translate", {T("a😀b"), T("😀"), T("ñ")}) == "añb");
}

TEST_CASE("concatenation", "[string]") {
  CHECK(Out("||", {T("ab"), T("cd")}, kOperator) == "abcd");
  CHECK(Out("||", {T(""), T("héllo wörld")}, kOperator) == "héllo wörld");
  CHECK(Out("textcat", {T("a"), T("é")}) == "aé");
  CHECK(Out("concat", {T("a"), NullText(), I4(1), Bool(true), T("é")}) == "a1té");
  CHECK(Out("concat", {NullText()}) == "");
  CHECK(Out("concat", {T("")}) == "");
  CHECK(Out("concat", {Hex("00ff"), I8(-5LL)}) == "\\x00ff-5");
  CHECK(Out("concat_ws", {T(","), T("a"), NullText(), T("b")}) == "a,b");
  CHECK(Out("concat_ws", {NullText(), T("a")}) == kNull);
  CHECK(Out("concat_ws", {T(""), T("a"), T("b")}) == "ab");
  CHECK(Out("concat_ws", {T("-"), I4(1), Bool(false), NullInt4()}) == "1-f");
  CHECK(Out("concat_ws", {T("—"), T("x"), T("y")}) == "x—y");
}

TEST_CASE("repeat and reverse", "[string]") {
  CHECK(Out("repeat", {T("ab"), I4(3)}) == "ababab");
  CHECK(Out("repeat", {T("é"), I4(2)}) == "éé");
  CHECK(Out("repeat", {T("ab"), I4(0)}) == "");
  CHECK(Out("repeat", {T("ab"), I4(-1)}) == "");
  CHECK(Out("repeat", {T(""), I4(5)}) == "");
  CHECK(Err("repeat", {T("ab"), I4(600000000)}) == "54000: requested length too large");
  CHECK(Out("reverse", {T("héllo wörld")}) == "dlröw olléh");
  CHECK(Out("reverse", {T("a😀b")}) == "b😀a");
  CHECK(Out("reverse", {T("")}) == "");
  CHECK(Out("reverse", {T("日本語テキスト")}) == "トスキテ語本日");
}

TEST_CASE("lpad and rpad", "[string]") {
  CHECK(Out("lpad", {T("hi"), I4(5)}) == "   hi");
  CHECK(Out("lpad", {T("hi"), I4(5), T("xy")}) == "xyxhi");
  CHECK(Out("lpad", {T("héllo wörld"), I4(3)}) == "hél");
  CHECK(Out("lpad", {T("héllo wörld"), I4(13), T("é")}) == "ééhéllo wörld");
  CHECK(Out("lpad", {T("hi"), I4(-1)}) == "");
  CHECK(Out("lpad", {T("hi"), I4(5), T("")}) == "hi");
  CHECK(Out("lpad", {T("hello"), I4(2), T("")}) == "he");
  CHECK(Out("lpad", {T(""), I4(3), T("ab")}) == "aba");
  CHECK(Err("lpad", {T("x"), I4(268435455)}) == "54000: requested length too large");
  CHECK(Out("rpad", {T("hi"), I4(5)}) == "hi   ");
  CHECK(Out("rpad", {T("hi"), I4(6), T("😀b")}) == "hi😀b😀b");
  CHECK(Out("rpad", {T("héllo wörld"), I4(4)}) == "héll");
  CHECK(Out("rpad", {T("hi"), I4(0), T("x")}) == "");
  CHECK(Out("rpad", {T("hi"), I4(4), T("")}) == "hi");
}

TEST_CASE("btrim, ltrim, rtrim", "[string]") {
  CHECK(Out("btrim", {T("  a b  ")}) == "a b");
  CHECK(Out("ltrim", {T("  a b  ")}) == "a b  ");
  CHECK(Out("rtrim", {T("  a b  ")}) == "  a b");
  CHECK(Out("btrim", {T("")}) == "");
  CHECK(Out("btrim", {T("   ")}) == "");
  CHECK(Out("btrim", {T("xyaxbyx"), T("xy")}) == "axb");
  CHECK(Out("ltrim", {T("xyaxbyx"), T("xy")}) == "axbyx");
  CHECK(Out("rtrim", {T("xyaxbyx"), T("xy")}) == "xyaxb");
  CHECK(Out("btrim", {T("éaé"), T("é")}) == "a");
  CHECK(Out("rtrim", {T("aé"), T("Ã")}) == "aé");
  CHECK(Out("btrim", {T("abc"), T("")}) == "abc");
  CHECK(Out("ltrim", {T("😀😀x😀"), T("😀")}) == "x😀");
  CHECK(Out("rtrim", {T("x😀😀"), T("😀")}) == "x");
}

TEST_CASE("ascii, chr, to_hex", "[string]") {
  CHECK(Out("ascii", {T("A")}) == "65");
  CHECK(Out("ascii", {T("é")}) == "233");
  CHECK(Out("ascii", {T("😀x")}) == "128512");
  CHECK(Out("ascii", {T("")}) == "0");
  CHECK(Out("chr", {I4(65)}) == "A");
  CHECK(Out("chr", {I4(233)}) == "é");
  CHECK(Out("chr", {I4(128512)}) == "😀");
  // psql does not print U+10FFFF; convert_to(chr(1114111), 'UTF8') is \xf48fbfbf.
  CHECK(Out("chr", {I4(1114111)}) == "\364\217\277\277");
  CHECK(Err("chr", {I4(0)}) == "54000: null character not permitted");
  CHECK(Err("chr", {I4(-1)}) == "22023: character number must be positive");
  CHECK(Err("chr", {I4(1114112)}) == "54000: requested character too large for encoding: 1114112");
  CHECK(Err("chr", {I4(55296)}) == "54000: requested character not valid for encoding: 55296");
  CHECK(Err("chr", {I4(57343)}) == "54000: requested character not valid for encoding: 57343");
  CHECK(Err("chr", {I4(2147483647)}) == "54000: requested character too large for encoding: 2147483647");
  CHECK(Out("to_hex", {I4(255)}) == "ff");
  CHECK(Out("to_hex", {I4(0)}) == "0");
  CHECK(Out("to_hex", {I4(-1)}) == "ffffffff");
  CHECK(Out("to_hex", {I4(-2147483648)}) == "80000000");
  CHECK(Out("to_hex", {I8(9223372036854775807LL)}) == "7fffffffffffffff");
  CHECK(Out("to_hex", {I8(-1LL)}) == "ffffffffffffffff");
  CHECK(Out("to_hex", {I8(4294967296LL)}) == "100000000");
}

TEST_CASE("overlay", "[string]") {
  CHECK(Out("overlay", {T("Txxxxas"), T("hom"), I4(2), I4(4)}) == "Thomas");
  CHECK(Out("overlay", {T("Txxxxas"), T("hom"), I4(2)}) == "Thomxas");
  CHECK(Out("overlay", {T("héllo wörld"), T("ÉÉ"), I4(2), I4(1)}) == "hÉÉllo wörld");
  CHECK(Out("overlay", {T("abc"), T("x"), I4(5)}) == "abcx");
  CHECK(Err("overlay", {T("abc"), T("x"), I4(0)}) == "22011: negative substring length not allowed");
  CHECK(Out("overlay", {T("abc"), T("x"), I4(2), I4(-1)}) == "axabc");
  CHECK(Err("overlay", {T("abc"), T("x"), I4(2), I4(2147483647)}) == "22003: integer out of range");
}

