#include "testkit/pg_client.h"

#include <poll.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "testkit/pg_values.h"

namespace freshet::testkit {
namespace {

using Clock = std::chrono::steady_clock;

std::string Field(const PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v ? v : "";
}

std::string StripText(const std::string& s) { return std::string(absl::StripAsciiWhitespace(s)); }

// Reads "SEVERITY:  SQLSTATE: message" and the DETAIL/HINT lines that
// follow it out of a verbose libpq error text, e.g.
//   connection to server at "127.0.0.1", port 5432 failed: FATAL:  28P01: password authentication failed ...
//   DETAIL:  ...
void ParseVerboseError(PgError& error) {
  static constexpr const char* kSeverities[] = {"FATAL:  ", "ERROR:  ", "PANIC:  "};
  size_t at = std::string::npos;
  for (const char* severity : kSeverities) {
    for (size_t pos = error.text.find(severity); pos != std::string::npos;
         pos = error.text.find(severity, pos + 1)) {
      size_t code = pos + 8;
      bool is_code = error.text.size() > code + 6 && error.text.compare(code + 5, 2, ": ") == 0 &&
                     std::all_of(error.text.begin() + static_cast<std::ptrdiff_t>(code),
                                 error.text.begin() + static_cast<std::ptrdiff_t>(code + 5),
                                 [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
      if (is_code && pos < at) at = pos;
      if (is_code) break;
    }
  }
  if (at == std::string::npos) return;
  error.severity = error.text.substr(at, error.text.find(':', at) - at);
  error.sqlstate = error.text.substr(at + 8, 5);
  std::vector<std::string> lines = absl::StrSplit(error.text.substr(at + 15), '\n');
  error.message = lines.empty() ? "" : lines[0];
  for (size_t i = 1; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (absl::ConsumePrefix(&line, "DETAIL:  ")) error.detail = std::string(line);
    if (absl::ConsumePrefix(&line, "HINT:  ")) error.hint = std::string(line);
  }
}

}  // namespace

std::string PgError::Summary() const {
  if (sqlstate.empty()) return StripText(text);
  std::string out = absl::StrCat(severity, " ", sqlstate, ": ", message);
  if (!detail.empty()) absl::StrAppend(&out, " (detail: ", detail, ")");
  if (!hint.empty()) absl::StrAppend(&out, " (hint: ", hint, ")");
  if (!position.empty()) absl::StrAppend(&out, " (position: ", position, ")");
  return out;
}

PgError ErrorOf(const PGresult* res) {
  PgError e;
  if (res == nullptr) {
    e.text = "no result";
    return e;
  }
  e.severity = Field(res, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (e.severity.empty()) e.severity = Field(res, PG_DIAG_SEVERITY);
  e.sqlstate = Field(res, PG_DIAG_SQLSTATE);
  e.message = Field(res, PG_DIAG_MESSAGE_PRIMARY);
  e.detail = Field(res, PG_DIAG_MESSAGE_DETAIL);
  e.hint = Field(res, PG_DIAG_MESSAGE_HINT);
  e.position = Field(res, PG_DIAG_STATEMENT_POSITION);
  e.text = PQresultErrorMessage(res);
  if (e.message.empty()) e.message = StripText(e.text);
  return e;
}

absl::StatusOr<ConnParams> ParseConninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (options == nullptr) {
    std::string message = err ? StripText(err) : "out of memory";
    PQfreemem(err);
    return absl::InvalidArgumentError(absl::StrCat("bad conninfo \"", conninfo, "\": ", message));
  }
  ConnParams params;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr) params.emplace_back(o->keyword, o->val);
  }
  PQconninfoFree(options);
  return params;
}

void SetParam(ConnParams& params, const std::string& keyword, const std::string& value) {
  for (auto& [k, v] : params) {
    if (k == keyword) {
      v = value;
      return;
    }
  }
  params.emplace_back(keyword, value);
}

std::optional<std::string> GetParam(const ConnParams& params, const std::string& keyword) {
  std::optional<std::string> out;
  for (const auto& [k, v] : params) {
    if (k == keyword) out = v;
  }
  return out;
}

bool IsConnKeyword(const std::string& keyword) {
  PQconninfoOption* defaults = PQconndefaults();
  bool found = false;
  for (PQconninfoOption* o = defaults; o != nullptr && o->keyword != nullptr; ++o) {
    if (keyword == o->keyword) found = true;
  }
  PQconninfoFree(defaults);
  return found;
}

std::string ToConninfo(const ConnParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    std::string quoted;
    for (char c : v) {
      if (c == '\'' || c == '\\') quoted.push_back('\\');
      quoted.push_back(c);
    }
    absl::StrAppend(&out, out.empty() ? "" : " ", k, "='", quoted, "'");
  }
  return out;
}

