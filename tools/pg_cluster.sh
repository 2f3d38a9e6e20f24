#!/bin/sh
# pg_cluster.sh start|resume|stop DIR PORT
#
# A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb in DIR,
# listening on 127.0.0.1:PORT only, unix socket in the cluster directory,
# wal_level=logical (10 WAL senders, 10 slots), fsync off, trust for local
# and loopback connections, SCRAM as the password encryption for the roles
# tests create.
#
# Works as root (initdb refuses root, so the server runs as user postgres)
# and as any other user. The postgres user must be able to traverse every
# parent of the cluster directory; when it cannot (a checkout under /root),
# or when the socket path would be too long, the cluster lives in a
# directory under /tmp instead and DIR/location says where.
#
# `start` wipes DIR and makes a new cluster (stopping one left running there).
# `resume` starts the cluster already in DIR again with its data (stopping
# one left running there first), on PORT; without one it does what `start`
# does.
# `stop` stops exactly the cluster of DIR (pg_ctl -m fast on its data
# directory, never by name) and succeeds when none is running.
set -eu

usage() { echo "usage: $0 start|resume|stop DIR PORT" >&2; exit 2; }
[ $# -eq 3 ] || usage
cmd=$1 dir=$2 port=$3
bin=/usr/lib/postgresql/15/bin
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac

is_root() { [ "$(id -u)" = 0 ]; }
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The directory that holds data/, server.log and the socket.
cluster_dir() {
  if [ -f "$dir/location" ]; then cat "$dir/location"; else echo "$dir"; fi
}

# True if process $1 exists and is not a zombie (a container's PID 1 may
# never reap a postmaster that was killed).
alive() {
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  case $state in Z*) return 1 ;; *) return 0 ;; esac
}

# Stops the cluster in $1 if one runs there; a stale postmaster.pid (the
# server crashed or was killed) is removed.
stop_cluster() {
  pidfile=$1/data/postmaster.pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile")
  if alive "$pid"; then
    if ! as_pg "$bin/pg_ctl" -D "$1/data" -m "$2" -w -t 60 stop >/dev/null; then
      if alive "$pid"; then return 1; fi
    fi
  fi
  rm -f "$pidfile"
}

# Wipes DIR and makes and starts a new cluster there.
start_new() {
  old=$(cluster_dir 2>/dev/null || true)
  [ -n "$old" ] && stop_cluster "$old" immediate
  [ -n "$old" ] && [ "$old" != "$dir" ] && rm -rf "$old"
  rm -rf "$dir"
  mkdir -p "$dir"
  real=$dir
  usable=true
  if is_root; then
    chown postgres:postgres "$dir"
    as_pg test -x "$dir" -a -w "$dir" 2>/dev/null || usable=false
  fi
  # 107 bytes is the limit of a unix socket path; keep a margin.
  [ ${#dir} -le 80 ] || usable=false
  if [ $usable = false ]; then
    real=$(mktemp -d /tmp/pg_cluster.XXXXXX)
    echo "$real" >"$dir/location"
  fi
  is_root && chown postgres:postgres "$real"
  chmod 700 "$real"
  if ! as_pg "$bin/initdb" -D "$real/data" -U postgres --auth=trust -E UTF8 --no-locale >"$real/initdb.log" 2>&1; then
    cat "$real/initdb.log" >&2
    exit 1
  fi
  cat >>"$real/data/postgresql.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$real'
wal_level = logical
max_wal_senders = 32
max_replication_slots = 32
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
EOF
  if ! as_pg "$bin/pg_ctl" -D "$real/data" -l "$real/server.log" -w -t 60 start >/dev/null; then
    cat "$real/server.log" >&2
    exit 1
  fi
  echo "PostgreSQL 15 running on 127.0.0.1:$port (cluster in $real)"
}

case $cmd in
start)
  start_new
  ;;
resume)
  real=$(cluster_dir 2>/dev/null || true)
  if [ -n "$real" ] && [ -f "$real/data/PG_VERSION" ]; then
    stop_cluster "$real" fast
    if ! as_pg "$bin/pg_ctl" -D "$real/data" -l "$real/server.log" -o "-p $port" -w -t 60 start >/dev/null; then
      tail -n 20 "$real/server.log" >&2
      exit 1
    fi
    echo "PostgreSQL 15 running on 127.0.0.1:$port (cluster in $real, resumed)"
  else
    start_new
  fi
  ;;
stop)
  [ -d "$dir" ] || exit 0
  stop_cluster "$(cluster_dir)" fast
  ;;
*)
  usage
  ;;
esac
