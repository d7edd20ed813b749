//! 未到 — the daily job that marks each claimed slot whose window ended with nothing done for
//! it (no visit record, no contact attempt, no release) and tells its visitor; after the
//! pack's limit of no-shows in its period, the visitor's monthly capacity is halved and they
//! are told why. An organizer of the visitor's area reads the no-shows per visitor and
//! restores the capacity; both changes are audited.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, TimeDelta};
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::{UserRow, VisitSlotRow, VisitorProfileRow};
use crate::db::no_shows::{self, CapacityReductionRow, NoShowRow};
use crate::db::{areas, elders, slots, users, write_transaction, DbConn};
use crate::domain::access::{Permission, Role, Scope};
use crate::domain::calendar::surname;
use crate::domain::id::AccountId;
use crate::domain::message::MessageKind;
use crate::domain::no_show::{halved, NoShowRule, MARK_LOOKBACK_DAYS};
use crate::error::{AppError, AppResult};
use crate::notify::queue::{self, Message};

/// The no-show rule of the pack a district runs today (the platform's default when it runs
/// none).
pub(crate) fn rule_for(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<NoShowRule> {
    let Some(district) = super::policies::district_of(area_code) else {
        return Ok(NoShowRule::platform_default());
    };
    Ok(super::policies::pack_on(conn, call, district.as_str(), call.today)?
        .map_or_else(NoShowRule::platform_default, |p| p.no_shows.clone()))
}

fn day_words(day: NaiveDate) -> String {
    day.format("%-m月%-d日").to_string()
}

fn window_words(slot: &VisitSlotRow) -> (String, String) {
    if slot.window_from == slot.window_to {
        (day_words(slot.window_from), slot.window_from.to_string())
    } else {
        (
            format!("{}至{}", day_words(slot.window_from), day_words(slot.window_to)),
            format!("{} to {}", slot.window_from, slot.window_to),
        )
    }
}

/// 未到标记 (daily, 06:00): marks every claimed slot whose window ended in the last
/// [`MARK_LOOKBACK_DAYS`] days, before today, with no record, no attempt and no release, and
/// tells its visitor; then halves the capacity of each visitor it takes to the pack's limit.
/// A visitor's slots are marked in one transaction. Returns how many slots it marked now (a
/// second run marks none).
pub fn mark_no_shows(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    if !call.actor.is_system() {
        return Err(call.denied());
    }
    let from = call.today - TimeDelta::days(MARK_LOOKBACK_DAYS);
    let mut by_visitor: BTreeMap<AccountId, Vec<VisitSlotRow>> = BTreeMap::new();
    for slot in no_shows::unmarked(conn, from, call.today)? {
        if let Some(holder) = slot.holder_id.clone() {
            by_visitor.entry(holder).or_default().push(slot);
        }
    }
    let mut marked = 0;
    for (visitor_id, slots) in by_visitor {
        marked += write_transaction(conn, |c| mark_for(c, call, &visitor_id, &slots))?;
    }
    Ok(marked)
}

/// Marks one visitor's `slots`, tells them of each, and halves their capacity when the pack's
/// limit is reached.
fn mark_for(conn: &mut DbConn, call: &Call, visitor_id: &AccountId, slots: &[VisitSlotRow]) -> AppResult<usize> {
    let Some(visitor) = users::by_id(conn, visitor_id)? else {
        return Ok(0);
    };
    let Some(first) = slots.first() else {
        return Ok(0);
    };
    // The district the visits were for sets the rule (a visitor claims in their own town).
    let rule = rule_for(conn, call, &first.village_code)?;
    let start = rule.period_start(call.today);
    let mut now_marked = vec![];
    for slot in slots {
        let row = NoShowRow {
            slot_id: slot.id.clone(),
            visitor_id: visitor_id.clone(),
            village_code: slot.village_code.clone(),
            window_to: slot.window_to,
            marked_at: call.now,
            reduction_id: None,
        };
        if no_shows::mark(conn, &row)? {
            now_marked.push(slot);
        }
    }
    if now_marked.is_empty() {
        return Ok(0);
    }
    // What counts towards the next reduction: the period's no-shows no reduction counted yet
    // (after a restore, the ones that led to it are not counted again).
    let counting = no_shows::uncounted_since(conn, visitor_id, start)?.len();
    let reduced = !no_shows::in_force(conn, std::slice::from_ref(visitor_id))?.is_empty();
    let described = describe(conn, &now_marked)?;
    for (slot, words) in now_marked.iter().zip(&described) {
        let context = json!({
            "village": words.village, "surname": words.surname, "mode": words.mode, "mode_en": words.mode_en,
            "window": words.window, "window_en": words.window_en,
            "count": counting, "days": rule.days, "limit": rule.limit, "reduced": reduced,
        });
        let message = Message::new(MessageKind::NoShow)
            .in_area(&slot.village_code)
            .keyed(format!("no_show:{}", slot.id));
        queue::to_account(conn, call, &message, &visitor, "visitor", context, None)?;
    }
    reduce_if_due(conn, call, &visitor, &rule)?;
    Ok(now_marked.len())
}

/// How a message names a slot: village, the elder's surname, mode and window.
struct SlotWords {
    village: String,
    surname: String,
    mode: &'static str,
    mode_en: &'static str,
    window: String,
    window_en: String,
}

fn describe(conn: &mut DbConn, slots: &[&VisitSlotRow]) -> AppResult<Vec<SlotWords>> {
    let codes: Vec<String> = slots.iter().map(|s| s.village_code.clone()).collect();
    let villages: HashMap<String, String> = areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let ids: Vec<_> = slots.iter().map(|s| s.elder_id.clone()).collect();
    let names: HashMap<_, _> = elders::find_many(conn, &Scope::System, &ids)?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    Ok(slots
        .iter()
        .map(|slot| {
            let (mode, mode_en) = super::messages::mode_words(slot);
            let (window, window_en) = window_words(slot);
            SlotWords {
                village: villages.get(&slot.village_code).cloned().unwrap_or_default(),
                surname: names.get(&slot.elder_id).map(|n| surname(n)).unwrap_or_default(),
                mode,
                mode_en,
                window,
                window_en,
            }
        })
        .collect())
}

/// Halves `visitor`'s capacity when their no-shows of the period not counted in an earlier
/// reduction reach the rule's limit and no reduction is in force; audits it and tells them.
fn reduce_if_due(conn: &mut DbConn, call: &Call, visitor: &UserRow, rule: &NoShowRule) -> AppResult<()> {
    let ids = std::slice::from_ref(&visitor.id);
    let reduced = !no_shows::in_force(conn, ids)?.is_empty();
    let counted = no_shows::uncounted_since(conn, &visitor.id, rule.period_start(call.today))?;
    let count = u32::try_from(counted.len()).unwrap_or(u32::MAX);
    if !rule.reduces(count, reduced) {
        return Ok(());
    }
    // A visitor with no profile has no capacity to halve (they cannot have claimed; an
    // organizer assigned them): nothing to reduce.
    let Some(profile) = slots::profile(conn, &visitor.id)? else {
        return Ok(());
    };
    let row = CapacityReductionRow {
        id: Uuid::now_v7().to_string(),
        visitor_id: visitor.id.clone(),
        original_capacity: profile.capacity_per_month,
        reduced_to: halved(profile.capacity_per_month),
        no_shows: i32::try_from(count).unwrap_or(i32::MAX),
        period_days: i32::try_from(rule.days).unwrap_or(i32::MAX),
        reduced_at: call.now,
        restored_at: None,
        restored_by: None,
    };
    no_shows::insert_reduction(conn, &row)?;
    no_shows::set_capacity(conn, &visitor.id, row.reduced_to, call.now)?;
    let slot_ids: Vec<_> = counted.iter().map(|n| n.slot_id.clone()).collect();
    no_shows::set_counted(conn, &slot_ids, &row.id)?;
    let reason = format!("近{}天内未到{}次", rule.days, count);
    audit::record(
        conn,
        call,
        "visitor.capacity_reduce",
        visitor_subject(visitor),
        Some(&reason),
        Some(&json!({ "capacityPerMonth": row.original_capacity })),
        Some(&json!({ "capacityPerMonth": row.reduced_to, "noShows": count, "days": rule.days })),
    )?;
    let found = slots::slots_in_by_ids(conn, &Scope::System, &slot_ids)?;
    let refs: Vec<&VisitSlotRow> = found.iter().collect();
    let words = describe(conn, &refs)?;
    let lines: Vec<String> = words
        .iter()
        .map(|w| format!("{} {}{}老人（{}）", w.window, w.village, w.surname, w.mode))
        .collect();
    let lines_en: Vec<String> = words
        .iter()
        .map(|w| format!("{}: {} in {} ({})", w.window_en, w.surname, w.village, w.mode_en))
        .collect();
    let context = json!({
        "before": row.original_capacity, "after": row.reduced_to, "count": count,
        "days": rule.days, "limit": rule.limit, "lines": lines, "lines_en": lines_en,
    });
    let message = Message::new(MessageKind::CapacityReduced).keyed(format!("capacity_reduced:{}", row.id));
    queue::to_account(conn, call, &message, visitor, "visitor", context, None)?;
    Ok(())
}

fn visitor_subject(visitor: &UserRow) -> Subject<'_> {
    Subject {
        object_type: "visitor",
        object_id: Some(visitor.id.as_str()),
        area_code: visitor.area_code.as_deref(),
    }
}

