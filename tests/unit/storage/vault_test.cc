#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "test_dir.h"

namespace freshet::storage {
namespace {

using testing::TestDir;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// True if any file under `dir` contains `needle`.
bool AnyFileContains(const std::string& dir, const std::string& needle) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && ReadFile(e.path()).find(needle) != std::string::npos) return true;
  }
  return false;
}

absl::StatusOr<std::unique_ptr<Storage>> OpenWithKeyFile(const std::string& dir) {
  unsetenv("FRESHET_SECRETS_KEY");
  Options o;
  o.data_dir = dir;
  return Storage::Open(o);
}

CommitRequest SetSecret(std::string name, std::optional<std::string> value) {
  CommitRequest r;
  r.secrets.push_back(SecretWrite{std::move(name), std::move(value)});
  return r;
}

TEST_CASE("vault: secrets round-trip and never reach disk in plaintext", "[vault]") {
  TestDir dir;
  const std::string password = "correct-horse-battery-staple-7f3a9c";
  {
    auto s = OpenWithKeyFile(dir.path());
    REQUIRE(s.ok());
    REQUIRE((*s)->Commit(SetSecret("u1", password)).ok());
    REQUIRE((*s)->Commit(SetSecret("u2", "")).ok());
    auto snap = (*s)->GetSnapshot();
    CHECK(snap->Secret("u1").value_or("?") == password);
    CHECK(snap->Secret("u2").value_or("?").empty());
    CHECK(snap->Secret("u3").status().code() == absl::StatusCode::kNotFound);
  }
  CHECK_FALSE(AnyFileContains(dir.path(), password));
  CHECK_FALSE(AnyFileContains(dir.path(), "horse"));

  // The key file is private to the owner.
  struct stat st;
  REQUIRE(stat((dir.path() + "/secrets.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // Reopened with the same key file, the value is back; erasing removes it.
  auto s = OpenWithKeyFile(dir.path());
  REQUIRE(s.ok());
  CHECK((*s)->GetSnapshot()->Secret("u1").value_or("?") == password);
  REQUIRE((*s)->Commit(SetSecret("u1", std::nullopt)).ok());
  CHECK((*s)->GetSnapshot()->Secret("u1").status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("vault: another key cannot open the directory", "[vault]") {
  TestDir dir;
  {
    Options o;
    o.data_dir = dir.path();
    o.secrets_key_hex = std::string(64, '1');
    auto s = Storage::Open(o);
    REQUIRE(s.ok());
    REQUIRE((*s)->Commit(SetSecret("pg", "hunter2")).ok());
  }
  setenv("FRESHET_SECRETS_KEY", std::string(64, '2').c_str(), 1);
  Options o;
  o.data_dir = dir.path();
  auto s = Storage::Open(o);
  unsetenv("FRESHET_SECRETS_KEY");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(std::string(s.status().message()).find("secrets key does not match") != std::string::npos);
  // The environment variable is a valid source of the right key.
  setenv("FRESHET_SECRETS_KEY", std::string(64, '1').c_str(), 1);
  auto ok = Storage::Open(o);
  unsetenv("FRESHET_SECRETS_KEY");
  REQUIRE(ok.ok());
  CHECK((*ok)->GetSnapshot()->Secret("pg").value_or("?") == "hunter2");
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/secrets.key"));
}

TEST_CASE("vault: a readable key file or a malformed key is refused", "[vault]") {
  TestDir dir;
  { REQUIRE(OpenWithKeyFile(dir.path()).ok()); }
  std::string key_path = dir.path() + "/secrets.key";
  REQUIRE(chmod(key_path.c_str(), 0644) == 0);
  auto s = OpenWithKeyFile(dir.path());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == absl::StatusCode::kPermissionDenied);
  CHECK(std::string(s.status().message()).find("chmod 600") != std::string::npos);
  CHECK(std::string(s.status().message()).find(key_path) != std::string::npos);

  TestDir other;
  Options o;
  o.data_dir = other.path();
  o.secrets_key_hex = "abc";
  auto bad = Storage::Open(o);
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("64 hexadecimal digits") != std::string::npos);
  CHECK(std::string(bad.status().message()).find("abc") == std::string::npos);  // never echo key material
}

}  // namespace
}  // namespace freshet::storage
