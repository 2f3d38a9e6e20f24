#!/usr/bin/env bash
# Round trips per second for `SELECT 1`, Freshet next to PostgreSQL 15 on the
# same machine in the same run: pgbench -n -c 4 -j 2 -T $BENCH_SECONDS with
# the simple and the prepared (extended) protocol. Prints TPS and average
# latency for each, and the Freshet/PostgreSQL ratios.
#
# Not part of the test suite: run it by hand after building.
#   tools/bench/pgbench_select1.sh
# Environment: BENCH_SECONDS (default 10) per run; FRESHET_BENCH_ARGS extra
# flags for build/freshet; FRESHET_BIN (default build/freshet).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${BENCH_SECONDS:-10}
freshet_bin=${FRESHET_BIN:-build/freshet}
[[ -x "$freshet_bin" ]] || { echo "no $freshet_bin: build first (tools/setup.sh)" >&2; exit 1; }

source tools/bench/bench_lib.sh  # free_port
work=$(mktemp -d /tmp/freshet-bench-XXXXXX)
chmod 755 "$work"  # the postgres user must reach the cluster inside
pg_dir=$work/pg
pg_port=$(free_port)
fr_port=$(free_port)
script=$work/select1.sql
echo "SELECT 1;" >"$script"
chmod 644 "$script"

fr_pid=
cleanup() {
  if [[ -n "$fr_pid" ]] && kill -0 "$fr_pid" 2>/dev/null; then
    kill "$fr_pid"
    wait "$fr_pid" || echo "freshet exited with status $? (log: $work/freshet.log)" >&2
  fi
  tools/pg_cluster.sh stop "$pg_dir" "$pg_port" || true
  rm -rf "$work"
}
trap cleanup EXIT

tools/pg_cluster.sh start "$pg_dir" "$pg_port" >/dev/null
# shellcheck disable=SC2086  # FRESHET_BENCH_ARGS is a list of flags
"$freshet_bin" --listen="127.0.0.1:$fr_port" --data-dir="$work/freshet-data" --log-level=warning \
  ${FRESHET_BENCH_ARGS:-} 2>"$work/freshet.log" &
fr_pid=$!
for _ in $(seq 200); do
  pg_isready -q -h 127.0.0.1 -p "$fr_port" -U materialize -d materialize && break
  kill -0 "$fr_pid" 2>/dev/null || { echo "freshet exited:" >&2; cat "$work/freshet.log" >&2; exit 1; }
  sleep 0.1
done
pg_isready -q -h 127.0.0.1 -p "$fr_port" -U materialize -d materialize || { echo "freshet is not accepting connections" >&2; exit 1; }

# run PORT USER DB MODE -> "tps latency_ms"
run() {
  local out
  if ! out=$(pgbench -n -f "$script" -c 4 -j 2 -T "$seconds" -M "$4" -h 127.0.0.1 -p "$1" -U "$2" "$3" 2>&1); then
    echo "pgbench failed against port $1 (-M $4):" >&2
    echo "$out" >&2
    exit 1
  fi
  awk '/^tps = / {tps=$3} /^latency average/ {lat=$4} END {printf "%s %s\n", tps, lat}' <<<"$out"
}

echo "pgbench SELECT 1: -c 4 -j 2 -T $seconds, $(nproc) cores"
printf "%-10s %-12s %12s %12s\n" protocol server tps latency_ms
declare -A tps_ratio lat_ratio
for mode in simple prepared; do
  read -r pg_tps pg_lat < <(run "$pg_port" postgres postgres "$mode")
  read -r fr_tps fr_lat < <(run "$fr_port" materialize materialize "$mode")
  printf "%-10s %-12s %12.0f %12.3f\n" "$mode" postgresql "$pg_tps" "$pg_lat"
  printf "%-10s %-12s %12.0f %12.3f\n" "$mode" freshet "$fr_tps" "$fr_lat"
  tps_ratio[$mode]=$(awk -v a="$fr_tps" -v b="$pg_tps" 'BEGIN {printf "%.2f", a / b}')
  lat_ratio[$mode]=$(awk -v a="$fr_lat" -v b="$pg_lat" 'BEGIN {printf "%.2f", a / b}')
done
echo
echo "freshet/postgresql tps:     simple ${tps_ratio[simple]}, prepared ${tps_ratio[prepared]}"
echo "freshet/postgresql latency: simple ${lat_ratio[simple]}, prepared ${lat_ratio[prepared]}"
