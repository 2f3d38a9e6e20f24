// Range constructors, functions and operators, with PostgreSQL 15's names,
// signatures, strictness and error messages (pg_proc, pg_operator,
// rangetypes.c).
#include "common/error.h"
#include "functions/registry.h"
#include "types/range.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::Type;
using types::TypeId;
using types::range::Bound;
using types::range::RangeValue;

// int4range(lower, upper [, flags]): NULL bounds are infinite; the default
// flags are "[)".
absl::StatusOr<Datum> Construct(const Args& args) {
  bool lower_inclusive = true, upper_inclusive = false;
  if (args.size > 2) {
    if (args[2].is_null()) {
      return Error(sqlstate::kDataException, "range constructor flags argument must not be null");
    }
    if (absl::Status s = types::range::ParseBoundFlags(args[2].as_string(), lower_inclusive, upper_inclusive);
        !s.ok())
      return s;
  }
  Bound lower{args[0], args[0].is_null(), lower_inclusive, true};
  Bound upper{args[1], args[1].is_null(), upper_inclusive, false};
  return types::range::Make(args.result, std::move(lower), std::move(upper));
}

// Applies `f` to the decoded range arguments.
template <typename F>
absl::StatusOr<Datum> WithRange(const Args& args, F f) {
  absl::StatusOr<RangeValue> r = types::range::Decode(args[0]);
  if (!r.ok()) return r.status();
  return f(*r);
}

template <typename F>
absl::StatusOr<Datum> WithRanges(const Args& args, F f) {
  absl::StatusOr<RangeValue> a = types::range::Decode(args[0]);
  if (!a.ok()) return a.status();
  absl::StatusOr<RangeValue> b = types::range::Decode(args[1]);
  if (!b.ok()) return b.status();
  return f(args.type(0), *a, *b);
}

absl::StatusOr<Datum> Lower(const Args& args) {
  return WithRange(args, [](const RangeValue& r) {
    return r.empty || r.lower.infinite ? Datum() : r.lower.value;
  });
}
absl::StatusOr<Datum> Upper(const Args& args) {
  return WithRange(args, [](const RangeValue& r) {
    return r.empty || r.upper.infinite ? Datum() : r.upper.value;
  });
}
absl::StatusOr<Datum> IsEmpty(const Args& args) {
  return WithRange(args, [](const RangeValue& r) { return Datum::FromBool(r.empty); });
}
absl::StatusOr<Datum> LowerInc(const Args& args) {
  return WithRange(args, [](const RangeValue& r) { return Datum::FromBool(!r.empty && r.lower.inclusive); });
}
absl::StatusOr<Datum> UpperInc(const Args& args) {
  return WithRange(args, [](const RangeValue& r) { return Datum::FromBool(!r.empty && r.upper.inclusive); });
}
absl::StatusOr<Datum> LowerInf(const Args& args) {
  return WithRange(args, [](const RangeValue& r) { return Datum::FromBool(!r.empty && r.lower.infinite); });
}
absl::StatusOr<Datum> UpperInf(const Args& args) {
  return WithRange(args, [](const RangeValue& r) { return Datum::FromBool(!r.empty && r.upper.infinite); });
}

// A boolean operator over two ranges.
template <bool (*Op)(const Type&, const RangeValue&, const RangeValue&)>
absl::StatusOr<Datum> Predicate(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) -> absl::StatusOr<Datum> {
    return Datum::FromBool(Op(t, a, b));
  });
}

absl::StatusOr<Datum> ContainedBy(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) -> absl::StatusOr<Datum> {
    return Datum::FromBool(types::range::Contains(t, b, a));
  });
}

absl::StatusOr<Datum> ContainsElement(const Args& args) {
  absl::StatusOr<RangeValue> r = types::range::Decode(args[0]);
  if (!r.ok()) return r.status();
  return Datum::FromBool(types::range::ContainsElement(args.type(0), *r, args[1]));
}

absl::StatusOr<Datum> ElementContainedBy(const Args& args) {
  absl::StatusOr<RangeValue> r = types::range::Decode(args[1]);
  if (!r.ok()) return r.status();
  return Datum::FromBool(types::range::ContainsElement(args.type(1), *r, args[0]));
}

