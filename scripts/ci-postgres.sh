#!/usr/bin/env bash
# Makes sure a local PostgreSQL server is running with a role and database for the tests, then runs
# the given command with TEST_DATABASE_URL set (or prints the URL when no command is given).
#
#   scripts/ci-postgres.sh                 start the cluster if needed, print TEST_DATABASE_URL
#   scripts/ci-postgres.sh npm test        the whole suite on PostgreSQL
#
# A TEST_DATABASE_URL already set and reachable is used as it is. Otherwise this uses Debian's
# cluster tools (pg_lsclusters / pg_createcluster / pg_ctlcluster), installing the `postgresql`
# package when it is missing, so it needs root; it works whether the cluster exists, is stopped or
# is already running.
set -euo pipefail

PG_ROLE="${PG_TEST_ROLE:-opengov}"
PG_PASSWORD="${PG_TEST_PASSWORD:-opengov-test}"
PG_DATABASE="${PG_TEST_DATABASE:-opengov_test}"

log() { echo "[ci-postgres] $*" >&2; }

reachable() {
  command -v psql >/dev/null 2>&1 && psql "$1" -v ON_ERROR_STOP=1 -qtAc 'select 1' >/dev/null 2>&1
}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

ensure_server() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    if [ "$(id -u)" != 0 ]; then
      log "PostgreSQL is not installed and this is not root: install Debian's postgresql package, or set TEST_DATABASE_URL"
      exit 1
    fi
    log "installing Debian's postgresql package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  if [ "$(id -u)" != 0 ] && [ "$(id -un)" != postgres ]; then
    log "starting a cluster needs root (or the postgres user); otherwise set TEST_DATABASE_URL"
    exit 1
  fi

  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  # pg_lsclusters -h: version cluster port status owner datadir logfile
  local line
  line="$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v { print; exit }')"
  if [ -z "$line" ]; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >/dev/null
    line="$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print; exit }')"
  fi
  local cluster port status
  cluster="$(awk '{ print $2 }' <<<"$line")"
  port="$(awk '{ print $3 }' <<<"$line")"
  status="$(awk '{ print $4 }' <<<"$line")"
  if [[ "$status" != online* ]]; then
    log "starting cluster $version/$cluster on port $port"
    # The server inherits the descriptors of whoever starts it: give it a file, not our caller's pipes.
    local start_log
    start_log="$(mktemp)"
    if ! pg_ctlcluster "$version" "$cluster" start </dev/null >"$start_log" 2>&1; then
      cat "$start_log" >&2
      exit 1
    fi
    cat "$start_log" >&2
  fi
  local i
  for i in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
    if [ "$i" = 60 ]; then
      log "PostgreSQL did not become ready on port $port"
      exit 1
    fi
    sleep 0.5
  done

  as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA >/dev/null <<SQL
select format('create role %I login createdb password %L', '$PG_ROLE', '$PG_PASSWORD')
where not exists (select 1 from pg_roles where rolname = '$PG_ROLE') \gexec
alter role "$PG_ROLE" login createdb password '$PG_PASSWORD';
select format('create database %I owner %I', '$PG_DATABASE', '$PG_ROLE')
where not exists (select 1 from pg_database where datname = '$PG_DATABASE') \gexec
SQL
  TEST_DATABASE_URL="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$port/$PG_DATABASE"
}

if [ -n "${TEST_DATABASE_URL:-}" ] && reachable "$TEST_DATABASE_URL"; then
  log "using the TEST_DATABASE_URL already set"
else
  # Only the URL may reach stdout (callers capture it): pg_ctlcluster, for one, prints
  # "Removed stale pid file." there after an unclean stop.
  ensure_server >&2
  if ! reachable "$TEST_DATABASE_URL"; then
    log "cannot connect to $TEST_DATABASE_URL"
    exit 1
  fi
  log "PostgreSQL ready: $TEST_DATABASE_URL"
fi
export TEST_DATABASE_URL

if [ "$#" -eq 0 ]; then
  echo "$TEST_DATABASE_URL"
else
  exec "$@"
fi
