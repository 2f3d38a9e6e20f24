#include "reduce.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/error.h"
#include "keys.h"
#include "parallel.h"
#include "types/array.h"
#include "types/format.h"
#include "types/jsonb.h"
#include "types/numeric.h"

namespace freshet::compute {
namespace {

using sql::AggFunc;
using types::Datum;
using types::Row;
using types::TypeId;

std::string Int128Text(__int128 v) {
  bool negative = v < 0;
  unsigned __int128 m = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  return negative ? "-" + digits : digits;
}

// One value of a collecting aggregate (string_agg, array_agg, jsonb_agg),
// kept until the group is finished so that ORDER BY can sort them.
struct Entry {
  Row order_keys;
  Datum value;
  Datum delimiter;
};

// What only some aggregates keep, allocated on first use so that the
// common accumulators (count, sum, min, max) stay small.
struct AccExtra {
  std::string nsum = "0";                 // numeric sums
  absl::flat_hash_set<std::string> seen;  // DISTINCT
  std::vector<Entry> entries;             // collecting aggregates
};

struct Acc {
  int64_t count = 0;  // count, and the divisor of avg
  __int128 isum = 0;
  double fsum = 0;
  bool any = false;  // a non-null value was seen
  bool bool_acc = false;
  Datum best;
  std::unique_ptr<AccExtra> extra;

  AccExtra& More() {
    if (!extra) extra = std::make_unique<AccExtra>();
    return *extra;
  }
  const std::string& nsum() const {
    static const std::string kZero = "0";
    return extra ? extra->nsum : kZero;
  }
};

bool Collects(AggFunc f) {
  return f == AggFunc::kStringAgg || f == AggFunc::kArrayAgg || f == AggFunc::kJsonbAgg ||
         f == AggFunc::kJsonbObjectAgg;
}

// The groups of one Reduce as its input accumulates: per key (encoded as
// GROUP BY compares), the key's values and one accumulator per aggregate,
// in the order the keys were first seen.
class Grouper {
 public:
  Grouper(const sql::Reduce& reduce, const ExecContext& ctx) : reduce_(reduce), ctx_(ctx) {}

  // Accumulates the whole of `input`, whose rows are numbered from
  // `first_row` in the order of the whole input (for the groups' order).
  absl::Status Consume(RowCursor& input, uint64_t first_row = 0) {
    uint64_t row_number = first_row;
    Batch batch;
    // Reused for every row: a row of an existing group allocates nothing.
    Row key;
    std::string encoded;
    for (;;) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = input.Next(batch);
      if (!more.ok()) return more.status();
      for (const Update& u : batch) {
        ++row_number;
        key.clear();
        encoded.clear();
        for (const auto& k : reduce_.keys) {
          auto v = Evaluate(*k, u.row, ctx_);
          if (!v.ok()) return v.status();
          AppendKey(k->type, *v, encoded);
          key.push_back(*std::move(v));
        }
        // Without GROUP BY keys there is one group: no lookup once it exists.
        uint32_t group = 0;
        if (!reduce_.keys.empty() || keys_.empty()) {
          auto [it, inserted] = index_.try_emplace(encoded, static_cast<uint32_t>(keys_.size()));
          if (inserted) {
            keys_.push_back(key);
            first_row_.push_back(row_number);
            accs_.resize(accs_.size() + naggs_);
          }
          group = it->second;
        }
        Acc* accs = &accs_[static_cast<size_t>(group) * naggs_];
        for (size_t a = 0; a < naggs_; ++a) {
          if (auto s = Add(reduce_.aggregates[a], u, accs[a]); !s.ok()) return s;
        }
      }
      if (!*more) break;
    }
    return absl::OkStatus();
  }

