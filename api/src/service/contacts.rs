//! 联系未果与失联 (DOMAIN.md §8) — a visit that did not happen is recorded as a contact attempt;
//! an elder the pack's rule counts as lost (失联) gets an urgent case at once, with its alarm
//! messages, in the transaction that made them lost; a stored visit record ends the lost state
//! (the case stays open until followed up and closed). And the holder of a slot may see how to
//! reach its elder, from the day before the window until it ends, each showing audited.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};
use serde_json::json;
use uuid::Uuid;

use super::audit;
use super::elders::elder_subject;
use super::{cases, policies as policy_service, slots as slot_service, Call};
use crate::db::contacts::{self, AttemptRow};
use crate::db::models::{ElderRow, VisitSlotRow};
use crate::db::records::{self, CaseRow};
use crate::db::{elders, pairings, slots, write_transaction, DbConn};
use crate::domain::access::{Permission, Role, Scope};
use crate::domain::contact::{check_attempted_at, days_between, may_reach, AttemptMode, AttemptReason};
use crate::domain::id::{ElderId, SlotId};
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::policy::{LostContact, VisitMode};
use crate::domain::record::risk::RiskKind;
use crate::domain::slot::SlotStatus;
use crate::error::{AppError, AppResult};

fn elder_not_found() -> AppError {
    AppError::NotFound { what: "老人档案" }
}

/// 登记未联系上 — what the visitor or staff member says about a visit that did not happen.
#[derive(Debug, Clone)]
pub struct AttemptInput {
    pub elder_id: ElderId,
    /// The slot it was for; a visitor without one must be the elder's paired contact.
    pub slot_id: Option<SlotId>,
    pub attempted_at: NaiveDateTime,
    pub mode: AttemptMode,
    pub reason: AttemptReason,
    pub note: Option<String>,
    /// 释放此时段 — give the slot back with the attempt.
    pub release_slot: bool,
}

/// What recording an attempt did.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub attempt: AttemptRow,
    /// The slot as it is now (open again when released).
    pub slot: Option<VisitSlotRow>,
}

/// 未联系上 — records a contact attempt. Who may: whoever may record a visit for the elder
/// (`RecordVisits` over the elder's village: the slot's holder or co-visitor, a visitor paired
/// with the elder, or staff of the area). It meets no requirement and leaves the slot held,
/// unless `release_slot` asks to give it back — allowed until the window ends, the attempt
/// being the reason (decision: the day-before cutoff of a plain release does not apply). Then
/// checks the pack's lost-contact rule: an elder who becomes lost gets an urgent 失联 case and
/// its alarm messages in this same transaction.
pub fn record_attempt(conn: &mut DbConn, call: &Call, input: &AttemptInput) -> AppResult<Recorded> {
    let scope = call.scope(Permission::RecordVisits)?;
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let mut errors = InvalidInput::default();
    let note = errors.check("note", optional_text(input.note.as_deref().unwrap_or_default(), 500));
    if let Err((code, message)) = check_attempted_at(input.attempted_at, call.now) {
        errors.add("attemptedAt", code, message);
    }
    if input.release_slot && input.slot_id.is_none() {
        errors.add("releaseSlot", "no_slot", "没有选择探访时段，无法释放");
    }
    let note = errors.finish(|| note)?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, &input.elder_id)?.ok_or_else(elder_not_found)?;
        let slot = match &input.slot_id {
            Some(slot_id) => Some(attempt_slot(conn, call, &elder, slot_id)?),
            None => {
                if call.actor.role == Some(Role::Visitor) {
                    let paired = pairings::of_elder(conn, &elder.id)?.is_some_and(|p| p.contact_user_id == me);
                    if !paired {
                        return Err(AppError::field("slotId", "required", "请选择您认领的探访时段"));
                    }
                }
                None
            }
        };
        let attempt = AttemptRow {
            id: Uuid::now_v7().to_string(),
            elder_id: elder.id.clone(),
            village_code: elder.village_code.clone(),
            slot_id: input.slot_id.clone(),
            made_by: me.clone(),
            attempted_at: input.attempted_at,
            mode: input.mode,
            reason: input.reason,
            note: note.clone(),
            released_slot: input.release_slot,
            recorded_at: call.now,
        };
        contacts::insert_attempt(conn, &attempt)?;
        let after = json!({
            "attemptId": attempt.id, "slotId": attempt.slot_id, "mode": attempt.mode,
            "reason": attempt.reason, "attemptedAt": attempt.attempted_at, "releasedSlot": attempt.released_slot,
        });
        audit::record(
            conn,
            call,
            "contact.attempt",
            elder_subject(&elder),
            None,
            None,
            Some(&after),
        )?;
        let slot = match slot {
            Some(slot) if input.release_slot => {
                let holder = slot.holder_id.clone().ok_or_else(|| not_held(&slot.id))?;
                if holder != me {
                    return Err(AppError::field(
                        "releaseSlot",
                        "not_holder",
                        "只有认领人可以释放这个时段",
                    ));
                }
                let reason = format!("未联系上（{}）", input.reason.label_zh());
                Some(slot_service::give_back(conn, call, &holder, &slot, Some(&reason))?)
            }
            other => other,
        };
        check_lost(conn, call, &elder)?;
        Ok(Recorded { attempt, slot })
    })
}

