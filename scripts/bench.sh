#!/usr/bin/env bash
# Measures the API on this machine as a county's history grows. For each size (BENCH_FACTORS, default
# "1 10 100": Pirkanmaa's history once, ten times and a hundred times, about 2,500, 25,000 and 250,000
# events) it loads a fresh database with `seed-scale`, starts the Release build of the API on 127.0.0.1
# and runs bench/Transfer.Benchmarks against it: every status view from one client, then 8 clients at
# once. Appends are measured at the smallest and the largest size; at the largest also imports, the audit routes
# and, with the API stopped, `projections rebuild`; at the smallest, the API's start-up. Last, two counties
# in one database: a small county's boards beside a large county and beside a small one. Prints markdown
# tables and removes everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

read -r -a factors <<< "${BENCH_FACTORS:-1 10 100}"
smallest=${factors[0]}
largest=${factors[${#factors[@]}-1]}

work_dir=$(mktemp -d /tmp/transfer-bench.XXXXXX)
chmod 755 "$work_dir"
pg_port=$(free_port 57432)
api_port=$(free_port 5180)
api_pid=
stop_api() {
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null; api_pid=; fi
  return 0
}
cleanup() {
  stop_api
  if [ "${bench_failed:-0}" != 0 ]; then echo "--- API log (errors) ---" >&2; cp "$work_dir/api.log" /tmp/bench-api.log; grep -A3 -E "fail:|Exception" "$work_dir/api.log" | head -40 >&2; fi
  pg_stop "$work_dir/data"
  rm -rf "$work_dir"
}
trap cleanup EXIT

api_dll=src/Transfer.Api/bin/Release/net10.0/Transfer.Api.dll
bench_dll=bench/Transfer.Benchmarks/bin/Release/net10.0/Transfer.Benchmarks.dll
psql_at() { "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "$2" "$1"; }
# The API process's peak resident memory, in MiB.
peak_rss() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$api_pid/status"; }
rss() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$api_pid/status"; }
# 2,509 rather than 2509, as the README writes figures.
thousands() { sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<< "$1"; }
bench() { dotnet "$bench_dll" "http://127.0.0.1:$api_port" "$token" --size "$size" "$@" || { bench_failed=1; exit 1; }; }

pg_start "$work_dir/data" "$pg_port"
export Auth__SigningKey=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
(umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work_dir/checkpoint-key.pem" 2>/dev/null)
export Checkpoints__SigningKeyFile="$work_dir/checkpoint-key.pem"
export ASPNETCORE_URLS="http://127.0.0.1:$api_port"

dotnet build src/Transfer.Api -c Release --nologo -v quiet
dotnet build bench/Transfer.Benchmarks -c Release --nologo -v quiet
token=$(dotnet "$api_dll" token --role pmo --name "Benchmark" 2>/dev/null)

echo "Transfer benchmark: $(nproc) cores, PostgreSQL $(basename "$(dirname "$(pg_bin_dir)")") with fsync on, API in Release on Kestrel; sizes: seed-scale --factor ${factors[*]}"
echo
sizes_table="| size | events | seed-scale s | seed-scale events/s | API start to audit chain caught up, s | to Merkle tree caught up, s | API RSS then, MiB | API peak RSS after the views, MiB |"$'\n'"| --- | --- | --- | --- | --- | --- | --- | --- |"
for factor in "${factors[@]}"; do
  database=transfer_bench_$factor
  pg_create_database "$pg_port" "$database"
  export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=postgres;Maximum Pool Size=50"

  dotnet "$api_dll" seed-scale --factor "$factor" > "$work_dir/seed.log" 2>&1 || { cat "$work_dir/seed.log" >&2; exit 1; }
  # "Loaded ... 24,073 events in 3.5 s (6,914 events/s)."
  seed_line=$(grep '^Loaded' "$work_dir/seed.log")
  seed_seconds=$(sed -E 's/.* events in ([0-9.]+) s .*/\1/' <<< "$seed_line")
  seed_rate=$(sed -E 's/.*\(([0-9,]+) events\/s\).*/\1/' <<< "$seed_line")
  events=$(psql_at "$database" "select count(*) from transfer.mt_events")
  size="$(thousands "$events") events"
  echo "## seed-scale --factor $factor: $size"
  echo

  start_ns=$(date +%s%N)
  dotnet "$api_dll" > "$work_dir/api.log" 2>&1 &
  api_pid=$!
  started=$SECONDS
  if [ "$factor" = "$smallest" ]; then
    # Start-up: the process answering, then its first write and first board read (each route's handler is
    # the code generated ahead of time, so the first request compiles nothing). The write names no existing
    # workstream: it goes through the write path to the 404 (the lock and the read) and stores nothing.
    until curl -sf "http://127.0.0.1:$api_port/health/live" >/dev/null 2>&1; do
      [ $((SECONDS - started)) -lt 60 ] || { echo "The API did not answer /health/live within 60 s" >&2; bench_failed=1; exit 1; }
      sleep 0.01
    done
    live_ms=$((($(date +%s%N) - start_ns) / 1000000))
    curl -s -o /dev/null -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
      -d '{"organisationId":"837","contractRef":"start-up","occurredOn":"2022-01-28"}' "http://127.0.0.1:$api_port/api/workstreams/no-such-workstream/contracts"
    write_ms=$((($(date +%s%N) - start_ns) / 1000000))
    curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/api/portfolio"
    read_ms=$((($(date +%s%N) - start_ns) / 1000000))
    echo "| API start-up, from the process starting | ms |"
    echo "| --- | --- |"
    echo "| /health/live answers | $live_ms |"
    echo "| first write answered | $write_ms |"
    echo "| first board read answered | $read_ms |"
    echo
  fi
  for _ in $(seq 1 240); do
    (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break
    sleep 0.5
  done
  # The async daemon chains every event for the audit when the API starts; measuring before it has
  # caught up would measure the chaining too.
  until [ "$(psql_at "$database" "select count(*) from transfer.mt_doc_auditchainlink" 2>/dev/null || echo 0)" -ge "$events" ]; do
    [ $((SECONDS - started)) -lt 900 ] || { echo "The audit chain did not catch up within 900 s" >&2; bench_failed=1; exit 1; }
    sleep 1
  done
  chain_seconds=$((SECONDS - started))
  # The Merkle tree grows beside the chain, on the same daemon.
  until [ "$(psql_at "$database" "select count(*) from transfer.audit_tree where level = 0" 2>/dev/null || echo 0)" -ge "$events" ]; do
    [ $((SECONDS - started)) -lt 900 ] || { echo "The audit tree did not catch up within 900 s" >&2; bench_failed=1; exit 1; }
    sleep 1
  done
  tree_seconds=$((SECONDS - started))
  idle=$(rss)

  bench views concurrent --results "$work_dir/views-$factor.tsv"
  peak=$(peak_rss)
  if [ "$factor" = "$largest" ]; then
    bench audit evidence
    echo "API resident memory after the audit routes: $(rss) MiB (peak $(peak_rss) MiB)"
    echo
  fi
  if [ "$factor" = "$smallest" ] || [ "$factor" = "$largest" ]; then bench appends; fi
  if [ "$factor" = "$largest" ]; then bench imports; fi
  stop_api

  if [ "$factor" = "$largest" ]; then
    # The API is stopped: a rebuild is what an operator runs after changing a projection.
    rebuilt=$(psql_at "$database" "select count(*) from transfer.mt_events")
    rebuild_started=$(date +%s.%N)
    dotnet "$api_dll" projections rebuild > "$work_dir/rebuild.log" 2>&1 || { cat "$work_dir/rebuild.log" >&2; exit 1; }
    rebuild_seconds=$(echo "$(date +%s.%N) - $rebuild_started" | bc)
    echo "| projections rebuild, API stopped | events | seconds | events/s |"
    echo "| --- | --- | --- | --- |"
    printf "| every view from the events | %s | %.1f | %.0f |\n\n" "$(thousands "$rebuilt")" "$rebuild_seconds" "$(echo "$rebuilt / $rebuild_seconds" | bc -l)"
  fi
  sizes_table+=$'\n'"| --factor $factor | $(thousands "$events") | $seed_seconds | $seed_rate | $chain_seconds | $tree_seconds | $idle | $peak |"
  "$(pg_bin_dir)/dropdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
done

echo "## Sizes"
echo
echo "$sizes_table"
echo
if [ "${#factors[@]}" -ge 2 ]; then
  previous=${factors[${#factors[@]}-2]}
  echo "## Growth: each view's p50 at --factor $largest divided by its p50 at --factor $previous ($((largest / previous))× the history)"
  echo
  echo "| status view | p50 ms at --factor $previous | p50 ms at --factor $largest | growth ratio |"
  echo "| --- | --- | --- | --- |"
  awk -F'\t' 'NR == FNR { before[$1] = $2; next } { printf "| %s | %.1f | %.1f | %.2f |\n", $1, before[$1], $2, $2 / before[$1] }' \
    "$work_dir/views-$previous.tsv" "$work_dir/views-$largest.tsv"
fi

# Counties side by side, in one database as two tenants: Kanta-Häme's boards (the demo's small second
# county) beside a Pirkanmaa of the demo's size, then beside one of --factor $largest, in this same run.
counties=("Counties__pirkanmaa__Name=Pirkanmaa" "Counties__kanta-hame__Name=Kanta-Häme")
echo
for beside in 1 "$largest"; do
  database=transfer_bench_counties_$beside
  pg_create_database "$pg_port" "$database"
  export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=postgres;Maximum Pool Size=50"
  if [ "$beside" != 1 ]; then
    env "${counties[@]}" dotnet "$api_dll" seed-scale --factor "$beside" > "$work_dir/seed.log" 2>&1 || { cat "$work_dir/seed.log" >&2; exit 1; }
  fi
  # Kanta-Häme, and Pirkanmaa's demo history where seed-scale loaded none.
  env "${counties[@]}" dotnet "$api_dll" seed-demo > "$work_dir/seed.log" 2>&1 || { cat "$work_dir/seed.log" >&2; exit 1; }
  pirkanmaa_events=$(psql_at "$database" "select count(*) from transfer.mt_events where tenant_id = 'pirkanmaa'")
  all_events=$(psql_at "$database" "select count(*) from transfer.mt_events")
  env "${counties[@]}" dotnet "$api_dll" > "$work_dir/api.log" 2>&1 &
  api_pid=$!
  started=$SECONDS
  until [ "$(psql_at "$database" "select count(*) from transfer.mt_doc_auditchainlink" 2>/dev/null || echo 0)" -ge "$all_events" ]; do
    [ $((SECONDS - started)) -lt 900 ] || { echo "The audit chain did not catch up within 900 s" >&2; bench_failed=1; exit 1; }
    sleep 1
  done
  county_token=$(env "${counties[@]}" dotnet "$api_dll" token --role pmo --county kanta-hame --name "Benchmark" 2>/dev/null)
  dotnet "$bench_dll" "http://127.0.0.1:$api_port" "$county_token" small-county \
    --size "beside a Pirkanmaa of $(thousands "$pirkanmaa_events") events" --results "$work_dir/county-$beside.tsv" || { bench_failed=1; exit 1; }
  [ "$beside" = 1 ] && small_pirkanmaa=$pirkanmaa_events
  stop_api
  "$(pg_bin_dir)/dropdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
done
echo "## A small county beside a large one: Kanta-Häme's p50 beside a Pirkanmaa of $(thousands "$pirkanmaa_events") events divided by its p50 beside one of $(thousands "$small_pirkanmaa")"
echo
echo "| status view | p50 ms beside the small Pirkanmaa | p50 ms beside the large Pirkanmaa | ratio |"
echo "| --- | --- | --- | --- |"
awk -F'\t' 'NR == FNR { before[$1] = $2; next } { printf "| %s | %.1f | %.1f | %.2f |\n", $1, before[$1], $2, $2 / before[$1] }' \
  "$work_dir/county-1.tsv" "$work_dir/county-$largest.tsv"
