// with_freshet: runs a command against a Freshet started for it.
//
//   with_freshet --freshet PATH [--arg ARG]... [--data-dir-root DIR] -- CMD ARGS...
//
// Starts Freshet (testkit::FreshetProcess: free loopback port, fresh
// temporary data directory), runs CMD with PGHOST, PGPORT, PGUSER,
// PGDATABASE, FRESHET_PORT and FRESHET_URL pointing at it, stops Freshet
// and exits with CMD's status (128 + N when CMD died of signal N). A
// Freshet that crashed, or that does not exit with status 0 on SIGTERM,
// fails the run even when CMD passed; any failure prints the server log's
// tail.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "testkit/freshet_process.h"

namespace {

constexpr char kUsage[] =
    "usage: with_freshet --freshet PATH [--arg ARG]... [--data-dir-root DIR] -- CMD ARGS...\n";

volatile sig_atomic_t g_child = 0;

// SIGTERM/SIGINT/SIGHUP (e.g. a ctest timeout): pass it on to CMD; Freshet
// dies with us (PR_SET_PDEATHSIG) once we exit after CMD.
void Forward(int sig) {
  if (g_child > 0) ::kill(g_child, sig);
}

int Fail(const freshet::testkit::FreshetProcess* freshet, const std::string& what) {
  std::cerr << "with_freshet: " << what << "\n";
  if (freshet != nullptr) {
    std::cerr << freshet->LogTail() << "\n";
    if (freshet->KeepTmp()) std::cerr << "with_freshet: kept " << freshet->tmp_dir() << "\n";
  }
  return 1;
}

int Main(int argc, char** argv) {
  freshet::testkit::FreshetOptions options;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    }
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    if ((arg == "--freshet" || arg == "--arg" || arg == "--data-dir-root") && (has_value || i + 1 < argc)) {
      if (!has_value) value = argv[++i];
      if (arg == "--freshet") options.binary = value;
      if (arg == "--arg") options.args.push_back(value);
      if (arg == "--data-dir-root") options.tmp_root = value;
    } else {
      std::cerr << "with_freshet: unexpected argument " << argv[i] << "\n" << kUsage;
      return 2;
    }
  }
  if (options.binary.empty() || command.empty()) {
    std::cerr << kUsage;
    return 2;
  }

  auto created = freshet::testkit::FreshetProcess::Create(options);
  if (!created.ok()) return Fail(nullptr, std::string(created.status().message()));
  auto& freshet = *created;
  if (auto s = freshet->Start(); !s.ok()) return Fail(freshet.get(), std::string(s.message()));

  std::string port = absl::StrCat(freshet->port());
  ::setenv("PGHOST", freshet->host().c_str(), 1);
  ::setenv("PGPORT", port.c_str(), 1);
  ::setenv("PGUSER", "materialize", 1);
  ::setenv("PGDATABASE", "materialize", 1);
  ::setenv("FRESHET_PORT", port.c_str(), 1);
  ::setenv("FRESHET_URL", freshet->url().c_str(), 1);

  for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::signal(sig, Forward);
  std::vector<char*> args;
  for (auto& a : command) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return Fail(freshet.get(), absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::signal(sig, SIG_DFL);
    ::execvp(args[0], args.data());
    std::cerr << "with_freshet: cannot run " << command[0] << ": " << std::strerror(errno) << "\n";
    ::_exit(127);
  }
  g_child = pid;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_child = 0;
  int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

  absl::Status stopped = freshet->Stop();
  if (!stopped.ok()) {
    Fail(freshet.get(), absl::StrCat(std::string(stopped.message()),
                                     exit_code == 0 ? "; failing although the command passed" : ""));
    return exit_code == 0 ? 1 : exit_code;
  }
  if (exit_code != 0) {
    Fail(freshet.get(), absl::StrCat(command[0], " ", freshet::testkit::DescribeWaitStatus(status)));
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
