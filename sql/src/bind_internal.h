// What the binder's files share: the state one statement carries through
// nested queries, and the entry points each file offers the others.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "expr_binder.h"
#include "parse_tree.h"
#include "sql/plan.h"

namespace freshet::sql {

inline RelExprPtr MakeRel(auto node) { return std::make_unique<RelExpr>(RelExpr{std::move(node)}); }

// What binding one statement carries through nested queries.
struct BindEnv {
  const SourceText* source;
  const BindContext* ctx;
  ParamTypes* params;
  // WITH names visible here (innermost last), their queries and column names.
  struct Cte {
    std::string name;
    const pg_query::SelectStmt* query;
    std::vector<std::string> column_names;
  };
  std::vector<Cte> ctes;
  // Scopes of the queries enclosing the one being bound (innermost last),
  // for correlated subqueries, and the count of outer references made.
  std::vector<const std::vector<ScopeColumn>*> outer_scopes;
  int outer_refs = 0;
  // Set for the two sides of a set operation: their untyped outputs stay
  // unknown until the set operation resolves their types.
  bool keep_unknown_outputs = false;
};

// What an ExprBinder of a query bound in `env` needs for subqueries.
SubqueryContext MakeSubqueryContext(BindEnv& env);

struct BoundQuery {
  RelExprPtr root;
  std::vector<OutputColumn> columns;
};

// One query level (bind_select.cc).
absl::StatusOr<BoundQuery> BindQuery(BindEnv& env, const pg_query::SelectStmt& s);

// FROM a, b, c (bind_from.cc): the items joined left to right, their
// columns appended to `scope`. Null when there is no FROM.
absl::StatusOr<RelExprPtr> BindFrom(const pg_query::SelectStmt& s, BindEnv& env, ExprBinder& binder,
                                    std::vector<ScopeColumn>* scope);

// Whether `f` calls a set-returning function (generate_series, unnest, ...).
bool IsTableFunction(const pg_query::FuncCall& f);

// A set-returning function in a select list: a FlatMap over `input` (whose
// rows are `scope`'s columns), its output appended to `scope` as a hidden
// column (bind_from.cc).
absl::StatusOr<RelExprPtr> BindSelectListFunction(const pg_query::FuncCall& f, RelExprPtr input, BindEnv& env,
                                                  ExprBinder& binder, std::vector<ScopeColumn>* scope);

// A reference to scope column i.
ScalarExprPtr ColumnOf(const std::vector<ScopeColumn>& scope, size_t i);

// The columns * (table empty) or t.* stands for, in PostgreSQL's order
// (merged USING columns first).
std::vector<size_t> StarColumns(const std::vector<ScopeColumn>& scope, const std::string& table);

// ASC / DESC and NULLS FIRST / LAST (PostgreSQL: NULLS LAST for ASC, FIRST
// for DESC unless said). bind_reduce.cc.
void SetDirection(const pg_query::SortBy& sb, SortKey* key);

// The calls in `msg` that `wanted` accepts (not inside one of them or a
// subquery), found through protobuf reflection so that every expression
// kind is covered. bind_reduce.cc.
void CollectFuncCalls(const google::protobuf::Message& msg, bool (*wanted)(const pg_query::FuncCall&),
                      std::vector<const pg_query::FuncCall*>* out);

// Aggregate calls in `msg` (CollectFuncCalls for aggregates).
void CollectAggregates(const google::protobuf::Message& msg, std::vector<const pg_query::FuncCall*>* out);

// GROUP BY keys and aggregates over `input`; `post` is set up to bind the
// select list, HAVING and ORDER BY against the Reduce's output: an
// aggregate call or an expression equal to a key becomes a column, any
// other column reference is the grouping error. bind_reduce.cc.
absl::StatusOr<RelExprPtr> BindReduce(const pg_query::SelectStmt& s, const SourceText& source, ExprBinder& input_binder,
                                      RelExprPtr input, const std::vector<const pg_query::FuncCall*>& calls,
                                      ExprBinder& post);

}  // namespace freshet::sql
