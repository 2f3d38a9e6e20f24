#include "replication/pgoutput.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "byte_reader.h"
#include "common/status_macros.h"

namespace freshet::replication {
namespace {

using internal::ByteReader;

// Smallest encodings, used to bound reservations by what a count could
// really describe in the bytes that remain (a lying count allocates nothing).
constexpr size_t kMinTupleColumnBytes = 1;     // 'n' or 'u'
constexpr size_t kMinRelationColumnBytes = 10; // flags, "\0", oid, typmod

std::string ByteName(uint8_t b) {
  if (b >= 0x20 && b < 0x7f)
    return absl::StrCat("'", std::string(1, b), "'");
  return absl::StrCat("0x", absl::Hex(b, absl::kZeroPad2));
}

absl::Status ReadTuple(ByteReader &r, Tuple *tuple) {
  uint16_t count = 0;
  FRESHET_RETURN_IF_ERROR(r.U16("tuple column count", &count));
  tuple->clear();
  tuple->reserve(std::min<size_t>(count, r.remaining() / kMinTupleColumnBytes));
  for (uint16_t i = 0; i < count; ++i) {
    size_t at = r.offset();
    uint8_t kind = 0;
    FRESHET_RETURN_IF_ERROR(r.U8("tuple column kind", &kind));
    TupleColumn column;
    switch (kind) {
    case 'n':
      column.kind = TupleColumn::Kind::kNull;
      break;
    case 'u':
      column.kind = TupleColumn::Kind::kUnchangedToast;
      break;
    case 't':
    case 'b': {
      column.kind =
          kind == 't' ? TupleColumn::Kind::kText : TupleColumn::Kind::kBinary;
      size_t len_at = r.offset();
      int32_t len = 0;
      FRESHET_RETURN_IF_ERROR(r.I32("tuple column length", &len));
      if (len < 0) {
        return r.Invalid(
            absl::StrCat("column ", i, " has negative length ", len), len_at);
      }
      std::string_view bytes;
      FRESHET_RETURN_IF_ERROR(
          r.Bytes("tuple column value", static_cast<size_t>(len), &bytes));
      column.data.assign(bytes.data(), bytes.size());
      break;
    }
    default:
      return r.Invalid(
          absl::StrCat("column ", i, " has unknown kind ", ByteName(kind)), at);
    }
    tuple->push_back(std::move(column));
  }
  return absl::OkStatus();
}

absl::Status ExpectNewTupleTag(ByteReader &r) {
  size_t at = r.offset();
  uint8_t tag = 0;
  FRESHET_RETURN_IF_ERROR(r.U8("new tuple tag", &tag));
  if (tag != 'N') {
    return r.Invalid(
        absl::StrCat("expected new tuple tag 'N', got ", ByteName(tag)), at);
  }
  return absl::OkStatus();
}

absl::Status ReadOldTuple(ByteReader &r, uint8_t tag, OldTuple *old) {
  old->kind = tag == 'K' ? OldTuple::Kind::kKey : OldTuple::Kind::kFull;
  return ReadTuple(r, &old->tuple);
}

absl::StatusOr<PgoutputMessage> DecodeBody(ByteReader &r, uint8_t type) {
  switch (type) {
  case 'B': {
    r.set_what("pgoutput Begin");
    BeginMessage m;
    FRESHET_RETURN_IF_ERROR(r.U64("final LSN", &m.final_lsn));
    FRESHET_RETURN_IF_ERROR(r.I64("commit timestamp", &m.commit_time));
    FRESHET_RETURN_IF_ERROR(r.U32("xid", &m.xid));
    return m;
  }
  case 'C': {
    r.set_what("pgoutput Commit");
    CommitMessage m;
    FRESHET_RETURN_IF_ERROR(r.U8("flags", &m.flags));
    FRESHET_RETURN_IF_ERROR(r.U64("commit LSN", &m.commit_lsn));
    FRESHET_RETURN_IF_ERROR(r.U64("end LSN", &m.end_lsn));
    FRESHET_RETURN_IF_ERROR(r.I64("commit timestamp", &m.commit_time));
    return m;
  }
  case 'O': {
    r.set_what("pgoutput Origin");
    OriginMessage m;
    FRESHET_RETURN_IF_ERROR(r.U64("commit LSN", &m.commit_lsn));
    FRESHET_RETURN_IF_ERROR(r.CString("origin name", &m.name));
    return m;
  }
  case 'R': {
    r.set_what("pgoutput Relation");
    RelationMessage m;
    FRESHET_RETURN_IF_ERROR(r.U32("relation oid", &m.oid));
    FRESHET_RETURN_IF_ERROR(r.CString("namespace", &m.namespace_name));
    FRESHET_RETURN_IF_ERROR(r.CString("relation name", &m.name));
    uint8_t identity = 0;
    size_t identity_at = r.offset();
    FRESHET_RETURN_IF_ERROR(r.U8("replica identity", &identity));
    if (identity != 'd' && identity != 'n' && identity != 'f' &&
        identity != 'i') {
      return r.Invalid(
          absl::StrCat("unknown replica identity ", ByteName(identity)),
          identity_at);
    }
    m.replica_identity = static_cast<char>(identity);
    uint16_t count = 0;
    FRESHET_RETURN_IF_ERROR(r.U16("column count", &count));
    m.columns.reserve(
        std::min<size_t>(count, r.remaining() / kMinRelationColumnBytes));
    for (uint16_t i = 0; i < count; ++i) {
      RelationColumn c;
      FRESHET_RETURN_IF_ERROR(r.U8("column flags", &c.flags));
      FRESHET_RETURN_IF_ERROR(r.CString("column name", &c.name));
      FRESHET_RETURN_IF_ERROR(r.U32("column type oid", &c.type_oid));
      FRESHET_RETURN_IF_ERROR(r.I32("column type modifier", &c.type_modifier));
      m.columns.push_back(std::move(c));
    }
    return m;
  }
  case 'Y': {
    r.set_what("pgoutput Type");
    TypeMessage m;
    FRESHET_RETURN_IF_ERROR(r.U32("type oid", &m.oid));
    FRESHET_RETURN_IF_ERROR(r.CString("namespace", &m.namespace_name));
    FRESHET_RETURN_IF_ERROR(r.CString("type name", &m.name));
    return m;
  }
  case 'I': {
    r.set_what("pgoutput Insert");
    InsertMessage m;
    FRESHET_RETURN_IF_ERROR(r.U32("relation oid", &m.relation_oid));
    FRESHET_RETURN_IF_ERROR(ExpectNewTupleTag(r));
    FRESHET_RETURN_IF_ERROR(ReadTuple(r, &m.new_tuple));
    return m;
  }
  case 'U': {
    r.set_what("pgoutput Update");
    UpdateMessage m;
    FRESHET_RETURN_IF_ERROR(r.U32("relation oid", &m.relation_oid));
    size_t at = r.offset();
    uint8_t tag = 0;
    FRESHET_RETURN_IF_ERROR(r.U8("tuple tag", &tag));
    if (tag == 'K' || tag == 'O') {
      FRESHET_RETURN_IF_ERROR(ReadOldTuple(r, tag, &m.old_tuple.emplace()));
      at = r.offset();
      FRESHET_RETURN_IF_ERROR(r.U8("new tuple tag", &tag));
    }
    if (tag != 'N') {
      return r.Invalid(absl::StrCat("expected tuple tag 'K', 'O' or 'N', got ",
                                    ByteName(tag)),
                       at);
    }
    FRESHET_RETURN_IF_ERROR(ReadTuple(r, &m.new_tuple));
    return m;
  }
  case 'D': {
    r.set_what("pgoutput Delete");
    DeleteMessage m;
    FRESHET_RETURN_IF_ERROR(r.U32("relation oid", &m.relation_oid));
    size_t at = r.offset();
    uint8_t tag = 0;
    FRESHET_RETURN_IF_ERROR(r.U8("old tuple tag", &tag));
    if (tag != 'K' && tag != 'O') {
      return r.Invalid(absl::StrCat("expected old tuple tag 'K' or 'O', got ",
                                    ByteName(tag)),
                       at);
    }
    FRESHET_RETURN_IF_ERROR(ReadOldTuple(r, tag, &m.old_tuple));
    return m;
  }
  case 'T': {
    r.set_what("pgoutput Truncate");
    TruncateMessage m;
    size_t at = r.offset();
    int32_t count = 0;
    FRESHET_RETURN_IF_ERROR(r.I32("relation count", &count));
    if (count < 0) {
      return r.Invalid(absl::StrCat("negative relation count ", count), at);
    }
    FRESHET_RETURN_IF_ERROR(r.U8("options", &m.options));
    if (static_cast<size_t>(count) > r.remaining() / 4) {
      return r.Short("relation oids", static_cast<size_t>(count) * 4);
    }
    m.relation_oids.resize(static_cast<size_t>(count));
    for (uint32_t &oid : m.relation_oids) {
      FRESHET_RETURN_IF_ERROR(r.U32("relation oid", &oid));
    }
    return m;
  }
  case 'M': {
    r.set_what("pgoutput Message");
    LogicalMessage m;
    FRESHET_RETURN_IF_ERROR(r.U8("flags", &m.flags));
    FRESHET_RETURN_IF_ERROR(r.U64("LSN", &m.lsn));
    FRESHET_RETURN_IF_ERROR(r.CString("prefix", &m.prefix));
    size_t at = r.offset();
    int32_t len = 0;
    FRESHET_RETURN_IF_ERROR(r.I32("content length", &len));
    if (len < 0) {
      return r.Invalid(absl::StrCat("negative content length ", len), at);
    }
    std::string_view content;
    FRESHET_RETURN_IF_ERROR(
        r.Bytes("content", static_cast<size_t>(len), &content));
    m.content.assign(content.data(), content.size());
    return m;
  }
  default:
    return r.Invalid(absl::StrCat("unknown message type ", ByteName(type)), 0);
  }
}

} // namespace

char PgoutputMessageType(const PgoutputMessage &message) {
  static constexpr char kTypes[] = {'B', 'C', 'O', 'R', 'Y',
                                    'I', 'U', 'D', 'T', 'M'};
  static_assert(sizeof(kTypes) == std::variant_size_v<PgoutputMessage>);
  return kTypes[message.index()];
}

absl::StatusOr<PgoutputMessage>
PgoutputDecoder::Decode(std::string_view payload) const {
  ByteReader r(payload, "pgoutput");
  uint8_t type = 0;
  FRESHET_RETURN_IF_ERROR(r.U8("message type", &type));
  FRESHET_ASSIGN_OR_RETURN(PgoutputMessage message, DecodeBody(r, type));
  FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
  return message;
}

} // namespace freshet::replication
