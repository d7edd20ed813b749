//! Tests of the planner against independent checkers written here: Edmonds–Karp for the
//! maximum flow, successive shortest paths with Bellman–Ford for the minimum cost, and brute
//! force enumeration of assignments on tiny instances.

#![allow(clippy::unwrap_used)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::components::{solve_parallel, Decomposition};
use super::flow::{FlowGraph, NodeId, Solution};
use super::instance;
use super::replan::replan_without_node;

type Arc = (usize, usize, i64, i64);

fn arcs_of(g: &FlowGraph) -> Vec<Arc> {
    (0..g.arc_count())
        .map(|a| {
            (
                g.tails()[a] as usize,
                g.heads()[a] as usize,
                g.capacities()[a],
                g.costs()[a],
            )
        })
        .collect()
}

/// Edmonds–Karp on a capacity matrix (parallel arcs merged).
fn max_flow_reference(n: usize, arcs: &[Arc], s: usize, t: usize) -> i64 {
    let mut cap = vec![vec![0i64; n]; n];
    for &(u, v, c, _) in arcs {
        if u != v {
            cap[u][v] += c;
        }
    }
    let mut total = 0;
    loop {
        let mut prev = vec![usize::MAX; n];
        prev[s] = s;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for v in 0..n {
                if prev[v] == usize::MAX && cap[u][v] > 0 {
                    prev[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if prev[t] == usize::MAX {
            return total;
        }
        let mut b = i64::MAX;
        let mut v = t;
        while v != s {
            b = b.min(cap[prev[v]][v]);
            v = prev[v];
        }
        let mut v = t;
        while v != s {
            cap[prev[v]][v] -= b;
            cap[v][prev[v]] += b;
            v = prev[v];
        }
        total += b;
    }
}

/// Successive shortest paths with Bellman–Ford (non-negative costs): (max flow, min cost).
fn min_cost_reference(n: usize, arcs: &[Arc], s: usize, t: usize) -> (i64, i64) {
    // residual edges: (from, to, cap, cost); edge i ^ 1 is the reverse of edge i
    let mut e: Vec<(usize, usize, i64, i64)> = Vec::new();
    for &(u, v, c, w) in arcs {
        e.push((u, v, c, w));
        e.push((v, u, 0, -w));
    }
    let (mut flow, mut cost) = (0i64, 0i64);
    loop {
        let mut dist = vec![i64::MAX; n];
        let mut via = vec![usize::MAX; n];
        dist[s] = 0;
        for _ in 0..n {
            let mut changed = false;
            for (i, &(u, v, c, w)) in e.iter().enumerate() {
                if c > 0 && dist[u] != i64::MAX && dist[u] + w < dist[v] {
                    dist[v] = dist[u] + w;
                    via[v] = i;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if dist[t] == i64::MAX {
            return (flow, cost);
        }
        let mut b = i64::MAX;
        let mut v = t;
        while v != s {
            b = b.min(e[via[v]].2);
            v = e[via[v]].0;
        }
        let mut v = t;
        while v != s {
            e[via[v]].2 -= b;
            e[via[v] ^ 1].2 += b;
            v = e[via[v]].0;
        }
        flow += b;
        cost += b * dist[t];
    }
}

/// Bounds, conservation, and the reported totals.
fn check_feasible(g: &FlowGraph, s: NodeId, t: NodeId, sol: &Solution) {
    assert_eq!(sol.arc_flow.len(), g.arc_count());
    let mut bal = vec![0i64; g.node_count()];
    let mut cost = 0;
    for (a, &(u, v, c, w)) in arcs_of(g).iter().enumerate() {
        let f = sol.arc_flow[a];
        assert!(0 <= f && f <= c, "arc {a} flow {f} cap {c}");
        bal[u] -= f;
        bal[v] += f;
        cost += f * w;
    }
    for (v, &b) in bal.iter().enumerate() {
        if v != s.index() && v != t.index() {
            assert_eq!(b, 0, "conservation at {v}");
        }
    }
    assert_eq!(-bal[s.index()], sol.flow);
    assert_eq!(bal[t.index()], sol.flow);
    assert_eq!(cost, sol.cost);
}

fn random_graph(rng: &mut ChaCha8Rng) -> (FlowGraph, NodeId, NodeId) {
    let n = rng.random_range(2..=9usize);
    let m = rng.random_range(0..=22usize);
    let mut g = FlowGraph::new();
    for _ in 0..n {
        g.add_node();
    }
    for _ in 0..m {
        let u = rng.random_range(0..n) as u32;
        let v = rng.random_range(0..n) as u32;
        g.add_arc(NodeId(u), NodeId(v), rng.random_range(0..=5), rng.random_range(0..=12));
    }
    let s = rng.random_range(0..n);
    let t = (s + rng.random_range(1..n)) % n;
    (g, NodeId(s as u32), NodeId(t as u32))
}

/// A tiny assignment problem: needs, capacities, links (elder, visitor, cost).
#[derive(Debug, Clone)]
struct Tiny {
    needs: Vec<i64>,
    caps: Vec<i64>,
    links: Vec<(usize, usize, i64)>,
}

impl Tiny {
    fn random(
        rng: &mut ChaCha8Rng,
        elders: std::ops::RangeInclusive<usize>,
        visitors: std::ops::RangeInclusive<usize>,
        max_cost: i64,
    ) -> Tiny {
        let elders = rng.random_range(elders);
        let visitors = rng.random_range(visitors);
        let needs: Vec<i64> = (0..elders).map(|_| rng.random_range(1..=3)).collect();
        let caps: Vec<i64> = (0..visitors).map(|_| rng.random_range(0..=4)).collect();
        let mut links = Vec::new();
        for i in 0..elders {
            for j in 0..visitors {
                if rng.random_bool(0.6) {
                    links.push((i, j, rng.random_range(0..=max_cost)));
                }
            }
        }
        Tiny { needs, caps, links }
    }

    fn elder(&self, i: usize) -> NodeId {
        NodeId(2 + i as u32)
    }

    fn visitor(&self, j: usize) -> NodeId {
        NodeId((2 + self.needs.len() + j) as u32)
    }

    /// Arcs: source → elders, the links (arc `needs.len() + k` is link `k`), visitors → sink.
    fn graph(&self) -> FlowGraph {
        let mut g = FlowGraph::with_nodes((2 + self.needs.len() + self.caps.len()) as u32, 0);
        for (i, &d) in self.needs.iter().enumerate() {
            g.add_arc(NodeId(0), self.elder(i), d, 0);
        }
        for &(i, j, c) in &self.links {
            g.add_arc(self.elder(i), self.visitor(j), self.needs[i], c);
        }
        for (j, &c) in self.caps.iter().enumerate() {
            g.add_arc(self.visitor(j), NodeId(1), c, 0);
        }
        g
    }

    fn combinations(&self) -> u64 {
        self.links.iter().map(|&(i, _, _)| self.needs[i] as u64 + 1).product()
    }

    /// Brute force over the link flows: (max flow, min cost, least new units vs `old` among
    /// the optimal ones). Visitor `removed` takes nothing.
    fn brute_force(&self, removed: Option<usize>, old: &[i64]) -> (i64, i64, i64) {
        let k = self.links.len();
        let mut x = vec![0i64; k];
        let mut best = (i64::MIN, i64::MAX, i64::MAX);
        loop {
            let mut load_e = vec![0i64; self.needs.len()];
            let mut load_v = vec![0i64; self.caps.len()];
            let (mut cost, mut new) = (0, 0);
            for (l, &(i, j, c)) in self.links.iter().enumerate() {
                load_e[i] += x[l];
                load_v[j] += x[l];
                cost += x[l] * c;
                new += (x[l] - old.get(l).copied().unwrap_or(0)).max(0);
            }
            let ok = load_e.iter().zip(&self.needs).all(|(l, d)| l <= d)
                && load_v
                    .iter()
                    .enumerate()
                    .all(|(j, &l)| l <= if Some(j) == removed { 0 } else { self.caps[j] });
            if ok {
                let flow: i64 = load_e.iter().sum();
                if (flow, -cost, -new) > (best.0, -best.1, -best.2) {
                    best = (flow, cost, new);
                }
            }
            // next combination
            let mut l = 0;
            loop {
                if l == k {
                    return best;
                }
                if x[l] < self.needs[self.links[l].0] {
                    x[l] += 1;
                    break;
                }
                x[l] = 0;
                l += 1;
            }
        }
    }
}

#[test]
fn simplex_matches_independent_checkers_on_random_graphs() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for case in 0..500 {
        let (g, s, t) = random_graph(&mut rng);
        let sol = g.solve_max_flow_with_min_cost(s, t).unwrap();
        check_feasible(&g, s, t, &sol);
        let arcs = arcs_of(&g);
        assert_eq!(
            sol.flow,
            max_flow_reference(g.node_count(), &arcs, s.index(), t.index()),
            "case {case}"
        );
        assert_eq!(
            (sol.flow, sol.cost),
            min_cost_reference(g.node_count(), &arcs, s.index(), t.index()),
            "case {case}: {g:?} {s:?} {t:?}"
        );
    }
}

#[test]
fn negative_costs_on_acyclic_graphs_match_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(23);
    for case in 0..300 {
        let n = rng.random_range(2..=9usize);
        let mut g = FlowGraph::with_nodes(n as u32, 0);
        for _ in 0..rng.random_range(0..=22) {
            let u = rng.random_range(0..n);
            let v = rng.random_range(0..n);
            if u < v {
                g.add_arc(
                    NodeId(u as u32),
                    NodeId(v as u32),
                    rng.random_range(0..=5),
                    rng.random_range(-10..=12),
                );
            }
        }
        let (s, t) = (rng.random_range(0..n), rng.random_range(0..n));
        if s == t {
            continue;
        }
        let (s, t) = (NodeId(s as u32), NodeId(t as u32));
        for sol in [
            g.solve_max_flow_with_min_cost(s, t).unwrap(),
            solve_parallel(&g, s, t, 2).unwrap(),
        ] {
            check_feasible(&g, s, t, &sol);
            let arcs = arcs_of(&g);
            assert_eq!(
                (sol.flow, sol.cost),
                min_cost_reference(n, &arcs, s.index(), t.index()),
                "case {case}"
            );
        }
    }
}

#[test]
fn simplex_matches_brute_force_on_tiny_assignments() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut done = 0;
    while done < 300 {
        let tiny = Tiny::random(&mut rng, 1..=3, 1..=3, 20);
        if tiny.combinations() > 5_000 {
            continue;
        }
        done += 1;
        let g = tiny.graph();
        let sol = g.solve_max_flow_with_min_cost(NodeId(0), NodeId(1)).unwrap();
        check_feasible(&g, NodeId(0), NodeId(1), &sol);
        let (flow, cost, _) = tiny.brute_force(None, &[]);
        assert_eq!((sol.flow, sol.cost), (flow, cost), "{tiny:?}");
    }
}

#[test]
fn larger_random_assignments_match_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    for _ in 0..60 {
        let tiny = Tiny::random(&mut rng, 5..=25, 2..=8, 500);
        let g = tiny.graph();
        let sol = g.solve_max_flow_with_min_cost(NodeId(0), NodeId(1)).unwrap();
        check_feasible(&g, NodeId(0), NodeId(1), &sol);
        assert_eq!(
            (sol.flow, sol.cost),
            min_cost_reference(g.node_count(), &arcs_of(&g), 0, 1)
        );
    }
}

/// Several disjoint tiny towns in one graph, arcs shuffled.
fn random_towns(rng: &mut ChaCha8Rng, towns: usize) -> FlowGraph {
    let mut arcs: Vec<Arc> = Vec::new();
    let mut next = 2usize;
    for _ in 0..towns {
        let tiny = Tiny::random(rng, 1..=12, 1..=5, 300);
        let g = tiny.graph();
        let shift = |x: u32| if x < 2 { x as usize } else { x as usize - 2 + next };
        for (u, v, c, w) in arcs_of(&g) {
            arcs.push((shift(u as u32), shift(v as u32), c, w));
        }
        next += g.node_count() - 2;
    }
    for i in (1..arcs.len()).rev() {
        let j = rng.random_range(0..=i);
        arcs.swap(i, j);
    }
    let mut g = FlowGraph::with_nodes(next as u32 + 3, arcs.len());
    for (u, v, c, w) in arcs {
        g.add_arc(NodeId(u as u32), NodeId(v as u32), c, w);
    }
    // An isolated node, and an arc straight from source to sink.
    g.add_arc(NodeId(0), NodeId(1), rng.random_range(0..=2), 5);
    g
}

#[test]
fn parallel_parts_give_the_same_optimum_as_the_whole() {
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    for _ in 0..80 {
        let towns = rng.random_range(1..=6);
        let g = random_towns(&mut rng, towns);
        let whole = g.solve_max_flow_with_min_cost(NodeId(0), NodeId(1)).unwrap();
        let parts = solve_parallel(&g, NodeId(0), NodeId(1), 2).unwrap();
        check_feasible(&g, NodeId(0), NodeId(1), &parts);
        assert_eq!((whole.flow, whole.cost), (parts.flow, parts.cost));
        assert_eq!(
            (whole.flow, whole.cost),
            min_cost_reference(g.node_count(), &arcs_of(&g), 0, 1)
        );
        let d = Decomposition::new(&g, NodeId(0), NodeId(1)).unwrap();
        assert!(d.nonempty_part_count() >= towns.min(1));
    }
    // General graphs too (arcs into the source, out of the sink, loops).
    for _ in 0..200 {
        let (g, s, t) = random_graph(&mut rng);
        let whole = g.solve_max_flow_with_min_cost(s, t).unwrap();
        let parts = solve_parallel(&g, s, t, 2).unwrap();
        check_feasible(&g, s, t, &parts);
        assert_eq!((whole.flow, whole.cost), (parts.flow, parts.cost));
    }
}

#[test]
fn generated_instance_round_trips_and_decomposes_by_town() {
    let g = instance::generate(3, 5);
    assert_eq!(g.arc_count(), instance::arc_count(3));
    let mut file = Vec::new();
    instance::write_instance(&mut file, 3, 5).unwrap();
    let (back, s, t) = instance::read_instance(&mut file.as_slice()).unwrap();
    assert_eq!((s, t), (instance::SOURCE, instance::SINK));
    assert_eq!(back.tails(), g.tails());
    assert_eq!(back.heads(), g.heads());
    assert_eq!(back.capacities(), g.capacities());
    assert_eq!(back.costs(), g.costs());
    let mut file2 = Vec::new();
    instance::write_graph(&mut file2, &g, s, t).unwrap();
    assert_eq!(file, file2);

    let d = Decomposition::new(&g, s, t).unwrap();
    assert_eq!(d.nonempty_part_count(), 3);
    let whole = g.solve_max_flow_with_min_cost(s, t).unwrap();
    let parts = d.solve(&g, 2).unwrap();
    check_feasible(&g, s, t, &parts);
    assert_eq!((whole.flow, whole.cost), (parts.flow, parts.cost));
    // Each town on its own, checked by the independent reference.
    let (one, _, _) = {
        let mut f = Vec::new();
        instance::write_instance(&mut f, 1, 5).unwrap();
        instance::read_instance(&mut f.as_slice()).unwrap()
    };
    let sol = one.solve_max_flow_with_min_cost(s, t).unwrap();
    assert_eq!(
        (sol.flow, sol.cost),
        min_cost_reference(one.node_count(), &arcs_of(&one), 0, 1)
    );
}

#[test]
fn replanning_is_optimal_and_moves_the_fewest_units() {
    let mut rng = ChaCha8Rng::seed_from_u64(19);
    let mut done = 0;
    while done < 250 {
        // Small costs make ties (several optimal plans) common.
        let tiny = Tiny::random(&mut rng, 1..=3, 2..=3, 4);
        if tiny.combinations() > 5_000 {
            continue;
        }
        let mut g = tiny.graph();
        let parts = Decomposition::new(&g, NodeId(0), NodeId(1)).unwrap();
        let mut sol = parts.solve(&g, 1).unwrap();
        let j = rng.random_range(0..tiny.caps.len());
        if parts.part_of(tiny.visitor(j)).is_none() {
            continue;
        }
        done += 1;
        let first_link = tiny.needs.len();
        let old: Vec<i64> = sol.arc_flow[first_link..first_link + tiny.links.len()].to_vec();
        if done % 2 == 0 {
            sol.duals = None; // potentials recomputed from scratch
        }
        let report = replan_without_node(&mut g, &parts, &mut sol, tiny.visitor(j)).unwrap();
        assert!(!report.from_scratch);
        check_feasible(&g, NodeId(0), NodeId(1), &sol);
        let (flow, cost, new) = tiny.brute_force(Some(j), &old);
        assert_eq!(
            (sol.flow, sol.cost, report.new_units),
            (flow, cost, new),
            "{tiny:?} drop {j} old {old:?}"
        );
        assert_eq!(
            (sol.flow, sol.cost),
            min_cost_reference(g.node_count(), &arcs_of(&g), 0, 1)
        );
    }
}

#[test]
fn replanning_keeps_assignments_when_costs_tie() {
    // e1 → A (1), e2 → B (5), visitor D is free. A drops out. Two optimal plans cost 15:
    // e1 → D (10) keeping e2 → B, or e1 → B (5) with e2 → D (10). Only one unit need move.
    let tiny = Tiny {
        needs: vec![1, 1],
        caps: vec![1, 1, 1],
        links: vec![(0, 0, 1), (0, 1, 5), (0, 2, 10), (1, 1, 5), (1, 2, 10)],
    };
    let mut g = tiny.graph();
    let parts = Decomposition::new(&g, NodeId(0), NodeId(1)).unwrap();
    let mut sol = parts.solve(&g, 1).unwrap();
    assert_eq!((sol.flow, sol.cost), (2, 6));
    let r = replan_without_node(&mut g, &parts, &mut sol, tiny.visitor(0)).unwrap();
    assert_eq!((sol.flow, sol.cost), (2, 15));
    assert_eq!((r.dropped_units, r.new_units), (1, 1));
    assert_eq!(sol.arc_flow[2 + 2], 1, "e1 → D");
    assert_eq!(sol.arc_flow[2 + 3], 1, "e2 stays with B");
}

#[test]
fn replanning_a_generated_town_matches_a_fresh_solve() {
    let mut g = instance::generate(2, 3);
    let (s, t) = (instance::SOURCE, instance::SINK);
    let parts = Decomposition::new(&g, s, t).unwrap();
    let mut sol = parts.solve(&g, 2).unwrap();
    let before = sol.clone();
    // The busiest visitor of town 1.
    let v = (0..instance::VISITORS_PER_TOWN)
        .map(|j| instance::visitor_node(1, j))
        .max_by_key(|v| {
            (0..g.arc_count())
                .filter(|&a| g.heads()[a] == v.0)
                .map(|a| sol.arc_flow[a])
                .sum::<i64>()
        })
        .unwrap();
    let report = replan_without_node(&mut g, &parts, &mut sol, v).unwrap();
    assert!(!report.from_scratch);
    assert!(report.dropped_units > 0);
    check_feasible(&g, s, t, &sol);
    let fresh = g.solve_max_flow_with_min_cost(s, t).unwrap();
    assert_eq!((sol.flow, sol.cost), (fresh.flow, fresh.cost));
    // Town 0 untouched.
    for &a in parts.part_arcs(parts.part_of(instance::visitor_node(0, 0)).unwrap()) {
        assert_eq!(sol.arc_flow[a as usize], before.arc_flow[a as usize]);
    }
    // Fewer units move than a fresh plan would move.
    let moved_fresh: i64 = (0..g.arc_count())
        .filter(|&a| g.tails()[a] > 1 && g.heads()[a] > 1)
        .map(|a| (fresh.arc_flow[a] - before.arc_flow[a]).max(0))
        .sum();
    assert!(report.new_units <= moved_fresh);
}

/// Where the numbers come from: `fixtures/plan-T1-s15.txt` is one town of the benchmark family
/// (1,000 elders, 100 visitors; 1,102 nodes, 11,100 arcs), written by `tanfang bench plan
/// --towns 1 --seed 15` (seed 15: its town cannot meet every need, so the maximum flow is
/// checked as well as the cost); `fixtures/plan-T1-s15.ortools.txt` holds its maximum flow
/// and minimum cost as computed by Google OR-tools 9.15 (`scripts/ortools_mcf.py`,
/// `SimpleMinCostFlow.solve_max_flow_with_min_cost`), with the OR-tools version, the instance's
/// sha256 and the exact commands. Both are written by `scripts/planner-fixture.sh` (which also
/// checks, with `--check`, that they are reproduced). The instance is read from the committed
/// file, not regenerated, so this does not depend on the generator staying the same.
#[test]
fn committed_instance_of_a_thousand_elders_matches_ortools() {
    use sha2::{Digest, Sha256};

    const INSTANCE: &[u8] = include_bytes!("fixtures/plan-T1-s15.txt");
    const ORTOOLS: &str = include_str!("fixtures/plan-T1-s15.ortools.txt");
    let field = |key: &str| -> &str {
        ORTOOLS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .find_map(|l| l.strip_prefix(key).filter(|rest| rest.starts_with(' ')))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{key} missing from the OR-tools result"))
    };
    let number = |key: &str| -> i64 { field(key).parse().expect(key) };

    // The result belongs to this very file.
    let sha256: String = Sha256::digest(INSTANCE).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(sha256, field("sha256"), "the instance is not the one OR-tools solved");

    let (g, s, t) = instance::read_instance(&mut &INSTANCE[..]).expect("the committed instance reads");
    assert_eq!(g.node_count() as i64, number("nodes"));
    assert_eq!(g.arc_count() as i64, number("arcs"));
    let from_source: Vec<usize> = (0..g.arc_count()).filter(|&a| g.tails()[a] == s.0).collect();
    assert_eq!(from_source.len() as i64, number("elders"));
    let need: i64 = from_source.iter().map(|&a| g.capacities()[a]).sum();
    assert_eq!(need, number("need"));

    let expected = (number("flow"), number("cost"));
    assert!(expected.0 < need, "chosen so that not every need can be met");
    let whole = g.solve_max_flow_with_min_cost(s, t).expect("solves");
    check_feasible(&g, s, t, &whole);
    assert_eq!(
        (whole.flow, whole.cost),
        expected,
        "network simplex vs OR-tools (flow, cost)"
    );

    // The path `propose` and the benchmark take: split into parts, solved in parallel.
    let solution = solve_parallel(&g, s, t, 2).expect("solves");
    check_feasible(&g, s, t, &solution);
    assert_eq!(
        (solution.flow, solution.cost),
        expected,
        "parts vs OR-tools (flow, cost)"
    );
}