  // Adds the groups `other` accumulated from other rows of the input. Only
  // for MergeableAggregates.
  absl::Status Merge(Grouper& other) {
    constexpr uint32_t kNew = UINT32_MAX;
    std::vector<uint32_t> into(other.keys_.size(), kNew);  // other's group -> this one's
    std::vector<const std::string*> key_of(other.keys_.size());
    for (const auto& [key, g] : other.index_) {
      key_of[g] = &key;
      if (auto it = index_.find(key); it != index_.end()) into[g] = it->second;
    }
    // New groups keep the other's first-seen order.
    for (size_t g = 0; g < other.keys_.size(); ++g) {
      Acc* from = &other.accs_[g * naggs_];
      if (into[g] == kNew) {
        index_.emplace(*key_of[g], static_cast<uint32_t>(keys_.size()));
        keys_.push_back(std::move(other.keys_[g]));
        first_row_.push_back(other.first_row_[g]);
        for (size_t a = 0; a < naggs_; ++a) accs_.push_back(std::move(from[a]));
        continue;
      }
      first_row_[into[g]] = std::min(first_row_[into[g]], other.first_row_[g]);
      Acc* to = &accs_[static_cast<size_t>(into[g]) * naggs_];
      for (size_t a = 0; a < naggs_; ++a) {
        if (auto s = MergeAcc(reduce_.aggregates[a], from[a], to[a]); !s.ok()) return s;
      }
    }
    return absl::OkStatus();
  }

