// Materialize's catalog statements: the grammar of sql-surface.md sections
// 1-4 as Materialize's parser implements it, over PostgreSQL's tokens
// (mz_tokens.cc reads them, mz_options.cc has the option lists).
#include "mz_parser.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"

namespace freshet::sql {
namespace {

// CREATE [TEMP] TABLE [IF NOT EXISTS] name [( ... )] FROM SOURCE
bool IsCreateTableFromSource(std::string_view text, const std::vector<ScanToken>& tokens) {
  auto word = [&](size_t i) { return i < tokens.size() ? UpperWord(text, tokens[i]) : std::string(); };
  size_t i = 1;
  if (word(i) == "TEMP" || word(i) == "TEMPORARY") ++i;
  if (word(i++) != "TABLE") return false;
  if (word(i) == "IF" && word(i + 1) == "NOT" && word(i + 2) == "EXISTS") i += 3;
  if (i >= tokens.size() || !IsNameToken(tokens[i])) return false;
  ++i;
  while (i + 1 < tokens.size() && tokens[i].token == pg_query::ASCII_46 && IsNameToken(tokens[i + 1])) i += 2;
  if (i < tokens.size() && tokens[i].token == pg_query::ASCII_40) {
    for (int depth = 0; i < tokens.size(); ++i) {
      depth += tokens[i].token == pg_query::ASCII_40;
      depth -= tokens[i].token == pg_query::ASCII_41;
      if (depth == 0) break;
    }
    ++i;
  }
  return word(i) == "FROM" && word(i + 1) == "SOURCE";
}

}  // namespace

bool IsMaterializeStatement(std::string_view text, const std::vector<ScanToken>& tokens) {
  auto word = [&](size_t i) { return i < tokens.size() ? UpperWord(text, tokens[i]) : std::string(); };
  const std::string w0 = word(0);
  const std::string w1 = word(1);
  const bool object = w1 == "SECRET" || w1 == "CONNECTION" || w1 == "CLUSTER" || w1 == "SOURCE";
  if (w0 == "DROP") return object || w1 == "TABLE" || w1 == "VIEW";
  if (w0 == "ALTER") return object;
  if (w0 == "CREATE") return object || IsCreateTableFromSource(text, tokens);
  if (w0 == "VALIDATE") return true;
  if (w0 == "SHOW") {
    if (w1 == "CLUSTER") return word(2) == "REPLICAS";
    for (std::string_view w : {"SOURCES", "SUBSOURCES", "TABLES", "VIEWS", "COLUMNS", "CONNECTIONS", "SECRETS",
                               "CLUSTERS", "CREATE"}) {
      if (w1 == w) return true;
    }
  }
  return false;
}

absl::StatusOr<StatementBody> ParseMaterializeStatement(const SourceText& source,
                                                        const std::vector<ScanToken>& tokens,
                                                        std::optional<int> semicolon_at) {
  try {
    return MzParser(source, tokens, semicolon_at).ParseStatement();
  } catch (const ParseFailure& failure) {
    return failure.status;
  }
}

MzParser::MzParser(const SourceText& source, const std::vector<ScanToken>& tokens, std::optional<int> semicolon_at)
    : source_(source), text_(source.text()), tokens_(tokens), semicolon_at_(semicolon_at) {}

// ---- Statements ------------------------------------------------------------

StatementBody MzParser::ParseStatement() {
  StatementBody body;
  std::string verb = ExpectOneOfWords({"CREATE", "ALTER", "DROP", "VALIDATE", "SHOW"});
  if (verb == "CREATE") {
    body = ParseCreate();
  } else if (verb == "ALTER") {
    body = ParseAlter();
  } else if (verb == "DROP") {
    body = ParseDrop();
  } else if (verb == "VALIDATE") {
    ExpectWord("CONNECTION");
    body = ValidateConnectionStmt{ParseItemName()};
  } else {
    body = ParseShow();
  }
  if (!AtEnd()) Expected("end of statement");
  return body;
}

StatementBody MzParser::ParseCreate() {
  if (ParseWord("SECRET")) {
    CreateSecretStmt s;
    s.if_not_exists = ParseIfNotExists();
    s.name = ParseItemName();
    ExpectWord("AS");
    s.value = ParseTrailingExpression();
    return s;
  }
  if (ParseWord("CONNECTION")) return ParseCreateConnection();
  if (ParseWord("CLUSTER")) {
    if (ParseWord("REPLICA")) return ParseCreateClusterReplica();
    return ParseCreateCluster();
  }
  if (ParseWord("SOURCE")) return ParseCreateSource();
  return ParseCreateTableFromSource();
}

CreateConnectionStmt MzParser::ParseCreateConnection() {
  CreateConnectionStmt s;
  s.if_not_exists = ParseIfNotExists();
  s.name = ParseItemName();
  // FOR type option, ... is the old form without parentheses.
  const bool parenthesized = ExpectOneOfWords({"FOR", "TO"}) == "TO";
  const ScanToken* type_at = Peek();
  std::string type = ExpectOneOfWords({"AWS", "KAFKA", "CONFLUENT", "POSTGRES", "SSH", "SQL", "MYSQL", "YUGABYTE"});
  if (type == "POSTGRES") {
    s.type = ConnectionType::kPostgres;
  } else if (type == "SSH") {
    ExpectWord("TUNNEL");
    s.type = ConnectionType::kSshTunnel;
  } else if (type == "AWS" && ParseWord("PRIVATELINK")) {
    s.type = ConnectionType::kAwsPrivatelink;
  } else {
    if (type == "CONFLUENT") {
      ExpectWords({"SCHEMA", "REGISTRY"});
      type = "CONFLUENT SCHEMA REGISTRY";
    } else if (type == "SQL") {
      ExpectWord("SERVER");
      type = "SQL SERVER";
    }
    FailAt(PositionOf(type_at), absl::StrCat(type, " connections are not supported"),
           sqlstate::kFeatureNotSupported);
  }
  if (parenthesized) ExpectToken(pg_query::ASCII_40);
  s.options = ParseOptionList(OptionContext::kConnection);
  if (parenthesized) ExpectToken(pg_query::ASCII_41);
  s.with_options = ParseWithOptions(OptionContext::kConnectionWith);
  CheckConnectionOptions(s.type, s.options);
  return s;
}

CreateClusterStmt MzParser::ParseCreateCluster() {
  CreateClusterStmt s;
  s.name = ParseIdentifier();
  // The parentheses around the options may be left out (older syntax).
  const bool parenthesized = ParseToken(pg_query::ASCII_40);
  s.options = ParseOptionList(OptionContext::kCluster);
  if (parenthesized) ExpectToken(pg_query::ASCII_41);
  return s;
}

CreateClusterReplicaStmt MzParser::ParseCreateClusterReplica() {
  CreateClusterReplicaStmt s;
  s.cluster = ParseIdentifier();
  ExpectToken(pg_query::ASCII_46);
  s.replica = ParseIdentifier();
  const bool parenthesized = ParseToken(pg_query::ASCII_40);
  s.options = ParseOptionList(OptionContext::kReplica);
  if (parenthesized) ExpectToken(pg_query::ASCII_41);
  return s;
}

CreateSourceStmt MzParser::ParseCreateSource() {
  CreateSourceStmt s;
  s.if_not_exists = ParseIfNotExists();
  s.name = ParseItemName();
  if (ParseWords({"IN", "CLUSTER"})) s.in_cluster = ParseIdentifier();
  ExpectWord("FROM");
  const ScanToken* kind_at = Peek();
  std::string kind = PeekWord("WEBHOOK") ? Word(Next())
                                         : ExpectOneOfWords({"KAFKA", "POSTGRES", "SQL", "MYSQL", "LOAD", "YUGABYTE"});
  if (kind != "POSTGRES") {
    if (kind == "SQL") {
      ExpectWord("SERVER");
      kind = "SQL SERVER";
    } else if (kind == "LOAD") {
      ExpectWord("GENERATOR");
      kind = "LOAD GENERATOR";
    }
    FailAt(PositionOf(kind_at), absl::StrCat(kind, " sources are not supported"), sqlstate::kFeatureNotSupported);
  }
  ExpectWord("CONNECTION");
  s.connection = ParseItemName();
  if (ParseToken(pg_query::ASCII_40)) {
    s.connection_options = ParseOptionList(OptionContext::kPostgresSource);
    ExpectToken(pg_query::ASCII_41);
  }
  if (ParseWords({"FOR", "TABLES"})) {
    s.tables = CreateSourceStmt::Tables::kTables;
    ExpectToken(pg_query::ASCII_40);
    do {
      s.references.push_back(ParseExternalReference());
    } while (ParseToken(pg_query::ASCII_44));
    ExpectToken(pg_query::ASCII_41);
  } else if (ParseWords({"FOR", "SCHEMAS"})) {
    s.tables = CreateSourceStmt::Tables::kSchemas;
    ExpectToken(pg_query::ASCII_40);
    do {
      s.schemas.push_back(ParseIdentifier());
    } while (ParseToken(pg_query::ASCII_44));
    ExpectToken(pg_query::ASCII_41);
  } else if (ParseWords({"FOR", "ALL", "TABLES"})) {
    s.tables = CreateSourceStmt::Tables::kAll;
  }
  if (ParseWords({"EXPOSE", "PROGRESS", "AS"})) s.progress_name = ParseItemName();
  s.with_options = ParseWithOptions(OptionContext::kSourceWith);
  return s;
}

ExternalReference MzParser::ParseExternalReference() {
  ExternalReference r;
  r.reference = ParseItemName();
  if (ParseWord("AS") || ParseWord("INTO")) r.alias = ParseItemName();
  return r;
}

CreateTableFromSourceStmt MzParser::ParseCreateTableFromSource() {
  CreateTableFromSourceStmt s;
  ExpectWord("TABLE");
  s.if_not_exists = ParseIfNotExists();
  s.name = ParseItemName();
  if (ParseToken(pg_query::ASCII_40) && !ParseToken(pg_query::ASCII_41)) {
    bool named = false;
    bool defined = false;
    while (true) {
      if (PeekWord("CONSTRAINT") || PeekWord("PRIMARY") || PeekWord("UNIQUE") || PeekWord("FOREIGN") ||
          PeekWord("CHECK")) {
        s.constraints.push_back(CaptureListElement());
      } else if (IsIdentifierToken(Peek())) {
        TableColumn column;
        column.name = ParseIdentifier();
        column.definition = CaptureListElement();
        (column.definition.empty() ? named : defined) = true;
        s.columns.push_back(std::move(column));
      } else {
        Expected("column name or constraint definition");
      }
      if (ParseToken(pg_query::ASCII_44)) continue;
      ExpectToken(pg_query::ASCII_41);
      break;
    }
    if (named && defined) Fail(&tokens_[pos_ - 1], "cannot mix column definitions and column names");
  }
  ExpectWords({"FROM", "SOURCE"});
  s.source = ParseItemName();
  if (ParseToken(pg_query::ASCII_40)) {
    ExpectWord("REFERENCE");
    ParseToken(pg_query::ASCII_61);
    s.reference = ParseItemName();
    ExpectToken(pg_query::ASCII_41);
  }
  s.with_options = ParseWithOptions(OptionContext::kTableFromSource);
  return s;
}

StatementBody MzParser::ParseRenameOrOwner(ObjectType type, QualifiedName name, bool if_exists,
                                           std::string_view action) {
  ExpectWord("TO");
  if (action == "RENAME") return AlterRenameStmt{type, std::move(name), if_exists, ParseIdentifier()};
  return AlterOwnerStmt{type, std::move(name), if_exists, ParseIdentifier()};
}

StatementBody MzParser::ParseAlter() {
  std::string type = ExpectOneOfWords({"SECRET", "CONNECTION", "CLUSTER", "SOURCE"});
  if (type == "CONNECTION") return ParseAlterConnection();
  if (type == "CLUSTER") return ParseAlterCluster();
  if (type == "SOURCE") return ParseAlterSource();
  const bool if_exists = ParseIfExists();
  QualifiedName name = ParseItemName();
  std::string action = ExpectOneOfWords({"AS", "RENAME", "OWNER"});
  if (action != "AS") return ParseRenameOrOwner(ObjectType::kSecret, std::move(name), if_exists, action);
  return AlterSecretStmt{std::move(name), if_exists, ParseTrailingExpression()};
}

StatementBody MzParser::ParseAlterConnection() {
  const bool if_exists = ParseIfExists();
  QualifiedName name = ParseItemName();
  std::string first = ExpectOneOfWords({"RENAME", "OWNER", "ROTATE", "SET", "RESET", "DROP"});
  if (first == "RENAME" || first == "OWNER") {
    return ParseRenameOrOwner(ObjectType::kConnection, std::move(name), if_exists, first);
  }
  --pos_;
  AlterConnectionStmt s;
  s.name = std::move(name);
  s.if_exists = if_exists;
  const ScanToken* rotate_at = nullptr;
  int actions = 0;
  std::vector<int> reset_positions;
  do {
    const ScanToken* at = Peek();
    std::string action = ExpectOneOfWords({"ROTATE", "SET", "RESET", "DROP"});
    ++actions;
    if (action == "ROTATE") {
      ExpectWord("KEYS");
      if (rotate_at != nullptr) Fail(at, "ROTATE KEYS specified more than once");
      rotate_at = at;
      continue;
    }
    // The parentheses around the option may be left out: SET USER postgres.
    const bool parenthesized = ParseToken(pg_query::ASCII_40);
    if (action == "SET") {
      Option option = ParseOption(OptionContext::kConnection);
      for (const Option& seen : s.set_options) {
        if (seen.name == option.name) {
          FailAt(option.position, absl::StrCat(option.name, " specified more than once"), sqlstate::kSyntaxError);
        }
      }
      s.set_options.push_back(std::move(option));
    } else {
      int position = PositionOf(Peek());
      std::string option = ParseOptionName(OptionContext::kConnection);
      for (const std::string& seen : s.reset_options) {
        if (seen == option) {
          FailAt(position, absl::StrCat(option, " specified more than once"), sqlstate::kSyntaxError);
        }
      }
      s.reset_options.push_back(std::move(option));
      reset_positions.push_back(position);
    }
    if (parenthesized) ExpectToken(pg_query::ASCII_41);
  } while (ParseToken(pg_query::ASCII_44));
  s.with_options = ParseWithOptions(OptionContext::kConnectionWith);
  if (rotate_at != nullptr) {
    if (actions > 1) Fail(rotate_at, "cannot specify any other actions alongside ALTER CONNECTION...ROTATE KEYS");
    if (!s.with_options.empty()) {
      FailAt(s.with_options[0].position, "ALTER CONNECTION...ROTATE KEYS does not support WITH options",
             sqlstate::kSyntaxError);
    }
    s.rotate_keys = true;
  }
  for (size_t i = 0; i < s.reset_options.size(); ++i) {
    for (const Option& set : s.set_options) {
      if (set.name == s.reset_options[i]) {
        FailAt(reset_positions[i], absl::StrCat("cannot both SET and DROP/RESET options ", set.name),
               sqlstate::kSyntaxError);
      }
    }
  }
  return s;
}

StatementBody MzParser::ParseAlterCluster() {
  if (PeekWord("REPLICA")) {  // RENAME TO / OWNER TO in Materialize; not part of this surface
    FailAt(PositionOf(Peek()), "ALTER CLUSTER REPLICA is not supported", sqlstate::kFeatureNotSupported);
  }
  AlterClusterStmt s;
  s.if_exists = ParseIfExists();
  s.name = ParseIdentifier();
  std::string action = ExpectOneOfWords({"OWNER", "RENAME", "RESET", "SET", "SWAP"});
  if (action == "OWNER" || action == "RENAME") {
    QualifiedName name;
    name.name = s.name;
    return ParseRenameOrOwner(ObjectType::kCluster, std::move(name), s.if_exists, action);
  }
  if (action == "RESET") {
    s.action = AlterClusterStmt::Action::kResetOptions;
    ExpectToken(pg_query::ASCII_40);
    s.reset_options = ParseOptionNames(OptionContext::kCluster);
    ExpectToken(pg_query::ASCII_41);
  } else if (action == "SWAP") {
    s.action = AlterClusterStmt::Action::kSwap;
    ExpectWord("WITH");
    s.swap_with = ParseIdentifier();
  } else {
    s.action = AlterClusterStmt::Action::kSetOptions;
    ExpectToken(pg_query::ASCII_40);
    s.options = ParseOptionList(OptionContext::kCluster);
    ExpectToken(pg_query::ASCII_41);
    if (ParseWord("WITH")) {
      ExpectToken(pg_query::ASCII_40);
      do {
        const ScanToken* at = Peek();
        ExpectOneOfWords({"WAIT"});
        if (s.wait.has_value()) Fail(at, "WAIT specified more than once");
        ParseToken(pg_query::ASCII_61);
        ClusterWait wait;
        if (ExpectOneOfWords({"FOR", "UNTIL"}) == "FOR") {
          wait.kind = ClusterWait::Kind::kFor;
          wait.duration = ParseLiteral();
        } else {
          ExpectWord("READY");
          ParseToken(pg_query::ASCII_61);
          ExpectToken(pg_query::ASCII_40);
          wait.kind = ClusterWait::Kind::kUntilReady;
          wait.until_ready = ParseOptionList(OptionContext::kClusterUntilReady);
          ExpectToken(pg_query::ASCII_41);
        }
        s.wait = std::move(wait);
      } while (ParseToken(pg_query::ASCII_44));
      ExpectToken(pg_query::ASCII_41);
    }
  }
  return s;
}

StatementBody MzParser::ParseAlterSource() {
  AlterSourceStmt s;
  s.if_exists = ParseIfExists();
  s.name = ParseItemName();
  std::string action = ExpectOneOfWords({"ADD", "DROP", "RESET", "SET", "RENAME", "OWNER", "REFRESH"});
  if (action == "RENAME" || action == "OWNER") {
    return ParseRenameOrOwner(ObjectType::kSource, std::move(s.name), s.if_exists, action);
  }
  if (action == "ADD") {
    s.action = AlterSourceStmt::Action::kAddSubsources;
    ExpectOneOfWords({"SUBSOURCE", "TABLE"});
    do {
      s.add.push_back(ParseExternalReference());
    } while (ParseToken(pg_query::ASCII_44));
    s.options = ParseWithOptions(OptionContext::kAlterSourceAdd);
  } else if (action == "DROP") {
    s.action = AlterSourceStmt::Action::kDropSubsources;
    ExpectOneOfWords({"SUBSOURCE", "TABLE"});
    s.drop_if_exists = ParseIfExists();
    do {
      s.drop.push_back(ParseItemName());
    } while (ParseToken(pg_query::ASCII_44));
    s.cascade = ParseCascade("ALTER SOURCE...DROP");
  } else if (action == "RESET") {
    s.action = AlterSourceStmt::Action::kResetOptions;
    ExpectToken(pg_query::ASCII_40);
    s.reset_options = ParseOptionNames(OptionContext::kSourceWith);
    ExpectToken(pg_query::ASCII_41);
  } else if (action == "SET") {
    s.action = AlterSourceStmt::Action::kSetOptions;
    ExpectToken(pg_query::ASCII_40);
    s.options = ParseOptionList(OptionContext::kSourceWith);
    ExpectToken(pg_query::ASCII_41);
  } else {
    s.action = AlterSourceStmt::Action::kRefreshReferences;
    ExpectWord("REFERENCES");
  }
  return s;
}

StatementBody MzParser::ParseDrop() {
  std::string type = ExpectOneOfWords({"SECRET", "CONNECTION", "CLUSTER", "SOURCE", "TABLE", "VIEW"});
  if (type == "CLUSTER" && ParseWord("REPLICA")) {
    DropClusterReplicasStmt s;
    s.if_exists = ParseIfExists();
    do {
      ReplicaName name;
      name.cluster = ParseIdentifier();
      ExpectToken(pg_query::ASCII_46);
      name.replica = ParseIdentifier();
      s.names.push_back(std::move(name));
    } while (ParseToken(pg_query::ASCII_44));
    return s;
  }
  DropObjectsStmt s;
  s.type = type == "SECRET"       ? ObjectType::kSecret
           : type == "CONNECTION" ? ObjectType::kConnection
           : type == "CLUSTER"    ? ObjectType::kCluster
           : type == "TABLE"      ? ObjectType::kTable
           : type == "VIEW"       ? ObjectType::kView
                                  : ObjectType::kSource;
  s.if_exists = ParseIfExists();
  do {
    if (s.type == ObjectType::kCluster) {
      QualifiedName name;
      name.name = ParseIdentifier();
      s.names.push_back(std::move(name));
    } else {
      s.names.push_back(ParseItemName());
    }
  } while (ParseToken(pg_query::ASCII_44));
  s.cascade = ParseCascade("DROP");
  return s;
}

StatementBody MzParser::ParseShow() {
  if (ParseWord("CREATE")) {
    ShowCreateStmt s;
    using Kind = ShowCreateStmt::Kind;
    std::string kind = ExpectOneOfWords(
        {"VIEW", "MATERIALIZED", "SOURCE", "TABLE", "SINK", "INDEX", "CONNECTION", "CLUSTER", "SECRET"});
    if (kind == "MATERIALIZED") ExpectWord("VIEW");
    s.kind = kind == "VIEW"           ? Kind::kView
             : kind == "MATERIALIZED" ? Kind::kMaterializedView
             : kind == "SOURCE"       ? Kind::kSource
             : kind == "TABLE"        ? Kind::kTable
             : kind == "SINK"         ? Kind::kSink
             : kind == "INDEX"        ? Kind::kIndex
             : kind == "CONNECTION"   ? Kind::kConnection
             : kind == "CLUSTER"      ? Kind::kCluster
                                      : Kind::kSecret;
    if (s.kind == Kind::kCluster) {
      s.name.name = ParseIdentifier();
    } else {
      s.name = ParseItemName();
    }
    return s;
  }
  if (ParseWord("COLUMNS")) {
    ShowColumnsStmt s;
    ExpectOneOfWords({"FROM", "IN"});
    s.table = ParseItemName();
    s.filter = ParseShowFilter();
    return s;
  }
  using Kind = ShowObjectsStmt::Kind;
  ShowObjectsStmt s;
  if (ParseWord("CLUSTER")) {
    ExpectWord("REPLICAS");
    s.kind = Kind::kClusterReplicas;
  } else {
    std::string kind =
        ExpectOneOfWords({"SOURCES", "SUBSOURCES", "TABLES", "VIEWS", "CONNECTIONS", "SECRETS", "CLUSTERS"});
    s.kind = kind == "SOURCES"       ? Kind::kSources
             : kind == "SUBSOURCES"  ? Kind::kSubsources
             : kind == "TABLES"      ? Kind::kTables
             : kind == "VIEWS"       ? Kind::kViews
             : kind == "CONNECTIONS" ? Kind::kConnections
             : kind == "SECRETS"     ? Kind::kSecrets
                                     : Kind::kClusters;
  }
  // Clusters live in no schema.
  if (s.kind != Kind::kClusters && s.kind != Kind::kClusterReplicas && ParseWord("FROM")) {
    s.from = ParseSchemaName();
  }
  if (s.kind == Kind::kSources && ParseWords({"IN", "CLUSTER"})) s.in_cluster = ParseIdentifier();
  if ((s.kind == Kind::kSubsources || s.kind == Kind::kTables) && ParseWord("ON")) {
    s.on = ParseItemName();
    if (s.kind == Kind::kSubsources && s.from.has_value()) {
      Fail(&tokens_[pos_ - 1], "Cannot specify both FROM and ON");
    }
  }
  s.filter = ParseShowFilter();
  return s;
}

ShowFilter MzParser::ParseShowFilter() {
  ShowFilter filter;
  if (ParseWord("LIKE")) {
    filter.like = ParseLiteralString();
  } else if (ParseWord("WHERE")) {
    filter.where = ParseTrailingExpression();
  }
  return filter;
}

}  // namespace freshet::sql
