#!/usr/bin/env bash
# Installs the Debian 12 packages Freshet needs (only the missing ones) and
# builds it into build/.
# Usage: tools/setup.sh [--with-test-deps] [--with-demo-deps] [--server-only]
#   --with-test-deps  also what the tests need (below)
#   --with-demo-deps  also PostgreSQL 15 and psql, for ./run.sh --demo
#   --server-only     build only build/freshet, not the tests and tools
# Runs as root (or with sudo available); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(build-essential cmake ninja-build pkg-config git ccache
  libboost-dev libssl-dev libpq-dev libpg-query-dev libabsl-dev
  libprotobuf-dev protobuf-compiler catch2 librocksdb-dev)
# Tests need a real PostgreSQL 15 server, its clients (psql, pgbench), a
# second driver (psycopg 3), the openssl CLI for test certificates and
# ssh-keygen (openssh-client) to check the SSH keys Freshet generates, and
# sshd (openssh-server) as the bastion of the SSH tunnel tests.
test_pkgs=(postgresql-15 postgresql-client-15 python3 python3-psycopg openssl openssh-client openssh-server)
# The demo runs an upstream PostgreSQL 15 and talks to both servers with psql.
demo_pkgs=(postgresql-15 postgresql-client-15)

pkgs=("${build_pkgs[@]}")
targets=()
for arg in "$@"; do
  case $arg in
    --with-test-deps) pkgs+=("${test_pkgs[@]}") ;;
    --with-demo-deps) pkgs+=("${demo_pkgs[@]}") ;;
    --server-only) targets=(--target freshet) ;;
    *) echo "usage: tools/setup.sh [--with-test-deps] [--with-demo-deps] [--server-only]" >&2; exit 2 ;;
  esac
done

missing=()
for p in $(printf '%s\n' "${pkgs[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${FRESHET_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j "$jobs" "${targets[@]}"
