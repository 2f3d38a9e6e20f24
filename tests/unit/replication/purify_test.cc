// Purify on hand-made publications: which tables are chosen and in what
// order, aliases, TEXT and EXCLUDE COLUMNS, and every error of
// sql-surface.md 4.3 and 5 with its SQLSTATE, detail and hint. Also the
// type allow-list (IngestType), which is pure as well.
#include <catch2/catch.hpp>

#include "common/error.h"
#include "replication/purify.h"

using namespace freshet;
using namespace freshet::replication;
using types::Type;
using types::TypeId;

namespace {

constexpr uint32_t kInt4 = 23, kInt8 = 20, kText = 25, kVarchar = 1043, kJson = 114, kMoney = 790, kInet = 869;

UpstreamTable Table(uint32_t oid, std::string schema, std::string name, std::vector<UpstreamColumn> columns) {
  UpstreamTable t;
  t.oid = oid;
  t.schema = std::move(schema);
  t.name = std::move(name);
  t.replica_identity = 'f';
  t.columns = std::move(columns);
  return t;
}

// public.t (id int4 NOT NULL, c text, m money, v varchar(10)) and
// public.u (a int8, j json), all REPLICA IDENTITY FULL.
PublicationInfo Publication() {
  PublicationInfo p;
  p.database = "postgres";
  p.user = "mz";
  p.timeline_id = 1;
  p.tables.push_back(Table(100, "public", "t",
                           {{"id", kInt4, -1, true}, {"c", kText, -1, false}, {"m", kMoney, -1, false},
                            {"v", kVarchar, 14, false}}));
  p.tables.push_back(Table(200, "public", "u", {{"a", kInt8, -1, false}, {"j", kJson, -1, false}}));
  return p;
}

// Publication() with other.t (id int4, w text) in front, as the publication
// lists tables by schema then name.
PublicationInfo WithOtherT() {
  PublicationInfo p = Publication();
  p.tables.insert(p.tables.begin(), Table(300, "other", "t", {{"id", kInt4, -1, false}, {"w", kText, -1, false}}));
  return p;
}

TableSelection All() {
  TableSelection s;
  s.kind = TableSelection::Kind::kAll;
  return s;
}

TableSelection Schemas(std::vector<std::string> schemas) {
  TableSelection s;
  s.kind = TableSelection::Kind::kSchemas;
  s.schemas = std::move(schemas);
  return s;
}

TableSelection Tables(std::vector<TableSelection::Reference> refs) {
  TableSelection s;
  s.kind = TableSelection::Kind::kTables;
  s.tables = std::move(refs);
  return s;
}

TableSelection::Reference Ref(NameParts upstream, std::optional<std::string> alias = std::nullopt) {
  return {std::move(upstream), std::move(alias)};
}

// The error Purify returns; fails the test case when it succeeds.
ErrorInfo PurifyError(const PublicationInfo& p, const TableSelection& s, std::string_view pub = "mz_source") {
  auto r = Purify(p, pub, s);
  REQUIRE_FALSE(r.ok());
  return ToErrorInfo(r.status());
}

std::vector<IngestTable> PurifyOk(const PublicationInfo& p, const TableSelection& s) {
  auto r = Purify(p, "mz_source", s);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *std::move(r);
}

std::vector<std::string> Names(const std::vector<IngestTable>& tables) {
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.name);
  return names;
}

std::vector<std::string> ColumnNames(const IngestTable& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  return names;
}

const std::string kUnsupportedMoney =
    "the following columns contain unsupported types:\npostgres.public.t.m (OID 790)";

}  // namespace

