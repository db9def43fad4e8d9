#!/usr/bin/env bash
# pgbench baseline for OneGo intake: the same inserts one newborn submission makes (intake.sql), one
# transaction per submission, against a fresh scratch database with OneGo's schema (V1__cases.sql).
#
#   load-tests/pgbench/run.sh                       # 64 clients, 2 threads, 30 s
#   CLIENTS=32 SECONDS_=60 load-tests/pgbench/run.sh
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), DB (onego_pgbench; dropped and
# re-created!), CLIENTS (64), THREADS (2), SECONDS_ (30), KEEP_DB (unset: drop the scratch database at the end).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
schema="$here/../../router/src/main/resources/db/migration/V1__cases.sql"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="${DB:-onego_pgbench}"
clients="${CLIENTS:-64}" threads="${THREADS:-2}" seconds="${SECONDS_:-30}"
case "$db" in onego_pgbench*|*scratch*) ;; *) echo "refusing to drop database '$db': name it onego_pgbench* or *scratch*" >&2; exit 2;; esac

psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d "$db" -f "$schema" >/dev/null
echo "scratch database $db created from $(basename "$schema")"

logdir="$(mktemp -d /tmp/onego-pgbench.XXXXXX)"
payload="$here/payload"
# JSON copied from a real row of a Gatling run; bound as parameters under -M prepared (see intake.sql).
pgbench -n -M prepared -c "$clients" -j "$threads" -T "$seconds" -P 5 \
  --log --log-prefix="$logdir/tx" \
  -D applicant="$(cat "$payload/applicant.json")" \
  -D form="$(cat "$payload/form.json")" \
  -D materials="$(cat "$payload/materials.json")" \
  -D commitments="$(cat "$payload/commitments.json")" \
  -D delivery="$(cat "$payload/delivery.json")" \
  -D response="$(cat "$payload/response.json")" \
  -D event_submitted="$(cat "$payload/event-submitted.json")" \
  -D caller="key:dev-portal" \
  -D request_hash="$(cat "$payload/request_hash.txt")" \
  -f "$here/intake.sql" "$db" | tee "$logdir/summary.txt"

# Per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
cat "$logdir"/tx.* | awk '{print $3}' | sort -n | awk '
  function at(q,  i) { i = int(NR * q); if (i < 1) i = 1; return v[i] / 1000 }
  { v[NR] = $1; s += $1 }
  END {
    if (NR == 0) { print "no transactions logged"; exit 1 }
    printf "latency from %d logged transactions: avg %.2f ms, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      NR, s / NR / 1000, at(0.50), at(0.95), at(0.99), v[NR] / 1000
  }'
psql -qAtX -d "$db" -c "SELECT 'rows: ' || (SELECT count(*) FROM cases) || ' cases, ' || (SELECT count(*) FROM case_items) || ' items, '
  || (SELECT count(*) FROM case_events) || ' events, ' || (SELECT count(*) FROM idempotency_keys) || ' keys'"
echo "logs in $logdir"
if [ -z "${KEEP_DB:-}" ]; then psql -qX -d postgres -c "DROP DATABASE $db"; fi
