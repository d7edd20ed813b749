#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, unit and property tests, and the
# end-to-end tests of the real server over HTTP on SQLite and PostgreSQL (each storage test is
# one test per backend: `…::sqlite`, `…::postgres`); then the web client's checks (generated
# GraphQL types, types, unit tests, bundle size) and its end-to-end tests in Chromium against
# the real server (.ci/run installs Chromium and Node packages on a fresh machine).
#
# PostgreSQL: TANFANG_TEST_PG names a database to create test databases from (.ci/run sets
# it). Without it the PostgreSQL tests are left out and the run says, first and last, that it
# was partial. Randomized tests: TANFANG_LEDGER_RUNS=1000 for the full ledger run (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each part says when it starts (seconds since the script began), for docs/benchmarks.md.
stage() { echo "== $1 (at ${SECONDS} s)"; }

partial=""
if [ -z "${TANFANG_TEST_PG:-}" ]; then
  partial="PARTIAL RUN: TANFANG_TEST_PG is not set, so every PostgreSQL test (…::postgres) was left out"
  printf '\n!!!!!!!!!!\n!!! %s\n!!!!!!!!!!\n\n' "$partial" >&2
fi

stage "cargo fmt --check"
cargo fmt --all -- --check

# One build for lints and tests: clippy runs as the compiler of the workspace's own crates
# (what `cargo clippy` does), so the test binaries are built once, linted as they are built.
stage "build, linted by clippy (warnings are errors)"
RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)"
export RUSTC_WORKSPACE_WRAPPER
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
cargo build --workspace --all-targets --locked

# Without the default features (`bench`, `graphql`): the domain, services and storage compile
# without juniper at all (the GraphQL face, the server and the binary need `graphql`).
# Checked, not built.
stage "cargo check --no-default-features"
cargo check -p tanfang --no-default-features --locked

stage "tests (cargo nextest)"
filter=()
if [ -n "$partial" ]; then
  filter=(-E 'not test(/::postgres$/)')
fi
cargo nextest run --workspace --all-targets --locked --profile ci "${filter[@]}"
scripts/test-timings.py target/nextest/ci/junit.xml 15

stage "web client"
# The browser tests run target/debug/tanfang, which the build above made (a separate
# `cargo build -p tanfang` would resolve other dependency features and build again).
[ -x target/debug/tanfang ] || { echo "target/debug/tanfang is missing after the build" >&2; exit 1; }
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
stage "web client: end-to-end tests in Chromium"
E2E_SKIP_BUILD=1 CI="${CI:-}" npx playwright test
stage "done"

if [ -n "$partial" ]; then
  printf '\n!!!!!!!!!!\n!!! %s\n!!!!!!!!!!\n' "$partial" >&2
fi
