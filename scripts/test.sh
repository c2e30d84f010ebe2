#!/usr/bin/env bash
# The README's test command (`npm test`): sets up what is missing, then runs every suite —
# unit, contract, simulator, integration, trigger, fault, property and soak tests in jest, then the
# end-to-end tests inside real n8n processes, then the browser suite in n8n's editor.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f ../shared/servicetitan/jpm-v2.openapi.json ]; then
  echo "FATAL: ../shared/servicetitan/jpm-v2.openapi.json (the vendor contract) is missing." >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npx jest --ci
if [ -f scripts/e2e.sh ]; then
  bash scripts/e2e.sh
fi
# n8n's editor in Debian's Chromium (node search, safe defaults, lookups, credential test, Fetch Test Event).
bash scripts/browser.sh
