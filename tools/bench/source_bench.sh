#!/usr/bin/env bash
# Freshet's PostgreSQL source next to PostgreSQL's own logical replication
# (a second PostgreSQL 15 subscribing to the same publication), on the same
# machine, in the same run. Upstream: pgbench tables, REPLICA IDENTITY FULL,
# plus a heartbeat table, all in one publication; Freshet's source takes
# FOR ALL TABLES of it, the subscriber the same tables (pre-created by a
# schema-only dump, primary keys included).
#
# 1. Initial snapshot, for each scale (BENCH_SCALES) and Freshet cluster size
#    (BENCH_SIZES, which sets the snapshot's parallelism): CREATE SOURCE
#    until snapshot_committed and count(*) of pgbench_accounts is complete;
#    CREATE SUBSCRIPTION until pgbench_accounts is 'r' in pg_subscription_rel;
#    and COPY pgbench_accounts TO STDOUT (text, binary) through psql into
#    /dev/null. Rows/s and ratios.
# 2. Backlog drain (last scale): Freshet stopped (SIGTERM), the subscription
#    disabled, then pgbench -c 4 -j 2 -t BENCH_LOAD_TX tpcb-like and
#    simple-update upstream. pg_recvlogical (pgoutput, a slot made before the
#    load) reads the backlog: the decode limit. Then Freshet alone, then the
#    subscriber alone, timed from start until their commit-based progress
#    passes the end of the load. Transactions/s and ratios; the data are
#    compared with upstream's afterwards.
# 3. Freshness (last scale): a heartbeat row updated every 100 ms while
#    pgbench -c 4 -j 2 -T BENCH_FRESH_SECONDS runs; each system alone,
#    sampled every 50 ms: now - ts and lag, p50/p99.
# 4. Peak RSS (VmHWM) of Freshet and of the subscriber's replication
#    workers; WAL retained by each one's slot upstream; sampled every 100 ms.
# Details and the meaning of each figure: README.md in this directory.
#
# Not part of the test suite (heavy): run it by hand after building.
#   tools/bench/source_bench.sh [BUILD_DIR]
#   BENCH_SCALES=1 BENCH_SIZES=100cc BENCH_LOAD_TX=500 BENCH_FRESH_SECONDS=5 tools/bench/source_bench.sh   # a quick try
# Environment: BENCH_SCALES (default 10,50), BENCH_SIZES (default
# 25cc,100cc: 1 and 2 workers; the last one also streams), BENCH_LOAD_TX
# (default 5000 transactions per client and load), BENCH_FRESH_SECONDS
# (default 20), BENCH_TIMEOUT (default 900 s per wait), FRESHET_BENCH_ARGS,
# FRESHET_BENCH_DIR (as for the other benchmarks).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
freshet_bin=$build/freshet
[[ -x "$freshet_bin" ]] || { echo "no $freshet_bin: cmake --build $build -j2 --target freshet" >&2; exit 1; }
for tool in pgbench pg_recvlogical pg_dump psql; do
  command -v "$tool" >/dev/null || { echo "no $tool: tools/setup.sh --with-test-deps" >&2; exit 1; }
done
/usr/bin/python3 -c 'import psycopg' 2>/dev/null || { echo "no psycopg: apt-get install python3-psycopg" >&2; exit 1; }

source tools/bench/bench_lib.sh  # the working directory is the repository root
bench_workspace source-bench
# Run a copy: the build directory's binary may be relinked during the run.
built=$(date -u -r "$freshet_bin" '+%Y-%m-%d %H:%M UTC')
cp "$freshet_bin" "$work/freshet-server"

cleanup() {
  bench_stop_freshet
  tools/pg_cluster.sh stop "$work/upstream" "$pg_port" || true
  tools/pg_cluster.sh stop "$work/subscriber" "$sub_port" || true
  bench_remove_workspace
}
trap cleanup EXIT

sub_port=$(free_port)
fr_port=$(free_port)
echo "source benchmark: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; PostgreSQL" \
  "$(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}') upstream (fsync off, synchronous_commit on)" \
  "and as the native subscriber (fsync, synchronous_commit, full_page_writes on), default settings otherwise;" \
  "freshet built $built, tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!tools' || echo ' with uncommitted changes')"
echo
/usr/bin/python3 tools/bench/source_bench.py --work "$work" --freshet-bin "$work/freshet-server" \
  --fr-root "$fr_root" --freshet-args "${FRESHET_BENCH_ARGS:-}" \
  --pg-port "$pg_port" --sub-port "$sub_port" --fr-port "$fr_port" \
  --scales "${BENCH_SCALES:-10,50}" --sizes "${BENCH_SIZES:-25cc,100cc}" \
  --load-tx "${BENCH_LOAD_TX:-5000}" --fresh-seconds "${BENCH_FRESH_SECONDS:-20}" \
  --timeout "${BENCH_TIMEOUT:-900}"
