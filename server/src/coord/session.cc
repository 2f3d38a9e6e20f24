#include "session.h"

#include <algorithm>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "coord/catalog_statements.h"
#include "coord/relations.h"
#include "coord/tables.h"
#include "sql/binder.h"
#include "types/format.h"
#include "common/overloaded.h"
#include "absl/time/clock.h"

namespace freshet::coord {

namespace {

// now() for a statement starting now: microseconds since 2000-01-01 UTC.
int64_t PgNowMicros() { return absl::ToUnixMicros(absl::Now()) - 946684800LL * 1000000; }

}  // namespace

using types::Type;
using types::TypeId;

namespace {

bool IsWrite(const sql::StatementBody& body) {
  return std::holds_alternative<sql::InsertStmt>(body) || std::holds_alternative<sql::DeleteStmt>(body) ||
         std::holds_alternative<sql::UpdateStmt>(body);
}

ErrorInfo Warning(const char* code, std::string message) {
  ErrorInfo info;
  info.severity = "WARNING";
  info.code = code;
  info.message = std::move(message);
  return info;
}

std::vector<ColumnDesc> TextColumns(std::initializer_list<std::string> names) {
  std::vector<ColumnDesc> out;
  for (const auto& n : names) out.push_back({n, Type{TypeId::kText}});
  return out;
}

}  // namespace

absl::StatusOr<bool> Portal::Fetch(uint64_t max_rows, compute::Batch& out) {
  out.clear();
  uint64_t budget = max_rows == 0 ? std::numeric_limits<uint64_t>::max() : max_rows;
  while (budget > 0 && !exhausted_) {
    if (pending_pos_ == pending_.size()) {
      // With no row limit, hand back what we have before pulling more, so
      // rows stream to the client batch by batch.
      if (max_rows == 0 && !out.empty()) break;
      if (auto s = compute::CheckCanceled(exec_); !s.ok()) return s;
      pending_.clear();
      pending_pos_ = 0;
      if (!cursor_) {
        exhausted_ = true;
        break;
      }
      auto more = cursor_->Next(pending_);
      if (!more.ok()) return more.status();
      if (!*more) exhausted_ = true;
      continue;
    }
    compute::Update& u = pending_[pending_pos_];
    if (u.diff <= 0) {
      return Error(sqlstate::kInternalError, absl::StrCat("query produced a row with multiplicity ", u.diff));
    }
    uint64_t take = std::min<uint64_t>(static_cast<uint64_t>(u.diff), budget);
    if (take == static_cast<uint64_t>(u.diff)) {
      out.push_back(std::move(u));
      ++pending_pos_;
    } else {
      out.push_back(compute::Update{u.row, static_cast<int64_t>(take)});
      u.diff -= static_cast<int64_t>(take);
    }
    budget -= take;
  }
  return !exhausted_;
}

Session::Session(const ServerInfo& server, SessionParams params, const std::atomic<bool>* cancel,
                 catalog::Catalog* catalog, const catalog::RuntimeFacts* facts)
    : server_(server),
      params_(std::move(params)),
      vars_(server, params_.user),
      cancel_(cancel),
      catalog_(catalog),
      facts_(facts) {}

char Session::TransactionStatus() const {
  switch (txn_) {
    case Txn::kIdle: return 'I';
    case Txn::kBlock: return 'T';
    case Txn::kFailed: return 'E';
  }
  return 'I';
}

void Session::StatementFailed() {
  if (txn_ == Txn::kBlock) txn_ = Txn::kFailed;
}

sql::BindContext Session::MakeBindContext(const std::vector<Type>& declared) {
  sql::BindContext ctx;
  ctx.user = params_.user;
  ctx.database = vars_.Get("database").value_or(params_.database);
  std::string path = vars_.Get("search_path").value_or("public");
  ctx.search_path_first = path.substr(0, path.find(','));
  ctx.version = server_.PgVersionString();
  ctx.mz_version = server_.MzVersion();
  ctx.backend_pid = params_.backend_pid;
  ctx.declared_params = declared;
  if (catalog_ != nullptr) {
    bind_relations_ = std::make_shared<CatalogRelations>(catalog_->state(), facts_);
    ctx.catalog = bind_relations_.get();
  }
  return ctx;
}

absl::Status Session::Describe(const sql::Statement& stmt, Prepared& out) {
  if (const auto* select = std::get_if<sql::SelectStmt>(&stmt.body)) {
    auto plan = sql::BindSelect(stmt, *select, MakeBindContext(out.param_types));
    if (!plan.ok()) return plan.status();
    out.param_types = plan->param_types;
    std::vector<ColumnDesc> cols;
    for (const auto& c : plan->columns) cols.push_back({c.name, c.type});
    out.columns = std::move(cols);
    out.plan = std::make_shared<const sql::SelectPlan>(*std::move(plan));
    out.vars_version = vars_.version();
    return absl::OkStatus();
  }
  const auto& show = std::get<sql::ShowVariableStmt>(stmt.body);
  if (show.name == "all") {
    out.columns = TextColumns({"name", "setting", "description"});
    return absl::OkStatus();
  }
  std::optional<std::string> display = vars_.DisplayName(show.name);
  if (!display.has_value()) return vars_.Get(show.name).status();  // the "unrecognized" error
  out.columns = TextColumns({*display});
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Prepared>> Session::Prepare(std::optional<sql::Statement> stmt,
                                                                 const std::vector<uint32_t>& param_oids) {
  auto prepared = std::make_shared<Prepared>();
  for (uint32_t oid : param_oids) {
    if (oid == 0) {
      prepared->param_types.push_back(Type{TypeId::kUnknown});
      continue;
    }
    std::optional<Type> type = types::TypeFromOid(oid);
    if (!type.has_value()) {
      return Error(sqlstate::kUndefinedObject, absl::StrCat("type with OID ", oid, " does not exist"));
    }
    prepared->param_types.push_back(*type);
  }
  if (stmt.has_value()) {
    if (std::holds_alternative<sql::UnsupportedStmt>(stmt->body) ||
        (catalog_ == nullptr && sql::IsCatalogStatement(stmt->body))) {
      return NotSupported(sql::StatementKindName(stmt->body));
    }
    if (sql::IsCatalogStatement(stmt->body)) {
      auto columns = DescribeCatalogStatement(stmt->body);
      if (!columns.ok()) return columns.status();
      prepared->columns = *std::move(columns);
    }
    if (std::holds_alternative<sql::SelectStmt>(stmt->body) ||
        std::holds_alternative<sql::ShowVariableStmt>(stmt->body)) {
      if (auto s = Describe(*stmt, *prepared); !s.ok()) return s;
    } else if (IsWrite(stmt->body)) {
      prepared->write_catalog = catalog_->state();
      auto plan = BindWrite(*stmt, prepared->param_types);
      if (!plan.ok()) return plan.status();
      prepared->param_types = plan->param_types;
      prepared->write_plan = std::make_shared<const sql::WritePlan>(*std::move(plan));
      prepared->vars_version = vars_.version();
    } else if (!prepared->param_types.empty()) {
      // Utility statements take no parameters.
      for (const Type& t : prepared->param_types) {
        if (t.id == TypeId::kUnknown) {
          return Error(sqlstate::kIndeterminateDatatype, "could not determine data type of parameter $1");
        }
      }
    }
  }
  prepared->statement = std::move(stmt);
  return std::shared_ptr<const Prepared>(std::move(prepared));
}

absl::StatusOr<std::unique_ptr<Portal>> Session::Bind(std::shared_ptr<const Prepared> prepared,
                                                      const std::vector<int16_t>& param_formats,
                                                      const std::vector<std::optional<std::string>>& values,
                                                      const std::vector<int16_t>& result_formats) {
  auto portal = std::make_unique<Portal>();
  const auto& types = prepared->param_types;
  if (values.size() != types.size()) {
    return Error(sqlstate::kProtocolViolation,
                 absl::StrCat("bind message supplies ", values.size(), " parameters, but prepared statement requires ",
                              types.size()));
  }
  if (param_formats.size() > 1 && param_formats.size() != values.size()) {
    return Error(sqlstate::kProtocolViolation,
                 absl::StrCat("bind message has ", param_formats.size(), " parameter formats but ", values.size(),
                              " parameters"));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i].has_value()) {
      portal->params_.emplace_back();
      continue;
    }
    int16_t format = param_formats.empty() ? 0 : param_formats.size() == 1 ? param_formats[0] : param_formats[i];
    absl::StatusOr<types::Datum> v = format == 1 ? types::ParseBinary(types[i], *values[i])
                                                 : types::ParseText(types[i], *values[i]);
    if (!v.ok()) return v.status();
    portal->params_.push_back(*std::move(v));
  }
  size_t ncols = prepared->columns.has_value() ? prepared->columns->size() : 0;
  if (result_formats.size() > 1 && result_formats.size() != ncols) {
    return Error(sqlstate::kProtocolViolation,
                 absl::StrCat("bind message has ", result_formats.size(), " result formats but query has ", ncols,
                              " columns"));
  }
  for (size_t i = 0; i < ncols; ++i) {
    int16_t f = result_formats.empty() ? 0 : result_formats.size() == 1 ? result_formats[0] : result_formats[i];
    if (f != 0 && f != 1) {
      return Error(sqlstate::kProtocolViolation, absl::StrCat("unsupported format code: ", f));
    }
    if (f == 1 && !types::Info((*prepared->columns)[i].type.id).binary_io) {
      return NotSupported(absl::StrCat("binary format for type ", types::SqlName((*prepared->columns)[i].type)));
    }
    portal->result_formats_.push_back(f);
  }
  // A query's plan may depend on session state (search_path, database)
  // that changed since Parse: re-bind then, else reuse the Parse-time plan.
  if (prepared->plan) {
    if (prepared->vars_version == vars_.version()) {
      portal->plan_ = prepared->plan;
    } else {
      const auto& select = std::get<sql::SelectStmt>(prepared->statement->body);
      auto plan = sql::BindSelect(*prepared->statement, select, MakeBindContext(types));
      if (!plan.ok()) return plan.status();
      portal->plan_ = std::make_shared<const sql::SelectPlan>(*std::move(plan));
    }
    portal->cheap_ = compute::IsCheapToRun(*portal->plan_->root);
  }
  portal->prepared_ = std::move(prepared);
  return portal;
}

