#!/usr/bin/env bash
# Measures the API on this machine: starts a throwaway PostgreSQL with the demo data set and the
# Release build of the API on 127.0.0.1, runs bench/Transfer.Benchmarks against it (status views,
# then appends), prints the figures and removes everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

work_dir=$(mktemp -d /tmp/transfer-bench.XXXXXX)
chmod 755 "$work_dir"
pg_port=$(free_port 57432)
api_port=$(free_port 5180)
api_pid=
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  if [ "${bench_failed:-0}" != 0 ]; then echo "--- API log (errors) ---" >&2; cp "$work_dir/api.log" /tmp/bench-api.log; grep -A3 -E "fail:|Exception" "$work_dir/api.log" | head -40 >&2; fi
  pg_stop "$work_dir/data"
  rm -rf "$work_dir"
}
trap cleanup EXIT

pg_start "$work_dir/data" "$pg_port"
pg_create_database "$pg_port" transfer_bench
export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$pg_port;Database=transfer_bench;Username=postgres;Maximum Pool Size=50"
export Auth__SigningKey=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export ASPNETCORE_URLS="http://127.0.0.1:$api_port"

dotnet build src/Transfer.Api -c Release --nologo -v quiet
dotnet build bench/Transfer.Benchmarks -c Release --nologo -v quiet
dotnet src/Transfer.Api/bin/Release/net10.0/Transfer.Api.dll seed-demo 2>/dev/null
dotnet src/Transfer.Api/bin/Release/net10.0/Transfer.Api.dll > "$work_dir/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break
  sleep 0.5
done
token=$(dotnet src/Transfer.Api/bin/Release/net10.0/Transfer.Api.dll token --role pmo --name "Benchmark" 2>/dev/null)

echo "Transfer benchmark: $(nproc) cores, PostgreSQL $(basename "$(dirname "$(pg_bin_dir)")") with fsync on, API in Release on Kestrel"
dotnet bench/Transfer.Benchmarks/bin/Release/net10.0/Transfer.Benchmarks.dll "http://127.0.0.1:$api_port" "$token" || { bench_failed=1; exit 1; }
