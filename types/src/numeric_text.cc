#include "numeric_text.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"

namespace freshet::types::numeric {
namespace {

constexpr uint64_t kBase = 1000000000;
constexpr uint32_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

void Trim(Mag& a) {
  while (!a.empty() && a.back() == 0) a.pop_back();
}

Mag MulSmall(const Mag& a, uint32_t m) {
  Mag r;
  if (a.empty() || m == 0) return r;
  r.reserve(a.size() + 1);
  uint64_t carry = 0;
  for (uint32_t limb : a) {
    uint64_t t = static_cast<uint64_t>(limb) * m + carry;
    r.push_back(static_cast<uint32_t>(t % kBase));
    carry = t / kBase;
  }
  if (carry != 0) r.push_back(static_cast<uint32_t>(carry));
  return r;
}

// a /= d; returns the remainder.
uint32_t DivSmall(Mag& a, uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = a.size(); i-- > 0;) {
    uint64_t cur = rem * kBase + a[i];
    a[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  Trim(a);
  return static_cast<uint32_t>(rem);
}

// trunc(a / 10^k).
Mag DivPow10(const Mag& a, int k) {
  size_t limbs = static_cast<size_t>(k / 9);
  if (limbs >= a.size()) return {};
  Mag r(a.begin() + static_cast<std::ptrdiff_t>(limbs), a.end());
  if (k % 9 != 0) DivSmall(r, kPow10[k % 9]);
  return r;
}

// The decimal digit of `a` at 10^k.
int DigitAt(const Mag& a, int k) {
  size_t limb = static_cast<size_t>(k / 9);
  if (limb >= a.size()) return 0;
  return static_cast<int>(a[limb] / kPow10[k % 9] % 10);
}

bool IsZeroBelow(const Mag& a, int k) {  // a % 10^k == 0
  size_t limbs = static_cast<size_t>(k / 9);
  for (size_t i = 0; i < limbs && i < a.size(); ++i) {
    if (a[i] != 0) return false;
  }
  if (limbs >= a.size() || k % 9 == 0) return true;
  return a[limbs] % kPow10[k % 9] == 0;
}

// trunc(a / 10^k), rounded half away from zero when `round`.
Mag DropDigits(const Mag& a, int k, bool round) {
  if (k <= 0) return MulPow10(a, -k);
  Mag q = DivPow10(a, k);
  if (round && DigitAt(a, k - 1) >= 5) q = AddMag(q, Mag{1});
  return q;
}

// floor(sqrt(n)).
Mag ISqrt(const Mag& n) {
  if (n.empty()) return {};
  int digits = MagDigitCount(n);
  Mag x = MulPow10(Mag{1}, (digits + 1) / 2);  // >= sqrt(n)
  while (true) {
    Mag q, r;
    DivModMag(n, x, q, r);
    Mag y = AddMag(x, q);
    DivSmall(y, 2);
    if (CompareMag(y, x) >= 0) return x;
    x = std::move(y);
  }
}

absl::Status SyntaxError(std::string_view text) {
  return Error(sqlstate::kInvalidTextRepresentation,
               absl::StrCat("invalid input syntax for type numeric: \"", absl::string_view(text.data(), text.size()),
                            "\""));
}

absl::Status Overflow() { return Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format"); }

bool IsSpace(char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         absl::EqualsIgnoreCase(absl::string_view(s.data(), prefix.size()),
                                absl::string_view(prefix.data(), prefix.size()));
}

}  // namespace

int CompareMag(const Mag& a, const Mag& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Mag AddMag(const Mag& a, const Mag& b) {
  const Mag& x = a.size() >= b.size() ? a : b;
  const Mag& y = a.size() >= b.size() ? b : a;
  Mag r;
  r.reserve(x.size() + 1);
  uint32_t carry = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    uint32_t t = x[i] + (i < y.size() ? y[i] : 0) + carry;
    carry = t >= kBase ? 1 : 0;
    r.push_back(carry ? t - static_cast<uint32_t>(kBase) : t);
  }
  if (carry) r.push_back(1);
  return r;
}

Mag SubMag(const Mag& a, const Mag& b) {
  Mag r;
  r.reserve(a.size());
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t t = static_cast<int64_t>(a[i]) - (i < b.size() ? b[i] : 0) - borrow;
    borrow = t < 0 ? 1 : 0;
    r.push_back(static_cast<uint32_t>(borrow ? t + static_cast<int64_t>(kBase) : t));
  }
  Trim(r);
  return r;
}

Mag MulMag(const Mag& a, const Mag& b) {
  if (a.empty() || b.empty()) return {};
  if (b.size() == 1) return MulSmall(a, b[0]);
  if (a.size() == 1) return MulSmall(b, a[0]);
  Mag r(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    uint64_t ai = a[i];
    if (ai == 0) continue;
    for (size_t j = 0; j < b.size(); ++j) {
      uint64_t t = r[i + j] + ai * b[j] + carry;
      r[i + j] = static_cast<uint32_t>(t % kBase);
      carry = t / kBase;
    }
    for (size_t k = i + b.size(); carry != 0; ++k) {
      uint64_t t = r[k] + carry;
      r[k] = static_cast<uint32_t>(t % kBase);
      carry = t / kBase;
    }
  }
  Trim(r);
  return r;
}

Mag MulPow10(const Mag& a, int k) {
  if (a.empty() || k == 0) return a;
  if (k < 0) return DivPow10(a, -k);
  Mag r = k % 9 == 0 ? a : MulSmall(a, kPow10[k % 9]);
  r.insert(r.begin(), static_cast<size_t>(k / 9), 0);
  return r;
}

// Knuth's algorithm D in base 10^9.
void DivModMag(const Mag& a, const Mag& b, Mag& q, Mag& r) {
  if (CompareMag(a, b) < 0) {
    q.clear();
    r = a;
    return;
  }
  if (b.size() == 1) {
    q = a;
    uint32_t rem = DivSmall(q, b[0]);
    r = rem == 0 ? Mag{} : Mag{rem};
    return;
  }
  uint32_t f = static_cast<uint32_t>(kBase / (static_cast<uint64_t>(b.back()) + 1));
  Mag u = MulSmall(a, f), v = MulSmall(b, f);
  size_t n = v.size(), m = a.size() - n;
  u.resize(a.size() + 1, 0);
  q.assign(m + 1, 0);
  for (size_t j = m + 1; j-- > 0;) {
    uint64_t num = static_cast<uint64_t>(u[j + n]) * kBase + u[j + n - 1];
    uint64_t qhat = num / v[n - 1], rhat = num % v[n - 1];
    while (qhat >= kBase || qhat * v[n - 2] > rhat * kBase + u[j + n - 2]) {
      --qhat;
      rhat += v[n - 1];
      if (rhat >= kBase) break;
    }
    uint64_t carry = 0;
    int64_t borrow = 0;
    for (size_t i = 0; i < n; ++i) {
      uint64_t p = qhat * v[i] + carry;
      carry = p / kBase;
      int64_t t = static_cast<int64_t>(u[i + j]) - static_cast<int64_t>(p % kBase) - borrow;
      borrow = t < 0 ? 1 : 0;
      u[i + j] = static_cast<uint32_t>(borrow ? t + static_cast<int64_t>(kBase) : t);
    }
    int64_t t = static_cast<int64_t>(u[j + n]) - static_cast<int64_t>(carry) - borrow;
    if (t < 0) {
      // qhat was one too large: add v back.
      u[j + n] = static_cast<uint32_t>(t + static_cast<int64_t>(kBase));
      --qhat;
      uint64_t c = 0;
      for (size_t i = 0; i < n; ++i) {
        uint64_t s = static_cast<uint64_t>(u[i + j]) + v[i] + c;
        c = s >= kBase ? 1 : 0;
        u[i + j] = static_cast<uint32_t>(c ? s - kBase : s);
      }
      u[j + n] = static_cast<uint32_t>((u[j + n] + c) % kBase);
    } else {
      u[j + n] = static_cast<uint32_t>(t);
    }
    q[j] = static_cast<uint32_t>(qhat);
  }
  Trim(q);
  u.resize(n);
  Trim(u);
  DivSmall(u, f);
  r = std::move(u);
}

Mag MagFromU128(unsigned __int128 v) {
  Mag r;
  while (v != 0) {
    r.push_back(static_cast<uint32_t>(v % kBase));
    v /= kBase;
  }
  return r;
}

std::string MagToDigits(const Mag& a) {
  if (a.empty()) return "0";
  std::string s = std::to_string(a.back());
  char buf[10];
  for (size_t i = a.size() - 1; i-- > 0;) {
    uint32_t v = a[i];
    for (int k = 8; k >= 0; --k) {
      buf[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    s.append(buf, 9);
  }
  return s;
}

Mag MagFromDigits(std::string_view digits) {
  Mag r;
  r.reserve(digits.size() / 9 + 1);
  size_t end = digits.size();
  while (end > 0) {
    size_t begin = end >= 9 ? end - 9 : 0;
    uint32_t v = 0;
    for (size_t i = begin; i < end; ++i) v = v * 10 + static_cast<uint32_t>(digits[i] - '0');
    r.push_back(v);
    end = begin;
  }
  Trim(r);
  return r;
}

int MagDigitCount(const Mag& a) {
  if (a.empty()) return 0;
  int top = 1;
  while (top < 10 && a.back() >= kPow10[top]) ++top;
  return static_cast<int>(9 * (a.size() - 1)) + top;
}

Decimal Decimal::FromInt64(int64_t v) {
  return FromInt128(v, 0);
}

Decimal Decimal::FromInt128(__int128 v, int scale) {
  bool negative = v < 0;
  unsigned __int128 m = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  return FromMag(MagFromU128(m), negative, scale);
}

Decimal Decimal::FromMag(Mag mag, bool negative, int scale) {
  Decimal d;
  d.mag_ = std::move(mag);
  d.negative_ = negative;
  d.scale_ = scale;
  d.Normalize();
  return d;
}

Decimal Decimal::FromCanonical(std::string_view text) {
  if (text == "NaN") return NaN();
  if (text == "Infinity") return Inf(false);
  if (text == "-Infinity") return Inf(true);
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t dot = text.find('.');
  std::string digits(text.substr(0, dot));
  int scale = 0;
  if (dot != std::string_view::npos) {
    std::string_view frac = text.substr(dot + 1);
    digits.append(frac.data(), frac.size());
    scale = static_cast<int>(frac.size());
  }
  return FromMag(MagFromDigits(digits), negative, scale);
}

absl::StatusOr<Decimal> Decimal::Parse(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && IsSpace(t.front())) t.remove_prefix(1);
  // The special values float8in accepts, then only trailing spaces.
  struct SpecialSpelling {
    std::string_view spelling;
    Kind kind;
  };
  static constexpr SpecialSpelling kSpecials[] = {
      {"NaN", Kind::kNaN},         {"Infinity", Kind::kPosInf}, {"+Infinity", Kind::kPosInf},
      {"-Infinity", Kind::kNegInf}, {"inf", Kind::kPosInf},      {"+inf", Kind::kPosInf},
      {"-inf", Kind::kNegInf},
  };
  for (const auto& s : kSpecials) {
    if (!StartsWithNoCase(t, s.spelling)) continue;
    std::string_view rest = t.substr(s.spelling.size());
    while (!rest.empty() && IsSpace(rest.front())) rest.remove_prefix(1);
    if (!rest.empty()) return SyntaxError(text);
    return Special(s.kind);
  }
  size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  std::string digits;
  int64_t frac_digits = 0;
  bool seen_digit = false, seen_point = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      seen_digit = true;
      if (seen_point) ++frac_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return SyntaxError(text);
  int64_t exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    // strtol: optional spaces and sign, then at least one digit.
    while (i < t.size() && IsSpace(t[i])) ++i;
    bool exp_negative = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) exp_negative = t[i++] == '-';
    if (i >= t.size() || t[i] < '0' || t[i] > '9') return SyntaxError(text);
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      exponent = std::min<int64_t>(exponent * 10 + (t[i] - '0'), int64_t{1} << 40);
    }
    if (exponent >= INT32_MAX / 2) return Overflow();
    if (exp_negative) exponent = -exponent;
  }
  while (i < t.size() && IsSpace(t[i])) ++i;
  if (i != t.size()) return SyntaxError(text);
  // value = digits * 10^(exponent - frac_digits)
  int64_t scale = frac_digits - exponent;
  if (scale > kDscaleMax) return Overflow();
  int64_t int_digits = static_cast<int64_t>(digits.size()) - scale;
  if (!digits.empty() && int_digits > kMaxIntegerDigits) return Overflow();
  Mag mag = MagFromDigits(digits);
  if (scale < 0) {
    mag = MulPow10(mag, static_cast<int>(-scale));
    scale = 0;
  }
  return FromMag(std::move(mag), negative, static_cast<int>(scale));
}

