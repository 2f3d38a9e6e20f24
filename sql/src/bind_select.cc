// SELECT -> SelectPlan.
#include <string>
#include <vector>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"
#include "bind_internal.h"
#include "expr_binder.h"
#include "parse_tree.h"
#include "sql/binder.h"

namespace freshet::sql {
namespace {

using types::Type;
using types::TypeId;

absl::StatusOr<int64_t> ConstantCount(const pg_query::Node& node, const char* clause) {
  if (node.has_a_const()) {
    if (node.a_const().isnull()) return -1;
    if (node.a_const().has_ival()) {
      int64_t v = node.a_const().ival().ival();
      if (v < 0) {
        return Error(sqlstate::kInvalidParameterValue, absl::StrCat(clause, " must not be negative"));
      }
      return v;
    }
  }
  return NotSupported(absl::StrCat("non-constant ", clause));
}

// Every ParamRef gets its parameter's final type; a parameter no context
// typed is an error, as in PostgreSQL.
absl::Status ResolveParams(RelExpr& rel, const ParamTypes& params);

absl::Status ResolveParams(ScalarExpr& expr, const ParamTypes& params) {
  if (auto* p = std::get_if<ParamRef>(&expr.node)) {
    if (params[p->index].id == TypeId::kUnknown) {
      return Error(sqlstate::kIndeterminateDatatype,
                   absl::StrCat("could not determine data type of parameter $", p->index + 1));
    }
    expr.type = params[p->index];
  } else if (auto* c = std::get_if<Cast>(&expr.node)) {
    return ResolveParams(*c->arg, params);
  } else if (auto* call = std::get_if<Call>(&expr.node)) {
    for (auto& a : call->args) {
      if (auto s = ResolveParams(*a, params); !s.ok()) return s;
    }
  } else if (auto* sub = std::get_if<Subquery>(&expr.node)) {
    for (ScalarExpr* e : {sub->lhs.get(), sub->comparison.get()})
      if (e != nullptr)
        if (auto s = ResolveParams(*e, params); !s.ok()) return s;
    return ResolveParams(*sub->plan, params);
  }
  return absl::OkStatus();
}

absl::Status ResolveParams(RelExpr& rel, const ParamTypes& params) {
  return std::visit(
      [&](auto& n) -> absl::Status {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Values>) {
          for (auto& row : n.rows)
            for (auto& e : row)
              if (auto s = ResolveParams(*e, params); !s.ok()) return s;
          return absl::OkStatus();
        } else if constexpr (std::is_same_v<N, Project>) {
          for (auto& e : n.exprs)
            if (auto s = ResolveParams(*e, params); !s.ok()) return s;
          return ResolveParams(*n.input, params);
        } else if constexpr (std::is_same_v<N, Filter>) {
          if (auto s = ResolveParams(*n.predicate, params); !s.ok()) return s;
          return ResolveParams(*n.input, params);
        } else if constexpr (std::is_same_v<N, Scan>) {
          return absl::OkStatus();
        } else if constexpr (std::is_same_v<N, Union>) {
          for (auto& in : n.inputs)
            if (auto s = ResolveParams(*in, params); !s.ok()) return s;
          return absl::OkStatus();
        } else if constexpr (std::is_same_v<N, Reduce>) {
          for (auto& k : n.keys)
            if (auto s = ResolveParams(*k, params); !s.ok()) return s;
          for (auto& a : n.aggregates) {
            for (ScalarExpr* e : {a.arg.get(), a.delimiter.get(), a.filter.get()})
              if (e != nullptr)
                if (auto s = ResolveParams(*e, params); !s.ok()) return s;
            for (auto& e : a.order_exprs)
              if (auto s = ResolveParams(*e, params); !s.ok()) return s;
          }
          return ResolveParams(*n.input, params);
        } else if constexpr (std::is_same_v<N, FlatMap>) {
          for (auto& a : n.args)
            if (auto s = ResolveParams(*a, params); !s.ok()) return s;
          return ResolveParams(*n.input, params);
        } else if constexpr (std::is_same_v<N, SetOp>) {
          if (auto s = ResolveParams(*n.left, params); !s.ok()) return s;
          return ResolveParams(*n.right, params);
        } else if constexpr (std::is_same_v<N, LateralJoin>) {
          if (n.condition) {
            if (auto s = ResolveParams(*n.condition, params); !s.ok()) return s;
          }
          if (auto s = ResolveParams(*n.left, params); !s.ok()) return s;
          return ResolveParams(*n.right, params);
        } else if constexpr (std::is_same_v<N, Join>) {
          if (n.condition) {
            if (auto s = ResolveParams(*n.condition, params); !s.ok()) return s;
          }
          if (auto s = ResolveParams(*n.left, params); !s.ok()) return s;
          return ResolveParams(*n.right, params);
        } else {
          return ResolveParams(*n.input, params);
        }
      },
      rel.node);
}


// VALUES (..), (..): every column unified across the rows, like UNION.
absl::StatusOr<BoundQuery> BindValues(const pg_query::SelectStmt& s, ExprBinder& binder, ParamTypes& params) {
  BoundQuery plan;
  Values values;
  size_t width = 0;
  for (const auto& list : s.values_lists()) {
    const auto& items = list.list().items();
    if (values.rows.empty()) width = items.size();
    if (static_cast<size_t>(items.size()) != width) {
      return Error(sqlstate::kSyntaxError, "VALUES lists must all be the same length");
    }
    std::vector<ScalarExprPtr> row;
    for (const auto& item : items) {
      auto e = binder.Bind(item);
      if (!e.ok()) return e.status();
      row.push_back(*std::move(e));
    }
    values.rows.push_back(std::move(row));
  }
  for (size_t c = 0; c < width; ++c) {
    TypeId common = TypeId::kUnknown;
    for (auto& row : values.rows) {
      if (row[c]->type.id == TypeId::kUnknown) continue;  // NULL or '...': takes the others' type
      std::optional<TypeId> next = CommonType(common, row[c]->type.id);
      if (!next.has_value()) {
        return Error(sqlstate::kDatatypeMismatch,
                     absl::StrCat("VALUES types ", types::Info(common).sql_name, " and ",
                                  types::Info(row[c]->type.id).sql_name, " cannot be matched"));
      }
      common = *next;
    }
    if (common == TypeId::kUnknown) common = TypeId::kText;
    for (auto& row : values.rows) {
      auto e = Coerce(std::move(row[c]), Type{common}, CastContext::kImplicit, params);
      if (!e.ok()) return e.status();
      row[c] = *std::move(e);
    }
    plan.columns.push_back(OutputColumn{absl::StrCat("column", c + 1), Type{common}});
  }
  plan.root = MakeRel(std::move(values));
  return plan;
}


}  // namespace

