// Helpers over the canonical numeric text form (see types/src/numeric_text.h)
// until numeric gets its own arithmetic representation.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace freshet::compute {

// -1, 0, 1; NaN sorts above every number, as in PostgreSQL.
int CompareNumericText(std::string_view a, std::string_view b);

// Rounds half away from zero to an int64 (PostgreSQL's numeric -> integer
// cast); nullopt on NaN or overflow.
std::optional<int64_t> RoundNumericText(std::string_view s);

}  // namespace freshet::compute
