// A bounds-checked big-endian reader over one message, shared by the pgoutput
// decoder and the replication frame parser. Every read checks what remains
// first; a failed read returns DataLoss naming the message, the field and the
// offset. Internal to freshet::replication.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace freshet::replication::internal {

class ByteReader {
public:
  // `what` names the message in errors ("pgoutput Insert"); must outlive this.
  ByteReader(std::string_view data, const char *what)
      : data_(data), what_(what) {}

  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  const char *what() const { return what_; }
  void set_what(const char *what) { what_ = what; }

  // A big-endian integer of T's width (signed values in two's complement).
  template <typename T> absl::Status Int(const char *field, T *out) {
    static_assert(std::is_integral_v<T> && sizeof(T) <= 8);
    uint64_t v = 0;
    if (auto s = Big(field, sizeof(T), &v); !s.ok())
      return s;
    *out = static_cast<T>(v);
    return absl::OkStatus();
  }
  absl::Status U8(const char *field, uint8_t *out) { return Int(field, out); }
  absl::Status U16(const char *field, uint16_t *out) { return Int(field, out); }
  absl::Status U32(const char *field, uint32_t *out) { return Int(field, out); }
  absl::Status I32(const char *field, int32_t *out) { return Int(field, out); }
  absl::Status U64(const char *field, uint64_t *out) { return Int(field, out); }
  absl::Status I64(const char *field, int64_t *out) { return Int(field, out); }

  // A NUL-terminated string; the terminator is consumed, not returned.
  absl::Status CString(const char *field, std::string *out) {
    size_t end = data_.find('\0', pos_);
    if (end == std::string_view::npos) {
      return absl::DataLossError(
          absl::StrCat(what_, " message truncated at offset ", pos_, ": ",
                       field, " has no terminating NUL in the ", remaining(),
                       " bytes that remain"));
    }
    out->assign(data_.data() + pos_, end - pos_);
    pos_ = end + 1;
    return absl::OkStatus();
  }

  // `n` raw bytes, checked against what remains before anything is copied.
  absl::Status Bytes(const char *field, size_t n, std::string_view *out) {
    if (n > remaining())
      return Short(field, n);
    *out = data_.substr(pos_, n);
    pos_ += n;
    return absl::OkStatus();
  }

  std::string_view Rest() {
    std::string_view rest = data_.substr(pos_);
    pos_ = data_.size();
    return rest;
  }

  absl::Status ExpectEnd() const {
    if (remaining() == 0)
      return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat(what_, " message has ", remaining(),
                     " unexpected trailing bytes at offset ", pos_));
  }

  absl::Status Invalid(const std::string &problem, size_t at) const {
    return absl::InvalidArgumentError(
        absl::StrCat(what_, " message invalid at offset ", at, ": ", problem));
  }

  absl::Status Short(const char *field, size_t need) const {
    return absl::DataLossError(
        absl::StrCat(what_, " message truncated at offset ", pos_, ": ", field,
                     " needs ", need, " bytes, ", remaining(), " remain"));
  }

private:
  absl::Status Big(const char *field, size_t n, uint64_t *out) {
    if (n > remaining())
      return Short(field, n);
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) {
      v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    }
    pos_ += n;
    *out = v;
    return absl::OkStatus();
  }

  std::string_view data_;
  const char *what_;
  size_t pos_ = 0;
};

} // namespace freshet::replication::internal
