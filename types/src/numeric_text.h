// The exact decimal core behind numeric: parsing numeric_in's input, printing
// numeric_out's canonical text, and exact arithmetic on the values.
//
// A Decimal is sign * magnitude * 10^-scale, where the magnitude is an
// arbitrary-precision integer in base 10^9 and the scale is PostgreSQL's
// display scale (dscale): "1.50" has magnitude 150 and scale 2. NaN and the
// two infinities are kinds of their own. Values are plain data; nothing here
// is shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace freshet::types::numeric {

// PostgreSQL's limits (numeric.h / numeric.c).
inline constexpr int kMaxPrecision = 1000;
inline constexpr int kMinScale = -1000;
inline constexpr int kMaxScale = 1000;
inline constexpr int kMaxDisplayScale = 1000;
inline constexpr int kMinSigDigits = 16;
inline constexpr int kMaxResultScale = 2000;
inline constexpr int kDscaleMax = 0x3FFF;
// The largest value has 131072 digits before the point (weight 32767 in
// base 10000).
inline constexpr int kMaxIntegerDigits = (32767 + 1) * 4;

// An unsigned integer of any size: base-10^9 limbs, least significant first,
// no most-significant zero limbs (zero is empty).
using Mag = std::vector<uint32_t>;

class Decimal {
 public:
  enum class Kind : uint8_t { kFinite, kNaN, kPosInf, kNegInf };

  Decimal() = default;
  static Decimal NaN() { return Special(Kind::kNaN); }
  static Decimal Inf(bool negative) { return Special(negative ? Kind::kNegInf : Kind::kPosInf); }
  static Decimal FromInt64(int64_t v);
  static Decimal FromInt128(__int128 v, int scale);
  static Decimal FromMag(Mag mag, bool negative, int scale);

  // The canonical text form (as numeric_out prints it), which every stored
  // numeric Datum holds. No validation beyond what parsing it needs.
  static Decimal FromCanonical(std::string_view text);
  // numeric_in: surrounding spaces, NaN/Infinity/inf in any case, exponents.
  // Fails with 22P02 (syntax) or 22003 (value overflows numeric format).
  static absl::StatusOr<Decimal> Parse(std::string_view text);
  std::string ToString() const;

  Kind kind() const { return kind_; }
  bool is_nan() const { return kind_ == Kind::kNaN; }
  bool is_inf() const { return kind_ == Kind::kPosInf || kind_ == Kind::kNegInf; }
  bool is_special() const { return kind_ != Kind::kFinite; }
  bool is_zero() const { return kind_ == Kind::kFinite && mag_.empty(); }
  // -1, 0, 1; infinities have their sign, NaN 0.
  int sign() const;
  bool negative() const { return kind_ == Kind::kNegInf || (kind_ == Kind::kFinite && negative_); }
  int scale() const { return scale_; }
  const Mag& mag() const { return mag_; }
  // No fractional digits other than zeros (finite values only).
  bool IsIntegral() const;
  // The decimal exponent of the leading digit (123.4 -> 2, 0.05 -> -2);
  // 0 for zero.
  int DecimalWeight() const;
  // PostgreSQL's base-10000 form: weight of the first digit and the digits,
  // without leading or trailing zero digits (zero: weight 0, no digits).
  void ToNbase(int& weight, std::vector<int16_t>& digits) const;

  Decimal Negated() const;
  Decimal Abs() const;
  // The same value with display scale `scale` (rounding half away from zero
  // when digits are dropped). A negative scale rounds left of the point and
  // leaves display scale 0.
  Decimal Rounded(int scale) const;
  Decimal Truncated(int scale) const;
  // Same value, more or fewer trailing zeros: scale must keep every nonzero
  // digit (used for trim_scale and min_scale).
  Decimal WithScale(int scale) const;
  // The smallest scale that represents the value exactly.
  int MinScale() const;

  // Total order of numeric's btree opclass: NaN above +Infinity.
  friend int Compare(const Decimal& a, const Decimal& b);
  // Exact results (finite inputs).
  friend Decimal AddFinite(const Decimal& a, const Decimal& b);
  friend Decimal MulFinite(const Decimal& a, const Decimal& b);

 private:
  static Decimal Special(Kind k) {
    Decimal d;
    d.kind_ = k;
    return d;
  }
  void Normalize() {
    while (!mag_.empty() && mag_.back() == 0) mag_.pop_back();
    if (mag_.empty()) negative_ = false;
  }

  Kind kind_ = Kind::kFinite;
  bool negative_ = false;
  int scale_ = 0;
  Mag mag_;
};

// Finite-only helpers (the callers in numeric.cc handle NaN and infinities).
Decimal SubFinite(const Decimal& a, const Decimal& b);
// a / b rounded half away from zero to `rscale` digits (b != 0).
Decimal DivRound(const Decimal& a, const Decimal& b, int rscale);
// trunc(a / b) with display scale 0 (b != 0).
Decimal DivTrunc(const Decimal& a, const Decimal& b);
// sqrt(a) rounded half away from zero to `rscale` digits (a >= 0).
Decimal SqrtRound(const Decimal& a, int rscale);
// A value of this size still fits PostgreSQL's storage format.
bool FitsStorage(const Decimal& d);

// Magnitude arithmetic, exposed for the accumulator and the tests.
int CompareMag(const Mag& a, const Mag& b);
Mag AddMag(const Mag& a, const Mag& b);
Mag SubMag(const Mag& a, const Mag& b);  // a >= b
Mag MulMag(const Mag& a, const Mag& b);
Mag MulPow10(const Mag& a, int k);
// Quotient and remainder of a / b (b nonzero).
void DivModMag(const Mag& a, const Mag& b, Mag& q, Mag& r);
Mag MagFromU128(unsigned __int128 v);
std::string MagToDigits(const Mag& a);  // "0" for zero
Mag MagFromDigits(std::string_view digits);
int MagDigitCount(const Mag& a);  // 0 for zero

}  // namespace freshet::types::numeric
