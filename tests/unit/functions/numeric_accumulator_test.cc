// The sum()/avg() accumulator. Expected values are PostgreSQL 15's sum() and
// avg() over the same rows, e.g.
//   SELECT sum(x), avg(x) FROM (VALUES (1.50::numeric), (2), (-0.125)) t(x);
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "types/numeric.h"

namespace num = freshet::types::numeric;

TEST_CASE("sum(int8) and avg(int8) are exact past int64") {
  num::Accumulator acc;
  acc.AddInt64(INT64_MAX);
  acc.AddInt64(INT64_MAX);
  acc.AddInt64(1);
  CHECK(acc.Sum() == "18446744073709551615");
  CHECK(acc.Avg(3) == "6148914691236517205");
}

TEST_CASE("avg(int4) and avg(int8) use numeric division's scale") {
  num::Accumulator a;
  a.AddInt64(1);
  a.AddInt64(2);
  CHECK(a.Sum() == "3");
  CHECK(a.Avg(2) == "1.5000000000000000");
  num::Accumulator b;
  for (int64_t v : {-7, 2, 3}) b.AddInt64(v);
  CHECK(b.Sum() == "-2");
  CHECK(b.Avg(3) == "-0.66666666666666666667");
  num::Accumulator c;  // avg(int2) of 2, 2, 3
  for (int64_t v : {2, 2, 3}) c.AddInt64(v);
  CHECK(c.Avg(3) == "2.3333333333333333");
}

TEST_CASE("sum(numeric) keeps the largest display scale") {
  num::Accumulator a;
  a.AddNumeric("1.50");
  a.AddNumeric("2");
  a.AddNumeric("-0.125");
  CHECK(a.Sum() == "3.375");
  CHECK(a.Avg(3) == "1.12500000000000000000");
  num::Accumulator b;
  for (const char* v : {"0.1", "0.2", "0.3"}) b.AddNumeric(v);
  CHECK(b.Sum() == "0.6");
  CHECK(b.Avg(3) == "0.20000000000000000000");
  num::Accumulator c;
  c.AddNumeric("0.000000000000000000000000000001");
  c.AddNumeric("0.000000000000000000000000000003");
  CHECK(c.Sum() == "0.000000000000000000000000000004");
  CHECK(c.Avg(2) == "0.000000000000000000000000000002000000000000000000");
}

TEST_CASE("sum(numeric) beyond 128 bits") {
  num::Accumulator a;
  a.AddNumeric("123456789012345678901234567890123456789.5");
  a.AddNumeric("0.25");
  a.AddNumeric("99999999999999999999999999999999999999");
  CHECK(a.Sum() == "223456789012345678901234567890123456788.75");
  CHECK(a.Avg(3) == "74485596337448559633744855963374485596.25");
}

TEST_CASE("sum(numeric) with NaN and infinities") {
  num::Accumulator a;
  for (const char* v : {"1.50", "NaN", "2"}) a.AddNumeric(v);
  CHECK(a.Sum() == "NaN");
  CHECK(a.Avg(3) == "NaN");
  num::Accumulator b;
  b.AddNumeric("Infinity");
  b.AddNumeric("-Infinity");
  CHECK(b.Sum() == "NaN");
  num::Accumulator c;
  c.AddNumeric("Infinity");
  c.AddNumeric("5");
  CHECK(c.Sum() == "Infinity");
  CHECK(c.Avg(2) == "Infinity");
}

TEST_CASE("many rows") {
  // SELECT sum(x::numeric), avg(x::numeric) FROM generate_series(1, 100000) x;
  num::Accumulator a;
  for (int64_t x = 1; x <= 100000; ++x) a.AddNumeric(std::to_string(x));
  CHECK(a.Sum() == "5000050000");
  CHECK(a.Avg(100000) == "50000.500000000000");
  // SELECT sum(x::int8 * 1000000000000), avg(...) FROM generate_series(1, 100000) x;
  num::Accumulator b;
  for (int64_t x = 1; x <= 100000; ++x) b.AddInt64(x * 1000000000000);
  CHECK(b.Sum() == "5000050000000000000000");
  CHECK(b.Avg(100000) == "50000500000000000");
  // SELECT sum(x::numeric / 7), avg(x::numeric / 7) FROM generate_series(1, 1000) x;
  num::Accumulator c;
  for (int64_t x = 1; x <= 1000; ++x) c.AddNumeric(*num::Div(std::to_string(x), "7"));
  CHECK(c.Sum() == "71500.00000000000000000000");
  CHECK(c.Avg(1000) == "71.50000000000000000000");
}

TEST_CASE("ints and numerics mixed, and scale growth after big sums") {
  num::Accumulator a;
  a.AddInt64(INT64_MAX);
  a.AddNumeric("0.001");
  a.AddInt64(INT64_MIN);
  CHECK(a.Sum() == "-0.999");
}
