// Reading a publication upstream (DescribePublication) and the allow-list of
// upstream column types Freshet ingests (IngestType). The catalog queries use
// only what PostgreSQL 11 already has.
#include <libpq-fe.h>

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "pg_conn.h"
#include "replication/purify.h"

namespace freshet::replication {
namespace {

using types::Type;
using types::TypeId;

// PostgreSQL's json[] (pg_type.dat): Freshet has no json, so TypeFromOid
// does not know its array either.
constexpr uint32_t kJsonArrayOid = 199;

// The element types of sql-surface.md 7.9 (json arrives as jsonb). Freshet
// knows more types (name, regtype, ...) that are not ingested.
bool Ingestible(TypeId id) {
  switch (id) {
    case TypeId::kBool:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kChar:
    case TypeId::kDate:
    case TypeId::kDateRange:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kInt2:
    case TypeId::kInt2Vector:
    case TypeId::kInt4:
    case TypeId::kInt4Range:
    case TypeId::kInt8:
    case TypeId::kInt8Range:
    case TypeId::kInterval:
    case TypeId::kJsonb:
    case TypeId::kNumeric:
    case TypeId::kNumRange:
    case TypeId::kOid:
    case TypeId::kText:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kTsRange:
    case TypeId::kTstzRange:
    case TypeId::kUuid:
    case TypeId::kVarchar:
      return true;
    default:
      return false;
  }
}

// Materialize reports a failed connection check inside purification with
// the connection type in front; the rest of the error stays as it was.
absl::Status SourceValidationError(const absl::Status& status) {
  ErrorInfo info = ToErrorInfo(status);
  return Error(info.code, absl::StrCat("POSTGRES source validation: ", info.message))
      .Detail(info.detail)
      .Hint(info.hint)
      .ToStatus();
}

absl::Status UnexpectedValue(std::string_view what, std::string_view value) {
  return UpstreamError(absl::StrCat("unexpected ", std::string(what), " from upstream: \"", std::string(value), "\""));
}

template <typename Int>
absl::Status ParseInt(PGresult* r, int row, int col, std::string_view what, Int* out) {
  const char* v = PQgetvalue(r, row, col);
  if (PQgetisnull(r, row, col) || !absl::SimpleAtoi(v, out)) return UnexpectedValue(what, v);
  return absl::OkStatus();
}

bool IsTrue(PGresult* r, int row, int col) { return std::string_view(PQgetvalue(r, row, col)) == "t"; }

absl::StatusOr<uint64_t> TimelineId(const PgConnectParams& params) {
  FRESHET_ASSIGN_OR_RETURN(PgConn repl, Connect(params, ConnKind::kReplication));
  FRESHET_ASSIGN_OR_RETURN(PgResult r, Exec(repl.get(), "IDENTIFY_SYSTEM"));
  // systemid, timeline, xlogpos, dbname
  if (PQntuples(r.get()) != 1 || PQnfields(r.get()) < 2) {
    return UpstreamError("unexpected IDENTIFY_SYSTEM response");
  }
  uint64_t timeline = 0;
  FRESHET_RETURN_IF_ERROR(ParseInt(r.get(), 0, 1, "timeline", &timeline));
  return timeline;
}

// One row per column (or one row with NULL columns for a table without
// any), tables by schema then name, columns in attnum order. Joined on
// names because pg_publication_tables has no oid; the pair is unique.
std::string TablesQuery(std::string_view publication) {
  return absl::StrCat(
      "SELECT c.oid, n.nspname, c.relname, c.relreplident,"
      " has_table_privilege(c.oid, 'SELECT'), has_schema_privilege(n.oid, 'USAGE'),"
      " a.attname, a.atttypid, a.atttypmod, a.attnotnull"
      " FROM pg_catalog.pg_publication_tables p"
      " JOIN pg_catalog.pg_namespace n ON n.nspname = p.schemaname"
      " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename"
      " LEFT JOIN pg_catalog.pg_attribute a"
      "   ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
      " WHERE p.pubname = ",
      QuoteLiteral(publication), " ORDER BY n.nspname, c.relname, a.attnum");
}

absl::StatusOr<std::vector<UpstreamTable>> ReadTables(PGconn* conn, std::string_view publication) {
  FRESHET_ASSIGN_OR_RETURN(PgResult r, Exec(conn, TablesQuery(publication)));
  PGresult* res = r.get();
  std::vector<UpstreamTable> tables;
  for (int row = 0; row < PQntuples(res); ++row) {
    uint32_t oid = 0;
    FRESHET_RETURN_IF_ERROR(ParseInt(res, row, 0, "table oid", &oid));
    if (tables.empty() || tables.back().oid != oid) {
      UpstreamTable& t = tables.emplace_back();
      t.oid = oid;
      t.schema = PQgetvalue(res, row, 1);
      t.name = PQgetvalue(res, row, 2);
      std::string_view ident = PQgetvalue(res, row, 3);
      if (ident.size() != 1) return UnexpectedValue("relreplident", ident);
      t.replica_identity = ident[0];
      t.can_select = IsTrue(res, row, 4);
      t.schema_usage = IsTrue(res, row, 5);
    }
    if (PQgetisnull(res, row, 6)) continue;  // a table without columns
    UpstreamColumn& col = tables.back().columns.emplace_back();
    col.name = PQgetvalue(res, row, 6);
    FRESHET_RETURN_IF_ERROR(ParseInt(res, row, 7, "atttypid", &col.type_oid));
    FRESHET_RETURN_IF_ERROR(ParseInt(res, row, 8, "atttypmod", &col.typmod));
    col.not_null = IsTrue(res, row, 9);
  }
  return tables;
}

}  // namespace

absl::StatusOr<PublicationInfo> DescribePublication(const PgConnectParams& params, std::string_view publication) {
  if (absl::Status s = ValidatePostgres(params); !s.ok()) return SourceValidationError(s);

  FRESHET_ASSIGN_OR_RETURN(PgConn conn, Connect(params));
  FRESHET_RETURN_IF_ERROR(Exec(conn.get(), "SET statement_timeout = '10s'", PGRES_COMMAND_OK).status());

  FRESHET_ASSIGN_OR_RETURN(
      std::string found,
      QueryOne(conn.get(), absl::StrCat("SELECT count(*) FROM pg_catalog.pg_publication WHERE pubname = ",
                                        QuoteLiteral(publication))));
  if (found == "0") {
    return Error(sqlstate::kUndefinedObject, absl::StrCat("publication \"", std::string(publication), "\" does not exist"))
        .ToStatus();
  }

  PublicationInfo info;
  FRESHET_ASSIGN_OR_RETURN(PgResult who, Exec(conn.get(), "SELECT current_database(), current_user"));
  if (PQntuples(who.get()) != 1) return UpstreamError("expected one row from current_database()");
  info.database = PQgetvalue(who.get(), 0, 0);
  info.user = PQgetvalue(who.get(), 0, 1);
  FRESHET_ASSIGN_OR_RETURN(info.timeline_id, TimelineId(params));
  FRESHET_ASSIGN_OR_RETURN(info.tables, ReadTables(conn.get(), publication));
  return info;
}

std::optional<types::Type> IngestType(uint32_t type_oid, int32_t typmod) {
  std::optional<Type> type =
      type_oid == kJsonArrayOid ? types::ArrayOf(Type{TypeId::kJsonb}) : types::TypeFromOid(type_oid);
  if (!type) return std::nullopt;
  if (!Ingestible(type->id == TypeId::kArray ? type->elem : type->id)) return std::nullopt;
  type->typmod = typmod;
  return type;
}

}  // namespace freshet::replication
