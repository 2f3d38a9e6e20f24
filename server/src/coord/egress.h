// mz_egress_ips: the addresses an upstream database sees Freshet connect
// from, for allow-lists. Configured (--egress-ips), or else this host's
// non-loopback, non-link-local interface addresses.
#pragma once

#include <string>
#include <vector>

namespace freshet::coord {

std::vector<std::string> EgressIps(const std::vector<std::string>& configured);

}  // namespace freshet::coord
