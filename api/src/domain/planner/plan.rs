//! 结对规划 — turning open visit slots (探访时段) and visitors (探访人) into a planning
//! proposal (规划方案) with the exact min-cost max-flow solver of [`super::flow`].
//!
//! The planning graph is sparse:
//!
//! ```text
//! source ──(1, 0)──▶ slot ──(1, cost)──▶ visitor ──(remaining capacity, 0)──▶ sink
//! ```
//!
//! A slot is linked only to the visitors who may take it ([`check_eligibility`]): its
//! [`PlanRules::nearest`] nearest eligible visitors, plus every eligible visitor who visited
//! the elder before (continuity, 连续性). The cost of a link is the travel distance in whole
//! metres, minus [`PlanRules::continuity_bonus_m`] for a previous visitor (never below 0).
//! The proposal is a maximum flow of minimum cost: as many slots as possible are covered, and
//! among all plans that cover that many, the total cost is least. Towns share no links, so
//! each town is solved on its own, in parallel ([`super::components`]).
//!
//! [`replan_after_dropout`] solves again when a visitor drops out, and among the optimal plans
//! keeps as many of the previous assignments as possible (the tie-break of [`super::replan`]:
//! costs scaled by `K` and `+1` on every link that is not a previous assignment).
//!
//! Everything here is pure and deterministic: the result depends only on the values handed in,
//! not on their order. `docs/planner.md` explains the model for organizers.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::components::solve_parallel;
use super::flow::{ArcId, FlowError, FlowGraph, NodeId};
use crate::domain::id::{AccountId, ElderId, SlotId};

/// Mean radius of the Earth in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// 坐标 — a point on the Earth, latitude and longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude, −90 to 90 (north positive).
    pub lat: f64,
    /// Longitude, −180 to 180 (east positive).
    pub lon: f64,
}

impl GeoPoint {
    /// Whether both coordinates are finite and in range. Points that are not are treated as
    /// unknown locations by the planner.
    pub fn is_valid(self) -> bool {
        self.lat.is_finite() && self.lon.is_finite() && self.lat.abs() <= 90.0 && self.lon.abs() <= 180.0
    }
}

/// 距离 — great-circle (haversine) distance between two points, in whole metres (rounded).
/// Meaningless (but no panic) for points that are not [`GeoPoint::is_valid`].
pub fn distance_m(a: GeoPoint, b: GeoPoint) -> i64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (b.lon - a.lon).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    let central = 2.0 * h.clamp(0.0, 1.0).sqrt().asin();
    (EARTH_RADIUS_M * central).round() as i64
}

/// 探访时段 — one open visit slot: one visit an elder still needs in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotDemand {
    /// Unique id of the slot.
    pub slot_id: SlotId,
    /// The elder (老人) to visit.
    pub elder_id: ElderId,
    /// Village / community (村/社区) code of the elder, for the shortfall report.
    pub village_code: String,
    /// Town / street (乡镇/街道) code, 9 digits; only visitors of the same town may take the slot.
    pub town_code: String,
    /// The elder's home; `None` when unknown ([`PlanRules::unknown_distance_m`] is used).
    pub location: Option<GeoPoint>,
    /// A visit in person (上门); otherwise by phone or video.
    pub in_person: bool,
    /// Only a professional (专业人员, e.g. a social worker) may take the slot.
    pub needs_professional: bool,
    /// First and last day (inclusive) the visit may take place.
    pub window: (NaiveDate, NaiveDate),
    /// Visitors who visited this elder before (continuity, 连续性).
    pub previous_visitors: Vec<AccountId>,
}

/// 探访人供给 — one visitor and what they can still take in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitorSupply {
    /// Unique id of the visitor.
    pub visitor_id: AccountId,
    /// Town / street (乡镇/街道) code, 9 digits.
    pub town_code: String,
    /// Where the visitor starts from; `None` when unknown.
    pub location: Option<GeoPoint>,
    /// Visits still free this period.
    pub remaining_capacity: u32,
    /// A professional (专业人员).
    pub professional: bool,
    /// Under 18 (未成年志愿者): never takes a visit in person.
    pub minor: bool,
    /// Days the visitor can visit in the period (any order).
    pub available_days: Vec<NaiveDate>,
    /// 未到 — the visitor's no-shows in the pack's period: among plans of equal cost, the one
    /// giving slots to visitors with fewer no-shows is chosen (see [`propose`]).
    #[serde(default)]
    pub no_shows: u32,
    /// 未培训 — the district's pack requires a training before an in-person visit and the
    /// visitor has attended none: no in-person visit for them yet (the claim rules' own
    /// `training_required`).
    #[serde(default)]
    pub untrained: bool,
}

