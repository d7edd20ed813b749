//! Visitor profiles and visit slots.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use juniper::graphql_object;

use super::loader::PageField;
use super::Context;
use crate::db::models::{AreaRow, VisitSlotRow, VisitorProfileRow};
use crate::domain::id::{AccountId, SlotId};
use crate::domain::id_number::Sex;
use crate::domain::planner::plan::{Assignment, Proposal};
use crate::domain::policy::VisitMode;
use crate::domain::slot::{OrganisationKind, SlotStatus};
use crate::error::AppResult;
use crate::service;
use crate::service::plan::Accepted;
use crate::service::slots::Generation;

pub struct VisitSlot {
    row: VisitSlotRow,
    elder: Option<SlotElder>,
    page: Arc<SlotPage>,
}

/// The slots listed together: their villages, and the villages' names loaded once for all.
#[derive(Default)]
struct SlotPage {
    village_codes: Arc<[String]>,
    villages: PageField<String, AreaRow>,
}

impl VisitSlot {
    /// A list of slots, sharing one page (one query for their villages' names).
    pub fn list(slots: Vec<crate::service::slots::SlotWithElder>) -> Vec<VisitSlot> {
        let mut codes: Vec<String> = slots.iter().map(|(row, _)| row.village_code.clone()).collect();
        codes.sort_unstable();
        codes.dedup();
        let page = Arc::new(SlotPage {
            village_codes: codes.into(),
            ..SlotPage::default()
        });
        slots
            .into_iter()
            .map(|slot| VisitSlot::on_page(slot, Arc::clone(&page)))
            .collect()
    }

    fn on_page((row, elder): crate::service::slots::SlotWithElder, page: Arc<SlotPage>) -> VisitSlot {
        VisitSlot {
            row,
            elder: elder.map(|e| SlotElder {
                name: e.name,
                residence_address: e.residence_address,
            }),
            page,
        }
    }
}

impl From<crate::service::slots::SlotWithElder> for VisitSlot {
    fn from(slot: crate::service::slots::SlotWithElder) -> Self {
        let page = Arc::new(SlotPage {
            village_codes: vec![slot.0.village_code.clone()].into(),
            ..SlotPage::default()
        });
        VisitSlot::on_page(slot, page)
    }
}

#[graphql_object(context = Context, description = "探访时段 — one visit an elder owes in a window")]
impl VisitSlot {
    fn id(&self) -> &str {
        self.row.id.as_str()
    }
    fn elder_id(&self) -> &str {
        self.row.elder_id.as_str()
    }
    fn village_code(&self) -> &str {
        &self.row.village_code
    }
    /// 村/社区 — the name of the elder's village, for people (an open slot names only its
    /// village); `null` when the village is not in the area tree.
    async fn village_name(&self, ctx: &Context) -> AppResult<Option<String>> {
        let page = &self.page;
        let found = page
            .villages
            .get(
                ctx,
                &page.village_codes,
                &self.row.village_code,
                service::areas::by_code,
            )
            .await?;
        Ok(found.map(|area| area.name))
    }
    /// `2026-11`
    fn month(&self) -> &str {
        &self.row.month
    }
    /// The requirement it fulfils, e.g. 每半月至少上门探访 1 次.
    fn label(&self) -> &str {
        &self.row.label
    }
    /// Which of the requirement's visits this is (1, 2, …).
    fn seq(&self) -> i32 {
        self.row.seq
    }
    fn modes(&self) -> Vec<VisitMode> {
        self.row.modes.to_vec()
    }
    /// Only an in-person visit fulfils it.
    fn in_person(&self) -> bool {
        self.row.in_person
    }
    fn needs_professional(&self) -> bool {
        self.row.needs_professional
    }
    fn window_from(&self) -> NaiveDate {
        self.row.window_from
    }
    /// Last day (the requirement's due date).
    fn window_to(&self) -> NaiveDate {
        self.row.window_to
    }
    fn status(&self) -> Option<SlotStatus> {
        Some(self.row.status)
    }
    fn holder_id(&self) -> Option<&str> {
        self.row.holder_id.as_ref().map(AccountId::as_str)
    }
    fn co_visitor_id(&self) -> Option<&str> {
        self.row.co_visitor_id.as_ref().map(AccountId::as_str)
    }
    fn claimed_at(&self) -> Option<DateTime<Utc>> {
        self.row.claimed_at.map(|t| t.and_utc())
    }
    /// The organizer who assigned it, when it was not claimed by the visitor.
    fn assigned_by(&self) -> Option<&str> {
        self.row.assigned_by.as_deref()
    }
    /// 探访对象 — name and address of the elder, for the slot's holder and co-visitor and for
    /// staff whose scope holds the elder; `null` for anyone else (an open slot shows only
    /// its village).
    fn elder(&self) -> Option<&SlotElder> {
        self.elder.as_ref()
    }
}

