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
  // Otherwise the side the other converts to implicitly (date and
  // timestamp compare as timestamp; "char" and text as text).
  bool ab = CanCast(a, b, CastContext::kImplicit), ba = CanCast(b, a, CastContext::kImplicit);
  if (ab && !ba) return b;
  if (ba && !ab) return a;
  return std::nullopt;
}

std::optional<types::Type> CommonType(const types::Type& a, const types::Type& b) {
  if (a.id == TypeId::kArray || b.id == TypeId::kArray) {
    if (a.id == TypeId::kUnknown) return b;
    if (b.id == TypeId::kUnknown) return a;
    if (a.id != b.id) return std::nullopt;
    std::optional<types::Type> elem = CommonType(types::ElementOf(a), types::ElementOf(b));
    if (!elem.has_value()) return std::nullopt;
    return types::ArrayOf(*elem);
  }
  std::optional<TypeId> id = CommonType(a.id, b.id);
  if (!id.has_value()) return std::nullopt;
  return types::Type{*id};
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
  if (!CanCast(expr->type, target, context)) {
    return Error(sqlstate::kCannotCoerce,
                 absl::StrCat("cannot cast type ", types::SqlName(expr->type), " to ", types::SqlName(target)));
  }
  if (expr->type.id == target.id && expr->type.elem == target.elem && target.typmod < 0) {
    expr->type = target;
    return expr;
  }
  const functions::CastDef* def =
      expr->type.id == target.id ? nullptr : functions::Registry::Get().FindCast(expr->type.id, target.id);
  return std::make_unique<ScalarExpr>(ScalarExpr{target, Cast{std::move(expr), def}});
}

}  // namespace freshet::sql
