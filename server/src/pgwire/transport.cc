#include "transport.h"

#include <algorithm>
#include <cstring>

namespace freshet::server {

awaitable<boost::system::error_code> Transport::UpgradeToTls(asio::ssl::context& context) {
  tls_.emplace(std::move(socket_), context);
  boost::system::error_code ec;
  co_await tls_->async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

awaitable<boost::system::error_code> Transport::ReadSome(char* data, size_t size, size_t* got) {
  boost::system::error_code ec;
  if (tls_) {
    *got = co_await tls_->async_read_some(asio::buffer(data, size), asio::redirect_error(use_awaitable, ec));
  } else {
    *got = co_await socket_.async_read_some(asio::buffer(data, size), asio::redirect_error(use_awaitable, ec));
  }
  co_return ec;
}

awaitable<boost::system::error_code> Transport::Read(char* data, size_t size) {
  if (buffer_.empty()) buffer_.resize(kReadBuffer);
  while (size > 0) {
    if (pos_ < end_) {
      size_t n = std::min(size, end_ - pos_);
      std::memcpy(data, buffer_.data() + pos_, n);
      pos_ += n;
      data += n;
      size -= n;
      continue;
    }
    // Large reads (big message bodies) go straight to the destination.
    size_t got = 0;
    boost::system::error_code ec;
    if (size >= kReadBuffer) {
      ec = co_await ReadSome(data, size, &got);
      data += got;
      size -= got;
    } else {
      ec = co_await ReadSome(buffer_.data(), buffer_.size(), &got);
      pos_ = 0;
      end_ = got;
    }
    if (ec) co_return ec;
  }
  co_return boost::system::error_code();
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
