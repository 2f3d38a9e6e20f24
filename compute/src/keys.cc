#include "keys.h"

#include <cmath>
#include <cstring>
#include <limits>


namespace freshet::compute {

using types::TypeId;

namespace {

void AppendFixed(uint64_t bits, std::string& out) {
  char buf[8];
  std::memcpy(buf, &bits, 8);
  out.append(buf, 8);
}

void AppendBytes(std::string_view bytes, std::string& out) {
  AppendFixed(bytes.size(), out);
  out.append(bytes.data(), bytes.size());
}

}  // namespace

void AppendKey(const types::Type& type, const types::Datum& value, std::string& out) {
  if (value.is_null()) {
    out.push_back('N');
    return;
  }
  out.push_back('V');
  if (value.holds_int()) {
    AppendFixed(static_cast<uint64_t>(value.as_int()), out);
  } else if (value.holds_double()) {
    double d = value.as_double();
    if (d == 0) d = 0;  // -0 is 0
    if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    AppendFixed(bits, out);
  } else if (value.holds_bool()) {
    out.push_back(value.as_bool() ? '1' : '0');
  } else if (type.id == TypeId::kNumeric) {
    // Canonical numeric text differs between equal values only in trailing
    // fraction zeros.
    std::string_view s = value.as_string();
    if (s.find('.') != std::string_view::npos) {
      while (s.back() == '0') s.remove_suffix(1);
      if (s.back() == '.') s.remove_suffix(1);
    }
    if (s == "-0") s = "0";
    AppendBytes(s, out);
  } else if (type.id == TypeId::kBpchar) {
    std::string_view s = value.as_string();
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    AppendBytes(s, out);
  } else {
    AppendBytes(value.as_string(), out);
  }
}

bool HasExactKeys(const types::Type& type) {
  switch (type.id) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kChar:
    case TypeId::kName:
    case TypeId::kRegtype:
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kUuid:
      return true;
    default:
      return false;
  }
}

}  // namespace freshet::compute
