// storage_crash: the kill -9 test of freshet::storage (README.md).
//
//   storage_crash run --kills K [--seed S] [--dir D] [--min-ms A] [--max-ms B] [--split-commits]
//   storage_crash child DIR SEED [--verify-only] [--steps M] [--split-commits]
//
// --split-commits is the harness's self-check: children commit a step's
// updates and its frontier separately, a bug the run must catch.
// STORAGE_CRASH_TRACE=1 makes children print each step's duration.
//
// `run` starts `child` processes on one directory one after the other and
// kills each with SIGKILL at a random moment. A child opens the storage,
// reads the frontier "crash/commit" (N, the number of steps whose commits
// are in), rebuilds the state after steps 1..N from the seed in memory and
// compares it with everything a snapshot shows, prints "verified N ...",
// then goes on committing steps N+1, N+2, ... until it is killed.
//
// Step i is generated from an RNG seeded with (seed, i) and the model state
// after step i-1, so every child regenerates the same stream. A step is one
// of:
//   commit   one multi-collection commit (inserts, deletes, repeated rows,
//            creates, drops, secrets, frontiers), sometimes preceded by a
//            deliberately invalid commit that must fail and change nothing;
//   bulk     a bulk load of a new collection (one or two writers, a few
//            thousand rows with repeats, small sorted runs), published by
//            the step's commit; sometimes an abandoned load before it;
//   round    2-4 commits from as many threads at once, on disjoint
//            collections (so group commit puts them into one write), each
//            naming itself in its own frontier "crash/t<j>" = i, then one
//            closing commit that sets "crash/commit" = i. After a crash in
//            the middle of a round, the state must be the state after step
//            i-1 plus exactly the round's commits whose frontiers are in.
// Before a step, sometimes, one live collection is settled (rewritten into
// pages, docs/storage.md): invisible to the model, but a kill may land in
// the middle of it.
// Every step ends with the commit that sets "crash/commit" = i; a bulk load
// or a round interrupted before it must leave nothing (a round: nothing but
// the commits its per-thread frontiers name).
//
// Durability: after each acknowledged step the child writes the step number
// to DIR/ack (plain pwrite; SIGKILL keeps the page cache), and the next child
// checks that the storage holds at least that prefix.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <latch>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "storage/storage.h"
#include "types/datum.h"
#include "types/row_codec.h"

