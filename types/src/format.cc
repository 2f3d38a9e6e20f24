#include "types/format.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "types/array.h"
#include "types/datetime.h"
#include "types/jsonb.h"
#include "types/numeric.h"
#include "types/range.h"

namespace freshet::types {
namespace {

absl::Status InvalidSyntax(const char* type_name, std::string_view text) {
  return Error(sqlstate::kInvalidTextRepresentation,
               absl::StrCat("invalid input syntax for type ", type_name, ": \"",
                            absl::string_view(text.data(), text.size()), "\""));
}

absl::Status OutOfRange(const char* type_name, std::string_view text) {
  return Error(sqlstate::kNumericValueOutOfRange,
               absl::StrCat("value \"", absl::string_view(text.data(), text.size()),
                            "\" is out of range for type ", type_name));
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// PostgreSQL's shortest-exact float output (float8out with extra_float_digits
// > 0, the default since PostgreSQL 12): the shortest digits that round-trip,
// in fixed notation when the decimal exponent is in [-4, digits-of-precision),
// otherwise as d.ddde+XX.
void AppendFloat(double value, bool is_float4, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "Infinity" : "-Infinity";
    return;
  }
  char buf[64];
  std::to_chars_result r = is_float4
      ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(value), std::chars_format::scientific)
      : std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string_view sci(buf, r.ptr - buf);  // e.g. "-1.2345e+02"
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
  const int max_fixed = is_float4 ? 6 : 15;  // FLT_DIG / DBL_DIG
  if (negative) out.push_back('-');
  if (exponent < -4 || exponent >= max_fixed) {
    out.push_back(digits[0]);
    if (digits.size() > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    int abs_exp = exponent < 0 ? -exponent : exponent;
    if (abs_exp < 10) out.push_back('0');
    absl::StrAppend(&out, abs_exp);
    return;
  }
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out += digits;
    return;
  }
  size_t int_len = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= int_len) {
    out += digits;
    out.append(int_len - digits.size(), '0');
  } else {
    out.append(digits, 0, int_len);
    out.push_back('.');
    out.append(digits, int_len);
  }
}

void AppendHexBytea(const std::string& bytes, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
}

