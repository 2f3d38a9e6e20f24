// Evaluation semantics, checked through the real parser and binder.
#include <catch2/catch.hpp>

#include <thread>

#include "common/error.h"
#include "compute/cursor.h"
#include "sql/binder.h"
#include "types/format.h"

using namespace freshet;

namespace {

struct Result {
  absl::Status status;
  std::vector<std::vector<std::string>> rows;  // text form, "NULL" for nulls
};

Result Run(const std::string& sql, const std::atomic<bool>* cancel = nullptr) {
  Result result;
  auto stmts = sql::ParseStatements(sql);
  REQUIRE(stmts.ok());
  sql::BindContext bctx;
  auto plan = sql::BindSelect(stmts->at(0), std::get<sql::SelectStmt>(stmts->at(0).body), bctx);
  if (!plan.ok()) {
    result.status = plan.status();
    return result;
  }
  std::vector<types::Datum> params;
  compute::ExecContext ctx{&params, cancel};
  auto cursor = compute::OpenCursor(*plan->root, ctx);
  compute::Batch batch;
  for (;;) {
    auto more = cursor->Next(batch);
    if (!more.ok()) {
      result.status = more.status();
      return result;
    }
    if (!*more) break;
    for (const auto& u : batch) {
      for (int64_t i = 0; i < u.diff; ++i) {
        std::vector<std::string> row;
        for (size_t c = 0; c < u.row.size(); ++c) {
          row.push_back(u.row[c].is_null() ? "NULL" : types::ToText(plan->columns[c].type, u.row[c]));
        }
        result.rows.push_back(row);
      }
    }
  }
  return result;
}

std::string One(const std::string& sql) {
  Result r = Run(sql);
  REQUIRE(r.status.ok());
  REQUIRE(r.rows.size() == 1);
  return r.rows[0][0];
}

std::string ErrorCode(const std::string& sql) {
  Result r = Run(sql);
  REQUIRE_FALSE(r.status.ok());
  return SqlStateOf(r.status);
}

}  // namespace

TEST_CASE("arithmetic follows PostgreSQL") {
  CHECK(One("SELECT 7 / 2") == "3");
  CHECK(One("SELECT -7 / 2") == "-3");
  CHECK(One("SELECT -7 % 3") == "-1");
  CHECK(One("SELECT 1.5::float8 * 2") == "3");
  CHECK(One("SELECT 2147483647::int8 + 1") == "2147483648");
  CHECK(ErrorCode("SELECT 2147483647 + 1") == "22003");
  CHECK(ErrorCode("SELECT 1 / 0") == "22012");
  CHECK(ErrorCode("SELECT (-32768)::int2 / (-1)::int2") == "22003");
  CHECK(ErrorCode("SELECT 1e308::float8 * 10") == "22003");
  CHECK(One("SELECT -(5)") == "-5");
  CHECK(One("SELECT abs(-3::int8)") == "3");
}

TEST_CASE("three-valued logic") {
  CHECK(One("SELECT NULL::bool AND false") == "f");
  CHECK(One("SELECT NULL::bool AND true") == "NULL");
  CHECK(One("SELECT NULL::bool OR true") == "t");
  CHECK(One("SELECT NOT NULL::bool") == "NULL");
  CHECK(One("SELECT 1 IN (2, NULL)") == "NULL");
  CHECK(One("SELECT 1 IN (1, NULL)") == "t");
  CHECK(One("SELECT 1 NOT IN (2, NULL)") == "NULL");
  CHECK(One("SELECT NULL IS NULL") == "t");
  CHECK(One("SELECT NULL::int IS DISTINCT FROM 1") == "t");
  CHECK(One("SELECT (NULL::bool) IS NOT TRUE") == "t");
  CHECK(One("SELECT 2 BETWEEN 1 AND 3") == "t");
  // AND stops at the first false: the division never runs.
  CHECK(One("SELECT false AND 1 / 0 = 1") == "f");
}

TEST_CASE("conditional expressions") {
  CHECK(One("SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END") == "b");
  CHECK(One("SELECT CASE 3 WHEN 1 THEN 'one' END") == "NULL");
  CHECK(One("SELECT coalesce(NULL, NULL, 3, 1 / 0)") == "3");
  CHECK(One("SELECT nullif(1, 1)") == "NULL");
  CHECK(One("SELECT greatest(1, NULL, 3)") == "3");
  CHECK(One("SELECT least('b', 'a')") == "a");
}

TEST_CASE("casts") {
  CHECK(One("SELECT 2.5::int") == "3");
  CHECK(One("SELECT (-2.5)::int") == "-3");
  CHECK(One("SELECT 2.5::float8::int") == "2");  // rint: half to even
  CHECK(One("SELECT 1::bool") == "t");
  CHECK(One("SELECT true::text") == "true");
  CHECK(One("SELECT 'abcdef'::varchar(3)") == "abc");
  CHECK(One("SELECT 12::text || 'x'") == "12x");
  CHECK(One("SELECT '  42 '::int8 + 0") == "42");
  CHECK(One("SELECT 0.1::float4") == "0.1");
  CHECK(One("SELECT 1.50::numeric") == "1.50");
  CHECK(ErrorCode("SELECT 70000::int2") == "22003");
  CHECK(ErrorCode("SELECT 'x'::text::int") == "22P02");
}

TEST_CASE("string functions") {
  CHECK(One("SELECT length('héllo')") == "5");
  CHECK(One("SELECT upper('abc') || lower('DEF')") == "ABCdef");
  CHECK(One("SELECT 'a'::char(3) = 'a'") == "t");
  CHECK(One("SELECT 'b' > 'a'") == "t");
  CHECK(One("SELECT 'hello' LIKE 'h%o'") == "t");
  CHECK(One("SELECT 'hello' LIKE 'h_llo'") == "t");
  CHECK(One("SELECT 'hello' LIKE 'h%x'") == "f");
  CHECK(One("SELECT 'häy' LIKE 'h_y'") == "t");
  CHECK(One("SELECT 'a%b' LIKE 'a\\%b'") == "t");
  CHECK(One("SELECT 'axb' LIKE 'a\\%b'") == "f");
  CHECK(One("SELECT 'HeLLo' ILIKE 'hel%'") == "t");
  CHECK(One("SELECT 'abc' NOT LIKE '%b%'") == "f");
  CHECK(One("SELECT 'mississippi' LIKE '%iss%ppi'") == "t");
}

TEST_CASE("VALUES, WHERE, LIMIT and OFFSET") {
  Result r = Run("VALUES (1, 'a'), (2, NULL), (3, 'c') LIMIT 2 OFFSET 1");
  REQUIRE(r.status.ok());
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0] == std::vector<std::string>{"2", "NULL"});
  CHECK(r.rows[1] == std::vector<std::string>{"3", "c"});
  CHECK(Run("SELECT 1 WHERE false").rows.empty());
  CHECK(Run("SELECT 1 WHERE NULL").rows.empty());
  CHECK(Run("SELECT 1 LIMIT 0").rows.empty());
}

TEST_CASE("pg_sleep honours cancellation") {
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel = true;
  });
  auto start = std::chrono::steady_clock::now();
  Result r = Run("SELECT pg_sleep(30)", &cancel);
  canceller.join();
  REQUIRE_FALSE(r.status.ok());
  CHECK(SqlStateOf(r.status) == "57014");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}