/// 恢复次数 — an organizer whose area holds the visitor's account gives back the monthly
/// capacity a reduction halved: exactly the capacity before it. Audited; the visitor is told.
pub fn restore_capacity(conn: &mut DbConn, call: &Call, visitor_id: &AccountId) -> AppResult<VisitorProfileRow> {
    let scope = call.scope(Permission::ApproveVisitors)?;
    write_transaction(conn, |conn| {
        let visitor = users::find(conn, &scope, visitor_id)?
            .filter(|u| u.role == Role::Visitor)
            .ok_or(AppError::NotFound { what: "探访人员" })?;
        let not_reduced = || {
            AppError::field(
                "visitorId",
                "not_reduced",
                "该探访人员的每月可探访次数没有下调，无需恢复",
            )
        };
        let reduction = no_shows::in_force(conn, std::slice::from_ref(visitor_id))?
            .pop()
            .ok_or_else(not_reduced)?;
        if !no_shows::restore(conn, &reduction.id, call.now, &call.actor.label)? {
            return Err(not_reduced());
        }
        let before = slots::profile(conn, visitor_id)?.map(|p| p.capacity_per_month);
        no_shows::set_capacity(conn, visitor_id, reduction.original_capacity, call.now)?;
        audit::record(
            conn,
            call,
            "visitor.capacity_restore",
            visitor_subject(&visitor),
            None,
            Some(&json!({ "capacityPerMonth": before })),
            Some(&json!({ "capacityPerMonth": reduction.original_capacity })),
        )?;
        let context = json!({ "capacity": reduction.original_capacity });
        let message = Message::new(MessageKind::CapacityRestored).keyed(format!("capacity_restored:{}", reduction.id));
        queue::to_account(conn, call, &message, &visitor, "visitor", context, None)?;
        slots::profile(conn, visitor_id)?.ok_or(AppError::NotFound {
            what: "探访人员档案"
        })
    })
}

