#!/usr/bin/env bash
# Full load with no fault, to show that failure detection tuned for a fast failover declares no healthy silo dead.
# Usage: bench/wrk/membership-soak.sh URL POSTGRES_URL [SECONDS] [CONNECTIONS]   (defaults 600 s, 256 connections)
# Drives 1-seat holds with a 10 s TTL (so expiry, timers and reminders run all along) on one hot event with wrk,
# and compares the cluster's membership before and after: any silo declared Dead meanwhile fails the run.
set -euo pipefail
url=$1; pg=$2; seconds=${3:-600}; connections=${4:-256}
here=$(cd "$(dirname "$0")" && pwd)
members() { psql "$pg" -qtAc "SELECT count(*) FILTER (WHERE status = 3) || ' active, ' || count(*) FILTER (WHERE status = 6) || ' dead' FROM orleans_membership"; }
dead() { psql "$pg" -qtAc "SELECT count(*) FROM orleans_membership WHERE status = 6"; }
before=$(dead)
echo "conditions: $(nproc) cores shared by wrk, every silo and PostgreSQL; $connections connections, ${seconds} s, holds of 1 seat with a 10 s TTL; members before: $(members)"
event=$(curl -sf -XPOST "$url/events" -H 'Content-Type: application/json' -d '{"name":"soak","total_seats":1000000}' | sed -E 's/.*"event_id":"([^"]+)".*/\1/')
threads=$(( $(nproc) < connections ? $(nproc) : connections ))
HOLD_EVENT=$event HOLD_TTL=10 wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/hold.lua" "$url/holds" | grep -E "^(answers|latency|throughput):"
after=$(dead)
echo "members after: $(members); declared dead during the run: $((after - before))"
[ "$after" -eq "$before" ] && echo "VERDICT: PASS" || { echo "VERDICT: FAIL"; exit 1; }
