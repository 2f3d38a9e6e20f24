// Array functions and operators, called the way the evaluator calls them:
// resolved against the registry, strict functions not called with NULLs.
// Each expected result is PostgreSQL 15's answer to
// `SELECT (f(args))::text` with the same typed arguments.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/error.h"
#include "functions/registry.h"
#include "functions/resolve.h"
#include "types/array.h"
#include "types/format.h"

using freshet::functions::Args;
using freshet::functions::Resolution;
using freshet::functions::Resolve;
using freshet::types::ArrayOf;
using freshet::types::Datum;
using freshet::types::Type;
using freshet::types::TypeFromName;
using freshet::types::TypeId;
namespace array = freshet::types::array;

namespace {

struct Value {
  Type type;
  Datum datum;
};

// A value of `type` ("int4", "text[]") from its text form; NULL for nullptr.
Value V(const std::string& type, const char* text) {
  Value v;
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
    v.type = ArrayOf(Type{*TypeFromName(type.substr(0, type.size() - 2))});
  } else {
    v.type = Type{*TypeFromName(type)};
  }
  if (text != nullptr) {
    absl::StatusOr<Datum> d = freshet::types::ParseText(v.type, text);
    REQUIRE(d.ok());
    v.datum = *d;
  }
  return v;
}

// The result as `::text` shows it, "NULL", or "ERROR <code>: <message>
// [DETAIL: <detail>]".
std::string Call(const std::string& name, bool is_operator, const std::vector<Value>& args) {
  std::vector<Type> types;
  std::vector<Datum> values;
  for (const Value& v : args) {
    types.push_back(v.type);
    values.push_back(v.datum);
  }
  absl::StatusOr<Resolution> res = Resolve(name, is_operator, types);
  if (!res.ok()) return "RESOLVE " + res.status().ToString();
  bool any_null = false;
  for (const Datum& d : values) any_null = any_null || d.is_null();
  if (res->def->strict && any_null) return "NULL";
  Args call;
  call.values = values.data();
  call.types = res->param_types.data();
  call.size = values.size();
  call.result = res->result;
  absl::StatusOr<Datum> out = res->def->impl(call);
  if (!out.ok()) {
    freshet::ErrorInfo e = freshet::ToErrorInfo(out.status());
    std::string s = "ERROR " + e.code + ": " + e.message;
    if (!e.detail.empty()) s += " DETAIL: " + e.detail;
    return s;
  }
  if (out->is_null()) return "NULL";
  if (res->result.id == TypeId::kBool) return out->as_bool() ? "true" : "false";
  return freshet::types::ToText(res->result, *out);
}

void Check(const std::string& name, bool is_operator, const std::vector<Value>& args, const std::string& expected) {
  INFO(name);
  for (const Value& v : args) {
    INFO((v.datum.is_null() ? std::string("NULL") : freshet::types::ToText(v.type, v.datum)));
  }
  CHECK(Call(name, is_operator, args) == expected);
}

}  // namespace

