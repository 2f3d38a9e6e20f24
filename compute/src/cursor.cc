#include "compute/cursor.h"

#include <algorithm>
#include <memory>
#include <string>
#include <variant>

#include "absl/container/flat_hash_map.h"
#include "join.h"
#include "parallel.h"
#include "reduce.h"
#include "set_ops.h"
#include "table_functions.h"

namespace freshet::compute {
namespace {

// Puts `u` at position n of `out`, a batch being refilled in place: it
// trades places with the spent row there, whose storage `u`'s producer then
// reuses.
void Refill(Batch& out, size_t n, Update& u) {
  if (n == out.size()) out.emplace_back();
  std::swap(out[n].row, u.row);
  out[n].diff = u.diff;
}

// Evaluates each constant row once.
class ValuesCursor : public RowCursor {
 public:
  ValuesCursor(const sql::Values& values, const ExecContext& ctx) : values_(values), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    static const types::Row kEmpty;
    while (next_ < values_.rows.size() && out.size() < kBatchSize) {
      types::Row row;
      for (const auto& e : values_.rows[next_]) {
        auto v = Evaluate(*e, kEmpty, ctx_);
        if (!v.ok()) return v.status();
        row.push_back(*std::move(v));
      }
      out.push_back(Update{std::move(row), 1});
      ++next_;
    }
    return !out.empty();
  }

 private:
  const sql::Values& values_;
  const ExecContext& ctx_;
  size_t next_ = 0;
};

class ProjectCursor : public RowCursor {
 public:
  ProjectCursor(const sql::Project& project, std::unique_ptr<RowCursor> input, const ExecContext& ctx)
      : project_(project), input_(std::move(input)), ctx_(ctx) {
    // A bare column that nothing else in the projection reads can be moved
    // out of the consumed input row instead of copied.
    absl::flat_hash_map<int, int> uses;
    bool reads_all = false;
    for (const auto& e : project_.exprs) reads_all |= CountColumnRefs(*e, uses);
    for (const auto& e : project_.exprs) {
      const auto* c = std::get_if<sql::ColumnRef>(&e->node);
      move_from_.push_back(!reads_all && c != nullptr && uses[c->index] == 1 ? c->index : -1);
    }
  }

  absl::StatusOr<bool> Next(Batch& out) override {
    auto more = input_->Next(in_);
    if (!more.ok() || !*more) {
      out.clear();
      return more;
    }
    // Output rows are rebuilt in place: their storage is reused.
    out.resize(in_.size());
    for (size_t r = 0; r < in_.size(); ++r) {
      Update& u = in_[r];
      types::Row& row = out[r].row;
      row.resize(project_.exprs.size());
      // Computed columns first: they may read columns that are moved below.
      for (size_t i = 0; i < project_.exprs.size(); ++i) {
        if (move_from_[i] >= 0) continue;
        auto v = Evaluate(*project_.exprs[i], u.row, ctx_);
        if (!v.ok()) return v.status();
        row[i] = *std::move(v);
      }
      for (size_t i = 0; i < project_.exprs.size(); ++i) {
        if (move_from_[i] >= 0) row[i] = std::move(u.row[move_from_[i]]);
      }
      out[r].diff = u.diff;
    }
    return true;
  }

 private:
  // Counts the input columns `e` reads; true if it may read any (a
  // subquery reads the row through its correlated references).
  static bool CountColumnRefs(const sql::ScalarExpr& e, absl::flat_hash_map<int, int>& uses) {
    if (const auto* c = std::get_if<sql::ColumnRef>(&e.node)) {
      ++uses[c->index];
    } else if (const auto* cast = std::get_if<sql::Cast>(&e.node)) {
      return CountColumnRefs(*cast->arg, uses);
    } else if (const auto* call = std::get_if<sql::Call>(&e.node)) {
      bool quantified = call->func == sql::ScalarFunc::kAnyOp || call->func == sql::ScalarFunc::kAllOp;
      bool all = false;
      for (size_t i = 0; i < call->args.size() && (!quantified || i < 2); ++i) {
        all |= CountColumnRefs(*call->args[i], uses);
      }
      return all;
    } else if (std::holds_alternative<sql::Subquery>(e.node)) {
      return true;
    }
    return false;
  }

