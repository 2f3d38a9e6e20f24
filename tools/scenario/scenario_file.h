// Scenario files (.td): the commands of a file, parsed and checked as a
// whole before anything runs. The format is documented in docs/testing.md.
#pragma once

#include <postgres_ext.h>  // Oid

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "testkit/pg_client.h"
#include "values.h"

namespace freshet::scenario {

using Duration = std::chrono::milliseconds;

// The expectation lines of `!` commands; every one given must hold.
struct ErrorExpectation {
  std::optional<std::string> sqlstate;
  std::optional<std::string> exact;      // the whole primary message
  std::vector<std::string> contains;     // substrings of the primary message
  std::vector<std::string> detail;       // substrings of the detail
  std::vector<std::string> hint;         // substrings of the hint
  std::optional<std::string> position;
  bool empty() const {
    return !sqlstate && !exact && contains.empty() && detail.empty() && hint.empty() && !position;
  }
};

// `> SQL` (rows expected) and `! SQL` (an error expected).
struct QueryCommand {
  std::string sql;
  bool expect_error = false;
  bool extended = false;  // PQsendQueryParams instead of a simple Query message
  bool binary = false;    // binary result format (implies extended)
  std::vector<TextValue> params;
  std::optional<std::vector<std::string>> columns;
  std::optional<std::vector<Oid>> types;
  std::string types_text;  // as written, for messages
  bool ordered = false;    // the SQL says ORDER BY: compare rows in order
  std::vector<TextRow> rows;
  ErrorExpectation error;
};

// `! connect k=v ...`: a connection that must fail.
struct ConnectErrorCommand {
  testkit::ConnParams params;
  ErrorExpectation error;
};

struct PostgresExecuteCommand {
  std::string connection;  // empty: the runner's upstream
  bool ignore_errors = false;
  struct Statement {
    int line;
    std::string sql;
  };
  std::vector<Statement> statements;
};

struct SetTimeoutCommand {
  std::optional<Duration> timeout;  // nullopt: back to the default
};
struct SleepCommand {
  Duration duration;
};
struct ConnectCommand {
  std::string name;
  testkit::ConnParams params;  // overrides of the server's connection parameters
};
struct UseCommand {
  std::string name;
};
struct CancelAfterCommand {
  Duration delay;
};
struct PsqlCommand {
  std::vector<std::string> args;
  std::string input;
  std::vector<std::string> expected;  // output lines as written
};
struct Python3Command {
  std::string file;  // absolute
  std::vector<std::string> args;
};

// One step of a `$ raw` conversation; messages are encoded at parse time.
struct RawStep {
  enum class Kind {
    kSend,            // bytes
    kSendNoRead,      // bytes sent `count` times, answers never read
    kExpectByte,      // tags[0]
    kExpectMessage,   // tags[0]: skip other messages until one with this tag
    kExpectSequence,  // tags: exactly these messages next, in order
    kExpectError,     // sqlstate, contains
    kExpectClosed,
    kClose,
    kSleep,           // delay
  };
  int line = 0;
  std::string text;  // as written
  Kind kind = Kind::kSend;
  std::string bytes;
  int count = 0;
  std::string tags;
  std::string sqlstate;
  std::string contains;
  Duration delay{0};
};
struct RawCommand {
  std::vector<RawStep> steps;
};

struct FreshetRestartCommand {
  enum class Mode { kRestart, kKill, kNewArgs };
  Mode mode = Mode::kRestart;
  std::vector<std::string> args;  // kNewArgs: the new extra server flags
};

using CommandBody =
    std::variant<QueryCommand, ConnectErrorCommand, PostgresExecuteCommand, SetTimeoutCommand, SleepCommand,
                 ConnectCommand, UseCommand, CancelAfterCommand, PsqlCommand, Python3Command, RawCommand,
                 FreshetRestartCommand>;

struct Command {
  int line = 0;
  std::string first_line;  // the command's first line as written
  std::string text;        // the command and its block as written
  CommandBody body;
};

struct ParseOptions {
  bool with_freshet = false;  // the runner starts Freshet (restart commands allowed)
  std::string startup_user = "materialize";      // send-startup without parameters
  std::string startup_database = "materialize";
  // From --upstream: what ${UPSTREAM_HOST}, ${UPSTREAM_PORT} and
  // ${UPSTREAM_USER} stand for (for CREATE CONNECTION in scenarios).
  std::string upstream_host = "127.0.0.1";
  std::string upstream_port = "5432";
  std::string upstream_user = "postgres";
};

// Reads and checks a whole file. ${SCENARIO_DIR} (the file's directory),
// ${SCENARIO_NAME} (<area>_<file stem>, for naming upstream objects) and
// ${UPSTREAM_HOST|PORT|USER} are replaced on every line first. Errors are "file:line: what", all of them.
absl::StatusOr<std::vector<Command>> ParseScenarioFile(const std::string& path, const ParseOptions& options);

}  // namespace freshet::scenario
