// Array functions and operators, with PostgreSQL 15's names, signatures,
// strictness and error messages (pg_proc, pg_operator, arrayfuncs.c).
#include <algorithm>
#include <climits>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/format.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::Type;
using types::TypeId;
using types::array::ArrayValue;

const Type kInt4Array{TypeId::kArray, -1, TypeId::kInt4};
const Type kTextArray{TypeId::kArray, -1, TypeId::kText};

// The element type of the array argument `i`.
Type ElementTypeOf(const Args& args, size_t i) {
  const Type& t = args.type(i);
  return t.id == TypeId::kInt2Vector ? Type{TypeId::kInt2} : types::ElementOf(t);
}

// Element equality as the element type's = operator (NULLs never equal).
bool ElementsEqual(const Type& element, const Datum& a, const Datum& b) {
  if (a.is_null() || b.is_null()) return false;
  return types::Compare(element, a, b) == 0;
}

// IS NOT DISTINCT FROM, as array_position and array_remove match.
bool NotDistinct(const Type& element, const Datum& a, const Datum& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  return types::Compare(element, a, b) == 0;
}

absl::StatusOr<Datum> Int4(int64_t v) { return Datum::FromInt(v); }
absl::StatusOr<Datum> Null() { return Datum(); }

// The dimension argument of array_length and friends, or -1 when it names
// no dimension of `a`.
int DimensionIndex(const ArrayValue& a, const Datum& d) {
  int64_t dim = d.as_int();
  if (a.empty() || dim < 1 || dim > a.ndim()) return -1;
  return static_cast<int>(dim - 1);
}

absl::StatusOr<Datum> ArrayLength(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  int i = DimensionIndex(*a, args[1]);
  return i < 0 ? Null() : Int4(a->dims[i]);
}

absl::StatusOr<Datum> ArrayLower(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  int i = DimensionIndex(*a, args[1]);
  return i < 0 ? Null() : Int4(a->lower_bounds[i]);
}

absl::StatusOr<Datum> ArrayUpper(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  int i = DimensionIndex(*a, args[1]);
  return i < 0 ? Null() : Int4(static_cast<int64_t>(a->lower_bounds[i]) + a->dims[i] - 1);
}

absl::StatusOr<Datum> ArrayNdims(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  return a->empty() ? Null() : Int4(a->ndim());
}

absl::StatusOr<Datum> ArrayDims(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  if (a->empty()) return Null();
  std::string out;
  for (int i = 0; i < a->ndim(); ++i) {
    absl::StrAppend(&out, "[", a->lower_bounds[i], ":", static_cast<int64_t>(a->lower_bounds[i]) + a->dims[i] - 1,
                    "]");
  }
  return Datum::FromString(std::move(out));
}

absl::StatusOr<Datum> Cardinality(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  return Int4(types::array::Cardinality(*a));
}

// `what`: "searching for elements in", "removing elements from".
absl::Status NotOneDimensional(const char* what) {
  return Error(sqlstate::kFeatureNotSupported, absl::StrCat(what, " multidimensional arrays is not supported"));
}

// array_position(arr, elem [, start]): the subscript of the first element
// not distinct from elem at or after start.
absl::StatusOr<Datum> ArrayPosition(const Args& args) {
  if (args[0].is_null()) return Null();
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  if (a->ndim() > 1) return NotOneDimensional("searching for elements in");
  if (a->empty()) return Null();
  int64_t lb = a->lower_bounds[0];
  size_t first = 0;
  if (args.size > 2) {
    if (args[2].is_null()) {
      return Error(sqlstate::kNullValueNotAllowed, "initial position must not be null");
    }
    int64_t start = args[2].as_int();
    if (start > lb) first = static_cast<size_t>(start - lb);
  }
  Type element = ElementTypeOf(args, 0);
  for (size_t i = first; i < a->elements.size(); ++i) {
    if (NotDistinct(element, a->elements[i], args[1])) return Int4(lb + static_cast<int64_t>(i));
  }
  return Null();
}

absl::StatusOr<Datum> ArrayPositions(const Args& args) {
  if (args[0].is_null()) return Null();
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  if (a->ndim() > 1) return NotOneDimensional("searching for elements in");
  std::vector<Datum> positions;
  Type element = ElementTypeOf(args, 0);
  for (size_t i = 0; i < a->elements.size(); ++i) {
    if (NotDistinct(element, a->elements[i], args[1])) {
      positions.push_back(Datum::FromInt(a->lower_bounds[0] + static_cast<int64_t>(i)));
    }
  }
  return types::array::FromElements(std::move(positions));
}

