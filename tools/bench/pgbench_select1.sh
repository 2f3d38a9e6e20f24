#!/usr/bin/env bash
# Round trips per second for `SELECT 1`, Freshet next to PostgreSQL 15 on the
# same machine in the same run: pgbench -c 4 -j 2 -T $BENCH_SECONDS with the
# simple and the prepared (extended) protocol. Prints a table and the ratios.
# Not part of the test suite: run it by hand after building.
#   tools/bench/pgbench_select1.sh            (BENCH_SECONDS=10 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${BENCH_SECONDS:-10}
pg_port=54399
pg_dir=/tmp/freshet-bench-pg
fr_dir=$(mktemp -d /tmp/freshet-bench-XXXXXX)
fr_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
script=$(mktemp /tmp/select1-XXXXXX.sql)
echo "SELECT 1;" >"$script"

cleanup() {
  [[ -n "${fr_pid:-}" ]] && kill "$fr_pid" 2>/dev/null && wait "$fr_pid" 2>/dev/null || true
  tools/pg_cluster.sh stop "$pg_dir" "$pg_port" || true
  rm -rf "$fr_dir" "$script"
}
trap cleanup EXIT

tools/pg_cluster.sh start "$pg_dir" "$pg_port" >/dev/null
build/freshet --listen="127.0.0.1:$fr_port" --data-dir="$fr_dir/data" --log-level=warning &
fr_pid=$!
for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p "$fr_port" && break; sleep 0.1; done

lat() {  # host port user db mode -> "tps latency_ms"
  pgbench -n -f "$script" -c 4 -j 2 -T "$seconds" -M "$5" -h 127.0.0.1 -p "$2" -U "$3" "$4" 2>/dev/null |
    awk '/^tps = / {tps=$3} /^latency average/ {lat=$4} END {printf "%s %s\n", tps, lat}'
}

printf "%-10s %-12s %12s %14s\n" protocol server "tps" "latency_ms"
declare -A result
for mode in simple prepared; do
  read -r pg_tps pg_lat < <(lat 127.0.0.1 "$pg_port" postgres postgres "$mode")
  read -r fr_tps fr_lat < <(lat 127.0.0.1 "$fr_port" materialize materialize "$mode")
  printf "%-10s %-12s %12.0f %14s\n" "$mode" postgresql "$pg_tps" "$pg_lat"
  printf "%-10s %-12s %12.0f %14s\n" "$mode" freshet "$fr_tps" "$fr_lat"
  result[$mode]=$(awk -v a="$fr_tps" -v b="$pg_tps" 'BEGIN {printf "%.2f", a / b}')
done
echo
echo "ratio freshet/postgresql (tps): simple ${result[simple]}, prepared ${result[prepared]}"