/// No-shows above this many weigh no more in the tie-break (it keeps the scaled costs small).
pub const MAX_NO_SHOWS_WEIGHED: u32 = 10;

/// 规划规则 — the tunable parts of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRules {
    /// Each slot is linked to this many nearest eligible visitors (plus its previous visitors).
    pub nearest: usize,
    /// Metres taken off the cost of a link to a visitor who visited the elder before.
    pub continuity_bonus_m: i64,
    /// Distance assumed when the elder's or the visitor's location is unknown.
    pub unknown_distance_m: i64,
}

impl Default for PlanRules {
    fn default() -> Self {
        PlanRules {
            nearest: 10,
            continuity_bonus_m: 2_000,
            unknown_distance_m: 5_000,
        }
    }
}

/// 不符合条件 — why a visitor may not take a slot (the first rule that fails, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ineligibility {
    /// The visitor belongs to another town.
    OtherTown,
    /// The visitor has no visit left this period.
    NoCapacity,
    /// The visitor is available on no day of the slot's window.
    NotAvailable,
    /// A minor may not visit in person.
    MinorInPerson,
    /// The slot needs a professional.
    NeedsProfessional,
    /// The pack requires a training before an in-person visit and the visitor had none.
    Untrained,
}

impl Ineligibility {
    /// The Chinese label shown to organizers.
    pub fn label_zh(self) -> &'static str {
        match self {
            Ineligibility::OtherTown => "不在同一乡镇",
            Ineligibility::NoCapacity => "本期已无剩余次数",
            Ineligibility::NotAvailable => "时段内无可用日期",
            Ineligibility::MinorInPerson => "未成年人不可上门",
            Ineligibility::NeedsProfessional => "需专业人员",
            Ineligibility::Untrained => "尚未参加培训，不可上门",
        }
    }
}

impl fmt::Display for Ineligibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_zh())
    }
}

/// 资格 — whether `visitor` may take `slot`: same town, capacity left, available on at least
/// one day of the window, no minor in person, no untrained visitor in person where the pack
/// requires a training, professionals only where one is needed.
pub fn check_eligibility(slot: &SlotDemand, visitor: &VisitorSupply) -> Result<(), Ineligibility> {
    if slot.town_code != visitor.town_code {
        return Err(Ineligibility::OtherTown);
    }
    if visitor.remaining_capacity == 0 {
        return Err(Ineligibility::NoCapacity);
    }
    let (first, last) = slot.window;
    if !visitor.available_days.iter().any(|d| first <= *d && *d <= last) {
        return Err(Ineligibility::NotAvailable);
    }
    if visitor.minor && slot.in_person {
        return Err(Ineligibility::MinorInPerson);
    }
    if visitor.untrained && slot.in_person {
        return Err(Ineligibility::Untrained);
    }
    if slot.needs_professional && !visitor.professional {
        return Err(Ineligibility::NeedsProfessional);
    }
    Ok(())
}

/// Shorthand for `check_eligibility(slot, visitor).is_ok()`.
pub fn is_eligible(slot: &SlotDemand, visitor: &VisitorSupply) -> bool {
    check_eligibility(slot, visitor).is_ok()
}

/// 结对 — one slot given to one visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub slot_id: SlotId,
    pub visitor_id: AccountId,
    /// Travel distance in metres ([`PlanRules::unknown_distance_m`] when estimated).
    pub distance_m: i64,
    /// True when a location was unknown and `distance_m` is the assumed distance.
    pub distance_estimated: bool,
    /// The visitor visited this elder before.
    pub continuity: bool,
    /// Cost of the link: `distance_m`, minus the continuity bonus, never below 0.
    pub cost: i64,
}

/// 规划方案 — the planner's proposal. All lists are sorted (by slot id).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Proposal {
    /// One per covered slot, by slot id.
    pub assignments: Vec<Assignment>,
    /// Slots no eligible visitor could take (缺口), by slot id.
    pub uncovered: Vec<SlotId>,
    /// 缺口统计 — uncovered slots per village code (villages with none are left out).
    pub shortfall_by_village: BTreeMap<String, u32>,
    /// Sum of the assignments' costs.
    pub total_cost: i64,
}