absl::Status NotEmptyOrOneDimensional() {
  return Error(sqlstate::kDataException, "argument must be empty or one-dimensional array");
}

absl::StatusOr<Datum> Append(const Datum& array, const Datum& element) {
  ArrayValue a;
  if (!array.is_null()) {
    absl::StatusOr<ArrayValue> d = types::array::Decode(array);
    if (!d.ok()) return d.status();
    a = *std::move(d);
  }
  if (a.ndim() > 1) return NotEmptyOrOneDimensional();
  if (a.empty()) {
    a.dims = {0};
    a.lower_bounds = {1};
  } else if (static_cast<int64_t>(a.lower_bounds[0]) + a.dims[0] > INT_MAX) {
    return Error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  }
  a.elements.push_back(element);
  ++a.dims[0];
  return types::array::Encode(a);
}

absl::StatusOr<Datum> Prepend(const Datum& element, const Datum& array) {
  ArrayValue a;
  if (!array.is_null()) {
    absl::StatusOr<ArrayValue> d = types::array::Decode(array);
    if (!d.ok()) return d.status();
    a = *std::move(d);
  }
  if (a.ndim() > 1) return NotEmptyOrOneDimensional();
  if (a.empty()) {
    a.dims = {0};
    a.lower_bounds = {1};
  } else if (a.lower_bounds[0] == INT_MIN) {
    return Error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  }
  // PostgreSQL keeps the lower bound: the new element takes it.
  a.elements.insert(a.elements.begin(), element);
  ++a.dims[0];
  return types::array::Encode(a);
}

absl::StatusOr<Datum> ArrayAppend(const Args& args) { return Append(args[0], args[1]); }
absl::StatusOr<Datum> ArrayPrepend(const Args& args) { return Prepend(args[0], args[1]); }

absl::Status Incompatible(std::string detail) {
  return Error(types::array::kArraySubscriptError, "cannot concatenate incompatible arrays").Detail(std::move(detail));
}

absl::StatusOr<Datum> ArrayCat(const Args& args) {
  if (args[0].is_null()) return args[1];
  if (args[1].is_null()) return args[0];
  absl::StatusOr<ArrayValue> x = types::array::Decode(args[0]);
  if (!x.ok()) return x.status();
  absl::StatusOr<ArrayValue> y = types::array::Decode(args[1]);
  if (!y.ok()) return y.status();
  const int n1 = x->ndim(), n2 = y->ndim();
  if (n1 == 0 && n2 > 0) return args[1];
  if (n2 == 0) return args[0];
  if (n1 != n2 && n1 != n2 - 1 && n1 != n2 + 1) {
    return Incompatible(absl::StrCat("Arrays of ", n1, " and ", n2,
                                     " dimensions are not compatible for concatenation."));
  }
  ArrayValue result;
  if (n1 == n2) {
    for (int i = 1; i < n1; ++i) {
      if (x->dims[i] != y->dims[i] || x->lower_bounds[i] != y->lower_bounds[i]) {
        return Incompatible("Arrays with differing element dimensions are not compatible for concatenation.");
      }
    }
    result.dims = x->dims;
    result.lower_bounds = x->lower_bounds;
    result.dims[0] = x->dims[0] + y->dims[0];
  } else {
    // One is an element of the other's outer dimension.
    const ArrayValue& outer = n1 > n2 ? *x : *y;
    const ArrayValue& inner = n1 > n2 ? *y : *x;
    result.dims = outer.dims;
    result.lower_bounds = outer.lower_bounds;
    result.dims[0] += 1;
    for (int i = 0; i < inner.ndim(); ++i) {
      if (inner.dims[i] != result.dims[i + 1] || inner.lower_bounds[i] != result.lower_bounds[i + 1]) {
        return Incompatible("Arrays with differing dimensions are not compatible for concatenation.");
      }
    }
  }
  result.elements = std::move(x->elements);
  result.elements.insert(result.elements.end(), y->elements.begin(), y->elements.end());
  return types::array::Encode(result);
}

