#include "parallel.h"

#include "join.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <type_traits>
#include <variant>

namespace freshet::compute {
namespace {

// False when evaluating `e` reads state a statement's threads would share:
// subqueries (their per-statement cache) and outer rows.
bool ThreadSafe(const sql::ScalarExpr* e) {
  if (e == nullptr) return true;
  if (std::holds_alternative<sql::Subquery>(e->node) || std::holds_alternative<sql::OuterRef>(e->node)) return false;
  if (const auto* cast = std::get_if<sql::Cast>(&e->node)) return ThreadSafe(cast->arg.get());
  if (const auto* call = std::get_if<sql::Call>(&e->node)) {
    for (const auto& a : call->args) {
      if (!ThreadSafe(a.get())) return false;
    }
  }
  return true;
}

bool ThreadSafe(const std::vector<sql::ScalarExprPtr>& exprs) {
  for (const auto& e : exprs) {
    if (!ThreadSafe(e.get())) return false;
  }
  return true;
}

// The same for every expression of a whole plan.
bool ThreadSafe(const sql::RelExpr& plan) {
  return std::visit(
      [](const auto& n) -> bool {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, sql::Scan>) {
          return true;
        } else if constexpr (std::is_same_v<N, sql::Values>) {
          for (const auto& row : n.rows) {
            if (!ThreadSafe(row)) return false;
          }
          return true;
        } else if constexpr (std::is_same_v<N, sql::Project>) {
          return ThreadSafe(n.exprs) && ThreadSafe(*n.input);
        } else if constexpr (std::is_same_v<N, sql::Filter>) {
          return ThreadSafe(n.predicate.get()) && ThreadSafe(*n.input);
        } else if constexpr (std::is_same_v<N, sql::FlatMap>) {
          return ThreadSafe(n.args) && ThreadSafe(*n.input);
        } else if constexpr (std::is_same_v<N, sql::Join>) {
          return ThreadSafe(n.condition.get()) && ThreadSafe(*n.left) && ThreadSafe(*n.right);
        } else if constexpr (std::is_same_v<N, sql::SetOp>) {
          return ThreadSafe(*n.left) && ThreadSafe(*n.right);
        } else if constexpr (std::is_same_v<N, sql::Union>) {
          for (const auto& in : n.inputs) {
            if (!ThreadSafe(*in)) return false;
          }
          return true;
        } else if constexpr (std::is_same_v<N, sql::Reduce>) {
          if (!ThreadSafe(n.keys)) return false;
          for (const auto& a : n.aggregates) {
            if (!ThreadSafe(a.arg.get()) || !ThreadSafe(a.delimiter.get()) || !ThreadSafe(a.filter.get()) ||
                !ThreadSafe(a.order_exprs)) {
              return false;
            }
          }
          return ThreadSafe(*n.input);
        } else if constexpr (std::is_same_v<N, sql::Sort> || std::is_same_v<N, sql::Limit> ||
                             std::is_same_v<N, sql::DistinctOn>) {
          return ThreadSafe(*n.input);
        } else {
          return false;  // LateralJoin: runs its right side with outer rows
        }
      },
      plan.node);
}

const sql::Scan* PipelineScan(const sql::RelExpr& plan) {
  return std::visit(
      [](const auto& n) -> const sql::Scan* {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, sql::Scan>) {
          return &n;
        } else if constexpr (std::is_same_v<N, sql::Project> || std::is_same_v<N, sql::Filter> ||
                             std::is_same_v<N, sql::FlatMap>) {
          return PipelineScan(*n.input);
        } else if constexpr (std::is_same_v<N, sql::Join>) {
          // Each left row's output depends on that row and the whole right
          // side alone; right and full joins also emit the right rows no
          // left row matched, which no part can know.
          if (n.kind != sql::JoinKind::kInner && n.kind != sql::JoinKind::kLeft) return nullptr;
          return PipelineScan(*n.left);
        } else {
          return nullptr;
        }
      },
      plan.node);
}

}  // namespace

const sql::Scan* DrivingScan(const sql::RelExpr& plan) {
  const sql::Scan* scan = PipelineScan(plan);
  return scan != nullptr && ThreadSafe(plan) ? scan : nullptr;
}

absl::StatusOr<std::vector<std::unique_ptr<RelationReader>>> OpenScanParts(const sql::Scan& scan,
                                                                           const ExecContext& ctx, int max_parts) {
  if (ctx.relations == nullptr) return absl::InternalError("no relations to scan " + scan.name);
  for (;;) {
    auto parts = ctx.relations->OpenParts(scan.relation, scan.needed, max_parts);
    if (!absl::IsUnavailable(parts.status())) return parts;
    if (absl::Status s = CheckCanceled(ctx); !s.ok()) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

absl::StatusOr<PartsRun> RunInParts(const sql::Scan& scan, const ExecContext& ctx, const PartFn& run) {
  const int workers_wanted = std::max(1, ctx.parallelism);
  // More parts than workers: sizes are estimates, and a worker that is
  // done early takes the next part.
  auto readers = OpenScanParts(scan, ctx, workers_wanted == 1 ? 1 : workers_wanted * kPartsPerWorker);
  if (!readers.ok()) return readers.status();
  const size_t n = readers->size();
  std::vector<ScanPart> parts(n);
  std::vector<ExecContext> contexts(n, ctx);
  std::vector<absl::Status> results(n);
  SharedJoinBuilds join_builds;
  for (size_t i = 0; i < n; ++i) {
    parts[i] = ScanPart{&scan, (*readers)[i].get()};
    contexts[i].part = &parts[i];
    contexts[i].join_builds = &join_builds;
  }
  PartsRun out;
  out.parts = static_cast<int>(n);
  out.workers = static_cast<int>(std::min<size_t>(n, static_cast<size_t>(workers_wanted)));
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&](int worker) {
    for (size_t i; !failed.load() && (i = next.fetch_add(1)) < n;) {
      results[i] = run(worker, static_cast<int>(i), contexts[i]);
      (*readers)[i].reset();  // its storage iterator is done
      if (!results[i].ok()) failed = true;
    }
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < out.workers; ++w) threads.emplace_back(work, w);
  work(0);
  for (auto& t : threads) t.join();
  for (const absl::Status& s : results) {
    if (!s.ok()) return s;
  }
  return out;
}

}  // namespace freshet::compute
