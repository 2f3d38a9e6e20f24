#include "testkit/freshet_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace freshet::testkit {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kStartTimeoutMs = 20000;
constexpr int kStopTimeoutMs = 10000;
constexpr int kStartAttempts = 3;  // first start only: the port may be taken meanwhile

std::string Errno(const char* what) { return absl::StrCat(what, ": ", std::strerror(errno)); }

void AppendToLog(const std::string& path, const std::string& line) {
  std::ofstream out(path, std::ios::app);
  out << line << "\n";
}

}  // namespace

bool FreshetProcess::KeepTmp() {
  const char* v = std::getenv("FRESHET_KEEP_TMP");
  return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
}

absl::StatusOr<int> FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(Errno("socket"));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  std::string error = Errno("bind");
  ::close(fd);
  if (port == 0) return absl::InternalError(error);
  return port;
}

std::string DescribeWaitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return absl::StrCat("exited with status ", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    return absl::StrCat("was killed by signal ", sig, " (", ::strsignal(sig), ")",
                        WCOREDUMP(wait_status) ? ", core dumped" : "");
  }
  return absl::StrCat("ended with wait status ", wait_status);
}

absl::StatusOr<std::unique_ptr<FreshetProcess>> FreshetProcess::Create(FreshetOptions options) {
  if (::access(options.binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat("freshet binary ", options.binary, ": ", std::strerror(errno)));
  }
  std::string tmpl = absl::StrCat(options.tmp_root, "/freshet-test-XXXXXX");
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp under ", options.tmp_root, ": ", std::strerror(errno)));
  }
  auto port = FreePort();
  if (!port.ok()) {
    std::error_code ec;
    std::filesystem::remove_all(tmpl, ec);
    return port.status();
  }
  return std::unique_ptr<FreshetProcess>(new FreshetProcess(std::move(options), tmpl, *port));
}

FreshetProcess::FreshetProcess(FreshetOptions options, std::string tmp_dir, int port)
    : options_(std::move(options)),
      tmp_dir_(std::move(tmp_dir)),
      data_dir_(tmp_dir_ + "/data"),
      log_path_(tmp_dir_ + "/freshet.log"),
      port_(port) {}

FreshetProcess::~FreshetProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
  if (KeepTmp()) return;
  std::error_code ec;
  std::filesystem::remove_all(tmp_dir_, ec);
}

std::string FreshetProcess::conninfo(const std::string& user, const std::string& database) const {
  return absl::StrCat("host=", host_, " port=", port_, " user=", user, " dbname=", database);
}

std::string FreshetProcess::url(const std::string& user, const std::string& database) const {
  return absl::StrCat("postgres://", user, "@", host_, ":", port_, "/", database);
}

absl::Status FreshetProcess::Start(const std::vector<std::string>& extra_args) {
  if (pid_ > 0) return absl::FailedPreconditionError("freshet is already running");
  exited_.clear();
  std::vector<std::string> args = options_.args;
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  for (int attempt = 1;; ++attempt) {
    bool port_in_use = false;
    absl::Status s = StartOnce(args, &port_in_use);
    if (s.ok()) {
      started_once_ = true;
      return s;
    }
    // A restart keeps its port: the data directory may record it.
    if (!port_in_use || started_once_ || attempt == kStartAttempts) return s;
    auto port = FreePort();
    if (!port.ok()) return port.status();
    port_ = *port;
  }
}

