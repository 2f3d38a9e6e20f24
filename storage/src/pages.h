// The pages of a settled base (docs/storage.md, "Settled bases"): a page
// holds consecutive rows of a collection, each as varint32 length, the row's
// encoding, varint64 count. A scan reads a page's rows from one RocksDB value
// instead of one RocksDB entry per row.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace freshet::storage::pages {

// Pages are cut when they reach this many bytes.
inline constexpr size_t kTargetBytes = 32 << 10;

void Append(std::string_view row, int64_t count, std::string* page);

// The entries of one page, in order.
class Reader {
 public:
  Reader() = default;
  explicit Reader(std::string_view page) : p_(page.data()), end_(page.data() + page.size()) {}

  // Moves to the next entry (the first, on a new Reader). False at the end
  // of the page, or if the page is malformed (then corrupt()).
  bool Next() {
    if (p_ == end_) return false;
    uint64_t size = 0, count = 0;
    if (!Varint(&size) || static_cast<uint64_t>(end_ - p_) < size) return Fail();
    row_ = std::string_view(p_, size);
    p_ += size;
    if (!Varint(&count) || count == 0) return Fail();
    count_ = static_cast<int64_t>(count);
    return true;
  }
  std::string_view row() const { return row_; }
  int64_t count() const { return count_; }
  bool corrupt() const { return corrupt_; }

 private:
  bool Varint(uint64_t* v) {
    for (int shift = 0; shift < 64 && p_ < end_; shift += 7) {
      uint8_t b = static_cast<uint8_t>(*p_++);
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) return true;
    }
    return false;
  }
  bool Fail() {
    corrupt_ = true;
    p_ = end_;
    return false;
  }

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  std::string_view row_;
  int64_t count_ = 0;
  bool corrupt_ = false;
};

// The count of `row` in `page` (0 if absent); -1 if the page is malformed.
int64_t Find(std::string_view page, std::string_view row);

}  // namespace freshet::storage::pages