std::chrono::steady_clock::time_point Session::StatementDeadline() const {
  int64_t ms = vars_.GetDurationMs("statement_timeout").value_or(0);
  if (ms <= 0) return std::chrono::steady_clock::time_point::max();
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
}

absl::StatusOr<ExecResult> Session::RunTransaction(const sql::TransactionStmt& t) {
  ExecResult result;
  switch (t.kind) {
    case sql::TransactionStmt::Kind::kBegin:
      result.command_tag = "BEGIN";
      if (txn_ != Txn::kIdle) {
        result.notices.push_back(Warning(sqlstate::kActiveSqlTransaction, "there is already a transaction in progress"));
      } else {
        txn_ = Txn::kBlock;
        vars_.BeginTransaction();
      }
      return result;
    case sql::TransactionStmt::Kind::kCommit:
    case sql::TransactionStmt::Kind::kRollback: {
      bool commit = t.kind == sql::TransactionStmt::Kind::kCommit && txn_ == Txn::kBlock;
      result.command_tag = t.kind == sql::TransactionStmt::Kind::kCommit && txn_ != Txn::kFailed ? "COMMIT" : "ROLLBACK";
      if (txn_ == Txn::kIdle) {
        result.notices.push_back(Warning(sqlstate::kNoActiveSqlTransaction, "there is no transaction in progress"));
        return result;
      }
      result.parameter_changes = vars_.EndTransaction(commit);
      txn_ = Txn::kIdle;
      return result;
    }
  }
  return result;
}

