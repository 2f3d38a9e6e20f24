#include "types/type.h"

#include <array>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace freshet::types {
namespace {

using C = TypeCategory;

// Indexed by TypeId. OIDs from PostgreSQL's pg_type.dat.
constexpr std::array<TypeInfo, kTypeCount> kTypes = {{
    {TypeId::kUnknown, 705, 0, "unknown", "unknown", -2, true, C::kUnknown, false},
    {TypeId::kBool, 16, 1000, "bool", "boolean", 1, true, C::kBoolean, true},
    {TypeId::kInt2, 21, 1005, "int2", "smallint", 2, true, C::kNumeric, false},
    {TypeId::kInt4, 23, 1007, "int4", "integer", 4, true, C::kNumeric, false},
    {TypeId::kInt8, 20, 1016, "int8", "bigint", 8, true, C::kNumeric, false},
    {TypeId::kFloat4, 700, 1021, "float4", "real", 4, true, C::kNumeric, false},
    {TypeId::kFloat8, 701, 1022, "float8", "double precision", 8, true, C::kNumeric, true},
    {TypeId::kNumeric, 1700, 1231, "numeric", "numeric", -1, false, C::kNumeric, false},
    {TypeId::kText, 25, 1009, "text", "text", -1, true, C::kString, true},
    {TypeId::kVarchar, 1043, 1015, "varchar", "character varying", -1, true, C::kString, false},
    {TypeId::kBpchar, 1042, 1014, "bpchar", "character", -1, true, C::kString, false},
    {TypeId::kBytea, 17, 1001, "bytea", "bytea", -1, true, C::kUser, false},
    {TypeId::kOid, 26, 1028, "oid", "oid", 4, true, C::kNumeric, false},
    {TypeId::kVoid, 2278, 0, "void", "void", 4, true, C::kPseudo, false},
    {TypeId::kChar, 18, 1002, "char", "\"char\"", 1, true, C::kString, false},
    {TypeId::kDate, 1082, 1182, "date", "date", 4, false, C::kDateTime, false},
    {TypeId::kTime, 1083, 1183, "time", "time without time zone", 8, false, C::kDateTime, false},
    {TypeId::kTimestamp, 1114, 1115, "timestamp", "timestamp without time zone", 8, false, C::kDateTime, false},
    {TypeId::kTimestamptz, 1184, 1185, "timestamptz", "timestamp with time zone", 8, false, C::kDateTime, true},
    {TypeId::kInterval, 1186, 1187, "interval", "interval", 16, false, C::kTimespan, true},
    {TypeId::kUuid, 2950, 2951, "uuid", "uuid", 16, true, C::kUser, false},
    {TypeId::kJsonb, 3802, 3807, "jsonb", "jsonb", -1, false, C::kUser, false},
    {TypeId::kInt2Vector, 22, 1006, "int2vector", "int2vector", -1, false, C::kArray, false},
    {TypeId::kInt4Range, 3904, 3905, "int4range", "int4range", -1, false, C::kRange, false},
    {TypeId::kInt8Range, 3926, 3927, "int8range", "int8range", -1, false, C::kRange, false},
    {TypeId::kNumRange, 3906, 3907, "numrange", "numrange", -1, false, C::kRange, false},
    {TypeId::kDateRange, 3912, 3913, "daterange", "daterange", -1, false, C::kRange, false},
    {TypeId::kTsRange, 3908, 3909, "tsrange", "tsrange", -1, false, C::kRange, false},
    {TypeId::kTstzRange, 3910, 3911, "tstzrange", "tstzrange", -1, false, C::kRange, false},
    {TypeId::kName, 19, 1003, "name", "name", 64, true, C::kString, false},
    {TypeId::kRegtype, 2206, 2211, "regtype", "regtype", 4, true, C::kNumeric, false},
    {TypeId::kArray, 0, 0, "anyarray", "anyarray", -1, false, C::kArray, false},
}};

struct Alias {
  const char* name;
  TypeId id;
};
// Spellings accepted in casts besides typname and sql_name.
constexpr Alias kAliases[] = {
    {"int", TypeId::kInt4},        {"float", TypeId::kFloat8},     {"decimal", TypeId::kNumeric},
    {"char", TypeId::kBpchar},     {"character", TypeId::kBpchar}, {"string", TypeId::kText},
    {"double", TypeId::kFloat8},   {"boolean", TypeId::kBool},     {"json", TypeId::kJsonb},
    {"timestamp with time zone", TypeId::kTimestamptz},            {"time without time zone", TypeId::kTime},
    {"timestamp without time zone", TypeId::kTimestamp},
};

// The parenthesized typmod in format_type's spelling ("(10)", "(10,2)").
std::string TypmodSuffix(const Type& t) {
  if (t.typmod < 0) return "";
  switch (t.id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return absl::StrCat("(", t.typmod - 4, ")");
    case TypeId::kNumeric: {
      int32_t m = t.typmod - 4;
      return absl::StrCat("(", (m >> 16) & 0xffff, ",", static_cast<int16_t>(m & 0xffff), ")");
    }
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
      return absl::StrCat("(", t.typmod, ")");
    default:
      return "";
  }
}

}  // namespace

