#include "coord/relations.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error.h"
#include "common/status_macros.h"

namespace freshet::coord {
namespace {

// Builtin relation ids in the plan: the builtin's number with a high bit,
// apart from the storage collection ids that tables use.
constexpr uint64_t kBuiltinBit = uint64_t{1} << 62;

// Decodes a table's stored rows batch by batch; each distinct row comes
// once with its count.
class TableReader final : public compute::RelationReader {
 public:
  TableReader(std::unique_ptr<storage::Cursor> cursor, size_t arity, std::vector<bool> columns)
      : cursor_(std::move(cursor)), arity_(arity), columns_(std::move(columns)) {}

  absl::StatusOr<bool> Next(size_t max, std::vector<std::pair<types::Row, int64_t>>& out) override {
    // Rows already in `out` are decoded over, keeping their storage.
    size_t n = 0;
    for (; cursor_->Valid() && n < max; cursor_->Next(), ++n) {
      if (n == out.size()) out.emplace_back();
      types::Row& row = out[n].first;
      row.reserve(arity_);  // one allocation per row, not one per growth
      if (auto s = cursor_->Read(&row, columns_.empty() ? nullptr : &columns_); !s.ok()) return s;
      out[n].second = cursor_->count();
    }
    out.resize(n);
    if (auto s = cursor_->status(); !s.ok()) return s;
    return n > 0;
  }

