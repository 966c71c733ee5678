#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's package, installed if missing) for the storage tests,
# on 127.0.0.1, and prints its URL on stdout. Stop it with: scripts/start-postgres.sh stop DIR
set -euo pipefail
port=${QUALIFIED_PG_PORT:-55432}

if [ "${1:-}" = "stop" ]; then
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
  as_pg "$bin/pg_ctl -D $2/data -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "start-postgres: installing Debian's postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
dir=$(mktemp -d /tmp/qualified-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg() { su postgres -s /bin/sh -c "$*"; }
else
  as_pg() { sh -c "$*"; }
fi
as_pg "$bin/initdb -D $dir/data -A trust -U postgres" >/dev/null
as_pg "$bin/pg_ctl -D $dir/data -l $dir/server.log -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
as_pg "$bin/createdb -h 127.0.0.1 -p $port -U postgres qualified_test"
echo "start-postgres: PostgreSQL on 127.0.0.1:$port (data in $dir)" >&2
echo "$dir" > "${QUALIFIED_PG_DIR_FILE:-/tmp/qualified-pg-dir}"
echo "postgres://postgres@127.0.0.1:$port/qualified_test"
