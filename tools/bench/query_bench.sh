#!/usr/bin/env bash
# Query execution, Freshet next to PostgreSQL 15 on the same machine, in the
# same run, on the same data:
#
# Data, for each scale S: pgbench_accounts with 100,000 * S rows. PostgreSQL:
# `pgbench -i -s S` (so it has its primary key), then the same deterministic
# abalance on both sides (UPDATE, then VACUUM FULL so that PostgreSQL scans
# no dead rows, ANALYZE). Freshet: CREATE TABLE pgbench_accounts (aid int4
# NOT NULL, bid int4 NOT NULL, abalance int4 NOT NULL, filler char(84)) and
# INSERT ... SELECT ... FROM generate_series in chunks of --chunk rows, with
# pgbench's values. Plus branches_big (bid int4, name text, region int4),
# --join-rows rows, on both sides. Aggregates over both tables are compared
# before anything is timed; the run stops if they differ.
#
# Queries (query_bench.py has the SQL), each the same on both sides, timed
# end to end from a psycopg client (text results, no server-side prepare),
# the results compared: full-scan filter + aggregate; GROUP BY with 100k
# groups folded by an outer aggregate, and the same with the 100k rows sent
# to the client; the equi-join of pgbench_accounts with branches_big on
# aid % 100000 = bid (at scale 10 a 1M x 100k join) aggregated to 10 rows;
# ORDER BY abalance DESC, aid LIMIT 10; the point lookup aid = 123456.
# One warm-up run each, then --rounds runs alternating the systems
# (--lookups for the point lookup); medians and Freshet/PostgreSQL ratios.
# PostgreSQL also runs each query on a second connection with
# max_parallel_workers_per_gather = 0 (pg_serial), for reference: Freshet
# runs a query on one core.
# Peak RSS: VmHWM of freshet (reset after the load through clear_refs) and of
# the PostgreSQL backend serving the benchmark connection.
#
# Not part of the test suite (heavy): run it by hand after building.
#   tools/bench/query_bench.sh build [--scales 10,50] [--rounds 3] [--lookups 20]
#       [--join-rows 100000] [--chunk 100000] [--timeout 300]
#   tools/bench/query_bench.sh build --scales 1 --join-rows 10000 --rounds 1   # a quick try
# Environment: FRESHET_BENCH_ARGS (extra flags for freshet); FRESHET_BENCH_DIR
# (where Freshet's data goes, in a fresh subdirectory removed at the end;
# default: inside the benchmark's /tmp directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=build
if [[ $# -gt 0 && "$1" != --* ]]; then build=$1; shift; fi
scales=10,50 rounds=3 lookups=20 join_rows=100000 chunk=100000 timeout=300
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
  case $1 in
    --scales) scales=$2 ;;
    --rounds) rounds=$2 ;;
    --lookups) lookups=$2 ;;
    --join-rows) join_rows=$2 ;;
    --chunk) chunk=$2 ;;
    --timeout) timeout=$2 ;;
    *) echo "usage: $0 [BUILD_DIR] [--scales 10,50] [--rounds 3] [--lookups 20] [--join-rows 100000]" \
         "[--chunk 100000] [--timeout 300]" >&2; exit 2 ;;
  esac
  shift 2
done
freshet_bin=$build/freshet
[[ -x "$freshet_bin" ]] || { echo "no $freshet_bin: cmake --build $build -j2 --target freshet" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "no pgbench: tools/setup.sh --with-test-deps" >&2; exit 1; }
/usr/bin/python3 -c 'import psycopg' 2>/dev/null || { echo "no psycopg: apt-get install python3-psycopg" >&2; exit 1; }

source tools/bench/bench_lib.sh  # the working directory is the repository root
bench_workspace query-bench
results=$work/results.tsv
: >"$results"
# Run a copy: the build directory's binary may be relinked during the run.
built=$(date -u -r "$freshet_bin" '+%Y-%m-%d %H:%M UTC')
cp "$freshet_bin" "$work/freshet-server"
freshet_bin=$work/freshet-server

