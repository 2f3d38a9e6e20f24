// PostgreSQL's cast rules and overload resolution over the registry.
//
// Resolution follows PostgreSQL's documented algorithm (Type Conversion,
// sections 10.2 and 10.3): exact matches first, then the candidates that
// need the fewest casts, preferring each category's preferred type, and
// guessing the type of unknown literals from what the candidates accept
// (the string category first). Polymorphic parameters (anyelement,
// anyarray, anyrange) are unified within a call.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "functions/registry.h"
#include "types/type.h"

namespace freshet::functions {

// Whether a value of `from` converts to `to` in `context` (pg_cast plus I/O
// conversions: every type casts to the string types in assignment context
// and from them explicitly; arrays cast when their elements do).
bool CanCast(const types::Type& from, const types::Type& to, CastContext context);
inline bool CanCast(types::TypeId from, types::TypeId to, CastContext context) {
  return CanCast(types::Type{from}, types::Type{to}, context);
}

struct Resolution {
  const FuncDef* def = nullptr;
  // What each argument is coerced to (for Any parameters: the argument's
  // own type, unknown literals becoming text).
  std::vector<types::Type> param_types;
  types::Type result;
};

// The definition a call of `name` with arguments of `arg_types` (kUnknown
// for untyped literals and NULL) resolves to. Errors as PostgreSQL:
// 42883 "function f(integer) does not exist" / "operator does not exist:
// integer -> text" with the hint to add explicit casts; 42725 "function
// f(unknown) is not unique"; 42804 when a polymorphic type cannot be
// determined.
absl::StatusOr<Resolution> Resolve(std::string_view name, bool is_operator,
                                   const std::vector<types::Type>& arg_types);

// The range type whose subtype is `subtype` (kInt4Range for kInt4), if any.
std::optional<types::TypeId> RangeOf(types::TypeId subtype);

}  // namespace freshet::functions
