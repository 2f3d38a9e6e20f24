// Builtin relations (mz_catalog.mz_clusters, mz_internal.mz_object_dependencies,
// ...): their columns, and their rows computed from a catalog state and the
// server's runtime facts. Column types follow sql-surface.md where Freshet
// has the type (uint8/uint4 show as bigint, mz_aclitem[] columns are left
// out; see docs/architecture.md).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "catalog/source_report.h"
#include "types/datum.h"
#include "types/type.h"

namespace freshet::catalog {

struct BuiltinColumn {
  std::string name;
  types::Type type;
};

struct BuiltinRelation {
  GlobalId id;  // s1000, s1001, ...
  uint32_t oid = 0;
  std::string schema;  // mz_catalog, mz_internal
  std::string name;
  std::vector<BuiltinColumn> columns;
};

// What builtin relations show besides the catalog.
struct RuntimeFacts {
  std::vector<std::string> egress_ips;
  // Worker threads a replica runs (0: not running); unset: every replica
  // counts as running.
  std::function<int(GlobalId)> replica_workers;
  // What running sources report (unset or empty: none run).
  std::function<std::vector<SourceReport>()> source_reports;
  // The snapshot a source's tables are read at while it applies a large
  // transaction in parts (null: none).
  std::function<std::shared_ptr<const storage::Snapshot>(GlobalId source)> pinned_snapshot;
};

const std::vector<BuiltinRelation>& BuiltinRelations();
// By schema and name; `schema` empty searches mz_catalog, then mz_internal.
const BuiltinRelation* FindBuiltin(std::string_view schema, std::string_view name);
const BuiltinRelation* GetBuiltin(GlobalId id);

absl::StatusOr<std::vector<types::Row>> BuiltinRows(const BuiltinRelation& relation, const CatalogState& state,
                                                    const RuntimeFacts& facts);

}  // namespace freshet::catalog
