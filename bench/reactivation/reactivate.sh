#!/usr/bin/env bash
# How long an event with a long history takes to answer after its silo died (issue 21).
# Usage: bench/reactivation/reactivate.sh [ENDED_HOLDS] [SEATS] [BOOKINGS] [LIVE_HOLDS]
#        (defaults 10000000 50000 20000 1000)
# Starts a private PostgreSQL and one gateway (a one-silo cluster), creates an event over HTTP, kills the gateway
# (SIGKILL: the silo dies with the event active), writes the event's history straight into PostgreSQL (confirmed
# bookings, live holds, and ended holds spread over every seat), starts a gateway again and times the first answer
# about the event, which activates it: PostgreSQL's cache is warm, the silo's is empty. Then it checks the counts and
# times the read of an ended hold (from PostgreSQL) and of a live one (from memory).
set -euo pipefail
ended=${1:-10000000}; seats=${2:-50000}; bookings=${3:-20000}; live=${4:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source scripts/postgres.sh
data=$(mktemp -d /tmp/ticketboss-reactivate.XXXXXX)
pg_port=${PG_BENCH_PORT:-55450}; port=${PORT:-8090}
pg_start "$data" "$pg_port" >/dev/null
gateway=""
trap '[ -n "$gateway" ] && kill -9 "$gateway" 2>/dev/null; pg_stop "$data" >/dev/null || true; rm -rf "$data"' EXIT
"$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres ticketboss
sql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d ticketboss -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
dotnet build Api -c Release -v quiet -nologo >/dev/null

start_gateway() {
  ConnectionStrings__Postgres="$PG_ADMIN_URL;Database=ticketboss" RateLimit__PermitsPerSecond=0 Logging__LogLevel__Default=Warning \
    dotnet Api/bin/Release/net10.0/TicketBoss.Api.dll --urls "http://127.0.0.1:$port" >"$data/gateway.log" 2>&1 &
  gateway=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
}

start_gateway
event=$(curl -sf -XPOST "http://127.0.0.1:$port/events" -H 'Content-Type: application/json' \
  -d "{\"name\":\"reactivation\",\"total_seats\":$seats}" | sed -E 's/.*"event_id":"([^"]+)".*/\1/')
kill -9 "$gateway"; wait "$gateway" 2>/dev/null || true; gateway=""

echo "conditions: $(nproc) cores, PostgreSQL 15 on the same machine; event of $seats seats with $bookings confirmed bookings, $live live holds and $ended ended holds"
started=$(date +%s)
sql "
INSERT INTO bookings (booking_id, event_id, kind, seats, status, created_at, hold_id)
  SELECT 'bkg_' || lpad(to_hex(i), 12, '0') || '.$event', '$event', 'direct', ARRAY[i], 'confirmed', now() - interval '1 hour', NULL
    FROM generate_series(0, $bookings - 1) i;
INSERT INTO holds (hold_id, event_id, seats, payment_token, status, created_at, expires_at, booking_id)
  SELECT 'hld_' || lpad(to_hex(i), 12, '0') || '.$event', '$event', ARRAY[$bookings + i], md5(i::text), 'active', now(), now() + interval '15 minutes', NULL
    FROM generate_series(0, $live - 1) i;
INSERT INTO holds (hold_id, event_id, seats, payment_token, status, created_at, expires_at, booking_id)
  SELECT 'hld_e' || lpad(to_hex(i), 11, '0') || '.$event', '$event', ARRAY[i % $seats], md5(i::text), 'expired',
         now() - interval '2 hours' + i * interval '1 microsecond', now() - interval '1 hour', NULL
    FROM generate_series(0, $ended - 1) i;
UPDATE events SET booked = $bookings, held = $live, available = capacity - $bookings - $live, version = version + 1
 WHERE event_id = '$event';"
sql "VACUUM ANALYZE holds"; sql "VACUUM ANALYZE bookings"
echo "history written in $(( $(date +%s) - started )) s: $(sql "SELECT pg_size_pretty(pg_total_relation_size('holds'))") of hold rows and indexes"

start_gateway
first=$(curl -s -o "$data/first.json" -w '%{http_code} %{time_total}' "http://127.0.0.1:$port/events/$event")
second=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/events/$event")
ended_read=$(curl -s -o "$data/ended.json" -w '%{http_code} %{time_total}' "http://127.0.0.1:$port/holds/hld_e$(printf %011x 12345).$event")
live_read=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$port/holds/hld_$(printf %012x 7).$event")
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$gateway/status")
echo "first answer (activation): HTTP ${first% *} in ${first#* } s; next answer ${second} s"
echo "ended hold read from PostgreSQL: HTTP ${ended_read% *} in ${ended_read#* } s ($(sed -E 's/.*"status":"([a-z]+)".*/\1/' "$data/ended.json")); live hold from memory: HTTP ${live_read% *} in ${live_read#* } s"
echo "gateway resident memory after: $rss MB"
counts=$(cat "$data/first.json")
echo "event: $counts"
if echo "$counts" | grep -q "\"booked\":$bookings" && echo "$counts" | grep -q "\"held\":$live" && \
   awk -v t="${first#* }" 'BEGIN { exit !(t < 1.0) }'; then
  echo "VERDICT: PASS (first answer under 1 s, counts as written)"
else
  echo "VERDICT: FAIL"; exit 1
fi
