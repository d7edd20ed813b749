//! 退出重排 — replanning after a visitor (探访人) drops out: only the affected part is solved
//! again, starting from the previous optimum, and among the optimal plans the one that keeps
//! the most existing assignments is chosen.
//!
//! # Tie-break (exact)
//!
//! Every assignment arc (an arc touching neither the source nor the sink) with previous flow
//! `f` and capacity `u` is split in two parallel arcs: a "kept" arc of capacity `f` and cost
//! `K·c`, and a "new" arc of capacity `u − f` and cost `K·c + 1`, where `K` is larger than the
//! total capacity of all "new" arcs. Other arcs cost `K·c`. The sum of the `+1`s is the number
//! of newly assigned units, always below `K`, so the objective `K·cost + new units` orders
//! plans first by cost and then by how many units moved: the result is a maximum flow of
//! minimum cost, and among those one that moves the fewest units. (This is "scale costs by K
//! and add 1 to arcs that are not the current assignment", made exact per unit.)
//!
//! # Warm start
//!
//! The previous flow, with the dropped node's arcs emptied, is a pseudoflow: the elders that
//! the node served have excess, the sink a deficit. Node potentials that make every residual
//! arc's reduced cost non-negative are the solve's dual prices ([`super::flow::Duals`]) times
//! `K` (with the same `M`, scaled by `K`): a "kept" arc is full, so only its reverse is
//! residual, at `−K·d ≥ 0` (its reduced cost `d` was `≤ 0` since it carried flow); a "new" arc
//! is empty, at `K·d + 1 ≥ 1` (`d ≥ 0` since it had room). They are checked by
//! one Bellman–Ford (queue) pass over the part, which also repairs them if they are stale
//! (e.g. after an earlier replanning of the same part), or finds a negative cycle if the plan
//! was not optimal. Successive shortest paths (Dijkstra on reduced costs, stopping at the
//! first deficit) then move each excess to the nearest deficit, which keeps reduced-cost
//! optimality and ends in an optimal circulation. A few dozen paths are enough (about one per
//! affected elder), far cheaper than solving the part again. If the previous plan turns out
//! not to be optimal, the part is solved from scratch with the same split costs.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::components::Decomposition;
use super::flow::{path_bound, FlowError, FlowGraph, NetworkSimplex, NodeId, Solution};

const NONE: u32 = u32::MAX;

/// What a replanning changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplanReport {
    /// The part solved again.
    pub part: usize,
    /// Flow of the part before and after.
    pub flow_before: i64,
    pub flow_after: i64,
    /// Cost of the part before and after.
    pub cost_before: i64,
    pub cost_after: i64,
    /// Assigned units lost with the dropped node.
    pub dropped_units: i64,
    /// Units on assignment arcs above their previous flow (the assignments that moved).
    pub new_units: i64,
    /// Arcs whose flow changed.
    pub changed_arcs: usize,
    /// True when the previous plan was not optimal and the part was solved from scratch.
    pub from_scratch: bool,
}

/// One arc of the split problem.
struct Piece {
    from: u32,
    to: u32,
    cap: i64,
    cost: i64,
    flow: i64,
}

