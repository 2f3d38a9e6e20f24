#include "scram_primitives.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace freshet::pgwire::scram {
namespace {

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string Base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');  // + the NUL EVP_EncodeBlock writes
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), U(in), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Unbase64(std::string_view in) {
  // EVP_DecodeBlock alone is lenient (it skips surrounding whitespace and
  // decodes '=' anywhere as zero bits), so validate first.
  if (in.size() % 4 != 0) return std::nullopt;
  size_t pad = 0;
  while (pad < 2 && pad < in.size() && in[in.size() - 1 - pad] == '=') ++pad;
  for (size_t i = 0; i < in.size() - pad; ++i) {
    if (!IsBase64Char(in[i])) return std::nullopt;
  }
  if (in.empty()) return std::string();
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), U(in), static_cast<int>(in.size()));
  // n counts the bytes the padding stands for; drop them.
  if (n < 0 || static_cast<size_t>(n) != out.size()) return std::nullopt;
  out.resize(out.size() - pad);
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), U(data), data.size(), out, &len) == nullptr) {
    return std::string();  // never matches a 32-byte key
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr) != 1) return std::string();
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string SaltedPassword(std::string_view password, std::string_view salt, int iterations) {
  std::string out(kKeyLength, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), U(salt), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), static_cast<int>(kKeyLength),
                        reinterpret_cast<unsigned char*>(out.data())) != 1) {
    return std::string();
  }
  return out;
}

std::optional<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) return std::nullopt;
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Xor(std::string_view a, std::string_view b) {
  std::string out(a.size() < b.size() ? a.size() : b.size(), '\0');
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

}  // namespace freshet::pgwire::scram
