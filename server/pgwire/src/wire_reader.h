// Bounds-checked reading of big-endian protocol fields from a message body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"

namespace freshet::pgwire {

inline absl::Status Malformed(std::string what) {
  return Error(sqlstate::kProtocolViolation, absl::StrCat("invalid message format: ", what));
}

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool done() const { return pos_ == data_.size(); }

  template <typename T>
  absl::StatusOr<T> Int() {
    if (remaining() < sizeof(T)) return Malformed("message too short");
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += sizeof(T);
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(v));
  }
  absl::StatusOr<char> Byte() {
    if (remaining() < 1) return Malformed("message too short");
    return data_[pos_++];
  }
  // A NUL-terminated string.
  absl::StatusOr<std::string> CString() {
    size_t nul = data_.find('\0', pos_);
    if (nul == std::string_view::npos) return Malformed("missing string terminator");
    std::string s(data_.substr(pos_, nul - pos_));
    pos_ = nul + 1;
    return s;
  }
  absl::StatusOr<std::string> Bytes(size_t n) {
    if (remaining() < n) return Malformed("length exceeds message");
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::string Rest() {
    std::string s(data_.substr(pos_));
    pos_ = data_.size();
    return s;
  }
  absl::Status ExpectEnd() { return done() ? absl::OkStatus() : Malformed("unexpected bytes at end of message"); }
  // A count of items each at least `min_item` bytes long; checked against
  // what is left so a lying count never allocates.
  absl::StatusOr<size_t> Count(size_t min_item) {
    auto n = Int<int16_t>();
    if (!n.ok()) return n.status();
    if (*n < 0) return Malformed("negative count");
    if (static_cast<size_t>(*n) * min_item > remaining()) return Malformed("count exceeds message");
    return static_cast<size_t>(*n);
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Appends big-endian integers.
template <typename T>
void PutInt(std::string& out, T v) {
  using U = std::make_unsigned_t<T>;
  U u = static_cast<U>(v);
  for (int i = sizeof(T) - 1; i >= 0; --i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

inline void PutCString(std::string& out, std::string_view s) {
  out.append(s);
  out.push_back('\0');
}

}  // namespace freshet::pgwire
