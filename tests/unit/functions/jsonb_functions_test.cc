// jsonb's functions, operators and casts, called as compute will call them:
// the definition is resolved in a registry holding only RegisterJsonb for
// the argument types, strict functions skip NULL arguments, and the result
// is printed with its type's output function. Every expected string was
// printed by PostgreSQL 15 for the SQL in the comment next to it
// (`SELECT coalesce((expr)::text, '<NULL>')`; booleans print as true/false).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/datum.h"
#include "types/format.h"
#include "types/type.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::Type;
using types::TypeId;

struct Arg {
  TypeId type;
  const char* text;  // nullptr: NULL
  TypeId elem = TypeId::kUnknown;  // for kArray: the element type
};

enum class Kind { kFunction, kOperator, kCast };

const Registry& JsonbRegistry() {
  static const Registry* r = [] {
    auto* reg = new Registry();
    RegisterJsonb(*reg);
    return reg;
  }();
  return *r;
}

bool Matches(const FuncDef& def, const std::vector<Type>& types) {
  size_t n = def.params.size();
  if (def.variadic ? types.size() + 1 < n : types.size() != n) return false;
  for (size_t i = 0; i < types.size(); ++i) {
    const Param& p = i < n ? def.params[i] : def.params.back();
    if (p.kind == Param::Kind::kExact && p.type.id != types[i].id) return false;
  }
  return true;
}

std::string Print(const Type& type, const Datum& d) {
  if (d.is_null()) return "<NULL>";
  if (type.id == TypeId::kBool) return d.as_bool() ? "true" : "false";
  return types::ToText(type, d);
}

std::string CallValues(Kind kind, std::string_view name, std::vector<Type> types, std::vector<Datum> values);

std::string Call(Kind kind, std::string_view name, const std::vector<Arg>& args) {
  std::vector<Type> types;
  std::vector<Datum> values;
  for (const Arg& a : args) {
    Type type = a.type == TypeId::kArray ? types::ArrayOf(Type{a.elem}) : Type{a.type};
    types.push_back(type);
    if (a.text == nullptr) {
      values.emplace_back();
    } else if (a.type == TypeId::kUnknown) {
      values.push_back(Datum::FromString(a.text));
    } else {
      absl::StatusOr<Datum> d = types::ParseText(type, a.text);
      if (!d.ok()) return absl::StrCat("bad argument: ", d.status().message());
      values.push_back(*d);
    }
  }
  return CallValues(kind, name, std::move(types), std::move(values));
}

std::string CallValues(Kind kind, std::string_view name, std::vector<Type> types, std::vector<Datum> values) {
  Impl impl = nullptr;
  Type result;
  bool strict = true;
  if (kind == Kind::kCast) {
    std::optional<TypeId> to = types::TypeFromName(name);
    if (!to.has_value()) return "unknown type";
    const CastDef* cast = JsonbRegistry().FindCast(TypeId::kJsonb, *to);
    if (cast == nullptr) return "no cast";
    impl = cast->impl;
    result = Type{*to};
  } else {
    const std::vector<FuncDef>* defs = JsonbRegistry().Lookup(name, kind == Kind::kOperator);
    if (defs == nullptr) return "no such function";
    for (const FuncDef& def : *defs) {
      if (Matches(def, types)) {
        impl = def.impl;
        result = def.result.type;
        strict = def.strict;
        break;
      }
    }
    if (impl == nullptr) return "no matching signature";
  }
  if (strict) {
    for (const Datum& v : values) {
      if (v.is_null()) return "<NULL>";
    }
  }
  Args call;
  call.values = values.data();
  call.types = types.data();
  call.size = values.size();
  call.result = result;
  absl::StatusOr<Datum> out = impl(call);
  if (!out.ok()) {
    ErrorInfo info = ToErrorInfo(out.status());
    return absl::StrCat("error ", info.code, ": ", info.message);
  }
  return Print(result, *out);
}

struct Case {
  const char* sql;
  Kind kind;
  const char* name;
  std::vector<Arg> args;
  std::string expected;
};

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.sql);
    CHECK(Call(c.kind, c.name, c.args) == c.expected);
  }
}

TEST_CASE("jsonb operator ->", "[jsonb]") {
  Check({
      {"('{\"a\":{\"b\":1},\"c\":[1,2]}'::jsonb -> 'a'::text)", Kind::kOperator, "->", {{TypeId::kJsonb, "{\"a\":{\"b\":1},\"c\":[1,2]}"}, {TypeId::kText, "a"}},
       "{\"b\": 1}"},
      {"('{\"a\":1}'::jsonb -> 'z'::text)", Kind::kOperator, "->", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kText, "z"}},
       "<NULL>"},
      {"('[1,2]'::jsonb -> 'a'::text)", Kind::kOperator, "->", {{TypeId::kJsonb, "[1,2]"}, {TypeId::kText, "a"}},
       "<NULL>"},
      {"('[1,{\"x\":2},3]'::jsonb -> '1'::int4)", Kind::kOperator, "->", {{TypeId::kJsonb, "[1,{\"x\":2},3]"}, {TypeId::kInt4, "1"}},
       "{\"x\": 2}"},
      {"('[1,2,3]'::jsonb -> '-1'::int4)", Kind::kOperator, "->", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "-1"}},
       "3"},
      {"('[1,2,3]'::jsonb -> '-4'::int4)", Kind::kOperator, "->", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "-4"}},
       "<NULL>"},
      {"('[1,2,3]'::jsonb -> '3'::int4)", Kind::kOperator, "->", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "3"}},
       "<NULL>"},
      {"('1'::jsonb -> '0'::int4)", Kind::kOperator, "->", {{TypeId::kJsonb, "1"}, {TypeId::kInt4, "0"}},
       "1"},
      {"('{\"a\":1}'::jsonb -> '0'::int4)", Kind::kOperator, "->", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kInt4, "0"}},
       "<NULL>"},
      {"('{\"a\":null}'::jsonb -> 'a'::text)", Kind::kOperator, "->", {{TypeId::kJsonb, "{\"a\":null}"}, {TypeId::kText, "a"}},
       "null"},
  });
}

