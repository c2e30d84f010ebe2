#!/usr/bin/env bash
# The README's test command (`npm test`): sets up what is missing, then runs every suite as legs
# (scripts/legs.ts, concurrently, each leg's time printed): the contract suites against ServiceTitan's
# document, the bare clone (demo headless + every other jest suite, where no document is), the
# end-to-end legs inside real n8n processes (actions, the trigger per kind of host, Prism), the browser
# suite in n8n's editor and n8n's queue mode. The n8n versions the legs need are installed into
# ~/.cache/n8n-nodes-servicetitan on first use.
#   npm test -- contract browser     only the named legs
set -euo pipefail
cd "$(dirname "$0")/.."

# ServiceTitan's OpenAPI document: where it is, or which suites need it and where to get it (fails when CI is set).
node scripts/lib/vendorDocument.js check
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

exec node -r ts-node/register/transpile-only scripts/legs.ts "$@"
