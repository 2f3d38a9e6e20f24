// The PostgreSQL v3 message framing that `$ raw` needs, written here from
// the protocol documentation and independent of the server's codec: a tag
// byte, an int32 length that counts itself, a body. Pure functions.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "scenario_file.h"

namespace freshet::scenario {

// A tagged message: tag, int32 length (body + 4), body.
std::string EncodeMessage(char tag, const std::string& body);
// A StartupMessage for protocol 3.0 with these parameters.
std::string EncodeStartup(const std::vector<std::pair<std::string, std::string>>& params);

// The fields of an ErrorResponse or NoticeResponse body, by field type
// ('C' SQLSTATE, 'M' message, 'D' detail, ...).
std::map<char, std::string> ParseErrorFields(const std::string& body);
// "ERROR 22012: division by zero" for messages.
std::string DescribeErrorFields(const std::map<char, std::string>& fields);

// One line of a `$ raw` block (see docs/testing.md).
absl::StatusOr<RawStep> ParseRawStep(const std::string& line, const std::string& startup_user,
                                     const std::string& startup_database);

}  // namespace freshet::scenario
