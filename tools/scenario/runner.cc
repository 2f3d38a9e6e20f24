// scenario_runner: runs testdrive-like scenario files (docs/testing.md)
// against a Freshet it starts per file (--freshet) or against any
// PostgreSQL-protocol server (--target), with an upstream PostgreSQL for
// `$ postgres-execute`.
#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "raw_client.h"
#include "scenario_file.h"
#include "testkit/freshet_process.h"

namespace freshet::scenario {
namespace {

using Clock = std::chrono::steady_clock;
using Row = std::vector<std::optional<std::string>>;

struct Options {
  std::string freshet;               // binary to start per file
  std::vector<std::string> freshet_args;
  std::string target;                // conninfo of an existing server
  std::string upstream;              // conninfo for $ postgres-execute
  std::vector<std::string> files;
};

const std::map<std::string, uint32_t>& TypeOids() {
  static const std::map<std::string, uint32_t> m = {
      {"bool", 16},       {"bytea", 17},  {"int8", 20},    {"int2", 21},         {"int4", 23},
      {"text", 25},       {"oid", 26},    {"json", 114},   {"float4", 700},      {"float8", 701},
      {"unknown", 705},   {"bpchar", 1042}, {"varchar", 1043}, {"date", 1082},   {"time", 1083},
      {"timestamp", 1114}, {"timestamptz", 1184}, {"interval", 1186}, {"numeric", 1700}, {"uuid", 2950},
      {"jsonb", 3802},    {"void", 2278}};
  return m;
}

std::string RenderRow(const Row& row) {
  std::vector<std::string> parts;
  for (const auto& v : row) {
    if (!v.has_value()) {
      parts.push_back("<null>");
    } else if (v->empty() || v->find_first_of(" \"\\") != std::string::npos || *v == "<null>") {
      parts.push_back(absl::StrCat("\"", absl::StrReplaceAll(*v, {{"\\", "\\\\"}, {"\"", "\\\""}}), "\""));
    } else {
      parts.push_back(*v);
    }
  }
  return absl::StrJoin(parts, " ");
}

uint64_t BigEndian(const char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// The text PostgreSQL would print for a binary-format value.
absl::StatusOr<std::string> DecodeBinary(uint32_t oid, const char* p, int len) {
  auto shortest = [](double d) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
  };
  switch (oid) {
    case 16: return std::string(p[0] ? "t" : "f");
    case 21: return absl::StrCat(static_cast<int16_t>(BigEndian(p, 2)));
    case 23: return absl::StrCat(static_cast<int32_t>(BigEndian(p, 4)));
    case 26: return absl::StrCat(static_cast<uint32_t>(BigEndian(p, 4)));
    case 20: return absl::StrCat(static_cast<int64_t>(BigEndian(p, 8)));
    case 700: {
      uint32_t bits = static_cast<uint32_t>(BigEndian(p, 4));
      float f;
      std::memcpy(&f, &bits, 4);
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, f);
      return std::string(buf, r.ptr);
    }
    case 701: {
      uint64_t bits = BigEndian(p, 8);
      double d;
      std::memcpy(&d, &bits, 8);
      return shortest(d);
    }
    case 25: case 1043: case 1042: case 705: case 2278:
      return std::string(p, static_cast<size_t>(len));
    case 17: {
      static const char* hex = "0123456789abcdef";
      std::string out = "\\x";
      for (int i = 0; i < len; ++i) {
        out.push_back(hex[static_cast<unsigned char>(p[i]) >> 4]);
        out.push_back(hex[static_cast<unsigned char>(p[i]) & 15]);
      }
      return out;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat("the runner cannot decode binary values of type OID ", oid));
  }
}

class Runner {
 public:
  Runner(const Options& opts, std::string file) : opts_(opts), file_(std::move(file)) {
    dir_ = std::filesystem::absolute(file_).parent_path().string();
  }
  ~Runner() {
    for (auto& [name, conn] : conns_) PQfinish(conn);
  }

