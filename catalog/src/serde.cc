#include "serde.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "types/row_codec.h"

namespace freshet::catalog::serde {
namespace {

using ItemDetails = decltype(Item::details);

using types::Datum;
using types::Row;

Datum Text(std::string s) { return Datum::FromString(std::move(s)); }
Datum Int(int64_t i) { return Datum::FromInt(i); }
Datum Id(const GlobalId& id) { return Text(id.ToString()); }
Datum OptId(const std::optional<GlobalId>& id) { return id ? Id(*id) : Datum(); }
Datum Nested(const Row& row) { return Text(types::EncodeRow(row)); }

Row TextList(const std::vector<std::string>& items) {
  Row r;
  for (const auto& s : items) r.push_back(Text(s));
  return r;
}

Row IdList(const std::vector<GlobalId>& ids) {
  Row r;
  for (const auto& id : ids) r.push_back(Id(id));
  return r;
}

void PutTextOrSecret(const std::optional<TextOrSecret>& v, Row* r) {
  r->push_back(v && !v->secret ? Text(v->text) : Datum());
  r->push_back(v ? OptId(v->secret) : Datum());
}

// A column as (name, type oid, typmod, nullable, default): the OID names
// the type stably (array OIDs included), unlike our TypeId numbering.
Row EncodeColumn(const Column& c) {
  return Row{Text(c.name), Int(c.type.oid()), Int(c.type.typmod), Datum::FromBool(c.nullable),
             c.default_sql ? Text(*c.default_sql) : Datum()};
}

Row References(const std::vector<SourceReference>& refs) {
  Row r;
  for (const SourceReference& ref : refs) {
    r.push_back(Nested(Row{Text(ref.namespace_name), Text(ref.name), Nested(TextList(ref.columns))}));
  }
  return r;
}

Row EncodeDetails(const ItemDetails& details) {
  if (std::holds_alternative<SecretDetails>(details)) return Row{Text("secret")};
  if (const auto* v = std::get_if<ViewDetails>(&details)) {
    Row columns;
    for (const Column& c : v->columns) columns.push_back(Nested(EncodeColumn(c)));
    return Row{Text("view"), Text(v->query_sql), Nested(columns)};
  }
  if (const auto* t = std::get_if<TableDetails>(&details)) {
    Row columns;
    for (const Column& c : t->columns) columns.push_back(Nested(EncodeColumn(c)));
    Row r{Text("table"), Int(static_cast<int64_t>(t->collection)), Nested(columns), OptId(t->source)};
    if (t->upstream) {
      const UpstreamTableRef& u = *t->upstream;
      Row refs;
      for (const UpstreamColumnRef& c : u.refs) {
        refs.push_back(Nested(Row{Int(c.index), Int(c.type_oid), Int(c.typmod), Datum::FromBool(c.as_text)}));
      }
      r.push_back(Nested(Row{Int(u.oid), Text(u.schema), Text(u.table), Int(u.columns), Nested(refs)}));
    }
    return r;
  }
  if (const auto* src = std::get_if<SourceDetails>(&details)) {
    return Row{Text("source"),
               Id(src->connection),
               Id(src->cluster),
               Text(src->publication),
               Text(src->slot),
               Int(static_cast<int64_t>(src->timeline_id)),
               Text(src->upstream_database),
               Int(static_cast<int64_t>(src->progress_collection)),
               OptId(src->progress_subsource),
               Nested(References(src->references)),
               Int(src->references_updated_ms)};
  }
  const ConnectionDetails& c = std::get<ConnectionDetails>(details);
  if (const auto* pg = std::get_if<PostgresConnection>(&c)) {
    Row r{Text("postgres"), Text(pg->host), Int(pg->port), Text(pg->database)};
    PutTextOrSecret(pg->user, &r);
    r.push_back(OptId(pg->password));
    r.push_back(Text(pg->ssl_mode));
    PutTextOrSecret(pg->ssl_certificate_authority, &r);
    PutTextOrSecret(pg->ssl_certificate, &r);
    r.push_back(OptId(pg->ssl_key));
    r.push_back(OptId(pg->ssh_tunnel));
    r.push_back(OptId(pg->aws_privatelink));
    return r;
  }
  if (const auto* ssh = std::get_if<SshTunnelConnection>(&c)) {
    return Row{Text("ssh"), Text(ssh->host), Int(ssh->port), Text(ssh->user), Text(ssh->public_key_1),
               Text(ssh->public_key_2)};
  }
  const auto& pl = std::get<AwsPrivatelinkConnection>(c);
  return Row{Text("privatelink"), Text(pl.service_name), Nested(TextList(pl.availability_zones))};
}

// Reads the fields of a stored row in order; a missing trailing field reads
// as its default, a field of the wrong kind is corruption.
class Reader {
 public:
  explicit Reader(const Row& row) : row_(row) {}

