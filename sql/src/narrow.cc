// NarrowScans: a Filter over a Scan that bounds the scan's first column
// (an integer) by constants or parameters lets the scan read only that
// range of storage keys. The integer encoding of the row codec sorts as the
// numbers do and is self-delimiting, so the rows whose first column lies in
// [lo, hi] are exactly the encodings from Encode(lo) up to, not including,
// the successor of Encode(hi) as a prefix (NULLs and other rows fall
// outside or fail the Filter, which still runs).
#include <cstdint>
#include <limits>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sql/plan.h"
#include "types/row_codec.h"

namespace freshet::sql {
namespace {

bool IsInteger(const types::Type& t) {
  return t.id == types::TypeId::kInt2 || t.id == types::TypeId::kInt4 || t.id == types::TypeId::kInt8;
}

int Width(types::TypeId id) { return id == types::TypeId::kInt2 ? 2 : id == types::TypeId::kInt4 ? 4 : 8; }

// `e` without casts from one integer type to one at least as wide (which
// never change a value: the binder adds them to compare int2, int4 and
// int8 with each other).
const ScalarExpr& Unwiden(const ScalarExpr& e) {
  const auto* cast = std::get_if<Cast>(&e.node);
  if (cast == nullptr || cast->def != nullptr || !IsInteger(e.type) || !IsInteger(cast->arg->type) ||
      Width(cast->arg->type.id) > Width(e.type.id)) {
    return e;
  }
  return Unwiden(*cast->arg);
}

// Column 0, of an integer type.
bool IsFirstColumn(const ScalarExpr& e) {
  const ScalarExpr& inner = Unwiden(e);
  const auto* c = std::get_if<ColumnRef>(&inner.node);
  return c != nullptr && c->index == 0 && IsInteger(inner.type);
}

// A constant or parameter of an integer type, as a key condition's value.
bool KeyValue(const ScalarExpr& e, Scan::KeyCondition* c, std::string* text) {
  const ScalarExpr& inner = Unwiden(e);
  if (!IsInteger(inner.type)) return false;
  if (const auto* lit = std::get_if<Literal>(&inner.node); lit != nullptr && lit->value.holds_int()) {
    c->value = lit->value.as_int();
    *text = absl::StrCat(c->value);
    return true;
  }
  if (const auto* param = std::get_if<ParamRef>(&inner.node)) {
    c->param = param->index;
    *text = absl::StrCat("$", param->index + 1);
    return true;
  }
  return false;
}

const char* OpName(ScalarFunc f) {
  switch (f) {
    case ScalarFunc::kEq: return "=";
    case ScalarFunc::kLt: return "<";
    case ScalarFunc::kLe: return "<=";
    case ScalarFunc::kGt: return ">";
    case ScalarFunc::kGe: return ">=";
    default: return nullptr;
  }
}

// x op c read from the other side: c op' x.
ScalarFunc Flip(ScalarFunc f) {
  switch (f) {
    case ScalarFunc::kLt: return ScalarFunc::kGt;
    case ScalarFunc::kLe: return ScalarFunc::kGe;
    case ScalarFunc::kGt: return ScalarFunc::kLt;
    case ScalarFunc::kGe: return ScalarFunc::kLe;
    default: return f;
  }
}

// Adds what `e`, a conjunct of the Filter, says of column 0.
void Collect(const ScalarExpr& e, Scan& scan, std::vector<std::string>& text) {
  const auto* call = std::get_if<Call>(&e.node);
  if (call == nullptr) return;
  if (call->func == ScalarFunc::kAnd) {
    for (const auto& arg : call->args) Collect(*arg, scan, text);
    return;
  }
  if (call->args.size() != 2 || OpName(call->func) == nullptr) return;
  ScalarFunc f = call->func;
  const ScalarExpr *col = call->args[0].get(), *other = call->args[1].get();
  if (!IsFirstColumn(*col)) {
    std::swap(col, other);
    f = Flip(f);
  }
  if (!IsFirstColumn(*col)) return;
  Scan::KeyCondition c;
  c.op = f;
  std::string value;
  if (!KeyValue(*other, &c, &value)) return;
  text.push_back(absl::StrCat("#0 ", OpName(f), " ", value));
  scan.key_point = scan.key_point || f == ScalarFunc::kEq;
  scan.key_conditions.push_back(c);
}

std::string Encode(int64_t v) { return types::EncodeRow(types::Row{types::Datum::FromInt(v)}); }

// The smallest string greater than every string that begins with `prefix`
// (empty if there is none).
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    if (static_cast<uint8_t>(prefix.back()) != 0xff) {
      prefix.back() = static_cast<char>(static_cast<uint8_t>(prefix.back()) + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

void Walk(RelExpr& rel) {
  std::visit(
      [](auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Filter>) {
          if (auto* scan = std::get_if<Scan>(&n.input->node); scan != nullptr && scan->arity >= 1) {
            std::vector<std::string> text;
            Collect(*n.predicate, *scan, text);
            scan->key_text = absl::StrJoin(text, " AND ");
          } else {
            Walk(*n.input);
          }
        } else if constexpr (std::is_same_v<N, Join> || std::is_same_v<N, SetOp> || std::is_same_v<N, LateralJoin>) {
          Walk(*n.left);
          Walk(*n.right);
        } else if constexpr (std::is_same_v<N, Union>) {
          for (auto& in : n.inputs) Walk(*in);
        } else if constexpr (std::is_same_v<N, Values> || std::is_same_v<N, Scan>) {
        } else {
          Walk(*n.input);
        }
      },
      rel.node);
}

}  // namespace

void NarrowScans(RelExpr& root) { Walk(root); }

KeyRange ScanKeyRange(const Scan& scan, const std::vector<types::Datum>* params) {
  KeyRange r;
  if (scan.key_conditions.empty()) return r;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  std::optional<int64_t> lo, hi;  // inclusive
  bool empty = false;
  auto lower = [&](int64_t x) { lo = lo ? std::max(*lo, x) : x; };
  auto upper = [&](int64_t x) { hi = hi ? std::min(*hi, x) : x; };
  for (const Scan::KeyCondition& c : scan.key_conditions) {
    int64_t v = c.value;
    if (c.param >= 0) {
      if (params == nullptr || static_cast<size_t>(c.param) >= params->size() || !(*params)[c.param].holds_int()) {
        empty = true;  // NULL: the comparison is never true
        continue;
      }
      v = (*params)[c.param].as_int();
    }
    switch (c.op) {
      case ScalarFunc::kEq: lower(v); upper(v); break;
      case ScalarFunc::kLt: if (v == kMin) empty = true; else upper(v - 1); break;
      case ScalarFunc::kLe: upper(v); break;
      case ScalarFunc::kGt: if (v == kMax) empty = true; else lower(v + 1); break;
      case ScalarFunc::kGe: lower(v); break;
      default: break;
    }
  }
  if (empty || (lo && hi && *lo > *hi)) {
    r.lower = r.upper = Encode(0);  // nothing can pass: an empty range
    return r;
  }
  if (lo) r.lower = Encode(*lo);
  if (hi) r.upper = PrefixSuccessor(Encode(*hi));
  return r;
}

}  // namespace freshet::sql
