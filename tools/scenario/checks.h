// Comparisons of what the server did with what a scenario expects. Each
// returns "" on a match, else a report (expected and actual, in scenario
// syntax so that they can be pasted into the file).
#pragma once

#include <libpq-fe.h>

#include <string>
#include <vector>

#include "scenario_file.h"
#include "testkit/pg_client.h"

namespace freshet::scenario {

// A `>` command against a result (any status). `*final` is set when the
// result cannot be judged at all (a binary type the runner cannot decode),
// so retrying is pointless.
std::string CheckQueryResult(const QueryCommand& query, const PGresult* res, bool* final);

// An error against `!` / `! connect` expectation lines. For a failed
// connection (`connection`), contains: also matches libpq's whole text, and
// without a server error the primary message is that text.
std::string CheckError(const ErrorExpectation& expected, const testkit::PgError& error, bool connection);

// psql's output against the expected lines, ignoring trailing whitespace
// on each line and trailing empty lines.
std::string CheckOutput(const std::vector<std::string>& expected, const std::string& output);

}  // namespace freshet::scenario