TEST_CASE("array functions and operators answer as PostgreSQL") {
  Check("array_length", false, {V("int4[]", "{1,2,3}"), V("int4", "1")}, "3");
  Check("array_length", false, {V("int4[]", "{{1,2,3},{4,5,6}}"), V("int4", "2")}, "3");
  Check("array_length", false, {V("int4[]", "{1,2,3}"), V("int4", "2")}, "NULL");
  Check("array_length", false, {V("int4[]", "{1,2,3}"), V("int4", "0")}, "NULL");
  Check("array_length", false, {V("int4[]", "{}"), V("int4", "1")}, "NULL");
  Check("array_length", false, {V("int4[]", nullptr), V("int4", "1")}, "NULL");
  Check("array_lower", false, {V("int4[]", "[-3:-1]={1,2,3}"), V("int4", "1")}, "-3");
  Check("array_lower", false, {V("int4[]", "{}"), V("int4", "1")}, "NULL");
  Check("array_upper", false, {V("int4[]", "[-3:-1]={1,2,3}"), V("int4", "1")}, "-1");
  Check("array_upper", false, {V("int4[]", "{{1,2,3},{4,5,6}}"), V("int4", "2")}, "3");
  Check("array_upper", false, {V("int4[]", "{{1,2,3},{4,5,6}}"), V("int4", "3")}, "NULL");
  Check("array_ndims", false, {V("int4[]", "{{1,2,3},{4,5,6}}")}, "2");
  Check("array_ndims", false, {V("int4[]", "{}")}, "NULL");
  Check("array_dims", false, {V("int4[]", "[2:3][1:1]={{1},{2}}")}, "[2:3][1:1]");
  Check("array_dims", false, {V("text[]", "{a,b}")}, "[1:2]");
  Check("array_dims", false, {V("int4[]", "{}")}, "NULL");
  Check("cardinality", false, {V("int4[]", "{{1,2},{3,4}}")}, "4");
  Check("cardinality", false, {V("int4[]", "{}")}, "0");
  Check("cardinality", false, {V("text[]", "{NULL}")}, "1");
  Check("array_position", false, {V("int4[]", "{1,2,1}"), V("int4", "1")}, "1");
  Check("array_position", false, {V("text[]", "{a,NULL,b}"), V("text", nullptr)}, "2");
  Check("array_position", false, {V("int4[]", "{1,2,1}"), V("int4", "3")}, "NULL");
  Check("array_position", false, {V("int4[]", "{1,2,1}"), V("int4", "1"), V("int4", "2")}, "3");
  Check("array_position", false, {V("int4[]", "[5:7]={1,2,1}"), V("int4", "1"), V("int4", "6")}, "7");
  Check("array_position", false, {V("int4[]", "{1,2,1}"), V("int4", "1"), V("int4", nullptr)}, "ERROR 22004: initial position must not be null");
  Check("array_position", false, {V("int4[]", "{{1}}"), V("int4", "1")}, "ERROR 0A000: searching for elements in multidimensional arrays is not supported");
  Check("array_position", false, {V("int4[]", nullptr), V("int4", "1")}, "NULL");
  Check("array_position", false, {V("int4[]", "{}"), V("int4", "1")}, "NULL");
  Check("array_positions", false, {V("int4[]", "{1,2,1}"), V("int4", "1")}, "{1,3}");
  Check("array_positions", false, {V("int4[]", "[5:7]={1,2,1}"), V("int4", "1")}, "{5,7}");
  Check("array_positions", false, {V("int4[]", "{1,NULL,NULL}"), V("int4", nullptr)}, "{2,3}");
  Check("array_positions", false, {V("int4[]", "{1,2}"), V("int4", "3")}, "{}");
  Check("array_positions", false, {V("int4[]", nullptr), V("int4", "3")}, "NULL");
  Check("array_positions", false, {V("int4[]", "{{1}}"), V("int4", "1")}, "ERROR 0A000: searching for elements in multidimensional arrays is not supported");
  Check("array_append", false, {V("int4[]", "{1,2}"), V("int4", "3")}, "{1,2,3}");
  Check("array_append", false, {V("int4[]", "{1,2}"), V("int4", nullptr)}, "{1,2,NULL}");
  Check("array_append", false, {V("int4[]", nullptr), V("int4", "3")}, "{3}");
  Check("array_append", false, {V("int4[]", "{}"), V("int4", "3")}, "{3}");
  Check("array_append", false, {V("int4[]", "[5:6]={1,2}"), V("int4", "3")}, "[5:7]={1,2,3}");
  Check("array_append", false, {V("int4[]", "{{1}}"), V("int4", "3")}, "ERROR 22000: argument must be empty or one-dimensional array");
  Check("array_prepend", false, {V("int4", "0"), V("int4[]", "{1,2}")}, "{0,1,2}");
  Check("array_prepend", false, {V("int4", "0"), V("int4[]", "[5:6]={1,2}")}, "[5:7]={0,1,2}");
  Check("array_prepend", false, {V("int4", nullptr), V("int4[]", nullptr)}, "{NULL}");
  Check("array_prepend", false, {V("text", "x y"), V("text[]", "{}")}, "{\"x y\"}");
  Check("array_cat", false, {V("int4[]", "{1,2}"), V("int4[]", "{3,4}")}, "{1,2,3,4}");
  Check("array_cat", false, {V("int4[]", "{{1,2}}"), V("int4[]", "{3,4}")}, "{{1,2},{3,4}}");
  Check("array_cat", false, {V("int4[]", "{1,2}"), V("int4[]", "{{3,4}}")}, "{{1,2},{3,4}}");
  Check("array_cat", false, {V("int4[]", "{{1,2}}"), V("int4[]", "{{3,4},{5,6}}")}, "{{1,2},{3,4},{5,6}}");
  Check("array_cat", false, {V("int4[]", "{}"), V("int4[]", "[3:4]={3,4}")}, "[3:4]={3,4}");
  Check("array_cat", false, {V("int4[]", "[3:4]={3,4}"), V("int4[]", "{5}")}, "[3:5]={3,4,5}");
  Check("array_cat", false, {V("int4[]", nullptr), V("int4[]", "{3,4}")}, "{3,4}");
  Check("array_cat", false, {V("int4[]", nullptr), V("int4[]", nullptr)}, "NULL");
  Check("array_cat", false, {V("int4[]", "{{1}}"), V("int4[]", "{{{1}}}")}, "{{{1}},{{1}}}");
  Check("array_cat", false, {V("int4[]", "{1}"), V("int4[]", "{{{1}}}")}, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays of 1 and 3 dimensions are not compatible for concatenation.");
  Check("array_cat", false, {V("int4[]", "{{1,2}}"), V("int4[]", "{{1}}")}, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing element dimensions are not compatible for concatenation.");
  Check("array_cat", false, {V("int4[]", "{1}"), V("int4[]", "{{1,2}}")}, "ERROR 2202E: cannot concatenate incompatible arrays DETAIL: Arrays with differing dimensions are not compatible for concatenation.");
  Check("array_remove", false, {V("int4[]", "{1,2,1,3}"), V("int4", "1")}, "{2,3}");
  Check("array_remove", false, {V("int4[]", "[3:5]={1,2,1}"), V("int4", "1")}, "[3:3]={2}");
  Check("array_remove", false, {V("int4[]", "{1,1}"), V("int4", "1")}, "{}");
  Check("array_remove", false, {V("int4[]", "{1,NULL}"), V("int4", nullptr)}, "{1}");
  Check("array_remove", false, {V("int4[]", "[3:4]={1,2}"), V("int4", "9")}, "[3:4]={1,2}");
  Check("array_remove", false, {V("int4[]", "{{1}}"), V("int4", "1")}, "ERROR 0A000: removing elements from multidimensional arrays is not supported");
  Check("array_remove", false, {V("int4[]", nullptr), V("int4", "1")}, "NULL");
  Check("array_replace", false, {V("int4[]", "{{1,2},{1,3}}"), V("int4", "1"), V("int4", "9")}, "{{9,2},{9,3}}");
  Check("array_replace", false, {V("int4[]", "{1,NULL}"), V("int4", nullptr), V("int4", "0")}, "{1,0}");
  Check("array_replace", false, {V("text[]", "{a,b}"), V("text", "a"), V("text", nullptr)}, "{NULL,b}");
  Check("array_to_string", false, {V("int4[]", "{1,NULL,3}"), V("text", ",")}, "1,3");
  Check("array_to_string", false, {V("int4[]", "{1,NULL,3}"), V("text", ","), V("text", "*")}, "1,*,3");
  Check("array_to_string", false, {V("int4[]", "{1,NULL,3}"), V("text", ","), V("text", nullptr)}, "1,3");
  Check("array_to_string", false, {V("text[]", "{{a,b},{c,d}}"), V("text", "-")}, "a-b-c-d");
  Check("array_to_string", false, {V("float8[]", "{1.5,NaN}"), V("text", "; ")}, "1.5; NaN");
  Check("array_to_string", false, {V("int4[]", "{}"), V("text", ",")}, "");
  Check("array_to_string", false, {V("int4[]", "{1}"), V("text", nullptr), V("text", "x")}, "NULL");
  Check("string_to_array", false, {V("text", "a,b,,c"), V("text", ",")}, "{a,b,\"\",c}");
  Check("string_to_array", false, {V("text", "abc"), V("text", nullptr)}, "{a,b,c}");
  Check("string_to_array", false, {V("text", "héllo"), V("text", nullptr)}, "{h,é,l,l,o}");
  Check("string_to_array", false, {V("text", "abc"), V("text", "")}, "{abc}");
  Check("string_to_array", false, {V("text", ""), V("text", ",")}, "{}");
  Check("string_to_array", false, {V("text", "a,x,b"), V("text", ","), V("text", "x")}, "{a,NULL,b}");
  Check("string_to_array", false, {V("text", "a<>b<>"), V("text", "<>")}, "{a,b,\"\"}");
  Check("string_to_array", false, {V("text", nullptr), V("text", ",")}, "NULL");
  Check("string_to_array", false, {V("text", "a b"), V("text", ","), V("text", nullptr)}, "{\"a b\"}");
  Check("trim_array", false, {V("int4[]", "{1,2,3}"), V("int4", "1")}, "{1,2}");
  Check("trim_array", false, {V("int4[]", "{1,2,3}"), V("int4", "3")}, "{}");
  Check("trim_array", false, {V("int4[]", "{1,2}"), V("int4", "3")}, "ERROR 2202E: number of elements to trim must be between 0 and 2");
  Check("trim_array", false, {V("int4[]", "{1,2}"), V("int4", "-1")}, "ERROR 2202E: number of elements to trim must be between 0 and 2");
  Check("trim_array", false, {V("int4[]", "{{1,2},{3,4}}"), V("int4", "1")}, "{{1,2}}");
  Check("trim_array", false, {V("int4[]", "[3:4]={1,2}"), V("int4", "0")}, "{1,2}");
  Check("trim_array", false, {V("int4[]", "{}"), V("int4", "0")}, "{}");
  Check("||", true, {V("int4[]", "{1,2}"), V("int4[]", "{3}")}, "{1,2,3}");
  Check("||", true, {V("int4[]", "{1,2}"), V("int4", "3")}, "{1,2,3}");
  Check("||", true, {V("int4", "0"), V("int4[]", "{1,2}")}, "{0,1,2}");
  Check("||", true, {V("int4[]", nullptr), V("int4", "3")}, "{3}");
  Check("||", true, {V("text[]", "{a}"), V("text[]", nullptr)}, "{a}");
  Check("@>", true, {V("int4[]", "{1,2,3}"), V("int4[]", "{3,1,1}")}, "true");
  Check("@>", true, {V("int4[]", "{1,NULL}"), V("int4[]", "{NULL}")}, "false");
  Check("@>", true, {V("int4[]", "{}"), V("int4[]", "{}")}, "true");
  Check("@>", true, {V("int4[]", "{{1,2},{3,4}}"), V("int4[]", "{4}")}, "true");
  Check("@>", true, {V("int4[]", "{1}"), V("int4[]", "{1,5}")}, "false");
  Check("<@", true, {V("int4[]", "{1}"), V("int4[]", "{1,2}")}, "true");
  Check("<@", true, {V("int4[]", "{1,3}"), V("int4[]", "{1,2}")}, "false");
  Check("&&", true, {V("int4[]", "{1,2}"), V("int4[]", "{2,3}")}, "true");
  Check("&&", true, {V("int4[]", "{1,NULL}"), V("int4[]", "{NULL}")}, "false");
  Check("&&", true, {V("int4[]", "{1}"), V("int4[]", "{}")}, "false");
  Check("&&", true, {V("text[]", "{a,b}"), V("text[]", "{c,b}")}, "true");
}

TEST_CASE("array subscripts and slices follow PostgreSQL") {
  auto value = [](const char* text) {
    absl::StatusOr<array::ArrayValue> v = array::Decode(V("int4[]", text).datum);
    REQUIRE(v.ok());
    return *v;
  };
  const Type ints = ArrayOf(Type{TypeId::kInt4});
  auto text = [&](const Datum& d) { return d.is_null() ? std::string("NULL") : freshet::types::ToText(ints, d); };
  // SELECT ('{10,20,30}'::int[])[2], [0], [4]; ('[0:2]={1,2,3}'::int[])[0]
  CHECK(array::Subscript(value("{10,20,30}"), 2) == Datum::FromInt(20));
  CHECK(array::Subscript(value("{10,20,30}"), 0).is_null());
  CHECK(array::Subscript(value("{10,20,30}"), 4).is_null());
  CHECK(array::Subscript(value("[0:2]={1,2,3}"), 0) == Datum::FromInt(1));
  // ('{{1,2},{3,4}}'::int[])[2][1] = 3, [2] alone is NULL
  CHECK(array::Subscript(value("{{1,2},{3,4}}"), {2, 1}) == Datum::FromInt(3));
  CHECK(array::Subscript(value("{{1,2},{3,4}}"), 2).is_null());
  CHECK(array::Subscript(value("{}"), 1).is_null());
  // ('{1,2,3,4}'::int[])[2:3] = {2,3}; [3:] = {3,4}; [:2] = {1,2}; [0:9] = {1,2,3,4}; [3:2] = {}
  CHECK(text(array::Slice(value("{1,2,3,4}"), {{2, 3}})) == "{2,3}");
  CHECK(text(array::Slice(value("{1,2,3,4}"), {{3, std::nullopt}})) == "{3,4}");
  CHECK(text(array::Slice(value("{1,2,3,4}"), {{std::nullopt, 2}})) == "{1,2}");
  CHECK(text(array::Slice(value("{1,2,3,4}"), {{0, 9}})) == "{1,2,3,4}");
  CHECK(text(array::Slice(value("{1,2,3,4}"), {{3, 2}})) == "{}");
  CHECK(text(array::Slice(value("{1,2,3,4}"), {{5, 6}})) == "{}");
  // ('[0:3]={1,2,3,4}'::int[])[1:2] = {2,3} (slices start at 1)
  CHECK(text(array::Slice(value("[0:3]={1,2,3,4}"), {{1, 2}})) == "{2,3}");
  // ('{{1,2,3},{4,5,6}}'::int[])[1:2][2:3] = {{2,3},{5,6}}; [2:2] = {{4,5,6}}
  CHECK(text(array::Slice(value("{{1,2,3},{4,5,6}}"), {{1, 2}, {2, 3}})) == "{{2,3},{5,6}}");
  CHECK(text(array::Slice(value("{{1,2,3},{4,5,6}}"), {{2, 2}})) == "{{4,5,6}}");
}

TEST_CASE("array construction: ARRAY[...] and array_agg") {
  const Type ints = ArrayOf(Type{TypeId::kInt4});
  auto text = [&](const Datum& d) { return freshet::types::ToText(ints, d); };
  CHECK(text(array::FromElements({Datum::FromInt(1), Datum(), Datum::FromInt(3)})) == "{1,NULL,3}");
  CHECK(text(array::FromElements({})) == "{}");
  // SELECT ARRAY[ARRAY[1,2], ARRAY[3,4]]
  std::vector<Datum> rows = {V("int4[]", "{1,2}").datum, V("int4[]", "{3,4}").datum};
  absl::StatusOr<Datum> m = array::FromSubarrays(rows, array::StackMode::kArrayConstructor);
  REQUIRE(m.ok());
  CHECK(text(*m) == "{{1,2},{3,4}}");
  // SELECT ARRAY['[0:1]={1,2}'::int[], '[0:1]={3,4}'] keeps the inner bounds.
  rows = {V("int4[]", "[0:1]={1,2}").datum, V("int4[]", "[0:1]={3,4}").datum};
  m = array::FromSubarrays(rows, array::StackMode::kArrayConstructor);
  REQUIRE(m.ok());
  CHECK(text(*m) == "[1:2][0:1]={{1,2},{3,4}}");
  // SELECT ARRAY['{}'::int[], '{}'] = '{}'
  rows = {V("int4[]", "{}").datum, V("int4[]", "{}").datum};
  m = array::FromSubarrays(rows, array::StackMode::kArrayConstructor);
  REQUIRE(m.ok());
  CHECK(text(*m) == "{}");
  // SELECT ARRAY[NULL::int[], '{}'] = '{}'; ARRAY[ARRAY[1], NULL] and
  // ARRAY['{1}'::int[], '{}'] are errors.
  rows = {Datum(), V("int4[]", "{}").datum};
  m = array::FromSubarrays(rows, array::StackMode::kArrayConstructor);
  REQUIRE(m.ok());
  CHECK(text(*m) == "{}");
  for (const Datum& other : {Datum(), V("int4[]", "{}").datum}) {
    rows = {V("int4[]", "{1}").datum, other};
    m = array::FromSubarrays(rows, array::StackMode::kArrayConstructor);
    REQUIRE_FALSE(m.ok());
    CHECK(freshet::ToErrorInfo(m.status()).message ==
          "multidimensional arrays must have array expressions with matching dimensions");
  }
  // SELECT ARRAY[ARRAY[1,2], ARRAY[3]]
  rows = {V("int4[]", "{1,2}").datum, V("int4[]", "{3}").datum};
  m = array::FromSubarrays(rows, array::StackMode::kArrayConstructor);
  REQUIRE_FALSE(m.ok());
  CHECK(freshet::ToErrorInfo(m.status()).code == "2202E");
  CHECK(freshet::ToErrorInfo(m.status()).message ==
        "multidimensional arrays must have array expressions with matching dimensions");
  // SELECT array_agg(a) FROM (VALUES ('{1,2}'::int[]), ('{3}')) t(a)
  m = array::FromSubarrays(rows, array::StackMode::kArrayAgg);
  REQUIRE_FALSE(m.ok());
  CHECK(freshet::ToErrorInfo(m.status()).message == "cannot accumulate arrays of different dimensionality");
  rows = {V("int4[]", "{}").datum};
  m = array::FromSubarrays(rows, array::StackMode::kArrayAgg);
  REQUIRE_FALSE(m.ok());
  CHECK(freshet::ToErrorInfo(m.status()).code == "2202E");
  CHECK(freshet::ToErrorInfo(m.status()).message == "cannot accumulate empty arrays");
  rows = {V("int4[]", "{1}").datum, Datum()};
  m = array::FromSubarrays(rows, array::StackMode::kArrayAgg);
  REQUIRE_FALSE(m.ok());
  CHECK(freshet::ToErrorInfo(m.status()).code == "22004");
  CHECK(freshet::ToErrorInfo(m.status()).message == "cannot accumulate null arrays");
}

TEST_CASE("ANY and ALL use three-valued logic") {
  using R = std::vector<std::optional<bool>>;
  // 1 = ANY('{1,NULL}') true; 2 = ANY('{1,NULL}') NULL; 2 = ANY('{}') false
  CHECK(array::AnyOf(R{true, std::nullopt}) == std::optional<bool>(true));
  CHECK(array::AnyOf(R{false, std::nullopt}) == std::nullopt);
  CHECK(array::AnyOf(R{}) == std::optional<bool>(false));
  // 1 = ALL('{1,NULL}') NULL; 2 = ALL('{1,NULL}') false; 1 = ALL('{}') true
  CHECK(array::AllOf(R{true, std::nullopt}) == std::nullopt);
  CHECK(array::AllOf(R{false, std::nullopt}) == std::optional<bool>(false));
  CHECK(array::AllOf(R{}) == std::optional<bool>(true));
}