  const sql::Project& project_;
  std::unique_ptr<RowCursor> input_;
  const ExecContext& ctx_;
  std::vector<int> move_from_;  // per output column: the input column to move, or -1
  Batch in_;
};

class FilterCursor : public RowCursor {
 public:
  FilterCursor(const sql::Filter& filter, std::unique_ptr<RowCursor> input, const ExecContext& ctx)
      : filter_(filter), input_(std::move(input)), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    // Skip batches the predicate empties entirely, so an empty batch still
    // means "exhausted".
    size_t n = 0;
    while (n == 0) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = input_->Next(in_);
      if (!more.ok() || !*more) {
        out.clear();
        return more;
      }
      for (Update& u : in_) {
        auto keep = Evaluate(*filter_.predicate, u.row, ctx_);
        if (!keep.ok()) return keep.status();
        if (!keep->is_null() && keep->as_bool()) Refill(out, n++, u);
      }
    }
    out.resize(n);
    return true;
  }

 private:
  const sql::Filter& filter_;
  std::unique_ptr<RowCursor> input_;
  const ExecContext& ctx_;
  Batch in_;
};

// OFFSET and LIMIT count rows, so multiplicities are split where needed.
class LimitCursor : public RowCursor {
 public:
  LimitCursor(const sql::Limit& limit, std::unique_ptr<RowCursor> input)
      : to_skip_(limit.offset), remaining_(limit.limit), input_(std::move(input)) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    while (out.empty() && remaining_ != 0) {
      auto more = input_->Next(in_);
      if (!more.ok() || !*more) return more;
      for (Update& u : in_) {
        int64_t n = u.diff;
        int64_t skip = std::min(n, to_skip_);
        to_skip_ -= skip;
        n -= skip;
        if (remaining_ >= 0) n = std::min(n, remaining_);
        if (n <= 0) continue;
        if (remaining_ >= 0) remaining_ -= n;
        out.push_back(Update{std::move(u.row), n});
        if (remaining_ == 0) break;
      }
    }
    return !out.empty();
  }

 private:
  int64_t to_skip_;
  int64_t remaining_;  // -1 = unlimited
  std::unique_ptr<RowCursor> input_;
  Batch in_;
};

}  // namespace

namespace {

bool IsCheapExpr(const sql::ScalarExpr& e) {
  if (std::holds_alternative<sql::Subquery>(e.node)) return false;
  if (const auto* cast = std::get_if<sql::Cast>(&e.node)) return IsCheapExpr(*cast->arg);
  if (const auto* call = std::get_if<sql::Call>(&e.node)) {
    if (call->func == sql::ScalarFunc::kPgSleep) return false;
    for (const auto& a : call->args) {
      if (!IsCheapExpr(*a)) return false;
    }
  }
  return true;
}

// A relation's rows, streamed from the provider's reader (opened when first
// asked for); a row stored n times comes out once with diff n.
class ScanCursor : public RowCursor {
 public:
  ScanCursor(const sql::Scan& scan, const ExecContext& ctx) : scan_(scan), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    if (reader_ == nullptr) {
      if (ctx_.part != nullptr && ctx_.part->scan == &scan_) {
        reader_ = ctx_.part->reader;  // one part of a parallel operator's scan
      } else {
        auto readers = OpenScanParts(scan_, ctx_, 1);
        if (!readers.ok()) return readers.status();
        owned_ = std::move(readers->front());
        reader_ = owned_.get();
      }
    }
    auto more = reader_->Next(kBatchSize, rows_);
    if (!more.ok()) return more.status();
    // Rows trade places with the consumer's spent ones, so the reader
    // decodes into storage that is already allocated.
    out.resize(rows_.size());
    for (size_t i = 0; i < rows_.size(); ++i) {
      std::swap(out[i].row, rows_[i].first);
      out[i].diff = rows_[i].second;
    }
    return !out.empty();
  }

