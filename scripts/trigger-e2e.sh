#!/usr/bin/env bash
# The ServiceTitan Trigger inside real n8n, per kind of host (test/e2e-trigger), as CI runs it:
#   1. n8n 2.40.7 with its durable scheduler and durable poll cursors (N8N_SCHEDULER_ENABLED,
#      N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_POLLER_DURABLE_CURSORS_ENABLED)
#   2. n8n 2.40.7 in its default mode (in-memory poller)
#   3. n8n 2.8.4 in its default mode (10-second polls)
# Each leg: From now on across a kill -9 before the first scheduled poll, a start date across
# restarts, one error execution for a failure that repeats on every poll, and a kill -9 while a batch
# is in flight, then a restart on the same user folder: every job the simulator booked arrives, only
# the batch in flight may arrive twice. Each n8n is installed into ~/.cache/n8n-nodes-servicetitan
# (N8N_CACHE_DIR) by scripts/install-n8n.sh when missing (~5-6 min each, once). The package is built once.
#
#   bash scripts/trigger-e2e.sh                       all three legs
#   bash scripts/trigger-e2e.sh 2.40.7 durable        one leg (version, host: default|durable)
#
# n8n's (debug) logs land in .tmp/trigger-e2e-logs/. Exits non-zero if any leg fails.
set -euo pipefail
cd "$(dirname "$0")/.."
suite_start=$SECONDS

[ -d node_modules ] || npm ci --no-audit --no-fund

export N8N_E2E_LOG_DIR="${N8N_E2E_LOG_DIR:-$PWD/.tmp/trigger-e2e-logs}"
export N8N_E2E_SKIP_BUILD=1
# scripts/legs.ts builds once for every leg and sets LEGS_SKIP_BUILD=1.
[ "${LEGS_SKIP_BUILD:-}" = 1 ] || npm run --silent build

legs=()
if [ $# -gt 0 ]; then
  legs+=("$1:${2:-default}")
else
  legs+=("2.40.7:durable" "2.40.7:default" "2.8.4:default")
fi

# Install what is missing first, so the install time shows apart from the test time. The installer
# runs without npm_config_* variables (under `npm test` they would carry ignore-scripts=true).
versions=$(printf '%s\n' "${legs[@]}" | cut -d: -f1 | sort -u)
for version in $versions; do
  start=$SECONDS
  env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/Ip') bash scripts/install-n8n.sh "$version" >/dev/null
  echo "[trigger-e2e] n8n $version ready in the cache ($((SECONDS - start))s)"
done

failed=0
summary=()
for leg in "${legs[@]}"; do
  version="${leg%%:*}"
  host="${leg##*:}"
  label="n8n $version, $host host"
  echo "[trigger-e2e] === $label ==="
  start=$SECONDS
  if N8N_E2E_VERSION="$version" TRIGGER_E2E_HOST="$host" npx jest -c test/e2e-trigger/jest.config.js --runInBand --ci; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  summary+=("$label: $result in $((SECONDS - start))s")
done

echo "[trigger-e2e] summary:"
printf '  %s\n' "${summary[@]}"
echo "[trigger-e2e] suite finished in $((SECONDS - suite_start))s"
exit $failed
