#!/usr/bin/env bash
# Runs every Beacon test tier on a fresh machine: installs what is missing, starts a throwaway PostgreSQL
# cluster on a free loopback port, runs unit/integration tests (SQLite and PostgreSQL) and browser tests
# (Debian Chromium), checks both migration sets are complete, and stops what it started, even on failure.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

# --- 1. Machine prerequisites -------------------------------------------------------------------------
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  log "Installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- 2. A throwaway PostgreSQL cluster ----------------------------------------------------------------
pgbin=/usr/lib/postgresql/15/bin
pgdir=$(mktemp -d /tmp/beacon-pg.XXXXXX)
chown postgres "$pgdir"
cleanup() {
  status=$?
  if [ -f "$pgdir/db/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/db" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pgdir"
  exit $status
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
log "Starting PostgreSQL 15 on 127.0.0.1:$port"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/db" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/db" -l "$pgdir/log" -w start \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
psql "host=127.0.0.1 port=$port user=postgres dbname=postgres" -v ON_ERROR_STOP=1 -q <<'SQL'
-- The schema owner runs migrations; the app's role is an ordinary role row-level security applies to.
CREATE ROLE beacon_owner LOGIN CREATEDB PASSWORD 'beacon_owner';
CREATE ROLE beacon_app LOGIN PASSWORD 'beacon_app' NOSUPERUSER NOBYPASSRLS;
SQL
export BEACON_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export BEACON_TEST_REQUIRE_POSTGRES=1

# --- 3. Build ---------------------------------------------------------------------------------------------
log "Building"
dotnet tool restore >/dev/null
dotnet build Beacon.slnx -c Debug -nologo -clp:ErrorsOnly

# --- 4. Both migration sets describe the current model ---------------------------------------------------
log "Checking migrations are complete (SQLite and PostgreSQL)"
for provider in Sqlite Postgres; do
  dotnet ef migrations has-pending-model-changes --no-build \
    --project "src/Beacon.Migrations.$provider" --startup-project "src/Beacon.Migrations.$provider"
done

# --- 5. Test tiers ------------------------------------------------------------------------------------------
results="$root/artifacts/test-results"
mkdir -p "$results"
log "Unit and integration tests (SQLite and PostgreSQL)"
dotnet test tests/Beacon.Tests --no-build -nologo --logger "trx;LogFileName=beacon-tests.trx" --results-directory "$results"

log "Browser tests (Chromium, axe)"
export BEACON_CHROMIUM=$(command -v chromium)
dotnet test tests/Beacon.BrowserTests --no-build -nologo --logger "trx;LogFileName=browser-tests.trx" --results-directory "$results"

log "All tiers passed"
