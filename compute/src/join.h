// Joins (sql::Join): a hash join on the equality conjuncts of the
// condition, a nested loop when there are none.
#pragma once

#include <memory>

#include "compute/cursor.h"
#include "sql/plan.h"

namespace freshet::compute {

// Reads `right` whole first (the build side), then streams `left`. `join`
// and `ctx` must outlive the cursor.
std::unique_ptr<RowCursor> OpenJoinCursor(const sql::Join& join, std::unique_ptr<RowCursor> left,
                                          std::unique_ptr<RowCursor> right, const ExecContext& ctx);

// For each left row, `join.right` run with the row as its innermost outer
// row. `join` and `ctx` must outlive the cursor.
std::unique_ptr<RowCursor> OpenLateralJoinCursor(const sql::LateralJoin& join, std::unique_ptr<RowCursor> left,
                                                 const ExecContext& ctx);

}  // namespace freshet::compute
