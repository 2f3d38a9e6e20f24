// Views: CREATE [OR REPLACE] VIEW stores the query (deparsed) and the
// columns it has now; every query that names the view binds that query in
// its place (sql/src/bind_from.cc), so a view always reads current data.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/catalog.h"
#include "common/error.h"
#include "sql/statement.h"

namespace freshet::coord {

// CREATE VIEW; fills the command tag and, for IF NOT EXISTS on a taken
// name, the NOTICE. The query is bound against the current catalog first:
// its errors are the CREATE's, and the relations it names become the
// view's dependencies (DROP ... RESTRICT refuses to drop them).
absl::Status CreateView(const sql::CreateViewStmt& stmt, catalog::Catalog& catalog, std::string* command_tag,
                        std::vector<ErrorInfo>* notices);

}  // namespace freshet::coord
