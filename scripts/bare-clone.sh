#!/usr/bin/env bash
# Proves that a bare clone runs from the repository alone: copies this checkout's files as git sees them
# (tracked and untracked, minus what .gitignore leaves out; on CI's fresh clone exactly what git holds) into a
# temporary folder with ServiceTitan's OpenAPI document nowhere (no ../shared beside the copy, no
# SERVICETITAN_SPEC_PATH), then runs the demo headless and the jest suites there. The suites that hold
# the package against the document are left out by jest.config.js, which says so; everything else must pass.
# The working tree is copied rather than HEAD cloned, so `npm test` proves the code as it is being edited.
#
#   bash scripts/bare-clone.sh                 demo headless + every jest suite that does not need the document
#   bash scripts/bare-clone.sh test/unit ...   demo headless + only these jest paths
#
# node_modules is a hard-link copy of this checkout's (npm ci --prefer-offline when there is none), so the
# copy costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
started=$SECONDS

parent="$(mktemp -d "${TMPDIR:-/tmp}/bare-clone.XXXXXX")"
cleanup() { rm -rf "$parent"; }
trap cleanup EXIT
clone="$parent/n8n-nodes-servicetitan"
mkdir -p "$clone"
# Files deleted in the working tree but still in the index are skipped (tar would fail on them).
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  if [ -e "$file" ]; then printf '%s\0' "$file"; fi
done | tar --null -T - -cf - | tar -xf - -C "$clone"
if [ -e "$parent/shared" ]; then
  echo "[bare-clone] FATAL: $parent/shared exists; the clone must have no document beside it" >&2
  exit 1
fi

if [ -d "$root/node_modules" ] && cmp -s "$root/package-lock.json" "$clone/package-lock.json"; then
  cp -al "$root/node_modules" "$clone/node_modules"
else
  (cd "$clone" && npm ci --prefer-offline --no-audit --no-fund)
fi
echo "[bare-clone] $(git rev-parse --short HEAD) and its working changes copied into $clone ($((SECONDS - started))s)"

# No document anywhere: no override, nothing beside the clone; CI unset so the missing document is
# reported, not fatal (under CI the contract suites must run and the run would fail by design).
run() { (cd "$clone" && env -u SERVICETITAN_SPEC_PATH -u CI "$@"); }

if run node scripts/lib/vendorDocument.js present; then
  echo "[bare-clone] FATAL: the clone still finds a vendor document" >&2
  exit 1
fi
run node scripts/lib/vendorDocument.js check

step=$SECONDS
echo "[bare-clone] demo (headless)"
run bash scripts/demo.sh --headless
echo "[bare-clone] demo passed in $((SECONDS - step))s"

step=$SECONDS
echo "[bare-clone] jest ${*:-(every suite that does not need the document)}"
run npx jest --ci "$@"
echo "[bare-clone] jest passed in $((SECONDS - step))s"

echo "[bare-clone] suite finished in $((SECONDS - started))s"
