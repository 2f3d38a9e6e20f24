// INSERT, DELETE and UPDATE -> WritePlan.
//
// VALUES rows bind each expression straight against its target column's type
// (assignment context), so an untyped '{1,2}' becomes int4[] at once, as in
// PostgreSQL. INSERT ... SELECT, DELETE and UPDATE bind a SELECT through
// BindSelect (the WHERE, joins and functions are the query engine's) and
// coerce its output columns afterwards.
#include <pg_query.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "expr_binder.h"
#include "parse_tree.h"
#include "sql/binder.h"

namespace freshet::sql {
namespace {

using types::Type;
using types::TypeId;

RelExprPtr MakeRel(auto node) { return std::make_unique<RelExpr>(RelExpr{std::move(node)}); }

ScalarExprPtr MakeColumnRef(const Type& type, int index) {
  return std::make_unique<ScalarExpr>(ScalarExpr{type, ColumnRef{index}});
}

// The leftmost location of an expression, as PostgreSQL's exprLocation
// reports it, for the nodes INSERT lists usually hold (-1: none).
int ExprLocation(const pg_query::Node& n) {
  auto leftmost = [](int a, int b) { return a < 0 ? b : b < 0 ? a : std::min(a, b); };
  if (n.has_a_const()) return n.a_const().location();
  if (n.has_column_ref()) return n.column_ref().location();
  if (n.has_type_cast()) return leftmost(ExprLocation(n.type_cast().arg()), n.type_cast().location());
  if (n.has_a_expr()) {
    int op = n.a_expr().location();
    return n.a_expr().has_lexpr() ? leftmost(ExprLocation(n.a_expr().lexpr()), op) : op;
  }
  if (n.has_func_call()) return n.func_call().location();
  if (n.has_param_ref()) return n.param_ref().location();
  if (n.has_set_to_default()) return n.set_to_default().location();
  if (n.has_a_array_expr()) return n.a_array_expr().location();
  return -1;
}

int Position(const SourceText& source, int location) { return location >= 0 ? source.CharPosition(location) : 0; }

// The table a write names; builtin relations and source-fed tables are
// read-only.
absl::StatusOr<RelationDesc> ResolveTable(const pg_query::RangeVar& rv, const SourceText& source,
                                          const BindContext& ctx, const char* verb) {
  if (ctx.catalog == nullptr) return NotSupported(verb);
  std::optional<std::string> database, schema;
  if (!rv.catalogname().empty()) database = rv.catalogname();
  if (!rv.schemaname().empty()) schema = rv.schemaname();
  auto rel = ctx.catalog->ResolveRelation(database, schema, rv.relname());
  if (!rel.ok()) return WithPosition(rel.status(), Position(source, rv.location()));
  if (!rel->writable) {
    return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                 absl::StrCat("cannot ", absl::AsciiStrToLower(verb), " ", rel->qualified,
                              ": it is not a writable table"))
        .Position(Position(source, rv.location()))
        .ToStatus();
  }
  return rel;
}

// `expr` converted to the column's type as an assignment (INSERT, UPDATE
// SET), with PostgreSQL's errors. varchar(n)/char(n) targets of non-literal
// values convert to the unbounded type: the executor checks the length,
// because the cast itself would truncate.
absl::StatusOr<ScalarExprPtr> AssignTo(ScalarExprPtr expr, const OutputColumn& column, ParamTypes& params,
                                       int position) {
  Type target = column.type;
  bool literal = expr->type.id == TypeId::kUnknown;
  if (!literal && (target.id == TypeId::kVarchar || target.id == TypeId::kBpchar) && target.typmod >= 0) {
    target.typmod = -1;
  }
  if (!literal && !CanCast(expr->type, target, CastContext::kAssignment)) {
    return Error(sqlstate::kDatatypeMismatch,
                 absl::StrCat("column \"", column.name, "\" is of type ", types::SqlName(column.type),
                              " but expression is of type ", types::SqlName(expr->type)))
        .Hint("You will need to rewrite or cast the expression.")
        .Position(position)
        .ToStatus();
  }
  auto out = Coerce(std::move(expr), target, CastContext::kAssignment, params);
  if (!out.ok()) return WithPosition(out.status(), position);
  return out;
}

// The DEFAULT of `rel`'s column `i` as a typed expression (NULL without one).
absl::StatusOr<ScalarExprPtr> BindDefault(const RelationDesc& rel, size_t i, const BindContext& ctx,
                                          ParamTypes& params) {
  const OutputColumn& column = rel.columns[i];
  if (i >= rel.defaults.size() || !rel.defaults[i]) return MakeLiteral(column.type, types::Datum());
  // The stored text is one expression libpg_query deparsed: parse it back
  // as SELECT <expr> and bind that expression.
  SourceText text{std::make_shared<const std::string>(absl::StrCat("SELECT ", *rel.defaults[i])), 0, 0};
  text.length = static_cast<int>(text.query->size());
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.query->c_str());
  if (r.error != nullptr) {
    std::string message = r.error->message;
    pg_query_free_protobuf_parse_result(r);
    return Error(sqlstate::kInternalError, absl::StrCat("the default of column \"", column.name,
                                                        "\" does not parse: ", message))
        .ToStatus();
  }
  ParseTree tree;
  bool ok = tree.result.ParseFromArray(r.parse_tree.data, static_cast<int>(r.parse_tree.len));
  pg_query_free_protobuf_parse_result(r);
  if (!ok || tree.result.stmts_size() != 1 || !tree.stmt().has_select_stmt() ||
      tree.stmt().select_stmt().target_list_size() != 1) {
    return Error(sqlstate::kInternalError, "could not decode a column default").ToStatus();
  }
  ExprBinder binder(text, ctx, params);
  auto bound = binder.Bind(tree.stmt().select_stmt().target_list(0).res_target().val());
  if (!bound.ok()) return bound.status();
  return AssignTo(*std::move(bound), column, params, 0);
}

