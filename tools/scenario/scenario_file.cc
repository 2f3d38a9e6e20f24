#include "scenario_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "raw_protocol.h"
#include "testkit/pg_values.h"

namespace freshet::scenario {
namespace {

constexpr const char* kQueryDirectives[] = {"columns", "types", "params", "format", "protocol"};
constexpr const char* kErrorKeys[] = {"sqlstate", "exact", "contains", "detail", "hint", "position"};

bool IsBlank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }
bool IsComment(const std::string& s) { return absl::StartsWith(s, "#"); }
bool StartsCommand(const std::string& s) {
  return absl::StartsWith(s, "> ") || absl::StartsWith(s, "! ") || absl::StartsWith(s, "$ ");
}
bool IsContinuation(const std::string& s) { return absl::StartsWith(s, "  ") && !IsBlank(s); }

// "key: value" with key one of `keys`; false when the line is not one.
template <size_t N>
bool SplitKeyLine(const std::string& line, const char* const (&keys)[N], std::string* key, std::string* value) {
  size_t colon = line.find(':');
  if (colon == std::string::npos) return false;
  std::string k = line.substr(0, colon);
  for (const char* candidate : keys) {
    if (k == candidate) {
      *key = k;
      *value = std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
      return true;
    }
  }
  return false;
}

bool IsSqlState(const std::string& s) {
  if (s.size() != 5) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && !absl::ascii_isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

std::string ScenarioName(const std::filesystem::path& path) {
  std::string name = absl::StrCat(path.parent_path().filename().string(), "_", path.stem().string());
  for (char& c : name) {
    c = absl::ascii_isalnum(static_cast<unsigned char>(c)) ? absl::ascii_tolower(static_cast<unsigned char>(c)) : '_';
  }
  return name;
}

class Parser {
 public:
  Parser(std::string path, std::vector<std::string> lines, const ParseOptions& options)
      : path_(std::move(path)), lines_(std::move(lines)), options_(options) {
    dir_ = std::filesystem::absolute(path_).parent_path().string();
  }

  absl::StatusOr<std::vector<Command>> Parse() {
    size_t i = 0;
    while (i < lines_.size()) {
      const std::string& line = lines_[i];
      if (IsBlank(line) || IsComment(line)) {
        ++i;
        continue;
      }
      if (!StartsCommand(line)) {
        Error(i, absl::StrCat("expected a command (a line starting with \"> \", \"! \", \"$ \" or \"#\"), got: ", line));
        i = SkipToBlank(i);
        continue;
      }
      size_t next = line[0] == '$' ? ParseAction(i) : ParseQuery(i);
      i = std::max(next, i + 1);
    }
    CheckSequence();
    if (!errors_.empty()) {
      std::stable_sort(errors_.begin(), errors_.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<std::string> messages;
      for (auto& [line, message] : errors_) messages.push_back(std::move(message));
      return absl::InvalidArgumentError(absl::StrJoin(messages, "\n"));
    }
    return std::move(commands_);
  }

 private:
  void Error(size_t index, const std::string& what) {
    errors_.emplace_back(index, absl::StrCat(path_, ":", index + 1, ": ", what));
  }

  size_t SkipToBlank(size_t i) const {
    while (i < lines_.size() && !IsBlank(lines_[i])) ++i;
    return i;
  }

  // The block after a command's first line (and continuation lines): lines
  // up to a blank line or the next command, without # comments. Returns the
  // index after it.
  size_t Block(size_t i, std::vector<size_t>* out) const {
    for (; i < lines_.size() && !IsBlank(lines_[i]) && !StartsCommand(lines_[i]); ++i) {
      if (!IsComment(lines_[i])) out->push_back(i);
    }
    return i;
  }

  std::string TextOf(size_t first, size_t end) const {
    std::vector<std::string> text(lines_.begin() + static_cast<std::ptrdiff_t>(first),
                                  lines_.begin() + static_cast<std::ptrdiff_t>(end));
    while (!text.empty() && IsBlank(text.back())) text.pop_back();
    return absl::StrJoin(text, "\n");
  }

  void Add(size_t first, size_t end, CommandBody body) {
    Command c;
    c.line = static_cast<int>(first + 1);
    c.first_line = lines_[first];
    c.text = TextOf(first, end);
    c.body = std::move(body);
    commands_.push_back(std::move(c));
  }

  // Reads an expectation line of `!`; false if `key` is not one.
  bool ErrorLine(size_t at, const std::string& key, const std::string& value, ErrorExpectation& e) {
    if (key == "sqlstate") {
      if (!IsSqlState(value)) Error(at, absl::StrCat("sqlstate: expects five digits or capital letters, got ", value));
      e.sqlstate = value;
    } else if (key == "exact") {
      e.exact = value;
    } else if (key == "contains") {
      e.contains.push_back(value);
    } else if (key == "detail") {
      e.detail.push_back(value);
    } else if (key == "hint") {
      e.hint.push_back(value);
    } else if (key == "position") {
      int n;
      if (!absl::SimpleAtoi(value, &n) || n <= 0) Error(at, "position: expects a positive number");
      e.position = value;
    } else {
      return false;
    }
    return true;
  }

  size_t ParseQuery(size_t first) {
    const std::string& line = lines_[first];
    bool expect_error = line[0] == '!';
    std::string sql = line.substr(2);
    size_t i = first + 1;
    for (; i < lines_.size() && IsContinuation(lines_[i]); ++i) absl::StrAppend(&sql, "\n", lines_[i]);
    std::vector<size_t> block;
    size_t end = Block(i, &block);
    if (expect_error && (sql == "connect" || absl::StartsWith(sql, "connect "))) {
      ParseConnectError(first, end, sql.substr(7), block);
      return end;
    }
    if (IsBlank(sql)) Error(first, "the command has no SQL");

    QueryCommand q;
    q.sql = sql;
    q.expect_error = expect_error;
    q.ordered = std::regex_search(sql, std::regex(R"(\border\s+by\b)", std::regex::icase));
    std::set<std::string> seen;
    std::optional<bool> protocol_extended;
    bool in_rows = false;
    for (size_t at : block) {
      std::string key, value;
      if (SplitKeyLine(lines_[at], kQueryDirectives, &key, &value)) {
        if (in_rows) {
          Error(at, absl::StrCat("a ", key, ": line after the rows; directives come first (quote a row value that "
                                 "looks like a directive)"));
          continue;
        }
        if (!seen.insert(key).second) Error(at, absl::StrCat(key, ": given twice"));
        if (expect_error && (key == "columns" || key == "types")) {
          Error(at, absl::StrCat(key, ": does not apply to an expected error"));
        } else if (key == "columns") {
          auto names = SplitValues(value);
          if (!names.ok()) {
            Error(at, std::string(names.status().message()));
            continue;
          }
          q.columns.emplace();
          for (const auto& n : *names) q.columns->push_back(n.value_or("<null>"));
        } else if (key == "types") {
          q.types.emplace();
          q.types_text = value;
          for (absl::string_view word : absl::StrSplit(value, ' ', absl::SkipEmpty())) {
            std::string name(word);
            auto oid = testkit::TypeOidByName(name);
            if (!oid) Error(at, absl::StrCat("unknown type name \"", name, "\" (use pg_type names or an OID)"));
            q.types->push_back(oid.value_or(0));
          }
        } else if (key == "params") {
          auto params = SplitValues(value);
          if (!params.ok()) Error(at, absl::StrCat("params: ", params.status().message()));
          else q.params = *params;
          q.extended = true;
        } else if (key == "format") {
          if (value != "binary" && value != "text") Error(at, "format: expects text or binary");
          q.binary = value == "binary";
          if (q.binary) q.extended = true;
        } else if (key == "protocol") {
          if (value != "simple" && value != "extended") Error(at, "protocol: expects simple or extended");
          protocol_extended = value == "extended";
        }
        continue;
      }
      if (expect_error) {
        if (!SplitKeyLine(lines_[at], kErrorKeys, &key, &value) || !ErrorLine(at, key, value, q.error)) {
          Error(at, absl::StrCat("expected an expectation line (sqlstate:, exact:, contains:, detail:, hint:, "
                                 "position:) or a directive (params:, format:, protocol:), got: ",
                                 lines_[at]));
        }
        continue;
      }
      in_rows = true;
      auto row = SplitValues(lines_[at]);
      if (!row.ok()) Error(at, absl::StrCat("bad row: ", row.status().message()));
      else q.rows.push_back(std::move(*row));
    }
    if (protocol_extended.has_value()) {
      if (!*protocol_extended && q.extended) {
        Error(first, "protocol: simple cannot carry params: or format: binary");
      }
      q.extended = *protocol_extended;
    }
    if (expect_error && q.error.empty()) {
      Error(first, "an expected error needs at least one of sqlstate:, exact:, contains:, detail:, hint:, position:");
    }
    Add(first, end, std::move(q));
    return end;
  }

  void ParseConnectError(size_t first, size_t end, const std::string& args, const std::vector<size_t>& block) {
    ConnectErrorCommand c;
    c.params = ConnParamsFrom(first, args, {});
    for (size_t at : block) {
      std::string key, value;
      if (!SplitKeyLine(lines_[at], kErrorKeys, &key, &value) || !ErrorLine(at, key, value, c.error)) {
        Error(at, absl::StrCat("expected an expectation line (sqlstate:, exact:, contains:, detail:, hint:), got: ",
                               lines_[at]));
      } else if (key == "position") {
        Error(at, "position: does not apply to a connection");
      }
    }
    if (c.error.empty()) Error(first, "! connect needs at least one of sqlstate:, exact:, contains:, detail:, hint:");
    Add(first, end, std::move(c));
  }

  // key=value words as libpq parameters; `database` is libpq's `dbname`.
  testkit::ConnParams ConnParamsFrom(size_t at, const std::string& text, const std::set<std::string>& own_keys,
                                     std::vector<std::pair<std::string, std::string>>* own = nullptr) {
    testkit::ConnParams params;
    auto words = SplitWords(text);
    if (!words.ok()) {
      Error(at, std::string(words.status().message()));
      return params;
    }
    for (const std::string& w : *words) {
      size_t eq = w.find('=');
      if (eq == std::string::npos || eq == 0) {
        Error(at, absl::StrCat("expected key=value, got ", w));
        continue;
      }
      std::string key = w.substr(0, eq), value = w.substr(eq + 1);
      if (own_keys.count(key)) {
        own->emplace_back(key, value);
        continue;
      }
      if (key == "database") key = "dbname";
      if (!testkit::IsConnKeyword(key)) {
        Error(at, absl::StrCat("unknown connection parameter \"", key, "\""));
        continue;
      }
      testkit::SetParam(params, key, value);
    }
    return params;
  }

  size_t ParseAction(size_t first) {
    std::string rest = lines_[first].substr(2);
    auto verb_or = TakeWord(rest);
    std::string verb = verb_or.ok() ? *verb_or : "";
    if (verb == "psql") return ParsePsql(first, rest);

    std::vector<size_t> block;
    size_t end = Block(first + 1, &block);
    auto words_or = SplitWords(rest);
    if (!words_or.ok()) {
      Error(first, std::string(words_or.status().message()));
      return end;
    }
    const std::vector<std::string>& words = *words_or;
    auto no_block = [&] {
      if (!block.empty()) Error(block[0], absl::StrCat("$ ", verb, " takes no block: end it with a blank line"));
    };
    auto arg_count = [&](size_t lo, size_t hi) {
      if (words.size() < lo || words.size() > hi) {
        Error(first, lo == hi ? absl::StrCat("$ ", verb, " takes ", lo, " argument(s)")
                              : absl::StrCat("$ ", verb, " takes ", lo, " to ", hi, " arguments"));
        return false;
      }
      return true;
    };
    auto duration = [&](const std::string& w) {
      auto d = ParseDuration(w);
      if (!d) Error(first, absl::StrCat("expected a duration such as 500ms, 10s or 2m, got ", w));
      return d.value_or(Duration(0));
    };

    if (verb == "postgres-execute") {
      PostgresExecuteCommand c;
      std::vector<std::pair<std::string, std::string>> own;
      ConnParamsFrom(first, rest, {"connection", "ignore-errors"}, &own);
      for (const auto& [k, v] : own) {
        if (k == "connection") c.connection = v;
        if (k == "ignore-errors") {
          if (v != "true" && v != "false") Error(first, "ignore-errors= expects true or false");
          c.ignore_errors = v == "true";
        }
      }
      for (size_t at : block) {
        if (IsContinuation(lines_[at]) && !c.statements.empty()) {
          absl::StrAppend(&c.statements.back().sql, "\n", lines_[at]);
        } else {
          c.statements.push_back({static_cast<int>(at + 1), lines_[at]});
        }
      }
      if (c.statements.empty()) Error(first, "$ postgres-execute needs statements on the following lines");
      Add(first, end, std::move(c));
    } else if (verb == "set-timeout") {
      no_block();
      SetTimeoutCommand c;
      if (arg_count(1, 1) && words[0] != "default") c.timeout = duration(words[0]);
      Add(first, end, c);
    } else if (verb == "sleep") {
      no_block();
      SleepCommand c{Duration(0)};
      if (arg_count(1, 1)) c.duration = duration(words[0]);
      Add(first, end, c);
    } else if (verb == "cancel-after") {
      no_block();
      CancelAfterCommand c{Duration(0)};
      if (arg_count(1, 1)) c.delay = duration(words[0]);
      Add(first, end, c);
    } else if (verb == "connect") {
      no_block();
      ConnectCommand c;
      std::vector<std::pair<std::string, std::string>> own;
      c.params = ConnParamsFrom(first, rest, {"name"}, &own);
      for (const auto& [k, v] : own) c.name = v;
      if (c.name.empty()) Error(first, "$ connect needs name=NAME");
      if (c.name == "default") Error(first, "the session name \"default\" is taken");
      Add(first, end, std::move(c));
    } else if (verb == "use") {
      no_block();
      UseCommand c;
      if (arg_count(1, 1)) c.name = words[0];
      Add(first, end, std::move(c));
    } else if (verb == "python3") {
      no_block();
      Python3Command c;
      if (words.empty()) {
        Error(first, "$ python3 needs a file");
      } else {
        c.file = (std::filesystem::path(dir_) / words[0]).lexically_normal().string();
        c.args.assign(words.begin() + 1, words.end());
        if (!std::filesystem::is_regular_file(c.file)) Error(first, absl::StrCat("no such file: ", c.file));
      }
      Add(first, end, std::move(c));
    } else if (verb == "raw") {
      if (!words.empty()) Error(first, "$ raw takes no arguments; the steps follow on the next lines");
      RawCommand c;
      for (size_t at : block) {
        auto step = ParseRawStep(lines_[at], options_.startup_user, options_.startup_database);
        if (!step.ok()) {
          Error(at, std::string(step.status().message()));
          continue;
        }
        step->line = static_cast<int>(at + 1);
        c.steps.push_back(std::move(*step));
      }
      if (block.empty()) Error(first, "$ raw needs steps on the following lines");
      Add(first, end, std::move(c));
    } else if (verb == "restart-freshet" || verb == "kill-freshet" || verb == "start-freshet-args") {
      no_block();
      if (!options_.with_freshet) Error(first, absl::StrCat("$ ", verb, " needs the runner to start Freshet (--freshet)"));
      FreshetRestartCommand c;
      if (verb == "start-freshet-args") {
        c.mode = FreshetRestartCommand::Mode::kNewArgs;
        c.args = words;
      } else {
        c.mode = verb == "kill-freshet" ? FreshetRestartCommand::Mode::kKill : FreshetRestartCommand::Mode::kRestart;
        arg_count(0, 0);
      }
      Add(first, end, std::move(c));
    } else {
      Error(first, absl::StrCat("unknown action \"$ ", verb, "\""));
    }
    return end;
  }

  // $ psql [args] / input / ---- / expected output / ----
  size_t ParsePsql(size_t first, const std::string& rest) {
    PsqlCommand c;
    auto words = SplitWords(rest);
    if (!words.ok()) Error(first, std::string(words.status().message()));
    else c.args = *words;
    size_t i = first + 1;
    std::vector<std::string> input;
    for (; i < lines_.size() && lines_[i] != "----"; ++i) input.push_back(lines_[i]);
    if (i == lines_.size()) {
      Error(first, "$ psql: the input must end with a line ----, then the expected output and ---- again");
      return i;
    }
    for (++i; i < lines_.size() && lines_[i] != "----"; ++i) c.expected.push_back(lines_[i]);
    if (i == lines_.size()) {
      Error(first, "$ psql: the expected output must end with a line ----");
      return i;
    }
    c.input = absl::StrJoin(input, "\n") + "\n";
    Add(first, i + 1, std::move(c));
    return i + 1;
  }

  // Checks that need the order of commands: `$ use` of a known session,
  // `$ cancel-after` before a query.
  void CheckSequence() {
    std::set<std::string> sessions = {"default"};
    for (size_t k = 0; k < commands_.size(); ++k) {
      const Command& c = commands_[k];
      if (const auto* connect = std::get_if<ConnectCommand>(&c.body)) sessions.insert(connect->name);
      if (const auto* use = std::get_if<UseCommand>(&c.body)) {
        if (!use->name.empty() && !sessions.count(use->name)) {
          Error(static_cast<size_t>(c.line - 1),
                absl::StrCat("no session \"", use->name, "\" (open it with $ connect name=", use->name, " first)"));
        }
      }
      if (std::holds_alternative<CancelAfterCommand>(c.body)) {
        bool ok = k + 1 < commands_.size() && std::holds_alternative<QueryCommand>(commands_[k + 1].body);
        if (!ok) Error(static_cast<size_t>(c.line - 1), "$ cancel-after must come right before a > or ! query");
      }
    }
  }

  std::string path_;
  std::string dir_;
  std::vector<std::string> lines_;
  const ParseOptions& options_;
  std::vector<Command> commands_;
  std::vector<std::pair<size_t, std::string>> errors_;  // line index, message
};

}  // namespace

absl::StatusOr<std::vector<Command>> ParseScenarioFile(const std::string& path, const ParseOptions& options) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read the file"));
  std::filesystem::path absolute = std::filesystem::absolute(path);
  std::string dir = absolute.parent_path().string();
  std::string name = ScenarioName(absolute);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(absl::StrReplaceAll(l, {{"${SCENARIO_DIR}", dir},
                                            {"${SCENARIO_NAME}", name},
                                            {"${UPSTREAM_HOST}", options.upstream_host},
                                            {"${UPSTREAM_PORT}", options.upstream_port},
                                            {"${UPSTREAM_USER}", options.upstream_user}}));
  }
  return Parser(path, std::move(lines), options).Parse();
}

}  // namespace freshet::scenario
