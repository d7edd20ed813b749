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
use super::flow::{path_bound, ArcId, FlowError, FlowGraph, NetworkSimplex, NodeId, Solution};

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
    let part = AffectedPart::find(graph, parts, solution, node)?;
    let previous = check_previous_plan(&part, solution)?;
    let split = split_problem(&part, solution, &previous)?;
    let potential = warm_start_potentials(&part, solution, previous.k)?;
    let (flows, from_scratch) = solve_split(part.nodes, &split.pieces, split.excess, potential)?;
    let written = write_back(&part, &split.piece_of, &flows, solution);
    let index = part.index;
    for a in written.removed_arcs {
        graph.set_capacity(ArcId(a as u32), 0);
    }
    let cost_after = i64::try_from(written.cost_after).map_err(|_| FlowError::Overflow)?;
    let flow_after = *flows
        .get(split.back)
        .ok_or(FlowError::Internal("no flow on the piece sink → source"))?;
    solution.flow = solution
        .flow
        .checked_add(flow_after - previous.flow)
        .ok_or(FlowError::Overflow)?;
    solution.cost = solution
        .cost
        .checked_add(cost_after - previous.cost)
        .ok_or(FlowError::Overflow)?;
    Ok(ReplanReport {
        part: index,
        flow_before: previous.flow,
        flow_after,
        cost_before: previous.cost,
        cost_after,
        dropped_units: split.dropped_units,
        new_units: written.new_units,
        changed_arcs: written.changed_arcs,
        from_scratch,
    })
}

/// The part that loses the node, and the graph as the steps read it.
struct AffectedPart<'a> {
    index: usize,
    parts: &'a Decomposition,
    arcs: &'a [u32],
    /// Nodes of the part; in local indices the source is 0 and the sink 1.
    nodes: usize,
    /// Nodes of the whole graph.
    graph_nodes: usize,
    dropped: NodeId,
    tails: &'a [u32],
    heads: &'a [u32],
    caps: &'a [i64],
    costs: &'a [i64],
}

impl<'a> AffectedPart<'a> {
    /// The part of `node`, once the request is checked: `node` is neither the source nor the
    /// sink, `parts` is the decomposition of `graph`, and `solution` has a flow for every arc.
    fn find(
        graph: &'a FlowGraph,
        parts: &'a Decomposition,
        solution: &Solution,
        node: NodeId,
    ) -> Result<Self, FlowError> {
        parts.check(graph)?;
        let (source, sink) = parts.terminals();
        if node == source || node == sink {
            return Err(FlowError::InvalidSolution("the source or the sink cannot drop out"));
        }
        if solution.arc_flow.len() != graph.arc_count() {
            return Err(FlowError::InvalidSolution("arc count differs from the graph"));
        }
        let Some(index) = parts.part_of(node) else {
            return Err(FlowError::InvalidSolution("unknown node"));
        };
        Ok(AffectedPart {
            index,
            parts,
            arcs: parts.part_arcs(index),
            nodes: parts.part_node_count(index),
            graph_nodes: graph.node_count(),
            dropped: node,
            tails: graph.tails(),
            heads: graph.heads(),
            caps: graph.capacities(),
            costs: graph.costs(),
        })
    }

    fn local(&self, node: u32) -> u32 {
        self.parts.local_index(NodeId(node))
    }

    /// The ends of arc `a`, as local indices of the part.
    #[expect(
        clippy::indexing_slicing,
        reason = "a is an arc of the part, below the graph's arc count (find checked the decomposition against the graph)"
    )]
    fn ends(&self, a: usize) -> (u32, u32) {
        (self.local(self.tails[a]), self.local(self.heads[a]))
    }

    /// Whether arc `a` is one of the dropped node's.
    #[expect(
        clippy::indexing_slicing,
        reason = "a is an arc of the part, below the graph's arc count (find checked the decomposition against the graph)"
    )]
    fn is_dropped(&self, a: usize) -> bool {
        self.tails[a] == self.dropped.0 || self.heads[a] == self.dropped.0
    }
}

/// An assignment arc: one touching neither the source (local 0) nor the sink (local 1).
fn is_assignment((u, v): (u32, u32)) -> bool {
    u > 1 && v > 1
}

/// The previous plan of the part, and the scales of the split problem (module notes).
struct PreviousPlan {
    flow: i64,
    cost: i64,
    /// Capacity leaving the source.
    out_cap: i64,
    /// K: above the total capacity of the "new" pieces, and at least the node count.
    k: i64,
    /// K·M, the scaled cost bound of the arc sink → source.
    scaled_m: i64,
}