TEST_CASE("jsonb operator ->>", "[jsonb]") {
  Check({
      {"('{\"a\":\"x\\ny\",\"b\":1.50,\"c\":null,\"d\":[1, \"a\"]}'::jsonb ->> 'a'::text)", Kind::kOperator, "->>", {{TypeId::kJsonb, "{\"a\":\"x\\ny\",\"b\":1.50,\"c\":null,\"d\":[1, \"a\"]}"}, {TypeId::kText, "a"}},
       "x\ny"},
      {"('{\"a\":\"x\",\"b\":1.50,\"c\":null}'::jsonb ->> 'b'::text)", Kind::kOperator, "->>", {{TypeId::kJsonb, "{\"a\":\"x\",\"b\":1.50,\"c\":null}"}, {TypeId::kText, "b"}},
       "1.50"},
      {"('{\"a\":\"x\",\"b\":1.50,\"c\":null}'::jsonb ->> 'c'::text)", Kind::kOperator, "->>", {{TypeId::kJsonb, "{\"a\":\"x\",\"b\":1.50,\"c\":null}"}, {TypeId::kText, "c"}},
       "<NULL>"},
      {"('{\"a\":\"x\",\"b\":1.50,\"d\":[1, \"a\"]}'::jsonb ->> 'd'::text)", Kind::kOperator, "->>", {{TypeId::kJsonb, "{\"a\":\"x\",\"b\":1.50,\"d\":[1, \"a\"]}"}, {TypeId::kText, "d"}},
       "[1, \"a\"]"},
      {"('[\"a\",true]'::jsonb ->> '0'::int4)", Kind::kOperator, "->>", {{TypeId::kJsonb, "[\"a\",true]"}, {TypeId::kInt4, "0"}},
       "a"},
      {"('[\"a\",true]'::jsonb ->> '-1'::int4)", Kind::kOperator, "->>", {{TypeId::kJsonb, "[\"a\",true]"}, {TypeId::kInt4, "-1"}},
       "true"},
      {"('\"q\"'::jsonb ->> '0'::int4)", Kind::kOperator, "->>", {{TypeId::kJsonb, "\"q\""}, {TypeId::kInt4, "0"}},
       "q"},
  });
}

TEST_CASE("jsonb operator @>", "[jsonb]") {
  Check({
      {"('[1,2,[3]]'::jsonb @> '[[3]]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[1,2,[3]]"}, {TypeId::kJsonb, "[[3]]"}},
       "true"},
      {"('[1,2]'::jsonb @> '1'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[1,2]"}, {TypeId::kJsonb, "1"}},
       "true"},
      {"('1'::jsonb @> '[1]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "1"}, {TypeId::kJsonb, "[1]"}},
       "false"},
      {"('1'::jsonb @> '1.0'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "1"}, {TypeId::kJsonb, "1.0"}},
       "true"},
      {"('{\"a\":{\"b\":1,\"c\":2},\"d\":3}'::jsonb @> '{\"a\":{\"b\":1}}'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "{\"a\":{\"b\":1,\"c\":2},\"d\":3}"}, {TypeId::kJsonb, "{\"a\":{\"b\":1}}"}},
       "true"},
      {"('{\"a\":{\"b\":1,\"c\":2}}'::jsonb @> '{\"a\":{\"b\":2}}'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "{\"a\":{\"b\":1,\"c\":2}}"}, {TypeId::kJsonb, "{\"a\":{\"b\":2}}"}},
       "false"},
      {"('[1.0]'::jsonb @> '[1]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[1.0]"}, {TypeId::kJsonb, "[1]"}},
       "true"},
      {"('[[1,2]]'::jsonb @> '[1]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[[1,2]]"}, {TypeId::kJsonb, "[1]"}},
       "false"},
      {"('[1,2,2]'::jsonb @> '[2,2,2,1]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[1,2,2]"}, {TypeId::kJsonb, "[2,2,2,1]"}},
       "true"},
      {"('{\"a\":[1,2,{\"b\":[3,4]}]}'::jsonb @> '{\"a\":[{\"b\":[4]}]}'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "{\"a\":[1,2,{\"b\":[3,4]}]}"}, {TypeId::kJsonb, "{\"a\":[{\"b\":[4]}]}"}},
       "true"},
      {"('{\"a\":1}'::jsonb @> '{}'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kJsonb, "{}"}},
       "true"},
      {"('[]'::jsonb @> '[]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[]"}, {TypeId::kJsonb, "[]"}},
       "true"},
      {"('{\"a\":1}'::jsonb @> '[]'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kJsonb, "[]"}},
       "false"},
      {"('\"a\"'::jsonb @> '\"a\"'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "\"a\""}, {TypeId::kJsonb, "\"a\""}},
       "true"},
      {"('[\"a\"]'::jsonb @> '\"a\"'::jsonb)", Kind::kOperator, "@>", {{TypeId::kJsonb, "[\"a\"]"}, {TypeId::kJsonb, "\"a\""}},
       "true"},
  });
}

TEST_CASE("jsonb operator <@", "[jsonb]") {
  Check({
      {"('{\"a\":1}'::jsonb <@ '{\"a\":1,\"b\":2}'::jsonb)", Kind::kOperator, "<@", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kJsonb, "{\"a\":1,\"b\":2}"}},
       "true"},
      {"('{\"a\":1,\"b\":2}'::jsonb <@ '{\"a\":1}'::jsonb)", Kind::kOperator, "<@", {{TypeId::kJsonb, "{\"a\":1,\"b\":2}"}, {TypeId::kJsonb, "{\"a\":1}"}},
       "false"},
  });
}

TEST_CASE("jsonb operator ?", "[jsonb]") {
  Check({
      {"('{\"a\":1,\"b\":null}'::jsonb ? 'b'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "{\"a\":1,\"b\":null}"}, {TypeId::kText, "b"}},
       "true"},
      {"('{\"a\":1}'::jsonb ? 'c'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kText, "c"}},
       "false"},
      {"('[\"a\",\"b\",1]'::jsonb ? 'b'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "[\"a\",\"b\",1]"}, {TypeId::kText, "b"}},
       "true"},
      {"('[\"a\",1]'::jsonb ? '1'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "[\"a\",1]"}, {TypeId::kText, "1"}},
       "false"},
      {"('[[\"a\"]]'::jsonb ? 'a'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "[[\"a\"]]"}, {TypeId::kText, "a"}},
       "false"},
      {"('\"a\"'::jsonb ? 'a'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "\"a\""}, {TypeId::kText, "a"}},
       "true"},
      {"('{\"x\":{\"a\":1}}'::jsonb ? 'a'::text)", Kind::kOperator, "?", {{TypeId::kJsonb, "{\"x\":{\"a\":1}}"}, {TypeId::kText, "a"}},
       "false"},
  });
}

