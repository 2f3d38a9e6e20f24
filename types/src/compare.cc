#include "types/compare.h"

#include <cmath>
#include <string_view>

#include "types/array.h"
#include "types/datetime.h"
#include "types/jsonb.h"
#include "types/numeric.h"
#include "types/range.h"

namespace freshet::types {
namespace {

int Sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

// Text without the trailing spaces character(n) comparisons ignore.
std::string_view BpcharCore(const std::string& s) {
  size_t end = s.find_last_not_of(' ');
  return std::string_view(s).substr(0, end == std::string::npos ? 0 : end + 1);
}

}  // namespace

int Compare(const Type& type, const Datum& a, const Datum& b) {
  switch (type.id) {
    case TypeId::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
    case TypeId::kRegtype:
      return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    case TypeId::kFloat4:
    case TypeId::kFloat8: {
      double x = a.as_double(), y = b.as_double();
      if (std::isnan(x)) return std::isnan(y) ? 0 : 1;
      if (std::isnan(y)) return -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeId::kNumeric:
      return numeric::Compare(type, a, b);
    case TypeId::kBpchar:
      return Sign(BpcharCore(a.as_string()).compare(BpcharCore(b.as_string())));
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestamptz:
    case TypeId::kInterval:
      return datetime::Compare(type, a, b);
    case TypeId::kJsonb:
      return jsonb::Compare(type, a, b);
    case TypeId::kArray:
    case TypeId::kInt2Vector:
      return array::Compare(type, a, b);
    case TypeId::kInt4Range:
    case TypeId::kInt8Range:
    case TypeId::kNumRange:
    case TypeId::kDateRange:
    case TypeId::kTsRange:
    case TypeId::kTstzRange:
      return range::Compare(type, a, b);
    case TypeId::kUnknown:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBytea:
    case TypeId::kChar:
    case TypeId::kName:
    case TypeId::kUuid:
    case TypeId::kVoid:
      break;
  }
  // Bytes order: memcmp, which is C collation for text.
  return Sign(a.as_string().compare(b.as_string()));
}

}  // namespace freshet::types
