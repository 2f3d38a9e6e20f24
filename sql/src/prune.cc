// Which columns each Scan must decode: the columns some operator above it
// reads, found by walking the plan from the root with the set of columns
// each node's consumer needs.
#include <algorithm>
#include <vector>

#include "sql/plan.h"

namespace freshet::sql {
namespace {

int Arity(const RelExpr& rel) {
  return std::visit(
      [](const auto& n) -> int {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Values>) {
          return n.rows.empty() ? 0 : static_cast<int>(n.rows[0].size());
        } else if constexpr (std::is_same_v<N, Project>) {
          return static_cast<int>(n.exprs.size());
        } else if constexpr (std::is_same_v<N, Scan>) {
          return n.arity;
        } else if constexpr (std::is_same_v<N, Join> || std::is_same_v<N, LateralJoin>) {
          return n.left_arity + n.right_arity;
        } else if constexpr (std::is_same_v<N, Reduce>) {
          return static_cast<int>(n.keys.size() + n.aggregates.size());
        } else if constexpr (std::is_same_v<N, Union>) {
          return Arity(*n.inputs[0]);
        } else if constexpr (std::is_same_v<N, FlatMap>) {
          return Arity(*n.input) + static_cast<int>(n.output_types.size()) + (n.with_ordinality ? 1 : 0);
        } else if constexpr (std::is_same_v<N, SetOp>) {
          return Arity(*n.left);
        } else {
          return Arity(*n.input);  // Filter, Limit, Sort, DistinctOn
        }
      },
      rel.node);
}

using Columns = std::vector<bool>;

void Prune(RelExpr& rel, const Columns& need);

// Marks the input columns `e` reads. A subquery may read any column of the
// row through its correlated references: then every column is marked. The
// subquery's own plan is pruned on the way.
void Mark(const ScalarExpr& e, Columns& used) {
  if (const auto* c = std::get_if<ColumnRef>(&e.node)) {
    if (c->index >= 0 && static_cast<size_t>(c->index) < used.size()) used[c->index] = true;
  } else if (const auto* cast = std::get_if<Cast>(&e.node)) {
    Mark(*cast->arg, used);
  } else if (const auto* call = std::get_if<Call>(&e.node)) {
    // The third argument of ANY/ALL is a template over (x, element).
    bool quantified = call->func == ScalarFunc::kAnyOp || call->func == ScalarFunc::kAllOp;
    for (size_t i = 0; i < call->args.size() && (!quantified || i < 2); ++i) Mark(*call->args[i], used);
  } else if (const auto* sub = std::get_if<Subquery>(&e.node)) {
    std::fill(used.begin(), used.end(), true);
    PruneScans(*sub->plan);
  }
}

Columns All(int arity) { return Columns(static_cast<size_t>(arity), true); }

void Prune(RelExpr& rel, const Columns& need) {
  std::visit(
      [&](auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Values>) {
          Columns none;
          for (auto& row : n.rows)
            for (auto& e : row) Mark(*e, none);
        } else if constexpr (std::is_same_v<N, Project>) {
          Columns in(static_cast<size_t>(Arity(*n.input)), false);
          for (size_t i = 0; i < n.exprs.size(); ++i) {
            if (i >= need.size() || need[i]) Mark(*n.exprs[i], in);
          }
          Prune(*n.input, in);
        } else if constexpr (std::is_same_v<N, Filter>) {
          Columns in = need;
          Mark(*n.predicate, in);
          Prune(*n.input, in);
        } else if constexpr (std::is_same_v<N, Limit>) {
          Prune(*n.input, need);
        } else if constexpr (std::is_same_v<N, Sort>) {
          Columns in = need;
          for (const SortKey& k : n.keys) in[k.column] = true;
          Prune(*n.input, in);
        } else if constexpr (std::is_same_v<N, DistinctOn>) {
          Columns in = need;
          for (int c : n.columns) in[c] = true;
          Prune(*n.input, in);
        } else if constexpr (std::is_same_v<N, Scan>) {
          bool all = std::all_of(need.begin(), need.end(), [](bool b) { return b; });
          n.needed = all ? Columns() : need;
        } else if constexpr (std::is_same_v<N, Join>) {
          Columns in = need;
          if (n.condition) Mark(*n.condition, in);
          Columns left(in.begin(), in.begin() + n.left_arity);
          Columns right(in.begin() + n.left_arity, in.end());
          Prune(*n.left, left);
          Prune(*n.right, right);
        } else if constexpr (std::is_same_v<N, Reduce>) {
          // Every key and aggregate is computed whether read or not.
          Columns in(static_cast<size_t>(Arity(*n.input)), false);
          for (const auto& k : n.keys) Mark(*k, in);
          for (const Aggregate& a : n.aggregates) {
            for (const ScalarExpr* e : {a.arg.get(), a.delimiter.get(), a.filter.get()}) {
              if (e != nullptr) Mark(*e, in);
            }
            for (const auto& o : a.order_exprs) Mark(*o, in);
          }
          Prune(*n.input, in);
        } else if constexpr (std::is_same_v<N, Union>) {
          for (auto& input : n.inputs) Prune(*input, need);
        } else if constexpr (std::is_same_v<N, FlatMap>) {
          int arity = Arity(*n.input);
          Columns in(need.begin(), need.begin() + arity);
          for (const auto& a : n.args) Mark(*a, in);
          Prune(*n.input, in);
        } else if constexpr (std::is_same_v<N, LateralJoin>) {
          // The right side reads the left row through OuterRefs.
          Prune(*n.left, All(n.left_arity));
          PruneScans(*n.right);
        } else if constexpr (std::is_same_v<N, SetOp>) {
          // Rows are compared whole.
          Prune(*n.left, All(Arity(*n.left)));
          Prune(*n.right, All(Arity(*n.right)));
        }
      },
      rel.node);
}

}  // namespace

void PruneScans(RelExpr& root) { Prune(root, All(Arity(root))); }

}  // namespace freshet::sql
