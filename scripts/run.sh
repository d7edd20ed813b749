#!/usr/bin/env bash
# Builds and starts the whole product on embedded SQLite with the demo district:
# the web client (when present), the release binary, the demo data, then the server.
# Environment: TANFANG_DB (default data/tanfang.db), TANFANG_ADDR (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f web-client/package.json ]; then
  echo "== building the web client"
  (cd web-client && npm ci --no-audit --no-fund && npm run build)
fi

echo "== building tanfang (release)"
cargo build --release --locked

echo "== demo district (and a sample town 台帐 to try the import on: data/示例台帐.xlsx)"
mkdir -p data
./target/release/tanfang demo --sample-ledger data/示例台帐.xlsx

echo "== serving on http://${TANFANG_ADDR:-127.0.0.1:8080}  (GraphiQL at /graphiql)"
exec ./target/release/tanfang serve
