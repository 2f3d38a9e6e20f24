// PostgreSQL text and binary formats of every supported type.
//
// Output functions produce exactly what PostgreSQL 15 prints (psql must show
// the same text); input functions accept what PostgreSQL accepts and fail with
// PostgreSQL's SQLSTATE and message (22P02 invalid input syntax, 22003 out of
// range). Thread-safe and allocation-light: output appends to a caller buffer.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types {

// Appends the text form of the non-null `value` of `type` to `out`.
void AppendText(const Type& type, const Datum& value, std::string& out);
std::string ToText(const Type& type, const Datum& value);

// Appends the binary (send) form. Only for types with Info(id).binary_io.
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);

// Parses the text form (an input function, as for a text parameter or a cast
// from text). Applies the typmod (varchar/bpchar length) like PostgreSQL: a
// value too long is an error, except in an explicit cast, which truncates.
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text, bool explicit_cast = false);

// Parses the binary (receive) form.
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);

}  // namespace freshet::types