 private:
  const sql::Scan& scan_;
  const ExecContext& ctx_;
  RelationReader* reader_ = nullptr;
  std::unique_ptr<RelationReader> owned_;
  std::vector<std::pair<types::Row, int64_t>> rows_;
};

// Sorts its whole input (ORDER BY), then hands it out in batches.
class SortCursor : public RowCursor {
 public:
  // `max_rows` >= 0: only that many rows are wanted (ORDER BY ... LIMIT):
  // a bounded heap keeps just the best ones seen so far (top-k).
  SortCursor(const sql::Sort& sort, std::unique_ptr<RowCursor> input, const ExecContext& ctx, int64_t max_rows = -1)
      : sort_(sort), input_(std::move(input)), ctx_(ctx), max_rows_(max_rows) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    if (!sorted_) {
      Batch batch;
      size_t seq = 0;
      for (;;) {
        if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
        auto more = input_->Next(batch);
        if (!more.ok()) return more.status();
        for (auto& u : batch) {
          if (max_rows_ >= 0) {
            Offer(std::move(u), seq++);
          } else {
            rows_.push_back(std::move(u));
            order_.push_back(seq++);
          }
        }
        if (!*more) break;
      }
      if (max_rows_ >= 0) {
        for (auto& [u, s] : heap_) {
          rows_.push_back(std::move(u));
          order_.push_back(s);
        }
        heap_.clear();
      }
      SortAll();
      sorted_ = true;
    }
    while (next_ < rows_.size() && out.size() < kBatchSize) out.push_back(std::move(rows_[next_++]));
    return !out.empty();
  }

 private:
  bool Less(const Update& a, size_t sa, const Update& b, size_t sb) const {
    for (const sql::SortKey& k : sort_.keys) {
      const types::Datum& x = a.row[k.column];
      const types::Datum& y = b.row[k.column];
      if (x.is_null() || y.is_null()) {
        if (x.is_null() && y.is_null()) continue;
        return x.is_null() == k.nulls_first;
      }
      int c = CompareDatums(k.type, x, y);
      if (c != 0) return k.descending ? c > 0 : c < 0;
    }
    return sa < sb;  // input order on ties: a stable sort
  }

  void SortAll() {
    std::vector<size_t> idx(rows_.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(),
              [&](size_t a, size_t b) { return Less(rows_[a], order_[a], rows_[b], order_[b]); });
    Batch sorted;
    std::vector<size_t> order;
    sorted.reserve(idx.size());
    for (size_t i : idx) {
      sorted.push_back(std::move(rows_[i]));
      order.push_back(order_[i]);
    }
    rows_ = std::move(sorted);
    order_ = std::move(order);
  }

  // Top-k: a max-heap (worst row on top) of the fewest rows whose
  // multiplicities reach max_rows_. A row no better than the worst kept,
  // once the heap is full, costs one comparison.
  void Offer(Update u, size_t seq) {
    auto worse = [this](const std::pair<Update, size_t>& a, const std::pair<Update, size_t>& b) {
      return Less(a.first, a.second, b.first, b.second);
    };
    if (heap_count_ >= max_rows_ && !heap_.empty() &&
        !Less(u, seq, heap_.front().first, heap_.front().second)) {
      return;
    }
    heap_count_ += u.diff;
    heap_.emplace_back(std::move(u), seq);
    std::push_heap(heap_.begin(), heap_.end(), worse);
    while (!heap_.empty() && heap_count_ - heap_.front().first.diff >= max_rows_) {
      heap_count_ -= heap_.front().first.diff;
      std::pop_heap(heap_.begin(), heap_.end(), worse);
      heap_.pop_back();
    }
  }

  const sql::Sort& sort_;
  std::unique_ptr<RowCursor> input_;
  const ExecContext& ctx_;
  int64_t max_rows_;
  bool sorted_ = false;
  Batch rows_;
  std::vector<size_t> order_;  // input positions of rows_, for stability
  std::vector<std::pair<Update, size_t>> heap_;  // top-k: (row, input position)
  int64_t heap_count_ = 0;                        // multiplicities in heap_
  size_t next_ = 0;
};

