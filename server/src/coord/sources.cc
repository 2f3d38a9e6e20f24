#include "coord/sources.h"

#include <openssl/rand.h>

#include <chrono>
#include <optional>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "catalog/ddl.h"
#include "common/status_macros.h"
#include "coord/connections.h"
#include "coord/tables.h"
#include "replication/purify.h"

namespace freshet::coord {
namespace {

using catalog::GlobalId;
using catalog::Item;
using catalog::ItemType;
using catalog::Transaction;
using replication::IngestTable;
using replication::TableSelection;

absl::Status NotSupported(const std::string& what) {
  return Error(sqlstate::kFeatureNotSupported, absl::StrCat(what, " is not supported")).ToStatus();
}

absl::Status AlreadyExists(const std::string& name) {
  return Error(sqlstate::kDuplicateObject, absl::StrCat("catalog item '", name, "' already exists")).ToStatus();
}

// A fresh slot name: materialize_ and 32 lower-case hex digits.
absl::StatusOr<std::string> NewSlotName() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return absl::InternalError("no randomness for a slot name");
  return absl::StrCat("materialize_",
                      absl::BytesToHexString(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes)));
}

// TEXT COLUMNS / EXCLUDE COLUMNS: a list of (possibly dotted) names.
absl::StatusOr<std::vector<replication::NameParts>> ColumnList(const sql::Option& o) {
  std::vector<replication::NameParts> out;
  auto one = [&](const sql::OptionValue& v) -> absl::Status {
    if (v.kind == sql::OptionValue::Kind::kName) {
      out.push_back(v.name);
    } else if (v.kind == sql::OptionValue::Kind::kString) {
      out.push_back({v.text});
    } else {
      return Error(sqlstate::kInvalidParameterValue, absl::StrCat("invalid ", o.name, " option value"))
          .Position(o.position)
          .ToStatus();
    }
    return absl::OkStatus();
  };
  if (!o.value) return out;
  if (o.value->kind == sql::OptionValue::Kind::kList) {
    for (const sql::OptionValue& v : o.value->items) FRESHET_RETURN_IF_ERROR(one(v));
  } else {
    FRESHET_RETURN_IF_ERROR(one(*o.value));
  }
  return out;
}

absl::Status DetailsGiven(const std::string& statement) {
  return Error(sqlstate::kInvalidParameterValue, absl::StrCat(statement, " specifies DETAILS option"))
      .Hint("DETAILS is an internal option; do not paste the output of SHOW CREATE back as a statement")
      .ToStatus();
}

// The POSTGRES connection a source reads through, and its parameters.
struct Upstream {
  const Item* connection = nullptr;
  replication::PgConnectParams params;
};

absl::StatusOr<Upstream> ResolveUpstream(const catalog::CatalogState& state, const storage::Snapshot& secrets,
                                         const Item& item) {
  const auto* details = std::get_if<catalog::ConnectionDetails>(&item.details);
  const auto* pg = details ? std::get_if<catalog::PostgresConnection>(details) : nullptr;
  if (pg == nullptr) {
    return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                 absl::StrCat(state.QualifiedName(item), " is not a POSTGRES CONNECTION"))
        .ToStatus();
  }
  // Through an SSH TUNNEL the params name the bastion and its keys; every
  // connection made with them goes through it. PrivateLink is refused here
  // (PostgresConnectParams), before anything waits on the network.
  Upstream u;
  u.connection = &item;
  FRESHET_ASSIGN_OR_RETURN(u.params, PostgresConnectParams(state, secrets, *pg));
  return u;
}

std::string Qualified(const catalog::CatalogState& state, GlobalId schema, const std::string& name) {
  return QuotedName(state, schema, name);
}

std::string UpstreamName(const std::string& database, const IngestTable& t) {
  return absl::StrCat(sql::QuoteIdentifier(database), ".", sql::QuoteIdentifier(t.schema), ".",
                      sql::QuoteIdentifier(t.table));
}

// The catalog's description of an ingested table.
catalog::TableDetails TableFor(const IngestTable& t, uint64_t collection, GlobalId source) {
  catalog::TableDetails d;
  d.collection = collection;
  d.source = source;
  catalog::UpstreamTableRef up;
  up.oid = t.oid;
  up.schema = t.schema;
  up.table = t.table;
  up.columns = static_cast<uint32_t>(t.upstream_columns);
  for (const replication::IngestColumn& c : t.columns) {
    d.columns.push_back(catalog::Column{c.name, c.type, c.nullable, std::nullopt});
    up.refs.push_back(catalog::UpstreamColumnRef{static_cast<uint32_t>(c.upstream_index), c.upstream_type_oid,
                                                 c.upstream_typmod, c.as_text});
  }
  d.upstream = std::move(up);
  return d;
}