namespace {

// LIMIT / OFFSET over `root` (constants only).
absl::StatusOr<RelExprPtr> ApplyLimit(const pg_query::SelectStmt& s, RelExprPtr root) {
  if (!s.has_limit_count() && !s.has_limit_offset()) return root;
  Limit limit{std::move(root), -1, 0};
  if (s.has_limit_count()) {
    auto n = ConstantCount(s.limit_count(), "LIMIT");
    if (!n.ok()) return n.status();
    limit.limit = *n;
  }
  if (s.has_limit_offset()) {
    auto n = ConstantCount(s.limit_offset(), "OFFSET");
    if (!n.ok()) return n.status();
    limit.offset = *n < 0 ? 0 : *n;
  }
  return MakeRel(std::move(limit));
}

size_t project_width(const RelExprPtr& rel) {
  const auto* p = std::get_if<Project>(&rel->node);
  return p ? p->exprs.size() : 0;
}

// SELECT DISTINCT / UNION: one row per distinct row of `rel`.
RelExprPtr Distinct(RelExprPtr rel, const std::vector<OutputColumn>& columns) {
  Reduce reduce;
  reduce.input = std::move(rel);
  for (size_t i = 0; i < columns.size(); ++i) {
    auto e = std::make_unique<ScalarExpr>();
    e->type = columns[i].type;
    e->node = ColumnRef{static_cast<int>(i)};
    reduce.keys.push_back(std::move(e));
  }
  return MakeRel(std::move(reduce));
}

// `rel` with its columns cast to `types` where they differ.
absl::StatusOr<RelExprPtr> CastColumns(RelExprPtr rel, const std::vector<OutputColumn>& columns,
                                       const std::vector<Type>& types, ParamTypes& params) {
  bool same = true;
  for (size_t i = 0; i < columns.size(); ++i) same = same && columns[i].type == types[i];
  if (same) return rel;
  Project p{std::move(rel), {}};
  for (size_t i = 0; i < columns.size(); ++i) {
    auto e = std::make_unique<ScalarExpr>();
    e->type = columns[i].type;
    e->node = ColumnRef{static_cast<int>(i)};
    auto c = Coerce(std::move(e), types[i], CastContext::kImplicit, params);
    if (!c.ok()) return c.status();
    p.exprs.push_back(*std::move(c));
  }
  return MakeRel(std::move(p));
}

// ORDER BY over a result's output columns only (set operations, VALUES):
// each key an output ordinal or an output name.
absl::StatusOr<std::vector<SortKey>> OutputSortKeys(const pg_query::SelectStmt& s, const std::vector<OutputColumn>& columns,
                                                    const char* what, const SourceText& source) {
  std::vector<SortKey> keys;
  for (const auto& sort : s.sort_clause()) {
    const auto& sb = sort.sort_by();
    const auto& node = sb.node();
    SortKey key;
    SetDirection(sb, &key);
    int column = -1;
    if (node.has_a_const() && node.a_const().has_ival()) {
      column = static_cast<int>(node.a_const().ival().ival()) - 1;
      if (column < 0 || column >= static_cast<int>(columns.size())) {
        return Error(sqlstate::kInvalidColumnReference,
                     absl::StrCat("ORDER BY position ", column + 1, " is not in select list"))
            .Position(source.CharPosition(node.a_const().location()))
            .ToStatus();
      }
    } else if (node.has_column_ref() && node.column_ref().fields_size() == 1 &&
               node.column_ref().fields(0).has_string()) {
      const std::string& name = node.column_ref().fields(0).string().sval();
      for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name) column = static_cast<int>(i);
      }
      if (column < 0) {
        return Error(sqlstate::kUndefinedColumn, absl::StrCat("column \"", name, "\" does not exist"))
            .Position(source.CharPosition(node.column_ref().location()))
            .ToStatus();
      }
    } else {
      return NotSupported(absl::StrCat("ORDER BY expressions on ", what, " (use an output column name or position)"));
    }
    key.column = column;
    key.type = columns[column].type;
    keys.push_back(key);
  }
  return keys;
}

