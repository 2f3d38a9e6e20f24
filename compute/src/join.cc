#include "join.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "keys.h"

namespace freshet::compute {

struct JoinBuild {
  Batch rows;
  absl::flat_hash_map<std::string, std::vector<size_t>> table;
};

absl::StatusOr<std::shared_ptr<const JoinBuild>> SharedJoinBuilds::Get(const sql::Join* join, const Make& make) {
  Entry* entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    entry = &entries_[join];
  }
  std::lock_guard<std::mutex> lock(entry->mu);
  if (!entry->done) {
    auto build = make();
    if (build.ok()) entry->build = *std::move(build);
    entry->status = build.status();
    entry->done = true;
  }
  if (!entry->status.ok()) return entry->status;
  return entry->build;
}

namespace {

using sql::Call;
using sql::ColumnRef;
using sql::ScalarExpr;
using sql::ScalarExprPtr;
using sql::ScalarFunc;

// Which join inputs an expression reads.
struct Sides {
  bool left = false;
  bool right = false;
  bool other = false;  // something a key cannot hold (a subquery)
};

void FindSides(const ScalarExpr& e, int left_arity, Sides& sides) {
  if (const auto* c = std::get_if<ColumnRef>(&e.node)) {
    (c->index < left_arity ? sides.left : sides.right) = true;
  } else if (const auto* cast = std::get_if<sql::Cast>(&e.node)) {
    FindSides(*cast->arg, left_arity, sides);
  } else if (const auto* call = std::get_if<Call>(&e.node)) {
    // kAnyOp's template reads its own two-column row, not the join's.
    if (call->func == ScalarFunc::kAnyOp || call->func == ScalarFunc::kAllOp) sides.other = true;
    for (const auto& a : call->args) FindSides(*a, left_arity, sides);
  } else if (std::holds_alternative<sql::Subquery>(e.node)) {
    sides.other = true;
  }
}

// A copy of `e` with its column references shifted down by `offset` (to
// evaluate a right-side expression over the right row alone).
ScalarExprPtr Rebase(const ScalarExpr& e, int offset) {
  auto out = std::make_unique<ScalarExpr>();
  out->type = e.type;
  if (const auto* c = std::get_if<ColumnRef>(&e.node)) {
    out->node = ColumnRef{c->index - offset};
  } else if (const auto* cast = std::get_if<sql::Cast>(&e.node)) {
    out->node = sql::Cast{Rebase(*cast->arg, offset), cast->def};
  } else if (const auto* call = std::get_if<Call>(&e.node)) {
    Call copy{call->func, {}, call->def};
    for (const auto& a : call->args) copy.args.push_back(Rebase(*a, offset));
    out->node = std::move(copy);
  } else if (const auto* lit = std::get_if<sql::Literal>(&e.node)) {
    out->node = *lit;
  } else if (const auto* p = std::get_if<sql::ParamRef>(&e.node)) {
    out->node = *p;
  } else if (const auto* o = std::get_if<sql::OuterRef>(&e.node)) {
    out->node = *o;
  }
  return out;
}

void Conjuncts(const ScalarExpr* e, std::vector<const ScalarExpr*>& out) {
  const auto* call = std::get_if<Call>(&e->node);
  if (call != nullptr && call->func == ScalarFunc::kAnd) {
    for (const auto& a : call->args) Conjuncts(a.get(), out);
    return;
  }
  out.push_back(e);
}

// Rows of `left` paired with the rows of `right` that the condition accepts;
// outer joins add the unmatched rows of their side with NULLs for the other.
// Diffs multiply. Equality conjuncts between a left and a right expression
// whose type hashes exactly become hash keys (the build side is the right
// input); without any, every right row is a candidate (a nested loop).
class JoinCursor final : public RowCursor {
 public:
  JoinCursor(const sql::Join& join, std::unique_ptr<RowCursor> left, std::unique_ptr<RowCursor> right,
             const ExecContext& ctx)
      : join_(join), left_(std::move(left)), right_input_(std::move(right)), ctx_(ctx) {
    if (!join.condition) return;
    std::vector<const ScalarExpr*> conjuncts;
    Conjuncts(join.condition.get(), conjuncts);
    for (const ScalarExpr* c : conjuncts) {
      const auto* call = std::get_if<Call>(&c->node);
      if (call != nullptr && call->func == ScalarFunc::kEq && call->args.size() == 2 &&
          call->args[0]->type == call->args[1]->type && HasExactKeys(call->args[0]->type)) {
        Sides a, b;
        FindSides(*call->args[0], join.left_arity, a);
        FindSides(*call->args[1], join.left_arity, b);
        const ScalarExpr* l = nullptr;
        const ScalarExpr* r = nullptr;
        if (a.left && !a.right && !a.other && b.right && !b.left && !b.other) {
          l = call->args[0].get();
          r = call->args[1].get();
        } else if (b.left && !b.right && !b.other && a.right && !a.left && !a.other) {
          l = call->args[1].get();
          r = call->args[0].get();
        }
        if (l != nullptr) {
          left_keys_.push_back(l);
          right_keys_.push_back(Rebase(*r, join.left_arity));
          continue;
        }
      }
      residual_.push_back(c);
    }
  }

