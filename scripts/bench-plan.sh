#!/usr/bin/env bash
# Exact visit planner (min-cost max-flow) against Google OR-tools, on the same instance file in
# the same run: ./scripts/bench-plan.sh [T ...]   (towns; default: 10 100 1000)
#
# For each T: `tanfang bench plan --towns T` writes the instance file and solves it (its own
# process, so its peak memory is its own), then scripts/ortools_mcf.py solves the same file
# with SimpleMinCostFlow.solve_max_flow_with_min_cost(). Prints one table; exits non-zero if the
# flows or the costs differ. SEED (default 1) and BENCH_DIR (default target/bench-plan) can be
# set in the environment; KEEP_FILES=1 keeps the instance files.
set -euo pipefail
cd "$(dirname "$0")/.."

towns=("$@")
if [ ${#towns[@]} -eq 0 ]; then
  towns=(10 100 1000)
fi
seed=${SEED:-1}
dir=${BENCH_DIR:-target/bench-plan}
bin=target/release/tanfang
venv=target/bench-venv

if [ ! -x "$bin" ] || [ -n "$(find api/src Cargo.toml api/Cargo.toml -newer "$bin" -print -quit)" ]; then
  cargo build --release -p tanfang
fi
if ! "$venv/bin/python" -c "import ortools, numpy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet ortools numpy
fi
mkdir -p "$dir"

field() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }

rows=()
status=0
for t in "${towns[@]}"; do
  file="$dir/plan-T$t-s$seed.txt"
  ours="$dir/ours-T$t.txt"
  theirs="$dir/ortools-T$t.txt"
  echo "== T=$t: tanfang bench plan" >&2
  "$bin" bench plan --towns "$t" --seed "$seed" --file "$file" | tee "$ours" >&2
  echo "== T=$t: OR-tools" >&2
  "$venv/bin/python" scripts/ortools_mcf.py "$file" | tee "$theirs" >&2
  [ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file"

  arcs=$(field arcs "$ours")
  f1=$(field flow "$ours"); f2=$(field flow "$theirs")
  c1=$(field cost "$ours"); c2=$(field cost "$theirs")
  s1=$(field solve_s "$ours"); s2=$(field solve_s "$theirs")
  m1=$(field peak_mb "$ours"); m2=$(field peak_mb "$theirs")
  b1=$(field build_s "$ours")
  r1=$(field replan_s "$ours")
  same=yes
  if [ "$f1" != "$f2" ] || [ "$c1" != "$c2" ]; then
    same=NO
    status=1
  fi
  rows+=("$(printf '| %s | %s | %s / %s | %s / %s | %s | %s / %s | %s | %s / %s | %s | %s | 1/%s |' \
    "$t" "$arcs" "$f1" "$f2" "$c1" "$c2" "$same" "$s1" "$s2" "$(ratio "$s1" "$s2")" "$m1" "$m2" "$b1" \
    "$r1" "$(awk -v a="$s1" -v b="$r1" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "-" }')")")
done

echo
echo "| T | arcs | flow ours / OR-tools | cost ours / OR-tools | equal | solve s ours / OR-tools | ratio | peak MB ours / OR-tools | build s ours | replan s | replan / full solve |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
if [ "$status" -ne 0 ]; then
  echo "FLOWS OR COSTS DIFFER" >&2
fi
exit "$status"
