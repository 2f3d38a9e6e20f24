// One client connection: the PostgreSQL protocol 3.0 state machine.
//
//   startup:  SSLRequest / GSSENCRequest / CancelRequest / StartupMessage,
//             then authentication, ParameterStatus, BackendKeyData
//   queries:  simple (Query) and extended (Parse/Bind/Describe/Execute/
//             Close/Sync/Flush) protocol; after an error in an extended
//             batch every message up to Sync is skipped
//
// The connection runs as a coroutine on its own strand. Statement effects run
// through coord::Session on that strand; fetching rows runs on the compute
// pool, and rows are written as they come, so a client that never reads only
// stalls its own coroutine. Malformed input ends only this connection.
#pragma once

#include "asio.h"
#include "server.h"

namespace freshet::server {

awaitable<void> RunConnection(ServerContext& ctx, tcp::socket socket);

}  // namespace freshet::server
