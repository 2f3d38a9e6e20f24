// Integration test of publication introspection against a real PostgreSQL
// 15 (the ctest "pg" fixture): makes two schemas with tables (a dropped
// column, a table without columns, an enum, money, json and arrays, a name
// in both schemas), a publication and an empty one, and a role with only
// some privileges, then checks what DescribePublication reads (as the
// superuser and as that role), Purify on what it read, the errors for a
// missing publication and an unreachable server, and IngestType on every
// type oid of pg_type. Drops everything it made, also on failure.
//
// Usage: introspect_it "<libpq conninfo>"   (exit status 0 = pass)
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"
#include "replication/purify.h"

using namespace freshet;
using namespace freshet::replication;

namespace {

int g_failures = 0;

#define EXPECT(cond, ...)                                                                                   \
  do {                                                                                                      \
    if (!(cond)) {                                                                                          \
      ++g_failures;                                                                                         \
      std::fprintf(stderr, "%s:%d: FAILED: %s: %s\n", __FILE__, __LINE__, #cond,                            \
                   absl::StrCat(__VA_ARGS__).c_str());                                                      \
    }                                                                                                       \
  } while (0)

// Fails the test and returns from the enclosing function (which returns bool).
#define REQUIRE(cond, ...)                                                                                  \
  do {                                                                                                      \
    if (!(cond)) {                                                                                          \
      ++g_failures;                                                                                         \
      std::fprintf(stderr, "%s:%d: FAILED: %s: %s\n", __FILE__, __LINE__, #cond,                            \
                   absl::StrCat(__VA_ARGS__).c_str());                                                      \
      return false;                                                                                         \
    }                                                                                                       \
  } while (0)

bool Run(PGconn* conn, const std::string& sql) {
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) std::fprintf(stderr, "query failed: %s\n  %s", sql.c_str(), PQerrorMessage(conn));
  PQclear(res);
  return ok;
}

// The rows of a query, every value as text ("" for NULL).
std::optional<std::vector<std::vector<std::string>>> Rows(PGconn* conn, const std::string& sql) {
  PGresult* res = PQexec(conn, sql.c_str());
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "query failed: %s\n  %s", sql.c_str(), PQerrorMessage(conn));
    PQclear(res);
    return std::nullopt;
  }
  std::vector<std::vector<std::string>> rows;
  for (int r = 0; r < PQntuples(res); ++r) {
    auto& row = rows.emplace_back();
    for (int c = 0; c < PQnfields(res); ++c) row.emplace_back(PQgetvalue(res, r, c));
  }
  PQclear(res);
  return rows;
}

uint32_t Oid(PGconn* conn, const std::string& sql) {
  auto rows = Rows(conn, sql);
  uint32_t oid = 0;
  if (!rows || rows->size() != 1 || !absl::SimpleAtoi((*rows)[0][0], &oid)) return 0;
  return oid;
}

// Drops what the test made, whatever state it stopped in.
struct Cleanup {
  std::string conninfo;
  std::string base;
  ~Cleanup() {
    PGconn* admin = PQconnectdb(conninfo.c_str());
    if (PQstatus(admin) == CONNECTION_OK) {
      Run(admin, absl::StrCat("DROP PUBLICATION IF EXISTS ", base, "_pub, ", base, "_empty"));
      Run(admin, absl::StrCat("DROP SCHEMA IF EXISTS ", base, "_a, ", base, "_b CASCADE"));
      auto role = Rows(admin, absl::StrCat("SELECT 1 FROM pg_roles WHERE rolname = '", base, "_role'"));
      if (role && !role->empty()) {
        Run(admin, absl::StrCat("DROP OWNED BY ", base, "_role"));
        Run(admin, absl::StrCat("DROP ROLE ", base, "_role"));
      }
    } else {
      std::fprintf(stderr, "cleanup could not connect: %s", PQerrorMessage(admin));
    }
    PQfinish(admin);
  }
};

PgConnectParams ParamsFrom(const std::string& conninfo) {
  PgConnectParams p;
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (options == nullptr) {
    std::fprintf(stderr, "bad conninfo: %s\n", err != nullptr ? err : "?");
    PQfreemem(err);
    return p;
  }
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string key = o->keyword, val = o->val;
    if (key == "host") p.host = val;
    if (key == "port") p.port = static_cast<uint16_t>(std::stoi(val));
    if (key == "dbname") p.database = val;
    if (key == "user") p.user = val;
    if (key == "password") p.password = val;
  }
  PQconninfoFree(options);
  return p;
}

// A loopback port nothing listens on (bound, then released).
uint16_t UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  uint16_t port = 1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

const UpstreamTable* Find(const PublicationInfo& info, const std::string& schema, const std::string& name) {
  for (const auto& t : info.tables) {
    if (t.schema == schema && t.name == name) return &t;
  }
  return nullptr;
}

