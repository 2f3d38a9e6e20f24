// Minimal leveled logging to stderr. Thread-safe: each line is formatted in
// full and written with one call.
//
//   FRESHET_LOG(kInfo) << "listening on " << endpoint;
//
// Never log a secret, a password or a row value that could hold one.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace freshet {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel CurrentLogLevel();
// Parses "debug", "info", "warning"/"warn", "error" (any case).
bool ParseLogLevel(std::string_view text, LogLevel* out);

class LogLine {
 public:
  LogLine(LogLevel level, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;
  std::ostream& stream() { return out_; }

 private:
  LogLevel level_;
  std::ostringstream out_;
};

}  // namespace freshet

#define FRESHET_LOG(level)                                              \
  if (::freshet::LogLevel::level < ::freshet::CurrentLogLevel()) {      \
  } else                                                                \
    ::freshet::LogLine(::freshet::LogLevel::level, __FILE__, __LINE__).stream()
