// Plain-data descriptions of catalog objects: what the durable catalog stores
// and what the binder and the source engine read. No behaviour beyond naming.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "types/type.h"

namespace freshet::catalog {

// Object ids as Materialize shows them: "u5" for user objects, "s12" for
// system ones. Clusters and replicas use the same form in their own spaces.
struct GlobalId {
  enum class Space : char { kUser = 'u', kSystem = 's' };
  Space space = Space::kUser;
  uint64_t n = 0;

  static GlobalId User(uint64_t n) { return {Space::kUser, n}; }
  static GlobalId System(uint64_t n) { return {Space::kSystem, n}; }
  static std::optional<GlobalId> Parse(std::string_view text);
  std::string ToString() const;
  bool is_system() const { return space == Space::kSystem; }
  friend auto operator<=>(const GlobalId&, const GlobalId&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const GlobalId& id) {
    return H::combine(std::move(h), static_cast<char>(id.space), id.n);
  }
};

enum class ItemType { kSecret, kConnection, kSource, kSubsource, kTable, kView, kMaterializedView, kIndex };
// "secret", "connection", ...: as mz_objects.type shows it.
std::string_view ItemTypeName(ItemType type);

// A value that may be given as text or as a secret (SSL CERTIFICATE, USER).
struct TextOrSecret {
  std::string text;
  std::optional<GlobalId> secret;
  friend bool operator==(const TextOrSecret&, const TextOrSecret&) = default;
};

struct PostgresConnection {
  std::string host;
  uint16_t port = 5432;
  std::string database;
  TextOrSecret user;
  std::optional<GlobalId> password;  // a secret
  std::string ssl_mode = "disable";
  std::optional<TextOrSecret> ssl_certificate_authority;
  std::optional<TextOrSecret> ssl_certificate;
  std::optional<GlobalId> ssl_key;  // a secret
  std::optional<GlobalId> ssh_tunnel;
  std::optional<GlobalId> aws_privatelink;
  friend bool operator==(const PostgresConnection&, const PostgresConnection&) = default;
};

struct SshTunnelConnection {
  std::string host;
  uint16_t port = 22;
  std::string user;
  // OpenSSH public keys; the private halves are vault secrets named
  // SshPrivateKeySecret(id, 1|2).
  std::string public_key_1;
  std::string public_key_2;
  friend bool operator==(const SshTunnelConnection&, const SshTunnelConnection&) = default;
};

struct AwsPrivatelinkConnection {
  std::string service_name;
  std::vector<std::string> availability_zones;
  friend bool operator==(const AwsPrivatelinkConnection&, const AwsPrivatelinkConnection&) = default;
};

using ConnectionDetails = std::variant<PostgresConnection, SshTunnelConnection, AwsPrivatelinkConnection>;
std::string_view ConnectionTypeName(const ConnectionDetails& details);  // "postgres", "ssh-tunnel", ...

struct SecretDetails {
  friend bool operator==(const SecretDetails&, const SecretDetails&) = default;
};

// One column of a table. The same description serves tables users write
// (CREATE TABLE) and tables a source feeds: it says what the rows are, not
// how they arrive.
struct Column {
  std::string name;
  types::Type type;  // typmod and array element included
  bool nullable = true;
  // The DEFAULT expression as SQL text (normalized by the parser), if any.
  std::optional<std::string> default_sql;
  friend bool operator==(const Column&, const Column&) = default;
};

// How one ingested column arrives from upstream.
struct UpstreamColumnRef {
  uint32_t index = 0;     // position in the upstream tuple (COPY, pgoutput)
  uint32_t type_oid = 0;  // the upstream type
  int32_t typmod = -1;
  bool as_text = false;   // TEXT COLUMNS: PostgreSQL's text output, as text
  friend bool operator==(const UpstreamColumnRef&, const UpstreamColumnRef&) = default;
};

// The upstream table a source-fed table (or subsource) ingests.
struct UpstreamTableRef {
  uint32_t oid = 0;
  std::string schema;
  std::string table;
  uint32_t columns = 0;  // how many columns upstream sends
  std::vector<UpstreamColumnRef> refs;  // one per TableDetails::columns
  friend bool operator==(const UpstreamTableRef&, const UpstreamTableRef&) = default;
};

// A table: its columns and the storage collection that holds its rows (one
// row per table row, encoded with types/row_codec, counts for duplicates).
// Source-fed tables and subsources name their source and upstream table; a
// progress subsource names its source and has no upstream table.
struct TableDetails {
  uint64_t collection = 0;  // storage::CollectionId
  std::vector<Column> columns;
  std::optional<GlobalId> source;  // set for tables fed by a source (read-only)
  std::optional<UpstreamTableRef> upstream;
  friend bool operator==(const TableDetails&, const TableDetails&) = default;
};

// An upstream table a source could ingest (mz_source_references).
struct SourceReference {
  std::string namespace_name;
  std::string name;
  std::vector<std::string> columns;
  friend bool operator==(const SourceReference&, const SourceReference&) = default;
};

// A PostgreSQL source: where it reads (connection, publication, slot) and
// where it runs. Its resume LSN is also a one-row relation (lsn): the
// progress subsource's collection (legacy syntax), or the source's own.
struct SourceDetails {
  GlobalId connection;
  GlobalId cluster;
  std::string publication;
  std::string slot;  // materialize_<32 hex>
  uint64_t timeline_id = 0;
  std::string upstream_database;
  uint64_t progress_collection = 0;  // storage::CollectionId of (lsn)
  std::optional<GlobalId> progress_subsource;  // legacy syntax
  // The publication's tables as of CREATE or the last REFRESH REFERENCES.
  std::vector<SourceReference> references;
  int64_t references_updated_ms = 0;
  friend bool operator==(const SourceDetails&, const SourceDetails&) = default;
};

// A view: its query, re-planned at every use, and the columns it had when
// it was created (names from CREATE VIEW v (a, b) or the query).
struct ViewDetails {
  std::string query_sql;
  std::vector<Column> columns;
  friend bool operator==(const ViewDetails&, const ViewDetails&) = default;
};

// Items share one namespace per schema: secrets, connections, sources,
// tables, views, ...
struct Item {
  GlobalId id;
  uint32_t oid = 0;
  GlobalId schema_id;
  std::string name;
  std::string owner_id = "u1";
  ItemType type = ItemType::kSecret;
  // The normalized, fully qualified statement that created the item, with
  // secret values redacted: what SHOW CREATE prints.
  std::string create_sql;
  std::vector<GlobalId> uses;  // the items this one depends on
  std::variant<SecretDetails, ConnectionDetails, TableDetails, ViewDetails, SourceDetails> details;
  friend bool operator==(const Item&, const Item&) = default;
};

struct Database {
  GlobalId id;
  uint32_t oid = 0;
  std::string name;
  friend bool operator==(const Database&, const Database&) = default;
};

struct Schema {
  GlobalId id;
  uint32_t oid = 0;
  std::optional<GlobalId> database_id;  // none for mz_catalog, pg_catalog, ...
  std::string name;
  friend bool operator==(const Schema&, const Schema&) = default;
};

struct ClusterReplica {
  GlobalId id;
  GlobalId cluster_id;
  std::string name;  // "r1"
  std::string size;
  friend bool operator==(const ClusterReplica&, const ClusterReplica&) = default;
};

struct Cluster {
  GlobalId id;
  std::string name;
  std::string owner_id = "u1";
  bool managed = true;
  std::string size;  // managed clusters
  uint32_t replication_factor = 1;
  friend bool operator==(const Cluster&, const Cluster&) = default;
};

// The vault name of an SSH tunnel connection's private key (index 1 or 2).
std::string SshPrivateKeySecret(GlobalId connection, int index);
// The vault name of a user secret's value.
std::string SecretValueName(GlobalId secret);

// Storage frontier names of a source and of a source-fed table's collection.
std::string SourceResumeFrontier(GlobalId source);            // the resume LSN, decimal
std::string SourcePartialFrontier(GlobalId source);           // "<lsn>:<count>" of a transaction applied in part
std::string SnapshotLsnFrontier(uint64_t collection);         // its snapshot's LSN, decimal
std::string TableErrorFrontier(uint64_t collection);          // a definite error's text

}  // namespace freshet::catalog
