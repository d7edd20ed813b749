//! 最小费用最大流 — min-cost max-flow: among all maximum flows from a source to a sink, one of
//! least total cost (the semantics of OR-tools `SimpleMinCostFlow::SolveMaxFlowWithMinCost`).
//!
//! The solver is the primal network simplex method (网络单纯形法) with the block-search pivot
//! rule and a strongly feasible spanning tree stored as parent / thread / subtree-size arrays
//! (the design of LEMON's `NetworkSimplex`, Kovács 2015). "Maximum flow first" is expressed
//! exactly with one extra arc sink → source of cost `-M`, `M` larger than the cost of any
//! simple path, so that the minimum-cost circulation is a maximum flow of minimum cost.
//!
//! Two tunings for the planning graphs: the first tree hangs every node from the next node of
//! a cheapest path to the sink (so the first pivots are "send each elder to its nearest
//! visitor"), and the pricing blocks are small (√m / 4 arcs, at least 10), which measured
//! best on the benchmark family (about 1.5 ms per town of 11,100 arcs).
//!
//! Capacities and costs are integers (`i64`); everything is exact. The module does no IO.

use std::fmt;

/// A node of a [`FlowGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The node's index, `0..node_count`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An arc of a [`FlowGraph`], numbered in the order of [`FlowGraph::add_arc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArcId(pub u32);

impl ArcId {
    /// The arc's index, `0..arc_count`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Why a flow problem could not be solved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowError {
    /// An arc names a node that was never added.
    UnknownNode { arc: usize },
    /// Capacities must be at least 0.
    NegativeCapacity { arc: usize },
    /// Source and sink must differ.
    SourceIsSink,
    /// More than `u32::MAX - 2` nodes or arcs.
    TooLarge,
    /// Costs or capacities so large that the exact computation would overflow `i64`.
    Overflow,
    /// A previous solution handed to replanning does not fit the graph (length, bounds,
    /// conservation) or is not optimal.
    InvalidSolution(&'static str),
    /// An internal consistency check failed (a bug).
    Internal(&'static str),
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowError::UnknownNode { arc } => write!(f, "arc {arc} names an unknown node"),
            FlowError::NegativeCapacity { arc } => write!(f, "arc {arc} has a negative capacity"),
            FlowError::SourceIsSink => f.write_str("source and sink are the same node"),
            FlowError::TooLarge => f.write_str("too many nodes or arcs"),
            FlowError::Overflow => f.write_str("costs or capacities too large for exact i64 arithmetic"),
            FlowError::InvalidSolution(why) => write!(f, "invalid previous solution: {why}"),
            FlowError::Internal(why) => write!(f, "internal error in the flow solver: {why}"),
        }
    }
}

impl std::error::Error for FlowError {}

/// 规划图 — a directed graph with integer capacities and unit costs on its arcs.
///
/// Arcs are stored as parallel arrays (24 bytes per arc), so graphs of tens of millions of
/// arcs stay compact.
#[derive(Debug, Clone, Default)]
pub struct FlowGraph {
    node_count: u32,
    tail: Vec<u32>,
    head: Vec<u32>,
    capacity: Vec<i64>,
    cost: Vec<i64>,
}

