// The numeric family of types: numeric: exact decimal values, held as canonical text.
// Text forms are exactly PostgreSQL 15's (DateStyle ISO, MDY; IntervalStyle
// postgres; TimeZone UTC); errors use PostgreSQL's SQLSTATEs and messages.
//
// A numeric Datum holds the text numeric_out prints: "1.50", "-0.001", "0",
// "NaN", "Infinity", "-Infinity". The display scale travels with the value
// (1.50 prints as 1.50 and compares equal to 1.5). Every function here takes
// and returns that canonical text; the arithmetic is exact (arbitrary
// precision, no doubles inside) and follows numeric.c's result scale rules.
// Thread-safe: everything is a pure function, except Accumulator, which is a
// plain value owned by one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::types::numeric {

// The codec entry points format.cc and compare.cc dispatch to for the types
// of this family. The value is never NULL. ParseText and ParseBinary apply
// type.typmod when it is >= 0.
void AppendText(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text);
// PostgreSQL's numeric_send / numeric_recv format: int16 ndigits, int16
// weight, uint16 sign (0x0000, 0x4000 negative, 0xC000 NaN, 0xD000 +inf,
// 0xF000 -inf), int16 dscale, then ndigits base-10000 int16 digits.
absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out);
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes);
// Total order (-1, 0, 1) as PostgreSQL's btree opclass sorts the values.
int Compare(const Type& type, const Datum& a, const Datum& b);

// Helpers over the canonical text form.
// -1, 0, 1; NaN sorts above every number (and +Infinity), as in PostgreSQL.
int CompareText(std::string_view a, std::string_view b);
// Rounds half away from zero to an int64 (PostgreSQL's numeric -> integer
// cast); nullopt on NaN, infinity or overflow.
std::optional<int64_t> RoundToInt64(std::string_view s);
// The numeric -> int2/int4/int8 cast with PostgreSQL's errors ("cannot
// convert NaN to integer" 0A000, "smallint out of range" 22003, ...).
absl::StatusOr<int64_t> ToInteger(std::string_view s, TypeId target);

// Conversions.
std::string FromInt64(int64_t v);
// float8 -> numeric (15 significant digits, "%.15g") or, with is_float4,
// float4 -> numeric (6). NaN and infinities map to NaN and +-Infinity.
std::string FromDouble(double v, bool is_float4 = false);
// numeric -> float8 / float4, correctly rounded; 22003
// `"..." is out of range for type double precision` when it overflows.
absl::StatusOr<double> ToDouble(std::string_view s, bool is_float4 = false);

// numeric(p, s) type modifiers: ((p << 16) | (s & 0x7ff)) + 4.
// MakeTypmod checks as numerictypmodin (22023 "NUMERIC precision 0 must be
// between 1 and 1000", "NUMERIC scale ... must be between -1000 and 1000").
absl::StatusOr<int32_t> MakeTypmod(int32_t precision, int32_t scale = 0);
int32_t TypmodPrecision(int32_t typmod);
int32_t TypmodScale(int32_t typmod);
// Rounds to the typmod's scale; 22003 "numeric field overflow" (detail as
// PostgreSQL's) when the value does not fit. typmod < 0: unchanged.
absl::StatusOr<std::string> ApplyTypmod(std::string_view s, int32_t typmod);

// Arithmetic, with PostgreSQL 15's result scales and NaN/Infinity rules.
// Errors: 22012 "division by zero", 22003 "value overflows numeric format".
absl::StatusOr<std::string> Add(std::string_view a, std::string_view b);
absl::StatusOr<std::string> Sub(std::string_view a, std::string_view b);
absl::StatusOr<std::string> Mul(std::string_view a, std::string_view b);
// Scale as select_div_scale(): at least 16 significant digits and no less
// than either input's scale; rounded half away from zero.
absl::StatusOr<std::string> Div(std::string_view a, std::string_view b);
absl::StatusOr<std::string> Mod(std::string_view a, std::string_view b);
// div(): the quotient truncated toward zero.
absl::StatusOr<std::string> IntDiv(std::string_view a, std::string_view b);
std::string Neg(std::string_view a);
std::string Abs(std::string_view a);
// Sign as a numeric: "-1", "0", "1" (NaN for NaN).
std::string Sign(std::string_view a);
// round/trunc to `scale` digits after the point (negative: left of it).
absl::StatusOr<std::string> Round(std::string_view a, int32_t scale = 0);
absl::StatusOr<std::string> Trunc(std::string_view a, int32_t scale = 0);
absl::StatusOr<std::string> Ceil(std::string_view a);
absl::StatusOr<std::string> Floor(std::string_view a);
absl::StatusOr<std::string> Sqrt(std::string_view a);
absl::StatusOr<std::string> Exp(std::string_view a);
absl::StatusOr<std::string> Ln(std::string_view a);
absl::StatusOr<std::string> Log10(std::string_view a);
absl::StatusOr<std::string> Log(std::string_view base, std::string_view a);
absl::StatusOr<std::string> Power(std::string_view base, std::string_view exponent);
absl::StatusOr<std::string> Gcd(std::string_view a, std::string_view b);
absl::StatusOr<std::string> Lcm(std::string_view a, std::string_view b);
// scale() and min_scale(): nullopt (SQL NULL) for NaN and infinities.
std::optional<int32_t> Scale(std::string_view a);
std::optional<int32_t> MinScale(std::string_view a);
std::string TrimScale(std::string_view a);
// width_bucket(numeric, numeric, numeric, int4).
absl::StatusOr<int32_t> WidthBucket(std::string_view operand, std::string_view low, std::string_view high,
                                    int32_t count);

// Running sum for sum() and avg() over many rows, with exactly PostgreSQL's
// outputs for sum(int8), sum(numeric), avg(int2/int4/int8) and avg(numeric).
// AddInt64 is an __int128 addition; numeric inputs that fit 38 digits at a
// common scale take the same path. Sum() and Avg() need at least one input.
class Accumulator {
 public:
  void AddInt64(int64_t v) {
    if (scale_ == 0) {
      small_ += v;
      if (small_ > kSpill || small_ < -kSpill) Spill();
      return;
    }
    AddSlow(v);
  }
  void AddNumeric(std::string_view text);
  std::string Sum() const;
  // sum / count with numeric division's scale rule (count > 0).
  std::string Avg(int64_t count) const;

 private:
  static constexpr __int128 kSpill = static_cast<__int128>(1) << 125;
  void AddSlow(int64_t v);
  void Spill();

  __int128 small_ = 0;  // at scale_
  int32_t scale_ = 0;   // max display scale seen
  bool big_active_ = false;
  std::string big_;     // canonical text of the part that left small_ (if big_active_)
  int64_t nan_ = 0, pinf_ = 0, ninf_ = 0;
};

}  // namespace freshet::types::numeric
