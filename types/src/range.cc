#include "types/range.h"

#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "types/compare.h"
#include "types/format.h"
#include "types/row_codec.h"

namespace freshet::types::range {
namespace {

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsSpace(char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }

Error Malformed(std::string_view literal, std::string detail) {
  Error e(sqlstate::kInvalidTextRepresentation, absl::StrCat("malformed range literal: \"", Absl(literal), "\""));
  e.Detail(std::move(detail));
  return e;
}

Type Subtype(const Type& range) { return Type{RangeSubtype(range.id)}; }

bool HasLower(uint8_t flags) { return (flags & (kEmpty | kLowerInfinite)) == 0; }
bool HasUpper(uint8_t flags) { return (flags & (kEmpty | kUpperInfinite)) == 0; }

Datum EncodeValue(const RangeValue& r) {
  std::string out;
  if (r.empty) {
    out.push_back(static_cast<char>(kEmpty));
    return Datum::FromString(std::move(out));
  }
  uint8_t flags = 0;
  Row bounds;
  if (r.lower.infinite) {
    flags |= kLowerInfinite;
  } else {
    if (r.lower.inclusive) flags |= kLowerInclusive;
    bounds.push_back(r.lower.value);
  }
  if (r.upper.infinite) {
    flags |= kUpperInfinite;
  } else {
    if (r.upper.inclusive) flags |= kUpperInclusive;
    bounds.push_back(r.upper.value);
  }
  out.push_back(static_cast<char>(flags));
  EncodeRow(bounds, &out);
  return Datum::FromString(std::move(out));
}

RangeValue MustDecode(const Datum& d) {
  absl::StatusOr<RangeValue> r = Decode(d);
  return r.ok() ? *std::move(r) : RangeValue{};
}

// range_cmp_bound_values: the bound values only, infinities included.
int CompareBoundValues(const Type& subtype, const Bound& a, const Bound& b) {
  if (a.infinite && b.infinite) return a.lower == b.lower ? 0 : a.lower ? -1 : 1;
  if (a.infinite) return a.lower ? -1 : 1;
  if (b.infinite) return b.lower ? 1 : -1;
  int c = types::Compare(subtype, a.value, b.value);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

// The successor of a discrete value (int4, int8, date) for canonical [)
// bounds; dates at +-infinity stay as they are.
absl::StatusOr<Datum> Successor(TypeId subtype, const Datum& v) {
  int64_t x = v.as_int();
  switch (subtype) {
    case TypeId::kInt4:
      if (x >= std::numeric_limits<int32_t>::max())
        return Error(sqlstate::kNumericValueOutOfRange, "integer out of range");
      return Datum::FromInt(x + 1);
    case TypeId::kInt8:
      if (x == std::numeric_limits<int64_t>::max())
        return Error(sqlstate::kNumericValueOutOfRange, "bigint out of range");
      return Datum::FromInt(x + 1);
    case TypeId::kDate:
      if (x == std::numeric_limits<int32_t>::max() || x == std::numeric_limits<int32_t>::min()) return v;
      return Datum::FromInt(x + 1);
    default:
      return v;
  }
}

bool IsDiscrete(TypeId range) {
  return range == TypeId::kInt4Range || range == TypeId::kInt8Range || range == TypeId::kDateRange;
}

// range_serialize's checks: infinite bounds are exclusive, the lower bound
// is not above the upper one, meeting bounds not both inclusive are empty.
absl::StatusOr<RangeValue> Serialize(const Type& type, Bound lower, Bound upper) {
  RangeValue r;
  if (lower.infinite) lower.inclusive = false;
  if (upper.infinite) upper.inclusive = false;
  lower.lower = true;
  upper.lower = false;
  int c = CompareBoundValues(Subtype(type), lower, upper);
  if (c > 0) {
    return Error(sqlstate::kDataException, "range lower bound must be less than or equal to range upper bound");
  }
  if (c == 0 && !(lower.inclusive && upper.inclusive)) return r;
  r.empty = false;
  r.lower = std::move(lower);
  r.upper = std::move(upper);
  return r;
}

// range_parse_bound: one bound's text (quotes and backslashes removed);
// nullopt for an omitted (infinite) bound.
absl::StatusOr<std::optional<std::string>> ParseBoundText(std::string_view string, size_t& p) {
  auto at = [&](size_t i) { return i < string.size() ? string[i] : '\0'; };
  char c = at(p);
  if (c == ',' || c == ')' || c == ']') return std::optional<std::string>();
  std::string out;
  bool in_quote = false;
  while (in_quote || !(at(p) == ',' || at(p) == ')' || at(p) == ']')) {
    if (p >= string.size()) return Malformed(string, "Unexpected end of input.");
    char ch = string[p++];
    if (ch == '\\') {
      if (p >= string.size()) return Malformed(string, "Unexpected end of input.");
      out.push_back(string[p++]);
    } else if (ch == '"') {
      if (!in_quote) {
        in_quote = true;
      } else if (at(p) == '"') {
        out.push_back(string[p++]);
      } else {
        in_quote = false;
      }
    } else {
      out.push_back(ch);
    }
  }
  return std::optional<std::string>(std::move(out));
}

// range_bound_escape.
void AppendBoundText(std::string_view value, std::string& out) {
  bool quote = value.empty();
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || IsSpace(c)) {
      quote = true;
      break;
    }
  }
  if (quote) out.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  if (quote) out.push_back('"');
}

template <typename T>
void PutBigEndian(T v, std::string& out) {
  auto u = static_cast<std::make_unsigned_t<T>>(v);
  for (int i = sizeof(T) - 1; i >= 0; --i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

absl::Status Insufficient() {
  return Error(sqlstate::kInvalidBinaryRepresentation, "insufficient data left in message");
}

// One length-prefixed bound of range_recv.
absl::StatusOr<Datum> ReadBinaryBound(const Type& subtype, std::string_view& bytes) {
  if (bytes.size() < 4) return Insufficient();
  uint32_t len = 0;
  for (int i = 0; i < 4; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[i]);
  bytes.remove_prefix(4);
  if (len > bytes.size()) return Insufficient();
  absl::StatusOr<Datum> v = types::ParseBinary(subtype, bytes.substr(0, len));
  bytes.remove_prefix(len);
  if (!v.ok()) return Error(sqlstate::kInvalidBinaryRepresentation, "improper binary format in range bound");
  return v;
}

}  // namespace

Datum MakeEmpty() { return EncodeValue(RangeValue{}); }

absl::StatusOr<Datum> Make(const Type& type, Bound lower, Bound upper) {
  absl::StatusOr<RangeValue> r = Serialize(type, std::move(lower), std::move(upper));
  if (!r.ok()) return r.status();
  if (r->empty || !IsDiscrete(type.id)) return EncodeValue(*r);
  // The canonical function of discrete types: [) bounds.
  TypeId subtype = RangeSubtype(type.id);
  if (!r->lower.infinite && !r->lower.inclusive) {
    absl::StatusOr<Datum> next = Successor(subtype, r->lower.value);
    if (!next.ok()) return next.status();
    if (!(subtype == TypeId::kDate && *next == r->lower.value)) {
      r->lower.value = *std::move(next);
      r->lower.inclusive = true;
    }
  }
  if (!r->upper.infinite && r->upper.inclusive) {
    absl::StatusOr<Datum> next = Successor(subtype, r->upper.value);
    if (!next.ok()) return next.status();
    if (!(subtype == TypeId::kDate && *next == r->upper.value)) {
      r->upper.value = *std::move(next);
      r->upper.inclusive = false;
    }
  }
  absl::StatusOr<RangeValue> canonical = Serialize(type, r->lower, r->upper);
  if (!canonical.ok()) return canonical.status();
  return EncodeValue(*canonical);
}

absl::StatusOr<RangeValue> Decode(const Datum& datum) {
  if (!datum.holds_string() || datum.as_string().empty()) return absl::DataLossError("malformed range datum");
  const std::string& s = datum.as_string();
  auto flags = static_cast<uint8_t>(s[0]);
  RangeValue r;
  if (flags & kEmpty) return r;
  Row bounds;
  if (absl::Status st = DecodeRow(std::string_view(s).substr(1), &bounds); !st.ok()) return st;
  size_t expected = (HasLower(flags) ? 1 : 0) + (HasUpper(flags) ? 1 : 0);
  if (bounds.size() != expected) return absl::DataLossError("malformed range datum");
  r.empty = false;
  size_t i = 0;
  r.lower = Bound{HasLower(flags) ? bounds[i++] : Datum(), !HasLower(flags), (flags & kLowerInclusive) != 0, true};
  r.upper = Bound{HasUpper(flags) ? bounds[i] : Datum(), !HasUpper(flags), (flags & kUpperInclusive) != 0, false};
  return r;
}

void AppendText(const Type& type, const Datum& value, std::string& out) {
  RangeValue r = MustDecode(value);
  if (r.empty) {
    out += "empty";
    return;
  }
  Type subtype = Subtype(type);
  out.push_back(r.lower.inclusive ? '[' : '(');
  if (!r.lower.infinite) AppendBoundText(types::ToText(subtype, r.lower.value), out);
  out.push_back(',');
  if (!r.upper.infinite) AppendBoundText(types::ToText(subtype, r.upper.value), out);
  out.push_back(r.upper.inclusive ? ']' : ')');
}

absl::StatusOr<Datum> ParseText(const Type& type, std::string_view string) {
  size_t p = 0;
  while (p < string.size() && IsSpace(string[p])) ++p;
  if (absl::StartsWithIgnoreCase(Absl(string.substr(p)), "empty")) {
    p += 5;
    while (p < string.size() && IsSpace(string[p])) ++p;
    if (p != string.size()) return Malformed(string, "Junk after \"empty\" key word.");
    return MakeEmpty();
  }
  Bound lower, upper;
  upper.lower = false;
  if (p < string.size() && string[p] == '[') {
    lower.inclusive = true;
    ++p;
  } else if (p < string.size() && string[p] == '(') {
    ++p;
  } else {
    return Malformed(string, "Missing left parenthesis or bracket.");
  }
  absl::StatusOr<std::optional<std::string>> lower_text = ParseBoundText(string, p);
  if (!lower_text.ok()) return lower_text.status();
  if (p < string.size() && string[p] == ',') {
    ++p;
  } else {
    return Malformed(string, "Missing comma after lower bound.");
  }
  absl::StatusOr<std::optional<std::string>> upper_text = ParseBoundText(string, p);
  if (!upper_text.ok()) return upper_text.status();
  if (p < string.size() && string[p] == ']') {
    upper.inclusive = true;
    ++p;
  } else if (p < string.size() && string[p] == ')') {
    ++p;
  } else {
    return Malformed(string, "Too many commas.");
  }
  while (p < string.size() && IsSpace(string[p])) ++p;
  if (p != string.size()) return Malformed(string, "Junk after right parenthesis or bracket.");
  Type subtype = Subtype(type);
  if (lower_text->has_value()) {
    absl::StatusOr<Datum> v = types::ParseText(subtype, **lower_text);
    if (!v.ok()) return v.status();
    lower.value = *std::move(v);
    lower.infinite = false;
  }
  if (upper_text->has_value()) {
    absl::StatusOr<Datum> v = types::ParseText(subtype, **upper_text);
    if (!v.ok()) return v.status();
    upper.value = *std::move(v);
    upper.infinite = false;
  }
  return Make(type, std::move(lower), std::move(upper));
}

absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out) {
  const std::string& s = value.as_string();
  auto flags = static_cast<uint8_t>(s.empty() ? kEmpty : s[0]);
  out.push_back(static_cast<char>(flags));
  RangeValue r = MustDecode(value);
  if (r.empty) return absl::OkStatus();
  Type subtype = Subtype(type);
  std::string bytes;
  for (const Bound* b : {&r.lower, &r.upper}) {
    if (b->infinite) continue;
    bytes.clear();
    if (absl::Status st = types::AppendBinary(subtype, b->value, bytes); !st.ok()) return st;
    PutBigEndian<uint32_t>(static_cast<uint32_t>(bytes.size()), out);
    out += bytes;
  }
  return absl::OkStatus();
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes) {
  if (bytes.empty()) return Insufficient();
  auto flags = static_cast<uint8_t>(bytes[0]);
  flags &= kEmpty | kLowerInclusive | kUpperInclusive | kLowerInfinite | kUpperInfinite;
  bytes.remove_prefix(1);
  Type subtype = Subtype(type);
  Bound lower, upper;
  upper.lower = false;
  if (HasLower(flags)) {
    absl::StatusOr<Datum> v = ReadBinaryBound(subtype, bytes);
    if (!v.ok()) return v.status();
    lower.value = *std::move(v);
    lower.infinite = false;
  }
  if (HasUpper(flags)) {
    absl::StatusOr<Datum> v = ReadBinaryBound(subtype, bytes);
    if (!v.ok()) return v.status();
    upper.value = *std::move(v);
    upper.infinite = false;
  }
  if (!bytes.empty()) return Error(sqlstate::kInvalidBinaryRepresentation, "incorrect binary data format");
  if (flags & kEmpty) return MakeEmpty();
  lower.inclusive = (flags & kLowerInclusive) != 0;
  upper.inclusive = (flags & kUpperInclusive) != 0;
  return Make(type, std::move(lower), std::move(upper));
}

int CompareBounds(const Type& subtype, const Bound& a, const Bound& b) {
  if (a.infinite && b.infinite) return a.lower == b.lower ? 0 : a.lower ? -1 : 1;
  if (a.infinite) return a.lower ? -1 : 1;
  if (b.infinite) return b.lower ? 1 : -1;
  int c = types::Compare(subtype, a.value, b.value);
  if (c != 0) return c < 0 ? -1 : 1;
  if (!a.inclusive && !b.inclusive) return a.lower == b.lower ? 0 : a.lower ? 1 : -1;
  if (!a.inclusive) return a.lower ? 1 : -1;
  if (!b.inclusive) return b.lower ? -1 : 1;
  return 0;
}

int Compare(const Type& type, const Datum& a, const Datum& b) {
  if (a == b) return 0;
  RangeValue x = MustDecode(a), y = MustDecode(b);
  if (x.empty || y.empty) return x.empty == y.empty ? 0 : x.empty ? -1 : 1;
  Type subtype = Subtype(type);
  int c = CompareBounds(subtype, x.lower, y.lower);
  if (c == 0) c = CompareBounds(subtype, x.upper, y.upper);
  return c;
}

bool Contains(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (b.empty) return true;
  if (a.empty) return false;
  Type subtype = Subtype(type);
  return CompareBounds(subtype, a.lower, b.lower) <= 0 && CompareBounds(subtype, a.upper, b.upper) >= 0;
}

bool ContainsElement(const Type& type, const RangeValue& r, const Datum& element) {
  if (r.empty) return false;
  Type subtype = Subtype(type);
  if (!r.lower.infinite) {
    int c = types::Compare(subtype, r.lower.value, element);
    if (c > 0 || (c == 0 && !r.lower.inclusive)) return false;
  }
  if (!r.upper.infinite) {
    int c = types::Compare(subtype, r.upper.value, element);
    if (c < 0 || (c == 0 && !r.upper.inclusive)) return false;
  }
  return true;
}

bool Overlaps(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return false;
  Type subtype = Subtype(type);
  if (CompareBounds(subtype, a.lower, b.lower) >= 0 && CompareBounds(subtype, a.lower, b.upper) <= 0) return true;
  if (CompareBounds(subtype, b.lower, a.lower) >= 0 && CompareBounds(subtype, b.lower, a.upper) <= 0) return true;
  return false;
}

bool Before(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return false;
  return CompareBounds(Subtype(type), a.upper, b.lower) < 0;
}

bool After(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return false;
  return CompareBounds(Subtype(type), a.lower, b.upper) > 0;
}

bool OverLeft(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return false;
  return CompareBounds(Subtype(type), a.upper, b.upper) <= 0;
}

bool OverRight(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return false;
  return CompareBounds(Subtype(type), a.lower, b.lower) >= 0;
}

namespace {

// bounds_adjacent: upper bound `a` and lower bound `b` touch with nothing
// between them.
absl::StatusOr<bool> BoundsAdjacent(const Type& type, Bound a, Bound b) {
  int c = CompareBoundValues(Subtype(type), a, b);
  if (c < 0) {
    if (!IsDiscrete(type.id)) return false;
    // Discrete: adjacent when the range between them is empty.
    a.inclusive = !a.inclusive;
    b.inclusive = !b.inclusive;
    a.lower = true;
    b.lower = false;
    absl::StatusOr<Datum> between = Make(type, a, b);
    if (!between.ok()) return between.status();
    return MustDecode(*between).empty;
  }
  if (c == 0) return a.inclusive != b.inclusive;
  return false;
}

}  // namespace

absl::StatusOr<bool> Adjacent(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return false;
  absl::StatusOr<bool> x = BoundsAdjacent(type, a.upper, b.lower);
  if (!x.ok() || *x) return x;
  return BoundsAdjacent(type, b.upper, a.lower);
}

absl::StatusOr<Datum> Union(const Type& type, const RangeValue& a, const RangeValue& b, bool strict) {
  if (a.empty) return EncodeValue(b);
  if (b.empty) return EncodeValue(a);
  if (strict && !Overlaps(type, a, b)) {
    absl::StatusOr<bool> adjacent = Adjacent(type, a, b);
    if (!adjacent.ok()) return adjacent.status();
    if (!*adjacent) return Error(sqlstate::kDataException, "result of range union would not be contiguous");
  }
  Type subtype = Subtype(type);
  const Bound& lower = CompareBounds(subtype, a.lower, b.lower) < 0 ? a.lower : b.lower;
  const Bound& upper = CompareBounds(subtype, a.upper, b.upper) > 0 ? a.upper : b.upper;
  return Make(type, lower, upper);
}

absl::StatusOr<Datum> Intersection(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty || !Overlaps(type, a, b)) return MakeEmpty();
  Type subtype = Subtype(type);
  const Bound& lower = CompareBounds(subtype, a.lower, b.lower) >= 0 ? a.lower : b.lower;
  const Bound& upper = CompareBounds(subtype, a.upper, b.upper) <= 0 ? a.upper : b.upper;
  return Make(type, lower, upper);
}

