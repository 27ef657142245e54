#!/usr/bin/env bash
# One hot event, holds over HTTP, driven by wrk (a C load generator, lighter than the .NET one on 2 cores).
# Usage: bench/wrk/hot-event.sh [URL] [CONNECTIONS] [SECONDS] [QTY]   (defaults: http://127.0.0.1:8080 256 15 1)
# Creates a fresh event, runs wrk, then checks that the event's counts add up and that its held seats cover the
# acknowledged holds (nothing lost) plus at most the requests wrk abandoned in flight when it stopped.
set -euo pipefail
url=${1:-http://127.0.0.1:8080}; connections=${2:-256}; seconds=${3:-15}; qty=${4:-1}
here=$(cd "$(dirname "$0")" && pwd)
event=$(curl -sf -XPOST "$url/events" -H 'Content-Type: application/json' -d '{"name":"wrk hot event","total_seats":1000000}' | sed -E 's/.*"event_id":"([^"]+)".*/\1/')
threads=$(( $(nproc) < connections ? $(nproc) : connections ))
echo "conditions: $(nproc) cores shared by wrk, the service and PostgreSQL; $connections connections, $threads wrk threads, ${seconds} s, qty $qty, event $event"
out=$(HOLD_EVENT=$event HOLD_QTY=$qty wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/hold.lua" "$url/holds")
echo "$out" | grep -E "^(answers|latency|throughput):"
acknowledged=$(echo "$out" | sed -nE 's/^acknowledged: ([0-9]+)/\1/p')
counts=$(curl -sf "$url/events/$event")
held=$(echo "$counts" | sed -E 's/.*"held":([0-9]+).*/\1/'); available=$(echo "$counts" | sed -E 's/.*"available":([0-9]+).*/\1/')
booked=$(echo "$counts" | sed -E 's/.*"booked":([0-9]+).*/\1/'); total=$(echo "$counts" | sed -E 's/.*"total":([0-9]+).*/\1/')
if [ $((available + held + booked)) -eq "$total" ] && [ "$held" -ge $((acknowledged * qty)) ] && [ "$held" -le $(((acknowledged + connections) * qty)) ]; then
  echo "check: OK (total $total = available $available + held $held + booked $booked; held covers $acknowledged acknowledged x $qty, plus $((held / qty - acknowledged)) answered after wrk stopped)"
else
  echo "check: FAILED (total $total, available $available, held $held, booked $booked; acknowledged $acknowledged x $qty)"; exit 1
fi
