// SQL types: identity, PostgreSQL OIDs and wire properties.
//
// A `Type` is a TypeId plus a type modifier (e.g. varchar(10) has typmod 14,
// as in PostgreSQL). Thread-safe: all data here is immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freshet::types {

enum class TypeId : uint8_t {
  kUnknown,  // an untyped string literal, as in PostgreSQL
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kText,
  kVarchar,
  kBpchar,
  kBytea,
  kOid,
  kVoid,  // the result of functions that return nothing (pg_sleep)
};

struct TypeInfo {
  TypeId id;
  uint32_t oid;           // pg_type.oid
  const char* name;       // pg_type.typname, e.g. "int4"
  const char* sql_name;   // format_type() spelling, e.g. "integer"
  int16_t wire_size;      // RowDescription type size (-1 = varlena)
  bool binary_io;         // has a binary send/receive implementation
};

const TypeInfo& Info(TypeId id);
// The type with this OID, if Freshet supports it.
std::optional<TypeId> TypeFromOid(uint32_t oid);
// The type with this name: typname ("int4") or SQL spelling ("integer", "int").
std::optional<TypeId> TypeFromName(std::string_view name);

struct Type {
  TypeId id = TypeId::kUnknown;
  int32_t typmod = -1;

  uint32_t oid() const { return Info(id).oid; }
  bool operator==(const Type&) const = default;
};

// The category PostgreSQL uses for implicit casts and operator resolution.
bool IsIntegral(TypeId id);
bool IsNumeric(TypeId id);      // integral, float or numeric
bool IsStringLike(TypeId id);   // text, varchar, bpchar, unknown

}  // namespace freshet::types
