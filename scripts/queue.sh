#!/usr/bin/env bash
# The queue-mode suite (test/queue): n8n 2.40.7 in queue mode — PostgreSQL and Redis started by the
# test on 127.0.0.1, one `n8n start` main with EXECUTIONS_MODE=queue and two `n8n worker` processes
# sharing one encryption key and database, the package installed into each process's ~/.n8n/nodes
# with npm (n8n's manual install). n8n is installed into the cache by scripts/install-n8n.sh when
# missing. Needs Debian's redis-server and postgresql (REDIS_SERVER / PG_BIN override the paths).
# The processes' logs land in .tmp/queue-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund

redis="${REDIS_SERVER:-/usr/bin/redis-server}"
if [ ! -x "$redis" ]; then
  echo "FATAL: Redis is missing at $redis (apt-get install -y redis-server)." >&2
  exit 1
fi
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "FATAL: PostgreSQL is missing (apt-get install -y postgresql; or set PG_BIN)." >&2
  exit 1
fi
# Installed first so its time shows apart; npm_config_* from `npm test` must not reach the installer.
env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/Ip') bash scripts/install-n8n.sh 2.40.7 >/dev/null
start=$SECONDS
[ "${LEGS_SKIP_BUILD:-}" = 1 ] || npm run --silent build  # scripts/legs.ts builds once for every leg
export ST_QUEUE_SKIP_BUILD=1
npx jest -c test/queue/jest.config.js --runInBand --ci
echo "[queue] suite finished in $((SECONDS - start))s"
