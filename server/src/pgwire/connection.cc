#include "connection.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cancel_registry.h"
#include "common/error.h"
#include "common/log.h"
#include "coord/session.h"
#include "pgwire/codec.h"
#include "pgwire/scram.h"
#include "sql/statement.h"
#include "transport.h"
#include "types/format.h"

namespace freshet::server {
namespace {

using pgwire::BackendWriter;

constexpr size_t kFlushThreshold = 64 << 10;   // write out rows in ~64 KiB chunks
constexpr auto kStartupTimeout = std::chrono::seconds(60);

ErrorInfo Fatal(const absl::Status& status) {
  ErrorInfo info = ToErrorInfo(status);
  info.severity = "FATAL";
  return info;
}

class Connection {
 public:
  Connection(ServerContext& ctx, tcp::socket socket)
      : ctx_(ctx), transport_(std::move(socket)), timer_(transport_.socket().get_executor()) {}

  awaitable<void> Run();

 private:
  // Startup and authentication; false = the connection is done.
  awaitable<bool> Startup();
  awaitable<bool> Authenticate(const std::string& user);
  awaitable<std::optional<std::string>> ReadAuthMessage(char expected_tag);
  awaitable<bool> FailAuth(const std::string& user);

  // One frontend message after startup; false = close the connection.
  awaitable<bool> Handle(pgwire::FrontendMessage& msg);
  awaitable<void> SimpleQuery(std::string sql);
  awaitable<absl::Status> RunStatement(std::optional<sql::Statement> stmt);
  awaitable<absl::Status> ExecutePortal(coord::Portal& portal, int32_t max_rows, bool describe_rows);
  absl::Status Parse(const pgwire::Parse& msg);
  absl::Status Bind(const pgwire::Bind& msg);
  absl::Status Describe(const pgwire::Describe& msg);
  void SendRowDescription(const std::vector<coord::ColumnDesc>& cols, const std::vector<int16_t>& formats);
  void SendResult(const coord::ExecResult& result);
  void SendError(const absl::Status& status);

  awaitable<bool> Flush();
  awaitable<std::optional<pgwire::MessageHeader>> ReadHeader();

