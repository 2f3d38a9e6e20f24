// Every function RegisterNumeric adds, called through the registry as the
// evaluator calls it. Expected values are what PostgreSQL 15 printed for
// `SELECT f('<arg>'::<type>, ...)::text` (errors as "ERROR <sqlstate>: <message>",
// SQL NULL as "").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/error.h"
#include "functions/registry.h"
#include "types/format.h"
#include "types/numeric.h"

namespace {

using freshet::functions::Args;
using freshet::functions::CastContext;
using freshet::functions::FuncDef;
using freshet::functions::Registry;
using freshet::types::Datum;
using freshet::types::Type;
using T = freshet::types::TypeId;

struct Call {
  const char* name;
  std::vector<T> types;
  std::vector<const char*> args;
  const char* want;
};

const FuncDef* Find(const char* name, const std::vector<T>& types) {
  const auto* defs = Registry::Get().Lookup(name, /*is_operator=*/false);
  if (defs == nullptr) return nullptr;
  for (const FuncDef& def : *defs) {
    if (def.params.size() != types.size()) continue;
    bool same = true;
    for (size_t i = 0; i < types.size(); ++i) same = same && def.params[i].type.id == types[i];
    if (same) return &def;
  }
  return nullptr;
}

std::string Show(const absl::Status& s) {
  freshet::ErrorInfo info = freshet::ToErrorInfo(s);
  return "ERROR " + info.code + ": " + info.message;
}

std::string Invoke(const FuncDef& def, const std::vector<T>& types, const std::vector<const char*>& texts) {
  std::vector<Datum> values;
  std::vector<Type> arg_types;
  for (size_t i = 0; i < types.size(); ++i) {
    arg_types.push_back(Type{types[i]});
    auto v = freshet::types::ParseText(arg_types.back(), texts[i]);
    REQUIRE(v.ok());
    values.push_back(*v);
  }
  Args args;
  args.values = values.data();
  args.types = arg_types.data();
  args.size = values.size();
  args.result = def.result.type;
  auto r = def.impl(args);
  if (!r.ok()) return Show(r.status());
  if (r->is_null()) return "";
  return freshet::types::ToText(def.result.type, *r);
}

const Call kCalls[] = {
    {"abs", {T::kInt2}, {"-5"}, "5"},
    {"abs", {T::kInt2}, {"-32768"}, "ERROR 22003: smallint out of range"},
    {"abs", {T::kInt4}, {"-2147483647"}, "2147483647"},
    {"abs", {T::kInt4}, {"-2147483648"}, "ERROR 22003: integer out of range"},
    {"abs", {T::kInt8}, {"-9223372036854775808"}, "ERROR 22003: bigint out of range"},
    {"abs", {T::kInt8}, {"-42"}, "42"},
    {"abs", {T::kFloat4}, {"-1.5"}, "1.5"},
    {"abs", {T::kFloat8}, {"-2.25"}, "2.25"},
    {"abs", {T::kNumeric}, {"-1.50"}, "1.50"},
    {"round", {T::kFloat8}, {"2.5"}, "2"},
    {"round", {T::kFloat8}, {"-3.5"}, "-4"},
    {"round", {T::kNumeric}, {"2.5"}, "3"},
    {"round", {T::kNumeric, T::kInt4}, {"2.345", "2"}, "2.35"},
    {"trunc", {T::kFloat8}, {"-2.7"}, "-2"},
    {"trunc", {T::kNumeric}, {"-2.7"}, "-2"},
    {"trunc", {T::kNumeric, T::kInt4}, {"2.345", "1"}, "2.3"},
    {"ceil", {T::kFloat8}, {"1.1"}, "2"},
    {"ceil", {T::kNumeric}, {"-1.1"}, "-1"},
    {"ceiling", {T::kFloat8}, {"-1.1"}, "-1"},
    {"ceiling", {T::kNumeric}, {"1.0001"}, "2"},
    {"floor", {T::kFloat8}, {"-1.1"}, "-2"},
    {"floor", {T::kNumeric}, {"1.9"}, "1"},
    {"sign", {T::kFloat8}, {"-0.5"}, "-1"},
    {"sign", {T::kNumeric}, {"12.5"}, "1"},
    {"sqrt", {T::kFloat8}, {"2"}, "1.4142135623730951"},
    {"sqrt", {T::kFloat8}, {"-1"}, "ERROR 2201F: cannot take square root of a negative number"},
    {"sqrt", {T::kNumeric}, {"2"}, "1.414213562373095"},
    {"cbrt", {T::kFloat8}, {"27"}, "3.0000000000000004"},
    {"cbrt", {T::kFloat8}, {"-2"}, "-1.2599210498948734"},
    {"power", {T::kFloat8, T::kFloat8}, {"2", "0.5"}, "1.4142135623730951"},
    {"power", {T::kFloat8, T::kFloat8}, {"0", "-1"}, "ERROR 2201F: zero raised to a negative power is undefined"},
    {"power", {T::kFloat8, T::kFloat8}, {"-8", "0.333"}, "ERROR 2201F: a negative number raised to a non-integer power yields a complex result"},
    {"power", {T::kFloat8, T::kFloat8}, {"10", "400"}, "ERROR 22003: value out of range: overflow"},
    {"power", {T::kFloat8, T::kFloat8}, {"10", "-400"}, "ERROR 22003: value out of range: underflow"},
    {"power", {T::kFloat8, T::kFloat8}, {"-1", "Infinity"}, "1"},
    {"power", {T::kFloat8, T::kFloat8}, {"NaN", "0"}, "1"},
    {"pow", {T::kFloat8, T::kFloat8}, {"2", "10"}, "1024"},
    {"pow", {T::kNumeric, T::kNumeric}, {"2", "10"}, "1024.0000000000000000"},
    {"power", {T::kNumeric, T::kNumeric}, {"1.5", "2.5"}, "2.7556759606310754"},
    {"exp", {T::kFloat8}, {"1"}, "2.718281828459045"},
    {"exp", {T::kFloat8}, {"1000"}, "ERROR 22003: value out of range: overflow"},
    {"exp", {T::kFloat8}, {"-1000"}, "ERROR 22003: value out of range: underflow"},
    {"exp", {T::kFloat8}, {"-Infinity"}, "0"},
    {"exp", {T::kNumeric}, {"1"}, "2.7182818284590452"},
    {"ln", {T::kFloat8}, {"10"}, "2.302585092994046"},
    {"ln", {T::kFloat8}, {"0"}, "ERROR 2201E: cannot take logarithm of zero"},
    {"ln", {T::kFloat8}, {"-1"}, "ERROR 2201E: cannot take logarithm of a negative number"},
    {"ln", {T::kNumeric}, {"10"}, "2.3025850929940457"},
    {"log", {T::kFloat8}, {"1000"}, "3"},
    {"log", {T::kFloat8}, {"0.5"}, "-0.3010299956639812"},
    {"log", {T::kNumeric}, {"1000"}, "3.0000000000000000"},
    {"log", {T::kNumeric, T::kNumeric}, {"2", "64"}, "6.0000000000000000"},
    {"log10", {T::kFloat8}, {"2"}, "0.3010299956639812"},
    {"log10", {T::kNumeric}, {"2"}, "0.3010299956639812"},
    {"mod", {T::kInt2, T::kInt2}, {"-7", "3"}, "-1"},
    {"mod", {T::kInt4, T::kInt4}, {"7", "0"}, "ERROR 22012: division by zero"},
    {"mod", {T::kInt4, T::kInt4}, {"-2147483648", "-1"}, "0"},
    {"mod", {T::kInt8, T::kInt8}, {"9223372036854775807", "10"}, "7"},
    {"mod", {T::kNumeric, T::kNumeric}, {"7.5", "2"}, "1.5"},
    {"div", {T::kNumeric, T::kNumeric}, {"7.5", "2"}, "3"},
    {"gcd", {T::kInt4, T::kInt4}, {"12", "-18"}, "6"},
    {"gcd", {T::kInt4, T::kInt4}, {"-2147483648", "0"}, "ERROR 22003: integer out of range"},
    {"gcd", {T::kInt4, T::kInt4}, {"-2147483648", "-1"}, "1"},
    {"gcd", {T::kInt8, T::kInt8}, {"-9223372036854775808", "6"}, "2"},
    {"gcd", {T::kInt8, T::kInt8}, {"-9223372036854775808", "0"}, "ERROR 22003: bigint out of range"},
    {"gcd", {T::kNumeric, T::kNumeric}, {"0.5", "0.75"}, "0.25"},
    {"lcm", {T::kInt4, T::kInt4}, {"4", "-6"}, "12"},
    {"lcm", {T::kInt4, T::kInt4}, {"65536", "65537"}, "ERROR 22003: integer out of range"},
    {"lcm", {T::kInt8, T::kInt8}, {"4294967296", "4294967297"}, "ERROR 22003: bigint out of range"},
    {"lcm", {T::kInt8, T::kInt8}, {"9223372036854775807", "2"}, "ERROR 22003: bigint out of range"},
    {"lcm", {T::kNumeric, T::kNumeric}, {"0.5", "0.75"}, "1.50"},
    {"pi", {}, {}, "3.141592653589793"},
    {"degrees", {T::kFloat8}, {"1"}, "57.29577951308232"},
    {"radians", {T::kFloat8}, {"180"}, "3.141592653589793"},
    {"sin", {T::kFloat8}, {"1"}, "0.8414709848078965"},
    {"sin", {T::kFloat8}, {"Infinity"}, "ERROR 22003: input is out of range"},
    {"sin", {T::kFloat8}, {"NaN"}, "NaN"},
    {"cos", {T::kFloat8}, {"1"}, "0.5403023058681398"},
    {"tan", {T::kFloat8}, {"1"}, "1.5574077246549023"},
    {"cot", {T::kFloat8}, {"1"}, "0.6420926159343306"},
    {"cot", {T::kFloat8}, {"0"}, "Infinity"},
    {"asin", {T::kFloat8}, {"0.5"}, "0.5235987755982989"},
    {"asin", {T::kFloat8}, {"2"}, "ERROR 22003: input is out of range"},
    {"acos", {T::kFloat8}, {"-1"}, "3.141592653589793"},
    {"atan", {T::kFloat8}, {"1"}, "0.7853981633974483"},
    {"atan2", {T::kFloat8, T::kFloat8}, {"1", "-1"}, "2.356194490192345"},
    {"atan2", {T::kFloat8, T::kFloat8}, {"NaN", "1"}, "NaN"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"5.35", "0.024", "10.06", "5"}, "3"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"-1", "0", "10", "5"}, "0"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"10", "0", "10", "5"}, "6"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"3", "10", "0", "5"}, "4"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"3", "0", "10", "0"}, "ERROR 2201G: count must be greater than zero"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"3", "0", "0", "5"}, "ERROR 2201G: lower bound cannot equal upper bound"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"3", "0", "Infinity", "5"}, "ERROR 2201G: lower and upper bounds must be finite"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"NaN", "0", "10", "5"}, "ERROR 2201G: operand, lower bound, and upper bound cannot be NaN"},
    {"width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, {"10", "0", "10", "2147483647"}, "ERROR 22003: integer out of range"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"5.35", "0.024", "10.06", "5"}, "3"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"3", "10", "0", "5"}, "4"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"10", "0", "10", "5"}, "6"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"Infinity", "0", "10", "5"}, "6"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"1", "0", "Infinity", "5"}, "ERROR 2201G: lower and upper bounds must be finite"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"NaN", "0", "10", "5"}, "ERROR 2201G: operand, lower bound, and upper bound cannot be NaN"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"1", "1", "1", "5"}, "ERROR 2201G: lower bound cannot equal upper bound"},
    {"width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, {"1", "0", "2", "-1"}, "ERROR 2201G: count must be greater than zero"},
    {"scale", {T::kNumeric}, {"1.500"}, "3"},
    {"scale", {T::kNumeric}, {"NaN"}, ""},
    {"min_scale", {T::kNumeric}, {"1.500"}, "1"},
    {"trim_scale", {T::kNumeric}, {"1.500"}, "1.5"},
};

}  // namespace

