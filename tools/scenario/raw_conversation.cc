#include "raw_conversation.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "raw_protocol.h"

namespace freshet::scenario {
namespace {

using Clock = std::chrono::steady_clock;

int MsUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

std::string Printable(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string(1, c);
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
  return buf;
}

// A non-blocking TCP connection with deadline-bounded reads and writes.
class RawConnection {
 public:
  ~RawConnection() { Close(); }

  absl::Status Connect(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0) {
      return absl::UnavailableError(absl::StrCat("cannot resolve ", host, ": ", ::gai_strerror(rc)));
    }
    std::string error = "no address";
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
      fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd_ >= 0 && ::connect(fd_, a->ai_addr, a->ai_addrlen) == 0) break;
      error = std::strerror(errno);
      Close();
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return absl::UnavailableError(absl::StrCat("cannot connect to ", host, ":", port, ": ", error));
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    return absl::OkStatus();
  }

  // Sends all of `bytes`, waiting at most until `deadline` for room.
  absl::Status Send(const std::string& bytes, Clock::time_point deadline) {
    if (fd_ < 0) return absl::FailedPreconditionError("the connection is closed (after close)");
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n > 0) {
        off += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
      }
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, MsUntil(deadline)) == 0) {
        return absl::DeadlineExceededError(absl::StrCat("the server stopped reading (", off, " of ", bytes.size(),
                                                        " bytes sent)"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status ReadExact(char* buf, size_t n, Clock::time_point deadline) {
    if (fd_ < 0) return absl::FailedPreconditionError("the connection is closed (after close)");
    size_t got = 0;
    while (got < n) {
      ssize_t r = ::recv(fd_, buf + got, n - got, 0);
      if (r > 0) {
        got += static_cast<size_t>(r);
        continue;
      }
      if (r == 0) return absl::UnavailableError("the server closed the connection");
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        return absl::UnavailableError(absl::StrCat("recv: ", std::strerror(errno)));
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, MsUntil(deadline)) == 0) return absl::DeadlineExceededError("no answer within the timeout");
    }
    return absl::OkStatus();
  }

  absl::Status ReadMessage(char* tag, std::string* body, Clock::time_point deadline) {
    char header[5];
    if (auto s = ReadExact(header, 5, deadline); !s.ok()) return s;
    *tag = header[0];
    uint32_t len = 0;
    for (int i = 1; i < 5; ++i) len = (len << 8) | static_cast<unsigned char>(header[i]);
    if (len < 4 || len > (256u << 20)) {
      std::string text;
      for (int i = 1; i < 5; ++i) text += Printable(header[i]);
      return absl::DataLossError(absl::StrCat("message ", Printable(*tag), " with a bad length ", len, " (bytes \"",
                                              text, "\"; a protocol 2.0 ErrorResponse is 'E' and text)"));
    }
    body->resize(len - 4);
    return ReadExact(body->data(), body->size(), deadline);
  }

  // True if the server closes the connection before `deadline` (data still
  // arriving is read and dropped; a reset counts as closed).
  bool WaitClosed(Clock::time_point deadline) {
    if (fd_ < 0) return false;
    char buf[4096];
    for (;;) {
      ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
      if (r == 0) return true;
      if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return true;
      if (r > 0) continue;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, MsUntil(deadline)) == 0) return false;
    }
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::string DescribeMessage(char tag, const std::string& body) {
  if (tag == 'E' || tag == 'N') {
    return absl::StrCat(tag == 'E' ? "ErrorResponse " : "NoticeResponse ", DescribeErrorFields(ParseErrorFields(body)));
  }
  return absl::StrCat("message ", Printable(tag), " (", body.size(), " bytes)");
}

std::string RunStep(RawConnection& conn, const RawStep& step, Duration timeout) {
  auto deadline = Clock::now() + timeout;
  using Kind = RawStep::Kind;
  switch (step.kind) {
    case Kind::kSend: {
      auto s = conn.Send(step.bytes, deadline);
      return s.ok() ? "" : std::string(s.message());
    }
    case Kind::kSendNoRead: {
      // Until the server stops reading (its answers fill both socket
      // buffers, as intended) or all are sent; the connection stays open
      // until the block ends.
      for (int i = 0; i < step.count; ++i) {
        auto s = conn.Send(step.bytes, Clock::now() + std::chrono::seconds(1));
        if (absl::IsDeadlineExceeded(s)) break;
        if (!s.ok()) return absl::StrCat("after ", i, " messages: ", s.message());
      }
      return "";
    }
    case Kind::kExpectByte: {
      char b;
      if (auto s = conn.ReadExact(&b, 1, deadline); !s.ok()) return absl::StrCat("waiting for a byte: ", s.message());
      if (b != step.tags[0]) return absl::StrCat("expected byte ", step.tags, ", got ", Printable(b));
      return "";
    }
    case Kind::kExpectMessage:
    case Kind::kExpectError: {
      for (;;) {
        char tag;
        std::string body;
        if (auto s = conn.ReadMessage(&tag, &body, deadline); !s.ok()) {
          return absl::StrCat("waiting for ",
                              step.kind == Kind::kExpectError ? "an ErrorResponse" : "message " + step.tags, ": ",
                              s.message());
        }
        if (step.kind == Kind::kExpectMessage) {
          if (tag == step.tags[0]) return "";
          if (tag == 'E') return absl::StrCat("expected message ", step.tags, ", got ", DescribeMessage(tag, body));
          continue;
        }
        if (tag != 'E') continue;
        auto fields = ParseErrorFields(body);
        if (fields['C'] != step.sqlstate || !absl::StrContains(fields['M'], step.contains)) {
          return absl::StrCat("expected an error ", step.sqlstate,
                              step.contains.empty() ? "" : absl::StrCat(" containing \"", step.contains, "\""),
                              ", got ", DescribeErrorFields(fields));
        }
        return "";
      }
    }
    case Kind::kExpectSequence: {
      for (size_t i = 0; i < step.tags.size(); ++i) {
        char tag;
        std::string body;
        if (auto s = conn.ReadMessage(&tag, &body, deadline); !s.ok()) {
          return absl::StrCat("waiting for message ", Printable(step.tags[i]), " (", i + 1, " of ", step.tags.size(),
                              "): ", s.message());
        }
        if (tag != step.tags[i]) {
          return absl::StrCat("expected message ", Printable(step.tags[i]), " (", i + 1, " of ", step.tags.size(),
                              "), got ", DescribeMessage(tag, body));
        }
      }
      return "";
    }
    case Kind::kExpectClosed:
      return conn.WaitClosed(deadline) ? "" : "the server did not close the connection within the timeout";
    case Kind::kClose:
      conn.Close();
      return "";
    case Kind::kSleep:
      std::this_thread::sleep_for(step.delay);
      return "";
  }
  return "unknown step";
}

}  // namespace

std::string RunRawConversation(const RawCommand& raw, const std::string& host, int port, Duration timeout) {
  RawConnection conn;
  if (auto s = conn.Connect(host, port); !s.ok()) return std::string(s.message());
  for (const RawStep& step : raw.steps) {
    std::string failure = RunStep(conn, step, timeout);
    if (!failure.empty()) return absl::StrCat("line ", step.line, ": ", step.text, "\n", failure);
  }
  return "";
}

}  // namespace freshet::scenario
