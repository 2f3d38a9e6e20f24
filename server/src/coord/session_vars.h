// Session variables (SET / SHOW / RESET), with Materialize's defaults and
// rules: some are free, some accept only their one supported value (spelled
// any way PostgreSQL would accept it), some are read-only.
//
// Owned by one connection; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace freshet::coord {

struct ServerInfo;

// A variable whose new value must be reported to the client (ParameterStatus).
struct ParameterChange {
  std::string name;  // display name, e.g. "DateStyle"
  std::string value;
};

struct VarRow {
  std::string name, setting, description;
};

// How a variable accepts new values: the canonical value, or nullopt when the
// value is not accepted. nullptr = any value.
using VarNormalizer = std::optional<std::string> (*)(const std::string& value);

struct VarDefinition {
  std::string name;          // lower case
  std::string display_name;  // as PostgreSQL / Materialize spell it
  std::string default_value;
  std::string description;
  bool reported = false;  // sent as ParameterStatus
  bool read_only = false;
  VarNormalizer normalize = nullptr;
  std::string accepted;  // for the error hint, e.g. "\"UTF8\""
};

class SessionVars {
 public:
  SessionVars(const ServerInfo& server, const std::string& user);

  // SET name = values (empty = DEFAULT). `local` applies to the current
  // transaction block only. Returns the reported variables that changed.
  absl::StatusOr<std::vector<ParameterChange>> Set(const std::string& name, const std::vector<std::string>& values,
                                                   bool local, bool in_transaction);
  // RESET name; an empty name resets all.
  absl::StatusOr<std::vector<ParameterChange>> Reset(const std::string& name);
  absl::StatusOr<std::string> Get(const std::string& name) const;
  // A duration variable (statement_timeout, ...) in milliseconds.
  std::optional<int64_t> GetDurationMs(const std::string& name) const;
  // The canonical display name ("DateStyle" for "datestyle"); nullopt if unknown.
  std::optional<std::string> DisplayName(const std::string& name) const;

  // Every reported variable with its value, for the startup ParameterStatus.
  std::vector<ParameterChange> Reported() const;
  std::vector<VarRow> All() const;

  // Changes whenever any value may have changed (plans bound against older
  // values must be re-bound).
  uint64_t version() const { return version_; }

  // Transaction boundaries: SET inside a block is undone by ROLLBACK, and
  // SET LOCAL is undone at the end of the block either way.
  void BeginTransaction();
  std::vector<ParameterChange> EndTransaction(bool commit);

 private:
  using Definition = VarDefinition;
  const Definition* Find(const std::string& name) const;
  std::vector<ParameterChange> Diff(const std::map<std::string, std::string>& before) const;

  std::vector<Definition> defs_;
  std::map<std::string, std::string> values_;            // by lower-case name
  std::map<std::string, std::string> at_begin_;          // values at BEGIN
  std::map<std::string, std::string> before_local_;      // values before SET LOCAL
  bool in_block_ = false;
  uint64_t version_ = 0;
};

}  // namespace freshet::coord
