#include "ssh_tunnel.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/error.h"
#include "common/log.h"
#include "common/status_macros.h"

extern char** environ;

namespace freshet::replication {
namespace {

// What LocalCommand prints once ssh has logged in and its forward listens
// (ssh runs LocalCommand after setting up forwarding, so this line is the
// moment the tunnel can carry traffic, with nothing polled).
constexpr char kReadyMarker[] = "freshet-ssh-tunnel-up";
// Login (ConnectTimeout covers the TCP connect) plus authentication.
constexpr auto kOpenTimeout = std::chrono::seconds(30);
// A bastion that stops answering is noticed within ServerAliveInterval *
// ServerAliveCountMax seconds; ssh then exits and sources stall.
constexpr int kServerAliveInterval = 5;
constexpr int kServerAliveCountMax = 3;
constexpr size_t kStderrLines = 8;
// How long an unused tunnel stays up after it was last handed out: the
// steps of CREATE SOURCE (validate, describe, slot, snapshot) and a
// source's reconnects then share one ssh login instead of one each.
constexpr auto kLinger = std::chrono::seconds(10);

absl::Status TunnelError(const std::string& message) {
  // As for libpq's connect failures (pg_conn.cc): the client cannot connect.
  return Error("08001", message).ToStatus();
}

std::string SshBinary() {
  if (const char* path = std::getenv("PATH")) {
    for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
      std::string candidate = absl::StrCat(dir, "/ssh");
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "/usr/bin/ssh";
}

// A loopback port nobody listens on right now. ssh binds it a moment later;
// if another process took it meanwhile, ExitOnForwardFailure makes ssh fail
// and the caller retries.
absl::StatusOr<uint16_t> FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("cannot create a socket for an SSH tunnel");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) return absl::InternalError("cannot find a free loopback port for an SSH tunnel");
  return ntohs(addr.sin_port);
}

absl::Status WritePrivateFile(const std::string& path, std::string content) {
  if (content.empty() || content.back() != '\n') content.push_back('\n');  // ssh wants the final newline
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return absl::InternalError("cannot write an SSH key for a tunnel");
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ::close(fd);
  if (!ok) return absl::InternalError("cannot write an SSH key for a tunnel");
  return absl::OkStatus();
}

std::string TempRoot() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp == '/' ? tmp : "/tmp";
}

// The process-wide tunnels and settings. Never destroyed: tunnels may be
// released by threads that run during exit.
class TunnelPool {
 public:
  static TunnelPool& Get() {
    static TunnelPool* pool = new TunnelPool();
    return *pool;
  }

  void SetKnownHostsDirectory(std::string dir) {
    std::lock_guard<std::mutex> l(mu_);
    known_hosts_dir_ = std::move(dir);
  }

  // "" when no directory is set.
  std::string KnownHostsFile(const std::string& connection_id) {
    std::lock_guard<std::mutex> l(mu_);
    if (known_hosts_dir_.empty() || connection_id.empty()) return "";
    std::string name;
    for (char c : connection_id) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    return absl::StrCat(known_hosts_dir_, "/", name);
  }

  void Update(const SshTunnelParams& params) {
    std::lock_guard<std::mutex> l(mu_);
    latest_[params.connection_id] = params;
  }