std::string Describe(const absl::Status& s) {
  ErrorInfo e = ToErrorInfo(s);
  return absl::StrCat(e.code, " ", e.message, " / ", e.detail);
}

bool Setup(PGconn* admin, const std::string& base) {
  const std::string a = base + "_a", b = base + "_b", role = base + "_role";
  for (const std::string& sql : {
           absl::StrCat("CREATE SCHEMA ", a),
           absl::StrCat("CREATE SCHEMA ", b),
           absl::StrCat("CREATE TYPE ", a, ".mood AS ENUM ('ok', 'sad')"),
           absl::StrCat("CREATE TABLE ", a,
                        ".items (id int4 PRIMARY KEY, gone int4, name varchar(10), price numeric(10,2),"
                        " doc json, docs json[], tags text[], feeling ",
                        a, ".mood, m money)"),
           absl::StrCat("ALTER TABLE ", a, ".items DROP COLUMN gone"),
           absl::StrCat("ALTER TABLE ", a, ".items REPLICA IDENTITY FULL"),
           absl::StrCat("CREATE TABLE ", a, ".no_columns ()"),
           absl::StrCat("CREATE TABLE ", a, ".unpublished (y int4)"),
           absl::StrCat("CREATE TABLE ", b, ".items (x int8 NOT NULL)"),
           absl::StrCat("CREATE PUBLICATION ", base, "_pub FOR TABLE ", b, ".items, ", a, ".items, ", a,
                        ".no_columns"),
           absl::StrCat("CREATE PUBLICATION ", base, "_empty"),
           absl::StrCat("CREATE ROLE ", role, " LOGIN REPLICATION"),
           absl::StrCat("GRANT USAGE ON SCHEMA ", a, " TO ", role),
           absl::StrCat("GRANT SELECT ON ", a, ".items TO ", role),
       }) {
    REQUIRE(Run(admin, sql), sql);
  }
  return true;
}

