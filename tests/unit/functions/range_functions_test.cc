// Range constructors, functions and operators, called the way the evaluator
// calls them:
// resolved against the registry, strict functions not called with NULLs.
// Each expected result is PostgreSQL 15's answer to
// `SELECT (f(args))::text` with the same typed arguments.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/error.h"
#include "functions/registry.h"
#include "functions/resolve.h"
#include "types/format.h"
#include "types/range.h"

using freshet::functions::Args;
using freshet::functions::Resolution;
using freshet::functions::Resolve;
using freshet::types::Datum;
using freshet::types::Type;
using freshet::types::TypeFromName;
using freshet::types::TypeId;

namespace {

struct Value {
  Type type;
  Datum datum;
};

// A value of `type` ("int4", "int4range") from its text form; NULL for nullptr.
Value V(const std::string& type, const char* text) {
  Value v;
  v.type = Type{*TypeFromName(type)};
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

TEST_CASE("range constructors, functions and operators answer as PostgreSQL") {
  Check("int4range", false, {V("int4", "1"), V("int4", "5")}, "[1,5)");
  Check("int4range", false, {V("int4", "1"), V("int4", "5"), V("text", "[]")}, "[1,6)");
  Check("int4range", false, {V("int4", "1"), V("int4", "5"), V("text", "()")}, "[2,5)");
  Check("int4range", false, {V("int4", "1"), V("int4", "5"), V("text", "(]")}, "[2,6)");
  Check("int4range", false, {V("int4", nullptr), V("int4", "5")}, "(,5)");
  Check("int4range", false, {V("int4", nullptr), V("int4", nullptr)}, "(,)");
  Check("int4range", false, {V("int4", "5"), V("int4", "1")}, "ERROR 22000: range lower bound must be less than or equal to range upper bound");
  Check("int4range", false, {V("int4", "1"), V("int4", "5"), V("text", "xx")}, "ERROR 42601: invalid range bound flags");
  Check("int4range", false, {V("int4", "1"), V("int4", "5"), V("text", "[")}, "ERROR 42601: invalid range bound flags");
  Check("int4range", false, {V("int4", "1"), V("int4", "5"), V("text", nullptr)}, "ERROR 22000: range constructor flags argument must not be null");
  Check("int4range", false, {V("int4", "1"), V("int4", "2147483647"), V("text", "[]")}, "ERROR 22003: integer out of range");
  Check("int4range", false, {V("int4", "3"), V("int4", "3")}, "empty");
  Check("int4range", false, {V("int4", "3"), V("int4", "3"), V("text", "[]")}, "[3,4)");
  Check("int8range", false, {V("int8", "-9223372036854775808"), V("int8", "0"), V("text", "[]")}, "[-9223372036854775808,1)");
  Check("int8range", false, {V("int8", nullptr), V("int8", "9223372036854775807"), V("text", "(]")}, "ERROR 22003: bigint out of range");
  Check("numrange", false, {V("numeric", "1.5"), V("numeric", "2.50"), V("text", "[]")}, "[1.5,2.50]");
  Check("numrange", false, {V("numeric", "1.5"), V("numeric", "1.5")}, "empty");
  Check("numrange", false, {V("numeric", "1.5"), V("numeric", nullptr), V("text", "()")}, "(1.5,)");
  Check("lower", false, {V("int4range", "[1,5)")}, "1");
  Check("lower", false, {V("int4range", "(,5)")}, "NULL");
  Check("lower", false, {V("int4range", "empty")}, "NULL");
  Check("lower", false, {V("numrange", "(1.5,2)")}, "1.5");
  Check("upper", false, {V("int4range", "[1,5]")}, "6");
  Check("upper", false, {V("int4range", "[1,)")}, "NULL");
  Check("upper", false, {V("int4range", "empty")}, "NULL");
  Check("isempty", false, {V("int4range", "empty")}, "true");
  Check("isempty", false, {V("int4range", "[1,2)")}, "false");
  Check("isempty", false, {V("numrange", "(1,1)")}, "true");
  Check("lower_inc", false, {V("int4range", "(1,5]")}, "true");
  Check("lower_inc", false, {V("numrange", "(1,5]")}, "false");
  Check("lower_inc", false, {V("int4range", "empty")}, "false");
  Check("upper_inc", false, {V("int4range", "(1,5]")}, "false");
  Check("upper_inc", false, {V("numrange", "(1,5]")}, "true");
  Check("lower_inf", false, {V("int4range", "(,5]")}, "true");
  Check("lower_inf", false, {V("int4range", "empty")}, "false");
  Check("lower_inf", false, {V("int4range", "[1,5]")}, "false");
  Check("upper_inf", false, {V("int4range", "[1,)")}, "true");
  Check("upper_inf", false, {V("int4range", "[1,5]")}, "false");
  Check("upper_inf", false, {V("int4range", "empty")}, "false");
  Check("range_merge", false, {V("int4range", "[1,2)"), V("int4range", "[5,6)")}, "[1,6)");
  Check("range_merge", false, {V("int4range", "empty"), V("int4range", "[5,6)")}, "[5,6)");
  Check("range_merge", false, {V("numrange", "(1,2)"), V("numrange", "[3,)")}, "(1,)");
  Check("@>", true, {V("int4range", "[1,10)"), V("int4range", "[2,3)")}, "true");
  Check("@>", true, {V("int4range", "[1,10)"), V("int4range", "[2,11)")}, "false");
  Check("@>", true, {V("int4range", "[1,10)"), V("int4range", "empty")}, "true");
  Check("@>", true, {V("int4range", "empty"), V("int4range", "empty")}, "true");
  Check("@>", true, {V("int4range", "empty"), V("int4range", "[1,2)")}, "false");
  Check("@>", true, {V("numrange", "(1,2]"), V("numrange", "[1,2]")}, "false");
  Check("@>", true, {V("int4range", "(,)"), V("int4range", "(,5)")}, "true");
  Check("@>", true, {V("int4range", "[1,10)"), V("int4", "10")}, "false");
  Check("@>", true, {V("int4range", "[1,10)"), V("int4", "1")}, "true");
  Check("@>", true, {V("int4range", "(,10)"), V("int4", "-5")}, "true");
  Check("@>", true, {V("numrange", "(1,2]"), V("numeric", "1")}, "false");
  Check("@>", true, {V("numrange", "(1,2]"), V("numeric", "2")}, "true");
  Check("@>", true, {V("int4range", "empty"), V("int4", "1")}, "false");
  Check("<@", true, {V("int4range", "[2,3)"), V("int4range", "[1,10)")}, "true");
  Check("<@", true, {V("int4range", "[1,10)"), V("int4range", "[2,3)")}, "false");
  Check("<@", true, {V("int4", "5"), V("int4range", "[1,10)")}, "true");
  Check("<@", true, {V("numeric", "5.5"), V("numrange", "[1,5.5)")}, "false");
  Check("&&", true, {V("int4range", "[1,5)"), V("int4range", "[4,8)")}, "true");
  Check("&&", true, {V("int4range", "[1,5)"), V("int4range", "[5,8)")}, "false");
  Check("&&", true, {V("numrange", "[1,5]"), V("numrange", "[5,8)")}, "true");
  Check("&&", true, {V("int4range", "(,)"), V("int4range", "empty")}, "false");
  Check("<<", true, {V("int4range", "[1,5)"), V("int4range", "[5,8)")}, "true");
  Check("<<", true, {V("int4range", "[1,6)"), V("int4range", "[5,8)")}, "false");
  Check("<<", true, {V("int4range", "(,5)"), V("int4range", "[5,)")}, "true");
  Check("<<", true, {V("int4range", "empty"), V("int4range", "[5,8)")}, "false");
  Check(">>", true, {V("int4range", "[9,10)"), V("int4range", "[5,8)")}, "true");
  Check(">>", true, {V("numrange", "(8,10)"), V("numrange", "[5,8]")}, "true");
  Check(">>", true, {V("numrange", "[8,10)"), V("numrange", "[5,8]")}, "false");
  Check("&<", true, {V("int4range", "[1,5)"), V("int4range", "[2,5)")}, "true");
  Check("&<", true, {V("int4range", "[1,6)"), V("int4range", "[2,5)")}, "false");
  Check("&<", true, {V("int4range", "[1,5)"), V("int4range", "[2,)")}, "true");
  Check("&>", true, {V("int4range", "[2,5)"), V("int4range", "[1,3)")}, "true");
  Check("&>", true, {V("int4range", "[0,5)"), V("int4range", "[1,3)")}, "false");
  Check("&>", true, {V("int4range", "(,5)"), V("int4range", "(,3)")}, "true");
  Check("-|-", true, {V("int4range", "[1,5)"), V("int4range", "[5,8)")}, "true");
  Check("-|-", true, {V("int4range", "[1,5]"), V("int4range", "[7,8)")}, "false");
  Check("-|-", true, {V("int4range", "[5,8)"), V("int4range", "[1,5)")}, "true");
  Check("-|-", true, {V("numrange", "[1,5]"), V("numrange", "(5,8)")}, "true");
  Check("-|-", true, {V("numrange", "[1,5]"), V("numrange", "[5,8)")}, "false");
  Check("-|-", true, {V("numrange", "[1,5)"), V("numrange", "(5,8)")}, "false");
  Check("-|-", true, {V("int4range", "(,5)"), V("int4range", "[5,)")}, "true");
  Check("-|-", true, {V("int4range", "empty"), V("int4range", "[5,8)")}, "false");
  Check("+", true, {V("int4range", "[1,5)"), V("int4range", "[5,8)")}, "[1,8)");
  Check("+", true, {V("int4range", "[1,5)"), V("int4range", "[3,8)")}, "[1,8)");
  Check("+", true, {V("int4range", "[1,5)"), V("int4range", "[7,8)")}, "ERROR 22000: result of range union would not be contiguous");
  Check("+", true, {V("int4range", "empty"), V("int4range", "[7,8)")}, "[7,8)");
  Check("+", true, {V("numrange", "[1,5)"), V("numrange", "(5,8)")}, "ERROR 22000: result of range union would not be contiguous");
  Check("+", true, {V("numrange", "(,5)"), V("numrange", "[5,8)")}, "(,8)");
  Check("*", true, {V("int4range", "[1,5)"), V("int4range", "[3,8)")}, "[3,5)");
  Check("*", true, {V("int4range", "[1,5)"), V("int4range", "[5,8)")}, "empty");
  Check("*", true, {V("numrange", "[1,5]"), V("numrange", "[5,8)")}, "[5,5]");
  Check("*", true, {V("int4range", "(,)"), V("int4range", "[3,8)")}, "[3,8)");
  Check("*", true, {V("int4range", "empty"), V("int4range", "[3,8)")}, "empty");
  Check("-", true, {V("int4range", "[1,9)"), V("int4range", "[3,4)")}, "ERROR 22000: result of range difference would not be contiguous");
  Check("-", true, {V("int4range", "[1,9)"), V("int4range", "[5,12)")}, "[1,5)");
  Check("-", true, {V("int4range", "[1,9)"), V("int4range", "[0,3)")}, "[3,9)");
  Check("-", true, {V("int4range", "[1,9)"), V("int4range", "[0,12)")}, "empty");
  Check("-", true, {V("int4range", "[1,9)"), V("int4range", "[12,15)")}, "[1,9)");
  Check("-", true, {V("int4range", "[1,9)"), V("int4range", "empty")}, "[1,9)");
  Check("-", true, {V("numrange", "[1,9]"), V("numrange", "[5,12)")}, "[1,5)");
  Check("-", true, {V("numrange", "[1,9]"), V("numrange", "(,5]")}, "(5,9]");
  Check("-", true, {V("numrange", "[1,9]"), V("numrange", "[9,9]")}, "[1,9)");
}
