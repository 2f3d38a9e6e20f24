#include "raw_protocol.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "values.h"

namespace freshet::scenario {
namespace {

std::string Int32(int64_t v) {
  std::string s;
  for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}

std::string Int16(int v) { return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)}; }

std::string CString(const std::string& s) { return s + '\0'; }

absl::StatusOr<std::string> Hex(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  if (digits.empty() || digits.size() % 2 != 0) {
    return absl::InvalidArgumentError(absl::StrCat("send expects an even number of hex digits, got \"", text, "\""));
  }
  std::string out;
  for (size_t i = 0; i < digits.size(); i += 2) {
    int v;
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(digits[i])) ||
        !absl::ascii_isxdigit(static_cast<unsigned char>(digits[i + 1])) ||
        !absl::SimpleHexAtoi(digits.substr(i, 2), &v)) {
      return absl::InvalidArgumentError(absl::StrCat("bad hex digits \"", digits.substr(i, 2), "\""));
    }
    out.push_back(static_cast<char>(v));
  }
  return out;
}

absl::Status Usage(const char* usage) { return absl::InvalidArgumentError(absl::StrCat("usage: ", usage)); }

}  // namespace

std::string EncodeMessage(char tag, const std::string& body) {
  return std::string(1, tag) + Int32(static_cast<int64_t>(body.size()) + 4) + body;
}

std::string EncodeStartup(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string body = Int32(196608);  // protocol 3.0
  for (const auto& [k, v] : params) body += CString(k) + CString(v);
  body.push_back('\0');
  return Int32(static_cast<int64_t>(body.size()) + 4) + body;
}

std::map<char, std::string> ParseErrorFields(const std::string& body) {
  std::map<char, std::string> fields;
  size_t i = 0;
  while (i < body.size() && body[i] != '\0') {
    char type = body[i++];
    size_t end = body.find('\0', i);
    if (end == std::string::npos) end = body.size();
    fields[type] = body.substr(i, end - i);
    i = end + 1;
  }
  return fields;
}

std::string DescribeErrorFields(const std::map<char, std::string>& fields) {
  auto get = [&](char c) {
    auto it = fields.find(c);
    return it == fields.end() ? std::string() : it->second;
  };
  std::string out = absl::StrCat(get('S'), " ", get('C'), ": ", get('M'));
  if (!get('D').empty()) absl::StrAppend(&out, " (detail: ", get('D'), ")");
  return out;
}

