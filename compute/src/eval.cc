#include "compute/eval.h"

#include <optional>

#include "compute/cursor.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/numeric.h"
#include "types/format.h"

namespace freshet::compute {

using sql::ScalarFunc;
using types::Datum;
using types::Type;
using types::TypeId;

namespace {

absl::Status OutOfRange(TypeId id) {
  const char* name = id == TypeId::kInt2 ? "smallint" : id == TypeId::kInt4 ? "integer" : "bigint";
  return Error(sqlstate::kNumericValueOutOfRange, absl::StrCat(name, " out of range"));
}

absl::Status DivisionByZero() { return Error(sqlstate::kDivisionByZero, "division by zero"); }

absl::StatusOr<Datum> CheckIntRange(TypeId id, int64_t v) {
  if (id == TypeId::kInt2 && (v < INT16_MIN || v > INT16_MAX)) return OutOfRange(id);
  if (id == TypeId::kInt4 && (v < INT32_MIN || v > INT32_MAX)) return OutOfRange(id);
  return Datum::FromInt(v);
}

absl::StatusOr<Datum> IntArith(ScalarFunc f, TypeId id, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (f) {
    case ScalarFunc::kAdd:
      if (__builtin_add_overflow(a, b, &r)) return OutOfRange(id);
      break;
    case ScalarFunc::kSub:
      if (__builtin_sub_overflow(a, b, &r)) return OutOfRange(id);
      break;
    case ScalarFunc::kMul:
      if (__builtin_mul_overflow(a, b, &r)) return OutOfRange(id);
      break;
    case ScalarFunc::kDiv:
      if (b == 0) return DivisionByZero();
      if (b == -1) {
        if (__builtin_sub_overflow(int64_t{0}, a, &r)) return OutOfRange(id);
      } else {
        r = a / b;
      }
      break;
    case ScalarFunc::kMod:
      if (b == 0) return DivisionByZero();
      r = b == -1 ? 0 : a % b;
      break;
    default:
      return Error(sqlstate::kInternalError, "not an arithmetic function");
  }
  return CheckIntRange(id, r);
}

absl::StatusOr<Datum> FloatArith(ScalarFunc f, TypeId id, double a, double b) {
  double r = 0;
  switch (f) {
    case ScalarFunc::kAdd: r = a + b; break;
    case ScalarFunc::kSub: r = a - b; break;
    case ScalarFunc::kMul: r = a * b; break;
    case ScalarFunc::kDiv:
      if (b == 0) return DivisionByZero();
      r = a / b;
      break;
    default:
      return NotSupported("operator % for floating-point types");
  }
  if (id == TypeId::kFloat4) r = static_cast<float>(r);
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) {
    return Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
  }
  if (r == 0 && a != 0 && b != 0 && f == ScalarFunc::kMul) {
    return Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
  }
  return Datum::FromDouble(r);
}

absl::StatusOr<Datum> NumericArith(ScalarFunc f, const std::string& a, const std::string& b) {
  absl::StatusOr<std::string> r;
  switch (f) {
    case ScalarFunc::kAdd: r = types::numeric::Add(a, b); break;
    case ScalarFunc::kSub: r = types::numeric::Sub(a, b); break;
    case ScalarFunc::kMul: r = types::numeric::Mul(a, b); break;
    case ScalarFunc::kDiv: r = types::numeric::Div(a, b); break;
    case ScalarFunc::kMod: r = types::numeric::Mod(a, b); break;
    default: return Error(sqlstate::kInternalError, "not an arithmetic function");
  }
  if (!r.ok()) return r.status();
  return Datum::FromString(*std::move(r));
}

absl::StatusOr<Datum> Arith(ScalarFunc f, const Type& type, const Datum& a, const Datum& b) {
  if (types::IsIntegral(type.id)) return IntArith(f, type.id, a.as_int(), b.as_int());
  if (type.id == TypeId::kNumeric) return NumericArith(f, a.as_string(), b.as_string());
  if (type.id == TypeId::kFloat4 || type.id == TypeId::kFloat8) return FloatArith(f, type.id, a.as_double(), b.as_double());
  return NotSupported(absl::StrCat("arithmetic on type ", types::Info(type.id).sql_name));
}

// SQL LIKE with PostgreSQL's default escape character (backslash): `%`
// matches any run of characters, `_` one character (not byte).
bool LikeMatch(std::string_view s, std::string_view p, bool fold_case) {
  auto next_char_len = [](std::string_view t, size_t i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  };
  auto eq = [&](char a, char b) {
    return fold_case ? absl::ascii_tolower(static_cast<unsigned char>(a)) == absl::ascii_tolower(static_cast<unsigned char>(b))
                     : a == b;
  };
  size_t si = 0, pi = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star_p = ++pi;
      star_s = si;
      continue;
    }
    if (pi < p.size() && p[pi] == '_') {
      si += static_cast<size_t>(next_char_len(s, si));
      ++pi;
      continue;
    }
    if (pi < p.size()) {
      size_t lit = pi;
      if (p[pi] == '\\' && pi + 1 < p.size()) lit = pi + 1;
      if (eq(p[lit], s[si])) {
        pi = lit + 1;
        ++si;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    // Backtrack: let the last % swallow one more character.
    star_s += static_cast<size_t>(next_char_len(s, star_s));
    si = star_s;
    pi = star_p;
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

int64_t RoundToInt(double d) { return static_cast<int64_t>(std::nearbyint(d)); }

// Comparison with the integer case inline (every integer type orders as
// its int64 value).
int Compare3(const Type& type, const Datum& a, const Datum& b) {
  if (a.holds_int() && b.holds_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  return CompareDatums(type, a, b);
}

// array[i]... and array[l:u]...: NULL for a NULL array or subscript.
absl::StatusOr<Datum> Subscript(ScalarFunc f, const std::vector<sql::ScalarExprPtr>& args, const Datum* v,
                                size_t count) {
  for (size_t i = 0; i < count; ++i) {
    // An omitted slice bound (a void literal) is not NULL.
    if (v[i].is_null() && (i == 0 || args[i]->type.id != TypeId::kVoid)) return Datum();
  }
  auto array = types::array::Decode(v[0]);
  if (!array.ok()) return array.status();
  if (f == ScalarFunc::kSubscript) {
    std::vector<int> indexes;
    for (size_t i = 1; i < count; ++i) indexes.push_back(static_cast<int>(v[i].as_int()));
    return types::array::Subscript(*array, indexes);
  }
  std::vector<types::array::SliceBound> bounds;
  for (size_t i = 1; i + 1 < count; i += 2) {
    types::array::SliceBound b;
    if (!v[i].is_null()) b.lower = static_cast<int>(v[i].as_int());
    if (!v[i + 1].is_null()) b.upper = static_cast<int>(v[i + 1].as_int());
    bounds.push_back(b);
  }
  return types::array::Slice(*array, bounds);
}

Datum Bool(bool b) { return Datum::FromBool(b); }

}  // namespace

namespace {
constexpr char kAbandoned[] = "the result of this part is no longer wanted";
}  // namespace

bool IsAbandoned(const absl::Status& status) {
  return absl::IsCancelled(status) && status.message() == kAbandoned;
}

absl::Status CheckCanceled(const ExecContext& ctx) {
  if (ctx.cancel != nullptr && ctx.cancel->load(std::memory_order_relaxed)) {
    return Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  if (ctx.abandoned != nullptr && ctx.abandoned->load(std::memory_order_relaxed)) {
    return absl::CancelledError(kAbandoned);
  }
  if (ctx.deadline != std::chrono::steady_clock::time_point::max() &&
      std::chrono::steady_clock::now() >= ctx.deadline) {
    return Error(sqlstate::kQueryCanceled, "canceling statement due to statement timeout");
  }
  return absl::OkStatus();
}

int CompareDatums(const Type& type, const Datum& a, const Datum& b) { return types::Compare(type, a, b); }

absl::StatusOr<Datum> CallRegistered(const functions::FuncDef& def, const Datum* values, size_t count,
                                     const std::vector<sql::ScalarExprPtr>& arg_exprs, const Type& result,
                                     const ExecContext& ctx) {
  if (def.strict) {
    for (size_t i = 0; i < count; ++i) {
      if (values[i].is_null()) return Datum();
    }
  }
  // Small calls keep their argument types on the stack.
  Type inline_types[4];
  std::vector<Type> heap_types;
  Type* arg_types = inline_types;
  if (arg_exprs.size() > 4) {
    heap_types.resize(arg_exprs.size());
    arg_types = heap_types.data();
  }
  for (size_t i = 0; i < arg_exprs.size(); ++i) arg_types[i] = arg_exprs[i]->type;
  functions::CallContext call_ctx;
  call_ctx.statement_timestamp = ctx.statement_timestamp;
  call_ctx.cancel = ctx.cancel;
  functions::Args args;
  args.values = values;
  args.types = arg_types;
  args.size = count;
  args.result = result;
  args.ctx = &call_ctx;
  return def.impl(args);
}

absl::StatusOr<Datum> CastDatum(const Datum& value, const Type& from, const Type& to) {
  const functions::CastDef* def = from.id == to.id ? nullptr : functions::Registry::Get().FindCast(from.id, to.id);
  return CastDatumWith(def, value, from, to);
}

absl::StatusOr<Datum> CastDatumWith(const functions::CastDef* def, const Datum& value, const Type& from,
                                    const Type& to) {
  if (value.is_null()) return Datum();
  TypeId f = from.id, t = to.id;
  if (def != nullptr) {
    functions::Args args;
    args.values = &value;
    args.types = &from;
    args.size = 1;
    args.result = to;
    auto out = def->impl(args);
    if (!out.ok() || to.typmod < 0) return out;
    // The typmod (timestamp(0), ...) through the type's own input rules.
    return types::ParseText(to, types::ToText(Type{to.id, -1, to.elem}, *out), /*explicit_cast=*/true);
  }
  bool f_int = types::IsIntegral(f) || f == TypeId::kOid, t_int = types::IsIntegral(t);
  bool f_float = f == TypeId::kFloat4 || f == TypeId::kFloat8;
  bool t_float = t == TypeId::kFloat4 || t == TypeId::kFloat8;
  if (f_int && t_int) return CheckIntRange(t, value.as_int());
  if (f_int && t == TypeId::kOid) {
    if (value.as_int() < INT32_MIN || value.as_int() > UINT32_MAX) {
      return Error(sqlstate::kNumericValueOutOfRange, "OID out of range");
    }
    return Datum::FromInt(value.as_int() < 0 ? static_cast<uint32_t>(value.as_int()) : value.as_int());
  }
  if (f_int && t_float) return Datum::FromDouble(t == TypeId::kFloat4 ? static_cast<float>(value.as_int())
                                                                       : static_cast<double>(value.as_int()));
  if (f_float && t_float) {
    double d = value.as_double();
    if (t == TypeId::kFloat4) {
      float x = static_cast<float>(d);
      if (std::isinf(x) && !std::isinf(d)) return Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
      d = x;
    }
    return Datum::FromDouble(d);
  }
  if (f_float && t_int) {
    double d = value.as_double();
    if (std::isnan(d) || std::isinf(d) || std::nearbyint(d) < -9.2233720368547758e18 ||
        std::nearbyint(d) >= 9.2233720368547758e18) {
      return OutOfRange(t);
    }
    return CheckIntRange(t, RoundToInt(d));
  }
  if (f == TypeId::kNumeric && t_int) {
    auto rounded = types::numeric::RoundToInt64(value.as_string());
    if (!rounded.has_value()) return OutOfRange(t);
    return CheckIntRange(t, *rounded);
  }
  if (f == TypeId::kBool && t == TypeId::kInt4) return Datum::FromInt(value.as_bool() ? 1 : 0);
  if (f_int && t == TypeId::kBool) return Datum::FromBool(value.as_int() != 0);
  if (f == TypeId::kBool && types::IsStringLike(t)) {
    return types::ParseText(to, value.as_bool() ? "true" : "false");
  }
  // Everything else goes through the text form, as PostgreSQL's I/O
  // conversion casts do. Explicit casts to character(n) truncate.
  std::string text = types::IsStringLike(f) ? value.as_string() : types::ToText(from, value);
  return types::ParseText(to, text, /*explicit_cast=*/true);
}

namespace {

// The rows of a subquery, run in `ctx` with `row` as its innermost outer row.
absl::StatusOr<std::vector<types::Row>> RunSubquery(const sql::Subquery& sub, const types::Row& row,
                                                    const ExecContext& ctx) {
  if (!sub.correlated && ctx.subqueries != nullptr) {
    auto it = ctx.subqueries->rows.find(sub.plan.get());
    if (it != ctx.subqueries->rows.end()) return it->second;
  }
  std::vector<const types::Row*> outer;
  if (ctx.outer_rows != nullptr) outer = *ctx.outer_rows;
  outer.push_back(&row);
  ExecContext inner = ctx;
  inner.outer_rows = &outer;
  auto cursor = OpenCursor(*sub.plan, inner);
  std::vector<types::Row> rows;
  Batch batch;
  for (;;) {
    auto more = cursor->Next(batch);
    if (!more.ok()) return more.status();
    for (Update& u : batch) {
      for (int64_t i = 0; i < u.diff; ++i) rows.push_back(u.row);
    }
    if (!*more) break;
    // A scalar subquery needs to know only whether there is a second row.
    if (sub.kind == sql::SubqueryKind::kExists && !rows.empty()) break;
  }
  if (!sub.correlated && ctx.subqueries != nullptr) ctx.subqueries->rows[sub.plan.get()] = rows;
  return rows;
}

absl::StatusOr<Datum> EvaluateSubquery(const sql::Subquery& sub, const Type& type, const types::Row& row,
                                       const ExecContext& ctx) {
  auto rows = RunSubquery(sub, row, ctx);
  if (!rows.ok()) return rows.status();
  switch (sub.kind) {
    case sql::SubqueryKind::kExists:
      return Datum::FromBool(!rows->empty());
    case sql::SubqueryKind::kScalar:
      if (rows->empty()) return Datum();
      if (rows->size() > 1) {
        return Error(sqlstate::kCardinalityViolation, "more than one row returned by a subquery used as an expression");
      }
      return (*rows)[0][0];
    case sql::SubqueryKind::kArray: {
      std::vector<Datum> elements;
      for (auto& r : *rows) elements.push_back(std::move(r[0]));
      if (type.id == TypeId::kArray && types::ElementOf(type).id == TypeId::kArray) {
        return types::array::FromSubarrays(elements, types::array::StackMode::kArrayConstructor);
      }
      return types::array::FromElements(std::move(elements));
    }
    case sql::SubqueryKind::kAny:
    case sql::SubqueryKind::kAll: {
      auto x = Evaluate(*sub.lhs, row, ctx);
      if (!x.ok()) return x.status();
      std::vector<std::optional<bool>> results;
      types::Row pair(2);
      pair[0] = *std::move(x);
      for (auto& r : *rows) {
        pair[1] = std::move(r[0]);
        auto c = Evaluate(*sub.comparison, pair, ctx);
        if (!c.ok()) return c.status();
        results.push_back(c->is_null() ? std::nullopt : std::optional<bool>(c->as_bool()));
      }
      std::optional<bool> out = sub.kind == sql::SubqueryKind::kAny ? types::array::AnyOf(results)
                                                                    : types::array::AllOf(results);
      return out.has_value() ? Datum::FromBool(*out) : Datum();
    }
  }
  return Datum();
}

}  // namespace

namespace {

bool IsStrictBinary(ScalarFunc f) {
  switch (f) {
    case ScalarFunc::kAdd: case ScalarFunc::kSub: case ScalarFunc::kMul: case ScalarFunc::kDiv:
    case ScalarFunc::kMod: case ScalarFunc::kEq: case ScalarFunc::kNe: case ScalarFunc::kLt:
    case ScalarFunc::kLe: case ScalarFunc::kGt: case ScalarFunc::kGe: case ScalarFunc::kConcat:
    case ScalarFunc::kLike: case ScalarFunc::kILike:
      return true;
    default:
      return false;
  }
}

// The value of a column reference or a literal without copying it (null
// for anything that must be computed).
const Datum* InPlace(const sql::ScalarExpr& e, const types::Row& row) {
  if (const auto* col = std::get_if<sql::ColumnRef>(&e.node)) return &row[col->index];
  if (const auto* lit = std::get_if<sql::Literal>(&e.node)) return &lit->value;
  return nullptr;
}

// An IsStrictBinary operator over two non-null values.
absl::StatusOr<Datum> StrictBinary(ScalarFunc f, const Type& type, const Type& arg_type, const Datum& a,
                                   const Datum& b) {
  switch (f) {
    case ScalarFunc::kEq: return Bool(Compare3(arg_type, a, b) == 0);
    case ScalarFunc::kNe: return Bool(Compare3(arg_type, a, b) != 0);
    case ScalarFunc::kLt: return Bool(Compare3(arg_type, a, b) < 0);
    case ScalarFunc::kLe: return Bool(Compare3(arg_type, a, b) <= 0);
    case ScalarFunc::kGt: return Bool(Compare3(arg_type, a, b) > 0);
    case ScalarFunc::kGe: return Bool(Compare3(arg_type, a, b) >= 0);
    case ScalarFunc::kConcat: return Datum::FromString(a.as_string() + b.as_string());
    case ScalarFunc::kLike: return Bool(LikeMatch(a.as_string(), b.as_string(), false));
    case ScalarFunc::kILike: return Bool(LikeMatch(a.as_string(), b.as_string(), true));
    default: return Arith(f, type, a, b);
  }
}

}  // namespace

absl::StatusOr<Datum> Evaluate(const sql::ScalarExpr& expr, const types::Row& row, const ExecContext& ctx) {
  // Column references and literals first: they are most of what runs.
  if (const auto* col = std::get_if<sql::ColumnRef>(&expr.node)) return row[col->index];
  if (const auto* lit = std::get_if<sql::Literal>(&expr.node)) return lit->value;
  if (const auto* outer = std::get_if<sql::OuterRef>(&expr.node)) {
    const auto& rows = *ctx.outer_rows;
    return (*rows[rows.size() - static_cast<size_t>(outer->depth)])[outer->index];
  }
  if (const auto* sub = std::get_if<sql::Subquery>(&expr.node)) return EvaluateSubquery(*sub, expr.type, row, ctx);
  if (const auto* param = std::get_if<sql::ParamRef>(&expr.node)) return (*ctx.params)[param->index];
  if (const auto* cast = std::get_if<sql::Cast>(&expr.node)) {
    auto v = Evaluate(*cast->arg, row, ctx);
    if (!v.ok()) return v.status();
    return CastDatumWith(cast->def, *v, cast->arg->type, expr.type);
  }
  const auto& call = std::get<sql::Call>(expr.node);
  const auto& args = call.args;
  auto eval = [&](size_t i) { return Evaluate(*args[i], row, ctx); };

  // Strict binary operators, the bulk of filters and keys: arguments that
  // are columns or literals are read in place instead of copied.
  if (args.size() == 2 && IsStrictBinary(call.func)) {
    Datum computed[2];
    const Datum* v[2];
    for (size_t i = 0; i < 2; ++i) {
      v[i] = InPlace(*args[i], row);
      if (v[i] == nullptr) {
        auto d = eval(i);
        if (!d.ok()) return d.status();
        computed[i] = *std::move(d);
        v[i] = &computed[i];
      }
      if (v[i]->is_null()) return Datum();
    }
    return StrictBinary(call.func, expr.type, args[0]->type, *v[0], *v[1]);
  }

  switch (call.func) {
    // Short-circuit and three-valued forms first: they must not evaluate
    // every argument eagerly.
    case ScalarFunc::kAnd:
    case ScalarFunc::kOr: {
      bool is_and = call.func == ScalarFunc::kAnd, saw_null = false;
      for (size_t i = 0; i < args.size(); ++i) {
        auto v = eval(i);
        if (!v.ok()) return v.status();
        if (v->is_null()) saw_null = true;
        else if (v->as_bool() != is_and) return Bool(!is_and);
      }
      return saw_null ? Datum() : Bool(is_and);
    }
    case ScalarFunc::kCase: {
      size_t pairs = (args.size() - 1) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        auto cond = eval(2 * i);
        if (!cond.ok()) return cond.status();
        if (!cond->is_null() && cond->as_bool()) return eval(2 * i + 1);
      }
      return eval(args.size() - 1);
    }
    case ScalarFunc::kCoalesce:
      for (size_t i = 0; i < args.size(); ++i) {
        auto v = eval(i);
        if (!v.ok() || !v->is_null()) return v;
      }
      return Datum();
    case ScalarFunc::kAnyOp:
    case ScalarFunc::kAllOp: {
      // args[2] is a template over (x, element), not over `row`.
      auto x = eval(0);
      if (!x.ok()) return x.status();
      auto array = eval(1);
      if (!array.ok() || array->is_null()) return array;
      auto decoded = types::array::Decode(*array);
      if (!decoded.ok()) return decoded.status();
      std::vector<std::optional<bool>> results;
      results.reserve(decoded->elements.size());
      types::Row pair(2);
      pair[0] = *std::move(x);
      for (Datum& element : decoded->elements) {
        pair[1] = std::move(element);
        auto r = Evaluate(*args[2], pair, ctx);
        if (!r.ok()) return r.status();
        results.push_back(r->is_null() ? std::nullopt : std::optional<bool>(r->as_bool()));
      }
      std::optional<bool> out = call.func == ScalarFunc::kAnyOp ? types::array::AnyOf(results)
                                                                 : types::array::AllOf(results);
      return out.has_value() ? Bool(*out) : Datum();
    }
    default:
      break;
  }

  // Most calls have few arguments: keep them off the heap.
  absl::InlinedVector<Datum, 4> v;
  v.reserve(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    auto d = eval(i);
    if (!d.ok()) return d.status();
    v.push_back(*std::move(d));
  }
  if (call.func == ScalarFunc::kRegistered) return CallRegistered(*call.def, v.data(), v.size(), args, expr.type, ctx);
  if (call.func == ScalarFunc::kArrayConstruct) {
    std::vector<Datum> elements(std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    if (args.empty() || args[0]->type.id != TypeId::kArray) return types::array::FromElements(std::move(elements));
    return types::array::FromSubarrays(elements, types::array::StackMode::kArrayConstructor);
  }
  if (call.func == ScalarFunc::kSubscript || call.func == ScalarFunc::kSlice) {
    return Subscript(call.func, args, v.data(), v.size());
  }
  const Type& arg_type = args.empty() ? expr.type : args[0]->type;
  switch (call.func) {
    case ScalarFunc::kIsNull: return Bool(v[0].is_null());
    case ScalarFunc::kIsNotNull: return Bool(!v[0].is_null());
    case ScalarFunc::kIsTrue: return Bool(!v[0].is_null() && v[0].as_bool());
    case ScalarFunc::kIsNotTrue: return Bool(v[0].is_null() || !v[0].as_bool());
    case ScalarFunc::kIsFalse: return Bool(!v[0].is_null() && !v[0].as_bool());
    case ScalarFunc::kIsNotFalse: return Bool(v[0].is_null() || v[0].as_bool());
    case ScalarFunc::kIsDistinctFrom:
    case ScalarFunc::kIsNotDistinctFrom: {
      bool same = (v[0].is_null() && v[1].is_null()) ||
                  (!v[0].is_null() && !v[1].is_null() && CompareDatums(arg_type, v[0], v[1]) == 0);
      return Bool(call.func == ScalarFunc::kIsNotDistinctFrom ? same : !same);
    }
    case ScalarFunc::kNullIf:
      if (!v[0].is_null() && !v[1].is_null() && CompareDatums(arg_type, v[0], v[1]) == 0) return Datum();
      return v[0];
    case ScalarFunc::kGreatest:
    case ScalarFunc::kLeast: {
      // NULLs are ignored; the result is NULL only if all are.
      Datum best;
      for (Datum& d : v) {
        if (d.is_null()) continue;
        int c = best.is_null() ? 0 : CompareDatums(arg_type, d, best);
        if (best.is_null() || (call.func == ScalarFunc::kGreatest ? c > 0 : c < 0)) best = d;
      }
      return best;
    }
    case ScalarFunc::kPgSleep: {
      if (v[0].is_null()) return Datum();
      auto deadline = std::chrono::steady_clock::now() +
                      std::chrono::microseconds(static_cast<int64_t>(std::max(0.0, v[0].as_double()) * 1e6));
      while (std::chrono::steady_clock::now() < deadline) {
        if (auto s = CheckCanceled(ctx); !s.ok()) return s;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            std::chrono::milliseconds(10), deadline - std::chrono::steady_clock::now()));
      }
      return Datum::FromString("");
    }
    default:
      break;
  }
  // The remaining functions are strict: NULL in, NULL out.
  for (const Datum& d : v) {
    if (d.is_null()) return Datum();
  }
  switch (call.func) {
    case ScalarFunc::kNeg:
      if (types::IsIntegral(expr.type.id)) return IntArith(ScalarFunc::kSub, expr.type.id, 0, v[0].as_int());
      if (expr.type.id == TypeId::kNumeric) return Datum::FromString(types::numeric::Neg(v[0].as_string()));
      return Datum::FromDouble(-v[0].as_double());
    case ScalarFunc::kNot: return Bool(!v[0].as_bool());
    default:
      return Error(sqlstate::kInternalError, "unhandled scalar function");
  }
}

}  // namespace freshet::compute
