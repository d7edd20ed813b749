#!/usr/bin/env bash
# The planner's committed large test instance and its OR-tools optimum:
#   ./scripts/planner-fixture.sh           regenerate both files (then commit them)
#   ./scripts/planner-fixture.sh --check   regenerate into a temporary directory and compare
#                                          with the committed files (changes nothing)
#
# The instance is one town of the benchmark family (api/src/domain/planner/instance.rs):
# 1,000 elders, 100 visitors, 1,102 nodes, 11,100 arcs, written by
# `tanfang bench plan --towns 1 --seed 15 --file F` (release build). Seed 15 is the first seed
# whose town cannot meet every elder's need over its links (flow 2,001 of 2,007), so the test
# checks the maximum flow as well as the cost. Its optimum is computed by
# Google OR-tools (scripts/ortools_mcf.py: SimpleMinCostFlow.solve_max_flow_with_min_cost) in the
# venv target/bench-venv (created from PyPI if missing, as scripts/bench-plan.sh does). The
# result file records flow, cost, the instance's sha256, the OR-tools version and the commands.
# The test `committed_instance_of_a_thousand_elders_matches_ortools` (planner/tests.rs, run by
# `cargo test`) solves the committed instance with our planner and compares.
#
# Exits non-zero if OR-tools does not report an optimum, if our planner's flow or cost differs
# from OR-tools' (the files are still written: the cargo test then fails too), or, with
# --check, if a regenerated file differs from the committed one.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

towns=1
seed=15
fixtures=api/src/domain/planner/fixtures
name=plan-T$towns-s$seed
bin=target/release/tanfang
venv=target/bench-venv

# (The fixtures themselves are not compiled into the binary: they do not make it stale.)
if [ ! -x "$bin" ] || [ -n "$(find api/src Cargo.toml api/Cargo.toml -type f -newer "$bin" -not -path "$fixtures/*" -print -quit)" ]; then
  cargo build --release -p tanfang
fi
if ! "$venv/bin/python" -c "import ortools, numpy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet ortools numpy
fi

if [ "$check" = 1 ]; then
  out=$(mktemp -d)
else
  out=$fixtures
  mkdir -p "$out"
fi
instance=$out/$name.txt
result=$out/$name.ortools.txt
ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"; [ "$check" = 1 ] && rm -rf "$out"; true' EXIT

field() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }

# The paths written into the result file are the committed ones, whatever directory is used.
gen_cmd="$bin bench plan --towns $towns --seed $seed --file $fixtures/$name.txt"
solve_cmd="$venv/bin/python scripts/ortools_mcf.py $fixtures/$name.txt"

echo "== $gen_cmd" >&2
"$bin" bench plan --towns "$towns" --seed "$seed" --file "$instance" | tee "$ours" >&2
echo "== $solve_cmd" >&2
"$venv/bin/python" scripts/ortools_mcf.py "$instance" | tee "$theirs" >&2
if [ "$(field status "$theirs")" != optimal ]; then
  echo "OR-tools did not report an optimum" >&2
  exit 1
fi
python_version=$("$venv/bin/python" -c 'import platform; print(platform.python_version())')
numpy_version=$("$venv/bin/python" -c 'import numpy; print(numpy.__version__)')

{
  echo "# Optimum of $name.txt computed by Google OR-tools; written by scripts/planner-fixture.sh"
  echo "# (do not edit by hand). Read by the test committed_instance_of_a_thousand_elders_matches_ortools"
  echo "# in api/src/domain/planner/tests.rs. One 'key value' per line."
  echo "instance  $name.txt"
  echo "sha256    $(sha256sum "$instance" | cut -d' ' -f1)"
  echo "towns     $towns"
  echo "seed      $seed"
  echo "elders    $((towns * 1000))"
  echo "need      $(awk 'NR > 1 && $1 == 0 { n += $3 } END { print n }' "$instance")"
  echo "nodes     $(field nodes "$theirs")"
  echo "arcs      $(field arcs "$theirs")"
  echo "flow      $(field flow "$theirs")"
  echo "cost      $(field cost "$theirs")"
  echo "solver    ortools $(field ortools "$theirs") SimpleMinCostFlow.solve_max_flow_with_min_cost (python $python_version, numpy $numpy_version)"
  echo "generated $gen_cmd"
  echo "solved    $solve_cmd"
} > "$result"
echo "== $result" >&2
cat "$result" >&2

status=0
if [ "$(field flow "$ours")" != "$(field flow "$theirs")" ] || [ "$(field cost "$ours")" != "$(field cost "$theirs")" ]; then
  echo "OUR PLANNER DIFFERS FROM OR-TOOLS: flow $(field flow "$ours") vs $(field flow "$theirs"), cost $(field cost "$ours") vs $(field cost "$theirs")" >&2
  status=1
fi
if [ "$check" = 1 ]; then
  if ! cmp -s "$instance" "$fixtures/$name.txt"; then
    echo "the generator no longer writes the committed $fixtures/$name.txt" >&2
    status=1
  fi
  for k in sha256 need nodes arcs flow cost; do
    if [ "$(field "$k" "$result")" != "$(field "$k" "$fixtures/$name.ortools.txt")" ]; then
      echo "$k differs from the committed $fixtures/$name.ortools.txt" >&2
      status=1
    fi
  done
  [ "$status" = 0 ] && echo "the committed fixture is reproduced (instance byte for byte; sha256, flow and cost)" >&2
fi
exit "$status"
