#include "coord/tables.h"

#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/ddl.h"
#include "common/status_macros.h"
#include "compute/cursor.h"
#include "coord/connections.h"
#include "coord/relations.h"
#include "types/format.h"
#include "types/row_codec.h"

namespace freshet::coord {
namespace {

using types::Type;
using types::TypeId;

// "pg_catalog.int4", "pg_catalog.varchar(10)", "pg_catalog.int4[]".
std::string TypeSql(const Type& type) {
  if (type.id == TypeId::kArray) return absl::StrCat(TypeSql(types::ElementOf(type)), "[]");
  std::string out = absl::StrCat("pg_catalog.", types::Info(type.id).name);
  if (type.typmod >= 0) {
    // The modifier as format_type() writes it: "(10)", "(10,2)", "(3)".
    std::string full = types::SqlName(type);
    size_t open = full.find('('), close = full.find(')');
    if (open != std::string::npos && close != std::string::npos) absl::StrAppend(&out, full.substr(open, close - open + 1));
  }
  return out;
}

// Binds INSERT INTO t DEFAULT VALUES against the new table, so a DEFAULT
// that does not bind or does not fit its column fails at CREATE TABLE, as
// in PostgreSQL, not at the first INSERT.
class NewTableReader final : public sql::CatalogReader {
 public:
  explicit NewTableReader(sql::RelationDesc desc) : desc_(std::move(desc)) {}
  absl::StatusOr<sql::RelationDesc> ResolveRelation(const std::optional<std::string>&,
                                                    const std::optional<std::string>&,
                                                    const std::string&) const override {
    return desc_;
  }

 private:
  sql::RelationDesc desc_;
};

absl::Status CheckDefaults(const sql::CreateTableStmt& stmt) {
  sql::RelationDesc desc;
  desc.name = stmt.name.name;
  desc.qualified = stmt.name.name;
  desc.writable = true;
  bool any = false;
  for (const sql::ColumnDefinition& c : stmt.columns) {
    desc.columns.push_back(sql::OutputColumn{c.name, c.type});
    desc.nullable.push_back(true);
    desc.defaults.push_back(c.default_sql);
    any |= c.default_sql.has_value();
  }
  if (!any) return absl::OkStatus();
  NewTableReader reader(std::move(desc));
  FRESHET_ASSIGN_OR_RETURN(auto stmts, sql::ParseStatements("INSERT INTO t DEFAULT VALUES"));
  sql::BindContext ctx;
  ctx.catalog = &reader;
  return sql::BindInsert(stmts[0], std::get<sql::InsertStmt>(stmts[0].body), ctx).status();
}

// PostgreSQL's DETAIL for a constraint violation: "Failing row contains
// (1, null)."
std::string FailingRow(const sql::WritePlan& plan, const types::Row& row) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < row.size(); ++i) {
    parts.push_back(row[i].is_null() ? "null" : types::ToText(plan.columns[i].type, row[i]));
  }
  return absl::StrCat("Failing row contains (", absl::StrJoin(parts, ", "), ").");
}

// What the plan could not check: NOT NULL, and the length of varchar(n) /
// char(n) values (re-read through the type's input function, which fails
// with 22001 instead of truncating, and pads char(n)).
absl::Status CheckRow(const sql::WritePlan& plan, types::Row& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    const Type& type = plan.columns[i].type;
    if (row[i].is_null()) {
      if (!plan.nullable[i]) {
        return Error(sqlstate::kNotNullViolation,
                     absl::StrCat("null value in column \"", plan.columns[i].name, "\" of relation \"",
                                  plan.table_name, "\" violates not-null constraint"))
            .Detail(FailingRow(plan, row))
            .ToStatus();
      }
      continue;
    }
    if ((type.id == TypeId::kVarchar || type.id == TypeId::kBpchar) && type.typmod >= 0) {
      FRESHET_ASSIGN_OR_RETURN(row[i], types::ParseText(type, row[i].as_string()));
    }
  }
  return absl::OkStatus();
}

// UPDATE and DELETE read the counts they retract: two of them at once could
// retract the same rows twice. INSERTs only add and need no lock.
std::mutex& RetractMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

std::string ColumnTypeName(const Type& type) {
  if (type.id == TypeId::kArray) return types::SqlName(Type{type.id, -1, type.elem});
  return types::Info(type.id).sql_name;
}

std::string ColumnDefsSql(const std::vector<catalog::Column>& columns) {
  std::vector<std::string> defs;
  for (const catalog::Column& c : columns) {
    std::string def = absl::StrCat(sql::QuoteIdentifier(c.name), " ", TypeSql(c.type));
    if (!c.nullable) absl::StrAppend(&def, " NOT NULL");
    if (c.default_sql) absl::StrAppend(&def, " DEFAULT ", *c.default_sql);
    defs.push_back(std::move(def));
  }
  return absl::StrCat("(", absl::StrJoin(defs, ", "), ")");
}

