// What a running source reports about itself and each of its tables: the
// status and the statistics that mz_internal.mz_source_statuses and
// mz_source_statistics show. Plain data, filled by replication/ and read by
// the builtin relations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace freshet::catalog {

struct SourceReport {
  std::string id;      // the source's or the table's catalog id ("u5")
  std::string replica_id;  // where it runs
  std::string status;  // starting, running, paused, stalled, ceased
  std::optional<std::string> error;
  int64_t status_changed_ms = 0;  // milliseconds since the epoch
  // Statistics since the source last started in this process.
  uint64_t messages_received = 0;
  uint64_t bytes_received = 0;
  uint64_t updates_staged = 0;
  uint64_t updates_committed = 0;
  std::optional<uint64_t> snapshot_records_known;
  std::optional<uint64_t> snapshot_records_staged;
  bool snapshot_committed = false;
  std::optional<uint64_t> offset_known;      // upstream WAL end seen
  std::optional<uint64_t> offset_committed;  // the durable resume LSN
  std::optional<int64_t> rehydration_latency_ms;
};

}  // namespace freshet::catalog
