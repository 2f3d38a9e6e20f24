#include "runner.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "checks.h"
#include "raw_conversation.h"
#include "session.h"
#include "subprocess.h"
#include "testkit/freshet_process.h"

namespace freshet::scenario {
namespace {

using Clock = std::chrono::steady_clock;

constexpr Duration kMinClientLimit{120000};  // $ psql / $ python3 run at least this long
constexpr Duration kFirstBackoff{50};
constexpr Duration kMaxBackoff{500};

std::string Indent(const std::string& text, const char* indent) {
  return absl::StrCat(indent, absl::StrReplaceAll(absl::StripTrailingAsciiWhitespace(text), {{"\n", absl::StrCat("\n", indent)}}));
}

std::string Redacted(const testkit::ConnParams& params) {
  testkit::ConnParams shown = params;
  for (auto& [k, v] : shown) {
    if (k == "password") v = "***";
  }
  return testkit::ToConninfo(shown);
}

std::string PsqlPath() {
  const char* versioned = "/usr/lib/postgresql/15/bin/psql";
  return ::access(versioned, X_OK) == 0 ? versioned : "/usr/bin/psql";
}

// The result of one try of a retried command.
struct Attempt {
  std::string failure;  // "" = it matched
  bool final = false;   // retrying cannot help
};

class FileRunner {
 public:
  FileRunner(const RunnerOptions& options, std::string file)
      : options_(options), file_(std::move(file)), timeout_(options.default_timeout) {
    dir_ = std::filesystem::absolute(file_).parent_path().string();
  }

  FileOutcome Run(const std::vector<Command>& commands) {
    auto start = Clock::now();
    FileOutcome outcome;
    outcome.passed = Setup();
    if (!outcome.passed) outcome.failed_what = "starting freshet";
    for (size_t k = 0; outcome.passed && k < commands.size(); ++k) {
      const Command& c = commands[k];
      std::cout << file_ << ":" << c.line << ": " << Headline(c) << std::endl;
      ++outcome.commands_run;
      std::string failure = Execute(c);
      if (!failure.empty()) {
        Report(absl::StrCat(file_, ":", c.line), c.text, failure);
        outcome.passed = false;
        outcome.failed_line = c.line;
        outcome.failed_what = Headline(c);
      }
    }
    sessions_.clear();
    if (freshet_ && freshet_->running()) {
      auto s = freshet_->Stop();
      if (!s.ok() && outcome.passed) {
        Report(absl::StrCat(file_, ": at the end"), "", absl::StrCat("stopping freshet: ", s.message()));
        outcome.passed = false;
        outcome.failed_what = "stopping freshet cleanly";
      }
    }
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return outcome;
  }

 private:
  static std::string Headline(const Command& c) {
    std::string line = c.first_line;
    if (line.size() > 150) line = line.substr(0, 147) + "...";
    if (c.text.find('\n') != std::string::npos && std::holds_alternative<QueryCommand>(c.body)) {
      const auto& q = std::get<QueryCommand>(c.body);
      if (q.sql.find('\n') != std::string::npos) line += " ...";
    }
    return line;
  }

  void Report(const std::string& where, const std::string& command, const std::string& failure,
              bool with_log = true) {
    std::cout << "\nFAILED " << where << "\n";
    if (!command.empty()) std::cout << Indent(command, "  | ") << "\n";
    std::cout << Indent(failure, "  ") << "\n";
    if (freshet_ && with_log) std::cout << freshet_->LogTail() << "\n";
    if (freshet_ && testkit::FreshetProcess::KeepTmp()) {
      std::cout << "freshet's data directory and log are kept in " << freshet_->tmp_dir() << "\n";
    }
    std::cout << std::endl;
  }

  bool Setup() {
    if (options_.freshet_binary.empty()) {
      server_params_ = options_.target;
      return true;
    }
    auto created = testkit::FreshetProcess::Create(
        {.binary = options_.freshet_binary, .args = options_.freshet_args, .tmp_root = options_.tmp_root});
    if (!created.ok()) {
      Report(file_, "", std::string(created.status().message()), false);
      return false;
    }
    freshet_ = std::move(*created);
    if (auto s = freshet_->Start(); !s.ok()) {
      Report(file_, "", std::string(s.message()));
      return false;
    }
    server_params_ = {{"host", freshet_->host()},
                      {"port", absl::StrCat(freshet_->port())},
                      {"user", "materialize"},
                      {"dbname", "materialize"}};
    return true;
  }

  std::string Execute(const Command& c) {
    return std::visit([&](const auto& body) { return Do(body); }, c.body);
  }

