// Integration test of the pgoutput decoder against a real PostgreSQL 15 (the
// ctest "pg" fixture): makes two tables and a publication, a temporary
// logical slot with pgoutput, runs two transactions (NULL, UTF-8, a TOASTed
// value left unchanged by an UPDATE under REPLICA IDENTITY FULL, key and
// full old tuples, TRUNCATE), streams the slot with proto_version '1',
// decodes every frame and checks what came out, confirms the LSN with a
// standby status update, then drops everything, also on failure.
//
// Usage: pgoutput_it "<libpq conninfo>"   (exit status 0 = pass)
#include <libpq-fe.h>
#include <sys/select.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "replication/pgoutput.h"
#include "replication/stream_frames.h"

using namespace freshet::replication;
using Clock = std::chrono::steady_clock;

namespace {

int g_failures = 0;

#define EXPECT(cond, ...)                                                      \
  do {                                                                         \
    if (!(cond)) {                                                             \
      ++g_failures;                                                            \
      std::fprintf(stderr, "%s:%d: FAILED: %s: %s\n", __FILE__, __LINE__,      \
                   #cond, absl::StrCat(__VA_ARGS__).c_str());                  \
    }                                                                          \
  } while (0)

// Fails the test and returns from the enclosing function (which returns bool).
#define REQUIRE(cond, ...)                                                     \
  do {                                                                         \
    if (!(cond)) {                                                             \
      ++g_failures;                                                            \
      std::fprintf(stderr, "%s:%d: FAILED: %s: %s\n", __FILE__, __LINE__,      \
                   #cond, absl::StrCat(__VA_ARGS__).c_str());                  \
      return false;                                                            \
    }                                                                          \
  } while (0)

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

PgTimestamp NowPg() {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return us - kPgEpochUnixMicros;
}

// Runs `sql`; returns the result if its status is `want`, else prints and
// returns nullptr.
PGresult *Exec(PGconn *conn, const std::string &sql,
               ExecStatusType want = PGRES_COMMAND_OK) {
  PGresult *res = PQexec(conn, sql.c_str());
  if (PQresultStatus(res) != want) {
    std::fprintf(stderr, "query failed: %s\n  %s", sql.c_str(),
                 PQerrorMessage(conn));
    PQclear(res);
    return nullptr;
  }
  return res;
}

bool Run(PGconn *conn, const std::string &sql) {
  PGresult *res = Exec(conn, sql);
  PQclear(res);
  return res != nullptr;
}

std::optional<std::string> Scalar(PGconn *conn, const std::string &sql) {
  PGresult *res = Exec(conn, sql, PGRES_TUPLES_OK);
  if (res == nullptr)
    return std::nullopt;
  std::optional<std::string> value;
  if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
    value = PQgetvalue(res, 0, 0);
  PQclear(res);
  return value;
}

struct Names {
  std::string full, key, pub, slot;
};

// Drops what the test made, whatever state it stopped in. The replication
// connection goes first: that alone drops the temporary slot.
struct Cleanup {
  std::string conninfo;
  Names names;
  PGconn *repl = nullptr;
  ~Cleanup() {
    if (repl != nullptr)
      PQfinish(repl);
    PGconn *admin = PQconnectdb(conninfo.c_str());
    if (PQstatus(admin) == CONNECTION_OK) {
      // An active slot needs a moment to notice its walsender has gone.
      for (int i = 0; i < 50; ++i) {
        auto n = Scalar(
            admin,
            absl::StrCat(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '",
                names.slot, "'"));
        if (n && *n == "0")
          break;
        Run(admin, absl::StrCat("SELECT pg_drop_replication_slot(slot_name) "
                                "FROM pg_replication_slots"
                                " WHERE slot_name = '",
                                names.slot, "' AND NOT active"));
        usleep(100'000);
      }
      Run(admin, absl::StrCat("DROP PUBLICATION IF EXISTS ", names.pub));
      Run(admin,
          absl::StrCat("DROP TABLE IF EXISTS ", names.full, ", ", names.key));
    } else {
      std::fprintf(stderr, "cleanup could not connect: %s",
                   PQerrorMessage(admin));
    }
    PQfinish(admin);
  }
};

TupleColumn Text(std::string s) {
  return {TupleColumn::Kind::kText, std::move(s)};
}
TupleColumn Null() { return {TupleColumn::Kind::kNull, ""}; }
TupleColumn Toast() { return {TupleColumn::Kind::kUnchangedToast, ""}; }

std::string Show(const Tuple &t) {
  std::string out = "(";
  for (const TupleColumn &c : t) {
    if (out.size() > 1)
      out += ", ";
    switch (c.kind) {
    case TupleColumn::Kind::kNull:
      out += "NULL";
      break;
    case TupleColumn::Kind::kUnchangedToast:
      out += "<unchanged toast>";
      break;
    default:
      out += c.data.size() > 40 ? absl::StrCat("<", c.data.size(), " bytes>")
                                : absl::StrCat("'", c.data, "'");
    }
  }
  return out + ")";
}

struct Received {
  Lsn data_start;
  PgoutputMessage message;
};

// Reads CopyData until two transactions touching our tables have committed.
bool Stream(PGconn *repl, const std::vector<uint32_t> &oids,
            std::vector<Received> *out) {
  PgoutputDecoder decoder;
  auto deadline = Clock::now() + std::chrono::seconds(20);
  int commits = 0;
  bool ours = false; // the open transaction touched one of our tables
  Lsn last_end = 0;
  int keepalives = 0;
  while (commits < 2) {
    char *buf = nullptr;
    int n = PQgetCopyData(repl, &buf, /*async=*/1);
    if (n == 0) {
      REQUIRE(Clock::now() < deadline, "saw ", commits, " commits in 20 s");
      int fd = PQsocket(repl);
      fd_set fds;
      FD_ZERO(&fds);
      FD_SET(fd, &fds);
      timeval tv{0, 200'000};
      select(fd + 1, &fds, nullptr, nullptr, &tv);
      REQUIRE(PQconsumeInput(repl) == 1, PQerrorMessage(repl));
      continue;
    }
    REQUIRE(n > 0, "copy stream ended: ", PQerrorMessage(repl));
    std::string payload(buf, static_cast<size_t>(n));
    PQfreemem(buf);
    auto frame = ParseReplicationFrame(payload);
    REQUIRE(frame.ok(), frame.status().ToString());
    if (auto *k = std::get_if<PrimaryKeepalive>(&*frame)) {
      ++keepalives;
      if (k->reply_requested) {
        std::string r = EncodeStandbyStatusUpdate(
            {k->wal_end, last_end, last_end, NowPg(), false});
        REQUIRE(PQputCopyData(repl, r.data(), static_cast<int>(r.size())) == 1,
                PQerrorMessage(repl));
        REQUIRE(PQflush(repl) == 0, PQerrorMessage(repl));
      }
      continue;
    }
    const XLogData &x = std::get<XLogData>(*frame);
    auto decoded = decoder.Decode(x.data);
    REQUIRE(decoded.ok(), decoded.status().ToString());
    uint32_t oid = std::visit(
        [](const auto &m) -> uint32_t {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, InsertMessage> ||
                        std::is_same_v<M, UpdateMessage> ||
                        std::is_same_v<M, DeleteMessage>) {
            return m.relation_oid;
          } else if constexpr (std::is_same_v<M, RelationMessage>) {
            return m.oid;
          } else if constexpr (std::is_same_v<M, TruncateMessage>) {
            return m.relation_oids.empty() ? 0 : m.relation_oids[0];
          } else {
            return 0;
          }
        },
        *decoded);
    for (uint32_t o : oids)
      ours |= (o == oid);
    out->push_back({x.data_start, *decoded});
    if (auto *c = std::get_if<CommitMessage>(&*decoded)) {
      if (ours) {
        ++commits;
        last_end = c->end_lsn;
      } else {
        // Someone else's transaction on the shared server: drop it.
        while (!out->empty() &&
               !std::holds_alternative<BeginMessage>(out->back().message)) {
          out->pop_back();
        }
        if (!out->empty())
          out->pop_back();
      }
      ours = false;
    }
  }
  std::fprintf(stderr, "streamed %zu messages (%d keepalives)\n", out->size(),
               keepalives);
  return true;
}

bool Check(const std::vector<Received> &got, uint32_t full_oid,
           uint32_t key_oid, const std::string &big, const Names &names) {
  std::string types;
  for (const Received &r : got)
    types += PgoutputMessageType(r.message);
  std::fprintf(stderr, "message types: %s\n", types.c_str());
  // The second R: TRUNCATE gives the table a new relfilenode, which
  // invalidates pgoutput's cache entry, so the (unchanged) Relation is sent
  // again mid-stream before the Truncate.
  REQUIRE(types == "BRIIIRICBUDUUDRTC", "unexpected message sequence ", types);
  auto at = [&](size_t i) -> const PgoutputMessage & { return got[i].message; };

  // Transaction boundaries and LSNs.
  const auto &b1 = std::get<BeginMessage>(at(0));
  const auto &c1 = std::get<CommitMessage>(at(7));
  const auto &b2 = std::get<BeginMessage>(at(8));
  const auto &c2 = std::get<CommitMessage>(at(16));
  EXPECT(b1.final_lsn == c1.commit_lsn, FormatLsn(b1.final_lsn), " vs ",
         FormatLsn(c1.commit_lsn));
  EXPECT(b2.final_lsn == c2.commit_lsn);
  EXPECT(c1.commit_lsn < c1.end_lsn && c1.end_lsn <= c2.commit_lsn &&
             c2.commit_lsn < c2.end_lsn,
         FormatLsn(c1.commit_lsn), " ", FormatLsn(c1.end_lsn), " ",
         FormatLsn(c2.commit_lsn), " ", FormatLsn(c2.end_lsn));
  EXPECT(c1.flags == 0 && c2.flags == 0);
  EXPECT(b1.commit_time == c1.commit_time && b2.commit_time == c2.commit_time);
  EXPECT(c1.commit_time <= c2.commit_time);
  EXPECT(std::llabs(NowPg() - c2.commit_time) < 3'600'000'000LL, "commit time ",
         c2.commit_time, " is not about now ", NowPg());
  EXPECT(b1.xid != 0 && b2.xid != 0 && b1.xid != b2.xid);
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT(got[i - 1].data_start <= got[i].data_start || got[i].data_start == 0,
           "XLogData start went back at ", i, ": ",
           FormatLsn(got[i - 1].data_start), " then ",
           FormatLsn(got[i].data_start));
  }

  // Relations.
  const auto &r_full = std::get<RelationMessage>(at(1));
  EXPECT(r_full.oid == full_oid && r_full.namespace_name == "public" &&
         r_full.name == names.full && r_full.replica_identity == 'f');
  REQUIRE(r_full.columns.size() == 3);
  // Under REPLICA IDENTITY FULL every column is flagged as part of the key.
  EXPECT(r_full.columns[0].name == "id" && r_full.columns[0].type_oid == 23 &&
         r_full.columns[0].type_modifier == -1);
  EXPECT(r_full.columns[1].name == "a" && r_full.columns[1].type_oid == 25);
  EXPECT(r_full.columns[2].name == "big" && r_full.columns[2].type_oid == 25);
  EXPECT(r_full.columns[0].is_key() && r_full.columns[1].is_key() &&
             r_full.columns[2].is_key(),
         "FULL identity key flags");
  const auto &r_key = std::get<RelationMessage>(at(5));
  EXPECT(r_key.oid == key_oid && r_key.name == names.key &&
         r_key.replica_identity == 'd');
  REQUIRE(r_key.columns.size() == 2);
  EXPECT(r_key.columns[0].is_key() && !r_key.columns[1].is_key());
  EXPECT(r_key.columns[1].name == "v" && r_key.columns[1].type_oid == 1043 &&
             r_key.columns[1].type_modifier == 20 + 4,
         "varchar(20) typmod is n + 4");

  // Transaction 1: inserts, with NULL, UTF-8 and the whole TOASTed value.
  const std::string unicode =
      "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9f\x90\x98";
  auto insert = [&](size_t i) { return std::get<InsertMessage>(at(i)); };
  EXPECT(insert(2).relation_oid == full_oid);
  EXPECT(insert(2).new_tuple == (Tuple{Text("1"), Null(), Text("small")}),
         Show(insert(2).new_tuple));
  EXPECT(insert(3).new_tuple == (Tuple{Text("2"), Text(unicode), Null()}),
         Show(insert(3).new_tuple));
  EXPECT(insert(4).new_tuple == (Tuple{Text("3"), Text("before"), Text(big)}),
         Show(insert(4).new_tuple));
  EXPECT(insert(6).relation_oid == key_oid);
  EXPECT(insert(6).new_tuple == (Tuple{Text("10"), Text("ten")}));

  // Transaction 2.
  const auto &u1 = std::get<UpdateMessage>(at(9));
  EXPECT(u1.relation_oid == full_oid);
  REQUIRE(u1.old_tuple.has_value(), "FULL identity sends the old row");
  EXPECT(u1.old_tuple->kind == OldTuple::Kind::kFull);
  // The old row under FULL identity is flattened: the TOASTed value is sent.
  EXPECT(u1.old_tuple->tuple == (Tuple{Text("3"), Text("before"), Text(big)}),
         Show(u1.old_tuple->tuple));
  // The new row does not carry the untouched TOASTed value.
  EXPECT(u1.new_tuple == (Tuple{Text("3"), Text("after"), Toast()}),
         Show(u1.new_tuple));

  const auto &d1 = std::get<DeleteMessage>(at(10));
  EXPECT(d1.relation_oid == full_oid &&
         d1.old_tuple.kind == OldTuple::Kind::kFull);
  EXPECT(d1.old_tuple.tuple == (Tuple{Text("1"), Null(), Text("small")}),
         Show(d1.old_tuple.tuple));

  const auto &u2 = std::get<UpdateMessage>(at(11));
  EXPECT(u2.relation_oid == key_oid && !u2.old_tuple.has_value(),
         "a non-key update under default identity has no old tuple");
  EXPECT(u2.new_tuple == (Tuple{Text("10"), Text("TEN")}), Show(u2.new_tuple));

  const auto &u3 = std::get<UpdateMessage>(at(12));
  REQUIRE(u3.old_tuple.has_value(), "a key update sends the old key");
  EXPECT(u3.old_tuple->kind == OldTuple::Kind::kKey);
  EXPECT(u3.old_tuple->tuple == (Tuple{Text("10"), Null()}),
         Show(u3.old_tuple->tuple));
  EXPECT(u3.new_tuple == (Tuple{Text("11"), Text("TEN")}), Show(u3.new_tuple));

  const auto &d2 = std::get<DeleteMessage>(at(13));
  EXPECT(d2.old_tuple.kind == OldTuple::Kind::kKey);
  EXPECT(d2.old_tuple.tuple == (Tuple{Text("11"), Null()}),
         Show(d2.old_tuple.tuple));

  EXPECT(std::get<RelationMessage>(at(14)) == r_key,
         "re-sent Relation differs");
  const auto &t = std::get<TruncateMessage>(at(15));
  EXPECT(t.relation_oids == std::vector<uint32_t>{key_oid});
  EXPECT(t.options == TruncateMessage::kRestartIdentity, "options ",
         static_cast<int>(t.options));
  return true;
}

bool Test(const std::string &conninfo, Cleanup &cleanup) {
  const Names &names = cleanup.names;
  PGconn *admin = PQconnectdb(conninfo.c_str());
  struct Closer {
    PGconn *c;
    ~Closer() { PQfinish(c); }
  } closer{admin};
  REQUIRE(PQstatus(admin) == CONNECTION_OK, PQerrorMessage(admin));
  REQUIRE(Run(admin, "SET client_min_messages = warning"));

  REQUIRE(Run(
      admin,
      absl::StrCat(
          "CREATE TABLE ", names.full,
          " (id int PRIMARY KEY, a text, big text);", "ALTER TABLE ",
          names.full, " REPLICA IDENTITY FULL;",
          // EXTERNAL: stored out of line without compression, so it is TOASTed.
          "ALTER TABLE ", names.full, " ALTER COLUMN big SET STORAGE EXTERNAL;",
          "CREATE TABLE ", names.key, " (id int PRIMARY KEY, v varchar(20));",
          "CREATE PUBLICATION ", names.pub, " FOR TABLE ", names.full, ", ",
          names.key)));
  auto full_oid =
      Scalar(admin, absl::StrCat("SELECT '", names.full, "'::regclass::oid"));
  auto key_oid =
      Scalar(admin, absl::StrCat("SELECT '", names.key, "'::regclass::oid"));
  REQUIRE(full_oid && key_oid);

  cleanup.repl =
      PQconnectdb(absl::StrCat(conninfo, " replication=database").c_str());
  PGconn *repl = cleanup.repl;
  REQUIRE(PQstatus(repl) == CONNECTION_OK, PQerrorMessage(repl));
  PGresult *slot =
      Exec(repl,
           absl::StrCat("CREATE_REPLICATION_SLOT ", names.slot,
                        " TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT"),
           PGRES_TUPLES_OK);
  REQUIRE(slot != nullptr);
  std::string consistent_point = PQgetvalue(slot, 0, 1);
  PQclear(slot);
  auto start = ParseLsn(consistent_point);
  REQUIRE(start.ok(), start.status().ToString());

  std::string big;
  for (int i = 0; big.size() < 100'000; ++i)
    absl::StrAppend(&big, i, ",");
  REQUIRE(Run(
      admin,
      absl::StrCat("BEGIN;", "INSERT INTO ", names.full,
                   " VALUES (1, NULL, 'small');", "INSERT INTO ", names.full,
                   " VALUES (2, 'h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 "
                   "\xf0\x9f\x90\x98', NULL);",
                   "INSERT INTO ", names.full, " VALUES (3, 'before', '", big,
                   "');", "INSERT INTO ", names.key, " VALUES (10, 'ten');",
                   "COMMIT;")));
  // (pg_column_size would report the detoasted size: look at the TOAST table.)
  auto toasted =
      Scalar(admin, absl::StrCat("SELECT pg_relation_size(reltoastrelid) > "
                                 "90000 FROM pg_class WHERE oid = '",
                                 names.full, "'::regclass"));
  EXPECT(toasted && *toasted == "t", "the big value is stored out of line");
  REQUIRE(Run(
      admin, absl::StrCat("BEGIN;", "UPDATE ", names.full,
                          " SET a = 'after' WHERE id = 3;", "DELETE FROM ",
                          names.full, " WHERE id = 1;", "UPDATE ", names.key,
                          " SET v = 'TEN' WHERE id = 10;", "UPDATE ", names.key,
                          " SET id = 11 WHERE id = 10;", "DELETE FROM ",
                          names.key, " WHERE id = 11;", "TRUNCATE ", names.key,
                          " RESTART IDENTITY;", "COMMIT;")));

  PGresult *copy = Exec(repl,
                        absl::StrCat("START_REPLICATION SLOT ", names.slot,
                                     " LOGICAL ", FormatLsn(*start),
                                     " (proto_version '1', publication_names '",
                                     names.pub, "')"),
                        PGRES_COPY_BOTH);
  REQUIRE(copy != nullptr);
  PQclear(copy);

  std::vector<Received> got;
  uint32_t full = static_cast<uint32_t>(std::stoul(*full_oid));
  uint32_t key = static_cast<uint32_t>(std::stoul(*key_oid));
  if (!Stream(repl, {full, key}, &got))
    return false;
  if (!Check(got, full, key, big, names))
    return false;

  // Confirm the last commit: the slot's confirmed_flush_lsn must follow.
  Lsn end = std::get<CommitMessage>(got.back().message).end_lsn;
  std::string r = EncodeStandbyStatusUpdate({end, end, end, NowPg(), false});
  REQUIRE(PQputCopyData(repl, r.data(), static_cast<int>(r.size())) == 1);
  REQUIRE(PQflush(repl) == 0);
  auto deadline = Clock::now() + std::chrono::seconds(10);
  Lsn confirmed = 0;
  while (Clock::now() < deadline) {
    auto text =
        Scalar(admin, absl::StrCat("SELECT confirmed_flush_lsn FROM "
                                   "pg_replication_slots WHERE slot_name = '",
                                   names.slot, "'"));
    if (text) {
      auto lsn = ParseLsn(*text);
      if (lsn.ok())
        confirmed = *lsn;
    }
    if (confirmed >= end)
      break;
    // Keep the connection's input drained while we wait.
    PQconsumeInput(repl);
    usleep(50'000);
  }
  EXPECT(confirmed == end, "confirmed_flush_lsn ", FormatLsn(confirmed),
         ", sent ", FormatLsn(end));

  // End the COPY, then drop the slot on the same connection.
  REQUIRE(PQputCopyEnd(repl, nullptr) == 1, PQerrorMessage(repl));
  deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    char *buf = nullptr;
    int n = PQgetCopyData(repl, &buf, /*async=*/0);
    if (buf != nullptr)
      PQfreemem(buf);
    if (n < 0)
      break;
    REQUIRE(Clock::now() < deadline, "server did not end the COPY");
  }
  while (PGresult *res = PQgetResult(repl)) {
    EXPECT(PQresultStatus(res) == PGRES_COMMAND_OK ||
               PQresultStatus(res) == PGRES_COPY_OUT,
           PQresStatus(PQresultStatus(res)), " ", PQerrorMessage(repl));
    PQclear(res);
  }
  REQUIRE(
      Run(repl, absl::StrCat("DROP_REPLICATION_SLOT ", names.slot, " WAIT")));
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s \"<libpq conninfo>\"\n", argv[0]);
    return 2;
  }
  auto started = Clock::now();
  std::string conninfo = argv[1];
  std::string base = absl::StrCat("freshet_pgoutput_it_", getpid());
  {
    Cleanup cleanup{
        conninfo,
        {base + "_full", base + "_key", base + "_pub", base + "_slot"}};
    Test(conninfo, cleanup);
  }
  // Nothing may be left behind.
  PGconn *admin = PQconnectdb(conninfo.c_str());
  auto left = Scalar(
      admin,
      absl::StrCat(
          "SELECT (SELECT count(*) FROM pg_replication_slots WHERE slot_name "
          "LIKE '",
          base,
          "%') + (SELECT count(*) FROM pg_publication WHERE pubname LIKE '",
          base, "%') + (SELECT count(*) FROM pg_class WHERE relname LIKE '",
          base, "%')"));
  EXPECT(left && *left == "0", "objects left behind: ", left.value_or("?"));
  PQfinish(admin);
  std::fprintf(stderr, "%s in %.2f s\n", g_failures == 0 ? "PASSED" : "FAILED",
               Seconds(started));
  return g_failures == 0 ? 0 : 1;
}
