#include "types/type.h"

#include <array>
#include <string>

#include "absl/strings/ascii.h"

namespace freshet::types {
namespace {

// Indexed by TypeId. OIDs from PostgreSQL's pg_type.dat.
constexpr std::array<TypeInfo, 14> kTypes = {{
    {TypeId::kUnknown, 705, "unknown", "unknown", -2, true},
    {TypeId::kBool, 16, "bool", "boolean", 1, true},
    {TypeId::kInt2, 21, "int2", "smallint", 2, true},
    {TypeId::kInt4, 23, "int4", "integer", 4, true},
    {TypeId::kInt8, 20, "int8", "bigint", 8, true},
    {TypeId::kFloat4, 700, "float4", "real", 4, true},
    {TypeId::kFloat8, 701, "float8", "double precision", 8, true},
    {TypeId::kNumeric, 1700, "numeric", "numeric", -1, false},
    {TypeId::kText, 25, "text", "text", -1, true},
    {TypeId::kVarchar, 1043, "varchar", "character varying", -1, true},
    {TypeId::kBpchar, 1042, "bpchar", "character", -1, true},
    {TypeId::kBytea, 17, "bytea", "bytea", -1, true},
    {TypeId::kOid, 26, "oid", "oid", 4, true},
    {TypeId::kVoid, 2278, "void", "void", 4, true},
}};

struct Alias {
  const char* name;
  TypeId id;
};
// Spellings accepted in casts besides typname and sql_name.
constexpr Alias kAliases[] = {
    {"int", TypeId::kInt4},      {"float", TypeId::kFloat8},     {"decimal", TypeId::kNumeric},
    {"char", TypeId::kBpchar},   {"character", TypeId::kBpchar}, {"string", TypeId::kText},
    {"double", TypeId::kFloat8}, {"boolean", TypeId::kBool},
};

}  // namespace

const TypeInfo& Info(TypeId id) { return kTypes[static_cast<size_t>(id)]; }

std::optional<TypeId> TypeFromOid(uint32_t oid) {
  for (const TypeInfo& t : kTypes) {
    if (t.oid == oid) return t.id;
  }
  return std::nullopt;
}

std::optional<TypeId> TypeFromName(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  for (const TypeInfo& t : kTypes) {
    if (lower == t.name || lower == t.sql_name) return t.id;
  }
  for (const Alias& a : kAliases) {
    if (lower == a.name) return a.id;
  }
  return std::nullopt;
}

bool IsIntegral(TypeId id) { return id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8; }

bool IsNumeric(TypeId id) {
  return IsIntegral(id) || id == TypeId::kFloat4 || id == TypeId::kFloat8 || id == TypeId::kNumeric;
}

bool IsStringLike(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar || id == TypeId::kUnknown;
}

}  // namespace freshet::types
