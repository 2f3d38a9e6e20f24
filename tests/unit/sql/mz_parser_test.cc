// Materialize's catalog statements (sql-surface.md sections 1-4): every form
// parses into the right struct, PostgreSQL's lexical rules hold, and syntax
// errors carry Materialize's message with the position in the whole query.
#include <catch2/catch.hpp>

#include "common/error.h"
#include "sql/statement.h"

using namespace freshet;
using namespace freshet::sql;
using Kind = OptionValue::Kind;

namespace {

// The body of the only statement of `sql`; fails the test on an error.
template <class T>
T ParseOne(const std::string& sql) {
  auto r = ParseStatements(sql);
  INFO(sql);
  if (!r.ok()) FAIL(r.status().ToString());
  REQUIRE(r->size() == 1);
  const T* body = std::get_if<T>(&(*r)[0].body);
  if (body == nullptr) FAIL("parsed as " << StatementKindName((*r)[0].body));
  return *body;
}

ErrorInfo ParseError(const std::string& sql) {
  auto r = ParseStatements(sql);
  INFO(sql);
  REQUIRE_FALSE(r.ok());
  return ToErrorInfo(r.status());
}

QualifiedName Name(std::string name, std::optional<std::string> schema = std::nullopt,
                   std::optional<std::string> database = std::nullopt) {
  QualifiedName n;
  n.name = std::move(name);
  n.schema = std::move(schema);
  n.database = std::move(database);
  return n;
}

OptionValue Str(std::string s) {
  OptionValue v;
  v.kind = Kind::kString;
  v.text = std::move(s);
  return v;
}

OptionValue Num(std::string s) {
  OptionValue v;
  v.kind = Kind::kNumber;
  v.text = std::move(s);
  return v;
}

OptionValue Bool(bool b) {
  OptionValue v;
  v.kind = Kind::kBoolean;
  v.text = b ? "true" : "false";
  return v;
}

OptionValue Ident(std::vector<std::string> parts) {
  OptionValue v;
  v.kind = Kind::kName;
  v.name = std::move(parts);
  return v;
}

OptionValue Ref(Kind kind, QualifiedName name) {
  OptionValue v;
  v.kind = kind;
  v.object = std::move(name);
  return v;
}

OptionValue List(std::vector<OptionValue> items) {
  OptionValue v;
  v.kind = Kind::kList;
  v.items = std::move(items);
  return v;
}

// The options' names and values, positions aside.
std::vector<std::pair<std::string, std::optional<OptionValue>>> Strip(const std::vector<Option>& options) {
  std::vector<std::pair<std::string, std::optional<OptionValue>>> out;
  for (const Option& o : options) out.emplace_back(o.name, o.value);
  return out;
}

using Expected = std::vector<std::pair<std::string, std::optional<OptionValue>>>;

void CheckSyntaxError(const std::string& sql, const std::string& message, int position) {
  ErrorInfo e = ParseError(sql);
  CHECK(e.code == "42601");
  CHECK(e.message == message);
  CHECK(e.position == position);
}

}  // namespace

TEST_CASE("secrets: CREATE, ALTER, DROP, SHOW") {
  auto create = ParseOne<CreateSecretStmt>("CREATE SECRET pgpass AS 'p@ss'");
  CHECK(create.name == Name("pgpass"));
  CHECK_FALSE(create.if_not_exists);
  CHECK(create.value.sql == "'p@ss'");
  CHECK(create.value.string_literal == "p@ss");
  CHECK(create.value.position == 25);

  auto qualified = ParseOne<CreateSecretStmt>(
      "create secret if not exists Materialize.Public.\"PgPass\" as decode('c2VjcmV0Cg==', 'base64')");
  CHECK(qualified.if_not_exists);
  CHECK(qualified.name == Name("PgPass", "public", "materialize"));
  CHECK(qualified.value.sql == "decode('c2VjcmV0Cg==', 'base64')");
  CHECK_FALSE(qualified.value.string_literal.has_value());

  auto alter = ParseOne<AlterSecretStmt>("ALTER SECRET IF EXISTS pgpass AS E'new\\tvalue'");
  CHECK(alter.if_exists);
  CHECK(alter.name == Name("pgpass"));
  CHECK(alter.value.string_literal == "new\tvalue");

  auto rename = ParseOne<AlterRenameStmt>("ALTER SECRET s.pgpass RENAME TO pgpass2");
  CHECK(rename.type == ObjectType::kSecret);
  CHECK(rename.name == Name("pgpass", "s"));
  CHECK(rename.new_name == "pgpass2");

  auto owner = ParseOne<AlterOwnerStmt>("ALTER SECRET pgpass OWNER TO \"Admin\"");
  CHECK(owner.type == ObjectType::kSecret);
  CHECK(owner.new_owner == "Admin");

  auto drop = ParseOne<DropObjectsStmt>("DROP SECRET IF EXISTS a, public.b CASCADE");
  CHECK(drop.type == ObjectType::kSecret);
  CHECK(drop.if_exists);
  CHECK(drop.names == std::vector<QualifiedName>{Name("a"), Name("b", "public")});
  CHECK(drop.cascade);
  CHECK_FALSE(ParseOne<DropObjectsStmt>("DROP SECRET a RESTRICT").cascade);

  auto show = ParseOne<ShowObjectsStmt>("SHOW SECRETS FROM materialize.public LIKE 'pg%'");
  CHECK(show.kind == ShowObjectsStmt::Kind::kSecrets);
  REQUIRE(show.from.has_value());
  CHECK(show.from->database == "materialize");
  CHECK(show.from->name == "public");
  CHECK(show.filter.like == "pg%");
  CHECK(ParseOne<ShowCreateStmt>("SHOW CREATE SECRET pgpass").kind == ShowCreateStmt::Kind::kSecret);

  CheckSyntaxError("CREATE SECRET pgpass 'x'", "Expected AS, found string literal \"x\"", 22);
  CheckSyntaxError("CREATE SECRET pgpass AS 'a', 'b'", "Expected end of statement, found comma", 28);
  CheckSyntaxError("CREATE SECRET pgpass AS 'a' AS b", "Expected end of statement, found AS", 29);
  CheckSyntaxError("CREATE SECRET pgpass AS 'a' b", "Expected end of statement, found identifier \"b\"", 29);
  // The value is a PostgreSQL expression: PostgreSQL's error, at its place in the query.
  CheckSyntaxError("CREATE SECRET pgpass AS decode('x', )", "syntax error at or near \")\"", 37);
  CheckSyntaxError("ALTER SECRET pgpass TO x", "Expected one of AS or RENAME or OWNER, found TO", 21);
  CheckSyntaxError("DROP SECRET a CASCADE RESTRICT", "Cannot specify both CASCADE and RESTRICT in DROP", 23);
}

