// Byte keys for hashing values the way SQL equality sees them.
#pragma once

#include <string>

#include "types/datum.h"
#include "types/type.h"

namespace freshet::compute {

// Appends a key for `value` such that two values of `type` get the same key
// exactly when PostgreSQL's = says they are equal (or both are NULL, which
// GROUP BY and DISTINCT treat as one group): -0 and 0, every NaN, numeric
// 1.0 and 1.00, and character(n) values that differ only in trailing blanks
// get one key.
void AppendKey(const types::Type& type, const types::Datum& value, std::string& out);

// Whether AppendKey's keys agree with = for `type` (hash joins need that;
// GROUP BY falls back to exact representations for the rest).
bool HasExactKeys(const types::Type& type);

}  // namespace freshet::compute
