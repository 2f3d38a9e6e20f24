// INTERSECT / EXCEPT (sql::SetOp) and SELECT DISTINCT ON (sql::DistinctOn).
#pragma once

#include <memory>

#include "compute/cursor.h"
#include "sql/plan.h"

namespace freshet::compute {

std::unique_ptr<RowCursor> OpenSetOpCursor(const sql::SetOp& op, std::unique_ptr<RowCursor> left,
                                           std::unique_ptr<RowCursor> right, const ExecContext& ctx);
std::unique_ptr<RowCursor> OpenDistinctOnCursor(const sql::DistinctOn& d, std::unique_ptr<RowCursor> input,
                                                const ExecContext& ctx);

}  // namespace freshet::compute
