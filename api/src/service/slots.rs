//! Use cases on visitor profiles and visit slots: generating a month's slots from the
//! compliance engine, claiming (exactly one holder), releasing, and assigning by an organizer.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, TimeDelta};
use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::json::JsonList;
use crate::db::models::{ElderRow, UserRow, VisitSlotRow, VisitorProfileRow};
use crate::db::{elders, slots, users, write_transaction, DbConn};
use crate::domain::access::{visitor_claim_area, AccountStatus, Permission, Role, Scope, VisitorKind};
use crate::domain::area::AreaCode;
use crate::domain::id::{AccountId, ElderId, SlotId};
use crate::domain::id_number::Sex;
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::period::Month;
use crate::domain::planner::plan::{distance_m, GeoPoint};
use crate::domain::slot::{
    check_claim, may_release, slots_of_month, CoVisitor, OrganisationKind, SlotFacts, SlotStatus, VisitorFacts,
};
use crate::error::{AppError, AppResult};

/// 探访人员档案 — what a visitor tells planners about themselves.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct VisitorProfileInput {
    pub organisation_kind: OrganisationKind,
    /// 学校、社工站、机构或志愿服务队的名称
    pub organisation_name: Option<String>,
    /// 常住村/社区 (12-digit code)
    pub home_village_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Visits per month the visitor can take (1–60).
    pub capacity_per_month: i32,
    /// ISO weekdays usually free: 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<i32>,
    /// Days not free despite the weekdays.
    pub unavailable_dates: Option<Vec<NaiveDate>>,
    /// e.g. 护理, 方言, 手语
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub sex: Option<Sex>,
}

/// Most visits a month one visitor may promise.
pub const MAX_CAPACITY_PER_MONTH: i32 = 60;

/// The signed-in visitor's account, approved or not (the claim rules refuse a pending one
/// with their own error).
fn visitor_account(conn: &mut DbConn, call: &Call) -> AppResult<UserRow> {
    if call.actor.role != Some(Role::Visitor) {
        return Err(if call.actor.is_signed_in() {
            AppError::Forbidden
        } else {
            AppError::Unauthenticated
        });
    }
    let id = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    users::by_id(conn, id)?.ok_or(AppError::Unauthenticated)
}

/// Saves the signed-in visitor's profile: creates it, or replaces it if `expected_version` is
/// still the stored version.
pub fn save_profile(
    conn: &mut DbConn,
    call: &Call,
    input: &VisitorProfileInput,
    expected_version: Option<i32>,
) -> AppResult<VisitorProfileRow> {
    let user = visitor_account(conn, call)?;
    let mut errors = InvalidInput::default();
    let village = errors.check("homeVillageCode", AreaCode::parse(&input.home_village_code));
    let name = errors.check(
        "organisationName",
        optional_text(input.organisation_name.as_deref().unwrap_or(""), 100),
    );
    if !(1..=MAX_CAPACITY_PER_MONTH).contains(&input.capacity_per_month) {
        errors.add(
            "capacityPerMonth",
            "out_of_range",
            format!("每月可探访次数应在 1 到 {MAX_CAPACITY_PER_MONTH} 之间"),
        );
    }
    // ISO weekday numbers, each 1 (Monday) to 7 (Sunday), at least one.
    let weekdays: Option<BTreeSet<u8>> = input
        .weekdays
        .iter()
        .map(|d| u8::try_from(*d).ok().filter(|d| (1..=7).contains(d)))
        .collect();
    let weekdays = weekdays.filter(|days| !days.is_empty());
    if weekdays.is_none() {
        errors.add(
            "weekdays",
            "out_of_range",
            "请选择每周可服务的日子（1 = 周一 … 7 = 周日）",
        );
    }
    super::areas::check_location(&mut errors, input.latitude, input.longitude);
    let (village, name, weekdays) = errors.finish(|| Some((village?, name?, weekdays?)))?;
    if crate::db::areas::find_many(conn, &[village.as_str().to_string()])?.is_empty() {
        return Err(AppError::field("homeVillageCode", "unknown_area", "没有这个村/社区"));
    }
    let dates: BTreeSet<NaiveDate> = input.unavailable_dates.iter().flatten().copied().collect();
    // An empty skill or language says nothing: it is left out, as the comma-joined lists did.
    let named = |items: &Option<Vec<String>>| -> JsonList<String> {
        items
            .iter()
            .flatten()
            .filter(|item| !item.is_empty())
            .cloned()
            .collect()
    };
    let row = VisitorProfileRow {
        user_id: user.id.clone(),
        organisation_kind: input.organisation_kind,
        organisation_name: name,
        home_village_code: village.as_str().to_string(),
        latitude: input.latitude,
        longitude: input.longitude,
        capacity_per_month: input.capacity_per_month,
        weekdays: weekdays.into_iter().collect(),
        unavailable_dates: dates.into_iter().collect(),
        skills: named(&input.skills),
        languages: named(&input.languages),
        sex: input.sex,
        dropped_out_on: None,
        version: expected_version.map_or(1, |v| v + 1),
        updated_at: call.now,
    };
    write_transaction(conn, |conn| {
        super::no_shows::check_saved_capacity(conn, &user.id, row.capacity_per_month)?;
        match (slots::profile(conn, &user.id)?, expected_version) {
            (None, _) => slots::insert_profile(conn, &row)?,
            (Some(_), Some(version)) => {
                if !slots::replace_profile(conn, &row, version)? {
                    return Err(AppError::VersionConflict);
                }
            }
            (Some(_), None) => return Err(AppError::VersionConflict),
        }
        let subject = Subject {
            object_type: "visitor_profile",
            object_id: Some(row.user_id.as_str()),
            area_code: Some(&row.home_village_code),
        };
        let after = json!({"capacityPerMonth": row.capacity_per_month, "weekdays": row.weekdays,
                           "organisationKind": row.organisation_kind});
        audit::record(conn, call, "visitor_profile.save", subject, None, None, Some(&after))?;
        Ok(row.clone())
    })
}

