// NarrowScans: a Filter over a Scan that bounds the scan's first column
// (an integer) by constants lets the scan read only that range of storage
// keys. The integer encoding of the row codec sorts as the numbers do and
// is self-delimiting, so the rows whose first column lies in [lo, hi] are
// exactly the encodings from Encode(lo) up to, not including, the
// successor of Encode(hi) as a prefix (NULLs and other rows fall outside or
// fail the Filter, which still runs).
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

std::optional<int64_t> IntegerConstant(const ScalarExpr& e) {
  const ScalarExpr& inner = Unwiden(e);
  const auto* lit = std::get_if<Literal>(&inner.node);
  if (lit == nullptr || !IsInteger(inner.type) || !lit->value.holds_int()) return std::nullopt;
  return lit->value.as_int();
}

struct Bounds {
  std::optional<int64_t> lo, hi;  // inclusive
  bool empty = false;
  std::vector<std::string> text;
};

void Lower(Bounds& b, int64_t v) { b.lo = b.lo ? std::max(*b.lo, v) : v; }
void Upper(Bounds& b, int64_t v) { b.hi = b.hi ? std::min(*b.hi, v) : v; }

// Adds what one conjunct says of column 0 to `b`.
void Collect(const ScalarExpr& e, Bounds& b) {
  const auto* call = std::get_if<Call>(&e.node);
  if (call == nullptr) return;
  if (call->func == ScalarFunc::kAnd) {
    for (const auto& arg : call->args) Collect(*arg, b);
    return;
  }
  if (call->args.size() != 2) return;
  ScalarFunc f = call->func;
  const ScalarExpr *col = call->args[0].get(), *other = call->args[1].get();
  if (!IsFirstColumn(*col)) {
    std::swap(col, other);
    // c op x read from the other side: x op' c.
    switch (f) {
      case ScalarFunc::kLt: f = ScalarFunc::kGt; break;
      case ScalarFunc::kLe: f = ScalarFunc::kGe; break;
      case ScalarFunc::kGt: f = ScalarFunc::kLt; break;
      case ScalarFunc::kGe: f = ScalarFunc::kLe; break;
      default: break;
    }
  }
  if (!IsFirstColumn(*col)) return;
  std::optional<int64_t> v = IntegerConstant(*other);
  if (!v) return;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  switch (f) {
    case ScalarFunc::kEq:
      Lower(b, *v);
      Upper(b, *v);
      b.text.push_back(absl::StrCat("#0 = ", *v));
      break;
    case ScalarFunc::kLt:
      if (*v == kMin) b.empty = true; else Upper(b, *v - 1);
      b.text.push_back(absl::StrCat("#0 < ", *v));
      break;
    case ScalarFunc::kLe:
      Upper(b, *v);
      b.text.push_back(absl::StrCat("#0 <= ", *v));
      break;
    case ScalarFunc::kGt:
      if (*v == kMax) b.empty = true; else Lower(b, *v + 1);
      b.text.push_back(absl::StrCat("#0 > ", *v));
      break;
    case ScalarFunc::kGe:
      Lower(b, *v);
      b.text.push_back(absl::StrCat("#0 >= ", *v));
      break;
    default:
      break;
  }
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

void Narrow(Scan& scan, const ScalarExpr& predicate) {
  if (scan.arity < 1) return;
  Bounds b;
  Collect(predicate, b);
  if (b.text.empty()) return;
  if (b.empty || (b.lo && b.hi && *b.lo > *b.hi)) {
    // Nothing can pass: an empty range.
    scan.key_lower = scan.key_upper = Encode(0);
  } else {
    scan.key_lower = b.lo ? Encode(*b.lo) : std::string();
    scan.key_upper = b.hi ? PrefixSuccessor(Encode(*b.hi)) : std::string();
    scan.key_point = b.lo && b.hi && *b.lo == *b.hi;
  }
  scan.key_text = absl::StrJoin(b.text, " AND ");
}

void Walk(RelExpr& rel) {
  std::visit(
      [](auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Filter>) {
          if (auto* scan = std::get_if<Scan>(&n.input->node)) {
            Narrow(*scan, *n.predicate);
          } else {
            Walk(*n.input);
          }
        } else if constexpr (std::is_same_v<N, Join> || std::is_same_v<N, SetOp>) {
          Walk(*n.left);
          Walk(*n.right);
        } else if constexpr (std::is_same_v<N, LateralJoin>) {
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

}  // namespace freshet::sql