  absl::StatusOr<std::shared_ptr<SshTunnel>> Acquire(const SshTunnelParams& given, const std::string& target_host,
                                                     uint16_t target_port) {
    SshTunnelParams params = given;
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (auto it = latest_.find(given.connection_id); it != latest_.end()) params = it->second;
      std::string key = absl::StrCat(params.connection_id, "\n", params.user, "@", params.host, ":", params.port, "\n",
                                     target_host, ":", target_port);
      auto& slot = entries_[key];
      if (slot == nullptr) slot = std::make_shared<Entry>();
      entry = slot;
    }
    // One opener per tunnel; the others wait for its result.
    std::lock_guard<std::mutex> open(entry->open_mu);
    std::shared_ptr<SshTunnel> t = entry->tunnel.lock();
    if (t == nullptr || !t->alive()) {
      FRESHET_ASSIGN_OR_RETURN(t, SshTunnel::Open(params, target_host, target_port));
      entry->tunnel = t;
    }
    entry->linger = t;
    entry->linger_until = std::chrono::steady_clock::now() + kLinger;
    StartReaper();
    return t;
  }

 private:
  struct Entry {
    std::mutex open_mu;
    std::weak_ptr<SshTunnel> tunnel;  // guarded by open_mu
    // Keeps the tunnel up until linger_until even with no connection.
    std::shared_ptr<SshTunnel> linger;                   // guarded by open_mu
    std::chrono::steady_clock::time_point linger_until;  // guarded by open_mu
  };

  void StartReaper() {
    std::call_once(reaper_started_, [this] { std::thread([this] { Reap(); }).detach(); });
  }

  // Once a second: lets go of tunnels past their linger time (they close
  // when no connection holds them) and of entries with nothing left.
  [[noreturn]] void Reap() {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      std::vector<std::pair<std::string, std::shared_ptr<Entry>>> entries;
      {
        std::lock_guard<std::mutex> l(mu_);
        entries.assign(entries_.begin(), entries_.end());
      }
      std::vector<std::string> empty;
      for (auto& [key, entry] : entries) {
        std::shared_ptr<SshTunnel> expired;  // closed after the entry's lock is released
        {
          std::lock_guard<std::mutex> open(entry->open_mu);
          if (entry->linger != nullptr &&
              (std::chrono::steady_clock::now() > entry->linger_until || !entry->linger->alive())) {
            expired = std::move(entry->linger);
            entry->linger = nullptr;
          } else if (entry->linger == nullptr && entry->tunnel.expired()) {
            empty.push_back(key);
          }
        }
      }
      std::lock_guard<std::mutex> l(mu_);
      for (const std::string& key : empty) entries_.erase(key);
    }
  }

  std::mutex mu_;
  std::string known_hosts_dir_;                            // guarded by mu_
  std::map<std::string, SshTunnelParams> latest_;          // guarded by mu_
  std::map<std::string, std::shared_ptr<Entry>> entries_;  // guarded by mu_
  std::once_flag reaper_started_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<SshTunnel>> SshTunnel::Open(const SshTunnelParams& ssh, const std::string& target_host,
                                                           uint16_t target_port) {
  std::shared_ptr<SshTunnel> t(new SshTunnel());
  t->bastion_ = absl::StrCat(ssh.user, "@", ssh.host, ":", ssh.port);
  FRESHET_ASSIGN_OR_RETURN(t->local_port_, FreeLoopbackPort());

  std::string key_dir = TempRoot() + "/freshet-ssh-XXXXXX";
  if (::mkdtemp(key_dir.data()) == nullptr) return absl::InternalError("cannot create a directory for SSH keys");
  absl::Status written = WritePrivateFile(key_dir + "/key1", ssh.private_key_1);
  if (written.ok()) written = WritePrivateFile(key_dir + "/key2", ssh.private_key_2);
  std::string known_hosts = TunnelPool::Get().KnownHostsFile(ssh.connection_id);
  if (known_hosts.empty()) {
    known_hosts = key_dir + "/known_hosts";
  } else {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::path(known_hosts).parent_path();
    std::filesystem::create_directories(dir, ec);
    ::chmod(dir.c_str(), 0700);
  }
  if (!written.ok()) {
    std::error_code ec;
    std::filesystem::remove_all(key_dir, ec);
    return written;
  }

  std::string target = target_host.find(':') != std::string::npos ? absl::StrCat("[", target_host, "]") : target_host;
  // -N: forward only, no remote command; -F /dev/null: none of the server
  // user's ~/.ssh/config; IdentitiesOnly and IdentityAgent=none: only these
  // keys, never the server user's own or an agent's.
  std::vector<std::string> argv = {SshBinary(), "-N", "-T", "-F", "/dev/null"};
  for (const std::string& option : {
           std::string("BatchMode=yes"),
           std::string("ExitOnForwardFailure=yes"),
           absl::StrCat("ServerAliveInterval=", kServerAliveInterval),
           absl::StrCat("ServerAliveCountMax=", kServerAliveCountMax),
           std::string("ConnectTimeout=10"),
           std::string("StrictHostKeyChecking=accept-new"),
           absl::StrCat("UserKnownHostsFile=", known_hosts),
           std::string("GlobalKnownHostsFile=/dev/null"),
           std::string("UpdateHostKeys=no"),
           std::string("CheckHostIP=no"),
           std::string("IdentitiesOnly=yes"),
           std::string("IdentityAgent=none"),
           std::string("PreferredAuthentications=publickey"),
           std::string("PasswordAuthentication=no"),
           std::string("KbdInteractiveAuthentication=no"),
           std::string("ControlMaster=no"),
           std::string("ControlPath=none"),
           std::string("PermitLocalCommand=yes"),
           absl::StrCat("LocalCommand=echo ", kReadyMarker),
           // INFO: ssh's word on a forwarded connection that failed
           // ("channel 2: open failed: connect failed: ...") is INFO.
           std::string("LogLevel=INFO"),
       }) {
    argv.insert(argv.end(), {"-o", option});
  }
  argv.insert(argv.end(), {"-i", key_dir + "/key1", "-i", key_dir + "/key2", "-p", absl::StrCat(ssh.port), "-l",
                           ssh.user, "-L", absl::StrCat("127.0.0.1:", t->local_port_, ":", target, ":", target_port),
                           "--", ssh.host});
  t->thread_ = std::thread(&SshTunnel::Watch, t.get(), std::move(argv), key_dir);

  std::unique_lock<std::mutex> l(t->mu_);
  if (!t->cv_.wait_for(l, kOpenTimeout, [&] { return t->state_ != State::kStarting; })) {
    l.unlock();
    return TunnelError(absl::StrCat("SSH tunnel through ", t->bastion_, " failed: no login within ",
                                    std::chrono::seconds(kOpenTimeout).count(), " s"));
  }
  if (t->state_ == State::kExited) {
    std::string text = t->ErrorText();
    int status = t->exit_status_;
    l.unlock();
    if (text.empty()) text = absl::StrCat("ssh exited with status ", status);
    return TunnelError(absl::StrCat("SSH tunnel through ", t->bastion_, " failed: ", text));
  }
  FRESHET_LOG(kInfo) << "SSH tunnel up through " << t->bastion_ << " to " << target << ":" << target_port
                     << " on 127.0.0.1:" << t->local_port_;
  return t;
}

