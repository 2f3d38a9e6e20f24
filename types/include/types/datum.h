// Datum: one SQL value. Row: a tuple of them.
//
// The representation is by storage class, not by SQL type: all integer types
// are int64_t, float4/float8 are double, text-like types, bytea and (for now)
// numeric keep their bytes in a std::string. The SQL type travels next to the
// value (in plans and result descriptions), never inside it, which keeps a
// Datum small and copyable.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace freshet::types {

struct Null {
  bool operator==(const Null&) const = default;
};

class Datum {
 public:
  Datum() : v_(Null{}) {}
  static Datum FromBool(bool b) { return Datum(b); }
  static Datum FromInt(int64_t i) { return Datum(i); }
  static Datum FromDouble(double d) { return Datum(d); }
  static Datum FromString(std::string s) { return Datum(std::move(s)); }

  bool is_null() const { return std::holds_alternative<Null>(v_); }
  bool holds_bool() const { return std::holds_alternative<bool>(v_); }
  bool holds_int() const { return std::holds_alternative<int64_t>(v_); }
  bool holds_double() const { return std::holds_alternative<double>(v_); }
  bool holds_string() const { return std::holds_alternative<std::string>(v_); }
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }

  bool operator==(const Datum&) const = default;

 private:
  using Value = std::variant<Null, bool, int64_t, double, std::string>;
  explicit Datum(bool b) : v_(b) {}
  explicit Datum(int64_t i) : v_(i) {}
  explicit Datum(double d) : v_(d) {}
  explicit Datum(std::string s) : v_(std::move(s)) {}
  Value v_;
};

using Row = std::vector<Datum>;

}  // namespace freshet::types
