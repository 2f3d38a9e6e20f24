// The jsonb family of types: jsonb (json is an alias): held as the canonical text PostgreSQL prints.
// Text forms are exactly PostgreSQL 15's (DateStyle ISO, MDY; IntervalStyle
// postgres; TimeZone UTC); errors use PostgreSQL's SQLSTATEs and messages.
//
// The canonical text is what jsonb_out prints: object keys de-duplicated (the
// last wins) and sorted as jsonb stores them (shorter keys first, then
// bytewise), ", " between items and ": " after keys, strings escaped as
// PostgreSQL's escape_json does, numbers as numeric_out prints them.
//
// Besides the codec, this header offers a small in-memory tree (`Value`) for
// the functions that look inside values or build them (operators, to_jsonb,
// jsonb_agg). Thread-safe: everything here is a pure function of its inputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types::jsonb {

// The codec entry points format.cc and compare.cc dispatch to for the types
// of this family. The value is never NULL.
void AppendText(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text);
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);
// Total order (-1, 0, 1) as PostgreSQL's btree opclass sorts the values.
int Compare(const Type& type, const Datum& a, const Datum& b);

// One JSON value. Kinds are declared in PostgreSQL's type order for
// comparisons (jbvNull < jbvString < jbvNumeric < jbvBool < array < object).
class Value {
 public:
  enum class Kind : uint8_t { kNull, kString, kNumber, kBool, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  Value() = default;
  static Value Null() { return Value(); }
  static Value Bool(bool b);
  // `text` must be a canonical numeric text (types/numeric.h), never NaN.
  static Value Number(std::string text);
  static Value String(std::string s);
  static Value Array(std::vector<Value> elements = {});
  // Keys are sorted and de-duplicated (the last wins), as jsonb stores them.
  static Value Object(std::vector<Member> members = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_scalar() const { return kind_ != Kind::kArray && kind_ != Kind::kObject; }
  bool as_bool() const { return bool_; }
  // The decoded string (kString) or the canonical numeric text (kNumber).
  const std::string& str() const { return str_; }
  const std::vector<Value>& elements() const { return elements_; }
  std::vector<Value>& mutable_elements() { return elements_; }
  // Sorted by KeyLess, keys unique.
  const std::vector<Member>& members() const { return members_; }

  // The value of `key` in an object (nullptr if absent or not an object).
  const Value* Find(std::string_view key) const;
  Value* FindMutable(std::string_view key) { return const_cast<Value*>(Find(key)); }
  // Sets `key` in an object, replacing an existing value.
  void Set(std::string key, Value value);
  // Removes `key` from an object; false if it was absent.
  bool Erase(std::string_view key);

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string str_;
  std::vector<Value> elements_;
  std::vector<Member> members_;
};

// jsonb's key order: shorter keys first, then bytewise.
bool KeyLess(std::string_view a, std::string_view b);

// Parses JSON text with PostgreSQL's grammar and errors (22P02 invalid input
// syntax for type json, 22P05 for \u0000).
absl::StatusOr<Value> Parse(std::string_view text);
// Parses a canonical text (a jsonb Datum); such text is always valid.
Value FromDatum(const Datum& datum);
// The canonical text of `value`.
void Serialize(const Value& value, std::string& out);
std::string ToText(const Value& value);
Datum ToDatum(const Value& value);
// jsonb_pretty's format: one item a line, four spaces an indentation level.
std::string ToPrettyText(const Value& value);
// Appends `s` as a JSON string literal, escaped as PostgreSQL's escape_json.
void AppendQuoted(std::string_view s, std::string& out);

// PostgreSQL's jsonb order (compareJsonbContainers): -1, 0, 1.
int CompareValues(const Value& a, const Value& b);
// Scalar equality as jsonb's containment and existence operators use it
// (numbers numerically).
bool ScalarEquals(const Value& a, const Value& b);
// a @> b, PostgreSQL's JsonbDeepContains.
bool Contains(const Value& a, const Value& b);

// to_jsonb(): the JSON value of a SQL value of type `type` (NULL gives JSON
// null). Numbers become numbers (NaN and infinities strings), bool booleans,
// date/time types ISO 8601 strings with 'T', arrays JSON arrays, jsonb
// itself, every other type the string of its text form.
absl::StatusOr<Value> ToJsonb(const Type& type, const Datum& value);

}  // namespace freshet::types::jsonb
