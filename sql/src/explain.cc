#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sql/plan.h"
#include "types/format.h"

namespace freshet::sql {
namespace {

const char* FuncName(ScalarFunc f) {
  switch (f) {
    case ScalarFunc::kAdd: return "+";
    case ScalarFunc::kSub: return "-";
    case ScalarFunc::kMul: return "*";
    case ScalarFunc::kDiv: return "/";
    case ScalarFunc::kMod: return "%";
    case ScalarFunc::kNeg: return "neg";
    case ScalarFunc::kEq: return "=";
    case ScalarFunc::kNe: return "<>";
    case ScalarFunc::kLt: return "<";
    case ScalarFunc::kLe: return "<=";
    case ScalarFunc::kGt: return ">";
    case ScalarFunc::kGe: return ">=";
    case ScalarFunc::kAnd: return "AND";
    case ScalarFunc::kOr: return "OR";
    case ScalarFunc::kNot: return "NOT";
    case ScalarFunc::kIsNull: return "is_null";
    case ScalarFunc::kIsNotNull: return "is_not_null";
    case ScalarFunc::kIsTrue: return "is_true";
    case ScalarFunc::kIsNotTrue: return "is_not_true";
    case ScalarFunc::kIsFalse: return "is_false";
    case ScalarFunc::kIsNotFalse: return "is_not_false";
    case ScalarFunc::kIsDistinctFrom: return "is_distinct_from";
    case ScalarFunc::kIsNotDistinctFrom: return "is_not_distinct_from";
    case ScalarFunc::kConcat: return "||";
    case ScalarFunc::kCoalesce: return "coalesce";
    case ScalarFunc::kNullIf: return "nullif";
    case ScalarFunc::kGreatest: return "greatest";
    case ScalarFunc::kLeast: return "least";
    case ScalarFunc::kCase: return "case";
    case ScalarFunc::kLike: return "like";
    case ScalarFunc::kILike: return "ilike";
    case ScalarFunc::kPgSleep: return "pg_sleep";
    case ScalarFunc::kArrayConstruct: return "array";
    case ScalarFunc::kSubscript: return "subscript";
    case ScalarFunc::kSlice: return "slice";
    case ScalarFunc::kAnyOp: return "any";
    case ScalarFunc::kAllOp: return "all";
    case ScalarFunc::kRegistered: return "?";
  }
  return "?";
}

void ExplainRel(const RelExpr& rel, int depth, std::string& out);

std::string ExplainScalar(const ScalarExpr& e) {
  return std::visit(
      [&](const auto& n) -> std::string {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Literal>) {
          if (n.value.is_null()) return "null";
          return absl::StrCat(types::ToText(e.type, n.value), "::", types::TypName(e.type));
        } else if constexpr (std::is_same_v<N, ColumnRef>) {
          return absl::StrCat("#", n.index);
        } else if constexpr (std::is_same_v<N, ParamRef>) {
          return absl::StrCat("$", n.index + 1);
        } else if constexpr (std::is_same_v<N, Cast>) {
          return absl::StrCat(ExplainScalar(*n.arg), "::", types::TypName(e.type));
        } else if constexpr (std::is_same_v<N, OuterRef>) {
          return absl::StrCat("outer", n.depth, "#", n.index);
        } else if constexpr (std::is_same_v<N, Subquery>) {
          static const char* kKinds[] = {"subquery", "exists", "any", "all", "array"};
          std::string plan;
          ExplainRel(*n.plan, 1, plan);
          return absl::StrCat(kKinds[static_cast<int>(n.kind)], n.correlated ? " correlated" : "", "(\n", plan, ")");
        } else {
          std::vector<std::string> args;
          for (const auto& a : n.args) args.push_back(ExplainScalar(*a));
          if (n.def != nullptr && n.def->is_operator && args.size() == 2) {
            return absl::StrCat("(", args[0], " ", n.def->name, " ", args[1], ")");
          }
          return absl::StrCat(n.def != nullptr ? n.def->name : FuncName(n.func), "(", absl::StrJoin(args, ", "), ")");
        }
      },
      e.node);
}

void ExplainRel(const RelExpr& rel, int depth, std::string& out) {
  std::string indent(static_cast<size_t>(depth) * 2, ' ');
  std::visit(
      [&](const auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Values>) {
          absl::StrAppend(&out, indent, "Values (", n.rows.size(), " rows)\n");
        } else if constexpr (std::is_same_v<N, Project>) {
          std::vector<std::string> exprs;
          for (const auto& e : n.exprs) exprs.push_back(ExplainScalar(*e));
          absl::StrAppend(&out, indent, "Project (", absl::StrJoin(exprs, ", "), ")\n");
          ExplainRel(*n.input, depth + 1, out);
        } else if constexpr (std::is_same_v<N, Filter>) {
          absl::StrAppend(&out, indent, "Filter ", ExplainScalar(*n.predicate), "\n");
          ExplainRel(*n.input, depth + 1, out);
        } else if constexpr (std::is_same_v<N, Scan>) {
          absl::StrAppend(&out, indent, "Scan ", n.name);
          if (!n.needed.empty()) {
            std::vector<int> read;
            for (size_t i = 0; i < n.needed.size(); ++i) {
              if (n.needed[i]) read.push_back(static_cast<int>(i));
            }
            if (read.empty()) {
              absl::StrAppend(&out, " (no columns)");
            } else {
              absl::StrAppend(&out, " (columns #", absl::StrJoin(read, ", #"), ")");
            }
          }
          if (!n.key_text.empty()) absl::StrAppend(&out, " (key range: ", n.key_text, ")");
          absl::StrAppend(&out, "\n");
        } else if constexpr (std::is_same_v<N, Union>) {
          absl::StrAppend(&out, indent, "Union\n");
          for (const auto& in : n.inputs) ExplainRel(*in, depth + 1, out);
        } else if constexpr (std::is_same_v<N, Reduce>) {
          std::vector<std::string> keys;
          for (const auto& k : n.keys) keys.push_back(ExplainScalar(*k));
          absl::StrAppend(&out, indent, "Reduce keys=(", absl::StrJoin(keys, ", "), ") aggregates=", n.aggregates.size(), "\n");
          ExplainRel(*n.input, depth + 1, out);
        } else if constexpr (std::is_same_v<N, Join>) {
          static const char* kKinds[] = {"Inner", "Left", "Right", "Full"};
          absl::StrAppend(&out, indent, kKinds[static_cast<int>(n.kind)], "Join ",
                          n.condition ? ExplainScalar(*n.condition) : std::string("true"), "\n");
          ExplainRel(*n.left, depth + 1, out);
          ExplainRel(*n.right, depth + 1, out);
        } else if constexpr (std::is_same_v<N, SetOp>) {
          absl::StrAppend(&out, indent, n.kind == SetOp::Kind::kIntersect ? "Intersect" : "Except",
                          n.all ? " All" : "", "\n");
          ExplainRel(*n.left, depth + 1, out);
          ExplainRel(*n.right, depth + 1, out);
        } else if constexpr (std::is_same_v<N, LateralJoin>) {
          absl::StrAppend(&out, indent, n.kind == JoinKind::kLeft ? "LeftLateralJoin " : "LateralJoin ",
                          n.condition ? ExplainScalar(*n.condition) : std::string("true"), "\n");
          ExplainRel(*n.left, depth + 1, out);
          ExplainRel(*n.right, depth + 1, out);
        } else if constexpr (std::is_same_v<N, DistinctOn>) {
          absl::StrAppend(&out, indent, "DistinctOn (#", absl::StrJoin(n.columns, ", #"), ")\n");
          ExplainRel(*n.input, depth + 1, out);
        } else if constexpr (std::is_same_v<N, FlatMap>) {
          static const char* kFuncs[] = {"generate_series", "unnest", "jsonb_array_elements",
                                         "jsonb_array_elements_text", "jsonb_each", "jsonb_each_text",
                                         "jsonb_object_keys"};
          std::vector<std::string> args;
          for (const auto& a : n.args) args.push_back(ExplainScalar(*a));
          absl::StrAppend(&out, indent, "FlatMap ", kFuncs[static_cast<int>(n.func)], "(", absl::StrJoin(args, ", "),
                          ")", n.with_ordinality ? " WITH ORDINALITY" : "", "\n");
          ExplainRel(*n.input, depth + 1, out);
        } else if constexpr (std::is_same_v<N, Sort>) {
          std::vector<std::string> keys;
          for (const auto& k : n.keys) {
            keys.push_back(absl::StrCat("#", k.column, k.descending ? " desc" : "", k.nulls_first ? " nulls first" : ""));
          }
          absl::StrAppend(&out, indent, "Sort (", absl::StrJoin(keys, ", "), ")\n");
          ExplainRel(*n.input, depth + 1, out);
        } else {
          absl::StrAppend(&out, indent, "Limit ", n.limit, " offset ", n.offset, "\n");
          ExplainRel(*n.input, depth + 1, out);
        }
      },
      rel.node);
}

}  // namespace

std::string Explain(const RelExpr& rel) {
  std::string out;
  ExplainRel(rel, 0, out);
  return out;
}

}  // namespace freshet::sql
