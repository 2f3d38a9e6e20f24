#include "catalog/objects.h"

#include <charconv>
#include <string>

namespace freshet::catalog {

std::optional<GlobalId> GlobalId::Parse(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'u' && text[0] != 's')) return std::nullopt;
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return GlobalId{static_cast<Space>(text[0]), n};
}

std::string GlobalId::ToString() const { return static_cast<char>(space) + std::to_string(n); }

std::string_view ItemTypeName(ItemType type) {
  switch (type) {
    case ItemType::kSecret: return "secret";
    case ItemType::kConnection: return "connection";
    case ItemType::kSource: return "source";
    case ItemType::kSubsource: return "source";  // as mz_objects shows subsources
    case ItemType::kTable: return "table";
    case ItemType::kView: return "view";
    case ItemType::kMaterializedView: return "materialized-view";
    case ItemType::kIndex: return "index";
  }
  return "unknown";
}

std::string_view ConnectionTypeName(const ConnectionDetails& details) {
  switch (details.index()) {
    case 0: return "postgres";
    case 1: return "ssh-tunnel";
    default: return "aws-privatelink";
  }
}

std::string SshPrivateKeySecret(GlobalId connection, int index) {
  return "ssh/" + connection.ToString() + "/" + std::to_string(index);
}

std::string SecretValueName(GlobalId secret) { return "secret/" + secret.ToString(); }

std::string SourceResumeFrontier(GlobalId source) { return "source/" + source.ToString() + "/lsn"; }
std::string SourcePartialFrontier(GlobalId source) { return "source/" + source.ToString() + "/partial"; }
std::string SnapshotLsnFrontier(uint64_t collection) { return "collection/" + std::to_string(collection) + "/snapshot_lsn"; }
std::string TableErrorFrontier(uint64_t collection) { return "collection/" + std::to_string(collection) + "/error"; }

}  // namespace freshet::catalog
