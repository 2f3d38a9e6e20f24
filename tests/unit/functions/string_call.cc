// Calls the string family's functions the way compute will: resolve the
// definition for exactly-typed arguments in a registry holding only
// RegisterString, skip strict functions on NULL, call the implementation,
// and print the result with its type's output function (what psql shows).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/datum.h"
#include "types/format.h"
#include "types/type.h"

// Declared identically at the top of every string_*_test.cc.
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

namespace freshet::functions::string_test {

using types::Datum;
using types::Type;
using types::TypeId;

Arg T(std::string s) { return {Type{TypeId::kText}, Datum::FromString(std::move(s))}; }
Arg Bp(std::string s) { return {Type{TypeId::kBpchar}, Datum::FromString(std::move(s))}; }
Arg Hex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return {Type{TypeId::kBytea}, Datum::FromString(std::move(bytes))};
}
Arg I4(int64_t v) { return {Type{TypeId::kInt4}, Datum::FromInt(v)}; }
Arg I8(int64_t v) { return {Type{TypeId::kInt8}, Datum::FromInt(v)}; }
Arg Bool(bool v) { return {Type{TypeId::kBool}, Datum::FromBool(v)}; }
Arg NullText() { return {Type{TypeId::kText}, Datum()}; }
Arg NullBytea() { return {Type{TypeId::kBytea}, Datum()}; }
Arg NullInt4() { return {Type{TypeId::kInt4}, Datum()}; }
Arg NullInt8() { return {Type{TypeId::kInt8}, Datum()}; }
Arg NullBool() { return {Type{TypeId::kBool}, Datum()}; }

namespace {

const Registry& StringRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    RegisterString(*r);
    return r;
  }();
  return *registry;
}

bool Accepts(const Param& p, const Type& t) {
  return p.kind != Param::Kind::kExact || p.type.id == t.id;
}

// The first definition whose parameters take exactly these argument types.
const FuncDef* Resolve(std::string_view name, const std::vector<Arg>& args, bool is_operator) {
  const std::vector<FuncDef>* defs = StringRegistry().Lookup(name, is_operator);
  if (defs == nullptr) return nullptr;
  for (const FuncDef& def : *defs) {
    size_t n = def.params.size();
    if (def.variadic ? args.size() < n : args.size() != n) continue;
    bool ok = true;
    for (size_t i = 0; i < args.size() && ok; ++i) ok = Accepts(def.params[std::min(i, n - 1)], args[i].type);
    if (ok) return &def;
  }
  return nullptr;
}

// "<NULL>", the output text, or "ERROR <code>: <message>".
struct Outcome {
  bool error = false;
  std::string text;
};

Outcome Run(std::string_view name, const std::vector<Arg>& args, bool is_operator) {
  const FuncDef* def = Resolve(name, args, is_operator);
  if (def == nullptr) return {true, absl::StrCat("no definition of ", absl::string_view(name.data(), name.size()))};
  std::vector<Datum> values;
  std::vector<Type> types;
  bool any_null = false;
  for (const Arg& a : args) {
    values.push_back(a.value);
    types.push_back(a.type);
    any_null = any_null || a.value.is_null();
  }
  if (def->strict && any_null) return {false, kNull};
  CallContext ctx;
  Args call;
  call.values = values.data();
  call.types = types.data();
  call.size = values.size();
  call.result = def->result.type;
  call.ctx = &ctx;
  absl::StatusOr<Datum> r = def->impl(call);
  if (!r.ok()) {
    ErrorInfo info = ToErrorInfo(r.status());
    return {true, absl::StrCat(info.code, ": ", info.message)};
  }
  if (r->is_null()) return {false, kNull};
  return {false, types::ToText(def->result.type, *r)};
}

}  // namespace

std::string Out(std::string_view name, std::vector<Arg> args, bool is_operator) {
  Outcome o = Run(name, args, is_operator);
  return o.error ? "ERROR " + o.text : o.text;
}

std::string Err(std::string_view name, std::vector<Arg> args, bool is_operator) {
  Outcome o = Run(name, args, is_operator);
  return o.error ? o.text : "no error: " + o.text;
}

}  // namespace freshet::functions::string_test
