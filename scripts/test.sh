#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL that this script starts and removes.
# Extra arguments go to dotnet test, e.g. scripts/test.sh --filter Idempotency
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

data_dir=$(mktemp -d /tmp/transfer-test-pg.XXXXXX)
chmod 755 "$data_dir"
port=$(free_port 56432)
cleanup() { pg_stop "$data_dir/data"; rm -rf "$data_dir"; }
trap cleanup EXIT

# A throwaway server needs no durability; fsync off makes schema creation and resets much faster.
PG_FSYNC=off pg_start "$data_dir/data" "$port"
pg_create_database "$port" transfer_tests
export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$port;Database=transfer_tests;Username=postgres;Maximum Pool Size=50"

dotnet test Transfer.sln --nologo "$@"