  ServerContext& ctx_;
  Transport transport_;
  asio::steady_timer timer_;
  BackendWriter out_;
  std::string body_;
  std::shared_ptr<CancelState> cancel_;
  std::unique_ptr<coord::Session> session_;
  std::map<std::string, std::shared_ptr<const coord::Prepared>> statements_;
  std::map<std::string, std::unique_ptr<coord::Portal>> portals_;
  bool skip_till_sync_ = false;
};

awaitable<bool> Connection::Flush() {
  if (out_.size() == 0) co_return true;
  boost::system::error_code ec = co_await transport_.Write(out_.data());
  out_.Clear();
  co_return !ec;
}

void Connection::SendError(const absl::Status& status) { out_.ErrorResponse(ToErrorInfo(status)); }

awaitable<std::optional<pgwire::MessageHeader>> Connection::ReadHeader() {
  char header[5];
  if (co_await transport_.Read(header, sizeof header)) co_return std::nullopt;
  auto h = pgwire::DecodeHeader(header, ctx_.config.max_message_size);
  if (!h.ok()) {
    out_.ErrorResponse(Fatal(h.status()));
    co_await Flush();
    co_return std::nullopt;
  }
  co_return *h;
}

awaitable<bool> Connection::Startup() {
  // A client must finish startup within a minute, as with PostgreSQL's
  // authentication_timeout.
  timer_.expires_after(kStartupTimeout);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) transport_.Close();
  });
  std::string packet;
  for (;;) {
    char len_bytes[4];
    if (co_await transport_.Read(len_bytes, 4)) co_return false;
    auto len = pgwire::DecodeStartupLength(len_bytes);
    if (!len.ok()) {
      out_.ErrorResponse(Fatal(len.status()));
      co_await Flush();
      co_return false;
    }
    packet.resize(*len - 4);
    if (co_await transport_.Read(packet.data(), packet.size())) co_return false;
    auto request = pgwire::DecodeStartupPacket(packet);
    if (!request.ok()) {
      out_.ErrorResponse(Fatal(request.status()));
      co_await Flush();
      co_return false;
    }
    if (std::holds_alternative<pgwire::SslRequest>(*request)) {
      if (transport_.is_tls() || !ctx_.tls) {
        if (co_await transport_.Write("N")) co_return false;
        continue;
      }
      if (transport_.has_buffered_data()) {
        // As PostgreSQL since CVE-2021-23214: plaintext that arrived with
        // the SSLRequest must not be treated as if it came over TLS.
        out_.ErrorResponse(Fatal(Error(sqlstate::kProtocolViolation, "received unencrypted data after SSL request")));
        co_await Flush();
        co_return false;
      }
      if (co_await transport_.Write("S")) co_return false;
      if (auto ec = co_await transport_.UpgradeToTls(*ctx_.tls); ec) {
        FRESHET_LOG(kDebug) << "TLS handshake failed: " << ec.message();
        co_return false;
      }
      continue;
    }
    if (std::holds_alternative<pgwire::GssEncRequest>(*request)) {
      if (co_await transport_.Write("N")) co_return false;
      continue;
    }
    if (auto* cancel = std::get_if<pgwire::CancelRequest>(&*request)) {
      // No response: the client just closes, as with PostgreSQL.
      if (ctx_.cancels.Cancel(cancel->pid, cancel->secret_key)) {
        FRESHET_LOG(kInfo) << "cancel request for session " << cancel->pid;
      }
      co_return false;
    }
    auto& startup = std::get<pgwire::StartupMessage>(*request);
    std::string user, database;
    std::vector<std::pair<std::string, std::string>> settings;
    for (auto& [key, value] : startup.params) {
      if (key == "user") user = value;
      else if (key == "database") database = value;
      else if (key == "replication") {
        out_.ErrorResponse(Fatal(NotSupported("replication connections")));
        co_await Flush();
        co_return false;
      } else if (key == "options") {
        // "-c name=value" / "--name=value" pairs, as libpq's PGOPTIONS.
        std::vector<std::string> words = absl::StrSplit(value, ' ', absl::SkipEmpty());
        for (size_t i = 0; i < words.size(); ++i) {
          std::string w = words[i];
          if (w == "-c" && i + 1 < words.size()) w = words[++i];
          else if (w.rfind("-c", 0) == 0) w = w.substr(2);
          else if (w.rfind("--", 0) == 0) w = w.substr(2);
          size_t eq = w.find('=');
          if (eq != std::string::npos) settings.emplace_back(w.substr(0, eq), w.substr(eq + 1));
        }
      } else if (key.rfind("_pq_.", 0) != 0) {  // protocol options are negotiated below
        settings.emplace_back(key, value);
      }
    }
    if (database.empty()) database = user;
    // A client asking for protocol 3.x (x > 0) or _pq_ options learns, before authentication, that
    // this server speaks 3.0 without them, as with PostgreSQL.
    std::vector<std::string> options = pgwire::ProtocolOptions(startup);
    if (startup.minor > 0 || !options.empty()) out_.NegotiateProtocolVersion(0, options);
    if (!co_await Authenticate(user)) co_return false;
    timer_.cancel();

    cancel_ = ctx_.cancels.Register();
    session_ = std::make_unique<coord::Session>(ctx_.info, coord::SessionParams{user, database, cancel_->pid},
                                                &cancel_->requested, ctx_.catalog.get(), &ctx_.facts);
    std::vector<ErrorInfo> notices;
    if (auto s = session_->vars().Set("database", {database}, false, false); !s.ok()) notices.push_back(ToErrorInfo(s.status()));
    for (const auto& [name, value] : settings) {
      auto s = session_->vars().Set(name, {value}, false, false);
      if (!s.ok()) {
        // PostgreSQL refuses the connection here; we keep it and say why the
        // setting was not applied, so drivers with exotic defaults connect.
        ErrorInfo info = ToErrorInfo(s.status());
        info.severity = "WARNING";
        info.message = absl::StrCat("startup parameter ignored: ", info.message);
        notices.push_back(std::move(info));
      }
    }
    out_.AuthenticationOk();
    for (const auto& p : session_->vars().Reported()) out_.ParameterStatus(p.name, p.value);
    out_.BackendKeyData(cancel_->pid, cancel_->secret);
    if (database != "materialize") {
      ErrorInfo info;
      info.severity = "NOTICE";
      info.code = "3D000";
      info.message = absl::StrCat("session database \"", database, "\" does not exist");
      notices.push_back(std::move(info));
    }
    for (const auto& n : notices) out_.NoticeResponse(n);
    out_.ReadyForQuery(session_->TransactionStatus());
    FRESHET_LOG(kDebug) << "session " << cancel_->pid << " started for user " << user;
    co_return co_await Flush();
  }
}