/// 重排 — removes `node` (all its arcs get capacity 0 in `graph`) and replans its part,
/// updating `solution` in place. `solution` must be the optimal plan of `graph` before the
/// removal and `parts` its decomposition.
pub fn replan_without_node(
    graph: &mut FlowGraph,
    parts: &Decomposition,
    solution: &mut Solution,
    node: NodeId,
) -> Result<ReplanReport, FlowError> {
    let (source, sink) = parts.terminals();
    if node == source || node == sink {
        return Err(FlowError::InvalidSolution("the source or the sink cannot drop out"));
    }
    if solution.arc_flow.len() != graph.arc_count() {
        return Err(FlowError::InvalidSolution("arc count differs from the graph"));
    }
    let Some(part) = parts.part_of(node) else {
        return Err(FlowError::InvalidSolution("unknown node"));
    };
    let arcs = parts.part_arcs(part);
    let n = parts.part_node_count(part);
    let (tails, heads, caps, costs) = (graph.tails(), graph.heads(), graph.capacities(), graph.costs());
    let local = |x: u32| parts.local_index(NodeId(x));

    // Pass 1: check the previous plan, and size K and M.
    let mut balance = vec![0i64; n];
    let mut penalty_room: i64 = 0;
    let mut max_cost: i64 = 0;
    let mut out_cap: i64 = 0;
    let mut cost_before: i128 = 0;
    for &a in arcs {
        let a = a as usize;
        let f = solution.arc_flow[a];
        if f < 0 || f > caps[a] {
            return Err(FlowError::InvalidSolution("flow outside the arc's bounds"));
        }
        let (u, v) = (local(tails[a]) as usize, local(heads[a]) as usize);
        balance[u] -= f;
        balance[v] += f;
        cost_before += f as i128 * costs[a] as i128;
        max_cost = max_cost.max(costs[a].checked_abs().ok_or(FlowError::Overflow)?);
        if u == 0 {
            out_cap = out_cap.checked_add(caps[a]).ok_or(FlowError::Overflow)?;
        }
        let removed = tails[a] == node.0 || heads[a] == node.0;
        if !removed && u > 1 && v > 1 {
            penalty_room = penalty_room.checked_add(caps[a] - f).ok_or(FlowError::Overflow)?;
        }
    }
    let flow_before = -balance[0];
    if balance[2..].iter().any(|&b| b != 0) || balance[1] != flow_before || flow_before < 0 {
        return Err(FlowError::InvalidSolution("flow is not conserved"));
    }
    let cost_before = i64::try_from(cost_before).map_err(|_| FlowError::Overflow)?;
    // Same M as the solve (so its duals stay valid once scaled by K); K also exceeds the node
    // count, which makes K·M exceed the cost of any simple path under the split costs.
    let big_m = path_bound(n, max_cost)?;
    let k = penalty_room.checked_add(1).ok_or(FlowError::Overflow)?.max(n as i64);
    let scaled_m = big_m.checked_mul(k).ok_or(FlowError::Overflow)?;
    scaled_m.checked_mul(16).ok_or(FlowError::Overflow)?;

    // Pass 2: the split problem as a pseudoflow.
    let mut pieces: Vec<Piece> = Vec::with_capacity(arcs.len() + arcs.len() / 4 + 1);
    // For every arc of the part: its piece(s) (kept, new), NONE where there is none.
    let mut piece_of: Vec<(u32, u32)> = Vec::with_capacity(arcs.len());
    let mut excess = vec![0i64; n];
    let mut dropped_units = 0i64;
    for &a in arcs {
        let a = a as usize;
        let f = solution.arc_flow[a];
        let (u, v) = (local(tails[a]), local(heads[a]));
        let c = costs[a] * k;
        if tails[a] == node.0 || heads[a] == node.0 {
            excess[u as usize] += f;
            excess[v as usize] -= f;
            if u > 1 && v > 1 {
                dropped_units += f;
            }
            piece_of.push((NONE, NONE));
        } else if u > 1 && v > 1 {
            // Pieces of capacity 0 are left out.
            let mut kept = NONE;
            let mut new = NONE;
            if f > 0 {
                kept = pieces.len() as u32;
                pieces.push(Piece {
                    from: u,
                    to: v,
                    cap: f,
                    cost: c,
                    flow: f,
                });
            }
            if caps[a] > f {
                new = pieces.len() as u32;
                pieces.push(Piece {
                    from: u,
                    to: v,
                    cap: caps[a] - f,
                    cost: c + 1,
                    flow: 0,
                });
            }
            piece_of.push((kept, new));
        } else {
            piece_of.push((pieces.len() as u32, NONE));
            pieces.push(Piece {
                from: u,
                to: v,
                cap: caps[a],
                cost: c,
                flow: f,
            });
        }
    }
    let back = pieces.len();
    pieces.push(Piece {
        from: 1,
        to: 0,
        cap: out_cap.checked_add(1).ok_or(FlowError::Overflow)?,
        cost: -scaled_m,
        flow: flow_before,
    });

    // Starting potentials: the solve's duals scaled by K, when they are still those of this
    // part (they are valid for the split costs: see the module notes); otherwise 0.
    let mut potential = vec![0i64; n];
    if let Some(duals) = solution.duals.as_ref().filter(|d| d.node.len() == graph.node_count()) {
        if let Some(Some([ps, pt])) = duals.terminals.get(part) {
            potential[0] = ps.checked_mul(k).ok_or(FlowError::Overflow)?;
            potential[1] = pt.checked_mul(k).ok_or(FlowError::Overflow)?;
            for &a in arcs {
                for v in [tails[a as usize], heads[a as usize]] {
                    let l = local(v) as usize;
                    if l > 1 {
                        potential[l] = duals.node[v as usize].checked_mul(k).ok_or(FlowError::Overflow)?;
                    }
                }
            }
        }
    }

    let mut from_scratch = false;
    let flows = match successive_shortest_paths(n, &pieces, excess, potential)? {
        Some(flows) => flows,
        None => {
            from_scratch = true;
            let mut simplex = NetworkSimplex::default();
            simplex.reset(n);
            for p in &pieces {
                simplex.push_arc(p.from, p.to, p.cap, p.cost);
            }
            simplex.run()?;
            simplex.flow.clone()
        }
    };

    // Write back.
    let mut new_units = 0i64;
    let mut changed_arcs = 0usize;
    let mut cost_after: i128 = 0;
    let mut removed_arcs = Vec::new();
    for (i, &a) in arcs.iter().enumerate() {
        let a = a as usize;
        let old = solution.arc_flow[a];
        let (p, q) = piece_of[i];
        let flow_of = |x: u32| if x == NONE { 0 } else { flows[x as usize] };
        let new = if tails[a] == node.0 || heads[a] == node.0 {
            removed_arcs.push(a);
            0
        } else if local(tails[a]) > 1 && local(heads[a]) > 1 {
            let f = flow_of(p) + flow_of(q);
            new_units += (f - old).max(0);
            f
        } else {
            flow_of(p)
        };
        if new != old {
            changed_arcs += 1;
        }
        cost_after += new as i128 * costs[a] as i128;
        solution.arc_flow[a] = new;
    }
    for a in removed_arcs {
        graph.set_capacity(super::flow::ArcId(a as u32), 0);
    }
    let cost_after = i64::try_from(cost_after).map_err(|_| FlowError::Overflow)?;
    let flow_after = flows[back];
    solution.flow = solution
        .flow
        .checked_add(flow_after - flow_before)
        .ok_or(FlowError::Overflow)?;
    solution.cost = solution
        .cost
        .checked_add(cost_after - cost_before)
        .ok_or(FlowError::Overflow)?;
    Ok(ReplanReport {
        part,
        flow_before,
        flow_after,
        cost_before,
        cost_after,
        dropped_units,
        new_units,
        changed_arcs,
        from_scratch,
    })
}

