#include "session.h"

#include <poll.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace freshet::scenario {
namespace {

using Clock = std::chrono::steady_clock;

// Notices (e.g. from DROP ... IF EXISTS) are not part of what a scenario
// checks; keep them off the output.
void IgnoreNotice(void*, const char*) {}

std::string LibpqError(PGconn* conn) { return std::string(absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn))); }

}  // namespace

Session::Session(testkit::PgConnPtr conn) : conn_(std::move(conn)) {
  PQsetNoticeProcessor(conn_.get(), IgnoreNotice, nullptr);
}

bool Session::ok() const { return conn_ != nullptr && PQstatus(conn_.get()) == CONNECTION_OK; }

void Session::Cancel() {
  PGcancel* cancel = PQgetCancel(conn_.get());
  if (cancel == nullptr) return;
  char error[256];
  PQcancel(cancel, error, sizeof error);
  PQfreeCancel(cancel);
}

QueryOutcome Session::Run(const QueryRequest& request, Duration limit, std::optional<Duration> cancel_after) {
  QueryOutcome out;
  PGconn* conn = conn_.get();
  int sent;
  if (request.extended) {
    std::vector<const char*> values;
    for (const auto& p : request.params) values.push_back(p ? p->c_str() : nullptr);
    sent = PQsendQueryParams(conn, request.sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                             nullptr, nullptr, request.binary ? 1 : 0);
  } else {
    sent = PQsendQuery(conn, request.sql.c_str());
  }
  if (!sent) {
    out.failure = absl::StrCat("cannot send the query: ", LibpqError(conn));
    return out;
  }

  auto start = Clock::now();
  auto deadline = start + limit;
  constexpr Clock::time_point kNever = Clock::time_point::max();
  Clock::time_point cancel_at = cancel_after ? start + *cancel_after : kNever;
  bool timed_out = false;
  testkit::PgResultPtr first_error, last;
  for (;;) {
    while (PQisBusy(conn)) {
      auto now = Clock::now();
      if (now >= cancel_at) {
        Cancel();
        cancel_at = kNever;
      }
      if (now >= deadline) {
        if (timed_out) {
          // Not even the cancel got an answer: give the connection up.
          conn_.reset();
          out.failure = absl::StrCat("no answer within ", FormatDuration(limit),
                                     ", nor 5 s after a cancel; the runner dropped the connection");
          return out;
        }
        timed_out = true;
        Cancel();
        deadline = now + std::chrono::seconds(5);
      }
      auto wake = std::min(deadline, cancel_at);
      int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count()) + 1;
      pollfd p{PQsocket(conn), POLLIN, 0};
      if (p.fd < 0) break;  // no connection any more: PQgetResult reports it
      ::poll(&p, 1, wait_ms);
      if (!PQconsumeInput(conn)) break;  // the connection broke: PQgetResult reports it
    }
    PGresult* r = PQgetResult(conn);
    if (r == nullptr) break;
    testkit::PgResultPtr res(r);
    switch (PQresultStatus(r)) {
      case PGRES_COPY_OUT: {
        char* buf = nullptr;
        while (PQgetCopyData(conn, &buf, 0) > 0) PQfreemem(buf);
        out.failure = "the query started COPY TO STDOUT, which the runner does not support";
        out.final = true;
        continue;
      }
      case PGRES_COPY_IN:
        PQputCopyEnd(conn, "the scenario runner does not support COPY FROM STDIN");
        out.failure = "the query started COPY FROM STDIN, which the runner does not support";
        out.final = true;
        continue;
      case PGRES_COPY_BOTH:
        conn_.reset();
        out.failure = "the query started a COPY BOTH (replication) stream, which the runner does not support";
        out.final = true;
        return out;
      case PGRES_FATAL_ERROR:
        if (!first_error) first_error = std::move(res);
        break;
      default:
        last = std::move(res);
    }
  }
  if (timed_out) {
    out.failure = absl::StrCat("no answer within ", FormatDuration(limit), "; the runner cancelled the query");
    return out;
  }
  if (!out.failure.empty()) return out;
  out.result = first_error ? std::move(first_error) : std::move(last);
  if (!out.result) out.failure = absl::StrCat("no result: ", LibpqError(conn));
  return out;
}

}  // namespace freshet::scenario