/// 重排结果 — a proposal after a visitor dropped out, and how much it moved.
///
/// With `N` covered slots, `N = kept + moved`; previous assignments are either `kept`,
/// `released` (they belonged to the dropped visitor) or `displaced`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Replanned {
    pub proposal: Proposal,
    /// Previous assignments still in the proposal.
    pub kept: u32,
    /// Assignments of the proposal that were not in the previous proposal (a slot handed to
    /// another visitor, or newly covered). This is the number the tie-break minimizes.
    pub moved: u32,
    /// Previous assignments of the dropped visitor.
    pub released: u32,
    /// Previous assignments of other visitors that are not kept (their slot went to another
    /// visitor or is now uncovered).
    pub displaced: u32,
}

/// Why no proposal could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Two slots share an id.
    DuplicateSlot(String),
    /// Two visitors share an id.
    DuplicateVisitor(String),
    /// The flow solver failed (numbers too large for exact arithmetic, or a bug).
    Solver(FlowError),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::DuplicateSlot(id) => write!(f, "two slots have the id {id:?}"),
            PlanError::DuplicateVisitor(id) => write!(f, "two visitors have the id {id:?}"),
            PlanError::Solver(e) => write!(f, "planning failed: {e}"),
        }
    }
}

impl std::error::Error for PlanError {}

impl From<FlowError> for PlanError {
    fn from(e: FlowError) -> Self {
        PlanError::Solver(e)
    }
}

/// 生成方案 — the proposal covering as many slots as possible, and among those plans the one
/// of least total cost, over the links described in the module notes; among plans of equal
/// cost, the one whose visitors have the fewest no-shows (reliable visitors first among
/// equals).
///
/// The tie-break: each link costs `cost × K + n`, `n` the visitor's no-shows (at most
/// [`MAX_NO_SHOWS_WEIGHED`]); a plan has at most one link per slot, so with `K` above the
/// slot count times the largest `n`, one metre weighs more than all the `n` together, and the
/// plan is still one of least cost. With no no-shows at all the costs are the distances alone.
pub fn propose(slots: &[SlotDemand], visitors: &[VisitorSupply], rules: &PlanRules) -> Result<Proposal, PlanError> {
    let model = Model::new(slots, visitors.iter().collect(), rules)?;
    let weight = |c: &Candidate| {
        model
            .visitors
            .get(c.visitor)
            .map_or(0, |v| i64::from(v.no_shows.min(MAX_NO_SHOWS_WEIGHED)))
    };
    let worst = model.candidates.iter().map(weight).max().unwrap_or(0);
    let chosen = if worst == 0 {
        model.solve(|c| Ok(c.cost))?
    } else {
        let k = i64::try_from(model.slots.len())
            .ok()
            .and_then(|n| n.checked_mul(worst))
            .and_then(|n| n.checked_add(1))
            .ok_or(PlanError::Solver(FlowError::Overflow))?;
        model.solve(|c| {
            c.cost
                .checked_mul(k)
                .and_then(|x| x.checked_add(weight(c)))
                .ok_or(FlowError::Overflow)
        })?
    };
    model.proposal(&chosen)
}

/// 退出重排 — `dropped_visitor_id` drops out: the proposal is made again without them (covering
/// as many slots as possible, then at least total cost, exactly as [`propose`] on the
/// remaining visitors), and among all such optimal plans the one that keeps the most
/// assignments of `previous`.
///
/// `previous` may be stale (slots or visitors since changed): assignments that no longer
/// fit simply cannot be kept. An unknown `dropped_visitor_id` drops nobody.
pub fn replan_after_dropout(
    previous: &Proposal,
    slots: &[SlotDemand],
    visitors: &[VisitorSupply],
    rules: &PlanRules,
    dropped_visitor_id: &AccountId,
) -> Result<Replanned, PlanError> {
    // Duplicates are refused on the whole input, the dropped visitor included.
    check_unique(
        visitors.iter().map(|v| v.visitor_id.as_str()),
        PlanError::DuplicateVisitor,
    )?;
    let remaining = visitors
        .iter()
        .filter(|v| &v.visitor_id != dropped_visitor_id)
        .collect();
    let model = Model::new(slots, remaining, rules)?;
    let before: HashSet<(&SlotId, &AccountId)> = previous
        .assignments
        .iter()
        .map(|a| (&a.slot_id, &a.visitor_id))
        .collect();
    let was_assigned = |c: &Candidate| before.contains(&(model.slot_id(c), model.visitor_id(c)));
    // Any plan has at most one new assignment per slot, so K > slot count makes one metre of
    // cost weigh more than all the `+1`s together: cost first, then fewest new assignments.
    let k = i64::try_from(model.slots.len())
        .ok()
        .and_then(|n| n.checked_add(1))
        .ok_or(PlanError::Solver(FlowError::Overflow))?;
    let chosen = model.solve(|c| {
        let penalty = if was_assigned(c) { 0 } else { 1 };
        c.cost
            .checked_mul(k)
            .and_then(|x| x.checked_add(penalty))
            .ok_or(FlowError::Overflow)
    })?;

    let proposal = model.proposal(&chosen)?;
    let kept = model
        .candidates
        .iter()
        .zip(&chosen)
        .filter(|(c, &on)| on && was_assigned(c))
        .count();
    let after: HashSet<(&SlotId, &AccountId)> = proposal
        .assignments
        .iter()
        .map(|a| (&a.slot_id, &a.visitor_id))
        .collect();
    let (mut released, mut displaced) = (0usize, 0usize);
    for pair in &before {
        if pair.1 == dropped_visitor_id {
            released += 1;
        } else if !after.contains(pair) {
            displaced += 1;
        }
    }
    let moved = proposal.assignments.len() - kept;
    let count = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    Ok(Replanned {
        kept: count(kept),
        moved: count(moved),
        released: count(released),
        displaced: count(displaced),
        proposal,
    })
}