absl::StatusOr<ExecResult> Session::Start(Portal& portal) {
  ExecResult result;
  if (portal.started_) return result;
  const std::optional<sql::Statement>& stmt = portal.prepared_->statement;
  if (!stmt.has_value()) {  // empty query
    portal.started_ = portal.exhausted_ = true;
    return result;
  }
  bool ends_block = false;
  if (const auto* t = std::get_if<sql::TransactionStmt>(&stmt->body)) {
    ends_block = t->kind != sql::TransactionStmt::Kind::kBegin;
  }
  if (txn_ == Txn::kFailed && !ends_block) {
    return Error(sqlstate::kInFailedSqlTransaction,
                 "current transaction is aborted, commands ignored until end of transaction block");
  }
  portal.started_ = true;
  bool in_block = txn_ == Txn::kBlock;
  absl::Status status = std::visit(
      Overloaded{
          [&](const sql::SelectStmt&) -> absl::Status {
            portal.exec_.params = &portal.params_;
            if (catalog_ != nullptr) {
              // One storage snapshot for the whole query: every table it
              // scans is read as of the same commit.
              auto relations = std::make_shared<CatalogRelations>(catalog_->state(), facts_,
                                                                  catalog_->storage()->GetSnapshot());
              relations->WaitForSnapshotsIn(catalog_->storage());
              relations->SetMinPartBytes(server_.parallel_scan_min_bytes);
              portal.relations_ = relations;
              portal.exec_.relations = portal.relations_.get();
            }
            portal.exec_.cancel = cancel_;
            portal.exec_.deadline = StatementDeadline();
            portal.exec_.statement_timestamp = PgNowMicros();
            portal.exec_.parallelism = server_.query_workers;
            portal.subqueries_.rows.clear();
            portal.exec_.subqueries = &portal.subqueries_;
            portal.cursor_ = compute::OpenCursor(*portal.plan_->root, portal.exec_);
            return absl::OkStatus();
          },
          [&](const sql::ShowVariableStmt& show) -> absl::Status {
            auto text = [](const std::string& s) { return types::Datum::FromString(s); };
            if (show.name == "all") {
              for (const VarRow& row : vars_.All()) {
                portal.pending_.push_back({{text(row.name), text(row.setting), text(row.description)}, 1});
              }
            } else {
              auto value = vars_.Get(show.name);
              if (!value.ok()) return value.status();
              portal.pending_.push_back({{text(*value)}, 1});
            }
            portal.command_tag_ = "SHOW";
            return absl::OkStatus();
          },
          [&](const sql::SetVariableStmt& set) -> absl::Status {
            if (set.local && !in_block) {
              result.notices.push_back(
                  Warning(sqlstate::kNoActiveSqlTransaction, "SET LOCAL can only be used in transaction blocks"));
            }
            auto changes = vars_.Set(set.name, set.values, set.local, in_block);
            if (!changes.ok()) return changes.status();
            result.parameter_changes = *std::move(changes);
            result.command_tag = "SET";
            return absl::OkStatus();
          },
          [&](const sql::ResetVariableStmt& reset) -> absl::Status {
            auto changes = vars_.Reset(reset.name);
            if (!changes.ok()) return changes.status();
            result.parameter_changes = *std::move(changes);
            result.command_tag = "RESET";
            return absl::OkStatus();
          },
          [&](const sql::TransactionStmt& t) -> absl::Status {
            auto r = RunTransaction(t);
            if (!r.ok()) return r.status();
            result = *std::move(r);
            return absl::OkStatus();
          },
          [&](const sql::InsertStmt&) { return RunWrite(*stmt, portal, result); },
          [&](const sql::DeleteStmt&) { return RunWrite(*stmt, portal, result); },
          [&](const sql::UpdateStmt&) { return RunWrite(*stmt, portal, result); },
          [&](const auto&) -> absl::Status {
            if (catalog_ == nullptr || !sql::IsCatalogStatement(stmt->body)) {
              return NotSupported(sql::StatementKindName(stmt->body));
            }
            return RunCatalogStatement(*stmt, portal, result);
          },
      },
      stmt->body);
  if (!status.ok()) return status;
  if (!portal.columns().has_value()) portal.exhausted_ = true;
  return result;
}

