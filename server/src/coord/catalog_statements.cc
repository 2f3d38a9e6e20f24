#include "coord/catalog_statements.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/ddl.h"
#include "catalog/ssh_keys.h"
#include "coord/connections.h"
#include "coord/sources.h"
#include "coord/tables.h"
#include "coord/views.h"
#include "common/status_macros.h"
#include "compute/cursor.h"
#include "sql/binder.h"
#include "common/overloaded.h"

namespace freshet::coord {
namespace {

using catalog::GlobalId;
using catalog::Item;
using catalog::ItemType;
using catalog::Transaction;
using sql::ObjectType;
using types::Datum;
using types::Type;
using types::TypeId;

std::vector<ColumnDesc> Columns(std::initializer_list<std::pair<const char*, TypeId>> cols) {
  std::vector<ColumnDesc> out;
  for (const auto& [name, type] : cols) out.push_back({name, Type{type}});
  return out;
}

Datum Text(std::string s) { return Datum::FromString(std::move(s)); }

const char* ItemTypeFor(ObjectType type) {
  switch (type) {
    case ObjectType::kSecret: return "secret";
    case ObjectType::kConnection: return "connection";
    case ObjectType::kSource: return "source";
    case ObjectType::kCluster: return "cluster";
    case ObjectType::kTable: return "table";
    case ObjectType::kView: return "view";
  }
  return "object";
}

bool HasType(const Item& item, ObjectType type) {
  switch (type) {
    case ObjectType::kSecret: return item.type == ItemType::kSecret;
    case ObjectType::kConnection: return item.type == ItemType::kConnection;
    case ObjectType::kSource: return item.type == ItemType::kSource || item.type == ItemType::kSubsource;
    case ObjectType::kCluster: return false;
    case ObjectType::kTable: return item.type == ItemType::kTable;
    case ObjectType::kView: return item.type == ItemType::kView;
  }
  return false;
}

// `item` must be of the kind the statement names (PostgreSQL: "x" is not a
// view, with a hint naming the right DROP).
absl::Status CheckKind(const catalog::CatalogState& state, const Item& item, ObjectType type) {
  if (HasType(item, type)) return absl::OkStatus();
  std::string actual(catalog::ItemKindForErrors(item));
  return Error(sqlstate::kInvalidParameterValueWrongObjectType,
               absl::StrCat("\"", state.QualifiedName(item), "\" is not a ", ItemTypeFor(type)))
      .Hint(absl::StrCat("It is a ", actual, "."))
      .ToStatus();
}

absl::StatusOr<const Item*> Resolve(const catalog::CatalogState& state, const sql::QualifiedName& name) {
  return state.ResolveItem(name.database, name.schema, name.name);
}

absl::StatusOr<std::string> StringOption(const sql::Option& option) {
  if (!option.value || (option.value->kind != sql::OptionValue::Kind::kString &&
                        option.value->kind != sql::OptionValue::Kind::kName)) {
    return Error(sqlstate::kInvalidParameterValue, absl::StrCat(option.name, " must be a string"))
        .Position(option.position)
        .ToStatus();
  }
  if (option.value->kind == sql::OptionValue::Kind::kName) return absl::StrJoin(option.value->name, ".");
  return option.value->text;
}

absl::StatusOr<uint32_t> CountOption(const sql::Option& option) {
  uint32_t n = 0;
  if (!option.value || option.value->kind != sql::OptionValue::Kind::kNumber ||
      !absl::SimpleAtoi(option.value->text, &n) || n > 16) {
    return Error(sqlstate::kInvalidParameterValue, absl::StrCat(option.name, " must be an integer from 0 to 16"))
        .Position(option.position)
        .ToStatus();
  }
  return n;
}

absl::Status UnsupportedOption(const char* what, const sql::Option& option) {
  return Error(sqlstate::kFeatureNotSupported, absl::StrCat(what, " option ", option.name, " is not supported"))
      .Position(option.position)
      .ToStatus();
}

// SIZE and REPLICATION FACTOR of CREATE / ALTER CLUSTER.
struct ClusterSettings {
  std::optional<std::string> size;
  std::optional<uint32_t> replication_factor;
};

absl::StatusOr<ClusterSettings> ReadClusterOptions(const std::vector<sql::Option>& options) {
  ClusterSettings s;
  for (const sql::Option& o : options) {
    if (o.name == "SIZE") {
      FRESHET_ASSIGN_OR_RETURN(s.size, StringOption(o));
    } else if (o.name == "REPLICATION FACTOR") {
      FRESHET_ASSIGN_OR_RETURN(s.replication_factor, CountOption(o));
    } else if (o.name == "MANAGED") {
      if (o.value && o.value->kind == sql::OptionValue::Kind::kBoolean && o.value->text == "false") {
        return Error(sqlstate::kFeatureNotSupported, "unmanaged clusters are not supported")
            .Position(o.position)
            .ToStatus();
      }
    } else if (o.name == "SCHEDULE") {
      if (!o.value || o.value->text != "MANUAL") {
        return Error(sqlstate::kFeatureNotSupported, "SCHEDULE = ON REFRESH is not supported")
            .Position(o.position)
            .ToStatus();
      }
    } else if (o.name == "INTROSPECTION INTERVAL" || o.name == "INTROSPECTION DEBUGGING" || o.name == "DISK" ||
               o.name == "AVAILABILITY ZONES") {
      // Accepted for compatibility; every replica is a thread pool in this
      // one process, so they change nothing here.
    } else if (o.name == "REPLICAS") {
      return Error(sqlstate::kFeatureNotSupported, "unmanaged clusters (REPLICAS) are not supported")
          .Hint("Create a managed cluster: CREATE CLUSTER c (SIZE = '50cc').")
          .Position(o.position)
          .ToStatus();
    } else {
      return UnsupportedOption("CLUSTER", o);
    }
  }
  return s;
}

std::string ReplicaList(const catalog::CatalogState& state, GlobalId cluster) {
  std::vector<std::string> parts;
  for (const catalog::ClusterReplica* r : state.Replicas(cluster)) parts.push_back(absl::StrCat(r->name, " (", r->size, ")"));
  return absl::StrJoin(parts, ", ");
}

// ---------------------------------------------------------------------------

absl::StatusOr<std::vector<types::Row>> FilterRows(const std::vector<ColumnDesc>& columns, std::vector<types::Row> rows,
                                                   const sql::SqlExpression& where);

class Executor {
 public:
  Executor(catalog::Catalog& catalog, const ExpressionEvaluator& evaluate, const std::string& cluster)
      : catalog_(catalog), evaluate_(evaluate), cluster_(cluster), state_(catalog.state()) {}