/// Checks that the previous plan keeps every arc within its bounds and conserves flow, and
/// sizes K and M.
#[expect(
    clippy::indexing_slicing,
    reason = "arcs of the part index the graph's arrays and arc_flow (lengths checked in find); their local ends are below the part's node count, which counts the source 0 and the sink 1"
)]
fn check_previous_plan(part: &AffectedPart<'_>, solution: &Solution) -> Result<PreviousPlan, FlowError> {
    let mut balance = vec![0i64; part.nodes];
    let mut penalty_room: i64 = 0;
    let mut max_cost: i64 = 0;
    let mut out_cap: i64 = 0;
    let mut cost: i128 = 0;
    for &a in part.arcs {
        let a = a as usize;
        let f = solution.arc_flow[a];
        if f < 0 || f > part.caps[a] {
            return Err(FlowError::InvalidSolution("flow outside the arc's bounds"));
        }
        let (u, v) = part.ends(a);
        balance[u as usize] -= f;
        balance[v as usize] += f;
        cost += i128::from(f) * i128::from(part.costs[a]);
        max_cost = max_cost.max(part.costs[a].checked_abs().ok_or(FlowError::Overflow)?);
        if u == 0 {
            out_cap = out_cap.checked_add(part.caps[a]).ok_or(FlowError::Overflow)?;
        }
        if !part.is_dropped(a) && is_assignment((u, v)) {
            penalty_room = penalty_room.checked_add(part.caps[a] - f).ok_or(FlowError::Overflow)?;
        }
    }
    let flow = -balance[0];
    if balance[2..].iter().any(|&b| b != 0) || balance[1] != flow || flow < 0 {
        return Err(FlowError::InvalidSolution("flow is not conserved"));
    }
    let cost = i64::try_from(cost).map_err(|_| FlowError::Overflow)?;
    // Same M as the solve (so its duals stay valid once scaled by K); K also exceeds the node
    // count, which makes K·M exceed the cost of any simple path under the split costs.
    let big_m = path_bound(part.nodes, max_cost)?;
    let k = penalty_room
        .checked_add(1)
        .ok_or(FlowError::Overflow)?
        .max(part.nodes as i64);
    let scaled_m = big_m.checked_mul(k).ok_or(FlowError::Overflow)?;
    scaled_m.checked_mul(16).ok_or(FlowError::Overflow)?;
    Ok(PreviousPlan {
        flow,
        cost,
        out_cap,
        k,
        scaled_m,
    })
}

/// The split problem (module notes) as a pseudoflow.
struct SplitProblem {
    pieces: Vec<Piece>,
    /// For every arc of the part: its piece(s) (kept, new), NONE where there is none.
    piece_of: Vec<(u32, u32)>,
    /// What the dropped node's flow leaves at each node: excess at the elders it served, a
    /// deficit at the sink.
    excess: Vec<i64>,
    /// Assigned units lost with the dropped node.
    dropped_units: i64,
    /// The piece sink → source.
    back: usize,
}

/// Splits every assignment arc of the part into a "kept" piece (the previous flow) and a
/// "new" piece (the room left), empties the dropped node's arcs, and closes the circulation
/// with the arc sink → source at cost −K·M.
#[expect(
    clippy::indexing_slicing,
    reason = "arcs of the part index the graph's arrays and arc_flow (lengths checked in find); their local ends are below the part's node count, the length of excess"
)]
fn split_problem(
    part: &AffectedPart<'_>,
    solution: &Solution,
    previous: &PreviousPlan,
) -> Result<SplitProblem, FlowError> {
    let arcs = part.arcs;
    let mut pieces: Vec<Piece> = Vec::with_capacity(arcs.len() + arcs.len() / 4 + 1);
    let mut piece_of: Vec<(u32, u32)> = Vec::with_capacity(arcs.len());
    let mut excess = vec![0i64; part.nodes];
    let mut dropped_units = 0i64;
    for &a in arcs {
        let a = a as usize;
        let f = solution.arc_flow[a];
        let (u, v) = part.ends(a);
        let c = part.costs[a] * previous.k;
        if part.is_dropped(a) {
            excess[u as usize] += f;
            excess[v as usize] -= f;
            if is_assignment((u, v)) {
                dropped_units += f;
            }
            piece_of.push((NONE, NONE));
        } else if is_assignment((u, v)) {
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
            if part.caps[a] > f {
                new = pieces.len() as u32;
                pieces.push(Piece {
                    from: u,
                    to: v,
                    cap: part.caps[a] - f,
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
                cap: part.caps[a],
                cost: c,
                flow: f,
            });
        }
    }
    let back = pieces.len();
    pieces.push(Piece {
        from: 1,
        to: 0,
        cap: previous.out_cap.checked_add(1).ok_or(FlowError::Overflow)?,
        cost: -previous.scaled_m,
        flow: previous.flow,
    });
    Ok(SplitProblem {
        pieces,
        piece_of,
        excess,
        dropped_units,
        back,
    })
}

/// Starting potentials: the solve's duals scaled by K, when they are still those of this
/// part (they are valid for the split costs: see the module notes); otherwise 0.
#[expect(
    clippy::indexing_slicing,
    reason = "arcs of the part index the graph's arrays; their ends are graph nodes, below the length of duals.node (checked above), and their local indices below the part's node count, at least 2"
)]
fn warm_start_potentials(part: &AffectedPart<'_>, solution: &Solution, k: i64) -> Result<Vec<i64>, FlowError> {
    let mut potential = vec![0i64; part.nodes];
    let Some(duals) = solution.duals.as_ref().filter(|d| d.node.len() == part.graph_nodes) else {
        return Ok(potential);
    };
    let Some(Some([ps, pt])) = duals.terminals.get(part.index) else {
        return Ok(potential);
    };
    potential[0] = ps.checked_mul(k).ok_or(FlowError::Overflow)?;
    potential[1] = pt.checked_mul(k).ok_or(FlowError::Overflow)?;
    for &a in part.arcs {
        for v in [part.tails[a as usize], part.heads[a as usize]] {
            let l = part.local(v) as usize;
            if l > 1 {
                potential[l] = duals.node[v as usize].checked_mul(k).ok_or(FlowError::Overflow)?;
            }
        }
    }
    Ok(potential)
}

