# The dashboard's browser tests: Debian's Chromium driven by playwright-core from npm, against the API
# (as built by dotnet test) with the demo data set. Sourced by scripts/test.sh.

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the dashboard tests..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x /usr/bin/chromium ] || { echo "No /usr/bin/chromium: install Debian's chromium package to run the dashboard tests." >&2; return 1; }
}

# run_browser_tests PG_PORT WORK_DIR: prints node's test report; its exit status is the tests'.
run_browser_tests() {
  local pg_port=$1 work_dir=$2 api_port api_pid status=0
  local dll=src/Transfer.Api/bin/Debug/net10.0/Transfer.Api.dll
  ensure_chromium || return 1
  (cd tests/browser && npm ci --no-audit --no-fund --silent) || return 1

  pg_create_database "$pg_port" transfer_browser
  api_port=$(free_port 5280)
  (
    export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$pg_port;Database=transfer_browser;Username=postgres"
    export Auth__SigningKey=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work_dir/checkpoint-key.pem" 2>/dev/null)
    export Checkpoints__SigningKeyFile="$work_dir/checkpoint-key.pem"
    export ASPNETCORE_URLS="http://127.0.0.1:$api_port"
    # Two counties, as scripts/run.sh serves them: the chair, auditor and PMO are Pirkanmaa's. (`env`: the ids hold a '-'.)
    counties=("Counties__pirkanmaa__Name=Pirkanmaan hyvinvointialue" "Counties__kanta-hame__Name=Kanta-Hämeen hyvinvointialue")
    env "${counties[@]}" dotnet "$dll" seed-demo >"$work_dir/seed.log" 2>&1 || { cat "$work_dir/seed.log" >&2; exit 1; }
    env "${counties[@]}" dotnet "$dll" >"$work_dir/browser-api.log" 2>&1 &
    api_pid=$!
    trap 'kill $api_pid 2>/dev/null; wait $api_pid 2>/dev/null' EXIT
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break
      sleep 0.5
    done
    export TRANSFER_URL="http://127.0.0.1:$api_port"
    export TRANSFER_CHAIR_TOKEN=$(dotnet "$dll" token --role chair --county pirkanmaa --name "Browser test chair" 2>/dev/null)
    export TRANSFER_AUDITOR_TOKEN=$(dotnet "$dll" token --role auditor --county pirkanmaa --name "Browser test auditor" 2>/dev/null)
    export TRANSFER_PMO_TOKEN=$(dotnet "$dll" token --role pmo --county pirkanmaa --name "Browser test PMO" 2>/dev/null)
    export TRANSFER_NATIONAL_TOKEN=$(dotnet "$dll" token --role national --name "Browser test ministry" 2>/dev/null)
    # Screenshots and printed PDFs of every page, for people to look at after the run.
    export TRANSFER_SCREENSHOTS="$PWD/TestResults/screenshots"
    rm -rf "$TRANSFER_SCREENSHOTS"
    node --test tests/browser/ || { status=$?; echo "--- API log ---" >&2; tail -50 "$work_dir/browser-api.log" >&2; exit $status; }
  )
}
