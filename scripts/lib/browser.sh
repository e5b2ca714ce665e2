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

# wait_for_health URL: until the API answers /health (a minute at most).
wait_for_health() {
  for _ in $(seq 1 120); do
    curl -sf "$1/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "Nothing answered at $1/health" >&2
  return 1
}

# oidc_test_config API_PORT SECRET: the test OpenID provider's file (tests/oidc-provider/provider.mjs): two
# counties' providers, each with a PMO, a chair and a person without any of our roles, and the API on
# API_PORT as their client.
oidc_test_config() {
  local api_port=$1 secret=$2
  node - "$api_port" "$secret" <<'JS'
const [port, secret] = process.argv.slice(2);
const provider = (name, accounts) => ({
  name,
  clients: [{
    client_id: 'transfer', client_secret: secret,
    redirect_uris: [`http://127.0.0.1:${port}/signin-oidc/${name}`],
    post_logout_redirect_uris: [`http://127.0.0.1:${port}/signout-callback-oidc/${name}`],
    grant_types: ['authorization_code'], response_types: ['code'],
  }],
  resources: { 'api://transfer': { accessTokenTTL: 300 } },
  accounts,
});
console.log(JSON.stringify({ providers: [
  provider('pirkanmaa', {
    paula: { name: 'Paula Pirkanmaa', roles: ['Transfer.PMO'] },
    chris: { name: 'Chris Chair', roles: ['Transfer.Chair'] },
    nora: { name: 'Nora Nobody' },
  }),
  provider('kanta-hame', {
    kaisa: { name: 'Kaisa Kanta-Häme', roles: ['Transfer.PMO'] },
    heikki: { name: 'Heikki Hämeenlinna', roles: ['Transfer.Chair'] },
    ville: { name: 'Ville Vailla' },
  }),
] }, null, 2));
JS
}

# run_browser_tests PG_PORT WORK_DIR: prints node's test report; its exit status is the tests'.
run_browser_tests() {
  local pg_port=$1 work_dir=$2 api_port status=0
  local dll=src/Transfer.Api/bin/Debug/net10.0/Transfer.Api.dll
  ensure_chromium || return 1
  (cd tests/browser && npm ci --no-audit --no-fund --silent) || return 1
  [ -d tests/oidc-provider/node_modules ] || (cd tests/oidc-provider && npm ci --no-audit --no-fund --silent) || return 1

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
    pids=()
    trap 'kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null' EXIT
    env "${counties[@]}" dotnet "$dll" >"$work_dir/browser-api.log" 2>&1 &
    pids+=($!)
    wait_for_health "http://127.0.0.1:$api_port" || { tail -50 "$work_dir/browser-api.log" >&2; exit 1; }
    export TRANSFER_URL="http://127.0.0.1:$api_port"
    export TRANSFER_CHAIR_TOKEN=$(dotnet "$dll" token --role chair --county pirkanmaa --name "Browser test chair" 2>/dev/null)
    export TRANSFER_AUDITOR_TOKEN=$(dotnet "$dll" token --role auditor --county pirkanmaa --name "Browser test auditor" 2>/dev/null)
    export TRANSFER_PMO_TOKEN=$(dotnet "$dll" token --role pmo --county pirkanmaa --name "Browser test PMO" 2>/dev/null)
    export TRANSFER_NATIONAL_TOKEN=$(dotnet "$dll" token --role national --name "Browser test ministry" 2>/dev/null)

    # People signing in through their county's provider (tests/browser/signin.test.mjs): the test OpenID provider,
    # one issuer per county, and a second API node on the same database that trusts them, with no development
    # key. In Development, because only there are providers on http:// allowed.
    signin_port=$(free_port $((api_port + 1)))
    secret=$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')
    oidc_test_config "$signin_port" "$secret" >"$work_dir/oidc-providers.json" || exit 1
    node tests/oidc-provider/provider.mjs "$work_dir/oidc-providers.json" --ignore-stdin >"$work_dir/oidc.out" 2>"$work_dir/oidc.log" &
    pids+=($!)
    for _ in $(seq 1 60); do
      [ -s "$work_dir/oidc.out" ] && break
      kill -0 "${pids[-1]}" 2>/dev/null || break
      sleep 0.5
    done
    [ -s "$work_dir/oidc.out" ] || { echo "The test OpenID provider did not start:" >&2; cat "$work_dir/oidc.log" >&2; exit 1; }
    ready=$(head -n 1 "$work_dir/oidc.out")
    issuer() { node -e 'console.log(JSON.parse(process.argv[1]).providers[process.argv[2]])' "$ready" "$1"; }
    provider_settings=(
      "Auth__Roles__pmo=Transfer.PMO" "Auth__Roles__chair=Transfer.Chair" "Auth__Roles__auditor=Transfer.Auditor"
      "Auth__Providers__pirkanmaa__Authority=$(issuer pirkanmaa)" "Auth__Providers__pirkanmaa__County=pirkanmaa"
      "Auth__Providers__pirkanmaa__DisplayName=Pirkanmaan hyvinvointialue"
      "Auth__Providers__kanta-hame__Authority=$(issuer kanta-hame)" "Auth__Providers__kanta-hame__County=kanta-hame"
      "Auth__Providers__kanta-hame__DisplayName=Kanta-Hämeen hyvinvointialue"
    )
    for name in pirkanmaa kanta-hame; do
      provider_settings+=("Auth__Providers__${name}__ClientId=transfer" "Auth__Providers__${name}__ClientSecret=$secret"
        "Auth__Providers__${name}__Audience=api://transfer")
    done
    env -u Auth__SigningKey ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Information \
      ASPNETCORE_URLS="http://127.0.0.1:$signin_port" "${counties[@]}" "${provider_settings[@]}" \
      dotnet "$dll" >"$work_dir/browser-signin-api.log" 2>&1 &
    pids+=($!)
    wait_for_health "http://127.0.0.1:$signin_port" || { tail -50 "$work_dir/browser-signin-api.log" >&2; exit 1; }
    export TRANSFER_SIGNIN_URL="http://127.0.0.1:$signin_port"
    export TRANSFER_OIDC_CONTROL=$(node -e 'console.log(JSON.parse(process.argv[1]).control)' "$ready")

    # Screenshots and printed PDFs of every page, for people to look at after the run.
    export TRANSFER_SCREENSHOTS="$PWD/TestResults/screenshots"
    rm -rf "$TRANSFER_SCREENSHOTS"
    # One file at a time: both write to the same database, and a board compared with the API must not change meanwhile.
    node --test --test-concurrency=1 tests/browser/ || {
      status=$?
      echo "--- API log ---" >&2; tail -50 "$work_dir/browser-api.log" >&2
      echo "--- API log (sign-in node) ---" >&2; tail -50 "$work_dir/browser-signin-api.log" >&2
      echo "--- OpenID provider log ---" >&2; tail -30 "$work_dir/oidc.log" >&2
      exit $status
    }
  )
}
