// The key space of the one RocksDB column family (docs/storage.md):
//   'c' id            -> collection state ('L' loading, 'V' live)
//   's' id            -> collection stats: rows, bytes (fixed64 each)
//   'd' id row        -> count of that row (fixed64, merge operator adds); with
//                        a settled base, the change relative to the base
//   'b' id            -> generation of the collection's settled base (fixed64)
//   'p' id gen last   -> a page of the base: rows up to `last` with counts
//   'q' id gen last   -> that page's bytes (fixed64)
//   't' id            -> generation of a settle in progress (its pages are
//                        not live yet; removed at the next open if it crashed)
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
inline constexpr char kBase = 'b';
inline constexpr char kPage = 'p';
inline constexpr char kPageIndex = 'q';
inline constexpr char kSettling = 't';
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
// 'p'/'q' id gen: the prefix of one generation's pages (or page index
// entries); GenEnd is its exclusive upper bound. CollectionEnd(tag, id) bounds
// every key of that tag and id.
std::string GenKey(char tag, CollectionId id, uint64_t gen);
std::string GenEnd(char tag, CollectionId id, uint64_t gen);
std::string CollectionEnd(char tag, CollectionId id);
inline constexpr size_t kGenKeySize = kIdKeySize + 8;
inline std::string NameKey(char tag, std::string_view name) {
  std::string k(1, tag);
  k.append(name);
  return k;
}
inline const std::string kLastCommitKey = "mlast";
inline const std::string kVaultCheckKey = "mvault";
inline const std::string kFormatKey = "mformat";
// "2" added settled bases ('b', 'p', 'q', 't'); format 1 directories are
// upgraded in place when opened (they have none).
inline constexpr std::string_view kFormatVersion = "2";
inline constexpr std::string_view kOldFormatVersion = "1";

std::string EncodeCount(int64_t count);
int64_t DecodeCount(std::string_view value);

}  // namespace freshet::storage::keys