  // One row per group (keys, then aggregates), in the order the input
  // first showed them; without GROUP BY keys, one row even for no input.
  absl::StatusOr<std::vector<Row>> Finish() {
    if (keys_.empty() && reduce_.keys.empty()) {
      keys_.emplace_back();
      first_row_.push_back(0);
      accs_.resize(naggs_);
    }
    std::vector<uint32_t> order(keys_.size());
    for (size_t g = 0; g < order.size(); ++g) order[g] = static_cast<uint32_t>(g);
    if (!std::is_sorted(first_row_.begin(), first_row_.end())) {
      std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return first_row_[a] < first_row_[b]; });
    }
    std::vector<Row> results;
    results.reserve(keys_.size());
    for (uint32_t g : order) {
      Row row = std::move(keys_[g]);
      for (size_t a = 0; a < naggs_; ++a) {
        auto v = Finish(reduce_.aggregates[a], accs_[g * naggs_ + a]);
        if (!v.ok()) return v.status();
        row.push_back(*std::move(v));
      }
      results.push_back(std::move(row));
    }
    return results;
  }

 private:
  static absl::Status MergeAcc(const sql::Aggregate& agg, Acc& from, Acc& into) {
    if (!from.any && from.count == 0) return absl::OkStatus();
    into.count += from.count;
    switch (agg.func) {
      case AggFunc::kSum:
      case AggFunc::kAvg:
        if (agg.arg->type.id == TypeId::kNumeric) {
          auto sum = types::numeric::Add(into.nsum(), from.nsum());
          if (!sum.ok()) return sum.status();
          into.More().nsum = *std::move(sum);
        }
        into.isum += from.isum;
        into.fsum += from.fsum;
        if (agg.type.id == TypeId::kFloat4) into.fsum = static_cast<float>(into.fsum);
        break;
      case AggFunc::kMin:
      case AggFunc::kMax:
        if (from.any) {
          int c = into.any ? CompareDatums(agg.arg->type, from.best, into.best) : 0;
          if (!into.any || (agg.func == AggFunc::kMin ? c < 0 : c > 0)) into.best = std::move(from.best);
        }
        break;
      case AggFunc::kBoolAnd:
        if (from.any) into.bool_acc = into.any ? into.bool_acc && from.bool_acc : from.bool_acc;
        break;
      case AggFunc::kBoolOr:
        if (from.any) into.bool_acc = into.any ? into.bool_acc || from.bool_acc : from.bool_acc;
        break;
      default:
        break;
    }
    into.any = into.any || from.any;
    return absl::OkStatus();
  }

  absl::Status Add(const sql::Aggregate& agg, const Update& u, Acc& acc) {
    if (agg.filter) {
      auto keep = Evaluate(*agg.filter, u.row, ctx_);
      if (!keep.ok()) return keep.status();
      if (keep->is_null() || !keep->as_bool()) return absl::OkStatus();
    }
    if (agg.func == AggFunc::kCountStar) {
      acc.count += u.diff;
      return absl::OkStatus();
    }
    auto v = Evaluate(*agg.arg, u.row, ctx_);
    if (!v.ok()) return v.status();
    if (agg.func == AggFunc::kJsonbObjectAgg && v->is_null()) {
      return Error(sqlstate::kInvalidParameterValue, "field name must not be null");
    }
    // array_agg and jsonb_agg keep NULLs; every other aggregate skips them.
    bool keeps_nulls = agg.func == AggFunc::kArrayAgg || agg.func == AggFunc::kJsonbAgg;
    if (v->is_null() && !keeps_nulls) return absl::OkStatus();
    int64_t times = u.diff;
    if (agg.distinct) {
      std::string seen;
      AppendKey(agg.arg->type, *v, seen);
      if (!acc.More().seen.insert(std::move(seen)).second) return absl::OkStatus();
      times = 1;
    }
    if (Collects(agg.func)) {
      Entry e;
      for (const auto& o : agg.order_exprs) {
        auto k = Evaluate(*o, u.row, ctx_);
        if (!k.ok()) return k.status();
        e.order_keys.push_back(*std::move(k));
      }
      if (agg.delimiter) {
        auto d = Evaluate(*agg.delimiter, u.row, ctx_);
        if (!d.ok()) return d.status();
        e.delimiter = *std::move(d);
      }
      e.value = *std::move(v);
      for (int64_t i = 0; i < times; ++i) acc.More().entries.push_back(e);
      acc.any = true;
      return absl::OkStatus();
    }
    switch (agg.func) {
      case AggFunc::kCount: acc.count += times; break;
      case AggFunc::kSum:
      case AggFunc::kAvg: {
        acc.count += times;
        TypeId t = agg.arg->type.id;
        if (t == TypeId::kNumeric) {
          for (int64_t i = 0; i < times; ++i) {
            auto sum = types::numeric::Add(acc.nsum(), v->as_string());
            if (!sum.ok()) return sum.status();
            acc.More().nsum = *std::move(sum);
          }
        } else if (v->holds_int()) {
          acc.isum += static_cast<__int128>(v->as_int()) * times;
        } else {
          for (int64_t i = 0; i < times; ++i) {
            acc.fsum += v->as_double();
            // sum(real) adds in single precision, as PostgreSQL's float4pl.
            if (agg.type.id == TypeId::kFloat4) acc.fsum = static_cast<float>(acc.fsum);
          }
        }
        break;
      }
      case AggFunc::kMin:
      case AggFunc::kMax: {
        if (!acc.any) {
          acc.best = *v;
        } else {
          int c = CompareDatums(agg.arg->type, *v, acc.best);
          if (agg.func == AggFunc::kMin ? c < 0 : c > 0) acc.best = *v;
        }
        break;
      }
      case AggFunc::kBoolAnd: acc.bool_acc = acc.any ? (acc.bool_acc && v->as_bool()) : v->as_bool(); break;
      case AggFunc::kBoolOr: acc.bool_acc = acc.any ? (acc.bool_acc || v->as_bool()) : v->as_bool(); break;
      default: break;
    }
    acc.any = true;
    return absl::OkStatus();
  }

  // The entries in the call's ORDER BY order (stable: input order on ties).
  static void SortEntries(const sql::Aggregate& agg, std::vector<Entry>& entries) {
    if (agg.order.empty()) return;
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      for (const sql::SortKey& k : agg.order) {
        const Datum& x = a.order_keys[k.column];
        const Datum& y = b.order_keys[k.column];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() && y.is_null()) continue;
          return x.is_null() == k.nulls_first;
        }
        int c = CompareDatums(k.type, x, y);
        if (c != 0) return k.descending ? c > 0 : c < 0;
      }
      return false;
    });
  }

  static absl::StatusOr<Datum> Finish(const sql::Aggregate& agg, Acc& acc) {
    switch (agg.func) {
      case AggFunc::kCountStar:
      case AggFunc::kCount: return Datum::FromInt(acc.count);
      case AggFunc::kSum: {
        if (!acc.any) return Datum();
        TypeId in = agg.arg->type.id;
        if (in == TypeId::kNumeric) return Datum::FromString(acc.nsum());
        if (agg.type.id == TypeId::kNumeric) return Datum::FromString(Int128Text(acc.isum));
        if (agg.type.id == TypeId::kInt8) {
          if (acc.isum > INT64_MAX || acc.isum < INT64_MIN) {
            return Error(sqlstate::kNumericValueOutOfRange, "bigint out of range");
          }
          return Datum::FromInt(static_cast<int64_t>(acc.isum));
        }
        return Datum::FromDouble(acc.fsum);
      }
      case AggFunc::kAvg: {
        if (!acc.any) return Datum();
        if (agg.type.id == TypeId::kFloat8) return Datum::FromDouble(acc.fsum / static_cast<double>(acc.count));
        std::string sum = agg.arg->type.id == TypeId::kNumeric ? acc.nsum() : Int128Text(acc.isum);
        auto avg = types::numeric::Div(sum, types::numeric::FromInt64(acc.count));
        if (!avg.ok()) return avg.status();
        return Datum::FromString(*std::move(avg));
      }
      case AggFunc::kMin:
      case AggFunc::kMax: return acc.any ? acc.best : Datum();
      case AggFunc::kBoolAnd:
      case AggFunc::kBoolOr: return acc.any ? Datum::FromBool(acc.bool_acc) : Datum();
      case AggFunc::kStringAgg: {
        if (!acc.any) return Datum();
        SortEntries(agg, acc.More().entries);
        std::string out;
        for (size_t i = 0; i < acc.More().entries.size(); ++i) {
          const Entry& e = acc.More().entries[i];
          if (i > 0 && !e.delimiter.is_null()) out += e.delimiter.as_string();
          out += e.value.as_string();
        }
        return Datum::FromString(std::move(out));
      }
      case AggFunc::kArrayAgg: {
        if (!acc.any) return Datum();
        SortEntries(agg, acc.More().entries);
        std::vector<Datum> elements;
        elements.reserve(acc.More().entries.size());
        for (Entry& e : acc.More().entries) elements.push_back(std::move(e.value));
        return types::array::FromElements(std::move(elements));
      }
      case AggFunc::kJsonbAgg: {
        if (!acc.any) return Datum();
        SortEntries(agg, acc.More().entries);
        std::vector<types::jsonb::Value> elements;
        for (const Entry& e : acc.More().entries) {
          if (e.value.is_null()) {
            elements.push_back(types::jsonb::Value::Null());
            continue;
          }
          auto v = types::jsonb::ToJsonb(agg.arg->type, e.value);
          if (!v.ok()) return v.status();
          elements.push_back(*std::move(v));
        }
        return types::jsonb::ToDatum(types::jsonb::Value::Array(std::move(elements)));
      }
      case AggFunc::kJsonbObjectAgg: {
        // Keys in the order given; a repeated key keeps its last value (as
        // jsonb objects do).
        if (!acc.any) return Datum();
        SortEntries(agg, acc.More().entries);
        std::vector<types::jsonb::Value::Member> members;
        for (const Entry& e : acc.More().entries) {
          types::jsonb::Value value = types::jsonb::Value::Null();
          if (!e.delimiter.is_null()) {
            auto v = types::jsonb::ToJsonb(agg.delimiter->type, e.delimiter);
            if (!v.ok()) return v.status();
            value = *std::move(v);
          }
          members.emplace_back(types::ToText(agg.arg->type, e.value), std::move(value));
        }
        return types::jsonb::ToDatum(types::jsonb::Value::Object(std::move(members)));
      }
    }
    return Datum();
  }

  const sql::Reduce& reduce_;
  const ExecContext& ctx_;
  const size_t naggs_ = reduce_.aggregates.size();
  // Groups are numbered in first-seen order: the key's number, then per
  // group its key values and its accumulators (naggs_ each).
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<Row> keys_;
  std::vector<uint64_t> first_row_;  // the group's first row in the input
  std::vector<Acc> accs_;
};

