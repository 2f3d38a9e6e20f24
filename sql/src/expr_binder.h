// Binds libpg_query expression nodes into typed ScalarExprs.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "coerce.h"
#include "parse_tree.h"
#include "sql/binder.h"
#include "sql/plan.h"

namespace freshet::sql {

// A column a query's expressions can name: FROM's relation's columns.
struct ScopeColumn {
  std::string table;  // the relation's alias (or name)
  std::string name;
  types::Type type;
  // The other side's copy of a JOIN ... USING column: reachable only
  // qualified (b.id), not as id and not through *.
  bool hidden = false;
  // For the merged USING columns: their place at the front of *.
  int using_rank = -1;
};

// A SELECT nested in an expression, bound.
struct BoundSubquery {
  RelExprPtr root;
  std::vector<OutputColumn> columns;
  bool correlated = false;  // it names columns of enclosing queries
};

// What binding subqueries and correlated column references needs from the
// statement being bound (bind_select.cc provides it).
struct SubqueryContext {
  // Binds `select` with `scope` as its innermost enclosing scope.
  std::function<absl::StatusOr<BoundSubquery>(const pg_query::SelectStmt& select,
                                              const std::vector<ScopeColumn>* scope)>
      bind;
  // The enclosing queries' scopes, innermost last.
  const std::vector<const std::vector<ScopeColumn>*>* outer_scopes = nullptr;
  // Counts every OuterRef bound, so a subquery can tell it is correlated.
  int* outer_refs = nullptr;
};

class ExprBinder {
 public:
  void SetSubqueries(SubqueryContext subqueries) { subqueries_ = std::move(subqueries); }
  // Column references resolve against `scope` (null: there is no FROM).
  void SetScope(const std::vector<ScopeColumn>* scope) { scope_ = scope; }
  // Asked first for every node: a value replaces binding the node (used
  // above GROUP BY, where aggregates and grouped expressions are columns).
  using Interceptor = std::function<std::optional<absl::StatusOr<ScalarExprPtr>>(const pg_query::Node&)>;
  void SetInterceptor(Interceptor interceptor) { interceptor_ = std::move(interceptor); }

  ExprBinder(const SourceText& source, const BindContext& ctx, ParamTypes& params)
      : source_(source), ctx_(ctx), params_(params) {}

  absl::StatusOr<ScalarExprPtr> Bind(const pg_query::Node& node);
  // Binds and converts to boolean, for WHERE and the operands of AND/OR/NOT.
  absl::StatusOr<ScalarExprPtr> BindCondition(const pg_query::Node& node, const char* clause);

  // PostgreSQL's FigureColname: the output name of an unaliased select item.
  static std::string ColumnName(const pg_query::Node& node);

 private:
  absl::StatusOr<ScalarExprPtr> BindConst(const pg_query::A_Const& c);
  absl::StatusOr<ScalarExprPtr> BindParam(const pg_query::ParamRef& p);
  absl::StatusOr<ScalarExprPtr> BindTypeCast(const pg_query::TypeCast& c);
  absl::StatusOr<ScalarExprPtr> BindAExpr(const pg_query::A_Expr& e);
  absl::StatusOr<ScalarExprPtr> BindOperator(const std::string& op, const pg_query::Node* left,
                                             const pg_query::Node& right, int location);
  // An operator over bound operands (left null: prefix).
  absl::StatusOr<ScalarExprPtr> BindOperatorExprs(const std::string& op, ScalarExprPtr left, ScalarExprPtr right,
                                                  int location);
  // (a, b) op (c, d): pairwise for = and <>, lexicographic for < <= > >=.
  absl::StatusOr<ScalarExprPtr> BindRowComparison(const std::string& op, const pg_query::RowExpr& l,
                                                  const pg_query::RowExpr& r, int location);
  absl::StatusOr<ScalarExprPtr> BindQuantified(const std::string& op, const pg_query::Node& left,
                                               const pg_query::Node& right, bool all, int location);
  // ARRAY[...]; `target` is the array type of an enclosing cast, which
  // types untyped elements and an empty ARRAY[].
  absl::StatusOr<ScalarExprPtr> BindArrayExpr(const pg_query::A_ArrayExpr& a, std::optional<types::Type> target);
  absl::StatusOr<ScalarExprPtr> BindIndirection(const pg_query::A_Indirection& ind);
  // Coerces ARRAY[...]'s elements to their common type, which it returns.
  absl::StatusOr<types::Type> UnifyArrayElements(std::vector<ScalarExprPtr>& elements, int location);
  absl::StatusOr<ScalarExprPtr> BindBoolExpr(const pg_query::BoolExpr& e);
  absl::StatusOr<ScalarExprPtr> BindFuncCall(const pg_query::FuncCall& f);
  // A call of a registry function or operator (functions/registry.h),
  // resolved with PostgreSQL's overload rules, its arguments coerced.
  absl::StatusOr<ScalarExprPtr> BindRegistered(const std::string& name, bool is_operator,
                                               std::vector<ScalarExprPtr> args, int location);
  absl::StatusOr<ScalarExprPtr> BindValueFunction(const pg_query::SQLValueFunction& f);
  absl::StatusOr<ScalarExprPtr> BindCase(const pg_query::CaseExpr& c);
  // Binds `nodes` and coerces them all to their common type (COALESCE, CASE
  // results, GREATEST). `what` names the construct in errors.
  absl::StatusOr<std::vector<ScalarExprPtr>> BindUnified(const std::vector<const pg_query::Node*>& nodes,
                                                         const char* what, int location);

  absl::Status ErrorAt(absl::Status status, int location) const;
  int Position(int location) const { return location >= 0 ? source_.CharPosition(location) : 0; }

  absl::StatusOr<ScalarExprPtr> BindColumnRef(const pg_query::ColumnRef& c);

  const SourceText& source_;
  const BindContext& ctx_;
  ParamTypes& params_;
  absl::StatusOr<ScalarExprPtr> BindSubLink(const pg_query::SubLink& link);

  const std::vector<ScopeColumn>* scope_ = nullptr;
  Interceptor interceptor_;
  SubqueryContext subqueries_;
};

// The aggregate functions Freshet binds (lower-case name), for the GROUP BY
// machinery and for refusing aggregates where they cannot be.
bool IsAggregateName(std::string_view name);

// The Type a TypeName denotes (typmods applied), or 42704.
absl::StatusOr<types::Type> ResolveTypeName(const pg_query::TypeName& name);

}  // namespace freshet::sql