  absl::StatusOr<bool> Next(Batch& out) override {
    if (!right_loaded_) {
      if (auto s = LoadRight(); !s.ok()) return s;
      right_loaded_ = true;
    }
    // One left row may match many right rows: check at every batch.
    if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
    // `out` is refilled in place: its rows' storage is reused.
    size_t n = 0;
    while (n < kBatchSize) {
      if (left_pos_ >= left_batch_.size()) {
        if (left_done_) {
          out.resize(n);
          auto more = EmitUnmatchedRight(out);
          if (!more.ok()) return more.status();
          return !out.empty();
        }
        if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
        auto more = left_->Next(left_batch_);
        if (!more.ok()) return more.status();
        left_pos_ = 0;
        if (!*more) left_done_ = true;
        continue;
      }
      if (auto s = JoinOne(left_batch_[left_pos_++], out, n); !s.ok()) return s;
    }
    out.resize(n);
    return true;
  }

 private:
  // The hash key of `row` under `keys`; false when a key is NULL (= never
  // matches NULL).
  absl::StatusOr<bool> Key(const std::vector<const ScalarExpr*>& keys, const types::Row& row, std::string& out) {
    out.clear();
    for (const ScalarExpr* k : keys) {
      auto v = Evaluate(*k, row, ctx_);
      if (!v.ok()) return v.status();
      if (v->is_null()) return false;
      AppendKey(k->type, *v, out);
    }
    return true;
  }

