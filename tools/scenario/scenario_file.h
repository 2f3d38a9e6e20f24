// Scenario files (.td): parsing into commands. The format is documented in
// docs/testing.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace freshet::scenario {

struct Command {
  enum class Kind { kQuery, kQueryError, kConnectError, kAction };
  Kind kind = Kind::kQuery;
  int line = 0;
  std::string text;                          // SQL for queries; the action line after "$ "
  std::map<std::string, std::string> directives;  // columns:, types:, params:, format:, protocol:
  std::vector<std::string> expected;         // rows (queries), "key: value" lines (errors)
  std::vector<std::string> block;            // lines of an action's block
  std::vector<std::string> block2;           // expected output of `$ psql`
};

absl::StatusOr<std::vector<Command>> ParseScenario(const std::string& path);

// Splits an expected row into values: space-separated, "double quoted" with
// \" and \\ escapes, <null> for NULL (returned as nullopt).
std::vector<std::optional<std::string>> SplitRow(const std::string& row);

}  // namespace freshet::scenario