absl::Status Session::RunCatalogStatement(const sql::Statement& stmt, Portal& portal, ExecResult& result) {
  bool returns_rows = portal.columns().has_value();
  if (!returns_rows && txn_ == Txn::kBlock) {
    return Error(sqlstate::kActiveSqlTransaction,
                 absl::StrCat(sql::StatementKindName(stmt.body), " cannot be run inside a transaction block"));
  }
  auto cluster = vars_.Get("cluster");
  auto outcome = ExecuteCatalogStatement(stmt.body, *catalog_,
                                         [this](const sql::SqlExpression& e) { return EvaluateBytea(e); },
                                         cluster.ok() ? *cluster : std::string(catalog::kDefaultCluster));
  if (!outcome.ok()) return outcome.status();
  for (types::Row& row : outcome->rows) portal.pending_.push_back({std::move(row), 1});
  if (returns_rows) {
    portal.command_tag_ = outcome->command_tag;
  } else {
    result.command_tag = outcome->command_tag;
  }
  result.notices = std::move(outcome->notices);
  return absl::OkStatus();
}

absl::StatusOr<sql::WritePlan> Session::BindWrite(const sql::Statement& stmt, const std::vector<Type>& declared) {
  sql::BindContext ctx = MakeBindContext(declared);
  return std::visit(
      Overloaded{
          [&](const sql::InsertStmt& s) { return sql::BindInsert(stmt, s, ctx); },
          [&](const sql::DeleteStmt& s) { return sql::BindDelete(stmt, s, ctx); },
          [&](const sql::UpdateStmt& s) { return sql::BindUpdate(stmt, s, ctx); },
          [&](const auto&) -> absl::StatusOr<sql::WritePlan> { return absl::InternalError("not a write"); },
      },
      stmt.body);
}