absl::StatusOr<Datum> Adjacent(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) -> absl::StatusOr<Datum> {
    absl::StatusOr<bool> adjacent = types::range::Adjacent(t, a, b);
    if (!adjacent.ok()) return adjacent.status();
    return Datum::FromBool(*adjacent);
  });
}

absl::StatusOr<Datum> UnionOp(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) {
    return types::range::Union(t, a, b, /*strict=*/true);
  });
}
absl::StatusOr<Datum> Merge(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) {
    return types::range::Union(t, a, b, /*strict=*/false);
  });
}
absl::StatusOr<Datum> IntersectionOp(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) {
    return types::range::Intersection(t, a, b);
  });
}
absl::StatusOr<Datum> DifferenceOp(const Args& args) {
  return WithRanges(args, [](const Type& t, const RangeValue& a, const RangeValue& b) {
    return types::range::Difference(t, a, b);
  });
}

FuncDef Def(std::string name, bool is_operator, std::vector<Param> params, Param result, Impl impl,
            bool strict = true) {
  FuncDef def;
  def.name = std::move(name);
  def.is_operator = is_operator;
  def.params = std::move(params);
  def.result = result;
  def.impl = impl;
  def.strict = strict;
  return def;
}

}  // namespace

void RegisterRange(Registry& r) {
  const Param boolean = Exact(TypeId::kBool);
  const Param text = Exact(TypeId::kText);
  for (TypeId range : {TypeId::kInt4Range, TypeId::kInt8Range, TypeId::kNumRange, TypeId::kDateRange,
                       TypeId::kTsRange, TypeId::kTstzRange}) {
    const Param bound = Exact(types::RangeSubtype(range));
    const std::string name = types::Info(range).name;
    r.Add(Def(name, false, {bound, bound}, Exact(range), Construct, /*strict=*/false));
    r.Add(Def(name, false, {bound, bound, text}, Exact(range), Construct, /*strict=*/false));
  }
  r.Add(Def("lower", false, {AnyRange()}, AnyElement(), Lower));
  r.Add(Def("upper", false, {AnyRange()}, AnyElement(), Upper));
  r.Add(Def("isempty", false, {AnyRange()}, boolean, IsEmpty));
  r.Add(Def("lower_inc", false, {AnyRange()}, boolean, LowerInc));
  r.Add(Def("upper_inc", false, {AnyRange()}, boolean, UpperInc));
  r.Add(Def("lower_inf", false, {AnyRange()}, boolean, LowerInf));
  r.Add(Def("upper_inf", false, {AnyRange()}, boolean, UpperInf));
  r.Add(Def("range_merge", false, {AnyRange(), AnyRange()}, AnyRange(), Merge));

  r.Add(Def("@>", true, {AnyRange(), AnyRange()}, boolean, Predicate<types::range::Contains>));
  r.Add(Def("@>", true, {AnyRange(), AnyElement()}, boolean, ContainsElement));
  r.Add(Def("<@", true, {AnyRange(), AnyRange()}, boolean, ContainedBy));
  r.Add(Def("<@", true, {AnyElement(), AnyRange()}, boolean, ElementContainedBy));
  r.Add(Def("&&", true, {AnyRange(), AnyRange()}, boolean, Predicate<types::range::Overlaps>));
  r.Add(Def("<<", true, {AnyRange(), AnyRange()}, boolean, Predicate<types::range::Before>));
  r.Add(Def(">>", true, {AnyRange(), AnyRange()}, boolean, Predicate<types::range::After>));
  r.Add(Def("&<", true, {AnyRange(), AnyRange()}, boolean, Predicate<types::range::OverLeft>));
  r.Add(Def("&>", true, {AnyRange(), AnyRange()}, boolean, Predicate<types::range::OverRight>));
  r.Add(Def("-|-", true, {AnyRange(), AnyRange()}, boolean, Adjacent));
  r.Add(Def("+", true, {AnyRange(), AnyRange()}, AnyRange(), UnionOp));
  r.Add(Def("*", true, {AnyRange(), AnyRange()}, AnyRange(), IntersectionOp));
  r.Add(Def("-", true, {AnyRange(), AnyRange()}, AnyRange(), DifferenceOp));
}

}  // namespace freshet::functions