TEST_CASE("connections: CREATE CONNECTION ... TO POSTGRES") {
  auto pg = ParseOne<CreateConnectionStmt>(R"(CREATE CONNECTION pg TO POSTGRES (
    HOST 'db.example.rds.amazonaws.com',
    PORT 5432,
    USER 'materialize',
    PASSWORD SECRET pgpass,
    DATABASE 'postgres',
    SSL MODE 'require'
))");
  CHECK(pg.name == Name("pg"));
  CHECK(pg.type == ConnectionType::kPostgres);
  CHECK(Strip(pg.options) == Expected{{"HOST", Str("db.example.rds.amazonaws.com")},
                                      {"PORT", Num("5432")},
                                      {"USER", Str("materialize")},
                                      {"PASSWORD", Ref(Kind::kSecret, Name("pgpass"))},
                                      {"DATABASE", Str("postgres")},
                                      {"SSL MODE", Str("require")}});
  CHECK(pg.options[0].position == 40);
  CHECK(pg.with_options.empty());

  auto pg2 = ParseOne<CreateConnectionStmt>(
      "CREATE CONNECTION IF NOT EXISTS pg2 TO POSTGRES (HOST 'h', DATABASE postgres, USER postgres) "
      "WITH (VALIDATE = false)");
  CHECK(pg2.if_not_exists);
  CHECK(Strip(pg2.options) ==
        Expected{{"HOST", Str("h")}, {"DATABASE", Ident({"postgres"})}, {"USER", Ident({"postgres"})}});
  CHECK(Strip(pg2.with_options) == Expected{{"VALIDATE", Bool(false)}});

  // '=' is optional, USERNAME means USER, TLS options and tunnels.
  auto tls = ParseOne<CreateConnectionStmt>(
      "CREATE CONNECTION pg TO POSTGRES (HOST = 'h', USERNAME = SECRET u, SSL CERTIFICATE AUTHORITY = SECRET ca, "
      "SSL CERTIFICATE 'cert', SSL KEY SECRET key, SSH TUNNEL tun, AWS PRIVATELINK pl (PORT 1234)) WITH (VALIDATE)");
  OptionValue privatelink = Ref(Kind::kObject, Name("pl"));
  privatelink.options.push_back(Option{"PORT", Num("1234"), 187});
  CHECK(Strip(tls.options) == Expected{{"HOST", Str("h")},
                                       {"USER", Ref(Kind::kSecret, Name("u"))},
                                       {"SSL CERTIFICATE AUTHORITY", Ref(Kind::kSecret, Name("ca"))},
                                       {"SSL CERTIFICATE", Str("cert")},
                                       {"SSL KEY", Ref(Kind::kSecret, Name("key"))},
                                       {"SSH TUNNEL", Ref(Kind::kObject, Name("tun"))},
                                       {"AWS PRIVATELINK", privatelink}});
  CHECK(Strip(tls.with_options) == Expected{{"VALIDATE", std::nullopt}});

  // The old FOR form without parentheses.
  auto old = ParseOne<CreateConnectionStmt>("CREATE CONNECTION pg FOR POSTGRES HOST 'h', PORT 5433");
  CHECK(Strip(old.options) == Expected{{"HOST", Str("h")}, {"PORT", Num("5433")}});
}

TEST_CASE("connections: SSH TUNNEL and AWS PRIVATELINK") {
  auto ssh = ParseOne<CreateConnectionStmt>(
      "CREATE CONNECTION ssh_connection TO SSH TUNNEL (HOST 'bastion-host', PORT 22, USER 'materialize')");
  CHECK(ssh.type == ConnectionType::kSshTunnel);
  CHECK(Strip(ssh.options) ==
        Expected{{"HOST", Str("bastion-host")}, {"PORT", Num("22")}, {"USER", Str("materialize")}});

  auto pl = ParseOne<CreateConnectionStmt>(
      "CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (SERVICE NAME "
      "'com.amazonaws.vpce.us-east-1.vpce-svc-0123', AVAILABILITY ZONES ('use1-az1', 'use1-az4'))");
  CHECK(pl.type == ConnectionType::kAwsPrivatelink);
  CHECK(Strip(pl.options) == Expected{{"SERVICE NAME", Str("com.amazonaws.vpce.us-east-1.vpce-svc-0123")},
                                      {"AVAILABILITY ZONES", List({Str("use1-az1"), Str("use1-az4")})}});

  CHECK(ConnectionTypeTakesOption(ConnectionType::kPostgres, "SSL MODE"));
  CHECK_FALSE(ConnectionTypeTakesOption(ConnectionType::kSshTunnel, "SSL MODE"));
  CHECK(ConnectionTypeTakesOption(ConnectionType::kAwsPrivatelink, "AVAILABILITY ZONES"));
}

