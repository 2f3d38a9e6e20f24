#include "coerce.h"

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "types/format.h"

namespace freshet::sql {

using types::TypeId;

namespace {

// Position on PostgreSQL's numeric promotion ladder; -1 = not numeric.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInt2: return 0;
    case TypeId::kInt4: return 1;
    case TypeId::kInt8: return 2;
    case TypeId::kNumeric: return 3;
    case TypeId::kFloat4: return 4;
    case TypeId::kFloat8: return 5;
    default: return -1;
  }
}

}  // namespace

bool CanCast(TypeId from, TypeId to, CastContext context) {
  if (from == to || from == TypeId::kUnknown) return true;
  if (to == TypeId::kVoid || from == TypeId::kVoid) return false;
  int rf = NumericRank(from), rt = NumericRank(to);
  if (rf >= 0 && rt >= 0) return context == CastContext::kExplicit || rt > rf;
  bool from_string = types::IsStringLike(from), to_string = types::IsStringLike(to);
  if (from_string && to_string) return context == CastContext::kExplicit || to == TypeId::kText;
  if (context == CastContext::kImplicit) {
    return (from == TypeId::kOid && types::IsIntegral(to)) || (types::IsIntegral(from) && to == TypeId::kOid);
  }
  // Explicit: every type has I/O conversion to and from the string types;
  // int4 <-> bool and the integers <-> oid have direct casts.
  if (from_string || to_string) return true;
  if ((from == TypeId::kInt4 && to == TypeId::kBool) || (from == TypeId::kBool && to == TypeId::kInt4)) return true;
  return (from == TypeId::kOid && types::IsIntegral(to)) || (types::IsIntegral(from) && to == TypeId::kOid);
}

std::optional<TypeId> CommonType(TypeId a, TypeId b) {
  if (a == TypeId::kUnknown && b == TypeId::kUnknown) return TypeId::kText;
  if (a == TypeId::kUnknown) return b;
  if (b == TypeId::kUnknown) return a;
  if (a == b) return a;
  int ra = NumericRank(a), rb = NumericRank(b);
  if (ra >= 0 && rb >= 0) {
    // float4 mixed with anything wider than itself computes in float8.
    if ((a == TypeId::kFloat4 || b == TypeId::kFloat4) && (ra != rb)) return TypeId::kFloat8;
    return ra > rb ? a : b;
  }
  if (types::IsStringLike(a) && types::IsStringLike(b)) return TypeId::kText;
  if ((a == TypeId::kOid && types::IsIntegral(b)) || (b == TypeId::kOid && types::IsIntegral(a))) return TypeId::kOid;
  return std::nullopt;
}

ScalarExprPtr MakeLiteral(types::Type type, types::Datum value) {
  return std::make_unique<ScalarExpr>(ScalarExpr{type, Literal{std::move(value)}});
}

ScalarExprPtr MakeCall(types::Type type, ScalarFunc func, std::vector<ScalarExprPtr> args) {
  return std::make_unique<ScalarExpr>(ScalarExpr{type, Call{func, std::move(args)}});
}

absl::StatusOr<ScalarExprPtr> Coerce(ScalarExprPtr expr, const types::Type& target, CastContext context,
                                     ParamTypes& params) {
  if (expr->type == target) return expr;
  if (expr->type.id == TypeId::kUnknown) {
    if (auto* param = std::get_if<ParamRef>(&expr->node)) {
      params[param->index] = target;
      expr->type = target;
      return expr;
    }
    if (auto* lit = std::get_if<Literal>(&expr->node)) {
      if (lit->value.is_null()) return MakeLiteral(target, types::Datum());
      auto parsed = types::ParseText(target, lit->value.as_string(), context == CastContext::kExplicit);
      if (!parsed.ok()) return parsed.status();
      return MakeLiteral(target, *std::move(parsed));
    }
  }
  if (!CanCast(expr->type.id, target.id, context)) {
    return Error(sqlstate::kCannotCoerce,
                 absl::StrCat("cannot cast type ", types::Info(expr->type.id).sql_name, " to ",
                              types::Info(target.id).sql_name));
  }
  if (expr->type.id == target.id && target.typmod < 0) {
    expr->type = target;
    return expr;
  }
  return std::make_unique<ScalarExpr>(ScalarExpr{target, Cast{std::move(expr)}});
}

}  // namespace freshet::sql
