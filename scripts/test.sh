#!/usr/bin/env bash
# The README's test command (`npm test`): sets up what is missing, then runs every suite as legs
# (scripts/legs.ts, concurrently, each leg's time printed): the jest suites (unit, contract,
# simulator, integration, trigger, fault, property, soak), the end-to-end tests inside real n8n
# processes (2.40.7, 2.8.4, 2.8.4 behind Prism) and the browser suite in n8n's editor. The n8n
# versions the legs need are installed into ~/.cache/n8n-nodes-servicetitan on first use.
#   npm test -- jest browser     only the named legs
set -euo pipefail
cd "$(dirname "$0")/.."

# ServiceTitan's OpenAPI document: where it is, or which suites need it and where to get it (fails when CI is set).
node scripts/lib/vendorDocument.js check
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

exec node -r ts-node/register/transpile-only scripts/legs.ts "$@"