// array_remove and array_replace (PostgreSQL's array_replace_internal).
absl::StatusOr<Datum> ReplaceOrRemove(const Args& args, bool remove) {
  if (args[0].is_null()) return Null();
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  if (a->empty()) return args[0];
  if (remove && a->ndim() > 1) return NotOneDimensional("removing elements from");
  Type element = ElementTypeOf(args, 0);
  const Datum& search = args[1];
  bool changed = false;
  std::vector<Datum> out;
  out.reserve(a->elements.size());
  for (Datum& e : a->elements) {
    if (NotDistinct(element, e, search)) {
      changed = true;
      if (!remove) out.push_back(args[2]);
    } else {
      out.push_back(std::move(e));
    }
  }
  if (!changed) return args[0];
  if (remove) {
    if (out.empty()) return types::array::Encode(ArrayValue{});
    a->dims[0] = static_cast<int>(out.size());
  }
  a->elements = std::move(out);
  return types::array::Encode(*a);
}

absl::StatusOr<Datum> ArrayRemove(const Args& args) { return ReplaceOrRemove(args, true); }
absl::StatusOr<Datum> ArrayReplace(const Args& args) { return ReplaceOrRemove(args, false); }

// array_to_string(arr, delimiter [, null_string]): NULL elements are
// skipped unless null_string is given (and not NULL).
absl::StatusOr<Datum> ArrayToString(const Args& args) {
  if (args[0].is_null() || args[1].is_null()) return Null();
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  const std::string& delimiter = args[1].as_string();
  const Datum* null_string = args.size > 2 && !args[2].is_null() ? &args[2] : nullptr;
  Type element = ElementTypeOf(args, 0);
  std::string out;
  bool first = true;
  for (const Datum& e : a->elements) {
    if (e.is_null() && null_string == nullptr) continue;
    if (!first) out += delimiter;
    first = false;
    if (e.is_null()) {
      out += null_string->as_string();
    } else {
      types::AppendText(element, e, out);
    }
  }
  return Datum::FromString(std::move(out));
}

// string_to_array(str, delimiter [, null_string]): a NULL delimiter splits
// into characters, an empty one gives the whole string; an empty string
// gives an empty array.
absl::StatusOr<Datum> StringToArray(const Args& args) {
  if (args[0].is_null()) return Null();
  const std::string& s = args[0].as_string();
  const Datum* null_string = args.size > 2 && !args[2].is_null() ? &args[2] : nullptr;
  std::vector<Datum> items;
  auto add = [&](std::string field) {
    if (null_string != nullptr && field == null_string->as_string()) {
      items.emplace_back();
    } else {
      items.push_back(Datum::FromString(std::move(field)));
    }
  };
  if (s.empty()) return types::array::FromElements({});
  if (args[1].is_null()) {
    // One element per (UTF-8) character.
    for (size_t i = 0; i < s.size();) {
      size_t j = i + 1;
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      add(s.substr(i, j - i));
      i = j;
    }
  } else if (args[1].as_string().empty()) {
    add(s);
  } else {
    const std::string& d = args[1].as_string();
    size_t start = 0;
    for (;;) {
      size_t pos = s.find(d, start);
      if (pos == std::string::npos) {
        add(s.substr(start));
        break;
      }
      add(s.substr(start, pos - start));
      start = pos + d.size();
    }
  }
  return types::array::FromElements(std::move(items));
}

absl::StatusOr<Datum> TrimArray(const Args& args) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(args[0]);
  if (!a.ok()) return a.status();
  int64_t n = args[1].as_int();
  int64_t len = a->empty() ? 0 : a->dims[0];
  if (n < 0 || n > len) {
    return Error(types::array::kArraySubscriptError,
                 absl::StrCat("number of elements to trim must be between 0 and ", len));
  }
  if (n == len) return types::array::Encode(ArrayValue{});
  // A slice, as in PostgreSQL: the result's lower bounds are 1.
  size_t inner = a->elements.size() / static_cast<size_t>(len);
  a->dims[0] = static_cast<int>(len - n);
  std::fill(a->lower_bounds.begin(), a->lower_bounds.end(), 1);
  a->elements.resize(static_cast<size_t>(len - n) * inner);
  return types::array::Encode(*a);
}

// array_contain_compare: does every non-NULL... element of b equal some
// element of a? (A NULL element never matches anything.) With match_all
// false: does any element of b match?
absl::StatusOr<bool> ContainCompare(const Args& args, const Datum& a_datum, const Datum& b_datum, bool match_all) {
  absl::StatusOr<ArrayValue> a = types::array::Decode(a_datum);
  if (!a.ok()) return a.status();
  absl::StatusOr<ArrayValue> b = types::array::Decode(b_datum);
  if (!b.ok()) return b.status();
  Type element = ElementTypeOf(args, 0);
  for (const Datum& x : b->elements) {
    bool found = false;
    if (!x.is_null()) {
      found = std::any_of(a->elements.begin(), a->elements.end(),
                          [&](const Datum& y) { return ElementsEqual(element, x, y); });
    }
    if (found && !match_all) return true;
    if (!found && match_all) return false;
  }
  return match_all;
}

