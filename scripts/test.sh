#!/usr/bin/env bash
# The README's test command (`npm test`): sets up what is missing, then runs every suite —
# unit, contract, simulator, integration, trigger, fault, property and soak tests in jest, then the
# end-to-end tests inside real n8n processes, then the browser suite in n8n's editor.
set -euo pipefail
cd "$(dirname "$0")/.."

# ServiceTitan's OpenAPI document: where it is, or which suites need it and where to get it (fails when CI is set).
node scripts/lib/vendorDocument.js check
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npx jest --ci
if [ -f scripts/e2e.sh ]; then
  bash scripts/e2e.sh
fi
# n8n's editor in Debian's Chromium (node search, safe defaults, lookups, credential test, Fetch Test Event).
bash scripts/browser.sh
