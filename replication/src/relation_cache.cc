#include "replication/relation_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace freshet::replication {

bool RelationCache::Apply(RelationMessage relation) {
  auto [it, inserted] = relations_.try_emplace(relation.oid);
  bool changed = !inserted && !(it->second == relation);
  it->second = std::move(relation);
  return changed;
}

const RelationMessage *RelationCache::Find(uint32_t oid) const {
  auto it = relations_.find(oid);
  return it == relations_.end() ? nullptr : &it->second;
}

absl::StatusOr<const RelationMessage *> RelationCache::Get(uint32_t oid) const {
  const RelationMessage *relation = Find(oid);
  if (relation == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "pgoutput change for relation ", oid, " before its Relation message"));
  }
  return relation;
}

absl::Status RelationCache::CheckTuple(uint32_t oid, const Tuple &tuple) const {
  auto relation = Get(oid);
  if (!relation.ok())
    return relation.status();
  if (tuple.size() != (*relation)->columns.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pgoutput tuple for relation ", (*relation)->namespace_name, ".",
        (*relation)->name, " (", oid, ") has ", tuple.size(),
        " columns, its Relation message has ", (*relation)->columns.size()));
  }
  return absl::OkStatus();
}

} // namespace freshet::replication
