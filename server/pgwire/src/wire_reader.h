// Bounds-checked reading of big-endian protocol fields from one message body,
// and the matching appenders. Internal to pgwire.
//
// Every read checks the bytes that are left before touching or allocating
// anything, and fails with PostgreSQL's own wording (pqformat.c):
// "insufficient data left in message", "invalid string in message",
// "invalid message format". The detail names the message and the offset, so
// a client author can find the bad byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"

namespace freshet::pgwire {

class WireReader {
 public:
  // `what` names the message in error details ("Bind", "startup packet").
  WireReader(std::string_view data, const char* what) : data_(data), what_(what) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool done() const { return pos_ == data_.size(); }

  // A protocol violation at the current offset.
  absl::Status Fail(std::string_view message) const {
    return Error(sqlstate::kProtocolViolation, std::string(message))
        .Detail(absl::StrCat("In the ", what_, " message at byte ", pos_, " of ", data_.size(), "."));
  }

  template <typename T>
  absl::StatusOr<T> Int() {
    static_assert(std::is_integral_v<T> && sizeof(T) <= 4);
    if (remaining() < sizeof(T)) return Fail("insufficient data left in message");
    uint32_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += sizeof(T);
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(v));
  }
  absl::StatusOr<char> Byte() {
    if (remaining() < 1) return Fail("insufficient data left in message");
    return data_[pos_++];
  }
  // A NUL-terminated string (the NUL must lie inside the body).
  absl::StatusOr<std::string> CString() {
    size_t nul = data_.find('\0', pos_);
    if (nul == std::string_view::npos) return Fail("invalid string in message");
    std::string s(data_.substr(pos_, nul - pos_));
    pos_ = nul + 1;
    return s;
  }
  absl::StatusOr<std::string> Bytes(size_t n) {
    if (remaining() < n) return Fail("insufficient data left in message");
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::string Rest() {
    std::string s(data_.substr(pos_));
    pos_ = data_.size();
    return s;
  }
  absl::Status ExpectEnd() const { return done() ? absl::OkStatus() : Fail("invalid message format"); }

  // An unsigned 16-bit item count (PostgreSQL reads counts with
  // pq_getmsgint(msg, 2), so 0..65535), checked against what is left, given
  // that each item takes at least `min_item` bytes: a lying count fails
  // here, before anything is reserved or allocated.
  absl::StatusOr<size_t> Count(size_t min_item) {
    auto n = Int<uint16_t>();
    if (!n.ok()) return n.status();
    if (static_cast<size_t>(*n) * min_item > remaining()) {
      pos_ -= 2;
      return Fail("insufficient data left in message");
    }
    return static_cast<size_t>(*n);
  }

  // A count-prefixed list of int16 (format codes).
  absl::StatusOr<std::vector<int16_t>> Int16List() {
    auto n = Count(2);
    if (!n.ok()) return n.status();
    std::vector<int16_t> out;
    out.reserve(*n);  // bounded by the body size (checked by Count)
    for (size_t i = 0; i < *n; ++i) {
      auto f = Int<int16_t>();
      if (!f.ok()) return f.status();
      out.push_back(*f);
    }
    return out;
  }

  // A count-prefixed list of values, each an int32 length (-1 = NULL) and
  // that many bytes, as in Bind, FunctionCall and DataRow.
  absl::StatusOr<std::vector<std::optional<std::string>>> ValueList() {
    auto n = Count(4);
    if (!n.ok()) return n.status();
    std::vector<std::optional<std::string>> out;
    out.reserve(*n);
    for (size_t i = 0; i < *n; ++i) {
      auto len = Int<int32_t>();
      if (!len.ok()) return len.status();
      if (*len == -1) {
        out.emplace_back();
        continue;
      }
      if (*len < 0) return Fail("insufficient data left in message");
      auto v = Bytes(static_cast<size_t>(*len));
      if (!v.ok()) return v.status();
      out.emplace_back(*std::move(v));
    }
    return out;
  }

 private:
  std::string_view data_;
  const char* what_;
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

// Reads a 4-byte big-endian unsigned integer.
inline uint32_t ReadUint32(const char bytes[4]) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[0])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[3]));
}

}  // namespace freshet::pgwire
