// PostgreSQL 15's jsonb functions, operators and casts (json is an alias of
// jsonb in Freshet, as in Materialize).
//
// Values arrive as canonical jsonb text (types/jsonb.h); each function
// parses what it needs into a jsonb::Value, works on the tree and
// serializes the result. Set-returning functions (jsonb_each,
// jsonb_array_elements, jsonb_object_keys) are not scalar functions and live
// elsewhere.
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/array.h"
#include "types/format.h"
#include "types/jsonb.h"
#include "types/numeric.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::Type;
using types::TypeId;
using types::jsonb::Value;
namespace jsonb = types::jsonb;

absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

Value JsonArg(const Args& a, size_t i) { return jsonb::FromDatum(a[i]); }
Datum Jsonb(const Value& v) { return jsonb::ToDatum(v); }
Datum Text(std::string s) { return Datum::FromString(std::move(s)); }

absl::Status InvalidParameter(std::string message) {
  return Error(sqlstate::kInvalidParameterValue, std::move(message));
}

// What ->> and #>> return for a value: strings unquoted, JSON null as SQL
// NULL, everything else its jsonb text.
Datum AsText(const Value& v) {
  if (v.is_null()) return Datum();
  if (v.kind() == Value::Kind::kString) return Text(v.str());
  return Text(jsonb::ToText(v));
}

