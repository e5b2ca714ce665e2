#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL that this script starts and removes.
# Extra arguments go to dotnet test, e.g. scripts/test.sh --filter Idempotency
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

work_dir=$(mktemp -d /tmp/transfer-test.XXXXXX)
chmod 755 "$work_dir"
port=$(free_port 56432)
cleanup() { pg_stop "$work_dir/data"; rm -rf "$work_dir"; }
trap cleanup EXIT

# A throwaway server needs no durability; fsync off makes schema creation and resets much faster.
PG_FSYNC=off pg_start "$work_dir/data" "$port"
pg_create_database "$port" transfer_tests
export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$port;Database=transfer_tests;Username=postgres;Maximum Pool Size=50"

status=0
dotnet test Transfer.sln --nologo "$@" 2>&1 | tee "$work_dir/test.log" || status=$?

# One closing line over all test projects: "N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$work_dir/test.log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$work_dir/test.log" | awk '{ s += $2 } END { print s + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