// Hands out updates computed elsewhere.
class BatchCursor : public RowCursor {
 public:
  explicit BatchCursor(Batch rows) : rows_(std::move(rows)) {}
  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    while (next_ < rows_.size() && out.size() < kBatchSize) out.push_back(std::move(rows_[next_++]));
    return !out.empty();
  }

 private:
  Batch rows_;
  size_t next_ = 0;
};

// Top-k over a large table: each part of the input's scan keeps its own
// best max_rows (parts run on several threads), then one more top-k over
// their rows, in part order, picks the result (ties keep input order, as
// one thread would).
class ParallelTopKCursor : public RowCursor {
 public:
  ParallelTopKCursor(const sql::Sort& sort, const sql::Scan& scan, const ExecContext& ctx, int64_t max_rows)
      : sort_(sort), scan_(scan), ctx_(ctx), max_rows_(max_rows) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    if (!final_) {
      // One slot per part, each written by the one worker running it.
      std::vector<Batch> best(static_cast<size_t>(MaxParts(ctx_)));
      auto parts = RunInParts(scan_, ctx_, [&](int, int part, const ExecContext& part_ctx) -> absl::Status {
        SortCursor top(sort_, OpenCursor(*sort_.input, part_ctx), part_ctx, max_rows_);
        Batch batch;
        for (;;) {
          auto more = top.Next(batch);
          if (!more.ok()) return more.status();
          if (!*more) return absl::OkStatus();
          for (Update& u : batch) best[static_cast<size_t>(part)].push_back(std::move(u));
        }
      });
      if (!parts.ok()) return parts.status();
      Batch all;
      for (Batch& b : best) {
        for (Update& u : b) all.push_back(std::move(u));
      }
      final_ = std::make_unique<SortCursor>(sort_, std::make_unique<BatchCursor>(std::move(all)), ctx_, max_rows_);
    }
    return final_->Next(out);
  }

 private:
  const sql::Sort& sort_;
  const sql::Scan& scan_;
  const ExecContext& ctx_;
  int64_t max_rows_;
  std::unique_ptr<SortCursor> final_;
};

// UNION ALL: each input in turn.
class UnionCursor : public RowCursor {
 public:
  UnionCursor(std::vector<std::unique_ptr<RowCursor>> inputs) : inputs_(std::move(inputs)) {}
  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    while (current_ < inputs_.size()) {
      auto more = inputs_[current_]->Next(out);
      if (!more.ok()) return more.status();
      if (!*more) ++current_;
      if (!out.empty()) return true;
    }
    return false;
  }

 private:
  std::vector<std::unique_ptr<RowCursor>> inputs_;
  size_t current_ = 0;
};

}  // namespace

bool IsCheapToRun(const sql::RelExpr& plan) {
  return std::visit(
      [](const auto& n) -> bool {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, sql::Values>) {
          if (n.rows.size() > kBatchSize) return false;
          for (const auto& row : n.rows)
            for (const auto& e : row)
              if (!IsCheapExpr(*e)) return false;
          return true;
        } else if constexpr (std::is_same_v<N, sql::Project>) {
          for (const auto& e : n.exprs)
            if (!IsCheapExpr(*e)) return false;
          return IsCheapToRun(*n.input);
        } else if constexpr (std::is_same_v<N, sql::Filter>) {
          return IsCheapExpr(*n.predicate) && IsCheapToRun(*n.input);
        } else if constexpr (std::is_same_v<N, sql::Scan> || std::is_same_v<N, sql::Join>) {
          return false;
        } else if constexpr (std::is_same_v<N, sql::Reduce> || std::is_same_v<N, sql::FlatMap> ||
                             std::is_same_v<N, sql::SetOp> || std::is_same_v<N, sql::DistinctOn> ||
                             std::is_same_v<N, sql::LateralJoin>) {
          return false;
        } else if constexpr (std::is_same_v<N, sql::Union>) {
          for (const auto& in : n.inputs)
            if (!IsCheapToRun(*in)) return false;
          return true;
        } else {
          return IsCheapToRun(*n.input);
        }
      },
      plan.node);
}

