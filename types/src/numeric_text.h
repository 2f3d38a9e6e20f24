// Canonical text of a numeric literal, as PostgreSQL's numeric_in/numeric_out
// would print it: sign, no leading zeros, the scale the input implies
// ("1.50" stays "1.50", "1e3" is "1000", ".5" is "0.5", "-0" is "0").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace freshet::types {

// nullopt when `text` is not a valid numeric literal.
std::optional<std::string> NormalizeNumericText(std::string_view text);

}  // namespace freshet::types