std::string TextColumnsSql(const IngestTable& t) {
  std::vector<std::string> text;
  for (const replication::IngestColumn& c : t.columns) {
    if (c.as_text) text.push_back(sql::QuoteIdentifier(c.name));
  }
  return text.empty() ? "" : absl::StrCat(", TEXT COLUMNS = (", absl::StrJoin(text, ", "), ")");
}

// mz_source_references: every table of the publication.
std::vector<catalog::SourceReference> ReferencesOf(const replication::PublicationInfo& info) {
  std::vector<catalog::SourceReference> refs;
  for (const replication::UpstreamTable& t : info.tables) {
    catalog::SourceReference r{t.schema, t.name, {}};
    for (const replication::UpstreamColumn& c : t.columns) r.columns.push_back(c.name);
    refs.push_back(std::move(r));
  }
  return refs;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Creates the subsource items of a legacy source for `tables`.
absl::Status CreateSubsources(Transaction& txn, const Item& source, const catalog::SourceDetails& src,
                              GlobalId schema, const std::vector<IngestTable>& tables) {
  std::string source_name = Qualified(txn.state(), source.schema_id, source.name);
  for (const IngestTable& t : tables) {
    if (txn.state().FindItem(schema, t.name) != nullptr) return AlreadyExists(t.name);
    Item item = txn.NewItem(schema, t.name, ItemType::kSubsource);
    catalog::TableDetails details = TableFor(t, txn.AllocateCollectionId(), source.id);
    item.create_sql = absl::StrCat("CREATE SUBSOURCE ", Qualified(txn.state(), schema, t.name), " ",
                                   ColumnDefsSql(details.columns), " OF SOURCE ", source_name,
                                   " WITH (EXTERNAL REFERENCE = ", UpstreamName(src.upstream_database, t),
                                   TextColumnsSql(t), ")");
    item.uses = {source.id};
    item.details = std::move(details);
    FRESHET_RETURN_IF_ERROR(txn.CreateItem(std::move(item)));
  }
  return absl::OkStatus();
}

struct ColumnOptions {
  std::vector<replication::NameParts> text;
  std::vector<replication::NameParts> exclude;
};

// TEXT COLUMNS / EXCLUDE COLUMNS / DETAILS among `options`; others are the
// caller's business (returned).
absl::StatusOr<std::vector<const sql::Option*>> TakeColumnOptions(const std::vector<sql::Option>& options,
                                                                  const std::string& statement, ColumnOptions* out) {
  std::vector<const sql::Option*> rest;
  for (const sql::Option& o : options) {
    if (o.name == "TEXT COLUMNS") {
      FRESHET_ASSIGN_OR_RETURN(out->text, ColumnList(o));
    } else if (o.name == "EXCLUDE COLUMNS") {
      FRESHET_ASSIGN_OR_RETURN(out->exclude, ColumnList(o));
    } else if (o.name == "DETAILS") {
      return DetailsGiven(statement);
    } else {
      rest.push_back(&o);
    }
  }
  return rest;
}

// An existing source's publication, read again from upstream.
absl::StatusOr<replication::PublicationInfo> DescribeSourcePublication(const catalog::CatalogState& state,
                                                                       catalog::Catalog& catalog,
                                                                       const catalog::SourceDetails& src) {
  const Item* conn_item = state.GetItem(src.connection);
  if (conn_item == nullptr) return absl::FailedPreconditionError("the source's connection is gone");
  FRESHET_ASSIGN_OR_RETURN(Upstream upstream, ResolveUpstream(state, *catalog.storage()->GetSnapshot(), *conn_item));
  return replication::DescribePublication(upstream.params, src.publication);
}

// Whether `name` is taken in `schema`: with IF NOT EXISTS, a notice and
// true (nothing to do); else the 42710 error.
absl::StatusOr<bool> NameTaken(const catalog::CatalogState& state, GlobalId schema, const std::string& name,
                               bool if_not_exists, std::vector<ErrorInfo>* notices) {
  if (state.FindItem(schema, name) == nullptr) return false;
  if (!if_not_exists) return AlreadyExists(name);
  notices->push_back(
      Notice(sqlstate::kDuplicateObject, absl::StrCat("catalog item '", name, "' already exists, skipping")));
  return true;
}

// FOR TABLES (db.schema.t AS name) / ADD SUBSOURCE as a selection entry.
TableSelection::Reference ReferenceOf(const sql::ExternalReference& r) {
  TableSelection::Reference ref;
  if (r.reference.database) ref.upstream.push_back(*r.reference.database);
  if (r.reference.schema) ref.upstream.push_back(*r.reference.schema);
  ref.upstream.push_back(r.reference.name);
  if (r.alias) ref.alias = r.alias->name;
  return ref;
}

}  // namespace