// INSERT's column list as table column indexes (all columns when absent).
absl::StatusOr<std::vector<size_t>> TargetColumns(const pg_query::InsertStmt& ins, const RelationDesc& rel,
                                                  const SourceText& source) {
  std::vector<size_t> targets;
  if (ins.cols_size() == 0) {
    for (size_t i = 0; i < rel.columns.size(); ++i) targets.push_back(i);
    return targets;
  }
  for (const pg_query::Node& n : ins.cols()) {
    const pg_query::ResTarget& t = n.res_target();
    if (t.indirection_size() > 0) {
      return WithPosition(NotSupported("INSERT into array elements or fields"), Position(source, t.location()));
    }
    size_t i = 0;
    while (i < rel.columns.size() && rel.columns[i].name != t.name()) ++i;
    if (i == rel.columns.size()) {
      return Error(sqlstate::kUndefinedColumn,
                   absl::StrCat("column \"", t.name(), "\" of relation \"", rel.name, "\" does not exist"))
          .Position(Position(source, t.location()))
          .ToStatus();
    }
    if (std::find(targets.begin(), targets.end(), i) != targets.end()) {
      return Error(sqlstate::kDuplicateColumn, absl::StrCat("column \"", t.name(), "\" specified more than once"))
          .Position(Position(source, t.location()))
          .ToStatus();
    }
    targets.push_back(i);
  }
  return targets;
}

absl::Status CheckArity(size_t expressions, const std::vector<size_t>& targets, bool explicit_columns,
                        const pg_query::InsertStmt& ins, const SourceText& source, int extra_location) {
  if (expressions > targets.size()) {
    return Error(sqlstate::kSyntaxError, "INSERT has more expressions than target columns")
        .Position(Position(source, extra_location))
        .ToStatus();
  }
  if (expressions < targets.size() && explicit_columns) {
    return Error(sqlstate::kSyntaxError, "INSERT has more target columns than expressions")
        .Position(Position(source, ins.cols(static_cast<int>(expressions)).res_target().location()))
        .ToStatus();
  }
  return absl::OkStatus();
}

absl::Status CheckParamsTyped(const ParamTypes& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].id == TypeId::kUnknown) {
      return Error(sqlstate::kIndeterminateDatatype, absl::StrCat("could not determine data type of parameter $", i + 1))
          .ToStatus();
    }
  }
  return absl::OkStatus();
}