/// Every link the planner may use, as `(slot id, visitor id)` sorted: for each slot its
/// [`PlanRules::nearest`] nearest eligible visitors (ties by visitor id) and its eligible
/// previous visitors. For inspection and tests.
pub fn candidate_links(
    slots: &[SlotDemand],
    visitors: &[VisitorSupply],
    rules: &PlanRules,
) -> Result<Vec<(SlotId, AccountId)>, PlanError> {
    let model = Model::new(slots, visitors.iter().collect(), rules)?;
    let mut links: Vec<(SlotId, AccountId)> = model
        .candidates
        .iter()
        .map(|c| (model.slot_id(c).clone(), model.visitor_id(c).clone()))
        .collect();
    links.sort();
    Ok(links)
}

/// One possible link slot → visitor (indices into the model's sorted lists).
#[derive(Debug, Clone, Copy)]
struct Candidate<'a> {
    slot: usize,
    visitor: usize,
    slot_id: &'a SlotId,
    visitor_id: &'a AccountId,
    distance: i64,
    estimated: bool,
    continuity: bool,
    cost: i64,
}

/// Slots and visitors sorted by id (so the result does not depend on input order), with the
/// links between them.
struct Model<'a> {
    slots: Vec<&'a SlotDemand>,
    visitors: Vec<&'a VisitorSupply>,
    candidates: Vec<Candidate<'a>>,
}

fn check_unique<'a>(ids: impl Iterator<Item = &'a str>, error: impl Fn(String) -> PlanError) -> Result<(), PlanError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(error(id.to_owned()));
        }
    }
    Ok(())
}

impl<'a> Model<'a> {
    fn new(slots: &'a [SlotDemand], visitors: Vec<&'a VisitorSupply>, rules: &PlanRules) -> Result<Self, PlanError> {
        check_unique(slots.iter().map(|s| s.slot_id.as_str()), PlanError::DuplicateSlot)?;
        check_unique(
            visitors.iter().map(|v| v.visitor_id.as_str()),
            PlanError::DuplicateVisitor,
        )?;
        let mut slots: Vec<&SlotDemand> = slots.iter().collect();
        slots.sort_by(|a, b| a.slot_id.cmp(&b.slot_id));
        let mut visitors = visitors;
        visitors.sort_by(|a, b| a.visitor_id.cmp(&b.visitor_id));

        let mut by_town: HashMap<&str, Vec<(usize, &VisitorSupply)>> = HashMap::new();
        for (j, &v) in visitors.iter().enumerate() {
            by_town.entry(v.town_code.as_str()).or_default().push((j, v));
        }
        let unknown = rules.unknown_distance_m.max(0);
        let mut candidates = Vec::new();
        let mut eligible: Vec<Candidate> = Vec::new();
        for (i, &slot) in slots.iter().enumerate() {
            eligible.clear();
            for &(j, visitor) in by_town.get(slot.town_code.as_str()).map_or(&[][..], Vec::as_slice) {
                if !is_eligible(slot, visitor) {
                    continue;
                }
                let known = |p: Option<GeoPoint>| p.filter(|p| p.is_valid());
                let (distance, estimated) = match (known(slot.location), known(visitor.location)) {
                    (Some(a), Some(b)) => (distance_m(a, b), false),
                    _ => (unknown, true),
                };
                let continuity = slot.previous_visitors.contains(&visitor.visitor_id);
                let cost = if continuity {
                    distance.saturating_sub(rules.continuity_bonus_m)
                } else {
                    distance
                }
                .max(0);
                eligible.push(Candidate {
                    slot: i,
                    visitor: j,
                    slot_id: &slot.slot_id,
                    visitor_id: &visitor.visitor_id,
                    distance,
                    estimated,
                    continuity,
                    cost,
                });
            }
            // Visitors are sorted by id, so ties in distance go to the one with fewer no-shows,
            // then to the smaller id.
            let no_shows = |c: &Candidate| visitors.get(c.visitor).map_or(0, |v| v.no_shows);
            eligible.sort_by_key(|c| (c.distance, no_shows(c), c.visitor));
            for (rank, c) in eligible.iter().enumerate() {
                if rank < rules.nearest || c.continuity {
                    candidates.push(*c);
                }
            }
        }
        Ok(Model {
            slots,
            visitors,
            candidates,
        })
    }

