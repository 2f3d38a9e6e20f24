#include "reduce.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/error.h"
#include "keys.h"
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

struct Acc {
  int64_t count = 0;  // count, and the divisor of avg
  __int128 isum = 0;
  double fsum = 0;
  std::string nsum = "0";  // numeric sums
  bool any = false;        // a non-null value was seen
  Datum best;
  bool bool_acc = false;
  absl::flat_hash_set<std::string> seen;  // DISTINCT
  std::vector<Entry> entries;
};

struct Group {
  Row key;
  std::vector<Acc> accs;
};

bool Collects(AggFunc f) {
  return f == AggFunc::kStringAgg || f == AggFunc::kArrayAgg || f == AggFunc::kJsonbAgg ||
         f == AggFunc::kJsonbObjectAgg;
}

class ReduceCursor final : public RowCursor {
 public:
  ReduceCursor(const sql::Reduce& reduce, std::unique_ptr<RowCursor> input, const ExecContext& ctx)
      : reduce_(reduce), input_(std::move(input)), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    if (!done_) {
      if (auto s = Accumulate(); !s.ok()) return s;
      done_ = true;
    }
    while (next_ < results_.size() && out.size() < kBatchSize) out.push_back(Update{std::move(results_[next_++]), 1});
    return !out.empty();
  }

 private:
  absl::Status Accumulate() {
    absl::flat_hash_map<std::string, Group> groups;
    std::vector<std::string> order;  // first-seen order of keys
    Batch batch;
    // Reused for every row: a row of an existing group allocates nothing.
    Row key;
    std::string encoded;
    for (;;) {
      if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      auto more = input_->Next(batch);
      if (!more.ok()) return more.status();
      for (const Update& u : batch) {
        key.clear();
        encoded.clear();
        for (const auto& k : reduce_.keys) {
          auto v = Evaluate(*k, u.row, ctx_);
          if (!v.ok()) return v.status();
          AppendKey(k->type, *v, encoded);
          key.push_back(*std::move(v));
        }
        auto [it, inserted] = groups.try_emplace(encoded);
        if (inserted) {
          it->second.key = key;
          it->second.accs.resize(reduce_.aggregates.size());
          order.push_back(encoded);
        }
        for (size_t a = 0; a < reduce_.aggregates.size(); ++a) {
          if (auto s = Add(reduce_.aggregates[a], u, it->second.accs[a]); !s.ok()) return s;
        }
      }
      if (!*more) break;
    }
    if (groups.empty() && reduce_.keys.empty()) {
      order.push_back("");
      groups[""].accs.resize(reduce_.aggregates.size());
    }
    for (const std::string& k : order) {
      Group& g = groups[k];
      Row row = g.key;
      for (size_t a = 0; a < reduce_.aggregates.size(); ++a) {
        auto v = Finish(reduce_.aggregates[a], g.accs[a]);
        if (!v.ok()) return v.status();
        row.push_back(*std::move(v));
      }
      results_.push_back(std::move(row));
    }
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
      if (!acc.seen.insert(std::move(seen)).second) return absl::OkStatus();
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
      for (int64_t i = 0; i < times; ++i) acc.entries.push_back(e);
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
            auto sum = types::numeric::Add(acc.nsum, v->as_string());
            if (!sum.ok()) return sum.status();
            acc.nsum = *std::move(sum);
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
        if (in == TypeId::kNumeric) return Datum::FromString(acc.nsum);
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
        std::string sum = agg.arg->type.id == TypeId::kNumeric ? acc.nsum : Int128Text(acc.isum);
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
        SortEntries(agg, acc.entries);
        std::string out;
        for (size_t i = 0; i < acc.entries.size(); ++i) {
          const Entry& e = acc.entries[i];
          if (i > 0 && !e.delimiter.is_null()) out += e.delimiter.as_string();
          out += e.value.as_string();
        }
        return Datum::FromString(std::move(out));
      }
      case AggFunc::kArrayAgg: {
        if (!acc.any) return Datum();
        SortEntries(agg, acc.entries);
        std::vector<Datum> elements;
        elements.reserve(acc.entries.size());
        for (Entry& e : acc.entries) elements.push_back(std::move(e.value));
        return types::array::FromElements(std::move(elements));
      }
      case AggFunc::kJsonbAgg: {
        if (!acc.any) return Datum();
        SortEntries(agg, acc.entries);
        std::vector<types::jsonb::Value> elements;
        for (const Entry& e : acc.entries) {
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
        SortEntries(agg, acc.entries);
        std::vector<types::jsonb::Value::Member> members;
        for (const Entry& e : acc.entries) {
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
  std::unique_ptr<RowCursor> input_;
  const ExecContext& ctx_;
  bool done_ = false;
  std::vector<Row> results_;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<RowCursor> OpenReduceCursor(const sql::Reduce& reduce, std::unique_ptr<RowCursor> input,
                                            const ExecContext& ctx) {
  return std::make_unique<ReduceCursor>(reduce, std::move(input), ctx);
}

}  // namespace freshet::compute