impl FlowGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty graph with room for `arcs` arcs, and `nodes` nodes already added
    /// (`NodeId(0)..NodeId(nodes)`).
    pub fn with_nodes(nodes: u32, arcs: usize) -> Self {
        FlowGraph {
            node_count: nodes,
            tail: Vec::with_capacity(arcs),
            head: Vec::with_capacity(arcs),
            capacity: Vec::with_capacity(arcs),
            cost: Vec::with_capacity(arcs),
        }
    }

    /// Adds a node and returns it.
    pub fn add_node(&mut self) -> NodeId {
        let id = NodeId(self.node_count);
        self.node_count = self.node_count.saturating_add(1);
        id
    }

    /// Adds an arc `from → to` with `capacity` units at `cost` per unit. Nodes and capacities
    /// are checked when solving.
    pub fn add_arc(&mut self, from: NodeId, to: NodeId, capacity: i64, cost: i64) -> ArcId {
        let id = ArcId(self.tail.len() as u32);
        self.tail.push(from.0);
        self.head.push(to.0);
        self.capacity.push(capacity);
        self.cost.push(cost);
        id
    }

    /// Changes an arc's capacity (e.g. to 0 when a visitor drops out).
    pub fn set_capacity(&mut self, arc: ArcId, capacity: i64) {
        if let Some(c) = self.capacity.get_mut(arc.index()) {
            *c = capacity;
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.node_count as usize
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.tail.len()
    }

    /// Tail (start node) of every arc, indexed by arc.
    pub fn tails(&self) -> &[u32] {
        &self.tail
    }

    /// Head (end node) of every arc, indexed by arc.
    pub fn heads(&self) -> &[u32] {
        &self.head
    }

    /// Capacity of every arc, indexed by arc.
    pub fn capacities(&self) -> &[i64] {
        &self.capacity
    }

    /// Unit cost of every arc, indexed by arc.
    pub fn costs(&self) -> &[i64] {
        &self.cost
    }

    /// Checks node indices, capacities and sizes.
    pub(crate) fn validate(&self, source: NodeId, sink: NodeId) -> Result<(), FlowError> {
        if self.node_count >= u32::MAX - 2 || self.tail.len() >= (u32::MAX - 2) as usize {
            return Err(FlowError::TooLarge);
        }
        if source == sink {
            return Err(FlowError::SourceIsSink);
        }
        if source.0 >= self.node_count || sink.0 >= self.node_count {
            return Err(FlowError::UnknownNode { arc: usize::MAX });
        }
        for (a, ((&tail, &head), &capacity)) in self.tail.iter().zip(&self.head).zip(&self.capacity).enumerate() {
            if tail >= self.node_count || head >= self.node_count {
                return Err(FlowError::UnknownNode { arc: a });
            }
            if capacity < 0 {
                return Err(FlowError::NegativeCapacity { arc: a });
            }
        }
        Ok(())
    }

    /// 求解 — a maximum flow from `source` to `sink` of minimum cost, solving the whole graph
    /// at once on the calling thread. See [`super::components::solve_parallel`] for graphs made
    /// of independent parts.
    pub fn solve_max_flow_with_min_cost(&self, source: NodeId, sink: NodeId) -> Result<Solution, FlowError> {
        self.validate(source, sink)?;
        let mut simplex = NetworkSimplex::default();
        simplex.reset(self.node_count());
        let mut out_cap: i64 = 0;
        let mut max_cost: i64 = 0;
        let arcs = self.tail.iter().zip(&self.head).zip(&self.capacity).zip(&self.cost);
        for (((&tail, &head), &capacity), &cost) in arcs {
            simplex.push_arc(tail, head, capacity, cost);
            if tail == source.0 {
                out_cap = out_cap.checked_add(capacity).ok_or(FlowError::Overflow)?;
            }
            max_cost = max_cost.max(cost.checked_abs().ok_or(FlowError::Overflow)?);
        }
        let big_m = path_bound(self.node_count(), max_cost)?;
        let back = simplex.push_arc(
            sink.0,
            source.0,
            out_cap.checked_add(1).ok_or(FlowError::Overflow)?,
            -big_m,
        );
        simplex.run_from(Some((source.0, sink.0, back)))?;
        let flow = *simplex
            .flow
            .get(back)
            .ok_or(FlowError::Internal("no flow on the arc sink → source"))?;
        let mut arc_flow = std::mem::take(&mut simplex.flow);
        arc_flow.truncate(self.arc_count());
        let cost = total_cost(&arc_flow, &self.cost)?;
        Ok(Solution {
            flow,
            cost,
            arc_flow,
            duals: None,
        })
    }
}

