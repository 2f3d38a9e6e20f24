#include "coord/views.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/ddl.h"
#include "common/status_macros.h"
#include "coord/connections.h"
#include "coord/relations.h"
#include "coord/tables.h"
#include "sql/binder.h"

namespace freshet::coord {

absl::Status CreateView(const sql::CreateViewStmt& stmt, catalog::Catalog& catalog, std::string* command_tag,
                        std::vector<ErrorInfo>* notices) {
  *command_tag = "CREATE VIEW";
  // Bind the query as any SELECT would be, against the catalog as it is now.
  FRESHET_ASSIGN_OR_RETURN(auto parsed, sql::ParseStatements(stmt.query_sql));
  if (parsed.size() != 1 || !std::holds_alternative<sql::SelectStmt>(parsed[0].body)) {
    return Error(sqlstate::kSyntaxError, "a view's query must be a single SELECT").ToStatus();
  }
  CatalogRelations relations(catalog.state(), nullptr);
  std::vector<std::string> dependencies;
  sql::BindContext ctx;
  ctx.catalog = &relations;
  ctx.dependencies = &dependencies;
  auto plan = sql::BindSelect(parsed[0], std::get<sql::SelectStmt>(parsed[0].body), ctx);
  // A position would point into the deparsed query, not the statement.
  if (!plan.ok()) return WithPosition(plan.status(), 0);
  if (!plan->param_types.empty()) {
    return Error(sqlstate::kFeatureNotSupported, "a view's query cannot have parameters").ToStatus();
  }
  if (stmt.columns.size() > plan->columns.size()) {
    return Error(sqlstate::kSyntaxError, "CREATE VIEW specifies more column names than columns").ToStatus();
  }
  std::vector<catalog::Column> columns;
  absl::flat_hash_set<std::string> names;
  for (size_t i = 0; i < plan->columns.size(); ++i) {
    catalog::Column c;
    c.name = i < stmt.columns.size() ? stmt.columns[i] : plan->columns[i].name;
    c.type = plan->columns[i].type;
    if (!names.insert(c.name).second) {
      return Error(sqlstate::kDuplicateColumn, absl::StrCat("column \"", c.name, "\" specified more than once"))
          .ToStatus();
    }
    columns.push_back(std::move(c));
  }
  std::vector<catalog::GlobalId> uses;
  for (const std::string& d : dependencies) {
    auto id = catalog::GlobalId::Parse(d);
    if (id && !id->is_system() && std::find(uses.begin(), uses.end(), *id) == uses.end()) uses.push_back(*id);
  }
  return catalog.Transact([&](catalog::Transaction& txn) -> absl::Status {
    FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema,
                             catalog::ResolveUserSchema(txn.state(), stmt.name.database, stmt.name.schema));
    if (const catalog::Item* existing = txn.state().FindItem(schema->id, stmt.name.name)) {
      if (stmt.if_not_exists) {
        notices->push_back(
            Notice(sqlstate::kDuplicateObject, absl::StrCat("view '", stmt.name.name, "' already exists, skipping")));
        return absl::OkStatus();
      }
      if (!stmt.or_replace || existing->type != catalog::ItemType::kView) {
        return Error(sqlstate::kDuplicateObject, absl::StrCat("catalog item '", stmt.name.name, "' already exists"))
            .ToStatus();
      }
      // OR REPLACE: only a view nothing else depends on (its dependents
      // were bound against its old columns).
      for (const auto& [id, item] : txn.state().items()) {
        if (std::find(item.uses.begin(), item.uses.end(), existing->id) != item.uses.end()) {
          return Error(sqlstate::kDependentObjectsStillExist,
                       absl::StrCat("cannot replace view ", txn.state().QualifiedName(*existing), ": ",
                                    txn.state().QualifiedName(item), " depends on it"))
              .ToStatus();
        }
      }
      if (std::find(uses.begin(), uses.end(), existing->id) != uses.end()) {
        return Error(sqlstate::kInvalidObjectDefinition,
                     absl::StrCat("view ", txn.state().QualifiedName(*existing), " cannot depend on itself"))
            .ToStatus();
      }
      txn.DropItem(existing->id);
    }
    catalog::Item item = txn.NewItem(schema->id, stmt.name.name, catalog::ItemType::kView);
    std::string column_list;
    if (!stmt.columns.empty()) {
      std::vector<std::string> quoted;
      for (const std::string& c : stmt.columns) quoted.push_back(sql::QuoteIdentifier(c));
      column_list = absl::StrCat(" (", absl::StrJoin(quoted, ", "), ")");
    }
    item.create_sql = absl::StrCat("CREATE VIEW ", QuotedName(txn.state(), schema->id, item.name), column_list,
                                   " AS ", stmt.query_sql);
    item.uses = uses;
    item.details = catalog::ViewDetails{stmt.query_sql, std::move(columns)};
    return txn.CreateItem(std::move(item));
  });
}

}  // namespace freshet::coord