TEST_CASE("purify: FOR TABLES with an alias, TEXT and EXCLUDE COLUMNS") {
  TableSelection s = Tables({Ref({"public", "t"}, "t1"), Ref({"u"})});
  s.text_columns = {{"t", "m"}, {"t", "id"}};
  s.exclude_columns = {{"public", "t", "c"}};
  auto tables = PurifyOk(Publication(), s);
  REQUIRE(tables.size() == 2);

  const IngestTable& t = tables[0];
  CHECK(t.oid == 100);
  CHECK(t.schema == "public");
  CHECK(t.table == "t");
  CHECK(t.name == "t1");
  CHECK(t.upstream_columns == 4);
  REQUIRE(ColumnNames(t) == std::vector<std::string>{"id", "m", "v"});
  // id: TEXT COLUMNS, NOT NULL kept.
  CHECK(t.columns[0].upstream_index == 0);
  CHECK(t.columns[0].as_text);
  CHECK(t.columns[0].type == Type{TypeId::kText});
  CHECK_FALSE(t.columns[0].nullable);
  CHECK(t.columns[0].upstream_type_oid == kInt4);
  // c excluded: m keeps its upstream position.
  CHECK(t.columns[1].upstream_index == 2);
  CHECK(t.columns[1].as_text);
  CHECK(t.columns[1].type == Type{TypeId::kText});
  CHECK(t.columns[1].nullable);
  CHECK(t.columns[1].upstream_type_oid == kMoney);
  CHECK(t.columns[2].upstream_index == 3);
  CHECK_FALSE(t.columns[2].as_text);
  CHECK(t.columns[2].type == Type{TypeId::kVarchar, 14});
  CHECK(t.columns[2].upstream_typmod == 14);

  const IngestTable& u = tables[1];
  CHECK(u.name == "u");
  CHECK(u.oid == 200);
  CHECK(u.upstream_columns == 2);
  REQUIRE(ColumnNames(u) == std::vector<std::string>{"a", "j"});
  CHECK(u.columns[0].type == Type{TypeId::kInt8});
  CHECK(u.columns[1].type == Type{TypeId::kJsonb});  // json is ingested as jsonb
  CHECK(u.columns[1].upstream_type_oid == kJson);
  CHECK(u.columns[1].upstream_index == 1);
}

TEST_CASE("purify: FOR TABLES keeps the order written; references of 1 to 3 parts") {
  TableSelection s = Tables({Ref({"u"}), Ref({"postgres", "public", "t"})});
  s.exclude_columns = {{"postgres", "public", "t", "m"}};
  CHECK(Names(PurifyOk(Publication(), s)) == std::vector<std::string>{"u", "t"});

  // One upstream table twice under two names is allowed.
  TableSelection twice = Tables({Ref({"u"}, "u1"), Ref({"public", "u"}, "u2")});
  auto tables = PurifyOk(Publication(), twice);
  CHECK(Names(tables) == std::vector<std::string>{"u1", "u2"});
  CHECK(tables[0].oid == tables[1].oid);
}

TEST_CASE("purify: FOR ALL TABLES and FOR SCHEMAS follow the publication's order") {
  TableSelection all = All();
  all.text_columns = {{"t", "m"}};
  auto tables = PurifyOk(Publication(), all);
  CHECK(Names(tables) == std::vector<std::string>{"t", "u"});

  PublicationInfo p = WithOtherT();
  TableSelection schemas = Schemas({"public"});
  schemas.exclude_columns = {{"public", "t", "m"}};
  tables = PurifyOk(p, schemas);
  REQUIRE(Names(tables) == std::vector<std::string>{"t", "u"});
  CHECK(tables[0].oid == 100);
  CHECK(ColumnNames(tables[0]) == std::vector<std::string>{"id", "c", "v"});

  tables = PurifyOk(p, Schemas({"other"}));
  REQUIRE(tables.size() == 1);
  CHECK(tables[0].oid == 300);
  CHECK(tables[0].columns[0].nullable);
}

TEST_CASE("purify: no tables requested") {
  CHECK(PurifyOk(Publication(), Tables({})).empty());
  PublicationInfo empty = Publication();
  empty.tables.clear();
  CHECK(PurifyOk(empty, Tables({})).empty());

  TableSelection text = Tables({});
  text.text_columns = {{"t", "c"}};
  ErrorInfo e = PurifyError(Publication(), text);
  CHECK(e.code == "22023");
  CHECK(e.message == "TEXT COLUMNS option is unnecessary when no tables are added");

  TableSelection exclude = Tables({});
  exclude.exclude_columns = {{"t", "c"}};
  CHECK(PurifyError(Publication(), exclude).message == "EXCLUDE COLUMNS option is unnecessary when no tables are added");
}