/// The pieces' flows: each excess moved to a deficit by successive shortest paths from the
/// warm start, or, when the previous plan turns out not to be optimal, the split problem
/// solved from scratch (then `true`).
fn solve_split(
    nodes: usize,
    pieces: &[Piece],
    excess: Vec<i64>,
    potential: Vec<i64>,
) -> Result<(Vec<i64>, bool), FlowError> {
    if let Some(flows) = successive_shortest_paths(nodes, pieces, excess, potential)? {
        return Ok((flows, false));
    }
    let mut simplex = NetworkSimplex::default();
    simplex.reset(nodes);
    for p in pieces {
        simplex.push_arc(p.from, p.to, p.cap, p.cost);
    }
    simplex.run()?;
    Ok((simplex.flow.clone(), true))
}

/// What writing the new plan back changed.
struct WrittenBack {
    /// Units on assignment arcs above their previous flow.
    new_units: i64,
    changed_arcs: usize,
    cost_after: i128,
    /// The dropped node's arcs, to close in the graph.
    removed_arcs: Vec<usize>,
}

/// Writes the pieces' flows back onto the part's arcs of `solution` (a kept and a new piece
/// add up to their arc's flow; the dropped node's arcs carry nothing).
#[expect(
    clippy::indexing_slicing,
    reason = "arcs of the part index arc_flow (its length was checked in find); piece numbers other than NONE name pieces, and flows has one entry per piece"
)]
fn write_back(part: &AffectedPart<'_>, piece_of: &[(u32, u32)], flows: &[i64], solution: &mut Solution) -> WrittenBack {
    let flow_of = |x: u32| if x == NONE { 0 } else { flows[x as usize] };
    let mut new_units = 0i64;
    let mut changed_arcs = 0usize;
    let mut cost_after: i128 = 0;
    let mut removed_arcs = Vec::new();
    for (&a, &(kept, new)) in part.arcs.iter().zip(piece_of) {
        let a = a as usize;
        let old = solution.arc_flow[a];
        let flow = if part.is_dropped(a) {
            removed_arcs.push(a);
            0
        } else if is_assignment(part.ends(a)) {
            let f = flow_of(kept) + flow_of(new);
            new_units += (f - old).max(0);
            f
        } else {
            flow_of(kept)
        };
        if flow != old {
            changed_arcs += 1;
        }
        cost_after += i128::from(flow) * i128::from(part.costs[a]);
        solution.arc_flow[a] = flow;
    }
    WrittenBack {
        new_units,
        changed_arcs,
        cost_after,
        removed_arcs,
    }
}

/// Residual graph: arc `2i` is piece `i` forward, `2i + 1` backward; out-arcs by node in CSR.
struct Residual {
    head: Vec<u32>,
    rcap: Vec<i64>,
    cost: Vec<i64>,
    first: Vec<u32>,
    out: Vec<u32>,
}

#[expect(
    clippy::indexing_slicing,
    reason = "pieces join local nodes below n; first has n + 1 entries and fill n, holding offsets into out, which has two entries per piece, each filled once"
)]
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
#[expect(
    clippy::indexing_slicing,
    reason = "nodes are below n, the part's node count and the length of every per-node array (excess and pot are made per node of the part); residual arcs are below twice the piece count (a ^ 1 is the partner of a), and pred holds residual arcs"
)]
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
