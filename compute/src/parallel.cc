#include "parallel.h"

#include "join.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
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

// The scan `plan` can run in parts over, or null: not such a pipeline, or
// it reads per-statement state threads would share.
const sql::Scan* DrivingScan(const sql::RelExpr& plan) {
  const sql::Scan* scan = PipelineScan(plan);
  return scan != nullptr && ThreadSafe(plan) ? scan : nullptr;
}

constexpr int kPartsPerWorker = 4;

// Whether a pipeline does per-row work worth spreading: a filter or a join.
bool FiltersOrJoins(const sql::RelExpr& plan) {
  return std::visit(
      [](const auto& n) -> bool {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, sql::Filter> || std::is_same_v<N, sql::Join>) {
          return true;
        } else if constexpr (std::is_same_v<N, sql::Project> || std::is_same_v<N, sql::FlatMap>) {
          return FiltersOrJoins(*n.input);
        } else {
          return false;
        }
      },
      plan.node);
}

// The parts of a scan's relation and what running each needs: its reader,
// the context whose scan reads only that part, and what the parts share.
// Parts hold pointers into this object: it must not move.
class ScanParts {
 public:
  ScanParts(const ScanParts&) = delete;
  ScanParts& operator=(const ScanParts&) = delete;

  // Opens up to MaxParts(ctx) parts of `scan`.
  static absl::StatusOr<std::unique_ptr<ScanParts>> Open(const sql::Scan& scan, const ExecContext& ctx) {
    auto readers = OpenScanParts(scan, ctx, MaxParts(ctx));
    if (!readers.ok()) return readers.status();
    return std::unique_ptr<ScanParts>(new ScanParts(scan, ctx, *std::move(readers)));
  }

  size_t size() const { return readers_.size(); }
  const ExecContext& context(size_t i) const { return contexts_[i]; }
  // Frees part i's reader (its storage iterator) once the part is done.
  void Done(size_t i) { readers_[i].reset(); }
  // Makes every part fail at its next CheckCanceled.
  void Abandon() { abandoned_ = true; }
  bool abandoned() const { return abandoned_.load(); }

 private:
  ScanParts(const sql::Scan& scan, const ExecContext& ctx, std::vector<std::unique_ptr<RelationReader>> readers)
      : readers_(std::move(readers)), parts_(readers_.size()), contexts_(readers_.size(), ctx) {
    for (size_t i = 0; i < readers_.size(); ++i) {
      parts_[i] = ScanPart{&scan, readers_[i].get()};
      contexts_[i].part = &parts_[i];
      contexts_[i].join_builds = &join_builds_;
      contexts_[i].abandoned = &abandoned_;
    }
  }

  std::vector<std::unique_ptr<RelationReader>> readers_;
  std::vector<ScanPart> parts_;
  std::vector<ExecContext> contexts_;
  SharedJoinBuilds join_builds_;
  std::atomic<bool> abandoned_{false};
};

class InOrderCursor final : public RowCursor {
 public:
  InOrderCursor(const sql::RelExpr& plan, const sql::Scan& scan, const ExecContext& ctx)
      : plan_(plan), scan_(scan), ctx_(ctx) {}

  ~InOrderCursor() override {
    if (parts_) parts_->Abandon();  // parts stop at their next cancellation check
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    for (auto& t : threads_) t.join();
  }

