#include <catch2/catch.hpp>

#include "common/error.h"
#include "sql/binder.h"
#include "sql/statement.h"

using namespace freshet;
using namespace freshet::sql;
using types::TypeId;

namespace {

absl::StatusOr<SelectPlan> Bind(const std::string& sql, std::vector<types::Type> params = {}) {
  auto stmts = ParseStatements(sql);
  if (!stmts.ok()) return stmts.status();
  BindContext ctx;
  ctx.user = "materialize";
  ctx.database = "materialize";
  ctx.declared_params = std::move(params);
  const Statement& s = stmts->at(0);
  return BindSelect(s, std::get<SelectStmt>(s.body), ctx);
}

}  // namespace

TEST_CASE("output columns are named and typed as PostgreSQL does") {
  auto plan = Bind("SELECT 1, 'a', 1.5, 3000000000, true AS flag, 'x'::varchar(3), version(), current_user, "
                   "coalesce(NULL, 2), CASE WHEN true THEN 1 END");
  REQUIRE(plan.ok());
  const auto& c = plan->columns;
  REQUIRE(c.size() == 10);
  CHECK(c[0].name == "?column?");
  CHECK(c[0].type.id == TypeId::kInt4);
  CHECK(c[1].type.id == TypeId::kText);
  CHECK(c[2].type.id == TypeId::kNumeric);
  CHECK(c[3].type.id == TypeId::kInt8);
  CHECK(c[4].name == "flag");
  CHECK(c[4].type.id == TypeId::kBool);
  CHECK(c[5].name == "varchar");
  CHECK(c[5].type.typmod == 7);
  CHECK(c[6].name == "version");
  CHECK(c[7].name == "current_user");
  CHECK(c[8].name == "coalesce");
  CHECK(c[8].type.id == TypeId::kInt4);
  CHECK(c[9].name == "case");
}

TEST_CASE("operators promote numeric types and resolve unknown literals") {
  auto plan = Bind("SELECT 1 + 2::int8, 1 + 1.5::float8, 1 + '2', 'a' || 1, 1::int2 + 1::int2");
  REQUIRE(plan.ok());
  CHECK(plan->columns[0].type.id == TypeId::kInt8);
  CHECK(plan->columns[1].type.id == TypeId::kFloat8);
  CHECK(plan->columns[2].type.id == TypeId::kInt4);
  CHECK(plan->columns[3].type.id == TypeId::kText);
  CHECK(plan->columns[4].type.id == TypeId::kInt2);
}

TEST_CASE("type errors have PostgreSQL's messages") {
  auto op = Bind("SELECT 1 + true");
  REQUIRE_FALSE(op.ok());
  ErrorInfo e = ToErrorInfo(op.status());
  CHECK(e.code == "42883");
  CHECK(e.message == "operator does not exist: integer + boolean");
  CHECK(e.position == 10);
  CHECK_FALSE(e.hint.empty());

  auto fn = Bind("SELECT nosuch(1, 'a')");
  REQUIRE_FALSE(fn.ok());
  CHECK(ToErrorInfo(fn.status()).message == "function nosuch(integer, unknown) does not exist");

  auto col = Bind("SELECT x");
  REQUIRE_FALSE(col.ok());
  CHECK(ToErrorInfo(col.status()).code == "42703");
  CHECK(ToErrorInfo(col.status()).message == "column \"x\" does not exist");

  auto lit = Bind("SELECT 'abc'::int");
  REQUIRE_FALSE(lit.ok());
  CHECK(ToErrorInfo(lit.status()).code == "22P02");

  auto where = Bind("SELECT 1 WHERE 1");
  REQUIRE_FALSE(where.ok());
  CHECK(ToErrorInfo(where.status()).message == "argument of WHERE must be type boolean, not type integer");
}

TEST_CASE("parameters take their types from context or the client") {
  auto plan = Bind("SELECT $1::int8 + $2, $3 || 'x'");
  REQUIRE(plan.ok());
  REQUIRE(plan->param_types.size() == 3);
  CHECK(plan->param_types[0].id == TypeId::kInt8);
  CHECK(plan->param_types[1].id == TypeId::kInt8);
  CHECK(plan->param_types[2].id == TypeId::kText);

  auto declared = Bind("SELECT $1", {types::Type{TypeId::kInt4}});
  REQUIRE(declared.ok());
  CHECK(declared->columns[0].type.id == TypeId::kInt4);

  auto unknown = Bind("SELECT $1");
  REQUIRE_FALSE(unknown.ok());
  CHECK(ToErrorInfo(unknown.status()).code == "42P18");
}

TEST_CASE("query shapes bind to typed plans") {
  auto intersect = Bind("SELECT 1 INTERSECT SELECT 2");
  REQUIRE(intersect.ok());
  CHECK(std::holds_alternative<SetOp>(intersect->root->node));
  auto avg = Bind("SELECT avg(1)");
  REQUIRE(avg.ok());
  CHECK(avg->columns[0].type.id == TypeId::kNumeric);
  auto distinct_on = Bind("SELECT DISTINCT ON (1) 1");
  REQUIRE(distinct_on.ok());
  auto series = Bind("SELECT g FROM generate_series(1, 3) g");
  REQUIRE(series.ok());
  CHECK(series->columns[0].name == "g");
  CHECK(series->columns[0].type.id == TypeId::kInt4);
}

TEST_CASE("unsupported query shapes say so with 0A000") {
  for (const char* q : {"SELECT * FROM t", "WITH RECURSIVE a AS (SELECT 1) SELECT 1",
                        "SELECT sum(x) OVER () FROM generate_series(1, 2) x",
                        "SELECT * FROM generate_series(1, 2) a RIGHT JOIN LATERAL (SELECT a) s ON true",
                        "SELECT generate_series(1, 2), generate_series(1, 3)"}) {
    auto r = Bind(q);
    REQUIRE_FALSE(r.ok());
    CHECK(ToErrorInfo(r.status()).code == "0A000");
  }
}
