// The pgoutput decoder: one logical replication message (the payload of one
// XLogData frame, see stream_frames.h) in, one typed message out. Protocol
// version 1, as PostgreSQL 10+ sends it with proto_version '1' (the chapter
// "Logical Replication Message Formats" of the PostgreSQL manual). Streamed
// transactions (version 2+) are not supported and are rejected as unknown.
//
// Pure: no I/O, no libpq, no SQL. Every length and count is checked against
// the bytes that remain before anything is read or allocated, so truncated or
// lying input yields a status (DataLoss when the bytes end early,
// InvalidArgument when they cannot be a pgoutput message), never a crash.
// Stateless and thread-compatible; one instance can serve many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace freshet::replication {

// A WAL position (XLogRecPtr).
using Lsn = uint64_t;

// Microseconds since 2000-01-01 00:00:00 UTC (PostgreSQL's TimestampTz).
using PgTimestamp = int64_t;

// One column of a TupleData.
struct TupleColumn {
  enum class Kind : char {
    kNull = 'n',
    // A TOASTed value the change did not touch: its value is not sent; the
    // consumer keeps the value it already has.
    kUnchangedToast = 'u',
    kText = 't',
    kBinary = 'b',
  };
  Kind kind = Kind::kNull;
  std::string data; // empty unless kText or kBinary

  friend bool operator==(const TupleColumn &, const TupleColumn &) = default;
};

using Tuple = std::vector<TupleColumn>;

// The old row sent with an Update or Delete.
struct OldTuple {
  enum class Kind : char {
    kKey = 'K',  // replica identity columns only (others are kNull)
    kFull = 'O', // the whole old row (REPLICA IDENTITY FULL)
  };
  Kind kind = Kind::kKey;
  Tuple tuple;

  friend bool operator==(const OldTuple &, const OldTuple &) = default;
};

struct BeginMessage {
  Lsn final_lsn = 0; // the LSN of the transaction's commit record
  PgTimestamp commit_time = 0;
  uint32_t xid = 0;

  friend bool operator==(const BeginMessage &, const BeginMessage &) = default;
};

struct CommitMessage {
  uint8_t flags = 0; // unused by PostgreSQL, always 0
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0; // the end of the commit record: where to resume after it
  PgTimestamp commit_time = 0;

  friend bool operator==(const CommitMessage &,
                         const CommitMessage &) = default;
};

struct OriginMessage {
  Lsn commit_lsn = 0; // the commit LSN on the origin server
  std::string name;

  friend bool operator==(const OriginMessage &,
                         const OriginMessage &) = default;
};

struct RelationColumn {
  static constexpr uint8_t kKeyFlag = 1;
  uint8_t flags = 0;
  std::string name;
  uint32_t type_oid = 0;
  int32_t type_modifier = -1;

  bool is_key() const { return (flags & kKeyFlag) != 0; }
  friend bool operator==(const RelationColumn &,
                         const RelationColumn &) = default;
};

// Sent before the first change to a relation in a session, and again after
// its definition changes (or the decoder's cache is invalidated).
struct RelationMessage {
  uint32_t oid = 0;
  std::string namespace_name; // empty for pg_catalog
  std::string name;
  char replica_identity = 'd'; // 'd' default, 'n' nothing, 'f' full, 'i' index
  std::vector<RelationColumn> columns;

  friend bool operator==(const RelationMessage &,
                         const RelationMessage &) = default;
};

// Describes a non-builtin type used by a later Relation message.
struct TypeMessage {
  uint32_t oid = 0;
  std::string namespace_name; // empty for pg_catalog
  std::string name;

  friend bool operator==(const TypeMessage &, const TypeMessage &) = default;
};

struct InsertMessage {
  uint32_t relation_oid = 0;
  Tuple new_tuple;

  friend bool operator==(const InsertMessage &,
                         const InsertMessage &) = default;
};

struct UpdateMessage {
  uint32_t relation_oid = 0;
  // Absent unless the key changed (kKey) or the replica identity is FULL.
  std::optional<OldTuple> old_tuple;
  Tuple new_tuple;

  friend bool operator==(const UpdateMessage &,
                         const UpdateMessage &) = default;
};

struct DeleteMessage {
  uint32_t relation_oid = 0;
  OldTuple old_tuple;

  friend bool operator==(const DeleteMessage &,
                         const DeleteMessage &) = default;
};

struct TruncateMessage {
  static constexpr uint8_t kCascade = 1;
  static constexpr uint8_t kRestartIdentity = 2;
  uint8_t options = 0;
  std::vector<uint32_t> relation_oids;

  bool cascade() const { return (options & kCascade) != 0; }
  bool restart_identity() const { return (options & kRestartIdentity) != 0; }
  friend bool operator==(const TruncateMessage &,
                         const TruncateMessage &) = default;
};

// pg_logical_emit_message(), sent only with the "messages" option.
struct LogicalMessage {
  static constexpr uint8_t kTransactional = 1;
  uint8_t flags = 0;
  Lsn lsn = 0;
  std::string prefix;
  std::string content;

  bool transactional() const { return (flags & kTransactional) != 0; }
  friend bool operator==(const LogicalMessage &,
                         const LogicalMessage &) = default;
};

using PgoutputMessage =
    std::variant<BeginMessage, CommitMessage, OriginMessage, RelationMessage,
                 TypeMessage, InsertMessage, UpdateMessage, DeleteMessage,
                 TruncateMessage, LogicalMessage>;

// The message type byte each alternative is sent with ('B', 'C', ...).
char PgoutputMessageType(const PgoutputMessage &message);

class PgoutputDecoder {
public:
  // Decodes exactly one message; bytes left over after it are an error.
  absl::StatusOr<PgoutputMessage> Decode(std::string_view payload) const;
};

} // namespace freshet::replication
