// A Freshet server process for tests: started on a free loopback port with a
// fresh data directory, stopped, killed and restarted on the same directory.
// Not thread-safe; owned by one test driver.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace freshet::testkit {

// A free TCP port on 127.0.0.1 (bound, read and released).
int FreePort();

class FreshetProcess {
 public:
  // `binary` is build/freshet. The data directory is a new temp directory,
  // removed in the destructor unless FRESHET_KEEP_TMP is set.
  explicit FreshetProcess(std::string binary);
  ~FreshetProcess();
  FreshetProcess(const FreshetProcess&) = delete;
  FreshetProcess& operator=(const FreshetProcess&) = delete;

  // Starts with the default flags plus `extra_args`; waits until it accepts
  // connections (20 s at most).
  absl::Status Start(const std::vector<std::string>& extra_args = {});
  // SIGTERM, then SIGKILL after 10 s. Fails if the server had crashed or
  // exits with a non-zero status.
  absl::Status Stop();
  // SIGKILL, as a crash would.
  void Kill();
  bool running() const { return pid_ > 0; }

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string conninfo(const std::string& user = "materialize") const;
  // The last `lines` lines of the server's log.
  std::string LogTail(int lines = 30) const;

 private:
  std::string binary_;
  std::string tmp_dir_;
  std::string data_dir_;
  std::string log_path_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace freshet::testkit