std::string Decimal::ToString() const {
  switch (kind_) {
    case Kind::kNaN: return "NaN";
    case Kind::kPosInf: return "Infinity";
    case Kind::kNegInf: return "-Infinity";
    case Kind::kFinite: break;
  }
  std::string digits = MagToDigits(mag_);
  size_t s = static_cast<size_t>(scale_);
  if (digits.size() <= s) digits.insert(0, s + 1 - digits.size(), '0');
  std::string out = negative_ ? "-" : "";
  out.append(digits, 0, digits.size() - s);
  if (s > 0) {
    out.push_back('.');
    out.append(digits, digits.size() - s, s);
  }
  return out;
}

int Decimal::sign() const {
  switch (kind_) {
    case Kind::kNaN: return 0;
    case Kind::kPosInf: return 1;
    case Kind::kNegInf: return -1;
    case Kind::kFinite: break;
  }
  return mag_.empty() ? 0 : negative_ ? -1 : 1;
}

bool Decimal::IsIntegral() const { return kind_ == Kind::kFinite && IsZeroBelow(mag_, scale_); }

int Decimal::DecimalWeight() const { return mag_.empty() ? 0 : MagDigitCount(mag_) - 1 - scale_; }

void Decimal::ToNbase(int& weight, std::vector<int16_t>& digits) const {
  digits.clear();
  weight = 0;
  if (kind_ != Kind::kFinite || mag_.empty()) return;
  std::string d = MagToDigits(mag_);
  int int_digits = static_cast<int>(d.size()) - scale_;  // may be <= 0
  // Pad so both sides of the point are whole groups of four.
  int lead = ((int_digits % 4) + 4) % 4 == 0 ? 0 : 4 - ((int_digits % 4) + 4) % 4;
  int frac_pad = ((scale_ % 4) == 0) ? 0 : 4 - scale_ % 4;
  d.insert(0, static_cast<size_t>(lead), '0');
  d.append(static_cast<size_t>(frac_pad), '0');
  int total_int = int_digits + lead;  // multiple of 4, may be negative
  weight = total_int / 4 - 1;
  for (size_t i = 0; i < d.size(); i += 4) {
    digits.push_back(static_cast<int16_t>((d[i] - '0') * 1000 + (d[i + 1] - '0') * 100 + (d[i + 2] - '0') * 10 +
                                          (d[i + 3] - '0')));
  }
  size_t first = 0;
  while (first < digits.size() && digits[first] == 0) ++first;
  weight -= static_cast<int>(first);
  digits.erase(digits.begin(), digits.begin() + static_cast<std::ptrdiff_t>(first));
  while (!digits.empty() && digits.back() == 0) digits.pop_back();
}

