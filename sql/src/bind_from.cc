// FROM items: relations, WITH queries, subqueries, joins, table functions.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bind_internal.h"
#include "common/error.h"

namespace freshet::sql {

using types::Type;
using types::TypeId;

ScalarExprPtr ColumnOf(const std::vector<ScopeColumn>& scope, size_t i) {
  auto e = std::make_unique<ScalarExpr>();
  e->type = scope[i].type;
  e->node = ColumnRef{static_cast<int>(i)};
  return e;
}

namespace {

// AS t(a, b): renames the item's first columns; more names than columns is
// PostgreSQL's 42P10.
absl::Status ApplyColumnAliases(const pg_query::Alias& alias, size_t begin, std::vector<ScopeColumn>* scope) {
  size_t available = scope->size() - begin;
  if (static_cast<size_t>(alias.colnames_size()) > available) {
    return Error(sqlstate::kInvalidColumnReference,
                 absl::StrCat("table \"", alias.aliasname(), "\" has ", available, " columns available but ",
                              alias.colnames_size(), " columns specified"));
  }
  for (int i = 0; i < alias.colnames_size(); ++i) {
    (*scope)[begin + static_cast<size_t>(i)].name = alias.colnames(i).string().sval();
  }
  return absl::OkStatus();
}

absl::StatusOr<RelExprPtr> BindFromItem(const pg_query::Node& item, BindEnv& env, ExprBinder& binder,
                                        std::vector<ScopeColumn>* scope);

// A view: its stored SELECT parsed and bound here, in a scope of its own
// (no WITH names, outer columns or parameters of the query that uses it).
absl::StatusOr<RelExprPtr> BindView(const RelationDesc& view, const std::string& alias, const pg_query::RangeVar& rv,
                                    BindEnv& env, std::vector<ScopeColumn>* scope) {
  auto stmts = ParseStatements(*view.view_sql);
  if (!stmts.ok() || stmts->size() != 1 || !std::holds_alternative<SelectStmt>((*stmts)[0].body)) {
    return Error(sqlstate::kInternalError, absl::StrCat("the stored query of view ", view.qualified, " does not parse"))
        .ToStatus();
  }
  const Statement& stmt = (*stmts)[0];
  ParamTypes no_params;
  BindEnv inner{&stmt.source, env.ctx, &no_params, {}, {}, 0, false};
  // A view's own dependencies were recorded when it was created.
  BindContext ctx = *env.ctx;
  ctx.dependencies = nullptr;
  inner.ctx = &ctx;
  auto bound = BindQuery(inner, std::get<SelectStmt>(stmt.body).tree->stmt().select_stmt());
  if (!bound.ok()) return bound.status();
  if (bound->columns.size() != view.columns.size()) {
    return Error(sqlstate::kInternalError,
                 absl::StrCat("view ", view.qualified, " no longer has the columns it was created with"))
        .ToStatus();
  }
  size_t begin = scope->size();
  for (size_t i = 0; i < view.columns.size(); ++i) {
    scope->push_back(ScopeColumn{alias, view.columns[i].name, bound->columns[i].type});
  }
  if (rv.has_alias()) {
    if (auto st = ApplyColumnAliases(rv.alias(), begin, scope); !st.ok()) return st;
  }
  return std::move(bound->root);
}

// The output columns of a table function and their default names.
struct TableFuncShape {
  TableFunc func;
  std::vector<OutputColumn> columns;
  // Named by their OUT parameters (jsonb_each's key, value): an alias
  // renames the relation, not the column.
  bool named_columns = false;
};

absl::Status NoSuchFunction(const std::string& name, const std::vector<ScalarExprPtr>& args) {
  std::vector<std::string> types;
  for (const auto& a : args) types.push_back(types::SqlName(a->type));
  return Error(sqlstate::kUndefinedFunction,
               absl::StrCat("function ", name, "(", absl::StrJoin(types, ", "), ") does not exist"))
      .Hint("No function matches the given name and argument types. You might need to add explicit type casts.");
}

absl::Status CoerceAll(std::vector<ScalarExprPtr>& args, const std::vector<Type>& targets, ParamTypes& params) {
  for (size_t i = 0; i < args.size(); ++i) {
    auto c = Coerce(std::move(args[i]), targets[i], CastContext::kImplicit, params);
    if (!c.ok()) return c.status();
    args[i] = *std::move(c);
  }
  return absl::OkStatus();
}

// generate_series(start, stop[, step]) over integers, numeric or
// timestamps, with PostgreSQL's choice among its overloads.
absl::StatusOr<Type> SeriesType(std::vector<ScalarExprPtr>& args, ParamTypes& params) {
  if (args.size() != 2 && args.size() != 3) return NoSuchFunction("generate_series", args);
  bool all_int = true, numeric = true, temporal = true, tstz = false;
  TypeId widest = TypeId::kInt4;
  for (size_t i = 0; i < args.size(); ++i) {
    TypeId t = args[i]->type.id;
    bool unknown = t == TypeId::kUnknown;
    bool is_int = t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8;
    all_int = all_int && (is_int || unknown);
    numeric = numeric && (is_int || unknown || t == TypeId::kNumeric);
    if (t == TypeId::kInt8) widest = TypeId::kInt8;
    if (i < 2) {
      temporal = temporal && (unknown || t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestamptz);
      tstz = tstz || t == TypeId::kTimestamptz || t == TypeId::kDate || unknown;
    } else {
      temporal = temporal && (unknown || t == TypeId::kInterval);
    }
  }
  Type out;
  std::vector<Type> targets;
  if (all_int) {
    out = Type{widest};
    targets.assign(args.size(), out);
  } else if (numeric) {
    out = Type{TypeId::kNumeric};
    targets.assign(args.size(), out);
  } else if (temporal && args.size() == 3) {
    // timestamptz is the preferred type of the category: dates and untyped
    // literals resolve to it, as in PostgreSQL.
    bool both_timestamp = args[0]->type.id == TypeId::kTimestamp && args[1]->type.id == TypeId::kTimestamp;
    out = Type{tstz && !both_timestamp ? TypeId::kTimestamptz : TypeId::kTimestamp};
    targets = {out, out, Type{TypeId::kInterval}};
  } else {
    return NoSuchFunction("generate_series", args);
  }
  if (auto st = CoerceAll(args, targets, params); !st.ok()) return st;
  return out;
}

absl::StatusOr<TableFuncShape> ShapeTableFunction(const std::string& name, std::vector<ScalarExprPtr>& args,
                                                  ParamTypes& params) {
  TableFuncShape shape;
  auto one_jsonb = [&](TableFunc f) -> absl::Status {
    if (args.size() != 1 || !CanCast(args[0]->type, Type{TypeId::kJsonb}, CastContext::kImplicit)) {
      return NoSuchFunction(name, args);
    }
    shape.func = f;
    return CoerceAll(args, {Type{TypeId::kJsonb}}, params);
  };
  if (name == "generate_series") {
    auto t = SeriesType(args, params);
    if (!t.ok()) return t.status();
    shape.func = TableFunc::kGenerateSeries;
    shape.columns.push_back(OutputColumn{name, *t});
  } else if (name == "unnest") {
    // unnest(a, b, ...) in FROM zips its arrays, padding the shorter ones
    // with NULLs: one column per array.
    if (args.empty()) return NoSuchFunction(name, args);
    for (const auto& a : args) {
      if (a->type.id == TypeId::kUnknown) {
        return Error(sqlstate::kDatatypeMismatch,
                     "could not determine polymorphic type because input has type unknown");
      }
      if (a->type.id != TypeId::kArray) return NoSuchFunction(name, args);
      shape.columns.push_back(OutputColumn{name, types::ElementOf(a->type)});
    }
    shape.func = TableFunc::kUnnest;
    shape.named_columns = args.size() > 1;
  } else if (name == "jsonb_array_elements" || name == "jsonb_array_elements_text") {
    bool text = name == "jsonb_array_elements_text";
    if (auto st = one_jsonb(text ? TableFunc::kJsonbArrayElementsText : TableFunc::kJsonbArrayElements); !st.ok()) {
      return st;
    }
    shape.columns.push_back(OutputColumn{"value", Type{text ? TypeId::kText : TypeId::kJsonb}});
    shape.named_columns = true;
  } else if (name == "jsonb_each" || name == "jsonb_each_text") {
    bool text = name == "jsonb_each_text";
    if (auto st = one_jsonb(text ? TableFunc::kJsonbEachText : TableFunc::kJsonbEach); !st.ok()) return st;
    shape.columns.push_back(OutputColumn{"key", Type{TypeId::kText}});
    shape.columns.push_back(OutputColumn{"value", Type{text ? TypeId::kText : TypeId::kJsonb}});
    shape.named_columns = true;
  } else if (name == "jsonb_object_keys") {
    if (auto st = one_jsonb(TableFunc::kJsonbObjectKeys); !st.ok()) return st;
    shape.columns.push_back(OutputColumn{name, Type{TypeId::kText}});
  } else {
    return NotSupported(absl::StrCat("function ", name, " in FROM"));
  }
  return shape;
}

// A table function call's arguments, bound over `scope`, and its shape.
absl::StatusOr<std::pair<std::vector<ScalarExprPtr>, TableFuncShape>> BindTableFunctionCall(
    const pg_query::FuncCall& f, ExprBinder& binder, std::vector<ScopeColumn>* scope, BindEnv& env) {
  std::string name = absl::AsciiStrToLower(f.funcname().rbegin()->string().sval());
  binder.SetScope(scope);
  std::vector<ScalarExprPtr> args;
  for (const auto& a : f.args()) {
    auto e = binder.Bind(a);
    if (!e.ok()) return e.status();
    args.push_back(*std::move(e));
  }
  auto shape = ShapeTableFunction(name, args, *env.params);
  if (!shape.ok()) return WithPosition(shape.status(), env.source->CharPosition(f.location()));
  return std::make_pair(std::move(args), *std::move(shape));
}

// A function in FROM: a FlatMap over `input`, whose rows are the scope's
// columns so far (so the arguments may name earlier FROM items, as
// PostgreSQL's implicit LATERAL for functions allows).
absl::StatusOr<RelExprPtr> BindTableFunction(const pg_query::RangeFunction& rf, RelExprPtr input, BindEnv& env,
                                             ExprBinder& binder, std::vector<ScopeColumn>* scope) {
  if (rf.is_rowsfrom() || rf.functions_size() != 1) return NotSupported("ROWS FROM");
  const auto& pair = rf.functions(0).list();
  if (pair.items_size() > 1 && pair.items(1).has_list() && pair.items(1).list().items_size() > 0) {
    return NotSupported("column definition lists");
  }
  if (!rf.coldeflist().empty()) return NotSupported("column definition lists");
  const pg_query::Node& call = pair.items(0);
  if (!call.has_func_call()) return NotSupported("this kind of function call in FROM");
  const pg_query::FuncCall& f = call.func_call();
  auto call_shape = BindTableFunctionCall(f, binder, scope, env);
  if (!call_shape.ok()) return call_shape.status();
  auto& [args, shape] = *call_shape;
  FlatMap fm;
  fm.input = std::move(input);
  fm.func = shape.func;
  fm.args = std::move(args);
  fm.with_ordinality = rf.ordinality();
  std::string table =
      rf.has_alias() ? rf.alias().aliasname() : absl::AsciiStrToLower(f.funcname().rbegin()->string().sval());
  size_t begin = scope->size();
  for (const OutputColumn& c : shape.columns) {
    fm.output_types.push_back(c.type);
    std::string column = c.name;
    if (rf.has_alias() && !shape.named_columns && shape.columns.size() == 1) column = table;
    scope->push_back(ScopeColumn{table, column, c.type});
  }
  if (fm.with_ordinality) scope->push_back(ScopeColumn{table, "ordinality", Type{TypeId::kInt8}});
  if (rf.has_alias()) {
    if (auto st = ApplyColumnAliases(rf.alias(), begin, scope); !st.ok()) return st;
  }
  return MakeRel(std::move(fm));
}

RelExprPtr OneEmptyRow() {
  Values one;
  one.rows.emplace_back();
  return MakeRel(std::move(one));
}



// A relation the catalog knows: a Scan, and its columns for the scope.
absl::StatusOr<RelExprPtr> BindRangeVar(const pg_query::RangeVar& rv, BindEnv& env, std::vector<ScopeColumn>* scope) {
  const SourceText& source = *env.source;
  const BindContext& ctx = *env.ctx;
  std::string alias_name = rv.has_alias() ? rv.alias().aliasname() : rv.relname();
  // A WITH query of that name (the innermost one) comes first.
  if (rv.catalogname().empty() && rv.schemaname().empty()) {
    for (auto it = env.ctes.rbegin(); it != env.ctes.rend(); ++it) {
      if (it->name != rv.relname()) continue;
      // Its own WITH names stay visible to it, later ones do not.
      const BindEnv::Cte cte = *it;  // before the erase below invalidates `it`
      std::vector<BindEnv::Cte> saved = env.ctes;
      env.ctes.erase(std::next(it).base(), env.ctes.end());
      auto bound = BindQuery(env, *cte.query);
      env.ctes = std::move(saved);
      if (!bound.ok()) return bound.status();
      size_t begin = scope->size();
      for (const OutputColumn& c : bound->columns) scope->push_back(ScopeColumn{alias_name, c.name, c.type});
      if (cte.column_names.size() > bound->columns.size()) {
        return Error(sqlstate::kInvalidColumnReference,
                     absl::StrCat("WITH query \"", cte.name, "\" has ", bound->columns.size(),
                                  " columns available but ", cte.column_names.size(), " columns specified"))
            .Position(source.CharPosition(rv.location()))
            .ToStatus();
      }
      for (size_t i = 0; i < cte.column_names.size(); ++i) (*scope)[begin + i].name = cte.column_names[i];
      if (rv.has_alias()) {
        if (auto st = ApplyColumnAliases(rv.alias(), begin, scope); !st.ok()) return st;
      }
      return std::move(bound->root);
    }
  }
  std::optional<std::string> database, schema;
  if (!rv.catalogname().empty()) database = rv.catalogname();
  if (!rv.schemaname().empty()) schema = rv.schemaname();
  if (ctx.catalog == nullptr) return NotSupported("SELECT from relations");
  auto rel = ctx.catalog->ResolveRelation(database, schema, rv.relname());
  if (!rel.ok()) return WithPosition(rel.status(), source.CharPosition(rv.location()));
  if (ctx.dependencies != nullptr && !rel->object_id.empty()) ctx.dependencies->push_back(rel->object_id);
  std::string alias = rv.has_alias() ? rv.alias().aliasname() : rel->name;
  if (rel->view_sql.has_value()) return BindView(*rel, alias, rv, env, scope);
  size_t begin = scope->size();
  for (const OutputColumn& c : rel->columns) scope->push_back(ScopeColumn{alias, c.name, c.type});
  if (rv.has_alias()) {
    if (auto st = ApplyColumnAliases(rv.alias(), begin, scope); !st.ok()) return st;
  }
  Scan scan;
  scan.relation = rel->id;
  scan.name = rel->qualified;
  scan.arity = static_cast<int>(rel->columns.size());
  return MakeRel(std::move(scan));
}

// The one visible column called `name` among scope[begin, end), or an error
// naming the side of the join.
absl::StatusOr<size_t> UsingColumn(const std::vector<ScopeColumn>& scope, size_t begin, size_t end,
                                   const std::string& name, const char* side, int position) {
  std::optional<size_t> found;
  for (size_t i = begin; i < end; ++i) {
    if (scope[i].hidden || scope[i].name != name) continue;
    if (found) {
      return Error(sqlstate::kAmbiguousColumn,
                   absl::StrCat("common column name \"", name, "\" appears more than once in ", side, " table"))
          .Position(position)
          .ToStatus();
    }
    found = i;
  }
  if (!found) {
    return Error(sqlstate::kUndefinedColumn,
                 absl::StrCat("column \"", name, "\" specified in USING clause does not exist in ", side, " table"))
        .Position(position)
        .ToStatus();
  }
  return *found;
}

// LATERAL (SELECT ...) after `left`, whose columns are the scope so far: the
// subquery may name them. One that does not is an ordinary join.
absl::StatusOr<RelExprPtr> BindLateral(const pg_query::RangeSubselect& sub, RelExprPtr left, JoinKind kind,
                                       const pg_query::Node* quals, BindEnv& env, ExprBinder& binder,
                                       std::vector<ScopeColumn>* scope) {
  if (!sub.has_alias()) {
    return Error(sqlstate::kSyntaxError, "subquery in FROM must have an alias")
        .Hint("For example, FROM (SELECT ...) [AS] foo.")
        .ToStatus();
  }
  if (kind != JoinKind::kInner && kind != JoinKind::kLeft) {
    return NotSupported("RIGHT or FULL JOIN with LATERAL");
  }
  size_t left_arity = scope->size();
  env.outer_scopes.push_back(scope);
  int refs_before = env.outer_refs;
  auto bound = BindQuery(env, sub.subquery().select_stmt());
  env.outer_scopes.pop_back();
  if (!bound.ok()) return bound.status();
  bool correlated = env.outer_refs > refs_before;
  for (const OutputColumn& c : bound->columns) scope->push_back(ScopeColumn{sub.alias().aliasname(), c.name, c.type});
  if (auto st = ApplyColumnAliases(sub.alias(), left_arity, scope); !st.ok()) return st;
  ScalarExprPtr condition;
  if (quals != nullptr) {
    binder.SetScope(scope);
    auto cond = binder.BindCondition(*quals, "JOIN/ON");
    if (!cond.ok()) return cond.status();
    condition = *std::move(cond);
  }
  int right_arity = static_cast<int>(scope->size() - left_arity);
  if (!correlated) {
    Join join;
    join.left = std::move(left);
    join.right = std::move(bound->root);
    join.kind = kind;
    join.condition = std::move(condition);
    join.left_arity = static_cast<int>(left_arity);
    join.right_arity = right_arity;
    return MakeRel(std::move(join));
  }
  LateralJoin lateral;
  lateral.left = std::move(left);
  lateral.right = std::shared_ptr<RelExpr>(std::move(bound->root));
  lateral.kind = kind;
  lateral.condition = std::move(condition);
  lateral.left_arity = static_cast<int>(left_arity);
  lateral.right_arity = right_arity;
  return MakeRel(std::move(lateral));
}

// JOIN ... ON / USING / NATURAL, and CROSS JOIN (no condition).
absl::StatusOr<RelExprPtr> BindJoin(const pg_query::JoinExpr& j, BindEnv& env, ExprBinder& binder,
                                    std::vector<ScopeColumn>* scope) {
  const SourceText& source = *env.source;
  if (j.has_alias()) return NotSupported("an alias for a JOIN");
  Join join;
  switch (j.jointype()) {
    case pg_query::JOIN_INNER: join.kind = JoinKind::kInner; break;
    case pg_query::JOIN_LEFT: join.kind = JoinKind::kLeft; break;
    case pg_query::JOIN_RIGHT: join.kind = JoinKind::kRight; break;
    case pg_query::JOIN_FULL: join.kind = JoinKind::kFull; break;
    default: return NotSupported("this kind of JOIN");
  }
  auto left = BindFromItem(j.larg(), env, binder, scope);
  if (!left.ok()) return left.status();
  if (j.rarg().has_range_subselect() && j.rarg().range_subselect().lateral()) {
    if (j.using_clause_size() > 0 || j.is_natural()) return NotSupported("USING or NATURAL with LATERAL");
    return BindLateral(j.rarg().range_subselect(), *std::move(left), join.kind, j.has_quals() ? &j.quals() : nullptr,
                       env, binder, scope);
  }
  size_t left_arity = scope->size();
  auto right = BindFromItem(j.rarg(), env, binder, scope);
  if (!right.ok()) return right.status();
  join.left = *std::move(left);
  join.right = *std::move(right);
  join.left_arity = static_cast<int>(left_arity);
  join.right_arity = static_cast<int>(scope->size() - left_arity);

  std::vector<std::string> using_names;
  if (j.is_natural()) {
    for (size_t i = 0; i < left_arity; ++i) {
      if ((*scope)[i].hidden) continue;
      for (size_t k = left_arity; k < scope->size(); ++k) {
        if (!(*scope)[k].hidden && (*scope)[k].name == (*scope)[i].name) {
          using_names.push_back((*scope)[i].name);
          break;
        }
      }
    }
  }
  for (const auto& n : j.using_clause()) using_names.push_back(n.string().sval());
  int position = source.CharPosition(j.larg().has_range_var() ? j.larg().range_var().location() : 0);
  // USING columns: each pair becomes one merged column, appended after the
  // join's own (the left value for INNER and LEFT, the right for RIGHT,
  // COALESCE of both for FULL, in their common type), and the two sides'
  // columns stay reachable qualified only.
  struct Merged {
    size_t left, right;
    Type type;
    std::string name;
  };
  std::vector<Merged> merged;
  if (!using_names.empty() || j.is_natural()) {
    std::vector<ScalarExprPtr> conjuncts;
    for (const std::string& name : using_names) {
      auto l = UsingColumn(*scope, 0, left_arity, name, "left", position);
      if (!l.ok()) return l.status();
      auto r = UsingColumn(*scope, left_arity, scope->size(), name, "right", position);
      if (!r.ok()) return r.status();
      ScalarExprPtr a = ColumnOf(*scope, *l), b = ColumnOf(*scope, *r);
      if (a->type.id != b->type.id) {
        auto common = CommonType(a->type.id, b->type.id);
        if (!common) {
          return Error(sqlstate::kDatatypeMismatch,
                       absl::StrCat("JOIN/USING types ", Info(a->type.id).sql_name, " and ",
                                    Info(b->type.id).sql_name, " cannot be matched"))
              .Position(position)
              .ToStatus();
        }
        ParamTypes none;
        auto ca = Coerce(std::move(a), Type{*common}, CastContext::kImplicit, none);
        auto cb = Coerce(std::move(b), Type{*common}, CastContext::kImplicit, none);
        if (!ca.ok()) return ca.status();
        if (!cb.ok()) return cb.status();
        a = *std::move(ca);
        b = *std::move(cb);
      }
      merged.push_back(Merged{*l, *r, a->type, name});
      std::vector<ScalarExprPtr> args;
      args.push_back(std::move(a));
      args.push_back(std::move(b));
      conjuncts.push_back(MakeCall(Type{TypeId::kBool}, ScalarFunc::kEq, std::move(args)));
    }
    ScalarExprPtr cond;
    for (auto& c : conjuncts) {
      if (!cond) {
        cond = std::move(c);
      } else {
        std::vector<ScalarExprPtr> args;
        args.push_back(std::move(cond));
        args.push_back(std::move(c));
        cond = MakeCall(Type{TypeId::kBool}, ScalarFunc::kAnd, std::move(args));
      }
    }
    join.condition = std::move(cond);
  } else if (j.has_quals()) {
    binder.SetScope(scope);
    auto cond = binder.BindCondition(j.quals(), "JOIN/ON");
    if (!cond.ok()) return cond.status();
    join.condition = *std::move(cond);
  }
  if (merged.empty()) return MakeRel(std::move(join));
  JoinKind kind = join.kind;
  Project project{MakeRel(std::move(join)), {}};
  for (size_t i = 0; i < scope->size(); ++i) project.exprs.push_back(ColumnOf(*scope, i));
  int rank = 0;
  for (const Merged& m : merged) {
    ParamTypes none;
    auto side = [&](size_t i) -> absl::StatusOr<ScalarExprPtr> {
      return Coerce(ColumnOf(*scope, i), m.type, CastContext::kImplicit, none);
    };
    absl::StatusOr<ScalarExprPtr> value = side(kind == JoinKind::kRight ? m.right : m.left);
    if (!value.ok()) return value.status();
    if (kind == JoinKind::kFull) {
      auto other = side(m.right);
      if (!other.ok()) return other.status();
      std::vector<ScalarExprPtr> args;
      args.push_back(*std::move(value));
      args.push_back(*std::move(other));
      value = MakeCall(m.type, ScalarFunc::kCoalesce, std::move(args));
    }
    project.exprs.push_back(*std::move(value));
    (*scope)[m.left].hidden = true;
    (*scope)[m.right].hidden = true;
    ScopeColumn column{"", m.name, m.type};
    column.using_rank = rank++;
    scope->push_back(std::move(column));
  }
  return MakeRel(std::move(project));
}

absl::StatusOr<RelExprPtr> BindFromItem(const pg_query::Node& item, BindEnv& env, ExprBinder& binder,
                                        std::vector<ScopeColumn>* scope) {
  if (item.has_range_var()) return BindRangeVar(item.range_var(), env, scope);
  if (item.has_join_expr()) return BindJoin(item.join_expr(), env, binder, scope);
  if (item.has_range_subselect()) {
    const auto& sub = item.range_subselect();
    if (sub.lateral()) return NotSupported("LATERAL");
    if (!sub.has_alias()) {
      return Error(sqlstate::kSyntaxError, "subquery in FROM must have an alias")
          .Hint("For example, FROM (SELECT ...) [AS] foo.")
          .ToStatus();
    }
    auto bound = BindQuery(env, sub.subquery().select_stmt());
    if (!bound.ok()) return bound.status();
    size_t begin = scope->size();
    for (const OutputColumn& c : bound->columns) scope->push_back(ScopeColumn{sub.alias().aliasname(), c.name, c.type});
    if (auto st = ApplyColumnAliases(sub.alias(), begin, scope); !st.ok()) return st;
    return std::move(bound->root);
  }
  if (item.has_range_function()) {
    // Alone (in a JOIN): its arguments see no other FROM item.
    std::vector<ScopeColumn> own;
    auto rel = BindTableFunction(item.range_function(), OneEmptyRow(), env, binder, &own);
    binder.SetScope(scope);
    if (!rel.ok()) return rel.status();
    for (auto& c : own) scope->push_back(std::move(c));
    return rel;
  }
  return NotSupported("this kind of FROM item");
}

}  // namespace

bool IsTableFunction(const pg_query::FuncCall& f) {
  if (f.funcname().empty() || !f.funcname().rbegin()->has_string() || f.has_over() || f.agg_star()) return false;
  std::string name = absl::AsciiStrToLower(f.funcname().rbegin()->string().sval());
  static constexpr std::string_view kNames[] = {"generate_series", "unnest", "jsonb_array_elements",
                                                "jsonb_array_elements_text", "jsonb_each", "jsonb_each_text",
                                                "jsonb_object_keys"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

absl::StatusOr<RelExprPtr> BindSelectListFunction(const pg_query::FuncCall& f, RelExprPtr input, BindEnv& env,
                                                  ExprBinder& binder, std::vector<ScopeColumn>* scope) {
  auto call_shape = BindTableFunctionCall(f, binder, scope, env);
  if (!call_shape.ok()) return call_shape.status();
  auto& [args, shape] = *call_shape;
  if (shape.columns.size() != 1) {
    std::string name = absl::AsciiStrToLower(f.funcname().rbegin()->string().sval());
    return WithPosition(NotSupported(absl::StrCat(name, " in a select list (use it in FROM)")),
                        env.source->CharPosition(f.location()));
  }
  FlatMap fm;
  fm.input = std::move(input);
  fm.func = shape.func;
  fm.args = std::move(args);
  fm.output_types.push_back(shape.columns[0].type);
  ScopeColumn column{"", shape.columns[0].name, shape.columns[0].type};
  column.hidden = true;  // reachable only through the call it stands for
  scope->push_back(std::move(column));
  return MakeRel(std::move(fm));
}

// FROM a, b, c: a cross join of the items, left to right.
absl::StatusOr<RelExprPtr> BindFrom(const pg_query::SelectStmt& s, BindEnv& env, ExprBinder& binder,
                                    std::vector<ScopeColumn>* scope) {
  RelExprPtr rel;
  for (const auto& item : s.from_clause()) {
    size_t before = scope->size();
    if (item.has_range_function()) {
      auto fm = BindTableFunction(item.range_function(), rel ? std::move(rel) : OneEmptyRow(), env, binder, scope);
      if (!fm.ok()) return fm.status();
      rel = *std::move(fm);
      continue;
    }
    if (item.has_range_subselect() && item.range_subselect().lateral()) {
      auto lateral = BindLateral(item.range_subselect(), rel ? std::move(rel) : OneEmptyRow(), JoinKind::kInner,
                                 nullptr, env, binder, scope);
      if (!lateral.ok()) return lateral.status();
      rel = *std::move(lateral);
      continue;
    }
    auto next = BindFromItem(item, env, binder, scope);
    if (!next.ok()) return next.status();
    if (!rel) {
      rel = *std::move(next);
      continue;
    }
    Join cross;
    cross.left = std::move(rel);
    cross.right = *std::move(next);
    cross.left_arity = static_cast<int>(before);
    cross.right_arity = static_cast<int>(scope->size() - before);
    rel = MakeRel(std::move(cross));
  }
  return rel;
}

std::vector<size_t> StarColumns(const std::vector<ScopeColumn>& scope, const std::string& table) {
  std::vector<size_t> out;
  if (!table.empty()) {
    for (size_t i = 0; i < scope.size(); ++i) {
      if (scope[i].table == table) out.push_back(i);
    }
    return out;
  }
  std::vector<size_t> merged;
  for (size_t i = 0; i < scope.size(); ++i) {
    if (scope[i].using_rank >= 0) merged.push_back(i);
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [&](size_t a, size_t b) { return scope[a].using_rank < scope[b].using_rank; });
  out = merged;
  for (size_t i = 0; i < scope.size(); ++i) {
    if (!scope[i].hidden && scope[i].using_rank < 0) out.push_back(i);
  }
  return out;
}

}  // namespace freshet::sql