std::string TableCreateSql(const std::string& qualified_name, const std::vector<catalog::Column>& columns) {
  return absl::StrCat("CREATE TABLE ", qualified_name, " ", ColumnDefsSql(columns));
}

absl::Status CreateTable(const sql::CreateTableStmt& stmt, catalog::Catalog& catalog, std::string* command_tag,
                         std::vector<ErrorInfo>* notices) {
  *command_tag = "CREATE TABLE";
  FRESHET_RETURN_IF_ERROR(CheckDefaults(stmt));
  return catalog.Transact([&](catalog::Transaction& txn) -> absl::Status {
    FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema,
                             catalog::ResolveUserSchema(txn.state(), stmt.name.database, stmt.name.schema));
    if (txn.state().FindItem(schema->id, stmt.name.name) != nullptr && stmt.if_not_exists) {
      notices->push_back(Notice(sqlstate::kDuplicateObject,
                                absl::StrCat("catalog item '", stmt.name.name, "' already exists, skipping")));
      return absl::OkStatus();
    }
    catalog::Item item = txn.NewItem(schema->id, stmt.name.name, catalog::ItemType::kTable);
    catalog::TableDetails table;
    table.collection = txn.AllocateCollectionId();
    for (const sql::ColumnDefinition& c : stmt.columns) {
      table.columns.push_back(catalog::Column{c.name, c.type, c.nullable, c.default_sql});
    }
    item.create_sql = TableCreateSql(QuotedName(txn.state(), schema->id, item.name), table.columns);
    // The collection is created by the same storage commit as the item.
    txn.CreateCollection(table.collection);
    item.details = std::move(table);
    return txn.CreateItem(std::move(item));
  });
}

absl::StatusOr<uint64_t> ExecuteWrite(const sql::WritePlan& plan, catalog::Catalog& catalog,
                                      const catalog::RuntimeFacts* facts, compute::ExecContext exec) {
  std::unique_lock<std::mutex> lock(RetractMutex(), std::defer_lock);
  if (plan.kind != sql::WritePlan::Kind::kInsert) lock.lock();
  auto relations = std::make_shared<CatalogRelations>(catalog.state(), facts, catalog.storage()->GetSnapshot());
  if (relations->TableOf(plan.relation) == nullptr) {
    return Error(sqlstate::kUndefinedTable, absl::StrCat("unknown catalog item '", plan.table_name, "'")).ToStatus();
  }
  exec.relations = relations.get();
  auto cursor = compute::OpenCursor(*plan.rows, exec);

  // Net change per distinct row (by its encoding): duplicates add up, and an
  // UPDATE that leaves a row as it was changes nothing.
  absl::flat_hash_map<std::string, std::pair<types::Row, int64_t>> changes;
  auto change = [&](types::Row row, int64_t diff) {
    std::string key = types::EncodeRow(row);
    auto [it, inserted] = changes.try_emplace(std::move(key), std::move(row), 0);
    it->second.second += diff;
  };
  const size_t arity = plan.columns.size();
  uint64_t affected = 0;
  compute::Batch batch;
  for (;;) {
    FRESHET_ASSIGN_OR_RETURN(bool more, cursor->Next(batch));
    for (compute::Update& u : batch) {
      affected += static_cast<uint64_t>(u.diff);
      switch (plan.kind) {
        case sql::WritePlan::Kind::kInsert:
          FRESHET_RETURN_IF_ERROR(CheckRow(plan, u.row));
          change(std::move(u.row), u.diff);
          break;
        case sql::WritePlan::Kind::kDelete:
          change(std::move(u.row), -u.diff);
          break;
        case sql::WritePlan::Kind::kUpdate: {
          types::Row fresh(std::make_move_iterator(u.row.begin() + static_cast<std::ptrdiff_t>(arity)),
                           std::make_move_iterator(u.row.end()));
          u.row.resize(arity);
          FRESHET_RETURN_IF_ERROR(CheckRow(plan, fresh));
          change(std::move(u.row), -u.diff);
          change(std::move(fresh), u.diff);
          break;
        }
      }
    }
    if (!more) break;
    FRESHET_RETURN_IF_ERROR(compute::CheckCanceled(exec));
  }
  storage::CommitRequest commit;
  for (auto& [key, entry] : changes) {
    if (entry.second != 0) commit.updates.push_back({plan.relation, std::move(entry.first), entry.second});
  }
  if (commit.updates.empty()) return affected;
  auto committed = catalog.storage()->Commit(std::move(commit));
  if (absl::IsNotFound(committed.status())) {
    return Error(sqlstate::kUndefinedTable, absl::StrCat("unknown catalog item '", plan.table_name, "'")).ToStatus();
  }
  if (!committed.ok()) return committed.status();
  return affected;
}

}  // namespace freshet::coord
