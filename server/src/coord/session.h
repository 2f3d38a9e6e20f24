// The coordinator's view of one client session: prepared statements,
// portals, transaction state and session variables.
//
// pgwire drives it: Prepare (Parse), Bind, then Start (Execute) on the
// connection's strand, and Portal::Fetch on a compute thread. Statements that
// only touch session state (SET, SHOW, BEGIN...) complete inside Start;
// queries stream from their portal.
//
// Threading: a Session and its portals belong to one connection and are used
// by one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/builtins.h"
#include "catalog/catalog.h"
#include "common/error.h"
#include "compute/cursor.h"
#include "server_info.h"
#include "session_vars.h"
#include "sql/binder.h"
#include "sql/plan.h"
#include "sql/statement.h"
#include "types/type.h"

namespace freshet::coord {

struct ColumnDesc {
  std::string name;
  types::Type type;
};

// A parsed statement ready to bind (the extended protocol's prepared
// statement; the simple protocol makes an unnamed one per statement).
struct Prepared {
  std::optional<sql::Statement> statement;  // nullopt = empty query
  std::vector<types::Type> param_types;
  std::optional<std::vector<ColumnDesc>> columns;  // nullopt = returns no rows
  // The plan bound at Parse time, reused by Bind while the session
  // variables it depends on are unchanged (vars_version).
  std::shared_ptr<const sql::SelectPlan> plan;
  uint64_t vars_version = 0;
  // INSERT / UPDATE / DELETE bound at Parse (for the parameter types), and
  // the catalog it was bound against: Start re-binds if the catalog moved.
  std::shared_ptr<const sql::WritePlan> write_plan;
  std::shared_ptr<const catalog::CatalogState> write_catalog;
};

// A bound statement (the protocol's portal).
class Portal {
 public:
  const Prepared& prepared() const { return *prepared_; }
  const std::optional<std::vector<ColumnDesc>>& columns() const { return prepared_->columns; }
  // Per-column result formats (0 text, 1 binary), expanded to every column.
  const std::vector<int16_t>& result_formats() const { return result_formats_; }

  // Up to `max_rows` more rows (0 = no limit, then at most one batch is
  // returned per call). Each returned update has diff > 0; a row with
  // diff n stands for n identical rows. Returns false when exhausted.
  // Runs on a compute thread.
  absl::StatusOr<bool> Fetch(uint64_t max_rows, compute::Batch& out);

  // Whether fetching is bounded, small work that may run on the
  // connection's own thread (constant queries, SHOW).
  bool cheap() const { return cheap_; }
  bool started() const { return started_; }
  bool exhausted() const { return exhausted_; }

 private:
  friend class Session;
  std::shared_ptr<const Prepared> prepared_;
  std::vector<int16_t> result_formats_;
  std::vector<types::Datum> params_;
  std::shared_ptr<const sql::SelectPlan> plan_;  // for queries
  // The catalog snapshot the query's scans read (taken when it starts).
  std::shared_ptr<const compute::RelationProvider> relations_;
  compute::ExecContext exec_;
  compute::SubqueryCache subqueries_;  // exec_.subqueries: per execution
  std::unique_ptr<compute::RowCursor> cursor_;
  compute::Batch pending_;  // rows fetched but not yet returned
  size_t pending_pos_ = 0;
  std::string command_tag_;  // for statements without rows
  bool started_ = false;
  bool exhausted_ = false;
  bool cheap_ = true;
};

// What finishing (or starting) a statement tells the client besides rows.
struct ExecResult {
  std::string command_tag;  // for statements without rows
  std::vector<ErrorInfo> notices;
  std::vector<ParameterChange> parameter_changes;
};

struct SessionParams {
  std::string user;
  std::string database;
  int backend_pid = 0;
};

class Session {
 public:
  // `catalog` may be null (then catalog statements answer 0A000 and FROM
  // names nothing); `facts` feed builtin relations such as mz_egress_ips.
  Session(const ServerInfo& server, SessionParams params, const std::atomic<bool>* cancel,
          catalog::Catalog* catalog = nullptr, const catalog::RuntimeFacts* facts = nullptr);

  SessionVars& vars() { return vars_; }
  const SessionParams& params() const { return params_; }
  // 'I' idle, 'T' in a transaction block, 'E' in a failed block.
  char TransactionStatus() const;

  absl::StatusOr<std::shared_ptr<const Prepared>> Prepare(std::optional<sql::Statement> stmt,
                                                          const std::vector<uint32_t>& param_oids);
  // `formats` and `values` as in the Bind message (formats: none = all text,
  // one = all the same, else one per parameter).
  absl::StatusOr<std::unique_ptr<Portal>> Bind(std::shared_ptr<const Prepared> prepared,
                                               const std::vector<int16_t>& param_formats,
                                               const std::vector<std::optional<std::string>>& values,
                                               const std::vector<int16_t>& result_formats);
  // Runs the statement's effects (once per portal). For queries this opens
  // the cursor; rows then come from Portal::Fetch.
  absl::StatusOr<ExecResult> Start(Portal& portal);

  // A statement failed: inside a transaction block the block is now failed.
  void StatementFailed();

 private:
  // Also takes a fresh catalog snapshot for FROM (kept in bind_relations_).
  sql::BindContext MakeBindContext(const std::vector<types::Type>& declared);
  // Fills the columns (and for queries the plan and parameter types).
  absl::Status Describe(const sql::Statement& stmt, Prepared& out);
  absl::StatusOr<ExecResult> RunTransaction(const sql::TransactionStmt& t);
  absl::Status RunCatalogStatement(const sql::Statement& stmt, Portal& portal, ExecResult& result);
  // INSERT / UPDATE / DELETE.
  absl::StatusOr<sql::WritePlan> BindWrite(const sql::Statement& stmt, const std::vector<types::Type>& declared);
  absl::Status RunWrite(const sql::Statement& stmt, Portal& portal, ExecResult& result);
  // Evaluates a constant expression as bytea (CREATE SECRET ... AS expr).
  absl::StatusOr<types::Datum> EvaluateBytea(const sql::SqlExpression& expr);
  std::chrono::steady_clock::time_point StatementDeadline() const;

  const ServerInfo& server_;
  SessionParams params_;
  SessionVars vars_;
  const std::atomic<bool>* cancel_;
  catalog::Catalog* catalog_;
  const catalog::RuntimeFacts* facts_;
  std::shared_ptr<const sql::CatalogReader> bind_relations_;
  enum class Txn { kIdle, kBlock, kFailed } txn_ = Txn::kIdle;
};

}  // namespace freshet::coord
