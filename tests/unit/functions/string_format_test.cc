// String functions: quoting, format and regular expressions. Every expected value and error below was recorded
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

TEST_CASE("quote_ident, quote_literal, quote_nullable", "[string]") {
  CHECK(Out("quote_ident", {T("abc")}) == "abc");
  CHECK(Out("quote_ident", {T("a b")}) == "\"a b\"");
  CHECK(Out("quote_ident", {T("Abc")}) == "\"Abc\"");
  CHECK(Out("quote_ident", {T("select")}) == "\"select\"");
  CHECK(Out("quote_ident", {T("name")}) == "name");
  CHECK(Out("quote_ident", {T("_x1")}) == "_x1");
  CHECK(Out("quote_ident", {T("x$")}) == "\"x$\"");
  CHECK(Out("quote_ident", {T("1a")}) == "\"1a\"");
  CHECK(Out("quote_ident", {T("a\"b")}) == "\"a\"\"b\"");
  CHECK(Out("quote_ident", {T("é")}) == "\"é\"");
  CHECK(Out("quote_ident", {T("")}) == "\"\"");
  CHECK(Out("quote_ident", {T("left")}) == "\"left\"");
  CHECK(Out("quote_ident", {T("xmltable")}) == "\"xmltable\"");
  CHECK(Out("quote_literal", {T("abc")}) == "'abc'");
  CHECK(Out("quote_literal", {T("it's")}) == "'it''s'");
  CHECK(Out("quote_literal", {T("a\\b'c")}) == "E'a\\\\b''c'");
  CHECK(Out("quote_literal", {T("")}) == "''");
  CHECK(Out("quote_literal", {I4(42)}) == "'42'");
  CHECK(Out("quote_literal", {Bool(true)}) == "'true'");
  CHECK(Out("quote_literal", {NullText()}) == kNull);
  CHECK(Out("quote_nullable", {T("it's")}) == "'it''s'");
  CHECK(Out("quote_nullable", {NullText()}) == "NULL");
  CHECK(Out("quote_nullable", {I4(-7)}) == "'-7'");
  CHECK(Out("quote_nullable", {NullInt4()}) == "NULL");
}

TEST_CASE("format", "[string]") {
  CHECK(Out("format", {T("plain")}) == "plain");
  CHECK(Out("format", {T("")}) == "");
  CHECK(Out("format", {NullText()}) == kNull);
  CHECK(Out("format", {NullText(), T("a")}) == kNull);
  CHECK(Out("format", {T("%s|%I|%L|%%"), T("a"), T("B c"), T("it's")}) == "a|\"B c\"|'it''s'|%");
  CHECK(Out("format", {T("%s, %s"), I4(1), Bool(false)}) == "1, f");
  CHECK(Out("format", {T("[%s][%L][%I]"), NullText(), NullText(), T("x")}) == "[][NULL][x]");
  CHECK(Err("format", {T("%I"), NullText()}) == "22004: null values cannot be formatted as an SQL identifier");
  CHECK(Err("format", {T("%s %s"), T("a")}) == "22023: too few arguments for format()");
  CHECK(Err("format", {T("%z"), T("a")}) == "22023: unrecognized format() type specifier \"z\"");
  CHECK(Err("format", {T("%"), T("a")}) == "22023: unterminated format() type specifier");
  CHECK(Err("format", {T("abc%")}) == "22023: unterminated format() type specifier");
  CHECK(Err("format", {T("%é"), T("a")}) == "22023: unrecognized format() type specifier \"é\"");
  CHECK(Err("format", {T("%0$s"), T("a")}) == "22023: format specifies argument 0, but arguments are numbered from 1");
  CHECK(Out("format", {T("%1$s %1$I %2$s"), T("a b"), T("c")}) == "a b \"a b\" c");
  CHECK(Out("format", {T("%2$s %s"), T("a"), T("b"), T("c")}) == "b c");
  CHECK(Err("format", {T("%3$s"), T("a")}) == "22023: too few arguments for format()");
  CHECK(Out("format", {T("|%5s|%-5s|%1s|"), T("ab"), T("é"), T("xyz")}) == "|   ab|é    |xyz|");
  CHECK(Out("format", {T("|%*s|"), I4(4), T("a")}) == "|   a|");
  CHECK(Out("format", {T("|%*s|"), I4(-4), T("a")}) == "|a   |");
  CHECK(Out("format", {T("|%-*s|"), I4(3), T("a")}) == "|a  |");
  CHECK(Err("format", {T("|%*2$s|"), T("a"), I4(3)}) == "22023: too few arguments for format()");
  CHECK(Out("format", {T("|%1$*2$s|"), T("a"), I4(3)}) == "|  a|");
  CHECK(Out("format", {T("|%*s|"), NullInt4(), T("a")}) == "|a|");
  CHECK(Err("format", {T("|%*0$s|"), I4(1), T("a")}) == "22023: format specifies argument 0, but arguments are numbered from 1");
  CHECK(Err("format", {T("|%*1s|"), I4(1), T("a")}) == "22023: width argument position must be ended by \"$\"");
  CHECK(Err("format", {T("%99999999999s"), T("a")}) == "22003: number is out of range");
  CHECK(Err("format", {T("%1"), T("a")}) == "22023: unterminated format() type specifier");
  CHECK(Err("format", {T("%-"), T("a")}) == "22023: unterminated format() type specifier");
  CHECK(Out("format", {T("|%5L|%-6I|"), NullText(), T("A")}) == "| NULL|\"A\"   |");
  CHECK(Out("format", {T("%s"), Hex("00ff")}) == "\\x00ff");
  CHECK(Out("format", {T("%L"), T("a\\b")}) == "E'a\\\\b'");
}