/// 规划结果 — a maximum flow of minimum cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Value of the flow: net units leaving the source.
    pub flow: i64,
    /// Total cost: sum over arcs of flow × unit cost.
    pub cost: i64,
    /// Flow on every arc, indexed by [`ArcId::index`].
    pub arc_flow: Vec<i64>,
    /// Dual prices proving optimality, when solved by parts ([`super::components`]); they
    /// let replanning start without recomputing them.
    pub duals: Option<Duals>,
}

/// 对偶价格 — node potentials (dual prices) π of an optimal plan, per part. With the extra
/// arc sink → source of cost `−M` (`M` = [`path_bound`] of the part), every arc that can carry
/// more flow has reduced cost `cost + π(tail) − π(head) ≥ 0` and every arc that can carry less
/// has reduced cost `≤ 0`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Duals {
    /// π of every node other than the source and the sink (0 for those two).
    pub node: Vec<i64>,
    /// π of the source and of the sink in each part; `None` once the part has been replanned
    /// (replanning then recomputes them).
    pub terminals: Vec<Option<[i64; 2]>>,
}

/// `M` for the sink → source arc (public so that callers can interpret [`Duals`]): larger than the absolute cost of any simple path with at
/// most `nodes - 1` arcs of absolute cost at most `max_cost`. The tree potentials and reduced
/// costs of the simplex stay within a small multiple of `M`, which is checked here.
pub fn path_bound(nodes: usize, max_cost: i64) -> Result<i64, FlowError> {
    let m = (nodes as i64)
        .checked_add(1)
        .and_then(|n| n.checked_mul(max_cost))
        .and_then(|x| x.checked_add(1))
        .ok_or(FlowError::Overflow)?;
    m.checked_mul(16).ok_or(FlowError::Overflow)?;
    Ok(m)
}

/// Sum of flow × cost, exact.
pub(crate) fn total_cost(flow: &[i64], cost: &[i64]) -> Result<i64, FlowError> {
    let total: i128 = flow
        .iter()
        .zip(cost)
        .map(|(&f, &c)| i128::from(f) * i128::from(c))
        .sum();
    i64::try_from(total).map_err(|_| FlowError::Overflow)
}

const STATE_UPPER: i8 = -1;
const STATE_TREE: i8 = 0;
const STATE_LOWER: i8 = 1;
const DIR_UP: i8 = 1;
const DIR_DOWN: i8 = -1;
const NONE: u32 = u32::MAX;

#[inline(always)]
fn ix(x: u32) -> usize {
    x as usize
}

/// 网络单纯形 — the primal network simplex method for a minimum-cost circulation (all
/// supplies 0) on nodes `0..n` with finite capacities. Buffers are kept between runs so one
/// instance can solve many small components without allocating.
///
/// Arcs `0..m` are the problem's; arcs `m..m + n` are the artificial arcs `u → root` of the
/// initial tree. They have unbounded capacity (so the initial tree is strongly feasible, which
/// prevents cycling) and, since all of them point into the root and the root's supply is 0,
/// they never carry flow.
///
/// Callers push arcs between nodes `0..n` only (a validated graph, or the local indices of
/// one part): the indices of every method are in range by that and by the array sizes that
/// [`Self::run_from`] sets (nodes `0..=n`, the root being `n`; arcs `0..m + n`).
#[derive(Debug, Default)]
pub(crate) struct NetworkSimplex {
    node_num: usize,
    search_arc_num: usize,
    source: Vec<u32>,
    target: Vec<u32>,
    cost: Vec<i64>,
    cap: Vec<i64>,
    pub(crate) flow: Vec<i64>,
    state: Vec<i8>,
    pub(crate) pi: Vec<i64>,
    parent: Vec<u32>,
    pred: Vec<u32>,
    thread: Vec<u32>,
    rev_thread: Vec<u32>,
    succ_num: Vec<u32>,
    last_succ: Vec<u32>,
    pred_dir: Vec<i8>,
    dirty_revs: Vec<u32>,
    // pivot state
    block_size: usize,
    next_arc: usize,
    in_arc: usize,
    join: u32,
    u_in: u32,
    v_in: u32,
    u_out: u32,
    delta: i64,
}