  absl::StatusOr<CatalogOutcome> Run(const sql::StatementBody& body) {
    FRESHET_RETURN_IF_ERROR(std::visit(
        Overloaded{
            [&](const sql::CreateSecretStmt& s) { return CreateSecret(s); },
            [&](const sql::AlterSecretStmt& s) { return AlterSecret(s); },
            [&](const sql::CreateConnectionStmt& s) { return CreateConnection(s); },
            [&](const sql::AlterConnectionStmt& s) { return AlterConnection(s); },
            [&](const sql::ValidateConnectionStmt& s) { return Validate(s); },
            [&](const sql::CreateClusterStmt& s) { return CreateCluster(s); },
            [&](const sql::AlterClusterStmt& s) { return AlterCluster(s); },
            [&](const sql::DropObjectsStmt& s) { return Drop(s); },
            [&](const sql::AlterRenameStmt& s) { return Rename(s); },
            [&](const sql::ShowObjectsStmt& s) { return Show(s); },
            [&](const sql::ShowCreateStmt& s) { return ShowCreate(s); },
            [&](const sql::ShowColumnsStmt& s) { return ShowColumns(s); },
            [&](const sql::CreateTableStmt& s) {
              return CreateTable(s, catalog_, &out_.command_tag, &out_.notices);
            },
            [&](const sql::CreateViewStmt& s) { return CreateView(s, catalog_, &out_.command_tag, &out_.notices); },
            [&](const sql::CreateSourceStmt& s) {
              out_.command_tag = "CREATE SOURCE";
              return CreateSource(s, catalog_, cluster_, &out_.notices);
            },
            [&](const sql::CreateTableFromSourceStmt& s) {
              out_.command_tag = "CREATE TABLE";
              return CreateTableFromSource(s, catalog_, &out_.notices);
            },
            [&](const sql::AlterSourceStmt& s) {
              out_.command_tag = "ALTER SOURCE";
              return AlterSource(s, catalog_, &out_.notices);
            },
            [&](const auto&) { return NotSupported(sql::StatementKindName(body)); },
        },
        body));
    return std::move(out_);
  }

