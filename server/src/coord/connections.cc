#include "coord/connections.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/error.h"
#include "common/status_macros.h"
#include "replication/validate.h"

namespace freshet::coord {
namespace {

using catalog::GlobalId;
using catalog::Item;
using catalog::ItemType;
using sql::Option;
using sql::OptionValue;

absl::Status Invalid(std::string message, int position = 0) {
  Error e(sqlstate::kInvalidParameterValue, std::move(message));
  if (position > 0) e.Position(position);
  return e.ToStatus();
}

std::string Literal(const std::string& s) { return absl::StrCat("'", absl::StrReplaceAll(s, {{"'", "''"}}), "'"); }

// A reference to another catalog item: SECRET name, or a bare / object name.
absl::StatusOr<const Item*> Referenced(const catalog::CatalogState& state, const Option& o) {
  const OptionValue& v = *o.value;
  if (v.kind == OptionValue::Kind::kSecret || v.kind == OptionValue::Kind::kObject) {
    return state.ResolveItem(v.object.database, v.object.schema, v.object.name);
  }
  if (v.kind == OptionValue::Kind::kName && !v.name.empty() && v.name.size() <= 3) {
    std::optional<std::string> db, schema;
    if (v.name.size() == 3) db = v.name[0];
    if (v.name.size() >= 2) schema = v.name[v.name.size() - 2];
    return state.ResolveItem(db, schema, v.name.back());
  }
  return Invalid(absl::StrCat("invalid ", o.name, ": expected the name of a catalog object"), o.position);
}

class Builder {
 public:
  Builder(const catalog::CatalogState& state) : state_(state) {}

  absl::StatusOr<std::string> Text(const Option& o) {
    if (o.value && (o.value->kind == OptionValue::Kind::kString || o.value->kind == OptionValue::Kind::kNumber)) {
      return o.value->text;
    }
    if (o.value && o.value->kind == OptionValue::Kind::kName) return absl::StrJoin(o.value->name, ".");
    return Invalid(absl::StrCat("invalid ", o.name, ": expected a string"), o.position);
  }

  absl::StatusOr<GlobalId> Secret(const Option& o) {
    if (!o.value || o.value->kind != OptionValue::Kind::kSecret) {
      return Invalid(absl::StrCat("invalid ", o.name, ": must be a secret (", o.name, " SECRET name)"), o.position);
    }
    FRESHET_ASSIGN_OR_RETURN(const Item* item, Referenced(state_, o));
    if (item->type != ItemType::kSecret) {
      return Invalid(absl::StrCat(state_.QualifiedName(*item), " is not a SECRET"), o.position);
    }
    uses_.push_back(item->id);
    return item->id;
  }

  absl::StatusOr<catalog::TextOrSecret> TextOrSecret(const Option& o) {
    if (o.value && o.value->kind == OptionValue::Kind::kSecret) {
      FRESHET_ASSIGN_OR_RETURN(GlobalId id, Secret(o));
      return catalog::TextOrSecret{"", id};
    }
    FRESHET_ASSIGN_OR_RETURN(std::string text, Text(o));
    return catalog::TextOrSecret{text, std::nullopt};
  }

  absl::StatusOr<GlobalId> Connection(const Option& o, size_t details_index, const char* what) {
    if (!o.value) return Invalid(absl::StrCat("invalid ", o.name, ": expected a connection name"), o.position);
    if (o.value->kind == OptionValue::Kind::kObject && !o.value->options.empty()) {
      return Invalid("invalid CONNECTION: POSTGRES does not support PORT for AWS PRIVATELINK", o.position);
    }
    FRESHET_ASSIGN_OR_RETURN(const Item* item, Referenced(state_, o));
    const auto* conn = std::get_if<catalog::ConnectionDetails>(&item->details);
    if (conn == nullptr || conn->index() != details_index) {
      return Invalid(absl::StrCat(state_.QualifiedName(*item), " is not ", what), o.position);
    }
    uses_.push_back(item->id);
    return item->id;
  }

  absl::StatusOr<uint16_t> Port(const Option& o) {
    uint32_t port = 0;
    if (!o.value || o.value->kind != OptionValue::Kind::kNumber || !absl::SimpleAtoi(o.value->text, &port) ||
        port == 0 || port > 65535) {
      return Invalid("invalid PORT: expected an integer from 1 to 65535", o.position);
    }
    return static_cast<uint16_t>(port);
  }