bool CheckAsSuperuser(PGconn* admin, const PgConnectParams& params, const std::string& base) {
  const std::string a = base + "_a", b = base + "_b";
  auto info = DescribePublication(params, base + "_pub");
  REQUIRE(info.ok(), info.status().ToString());
  EXPECT(info->database == params.database, info->database);
  EXPECT(info->user == params.user, info->user);
  auto timeline = Rows(admin, "SELECT timeline_id FROM pg_control_checkpoint()");
  REQUIRE(timeline && timeline->size() == 1, "no timeline");
  EXPECT(absl::StrCat(info->timeline_id) == (*timeline)[0][0], info->timeline_id, " vs ", (*timeline)[0][0]);

  // By schema, then name; the unpublished table is not there.
  std::vector<std::string> names;
  for (const auto& t : info->tables) names.push_back(absl::StrCat(t.schema, ".", t.name));
  REQUIRE(names == (std::vector<std::string>{a + ".items", a + ".no_columns", b + ".items"}),
          absl::StrJoin(names, ", "));

  const UpstreamTable& items = info->tables[0];
  EXPECT(items.oid == Oid(admin, absl::StrCat("SELECT '", a, ".items'::regclass::oid")), items.oid);
  EXPECT(items.replica_identity == 'f', std::string(1, items.replica_identity));
  EXPECT(items.can_select && items.schema_usage, "privileges");
  uint32_t mood = Oid(admin, absl::StrCat("SELECT '", a, ".mood'::regtype::oid"));
  EXPECT(mood != 0, "enum oid");
  struct Want {
    std::string name;
    uint32_t oid;
    int32_t typmod;
    bool not_null;
  };
  const std::vector<Want> want = {
      {"id", 23, -1, true},     {"name", 1043, 14, false},  {"price", 1700, (10 << 16 | 2) + 4, false},
      {"doc", 114, -1, false},  {"docs", 199, -1, false},   {"tags", 1009, -1, false},
      {"feeling", mood, -1, false}, {"m", 790, -1, false},
  };
  REQUIRE(items.columns.size() == want.size(), items.columns.size(), " columns");
  for (size_t i = 0; i < want.size(); ++i) {
    const UpstreamColumn& c = items.columns[i];
    EXPECT(c.name == want[i].name && c.type_oid == want[i].oid && c.typmod == want[i].typmod &&
               c.not_null == want[i].not_null,
           "column ", i, ": ", c.name, " ", c.type_oid, " ", c.typmod, " ", c.not_null);
  }
  const UpstreamTable& no_columns = info->tables[1];
  EXPECT(no_columns.columns.empty(), no_columns.columns.size());
  EXPECT(no_columns.oid == Oid(admin, absl::StrCat("SELECT '", a, ".no_columns'::regclass::oid")), no_columns.oid);
  const UpstreamTable& b_items = info->tables[2];
  EXPECT(b_items.replica_identity == 'd', std::string(1, b_items.replica_identity));
  EXPECT(b_items.columns.size() == 1 && b_items.columns[0].not_null, "b.items columns");

  // Purify on what was read: the enum and money need TEXT or EXCLUDE COLUMNS.
  TableSelection select_items;
  select_items.kind = TableSelection::Kind::kTables;
  select_items.tables = {{{a, "items"}, std::nullopt}};
  auto unsupported = Purify(*info, base + "_pub", select_items);
  REQUIRE(!unsupported.ok(), "unsupported types accepted");
  ErrorInfo e = ToErrorInfo(unsupported.status());
  EXPECT(e.message == "referenced tables use unsupported types", e.message);
  std::string detail = absl::StrCat("the following columns contain unsupported types:\n", params.database, ".", a,
                                    ".items.feeling (OID ", mood, ")\n", params.database, ".", a,
                                    ".items.m (OID 790)");
  EXPECT(e.detail == detail, e.detail);

  select_items.text_columns = {{a, "items", "feeling"}};
  select_items.exclude_columns = {{params.database, a, "items", "m"}};
  auto purified = Purify(*info, base + "_pub", select_items);
  REQUIRE(purified.ok(), purified.status().ToString());
  REQUIRE(purified->size() == 1, purified->size());
  const IngestTable& t = (*purified)[0];
  EXPECT(t.upstream_columns == 8, t.upstream_columns);
  std::vector<std::string> got;
  for (const auto& c : t.columns) {
    got.push_back(absl::StrCat(c.upstream_index, ":", c.name, ":", types::SqlName(c.type), c.as_text ? ":text" : "",
                               c.nullable ? "" : ":not null"));
  }
  const std::vector<std::string> want_columns = {
      "0:id:integer:not null", "1:name:character varying(10)", "2:price:numeric(10,2)", "3:doc:jsonb",
      "4:docs:jsonb[]",        "5:tags:text[]",                "6:feeling:text:text"};
  EXPECT(got == want_columns, absl::StrJoin(got, ", "));

  // b.items is not REPLICA IDENTITY FULL; "items" is in both schemas.
  TableSelection select_b;
  select_b.kind = TableSelection::Kind::kTables;
  select_b.tables = {{{b, "items"}, std::nullopt}};
  auto identity = Purify(*info, base + "_pub", select_b);
  EXPECT(!identity.ok() && ToErrorInfo(identity.status()).detail == "referenced items: " + b + ".items",
         Describe(identity.status()));
  select_b.tables = {{{"items"}, std::nullopt}};
  auto ambiguous = Purify(*info, base + "_pub", select_b);
  EXPECT(!ambiguous.ok() && ToErrorInfo(ambiguous.status()).code == "42P09", Describe(ambiguous.status()));
  return true;
}

bool CheckAsRole(const PgConnectParams& superuser, const std::string& base) {
  const std::string a = base + "_a", b = base + "_b";
  PgConnectParams params = superuser;
  params.user = base + "_role";
  params.password.reset();
  auto info = DescribePublication(params, base + "_pub");
  REQUIRE(info.ok(), info.status().ToString());
  EXPECT(info->user == params.user, info->user);
  REQUIRE(info->tables.size() == 3, info->tables.size());
  const UpstreamTable* items = Find(*info, a, "items");
  const UpstreamTable* no_columns = Find(*info, a, "no_columns");
  const UpstreamTable* b_items = Find(*info, b, "items");
  REQUIRE(items && no_columns && b_items, "tables");
  EXPECT(items->can_select && items->schema_usage, "a.items");
  EXPECT(!no_columns->can_select && no_columns->schema_usage, "a.no_columns");
  EXPECT(!b_items->can_select && !b_items->schema_usage, "b.items");

  TableSelection s;
  s.kind = TableSelection::Kind::kSchemas;
  s.schemas = {a};
  auto r = Purify(*info, base + "_pub", s);
  REQUIRE(!r.ok(), "SELECT privilege not checked");
  ErrorInfo e = ToErrorInfo(r.status());
  EXPECT(e.code == "42501" && e.message == "insufficient privileges", Describe(r.status()));
  EXPECT(e.detail == absl::StrCat("user ", params.user, " lacks SELECT privileges for tables ", a, ".no_columns"),
         e.detail);
  s.schemas = {b};
  r = Purify(*info, base + "_pub", s);
  EXPECT(!r.ok() && ToErrorInfo(r.status()).detail ==
                        absl::StrCat("user ", params.user, " lacks USAGE privileges for schemas ", b),
         Describe(r.status()));
  return true;
}

