// A fresh temporary data directory per test, removed afterwards.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "storage/storage.h"

namespace freshet::storage::testing {

class TestDir {
 public:
  TestDir() {
    char tmpl[] = "/tmp/freshet-storage-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TestDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `settle_idle_ms`: Options::settle_idle_ms (0: no settling in the background).
inline std::unique_ptr<Storage> OpenOrDie(const std::string& dir, bool sync = true, int settle_idle_ms = 1000) {
  Options o;
  o.data_dir = dir;
  o.sync = sync;
  o.secrets_key_hex = std::string(64, 'a');
  o.settle_idle_ms = settle_idle_ms;
  auto s = Storage::Open(o);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(*s);
}

inline types::Row R(int64_t a, std::string b = "x") {
  return types::Row{types::Datum::FromInt(a), types::Datum::FromString(std::move(b))};
}

inline CommitRequest Updates(std::vector<Update> updates) {
  CommitRequest r;
  r.updates = std::move(updates);
  return r;
}

// Everything a snapshot shows of a collection: row -> count.
inline std::map<std::string, int64_t> Contents(const Snapshot& snap, CollectionId id) {
  std::map<std::string, int64_t> out;
  auto cursor = snap.Scan(id);
  REQUIRE(cursor.ok());
  std::string last;
  for (; (*cursor)->Valid(); (*cursor)->Next()) {
    std::string row((*cursor)->encoded_row());
    REQUIRE((last.empty() || last < row));  // stable, sorted order
    last = row;
    out[row] = (*cursor)->count();
  }
  REQUIRE((*cursor)->status().ok());
  return out;
}

// The rows of a collection read as the ranges between `bounds`, in order.
inline std::vector<std::pair<std::string, int64_t>> ReadInParts(const Snapshot& snap, CollectionId id,
                                                         const std::vector<std::string>& bounds) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    std::string lower = i == 0 ? "" : bounds[i - 1];
    std::string upper = i == bounds.size() ? "" : bounds[i];
    auto cursor = snap.ScanRange(id, lower, upper);
    REQUIRE(cursor.ok());
    for (; (*cursor)->Valid(); (*cursor)->Next()) {
      std::string row((*cursor)->encoded_row());
      CHECK(row >= lower);
      if (!upper.empty()) CHECK(row < upper);
      out.emplace_back(row, (*cursor)->count());
    }
    REQUIRE((*cursor)->status().ok());
  }
  return out;
}

inline std::vector<std::pair<std::string, int64_t>> ReadWhole(const Snapshot& snap, CollectionId id) {
  return ReadInParts(snap, id, {});
}

}  // namespace freshet::storage::testing