namespace freshet::crash {
namespace {

using storage::CollectionId;
using storage::CommitInfo;
using storage::CommitRequest;
using storage::Update;
using types::Datum;
using types::Row;

constexpr char kCommitFrontier[] = "crash/commit";
constexpr char kOtherFrontier[] = "crash/other";
constexpr int kMaxThreads = 4;
constexpr int kSecretNames = 3;
// Stats bytes of a collection never bulk loaded: per distinct row, its
// encoding plus the 9-byte key prefix and the 8-byte count (docs/storage.md).
constexpr int64_t kStatsBytesPerRow = 17;
// Every this many steps a child compares the live state (and the snapshot it
// took at start) with the model.
constexpr uint64_t kCheckEvery = 64;

std::string ThreadFrontier(int j) { return absl::StrCat("crash/t", j); }
std::string SecretName(int k) { return absl::StrCat("crash-secret-", k); }

std::vector<std::string> FrontierNames() {
  std::vector<std::string> names = {kCommitFrontier, kOtherFrontier};
  for (int j = 0; j < kMaxThreads; ++j) names.push_back(ThreadFrontier(j));
  return names;
}

// ---------------------------------------------------------------------------
// Randomness: one generator per (seed, step), so a step's content does not
// depend on how many numbers earlier steps drew.

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) {
    std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32), static_cast<uint32_t>(stream),
                      static_cast<uint32_t>(stream >> 32), 0x5eedu};
    gen_.seed(seq);
  }
  uint64_t Next() { return gen_(); }
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : gen_() % n; }
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool Chance(double p) { return static_cast<double>(gen_() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::mt19937_64 gen_;
};

// ---------------------------------------------------------------------------
// The model: what the storage must show after a prefix of the steps.

struct CollectionModel {
  std::map<std::string, int64_t> rows;  // row encoding -> count (> 0); byte order
  bool bulk = false;                    // bulk loaded: stats.bytes is an upper estimate
};

struct Model {
  std::map<CollectionId, CollectionModel> live;
  std::vector<CollectionId> free_ids;  // dropped or abandoned ids, reusable
  CollectionId next_id = 1;            // never used yet from here on
  std::map<std::string, std::string> frontiers;
  std::map<std::string, std::string> secrets;
};

std::string DescribeRow(std::string_view encoded) {
  Row row;
  if (!types::DecodeRow(encoded, &row).ok()) return absl::StrCat("<undecodable, ", encoded.size(), " bytes>");
  std::vector<std::string> parts;
  for (const Datum& d : row) {
    if (d.is_null()) {
      parts.push_back("NULL");
    } else if (d.holds_bool()) {
      parts.push_back(d.as_bool() ? "true" : "false");
    } else if (d.holds_int()) {
      parts.push_back(absl::StrCat(d.as_int()));
    } else if (d.holds_double()) {
      parts.push_back(absl::StrFormat("%.17g", d.as_double()));
    } else if (d.as_string().size() > 40) {
      parts.push_back(absl::StrCat("'", d.as_string().substr(0, 20), "...' (", d.as_string().size(), " bytes)"));
    } else {
      parts.push_back(absl::StrCat("'", absl::CHexEscape(d.as_string()), "'"));
    }
  }
  return absl::StrCat("(", absl::StrJoin(parts, ", "), ")");
}

[[noreturn]] void Die(std::string_view message) {
  fprintf(stderr, "storage_crash: %.*s\n", static_cast<int>(message.size()), message.data());
  fflush(stderr);
  _exit(1);
}

absl::Status ApplyUpdate(Model* m, const Update& u) {
  auto c = m->live.find(u.collection);
  if (c == m->live.end()) return absl::InternalError(absl::StrCat("model: no collection ", u.collection));
  std::string key = types::EncodeRow(u.row);
  int64_t next = c->second.rows[key] + u.diff;
  if (next < 0) return absl::InternalError(absl::StrCat("model: negative count in ", u.collection));
  if (next == 0) {
    c->second.rows.erase(key);
  } else {
    c->second.rows[key] = next;
  }
  return absl::OkStatus();
}

void ApplyCreate(Model* m, CollectionId id, bool bulk = false) {
  m->live[id] = CollectionModel{{}, bulk};
  std::erase(m->free_ids, id);
  m->next_id = std::max(m->next_id, id + 1);
}

void ApplyDrop(Model* m, CollectionId id) {
  m->live.erase(id);
  m->free_ids.push_back(id);
}

void ApplySecrets(Model* m, const CommitRequest& r) {
  for (const auto& w : r.secrets) {
    if (w.plaintext) {
      m->secrets[w.name] = *w.plaintext;
    } else {
      m->secrets.erase(w.name);
    }
  }
}

// In the order storage applies a commit: creates, updates, frontiers,
// secrets, drops.
absl::Status ApplyCommit(Model* m, const CommitRequest& r) {
  for (CollectionId id : r.create) ApplyCreate(m, id);
  for (const Update& u : r.updates) FRESHET_RETURN_IF_ERROR(ApplyUpdate(m, u));
  for (const auto& [name, value] : r.frontiers) m->frontiers[name] = value;
  ApplySecrets(m, r);
  for (CollectionId id : r.drop) ApplyDrop(m, id);
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Generating steps. Generation applies each change to the model as it goes,
// so deletes only ever name rows the model has.

int Arity(CollectionId id) { return 1 + static_cast<int>(id % 4); }

Datum RandomDouble(Rng& rng) {
  static const double kPool[] = {0.0,
                                 -0.0,
                                 1.5,
                                 -2.25,
                                 1e300,
                                 -1e-300,
                                 3.141592653589793,
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN(),
                                 -std::numeric_limits<double>::quiet_NaN(),
                                 std::numeric_limits<double>::denorm_min()};
  if (rng.Chance(0.7)) return Datum::FromDouble(kPool[rng.Below(std::size(kPool))]);
  return Datum::FromDouble(static_cast<double>(rng.Between(-1000000, 1000000)) / 64.0);
}

Datum BigString(Rng& rng) {
  std::string big(static_cast<size_t>(rng.Between(1000, 30000)), 'b');
  for (size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + rng.Below(26));
  return Datum::FromString(std::move(big));
}

Datum RandomString(Rng& rng, bool allow_big) {
  static const char* const kPool[] = {"", "a", "hello", "Hello", "grüße", "x y z", "🙂", "NULL", "''"};
  uint64_t r = rng.Below(100);
  if (r < 60) return Datum::FromString(kPool[rng.Below(std::size(kPool))]);
  if (r < 63) return Datum::FromString(std::string("nul\0inside", 10));
  if (r < 99 || !allow_big) return Datum::FromString(absl::StrCat("s", rng.Below(200)));
  return BigString(rng);  // now and then
}

Datum RandomDatum(Rng& rng, bool allow_big) {
  uint64_t r = rng.Below(100);
  if (r < 15) return Datum();
  if (r < 25) return Datum::FromBool(rng.Chance(0.5));
  if (r < 45) {
    static const int64_t kInts[] = {
        0, -1, 1, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 255, 256, -256, 1000000};
    if (rng.Chance(0.5)) return Datum::FromInt(kInts[rng.Below(std::size(kInts))]);
    return Datum::FromInt(rng.Between(-100, 100));
  }
  if (r < 65) return RandomDouble(rng);
  return RandomString(rng, allow_big);
}

// The first column is a small integer (so rows repeat); key_range widens it.
// Bulk loads leave out big values (each sorted run costs an ingest with its
// fsyncs, and runs are small here) but add a few of their own.
Row RandomRow(Rng& rng, CollectionId id, int64_t key_range = 30, bool allow_big = true) {
  Row row;
  if (rng.Chance(0.9)) {
    row.push_back(Datum::FromInt(rng.Between(0, key_range - 1)));
  } else {
    row.push_back(RandomDatum(rng, allow_big));
  }
  for (int i = 1; i < Arity(id); ++i) row.push_back(RandomDatum(rng, allow_big));
  return row;
}

void AddUpdate(Model* m, CommitRequest* r, CollectionId id, Row row, int64_t diff) {
  Update u{id, std::move(row), diff};
  absl::Status s = ApplyUpdate(m, u);
  if (!s.ok()) Die(s.ToString());
  r->updates.push_back(std::move(u));
}

// A row the collection holds, chosen near a random probe row (deterministic
// and O(log n)); nullopt if the collection is empty.
std::optional<std::pair<Row, int64_t>> SomeRow(Model* m, Rng& rng, CollectionId id) {
  const auto& rows = m->live.at(id).rows;
  if (rows.empty()) return std::nullopt;
  auto it = rows.lower_bound(types::EncodeRow(RandomRow(rng, id)));
  if (it == rows.end()) it = rows.begin();
  Row row;
  if (!types::DecodeRow(it->first, &row).ok()) Die("model holds an undecodable row");
  return std::make_pair(std::move(row), it->second);
}

void RandomUpdates(Model* m, Rng& rng, CommitRequest* r, const std::vector<CollectionId>& ids, int n) {
  for (int k = 0; k < n; ++k) {
    CollectionId id = rng.Pick(ids);
    auto existing = m->live.at(id).rows.empty() || rng.Chance(0.55) ? std::nullopt : SomeRow(m, rng, id);
    if (!existing) {
      Row row = RandomRow(rng, id);
      int64_t diff = rng.Chance(0.7) ? 1 : rng.Between(2, 4);
      if (rng.Chance(0.05)) {  // added and taken away again in the same commit
        AddUpdate(m, r, id, row, diff);
        AddUpdate(m, r, id, std::move(row), -diff);
      } else {
        AddUpdate(m, r, id, std::move(row), diff);
      }
    } else {
      auto& [row, count] = *existing;
      int64_t diff = rng.Chance(0.7) ? 1 : rng.Between(1, count);
      AddUpdate(m, r, id, std::move(row), -diff);
    }
  }
}

std::vector<CollectionId> LiveIds(const Model& m) {
  std::vector<CollectionId> ids;
  for (const auto& [id, c] : m.live) ids.push_back(id);
  return ids;
}

// A new id: a freed one (dropped earlier) now and then, else a fresh one.
CollectionId NewId(Model* m, Rng& rng, bool allow_reuse) {
  if (allow_reuse && !m->free_ids.empty() && rng.Chance(0.3)) return rng.Pick(m->free_ids);
  return m->next_id++;
}

void SetFrontier(Model* m, CommitRequest* r, std::string name, std::string value) {
  m->frontiers[name] = value;
  r->frontiers.emplace_back(std::move(name), std::move(value));
}

// One valid serial commit: creates, updates over a few collections, secrets,
// another frontier, drops.
void GenCommit(Model* m, Rng& rng, CommitRequest* r) {
  std::vector<CollectionId> touched;
  if (m->live.empty() || (m->live.size() < 3 && rng.Chance(0.7)) || rng.Chance(0.08)) {
    CollectionId id = NewId(m, rng, true);
    ApplyCreate(m, id);
    r->create.push_back(id);
    touched.push_back(id);
  }
  std::vector<CollectionId> ids = LiveIds(*m);
  int64_t fan = rng.Between(1, std::min<int64_t>(4, static_cast<int64_t>(ids.size())));
  for (int64_t k = 0; k < fan; ++k) touched.push_back(rng.Pick(ids));
  int n = static_cast<int>(rng.Chance(0.1) ? rng.Between(20, 60) : rng.Between(1, 20));
  RandomUpdates(m, rng, r, touched, n);
  if (rng.Chance(0.1)) {
    std::string name = SecretName(static_cast<int>(rng.Below(kSecretNames)));
    std::optional<std::string> value;
    if (rng.Chance(0.7)) value = rng.Chance(0.1) ? std::string() : absl::StrCat("secret ", rng.Next());
    if (value) {
      m->secrets[name] = *value;
    } else {
      m->secrets.erase(name);
    }
    r->secrets.push_back(storage::SecretWrite{std::move(name), std::move(value)});
  }
  if (rng.Chance(0.1)) SetFrontier(m, r, kOtherFrontier, absl::StrCat(rng.Next()));
  size_t live = m->live.size();
  if (live > 4 && rng.Chance(live > 10 ? 0.4 : 0.06)) {
    CollectionId id = rng.Pick(LiveIds(*m));
    if (std::find(r->create.begin(), r->create.end(), id) == r->create.end()) {
      ApplyDrop(m, id);
      r->drop.push_back(id);
    }
  }
}

// A row no collection ever holds.
Row AbsentRow(CollectionId id, uint64_t step) {
  Row row(static_cast<size_t>(Arity(id)));  // NULLs
  row[0] = Datum::FromString(absl::StrCat("absent-", step));
  return row;
}

enum class Kind { kCommit, kInvalid, kBulk, kRound };

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kCommit:
      return "commit";
    case Kind::kInvalid:
      return "invalid+commit";
    case Kind::kBulk:
      return "bulk";
    case Kind::kRound:
      return "round";
  }
  return "?";
}

using BulkRows = std::vector<std::pair<Row, int64_t>>;