ConnectResult Connect(const ConnParams& params, std::chrono::milliseconds timeout) {
  ConnectResult out;
  std::vector<const char*> keywords, values;
  for (const auto& [k, v] : params) {
    keywords.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PgConnPtr conn(PQconnectStartParams(keywords.data(), values.data(), 0));
  if (conn == nullptr) {
    out.error.text = "out of memory";
    return out;
  }
  PQsetErrorVerbosity(conn.get(), PQERRORS_VERBOSE);
  auto deadline = Clock::now() + timeout;
  PostgresPollingStatusType poll_status = PGRES_POLLING_WRITING;
  while (PQstatus(conn.get()) != CONNECTION_BAD && poll_status != PGRES_POLLING_OK &&
         poll_status != PGRES_POLLING_FAILED) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (left <= 0) {
      out.error.text = absl::StrCat("timed out after ", timeout.count(), " ms while connecting (",
                                    ToConninfo(params), ")");
      return out;
    }
    pollfd p{PQsocket(conn.get()), static_cast<short>(poll_status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    if (p.fd >= 0 && ::poll(&p, 1, std::min(left, 100)) == 0) continue;
    poll_status = PQconnectPoll(conn.get());
  }
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    out.error.text = PQerrorMessage(conn.get());
    ParseVerboseError(out.error);
    return out;
  }
  PQsetErrorVerbosity(conn.get(), PQERRORS_DEFAULT);
  out.conn = std::move(conn);
  return out;
}

absl::StatusOr<PgResultPtr> Exec(PGconn* conn, const std::string& sql) {
  PgResultPtr res(PQexec(conn, sql.c_str()));
  ExecStatusType st = PQresultStatus(res.get());
  if (res == nullptr || (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)) {
    PgError e;
    if (res != nullptr) e = ErrorOf(res.get());
    else e.text = PQerrorMessage(conn);
    return absl::InternalError(absl::StrCat(sql, ": ", e.Summary()));
  }
  return res;
}

absl::StatusOr<std::vector<TextRow>> ResultRows(const PGresult* res) {
  std::vector<TextRow> rows;
  int nfields = PQnfields(res);
  for (int r = 0; r < PQntuples(res); ++r) {
    TextRow row;
    for (int f = 0; f < nfields; ++f) {
      if (PQgetisnull(res, r, f)) {
        row.emplace_back();
      } else if (PQfformat(res, f) == 1) {
        auto text = BinaryToText(PQftype(res, f), PQgetvalue(res, r, f), PQgetlength(res, r, f));
        if (!text.ok()) return text.status();
        row.emplace_back(std::move(*text));
      } else {
        row.emplace_back(std::string(PQgetvalue(res, r, f), static_cast<size_t>(PQgetlength(res, r, f))));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> ColumnNames(const PGresult* res) {
  std::vector<std::string> names;
  for (int f = 0; f < PQnfields(res); ++f) names.emplace_back(PQfname(res, f));
  return names;
}

std::vector<Oid> ColumnTypes(const PGresult* res) {
  std::vector<Oid> types;
  for (int f = 0; f < PQnfields(res); ++f) types.push_back(PQftype(res, f));
  return types;
}

}  // namespace freshet::testkit