absl::Status CreateSource(const sql::CreateSourceStmt& s, catalog::Catalog& catalog, const std::string& cluster_name,
                          std::vector<ErrorInfo>* notices) {
  std::shared_ptr<const catalog::CatalogState> state = catalog.state();
  FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema,
                           catalog::ResolveUserSchema(*state, s.name.database, s.name.schema));
  FRESHET_ASSIGN_OR_RETURN(bool taken, NameTaken(*state, schema->id, s.name.name, s.if_not_exists, notices));
  if (taken) return absl::OkStatus();
  ColumnOptions columns;
  FRESHET_ASSIGN_OR_RETURN(auto rest, TakeColumnOptions(s.connection_options, "CREATE SOURCE", &columns));
  std::optional<std::string> publication;
  for (const sql::Option* o : rest) {
    if (o->name == "PUBLICATION" && o->value && o->value->kind == sql::OptionValue::Kind::kString) {
      publication = o->value->text;
    } else if (o->name == "PUBLICATION") {
      return Error(sqlstate::kInvalidParameterValue, "PUBLICATION must be a string").Position(o->position).ToStatus();
    } else {
      return Error(sqlstate::kFeatureNotSupported, absl::StrCat("CREATE SOURCE option ", o->name, " is not supported"))
          .Position(o->position)
          .ToStatus();
    }
  }
  if (!publication) {
    return Error(sqlstate::kInvalidParameterValue, "CONNECTION must specify PUBLICATION").ToStatus();
  }
  for (const sql::Option& o : s.with_options) {
    // Freshet commits as transactions arrive instead of once per interval:
    // TIMESTAMP INTERVAL is accepted and has nothing to tune.
    if (o.name == "TIMESTAMP INTERVAL") continue;
    return Error(sqlstate::kFeatureNotSupported, absl::StrCat("CREATE SOURCE option ", o.name, " is not supported"))
        .Position(o.position)
        .ToStatus();
  }
  bool legacy = s.tables != sql::CreateSourceStmt::Tables::kNone;
  if (!legacy) {
    if (!columns.text.empty()) {
      return Error(sqlstate::kInvalidParameterValue, "TEXT COLUMNS option is unnecessary when no tables are added")
          .ToStatus();
    }
    if (!columns.exclude.empty()) {
      return Error(sqlstate::kInvalidParameterValue, "EXCLUDE COLUMNS option is unnecessary when no tables are added")
          .ToStatus();
    }
    if (s.progress_name) {
      return Error(sqlstate::kInvalidParameterValue, "EXPOSE PROGRESS AS requires a FOR ... clause").ToStatus();
    }
  }
  FRESHET_ASSIGN_OR_RETURN(const Item* conn_item,
                           state->ResolveItem(s.connection.database, s.connection.schema, s.connection.name));
  const std::string& wanted_cluster = s.in_cluster ? *s.in_cluster : cluster_name;
  const catalog::Cluster* cluster = state->FindCluster(wanted_cluster);
  if (cluster == nullptr) {
    return Error(sqlstate::kUndefinedObject, absl::StrCat("unknown cluster '", wanted_cluster, "'")).ToStatus();
  }
  FRESHET_ASSIGN_OR_RETURN(Upstream upstream, ResolveUpstream(*state, *catalog.storage()->GetSnapshot(), *conn_item));

  // Purification: everything from upstream happens before the transaction.
  FRESHET_ASSIGN_OR_RETURN(replication::PublicationInfo info,
                           replication::DescribePublication(upstream.params, *publication));
  std::vector<IngestTable> tables;
  if (legacy) {
    TableSelection selection;
    switch (s.tables) {
      case sql::CreateSourceStmt::Tables::kAll: selection.kind = TableSelection::Kind::kAll; break;
      case sql::CreateSourceStmt::Tables::kSchemas:
        selection.kind = TableSelection::Kind::kSchemas;
        selection.schemas = s.schemas;
        break;
      default: selection.kind = TableSelection::Kind::kTables;
    }
    for (const sql::ExternalReference& r : s.references) {
      selection.tables.push_back(ReferenceOf(r));
    }
    selection.text_columns = columns.text;
    selection.exclude_columns = columns.exclude;
    FRESHET_ASSIGN_OR_RETURN(tables, replication::Purify(info, *publication, selection));
  }
  FRESHET_ASSIGN_OR_RETURN(std::string slot, NewSlotName());

  GlobalId schema_id = schema->id, cluster_id = cluster->id, conn_id = conn_item->id;
  return catalog.Transact([&](Transaction& txn) -> absl::Status {
    if (txn.state().GetItem(conn_id) == nullptr || txn.state().GetCluster(cluster_id) == nullptr) {
      return absl::AbortedError("the connection or cluster was dropped concurrently");
    }
    if (txn.state().FindItem(schema_id, s.name.name) != nullptr) return AlreadyExists(s.name.name);
    Item source = txn.NewItem(schema_id, s.name.name, ItemType::kSource);
    catalog::SourceDetails src;
    src.connection = conn_id;
    src.cluster = cluster_id;
    src.publication = *publication;
    src.slot = slot;
    src.timeline_id = info.timeline_id;
    src.upstream_database = info.database;
    src.progress_collection = txn.AllocateCollectionId();
    src.references = ReferencesOf(info);
    src.references_updated_ms = NowMs();
    txn.CreateCollection(src.progress_collection);
    source.uses = {conn_id};
    std::string source_name = Qualified(txn.state(), schema_id, source.name);
    std::string create = absl::StrCat("CREATE SOURCE ", source_name, " IN CLUSTER ",
                                      sql::QuoteIdentifier(txn.state().GetCluster(cluster_id)->name),
                                      " FROM POSTGRES CONNECTION ", Qualified(txn.state(), conn_item->schema_id,
                                                                              conn_item->name),
                                      " (PUBLICATION = '", absl::StrReplaceAll(*publication, {{"'", "''"}}), "')");
    if (legacy) {
      // The progress subsource: <source>_progress unless named.
      GlobalId progress_schema = schema_id;
      std::string progress_name = absl::StrCat(s.name.name, "_progress");
      if (s.progress_name) {
        FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* ps,
                                 catalog::ResolveUserSchema(txn.state(), s.progress_name->database,
                                                            s.progress_name->schema));
        progress_schema = ps->id;
        progress_name = s.progress_name->name;
      } else {
        for (int n = 1; txn.state().FindItem(progress_schema, progress_name) != nullptr; ++n) {
          progress_name = absl::StrCat(s.name.name, "_progress", n);
        }
      }
      if (txn.state().FindItem(progress_schema, progress_name) != nullptr) return AlreadyExists(progress_name);
      Item progress = txn.NewItem(progress_schema, progress_name, ItemType::kSubsource);
      catalog::TableDetails pd;
      pd.collection = src.progress_collection;
      pd.columns = {catalog::Column{"lsn", types::Type{types::TypeId::kInt8}, true, std::nullopt}};
      pd.source = source.id;
      std::string progress_qualified = Qualified(txn.state(), progress_schema, progress_name);
      progress.create_sql =
          absl::StrCat("CREATE SUBSOURCE ", progress_qualified, " (lsn uint8) OF SOURCE ", source_name,
                       " WITH (PROGRESS = true)");
      progress.details = std::move(pd);
      src.progress_subsource = progress.id;
      source.uses.push_back(progress.id);
      FRESHET_RETURN_IF_ERROR(txn.CreateItem(std::move(progress)));
      std::vector<std::string> refs;
      for (const IngestTable& t : tables) {
        refs.push_back(absl::StrCat(UpstreamName(info.database, t), " AS ",
                                    Qualified(txn.state(), schema_id, t.name)));
      }
      absl::StrAppend(&create, " FOR TABLES (", absl::StrJoin(refs, ", "), ") EXPOSE PROGRESS AS ",
                      progress_qualified);
    }
    source.create_sql = create;
    source.details = src;
    Item created = source;
    FRESHET_RETURN_IF_ERROR(txn.CreateItem(std::move(source)));
    return CreateSubsources(txn, created, src, schema_id, tables);
  });
}

