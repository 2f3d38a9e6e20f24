// PostgreSQL's lexical layer, through libpg_query's scanner: the tokens of a
// query and the values of its literals and identifiers. Private to sql/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "pg_query.pb.h"

namespace freshet::sql {

struct ScanToken {
  int start = 0;  // byte offsets, [start, end)
  int end = 0;
  pg_query::Token token = pg_query::NUL;
  pg_query::KeywordKind keyword_kind = pg_query::NO_KEYWORD;

  bool is_semicolon() const { return token == pg_query::ASCII_59; }
};

// The tokens of `text`, without comments. A lexical error (an unterminated
// quote, a bad escape) is PostgreSQL's 42601 error with its position.
absl::StatusOr<std::vector<ScanToken>> ScanQuery(const std::string& text);

// The value of a string literal token ('...', E'...', $tag$...$tag$,
// U&'...'), decoded as PostgreSQL does with standard_conforming_strings on,
// including '...' segments continued across newlines. `uescape` is the
// UESCAPE character of a U& literal. An error's position, if any, is 1-based
// in bytes of `text`.
absl::StatusOr<std::string> DecodeStringLiteral(std::string_view text, char uescape = '\\');

// The name an identifier token stands for: unquoted ASCII letters folded to
// lower case; "quoted" (and U&"quoted") kept, with "" unescaped.
absl::StatusOr<std::string> DecodeIdentifier(std::string_view text, char uescape = '\\');

// The upper-case text of an unquoted identifier or keyword token of `text`,
// else "" (quoted identifiers, literals, punctuation).
std::string UpperWord(std::string_view text, const ScanToken& t);

// Whether the token can be a name: an identifier, quoted or not, or a keyword.
bool IsNameToken(const ScanToken& t);

// Whether `c` may be a UESCAPE character (PostgreSQL's check_uescapechar).
bool IsValidUescapeChar(char c);

// absl's string functions take absl::string_view, which is not
// std::string_view in this build of Abseil.
inline absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }
std::string AsciiUpper(std::string_view s);
std::string AsciiLower(std::string_view s);
template <class Range>
std::string JoinStrings(const Range& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out.append(separator);
    out.append(part);
  }
  return out;
}

}  // namespace freshet::sql
