#!/usr/bin/env bash
# Installs what is missing, builds, and starts Freshet on 127.0.0.1:6875 with
# its data in ./freshet-data. Extra arguments go to build/freshet (see
# `build/freshet --help`). Connect with:
#   psql -h localhost -p 6875 -U materialize materialize
# With --demo, runs tools/demo/demo.sh instead: the same server, fed live by a
# demo upstream PostgreSQL, with its data in ./freshet-demo.
set -euo pipefail
cd "$(dirname "$0")"
args=()
demo=false
for arg in "$@"; do
  if [[ $arg == --demo ]]; then demo=true; else args+=("$arg"); fi
done
if $demo; then exec tools/demo/demo.sh "${args[@]}"; fi
tools/setup.sh
exec build/freshet "$@"