  absl::StatusOr<bool> Next(Batch& out) override {
    if (!started_) {
      if (auto s = Start(); !s.ok()) return s;
      started_ = true;
    }
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (current_ >= slots_.size()) {
        out.clear();
        return false;
      }
      Slot& slot = slots_[current_];
      if (!slot.batches.empty()) {
        std::swap(out, slot.batches.front());
        slot.batches.pop_front();
        changed_.notify_all();
        return true;
      }
      if (slot.done) {
        if (!slot.status.ok()) return slot.status;
        ++current_;
        continue;
      }
      // Wake up now and then to honour a cancel or the statement timeout
      // even while the workers are slow.
      changed_.wait_for(lock, std::chrono::milliseconds(100));
      lock.unlock();
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      lock.lock();
    }
  }

 private:
  // Batches a part may have waiting for the consumer before its worker
  // pauses.
  static constexpr size_t kMaxWaiting = 8;

  struct Slot {
    std::deque<Batch> batches;
    bool done = false;
    absl::Status status;
  };

  absl::Status Start() {
    auto parts = ScanParts::Open(scan_, ctx_);
    if (!parts.ok()) return parts.status();
    parts_ = *std::move(parts);
    slots_ = std::vector<Slot>(parts_->size());
    const size_t workers = std::min<size_t>(static_cast<size_t>(ctx_.parallelism), parts_->size());
    for (size_t w = 0; w < workers; ++w) threads_.emplace_back([this] { Work(); });
    return absl::OkStatus();
  }

  void Work() {
    for (;;) {
      size_t i = next_part_.fetch_add(1);
      if (i >= slots_.size()) return;
      absl::Status status = RunPart(i);
      std::lock_guard<std::mutex> lock(mu_);
      slots_[i].done = true;
      slots_[i].status = std::move(status);
      parts_->Done(i);
      changed_.notify_all();
      if (stop_ || !slots_[i].status.ok()) return;
    }
  }

  absl::Status RunPart(size_t i) {
    auto cursor = OpenCursor(plan_, parts_->context(i));
    for (;;) {
      Batch batch;
      auto more = cursor->Next(batch);
      if (!more.ok()) return more.status();
      if (!*more) return absl::OkStatus();
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [&] { return stop_ || slots_[i].batches.size() < kMaxWaiting; });
      if (stop_) return absl::CancelledError("the query's result is no longer read");
      slots_[i].batches.push_back(std::move(batch));
      changed_.notify_all();
    }
  }

  const sql::RelExpr& plan_;
  const sql::Scan& scan_;
  const ExecContext& ctx_;
  bool started_ = false;
  std::unique_ptr<ScanParts> parts_;
  std::atomic<size_t> next_part_{0};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable changed_;
  bool stop_ = false;
  std::vector<Slot> slots_;  // per part, under mu_
  size_t current_ = 0;       // the part the consumer reads
};

}  // namespace

int MaxParts(const ExecContext& ctx) { return ctx.parallelism > 1 ? ctx.parallelism * kPartsPerWorker : 1; }

// Several workers, and not inside a correlated subquery (opened once per
// outer row): checked before any walk of the plan.
bool MayRunInParts(const ExecContext& ctx) { return ctx.parallelism > 1 && ctx.outer_rows == nullptr; }

// A scan of one key (sql::Scan::key_point) reads a few rows: one thread.
const sql::Scan* Splittable(const sql::Scan* scan) { return scan != nullptr && !scan->key_point ? scan : nullptr; }

const sql::Scan* ParallelScan(const sql::RelExpr& plan, const ExecContext& ctx) {
  return MayRunInParts(ctx) ? Splittable(DrivingScan(plan)) : nullptr;
}

const sql::Scan* InOrderScan(const sql::RelExpr& plan, const ExecContext& ctx) {
  return ctx.part == nullptr && MayRunInParts(ctx) && FiltersOrJoins(plan) ? Splittable(DrivingScan(plan)) : nullptr;
}

std::unique_ptr<RowCursor> OpenInOrder(const sql::RelExpr& plan, const sql::Scan& scan, const ExecContext& ctx) {
  return std::make_unique<InOrderCursor>(plan, scan, ctx);
}

absl::StatusOr<std::vector<std::unique_ptr<RelationReader>>> OpenScanParts(const sql::Scan& scan,
                                                                           const ExecContext& ctx, int max_parts) {
  if (ctx.relations == nullptr) return absl::InternalError("no relations to scan " + scan.name);
  const sql::KeyRange range = sql::ScanKeyRange(scan, ctx.params);
  for (;;) {
    auto parts = ctx.relations->OpenRange(scan.relation, scan.needed, max_parts, range.lower, range.upper);
    if (!absl::IsUnavailable(parts.status())) return parts;
    if (absl::Status s = CheckCanceled(ctx); !s.ok()) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

absl::StatusOr<PartsRun> RunInParts(const sql::Scan& scan, const ExecContext& ctx, const PartFn& run) {
  auto opened = ScanParts::Open(scan, ctx);
  if (!opened.ok()) return opened.status();
  ScanParts& parts = **opened;
  const size_t n = parts.size();
  PartsRun out;
  out.parts = static_cast<int>(n);
  out.workers = static_cast<int>(std::min<size_t>(n, static_cast<size_t>(std::max(1, ctx.parallelism))));
  std::vector<absl::Status> results(n);
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (size_t i; !parts.abandoned() && (i = next.fetch_add(1)) < n;) {
      results[i] = run(worker, static_cast<int>(i), parts.context(i));
      parts.Done(i);
      if (!results[i].ok()) parts.Abandon();
    }
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < out.workers; ++w) threads.emplace_back(work, w);
  work(0);
  for (auto& t : threads) t.join();
  // The first failure in part order, not counting the parts it stopped.
  for (const absl::Status& s : results) {
    if (!s.ok() && !IsAbandoned(s)) return s;
  }
  return out;
}

}  // namespace freshet::compute