/// The signed-in visitor's profile, if saved.
pub fn my_profile(conn: &mut DbConn, call: &Call) -> AppResult<Option<VisitorProfileRow>> {
    let user = visitor_account(conn, call)?;
    Ok(slots::profile(conn, &user.id)?)
}

/// A visitor's profile, for an organizer whose scope holds the visitor's account.
pub fn profile_of(conn: &mut DbConn, call: &Call, user_id: &AccountId) -> AppResult<Option<VisitorProfileRow>> {
    let scope = call.scope(Permission::PlanVisits)?;
    if let Some(profile) = slots::profile_in(conn, &scope, user_id)? {
        return Ok(Some(profile));
    }
    // No profile in scope: say whether the account is unknown here or has none saved yet.
    users::find(conn, &scope, user_id)?.ok_or(AppError::NotFound { what: "探访人员" })?;
    Ok(None)
}

/// What one run of slot generation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generation {
    /// Slots the month asks for now.
    pub wanted: usize,
    /// Of those, new in this run.
    pub created: usize,
    /// Open slots no longer asked for (tier changed, surge withdrawn, requirement met or
    /// window passed), now cancelled. Claimed and done slots are never touched.
    pub cancelled: usize,
}

/// 生成探访时段 — turns what every elder of an area owes in `month` into slots. Running it
/// again changes nothing unless the requirements changed.
pub fn generate(conn: &mut DbConn, call: &Call, month: Month, area_code: &str) -> AppResult<Generation> {
    let scope = call.scope(Permission::PlanVisits)?;
    let Some(found) = super::policies::area_months(conn, call, month, area_code)? else {
        return Err(AppError::field("areaCode", "no_pack", "该区县尚未选择政策包"));
    };
    let month_code = month.to_string();
    let mut wanted: Vec<VisitSlotRow> = Vec::new();
    for (row, evaluated) in found.rows.iter().zip(&found.months) {
        for spec in slots_of_month(evaluated, call.today) {
            wanted.push(VisitSlotRow {
                id: SlotId::fresh(),
                elder_id: row.id.clone(),
                village_code: row.village_code.clone(),
                month: month_code.clone(),
                requirement_key: spec.requirement_key,
                seq: i32::try_from(spec.seq).unwrap_or(i32::MAX),
                label: spec.label,
                modes: spec.modes.into(),
                in_person: spec.in_person,
                needs_professional: false,
                window_from: spec.from,
                window_to: spec.to,
                status: SlotStatus::Open,
                holder_id: None,
                co_visitor_id: None,
                claimed_at: None,
                assigned_by: None,
                created_at: call.now,
                updated_at: call.now,
            });
        }
    }
    write_transaction(conn, |conn| {
        let created = slots::insert_new_slots(conn, &wanted)?;
        let key = |s: &VisitSlotRow| (s.elder_id.clone(), s.requirement_key.clone(), s.window_from, s.seq);
        let still: HashSet<_> = wanted.iter().map(key).collect();
        let stale: Vec<SlotId> = slots::open_in_month(conn, &scope, &found.area, &month_code, None)?
            .iter()
            .filter(|s| !still.contains(&key(s)))
            .map(|s| s.id.clone())
            .collect();
        let cancelled = slots::cancel_open(conn, &stale, call.now)?;
        let result = Generation {
            wanted: wanted.len(),
            created,
            cancelled,
        };
        let subject = Subject {
            object_type: "visit_slots",
            object_id: None,
            area_code: Some(found.area.as_str()),
        };
        let after = json!({"month": month_code, "wanted": result.wanted, "created": created, "cancelled": cancelled});
        audit::record(conn, call, "slots.generate", subject, None, None, Some(&after))?;
        Ok(result)
    })
}

