// The total order of values of one type, as PostgreSQL's default btree
// operator class sorts them (C collation for text, NaN above every number,
// character(n) ignoring trailing spaces). Used for ORDER BY, comparisons,
// min/max and sort-based operators.
#pragma once

#include "types/datum.h"
#include "types/type.h"

namespace freshet::types {

// -1, 0 or 1 for two non-null values of `type`.
int Compare(const Type& type, const Datum& a, const Datum& b);

}  // namespace freshet::types
