#!/usr/bin/env bash
# Starts TicketBoss on http://localhost:${PORT:-8080}.
#   ./run.sh              one process: the gateway with its in-process silo
#   ./run.sh --silos 3    a cluster: 3 silo processes (internal ports 11111..) and the gateway as a cluster client
# With no ConnectionStrings__Postgres it starts a private PostgreSQL under .run/ (installing it if missing).
set -euo pipefail
cd "$(dirname "$0")"
export PORT=${PORT:-8080}
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
  trap 'pg_stop "$data" || true' EXIT
  export ConnectionStrings__Postgres="$PG_ADMIN_URL;Database=ticketboss"
  "$PG_BIN/psql" -h 127.0.0.1 -p "${PG_PORT:-55432}" -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'ticketboss'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "${PG_PORT:-55432}" -U postgres ticketboss
fi

dotnet build Api -c Release -v quiet -nologo
api=""
silo_pids=()
cleanup() {
  # SIGTERM: the gateway stops first, then every silo commits its activations and leaves the cluster.
  if [ -n "$api" ]; then kill -TERM "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; fi
  for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${silo_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${data:-}" ]; then pg_stop "$data" || true; fi
}
trap cleanup EXIT
trap 'exit 0' INT TERM

if [ "$silos" -gt 0 ]; then
  dotnet build Silo -c Release -v quiet -nologo
  if [ -z "${TICKETBOSS_CLUSTER_KEY:-}" ]; then
    TICKETBOSS_CLUSTER_KEY=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    echo "cluster key: $TICKETBOSS_CLUSTER_KEY (made up for this run; set TICKETBOSS_CLUSTER_KEY to choose it)"
  fi
  export Silo__ClusterKey="$TICKETBOSS_CLUSTER_KEY"
  base=${SILO_BASE_PORT:-11111}
  seeds=()
  for i in $(seq 1 "$silos"); do
    port=$((base + i - 1))
    Silo__SiloPort=$port dotnet Silo/bin/Release/net10.0/TicketBoss.Silo.dll > >(sed -u "s/^/[silo-$i] /") 2>&1 &
    silo_pids+=($!)
    seeds+=("127.0.0.1:$port")
    echo "silo-$i: pid $!, internal endpoint 127.0.0.1:$port"
  done
  for i in $(seq 1 "$silos"); do
    port=$((base + i - 1))
    until Silo__SiloPort=$port dotnet Silo/bin/Release/net10.0/TicketBoss.Silo.dll probe 2>/dev/null; do
      kill -0 "${silo_pids[$((i - 1))]}" 2>/dev/null || { echo "silo-$i exited during start-up" >&2; exit 1; }
      sleep 0.5
    done
  done
  # The gateway keeps no database connection of its own: it is a cluster client.
  export Cluster__Seeds=$(IFS=,; echo "${seeds[*]}") Cluster__ClusterKey="$Silo__ClusterKey"
  unset ConnectionStrings__Postgres
fi

dotnet Api/bin/Release/net10.0/TicketBoss.Api.dll --urls "http://0.0.0.0:$PORT" > >(sed -u "s/^/[gateway] /") 2>&1 &
api=$!
echo "gateway: pid $api, http://localhost:$PORT (GET /cluster shows the silos)"
wait "$api" || true
