#include "types/row_codec.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"

namespace freshet::types {
namespace {

enum Tag : uint8_t {
  kNullTag = 0,
  kFalseTag = 1,
  kTrueTag = 2,
  kDoubleTag = 4,
  kStringTag = 5,
  // Integers: the tag says sign and payload length n (0 to 8 bytes):
  // kIntZeroTag + n for v >= 0 (v big-endian in n bytes), kIntZeroTag - 1 - n
  // for v < 0 (~v, which is >= 0, complemented, big-endian in n bytes).
  kIntMinTag = 0x10 - 9,
  kIntZeroTag = 0x10,
  kIntMaxTag = 0x10 + 8,
};

int ByteLength(uint64_t v) {
  int n = 0;
  while (v != 0) {
    ++n;
    v >>= 8;
  }
  return n;
}

void PutVarint(uint64_t v, std::string* out) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

bool GetVarint(std::string_view in, size_t* pos, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *pos < in.size(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in[(*pos)++]);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

}  // namespace

void EncodeRow(const Row& row, std::string* out) {
  for (const Datum& d : row) {
    if (d.is_null()) {
      out->push_back(static_cast<char>(kNullTag));
    } else if (d.holds_bool()) {
      out->push_back(static_cast<char>(d.as_bool() ? kTrueTag : kFalseTag));
    } else if (d.holds_int()) {
      int64_t i = d.as_int();
      uint64_t magnitude = i >= 0 ? static_cast<uint64_t>(i) : ~static_cast<uint64_t>(i);
      int n = ByteLength(magnitude);
      uint64_t payload = i >= 0 ? magnitude : ~magnitude;
      out->push_back(static_cast<char>(i >= 0 ? kIntZeroTag + n : kIntZeroTag - 1 - n));
      for (int k = n - 1; k >= 0; --k) out->push_back(static_cast<char>(payload >> (8 * k)));
    } else if (d.holds_double()) {
      out->push_back(static_cast<char>(kDoubleTag));
      double x = d.as_double();
      if (std::isnan(x)) x = std::numeric_limits<double>::quiet_NaN();
      uint64_t bits = std::bit_cast<uint64_t>(x);
      // Sign-magnitude to an unsigned order: flip the sign bit of positives,
      // every bit of negatives.
      bits = (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
      for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(bits >> shift));
    } else {
      out->push_back(static_cast<char>(kStringTag));
      const std::string& s = d.as_string();
      PutVarint(s.size(), out);
      out->append(s);
    }
  }
}

std::string EncodeRow(const Row& row) {
  std::string out;
  EncodeRow(row, &out);
  return out;
}

absl::Status DecodeRow(std::string_view in, Row* row, const std::vector<bool>* keep) {
  row->clear();
  size_t pos = 0;
  auto corrupt = [&](const std::string& what) {
    return absl::DataLossError(absl::StrCat("malformed row encoding at byte ", pos, ": ", what));
  };
  while (pos < in.size()) {
    uint8_t tag = static_cast<uint8_t>(in[pos++]);
    switch (tag) {
      case kNullTag:
        row->emplace_back();
        break;
      case kFalseTag:
      case kTrueTag:
        row->push_back(Datum::FromBool(tag == kTrueTag));
        break;
      case kDoubleTag: {
        if (in.size() - pos < 8) return corrupt("truncated double");
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<uint8_t>(in[pos++]);
        bits = (bits >> 63) != 0 ? bits & ~(uint64_t{1} << 63) : ~bits;
        row->push_back(Datum::FromDouble(std::bit_cast<double>(bits)));
        break;
      }
      case kStringTag: {
        uint64_t len;
        if (!GetVarint(in, &pos, &len)) return corrupt("truncated string length");
        if (len > in.size() - pos) return corrupt("string runs past the end");
        size_t index = row->size();
        if (keep != nullptr && index < keep->size() && !(*keep)[index]) {
          row->emplace_back();
        } else {
          row->push_back(Datum::FromString(std::string(in.substr(pos, len))));
        }
        pos += len;
        break;
      }
      default: {
        if (tag >= kIntMinTag && tag <= kIntMaxTag) {
          bool negative = tag < kIntZeroTag;
          size_t n = negative ? kIntZeroTag - 1 - tag : tag - kIntZeroTag;
          if (in.size() - pos < n) return corrupt("truncated integer");
          uint64_t payload = 0;
          for (size_t k = 0; k < n; ++k) payload = (payload << 8) | static_cast<uint8_t>(in[pos++]);
          if (negative && n < 8) payload |= ~uint64_t{0} << (8 * n);
          // Only the shortest form is valid, so that equal values encode equally.
          uint64_t magnitude = negative ? ~payload : payload;
          if (ByteLength(magnitude) != static_cast<int>(n)) return corrupt("integer not in its shortest form");
          row->push_back(Datum::FromInt(static_cast<int64_t>(payload)));
          break;
        }
        --pos;
        return corrupt(absl::StrCat("unknown tag ", static_cast<int>(tag)));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace freshet::types
