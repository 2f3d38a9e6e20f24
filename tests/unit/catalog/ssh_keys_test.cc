#include "catalog/ssh_keys.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"

namespace freshet::catalog {
namespace {

// Runs a shell command and returns its standard output.
std::string Run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST_CASE("ssh keys: the public key is an authorized_keys line", "[ssh]") {
  auto pair = GenerateSshKeyPair();
  REQUIRE(pair.ok());
  REQUIRE(pair->public_key.rfind("ssh-ed25519 AAAA", 0) == 0);
  std::string blob;
  REQUIRE(absl::Base64Unescape(pair->public_key.substr(12), &blob));
  CHECK(blob.size() == 4 + 11 + 4 + 32);
  auto other = GenerateSshKeyPair();
  REQUIRE(other.ok());
  CHECK(other->public_key != pair->public_key);
}

TEST_CASE("ssh keys: OpenSSH reads the private key and derives the same public key", "[ssh]") {
  auto pair = GenerateSshKeyPair("freshet-test");
  REQUIRE(pair.ok());
  char dir[] = "/tmp/freshet-ssh-test-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  std::string path = std::string(dir) + "/id";
  {
    std::ofstream f(path);
    f << pair->private_key;
  }
  REQUIRE(chmod(path.c_str(), 0600) == 0);
  std::string derived = Run("ssh-keygen -y -f " + path + " 2>&1");
  std::filesystem::remove_all(dir);
  INFO(derived);
  // ssh-keygen prints "ssh-ed25519 AAAA... [comment]".
  CHECK(derived.rfind(pair->public_key, 0) == 0);
  CHECK(derived.find("freshet-test") != std::string::npos);
}

}  // namespace
}  // namespace freshet::catalog