  absl::StatusOr<std::string> Text() {
    const Datum* d = Next();
    if (d == nullptr || d->is_null()) return std::string();
    if (!d->holds_string()) return Corrupt();
    return d->as_string();
  }
  absl::StatusOr<std::optional<std::string>> OptText() {
    const Datum* d = Next();
    if (d == nullptr || d->is_null()) return std::nullopt;
    if (!d->holds_string()) return Corrupt();
    return d->as_string();
  }
  absl::StatusOr<int64_t> Int(int64_t def = 0) {
    const Datum* d = Next();
    if (d == nullptr || d->is_null()) return def;
    if (!d->holds_int()) return Corrupt();
    return d->as_int();
  }
  absl::StatusOr<bool> Bool(bool def) {
    const Datum* d = Next();
    if (d == nullptr || d->is_null()) return def;
    if (!d->holds_bool()) return Corrupt();
    return d->as_bool();
  }
  absl::StatusOr<GlobalId> Id() {
    FRESHET_ASSIGN_OR_RETURN(std::string s, Text());
    auto id = GlobalId::Parse(s);
    if (!id) return Corrupt();
    return *id;
  }
  absl::StatusOr<std::optional<GlobalId>> OptId() {
    FRESHET_ASSIGN_OR_RETURN(auto s, OptText());
    if (!s) return std::nullopt;
    auto id = GlobalId::Parse(*s);
    if (!id) return Corrupt();
    return id;
  }
  absl::StatusOr<Row> NestedRow() {
    FRESHET_ASSIGN_OR_RETURN(std::string s, Text());
    Row r;
    FRESHET_RETURN_IF_ERROR(types::DecodeRow(s, &r));
    return r;
  }
  absl::StatusOr<std::optional<TextOrSecret>> OptTextOrSecret() {
    FRESHET_ASSIGN_OR_RETURN(auto text, OptText());
    FRESHET_ASSIGN_OR_RETURN(auto secret, OptId());
    if (!text && !secret) return std::nullopt;
    return TextOrSecret{text.value_or(""), secret};
  }