const TypeInfo& Info(TypeId id) { return kTypes[static_cast<size_t>(id)]; }

uint32_t Type::oid() const { return id == TypeId::kArray ? Info(elem).array_oid : Info(id).oid; }

std::optional<Type> TypeFromOid(uint32_t oid) {
  if (oid == 114) return Type{TypeId::kJsonb};  // json: Materialize has only jsonb
  for (const TypeInfo& t : kTypes) {
    if (t.id == TypeId::kArray) continue;
    if (t.oid == oid) return Type{t.id};
    if (t.array_oid == oid && oid != 0) return Type{TypeId::kArray, -1, t.id};
  }
  return std::nullopt;
}

std::optional<TypeId> TypeFromName(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  for (const TypeInfo& t : kTypes) {
    if (t.id == TypeId::kArray) continue;
    if (lower == t.name || lower == t.sql_name) return t.id;
  }
  for (const Alias& a : kAliases) {
    if (lower == a.name) return a.id;
  }
  return std::nullopt;
}

std::string SqlName(const Type& t) {
  if (t.id == TypeId::kArray) return absl::StrCat(SqlName(ElementOf(t)), "[]");
  std::string suffix = TypmodSuffix(t);
  switch (t.id) {
    case TypeId::kTime:
      return absl::StrCat("time", suffix, " without time zone");
    case TypeId::kTimestamp:
      return absl::StrCat("timestamp", suffix, " without time zone");
    case TypeId::kTimestamptz:
      return absl::StrCat("timestamp", suffix, " with time zone");
    default:
      return absl::StrCat(Info(t.id).sql_name, suffix);
  }
}

std::string TypName(const Type& t) {
  if (t.id == TypeId::kArray) return absl::StrCat("_", Info(t.elem).name);
  return Info(t.id).name;
}

TypeCategory Category(const Type& t) { return Info(t.id).category; }

int16_t WireSize(const Type& t) { return Info(t.id).wire_size; }

bool IsIntegral(TypeId id) { return id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8; }

bool IsNumeric(TypeId id) {
  return IsIntegral(id) || id == TypeId::kFloat4 || id == TypeId::kFloat8 || id == TypeId::kNumeric;
}

bool IsStringLike(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar || id == TypeId::kName ||
         id == TypeId::kUnknown;
}

bool IsRange(TypeId id) { return Info(id).category == TypeCategory::kRange; }

TypeId RangeSubtype(TypeId range) {
  switch (range) {
    case TypeId::kInt4Range: return TypeId::kInt4;
    case TypeId::kInt8Range: return TypeId::kInt8;
    case TypeId::kNumRange: return TypeId::kNumeric;
    case TypeId::kDateRange: return TypeId::kDate;
    case TypeId::kTsRange: return TypeId::kTimestamp;
    case TypeId::kTstzRange: return TypeId::kTimestamptz;
    default: return TypeId::kUnknown;
  }
}

}  // namespace freshet::types
