// Tokens and literal values with PostgreSQL's lexical rules.
#include "scan.h"

#include <pg_query.h>

#include <cstdint>

#include "absl/strings/ascii.h"
#include "common/error.h"

namespace freshet::sql {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Skips whitespace and comments from `i`; returns whether a newline was seen.
bool SkipBlank(std::string_view text, size_t* i) {
  bool newline = false;
  while (*i < text.size()) {
    char c = text[*i];
    if (IsSpace(c)) {
      newline |= c == '\n' || c == '\r';
      ++*i;
    } else if (text.substr(*i, 2) == "--") {
      while (*i < text.size() && text[*i] != '\n') ++*i;
    } else if (text.substr(*i, 2) == "/*") {
      size_t close = text.find("*/", *i + 2);
      *i = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      break;
    }
  }
  return newline;
}

// The end of a U&'...' or U&"..." token starting at `start` (libpg_query
// reports an empty span for them). Continuation segments count for strings.
int UnicodeTokenEnd(std::string_view text, int start) {
  size_t i = start + 2;  // past U&
  if (i >= text.size()) return static_cast<int>(text.size());
  const char quote = text[i];
  while (i < text.size() && text[i] == quote) {
    ++i;
    while (i < text.size()) {
      if (text[i] == quote) {
        if (i + 1 < text.size() && text[i + 1] == quote) {
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      ++i;
    }
    if (quote == '"') break;
    size_t after = i;
    if (!SkipBlank(text, &after) || after >= text.size() || text[after] != '\'') break;
    i = after;
  }
  return static_cast<int>(i);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `count` hex digits at `s[i]`, or -1.
int64_t ReadHex(std::string_view s, size_t i, int count) {
  if (i + count > s.size()) return -1;
  int64_t v = 0;
  for (int k = 0; k < count; ++k) {
    int h = HexValue(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

bool IsHighSurrogate(int64_t cp) { return cp >= 0xD800 && cp <= 0xDBFF; }
bool IsLowSurrogate(int64_t cp) { return cp >= 0xDC00 && cp <= 0xDFFF; }

// PostgreSQL's str_udeescape: the escapes of a U& literal or identifier.
// Errors carry the 1-based position of the escape in the token, which starts
// `prefix` bytes before `s` (U&' or U&").
absl::StatusOr<std::string> Udeescape(std::string_view s, char escape, int prefix) {
  size_t i = 0;
  auto error = [&](const char* message) {
    return Error(sqlstate::kSyntaxError, message).Position(prefix + static_cast<int>(i) + 1);
  };
  std::string out;
  int64_t pending_high = -1;
  while (i < s.size()) {
    if (s[i] != escape) {
      if (pending_high >= 0) return error("invalid Unicode surrogate pair");
      out.push_back(s[i++]);
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == escape) {
      if (pending_high >= 0) return error("invalid Unicode surrogate pair");
      out.push_back(escape);
      i += 2;
      continue;
    }
    int64_t cp;
    size_t length;
    if (cp = ReadHex(s, i + 1, 4); cp >= 0) {
      length = 5;
    } else if (i + 1 < s.size() && s[i + 1] == '+' && (cp = ReadHex(s, i + 2, 6)) >= 0) {
      length = 8;
    } else {
      return Error(sqlstate::kSyntaxError, "invalid Unicode escape")
          .Hint("Unicode escapes must be \\XXXX or \\+XXXXXX.")
          .Position(prefix + static_cast<int>(i) + 1);
    }
    if (pending_high >= 0) {
      if (!IsLowSurrogate(cp)) return error("invalid Unicode surrogate pair");
      cp = 0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00);
      pending_high = -1;
    } else if (IsHighSurrogate(cp)) {
      pending_high = cp;
      i += length;
      continue;
    } else if (IsLowSurrogate(cp)) {
      return error("invalid Unicode surrogate pair");
    }
    if (cp <= 0 || cp > 0x10FFFF) return error("invalid Unicode escape value");
    AppendUtf8(static_cast<uint32_t>(cp), &out);
    i += length;
  }
  if (pending_high >= 0) return error("invalid Unicode surrogate pair");
  return out;
}

// One backslash escape of an E'...' literal at s[*i] (the backslash). The
// scanner has already rejected invalid ones, so this only decodes.
void DecodeBackslashEscape(std::string_view s, size_t* i, std::string* out) {
  ++*i;
  if (*i >= s.size()) return;
  char c = s[*i];
  switch (c) {
    case 'b': out->push_back('\b'); ++*i; return;
    case 'f': out->push_back('\f'); ++*i; return;
    case 'n': out->push_back('\n'); ++*i; return;
    case 'r': out->push_back('\r'); ++*i; return;
    case 't': out->push_back('\t'); ++*i; return;
    default: break;
  }
  if (c >= '0' && c <= '7') {
    int v = 0;
    for (int k = 0; k < 3 && *i < s.size() && s[*i] >= '0' && s[*i] <= '7'; ++k) v = v * 8 + (s[(*i)++] - '0');
    out->push_back(static_cast<char>(v & 0xFF));
    return;
  }
  if (c == 'x' && *i + 1 < s.size() && HexValue(s[*i + 1]) >= 0) {
    ++*i;
    int v = 0;
    for (int k = 0; k < 2 && *i < s.size() && HexValue(s[*i]) >= 0; ++k) v = v * 16 + HexValue(s[(*i)++]);
    out->push_back(static_cast<char>(v));
    return;
  }
  if (c == 'u' || c == 'U') {
    int digits = c == 'u' ? 4 : 8;
    int64_t cp = ReadHex(s, *i + 1, digits);
    if (cp >= 0) {
      *i += 1 + digits;
      if (IsHighSurrogate(cp) && *i + 1 < s.size() && s[*i] == '\\' && (s[*i + 1] == 'u' || s[*i + 1] == 'U')) {
        int low_digits = s[*i + 1] == 'u' ? 4 : 8;
        int64_t low = ReadHex(s, *i + 2, low_digits);
        if (IsLowSurrogate(low)) {
          *i += 2 + low_digits;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
      }
      AppendUtf8(static_cast<uint32_t>(cp), out);
      return;
    }
  }
  out->push_back(c);
  ++*i;
}

}  // namespace

absl::StatusOr<std::vector<ScanToken>> ScanQuery(const std::string& text) {
  std::vector<ScanToken> tokens;
  absl::Status status;
  PgQueryScanResult r = pg_query_scan(text.c_str());
  if (r.error != nullptr) {
    status = Error(sqlstate::kSyntaxError, r.error->message).Position(r.error->cursorpos);
  } else {
    pg_query::ScanResult scan;
    if (scan.ParseFromArray(r.pbuf.data, static_cast<int>(r.pbuf.len))) {
      for (const auto& t : scan.tokens()) {
        if (t.token() == pg_query::SQL_COMMENT || t.token() == pg_query::C_COMMENT) continue;
        ScanToken token{t.start(), t.end(), t.token(), t.keyword_kind()};
        if (token.token == pg_query::USCONST || token.token == pg_query::UIDENT) {
          token.end = UnicodeTokenEnd(text, token.start);
        }
        tokens.push_back(token);
      }
    } else {
      status = Error(sqlstate::kInternalError, "could not decode the scanner's output");
    }
  }
  pg_query_free_scan_result(r);
  if (!status.ok()) return status;
  return tokens;
}

absl::StatusOr<std::string> DecodeStringLiteral(std::string_view text, char uescape) {
  if (!text.empty() && text[0] == '$') {
    size_t tag_end = text.find('$', 1);
    if (tag_end == std::string_view::npos || text.size() < 2 * (tag_end + 1)) {
      return Error(sqlstate::kSyntaxError, "unterminated dollar-quoted string");
    }
    size_t tag_len = tag_end + 1;
    return std::string(text.substr(tag_len, text.size() - 2 * tag_len));
  }
  enum class Mode { kStandard, kExtended, kUnicode };
  Mode mode = Mode::kStandard;
  size_t i = 0;
  if (text.size() >= 2 && (text[0] == 'E' || text[0] == 'e') && text[1] == '\'') {
    mode = Mode::kExtended;
    i = 1;
  } else if (text.size() >= 3 && (text[0] == 'U' || text[0] == 'u') && text[1] == '&' && text[2] == '\'') {
    mode = Mode::kUnicode;
    i = 2;
  }
  if (i >= text.size() || text[i] != '\'') return Error(sqlstate::kSyntaxError, "not a string literal");
  std::string out;
  while (i < text.size() && text[i] == '\'') {
    ++i;  // the opening quote of a segment
    bool closed = false;
    while (i < text.size()) {
      char c = text[i];
      if (c == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          out.push_back('\'');
          i += 2;
          continue;
        }
        ++i;
        closed = true;
        break;
      }
      if (mode == Mode::kExtended && c == '\\') {
        DecodeBackslashEscape(text, &i, &out);
        continue;
      }
      out.push_back(c);
      ++i;
    }
    if (!closed) return Error(sqlstate::kSyntaxError, "unterminated quoted string");
    SkipBlank(text, &i);  // to the next continued segment, if any
  }
  if (i != text.size()) return Error(sqlstate::kSyntaxError, "not a string literal");
  if (mode == Mode::kUnicode) return Udeescape(out, uescape, 3);
  return out;
}

absl::StatusOr<std::string> DecodeIdentifier(std::string_view text, char uescape) {
  bool unicode = text.size() >= 3 && (text[0] == 'U' || text[0] == 'u') && text[1] == '&' && text[2] == '"';
  std::string_view quoted = unicode ? text.substr(2) : text;
  if (quoted.empty() || quoted[0] != '"') return AsciiLower(text);
  if (quoted.size() < 2 || quoted.back() != '"') return Error(sqlstate::kSyntaxError, "unterminated quoted identifier");
  std::string out;
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    out.push_back(quoted[i]);
    if (quoted[i] == '"') ++i;  // "" stands for "
  }
  if (out.empty()) return Error(sqlstate::kSyntaxError, "zero-length delimited identifier");
  if (unicode) return Udeescape(out, uescape, 3);
  return out;
}

std::string UpperWord(std::string_view text, const ScanToken& t) {
  std::string_view w = text.substr(t.start, t.end - t.start);
  bool quoted = !w.empty() && w[0] == '"';
  bool word = (t.token == pg_query::IDENT && !quoted) || t.keyword_kind != pg_query::NO_KEYWORD;
  return word ? AsciiUpper(w) : std::string();
}

bool IsNameToken(const ScanToken& t) {
  return t.token == pg_query::IDENT || t.token == pg_query::UIDENT || t.keyword_kind != pg_query::NO_KEYWORD;
}

std::string AsciiUpper(std::string_view s) { return absl::AsciiStrToUpper(AbslView(s)); }
std::string AsciiLower(std::string_view s) { return absl::AsciiStrToLower(AbslView(s)); }

bool IsValidUescapeChar(char c) {
  return HexValue(c) < 0 && c != '+' && c != '\'' && c != '"' && !IsSpace(c);
}

}  // namespace freshet::sql
