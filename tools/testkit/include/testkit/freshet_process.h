// A Freshet server process for tests: started on a free loopback port with a
// fresh temporary data directory, stopped (SIGTERM), killed (SIGKILL) and
// started again on the same directory and port. The server's stdout and
// stderr go to freshet.log in the temporary directory (with a line from the
// test kit before each start and after each stop). Errors say what happened
// to the process; show LogTail() next to them for the server's side.
//
// Not thread-safe: owned by one test driver thread, which must also be the
// thread that calls Start (the server gets SIGKILL when that thread's
// process dies, through PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace freshet::testkit {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read
// back and released), or an error.
absl::StatusOr<int> FreePort();

// "exited with status 3", "was killed by signal 11 (Segmentation fault)".
std::string DescribeWaitStatus(int wait_status);

struct FreshetOptions {
  std::string binary;                    // path of build/freshet
  std::vector<std::string> args;         // extra flags for every start
  std::string tmp_root = "/tmp";         // where the temporary directory is made
};

class FreshetProcess {
 public:
  // Makes the temporary directory (TMP_ROOT/freshet-test-XXXXXX, holding
  // data/ and freshet.log) and picks the port. Does not start the server.
  static absl::StatusOr<std::unique_ptr<FreshetProcess>> Create(FreshetOptions options);
  // Kills a server still running and removes the temporary directory,
  // unless the environment sets FRESHET_KEEP_TMP (to anything but "" or "0").
  ~FreshetProcess();
  FreshetProcess(const FreshetProcess&) = delete;
  FreshetProcess& operator=(const FreshetProcess&) = delete;

  // Starts `binary --listen=127.0.0.1:PORT --data-dir=DIR` plus the options'
  // args plus `extra_args` (later flags win), then waits until PQping says
  // it accepts connections (20 s at most). On the first start a port taken
  // by someone else in the meantime is replaced by a new free one.
  absl::Status Start(const std::vector<std::string>& extra_args = {});
  // SIGTERM, then SIGKILL after 10 s. Fails when the server had already
  // exited, exits with a non-zero status or a signal, or needs the SIGKILL.
  absl::Status Stop();
  // SIGKILL, as a crash would. Fails when the server had already exited.
  absl::Status Kill();
  // OK while the server runs; an error describing its exit once it has
  // exited by itself (the exit is reaped and remembered).
  absl::Status CheckAlive();
  bool running() const { return pid_ > 0; }

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  const std::string& tmp_dir() const { return tmp_dir_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& log_path() const { return log_path_; }
  // True when FRESHET_KEEP_TMP asks to keep the temporary directory.
  static bool KeepTmp();
  // libpq keyword/value conninfo and URL for a user and database.
  std::string conninfo(const std::string& user = "materialize", const std::string& database = "materialize") const;
  std::string url(const std::string& user = "materialize", const std::string& database = "materialize") const;
  // The last `lines` lines of freshet.log, under a header naming the file.
  std::string LogTail(int lines = 40) const;

 private:
  FreshetProcess(FreshetOptions options, std::string tmp_dir, int port);
  absl::Status StartOnce(const std::vector<std::string>& args, bool* port_in_use);
  // Waits up to `timeout_ms` for the process to exit; true if it did
  // (status in *wait_status).
  bool WaitExit(int timeout_ms, int* wait_status);

  FreshetOptions options_;
  std::string host_ = "127.0.0.1";
  std::string tmp_dir_;
  std::string data_dir_;
  std::string log_path_;
  int port_ = 0;
  bool started_once_ = false;
  pid_t pid_ = -1;
  std::string exited_;  // how the server exited by itself, once it has
};

}  // namespace freshet::testkit
