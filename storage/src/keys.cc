#include "keys.h"

#include <bit>
#include <cstring>

namespace freshet::storage::keys {

// Little-endian on disk; a plain copy on the little-endian machines we build for.
static_assert(std::endian::native == std::endian::little, "storage keys assume a little-endian host");

void PutFixed64(uint64_t v, std::string* out) {
  char buf[8];
  std::memcpy(buf, &v, 8);
  out->append(buf, 8);
}

uint64_t GetFixed64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

std::string IdKey(char tag, CollectionId id) {
  std::string k(kIdKeySize, '\0');
  k[0] = tag;
  for (int i = 0; i < 8; ++i) k[1 + i] = static_cast<char>(id >> (56 - 8 * i));
  return k;
}

CollectionId IdOf(std::string_view key) {
  CollectionId id = 0;
  for (int i = 0; i < 8; ++i) id = (id << 8) | static_cast<uint8_t>(key[1 + i]);
  return id;
}

std::string DataEnd(CollectionId id) { return CollectionEnd(kData, id); }

std::string CollectionEnd(char tag, CollectionId id) {
  // The next id's prefix; for the largest id, the next tag.
  if (id == UINT64_MAX) return std::string(1, static_cast<char>(tag + 1));
  return IdKey(tag, id + 1);
}

std::string GenKey(char tag, CollectionId id, uint64_t gen) {
  std::string k = IdKey(tag, id);
  for (int i = 0; i < 8; ++i) k.push_back(static_cast<char>(gen >> (56 - 8 * i)));
  return k;
}

std::string GenEnd(char tag, CollectionId id, uint64_t gen) {
  if (gen == UINT64_MAX) return CollectionEnd(tag, id);
  return GenKey(tag, id, gen + 1);
}

std::string EncodeCount(int64_t count) {
  std::string v;
  PutFixed64(static_cast<uint64_t>(count), &v);
  return v;
}

int64_t DecodeCount(std::string_view value) {
  if (value.size() != 8) return 0;
  return static_cast<int64_t>(GetFixed64(value.data()));
}

}  // namespace freshet::storage::keys
