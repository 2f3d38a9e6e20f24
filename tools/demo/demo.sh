#!/usr/bin/env bash
# ./run.sh --demo [freshet flags]: live ingestion from a local PostgreSQL.
#
# Builds Freshet, starts a demo upstream PostgreSQL 15 (tools/pg_cluster.sh)
# holding a small shop (tools/demo/schema.sql) with a steady write load,
# starts Freshet, creates the cluster, secret, connection and source on it,
# prints how to connect and what to try, and waits. Ctrl-C stops Freshet,
# the load and the demo PostgreSQL.
#
# Everything lives in ./freshet-demo: pg/ (the upstream), data/ (Freshet's
# data directory), pg-port, and the logs. Running the demo again resumes both
# servers with their data; `rm -rf freshet-demo` starts over.
#
# Environment:
#   FRESHET_DEMO_DIR          where the demo keeps its state (./freshet-demo)
#   FRESHET_DEMO_PG_PORT      the upstream's port when it is first made
#                             (default: 54340, or the next free port)
#   FRESHET_DEMO_PG_PASSWORD  the upstream postgres user's password (freshet-demo)
#   FRESHET_DEMO_TPS          write transactions a second (default 5; 0: none)
#   FRESHET_LISTEN, ...       as for build/freshet (flags win), except that
#                             the data directory is FRESHET_DEMO_DIR/data
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

