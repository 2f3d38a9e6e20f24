#include "set_ops.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "keys.h"

namespace freshet::compute {
namespace {

std::string RowKey(const std::vector<types::Type>& types, const types::Row& row, const std::vector<int>* columns) {
  std::string key;
  if (columns == nullptr) {
    for (size_t i = 0; i < row.size(); ++i) AppendKey(types[i], row[i], key);
  } else {
    for (size_t i = 0; i < columns->size(); ++i) AppendKey(types[i], row[(*columns)[i]], key);
  }
  return key;
}

// Counts each distinct row on both sides (SQL equality, NULLs equal as in
// DISTINCT), then emits each left row with PostgreSQL's multiplicity:
// INTERSECT ALL min(l, r), EXCEPT ALL max(l - r, 0), and at most one copy
// without ALL.
class SetOpCursor final : public RowCursor {
 public:
  SetOpCursor(const sql::SetOp& op, std::unique_ptr<RowCursor> left, std::unique_ptr<RowCursor> right,
              const ExecContext& ctx)
      : op_(op), left_(std::move(left)), right_(std::move(right)), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    if (!done_) {
      if (auto s = Count(); !s.ok()) return s;
      done_ = true;
    }
    while (next_ < order_.size() && out.size() < kBatchSize) {
      Entry& e = entries_[order_[next_++]];
      int64_t n = 0;
      if (op_.kind == sql::SetOp::Kind::kIntersect) {
        n = op_.all ? std::min(e.left, e.right) : (e.left > 0 && e.right > 0 ? 1 : 0);
      } else {
        n = op_.all ? std::max<int64_t>(e.left - e.right, 0) : (e.left > 0 && e.right == 0 ? 1 : 0);
      }
      if (n > 0) out.push_back(Update{std::move(e.row), n});
    }
    return next_ < order_.size() || !out.empty();
  }

 private:
  struct Entry {
    types::Row row;
    int64_t left = 0;
    int64_t right = 0;
  };

  absl::Status Count() {
    Batch batch;
    for (;;) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = left_->Next(batch);
      if (!more.ok()) return more.status();
      for (Update& u : batch) {
        std::string key = RowKey(op_.column_types, u.row, nullptr);
        auto [it, inserted] = entries_.try_emplace(key);
        if (inserted) {
          it->second.row = std::move(u.row);
          order_.push_back(key);
        }
        it->second.left += u.diff;
      }
      if (!*more) break;
    }
    for (;;) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = right_->Next(batch);
      if (!more.ok()) return more.status();
      for (const Update& u : batch) {
        auto it = entries_.find(RowKey(op_.column_types, u.row, nullptr));
        if (it != entries_.end()) it->second.right += u.diff;
      }
      if (!*more) break;
    }
    return absl::OkStatus();
  }

  const sql::SetOp& op_;
  std::unique_ptr<RowCursor> left_;
  std::unique_ptr<RowCursor> right_;
  const ExecContext& ctx_;
  bool done_ = false;
  absl::flat_hash_map<std::string, Entry> entries_;
  std::vector<std::string> order_;
  size_t next_ = 0;
};

class DistinctOnCursor final : public RowCursor {
 public:
  DistinctOnCursor(const sql::DistinctOn& d, std::unique_ptr<RowCursor> input, const ExecContext& ctx)
      : d_(d), input_(std::move(input)), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    Batch batch;
    while (out.empty()) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = input_->Next(batch);
      if (!more.ok()) return more.status();
      for (Update& u : batch) {
        if (seen_.insert(RowKey(d_.types, u.row, &d_.columns)).second) out.push_back(Update{std::move(u.row), 1});
      }
      if (!*more) break;
    }
    return !out.empty();
  }

 private:
  const sql::DistinctOn& d_;
  std::unique_ptr<RowCursor> input_;
  const ExecContext& ctx_;
  absl::flat_hash_set<std::string> seen_;
};

}  // namespace

std::unique_ptr<RowCursor> OpenSetOpCursor(const sql::SetOp& op, std::unique_ptr<RowCursor> left,
                                           std::unique_ptr<RowCursor> right, const ExecContext& ctx) {
  return std::make_unique<SetOpCursor>(op, std::move(left), std::move(right), ctx);
}

std::unique_ptr<RowCursor> OpenDistinctOnCursor(const sql::DistinctOn& d, std::unique_ptr<RowCursor> input,
                                                const ExecContext& ctx) {
  return std::make_unique<DistinctOnCursor>(d, std::move(input), ctx);
}

}  // namespace freshet::compute
