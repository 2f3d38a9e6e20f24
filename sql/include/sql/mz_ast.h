// Materialize's catalog statements as plain data.
//
// PostgreSQL's own statements go through libpg_query; the statements
// Materialize adds for its catalog (secrets, connections, clusters, sources
// and their SHOW commands) are parsed by sql/src/mz_parser.cc into the structs
// below (docs: /work/shared/docs/sql-surface.md sections 1-4).
//
// - Names are folded like PostgreSQL identifiers: unquoted lower-cased,
//   "quoted" kept as written.
// - Option lists keep what was written, in order, under a canonical upper-case
//   option name ("SSL MODE"; aliases such as USERNAME or IGNORE COLUMNS are
//   already mapped). The parser has rejected unknown option names, options the
//   statement does not take and options given twice; what the values must be,
//   which options are required and which combine is for the catalog to check.
// - Scalar expressions (CREATE SECRET ... AS expr, SHOW ... WHERE expr) stay
//   SQL text that libpg_query accepted as one expression; the code that runs
//   the statement binds them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshet::sql {

// [database.][schema.]name
struct QualifiedName {
  std::optional<std::string> database;
  std::optional<std::string> schema;
  std::string name;

  // Dotted, each part double-quoted when it is not a plain lower-case word.
  std::string ToString() const;
  friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

// `name` as SQL: double-quoted (with "" for ") unless it is a plain
// lower-case word ([a-z_][a-z0-9_$]*).
std::string QuoteIdentifier(std::string_view name);

// [database.]schema
struct SchemaName {
  std::optional<std::string> database;
  std::string name;
  friend bool operator==(const SchemaName&, const SchemaName&) = default;
};

// A scalar expression kept as SQL text.
struct SqlExpression {
  std::string sql;  // as written, from its first to its last token
  int position = 0;  // 1-based character position of `sql` in the query
  // The value, when the expression is a single string literal ('x', E'x', $$x$$).
  std::optional<std::string> string_literal;
  friend bool operator==(const SqlExpression&, const SqlExpression&) = default;
};

struct Option;

// One replica of CREATE CLUSTER c REPLICAS (r1 (SIZE '25cc')).
struct ReplicaDefinition {
  std::string name;
  std::vector<Option> options;  // replica options: SIZE, AVAILABILITY ZONE, ...
  friend bool operator==(const ReplicaDefinition&, const ReplicaDefinition&) = default;
};

struct OptionValue {
  enum class Kind {
    kString,    // 'text' (decoded); also INTERVAL 'text'
    kNumber,    // 5432, -1, 1.5 (text as written)
    kBoolean,   // TRUE / FALSE (text "true" / "false")
    kNull,      // NULL
    kName,      // a bare, possibly dotted name: DATABASE postgres, TEXT COLUMNS (t.c)
    kSecret,    // SECRET name
    kObject,    // a reference to another catalog object: SSH TUNNEL t, AWS PRIVATELINK pl
    kKeyword,   // SCHEDULE = MANUAL | ON REFRESH (text "MANUAL" / "ON REFRESH")
    kList,      // ( value, ... ) or [ value, ... ]
    kReplicas,  // REPLICAS ( r1 (SIZE ...), ... )
  };
  Kind kind = Kind::kString;
  std::string text;                         // kString, kNumber, kBoolean, kKeyword
  std::vector<std::string> name;            // kName: the parts, folded
  QualifiedName object;                     // kSecret, kObject
  std::vector<OptionValue> items;           // kList
  // kObject: AWS PRIVATELINK pl (PORT 1234); kKeyword: ON REFRESH
  // (HYDRATION TIME ESTIMATE = '1h').
  std::vector<Option> options;
  std::vector<ReplicaDefinition> replicas;  // kReplicas