absl::Status Session::RunWrite(const sql::Statement& stmt, Portal& portal, ExecResult& result) {
  const std::string kind = sql::StatementKindName(stmt.body);
  // Writes commit at once; inside a block they could not be rolled back, so
  // they are refused there, as DDL is.
  if (txn_ == Txn::kBlock) {
    return Error(sqlstate::kActiveSqlTransaction, absl::StrCat(kind, " cannot be run inside a transaction block"));
  }
  const Prepared& prepared = *portal.prepared_;
  std::shared_ptr<const sql::WritePlan> plan = prepared.write_plan;
  if (!plan || prepared.write_catalog != catalog_->state() || prepared.vars_version != vars_.version()) {
    auto rebound = BindWrite(stmt, prepared.param_types);
    if (!rebound.ok()) return rebound.status();
    plan = std::make_shared<const sql::WritePlan>(*std::move(rebound));
  }
  compute::ExecContext exec;
  exec.params = &portal.params_;
  exec.cancel = cancel_;
  exec.deadline = StatementDeadline();
  auto n = ExecuteWrite(*plan, *catalog_, facts_, exec);
  if (!n.ok()) return n.status();
  result.command_tag = kind == "INSERT" ? absl::StrCat("INSERT 0 ", *n) : absl::StrCat(kind, " ", *n);
  return absl::OkStatus();
}

absl::StatusOr<types::Datum> Session::EvaluateBytea(const sql::SqlExpression& expr) {
  // The expression was accepted by the parser as one expression; run it as
  // SELECT CAST((expr) AS bytea) through the ordinary query path.
  constexpr std::string_view kPrefix = "SELECT CAST((";
  // Positions in the wrapped text map back to the user's statement.
  auto located = [&](absl::Status s) {
    return WithPosition(ShiftPosition(std::move(s), expr.position - static_cast<int>(kPrefix.size()) - 1),
                        expr.position);
  };
  auto stmts = sql::ParseStatements(absl::StrCat("SELECT CAST((", expr.sql, ") AS bytea)"));
  if (!stmts.ok()) return located(stmts.status());
  if (stmts->size() != 1 || !std::holds_alternative<sql::SelectStmt>((*stmts)[0].body)) {
    return Error(sqlstate::kSyntaxError, "a secret value must be a single expression").Position(expr.position);
  }
  const sql::Statement& stmt = (*stmts)[0];
  auto plan = sql::BindSelect(stmt, std::get<sql::SelectStmt>(stmt.body), MakeBindContext({}));
  if (!plan.ok()) return located(plan.status());
  std::vector<types::Datum> no_params;
  compute::ExecContext exec;
  exec.params = &no_params;
  exec.cancel = cancel_;
  exec.deadline = StatementDeadline();
  exec.statement_timestamp = PgNowMicros();
  auto cursor = compute::OpenCursor(*plan->root, exec);
  compute::Batch batch;
  auto more = cursor->Next(batch);
  if (!more.ok()) return located(more.status());
  if (batch.size() != 1 || batch[0].row.size() != 1) return absl::InternalError("a scalar expression gave no value");
  return batch[0].row[0];
}

}  // namespace freshet::coord