TEST_CASE("connections: option errors") {
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (HOST 'h', BROKER 'b')",
                   "POSTGRES connections do not support BROKER values", 45);
  CheckSyntaxError("CREATE CONNECTION s TO SSH TUNNEL (SSL MODE 'x', HOST 'h', DATABASE 'd')",
                   "SSH TUNNEL connections do not support DATABASE, SSL MODE values", 36);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (HOST 'a', PORT 1, host 'b')", "HOST specified more than once",
                   53);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (USER 'a', USERNAME 'b')", "USER specified more than once", 45);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (HOTS 'h')",
                   "Expected one of ACCESS or ASSUME or AVAILABILITY or AWS or BROKER or BROKERS or DATABASE or "
                   "ENDPOINT or HOST or PASSWORD or PORT or PUBLIC or PROGRESS or REGION or SASL or SECRET or "
                   "SECURITY or SERVICE or SESSION or SSH or SSL or URL or USER or USERNAME, found identifier \"hots\"",
                   35);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (SSL 'x')",
                   "Expected one of CERTIFICATE or MODE or KEY, found string literal \"x\"", 39);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (SSH 'x')", "Expected TUNNEL, found string literal \"x\"", 39);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (HOST 'h'", "Expected right parenthesis, found EOF", 43);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES HOST 'h'", "Expected left parenthesis, found HOST", 34);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (HOST 'h') WITH (VALIDATE = false, FOO = 1)",
                   "Expected one of VALIDATE, found identifier \"foo\"", 69);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (HOST = ,)", "Expected option value, found comma", 42);
  CheckSyntaxError("CREATE CONNECTION pg TO ORACLE (HOST 'h')",
                   "Expected one of AWS or KAFKA or CONFLUENT or POSTGRES or SSH or SQL or MYSQL or YUGABYTE, found "
                   "identifier \"oracle\"",
                   25);
  CheckSyntaxError("CREATE CONNECTION pg TO POSTGRES (AWS PRIVATELINK pl (PORT 'x'))",
                   "Expected literal integer, found string literal \"x\"", 60);

  ErrorInfo kafka = ParseError("CREATE CONNECTION k TO KAFKA (BROKER 'b:9092')");
  CHECK(kafka.code == "0A000");
  CHECK(kafka.message == "KAFKA connections are not supported");
  CHECK(kafka.position == 24);
  CHECK(ParseError("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'u')").message ==
        "CONFLUENT SCHEMA REGISTRY connections are not supported");
}

TEST_CASE("connections: ALTER, VALIDATE, DROP, SHOW") {
  auto rotate = ParseOne<AlterConnectionStmt>("ALTER CONNECTION ssh_connection ROTATE KEYS");
  CHECK(rotate.rotate_keys);
  CHECK(rotate.set_options.empty());

  auto alter = ParseOne<AlterConnectionStmt>(
      "ALTER CONNECTION IF EXISTS pg SET (HOST 'new-host'), SET USER postgres, DROP (PORT), RESET SSL MODE "
      "WITH (VALIDATE = true)");
  CHECK(alter.if_exists);
  CHECK_FALSE(alter.rotate_keys);
  CHECK(Strip(alter.set_options) == Expected{{"HOST", Str("new-host")}, {"USER", Ident({"postgres"})}});
  CHECK(alter.reset_options == std::vector<std::string>{"PORT", "SSL MODE"});
  CHECK(Strip(alter.with_options) == Expected{{"VALIDATE", Bool(true)}});

  auto rename = ParseOne<AlterRenameStmt>("ALTER CONNECTION pg RENAME TO pg_old");
  CHECK(rename.type == ObjectType::kConnection);
  CHECK(rename.new_name == "pg_old");
  CHECK(ParseOne<AlterOwnerStmt>("ALTER CONNECTION pg OWNER TO r").type == ObjectType::kConnection);

  CHECK(ParseOne<ValidateConnectionStmt>("VALIDATE CONNECTION materialize.public.pg").name ==
        Name("pg", "public", "materialize"));

  auto drop = ParseOne<DropObjectsStmt>("DROP CONNECTION pg, ssh_connection");
  CHECK(drop.type == ObjectType::kConnection);
  CHECK(drop.names.size() == 2);
  CHECK_FALSE(drop.cascade);

  auto show = ParseOne<ShowObjectsStmt>("SHOW CONNECTIONS WHERE type = 'postgres'");
  CHECK(show.kind == ShowObjectsStmt::Kind::kConnections);
  REQUIRE(show.filter.where.has_value());
  CHECK(show.filter.where->sql == "type = 'postgres'");
  CHECK(show.filter.where->position == 24);
  auto show_create = ParseOne<ShowCreateStmt>("SHOW CREATE CONNECTION pg");
  CHECK(show_create.kind == ShowCreateStmt::Kind::kConnection);
  CHECK(show_create.name == Name("pg"));

  CheckSyntaxError("ALTER CONNECTION c ROTATE KEYS, SET (HOST 'h')",
                   "cannot specify any other actions alongside ALTER CONNECTION...ROTATE KEYS", 20);
  CheckSyntaxError("ALTER CONNECTION c SET (HOST 'a'), DROP (HOST)", "cannot both SET and DROP/RESET options HOST", 42);
  CheckSyntaxError("ALTER CONNECTION c SET (PORT 1), SET (PORT 2)", "PORT specified more than once", 39);
  CheckSyntaxError("ALTER CONNECTION c ROTATE", "Expected KEYS, found EOF", 26);
  CheckSyntaxError("VALIDATE pg", "Expected CONNECTION, found identifier \"pg\"", 10);
}

