// A raw TCP client for protocol-level scenario steps (`$ raw`): sends bytes
// and reads backend messages with their framing only, independent of the
// server's own codec.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace freshet::scenario {

class RawClient {
 public:
  ~RawClient();
  absl::Status Connect(int port);
  absl::Status Send(const std::string& bytes);
  // Reads one byte / one message (tag, body); fails on timeout or close.
  absl::Status ReadByte(char* out, int timeout_ms);
  absl::Status ReadMessage(char* tag, std::string* body, int timeout_ms);
  // True if the server closes the connection within the timeout (any data
  // still arriving is read and discarded).
  bool WaitClosed(int timeout_ms);
  void Close();

 private:
  absl::Status ReadExact(char* buf, size_t n, int timeout_ms);
  int fd_ = -1;
};

}  // namespace freshet::scenario
