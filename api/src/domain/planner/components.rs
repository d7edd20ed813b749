//! 分片求解 — splitting the planning graph into independent parts (in practice one per town
//! (乡镇/街道), since towns share no arcs) and solving the parts in parallel.
//!
//! Two nodes are in the same part when an arc joins them without passing through the source
//! or the sink. Every arc belongs to exactly one part (an arc touching the source or the sink
//! belongs to the part of its other end; arcs between source and sink only form one more
//! part). A flow restricted to one part is a flow of that part, and flows of different parts
//! add up, so the maximum flow and its minimum cost are the sums of the parts' figures: the
//! parallel result is the same optimum as solving the whole graph at once.

use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::thread;

use super::flow::{path_bound, Duals, FlowError, FlowGraph, NetworkSimplex, NodeId, Solution};

const NONE: u32 = u32::MAX;

/// The parts of a graph for one source and sink. Computed once (union–find, linear time) and
/// reused for the full solve and for later replanning.
#[derive(Debug, Clone)]
pub struct Decomposition {
    source: NodeId,
    sink: NodeId,
    arc_count: usize,
    /// Part of every node; `NONE` for the source and the sink.
    node_part: Vec<u32>,
    /// Index of every node inside its part: 0 is the source, 1 the sink, others from 2.
    local: Vec<u32>,
    /// Nodes of every part, source and sink included.
    part_nodes: Vec<u32>,
    /// Arcs of part `p` are `arcs[arc_start[p]..arc_start[p + 1]]`.
    arc_start: Vec<usize>,
    arcs: Vec<u32>,
    /// Parts with at least one arc, largest first (the work list of the threads).
    order: Vec<u32>,
}

/// What solving one part gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartResult {
    /// Flow value of the part.
    pub flow: i64,
    /// Cost of the part.
    pub cost: i64,
}

#[expect(
    clippy::indexing_slicing,
    reason = "x and every entry of uf are nodes of the graph, below uf's length (one entry per node)"
)]
fn find(uf: &mut [u32], mut x: u32) -> u32 {
    while uf[x as usize] != x {
        let p = uf[x as usize];
        uf[x as usize] = uf[p as usize];
        x = p;
    }
    x
}