template <typename T>
void AppendBigEndian(T v, std::string& out) {
  using U = std::make_unsigned_t<T>;
  U u = static_cast<U>(v);
  for (int i = sizeof(T) - 1; i >= 0; --i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

template <typename T>
T ReadBigEndian(std::string_view b) {
  using U = std::make_unsigned_t<T>;
  U u = 0;
  for (size_t i = 0; i < sizeof(T); ++i) u = static_cast<U>((u << 8) | static_cast<unsigned char>(b[i]));
  return static_cast<T>(u);
}

absl::StatusOr<Datum> ParseInt(TypeId id, std::string_view text) {
  const char* name = Info(id).sql_name;
  std::string_view t = TrimSpace(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ptr != t.data() + t.size()) {
    if (ec == std::errc::result_out_of_range) return OutOfRange(name, text);
    return InvalidSyntax(name, text);
  }
  if (ec == std::errc::result_out_of_range) return OutOfRange(name, text);
  int64_t lo = id == TypeId::kInt2 ? std::numeric_limits<int16_t>::min()
             : id == TypeId::kInt4 ? std::numeric_limits<int32_t>::min()
                                   : std::numeric_limits<int64_t>::min();
  int64_t hi = id == TypeId::kInt2 ? std::numeric_limits<int16_t>::max()
             : id == TypeId::kInt4 ? std::numeric_limits<int32_t>::max()
                                   : std::numeric_limits<int64_t>::max();
  if (v < lo || v > hi) return OutOfRange(name, text);
  return Datum::FromInt(v);
}

absl::StatusOr<Datum> ParseFloat(TypeId id, std::string_view text) {
  const char* name = Info(id).sql_name;
  std::string t(TrimSpace(text));
  std::string lower = absl::AsciiStrToLower(t);
  if (lower == "nan") return Datum::FromDouble(std::numeric_limits<double>::quiet_NaN());
  if (lower == "infinity" || lower == "+infinity" || lower == "inf" || lower == "+inf")
    return Datum::FromDouble(std::numeric_limits<double>::infinity());
  if (lower == "-infinity" || lower == "-inf") return Datum::FromDouble(-std::numeric_limits<double>::infinity());
  if (t.empty()) return InvalidSyntax(name, text);
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || lower.find_first_of("xp") != std::string::npos) return InvalidSyntax(name, text);
  // strtod reports ERANGE for denormals too; PostgreSQL (float8in) rejects
  // only results that underflow to zero or overflow to infinity.
  if (errno == ERANGE && (v == 0 || std::isinf(v))) {
    return Error(sqlstate::kNumericValueOutOfRange,
                 absl::StrCat("\"", t, "\" is out of range for type ", name));
  }
  if (id == TypeId::kFloat4) {
    float f = static_cast<float>(v);
    if (std::isinf(f)) {
      return Error(sqlstate::kNumericValueOutOfRange,
                   absl::StrCat("\"", t, "\" is out of range for type real"));
    }
    v = f;
  }
  return Datum::FromDouble(v);
}

absl::StatusOr<Datum> ParseBool(std::string_view text) {
  std::string t = absl::AsciiStrToLower(absl::string_view(TrimSpace(text).data(), TrimSpace(text).size()));
  auto prefix_of = [&](const char* word) {
    return !t.empty() && std::string_view(word).substr(0, t.size()) == t;
  };
  if (t == "1" || prefix_of("true") || prefix_of("yes") || (t.size() >= 2 && prefix_of("on")))
    return Datum::FromBool(true);
  if (t == "0" || prefix_of("false") || prefix_of("no") || (t.size() >= 2 && prefix_of("off")))
    return Datum::FromBool(false);
  return InvalidSyntax("boolean", text);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::StatusOr<Datum> ParseBytea(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    std::string_view hex = text.substr(2);
    for (size_t i = 0; i < hex.size();) {
      if (absl::ascii_isspace(static_cast<unsigned char>(hex[i]))) {
        ++i;
        continue;
      }
      int hi = HexValue(hex[i]);
      int lo = i + 1 < hex.size() ? HexValue(hex[i + 1]) : -1;
      if (hi < 0 || lo < 0) {
        // PostgreSQL's hex_decode says 22023 (not 22P02) for both.
        return Error(sqlstate::kInvalidParameterValue,
                     hi < 0 ? absl::StrCat("invalid hexadecimal digit: \"", std::string(1, hex[i]), "\"")
                            : std::string("invalid hexadecimal data: odd number of digits"));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
    return Datum::FromString(std::move(out));
  }
  // Escape format: backslash followed by a backslash or three octal digits.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else if (i + 3 < text.size() + 0 && text[i + 1] >= '0' && text[i + 1] <= '3' && text[i + 2] >= '0' &&
               text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
      i += 3;
    } else {
      return InvalidSyntax("bytea", text);
    }
  }
  return Datum::FromString(std::move(out));
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of the first `chars` UTF-8 characters of `s`.
size_t Utf8Prefix(std::string_view s, size_t chars) {
  size_t i = 0;
  for (size_t n = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == chars) break;
      ++n;
    }
  }
  return i;
}

// varchar(n) / char(n) input: too long is an error unless the excess is
// spaces, which are truncated; char(n) pads with spaces.
absl::StatusOr<Datum> ParseCharacter(const Type& type, std::string_view text, bool truncate) {
  std::string s(text);
  if (type.typmod >= 4) {
    size_t max_chars = static_cast<size_t>(type.typmod - 4);
    size_t len = Utf8Length(s);
    if (len > max_chars) {
      size_t cut = Utf8Prefix(s, max_chars);
      if (!truncate && s.find_first_not_of(' ', cut) != std::string::npos) {
        return Error(sqlstate::kStringDataRightTruncation,
                     absl::StrCat("value too long for type ", Info(type.id).sql_name, "(", max_chars, ")"));
      }
      s.resize(cut);
      len = max_chars;
    }
    if (type.id == TypeId::kBpchar && len < max_chars) s.append(max_chars - len, ' ');
  }
  return Datum::FromString(std::move(s));
}

// uuid: 8-4-4-4-12 lower-case hex digits.
void AppendUuid(const std::string& bytes, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    auto b = static_cast<unsigned char>(bytes[i]);
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
}