// INSERT ... VALUES: each expression bound against its column.
absl::StatusOr<RelExprPtr> BindInsertValues(const pg_query::InsertStmt& ins, const RelationDesc& rel,
                                            const std::vector<size_t>& targets, const SourceText& source,
                                            const BindContext& ctx, ParamTypes& params) {
  Values values;
  ExprBinder binder(source, ctx, params);
  const auto& lists = ins.select_stmt().select_stmt().values_lists();
  int width = -1;
  for (const pg_query::Node& list : lists) {
    const auto& items = list.list().items();
    if (width >= 0 && items.size() != width) {
      return Error(sqlstate::kSyntaxError, "VALUES lists must all be the same length")
          .Position(Position(source, items.empty() ? -1 : ExprLocation(items[0])))
          .ToStatus();
    }
    width = items.size();
    if (auto s = CheckArity(items.size(), targets, ins.cols_size() > 0, ins, source,
                            items.size() > static_cast<int>(targets.size())
                                ? ExprLocation(items[static_cast<int>(targets.size())])
                                : -1);
        !s.ok()) {
      return s;
    }
    std::vector<ScalarExprPtr> row(rel.columns.size());
    for (int t = 0; t < items.size(); ++t) {
      size_t c = targets[t];
      const pg_query::Node& item = items[t];
      absl::StatusOr<ScalarExprPtr> e =
          item.has_set_to_default() ? BindDefault(rel, c, ctx, params) : binder.Bind(item);
      if (!e.ok()) return e.status();
      if (!item.has_set_to_default()) {
        e = AssignTo(*std::move(e), rel.columns[c], params, Position(source, ExprLocation(item)));
        if (!e.ok()) return e.status();
      }
      row[c] = *std::move(e);
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c]) continue;
      auto d = BindDefault(rel, c, ctx, params);
      if (!d.ok()) return d.status();
      row[c] = *std::move(d);
    }
    values.rows.push_back(std::move(row));
  }
  return MakeRel(std::move(values));
}

// Binds `select` (a node of the statement's tree) as a query of its own.
absl::StatusOr<SelectPlan> BindSubSelect(const Statement& stmt, const ParseTree& tree,
                                         const pg_query::SelectStmt& select, const BindContext& ctx,
                                         const ParamTypes& params) {
  auto sub = std::make_shared<ParseTree>();
  sub->result.set_version(tree.result.version());
  *sub->result.add_stmts()->mutable_stmt()->mutable_select_stmt() = select;
  // Locations in the copy are the statement's own, so errors point into the
  // user's text.
  Statement copy{stmt.source, SelectStmt{std::move(sub)}};
  BindContext sub_ctx = ctx;
  sub_ctx.declared_params = params;
  return BindSelect(copy, std::get<SelectStmt>(copy.body), sub_ctx);
}

// Output column `i` of `plan` converted to `column`: an untyped literal in
// the SELECT list is coerced where it stands (INSERT ... SELECT '{1}' into
// int4[] works as in PostgreSQL), anything else through a column reference.
absl::StatusOr<ScalarExprPtr> AssignOutput(SelectPlan& plan, size_t i, const OutputColumn& column, ParamTypes& params,
                                           int position) {
  if (auto* project = std::get_if<Project>(&plan.root->node)) {
    // BindSelect typed SELECT 'x' as a text literal; in INSERT PostgreSQL
    // keeps it untyped, so read it with the column's type instead. (A
    // 'x'::text folded to a literal is read so too: slightly more lenient.)
    ScalarExpr& e0 = *project->exprs[i];
    if (auto* lit = std::get_if<Literal>(&e0.node); lit != nullptr && e0.type == Type{TypeId::kText}) {
      e0.type = Type{TypeId::kUnknown};
    }
    auto e = AssignTo(std::move(project->exprs[i]), column, params, position);
    if (!e.ok()) return e.status();
    Type type = (*e)->type;
    project->exprs[i] = *std::move(e);
    return MakeColumnRef(type, static_cast<int>(i));
  }
  Type type = plan.columns[i].type;
  if (type.id == TypeId::kUnknown) type = Type{TypeId::kText};
  return AssignTo(MakeColumnRef(type, static_cast<int>(i)), column, params, position);
}

pg_query::Node StarTarget() {
  pg_query::Node star;
  pg_query::ColumnRef* ref = star.mutable_res_target()->mutable_val()->mutable_column_ref();
  ref->add_fields()->mutable_a_star();
  ref->set_location(-1);
  star.mutable_res_target()->set_location(-1);
  return star;
}

// SELECT * [, extra...] FROM <relation> [WHERE ...]: the rows a DELETE or
// UPDATE touches.
pg_query::SelectStmt MatchingRows(const pg_query::RangeVar& relation, const pg_query::Node* where) {
  pg_query::SelectStmt select;
  select.set_limit_option(pg_query::LIMIT_OPTION_DEFAULT);
  select.set_op(pg_query::SETOP_NONE);
  *select.add_target_list() = StarTarget();
  *select.add_from_clause()->mutable_range_var() = relation;
  if (where != nullptr) *select.mutable_where_clause() = *where;
  return select;
}

WritePlan NewPlan(WritePlan::Kind kind, const RelationDesc& rel) {
  WritePlan plan;
  plan.kind = kind;
  plan.relation = rel.id;
  plan.table_name = rel.name;
  plan.columns = rel.columns;
  plan.nullable = rel.nullable;
  plan.nullable.resize(rel.columns.size(), true);
  return plan;
}

}  // namespace

