#!/usr/bin/env bash
# A throwaway PostgreSQL server for the PostgreSQL state store's tests (tests/CallCrm.Connectors.Storage.PostgreSql.Tests).
#
#   scripts/postgres.sh install       installs the server binaries when missing (Debian: apt-get install postgresql; needs root)
#   scripts/postgres.sh start [DIR]   creates a cluster in DIR (a new temporary folder by default), trust authentication on
#                                     127.0.0.1 only, on a free port; starts it and prints its folder then its connection
#                                     string, one per line. Idempotent: on a folder whose server runs it only prints them.
#   scripts/postgres.sh stop DIR      stops the server and deletes DIR.
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user (created by the Debian package).
# The cluster runs with fsync off: it exists for one test run and is deleted after it.
set -euo pipefail

find_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  # Debian keeps the server binaries off PATH, one folder per major version; take the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

install() {
  if find_bin >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: the PostgreSQL server binaries (initdb, pg_ctl, postgres) are missing; install them as root (apt-get install postgresql)" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The package may start a system-wide cluster; the tests never use it, and it is left as the package configured it.
  find_bin >/dev/null || { echo "postgres.sh: apt-get installed postgresql but initdb/pg_ctl were not found" >&2; return 1; }
}

# Runs a command as the cluster's owner: the `postgres` user when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    # Nothing answers on it: free (a race with another process is possible, and pg_ctl start then fails loudly).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "postgres.sh: found no free port" >&2
  return 1
}

connection_string() {
  echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres;Pooling=true"
}

start() {
  local dir=${1:-} bin port
  install
  bin=$(find_bin)
  if [ -z "$dir" ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/callcrm-postgres.XXXXXX")
  fi
  mkdir -p "$dir"
  if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "$dir"
    connection_string "$(cat "$dir/port")"
    return 0
  fi
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root needs the 'postgres' OS user (it comes with the postgresql package)" >&2; return 1; }
    chown postgres: "$dir"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; echo "postgres.sh: initdb failed in $dir" >&2; return 1; }
  fi
  # Listen on 127.0.0.1 only; the Unix socket goes in the cluster's folder, not in /var/run/postgresql. A port taken between the
  # check and the start (another process won the race) is retried with another one.
  local attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      break
    fi
    if [ "$attempt" -eq 3 ]; then
      cat "$dir/server.log" >&2 2>/dev/null || true
      echo "postgres.sh: the server did not start (log: $dir/server.log)" >&2
      return 1
    fi
  done
  echo "$port" | as_owner tee "$dir/port" >/dev/null
  echo "$dir"
  connection_string "$port"
}

stop() {
  local dir=${1:?usage: postgres.sh stop DIR} bin
  [ -d "$dir" ] || return 0
  bin=$(find_bin) || { rm -rf "$dir"; return 0; }
  if [ -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 install | start [DIR] | stop DIR" >&2; exit 2 ;;
esac
