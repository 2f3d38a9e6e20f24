#include "numeric_text.h"

#include <cctype>
#include <string>

#include "absl/strings/ascii.h"

namespace freshet::types {

std::optional<std::string> NormalizeNumericText(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && absl::ascii_isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && absl::ascii_isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  if (absl::AsciiStrToLower(absl::string_view(t.data(), t.size())) == "nan") return std::string("NaN");
  size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  std::string digits;  // all significant digits, integer and fraction parts
  int frac_digits = 0;
  bool seen_digit = false, seen_point = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      seen_digit = true;
      if (seen_point) ++frac_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return std::nullopt;
  long exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) exp_negative = t[i++] == '-';
    if (i >= t.size()) return std::nullopt;
    for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) {
      exponent = exponent * 10 + (t[i] - '0');
      if (exponent > 1000) return std::nullopt;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != t.size()) return std::nullopt;
  // value = digits * 10^(exponent - frac_digits); scale = max(0, frac - exp).
  long scale = frac_digits - exponent;
  if (scale < 0) {
    digits.append(static_cast<size_t>(-scale), '0');
    scale = 0;
  }
  size_t s = static_cast<size_t>(scale);
  if (digits.size() <= s) digits.insert(0, s - digits.size() + 1, '0');
  std::string int_part = digits.substr(0, digits.size() - s);
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  std::string frac_part = digits.substr(digits.size() - s);
  bool zero = int_part == "0" && frac_part.find_first_not_of('0') == std::string::npos;
  std::string out = (negative && !zero) ? "-" : "";
  out += int_part;
  if (s > 0) {
    out.push_back('.');
    out += frac_part;
  }
  return out;
}

}  // namespace freshet::types
