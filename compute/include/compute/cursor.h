// Execution of logical plans as pull-based operators over batches of
// (row, diff) updates.
//
// Operators never assume their input is a complete snapshot: each consumes
// and produces updates with multiplicities, so the same operators can later
// run on streams of changes. A query's result is the accumulation of the
// updates its root produces; for a one-shot SELECT every diff is positive.
//
// Threading: a cursor is used by one thread at a time (a compute pool thread);
// it may move between threads between calls to Next.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "compute/eval.h"
#include "sql/plan.h"
#include "types/datum.h"

namespace freshet::compute {

struct Update {
  types::Row row;
  int64_t diff = 1;
};
using Batch = std::vector<Update>;

inline constexpr size_t kBatchSize = 1024;

class RowCursor {
 public:
  virtual ~RowCursor() = default;
  // Replaces `out` with the next batch (at most kBatchSize updates).
  // Returns false once the input is exhausted (then `out` is empty).
  virtual absl::StatusOr<bool> Next(Batch& out) = 0;
};

// True when running `plan` takes bounded, small work: constant rows and
// cheap scalar functions only (no scans, no pg_sleep). Such plans may run on
// the caller's thread instead of the compute pool.
bool IsCheapToRun(const sql::RelExpr& plan);

// `plan` and everything `ctx` points to must outlive the cursor.
std::unique_ptr<RowCursor> OpenCursor(const sql::RelExpr& plan, const ExecContext& ctx);

}  // namespace freshet::compute