/// Most slots one page of [`area_slots`] holds, and what a page holds when no size is asked.
pub const MAX_SLOT_PAGE: i64 = 500;

/// Which of an area's slots to list.
#[derive(Debug, Clone, Default)]
pub struct SlotQuery {
    pub status: Option<SlotStatus>,
    /// 临期未认领 — only open slots whose window ends within this many days from today
    /// (still running), for organizers to cover by hand.
    pub unclaimed_due_within_days: Option<i64>,
    /// The `id` of the last slot seen: the page starts after it.
    pub after: Option<SlotId>,
    /// Page size, at most [`MAX_SLOT_PAGE`] (the default).
    pub first: Option<i64>,
}

/// A page of the slots of an area in scope for a month, in window order (window start, then
/// id). A page shorter than asked for is the last.
pub fn area_slots(
    conn: &mut DbConn,
    call: &Call,
    month: Month,
    area_code: &str,
    query: &SlotQuery,
) -> AppResult<Vec<VisitSlotRow>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::PlanVisits, area_code)?;
    let after = match &query.after {
        Some(id) => Some(
            slots::position_in_area(conn, &scope, &area, id)?
                .ok_or_else(|| AppError::field("after", "bad_cursor", "分页游标无效 (no such slot in this area)"))?,
        ),
        None => None,
    };
    let mut page = slots::SlotPage {
        status: query.status,
        window_ends_within: None,
        after,
        limit: query.first.unwrap_or(MAX_SLOT_PAGE).clamp(1, MAX_SLOT_PAGE),
    };
    if let Some(days) = query.unclaimed_due_within_days {
        if query.status.is_some_and(|s| s != SlotStatus::Open) {
            return Ok(Vec::new()); // only open slots are unclaimed
        }
        page.status = Some(SlotStatus::Open);
        page.window_ends_within = Some((call.today, call.today + TimeDelta::days(days.clamp(0, 92))));
    }
    Ok(slots::slots_page(conn, &scope, &area, &month.to_string(), &page)?)
}

/// 未到 — the claimed slots of an area's `month` whose window has ended with no record, no
/// contact attempt and no release (no-shows), in window order, at most [`MAX_SLOT_PAGE`]. For
/// the organizer to see; marking them is another use case.
pub fn no_shows(conn: &mut DbConn, call: &Call, month: Month, area_code: &str) -> AppResult<Vec<VisitSlotRow>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::PlanVisits, area_code)?;
    Ok(slots::no_shows(
        conn,
        &scope,
        &area,
        &month.to_string(),
        call.today,
        MAX_SLOT_PAGE,
    )?)
}

