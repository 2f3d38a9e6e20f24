#!/bin/sh
# run.sh BUILD_DIR [--self-check] [run_oracle.py options...]
#
# The differential oracle end to end: a throwaway PostgreSQL 15
# (tools/pg_cluster.sh, in BUILD_DIR/oracle-pg-PORT on $ORACLE_PG_PORT, default
# 54335) and a fresh Freshet (BUILD_DIR/freshet under with_freshet), then
# run_oracle.py over the corpus; PostgreSQL is stopped on every exit path.
#
# --self-check checks the harness instead of Freshet: a second PostgreSQL
# (BUILD_DIR/oracle-pg-PORT-2, port + 1) stands in for Freshet, and every query
# must come out identical.
#
# Other options go to run_oracle.py: --only PATTERN, --update-known-failures,
# --verbose. $FRESHET and $WITH_FRESHET override the binaries' paths.
set -eu

[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [--self-check] [run_oracle.py options...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${ORACLE_PG_PORT:-54335}
python=/usr/bin/python3
self_check=false
if [ "${1:-}" = --self-check ]; then
  self_check=true
  shift
fi

# One cluster directory per port, so that runs on different ports (the
# simple- and extended-protocol tests) can go side by side.
pg_dir="$build/oracle-pg-$port"
cleanup() {
  "$root/tools/pg_cluster.sh" stop "$pg_dir" "$port" || true
  $self_check && "$root/tools/pg_cluster.sh" stop "$pg_dir-2" "$((port + 1))" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$root/tools/pg_cluster.sh" start "$pg_dir" "$port"
pg="host=127.0.0.1 port=$port user=postgres dbname=postgres"

if $self_check; then
  "$root/tools/pg_cluster.sh" start "$pg_dir-2" "$((port + 1))"
  "$python" "$here/run_oracle.py" --pg "$pg" --fresh-freshet \
    --freshet "host=127.0.0.1 port=$((port + 1)) user=postgres dbname=postgres" "$@"
  exit $?
fi

freshet=${FRESHET:-$build/freshet}
with_freshet=${WITH_FRESHET:-$build/tools/with_freshet}
for bin in "$freshet" "$with_freshet"; do
  [ -x "$bin" ] || { echo "$0: $bin is missing: build the freshet and with_freshet targets" >&2; exit 2; }
done
# with_freshet sets PGHOST, PGPORT, PGUSER and PGDATABASE: the empty
# conninfo picks them up.
"$with_freshet" --freshet "$freshet" -- "$python" "$here/run_oracle.py" --pg "$pg" --freshet "" "$@"