// The top-level elements of an array, a raw scalar counting as a
// one-element array (PostgreSQL stores it as one).
const Value* Element(const Value& v, int64_t index) {
  if (v.kind() == Value::Kind::kObject) return nullptr;
  int64_t n = v.is_scalar() ? 1 : static_cast<int64_t>(v.elements().size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return nullptr;
  return v.is_scalar() ? &v : &v.elements()[static_cast<size_t>(index)];
}

// ---------------------------------------------------------------------------
// Field and element access

absl::StatusOr<Datum> ObjectField(const Args& a) {
  Value v = JsonArg(a, 0);
  const Value* f = v.Find(a[1].as_string());
  return f == nullptr ? Datum() : Jsonb(*f);
}

absl::StatusOr<Datum> ObjectFieldText(const Args& a) {
  Value v = JsonArg(a, 0);
  const Value* f = v.Find(a[1].as_string());
  return f == nullptr ? Datum() : AsText(*f);
}

absl::StatusOr<Datum> ArrayElement(const Args& a) {
  Value v = JsonArg(a, 0);
  const Value* e = Element(v, a[1].as_int());
  return e == nullptr ? Datum() : Jsonb(*e);
}

absl::StatusOr<Datum> ArrayElementText(const Args& a) {
  Value v = JsonArg(a, 0);
  const Value* e = Element(v, a[1].as_int());
  return e == nullptr ? Datum() : AsText(*e);
}

// An array subscript in a path, as get_jsonb_path_all reads it with strtol.
std::optional<int64_t> PathIndex(const std::string& s) {
  const char* begin = s.c_str();
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(begin, &end, 10);
  if (end == begin || *end != '\0' || errno != 0 || v > INT_MAX || v < INT_MIN) return std::nullopt;
  return v;
}

// get_jsonb_path_all: follows `path` (keys for objects, subscripts for
// arrays); nullptr when a step is missing.
const Value* FollowPath(const Value& root, const std::vector<std::string>& path) {
  const Value* cur = &root;
  for (const std::string& step : path) {
    if (cur->kind() == Value::Kind::kObject) {
      cur = cur->Find(step);
    } else if (cur->kind() == Value::Kind::kArray) {
      // Unlike -> with an int, a path never steps into a raw scalar.
      std::optional<int64_t> index = PathIndex(step);
      if (!index.has_value() || *index == INT_MIN) return nullptr;
      cur = Element(*cur, *index);
    } else {
      return nullptr;
    }
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

std::vector<std::string> VariadicPath(const Args& a) {
  std::vector<std::string> path;
  for (size_t i = 1; i < a.size; ++i) path.push_back(a[i].as_string());
  return path;
}

absl::StatusOr<Datum> ExtractPath(const Args& a) {
  Value v = JsonArg(a, 0);
  const Value* r = FollowPath(v, VariadicPath(a));
  return r == nullptr ? Datum() : Jsonb(*r);
}

absl::StatusOr<Datum> ExtractPathText(const Args& a) {
  Value v = JsonArg(a, 0);
  const Value* r = FollowPath(v, VariadicPath(a));
  return r == nullptr ? Datum() : AsText(*r);
}

// ---------------------------------------------------------------------------
// Containment and existence

absl::StatusOr<Datum> ContainsOp(const Args& a) {
  return Datum::FromBool(jsonb::Contains(JsonArg(a, 0), JsonArg(a, 1)));
}

absl::StatusOr<Datum> ContainedOp(const Args& a) {
  return Datum::FromBool(jsonb::Contains(JsonArg(a, 1), JsonArg(a, 0)));
}

// jsonb_exists: a top-level key, or a string element of a top-level array.
bool Exists(const Value& v, std::string_view key) {
  if (v.kind() == Value::Kind::kObject) return v.Find(key) != nullptr;
  if (v.is_scalar()) return v.kind() == Value::Kind::kString && v.str() == key;
  for (const Value& e : v.elements()) {
    if (e.kind() == Value::Kind::kString && e.str() == key) return true;
  }
  return false;
}

absl::StatusOr<Datum> ExistsOp(const Args& a) { return Datum::FromBool(Exists(JsonArg(a, 0), a[1].as_string())); }

// ---------------------------------------------------------------------------
// Building and changing values

// jsonb || jsonb (IteratorConcat): objects merge (the right side wins);
// otherwise both sides are arrays (a scalar being a one-element array, an
// object a single element) and the result is their concatenation.
absl::StatusOr<Datum> Concat(const Args& a) {
  Value l = JsonArg(a, 0);
  Value r = JsonArg(a, 1);
  if (l.kind() == Value::Kind::kObject && r.kind() == Value::Kind::kObject) {
    for (const auto& [key, value] : r.members()) l.Set(key, value);
    return Jsonb(l);
  }
  std::vector<Value> out;
  for (Value* side : {&l, &r}) {
    if (side->kind() == Value::Kind::kArray) {
      for (Value& e : side->mutable_elements()) out.push_back(std::move(e));
    } else {
      out.push_back(std::move(*side));
    }
  }
  return Jsonb(Value::Array(std::move(out)));
}

// jsonb - text: removes a key, or every string element equal to it.
absl::StatusOr<Datum> DeleteKey(const Args& a) {
  Value v = JsonArg(a, 0);
  if (v.is_scalar()) return InvalidParameter("cannot delete from scalar");
  const std::string& key = a[1].as_string();
  if (v.kind() == Value::Kind::kObject) {
    v.Erase(key);
    return Jsonb(v);
  }
  std::vector<Value>& elems = v.mutable_elements();
  std::erase_if(elems, [&](const Value& e) { return e.kind() == Value::Kind::kString && e.str() == key; });
  return Jsonb(v);
}

// jsonb - int4 (jsonb_delete_idx).
absl::StatusOr<Datum> DeleteIndex(const Args& a) {
  Value v = JsonArg(a, 0);
  if (v.is_scalar()) return InvalidParameter("cannot delete from scalar");
  if (v.kind() == Value::Kind::kObject) return InvalidParameter("cannot delete from object using integer index");
  std::vector<Value>& elems = v.mutable_elements();
  int64_t n = static_cast<int64_t>(elems.size());
  int64_t idx = a[1].as_int();
  if (idx < 0) idx = -idx > n ? n : n + idx;
  if (idx >= n) return a[0];
  elems.erase(elems.begin() + idx);
  return Jsonb(v);
}

Value StripNulls(Value v) {
  if (v.kind() == Value::Kind::kArray) {
    std::vector<Value> out;
    for (Value& e : v.mutable_elements()) out.push_back(StripNulls(std::move(e)));
    return Value::Array(std::move(out));
  }
  if (v.kind() == Value::Kind::kObject) {
    std::vector<Value::Member> out;
    for (const auto& [key, value] : v.members()) {
      if (!value.is_null()) out.emplace_back(key, StripNulls(value));
    }
    return Value::Object(std::move(out));
  }
  return v;
}

absl::StatusOr<Datum> JsonbStripNulls(const Args& a) { return Jsonb(StripNulls(JsonArg(a, 0))); }

absl::StatusOr<Datum> JsonbPretty(const Args& a) { return Text(jsonb::ToPrettyText(JsonArg(a, 0))); }

absl::StatusOr<Datum> JsonbTypeof(const Args& a) {
  Value v = JsonArg(a, 0);
  switch (v.kind()) {
    case Value::Kind::kObject: return Text("object");
    case Value::Kind::kArray: return Text("array");
    case Value::Kind::kString: return Text("string");
    case Value::Kind::kNumber: return Text("number");
    case Value::Kind::kBool: return Text("boolean");
    case Value::Kind::kNull: return Text("null");
  }
  return Text("null");
}

absl::StatusOr<Datum> JsonbArrayLength(const Args& a) {
  Value v = JsonArg(a, 0);
  if (v.is_scalar()) return InvalidParameter("cannot get array length of a scalar");
  if (v.kind() == Value::Kind::kObject) return InvalidParameter("cannot get array length of a non-array");
  return Datum::FromInt(static_cast<int64_t>(v.elements().size()));
}

// The JSON value of one argument of a "any" parameter. An untyped literal
// is text.
absl::StatusOr<Value> AnyToJsonb(const Type& type, const Datum& value) {
  if (type.id == TypeId::kUnknown && !value.is_null()) return Value::String(value.as_string());
  return jsonb::ToJsonb(type, value);
}

// jsonb_build_object's keys (datum_to_jsonb with key_scalar): the text of
// a scalar, numbers as their output function prints them.
absl::StatusOr<std::string> KeyText(const Type& type, const Datum& value, size_t position) {
  if (value.is_null()) return InvalidParameter(absl::StrCat("argument ", position, ": key must not be null"));
  if (type.id == TypeId::kArray || type.id == TypeId::kJsonb) {
    return InvalidParameter("key value must be scalar, not array, composite, or json");
  }
  if (types::IsNumeric(type.id)) return types::ToText(type, value);
  absl::StatusOr<Value> v = AnyToJsonb(type, value);
  if (!v.ok()) return v.status();
  if (v->kind() == Value::Kind::kBool) return std::string(v->as_bool() ? "true" : "false");
  return v->str();
}

absl::StatusOr<Datum> BuildObject(const Args& a) {
  if (a.size % 2 != 0) {
    return Error(sqlstate::kInvalidParameterValue, "argument list must have even number of elements")
        .Hint("The arguments of jsonb_build_object() must consist of alternating keys and values.");
  }
  std::vector<Value::Member> members;
  members.reserve(a.size / 2);
  for (size_t i = 0; i < a.size; i += 2) {
    absl::StatusOr<std::string> key = KeyText(a.type(i), a[i], i + 1);
    if (!key.ok()) return key.status();
    absl::StatusOr<Value> value = AnyToJsonb(a.type(i + 1), a[i + 1]);
    if (!value.ok()) return value.status();
    members.emplace_back(std::move(*key), std::move(*value));
  }
  return Jsonb(Value::Object(std::move(members)));
}

absl::StatusOr<Datum> BuildArray(const Args& a) {
  std::vector<Value> elements;
  elements.reserve(a.size);
  for (size_t i = 0; i < a.size; ++i) {
    absl::StatusOr<Value> v = AnyToJsonb(a.type(i), a[i]);
    if (!v.ok()) return v.status();
    elements.push_back(std::move(*v));
  }
  return Jsonb(Value::Array(std::move(elements)));
}

absl::StatusOr<Datum> ToJsonbFn(const Args& a) {
  absl::StatusOr<Value> v = AnyToJsonb(a.type(0), a[0]);
  if (!v.ok()) return v.status();
  return Jsonb(*v);
}

// ---------------------------------------------------------------------------
// Casts from jsonb (jsonb_bool, jsonb_int4, ...): only a scalar of the
// matching kind converts.

const char* KindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kString: return "string";
    case Value::Kind::kNumber: return "numeric";
    case Value::Kind::kBool: return "boolean";
    case Value::Kind::kArray: return "array";
    case Value::Kind::kObject: return "object";
  }
  return "null";
}

absl::StatusOr<Value> CastSource(const Args& a, Value::Kind want, const char* sql_type) {
  Value v = JsonArg(a, 0);
  if (v.kind() != want) {
    return InvalidParameter(absl::StrCat("cannot cast jsonb ", KindName(v.kind()), " to type ", sql_type));
  }
  return v;
}

absl::StatusOr<Datum> CastBool(const Args& a) {
  absl::StatusOr<Value> v = CastSource(a, Value::Kind::kBool, "boolean");
  if (!v.ok()) return v.status();
  return Datum::FromBool(v->as_bool());
}

absl::StatusOr<Datum> CastNumeric(const Args& a) {
  absl::StatusOr<Value> v = CastSource(a, Value::Kind::kNumber, "numeric");
  if (!v.ok()) return v.status();
  return Datum::FromString(v->str());
}

// numeric_int2/4/8: rounds half away from zero.
absl::StatusOr<Datum> CastInteger(const Args& a, const char* sql_type, int64_t lo, int64_t hi, const char* range_name) {
  absl::StatusOr<Value> v = CastSource(a, Value::Kind::kNumber, sql_type);
  if (!v.ok()) return v.status();
  std::optional<int64_t> i = types::numeric::RoundToInt64(v->str());
  if (!i.has_value() || *i < lo || *i > hi) {
    return Error(sqlstate::kNumericValueOutOfRange, absl::StrCat(range_name, " out of range"));
  }
  return Datum::FromInt(*i);
}

absl::StatusOr<Datum> CastInt2(const Args& a) { return CastInteger(a, "smallint", INT16_MIN, INT16_MAX, "smallint"); }
absl::StatusOr<Datum> CastInt4(const Args& a) { return CastInteger(a, "integer", INT32_MIN, INT32_MAX, "integer"); }
absl::StatusOr<Datum> CastInt8(const Args& a) { return CastInteger(a, "bigint", INT64_MIN, INT64_MAX, "bigint"); }

// numeric_float8 / numeric_float4: the numeric's text through float8in /
// float4in, which reject overflow and underflow to zero.
absl::StatusOr<Datum> CastFloat(const Args& a, bool is_float4) {
  const char* sql_type = is_float4 ? "real" : "double precision";
  absl::StatusOr<Value> v = CastSource(a, Value::Kind::kNumber, sql_type);
  if (!v.ok()) return v.status();
  const std::string& s = v->str();
  errno = 0;
  double d = is_float4 ? static_cast<double>(std::strtof(s.c_str(), nullptr)) : std::strtod(s.c_str(), nullptr);
  if (errno == ERANGE && (d == 0.0 || std::isinf(d))) {
    return Error(sqlstate::kNumericValueOutOfRange,
                 absl::StrCat("\"", AV(s), "\" is out of range for type ", sql_type));
  }
  return Datum::FromDouble(d);
}

absl::StatusOr<Datum> CastFloat4(const Args& a) { return CastFloat(a, true); }
absl::StatusOr<Datum> CastFloat8(const Args& a) { return CastFloat(a, false); }

// ---------------------------------------------------------------------------
// Operators and functions over text[] paths and key lists

using TextList = std::vector<std::optional<std::string>>;

// The elements of a text[] argument in row-major order (NULLs as nullopt).
// `max_one_dim`: more than one dimension is an error, as for jsonb_set.
absl::StatusOr<TextList> TextArrayArg(const Args& a, size_t i, bool max_one_dim = false) {
  absl::StatusOr<types::array::ArrayValue> arr = types::array::Decode(a[i]);
  if (!arr.ok()) return arr.status();
  if (max_one_dim && arr->ndim() > 1) {
    return Error(types::array::kArraySubscriptError, "wrong number of array subscripts");
  }
  TextList out;
  out.reserve(arr->elements.size());
  for (const Datum& d : arr->elements) {
    out.push_back(d.is_null() ? std::nullopt : std::optional<std::string>(d.as_string()));
  }
  return out;
}

// #> and #>> (get_jsonb_path_all): a NULL path element gives NULL.
absl::StatusOr<const Value*> PathTarget(const Args& a, const Value& root) {
  absl::StatusOr<TextList> list = TextArrayArg(a, 1);
  if (!list.ok()) return list.status();
  std::vector<std::string> path;
  for (std::optional<std::string>& e : *list) {
    if (!e.has_value()) return nullptr;
    path.push_back(std::move(*e));
  }
  return FollowPath(root, path);
}

absl::StatusOr<Datum> PathOp(const Args& a) {
  Value v = JsonArg(a, 0);
  absl::StatusOr<const Value*> r = PathTarget(a, v);
  if (!r.ok()) return r.status();
  return *r == nullptr ? Datum() : Jsonb(**r);
}

absl::StatusOr<Datum> PathTextOp(const Args& a) {
  Value v = JsonArg(a, 0);
  absl::StatusOr<const Value*> r = PathTarget(a, v);
  if (!r.ok()) return r.status();
  return *r == nullptr ? Datum() : AsText(**r);
}

// ?| and ?&: NULL keys are ignored.
absl::StatusOr<Datum> ExistsAny(const Args& a) {
  Value v = JsonArg(a, 0);
  absl::StatusOr<TextList> keys = TextArrayArg(a, 1);
  if (!keys.ok()) return keys.status();
  for (const auto& k : *keys) {
    if (k.has_value() && Exists(v, *k)) return Datum::FromBool(true);
  }
  return Datum::FromBool(false);
}

absl::StatusOr<Datum> ExistsAll(const Args& a) {
  Value v = JsonArg(a, 0);
  absl::StatusOr<TextList> keys = TextArrayArg(a, 1);
  if (!keys.ok()) return keys.status();
  for (const auto& k : *keys) {
    if (k.has_value() && !Exists(v, *k)) return Datum::FromBool(false);
  }
  return Datum::FromBool(true);
}

// jsonb - text[] (jsonb_delete_array).
absl::StatusOr<Datum> DeleteKeys(const Args& a) {
  Value v = JsonArg(a, 0);
  if (v.is_scalar()) return InvalidParameter("cannot delete from scalar");
  absl::StatusOr<TextList> keys = TextArrayArg(a, 1);
  if (!keys.ok()) return keys.status();
  for (const auto& k : *keys) {
    if (!k.has_value()) continue;
    if (v.kind() == Value::Kind::kObject) {
      v.Erase(*k);
    } else {
      std::erase_if(v.mutable_elements(),
                    [&](const Value& e) { return e.kind() == Value::Kind::kString && e.str() == *k; });
    }
  }
  return Jsonb(v);
}

// setPath's operations (jsonfuncs.c JB_PATH_*).
enum PathEdit : int {
  kPathDelete = 1,
  kPathReplace = 2,
  kPathCreate = 4,
  kPathInsertBefore = 8,
  kPathInsertAfter = 16,
};
constexpr int kPathCreateOrInsert = kPathCreate | kPathInsertBefore | kPathInsertAfter;

absl::Status SetPath(Value& v, const TextList& path, size_t level, const Value* newval, int op);

absl::Status SetPathObject(Value& obj, const TextList& path, size_t level, const Value* newval, int op) {
  const std::string& key = *path[level];
  const bool last = level + 1 == path.size();
  Value* existing = obj.FindMutable(key);
  if (existing == nullptr) {
    if ((op & kPathCreateOrInsert) != 0 && last) obj.Set(key, *newval);
    return absl::OkStatus();
  }
  if (!last) return SetPath(*existing, path, level + 1, newval, op);
  if ((op & (kPathInsertBefore | kPathInsertAfter)) != 0) {
    return Error(sqlstate::kInvalidParameterValue, "cannot replace existing key")
        .Hint("Try using the function jsonb_set to replace key value.");
  }
  if ((op & kPathDelete) != 0) {
    obj.Erase(key);
  } else {
    *existing = *newval;
  }
  return absl::OkStatus();
}

absl::Status SetPathArray(Value& arr, const TextList& path, size_t level, const Value* newval, int op) {
  std::vector<Value>& elems = arr.mutable_elements();
  const int64_t n = static_cast<int64_t>(elems.size());
  const std::string& step = *path[level];
  // strtoint: an int, surrounding text not allowed.
  const char* begin = step.c_str();
  char* end = nullptr;
  errno = 0;
  long parsed = std::strtol(begin, &end, 10);
  if (end == begin || *end != '\0' || errno != 0 || parsed > INT_MAX || parsed < INT_MIN) {
    return Error(sqlstate::kInvalidTextRepresentation,
                 absl::StrCat("path element at position ", level + 1, " is not an integer: \"", AV(step), "\""));
  }
  int64_t idx = parsed;
  bool before_start = false;
  if (idx < 0) {
    if (-idx > n) {
      before_start = true;
    } else {
      idx += n;
    }
  }
  if (idx > n) idx = n;
  const bool last = level + 1 == path.size();
  if ((before_start || n == 0) && last && (op & kPathCreateOrInsert) != 0) {
    elems.insert(elems.begin(), *newval);
    return absl::OkStatus();
  }
  if (before_start) return absl::OkStatus();
  if (idx < n) {
    auto at = elems.begin() + idx;
    if (!last) return SetPath(*at, path, level + 1, newval, op);
    if ((op & kPathDelete) != 0) {
      elems.erase(at);
    } else if ((op & kPathInsertBefore) != 0) {
      elems.insert(at, *newval);
    } else if ((op & kPathInsertAfter) != 0) {
      elems.insert(at + 1, *newval);
    } else {
      *at = *newval;
    }
    return absl::OkStatus();
  }
  // Past the end: append when creating or inserting.
  if ((op & kPathCreateOrInsert) != 0 && last) elems.push_back(*newval);
  return absl::OkStatus();
}

absl::Status SetPath(Value& v, const TextList& path, size_t level, const Value* newval, int op) {
  if (!path[level].has_value()) {
    return Error(sqlstate::kNullValueNotAllowed, absl::StrCat("path element at position ", level + 1, " is null"));
  }
  if (v.kind() == Value::Kind::kObject) return SetPathObject(v, path, level, newval, op);
  if (v.kind() == Value::Kind::kArray) return SetPathArray(v, path, level, newval, op);
  return absl::OkStatus();  // a scalar where the path goes deeper: unchanged
}

absl::StatusOr<Datum> EditPath(const Args& a, const char* scalar_error, const Value* newval, int op,
                               bool empty_unchanged) {
  Value v = JsonArg(a, 0);
  if (v.is_scalar()) return InvalidParameter(scalar_error);
  absl::StatusOr<TextList> path = TextArrayArg(a, 1, /*max_one_dim=*/true);
  if (!path.ok()) return path.status();
  bool empty = v.kind() == Value::Kind::kObject ? v.members().empty() : v.elements().empty();
  if ((empty && empty_unchanged) || path->empty()) return a[0];
  if (absl::Status s = SetPath(v, *path, 0, newval, op); !s.ok()) return s;
  return Jsonb(v);
}

// jsonb #- text[] (jsonb_delete_path).
absl::StatusOr<Datum> DeletePath(const Args& a) {
  return EditPath(a, "cannot delete path in scalar", nullptr, kPathDelete, /*empty_unchanged=*/true);
}

// jsonb_set(target, path, new_value [, create_if_missing = true]).
absl::StatusOr<Datum> JsonbSet(const Args& a) {
  bool create = a.size < 4 || a[3].as_bool();
  Value newval = JsonArg(a, 2);
  return EditPath(a, "cannot set path in scalar", &newval, create ? kPathCreate : kPathReplace,
                  /*empty_unchanged=*/!create);
}

// jsonb_insert(target, path, new_value [, insert_after = false]).
absl::StatusOr<Datum> JsonbInsert(const Args& a) {
  bool after = a.size >= 4 && a[3].as_bool();
  Value newval = JsonArg(a, 2);
  return EditPath(a, "cannot set path in scalar", &newval, after ? kPathInsertAfter : kPathInsertBefore,
                  /*empty_unchanged=*/false);
}

// jsonb_set_lax(target, path, new_value [, create_if_missing = true
// [, null_value_treatment = 'use_json_null']]): not strict, so that a NULL
// new_value can be treated as asked.
absl::StatusOr<Datum> JsonbSetLax(const Args& a) {
  if (a[0].is_null() || a[1].is_null() || (a.size >= 4 && a[3].is_null())) return Datum();
  const char* kBadTreatment =
      "null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"";
  if (a.size >= 5 && a[4].is_null()) return InvalidParameter(kBadTreatment);
  bool create = a.size < 4 || a[3].as_bool();
  if (!a[2].is_null()) {
    Value newval = JsonArg(a, 2);
    return EditPath(a, "cannot set path in scalar", &newval, create ? kPathCreate : kPathReplace,
                    /*empty_unchanged=*/!create);
  }
  std::string treatment = a.size >= 5 ? a[4].as_string() : "use_json_null";
  if (treatment == "raise_exception") {
    return Error(sqlstate::kNullValueNotAllowed, "JSON value must not be null")
        .Detail("Exception was raised because null_value_treatment is \"raise_exception\".")
        .Hint("To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.");
  }
  if (treatment == "use_json_null") {
    Value newval = Value::Null();
    return EditPath(a, "cannot set path in scalar", &newval, create ? kPathCreate : kPathReplace,
                    /*empty_unchanged=*/!create);
  }
  if (treatment == "delete_key") return DeletePath(a);
  if (treatment == "return_target") return a[0];
  return InvalidParameter(kBadTreatment);
}

absl::Status NullKey() { return Error(sqlstate::kNullValueNotAllowed, "null value not allowed for object key"); }

absl::Status ArraySubscriptError(const char* message) {
  return Error(types::array::kArraySubscriptError, message);
}

Value TextOrNull(const Datum& d) { return d.is_null() ? Value::Null() : Value::String(d.as_string()); }

// jsonb_object(text[]): {k, v, k, v} or {{k, v}, {k, v}}; values are
// strings.
absl::StatusOr<Datum> JsonbObject(const Args& a) {
  absl::StatusOr<types::array::ArrayValue> arr = types::array::Decode(a[0]);
  if (!arr.ok()) return arr.status();
  if (arr->ndim() == 1 && arr->dims[0] % 2 != 0) {
    return ArraySubscriptError("array must have even number of elements");
  }
  if (arr->ndim() == 2 && arr->dims[1] != 2) return ArraySubscriptError("array must have two columns");
  if (arr->ndim() > 2) return ArraySubscriptError("wrong number of array subscripts");
  std::vector<Value::Member> members;
  for (size_t i = 0; i + 1 < arr->elements.size(); i += 2) {
    if (arr->elements[i].is_null()) return NullKey();
    members.emplace_back(arr->elements[i].as_string(), TextOrNull(arr->elements[i + 1]));
  }
  return Jsonb(Value::Object(std::move(members)));
}

// jsonb_object(keys text[], values text[]).
absl::StatusOr<Datum> JsonbObjectTwoArg(const Args& a) {
  absl::StatusOr<types::array::ArrayValue> keys = types::array::Decode(a[0]);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<types::array::ArrayValue> values = types::array::Decode(a[1]);
  if (!values.ok()) return values.status();
  if (keys->ndim() > 1 || keys->ndim() != values->ndim()) {
    return ArraySubscriptError("wrong number of array subscripts");
  }
  if (keys->elements.size() != values->elements.size()) return ArraySubscriptError("mismatched array dimensions");
  std::vector<Value::Member> members;
  for (size_t i = 0; i < keys->elements.size(); ++i) {
    if (keys->elements[i].is_null()) return NullKey();
    members.emplace_back(keys->elements[i].as_string(), TextOrNull(values->elements[i]));
  }
  return Jsonb(Value::Object(std::move(members)));
}

// jsonb_delete(from_json, VARIADIC path_elems text[]): jsonb - text[] with
// the keys as separate arguments.
absl::StatusOr<Datum> DeleteKeysVariadic(const Args& a) {
  Value v = JsonArg(a, 0);
  if (v.is_scalar()) return InvalidParameter("cannot delete from scalar");
  for (size_t i = 1; i < a.size; ++i) {
    const std::string& k = a[i].as_string();
    if (v.kind() == Value::Kind::kObject) {
      v.Erase(k);
    } else {
      std::erase_if(v.mutable_elements(),
                    [&](const Value& e) { return e.kind() == Value::Kind::kString && e.str() == k; });
    }
  }
  return Jsonb(v);
}

// ---------------------------------------------------------------------------
// Registration

Param J() { return Exact(TypeId::kJsonb); }

void AddOp(Registry& r, const char* name, std::vector<Param> params, Param result, Impl impl) {
  FuncDef def;
  def.name = name;
  def.is_operator = true;
  def.params = std::move(params);
  def.result = result;
  def.impl = impl;
  r.Add(std::move(def));
}

void AddFn(Registry& r, const char* name, std::vector<Param> params, Param result, Impl impl, bool strict = true,
           bool variadic = false) {
  FuncDef def;
  def.name = name;
  def.params = std::move(params);
  def.result = result;
  def.impl = impl;
  def.strict = strict;
  def.variadic = variadic;
  r.Add(std::move(def));
}

}  // namespace

