#include "types/numeric.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "numeric_text.h"

namespace freshet::types::numeric {

namespace {

struct Parts {
  bool nan = false;
  bool negative = false;
  std::string_view int_part;
  std::string_view frac_part;
};

Parts Split(std::string_view s) {
  Parts p;
  if (s == "NaN") {
    p.nan = true;
    return p;
  }
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

// Compares magnitudes.
int CompareAbs(const Parts& a, const Parts& b) {
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
  Parts pa = Split(a), pb = Split(b);
  if (pa.nan || pb.nan) return pa.nan == pb.nan ? 0 : pa.nan ? 1 : -1;
  if (pa.negative != pb.negative) return pa.negative ? -1 : 1;
  int c = CompareAbs(pa, pb);
  return pa.negative ? -c : c;
}

std::optional<int64_t> RoundToInt64(std::string_view s) {
  Parts p = Split(s);
  if (p.nan || p.int_part.size() > 19) return std::nullopt;
  unsigned __int128 v = 0;
  for (char c : p.int_part) v = v * 10 + static_cast<unsigned>(c - '0');
  if (!p.frac_part.empty() && p.frac_part[0] >= '5') ++v;
  unsigned __int128 limit = p.negative ? (static_cast<unsigned __int128>(INT64_MAX) + 1) : INT64_MAX;
  if (v > limit) return std::nullopt;
  return p.negative ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
}


void AppendText(const Type&, const Datum& value, std::string& out) { out += value.as_string(); }

absl::StatusOr<Datum> ParseText(const Type&, std::string_view text) {
  auto normalized = NormalizeNumericText(text);
  if (!normalized.has_value()) {
    return Error(sqlstate::kInvalidTextRepresentation,
                 absl::StrCat("invalid input syntax for type numeric: \"", absl::string_view(text.data(), text.size()),
                              "\""));
  }
  return Datum::FromString(std::move(*normalized));
}

absl::Status AppendBinary(const Type& type, const Datum&, std::string&) {
  return NotSupported(absl::StrCat("binary output of type ", SqlName(type)));
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view) {
  return NotSupported(absl::StrCat("binary input of type ", SqlName(type)));
}

int Compare(const Type&, const Datum& a, const Datum& b) { return CompareText(a.as_string(), b.as_string()); }

}  // namespace freshet::types::numeric