bool CheckErrors(const PgConnectParams& params, const std::string& base) {
  auto missing = DescribePublication(params, base + "_nope");
  REQUIRE(!missing.ok(), "a missing publication was described");
  ErrorInfo e = ToErrorInfo(missing.status());
  EXPECT(e.code == "42704", e.code);
  EXPECT(e.message == absl::StrCat("publication \"", base, "_nope\" does not exist"), e.message);

  auto empty = DescribePublication(params, base + "_empty");
  REQUIRE(empty.ok(), empty.status().ToString());
  EXPECT(empty->tables.empty(), empty->tables.size());
  TableSelection all;
  all.kind = TableSelection::Kind::kAll;
  auto r = Purify(*empty, base + "_empty", all);
  EXPECT(!r.ok() && ToErrorInfo(r.status()).message == absl::StrCat("PUBLICATION ", base, "_empty is empty"),
         Describe(r.status()));

  // The connection checks fail first, with their prefix.
  PgConnectParams nowhere = params;
  nowhere.port = UnusedPort();
  auto unreachable = DescribePublication(nowhere, base + "_pub");
  REQUIRE(!unreachable.ok(), "described a publication on port ", nowhere.port);
  e = ToErrorInfo(unreachable.status());
  EXPECT(e.code == "08001", e.code);
  EXPECT(e.message.rfind("POSTGRES source validation: db error: ", 0) == 0, e.message);
  return true;
}

// IngestType accepts exactly the types of sql-surface.md 7.9 and their
// arrays, by their real oids, and maps each to the type of that name (json
// to jsonb).
bool CheckIngestTypes(PGconn* admin) {
  const std::set<std::string> allowed = {
      "bool",     "bpchar", "bytea",  "char",     "date",      "daterange",   "float4", "float8",
      "int2",     "int2vector", "int4", "int4range", "int8",    "int8range",   "interval", "json",
      "jsonb",    "numeric", "numrange", "oid",    "text",      "time",        "timestamp", "timestamptz",
      "tsrange",  "tstzrange", "uuid", "varchar"};
  auto rows = Rows(admin,
                   "SELECT t.oid, t.typname, coalesce(e.typname, '') FROM pg_type t"
                   " LEFT JOIN pg_type e ON e.typarray = t.oid ORDER BY t.oid");
  REQUIRE(rows && rows->size() > 300, "pg_type");
  int accepted = 0;
  for (const auto& row : *rows) {
    uint32_t oid = 0;
    REQUIRE(absl::SimpleAtoi(row[0], &oid), row[0]);
    const std::string& name = row[1];
    const std::string& elem = row[2];
    bool want = elem.empty() ? allowed.count(name) > 0 : allowed.count(elem) > 0;
    auto type = IngestType(oid, -1);
    EXPECT(type.has_value() == want, name, " (", oid, ")");
    if (!type || !want) continue;
    ++accepted;
    std::string expected = elem.empty() ? (name == "json" ? "jsonb" : name)
                                        : absl::StrCat("_", elem == "json" ? "jsonb" : elem);
    EXPECT(types::TypName(*type) == expected, name, " became ", types::TypName(*type));
  }
  EXPECT(accepted == 2 * static_cast<int>(allowed.size()), accepted, " types accepted");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s \"<libpq conninfo>\"\n", argv[0]);
    return 2;
  }
  std::string conninfo = argv[1];
  PgConnectParams params = ParamsFrom(conninfo);
  std::string base = absl::StrCat("freshet_introspect_it_", getpid());
  {
    Cleanup cleanup{conninfo, base};
    PGconn* admin = PQconnectdb(conninfo.c_str());
    if (PQstatus(admin) != CONNECTION_OK) {
      std::fprintf(stderr, "cannot connect: %s", PQerrorMessage(admin));
      ++g_failures;
    } else if (Setup(admin, base)) {
      CheckAsSuperuser(admin, params, base);
      CheckAsRole(params, base);
      CheckErrors(params, base);
      CheckIngestTypes(admin);
    }
    PQfinish(admin);
  }
  // Nothing may be left behind.
  PGconn* admin = PQconnectdb(conninfo.c_str());
  auto left = Rows(admin, absl::StrCat("SELECT (SELECT count(*) FROM pg_publication WHERE pubname LIKE '", base,
                                       "%') + (SELECT count(*) FROM pg_namespace WHERE nspname LIKE '", base,
                                       "%') + (SELECT count(*) FROM pg_roles WHERE rolname LIKE '", base, "%')"));
  EXPECT(left && left->size() == 1 && (*left)[0][0] == "0", "objects left behind");
  PQfinish(admin);
  std::fprintf(stderr, "%s\n", g_failures == 0 ? "PASSED" : "FAILED");
  return g_failures == 0 ? 0 : 1;
}
