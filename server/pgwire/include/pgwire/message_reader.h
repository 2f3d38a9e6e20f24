// MessageReader: frontend messages out of a byte stream, for the server's
// read loop, for tests and for fuzzing the codec end to end.
//
// Pure: the caller feeds the bytes it received (in pieces of any size) and
// pulls complete messages. The reader never allocates according to a length
// the client claims; it only keeps the bytes it was given. One reader serves
// one connection, on one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pgwire/codec.h"
#include "pgwire/messages.h"

namespace freshet::pgwire {

// What MessageReader::Next() yields: an untyped startup-phase packet, or a
// regular (tagged) frontend message.
using IncomingMessage = std::variant<StartupRequest, FrontendMessage>;

class MessageReader {
 public:
  // Regular message bodies over `max_message_size` bytes are 54000 errors;
  // startup packets are limited to kMaxStartupPacketSize.
  explicit MessageReader(uint32_t max_message_size) : max_message_size_(max_message_size) {}

  // Adds bytes received from the client. Ignored once an error occurred.
  void Append(std::string_view bytes);

  // The next complete message; std::nullopt when more bytes are needed.
  // An error is fatal for the connection and sticky: every later call
  // returns it again, as the stream can no longer be framed.
  absl::StatusOr<std::optional<IncomingMessage>> Next();

  // Whether the next message is an untyped startup packet. True at first.
  // A StartupMessage ends the startup phase; SSLRequest, GSSENCRequest and
  // CancelRequest do not (the client sends another packet, or hangs up).
  bool expecting_startup() const { return expect_startup_; }
  // Overrides the phase, e.g. to start over on a fresh TLS stream.
  void ExpectStartup(bool startup = true) { expect_startup_ = startup; }

  // Bytes received but not yet returned as messages. After an SSLRequest
  // this must be 0: bytes that came along with it were sent before TLS and
  // must not be trusted (CVE-2021-23214).
  size_t buffered() const { return buf_.size() - pos_; }

 private:
  // Drops `n` consumed bytes, compacting the buffer now and then.
  void Consume(size_t n);
  absl::Status Fail(absl::Status status);

  uint32_t max_message_size_;
  bool expect_startup_ = true;
  std::string buf_;
  size_t pos_ = 0;        // start of the unconsumed bytes in buf_
  absl::Status error_;    // sticky
};

}  // namespace freshet::pgwire