absl::StatusOr<WritePlan> BindInsert(const Statement& stmt, const InsertStmt& insert, const BindContext& ctx) {
  const SourceText& source = stmt.source;
  const pg_query::InsertStmt& ins = insert.tree->stmt().insert_stmt();
  if (ins.has_with_clause()) return NotSupported("WITH in INSERT");
  if (ins.has_on_conflict_clause()) return NotSupported("INSERT ... ON CONFLICT");
  if (ins.returning_list_size() > 0) return NotSupported("INSERT ... RETURNING");
  if (ins.override() == pg_query::OVERRIDING_USER_VALUE || ins.override() == pg_query::OVERRIDING_SYSTEM_VALUE) {
    return NotSupported("INSERT ... OVERRIDING");
  }
  auto rel = ResolveTable(ins.relation(), source, ctx, "INSERT INTO");
  if (!rel.ok()) return rel.status();
  WritePlan plan = NewPlan(WritePlan::Kind::kInsert, *rel);
  plan.param_types = ctx.declared_params;
  auto targets = TargetColumns(ins, *rel, source);
  if (!targets.ok()) return targets.status();

  if (!ins.has_select_stmt()) {  // DEFAULT VALUES
    Values values;
    std::vector<ScalarExprPtr> row;
    for (size_t c = 0; c < rel->columns.size(); ++c) {
      auto d = BindDefault(*rel, c, ctx, plan.param_types);
      if (!d.ok()) return d.status();
      row.push_back(*std::move(d));
    }
    values.rows.push_back(std::move(row));
    plan.rows = MakeRel(std::move(values));
    return plan;
  }

  const pg_query::SelectStmt& select = ins.select_stmt().select_stmt();
  bool plain_values = select.values_lists_size() > 0 && select.sort_clause_size() == 0 && !select.has_limit_count() &&
                      !select.has_limit_offset() && !select.has_with_clause();
  if (plain_values) {
    auto rows = BindInsertValues(ins, *rel, *targets, source, ctx, plan.param_types);
    if (!rows.ok()) return rows.status();
    plan.rows = *std::move(rows);
    if (auto s = CheckParamsTyped(plan.param_types); !s.ok()) return s;
    return plan;
  }

  auto sub = BindSubSelect(stmt, *insert.tree, select, ctx, plan.param_types);
  if (!sub.ok()) return sub.status();
  plan.param_types = sub->param_types;
  int extra_location = -1;
  if (sub->columns.size() > targets->size() && select.target_list_size() > static_cast<int>(targets->size())) {
    extra_location = select.target_list(static_cast<int>(targets->size())).res_target().location();
  }
  if (auto s = CheckArity(sub->columns.size(), *targets, ins.cols_size() > 0, ins, source, extra_location); !s.ok()) {
    return s;
  }
  Project project;
  project.exprs.resize(rel->columns.size());
  for (size_t t = 0; t < sub->columns.size(); ++t) {
    size_t c = (*targets)[t];
    int location = t < static_cast<size_t>(select.target_list_size())
                       ? select.target_list(static_cast<int>(t)).res_target().location()
                       : -1;
    auto e = AssignOutput(*sub, t, rel->columns[c], plan.param_types, Position(source, location));
    if (!e.ok()) return e.status();
    project.exprs[c] = *std::move(e);
  }
  for (size_t c = 0; c < project.exprs.size(); ++c) {
    if (project.exprs[c]) continue;
    auto d = BindDefault(*rel, c, ctx, plan.param_types);
    if (!d.ok()) return d.status();
    project.exprs[c] = *std::move(d);
  }
  project.input = std::move(sub->root);
  plan.rows = MakeRel(std::move(project));
  if (auto s = CheckParamsTyped(plan.param_types); !s.ok()) return s;
  return plan;
}

absl::StatusOr<WritePlan> BindDelete(const Statement& stmt, const DeleteStmt& del, const BindContext& ctx) {
  const pg_query::DeleteStmt& d = del.tree->stmt().delete_stmt();
  if (d.has_with_clause()) return NotSupported("WITH in DELETE");
  if (d.using_clause_size() > 0) return NotSupported("DELETE ... USING");
  if (d.returning_list_size() > 0) return NotSupported("DELETE ... RETURNING");
  auto rel = ResolveTable(d.relation(), stmt.source, ctx, "DELETE FROM");
  if (!rel.ok()) return rel.status();
  WritePlan plan = NewPlan(WritePlan::Kind::kDelete, *rel);
  auto sub = BindSubSelect(stmt, *del.tree, MatchingRows(d.relation(), d.has_where_clause() ? &d.where_clause() : nullptr),
                           ctx, ctx.declared_params);
  if (!sub.ok()) return sub.status();
  plan.param_types = sub->param_types;
  plan.rows = std::move(sub->root);
  return plan;
}

