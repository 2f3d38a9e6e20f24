#include "types/row_codec.h"

#include "types/format.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

namespace freshet::types {
namespace {

Row RoundTrip(const Row& row) {
  std::string enc = EncodeRow(row);
  Row back;
  REQUIRE(DecodeRow(enc, &back).ok());
  return back;
}

TEST_CASE("row codec: every storage class round-trips", "[row_codec]") {
  Row row = {Datum(),
             Datum::FromBool(true),
             Datum::FromBool(false),
             Datum::FromInt(0),
             Datum::FromInt(-1),
             Datum::FromInt(std::numeric_limits<int64_t>::min()),
             Datum::FromInt(std::numeric_limits<int64_t>::max()),
             Datum::FromDouble(3.25),
             Datum::FromDouble(-0.0),
             Datum::FromDouble(std::numeric_limits<double>::infinity()),
             Datum::FromString(""),
             Datum::FromString(std::string("a\0b", 3)),
             Datum::FromString("12345.678900")};
  Row back = RoundTrip(row);
  REQUIRE(back == row);
  CHECK(std::signbit(back[8].as_double()));
  CHECK(back[10].holds_string());
  CHECK(back[10].as_string().empty());
  CHECK(back[0].is_null());
}

TEST_CASE("row codec: NULL, empty string and an empty row are distinct", "[row_codec]") {
  CHECK(EncodeRow(Row{}) != EncodeRow(Row{Datum()}));
  CHECK(EncodeRow(Row{Datum()}) != EncodeRow(Row{Datum::FromString("")}));
  CHECK(EncodeRow(Row{Datum::FromInt(1), Datum()}) != EncodeRow(Row{Datum(), Datum::FromInt(1)}));
  CHECK(RoundTrip(Row{}).empty());
}

TEST_CASE("row codec: a 16 MiB text value round-trips exactly", "[row_codec]") {
  std::string big(16 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 4097) big[i] = static_cast<char>('a' + i % 26);
  Row back = RoundTrip(Row{Datum::FromInt(7), Datum::FromString(big), Datum()});
  REQUIRE(back.size() == 3);
  CHECK(back[1].as_string() == big);
  CHECK(back[2].is_null());
}

TEST_CASE("row codec: every NaN encodes the same", "[row_codec]") {
  double nan1 = std::numeric_limits<double>::quiet_NaN();
  double nan2 = -std::numeric_limits<double>::signaling_NaN();
  CHECK(EncodeRow(Row{Datum::FromDouble(nan1)}) == EncodeRow(Row{Datum::FromDouble(nan2)}));
  CHECK(std::isnan(RoundTrip(Row{Datum::FromDouble(nan2)})[0].as_double()));
}

TEST_CASE("row codec: small integers are compact", "[row_codec]") {
  CHECK(EncodeRow(Row{Datum::FromInt(0)}).size() == 1);
  CHECK(EncodeRow(Row{Datum::FromInt(-1)}).size() == 1);
  CHECK(EncodeRow(Row{Datum::FromInt(5)}).size() == 2);
  CHECK(EncodeRow(Row{Datum::FromInt(-256)}).size() == 2);
  CHECK(EncodeRow(Row{Datum::FromInt(1000000)}).size() == 4);
  CHECK(EncodeRow(Row{Datum::FromInt(std::numeric_limits<int64_t>::min())}).size() == 9);
}

TEST_CASE("row codec: integers and doubles sort in numeric order", "[row_codec]") {
  std::mt19937_64 rng(7);
  std::vector<int64_t> ints = {0, 1, -1, 255, 256, -256, -257, std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 500; ++i) ints.push_back(static_cast<int64_t>(rng()) >> (rng() % 64));
  for (int64_t a : ints) {
    for (int64_t b : ints) {
      INFO(a << " vs " << b);
      REQUIRE((EncodeRow(Row{Datum::FromInt(a)}) < EncodeRow(Row{Datum::FromInt(b)})) == (a < b));
    }
  }
  std::vector<double> doubles = {-std::numeric_limits<double>::infinity(), -1e300, -2.5, -1e-300, 0.0,
                                 1e-300, 2.5, 1e300, std::numeric_limits<double>::infinity()};
  for (size_t i = 0; i + 1 < doubles.size(); ++i) {
    CHECK(EncodeRow(Row{Datum::FromDouble(doubles[i])}) < EncodeRow(Row{Datum::FromDouble(doubles[i + 1])}));
  }
}

TEST_CASE("row codec: an integer not in its shortest form is rejected", "[row_codec]") {
  Row row;
  CHECK_FALSE(DecodeRow(std::string("\x11\x00", 2), &row).ok());  // 0 written in one byte
  CHECK_FALSE(DecodeRow(std::string("\x0e\xff", 2), &row).ok());  // -1 written in one byte
  REQUIRE(DecodeRow(std::string("\x11\x05", 2), &row).ok());
  CHECK(row == Row{Datum::FromInt(5)});
}

TEST_CASE("row codec: random rows round-trip", "[row_codec]") {
  std::mt19937_64 rng(42);
  for (int n = 0; n < 2000; ++n) {
    Row row;
    int arity = static_cast<int>(rng() % 8);
    for (int i = 0; i < arity; ++i) {
      switch (rng() % 5) {
        case 0: row.emplace_back(); break;
        case 1: row.push_back(Datum::FromBool(rng() & 1)); break;
        case 2: row.push_back(Datum::FromInt(static_cast<int64_t>(rng()) >> (rng() % 64))); break;
        case 3: row.push_back(Datum::FromDouble(static_cast<double>(static_cast<int64_t>(rng())) / 7.0)); break;
        default: row.push_back(Datum::FromString(std::string(rng() % 300, static_cast<char>(rng())))); break;
      }
    }
    REQUIRE(RoundTrip(row) == row);
  }
}

TEST_CASE("row codec: malformed encodings are errors, never crashes", "[row_codec]") {
  std::string enc = EncodeRow(Row{Datum::FromInt(1) , Datum::FromString("hello"), Datum::FromDouble(1.5)});
  Row row;
  // Every strict prefix that cuts a datum short is rejected.
  int rejected = 0;
  for (size_t n = 0; n < enc.size(); ++n) {
    absl::Status s = DecodeRow(enc.substr(0, n), &row);
    if (!s.ok()) {
      ++rejected;
      CHECK(s.code() == absl::StatusCode::kDataLoss);
    }
  }
  CHECK(rejected == static_cast<int>(enc.size()) - 3);  // 3 prefixes end on a datum boundary
  absl::Status bad = DecodeRow(std::string("\x03", 1), &row);
  CHECK(bad.code() == absl::StatusCode::kDataLoss);
  CHECK(std::string(bad.message()).find("unknown tag 3") != std::string::npos);
  // A string length that runs past the end.
  CHECK_FALSE(DecodeRow(std::string("\x05\xff\xff\x01", 4), &row).ok());
  // A varint that never ends.
  CHECK_FALSE(DecodeRow(std::string("\x05\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 12), &row).ok());
  // An integer whose bytes are cut short.
  CHECK_FALSE(DecodeRow(std::string("\x18\x01\x02", 3), &row).ok());
}

}  // namespace
}  // namespace freshet::types

namespace freshet::types {
namespace {

// Every SQL type Freshet supports today, through PostgreSQL's text form:
// parse, encode, decode, print, and compare with the text we started from.
TEST_CASE("row codec: every supported SQL type round-trips through its text form", "[row_codec]") {
  struct Case {
    TypeId type;
    std::vector<std::string> texts;
  };
  const std::vector<Case> cases = {
      {TypeId::kBool, {"t", "f"}},
      {TypeId::kInt2, {"0", "-32768", "32767"}},
      {TypeId::kInt4, {"-2147483648", "2147483647", "42"}},
      {TypeId::kInt8, {"-9223372036854775808", "9223372036854775807"}},
      {TypeId::kFloat4, {"1.5", "-0", "Infinity", "NaN"}},
      {TypeId::kFloat8, {"3.141592653589793", "-1e+300", "-Infinity", "NaN"}},
      {TypeId::kNumeric, {"0", "-12345678901234567890.000000000001", "NaN"}},
      {TypeId::kText, {"", "héllo wörld", "tab\tnewline\n"}},
      {TypeId::kVarchar, {"", "abc"}},
      {TypeId::kBpchar, {"padded    "}},
      {TypeId::kBytea, {"\\x", "\\x00ff10"}},
      {TypeId::kOid, {"0", "4294967295"}},
  };
  for (const Case& c : cases) {
    Type type{c.type};
    Row row;
    for (const std::string& text : c.texts) {
      auto d = ParseText(type, text);
      INFO(Info(c.type).name << " '" << text << "': " << d.status().ToString());
      REQUIRE(d.ok());
      row.push_back(*d);
    }
    row.emplace_back();  // and NULL of every type
    Row back;
    REQUIRE(DecodeRow(EncodeRow(row), &back).ok());
    REQUIRE(back.size() == row.size());
    for (size_t i = 0; i < c.texts.size(); ++i) {
      INFO(Info(c.type).name << " '" << c.texts[i] << "'");
      CHECK(ToText(type, back[i]) == ToText(type, row[i]));
      CHECK(ToText(type, back[i]) == c.texts[i]);
    }
    CHECK(back.back().is_null());
  }
}

}  // namespace
}  // namespace freshet::types
