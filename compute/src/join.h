// Joins (sql::Join): a hash join on the equality conjuncts of the
// condition, a nested loop when there are none.
#pragma once

#include <map>
#include <functional>
#include <memory>
#include <mutex>

#include "compute/cursor.h"
#include "sql/plan.h"

namespace freshet::compute {

// A hash join's build side: the right input's rows, and their positions
// by encoded key (rows with a NULL key are in `rows` only).
struct JoinBuild;

// The build sides of the joins in the parts of one parallel operator
// (parallel.h): the first part to need a join's builds it, the others wait
// for it and share it (read-only). Its address goes in
// ExecContext::join_builds.
class SharedJoinBuilds {
 public:
  using Make = std::function<absl::StatusOr<std::shared_ptr<const JoinBuild>>()>;
  absl::StatusOr<std::shared_ptr<const JoinBuild>> Get(const sql::Join* join, const Make& make);

 private:
  struct Entry {
    std::mutex mu;
    bool done = false;
    absl::Status status;
    std::shared_ptr<const JoinBuild> build;
  };
  std::mutex mu_;
  std::map<const sql::Join*, Entry> entries_;
};

// Reads `right` whole first (the build side), then streams `left`. `join`
// and `ctx` must outlive the cursor.
std::unique_ptr<RowCursor> OpenJoinCursor(const sql::Join& join, std::unique_ptr<RowCursor> left,
                                          std::unique_ptr<RowCursor> right, const ExecContext& ctx);

// For each left row, `join.right` run with the row as its innermost outer
// row. `join` and `ctx` must outlive the cursor.
std::unique_ptr<RowCursor> OpenLateralJoinCursor(const sql::LateralJoin& join, std::unique_ptr<RowCursor> left,
                                                 const ExecContext& ctx);

}  // namespace freshet::compute
