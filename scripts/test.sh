#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL that this script starts and removes, then
# the dashboard's browser tests in headless Chromium (installing Debian's chromium when missing).
# Extra arguments go to dotnet test (and skip the browser tests), e.g. scripts/test.sh --filter Idempotency
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/browser.sh

work_dir=$(mktemp -d /tmp/transfer-test.XXXXXX)
chmod 755 "$work_dir"
port=$(free_port 56432)
cleanup() { pg_stop "$work_dir/data"; rm -rf "$work_dir"; }
trap cleanup EXIT

# A throwaway server needs no durability; fsync off makes schema creation and resets much faster.
PG_FSYNC=off pg_start "$work_dir/data" "$port"
pg_create_database "$port" transfer_tests
export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$port;Database=transfer_tests;Username=postgres;Maximum Pool Size=50"
# For the test that stops and starts this server under load.
export TRANSFER_TEST_PG_DATA="$work_dir/data" TRANSFER_TEST_PG_BIN="$(pg_bin_dir)"

# Redocly's linter, which the OpenAPI document's test runs (from npm, as the browser tests' driver is);
# installed when missing or older than its lock file.
if [ ! -d tests/openapi/node_modules ] || [ tests/openapi/package-lock.json -nt tests/openapi/node_modules ]; then
  (cd tests/openapi && npm ci --no-audit --no-fund --silent)
fi
# The OpenID provider the sign-in tests start (oidc-provider), likewise.
if [ ! -d tests/oidc-provider/node_modules ] || [ tests/oidc-provider/package-lock.json -nt tests/oidc-provider/node_modules ]; then
  (cd tests/oidc-provider && npm ci --no-audit --no-fund --silent)
fi

status=0
dotnet test Transfer.sln --nologo "$@" 2>&1 | tee "$work_dir/test.log" || status=$?

# The dashboard in a real browser (skipped when dotnet test was given a filter).
if [ $# -eq 0 ]; then
  run_browser_tests "$port" "$work_dir" 2>&1 | tee "$work_dir/browser.log" || status=1
fi

# One closing line over every suite: "N passed, N failed".
passed=$( (grep -oE 'Passed: +[0-9]+' "$work_dir/test.log"; grep -oE '^# pass [0-9]+' "$work_dir/browser.log" 2>/dev/null || true) | awk '{ s += $NF } END { print s + 0 }')
failed=$( (grep -oE 'Failed: +[0-9]+' "$work_dir/test.log"; grep -oE '^# fail [0-9]+' "$work_dir/browser.log" 2>/dev/null || true) | awk '{ s += $NF } END { print s + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
