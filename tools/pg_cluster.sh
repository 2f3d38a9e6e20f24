#!/bin/sh
# pg_cluster.sh start|stop DIR PORT
# A throwaway PostgreSQL 15 cluster for tests: initdb in DIR, logical
# replication on, loopback only, fsync off. Works as root (initdb refuses
# root, so it runs as user postgres) and as any other user. `stop` stops
# exactly the cluster in DIR and is a no-op when it is not running.
set -eu
cmd=$1 dir=$2 port=$3
bin=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
  if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log"; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c wal_level=logical \
     -c max_wal_senders=10 -c max_replication_slots=10 -c fsync=off -c password_encryption=scram-sha-256" \
    >/dev/null || { cat "$dir/server.log"; exit 1; }
  echo "PostgreSQL 15 running on 127.0.0.1:$port (data in $dir)"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
  ;;
*)
  echo "usage: $0 start|stop DIR PORT" >&2
  exit 2
  ;;
esac