struct Step {
  uint64_t number = 0;
  Kind kind = Kind::kCommit;
  // The commit that sets "crash/commit" = number: the step's commit, the
  // bulk load's Publish, or the round's closing commit.
  CommitRequest main;
  // A commit that must fail with `invalid_code` (before `main`, or during a
  // round) and change nothing.
  std::optional<CommitRequest> invalid;
  absl::StatusCode invalid_code = absl::StatusCode::kOk;
  // kRound: one commit per thread.
  std::vector<CommitRequest> subs;
  // kBulk.
  CollectionId bulk_id = 0;
  std::vector<BulkRows> writers;
  std::optional<CollectionId> existing_bulk_id;  // BeginBulkLoad must say AlreadyExists
  std::optional<CollectionId> abandon_id;        // a load destroyed without Publish
  BulkRows abandon_rows;
  bool abandon_finish = false;
  // Settled before the step (it changes no row).
  std::optional<CollectionId> settle;
};

// Builds an invalid commit over the collections `ids` (all live), without
// touching the model.
void GenInvalid(const Model& m, Rng& rng, uint64_t step, const std::vector<CollectionId>& ids, bool serial, Step* s) {
  CommitRequest bad;
  // Valid-looking inserts, and a frontier and a secret that must not land.
  for (int k = 0, n = static_cast<int>(rng.Between(0, 6)); k < n; ++k) {
    CollectionId id = rng.Pick(ids);
    bad.updates.push_back(Update{id, RandomRow(rng, id), rng.Between(1, 3)});
  }
  bad.frontiers.emplace_back(kCommitFrontier, absl::StrCat(step + 1000000000));
  bad.secrets.push_back(storage::SecretWrite{SecretName(0), "must not land"});
  uint64_t kind = serial ? rng.Below(4) : 0;
  CollectionId id = rng.Pick(ids);
  switch (kind) {
    case 0:  // a delete of a row nobody has
      bad.updates.push_back(Update{id, AbsentRow(id, step), -1});
      s->invalid_code = absl::StatusCode::kFailedPrecondition;
      break;
    case 1: {  // a delete of one copy too many
      auto it = m.live.at(id).rows.begin();
      if (it == m.live.at(id).rows.end()) {
        bad.updates.push_back(Update{id, AbsentRow(id, step), -2});
      } else {
        // One more than the collection has, and than the inserts above add.
        int64_t have = it->second;
        for (const Update& u : bad.updates) {
          if (u.collection == id && types::EncodeRow(u.row) == it->first) have += u.diff;
        }
        Row row;
        if (!types::DecodeRow(it->first, &row).ok()) Die("model holds an undecodable row");
        bad.updates.push_back(Update{id, std::move(row), -(have + 1)});
      }
      s->invalid_code = absl::StatusCode::kFailedPrecondition;
      break;
    }
    case 2:  // an update of a collection that does not exist
      if (rng.Chance(0.5)) {
        CollectionId missing = m.next_id + 1000;
        bad.updates.push_back(Update{missing, RandomRow(rng, missing), 1});
      } else {
        bad.drop.push_back(m.next_id + 7);
      }
      s->invalid_code = absl::StatusCode::kNotFound;
      break;
    default:  // a create of a collection that exists
      bad.create.push_back(id);
      s->invalid_code = absl::StatusCode::kAlreadyExists;
      break;
  }
  s->invalid = std::move(bad);
}

BulkRows GenBulkRows(Rng& rng, CollectionId id, int64_t n, BulkRows* all) {
  BulkRows rows;
  for (int64_t k = 0; k < n; ++k) {
    if (!all->empty() && rng.Chance(0.1)) {
      rows.push_back(rng.Pick(*all));  // an exact repeat, maybe of another writer's row
    } else {
      Row row = RandomRow(rng, id, std::max<int64_t>(2, n / 2), /*allow_big=*/false);
      if (rng.Chance(0.001)) row.back() = BigString(rng);
      rows.emplace_back(std::move(row), rng.Chance(0.85) ? 1 : rng.Between(2, 3));
    }
    all->push_back(rows.back());
  }
  return rows;
}

// Generates step `number` and applies it (all of it) to `m`.
Step GenerateStep(Model* m, uint64_t seed, uint64_t number) {
  Rng rng(seed, number);
  Step s;
  s.number = number;
  // From an RNG of its own, so that the steps themselves stay as they were.
  Rng settle_rng(seed ^ 0x5e771e5e771eULL, number);
  if (!m->live.empty() && settle_rng.Chance(0.25)) s.settle = settle_rng.Pick(LiveIds(*m));
  std::string frontier = absl::StrCat(number);
  uint64_t r = rng.Below(100);
  if (m->live.empty()) r = 99;
  if (r < 8) {
    s.kind = Kind::kBulk;
    if (!m->live.empty() && rng.Chance(0.2)) s.existing_bulk_id = rng.Pick(LiveIds(*m));
    if (rng.Chance(0.15)) {
      s.abandon_id = m->next_id++;
      BulkRows all;
      s.abandon_rows = GenBulkRows(rng, *s.abandon_id, rng.Between(1, 500), &all);
      s.abandon_finish = rng.Chance(0.5);
      m->free_ids.push_back(*s.abandon_id);
    }
    s.bulk_id = NewId(m, rng, true);
    ApplyCreate(m, s.bulk_id, /*bulk=*/true);
    int64_t total = rng.Between(500, 5000);
    int writers = rng.Chance(0.5) ? 2 : 1;
    BulkRows all;
    for (int w = 0; w < writers; ++w) {
      s.writers.push_back(GenBulkRows(rng, s.bulk_id, total / writers, &all));
      for (const auto& [row, diff] : s.writers.back()) {
        if (!ApplyUpdate(m, Update{s.bulk_id, row, diff}).ok()) Die("model: bulk rows");
      }
    }
    // The Publish commit: sometimes updates of the loaded collection itself,
    // of others, a create and a drop, always the frontier.
    CommitRequest& p = s.main;
    if (rng.Chance(0.3)) RandomUpdates(m, rng, &p, {s.bulk_id}, static_cast<int>(rng.Between(1, 10)));
    std::vector<CollectionId> others;
    for (CollectionId id : LiveIds(*m)) {
      if (id != s.bulk_id) others.push_back(id);
    }
    if (!others.empty() && rng.Chance(0.5)) {
      RandomUpdates(m, rng, &p, others, static_cast<int>(rng.Between(1, 10)));
    }
    if (rng.Chance(0.15)) {
      CollectionId id = m->next_id++;
      ApplyCreate(m, id);
      p.create.push_back(id);
      RandomUpdates(m, rng, &p, {id}, static_cast<int>(rng.Between(0, 5)));
    }
    if (others.size() > 4 && rng.Chance(0.15)) {
      CollectionId id = rng.Pick(others);
      ApplyDrop(m, id);
      p.drop.push_back(id);
    }
  } else if (r < 18) {
    s.kind = Kind::kRound;
    int threads = static_cast<int>(rng.Between(2, kMaxThreads));
    std::vector<CollectionId> start_ids = LiveIds(*m);
    std::set<CollectionId> dropped;
    for (int j = 0; j < threads; ++j) {
      CommitRequest sub;
      std::vector<CollectionId> own;
      for (size_t k = j; k < start_ids.size(); k += threads) own.push_back(start_ids[k]);
      if (own.empty() || rng.Chance(0.1)) {
        // Fresh ids only: a freed id could be dropped by one thread and
        // created by another in the same round.
        CollectionId id = m->next_id++;
        ApplyCreate(m, id);
        sub.create.push_back(id);
        own.push_back(id);
      }
      RandomUpdates(m, rng, &sub, own, static_cast<int>(rng.Between(1, 12)));
      if (own.size() > 1 && m->live.size() > 4 && rng.Chance(0.1)) {
        CollectionId id = own.front();
        if (std::find(sub.create.begin(), sub.create.end(), id) == sub.create.end()) {
          ApplyDrop(m, id);
          sub.drop.push_back(id);
          dropped.insert(id);
        }
      }
      SetFrontier(m, &sub, ThreadFrontier(j), frontier);
      s.subs.push_back(std::move(sub));
    }
    std::vector<CollectionId> stable;
    for (CollectionId id : start_ids) {
      if (!dropped.contains(id)) stable.push_back(id);
    }
    if (!stable.empty() && rng.Chance(0.3)) GenInvalid(*m, rng, number, stable, /*serial=*/false, &s);
  } else {
    s.kind = Kind::kCommit;
    if (r < 26 && !m->live.empty()) {
      s.kind = Kind::kInvalid;
      GenInvalid(*m, rng, number, LiveIds(*m), /*serial=*/true, &s);
    }
    GenCommit(m, rng, &s.main);
  }
  SetFrontier(m, &s.main, kCommitFrontier, frontier);
  return s;
}

