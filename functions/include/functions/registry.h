// The scalar functions, operators and casts Freshet knows, as data.
//
// Every family of types registers its functions, operators and casts here
// (functions/src/<family>.cc); the binder resolves a call against the
// candidates with PostgreSQL's overload rules (resolve.h), and compute calls
// the chosen definition's implementation. Adding a function is adding a
// FuncDef: nothing else in the binder or the evaluator changes.
//
// Thread-safe: the registry is built once (Registry::Get) and then immutable.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::functions {

// What an implementation sees besides its arguments.
struct CallContext {
  // now(), current_timestamp: the statement's start, in microseconds since
  // 2000-01-01 00:00:00 UTC (the timestamptz representation).
  int64_t statement_timestamp = 0;
  // Polled by long-running functions; when set they fail with 57014.
  const std::atomic<bool>* cancel = nullptr;
};

// The evaluated arguments of one call. For a strict function none is NULL.
struct Args {
  const types::Datum* values = nullptr;
  const types::Type* types = nullptr;  // the argument types after coercion
  size_t size = 0;
  types::Type result;  // the resolved result type
  const CallContext* ctx = nullptr;

  const types::Datum& operator[](size_t i) const { return values[i]; }
  const types::Type& type(size_t i) const { return types[i]; }
};

using Impl = absl::StatusOr<types::Datum> (*)(const Args& args);

// A parameter or the result of a signature. The polymorphic kinds follow
// PostgreSQL: within one call every kAnyElement (and the element of every
// kAnyArray, the subtype of every kAnyRange) is the same type.
struct Param {
  enum class Kind : uint8_t {
    kExact,       // exactly `type` (implicit casts apply)
    kAnyElement,  // any non-unknown type
    kAnyArray,    // an array of the anyelement type
    kAnyRange,    // a range whose subtype is the anyelement type
    kAny,         // any type, not unified with the others (pg_typeof, concat)
  };
  Kind kind = Kind::kExact;
  types::Type type;
};

inline Param Exact(types::TypeId id) { return Param{Param::Kind::kExact, types::Type{id}}; }
inline Param Exact(types::Type t) { return Param{Param::Kind::kExact, t}; }
inline Param AnyElement() { return Param{Param::Kind::kAnyElement, {}}; }
inline Param AnyArray() { return Param{Param::Kind::kAnyArray, {}}; }
inline Param AnyRange() { return Param{Param::Kind::kAnyRange, {}}; }
inline Param Any() { return Param{Param::Kind::kAny, {}}; }

struct FuncDef {
  std::string name;  // lower case ("date_trunc"), or an operator's symbol ("->")
  bool is_operator = false;
  std::vector<Param> params;
  Param result;
  Impl impl = nullptr;
  // NULL in any argument makes the result NULL without calling impl.
  bool strict = true;
  // The last parameter repeats any number of times, zero included
  // (concat, jsonb_build_object).
  bool variadic = false;
  // Differs between calls with the same arguments (random()); never
  // evaluated at bind time. now() is stable, not volatile.
  bool is_volatile = false;
};

// How freely a cast applies, as pg_cast.castcontext.
enum class CastContext : uint8_t { kImplicit, kAssignment, kExplicit };

// A cast between two different type ids that is not an I/O conversion
// through text (those are generic: every type casts to and from text with
// its output and input functions). args[0] is the value; args.result the
// target type, typmod included.
struct CastDef {
  types::TypeId from;
  types::TypeId to;
  CastContext context;
  Impl impl;
};

class Registry {
 public:
  // The registry with every family's definitions.
  static const Registry& Get();

  void Add(FuncDef def);
  // Shorthands for the common case: exact parameter and result types,
  // strict (NULL in, NULL out).
  void AddFunction(std::string name, std::vector<types::TypeId> params, types::TypeId result, Impl impl,
                   bool is_volatile = false);
  void AddOperator(std::string name, std::vector<types::TypeId> params, types::TypeId result, Impl impl);
  void AddCast(CastDef def);

  // Definitions named `name` (functions and operators apart), in
  // registration order.
  const std::vector<FuncDef>* Lookup(std::string_view name, bool is_operator) const;
  const CastDef* FindCast(types::TypeId from, types::TypeId to) const;

 private:
  // Key: "f:" or "o:" + name. Values never move once Get() returns.
  absl::flat_hash_map<std::string, std::vector<FuncDef>> funcs_;
  absl::flat_hash_map<uint32_t, CastDef> casts_;
};

// Each family's registration (functions/src/<family>.cc).
void RegisterDatetime(Registry& r);
void RegisterNumeric(Registry& r);  // numeric and math functions
void RegisterString(Registry& r);
void RegisterJsonb(Registry& r);
void RegisterArray(Registry& r);
void RegisterRange(Registry& r);

}  // namespace freshet::functions
