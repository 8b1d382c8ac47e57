#!/usr/bin/env bash
# Runs the dashboard benchmarks (PERFORMANCE.md P2 on PostgreSQL, P7 on SQLite) on a throwaway PostgreSQL
# cluster it starts and stops itself, and prints one RESULT line per budget for docs/benchmarks.md.
# Usage: bench/run.sh [pairs] [large-practice staff on PostgreSQL]
# BENCH_ONLY=P2 or BENCH_ONLY=P7 runs just that budget (default: both).
set -euo pipefail
cd "$(dirname "$0")/.."
config=${BENCH_CONFIGURATION:-Release}
pairs=${1:-5}
staff=${2:-50000}
only=${BENCH_ONLY:-all}

pgbin=/usr/lib/postgresql/15/bin
pgdir=$(mktemp -d /tmp/beacon-bench-pg.XXXXXX)
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
echo "== PostgreSQL 15 on 127.0.0.1:$port (throwaway)"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/db" -A trust -U postgres >/dev/null
# Durability off only to load faster; the timed reads are unaffected.
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/db" -l "$pgdir/log" -w start \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" >/dev/null
psql "host=127.0.0.1 port=$port user=postgres dbname=postgres" -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE beacon_app LOGIN PASSWORD 'beacon_app' NOSUPERUSER NOBYPASSRLS;"

dotnet build bench/Beacon.Bench -c "$config" -nologo -clp:ErrorsOnly
bench() { dotnet run --project bench/Beacon.Bench -c "$config" --no-build -- "$@"; }

if [ "$only" != P7 ]; then
  echo "== P2: PostgreSQL, $staff staff in the large practice"
  bench --provider Postgres --pairs "$pairs" --staff "$staff" \
    --owner "Host=127.0.0.1;Port=$port;Username=postgres;Database=beacon_bench" \
    --app "Host=127.0.0.1;Port=$port;Username=beacon_app;Password=beacon_app;Database=beacon_bench"
fi

if [ "$only" != P2 ]; then
  echo "== P7: SQLite, 2,000 staff in the large practice"
  bench --provider Sqlite --pairs "$pairs" --staff 2000 --owner "Data Source=$pgdir/bench.db"
fi
