// The cryptographic building blocks of SCRAM-SHA-256 on OpenSSL 3, and a
// strict base64 codec. Internal to pgwire.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace freshet::pgwire::scram {

inline constexpr size_t kKeyLength = 32;  // SHA-256 output

// Standard base64 with padding.
std::string Base64(std::string_view in);
// Strict inverse of Base64: only the standard alphabet, a length that is a
// multiple of 4, and at most two '=' at the very end. nullopt otherwise.
std::optional<std::string> Unbase64(std::string_view in);

std::string HmacSha256(std::string_view key, std::string_view data);
std::string Sha256(std::string_view data);
// PBKDF2-HMAC-SHA-256 (RFC 5802's Hi()); `iterations` >= 1.
std::string SaltedPassword(std::string_view password, std::string_view salt, int iterations);
// `n` bytes from OpenSSL's CSPRNG; nullopt if it fails.
std::optional<std::string> RandomBytes(size_t n);
// Equal sizes and bytes, in time independent of where they differ.
bool ConstantTimeEqual(std::string_view a, std::string_view b);
// a XOR b, for equal-length inputs.
std::string Xor(std::string_view a, std::string_view b);

}  // namespace freshet::pgwire::scram