// PostgreSQL's string_to_uuid: an optional '{', 32 hex digits with an
// optional '-' after any group of four (but not after the last), and the
// matching '}'.
absl::StatusOr<Datum> ParseUuid(std::string_view text) {
  std::string_view t = text;
  bool braces = !t.empty() && t.front() == '{';
  if (braces) t.remove_prefix(1);
  std::string bytes;
  size_t i = 0;
  for (int digit = 0; digit < 32; ++digit) {
    if (digit > 0 && digit % 4 == 0 && i < t.size() && t[i] == '-') ++i;
    int v = i < t.size() ? HexValue(t[i]) : -1;
    if (v < 0) return InvalidSyntax("uuid", text);
    if (digit % 2 == 0) {
      bytes.push_back(static_cast<char>(v << 4));
    } else {
      bytes.back() = static_cast<char>(bytes.back() | v);
    }
    ++i;
  }
  if (braces) {
    if (i >= t.size() || t[i] != '}') return InvalidSyntax("uuid", text);
    ++i;
  }
  if (i != t.size()) return InvalidSyntax("uuid", text);
  return Datum::FromString(std::move(bytes));
}

// "char": one byte; a zero byte prints as the empty string and bytes with the
// high bit set as a backslash and three octal digits (PostgreSQL 15 charout).
void AppendChar(const std::string& v, std::string& out) {
  if (v.empty() || v[0] == '\0') return;
  auto b = static_cast<unsigned char>(v[0]);
  if (b & 0x80) {
    out.push_back('\\');
    out.push_back(static_cast<char>('0' + (b >> 6)));
    out.push_back(static_cast<char>('0' + ((b >> 3) & 7)));
    out.push_back(static_cast<char>('0' + (b & 7)));
    return;
  }
  out.push_back(static_cast<char>(b));
}

Datum ParseChar(std::string_view text) {
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  if (text.size() == 4 && text[0] == '\\' && octal(text[1]) && octal(text[2]) && octal(text[3])) {
    int v = ((text[1] - '0') << 6) | ((text[2] - '0') << 3) | (text[3] - '0');
    return Datum::FromString(std::string(1, static_cast<char>(v)));
  }
  return Datum::FromString(text.empty() ? std::string() : std::string(1, text[0]));
}

// name: at most NAMEDATALEN - 1 = 63 bytes, cut at a character boundary.
Datum ParseName(std::string_view text) {
  constexpr size_t kMaxBytes = 63;
  if (text.size() > kMaxBytes) {
    size_t n = kMaxBytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text = text.substr(0, n);
  }
  return Datum::FromString(std::string(text));
}

// regtype prints as format_type() does; an OID Freshet does not know as
// its number.
std::string RegtypeText(int64_t oid) {
  std::optional<Type> t = TypeFromOid(static_cast<uint32_t>(oid));
  if (!t.has_value()) return absl::StrCat(oid);
  return SqlName(*t);
}

// regtype input: a type name ("integer", "int4", "text[]", "_int4") or an OID.
absl::StatusOr<Datum> ParseRegtype(std::string_view text) {
  std::string_view t = TrimSpace(text);
  int64_t oid = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), oid);
  if (ec == std::errc() && ptr == t.data() + t.size()) return Datum::FromInt(oid);
  bool array = false;
  std::string name(t);
  if (name.size() > 2 && name.substr(name.size() - 2) == "[]") {
    array = true;
    name.resize(name.size() - 2);
  } else if (name.size() > 1 && name[0] == '_') {
    array = true;
    name = name.substr(1);
  }
  std::optional<TypeId> id = TypeFromName(name);
  if (!id.has_value() || *id == TypeId::kArray || (array && Info(*id).array_oid == 0)) {
    return Error(sqlstate::kUndefinedObject, absl::StrCat("type \"", std::string(t), "\" does not exist"));
  }
  return Datum::FromInt(array ? Info(*id).array_oid : Info(*id).oid);
}

}  // namespace

