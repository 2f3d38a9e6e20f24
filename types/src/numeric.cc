#include "types/numeric.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "numeric_text.h"

namespace freshet::types::numeric {
namespace {

// SQLSTATEs PostgreSQL uses here that common/error.h does not name.
constexpr char kInvalidArgumentForLog[] = "2201E";
constexpr char kInvalidArgumentForPower[] = "2201F";
constexpr char kInvalidArgumentForWidthBucket[] = "2201G";

absl::Status Overflow() { return Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format"); }
absl::Status DivisionByZero() { return Error(sqlstate::kDivisionByZero, "division by zero"); }

absl::StatusOr<std::string> Result(const Decimal& d) {
  if (!FitsStorage(d)) return Overflow();
  return d.ToString();
}

Decimal D(std::string_view s) { return Decimal::FromCanonical(s); }

// x * 10^e, exactly.
Decimal ShiftPow10(const Decimal& x, int e) {
  int scale = x.scale() - e;
  if (scale >= 0) return Decimal::FromMag(x.mag(), x.negative(), scale);
  return Decimal::FromMag(MulPow10(x.mag(), -scale), x.negative(), 0);
}

// PostgreSQL's base-10000 weight of the leading digit (floor(dweight / 4)).
int NbaseWeight(const Decimal& x) {
  int dw = x.DecimalWeight();
  return dw >= 0 ? dw / 4 : -((-dw + 3) / 4);
}

double ToDoubleNoOverflow(const Decimal& x) { return std::strtod(x.ToString().c_str(), nullptr); }

int Clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

// select_div_scale(): at least 16 significant digits, no less than either
// input's display scale.
int SelectDivScale(const Decimal& a, const Decimal& b) {
  int w1 = 0, w2 = 0;
  std::vector<int16_t> d1, d2;
  a.ToNbase(w1, d1);
  b.ToNbase(w2, d2);
  int first1 = d1.empty() ? 0 : d1[0], first2 = d2.empty() ? 0 : d2[0];
  if (d1.empty()) w1 = 0;
  if (d2.empty()) w2 = 0;
  int qweight = w1 - w2;
  if (first1 <= first2) --qweight;
  int rscale = kMinSigDigits - qweight * 4;
  rscale = std::max(rscale, a.scale());
  rscale = std::max(rscale, b.scale());
  return Clamp(rscale, 0, kMaxDisplayScale);
}

// estimate_ln_dweight(): the decimal weight of ln(x), roughly.
int EstimateLnDweight(const Decimal& x) {
  if (x.sign() <= 0) return 0;
  if (Compare(x, D("0.9")) >= 0 && Compare(x, D("1.1")) <= 0) {
    Decimal y = SubFinite(x, Decimal::FromInt64(1));
    if (y.is_zero()) return 0;
    int w = 0;
    std::vector<int16_t> digits;
    y.ToNbase(w, digits);
    return w * 4 + static_cast<int>(std::log10(static_cast<double>(digits[0])));
  }
  int w = 0;
  std::vector<int16_t> digits;
  x.ToNbase(w, digits);
  double lead = digits[0];
  int dweight = w * 4;
  if (digits.size() > 1) {
    lead = lead * 10000 + digits[1];
    dweight -= 4;
  }
  double ln = std::log(lead) + dweight * 2.302585092994046;
  return static_cast<int>(std::log10(std::fabs(ln)));
}

// ln(y) for y in [0.9, 10], accurate to about 10^-scale: square roots bring
// y to at most 1.1, then ln(y) = 2 * atanh((y - 1) / (y + 1)).
Decimal LnNearOne(Decimal y, int scale) {
  int w = scale + 6;
  const Decimal limit = D("1.1"), one = Decimal::FromInt64(1);
  int64_t factor = 2;
  while (Compare(y, limit) > 0) {
    y = SqrtRound(y, w);
    factor *= 2;
  }
  Decimal z = DivRound(SubFinite(y, one), AddFinite(y, one), w);
  Decimal z2 = MulFinite(z, z).Rounded(w);
  Decimal term = z, sum = z;
  for (int64_t k = 3;; k += 2) {
    term = MulFinite(term, z2).Rounded(w);
    Decimal t = DivRound(term, Decimal::FromInt64(k), w);
    if (t.is_zero()) break;
    sum = AddFinite(sum, t);
  }
  return MulFinite(sum, Decimal::FromInt64(factor));
}

// ln(x) for x > 0 rounded to `rscale` digits.
Decimal LnRound(const Decimal& x, int rscale) {
  int w = std::max(rscale, 0) + 8;
  if (Compare(x, D("0.9")) >= 0 && Compare(x, D("1.1")) <= 0) return LnNearOne(x, w).Rounded(rscale);
  // x = m * 10^k with m in [0.1, 1): ln x = k ln 10 - ln(1/m).
  int k = x.DecimalWeight() + 1;
  Decimal m = ShiftPow10(x, -k);
  Decimal result = LnNearOne(DivRound(Decimal::FromInt64(1), m, w + 2), w).Negated();
  if (k != 0) {
    int kdigits = static_cast<int>(std::to_string(k < 0 ? -k : k).size());
    Decimal ln10 = LnNearOne(Decimal::FromInt64(10), w + kdigits + 1);
    result = AddFinite(result, MulFinite(ln10, Decimal::FromInt64(k)));
  }
  return result.Rounded(rscale);
}

Decimal RoundSig(const Decimal& x, int sig) {
  if (x.is_zero()) return x;
  return x.Rounded(sig - 1 - x.DecimalWeight());
}

// e^x rounded to `rscale` digits (|x| < 6000).
Decimal ExpRound(const Decimal& x, int rscale) {
  if (x.is_zero()) return Decimal::FromInt64(1).Rounded(rscale);
  Decimal ax = x.Abs();
  // Significant digits the result needs: its decimal weight plus rscale.
  double weight = ToDoubleNoOverflow(x) * 0.434294481903252;
  int sig = std::max(rscale + static_cast<int>(std::ceil(weight)) + 1, 1) + 12;
  // Halve until |x| / 2^n < 0.01; the squarings lose about n * log10(2) digits.
  int n = 0;
  double dx = std::fabs(ToDoubleNoOverflow(ax));
  while (dx >= 0.01) {
    dx /= 2;
    ++n;
  }
  int w = sig + n / 3 + 4;
  Mag two_n = Mag{1};
  for (int i = 0; i < n; ++i) two_n = AddMag(two_n, two_n);
  Decimal r = DivRound(ax, Decimal::FromMag(two_n, false, 0), w);
  Decimal sum = Decimal::FromInt64(1), term = Decimal::FromInt64(1);
  for (int64_t k = 1;; ++k) {
    term = DivRound(MulFinite(term, r), Decimal::FromInt64(k), w);
    if (term.is_zero()) break;
    sum = AddFinite(sum, term);
  }
  for (int i = 0; i < n; ++i) sum = RoundSig(MulFinite(sum, sum), w);
  if (x.negative()) return DivRound(Decimal::FromInt64(1), sum, rscale);
  return sum.Rounded(rscale);
}

absl::StatusOr<Decimal> ExpChecked(const Decimal& x, int rscale) {
  double val = ToDoubleNoOverflow(x);
  if (std::fabs(val) >= kMaxResultScale * 3) {
    if (val > 0) return Overflow();
    return Decimal::FromInt64(0).Rounded(rscale);
  }
  return ExpRound(x, rscale);
}

absl::Status CheckLnArg(const Decimal& x) {
  if (x.is_zero()) return Error(kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (x.negative()) return Error(kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  return absl::OkStatus();
}

// power_var_int(): base ^ exp for an int32 exponent.
absl::StatusOr<Decimal> PowerInt(const Decimal& base, int64_t exp, int rscale) {
  switch (exp) {
    case 0: return Decimal::FromInt64(1).Rounded(rscale);
    case 1: return base.Rounded(rscale);
    case -1:
      if (base.is_zero()) return DivisionByZero();
      return DivRound(Decimal::FromInt64(1), base, rscale);
    case 2: return MulFinite(base, base).Rounded(rscale);
    default: break;
  }
  if (base.is_zero()) {
    if (exp < 0) return DivisionByZero();
    return Decimal::FromInt64(0).Rounded(rscale);
  }
  int w = 0;
  std::vector<int16_t> digits;
  base.ToNbase(w, digits);
  double f = digits[0];
  int p = w * 4;
  for (size_t i = 1; i < digits.size() && i * 4 < 16; ++i) {
    f = f * 10000 + digits[i];
    p -= 4;
  }
  f = static_cast<double>(exp) * (std::log10(f) + p);
  if (f > 3 * 32767 * 4) return Overflow();
  if (f + 1 < -rscale || f + 1 < -kMaxDisplayScale) return Decimal::FromInt64(0).Rounded(rscale);
  int sig_digits = 1 + rscale + static_cast<int>(f);
  sig_digits += static_cast<int>(std::log(std::fabs(static_cast<double>(exp)))) + 8;
  bool neg = exp < 0;
  uint64_t mask = static_cast<uint64_t>(exp < 0 ? -exp : exp);
  Decimal base_prod = base;
  Decimal result = (mask & 1) ? base : Decimal::FromInt64(1);
  while ((mask >>= 1) > 0) {
    int local = sig_digits - 2 * NbaseWeight(base_prod) * 4;
    local = std::max(std::min(local, 2 * base_prod.scale()), 0);
    base_prod = MulFinite(base_prod, base_prod).Rounded(local);
    if (mask & 1) {
      local = sig_digits - (NbaseWeight(base_prod) + NbaseWeight(result)) * 4;
      local = std::max(std::min(local, base_prod.scale() + result.scale()), 0);
      result = MulFinite(base_prod, result).Rounded(local);
    }
    if (NbaseWeight(base_prod) > 32767 || NbaseWeight(result) > 32767) {
      if (!neg) return Overflow();
      return Decimal::FromInt64(0).Rounded(rscale);
    }
  }
  if (neg) {
    if (result.is_zero()) return DivisionByZero();
    return DivRound(Decimal::FromInt64(1), result, rscale);
  }
  return result.Rounded(rscale);
}

// power_var() of PostgreSQL 15 (finite inputs, errors for 0 ^ negative and
// negative ^ non-integer already raised).
absl::StatusOr<Decimal> PowerFinite(const Decimal& base, const Decimal& exp) {
  if (exp.IsIntegral()) {
    Decimal e = exp.Rounded(0);
    if (MagDigitCount(e.mag()) <= 10) {
      int64_t v = std::stoll(e.ToString());
      if (v >= INT32_MIN && v <= INT32_MAX) {
        int rscale = Clamp(std::max(kMinSigDigits, base.scale()), 0, kMaxDisplayScale);
        return PowerInt(base, v, rscale);
      }
    }
  }
  if (base.is_zero()) return Decimal::FromInt64(0).Rounded(kMinSigDigits);
  bool negative_result = false;
  Decimal b = base;
  if (base.negative()) {
    // exp is an integer here; odd exponents give a negative result.
    Decimal e = exp.Rounded(0);
    negative_result = !e.mag().empty() && (e.mag()[0] & 1) != 0;
    b = base.Abs();
  }
  int ln_dweight = EstimateLnDweight(b);
  int local = Clamp(8 - ln_dweight, 0, kMaxDisplayScale);
  Decimal ln_num = MulFinite(LnRound(b, local), exp).Rounded(local);
  double val = ToDoubleNoOverflow(ln_num);
  if (std::fabs(val) > kMaxResultScale * 3.01) {
    if (val > 0) return Overflow();
    return Decimal::FromInt64(0).Rounded(kMaxDisplayScale);
  }
  val *= 0.434294481903252;
  int rscale = kMinSigDigits - static_cast<int>(val);
  rscale = std::max({rscale, b.scale(), exp.scale()});
  rscale = Clamp(rscale, 0, kMaxDisplayScale);
  int sig_digits = std::max(rscale + static_cast<int>(val), 0);
  local = std::max(sig_digits - ln_dweight + 8, 0);
  ln_num = MulFinite(LnRound(b, local), exp).Rounded(local);
  auto result = ExpChecked(ln_num, rscale);
  if (!result.ok()) return result.status();
  return negative_result ? result->Negated() : *result;
}

}  // namespace

// ---- codec ----

namespace {

// Canonical text split for comparison without allocating: sort rank
// (-Infinity, finite, Infinity, NaN), sign, digits around the point with the
// fraction's trailing zeros dropped.
struct TextParts {
  int rank = 1;
  bool negative = false;
  std::string_view int_part, frac_part;
};

TextParts SplitText(std::string_view s) {
  TextParts p;
  if (s == "NaN") p.rank = 3;
  if (s == "Infinity") p.rank = 2;
  if (s == "-Infinity") p.rank = 0;
  if (p.rank != 1) return p;
  if (!s.empty() && s[0] == '-') {
    p.negative = true;
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  p.int_part = s.substr(0, dot);
  p.frac_part = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  while (!p.frac_part.empty() && p.frac_part.back() == '0') p.frac_part.remove_suffix(1);
  return p;
}

int CompareMagnitudeText(const TextParts& a, const TextParts& b) {
  if (a.int_part.size() != b.int_part.size()) return a.int_part.size() < b.int_part.size() ? -1 : 1;
  if (int c = a.int_part.compare(b.int_part); c != 0) return c < 0 ? -1 : 1;
  size_t n = std::max(a.frac_part.size(), b.frac_part.size());
  for (size_t i = 0; i < n; ++i) {
    char x = i < a.frac_part.size() ? a.frac_part[i] : '0';
    char y = i < b.frac_part.size() ? b.frac_part[i] : '0';
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace

int CompareText(std::string_view a, std::string_view b) {
  TextParts pa = SplitText(a), pb = SplitText(b);
  if (pa.rank != pb.rank) return pa.rank < pb.rank ? -1 : 1;
  if (pa.rank != 1) return 0;
  // Canonical text has no "-0", so a differing sign decides.
  if (pa.negative != pb.negative) return pa.negative ? -1 : 1;
  int c = CompareMagnitudeText(pa, pb);
  return pa.negative ? -c : c;
}

std::optional<int64_t> RoundToInt64(std::string_view s) {
  Decimal d = D(s);
  if (d.is_special()) return std::nullopt;
  Decimal r = d.Rounded(0);
  if (MagDigitCount(r.mag()) > 19) return std::nullopt;
  unsigned __int128 v = 0;
  for (size_t i = r.mag().size(); i-- > 0;) v = v * 1000000000u + r.mag()[i];
  unsigned __int128 limit = r.negative() ? static_cast<unsigned __int128>(INT64_MAX) + 1 : INT64_MAX;
  if (v > limit) return std::nullopt;
  return r.negative() ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
}

absl::StatusOr<int64_t> ToInteger(std::string_view s, TypeId target) {
  const char* name = target == TypeId::kInt2 ? "smallint" : target == TypeId::kInt4 ? "integer" : "bigint";
  Decimal d = D(s);
  if (d.is_nan()) return Error(sqlstate::kFeatureNotSupported, absl::StrCat("cannot convert NaN to ", name));
  if (d.is_inf()) return Error(sqlstate::kFeatureNotSupported, absl::StrCat("cannot convert infinity to ", name));
  auto v = RoundToInt64(s);
  int64_t lo = target == TypeId::kInt2 ? INT16_MIN : target == TypeId::kInt4 ? INT32_MIN : INT64_MIN;
  int64_t hi = target == TypeId::kInt2 ? INT16_MAX : target == TypeId::kInt4 ? INT32_MAX : INT64_MAX;
  if (!v.has_value() || *v < lo || *v > hi) {
    return Error(sqlstate::kNumericValueOutOfRange, absl::StrCat(name, " out of range"));
  }
  return *v;
}

void AppendText(const Type&, const Datum& value, std::string& out) { out += value.as_string(); }

absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text) {
  auto d = Decimal::Parse(text);
  if (!d.ok()) return d.status();
  auto s = ApplyTypmod(d->ToString(), type.typmod);
  if (!s.ok()) return s.status();
  return Datum::FromString(*std::move(s));
}

absl::Status AppendBinary(const Type&, const Datum& value, std::string& out) {
  Decimal d = D(value.as_string());
  int weight = 0;
  std::vector<int16_t> digits;
  uint16_t sign = 0;
  switch (d.kind()) {
    case Decimal::Kind::kNaN: sign = 0xC000; break;
    case Decimal::Kind::kPosInf: sign = 0xD000; break;
    case Decimal::Kind::kNegInf: sign = 0xF000; break;
    case Decimal::Kind::kFinite:
      d.ToNbase(weight, digits);
      sign = d.negative() ? 0x4000 : 0;
      break;
  }
  auto put16 = [&out](uint16_t v) {
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v & 0xFF));
  };
  put16(static_cast<uint16_t>(digits.size()));
  put16(static_cast<uint16_t>(static_cast<int16_t>(weight)));
  put16(sign);
  // PostgreSQL sends the infinities with dscale 32 (bits of their header).
  put16(static_cast<uint16_t>(d.is_inf() ? 0x20 : d.is_nan() ? 0 : d.scale()));
  for (int16_t digit : digits) put16(static_cast<uint16_t>(digit));
  return absl::OkStatus();
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes) {
  size_t pos = 0;
  auto get16 = [&](uint16_t& v) {
    if (bytes.size() - pos < 2) return false;
    v = static_cast<uint16_t>((static_cast<uint8_t>(bytes[pos]) << 8) | static_cast<uint8_t>(bytes[pos + 1]));
    pos += 2;
    return true;
  };
  auto short_data = [] { return Error(sqlstate::kInvalidBinaryRepresentation, "insufficient data left in message"); };
  uint16_t ndigits = 0, weight_bits = 0, sign = 0, dscale = 0;
  if (!get16(ndigits) || !get16(weight_bits) || !get16(sign)) return short_data();
  if (sign != 0 && sign != 0x4000 && sign != 0xC000 && sign != 0xD000 && sign != 0xF000) {
    return Error(sqlstate::kInvalidBinaryRepresentation, "invalid sign in external \"numeric\" value");
  }
  if (!get16(dscale)) return short_data();
  if ((dscale & 0x3FFF) != dscale) {
    return Error(sqlstate::kInvalidBinaryRepresentation, "invalid scale in external \"numeric\" value");
  }
  int weight = static_cast<int16_t>(weight_bits);
  std::string digits;  // decimal digits from 10^(4 * weight + 3) down
  for (uint16_t i = 0; i < ndigits; ++i) {
    uint16_t d = 0;
    if (!get16(d)) return short_data();
    if (d >= 10000) return Error(sqlstate::kInvalidBinaryRepresentation, "invalid digit in external \"numeric\" value");
    char buf[5];
    std::snprintf(buf, sizeof buf, "%04u", static_cast<unsigned>(d));
    digits.append(buf, 4);
  }
  if (pos != bytes.size()) return Error(sqlstate::kInvalidBinaryRepresentation, "incorrect binary data format");
  Decimal value;
  if (sign == 0xC000) {
    value = Decimal::NaN();
  } else if (sign == 0xD000 || sign == 0xF000) {
    value = Decimal::Inf(sign == 0xF000);
  } else {
    // digits * 10^(4 * (weight + 1) - digits.size()), truncated to dscale.
    int exp10 = 4 * (weight + 1) - static_cast<int>(digits.size());
    Decimal raw = Decimal::FromMag(MagFromDigits(digits), sign == 0x4000, 0);
    value = ShiftPow10(raw, exp10).Truncated(dscale);
    if (!FitsStorage(value)) return Overflow();
  }
  auto s = ApplyTypmod(value.ToString(), type.typmod);
  if (!s.ok()) return s.status();
  return Datum::FromString(*std::move(s));
}

int Compare(const Type&, const Datum& a, const Datum& b) { return CompareText(a.as_string(), b.as_string()); }

// ---- conversions and type modifiers ----

std::string FromInt64(int64_t v) { return std::to_string(v); }

std::string FromDouble(double v, bool is_float4) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  if (is_float4) {
    std::snprintf(buf, sizeof buf, "%.*g", 6, static_cast<double>(static_cast<float>(v)));
  } else {
    std::snprintf(buf, sizeof buf, "%.*g", 15, v);
  }
  auto d = Decimal::Parse(buf);
  return d.ok() ? d->ToString() : "NaN";
}

absl::StatusOr<double> ToDouble(std::string_view s, bool is_float4) {
  if (s == "NaN") return std::nan("");
  if (s == "Infinity") return HUGE_VAL;
  if (s == "-Infinity") return -HUGE_VAL;
  std::string text(s);
  errno = 0;
  double d = std::strtod(text.c_str(), nullptr);
  bool out_of_range = errno == ERANGE && (d == 0 || std::isinf(d));
  if (is_float4) {
    float f = static_cast<float>(d);
    if (std::isinf(f) || (f == 0 && d != 0)) out_of_range = true;
    d = f;
  }
  if (out_of_range) {
    return Error(sqlstate::kNumericValueOutOfRange,
                 absl::StrCat("\"", text, "\" is out of range for type ", is_float4 ? "real" : "double precision"));
  }
  return d;
}

absl::StatusOr<int32_t> MakeTypmod(int32_t precision, int32_t scale) {
  if (precision < 1 || precision > kMaxPrecision) {
    return Error(sqlstate::kInvalidParameterValue,
                 absl::StrCat("NUMERIC precision ", precision, " must be between 1 and ", kMaxPrecision));
  }
  if (scale < kMinScale || scale > kMaxScale) {
    return Error(sqlstate::kInvalidParameterValue, absl::StrCat("NUMERIC scale ", scale, " must be between ",
                                                                kMinScale, " and ", kMaxScale));
  }
  return ((precision << 16) | (scale & 0x7ff)) + 4;
}

int32_t TypmodPrecision(int32_t typmod) { return ((typmod - 4) >> 16) & 0xffff; }
int32_t TypmodScale(int32_t typmod) { return (((typmod - 4) & 0x7ff) ^ 1024) - 1024; }

absl::StatusOr<std::string> ApplyTypmod(std::string_view s, int32_t typmod) {
  if (typmod < 4) return std::string(s);
  int precision = TypmodPrecision(typmod), scale = TypmodScale(typmod);
  Decimal d = D(s);
  if (d.is_nan()) return std::string(s);
  if (d.is_inf()) {
    return Error(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .Detail(absl::StrCat("A field with precision ", precision, ", scale ", scale,
                             " cannot hold an infinite value."));
  }
  Decimal r = d.Rounded(scale);
  int maxdigits = precision - scale;
  if (!r.is_zero() && r.DecimalWeight() + 1 > maxdigits) {
    return Error(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .Detail(absl::StrCat("A field with precision ", precision, ", scale ", scale,
                             " must round to an absolute value less than ",
                             maxdigits != 0 ? absl::StrCat("10^", maxdigits) : std::string("1"), "."));
  }
  return r.ToString();
}

// ---- arithmetic ----

absl::StatusOr<std::string> Add(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (x.is_special() || y.is_special()) {
    if (x.is_nan() || y.is_nan()) return std::string("NaN");
    if (x.is_inf() && y.is_inf() && x.negative() != y.negative()) return std::string("NaN");
    return (x.is_inf() ? x : y).ToString();
  }
  return Result(AddFinite(x, y));
}

absl::StatusOr<std::string> Sub(std::string_view a, std::string_view b) { return Add(a, Neg(b)); }

absl::StatusOr<std::string> Mul(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (x.is_special() || y.is_special()) {
    if (x.is_nan() || y.is_nan()) return std::string("NaN");
    int sign = x.sign() * y.sign();
    if (sign == 0) return std::string("NaN");
    return Decimal::Inf(sign < 0).ToString();
  }
  Decimal r = MulFinite(x, y);
  if (r.scale() > kDscaleMax) r = r.Rounded(kDscaleMax);
  return Result(r);
}

namespace {

// The special cases numeric_div and numeric_div_trunc share; nullopt when
// both inputs are finite.
std::optional<absl::StatusOr<std::string>> DivSpecial(const Decimal& x, const Decimal& y) {
  if (!x.is_special() && !y.is_special()) return std::nullopt;
  if (x.is_nan() || y.is_nan()) return absl::StatusOr<std::string>(std::string("NaN"));
  if (x.is_inf()) {
    if (y.is_special()) return absl::StatusOr<std::string>(std::string("NaN"));
    if (y.is_zero()) return absl::StatusOr<std::string>(DivisionByZero());
    return absl::StatusOr<std::string>(Decimal::Inf(x.negative() != y.negative()).ToString());
  }
  return absl::StatusOr<std::string>(std::string("0"));
}

}  // namespace

absl::StatusOr<std::string> Div(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (auto special = DivSpecial(x, y)) return *special;
  if (y.is_zero()) return DivisionByZero();
  return Result(DivRound(x, y, SelectDivScale(x, y)));
}

absl::StatusOr<std::string> IntDiv(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (auto special = DivSpecial(x, y)) return *special;
  if (y.is_zero()) return DivisionByZero();
  return Result(DivTrunc(x, y));
}

namespace {

Decimal ModFinite(const Decimal& x, const Decimal& y) {
  Decimal q = DivTrunc(x, y);
  return SubFinite(x, MulFinite(y, q));
}

}  // namespace

absl::StatusOr<std::string> Mod(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (x.is_special() || y.is_special()) {
    if (x.is_nan() || y.is_nan()) return std::string("NaN");
    if (x.is_inf()) {
      if (y.is_zero()) return DivisionByZero();
      return std::string("NaN");
    }
    return x.ToString();
  }
  if (y.is_zero()) return DivisionByZero();
  return Result(ModFinite(x, y));
}

std::string Neg(std::string_view a) { return D(a).Negated().ToString(); }
std::string Abs(std::string_view a) { return D(a).Abs().ToString(); }

std::string Sign(std::string_view a) {
  Decimal x = D(a);
  if (x.is_nan()) return "NaN";
  return std::to_string(x.sign());
}

absl::StatusOr<std::string> Round(std::string_view a, int32_t scale) {
  Decimal x = D(a);
  if (x.is_special()) return std::string(a);
  return Result(x.Rounded(Clamp(scale, -kMaxResultScale, kMaxResultScale)));
}

absl::StatusOr<std::string> Trunc(std::string_view a, int32_t scale) {
  Decimal x = D(a);
  if (x.is_special()) return std::string(a);
  return Result(x.Truncated(Clamp(scale, -kMaxResultScale, kMaxResultScale)));
}

absl::StatusOr<std::string> Ceil(std::string_view a) {
  Decimal x = D(a);
  if (x.is_special()) return std::string(a);
  Decimal t = x.Truncated(0);
  if (Compare(x, t) > 0) t = AddFinite(t, Decimal::FromInt64(1));
  return Result(t);
}

absl::StatusOr<std::string> Floor(std::string_view a) {
  Decimal x = D(a);
  if (x.is_special()) return std::string(a);
  Decimal t = x.Truncated(0);
  if (Compare(x, t) < 0) t = SubFinite(t, Decimal::FromInt64(1));
  return Result(t);
}

absl::StatusOr<std::string> Sqrt(std::string_view a) {
  Decimal x = D(a);
  if (x.negative()) {
    return Error(kInvalidArgumentForPower, "cannot take square root of a negative number");
  }
  if (x.is_special()) return std::string(a);
  int weight = x.is_zero() ? 0 : NbaseWeight(x);
  int sweight = (weight + 1) * 4 / 2 - 1;
  int rscale = Clamp(std::max(kMinSigDigits - sweight, x.scale()), 0, kMaxDisplayScale);
  return Result(SqrtRound(x, rscale));
}

absl::StatusOr<std::string> Exp(std::string_view a) {
  Decimal x = D(a);
  if (x.is_special()) return x.kind() == Decimal::Kind::kNegInf ? std::string("0") : std::string(a);
  double val = ToDoubleNoOverflow(x) * 0.434294481903252;
  val = std::min(std::max(val, -static_cast<double>(kMaxResultScale)), static_cast<double>(kMaxResultScale));
  int rscale = Clamp(std::max(kMinSigDigits - static_cast<int>(val), x.scale()), 0, kMaxDisplayScale);
  auto r = ExpChecked(x, rscale);
  if (!r.ok()) return r.status();
  return Result(*r);
}

absl::StatusOr<std::string> Ln(std::string_view a) {
  Decimal x = D(a);
  if (x.kind() == Decimal::Kind::kNegInf) {
    return Error(kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  }
  if (x.is_special()) return std::string(a);
  if (auto s = CheckLnArg(x); !s.ok()) return s;
  int rscale = Clamp(std::max(kMinSigDigits - EstimateLnDweight(x), x.scale()), 0, kMaxDisplayScale);
  return Result(LnRound(x, rscale));
}

absl::StatusOr<std::string> Log10(std::string_view a) { return Log("10", a); }

absl::StatusOr<std::string> Log(std::string_view base, std::string_view a) {
  Decimal b = D(base), x = D(a);
  if (b.is_special() || x.is_special()) {
    if (b.is_nan() || x.is_nan()) return std::string("NaN");
    if (b.sign() < 0 || x.sign() < 0) {
      return Error(kInvalidArgumentForLog, "cannot take logarithm of a negative number");
    }
    if (b.sign() == 0 || x.sign() == 0) return Error(kInvalidArgumentForLog, "cannot take logarithm of zero");
    if (b.is_inf()) return std::string(x.is_inf() ? "NaN" : "0");
    return std::string("Infinity");
  }
  if (auto s = CheckLnArg(b); !s.ok()) return s;
  if (auto s = CheckLnArg(x); !s.ok()) return s;
  int ln_base_dweight = EstimateLnDweight(b), ln_num_dweight = EstimateLnDweight(x);
  int result_dweight = ln_num_dweight - ln_base_dweight;
  int rscale = std::max({kMinSigDigits - result_dweight, b.scale(), x.scale()});
  rscale = Clamp(rscale, 0, kMaxDisplayScale);
  int ln_base_rscale = std::max(rscale + result_dweight - ln_base_dweight + 8, 0);
  int ln_num_rscale = std::max(rscale + result_dweight - ln_num_dweight + 8, 0);
  Decimal ln_base = LnRound(b, ln_base_rscale);
  Decimal ln_num = LnRound(x, ln_num_rscale);
  if (ln_base.is_zero()) return DivisionByZero();
  return Result(DivRound(ln_num, ln_base, rscale));
}

absl::StatusOr<std::string> Power(std::string_view base, std::string_view exponent) {
  Decimal x = D(base), y = D(exponent);
  const Decimal one = Decimal::FromInt64(1);
  if (x.is_nan()) return std::string(!y.is_special() && y.is_zero() ? "1" : "NaN");
  if (y.is_nan()) return std::string(!x.is_special() && Compare(x, one) == 0 ? "1" : "NaN");
  int sign1 = x.sign(), sign2 = y.sign();
  if (sign1 == 0 && sign2 < 0) {
    return Error(kInvalidArgumentForPower, "zero raised to a negative power is undefined");
  }
  if (sign1 < 0 && !y.is_inf() && !y.IsIntegral()) {
    return Error(kInvalidArgumentForPower, "a negative number raised to a non-integer power yields a complex result");
  }
  if (x.is_special() || y.is_special()) {
    if (!x.is_special() && Compare(x, one) == 0) return std::string("1");
    if (sign2 == 0) return std::string("1");
    if (sign1 == 0 && sign2 > 0) return std::string("0");
    if (y.is_inf()) {
      bool abs_x_gt_one = true;
      if (!x.is_special()) {
        if (Compare(x, one.Negated()) == 0) return std::string("1");
        abs_x_gt_one = Compare(x.Abs(), one) > 0;
      }
      return std::string(abs_x_gt_one == (sign2 > 0) ? "Infinity" : "0");
    }
    if (x.kind() == Decimal::Kind::kPosInf) return std::string(sign2 > 0 ? "Infinity" : "0");
    if (sign2 < 0) return std::string("0");
    Decimal e = y.Truncated(0);
    bool odd = y.IsIntegral() && !e.mag().empty() && (e.mag()[0] & 1) != 0;
    return std::string(odd ? "-Infinity" : "Infinity");
  }
  auto r = PowerFinite(x, y);
  if (!r.ok()) return r.status();
  return Result(*r);
}

namespace {

Decimal GcdFinite(Decimal a, Decimal b) {
  int scale = std::max(a.scale(), b.scale());
  a = a.Abs();
  b = b.Abs();
  while (!b.is_zero()) {
    Decimal r = ModFinite(a, b);
    a = std::move(b);
    b = std::move(r);
  }
  return a.Rounded(scale);
}

}  // namespace

absl::StatusOr<std::string> Gcd(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (x.is_special() || y.is_special()) return std::string("NaN");
  return Result(GcdFinite(x, y));
}

absl::StatusOr<std::string> Lcm(std::string_view a, std::string_view b) {
  Decimal x = D(a), y = D(b);
  if (x.is_special() || y.is_special()) return std::string("NaN");
  int scale = std::max(x.scale(), y.scale());
  if (x.is_zero() || y.is_zero()) return Result(Decimal::FromInt64(0).Rounded(scale));
  Decimal g = GcdFinite(x, y);
  Decimal r = MulFinite(y, DivTrunc(x, g)).Abs();
  return Result(r.Rounded(scale));
}

std::optional<int32_t> Scale(std::string_view a) {
  Decimal x = D(a);
  if (x.is_special()) return std::nullopt;
  return x.scale();
}

std::optional<int32_t> MinScale(std::string_view a) {
  Decimal x = D(a);
  if (x.is_special()) return std::nullopt;
  return x.MinScale();
}

std::string TrimScale(std::string_view a) {
  Decimal x = D(a);
  if (x.is_special()) return std::string(a);
  return x.WithScale(x.MinScale()).ToString();
}

absl::StatusOr<int32_t> WidthBucket(std::string_view operand, std::string_view low, std::string_view high,
                                    int32_t count) {
  if (count <= 0) return Error(kInvalidArgumentForWidthBucket, "count must be greater than zero");
  Decimal op = D(operand), b1 = D(low), b2 = D(high);
  if (op.is_nan() || b1.is_nan() || b2.is_nan()) {
    return Error(kInvalidArgumentForWidthBucket, "operand, lower bound, and upper bound cannot be NaN");
  }
  if (b1.is_inf() || b2.is_inf()) {
    return Error(kInvalidArgumentForWidthBucket, "lower and upper bounds must be finite");
  }
  int c = Compare(b1, b2);
  if (c == 0) return Error(kInvalidArgumentForWidthBucket, "lower bound cannot equal upper bound");
  int64_t result = 0;
  bool reversed = c > 0;
  if (reversed ? Compare(op, b1) > 0 : Compare(op, b1) < 0) {
    result = 0;
  } else if (reversed ? Compare(op, b2) <= 0 : Compare(op, b2) >= 0) {
    result = static_cast<int64_t>(count) + 1;
  } else {
    Decimal num = reversed ? SubFinite(b1, op) : SubFinite(op, b1);
    Decimal den = reversed ? SubFinite(b1, b2) : SubFinite(b2, b1);
    Decimal q = DivTrunc(MulFinite(num, Decimal::FromInt64(count)), den);
    result = std::stoll(q.ToString()) + 1;
  }
  if (result > INT32_MAX) return Error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  return static_cast<int32_t>(result);
}

// ---- Accumulator ----

namespace {

constexpr __int128 kFastLimit = static_cast<__int128>(10000000000000000000ull) * 1000000000000000000ull;  // 1e37

__int128 Pow10_128(int k) {
  __int128 v = 1;
  for (int i = 0; i < k; ++i) v *= 10;
  return v;
}

__int128 Abs128(__int128 v) { return v < 0 ? -v : v; }

}  // namespace

void Accumulator::Spill() {
  Decimal small = Decimal::FromInt128(small_, scale_);
  Decimal total = big_active_ ? AddFinite(D(big_), small) : small;
  big_ = total.ToString();
  big_active_ = true;
  small_ = 0;
}

void Accumulator::AddSlow(int64_t v) {
  if (scale_ <= 18) {
    small_ += static_cast<__int128>(v) * Pow10_128(scale_);
    if (Abs128(small_) > kSpill) Spill();
    return;
  }
  Spill();
  big_ = AddFinite(D(big_), Decimal::FromInt64(v)).ToString();
}

void Accumulator::AddNumeric(std::string_view text) {
  if (text == "NaN") {
    ++nan_;
    return;
  }
  if (text == "Infinity") {
    ++pinf_;
    return;
  }
  if (text == "-Infinity") {
    ++ninf_;
    return;
  }
  // Fast path: at most 36 digits, brought to the common scale in __int128.
  bool negative = !text.empty() && text[0] == '-';
  std::string_view t = negative ? text.substr(1) : text;
  size_t dot = t.find('.');
  int scale = dot == std::string_view::npos ? 0 : static_cast<int>(t.size() - dot - 1);
  if (t.size() <= 37) {
    __int128 v = 0;
    for (char c : t) {
      if (c != '.') v = v * 10 + (c - '0');
    }
    if (negative) v = -v;
    if (scale > scale_) {
      int up = scale - scale_;
      if (up <= 36 && Abs128(small_) < kFastLimit / Pow10_128(up)) {
        small_ *= Pow10_128(up);
        scale_ = scale;
      } else {
        Spill();
        scale_ = scale;
      }
    }
    int up = scale_ - scale;
    if (up <= 36 && Abs128(v) < kFastLimit / Pow10_128(up)) {
      small_ += v * Pow10_128(up);
      if (Abs128(small_) > kSpill) Spill();
      return;
    }
  }
  Spill();
  scale_ = std::max(scale_, scale);
  big_ = AddFinite(D(big_), D(text)).ToString();
}

std::string Accumulator::Sum() const {
  if (nan_ > 0 || (pinf_ > 0 && ninf_ > 0)) return "NaN";
  if (pinf_ > 0) return "Infinity";
  if (ninf_ > 0) return "-Infinity";
  Decimal small = Decimal::FromInt128(small_, scale_);
  Decimal total = big_active_ ? AddFinite(D(big_), small) : small;
  return total.Rounded(scale_).ToString();
}

std::string Accumulator::Avg(int64_t count) const {
  std::string sum = Sum();
  auto avg = Div(sum, FromInt64(count));
  return avg.ok() ? *avg : "NaN";
}

}  // namespace freshet::types::numeric