TEST_CASE("purify: an empty publication") {
  PublicationInfo p = Publication();
  p.tables.clear();
  ErrorInfo e = PurifyError(p, All(), "p");
  CHECK(e.code == "55000");
  CHECK(e.message == "PUBLICATION p is empty");
  CHECK(e.detail == "FOR ALL TABLES is only valid for non-empty publications");
  CHECK(e.hint.find("ALTER PUBLICATION p ADD TABLE") != std::string::npos);

  e = PurifyError(p, Tables({Ref({"t"})}), "p");
  CHECK(e.message == "PUBLICATION p is empty");
  CHECK(e.detail == "FOR TABLES (..) is only valid for non-empty publications");

  e = PurifyError(p, Schemas({"public"}), "p");
  CHECK(e.message == "PUBLICATION p is empty");
  CHECK(e.detail == "FOR SCHEMAS (..) is only valid for non-empty publications");
}

TEST_CASE("purify: FOR SCHEMAS names schemas without published tables") {
  ErrorInfo e = PurifyError(Publication(), Schemas({"nope", "public", "gone", "nope"}));
  CHECK(e.code == "3F000");
  CHECK(e.message == "database postgres missing referenced schemas");
  CHECK(e.detail == "missing schemas: nope, gone");
}

TEST_CASE("purify: references that do not resolve") {
  ErrorInfo e = PurifyError(Publication(), Tables({Ref({"t"}), Ref({"nope"})}), "pub");
  CHECK(e.code == "42P01");
  CHECK(e.message == "reference to nope not found in source");
  CHECK(e.detail == "publication \"pub\" has no such table");

  e = PurifyError(Publication(), Tables({Ref({"other", "t"})}));
  CHECK(e.message == "reference to other.t not found in source");

  // A database other than the upstream one.
  e = PurifyError(Publication(), Tables({Ref({"db2", "public", "t"})}));
  CHECK(e.code == "42P01");
  CHECK(e.message == "reference to db2.public.t not found in source");
  CHECK(e.detail == "the upstream database is postgres");

  e = PurifyError(Publication(), Tables({Ref({"x", "postgres", "public", "t"})}));
  CHECK(e.message == "reference to x.postgres.public.t not found in source");

  // "t" is both other.t and public.t.
  e = PurifyError(WithOtherT(), Tables({Ref({"t"})}));
  CHECK(e.code == "42P09");
  CHECK(e.message == "reference t is ambiguous, consider specifying an additional layer of qualification");
  CHECK(e.detail == "it matches other.t, public.t");
  CHECK(PurifyOk(WithOtherT(), Tables({Ref({"other", "t"}, "ot"), Ref({"u"})}))[0].oid == 300);
}

TEST_CASE("purify: two tables under one name") {
  ErrorInfo e = PurifyError(WithOtherT(), All());
  CHECK(e.code == "42710");
  CHECK(e.message == "catalog item 't' already exists");
  CHECK(e.detail == "upstream tables other.t, public.t would all be named t");
  CHECK(e.hint.find("AS") != std::string::npos);

  e = PurifyError(Publication(), Tables({Ref({"t"}), Ref({"u"}, "t")}));
  CHECK(e.message == "catalog item 't' already exists");
  CHECK(e.detail == "upstream tables public.t, public.u would all be named t");

  e = PurifyError(Publication(), Tables({Ref({"u"}), Ref({"u"})}));
  CHECK(e.message == "catalog item 'u' already exists");
}

