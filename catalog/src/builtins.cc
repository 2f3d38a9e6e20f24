#include "catalog/builtins.h"

#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "types/format.h"
#include "catalog/cluster_sizes.h"

namespace freshet::catalog {
namespace {

using types::Datum;
using types::Row;
using types::Type;
using types::TypeId;

constexpr uint64_t kFirstBuiltinId = 1000;
constexpr uint32_t kFirstBuiltinOid = 17000;

BuiltinColumn Text(const char* name) { return {name, Type{TypeId::kText}}; }
BuiltinColumn Oid(const char* name) { return {name, Type{TypeId::kOid}}; }
BuiltinColumn Bool(const char* name) { return {name, Type{TypeId::kBool}}; }
BuiltinColumn Int8(const char* name) { return {name, Type{TypeId::kInt8}}; }
BuiltinColumn Int4(const char* name) { return {name, Type{TypeId::kInt4}}; }
BuiltinColumn Numeric(const char* name) { return {name, Type{TypeId::kNumeric}}; }

Datum T(std::string s) { return Datum::FromString(std::move(s)); }
Datum Id(const GlobalId& id) { return T(id.ToString()); }
Datum I(int64_t v) { return Datum::FromInt(v); }
Datum B(bool b) { return Datum::FromBool(b); }

std::vector<BuiltinRelation> Define() {
  std::vector<BuiltinRelation> r = {
      {{}, 0, "mz_catalog", "mz_databases", {Text("id"), Oid("oid"), Text("name"), Text("owner_id")}},
      {{}, 0, "mz_catalog", "mz_schemas", {Text("id"), Oid("oid"), Text("database_id"), Text("name"), Text("owner_id")}},
      {{},
       0,
       "mz_catalog",
       "mz_clusters",
       {Text("id"), Text("name"), Text("owner_id"), Bool("managed"), Text("size"), Int8("replication_factor"),
        Bool("disk"), Bool("introspection_debugging")}},
      {{},
       0,
       "mz_catalog",
       "mz_cluster_replicas",
       {Text("id"), Text("name"), Text("cluster_id"), Text("size"), Text("availability_zone"), Text("owner_id"),
        Bool("disk")}},
      {{},
       0,
       "mz_catalog",
       "mz_cluster_replica_sizes",
       {Text("size"), Int8("processes"), Int8("workers"), Int8("cpu_nano_cores"), Int8("memory_bytes"),
        Int8("disk_bytes"), Numeric("credits_per_hour")}},
      {{},
       0,
       "mz_internal",
       "mz_cluster_replica_statuses",
       {Text("replica_id"), Int8("process_id"), Text("status"), Text("reason")}},
      {{}, 0, "mz_catalog", "mz_secrets", {Text("id"), Oid("oid"), Text("schema_id"), Text("name"), Text("owner_id")}},
      {{},
       0,
       "mz_catalog",
       "mz_connections",
       {Text("id"), Oid("oid"), Text("schema_id"), Text("name"), Text("type"), Text("owner_id"), Text("create_sql"),
        Text("redacted_create_sql")}},
      {{}, 0, "mz_catalog", "mz_ssh_tunnel_connections", {Text("id"), Text("public_key_1"), Text("public_key_2")}},
      {{}, 0, "mz_catalog", "mz_aws_privatelink_connections", {Text("id"), Text("principal")}},
      {{}, 0, "mz_catalog", "mz_egress_ips", {Text("egress_ip"), Int4("prefix_length"), Text("cidr")}},
      {{},
       0,
       "mz_catalog",
       "mz_objects",
       {Text("id"), Oid("oid"), Text("schema_id"), Text("name"), Text("type"), Text("owner_id"), Text("cluster_id")}},
      {{}, 0, "mz_internal", "mz_object_dependencies", {Text("object_id"), Text("referenced_object_id")}},
      {{},
       0,
       "mz_catalog",
       "mz_columns",
       {Text("id"), Text("name"), Int8("position"), Bool("nullable"), Text("type"), Text("default"), Oid("type_oid"),
        Int4("type_mod")}},
      {{},
       0,
       "mz_catalog",
       "mz_sources",
       {Text("id"), Oid("oid"), Text("schema_id"), Text("name"), Text("type"), Text("connection_id"), Text("size"),
        Text("envelope_type"), Text("key_format"), Text("value_format"), Text("cluster_id"), Text("owner_id"),
        Text("create_sql"), Text("redacted_create_sql")}},
      // Appended last: builtin ids follow this order and must stay stable.
      {{},
       0,
       "mz_catalog",
       "mz_tables",
       {Text("id"), Oid("oid"), Text("schema_id"), Text("name"), Text("owner_id"), Text("create_sql"),
        Text("redacted_create_sql"), Text("source_id")}},
      {{},
       0,
       "mz_catalog",
       "mz_views",
       {Text("id"), Oid("oid"), Text("schema_id"), Text("name"), Text("definition"), Text("owner_id"),
        Text("create_sql"), Text("redacted_create_sql")}},
      {{},
       0,
       "mz_internal",
       "mz_source_statuses",
       {Text("id"), Text("name"), Text("type"), {"last_status_change_at", Type{TypeId::kTimestamptz}},
        Text("status"), Text("error"), {"details", Type{TypeId::kJsonb}}}},
      {{},
       0,
       "mz_internal",
       "mz_source_statistics",
       {Text("id"), Text("replica_id"), Int8("messages_received"), Int8("bytes_received"), Int8("updates_staged"),
        Int8("updates_committed"), Int8("records_indexed"), Int8("bytes_indexed"),
        {"rehydration_latency", Type{TypeId::kInterval}}, Int8("snapshot_records_known"),
        Int8("snapshot_records_staged"), Bool("snapshot_committed"), Int8("offset_known"),
        Int8("offset_committed")}},
      {{}, 0, "mz_internal", "mz_postgres_sources", {Text("id"), Text("replication_slot"), Int8("timeline_id")}},
      {{}, 0, "mz_internal", "mz_postgres_source_tables", {Text("id"), Text("schema_name"), Text("table_name")}},
      {{},
       0,
       "mz_internal",
       "mz_source_references",
       {Text("source_id"), Text("namespace"), Text("name"), {"updated_at", Type{TypeId::kTimestamptz}},
        {"columns", types::ArrayOf(Type{TypeId::kText})}}},
  };
  for (size_t i = 0; i < r.size(); ++i) {
    r[i].id = GlobalId::System(kFirstBuiltinId + i);
    r[i].oid = kFirstBuiltinOid + static_cast<uint32_t>(i);
  }
  return r;
}

// The principal PrivateLink users allow-list, shaped as Materialize's.
std::string Principal(const GlobalId& id) {
  return absl::StrCat("arn:aws:iam::000000000000:role/mz_freshet_", id.ToString());
}

// Secret values replaced by '<REDACTED>' in string literals of create_sql:
// connections hold no values, so redaction only hides literals (hosts, users).
std::string Redact(const std::string& sql) {
  std::string out;
  bool in_literal = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (!in_literal) {
      if (c == '\'') {
        in_literal = true;
        out += "'<REDACTED>'";
      } else {
        out += c;
      }
    } else if (c == '\'') {
      if (i + 1 < sql.size() && sql[i + 1] == '\'') {
        ++i;
      } else {
        in_literal = false;
      }
    }
  }
  return out;
}

// mz_columns.type: the type's name without its modifier ("character
// varying", "integer[]").
std::string TypeName(const Type& t) {
  if (t.id == TypeId::kArray) return types::SqlName(Type{t.id, -1, t.elem});
  return types::Info(t.id).sql_name;
}

// mz_sources.type: postgres, subsource, progress; empty for other items
// (source-fed tables of the new syntax are tables, not sources).
std::string SourceType(const Item& item) {
  if (item.type == ItemType::kSource) return "postgres";
  if (item.type != ItemType::kSubsource) return "";
  const auto* table = std::get_if<TableDetails>(&item.details);
  return table != nullptr && table->upstream ? "subsource" : "progress";
}

// The source an item belongs to (itself for a source), or null.
const SourceDetails* ParentSource(const CatalogState& state, const Item& item) {
  if (const auto* src = std::get_if<SourceDetails>(&item.details)) return src;
  const auto* table = std::get_if<TableDetails>(&item.details);
  if (table == nullptr || !table->source) return nullptr;
  const Item* parent = state.GetItem(*table->source);
  return parent != nullptr ? std::get_if<SourceDetails>(&parent->details) : nullptr;
}

// A timestamptz value: microseconds since 2000-01-01 UTC.
Datum TimestampFromMs(int64_t ms) { return I(ms * 1000 - 946'684'800'000'000); }

}  // namespace