TEST_CASE("numeric and math functions match PostgreSQL 15") {
  for (const Call& c : kCalls) {
    INFO(c.name << " " << c.types.size() << " args");
    const FuncDef* def = Find(c.name, c.types);
    REQUIRE(def != nullptr);
    CHECK(Invoke(*def, c.types, c.args) == c.want);
  }
}

TEST_CASE("result types are pg_proc's") {
  CHECK(Find("abs", {T::kInt2})->result.type.id == T::kInt2);
  CHECK(Find("abs", {T::kFloat4})->result.type.id == T::kFloat4);
  CHECK(Find("scale", {T::kNumeric})->result.type.id == T::kInt4);
  CHECK(Find("min_scale", {T::kNumeric})->result.type.id == T::kInt4);
  CHECK(Find("width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4})->result.type.id == T::kInt4);
  CHECK(Find("log", {T::kNumeric, T::kNumeric})->result.type.id == T::kNumeric);
  CHECK(Find("div", {T::kNumeric, T::kNumeric})->result.type.id == T::kNumeric);
  CHECK(Find("pi", {})->result.type.id == T::kFloat8);
  // No trigonometry on numeric, no round(float8, int4): PostgreSQL has neither.
  CHECK(Find("sin", {T::kNumeric}) == nullptr);
  CHECK(Find("round", {T::kFloat8, T::kInt4}) == nullptr);
}

TEST_CASE("random() is volatile and in [0, 1)") {
  const FuncDef* def = Find("random", {});
  REQUIRE(def != nullptr);
  CHECK(def->is_volatile);
  CHECK_FALSE(Find("pi", {})->is_volatile);
  for (int i = 0; i < 1000; ++i) {
    Args args;
    auto r = def->impl(args);
    REQUIRE(r.ok());
    CHECK(r->as_double() >= 0.0);
    CHECK(r->as_double() < 1.0);
  }
}

namespace {

std::string Cast(T from, const char* text, Type to) {
  const auto* cast = Registry::Get().FindCast(from, to.id);
  REQUIRE(cast != nullptr);
  Type from_type{from};
  auto v = freshet::types::ParseText(from_type, text);
  REQUIRE(v.ok());
  Args args;
  args.values = &*v;
  args.types = &from_type;
  args.size = 1;
  args.result = to;
  auto r = cast->impl(args);
  if (!r.ok()) {
    freshet::ErrorInfo info = freshet::ToErrorInfo(r.status());
    return "ERROR " + info.code + ": " + info.message + (info.detail.empty() ? "" : " DETAIL: " + info.detail);
  }
  return freshet::types::ToText(to, *r);
}

}  // namespace

TEST_CASE("casts to and from numeric as PostgreSQL 15") {
  const auto* reg = &Registry::Get();
  CHECK(reg->FindCast(T::kInt4, T::kNumeric)->context == CastContext::kImplicit);
  CHECK(reg->FindCast(T::kFloat8, T::kNumeric)->context == CastContext::kAssignment);
  CHECK(reg->FindCast(T::kNumeric, T::kInt8)->context == CastContext::kAssignment);
  CHECK(reg->FindCast(T::kNumeric, T::kFloat8)->context == CastContext::kImplicit);
  const Type numeric{T::kNumeric};
  int32_t typmod_5_2 = *freshet::types::numeric::MakeTypmod(5, 2);
  // SELECT 42::int8::numeric, 0.1::float8::numeric, 0.1::float4::numeric,
  //   1e20::float8::numeric, 2.5::numeric::int4, 'NaN'::numeric::int4, ...
  CHECK(Cast(T::kInt8, "42", numeric) == "42");
  CHECK(Cast(T::kInt4, "-7", Type{T::kNumeric, typmod_5_2}) == "-7.00");
  CHECK(Cast(T::kInt4, "1000", Type{T::kNumeric, typmod_5_2}) ==
        "ERROR 22003: numeric field overflow DETAIL: A field with precision 5, scale 2 must round to an absolute "
        "value less than 10^3.");
  CHECK(Cast(T::kFloat8, "0.1", numeric) == "0.1");
  CHECK(Cast(T::kFloat4, "0.1", numeric) == "0.1");
  CHECK(Cast(T::kFloat8, "1e20", numeric) == "100000000000000000000");
  CHECK(Cast(T::kFloat8, "3.141592653589793", numeric) == "3.14159265358979");
  CHECK(Cast(T::kFloat4, "3.14159265", numeric) == "3.14159");
  CHECK(Cast(T::kFloat8, "NaN", numeric) == "NaN");
  CHECK(Cast(T::kFloat8, "-Infinity", numeric) == "-Infinity");
  CHECK(Cast(T::kNumeric, "2.5", Type{T::kInt4}) == "3");
  CHECK(Cast(T::kNumeric, "-2.5", Type{T::kInt2}) == "-3");
  CHECK(Cast(T::kNumeric, "NaN", Type{T::kInt4}) == "ERROR 0A000: cannot convert NaN to integer");
  CHECK(Cast(T::kNumeric, "Infinity", Type{T::kInt8}) == "ERROR 0A000: cannot convert infinity to bigint");
  CHECK(Cast(T::kNumeric, "99999999999", Type{T::kInt4}) == "ERROR 22003: integer out of range");
  CHECK(Cast(T::kNumeric, "32767.5", Type{T::kInt2}) == "ERROR 22003: smallint out of range");
  CHECK(Cast(T::kNumeric, "0.1", Type{T::kFloat8}) == "0.1");
  CHECK(Cast(T::kNumeric, "1e400", Type{T::kFloat8}).rfind("ERROR 22003: \"1000", 0) == 0);
  CHECK(Cast(T::kNumeric, "12.345", Type{T::kNumeric, typmod_5_2}) == "12.35");
  CHECK(Cast(T::kNumeric, "Infinity", Type{T::kNumeric, typmod_5_2}) ==
        "ERROR 22003: numeric field overflow DETAIL: A field with precision 5, scale 2 cannot hold an infinite "
        "value.");
}