  // Runs the whole file; returns false on the first failing command.
  bool Run() {
    auto commands = ParseScenario(file_);
    if (!commands.ok()) {
      std::cerr << commands.status().message() << "\n";
      return false;
    }
    if (!opts_.freshet.empty()) {
      freshet_ = std::make_unique<testkit::FreshetProcess>(opts_.freshet);
      if (auto s = freshet_->Start(opts_.freshet_args); !s.ok()) {
        std::cerr << file_ << ": " << s.message() << "\n";
        return false;
      }
    }
    for (const Command& c : *commands) {
      std::string first_line = c.text.substr(0, c.text.find('\n'));
      const char* sigil = c.kind == Command::Kind::kQuery ? "> " : c.kind == Command::Kind::kAction ? "$ " : "! ";
      std::cout << file_ << ":" << c.line << ": " << sigil << first_line.substr(0, 100) << std::endl;
      std::string failure = Execute(c);
      if (!failure.empty()) {
        std::cerr << "\nFAILED " << file_ << ":" << c.line << ": " << sigil << c.text << "\n" << failure << "\n";
        if (freshet_) std::cerr << "--- freshet log (tail) ---\n" << freshet_->LogTail() << "\n---\n";
        return false;
      }
    }
    if (freshet_) {
      for (auto& [name, conn] : conns_) PQfinish(conn);
      conns_.clear();
      if (auto s = freshet_->Stop(); !s.ok()) {
        std::cerr << file_ << ": " << s.message() << "\n";
        return false;
      }
    }
    return true;
  }

 private:
  std::string Expand(const std::string& s) const { return absl::StrReplaceAll(s, {{"${SCENARIO_DIR}", dir_}}); }

  std::string BaseConninfo() const {
    return freshet_ ? freshet_->conninfo() : opts_.target;
  }
  int ServerPort() const {
    if (freshet_) return freshet_->port();
    for (absl::string_view kv : absl::StrSplit(opts_.target, ' ')) {
      int p;
      if (absl::ConsumePrefix(&kv, "port=") && absl::SimpleAtoi(kv, &p)) return p;
    }
    return 5432;
  }

  // The current session, connected lazily.
  PGconn* Conn(std::string* error) {
    auto it = conns_.find(current_);
    if (it != conns_.end() && PQstatus(it->second) == CONNECTION_OK) return it->second;
    if (it != conns_.end()) {
      PQfinish(it->second);
      conns_.erase(it);
    }
    std::string info = current_ == "default" ? BaseConninfo() : absl::StrCat(BaseConninfo(), " ", named_[current_]);
    PGconn* conn = PQconnectdb(info.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      *error = absl::StrCat("cannot connect (", info, "): ", PQerrorMessage(conn));
      PQfinish(conn);
      return nullptr;
    }
    conns_[current_] = conn;
    return conn;
  }

  struct QueryResult {
    std::string error;  // connection-level failure
    PGresult* res = nullptr;
    ~QueryResult() { PQclear(res); }
  };

