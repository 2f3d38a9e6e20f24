#include "catalog/ssh_keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <memory>

#include "absl/strings/escaping.h"

namespace freshet::catalog {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

// SSH wire encodings (RFC 4251): uint32 big-endian, string = length + bytes.
void PutU32(uint32_t v, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}
void PutString(std::string_view s, std::string* out) {
  PutU32(static_cast<uint32_t>(s.size()), out);
  out->append(s);
}

constexpr std::string_view kKeyType = "ssh-ed25519";

}  // namespace

absl::StatusOr<SshKeyPair> GenerateSshKeyPair(std::string_view comment) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return absl::InternalError("Ed25519 key generation failed");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key(raw);
  unsigned char pub[32], seed[32];
  size_t pub_len = sizeof pub, seed_len = sizeof seed;
  if (EVP_PKEY_get_raw_public_key(key.get(), pub, &pub_len) != 1 ||
      EVP_PKEY_get_raw_private_key(key.get(), seed, &seed_len) != 1 || pub_len != 32 || seed_len != 32) {
    return absl::InternalError("cannot read the Ed25519 key");
  }
  std::string_view pub_view(reinterpret_cast<const char*>(pub), 32);

  std::string pub_blob;
  PutString(kKeyType, &pub_blob);
  PutString(pub_view, &pub_blob);

  SshKeyPair pair;
  pair.public_key = std::string(kKeyType) + " " + absl::Base64Escape(pub_blob);

  // openssh-key-v1 (PROTOCOL.key in OpenSSH's sources), cipher "none".
  uint32_t check;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&check), sizeof check) != 1) {
    return absl::InternalError("RAND_bytes failed");
  }
  std::string priv;
  PutU32(check, &priv);
  PutU32(check, &priv);
  PutString(kKeyType, &priv);
  PutString(pub_view, &priv);
  std::string secret(reinterpret_cast<const char*>(seed), 32);
  secret.append(pub_view);  // OpenSSH stores seed || public key
  PutString(secret, &priv);
  PutString(comment, &priv);
  for (char pad = 1; priv.size() % 8 != 0; ++pad) priv.push_back(pad);

  std::string blob = "openssh-key-v1";
  blob.push_back('\0');
  PutString("none", &blob);  // cipher
  PutString("none", &blob);  // kdf
  PutString("", &blob);      // kdf options
  PutU32(1, &blob);          // one key
  PutString(pub_blob, &blob);
  PutString(priv, &blob);

  std::string b64 = absl::Base64Escape(blob);
  pair.private_key = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
  for (size_t i = 0; i < b64.size(); i += 70) {
    pair.private_key.append(b64, i, 70);
    pair.private_key.push_back('\n');
  }
  pair.private_key += "-----END OPENSSH PRIVATE KEY-----\n";

  OPENSSL_cleanse(seed, sizeof seed);
  OPENSSL_cleanse(secret.data(), secret.size());
  OPENSSL_cleanse(priv.data(), priv.size());
  OPENSSL_cleanse(blob.data(), blob.size());
  OPENSSL_cleanse(b64.data(), b64.size());
  return pair;
}

}  // namespace freshet::catalog