pub struct SlotElder {
    name: String,
    residence_address: String,
}

#[graphql_object(context = Context, description = "探访对象 — who a visit slot is for")]
impl SlotElder {
    fn name(&self) -> &str {
        &self.name
    }
    fn residence_address(&self) -> &str {
        &self.residence_address
    }
}

pub struct NearbySlot {
    pub slot: VisitSlot,
    pub distance_m: Option<i64>,
}

#[graphql_object(context = Context, description = "附近的探访时段 — an open slot and how far it is")]
impl NearbySlot {
    fn slot(&self) -> &VisitSlot {
        &self.slot
    }
    /// Metres from you (your location, or your home village) to the elder's village centre;
    /// `null` when a location is unknown.
    fn distance_m(&self) -> Option<i32> {
        self.distance_m.map(|d| i32::try_from(d).unwrap_or(i32::MAX))
    }
}

pub struct VisitorProfile(pub VisitorProfileRow);

#[graphql_object(context = Context, description = "探访人员档案")]
impl VisitorProfile {
    fn user_id(&self) -> &str {
        self.0.user_id.as_str()
    }
    fn organisation_kind(&self) -> Option<OrganisationKind> {
        Some(self.0.organisation_kind)
    }
    fn organisation_name(&self) -> Option<&str> {
        self.0.organisation_name.as_deref()
    }
    fn home_village_code(&self) -> &str {
        &self.0.home_village_code
    }
    fn latitude(&self) -> Option<f64> {
        self.0.latitude
    }
    fn longitude(&self) -> Option<f64> {
        self.0.longitude
    }
    fn capacity_per_month(&self) -> i32 {
        self.0.capacity_per_month
    }
    /// ISO weekdays usually free (1 = Monday).
    fn weekdays(&self) -> Vec<i32> {
        self.0.weekdays.iter().copied().map(i32::from).collect()
    }
    fn unavailable_dates(&self) -> Vec<NaiveDate> {
        self.0.unavailable_dates.to_vec()
    }
    fn skills(&self) -> Vec<String> {
        self.0.skills.to_vec()
    }
    fn languages(&self) -> Vec<String> {
        self.0.languages.to_vec()
    }
    fn sex(&self) -> Option<Sex> {
        self.0.sex
    }
    /// The day an organizer recorded that the visitor dropped out; cleared when they save
    /// their profile again.
    fn dropped_out_on(&self) -> Option<NaiveDate> {
        self.0.dropped_out_on
    }
    fn version(&self) -> i32 {
        self.0.version
    }
}

pub struct SlotGeneration(pub Generation);

#[graphql_object(context = Context, description = "生成探访时段的结果")]
impl SlotGeneration {
    /// Slots the month asks for now.
    fn wanted(&self) -> i32 {
        i32::try_from(self.0.wanted).unwrap_or(i32::MAX)
    }
    /// Of those, new in this run.
    fn created(&self) -> i32 {
        i32::try_from(self.0.created).unwrap_or(i32::MAX)
    }
    /// Open slots no longer asked for, now cancelled.
    fn cancelled(&self) -> i32 {
        i32::try_from(self.0.cancelled).unwrap_or(i32::MAX)
    }
}

pub struct PlanProposal(pub Proposal);