/// The centres of the given villages (repeats allowed) that have one.
pub(crate) fn village_centres(
    conn: &mut DbConn,
    codes: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, GeoPoint>> {
    let codes: Vec<String> = codes.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
    Ok(crate::db::areas::find_many(conn, &codes)?
        .into_iter()
        .filter_map(|a| {
            Some((
                a.code,
                GeoPoint {
                    lat: a.latitude?,
                    lon: a.longitude?,
                },
            ))
        })
        .collect())
}

/// Where a visitor starts from: their own coordinates, else their home village's centre.
pub(crate) fn visitor_location(profile: &VisitorProfileRow, centres: &HashMap<String, GeoPoint>) -> Option<GeoPoint> {
    match (profile.latitude, profile.longitude) {
        (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
        _ => centres.get(&profile.home_village_code).copied(),
    }
}

/// 附近可认领 — open slots in the visitor's area whose window is still ahead or running and
/// starts within `days` days, nearest first (from the visitor's location, or home village, to
/// the elder's village centre; slots of villages without a centre last), then by window.
/// Each comes with its distance in metres when known.
pub fn open_near_me(
    conn: &mut DbConn,
    call: &Call,
    days: i64,
    in_person: Option<bool>,
) -> AppResult<Vec<(VisitSlotRow, Option<i64>)>> {
    let user = visitor_account(conn, call)?;
    let scope = call.scope(Permission::ClaimSlots)?;
    let Some(area) = claim_area(&user) else {
        return Ok(Vec::new());
    };
    let until = call.today + TimeDelta::days(days.clamp(1, 92));
    let found: Vec<VisitSlotRow> = slots::open_slots(conn, &scope, &area, call.today, until)?
        .into_iter()
        .filter(|s| in_person.is_none_or(|p| s.in_person == p))
        .collect();
    let profile = slots::profile(conn, &user.id)?;
    let codes = found
        .iter()
        .map(|s| &s.village_code)
        .chain(profile.iter().map(|p| &p.home_village_code));
    let centres = village_centres(conn, codes.cloned())?;
    let start = profile.as_ref().and_then(|p| visitor_location(p, &centres));
    let mut near: Vec<(VisitSlotRow, Option<i64>)> = found
        .into_iter()
        .map(|s| {
            let distance = start
                .zip(centres.get(&s.village_code).copied())
                .map(|(a, b)| distance_m(a, b));
            (s, distance)
        })
        .collect();
    near.sort_by_key(|(s, d)| NearbyKey::of(s, *d));
    Ok(near)
}

/// Where a slot stands in the 附近可认领 order of [`open_near_me`]: nearest first (slots of
/// villages without a centre last), then by window start, then by id. A page starts after
/// the key of the last slot seen, so slots claimed meanwhile shift nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NearbyKey {
    unknown: bool,
    distance_m: i64,
    window_from: NaiveDate,
    id: SlotId,
}

impl NearbyKey {
    pub fn of(slot: &VisitSlotRow, distance_m: Option<i64>) -> NearbyKey {
        NearbyKey {
            unknown: distance_m.is_none(),
            distance_m: distance_m.unwrap_or(0),
            window_from: slot.window_from,
            id: slot.id.clone(),
        }
    }

    /// `0|1200|2026-12-01|<slot id>`, the text inside a cursor.
    pub fn encode(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            u8::from(self.unknown),
            self.distance_m,
            self.window_from,
            self.id.as_str()
        )
    }

    /// Inverse of [`NearbyKey::encode`]; `None` for anything else.
    pub fn decode(text: &str) -> Option<NearbyKey> {
        let mut parts = text.splitn(4, '|');
        let unknown = match parts.next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        let distance_m = parts.next()?.parse().ok()?;
        let window_from = parts.next()?.parse().ok()?;
        let id = parts.next().filter(|id| !id.is_empty())?;
        Some(NearbyKey {
            unknown,
            distance_m,
            window_from,
            id: SlotId::from(id.to_string()),
        })
    }
}

/// One page of [`open_near_me`].
#[derive(Debug, Clone)]
pub struct NearbyPage {
    /// Each slot with its distance in metres when known, and its place in the order.
    pub slots: Vec<(VisitSlotRow, Option<i64>, NearbyKey)>,
    /// Slots on every page.
    pub total: usize,
    pub has_next: bool,
}

/// A page of [`open_near_me`]: only slots within `within_m` metres (when given; a slot of
/// unknown distance is then left out), the `limit` after `after`. The list is ordered and
/// counted on the server; only the page's slots are sent.
pub fn open_near_me_page(
    conn: &mut DbConn,
    call: &Call,
    days: i64,
    in_person: Option<bool>,
    within_m: Option<i64>,
    after: Option<&NearbyKey>,
    limit: usize,
) -> AppResult<NearbyPage> {
    let near: Vec<(VisitSlotRow, Option<i64>, NearbyKey)> = open_near_me(conn, call, days, in_person)?
        .into_iter()
        .filter(|(_, d)| within_m.is_none_or(|max| d.is_some_and(|d| d <= max)))
        .map(|(slot, d)| {
            let key = NearbyKey::of(&slot, d);
            (slot, d, key)
        })
        .collect();
    let total = near.len();
    let mut rest: Vec<_> = near
        .into_iter()
        .filter(|(_, _, key)| after.is_none_or(|after| key > after))
        .take(limit.saturating_add(1))
        .collect();
    let has_next = rest.len() > limit;
    rest.truncate(limit);
    Ok(NearbyPage {
        slots: rest,
        total,
        has_next,
    })
}

/// 评价量表 — the scale of each graded item (by JSON path) on the visit form of a slot the
/// signed-in visitor holds: the one of the record form the pack of the slot's district names
/// ([`crate::domain::record::print::item_scales`]).
pub fn form_scales(
    conn: &mut DbConn,
    call: &Call,
    slot_id: &SlotId,
) -> AppResult<Vec<(&'static str, crate::domain::record::scale::Scale)>> {
    use crate::domain::record::print::{item_scales, PaperForm};
    let user = visitor_account(conn, call)?;
    let slot = slots::held_slot(conn, &user.id, slot_id)?.ok_or(AppError::NotFound { what: "探访时段" })?;
    let forms = super::exports::forms_of_area(conn, call, &slot.village_code)?;
    let form = forms.record.and_then(|code| PaperForm::parse(code.as_str()));
    Ok(item_scales(form))
}

