// GROUP BY and aggregates (sql::Reduce).
#pragma once

#include <memory>

#include "compute/cursor.h"
#include "sql/plan.h"

namespace freshet::compute {

// Reads its whole input, accumulates per key, then emits one row per group
// (keys, then aggregates). An input that is a pipeline over a large table
// is grouped in parts on ctx.parallelism threads when the aggregates allow
// (parallel.h). `reduce` and `ctx` must outlive the cursor.
std::unique_ptr<RowCursor> OpenReduceCursor(const sql::Reduce& reduce, const ExecContext& ctx);

}  // namespace freshet::compute