TEST_CASE("jsonb operator ||", "[jsonb]") {
  Check({
      {"('1'::jsonb || '2'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "1"}, {TypeId::kJsonb, "2"}},
       "[1, 2]"},
      {"('[1]'::jsonb || '{\"a\":1}'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "[1]"}, {TypeId::kJsonb, "{\"a\":1}"}},
       "[1, {\"a\": 1}]"},
      {"('{\"a\":1}'::jsonb || '[1]'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kJsonb, "[1]"}},
       "[{\"a\": 1}, 1]"},
      {"('{\"a\":1,\"b\":2}'::jsonb || '{\"a\":3,\"c\":[4]}'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "{\"a\":1,\"b\":2}"}, {TypeId::kJsonb, "{\"a\":3,\"c\":[4]}"}},
       "{\"a\": 3, \"b\": 2, \"c\": [4]}"},
      {"('\"x\"'::jsonb || '[]'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "\"x\""}, {TypeId::kJsonb, "[]"}},
       "[\"x\"]"},
      {"('{}'::jsonb || '1'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "{}"}, {TypeId::kJsonb, "1"}},
       "[{}, 1]"},
      {"('[1,[2]]'::jsonb || '[[3],4]'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "[1,[2]]"}, {TypeId::kJsonb, "[[3],4]"}},
       "[1, [2], [3], 4]"},
      {"('[]'::jsonb || '[]'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "[]"}, {TypeId::kJsonb, "[]"}},
       "[]"},
      {"('{}'::jsonb || '{\"a\":1}'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "{}"}, {TypeId::kJsonb, "{\"a\":1}"}},
       "{\"a\": 1}"},
      {"('null'::jsonb || '{\"a\":1}'::jsonb)", Kind::kOperator, "||", {{TypeId::kJsonb, "null"}, {TypeId::kJsonb, "{\"a\":1}"}},
       "[null, {\"a\": 1}]"},
  });
}

TEST_CASE("jsonb operator -", "[jsonb]") {
  Check({
      {"('[\"a\",\"b\",\"a\",1]'::jsonb - 'a'::text)", Kind::kOperator, "-", {{TypeId::kJsonb, "[\"a\",\"b\",\"a\",1]"}, {TypeId::kText, "a"}},
       "[\"b\", 1]"},
      {"('{\"a\":1,\"b\":2}'::jsonb - 'a'::text)", Kind::kOperator, "-", {{TypeId::kJsonb, "{\"a\":1,\"b\":2}"}, {TypeId::kText, "a"}},
       "{\"b\": 2}"},
      {"('{\"a\":1,\"b\":2}'::jsonb - 'z'::text)", Kind::kOperator, "-", {{TypeId::kJsonb, "{\"a\":1,\"b\":2}"}, {TypeId::kText, "z"}},
       "{\"a\": 1, \"b\": 2}"},
      {"('[]'::jsonb - 'z'::text)", Kind::kOperator, "-", {{TypeId::kJsonb, "[]"}, {TypeId::kText, "z"}},
       "[]"},
      {"('1'::jsonb - 'a'::text)", Kind::kOperator, "-", {{TypeId::kJsonb, "1"}, {TypeId::kText, "a"}},
       "error 22023: cannot delete from scalar"},
      {"('[1,2,3]'::jsonb - '-1'::int4)", Kind::kOperator, "-", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "-1"}},
       "[1, 2]"},
      {"('[1,2,3]'::jsonb - '0'::int4)", Kind::kOperator, "-", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "0"}},
       "[2, 3]"},
      {"('[1,2,3]'::jsonb - '5'::int4)", Kind::kOperator, "-", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "5"}},
       "[1, 2, 3]"},
      {"('[1,2,3]'::jsonb - '-5'::int4)", Kind::kOperator, "-", {{TypeId::kJsonb, "[1,2,3]"}, {TypeId::kInt4, "-5"}},
       "[1, 2, 3]"},
      {"('{\"a\":1}'::jsonb - '0'::int4)", Kind::kOperator, "-", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kInt4, "0"}},
       "error 22023: cannot delete from object using integer index"},
      {"('\"a\"'::jsonb - '0'::int4)", Kind::kOperator, "-", {{TypeId::kJsonb, "\"a\""}, {TypeId::kInt4, "0"}},
       "error 22023: cannot delete from scalar"},
      {"('{\"a\":1,\"b\":2,\"c\":3}'::jsonb - '{a,c,z}'::text[])", Kind::kOperator, "-", {{TypeId::kJsonb, "{\"a\":1,\"b\":2,\"c\":3}"}, {TypeId::kArray, "{a,c,z}", TypeId::kText}},
       "{\"b\": 2}"},
      {"('[\"a\",\"b\",1,\"c\"]'::jsonb - '{a,c,NULL}'::text[])", Kind::kOperator, "-", {{TypeId::kJsonb, "[\"a\",\"b\",1,\"c\"]"}, {TypeId::kArray, "{a,c,NULL}", TypeId::kText}},
       "[\"b\", 1]"},
      {"('5'::jsonb - '{a}'::text[])", Kind::kOperator, "-", {{TypeId::kJsonb, "5"}, {TypeId::kArray, "{a}", TypeId::kText}},
       "error 22023: cannot delete from scalar"},
  });
}

TEST_CASE("jsonb jsonb_typeof", "[jsonb]") {
  Check({
      {"jsonb_typeof('{\"a\":1}'::jsonb)", Kind::kFunction, "jsonb_typeof", {{TypeId::kJsonb, "{\"a\":1}"}},
       "object"},
      {"jsonb_typeof('[]'::jsonb)", Kind::kFunction, "jsonb_typeof", {{TypeId::kJsonb, "[]"}},
       "array"},
      {"jsonb_typeof('\"s\"'::jsonb)", Kind::kFunction, "jsonb_typeof", {{TypeId::kJsonb, "\"s\""}},
       "string"},
      {"jsonb_typeof('-1.5e3'::jsonb)", Kind::kFunction, "jsonb_typeof", {{TypeId::kJsonb, "-1.5e3"}},
       "number"},
      {"jsonb_typeof('false'::jsonb)", Kind::kFunction, "jsonb_typeof", {{TypeId::kJsonb, "false"}},
       "boolean"},
      {"jsonb_typeof('null'::jsonb)", Kind::kFunction, "jsonb_typeof", {{TypeId::kJsonb, "null"}},
       "null"},
  });
}

TEST_CASE("jsonb jsonb_array_length", "[jsonb]") {
  Check({
      {"jsonb_array_length('[1,[2,3],{}]'::jsonb)", Kind::kFunction, "jsonb_array_length", {{TypeId::kJsonb, "[1,[2,3],{}]"}},
       "3"},
      {"jsonb_array_length('[]'::jsonb)", Kind::kFunction, "jsonb_array_length", {{TypeId::kJsonb, "[]"}},
       "0"},
      {"jsonb_array_length('1'::jsonb)", Kind::kFunction, "jsonb_array_length", {{TypeId::kJsonb, "1"}},
       "error 22023: cannot get array length of a scalar"},
      {"jsonb_array_length('{}'::jsonb)", Kind::kFunction, "jsonb_array_length", {{TypeId::kJsonb, "{}"}},
       "error 22023: cannot get array length of a non-array"},
  });
}

TEST_CASE("jsonb jsonb_strip_nulls", "[jsonb]") {
  Check({
      {"jsonb_strip_nulls('{\"a\":null,\"b\":[null,{\"c\":null,\"d\":1}],\"e\":{\"f\":null}}'::jsonb)", Kind::kFunction, "jsonb_strip_nulls", {{TypeId::kJsonb, "{\"a\":null,\"b\":[null,{\"c\":null,\"d\":1}],\"e\":{\"f\":null}}"}},
       "{\"b\": [null, {\"d\": 1}], \"e\": {}}"},
      {"jsonb_strip_nulls('null'::jsonb)", Kind::kFunction, "jsonb_strip_nulls", {{TypeId::kJsonb, "null"}},
       "null"},
      {"jsonb_strip_nulls('[null]'::jsonb)", Kind::kFunction, "jsonb_strip_nulls", {{TypeId::kJsonb, "[null]"}},
       "[null]"},
  });
}

