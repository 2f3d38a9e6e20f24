#include "functions/resolve.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error.h"

namespace freshet::functions {

using types::Type;
using types::TypeCategory;
using types::TypeId;

namespace {

constexpr char kFunctionHint[] =
    "No function matches the given name and argument types. You might need to add explicit type casts.";
constexpr char kOperatorHint[] =
    "No operator matches the given name and argument types. You might need to add explicit type casts.";

// A candidate with its parameters instantiated for one call.
struct Candidate {
  const FuncDef* def;
  std::vector<Type> params;  // concrete; kUnknown for Any parameters
  std::vector<bool> any;     // Any parameters accept every type as is
  Type result;
};

std::string Signature(std::string_view name, bool is_operator, const std::vector<Type>& args) {
  std::vector<std::string> names;
  for (const Type& t : args) names.push_back(types::SqlName(t));
  if (is_operator) {
    if (args.size() == 1) return absl::StrCat(absl::string_view(name.data(), name.size()), " ", names[0]);
    return absl::StrCat(names[0], " ", absl::string_view(name.data(), name.size()), " ", names[1]);
  }
  return absl::StrCat(absl::string_view(name.data(), name.size()), "(", absl::StrJoin(names, ", "), ")");
}

// Instantiates `def` for `args`: unifies the polymorphic parameters and
// checks that every argument converts implicitly. False when it can't.
bool Instantiate(const FuncDef& def, const std::vector<Type>& args, Candidate& out, bool& undetermined) {
  size_t n = def.params.size();
  if (def.variadic ? args.size() + 1 < n : args.size() != n) return false;
  auto param_at = [&](size_t i) -> const Param& { return def.params[std::min(i, n - 1)]; };
  // The anyelement type, from the arguments that determine it.
  std::optional<Type> elem;
  for (size_t i = 0; i < args.size(); ++i) {
    const Param& p = param_at(i);
    const Type& a = args[i];
    if (a.id == TypeId::kUnknown) continue;
    std::optional<Type> e;
    switch (p.kind) {
      case Param::Kind::kAnyElement:
        e = a;
        break;
      case Param::Kind::kAnyArray:
        if (a.id != TypeId::kArray) return false;
        e = types::ElementOf(a);
        break;
      case Param::Kind::kAnyRange:
        if (!types::IsRange(a.id)) return false;
        e = Type{types::RangeSubtype(a.id)};
        break;
      default:
        break;
    }
    if (!e.has_value()) continue;
    e->typmod = -1;
    if (elem.has_value() && !(*elem == *e)) return false;
    elem = e;
  }
  out.def = &def;
  out.params.clear();
  out.any.clear();
  auto concrete = [&](const Param& p) -> std::optional<Type> {
    switch (p.kind) {
      case Param::Kind::kExact: return p.type;
      case Param::Kind::kAny: return Type{TypeId::kUnknown};
      case Param::Kind::kAnyElement: return elem;
      case Param::Kind::kAnyArray:
        if (!elem.has_value()) return std::nullopt;
        return types::ArrayOf(*elem);
      case Param::Kind::kAnyRange: {
        if (!elem.has_value()) return std::nullopt;
        std::optional<TypeId> r = RangeOf(elem->id);
        if (!r.has_value()) return std::nullopt;
        return Type{*r};
      }
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const Param& p = param_at(i);
    std::optional<Type> t = concrete(p);
    if (!t.has_value()) {
      undetermined = true;
      return false;
    }
    bool any = p.kind == Param::Kind::kAny;
    if (!any && !CanCast(args[i], *t, CastContext::kImplicit)) return false;
    out.params.push_back(any ? (args[i].id == TypeId::kUnknown ? Type{TypeId::kText} : args[i]) : *t);
    out.any.push_back(any);
  }
  std::optional<Type> result = concrete(def.result);
  if (!result.has_value()) {
    undetermined = true;
    return false;
  }
  out.result = *result;
  return true;
}

size_t CountIf(const std::vector<Candidate>& cs, const std::vector<Type>& args,
               bool (*pred)(const Type& param, const Type& arg), size_t which) {
  size_t n = 0;
  const Candidate& c = cs[which];
  for (size_t i = 0; i < args.size(); ++i) {
    if (pred(c.params[i], args[i])) ++n;
  }
  return n;
}

bool SameType(const Type& a, const Type& b) { return a.id == b.id && (a.id != TypeId::kArray || a.elem == b.elem); }

// Keeps the candidates scoring highest on `score`.
void KeepBest(std::vector<Candidate>& cs, const std::vector<Type>& args,
              bool (*pred)(const Type& param, const Type& arg)) {
  size_t best = 0;
  std::vector<size_t> scores;
  for (size_t i = 0; i < cs.size(); ++i) {
    scores.push_back(CountIf(cs, args, pred, i));
    best = std::max(best, scores.back());
  }
  std::vector<Candidate> kept;
  for (size_t i = 0; i < cs.size(); ++i) {
    if (scores[i] == best) kept.push_back(std::move(cs[i]));
  }
  cs = std::move(kept);
}

}  // namespace

std::optional<TypeId> RangeOf(TypeId subtype) {
  switch (subtype) {
    case TypeId::kInt4: return TypeId::kInt4Range;
    case TypeId::kInt8: return TypeId::kInt8Range;
    case TypeId::kNumeric: return TypeId::kNumRange;
    case TypeId::kDate: return TypeId::kDateRange;
    case TypeId::kTimestamp: return TypeId::kTsRange;
    case TypeId::kTimestamptz: return TypeId::kTstzRange;
    default: return std::nullopt;
  }
}

absl::StatusOr<Resolution> Resolve(std::string_view name, bool is_operator, const std::vector<Type>& args) {
  auto not_found = [&]() -> absl::Status {
    if (is_operator) {
      return Error(sqlstate::kUndefinedFunction,
                   absl::StrCat("operator does not exist: ", Signature(name, true, args)))
          .Hint(kOperatorHint);
    }
    return Error(sqlstate::kUndefinedFunction, absl::StrCat("function ", Signature(name, false, args), " does not exist"))
        .Hint(kFunctionHint);
  };
  const std::vector<FuncDef>* defs = Registry::Get().Lookup(name, is_operator);
  if (defs == nullptr) return not_found();
  std::vector<Candidate> cs;
  bool undetermined = false;
  for (const FuncDef& def : *defs) {
    Candidate c;
    if (Instantiate(def, args, c, undetermined)) cs.push_back(std::move(c));
  }
  if (cs.empty()) {
    if (undetermined) {
      return Error(sqlstate::kDatatypeMismatch,
                   "could not determine polymorphic type because input has type unknown");
    }
    return not_found();
  }
  auto done = [&](const Candidate& c) {
    Resolution r;
    r.def = c.def;
    r.param_types = c.params;
    r.result = c.result;
    return r;
  };
  // An exact match wins; for a binary operator an unknown side counts as
  // the other side's type here.
  for (const Candidate& c : cs) {
    bool exact = true;
    for (size_t i = 0; i < args.size() && exact; ++i) {
      Type a = args[i];
      if (a.id == TypeId::kUnknown && is_operator && args.size() == 2) a = args[1 - i];
      exact = c.any[i] || SameType(c.params[i], a);
    }
    if (exact) return done(c);
  }
  if (cs.size() == 1) return done(cs[0]);
  // Most exact matches, then most preferred types where a cast is needed.
  KeepBest(cs, args, [](const Type& p, const Type& a) { return SameType(p, a); });
  if (cs.size() == 1) return done(cs[0]);
  KeepBest(cs, args, [](const Type& p, const Type& a) {
    return !SameType(p, a) && a.id != TypeId::kUnknown && types::Info(p.id).preferred;
  });
  if (cs.size() == 1) return done(cs[0]);
  // Unknown arguments: when the known ones all have one type, try that type
  // at the unknown positions.
  std::optional<Type> known;
  bool uniform = true, has_unknown = false;
  for (const Type& a : args) {
    if (a.id == TypeId::kUnknown) {
      has_unknown = true;
      continue;
    }
    if (known.has_value() && !SameType(*known, a)) uniform = false;
    known = a;
  }
  if (has_unknown) {
    // Each unknown position: the string category if any candidate takes it,
    // else the one category all candidates agree on; then that category's
    // preferred type.
    for (size_t i = 0; i < args.size() && cs.size() > 1; ++i) {
      if (args[i].id != TypeId::kUnknown) continue;
      bool any_string = false, same_category = true;
      std::optional<TypeCategory> category;
      for (const Candidate& c : cs) {
        TypeCategory k = types::Category(c.params[i]);
        if (k == TypeCategory::kString) any_string = true;
        if (category.has_value() && *category != k) same_category = false;
        category = k;
      }
      if (!any_string && !same_category) break;
      TypeCategory want = any_string ? TypeCategory::kString : *category;
      std::vector<Candidate> kept;
      bool any_preferred = false;
      for (const Candidate& c : cs) {
        if (types::Category(c.params[i]) == want) any_preferred |= types::Info(c.params[i].id).preferred;
      }
      for (Candidate& c : cs) {
        if (types::Category(c.params[i]) != want) continue;
        if (any_preferred && !types::Info(c.params[i].id).preferred) continue;
        kept.push_back(std::move(c));
      }
      cs = std::move(kept);
    }
    if (cs.size() == 1) return done(cs[0]);
    if (uniform && known.has_value() && !cs.empty()) {
      const Candidate* only = nullptr;
      int matches = 0;
      for (const Candidate& c : cs) {
        bool ok = true;
        for (size_t i = 0; i < args.size() && ok; ++i) {
          if (args[i].id == TypeId::kUnknown) ok = c.any[i] || CanCast(*known, c.params[i], CastContext::kImplicit);
        }
        if (ok) {
          only = &c;
          ++matches;
        }
      }
      if (matches == 1) return done(*only);
    }
  }
  if (cs.empty()) return not_found();
  if (is_operator) {
    return Error(sqlstate::kAmbiguousFunction, absl::StrCat("operator is not unique: ", Signature(name, true, args)))
        .Hint("Could not choose a best candidate operator. You might need to add explicit type casts.");
  }
  return Error(sqlstate::kAmbiguousFunction,
               absl::StrCat("function ", Signature(name, false, args), " is not unique"))
      .Hint("Could not choose a best candidate function. You might need to add explicit type casts.");
}

}  // namespace freshet::functions
