#!/usr/bin/env python3
"""OR-tools side of `scripts/bench-plan.sh`: solves a tanfang-plan instance file with
ortools.graph.python.min_cost_flow.SimpleMinCostFlow.solve_max_flow_with_min_cost().

File format (see api/src/domain/planner/instance.rs):
    tanfang-plan <nodes> <arcs> <source> <sink>
    <from> <to> <capacity> <cost>        one line per arc

Supplies are 0 everywhere except the source (+ the total capacity leaving it) and the sink
(- the same): OR-tools then computes the maximum flow the graph allows, of minimum cost.
Only the solve call is timed; loading (parsing + adding arcs) is reported separately.
Prints `key value` lines: ortools (its version), nodes, arcs, load_s, solve_s, status, flow,
cost, peak_mb.
"""

import resource
import sys
import time

import numpy as np
import ortools
from ortools.graph.python import min_cost_flow


def load(path):
    with open(path, "rb") as f:
        header = f.readline().split()
        if not header or header[0] != b"tanfang-plan":
            sys.exit(f"{path}: not a tanfang-plan file")
        nodes, arcs, source, sink = (int(x) for x in header[1:5])
        tails = np.empty(arcs, dtype=np.int32)
        heads = np.empty(arcs, dtype=np.int32)
        caps = np.empty(arcs, dtype=np.int64)
        costs = np.empty(arcs, dtype=np.int64)
        done = 0
        while True:
            # About 1M lines at a time, so the text never sits in memory whole.
            lines = f.readlines(24 << 20)
            if not lines:
                break
            block = np.fromstring(b"".join(lines), dtype=np.int64, sep=" ").reshape(-1, 4)
            k = block.shape[0]
            tails[done : done + k] = block[:, 0]
            heads[done : done + k] = block[:, 1]
            caps[done : done + k] = block[:, 2]
            costs[done : done + k] = block[:, 3]
            done += k
        if done != arcs:
            sys.exit(f"{path}: {done} arcs, header says {arcs}")
    return nodes, source, sink, tails, heads, caps, costs


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ortools_mcf.py FILE")
    started = time.perf_counter()
    nodes, source, sink, tails, heads, caps, costs = load(sys.argv[1])
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supply = int(caps[tails == source].sum())
    smcf.set_node_supply(source, supply)
    smcf.set_node_supply(sink, -supply)
    arcs = len(tails)
    del tails, heads, caps, costs
    load_s = time.perf_counter() - started

    started = time.perf_counter()
    status = smcf.solve_max_flow_with_min_cost()
    solve_s = time.perf_counter() - started

    ok = status == smcf.OPTIMAL
    print(f"ortools {ortools.__version__}")
    print(f"nodes   {nodes}")
    print(f"arcs    {arcs}")
    print(f"load_s  {load_s:.3f}")
    print(f"solve_s {solve_s:.4f}")
    print(f"status  {'optimal' if ok else status}")
    print(f"flow    {smcf.maximum_flow()}")
    print(f"cost    {smcf.optimal_cost()}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak_mb {peak_kib / 1024:.1f}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
