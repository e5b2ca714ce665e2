#!/usr/bin/env bash
# Stops the local PostgreSQL that scripts/run.sh started; its data stays in .local/postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
pg_stop "$PWD/.local/postgres"
