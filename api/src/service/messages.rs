//! 通知的用例 — which messages an event makes due, to whom, with what words: a risk case
//! opened (the emergency contacts by SMS in their order, the town by mail and in the app), a
//! case past its due time (the district), the day-before reminder of a claimed visit. Each
//! is written in the transaction of the event, or by a periodic job ([`crate::notify::jobs`]).

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeDelta};
use serde_json::json;

use super::Call;
use crate::db::models::{ElderRow, UserRow, VisitSlotRow};
use crate::db::records::CaseRow;
use crate::db::{areas, elders, records, slots, users, DbConn};
use crate::domain::access::{Role, Scope};
use crate::domain::area::AreaCode;
use crate::domain::calendar::surname;
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::message::MessageKind;
use crate::domain::pairing::{rank_of_relation, ContactRank};
use crate::error::{AppError, AppResult};
use crate::notify::queue::{self, Message, Phone};

/// How an instant is written in a message: `11月19日 10:00`, the district's time.
pub fn when(at: NaiveDateTime) -> String {
    at.and_utc()
        .with_timezone(&DISTRICT_OFFSET)
        .format("%-m月%-d日 %H:%M")
        .to_string()
}

fn village_name(conn: &mut DbConn, code: &str) -> AppResult<String> {
    Ok(areas::find(conn, code)?.map(|a| a.name).unwrap_or_default())
}

/// The alarm of a new case (风险告警, or 失联告警 with `kind` [`MessageKind::LostContact`]
/// and `how` saying how long the elder has been out of reach): an SMS to each emergency
/// contact, children first and then in the order the file lists them, and the town's owner
/// of the case by mail and in the app (a line for the town when the case has no owner).
pub fn case_opened(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    case: &CaseRow,
    kind: MessageKind,
    how: Option<&str>,
    owner: Option<&UserRow>,
) -> AppResult<()> {
    let risk = case.kind.label_zh();
    let message = Message::for_case(kind, &case.id).in_area(&case.village_code);
    let mut contacts = elders::contacts_of(conn, &elder.id)?;
    contacts.sort_by_key(|c| (rank_of_relation(&c.relation) != ContactRank::Child, c.position));
    let how = how.unwrap_or("多次");
    for contact in &contacts {
        let phone = call
            .cipher
            .decrypt(elders::CONTACT_PHONE, &contact.phone_enc)
            .map_err(|_| AppError::Internal("contact phone cannot be decrypted".into()))?;
        let name = format!("{}（{}）", contact.name, contact.relation);
        let params = match kind {
            MessageKind::LostContact => BTreeMap::from([("how".to_string(), how.to_string())]),
            _ => BTreeMap::from([("risk".to_string(), risk.to_string())]),
        };
        let to = Phone {
            recipient_kind: "emergency_contact",
            name: &name,
            number: &phone,
            masked: &contact.phone_masked,
        };
        queue::sms(conn, call, &message, &to, params, false)?;
    }
    let village = village_name(conn, &elder.village_code)?;
    let severity = case.severity;
    let context = json!({
        "village": village,
        "risk": risk,
        "severity": severity.label_zh(),
        "hours": severity.response_time().num_hours(),
        "due": when(case.due_at),
        "opened": when(case.opened_at),
        "surname": surname(&elder.name),
        "reason": format!("已{how}未能联系上"),
        "reason_en": format!("has not been reached ({how})"),
    });
    match owner {
        Some(owner) => {
            queue::to_account(conn, call, &message, owner, "town", context, None)?;
        }
        None => {
            let line = format!(
                "【探访】新风险个案（{}）：{}，{}。镇街尚未指定负责人。",
                severity.label_zh(),
                risk,
                village
            );
            queue::in_app(conn, call, &message, "town", "镇街（未指定负责人）", None, line)?;
        }
    }
    Ok(())
}

/// 个案逾期 (hourly): each open case past its due time is told once to its district's
/// administrators, by mail and in the app.
pub fn overdue_cases(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let mut written = 0;
    for case in records::open_cases_due_before(conn, call.now)? {
        let Some(district) = AreaCode::parse(&case.village_code)
            .ok()
            .and_then(|v| v.parent())
            .and_then(|t| t.parent())
        else {
            continue;
        };
        let admins = users::active_in(conn, Role::DistrictAdmin, district.as_str())?;
        let Some(elder) = elders::find(conn, &Scope::System, &case.elder_id)? else {
            continue;
        };
        let context = json!({
            "village": village_name(conn, &case.village_code)?,
            "risk": case.kind.label_zh(),
            "severity": case.severity.label_zh(),
            "due": when(case.due_at),
            "opened": when(case.opened_at),
            "surname": surname(&elder.name),
        });
        for admin in &admins {
            let message = Message::for_case(MessageKind::CaseOverdue, &case.id)
                .keyed(format!("case_overdue:{}:{}", case.id, admin.id));
            queue::to_account(conn, call, &message, admin, "district", context.clone(), None)?;
            written += 1;
        }
    }
    Ok(written)
}