TEST_CASE("clusters: CREATE, ALTER, DROP, replicas, SHOW") {
  auto create = ParseOne<CreateClusterStmt>("CREATE CLUSTER ingest (SIZE = '100cc', REPLICATION FACTOR 2)");
  CHECK(create.name == "ingest");
  CHECK(Strip(create.options) == Expected{{"SIZE", Str("100cc")}, {"REPLICATION FACTOR", Num("2")}});

  // Without parentheses; MANAGED with no value; a schedule.
  auto bare = ParseOne<CreateClusterStmt>(
      "CREATE CLUSTER c SIZE '25cc', MANAGED, SCHEDULE = ON REFRESH (HYDRATION TIME ESTIMATE = '1 hour')");
  REQUIRE(bare.options.size() == 3);
  CHECK(bare.options[1].name == "MANAGED");
  CHECK_FALSE(bare.options[1].value.has_value());
  REQUIRE(bare.options[2].value.has_value());
  const OptionValue& schedule = *bare.options[2].value;
  CHECK(schedule.kind == Kind::kKeyword);
  CHECK(schedule.text == "ON REFRESH");
  REQUIRE(schedule.options.size() == 1);
  CHECK(schedule.options[0].name == "HYDRATION TIME ESTIMATE");
  CHECK(schedule.options[0].value == Str("1 hour"));

  // A legacy unmanaged cluster.
  auto unmanaged = ParseOne<CreateClusterStmt>("CREATE CLUSTER c REPLICAS (r1 (SIZE '1'), r2 (SIZE = '2'))");
  REQUIRE(unmanaged.options.size() == 1);
  CHECK(unmanaged.options[0].name == "REPLICAS");
  const OptionValue& replicas = *unmanaged.options[0].value;
  CHECK(replicas.kind == Kind::kReplicas);
  REQUIRE(replicas.replicas.size() == 2);
  CHECK(replicas.replicas[1].name == "r2");
  CHECK(Strip(replicas.replicas[1].options) == Expected{{"SIZE", Str("2")}});

  auto set = ParseOne<AlterClusterStmt>(
      "ALTER CLUSTER ingest SET (SIZE '200cc') WITH (WAIT UNTIL READY (TIMEOUT = '10m', ON TIMEOUT = COMMIT))");
  CHECK(set.action == AlterClusterStmt::Action::kSetOptions);
  CHECK(Strip(set.options) == Expected{{"SIZE", Str("200cc")}});
  REQUIRE(set.wait.has_value());
  CHECK(set.wait->kind == ClusterWait::Kind::kUntilReady);
  CHECK(Strip(set.wait->until_ready) == Expected{{"TIMEOUT", Str("10m")}, {"ON TIMEOUT", Ident({"commit"})}});

  auto wait_for = ParseOne<AlterClusterStmt>("ALTER CLUSTER IF EXISTS c SET (SIZE '1') WITH (WAIT FOR '5m')");
  CHECK(wait_for.if_exists);
  REQUIRE(wait_for.wait.has_value());
  CHECK(wait_for.wait->kind == ClusterWait::Kind::kFor);
  CHECK(wait_for.wait->duration == Str("5m"));

  auto reset = ParseOne<AlterClusterStmt>("ALTER CLUSTER c RESET (REPLICATION FACTOR, SCHEDULE)");
  CHECK(reset.action == AlterClusterStmt::Action::kResetOptions);
  CHECK(reset.reset_options == std::vector<std::string>{"REPLICATION FACTOR", "SCHEDULE"});

  auto swap = ParseOne<AlterClusterStmt>("ALTER CLUSTER a SWAP WITH b");
  CHECK(swap.action == AlterClusterStmt::Action::kSwap);
  CHECK(swap.swap_with == "b");
  auto rename = ParseOne<AlterRenameStmt>("ALTER CLUSTER a RENAME TO \"B\"");
  CHECK(rename.type == ObjectType::kCluster);
  CHECK(rename.name == Name("a"));
  CHECK(rename.new_name == "B");

  auto drop = ParseOne<DropObjectsStmt>("DROP CLUSTER IF EXISTS a, b CASCADE");
  CHECK(drop.type == ObjectType::kCluster);
  CHECK(drop.names == std::vector<QualifiedName>{Name("a"), Name("b")});
  CHECK(drop.cascade);

  auto replica = ParseOne<CreateClusterReplicaStmt>("CREATE CLUSTER REPLICA c.r1 (SIZE '25cc', AVAILABILITY ZONE 'a')");
  CHECK(replica.cluster == "c");
  CHECK(replica.replica == "r1");
  CHECK(Strip(replica.options) == Expected{{"SIZE", Str("25cc")}, {"AVAILABILITY ZONE", Str("a")}});
  auto drop_replicas = ParseOne<DropClusterReplicasStmt>("DROP CLUSTER REPLICA IF EXISTS c.r1, c.r2");
  CHECK(drop_replicas.if_exists);
  CHECK(drop_replicas.names == std::vector<ReplicaName>{{"c", "r1"}, {"c", "r2"}});

  CHECK(ParseOne<ShowObjectsStmt>("SHOW CLUSTERS LIKE 'q%'").kind == ShowObjectsStmt::Kind::kClusters);
  auto show_replicas = ParseOne<ShowObjectsStmt>("SHOW CLUSTER REPLICAS WHERE cluster = 'quickstart'");
  CHECK(show_replicas.kind == ShowObjectsStmt::Kind::kClusterReplicas);
  CHECK(show_replicas.filter.where->sql == "cluster = 'quickstart'");
  CHECK(ParseOne<ShowCreateStmt>("SHOW CREATE CLUSTER quickstart").name == Name("quickstart"));

  // The session variable keeps its PostgreSQL forms.
  CHECK(ParseOne<SetVariableStmt>("SET CLUSTER = ingest").name == "cluster");
  CHECK(ParseOne<SetVariableStmt>("SET cluster TO 'ingest'").values == std::vector<std::string>{"ingest"});
  CHECK(ParseOne<ShowVariableStmt>("SHOW cluster").name == "cluster");

  CheckSyntaxError("CREATE CLUSTER c (SIZE '1', SIZE '2')", "SIZE specified more than once", 29);
  CheckSyntaxError("CREATE CLUSTER c (SIZ '1')",
                   "Expected one of AVAILABILITY or DISK or INTROSPECTION or MANAGED or REPLICAS or REPLICATION or "
                   "SIZE or SCHEDULE or WORKLOAD, found identifier \"siz\"",
                   19);
  CheckSyntaxError("CREATE CLUSTER c (REPLICATION '1')", "Expected FACTOR, found string literal \"1\"", 31);
  CheckSyntaxError("CREATE CLUSTER c.d (SIZE '1')", "Expected one of AVAILABILITY or DISK or INTROSPECTION or "
                   "MANAGED or REPLICAS or REPLICATION or SIZE or SCHEDULE or WORKLOAD, found dot", 17);
  CheckSyntaxError("ALTER CLUSTER c SET (SIZE '1') WITH (WAIT SOON)", "Expected one of FOR or UNTIL, found identifier "
                   "\"soon\"", 43);
  CheckSyntaxError("DROP CLUSTER REPLICA c", "Expected dot, found EOF", 23);
  CheckSyntaxError("DROP CLUSTER REPLICA c.r CASCADE", "Expected end of statement, found CASCADE", 26);
  ErrorInfo alter_replica = ParseError("ALTER CLUSTER REPLICA c.r RENAME TO r2");
  CHECK(alter_replica.code == "0A000");
  CHECK(alter_replica.message == "ALTER CLUSTER REPLICA is not supported");
}

