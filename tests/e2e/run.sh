#!/usr/bin/env bash
# End-to-end tests of the box office page: Debian's Chromium driven by playwright-core, against the real
# gateway (built in Release) and the PostgreSQL server named by TICKETBOSS_TEST_PG. Installs what it needs:
# the chromium package (apt-get, as root or through sudo) and the npm packages of package-lock.json.
# Screenshots are written to test-output/e2e/.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is not installed; installing the Debian package..." >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  fi
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 --test-reporter=spec tests/
