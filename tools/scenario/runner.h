// Runs the parsed commands of one scenario file against the server under
// test: a Freshet started for the file (testkit::FreshetProcess) or any
// PostgreSQL-protocol server given by a conninfo. Prints one line per
// command as it runs and, on the first failing command, what was expected,
// what happened and the tail of Freshet's log; the rest of the file is
// skipped.
#pragma once

#include <string>
#include <vector>

#include "scenario_file.h"
#include "testkit/pg_client.h"

namespace freshet::scenario {

struct RunnerOptions {
  std::string freshet_binary;  // non-empty: start Freshet per file
  std::vector<std::string> freshet_args;
  testkit::ConnParams target;  // otherwise: the server to test
  std::string upstream;        // conninfo for $ postgres-execute
  std::string tmp_root = "/tmp";
  Duration default_timeout{10000};
};

struct FileOutcome {
  bool passed = false;
  int failed_line = 0;       // 0 when the failure was outside a command
  std::string failed_what;   // the failing command's first line, or what failed
  int commands_run = 0;
  double seconds = 0;
};

FileOutcome RunScenarioFile(const RunnerOptions& options, const std::string& file,
                            const std::vector<Command>& commands);

}  // namespace freshet::scenario