 private:
  absl::Status CreateSecret(const sql::CreateSecretStmt& s) {
    out_.command_tag = "CREATE SECRET";
    FRESHET_ASSIGN_OR_RETURN(Datum value, evaluate_(s.value));
    if (value.is_null()) return Error(sqlstate::kNullValueNotAllowed, "secret value can not be null").ToStatus();
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema, txn.state().ResolveSchema(s.name.database, s.name.schema));
      if (txn.state().FindItem(schema->id, s.name.name) != nullptr && s.if_not_exists) {
        out_.notices.push_back(Notice(sqlstate::kDuplicateObject,
                                      absl::StrCat("catalog item '", s.name.name, "' already exists, skipping")));
        return absl::OkStatus();
      }
      Item item = txn.NewItem(schema->id, s.name.name, ItemType::kSecret);
      txn.PutSecret(catalog::SecretValueName(item.id), value.as_string());
      // The stored statement never holds the value.
      item.create_sql = absl::StrCat("CREATE SECRET ", Qualified(txn.state(), schema->id, item.name), " AS '********'");
      return txn.CreateItem(std::move(item));
    });
  }

  absl::Status AlterSecret(const sql::AlterSecretStmt& s) {
    out_.command_tag = "ALTER SECRET";
    auto item = Resolve(*state_, s.name);
    if (!item.ok() && s.if_exists && SqlStateOf(item.status()) == sqlstate::kUndefinedTable) {
      out_.notices.push_back(Notice(sqlstate::kUndefinedObject, absl::StrCat("secret \"", s.name.ToString(), "\" does not exist, skipping")));
      return absl::OkStatus();
    }
    FRESHET_RETURN_IF_ERROR(item.status());
    FRESHET_RETURN_IF_ERROR(CheckKind(*state_, **item, ObjectType::kSecret));
    FRESHET_ASSIGN_OR_RETURN(Datum value, evaluate_(s.value));
    if (value.is_null()) return Error(sqlstate::kNullValueNotAllowed, "secret value can not be null").ToStatus();
    GlobalId id = (*item)->id;
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      if (txn.state().GetItem(id) == nullptr) return absl::AbortedError("the secret was dropped concurrently");
      txn.PutSecret(catalog::SecretValueName(id), value.as_string());
      return absl::OkStatus();
    });
  }

  absl::Status CreateConnection(const sql::CreateConnectionStmt& s) {
    out_.command_tag = "CREATE CONNECTION";
    FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema, state_->ResolveSchema(s.name.database, s.name.schema));
    if (state_->FindItem(schema->id, s.name.name) != nullptr) {
      if (s.if_not_exists) {
        out_.notices.push_back(Notice(sqlstate::kDuplicateObject,
                                      absl::StrCat("catalog item '", s.name.name, "' already exists, skipping")));
        return absl::OkStatus();
      }
      return Error(sqlstate::kDuplicateObject, absl::StrCat("catalog item '", s.name.name, "' already exists"))
          .ToStatus();
    }
    FRESHET_ASSIGN_OR_RETURN(bool validate, ShouldValidate(s));
    FRESHET_ASSIGN_OR_RETURN(ConnectionSpec spec, BuildConnection(*state_, s));
    std::optional<catalog::SshKeyPair> key1, key2;
    if (auto* ssh = std::get_if<catalog::SshTunnelConnection>(&spec.details)) {
      FRESHET_ASSIGN_OR_RETURN(key1, catalog::GenerateSshKeyPair());
      FRESHET_ASSIGN_OR_RETURN(key2, catalog::GenerateSshKeyPair());
      ssh->public_key_1 = key1->public_key;
      ssh->public_key_2 = key2->public_key;
    }
    if (validate) {
      FRESHET_RETURN_IF_ERROR(ValidateConnection(*state_, *catalog_.storage()->GetSnapshot(), spec.details));
    }
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      for (GlobalId used : spec.uses) {
        if (txn.state().GetItem(used) == nullptr) {
          return absl::AbortedError("an object the connection names was dropped concurrently");
        }
      }
      Item item = txn.NewItem(schema->id, s.name.name, ItemType::kConnection);
      item.uses = spec.uses;
      item.create_sql = ConnectionCreateSql(txn.state(), Qualified(txn.state(), schema->id, item.name), spec.details);
      item.details = spec.details;
      if (key1) {
        txn.PutSecret(catalog::SshPrivateKeySecret(item.id, 1), key1->private_key);
        txn.PutSecret(catalog::SshPrivateKeySecret(item.id, 2), key2->private_key);
      }
      return txn.CreateItem(std::move(item));
    });
  }

  absl::Status AlterConnection(const sql::AlterConnectionStmt& s) {
    out_.command_tag = "ALTER CONNECTION";
    auto item = Resolve(*state_, s.name);
    if (!item.ok() && s.if_exists && SqlStateOf(item.status()) == sqlstate::kUndefinedTable) return absl::OkStatus();
    FRESHET_RETURN_IF_ERROR(item.status());
    FRESHET_RETURN_IF_ERROR(CheckKind(*state_, **item, ObjectType::kConnection));
    if (!s.rotate_keys) return AlterConnectionOptions(s, **item);
    const auto& details = std::get<catalog::ConnectionDetails>((*item)->details);
    if (!std::holds_alternative<catalog::SshTunnelConnection>(details)) {
      return Error(sqlstate::kInvalidParameterValue,
                   absl::StrCat("cannot ROTATE KEYS on ", state_->QualifiedName(**item), ": it is not an SSH TUNNEL connection"))
          .ToStatus();
    }
    GlobalId id = (*item)->id;
    FRESHET_ASSIGN_OR_RETURN(std::string old_key2,
                             catalog_.storage()->GetSnapshot()->Secret(catalog::SshPrivateKeySecret(id, 2)));
    FRESHET_ASSIGN_OR_RETURN(catalog::SshKeyPair fresh, catalog::GenerateSshKeyPair());
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      const Item* current = txn.state().GetItem(id);
      if (current == nullptr) return absl::AbortedError("the connection was dropped concurrently");
      Item updated = *current;
      auto ssh = std::get<catalog::SshTunnelConnection>(std::get<catalog::ConnectionDetails>(updated.details));
      ssh.public_key_1 = ssh.public_key_2;
      ssh.public_key_2 = fresh.public_key;
      updated.details = catalog::ConnectionDetails(ssh);
      txn.PutSecret(catalog::SshPrivateKeySecret(id, 1), old_key2);
      txn.PutSecret(catalog::SshPrivateKeySecret(id, 2), fresh.private_key);
      return txn.UpdateItem(std::move(updated));
    });
  }

  // SET / DROP / RESET: the stored statement with the options changed is
  // checked and validated like a CREATE; SSH keys stay.
  absl::Status AlterConnectionOptions(const sql::AlterConnectionStmt& s, const Item& item) {
    auto parsed = sql::ParseStatements(item.create_sql);
    if (!parsed.ok() || parsed->size() != 1 || !std::holds_alternative<sql::CreateConnectionStmt>((*parsed)[0].body)) {
      return absl::InternalError("the stored definition of the connection does not parse");
    }
    sql::CreateConnectionStmt create = std::get<sql::CreateConnectionStmt>((*parsed)[0].body);
    for (sql::Option& o : create.options) o.position = 0;  // positions of the stored text mean nothing here
    auto drop = [&](const std::string& name) {
      std::erase_if(create.options, [&](const sql::Option& o) { return o.name == name; });
    };
    for (const std::string& name : s.reset_options) drop(name);
    for (const sql::Option& o : s.set_options) {
      if (!sql::ConnectionTypeTakesOption(create.type, o.name)) {
        return Error(sqlstate::kSyntaxError,
                     absl::StrCat(std::string(sql::ConnectionTypeName(create.type)), " connections do not support ",
                                  o.name, " values"))
            .Position(o.position)
            .ToStatus();
      }
      drop(o.name);
      create.options.push_back(o);
    }
    create.with_options = s.with_options;
    FRESHET_ASSIGN_OR_RETURN(bool validate, ShouldValidate(create));
    FRESHET_ASSIGN_OR_RETURN(ConnectionSpec spec, BuildConnection(*state_, create));
    const auto& old = std::get<catalog::ConnectionDetails>(item.details);
    if (auto* ssh = std::get_if<catalog::SshTunnelConnection>(&spec.details)) {
      const auto& old_ssh = std::get<catalog::SshTunnelConnection>(old);
      ssh->public_key_1 = old_ssh.public_key_1;
      ssh->public_key_2 = old_ssh.public_key_2;
    }
    if (validate) {
      FRESHET_RETURN_IF_ERROR(ValidateConnection(*state_, *catalog_.storage()->GetSnapshot(), spec.details));
    }
    GlobalId id = item.id;
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      const Item* current = txn.state().GetItem(id);
      if (current == nullptr) return absl::AbortedError("the connection was dropped concurrently");
      Item updated = *current;
      updated.details = spec.details;
      updated.uses = spec.uses;
      updated.create_sql =
          ConnectionCreateSql(txn.state(), Qualified(txn.state(), updated.schema_id, updated.name), spec.details);
      return txn.UpdateItem(std::move(updated));
    });
  }

  absl::Status Validate(const sql::ValidateConnectionStmt& s) {
    out_.command_tag = "VALIDATE CONNECTION";
    FRESHET_ASSIGN_OR_RETURN(const Item* item, Resolve(*state_, s.name));
    FRESHET_RETURN_IF_ERROR(CheckKind(*state_, *item, ObjectType::kConnection));
    return ValidateConnection(*state_, *catalog_.storage()->GetSnapshot(),
                              std::get<catalog::ConnectionDetails>(item->details));
  }

  absl::Status CreateCluster(const sql::CreateClusterStmt& s) {
    out_.command_tag = "CREATE CLUSTER";
    FRESHET_ASSIGN_OR_RETURN(ClusterSettings settings, ReadClusterOptions(s.options));
    if (!settings.size) {
      return Error(sqlstate::kInvalidParameterValue, "SIZE option is required")
          .Hint("For example: CREATE CLUSTER c (SIZE = '50cc').")
          .ToStatus();
    }
    return catalog_.Transact([&](Transaction& txn) {
      return catalog::CreateManagedCluster(txn, s.name, *settings.size, settings.replication_factor.value_or(1))
          .status();
    });
  }

  absl::Status AlterCluster(const sql::AlterClusterStmt& s) {
    out_.command_tag = "ALTER CLUSTER";
    const catalog::Cluster* cluster = state_->FindCluster(s.name);
    if (cluster == nullptr) {
      if (s.if_exists) {
        out_.notices.push_back(Notice(sqlstate::kUndefinedObject, absl::StrCat("cluster \"", s.name, "\" does not exist, skipping")));
        return absl::OkStatus();
      }
      return UnknownCluster(s.name);
    }
    std::string size = cluster->size;
    uint32_t factor = cluster->replication_factor;
    switch (s.action) {
      case sql::AlterClusterStmt::Action::kSetOptions: {
        if (s.wait) return NotSupported("ALTER CLUSTER ... WITH (WAIT ...)");
        FRESHET_ASSIGN_OR_RETURN(ClusterSettings settings, ReadClusterOptions(s.options));
        size = settings.size.value_or(size);
        factor = settings.replication_factor.value_or(factor);
        break;
      }
      case sql::AlterClusterStmt::Action::kResetOptions:
        for (const std::string& name : s.reset_options) {
          if (name == "REPLICATION FACTOR") {
            factor = 1;
          } else if (name != "MANAGED") {
            return NotSupported(absl::StrCat("ALTER CLUSTER ... RESET (", name, ")"));
          }
        }
        break;
      case sql::AlterClusterStmt::Action::kSwap:
        return NotSupported("ALTER CLUSTER ... SWAP WITH");
    }
    GlobalId id = cluster->id;
    return catalog_.Transact([&](Transaction& txn) { return catalog::AlterManagedCluster(txn, id, size, factor); });
  }

  absl::Status Drop(const sql::DropObjectsStmt& s) {
    out_.command_tag = absl::StrCat("DROP ", std::string(sql::ObjectTypeName(s.type)));
    if (s.type == ObjectType::kCluster) return DropClusters(s);
    std::vector<GlobalId> ids;
    for (const sql::QualifiedName& name : s.names) {
      auto item = Resolve(*state_, name);
      if (!item.ok() && s.if_exists && SqlStateOf(item.status()) == sqlstate::kUndefinedTable) {
        out_.notices.push_back(Notice(sqlstate::kUndefinedObject,
                                      absl::StrCat(ItemTypeFor(s.type), " \"", name.ToString(), "\" does not exist, skipping")));
        continue;
      }
      FRESHET_RETURN_IF_ERROR(item.status());
      FRESHET_RETURN_IF_ERROR(CheckKind(*state_, **item, s.type));
      ids.push_back((*item)->id);
      // A source's progress subsource is part of it.
      if (const auto* src = std::get_if<catalog::SourceDetails>(&(*item)->details); src && src->progress_subsource) {
        ids.push_back(*src->progress_subsource);
      }
    }
    if (ids.empty()) return absl::OkStatus();
    return catalog_.Transact([&](Transaction& txn) { return catalog::DropItems(txn, ids, s.cascade).status(); });
  }

  absl::Status DropClusters(const sql::DropObjectsStmt& s) {
    std::vector<GlobalId> ids;
    for (const sql::QualifiedName& name : s.names) {
      const catalog::Cluster* c = state_->FindCluster(name.name);
      if (c == nullptr) {
        if (s.if_exists) {
          out_.notices.push_back(Notice(sqlstate::kUndefinedObject, absl::StrCat("cluster \"", name.name, "\" does not exist, skipping")));
          continue;
        }
        return UnknownCluster(name.name);
      }
      ids.push_back(c->id);
    }
    if (ids.empty()) return absl::OkStatus();
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      for (GlobalId id : ids) FRESHET_RETURN_IF_ERROR(catalog::DropCluster(txn, id));
      return absl::OkStatus();
    });
  }

  absl::Status Rename(const sql::AlterRenameStmt& s) {
    out_.command_tag = absl::StrCat("ALTER ", std::string(sql::ObjectTypeName(s.type)));
    if (s.type == ObjectType::kCluster) {
      const catalog::Cluster* c = state_->FindCluster(s.name.name);
      if (c == nullptr) return s.if_exists ? absl::OkStatus() : UnknownCluster(s.name.name);
      catalog::Cluster renamed = *c;
      renamed.name = s.new_name;
      if (c->id.is_system()) {
        return Error(sqlstate::kInsufficientPrivilege, absl::StrCat("system cluster '", c->name, "' cannot be modified"))
            .ToStatus();
      }
      return catalog_.Transact([&](Transaction& txn) { return txn.UpdateCluster(renamed); });
    }
    if (s.type != ObjectType::kSecret && s.type != ObjectType::kConnection) {
      return NotSupported(absl::StrCat("ALTER ", std::string(sql::ObjectTypeName(s.type)), " ... RENAME"));
    }
    auto item = Resolve(*state_, s.name);
    if (!item.ok() && s.if_exists && SqlStateOf(item.status()) == sqlstate::kUndefinedTable) return absl::OkStatus();
    FRESHET_RETURN_IF_ERROR(item.status());
    FRESHET_RETURN_IF_ERROR(CheckKind(*state_, **item, s.type));
    GlobalId id = (*item)->id;
    return catalog_.Transact([&](Transaction& txn) -> absl::Status {
      Item renamed = *txn.state().GetItem(id);
      renamed.name = s.new_name;
      FRESHET_RETURN_IF_ERROR(txn.UpdateItem(renamed));
      // Every create_sql that names the item (its own, and the connections
      // that use it) is written again with the new name.
      std::vector<const Item*> rewrite = txn.state().Dependents(id);
      rewrite.push_back(txn.state().GetItem(id));
      for (const Item* target : rewrite) {
        Item updated = *target;
        if (updated.type == ItemType::kSecret) {
          updated.create_sql = absl::StrCat("CREATE SECRET ", Qualified(txn.state(), updated.schema_id, updated.name),
                                            " AS '********'");
        } else if (const auto* conn = std::get_if<catalog::ConnectionDetails>(&updated.details)) {
          updated.create_sql =
              ConnectionCreateSql(txn.state(), Qualified(txn.state(), updated.schema_id, updated.name), *conn);
        }
        FRESHET_RETURN_IF_ERROR(txn.UpdateItem(std::move(updated)));
      }
      return absl::OkStatus();
    });
  }

  absl::Status Show(const sql::ShowObjectsStmt& s) {
    FRESHET_RETURN_IF_ERROR(ShowRows(s));
    if (s.filter.where) {
      FRESHET_ASSIGN_OR_RETURN(auto columns, DescribeCatalogStatement(sql::StatementBody(s)));
      FRESHET_ASSIGN_OR_RETURN(out_.rows, FilterRows(*columns, std::move(out_.rows), *s.filter.where));
    }
    return absl::OkStatus();
  }

  absl::Status ShowRows(const sql::ShowObjectsStmt& s) {
    out_.command_tag = "SHOW";
    auto keep = [&](const std::string& name) { return !s.filter.like || LikeMatch(name, *s.filter.like); };
    using Kind = sql::ShowObjectsStmt::Kind;
    switch (s.kind) {
      case Kind::kClusters: {
        std::vector<const catalog::Cluster*> clusters;
        for (const auto& [id, c] : state_->clusters()) clusters.push_back(&c);
        std::sort(clusters.begin(), clusters.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (const catalog::Cluster* c : clusters) {
          if (keep(c->name)) out_.rows.push_back({Text(c->name), Text(ReplicaList(*state_, c->id)), Datum()});
        }
        return absl::OkStatus();
      }
      case Kind::kClusterReplicas: {
        std::vector<const catalog::ClusterReplica*> replicas;
        for (const auto& [id, r] : state_->replicas()) replicas.push_back(&r);
        auto cluster_name = [&](const catalog::ClusterReplica* r) { return state_->GetCluster(r->cluster_id)->name; };
        std::sort(replicas.begin(), replicas.end(), [&](auto* a, auto* b) {
          return std::make_pair(cluster_name(a), a->name) < std::make_pair(cluster_name(b), b->name);
        });
        for (const catalog::ClusterReplica* r : replicas) {
          if (!keep(cluster_name(r))) continue;
          // Every replica is a thread pool in this process: ready as soon as it exists.
          out_.rows.push_back({Text(cluster_name(r)), Text(r->name), Text(r->size), Datum::FromBool(true), Datum()});
        }
        return absl::OkStatus();
      }
      case Kind::kSecrets:
      case Kind::kConnections: {
        FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema,
                                 state_->ResolveSchema(s.from ? s.from->database : std::nullopt,
                                                       s.from ? std::optional<std::string>(s.from->name) : std::nullopt));
        ItemType wanted = s.kind == Kind::kSecrets ? ItemType::kSecret : ItemType::kConnection;
        std::vector<const Item*> items;
        for (const auto& [id, item] : state_->items()) {
          if (item.schema_id == schema->id && item.type == wanted && keep(item.name)) items.push_back(&item);
        }
        std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (const Item* item : items) {
          if (wanted == ItemType::kSecret) {
            out_.rows.push_back({Text(item->name), Datum()});
          } else {
            const auto& details = std::get<catalog::ConnectionDetails>(item->details);
            out_.rows.push_back({Text(item->name), Text(std::string(catalog::ConnectionTypeName(details))), Datum()});
          }
        }
        return absl::OkStatus();
      }
      case Kind::kTables:
      case Kind::kViews: {
        if (s.on) return NotSupported("SHOW TABLES ON");
        FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* schema,
                                 state_->ResolveSchema(s.from ? s.from->database : std::nullopt,
                                                       s.from ? std::optional<std::string>(s.from->name) : std::nullopt));
        ItemType wanted = s.kind == Kind::kTables ? ItemType::kTable : ItemType::kView;
        std::vector<const Item*> items;
        for (const auto& [id, item] : state_->items()) {
          if (item.schema_id == schema->id && item.type == wanted && keep(item.name)) items.push_back(&item);
        }
        std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (const Item* item : items) out_.rows.push_back({Text(item->name), Datum()});
        return absl::OkStatus();
      }
      case Kind::kSources:
      case Kind::kSubsources: return ShowSources(s, keep);
    }
    return absl::OkStatus();
  }

  // SHOW SOURCES: name, type, cluster, comment; SHOW SUBSOURCES: name, type.
  absl::Status ShowSources(const sql::ShowObjectsStmt& s, const std::function<bool(const std::string&)>& keep) {
    using Kind = sql::ShowObjectsStmt::Kind;
    std::optional<GlobalId> on;
    if (s.on) {
      FRESHET_ASSIGN_OR_RETURN(const Item* src, Resolve(*state_, *s.on));
      if (!std::holds_alternative<catalog::SourceDetails>(src->details)) {
        return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                     absl::StrCat("\"", state_->QualifiedName(*src), "\" is not a source"))
            .ToStatus();
      }
      on = src->id;
    }
    std::optional<GlobalId> schema;
    if (s.from || !on) {
      FRESHET_ASSIGN_OR_RETURN(const catalog::Schema* found,
                               state_->ResolveSchema(s.from ? s.from->database : std::nullopt,
                                                     s.from ? std::optional<std::string>(s.from->name) : std::nullopt));
      schema = found->id;
    }
    std::vector<std::pair<std::string, std::vector<Datum>>> rows;
    for (const auto& [id, item] : state_->items()) {
      if (item.type != ItemType::kSource && item.type != ItemType::kSubsource) continue;
      if (schema && item.schema_id != *schema) continue;
      if (!keep(item.name)) continue;
      const auto* src = std::get_if<catalog::SourceDetails>(&item.details);
      const auto* table = std::get_if<catalog::TableDetails>(&item.details);
      std::string type = src ? "postgres" : table && table->upstream ? "subsource" : "progress";
      GlobalId parent = src ? id : table && table->source ? *table->source : id;
      if (s.kind == Kind::kSubsources && src != nullptr) continue;
      if (on && parent != *on) continue;
      const Item* parent_item = state_->GetItem(parent);
      const auto* parent_src = parent_item ? std::get_if<catalog::SourceDetails>(&parent_item->details) : nullptr;
      const catalog::Cluster* cluster = parent_src ? state_->GetCluster(parent_src->cluster) : nullptr;
      std::vector<Datum> row{Text(item.name), Text(type)};
      if (s.kind == Kind::kSources) {
        row.push_back(cluster ? Text(cluster->name) : Datum());
        row.push_back(Datum());
      }
      rows.emplace_back(item.name, std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [name, row] : rows) out_.rows.push_back(std::move(row));
    return absl::OkStatus();
  }

  absl::Status ShowCreate(const sql::ShowCreateStmt& s) {
    out_.command_tag = "SHOW";
    using Kind = sql::ShowCreateStmt::Kind;
    if (s.kind == Kind::kCluster) {
      const catalog::Cluster* c = state_->FindCluster(s.name.name);
      if (c == nullptr) return UnknownCluster(s.name.name);
      out_.rows.push_back({Text(c->name), Text(absl::StrCat("CREATE CLUSTER ", sql::QuoteIdentifier(c->name),
                                                            " (SIZE = '", c->size, "', REPLICATION FACTOR = ",
                                                            c->replication_factor, ")"))});
      return absl::OkStatus();
    }
    FRESHET_ASSIGN_OR_RETURN(const Item* item, Resolve(*state_, s.name));
    ObjectType type = s.kind == Kind::kSecret       ? ObjectType::kSecret
                      : s.kind == Kind::kConnection ? ObjectType::kConnection
                      : s.kind == Kind::kTable      ? ObjectType::kTable
                      : s.kind == Kind::kView       ? ObjectType::kView
                                                    : ObjectType::kSource;
    if (s.kind != Kind::kSecret && s.kind != Kind::kConnection && s.kind != Kind::kSource &&
        s.kind != Kind::kTable && s.kind != Kind::kView) {
      return NotSupported(absl::StrCat("SHOW CREATE ", std::string(sql::ShowCreateKindName(s.kind))));
    }
    FRESHET_RETURN_IF_ERROR(CheckKind(*state_, *item, type));
    out_.rows.push_back({Text(state_->QualifiedName(*item)), Text(item->create_sql)});
    return absl::OkStatus();
  }

  // SHOW COLUMNS FROM t: name, nullable, type, comment, in column order.
  absl::Status ShowColumns(const sql::ShowColumnsStmt& s) {
    out_.command_tag = "SHOW";
    FRESHET_ASSIGN_OR_RETURN(const Item* item, Resolve(*state_, s.table));
    const auto* table = std::get_if<catalog::TableDetails>(&item->details);
    const auto* view = std::get_if<catalog::ViewDetails>(&item->details);
    if (table == nullptr && view == nullptr) {
      return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                   absl::StrCat("\"", state_->QualifiedName(*item), "\" is not a relation"))
          .ToStatus();
    }
    for (const catalog::Column& c : table != nullptr ? table->columns : view->columns) {
      if (s.filter.like && !LikeMatch(c.name, *s.filter.like)) continue;
      out_.rows.push_back({Text(c.name), Datum::FromBool(c.nullable), Text(ColumnTypeName(c.type)), Datum()});
    }
    if (s.filter.where) {
      FRESHET_ASSIGN_OR_RETURN(auto columns, DescribeCatalogStatement(sql::StatementBody(s)));
      FRESHET_ASSIGN_OR_RETURN(out_.rows, FilterRows(*columns, std::move(out_.rows), *s.filter.where));
    }
    return absl::OkStatus();
  }

  static std::string Qualified(const catalog::CatalogState& state, GlobalId schema_id, const std::string& name) {
    return QuotedName(state, schema_id, name);
  }

  static absl::Status UnknownCluster(const std::string& name) {
    return Error(sqlstate::kUndefinedObject, absl::StrCat("unknown cluster '", name, "'")).ToStatus();
  }

  catalog::Catalog& catalog_;
  const ExpressionEvaluator& evaluate_;
  const std::string& cluster_;
  std::shared_ptr<const catalog::CatalogState> state_;
  CatalogOutcome out_;
};

