#include "checks.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "testkit/pg_values.h"

namespace freshet::scenario {
namespace {

std::string Indented(const std::vector<std::string>& lines, const char* indent) {
  if (lines.empty()) return absl::StrCat(indent, "(nothing)");
  return absl::StrCat(indent, absl::StrJoin(lines, absl::StrCat("\n", indent)));
}

std::vector<std::string> RenderRows(const std::vector<TextRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(RenderRow(r));
  return out;
}

std::string Rows(size_t n) { return absl::StrCat(n, n == 1 ? " row" : " rows"); }

std::vector<std::string> NormalizedLines(std::vector<std::string> lines) {
  for (auto& l : lines) l = std::string(absl::StripTrailingAsciiWhitespace(l));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace

std::string CheckQueryResult(const QueryCommand& q, const PGresult* res, bool* final) {
  ExecStatusType status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
    return absl::StrCat("the query failed: ", testkit::ErrorOf(res).Summary());
  }
  std::vector<std::string> problems;
  if (q.columns) {
    std::vector<std::string> names = testkit::ColumnNames(res);
    if (names != *q.columns) {
      std::vector<std::string> rendered;
      for (const auto& n : names) rendered.push_back(RenderValue(n));
      problems.push_back(absl::StrCat("columns differ\n    expected: columns: ", absl::StrJoin(*q.columns, " "),
                                      "\n    actual:   columns: ", absl::StrJoin(rendered, " ")));
    }
  }
  if (q.types) {
    std::vector<Oid> types = testkit::ColumnTypes(res);
    if (types != *q.types) {
      std::vector<std::string> names;
      for (Oid t : types) names.push_back(testkit::TypeNameOf(t));
      problems.push_back(absl::StrCat("types differ\n    expected: types: ", q.types_text,
                                      "\n    actual:   types: ", absl::StrJoin(names, " ")));
    }
  }
  auto rows = testkit::ResultRows(res);
  if (!rows.ok()) {
    *final = true;
    return absl::StrCat("cannot read the result: ", rows.status().message());
  }
  std::vector<TextRow> got = *rows, want = q.rows;
  if (!q.ordered) {
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
  }
  if (got != want) {
    problems.push_back(absl::StrCat("rows differ (compared ", q.ordered ? "in order: the query says ORDER BY" : "as a multiset",
                                    ")\n    expected (", Rows(q.rows.size()), "):\n",
                                    Indented(RenderRows(q.rows), "      "), "\n    actual (", Rows(rows->size()),
                                    "):\n", Indented(RenderRows(*rows), "      ")));
  }
  return absl::StrJoin(problems, "\n");
}

std::string CheckError(const ErrorExpectation& e, const testkit::PgError& error, bool connection) {
  std::string message = error.message;
  if (connection && error.sqlstate.empty()) message = std::string(absl::StripAsciiWhitespace(error.text));
  std::vector<std::string> expected, mismatched;
  auto check = [&](const std::string& line, bool ok) {
    expected.push_back(line);
    if (!ok) mismatched.push_back(line);
  };
  if (e.sqlstate) check(absl::StrCat("sqlstate: ", *e.sqlstate), error.sqlstate == *e.sqlstate);
  if (e.exact) check(absl::StrCat("exact: ", *e.exact), message == *e.exact);
  for (const auto& c : e.contains) {
    check(absl::StrCat("contains: ", c),
          absl::StrContains(message, c) || (connection && absl::StrContains(error.text, c)));
  }
  for (const auto& d : e.detail) check(absl::StrCat("detail: ", d), absl::StrContains(error.detail, d));
  for (const auto& h : e.hint) check(absl::StrCat("hint: ", h), absl::StrContains(error.hint, h));
  if (e.position) check(absl::StrCat("position: ", *e.position), error.position == *e.position);
  if (mismatched.empty()) return "";

  std::vector<std::string> actual;
  if (!error.sqlstate.empty()) {
    actual.push_back(absl::StrCat("sqlstate: ", error.sqlstate));
    actual.push_back(absl::StrCat("exact: ", error.message));
    if (!error.detail.empty()) actual.push_back(absl::StrCat("detail: ", error.detail));
    if (!error.hint.empty()) actual.push_back(absl::StrCat("hint: ", error.hint));
    if (!error.position.empty()) actual.push_back(absl::StrCat("position: ", error.position));
  } else {
    actual.push_back(absl::StrCat("(no SQLSTATE: the failure came from libpq) ", message));
  }
  return absl::StrCat("the error does not match: ", absl::StrJoin(mismatched, "; "), "\n    expected:\n",
                      Indented(expected, "      "), "\n    actual:\n", Indented(actual, "      "));
}

std::string CheckOutput(const std::vector<std::string>& expected, const std::string& output) {
  std::vector<std::string> want = NormalizedLines(expected);
  std::vector<std::string> got = NormalizedLines(absl::StrSplit(output, '\n'));
  if (want == got) return "";
  size_t first = 0;
  while (first < want.size() && first < got.size() && want[first] == got[first]) ++first;
  return absl::StrCat("the output differs from line ", first + 1, " of the expected output\n    expected:\n",
                      Indented(want, "      "), "\n    actual:\n", Indented(got, "      "));
}

}  // namespace freshet::scenario