awaitable<std::optional<std::string>> Connection::ReadAuthMessage(char expected_tag) {
  auto header = co_await ReadHeader();
  if (!header.has_value()) co_return std::nullopt;
  if (header->tag != expected_tag) {
    out_.ErrorResponse(Fatal(Error(sqlstate::kProtocolViolation,
                                   absl::StrCat("expected password response, got message type ", std::string(1, header->tag)))));
    co_await Flush();
    co_return std::nullopt;
  }
  std::string body(header->body_len, '\0');
  if (co_await transport_.Read(body.data(), body.size())) co_return std::nullopt;
  co_return body;
}

awaitable<bool> Connection::FailAuth(const std::string& user) {
  FRESHET_LOG(kInfo) << "password authentication failed for user \"" << user << "\"";
  out_.ErrorResponse(Fatal(Error(sqlstate::kInvalidPassword,
                                 absl::StrCat("password authentication failed for user \"", user, "\""))));
  co_await Flush();
  co_return false;
}

awaitable<bool> Connection::Authenticate(const std::string& user) {
  if (ctx_.config.auth == AuthMode::kTrust) co_return true;
  std::optional<std::string> secret = ctx_.users->Secret(user);
  if (ctx_.config.auth == AuthMode::kPassword) {
    out_.AuthenticationCleartextPassword();
    if (!co_await Flush()) co_return false;
    auto body = co_await ReadAuthMessage('p');
    if (!body.has_value()) co_return false;
    auto password = pgwire::DecodePasswordMessage(*body);
    if (!password.ok() || !secret.has_value() || !pgwire::PlaintextPasswordMatches(*secret, *password)) {
      co_return co_await FailAuth(user);
    }
    co_return true;
  }
  // SCRAM-SHA-256. An unknown user still gets a full exchange against a
  // random verifier, so the reply does not reveal which users exist.
  std::string verifier_text;
  if (secret.has_value() && pgwire::ParseScramVerifier(*secret).ok()) {
    verifier_text = *secret;
  } else {
    verifier_text = pgwire::MakeScramVerifier(secret.value_or(std::string()));
    if (!secret.has_value()) verifier_text = pgwire::MakeScramVerifier("unknown user: no password matches");
  }
  auto verifier = pgwire::ParseScramVerifier(verifier_text);
  if (!verifier.ok()) co_return co_await FailAuth(user);
  pgwire::ScramServerExchange exchange(*verifier);
  out_.AuthenticationSasl({"SCRAM-SHA-256"});
  if (!co_await Flush()) co_return false;
  auto first_body = co_await ReadAuthMessage('p');
  if (!first_body.has_value()) co_return false;
  auto initial = pgwire::DecodeSaslInitialResponse(*first_body);
  if (!initial.ok() || initial->mechanism != "SCRAM-SHA-256" || !initial->data.has_value()) {
    out_.ErrorResponse(Fatal(Error(sqlstate::kProtocolViolation, "client selected an invalid SASL authentication mechanism")));
    co_await Flush();
    co_return false;
  }
  auto server_first = exchange.ClientFirst(*initial->data);
  if (!server_first.ok()) {
    out_.ErrorResponse(Fatal(server_first.status()));
    co_await Flush();
    co_return false;
  }
  out_.AuthenticationSaslContinue(*server_first);
  if (!co_await Flush()) co_return false;
  auto final_body = co_await ReadAuthMessage('p');
  if (!final_body.has_value()) co_return false;
  auto response = pgwire::DecodeSaslResponse(*final_body);
  if (!response.ok()) co_return co_await FailAuth(user);
  auto server_final = exchange.ClientFinal(response->data);
  if (!server_final.ok() || !secret.has_value()) co_return co_await FailAuth(user);
  out_.AuthenticationSaslFinal(*server_final);
  co_return true;
}

