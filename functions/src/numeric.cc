// Numeric and math functions: pg_proc's names, argument and result types,
// with PostgreSQL 15's errors. numeric arithmetic lives in types/numeric.h;
// float8 functions follow float.c (including its overflow/underflow checks).
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "functions/registry.h"
#include "types/numeric.h"

namespace freshet::functions {
namespace {

using types::Datum;
using types::TypeId;
namespace num = types::numeric;

using Result = absl::StatusOr<Datum>;

constexpr char kInvalidArgumentForLog[] = "2201E";
constexpr char kInvalidArgumentForPower[] = "2201F";
constexpr char kInvalidArgumentForWidthBucket[] = "2201G";

absl::Status FloatOverflow() { return Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow"); }
absl::Status FloatUnderflow() { return Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow"); }
absl::Status InputOutOfRange() { return Error(sqlstate::kNumericValueOutOfRange, "input is out of range"); }
absl::Status DivisionByZero() { return Error(sqlstate::kDivisionByZero, "division by zero"); }

absl::Status IntOutOfRange(TypeId t) {
  const char* name = t == TypeId::kInt2 ? "smallint" : t == TypeId::kInt4 ? "integer" : "bigint";
  return Error(sqlstate::kNumericValueOutOfRange, absl::StrCat(name, " out of range"));
}

int64_t IntMin(TypeId t) {
  return t == TypeId::kInt2 ? INT16_MIN : t == TypeId::kInt4 ? INT32_MIN : INT64_MIN;
}
int64_t IntMax(TypeId t) {
  return t == TypeId::kInt2 ? INT16_MAX : t == TypeId::kInt4 ? INT32_MAX : INT64_MAX;
}

Result Text(absl::StatusOr<std::string> s) {
  if (!s.ok()) return s.status();
  return Datum::FromString(*std::move(s));
}

const std::string& S(const Args& a, size_t i) { return a[i].as_string(); }
double F(const Args& a, size_t i) { return a[i].as_double(); }

// float8 results that must not overflow to infinity from finite input, as
// float.c's check_float8_val.
Result CheckedFloat(double result, bool inf_ok, bool zero_ok) {
  if (std::isinf(result) && !inf_ok) return FloatOverflow();
  if (result == 0.0 && !zero_ok) return FloatUnderflow();
  return Datum::FromDouble(result);
}

// ---- integers ----

Result IntAbs(const Args& a) {
  int64_t v = a[0].as_int();
  if (v == IntMin(a.type(0).id)) return IntOutOfRange(a.type(0).id);
  return Datum::FromInt(v < 0 ? -v : v);
}

Result IntMod(const Args& a) {
  int64_t x = a[0].as_int(), y = a[1].as_int();
  if (y == 0) return DivisionByZero();
  if (y == -1) return Datum::FromInt(0);
  return Datum::FromInt(x % y);
}

unsigned __int128 AbsWide(int64_t v) {
  return v < 0 ? static_cast<unsigned __int128>(-static_cast<__int128>(v)) : static_cast<unsigned __int128>(v);
}

unsigned __int128 GcdWide(unsigned __int128 x, unsigned __int128 y) {
  while (y != 0) {
    unsigned __int128 r = x % y;
    x = y;
    y = r;
  }
  return x;
}

Result IntGcd(const Args& a) {
  TypeId t = a.result.id;
  unsigned __int128 g = GcdWide(AbsWide(a[0].as_int()), AbsWide(a[1].as_int()));
  if (g > static_cast<unsigned __int128>(IntMax(t))) return IntOutOfRange(t);
  return Datum::FromInt(static_cast<int64_t>(g));
}

Result IntLcm(const Args& a) {
  TypeId t = a.result.id;
  int64_t x = a[0].as_int(), y = a[1].as_int();
  if (x == 0 || y == 0) return Datum::FromInt(0);
  unsigned __int128 g = GcdWide(AbsWide(x), AbsWide(y));
  if (g > static_cast<unsigned __int128>(IntMax(t))) return IntOutOfRange(t);
  unsigned __int128 ax = AbsWide(x) / g, ay = AbsWide(y);
  // Both factors fit 64 bits, so the product fits 128.
  unsigned __int128 l = ax * ay;
  if (l > static_cast<unsigned __int128>(IntMax(t))) return IntOutOfRange(t);
  return Datum::FromInt(static_cast<int64_t>(l));
}

// ---- float8 ----

Result FloatAbs(const Args& a) { return Datum::FromDouble(std::fabs(F(a, 0))); }
Result FloatRound(const Args& a) { return Datum::FromDouble(std::rint(F(a, 0))); }
Result FloatTrunc(const Args& a) { return Datum::FromDouble(std::trunc(F(a, 0))); }
Result FloatCeil(const Args& a) { return Datum::FromDouble(std::ceil(F(a, 0))); }
Result FloatFloor(const Args& a) { return Datum::FromDouble(std::floor(F(a, 0))); }

Result FloatSign(const Args& a) {
  double x = F(a, 0);
  return Datum::FromDouble(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
}

Result FloatSqrt(const Args& a) {
  double x = F(a, 0);
  if (x < 0) return Error(kInvalidArgumentForPower, "cannot take square root of a negative number");
  return CheckedFloat(std::sqrt(x), std::isinf(x), x == 0);
}

Result FloatCbrt(const Args& a) {
  double x = F(a, 0);
  return CheckedFloat(std::cbrt(x), std::isinf(x), x == 0);
}

Result FloatExp(const Args& a) {
  double x = F(a, 0);
  if (std::isnan(x)) return Datum::FromDouble(x);
  if (std::isinf(x)) return Datum::FromDouble(x > 0 ? x : 0.0);
  errno = 0;
  double r = std::exp(x);
  if (errno == ERANGE) return r != 0.0 ? FloatOverflow() : FloatUnderflow();
  return CheckedFloat(r, false, false);
}

absl::Status CheckLogArg(double x) {
  if (x == 0.0) return Error(kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (x < 0) return Error(kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  return absl::OkStatus();
}

Result FloatLn(const Args& a) {
  double x = F(a, 0);
  if (auto s = CheckLogArg(x); !s.ok()) return s;
  return CheckedFloat(std::log(x), std::isinf(x), x == 1.0);
}

Result FloatLog10(const Args& a) {
  double x = F(a, 0);
  if (auto s = CheckLogArg(x); !s.ok()) return s;
  return CheckedFloat(std::log10(x), std::isinf(x), x == 1.0);
}

// dpow(): POSIX pow() semantics spelled out, as PostgreSQL does.
Result FloatPow(const Args& a) {
  double x = F(a, 0), y = F(a, 1);
  if (std::isnan(x)) return Datum::FromDouble(std::isnan(y) || y != 0.0 ? x : 1.0);
  if (std::isnan(y)) return Datum::FromDouble(x != 1.0 ? y : 1.0);
  if (x == 0 && y < 0) return Error(kInvalidArgumentForPower, "zero raised to a negative power is undefined");
  if (x < 0 && std::floor(y) != y) {
    return Error(kInvalidArgumentForPower, "a negative number raised to a non-integer power yields a complex result");
  }
  double result;
  if (std::isinf(y)) {
    double absx = std::fabs(x);
    if (absx == 1.0) {
      result = 1.0;
    } else if (y > 0) {
      result = absx > 1.0 ? y : 0.0;
    } else {
      result = absx > 1.0 ? 0.0 : -y;
    }
  } else if (std::isinf(x)) {
    if (y == 0.0) {
      result = 1.0;
    } else if (x > 0) {
      result = y > 0 ? x : 0.0;
    } else {
      double halfy = y / 2;
      bool odd = std::floor(halfy) != halfy;
      if (y > 0) {
        result = odd ? x : -x;
      } else {
        result = odd ? -0.0 : 0.0;
      }
    }
  } else {
    errno = 0;
    result = std::pow(x, y);
    if (errno == EDOM || std::isnan(result)) {
      if (x == 0.0) {
        result = 0.0;
      } else {
        double absx = std::fabs(x);
        if (absx == 1.0) {
          result = 1.0;
        } else if (y >= 0.0 ? absx > 1.0 : absx < 1.0) {
          return FloatOverflow();
        } else {
          return FloatUnderflow();
        }
      }
    } else if (errno == ERANGE) {
      return result != 0.0 ? FloatOverflow() : FloatUnderflow();
    } else {
      if (std::isinf(result)) return FloatOverflow();
      if (result == 0.0 && x != 0.0) return FloatUnderflow();
    }
  }
  return Datum::FromDouble(result);
}

constexpr double kRadiansPerDegree = 0.0174532925199432957692;

Result FloatDegrees(const Args& a) {
  double x = F(a, 0);
  return CheckedFloat(x / kRadiansPerDegree, std::isinf(x), x == 0.0);
}

Result FloatRadians(const Args& a) {
  double x = F(a, 0);
  return CheckedFloat(x * kRadiansPerDegree, std::isinf(x), x == 0.0);
}

Result Pi(const Args&) { return Datum::FromDouble(M_PI); }

// sin, cos, tan, cot: NaN passes, infinity is out of range.
template <double (*Fn)(double), bool kInfResultOk>
Result Trig(const Args& a) {
  double x = F(a, 0);
  if (std::isnan(x)) return Datum::FromDouble(x);
  if (std::isinf(x)) return InputOutOfRange();
  double r = Fn(x);
  if (!kInfResultOk && std::isinf(r)) return FloatOverflow();
  return Datum::FromDouble(r);
}

double Cot(double x) { return 1.0 / std::tan(x); }
double Sin(double x) { return std::sin(x); }
double Cos(double x) { return std::cos(x); }
double Tan(double x) { return std::tan(x); }

template <double (*Fn)(double)>
Result InverseTrig(const Args& a) {
  double x = F(a, 0);
  if (std::isnan(x)) return Datum::FromDouble(x);
  if (x < -1.0 || x > 1.0) return InputOutOfRange();
  return Datum::FromDouble(Fn(x));
}

double Asin(double x) { return std::asin(x); }
double Acos(double x) { return std::acos(x); }

Result FloatAtan(const Args& a) {
  double x = F(a, 0);
  if (std::isnan(x)) return Datum::FromDouble(x);
  return Datum::FromDouble(std::atan(x));
}

Result FloatAtan2(const Args& a) {
  double y = F(a, 0), x = F(a, 1);
  if (std::isnan(y) || std::isnan(x)) return Datum::FromDouble(std::nan(""));
  return Datum::FromDouble(std::atan2(y, x));
}

Result Random(const Args&) {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  // 52 random mantissa bits, as pg_prng_double: uniform in [0, 1).
  return Datum::FromDouble(static_cast<double>(gen() >> 11) * 0x1.0p-53);
}

Result FloatWidthBucket(const Args& a) {
  double op = F(a, 0), b1 = F(a, 1), b2 = F(a, 2);
  int64_t count = a[3].as_int();
  if (count <= 0) return Error(kInvalidArgumentForWidthBucket, "count must be greater than zero");
  if (std::isnan(op) || std::isnan(b1) || std::isnan(b2)) {
    return Error(kInvalidArgumentForWidthBucket, "operand, lower bound, and upper bound cannot be NaN");
  }
  if (std::isinf(b1) || std::isinf(b2)) {
    return Error(kInvalidArgumentForWidthBucket, "lower and upper bounds must be finite");
  }
  int64_t result;
  if (b1 < b2) {
    if (op < b1) {
      result = 0;
    } else if (op >= b2) {
      result = count + 1;
    } else {
      result = static_cast<int32_t>((static_cast<double>(count) * (op - b1) / (b2 - b1)) + 1);
    }
  } else if (b1 > b2) {
    if (op > b1) {
      result = 0;
    } else if (op <= b2) {
      result = count + 1;
    } else {
      result = static_cast<int32_t>((static_cast<double>(count) * (b1 - op) / (b1 - b2)) + 1);
    }
  } else {
    return Error(kInvalidArgumentForWidthBucket, "lower bound cannot equal upper bound");
  }
  if (result > INT32_MAX) return IntOutOfRange(TypeId::kInt4);
  return Datum::FromInt(result);
}

// ---- numeric ----

Result NumAbs(const Args& a) { return Datum::FromString(num::Abs(S(a, 0))); }
Result NumRound(const Args& a) { return Text(num::Round(S(a, 0), 0)); }
Result NumRoundScale(const Args& a) { return Text(num::Round(S(a, 0), static_cast<int32_t>(a[1].as_int()))); }
Result NumTrunc(const Args& a) { return Text(num::Trunc(S(a, 0), 0)); }
Result NumTruncScale(const Args& a) { return Text(num::Trunc(S(a, 0), static_cast<int32_t>(a[1].as_int()))); }
Result NumCeil(const Args& a) { return Text(num::Ceil(S(a, 0))); }
Result NumFloor(const Args& a) { return Text(num::Floor(S(a, 0))); }
Result NumSign(const Args& a) { return Datum::FromString(num::Sign(S(a, 0))); }
Result NumSqrt(const Args& a) { return Text(num::Sqrt(S(a, 0))); }
Result NumExp(const Args& a) { return Text(num::Exp(S(a, 0))); }
Result NumLn(const Args& a) { return Text(num::Ln(S(a, 0))); }
Result NumLog10(const Args& a) { return Text(num::Log10(S(a, 0))); }
Result NumLog(const Args& a) { return Text(num::Log(S(a, 0), S(a, 1))); }
Result NumPower(const Args& a) { return Text(num::Power(S(a, 0), S(a, 1))); }
Result NumMod(const Args& a) { return Text(num::Mod(S(a, 0), S(a, 1))); }
Result NumDiv(const Args& a) { return Text(num::IntDiv(S(a, 0), S(a, 1))); }
Result NumGcd(const Args& a) { return Text(num::Gcd(S(a, 0), S(a, 1))); }
Result NumLcm(const Args& a) { return Text(num::Lcm(S(a, 0), S(a, 1))); }
Result NumTrimScale(const Args& a) { return Datum::FromString(num::TrimScale(S(a, 0))); }

Result NumScale(const Args& a) {
  auto s = num::Scale(S(a, 0));
  return s.has_value() ? Datum::FromInt(*s) : Datum();
}

Result NumMinScale(const Args& a) {
  auto s = num::MinScale(S(a, 0));
  return s.has_value() ? Datum::FromInt(*s) : Datum();
}

Result NumWidthBucket(const Args& a) {
  auto r = num::WidthBucket(S(a, 0), S(a, 1), S(a, 2), static_cast<int32_t>(a[3].as_int()));
  if (!r.ok()) return r.status();
  return Datum::FromInt(*r);
}

// ---- casts ----

Result IntToNumeric(const Args& a) {
  return Text(num::ApplyTypmod(num::FromInt64(a[0].as_int()), a.result.typmod));
}

Result FloatToNumeric(const Args& a) {
  bool is_float4 = a.type(0).id == TypeId::kFloat4;
  return Text(num::ApplyTypmod(num::FromDouble(F(a, 0), is_float4), a.result.typmod));
}

Result NumericToInt(const Args& a) {
  auto v = num::ToInteger(S(a, 0), a.result.id);
  if (!v.ok()) return v.status();
  return Datum::FromInt(*v);
}

Result NumericToFloat(const Args& a) {
  auto v = num::ToDouble(S(a, 0), a.result.id == TypeId::kFloat4);
  if (!v.ok()) return v.status();
  return Datum::FromDouble(*v);
}

Result NumericToNumeric(const Args& a) { return Text(num::ApplyTypmod(S(a, 0), a.result.typmod)); }

// ---- bitwise operators on integers (as C on two's complement, like
// PostgreSQL's int2/int4/int8 and, or, xor, not, shl, shr) ----

int64_t Narrow(TypeId t, uint64_t v) {
  if (t == TypeId::kInt2) return static_cast<int16_t>(v);
  if (t == TypeId::kInt4) return static_cast<int32_t>(v);
  return static_cast<int64_t>(v);
}

template <char kOp>
Result IntBitwise(const Args& a) {
  uint64_t x = static_cast<uint64_t>(a[0].as_int()), y = static_cast<uint64_t>(a[1].as_int());
  uint64_t r = kOp == '&' ? (x & y) : kOp == '|' ? (x | y) : (x ^ y);
  return Datum::FromInt(Narrow(a.type(0).id, r));
}

Result IntNot(const Args& a) { return Datum::FromInt(Narrow(a.type(0).id, ~static_cast<uint64_t>(a[0].as_int()))); }

template <bool kLeft>
Result IntShift(const Args& a) {
  TypeId t = a.type(0).id;
  // The shift count wraps at the width of the C type PostgreSQL computes in.
  int width = t == TypeId::kInt8 ? 64 : 32;
  int n = static_cast<int>(a[1].as_int() & (width - 1));
  int64_t x = a[0].as_int();
  if (kLeft) return Datum::FromInt(Narrow(t, width == 64 ? static_cast<uint64_t>(x) << n
                                                         : static_cast<uint64_t>(static_cast<uint32_t>(x) << n)));
  return Datum::FromInt(Narrow(t, static_cast<uint64_t>(x >> n)));
}

}  // namespace

void RegisterNumeric(Registry& r) {
  constexpr TypeId i2 = TypeId::kInt2, i4 = TypeId::kInt4, i8 = TypeId::kInt8;
  constexpr TypeId f4 = TypeId::kFloat4, f8 = TypeId::kFloat8, n = TypeId::kNumeric;
  // The operator spellings of math functions.
  r.AddOperator("^", {f8, f8}, f8, FloatPow);
  r.AddOperator("^", {n, n}, n, NumPower);
  r.AddOperator("|/", {f8}, f8, FloatSqrt);
  r.AddOperator("||/", {f8}, f8, FloatCbrt);
  for (TypeId t : {i2, i4, i8}) {
    r.AddOperator("@", {t}, t, IntAbs);
    r.AddOperator("&", {t, t}, t, IntBitwise<'&'>);
    r.AddOperator("|", {t, t}, t, IntBitwise<'|'>);
    r.AddOperator("#", {t, t}, t, IntBitwise<'#'>);
    r.AddOperator("~", {t}, t, IntNot);
    r.AddOperator("<<", {t, i4}, t, IntShift<true>);
    r.AddOperator(">>", {t, i4}, t, IntShift<false>);
  }
  r.AddOperator("@", {f4}, f4, FloatAbs);
  r.AddOperator("@", {f8}, f8, FloatAbs);
  r.AddOperator("@", {n}, n, NumAbs);

  for (TypeId t : {i2, i4, i8}) r.AddFunction("abs", {t}, t, IntAbs);
  r.AddFunction("abs", {f4}, f4, FloatAbs);
  r.AddFunction("abs", {f8}, f8, FloatAbs);
  r.AddFunction("abs", {n}, n, NumAbs);

  r.AddFunction("round", {f8}, f8, FloatRound);
  r.AddFunction("round", {n}, n, NumRound);
  r.AddFunction("round", {n, i4}, n, NumRoundScale);
  r.AddFunction("trunc", {f8}, f8, FloatTrunc);
  r.AddFunction("trunc", {n}, n, NumTrunc);
  r.AddFunction("trunc", {n, i4}, n, NumTruncScale);
  for (const char* name : {"ceil", "ceiling"}) {
    r.AddFunction(name, {f8}, f8, FloatCeil);
    r.AddFunction(name, {n}, n, NumCeil);
  }
  r.AddFunction("floor", {f8}, f8, FloatFloor);
  r.AddFunction("floor", {n}, n, NumFloor);
  r.AddFunction("sign", {f8}, f8, FloatSign);
  r.AddFunction("sign", {n}, n, NumSign);

  r.AddFunction("sqrt", {f8}, f8, FloatSqrt);
  r.AddFunction("sqrt", {n}, n, NumSqrt);
  r.AddFunction("cbrt", {f8}, f8, FloatCbrt);
  for (const char* name : {"power", "pow"}) {
    r.AddFunction(name, {f8, f8}, f8, FloatPow);
    r.AddFunction(name, {n, n}, n, NumPower);
  }
  r.AddFunction("exp", {f8}, f8, FloatExp);
  r.AddFunction("exp", {n}, n, NumExp);
  r.AddFunction("ln", {f8}, f8, FloatLn);
  r.AddFunction("ln", {n}, n, NumLn);
  r.AddFunction("log", {f8}, f8, FloatLog10);
  r.AddFunction("log", {n}, n, NumLog10);
  r.AddFunction("log", {n, n}, n, NumLog);
  r.AddFunction("log10", {f8}, f8, FloatLog10);
  r.AddFunction("log10", {n}, n, NumLog10);

  for (TypeId t : {i2, i4, i8}) r.AddFunction("mod", {t, t}, t, IntMod);
  r.AddFunction("mod", {n, n}, n, NumMod);
  r.AddFunction("div", {n, n}, n, NumDiv);
  for (TypeId t : {i4, i8}) {
    r.AddFunction("gcd", {t, t}, t, IntGcd);
    r.AddFunction("lcm", {t, t}, t, IntLcm);
  }
  r.AddFunction("gcd", {n, n}, n, NumGcd);
  r.AddFunction("lcm", {n, n}, n, NumLcm);

  r.AddFunction("pi", {}, f8, Pi);
  r.AddFunction("degrees", {f8}, f8, FloatDegrees);
  r.AddFunction("radians", {f8}, f8, FloatRadians);
  r.AddFunction("sin", {f8}, f8, Trig<Sin, false>);
  r.AddFunction("cos", {f8}, f8, Trig<Cos, false>);
  r.AddFunction("tan", {f8}, f8, Trig<Tan, true>);
  r.AddFunction("cot", {f8}, f8, Trig<Cot, true>);
  r.AddFunction("asin", {f8}, f8, InverseTrig<Asin>);
  r.AddFunction("acos", {f8}, f8, InverseTrig<Acos>);
  r.AddFunction("atan", {f8}, f8, FloatAtan);
  r.AddFunction("atan2", {f8, f8}, f8, FloatAtan2);
  r.AddFunction("random", {}, f8, Random, /*is_volatile=*/true);

  r.AddFunction("width_bucket", {f8, f8, f8, i4}, i4, FloatWidthBucket);
  r.AddFunction("width_bucket", {n, n, n, i4}, i4, NumWidthBucket);
  r.AddFunction("scale", {n}, i4, NumScale);
  r.AddFunction("min_scale", {n}, i4, NumMinScale);
  r.AddFunction("trim_scale", {n}, n, NumTrimScale);

  // pg_cast rows to and from numeric (I/O casts through text are generic).
  for (TypeId t : {i2, i4, i8}) {
    r.AddCast(CastDef{t, n, CastContext::kImplicit, IntToNumeric});
    r.AddCast(CastDef{n, t, CastContext::kAssignment, NumericToInt});
  }
  for (TypeId t : {f4, f8}) {
    r.AddCast(CastDef{t, n, CastContext::kAssignment, FloatToNumeric});
    r.AddCast(CastDef{n, t, CastContext::kImplicit, NumericToFloat});
  }
  // numeric(p, s) length coercion (pg_cast numeric -> numeric, implicit).
  r.AddCast(CastDef{n, n, CastContext::kImplicit, NumericToNumeric});
}

}  // namespace freshet::functions