  absl::Status LoadRight() {
    auto build = ctx_.join_builds != nullptr ? ctx_.join_builds->Get(&join_, [this] { return BuildRight(); })
                                             : BuildRight();
    if (!build.ok()) return build.status();
    build_ = *std::move(build);
    // Only RIGHT and FULL joins emit the build rows nothing matched.
    if (join_.kind == sql::JoinKind::kRight || join_.kind == sql::JoinKind::kFull) {
      matched_.assign(build_->rows.size(), false);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::shared_ptr<const JoinBuild>> BuildRight() {
    auto build = std::make_shared<JoinBuild>();
    Batch batch;
    std::vector<const ScalarExpr*> keys;
    for (const auto& k : right_keys_) keys.push_back(k.get());
    std::string key;
    for (;;) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = right_input_->Next(batch);
      if (!more.ok()) return more.status();
      for (auto& u : batch) {
        if (!keys.empty()) {
          auto hashable = Key(keys, u.row, key);
          if (!hashable.ok()) return hashable.status();
          // A right row with a NULL key matches nothing but stays for
          // RIGHT and FULL joins.
          if (*hashable) build->table[key].push_back(build->rows.size());
        }
        build->rows.push_back(std::move(u));
      }
      if (!*more) break;
    }
    return std::shared_ptr<const JoinBuild>(std::move(build));
  }

  // Writes the joined rows of `l` into `out` from position n on (n moves
  // past them).
  absl::Status JoinOne(const Update& l, Batch& out, size_t& n) {
    const std::vector<size_t>* candidates = nullptr;
    if (!left_keys_.empty()) {
      auto hashable = Key(left_keys_, l.row, probe_);
      if (!hashable.ok()) return hashable.status();
      if (*hashable) {
        auto it = build_->table.find(probe_);
        if (it != build_->table.end()) candidates = &it->second;
      }
    }
    bool any = false;
    const Batch& right = build_->rows;
    size_t count = left_keys_.empty() ? right.size() : (candidates != nullptr ? candidates->size() : 0);
    for (size_t c = 0; c < count; ++c) {
      size_t i = left_keys_.empty() ? c : (*candidates)[c];
      if (n == out.size()) out.emplace_back();
      types::Row& row = out[n].row;
      row.clear();
      row.insert(row.end(), l.row.begin(), l.row.end());
      row.insert(row.end(), right[i].row.begin(), right[i].row.end());
      bool pass = true;
      for (const ScalarExpr* cond : residual_) {
        auto v = Evaluate(*cond, row, ctx_);
        if (!v.ok()) return v.status();
        if (v->is_null() || !v->as_bool()) {
          pass = false;
          break;
        }
      }
      if (!pass) continue;
      any = true;
      if (!matched_.empty()) matched_[i] = true;
      out[n++].diff = l.diff * right[i].diff;
    }
    if (!any && (join_.kind == sql::JoinKind::kLeft || join_.kind == sql::JoinKind::kFull)) {
      if (n == out.size()) out.emplace_back();
      types::Row& row = out[n].row;
      row.assign(l.row.begin(), l.row.end());
      row.resize(row.size() + static_cast<size_t>(join_.right_arity));
      out[n++].diff = l.diff;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<bool> EmitUnmatchedRight(Batch& out) {
    if (join_.kind == sql::JoinKind::kRight || join_.kind == sql::JoinKind::kFull) {
      const Batch& right = build_->rows;
      while (next_right_ < right.size() && out.size() < kBatchSize) {
        size_t i = next_right_++;
        if (matched_[i]) continue;
        types::Row row(static_cast<size_t>(join_.left_arity));
        row.insert(row.end(), right[i].row.begin(), right[i].row.end());
        out.push_back(Update{std::move(row), right[i].diff});
      }
    }
    return !out.empty();
  }

  const sql::Join& join_;
  std::unique_ptr<RowCursor> left_;
  std::unique_ptr<RowCursor> right_input_;
  const ExecContext& ctx_;
  std::vector<const ScalarExpr*> left_keys_;  // over the left row
  std::vector<ScalarExprPtr> right_keys_;     // over the right row
  std::vector<const ScalarExpr*> residual_;   // over the joined row
  bool right_loaded_ = false;
  bool left_done_ = false;
  std::shared_ptr<const JoinBuild> build_;
  std::vector<bool> matched_;  // per build row; RIGHT and FULL joins only
  Batch left_batch_;
  size_t left_pos_ = 0;
  std::string probe_;
  size_t next_right_ = 0;
};

class LateralJoinCursor final : public RowCursor {
 public:
  LateralJoinCursor(const sql::LateralJoin& join, std::unique_ptr<RowCursor> left, const ExecContext& ctx)
      : join_(join), left_(std::move(left)), ctx_(ctx) {
    if (ctx.outer_rows != nullptr) outer_ = *ctx.outer_rows;
  }

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    while (out.size() < kBatchSize) {
      if (pos_ >= batch_.size()) {
        if (done_) break;
        if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
        auto more = left_->Next(batch_);
        if (!more.ok()) return more.status();
        pos_ = 0;
        if (!*more) done_ = true;
        continue;
      }
      if (auto s = JoinOne(batch_[pos_++], out); !s.ok()) return s;
    }
    return !out.empty();
  }

 private:
  absl::Status JoinOne(const Update& l, Batch& out) {
    outer_.push_back(&l.row);
    ExecContext inner = ctx_;
    inner.outer_rows = &outer_;
    auto cursor = OpenCursor(*join_.right, inner);
    bool any = false;
    Batch rows;
    absl::Status status;
    for (;;) {
      auto more = cursor->Next(rows);
      if (!more.ok()) {
        status = more.status();
        break;
      }
      for (Update& r : rows) {
        types::Row row = l.row;
        row.insert(row.end(), std::make_move_iterator(r.row.begin()), std::make_move_iterator(r.row.end()));
        if (join_.condition) {
          auto v = Evaluate(*join_.condition, row, ctx_);
          if (!v.ok()) {
            outer_.pop_back();
            return v.status();
          }
          if (v->is_null() || !v->as_bool()) continue;
        }
        any = true;
        out.push_back(Update{std::move(row), l.diff * r.diff});
      }
      if (!*more) break;
    }
    cursor.reset();
    outer_.pop_back();
    if (!status.ok()) return status;
    if (!any && join_.kind == sql::JoinKind::kLeft) {
      types::Row row = l.row;
      row.resize(row.size() + static_cast<size_t>(join_.right_arity));
      out.push_back(Update{std::move(row), l.diff});
    }
    return absl::OkStatus();
  }

  const sql::LateralJoin& join_;
  std::unique_ptr<RowCursor> left_;
  const ExecContext& ctx_;
  std::vector<const types::Row*> outer_;  // the enclosing rows, then the left row
  Batch batch_;
  size_t pos_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<RowCursor> OpenLateralJoinCursor(const sql::LateralJoin& join, std::unique_ptr<RowCursor> left,
                                                 const ExecContext& ctx) {
  return std::make_unique<LateralJoinCursor>(join, std::move(left), ctx);
}

std::unique_ptr<RowCursor> OpenJoinCursor(const sql::Join& join, std::unique_ptr<RowCursor> left,
                                          std::unique_ptr<RowCursor> right, const ExecContext& ctx) {
  return std::make_unique<JoinCursor>(join, std::move(left), std::move(right), ctx);
}

}  // namespace freshet::compute