absl::Status FreshetProcess::StartOnce(const std::vector<std::string>& args, bool* port_in_use) {
  std::vector<std::string> argv_strings = {options_.binary, absl::StrCat("--listen=", host_, ":", port_),
                                           absl::StrCat("--data-dir=", data_dir_)};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::string command = absl::StrJoin(argv_strings, " ");
  AppendToLog(log_path_, absl::StrCat("==== testkit: starting ", command));
  // Prepared before fork: the child only calls async-signal-safe functions.
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return absl::InternalError(Errno(log_path_.c_str()));
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    return absl::InternalError(Errno("fork"));
  }
  if (pid == 0) {
    // Dies with the test driver, so a killed ctest leaves no server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::signal(SIGPIPE, SIG_DFL);  // test drivers often ignore it
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    const char msg[] = "testkit: exec of the freshet binary failed\n";
    ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(127);
  }
  ::close(log);
  pid_ = pid;

  std::string ping = conninfo() + " connect_timeout=2";
  auto deadline = Clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  while (Clock::now() < deadline) {
    int status;
    if (WaitExit(0, &status)) {
      std::string tail = LogTail();
      *port_in_use = absl::StrContains(absl::AsciiStrToLower(tail), "address already in use");
      return absl::InternalError(
          absl::StrCat("freshet ", DescribeWaitStatus(status), " while starting (", command, ")"));
    }
    PGPing ping_result = PQping(ping.c_str());
    if (ping_result == PQPING_OK) return absl::OkStatus();
    if (ping_result == PQPING_NO_ATTEMPT) return absl::InternalError(absl::StrCat("bad ping conninfo: ", ping));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  int status;
  WaitExit(-1, &status);
  return absl::DeadlineExceededError(absl::StrCat("freshet did not accept connections on ", host_, ":", port_,
                                                  " within ", kStartTimeoutMs / 1000, " s (", command,
                                                  "); killed it"));
}

bool FreshetProcess::WaitExit(int timeout_ms, int* wait_status) {
  if (pid_ <= 0) return true;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
  for (;;) {
    pid_t r = ::waitpid(pid_, wait_status, timeout_ms < 0 ? 0 : WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      pid_ = -1;
      return true;
    }
    if (timeout_ms >= 0 && Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

absl::Status FreshetProcess::CheckAlive() {
  if (pid_ > 0) {
    int status;
    if (WaitExit(0, &status)) {
      exited_ = DescribeWaitStatus(status);
      AppendToLog(log_path_, absl::StrCat("==== testkit: freshet ", exited_));
    }
  }
  if (!exited_.empty()) {
    return absl::InternalError(absl::StrCat("freshet ", exited_, " on its own"));
  }
  if (pid_ <= 0) return absl::FailedPreconditionError("freshet is not running");
  return absl::OkStatus();
}

absl::Status FreshetProcess::Stop() {
  if (pid_ <= 0 && exited_.empty()) return absl::OkStatus();  // never started, or stopped already
  if (auto s = CheckAlive(); !s.ok()) return s;
  ::kill(pid_, SIGTERM);
  int status;
  if (WaitExit(kStopTimeoutMs, &status)) {
    std::string how = DescribeWaitStatus(status);
    AppendToLog(log_path_, absl::StrCat("==== testkit: freshet ", how, " after SIGTERM"));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
    return absl::InternalError(absl::StrCat("freshet ", how, " after SIGTERM"));
  }
  ::kill(pid_, SIGKILL);
  WaitExit(-1, &status);
  AppendToLog(log_path_, "==== testkit: freshet did not stop after SIGTERM; sent SIGKILL");
  return absl::DeadlineExceededError(absl::StrCat("freshet did not stop within ", kStopTimeoutMs / 1000,
                                                  " s of SIGTERM; killed it"));
}

absl::Status FreshetProcess::Kill() {
  if (pid_ <= 0 && exited_.empty()) return absl::OkStatus();
  if (auto s = CheckAlive(); !s.ok()) return s;
  ::kill(pid_, SIGKILL);
  int status;
  WaitExit(-1, &status);
  AppendToLog(log_path_, "==== testkit: freshet killed with SIGKILL");
  return absl::OkStatus();
}

std::string FreshetProcess::LogTail(int lines) const {
  std::ifstream in(log_path_);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  return absl::StrCat("--- last ", tail.size(), " lines of ", log_path_, " ---\n", absl::StrJoin(tail, "\n"),
                      tail.empty() ? "" : "\n", "--- end of log ---");
}

}  // namespace freshet::testkit
