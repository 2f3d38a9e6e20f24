#include "table_functions.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/datetime.h"
#include "types/jsonb.h"
#include "types/numeric.h"

namespace freshet::compute {
namespace {

using sql::TableFunc;
using types::Datum;
using types::Row;
using types::Type;
using types::TypeId;

// The rows of one call, produced one at a time so that a long series is
// never held in memory.
class Generator {
 public:
  virtual ~Generator() = default;
  // Sets `out` to the next row's columns; false when the call is done.
  virtual absl::StatusOr<bool> Next(Row& out) = 0;
};

// Rows computed up front (unnest, the jsonb functions: bounded by the size
// of their argument).
class ListGenerator final : public Generator {
 public:
  explicit ListGenerator(std::vector<Row> rows) : rows_(std::move(rows)) {}
  absl::StatusOr<bool> Next(Row& out) override {
    if (next_ >= rows_.size()) return false;
    out = std::move(rows_[next_++]);
    return true;
  }

 private:
  std::vector<Row> rows_;
  size_t next_ = 0;
};

absl::Status ZeroStep() { return Error(sqlstate::kInvalidParameterValue, "step size cannot equal zero"); }

class IntSeries final : public Generator {
 public:
  IntSeries(int64_t start, int64_t stop, int64_t step) : cur_(start), stop_(stop), step_(step) {}
  absl::StatusOr<bool> Next(Row& out) override {
    if (done_ || (step_ > 0 ? cur_ > stop_ : cur_ < stop_)) return false;
    out.assign(1, Datum::FromInt(cur_));
    // Stop instead of overflowing, as PostgreSQL does.
    if (__builtin_add_overflow(cur_, step_, &cur_)) done_ = true;
    return true;
  }

 private:
  int64_t cur_, stop_, step_;
  bool done_ = false;
};

class NumericSeries final : public Generator {
 public:
  NumericSeries(std::string start, std::string stop, std::string step, bool ascending)
      : cur_(std::move(start)), stop_(std::move(stop)), step_(std::move(step)), ascending_(ascending) {}
  absl::StatusOr<bool> Next(Row& out) override {
    int c = types::numeric::CompareText(cur_, stop_);
    if (ascending_ ? c > 0 : c < 0) return false;
    out.assign(1, Datum::FromString(cur_));
    auto next = types::numeric::Add(cur_, step_);
    if (!next.ok()) return next.status();
    cur_ = *std::move(next);
    return true;
  }

 private:
  std::string cur_, stop_, step_;
  bool ascending_;
};

class TimestampSeries final : public Generator {
 public:
  TimestampSeries(int64_t start, int64_t stop, Datum step, bool ascending, const functions::FuncDef* plus,
                  Type type)
      : cur_(start), stop_(stop), step_(std::move(step)), ascending_(ascending), plus_(plus), type_(type) {}
  absl::StatusOr<bool> Next(Row& out) override {
    if (ascending_ ? cur_ > stop_ : cur_ < stop_) return false;
    out.assign(1, Datum::FromInt(cur_));
    Datum values[2] = {Datum::FromInt(cur_), step_};
    Type types[2] = {type_, Type{TypeId::kInterval}};
    functions::Args args;
    args.values = values;
    args.types = types;
    args.size = 2;
    args.result = type_;
    auto next = plus_->impl(args);
    if (!next.ok()) return next.status();
    cur_ = next->as_int();
    return true;
  }