absl::StatusOr<Datum> Difference(const Type& type, const RangeValue& a, const RangeValue& b) {
  if (a.empty || b.empty) return EncodeValue(a);
  Type subtype = Subtype(type);
  int l1l2 = CompareBounds(subtype, a.lower, b.lower);
  int l1u2 = CompareBounds(subtype, a.lower, b.upper);
  int u1l2 = CompareBounds(subtype, a.upper, b.lower);
  int u1u2 = CompareBounds(subtype, a.upper, b.upper);
  if (l1l2 < 0 && u1u2 > 0) {
    return Error(sqlstate::kDataException, "result of range difference would not be contiguous");
  }
  if (l1u2 > 0 || u1l2 < 0) return EncodeValue(a);
  if (l1l2 >= 0 && u1u2 <= 0) return MakeEmpty();
  if (l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0) {
    Bound upper = b.lower;
    upper.inclusive = !upper.inclusive;
    upper.lower = false;
    return Make(type, a.lower, upper);
  }
  if (l1l2 >= 0 && u1u2 >= 0 && l1u2 <= 0) {
    Bound lower = b.upper;
    lower.inclusive = !lower.inclusive;
    lower.lower = true;
    return Make(type, lower, a.upper);
  }
  return Error(sqlstate::kInternalError, "unexpected case in range_minus");
}

absl::Status ParseBoundFlags(std::string_view flags, bool& lower_inclusive, bool& upper_inclusive) {
  auto invalid = [] {
    return Error(sqlstate::kSyntaxError, "invalid range bound flags")
        .Hint("Valid values are \"[]\", \"[)\", \"(]\", and \"()\".");
  };
  if (flags.size() != 2) return invalid();
  if (flags[0] == '[') {
    lower_inclusive = true;
  } else if (flags[0] == '(') {
    lower_inclusive = false;
  } else {
    return invalid();
  }
  if (flags[1] == ']') {
    upper_inclusive = true;
  } else if (flags[1] == ')') {
    upper_inclusive = false;
  } else {
    return invalid();
  }
  return absl::OkStatus();
}

}  // namespace freshet::types::range
