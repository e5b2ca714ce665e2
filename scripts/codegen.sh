#!/usr/bin/env bash
# Regenerates Wolverine's code for the HTTP endpoints into src/Transfer.Api/Internal/Generated, which the
# API loads statically. Run it after adding an endpoint or changing one's signature, and commit the result;
# the tests refuse to start the API when a route's generated code is missing or differs from this output.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Transfer.Api/Internal/Generated
# The command only builds the model of the routes: it needs settings, not a database.
ConnectionStrings__Transfer="Host=127.0.0.1;Database=codegen" Auth__SigningKey="codegen-needs-no-real-signing-key-0123456789" \
  dotnet run --project src/Transfer.Api -c Debug -- codegen write >/dev/null
echo "Wrote $(ls src/Transfer.Api/Internal/Generated/WolverineHandlers | wc -l) files to src/Transfer.Api/Internal/Generated"
