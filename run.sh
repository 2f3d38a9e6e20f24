#!/usr/bin/env bash
# Installs what is missing, builds, and starts Freshet on 127.0.0.1:6875 with
# its data in ./freshet-data. Extra arguments go to build/freshet (see
# `build/freshet --help`). Connect with:
#   psql -h localhost -p 6875 -U materialize materialize
set -euo pipefail
cd "$(dirname "$0")"
tools/setup.sh
exec build/freshet "$@"