 private:
  std::unique_ptr<storage::Cursor> cursor_;
  size_t arity_;
  std::vector<bool> columns_;  // empty: every column
};

}  // namespace

sql::RelationDesc TableRelationDesc(const catalog::CatalogState& state, const catalog::Item& item) {
  const auto& table = std::get<catalog::TableDetails>(item.details);
  sql::RelationDesc desc;
  desc.id = table.collection;
  desc.name = item.name;
  desc.qualified = state.QualifiedName(item);
  desc.writable = !table.source.has_value();
  desc.object_id = item.id.ToString();
  for (const catalog::Column& c : table.columns) {
    desc.columns.push_back(sql::OutputColumn{c.name, c.type});
    desc.nullable.push_back(c.nullable);
    desc.defaults.push_back(c.default_sql);
  }
  return desc;
}

absl::StatusOr<sql::RelationDesc> CatalogRelations::ResolveRelation(const std::optional<std::string>& database,
                                                                    const std::optional<std::string>& schema,
                                                                    const std::string& name) const {
  std::string shown = name;
  if (schema) shown = absl::StrCat(*schema, ".", shown);
  if (database) shown = absl::StrCat(*database, ".", shown);
  if (database && state_->FindDatabase(*database) == nullptr) {
    return Error(sqlstate::kInvalidCatalogName, absl::StrCat("unknown database '", *database, "'")).ToStatus();
  }
  // Unqualified names see mz_catalog first (as Materialize's search path
  // does), then materialize.public; mz_internal must be named.
  const catalog::BuiltinRelation* builtin = nullptr;
  if (!schema) {
    builtin = catalog::FindBuiltin("mz_catalog", name);
  } else if (*schema == "mz_catalog" || *schema == "mz_internal") {
    builtin = catalog::FindBuiltin(*schema, name);
  } else if (state_->FindSchema(std::nullopt, *schema) == nullptr &&
             (!state_->FindDatabase("materialize") ||
              state_->FindSchema(state_->FindDatabase(database.value_or("materialize"))->id, *schema) == nullptr)) {
    return Error(sqlstate::kInvalidSchemaName, absl::StrCat("unknown schema '", *schema, "'")).ToStatus();
  }
  if (builtin == nullptr) {
    auto schema_found = state_->ResolveSchema(database, schema);
    const catalog::Item* item = schema_found.ok() ? state_->FindItem((*schema_found)->id, name) : nullptr;
    if (item != nullptr && std::holds_alternative<catalog::TableDetails>(item->details)) {
      return TableRelationDesc(*state_, *item);
    }
    if (item != nullptr && std::holds_alternative<catalog::SourceDetails>(item->details)) {
      // A source reads as its progress: (lsn), the resume LSN.
      sql::RelationDesc desc;
      desc.id = std::get<catalog::SourceDetails>(item->details).progress_collection;
      desc.name = item->name;
      desc.qualified = state_->QualifiedName(*item);
      desc.object_id = item->id.ToString();
      desc.columns.push_back(sql::OutputColumn{"lsn", types::Type{types::TypeId::kInt8}});
      desc.nullable.push_back(true);
      desc.defaults.push_back(std::nullopt);
      return desc;
    }
    if (item != nullptr && std::holds_alternative<catalog::ViewDetails>(item->details)) {
      const auto& view = std::get<catalog::ViewDetails>(item->details);
      sql::RelationDesc desc;
      desc.name = item->name;
      desc.qualified = state_->QualifiedName(*item);
      desc.object_id = item->id.ToString();
      desc.view_sql = view.query_sql;
      for (const catalog::Column& c : view.columns) desc.columns.push_back(sql::OutputColumn{c.name, c.type});
      return desc;
    }
    if (item != nullptr) {
      return Error(sqlstate::kInvalidParameterValueWrongObjectType,
                   absl::StrCat("\"", state_->QualifiedName(*item), "\" is a ",
                                std::string(catalog::ItemTypeName(item->type)), ", not a relation"))
          .ToStatus();
    }
    return Error(sqlstate::kUndefinedTable, absl::StrCat("unknown catalog item '", shown, "'")).ToStatus();
  }
  sql::RelationDesc desc;
  desc.id = kBuiltinBit | builtin->id.n;
  desc.name = builtin->name;
  desc.qualified = absl::StrCat(builtin->schema, ".", builtin->name);
  desc.object_id = builtin->id.ToString();
  for (const auto& c : builtin->columns) desc.columns.push_back(sql::OutputColumn{c.name, c.type});
  return desc;
}

absl::StatusOr<std::vector<types::Row>> CatalogRelations::Rows(uint64_t relation) const {
  if ((relation & kBuiltinBit) == 0) return absl::InternalError("tables are read with Open");
  const catalog::BuiltinRelation* builtin = catalog::GetBuiltin(catalog::GlobalId::System(relation & ~kBuiltinBit));
  if (builtin == nullptr) return absl::InternalError("unknown builtin relation");
  static const catalog::RuntimeFacts kNoFacts;
  return catalog::BuiltinRows(*builtin, *state_, facts_ ? *facts_ : kNoFacts);
}

absl::StatusOr<std::unique_ptr<compute::RelationReader>> CatalogRelations::Open(uint64_t relation,
                                                                               const std::vector<bool>& columns) const {
  FRESHET_ASSIGN_OR_RETURN(auto parts, OpenParts(relation, columns, 1));
  return std::move(parts.front());
}

absl::StatusOr<std::vector<std::unique_ptr<compute::RelationReader>>> CatalogRelations::OpenParts(
    uint64_t relation, const std::vector<bool>& columns, int max_parts) const {
  return OpenRange(relation, columns, max_parts, {}, {});
}

absl::StatusOr<std::vector<std::unique_ptr<compute::RelationReader>>> CatalogRelations::OpenRange(
    uint64_t relation, const std::vector<bool>& columns, int max_parts, std::string_view key_lower,
    std::string_view key_upper) const {
  using Readers = std::vector<std::unique_ptr<compute::RelationReader>>;
  auto one = [](std::unique_ptr<compute::RelationReader> reader) {
    Readers readers;
    readers.push_back(std::move(reader));
    return readers;
  };
  if ((relation & kBuiltinBit) != 0) {
    FRESHET_ASSIGN_OR_RETURN(auto reader, RelationProvider::Open(relation, columns));
    return one(std::move(reader));
  }
  if (snapshot_ == nullptr) return absl::InternalError("no storage snapshot to scan a table");
  // A progress relation reads the source's resume LSN from the same
  // storage snapshot: exactly the point the snapshot's data is at.
  if (std::optional<catalog::GlobalId> source = ProgressOf(relation)) {
    std::vector<types::Row> rows;
    uint64_t lsn = 0;
    if (auto resume = snapshot_->Frontier(catalog::SourceResumeFrontier(*source));
        resume && absl::SimpleAtoi(*resume, &lsn)) {
      rows.push_back({types::Datum::FromInt(static_cast<int64_t>(lsn))});
    }
    return one(std::make_unique<compute::RowsReader>(std::move(rows)));
  }
  // A source-fed table with a definite error reads as that error; one
  // whose snapshot is not committed, or is ahead of its source's other
  // tables, waits (Unavailable) when the query may wait, else answers 55000.
  const catalog::Item* table = TableOf(relation);
  const auto* details = table ? std::get_if<catalog::TableDetails>(&table->details) : nullptr;
  std::shared_ptr<const storage::Snapshot> snapshot = snapshot_;
  if (details != nullptr && details->upstream && details->source) {
    // Every table of one source is read at the same storage snapshot within
    // a query: the first one opened chooses it.
    std::lock_guard<std::mutex> lock(source_snapshots_mu_);
    auto chosen = source_snapshots_.find(*details->source);
    if (chosen != source_snapshots_.end()) {
      snapshot = chosen->second;
    } else if (facts_ != nullptr && facts_->pinned_snapshot) {
      // A large transaction being applied in parts: read as of before it.
      if (auto pinned = facts_->pinned_snapshot(*details->source)) snapshot = std::move(pinned);
    }
    auto readable = [&](const storage::Snapshot& snap) -> absl::StatusOr<bool> {
      if (auto error = snap.Frontier(catalog::TableErrorFrontier(relation))) {
        return Error(sqlstate::kInternalError, *error).ToStatus();
      }
      // Part of a large transaction is in this snapshot (after a restart).
      if (auto partial = snap.Frontier(catalog::SourcePartialFrontier(*details->source));
          partial && !partial->empty()) {
        return false;
      }
      auto at = snap.Frontier(catalog::SnapshotLsnFrontier(relation));
      auto resume = snap.Frontier(catalog::SourceResumeFrontier(*details->source));
      uint64_t at_lsn = 0, resume_lsn = 0;
      return snap.Exists(relation) && at && resume && absl::SimpleAtoi(*at, &at_lsn) &&
             absl::SimpleAtoi(*resume, &resume_lsn) && at_lsn <= resume_lsn;
    };
    FRESHET_ASSIGN_OR_RETURN(bool ready, readable(*snapshot));
    if (!ready && storage_ != nullptr) {
      snapshot = storage_->GetSnapshot();
      FRESHET_ASSIGN_OR_RETURN(ready, readable(*snapshot));
      if (!ready) {
        return absl::UnavailableError(absl::StrCat("\"", state_->QualifiedName(*table),
                                                   "\" is not readable yet: its initial snapshot is not committed"));
      }
    } else if (!ready) {
      return Error("55000", absl::StrCat("\"", state_->QualifiedName(*table),
                                         "\" is not readable yet: its initial snapshot has not been committed"))
          .Hint("Wait for snapshot_committed in mz_internal.mz_source_statistics.")
          .ToStatus();
    }
    source_snapshots_[*details->source] = snapshot;
  }
  auto dropped = [](absl::Status s) {
    // Dropped between binding and running.
    if (!absl::IsNotFound(s)) return s;
    return Error(sqlstate::kUndefinedTable, "the table was dropped while the query ran").ToStatus();
  };
  // Large tables are read in parts of at least min_part_bytes_ each.
  std::vector<std::string> bounds;
  if (max_parts > 1) {
    auto stats = snapshot->Stats(relation);
    if (!stats.ok()) return dropped(stats.status());
    int64_t by_size = min_part_bytes_ > 0 ? stats->bytes / min_part_bytes_ : max_parts;
    int parts = static_cast<int>(std::min<int64_t>(max_parts, by_size));
    if (parts > 1) {
      auto split = snapshot->SplitPoints(relation, parts);
      if (!split.ok()) return dropped(split.status());
      bounds = *std::move(split);
    }
  }
  // Within the key range: the split points inside it cut it.
  if (!key_lower.empty() || !key_upper.empty()) {
    std::vector<std::string> inside;
    for (std::string& b : bounds) {
      if (b > key_lower && (key_upper.empty() || b < key_upper)) inside.push_back(std::move(b));
    }
    bounds = std::move(inside);
  }
  size_t arity = details != nullptr ? details->columns.size() : 1;
  Readers readers;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    std::string_view lower = i == 0 ? key_lower : std::string_view(bounds[i - 1]);
    std::string_view upper = i == bounds.size() ? key_upper : std::string_view(bounds[i]);
    auto cursor = snapshot->ScanRange(relation, lower, upper);
    if (!cursor.ok()) return dropped(cursor.status());
    readers.push_back(std::make_unique<TableReader>(*std::move(cursor), arity, columns));
  }
  return readers;
}

const CatalogRelations::CollectionIndex& CatalogRelations::Collections() const {
  std::call_once(index_once_, [&] {
    for (const auto& [id, item] : state_->items()) {
      if (const auto* src = std::get_if<catalog::SourceDetails>(&item.details)) {
        index_.progress.emplace(src->progress_collection, id);
      } else if (const auto* table = std::get_if<catalog::TableDetails>(&item.details)) {
        index_.tables.emplace(table->collection, &item);
      }
    }
  });
  return index_;
}

std::optional<catalog::GlobalId> CatalogRelations::ProgressOf(uint64_t collection) const {
  const CollectionIndex& index = Collections();
  auto it = index.progress.find(collection);
  if (it == index.progress.end()) return std::nullopt;
  return it->second;
}

const catalog::Item* CatalogRelations::TableOf(uint64_t collection) const {
  const CollectionIndex& index = Collections();
  auto it = index.tables.find(collection);
  return it == index.tables.end() ? nullptr : it->second;
}

}  // namespace freshet::coord
