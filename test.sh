#!/usr/bin/env bash
# Builds and runs every test against a throwaway PostgreSQL (each test run creates and drops its own database).
# With TICKETBOSS_TEST_PG set (an admin connection string) it uses that server instead of starting one.
set -euo pipefail
cd "$(dirname "$0")"

# The README's examples run as written in a test (Http/ReadmeExampleTests): they need curl and jq.
if ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
  echo "curl or jq is not installed; installing the Debian packages..." >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl jq >&2
  else
    sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl jq >&2
  fi
fi

if [ -z "${TICKETBOSS_TEST_PG:-}" ]; then
  source scripts/postgres.sh
  data=$(mktemp -d /tmp/ticketboss-test-pg.XXXXXX)
  pg_start "$data" "${PG_TEST_PORT:-55433}"
  trap 'pg_stop "$data" || true; rm -rf "$data"' EXIT
  export TICKETBOSS_TEST_PG="$PG_ADMIN_URL"
fi

dotnet build Orleans.TicketBoss.sln -c Release -nologo -v quiet
log=$(mktemp)
status=0
dotnet test Orleans.TicketBoss.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" | tee "$log" || status=$?
passed=$( (grep -E '^\s+Passed: [0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}' || true)
failed=$( (grep -E '^\s+Failed: [0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}' || true)
# The failed tests again with their messages, so that the tail of a long CI log names them.
failures=$( (grep -E -A 12 '^\s+Failed [A-Za-z]' "$log" || true) | cut -c 1-300)
rm -f "$log"

# The box office page in headless Chromium against the real gateway (tests/e2e, screenshots in test-output/e2e).
e2e_log=$(mktemp)
tests/e2e/run.sh | tee "$e2e_log" || status=$?
e2e_passed=$( (grep -E '^ℹ pass [0-9]+' "$e2e_log" || true) | awk '{s+=$3} END {print s+0}')
e2e_failed=$( (grep -E '^ℹ fail [0-9]+' "$e2e_log" || true) | awk '{s+=$3} END {print s+0}')
rm -f "$e2e_log"
if [ -n "$failures" ]; then echo "Failed tests:"; echo "$failures"; fi
echo "$passed passed, $failed failed (xunit); $e2e_passed passed, $e2e_failed failed (browser)"
exit $status