void Connection::SendRowDescription(const std::vector<coord::ColumnDesc>& cols, const std::vector<int16_t>& formats) {
  std::vector<pgwire::FieldDescription> fields;
  for (size_t i = 0; i < cols.size(); ++i) {
    pgwire::FieldDescription f;
    f.name = cols[i].name;
    f.type_oid = cols[i].type.oid();
    f.type_size = types::WireSize(cols[i].type);
    f.type_modifier = cols[i].type.typmod;
    f.format = i < formats.size() ? formats[i] : 0;
    fields.push_back(std::move(f));
  }
  out_.RowDescription(fields);
}

void Connection::SendResult(const coord::ExecResult& result) {
  for (const auto& n : result.notices) out_.NoticeResponse(n);
  for (const auto& p : result.parameter_changes) out_.ParameterStatus(p.name, p.value);
}

awaitable<absl::Status> Connection::ExecutePortal(coord::Portal& portal, int32_t max_rows, bool describe_rows) {
  cancel_->requested.store(false);
  // Catalog statements may wait on an upstream database (connection
  // validation) or on fsync: run them on the compute pool, not on an io
  // thread other connections share.
  absl::StatusOr<coord::ExecResult> started;
  const auto& stmt = portal.prepared().statement;
  if (stmt.has_value() && sql::IsCatalogStatement(stmt->body)) {
    started = co_await asio::co_spawn(
        ctx_.compute->get_executor(),
        [this, &portal]() -> awaitable<absl::StatusOr<coord::ExecResult>> { co_return session_->Start(portal); },
        use_awaitable);
  } else {
    started = session_->Start(portal);
  }
  if (!started.ok()) co_return started.status();
  SendResult(*started);
  if (!portal.prepared().statement.has_value()) {
    out_.EmptyQueryResponse();
    co_return absl::OkStatus();
  }
  if (!portal.columns().has_value()) {
    out_.CommandComplete(started->command_tag);
    co_return absl::OkStatus();
  }
  const auto& columns = *portal.columns();
  if (describe_rows) SendRowDescription(columns, portal.result_formats());
  uint64_t limit = max_rows > 0 ? static_cast<uint64_t>(max_rows) : 0;
  uint64_t sent = 0;
  std::string field;
  bool more = true;
  while (more && (limit == 0 || sent < limit)) {
    compute::Batch batch;
    uint64_t want = limit == 0 ? 0 : limit - sent;
    // Rows are produced on the compute pool, and this coroutine resumes on
    // its own strand to encode and write them. Constant queries skip the
    // two thread hops: they cannot block.
    // (A plain if: g++ 12 miscompiles co_await inside a ?: expression.)
    absl::StatusOr<bool> fetched;
    if (portal.cheap()) {
      fetched = portal.Fetch(want, batch);
    } else {
      fetched = co_await asio::co_spawn(
          ctx_.compute->get_executor(),
          [&portal, &batch, want]() -> awaitable<absl::StatusOr<bool>> { co_return portal.Fetch(want, batch); },
          use_awaitable);
    }
    if (!fetched.ok()) co_return fetched.status();
    more = *fetched;
    for (const compute::Update& u : batch) {
      for (int64_t copy = 0; copy < u.diff; ++copy) {
        out_.BeginDataRow(static_cast<uint16_t>(columns.size()));
        for (size_t c = 0; c < columns.size(); ++c) {
          const types::Datum& d = u.row[c];
          if (d.is_null()) {
            out_.AddNull();
            continue;
          }
          field.clear();
          if (portal.result_formats()[c] == 1) {
            if (auto s = types::AppendBinary(columns[c].type, d, field); !s.ok()) co_return s;
          } else {
            types::AppendText(columns[c].type, d, field);
          }
          out_.AddField(field);
        }
        out_.EndDataRow();
      }
      sent += static_cast<uint64_t>(u.diff);
    }
    if (out_.size() >= kFlushThreshold && !co_await Flush()) {
      co_return Error(sqlstate::kAdminShutdown, "connection closed while sending rows");
    }
  }
  if (more) {
    out_.PortalSuspended();
  } else {
    // Queries report their row count; SHOW reports "SHOW".
    out_.CommandComplete(started->command_tag.empty() ? absl::StrCat("SELECT ", sent) : started->command_tag);
  }
  co_return absl::OkStatus();
}

