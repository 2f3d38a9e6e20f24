// Names of Materialize's statements and their parts.
#include "sql/mz_ast.h"

#include <type_traits>
#include <variant>

#include "absl/strings/str_cat.h"
#include "sql/statement.h"
#include "common/overloaded.h"

namespace freshet::sql {

std::string QuoteIdentifier(std::string_view name) {
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (char c : name) {
    plain &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string QualifiedName::ToString() const {
  std::string out;
  if (database.has_value()) absl::StrAppend(&out, QuoteIdentifier(*database), ".");
  if (schema.has_value()) absl::StrAppend(&out, QuoteIdentifier(*schema), ".");
  absl::StrAppend(&out, QuoteIdentifier(name));
  return out;
}

std::string_view ObjectTypeName(ObjectType type) {
  switch (type) {
    case ObjectType::kSecret: return "SECRET";
    case ObjectType::kConnection: return "CONNECTION";
    case ObjectType::kSource: return "SOURCE";
    case ObjectType::kCluster: return "CLUSTER";
    case ObjectType::kTable: return "TABLE";
    case ObjectType::kView: return "VIEW";
  }
  return "";
}

std::string_view ConnectionTypeName(ConnectionType type) {
  switch (type) {
    case ConnectionType::kPostgres: return "POSTGRES";
    case ConnectionType::kSshTunnel: return "SSH TUNNEL";
    case ConnectionType::kAwsPrivatelink: return "AWS PRIVATELINK";
  }
  return "";
}

std::string_view ShowObjectsKindName(ShowObjectsStmt::Kind kind) {
  using Kind = ShowObjectsStmt::Kind;
  switch (kind) {
    case Kind::kSources: return "SOURCES";
    case Kind::kSubsources: return "SUBSOURCES";
    case Kind::kTables: return "TABLES";
    case Kind::kViews: return "VIEWS";
    case Kind::kConnections: return "CONNECTIONS";
    case Kind::kSecrets: return "SECRETS";
    case Kind::kClusters: return "CLUSTERS";
    case Kind::kClusterReplicas: return "CLUSTER REPLICAS";
  }
  return "";
}

std::string_view ShowCreateKindName(ShowCreateStmt::Kind kind) {
  using Kind = ShowCreateStmt::Kind;
  switch (kind) {
    case Kind::kSource: return "SOURCE";
    case Kind::kTable: return "TABLE";
    case Kind::kView: return "VIEW";
    case Kind::kMaterializedView: return "MATERIALIZED VIEW";
    case Kind::kIndex: return "INDEX";
    case Kind::kSink: return "SINK";
    case Kind::kConnection: return "CONNECTION";
    case Kind::kSecret: return "SECRET";
    case Kind::kCluster: return "CLUSTER";
  }
  return "";
}

bool ConnectionTypeTakesOption(ConnectionType type, std::string_view option) {
  static constexpr std::string_view kPostgres[] = {
      "AWS PRIVATELINK", "DATABASE", "HOST", "PASSWORD", "PORT", "SSH TUNNEL", "SSL CERTIFICATE",
      "SSL CERTIFICATE AUTHORITY", "SSL KEY", "SSL MODE", "USER"};
  static constexpr std::string_view kSshTunnel[] = {"HOST", "PORT", "USER", "PUBLIC KEY 1", "PUBLIC KEY 2"};
  static constexpr std::string_view kAwsPrivatelink[] = {"AVAILABILITY ZONES", "PORT", "SERVICE NAME"};
  auto contains = [&](const auto& names) {
    for (std::string_view n : names) {
      if (n == option) return true;
    }
    return false;
  };
  switch (type) {
    case ConnectionType::kPostgres: return contains(kPostgres);
    case ConnectionType::kSshTunnel: return contains(kSshTunnel);
    case ConnectionType::kAwsPrivatelink: return contains(kAwsPrivatelink);
  }
  return false;
}

std::string StatementKindName(const StatementBody& body) {
  return std::visit(
      Overloaded{
          [](const SelectStmt&) -> std::string { return "SELECT"; },
          [](const SetVariableStmt&) -> std::string { return "SET"; },
          [](const ResetVariableStmt&) -> std::string { return "RESET"; },
          [](const ShowVariableStmt&) -> std::string { return "SHOW"; },
          [](const TransactionStmt& t) -> std::string {
            switch (t.kind) {
              case TransactionStmt::Kind::kBegin: return "BEGIN";
              case TransactionStmt::Kind::kCommit: return "COMMIT";
              case TransactionStmt::Kind::kRollback: return "ROLLBACK";
            }
            return "";
          },
          [](const UnsupportedStmt& u) { return u.what; },
          [](const CreateSecretStmt&) -> std::string { return "CREATE SECRET"; },
          [](const CreateTableStmt&) -> std::string { return "CREATE TABLE"; },
          [](const CreateViewStmt&) -> std::string { return "CREATE VIEW"; },
          [](const InsertStmt&) -> std::string { return "INSERT"; },
          [](const DeleteStmt&) -> std::string { return "DELETE"; },
          [](const UpdateStmt&) -> std::string { return "UPDATE"; },
          [](const AlterSecretStmt&) -> std::string { return "ALTER SECRET"; },
          [](const CreateConnectionStmt&) -> std::string { return "CREATE CONNECTION"; },
          [](const AlterConnectionStmt&) -> std::string { return "ALTER CONNECTION"; },
          [](const ValidateConnectionStmt&) -> std::string { return "VALIDATE CONNECTION"; },
          [](const CreateClusterStmt&) -> std::string { return "CREATE CLUSTER"; },
          [](const AlterClusterStmt&) -> std::string { return "ALTER CLUSTER"; },
          [](const CreateClusterReplicaStmt&) -> std::string { return "CREATE CLUSTER REPLICA"; },
          [](const DropClusterReplicasStmt&) -> std::string { return "DROP CLUSTER REPLICA"; },
          [](const CreateSourceStmt&) -> std::string { return "CREATE SOURCE"; },
          [](const CreateTableFromSourceStmt&) -> std::string { return "CREATE TABLE ... FROM SOURCE"; },
          [](const AlterSourceStmt&) -> std::string { return "ALTER SOURCE"; },
          [](const AlterRenameStmt& s) { return "ALTER " + std::string(ObjectTypeName(s.type)); },
          [](const AlterOwnerStmt& s) { return "ALTER " + std::string(ObjectTypeName(s.type)); },
          [](const DropObjectsStmt& s) { return "DROP " + std::string(ObjectTypeName(s.type)); },
          [](const ShowObjectsStmt& s) { return "SHOW " + std::string(ShowObjectsKindName(s.kind)); },
          [](const ShowColumnsStmt&) -> std::string { return "SHOW COLUMNS"; },
          [](const ShowCreateStmt& s) { return "SHOW CREATE " + std::string(ShowCreateKindName(s.kind)); },
      },
      body);
}

namespace {

template <class T, class... Ts>
constexpr size_t AlternativeIndex(const std::variant<Ts...>*) {
  size_t i = 0;
  (void)((std::is_same_v<T, Ts> ? false : (++i, true)) && ...);
  return i;
}

}  // namespace

bool IsCatalogStatement(const StatementBody& body) {
  // The alternatives from CreateSecretStmt on are mz_ast.h's.
  constexpr size_t kFirst = AlternativeIndex<CreateSecretStmt>(static_cast<const StatementBody*>(nullptr));
  static_assert(kFirst + 23 == std::variant_size_v<StatementBody>);
  return body.index() >= kFirst;
}

}  // namespace freshet::sql
