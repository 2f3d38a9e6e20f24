#include "types/array.h"

#include "absl/strings/str_cat.h"
#include "common/error.h"

namespace freshet::types::array {

// Placeholders until the family is implemented: every entry point answers
// feature not supported, and values order by their bytes.
void AppendText(const Type&, const Datum& value, std::string& out) {
  if (value.holds_string()) out += value.as_string();
}
absl::StatusOr<Datum> ParseText(const Type& type, std::string_view) {
  return NotSupported(absl::StrCat("type ", SqlName(type)));
}
absl::Status AppendBinary(const Type& type, const Datum&, std::string&) {
  return NotSupported(absl::StrCat("binary output of type ", SqlName(type)));
}
absl::StatusOr<Datum> ParseBinary(const Type& type, std::string_view) {
  return NotSupported(absl::StrCat("binary input of type ", SqlName(type)));
}
int Compare(const Type&, const Datum& a, const Datum& b) {
  if (a.holds_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  int c = a.as_string().compare(b.as_string());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace freshet::types::array
