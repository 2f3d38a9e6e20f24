// Set-returning functions (sql::FlatMap): for each input row, the rows a
// table function returns, appended to that row.
#pragma once

#include <memory>

#include "compute/cursor.h"
#include "sql/plan.h"

namespace freshet::compute {

// `flat_map` and `ctx` must outlive the cursor.
std::unique_ptr<RowCursor> OpenFlatMapCursor(const sql::FlatMap& flat_map, std::unique_ptr<RowCursor> input,
                                             const ExecContext& ctx);

}  // namespace freshet::compute
