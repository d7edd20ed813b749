//! 基准实例 — the benchmark instance family of the visit planner and its plain text file format.
//!
//! # Instance family
//!
//! `T` towns (乡镇/街道); in each, 1,000 elders (老人) and 100 visitors (探访人) placed uniformly
//! on the town's own 5 km × 5 km square. Each elder needs 1–3 visits, each visitor takes 5–40
//! (uniform). Each elder is linked to the 10 nearest visitors of its town; that arc's capacity
//! is the elder's need and its cost the Euclidean distance in whole metres (rounded). Source →
//! elder has capacity = need, visitor → sink capacity = the visitor's capacity.
//!
//! Random numbers: ChaCha8 seeded with `seed`, stream = town index, so a town does not depend
//! on how many towns there are. Per town, visitors are drawn first (x, y, capacity), then
//! elders (x, y, need).
//!
//! Nodes: source 0, sink 1; town `k` has elders `2 + 1100k .. 2 + 1100k + 1000` and visitors
//! the 100 nodes after them. Arcs, town by town: source → each elder, then each elder's 10
//! arcs (nearest first), then each visitor → sink.
//!
//! # File format
//!
//! ```text
//! tanfang-plan <nodes> <arcs> <source> <sink>
//! <from> <to> <capacity> <cost>        (one line per arc, `arcs` lines)
//! ```
//! Numbers are decimal integers separated by spaces; nodes are numbered from 0.

use std::io::{self, BufRead, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::flow::{FlowGraph, NodeId};

/// Elders per town.
pub const ELDERS_PER_TOWN: usize = 1000;
/// Visitors per town.
pub const VISITORS_PER_TOWN: usize = 100;
/// Side of a town's square, metres.
pub const TOWN_SIDE_M: f64 = 5000.0;
/// Visitors linked to each elder.
pub const NEAREST: usize = 10;
/// Nodes per town.
pub const NODES_PER_TOWN: usize = ELDERS_PER_TOWN + VISITORS_PER_TOWN;
/// Arcs per town.
pub const ARCS_PER_TOWN: usize = ELDERS_PER_TOWN * (1 + NEAREST) + VISITORS_PER_TOWN;

/// The source node.
pub const SOURCE: NodeId = NodeId(0);
/// The sink node.
pub const SINK: NodeId = NodeId(1);

/// Nodes of an instance with `towns` towns.
pub fn node_count(towns: usize) -> usize {
    2 + towns * NODES_PER_TOWN
}

/// Arcs of an instance with `towns` towns.
pub fn arc_count(towns: usize) -> usize {
    towns * ARCS_PER_TOWN
}

/// First node of town `k` (its first elder).
pub fn town_first_node(k: usize) -> usize {
    2 + k * NODES_PER_TOWN
}

/// Node of visitor `j` of town `k`.
pub fn visitor_node(k: usize, j: usize) -> NodeId {
    NodeId((town_first_node(k) + ELDERS_PER_TOWN + j) as u32)
}

/// One arc of an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanArc {
    pub from: u32,
    pub to: u32,
    pub capacity: i64,
    pub cost: i64,
}

/// 乡镇 — one town's arcs, in file order.
pub fn town_arcs(seed: u64, k: usize) -> Vec<PlanArc> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(k as u64);
    let side = TOWN_SIDE_M;
    let visitors: Vec<(f64, f64, i64)> = (0..VISITORS_PER_TOWN)
        .map(|_| {
            let x = rng.random_range(0.0..side);
            let y = rng.random_range(0.0..side);
            (x, y, rng.random_range(5..=40))
        })
        .collect();
    let elders: Vec<(f64, f64, i64)> = (0..ELDERS_PER_TOWN)
        .map(|_| {
            let x = rng.random_range(0.0..side);
            let y = rng.random_range(0.0..side);
            (x, y, rng.random_range(1..=3))
        })
        .collect();
    let first = town_first_node(k) as u32;
    let first_visitor = first + ELDERS_PER_TOWN as u32;
    let mut arcs = Vec::with_capacity(ARCS_PER_TOWN);
    for (i, e) in elders.iter().enumerate() {
        arcs.push(PlanArc {
            from: SOURCE.0,
            to: first + i as u32,
            capacity: e.2,
            cost: 0,
        });
    }
    let mut near: Vec<(f64, usize)> = Vec::with_capacity(VISITORS_PER_TOWN);
    for (i, e) in elders.iter().enumerate() {
        near.clear();
        near.extend(
            visitors
                .iter()
                .enumerate()
                .map(|(j, v)| (((e.0 - v.0).powi(2) + (e.1 - v.1).powi(2)).sqrt(), j)),
        );
        let by_distance = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        near.select_nth_unstable_by(NEAREST - 1, by_distance);
        near.truncate(NEAREST);
        near.sort_by(by_distance);
        for &(d, j) in &near {
            arcs.push(PlanArc {
                from: first + i as u32,
                to: first_visitor + j as u32,
                capacity: e.2,
                cost: d.round() as i64,
            });
        }
    }
    for (j, v) in visitors.iter().enumerate() {
        arcs.push(PlanArc {
            from: first_visitor + j as u32,
            to: SINK.0,
            capacity: v.2,
            cost: 0,
        });
    }
    arcs
}