#[graphql_object(context = Context, description = "规划方案 — who should take which open slot (nothing is assigned until accepted)")]
impl PlanProposal {
    fn assignments(&self) -> Vec<PlanAssignment> {
        self.0.assignments.iter().cloned().map(PlanAssignment).collect()
    }
    /// Open slots no eligible visitor can take.
    fn uncovered_slot_ids(&self) -> Vec<&str> {
        self.0.uncovered.iter().map(SlotId::as_str).collect()
    }
    /// 缺口 — uncovered slots per village, with the elders they are for.
    async fn shortfall(&self, ctx: &Context) -> AppResult<Vec<VillageShortfall>> {
        let ids = self.0.uncovered.clone();
        let mut elders = ctx
            .run_call(move |c, call| service::plan::uncovered_elders(c, call, &ids))
            .await?;
        Ok(self
            .0
            .shortfall_by_village
            .iter()
            .map(|(village, slots)| VillageShortfall {
                village_code: village.clone(),
                slots: i32::try_from(*slots).unwrap_or(i32::MAX),
                elder_names: elders.remove(village).unwrap_or_default(),
            })
            .collect())
    }
    /// Sum of the links' costs: metres, less the continuity bonus.
    fn total_cost(&self) -> f64 {
        self.0.total_cost as f64
    }
}

pub struct PlanAssignment(Assignment);

#[graphql_object(context = Context, description = "一条规划 — a slot and the visitor proposed for it")]
impl PlanAssignment {
    fn slot_id(&self) -> &str {
        self.0.slot_id.as_str()
    }
    fn visitor_id(&self) -> &str {
        self.0.visitor_id.as_str()
    }
    /// Travel distance in metres.
    fn distance_m(&self) -> i32 {
        i32::try_from(self.0.distance_m).unwrap_or(i32::MAX)
    }
    /// The distance is the planner's fixed estimate (a location is not known).
    fn distance_estimated(&self) -> bool {
        self.0.distance_estimated
    }
    /// The visitor has visited this elder before.
    fn continuity(&self) -> bool {
        self.0.continuity
    }
}

#[derive(juniper::GraphQLObject)]
/// 缺口 — open slots of a village that no eligible visitor can take.
pub struct VillageShortfall {
    pub village_code: String,
    pub slots: i32,
    /// The elders of those slots, each once.
    pub elder_names: Vec<String>,
}

#[derive(juniper::GraphQLInputObject)]
/// One (slot, visitor) pair of a proposal to accept, as proposed or edited.
pub struct PlanAssignmentInput {
    pub slot_id: String,
    pub visitor_id: String,
}

#[derive(juniper::GraphQLObject)]
/// What became of one accepted pair.
pub struct AcceptedAssignment {
    pub slot_id: String,
    pub visitor_id: String,
    /// `null` when assigned; otherwise the refusal's code (e.g. `taken`).
    pub refused: Option<String>,
}

impl From<Accepted> for AcceptedAssignment {
    fn from(a: Accepted) -> AcceptedAssignment {
        AcceptedAssignment {
            slot_id: a.slot_id.into_string(),
            visitor_id: a.visitor_id.into_string(),
            refused: a.refused,
        }
    }
}

pub struct CoVisitorChoice(pub crate::service::slots::CoVisitorChoice);

#[graphql_object(context = Context, description = "同行成年人 — an adult a minor may name as co-visitor of an in-person slot")]
impl CoVisitorChoice {
    /// The account to pass as `claimSlot(coVisitorId:)`; not for showing.
    fn id(&self) -> &str {
        self.0.account.id.as_str()
    }
    /// The name, masked (张*愿).
    fn masked_name(&self) -> String {
        crate::domain::slot::masked_name(&self.0.account.display_name)
    }
    /// Of the minor's own school (else: serves where the slot is).
    fn same_school(&self) -> bool {
        self.0.same_school
    }
    fn visitor_kind(&self) -> Option<crate::domain::access::VisitorKind> {
        self.0.account.visitor_kind
    }
    /// The phone, masked (`138****5678`), when known.
    fn phone_masked(&self) -> Option<&str> {
        self.0.account.phone_masked.as_deref()
    }
}

/// 附近可认领 a page at a time.
pub struct NearbySlotConnection {
    pub edges: Vec<(String, NearbySlot)>,
    pub has_next_page: bool,
    pub total_count: usize,
}

