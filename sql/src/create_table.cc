#include "create_table.h"

#include <pg_query.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "expr_binder.h"

namespace freshet::sql {
namespace {

absl::Status NotSupportedAt(std::string what, const SourceText& source, int location) {
  absl::Status s = NotSupported(std::move(what));
  return location >= 0 ? WithPosition(std::move(s), source.CharPosition(location)) : s;
}

// The words Materialize's and PostgreSQL's messages use for a constraint.
const char* ConstraintName(pg_query::ConstrType type) {
  switch (type) {
    case pg_query::CONSTR_PRIMARY: return "PRIMARY KEY";
    case pg_query::CONSTR_UNIQUE: return "UNIQUE";
    case pg_query::CONSTR_CHECK: return "CHECK";
    case pg_query::CONSTR_FOREIGN: return "REFERENCES";
    case pg_query::CONSTR_EXCLUSION: return "EXCLUDE";
    case pg_query::CONSTR_IDENTITY: return "GENERATED ... AS IDENTITY";
    case pg_query::CONSTR_GENERATED: return "GENERATED ALWAYS AS";
    default: return "this constraint";
  }
}

// libpg_query's SQL text for a parse result; `what` names it in errors.
absl::StatusOr<std::string> Deparse(const pg_query::ParseResult& result, const char* what) {
  std::string bytes = result.SerializeAsString();
  PgQueryProtobuf proto{bytes.size(), bytes.data()};
  PgQueryDeparseResult r = pg_query_deparse_protobuf(proto);
  if (r.error != nullptr) {
    std::string message = r.error->message;
    pg_query_free_deparse_result(r);
    return Error(sqlstate::kInternalError, absl::StrCat("could not deparse ", what, ": ", message)).ToStatus();
  }
  std::string text = r.query;
  pg_query_free_deparse_result(r);
  return text;
}

}  // namespace

absl::StatusOr<std::string> DeparseExpression(const pg_query::Node& expr, int parse_version) {
  // libpg_query deparses whole statements: wrap the expression as
  // SELECT <expr> and take the text after "SELECT ".
  pg_query::ParseResult result;
  result.set_version(parse_version);
  pg_query::SelectStmt* select = result.add_stmts()->mutable_stmt()->mutable_select_stmt();
  select->set_limit_option(pg_query::LIMIT_OPTION_DEFAULT);
  select->set_op(pg_query::SETOP_NONE);
  *select->add_target_list()->mutable_res_target()->mutable_val() = expr;
  auto deparsed = Deparse(result, "an expression");
  if (!deparsed.ok()) return deparsed.status();
  const std::string& text = *deparsed;
  constexpr absl::string_view kPrefix = "SELECT ";
  if (!absl::StartsWith(text, kPrefix)) return Error(sqlstate::kInternalError, "unexpected deparse output").ToStatus();
  return text.substr(kPrefix.size());
}

absl::StatusOr<StatementBody> ClassifyCreateTable(const ParseTree& tree, const SourceText& source) {
  const pg_query::CreateStmt& c = tree.stmt().create_stmt();
  const pg_query::RangeVar& rv = c.relation();
  if (rv.relpersistence() == "t") return NotSupportedAt("CREATE TEMPORARY TABLE", source, rv.location());
  if (rv.relpersistence() == "u") return NotSupportedAt("CREATE UNLOGGED TABLE", source, rv.location());
  if (c.inh_relations_size() > 0) return NotSupported("CREATE TABLE ... INHERITS");
  if (c.has_partspec()) return NotSupported("CREATE TABLE ... PARTITION BY");
  if (c.has_partbound()) return NotSupported("CREATE TABLE ... PARTITION OF");
  if (c.has_of_typename()) return NotSupported("CREATE TABLE ... OF type");
  if (c.options_size() > 0) return NotSupported("CREATE TABLE ... WITH (storage parameters)");
  if (!c.tablespacename().empty()) return NotSupported("CREATE TABLE ... TABLESPACE");
  if (!c.access_method().empty()) return NotSupported("CREATE TABLE ... USING");
  if (c.oncommit() != pg_query::ONCOMMIT_NOOP && c.oncommit() != pg_query::ON_COMMIT_ACTION_UNDEFINED) {
    return NotSupported("CREATE TABLE ... ON COMMIT");
  }
  CreateTableStmt out;
  if (!rv.catalogname().empty()) out.name.database = rv.catalogname();
  if (!rv.schemaname().empty()) out.name.schema = rv.schemaname();
  out.name.name = rv.relname();
  out.if_not_exists = c.if_not_exists();
  for (const pg_query::Node& elt : c.table_elts()) {
    if (elt.has_constraint()) {
      return NotSupportedAt(absl::StrCat(ConstraintName(elt.constraint().contype()), " constraints"), source,
                            elt.constraint().location());
    }
    if (elt.has_table_like_clause()) return NotSupported("CREATE TABLE ... (LIKE ...)");
    if (!elt.has_column_def()) return NotSupported("this CREATE TABLE element");
    const pg_query::ColumnDef& def = elt.column_def();
    for (const ColumnDefinition& seen : out.columns) {
      if (seen.name == def.colname()) {
        return WithPosition(Error(sqlstate::kDuplicateColumn,
                                  absl::StrCat("column \"", def.colname(), "\" specified more than once"))
                                .ToStatus(),
                            source.CharPosition(def.location()));
      }
    }
    ColumnDefinition col;
    col.name = def.colname();
    auto type = ResolveTypeName(def.type_name());
    if (!type.ok()) return WithPosition(type.status(), source.CharPosition(def.type_name().location()));
    col.type = *type;
    if (def.has_coll_clause()) return NotSupportedAt("COLLATE", source, def.coll_clause().location());
    if (def.is_not_null()) col.nullable = false;
    bool null_seen = false, not_null_seen = false;
    for (const pg_query::Node& cn : def.constraints()) {
      const pg_query::Constraint& con = cn.constraint();
      switch (con.contype()) {
        case pg_query::CONSTR_NULL:
        case pg_query::CONSTR_NOTNULL: {
          bool is_null = con.contype() == pg_query::CONSTR_NULL;
          (is_null ? null_seen : not_null_seen) = true;
          if (null_seen && not_null_seen) {
            return WithPosition(Error(sqlstate::kSyntaxError,
                                      absl::StrCat("conflicting NULL/NOT NULL declarations for column \"", col.name,
                                                   "\" of table \"", out.name.name, "\""))
                                    .ToStatus(),
                                source.CharPosition(con.location()));
          }
          col.nullable = is_null;
          break;
        }
        case pg_query::CONSTR_DEFAULT: {
          if (col.default_sql) {
            return WithPosition(Error(sqlstate::kSyntaxError,
                                      absl::StrCat("multiple default values specified for column \"", col.name,
                                                   "\" of table \"", out.name.name, "\""))
                                    .ToStatus(),
                                source.CharPosition(con.location()));
          }
          auto text = DeparseExpression(con.raw_expr(), tree.result.version());
          if (!text.ok()) return text.status();
          col.default_sql = *std::move(text);
          break;
        }
        default:
          return NotSupportedAt(absl::StrCat(ConstraintName(con.contype()), " constraints"), source, con.location());
      }
    }
    out.columns.push_back(std::move(col));
  }
  return out;
}

absl::StatusOr<StatementBody> ClassifyCreateView(const ParseTree& tree, const SourceText& source) {
  const pg_query::ViewStmt& v = tree.stmt().view_stmt();
  const pg_query::RangeVar& rv = v.view();
  if (rv.relpersistence() == "t") return NotSupportedAt("CREATE TEMPORARY VIEW", source, rv.location());
  if (v.options_size() > 0) return NotSupported("CREATE VIEW ... WITH (options)");
  if (v.with_check_option() != pg_query::NO_CHECK_OPTION &&
      v.with_check_option() != pg_query::VIEW_CHECK_OPTION_UNDEFINED) {
    return NotSupported("CREATE VIEW ... WITH CHECK OPTION");
  }
  if (!v.query().has_select_stmt()) return NotSupported("a view whose query is not a SELECT");
  CreateViewStmt out;
  if (!rv.catalogname().empty()) out.name.database = rv.catalogname();
  if (!rv.schemaname().empty()) out.name.schema = rv.schemaname();
  out.name.name = rv.relname();
  out.or_replace = v.replace();
  for (const pg_query::Node& c : v.aliases()) out.columns.push_back(c.string().sval());
  // The query as libpg_query deparses it: normalized, and re-parsed at
  // every use of the view.
  pg_query::ParseResult result;
  result.set_version(tree.result.version());
  *result.add_stmts()->mutable_stmt() = v.query();
  auto deparsed = Deparse(result, "a view's query");
  if (!deparsed.ok()) return deparsed.status();
  out.query_sql = *std::move(deparsed);
  return out;
}

}  // namespace freshet::sql
