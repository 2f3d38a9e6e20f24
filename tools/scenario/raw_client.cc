#include "raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace freshet::scenario {

RawClient::~RawClient() { Close(); }

absl::Status RawClient::Connect(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return absl::UnavailableError(absl::StrCat("connect: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status RawClient::Send(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
    off += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status RawClient::ReadExact(char* buf, size_t n, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t got = 0;
  while (got < n) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (left <= 0) return absl::DeadlineExceededError("timed out waiting for the server");
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, left) <= 0) continue;
    ssize_t r = ::recv(fd_, buf + got, n - got, 0);
    if (r == 0) return absl::UnavailableError("the server closed the connection");
    if (r < 0) return absl::UnavailableError(absl::StrCat("recv: ", std::strerror(errno)));
    got += static_cast<size_t>(r);
  }
  return absl::OkStatus();
}

absl::Status RawClient::ReadByte(char* out, int timeout_ms) { return ReadExact(out, 1, timeout_ms); }

absl::Status RawClient::ReadMessage(char* tag, std::string* body, int timeout_ms) {
  char header[5];
  if (auto s = ReadExact(header, 5, timeout_ms); !s.ok()) return s;
  *tag = header[0];
  uint32_t len = (static_cast<uint32_t>(static_cast<unsigned char>(header[1])) << 24) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(header[2])) << 16) |
                 (static_cast<uint32_t>(static_cast<unsigned char>(header[3])) << 8) |
                 static_cast<uint32_t>(static_cast<unsigned char>(header[4]));
  if (len < 4 || len > (64u << 20)) return absl::DataLossError(absl::StrCat("bad message length ", len));
  body->resize(len - 4);
  return ReadExact(body->data(), body->size(), timeout_ms);
}

bool RawClient::WaitClosed(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
    if (r <= 0) return true;
  }
  return false;
}

void RawClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace freshet::scenario
