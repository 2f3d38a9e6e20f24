// A client connection's byte stream: plain TCP, or TLS after an SSLRequest.
// Owned by one connection coroutine; not thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "asio.h"

namespace freshet::server {

class Transport {
 public:
  explicit Transport(tcp::socket socket) : socket_(std::move(socket)) {}

  // Performs the server side of a TLS handshake on the connection.
  awaitable<boost::system::error_code> UpgradeToTls(asio::ssl::context& context);
  bool is_tls() const { return tls_.has_value(); }

  // Reads exactly `size` bytes.
  awaitable<boost::system::error_code> Read(char* data, size_t size);
  awaitable<boost::system::error_code> Write(std::string_view data);
  // Cancels pending operations (used by timeouts) and closes.
  void Close();
  tcp::socket& socket() { return tls_ ? tls_->next_layer() : socket_; }

 private:
  tcp::socket socket_;
  std::optional<asio::ssl::stream<tcp::socket>> tls_;
};

}  // namespace freshet::server