void AppendText(const Type& type, const Datum& value, std::string& out) {
  switch (type.id) {
    case TypeId::kBool:
      out.push_back(value.as_bool() ? 't' : 'f');
      return;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
      absl::StrAppend(&out, value.as_int());
      return;
    case TypeId::kName:
      out += value.as_string();
      return;
    case TypeId::kRegtype:
      out += RegtypeText(value.as_int());
      return;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      AppendFloat(value.as_double(), type.id == TypeId::kFloat4, out);
      return;
    case TypeId::kBytea:
      AppendHexBytea(value.as_string(), out);
      return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kUnknown:
      out += value.as_string();
      return;
    case TypeId::kVoid:
      return;
    case TypeId::kChar:
      AppendChar(value.as_string(), out);
      return;
    case TypeId::kUuid:
      AppendUuid(value.as_string(), out);
      return;
    case TypeId::kNumeric:
      return numeric::AppendText(type, value, out);
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kInterval:
      return datetime::AppendText(type, value, out);
    case TypeId::kJsonb:
      return jsonb::AppendText(type, value, out);
    case TypeId::kArray:
    case TypeId::kInt2Vector:
      return array::AppendText(type, value, out);
    case TypeId::kInt4Range:
    case TypeId::kInt8Range:
    case TypeId::kNumRange:
    case TypeId::kDateRange:
    case TypeId::kTsRange:
    case TypeId::kTstzRange:
      return range::AppendText(type, value, out);
  }
}

std::string ToText(const Type& type, const Datum& value) {
  std::string out;
  AppendText(type, value, out);
  return out;
}

absl::Status AppendBinary(const Type& type, const Datum& value, std::string& out) {
  switch (type.id) {
    case TypeId::kBool:
      out.push_back(value.as_bool() ? 1 : 0);
      return absl::OkStatus();
    case TypeId::kInt2:
      AppendBigEndian(static_cast<int16_t>(value.as_int()), out);
      return absl::OkStatus();
    case TypeId::kInt4:
      AppendBigEndian(static_cast<int32_t>(value.as_int()), out);
      return absl::OkStatus();
    case TypeId::kOid:
    case TypeId::kRegtype:
      AppendBigEndian(static_cast<uint32_t>(value.as_int()), out);
      return absl::OkStatus();
    case TypeId::kName:
      out += value.as_string();
      return absl::OkStatus();
    case TypeId::kInt8:
      AppendBigEndian(value.as_int(), out);
      return absl::OkStatus();
    case TypeId::kFloat4: {
      float f = static_cast<float>(value.as_double());
      uint32_t bits;
      std::memcpy(&bits, &f, sizeof bits);
      AppendBigEndian(bits, out);
      return absl::OkStatus();
    }
    case TypeId::kFloat8: {
      double d = value.as_double();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      AppendBigEndian(bits, out);
      return absl::OkStatus();
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kUnknown:
      out += value.as_string();
      return absl::OkStatus();
    case TypeId::kVoid:
      return absl::OkStatus();
    case TypeId::kChar:
    case TypeId::kUuid:
      out += value.as_string();
      return absl::OkStatus();
    case TypeId::kNumeric:
      return numeric::AppendBinary(type, value, out);
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kInterval:
      return datetime::AppendBinary(type, value, out);
    case TypeId::kJsonb:
      return jsonb::AppendBinary(type, value, out);
    case TypeId::kArray:
    case TypeId::kInt2Vector:
      return array::AppendBinary(type, value, out);
    case TypeId::kInt4Range:
    case TypeId::kInt8Range:
    case TypeId::kNumRange:
    case TypeId::kDateRange:
    case TypeId::kTsRange:
    case TypeId::kTstzRange:
      return range::AppendBinary(type, value, out);
  }
  return NotSupported(absl::StrCat("binary output of type ", SqlName(type)));
}

absl::StatusOr<Datum> ParseText(const Type& type, std::string_view text, bool explicit_cast) {
  switch (type.id) {
    case TypeId::kBool:
      return ParseBool(text);
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return ParseInt(type.id, text);
    case TypeId::kName:
      return ParseName(text);
    case TypeId::kRegtype:
      return ParseRegtype(text);
    case TypeId::kOid: {
      std::string_view t = TrimSpace(text);
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ptr != t.data() + t.size() || ec != std::errc()) return InvalidSyntax("oid", text);
      if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<uint32_t>::max())
        return OutOfRange("oid", text);
      return Datum::FromInt(v < 0 ? static_cast<int64_t>(static_cast<uint32_t>(v)) : v);
    }
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return ParseFloat(type.id, text);
    case TypeId::kBytea:
      return ParseBytea(text);
    case TypeId::kChar:
      return ParseChar(text);
    case TypeId::kUuid:
      return ParseUuid(TrimSpace(text));
    case TypeId::kNumeric:
      return numeric::ParseText(type, text);
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kInterval:
      return datetime::ParseText(type, text);
    case TypeId::kJsonb:
      return jsonb::ParseText(type, text);
    case TypeId::kArray:
    case TypeId::kInt2Vector:
      return array::ParseText(type, text);
    case TypeId::kInt4Range:
    case TypeId::kInt8Range:
    case TypeId::kNumRange:
    case TypeId::kDateRange:
    case TypeId::kTsRange:
    case TypeId::kTstzRange:
      return range::ParseText(type, text);
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return ParseCharacter(type, text, explicit_cast);
    case TypeId::kText:
    case TypeId::kUnknown:
      return Datum::FromString(std::string(text));
    case TypeId::kVoid:
      return Datum();
  }
  return InvalidSyntax(Info(type.id).sql_name, text);
}

absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view bytes) {
  auto need = [&](size_t n) -> absl::Status {
    if (bytes.size() == n) return absl::OkStatus();
    return Error(sqlstate::kInvalidBinaryRepresentation,
                 absl::StrCat("incorrect binary data format in bind parameter: expected ", n,
                              " bytes for type ", Info(type.id).sql_name, ", got ", bytes.size()));
  };
  switch (type.id) {
    case TypeId::kBool:
      if (auto s = need(1); !s.ok()) return s;
      return Datum::FromBool(bytes[0] != 0);
    case TypeId::kInt2:
      if (auto s = need(2); !s.ok()) return s;
      return Datum::FromInt(ReadBigEndian<int16_t>(bytes));
    case TypeId::kInt4:
      if (auto s = need(4); !s.ok()) return s;
      return Datum::FromInt(ReadBigEndian<int32_t>(bytes));
    case TypeId::kOid:
    case TypeId::kRegtype:
      if (auto s = need(4); !s.ok()) return s;
      return Datum::FromInt(ReadBigEndian<uint32_t>(bytes));
    case TypeId::kName:
      return ParseName(bytes);
    case TypeId::kInt8:
      if (auto s = need(8); !s.ok()) return s;
      return Datum::FromInt(ReadBigEndian<int64_t>(bytes));
    case TypeId::kFloat4: {
      if (auto s = need(4); !s.ok()) return s;
      uint32_t bits = ReadBigEndian<uint32_t>(bytes);
      float f;
      std::memcpy(&f, &bits, sizeof f);
      return Datum::FromDouble(f);
    }
    case TypeId::kFloat8: {
      if (auto s = need(8); !s.ok()) return s;
      uint64_t bits = ReadBigEndian<uint64_t>(bytes);
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return Datum::FromDouble(d);
    }
    case TypeId::kText:
    case TypeId::kUnknown:
    case TypeId::kBytea:
      return Datum::FromString(std::string(bytes));
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return ParseCharacter(type, bytes, false);
    case TypeId::kVoid:
      return Datum();
    case TypeId::kChar:
      if (auto s = need(1); !s.ok()) return s;
      return Datum::FromString(std::string(bytes));
    case TypeId::kUuid:
      if (auto s = need(16); !s.ok()) return s;
      return Datum::FromString(std::string(bytes));
    case TypeId::kNumeric:
      return numeric::ParseBinary(type, bytes);
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kInterval:
      return datetime::ParseBinary(type, bytes);
    case TypeId::kJsonb:
      return jsonb::ParseBinary(type, bytes);
    case TypeId::kArray:
    case TypeId::kInt2Vector:
      return array::ParseBinary(type, bytes);
    case TypeId::kInt4Range:
    case TypeId::kInt8Range:
    case TypeId::kNumRange:
    case TypeId::kDateRange:
    case TypeId::kTsRange:
    case TypeId::kTstzRange:
      return range::ParseBinary(type, bytes);
  }
  return NotSupported(absl::StrCat("binary input of type ", SqlName(type)));
}

}  // namespace freshet::types
