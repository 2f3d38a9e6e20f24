#include "testkit/pg_values.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace freshet::testkit {
namespace {

// pg_type OIDs and names of PostgreSQL 15's built-in types that tests meet
// (checked against pg_type of a PostgreSQL 15.18 cluster).
constexpr std::pair<Oid, const char*> kTypes[] = {
    {16, "bool"},          {17, "bytea"},        {18, "char"},         {19, "name"},
    {20, "int8"},          {21, "int2"},         {22, "int2vector"},   {23, "int4"},
    {24, "regproc"},       {25, "text"},         {26, "oid"},          {27, "tid"},
    {28, "xid"},           {29, "cid"},          {30, "oidvector"},    {114, "json"},
    {142, "xml"},          {194, "pg_node_tree"}, {600, "point"},      {601, "lseg"},
    {602, "path"},         {603, "box"},         {604, "polygon"},     {628, "line"},
    {650, "cidr"},         {700, "float4"},      {701, "float8"},      {705, "unknown"},
    {718, "circle"},       {774, "macaddr8"},    {790, "money"},       {829, "macaddr"},
    {869, "inet"},         {1033, "aclitem"},    {1042, "bpchar"},     {1043, "varchar"},
    {1082, "date"},        {1083, "time"},       {1114, "timestamp"},  {1184, "timestamptz"},
    {1186, "interval"},    {1266, "timetz"},     {1560, "bit"},        {1562, "varbit"},
    {1700, "numeric"},     {1790, "refcursor"},  {2202, "regprocedure"}, {2203, "regoper"},
    {2204, "regoperator"}, {2205, "regclass"},   {2206, "regtype"},    {2249, "record"},
    {2275, "cstring"},     {2276, "any"},        {2277, "anyarray"},   {2278, "void"},
    {2283, "anyelement"},  {2776, "anynonarray"}, {2950, "uuid"},      {3220, "pg_lsn"},
    {3614, "tsvector"},    {3615, "tsquery"},    {3802, "jsonb"},      {3904, "int4range"},
    {3906, "numrange"},    {3908, "tsrange"},    {3910, "tstzrange"},  {3912, "daterange"},
    {3926, "int8range"},   {4072, "jsonpath"},   {4089, "regnamespace"}, {4096, "regrole"},
    {5069, "xid8"},
    // Arrays.
    {143, "_xml"},         {199, "_json"},       {629, "_line"},       {651, "_cidr"},
    {1000, "_bool"},       {1001, "_bytea"},     {1002, "_char"},      {1003, "_name"},
    {1005, "_int2"},       {1007, "_int4"},      {1009, "_text"},      {1014, "_bpchar"},
    {1015, "_varchar"},    {1016, "_int8"},      {1017, "_point"},     {1021, "_float4"},
    {1022, "_float8"},     {1028, "_oid"},       {1040, "_macaddr"},   {1041, "_inet"},
    {1115, "_timestamp"},  {1182, "_date"},      {1183, "_time"},      {1185, "_timestamptz"},
    {1187, "_interval"},   {1231, "_numeric"},   {1270, "_timetz"},    {1561, "_bit"},
    {1563, "_varbit"},     {2210, "_regclass"},  {2211, "_regtype"},   {2287, "_record"},
    {2951, "_uuid"},       {3807, "_jsonb"},     {3905, "_int4range"}, {3907, "_numrange"},
    {3927, "_int8range"},
};

uint64_t BigEndian(const char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

void AppendHex(std::string& out, const char* p, int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < n; ++i) {
    out.push_back(kHex[static_cast<unsigned char>(p[i]) >> 4]);
    out.push_back(kHex[static_cast<unsigned char>(p[i]) & 15]);
  }
}

// Decimal digits d1 d2 ... dn (no trailing zeros) and the exponent X of the
// value d1.d2...dn × 10^X.
struct Decimal {
  std::string digits;
  int exponent = 0;
  bool operator==(const Decimal&) const = default;
};

void StripTrailingZeros(Decimal& d) {
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
}

// The exact decimal value of mantissa × 2^exp2 (a small arbitrary-precision
// multiply in base 10^9).
Decimal ExactDecimal(uint64_t mantissa, int exp2) {
  std::vector<uint32_t> limbs;  // little-endian, base 1e9
  for (uint64_t m = mantissa; m > 0; m /= 1000000000) limbs.push_back(static_cast<uint32_t>(m % 1000000000));
  auto multiply = [&](uint32_t k) {
    uint64_t carry = 0;
    for (auto& limb : limbs) {
      uint64_t v = static_cast<uint64_t>(limb) * k + carry;
      limb = static_cast<uint32_t>(v % 1000000000);
      carry = v / 1000000000;
    }
    while (carry > 0) {
      limbs.push_back(static_cast<uint32_t>(carry % 1000000000));
      carry /= 1000000000;
    }
  };
  // 2^e = 10^e / 5^e: for a negative e multiply by 5^-e and shift the point.
  for (int left = exp2 < 0 ? -exp2 : exp2; left > 0;) {
    int step = std::min(left, exp2 < 0 ? 13 : 29);
    uint32_t factor = 1;
    for (int i = 0; i < step; ++i) factor *= exp2 < 0 ? 5 : 2;
    multiply(factor);
    left -= step;
  }
  Decimal d;
  d.digits = limbs.empty() ? "0" : std::to_string(limbs.back());
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    std::string part = std::to_string(limbs[i]);
    d.digits += std::string(9 - part.size(), '0') + part;
  }
  d.exponent = static_cast<int>(d.digits.size()) - 1 + (exp2 < 0 ? exp2 : 0);
  StripTrailingZeros(d);
  return d;
}

