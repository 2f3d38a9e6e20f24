#include "replication/stream_frames.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "byte_reader.h"
#include "common/status_macros.h"

namespace freshet::replication {
namespace {

void PutBig(std::string &out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
}

} // namespace

absl::StatusOr<ReplicationFrame>
ParseReplicationFrame(std::string_view payload) {
  internal::ByteReader r(payload, "replication frame");
  uint8_t type = 0;
  FRESHET_RETURN_IF_ERROR(r.U8("frame type", &type));
  if (type == 'w') {
    r.set_what("XLogData");
    XLogData x;
    FRESHET_RETURN_IF_ERROR(r.U64("data start", &x.data_start));
    FRESHET_RETURN_IF_ERROR(r.U64("WAL end", &x.wal_end));
    FRESHET_RETURN_IF_ERROR(r.I64("send time", &x.send_time));
    x.data = r.Rest();
    return x;
  }
  if (type == 'k') {
    r.set_what("primary keepalive");
    PrimaryKeepalive k;
    FRESHET_RETURN_IF_ERROR(r.U64("WAL end", &k.wal_end));
    FRESHET_RETURN_IF_ERROR(r.I64("send time", &k.send_time));
    uint8_t reply = 0;
    FRESHET_RETURN_IF_ERROR(r.U8("reply requested", &reply));
    if (reply > 1) {
      return r.Invalid(absl::StrCat("reply requested flag is ", reply), 17);
    }
    k.reply_requested = reply == 1;
    FRESHET_RETURN_IF_ERROR(r.ExpectEnd());
    return k;
  }
  return r.Invalid(absl::StrCat("unknown frame type ", static_cast<int>(type)),
                   0);
}

std::string EncodeStandbyStatusUpdate(const StandbyStatusUpdate &update) {
  std::string out;
  out.reserve(34);
  out.push_back('r');
  PutBig(out, update.written, 8);
  PutBig(out, update.flushed, 8);
  PutBig(out, update.applied, 8);
  PutBig(out, static_cast<uint64_t>(update.clock), 8);
  out.push_back(update.reply_requested ? 1 : 0);
  return out;
}

std::string FormatLsn(Lsn lsn) {
  // Upper case, as PostgreSQL's pg_lsn output ("%X/%X").
  char buf[20];
  std::snprintf(buf, sizeof(buf), "%X/%X", static_cast<unsigned>(lsn >> 32),
                static_cast<unsigned>(lsn & 0xffffffffu));
  return buf;
}

absl::StatusOr<Lsn> ParseLsn(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid LSN \"", std::string(text), "\""));
  };
  size_t slash = text.find('/');
  if (slash == std::string_view::npos)
    return bad();
  auto hex = [](std::string_view part, uint64_t *out) {
    if (part.empty() || part.size() > 8)
      return false;
    uint64_t v = 0;
    for (char c : part) {
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return false;
      v = (v << 4) | static_cast<uint64_t>(d);
    }
    *out = v;
    return true;
  };
  uint64_t hi = 0, lo = 0;
  if (!hex(text.substr(0, slash), &hi) || !hex(text.substr(slash + 1), &lo)) {
    return bad();
  }
  return (hi << 32) | lo;
}

} // namespace freshet::replication
