#include "catalog/cluster_sizes.h"

#include <catch2/catch.hpp>

namespace freshet::catalog {
namespace {

TEST_CASE("cluster sizes: the cc table", "[sizes]") {
  auto s50 = FindClusterSize("50cc");
  REQUIRE(s50.has_value());
  CHECK(s50->workers == 1);
  CHECK(s50->cpu_nano_cores == 1'000'000'000ULL);
  CHECK(s50->memory_bytes == 7762ULL * 1024 * 1024);
  CHECK(s50->credits_per_hour == "0.5");
  CHECK(FindClusterSize("25cc")->workers == 1);
  CHECK(FindClusterSize("25cc")->credits_per_hour == "0.25");
  CHECK(FindClusterSize("100cc")->workers == 2);
  CHECK(FindClusterSize("100cc")->credits_per_hour == "1");
  CHECK(FindClusterSize("1200cc")->credits_per_hour == "12");
  CHECK(FindClusterSize("6400cc")->processes == 2);
  CHECK(ClusterSizes().size() == 12);
  CHECK(ClusterSizeNames().rfind("25cc, 50cc, 100cc", 0) == 0);
}

TEST_CASE("cluster sizes: test sizes and unknown names", "[sizes]") {
  CHECK(FindClusterSize("2")->workers == 2);
  auto s = FindClusterSize("scale=1,workers=4");
  REQUIRE(s.has_value());
  CHECK(s->workers == 4);
  CHECK(s->processes == 1);
  for (const char* bad : {"", "0", "65", "51cc", "xsmall", "scale=1", "workers=2", "scale=1,workers=2,x=1",
                          "scale=1,scale=1", "50CC"}) {
    INFO(bad);
    CHECK_FALSE(FindClusterSize(bad).has_value());
  }
}

}  // namespace
}  // namespace freshet::catalog
