// The numeric family of types: numeric: exact decimal values, held as canonical text.
// Text forms are exactly PostgreSQL 15's (DateStyle ISO, MDY; IntervalStyle
// postgres; TimeZone UTC); errors use PostgreSQL's SQLSTATEs and messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types::numeric {

// The codec entry points format.cc and compare.cc dispatch to for the types
// of this family. The value is never NULL.
void AppendText(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text);
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);
// Total order (-1, 0, 1) as PostgreSQL's btree opclass sorts the values.
int Compare(const Type& type, const Datum& a, const Datum& b);

// Helpers over the canonical text form.
// -1, 0, 1; NaN sorts above every number, as in PostgreSQL.
int CompareText(std::string_view a, std::string_view b);
// Rounds half away from zero to an int64 (PostgreSQL's numeric -> integer
// cast); nullopt on NaN or overflow.
std::optional<int64_t> RoundToInt64(std::string_view s);

}  // namespace freshet::types::numeric
