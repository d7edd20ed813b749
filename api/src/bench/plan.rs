//! `tanfang bench plan`: the exact visit planner (min-cost max-flow, [`crate::domain::planner`])
//! on the synthetic instance family of [`crate::domain::planner::instance`]. Generates the
//! instance, writes it to a text file, reads it back (the same file `scripts/ortools_mcf.py`
//! reads), then times building the graph, solving it (parts in parallel), and replanning after
//! the busiest visitor of the first town drops out. Peak memory is the process's own (VmHWM),
//! so run it as its own process. `scripts/bench-plan.sh` compares it with OR-tools.

use std::fmt;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::domain::planner::instance;
use crate::domain::planner::{replan_without_node, Decomposition, NodeId, ReplanReport};

/// What to run.
#[derive(Debug, Clone)]
pub struct PlanBenchOptions {
    pub towns: usize,
    pub seed: u64,
    /// Instance file; written, then read back.
    pub file: PathBuf,
    pub threads: usize,
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct PlanBench {
    pub options: PlanBenchOptions,
    pub nodes: usize,
    pub arcs: usize,
    pub parts: usize,
    /// Generating and writing the file.
    pub write: Duration,
    /// Reading the file into the graph.
    pub build: Duration,
    /// Splitting into parts (included in `solve`).
    pub decompose: Duration,
    /// Decomposition plus solving all parts.
    pub solve: Duration,
    pub flow: i64,
    pub cost: i64,
    /// Peak resident memory of the process (VmHWM), KiB.
    pub peak_kib: Option<u64>,
    /// The visitor dropped.
    pub dropped: NodeId,
    pub replan: Duration,
    pub replan_report: ReplanReport,
    /// Solving the replanned part from scratch, for comparison and as a check.
    pub replan_fresh: Duration,
}

/// Peak resident set size of this process (VmHWM) in KiB, on Linux.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the benchmark.
pub fn run(options: PlanBenchOptions) -> anyhow::Result<PlanBench> {
    let path = options.file.display();
    let started = Instant::now();
    {
        let file = File::create(&options.file).with_context(|| format!("creating the instance file {path}"))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        instance::write_instance(&mut out, options.towns, options.seed)
            .and_then(|()| out.flush())
            .with_context(|| format!("writing the instance file {path}"))?;
    }
    let write = started.elapsed();

    let started = Instant::now();
    let file = File::open(&options.file).with_context(|| format!("opening the instance file {path}"))?;
    let (mut graph, source, sink) = instance::read_instance(&mut BufReader::with_capacity(1 << 20, file))
        .with_context(|| format!("reading the instance file {path}"))?;
    let build = started.elapsed();

    let started = Instant::now();
    let parts = Decomposition::new(&graph, source, sink).context("splitting the instance into parts")?;
    let decompose = started.elapsed();
    let mut solution = parts.solve(&graph, options.threads).context("solving the instance")?;
    let solve = started.elapsed();
    let (flow, cost) = (solution.flow, solution.cost);

    // The busiest visitor of the first town drops out.
    let first_town = parts
        .part_of(instance::visitor_node(0, 0))
        .context("the first town has no part")?;
    let part_arcs = parts.part_arcs(first_town);
    let dropped = (0..instance::VISITORS_PER_TOWN)
        .map(|j| instance::visitor_node(0, j))
        .max_by_key(|v| {
            part_arcs
                .iter()
                .filter_map(|&a| Some((*graph.heads().get(a as usize)?, *solution.arc_flow.get(a as usize)?)))
                .filter(|&(head, _)| head == v.0)
                .map(|(_, flow)| flow)
                .sum::<i64>()
        })
        .context("the first town has no visitors")?;
    let started = Instant::now();
    let replan_report = replan_without_node(&mut graph, &parts, &mut solution, dropped)
        .with_context(|| format!("replanning without visitor node {}", dropped.0))?;
    let replan = started.elapsed();

    let started = Instant::now();
    let (fresh, _) = parts
        .solve_part(&graph, replan_report.part)
        .context("solving the replanned part afresh")?;
    let replan_fresh = started.elapsed();
    if (fresh.flow, fresh.cost) != (replan_report.flow_after, replan_report.cost_after) {
        anyhow::bail!(
            "replanning disagrees with a fresh solve of the part: flow {} vs {}, cost {} vs {}",
            replan_report.flow_after,
            fresh.flow,
            replan_report.cost_after,
            fresh.cost
        );
    }
    let peak_kib = peak_memory_kib();

    Ok(PlanBench {
        nodes: graph.node_count(),
        arcs: graph.arc_count(),
        parts: parts.nonempty_part_count(),
        options,
        write,
        build,
        decompose,
        solve,
        flow,
        cost,
        peak_kib,
        dropped,
        replan,
        replan_report,
        replan_fresh,
    })
}

impl fmt::Display for PlanBench {
    /// One `key value` line per figure (read by `scripts/bench-plan.sh`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.replan_report;
        writeln!(f, "towns          {}", self.options.towns)?;
        writeln!(f, "seed           {}", self.options.seed)?;
        writeln!(f, "file           {}", self.options.file.display())?;
        writeln!(f, "nodes          {}", self.nodes)?;
        writeln!(f, "arcs           {}", self.arcs)?;
        writeln!(f, "parts          {}", self.parts)?;
        writeln!(f, "threads        {}", self.options.threads)?;
        writeln!(f, "write_s        {:.3}", self.write.as_secs_f64())?;
        writeln!(f, "build_s        {:.3}", self.build.as_secs_f64())?;
        writeln!(f, "decompose_s    {:.4}", self.decompose.as_secs_f64())?;
        writeln!(f, "solve_s        {:.4}", self.solve.as_secs_f64())?;
        writeln!(f, "flow           {}", self.flow)?;
        writeln!(f, "cost           {}", self.cost)?;
        match self.peak_kib {
            Some(kib) => writeln!(f, "peak_mb        {:.1}", kib as f64 / 1024.0)?,
            None => writeln!(f, "peak_mb        unknown")?,
        }
        writeln!(f, "replan_node    {}", self.dropped.0)?;
        writeln!(f, "replan_s       {:.6}", self.replan.as_secs_f64())?;
        writeln!(
            f,
            "replan_ratio   {:.5}",
            self.replan.as_secs_f64() / self.solve.as_secs_f64().max(1e-9)
        )?;
        writeln!(f, "replan_fresh_s {:.6}", self.replan_fresh.as_secs_f64())?;
        writeln!(f, "replan_dropped {}", r.dropped_units)?;
        writeln!(f, "replan_moved   {}", r.new_units)?;
        writeln!(f, "replan_flow    {} -> {}", r.flow_before, r.flow_after)?;
        writeln!(f, "replan_cost    {} -> {}", r.cost_before, r.cost_after)?;
        write!(f, "replan_check   ok")
    }
}