  friend bool operator==(const OptionValue&, const OptionValue&) = default;
};

struct Option {
  std::string name;                  // canonical, upper case: "SSL MODE"
  std::optional<OptionValue> value;  // absent: the name alone (MANAGED, VALIDATE)
  int position = 0;                  // 1-based character position of the name in the query
  friend bool operator==(const Option&, const Option&) = default;
};

// The kinds of object DROP / ALTER ... RENAME / ALTER ... OWNER name.
enum class ObjectType { kSecret, kConnection, kSource, kCluster, kTable, kView };
std::string_view ObjectTypeName(ObjectType type);  // "SECRET", "CONNECTION", ...

// CREATE SECRET [IF NOT EXISTS] name AS expr
struct CreateSecretStmt {
  QualifiedName name;
  bool if_not_exists = false;
  SqlExpression value;
};

// ALTER SECRET [IF EXISTS] name AS expr
struct AlterSecretStmt {
  QualifiedName name;
  bool if_exists = false;
  SqlExpression value;
};

enum class ConnectionType { kPostgres, kSshTunnel, kAwsPrivatelink };
std::string_view ConnectionTypeName(ConnectionType type);  // "POSTGRES", "SSH TUNNEL", "AWS PRIVATELINK"

// CREATE CONNECTION [IF NOT EXISTS] name TO type (options) [WITH (VALIDATE ...)]
// (also the old FOR type options form, without parentheses).
struct CreateConnectionStmt {
  QualifiedName name;
  bool if_not_exists = false;
  ConnectionType type = ConnectionType::kPostgres;
  std::vector<Option> options;       // only options `type` takes (CheckConnectionOptions)
  std::vector<Option> with_options;  // VALIDATE
};

// ALTER CONNECTION [IF EXISTS] name ROTATE KEYS
// ALTER CONNECTION [IF EXISTS] name {SET (opt) | DROP (name) | RESET (name)}, ... [WITH (VALIDATE ...)]
struct AlterConnectionStmt {
  QualifiedName name;
  bool if_exists = false;
  bool rotate_keys = false;                // alone: no other action, no WITH
  std::vector<Option> set_options;         // SET; any connection option, each once
  std::vector<std::string> reset_options;  // DROP and RESET (synonyms); none also in set_options
  std::vector<Option> with_options;        // VALIDATE
};

// VALIDATE CONNECTION name
struct ValidateConnectionStmt {
  QualifiedName name;
};

// CREATE CLUSTER name [(] option, ... [)]. A legacy unmanaged cluster is the
// REPLICAS option: CREATE CLUSTER c REPLICAS (r1 (SIZE '1')).
struct CreateClusterStmt {
  std::string name;
  std::vector<Option> options;  // SIZE, REPLICATION FACTOR, MANAGED, SCHEDULE, REPLICAS, ...
};

// ALTER CLUSTER ... SET (...) WITH (WAIT FOR 'interval' | WAIT UNTIL READY (...))
struct ClusterWait {
  enum class Kind { kFor, kUntilReady };
  Kind kind = Kind::kFor;
  OptionValue duration;             // kFor
  std::vector<Option> until_ready;  // kUntilReady: TIMEOUT, ON TIMEOUT
  friend bool operator==(const ClusterWait&, const ClusterWait&) = default;
};

// ALTER CLUSTER [IF EXISTS] name SET (options) [WITH (WAIT ...)]
// ALTER CLUSTER [IF EXISTS] name RESET (option names)
// ALTER CLUSTER [IF EXISTS] name SWAP WITH other
struct AlterClusterStmt {
  enum class Action { kSetOptions, kResetOptions, kSwap };
  std::string name;
  bool if_exists = false;
  Action action = Action::kSetOptions;
  std::vector<Option> options;             // kSetOptions
  std::optional<ClusterWait> wait;         // kSetOptions
  std::vector<std::string> reset_options;  // kResetOptions
  std::string swap_with;                   // kSwap
};

// CREATE CLUSTER REPLICA cluster.replica [(] option, ... [)]
struct CreateClusterReplicaStmt {
  std::string cluster;
  std::string replica;
  std::vector<Option> options;
};

struct ReplicaName {
  std::string cluster;
  std::string replica;
  friend bool operator==(const ReplicaName&, const ReplicaName&) = default;
};

// DROP CLUSTER REPLICA [IF EXISTS] cluster.replica, ...
struct DropClusterReplicasStmt {
  bool if_exists = false;
  std::vector<ReplicaName> names;
};

// An upstream table to ingest: FOR TABLES (postgres.public.t AS t2, ...),
// ALTER SOURCE ... ADD SUBSOURCE ...
struct ExternalReference {
  QualifiedName reference;             // [upstream_db.][upstream_schema.]table
  std::optional<QualifiedName> alias;  // AS (or INTO) name
  friend bool operator==(const ExternalReference&, const ExternalReference&) = default;
};

// CREATE SOURCE [IF NOT EXISTS] name [IN CLUSTER c]
//   FROM POSTGRES CONNECTION conn [(PUBLICATION 'p', TEXT COLUMNS (...), ...)]
//   [FOR ALL TABLES | FOR SCHEMAS (s, ...) | FOR TABLES (ref [AS name], ...)]
//   [EXPOSE PROGRESS AS name] [WITH (TIMESTAMP INTERVAL ..., RETAIN HISTORY FOR ...)]
struct CreateSourceStmt {
  enum class Tables { kNone, kAll, kSchemas, kTables };  // kNone: the new model
  QualifiedName name;
  bool if_not_exists = false;
  std::optional<std::string> in_cluster;
  QualifiedName connection;
  std::vector<Option> connection_options;  // PUBLICATION, TEXT COLUMNS, EXCLUDE COLUMNS, DETAILS
  Tables tables = Tables::kNone;
  std::vector<std::string> schemas;           // kSchemas
  std::vector<ExternalReference> references;  // kTables
  std::optional<QualifiedName> progress_name;
  std::vector<Option> with_options;  // TIMESTAMP INTERVAL, RETAIN HISTORY
};

// One entry of CREATE TABLE t (...) FROM SOURCE: a column name, possibly with
// its definition ("int4 NOT NULL") as written.
struct TableColumn {
  std::string name;
  std::string definition;  // empty when only the name is given
  friend bool operator==(const TableColumn&, const TableColumn&) = default;
};

// CREATE TABLE [IF NOT EXISTS] name [(columns)] FROM SOURCE src
//   [(REFERENCE [=] upstream_name)] [WITH (TEXT COLUMNS (...), ...)]
struct CreateTableFromSourceStmt {
  QualifiedName name;
  bool if_not_exists = false;
  std::vector<TableColumn> columns;      // usually empty
  std::vector<std::string> constraints;  // table constraints as written
  QualifiedName source;
  std::optional<QualifiedName> reference;
  std::vector<Option> with_options;  // TEXT COLUMNS, EXCLUDE COLUMNS, PARTITION BY, RETAIN HISTORY, DETAILS
};

// ALTER SOURCE [IF EXISTS] name
//   ADD {SUBSOURCE|TABLE} ref [AS name], ... [WITH (TEXT COLUMNS ..., EXCLUDE COLUMNS ...)]
//   | DROP {SUBSOURCE|TABLE} [IF EXISTS] name, ... [CASCADE|RESTRICT]   (older releases)
//   | REFRESH REFERENCES | SET (options) | RESET (option names)
struct AlterSourceStmt {
  enum class Action { kAddSubsources, kDropSubsources, kRefreshReferences, kSetOptions, kResetOptions };
  QualifiedName name;
  bool if_exists = false;
  Action action = Action::kRefreshReferences;
  std::vector<ExternalReference> add;      // kAddSubsources
  std::vector<Option> options;             // kAddSubsources (WITH), kSetOptions
  std::vector<std::string> reset_options;  // kResetOptions
  std::vector<QualifiedName> drop;         // kDropSubsources
  bool drop_if_exists = false;             // kDropSubsources
  bool cascade = false;                    // kDropSubsources
};

// ALTER {SECRET|CONNECTION|SOURCE|CLUSTER} [IF EXISTS] name RENAME TO new_name
struct AlterRenameStmt {
  ObjectType type = ObjectType::kSecret;
  QualifiedName name;  // clusters: name only
  bool if_exists = false;
  std::string new_name;
};

// ALTER {SECRET|CONNECTION|SOURCE|CLUSTER} [IF EXISTS] name OWNER TO role
struct AlterOwnerStmt {
  ObjectType type = ObjectType::kSecret;
  QualifiedName name;  // clusters: name only
  bool if_exists = false;
  std::string new_owner;
};

// DROP {SECRET|CONNECTION|SOURCE|CLUSTER|TABLE} [IF EXISTS] name, ... [CASCADE|RESTRICT]
struct DropObjectsStmt {
  ObjectType type = ObjectType::kSecret;
  bool if_exists = false;
  std::vector<QualifiedName> names;  // clusters: name only
  bool cascade = false;              // RESTRICT is the default
};

// [LIKE 'pattern' | WHERE expr]
struct ShowFilter {
  std::optional<std::string> like;
  std::optional<SqlExpression> where;
  friend bool operator==(const ShowFilter&, const ShowFilter&) = default;
};

// SHOW SOURCES [FROM schema] [IN CLUSTER c] [filter]
// SHOW SUBSOURCES [FROM schema | ON source] [filter]
// SHOW TABLES [FROM schema] [ON source] [filter]
// SHOW {CONNECTIONS|SECRETS} [FROM schema] [filter]
// SHOW {CLUSTERS|CLUSTER REPLICAS} [filter]
struct ShowObjectsStmt {
  enum class Kind { kSources, kSubsources, kTables, kViews, kConnections, kSecrets, kClusters, kClusterReplicas };
  Kind kind = Kind::kSources;
  std::optional<SchemaName> from;
  std::optional<std::string> in_cluster;  // kSources
  std::optional<QualifiedName> on;        // kSubsources, kTables
  ShowFilter filter;
};

// SHOW COLUMNS {FROM|IN} name [filter]
struct ShowColumnsStmt {
  QualifiedName table;
  ShowFilter filter;
};

// SHOW CREATE {SOURCE|TABLE|VIEW|MATERIALIZED VIEW|INDEX|SINK|CONNECTION|SECRET|CLUSTER} name
struct ShowCreateStmt {
  enum class Kind { kSource, kTable, kView, kMaterializedView, kIndex, kSink, kConnection, kSecret, kCluster };
  Kind kind = Kind::kSource;
  QualifiedName name;  // clusters: name only
};

std::string_view ShowObjectsKindName(ShowObjectsStmt::Kind kind);  // "SOURCES", "CLUSTER REPLICAS", ...
std::string_view ShowCreateKindName(ShowCreateStmt::Kind kind);    // "SOURCE", "MATERIALIZED VIEW", ...

// The options a connection of `type` takes (sql-surface.md 2.2-2.4); the
// parser checks CREATE CONNECTION with it, the catalog the result of an ALTER.
bool ConnectionTypeTakesOption(ConnectionType type, std::string_view option);

}  // namespace freshet::sql