/// The whole instance as a graph (for tests and small runs; the benchmark goes through the
/// file).
pub fn generate(towns: usize, seed: u64) -> FlowGraph {
    let mut g = FlowGraph::with_nodes(node_count(towns) as u32, arc_count(towns));
    for k in 0..towns {
        for a in town_arcs(seed, k) {
            g.add_arc(NodeId(a.from), NodeId(a.to), a.capacity, a.cost);
        }
    }
    g
}

fn push_number(buf: &mut Vec<u8>, x: i64) {
    if x < 0 {
        buf.push(b'-');
    }
    let mut v = x.unsigned_abs();
    let start = buf.len();
    loop {
        buf.push(b'0' + (v % 10) as u8);
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // The digits came least significant first.
    if let Some(digits) = buf.get_mut(start..) {
        digits.reverse();
    }
}

/// Writes the instance with `towns` towns, generating one town at a time (memory stays small).
pub fn write_instance(out: &mut impl Write, towns: usize, seed: u64) -> io::Result<()> {
    writeln!(
        out,
        "tanfang-plan {} {} {} {}",
        node_count(towns),
        arc_count(towns),
        SOURCE.0,
        SINK.0
    )?;
    let mut buf = Vec::with_capacity(ARCS_PER_TOWN * 24);
    for k in 0..towns {
        buf.clear();
        for a in town_arcs(seed, k) {
            push_number(&mut buf, i64::from(a.from));
            buf.push(b' ');
            push_number(&mut buf, i64::from(a.to));
            buf.push(b' ');
            push_number(&mut buf, a.capacity);
            buf.push(b' ');
            push_number(&mut buf, a.cost);
            buf.push(b'\n');
        }
        out.write_all(&buf)?;
    }
    Ok(())
}

/// Writes any graph in the file format.
pub fn write_graph(out: &mut impl Write, graph: &FlowGraph, source: NodeId, sink: NodeId) -> io::Result<()> {
    writeln!(
        out,
        "tanfang-plan {} {} {} {}",
        graph.node_count(),
        graph.arc_count(),
        source.0,
        sink.0
    )?;
    let mut buf = Vec::with_capacity(64);
    let arcs = graph
        .tails()
        .iter()
        .zip(graph.heads())
        .zip(graph.capacities())
        .zip(graph.costs());
    for (((&tail, &head), &capacity), &cost) in arcs {
        buf.clear();
        push_number(&mut buf, i64::from(tail));
        buf.push(b' ');
        push_number(&mut buf, i64::from(head));
        buf.push(b' ');
        push_number(&mut buf, capacity);
        buf.push(b' ');
        push_number(&mut buf, cost);
        buf.push(b'\n');
        out.write_all(&buf)?;
    }
    Ok(())
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

/// Reads a file written by [`write_instance`] or [`write_graph`]: the graph, its source and
/// its sink. Streams the input (no copy of the whole file in memory).
pub fn read_instance(input: &mut impl BufRead) -> io::Result<(FlowGraph, NodeId, NodeId)> {
    let mut header = String::new();
    input.read_line(&mut header)?;
    let mut words = header.split_whitespace();
    if words.next() != Some("tanfang-plan") {
        return Err(bad("not a tanfang-plan file"));
    }
    let mut field = || -> io::Result<u64> {
        words
            .next()
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| bad("bad header"))
    };
    let (nodes, arcs, source, sink) = (field()?, field()?, field()?, field()?);
    if nodes >= u64::from(u32::MAX) - 2 || arcs >= u64::from(u32::MAX) - 2 || source >= nodes || sink >= nodes {
        return Err(bad("bad header"));
    }
    // Reserve what the header announces, within reason (a wrong header must not exhaust memory).
    let mut graph = FlowGraph::with_nodes(nodes as u32, (arcs as usize).min(1 << 25));

    // A small state machine over the bytes: four numbers make an arc.
    let mut fields = [0i64; 4];
    let mut count = 0usize;
    let mut value: i64 = 0;
    let mut negative = false;
    let mut in_number = false;
    let mut finish = |value: i64, negative: bool, graph: &mut FlowGraph| -> io::Result<()> {
        let Some(field) = fields.get_mut(count) else {
            return Err(io::Error::other("more than four numbers gathered for one arc"));
        };
        *field = if negative { -value } else { value };
        count += 1;
        if count == 4 {
            count = 0;
            if fields[0] < 0 || fields[1] < 0 || fields[0] as u64 >= nodes || fields[1] as u64 >= nodes {
                return Err(bad("arc names an unknown node"));
            }
            graph.add_arc(NodeId(fields[0] as u32), NodeId(fields[1] as u32), fields[2], fields[3]);
        }
        Ok(())
    };
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        for &b in buf {
            match b {
                b'0'..=b'9' => {
                    value = value
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(i64::from(b - b'0')))
                        .ok_or_else(|| bad("number too large"))?;
                    in_number = true;
                }
                b'-' if !in_number && !negative => negative = true,
                b' ' | b'\n' | b'\r' | b'\t' => {
                    if in_number {
                        finish(value, negative, &mut graph)?;
                    } else if negative {
                        return Err(bad("lone minus sign"));
                    }
                    value = 0;
                    negative = false;
                    in_number = false;
                }
                _ => return Err(bad("unexpected character")),
            }
        }
        let len = buf.len();
        input.consume(len);
    }
    if in_number {
        finish(value, negative, &mut graph)?;
    }
    if count != 0 || graph.arc_count() as u64 != arcs {
        return Err(bad("arc count differs from the header"));
    }
    Ok((graph, NodeId(source as u32), NodeId(sink as u32)))
}