absl::Status CreateTableFromSource(const sql::CreateTableFromSourceStmt& s, catalog::Catalog& catalog,
                                   std::vector<ErrorInfo>* notices) {
  std::shared_ptr<const catalog::CatalogState> state = catalog.state();
  FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema,
                           catalog::ResolveUserSchema(*state, s.name.database, s.name.schema));
  FRESHET_ASSIGN_OR_RETURN(bool taken, NameTaken(*state, schema->id, s.name.name, s.if_not_exists, notices));
  if (taken) return absl::OkStatus();
  if (!s.columns.empty() || !s.constraints.empty()) {
    return NotSupported("CREATE TABLE ... FROM SOURCE with a column list");
  }
  ColumnOptions columns;
  FRESHET_ASSIGN_OR_RETURN(auto rest, TakeColumnOptions(s.with_options, "CREATE TABLE ... FROM SOURCE", &columns));
  for (const sql::Option* o : rest) {
    return Error(sqlstate::kFeatureNotSupported,
                 absl::StrCat("CREATE TABLE ... FROM SOURCE option ", o->name, " is not supported"))
        .Position(o->position)
        .ToStatus();
  }
  FRESHET_ASSIGN_OR_RETURN(const Item* source_item,
                           state->ResolveItem(s.source.database, s.source.schema, s.source.name));
  const auto* src = std::get_if<catalog::SourceDetails>(&source_item->details);
  if (src == nullptr) {
    return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                 absl::StrCat("\"", state->QualifiedName(*source_item), "\" is not a source"))
        .ToStatus();
  }
  if (!s.reference) {
    return Error(sqlstate::kInvalidParameterValue, "CREATE TABLE ... FROM SOURCE requires a REFERENCE").ToStatus();
  }
  FRESHET_ASSIGN_OR_RETURN(replication::PublicationInfo info, DescribeSourcePublication(*state, catalog, *src));
  TableSelection selection;
  selection.kind = TableSelection::Kind::kTables;
  selection.tables.push_back(ReferenceOf(sql::ExternalReference{*s.reference, sql::QualifiedName{{}, {}, s.name.name}}));
  // The new syntax names plain columns of the one referenced table.
  auto qualify = [&](std::vector<replication::NameParts> names) {
    for (auto& n : names) n.insert(n.begin(), s.reference->name);
    return names;
  };
  selection.text_columns = qualify(columns.text);
  selection.exclude_columns = qualify(columns.exclude);
  FRESHET_ASSIGN_OR_RETURN(std::vector<IngestTable> tables,
                           replication::Purify(info, src->publication, selection));
  GlobalId schema_id = schema->id, source_id = source_item->id;
  return catalog.Transact([&](Transaction& txn) -> absl::Status {
    const Item* source = txn.state().GetItem(source_id);
    if (source == nullptr) return absl::AbortedError("the source was dropped concurrently");
    if (txn.state().FindItem(schema_id, s.name.name) != nullptr) return AlreadyExists(s.name.name);
    const IngestTable& t = tables.at(0);
    Item item = txn.NewItem(schema_id, s.name.name, ItemType::kTable);
    catalog::TableDetails details = TableFor(t, txn.AllocateCollectionId(), source_id);
    item.create_sql = absl::StrCat("CREATE TABLE ", Qualified(txn.state(), schema_id, item.name), " ",
                                   ColumnDefsSql(details.columns), " FROM SOURCE ",
                                   Qualified(txn.state(), source->schema_id, source->name),
                                   " (REFERENCE = ", UpstreamName(info.database, t), ")");
    std::string text = TextColumnsSql(t);
    if (!text.empty()) absl::StrAppend(&item.create_sql, " WITH (", text.substr(2), ")");
    item.uses = {source_id};
    item.details = std::move(details);
    return txn.CreateItem(std::move(item));
  });
}