TEST_CASE("sources: the legacy CREATE SOURCE ... FOR forms") {
  auto all = ParseOne<CreateSourceStmt>(
      "CREATE SOURCE mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION pg_connection "
      "(PUBLICATION 'mz_source') FOR ALL TABLES");
  CHECK(all.name == Name("mz_source"));
  CHECK(all.in_cluster == "ingest_postgres");
  CHECK(all.connection == Name("pg_connection"));
  CHECK(Strip(all.connection_options) == Expected{{"PUBLICATION", Str("mz_source")}});
  CHECK(all.tables == CreateSourceStmt::Tables::kAll);

  auto tables = ParseOne<CreateSourceStmt>(
      "CREATE SOURCE IF NOT EXISTS src FROM POSTGRES CONNECTION pg (PUBLICATION = 'p', "
      "TEXT COLUMNS = (public.t.c, t.d), EXCLUDE COLUMNS (t.e)) "
      "FOR TABLES (public.t AS t2, postgres.public.\"Other\", u INTO s.u) "
      "EXPOSE PROGRESS AS src_prog WITH (RETAIN HISTORY = FOR '1h', TIMESTAMP INTERVAL '1s')");
  CHECK(tables.if_not_exists);
  CHECK(Strip(tables.connection_options) ==
        Expected{{"PUBLICATION", Str("p")},
                 {"TEXT COLUMNS", List({Ident({"public", "t", "c"}), Ident({"t", "d"})})},
                 {"EXCLUDE COLUMNS", List({Ident({"t", "e"})})}});
  CHECK(tables.tables == CreateSourceStmt::Tables::kTables);
  CHECK(tables.references == std::vector<ExternalReference>{{Name("t", "public"), Name("t2")},
                                                            {Name("Other", "public", "postgres"), std::nullopt},
                                                            {Name("u"), Name("u", "s")}});
  CHECK(tables.progress_name == Name("src_prog"));
  CHECK(Strip(tables.with_options) == Expected{{"RETAIN HISTORY", Str("1h")}, {"TIMESTAMP INTERVAL", Str("1s")}});

  auto schemas = ParseOne<CreateSourceStmt>(
      "CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION 'p', IGNORE COLUMNS [t.x]) "
      "FOR SCHEMAS (public, \"Sales\")");
  CHECK(schemas.tables == CreateSourceStmt::Tables::kSchemas);
  CHECK(schemas.schemas == std::vector<std::string>{"public", "Sales"});
  CHECK(Strip(schemas.connection_options)[1] ==
        std::pair<std::string, std::optional<OptionValue>>{"EXCLUDE COLUMNS", List({Ident({"t", "x"})})});

  // DETAILS parses: stored definitions carry it (the catalog refuses it from users).
  auto details = ParseOne<CreateSourceStmt>("CREATE SOURCE s FROM POSTGRES CONNECTION pg (DETAILS 'abcd')");
  CHECK(details.connection_options[0].name == "DETAILS");
}

TEST_CASE("sources: the new model, CREATE TABLE ... FROM SOURCE") {
  auto source = ParseOne<CreateSourceStmt>(
      "CREATE SOURCE pg_source IN CLUSTER c FROM POSTGRES CONNECTION pg (PUBLICATION 'mz_source') "
      "WITH (TIMESTAMP INTERVAL = '500ms')");
  CHECK(source.tables == CreateSourceStmt::Tables::kNone);
  CHECK(source.references.empty());

  auto table = ParseOne<CreateTableFromSourceStmt>(
      "CREATE TABLE IF NOT EXISTS t FROM SOURCE pg_source (REFERENCE = postgres.public.t) "
      "WITH (TEXT COLUMNS = [c1, \"C2\"], EXCLUDE COLUMNS (c3), PARTITION BY (a, b), RETAIN HISTORY FOR '1d')");
  CHECK(table.if_not_exists);
  CHECK(table.name == Name("t"));
  CHECK(table.source == Name("pg_source"));
  CHECK(table.reference == Name("t", "public", "postgres"));
  CHECK(Strip(table.with_options) == Expected{{"TEXT COLUMNS", List({Ident({"c1"}), Ident({"C2"})})},
                                              {"EXCLUDE COLUMNS", List({Ident({"c3"})})},
                                              {"PARTITION BY", List({Ident({"a"}), Ident({"b"})})},
                                              {"RETAIN HISTORY", Str("1d")}});

  auto plain = ParseOne<CreateTableFromSourceStmt>("CREATE TABLE s.t FROM SOURCE src (REFERENCE t)");
  CHECK(plain.reference == Name("t"));
  CHECK(plain.with_options.empty());

  // The shape SHOW CREATE TABLE prints: column definitions and constraints.
  auto shown = ParseOne<CreateTableFromSourceStmt>(
      "CREATE TABLE materialize.public.t (id pg_catalog.int4 NOT NULL, v numeric(10, 2), "
      "CONSTRAINT t_pkey PRIMARY KEY (id)) FROM SOURCE materialize.public.src (REFERENCE = postgres.public.t) "
      "WITH (DETAILS = 'ab')");
  CHECK(shown.columns ==
        std::vector<TableColumn>{{"id", "pg_catalog.int4 NOT NULL"}, {"v", "numeric(10, 2)"}});
  CHECK(shown.constraints == std::vector<std::string>{"CONSTRAINT t_pkey PRIMARY KEY (id)"});

  // CREATE TABLE without FROM SOURCE stays PostgreSQL's.
  CHECK(ParseOne<CreateTableStmt>("CREATE TABLE t (a int)").name.name == "t");
  CHECK(ParseOne<UnsupportedStmt>("CREATE TABLE t AS SELECT * FROM source").what == "CREATE TABLE");

  CheckSyntaxError("CREATE TABLE t FROM SOURCE src (REFERENCE t) WITH (TEXT COLUMNS (a.b))",
                   "Expected right parenthesis, found dot", 67);
  CheckSyntaxError("CREATE TABLE t FROM SOURCE src (t)", "Expected REFERENCE, found identifier \"t\"", 33);
  CheckSyntaxError("CREATE TABLE t (a, b int) FROM SOURCE src", "cannot mix column definitions and column names", 25);
}

