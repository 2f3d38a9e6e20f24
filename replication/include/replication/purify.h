// Purification (Materialize's word): before a source or a source-fed table
// is stored, read what it needs from upstream (the publication's tables,
// their columns, types, replica identity and privileges) and decide, with
// Materialize's errors (sql-surface.md sections 4.3 and 5), which tables are
// ingested and how each column is decoded. The result is plain data that the
// catalog stores, so a stored source never needs upstream to be re-planned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "replication/validate.h"
#include "types/type.h"

namespace freshet::replication {

struct UpstreamColumn {
  std::string name;
  uint32_t type_oid = 0;
  int32_t typmod = -1;
  bool not_null = false;
};

struct UpstreamTable {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  char replica_identity = 'd';  // pg_class.relreplident: d, n, f, i
  // attnum order without dropped columns: the order of COPY and pgoutput.
  std::vector<UpstreamColumn> columns;
  bool can_select = true;       // has_table_privilege(..., 'SELECT')
  bool schema_usage = true;     // has_schema_privilege(..., 'USAGE')
};

struct PublicationInfo {
  std::string database;        // current_database() upstream
  std::string user;            // current_user upstream (privilege errors name it)
  uint64_t timeline_id = 0;    // IDENTIFY_SYSTEM's timeline
  std::vector<UpstreamTable> tables;  // pg_publication_tables, by schema then name
};

// Connects, runs the connection checks of ValidatePostgres (wal_level,
// senders, two free slots; their errors prefixed "POSTGRES source
// validation: "), then reads the publication. `publication "p" does not
// exist` (42704) when it is missing.
absl::StatusOr<PublicationInfo> DescribePublication(const PgConnectParams& params, std::string_view publication);

// The Freshet type an upstream column is ingested as, for the supported
// types of sql-surface.md 7.9 (json becomes jsonb; typmods kept); nullopt for
// anything else.
std::optional<types::Type> IngestType(uint32_t type_oid, int32_t typmod);

// A reference as the user wrote it: 1 to 3 parts ([db.][schema.]name), or
// 2 to 4 for a column (table.column at least).
using NameParts = std::vector<std::string>;

struct TableSelection {
  enum class Kind { kAll, kSchemas, kTables };
  Kind kind = Kind::kTables;
  std::vector<std::string> schemas;  // kSchemas
  struct Reference {
    NameParts upstream;                // [db.][schema.]table
    std::optional<std::string> alias;  // AS name (unqualified)
  };
  std::vector<Reference> tables;  // kTables
  std::vector<NameParts> text_columns;
  std::vector<NameParts> exclude_columns;
  // The option names as errors spell them ("TEXT COLUMNS").
};

struct IngestColumn {
  int upstream_index = 0;  // position in the upstream tuple (COPY, pgoutput)
  std::string name;
  types::Type type;        // text when as_text
  bool nullable = true;
  bool as_text = false;    // TEXT COLUMNS: PostgreSQL's text output as text
  uint32_t upstream_type_oid = 0;
  int32_t upstream_typmod = -1;
};

struct IngestTable {
  uint32_t oid = 0;
  std::string schema;  // upstream
  std::string table;   // upstream
  std::string name;    // the subsource / table name: the alias, else `table`
  size_t upstream_columns = 0;  // how many columns upstream sends
  std::vector<IngestColumn> columns;  // the ingested ones, upstream order
};

// Chooses and checks the tables, in the order the publication lists them
// (kAll, kSchemas) or as referenced (kTables). Errors (sql-surface.md 4.3,
// 5): empty publication, missing schemas, references not in the publication
// (ambiguous ones too), TEXT/EXCLUDE COLUMNS problems, missing privileges,
// tables without REPLICA IDENTITY FULL, unsupported column types (with the
// TEXT COLUMNS hint). Pure: no I/O.
absl::StatusOr<std::vector<IngestTable>> Purify(const PublicationInfo& publication, std::string_view publication_name,
                                                const TableSelection& selection);

}  // namespace freshet::replication
