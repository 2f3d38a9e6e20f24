// The relations queries can name, over one catalog snapshot: builtin
// relations now (mz_catalog.*, mz_internal.*), replicated tables later.
// One object serves the binder (names → columns) and compute (ids → rows).
#pragma once

#include <memory>

#include "catalog/builtins.h"
#include "catalog/catalog.h"
#include "compute/eval.h"
#include "sql/binder.h"

namespace freshet::coord {

class CatalogRelations final : public sql::CatalogReader, public compute::RelationProvider {
 public:
  CatalogRelations(std::shared_ptr<const catalog::CatalogState> state, const catalog::RuntimeFacts* facts)
      : state_(std::move(state)), facts_(facts) {}

  absl::StatusOr<sql::RelationDesc> ResolveRelation(const std::optional<std::string>& database,
                                                    const std::optional<std::string>& schema,
                                                    const std::string& name) const override;
  absl::StatusOr<std::vector<types::Row>> Rows(uint64_t relation) const override;

 private:
  std::shared_ptr<const catalog::CatalogState> state_;
  const catalog::RuntimeFacts* facts_;
};

}  // namespace freshet::coord