TEST_CASE("jsonb jsonb_pretty", "[jsonb]") {
  Check({
      {"jsonb_pretty('[1,{\"a\":[true,\"x\"],\"b\":{}}]'::jsonb)", Kind::kFunction, "jsonb_pretty", {{TypeId::kJsonb, "[1,{\"a\":[true,\"x\"],\"b\":{}}]"}},
       "[\n    1,\n    {\n        \"a\": [\n            true,\n            \"x\"\n        ],\n        \"b\": {\n        }\n    }\n]"},
      {"jsonb_pretty('\"a\"'::jsonb)", Kind::kFunction, "jsonb_pretty", {{TypeId::kJsonb, "\"a\""}},
       "\"a\""},
      {"jsonb_pretty('{}'::jsonb)", Kind::kFunction, "jsonb_pretty", {{TypeId::kJsonb, "{}"}},
       "{\n}"},
  });
}

TEST_CASE("jsonb jsonb_extract_path", "[jsonb]") {
  Check({
      {"jsonb_extract_path('{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}'::jsonb, 'a'::text, 'b'::text, '1'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, "1"}},
       "{\"c\": \"x\"}"},
      {"jsonb_extract_path('{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}'::jsonb, 'a'::text, 'b'::text, '-1'::text, 'c'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, "-1"}, {TypeId::kText, "c"}},
       "\"x\""},
      {"jsonb_extract_path('{\"a\":{\"b\":[1,2]}}'::jsonb, 'a'::text, 'b'::text, 'x'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,2]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, "x"}},
       "<NULL>"},
      {"jsonb_extract_path('{\"a\":{\"b\":[1,2]}}'::jsonb, 'a'::text, 'b'::text, ' 1'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,2]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, " 1"}},
       "2"},
      {"jsonb_extract_path('{\"a\":{\"b\":[1,2]}}'::jsonb, 'a'::text, 'b'::text, '+1'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,2]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, "+1"}},
       "2"},
      {"jsonb_extract_path('{\"a\":{\"b\":[1,2]}}'::jsonb, 'a'::text, 'b'::text, '1 '::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,2]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, "1 "}},
       "<NULL>"},
      {"jsonb_extract_path('{\"a\":{\"b\":[1,2]}}'::jsonb, 'a'::text, 'b'::text, ''::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":{\"b\":[1,2]}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}, {TypeId::kText, ""}},
       "<NULL>"},
      {"jsonb_extract_path('{\"a\":1}'::jsonb, 'a'::text, 'b'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}},
       "<NULL>"},
      {"jsonb_extract_path('[1]'::jsonb, '0'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "[1]"}, {TypeId::kText, "0"}},
       "1"},
      {"jsonb_extract_path('7'::jsonb, '0'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "7"}, {TypeId::kText, "0"}},
       "<NULL>"},
      {"jsonb_extract_path('7'::jsonb, '0'::text, '0'::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "7"}, {TypeId::kText, "0"}, {TypeId::kText, "0"}},
       "<NULL>"},
      {"jsonb_extract_path('{\"a\":1}'::jsonb, 'a'::text, NULL::text)", Kind::kFunction, "jsonb_extract_path", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kText, "a"}, {TypeId::kText, nullptr}},
       "<NULL>"},
  });
}