absl::Status AlterSource(const sql::AlterSourceStmt& s, catalog::Catalog& catalog, std::vector<ErrorInfo>* notices) {
  std::shared_ptr<const catalog::CatalogState> state = catalog.state();
  auto found = state->ResolveItem(s.name.database, s.name.schema, s.name.name);
  if (!found.ok() && s.if_exists && SqlStateOf(found.status()) == sqlstate::kUndefinedTable) {
    notices->push_back(Notice(sqlstate::kUndefinedObject,
                              absl::StrCat("source \"", s.name.ToString(), "\" does not exist, skipping")));
    return absl::OkStatus();
  }
  FRESHET_RETURN_IF_ERROR(found.status());
  const Item* source_item = *found;
  const auto* src = std::get_if<catalog::SourceDetails>(&source_item->details);
  if (src == nullptr) {
    return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                 absl::StrCat("\"", state->QualifiedName(*source_item), "\" is not a source"))
        .ToStatus();
  }
  switch (s.action) {
    case sql::AlterSourceStmt::Action::kAddSubsources: break;
    case sql::AlterSourceStmt::Action::kDropSubsources: {
      std::vector<GlobalId> ids;
      for (const sql::QualifiedName& n : s.drop) {
        auto item = state->ResolveItem(n.database, n.schema, n.name);
        if (!item.ok() && s.drop_if_exists) continue;
        FRESHET_RETURN_IF_ERROR(item.status());
        const auto* table = std::get_if<catalog::TableDetails>(&(*item)->details);
        if (table == nullptr || table->source != source_item->id || !table->upstream) {
          return Error(sqlstate::kInvalidParameterValue,
                       absl::StrCat("\"", state->QualifiedName(**item), "\" is not a subsource of \"",
                                    state->QualifiedName(*source_item), "\""))
              .ToStatus();
        }
        ids.push_back((*item)->id);
      }
      if (ids.empty()) return absl::OkStatus();
      return catalog.Transact([&](Transaction& txn) { return catalog::DropItems(txn, ids, s.cascade).status(); });
    }
    case sql::AlterSourceStmt::Action::kRefreshReferences: {
      FRESHET_ASSIGN_OR_RETURN(replication::PublicationInfo info, DescribeSourcePublication(*state, catalog, *src));
      GlobalId id = source_item->id;
      return catalog.Transact([&](Transaction& txn) -> absl::Status {
        const Item* current = txn.state().GetItem(id);
        if (current == nullptr) return absl::AbortedError("the source was dropped concurrently");
        Item updated = *current;
        auto& details = std::get<catalog::SourceDetails>(updated.details);
        details.references = ReferencesOf(info);
        details.references_updated_ms = NowMs();
        return txn.UpdateItem(std::move(updated));
      });
    }
    case sql::AlterSourceStmt::Action::kSetOptions:
    case sql::AlterSourceStmt::Action::kResetOptions: return NotSupported("ALTER SOURCE ... SET/RESET");
  }
  if (!src->progress_subsource) {
    return Error(sqlstate::kFeatureNotSupported, "ALTER SOURCE ... ADD SUBSOURCE needs a source created with FOR ...")
        .Hint("Use CREATE TABLE ... FROM SOURCE to add tables to this source.")
        .ToStatus();
  }
  ColumnOptions columns;
  FRESHET_ASSIGN_OR_RETURN(auto rest, TakeColumnOptions(s.options, "ALTER SOURCE", &columns));
  for (const sql::Option* o : rest) {
    return Error(sqlstate::kFeatureNotSupported, absl::StrCat("ALTER SOURCE option ", o->name, " is not supported"))
        .Position(o->position)
        .ToStatus();
  }
  FRESHET_ASSIGN_OR_RETURN(replication::PublicationInfo info, DescribeSourcePublication(*state, catalog, *src));
  TableSelection selection;
  selection.kind = TableSelection::Kind::kTables;
  for (const sql::ExternalReference& r : s.add) {
    selection.tables.push_back(ReferenceOf(r));
  }
  selection.text_columns = columns.text;
  selection.exclude_columns = columns.exclude;
  FRESHET_ASSIGN_OR_RETURN(std::vector<IngestTable> tables, replication::Purify(info, src->publication, selection));
  // An upstream table is ingested once per source.
  for (const catalog::Item* dep : state->Dependents(source_item->id)) {
    const auto* table = std::get_if<catalog::TableDetails>(&dep->details);
    if (table == nullptr || !table->upstream) continue;
    for (const IngestTable& t : tables) {
      if (t.oid == table->upstream->oid) {
        return Error(sqlstate::kDuplicateObject,
                     absl::StrCat("another subsource already ingests ", UpstreamName(info.database, t)))
            .Detail(absl::StrCat("subsource: ", state->QualifiedName(*dep)))
            .ToStatus();
      }
    }
  }
  GlobalId source_id = source_item->id, schema_id = source_item->schema_id;
  return catalog.Transact([&](Transaction& txn) -> absl::Status {
    const Item* source = txn.state().GetItem(source_id);
    if (source == nullptr) return absl::AbortedError("the source was dropped concurrently");
    return CreateSubsources(txn, *source, std::get<catalog::SourceDetails>(source->details), schema_id, tables);
  });
}

}  // namespace freshet::coord