void RegisterJsonb(Registry& r) {
  const Param text = Exact(TypeId::kText);
  const Param int4 = Exact(TypeId::kInt4);
  const Param boolean = Exact(TypeId::kBool);

  AddOp(r, "->", {J(), text}, J(), ObjectField);
  AddOp(r, "->", {J(), int4}, J(), ArrayElement);
  AddOp(r, "->>", {J(), text}, text, ObjectFieldText);
  AddOp(r, "->>", {J(), int4}, text, ArrayElementText);
  AddOp(r, "@>", {J(), J()}, boolean, ContainsOp);
  AddOp(r, "<@", {J(), J()}, boolean, ContainedOp);
  AddOp(r, "?", {J(), text}, boolean, ExistsOp);
  AddOp(r, "||", {J(), J()}, J(), Concat);
  AddOp(r, "-", {J(), text}, J(), DeleteKey);
  AddOp(r, "-", {J(), int4}, J(), DeleteIndex);

  const Param text_array = Exact(types::ArrayOf(types::Type{TypeId::kText}));
  AddOp(r, "#>", {J(), text_array}, J(), PathOp);
  AddOp(r, "#>>", {J(), text_array}, text, PathTextOp);
  AddOp(r, "?|", {J(), text_array}, boolean, ExistsAny);
  AddOp(r, "?&", {J(), text_array}, boolean, ExistsAll);
  AddOp(r, "-", {J(), text_array}, J(), DeleteKeys);
  AddOp(r, "#-", {J(), text_array}, J(), DeletePath);
  AddFn(r, "jsonb_set", {J(), text_array, J()}, J(), JsonbSet);
  AddFn(r, "jsonb_set", {J(), text_array, J(), boolean}, J(), JsonbSet);
  AddFn(r, "jsonb_insert", {J(), text_array, J()}, J(), JsonbInsert);
  AddFn(r, "jsonb_insert", {J(), text_array, J(), boolean}, J(), JsonbInsert);

  AddFn(r, "jsonb_set_lax", {J(), text_array, J()}, J(), JsonbSetLax, /*strict=*/false);
  AddFn(r, "jsonb_set_lax", {J(), text_array, J(), boolean}, J(), JsonbSetLax, /*strict=*/false);
  AddFn(r, "jsonb_set_lax", {J(), text_array, J(), boolean, text}, J(), JsonbSetLax, /*strict=*/false);
  AddFn(r, "jsonb_object", {text_array}, J(), JsonbObject);
  AddFn(r, "jsonb_object", {text_array, text_array}, J(), JsonbObjectTwoArg);

  // The functions behind the operators, callable by their pg_proc names.
  AddFn(r, "jsonb_object_field", {J(), text}, J(), ObjectField);
  AddFn(r, "jsonb_object_field_text", {J(), text}, text, ObjectFieldText);
  AddFn(r, "jsonb_array_element", {J(), int4}, J(), ArrayElement);
  AddFn(r, "jsonb_array_element_text", {J(), int4}, text, ArrayElementText);
  AddFn(r, "jsonb_contains", {J(), J()}, boolean, ContainsOp);
  AddFn(r, "jsonb_contained", {J(), J()}, boolean, ContainedOp);
  AddFn(r, "jsonb_exists", {J(), text}, boolean, ExistsOp);
  AddFn(r, "jsonb_exists_any", {J(), text_array}, boolean, ExistsAny);
  AddFn(r, "jsonb_exists_all", {J(), text_array}, boolean, ExistsAll);
  AddFn(r, "jsonb_concat", {J(), J()}, J(), Concat);
  AddFn(r, "jsonb_delete", {J(), text}, J(), DeleteKey);
  AddFn(r, "jsonb_delete", {J(), int4}, J(), DeleteIndex);
  // VARIADIC text[]: declared from two keys on (the last parameter repeats
  // zero or more times), so that a call with one key is not ambiguous with
  // jsonb_delete(jsonb, text), which gives the same result.
  AddFn(r, "jsonb_delete", {J(), text, text, text}, J(), DeleteKeysVariadic, /*strict=*/true, /*variadic=*/true);
  AddFn(r, "jsonb_delete_path", {J(), text_array}, J(), DeletePath);

  AddFn(r, "jsonb_typeof", {J()}, text, JsonbTypeof);
  AddFn(r, "jsonb_array_length", {J()}, int4, JsonbArrayLength);
  AddFn(r, "jsonb_strip_nulls", {J()}, J(), JsonbStripNulls);
  AddFn(r, "jsonb_pretty", {J()}, text, JsonbPretty);
  AddFn(r, "jsonb_extract_path", {J(), text}, J(), ExtractPath, /*strict=*/true, /*variadic=*/true);
  AddFn(r, "jsonb_extract_path_text", {J(), text}, text, ExtractPathText, /*strict=*/true, /*variadic=*/true);
  AddFn(r, "jsonb_build_object", {Any()}, J(), BuildObject, /*strict=*/false, /*variadic=*/true);
  AddFn(r, "jsonb_build_array", {Any()}, J(), BuildArray, /*strict=*/false, /*variadic=*/true);
  AddFn(r, "to_jsonb", {AnyElement()}, J(), ToJsonbFn);

  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kBool, CastContext::kExplicit, CastBool});
  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kInt2, CastContext::kExplicit, CastInt2});
  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kInt4, CastContext::kExplicit, CastInt4});
  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kInt8, CastContext::kExplicit, CastInt8});
  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kFloat4, CastContext::kExplicit, CastFloat4});
  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kFloat8, CastContext::kExplicit, CastFloat8});
  r.AddCast(CastDef{TypeId::kJsonb, TypeId::kNumeric, CastContext::kExplicit, CastNumeric});
}

}  // namespace freshet::functions
