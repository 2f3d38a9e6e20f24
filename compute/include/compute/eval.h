// Scalar evaluation of bound expressions, with PostgreSQL's semantics
// (three-valued logic, overflow and division-by-zero errors, casts).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "sql/plan.h"
#include "types/datum.h"

namespace freshet::compute {

// What evaluation needs beyond the input row. Not owned; must outlive the
// evaluation. `cancel` (may be null) is polled by long-running functions and
// between batches; when set, evaluation fails with 57014.
// One scan of a relation: its rows in batches, each distinct row once with
// its count (> 0), so a large table streams instead of being held in memory.
// Used by one thread at a time.
class RelationReader {
 public:
  virtual ~RelationReader() = default;
  // Replaces `out` with up to `max` more (row, count) pairs; false once
  // exhausted (then `out` is empty).
  virtual absl::StatusOr<bool> Next(size_t max, std::vector<std::pair<types::Row, int64_t>>& out) = 0;
};

// A relation's rows computed whole, each once.
class RowsReader final : public RelationReader {
 public:
  explicit RowsReader(std::vector<types::Row> rows) : rows_(std::move(rows)) {}
  absl::StatusOr<bool> Next(size_t max, std::vector<std::pair<types::Row, int64_t>>& out) override {
    out.clear();
    while (next_ < rows_.size() && out.size() < max) out.emplace_back(std::move(rows_[next_++]), 1);
    return !out.empty();
  }

 private:
  std::vector<types::Row> rows_;
  size_t next_ = 0;
};

// Rows of the relations a plan scans (sql::Scan), by relation id.
// Implementations either stream (Open) or compute small relations whole
// (Rows; the default Open hands those out in batches).
class RelationProvider {
 public:
  virtual ~RelationProvider() = default;
  virtual absl::StatusOr<std::vector<types::Row>> Rows(uint64_t relation) const = 0;
  // `columns` (may be empty: all) says which columns the scan reads; a
  // reader may leave the others NULL. Unavailable means the relation is not
  // readable yet (a source's table before its snapshot is committed): the
  // scan waits and asks again until then, or until it is canceled or the
  // statement times out, and then fails with that status.
  virtual absl::StatusOr<std::unique_ptr<RelationReader>> Open(uint64_t relation,
                                                               const std::vector<bool>& columns) const {
    (void)columns;
    auto rows = Rows(relation);
    if (!rows.ok()) return rows.status();
    return std::unique_ptr<RelationReader>(new RowsReader(*std::move(rows)));
  }
  // The same rows as Open, as up to `max_parts` readers of disjoint parts,
  // in order: reading them one after the other reads what Open's reader
  // does. A relation too small to be worth splitting comes as one reader.
  virtual absl::StatusOr<std::vector<std::unique_ptr<RelationReader>>> OpenParts(uint64_t relation,
                                                                                const std::vector<bool>& columns,
                                                                                int max_parts) const {
    (void)max_parts;
    auto reader = Open(relation, columns);
    if (!reader.ok()) return reader.status();
    std::vector<std::unique_ptr<RelationReader>> parts;
    parts.push_back(*std::move(reader));
    return parts;
  }
  // OpenParts, where the reader may leave out the rows whose stored
  // encoding is outside [key_lower, key_upper) (sql::Scan's key range; empty
  // bounds: unbounded). A provider that cannot narrow reads everything: the
  // plan filters anyway.
  virtual absl::StatusOr<std::vector<std::unique_ptr<RelationReader>>> OpenRange(uint64_t relation,
                                                                                 const std::vector<bool>& columns,
                                                                                 int max_parts,
                                                                                 std::string_view key_lower,
                                                                                 std::string_view key_upper) const {
    (void)key_lower;
    (void)key_upper;
    return OpenParts(relation, columns, max_parts);
  }
};

class SharedJoinBuilds;

// One part of a scan that a parallel operator runs on its own thread: the
// plan's Scan node and the reader of its part (not owned).
struct ScanPart {
  const sql::Scan* scan = nullptr;
  RelationReader* reader = nullptr;
};

// The rows of each uncorrelated subquery a statement has run, by plan node.
struct SubqueryCache {
  absl::flat_hash_map<const sql::RelExpr*, std::vector<types::Row>> rows;
};

struct ExecContext {
  const std::vector<types::Datum>* params = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  // statement_timeout: past this point evaluation fails with 57014.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  const RelationProvider* relations = nullptr;  // what sql::Scan reads
  // now(): the statement's start, microseconds since 2000-01-01 UTC.
  int64_t statement_timestamp = 0;
  // Inside a correlated subquery: the rows of the enclosing queries,
  // innermost last (sql::OuterRef reads them).
  const std::vector<const types::Row*>* outer_rows = nullptr;
  // Results of uncorrelated subqueries, computed once per statement (null:
  // computed at every use). Owned by whoever runs the statement.
  SubqueryCache* subqueries = nullptr;
  // How many threads one operator may use to read a large table in parts
  // (GROUP BY, top-k, filters and join probes; compute/src/parallel.h).
  int parallelism = 1;
  // Inside one part of a parallel operator: the Scan that reads only that
  // part, and its reader (null otherwise).
  const ScanPart* part = nullptr;
  // Inside a parallel operator: hash joins' build sides, made once and
  // shared by its parts (null: each join builds its own).
  SharedJoinBuilds* join_builds = nullptr;
  // Inside a parallel operator: set when the parts' output is no longer
  // wanted (another part failed, the consumer went away); CheckCanceled
  // then fails, so that every part stops at its next check.
  const std::atomic<bool>* abandoned = nullptr;
};

absl::StatusOr<types::Datum> Evaluate(const sql::ScalarExpr& expr, const types::Row& row, const ExecContext& ctx);

// 57014 if ctx.cancel is set or the deadline passed, Cancelled if the
// parallel operator running this part abandoned it, OK otherwise. Operators
// call it at least once per batch they read or write.
absl::Status CheckCanceled(const ExecContext& ctx);
// Whether `status` is CheckCanceled's answer in an abandoned part.
bool IsAbandoned(const absl::Status& status);

// Casts `value` of type `from` to `to` (explicit-cast semantics).
absl::StatusOr<types::Datum> CastDatum(const types::Datum& value, const types::Type& from, const types::Type& to);
// The same with the registered cast function already looked up (a plan's
// Cast node carries it; null: none).
absl::StatusOr<types::Datum> CastDatumWith(const functions::CastDef* def, const types::Datum& value,
                                           const types::Type& from, const types::Type& to);

// Total order of two non-null values of the same type, as PostgreSQL sorts
// them (C collation for text; NaN above every other float).
int CompareDatums(const types::Type& type, const types::Datum& a, const types::Datum& b);

}  // namespace freshet::compute