impl NetworkSimplex {
    /// Starts a new problem on `nodes` nodes and no arcs.
    pub(crate) fn reset(&mut self, nodes: usize) {
        self.node_num = nodes;
        self.source.clear();
        self.target.clear();
        self.cost.clear();
        self.cap.clear();
    }

    /// Adds an arc; returns its index.
    pub(crate) fn push_arc(&mut self, from: u32, to: u32, cap: i64, cost: i64) -> usize {
        self.source.push(from);
        self.target.push(to);
        self.cap.push(cap);
        self.cost.push(cost);
        self.source.len() - 1
    }

    /// Solves; afterwards `flow[a]` is the optimal flow on arc `a`.
    pub(crate) fn run(&mut self) -> Result<(), FlowError> {
        self.run_from(None)
    }

    /// Solves, starting from the tree built by [`Self::crash_tree`] for `(source, sink, back)`
    /// where `back` is the arc sink → source.
    #[expect(
        clippy::indexing_slicing,
        reason = "nodes below n + 1 and arcs below m + n: the arrays are sized so at the top of this function, before any index"
    )]
    pub(crate) fn run_from(&mut self, start: Option<(u32, u32, usize)>) -> Result<(), FlowError> {
        let n = self.node_num;
        let m = self.source.len();
        if n + 1 >= NONE as usize || m + n >= NONE as usize {
            return Err(FlowError::TooLarge);
        }
        self.search_arc_num = m;
        let all = m + n;
        let root = n as u32;

        self.flow.clear();
        self.flow.resize(all, 0);
        self.state.clear();
        self.state.resize(m, STATE_LOWER);
        self.state.resize(all, STATE_TREE);
        self.source.truncate(m);
        self.target.truncate(m);
        self.cap.truncate(m);
        self.cost.truncate(m);
        for u in 0..n {
            self.source.push(u as u32);
            self.target.push(root);
            self.cap.push(i64::MAX);
            self.cost.push(0);
        }

        for v in [
            &mut self.parent,
            &mut self.pred,
            &mut self.thread,
            &mut self.rev_thread,
            &mut self.succ_num,
            &mut self.last_succ,
        ] {
            v.clear();
            v.resize(n + 1, 0);
        }
        self.pi.clear();
        self.pi.resize(n + 1, 0);
        self.pred_dir.clear();
        self.pred_dir.resize(n + 1, DIR_UP);

        let r = n;
        self.parent[r] = NONE;
        self.pred[r] = NONE;
        self.thread[r] = 0;
        self.rev_thread[0] = root;
        self.succ_num[r] = (n + 1) as u32;
        self.last_succ[r] = if n == 0 { root } else { (n - 1) as u32 };
        for u in 0..n {
            self.parent[u] = root;
            self.pred[u] = (m + u) as u32;
            self.thread[u] = (u + 1) as u32;
            self.rev_thread[u + 1] = u as u32;
            self.succ_num[u] = 1;
            self.last_succ[u] = u as u32;
        }

        self.block_size = ((m as f64).sqrt() as usize / 4).max(10);
        self.next_arc = 0;
        if m == 0 {
            self.flow.truncate(m);
            self.source.truncate(m);
            self.target.truncate(m);
            self.cap.truncate(m);
            self.cost.truncate(m);
            return Ok(());
        }

        if let Some((source, sink, back)) = start {
            self.crash_tree(source, sink, back);
        }
        while self.find_entering_arc() {
            self.find_join_node();
            let change = self.find_leaving_arc();
            self.change_flow(change);
            if change {
                self.update_tree_structure();
                self.update_potential();
            }
        }
        let artificial_flow = self.flow[m..].iter().any(|&f| f != 0);
        self.flow.truncate(m);
        self.source.truncate(m);
        self.target.truncate(m);
        self.cap.truncate(m);
        self.cost.truncate(m);
        if artificial_flow {
            return Err(FlowError::Internal("artificial arc carries flow"));
        }
        Ok(())
    }

    /// Initial tree: the root ← source ← sink (by `back`), and every other node that can reach
    /// the sink hangs from the next node of a cheapest path to it (reverse Dijkstra); the rest
    /// stay on their artificial arcs. All tree arcs carry no flow and point towards the root,
    /// so the tree is strongly feasible.
    #[expect(
        clippy::indexing_slicing,
        reason = "arc ends are nodes below n (struct notes) and arcs below m; first, child_first, fill and order are built here over those same nodes and arcs"
    )]
    fn crash_tree(&mut self, source: u32, sink: u32, back: usize) {
        let n = self.node_num;
        let m = self.search_arc_num;
        let root = n as u32;
        if ix(source) >= n || ix(sink) >= n || back >= m || self.cap[back] <= 0 {
            return;
        }
        // Arcs by head.
        let mut first = vec![0u32; n + 1];
        for e in 0..m {
            first[ix(self.target[e]) + 1] += 1;
        }
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let mut fill: Vec<u32> = first[..n].to_vec();
        let mut by_head = vec![0u32; m];
        for e in 0..m {
            let h = ix(self.target[e]);
            by_head[ix(fill[h])] = e as u32;
            fill[h] += 1;
        }
        // Reverse Dijkstra from the sink; `parent` set when a node is settled.
        let mut dist = vec![i64::MAX; n];
        let mut settled = vec![false; n];
        let mut via = vec![NONE; n];
        let mut heap = std::collections::BinaryHeap::new();
        dist[ix(sink)] = 0;
        heap.push(std::cmp::Reverse((0i64, sink)));
        settled[ix(source)] = true;
        while let Some(std::cmp::Reverse((d, w))) = heap.pop() {
            if settled[ix(w)] {
                continue;
            }
            settled[ix(w)] = true;
            if w != sink {
                let e = ix(via[ix(w)]);
                self.parent[ix(w)] = self.target[e];
                self.pred[ix(w)] = e as u32;
            }
            for &e in &by_head[ix(first[ix(w)])..ix(first[ix(w) + 1])] {
                let u = self.source[ix(e)];
                if settled[ix(u)] || self.cap[ix(e)] <= 0 || e as usize == back {
                    continue;
                }
                let nd = d.saturating_add(self.cost[ix(e)].max(0));
                if nd < dist[ix(u)] {
                    dist[ix(u)] = nd;
                    via[ix(u)] = e;
                    heap.push(std::cmp::Reverse((nd, u)));
                }
            }
        }
        self.parent[ix(sink)] = source;
        self.pred[ix(sink)] = back as u32;
        for u in 0..n {
            self.pred_dir[u] = DIR_UP;
            let e = ix(self.pred[u]);
            if e < m {
                self.state[e] = STATE_TREE;
                self.state[m + u] = STATE_LOWER;
            }
        }
        // Preorder (thread), subtree sizes, last successors, potentials.
        let mut child_first = vec![0u32; n + 2];
        for u in 0..n {
            child_first[ix(self.parent[u]) + 1] += 1;
        }
        for v in 0..=n {
            child_first[v + 1] += child_first[v];
        }
        let mut fill: Vec<u32> = child_first[..=n].to_vec();
        let mut children = vec![0u32; n];
        for u in 0..n {
            let p = ix(self.parent[u]);
            children[ix(fill[p])] = u as u32;
            fill[p] += 1;
        }
        let mut order: Vec<u32> = Vec::with_capacity(n + 1);
        let mut stack = vec![root];
        while let Some(u) = stack.pop() {
            order.push(u);
            if u != root {
                let e = ix(self.pred[ix(u)]);
                self.pi[ix(u)] = self.pi[ix(self.parent[ix(u)])] - self.cost[e];
            }
            stack.extend_from_slice(&children[ix(child_first[ix(u)])..ix(child_first[ix(u) + 1])]);
        }
        for i in 0..order.len() {
            let u = order[i];
            let next = order[(i + 1) % order.len()];
            self.thread[ix(u)] = next;
            self.rev_thread[ix(next)] = u;
        }
        for &u in order.iter().rev() {
            let size: u32 = 1 + children[ix(child_first[ix(u)])..ix(child_first[ix(u) + 1])]
                .iter()
                .map(|&c| self.succ_num[ix(c)])
                .sum::<u32>();
            self.succ_num[ix(u)] = size;
        }
        for (i, &u) in order.iter().enumerate() {
            self.last_succ[ix(u)] = order[i + ix(self.succ_num[ix(u)]) - 1];
        }
    }

    /// Block search: scans arcs cyclically in blocks of `block_size` arcs and takes the most
    /// negative reduced cost of the first block that has one.
    #[expect(
        clippy::indexing_slicing,
        reason = "start < m and end <= m, within the m + n arc entries; arc ends are nodes below n, within pi (struct notes)"
    )]
    fn find_entering_arc(&mut self) -> bool {
        let m = self.search_arc_num;
        let pi = &self.pi;
        let mut min: i64 = 0;
        let mut best = 0;
        let mut start = self.next_arc;
        let mut scanned = 0;
        while scanned < m {
            let end = (start + self.block_size).min(m);
            let arcs = self.state[start..end]
                .iter()
                .zip(&self.cost[start..end])
                .zip(&self.source[start..end])
                .zip(&self.target[start..end]);
            // Tree arcs have state 0, hence reduced cost 0: no branch needed.
            for (i, (((&state, &cost), &u), &v)) in arcs.enumerate() {
                let c = i64::from(state) * (cost + pi[ix(u)] - pi[ix(v)]);
                if c < min {
                    min = c;
                    best = start + i;
                }
            }
            scanned += end - start;
            start = if end == m { 0 } else { end };
            if min < 0 {
                self.in_arc = best;
                self.next_arc = start;
                return true;
            }
        }
        false
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "in_arc is an arc below m and parent holds tree nodes below n + 1 (struct notes); the walks stop at the join node, so the root's parent (NONE) is never read"
    )]
    fn find_join_node(&mut self) {
        let mut u = self.source[self.in_arc];
        let mut v = self.target[self.in_arc];
        while u != v {
            if self.succ_num[ix(u)] < self.succ_num[ix(v)] {
                u = self.parent[ix(u)];
            } else {
                v = self.parent[ix(v)];
            }
        }
        self.join = u;
    }

    /// Finds the leaving arc of the cycle (the last blocking arc in the cycle's direction from
    /// the join node, which keeps the tree strongly feasible). Returns false when the entering
    /// arc itself is blocking (it just switches bounds).
    #[expect(
        clippy::indexing_slicing,
        reason = "in_arc is an arc below m, pred and parent hold tree arcs and nodes within the arrays (struct notes); the walks stop at the join node, before the root"
    )]
    fn find_leaving_arc(&mut self) -> bool {
        let in_arc = self.in_arc;
        let (first, second) = if self.state[in_arc] == STATE_LOWER {
            (self.source[in_arc], self.target[in_arc])
        } else {
            (self.target[in_arc], self.source[in_arc])
        };
        let mut delta = self.cap[in_arc];
        let mut result = 0;
        let join = self.join;

        let mut u = first;
        while u != join {
            let e = ix(self.pred[ix(u)]);
            let d = if self.pred_dir[ix(u)] == DIR_DOWN {
                self.cap[e] - self.flow[e]
            } else {
                self.flow[e]
            };
            if d < delta {
                delta = d;
                self.u_out = u;
                result = 1;
            }
            u = self.parent[ix(u)];
        }
        let mut u = second;
        while u != join {
            let e = ix(self.pred[ix(u)]);
            let d = if self.pred_dir[ix(u)] == DIR_UP {
                self.cap[e] - self.flow[e]
            } else {
                self.flow[e]
            };
            if d <= delta {
                delta = d;
                self.u_out = u;
                result = 2;
            }
            u = self.parent[ix(u)];
        }
        if result == 1 {
            self.u_in = first;
            self.v_in = second;
        } else {
            self.u_in = second;
            self.v_in = first;
        }
        self.delta = delta;
        result != 0
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "in_arc and u_out come from the pivot, pred and parent hold tree arcs and nodes within the arrays (struct notes); the walks stop at the join node, before the root"
    )]
    fn change_flow(&mut self, change: bool) {
        let in_arc = self.in_arc;
        if self.delta > 0 {
            let val = i64::from(self.state[in_arc]) * self.delta;
            self.flow[in_arc] += val;
            let join = self.join;
            let mut u = self.source[in_arc];
            while u != join {
                let e = ix(self.pred[ix(u)]);
                self.flow[e] -= i64::from(self.pred_dir[ix(u)]) * val;
                u = self.parent[ix(u)];
            }
            let mut u = self.target[in_arc];
            while u != join {
                let e = ix(self.pred[ix(u)]);
                self.flow[e] += i64::from(self.pred_dir[ix(u)]) * val;
                u = self.parent[ix(u)];
            }
        }
        if change {
            self.state[in_arc] = STATE_TREE;
            let out = ix(self.pred[ix(self.u_out)]);
            self.state[out] = if self.flow[out] == 0 { STATE_LOWER } else { STATE_UPPER };
        } else {
            self.state[in_arc] = -self.state[in_arc];
        }
    }

    /// Re-hangs the subtree cut off by the leaving arc below `v_in`, re-rooted at `u_in`,
    /// updating parent, thread, subtree sizes and last successors.
    #[expect(
        clippy::indexing_slicing,
        reason = "every node read is a tree node below n + 1 and every arc a tree or entering arc below m + n (struct notes); NONE is compared before it could index"
    )]
    fn update_tree_structure(&mut self) {
        let u_in = self.u_in;
        let v_in = self.v_in;
        let u_out = self.u_out;
        let join = self.join;
        let in_arc = self.in_arc;

        let old_rev_thread = self.rev_thread[ix(u_out)];
        let old_succ_num = self.succ_num[ix(u_out)];
        let old_last_succ = self.last_succ[ix(u_out)];
        let v_out = self.parent[ix(u_out)];

        if u_in == u_out {
            self.parent[ix(u_in)] = v_in;
            self.pred[ix(u_in)] = in_arc as u32;
            self.pred_dir[ix(u_in)] = if u_in == self.source[in_arc] { DIR_UP } else { DIR_DOWN };
            if self.thread[ix(v_in)] != u_out {
                let after = self.thread[ix(old_last_succ)];
                self.thread[ix(old_rev_thread)] = after;
                self.rev_thread[ix(after)] = old_rev_thread;
                let after = self.thread[ix(v_in)];
                self.thread[ix(v_in)] = u_out;
                self.rev_thread[ix(u_out)] = v_in;
                self.thread[ix(old_last_succ)] = after;
                self.rev_thread[ix(after)] = old_last_succ;
            }
        } else {
            let thread_continue = if old_rev_thread == v_in {
                self.thread[ix(old_last_succ)]
            } else {
                self.thread[ix(v_in)]
            };

            let mut stem = u_in;
            let mut par_stem = v_in;
            let mut last = self.last_succ[ix(u_in)];
            let mut after = self.thread[ix(last)];
            self.thread[ix(v_in)] = u_in;
            self.dirty_revs.clear();
            self.dirty_revs.push(v_in);
            while stem != u_out {
                let next_stem = self.parent[ix(stem)];
                self.thread[ix(last)] = next_stem;
                self.dirty_revs.push(last);

                let before = self.rev_thread[ix(stem)];
                self.thread[ix(before)] = after;
                self.rev_thread[ix(after)] = before;

                self.parent[ix(stem)] = par_stem;
                par_stem = stem;
                stem = next_stem;

                last = if self.last_succ[ix(stem)] == self.last_succ[ix(par_stem)] {
                    self.rev_thread[ix(par_stem)]
                } else {
                    self.last_succ[ix(stem)]
                };
                after = self.thread[ix(last)];
            }
            self.parent[ix(u_out)] = par_stem;
            self.thread[ix(last)] = thread_continue;
            self.rev_thread[ix(thread_continue)] = last;
            self.last_succ[ix(u_out)] = last;

            if old_rev_thread != v_in {
                self.thread[ix(old_rev_thread)] = after;
                self.rev_thread[ix(after)] = old_rev_thread;
            }

            for &u in &self.dirty_revs {
                self.rev_thread[ix(self.thread[ix(u)])] = u;
            }

            let mut tmp_sc: u32 = 0;
            let tmp_ls = self.last_succ[ix(u_out)];
            let mut u = u_out;
            while u != u_in {
                let p = self.parent[ix(u)];
                self.pred[ix(u)] = self.pred[ix(p)];
                self.pred_dir[ix(u)] = -self.pred_dir[ix(p)];
                tmp_sc = tmp_sc.wrapping_add(self.succ_num[ix(u)].wrapping_sub(self.succ_num[ix(p)]));
                self.succ_num[ix(u)] = tmp_sc;
                self.last_succ[ix(p)] = tmp_ls;
                u = p;
            }
            self.pred[ix(u_in)] = in_arc as u32;
            self.pred_dir[ix(u_in)] = if u_in == self.source[in_arc] { DIR_UP } else { DIR_DOWN };
            self.succ_num[ix(u_in)] = old_succ_num;
        }

        let up_limit_out = if self.last_succ[ix(join)] == v_in { join } else { NONE };
        let last_succ_out = self.last_succ[ix(u_out)];
        let mut u = v_in;
        while u != NONE && self.last_succ[ix(u)] == v_in {
            self.last_succ[ix(u)] = last_succ_out;
            u = self.parent[ix(u)];
        }

        if join != old_rev_thread && v_in != old_rev_thread {
            let mut u = v_out;
            while u != up_limit_out && u != NONE && self.last_succ[ix(u)] == old_last_succ {
                self.last_succ[ix(u)] = old_rev_thread;
                u = self.parent[ix(u)];
            }
        } else if last_succ_out != old_last_succ {
            let mut u = v_out;
            while u != up_limit_out && u != NONE && self.last_succ[ix(u)] == old_last_succ {
                self.last_succ[ix(u)] = last_succ_out;
                u = self.parent[ix(u)];
            }
        }

        let mut u = v_in;
        while u != join {
            self.succ_num[ix(u)] += old_succ_num;
            u = self.parent[ix(u)];
        }
        let mut u = v_out;
        while u != join {
            self.succ_num[ix(u)] -= old_succ_num;
            u = self.parent[ix(u)];
        }
    }

    /// Shifts the potentials of the moved subtree so the entering arc has reduced cost 0.
    #[expect(
        clippy::indexing_slicing,
        reason = "u_in, v_in, in_arc and the thread and last_succ entries are tree nodes and arcs within the arrays (struct notes)"
    )]
    fn update_potential(&mut self) {
        let u_in = ix(self.u_in);
        let sigma = self.pi[ix(self.v_in)] - self.pi[u_in] - i64::from(self.pred_dir[u_in]) * self.cost[self.in_arc];
        let end = self.thread[ix(self.last_succ[u_in])];
        let mut u = self.u_in;
        while u != end {
            self.pi[ix(u)] += sigma;
            u = self.thread[ix(u)];
        }
    }
}