/// Residual graph: arc `2i` is piece `i` forward, `2i + 1` backward; out-arcs by node in CSR.
struct Residual {
    head: Vec<u32>,
    rcap: Vec<i64>,
    cost: Vec<i64>,
    first: Vec<u32>,
    out: Vec<u32>,
}

impl Residual {
    fn new(n: usize, pieces: &[Piece]) -> Self {
        let mut head = Vec::with_capacity(2 * pieces.len());
        let mut rcap = Vec::with_capacity(2 * pieces.len());
        let mut cost = Vec::with_capacity(2 * pieces.len());
        let mut first = vec![0u32; n + 1];
        for p in pieces {
            head.push(p.to);
            rcap.push(p.cap - p.flow);
            cost.push(p.cost);
            head.push(p.from);
            rcap.push(p.flow);
            cost.push(-p.cost);
            first[p.from as usize + 1] += 1;
            first[p.to as usize + 1] += 1;
        }
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let mut fill: Vec<u32> = first[..n].to_vec();
        let mut out = vec![0u32; 2 * pieces.len()];
        for (i, p) in pieces.iter().enumerate() {
            out[fill[p.from as usize] as usize] = 2 * i as u32;
            fill[p.from as usize] += 1;
            out[fill[p.to as usize] as usize] = 2 * i as u32 + 1;
            fill[p.to as usize] += 1;
        }
        Residual {
            head,
            rcap,
            cost,
            first,
            out,
        }
    }

