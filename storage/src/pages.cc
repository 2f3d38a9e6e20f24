#include "pages.h"

namespace freshet::storage::pages {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

}  // namespace

void Append(std::string_view row, int64_t count, std::string* page) {
  PutVarint(row.size(), page);
  page->append(row);
  PutVarint(static_cast<uint64_t>(count), page);
}

int64_t Find(std::string_view page, std::string_view row) {
  Reader r(page);
  while (r.Next()) {
    int c = r.row().compare(row);
    if (c == 0) return r.count();
    if (c > 0) return 0;
  }
  return r.corrupt() ? -1 : 0;
}

}  // namespace freshet::storage::pages