TEST_CASE("purify: missing privileges upstream") {
  PublicationInfo p = Publication();
  p.tables[0].can_select = false;
  p.tables[1].can_select = false;
  TableSelection s = Tables({Ref({"t"}), Ref({"u"})});
  s.text_columns = {{"t", "m"}};
  ErrorInfo e = PurifyError(p, s);
  CHECK(e.code == "42501");
  CHECK(e.message == "insufficient privileges");
  CHECK(e.detail == "user mz lacks SELECT privileges for tables public.t, public.u");

  // Schema USAGE is reported first.
  p.tables[1].schema_usage = false;
  e = PurifyError(p, s);
  CHECK(e.message == "insufficient privileges");
  CHECK(e.detail == "user mz lacks USAGE privileges for schemas public");

  // Only the tables being added matter.
  p = Publication();
  p.tables[1].can_select = false;
  p.tables[1].schema_usage = false;
  TableSelection only_t = Tables({Ref({"t"})});
  only_t.text_columns = {{"t", "m"}};
  CHECK(PurifyOk(p, only_t).size() == 1);
}

TEST_CASE("purify: bad TEXT and EXCLUDE COLUMNS references") {
  for (const char* option : {"TEXT COLUMNS", "EXCLUDE COLUMNS"}) {
    TableSelection s = All();
    std::vector<NameParts>& list = std::string(option) == "TEXT COLUMNS" ? s.text_columns : s.exclude_columns;
    list = {{"c"}};
    ErrorInfo e = PurifyError(Publication(), s);
    CHECK(e.code == "22023");
    CHECK(e.message ==
          std::string("invalid ") + option + " option value: column name 'c' must have at least a table qualification");

    list = {{"t", "xyz"}};
    e = PurifyError(Publication(), s);
    CHECK(e.code == "42703");
    CHECK(e.message == std::string("invalid ") + option + " option value: column \"t.xyz\" does not exist");

    list = {{"public", "t", "nope"}};
    CHECK(PurifyError(Publication(), s).message ==
          std::string("invalid ") + option + " option value: column \"public.t.nope\" does not exist");

    list = {{"t", "m"}, {"postgres", "public", "t", "m"}};
    e = PurifyError(Publication(), s);
    CHECK(e.code == "22023");
    CHECK(e.message ==
          std::string("invalid ") + option + " option value: unexpected multiple references to postgres.public.t.m");

    list = {{"nope", "c"}};
    e = PurifyError(Publication(), s);
    CHECK(e.code == "42P01");
    CHECK(e.message == std::string("invalid ") + option + " option value: reference to nope not found in source");

    TableSelection u_only = Tables({Ref({"public", "u"})});
    (std::string(option) == "TEXT COLUMNS" ? u_only.text_columns : u_only.exclude_columns) = {
        {"public", "t", "c"}, {"other", "t", "w"}, {"u", "a"}, {"public", "t", "id"}};
    e = PurifyError(WithOtherT(), u_only);
    CHECK(e.code == "22023");
    CHECK(e.message == std::string(option) + " refers to table not currently being added");
    CHECK(e.detail == "the following tables are referenced but not added: public.t, other.t");
  }
}

TEST_CASE("purify: a column both in TEXT COLUMNS and in EXCLUDE COLUMNS") {
  TableSelection s = All();
  s.text_columns = {{"t", "m"}, {"t", "c"}, {"u", "a"}};
  s.exclude_columns = {{"public", "t", "c"}, {"t", "v"}, {"u", "j"}};
  ErrorInfo e = PurifyError(Publication(), s);
  CHECK(e.code == "42701");
  CHECK(e.message == "duplicated column name references: [\"c\"]");

  s.exclude_columns.push_back({"u", "a"});
  CHECK(PurifyError(Publication(), s).message == "duplicated column name references: [\"c\", \"a\"]");
}