demo_dir=${FRESHET_DEMO_DIR:-$root/freshet-demo}
case $demo_dir in /*) ;; *) demo_dir=$root/$demo_dir ;; esac
pg_dir=$demo_dir/pg
pg_password=${FRESHET_DEMO_PG_PASSWORD:-freshet-demo}
tps=${FRESHET_DEMO_TPS:-5}
freshet_data=$demo_dir/data

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    if [[ -x build/freshet ]]; then echo; exec build/freshet --help; fi
    exit 0
  fi
done
[[ $tps =~ ^[0-9]+([.][0-9]+)?$ ]] || die "FRESHET_DEMO_TPS must be a number, not '$tps'"

# Where Freshet listens: FRESHET_LISTEN, then the last --listen flag.
listen=${FRESHET_LISTEN:-127.0.0.1:6875}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --listen=*) listen=${args[i]#--listen=} ;;
    --listen) listen=${args[i + 1]:-} ;;
  esac
done
mz_port=${listen##*:}
mz_host=${listen%:*}
mz_host=${mz_host#[}
mz_host=${mz_host%]}
case $mz_host in "" | 0.0.0.0) mz_host=127.0.0.1 ;; ::) mz_host=::1 ;; esac

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tools/setup.sh --with-demo-deps --server-only
started=$SECONDS
mkdir -p "$demo_dir"

# Stopping, in the order that keeps logs quiet: Freshet, the load, PostgreSQL.
freshet_pid="" load_pid="" pg_started=false
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  trap '' INT TERM HUP
  local stopped=()
  if [[ -n $freshet_pid ]] && kill -0 "$freshet_pid" 2>/dev/null; then
    kill -TERM "$freshet_pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$freshet_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$freshet_pid" 2>/dev/null && kill -KILL "$freshet_pid" 2>/dev/null
    wait "$freshet_pid" 2>/dev/null || true
    stopped+=(Freshet)
  fi
  rm -f "$demo_dir/freshet.pid"
  if [[ -n $load_pid ]] && kill -0 "$load_pid" 2>/dev/null; then
    kill -TERM "$load_pid" 2>/dev/null || true
    wait "$load_pid" 2>/dev/null || true
    stopped+=("the write load")
  fi
  if $pg_started; then
    tools/pg_cluster.sh stop "$pg_dir" "$pg_port" && stopped+=("the demo PostgreSQL")
  fi
  if ((${#stopped[@]})); then
    local list=${stopped[0]}
    for ((i = 1; i < ${#stopped[@]}; i++)); do list+=", ${stopped[i]}"; done
    say "stopped $list"
  fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A demo killed with SIGKILL leaves its Freshet running (its write load ends
# by itself, and pg_cluster.sh resume restarts its PostgreSQL).
if [[ -f $demo_dir/freshet.pid ]]; then
  old=$(<"$demo_dir/freshet.pid")
  if kill -0 "$old" 2>/dev/null && tr '\0' ' ' <"/proc/$old/cmdline" | grep -q '^build/freshet'; then
    say "stopping the Freshet a previous demo left running (pid $old)"
    kill -TERM "$old"
    for ((i = 0; i < 150; i++)); do kill -0 "$old" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$demo_dir/freshet.pid"
fi

# The upstream. pg-port is written once the schema is in: without it, the
# upstream is made again, and Freshet's data with it (its source would point
# at a replication slot that no longer exists).
if [[ -f $demo_dir/pg-port ]]; then
  pg_port=$(<"$demo_dir/pg-port")
  say "resuming the demo PostgreSQL on port $pg_port"
  pg_started=true
  tools/pg_cluster.sh resume "$pg_dir" "$pg_port" >/dev/null ||
    die "could not resume the demo PostgreSQL on port $pg_port (see above); rm -rf $demo_dir starts over"
  fresh=false
else
  if [[ -n ${FRESHET_DEMO_PG_PORT:-} ]]; then
    pg_port=$FRESHET_DEMO_PG_PORT
    port_in_use "$pg_port" && die "port $pg_port (FRESHET_DEMO_PG_PORT) is in use"
  else
    pg_port=54340
    while port_in_use "$pg_port"; do
      ((pg_port++ < 54360)) || die "ports 54340 to 54360 are all in use; set FRESHET_DEMO_PG_PORT"
    done
  fi
  say "starting a demo PostgreSQL 15 on port $pg_port"
  pg_started=true
  tools/pg_cluster.sh start "$pg_dir" "$pg_port" >/dev/null
  rm -rf "$freshet_data"
  fresh=true
fi
pg_home=$pg_dir
[[ -f $pg_dir/location ]] && pg_home=$(<"$pg_dir/location")
# The demo's own sessions use the unix socket (trust); Freshet uses TCP.
upsql() { psql -X -q -h "$pg_home" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

if $fresh; then
  say "loading the sample shop (customers, products, orders, order_items)"
  upsql -f tools/demo/schema.sql
  upsql -v pw="$pg_password" <<<"ALTER ROLE postgres PASSWORD :'pw';"
  # pg_cluster.sh trusts loopback; make TCP logins of postgres use the password
  # so that the secret is what lets Freshet in.
  hba=$pg_home/data/pg_hba.conf
  { printf '# freshet demo: TCP logins of postgres need its password\n'
    printf 'host all postgres 127.0.0.1/32 scram-sha-256\n'
    cat "$hba"; } >"$demo_dir/pg_hba.conf.new"
  cat "$demo_dir/pg_hba.conf.new" >"$hba"
  rm "$demo_dir/pg_hba.conf.new"
  upsql -At -o /dev/null -c "SELECT pg_reload_conf()"
  echo "$pg_port" >"$demo_dir/pg-port"
fi

if [[ $tps != 0 && $tps != 0.0 ]]; then
  interval=$(awk -v t="$tps" 'BEGIN { printf "%.3f", 1 / t }')
  say "writing $tps transactions a second upstream (log: ${demo_dir#"$root"/}/load.log)"
  # One psql session; the loop ends when psql does or this script is gone.
  { while kill -0 $$ 2>/dev/null; do echo "SELECT demo_tick();"; sleep "$interval"; done; } |
    psql -X -q -At -o /dev/null -h "$pg_home" -p "$pg_port" -U postgres -d postgres >>"$demo_dir/load.log" 2>&1 &
  load_pid=$!
fi

port_in_use "$mz_port" && [[ $mz_host == 127.0.0.1 ]] &&
  die "port $mz_port is in use: stop what listens there, or pass --listen=127.0.0.1:PORT"
say "starting Freshet on $mz_host:$mz_port (data: ${freshet_data#"$root"/}, log: ${demo_dir#"$root"/}/freshet.log)"
FRESHET_DATA_DIR=$freshet_data build/freshet "$@" >"$demo_dir/freshet.log" 2>&1 &
freshet_pid=$!
echo "$freshet_pid" >"$demo_dir/freshet.pid"
mzsql() { psql -X -q -h "$mz_host" -p "$mz_port" -U materialize -d materialize -v ON_ERROR_STOP=1 "$@"; }
for ((i = 0; ; i++)); do
  if ! kill -0 "$freshet_pid" 2>/dev/null; then
    tail -n 20 "$demo_dir/freshet.log" >&2
    die "Freshet exited before accepting connections (log above)"
  fi
  mzsql -At -c "SELECT 1" >/dev/null 2>&1 && break
  ((i < 300)) || die "Freshet does not accept connections after a minute"
  sleep 0.2
done

say "creating the cluster, secret, connection and source in Freshet:"
exists=$(mzsql -At -c "SELECT count(*) FROM mz_clusters WHERE name = 'ingest_postgres'")
echo "  CREATE CLUSTER ingest_postgres (SIZE = '50cc');"
if [[ $exists == 0 ]]; then
  mzsql -c "CREATE CLUSTER ingest_postgres (SIZE = '50cc')"
else
  echo "  -- exists already"
fi
statements=(
  "CREATE SECRET IF NOT EXISTS pgpass AS :'pw';"
  "CREATE CONNECTION IF NOT EXISTS pg TO POSTGRES (HOST '127.0.0.1', PORT $pg_port, USER 'postgres', PASSWORD SECRET pgpass, DATABASE 'postgres');"
  "CREATE SOURCE IF NOT EXISTS mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION pg (PUBLICATION 'mz_source') FOR ALL TABLES;"
)
for s in "${statements[@]}"; do
  echo "  ${s//:\'pw\'/\'$pg_password\'}"
  mzsql -v pw="$pg_password" <<<"$s"
done

# The subsources answer once their snapshot is committed.
say "waiting for the snapshot"
shown=""
for ((i = 0; ; i++)); do
  mzsql -At -c "SELECT count(*) FROM order_items" >/dev/null 2>&1 && break
  status=$(mzsql -At -F ' ' -c "SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'mz_source'" 2>/dev/null || true)
  if [[ ($status == failed* || $status == stalled*) && $status != "$shown" ]]; then
    say "the source is $status"
    shown=$status
  fi
  ((i < 600)) || die "no snapshot after two minutes; see ${demo_dir#"$root"/}/freshet.log"
  sleep 0.2
done

connect="psql -h $mz_host -p $mz_port -U materialize materialize"
[[ $mz_host == 127.0.0.1 ]] && connect="psql -h localhost -p $mz_port -U materialize materialize"
cat <<EOF

Freshet is ingesting the demo shop live ($((SECONDS - started)) s after the build). Connect with:

  $connect

and try (end a query with \\watch 1 instead of ; to see it change every second):

  SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders,
         (SELECT count(*) FROM order_items) AS order_items;
  SELECT status, count(*), sum(total) FROM orders GROUP BY status ORDER BY status;
  SELECT c.country, count(*) AS orders, sum(o.total) AS revenue
  FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY revenue DESC;
  SELECT s.name, st.messages_received, st.updates_committed, st.snapshot_committed
  FROM mz_internal.mz_source_statistics st JOIN mz_sources s USING (id) ORDER BY s.name;
  SELECT name, type, status, error FROM mz_internal.mz_source_statuses ORDER BY name;

The upstream: psql -h 127.0.0.1 -p $pg_port -U postgres postgres (password $pg_password)
Ctrl-C stops Freshet, the write load and the demo PostgreSQL; running
./run.sh --demo again resumes them (rm -rf ${demo_dir#"$root"/} starts over).

EOF

status=0
wait "$freshet_pid" || status=$?
freshet_pid=""
if ((status == 0)); then
  say "Freshet stopped"
else
  say "Freshet exited with status $status (log: ${demo_dir#"$root"/}/freshet.log)"
fi
exit "$status"