fn not_held(_slot_id: &SlotId) -> AppError {
    AppError::field("slotId", "not_held", "您没有认领这个探访时段")
}

/// The slot an attempt is for: claimed, of this elder, held by the actor (or with the actor
/// as co-visitor); staff of the area may name any claimed slot of the elder.
fn attempt_slot(conn: &mut DbConn, call: &Call, elder: &ElderRow, slot_id: &SlotId) -> AppResult<VisitSlotRow> {
    let slot = slots::find_slot(conn, slot_id)?.ok_or_else(|| not_held(slot_id))?;
    let me = call.actor.user_id.as_ref();
    let goes = me.is_some() && (slot.holder_id.as_ref() == me || slot.co_visitor_id.as_ref() == me);
    let staff = matches!(call.actor.role, Some(Role::TownOrganizer | Role::VillageStaff));
    if slot.elder_id != elder.id || slot.status != SlotStatus::Claimed || !(goes || staff) {
        return Err(not_held(slot_id));
    }
    Ok(slot)
}

/// When the elder was last reached (their latest submitted or accepted record's start), if ever.
fn last_contact(conn: &mut DbConn, elder_id: &ElderId) -> AppResult<Option<NaiveDateTime>> {
    Ok(contacts::last_contacts(conn, std::slice::from_ref(elder_id))?
        .pop()
        .map(|(_, at)| at))
}

/// Checks the pack's lost-contact rule for an elder not yet lost, in the caller's transaction;
/// marks them lost and opens the 失联 case (unless one is open already) when it is met.
/// Returns the case opened, if any.
fn check_lost(conn: &mut DbConn, call: &Call, elder: &ElderRow) -> AppResult<Option<CaseRow>> {
    if contacts::lost_since(conn, &elder.id)?.is_some() {
        return Ok(None);
    }
    let Some(rule) = policy_service::lost_contact_rule(conn, call, elder, call.today)? else {
        return Ok(None);
    };
    let last = last_contact(conn, &elder.id)?;
    let failed = contacts::attempts_after(conn, &elder.id, last)?;
    let failed_in_a_row = u32::try_from(failed.len()).unwrap_or(u32::MAX);
    // Never reached: counted from the day the file was entered (decision).
    let days = days_between(last.unwrap_or(elder.created_at), call.now);
    if !rule.is_lost(failed_in_a_row, days) {
        return Ok(None);
    }
    become_lost(conn, call, elder, rule, &failed, days)
}

fn become_lost(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    rule: &LostContact,
    failed: &[AttemptRow],
    days: i64,
) -> AppResult<Option<CaseRow>> {
    contacts::set_lost_since(conn, &elder.id, Some(call.now))?;
    let evidence = if u32::try_from(failed.len()).unwrap_or(u32::MAX) >= rule.failed_attempts {
        let reasons: Vec<&str> = failed.iter().rev().map(|a| a.reason.label_zh()).collect();
        format!("连续 {} 次未联系上（{}）", failed.len(), reasons.join("、"))
    } else {
        format!("已 {days} 天未联系上（规则：{} 天）", rule.days_without_contact)
    };
    let after = json!({"lostSince": call.now, "failedInARow": failed.len(), "daysWithoutContact": days});
    audit::record(
        conn,
        call,
        "elder.lost",
        elder_subject(elder),
        Some(&evidence),
        None,
        Some(&after),
    )?;
    let open = records::open_cases_of_elder(conn, &elder.id)?;
    if open.iter().any(|c| c.kind == RiskKind::LostContact) {
        return Ok(None);
    }
    let kind = RiskKind::LostContact;
    let due_at = call.now + kind.severity().response_time();
    cases::open_case(conn, call, elder, None, kind, evidence, due_at).map(Some)
}

