#!/usr/bin/env bash
# freshet::storage next to PostgreSQL 15 on the same machine, in the same run:
#
# 1. Bulk load. PostgreSQL: `pgbench -i -s 10` (1,000,000 rows in
#    pgbench_accounts) and `-s 50` (5,000,000), then the best of 3 runs of
#    `COPY pgbench_accounts TO '/dev/null'` (server side, as postgres, timed
#    by psql's \timing): the rate at which an upstream PostgreSQL hands out
#    those rows, which a bulk load must keep up with. Freshet: `storage_bench
#    bulk` loads the same rows with 1 and 2 writer threads, each in a fresh
#    directory (rows/s from BeginBulkLoad to the end of Publish). Also bytes
#    on disk (Storage::DiskBytes() vs pg_total_relation_size, which includes
#    the primary key; the heap alone in parentheses), peak RSS of
#    storage_bench, and the rate of scanning the loaded rows back.
# 2. Single-row commits: 100,000 from 4 concurrent writers. PostgreSQL,
#    switched to fsync = on, synchronous_commit = on, full_page_writes = on
#    for this part (ALTER SYSTEM + pg_reload_conf; the cluster starts with
#    them off): `pgbench -n -c 4 -j 2 -t 25000` of one autocommit INSERT into
#    an unindexed table shaped like pgbench_accounts, latencies from the
#    per-transaction log (-l). Freshet: `storage_bench commits` with real
#    fsyncs and group commit. commits/s, p50/p99/max latency, for each round
#    and the medians.
#
# Not part of the test suite: run it by hand after building storage_bench
# (cmake --build build -j2 --target storage_bench).
#   tools/bench/storage_bench.sh
#   BENCH_QUICK=1 tools/bench/storage_bench.sh       # 1,000,000 rows only
# Environment: BENCH_QUICK=1 (skip the 5,000,000-row load);
# BENCH_COMMIT_ROUNDS (default 3: the commit benchmark runs that many times
# on each side, alternating, and the ratios compare the medians, because
# fsync latency on a shared VM disk can vary 2x within minutes); FRESHET_BENCH_DIR
# (a directory under which Freshet's data goes, in a fresh subdirectory that
# is removed at the end; default: inside the benchmark's /tmp directory,
# next to PostgreSQL's); STORAGE_BENCH_BIN (default
# build/tools/bench/storage_bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
quick=${BENCH_QUICK:-0}
commit_rounds=${BENCH_COMMIT_ROUNDS:-3}
bench_bin=${STORAGE_BENCH_BIN:-build/tools/bench/storage_bench}
[[ -x "$bench_bin" ]] || { echo "no $bench_bin: cmake --build build -j2 --target storage_bench" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "no pgbench: tools/setup.sh --with-test-deps" >&2; exit 1; }

source tools/bench/bench_lib.sh  # the working directory is the repository root
bench_workspace storage-bench