  // Runs `attempt` until it matches, fails for good, Freshet dies, or the
  // timeout passes (backing off from 50 ms to 500 ms between tries).
  std::string Retry(const std::function<Attempt()>& attempt) {
    auto start = Clock::now();
    auto deadline = start + timeout_;
    Duration backoff = kFirstBackoff;
    for (int n = 1;; ++n) {
      Attempt a = attempt();
      if (a.failure.empty()) {
        if (n > 1) {
          auto took = std::chrono::duration_cast<Duration>(Clock::now() - start);
          std::cout << "    (matched after " << n << " attempts, " << FormatDuration(took) << ")" << std::endl;
        }
        return "";
      }
      if (freshet_) {
        if (auto alive = freshet_->CheckAlive(); !alive.ok()) {
          return absl::StrCat(a.failure, "\n", alive.message());
        }
      }
      if (a.final) return a.failure;
      if (Clock::now() + backoff > deadline) {
        auto took = std::chrono::duration_cast<Duration>(Clock::now() - start);
        return absl::StrCat(a.failure, "\n(", n, n == 1 ? " attempt" : " attempts", " in ", FormatDuration(took),
                            "; the timeout is ", FormatDuration(timeout_), ", see $ set-timeout)");
      }
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, kMaxBackoff);
    }
  }

  testkit::ConnParams SessionParams(const std::string& name) const {
    testkit::ConnParams params = server_params_;
    auto it = session_overrides_.find(name);
    if (it != session_overrides_.end()) {
      for (const auto& [k, v] : it->second) testkit::SetParam(params, k, v);
    }
    return params;
  }

  // The session `name`, connected now if it is not (or no longer).
  Session* GetSession(const std::string& name, std::string* failure) {
    auto& session = sessions_[name];
    if (session && session->ok()) return session.get();
    session.reset();
    testkit::ConnParams params = SessionParams(name);
    testkit::ConnectResult r = testkit::Connect(params, timeout_);
    if (!r.conn) {
      *failure = absl::StrCat("cannot connect session \"", name, "\" (", Redacted(params), "): ", r.error.Summary());
      return nullptr;
    }
    session = std::make_unique<Session>(std::move(r.conn));
    return session.get();
  }

  std::string Do(const QueryCommand& q) {
    QueryRequest request;
    request.sql = q.sql;
    request.extended = q.extended;
    request.binary = q.binary;
    request.params = q.params;
    std::optional<Duration> cancel = pending_cancel_;
    pending_cancel_.reset();
    return Retry([&]() -> Attempt {
      std::string failure;
      Session* session = GetSession(current_, &failure);
      if (session == nullptr) return {failure};
      QueryOutcome outcome = session->Run(request, timeout_, cancel);
      cancel.reset();  // only the first try is cancelled
      if (!outcome.failure.empty()) return {outcome.failure, outcome.final};
      if (q.expect_error) {
        if (PQresultStatus(outcome.result.get()) != PGRES_FATAL_ERROR) {
          return {absl::StrCat("expected an error, but the query succeeded (",
                               Rows(PQntuples(outcome.result.get())), ")")};
        }
        return {CheckError(q.error, testkit::ErrorOf(outcome.result.get()), false)};
      }
      bool final = false;
      std::string mismatch = CheckQueryResult(q, outcome.result.get(), &final);
      return {mismatch, final};
    });
  }

  static std::string Rows(int n) { return absl::StrCat(n, n == 1 ? " row" : " rows"); }

  std::string Do(const ConnectErrorCommand& c) {
    testkit::ConnParams params = server_params_;
    for (const auto& [k, v] : c.params) testkit::SetParam(params, k, v);
    return Retry([&]() -> Attempt {
      testkit::ConnectResult r = testkit::Connect(params, timeout_);
      if (r.conn) return {absl::StrCat("expected the connection to fail, but it succeeded (", Redacted(params), ")")};
      return {CheckError(c.error, r.error, true)};
    });
  }

  std::string Do(const PostgresExecuteCommand& c) {
    std::string conninfo = c.connection.empty() ? options_.upstream : c.connection;
    if (conninfo.empty()) {
      return "no upstream PostgreSQL: pass --upstream CONNINFO or set FRESHET_TEST_UPSTREAM";
    }
    auto params = testkit::ParseConninfo(conninfo);
    if (!params.ok()) return std::string(params.status().message());
    testkit::ConnectResult r = testkit::Connect(*params, timeout_);
    if (!r.conn) return absl::StrCat("cannot connect to the upstream (", Redacted(*params), "): ", r.error.Summary());
    Session upstream(std::move(r.conn));
    for (const auto& statement : c.statements) {
      QueryRequest request;
      request.sql = statement.sql;
      QueryOutcome outcome = upstream.Run(request, timeout_, std::nullopt);
      std::string failure = outcome.failure;
      if (failure.empty() && PQresultStatus(outcome.result.get()) == PGRES_FATAL_ERROR) {
        failure = testkit::ErrorOf(outcome.result.get()).Summary();
      }
      if (failure.empty()) continue;
      std::string where = absl::StrCat("line ", statement.line, ": ", statement.sql, "\n", failure);
      if (!c.ignore_errors) return absl::StrCat("the upstream statement failed at ", where);
      std::cout << Indent(absl::StrCat("(ignored) ", where), "    ") << std::endl;
      if (!upstream.ok()) return absl::StrCat("lost the upstream connection at ", where);
    }
    return "";
  }