/// 我的日程 — the slots the signed-in visitor holds whose window has not passed.
pub fn my_schedule(conn: &mut DbConn, call: &Call) -> AppResult<Vec<VisitSlotRow>> {
    let user = visitor_account(conn, call)?;
    Ok(slots::held_by(conn, &user.id, call.today)?)
}

/// The area a visitor account claims in ([`visitor_claim_area`] of its home).
pub(crate) fn claim_area(user: &UserRow) -> Option<AreaCode> {
    AreaCode::parse(user.area_code.as_deref()?)
        .ok()
        .map(|home| visitor_claim_area(&home))
}

/// What the claim rules read of a visitor, who attended `sessions_attended` training sessions.
pub(crate) fn visitor_facts(user: &UserRow, profile: &VisitorProfileRow, sessions_attended: u32) -> VisitorFacts {
    VisitorFacts {
        approved: user.status == AccountStatus::Active,
        // A visitor account without a kind (created before kinds were asked) is a volunteer.
        kind: user.visitor_kind.unwrap_or(VisitorKind::Volunteer),
        minor: user.is_minor,
        dropped_out: profile.dropped_out_on.is_some(),
        capacity_per_month: u32::try_from(profile.capacity_per_month).unwrap_or(0),
        weekdays: profile.weekdays.iter().copied().map(u32::from).collect(),
        unavailable: profile.unavailable_dates.iter().copied().collect(),
        sessions_attended,
    }
}

/// What the claim rules read of a slot, in a district whose pack does (`training_required`)
/// or does not require a training before an in-person visit.
fn slot_facts(slot: &VisitSlotRow, training_required: bool) -> SlotFacts {
    SlotFacts {
        status: slot.status,
        in_person: slot.in_person,
        needs_professional: slot.needs_professional,
        from: slot.window_from,
        to: slot.window_to,
        training_required,
    }
}

/// Whether `visitor` could claim `slot` today on their own, by the same rules a claim is
/// checked by ([`check_claim`], with no co-visitor): in their claim area, approved, not
/// dropped out, under their monthly capacity (`held_in_month` of the slot's month), free in
/// the window, a professional where one is needed, not a minor for an in-person visit, and
/// trained (`sessions_attended`) for an in-person visit where the pack (`training_required`)
/// asks for it.
pub(crate) fn could_claim(
    slot: &VisitSlotRow,
    visitor: &UserRow,
    profile: &VisitorProfileRow,
    held_in_month: u32,
    training: (bool, u32),
    today: NaiveDate,
) -> bool {
    let in_area = AreaCode::parse(&slot.village_code)
        .ok()
        .is_some_and(|village| claim_area(visitor).is_some_and(|area| area.contains(&village)));
    visitor.role == Role::Visitor
        && in_area
        && check_claim(
            &slot_facts(slot, training.0),
            &visitor_facts(visitor, profile, training.1),
            held_in_month,
            None,
            today,
        )
        .is_ok()
}

/// An adult who may go with a minor: their account, and whether they are of the minor's school
/// (else they serve where the slot is).
#[derive(Debug, Clone)]
pub struct CoVisitorChoice {
    pub account: UserRow,
    pub same_school: bool,
}

/// Most adults [`co_visitor_choices`] offers.
pub const MAX_CO_VISITOR_CHOICES: usize = 50;

/// 同行成年人 — the adults the signed-in visitor (a minor, for an in-person slot) may name as
/// co-visitor of `slot_id`, a slot of their claim area. Decision (DOMAIN §1: a minor is never
/// sent alone): approved adult visitor accounts who have not dropped out, other than the
/// caller, that are either of the caller's school (teachers and adult students registered as
/// visitors) or serve where the slot is (their claim area holds the slot's village, as for
/// claiming it themselves). The claim rules check the same of the one chosen
/// ([`check_claim`]: approved, adult). Same school first, then by name; at most
/// [`MAX_CO_VISITOR_CHOICES`].
pub fn co_visitor_choices(conn: &mut DbConn, call: &Call, slot_id: &SlotId) -> AppResult<Vec<CoVisitorChoice>> {
    let user = visitor_account(conn, call)?;
    let scope = claim_area(&user).map_or(Scope::Nothing, Scope::Area);
    let slot = slots::slot_in(conn, &scope, slot_id)?.ok_or(AppError::NotFound { what: "探访时段" })?;
    let village = AreaCode::parse(&slot.village_code).map_err(|_| AppError::NotFound { what: "探访时段" })?;
    let town = village.parent().unwrap_or_else(|| village.clone());
    let limit = i64::try_from(MAX_CO_VISITOR_CHOICES).unwrap_or(i64::MAX);
    let found = slots::adult_visitors_for(conn, &town, user.school_id.as_ref(), &user.id, limit)?;
    let ids: Vec<AccountId> = found.iter().map(|u| u.id.clone()).collect();
    let dropped: HashSet<AccountId> = slots::profiles_of(conn, &ids)?
        .into_iter()
        .filter(|p| p.dropped_out_on.is_some())
        .map(|p| p.user_id)
        .collect();
    let mut seen = HashSet::new();
    let mut choices: Vec<CoVisitorChoice> = found
        .into_iter()
        .filter(|u| !dropped.contains(&u.id))
        .filter_map(|account| {
            let same_school = user.school_id.is_some() && account.school_id == user.school_id;
            let serves_here = claim_area(&account).is_some_and(|area| area.contains(&village));
            (same_school || serves_here).then_some(CoVisitorChoice { account, same_school })
        })
        .filter(|c| seen.insert(c.account.id.clone()))
        .collect();
    choices.sort_by(|a, b| {
        (!a.same_school, &a.account.display_name, &a.account.id).cmp(&(
            !b.same_school,
            &b.account.display_name,
            &b.account.id,
        ))
    });
    choices.truncate(MAX_CO_VISITOR_CHOICES);
    Ok(choices)
}

