// The PostgreSQL-protocol server: accepts connections on the configured
// address and runs each as a coroutine (idle connections cost no thread).
//
// Threads: `io_threads` threads run the io_context (connections, each on its
// own strand); `compute_threads` threads run query execution, so a long
// query never blocks other sessions.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "asio.h"
#include "cancel_registry.h"
#include "catalog/builtins.h"
#include "cluster/runtime.h"
#include "cluster/sources.h"
#include "catalog/catalog.h"
#include "config.h"
#include "coord/server_info.h"
#include "storage/storage.h"
#include "users.h"

namespace freshet::server {

// What every connection shares. Immutable after Server::Start, except the
// registry, which is thread-safe.
struct ServerContext {
  ServerConfig config;
  coord::ServerInfo info;
  std::optional<UserDirectory> users;
  std::unique_ptr<asio::ssl::context> tls;  // null when TLS is off
  CancelRegistry cancels;
  asio::thread_pool* compute = nullptr;
  std::unique_ptr<storage::Storage> storage;  // opened in the data directory by Start()
  std::unique_ptr<catalog::Catalog> catalog;  // loaded from storage by Start()
  catalog::RuntimeFacts facts;                // egress IPs, ... (Start())
  std::unique_ptr<cluster::ClusterRuntime> clusters;  // replicas' worker pools
  std::unique_ptr<cluster::SourceManager> sources;    // running sources (destroyed first)
};

class Server {
 public:
  Server(ServerConfig config, coord::ServerInfo info);
  ~Server();

  // Loads users and TLS material, locks the data directory, binds and listens.
  absl::Status Start();
  // The bound endpoint (useful with port 0).
  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  // Serves until SIGINT/SIGTERM or Stop().
  void Run();
  void Stop();

 private:
  awaitable<void> AcceptLoop();
  absl::Status LockDataDir();

  ServerContext ctx_;
  asio::io_context io_;
  asio::thread_pool compute_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  int lock_fd_ = -1;
};

}  // namespace freshet::server
