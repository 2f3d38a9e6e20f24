#include "values.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace freshet::scenario {
namespace {

// Reads a quoted section starting at s[i] == '"'; leaves i after the
// closing quote.
absl::Status ReadQuoted(const std::string& s, size_t& i, std::string& out) {
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      ++i;
      return absl::OkStatus();
    }
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i == s.size()) break;
    switch (s[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      default:
        return absl::InvalidArgumentError(absl::StrCat("unknown escape \\", std::string(1, s[i]),
                                                       " (use \\\" \\\\ \\n \\t \\r)"));
    }
  }
  return absl::InvalidArgumentError("unterminated double quote");
}

bool NeedsQuotes(const std::string& v) {
  if (v.empty() || v == "<null>") return true;
  for (char c : v) {
    if (c == ' ' || c == '"' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<TextRow> SplitValues(const std::string& line) {
  TextRow out;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
      continue;
    }
    if (line[i] == '"') {
      std::string v;
      if (auto s = ReadQuoted(line, i, v); !s.ok()) return s;
      if (i < line.size() && line[i] != ' ') {
        return absl::InvalidArgumentError("a quoted value must be followed by a space or the end of the line");
      }
      out.emplace_back(std::move(v));
      continue;
    }
    size_t end = line.find(' ', i);
    if (end == std::string::npos) end = line.size();
    std::string v = line.substr(i, end - i);
    if (v.find('"') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("value ", v, " holds a \": write it in double quotes with \\\" and \\\\ escapes"));
    }
    i = end;
    if (v == "<null>") out.emplace_back(std::nullopt);
    else out.emplace_back(std::move(v));
  }
  return out;
}

std::string RenderValue(const TextValue& value, bool first_of_line) {
  if (!value.has_value()) return "<null>";
  const std::string& v = *value;
  bool quote = NeedsQuotes(v) || (first_of_line && (v[0] == '#' || v[0] == '>' || v[0] == '!' || v[0] == '$'));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out.push_back(c);
    }
  }
  return out + "\"";
}

std::string RenderRow(const TextRow& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) absl::StrAppend(&out, i ? " " : "", RenderValue(row[i], i == 0));
  return out;
}

absl::StatusOr<std::vector<std::string>> SplitWords(const std::string& line) {
  std::vector<std::string> out;
  std::string rest = line;
  while (true) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string::npos) break;
    rest.erase(0, start);
    auto word = TakeWord(rest);
    if (!word.ok()) return word.status();
    out.push_back(std::move(*word));
  }
  return out;
}

absl::StatusOr<std::string> TakeWord(std::string& rest) {
  std::string word;
  size_t i = rest.find_first_not_of(' ');
  if (i == std::string::npos) i = rest.size();
  while (i < rest.size() && rest[i] != ' ') {
    if (rest[i] == '"') {
      if (auto s = ReadQuoted(rest, i, word); !s.ok()) return s;
    } else {
      word.push_back(rest[i++]);
    }
  }
  rest.erase(0, i < rest.size() ? i + 1 : i);
  return word;
}

std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  struct Unit {
    const char* suffix;
    int64_t ms;
  };
  for (Unit u : {Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60000}}) {
    std::string suffix = u.suffix;
    if (text.size() <= suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::string number = text.substr(0, text.size() - suffix.size());
    int64_t n;
    if (number.find_first_not_of("0123456789") != std::string::npos || !absl::SimpleAtoi(number, &n)) {
      return std::nullopt;
    }
    return std::chrono::milliseconds(n * u.ms);
  }
  return std::nullopt;
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  int64_t ms = duration.count();
  if (ms < 1000) return absl::StrCat(ms, " ms");
  return absl::StrFormat("%.1f s", static_cast<double>(ms) / 1000.0);
}

}  // namespace freshet::scenario
