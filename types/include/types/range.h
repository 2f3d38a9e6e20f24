// The range family of types: int4range, int8range, numrange, daterange, tsrange, tstzrange.
// Text forms are exactly PostgreSQL 15's (DateStyle ISO, MDY; IntervalStyle
// postgres; TimeZone UTC); errors use PostgreSQL's SQLSTATEs and messages.
//
// Datum encoding (a string), canonical so that equal ranges have equal bytes:
// one flags byte (the kEmpty... bits below, PostgreSQL's own values, so the
// byte is also range_send's), then the finite bounds (lower first) as one row
// in the types/row_codec.h encoding. Values are always canonical: discrete
// ranges (int4, int8, date) in [) form, infinite bounds never inclusive,
// empty ranges with no bounds and no other flag.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types::range {

inline constexpr uint8_t kEmpty = 0x01;
inline constexpr uint8_t kLowerInclusive = 0x02;
inline constexpr uint8_t kUpperInclusive = 0x04;
inline constexpr uint8_t kLowerInfinite = 0x08;
inline constexpr uint8_t kUpperInfinite = 0x10;

// The codec entry points format.cc and compare.cc dispatch to for the types
// of this family. The value is never NULL.
void AppendText(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text);
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);
// Total order (-1, 0, 1) as PostgreSQL's btree opclass sorts the values
// (range_cmp): empty first, then by lower bound, then by upper bound.
int Compare(const Type& type, const Datum& a, const Datum& b);

// One bound of a range. `value` is meaningless when infinite.
struct Bound {
  Datum value;
  bool infinite = true;
  bool inclusive = false;
  bool lower = true;
};

// A decoded range.
struct RangeValue {
  bool empty = true;
  Bound lower{Datum(), true, false, true};
  Bound upper{Datum(), true, false, false};
};

// Builds a range as PostgreSQL's make_range: checks the order of the bounds
// (22000 "range lower bound must be less than or equal to range upper
// bound"), makes it empty when the bounds meet without both being inclusive,
// and canonicalizes discrete types (an overflow is 22003). `type` is the
// range type.
absl::StatusOr<Datum> Make(const Type& type, Bound lower, Bound upper);
Datum MakeEmpty();
// Decodes a range Datum (never NULL). A malformed encoding is DataLoss.
absl::StatusOr<RangeValue> Decode(const Datum& datum);

// The bound flags argument of the three-argument constructors ("[)", "(]",
// ...): 42601 "invalid range bound flags" otherwise.
absl::Status ParseBoundFlags(std::string_view flags, bool& lower_inclusive, bool& upper_inclusive);

// PostgreSQL's range_cmp_bounds: the order of two bounds, lower or upper,
// with infinities and inclusivity. `subtype` is the element type.
int CompareBounds(const Type& subtype, const Bound& a, const Bound& b);

// The operators, over decoded ranges of one range type (`type`).
bool Contains(const Type& type, const RangeValue& a, const RangeValue& b);         // @>
bool ContainsElement(const Type& type, const RangeValue& r, const Datum& element);  // @> element
bool Overlaps(const Type& type, const RangeValue& a, const RangeValue& b);         // &&
bool Before(const Type& type, const RangeValue& a, const RangeValue& b);           // <<
bool After(const Type& type, const RangeValue& a, const RangeValue& b);            // >>
bool OverLeft(const Type& type, const RangeValue& a, const RangeValue& b);         // &<
bool OverRight(const Type& type, const RangeValue& a, const RangeValue& b);        // &>
absl::StatusOr<bool> Adjacent(const Type& type, const RangeValue& a, const RangeValue& b);  // -|-
// + (strict: 22000 "result of range union would not be contiguous") and
// range_merge (not strict: the smallest range containing both).
absl::StatusOr<Datum> Union(const Type& type, const RangeValue& a, const RangeValue& b, bool strict);
absl::StatusOr<Datum> Intersection(const Type& type, const RangeValue& a, const RangeValue& b);  // *
absl::StatusOr<Datum> Difference(const Type& type, const RangeValue& a, const RangeValue& b);    // -

}  // namespace freshet::types::range