/// Gives `slot_id` to `visitor_id` under the claim rules, in one write transaction; the slot
/// changes hands only if still open. The slot is read through `scope`: the claim area of a
/// visitor claiming it themselves, or the area of the organizer assigning it (`assigned`).
fn take(
    conn: &mut DbConn,
    call: &Call,
    slot_id: &SlotId,
    visitor_id: &AccountId,
    co_visitor_id: Option<&AccountId>,
    scope: &Scope,
    assigned: bool,
) -> AppResult<VisitSlotRow> {
    let not_found = || AppError::NotFound { what: "探访时段" };
    let assigned_by = assigned.then_some(call.actor.label.as_str());
    write_transaction(conn, |conn| {
        slots::lock_visitor(conn, visitor_id)?;
        let slot = slots::slot_in(conn, scope, slot_id)?.ok_or_else(not_found)?;
        let visitor = users::by_id(conn, visitor_id)?
            .filter(|u| u.role == Role::Visitor)
            .ok_or_else(|| AppError::field("visitorId", "not_a_visitor", "没有这个探访人员"))?;
        if assigned {
            // The organizer's scope holds the slot; the visitor must also serve there.
            let village = AreaCode::parse(&slot.village_code).map_err(|_| not_found())?;
            if !claim_area(&visitor).is_some_and(|area| area.contains(&village)) {
                return Err(AppError::field("visitorId", "outside_area", "该探访人员不在此镇街服务"));
            }
        }
        let profile = slots::profile(conn, visitor_id)?.ok_or_else(|| {
            AppError::field(
                "visitorId",
                "no_profile",
                "请先填写探访人员档案（可服务时间、每月次数）",
            )
        })?;
        let co_visitor = match co_visitor_id {
            Some(id) => {
                let co = users::by_id(conn, id)?
                    .filter(|u| u.role == Role::Visitor && &u.id != visitor_id)
                    .ok_or_else(|| AppError::field("coVisitorId", "not_a_visitor", "同行人须为探访人员"))?;
                Some(CoVisitor {
                    approved: co.status == AccountStatus::Active,
                    minor: co.is_minor,
                })
            }
            None => None,
        };
        let held = u32::try_from(slots::held_in_month(conn, visitor_id, &slot.month)?).unwrap_or(u32::MAX);
        // 培训: the district's pack may require a training before an in-person visit.
        let training_required =
            slot.in_person && super::training::rule_for(conn, call, &slot.village_code)?.before_first_in_person;
        let attended = if training_required {
            super::training::attended_counts(conn, std::slice::from_ref(visitor_id))?
                .get(visitor_id)
                .copied()
                .unwrap_or(0)
        } else {
            0
        };
        check_claim(
            &slot_facts(&slot, training_required),
            &visitor_facts(&visitor, &profile, attended),
            held,
            co_visitor,
            call.today,
        )?;
        if !slots::claim(conn, slot_id, visitor_id, co_visitor_id, assigned_by, call.now)? {
            return Err(AppError::field("slotId", "taken", "该时段已被认领或已关闭"));
        }
        let subject = Subject {
            object_type: "visit_slot",
            object_id: Some(slot.id.as_str()),
            area_code: Some(&slot.village_code),
        };
        let action = if assigned_by.is_some() {
            "slot.assign"
        } else {
            "slot.claim"
        };
        let after = json!({"holder": visitor_id, "coVisitor": co_visitor_id});
        audit::record(conn, call, action, subject, None, None, Some(&after))?;
        let claimed = slots::find_slot(conn, slot_id)?.ok_or_else(not_found)?;
        super::messages::claim_confirmed(conn, call, &claimed, &visitor)?;
        Ok(claimed)
    })
}

