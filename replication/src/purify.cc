// Purify: from a described publication and the user's table selection to
// the tables and columns to ingest, with Materialize's errors
// (sql-surface.md 4.3, 5). Checks run in Materialize's order: the tables,
// their names, privileges, the column options, replica identity, types.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "replication/purify.h"

namespace freshet::replication {
namespace {

// SQLSTATEs without a name in common/error.h.
constexpr char kObjectNotInPrerequisiteState[] = "55000";
constexpr char kAmbiguousAlias[] = "42P09";

std::string Dotted(const NameParts& parts) { return absl::StrJoin(parts, "."); }

// An identifier as SQL writes it: double-quoted unless a plain lower-case word.
std::string Ident(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && name[0] != '$';
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) plain = false;
  }
  if (plain) return name;
  std::string q = "\"";
  for (char c : name) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string Qualified(const UpstreamTable& t) { return absl::StrCat(Ident(t.schema), ".", Ident(t.name)); }

// Rust's Debug rendering of a list of strings, which Materialize's error
// text uses: ["a", "b"].
std::string DebugList(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) {
    std::string q = "\"";
    for (char c : item) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    quoted.push_back(q + "\"");
  }
  return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
}

template <typename T>
void AppendUnique(std::vector<T>& list, T item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

// Resolves [db.][schema.]table against the publication's tables.
class TableResolver {
 public:
  TableResolver(const PublicationInfo& publication, std::string_view publication_name)
      : publication_(publication), publication_name_(publication_name) {}

  // The index of the table in publication.tables.
  absl::StatusOr<size_t> Resolve(const NameParts& ref) const {
    const std::vector<UpstreamTable>& tables = publication_.tables;
    if (ref.empty() || ref.size() > 3) {
      return NotFound(ref).Detail("a table reference has at most three parts: [database.][schema.]table").ToStatus();
    }
    if (ref.size() == 3 && ref[0] != publication_.database) {
      return NotFound(ref).Detail(absl::StrCat("the upstream database is ", publication_.database)).ToStatus();
    }
    std::vector<size_t> matches;
    for (size_t i = 0; i < tables.size(); ++i) {
      if (tables[i].name != ref.back()) continue;
      if (ref.size() >= 2 && tables[i].schema != ref[ref.size() - 2]) continue;
      matches.push_back(i);
    }
    if (matches.empty()) {
      return NotFound(ref)
          .Detail(absl::StrCat("publication \"", publication_name_, "\" has no such table"))
          .ToStatus();
    }
    if (matches.size() > 1) {
      std::vector<std::string> names;
      for (size_t i : matches) names.push_back(Qualified(tables[i]));
      return Error(kAmbiguousAlias, absl::StrCat("reference ", Dotted(ref),
                                                 " is ambiguous, consider specifying an additional layer of "
                                                 "qualification"))
          .Detail(absl::StrCat("it matches ", absl::StrJoin(names, ", ")))
          .ToStatus();
    }
    return matches.front();
  }

 private:
  static Error NotFound(const NameParts& ref) {
    return Error(sqlstate::kUndefinedTable, absl::StrCat("reference to ", Dotted(ref), " not found in source"));
  }

  const PublicationInfo& publication_;
  std::string publication_name_;
};

struct Selected {
  size_t table;  // index in PublicationInfo::tables
  std::string name;
};

absl::Status EmptyPublication(const std::string& publication_name, TableSelection::Kind kind) {
  const char* clause = kind == TableSelection::Kind::kAll       ? "FOR ALL TABLES"
                       : kind == TableSelection::Kind::kSchemas ? "FOR SCHEMAS (..)"
                                                                : "FOR TABLES (..)";
  return Error(kObjectNotInPrerequisiteState, absl::StrCat("PUBLICATION ", publication_name, " is empty"))
      .Detail(absl::StrCat(clause, " is only valid for non-empty publications"))
      .Hint(absl::StrCat("add tables to the publication upstream: ALTER PUBLICATION ", publication_name,
                         " ADD TABLE ..."))
      .ToStatus();
}

absl::StatusOr<std::vector<Selected>> SelectTables(const PublicationInfo& publication,
                                                   const std::string& publication_name, const TableSelection& selection) {
  const std::vector<UpstreamTable>& tables = publication.tables;
  std::vector<Selected> selected;
  switch (selection.kind) {
    case TableSelection::Kind::kAll:
      if (tables.empty()) return EmptyPublication(publication_name, selection.kind);
      for (size_t i = 0; i < tables.size(); ++i) selected.push_back({i, tables[i].name});
      break;
    case TableSelection::Kind::kSchemas: {
      if (selection.schemas.empty()) break;
      if (tables.empty()) return EmptyPublication(publication_name, selection.kind);
      std::vector<std::string> missing;
      for (const std::string& schema : selection.schemas) {
        bool found = std::any_of(tables.begin(), tables.end(), [&](const UpstreamTable& t) { return t.schema == schema; });
        if (!found) AppendUnique(missing, schema);
      }
      if (!missing.empty()) {
        return Error(sqlstate::kInvalidSchemaName,
                     absl::StrCat("database ", publication.database, " missing referenced schemas"))
            .Detail(absl::StrCat("missing schemas: ", absl::StrJoin(missing, ", ")))
            .ToStatus();
      }
      for (size_t i = 0; i < tables.size(); ++i) {
        const auto& schemas = selection.schemas;
        if (std::find(schemas.begin(), schemas.end(), tables[i].schema) != schemas.end()) {
          selected.push_back({i, tables[i].name});
        }
      }
      break;
    }
    case TableSelection::Kind::kTables: {
      if (selection.tables.empty()) break;
      if (tables.empty()) return EmptyPublication(publication_name, selection.kind);
      TableResolver resolver(publication, publication_name);
      for (const TableSelection::Reference& ref : selection.tables) {
        FRESHET_ASSIGN_OR_RETURN(size_t i, resolver.Resolve(ref.upstream));
        selected.push_back({i, ref.alias.value_or(tables[i].name)});
      }
      break;
    }
  }
  return selected;
}

// Two subsources (or tables) of one statement may not share a name.
absl::Status CheckNames(const PublicationInfo& publication, const std::vector<Selected>& selected) {
  for (size_t i = 0; i < selected.size(); ++i) {
    std::vector<std::string> sharing;
    for (size_t j = 0; j < selected.size(); ++j) {
      if (selected[j].name == selected[i].name) sharing.push_back(Qualified(publication.tables[selected[j].table]));
    }
    if (sharing.size() < 2) continue;
    return Error(sqlstate::kDuplicateObject, absl::StrCat("catalog item '", selected[i].name, "' already exists"))
        .Detail(absl::StrCat("upstream tables ", absl::StrJoin(sharing, ", "), " would all be named ",
                             selected[i].name))
        .Hint("name them apart with FOR TABLES (<table> AS <name>, ...)")
        .ToStatus();
  }
  return absl::OkStatus();
}

absl::Status CheckPrivileges(const PublicationInfo& publication, const std::vector<Selected>& selected) {
  std::vector<std::string> schemas, tables;
  for (const Selected& s : selected) {
    const UpstreamTable& t = publication.tables[s.table];
    if (!t.schema_usage) AppendUnique(schemas, t.schema);
    if (!t.can_select) AppendUnique(tables, Qualified(t));
  }
  if (!schemas.empty()) {
    return Error(sqlstate::kInsufficientPrivilege, "insufficient privileges")
        .Detail(absl::StrCat("user ", publication.user, " lacks USAGE privileges for schemas ",
                             absl::StrJoin(schemas, ", ")))
        .ToStatus();
  }
  if (!tables.empty()) {
    return Error(sqlstate::kInsufficientPrivilege, "insufficient privileges")
        .Detail(absl::StrCat("user ", publication.user, " lacks SELECT privileges for tables ",
                             absl::StrJoin(tables, ", ")))
        .ToStatus();
  }
  return absl::OkStatus();
}

// A TEXT COLUMNS or EXCLUDE COLUMNS list resolved: column names by table
// index, in the order written.
using ColumnSet = std::map<size_t, std::vector<std::string>>;

absl::StatusOr<ColumnSet> ResolveColumns(const PublicationInfo& publication, const std::string& publication_name,
                                         const std::vector<Selected>& selected, const std::vector<NameParts>& refs,
                                         const std::string& option) {
  TableResolver resolver(publication, publication_name);
  auto invalid = [&](const char* code, std::string what) {
    return Error(code, absl::StrCat("invalid ", option, " option value: ", what)).ToStatus();
  };
  ColumnSet columns;
  std::vector<std::string> not_added;
  for (const NameParts& ref : refs) {
    if (ref.size() < 2) {
      return invalid(sqlstate::kInvalidParameterValue,
                     absl::StrCat("column name '", Dotted(ref), "' must have at least a table qualification"));
    }
    NameParts qualifier(ref.begin(), ref.end() - 1);
    const std::string& column = ref.back();
    absl::StatusOr<size_t> table = resolver.Resolve(qualifier);
    if (!table.ok()) {
      ErrorInfo e = ToErrorInfo(table.status());
      return Error(e.code, absl::StrCat("invalid ", option, " option value: ", e.message)).Detail(e.detail).ToStatus();
    }
    const UpstreamTable& t = publication.tables[*table];
    if (std::none_of(selected.begin(), selected.end(), [&](const Selected& s) { return s.table == *table; })) {
      AppendUnique(not_added, Qualified(t));
      continue;
    }
    if (std::none_of(t.columns.begin(), t.columns.end(), [&](const UpstreamColumn& c) { return c.name == column; })) {
      return invalid(sqlstate::kUndefinedColumn,
                     absl::StrCat("column \"", Dotted(qualifier), ".", column, "\" does not exist"));
    }
    std::vector<std::string>& names = columns[*table];
    if (std::find(names.begin(), names.end(), column) != names.end()) {
      return invalid(sqlstate::kInvalidParameterValue,
                     absl::StrCat("unexpected multiple references to ", publication.database, ".", Qualified(t), ".",
                                  column));
    }
    names.push_back(column);
  }
  if (!not_added.empty()) {
    return Error(sqlstate::kInvalidParameterValue, absl::StrCat(option, " refers to table not currently being added"))
        .Detail(absl::StrCat("the following tables are referenced but not added: ", absl::StrJoin(not_added, ", ")))
        .ToStatus();
  }
  return columns;
}

bool Contains(const ColumnSet& set, size_t table, const std::string& column) {
  auto it = set.find(table);
  return it != set.end() && std::find(it->second.begin(), it->second.end(), column) != it->second.end();
}

absl::Status CheckDisjoint(const ColumnSet& text, const ColumnSet& exclude) {
  std::vector<std::string> both;
  for (const auto& [table, names] : text) {
    for (const std::string& name : names) {
      if (Contains(exclude, table, name)) both.push_back(name);
    }
  }
  if (both.empty()) return absl::OkStatus();
  return Error(sqlstate::kDuplicateColumn, absl::StrCat("duplicated column name references: ", DebugList(both)))
      .ToStatus();
}

absl::Status CheckReplicaIdentity(const PublicationInfo& publication, const std::vector<Selected>& selected) {
  std::vector<std::string> items;
  for (const Selected& s : selected) {
    const UpstreamTable& t = publication.tables[s.table];
    if (t.replica_identity != 'f') AppendUnique(items, Qualified(t));
  }
  if (items.empty()) return absl::OkStatus();
  return Error(kObjectNotInPrerequisiteState, "referenced items not tables with REPLICA IDENTITY FULL")
      .Detail(absl::StrCat("referenced items: ", absl::StrJoin(items, ", ")))
      .Hint("run ALTER TABLE <table> REPLICA IDENTITY FULL upstream")
      .ToStatus();
}

absl::Status CheckTypes(const PublicationInfo& publication, const std::vector<Selected>& selected,
                        const ColumnSet& text, const ColumnSet& exclude) {
  std::vector<std::string> lines;
  std::set<size_t> seen;
  for (const Selected& s : selected) {
    if (!seen.insert(s.table).second) continue;
    const UpstreamTable& t = publication.tables[s.table];
    for (const UpstreamColumn& c : t.columns) {
      if (Contains(text, s.table, c.name) || Contains(exclude, s.table, c.name)) continue;
      if (IngestType(c.type_oid, c.typmod)) continue;
      lines.push_back(
          absl::StrCat(Ident(publication.database), ".", Qualified(t), ".", Ident(c.name), " (OID ", c.type_oid, ")"));
    }
  }
  if (lines.empty()) return absl::OkStatus();
  return Error(sqlstate::kFeatureNotSupported, "referenced tables use unsupported types")
      .Detail(absl::StrCat("the following columns contain unsupported types:\n", absl::StrJoin(lines, "\n")))
      .Hint("list these columns in TEXT COLUMNS to ingest their values as text, or in EXCLUDE COLUMNS to leave "
            "them out")
      .ToStatus();
}

IngestTable Build(const PublicationInfo& publication, const Selected& s, const ColumnSet& text,
                  const ColumnSet& exclude) {
  const UpstreamTable& t = publication.tables[s.table];
  IngestTable out;
  out.oid = t.oid;
  out.schema = t.schema;
  out.table = t.name;
  out.name = s.name;
  out.upstream_columns = t.columns.size();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const UpstreamColumn& c = t.columns[i];
    if (Contains(exclude, s.table, c.name)) continue;
    IngestColumn& col = out.columns.emplace_back();
    col.upstream_index = static_cast<int>(i);
    col.name = c.name;
    col.as_text = Contains(text, s.table, c.name);
    // CheckTypes has made sure the other columns have a type.
    col.type = col.as_text ? types::Type{types::TypeId::kText} : *IngestType(c.type_oid, c.typmod);
    col.nullable = !c.not_null;
    col.upstream_type_oid = c.type_oid;
    col.upstream_typmod = c.typmod;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<IngestTable>> Purify(const PublicationInfo& publication, std::string_view publication_name,
                                                const TableSelection& selection) {
  const std::string name(publication_name);
  FRESHET_ASSIGN_OR_RETURN(std::vector<Selected> selected, SelectTables(publication, name, selection));
  if (selected.empty()) {
    for (const auto& [option, refs] : {std::pair{"TEXT COLUMNS", &selection.text_columns},
                                       std::pair{"EXCLUDE COLUMNS", &selection.exclude_columns}}) {
      if (!refs->empty()) {
        return Error(sqlstate::kInvalidParameterValue,
                     absl::StrCat(option, " option is unnecessary when no tables are added"))
            .ToStatus();
      }
    }
    return std::vector<IngestTable>{};
  }
  FRESHET_RETURN_IF_ERROR(CheckNames(publication, selected));
  FRESHET_RETURN_IF_ERROR(CheckPrivileges(publication, selected));
  FRESHET_ASSIGN_OR_RETURN(
      ColumnSet text, ResolveColumns(publication, name, selected, selection.text_columns, "TEXT COLUMNS"));
  FRESHET_ASSIGN_OR_RETURN(ColumnSet exclude, ResolveColumns(publication, name, selected,
                                                             selection.exclude_columns, "EXCLUDE COLUMNS"));
  FRESHET_RETURN_IF_ERROR(CheckDisjoint(text, exclude));
  FRESHET_RETURN_IF_ERROR(CheckReplicaIdentity(publication, selected));
  FRESHET_RETURN_IF_ERROR(CheckTypes(publication, selected, text, exclude));

  std::vector<IngestTable> out;
  for (const Selected& s : selected) out.push_back(Build(publication, s, text, exclude));
  return out;
}

}  // namespace freshet::replication