 private:
  const Datum* Next() { return pos_ < row_.size() ? &row_[pos_++] : nullptr; }
  absl::Status Corrupt() const {
    return absl::DataLossError(absl::StrCat("catalog row field ", pos_, " has the wrong type"));
  }
  const Row& row_;
  size_t pos_ = 0;
};

absl::StatusOr<Column> DecodeColumn(const Row& row) {
  Reader r(row);
  Column c;
  FRESHET_ASSIGN_OR_RETURN(c.name, r.Text());
  FRESHET_ASSIGN_OR_RETURN(int64_t oid, r.Int());
  std::optional<types::Type> type = types::TypeFromOid(static_cast<uint32_t>(oid));
  if (!type) return absl::DataLossError(absl::StrCat("a table column has the unknown type OID ", oid));
  c.type = *type;
  FRESHET_ASSIGN_OR_RETURN(int64_t typmod, r.Int(-1));
  c.type.typmod = static_cast<int32_t>(typmod);
  FRESHET_ASSIGN_OR_RETURN(c.nullable, r.Bool(true));
  FRESHET_ASSIGN_OR_RETURN(c.default_sql, r.OptText());
  return c;
}

absl::StatusOr<ItemDetails> DecodeDetails(const Row& row) {
  Reader r(row);
  FRESHET_ASSIGN_OR_RETURN(std::string kind, r.Text());
  if (kind == "secret") return SecretDetails{};
  if (kind == "view") {
    ViewDetails v;
    FRESHET_ASSIGN_OR_RETURN(v.query_sql, r.Text());
    FRESHET_ASSIGN_OR_RETURN(Row columns, r.NestedRow());
    for (const Datum& d : columns) {
      if (!d.holds_string()) return absl::DataLossError("a view column is malformed");
      Row col;
      FRESHET_RETURN_IF_ERROR(types::DecodeRow(d.as_string(), &col));
      FRESHET_ASSIGN_OR_RETURN(Column c, DecodeColumn(col));
      v.columns.push_back(std::move(c));
    }
    return v;
  }
  if (kind == "table") {
    TableDetails t;
    FRESHET_ASSIGN_OR_RETURN(int64_t collection, r.Int());
    t.collection = static_cast<uint64_t>(collection);
    FRESHET_ASSIGN_OR_RETURN(Row columns, r.NestedRow());
    for (const Datum& d : columns) {
      if (!d.holds_string()) return absl::DataLossError("a table column is malformed");
      Row col;
      FRESHET_RETURN_IF_ERROR(types::DecodeRow(d.as_string(), &col));
      FRESHET_ASSIGN_OR_RETURN(Column c, DecodeColumn(col));
      t.columns.push_back(std::move(c));
    }
    FRESHET_ASSIGN_OR_RETURN(t.source, r.OptId());
    FRESHET_ASSIGN_OR_RETURN(auto upstream, r.OptText());
    if (upstream) {
      Row u;
      FRESHET_RETURN_IF_ERROR(types::DecodeRow(*upstream, &u));
      Reader ur(u);
      UpstreamTableRef ref;
      FRESHET_ASSIGN_OR_RETURN(int64_t oid, ur.Int());
      ref.oid = static_cast<uint32_t>(oid);
      FRESHET_ASSIGN_OR_RETURN(ref.schema, ur.Text());
      FRESHET_ASSIGN_OR_RETURN(ref.table, ur.Text());
      FRESHET_ASSIGN_OR_RETURN(int64_t ncols, ur.Int());
      ref.columns = static_cast<uint32_t>(ncols);
      FRESHET_ASSIGN_OR_RETURN(Row refs, ur.NestedRow());
      for (const Datum& d : refs) {
        if (!d.holds_string()) return absl::DataLossError("an upstream column reference is malformed");
        Row c;
        FRESHET_RETURN_IF_ERROR(types::DecodeRow(d.as_string(), &c));
        Reader cr(c);
        UpstreamColumnRef col;
        FRESHET_ASSIGN_OR_RETURN(int64_t index, cr.Int());
        FRESHET_ASSIGN_OR_RETURN(int64_t type_oid, cr.Int());
        FRESHET_ASSIGN_OR_RETURN(int64_t typmod, cr.Int(-1));
        FRESHET_ASSIGN_OR_RETURN(col.as_text, cr.Bool(false));
        col.index = static_cast<uint32_t>(index);
        col.type_oid = static_cast<uint32_t>(type_oid);
        col.typmod = static_cast<int32_t>(typmod);
        ref.refs.push_back(col);
      }
      t.upstream = std::move(ref);
    }
    return t;
  }
  if (kind == "source") {
    SourceDetails src;
    FRESHET_ASSIGN_OR_RETURN(src.connection, r.Id());
    FRESHET_ASSIGN_OR_RETURN(src.cluster, r.Id());
    FRESHET_ASSIGN_OR_RETURN(src.publication, r.Text());
    FRESHET_ASSIGN_OR_RETURN(src.slot, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t timeline, r.Int());
    src.timeline_id = static_cast<uint64_t>(timeline);
    FRESHET_ASSIGN_OR_RETURN(src.upstream_database, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t progress, r.Int());
    src.progress_collection = static_cast<uint64_t>(progress);
    FRESHET_ASSIGN_OR_RETURN(src.progress_subsource, r.OptId());
    FRESHET_ASSIGN_OR_RETURN(Row refs, r.NestedRow());
    for (const Datum& d : refs) {
      Row ref;
      if (!d.holds_string()) return absl::DataLossError("a source reference is malformed");
      FRESHET_RETURN_IF_ERROR(types::DecodeRow(d.as_string(), &ref));
      Reader rr(ref);
      SourceReference sr;
      FRESHET_ASSIGN_OR_RETURN(sr.namespace_name, rr.Text());
      FRESHET_ASSIGN_OR_RETURN(sr.name, rr.Text());
      FRESHET_ASSIGN_OR_RETURN(Row columns, rr.NestedRow());
      for (const Datum& c : columns) sr.columns.push_back(c.holds_string() ? c.as_string() : "");
      src.references.push_back(std::move(sr));
    }
    FRESHET_ASSIGN_OR_RETURN(src.references_updated_ms, r.Int());
    return src;
  }
  if (kind == "postgres") {
    PostgresConnection pg;
    FRESHET_ASSIGN_OR_RETURN(pg.host, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t port, r.Int(5432));
    pg.port = static_cast<uint16_t>(port);
    FRESHET_ASSIGN_OR_RETURN(pg.database, r.Text());
    FRESHET_ASSIGN_OR_RETURN(auto user, r.OptTextOrSecret());
    pg.user = user.value_or(TextOrSecret{});
    FRESHET_ASSIGN_OR_RETURN(pg.password, r.OptId());
    FRESHET_ASSIGN_OR_RETURN(pg.ssl_mode, r.Text());
    FRESHET_ASSIGN_OR_RETURN(pg.ssl_certificate_authority, r.OptTextOrSecret());
    FRESHET_ASSIGN_OR_RETURN(pg.ssl_certificate, r.OptTextOrSecret());
    FRESHET_ASSIGN_OR_RETURN(pg.ssl_key, r.OptId());
    FRESHET_ASSIGN_OR_RETURN(pg.ssh_tunnel, r.OptId());
    FRESHET_ASSIGN_OR_RETURN(pg.aws_privatelink, r.OptId());
    return ConnectionDetails(pg);
  }
  if (kind == "ssh") {
    SshTunnelConnection ssh;
    FRESHET_ASSIGN_OR_RETURN(ssh.host, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t port, r.Int(22));
    ssh.port = static_cast<uint16_t>(port);
    FRESHET_ASSIGN_OR_RETURN(ssh.user, r.Text());
    FRESHET_ASSIGN_OR_RETURN(ssh.public_key_1, r.Text());
    FRESHET_ASSIGN_OR_RETURN(ssh.public_key_2, r.Text());
    return ConnectionDetails(ssh);
  }
  if (kind == "privatelink") {
    AwsPrivatelinkConnection pl;
    FRESHET_ASSIGN_OR_RETURN(pl.service_name, r.Text());
    FRESHET_ASSIGN_OR_RETURN(Row azs, r.NestedRow());
    for (const Datum& d : azs) pl.availability_zones.push_back(d.as_string());
    return ConnectionDetails(pl);
  }
  return absl::DataLossError(absl::StrCat("unknown catalog item details \"", kind, "\""));
}

}  // namespace

Row EncodeDatabase(const Database& d) { return Row{Text("database"), Id(d.id), Int(d.oid), Text(d.name)}; }

Row EncodeSchema(const Schema& s) {
  return Row{Text("schema"), Id(s.id), Int(s.oid), OptId(s.database_id), Text(s.name)};
}

Row EncodeCluster(const Cluster& c) {
  return Row{Text("cluster"), Id(c.id), Text(c.name),         Text(c.owner_id),
             Datum::FromBool(c.managed), Text(c.size), Int(c.replication_factor)};
}

Row EncodeReplica(const ClusterReplica& r) {
  return Row{Text("replica"), Id(r.id), Id(r.cluster_id), Text(r.name), Text(r.size)};
}

Row EncodeItem(const Item& i) {
  return Row{Text("item"),
             Id(i.id),
             Int(i.oid),
             Id(i.schema_id),
             Text(i.name),
             Text(i.owner_id),
             Int(static_cast<int64_t>(i.type)),
             Text(i.create_sql),
             Nested(IdList(i.uses)),
             Nested(EncodeDetails(i.details))};
}

Row EncodeAllocator(const std::string& name, uint64_t next) {
  return Row{Text("alloc"), Text(name), Int(static_cast<int64_t>(next))};
}

absl::Status DecodeInto(const Row& row, absl::btree_map<GlobalId, Database>* databases,
                        absl::btree_map<GlobalId, Schema>* schemas, absl::btree_map<GlobalId, Item>* items,
                        absl::btree_map<GlobalId, Cluster>* clusters,
                        absl::btree_map<GlobalId, ClusterReplica>* replicas,
                        absl::btree_map<std::string, uint64_t>* allocators) {
  Reader r(row);
  FRESHET_ASSIGN_OR_RETURN(std::string kind, r.Text());
  if (kind == "alloc") {
    FRESHET_ASSIGN_OR_RETURN(std::string name, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t next, r.Int());
    (*allocators)[name] = static_cast<uint64_t>(next);
    return absl::OkStatus();
  }
  if (kind == "database") {
    Database d;
    FRESHET_ASSIGN_OR_RETURN(d.id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(int64_t oid, r.Int());
    d.oid = static_cast<uint32_t>(oid);
    FRESHET_ASSIGN_OR_RETURN(d.name, r.Text());
    (*databases)[d.id] = d;
    return absl::OkStatus();
  }
  if (kind == "schema") {
    Schema s;
    FRESHET_ASSIGN_OR_RETURN(s.id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(int64_t oid, r.Int());
    s.oid = static_cast<uint32_t>(oid);
    FRESHET_ASSIGN_OR_RETURN(s.database_id, r.OptId());
    FRESHET_ASSIGN_OR_RETURN(s.name, r.Text());
    (*schemas)[s.id] = s;
    return absl::OkStatus();
  }
  if (kind == "cluster") {
    Cluster c;
    FRESHET_ASSIGN_OR_RETURN(c.id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(c.name, r.Text());
    FRESHET_ASSIGN_OR_RETURN(c.owner_id, r.Text());
    FRESHET_ASSIGN_OR_RETURN(c.managed, r.Bool(true));
    FRESHET_ASSIGN_OR_RETURN(c.size, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t rf, r.Int(1));
    c.replication_factor = static_cast<uint32_t>(rf);
    (*clusters)[c.id] = c;
    return absl::OkStatus();
  }
  if (kind == "replica") {
    ClusterReplica rep;
    FRESHET_ASSIGN_OR_RETURN(rep.id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(rep.cluster_id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(rep.name, r.Text());
    FRESHET_ASSIGN_OR_RETURN(rep.size, r.Text());
    (*replicas)[rep.id] = rep;
    return absl::OkStatus();
  }
  if (kind == "item") {
    Item i;
    FRESHET_ASSIGN_OR_RETURN(i.id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(int64_t oid, r.Int());
    i.oid = static_cast<uint32_t>(oid);
    FRESHET_ASSIGN_OR_RETURN(i.schema_id, r.Id());
    FRESHET_ASSIGN_OR_RETURN(i.name, r.Text());
    FRESHET_ASSIGN_OR_RETURN(i.owner_id, r.Text());
    FRESHET_ASSIGN_OR_RETURN(int64_t type, r.Int());
    i.type = static_cast<ItemType>(type);
    FRESHET_ASSIGN_OR_RETURN(i.create_sql, r.Text());
    FRESHET_ASSIGN_OR_RETURN(Row uses, r.NestedRow());
    for (const Datum& d : uses) {
      auto id = GlobalId::Parse(d.holds_string() ? d.as_string() : "");
      if (!id) return absl::DataLossError("a catalog item has a malformed dependency id");
      i.uses.push_back(*id);
    }
    FRESHET_ASSIGN_OR_RETURN(Row details, r.NestedRow());
    FRESHET_ASSIGN_OR_RETURN(i.details, DecodeDetails(details));
    (*items)[i.id] = std::move(i);
    return absl::OkStatus();
  }
  return absl::DataLossError(absl::StrCat("unknown catalog row kind \"", kind, "\""));
}

}  // namespace freshet::catalog::serde
