#include "transport.h"

namespace freshet::server {

awaitable<boost::system::error_code> Transport::UpgradeToTls(asio::ssl::context& context) {
  tls_.emplace(std::move(socket_), context);
  boost::system::error_code ec;
  co_await tls_->async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

awaitable<boost::system::error_code> Transport::Read(char* data, size_t size) {
  boost::system::error_code ec;
  if (tls_) {
    co_await asio::async_read(*tls_, asio::buffer(data, size), asio::redirect_error(use_awaitable, ec));
  } else {
    co_await asio::async_read(socket_, asio::buffer(data, size), asio::redirect_error(use_awaitable, ec));
  }
  co_return ec;
}

awaitable<boost::system::error_code> Transport::Write(std::string_view data) {
  boost::system::error_code ec;
  if (tls_) {
    co_await asio::async_write(*tls_, asio::buffer(data.data(), data.size()), asio::redirect_error(use_awaitable, ec));
  } else {
    co_await asio::async_write(socket_, asio::buffer(data.data(), data.size()), asio::redirect_error(use_awaitable, ec));
  }
  co_return ec;
}

void Transport::Close() {
  boost::system::error_code ec;
  socket().shutdown(tcp::socket::shutdown_both, ec);
  socket().close(ec);
}

}  // namespace freshet::server
