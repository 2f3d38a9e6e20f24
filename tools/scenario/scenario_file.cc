#include "scenario_file.h"

#include <cstring>
#include <fstream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace freshet::scenario {
namespace {

bool IsBlank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

const char* kQueryDirectives[] = {"columns:", "types:", "params:", "format:", "protocol:"};

}  // namespace

std::vector<std::optional<std::string>> SplitRow(const std::string& row) {
  std::vector<std::optional<std::string>> out;
  size_t i = 0;
  while (i < row.size()) {
    if (row[i] == ' ') {
      ++i;
      continue;
    }
    if (row[i] == '"') {
      std::string v;
      for (++i; i < row.size() && row[i] != '"'; ++i) {
        if (row[i] == '\\' && i + 1 < row.size()) ++i;
        v.push_back(row[i]);
      }
      ++i;
      out.emplace_back(std::move(v));
      continue;
    }
    size_t end = row.find(' ', i);
    std::string v = row.substr(i, end == std::string::npos ? std::string::npos : end - i);
    i = end == std::string::npos ? row.size() : end;
    if (v == "<null>") out.emplace_back(std::nullopt);
    else out.emplace_back(std::move(v));
  }
  return out;
}

absl::StatusOr<std::vector<Command>> ParseScenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<Command> out;
  size_t i = 0;
  auto error = [&](size_t at, const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", at + 1, ": ", what));
  };
  while (i < lines.size()) {
    const std::string& l = lines[i];
    if (IsBlank(l) || StartsWith(l, "#")) {
      ++i;
      continue;
    }
    Command c;
    c.line = static_cast<int>(i + 1);
    if (StartsWith(l, "> ") || StartsWith(l, "! ")) {
      c.text = l.substr(2);
      bool is_error = l[0] == '!';
      if (is_error && StartsWith(c.text, "connect ")) {
        c.kind = Command::Kind::kConnectError;
        c.text = c.text.substr(8);
      } else {
        c.kind = is_error ? Command::Kind::kQueryError : Command::Kind::kQuery;
      }
      ++i;
      while (i < lines.size() && StartsWith(lines[i], "  ")) c.text += "\n" + lines[i++];
      for (; i < lines.size() && !IsBlank(lines[i]) && !StartsWith(lines[i], "> ") && !StartsWith(lines[i], "! ") &&
             !StartsWith(lines[i], "$ ");
           ++i) {
        bool directive = false;
        for (const char* d : kQueryDirectives) {
          if (StartsWith(lines[i], d)) {
            std::string key(d, strlen(d) - 1);
            c.directives[key] = std::string(absl::StripAsciiWhitespace(lines[i].substr(strlen(d))));
            directive = true;
          }
        }
        if (!directive) c.expected.push_back(lines[i]);
      }
      if (c.kind != Command::Kind::kQuery && c.expected.empty()) {
        return error(c.line - 1, "an error expectation needs at least one of contains:, exact:, sqlstate:, ...");
      }
      out.push_back(std::move(c));
      continue;
    }
    if (StartsWith(l, "$ ")) {
      c.kind = Command::Kind::kAction;
      c.text = l.substr(2);
      ++i;
      if (StartsWith(c.text, "psql")) {
        for (; i < lines.size() && lines[i] != "----"; ++i) c.block.push_back(lines[i]);
        if (i >= lines.size()) return error(c.line - 1, "$ psql needs input, ----, expected output, ----");
        for (++i; i < lines.size() && lines[i] != "----"; ++i) c.block2.push_back(lines[i]);
        if (i >= lines.size()) return error(c.line - 1, "$ psql expected output must end with ----");
        ++i;
      } else {
        for (; i < lines.size() && !IsBlank(lines[i]); ++i) {
          if (!StartsWith(lines[i], "#")) c.block.push_back(lines[i]);
        }
      }
      out.push_back(std::move(c));
      continue;
    }
    return error(i, absl::StrCat("expected a command (>, ! or $), got: ", l));
  }
  return out;
}

}  // namespace freshet::scenario
