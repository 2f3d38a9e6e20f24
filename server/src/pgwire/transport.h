// A client connection's byte stream: plain TCP, or TLS after an SSLRequest.
// Owned by one connection coroutine; not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asio.h"

namespace freshet::server {

class Transport {
 public:
  explicit Transport(tcp::socket socket) : socket_(std::move(socket)) {}

  // Performs the server side of a TLS handshake on the connection.
  awaitable<boost::system::error_code> UpgradeToTls(asio::ssl::context& context);
  bool is_tls() const { return tls_.has_value(); }
  // Bytes already read but not yet consumed. Must be none when switching to
  // TLS: bytes sent before the handshake are not protected by it.
  bool has_buffered_data() const { return pos_ < end_; }

  // Reads exactly `size` bytes. Reads are buffered (up to kReadBuffer bytes
  // per system call), so a pipeline of small messages costs one read.
  awaitable<boost::system::error_code> Read(char* data, size_t size);
  awaitable<boost::system::error_code> Write(std::string_view data);
  // Cancels pending operations (used by timeouts) and closes.
  void Close();
  tcp::socket& socket() { return tls_ ? tls_->next_layer() : socket_; }

 private:
  awaitable<boost::system::error_code> ReadSome(char* data, size_t size, size_t* got);

  static constexpr size_t kReadBuffer = 16 << 10;
  tcp::socket socket_;
  std::optional<asio::ssl::stream<tcp::socket>> tls_;
  std::string buffer_;     // bytes read but not consumed: [pos_, end_)
  size_t pos_ = 0, end_ = 0;
};

}  // namespace freshet::server