  std::string Do(const SetTimeoutCommand& c) {
    timeout_ = c.timeout.value_or(options_.default_timeout);
    return "";
  }

  std::string Do(const SleepCommand& c) {
    std::this_thread::sleep_for(c.duration);
    return "";
  }

  std::string Do(const CancelAfterCommand& c) {
    pending_cancel_ = c.delay;
    return "";
  }

  std::string Do(const ConnectCommand& c) {
    session_overrides_[c.name] = c.params;
    sessions_.erase(c.name);
    return Retry([&]() -> Attempt {
      std::string failure;
      GetSession(c.name, &failure);
      return {failure};
    });
  }

  std::string Do(const UseCommand& c) {
    current_ = c.name;
    return "";
  }

  // The environment of client programs: libpq variables for the server
  // under test (the default session), and the upstream.
  std::vector<std::pair<std::string, std::string>> ClientEnv() const {
    static const std::pair<const char*, const char*> kVars[] = {
        {"host", "PGHOST"}, {"port", "PGPORT"}, {"user", "PGUSER"}, {"dbname", "PGDATABASE"},
        {"password", "PGPASSWORD"}, {"sslmode", "PGSSLMODE"}};
    std::vector<std::pair<std::string, std::string>> env;
    for (const auto& [keyword, var] : kVars) {
      if (auto v = testkit::GetParam(server_params_, keyword)) env.emplace_back(var, *v);
    }
    if (freshet_) {
      env.emplace_back("FRESHET_PORT", absl::StrCat(freshet_->port()));
      env.emplace_back("FRESHET_URL", freshet_->url());
      env.emplace_back("FRESHET_DATA_DIR", freshet_->data_dir());
      env.emplace_back("FRESHET_LOG", freshet_->log_path());
    }
    if (!options_.upstream.empty()) env.emplace_back("FRESHET_TEST_UPSTREAM", options_.upstream);
    env.emplace_back("SCENARIO_DIR", dir_);
    return env;
  }

  std::string Do(const PsqlCommand& c) {
    std::vector<std::string> argv = {PsqlPath(), "-X", "-q"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto result = RunProcess(argv, ClientEnv(), dir_, c.input, std::max(timeout_, kMinClientLimit));
    if (!result.ok()) return std::string(result.status().message());
    if (result->timed_out) return absl::StrCat("psql ", result->Describe(), "\n", result->output);
    return CheckOutput(c.expected, result->output);
  }

  std::string Do(const Python3Command& c) {
    std::vector<std::string> argv = {"/usr/bin/python3", c.file};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto result = RunProcess(argv, ClientEnv(), dir_, "", std::max(timeout_, kMinClientLimit));
    if (!result.ok()) return std::string(result.status().message());
    if (!result->output.empty()) std::cout << Indent(result->output, "    ") << std::endl;
    if (!result->ok()) return absl::StrCat("python3 ", c.file, " ", result->Describe());
    return "";
  }

  std::string Do(const RawCommand& c) {
    std::string host = testkit::GetParam(server_params_, "host").value_or("127.0.0.1");
    int port = 5432;
    if (auto p = testkit::GetParam(server_params_, "port"); p && !absl::SimpleAtoi(*p, &port)) {
      return absl::StrCat("$ raw needs a numeric port, got ", *p);
    }
    if (absl::StartsWith(host, "/")) return "$ raw needs a TCP server (the target's host is a socket directory)";
    return RunRawConversation(c, host, port, timeout_);
  }

  std::string Do(const FreshetRestartCommand& c) {
    if (!freshet_) return "restarting needs --freshet";
    sessions_.clear();
    absl::Status s;
    if (c.mode == FreshetRestartCommand::Mode::kKill) {
      s = freshet_->Kill();
    } else {
      s = freshet_->Stop();
    }
    if (!s.ok()) return std::string(s.message());
    if (c.mode == FreshetRestartCommand::Mode::kNewArgs) extra_args_ = c.args;
    s = freshet_->Start(extra_args_);
    if (!s.ok()) return std::string(s.message());
    return "";
  }

  const RunnerOptions& options_;
  std::string file_;
  std::string dir_;
  std::unique_ptr<testkit::FreshetProcess> freshet_;
  std::vector<std::string> extra_args_;  // from $ start-freshet-args, kept across restarts
  testkit::ConnParams server_params_;
  std::map<std::string, testkit::ConnParams> session_overrides_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  std::string current_ = "default";
  Duration timeout_;
  std::optional<Duration> pending_cancel_;
};

}  // namespace

FileOutcome RunScenarioFile(const RunnerOptions& options, const std::string& file,
                            const std::vector<Command>& commands) {
  return FileRunner(options, file).Run(commands);
}

}  // namespace freshet::scenario
