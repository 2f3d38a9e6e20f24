// The libpg_query parse tree of one statement. Private to sql/.
#pragma once

#include "pg_query.pb.h"
#include "sql/statement.h"

namespace freshet::sql {

class ParseTree {
 public:
  pg_query::ParseResult result;  // exactly one RawStmt

  const pg_query::Node& stmt() const { return result.stmts(0).stmt(); }
};

}  // namespace freshet::sql