TEST_CASE("jsonb jsonb_extract_path_text", "[jsonb]") {
  Check({
      {"jsonb_extract_path_text('{\"a\":{\"b\":\"q\\\"r\"}}'::jsonb, 'a'::text, 'b'::text)", Kind::kFunction, "jsonb_extract_path_text", {{TypeId::kJsonb, "{\"a\":{\"b\":\"q\\\"r\"}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}},
       "q\"r"},
      {"jsonb_extract_path_text('{\"a\":{\"b\":null}}'::jsonb, 'a'::text, 'b'::text)", Kind::kFunction, "jsonb_extract_path_text", {{TypeId::kJsonb, "{\"a\":{\"b\":null}}"}, {TypeId::kText, "a"}, {TypeId::kText, "b"}},
       "<NULL>"},
      {"jsonb_extract_path_text('{\"a\":{\"b\":[1, 2]}}'::jsonb, 'a'::text)", Kind::kFunction, "jsonb_extract_path_text", {{TypeId::kJsonb, "{\"a\":{\"b\":[1, 2]}}"}, {TypeId::kText, "a"}},
       "{\"b\": [1, 2]}"},
  });
}

TEST_CASE("jsonb jsonb_build_object", "[jsonb]") {
  Check({
      {"jsonb_build_object()", Kind::kFunction, "jsonb_build_object", {},
       "{}"},
      {"jsonb_build_object('a', '1'::int4, 'b', 'x', 'c', NULL::text)", Kind::kFunction, "jsonb_build_object", {{TypeId::kUnknown, "a"}, {TypeId::kInt4, "1"}, {TypeId::kUnknown, "b"}, {TypeId::kUnknown, "x"}, {TypeId::kUnknown, "c"}, {TypeId::kText, nullptr}},
       "{\"a\": 1, \"b\": \"x\", \"c\": null}"},
      {"jsonb_build_object('1.50'::numeric, '1e2'::numeric, '2020-01-01 00:00:00'::timestamp, 'a'::text, 't'::bool, '1.5'::float8, 'b'::text, '{\"z\": [1]}'::jsonb)", Kind::kFunction, "jsonb_build_object", {{TypeId::kNumeric, "1.50"}, {TypeId::kNumeric, "1e2"}, {TypeId::kTimestamp, "2020-01-01 00:00:00"}, {TypeId::kText, "a"}, {TypeId::kBool, "t"}, {TypeId::kFloat8, "1.5"}, {TypeId::kText, "b"}, {TypeId::kJsonb, "{\"z\": [1]}"}},
       "{\"b\": {\"z\": [1]}, \"1.50\": 100, \"true\": 1.5, \"2020-01-01T00:00:00\": \"a\"}"},
      {"jsonb_build_object('a'::text, '1'::int4, 'a'::text, '2'::int4)", Kind::kFunction, "jsonb_build_object", {{TypeId::kText, "a"}, {TypeId::kInt4, "1"}, {TypeId::kText, "a"}, {TypeId::kInt4, "2"}},
       "{\"a\": 2}"},
      {"jsonb_build_object('a'::text, '1'::int4, 'b'::text)", Kind::kFunction, "jsonb_build_object", {{TypeId::kText, "a"}, {TypeId::kInt4, "1"}, {TypeId::kText, "b"}},
       "error 22023: argument list must have even number of elements"},
      {"jsonb_build_object(NULL::text, '1'::int4)", Kind::kFunction, "jsonb_build_object", {{TypeId::kText, nullptr}, {TypeId::kInt4, "1"}},
       "error 22023: argument 1: key must not be null"},
      {"jsonb_build_object('a'::text, '1'::int4, NULL::int4, '1'::int4)", Kind::kFunction, "jsonb_build_object", {{TypeId::kText, "a"}, {TypeId::kInt4, "1"}, {TypeId::kInt4, nullptr}, {TypeId::kInt4, "1"}},
       "error 22023: argument 3: key must not be null"},
      {"jsonb_build_object('{}'::jsonb, '1'::int4)", Kind::kFunction, "jsonb_build_object", {{TypeId::kJsonb, "{}"}, {TypeId::kInt4, "1"}},
       "error 22023: key value must be scalar, not array, composite, or json"},
      {"jsonb_build_object('k'::text, '{1,NULL}'::int4[])", Kind::kFunction, "jsonb_build_object", {{TypeId::kText, "k"}, {TypeId::kArray, "{1,NULL}", TypeId::kInt4}},
       "{\"k\": [1, null]}"},
      {"jsonb_build_object('{1}'::int4[], '1'::int4)", Kind::kFunction, "jsonb_build_object", {{TypeId::kArray, "{1}", TypeId::kInt4}, {TypeId::kInt4, "1"}},
       "error 22023: key value must be scalar, not array, composite, or json"},
  });
}

TEST_CASE("jsonb jsonb_build_array", "[jsonb]") {
  Check({
      {"jsonb_build_array()", Kind::kFunction, "jsonb_build_array", {},
       "[]"},
      {"jsonb_build_array('1'::int4, 'a', NULL::text, 'f'::bool, '2.50'::numeric, '{\"a\": [1]}'::jsonb, 'nan'::float8, '1e100'::float8, '2020-02-03'::date)", Kind::kFunction, "jsonb_build_array", {{TypeId::kInt4, "1"}, {TypeId::kUnknown, "a"}, {TypeId::kText, nullptr}, {TypeId::kBool, "f"}, {TypeId::kNumeric, "2.50"}, {TypeId::kJsonb, "{\"a\": [1]}"}, {TypeId::kFloat8, "nan"}, {TypeId::kFloat8, "1e100"}, {TypeId::kDate, "2020-02-03"}},
       "[1, \"a\", null, false, 2.50, {\"a\": [1]}, \"NaN\", 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000, \"2020-02-03\"]"},
      {"jsonb_build_array('{1,2}'::int4[], '{x}'::text[])", Kind::kFunction, "jsonb_build_array", {{TypeId::kArray, "{1,2}", TypeId::kInt4}, {TypeId::kArray, "{x}", TypeId::kText}},
       "[[1, 2], [\"x\"]]"},
  });
}

TEST_CASE("jsonb to_jsonb", "[jsonb]") {
  Check({
      {"to_jsonb('5'::int4)", Kind::kFunction, "to_jsonb", {{TypeId::kInt4, "5"}},
       "5"},
      {"to_jsonb('-9223372036854775808'::int8)", Kind::kFunction, "to_jsonb", {{TypeId::kInt8, "-9223372036854775808"}},
       "-9223372036854775808"},
      {"to_jsonb('7'::int2)", Kind::kFunction, "to_jsonb", {{TypeId::kInt2, "7"}},
       "7"},
      {"to_jsonb('1.50'::numeric)", Kind::kFunction, "to_jsonb", {{TypeId::kNumeric, "1.50"}},
       "1.50"},
      {"to_jsonb('nan'::numeric)", Kind::kFunction, "to_jsonb", {{TypeId::kNumeric, "nan"}},
       "\"NaN\""},
      {"to_jsonb('1.5'::float8)", Kind::kFunction, "to_jsonb", {{TypeId::kFloat8, "1.5"}},
       "1.5"},
      {"to_jsonb('infinity'::float8)", Kind::kFunction, "to_jsonb", {{TypeId::kFloat8, "infinity"}},
       "\"Infinity\""},
      {"to_jsonb('-infinity'::float8)", Kind::kFunction, "to_jsonb", {{TypeId::kFloat8, "-infinity"}},
       "\"-Infinity\""},
      {"to_jsonb('1e-5'::float8)", Kind::kFunction, "to_jsonb", {{TypeId::kFloat8, "1e-5"}},
       "0.00001"},
      {"to_jsonb('0.1'::float4)", Kind::kFunction, "to_jsonb", {{TypeId::kFloat4, "0.1"}},
       "0.1"},
      {"to_jsonb('t'::bool)", Kind::kFunction, "to_jsonb", {{TypeId::kBool, "t"}},
       "true"},
      {"to_jsonb('a\"b\\c\nd'::text)", Kind::kFunction, "to_jsonb", {{TypeId::kText, "a\"b\\c\nd"}},
       "\"a\\\"b\\\\c\\nd\""},
      {"to_jsonb('{\"b\":1,\"a\":[]}'::jsonb)", Kind::kFunction, "to_jsonb", {{TypeId::kJsonb, "{\"b\":1,\"a\":[]}"}},
       "{\"a\": [], \"b\": 1}"},
      {"to_jsonb('2020-01-01'::date)", Kind::kFunction, "to_jsonb", {{TypeId::kDate, "2020-01-01"}},
       "\"2020-01-01\""},
      {"to_jsonb('2020-01-01 12:00:00.5'::timestamp)", Kind::kFunction, "to_jsonb", {{TypeId::kTimestamp, "2020-01-01 12:00:00.5"}},
       "\"2020-01-01T12:00:00.5\""},
      {"to_jsonb('2020-01-01 12:00:00'::timestamp)", Kind::kFunction, "to_jsonb", {{TypeId::kTimestamp, "2020-01-01 12:00:00"}},
       "\"2020-01-01T12:00:00\""},
      {"to_jsonb('2020-01-01 12:00:00.123456+00'::timestamptz)", Kind::kFunction, "to_jsonb", {{TypeId::kTimestamptz, "2020-01-01 12:00:00.123456+00"}},
       "\"2020-01-01T12:00:00.123456+00:00\""},
      {"to_jsonb('0044-03-15 12:00:00+00 BC'::timestamptz)", Kind::kFunction, "to_jsonb", {{TypeId::kTimestamptz, "0044-03-15 12:00:00+00 BC"}},
       "\"0044-03-15T12:00:00+00:00 BC\""},
      {"to_jsonb('12:34:56.789'::time)", Kind::kFunction, "to_jsonb", {{TypeId::kTime, "12:34:56.789"}},
       "\"12:34:56.789\""},
      {"to_jsonb('1 year 2 days 03:04:05'::interval)", Kind::kFunction, "to_jsonb", {{TypeId::kInterval, "1 year 2 days 03:04:05"}},
       "\"1 year 2 days 03:04:05\""},
      {"to_jsonb('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid)", Kind::kFunction, "to_jsonb", {{TypeId::kUuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}},
       "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""},
      {"to_jsonb('\\x0102'::bytea)", Kind::kFunction, "to_jsonb", {{TypeId::kBytea, "\\x0102"}},
       "\"\\\\x0102\""},
      {"to_jsonb('{{1,2},{3,4}}'::int4[])", Kind::kFunction, "to_jsonb", {{TypeId::kArray, "{{1,2},{3,4}}", TypeId::kInt4}},
       "[[1, 2], [3, 4]]"},
      {"to_jsonb('{}'::int4[])", Kind::kFunction, "to_jsonb", {{TypeId::kArray, "{}", TypeId::kInt4}},
       "[]"},
      {"to_jsonb('{a,NULL,\"b c\"}'::text[])", Kind::kFunction, "to_jsonb", {{TypeId::kArray, "{a,NULL,\"b c\"}", TypeId::kText}},
       "[\"a\", null, \"b c\"]"},
      {"to_jsonb('{1.50,NaN}'::numeric[])", Kind::kFunction, "to_jsonb", {{TypeId::kArray, "{1.50,NaN}", TypeId::kNumeric}},
       "[1.50, \"NaN\"]"},
      {"to_jsonb('[0:1]={t,f}'::bool[])", Kind::kFunction, "to_jsonb", {{TypeId::kArray, "[0:1]={t,f}", TypeId::kBool}},
       "[true, false]"},
      {"to_jsonb('{\"2020-01-01 00:00:00\"}'::timestamp[])", Kind::kFunction, "to_jsonb", {{TypeId::kArray, "{\"2020-01-01 00:00:00\"}", TypeId::kTimestamp}},
       "[\"2020-01-01T00:00:00\"]"},
  });
}

TEST_CASE("jsonb casts", "[jsonb]") {
  Check({
      {"('true'::jsonb)::bool", Kind::kCast, "bool", {{TypeId::kJsonb, "true"}},
       "true"},
      {"('\"a\"'::jsonb)::bool", Kind::kCast, "bool", {{TypeId::kJsonb, "\"a\""}},
       "error 22023: cannot cast jsonb string to type boolean"},
      {"('1'::jsonb)::bool", Kind::kCast, "bool", {{TypeId::kJsonb, "1"}},
       "error 22023: cannot cast jsonb numeric to type boolean"},
      {"('12'::jsonb)::int2", Kind::kCast, "int2", {{TypeId::kJsonb, "12"}},
       "12"},
      {"('40000'::jsonb)::int2", Kind::kCast, "int2", {{TypeId::kJsonb, "40000"}},
       "error 22003: smallint out of range"},
      {"('-32768'::jsonb)::int2", Kind::kCast, "int2", {{TypeId::kJsonb, "-32768"}},
       "-32768"},
      {"('2.5'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "2.5"}},
       "3"},
      {"('-2.5'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "-2.5"}},
       "-3"},
      {"('2.4999'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "2.4999"}},
       "2"},
      {"('3000000000'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "3000000000"}},
       "error 22003: integer out of range"},
      {"('[1]'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "[1]"}},
       "error 22023: cannot cast jsonb array to type integer"},
      {"('{\"a\":1}'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "{\"a\":1}"}},
       "error 22023: cannot cast jsonb object to type integer"},
      {"('null'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "null"}},
       "error 22023: cannot cast jsonb null to type integer"},
      {"('\"1\"'::jsonb)::int4", Kind::kCast, "int4", {{TypeId::kJsonb, "\"1\""}},
       "error 22023: cannot cast jsonb string to type integer"},
      {"('9223372036854775807'::jsonb)::int8", Kind::kCast, "int8", {{TypeId::kJsonb, "9223372036854775807"}},
       "9223372036854775807"},
      {"('9223372036854775808'::jsonb)::int8", Kind::kCast, "int8", {{TypeId::kJsonb, "9223372036854775808"}},
       "error 22003: bigint out of range"},
      {"('1e3'::jsonb)::int8", Kind::kCast, "int8", {{TypeId::kJsonb, "1e3"}},
       "1000"},
      {"('1.5'::jsonb)::float4", Kind::kCast, "float4", {{TypeId::kJsonb, "1.5"}},
       "1.5"},
      {"('1e40'::jsonb)::float4", Kind::kCast, "float4", {{TypeId::kJsonb, "1e40"}},
       "error 22003: \"10000000000000000000000000000000000000000\" is out of range for type real"},
      {"('0.1'::jsonb)::float8", Kind::kCast, "float8", {{TypeId::kJsonb, "0.1"}},
       "0.1"},
      {"('1e400'::jsonb)::float8", Kind::kCast, "float8", {{TypeId::kJsonb, "1e400"}},
       "error 22003: \"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\" is out of range for type double precision"},
      {"('1e-400'::jsonb)::float8", Kind::kCast, "float8", {{TypeId::kJsonb, "1e-400"}},
       "error 22003: \"0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001\" is out of range for type double precision"},
      {"('true'::jsonb)::float8", Kind::kCast, "float8", {{TypeId::kJsonb, "true"}},
       "error 22023: cannot cast jsonb boolean to type double precision"},
      {"('1.50'::jsonb)::numeric", Kind::kCast, "numeric", {{TypeId::kJsonb, "1.50"}},
       "1.50"},
      {"('1e-3'::jsonb)::numeric", Kind::kCast, "numeric", {{TypeId::kJsonb, "1e-3"}},
       "0.001"},
      {"('true'::jsonb)::numeric", Kind::kCast, "numeric", {{TypeId::kJsonb, "true"}},
       "error 22023: cannot cast jsonb boolean to type numeric"},
      {"('[]'::jsonb)::numeric", Kind::kCast, "numeric", {{TypeId::kJsonb, "[]"}},
       "error 22023: cannot cast jsonb array to type numeric"},
  });
}

TEST_CASE("jsonb operator #>", "[jsonb]") {
  Check({
      {"('{\"a\":[1,\"x\",null]}'::jsonb #> '{a,1}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "{\"a\":[1,\"x\",null]}"}, {TypeId::kArray, "{a,1}", TypeId::kText}},
       "\"x\""},
      {"('{\"a\":[1,\"x\",null]}'::jsonb #> '{a,2}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "{\"a\":[1,\"x\",null]}"}, {TypeId::kArray, "{a,2}", TypeId::kText}},
       "null"},
      {"('{\"a\":[1,\"x\",null]}'::jsonb #> '{a,-1}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "{\"a\":[1,\"x\",null]}"}, {TypeId::kArray, "{a,-1}", TypeId::kText}},
       "null"},
      {"('{\"a\":[1,\"x\",null]}'::jsonb #> '{a,NULL}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "{\"a\":[1,\"x\",null]}"}, {TypeId::kArray, "{a,NULL}", TypeId::kText}},
       "<NULL>"},
      {"('{\"a\":{\"b\":{\"c\":1}}}'::jsonb #> '{a,b}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "{\"a\":{\"b\":{\"c\":1}}}"}, {TypeId::kArray, "{a,b}", TypeId::kText}},
       "{\"c\": 1}"},
      {"('{\"a\":{\"b\":{\"c\":1}}}'::jsonb #> '{}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "{\"a\":{\"b\":{\"c\":1}}}"}, {TypeId::kArray, "{}", TypeId::kText}},
       "{\"a\": {\"b\": {\"c\": 1}}}"},
      {"('[[1,2],[3,4]]'::jsonb #> '{{1,0}}'::text[])", Kind::kOperator, "#>", {{TypeId::kJsonb, "[[1,2],[3,4]]"}, {TypeId::kArray, "{{1,0}}", TypeId::kText}},
       "3"},
  });
}

