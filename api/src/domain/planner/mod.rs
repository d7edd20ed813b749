//! 探访规划 — the exact optimization core of the visit planner.
//!
//! Elders (老人) need visits, visitors (探访人) have capacities. The planning graph is
//! source → elder (capacity = the elder's need), elder → visitor (cost = travel distance in
//! whole metres, capacity = the elder's need), visitor → sink (capacity = the visitor's
//! capacity). The plan is a maximum flow of minimum cost ([`flow`]), solved town by town in
//! parallel ([`components`]), and repaired locally when a visitor drops out ([`replan`]).
//! [`plan`] is the domain layer on top: visit slots (探访时段) and visitors in, a proposal with
//! its shortfall per village out.
//! [`instance`] holds the benchmark instance family and its text file format.
//!
//! Everything here is pure: no IO other than through `Read`/`Write` values handed in.

pub mod components;
pub mod flow;
pub mod instance;
pub mod plan;
pub mod replan;

#[cfg(test)]
mod tests;

pub use components::{solve_parallel, Decomposition, PartResult};
pub use flow::{ArcId, Duals, FlowError, FlowGraph, NodeId, Solution};
pub use plan::{
    check_eligibility, distance_m, is_eligible, propose, replan_after_dropout, Assignment, GeoPoint, Ineligibility,
    PlanError, PlanRules, Proposal, Replanned, SlotDemand, VisitorSupply,
};
pub use replan::{replan_without_node, ReplanReport};
