#include <catch2/catch.hpp>

#include "types/numeric.h"

namespace num = freshet::types::numeric;

TEST_CASE("numeric smoke") {
  CHECK(*num::Add("1.5", "2.25") == "3.75");
}
