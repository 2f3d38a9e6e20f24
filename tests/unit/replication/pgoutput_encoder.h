// A test-only pgoutput encoder (protocol version 1): the inverse of
// PgoutputDecoder, written straight from the manual's "Logical Replication
// Message Formats" so the tests can build every message kind byte by byte.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "common/overloaded.h"
#include "replication/pgoutput.h"

namespace freshet::replication::testing {

class Bytes {
public:
  Bytes &U8(uint8_t v) {
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  Bytes &U16(uint16_t v) { return Big(v, 2); }
  Bytes &U32(uint32_t v) { return Big(v, 4); }
  Bytes &U64(uint64_t v) { return Big(v, 8); }
  Bytes &Str(const std::string &s) {
    out_ += s;
    out_.push_back('\0');
    return *this;
  }
  Bytes &Raw(const std::string &s) {
    out_ += s;
    return *this;
  }
  Bytes &Tuple(const replication::Tuple &t) {
    U16(static_cast<uint16_t>(t.size()));
    for (const TupleColumn &c : t) {
      U8(static_cast<uint8_t>(c.kind));
      if (c.kind == TupleColumn::Kind::kText ||
          c.kind == TupleColumn::Kind::kBinary) {
        U32(static_cast<uint32_t>(c.data.size()));
        Raw(c.data);
      }
    }
    return *this;
  }
  const std::string &str() const { return out_; }

private:
  Bytes &Big(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i)
      out_.push_back(static_cast<char>(v >> (8 * i)));
    return *this;
  }
  std::string out_;
};

inline std::string Encode(const PgoutputMessage &message) {
  Bytes b;
  b.U8(static_cast<uint8_t>(PgoutputMessageType(message)));
  std::visit(
      Overloaded{
          [&](const BeginMessage &m) {
            b.U64(m.final_lsn)
                .U64(static_cast<uint64_t>(m.commit_time))
                .U32(m.xid);
          },
          [&](const CommitMessage &m) {
            b.U8(m.flags)
                .U64(m.commit_lsn)
                .U64(m.end_lsn)
                .U64(static_cast<uint64_t>(m.commit_time));
          },
          [&](const OriginMessage &m) { b.U64(m.commit_lsn).Str(m.name); },
          [&](const RelationMessage &m) {
            b.U32(m.oid)
                .Str(m.namespace_name)
                .Str(m.name)
                .U8(static_cast<uint8_t>(m.replica_identity))
                .U16(static_cast<uint16_t>(m.columns.size()));
            for (const RelationColumn &c : m.columns) {
              b.U8(c.flags)
                  .Str(c.name)
                  .U32(c.type_oid)
                  .U32(static_cast<uint32_t>(c.type_modifier));
            }
          },
          [&](const TypeMessage &m) {
            b.U32(m.oid).Str(m.namespace_name).Str(m.name);
          },
          [&](const InsertMessage &m) {
            b.U32(m.relation_oid).U8('N').Tuple(m.new_tuple);
          },
          [&](const UpdateMessage &m) {
            b.U32(m.relation_oid);
            if (m.old_tuple) {
              b.U8(static_cast<uint8_t>(m.old_tuple->kind))
                  .Tuple(m.old_tuple->tuple);
            }
            b.U8('N').Tuple(m.new_tuple);
          },
          [&](const DeleteMessage &m) {
            b.U32(m.relation_oid)
                .U8(static_cast<uint8_t>(m.old_tuple.kind))
                .Tuple(m.old_tuple.tuple);
          },
          [&](const TruncateMessage &m) {
            b.U32(static_cast<uint32_t>(m.relation_oids.size())).U8(m.options);
            for (uint32_t oid : m.relation_oids)
              b.U32(oid);
          },
          [&](const LogicalMessage &m) {
            b.U8(m.flags)
                .U64(m.lsn)
                .Str(m.prefix)
                .U32(static_cast<uint32_t>(m.content.size()))
                .Raw(m.content);
          },
      },
      message);
  return b.str();
}

} // namespace freshet::replication::testing
