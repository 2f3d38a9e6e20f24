// The array family of types: arrays of every type (Type::elem) and int2vector.
// Text forms are exactly PostgreSQL 15's (DateStyle ISO, MDY; IntervalStyle
// postgres; TimeZone UTC); errors use PostgreSQL's SQLSTATEs and messages.
//
// Datum encoding (a string), canonical so that equal arrays have equal bytes:
// one row in the types/row_codec.h encoding holding
//   ndim, then for each dimension its length and its lower bound (integers),
//   then the elements in row-major order (each a datum, NULL included).
// The empty array has ndim 0 and nothing else. int2vector uses the same
// encoding: one dimension with lower bound 0, no NULLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types::array {

// PostgreSQL's MAXDIM.
inline constexpr int kMaxDimensions = 6;
// The SQLSTATE of array subscript errors (2202E, array_subscript_error).
inline constexpr char kArraySubscriptError[] = "2202E";

// The codec entry points format.cc and compare.cc dispatch to for the types
// of this family. The value is never NULL.
void AppendText(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text);
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);
// Total order (-1, 0, 1) as PostgreSQL's btree opclass sorts the values
// (array_cmp): element by element (NULL above every value), then the
// number of elements, the number of dimensions, the dimensions, the lower
// bounds.
int Compare(const Type& type, const Datum& a, const Datum& b);

// A decoded array. dims.size() == lower_bounds.size() == the number of
// dimensions; elements.size() is the product of dims (0 dimensions: empty).
struct ArrayValue {
  std::vector<int> dims;
  std::vector<int> lower_bounds;
  std::vector<Datum> elements;

  int ndim() const { return static_cast<int>(dims.size()); }
  bool empty() const { return elements.empty(); }
};

// The Datum of `value`. An array with no elements becomes the canonical
// empty array (no dimensions).
Datum Encode(const ArrayValue& value);
// Decodes an array Datum (never NULL). A malformed encoding is DataLoss.
absl::StatusOr<ArrayValue> Decode(const Datum& datum);

// A one-dimensional array with lower bound 1 (ARRAY[...], array_agg over
// scalars); no elements gives the empty array.
Datum FromElements(std::vector<Datum> elements);
// ARRAY[sub, sub, ...] and array_agg over arrays: stacks the (non-NULL)
// subarrays along a new outer dimension. For ARRAY[] syntax PostgreSQL
// allows all-empty subarrays (the result is empty); array_agg does not.
enum class StackMode { kArrayConstructor, kArrayAgg };
absl::StatusOr<Datum> FromSubarrays(const std::vector<Datum>& subarrays, StackMode mode);

// Total number of elements (cardinality()).
int Cardinality(const ArrayValue& value);

// x[i] with PostgreSQL semantics: NULL (a Null Datum) when the number of
// subscripts differs from the number of dimensions or any is out of range.
Datum Subscript(const ArrayValue& value, const std::vector<int>& indexes);
inline Datum Subscript(const ArrayValue& value, int index) { return Subscript(value, std::vector<int>{index}); }

// x[l:u] (one bound pair per subscript; a missing bound, as in x[:u] or
// x[l:], is the array's own). Subscripts beyond the given ones take the whole
// dimension. Clipped to the array; an empty or disjoint slice, or more
// subscripts than dimensions, gives the empty array. The result's lower
// bounds are 1.
struct SliceBound {
  std::optional<int> lower;
  std::optional<int> upper;
};
Datum Slice(const ArrayValue& value, const std::vector<SliceBound>& bounds);

// x op ANY (array) / x op ALL (array) from the per-element results of `op`
// (nullopt: the comparison was NULL), with SQL's three-valued logic: ANY is
// true if any is true, else NULL if any is NULL, else false (false for no
// elements); ALL is false if any is false, else NULL if any is NULL, else
// true. nullopt means NULL.
std::optional<bool> AnyOf(const std::vector<std::optional<bool>>& results);
std::optional<bool> AllOf(const std::vector<std::optional<bool>>& results);

// The text form of one element as array_out writes it (quoted and escaped
// when needed), and the NULL spelling.
void AppendElementText(std::string_view element_text, std::string& out);

}  // namespace freshet::types::array
