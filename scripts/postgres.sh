# Private PostgreSQL for run.sh and test.sh; sourced, not run.
#   pg_start DATA_DIR PORT   installs the Debian package if needed, initdb's DATA_DIR, starts the server
#                            on 127.0.0.1:PORT and exports PG_ADMIN_URL (a connection string for user postgres).
#   pg_stop DATA_DIR         stops that server.
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' system user.

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    echo "PostgreSQL is not installed; installing the Debian package..." >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    else
      sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bin) || return 1
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown -R postgres "$data"
    # The server must be able to reach its data directory through every parent.
    local d=$data
    while [ "$d" != / ]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done
  fi
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  fi
  if ! pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_as_owner "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=1000 -c fsync=on" start >/dev/null || {
      cat "$data/server.log" >&2; return 1; }
  fi
  export PG_ADMIN_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  export PG_BIN=$bin
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bin) || return 0
  [ -f "$data/postmaster.pid" ] && pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
