// A fresh temporary data directory per test, removed afterwards.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

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

inline std::unique_ptr<Storage> OpenOrDie(const std::string& dir, bool sync = true) {
  Options o;
  o.data_dir = dir;
  o.sync = sync;
  o.secrets_key_hex = std::string(64, 'a');
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

}  // namespace freshet::storage::testing
