// PostgreSQL's implicit and explicit cast rules, for the types Freshet knows.
#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "functions/resolve.h"
#include "sql/plan.h"
#include "types/type.h"

namespace freshet::sql {

// Types of $n parameters discovered while binding; kUnknown until an
// enclosing context (a cast, an operator) decides.
using ParamTypes = std::vector<types::Type>;

using functions::CastContext;
using functions::CanCast;

// `expr` converted to `target`. Unknown-typed literals are parsed now (so a
// bad literal fails at bind time, as in PostgreSQL), unknown parameters take
// the target type, anything else gets a Cast node. Fails with 42846 when no
// cast exists in `context`.
absl::StatusOr<ScalarExprPtr> Coerce(ScalarExprPtr expr, const types::Type& target, CastContext context,
                                     ParamTypes& params);

// The type both operands of an arithmetic or comparison operator are
// converted to (PostgreSQL's numeric promotion ladder, string types to text,
// unknown takes the other side's type); nullopt when there is none.
std::optional<types::TypeId> CommonType(types::TypeId a, types::TypeId b);
std::optional<types::Type> CommonType(const types::Type& a, const types::Type& b);

// Makes expressions.
ScalarExprPtr MakeLiteral(types::Type type, types::Datum value);
ScalarExprPtr MakeCall(types::Type type, ScalarFunc func, std::vector<ScalarExprPtr> args);

}  // namespace freshet::sql