Decimal Decimal::Negated() const {
  switch (kind_) {
    case Kind::kNaN: return *this;
    case Kind::kPosInf: return Inf(true);
    case Kind::kNegInf: return Inf(false);
    case Kind::kFinite: break;
  }
  Decimal d = *this;
  d.negative_ = !negative_;
  d.Normalize();
  return d;
}

Decimal Decimal::Abs() const {
  if (kind_ == Kind::kNegInf) return Inf(false);
  Decimal d = *this;
  d.negative_ = false;
  return d;
}

Decimal Decimal::Rounded(int scale) const {
  if (kind_ != Kind::kFinite) return *this;
  Mag m = DropDigits(mag_, scale_ - scale, true);
  if (scale < 0) m = MulPow10(m, -scale);
  return FromMag(std::move(m), negative_, std::max(scale, 0));
}

Decimal Decimal::Truncated(int scale) const {
  if (kind_ != Kind::kFinite) return *this;
  Mag m = DropDigits(mag_, scale_ - scale, false);
  if (scale < 0) m = MulPow10(m, -scale);
  return FromMag(std::move(m), negative_, std::max(scale, 0));
}

Decimal Decimal::WithScale(int scale) const { return Truncated(scale); }

int Decimal::MinScale() const {
  if (kind_ != Kind::kFinite || mag_.empty()) return 0;
  int s = scale_;
  while (s > 0 && IsZeroBelow(mag_, scale_ - s + 1)) --s;
  return s;
}