TEST_CASE("jsonb operator #>>", "[jsonb]") {
  Check({
      {"('{\"a\":[1,\"x\",null]}'::jsonb #>> '{a,1}'::text[])", Kind::kOperator, "#>>", {{TypeId::kJsonb, "{\"a\":[1,\"x\",null]}"}, {TypeId::kArray, "{a,1}", TypeId::kText}},
       "x"},
      {"('{\"a\":[1,\"x\",null]}'::jsonb #>> '{a,2}'::text[])", Kind::kOperator, "#>>", {{TypeId::kJsonb, "{\"a\":[1,\"x\",null]}"}, {TypeId::kArray, "{a,2}", TypeId::kText}},
       "<NULL>"},
      {"('{\"a\":{\"b\":{\"c\":1}}}'::jsonb #>> '{}'::text[])", Kind::kOperator, "#>>", {{TypeId::kJsonb, "{\"a\":{\"b\":{\"c\":1}}}"}, {TypeId::kArray, "{}", TypeId::kText}},
       "{\"a\": {\"b\": {\"c\": 1}}}"},
      {"('\"s\"'::jsonb #>> '{}'::text[])", Kind::kOperator, "#>>", {{TypeId::kJsonb, "\"s\""}, {TypeId::kArray, "{}", TypeId::kText}},
       "s"},
      {"('null'::jsonb #>> '{}'::text[])", Kind::kOperator, "#>>", {{TypeId::kJsonb, "null"}, {TypeId::kArray, "{}", TypeId::kText}},
       "<NULL>"},
  });
}

