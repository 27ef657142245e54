#!/usr/bin/env bash
# Starts TicketBoss on http://localhost:${PORT:-8080}: the gateway with its in-process silo.
# With no ConnectionStrings__Postgres it starts a private PostgreSQL under .run/ (installing it if missing).
set -euo pipefail
cd "$(dirname "$0")"
export PORT=${PORT:-8080}

if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  source scripts/postgres.sh
  data="$PWD/.run/pgdata"
  pg_start "$data" "${PG_PORT:-55432}"
  trap 'pg_stop "$data" || true' EXIT
  export ConnectionStrings__Postgres="$PG_ADMIN_URL;Database=ticketboss"
  "$PG_BIN/psql" -h 127.0.0.1 -p "${PG_PORT:-55432}" -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'ticketboss'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "${PG_PORT:-55432}" -U postgres ticketboss
fi

dotnet build Api -c Release -v quiet -nologo
# The gateway applies the schema at start-up; Ctrl-C / SIGTERM stop it cleanly (every activation commits first).
dotnet Api/bin/Release/net10.0/TicketBoss.Api.dll --urls "http://0.0.0.0:$PORT" &
api=$!
cleanup() {
  kill -TERM "$api" 2>/dev/null || true
  wait "$api" 2>/dev/null || true
  if [ -n "${data:-}" ]; then pg_stop "$data" || true; fi
}
trap cleanup EXIT
trap 'exit 0' INT TERM
wait "$api" || true
