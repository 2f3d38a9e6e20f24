// SQL types: identity, PostgreSQL OIDs and wire properties.
//
// A `Type` is a TypeId plus a type modifier (e.g. varchar(10) has typmod 14,
// as in PostgreSQL) and, for arrays, the element type. Thread-safe: all data
// here is immutable.
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
  kChar,  // "char": one byte
  kDate,
  kTime,
  kTimestamp,
  kTimestamptz,
  kInterval,
  kUuid,
  kJsonb,
  kInt2Vector,
  kInt4Range,
  kInt8Range,
  kNumRange,
  kDateRange,
  kTsRange,
  kTstzRange,
  kName,     // PostgreSQL's 63-byte identifier type (current_user's type)
  kRegtype,  // a type's OID that prints as its name (pg_typeof's result)
  kArray,  // Type::elem says of what
};
inline constexpr int kTypeCount = static_cast<int>(TypeId::kArray) + 1;

// How each type's values are held in a Datum (see datum.h):
//   bool: bool · int2/int4/int8/oid/regtype: int64 · float4/float8: double
//   date: int64 days since 2000-01-01 (PostgreSQL's epoch); +-infinity are
//     INT32_MAX / INT32_MIN, as in PostgreSQL
//   time: int64 microseconds since midnight
//   timestamp, timestamptz: int64 microseconds since 2000-01-01 00:00:00
//     (UTC for timestamptz); +-infinity are INT64_MAX / INT64_MIN
//   everything else: a string —
//     text, varchar, bpchar, "char", name, bytea: the bytes
//     numeric: the canonical text (types/numeric.h)
//     interval: 16 bytes, months (int32), days (int32), microseconds (int64),
//       each big-endian (types/datetime.h)
//     uuid: the 16 bytes
//     jsonb: the canonical text, exactly as PostgreSQL prints it (types/jsonb.h)
//     arrays and int2vector: the encoding in types/array.h
//     ranges: the encoding in types/range.h

// PostgreSQL's type categories (pg_type.typcategory), which drive implicit
// cast preference and overload resolution.
enum class TypeCategory : char {
  kArray = 'A',
  kBoolean = 'B',
  kDateTime = 'D',
  kNumeric = 'N',
  kString = 'S',
  kTimespan = 'T',
  kUser = 'U',
  kRange = 'R',
  kUnknown = 'X',
  kPseudo = 'P',
};

struct TypeInfo {
  TypeId id;
  uint32_t oid;           // pg_type.oid
  uint32_t array_oid;     // the oid of its array type (0: none)
  const char* name;       // pg_type.typname, e.g. "int4"
  const char* sql_name;   // format_type() spelling, e.g. "integer"
  int16_t wire_size;      // RowDescription type size (-1 = varlena)
  bool binary_io;         // has a binary send/receive implementation
  TypeCategory category;
  bool preferred;         // pg_type.typispreferred
};

const TypeInfo& Info(TypeId id);

struct Type {
  TypeId id = TypeId::kUnknown;
  int32_t typmod = -1;
  TypeId elem = TypeId::kUnknown;  // for kArray: the element type

  uint32_t oid() const;
  bool operator==(const Type&) const = default;
};

inline Type ArrayOf(Type element) { return Type{TypeId::kArray, element.typmod, element.id}; }
inline Type ElementOf(const Type& array) { return Type{array.elem, array.typmod}; }

// The type with this OID (array OIDs included), if Freshet supports it.
std::optional<Type> TypeFromOid(uint32_t oid);
// The type with this name: typname ("int4", "_int4") or SQL spelling
// ("integer", "int"). Array spellings with [] are the parser's business.
std::optional<TypeId> TypeFromName(std::string_view name);

// format_type(): "integer", "character varying(10)", "integer[]",
// "timestamp(3) without time zone".
std::string SqlName(const Type& type);
// pg_type.typname: "int4", "_int4".
std::string TypName(const Type& type);
TypeCategory Category(const Type& type);
int16_t WireSize(const Type& type);

// The category PostgreSQL uses for implicit casts and operator resolution.
bool IsIntegral(TypeId id);
bool IsNumeric(TypeId id);      // integral, float or numeric
bool IsStringLike(TypeId id);   // text, varchar, bpchar, unknown
bool IsRange(TypeId id);
// The element type of a range type (int4 for int4range).
TypeId RangeSubtype(TypeId range);

}  // namespace freshet::types