// Hands out rows computed whole on the first call.
class ResultCursor : public RowCursor {
 public:
  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    if (!done_) {
      auto rows = Compute();
      if (!rows.ok()) return rows.status();
      results_ = *std::move(rows);
      done_ = true;
    }
    while (next_ < results_.size() && out.size() < kBatchSize) out.push_back(Update{std::move(results_[next_++]), 1});
    return !out.empty();
  }

 protected:
  virtual absl::StatusOr<std::vector<Row>> Compute() = 0;

 private:
  bool done_ = false;
  std::vector<Row> results_;
  size_t next_ = 0;
};

class ReduceCursor final : public ResultCursor {
 public:
  ReduceCursor(const sql::Reduce& reduce, std::unique_ptr<RowCursor> input, const ExecContext& ctx)
      : grouper_(reduce, ctx), input_(std::move(input)) {}

 private:
  absl::StatusOr<std::vector<Row>> Compute() override {
    if (auto s = grouper_.Consume(*input_); !s.ok()) return s;
    return grouper_.Finish();
  }

  Grouper grouper_;
  std::unique_ptr<RowCursor> input_;
};

// The input's scan read in parts by several threads, each grouping the
// rows of the parts it takes; the threads' groups are then merged. Rows are
// numbered by part, so the groups come out in the order one thread would
// have seen them.
class ParallelReduceCursor final : public ResultCursor {
 public:
  ParallelReduceCursor(const sql::Reduce& reduce, const sql::Scan& scan, const ExecContext& ctx)
      : reduce_(reduce), scan_(scan), ctx_(ctx) {}