TEST_CASE("regular expression operators", "[string]") {
  CHECK(Out("~", {T("abc"), T("b")}, kOperator) == "t");
  CHECK(Out("~", {T("abc"), T("B")}, kOperator) == "f");
  CHECK(Out("~*", {T("abc"), T("B")}, kOperator) == "t");
  CHECK(Out("!~", {T("abc"), T("B")}, kOperator) == "t");
  CHECK(Out("!~*", {T("abc"), T("B")}, kOperator) == "f");
  CHECK(Out("~", {T("é"), T("^.$")}, kOperator) == "t");
  CHECK(Out("~", {T("日本"), T("^..$")}, kOperator) == "t");
  CHECK(Out("~", {T("a\nb"), T("a.b")}, kOperator) == "t");
  CHECK(Out("~", {T("a\nb"), T("^b")}, kOperator) == "f");
  CHECK(Out("~", {T("abc"), T("^(a|x)b+c?$")}, kOperator) == "t");
  CHECK(Out("~", {T("a1"), T("\\d$")}, kOperator) == "t");
  CHECK(Out("~", {T("ab"), T("\\D{2}")}, kOperator) == "t");
  CHECK(Out("~", {T("x y"), T("\\s")}, kOperator) == "t");
  CHECK(Out("~", {T("foo_1"), T("^\\w+$")}, kOperator) == "t");
  CHECK(Out("~", {T(""), T("")}, kOperator) == "t");
  CHECK(Out("~", {T("abc"), T("[[:digit:]]")}, kOperator) == "f");
  CHECK(Out("~", {T("a]b"), T("[]]")}, kOperator) == "t");
  CHECK(Out("~", {T("a\tb"), T("a\\tb")}, kOperator) == "t");
  CHECK(Err("~", {T("abc"), T("(")}, kOperator) == "2201B: invalid regular expression: parentheses () not balanced");
  CHECK(Err("~", {T("abc"), T("[a")}, kOperator) == "2201B: invalid regular expression: brackets [] not balanced");
  CHECK(Err("~", {T("abc"), T("a{2,1}")}, kOperator) == "2201B: invalid regular expression: invalid repetition count(s)");
  CHECK(Err("~", {T("abc"), T("[[:foo:]]")}, kOperator) == "2201B: invalid regular expression: invalid character class");
}

TEST_CASE("regexp_replace and substring(from pattern)", "[string]") {
  CHECK(Out("regexp_replace", {T("hello world"), T("o"), T("0")}) == "hell0 world");
  CHECK(Out("regexp_replace", {T("hello world"), T("O"), T("0"), T("gi")}) == "hell0 w0rld");
  CHECK(Out("regexp_replace", {T("hello world"), T("o"), T("0"), T("g")}) == "hell0 w0rld");
  CHECK(Out("regexp_replace", {T("abc"), T("(b)"), T("[\\1\\&\\\\]")}) == "a[bb\\]c");
  CHECK(Out("regexp_replace", {T("abc"), T("(b)"), T("\\2\\x\\")}) == "a\\x\\c");
  CHECK(Out("regexp_replace", {T("abc"), T("x*"), T("-"), T("g")}) == "-a-b-c-");
  CHECK(Out("regexp_replace", {T("héllo"), T("x*"), T("-"), T("g")}) == "-h-é-l-l-o-");
  CHECK(Out("regexp_replace", {T("abc"), T("^"), T(">"), T("g")}) == ">abc");
  CHECK(Out("regexp_replace", {T("a\nb\nc"), T("^"), T(">"), T("gn")}) == ">a\n>b\n>c");
  CHECK(Out("regexp_replace", {T("aaa"), T("a"), T("b"), T("gc")}) == "bbb");
  CHECK(Out("regexp_replace", {T("a.b.c"), T("."), T("!"), T("gq")}) == "a!b!c");
  CHECK(Out("regexp_replace", {T("a1b22"), T("\\d+"), T("#"), T("g")}) == "a#b#");
  CHECK(Out("regexp_replace", {T("ab12"), T(" [a-z] + # letters\n"), T("_"), T("x")}) == "_12");
  CHECK(Err("regexp_replace", {T("abc"), T("b"), T("x"), T("z")}) == "22023: invalid regular expression option: \"z\"");
  CHECK(Err("regexp_replace", {T("abc"), T("("), T("x")}) == "2201B: invalid regular expression: parentheses () not balanced");
  CHECK(Out("regexp_replace", {T("ÉCOLE école"), T("é"), T("e"), T("g")}) == "ÉCOLE ecole");
  CHECK(Out("regexp_replace", {T("abc"), T(""), T("-"), T("g")}) == "-a-b-c-");
  CHECK(Out("substring", {T("foobar"), T("o+b")}) == "oob");
  CHECK(Out("substring", {T("foobar"), T("o(.)b")}) == "o");
  CHECK(Out("substring", {T("foobar"), T("x")}) == kNull);
  CHECK(Out("substring", {T("foobar"), T("(x)?foo")}) == kNull);
  CHECK(Out("substring", {T("héllo"), T("h(.)l")}) == "é");
}