    fn out_arcs(&self, v: usize) -> &[u32] {
        &self.out[self.first[v] as usize..self.first[v + 1] as usize]
    }
}

/// Moves every excess to a deficit along shortest paths. Returns the pieces' flows, or `None`
/// when the residual graph has a negative cycle (the starting plan was not optimal).
fn successive_shortest_paths(
    n: usize,
    pieces: &[Piece],
    mut excess: Vec<i64>,
    mut pot: Vec<i64>,
) -> Result<Option<Vec<i64>>, FlowError> {
    let mut g = Residual::new(n, pieces);

    // Potentials: Bellman–Ford (queue-based) from the given ones, i.e. shortest distances
    // from a virtual node joined to every node `v` at cost `pot[v]`. With valid starting
    // potentials this is one pass over the arcs.
    let mut queued = vec![true; n];
    let mut rounds = vec![0u32; n];
    let mut queue: VecDeque<u32> = (0..n as u32).collect();
    while let Some(u) = queue.pop_front() {
        let u = u as usize;
        queued[u] = false;
        let du = pot[u];
        for &a in g.out_arcs(u) {
            let a = a as usize;
            if g.rcap[a] > 0 {
                let v = g.head[a] as usize;
                let d = du + g.cost[a];
                if d < pot[v] {
                    pot[v] = d;
                    if !queued[v] {
                        rounds[v] += 1;
                        if rounds[v] as usize > n {
                            return Ok(None);
                        }
                        queued[v] = true;
                        queue.push_back(v as u32);
                    }
                }
            }
        }
    }

    let mut dist = vec![i64::MAX; n];
    let mut pred = vec![NONE; n];
    let mut done = vec![false; n];
    let mut heap: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();
    loop {
        let sources: Vec<u32> = (0..n as u32).filter(|&v| excess[v as usize] > 0).collect();
        if sources.is_empty() {
            break;
        }
        dist.iter_mut().for_each(|d| *d = i64::MAX);
        pred.iter_mut().for_each(|p| *p = NONE);
        done.iter_mut().for_each(|d| *d = false);
        heap.clear();
        for &s in &sources {
            dist[s as usize] = 0;
            heap.push(Reverse((0, s)));
        }
        let mut found = None;
        while let Some(Reverse((d, u))) = heap.pop() {
            let u = u as usize;
            if done[u] || d > dist[u] {
                continue;
            }
            done[u] = true;
            if excess[u] < 0 {
                found = Some((u, d));
                break;
            }
            for &a in g.out_arcs(u) {
                let a = a as usize;
                if g.rcap[a] > 0 {
                    let v = g.head[a] as usize;
                    let nd = d + g.cost[a] + pot[u] - pot[v];
                    if nd < dist[v] {
                        dist[v] = nd;
                        pred[v] = a as u32;
                        heap.push(Reverse((nd, v as u32)));
                    }
                }
            }
        }
        let Some((target, reach)) = found else {
            return Err(FlowError::Internal("excess with no path to a deficit"));
        };
        // Bottleneck along the path.
        let mut delta = -excess[target];
        let mut v = target;
        while pred[v] != NONE {
            let a = pred[v] as usize;
            delta = delta.min(g.rcap[a]);
            v = g.head[a ^ 1] as usize;
        }
        let origin = v;
        delta = delta.min(excess[origin]);
        if delta <= 0 {
            return Err(FlowError::Internal("empty augmenting path"));
        }
        let mut v = target;
        while pred[v] != NONE {
            let a = pred[v] as usize;
            g.rcap[a] -= delta;
            g.rcap[a ^ 1] += delta;
            v = g.head[a ^ 1] as usize;
        }
        excess[origin] -= delta;
        excess[target] += delta;
        for u in 0..n {
            pot[u] += if done[u] { dist[u] } else { reach };
        }
    }
    Ok(Some((0..pieces.len()).map(|i| g.rcap[2 * i + 1]).collect()))
}