awaitable<absl::Status> Connection::RunStatement(std::optional<sql::Statement> stmt) {
  auto prepared = session_->Prepare(std::move(stmt), {});
  if (!prepared.ok()) co_return prepared.status();
  auto portal = session_->Bind(*prepared, {}, {}, {});
  if (!portal.ok()) co_return portal.status();
  co_return co_await ExecutePortal(**portal, 0, /*describe_rows=*/true);
}

awaitable<void> Connection::SimpleQuery(std::string sql) {
  // A simple query replaces the unnamed statement and portal.
  statements_.erase("");
  portals_.erase("");
  auto statements = sql::ParseStatements(std::move(sql));
  if (!statements.ok()) {
    SendError(statements.status());
    session_->StatementFailed();
  } else if (statements->empty()) {
    out_.EmptyQueryResponse();
  } else {
    for (sql::Statement& stmt : *statements) {
      absl::Status s = co_await RunStatement(std::move(stmt));
      if (!s.ok()) {
        SendError(s);
        session_->StatementFailed();
        break;
      }
    }
  }
  out_.ReadyForQuery(session_->TransactionStatus());
}

absl::Status Connection::Parse(const pgwire::Parse& msg) {
  if (!msg.name.empty() && statements_.count(msg.name)) {
    return Error("42P05", absl::StrCat("prepared statement \"", msg.name, "\" already exists"));
  }
  auto statements = sql::ParseStatements(msg.query);
  if (!statements.ok()) return statements.status();
  if (statements->size() > 1) {
    return Error(sqlstate::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  }
  std::optional<sql::Statement> stmt;
  if (!statements->empty()) stmt = std::move((*statements)[0]);
  auto prepared = session_->Prepare(std::move(stmt), msg.param_type_oids);
  if (!prepared.ok()) return prepared.status();
  statements_[msg.name] = *std::move(prepared);
  out_.ParseComplete();
  return absl::OkStatus();
}

absl::Status Connection::Bind(const pgwire::Bind& msg) {
  auto it = statements_.find(msg.statement);
  if (it == statements_.end()) {
    return Error(sqlstate::kInvalidSqlStatementName,
                 absl::StrCat("prepared statement \"", msg.statement, "\" does not exist"));
  }
  if (!msg.portal.empty() && portals_.count(msg.portal)) {
    return Error("42P03", absl::StrCat("cursor \"", msg.portal, "\" already exists"));
  }
  auto portal = session_->Bind(it->second, msg.param_formats, msg.params, msg.result_formats);
  if (!portal.ok()) return portal.status();
  portals_[msg.portal] = *std::move(portal);
  out_.BindComplete();
  return absl::OkStatus();
}

absl::Status Connection::Describe(const pgwire::Describe& msg) {
  if (msg.kind == 'S') {
    auto it = statements_.find(msg.name);
    if (it == statements_.end()) {
      return Error(sqlstate::kInvalidSqlStatementName, absl::StrCat("prepared statement \"", msg.name, "\" does not exist"));
    }
    std::vector<uint32_t> oids;
    for (const auto& t : it->second->param_types) oids.push_back(t.oid());
    out_.ParameterDescription(oids);
    if (it->second->columns.has_value()) {
      SendRowDescription(*it->second->columns, {});
    } else {
      out_.NoData();
    }
    return absl::OkStatus();
  }
  auto it = portals_.find(msg.name);
  if (it == portals_.end()) {
    return Error(sqlstate::kInvalidCursorName, absl::StrCat("portal \"", msg.name, "\" does not exist"));
  }
  if (it->second->columns().has_value()) {
    SendRowDescription(*it->second->columns(), it->second->result_formats());
  } else {
    out_.NoData();
  }
  return absl::OkStatus();
}

awaitable<bool> Connection::Handle(pgwire::FrontendMessage& msg) {
  if (auto* q = std::get_if<pgwire::Query>(&msg)) {
    co_await SimpleQuery(std::move(q->sql));
    co_return co_await Flush();
  }
  if (std::holds_alternative<pgwire::Terminate>(msg)) co_return false;
  if (std::holds_alternative<pgwire::Sync>(msg)) {
    skip_till_sync_ = false;
    // The implicit transaction of an extended batch ends here; portals
    // outside an explicit transaction block go with it.
    if (session_->TransactionStatus() == 'I') portals_.clear();
    out_.ReadyForQuery(session_->TransactionStatus());
    co_return co_await Flush();
  }
  if (std::holds_alternative<pgwire::Flush>(msg)) co_return co_await Flush();
  if (skip_till_sync_) co_return true;

  absl::Status status;
  if (auto* p = std::get_if<pgwire::Parse>(&msg)) {
    status = Parse(*p);
  } else if (auto* b = std::get_if<pgwire::Bind>(&msg)) {
    status = Bind(*b);
  } else if (auto* d = std::get_if<pgwire::Describe>(&msg)) {
    status = Describe(*d);
  } else if (auto* e = std::get_if<pgwire::Execute>(&msg)) {
    auto it = portals_.find(e->portal);
    if (it == portals_.end()) {
      status = Error(sqlstate::kInvalidCursorName, absl::StrCat("portal \"", e->portal, "\" does not exist"));
    } else {
      status = co_await ExecutePortal(*it->second, e->max_rows, /*describe_rows=*/false);
    }
  } else if (auto* c = std::get_if<pgwire::Close>(&msg)) {
    if (c->kind == 'S') statements_.erase(c->name);
    else portals_.erase(c->name);
    out_.CloseComplete();
  } else if (std::holds_alternative<pgwire::FunctionCall>(msg)) {
    status = NotSupported("the function call protocol");
  } else if (std::holds_alternative<pgwire::CopyData>(msg) || std::holds_alternative<pgwire::CopyDone>(msg) ||
             std::holds_alternative<pgwire::CopyFail>(msg)) {
    co_return true;  // not in COPY: ignored, as PostgreSQL does
  } else {
    status = Error(sqlstate::kProtocolViolation, "unexpected message type");
  }
  if (!status.ok()) {
    SendError(status);
    session_->StatementFailed();
    skip_till_sync_ = true;
  }
  if (out_.size() >= kFlushThreshold) co_return co_await Flush();
  co_return true;
}

awaitable<void> Connection::Run() {
  if (co_await Startup()) {
    for (;;) {
      auto header = co_await ReadHeader();
      if (!header.has_value()) break;
      body_.resize(header->body_len);
      if (co_await transport_.Read(body_.data(), body_.size())) break;
      auto msg = pgwire::DecodeFrontend(header->tag, body_);
      if (!msg.ok()) {
        out_.ErrorResponse(Fatal(msg.status()));
        co_await Flush();
        break;
      }
      if (!co_await Handle(*msg)) break;
    }
  }
  timer_.cancel();
  if (cancel_) {
    ctx_.cancels.Unregister(cancel_->pid);
    FRESHET_LOG(kDebug) << "session " << cancel_->pid << " ended";
  }
  transport_.Close();
}

}  // namespace

awaitable<void> RunConnection(ServerContext& ctx, tcp::socket socket) {
  Connection connection(ctx, std::move(socket));
  // Nothing in Freshet throws on purpose; a bug that does (std::get on the
  // wrong alternative, bad_alloc) ends this connection, logged, and never
  // the server.
  try {
    co_await connection.Run();
  } catch (const std::exception& e) {
    FRESHET_LOG(kError) << "connection ended by an internal error: " << e.what();
  } catch (...) {
    FRESHET_LOG(kError) << "connection ended by an unknown internal error";
  }
}

}  // namespace freshet::server
