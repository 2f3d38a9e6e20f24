// Running one operator's input in parts on several threads.
//
// A plan whose rows all come from one scan, row by row (a pipeline of
// Filter, Project, FlatMap and the probe side of inner and left joins over a
// Scan), can run once per part of that scan's relation: the parts' outputs,
// one after the other, are the plan's output. GROUP BY with mergeable
// aggregates and ORDER BY ... LIMIT use this (RunInParts) to spread a large
// table over ExecContext::parallelism threads, then combine the parts'
// results in part order, so that the result (and its order) is the one a
// single thread gives; other filtering or joining pipelines stream their
// parts' output in scan order (OpenInOrder).
#pragma once

#include <functional>

#include "compute/cursor.h"
#include "compute/eval.h"
#include "sql/plan.h"

namespace freshet::compute {

// The scan `plan` runs in parts over, or null: ctx allows one worker only,
// or is inside a correlated subquery (outer rows), or the plan is not such
// a pipeline, or evaluating it reads per-statement state that threads would
// share (subqueries).
const sql::Scan* ParallelScan(const sql::RelExpr& plan, const ExecContext& ctx);

// The most parts a table is cut into: 4 per worker (sizes are estimates; a
// worker done early takes the next part).
int MaxParts(const ExecContext& ctx);

struct PartsRun {
  int parts = 0;    // parts of the scan, numbered in scan order
  int workers = 0;  // threads that ran them, numbered from 0
};
// run(worker, part, part_ctx): one part, on worker thread `worker`, with a
// context whose scan of the driving Scan reads only that part.
using PartFn = std::function<absl::Status(int worker, int part, const ExecContext& part_ctx)>;

// Opens the parts of `scan` (waiting as a scan does while the relation is
// not readable yet) and runs each once, on up to ctx.parallelism worker
// threads (worker 0 is the caller's): a worker takes the next part not yet
// taken, so parts of one worker come in increasing order but not
// contiguously. Fails with the error of the first part (in scan order)
// that failed; no part starts after one has failed.
absl::StatusOr<PartsRun> RunInParts(const sql::Scan& scan, const ExecContext& ctx, const PartFn& run);

// The scan to run `plan` in parts over with its output kept in scan order
// (OpenInOrder), or null: when it is a pipeline over a scan (ParallelScan)
// that filters or joins, opened outside any part.
const sql::Scan* InOrderScan(const sql::RelExpr& plan, const ExecContext& ctx);

// `plan` run once per part of `scan`'s relation on ctx.parallelism threads,
// its output handed out in scan order: part by part, each part's batches as
// they come. Workers run ahead of the consumer by a bounded number of
// batches per part, so a large result is never held whole; destroying the
// cursor stops them.
std::unique_ptr<RowCursor> OpenInOrder(const sql::RelExpr& plan, const sql::Scan& scan, const ExecContext& ctx);

// Opens the reader of a Scan, waiting while the relation is Unavailable
// (not readable yet) until it is, or the statement is canceled or times out.
absl::StatusOr<std::vector<std::unique_ptr<RelationReader>>> OpenScanParts(const sql::Scan& scan,
                                                                           const ExecContext& ctx, int max_parts);

}  // namespace freshet::compute