// ---------------------------------------------------------------------------
// Comparing a snapshot with the model.

absl::Status Mismatch(const std::string& what, const std::string& detail) {
  return absl::DataLossError(absl::StrCat("MISMATCH (", what, "): ", detail));
}

// Up to five rows whose counts differ, for the failure message.
std::string DescribeDiff(const std::map<std::string, int64_t>& have, const std::map<std::string, int64_t>& want) {
  std::vector<std::string> out;
  size_t differing = 0;
  std::set<std::string> keys;
  for (const auto& [k, v] : have) keys.insert(k);
  for (const auto& [k, v] : want) keys.insert(k);
  for (const std::string& k : keys) {
    auto h = have.find(k);
    auto w = want.find(k);
    int64_t hc = h == have.end() ? 0 : h->second, wc = w == want.end() ? 0 : w->second;
    if (hc == wc) continue;
    if (++differing <= 5) out.push_back(absl::StrCat(DescribeRow(k), ": storage x", hc, ", model x", wc));
  }
  return absl::StrCat(differing, " rows differ (storage has ", have.size(), " distinct rows, the model ", want.size(),
                      "): ", absl::StrJoin(out, "; "));
}

absl::Status VerifyCollection(const storage::Snapshot& snap, CollectionId id, const CollectionModel& c,
                              const std::string& what) {
  if (!snap.Exists(id)) return Mismatch(what, absl::StrCat("collection ", id, " does not exist"));
  auto cursor = snap.Scan(id);
  if (!cursor.ok()) return Mismatch(what, absl::StrCat("Scan(", id, "): ", cursor.status().ToString()));
  storage::Cursor& cur = **cursor;
  std::map<std::string, int64_t> have;
  int64_t rows = 0, bytes = 0;
  std::string prev;
  bool first = true;
  Row row;
  for (; cur.Valid(); cur.Next()) {
    std::string_view enc = cur.encoded_row();
    int64_t count = cur.count();
    if (!first && enc <= prev) return Mismatch(what, absl::StrCat("collection ", id, ": rows out of order"));
    first = false;
    prev.assign(enc);
    if (count <= 0) {
      return Mismatch(what, absl::StrCat("collection ", id, ": row ", DescribeRow(enc), " has count ", count));
    }
    absl::Status rs = cur.Read(&row);
    if (!rs.ok()) return Mismatch(what, absl::StrCat("collection ", id, ": Read: ", rs.ToString()));
    if (types::EncodeRow(row) != enc) {
      return Mismatch(what, absl::StrCat("collection ", id, ": row ", DescribeRow(enc),
                                         " decodes to a row that encodes differently"));
    }
    have.emplace_hint(have.end(), std::string(enc), count);
    rows += count;
    bytes += static_cast<int64_t>(enc.size()) + kStatsBytesPerRow;
  }
  if (!cur.status().ok()) return Mismatch(what, absl::StrCat("collection ", id, ": cursor: ", cur.status().ToString()));
  if (have != c.rows) return Mismatch(what, absl::StrCat("collection ", id, ": ", DescribeDiff(have, c.rows)));
  auto stats = snap.Stats(id);
  if (!stats.ok()) return Mismatch(what, absl::StrCat("Stats(", id, "): ", stats.status().ToString()));
  if (stats->rows != rows) {
    return Mismatch(what, absl::StrCat("collection ", id, ": stats say ", stats->rows, " rows, it has ", rows));
  }
  if (c.bulk ? stats->bytes < bytes : stats->bytes != bytes) {
    return Mismatch(what, absl::StrCat("collection ", id, ": stats say ", stats->bytes, " bytes, expected ",
                                       c.bulk ? "at least " : "", bytes));
  }
  return absl::OkStatus();
}