/// Run when a visit record is stored (in its transaction): a visit that started after the
/// elder's latest failed attempt ends their lost state. The 失联 case stays open: the record
/// is linked as its follow-up, and the town closes it as any other.
pub fn contact_made(conn: &mut DbConn, call: &Call, elder: &ElderRow, started_at: NaiveDateTime) -> AppResult<()> {
    let Some(lost_since) = contacts::lost_since(conn, &elder.id)? else {
        return Ok(());
    };
    let latest_attempt = contacts::attempts_after(conn, &elder.id, None)?
        .first()
        .map(|a| a.attempted_at);
    if latest_attempt.is_some_and(|at| at > started_at) {
        return Ok(());
    }
    contacts::set_lost_since(conn, &elder.id, None)?;
    let before = json!({"lostSince": lost_since});
    let after = json!({"reachedAt": started_at});
    audit::record(
        conn,
        call,
        "elder.reached",
        elder_subject(elder),
        None,
        Some(&before),
        Some(&after),
    )
}

/// What the daily sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Elders checked against their pack's rule.
    pub checked: usize,
    /// Elders found lost (each has a 失联 case, opened now or open already).
    pub lost: usize,
}

/// Elders checked per transaction by the sweep.
const SWEEP_BATCH: usize = 200;

/// 失联巡检 — the daily sweep for "days without a successful contact" (attempts are checked
/// where they are written). Checks every elder under service not yet lost who has not been
/// reached for at least the shortest `days_without_contact` of any pack, against their own
/// pack's rule, a batch per transaction. The worker's daily tick runs it as a system actor; a
/// district admin may run it over the district (`sweepLostContact`).
pub fn sweep_lost(conn: &mut DbConn, call: &Call) -> AppResult<Swept> {
    let scope = if call.actor.is_system() {
        Scope::System
    } else if call.actor.role == Some(Role::DistrictAdmin) {
        call.scope(Permission::ReadElders)?
    } else {
        return Err(call.denied());
    };
    let Some(days) = call
        .packs
        .all()
        .iter()
        .map(|p| p.lost_contact.days_without_contact)
        .min()
    else {
        return Ok(Swept::default());
    };
    let cutoff = call.now - TimeDelta::days(i64::from(days));
    let ids = contacts::sweep_candidates(conn, cutoff)?;
    let mut swept = Swept::default();
    for batch in ids.chunks(SWEEP_BATCH) {
        let found = write_transaction(conn, |conn| {
            let mut found = Swept::default();
            for elder in elders::find_many(conn, &scope, batch)? {
                found.checked += 1;
                if check_lost(conn, call, &elder)?.is_some() || contacts::lost_since(conn, &elder.id)?.is_some() {
                    found.lost += 1;
                }
            }
            Ok::<_, AppError>(found)
        })?;
        swept.checked += found.checked;
        swept.lost += found.lost;
    }
    Ok(swept)
}

/// 联系情况 — what an elder's file shows of reaching them: the last successful contact, the
/// attempts since, and since when they count as lost.
#[derive(Debug, Clone, Default)]
pub struct ContactState {
    pub last_contact_at: Option<NaiveDateTime>,
    /// Newest first.
    pub attempts_since: Vec<AttemptRow>,
    pub lost_since: Option<NaiveDateTime>,
}