TEST_CASE("sources: ALTER, DROP, SHOW") {
  auto add = ParseOne<AlterSourceStmt>(
      "ALTER SOURCE mz_source ADD SUBSOURCE public.t3, t4 AS t4_copy WITH (TEXT COLUMNS (t3.c), EXCLUDE COLUMNS "
      "(t4.d))");
  CHECK(add.action == AlterSourceStmt::Action::kAddSubsources);
  CHECK(add.add == std::vector<ExternalReference>{{Name("t3", "public"), std::nullopt}, {Name("t4"), Name("t4_copy")}});
  CHECK(Strip(add.options) == Expected{{"TEXT COLUMNS", List({Ident({"t3", "c"})})},
                                       {"EXCLUDE COLUMNS", List({Ident({"t4", "d"})})}});
  CHECK(ParseOne<AlterSourceStmt>("ALTER SOURCE s ADD TABLE t").add.size() == 1);

  auto drop_sub = ParseOne<AlterSourceStmt>("ALTER SOURCE IF EXISTS s DROP SUBSOURCE IF EXISTS t2, t3 CASCADE");
  CHECK(drop_sub.if_exists);
  CHECK(drop_sub.action == AlterSourceStmt::Action::kDropSubsources);
  CHECK(drop_sub.drop_if_exists);
  CHECK(drop_sub.drop == std::vector<QualifiedName>{Name("t2"), Name("t3")});
  CHECK(drop_sub.cascade);

  CHECK(ParseOne<AlterSourceStmt>("ALTER SOURCE s REFRESH REFERENCES").action ==
        AlterSourceStmt::Action::kRefreshReferences);
  auto set = ParseOne<AlterSourceStmt>("ALTER SOURCE s SET (RETAIN HISTORY FOR '2h', TIMESTAMP INTERVAL '2s')");
  CHECK(set.action == AlterSourceStmt::Action::kSetOptions);
  CHECK(Strip(set.options) == Expected{{"RETAIN HISTORY", Str("2h")}, {"TIMESTAMP INTERVAL", Str("2s")}});
  auto reset = ParseOne<AlterSourceStmt>("ALTER SOURCE s RESET (RETAIN HISTORY, TIMESTAMP INTERVAL)");
  CHECK(reset.reset_options == std::vector<std::string>{"RETAIN HISTORY", "TIMESTAMP INTERVAL"});
  CHECK(ParseOne<AlterRenameStmt>("ALTER SOURCE s RENAME TO s2").type == ObjectType::kSource);
  CHECK(ParseOne<AlterOwnerStmt>("ALTER SOURCE s OWNER TO r").new_owner == "r");

  auto drop = ParseOne<DropObjectsStmt>("DROP SOURCE IF EXISTS mz_source CASCADE");
  CHECK(drop.type == ObjectType::kSource);
  CHECK(drop.if_exists);
  CHECK(drop.cascade);

  auto sources = ParseOne<ShowObjectsStmt>("SHOW SOURCES FROM public IN CLUSTER ingest WHERE type = 'postgres'");
  CHECK(sources.kind == ShowObjectsStmt::Kind::kSources);
  CHECK(sources.from->name == "public");
  CHECK(sources.in_cluster == "ingest");
  CHECK(sources.filter.where->sql == "type = 'postgres'");
  auto subsources = ParseOne<ShowObjectsStmt>("SHOW SUBSOURCES ON mz_source");
  CHECK(subsources.kind == ShowObjectsStmt::Kind::kSubsources);
  CHECK(subsources.on == Name("mz_source"));
  auto tables = ParseOne<ShowObjectsStmt>("SHOW TABLES FROM public ON pg_source");
  CHECK(tables.kind == ShowObjectsStmt::Kind::kTables);
  CHECK(tables.on == Name("pg_source"));
  CHECK(ParseOne<ShowCreateStmt>("SHOW CREATE SOURCE mz_source").kind == ShowCreateStmt::Kind::kSource);
  CHECK(ParseOne<ShowCreateStmt>("SHOW CREATE TABLE t").kind == ShowCreateStmt::Kind::kTable);
  CHECK(ParseOne<ShowCreateStmt>("SHOW CREATE MATERIALIZED VIEW mv").kind ==
        ShowCreateStmt::Kind::kMaterializedView);
  auto columns = ParseOne<ShowColumnsStmt>("SHOW COLUMNS FROM public.t LIKE 'id%'");
  CHECK(columns.table == Name("t", "public"));
  CHECK(columns.filter.like == "id%");

  CheckSyntaxError("SHOW SUBSOURCES FROM public ON src", "Cannot specify both FROM and ON", 32);
  CheckSyntaxError("SHOW CLUSTERS FROM public", "Expected end of statement, found FROM", 15);
  CheckSyntaxError("ALTER SOURCE s ADD SUBSOURCE t WITH (PUBLICATION 'p')",
                   "Expected one of TEXT or EXCLUDE or IGNORE, found PUBLICATION", 38);
  CheckSyntaxError("CREATE SOURCE s FROM POSTGRES CONNECTION pg (PUBLICATION 'p', FOO 1)",
                   "Expected one of DETAILS or PUBLICATION or TEXT or EXCLUDE or IGNORE, found identifier \"foo\"",
                   63);
  CheckSyntaxError("CREATE SOURCE s FROM POSTGRES CONNECTION pg (PUBLICATION 'p') FOR TABLES t",
                   "Expected left parenthesis, found identifier \"t\"", 74);
  CheckSyntaxError("CREATE SOURCE s FROM POSTGRES CONNECTION pg WITH (RETAIN HISTORY '1h')",
                   "Expected FOR, found string literal \"1h\"", 66);
  CheckSyntaxError("CREATE SOURCE s FROM POSTGRES (PUBLICATION 'p')", "Expected CONNECTION, found left parenthesis",
                   31);

  ErrorInfo kafka = ParseError("CREATE SOURCE k FROM KAFKA CONNECTION kc (TOPIC 't')");
  CHECK(kafka.code == "0A000");
  CHECK(kafka.message == "KAFKA sources are not supported");
  CHECK(kafka.position == 22);
  CHECK(ParseError("CREATE SOURCE g FROM LOAD GENERATOR COUNTER").message ==
        "LOAD GENERATOR sources are not supported");
}