// x as an integer mantissa and a power of two (x = m × 2^e), exactly.
template <typename F>
std::pair<uint64_t, int> Binary(F x) {
  constexpr int kBits = std::numeric_limits<F>::digits;
  int e;
  double fraction = std::frexp(static_cast<double>(x), &e);
  return {static_cast<uint64_t>(std::ldexp(fraction, kBits)), e - kBits};
}

// The exact midpoint between the adjacent finite values a and b.
template <typename F>
Decimal Midpoint(F a, F b) {
  auto [ma, ea] = Binary(a);
  auto [mb, eb] = Binary(b);
  int e = std::min(ea, eb);
  uint64_t sum = (ma << (ea - e)) + (mb << (eb - e));
  return ExactDecimal(sum, e - 1);
}

// Digits and exponent of a to_chars scientific string such as "1.25e-07".
Decimal ParseScientific(const char* begin, const char* end) {
  Decimal d;
  const char* e = std::find(begin, end, 'e');
  for (const char* p = begin; p < e; ++p) {
    if (*p != '.') d.digits.push_back(*p);
  }
  const char* exp = e + 1;
  if (exp < end && *exp == '+') ++exp;
  std::from_chars(exp, end, d.exponent);
  StripTrailingZeros(d);
  return d;
}

// PostgreSQL's shortest float output (src/common/d2s.c and f2s.c, built
// without STRICTLY_SHORTEST): the shortest digits that lie strictly between
// the midpoints to the neighbouring values (std::to_chars also accepts a
// midpoint that reads back by round-half-even, so such a result is
// lengthened), written in fixed notation when the decimal exponent is in
// [-4, max_fixed_exponent) and as d.ddde±XX otherwise.
template <typename F>
std::string ShortestFloatText(F value, int max_fixed_exponent) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  bool negative = std::signbit(value);
  F v = std::fabs(value);
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  Decimal d = ParseScientific(buf, r.ptr);
  if (v != 0) {
    F lower = std::nextafter(v, F(0));
    F upper = std::nextafter(v, std::numeric_limits<F>::infinity());
    auto on_boundary = [&](const Decimal& c) {
      return (lower > 0 && c == Midpoint(lower, v)) || (!std::isinf(upper) && c == Midpoint(v, upper));
    };
    constexpr int kMaxDigits = std::numeric_limits<F>::max_digits10;
    for (int digits = static_cast<int>(d.digits.size()) + 1; on_boundary(d) && digits <= kMaxDigits; ++digits) {
      r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, digits - 1);
      d = ParseScientific(buf, r.ptr);
    }
  }
  std::string out = negative ? "-" : "";
  const std::string& digits = d.digits;
  int exponent = d.exponent;
  if (exponent < -4 || exponent >= max_fixed_exponent) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    int magnitude = exponent < 0 ? -exponent : exponent;
    std::string exp_digits = std::to_string(magnitude);
    if (exp_digits.size() < 2) exp_digits.insert(0, "0");
    return absl::StrCat(out, "e", exponent < 0 ? "-" : "+", exp_digits);
  }
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out += digits;
  } else if (digits.size() <= static_cast<size_t>(exponent) + 1) {
    out += digits;
    out.append(static_cast<size_t>(exponent) + 1 - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<size_t>(exponent) + 1);
    out += ".";
    out += digits.substr(static_cast<size_t>(exponent) + 1);
  }
  return out;
}