/// The contact state of each elder among `ids` the caller reads (`ReadElders`), for a page of
/// files in three queries.
pub fn states_by_elder(conn: &mut DbConn, call: &Call, ids: &[ElderId]) -> AppResult<HashMap<ElderId, ContactState>> {
    let scope = call.scope(Permission::ReadElders)?;
    let visible: Vec<ElderId> = elders::find_many(conn, &scope, ids)?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut states: HashMap<ElderId, ContactState> =
        visible.iter().map(|id| (id.clone(), ContactState::default())).collect();
    for (id, at) in contacts::last_contacts(conn, &visible)? {
        if let Some(state) = states.get_mut(&id) {
            state.last_contact_at = Some(at);
        }
    }
    for (id, at) in contacts::lost_of(conn, &visible)? {
        if let Some(state) = states.get_mut(&id) {
            state.lost_since = Some(at);
        }
    }
    for attempt in contacts::attempts_in(conn, &scope, &visible)? {
        if let Some(state) = states.get_mut(&attempt.elder_id) {
            if state.last_contact_at.is_none_or(|at| attempt.attempted_at > at) {
                state.attempts_since.push(attempt);
            }
        }
    }
    Ok(states)
}

/// How the holder of a slot reaches its elder.
#[derive(Debug, Clone)]
pub struct SlotContact {
    pub slot: VisitSlotRow,
    /// 老人姓名.
    pub elder_name: String,
    /// For a phone or video slot.
    pub phone: Option<String>,
    /// For an in-person slot: where the elder lives, and the first emergency contact.
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_relation: Option<String>,
    pub contact_phone: Option<String>,
}

/// 联系老人 — the slot's holder (or co-visitor) sees how to reach the elder, from the day
/// before the window opens until it ends: the phone for a phone or video slot; the address and
/// the first emergency contact for an in-person slot (both for a slot that allows both). Each
/// showing is audited like an unmask (`elder.unmask_for_slot`, naming the slot). Anyone else,
/// and the holder outside those days, is refused with an error on `slotId`.
pub fn slot_contact(conn: &mut DbConn, call: &Call, slot_id: &SlotId) -> AppResult<SlotContact> {
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    write_transaction(conn, |conn| {
        let slot = slots::find_slot(conn, slot_id)?.ok_or_else(|| not_held(slot_id))?;
        let goes = slot.holder_id.as_ref() == Some(&me) || slot.co_visitor_id.as_ref() == Some(&me);
        if !goes || slot.status != SlotStatus::Claimed {
            return Err(not_held(slot_id));
        }
        if let Err(code) = may_reach(slot.window_from, slot.window_to, call.today) {
            let message = match code {
                "too_early" => format!("这个时段 {} 开始，前一天起才能查看老人联系方式", slot.window_from),
                _ => format!("这个时段已于 {} 结束，不能再查看老人联系方式", slot.window_to),
            };
            return Err(AppError::field("slotId", code, message));
        }
        let elder = elders::find(conn, &Scope::System, &slot.elder_id)?.ok_or_else(elder_not_found)?;
        let by_phone = slot.modes.is_empty()
            || slot
                .modes
                .iter()
                .any(|m| matches!(m, VisitMode::Phone | VisitMode::Video));
        let in_person = slot.in_person || slot.modes.contains(&VisitMode::InPerson);
        let mut shown = Vec::new();
        let phone = match (&elder.phone_enc, by_phone) {
            (Some(enc), true) => {
                shown.push("phone");
                Some(
                    call.cipher
                        .decrypt(elders::ELDER_PHONE, enc)
                        .map_err(|_| AppError::Internal("elder phone cannot be decrypted".into()))?,
                )
            }
            _ => None,
        };
        let (mut address, mut contact_name, mut contact_relation, mut contact_phone) = (None, None, None, None);
        if in_person {
            shown.push("address");
            address = Some(elder.residence_address.clone());
            let mut contacts = elders::contacts_of(conn, &elder.id)?;
            contacts.sort_by_key(|c| c.position);
            if let Some(first) = contacts.first() {
                shown.push("emergencyContact");
                contact_name = Some(first.name.clone());
                contact_relation = Some(first.relation.clone());
                contact_phone = Some(
                    call.cipher
                        .decrypt(elders::CONTACT_PHONE, &first.phone_enc)
                        .map_err(|_| AppError::Internal("contact phone cannot be decrypted".into()))?,
                );
            }
        }
        let reason = "探访时段的认领人联系老人";
        let after = json!({"slotId": slot.id, "shown": shown});
        audit::record(
            conn,
            call,
            "elder.unmask_for_slot",
            elder_subject(&elder),
            Some(reason),
            None,
            Some(&after),
        )?;
        Ok(SlotContact {
            elder_name: elder.name.clone(),
            slot,
            phone,
            address,
            contact_name,
            contact_relation,
            contact_phone,
        })
    })
}
