// How catalog objects are stored: one row per object in the catalog
// collection, `(kind text, id text, ...fields)`, with nested values (lists,
// connection details) as row encodings inside a string. Appending fields
// keeps old rows readable (missing trailing fields take their defaults).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "types/datum.h"

namespace freshet::catalog::serde {

types::Row EncodeDatabase(const Database& d);
types::Row EncodeSchema(const Schema& s);
types::Row EncodeCluster(const Cluster& c);
types::Row EncodeReplica(const ClusterReplica& r);
types::Row EncodeItem(const Item& i);
types::Row EncodeAllocator(const std::string& name, uint64_t next);

// Adds the object a row describes to `state`.
absl::Status DecodeInto(const types::Row& row, absl::btree_map<GlobalId, Database>* databases,
                        absl::btree_map<GlobalId, Schema>* schemas, absl::btree_map<GlobalId, Item>* items,
                        absl::btree_map<GlobalId, Cluster>* clusters,
                        absl::btree_map<GlobalId, ClusterReplica>* replicas,
                        absl::btree_map<std::string, uint64_t>* allocators);

}  // namespace freshet::catalog::serde