/// The words of a slot's way of visiting.
pub fn mode_words(slot: &VisitSlotRow) -> (&'static str, &'static str) {
    if slot.in_person {
        ("上门探访", "in person")
    } else {
        ("电话或视频问候", "by phone or video")
    }
}

/// 探访提醒 (daily, 09:00): the holder and co-visitor of each slot whose window opens
/// tomorrow get a reminder: an SMS to their phone, and a mail and an in-app line.
pub fn visit_reminders(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    let tomorrow = call.today + TimeDelta::days(1);
    let mut written = 0;
    for slot in slots::claimed_opening_on(conn, tomorrow)? {
        let Some(elder) = elders::find(conn, &Scope::System, &slot.elder_id)? else {
            continue;
        };
        let (mode, mode_en) = mode_words(&slot);
        let start = format!("{}", tomorrow.format("%-m月%-d日"));
        let village = village_name(conn, &slot.village_code)?;
        let visitors: Vec<_> = slot
            .holder_id
            .iter()
            .chain(slot.co_visitor_id.iter())
            .cloned()
            .collect();
        for visitor in users::by_ids(conn, &visitors)? {
            let key = format!("visit_reminder:{}:{}:{}", slot.id, visitor.id, slot.window_from);
            if let (Some(enc), Some(masked)) = (&visitor.phone_enc, &visitor.phone_masked) {
                let phone = call
                    .cipher
                    .decrypt(users::USER_PHONE, enc)
                    .map_err(|_| AppError::Internal("visitor phone cannot be decrypted".into()))?;
                let message = Message::new(MessageKind::VisitReminder)
                    .in_area(&slot.village_code)
                    .keyed(format!("{key}:sms"));
                let params = BTreeMap::from([
                    ("surname".to_string(), surname(&elder.name)),
                    ("mode".to_string(), mode.to_string()),
                    ("start".to_string(), start.clone()),
                ]);
                let to = Phone {
                    recipient_kind: "visitor",
                    name: &visitor.display_name,
                    number: &phone,
                    masked,
                };
                if !queue::switched_off(conn, &visitor.id, MessageKind::VisitReminder)? {
                    queue::sms(conn, call, &message, &to, params, false)?;
                }
            }
            let context = json!({
                "village": village, "surname": surname(&elder.name), "mode": mode, "mode_en": mode_en,
                "start": start,
            });
            let message = Message::new(MessageKind::VisitReminder)
                .in_area(&slot.village_code)
                .keyed(key);
            queue::to_account(conn, call, &message, &visitor, "visitor", context, None)?;
            written += 1;
        }
    }
    Ok(written)
}

/// 认领成功 — the visitor a slot was claimed by or assigned to gets a mail with the visit as an
/// `.ics` attachment (the event their calendar feed carries), and a line in the app.
pub fn claim_confirmed(conn: &mut DbConn, call: &Call, slot: &VisitSlotRow, visitor: &UserRow) -> AppResult<()> {
    let Some(elder) = elders::find(conn, &Scope::System, &slot.elder_id)? else {
        return Ok(());
    };
    let (mode, mode_en) = mode_words(slot);
    let window = if slot.window_from == slot.window_to {
        String::new()
    } else {
        format!("至{}", slot.window_to.format("%-m月%-d日"))
    };
    let context = json!({
        "village": village_name(conn, &slot.village_code)?,
        "surname": surname(&elder.name),
        "mode": mode, "mode_en": mode_en,
        "day": slot.window_from.format("%-m月%-d日").to_string(),
        "window": window,
    });
    let actor = super::sessions::actor_of(visitor);
    let attachment =
        super::calendar::claim_calendar(conn, &actor, slot, call.now.and_utc())?.map(|ics| queue::Attachment {
            name: "tanfang-visit.ics".to_string(),
            content: ics,
        });
    let message = Message::new(MessageKind::ClaimConfirmed)
        .in_area(&slot.village_code)
        .keyed(format!(
            "claim_confirmed:{}:{}:{}",
            slot.id,
            visitor.id,
            call.now.and_utc().timestamp()
        ));
    queue::to_account(conn, call, &message, visitor, "visitor", context, attachment)?;
    Ok(())
}
