#!/usr/bin/env bash
# Sender crash bench: the outbox sender runs as a child process (`Beacon.dll outbox send`) against the test
# SMTP server and is killed with SIGKILL at random moments while it sends, 100 times per database, restarted
# each time, until every message is out. Prints one line per database: messages, kills, outbox rows, distinct
# Message-IDs received and SMTP duplicates (each must be at most one per kill). CI runs the same test with 30.
#
# Needs a PostgreSQL cluster prepared as test.sh does (roles beacon_owner/beacon_app):
#   BEACON_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres" bench/crash-sender.sh
# Without it only SQLite runs. KILLS=… overrides the count.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
report=$(mktemp /tmp/beacon-crash.XXXXXX)
trap 'rm -f "$report"' EXIT
export BEACON_CRASH_KILLS="${KILLS:-100}"
export BEACON_CRASH_REPORT="$report"
[ -n "${BEACON_TEST_POSTGRES:-}" ] || echo "BEACON_TEST_POSTGRES is not set: SQLite only." >&2
dotnet build tests/Beacon.Tests -nologo -clp:ErrorsOnly
dotnet test tests/Beacon.Tests --no-build -nologo --filter "FullyQualifiedName~Beacon.Tests.Scheduling.SenderCrashTests"
cat "$report"