absl::Status Verify(const storage::Snapshot& snap, const Model& m, const std::string& what) {
  std::vector<CollectionId> want = LiveIds(m);
  std::vector<CollectionId> got = snap.Collections();
  if (got != want) {
    return Mismatch(what, absl::StrCat("collections: storage has [", absl::StrJoin(got, " "), "], the model [",
                                       absl::StrJoin(want, " "), "]"));
  }
  for (const auto& [id, c] : m.live) FRESHET_RETURN_IF_ERROR(VerifyCollection(snap, id, c, what));
  for (CollectionId id = 1; id < m.next_id + 2; ++id) {
    if (m.live.contains(id)) continue;
    if (snap.Exists(id)) return Mismatch(what, absl::StrCat("collection ", id, " exists"));
    if (snap.Stats(id).status().code() != absl::StatusCode::kNotFound) {
      return Mismatch(what,
                      absl::StrCat("Stats of the absent collection ", id, ": ", snap.Stats(id).status().ToString()));
    }
    auto cur = snap.Scan(id);
    if (cur.status().code() != absl::StatusCode::kNotFound) {
      return Mismatch(what, absl::StrCat("Scan of the absent collection ", id, ": ", cur.status().ToString()));
    }
  }
  for (const std::string& name : FrontierNames()) {
    std::optional<std::string> have = snap.Frontier(name);
    auto it = m.frontiers.find(name);
    std::optional<std::string> expect;
    if (it != m.frontiers.end()) expect = it->second;
    if (have != expect) {
      return Mismatch(what, absl::StrCat("frontier ", name, " is ", have ? *have : "absent", ", the model says ",
                                         expect ? *expect : "absent"));
    }
  }
  for (int k = 0; k < kSecretNames; ++k) {
    std::string name = SecretName(k);
    absl::StatusOr<std::string> have = snap.Secret(name);
    auto it = m.secrets.find(name);
    if (it == m.secrets.end()) {
      if (have.status().code() != absl::StatusCode::kNotFound) {
        return Mismatch(what, absl::StrCat("secret ", name, " should be absent: ", have.status().ToString()));
      }
    } else if (!have.ok() || *have != it->second) {
      return Mismatch(what, absl::StrCat("secret ", name, ": ", have.ok() ? "wrong value" : have.status().ToString()));
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// The ack file: what a child acknowledged and what it was doing, for the next
// child (durability) and the parent (statistics).

enum Slot { kAckStep = 0, kAckSub = 1 /* .. kAckSub + kMaxThreads - 1 */, kCurrentStep = 5, kPhase = 6, kSlots = 8 };
enum Phase : uint64_t {
  kIdle = 0,
  kRecovering,
  kCommitting,
  kInvalidCommit,
  kBulkWriting,
  kBulkPublishing,
  kAbandoning,
  kRound,
  kChecking,
  kStarting,  // written by the parent before it starts a child
  kSettling,
  kPhases
};
const char* PhaseName(uint64_t p) {
  static const char* const kNames[] = {"between steps", "recovery",       "commit", "invalid commit", "bulk writing",
                                       "bulk publish",  "abandoned load", "round",  "periodic check", "process start",
                                       "settle"};
  return p < kPhases ? kNames[p] : "?";
}

class AckFile {
 public:
  explicit AckFile(const std::string& path) {
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) Die(absl::StrCat("cannot open ", path, ": ", strerror(errno)));
  }
  ~AckFile() { close(fd_); }
  std::array<uint64_t, kSlots> ReadAll() const {
    std::array<uint64_t, kSlots> v{};
    ssize_t n = pread(fd_, v.data(), sizeof v, 0);
    if (n < 0) Die(absl::StrCat("reading the ack file: ", strerror(errno)));
    return v;
  }
  void Set(int slot, uint64_t value) const {
    if (pwrite(fd_, &value, sizeof value, slot * sizeof value) != static_cast<ssize_t>(sizeof value)) {
      Die(absl::StrCat("writing the ack file: ", strerror(errno)));
    }
  }

 private:
  int fd_;
};

std::array<uint64_t, kSlots> ReadAckFile(const std::string& path) {
  std::array<uint64_t, kSlots> v{};
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return v;
  if (pread(fd, v.data(), sizeof v, 0) < 0) v = {};
  close(fd);
  return v;
}

// ---------------------------------------------------------------------------
// The child.

class Child {
 public:
  Child(storage::Storage* st, const AckFile* ack, bool split) : st_(st), ack_(ack), split_(split) {}

  void SetLast(const CommitInfo& info) {
    last_seq_ = info.seq;
    last_ts_ = info.timestamp_ms;
  }

  absl::Status Execute(const Step& s, const std::vector<bool>& landed) {
    ack_->Set(kCurrentStep, s.number);
    if (s.settle) {
      ack_->Set(kPhase, kSettling);
      absl::StatusOr<bool> settled = st_->Settle(*s.settle);
      // A round that a kill cut short is run again with the commits that
      // landed left out; one of those may have dropped the collection.
      bool some_landed = std::find(landed.begin(), landed.end(), true) != landed.end();
      if (!settled.ok() && !(some_landed && absl::IsNotFound(settled.status()))) {
        return absl::InternalError(absl::StrCat("step ", s.number, ": settling collection ", *s.settle, ": ",
                                                settled.status().ToString()));
      }
    }
    switch (s.kind) {
      case Kind::kCommit:
      case Kind::kInvalid:
        if (s.invalid) {
          ack_->Set(kPhase, kInvalidCommit);
          FRESHET_RETURN_IF_ERROR(RunInvalidSerial(s));
        }
        ack_->Set(kPhase, kCommitting);
        if (split_) {
          // The self-check's deliberate bug: the frontier in a commit of its
          // own, after the updates. A kill in between must be caught.
          CommitRequest first = s.main, second;
          second.frontiers = std::move(first.frontiers);
          first.frontiers.clear();
          FRESHET_RETURN_IF_ERROR(CommitOk(first, "the step's commit (updates)"));
          FRESHET_RETURN_IF_ERROR(CommitOk(second, "the step's commit (frontier)"));
          break;
        }
        FRESHET_RETURN_IF_ERROR(CommitOk(s.main, "the step's commit"));
        break;
      case Kind::kBulk:
        FRESHET_RETURN_IF_ERROR(RunBulk(s));
        break;
      case Kind::kRound:
        ack_->Set(kPhase, kRound);
        FRESHET_RETURN_IF_ERROR(RunRound(s, landed));
        ack_->Set(kPhase, kCommitting);
        FRESHET_RETURN_IF_ERROR(CommitOk(s.main, "the round's closing commit"));
        break;
    }
    ack_->Set(kAckStep, s.number);
    ack_->Set(kPhase, kIdle);
    return absl::OkStatus();
  }

 private:
  absl::Status CheckInfo(const CommitInfo& info, const std::string& what) {
    if (info.seq <= last_seq_ || info.timestamp_ms <= last_ts_) {
      return absl::InternalError(absl::StrCat(what, ": commit seq/timestamp ", info.seq, "/", info.timestamp_ms,
                                              " not after ", last_seq_, "/", last_ts_));
    }
    SetLast(info);
    return absl::OkStatus();
  }

  absl::Status CommitOk(const CommitRequest& r, const std::string& what) {
    absl::StatusOr<CommitInfo> info = st_->Commit(r);
    if (!info.ok()) return absl::InternalError(absl::StrCat(what, " failed: ", info.status().ToString()));
    return CheckInfo(*info, what);
  }

  absl::Status CheckInvalidResult(const Step& s, const absl::StatusOr<CommitInfo>& r) {
    if (r.ok()) return absl::InternalError(absl::StrCat("step ", s.number, ": the invalid commit succeeded"));
    if (r.status().code() != s.invalid_code) {
      return absl::InternalError(absl::StrCat("step ", s.number, ": the invalid commit failed with ",
                                              r.status().ToString(), ", expected code ",
                                              absl::StatusCodeToString(s.invalid_code)));
    }
    return absl::OkStatus();
  }

  // The invalid commit alone: it must fail with the expected code, and no
  // commit may land (same seq, same frontier, same rows).
  absl::Status RunInvalidSerial(const Step& s) {
    std::shared_ptr<const storage::Snapshot> before = st_->GetSnapshot();
    absl::StatusOr<CommitInfo> r = st_->Commit(*s.invalid);
    FRESHET_RETURN_IF_ERROR(CheckInvalidResult(s, r));
    std::shared_ptr<const storage::Snapshot> after = st_->GetSnapshot();
    if (after->commit().seq != before->commit().seq ||
        after->Frontier(kCommitFrontier) != before->Frontier(kCommitFrontier)) {
      return absl::InternalError(absl::StrCat("step ", s.number, ": the failed commit changed the commit seq (",
                                              before->commit().seq, " -> ", after->commit().seq, ") or frontier"));
    }
    std::set<CollectionId> touched;
    for (const Update& u : s.invalid->updates) touched.insert(u.collection);
    for (CollectionId id : touched) {
      if (before->Exists(id) != after->Exists(id)) {
        return absl::InternalError(absl::StrCat("step ", s.number, ": the failed commit changed collection ", id));
      }
      if (!before->Exists(id)) continue;
      auto a = before->Scan(id);
      auto b = after->Scan(id);
      if (!a.ok() || !b.ok()) return absl::InternalError("scan failed");
      for (;; (*a)->Next(), (*b)->Next()) {
        if ((*a)->Valid() != (*b)->Valid()) {
          return absl::InternalError(absl::StrCat("step ", s.number, ": the failed commit changed collection ", id));
        }
        if (!(*a)->Valid()) break;
        if ((*a)->encoded_row() != (*b)->encoded_row() || (*a)->count() != (*b)->count()) {
          return absl::InternalError(absl::StrCat("step ", s.number, ": the failed commit changed collection ", id));
        }
      }
    }
    return absl::OkStatus();
  }

  static absl::Status Load(storage::BulkLoad::Writer* w, const BulkRows& rows, bool finish) {
    for (const auto& [row, diff] : rows) FRESHET_RETURN_IF_ERROR(w->Add(row, diff));
    return finish ? w->Finish() : absl::OkStatus();
  }

  absl::Status RunBulk(const Step& s) {
    ack_->Set(kPhase, kBulkWriting);
    if (s.existing_bulk_id) {
      auto bad = st_->BeginBulkLoad(*s.existing_bulk_id);
      if (bad.status().code() != absl::StatusCode::kAlreadyExists) {
        return absl::InternalError(absl::StrCat("BeginBulkLoad of the existing collection ", *s.existing_bulk_id, ": ",
                                                bad.status().ToString()));
      }
    }
    if (s.abandon_id) {
      ack_->Set(kPhase, kAbandoning);
      {
        FRESHET_ASSIGN_OR_RETURN(std::unique_ptr<storage::BulkLoad> load, st_->BeginBulkLoad(*s.abandon_id));
        FRESHET_ASSIGN_OR_RETURN(std::unique_ptr<storage::BulkLoad::Writer> w, load->NewWriter());
        FRESHET_RETURN_IF_ERROR(Load(w.get(), s.abandon_rows, s.abandon_finish));
      }  // abandoned
      if (st_->GetSnapshot()->Exists(*s.abandon_id)) {
        return absl::InternalError(absl::StrCat("the abandoned bulk load of ", *s.abandon_id, " is visible"));
      }
      ack_->Set(kPhase, kBulkWriting);
    }
    FRESHET_ASSIGN_OR_RETURN(std::unique_ptr<storage::BulkLoad> load, st_->BeginBulkLoad(s.bulk_id));
    std::vector<std::unique_ptr<storage::BulkLoad::Writer>> writers;
    for (size_t w = 0; w < s.writers.size(); ++w) {
      FRESHET_ASSIGN_OR_RETURN(auto writer, load->NewWriter());
      writers.push_back(std::move(writer));
    }
    std::vector<absl::Status> results(writers.size());
    std::vector<std::thread> threads;
    for (size_t w = 0; w < writers.size(); ++w) {
      threads.emplace_back([&, w] { results[w] = Load(writers[w].get(), s.writers[w], true); });
    }
    for (auto& t : threads) t.join();
    uint64_t expected_rows = 0;
    for (size_t w = 0; w < writers.size(); ++w) {
      FRESHET_RETURN_IF_ERROR(results[w]);
      uint64_t n = 0;
      for (const auto& [row, diff] : s.writers[w]) n += static_cast<uint64_t>(diff);
      if (writers[w]->rows_added() != n) {
        return absl::InternalError(absl::StrCat("writer rows_added ", writers[w]->rows_added(), ", expected ", n));
      }
      expected_rows += n;
    }
    writers.clear();
    {
      std::shared_ptr<const storage::Snapshot> snap = st_->GetSnapshot();
      std::vector<CollectionId> ids = snap->Collections();
      if (snap->Exists(s.bulk_id) || std::find(ids.begin(), ids.end(), s.bulk_id) != ids.end()) {
        return absl::InternalError(absl::StrCat("collection ", s.bulk_id, " is visible before Publish"));
      }
    }
    ack_->Set(kPhase, kBulkPublishing);
    absl::StatusOr<CommitInfo> info = load->Publish(s.main);
    if (!info.ok()) return absl::InternalError(absl::StrCat("Publish failed: ", info.status().ToString()));
    FRESHET_RETURN_IF_ERROR(CheckInfo(*info, "Publish"));
    if (load->rows_loaded() != expected_rows) {
      return absl::InternalError(absl::StrCat("rows_loaded ", load->rows_loaded(), ", expected ", expected_rows));
    }
    return absl::OkStatus();
  }

  absl::Status RunRound(const Step& s, const std::vector<bool>& landed) {
    struct Job {
      const CommitRequest* request;
      int slot;  // the thread's ack slot, -1 for the invalid commit
      absl::StatusOr<CommitInfo> result = CommitInfo{};
    };
    std::vector<Job> jobs;
    for (size_t j = 0; j < s.subs.size(); ++j) {
      if (!landed[j]) jobs.push_back(Job{&s.subs[j], static_cast<int>(j)});
    }
    if (s.invalid) jobs.push_back(Job{&*s.invalid, -1});
    std::latch start(static_cast<std::ptrdiff_t>(jobs.size()));
    std::vector<std::thread> threads;
    for (Job& job : jobs) {
      threads.emplace_back([&, jp = &job] {
        start.arrive_and_wait();
        jp->result = st_->Commit(*jp->request);
        if (jp->result.ok() && jp->slot >= 0) ack_->Set(kAckSub + jp->slot, s.number);
      });
    }
    for (auto& t : threads) t.join();
    std::vector<CommitInfo> infos;
    for (const Job& job : jobs) {
      if (job.slot < 0) {
        FRESHET_RETURN_IF_ERROR(CheckInvalidResult(s, job.result));
      } else if (!job.result.ok()) {
        return absl::InternalError(absl::StrCat("step ", s.number, ": the round's commit ", job.slot,
                                                " failed: ", job.result.status().ToString()));
      } else {
        infos.push_back(*job.result);
      }
    }
    std::sort(infos.begin(), infos.end(), [](const CommitInfo& a, const CommitInfo& b) { return a.seq < b.seq; });
    for (const CommitInfo& info : infos) FRESHET_RETURN_IF_ERROR(CheckInfo(info, "a round's commit"));
    return absl::OkStatus();
  }

  storage::Storage* st_;
  const AckFile* ack_;
  bool split_;
  uint64_t last_seq_ = 0;
  int64_t last_ts_ = 0;
};

std::string DataDir(const std::string& dir) { return dir + "/data"; }
std::string AckPath(const std::string& dir) { return dir + "/ack"; }
std::string CheckpointPath(const std::string& dir) { return dir + "/model"; }

// ---------------------------------------------------------------------------
// Model checkpoints. Regenerating a long stream costs seconds, so a child
// saves the model it rebuilt (a pure function of the seed and the step
// number, never read from the storage) and the next child starts from it.

constexpr uint64_t kCheckpointEvery = 500;
constexpr uint64_t kCheckpointMagic = 0x31504b4348435253;  // "SRCHCKP1"

void PutU64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), sizeof v); }
void PutStr(std::string* out, std::string_view s) {
  PutU64(out, s.size());
  out->append(s.data(), s.size());
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool U64(uint64_t* v) {
    if (in_.size() < sizeof *v) return false;
    memcpy(v, in_.data(), sizeof *v);
    in_.remove_prefix(sizeof *v);
    return true;
  }
  bool Str(std::string* s) {
    uint64_t n = 0;
    if (!U64(&n) || in_.size() < n) return false;
    s->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

void SaveCheckpoint(const std::string& dir, uint64_t seed, uint64_t step, const Model& m) {
  std::string out;
  PutU64(&out, kCheckpointMagic);
  PutU64(&out, seed);
  PutU64(&out, step);
  PutU64(&out, m.next_id);
  PutU64(&out, m.free_ids.size());
  for (CollectionId id : m.free_ids) PutU64(&out, id);
  for (const auto* map : {&m.frontiers, &m.secrets}) {
    PutU64(&out, map->size());
    for (const auto& [k, v] : *map) {
      PutStr(&out, k);
      PutStr(&out, v);
    }
  }
  PutU64(&out, m.live.size());
  for (const auto& [id, c] : m.live) {
    PutU64(&out, id);
    PutU64(&out, c.bulk ? 1 : 0);
    PutU64(&out, c.rows.size());
    for (const auto& [row, count] : c.rows) {
      PutStr(&out, row);
      PutU64(&out, static_cast<uint64_t>(count));
    }
  }
  std::string tmp = CheckpointPath(dir) + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) Die(absl::StrCat("cannot create ", tmp, ": ", strerror(errno)));
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = write(fd, out.data() + done, out.size() - done);
    if (n <= 0) Die(absl::StrCat("writing ", tmp, ": ", strerror(errno)));
    done += static_cast<size_t>(n);
  }
  close(fd);
  if (rename(tmp.c_str(), CheckpointPath(dir).c_str()) != 0) Die(absl::StrCat("rename: ", strerror(errno)));
}