 private:
  absl::StatusOr<std::vector<Row>> Compute() override {
    std::vector<std::unique_ptr<Grouper>> groupers(static_cast<size_t>(std::max(1, ctx_.parallelism)));
    auto run = RunInParts(scan_, ctx_, [&](int worker, int part, const ExecContext& part_ctx) {
      auto& grouper = groupers[static_cast<size_t>(worker)];
      if (!grouper) grouper = std::make_unique<Grouper>(reduce_, ctx_);
      auto input = OpenCursor(*reduce_.input, part_ctx);
      return grouper->Consume(*input, static_cast<uint64_t>(part) << 40);
    });
    if (!run.ok()) return run.status();
    // A worker that found every part taken has no groups.
    std::unique_ptr<Grouper> all;
    for (auto& g : groupers) {
      if (!g) continue;
      if (!all) {
        all = std::move(g);
      } else if (auto s = all->Merge(*g); !s.ok()) {
        return s;
      }
      g.reset();
    }
    if (!all) all = std::make_unique<Grouper>(reduce_, ctx_);
    return all->Finish();
  }

  const sql::Reduce& reduce_;
  const sql::Scan& scan_;
  const ExecContext& ctx_;
};

// Aggregates whose per-part accumulators combine into the whole's.
bool MergeableAggregates(const sql::Reduce& reduce) {
  for (const sql::Aggregate& a : reduce.aggregates) {
    if (a.distinct || Collects(a.func)) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<RowCursor> OpenReduceCursor(const sql::Reduce& reduce, const ExecContext& ctx) {
  if (MergeableAggregates(reduce)) {
    if (const sql::Scan* scan = ParallelScan(*reduce.input, ctx)) {
      return std::make_unique<ParallelReduceCursor>(reduce, *scan, ctx);
    }
  }
  return std::make_unique<ReduceCursor>(reduce, OpenCursor(*reduce.input, ctx), ctx);
}

}  // namespace freshet::compute
