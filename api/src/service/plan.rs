//! 结对规划 — the planner over stored data: who should take which open slot of an area's month,
//! and accepting (part of) a proposal through the same exact-once path as a claim.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Call;
use crate::db::{slots, DbConn};
use crate::domain::access::{visitor_claim_area, Permission, VisitorKind};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::id::{AccountId, ElderId, SlotId};
use crate::domain::period::Month;
use crate::domain::planner::plan::{propose, PlanRules, Proposal, SlotDemand, VisitorSupply};
use crate::error::{AppError, AppResult};

/// 规划方案 — proposes, for the open slots of `month` in an area of the organizer's scope, who
/// takes which: as many slots covered as possible, then the least travel, preferring visitors
/// the elder already knows, and among equals those with fewer no-shows. Nothing is written: the organizer accepts all or part of it.
pub fn proposal(conn: &mut DbConn, call: &Call, month: Month, area_code: &str) -> AppResult<Proposal> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::PlanVisits, area_code)?;
    let month_code = month.to_string();
    let open = slots::open_in_month(conn, &scope, &area, &month_code, Some(call.today))?;
    let elder_ids: Vec<ElderId> = open.iter().map(|s| s.elder_id.clone()).collect();
    let mut known: HashMap<ElderId, Vec<AccountId>> = HashMap::new();
    for (elder, holder) in slots::previous_holders(conn, &elder_ids, &month_code)? {
        if let Some(holder) = holder {
            known.entry(elder).or_default().push(holder);
        }
    }
    let accounts = slots::visitors_in(conn, &scope, &area)?;
    let ids: Vec<AccountId> = accounts.iter().map(|u| u.id.clone()).collect();
    let profiles: HashMap<AccountId, _> = slots::profiles_of(conn, &ids)?
        .into_iter()
        .map(|p| (p.user_id.clone(), p))
        .collect();
    let villages = open
        .iter()
        .map(|s| &s.village_code)
        .chain(profiles.values().map(|p| &p.home_village_code));
    let centres = super::slots::village_centres(conn, villages.cloned())?;
    let demands: Vec<SlotDemand> = open
        .iter()
        .map(|s| SlotDemand {
            slot_id: s.id.clone(),
            elder_id: s.elder_id.clone(),
            village_code: s.village_code.clone(),
            town_code: s.village_code.get(..9).unwrap_or(&s.village_code).to_string(),
            // The elder's village centre (files carry no coordinates of their own).
            location: centres.get(&s.village_code).copied(),
            in_person: s.in_person,
            needs_professional: s.needs_professional,
            window: (s.window_from.max(call.today), s.window_to),
            previous_visitors: known.get(&s.elder_id).cloned().unwrap_or_default(),
        })
        .collect();

    let held: HashMap<AccountId, i64> = slots::held_counts(conn, &ids, &month_code)?
        .into_iter()
        .filter_map(|(holder, n)| Some((holder?, n)))
        .collect();
    // 未到: the no-shows of the district's period, for the tie-break (reliable visitors first).
    let rule = super::no_shows::rule_for(conn, call, area.as_str())?;
    let no_shows = super::no_shows::counts_since(conn, &ids, rule.period_start(call.today))?;
    // 培训: where the pack requires a training before an in-person visit, who attended none.
    let training_required = super::training::rule_for(conn, call, area.as_str())?.before_first_in_person;
    let attended = if training_required {
        super::training::attended_counts(conn, &ids)?
    } else {
        HashMap::new()
    };
    let days: Vec<_> = call
        .today
        .max(month.first_day())
        .iter_days()
        .take_while(|d| *d <= month.last_day())
        .collect();
    let supplies: Vec<VisitorSupply> = accounts
        .iter()
        .filter_map(|user| {
            let profile = profiles.get(&user.id).filter(|p| p.dropped_out_on.is_none())?;
            let home = AreaCode::parse(user.area_code.as_deref()?).ok()?;
            if home.level() != AreaLevel::Village {
                return None; // a student registered at a school: not placed in a town
            }
            let town = visitor_claim_area(&home);
            let sessions = attended.get(&user.id).copied().unwrap_or(0);
            let facts = super::slots::visitor_facts(user, profile, sessions);
            let taken = u32::try_from(held.get(&user.id).copied().unwrap_or(0)).unwrap_or(u32::MAX);
            Some(VisitorSupply {
                visitor_id: user.id.clone(),
                town_code: town.as_str().to_string(),
                location: super::slots::visitor_location(profile, &centres),
                remaining_capacity: facts.capacity_per_month.saturating_sub(taken),
                professional: facts.kind == VisitorKind::Professional,
                minor: facts.minor,
                available_days: days.iter().copied().filter(|d| facts.free_on(*d)).collect(),
                no_shows: no_shows.get(&user.id).copied().unwrap_or(0),
                untrained: training_required && sessions == 0,
            })
        })
        .collect();
    propose(&demands, &supplies, &PlanRules::default()).map_err(|e| AppError::Internal(format!("planner: {e:?}")))
}

/// 缺口老人 — the elders of `slot_ids` (a proposal's uncovered slots) by village code, each
/// named once: what the overview lists beside each village's shortfall, without the page having
/// to fetch every open slot of the month to find them.
pub fn uncovered_elders(
    conn: &mut DbConn,
    call: &Call,
    slot_ids: &[SlotId],
) -> AppResult<BTreeMap<String, Vec<String>>> {
    let scope = call.scope(Permission::PlanVisits)?;
    let open = slots::slots_in_by_ids(conn, &scope, slot_ids)?;
    let mut elder_ids: Vec<ElderId> = open.iter().map(|s| s.elder_id.clone()).collect();
    elder_ids.sort();
    elder_ids.dedup();
    let names: HashMap<ElderId, String> = crate::db::elders::find_many(conn, &scope, &elder_ids)?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    let mut by_village: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for slot in open {
        if let Some(name) = names.get(&slot.elder_id) {
            let list = by_village.entry(slot.village_code).or_default();
            if !list.contains(name) {
                list.push(name.clone());
            }
        }
    }
    Ok(by_village)
}

/// The outcome of accepting one proposed assignment.
#[derive(Debug, Clone, Serialize)]
pub struct Accepted {
    pub slot_id: SlotId,
    pub visitor_id: AccountId,
    /// `None` when assigned; otherwise the code of the refusal (e.g. `taken` when someone
    /// claimed the slot since the proposal).
    pub refused: Option<String>,
}

/// 采纳方案 — assigns each (slot, visitor) pair through [`super::slots::assign`], each in its
/// own transaction, so that a slot claimed since the proposal is reported, not overwritten.
pub fn accept(conn: &mut DbConn, call: &Call, pairs: &[(SlotId, AccountId)]) -> AppResult<Vec<Accepted>> {
    call.scope(Permission::PlanVisits)?;
    let mut outcomes = Vec::with_capacity(pairs.len());
    for (slot_id, visitor_id) in pairs {
        let refused = match super::slots::assign(conn, call, slot_id, visitor_id, None) {
            Ok(_) => None,
            Err(AppError::InvalidInput(input)) => {
                Some(input.fields.first().map(|f| f.code.clone()).unwrap_or_default())
            }
            Err(AppError::NotFound { .. }) => Some("not_found".to_string()),
            Err(other) => return Err(other),
        };
        outcomes.push(Accepted {
            slot_id: slot_id.clone(),
            visitor_id: visitor_id.clone(),
            refused,
        });
    }
    Ok(outcomes)
}
