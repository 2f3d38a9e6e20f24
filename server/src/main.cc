// The freshet binary: parse flags, start the server, serve until a signal.
#include <cstdio>
#include <string>
#include <vector>

#include "common/log.h"
#include "config.h"
#include "coord/server_info.h"
#include "pgwire/server.h"

#ifndef FRESHET_VERSION
#define FRESHET_VERSION "0.0.0"
#endif
#ifndef FRESHET_BUILD_SHA
#define FRESHET_BUILD_SHA "000000000"
#endif

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto flags = freshet::server::ParseFlags(args);
  if (!flags.ok()) {
    std::fprintf(stderr, "freshet: %s\n", std::string(flags.status().message()).c_str());
    return 2;
  }
  if (flags->help) {
    std::fputs(freshet::server::FlagsHelp().c_str(), stdout);
    return 0;
  }
  freshet::coord::ServerInfo info{FRESHET_VERSION, FRESHET_BUILD_SHA};
  info.query_workers = flags->config.query_workers;
  info.parallel_scan_min_bytes = flags->config.parallel_scan_min_bytes;
  freshet::server::Server server(flags->config, info);
  if (auto s = server.Start(); !s.ok()) {
    FRESHET_LOG(kError) << "cannot start: " << s.message();
    return 1;
  }
  server.Run();
  return 0;
}