absl::Status WrongLength(Oid type, int length) {
  return absl::InvalidArgumentError(
      absl::StrCat("binary value of type ", TypeNameOf(type), " has an unexpected length of ", length, " bytes"));
}

}  // namespace

std::optional<Oid> TypeOidByName(const std::string& name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "[]") == 0) {
    lower = "_" + lower.substr(0, lower.size() - 2);
  }
  for (const auto& [oid, type_name] : kTypes) {
    if (lower == type_name) return oid;
  }
  uint32_t oid;
  if (!lower.empty() && absl::ascii_isdigit(static_cast<unsigned char>(lower[0])) && absl::SimpleAtoi(lower, &oid)) {
    return oid;
  }
  return std::nullopt;
}

std::string TypeNameOf(Oid oid) {
  for (const auto& [type_oid, name] : kTypes) {
    if (type_oid == oid) return name;
  }
  return absl::StrCat(oid);
}

std::string Float8ToText(double value) { return ShortestFloatText(value, 15); }
std::string Float4ToText(float value) { return ShortestFloatText(value, 6); }

absl::StatusOr<std::string> BinaryToText(Oid type, const char* data, int length) {
  auto need = [&](int n) { return length == n ? absl::OkStatus() : WrongLength(type, length); };
  switch (type) {
    case 16:  // bool
      if (auto s = need(1); !s.ok()) return s;
      return std::string(data[0] ? "t" : "f");
    case 21:  // int2
      if (auto s = need(2); !s.ok()) return s;
      return absl::StrCat(static_cast<int16_t>(BigEndian(data, 2)));
    case 23:  // int4
      if (auto s = need(4); !s.ok()) return s;
      return absl::StrCat(static_cast<int32_t>(BigEndian(data, 4)));
    case 26:  // oid
      if (auto s = need(4); !s.ok()) return s;
      return absl::StrCat(static_cast<uint32_t>(BigEndian(data, 4)));
    case 20:  // int8
      if (auto s = need(8); !s.ok()) return s;
      return absl::StrCat(static_cast<int64_t>(BigEndian(data, 8)));
    case 700: {  // float4
      if (auto s = need(4); !s.ok()) return s;
      uint32_t bits = static_cast<uint32_t>(BigEndian(data, 4));
      float f;
      std::memcpy(&f, &bits, sizeof f);
      return Float4ToText(f);
    }
    case 701: {  // float8
      if (auto s = need(8); !s.ok()) return s;
      uint64_t bits = BigEndian(data, 8);
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return Float8ToText(d);
    }
    case 25: case 1043: case 1042: case 19: case 705: case 114:  // text, varchar, bpchar, name, unknown, json
      return std::string(data, static_cast<size_t>(length));
    case 3802:  // jsonb: a version byte (1), then the text
      if (length < 1 || data[0] != 1) return absl::InvalidArgumentError("binary jsonb value without version 1");
      return std::string(data + 1, static_cast<size_t>(length - 1));
    case 2278:  // void
      if (auto s = need(0); !s.ok()) return s;
      return std::string();
    case 17: {  // bytea, in the default bytea_output = hex
      std::string out = "\\x";
      AppendHex(out, data, length);
      return out;
    }
    case 2950: {  // uuid
      if (auto s = need(16); !s.ok()) return s;
      std::string out;
      for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        AppendHex(out, data + i, 1);
      }
      return out;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat("the test kit cannot decode binary values of type ",
                                                     TypeNameOf(type), " (OID ", type, ")"));
  }
}

}  // namespace freshet::testkit