  std::vector<GlobalId> uses_;

 private:
  const catalog::CatalogState& state_;
};

absl::StatusOr<catalog::PostgresConnection> BuildPostgres(Builder& b, const std::vector<Option>& options) {
  catalog::PostgresConnection pg;
  bool host = false, database = false, user = false;
  int position = 0;
  for (const Option& o : options) {
    if (position == 0) position = o.position;
    if (o.name == "HOST") {
      FRESHET_ASSIGN_OR_RETURN(pg.host, b.Text(o));
      host = true;
    } else if (o.name == "PORT") {
      FRESHET_ASSIGN_OR_RETURN(pg.port, b.Port(o));
    } else if (o.name == "DATABASE") {
      FRESHET_ASSIGN_OR_RETURN(pg.database, b.Text(o));
      database = true;
    } else if (o.name == "USER") {
      FRESHET_ASSIGN_OR_RETURN(pg.user, b.TextOrSecret(o));
      user = true;
    } else if (o.name == "PASSWORD") {
      FRESHET_ASSIGN_OR_RETURN(pg.password, b.Secret(o));
    } else if (o.name == "SSL MODE") {
      FRESHET_ASSIGN_OR_RETURN(std::string mode, b.Text(o));
      if (mode == "disable") {
        pg.ssl_mode = "disable";
      } else if (mode == "require" || mode == "required") {
        pg.ssl_mode = "require";
      } else if (mode == "verify-ca" || mode == "verify_ca") {
        pg.ssl_mode = "verify-ca";
      } else if (mode == "verify-full" || mode == "verify_full") {
        pg.ssl_mode = "verify-full";
      } else if (mode == "prefer" || mode == "allow") {
        // Refused as Materialize does: both fall back to plaintext without
        // telling anyone, so a man in the middle just declines TLS.
        Error e(sqlstate::kInvalidParameterValue, absl::StrCat("invalid CONNECTION: unknown SSL MODE \"", mode, "\""));
        e.Detail(absl::StrCat("SSL MODE '", mode, "' may silently connect without TLS."));
        e.Hint("Use 'require' (TLS without certificate checks), 'verify-ca' or 'verify-full', or 'disable'.");
        if (o.position > 0) e.Position(o.position);
        return e.ToStatus();
      } else {
        return Invalid(absl::StrCat("invalid CONNECTION: unknown SSL MODE \"", mode, "\""), o.position);
      }
    } else if (o.name == "SSL CERTIFICATE AUTHORITY") {
      FRESHET_ASSIGN_OR_RETURN(pg.ssl_certificate_authority, b.TextOrSecret(o));
    } else if (o.name == "SSL CERTIFICATE") {
      FRESHET_ASSIGN_OR_RETURN(pg.ssl_certificate, b.TextOrSecret(o));
    } else if (o.name == "SSL KEY") {
      FRESHET_ASSIGN_OR_RETURN(pg.ssl_key, b.Secret(o));
    } else if (o.name == "SSH TUNNEL") {
      FRESHET_ASSIGN_OR_RETURN(pg.ssh_tunnel, b.Connection(o, 1, "an SSH connection"));
    } else if (o.name == "AWS PRIVATELINK") {
      FRESHET_ASSIGN_OR_RETURN(pg.aws_privatelink, b.Connection(o, 2, "an AWS PRIVATELINK connection"));
    } else {
      return Error(sqlstate::kFeatureNotSupported, absl::StrCat("POSTGRES connection option ", o.name, " is not supported"))
          .Position(o.position)
          .ToStatus();
    }
  }
  if (!host) return Invalid("HOST option is required", position);
  if (!database) return Invalid("DATABASE option is required", position);
  if (!user) return Invalid("USER option is required", position);
  if (pg.ssl_key.has_value() != pg.ssl_certificate.has_value()) {
    return Invalid("invalid CONNECTION: both SSL KEY and SSL CERTIFICATE are required", position);
  }
  if (pg.ssh_tunnel && pg.aws_privatelink) {
    return Invalid("cannot specify both SSH TUNNEL and AWS PRIVATELINK", position);
  }
  return pg;
}

absl::StatusOr<catalog::SshTunnelConnection> BuildSsh(Builder& b, const std::vector<Option>& options) {
  catalog::SshTunnelConnection ssh;
  bool host = false, user = false;
  int position = 0;
  for (const Option& o : options) {
    if (position == 0) position = o.position;
    if (o.name == "HOST") {
      FRESHET_ASSIGN_OR_RETURN(ssh.host, b.Text(o));
      host = true;
    } else if (o.name == "PORT") {
      FRESHET_ASSIGN_OR_RETURN(ssh.port, b.Port(o));
    } else if (o.name == "USER") {
      if (o.value && o.value->kind == OptionValue::Kind::kSecret) {
        return Invalid("SSH connections do not support supplying USER value as SECRET", o.position);
      }
      FRESHET_ASSIGN_OR_RETURN(ssh.user, b.Text(o));
      user = true;
    } else {
      return Error(sqlstate::kFeatureNotSupported, absl::StrCat("SSH TUNNEL connection option ", o.name, " is not supported"))
          .Position(o.position)
          .ToStatus();
    }
  }
  if (!host) return Invalid("HOST option is required", position);
  if (!user) return Invalid("USER option is required", position);
  return ssh;
}

absl::StatusOr<catalog::AwsPrivatelinkConnection> BuildPrivatelink(Builder& b, const std::vector<Option>& options) {
  catalog::AwsPrivatelinkConnection pl;
  bool service = false, zones = false;
  int position = 0;
  for (const Option& o : options) {
    if (position == 0) position = o.position;
    if (o.name == "SERVICE NAME") {
      FRESHET_ASSIGN_OR_RETURN(pl.service_name, b.Text(o));
      service = true;
    } else if (o.name == "AVAILABILITY ZONES") {
      if (!o.value || o.value->kind != OptionValue::Kind::kList) {
        return Invalid("invalid AVAILABILITY ZONES: expected a list of zone ids", o.position);
      }
      for (const OptionValue& item : o.value->items) {
        if (item.kind != OptionValue::Kind::kString) {
          return Invalid("invalid AVAILABILITY ZONES: expected a list of zone ids", o.position);
        }
        pl.availability_zones.push_back(item.text);
      }
      zones = true;
    } else {
      return Error(sqlstate::kFeatureNotSupported,
                   absl::StrCat("AWS PRIVATELINK connection option ", o.name, " is not supported"))
          .Position(o.position)
          .ToStatus();
    }
  }
  if (!service) return Invalid("SERVICE NAME option is required", position);
  if (!zones) return Invalid("AVAILABILITY ZONES option is required", position);
  return pl;
}

std::string ItemName(const catalog::CatalogState& state, GlobalId id) {
  const Item* item = state.GetItem(id);
  return item ? QuotedName(state, item->schema_id, item->name) : id.ToString();
}

std::string TextOrSecretSql(const catalog::CatalogState& state, const catalog::TextOrSecret& v) {
  if (v.secret) return absl::StrCat("SECRET ", ItemName(state, *v.secret));
  return Literal(v.text);
}

absl::StatusOr<std::string> SecretText(const storage::Snapshot& secrets, GlobalId id) {
  return secrets.Secret(catalog::SecretValueName(id));
}

}  // namespace

std::string QuotedName(const catalog::CatalogState& state, GlobalId schema_id, const std::string& name) {
  const catalog::Schema* schema = state.GetSchema(schema_id);
  const catalog::Database* db = schema && schema->database_id ? state.GetDatabase(*schema->database_id) : nullptr;
  std::string out;
  if (db != nullptr) absl::StrAppend(&out, sql::QuoteIdentifier(db->name), ".");
  if (schema != nullptr) absl::StrAppend(&out, sql::QuoteIdentifier(schema->name), ".");
  absl::StrAppend(&out, sql::QuoteIdentifier(name));
  return out;
}

absl::StatusOr<ConnectionSpec> BuildConnection(const catalog::CatalogState& state,
                                               const sql::CreateConnectionStmt& stmt) {
  Builder b(state);
  ConnectionSpec spec;
  switch (stmt.type) {
    case sql::ConnectionType::kPostgres: {
      FRESHET_ASSIGN_OR_RETURN(auto pg, BuildPostgres(b, stmt.options));
      spec.details = pg;
      break;
    }
    case sql::ConnectionType::kSshTunnel: {
      FRESHET_ASSIGN_OR_RETURN(auto ssh, BuildSsh(b, stmt.options));
      spec.details = ssh;
      break;
    }
    case sql::ConnectionType::kAwsPrivatelink: {
      FRESHET_ASSIGN_OR_RETURN(auto pl, BuildPrivatelink(b, stmt.options));
      spec.details = pl;
      break;
    }
  }
  spec.uses = std::move(b.uses_);
  return spec;
}

std::string ConnectionCreateSql(const catalog::CatalogState& state, const std::string& qualified_name,
                                const catalog::ConnectionDetails& details) {
  std::vector<std::string> opts;
  std::string type;
  if (const auto* pg = std::get_if<catalog::PostgresConnection>(&details)) {
    type = "POSTGRES";
    opts.push_back(absl::StrCat("HOST = ", Literal(pg->host)));
    opts.push_back(absl::StrCat("PORT = ", pg->port));
    opts.push_back(absl::StrCat("USER = ", TextOrSecretSql(state, pg->user)));
    if (pg->password) opts.push_back(absl::StrCat("PASSWORD = SECRET ", ItemName(state, *pg->password)));
    opts.push_back(absl::StrCat("DATABASE = ", Literal(pg->database)));
    opts.push_back(absl::StrCat("SSL MODE = ", Literal(pg->ssl_mode)));
    if (pg->ssl_certificate_authority) {
      opts.push_back(absl::StrCat("SSL CERTIFICATE AUTHORITY = ", TextOrSecretSql(state, *pg->ssl_certificate_authority)));
    }
    if (pg->ssl_certificate) {
      opts.push_back(absl::StrCat("SSL CERTIFICATE = ", TextOrSecretSql(state, *pg->ssl_certificate)));
    }
    if (pg->ssl_key) opts.push_back(absl::StrCat("SSL KEY = SECRET ", ItemName(state, *pg->ssl_key)));
    if (pg->ssh_tunnel) opts.push_back(absl::StrCat("SSH TUNNEL = ", ItemName(state, *pg->ssh_tunnel)));
    if (pg->aws_privatelink) opts.push_back(absl::StrCat("AWS PRIVATELINK = ", ItemName(state, *pg->aws_privatelink)));
  } else if (const auto* ssh = std::get_if<catalog::SshTunnelConnection>(&details)) {
    type = "SSH TUNNEL";
    opts.push_back(absl::StrCat("HOST = ", Literal(ssh->host)));
    opts.push_back(absl::StrCat("PORT = ", ssh->port));
    opts.push_back(absl::StrCat("USER = ", Literal(ssh->user)));
  } else {
    const auto& pl = std::get<catalog::AwsPrivatelinkConnection>(details);
    type = "AWS PRIVATELINK";
    opts.push_back(absl::StrCat("SERVICE NAME = ", Literal(pl.service_name)));
    std::vector<std::string> zones;
    for (const auto& z : pl.availability_zones) zones.push_back(Literal(z));
    opts.push_back(absl::StrCat("AVAILABILITY ZONES = (", absl::StrJoin(zones, ", "), ")"));
  }
  return absl::StrCat("CREATE CONNECTION ", qualified_name, " TO ", type, " (", absl::StrJoin(opts, ", "), ")");
}

absl::StatusOr<bool> ShouldValidate(const sql::CreateConnectionStmt& stmt) {
  for (const Option& o : stmt.with_options) {
    if (o.name != "VALIDATE") continue;
    if (!o.value) return true;
    if (o.value->kind == OptionValue::Kind::kBoolean) return o.value->text == "true";
    return Invalid("VALIDATE must be a boolean", o.position);
  }
  return stmt.type == sql::ConnectionType::kPostgres;
}

absl::Status PrivatelinkUnsupported() {
  return Error(sqlstate::kFeatureNotSupported, "AWS PrivateLink connections are unsupported")
      .Detail("Freshet is not running inside AWS with a VPC endpoint for this service, so it cannot reach "
              "the service through AWS PrivateLink.")
      .Hint("Inside AWS, create an interface VPC endpoint for the service and connect to its DNS name with HOST "
            "(and SSL MODE 'verify-full' against the service's own host name); see docs/connections.md.")
      .ToStatus();
}

absl::StatusOr<replication::SshTunnelParams> SshTunnelParams(const catalog::CatalogState& state,
                                                             const storage::Snapshot& secrets, GlobalId id) {
  const Item* item = state.GetItem(id);
  const auto* details = item ? std::get_if<catalog::ConnectionDetails>(&item->details) : nullptr;
  const auto* ssh = details ? std::get_if<catalog::SshTunnelConnection>(details) : nullptr;
  if (ssh == nullptr) return absl::FailedPreconditionError("the SSH TUNNEL connection is gone");
  replication::SshTunnelParams p;
  p.connection_id = id.ToString();
  p.host = ssh->host;
  p.port = ssh->port;
  p.user = ssh->user;
  FRESHET_ASSIGN_OR_RETURN(p.private_key_1, secrets.Secret(catalog::SshPrivateKeySecret(id, 1)));
  FRESHET_ASSIGN_OR_RETURN(p.private_key_2, secrets.Secret(catalog::SshPrivateKeySecret(id, 2)));
  // Tunnels opened from now on use these, also for sources that started
  // with older ones (after ROTATE KEYS or ALTER CONNECTION).
  replication::UpdateSshTunnelParams(p);
  return p;
}

absl::StatusOr<replication::PgConnectParams> PostgresConnectParams(const catalog::CatalogState& state,
                                                                   const storage::Snapshot& secrets,
                                                                   const catalog::PostgresConnection& pg) {
  if (pg.aws_privatelink) return PrivatelinkUnsupported();
  replication::PgConnectParams p;
  p.host = pg.host;
  p.port = pg.port;
  p.database = pg.database;
  if (pg.user.secret) {
    FRESHET_ASSIGN_OR_RETURN(p.user, SecretText(secrets, *pg.user.secret));
  } else {
    p.user = pg.user.text;
  }
  if (pg.password) {
    FRESHET_ASSIGN_OR_RETURN(p.password, SecretText(secrets, *pg.password));
  }
  p.ssl_mode = pg.ssl_mode;
  auto material = [&](const std::optional<catalog::TextOrSecret>& v) -> absl::StatusOr<std::optional<std::string>> {
    if (!v) return std::nullopt;
    if (v->secret) return SecretText(secrets, *v->secret);
    return v->text;
  };
  FRESHET_ASSIGN_OR_RETURN(p.ssl_root_cert_pem, material(pg.ssl_certificate_authority));
  FRESHET_ASSIGN_OR_RETURN(p.ssl_cert_pem, material(pg.ssl_certificate));
  if (pg.ssl_key) {
    FRESHET_ASSIGN_OR_RETURN(p.ssl_key_pem, SecretText(secrets, *pg.ssl_key));
  }
  if (pg.ssh_tunnel) {
    FRESHET_ASSIGN_OR_RETURN(p.ssh_tunnel, SshTunnelParams(state, secrets, *pg.ssh_tunnel));
  }
  return p;
}

absl::Status ValidateConnection(const catalog::CatalogState& state, const storage::Snapshot& secrets,
                                const catalog::ConnectionDetails& details) {
  if (std::holds_alternative<catalog::AwsPrivatelinkConnection>(details)) return PrivatelinkUnsupported();
  if (const auto* ssh = std::get_if<catalog::SshTunnelConnection>(&details)) {
    // The details may be a CREATE's or an ALTER's, not in the catalog yet:
    // the keys come from the catalog's item when there is one.
    replication::SshTunnelParams p;
    p.host = ssh->host;
    p.port = ssh->port;
    p.user = ssh->user;
    const Item* item = nullptr;
    for (const auto& [id, candidate] : state.items()) {
      const auto* d = std::get_if<catalog::ConnectionDetails>(&candidate.details);
      const auto* s = d ? std::get_if<catalog::SshTunnelConnection>(d) : nullptr;
      if (s != nullptr && s->public_key_1 == ssh->public_key_1 && !ssh->public_key_1.empty()) item = &candidate;
    }
    if (item == nullptr) {
      return Error(sqlstate::kInvalidParameterValue, "cannot validate an SSH TUNNEL connection before it exists")
          .Hint("Create it first (its keys are generated then), add its public keys to the bastion, then run "
                "VALIDATE CONNECTION.")
          .ToStatus();
    }
    p.connection_id = item->id.ToString();
    FRESHET_ASSIGN_OR_RETURN(p.private_key_1, secrets.Secret(catalog::SshPrivateKeySecret(item->id, 1)));
    FRESHET_ASSIGN_OR_RETURN(p.private_key_2, secrets.Secret(catalog::SshPrivateKeySecret(item->id, 2)));
    return replication::ValidateSshTunnel(p);
  }
  const auto& pg = std::get<catalog::PostgresConnection>(details);
  FRESHET_ASSIGN_OR_RETURN(replication::PgConnectParams p, PostgresConnectParams(state, secrets, pg));
  return replication::ValidatePostgres(p);
}

}  // namespace freshet::coord
