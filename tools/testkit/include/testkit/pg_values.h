// PostgreSQL type names and the text form of binary-format values, exactly
// as PostgreSQL 15 prints them in text format (with its default
// extra_float_digits = 1). Pure functions, no I/O.
#pragma once

#include <postgres_ext.h>  // Oid

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace freshet::testkit {

// The OID of a built-in type name as pg_type spells it ("int4", "bpchar",
// "timestamptz", ...), or of an array type as "_int4" or "int4[]". A decimal
// number is taken as an OID. nullopt for a name not in the table.
std::optional<Oid> TypeOidByName(const std::string& name);
// The pg_type name of an OID in the table, else the OID in decimal.
std::string TypeNameOf(Oid oid);

// PostgreSQL's text output for a value received in binary format. Knows
// bool, int2, int4, int8, oid, float4, float8, text, varchar, bpchar, name,
// unknown, json, jsonb, bytea (as \x hex), uuid and void; any other type, or
// a value of the wrong length, is an error.
absl::StatusOr<std::string> BinaryToText(Oid type, const char* data, int length);

// float8out / float4out: shortest exact digits, exponent form when the
// decimal exponent is below -4 or at least 15 (float8) / 6 (float4);
// "NaN", "Infinity", "-Infinity", "-0".
std::string Float8ToText(double value);
std::string Float4ToText(float value);

}  // namespace freshet::testkit
