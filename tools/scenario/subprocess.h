// Runs a client program (psql, python3) for a scenario: its own process
// group, a working directory, an environment without the caller's PG*
// variables plus the given ones, stdin from a string, stdout and stderr
// together in one string, and a time limit.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace freshet::scenario {

struct ProcessResult {
  int wait_status = 0;
  bool timed_out = false;  // killed (SIGKILL to its group) at the limit
  std::string output;      // stdout and stderr, interleaved as written
  bool ok() const;         // exited with status 0 in time
  std::string Describe() const;  // "exited with status 1", "timed out after ..."
};

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         const std::vector<std::pair<std::string, std::string>>& env,
                                         const std::string& cwd, const std::string& input,
                                         std::chrono::milliseconds limit);

}  // namespace freshet::scenario
