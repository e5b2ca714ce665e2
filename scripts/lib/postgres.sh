# Starts a PostgreSQL server from the machine's own binaries, bound to 127.0.0.1 only.
# Sourced by scripts/run.sh and scripts/test.sh; not meant to be run directly.

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      echo "PostgreSQL is not installed; installing Debian's postgresql package..." >&2
      # The package's own service is never started here: we run our own servers.
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      rm -f /usr/sbin/policy-rc.d
      dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then
    echo "No PostgreSQL server binaries found: install Debian's postgresql package, or set ConnectionStrings__Transfer." >&2
    return 1
  fi
  echo "$dir"
}

# Runs a PostgreSQL binary as the server's owner: initdb and postgres refuse to run as root.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATA_DIR PORT: initialises DATA_DIR when empty, then starts (or reuses) its server.
pg_start() {
  local data_dir=$1 port=$2 bin
  bin=$(pg_bin_dir) || return 1
  mkdir -p "$data_dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data_dir"; fi
  chmod 700 "$data_dir"
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    # trust is safe only because the server listens on loopback and a socket in its own data folder.
    pg_as_owner "$bin/initdb" -D "$data_dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null || return 1
  fi
  if pg_as_owner "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    return 0
  fi
  pg_as_owner "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c max_connections=200 -c fsync=${PG_FSYNC:-on}" \
    start >/dev/null || { cat "$data_dir/server.log" >&2; return 1; }
}

pg_stop() {
  local data_dir=$1 bin
  bin=$(pg_bin_dir) || return 1
  pg_as_owner "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_create_database PORT NAME: creates the database unless it exists.
pg_create_database() {
  local port=$1 name=$2 bin
  bin=$(pg_bin_dir) || return 1
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname = '$name'" postgres | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
}

# free_port FROM: the first port from FROM on that nothing on 127.0.0.1 listens on.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
