#include "coord/relations.h"

#include "absl/strings/str_cat.h"
#include "common/error.h"

namespace freshet::coord {
namespace {

// Builtin relation ids in the plan: the builtin's number with a high bit,
// apart from the storage collection ids that tables will use.
constexpr uint64_t kBuiltinBit = uint64_t{1} << 62;

}  // namespace

absl::StatusOr<sql::RelationDesc> CatalogRelations::ResolveRelation(const std::optional<std::string>& database,
                                                                    const std::optional<std::string>& schema,
                                                                    const std::string& name) const {
  std::string shown = name;
  if (schema) shown = absl::StrCat(*schema, ".", shown);
  if (database) shown = absl::StrCat(*database, ".", shown);
  if (database && state_->FindDatabase(*database) == nullptr) {
    return Error(sqlstate::kInvalidCatalogName, absl::StrCat("unknown database '", *database, "'")).ToStatus();
  }
  // Unqualified names see mz_catalog (as Materialize's search path does);
  // mz_internal must be named.
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
    return Error(sqlstate::kUndefinedTable, absl::StrCat("unknown catalog item '", shown, "'")).ToStatus();
  }
  sql::RelationDesc desc;
  desc.id = kBuiltinBit | builtin->id.n;
  desc.name = builtin->name;
  desc.qualified = absl::StrCat(builtin->schema, ".", builtin->name);
  for (const auto& c : builtin->columns) desc.columns.push_back(sql::OutputColumn{c.name, c.type});
  return desc;
}

absl::StatusOr<std::vector<types::Row>> CatalogRelations::Rows(uint64_t relation) const {
  if ((relation & kBuiltinBit) == 0) return absl::InternalError("only builtin relations can be scanned yet");
  const catalog::BuiltinRelation* builtin = catalog::GetBuiltin(catalog::GlobalId::System(relation & ~kBuiltinBit));
  if (builtin == nullptr) return absl::InternalError("unknown builtin relation");
  static const catalog::RuntimeFacts kNoFacts;
  return catalog::BuiltinRows(*builtin, *state_, facts_ ? *facts_ : kNoFacts);
}

}  // namespace freshet::coord
