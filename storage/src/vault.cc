#include "vault.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace freshet::storage {
namespace {

constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

absl::Status ParseHexKey(absl::string_view hex, absl::string_view origin, std::array<unsigned char, 32>* key) {
  hex = absl::StripAsciiWhitespace(hex);
  bool ok = hex.size() == 64;
  for (char c : hex) ok = ok && absl::ascii_isxdigit(static_cast<unsigned char>(c));
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat("the secrets key from ", origin, " is not 64 hexadecimal digits (a 256-bit key)"));
  }
  std::string bytes = absl::HexStringToBytes(hex);
  std::copy(bytes.begin(), bytes.end(), key->begin());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return absl::OkStatus();
}

absl::Status ReadOrCreateKeyFile(const std::string& path, std::array<unsigned char, 32>* key) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    std::array<unsigned char, 32> fresh;
    if (RAND_bytes(fresh.data(), fresh.size()) != 1) return absl::InternalError("RAND_bytes failed");
    std::string hex = absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(fresh.data()), fresh.size()));
    hex.push_back('\n');
    // Write a temporary file, then link it into place: a crash never leaves
    // a partial key file, and link() fails rather than replace a key that
    // another process created meanwhile.
    std::string tmp = path + ".tmp";
    unlink(tmp.c_str());
    int wfd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (wfd < 0) return absl::InternalError(absl::StrFormat("cannot create %s: %s", tmp, strerror(errno)));
    bool written = write(wfd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && fsync(wfd) == 0;
    close(wfd);
    OPENSSL_cleanse(hex.data(), hex.size());
    if (!written) {
      unlink(tmp.c_str());
      return absl::InternalError(absl::StrFormat("cannot write %s: %s", tmp, strerror(errno)));
    }
    if (link(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      unlink(tmp.c_str());
      if (err == EEXIST) return ReadOrCreateKeyFile(path, key);  // someone else won: use theirs
      return absl::InternalError(absl::StrFormat("cannot create %s: %s", path, strerror(err)));
    }
    unlink(tmp.c_str());
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
    *key = fresh;
    OPENSSL_cleanse(fresh.data(), fresh.size());
    return absl::OkStatus();
  }
  if (fd < 0) return absl::InternalError(absl::StrFormat("cannot open %s: %s", path, strerror(errno)));
  struct stat st;
  if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    close(fd);
    return absl::PermissionDeniedError(absl::StrFormat(
        "the secrets key file %s can be read by other users (mode %04o); run chmod 600 on it", path,
        st.st_mode & 07777));
  }
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n < 0) return absl::InternalError(absl::StrFormat("cannot read %s: %s", path, strerror(errno)));
  absl::Status s = ParseHexKey(absl::string_view(buf, n), path, key);
  OPENSSL_cleanse(buf, sizeof buf);
  return s;
}

}  // namespace

Vault::~Vault() { OPENSSL_cleanse(key_.data(), key_.size()); }
Vault::Vault(Vault&& o) noexcept : key_(o.key_) { OPENSSL_cleanse(o.key_.data(), o.key_.size()); }
Vault& Vault::operator=(Vault&& o) noexcept {
  key_ = o.key_;
  OPENSSL_cleanse(o.key_.data(), o.key_.size());
  return *this;
}

absl::StatusOr<Vault> Vault::Load(const std::string& data_dir, std::optional<std::string> key_hex) {
  Vault v;
  if (key_hex) {
    if (absl::Status s = ParseHexKey(*key_hex, "the server options", &v.key_); !s.ok()) return s;
  } else if (const char* env = std::getenv("FRESHET_SECRETS_KEY"); env != nullptr && *env != '\0') {
    if (absl::Status s = ParseHexKey(env, "FRESHET_SECRETS_KEY", &v.key_); !s.ok()) return s;
  } else if (absl::Status s = ReadOrCreateKeyFile(data_dir + "/secrets.key", &v.key_); !s.ok()) {
    return s;
  }
  return v;
}

absl::StatusOr<std::string> Vault::Seal(std::string_view name, std::string_view plaintext) const {
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  if (RAND_bytes(nonce, kNonceSize) != 1) return absl::InternalError("RAND_bytes failed");
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  auto* ct = nonce + kNonceSize;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(name.data()),
                        static_cast<int>(name.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), ct, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), ct + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, ct + plaintext.size()) != 1) {
    return absl::InternalError("AES-256-GCM encryption failed");
  }
  return out;
}

absl::StatusOr<std::string> Vault::Unseal(std::string_view name, std::string_view sealed) const {
  if (sealed.size() < kNonceSize + kTagSize) return absl::DataLossError("sealed secret is truncated");
  size_t n = sealed.size() - kNonceSize - kTagSize;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const auto* ct = nonce + kNonceSize;
  std::string out(n, '\0');
  auto* pt = reinterpret_cast<unsigned char*>(out.data());
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  std::array<unsigned char, kTagSize> tag;
  std::copy(ct + n, ct + n + kTagSize, tag.begin());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(name.data()),
                        static_cast<int>(name.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), pt, &len, ct, static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), pt + len, &len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::PermissionDeniedError(
        "cannot decrypt a secret: it was sealed with another secrets key, or it was altered");
  }
  return out;
}

}  // namespace freshet::storage
