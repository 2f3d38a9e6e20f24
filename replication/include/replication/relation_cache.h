// The Relation messages seen so far on one replication stream, by relation
// oid. pgoutput sends a Relation before the first change to a table in a
// session and re-sends it, mid-stream, whenever the table's definition
// changes; the newest one describes the changes that follow it. Owned by the
// one worker that streams the slot; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "replication/pgoutput.h"

namespace freshet::replication {

class RelationCache {
public:
  // Remembers `relation`, replacing any earlier one with the same oid.
  // Returns true if it replaced one whose definition differed.
  bool Apply(RelationMessage relation);

  // nullptr if no Relation with this oid was seen.
  const RelationMessage *Find(uint32_t oid) const;

  // The relation a change refers to; FailedPrecondition if the stream sent a
  // change before the Relation describing it (a protocol violation).
  absl::StatusOr<const RelationMessage *> Get(uint32_t oid) const;

  // Checks that `tuple` has one column per column of relation `oid`.
  absl::Status CheckTuple(uint32_t oid, const Tuple &tuple) const;

  void Forget(uint32_t oid) { relations_.erase(oid); }
  void Clear() { relations_.clear(); }
  size_t size() const { return relations_.size(); }

private:
  absl::flat_hash_map<uint32_t, RelationMessage> relations_;
};

} // namespace freshet::replication
