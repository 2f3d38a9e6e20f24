// A running PostgreSQL source (docs/architecture.md, "The path of a
// change"): it keeps the source's slot, snapshots the tables that have no
// committed snapshot yet inside an exported snapshot, then streams pgoutput
// from the durable resume LSN. Every storage commit carries the resume LSN
// (which the progress relation shows) with the data, so after a crash the source resumes
// where its last commit ended: nothing lost, nothing applied twice. Only
// committed LSNs are confirmed to upstream.
//
// One thread per source drives it (snapshot copies run on `workers` threads
// of their own); Stop() joins them. Report() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "catalog/source_report.h"
#include "replication/validate.h"
#include "storage/storage.h"
#include "types/type.h"

namespace freshet::replication {

struct SourceColumn {
  std::string name;
  uint32_t upstream_index = 0;
  types::Type type;
  bool as_text = false;
  bool nullable = true;
  uint32_t upstream_type_oid = 0;
  friend bool operator==(const SourceColumn&, const SourceColumn&) = default;
};

struct SourceTable {
  std::string id;  // the table's catalog id ("u7")
  uint64_t collection = 0;
  uint32_t oid = 0;
  std::string schema;
  std::string table;
  uint32_t upstream_columns = 0;
  std::vector<SourceColumn> columns;
  friend bool operator==(const SourceTable&, const SourceTable&) = default;
};

struct SourceSpec {
  std::string id;  // "u5"
  PgConnectParams connection;
  std::string publication;
  std::string slot;
  std::string database;              // upstream, for error texts
  std::string resume_frontier;       // the storage frontier holding the resume LSN
  std::string partial_frontier;      // "<commit lsn>:<count>" while a large transaction is applied in parts
  std::vector<SourceTable> tables;
  int workers = 1;  // snapshot parallelism: the replica's worker threads
  std::string replica_id;
};

bool SameSpec(const SourceSpec& a, const SourceSpec& b);

// What users see of the source and of each table.
using ObjectReport = catalog::SourceReport;

class SourceRuntime {
 public:
  SourceRuntime(SourceSpec spec, storage::Storage* storage);
  ~SourceRuntime();  // Stop()s
  SourceRuntime(const SourceRuntime&) = delete;
  SourceRuntime& operator=(const SourceRuntime&) = delete;

  void Start();
  // Asks the threads to finish and joins them (within about a second, or
  // when a blocking upstream call returns).
  void Stop();

  const SourceSpec& spec() const { return spec_; }
  // The source first, then its tables in spec order.
  std::vector<ObjectReport> Report() const;

  // While a large transaction is applied in parts: the storage snapshot
  // from before it, which reads of this source's tables must use; else null.
  std::shared_ptr<const storage::Snapshot> Pinned() const;

 private:
  class Run;
  void Main();
  void Update(const std::function<void(std::vector<ObjectReport>&)>& fn);
  void Pin(std::shared_ptr<const storage::Snapshot> snapshot);

  SourceSpec spec_;
  storage::Storage* storage_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<ObjectReport> report_;  // guarded by mu_
  std::shared_ptr<const storage::Snapshot> pinned_;  // guarded by mu_
  friend class Run;
};

// Drops a source's slot upstream, ending any backend that still holds it.
// A missing slot is not an error.
absl::Status DropSlot(const PgConnectParams& params, const std::string& slot);

}  // namespace freshet::replication
