// COPY ... TO STDOUT in PostgreSQL's text format: one line per row, fields
// separated by tabs, \N for NULL, backslash escapes (the chapter "COPY",
// "Text Format"). Pure; internal to replication/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace freshet::replication {

struct CopyField {
  bool null = false;
  std::string value;
};

// Splits `line` (a trailing newline is ignored) into `fields`, reusing their
// buffers. DataLoss on a malformed escape.
absl::Status SplitCopyLine(std::string_view line, std::vector<CopyField>& fields);

}  // namespace freshet::replication
