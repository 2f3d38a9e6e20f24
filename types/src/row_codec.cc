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
  kIntTag = 3,
  kDoubleTag = 4,
  kStringTag = 5,
};

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
      out->push_back(static_cast<char>(kIntTag));
      int64_t i = d.as_int();
      PutVarint((static_cast<uint64_t>(i) << 1) ^ static_cast<uint64_t>(i >> 63), out);
    } else if (d.holds_double()) {
      out->push_back(static_cast<char>(kDoubleTag));
      double x = d.as_double();
      if (std::isnan(x)) x = std::numeric_limits<double>::quiet_NaN();
      uint64_t bits = std::bit_cast<uint64_t>(x);
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

absl::Status DecodeRow(std::string_view in, Row* row) {
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
      case kIntTag: {
        uint64_t z;
        if (!GetVarint(in, &pos, &z)) return corrupt("truncated integer");
        row->push_back(Datum::FromInt(static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1))));
        break;
      }
      case kDoubleTag: {
        if (in.size() - pos < 8) return corrupt("truncated double");
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<uint8_t>(in[pos++]);
        row->push_back(Datum::FromDouble(std::bit_cast<double>(bits)));
        break;
      }
      case kStringTag: {
        uint64_t len;
        if (!GetVarint(in, &pos, &len)) return corrupt("truncated string length");
        if (len > in.size() - pos) return corrupt("string runs past the end");
        row->push_back(Datum::FromString(std::string(in.substr(pos, len))));
        pos += len;
        break;
      }
      default:
        --pos;
        return corrupt(absl::StrCat("unknown tag ", static_cast<int>(tag)));
    }
  }
  return absl::OkStatus();
}

}  // namespace freshet::types