// The model after step `*step` (<= max_step), or step 0 and an empty model.
Model LoadCheckpoint(const std::string& dir, uint64_t seed, uint64_t max_step, uint64_t* step) {
  *step = 0;
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(CheckpointPath(dir), ec);
  if (ec) return Model{};
  std::string data(size, '\0');
  FILE* f = fopen(CheckpointPath(dir).c_str(), "rb");
  if (f == nullptr) return Model{};
  size_t got = fread(data.data(), 1, data.size(), f);
  fclose(f);
  if (got != data.size()) return Model{};
  Reader r(data);
  Model m;
  uint64_t magic = 0, file_seed = 0, file_step = 0, n = 0;
  if (!r.U64(&magic) || magic != kCheckpointMagic || !r.U64(&file_seed) || file_seed != seed || !r.U64(&file_step) ||
      file_step > max_step || !r.U64(&m.next_id) || !r.U64(&n)) {
    return Model{};
  }
  for (uint64_t i = 0; i < n; ++i) {
    CollectionId id = 0;
    if (!r.U64(&id)) return Model{};
    m.free_ids.push_back(id);
  }
  for (auto* map : {&m.frontiers, &m.secrets}) {
    if (!r.U64(&n)) return Model{};
    for (uint64_t i = 0; i < n; ++i) {
      std::string k, v;
      if (!r.Str(&k) || !r.Str(&v)) return Model{};
      (*map)[k] = v;
    }
  }
  if (!r.U64(&n)) return Model{};
  for (uint64_t i = 0; i < n; ++i) {
    CollectionId id = 0;
    uint64_t bulk = 0, rows = 0;
    if (!r.U64(&id) || !r.U64(&bulk) || !r.U64(&rows)) return Model{};
    CollectionModel& c = m.live[id];
    c.bulk = bulk != 0;
    for (uint64_t k = 0; k < rows; ++k) {
      std::string row;
      uint64_t count = 0;
      if (!r.Str(&row) || !r.U64(&count)) return Model{};
      c.rows.emplace_hint(c.rows.end(), std::move(row), static_cast<int64_t>(count));
    }
  }
  if (!r.done()) return Model{};
  *step = file_step;
  return m;
}

