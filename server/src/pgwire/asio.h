// Every file that uses Asio includes it through here: Boost 1.74's
// awaitable.hpp uses std::exchange without including <utility> (see
// docs/building.md).
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace freshet::server {
namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
}  // namespace freshet::server