 private:
  int64_t cur_, stop_;
  Datum step_;
  bool ascending_;
  const functions::FuncDef* plus_;
  Type type_;
};

// timestamp + interval from the registry: the one definition of that
// arithmetic (months, days and microseconds applied as PostgreSQL does).
const functions::FuncDef* TimestampPlusInterval(TypeId ts) {
  const auto* defs = functions::Registry::Get().Lookup("+", /*is_operator=*/true);
  if (defs == nullptr) return nullptr;
  for (const auto& d : *defs) {
    if (d.params.size() == 2 && d.params[0].type.id == ts && d.params[1].type.id == TypeId::kInterval) return &d;
  }
  return nullptr;
}

absl::StatusOr<std::unique_ptr<Generator>> GenerateSeries(const std::vector<Datum>& args, const Type& out) {
  for (const Datum& a : args) {
    if (a.is_null()) return std::make_unique<ListGenerator>(std::vector<Row>{});
  }
  switch (out.id) {
    case TypeId::kInt4:
    case TypeId::kInt8: {
      int64_t step = args.size() == 3 ? args[2].as_int() : 1;
      if (step == 0) return ZeroStep();
      return std::make_unique<IntSeries>(args[0].as_int(), args[1].as_int(), step);
    }
    case TypeId::kNumeric: {
      for (size_t i = 0; i < args.size(); ++i) {
        const std::string& v = args[i].as_string();
        static const char* kWhat[] = {"start", "stop", "step size"};
        if (v == "NaN") return Error(sqlstate::kInvalidParameterValue, absl::StrCat(kWhat[i], " value cannot be NaN"));
        if (v == "Infinity" || v == "-Infinity") {
          return Error(sqlstate::kInvalidParameterValue, absl::StrCat(kWhat[i], " value cannot be infinity"));
        }
      }
      std::string step = args.size() == 3 ? args[2].as_string() : "1";
      int sign = types::numeric::CompareText(step, "0");
      if (sign == 0) return ZeroStep();
      return std::make_unique<NumericSeries>(args[0].as_string(), args[1].as_string(), step, sign > 0);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz: {
      int sign = types::Compare(Type{TypeId::kInterval}, args[2], types::datetime::Interval{}.ToDatum());
      if (sign == 0) return ZeroStep();
      const functions::FuncDef* plus = TimestampPlusInterval(out.id);
      if (plus == nullptr) return Error(sqlstate::kInternalError, "timestamp + interval is not registered");
      return std::make_unique<TimestampSeries>(args[0].as_int(), args[1].as_int(), args[2], sign > 0, plus, out);
    }
    default:
      return Error(sqlstate::kInternalError, "generate_series of an unexpected type");
  }
}

// jsonb text for the *_text functions: strings unquoted, null as SQL NULL.
Datum JsonbText(const types::jsonb::Value& v) {
  using Kind = types::jsonb::Value::Kind;
  if (v.kind() == Kind::kNull) return Datum();
  if (v.kind() == Kind::kString) return Datum::FromString(v.str());
  return Datum::FromString(types::jsonb::ToText(v));
}

absl::StatusOr<std::vector<Row>> JsonbRows(TableFunc func, const Datum& arg) {
  using Kind = types::jsonb::Value::Kind;
  std::vector<Row> rows;
  if (arg.is_null()) return rows;
  types::jsonb::Value v = types::jsonb::FromDatum(arg);
  switch (func) {
    case TableFunc::kJsonbArrayElements:
    case TableFunc::kJsonbArrayElementsText: {
      if (v.kind() != Kind::kArray) {
        return Error(sqlstate::kInvalidParameterValue,
                     v.kind() == Kind::kObject ? "cannot extract elements from an object"
                                               : "cannot extract elements from a scalar");
      }
      for (const auto& e : v.elements()) {
        rows.push_back(Row{func == TableFunc::kJsonbArrayElements ? types::jsonb::ToDatum(e) : JsonbText(e)});
      }
      return rows;
    }
    case TableFunc::kJsonbEach:
    case TableFunc::kJsonbEachText: {
      if (v.kind() != Kind::kObject) {
        return Error(sqlstate::kInvalidParameterValue,
                     absl::StrCat("cannot call ", func == TableFunc::kJsonbEach ? "jsonb_each" : "jsonb_each_text",
                                  " on a non-object"));
      }
      for (const auto& [key, value] : v.members()) {
        rows.push_back(Row{Datum::FromString(key),
                           func == TableFunc::kJsonbEach ? types::jsonb::ToDatum(value) : JsonbText(value)});
      }
      return rows;
    }
    default: {
      if (v.kind() != Kind::kObject) {
        return Error(sqlstate::kInvalidParameterValue,
                     absl::StrCat("cannot call jsonb_object_keys on ", v.kind() == Kind::kArray ? "an array" : "a scalar"));
      }
      for (const auto& member : v.members()) rows.push_back(Row{Datum::FromString(member.first)});
      return rows;
    }
  }
}

absl::StatusOr<std::unique_ptr<Generator>> StartCall(const sql::FlatMap& fm, const std::vector<Datum>& args) {
  switch (fm.func) {
    case TableFunc::kGenerateSeries:
      return GenerateSeries(args, fm.output_types[0]);
    case TableFunc::kUnnest: {
      // Several arrays zip, the shorter ones padded with NULLs; a NULL
      // array counts as empty.
      std::vector<Row> rows;
      for (size_t c = 0; c < args.size(); ++c) {
        if (args[c].is_null()) continue;
        auto array = types::array::Decode(args[c]);
        if (!array.ok()) return array.status();
        if (rows.size() < array->elements.size()) rows.resize(array->elements.size(), Row(args.size()));
        for (size_t i = 0; i < array->elements.size(); ++i) rows[i][c] = std::move(array->elements[i]);
      }
      return std::make_unique<ListGenerator>(std::move(rows));
    }
    default: {
      auto rows = JsonbRows(fm.func, args[0]);
      if (!rows.ok()) return rows.status();
      return std::make_unique<ListGenerator>(*std::move(rows));
    }
  }
}

class FlatMapCursor final : public RowCursor {
 public:
  FlatMapCursor(const sql::FlatMap& fm, std::unique_ptr<RowCursor> input, const ExecContext& ctx)
      : fm_(fm), input_(std::move(input)), ctx_(ctx) {}

  absl::StatusOr<bool> Next(Batch& out) override {
    out.clear();
    while (out.size() < kBatchSize) {
      if (generator_ == nullptr) {
        if (pos_ >= batch_.size()) {
          if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
          auto more = input_->Next(batch_);
          if (!more.ok()) return more.status();
          pos_ = 0;
          if (!*more) break;
          continue;
        }
        std::vector<Datum> args;
        args.reserve(fm_.args.size());
        for (const auto& a : fm_.args) {
          auto v = Evaluate(*a, batch_[pos_].row, ctx_);
          if (!v.ok()) return v.status();
          args.push_back(*std::move(v));
        }
        auto gen = StartCall(fm_, args);
        if (!gen.ok()) return gen.status();
        generator_ = *std::move(gen);
        ordinal_ = 0;
      }
      Row produced;
      auto more = generator_->Next(produced);
      if (!more.ok()) return more.status();
      if (!*more) {
        generator_.reset();
        ++pos_;
        continue;
      }
      const Update& in = batch_[pos_];
      Row row;
      row.reserve(in.row.size() + produced.size() + 1);
      row.insert(row.end(), in.row.begin(), in.row.end());
      for (Datum& d : produced) row.push_back(std::move(d));
      if (fm_.with_ordinality) row.push_back(Datum::FromInt(++ordinal_));
      out.push_back(Update{std::move(row), in.diff});
      if (out.size() % 256 == 0) {
        if (auto s = CheckCanceled(ctx_); !s.ok()) return s;
      }
    }
    return !out.empty();
  }

 private:
  const sql::FlatMap& fm_;
  std::unique_ptr<RowCursor> input_;
  const ExecContext& ctx_;
  Batch batch_;
  size_t pos_ = 0;
  std::unique_ptr<Generator> generator_;
  int64_t ordinal_ = 0;
};

}  // namespace

std::unique_ptr<RowCursor> OpenFlatMapCursor(const sql::FlatMap& flat_map, std::unique_ptr<RowCursor> input,
                                             const ExecContext& ctx) {
  return std::make_unique<FlatMapCursor>(flat_map, std::move(input), ctx);
}

}  // namespace freshet::compute