int RunChild(const std::string& dir, uint64_t seed, bool verify_only, bool split, std::optional<uint64_t> steps) {
  SetLogLevel(LogLevel::kWarning);
  AckFile ack(AckPath(dir));
  std::array<uint64_t, kSlots> acked = ack.ReadAll();
  ack.Set(kPhase, kRecovering);

  storage::Options options;
  options.data_dir = DataDir(dir);
  options.sync = true;
  options.block_cache_bytes = 8 << 20;
  options.bulk_chunk_bytes = 64 << 10;  // a few sorted runs per writer
  options.settle_idle_ms = 0;  // only the steps settle: a failed commit must leave the seq alone
  absl::StatusOr<std::unique_ptr<storage::Storage>> opened = storage::Storage::Open(options);
  if (!opened.ok()) Die(absl::StrCat("opening the storage: ", opened.status().ToString()));
  std::unique_ptr<storage::Storage> st = *std::move(opened);

  std::shared_ptr<const storage::Snapshot> snap = st->GetSnapshot();
  uint64_t n = 0;
  if (std::optional<std::string> f = snap->Frontier(kCommitFrontier)) {
    if (!absl::SimpleAtoi(*f, &n)) Die(absl::StrCat("MISMATCH: frontier ", kCommitFrontier, " is '", *f, "'"));
  }
  if (n < acked[kAckStep]) {
    Die(absl::StrCat("MISMATCH (durability): step ", acked[kAckStep], " was acknowledged, but the storage holds only ",
                     n, " steps"));
  }

  uint64_t from = 0;
  Model model = LoadCheckpoint(dir, seed, n, &from);
  for (uint64_t i = from + 1; i <= n; ++i) GenerateStep(&model, seed, i);
  if (n >= from + kCheckpointEvery) SaveCheckpoint(dir, seed, n, model);
  Model start_model = model;  // the state after step n, plus what landed of step n+1
  Step next = GenerateStep(&model, seed, n + 1);
  std::vector<bool> landed(next.subs.size(), false);
  int landed_count = 0;
  for (size_t j = 0; j < next.subs.size(); ++j) {
    if (snap->Frontier(ThreadFrontier(static_cast<int>(j))) == absl::StrCat(n + 1)) {
      landed[j] = true;
      ++landed_count;
      absl::Status s = ApplyCommit(&start_model, next.subs[j]);
      if (!s.ok()) Die(s.ToString());
    } else if (acked[kAckSub + j] == n + 1) {
      Die(absl::StrCat("MISMATCH (durability): commit ", j, " of round ", n + 1,
                       " was acknowledged, but its frontier is not in"));
    }
  }
  absl::Status v = Verify(*snap, start_model, absl::StrCat("after reopening at step ", n));
  if (!v.ok()) Die(absl::StrCat(v.message(), " [seed ", seed, ", dir ", dir, "]"));
  printf("verified %llu seq %llu next %s landed %d\n", static_cast<unsigned long long>(n),
         static_cast<unsigned long long>(snap->commit().seq), KindName(next.kind), landed_count);
  fflush(stdout);
  if (verify_only) return 0;

  Child child(st.get(), &ack, split);
  child.SetLast(snap->commit());
  uint64_t stop = steps ? n + 1 + *steps : std::numeric_limits<uint64_t>::max();
  const char* trace_env = getenv("STORAGE_CRASH_TRACE");
  bool trace = trace_env != nullptr && *trace_env != '\0';
  for (uint64_t i = n + 1; i < stop; ++i) {
    Step step = i == n + 1 ? std::move(next) : GenerateStep(&model, seed, i);
    auto t0 = std::chrono::steady_clock::now();
    absl::Status s = child.Execute(step, i == n + 1 ? landed : std::vector<bool>(step.subs.size(), false));
    if (trace) {
      fprintf(stderr, "step %llu %s: %.1f ms\n", static_cast<unsigned long long>(i), KindName(step.kind),
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    if (!s.ok()) Die(absl::StrCat("step ", i, " (", KindName(step.kind), "): ", s.message(), " [seed ", seed, "]"));
    if (i % kCheckEvery == 0) {
      ack.Set(kPhase, kChecking);
      s = Verify(*st->GetSnapshot(), model, absl::StrCat("live state after step ", i));
      if (s.ok()) s = Verify(*snap, start_model, absl::StrCat("the snapshot taken at start, at step ", i));
      if (!s.ok()) Die(absl::StrCat(s.message(), " [seed ", seed, "]"));
      ack.Set(kPhase, kIdle);
    }
  }
  storage::Counters c = st->counters();
  size_t distinct = 0;
  for (const auto& [id, coll] : model.live) distinct += coll.rows.size();
  printf(
      "ran %llu steps: %llu commits, %llu failed, %llu group writes, %llu bulk rows; "
      "now %zu collections, %zu distinct rows\n",
      static_cast<unsigned long long>(*steps), static_cast<unsigned long long>(c.commits),
      static_cast<unsigned long long>(c.failed_commits), static_cast<unsigned long long>(c.group_writes),
      static_cast<unsigned long long>(c.bulk_rows_loaded), model.live.size(), distinct);
  snap.reset();
  return 0;
}

// ---------------------------------------------------------------------------
// The parent.

struct Proc {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  std::string buffer;
  bool eof = false;
};

Proc Spawn(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) Die(absl::StrCat("pipe: ", strerror(errno)));
  pid_t pid = fork();
  if (pid < 0) Die(absl::StrCat("fork: ", strerror(errno)));
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  close(fds[1]);
  return Proc{pid, fds[0], {}, false};
}

// Reads what the child wrote within `timeout_ms` (-1: until EOF); returns
// the first "verified" line, if any has come.
std::optional<std::string> ReadVerified(Proc* p, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    for (absl::string_view line : absl::StrSplit(p->buffer, '\n')) {
      if (absl::StartsWith(line, "verified ")) return std::string(line);
    }
    if (p->eof) return std::nullopt;
    int wait = -1;
    if (timeout_ms >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      wait = static_cast<int>(left.count());
    }
    pollfd pfd{p->out, POLLIN, 0};
    int r = poll(&pfd, 1, wait);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    char buf[4096];
    ssize_t n = read(p->out, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      p->eof = true;
    } else {
      p->buffer.append(buf, static_cast<size_t>(n));
    }
  }
}

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exited with status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("was killed by signal ", WTERMSIG(status));
  return absl::StrCat("ended with wait status ", status);
}

struct Verified {
  uint64_t n = 0, seq = 0;
  std::string next;
  int landed = 0;
};

std::optional<Verified> ParseVerified(const std::string& line) {
  std::vector<std::string> f = absl::StrSplit(line, ' ');
  Verified v;
  if (f.size() != 8 || f[0] != "verified" || !absl::SimpleAtoi(f[1], &v.n) || !absl::SimpleAtoi(f[3], &v.seq) ||
      !absl::SimpleAtoi(f[7], &v.landed)) {
    return std::nullopt;
  }
  v.next = f[5];
  return v;
}