TEST_CASE("purify: tables without REPLICA IDENTITY FULL") {
  PublicationInfo p = WithOtherT();
  p.tables[0].replica_identity = 'd';
  p.tables[2].replica_identity = 'i';
  ErrorInfo e = PurifyError(p, Tables({Ref({"other", "t"}, "ot"), Ref({"public", "t"}), Ref({"u"})}));
  CHECK(e.code == "55000");
  CHECK(e.message == "referenced items not tables with REPLICA IDENTITY FULL");
  CHECK(e.detail == "referenced items: other.t, public.u");

  // Only the tables being added matter.
  TableSelection public_t = Tables({Ref({"public", "t"})});
  public_t.text_columns = {{"public", "t", "m"}};
  CHECK(PurifyOk(p, public_t).size() == 1);
}

TEST_CASE("purify: unsupported column types") {
  PublicationInfo p = Publication();
  ErrorInfo e = PurifyError(p, All());
  CHECK(e.code == "0A000");
  CHECK(e.message == "referenced tables use unsupported types");
  CHECK(e.detail == kUnsupportedMoney);
  CHECK(e.hint.find("TEXT COLUMNS") != std::string::npos);
  CHECK(e.hint.find("EXCLUDE COLUMNS") != std::string::npos);

  p.tables[1].columns.push_back({"addr", kInet, -1, false});
  e = PurifyError(p, Tables({Ref({"u"}), Ref({"t"})}));
  CHECK(e.detail ==
        "the following columns contain unsupported types:\n"
        "postgres.public.u.addr (OID 869)\n"
        "postgres.public.t.m (OID 790)");

  // Either list takes a column out of the check.
  TableSelection s = All();
  s.text_columns = {{"u", "addr"}};
  s.exclude_columns = {{"t", "m"}};
  auto tables = PurifyOk(p, s);
  CHECK(ColumnNames(tables[0]) == std::vector<std::string>{"id", "c", "v"});
  REQUIRE(ColumnNames(tables[1]) == std::vector<std::string>{"a", "j", "addr"});
  CHECK(tables[1].columns[2].as_text);
  CHECK(tables[1].columns[2].upstream_type_oid == kInet);

  // A table not being added is not checked.
  CHECK(PurifyOk(Publication(), Tables({Ref({"u"})})).size() == 1);
}

TEST_CASE("ingest types: the allow-list of sql-surface 7.9") {
  struct Case {
    uint32_t oid;
    int32_t typmod;
    std::optional<Type> want;
  };
  const Case cases[] = {
      {16, -1, Type{TypeId::kBool}},
      {1042, 9, Type{TypeId::kBpchar, 9}},
      {18, -1, Type{TypeId::kChar}},
      {1043, 14, Type{TypeId::kVarchar, 14}},
      {1700, (10 << 16 | 2) + 4, Type{TypeId::kNumeric, (10 << 16 | 2) + 4}},
      {1114, 3, Type{TypeId::kTimestamp, 3}},
      {22, -1, Type{TypeId::kInt2Vector}},
      {3912, -1, Type{TypeId::kDateRange}},
      {114, -1, Type{TypeId::kJsonb}},
      {3802, -1, Type{TypeId::kJsonb}},
      {199, -1, types::ArrayOf(Type{TypeId::kJsonb})},
      {1007, -1, types::ArrayOf(Type{TypeId::kInt4})},
      {1015, 14, types::ArrayOf(Type{TypeId::kVarchar, 14})},
      {1006, -1, types::ArrayOf(Type{TypeId::kInt2Vector})},
      // Known to Freshet but not ingested.
      {19, -1, std::nullopt},    // name
      {1003, -1, std::nullopt},  // name[]
      {2206, -1, std::nullopt},  // regtype
      {705, -1, std::nullopt},   // unknown
      {2278, -1, std::nullopt},  // void
      // Not known at all.
      {790, -1, std::nullopt},    // money
      {869, -1, std::nullopt},    // inet
      {1266, -1, std::nullopt},   // timetz
      {142, -1, std::nullopt},    // xml
      {16385, -1, std::nullopt},  // an enum or a domain
  };
  for (const Case& c : cases) {
    INFO("oid " << c.oid);
    CHECK(IngestType(c.oid, c.typmod) == c.want);
  }
}