std::unique_ptr<RowCursor> OpenCursor(const sql::RelExpr& plan, const ExecContext& ctx) {
  // A filter or join over a large table: in parts on several threads, the
  // output in scan order.
  if (const sql::Scan* scan = InOrderScan(plan, ctx)) return OpenInOrder(plan, *scan, ctx);
  return std::visit(
      [&](const auto& n) -> std::unique_ptr<RowCursor> {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, sql::Values>) {
          return std::make_unique<ValuesCursor>(n, ctx);
        } else if constexpr (std::is_same_v<N, sql::Project>) {
          return std::make_unique<ProjectCursor>(n, OpenCursor(*n.input, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::Filter>) {
          return std::make_unique<FilterCursor>(n, OpenCursor(*n.input, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::Scan>) {
          return std::make_unique<ScanCursor>(n, ctx);
        } else if constexpr (std::is_same_v<N, sql::Sort>) {
          return std::make_unique<SortCursor>(n, OpenCursor(*n.input, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::Join>) {
          return OpenJoinCursor(n, OpenCursor(*n.left, ctx), OpenCursor(*n.right, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::Reduce>) {
          return OpenReduceCursor(n, ctx);
        } else if constexpr (std::is_same_v<N, sql::FlatMap>) {
          return OpenFlatMapCursor(n, OpenCursor(*n.input, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::SetOp>) {
          return OpenSetOpCursor(n, OpenCursor(*n.left, ctx), OpenCursor(*n.right, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::LateralJoin>) {
          return OpenLateralJoinCursor(n, OpenCursor(*n.left, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::DistinctOn>) {
          return OpenDistinctOnCursor(n, OpenCursor(*n.input, ctx), ctx);
        } else if constexpr (std::is_same_v<N, sql::Union>) {
          std::vector<std::unique_ptr<RowCursor>> inputs;
          for (const auto& in : n.inputs) inputs.push_back(OpenCursor(*in, ctx));
          return std::make_unique<UnionCursor>(std::move(inputs));
        } else {
          // ORDER BY ... LIMIT: the sort keeps only the rows the limit can
          // reach (also through the Project that drops hidden sort columns).
          if (n.limit >= 0) {
            const sql::RelExpr* below = n.input.get();
            const auto* trim = std::get_if<sql::Project>(&below->node);
            if (trim != nullptr) below = trim->input.get();
            if (const auto* sort = std::get_if<sql::Sort>(&below->node)) {
              int64_t max_rows = std::min<int64_t>(n.limit, INT64_MAX - n.offset) + n.offset;
              std::unique_ptr<RowCursor> input;
              if (const sql::Scan* scan = ParallelScan(*sort->input, ctx)) {
                input = std::make_unique<ParallelTopKCursor>(*sort, *scan, ctx, max_rows);
              } else {
                input = std::make_unique<SortCursor>(*sort, OpenCursor(*sort->input, ctx), ctx, max_rows);
              }
              if (trim != nullptr) input = std::make_unique<ProjectCursor>(*trim, std::move(input), ctx);
              return std::make_unique<LimitCursor>(n, std::move(input));
            }
          }
          return std::make_unique<LimitCursor>(n, OpenCursor(*n.input, ctx));
        }
      },
      plan.node);
}

}  // namespace freshet::compute
