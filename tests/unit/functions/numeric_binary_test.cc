// numeric_send / numeric_recv: the bytes PostgreSQL 15 sends (checked with
// `SELECT numeric_send('<value>'::numeric)`), round trips, and numeric_recv's
// checks (checked by COPY ... FROM (FORMAT binary) into PostgreSQL 15).
#include <catch2/catch.hpp>

#include <string>

#include "common/error.h"
#include "types/numeric.h"

namespace {

namespace num = freshet::types::numeric;
using freshet::types::Datum;
using freshet::types::Type;
using freshet::types::TypeId;

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string Receive(const std::string& hex, int32_t typmod = -1) {
  auto d = num::ParseBinary(Type{TypeId::kNumeric, typmod}, Unhex(hex));
  if (!d.ok()) {
    freshet::ErrorInfo info = freshet::ToErrorInfo(d.status());
    return "ERROR " + info.code + ": " + info.message + (info.detail.empty() ? "" : " DETAIL: " + info.detail);
  }
  return d->as_string();
}

struct SendCase {
  const char* text;
  const char* bytes;
};

const SendCase kSends[] = {
    {"93330292507469471369", "00050004000000002475012413d21b230559"},
    {"670312256204.685", "00040002000000031a2f04c9183c1ac2"},
    {"56116583.6374536040", "000500010000000a15eb19b718e614f00fa0"},
    {"-21.34", "000200004000000200150d48"},
    {"73.2553669347833724979583698", "0008000000000019004909f91a2512af0e8c264320b11f40"},
    {"-81", "00010000400000000051"},
    {"-09240.6123531185", "000400004000000a241817eb14bf2134"},
    {"14134.26", "0003000100000002000110260a28"},
    {"-72420556.0736512414", "000500014000000a1c4a022c02e014040578"},
    {"609", "00010000000000000261"},
    {"0", "0000000000000000"},
    {"0.000", "0000000000000003"},
    {"nan", "00000000c0000000"},
    {"inf", "00000000d0000020"},
    {"-inf", "00000000f0000020"},
    {"-12345.678", "0003000140000003000109291a7c"},
    {"1e100", "00010019000000000001"},
    {"0.00001", "0001fffe0000000503e8"},
    {"123456789.987654321", "0006000200000009000109291a852694153803e8"},
    {"10000", "00010001000000000001"},
};

}  // namespace

TEST_CASE("numeric_send bytes match PostgreSQL 15 and numeric_recv reads them back") {
  for (const SendCase& c : kSends) {
    INFO(c.text);
    auto value = num::ParseText(Type{TypeId::kNumeric}, c.text);
    REQUIRE(value.ok());
    std::string bytes;
    REQUIRE(num::AppendBinary(Type{TypeId::kNumeric}, *value, bytes).ok());
    CHECK(Hex(bytes) == c.bytes);
    CHECK(Receive(c.bytes) == value->as_string());
  }
}

TEST_CASE("numeric_recv normalizes, truncates to dscale and applies the typmod") {
  CHECK(Receive("000200000000000200010929") == "1.23");  // 1.2345 sent with dscale 2
  CHECK(Receive("000200004000000000011388") == "-1");    // -1.5 sent with dscale 0
  CHECK(Receive("0001fffe00000008000c") == "0.00000012");
  CHECK(Receive("00010003000000000007") == "7000000000000");
  CHECK(Receive("0003000100000004000000050000") == "5.0000");  // leading and trailing zero digits
  CHECK(Receive("00000000c0000000") == "NaN");
  CHECK(Receive("00000000d0000020") == "Infinity");
  CHECK(Receive("00000000f0000020") == "-Infinity");
  int32_t typmod = *num::MakeTypmod(5, 1);
  CHECK(Receive("0002000100000002000c0d80", typmod) ==
        "ERROR 22003: numeric field overflow DETAIL: A field with precision 5, scale 1 must round to an absolute "
        "value less than 10^4.");
  CHECK(Receive("00010000000000010001", typmod) == "1.0");
}

TEST_CASE("numeric_recv rejects malformed values") {
  CHECK(Receive("00010000800000000001") == "ERROR 22P03: invalid sign in external \"numeric\" value");
  CHECK(Receive("00010000000000002710") == "ERROR 22P03: invalid digit in external \"numeric\" value");
  CHECK(Receive("00010000000040000001") == "ERROR 22P03: invalid scale in external \"numeric\" value");
  CHECK(Receive("000100000000") == "ERROR 22P03: insufficient data left in message");
  CHECK(Receive("0001000000000000") == "ERROR 22P03: insufficient data left in message");
  CHECK(Receive("000000000000000000") == "ERROR 22P03: incorrect binary data format");
}