/// One no-show as an organizer reads it: the day the window ended, where, and whom for.
#[derive(Debug, Clone)]
pub struct NoShowEntry {
    pub window_to: NaiveDate,
    pub village_code: String,
    /// The village's name.
    pub village: String,
    /// The elder's surname and 老人 (the organizer reads the full file in the app).
    pub elder: String,
    pub label: String,
}

/// 未到情况 — one visitor's no-shows as their organizer reads them.
#[derive(Debug, Clone)]
pub struct VisitorNoShows {
    pub visitor_id: AccountId,
    pub display_name: String,
    /// No-shows whose window ended in the rule's period.
    pub in_period: u32,
    pub limit: u32,
    pub days: u32,
    /// The capacity now (`None`: no profile saved).
    pub capacity_per_month: Option<i32>,
    /// The reduction in force, if any.
    pub reduction: Option<CapacityReductionRow>,
    /// Every no-show marked, newest first.
    pub entries: Vec<NoShowEntry>,
}

/// 未到情况 — the visitors of the organizer's area with a no-show marked or a reduction in
/// force, by name, each with their no-shows and the rule of their district.
pub fn by_visitor(conn: &mut DbConn, call: &Call) -> AppResult<Vec<VisitorNoShows>> {
    let scope = call.scope(Permission::PlanVisits)?;
    let ids = no_shows::visitors_in(conn, &scope)?;
    summaries(conn, call, &ids, false)
}

/// 我的未到 — the signed-in visitor's own no-shows, the rule of their district, and the
/// reduction of their capacity in force, if any (an organizer restores it).
pub fn mine(conn: &mut DbConn, call: &Call) -> AppResult<VisitorNoShows> {
    if call.actor.role != Some(Role::Visitor) {
        return Err(call.denied());
    }
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    summaries(conn, call, std::slice::from_ref(&me), true)?
        .pop()
        .ok_or(AppError::NotFound { what: "探访人员" })
}

