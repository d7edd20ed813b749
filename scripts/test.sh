#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, unit and property tests, and the
# end-to-end tests of the real server over HTTP on SQLite — and on PostgreSQL when
# TANFANG_TEST_PG names a database to create test databases from (.ci/run sets it).
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