fr_pid=
stop_freshet() {
  if [[ -n "$fr_pid" ]] && kill -0 "$fr_pid" 2>/dev/null; then
    kill "$fr_pid"
    wait "$fr_pid" || echo "freshet exited with status $? (log: $fr_root/freshet.log)" >&2
  fi
  fr_pid=
}
cleanup() {
  stop_freshet
  tools/pg_cluster.sh stop "$pg_dir" "$pg_port" || true
  [[ "$fr_root" == "$work"/* ]] || rm -rf "$fr_root"
  rm -rf "$work"
}
trap cleanup EXIT

# A fresh Freshet for each scale (a new data directory; a peak RSS of its own).
start_freshet() {
  local data=$fr_root/data-$1
  fr_port=$(free_port)
  # shellcheck disable=SC2086  # FRESHET_BENCH_ARGS is a list of flags
  "$freshet_bin" --listen="127.0.0.1:$fr_port" --data-dir="$data" --log-level=warning \
    ${FRESHET_BENCH_ARGS:-} 2>>"$fr_root/freshet.log" &
  fr_pid=$!
  for _ in $(seq 200); do
    pg_isready -q -h 127.0.0.1 -p "$fr_port" -U materialize -d materialize && return 0
    kill -0 "$fr_pid" 2>/dev/null || { echo "freshet exited:" >&2; cat "$fr_root/freshet.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "freshet is not accepting connections" >&2
  exit 1
}

tools/pg_cluster.sh start "$pg_dir" "$pg_port" >/dev/null
pgsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
echo "query benchmark: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM;" \
  "PostgreSQL $(pgsql -At -c 'SHOW server_version' | cut -d' ' -f1) (default settings but fsync off; max_parallel_workers_per_gather" \
  "$(pgsql -At -c 'SHOW max_parallel_workers_per_gather'), shared_buffers $(pgsql -At -c 'SHOW shared_buffers'),"\
  "work_mem $(pgsql -At -c 'SHOW work_mem')); freshet built $built, tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!tools' || echo ' with uncommitted changes')"
echo

status=0
IFS=, read -r -a scale_list <<<"$scales"
for scale in "${scale_list[@]}"; do
  # The machine may be shared: the load average says how much.
  echo "== scale $scale: $((scale * 100000)) rows (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "PostgreSQL: pgbench -i -s $scale ..."
  pgsql -c 'SET client_min_messages = warning' \
    -c 'DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history, branches_big'
  init_out=$(pgbench -i -q -s "$scale" -h 127.0.0.1 -p "$pg_port" -U postgres postgres 2>&1) || {
    echo "$init_out" >&2; exit 1; }
  echo "  $(grep '^done in' <<<"$init_out")"
  start_freshet "$scale"
  rc=0
  /usr/bin/python3 tools/bench/query_bench.py --pg-port "$pg_port" --fr-port "$fr_port" --fr-pid "$fr_pid" \
    --scale "$scale" --rounds "$rounds" --lookups "$lookups" --join-rows "$join_rows" --chunk "$chunk" \
    --timeout "$timeout" --results "$results" || rc=$?
  echo "load average at the end of scale $scale: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill -0 "$fr_pid" 2>/dev/null || { echo "freshet died (log: $fr_root/freshet.log):" >&2; tail -n 20 "$fr_root/freshet.log" >&2; }
  stop_freshet
  rm -rf "$fr_root/data-$scale"
  [[ $rc == 2 ]] && exit 2  # the data differ: nothing after this means anything
  [[ $rc == 0 ]] || status=$rc
  echo
done

echo "Summary: median ms, ratio = Freshet / PostgreSQL (<= 1.00 meets the target);" \
  "pg_serial = PostgreSQL with max_parallel_workers_per_gather = 0, for reference"
printf "%-6s %-20s %8s %11s %9s %7s %13s %7s  %s\n" scale query rows freshet_ms pg_ms ratio pg_serial_ms ratio note
awk -F'\t' '$2 != "RSS" { printf "%-6s %-20s %8s %11s %9s %7s %13s %7s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$results"
echo "Peak RSS MiB: freshet after the load | freshet during the queries | PostgreSQL backend during the queries; Freshet load rate"
awk -F'\t' '$2 == "RSS" { printf "scale %-4s %6s | %6s | %6s; %s rows/s\n", $1, $3, $4, $5, $6 }' "$results"
[[ $status == 0 ]] || echo "some query results differed between Freshet and PostgreSQL (see above)" >&2
exit "$status"
