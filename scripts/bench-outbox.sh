#!/usr/bin/env bash
# The outbox's speed against loopback peers, each with its baseline in the same run (issue #17):
#   ./scripts/bench-outbox.sh [--pg] [bench_outbox flags…]
# Builds tests/bin/bench_outbox.rs in release and runs it on SQLite, then on PostgreSQL when
# TANFANG_TEST_PG is set or --pg is given (TANFANG_TEST_PG then defaults to the local server).
# Flags after it go to the bench: --mails 10000 --sms 10000 --alarms 200 --poll-ms 1000.
# Prints the RESULT lines of each backend at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

pg=""
if [ "${1:-}" = "--pg" ]; then
  pg=1
  shift
  export TANFANG_TEST_PG=${TANFANG_TEST_PG:-postgres://postgres@127.0.0.1:5432/postgres}
fi
if [ -n "${TANFANG_TEST_PG:-}" ]; then
  pg=1
fi

cargo build --release --locked -p tanfang-e2e --bin bench_outbox
bin=${CARGO_TARGET_DIR:-target}/release/bench_outbox

backends=(sqlite)
if [ -n "$pg" ]; then
  backends+=(postgres)
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for backend in "${backends[@]}"; do
  echo "== $backend" >&2
  "$bin" --backend "$backend" "$@" | tee -a "$out"
done
echo
echo "== $(date -u +%Y-%m-%d) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E '^(backend|RESULT)' "$out"
