#!/usr/bin/env bash
# Build times of the workspace's own crates, at a base revision and at HEAD, in one run:
#   scripts/bench-build.sh [BASE_REV] [ROUNDS]     (default: 670c0fc, before [house]; 1 round)
#
# For each revision (a detached worktree under target/bench-build/; all share the project's
# target directory, so the dependencies are built once and only the workspace's crates
# differ — and are rebuilt afterwards):
#   clean    `cargo clean -p tanfang -p tanfang-e2e`, then `cargo build --workspace --all-targets`
#   resolver a comment line added to api/src/graphql/query.rs, the same build; then the line
#            removed and built again (two samples)
#   service  likewise in api/src/service/elders.rs
#   domain   likewise in api/src/domain/period.rs
# (rustc recompiles the crate, and every crate that depends on it). Rounds alternate base and
# HEAD, so load on the shared machine falls on both; the table gives each measurement's times
# and the ratio HEAD / base of their medians.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-670c0fc}"
rounds="${2:-1}"
root="$PWD/target/bench-build"
export CARGO_TARGET_DIR="$PWD/target"
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
mkdir -p "$root"
declare -A dir
for rev in "$base" HEAD; do
  sha=$(git rev-parse --short "$rev")
  dir[$rev]="$root/$sha"
  [ -d "${dir[$rev]}" ] || git worktree add --detach -q "${dir[$rev]}" "$sha"
  echo "warming $rev ($sha): dependencies and a first build" >&2
  (cd "${dir[$rev]}" && cargo build --workspace --all-targets -q 2>/dev/null)
done
cleanup() { for rev in "$base" HEAD; do git -C "${dir[$rev]}" checkout -q -- . 2>/dev/null || true; done; }
trap cleanup EXIT

timed() { local start=$SECONDS; "$@" >/dev/null 2>&1; echo $((SECONDS - start)); }
declare -A times
for round in $(seq "$rounds"); do
  for rev in "$base" HEAD; do
    cd "${dir[$rev]}"
    times[$rev,clean]+="$( cargo clean -q -p tanfang -p tanfang-e2e; timed cargo build --workspace --all-targets ) "
    for kind in resolver:api/src/graphql/query.rs service:api/src/service/elders.rs domain:api/src/domain/period.rs; do
      file=${kind#*:}
      echo "// bench-build round $round" >> "$file"
      times[$rev,${kind%%:*}]+="$(timed cargo build --workspace --all-targets) "
      git checkout -q -- "$file"
      times[$rev,${kind%%:*}]+="$(timed cargo build --workspace --all-targets) "
    done
    cd - >/dev/null
    echo "round $round $rev done" >&2
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '| build | base %s (s) | HEAD %s (s) | HEAD / base |\n|---|---|---|---|\n' "$(git rev-parse --short "$base")" "$(git rev-parse --short HEAD)"
for m in clean resolver service domain; do
  b=$(echo "${times[$base,$m]}" | median); h=$(echo "${times[HEAD,$m]}" | median)
  printf '| %s | %s | %s | %s |\n' "$m" "${times[$base,$m]% }" "${times[HEAD,$m]% }" "$(awk -v b="$b" -v h="$h" 'BEGIN {printf "%.2f", (b > 0 ? h / b : 0)}')"
done
