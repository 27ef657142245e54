#!/usr/bin/env bash
# An on-sale of abandoned holds (issue 21): one hot event driven with 1-seat holds of a 10 s TTL that all expire,
# minute after minute, while the resident memory of the process serving it is sampled.
# Usage: bench/wrk/memory-soak.sh [URL] [MINUTES] [CONNECTIONS] [PID]
#        (defaults http://127.0.0.1:8080, 10, 256, the process listening on URL's port)
# Prints, per minute: holds/s, p99, resident memory, and the event's held count; then whether memory stayed within
# 20% of its value after the first minute.
set -euo pipefail
url=${1:-http://127.0.0.1:8080}; minutes=${2:-10}; connections=${3:-256}
port=$(echo "$url" | sed -E 's#.*:([0-9]+)/?$#\1#')
pid=${4:-$(ss -Hltnp "sport = :$port" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1)}
here=$(cd "$(dirname "$0")" && pwd)
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
event=$(curl -sf -XPOST "$url/events" -H 'Content-Type: application/json' -d '{"name":"memory soak","total_seats":1000000}' | sed -E 's/.*"event_id":"([^"]+)".*/\1/')
threads=$(( $(nproc) < connections ? $(nproc) : connections ))
echo "conditions: $(nproc) cores shared by wrk, the service and PostgreSQL; $connections connections, $minutes x 60 s, 1-seat holds with a 10 s TTL on event $event; pid $pid, resident memory at start $(rss) MB"
echo "minute  holds/s  p99        resident MB  held"
first=""; worst=0; total=0
for minute in $(seq 1 "$minutes"); do
  out=$(HOLD_EVENT=$event HOLD_TTL=10 wrk -t"$threads" -c"$connections" -d60s --timeout 10s -s "$here/hold.lua" "$url/holds")
  rate=$(echo "$out" | sed -nE 's/^throughput: ([0-9]+) holds\/s/\1/p')
  p99=$(echo "$out" | sed -nE 's/^latency: .*p99 ([0-9.]+ ms),.*/\1/p')
  acknowledged=$(echo "$out" | sed -nE 's/^acknowledged: ([0-9]+)/\1/p')
  total=$((total + acknowledged))
  now=$(rss)
  held=$(curl -sf "$url/events/$event" | sed -E 's/.*"held":([0-9]+).*/\1/')
  printf "%6d  %7d  %-9s  %11d  %d\n" "$minute" "$rate" "$p99" "$now" "$held"
  if [ -z "$first" ]; then first=$now; elif [ "$now" -gt "$worst" ]; then worst=$now; fi
done
echo "holds placed: $total; resident memory after minute 1: $first MB, highest after: $worst MB"
if [ "$worst" -le $((first * 120 / 100)) ]; then
  echo "VERDICT: PASS (resident memory within 20% of its value after the first minute)"
else
  echo "VERDICT: FAIL (resident memory grew more than 20% after the first minute)"; exit 1
fi
