// scenario_runner: runs testdrive-like scenario files (docs/testing.md)
// against a Freshet it starts per file (--freshet) or against any
// PostgreSQL-protocol server (--target), with an upstream PostgreSQL for
// `$ postgres-execute`. Every file is parsed before anything runs.
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runner.h"
#include "scenario_file.h"

namespace freshet::scenario {
namespace {

constexpr char kUsage[] =
    "usage: scenario_runner (--freshet PATH [--freshet-arg ARG]... | --target CONNINFO)\n"
    "                       [--upstream CONNINFO] [--data-dir-root DIR] [--timeout DURATION] FILE...\n"
    "  --freshet PATH       start this Freshet binary for each file (fresh data directory, free port)\n"
    "  --freshet-arg ARG    an extra server flag for every start (repeatable)\n"
    "  --target CONNINFO    run against this running server instead (e.g. a PostgreSQL)\n"
    "  --upstream CONNINFO  PostgreSQL for $ postgres-execute (default: $FRESHET_TEST_UPSTREAM)\n"
    "  --data-dir-root DIR  where Freshet's temporary directories go (default /tmp)\n"
    "  --timeout DURATION   the default command timeout (default 10s)\n"
    "Set FRESHET_KEEP_TMP=1 to keep Freshet's data directory and log.\n";

int Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "scenario_runner: " << problem << "\n";
  std::cerr << kUsage;
  return 2;
}

int Main(int argc, char** argv) {
  // Writes to a client program that has exited, or to a closed socket,
  // must come back as errors, not kill the runner.
  ::signal(SIGPIPE, SIG_IGN);
  RunnerOptions options;
  std::string target;
  if (const char* upstream = std::getenv("FRESHET_TEST_UPSTREAM")) options.upstream = upstream;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      has_value = true;
    }
    auto take = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= argc) return false;
      value = argv[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--freshet" || arg == "--freshet-arg" || arg == "--target" || arg == "--upstream" ||
               arg == "--data-dir-root" || arg == "--timeout") {
      if (!take()) return Usage(absl::StrCat(arg, " needs a value"));
      if (arg == "--freshet") options.freshet_binary = value;
      if (arg == "--freshet-arg") options.freshet_args.push_back(value);
      if (arg == "--target") target = value;
      if (arg == "--upstream") options.upstream = value;
      if (arg == "--data-dir-root") options.tmp_root = value;
      if (arg == "--timeout") {
        auto d = ParseDuration(value);
        if (!d) return Usage(absl::StrCat("--timeout expects a duration such as 30s, got ", value));
        options.default_timeout = *d;
      }
    } else if (arg.rfind("--", 0) == 0) {
      return Usage(absl::StrCat("unknown flag ", arg));
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) return Usage("no scenario files");
  if (options.freshet_binary.empty() == target.empty()) return Usage("give exactly one of --freshet and --target");
  if (!target.empty()) {
    auto params = testkit::ParseConninfo(target);
    if (!params.ok()) return Usage(std::string(params.status().message()));
    options.target = *params;
  }

  ParseOptions parse_options;
  parse_options.with_freshet = !options.freshet_binary.empty();
  if (auto user = testkit::GetParam(options.target, "user")) parse_options.startup_user = *user;
  if (auto db = testkit::GetParam(options.target, "dbname")) parse_options.startup_database = *db;
  if (!options.upstream.empty()) {
    if (auto upstream = testkit::ParseConninfo(options.upstream); upstream.ok()) {
      if (auto host = testkit::GetParam(*upstream, "host")) parse_options.upstream_host = *host;
      if (auto port = testkit::GetParam(*upstream, "port")) parse_options.upstream_port = *port;
      if (auto user = testkit::GetParam(*upstream, "user")) parse_options.upstream_user = *user;
    }
  }

  // Parse everything first: a syntax error is reported before anything runs.
  std::vector<std::vector<Command>> parsed(files.size());
  std::vector<bool> parse_ok(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    auto commands = ParseScenarioFile(files[i], parse_options);
    parse_ok[i] = commands.ok();
    if (commands.ok()) parsed[i] = std::move(*commands);
    else std::cout << "SYNTAX ERROR\n" << commands.status().message() << "\n" << std::endl;
  }

  std::vector<std::string> summary;
  int passed = 0, failed = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!parse_ok[i]) {
      ++failed;
      summary.push_back(absl::StrFormat("FAILED  %s: syntax errors, not run", files[i]));
      continue;
    }
    FileOutcome outcome = RunScenarioFile(options, files[i], parsed[i]);
    if (outcome.passed) {
      ++passed;
      summary.push_back(absl::StrFormat("ok      %s (%d commands, %.1f s)", files[i], outcome.commands_run,
                                        outcome.seconds));
    } else {
      ++failed;
      summary.push_back(absl::StrFormat("FAILED  %s%s: %s (%.1f s)", files[i],
                                        outcome.failed_line ? absl::StrCat(":", outcome.failed_line) : "",
                                        outcome.failed_what, outcome.seconds));
    }
  }
  std::cout << "\n==== scenario summary\n";
  for (const auto& line : summary) std::cout << line << "\n";
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace freshet::scenario

int main(int argc, char** argv) { return freshet::scenario::Main(argc, argv); }