cleanup() {
  tools/pg_cluster.sh stop "$pg_dir" "$pg_port" || true
  [[ "$fr_root" == "$work"/* ]] || rm -rf "$fr_root"
  rm -rf "$work"
}
trap cleanup EXIT

tools/pg_cluster.sh start "$pg_dir" "$pg_port" >/dev/null
pg_data=$(if [[ -f "$pg_dir/location" ]]; then cat "$pg_dir/location"; else echo "$pg_dir"; fi)/data
pgsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
# The value of KEY in the "RESULT KIND key=value ..." line of KIND in $1.
result() { awk -v kind="$2" -v key="$3" '$1 == "RESULT" && $2 == kind {
  for (i = 3; i <= NF; i++) { eq = index($i, "="); if (substr($i, 1, eq - 1) == key) print substr($i, eq + 1) } }' <<<"$1"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# storage_bench ARGS... -> its output; on failure the output and exit.
run_bench() {
  local out
  if ! out=$("$bench_bin" "$@" 2>&1); then
    echo "storage_bench $* failed:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "$out"
}

echo "storage benchmark: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "PostgreSQL data on $(df --output=source,fstype "$pg_data" | tail -n 1 | xargs), Freshet data on $(df --output=source,fstype "$fr_root" | tail -n 1 | xargs)"
echo

# ---- bulk load -------------------------------------------------------------

scales=(10)
[[ "$quick" == 1 ]] || scales+=(50)
declare -A pg_copy_rps pg_total pg_heap pg_init_rps
for scale in "${scales[@]}"; do
  rows=$((scale * 100000))
  echo "PostgreSQL: pgbench -i -s $scale ($rows rows; fsync off) ..."
  init_out=$(pgbench -i -q -s "$scale" -h 127.0.0.1 -p "$pg_port" -U postgres postgres 2>&1) || {
    echo "$init_out" >&2; exit 1; }
  init_s=$(sed -n 's/^done in \([0-9.]*\) s.*/\1/p' <<<"$init_out")
  pg_init_rps[$rows]=$(calc %.0f "$rows / $init_s")
  echo "  $(grep '^done in' <<<"$init_out")"
  best=
  for run in 1 2 3; do
    ms=$(pgsql -c '\timing on' -c "COPY pgbench_accounts TO '/dev/null'" | awk '/^Time:/ {print $2}')
    [[ -n "$ms" ]] || { echo "no timing from psql for COPY" >&2; exit 1; }
    echo "  COPY pgbench_accounts TO '/dev/null' run $run: $ms ms"
    if [[ -z "$best" ]] || awk -v a="$ms" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$ms; fi
  done
  pg_copy_rps[$rows]=$(calc %.0f "$rows / ($best / 1000)")
  read -r pg_total[$rows] pg_heap[$rows] < <(pgsql -At -F ' ' -c \
    "SELECT pg_total_relation_size('pgbench_accounts'), pg_relation_size('pgbench_accounts')")
done

declare -A fr_rps fr_disk fr_rss fr_scan fr_scan_dec fr_cpu
for scale in "${scales[@]}"; do
  rows=$((scale * 100000))
  for writers in 1 2; do
    dir=$fr_root/bulk-$rows-$writers
    echo "Freshet: storage_bench bulk --rows $rows --writers $writers ..."
    out=$(run_bench bulk --rows "$rows" --writers "$writers" --dir "$dir")
    grep -v '^RESULT' <<<"$out" | sed 's/^/  /'
    k=$rows/$writers
    fr_rps[$k]=$(result "$out" bulk rows_per_s)
    fr_disk[$k]=$(result "$out" bulk disk_bytes)
    fr_rss[$k]=$(result "$out" bulk peak_rss_kb)
    fr_cpu[$k]=$(result "$out" bulk cpu_seconds)
    fr_scan[$k]=$(result "$out" scan first_rows_per_s)
    fr_scan_dec[$k]=$(result "$out" scan decode_rows_per_s)
    rm -rf "$dir"
  done
done

echo
echo "Bulk load: Freshet BulkLoad (BeginBulkLoad .. Publish) vs PostgreSQL COPY pgbench_accounts TO '/dev/null' (best of 3)"
printf "%-9s %-7s %14s %14s %7s %12s %20s %6s %9s %8s %14s %14s\n" rows writers freshet_rows/s pg_copy_rows/s ratio \
  freshet_MiB "pg_MiB_total(heap)" ratio cpu_s RSS_MiB scan_rows/s decoded_rows/s
for scale in "${scales[@]}"; do
  rows=$((scale * 100000))
  for writers in 1 2; do
    k=$rows/$writers
    printf "%-9s %-7s %14.0f %14.0f %7s %12.1f %20s %6s %9.2f %8.1f %14.0f %14.0f\n" "$rows" "$writers" \
      "${fr_rps[$k]}" "${pg_copy_rps[$rows]}" "$(calc %.2f "${fr_rps[$k]} / ${pg_copy_rps[$rows]}")" \
      "$(calc %.1f "${fr_disk[$k]} / 1048576")" \
      "$(calc '%.1f (%.1f)' "${pg_total[$rows]} / 1048576, ${pg_heap[$rows]} / 1048576")" \
      "$(calc %.2f "${fr_disk[$k]} / ${pg_total[$rows]}")" "${fr_cpu[$k]}" "$(calc %.1f "${fr_rss[$k]} / 1024")" \
      "${fr_scan[$k]}" "${fr_scan_dec[$k]}"
  done
done
echo "ratio = Freshet / PostgreSQL (rows/s: >= 1.00 meets the target; disk: < 1.00 is smaller). RSS: peak of"
echo "storage_bench during the load. scan: the first Snapshot scan after the load (counts only); decoded: a later"
echo "scan that decodes and checks every row."
for scale in "${scales[@]}"; do
  rows=$((scale * 100000))
  echo "For reference: PostgreSQL's own load of $rows rows (pgbench -i: COPY FROM, vacuum, primary key; fsync off)" \
    "ran at ${pg_init_rps[$rows]} rows/s."
done
echo

# ---- single-row commits ------------------------------------------------------

pgsql -c 'DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history' \
  -c 'CREATE TABLE bench_commits (aid int, bid int, abalance int, filler char(84))' \
  -c 'ALTER SYSTEM SET fsync = on' -c 'ALTER SYSTEM SET synchronous_commit = on' \
  -c 'ALTER SYSTEM SET full_page_writes = on' -c 'SELECT pg_reload_conf()' >/dev/null
sleep 1  # the postmaster signals its children asynchronously
settings=$(pgsql -At -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
  WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay')")
[[ "$settings" == *"fsync=on"* && "$settings" == *"synchronous_commit=on"* ]] || {
  echo "PostgreSQL did not switch to fsync = on: $settings" >&2; exit 1; }
echo "PostgreSQL switched for the commit benchmark (ALTER SYSTEM SET ..., pg_reload_conf()): $settings"

script=$work/commit.sql
cat >"$script" <<'EOF'
\set aid random(1, 2000000000)
INSERT INTO bench_commits VALUES (:aid, :client_id + 1, 0, '');
EOF
chmod 644 "$script"

# median NUMBER... -> the middle value (the lower middle one of an even count)
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -a cpg_tps cpg_mean cpg_p50 cpg_p99 cpg_max cfr_tps cfr_mean cfr_p50 cfr_p99 cfr_max cfr_group cfr_rss
echo "Commits: $commit_rounds rounds, PostgreSQL and Freshet alternating (fsync latency here varies a lot)"
for ((r = 1; r <= commit_rounds; r++)); do
  # Start each run clean: PostgreSQL's dirty pages (the bulk loads', the last
  # round's) and the kernel's written back now, not while commits wait for
  # their fsyncs.
  pgsql -c 'TRUNCATE bench_commits' -c CHECKPOINT
  sync
  echo "PostgreSQL round $r: pgbench -n -c 4 -j 2 -t 25000 (one INSERT per transaction, autocommit) ..."
  out=$(cd "$work" && pgbench -n -f "$script" -c 4 -j 2 -t 25000 -l --log-prefix="pgcommit-$r" \
    -h 127.0.0.1 -p "$pg_port" -U postgres postgres 2>&1) || { echo "$out" >&2; exit 1; }
  cpg_tps[r]=$(awk '/^tps = / {print $3}' <<<"$out")
  # Per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
  read -r n mean p50 p99 max < <(cat "$work/pgcommit-$r".* | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1; sum += $1 }
    function rank(p) { r = int(p * NR); if (r < p * NR) r++; if (r < 1) r = 1; return v[r] }
    END { printf "%d %.1f %d %d %d\n", NR, sum / NR, rank(0.50), rank(0.99), v[NR] }')
  [[ "$n" == 100000 ]] || { echo "pgbench logged $n transactions, want 100000" >&2; exit 1; }
  cpg_mean[r]=$mean cpg_p50[r]=$p50 cpg_p99[r]=$p99 cpg_max[r]=$max
  rows=$(pgsql -At -c 'SELECT count(*) FROM bench_commits')
  [[ "$rows" == 100000 ]] || { echo "bench_commits has $rows rows, want 100000" >&2; exit 1; }
  echo "  $(printf '%.0f' "${cpg_tps[r]}") commits/s; latency mean ${cpg_mean[r]} us, p50 ${cpg_p50[r]} us," \
    "p99 ${cpg_p99[r]} us, max ${cpg_max[r]} us"

  sync
  echo "Freshet round $r: storage_bench commits --commits 100000 --writers 4 (sync on) ..."
  out=$(run_bench commits --commits 100000 --writers 4 --dir "$fr_root/commits-$r")
  grep -v '^RESULT' <<<"$out" | sed 's/^/  /'
  cfr_tps[r]=$(result "$out" commits commits_per_s)
  cfr_mean[r]=$(result "$out" commits mean_us)
  cfr_p50[r]=$(result "$out" commits p50_us)
  cfr_p99[r]=$(result "$out" commits p99_us)
  cfr_max[r]=$(result "$out" commits max_us)
  cfr_group[r]=$(result "$out" commits grouping)
  cfr_rss[r]=$(calc %.1f "$(result "$out" commits peak_rss_kb) / 1024")
  rm -rf "$fr_root/commits-$r"
done

echo
echo "Single-row commits: 100,000 from 4 concurrent writers, fsync on both sides, $commit_rounds rounds each"
printf "%-11s %-6s %11s %9s %9s %9s %10s %13s %8s\n" server round commits/s mean_us p50_us p99_us max_us \
  commits/fsync RSS_MiB
for ((r = 1; r <= commit_rounds; r++)); do
  printf "%-11s %-6s %11.0f %9.1f %9.1f %9.1f %10.1f %13s %8s\n" postgresql "$r" \
    "${cpg_tps[r]}" "${cpg_mean[r]}" "${cpg_p50[r]}" "${cpg_p99[r]}" "${cpg_max[r]}" - -
done
for ((r = 1; r <= commit_rounds; r++)); do
  printf "%-11s %-6s %11.0f %9.1f %9.1f %9.1f %10.1f %13.2f %8.1f\n" freshet "$r" \
    "${cfr_tps[r]}" "${cfr_mean[r]}" "${cfr_p50[r]}" "${cfr_p99[r]}" "${cfr_max[r]}" "${cfr_group[r]}" "${cfr_rss[r]}"
done
m_pg_tps=$(median "${cpg_tps[@]}") m_pg_p99=$(median "${cpg_p99[@]}")
m_fr_tps=$(median "${cfr_tps[@]}") m_fr_p99=$(median "${cfr_p99[@]}")
printf "%-11s %-6s %11.0f %9s %9.1f %9.1f\n" postgresql median "$m_pg_tps" "" "$(median "${cpg_p50[@]}")" "$m_pg_p99"
printf "%-11s %-6s %11.0f %9s %9.1f %9.1f %10s %13.2f %8.1f\n" freshet median "$m_fr_tps" "" \
  "$(median "${cfr_p50[@]}")" "$m_fr_p99" "" "$(median "${cfr_group[@]}")" "$(median "${cfr_rss[@]}")"
echo "freshet/postgresql (medians): commits/s $(calc %.2f "$m_fr_tps / $m_pg_tps")," \
  "p99 latency $(calc %.2f "$m_fr_p99 / $m_pg_p99") (< 1.00 is faster)"
echo "PostgreSQL latency is pgbench's (client round trip over loopback included); Freshet's is the Commit() call."