absl::StatusOr<RawStep> ParseRawStep(const std::string& line, const std::string& startup_user,
                                     const std::string& startup_database) {
  RawStep step;
  step.text = line;
  std::string rest = line;
  auto verb_or = TakeWord(rest);
  if (!verb_or.ok()) return verb_or.status();
  const std::string verb = *verb_or;
  using Kind = RawStep::Kind;

  auto words_or = SplitWords(rest);
  if (!words_or.ok()) return words_or.status();
  const std::vector<std::string>& words = *words_or;
  auto need_words = [&](size_t n, const char* usage) { return words.size() == n ? absl::OkStatus() : Usage(usage); };

  if (verb == "send") {
    auto bytes = Hex(rest);
    if (!bytes.ok()) return bytes.status();
    step.bytes = *bytes;
  } else if (verb == "send-startup") {
    std::vector<std::pair<std::string, std::string>> params;
    for (const std::string& w : words) {
      size_t eq = w.find('=');
      if (eq == std::string::npos || eq == 0) return Usage("send-startup [key=value ...]");
      params.emplace_back(w.substr(0, eq), w.substr(eq + 1));
    }
    if (params.empty()) params = {{"user", startup_user}, {"database", startup_database}};
    step.bytes = EncodeStartup(params);
  } else if (verb == "send-query") {
    step.bytes = EncodeMessage('Q', CString(rest));
  } else if (verb == "send-parse") {
    auto name = TakeWord(rest);
    if (!name.ok()) return name.status();
    if (rest.empty()) return Usage("send-parse NAME SQL (\"\" for the unnamed statement)");
    step.bytes = EncodeMessage('P', CString(*name) + CString(rest) + Int16(0));
  } else if (verb == "send-bind") {
    auto portal = TakeWord(rest);
    auto statement = portal.ok() ? TakeWord(rest) : portal;
    if (!statement.ok()) return statement.status();
    if (words.size() < 2) return Usage("send-bind PORTAL STATEMENT [PARAM ...]");
    auto params = SplitValues(rest);
    if (!params.ok()) return params.status();
    std::string body = CString(*portal) + CString(*statement) + Int16(0) + Int16(static_cast<int>(params->size()));
    for (const auto& p : *params) {
      body += p ? Int32(static_cast<int64_t>(p->size())) + *p : Int32(-1);
    }
    step.bytes = EncodeMessage('B', body + Int16(0));
  } else if (verb == "send-execute") {
    int64_t rows;
    if (words.size() != 2 || !absl::SimpleAtoi(words[1], &rows) || rows < 0) {
      return Usage("send-execute PORTAL MAXROWS (0 = all)");
    }
    step.bytes = EncodeMessage('E', CString(words[0]) + Int32(rows));
  } else if (verb == "send-describe" || verb == "send-close") {
    if (words.size() != 2 || (words[0] != "S" && words[0] != "P")) return Usage("send-describe|send-close S|P NAME");
    step.bytes = EncodeMessage(verb == "send-describe" ? 'D' : 'C', words[0] + CString(words[1]));
  } else if (verb == "send-sync" || verb == "send-flush" || verb == "send-terminate") {
    if (auto s = need_words(0, "send-sync | send-flush | send-terminate"); !s.ok()) return s;
    step.bytes = EncodeMessage(verb == "send-sync" ? 'S' : verb == "send-flush" ? 'H' : 'X', "");
  } else if (verb == "send-no-read") {
    size_t space = rest.rfind(' ');
    if (space == std::string::npos || !absl::SimpleAtoi(rest.substr(space + 1), &step.count) || step.count <= 0) {
      return Usage("send-no-read SQL COUNT");
    }
    step.kind = Kind::kSendNoRead;
    step.bytes = EncodeMessage('Q', CString(rest.substr(0, space)));
  } else if (verb == "expect-byte" || verb == "expect-message") {
    if (words.size() != 1 || words[0].size() != 1) {
      return Usage(verb == "expect-byte" ? "expect-byte C (one character)" : "expect-message TAG (one character)");
    }
    step.kind = verb == "expect-byte" ? Kind::kExpectByte : Kind::kExpectMessage;
    step.tags = words[0];
  } else if (verb == "expect-sequence") {
    if (auto s = need_words(1, "expect-sequence TAGS (e.g. 12DCZ)"); !s.ok()) return s;
    step.kind = Kind::kExpectSequence;
    step.tags = words[0];
  } else if (verb == "expect-error") {
    auto code = TakeWord(rest);
    if (!code.ok()) return code.status();
    step.kind = Kind::kExpectError;
    step.sqlstate = *code;
    if (step.sqlstate.size() != 5) return Usage("expect-error SQLSTATE [contains TEXT]");
    if (!rest.empty()) {
      if (!absl::StartsWith(rest, "contains ") || rest.size() == 9) return Usage("expect-error SQLSTATE [contains TEXT]");
      step.contains = rest.substr(9);
    }
  } else if (verb == "expect-closed" || verb == "close") {
    if (auto s = need_words(0, "expect-closed | close"); !s.ok()) return s;
    step.kind = verb == "close" ? Kind::kClose : Kind::kExpectClosed;
  } else if (verb == "sleep") {
    auto d = words.size() == 1 ? ParseDuration(words[0]) : std::nullopt;
    if (!d) return Usage("sleep DURATION (e.g. 200ms)");
    step.kind = Kind::kSleep;
    step.delay = *d;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown raw step \"", verb, "\""));
  }
  return step;
}

}  // namespace freshet::scenario