// SHOW ... WHERE expr: the expression runs as
// SELECT * FROM <the SHOW's rows> WHERE expr, through the ordinary binder
// and executor, over a relation that only this query can see.
class ShowRelation final : public sql::CatalogReader, public compute::RelationProvider {
 public:
  ShowRelation(const std::vector<ColumnDesc>& columns, std::vector<types::Row> rows) : rows_(std::move(rows)) {
    desc_.id = 1;
    desc_.name = "show";
    desc_.qualified = "show";
    for (const ColumnDesc& c : columns) desc_.columns.push_back(sql::OutputColumn{c.name, c.type});
  }
  absl::StatusOr<sql::RelationDesc> ResolveRelation(const std::optional<std::string>&, const std::optional<std::string>&,
                                                    const std::string&) const override {
    return desc_;
  }
  absl::StatusOr<std::vector<types::Row>> Rows(uint64_t) const override { return rows_; }

 private:
  sql::RelationDesc desc_;
  std::vector<types::Row> rows_;
};

absl::StatusOr<std::vector<types::Row>> FilterRows(const std::vector<ColumnDesc>& columns, std::vector<types::Row> rows,
                                                   const sql::SqlExpression& where) {
  constexpr absl::string_view kPrefix = "SELECT * FROM show WHERE ";
  auto located = [&](absl::Status st) {
    return WithPosition(ShiftPosition(std::move(st), where.position - static_cast<int>(kPrefix.size()) - 1),
                        where.position);
  };
  auto stmts = sql::ParseStatements(absl::StrCat(kPrefix, where.sql));
  if (!stmts.ok()) return located(stmts.status());
  if (stmts->size() != 1 || !std::holds_alternative<sql::SelectStmt>((*stmts)[0].body)) {
    return Error(sqlstate::kSyntaxError, "WHERE takes one expression").Position(where.position).ToStatus();
  }
  ShowRelation relation(columns, std::move(rows));
  sql::BindContext ctx;
  ctx.catalog = &relation;
  const sql::Statement& stmt = (*stmts)[0];
  auto plan = sql::BindSelect(stmt, std::get<sql::SelectStmt>(stmt.body), ctx);
  if (!plan.ok()) return located(plan.status());
  std::vector<types::Datum> no_params;
  compute::ExecContext exec;
  exec.params = &no_params;
  exec.relations = &relation;
  auto cursor = compute::OpenCursor(*plan->root, exec);
  std::vector<types::Row> out;
  compute::Batch batch;
  for (;;) {
    auto more = cursor->Next(batch);
    if (!more.ok()) return located(more.status());
    for (auto& u : batch) out.push_back(std::move(u.row));
    if (!*more) break;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::optional<std::vector<ColumnDesc>>> DescribeCatalogStatement(const sql::StatementBody& body) {
  using Kind = sql::ShowObjectsStmt::Kind;
  if (const auto* show = std::get_if<sql::ShowObjectsStmt>(&body)) {
    switch (show->kind) {
      case Kind::kClusters:
        return Columns({{"name", TypeId::kText}, {"replicas", TypeId::kText}, {"comment", TypeId::kText}});
      case Kind::kClusterReplicas:
        return Columns({{"cluster", TypeId::kText},
                        {"replica", TypeId::kText},
                        {"size", TypeId::kText},
                        {"ready", TypeId::kBool},
                        {"comment", TypeId::kText}});
      case Kind::kSecrets: return Columns({{"name", TypeId::kText}, {"comment", TypeId::kText}});
      case Kind::kConnections:
        return Columns({{"name", TypeId::kText}, {"type", TypeId::kText}, {"comment", TypeId::kText}});
      case Kind::kSources:
        return Columns({{"name", TypeId::kText}, {"type", TypeId::kText}, {"cluster", TypeId::kText},
                        {"comment", TypeId::kText}});
      case Kind::kSubsources: return Columns({{"name", TypeId::kText}, {"type", TypeId::kText}});
      case Kind::kTables:
      case Kind::kViews: return Columns({{"name", TypeId::kText}, {"comment", TypeId::kText}});
    }
  }
  if (std::holds_alternative<sql::ShowCreateStmt>(body)) {
    return Columns({{"name", TypeId::kText}, {"create_sql", TypeId::kText}});
  }
  if (std::holds_alternative<sql::ShowColumnsStmt>(body)) {
    return Columns({{"name", TypeId::kText}, {"nullable", TypeId::kBool}, {"type", TypeId::kText},
                    {"comment", TypeId::kText}});
  }
  if (std::holds_alternative<sql::CreateTableStmt>(body) || std::holds_alternative<sql::CreateViewStmt>(body) ||
      std::holds_alternative<sql::InsertStmt>(body) ||
      std::holds_alternative<sql::DeleteStmt>(body) || std::holds_alternative<sql::UpdateStmt>(body)) {
    return std::optional<std::vector<ColumnDesc>>();
  }
  if (std::holds_alternative<sql::CreateSecretStmt>(body) || std::holds_alternative<sql::AlterSecretStmt>(body) ||
      std::holds_alternative<sql::CreateClusterStmt>(body) || std::holds_alternative<sql::AlterClusterStmt>(body) ||
      std::holds_alternative<sql::DropObjectsStmt>(body) || std::holds_alternative<sql::AlterRenameStmt>(body) ||
      std::holds_alternative<sql::CreateConnectionStmt>(body) ||
      std::holds_alternative<sql::AlterConnectionStmt>(body) ||
      std::holds_alternative<sql::ValidateConnectionStmt>(body) || std::holds_alternative<sql::CreateSourceStmt>(body) ||
      std::holds_alternative<sql::CreateTableFromSourceStmt>(body) ||
      std::holds_alternative<sql::AlterSourceStmt>(body)) {
    return std::optional<std::vector<ColumnDesc>>();
  }
  return NotSupported(sql::StatementKindName(body));
}

absl::StatusOr<CatalogOutcome> ExecuteCatalogStatement(const sql::StatementBody& body, catalog::Catalog& catalog,
                                                       const ExpressionEvaluator& evaluate,
                                                       const std::string& cluster) {
  return Executor(catalog, evaluate, cluster).Run(body);
}

bool LikeMatch(std::string_view text, std::string_view pattern) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '%') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (LikeMatch(text.substr(i), pattern.substr(1))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] == '\\' && pattern.size() > 1) {
    return text[0] == pattern[1] && LikeMatch(text.substr(1), pattern.substr(2));
  }
  if (pattern[0] == '_' || pattern[0] == text[0]) return LikeMatch(text.substr(1), pattern.substr(1));
  return false;
}

}  // namespace freshet::coord
