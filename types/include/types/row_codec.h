// The storage encoding of a Row: compact, self-describing, canonical.
//
// Each datum is one tag byte followed by its payload:
//   0x00 NULL · 0x01 false · 0x02 true
//   0x04 double: the 8 IEEE-754 bytes, big-endian, sign-adjusted so that
//        byte order is numeric order (every NaN stored as the canonical quiet
//        NaN, so equal values always encode equally)
//   0x05 string: varint length, then the bytes
//   0x07-0x18 integer: the tag holds sign and length, then 0 to 8 bytes
//        big-endian (0 takes one byte, 1000000 four); byte order is numeric
//        order, so rows that arrive in key order (a serial primary key) sort
//        into disjoint runs that bulk loads ingest without compaction
// A row is its datums in order, nothing else: the arity is implied by the
// length, so a row is decodable without the catalog (for checks and tools),
// and two equal rows always have equal encodings, which is what lets storage
// use the encoding as the identity of a row in a multiset.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "types/datum.h"

namespace freshet::types {

// Appends the encoding of `row` to `out`.
void EncodeRow(const Row& row, std::string* out);
std::string EncodeRow(const Row& row);

// Decodes a whole encoding into `row` (cleared first). A malformed encoding
// is a DataLoss error naming the byte offset.
// With `keep`, a string value whose position is false in it is not copied:
// NULL stands in its place (scans that read only some columns).
absl::Status DecodeRow(std::string_view encoded, Row* row, const std::vector<bool>* keep = nullptr);

}  // namespace freshet::types