absl::StatusOr<Datum> Bool(absl::StatusOr<bool> b) {
  if (!b.ok()) return b.status();
  return Datum::FromBool(*b);
}

absl::StatusOr<Datum> ArrayContains(const Args& args) { return Bool(ContainCompare(args, args[0], args[1], true)); }
absl::StatusOr<Datum> ArrayContained(const Args& args) { return Bool(ContainCompare(args, args[1], args[0], true)); }
absl::StatusOr<Datum> ArrayOverlap(const Args& args) { return Bool(ContainCompare(args, args[0], args[1], false)); }

FuncDef Function(std::string name, std::vector<Param> params, Param result, Impl impl, bool strict = true) {
  FuncDef def;
  def.name = std::move(name);
  def.params = std::move(params);
  def.result = result;
  def.impl = impl;
  def.strict = strict;
  return def;
}

FuncDef Operator(std::string name, std::vector<Param> params, Param result, Impl impl, bool strict = true) {
  FuncDef def = Function(std::move(name), std::move(params), result, impl, strict);
  def.is_operator = true;
  return def;
}

}  // namespace

void RegisterArray(Registry& r) {
  const Param int4 = Exact(TypeId::kInt4);
  const Param text = Exact(TypeId::kText);
  const Param boolean = Exact(TypeId::kBool);
  r.Add(Function("array_length", {AnyArray(), int4}, int4, ArrayLength));
  r.Add(Function("array_lower", {AnyArray(), int4}, int4, ArrayLower));
  r.Add(Function("array_upper", {AnyArray(), int4}, int4, ArrayUpper));
  r.Add(Function("array_ndims", {AnyArray()}, int4, ArrayNdims));
  r.Add(Function("array_dims", {AnyArray()}, text, ArrayDims));
  r.Add(Function("cardinality", {AnyArray()}, int4, Cardinality));
  r.Add(Function("array_position", {AnyArray(), AnyElement()}, int4, ArrayPosition, false));
  r.Add(Function("array_position", {AnyArray(), AnyElement(), int4}, int4, ArrayPosition, false));
  r.Add(Function("array_positions", {AnyArray(), AnyElement()}, Exact(kInt4Array), ArrayPositions, false));
  r.Add(Function("array_append", {AnyArray(), AnyElement()}, AnyArray(), ArrayAppend, false));
  r.Add(Function("array_prepend", {AnyElement(), AnyArray()}, AnyArray(), ArrayPrepend, false));
  r.Add(Function("array_cat", {AnyArray(), AnyArray()}, AnyArray(), ArrayCat, false));
  r.Add(Function("array_remove", {AnyArray(), AnyElement()}, AnyArray(), ArrayRemove, false));
  r.Add(Function("array_replace", {AnyArray(), AnyElement(), AnyElement()}, AnyArray(), ArrayReplace, false));
  r.Add(Function("array_to_string", {AnyArray(), text}, text, ArrayToString));
  r.Add(Function("array_to_string", {AnyArray(), text, text}, text, ArrayToString, false));
  r.Add(Function("string_to_array", {text, text}, Exact(kTextArray), StringToArray, false));
  r.Add(Function("string_to_array", {text, text, text}, Exact(kTextArray), StringToArray, false));
  r.Add(Function("trim_array", {AnyArray(), int4}, AnyArray(), TrimArray));
  r.Add(Operator("||", {AnyArray(), AnyArray()}, AnyArray(), ArrayCat, false));
  r.Add(Operator("||", {AnyArray(), AnyElement()}, AnyArray(), ArrayAppend, false));
  r.Add(Operator("||", {AnyElement(), AnyArray()}, AnyArray(), ArrayPrepend, false));
  r.Add(Operator("@>", {AnyArray(), AnyArray()}, boolean, ArrayContains));
  r.Add(Operator("<@", {AnyArray(), AnyArray()}, boolean, ArrayContained));
  r.Add(Operator("&&", {AnyArray(), AnyArray()}, boolean, ArrayOverlap));
}

}  // namespace freshet::functions
