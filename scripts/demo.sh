#!/usr/bin/env bash
# `npm run demo`: on a fresh clone, installs the dev dependencies first (npm ci), then runs the demo
# (scripts/demo.ts through ts-node). Arguments are passed on: --headless, --n8n-version V, --help.
set -euo pipefail
# The demo's clock counts from the command (npm ci and compiling included), not from when demo.ts loads.
export DEMO_STARTED_AT_MS="${DEMO_STARTED_AT_MS:-$(date +%s%3N)}"
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -x node_modules/.bin/ts-node ]; then
  echo "[demo] node_modules is missing: running npm ci" >&2
  npm ci --no-audit --no-fund
fi
exec node -r ts-node/register/transpile-only scripts/demo.ts "$@"