    fn slot_id(&self, c: &Candidate<'a>) -> &'a SlotId {
        c.slot_id
    }

    fn visitor_id(&self, c: &Candidate<'a>) -> &'a AccountId {
        c.visitor_id
    }

    /// Solves the max flow of min cost with `cost` on the links; returns which links are used.
    fn solve(&self, cost: impl Fn(&Candidate) -> Result<i64, FlowError>) -> Result<Vec<bool>, PlanError> {
        let (s, v) = (self.slots.len(), self.visitors.len());
        let nodes = u32::try_from(2 + s + v).map_err(|_| FlowError::TooLarge)?;
        let (source, sink) = (NodeId(0), NodeId(1));
        let slot_node = |i: usize| NodeId(2 + i as u32);
        let visitor_node = |j: usize| NodeId(2 + (s + j) as u32);
        let mut graph = FlowGraph::with_nodes(nodes, s + v + self.candidates.len());
        let (mut slot_linked, mut visitor_linked) = (vec![false; s], vec![false; v]);
        for c in &self.candidates {
            *slot_linked
                .get_mut(c.slot)
                .ok_or(FlowError::Internal("a link names an unknown slot"))? = true;
            *visitor_linked
                .get_mut(c.visitor)
                .ok_or(FlowError::Internal("a link names an unknown visitor"))? = true;
        }
        for (i, _) in slot_linked.iter().enumerate().filter(|(_, &on)| on) {
            graph.add_arc(source, slot_node(i), 1, 0);
        }
        let linked_visitors = self.visitors.iter().zip(&visitor_linked).enumerate();
        for (j, (visitor, _)) in linked_visitors.filter(|(_, (_, &on))| on) {
            graph.add_arc(visitor_node(j), sink, i64::from(visitor.remaining_capacity), 0);
        }
        let mut arcs: Vec<ArcId> = Vec::with_capacity(self.candidates.len());
        for c in &self.candidates {
            arcs.push(graph.add_arc(slot_node(c.slot), visitor_node(c.visitor), 1, cost(c)?));
        }
        if arcs.is_empty() {
            return Ok(Vec::new());
        }
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let solution = solve_parallel(&graph, source, sink, threads)?;
        Ok(arcs
            .iter()
            .map(|a| solution.arc_flow.get(a.index()).is_some_and(|&f| f > 0))
            .collect())
    }

    /// The proposal made of the chosen links.
    fn proposal(&self, chosen: &[bool]) -> Result<Proposal, PlanError> {
        let mut by_slot: Vec<Option<&Candidate>> = vec![None; self.slots.len()];
        for (c, _) in self.candidates.iter().zip(chosen).filter(|(_, &on)| on) {
            *by_slot
                .get_mut(c.slot)
                .ok_or(FlowError::Internal("a chosen link names an unknown slot"))? = Some(c);
        }
        let mut proposal = Proposal::default();
        for (slot, choice) in self.slots.iter().zip(by_slot) {
            match choice {
                Some(c) => {
                    proposal.total_cost = proposal.total_cost.saturating_add(c.cost);
                    proposal.assignments.push(Assignment {
                        slot_id: slot.slot_id.clone(),
                        visitor_id: self.visitor_id(c).clone(),
                        distance_m: c.distance,
                        distance_estimated: c.estimated,
                        continuity: c.continuity,
                        cost: c.cost,
                    });
                }
                None => {
                    proposal.uncovered.push(slot.slot_id.clone());
                    *proposal
                        .shortfall_by_village
                        .entry(slot.village_code.clone())
                        .or_insert(0) += 1;
                }
            }
        }
        Ok(proposal)
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
