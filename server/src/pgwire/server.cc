#include "server.h"

#include "coord/egress.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "connection.h"
#include "replication/validate.h"

namespace freshet::server {

Server::Server(ServerConfig config, coord::ServerInfo info)
    : io_(config.io_threads),
      compute_(static_cast<size_t>(config.compute_threads)),
      acceptor_(io_),
      signals_(io_, SIGINT, SIGTERM) {
  ctx_.config = std::move(config);
  ctx_.info = std::move(info);
  ctx_.compute = &compute_;
}

Server::~Server() {
  compute_.join();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

absl::Status Server::LockDataDir() {
  std::error_code ec;
  std::filesystem::create_directories(ctx_.config.data_dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create data directory ", ctx_.config.data_dir, ": ", ec.message()));
  ::chmod(ctx_.config.data_dir.c_str(), 0700);
  std::string lock_path = ctx_.config.data_dir + "/freshet.lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) return absl::InternalError(absl::StrCat("cannot open ", lock_path, ": ", std::strerror(errno)));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", ctx_.config.data_dir, " is in use by another freshet process"));
  }
  return absl::OkStatus();
}

absl::Status Server::Start() {
  SetLogLevel(ctx_.config.log_level);
  if (auto s = LockDataDir(); !s.ok()) return s;
  storage::Options storage_options;
  storage_options.data_dir = ctx_.config.data_dir;
  storage_options.block_cache_bytes = static_cast<size_t>(ctx_.config.cache_bytes);
  storage_options.settle_min_bytes = ctx_.config.settle_min_bytes;
  auto storage = storage::Storage::Open(storage_options);
  if (!storage.ok()) return storage.status();
  ctx_.storage = *std::move(storage);
  {
    auto snap = ctx_.storage->GetSnapshot();
    FRESHET_LOG(kInfo) << "storage: " << snap->Collections().size() << " collections, last commit "
                       << snap->commit().seq << ", " << ctx_.storage->DiskBytes() << " bytes on disk, block cache up to "
                       << (ctx_.config.cache_bytes >> 20) << " MiB";
  }
  catalog::CatalogOptions catalog_options;
  catalog_options.bootstrap_cluster_size = ctx_.config.bootstrap_cluster_size;
  auto catalog = catalog::Catalog::Open(ctx_.storage.get(), catalog_options);
  if (!catalog.ok()) return catalog.status();
  ctx_.catalog = *std::move(catalog);
  // SSH bastions' host keys, pinned per connection on first use.
  replication::SetSshKnownHostsDirectory(ctx_.config.data_dir + "/ssh_known_hosts");
  ctx_.facts.egress_ips = coord::EgressIps(ctx_.config.egress_ips);
  ctx_.clusters = std::make_unique<cluster::ClusterRuntime>();
  ctx_.sources = std::make_unique<cluster::SourceManager>(ctx_.storage.get(), ctx_.clusters.get());
  ctx_.catalog->SetListener(
      [clusters = ctx_.clusters.get(), sources = ctx_.sources.get()](const catalog::CatalogState& state) {
        clusters->Reconcile(state);
        sources->Follow(std::make_shared<catalog::CatalogState>(state));
      });
  ctx_.facts.source_reports = [sources = ctx_.sources.get()] { return sources->Reports(); };
  ctx_.facts.pinned_snapshot = [sources = ctx_.sources.get()](catalog::GlobalId id) { return sources->Pinned(id); };
  ctx_.facts.replica_workers = [clusters = ctx_.clusters.get()](catalog::GlobalId id) {
    for (const auto& s : clusters->Statuses()) {
      if (s.replica == id) return s.workers;
    }
    return 0;
  };
  if (!ctx_.config.users_file.empty()) {
    auto users = UserDirectory::Load(ctx_.config.users_file);
    if (!users.ok()) return users.status();
    ctx_.users = *std::move(users);
  }
  if (!ctx_.config.tls_cert.empty()) {
    auto tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    tls->use_certificate_chain_file(ctx_.config.tls_cert, ec);
    if (!ec) tls->use_private_key_file(ctx_.config.tls_key, asio::ssl::context::pem, ec);
    if (ec) return absl::InvalidArgumentError(absl::StrCat("cannot load TLS certificate or key: ", ec.message()));
    ctx_.tls = std::move(tls);
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(ctx_.config.listen_host == "localhost" ? "127.0.0.1" : ctx_.config.listen_host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("invalid listen address ", ctx_.config.listen_host));
  tcp::endpoint endpoint(address, ctx_.config.listen_port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", ctx_.config.listen_host, ":",
                                               ctx_.config.listen_port, ": ", ec.message()));
  }
  if (!address.is_loopback() && ctx_.config.auth == AuthMode::kTrust) {
    FRESHET_LOG(kWarning) << "listening on a non-loopback address with --auth=trust: anyone who can reach "
                          << ctx_.config.listen_host << " can connect without a password";
  }
  FRESHET_LOG(kInfo) << "freshet " << ctx_.info.MzVersion() << " listening on " << local_endpoint().address().to_string()
                     << ":" << local_endpoint().port() << " (data directory " << ctx_.config.data_dir
                     << ", auth " << AuthModeName(ctx_.config.auth) << (ctx_.tls ? ", TLS on" : ", TLS off") << ")";
  return absl::OkStatus();
}

awaitable<void> Server::AcceptLoop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::make_strand(io_),
                                                         asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
      FRESHET_LOG(kWarning) << "accept failed: " << ec.message();
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, RunConnection(ctx_, std::move(socket)), asio::detached);
  }
}

void Server::Run() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (!ec) {
      FRESHET_LOG(kInfo) << "received signal " << signo << ", shutting down";
      Stop();
    }
  });
  asio::co_spawn(io_, AcceptLoop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < ctx_.config.io_threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : threads) t.join();
  compute_.stop();
  FRESHET_LOG(kInfo) << "stopped";
}

void Server::Stop() {
  asio::post(io_, [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    io_.stop();
  });
}

}  // namespace freshet::server