/// 认领 — the signed-in visitor claims an open slot in their area (a minor's in-person slot
/// with an adult co-visitor).
pub fn claim(
    conn: &mut DbConn,
    call: &Call,
    slot_id: &SlotId,
    co_visitor_id: Option<&AccountId>,
) -> AppResult<VisitSlotRow> {
    let user = visitor_account(conn, call)?;
    // The claim area of the account, approved or not: a pending visitor is told so by the
    // claim rules (`not_approved`) rather than not finding the slot.
    let scope = claim_area(&user).map_or(Scope::Nothing, Scope::Area);
    take(conn, call, slot_id, &user.id, co_visitor_id, &scope, false)
}

/// 指派 — an organizer gives an open slot of their area to a visitor, under the same rules.
pub fn assign(
    conn: &mut DbConn,
    call: &Call,
    slot_id: &SlotId,
    visitor_id: &AccountId,
    co_visitor_id: Option<&AccountId>,
) -> AppResult<VisitSlotRow> {
    let scope = call.scope(Permission::PlanVisits)?;
    take(conn, call, slot_id, visitor_id, co_visitor_id, &scope, true)
}

/// 退回 — the holder gives a slot back, until the day before its window opens.
pub fn release(conn: &mut DbConn, call: &Call, slot_id: &SlotId) -> AppResult<VisitSlotRow> {
    let user = visitor_account(conn, call)?;
    let not_found = || AppError::NotFound { what: "探访时段" };
    write_transaction(conn, |conn| {
        let slot = slots::held_slot(conn, &user.id, slot_id)?.ok_or_else(not_found)?;
        if !may_release(slot.window_from, call.today) {
            return Err(AppError::field(
                "slotId",
                "past_cutoff",
                "时段开始前一天之后不能退回，请联系镇街组织者",
            ));
        }
        give_back(conn, call, &user.id, &slot, None)
    })
}

/// Gives `slot` back to the open pool from `holder_id`, in the caller's transaction, and
/// audits `slot.release` (with `reason` when one is given: a contact attempt that did not
/// reach the elder). The caller has checked that it may.
pub(crate) fn give_back(
    conn: &mut DbConn,
    call: &Call,
    holder_id: &AccountId,
    slot: &VisitSlotRow,
    reason: Option<&str>,
) -> AppResult<VisitSlotRow> {
    if !slots::release(conn, &slot.id, holder_id, call.now)? {
        return Err(AppError::field("slotId", "not_held", "该时段不在你名下"));
    }
    let subject = Subject {
        object_type: "visit_slot",
        object_id: Some(slot.id.as_str()),
        area_code: Some(&slot.village_code),
    };
    audit::record(conn, call, "slot.release", subject, reason, None, None)?;
    let released = slots::find_slot(conn, &slot.id)?.ok_or(AppError::NotFound { what: "探访时段" })?;
    super::notices::offer_slot(conn, call, &released, Some(holder_id))?;
    Ok(released)
}

/// 退出 — a visitor drops out (ill, moved, left the team): an organizer gives every slot they
/// hold whose window has not passed back to the open pool, with a reason, and the visitor
/// neither claims nor is planned until they save their profile again. Nobody else's slots
/// move; the next `planProposal` covers the freed ones.
pub fn drop_out(conn: &mut DbConn, call: &Call, visitor_id: &AccountId, reason: &str) -> AppResult<Vec<SlotId>> {
    let scope = call.scope(Permission::PlanVisits)?;
    let mut errors = InvalidInput::default();
    let reason = errors.check("reason", crate::domain::input::required_text(reason, 500));
    let reason = errors.finish(|| reason)?;
    let visitor = users::find(conn, &scope, visitor_id)?
        .filter(|u| u.role == Role::Visitor)
        .ok_or(AppError::NotFound { what: "探访人员" })?;
    write_transaction(conn, |conn| {
        let released = release_held(conn, call, visitor_id)?;
        slots::set_dropped_out(conn, visitor_id, call.today)?;
        let subject = Subject {
            object_type: "visitor",
            object_id: Some(visitor_id.as_str()),
            area_code: visitor.area_code.as_deref(),
        };
        let after = json!({"released": released});
        audit::record(
            conn,
            call,
            "visitor.drop_out",
            subject,
            Some(&reason),
            None,
            Some(&after),
        )?;
        Ok(released)
    })
}