impl Decomposition {
    /// Splits `graph` into parts for `source` and `sink`.
    #[expect(
        clippy::indexing_slicing,
        reason = "the graph is validated first, so arc ends are below n; parts are numbered below part_total, and arc_start, fill and part_nodes have an entry per part (and one more)"
    )]
    pub fn new(graph: &FlowGraph, source: NodeId, sink: NodeId) -> Result<Self, FlowError> {
        graph.validate(source, sink)?;
        let n = graph.node_count();
        let (tails, heads) = (graph.tails(), graph.heads());
        let terminal = |x: u32| x == source.0 || x == sink.0;

        let mut uf: Vec<u32> = (0..n as u32).collect();
        for (&a, &b) in tails.iter().zip(heads) {
            if !terminal(a) && !terminal(b) {
                let (ra, rb) = (find(&mut uf, a), find(&mut uf, b));
                if ra != rb {
                    let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                    uf[hi as usize] = lo;
                }
            }
        }
        // Roots have the smallest index of their set, so each part is numbered when its first
        // node is met and its root already has its number.
        let mut node_part = vec![NONE; n];
        let mut parts: u32 = 0;
        for v in 0..n as u32 {
            if terminal(v) {
                continue;
            }
            let r = find(&mut uf, v);
            if r == v {
                node_part[v as usize] = parts;
                parts += 1;
            } else {
                node_part[v as usize] = node_part[r as usize];
            }
        }
        drop(uf);
        let terminal_part = parts;
        let part_total = parts as usize + 1;

        let mut part_nodes = vec![2u32; part_total];
        let mut local = vec![0u32; n];
        for v in 0..n {
            let p = node_part[v];
            if p != NONE {
                local[v] = part_nodes[p as usize];
                part_nodes[p as usize] += 1;
            }
        }
        local[sink.index()] = 1;
        local[source.index()] = 0;

        let part_of_arc = |a: usize| -> usize {
            let (t, h) = (tails[a], heads[a]);
            if !terminal(t) {
                node_part[t as usize] as usize
            } else if !terminal(h) {
                node_part[h as usize] as usize
            } else {
                terminal_part as usize
            }
        };
        let mut arc_start = vec![0usize; part_total + 1];
        for a in 0..tails.len() {
            arc_start[part_of_arc(a) + 1] += 1;
        }
        for p in 0..part_total {
            arc_start[p + 1] += arc_start[p];
        }
        let mut fill = arc_start.clone();
        let mut arcs = vec![0u32; tails.len()];
        for a in 0..tails.len() {
            let p = part_of_arc(a);
            arcs[fill[p]] = a as u32;
            fill[p] += 1;
        }
        let mut order: Vec<u32> = (0..part_total as u32)
            .filter(|&p| arc_start[p as usize + 1] > arc_start[p as usize])
            .collect();
        order.sort_by_key(|&p| std::cmp::Reverse(arc_start[p as usize + 1] - arc_start[p as usize]));

        Ok(Decomposition {
            source,
            sink,
            arc_count: tails.len(),
            node_part,
            local,
            part_nodes,
            arc_start,
            arcs,
            order,
        })
    }

    /// Number of parts (some may have no arcs).
    pub fn part_count(&self) -> usize {
        self.part_nodes.len()
    }

    /// Number of parts with at least one arc.
    pub fn nonempty_part_count(&self) -> usize {
        self.order.len()
    }

    /// The source and sink this decomposition was made for.
    pub fn terminals(&self) -> (NodeId, NodeId) {
        (self.source, self.sink)
    }

    /// Part of a node; `None` for the source, the sink and unknown nodes.
    pub fn part_of(&self, node: NodeId) -> Option<usize> {
        match self.node_part.get(node.index()) {
            Some(&p) if p != NONE => Some(p as usize),
            _ => None,
        }
    }

    /// Arc indices of a part.
    pub fn part_arcs(&self, part: usize) -> &[u32] {
        match (self.arc_start.get(part), self.arc_start.get(part + 1)) {
            (Some(&a), Some(&b)) => self.arcs.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Number of nodes of a part, counting the source and the sink.
    pub fn part_node_count(&self, part: usize) -> usize {
        self.part_nodes.get(part).map_or(0, |&c| c as usize)
    }

    /// Index of `node` inside its part (source 0, sink 1).
    pub fn local_index(&self, node: NodeId) -> u32 {
        self.local.get(node.index()).copied().unwrap_or(NONE)
    }

    pub(super) fn check(&self, graph: &FlowGraph) -> Result<(), FlowError> {
        if graph.node_count() != self.node_part.len() || graph.arc_count() != self.arc_count {
            return Err(FlowError::InvalidSolution("decomposition made for another graph"));
        }
        Ok(())
    }

    /// Solves one part with `simplex`; `write(arc, flow)` receives the flow of every arc of the
    /// part. The part's potentials are left in `simplex.pi` (by local index).
    #[expect(
        clippy::indexing_slicing,
        reason = "the decomposition was checked against the graph, so its arcs index the graph's arrays and their ends the local table; simplex.flow has an entry for each arc pushed here"
    )]
    fn solve_part_with(
        &self,
        graph: &FlowGraph,
        part: usize,
        simplex: &mut NetworkSimplex,
        mut write: impl FnMut(usize, i64),
    ) -> Result<PartResult, FlowError> {
        let arcs = self.part_arcs(part);
        let (tails, heads, caps, costs) = (graph.tails(), graph.heads(), graph.capacities(), graph.costs());
        simplex.reset(self.part_node_count(part));
        let mut out_cap: i64 = 0;
        let mut max_cost: i64 = 0;
        for &a in arcs {
            let a = a as usize;
            let (t, h) = (tails[a], heads[a]);
            simplex.push_arc(self.local[t as usize], self.local[h as usize], caps[a], costs[a]);
            if t == self.source.0 {
                out_cap = out_cap.checked_add(caps[a]).ok_or(FlowError::Overflow)?;
            }
            max_cost = max_cost.max(costs[a].checked_abs().ok_or(FlowError::Overflow)?);
        }
        let big_m = path_bound(self.part_node_count(part), max_cost)?;
        let back = simplex.push_arc(1, 0, out_cap.checked_add(1).ok_or(FlowError::Overflow)?, -big_m);
        simplex.run_from(Some((0, 1, back)))?;
        let mut cost: i128 = 0;
        for (k, &a) in arcs.iter().enumerate() {
            let f = simplex.flow[k];
            cost += i128::from(f) * i128::from(costs[a as usize]);
            write(a as usize, f);
        }
        let cost = i64::try_from(cost).map_err(|_| FlowError::Overflow)?;
        Ok(PartResult {
            flow: simplex.flow[back],
            cost,
        })
    }

    /// Solves one part alone (e.g. to check a replanned part from scratch).
    pub fn solve_part(&self, graph: &FlowGraph, part: usize) -> Result<(PartResult, Vec<(u32, i64)>), FlowError> {
        self.check(graph)?;
        let mut flows = Vec::with_capacity(self.part_arcs(part).len());
        let r = self.solve_part_with(graph, part, &mut NetworkSimplex::default(), |a, f| {
            flows.push((a as u32, f));
        })?;
        Ok((r, flows))
    }

    /// 并行求解 — solves every part, `threads` parts at a time (largest first), and assembles
    /// the optimum of the whole graph, with the parts' dual prices (for replanning).
    #[expect(
        clippy::indexing_slicing,
        reason = "checked against the graph first: arcs of the parts index arc_flow and the graph's arrays, their ends potential and local; pi has the part's nodes, source 0 and sink 1 included; parts are below part_count"
    )]
    pub fn solve(&self, graph: &FlowGraph, threads: usize) -> Result<Solution, FlowError> {
        self.check(graph)?;
        let arc_flow: Vec<AtomicI64> = (0..graph.arc_count()).map(|_| AtomicI64::new(0)).collect();
        let potential: Vec<AtomicI64> = (0..graph.node_count()).map(|_| AtomicI64::new(0)).collect();
        let terminal = |x: u32| x == self.source.0 || x == self.sink.0;
        let (tails, heads) = (graph.tails(), graph.heads());
        let next = AtomicUsize::new(0);
        type Done = (i64, i128, Vec<(u32, [i64; 2])>);
        let work = || -> Result<Done, FlowError> {
            let mut simplex = NetworkSimplex::default();
            let (mut flow, mut cost, mut terminals) = (0i64, 0i128, Vec::new());
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&part) = self.order.get(k) else { break };
                let r = self.solve_part_with(graph, part as usize, &mut simplex, |a, f| {
                    arc_flow[a].store(f, Ordering::Relaxed);
                })?;
                for &a in self.part_arcs(part as usize) {
                    for v in [tails[a as usize], heads[a as usize]] {
                        if !terminal(v) {
                            potential[v as usize].store(simplex.pi[self.local[v as usize] as usize], Ordering::Relaxed);
                        }
                    }
                }
                terminals.push((part, [simplex.pi[0], simplex.pi[1]]));
                flow = flow.checked_add(r.flow).ok_or(FlowError::Overflow)?;
                cost += i128::from(r.cost);
            }
            Ok((flow, cost, terminals))
        };
        let threads = threads.clamp(1, self.order.len().max(1));
        let results: Vec<Result<Done, FlowError>> = if threads == 1 {
            vec![work()]
        } else {
            thread::scope(|s| {
                let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or(Err(FlowError::Internal("solver thread panicked"))))
                    .collect()
            })
        };
        let (mut flow, mut cost) = (0i64, 0i128);
        let mut terminals = vec![None; self.part_count()];
        for r in results {
            let (f, c, t) = r?;
            flow = flow.checked_add(f).ok_or(FlowError::Overflow)?;
            cost += c;
            for (part, pi) in t {
                terminals[part as usize] = Some(pi);
            }
        }
        let cost = i64::try_from(cost).map_err(|_| FlowError::Overflow)?;
        let arc_flow: Vec<i64> = arc_flow.into_iter().map(AtomicI64::into_inner).collect();
        let node: Vec<i64> = potential.into_iter().map(AtomicI64::into_inner).collect();
        Ok(Solution {
            flow,
            cost,
            arc_flow,
            duals: Some(Duals { node, terminals }),
        })
    }
}

/// Decomposes `graph` and solves its parts on `threads` threads.
pub fn solve_parallel(graph: &FlowGraph, source: NodeId, sink: NodeId, threads: usize) -> Result<Solution, FlowError> {
    Decomposition::new(graph, source, sink)?.solve(graph, threads)
}