TEST_CASE("jsonb operator ?|", "[jsonb]") {
  Check({
      {"('{\"a\":1,\"b\":[2]}'::jsonb ?| '{x,b}'::text[])", Kind::kOperator, "?|", {{TypeId::kJsonb, "{\"a\":1,\"b\":[2]}"}, {TypeId::kArray, "{x,b}", TypeId::kText}},
       "true"},
      {"('{\"a\":1}'::jsonb ?| '{x,y}'::text[])", Kind::kOperator, "?|", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{x,y}", TypeId::kText}},
       "false"},
      {"('{\"a\":1}'::jsonb ?| '{}'::text[])", Kind::kOperator, "?|", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{}", TypeId::kText}},
       "false"},
      {"('[\"a\",\"b\"]'::jsonb ?| '{NULL,b}'::text[])", Kind::kOperator, "?|", {{TypeId::kJsonb, "[\"a\",\"b\"]"}, {TypeId::kArray, "{NULL,b}", TypeId::kText}},
       "true"},
  });
}

TEST_CASE("jsonb operator ?&", "[jsonb]") {
  Check({
      {"('{\"a\":1,\"b\":2}'::jsonb ?& '{a,b}'::text[])", Kind::kOperator, "?&", {{TypeId::kJsonb, "{\"a\":1,\"b\":2}"}, {TypeId::kArray, "{a,b}", TypeId::kText}},
       "true"},
      {"('{\"a\":1}'::jsonb ?& '{a,b}'::text[])", Kind::kOperator, "?&", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{a,b}", TypeId::kText}},
       "false"},
      {"('{\"a\":1}'::jsonb ?& '{}'::text[])", Kind::kOperator, "?&", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{}", TypeId::kText}},
       "true"},
      {"('{\"a\":1}'::jsonb ?& '{a,NULL}'::text[])", Kind::kOperator, "?&", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{a,NULL}", TypeId::kText}},
       "true"},
  });
}

TEST_CASE("jsonb operator #-", "[jsonb]") {
  Check({
      {"('{\"a\":[1,2]}'::jsonb #- '{a,0}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,0}", TypeId::kText}},
       "{\"a\": [2]}"},
      {"('[1,[2,3]]'::jsonb #- '{1,-1}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "[1,[2,3]]"}, {TypeId::kArray, "{1,-1}", TypeId::kText}},
       "[1, [2]]"},
      {"('{\"a\":{\"b\":1,\"c\":2}}'::jsonb #- '{a,b}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":{\"b\":1,\"c\":2}}"}, {TypeId::kArray, "{a,b}", TypeId::kText}},
       "{\"a\": {\"c\": 2}}"},
      {"('{\"a\":1}'::jsonb #- '{a,b}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{a,b}", TypeId::kText}},
       "{\"a\": 1}"},
      {"('{\"a\":1}'::jsonb #- '{z}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{z}", TypeId::kText}},
       "{\"a\": 1}"},
      {"('{\"a\":1}'::jsonb #- '{}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{}", TypeId::kText}},
       "{\"a\": 1}"},
      {"('[1,2]'::jsonb #- '{a}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "[1,2]"}, {TypeId::kArray, "{a}", TypeId::kText}},
       "error 22P02: path element at position 1 is not an integer: \"a\""},
      {"('[1,2]'::jsonb #- '{5}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "[1,2]"}, {TypeId::kArray, "{5}", TypeId::kText}},
       "[1, 2]"},
      {"('[1,2]'::jsonb #- '{-5}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "[1,2]"}, {TypeId::kArray, "{-5}", TypeId::kText}},
       "[1, 2]"},
      {"('{\"a\":1}'::jsonb #- '{NULL}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{NULL}", TypeId::kText}},
       "error 22004: path element at position 1 is null"},
      {"('{\"a\":[1,2]}'::jsonb #- '{a,NULL}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,NULL}", TypeId::kText}},
       "error 22004: path element at position 2 is null"},
      {"('{\"a\":[1,2]}'::jsonb #- '{b,NULL}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{b,NULL}", TypeId::kText}},
       "{\"a\": [1, 2]}"},
      {"('{\"a\":1}'::jsonb #- '{{a}}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{{a}}", TypeId::kText}},
       "error 2202E: wrong number of array subscripts"},
      {"('1'::jsonb #- '{a}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "1"}, {TypeId::kArray, "{a}", TypeId::kText}},
       "error 22023: cannot delete path in scalar"},
      {"('{}'::jsonb #- '{a}'::text[])", Kind::kOperator, "#-", {{TypeId::kJsonb, "{}"}, {TypeId::kArray, "{a}", TypeId::kText}},
       "{}"},
  });
}

