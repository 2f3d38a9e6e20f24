# Sourced by the benchmark scripts: a scratch directory and a free port for
# the throwaway PostgreSQL, and the directory Freshet's data goes in.
#   bench_workspace NAME   sets work, pg_dir, pg_port and fr_root
#   bench_stop_freshet, bench_remove_workspace   for cleanup traps
# FRESHET_BENCH_DIR puts Freshet's data elsewhere (another disk); by default
# it goes in the scratch directory too.

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_workspace() {
  work=$(mktemp -d /tmp/freshet-bench-XXXXXX)
  chmod 755 "$work"  # the postgres user must reach the cluster inside
  pg_dir=$work/pg
  pg_port=$(free_port)
  if [[ -n "${FRESHET_BENCH_DIR:-}" ]]; then
    mkdir -p "$FRESHET_BENCH_DIR"
    fr_root=$(mktemp -d "$FRESHET_BENCH_DIR/freshet-$1-XXXXXX")
  else
    fr_root=$work/freshet
    mkdir "$fr_root"
  fi
}

# For the cleanup traps: stop the Freshet whose pid a benchmark client wrote
# to $work/freshet.pid (SIGTERM, SIGKILL after 2 s), and remove the
# scratch directory and Freshet's data.
bench_stop_freshet() {
  local pid
  if [[ -f "$work/freshet.pid" ]]; then
    pid=$(cat "$work/freshet.pid")
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; sleep 2; kill -9 "$pid" 2>/dev/null || true; fi
  fi
}

bench_remove_workspace() {
  [[ "$fr_root" == "$work"/* ]] || rm -rf "$fr_root"
  rm -rf "$work"
}