int Compare(const Decimal& a, const Decimal& b) {
  auto rank = [](const Decimal& d) {
    switch (d.kind_) {
      case Decimal::Kind::kNegInf: return 0;
      case Decimal::Kind::kFinite: return 1;
      case Decimal::Kind::kPosInf: return 2;
      case Decimal::Kind::kNaN: return 3;
    }
    return 3;
  };
  int ra = rank(a), rb = rank(b);
  if (ra != rb || ra != 1) return ra < rb ? -1 : ra > rb ? 1 : 0;
  int sa = a.sign(), sb = b.sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int c = a.scale_ == b.scale_ ? CompareMag(a.mag_, b.mag_)
          : a.scale_ < b.scale_ ? CompareMag(MulPow10(a.mag_, b.scale_ - a.scale_), b.mag_)
                                : CompareMag(a.mag_, MulPow10(b.mag_, a.scale_ - b.scale_));
  return sa < 0 ? -c : c;
}

Decimal AddFinite(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  Mag x = MulPow10(a.mag_, scale - a.scale_), y = MulPow10(b.mag_, scale - b.scale_);
  if (a.negative_ == b.negative_) return Decimal::FromMag(AddMag(x, y), a.negative_, scale);
  int c = CompareMag(x, y);
  if (c == 0) return Decimal::FromMag({}, false, scale);
  return c > 0 ? Decimal::FromMag(SubMag(x, y), a.negative_, scale)
               : Decimal::FromMag(SubMag(y, x), b.negative_, scale);
}

