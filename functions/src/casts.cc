#include "functions/registry.h"
#include "functions/resolve.h"

namespace freshet::functions {

using types::Type;
using types::TypeId;

namespace {

// Position on PostgreSQL's numeric promotion ladder; -1 = not numeric.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInt2: return 0;
    case TypeId::kInt4: return 1;
    case TypeId::kInt8: return 2;
    case TypeId::kNumeric: return 3;
    case TypeId::kFloat4: return 4;
    case TypeId::kFloat8: return 5;
    default: return -1;
  }
}

bool Allows(CastContext have, CastContext want) { return static_cast<int>(have) <= static_cast<int>(want); }

}  // namespace

bool CanCast(const Type& from, const Type& to, CastContext context) {
  TypeId f = from.id, t = to.id;
  if (f == TypeId::kUnknown) return true;
  if (f == t) return f != TypeId::kArray || CanCast(ElementOf(from), ElementOf(to), context);
  if (t == TypeId::kVoid || f == TypeId::kVoid || t == TypeId::kUnknown) return false;
  int rf = NumericRank(f), rt = NumericRank(t);
  if (rf >= 0 && rt >= 0) return context != CastContext::kImplicit || rt > rf;
  bool from_string = types::IsStringLike(f), to_string = types::IsStringLike(t);
  // varchar and character(n) widen to text implicitly; the reverse
  // directions need an assignment (PostgreSQL's pg_cast has them all
  // implicit, but keeping text the common type is what makes
  // text-vs-varchar operators resolve like PostgreSQL's).
  if (from_string && to_string) return context != CastContext::kImplicit || t == TypeId::kText;
  if (f == TypeId::kChar && t == TypeId::kText) return true;
  if ((f == TypeId::kOid && types::IsIntegral(t)) || (types::IsIntegral(f) && t == TypeId::kOid)) return true;
  if (const CastDef* def = Registry::Get().FindCast(f, t)) return Allows(def->context, context);
  // I/O conversions: anything to the string types by assignment, from them
  // only explicitly.
  if (to_string || t == TypeId::kChar) return context != CastContext::kImplicit;
  if (from_string || f == TypeId::kChar) return context == CastContext::kExplicit;
  if (context == CastContext::kExplicit) {
    if ((f == TypeId::kInt4 && t == TypeId::kBool) || (f == TypeId::kBool && t == TypeId::kInt4)) return true;
  }
  return false;
}

}  // namespace freshet::functions
