#!/usr/bin/env bash
# Starts TicketBoss on http://${HOST:-127.0.0.1}:${PORT:-8080}.
#   ./run.sh              one process: the gateway, which is also the cluster's one silo
#   ./run.sh --silos 3    a cluster: 3 silo processes (silo ports 11112.., client gateways 30001..) and the gateway, a
#                         silo of the same cluster (11111, 30000); a process that exits unexpectedly is started again
# With no ConnectionStrings__Postgres it starts a private PostgreSQL under .run/ (installing it if missing).
set -euo pipefail
cd "$(dirname "$0")"
export PORT=${PORT:-8080} HOST=${HOST:-127.0.0.1}
silos=0
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="$2"; shift 2 ;;
    --silos=*) silos="${1#*=}"; shift ;;
    *) echo "usage: ./run.sh [--silos N]" >&2; exit 2 ;;
  esac
done

if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  source scripts/postgres.sh
  data="$PWD/.run/pgdata"
  pg_start "$data" "${PG_PORT:-55432}"
  export ConnectionStrings__Postgres="$PG_ADMIN_URL;Database=ticketboss"
  "$PG_BIN/psql" -h 127.0.0.1 -p "${PG_PORT:-55432}" -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'ticketboss'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "${PG_PORT:-55432}" -U postgres ticketboss
fi

dotnet build Api -c Release -v quiet -nologo
[ "$silos" -gt 0 ] && dotnet build Silo -c Release -v quiet -nologo

stopping=0
supervisors=()
cleanup() {
  stopping=1
  # SIGTERM: the gateway stops first, then every silo hands its activations over and leaves the cluster.
  for pid in "${supervisors[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${supervisors[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${data:-}" ]; then pg_stop "$data" || true; fi
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# Runs a process again whenever it exits unexpectedly (as the compose file's restart policy does): a silo that the
# cluster declared dead ends itself, and comes back as a new member.
supervise() {
  local name=$1; shift
  (
    child=""
    trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
    while true; do
      "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
      child=$!
      echo "$name: pid $child"
      status=0; wait "$child" || status=$?
      echo "$name exited with status $status; starting it again in 1 s" >&2
      sleep 1
    done
  ) &
  supervisors+=($!)
}

base_silo=${SILO_BASE_PORT:-11111}
base_gateway=${GATEWAY_BASE_PORT:-30000}
for i in $(seq 1 "$silos"); do
  Silo__SiloPort=$((base_silo + i)) Silo__GatewayPort=$((base_gateway + i)) \
    supervise "silo-$i" dotnet Silo/bin/Release/net10.0/TicketBoss.Silo.dll
done
Silo__SiloPort=$base_silo Silo__GatewayPort=$base_gateway \
  supervise gateway dotnet Api/bin/Release/net10.0/TicketBoss.Api.dll --urls "http://$HOST:$PORT"
echo "gateway: http://$HOST:$PORT (GET /cluster shows the silos); Orleans clients: the membership table in $ConnectionStrings__Postgres"
wait "${supervisors[@]}"