TEST_CASE("names are folded and literals decoded like PostgreSQL") {
  auto folded = ParseOne<DropObjectsStmt>("DROP SOURCE MySource, \"MySource\", \"a\"\"b\", U&\"d\\0061t\", \"ünï\"");
  CHECK(folded.names ==
        std::vector<QualifiedName>{Name("mysource"), Name("MySource"), Name("a\"b"), Name("dat"), Name("ünï")});
  CHECK(QualifiedName{"Db", "public", "my table"}.ToString() == "\"Db\".public.\"my table\"");

  // Keywords name objects where a name is expected.
  CHECK(ParseOne<CreateClusterStmt>("CREATE CLUSTER default (SIZE '1')").name == "default");

  auto literals = ParseOne<CreateConnectionStmt>(
      "CREATE CONNECTION c TO AWS PRIVATELINK (SERVICE NAME 'it''s', AVAILABILITY ZONES (E'a\\nb', $$c'd$$, "
      "$tag$e$$f$tag$, U&'d\\0061t', U&'!0041' UESCAPE '!', 'con'\n  'tinued', -5, 1.5, TRUE, NULL, INTERVAL '1s'))");
  OptionValue null_value;
  null_value.kind = Kind::kNull;
  CHECK(Strip(literals.options) ==
        Expected{{"SERVICE NAME", Str("it's")},
                 {"AVAILABILITY ZONES", List({Str("a\nb"), Str("c'd"), Str("e$$f"), Str("dat"), Str("A"),
                                              Str("continued"), Num("-5"), Num("1.5"), Bool(true), null_value,
                                              Str("1s")})}});

  // Comments anywhere between tokens, options in any case.
  auto commented = ParseOne<CreateSecretStmt>(
      "/* leading */ create -- a comment\n secret /* nested /* comment */ */ s as 'v' -- trailing");
  CHECK(commented.name == Name("s"));
  CHECK(commented.value.sql == "'v'");
  CHECK(commented.value.string_literal == "v");

  // PostgreSQL points at the bad escape, in option values and in expressions alike.
  CheckSyntaxError("CREATE SECRET s AS U&'\\00zz'", "invalid Unicode escape", 23);
  CheckSyntaxError("CREATE CONNECTION c TO POSTGRES (HOST U&'ab\\00zz')", "invalid Unicode escape", 44);
  CheckSyntaxError("CREATE CONNECTION c TO POSTGRES (HOST U&'x' UESCAPE '+')", "invalid Unicode escape character",
                   53);
  CheckSyntaxError("DROP SOURCE a.b.c.d", "qualified name did not have between 1 and 3 components: a.b.c.d", 13);
  const std::string deep = "CREATE CONNECTION c TO POSTGRES (HOST " + std::string(200, '(');
  CheckSyntaxError(deep, "statement exceeds nested expression limit of 128", 39 + 128);
  // A lexical error comes from PostgreSQL's scanner for the whole query.
  ErrorInfo unterminated = ParseError("CREATE SECRET s AS 'open");
  CHECK(unterminated.code == "42601");
  CHECK(unterminated.message == "unterminated quoted string at or near \"'open\"");
  CHECK(unterminated.position == 20);
}

TEST_CASE("scripts with many statements split like PostgreSQL") {
  const std::string script = R"(-- the tutorial, in one go
CREATE SECRET pgpass AS 'p;ss';
CREATE CONNECTION pg_connection TO POSTGRES (
    HOST 'db.example.com', PORT 5432, USER 'postgres', PASSWORD SECRET pgpass,
    SSL MODE 'require', DATABASE 'postgres');
CREATE CLUSTER ingest_postgres (SIZE = '50cc');
SET CLUSTER = ingest_postgres;
/* ; */ CREATE SOURCE mz_source IN CLUSTER ingest_postgres
  FROM POSTGRES CONNECTION pg_connection (PUBLICATION 'mz_source') FOR ALL TABLES;;
SELECT $$;$$;
CREATE TABLE t FROM SOURCE mz_source (REFERENCE public.t);
SHOW SOURCES
)";
  auto r = ParseStatements(script);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 8);
  std::vector<std::string> kinds;
  for (const Statement& s : *r) kinds.push_back(StatementKindName(s.body));
  CHECK(kinds == std::vector<std::string>{"CREATE SECRET", "CREATE CONNECTION", "CREATE CLUSTER", "SET",
                                          "CREATE SOURCE", "SELECT", "CREATE TABLE ... FROM SOURCE",
                                          "SHOW SOURCES"});
  CHECK(std::get<CreateSecretStmt>((*r)[0].body).value.string_literal == "p;ss");
  CHECK((*r)[4].source.text().substr(0, 13) == "CREATE SOURCE");
  CHECK((*r)[7].source.text() == "SHOW SOURCES");

  // An error in a later statement is positioned in the whole query string,
  // in characters; "found semicolon" when a ';' ends the statement.
  CheckSyntaxError("SELECT 'ü'; CREATE CLUSTER c (SIZE '1',);", "Expected one of AVAILABILITY or DISK or "
                   "INTROSPECTION or MANAGED or REPLICAS or REPLICATION or SIZE or SCHEDULE or WORKLOAD, found right "
                   "parenthesis", 40);
  CheckSyntaxError("CREATE SECRET s; SELECT 1", "Expected AS, found semicolon", 16);
  CheckSyntaxError("SELECT 1; CREATE SECRET s  ", "Expected AS, found EOF", 28);
  CheckSyntaxError("SELECT 1;\nDROP SOURCE a b", "Expected end of statement, found identifier \"b\"", 25);
  // A syntax error in any statement fails the whole string.
  CHECK_FALSE(ParseStatements("CREATE SECRET a AS 'x'; SHOW SOURCES FROM").ok());
}

