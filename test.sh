#!/usr/bin/env bash
# Installs what is missing (including a PostgreSQL 15 server for the tests),
# builds, and runs every test: unit tests, wire-protocol and end-to-end
# scenarios against real PostgreSQL and Freshet processes that the tests
# start and stop themselves. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")"
tools/setup.sh --with-test-deps
exec ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
