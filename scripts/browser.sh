#!/usr/bin/env bash
# The browser suite (test/browser): n8n's editor in Debian's Chromium (puppeteer-core), against the
# demo's n8n (installed into the cache by scripts/install-n8n.sh when missing) and the simulator.
# Checks node search, safe defaults, the Job → Create lookups, the credential test and the trigger's
# Fetch Test Event. Needs /usr/bin/chromium (apt-get install chromium; CHROMIUM_PATH overrides).
# Screenshots of each screen land in .tmp/browser-shots/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "FATAL: Chromium is missing at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install -y chromium)." >&2
  exit 1
fi
# The demo's n8n (scripts/lib/n8n.ts DEFAULT_N8N_VERSION); installed first so its time shows apart.
env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/Ip') bash scripts/install-n8n.sh 2.40.7 >/dev/null
start=$SECONDS
npx jest -c test/browser/jest.config.js --runInBand --ci
echo "[browser] suite finished in $((SECONDS - start))s"