/// Gives every slot `visitor_id` holds whose window has not passed back to the open pool and
/// offers each to others (the visitor dropped out or was suspended); returns their ids. Runs
/// inside the caller's transaction.
pub(super) fn release_held(conn: &mut DbConn, call: &Call, visitor_id: &AccountId) -> AppResult<Vec<SlotId>> {
    let released = slots::release_all(conn, visitor_id, call.today, call.now)?;
    for id in &released {
        if let Some(slot) = slots::find_slot(conn, id)? {
            super::notices::offer_slot(conn, call, &slot, Some(visitor_id))?;
        }
    }
    Ok(released)
}

/// 需专业人员 — an organizer marks whether a slot of their area needs a professional visitor
/// (e.g. an elder who is 重度/完全失能).
pub fn require_professional(conn: &mut DbConn, call: &Call, slot_id: &SlotId, needed: bool) -> AppResult<VisitSlotRow> {
    let scope = call.scope(Permission::PlanVisits)?;
    let not_found = || AppError::NotFound { what: "探访时段" };
    write_transaction(conn, |conn| {
        let slot = slots::slot_in(conn, &scope, slot_id)?.ok_or_else(not_found)?;
        slots::set_needs_professional(conn, slot_id, needed, call.now)?;
        let subject = Subject {
            object_type: "visit_slot",
            object_id: Some(slot.id.as_str()),
            area_code: Some(&slot.village_code),
        };
        let after = json!({"needsProfessional": needed});
        audit::record(
            conn,
            call,
            "slot.require_professional",
            subject,
            None,
            None,
            Some(&after),
        )?;
        slots::find_slot(conn, slot_id)?.ok_or_else(not_found)
    })
}

/// A slot and, for the people who go there, who is visited.
pub type SlotWithElder = (VisitSlotRow, Option<ElderRow>);

/// Who is visited in each slot, for the people who go there: a slot's holder and co-visitor
/// see the elder's file (name, address; the phone stays masked); staff whose scope holds the
/// elder see it too; anyone else, nothing. At most two queries for the whole list.
pub fn with_elders(conn: &mut DbConn, call: &Call, slots: Vec<VisitSlotRow>) -> AppResult<Vec<SlotWithElder>> {
    let me = call.actor.user_id.as_ref();
    let goes =
        |slot: &VisitSlotRow| me.is_some() && (slot.holder_id.as_ref() == me || slot.co_visitor_id.as_ref() == me);
    let ids = |held: bool| -> Vec<ElderId> {
        let mut ids: Vec<ElderId> = slots
            .iter()
            .filter(|s| goes(s) == held)
            .map(|s| s.elder_id.clone())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let by_id =
        |rows: Vec<ElderRow>| -> HashMap<ElderId, ElderRow> { rows.into_iter().map(|e| (e.id.clone(), e)).collect() };
    let (held, others) = (ids(true), ids(false));
    let to_holder = match held.is_empty() {
        true => HashMap::new(),
        false => by_id(elders::visited_by(conn, &call.actor, &held)?),
    };
    let to_staff = match call.actor.scope_for(Permission::ReadElders) {
        Scope::Nothing => HashMap::new(),
        _ if others.is_empty() => HashMap::new(),
        staff => by_id(elders::find_many(conn, &staff, &others)?),
    };
    Ok(slots
        .into_iter()
        .map(|slot| {
            let seen = if goes(&slot) { &to_holder } else { &to_staff };
            let elder = seen.get(&slot.elder_id).cloned();
            (slot, elder)
        })
        .collect())
}

/// [`with_elders`] for one slot.
pub fn with_elder(conn: &mut DbConn, call: &Call, slot: VisitSlotRow) -> AppResult<SlotWithElder> {
    with_elders(conn, call, vec![slot])?
        .pop()
        .ok_or_else(|| AppError::Internal("a slot was lost on the way".into()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_nearby_key_reads_back_and_orders_nearest_first_unknown_last() {
        let key = |unknown, d, day: &str, id: &str| NearbyKey {
            unknown,
            distance_m: d,
            window_from: day.parse().unwrap(),
            id: SlotId::from(id.to_string()),
        };
        let near = key(false, 900, "2026-12-16", "b");
        assert_eq!(NearbyKey::decode(&near.encode()), Some(near.clone()));
        assert!(near < key(false, 900, "2026-12-16", "c"));
        assert!(near < key(false, 1000, "2026-12-01", "a"));
        assert!(key(false, 99_999, "2026-12-31", "z") < key(true, 0, "2026-12-01", "a"));
        assert_eq!(NearbyKey::decode("2|1|2026-12-01|x"), None);
        assert_eq!(NearbyKey::decode("0|1|2026-12-01|"), None);
        assert_eq!(NearbyKey::decode("garbage"), None);
    }
}
