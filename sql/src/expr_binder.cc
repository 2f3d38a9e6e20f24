#include "expr_binder.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"
#include "types/format.h"
#include "types/array.h"
#include "types/numeric.h"

namespace freshet::sql {

using types::Datum;
using types::Type;
using types::TypeId;

namespace {

constexpr char kOperatorHint[] =
    "No operator matches the given name and argument types. You might need to add explicit type casts.";
constexpr char kFunctionHint[] =
    "No function matches the given name and argument types. You might need to add explicit type casts.";

using types::SqlName;

std::string LastName(const google::protobuf::RepeatedPtrField<pg_query::Node>& names) {
  if (names.empty() || !names.rbegin()->has_string()) return "";
  return names.rbegin()->string().sval();
}

// Aggregates PostgreSQL knows; binding them needs GROUP BY support.
}  // namespace

namespace {

// The integer constants of a type's modifier list, or 22P02 as PostgreSQL
// says for anything else.
absl::StatusOr<std::vector<int32_t>> TypmodInts(const pg_query::TypeName& name) {
  std::vector<int32_t> out;
  for (const pg_query::Node& mod : name.typmods()) {
    if (!mod.has_a_const() || !mod.a_const().has_ival()) {
      return Error(sqlstate::kSyntaxError, "type modifiers must be simple constants or identifiers");
    }
    out.push_back(mod.a_const().ival().ival());
  }
  return out;
}

// The typmod PostgreSQL's typmodin function computes for `mods`.
absl::StatusOr<int32_t> MakeTypmod(TypeId id, const std::string& name, const std::vector<int32_t>& mods) {
  auto invalid = [&](const std::string& what) {
    return Error(sqlstate::kInvalidParameterValue, what);
  };
  switch (id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      if (mods.size() != 1) return invalid(absl::StrCat("invalid type modifier"));
      if (mods[0] < 1) {
        return Error(sqlstate::kInvalidParameterValue,
                     absl::StrCat("length for type ", id == TypeId::kVarchar ? "varchar" : "char",
                                  " must be at least 1"));
      }
      if (mods[0] > 10485760) {
        return Error(sqlstate::kInvalidParameterValue,
                     absl::StrCat("length for type ", id == TypeId::kVarchar ? "varchar" : "char",
                                  " cannot exceed 10485760"));
      }
      return mods[0] + 4;
    case TypeId::kNumeric:
      if (mods.empty() || mods.size() > 2) return invalid("invalid NUMERIC type modifier");
      return types::numeric::MakeTypmod(mods[0], mods.size() == 2 ? mods[1] : 0);
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
      if (mods.size() != 1) return invalid("invalid type modifier");
      if (mods[0] < 0) {
        return invalid(absl::StrCat("TIME", id == TypeId::kTime ? "" : "STAMP", "(", mods[0],
                                    ") precision must not be negative"));
      }
      // PostgreSQL warns and reduces a precision above 6 to 6.
      return std::min(mods[0], 6);
    case TypeId::kInterval: {
      // The grammar gives (range) or (range, precision); INTERVAL(p) is
      // (full range, p). The typmod is range << 16 | precision.
      constexpr int32_t kFullRange = 0x7FFF, kFullPrecision = 0xFFFF;
      if (mods.empty() || mods.size() > 2) return invalid("invalid INTERVAL type modifier");
      int32_t precision = kFullPrecision;
      if (mods.size() == 2) {
        if (mods[1] < 0) return invalid(absl::StrCat("INTERVAL(", mods[1], ") precision must not be negative"));
        precision = std::min(mods[1], 6);
      }
      int32_t range = mods[0] & kFullRange;
      return (range << 16) | precision;
    }
    default:
      return Error(sqlstate::kSyntaxError, absl::StrCat("type modifier is not allowed for type \"", name, "\""));
  }
}


}  // namespace

bool IsAggregateName(std::string_view name) {
  static constexpr std::string_view kNames[] = {"count", "sum", "avg", "min", "max", "bool_and", "bool_or",
                                                "string_agg", "array_agg", "jsonb_agg", "jsonb_object_agg", "every"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

absl::StatusOr<Type> ResolveTypeName(const pg_query::TypeName& name) {
  std::string last = LastName(name.names());
  if (name.names_size() > 1) {
    const pg_query::Node& schema = name.names(name.names_size() - 2);
    std::string s = schema.has_string() ? schema.string().sval() : "";
    if (s != "pg_catalog" && s != "mz_catalog") {
      return Error(sqlstate::kUndefinedObject, absl::StrCat("type \"", s, ".", last, "\" does not exist"));
    }
  }
  if (name.setof()) return NotSupported("SETOF types");
  std::optional<TypeId> id = types::TypeFromName(last);
  // _int4 spells int4[].
  bool array = !name.array_bounds().empty();
  if (!id.has_value() && last.size() > 1 && last[0] == '_') {
    id = types::TypeFromName(last.substr(1));
    array = true;
  }
  if (!id.has_value() || *id == TypeId::kUnknown || *id == TypeId::kVoid || *id == TypeId::kArray) {
    return Error(sqlstate::kUndefinedObject, absl::StrCat("type \"", last, "\" does not exist"));
  }
  Type type{*id, -1};
  if (!name.typmods().empty()) {
    auto mods = TypmodInts(name);
    if (!mods.ok()) return mods.status();
    auto typmod = MakeTypmod(*id, last, *mods);
    if (!typmod.ok()) return typmod.status();
    type.typmod = *typmod;
  }
  if (array) {
    if (*id == TypeId::kInt2Vector) return NotSupported("arrays of int2vector");
    return types::ArrayOf(type);
  }
  return type;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindColumnRef(const pg_query::ColumnRef& c) {
  if (!c.fields().empty() && c.fields(c.fields_size() - 1).has_a_star()) {
    if (scope_ == nullptr) {
      return Error(sqlstate::kSyntaxError, "SELECT * with no tables specified is not valid")
          .Position(Position(c.location()));
    }
    return Error(sqlstate::kFeatureNotSupported, "* is only supported as a whole select list item")
        .Position(Position(c.location()));
  }
  std::vector<std::string> parts;
  for (const auto& f : c.fields()) parts.push_back(f.has_string() ? f.string().sval() : "*");
  int found = -1;
  if (scope_ != nullptr && !parts.empty()) {
    const std::string& column = parts.back();
    const std::string* table = parts.size() >= 2 ? &parts[parts.size() - 2] : nullptr;
    for (size_t i = 0; i < scope_->size(); ++i) {
      const ScopeColumn& sc = (*scope_)[i];
      if (sc.name != column || (table != nullptr && sc.table != *table) || (table == nullptr && sc.hidden)) continue;
      if (found >= 0) {
        return Error(sqlstate::kAmbiguousColumn,
                     absl::StrCat("column reference \"", absl::StrJoin(parts, "."), "\" is ambiguous"))
            .Position(Position(c.location()));
      }
      found = static_cast<int>(i);
    }
  }
  if (found < 0 && subqueries_.outer_scopes != nullptr && !parts.empty()) {
    // A correlated reference to an enclosing query's column.
    const auto& outer = *subqueries_.outer_scopes;
    const std::string& column = parts.back();
    const std::string* table = parts.size() >= 2 ? &parts[parts.size() - 2] : nullptr;
    for (size_t depth = 1; depth <= outer.size(); ++depth) {
      const std::vector<ScopeColumn>* level = outer[outer.size() - depth];
      if (level == nullptr) continue;
      int hit = -1;
      for (size_t i = 0; i < level->size(); ++i) {
        const ScopeColumn& sc = (*level)[i];
        if (sc.name != column || (table != nullptr && sc.table != *table) || (table == nullptr && sc.hidden)) continue;
        if (hit >= 0) {
          return Error(sqlstate::kAmbiguousColumn,
                       absl::StrCat("column reference \"", absl::StrJoin(parts, "."), "\" is ambiguous"))
              .Position(Position(c.location()));
        }
        hit = static_cast<int>(i);
      }
      if (hit >= 0) {
        if (subqueries_.outer_refs != nullptr) ++*subqueries_.outer_refs;
        auto e = std::make_unique<ScalarExpr>();
        e->type = (*level)[hit].type;
        e->node = OuterRef{static_cast<int>(depth), hit};
        return e;
      }
    }
  }
  if (found < 0) {
    return Error(sqlstate::kUndefinedColumn, absl::StrCat("column \"", absl::StrJoin(parts, "."), "\" does not exist"))
        .Position(Position(c.location()));
  }
  auto e = std::make_unique<ScalarExpr>();
  e->type = (*scope_)[found].type;
  e->node = ColumnRef{found};
  return e;
}

absl::Status ExprBinder::ErrorAt(absl::Status status, int location) const {
  return WithPosition(std::move(status), Position(location));
}

namespace {

// PostgreSQL's FigureColnameInternal: a name and how strongly the node
// suggests it (0: none, 1: a fallback such as a cast's type, 2: a column or
// function name).
int FigureColname(const pg_query::Node& node, std::string* name) {
  switch (node.node_case()) {
    case pg_query::Node::kColumnRef: {
      const auto& fields = node.column_ref().fields();
      if (!fields.empty() && fields.rbegin()->has_string()) {
        *name = fields.rbegin()->string().sval();
        return 2;
      }
      return 0;
    }
    case pg_query::Node::kAIndirection: {
      const auto& ind = node.a_indirection();
      for (auto it = ind.indirection().rbegin(); it != ind.indirection().rend(); ++it) {
        if (it->has_string()) {
          *name = it->string().sval();
          return 2;
        }
      }
      return FigureColname(ind.arg(), name);
    }
    case pg_query::Node::kFuncCall:
      *name = LastName(node.func_call().funcname());
      return 2;
    case pg_query::Node::kAExpr:
      if (node.a_expr().kind() == pg_query::AEXPR_NULLIF) {
        *name = "nullif";
        return 2;
      }
      return 0;
    case pg_query::Node::kTypeCast: {
      int strength = FigureColname(node.type_cast().arg(), name);
      if (strength <= 1) {
        *name = LastName(node.type_cast().type_name().names());
        return 1;
      }
      return strength;
    }
    case pg_query::Node::kCollateClause:
      return FigureColname(node.collate_clause().arg(), name);
    case pg_query::Node::kSubLink:
      switch (node.sub_link().sub_link_type()) {
        case pg_query::EXISTS_SUBLINK: *name = "exists"; return 2;
        case pg_query::ARRAY_SUBLINK: *name = "array"; return 2;
        case pg_query::EXPR_SUBLINK: {
          // The subquery's single output column's name.
          const auto& sub = node.sub_link().subselect();
          if (sub.has_select_stmt() && sub.select_stmt().target_list_size() == 1) {
            const auto& rt = sub.select_stmt().target_list(0).res_target();
            if (!rt.name().empty()) {
              *name = rt.name();
              return 2;
            }
            return FigureColname(rt.val(), name);
          }
          return 0;
        }
        default: return 0;
      }
    case pg_query::Node::kCaseExpr: {
      int strength = node.case_expr().has_defresult() ? FigureColname(node.case_expr().defresult(), name) : 0;
      if (strength <= 1) {
        *name = "case";
        return 1;
      }
      return strength;
    }
    case pg_query::Node::kAArrayExpr:
      *name = "array";
      return 2;
    case pg_query::Node::kRowExpr:
      *name = "row";
      return 2;
    case pg_query::Node::kCoalesceExpr:
      *name = "coalesce";
      return 2;
    case pg_query::Node::kMinMaxExpr:
      *name = node.min_max_expr().op() == pg_query::IS_GREATEST ? "greatest" : "least";
      return 2;
    case pg_query::Node::kSqlvalueFunction:
      switch (node.sqlvalue_function().op()) {
        case pg_query::SVFOP_CURRENT_DATE: *name = "current_date"; return 2;
        case pg_query::SVFOP_CURRENT_TIME:
        case pg_query::SVFOP_CURRENT_TIME_N: *name = "current_time"; return 2;
        case pg_query::SVFOP_CURRENT_TIMESTAMP:
        case pg_query::SVFOP_CURRENT_TIMESTAMP_N: *name = "current_timestamp"; return 2;
        case pg_query::SVFOP_LOCALTIME:
        case pg_query::SVFOP_LOCALTIME_N: *name = "localtime"; return 2;
        case pg_query::SVFOP_LOCALTIMESTAMP:
        case pg_query::SVFOP_LOCALTIMESTAMP_N: *name = "localtimestamp"; return 2;
        case pg_query::SVFOP_CURRENT_USER: *name = "current_user"; return 2;
        case pg_query::SVFOP_CURRENT_ROLE: *name = "current_role"; return 2;
        case pg_query::SVFOP_SESSION_USER: *name = "session_user"; return 2;
        case pg_query::SVFOP_USER: *name = "user"; return 2;
        case pg_query::SVFOP_CURRENT_CATALOG: *name = "current_catalog"; return 2;
        case pg_query::SVFOP_CURRENT_SCHEMA: *name = "current_schema"; return 2;
        default: return 0;
      }
    default:
      return 0;
  }
}

}  // namespace

std::string ExprBinder::ColumnName(const pg_query::Node& node) {
  std::string name;
  if (FigureColname(node, &name) == 0) return "?column?";
  return name;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::Bind(const pg_query::Node& node) {
  if (interceptor_) {
    if (auto replaced = interceptor_(node)) return *std::move(replaced);
  }
  switch (node.node_case()) {
    case pg_query::Node::kAConst:
      return BindConst(node.a_const());
    case pg_query::Node::kParamRef:
      return BindParam(node.param_ref());
    case pg_query::Node::kTypeCast:
      return BindTypeCast(node.type_cast());
    case pg_query::Node::kAExpr:
      return BindAExpr(node.a_expr());
    case pg_query::Node::kBoolExpr:
      return BindBoolExpr(node.bool_expr());
    case pg_query::Node::kFuncCall:
      return BindFuncCall(node.func_call());
    case pg_query::Node::kSqlvalueFunction:
      return BindValueFunction(node.sqlvalue_function());
    case pg_query::Node::kCaseExpr:
      return BindCase(node.case_expr());
    case pg_query::Node::kNullTest: {
      const auto& t = node.null_test();
      auto arg = Bind(t.arg());
      if (!arg.ok()) return arg.status();
      std::vector<ScalarExprPtr> args;
      args.push_back(*std::move(arg));
      return MakeCall(Type{TypeId::kBool}, t.nulltesttype() == pg_query::IS_NULL ? ScalarFunc::kIsNull
                                                                                   : ScalarFunc::kIsNotNull,
                      std::move(args));
    }
    case pg_query::Node::kBooleanTest: {
      const auto& t = node.boolean_test();
      auto arg = BindCondition(t.arg(), "IS TRUE");
      if (!arg.ok()) return arg.status();
      ScalarFunc f = ScalarFunc::kIsTrue;
      switch (t.booltesttype()) {
        case pg_query::IS_TRUE: f = ScalarFunc::kIsTrue; break;
        case pg_query::IS_NOT_TRUE: f = ScalarFunc::kIsNotTrue; break;
        case pg_query::IS_FALSE: f = ScalarFunc::kIsFalse; break;
        case pg_query::IS_NOT_FALSE: f = ScalarFunc::kIsNotFalse; break;
        case pg_query::IS_UNKNOWN: f = ScalarFunc::kIsNull; break;
        default: f = ScalarFunc::kIsNotNull; break;
      }
      std::vector<ScalarExprPtr> args;
      args.push_back(*std::move(arg));
      return MakeCall(Type{TypeId::kBool}, f, std::move(args));
    }
    case pg_query::Node::kCoalesceExpr: {
      std::vector<const pg_query::Node*> nodes;
      for (const auto& a : node.coalesce_expr().args()) nodes.push_back(&a);
      auto args = BindUnified(nodes, "COALESCE", node.coalesce_expr().location());
      if (!args.ok()) return args.status();
      Type t = (*args)[0]->type;
      return MakeCall(t, ScalarFunc::kCoalesce, *std::move(args));
    }
    case pg_query::Node::kMinMaxExpr: {
      const auto& m = node.min_max_expr();
      std::vector<const pg_query::Node*> nodes;
      for (const auto& a : m.args()) nodes.push_back(&a);
      bool greatest = m.op() == pg_query::IS_GREATEST;
      auto args = BindUnified(nodes, greatest ? "GREATEST" : "LEAST", m.location());
      if (!args.ok()) return args.status();
      Type t = (*args)[0]->type;
      return MakeCall(t, greatest ? ScalarFunc::kGreatest : ScalarFunc::kLeast, *std::move(args));
    }
    case pg_query::Node::kColumnRef:
      return BindColumnRef(node.column_ref());
    case pg_query::Node::kSubLink:
      return BindSubLink(node.sub_link());
    case pg_query::Node::kAArrayExpr:
      return BindArrayExpr(node.a_array_expr(), std::nullopt);
    case pg_query::Node::kAIndirection:
      return BindIndirection(node.a_indirection());
    default:
      return NotSupported(absl::StrCat("expression ", pg_query::Node::descriptor()
                                                          ->FindFieldByNumber(node.node_case())
                                                          ->message_type()
                                                          ->name()));
  }
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindCondition(const pg_query::Node& node, const char* clause) {
  auto expr = Bind(node);
  if (!expr.ok()) return expr.status();
  TypeId id = (*expr)->type.id;
  if (id != TypeId::kBool && id != TypeId::kUnknown) {
    return Error(sqlstate::kDatatypeMismatch,
                 absl::StrCat("argument of ", clause, " must be type boolean, not type ", SqlName((*expr)->type)));
  }
  return Coerce(*std::move(expr), Type{TypeId::kBool}, CastContext::kImplicit, params_);
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindConst(const pg_query::A_Const& c) {
  if (c.isnull()) return MakeLiteral(Type{TypeId::kUnknown}, Datum());
  if (c.has_ival()) return MakeLiteral(Type{TypeId::kInt4}, Datum::FromInt(c.ival().ival()));
  if (c.has_boolval()) return MakeLiteral(Type{TypeId::kBool}, Datum::FromBool(c.boolval().boolval()));
  if (c.has_sval()) return MakeLiteral(Type{TypeId::kUnknown}, Datum::FromString(c.sval().sval()));
  if (c.has_fval()) {
    // Integers too large for int4 arrive as "float" text: int8 if they fit,
    // numeric otherwise, as PostgreSQL types them.
    const std::string& text = c.fval().fval();
    int64_t v;
    if (text.find_first_of(".eE") == std::string::npos && absl::SimpleAtoi(text, &v)) {
      return MakeLiteral(Type{TypeId::kInt8}, Datum::FromInt(v));
    }
    auto parsed = types::ParseText(Type{TypeId::kNumeric}, text);
    if (!parsed.ok()) return ErrorAt(parsed.status(), c.location());
    return MakeLiteral(Type{TypeId::kNumeric}, *std::move(parsed));
  }
  return NotSupported("bit string literals");
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindParam(const pg_query::ParamRef& p) {
  if (p.number() < 1 || p.number() > 65535) {
    return Error(sqlstate::kUndefinedObject, absl::StrCat("there is no parameter $", p.number()))
        .Position(Position(p.location()));
  }
  size_t index = static_cast<size_t>(p.number() - 1);
  if (params_.size() <= index) params_.resize(index + 1, Type{TypeId::kUnknown});
  return std::make_unique<ScalarExpr>(ScalarExpr{params_[index], ParamRef{static_cast<int>(index)}});
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindTypeCast(const pg_query::TypeCast& c) {
  auto target = ResolveTypeName(c.type_name());
  if (!target.ok()) return ErrorAt(target.status(), c.type_name().location());
  if (c.arg().has_a_array_expr() && target->id == TypeId::kArray) {
    auto array = BindArrayExpr(c.arg().a_array_expr(), *target);
    if (!array.ok()) return array.status();
    auto out = Coerce(*std::move(array), *target, CastContext::kExplicit, params_);
    if (!out.ok()) return ErrorAt(out.status(), c.location());
    return out;
  }
  auto arg = Bind(c.arg());
  if (!arg.ok()) return arg.status();
  auto out = Coerce(*std::move(arg), *target, CastContext::kExplicit, params_);
  if (!out.ok()) return ErrorAt(out.status(), c.location());
  return out;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindAExpr(const pg_query::A_Expr& e) {
  std::string op = LastName(e.name());
  switch (e.kind()) {
    case pg_query::AEXPR_OP:
      if (e.has_lexpr() && e.lexpr().has_row_expr() && e.rexpr().has_row_expr()) {
        return BindRowComparison(op, e.lexpr().row_expr(), e.rexpr().row_expr(), e.location());
      }
      return BindOperator(op, e.has_lexpr() ? &e.lexpr() : nullptr, e.rexpr(), e.location());
    case pg_query::AEXPR_DISTINCT:
    case pg_query::AEXPR_NOT_DISTINCT: {
      auto eq = BindOperator("=", &e.lexpr(), e.rexpr(), e.location());
      if (!eq.ok()) return eq.status();
      auto& call = std::get<Call>((*eq)->node);
      return MakeCall(Type{TypeId::kBool},
                      e.kind() == pg_query::AEXPR_DISTINCT ? ScalarFunc::kIsDistinctFrom
                                                           : ScalarFunc::kIsNotDistinctFrom,
                      std::move(call.args));
    }
    case pg_query::AEXPR_NULLIF: {
      auto eq = BindOperator("=", &e.lexpr(), e.rexpr(), e.location());
      if (!eq.ok()) return eq.status();
      auto& call = std::get<Call>((*eq)->node);
      Type t = call.args[0]->type;
      return MakeCall(t, ScalarFunc::kNullIf, std::move(call.args));
    }
    case pg_query::AEXPR_IN: {
      // x IN (a, b) is x = a OR x = b; x NOT IN (a, b) is x <> a AND x <> b:
      // the same three-valued result PostgreSQL gives.
      bool negated = op == "<>";
      if (!e.rexpr().has_list()) return NotSupported("IN with a subquery");
      std::vector<ScalarExprPtr> terms;
      for (const auto& item : e.rexpr().list().items()) {
        auto term = BindOperator(negated ? "<>" : "=", &e.lexpr(), item, e.location());
        if (!term.ok()) return term.status();
        terms.push_back(*std::move(term));
      }
      return MakeCall(Type{TypeId::kBool}, negated ? ScalarFunc::kAnd : ScalarFunc::kOr, std::move(terms));
    }
    case pg_query::AEXPR_BETWEEN_SYM:
    case pg_query::AEXPR_NOT_BETWEEN_SYM: {
      // x BETWEEN SYMMETRIC a AND b is (x BETWEEN a AND b) OR (x BETWEEN b AND a).
      const auto& bounds = e.rexpr().list().items();
      bool negated = e.kind() == pg_query::AEXPR_NOT_BETWEEN_SYM;
      std::vector<ScalarExprPtr> sides;
      for (int flip = 0; flip < 2; ++flip) {
        const pg_query::Node& lo_node = bounds[flip];
        const pg_query::Node& hi_node = bounds[1 - flip];
        auto lo = BindOperator(negated ? "<" : ">=", &e.lexpr(), lo_node, e.location());
        if (!lo.ok()) return lo.status();
        auto hi = BindOperator(negated ? ">" : "<=", &e.lexpr(), hi_node, e.location());
        if (!hi.ok()) return hi.status();
        std::vector<ScalarExprPtr> terms;
        terms.push_back(*std::move(lo));
        terms.push_back(*std::move(hi));
        sides.push_back(MakeCall(Type{TypeId::kBool}, negated ? ScalarFunc::kOr : ScalarFunc::kAnd, std::move(terms)));
      }
      return MakeCall(Type{TypeId::kBool}, negated ? ScalarFunc::kAnd : ScalarFunc::kOr, std::move(sides));
    }
    case pg_query::AEXPR_BETWEEN:
    case pg_query::AEXPR_NOT_BETWEEN: {
      const auto& bounds = e.rexpr().list().items();
      bool negated = e.kind() == pg_query::AEXPR_NOT_BETWEEN;
      auto lo = BindOperator(negated ? "<" : ">=", &e.lexpr(), bounds[0], e.location());
      if (!lo.ok()) return lo.status();
      auto hi = BindOperator(negated ? ">" : "<=", &e.lexpr(), bounds[1], e.location());
      if (!hi.ok()) return hi.status();
      std::vector<ScalarExprPtr> terms;
      terms.push_back(*std::move(lo));
      terms.push_back(*std::move(hi));
      return MakeCall(Type{TypeId::kBool}, negated ? ScalarFunc::kOr : ScalarFunc::kAnd, std::move(terms));
    }
    case pg_query::AEXPR_OP_ANY:
    case pg_query::AEXPR_OP_ALL:
      return BindQuantified(op, e.lexpr(), e.rexpr(), e.kind() == pg_query::AEXPR_OP_ALL, e.location());
    case pg_query::AEXPR_LIKE:
    case pg_query::AEXPR_ILIKE: {
      auto l = Bind(e.lexpr());
      if (!l.ok()) return l.status();
      auto r = Bind(e.rexpr());
      if (!r.ok()) return r.status();
      std::vector<ScalarExprPtr> args;
      for (auto* side : {&*l, &*r}) {
        if (!types::IsStringLike((*side)->type.id)) {
          return Error(sqlstate::kUndefinedFunction,
                       absl::StrCat("operator does not exist: ", SqlName((*l)->type), " ", op, " ",
                                    SqlName((*r)->type)))
              .Hint(kOperatorHint)
              .Position(Position(e.location()));
        }
        auto c = Coerce(std::move(*side), Type{TypeId::kText}, CastContext::kImplicit, params_);
        if (!c.ok()) return c.status();
        args.push_back(*std::move(c));
      }
      ScalarExprPtr like = MakeCall(Type{TypeId::kBool},
                                    e.kind() == pg_query::AEXPR_LIKE ? ScalarFunc::kLike : ScalarFunc::kILike,
                                    std::move(args));
      if (op.rfind("!", 0) != 0) return like;  // "!~~" is NOT LIKE
      std::vector<ScalarExprPtr> negated;
      negated.push_back(std::move(like));
      return MakeCall(Type{TypeId::kBool}, ScalarFunc::kNot, std::move(negated));
    }
    default:
      return ErrorAt(NotSupported(absl::StrCat("operator kind ", pg_query::A_Expr_Kind_Name(e.kind()))),
                     e.location());
  }
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindOperator(const std::string& op, const pg_query::Node* left,
                                                       const pg_query::Node& right, int location) {
  auto r = Bind(right);
  if (!r.ok()) return r.status();
  absl::StatusOr<ScalarExprPtr> l;
  if (left != nullptr) {
    l = Bind(*left);
    if (!l.ok()) return l.status();
  }
  return BindOperatorExprs(op, left != nullptr ? *std::move(l) : nullptr, *std::move(r), location);
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindOperatorExprs(const std::string& op, ScalarExprPtr left_expr,
                                                            ScalarExprPtr right_expr, int location) {
  absl::StatusOr<ScalarExprPtr> r = std::move(right_expr);
  if (left_expr == nullptr) {  // prefix operator
    TypeId id = (*r)->type.id;
    if ((op == "-" || op == "+") && (types::IsNumeric(id) || id == TypeId::kUnknown)) {
      if (id == TypeId::kUnknown) {
        return Error(sqlstate::kAmbiguousFunction, absl::StrCat("operator is not unique: ", op, " unknown"))
            .Position(Position(location));
      }
      if (op == "+") return r;
      std::vector<ScalarExprPtr> args;
      Type t = (*r)->type;
      args.push_back(*std::move(r));
      return MakeCall(t, ScalarFunc::kNeg, std::move(args));
    }
    std::vector<ScalarExprPtr> args;
    args.push_back(*std::move(r));
    return BindRegistered(op, /*is_operator=*/true, std::move(args), location);
  }
  absl::StatusOr<ScalarExprPtr> l = std::move(left_expr);
  Type lt = (*l)->type, rt = (*r)->type;
  auto no_operator = [&]() -> absl::Status {
    return Error(sqlstate::kUndefinedFunction,
                 absl::StrCat("operator does not exist: ", SqlName(lt), " ", op, " ", SqlName(rt)))
        .Hint(kOperatorHint)
        .Position(Position(location));
  };

  struct OpInfo {
    const char* name;
    ScalarFunc func;
    bool comparison;
  };
  static constexpr OpInfo kOps[] = {
      {"+", ScalarFunc::kAdd, false}, {"-", ScalarFunc::kSub, false}, {"*", ScalarFunc::kMul, false},
      {"/", ScalarFunc::kDiv, false}, {"%", ScalarFunc::kMod, false}, {"=", ScalarFunc::kEq, true},
      {"<>", ScalarFunc::kNe, true},  {"!=", ScalarFunc::kNe, true},  {"<", ScalarFunc::kLt, true},
      {"<=", ScalarFunc::kLe, true},  {">", ScalarFunc::kGt, true},   {">=", ScalarFunc::kGe, true},
  };
  std::vector<ScalarExprPtr> args;
  // Everything the built-in arithmetic, comparisons and text || do not
  // cover resolves against the function registry, PostgreSQL's way.
  auto registered = [&]() -> absl::StatusOr<ScalarExprPtr> {
    std::vector<ScalarExprPtr> operands;
    operands.push_back(*std::move(l));
    operands.push_back(*std::move(r));
    return BindRegistered(op, /*is_operator=*/true, std::move(operands), location);
  };
  auto structured = [](const Type& t) {
    return t.id == TypeId::kArray || t.id == TypeId::kJsonb || t.id == TypeId::kBytea;
  };
  if (op == "||") {
    bool ls = types::IsStringLike(lt.id), rs = types::IsStringLike(rt.id);
    if ((!ls && !rs) || structured(lt) || structured(rt)) return registered();
    auto lc = Coerce(*std::move(l), Type{TypeId::kText}, ls ? CastContext::kImplicit : CastContext::kExplicit,
                     params_);
    auto rc = Coerce(*std::move(r), Type{TypeId::kText}, rs ? CastContext::kImplicit : CastContext::kExplicit,
                     params_);
    if (!lc.ok()) return ErrorAt(lc.status(), location);
    if (!rc.ok()) return ErrorAt(rc.status(), location);
    args.push_back(*std::move(lc));
    args.push_back(*std::move(rc));
    return MakeCall(Type{TypeId::kText}, ScalarFunc::kConcat, std::move(args));
  }
  const OpInfo* info = nullptr;
  for (const OpInfo& o : kOps) {
    if (op == o.name) info = &o;
  }
  if (info == nullptr) return registered();
  if (lt.id == TypeId::kUnknown && rt.id == TypeId::kUnknown && !info->comparison) {
    return Error(sqlstate::kAmbiguousFunction, absl::StrCat("operator is not unique: unknown ", op, " unknown"))
        .Hint("Could not choose a best candidate operator. You might need to add explicit type casts.")
        .Position(Position(location));
  }
  std::optional<Type> common = CommonType(lt, rt);
  if (!common.has_value() || (!info->comparison && !types::IsNumeric(common->id))) {
    // date - date, timestamp + interval, ...
    auto other = registered();
    if (other.ok() || ToErrorInfo(other.status()).code != sqlstate::kUndefinedFunction) return other;
    return no_operator();
  }
  if (info->func == ScalarFunc::kMod && (common->id == TypeId::kFloat4 || common->id == TypeId::kFloat8)) {
    return no_operator();
  }
  Type ct{common->id, -1, common->elem};
  auto lc = Coerce(*std::move(l), ct, CastContext::kImplicit, params_);
  if (!lc.ok()) return ErrorAt(lc.status(), location);
  auto rc = Coerce(*std::move(r), ct, CastContext::kImplicit, params_);
  if (!rc.ok()) return ErrorAt(rc.status(), location);
  args.push_back(*std::move(lc));
  args.push_back(*std::move(rc));
  return MakeCall(info->comparison ? Type{TypeId::kBool} : ct, info->func, std::move(args));
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindBoolExpr(const pg_query::BoolExpr& e) {
  const char* name = e.boolop() == pg_query::AND_EXPR ? "AND" : e.boolop() == pg_query::OR_EXPR ? "OR" : "NOT";
  std::vector<ScalarExprPtr> args;
  for (const auto& a : e.args()) {
    auto arg = BindCondition(a, name);
    if (!arg.ok()) return ErrorAt(arg.status(), e.location());
    args.push_back(*std::move(arg));
  }
  ScalarFunc f = e.boolop() == pg_query::AND_EXPR ? ScalarFunc::kAnd
               : e.boolop() == pg_query::OR_EXPR  ? ScalarFunc::kOr
                                                  : ScalarFunc::kNot;
  return MakeCall(Type{TypeId::kBool}, f, std::move(args));
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindValueFunction(const pg_query::SQLValueFunction& f) {
  switch (f.op()) {
    case pg_query::SVFOP_CURRENT_USER:
    case pg_query::SVFOP_CURRENT_ROLE:
    case pg_query::SVFOP_SESSION_USER:
    case pg_query::SVFOP_USER:
      return MakeLiteral(Type{TypeId::kName}, Datum::FromString(ctx_.user));
    case pg_query::SVFOP_CURRENT_CATALOG:
      return MakeLiteral(Type{TypeId::kName}, Datum::FromString(ctx_.database));
    case pg_query::SVFOP_CURRENT_SCHEMA:
      return MakeLiteral(Type{TypeId::kName}, Datum::FromString(ctx_.search_path_first));
    case pg_query::SVFOP_CURRENT_TIMESTAMP:
    case pg_query::SVFOP_CURRENT_TIMESTAMP_N:
    case pg_query::SVFOP_CURRENT_DATE:
    case pg_query::SVFOP_LOCALTIMESTAMP:
    case pg_query::SVFOP_LOCALTIMESTAMP_N: {
      // now(), then cast as PostgreSQL's SQLValueFunction does.
      auto now = BindRegistered("now", /*is_operator=*/false, {}, f.location());
      if (!now.ok()) return now;
      Type target{TypeId::kTimestamptz};
      if (f.op() == pg_query::SVFOP_CURRENT_DATE) target = Type{TypeId::kDate};
      if (f.op() == pg_query::SVFOP_LOCALTIMESTAMP || f.op() == pg_query::SVFOP_LOCALTIMESTAMP_N) {
        target = Type{TypeId::kTimestamp};
      }
      if (f.typmod() >= 0) target.typmod = std::min(f.typmod(), 6);
      if (target == (*now)->type) return now;
      return Coerce(*std::move(now), target, CastContext::kExplicit, params_);
    }
    default:
      return ErrorAt(NotSupported("CURRENT_TIME and LOCALTIME (time with time zone)"), f.location());
  }
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindFuncCall(const pg_query::FuncCall& f) {
  std::string name = absl::AsciiStrToLower(LastName(f.funcname()));
  if (f.funcname_size() > 1) {
    std::string schema = f.funcname(0).has_string() ? f.funcname(0).string().sval() : "";
    if (schema != "pg_catalog" && schema != "mz_catalog" && schema != "mz_unsafe") {
      return Error(sqlstate::kUndefinedFunction, absl::StrCat("schema \"", schema, "\" does not exist"))
          .Position(Position(f.location()));
    }
  }
  if (f.agg_star() || f.agg_distinct() || f.has_over() || f.has_agg_filter() || IsAggregateName(name)) {
    // Aggregates are bound by the GROUP BY machinery (bind_select.cc); one
    // that reaches here sits where aggregates cannot be (WHERE, ON, GROUP BY).
    return Error(sqlstate::kGroupingError, "aggregate functions are not allowed here")
        .Position(Position(f.location()))
        .ToStatus();
  }
  std::vector<ScalarExprPtr> args;
  for (const auto& a : f.args()) {
    auto arg = Bind(a);
    if (!arg.ok()) return arg.status();
    args.push_back(*std::move(arg));
  }
  auto literal_text = [&](const std::string& v) { return MakeLiteral(Type{TypeId::kText}, Datum::FromString(v)); };
  if (args.empty()) {
    if (name == "version") return literal_text(ctx_.version);
    if (name == "mz_version") return literal_text(ctx_.mz_version);
    // These return PostgreSQL's name type.
    auto literal_name = [&](const std::string& v) { return MakeLiteral(Type{TypeId::kName}, Datum::FromString(v)); };
    if (name == "current_database") return literal_name(ctx_.database);
    if (name == "current_schema") return literal_name(ctx_.search_path_first);
    if (name == "current_user" || name == "session_user") return literal_name(ctx_.user);
    if (name == "pg_backend_pid") return MakeLiteral(Type{TypeId::kInt4}, Datum::FromInt(ctx_.backend_pid));
  }
  auto implicitly = [&](TypeId target) {
    return args.size() == 1 && CanCast(args[0]->type.id, target, CastContext::kImplicit);
  };
  if (name == "pg_sleep" && implicitly(TypeId::kFloat8)) {
    auto c = Coerce(std::move(args[0]), Type{TypeId::kFloat8}, CastContext::kImplicit, params_);
    if (!c.ok()) return c.status();
    args[0] = *std::move(c);
    return MakeCall(Type{TypeId::kVoid}, ScalarFunc::kPgSleep, std::move(args));
  }
  if (name == "pg_typeof" && args.size() == 1) {
    // A regtype: the argument's type OID, printed as format_type() does.
    const Type& t = args[0]->type;
    return MakeLiteral(Type{TypeId::kRegtype}, Datum::FromInt(t.id == TypeId::kUnknown ? 705 : t.oid()));
  }
  return BindRegistered(name, /*is_operator=*/false, std::move(args), f.location());
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindRegistered(const std::string& name, bool is_operator,
                                                         std::vector<ScalarExprPtr> args, int location) {
  std::vector<Type> arg_types;
  for (const auto& a : args) arg_types.push_back(a->type);
  auto resolved = functions::Resolve(name, is_operator, arg_types);
  if (!resolved.ok()) return ErrorAt(resolved.status(), location);
  for (size_t i = 0; i < args.size(); ++i) {
    auto c = Coerce(std::move(args[i]), resolved->param_types[i], CastContext::kImplicit, params_);
    if (!c.ok()) return ErrorAt(c.status(), location);
    args[i] = *std::move(c);
  }
  ScalarExprPtr call = MakeCall(resolved->result, ScalarFunc::kRegistered, std::move(args));
  std::get<Call>(call->node).def = resolved->def;
  return call;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindRowComparison(const std::string& op, const pg_query::RowExpr& l,
                                                             const pg_query::RowExpr& r, int location) {
  if (l.args_size() != r.args_size()) {
    return Error(sqlstate::kSyntaxError, "unequal number of entries in row expressions").Position(Position(location));
  }
  if (l.args_size() == 0) return NotSupported("comparing empty rows");
  auto both = [](ScalarFunc f, ScalarExprPtr a, ScalarExprPtr b) {
    std::vector<ScalarExprPtr> args;
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return MakeCall(Type{TypeId::kBool}, f, std::move(args));
  };
  int n = l.args_size();
  if (op == "=" || op == "<>" || op == "!=") {
    // Pairwise, joined by AND (=) or OR (<>), with SQL's three-valued logic.
    ScalarExprPtr out;
    for (int i = 0; i < n; ++i) {
      auto c = BindOperator(op == "=" ? "=" : "<>", &l.args(i), r.args(i), location);
      if (!c.ok()) return c.status();
      out = out ? both(op == "=" ? ScalarFunc::kAnd : ScalarFunc::kOr, std::move(out), *std::move(c)) : *std::move(c);
    }
    return out;
  }
  if (op != "<" && op != "<=" && op != ">" && op != ">=") {
    return Error(sqlstate::kUndefinedFunction, absl::StrCat("could not determine interpretation of row comparison operator ", op))
        .Position(Position(location));
  }
  // Lexicographic: a1 < b1 OR (a1 = b1 AND (a2 < b2 OR (... an <= bn))).
  std::string strict = op.substr(0, 1);
  auto last = BindOperator(op, &l.args(n - 1), r.args(n - 1), location);
  if (!last.ok()) return last.status();
  ScalarExprPtr out = *std::move(last);
  for (int i = n - 2; i >= 0; --i) {
    auto lt = BindOperator(strict, &l.args(i), r.args(i), location);
    if (!lt.ok()) return lt.status();
    auto eq = BindOperator("=", &l.args(i), r.args(i), location);
    if (!eq.ok()) return eq.status();
    out = both(ScalarFunc::kOr, *std::move(lt), both(ScalarFunc::kAnd, *std::move(eq), std::move(out)));
  }
  return out;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindQuantified(const std::string& op, const pg_query::Node& left,
                                                          const pg_query::Node& right, bool all, int location) {
  if (right.has_sub_link()) return ErrorAt(NotSupported("ANY/ALL with a subquery"), location);
  auto l = Bind(left);
  if (!l.ok()) return l.status();
  auto array = Bind(right);
  if (!array.ok()) return array.status();
  Type array_type = (*array)->type;
  if (array_type.id == TypeId::kUnknown) {
    // An untyped literal is an array of the left side's type.
    Type elem = (*l)->type.id == TypeId::kUnknown ? Type{TypeId::kText} : (*l)->type;
    array_type = types::ArrayOf(Type{elem.id, -1, elem.elem});
    auto c = Coerce(*std::move(array), array_type, CastContext::kImplicit, params_);
    if (!c.ok()) return ErrorAt(c.status(), location);
    array = std::move(c);
  }
  if (array_type.id != TypeId::kArray) {
    return Error(sqlstate::kInvalidParameterValueWrongObjectType, "op ANY/ALL (array) requires array on right side")
        .Position(Position(location));
  }
  // The comparison of x with one element, over the row (x, element).
  Type lt = (*l)->type;
  auto template_expr = BindOperatorExprs(op, std::make_unique<ScalarExpr>(ScalarExpr{lt, ColumnRef{0}}),
                                         std::make_unique<ScalarExpr>(ScalarExpr{types::ElementOf(array_type), ColumnRef{1}}),
                                         location);
  if (!template_expr.ok()) return template_expr.status();
  if ((*template_expr)->type.id != TypeId::kBool) {
    return Error(sqlstate::kInvalidParameterValueWrongObjectType, "op ANY/ALL (array) requires operator to yield boolean")
        .Position(Position(location));
  }
  // An untyped x took its type inside the template; give it the same.
  if (lt.id == TypeId::kUnknown) {
    const Call* call = std::get_if<Call>(&(*template_expr)->node);
    Type target = call != nullptr && !call->args.empty() ? call->args[0]->type : Type{TypeId::kText};
    auto c = Coerce(*std::move(l), target, CastContext::kImplicit, params_);
    if (!c.ok()) return ErrorAt(c.status(), location);
    l = std::move(c);
  }
  std::vector<ScalarExprPtr> args;
  args.push_back(*std::move(l));
  args.push_back(*std::move(array));
  args.push_back(*std::move(template_expr));
  return MakeCall(Type{TypeId::kBool}, all ? ScalarFunc::kAllOp : ScalarFunc::kAnyOp, std::move(args));
}

absl::StatusOr<Type> ExprBinder::UnifyArrayElements(std::vector<ScalarExprPtr>& elements, int location) {
  Type common = elements[0]->type;
  for (auto& e : elements) {
    auto next = CommonType(common, e->type);
    if (!next.has_value()) {
      return Error(sqlstate::kDatatypeMismatch,
                   absl::StrCat("ARRAY types ", SqlName(common), " and ", SqlName(e->type), " cannot be matched"))
          .Position(Position(location))
          .ToStatus();
    }
    common = *next;
  }
  for (auto& e : elements) {
    auto c = Coerce(std::move(e), common, CastContext::kImplicit, params_);
    if (!c.ok()) return ErrorAt(c.status(), location);
    e = *std::move(c);
  }
  return common;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindArrayExpr(const pg_query::A_ArrayExpr& a,
                                                        std::optional<Type> target) {
  std::vector<const pg_query::Node*> nodes;
  for (const auto& e : a.elements()) nodes.push_back(&e);
  if (nodes.empty()) {
    if (!target.has_value()) {
      return Error(sqlstate::kIndeterminateDatatype, "cannot determine type of empty array")
          .Hint("Explicitly cast to the desired type, for example ARRAY[]::integer[].")
          .Position(Position(a.location()));
    }
    return MakeLiteral(*target, types::array::FromElements({}));
  }
  // Nested ARRAY[...] inside ARRAY[...] are subarrays of the same type.
  bool nested = a.elements(0).has_a_array_expr();
  std::vector<ScalarExprPtr> elements;
  if (nested) {
    for (const pg_query::Node* n : nodes) {
      if (!n->has_a_array_expr()) {
        return Error(sqlstate::kSyntaxError, "multidimensional arrays must have array expressions with matching dimensions")
            .Position(Position(a.location()));
      }
      auto sub = BindArrayExpr(n->a_array_expr(), target);
      if (!sub.ok()) return sub.status();
      elements.push_back(*std::move(sub));
    }
    auto common = UnifyArrayElements(elements, a.location());
    if (!common.ok()) return common.status();
    return MakeCall(*common, ScalarFunc::kArrayConstruct, std::move(elements));
  }
  if (target.has_value()) {
    // ARRAY['1', '2']::int[]: the elements take the target's element type.
    for (const pg_query::Node* n : nodes) {
      auto e = Bind(*n);
      if (!e.ok()) return e.status();
      if ((*e)->type.id == TypeId::kUnknown) {
        auto c = Coerce(*std::move(e), types::ElementOf(*target), CastContext::kExplicit, params_);
        if (!c.ok()) return ErrorAt(c.status(), a.location());
        e = std::move(c);
      }
      elements.push_back(*std::move(e));
    }
    auto common = UnifyArrayElements(elements, a.location());
    if (!common.ok()) return common.status();
    return MakeCall(types::ArrayOf(*common), ScalarFunc::kArrayConstruct, std::move(elements));
  }
  auto unified = BindUnified(nodes, "ARRAY", a.location());
  if (!unified.ok()) return unified.status();
  Type elem = (*unified)[0]->type;
  if (elem.id == TypeId::kArray) {
    return MakeCall(elem, ScalarFunc::kArrayConstruct, *std::move(unified));
  }
  return MakeCall(types::ArrayOf(Type{elem.id, -1, elem.elem}), ScalarFunc::kArrayConstruct, *std::move(unified));
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindIndirection(const pg_query::A_Indirection& ind) {
  auto base = Bind(ind.arg());
  if (!base.ok()) return base.status();
  if ((*base)->type.id != TypeId::kArray) {
    if ((*base)->type.id == TypeId::kJsonb) return NotSupported("jsonb subscripting (use -> and ->>)");
    for (const auto& i : ind.indirection()) {
      if (i.has_string() || i.has_a_star()) return NotSupported("field selection");
    }
    return Error(sqlstate::kDatatypeMismatch,
                 absl::StrCat("cannot subscript type ", SqlName((*base)->type), " because it does not support subscripting"));
  }
  bool slice = false;
  for (const auto& i : ind.indirection()) {
    if (!i.has_a_indices()) return NotSupported("field selection");
    slice = slice || i.a_indices().is_slice();
  }
  Type array_type = (*base)->type;
  std::vector<ScalarExprPtr> args;
  args.push_back(*std::move(base));
  auto subscript = [&](const pg_query::Node* n) -> absl::Status {
    if (n == nullptr) {
      args.push_back(MakeLiteral(Type{TypeId::kVoid}, Datum()));
      return absl::OkStatus();
    }
    auto e = Bind(*n);
    if (!e.ok()) return e.status();
    if (!CanCast((*e)->type, Type{TypeId::kInt4}, CastContext::kAssignment)) {
      return Error(sqlstate::kDatatypeMismatch, "array subscript must have type integer");
    }
    auto c = Coerce(*std::move(e), Type{TypeId::kInt4}, CastContext::kAssignment, params_);
    if (!c.ok()) return c.status();
    args.push_back(*std::move(c));
    return absl::OkStatus();
  };
  for (const auto& i : ind.indirection()) {
    const auto& idx = i.a_indices();
    if (slice) {
      // In a slice, a plain [i] means [1:i], as in PostgreSQL.
      if (!idx.is_slice()) {
        args.push_back(MakeLiteral(Type{TypeId::kInt4}, Datum::FromInt(1)));
        if (auto st = subscript(idx.has_uidx() ? &idx.uidx() : nullptr); !st.ok()) return st;
        continue;
      }
      if (auto st = subscript(idx.has_lidx() ? &idx.lidx() : nullptr); !st.ok()) return st;
      if (auto st = subscript(idx.has_uidx() ? &idx.uidx() : nullptr); !st.ok()) return st;
    } else {
      if (auto st = subscript(&idx.uidx()); !st.ok()) return st;
    }
  }
  if (slice) return MakeCall(array_type, ScalarFunc::kSlice, std::move(args));
  return MakeCall(types::ElementOf(array_type), ScalarFunc::kSubscript, std::move(args));
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindSubLink(const pg_query::SubLink& link) {
  int position = Position(link.location());
  if (!subqueries_.bind || !link.subselect().has_select_stmt()) {
    return WithPosition(NotSupported("subqueries here"), position);
  }
  auto bound = subqueries_.bind(link.subselect().select_stmt(), scope_);
  if (!bound.ok()) return bound.status();
  Subquery sub;
  sub.correlated = bound->correlated;
  Type type{TypeId::kBool};
  auto single_column = [&](const char* too_many) -> absl::Status {
    if (bound->columns.size() != 1) {
      return Error(sqlstate::kSyntaxError, bound->columns.empty() ? "subquery must return a column" : too_many)
          .Position(position);
    }
    return absl::OkStatus();
  };
  switch (link.sub_link_type()) {
    case pg_query::EXISTS_SUBLINK:
      sub.kind = SubqueryKind::kExists;
      break;
    case pg_query::EXPR_SUBLINK:
      if (auto st = single_column("subquery must return only one column"); !st.ok()) return st;
      sub.kind = SubqueryKind::kScalar;
      type = bound->columns[0].type;
      break;
    case pg_query::ARRAY_SUBLINK: {
      if (auto st = single_column("subquery must return only one column"); !st.ok()) return st;
      sub.kind = SubqueryKind::kArray;
      Type elem = bound->columns[0].type;
      type = elem.id == TypeId::kArray ? elem : types::ArrayOf(Type{elem.id, -1, elem.elem});
      break;
    }
    case pg_query::ANY_SUBLINK:
    case pg_query::ALL_SUBLINK: {
      if (link.testexpr().has_row_expr()) return WithPosition(NotSupported("row comparisons with subqueries"), position);
      if (bound->columns.size() != 1) {
        return Error(sqlstate::kSyntaxError,
                     bound->columns.size() > 1 ? "subquery has too many columns" : "subquery has too few columns")
            .Position(position);
      }
      sub.kind = link.sub_link_type() == pg_query::ANY_SUBLINK ? SubqueryKind::kAny : SubqueryKind::kAll;
      std::string op = link.oper_name().empty() ? "=" : LastName(link.oper_name());
      auto lhs = Bind(link.testexpr());
      if (!lhs.ok()) return lhs.status();
      auto comparison = BindOperatorExprs(op, std::make_unique<ScalarExpr>(ScalarExpr{(*lhs)->type, ColumnRef{0}}),
                                          std::make_unique<ScalarExpr>(ScalarExpr{bound->columns[0].type, ColumnRef{1}}),
                                          link.location());
      if (!comparison.ok()) return comparison.status();
      if ((*comparison)->type.id != TypeId::kBool) {
        return Error(sqlstate::kDatatypeMismatch, "operator of ANY/ALL subquery must yield boolean").Position(position);
      }
      if ((*lhs)->type.id == TypeId::kUnknown) {
        const Call* call = std::get_if<Call>(&(*comparison)->node);
        Type target = call != nullptr && !call->args.empty() ? call->args[0]->type : Type{TypeId::kText};
        auto c = Coerce(*std::move(lhs), target, CastContext::kImplicit, params_);
        if (!c.ok()) return c.status();
        lhs = std::move(c);
      }
      sub.lhs = *std::move(lhs);
      sub.comparison = *std::move(comparison);
      break;
    }
    default:
      return WithPosition(NotSupported("this kind of subquery"), position);
  }
  sub.plan = std::shared_ptr<RelExpr>(std::move(bound->root));
  auto e = std::make_unique<ScalarExpr>();
  e->type = type.id == TypeId::kUnknown ? Type{TypeId::kText} : type;
  e->node = std::move(sub);
  return e;
}

absl::StatusOr<std::vector<ScalarExprPtr>> ExprBinder::BindUnified(const std::vector<const pg_query::Node*>& nodes,
                                                                   const char* what, int location) {
  std::vector<ScalarExprPtr> out;
  TypeId common = TypeId::kUnknown;
  for (const pg_query::Node* n : nodes) {
    auto e = Bind(*n);
    if (!e.ok()) return e.status();
    TypeId t = (*e)->type.id;
    if (t == TypeId::kUnknown) {  // NULL or an untyped literal: takes the others' type
      out.push_back(*std::move(e));
      continue;
    }
    std::optional<TypeId> next = CommonType(common, t);
    if (!next.has_value() || (common != TypeId::kUnknown && t != TypeId::kUnknown &&
                              !CanCast(t, *next, CastContext::kImplicit))) {
      return Error(sqlstate::kDatatypeMismatch,
                   absl::StrCat(what, " types ", types::Info(common).sql_name, " and ", types::Info(t).sql_name,
                                " cannot be matched"))
          .Position(Position(location));
    }
    common = *next;
    out.push_back(*std::move(e));
  }
  if (common == TypeId::kUnknown) common = TypeId::kText;
  for (auto& e : out) {
    auto c = Coerce(std::move(e), Type{common}, CastContext::kImplicit, params_);
    if (!c.ok()) return ErrorAt(c.status(), location);
    e = *std::move(c);
  }
  return out;
}

absl::StatusOr<ScalarExprPtr> ExprBinder::BindCase(const pg_query::CaseExpr& c) {
  std::vector<ScalarExprPtr> conditions;
  std::vector<const pg_query::Node*> results;
  for (const auto& w : c.args()) {
    const auto& when = w.case_when();
    absl::StatusOr<ScalarExprPtr> cond =
        c.has_arg() ? BindOperator("=", &c.arg(), when.expr(), when.location()) : BindCondition(when.expr(), "CASE");
    if (!cond.ok()) return cond.status();
    conditions.push_back(*std::move(cond));
    results.push_back(&when.result());
  }
  pg_query::Node null_node;
  null_node.mutable_a_const()->set_isnull(true);
  results.push_back(c.has_defresult() ? &c.defresult() : &null_node);
  auto bound = BindUnified(results, "CASE", c.location());
  if (!bound.ok()) return bound.status();
  Type t = (*bound)[0]->type;
  std::vector<ScalarExprPtr> args;
  for (size_t i = 0; i < conditions.size(); ++i) {
    args.push_back(std::move(conditions[i]));
    args.push_back(std::move((*bound)[i]));
  }
  args.push_back(std::move(bound->back()));
  return MakeCall(t, ScalarFunc::kCase, std::move(args));
}

}  // namespace freshet::sql