/// The no-shows of `ids`, each with their district's rule: those with a no-show marked or a
/// reduction in force (`all`: every one of `ids`), by name.
fn summaries(conn: &mut DbConn, call: &Call, ids: &[AccountId], all: bool) -> AppResult<Vec<VisitorNoShows>> {
    let marked = no_shows::of_visitors(conn, ids)?;
    let reductions: HashMap<AccountId, CapacityReductionRow> = no_shows::in_force(conn, ids)?
        .into_iter()
        .map(|r| (r.visitor_id.clone(), r))
        .collect();
    let mut by_visitor: BTreeMap<AccountId, Vec<NoShowRow>> = BTreeMap::new();
    for row in marked {
        by_visitor.entry(row.visitor_id.clone()).or_default().push(row);
    }
    for id in reductions.keys() {
        by_visitor.entry(id.clone()).or_default();
    }
    if all {
        for id in ids {
            by_visitor.entry(id.clone()).or_default();
        }
    }
    let wanted: Vec<AccountId> = by_visitor.keys().cloned().collect();
    let accounts: HashMap<AccountId, UserRow> = users::by_ids(conn, &wanted)?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let profiles: HashMap<AccountId, VisitorProfileRow> = slots::profiles_of(conn, &wanted)?
        .into_iter()
        .map(|p| (p.user_id.clone(), p))
        .collect();
    let slot_ids: Vec<_> = by_visitor.values().flatten().map(|n| n.slot_id.clone()).collect();
    let slot_rows: HashMap<_, _> = slots::slots_in_by_ids(conn, &Scope::System, &slot_ids)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let elder_ids: Vec<_> = slot_rows.values().map(|s| s.elder_id.clone()).collect();
    let names: HashMap<_, _> = elders::find_many(conn, &Scope::System, &elder_ids)?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    let village_codes: Vec<String> = by_visitor.values().flatten().map(|n| n.village_code.clone()).collect();
    let villages: HashMap<String, String> = areas::find_many(conn, &village_codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let mut rules: HashMap<String, NoShowRule> = HashMap::new();
    let mut out = vec![];
    for (visitor_id, rows) in by_visitor {
        let Some(account) = accounts.get(&visitor_id) else {
            continue;
        };
        let district = account
            .area_code
            .as_deref()
            .and_then(|a| a.get(..6))
            .unwrap_or_default()
            .to_string();
        let rule = match rules.get(&district) {
            Some(rule) => rule.clone(),
            None => {
                let rule = rule_for(conn, call, &district)?;
                rules.insert(district, rule.clone());
                rule
            }
        };
        let start = rule.period_start(call.today);
        let in_period = rows.iter().filter(|n| n.window_to >= start).count();
        let entries = rows
            .iter()
            .map(|n| {
                let slot = slot_rows.get(&n.slot_id);
                NoShowEntry {
                    window_to: n.window_to,
                    village_code: n.village_code.clone(),
                    village: villages.get(&n.village_code).cloned().unwrap_or_default(),
                    elder: slot
                        .and_then(|s| names.get(&s.elder_id))
                        .map(|name| format!("{}老人", surname(name)))
                        .unwrap_or_default(),
                    label: slot.map(|s| s.label.clone()).unwrap_or_default(),
                }
            })
            .collect();
        out.push(VisitorNoShows {
            visitor_id: visitor_id.clone(),
            display_name: account.display_name.clone(),
            in_period: u32::try_from(in_period).unwrap_or(u32::MAX),
            limit: rule.limit,
            days: rule.days,
            capacity_per_month: profiles.get(&visitor_id).map(|p| p.capacity_per_month),
            reduction: reductions.get(&visitor_id).cloned(),
            entries,
        });
    }
    out.sort_by(|a, b| (&a.display_name, &a.visitor_id).cmp(&(&b.display_name, &b.visitor_id)));
    Ok(out)
}

/// How many no-shows each of `visitors` has whose window ended on `from` or later: what the
/// planner's tie-break reads. No scope: callers pass visitors they have read through one.
pub(crate) fn counts_since(
    conn: &mut DbConn,
    visitors: &[AccountId],
    from: NaiveDate,
) -> AppResult<HashMap<AccountId, u32>> {
    let mut counts: HashMap<AccountId, u32> = HashMap::new();
    for row in no_shows::of_visitors(conn, visitors)? {
        if row.window_to >= from {
            *counts.entry(row.visitor_id).or_default() += 1;
        }
    }
    Ok(counts)
}

/// While a reduction is in force, the visitor may not save a capacity above it: only an
/// organizer's restore lifts it. A field error naming the reduced capacity, else nothing.
pub(crate) fn check_saved_capacity(conn: &mut DbConn, visitor_id: &AccountId, capacity: i32) -> AppResult<()> {
    if let Some(reduction) = no_shows::in_force(conn, std::slice::from_ref(visitor_id))?.pop() {
        if capacity > reduction.reduced_to {
            return Err(AppError::field(
                "capacityPerMonth",
                "capacity_reduced",
                format!(
                    "因未到次数较多，每月可探访次数已减为 {} 次，须由镇街组织者恢复",
                    reduction.reduced_to
                ),
            ));
        }
    }
    Ok(())
}