absl::StatusOr<WritePlan> BindUpdate(const Statement& stmt, const UpdateStmt& update, const BindContext& ctx) {
  const SourceText& source = stmt.source;
  const pg_query::UpdateStmt& u = update.tree->stmt().update_stmt();
  if (u.has_with_clause()) return NotSupported("WITH in UPDATE");
  if (u.from_clause_size() > 0) return NotSupported("UPDATE ... FROM");
  if (u.returning_list_size() > 0) return NotSupported("UPDATE ... RETURNING");
  auto rel = ResolveTable(u.relation(), source, ctx, "UPDATE");
  if (!rel.ok()) return rel.status();
  WritePlan plan = NewPlan(WritePlan::Kind::kUpdate, *rel);
  const size_t arity = rel->columns.size();

  // SELECT *, <new value>, ... FROM t WHERE ...; a SET c = DEFAULT gets a
  // NULL placeholder there and its default bound separately.
  pg_query::SelectStmt select = MatchingRows(u.relation(), u.has_where_clause() ? &u.where_clause() : nullptr);
  std::vector<size_t> set_columns;
  std::vector<bool> set_default;
  std::vector<int> locations;
  for (const pg_query::Node& n : u.target_list()) {
    const pg_query::ResTarget& t = n.res_target();
    if (t.indirection_size() > 0) {
      return WithPosition(NotSupported("UPDATE of array elements or fields"), Position(source, t.location()));
    }
    if (t.val().has_multi_assign_ref()) return NotSupported("UPDATE ... SET (a, b) = ...");
    size_t c = 0;
    while (c < arity && rel->columns[c].name != t.name()) ++c;
    if (c == arity) {
      return Error(sqlstate::kUndefinedColumn,
                   absl::StrCat("column \"", t.name(), "\" of relation \"", rel->name, "\" does not exist"))
          .Position(Position(source, t.location()))
          .ToStatus();
    }
    if (std::find(set_columns.begin(), set_columns.end(), c) != set_columns.end()) {
      return Error(sqlstate::kSyntaxError, absl::StrCat("multiple assignments to same column \"", t.name(), "\""))
          .Position(Position(source, t.location()))
          .ToStatus();
    }
    set_columns.push_back(c);
    set_default.push_back(t.val().has_set_to_default());
    locations.push_back(ExprLocation(t.val()));
    pg_query::Node* target = select.add_target_list();
    pg_query::ResTarget* rt = target->mutable_res_target();
    rt->set_location(t.location());
    if (t.val().has_set_to_default()) {
      pg_query::A_Const* null = rt->mutable_val()->mutable_a_const();
      null->set_isnull(true);
      null->set_location(-1);
    } else {
      *rt->mutable_val() = t.val();
    }
  }
  auto sub = BindSubSelect(stmt, *update.tree, select, ctx, ctx.declared_params);
  if (!sub.ok()) return sub.status();
  plan.param_types = sub->param_types;
  if (!std::holds_alternative<Project>(sub->root->node) || sub->columns.size() != arity + set_columns.size()) {
    return Error(sqlstate::kInternalError, "UPDATE did not bind to a projection").ToStatus();
  }
  // Old row, then new row.
  Project out;
  for (size_t c = 0; c < arity; ++c) out.exprs.push_back(MakeColumnRef(rel->columns[c].type, static_cast<int>(c)));
  std::vector<ScalarExprPtr> fresh(arity);
  for (size_t k = 0; k < set_columns.size(); ++k) {
    size_t c = set_columns[k];
    absl::StatusOr<ScalarExprPtr> e =
        set_default[k] ? BindDefault(*rel, c, ctx, plan.param_types)
                       : AssignOutput(*sub, arity + k, rel->columns[c], plan.param_types, Position(source, locations[k]));
    if (!e.ok()) return e.status();
    fresh[c] = *std::move(e);
  }
  for (size_t c = 0; c < arity; ++c) {
    out.exprs.push_back(fresh[c] ? std::move(fresh[c]) : MakeColumnRef(rel->columns[c].type, static_cast<int>(c)));
  }
  out.input = std::move(sub->root);
  plan.rows = MakeRel(std::move(out));
  if (auto s = CheckParamsTyped(plan.param_types); !s.ok()) return s;
  return plan;
}

}  // namespace freshet::sql