  void RunQuery(const Command& c, QueryResult& out) {
    PGconn* conn = Conn(&out.error);
    if (conn == nullptr) return;
    bool binary = c.directives.count("format") && c.directives.at("format") == "binary";
    bool extended = binary || c.directives.count("params") || c.directives.count("protocol");
    std::optional<std::thread> canceller;
    if (cancel_after_ms_ > 0) {
      PGcancel* cancel = PQgetCancel(conn);
      int ms = cancel_after_ms_;
      cancel_after_ms_ = 0;
      canceller.emplace([cancel, ms] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        char err[256];
        PQcancel(cancel, err, sizeof err);
        PQfreeCancel(cancel);
      });
    }
    std::string sql = Expand(c.text);
    if (!extended) {
      out.res = PQexec(conn, sql.c_str());
    } else {
      Row params;
      if (c.directives.count("params")) params = SplitRow(c.directives.at("params"));
      std::vector<const char*> values;
      for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
      out.res = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                             nullptr, binary ? 1 : 0);
    }
    if (canceller) canceller->join();
  }

  // Compares a successful result with the expectation; "" when it matches.
  std::string CheckRows(const Command& c, PGresult* res) {
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_EMPTY_QUERY) {
      return absl::StrCat("query failed: ", PQresultErrorMessage(res));
    }
    std::vector<std::string> problems;
    if (c.directives.count("columns")) {
      std::vector<std::string> names;
      for (int i = 0; i < PQnfields(res); ++i) names.push_back(PQfname(res, i));
      std::string got = absl::StrJoin(names, " ");
      if (got != c.directives.at("columns")) problems.push_back(absl::StrCat("columns: expected ", c.directives.at("columns"), ", got ", got));
    }
    if (c.directives.count("types")) {
      std::vector<std::string> want = absl::StrSplit(c.directives.at("types"), ' ', absl::SkipEmpty());
      std::vector<std::string> got;
      bool ok = static_cast<int>(want.size()) == PQnfields(res);
      for (int i = 0; i < PQnfields(res); ++i) {
        uint32_t oid = PQftype(res, i);
        std::string name = absl::StrCat(oid);
        for (const auto& [n, o] : TypeOids()) {
          if (o == oid) name = n;
        }
        got.push_back(name);
        if (i < static_cast<int>(want.size()) && want[i] != name) ok = false;
      }
      if (!ok) problems.push_back(absl::StrCat("types: expected ", c.directives.at("types"), ", got ", absl::StrJoin(got, " ")));
    }
    std::vector<std::string> got_rows;
    for (int r = 0; r < PQntuples(res); ++r) {
      Row row;
      for (int f = 0; f < PQnfields(res); ++f) {
        if (PQgetisnull(res, r, f)) {
          row.emplace_back();
        } else if (PQfformat(res, f) == 1) {
          auto v = DecodeBinary(PQftype(res, f), PQgetvalue(res, r, f), PQgetlength(res, r, f));
          if (!v.ok()) return std::string(v.status().message());
          row.emplace_back(*v);
        } else {
          row.emplace_back(std::string(PQgetvalue(res, r, f), static_cast<size_t>(PQgetlength(res, r, f))));
        }
      }
      got_rows.push_back(RenderRow(row));
    }
    std::vector<std::string> want_rows;
    for (const auto& e : c.expected) want_rows.push_back(RenderRow(SplitRow(Expand(e))));
    bool ordered = absl::StrContains(absl::AsciiStrToUpper(c.text), "ORDER BY");
    std::vector<std::string> g = got_rows, w = want_rows;
    if (!ordered) {
      std::sort(g.begin(), g.end());
      std::sort(w.begin(), w.end());
    }
    if (g != w) {
      problems.push_back(absl::StrCat("rows differ\n  expected:\n    ", absl::StrJoin(want_rows, "\n    "),
                                      "\n  got:\n    ", absl::StrJoin(got_rows, "\n    ")));
    }
    return absl::StrJoin(problems, "\n");
  }

  // Checks an error against `key: value` expectation lines.
  static std::string CheckError(const std::vector<std::string>& expected, const std::string& sqlstate,
                                const std::string& message, const std::string& detail, const std::string& hint,
                                const std::string& position) {
    std::vector<std::string> problems;
    for (const std::string& e : expected) {
      size_t colon = e.find(':');
      std::string key = e.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : std::string(absl::StripAsciiWhitespace(e.substr(colon + 1)));
      bool ok = true;
      if (key == "sqlstate") ok = sqlstate.empty() || sqlstate == value;
      else if (key == "contains") ok = absl::StrContains(message, value);
      else if (key == "exact") ok = message == value;
      else if (key == "detail") ok = absl::StrContains(detail, value);
      else if (key == "hint") ok = absl::StrContains(hint, value);
      else if (key == "position") ok = position == value;
      else return absl::StrCat("unknown expectation \"", key, "\"");
      if (!ok) problems.push_back(absl::StrCat(key, ": expected ", value));
    }
    if (problems.empty()) return "";
    return absl::StrCat(absl::StrJoin(problems, "; "), "\n  got: sqlstate=", sqlstate, " message=\"", message,
                        "\" detail=\"", detail, "\" hint=\"", hint, "\" position=", position);
  }

  // Retries `attempt` until it returns "" or the timeout passes.
  template <typename F>
  std::string Retry(F attempt) {
    auto deadline = Clock::now() + timeout_;
    auto backoff = std::chrono::milliseconds(50);
    for (;;) {
      std::string failure = attempt();
      if (failure.empty() || Clock::now() >= deadline) return failure;
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(500));
    }
  }

  std::string Execute(const Command& c) {
    switch (c.kind) {
      case Command::Kind::kQuery:
        return Retry([&]() -> std::string {
          QueryResult r;
          RunQuery(c, r);
          if (!r.error.empty()) return r.error;
          return CheckRows(c, r.res);
        });
      case Command::Kind::kQueryError:
        return Retry([&]() -> std::string {
          QueryResult r;
          RunQuery(c, r);
          if (!r.error.empty()) return r.error;
          if (PQresultStatus(r.res) != PGRES_FATAL_ERROR) return "expected an error, but the query succeeded";
          auto field = [&](int code) {
            const char* v = PQresultErrorField(r.res, code);
            return std::string(v ? v : "");
          };
          return CheckError(c.expected, field(PG_DIAG_SQLSTATE), field(PG_DIAG_MESSAGE_PRIMARY),
                            field(PG_DIAG_MESSAGE_DETAIL), field(PG_DIAG_MESSAGE_HINT),
                            field(PG_DIAG_STATEMENT_POSITION));
        });
      case Command::Kind::kConnectError: {
        std::string info = absl::StrCat(BaseConninfo(), " ", Expand(c.text));
        PGconn* conn = PQconnectdb(info.c_str());
        bool ok = PQstatus(conn) == CONNECTION_OK;
        std::string message = absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn)).data();
        PQfinish(conn);
        if (ok) return "expected the connection to fail, but it succeeded";
        // libpq does not expose the SQLSTATE of a failed connection: match
        // the text (use `$ raw` for SQLSTATE checks).
        return CheckError(c.expected, "", message, "", "", "");
      }
      case Command::Kind::kAction:
        return Action(c);
    }
    return "unknown command";
  }

  static std::optional<std::chrono::milliseconds> ParseDuration(std::string s) {
    s = std::string(absl::StripAsciiWhitespace(s));
    int64_t n;
    if (absl::EndsWith(s, "ms") && absl::SimpleAtoi(s.substr(0, s.size() - 2), &n)) return std::chrono::milliseconds(n);
    if (absl::EndsWith(s, "s") && absl::SimpleAtoi(s.substr(0, s.size() - 1), &n)) return std::chrono::seconds(n);
    if (absl::EndsWith(s, "m") && absl::SimpleAtoi(s.substr(0, s.size() - 1), &n)) return std::chrono::minutes(n);
    return std::nullopt;
  }

  static std::map<std::string, std::string> KeyValues(const std::vector<std::string>& words, size_t from) {
    std::map<std::string, std::string> kv;
    for (size_t i = from; i < words.size(); ++i) {
      size_t eq = words[i].find('=');
      if (eq != std::string::npos) kv[words[i].substr(0, eq)] = words[i].substr(eq + 1);
    }
    return kv;
  }

  std::string Action(const Command& c) {
    std::vector<std::string> words = absl::StrSplit(Expand(c.text), ' ', absl::SkipEmpty());
    const std::string& verb = words[0];
    if (verb == "set-timeout" || verb == "sleep") {
      auto d = words.size() > 1 ? ParseDuration(words[1]) : std::nullopt;
      if (!d) return "expected a duration such as 500ms, 10s or 1m";
      if (verb == "sleep") std::this_thread::sleep_for(*d);
      else timeout_ = *d;
      return "";
    }
    if (verb == "cancel-after") {
      auto d = words.size() > 1 ? ParseDuration(words[1]) : std::nullopt;
      if (!d) return "expected a duration";
      cancel_after_ms_ = static_cast<int>(d->count());
      return "";
    }
    if (verb == "connect") {
      auto kv = KeyValues(words, 1);
      if (!kv.count("name")) return "$ connect needs name=";
      std::string name = kv["name"];
      kv.erase("name");
      std::vector<std::string> parts;
      for (const auto& [k, v] : kv) parts.push_back(absl::StrCat(k, "=", v));
      named_[name] = absl::StrJoin(parts, " ");
      std::string saved = current_, error;
      current_ = name;
      PGconn* conn = Conn(&error);
      current_ = saved;
      return conn ? "" : error;
    }
    if (verb == "use") {
      if (words.size() < 2 || (words[1] != "default" && !named_.count(words[1]))) return "unknown connection";
      current_ = words[1];
      return "";
    }
    if (verb == "postgres-execute") {
      auto kv = KeyValues(words, 1);
      std::string info = kv.count("connection") ? kv["connection"] : opts_.upstream;
      if (info.empty()) return "no upstream: pass --upstream or set FRESHET_TEST_UPSTREAM";
      PGconn* conn = PQconnectdb(info.c_str());
      std::string failure;
      if (PQstatus(conn) != CONNECTION_OK) {
        failure = absl::StrCat("cannot connect to upstream: ", PQerrorMessage(conn));
      } else {
        for (const auto& line : c.block) {
          PGresult* r = PQexec(conn, Expand(line).c_str());
          ExecStatusType st = PQresultStatus(r);
          if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && kv["ignore-errors"] != "true") {
            failure = absl::StrCat("upstream statement failed: ", line, "\n", PQresultErrorMessage(r));
          }
          PQclear(r);
          if (!failure.empty()) break;
        }
      }
      PQfinish(conn);
      return failure;
    }
    if (verb == "restart-freshet" || verb == "kill-freshet" || verb == "start-freshet-args") {
      if (!freshet_) return "restarting needs --freshet";
      for (auto& [name, conn] : conns_) PQfinish(conn);
      conns_.clear();
      if (verb == "kill-freshet") {
        freshet_->Kill();
      } else if (auto s = freshet_->Stop(); !s.ok()) {
        return std::string(s.message());
      }
      std::vector<std::string> args = opts_.freshet_args;
      if (verb == "start-freshet-args") {
        extra_args_.assign(words.begin() + 1, words.end());
      }
      args.insert(args.end(), extra_args_.begin(), extra_args_.end());
      auto s = freshet_->Start(args);
      return s.ok() ? "" : std::string(s.message());
    }
    if (verb == "psql") return Psql(c, words);
    if (verb == "python3") return Python(words);
    if (verb == "raw") return Raw(c);
    return absl::StrCat("unknown action \"", verb, "\"");
  }

  static std::string StripTrailing(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(std::string(absl::StripTrailingAsciiWhitespace(l)));
    while (!out.empty() && out.back().empty()) out.pop_back();
    return absl::StrJoin(out, "\n");
  }

  std::string Env() const {
    return absl::StrCat("PGHOST=127.0.0.1 PGPORT=", ServerPort(), " PGUSER=materialize PGDATABASE=materialize ");
  }

  static std::pair<int, std::string> Shell(const std::string& cmd) {
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return {-1, "popen failed"};
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
  }

  std::string Psql(const Command& c, const std::vector<std::string>& words) {
    char tmpl[] = "/tmp/scenario-psql-XXXXXX";
    int fd = ::mkstemp(tmpl);
    std::string input = absl::StrJoin(c.block, "\n") + "\n";
    if (::write(fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) return "cannot write psql input";
    ::close(fd);
    std::string args = absl::StrJoin(std::vector<std::string>(words.begin() + 1, words.end()), " ");
    auto [status, out] = Shell(absl::StrCat(Env(), "psql -X -q ", args, " < ", tmpl, " 2>&1"));
    ::unlink(tmpl);
    std::string got = StripTrailing(absl::StrSplit(out, '\n'));
    std::string want = StripTrailing(c.block2);
    if (got != want) return absl::StrCat("psql output differs (exit ", status, ")\n--- expected\n", want, "\n--- got\n", got);
    return "";
  }

  std::string Python(const std::vector<std::string>& words) {
    if (words.size() < 2) return "$ python3 needs a file";
    std::string cmd = absl::StrCat(Env(), "/usr/bin/python3 ", dir_, "/", words[1]);
    for (size_t i = 2; i < words.size(); ++i) absl::StrAppend(&cmd, " ", words[i]);
    auto [status, out] = Shell(cmd + " 2>&1");
    std::cout << out;
    if (status != 0) return absl::StrCat("python exited with status ", status, "\n", out);
    return "";
  }

  static std::string Hex(const std::string& text, bool* ok) {
    std::string out, digits;
    for (char ch : text) {
      if (!absl::ascii_isspace(static_cast<unsigned char>(ch))) digits.push_back(ch);
    }
    *ok = digits.size() % 2 == 0;
    for (size_t i = 0; *ok && i < digits.size(); i += 2) {
      int v;
      *ok = absl::SimpleHexAtoi(digits.substr(i, 2), &v);
      out.push_back(static_cast<char>(v));
    }
    return out;
  }

  static std::string Message(char tag, const std::string& body) {
    std::string out;
    out.push_back(tag);
    uint32_t len = static_cast<uint32_t>(body.size() + 4);
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
    return out + body;
  }

  // Extended-protocol messages for `$ raw`:
  //   send-parse NAME SQL | send-bind PORTAL STATEMENT [PARAM...] |
  //   send-execute PORTAL MAXROWS | send-describe S|P NAME |
  //   send-close S|P NAME | send-sync | send-flush
  // A name written as "" is the unnamed statement or portal.
  static absl::StatusOr<std::string> ExtendedMessage(const std::string& verb, const std::string& rest) {
    auto name = [](const std::string& w) { return w == "\"\"" ? std::string() : w; };
    std::vector<std::string> w = absl::StrSplit(rest, ' ', absl::SkipEmpty());
    auto need = [&](size_t n) -> absl::Status {
      if (w.size() < n) return absl::InvalidArgumentError(absl::StrCat(verb, " needs ", n, " arguments"));
      return absl::OkStatus();
    };
    auto i16 = [](int v) { return std::string{static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)}; };
    auto i32 = [](int64_t v) {
      std::string s;
      for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
      return s;
    };
    if (verb == "send-sync") return Message('S', "");
    if (verb == "send-flush") return Message('H', "");
    if (verb == "send-parse") {
      if (auto s = need(2); !s.ok()) return s;
      size_t sql_at = rest.find(w[0]) + w[0].size() + 1;
      return Message('P', name(w[0]) + '\0' + rest.substr(sql_at) + '\0' + i16(0));
    }
    if (verb == "send-bind") {
      if (auto s = need(2); !s.ok()) return s;
      std::string body = name(w[0]) + '\0' + name(w[1]) + '\0' + i16(0) + i16(static_cast<int>(w.size() - 2));
      for (size_t i = 2; i < w.size(); ++i) body += i32(static_cast<int64_t>(w[i].size())) + w[i];
      return Message('B', body + i16(0));
    }
    if (verb == "send-execute") {
      int64_t rows = 0;
      if (auto s = need(2); !s.ok() || !absl::SimpleAtoi(w[1], &rows)) return absl::InvalidArgumentError("send-execute PORTAL MAXROWS");
      return Message('E', name(w[0]) + '\0' + i32(rows));
    }
    if (auto s = need(2); !s.ok()) return s;
    return Message(verb == "send-describe" ? 'D' : 'C', w[0] + name(w[1]) + '\0');
  }

  std::string Raw(const Command& c) {
    RawClient client;
    if (auto s = client.Connect(ServerPort()); !s.ok()) return std::string(s.message());
    const int timeout_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(timeout_).count());
    for (const std::string& raw_line : c.block) {
      std::string line = Expand(raw_line);
      std::string verb = line.substr(0, line.find(' '));
      std::string rest = line.size() > verb.size() ? line.substr(verb.size() + 1) : "";
      std::string fail;
      if (verb == "send") {
        bool ok;
        std::string bytes = Hex(rest, &ok);
        if (!ok) return absl::StrCat("bad hex: ", rest);
        if (auto s = client.Send(bytes); !s.ok()) fail = std::string(s.message());
      } else if (verb == "send-startup") {
        std::string body("\x00\x03\x00\x00", 4);
        for (const auto& [k, v] : KeyValues(absl::StrSplit(rest, ' ', absl::SkipEmpty()), 0)) {
          body += k + '\0' + v + '\0';
        }
        body.push_back('\0');
        uint32_t len = static_cast<uint32_t>(body.size() + 4);
        std::string packet;
        for (int i = 3; i >= 0; --i) packet.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
        if (auto s = client.Send(packet + body); !s.ok()) fail = std::string(s.message());
      } else if (verb == "send-query") {
        if (auto s = client.Send(Message('Q', rest + '\0')); !s.ok()) fail = std::string(s.message());
      } else if (verb == "send-parse" || verb == "send-bind" || verb == "send-execute" || verb == "send-describe" ||
                 verb == "send-close" || verb == "send-sync" || verb == "send-flush") {
        auto bytes = ExtendedMessage(verb, rest);
        if (!bytes.ok()) return absl::StrCat(line, ": ", bytes.status().message());
        if (auto s = client.Send(*bytes); !s.ok()) fail = std::string(s.message());
      } else if (verb == "expect-sequence") {
        // The tags of the next messages, in order, e.g. "12DDsZ".
        for (char want : rest) {
          char tag;
          std::string body;
          if (auto s = client.ReadMessage(&tag, &body, timeout_ms); !s.ok()) {
            fail = absl::StrCat("waiting for ", std::string(1, want), ": ", s.message());
            break;
          }
          if (tag != want) {
            fail = absl::StrCat("expected message ", std::string(1, want), ", got ", std::string(1, tag),
                                tag == 'E' ? absl::StrCat(" (", body, ")") : "");
            break;
          }
        }
      } else if (verb == "send-no-read") {
        size_t sp = rest.rfind(' ');
        int count = 0;
        if (sp == std::string::npos || !absl::SimpleAtoi(rest.substr(sp + 1), &count)) return "send-no-read SQL COUNT";
        std::string msg = Message('Q', rest.substr(0, sp) + '\0');
        // Send without reading until the server stops accepting bytes.
        for (int i = 0; i < count; ++i) {
          if (!client.Send(msg).ok()) break;
        }
      } else if (verb == "expect-byte") {
        char b;
        if (auto s = client.ReadByte(&b, timeout_ms); !s.ok()) fail = std::string(s.message());
        else if (rest.empty() || b != rest[0]) fail = absl::StrCat("expected byte ", rest, ", got ", std::string(1, b));
      } else if (verb == "expect-message" || verb == "expect-error") {
        for (;;) {
          char tag;
          std::string body;
          if (auto s = client.ReadMessage(&tag, &body, timeout_ms); !s.ok()) {
            fail = absl::StrCat("waiting for ", verb == "expect-error" ? "an ErrorResponse" : rest, ": ", s.message());
            break;
          }
          if (verb == "expect-message" && !rest.empty() && tag == rest[0]) break;
          if (verb == "expect-error" && tag == 'E') {
            std::string code, message;
            for (size_t i = 0; i < body.size() && body[i] != '\0';) {
              char type = body[i++];
              size_t end = body.find('\0', i);
              std::string value = body.substr(i, end - i);
              i = end + 1;
              if (type == 'C') code = value;
              if (type == 'M') message = value;
            }
            std::vector<std::string> want = absl::StrSplit(rest, absl::MaxSplits(' ', 2));
            if (want.empty() || code != want[0] ||
                (want.size() == 3 && want[1] == "contains" && !absl::StrContains(message, want[2]))) {
              fail = absl::StrCat("expected error ", rest, ", got ", code, ": ", message);
            }
            break;
          }
          if (verb == "expect-message" && tag == 'E') {
            fail = absl::StrCat("expected message ", rest, ", got an ErrorResponse: ", body);
            break;
          }
        }
      } else if (verb == "expect-closed") {
        if (!client.WaitClosed(timeout_ms)) fail = "the server did not close the connection";
      } else if (verb == "close") {
        client.Close();
      } else {
        return absl::StrCat("unknown raw step \"", verb, "\"");
      }
      if (!fail.empty()) return absl::StrCat(line, ": ", fail);
    }
    return "";
  }

  const Options& opts_;
  std::string file_;
  std::string dir_;
  std::unique_ptr<testkit::FreshetProcess> freshet_;
  std::vector<std::string> extra_args_;
  std::map<std::string, PGconn*> conns_;
  std::map<std::string, std::string> named_;  // name -> extra conninfo
  std::string current_ = "default";
  std::chrono::milliseconds timeout_{10000};
  int cancel_after_ms_ = 0;
};

int Main(int argc, char** argv) {
  Options opts;
  if (const char* up = std::getenv("FRESHET_TEST_UPSTREAM")) opts.upstream = up;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--freshet") opts.freshet = value();
    else if (a == "--freshet-arg") opts.freshet_args.push_back(value());
    else if (a == "--target") opts.target = value();
    else if (a == "--upstream") opts.upstream = value();
    else if (a.rfind("--", 0) == 0) {
      std::cerr << "unknown flag " << a << "\n";
      return 2;
    } else opts.files.push_back(a);
  }
  if (opts.files.empty() || (opts.freshet.empty() == opts.target.empty())) {
    std::cerr << "usage: scenario_runner (--freshet BIN [--freshet-arg ARG]... | --target CONNINFO) "
                 "[--upstream CONNINFO] FILE...\n";
    return 2;
  }
  int passed = 0, failed = 0;
  for (const auto& f : opts.files) {
    Runner runner(opts, f);
    if (runner.Run()) ++passed;
    else ++failed;
  }
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace freshet::scenario

int main(int argc, char** argv) { return freshet::scenario::Main(argc, argv); }