SshTunnel::~SshTunnel() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  if (thread_.joinable()) thread_.join();
}

bool SshTunnel::alive() const {
  std::lock_guard<std::mutex> l(mu_);
  return state_ == State::kUp;
}

size_t SshTunnel::stderr_count() const {
  std::lock_guard<std::mutex> l(mu_);
  return stderr_count_;
}

std::string SshTunnel::StderrSince(size_t count) const {
  std::lock_guard<std::mutex> l(mu_);
  size_t fresh = std::min(stderr_count_ - std::min(count, stderr_count_), stderr_lines_.size());
  return absl::StrJoin(stderr_lines_.end() - static_cast<std::ptrdiff_t>(fresh), stderr_lines_.end(), " ");
}

std::string SshTunnel::ErrorText() const { return absl::StrJoin(stderr_lines_, " "); }

void SshTunnel::Watch(std::vector<std::string> args, std::string key_dir) {
  auto remove_keys = [&] {
    if (key_dir.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(key_dir, ec);
    key_dir.clear();
  };
  auto fail = [&](const std::string& why) {
    remove_keys();
    std::lock_guard<std::mutex> l(mu_);
    stderr_lines_.push_back(why);
    state_ = State::kExited;
    cv_.notify_all();
  };
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return fail("cannot create a pipe for ssh");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return fail("cannot create a pipe for ssh");
  }
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // ssh runs LocalCommand with $SHELL: a service account's nologin shell
  // would swallow the ready line.
  std::vector<std::string> env_strings = {"SHELL=/bin/sh"};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "SHELL=", 6) != 0) env_strings.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  // Forked from this thread, which lives exactly as long as the tunnel:
  // PR_SET_PDEATHSIG then ends ssh when the tunnel is destroyed without a
  // SIGTERM reaching it, and when Freshet dies (even by SIGKILL).
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGHUP, SIG_DFL);
    ::signal(SIGPIPE, SIG_DFL);
    ::setsid();  // no terminal: a Ctrl-C meant for Freshet does not reach ssh
                 // first
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::syscall(SYS_close_range, 3U, ~0U,
              0U);  // none of Freshet's sockets and files
    ::execve(argv[0], argv.data(), envp.data());
    static constexpr char kNoSsh[] = "cannot run ssh (is openssh-client installed?)\n";
    [[maybe_unused]] ssize_t n = ::write(2, kNoSsh, sizeof(kNoSsh) - 1);
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  if (devnull >= 0) ::close(devnull);
  if (pid < 0) {
    ::close(out[0]);
    ::close(err[0]);
    return fail("cannot start ssh");
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    pid_ = pid;
    if (stopping_) ::kill(pid, SIGTERM);  // destroyed while ssh was starting
  }

  std::string out_buf, err_buf;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[4096];
      ssize_t n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      std::string& acc = i == 0 ? out_buf : err_buf;
      acc.append(buf, static_cast<size_t>(n));
      size_t nl;
      while ((nl = acc.find('\n')) != std::string::npos) {
        std::string line(absl::StripAsciiWhitespace(acc.substr(0, nl)));
        acc.erase(0, nl + 1);
        if (line.empty()) continue;
        if (i == 0) {
          if (line == kReadyMarker) {
            remove_keys();  // ssh has logged in: it does not read the keys again
            std::lock_guard<std::mutex> l(mu_);
            state_ = State::kUp;
            cv_.notify_all();
          }
          continue;
        }
        FRESHET_LOG(kInfo) << "ssh (tunnel through " << bastion_ << "): " << line;
        // Not an error: the first login recording the bastion's host key.
        if (absl::StartsWith(line, "Warning: Permanently added")) continue;
        std::lock_guard<std::mutex> l(mu_);
        stderr_lines_.push_back(std::move(line));
        ++stderr_count_;
        while (stderr_lines_.size() > kStderrLines) stderr_lines_.pop_front();
      }
    }
  }
  for (pollfd& p : fds) {
    if (p.fd >= 0) ::close(p.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  remove_keys();
  std::lock_guard<std::mutex> l(mu_);
  bool was_up = state_ == State::kUp;
  pid_ = -1;
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  state_ = State::kExited;
  cv_.notify_all();
  if (was_up) {
    FRESHET_LOG(kInfo) << "SSH tunnel through " << bastion_ << " on 127.0.0.1:" << local_port_ << " closed";
  }
}

absl::StatusOr<std::shared_ptr<SshTunnel>> AcquireSshTunnel(const SshTunnelParams& ssh, const std::string& target_host,
                                                            uint16_t target_port) {
  return TunnelPool::Get().Acquire(ssh, target_host, target_port);
}

void SetSshKnownHostsDirectory(std::string dir) { TunnelPool::Get().SetKnownHostsDirectory(std::move(dir)); }

void UpdateSshTunnelParams(const SshTunnelParams& params) { TunnelPool::Get().Update(params); }

absl::Status ValidateSshTunnel(const SshTunnelParams& params) {
  // A tunnel of its own (not a shared one) to a target that is never used:
  // it is up once ssh has logged in, which is all there is to check.
  return SshTunnel::Open(params, "127.0.0.1", 9).status();
}

}  // namespace freshet::replication