Decimal SubFinite(const Decimal& a, const Decimal& b) { return AddFinite(a, b.Negated()); }

Decimal MulFinite(const Decimal& a, const Decimal& b) {
  return Decimal::FromMag(MulMag(a.mag_, b.mag_), a.negative_ != b.negative_, a.scale_ + b.scale_);
}

Decimal DivRound(const Decimal& a, const Decimal& b, int rscale) {
  // floor(|a/b| * 10^(rscale+1)), then round on the extra digit.
  int e = rscale + 1 + b.scale() - a.scale();
  Mag num = e >= 0 ? MulPow10(a.mag(), e) : a.mag();
  Mag den = e >= 0 ? b.mag() : MulPow10(b.mag(), -e);
  Mag q, r;
  DivModMag(num, den, q, r);
  q = DropDigits(q, 1, true);
  if (rscale < 0) q = MulPow10(q, -rscale);
  return Decimal::FromMag(std::move(q), a.negative() != b.negative(), std::max(rscale, 0));
}

Decimal DivTrunc(const Decimal& a, const Decimal& b) {
  int e = b.scale() - a.scale();
  Mag num = e >= 0 ? MulPow10(a.mag(), e) : a.mag();
  Mag den = e >= 0 ? b.mag() : MulPow10(b.mag(), -e);
  Mag q, r;
  DivModMag(num, den, q, r);
  return Decimal::FromMag(std::move(q), a.negative() != b.negative(), 0);
}

Decimal SqrtRound(const Decimal& a, int rscale) {
  int e = 2 * (rscale + 1) - a.scale();
  Mag n = MulPow10(a.mag(), e);  // truncates when e < 0, which floor(sqrt) tolerates
  Mag root = DropDigits(ISqrt(n), 1, true);
  if (rscale < 0) root = MulPow10(root, -rscale);
  return Decimal::FromMag(std::move(root), false, std::max(rscale, 0));
}

bool FitsStorage(const Decimal& d) {
  if (d.is_special()) return true;
  if (d.scale() > kDscaleMax) return false;
  return d.is_zero() || d.DecimalWeight() < kMaxIntegerDigits;
}

}  // namespace freshet::types::numeric