// UNION [ALL] of two queries: columns matched by position, types unified as
// PostgreSQL does; then the outer ORDER BY (output names or ordinals) and
// LIMIT. INTERSECT and EXCEPT are not built yet.
absl::StatusOr<BoundQuery> BindSetOperation(BindEnv& env, const pg_query::SelectStmt& s) {
  const char* what = s.op() == pg_query::SETOP_UNION ? "UNION" : s.op() == pg_query::SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";
  // Untyped outputs of the two sides (SELECT NULL UNION SELECT 1) take the
  // type the set operation resolves, as in PostgreSQL.
  env.keep_unknown_outputs = true;
  auto left = BindQuery(env, s.larg());
  if (!left.ok()) return left.status();
  env.keep_unknown_outputs = true;
  auto right = BindQuery(env, s.rarg());
  if (!right.ok()) return right.status();
  if (left->columns.size() != right->columns.size()) {
    return Error(sqlstate::kSyntaxError, absl::StrCat("each ", what, " query must have the same number of columns"))
        .ToStatus();
  }
  std::vector<Type> types;
  for (size_t i = 0; i < left->columns.size(); ++i) {
    Type a = left->columns[i].type, b = right->columns[i].type;
    auto common = CommonType(a, b);
    if (!common) {
      return Error(sqlstate::kDatatypeMismatch,
                   absl::StrCat(what, " types ", types::SqlName(a), " and ", types::SqlName(b), " cannot be matched"))
          .ToStatus();
    }
    Type t = *common;
    if (t.id == TypeId::kUnknown) t = Type{TypeId::kText};
    // Two columns of one type keep its typmod only if both have it.
    t.typmod = (a.id == b.id && a.typmod == b.typmod) ? a.typmod : -1;
    types.push_back(t);
  }
  auto l = CastColumns(std::move(left->root), left->columns, types, *env.params);
  if (!l.ok()) return l.status();
  auto r = CastColumns(std::move(right->root), right->columns, types, *env.params);
  if (!r.ok()) return r.status();
  BoundQuery out;
  for (size_t i = 0; i < types.size(); ++i) out.columns.push_back(OutputColumn{left->columns[i].name, types[i]});
  if (s.op() == pg_query::SETOP_UNION) {
    Union u;
    u.inputs.push_back(*std::move(l));
    u.inputs.push_back(*std::move(r));
    out.root = MakeRel(std::move(u));
    if (!s.all()) out.root = Distinct(std::move(out.root), out.columns);
  } else {
    SetOp op;
    op.kind = s.op() == pg_query::SETOP_INTERSECT ? SetOp::Kind::kIntersect : SetOp::Kind::kExcept;
    op.all = s.all();
    op.left = *std::move(l);
    op.right = *std::move(r);
    op.column_types = types;
    out.root = MakeRel(std::move(op));
  }
  auto keys = OutputSortKeys(s, out.columns, what, *env.source);
  if (!keys.ok()) return keys.status();
  if (!keys->empty()) out.root = MakeRel(Sort{std::move(out.root), *std::move(keys)});
  auto limited = ApplyLimit(s, std::move(out.root));
  if (!limited.ok()) return limited.status();
  out.root = *std::move(limited);
  return out;
}

}  // namespace

