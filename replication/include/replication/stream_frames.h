// The frames of PostgreSQL's streaming replication protocol that travel in
// CopyData messages once START_REPLICATION has begun (the chapter "Streaming
// Replication Protocol" of the PostgreSQL manual): from the server, 'w'
// XLogData (whose data is one pgoutput message, see pgoutput.h) and 'k'
// primary keepalive; to the server, 'r' standby status update. Integers are
// big-endian. Pure: no I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/statusor.h"
#include "replication/pgoutput.h"

namespace freshet::replication {

// Microseconds between 1970-01-01 and 2000-01-01 (PostgreSQL's epoch).
inline constexpr int64_t kPgEpochUnixMicros = 946'684'800'000'000;

struct XLogData {
  Lsn data_start = 0; // the WAL position of `data`
  Lsn wal_end = 0;    // the server's current end of WAL
  PgTimestamp send_time = 0;
  std::string_view data; // a view into the parsed CopyData payload
};

struct PrimaryKeepalive {
  Lsn wal_end = 0;
  PgTimestamp send_time = 0;
  bool reply_requested = false; // answer soon, or be disconnected
};

using ReplicationFrame = std::variant<XLogData, PrimaryKeepalive>;

// Parses one CopyData payload from the server. XLogData::data points into
// `payload`, which must outlive it.
absl::StatusOr<ReplicationFrame>
ParseReplicationFrame(std::string_view payload);

struct StandbyStatusUpdate {
  Lsn written = 0; // last WAL byte + 1 received
  Lsn flushed = 0; // last WAL byte + 1 durably stored (the slot advances)
  Lsn applied = 0; // last WAL byte + 1 applied
  PgTimestamp clock = 0;
  bool reply_requested = false; // ask the server for an immediate keepalive
};

// The CopyData payload of an 'r' message (34 bytes).
std::string EncodeStandbyStatusUpdate(const StandbyStatusUpdate &update);

// "16/B374D848" <-> 0x16B374D848, as PostgreSQL prints pg_lsn.
std::string FormatLsn(Lsn lsn);
absl::StatusOr<Lsn> ParseLsn(std::string_view text);

} // namespace freshet::replication
