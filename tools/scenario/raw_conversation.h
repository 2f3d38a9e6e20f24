// Runs the steps of a `$ raw` block over one TCP connection to the server
// under test, with its own minimal framing (raw_protocol.h).
#pragma once

#include <string>

#include "scenario_file.h"

namespace freshet::scenario {

// Every read waits at most `timeout`. Returns "" when all steps held, else
// "file line N: step: what happened".
std::string RunRawConversation(const RawCommand& raw, const std::string& host, int port, Duration timeout);

}  // namespace freshet::scenario
