#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, unit and property tests, and the
# end-to-end tests of the real server over HTTP on SQLite — and on PostgreSQL when
# TANFANG_TEST_PG names a database to create test databases from (.ci/run sets it); then the
# web client's checks (generated GraphQL types, types, unit tests, bundle size) and its
# end-to-end tests in Chromium against the real server (.ci/run installs Chromium and Node
# packages on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TANFANG_TEST_PG:-}" ]; then
  echo "note: TANFANG_TEST_PG is not set — storage tests run on SQLite only (PostgreSQL half skipped)."
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --all-targets --locked

echo "== web client"
cargo build -p tanfang --locked
cd web-client
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run codegen:check
npx tsc --noEmit -p .
npm run test:unit
npx vite build --logLevel warn
npm run size
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing: apt-get install chromium fonts-wqy-microhei (or run .ci/run), or set CHROMIUM_PATH" >&2
  exit 1
fi
E2E_SKIP_BUILD=1 CI="${CI:-}" npx playwright test