TEST_CASE("jsonb jsonb_set", "[jsonb]") {
  Check({
      {"jsonb_set('{\"a\":[1,2]}'::jsonb, '{a,5}'::text[], '\"x\"'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,5}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}},
       "{\"a\": [1, 2, \"x\"]}"},
      {"jsonb_set('{\"a\":[1,2]}'::jsonb, '{a,-5}'::text[], '\"x\"'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,-5}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}},
       "{\"a\": [\"x\", 1, 2]}"},
      {"jsonb_set('{\"a\":[1,2]}'::jsonb, '{a,0}'::text[], '\"x\"'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,0}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}},
       "{\"a\": [\"x\", 2]}"},
      {"jsonb_set('{\"a\":[1,2]}'::jsonb, '{a,-1}'::text[], '{\"y\":1}'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,-1}", TypeId::kText}, {TypeId::kJsonb, "{\"y\":1}"}},
       "{\"a\": [1, {\"y\": 1}]}"},
      {"jsonb_set('{\"a\":[1,2]}'::jsonb, '{a,5}'::text[], '\"x\"'::jsonb, 'f'::bool)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,5}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}, {TypeId::kBool, "f"}},
       "{\"a\": [1, 2]}"},
      {"jsonb_set('{\"a\":1}'::jsonb, '{b}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{b}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "{\"a\": 1, \"b\": 2}"},
      {"jsonb_set('{\"a\":1}'::jsonb, '{b}'::text[], '2'::jsonb, 'f'::bool)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{b}", TypeId::kText}, {TypeId::kJsonb, "2"}, {TypeId::kBool, "f"}},
       "{\"a\": 1}"},
      {"jsonb_set('{\"a\":1}'::jsonb, '{a}'::text[], '[true]'::jsonb, 'f'::bool)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{a}", TypeId::kText}, {TypeId::kJsonb, "[true]"}, {TypeId::kBool, "f"}},
       "{\"a\": [true]}"},
      {"jsonb_set('{}'::jsonb, '{a}'::text[], '1'::jsonb, 'f'::bool)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{}"}, {TypeId::kArray, "{a}", TypeId::kText}, {TypeId::kJsonb, "1"}, {TypeId::kBool, "f"}},
       "{}"},
      {"jsonb_set('{}'::jsonb, '{a}'::text[], '1'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{}"}, {TypeId::kArray, "{a}", TypeId::kText}, {TypeId::kJsonb, "1"}},
       "{\"a\": 1}"},
      {"jsonb_set('{}'::jsonb, '{a,b}'::text[], '1'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{}"}, {TypeId::kArray, "{a,b}", TypeId::kText}, {TypeId::kJsonb, "1"}},
       "{}"},
      {"jsonb_set('[]'::jsonb, '{3}'::text[], '1'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "[]"}, {TypeId::kArray, "{3}", TypeId::kText}, {TypeId::kJsonb, "1"}},
       "[1]"},
      {"jsonb_set('{\"a\":1}'::jsonb, '{}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "{\"a\": 1}"},
      {"jsonb_set('[1]'::jsonb, '{x}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "[1]"}, {TypeId::kArray, "{x}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "error 22P02: path element at position 1 is not an integer: \"x\""},
      {"jsonb_set('1'::jsonb, '{a}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "1"}, {TypeId::kArray, "{a}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "error 22023: cannot set path in scalar"},
      {"jsonb_set('{\"a\":1}'::jsonb, '{NULL}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{NULL}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "error 22004: path element at position 1 is null"},
      {"jsonb_set('{\"a\":{\"b\":[0,{\"c\":1}]}}'::jsonb, '{a,b,1,c}'::text[], '\"deep\"'::jsonb)", Kind::kFunction, "jsonb_set", {{TypeId::kJsonb, "{\"a\":{\"b\":[0,{\"c\":1}]}}"}, {TypeId::kArray, "{a,b,1,c}", TypeId::kText}, {TypeId::kJsonb, "\"deep\""}},
       "{\"a\": {\"b\": [0, {\"c\": \"deep\"}]}}"},
  });
}

TEST_CASE("jsonb jsonb_insert", "[jsonb]") {
  Check({
      {"jsonb_insert('{\"a\":[1,2]}'::jsonb, '{a,1}'::text[], '\"x\"'::jsonb)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,1}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}},
       "{\"a\": [1, \"x\", 2]}"},
      {"jsonb_insert('{\"a\":[1,2]}'::jsonb, '{a,1}'::text[], '\"x\"'::jsonb, 't'::bool)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,1}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}, {TypeId::kBool, "t"}},
       "{\"a\": [1, 2, \"x\"]}"},
      {"jsonb_insert('{\"a\":[]}'::jsonb, '{a,3}'::text[], '\"x\"'::jsonb)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":[]}"}, {TypeId::kArray, "{a,3}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}},
       "{\"a\": [\"x\"]}"},
      {"jsonb_insert('{\"a\":[1]}'::jsonb, '{a,-9}'::text[], '\"x\"'::jsonb)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":[1]}"}, {TypeId::kArray, "{a,-9}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}},
       "{\"a\": [\"x\", 1]}"},
      {"jsonb_insert('{\"a\":[1,2]}'::jsonb, '{a,-1}'::text[], '\"x\"'::jsonb, 't'::bool)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":[1,2]}"}, {TypeId::kArray, "{a,-1}", TypeId::kText}, {TypeId::kJsonb, "\"x\""}, {TypeId::kBool, "t"}},
       "{\"a\": [1, 2, \"x\"]}"},
      {"jsonb_insert('{\"a\":1}'::jsonb, '{b}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{b}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "{\"a\": 1, \"b\": 2}"},
      {"jsonb_insert('{\"a\":1}'::jsonb, '{a}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "{\"a\":1}"}, {TypeId::kArray, "{a}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "error 22023: cannot replace existing key"},
      {"jsonb_insert('\"s\"'::jsonb, '{a}'::text[], '2'::jsonb)", Kind::kFunction, "jsonb_insert", {{TypeId::kJsonb, "\"s\""}, {TypeId::kArray, "{a}", TypeId::kText}, {TypeId::kJsonb, "2"}},
       "error 22023: cannot set path in scalar"},
  });
}

TEST_CASE("jsonb to_jsonb of infinite dates and timestamps", "[jsonb]") {
  // to_jsonb('infinity'::date), to_jsonb('-infinity'::timestamp) in
  // PostgreSQL 15; the values are built directly (types/type.h).
  CHECK(CallValues(Kind::kFunction, "to_jsonb", {Type{TypeId::kDate}}, {Datum::FromInt(INT32_MAX)}) ==
        "\"infinity\"");
  CHECK(CallValues(Kind::kFunction, "to_jsonb", {Type{TypeId::kTimestamp}}, {Datum::FromInt(INT64_MIN)}) ==
        "\"-infinity\"");
}

}  // namespace
}  // namespace freshet::functions
