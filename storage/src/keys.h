// The key space of the one RocksDB column family (docs/storage.md):
//   'c' id            -> collection state ('L' loading, 'V' live)
//   's' id            -> collection stats: rows, bytes (fixed64 each)
//   'd' id row        -> count of that row (fixed64, merge operator adds)
//   'f' name          -> frontier value
//   'v' name          -> sealed secret
//   'm' "last"        -> seq, timestamp of the latest commit (fixed64 each)
//   'm' "vault"       -> sealed check value of the secrets key
//   'm' "format"      -> the layout version, decimal ("1")
// Ids are 8 bytes big-endian, so a collection's rows are one contiguous
// range, in the byte order of their encodings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/storage.h"

namespace freshet::storage::keys {

inline constexpr char kCollection = 'c';
inline constexpr char kStats = 's';
inline constexpr char kData = 'd';
inline constexpr char kFrontier = 'f';
inline constexpr char kSecret = 'v';
inline constexpr char kMeta = 'm';

inline constexpr char kLoading = 'L';
inline constexpr char kLive = 'V';

inline constexpr size_t kIdKeySize = 9;  // tag + 8-byte id

void PutFixed64(uint64_t v, std::string* out);
uint64_t GetFixed64(const char* p);

std::string IdKey(char tag, CollectionId id);
CollectionId IdOf(std::string_view key);  // from an IdKey or a data key
// 'd' id: the prefix of every row of the collection; DataEnd is its
// exclusive upper bound.
inline std::string DataBegin(CollectionId id) { return IdKey(kData, id); }
std::string DataEnd(CollectionId id);
inline std::string NameKey(char tag, std::string_view name) {
  std::string k(1, tag);
  k.append(name);
  return k;
}
inline const std::string kLastCommitKey = "mlast";
inline const std::string kVaultCheckKey = "mvault";
inline const std::string kFormatKey = "mformat";
inline constexpr std::string_view kFormatVersion = "1";

std::string EncodeCount(int64_t count);
int64_t DecodeCount(std::string_view value);

}  // namespace freshet::storage::keys