TEST_CASE("every prefix of a script parses or fails with a positioned error") {
  const std::string script =
      "CREATE SECRET IF NOT EXISTS s AS decode('c2VjcmV0', 'base64'); "
      "CREATE CONNECTION c TO POSTGRES (HOST 'h', PASSWORD SECRET s, AWS PRIVATELINK pl (PORT 5432), "
      "SSL MODE = 'verify-full') WITH (VALIDATE false); ALTER CONNECTION c SET (PORT 1), RESET (SSL MODE); "
      "CREATE CLUSTER k REPLICAS (r1 (SIZE '1')); ALTER CLUSTER k SET (SIZE '2') WITH (WAIT UNTIL READY "
      "(TIMEOUT '1m', ON TIMEOUT ROLLBACK)); CREATE SOURCE src IN CLUSTER k FROM POSTGRES CONNECTION c "
      "(PUBLICATION 'p', TEXT COLUMNS [t.a]) FOR TABLES (t AS u) EXPOSE PROGRESS AS p WITH (RETAIN HISTORY FOR "
      "'1h'); CREATE TABLE t (a int, CONSTRAINT k PRIMARY KEY (a)) FROM SOURCE src (REFERENCE t) WITH "
      "(TEXT COLUMNS (a)); ALTER SOURCE src ADD SUBSOURCE x AS y WITH (EXCLUDE COLUMNS (x.b)); "
      "SHOW SOURCES FROM public WHERE name IS DISTINCT FROM 'x'; DROP CLUSTER REPLICA k.r1";
  REQUIRE(ParseStatements(script).ok());
  for (size_t n = 0; n < script.size(); ++n) {
    auto r = ParseStatements(script.substr(0, n));
    if (r.ok()) continue;
    ErrorInfo e = ToErrorInfo(r.status());
    INFO(script.substr(0, n) << " -> " << e.message);
    CHECK((e.code == "42601" || e.code == "0A000"));
    CHECK(e.position > 0);
    CHECK(e.position <= static_cast<int>(n) + 1);
  }
}

TEST_CASE("U& literals keep their text when a statement is split") {
  // libpg_query reports an empty span for U& tokens; the scanner layer fixes it.
  auto r = ParseStatements("SELECT U&'d\\0061t'; SELECT U&\"d\\0061t\"");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0].source.text() == "SELECT U&'d\\0061t'");
  CHECK((*r)[1].source.text() == "SELECT U&\"d\\0061t\"");
}

TEST_CASE("statement kinds name what the server reports as not supported") {
  auto r = ParseStatements(
      "CREATE SECRET s AS 'x'; ALTER SECRET s AS 'y'; ALTER SECRET s RENAME TO t; DROP SECRET s; "
      "CREATE CONNECTION c TO POSTGRES (HOST 'h'); ALTER CONNECTION c ROTATE KEYS; ALTER CONNECTION c OWNER TO r; "
      "VALIDATE CONNECTION c; DROP CONNECTION c; CREATE CLUSTER c (SIZE '1'); ALTER CLUSTER c SET (SIZE '2'); "
      "ALTER CLUSTER c RENAME TO d; DROP CLUSTER c; CREATE CLUSTER REPLICA c.r (SIZE '1'); "
      "DROP CLUSTER REPLICA c.r; CREATE SOURCE s FROM POSTGRES CONNECTION c (PUBLICATION 'p'); "
      "CREATE TABLE t FROM SOURCE s (REFERENCE t); ALTER SOURCE s REFRESH REFERENCES; DROP SOURCE s; "
      "SHOW SOURCES; SHOW SUBSOURCES; SHOW TABLES; SHOW CONNECTIONS; SHOW SECRETS; SHOW CLUSTERS; "
      "SHOW CLUSTER REPLICAS; SHOW COLUMNS FROM t; SHOW CREATE SOURCE s; SELECT 1; SHOW cluster");
  REQUIRE(r.ok());
  std::vector<std::string> kinds;
  int catalog = 0;
  for (const Statement& s : *r) {
    kinds.push_back(StatementKindName(s.body));
    catalog += IsCatalogStatement(s.body);
  }
  CHECK(kinds == std::vector<std::string>{
                     "CREATE SECRET", "ALTER SECRET", "ALTER SECRET", "DROP SECRET", "CREATE CONNECTION",
                     "ALTER CONNECTION", "ALTER CONNECTION", "VALIDATE CONNECTION", "DROP CONNECTION",
                     "CREATE CLUSTER", "ALTER CLUSTER", "ALTER CLUSTER", "DROP CLUSTER", "CREATE CLUSTER REPLICA",
                     "DROP CLUSTER REPLICA", "CREATE SOURCE", "CREATE TABLE ... FROM SOURCE", "ALTER SOURCE",
                     "DROP SOURCE", "SHOW SOURCES", "SHOW SUBSOURCES", "SHOW TABLES", "SHOW CONNECTIONS",
                     "SHOW SECRETS", "SHOW CLUSTERS", "SHOW CLUSTER REPLICAS", "SHOW COLUMNS",
                     "SHOW CREATE SOURCE", "SELECT", "SHOW"});
  CHECK(catalog == 28);
}
