#!/usr/bin/env bash
# Throughput of a Freshet PostgreSQL source over a plain connection, over
# TLS (verify-full), through an SSH tunnel, and both, as ratios to the plain
# connection in the same run: the snapshot (CREATE SOURCE until
# snapshot_committed) and streaming (one upstream transaction of
# BENCH_STREAM_ROWS inserts, from its commit until Freshet has committed
# them all). Upstream: tools/pg_tls.sh; bastion: tools/sshd_fixture.sh on
# loopback; both and Freshet on free ports in one scratch directory.
#
# Not part of the test suite: run it by hand after building.
#   tools/bench/connection_bench.sh [BUILD_DIR]
#   BENCH_ROWS=200000 BENCH_STREAM_ROWS=100000 BENCH_ROUNDS=1 tools/bench/connection_bench.sh   # a quick try
# Environment: BENCH_ROWS (snapshot rows, default 1000000), BENCH_STREAM_ROWS
# (default 500000), BENCH_ROUNDS (default 2; the order of the variants
# rotates each round), BENCH_VARIANTS (default plain,tls,ssh,ssh_tls),
# FRESHET_BENCH_ARGS, FRESHET_BENCH_DIR (as for the other benchmarks).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
freshet_bin=$build/freshet
[[ -x "$freshet_bin" ]] || { echo "no $freshet_bin: cmake --build $build -j2 --target freshet" >&2; exit 1; }
[[ -x /usr/sbin/sshd ]] || { echo "no sshd: tools/setup.sh --with-test-deps" >&2; exit 1; }
/usr/bin/python3 -c 'import psycopg' 2>/dev/null || { echo "no psycopg: apt-get install python3-psycopg" >&2; exit 1; }

source tools/bench/bench_lib.sh  # the working directory is the repository root
bench_workspace connection-bench
cp "$freshet_bin" "$work/freshet-server"
ssh_port=$(free_port)
fr_port=$(free_port)

cleanup() {
  bench_stop_freshet
  tools/sshd_fixture.sh stop "$work/sshd" "$ssh_port" || true
  tools/pg_tls.sh stop "$pg_dir" "$pg_port" || true
  bench_remove_workspace
}
trap cleanup EXIT

tools/pg_tls.sh start "$pg_dir" "$pg_port" >/dev/null
tools/sshd_fixture.sh start "$work/sshd" "$ssh_port" >/dev/null
# shellcheck disable=SC2086
"$work/freshet-server" --listen="127.0.0.1:$fr_port" --data-dir="$fr_root/data" ${FRESHET_BENCH_ARGS:-} \
  >"$work/freshet.log" 2>&1 &
echo $! >"$work/freshet.pid"
for _ in $(seq 100); do
  psql -X -q -h 127.0.0.1 -p "$fr_port" -U materialize materialize -c 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.1
done

echo "connection benchmark: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "PostgreSQL $(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}'), $(ssh -V 2>&1 | cut -d, -f1-2);" \
  "freshet tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!tools' || echo ' with uncommitted changes')"
/usr/bin/python3 tools/bench/connection_bench.py --pg-port "$pg_port" --fr-port "$fr_port" \
  --ssh-port "$ssh_port" --sshd-dir "$work/sshd" --tls-dir "$pg_dir/tls" --ssh-user "$(id -un)" \
  --rows "${BENCH_ROWS:-1000000}" --stream-rows "${BENCH_STREAM_ROWS:-500000}" \
  --rounds "${BENCH_ROUNDS:-2}" --variants "${BENCH_VARIANTS:-plain,tls,ssh,ssh_tls}"
