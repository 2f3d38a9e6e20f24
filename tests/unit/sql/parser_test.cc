#include <catch2/catch.hpp>

#include "common/error.h"
#include "sql/statement.h"

using namespace freshet;
using namespace freshet::sql;

TEST_CASE("splits scripts like PostgreSQL, around quotes and comments") {
  auto stmts = ParseStatements(
      "SELECT 1; SET cluster = 'a;b';\n-- comment; here\nSELECT $$x;y$$; /* c */ ;  ");
  REQUIRE(stmts.ok());
  REQUIRE(stmts->size() == 3);
  CHECK((*stmts)[0].source.text() == "SELECT 1");
  CHECK((*stmts)[1].source.text() == "SET cluster = 'a;b'");
  CHECK((*stmts)[2].source.text() == "SELECT $$x;y$$");
  const auto& set = std::get<SetVariableStmt>((*stmts)[1].body);
  CHECK(set.name == "cluster");
  CHECK(set.values == std::vector<std::string>{"a;b"});
}

TEST_CASE("empty and comment-only queries have no statements") {
  CHECK(ParseStatements("")->empty());
  CHECK(ParseStatements("  -- nothing\n ; ;")->empty());
}

TEST_CASE("syntax errors carry PostgreSQL's message, SQLSTATE and position") {
  auto r = ParseStatements("SELECT 1; SELECT FROM WHERE x = ;");
  REQUIRE_FALSE(r.ok());
  ErrorInfo e = ToErrorInfo(r.status());
  CHECK(e.code == "42601");
  CHECK(e.message == "syntax error at or near \"WHERE\"");
  CHECK(e.position == 23);  // 1-based, in the whole query string
}

TEST_CASE("positions count characters, not bytes") {
  auto r = ParseStatements("SELECT 'ü'; SELEC 1");
  REQUIRE_FALSE(r.ok());
  CHECK(ToErrorInfo(r.status()).position == 13);
}

TEST_CASE("statements are classified") {
  auto r = ParseStatements(
      "SET LOCAL search_path TO a, b; RESET ALL; RESET cluster; SHOW ALL; SHOW server_version; "
      "BEGIN; COMMIT; ROLLBACK; START TRANSACTION; SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 10);
  auto set = std::get<SetVariableStmt>((*r)[0].body);
  CHECK(set.local);
  CHECK(set.name == "search_path");
  CHECK(set.values == std::vector<std::string>{"a", "b"});
  CHECK(std::get<ResetVariableStmt>((*r)[1].body).name.empty());
  CHECK(std::get<ResetVariableStmt>((*r)[2].body).name == "cluster");
  CHECK(std::get<ShowVariableStmt>((*r)[3].body).name == "all");
  CHECK(std::get<TransactionStmt>((*r)[5].body).kind == TransactionStmt::Kind::kBegin);
  CHECK(std::get<TransactionStmt>((*r)[6].body).kind == TransactionStmt::Kind::kCommit);
  CHECK(std::get<TransactionStmt>((*r)[7].body).kind == TransactionStmt::Kind::kRollback);
  CHECK(std::get<TransactionStmt>((*r)[8].body).kind == TransactionStmt::Kind::kBegin);
  auto iso = std::get<SetVariableStmt>((*r)[9].body);
  CHECK(iso.name == "transaction_isolation");
  CHECK(iso.values == std::vector<std::string>{"serializable"});
}

TEST_CASE("CREATE TABLE: column types, NOT NULL, DEFAULT; unsupported constraints are 0A000") {
  auto r = ParseStatements(
      "CREATE TABLE IF NOT EXISTS db.s.t (a int4 NOT NULL, b varchar(10) DEFAULT 'x' || 'y', c numeric(10,2)[], "
      "d text NULL)");
  REQUIRE(r.ok());
  const auto& t = std::get<CreateTableStmt>((*r)[0].body);
  CHECK(t.if_not_exists);
  CHECK(t.name.database == "db");
  CHECK(t.name.schema == "s");
  REQUIRE(t.columns.size() == 4);
  CHECK(t.columns[0].type == types::Type{types::TypeId::kInt4});
  CHECK(!t.columns[0].nullable);
  CHECK(t.columns[1].type == types::Type{types::TypeId::kVarchar, 14});
  CHECK(t.columns[1].default_sql == "'x' || 'y'");
  CHECK(t.columns[2].type.id == types::TypeId::kArray);
  CHECK(t.columns[2].type.elem == types::TypeId::kNumeric);
  CHECK(t.columns[3].nullable);
  for (const char* sql : {"CREATE TABLE t (a int PRIMARY KEY)", "CREATE TABLE t (a int, UNIQUE (a))",
                          "CREATE TABLE t (a int CHECK (a > 0))", "CREATE TEMP TABLE t (a int)"}) {
    auto bad = ParseStatements(sql);
    INFO(sql);
    REQUIRE(!bad.ok());
    CHECK(SqlStateOf(bad.status()) == "0A000");
  }
}

TEST_CASE("statements Freshet cannot run yet are named") {
  auto r = ParseStatements(
      "CREATE TABLE t (a int); CREATE SOURCE s FROM POSTGRES CONNECTION pg (PUBLICATION 'p') FOR ALL TABLES; "
      "SHOW SOURCES; SHOW CLUSTER REPLICAS; INSERT INTO t VALUES (1); CREATE MATERIALIZED VIEW mv AS SELECT 1");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 6);
  // Tables are built: CREATE TABLE and INSERT parse into their own structs.
  CHECK(std::get<CreateTableStmt>((*r)[0].body).name.name == "t");
  // Materialize's statements parse into their own structs (mz_parser_test.cc).
  CHECK(StatementKindName((*r)[1].body) == "CREATE SOURCE");
  CHECK(StatementKindName((*r)[2].body) == "SHOW SOURCES");
  CHECK(StatementKindName((*r)[3].body) == "SHOW CLUSTER REPLICAS");
  CHECK(StatementKindName((*r)[4].body) == "INSERT");
  CHECK(std::get<UnsupportedStmt>((*r)[5].body).what == "CREATE MATERIALIZED VIEW");
}
