// The lexical pieces of scenario files: quoted values, words, durations.
//
// A value is written bare, or in double quotes when it is empty or holds a
// space, a double quote or a control character. Inside quotes \" \\ \n \t
// \r are escapes; a bare value is literal (\x01 is the four characters, as
// psql shows a bytea). A bare <null> is SQL NULL, "<null>" the text.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "testkit/pg_client.h"

namespace freshet::scenario {

using testkit::TextRow;
using testkit::TextValue;

// Splits a line of values separated by single spaces (more are tolerated).
absl::StatusOr<TextRow> SplitValues(const std::string& line);

// Renders values so that SplitValues reads them back; `first_of_line`
// also quotes a value that would read as a comment or a command (# > ! $).
std::string RenderValue(const TextValue& value, bool first_of_line = false);
std::string RenderRow(const TextRow& row);

// Splits a command line into words at spaces; double-quoted parts may
// appear anywhere in a word (name="a b" is the word name=a b) with the
// same escapes as values. No NULLs.
absl::StatusOr<std::vector<std::string>> SplitWords(const std::string& line);

// Takes the first word off `rest` (quotes as in SplitWords) and the single
// space after it; `rest` keeps the remainder verbatim.
absl::StatusOr<std::string> TakeWord(std::string& rest);

// "500ms", "10s", "2m" (a non-negative integer and a unit).
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text);
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace freshet::scenario