const std::vector<BuiltinRelation>& BuiltinRelations() {
  static const std::vector<BuiltinRelation> relations = Define();
  return relations;
}

const BuiltinRelation* FindBuiltin(std::string_view schema, std::string_view name) {
  for (const char* s : {"mz_catalog", "mz_internal"}) {
    if (!schema.empty() && schema != s) continue;
    for (const BuiltinRelation& r : BuiltinRelations()) {
      if (r.schema == s && r.name == name) return &r;
    }
  }
  return nullptr;
}

const BuiltinRelation* GetBuiltin(GlobalId id) {
  for (const BuiltinRelation& r : BuiltinRelations()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

absl::StatusOr<std::vector<Row>> BuiltinRows(const BuiltinRelation& relation, const CatalogState& state,
                                             const RuntimeFacts& facts) {
  std::vector<Row> rows;
  const std::string& n = relation.name;
  auto connection_of = [](const Item& item) -> const ConnectionDetails* {
    return std::get_if<ConnectionDetails>(&item.details);
  };
  if (n == "mz_databases") {
    for (const auto& [id, d] : state.databases()) rows.push_back({Id(id), I(d.oid), T(d.name), T("s1")});
  } else if (n == "mz_schemas") {
    for (const auto& [id, s] : state.schemas()) {
      rows.push_back({Id(id), I(s.oid), s.database_id ? Id(*s.database_id) : Datum(), T(s.name),
                      T(id.is_system() ? "s1" : "u1")});
    }
  } else if (n == "mz_clusters") {
    for (const auto& [id, c] : state.clusters()) {
      rows.push_back({Id(id), T(c.name), T(c.owner_id), B(c.managed), c.managed ? T(c.size) : Datum(),
                      I(c.replication_factor), B(false), B(false)});
    }
  } else if (n == "mz_cluster_replicas") {
    for (const auto& [id, r] : state.replicas()) {
      const Cluster* c = state.GetCluster(r.cluster_id);
      rows.push_back({Id(id), T(r.name), Id(r.cluster_id), T(r.size), Datum(), T(c ? c->owner_id : "u1"), B(false)});
    }
  } else if (n == "mz_cluster_replica_sizes") {
    for (const ClusterSize& s : ClusterSizes()) {
      rows.push_back({T(s.name), I(static_cast<int64_t>(s.processes)), I(static_cast<int64_t>(s.workers)),
                      I(static_cast<int64_t>(s.cpu_nano_cores)), I(static_cast<int64_t>(s.memory_bytes)),
                      I(static_cast<int64_t>(s.disk_bytes)), T(s.credits_per_hour)});
    }
  } else if (n == "mz_cluster_replica_statuses") {
    // Every replica is a pool of threads inside this process: online while
    // the process runs.
    for (const auto& [id, r] : state.replicas()) {
      bool online = !facts.replica_workers || facts.replica_workers(id) > 0;
      rows.push_back({Id(id), I(0), T(online ? "online" : "offline"), online ? Datum() : T("not-running")});
    }
  } else if (n == "mz_secrets") {
    for (const auto& [id, item] : state.items()) {
      if (item.type == ItemType::kSecret) {
        rows.push_back({Id(id), I(item.oid), Id(item.schema_id), T(item.name), T(item.owner_id)});
      }
    }
  } else if (n == "mz_connections") {
    for (const auto& [id, item] : state.items()) {
      if (const ConnectionDetails* c = connection_of(item)) {
        rows.push_back({Id(id), I(item.oid), Id(item.schema_id), T(item.name), T(std::string(ConnectionTypeName(*c))),
                        T(item.owner_id), T(item.create_sql), T(Redact(item.create_sql))});
      }
    }
  } else if (n == "mz_ssh_tunnel_connections") {
    for (const auto& [id, item] : state.items()) {
      const ConnectionDetails* c = connection_of(item);
      if (const auto* ssh = c ? std::get_if<SshTunnelConnection>(c) : nullptr) {
        rows.push_back({Id(id), T(ssh->public_key_1), T(ssh->public_key_2)});
      }
    }
  } else if (n == "mz_aws_privatelink_connections") {
    for (const auto& [id, item] : state.items()) {
      const ConnectionDetails* c = connection_of(item);
      if (c != nullptr && std::holds_alternative<AwsPrivatelinkConnection>(*c)) rows.push_back({Id(id), T(Principal(id))});
    }
  } else if (n == "mz_egress_ips") {
    for (const std::string& ip : facts.egress_ips) {
      int prefix = ip.find(':') == std::string::npos ? 32 : 128;
      rows.push_back({T(ip), I(prefix), T(absl::StrCat(ip, "/", prefix))});
    }
  } else if (n == "mz_objects") {
    for (const auto& [id, item] : state.items()) {
      rows.push_back({Id(id), I(item.oid), Id(item.schema_id), T(item.name), T(std::string(ItemTypeName(item.type))),
                      T(item.owner_id), Datum()});
    }
  } else if (n == "mz_object_dependencies") {
    for (const auto& [id, item] : state.items()) {
      for (const GlobalId& used : item.uses) rows.push_back({Id(id), Id(used)});
    }
  } else if (n == "mz_columns") {
    for (const BuiltinRelation& r : BuiltinRelations()) {
      int64_t position = 1;
      for (const BuiltinColumn& c : r.columns) {
        rows.push_back({Id(r.id), T(c.name), I(position++), B(true), T(TypeName(c.type)), Datum(),
                        I(c.type.oid()), I(c.type.typmod)});
      }
    }
    for (const auto& [id, item] : state.items()) {
      const auto* table = std::get_if<TableDetails>(&item.details);
      const auto* view = std::get_if<ViewDetails>(&item.details);
      if (table == nullptr && view == nullptr) continue;
      int64_t position = 1;
      for (const Column& c : table != nullptr ? table->columns : view->columns) {
        rows.push_back({Id(id), T(c.name), I(position++), B(c.nullable), T(TypeName(c.type)),
                        c.default_sql ? T(*c.default_sql) : Datum(), I(c.type.oid()), I(c.type.typmod)});
      }
    }
  } else if (n == "mz_tables") {
    for (const auto& [id, item] : state.items()) {
      const auto* table = std::get_if<TableDetails>(&item.details);
      if (table == nullptr) continue;
      // A table's create_sql holds no secrets, but defaults may hold
      // literals: redact them as Materialize does.
      rows.push_back({Id(id), I(item.oid), Id(item.schema_id), T(item.name), T(item.owner_id), T(item.create_sql),
                      T(Redact(item.create_sql)), table->source ? Id(*table->source) : Datum()});
    }
  } else if (n == "mz_views") {
    for (const auto& [id, item] : state.items()) {
      const auto* view = std::get_if<ViewDetails>(&item.details);
      if (view == nullptr) continue;
      rows.push_back({Id(id), I(item.oid), Id(item.schema_id), T(item.name), T(view->query_sql + ";"),
                      T(item.owner_id), T(item.create_sql), T(Redact(item.create_sql))});
    }
  } else if (n == "mz_sources") {
    for (const auto& [id, item] : state.items()) {
      std::string type = SourceType(item);
      if (type.empty()) continue;
      const auto* src = std::get_if<SourceDetails>(&item.details);
      const SourceDetails* parent = ParentSource(state, item);
      rows.push_back({Id(id), I(item.oid), Id(item.schema_id), T(item.name), T(type),
                      src ? Id(src->connection) : Datum(), Datum(), src ? T("none") : Datum(), Datum(), Datum(),
                      parent ? Id(parent->cluster) : Datum(), T(item.owner_id), T(item.create_sql),
                      T(Redact(item.create_sql))});
    }
  } else if (n == "mz_source_statuses") {
    absl::flat_hash_map<std::string, SourceReport> reports;
    if (facts.source_reports) {
      for (SourceReport& r : facts.source_reports()) reports[r.id] = std::move(r);
    }
    for (const auto& [id, item] : state.items()) {
      std::string type = SourceType(item);
      const auto* table = std::get_if<TableDetails>(&item.details);
      if (type.empty() && item.type == ItemType::kTable && table != nullptr && table->source) type = "table";
      if (type.empty()) continue;
      auto it = reports.find(id.ToString());
      if (type == "progress" || it == reports.end()) {
        // Progress relations always run; anything else not scheduled yet
        // has only been created.
        rows.push_back({Id(id), T(item.name), T(type), Datum(), T(type == "progress" ? "running" : "created"),
                        Datum(), Datum()});
        continue;
      }
      const SourceReport& r = it->second;
      rows.push_back({Id(id), T(item.name), T(type), TimestampFromMs(r.status_changed_ms), T(r.status),
                      r.error ? T(*r.error) : Datum(), Datum()});
    }
  } else if (n == "mz_source_statistics") {
    if (facts.source_reports) {
      auto opt = [](const std::optional<uint64_t>& v) { return v ? I(static_cast<int64_t>(*v)) : Datum(); };
      for (const SourceReport& r : facts.source_reports()) {
        auto id = GlobalId::Parse(r.id);
        if (!id || state.GetItem(*id) == nullptr) continue;
        Datum latency;
        if (r.rehydration_latency_ms) {
          auto parsed = types::ParseText(Type{TypeId::kInterval}, absl::StrCat(*r.rehydration_latency_ms, " ms"));
          if (parsed.ok()) latency = *parsed;
        }
        rows.push_back({T(r.id), r.replica_id.empty() ? Datum() : T(r.replica_id),
                        I(static_cast<int64_t>(r.messages_received)), I(static_cast<int64_t>(r.bytes_received)),
                        I(static_cast<int64_t>(r.updates_staged)), I(static_cast<int64_t>(r.updates_committed)), I(0),
                        I(0), latency, opt(r.snapshot_records_known), opt(r.snapshot_records_staged),
                        B(r.snapshot_committed), opt(r.offset_known), opt(r.offset_committed)});
      }
    }
  } else if (n == "mz_postgres_sources") {
    for (const auto& [id, item] : state.items()) {
      if (const auto* src = std::get_if<SourceDetails>(&item.details)) {
        rows.push_back({Id(id), T(src->slot), I(static_cast<int64_t>(src->timeline_id))});
      }
    }
  } else if (n == "mz_source_references") {
    for (const auto& [id, item] : state.items()) {
      const auto* src = std::get_if<SourceDetails>(&item.details);
      if (src == nullptr) continue;
      for (const SourceReference& ref : src->references) {
        std::vector<std::string> quoted;
        for (const std::string& c : ref.columns) {
          quoted.push_back(absl::StrCat("\"", absl::StrReplaceAll(c, {{"\\", "\\\\"}, {"\"", "\\\""}}), "\""));
        }
        auto columns = types::ParseText(types::ArrayOf(Type{TypeId::kText}),
                                        absl::StrCat("{", absl::StrJoin(quoted, ","), "}"));
        rows.push_back({Id(id), T(ref.namespace_name), T(ref.name), TimestampFromMs(src->references_updated_ms),
                        columns.ok() ? *columns : Datum()});
      }
    }
  } else if (n == "mz_postgres_source_tables") {
    for (const auto& [id, item] : state.items()) {
      const auto* table = std::get_if<TableDetails>(&item.details);
      if (table != nullptr && table->upstream) {
        rows.push_back({Id(id), T(table->upstream->schema), T(table->upstream->table)});
      }
    }
  } else {
    return absl::InternalError(absl::StrCat("no rows for builtin relation ", n));
  }
  return rows;
}

}  // namespace freshet::catalog
