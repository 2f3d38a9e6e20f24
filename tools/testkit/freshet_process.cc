#include "testkit/freshet_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace freshet::testkit {

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
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
  ::close(fd);
  return port;
}

FreshetProcess::FreshetProcess(std::string binary) : binary_(std::move(binary)) {
  char tmpl[] = "/tmp/freshet-test-XXXXXX";
  tmp_dir_ = ::mkdtemp(tmpl);
  data_dir_ = tmp_dir_ + "/data";
  log_path_ = tmp_dir_ + "/freshet.log";
  port_ = FreePort();
}

FreshetProcess::~FreshetProcess() {
  if (pid_ > 0) Kill();
  if (std::getenv("FRESHET_KEEP_TMP") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(tmp_dir_, ec);
  }
}

std::string FreshetProcess::conninfo(const std::string& user) const {
  return absl::StrCat("host=127.0.0.1 port=", port_, " user=", user, " dbname=materialize connect_timeout=10");
}

absl::Status FreshetProcess::Start(const std::vector<std::string>& extra_args) {
  if (pid_ > 0) return absl::FailedPreconditionError("freshet is already running");
  std::vector<std::string> args = {binary_, absl::StrCat("--listen=127.0.0.1:", port_),
                                   absl::StrCat("--data-dir=", data_dir_)};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_t pid = ::fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      ::dup2(log, STDOUT_FILENO);
      ::dup2(log, STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  std::string ping = conninfo() + " connect_timeout=1";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(absl::StrCat("freshet exited during startup (", args[0], " ",
                                              absl::StrJoin(extra_args, " "), "):\n", LogTail()));
    }
    if (PQping(ping.c_str()) == PQPING_OK) return absl::OkStatus();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill();
  return absl::DeadlineExceededError(absl::StrCat("freshet did not accept connections within 20 s:\n", LogTail()));
}

absl::Status FreshetProcess::Stop() {
  if (pid_ <= 0) return absl::OkStatus();
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return absl::InternalError(absl::StrCat("freshet had died (status ", status, "):\n", LogTail()));
  }
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
      return absl::InternalError(absl::StrCat("freshet exited badly (status ", status, "):\n", LogTail()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return absl::DeadlineExceededError(absl::StrCat("freshet did not stop within 10 s of SIGTERM:\n", LogTail()));
}

void FreshetProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string FreshetProcess::LogTail(int lines) const {
  std::ifstream in(log_path_);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  return absl::StrJoin(tail, "\n");
}

}  // namespace freshet::testkit