SubqueryContext MakeSubqueryContext(BindEnv& env) {
  SubqueryContext sc;
  sc.bind = [&env](const pg_query::SelectStmt& select,
                   const std::vector<ScopeColumn>* scope) -> absl::StatusOr<BoundSubquery> {
    env.outer_scopes.push_back(scope);
    int before = env.outer_refs;
    auto bound = BindQuery(env, select);
    env.outer_scopes.pop_back();
    if (!bound.ok()) return bound.status();
    return BoundSubquery{std::move(bound->root), std::move(bound->columns), env.outer_refs > before};
  };
  sc.outer_scopes = &env.outer_scopes;
  sc.outer_refs = &env.outer_refs;
  return sc;
}

// One query level: SELECT ... [FROM ...] [WHERE] [GROUP BY] [HAVING]
// [ORDER BY] [LIMIT], VALUES, or a set operation of two queries.
absl::StatusOr<BoundQuery> BindQuery(BindEnv& env, const pg_query::SelectStmt& s) {
  const SourceText& source = *env.source;
  const BindContext& ctx = *env.ctx;
  struct Plan {
    RelExprPtr root;
    std::vector<OutputColumn> columns;
    ParamTypes& param_types;
  } plan{nullptr, {}, *env.params};
  ExprBinder binder(source, ctx, plan.param_types);
  binder.SetSubqueries(MakeSubqueryContext(env));
  // WITH names are visible inside this query (and its subqueries) only.
  size_t cte_mark = env.ctes.size();
  struct CteScope {
    BindEnv& env;
    size_t mark;
    ~CteScope() { env.ctes.resize(mark); }
  } cte_scope{env, cte_mark};
  if (s.has_with_clause()) {
    if (s.with_clause().recursive()) return NotSupported("WITH RECURSIVE");
    for (const auto& node : s.with_clause().ctes()) {
      const auto& cte = node.common_table_expr();
      if (!cte.ctequery().has_select_stmt()) return NotSupported("WITH queries other than SELECT");
      BindEnv::Cte entry{cte.ctename(), &cte.ctequery().select_stmt(), {}};
      for (const auto& n : cte.aliascolnames()) entry.column_names.push_back(n.string().sval());
      env.ctes.push_back(std::move(entry));
    }
  }
  // Only this query's own outputs may stay untyped (set operation sides).
  bool keep_unknown = env.keep_unknown_outputs;
  env.keep_unknown_outputs = false;
  if (s.op() != pg_query::SETOP_NONE) return BindSetOperation(env, s);
  if (s.has_into_clause()) return NotSupported("SELECT INTO");
  if (!s.locking_clause().empty()) return NotSupported("SELECT ... FOR UPDATE");
  bool distinct = !s.distinct_clause().empty();
  bool distinct_on = distinct && s.distinct_clause(0).node_case() != pg_query::Node::NODE_NOT_SET;
  if (distinct_on) distinct = false;
  if (!s.window_clause().empty()) return NotSupported("window functions");

  if (!s.values_lists().empty()) {
    auto values = BindValues(s, binder, plan.param_types);
    if (!values.ok()) return values.status();
    plan.root = std::move(values->root);
    plan.columns = std::move(values->columns);
    // VALUES ... ORDER BY: output ordinals and names (column1, ...) only.
    auto keys = OutputSortKeys(s, plan.columns, "VALUES", source);
    if (!keys.ok()) return keys.status();
    if (!keys->empty()) plan.root = MakeRel(Sort{std::move(plan.root), *std::move(keys)});
  } else {
    // FROM one relation, or (without FROM) the single empty row.
    RelExprPtr input;
    std::vector<ScopeColumn> scope;
    bool from = !s.from_clause().empty();
    if (from) {
      auto scan = BindFrom(s, env, binder, &scope);
      if (!scan.ok()) return scan.status();
      input = *std::move(scan);
      binder.SetScope(&scope);
    } else {
      Values one;
      one.rows.emplace_back();
      input = MakeRel(std::move(one));
    }
    if (s.has_where_clause()) {
      auto pred = binder.BindCondition(s.where_clause(), "WHERE");
      if (!pred.ok()) return pred.status();
      input = MakeRel(Filter{std::move(input), *std::move(pred)});
    }
    // GROUP BY / HAVING / aggregates: a Reduce, and everything after it
    // binds against its output through `post`.
    ExprBinder post(source, ctx, plan.param_types);
    post.SetSubqueries(MakeSubqueryContext(env));
    ExprBinder* active = &binder;
    std::vector<const pg_query::FuncCall*> agg_calls;
    for (const auto& target : s.target_list()) CollectAggregates(target, &agg_calls);
    if (s.has_having_clause()) CollectAggregates(s.having_clause(), &agg_calls);
    for (const auto& sort : s.sort_clause()) CollectAggregates(sort, &agg_calls);
    // Set-returning functions in the select list run as a FlatMap before
    // the projection, the call standing for its output column.
    std::vector<const pg_query::FuncCall*> srf_calls;
    for (const auto& target : s.target_list()) CollectFuncCalls(target, IsTableFunction, &srf_calls);
    bool grouped = !s.group_clause().empty() || s.has_having_clause() || !agg_calls.empty();
    if (!srf_calls.empty()) {
      if (srf_calls.size() > 1) return NotSupported("several set-returning functions in a select list");
      if (grouped) return NotSupported("set-returning functions in a grouped select list");
      auto fm = BindSelectListFunction(*srf_calls[0], std::move(input), env, binder, &scope);
      if (!fm.ok()) return fm.status();
      input = *std::move(fm);
      binder.SetScope(&scope);
      int column = static_cast<int>(scope.size() - 1);
      Type type = scope.back().type;
      const pg_query::FuncCall* call = srf_calls[0];
      binder.SetInterceptor([call, column, type](const pg_query::Node& n) -> std::optional<absl::StatusOr<ScalarExprPtr>> {
        if (n.has_func_call() && &n.func_call() == call) {
          return absl::StatusOr<ScalarExprPtr>(std::make_unique<ScalarExpr>(ScalarExpr{type, ColumnRef{column}}));
        }
        return std::nullopt;
      });
      from = true;  // rows now come from the FlatMap: ORDER BY applies
    }
    if (grouped) {
      auto reduced = BindReduce(s, source, binder, std::move(input), agg_calls, post);
      if (!reduced.ok()) return reduced.status();
      input = *std::move(reduced);
      active = &post;
      if (s.has_having_clause()) {
        auto pred = post.BindCondition(s.having_clause(), "HAVING");
        if (!pred.ok()) return pred.status();
        input = MakeRel(Filter{std::move(input), *std::move(pred)});
      }
    }
    Project project{std::move(input), {}};
    for (const auto& target : s.target_list()) {
      const auto& rt = target.res_target();
      // SELECT * and SELECT t.*: every column of the relation.
      if (from && active == &binder && rt.val().has_column_ref()) {
        const auto& fields = rt.val().column_ref().fields();
        if (!fields.empty() && fields.rbegin()->has_a_star()) {
          std::string table = fields.size() == 2 ? fields[0].string().sval() : "";
          std::vector<size_t> columns = StarColumns(scope, table);
          if (!table.empty() && columns.empty()) {
            return Error(sqlstate::kUndefinedTable, absl::StrCat("missing FROM-clause entry for table \"", table, "\""))
                .Position(source.CharPosition(rt.val().column_ref().location()));
          }
          for (size_t i : columns) {
            plan.columns.push_back(OutputColumn{scope[i].name, scope[i].type});
            project.exprs.push_back(ColumnOf(scope, i));
          }
          continue;
        }
      }
      auto e = active->Bind(rt.val());
      if (!e.ok()) return e.status();
      // An unknown-typed output (SELECT 'a') is text, as in PostgreSQL 10+.
      if ((*e)->type.id == TypeId::kUnknown && !std::holds_alternative<ParamRef>((*e)->node) && !keep_unknown) {
        auto c = Coerce(*std::move(e), Type{TypeId::kText}, CastContext::kImplicit, plan.param_types);
        if (!c.ok()) return c.status();
        e = std::move(c);
      }
      std::string name = rt.name().empty() ? ExprBinder::ColumnName(rt.val()) : rt.name();
      plan.columns.push_back(OutputColumn{name, (*e)->type});
      project.exprs.push_back(*std::move(e));
    }
    // ORDER BY: output ordinals, output names, or expressions over the
    // input (computed as hidden columns and projected away after sorting).
    // Without FROM there is one row, but the expressions must still be valid.
    std::vector<SortKey> keys;
    size_t visible = project.exprs.size();
    // An ORDER BY or DISTINCT ON item: an output ordinal, an output name, or
    // an expression over the input (a hidden column).
    auto output_item = [&](const pg_query::Node& node, const char* clause) -> absl::StatusOr<int> {
      if (node.has_a_const() && node.a_const().has_ival()) {
        int64_t ordinal = node.a_const().ival().ival();
        if (ordinal < 1 || ordinal > static_cast<int64_t>(visible)) {
          return Error(sqlstate::kInvalidColumnReference,
                       absl::StrCat(clause, " position ", ordinal, " is not in select list"))
              .Position(source.CharPosition(node.a_const().location()))
              .ToStatus();
        }
        return static_cast<int>(ordinal - 1);
      }
      if (node.has_column_ref() && node.column_ref().fields_size() == 1 && node.column_ref().fields(0).has_string()) {
        const std::string& n = node.column_ref().fields(0).string().sval();
        for (size_t i = 0; i < visible; ++i) {
          if (plan.columns[i].name == n) return static_cast<int>(i);
        }
      }
      auto e = active->Bind(node);
      if (!e.ok()) return e.status();
      project.exprs.push_back(*std::move(e));
      return static_cast<int>(project.exprs.size() - 1);
    };
    for (const auto& sort : s.sort_clause()) {
      const auto& sb = sort.sort_by();
      SortKey key;
      SetDirection(sb, &key);
      auto column = output_item(sb.node(), "ORDER BY");
      if (!column.ok()) return column.status();
      key.column = *column;
      key.type = project.exprs[key.column]->type;
      keys.push_back(key);
    }
    DistinctOn distinct_on_node;
    if (distinct_on) {
      for (const auto& item : s.distinct_clause()) {
        auto column = output_item(item, "SELECT DISTINCT ON");
        if (!column.ok()) return column.status();
        distinct_on_node.columns.push_back(*column);
        distinct_on_node.types.push_back(project.exprs[*column]->type);
      }
      // The leading ORDER BY keys must be the DISTINCT ON expressions.
      size_t n = distinct_on_node.columns.size();
      bool matches = keys.empty() || keys.size() >= n;
      for (size_t i = 0; matches && !keys.empty() && i < n; ++i) {
        matches = std::find(distinct_on_node.columns.begin(), distinct_on_node.columns.end(), keys[i].column) !=
                  distinct_on_node.columns.end();
      }
      if (!matches) {
        return Error(sqlstate::kInvalidColumnReference,
                     "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
            .ToStatus();
      }
    }
    if (!from) project.exprs.resize(visible);
    plan.root = MakeRel(std::move(project));
    size_t width = project_width(plan.root);
    if (distinct) {
      if (width > visible) {
        return Error(sqlstate::kInvalidColumnReference,
                     "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
            .ToStatus();
      }
      plan.root = Distinct(std::move(plan.root), plan.columns);
    }
    if ((from && !keys.empty()) || distinct_on) {
      if (!keys.empty()) plan.root = MakeRel(Sort{std::move(plan.root), std::move(keys)});
      if (distinct_on) {
        distinct_on_node.input = std::move(plan.root);
        plan.root = MakeRel(std::move(distinct_on_node));
      }
      if (width > visible) {
        Project trim{std::move(plan.root), {}};
        for (size_t i = 0; i < visible; ++i) {
          auto e = std::make_unique<ScalarExpr>();
          e->type = plan.columns[i].type;
          e->node = ColumnRef{static_cast<int>(i)};
          trim.exprs.push_back(std::move(e));
        }
        plan.root = MakeRel(std::move(trim));
      }
    }
  }

  auto limited = ApplyLimit(s, std::move(plan.root));
  if (!limited.ok()) return limited.status();
  return BoundQuery{*std::move(limited), std::move(plan.columns)};
}

absl::StatusOr<SelectPlan> BindSelect(const Statement& stmt, const SelectStmt& select, const BindContext& ctx) {
  const pg_query::SelectStmt& s = select.explain ? select.tree->stmt().explain_stmt().query().select_stmt()
                                                 : select.tree->stmt().select_stmt();
  SelectPlan plan;
  plan.param_types = ctx.declared_params;
  BindEnv env{&stmt.source, &ctx, &plan.param_types, {}, {}, 0, false};
  auto bound = BindQuery(env, s);
  if (!bound.ok()) return bound.status();
  plan.root = std::move(bound->root);
  plan.columns = std::move(bound->columns);
  if (auto st = ResolveParams(*plan.root, plan.param_types); !st.ok()) return st;
  for (auto& c : plan.columns) {
    if (c.type.id == TypeId::kUnknown) c.type = Type{TypeId::kText};
  }
  // Output column types of bare parameters follow their resolved types.
  if (auto* project = std::get_if<Project>(&plan.root->node)) {
    for (size_t i = 0; i < project->exprs.size(); ++i) plan.columns[i].type = project->exprs[i]->type;
  }
  PruneScans(*plan.root);
  NarrowScans(*plan.root);
  if (select.explain) {
    // One row with the plan's text, in Materialize's column.
    Values text;
    text.rows.emplace_back();
    text.rows.back().push_back(
        std::make_unique<ScalarExpr>(ScalarExpr{Type{TypeId::kText}, Literal{types::Datum::FromString(Explain(*plan.root))}}));
    plan.root = MakeRel(std::move(text));
    plan.columns = {OutputColumn{"Optimized Plan", Type{TypeId::kText}}};
  }
  return plan;
}

}  // namespace freshet::sql
