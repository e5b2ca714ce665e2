#!/usr/bin/env bash
# Runs the Transfer API. Uses ConnectionStrings__Transfer when set; otherwise starts (or reuses) a
# local PostgreSQL under .local/postgres, bound to 127.0.0.1. Prints the URLs and development tokens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

mkdir -p .local
if [ -z "${ConnectionStrings__Transfer:-}" ]; then
  port=${TRANSFER_PG_PORT:-55432}
  pg_start "$PWD/.local/postgres" "$port"
  pg_create_database "$port" transfer
  export ConnectionStrings__Transfer="Host=127.0.0.1;Port=$port;Database=transfer;Username=postgres"
  echo "PostgreSQL: 127.0.0.1:$port, data in .local/postgres (stop it with: scripts/stop-postgres.sh)"
fi

# A development signing key, made once and kept in the ignored .local folder so tokens outlive restarts.
if [ -z "${Auth__SigningKey:-}" ]; then
  [ -s .local/signing-key ] || (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' > .local/signing-key)
  export Auth__SigningKey=$(cat .local/signing-key)
fi
# A development key for signing the audit log's checkpoints (ECDSA P-256), made once, likewise kept in .local.
if [ -z "${Checkpoints__SigningKeyFile:-}" ]; then
  [ -s .local/checkpoint-key.pem ] ||
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out .local/checkpoint-key.pem 2>/dev/null)
  export Checkpoints__SigningKeyFile="$PWD/.local/checkpoint-key.pem"
fi

# Two wellbeing counties in the one database, each a tenant of its own: Pirkanmaa (the demo data set)
# and Kanta-Häme (its real organisations, an invented smaller history). Set TRANSFER_ONE_COUNTY=1 to serve
# one county without county claims, as an installation that configures none. (`env`: the ids hold a '-'.)
counties=()
if [ -z "${TRANSFER_ONE_COUNTY:-}" ]; then
  counties=("Counties__pirkanmaa__Name=Pirkanmaan hyvinvointialue" "Counties__kanta-hame__Name=Kanta-Hämeen hyvinvointialue")
fi

export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://127.0.0.1:5080}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
dotnet build src/Transfer.Api -c Release --nologo -v quiet -clp:NoSummary
# The token command's own diagnostics go to a log, shown only if it fails.
api() { env "${counties[@]}" dotnet run --project src/Transfer.Api -c Release --no-build --no-launch-profile -- "$@"; }
token() {
  api token "$@" 2>.local/token.log || { cat .local/token.log >&2; exit 1; }
}

# On an empty event store, load the demo data sets (Pirkanmaa; Kanta-Häme too where it is served); an
# existing history is left alone.
api seed-demo --if-empty >.local/seed.log 2>&1 ||
  { cat .local/seed.log >&2; exit 1; }
tail -n 1 .local/seed.log

url=${ASPNETCORE_URLS%%;*}
cat <<MSG

Transfer API:   $url
API reference:  $url/scalar   (OpenAPI document: $url/openapi/v1.json)
Boards:         $url/api/portfolio   ·   the contract deadline: $url/api/organisations/status?asOf=2022-02-01
MSG
if [ ${#counties[@]} -eq 0 ]; then
  echo "PMO token:      $(token --role pmo --name "Development PMO")"
  echo "Chair token:    $(token --role chair --name "Development chair")"
  echo "Auditor token:  $(token --role auditor --name "Development auditor")"
else
  for county in pirkanmaa kanta-hame; do
    echo
    echo "$county"
    echo "  PMO token:      $(token --role pmo --county "$county" --name "Development PMO, $county")"
    echo "  Chair token:    $(token --role chair --county "$county" --name "Development chair, $county")"
    echo "  Auditor token:  $(token --role auditor --county "$county" --name "Development auditor, $county")"
  done
  echo
  echo "National token (reads any county with ?county=<id>; /api/national/status): $(token --role national --name "Development ministry")"
fi
echo
exec env "${counties[@]}" dotnet run --project src/Transfer.Api -c Release --no-build --no-launch-profile
