#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL cluster for the store tests and print its URL.
#
#   url=$(scripts/pg.sh)          # start (idempotent) and print postgresql://postgres@127.0.0.1:55432/claimgraph_test
#   CLAIMGRAPH_TEST_PG_URL=$url pytest tests/store
#   scripts/pg.sh stop            # stop it and delete its data
#
# Works on a fresh Debian machine with only the `postgresql` package installed. initdb refuses to run as root,
# so as root the cluster runs as the `postgres` system user (created if missing); otherwise as the caller.
# The cluster is for tests only: trust auth, listening on 127.0.0.1 only, fsync off (PG_FSYNC=on to keep it).
# Environment: PG_PORT (55432), PG_DIR (/tmp/claimgraph-pg-$PG_PORT), PG_BIN (newest /usr/lib/postgresql/*/bin,
# preferring 15), PG_DB (claimgraph_test).
set -euo pipefail

PORT="${PG_PORT:-55432}"
BASE="${PG_DIR:-/tmp/claimgraph-pg-$PORT}"
case "$BASE" in /*) ;; *) BASE="$PWD/$BASE" ;; esac
# The cluster owner may not be allowed into the caller's directory; every path below is absolute.
cd /
DATA="$BASE/data"
LOG="$BASE/postgres.log"
DB="${PG_DB:-claimgraph_test}"
SUPERUSER=postgres

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "pg.sh: no PostgreSQL binaries found; install them with: apt-get install postgresql" >&2
  exit 1
}
BIN="$(find_bin)"

# Run a command as the cluster owner.
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  if ! id "$OWNER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --shell /bin/sh "$OWNER" >&2
  fi
  as_owner() {
    if command -v runuser >/dev/null 2>&1; then runuser -u "$OWNER" -- "$@"
    else su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")"; fi
  }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

running() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

stop() {
  if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2; fi
  rm -rf "$BASE"
}

start() {
  mkdir -p "$BASE"
  chmod 700 "$BASE"
  if [ "$(id -u)" = 0 ]; then chown "$OWNER" "$BASE"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
      || as_owner "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust --encoding=UTF8 --no-locale >"$BASE/initdb.log" 2>&1 \
      || { cat "$BASE/initdb.log" >&2; exit 1; }
  fi
  if ! running; then
    local fsync="${PG_FSYNC:-off}"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE -c fsync=$fsync -c full_page_writes=$fsync" start >&2 \
      || { cat "$LOG" >&2; exit 1; }
  fi
  if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" "$DB" >&2
  fi
  echo "postgresql://$SUPERUSER@127.0.0.1:$PORT/$DB"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "postgresql://$SUPERUSER@127.0.0.1:$PORT/$DB" ;;
  *) echo "usage: $0 [start|stop|url]" >&2; exit 2 ;;
esac