#[graphql_object(context = Context, description = "附近可认领的时段，一页一页 — open slots near you, a page at a time")]
impl NearbySlotConnection {
    fn edges(&self) -> Vec<NearbySlotEdge<'_>> {
        self.edges
            .iter()
            .map(|(cursor, node)| NearbySlotEdge { cursor, node })
            .collect()
    }
    fn page_info(&self) -> super::connection::PageInfo {
        super::connection::PageInfo {
            has_next_page: self.has_next_page,
            end_cursor: self.edges.last().map(|(cursor, _)| cursor.clone()),
        }
    }
    /// How many slots match on all pages.
    fn total_count(&self) -> i32 {
        i32::try_from(self.total_count).unwrap_or(i32::MAX)
    }
}

pub struct NearbySlotEdge<'a> {
    cursor: &'a str,
    node: &'a NearbySlot,
}

#[graphql_object(context = Context, name = "NearbySlotEdge")]
impl NearbySlotEdge<'_> {
    fn cursor(&self) -> &str {
        self.cursor
    }
    fn node(&self) -> &NearbySlot {
        self.node
    }
}

#[derive(juniper::GraphQLObject)]
/// 评价项与量表 — a graded item of the visit form and the scale the district's paper form grades it on.
pub struct ItemScale {
    /// The record's JSON path, e.g. `health.mobility`.
    pub item: String,
    /// e.g. `change` (无变化/较好/较差), as in the record format.
    pub scale: String,
}

pub struct VisitorNoShows(pub service::no_shows::VisitorNoShows);

#[graphql_object(context = Context, description = "未到情况 — one visitor's no-shows, as their organizer reads them")]
impl VisitorNoShows {
    fn visitor_id(&self) -> &str {
        self.0.visitor_id.as_str()
    }
    fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// No-shows whose window ended in the last `days` days.
    fn in_period(&self) -> i32 {
        i32::try_from(self.0.in_period).unwrap_or(i32::MAX)
    }
    /// The district's rule: this many no-shows in `days` days halve the monthly capacity.
    fn limit(&self) -> i32 {
        i32::try_from(self.0.limit).unwrap_or(i32::MAX)
    }
    fn days(&self) -> i32 {
        i32::try_from(self.0.days).unwrap_or(i32::MAX)
    }
    /// Visits per month now (`null` when the visitor saved no profile).
    fn capacity_per_month(&self) -> Option<i32> {
        self.0.capacity_per_month
    }
    /// While the capacity is halved: the capacity before, which a restore gives back.
    fn reduced_from(&self) -> Option<i32> {
        self.0.reduction.as_ref().map(|r| r.original_capacity)
    }
    /// While the capacity is halved: when it was.
    fn reduced_at(&self) -> Option<DateTime<Utc>> {
        self.0.reduction.as_ref().map(|r| r.reduced_at.and_utc())
    }
    /// While the capacity is halved: the no-shows that halved it…
    fn reduced_for_no_shows(&self) -> Option<i32> {
        self.0.reduction.as_ref().map(|r| r.no_shows)
    }
    /// …in this many days.
    fn reduced_for_days(&self) -> Option<i32> {
        self.0.reduction.as_ref().map(|r| r.period_days)
    }
    /// Every no-show marked, newest first.
    fn no_shows(&self) -> Vec<NoShowEntry> {
        self.0.entries.iter().cloned().map(NoShowEntry).collect()
    }
}

pub struct NoShowEntry(pub service::no_shows::NoShowEntry);

#[graphql_object(context = Context, description = "一次未到")]
impl NoShowEntry {
    /// The last day of the slot's window.
    fn window_to(&self) -> NaiveDate {
        self.0.window_to
    }
    fn village_code(&self) -> &str {
        &self.0.village_code
    }
    /// The village's name.
    fn village(&self) -> &str {
        &self.0.village
    }
    /// The elder's surname and 老人.
    fn elder(&self) -> &str {
        &self.0.elder
    }
    /// What the visit was for (the requirement's label).
    fn label(&self) -> &str {
        &self.0.label
    }
}