int RunParent(int kills, uint64_t seed, std::string dir, bool keep, bool split, int min_ms, int max_ms) {
  auto started = std::chrono::steady_clock::now();
  if (dir.empty()) {
    const char* tmp = getenv("TMPDIR");
    std::string tmpl = absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/storage-crash-XXXXXX");
    if (mkdtemp(tmpl.data()) == nullptr) Die(absl::StrCat("mkdtemp: ", strerror(errno)));
    dir = tmpl;
  } else {
    keep = true;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!std::filesystem::is_empty(dir, ec)) Die(absl::StrCat("--dir ", dir, " is not empty"));
  }
  printf("storage_crash: seed %llu, %d kills, directory %s\n", static_cast<unsigned long long>(seed), kills,
         dir.c_str());
  fflush(stdout);
  std::string seed_text = absl::StrCat(seed);
  Rng rng(seed, ~uint64_t{0});

  auto fail = [&](std::string_view why) -> int {
    fprintf(stderr, "storage_crash: FAILED: %.*s\n  (seed %llu; directory %s kept)\n", static_cast<int>(why.size()),
            why.data(), static_cast<unsigned long long>(seed), dir.c_str());
    return 1;
  };

  uint64_t last_n = 0, last_seq = 0;
  std::map<std::string, int> during;  // what the killed children were doing
  int partial_rounds = 0, early_kills = 0, stalls = 0;
  auto check_verified = [&](const std::string& line, int k) -> std::optional<std::string> {
    std::optional<Verified> v = ParseVerified(line);
    if (!v) return absl::StrCat("child ", k, ": unexpected output '", line, "'");
    if (v->n < last_n || v->seq < last_seq) {
      return absl::StrCat("child ", k, " verified prefix ", v->n, " (seq ", v->seq,
                          ") after an earlier child verified ", last_n, " (seq ", last_seq,
                          "): committed steps went away");
    }
    last_n = v->n;
    last_seq = v->seq;
    if (v->landed > 0) ++partial_rounds;
    return std::nullopt;
  };

  for (int k = 0; k < kills; ++k) {
    AckFile(AckPath(dir)).Set(kPhase, kStarting);
    std::vector<std::string> args = {"storage_crash", "child", dir, seed_text};
    if (split) args.push_back("--split-commits");
    Proc p = Spawn(args);
    bool early = rng.Chance(0.15);
    // A child that completed no step gets more time the next time, so that
    // a slow step cannot stall the run.
    int delay = early ? static_cast<int>(rng.Between(0, 40))
                      : static_cast<int>(rng.Between(min_ms, max_ms + stalls * std::max(max_ms, 50)));
    std::optional<std::string> line;
    if (!early) {
      line = ReadVerified(&p, 60000);
      if (!line) {
        bool ended = p.eof;
        kill(p.pid, SIGKILL);
        int status = 0;
        waitpid(p.pid, &status, 0);
        return fail(ended ? absl::StrCat("child ", k, " ", DescribeStatus(status), " before it verified")
                          : absl::StrCat("child ", k, " did not verify within 60 s"));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    int status = 0;
    if (waitpid(p.pid, &status, WNOHANG) == p.pid) {
      return fail(absl::StrCat("child ", k, " ended by itself: it ", DescribeStatus(status)));
    }
    kill(p.pid, SIGKILL);
    waitpid(p.pid, &status, 0);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
      return fail(absl::StrCat("child ", k, " ended by itself: it ", DescribeStatus(status)));
    }
    if (!line) line = ReadVerified(&p, -1);
    close(p.out);
    std::array<uint64_t, kSlots> ack = ReadAckFile(AckPath(dir));
    std::string doing = PhaseName(ack[kPhase]);
    if (early) ++early_kills;
    ++during[doing];
    if (line) {
      if (auto err = check_verified(*line, k)) return fail(*err);
      stalls = ack[kAckStep] > last_n ? 0 : stalls + 1;
    }
    printf("kill %d after %d ms%s: %s; during %s (step %llu, acknowledged %llu)\n", k, delay,
           early ? " (from the start)" : "", line ? line->c_str() : "not verified yet", doing.c_str(),
           static_cast<unsigned long long>(ack[kCurrentStep]), static_cast<unsigned long long>(ack[kAckStep]));
    fflush(stdout);
  }

  // The last word: verify once more and let the child exit.
  Proc p = Spawn({"storage_crash", "child", dir, seed_text, "--verify-only"});
  std::optional<std::string> line = ReadVerified(&p, -1);
  int status = 0;
  waitpid(p.pid, &status, 0);
  close(p.out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !line) {
    return fail(absl::StrCat("the final verification failed: the child ", DescribeStatus(status)));
  }
  if (auto err = check_verified(*line, kills)) return fail(*err);

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<std::string> parts;
  for (const auto& [what, count] : during) parts.push_back(absl::StrCat(count, " ", what));
  printf(
      "storage_crash: %d kills (%d from the start) passed; final prefix %llu steps (seq %llu); "
      "killed during: %s; %d rounds partially landed; seed %llu, %.1f s\n",
      kills, early_kills, static_cast<unsigned long long>(last_n), static_cast<unsigned long long>(last_seq),
      absl::StrJoin(parts, ", ").c_str(), partial_rounds, static_cast<unsigned long long>(seed), seconds);
  const char* keep_env = getenv("FRESHET_KEEP_TMP");
  if (!keep && !(keep_env != nullptr && std::string_view(keep_env) == "1")) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return 0;
}

int Usage() {
  fprintf(stderr,
          "usage: storage_crash run --kills K [--seed S] [--dir D] [--min-ms A] [--max-ms B] [--split-commits]\n"
          "       storage_crash child DIR SEED [--verify-only] [--steps M] [--split-commits]\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage();
  if (args[0] == "child") {
    if (args.size() < 3) return Usage();
    uint64_t seed = 0;
    if (!absl::SimpleAtoi(args[2], &seed)) return Usage();
    bool verify_only = false, split = false;
    std::optional<uint64_t> steps;
    for (size_t i = 3; i < args.size(); ++i) {
      uint64_t v = 0;
      if (args[i] == "--verify-only") {
        verify_only = true;
      } else if (args[i] == "--split-commits") {
        split = true;
      } else if (args[i] == "--steps" && i + 1 < args.size() && absl::SimpleAtoi(args[i + 1], &v)) {
        steps = v;
        ++i;
      } else {
        return Usage();
      }
    }
    return RunChild(args[1], seed, verify_only, split, steps);
  }
  if (args[0] != "run") return Usage();
  int kills = 50, min_ms = 5, max_ms = 200;
  uint64_t seed = std::random_device{}() ^ (uint64_t{std::random_device{}()} << 32);
  seed %= 1000000000000;  // short enough to copy
  std::string dir;
  bool split = false;
  for (size_t i = 1; i < args.size(); ++i) {
    bool has = i + 1 < args.size();
    if (args[i] == "--split-commits") {
      split = true;
      continue;
    }
    if (args[i] == "--kills" && has && absl::SimpleAtoi(args[i + 1], &kills) && kills >= 0) {
    } else if (args[i] == "--seed" && has && absl::SimpleAtoi(args[i + 1], &seed)) {
    } else if (args[i] == "--dir" && has) {
      dir = args[i + 1];
    } else if (args[i] == "--min-ms" && has && absl::SimpleAtoi(args[i + 1], &min_ms) && min_ms >= 0) {
    } else if (args[i] == "--max-ms" && has && absl::SimpleAtoi(args[i + 1], &max_ms) && max_ms >= 0) {
    } else {
      return Usage();
    }
    ++i;
  }
  if (max_ms < min_ms) return Usage();
  return RunParent(kills, seed, dir, false, split, min_ms, max_ms);
}

}  // namespace
}  // namespace freshet::crash

int main(int argc, char** argv) { return freshet::crash::Main(argc, argv); }
