//! 探访记录 — recording a visit in the shared format (drafts, submission, confirmation codes)
//! and reviewing it. A submitted record is stored once per client submission id; it counts
//! for compliance only once accepted; risks it reveals open cases at once
//! ([`super::cases`]); fraud signals are raised for the reviewer.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use rand::Rng;
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::photos::sha256_hex;
use super::{cases, elders as elder_service, Call};
use crate::db::models::{ElderRow, VisitRow};
use crate::db::records::{self, DraftRow, ElderCodeRow, RecordRow, SignalRow};
use crate::db::scope::RecordReader;
use crate::db::{areas, elders, pairings, policies, slots, users, write_transaction, Database, DbConn};
use crate::domain::access::{Permission, Role, Scope};
use crate::domain::area::AreaCode;
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::id::{AccountId, CaseId, ElderId, RecordId, SlotId};
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::message::MessageKind;
use crate::domain::planner::GeoPoint;
use crate::domain::record::confirmation::{self as confirmation, CodeIssue, CodeRefusal, ConfirmedVisit, Entry};
use crate::domain::record::format::{ElderConfirmationMethod, MAX_RECORD_BYTES};
use crate::domain::record::signal::{signals, SignalContext};
use crate::domain::record::{RecordNo, RecordStatus, VisitRecord};
use crate::domain::slot::SlotStatus;
use crate::domain::text_enum;
use crate::error::{AppError, AppResult};
use crate::notify::queue::{self, Message, Phone};

/// Encryption context of record bodies and drafts.
const RECORD_BODY: &str = "visit_records.body";
const DRAFT_BODY: &str = "record_drafts.body";
/// Blind-index kind of confirmation codes.
const ELDER_CODE: &str = "elder_code";
/// At most this many codes per visitor and elder in an hour: an elder's phone is not a target.
const CODES_PER_HOUR: i64 = 3;

fn record_not_found() -> AppError {
    AppError::NotFound { what: "探访记录" }
}

fn elder_not_found() -> AppError {
    AppError::NotFound { what: "老人档案" }
}

fn record_subject(row: &RecordRow) -> Subject<'_> {
    Subject {
        object_type: "visit_record",
        object_id: Some(row.id.as_str()),
        area_code: Some(&row.village_code),
    }
}

/// The record's body as stored: the canonical JSON of the parsed record.
fn canonical(record: &VisitRecord) -> AppResult<String> {
    serde_json::to_string(record).map_err(|e| AppError::Internal(format!("record does not serialise: {e}")))
}

/// The record a stored row holds.
pub fn body_of(call: &Call, row: &RecordRow) -> AppResult<String> {
    call.cipher
        .decrypt(RECORD_BODY, &row.body_enc)
        .map_err(|_| AppError::Internal(format!("record {} cannot be decrypted", row.id)))
}

pub fn parsed_body(call: &Call, row: &RecordRow) -> AppResult<VisitRecord> {
    let body = body_of(call, row)?;
    serde_json::from_str(&body).map_err(|e| AppError::Internal(format!("stored record {} does not parse: {e}", row.id)))
}

/// Fills in how and when the elder confirmed each record stored before records kept it in
/// columns, from the record's body, in batches; returns how many. Run when the server starts,
/// after the migrations, so that every record shows its confirmation.
pub fn refresh_confirmations(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    const BATCH: i64 = 500;
    let mut refreshed = 0;
    loop {
        let rows = records::without_confirmation(conn, BATCH)?;
        if rows.is_empty() {
            return Ok(refreshed);
        }
        write_transaction(conn, |conn| {
            for row in &rows {
                let elder = parsed_body(call, row)?.confirmation.elder;
                records::set_confirmation(conn, &row.id, elder.method, elder.confirmed_at.naive_utc())?;
            }
            Ok::<_, AppError>(())
        })?;
        refreshed += rows.len();
    }
}

// --- drafts -------------------------------------------------------------------------------

/// 草稿 — saves what the visitor has typed so far, as it is (any JSON object). Keyed by the
/// client's submission id; `expected_version` guards against two devices overwriting.
pub fn save_draft(
    conn: &mut DbConn,
    call: &Call,
    submission_id: &str,
    elder_id: &ElderId,
    slot_id: Option<&SlotId>,
    body: &str,
    expected_version: Option<i32>,
) -> AppResult<DraftRow> {
    let scope = call.scope(Permission::RecordVisits)?;
    let author = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let mut errors = InvalidInput::default();
    if Uuid::parse_str(submission_id).is_err() {
        errors.add("submissionId", "invalid", "提交编号应为 UUID");
    }
    if body.len() > MAX_RECORD_BYTES {
        errors.add(
            "body",
            "too_large",
            format!("草稿不能超过 {} KiB", MAX_RECORD_BYTES / 1024),
        );
    } else if !serde_json::from_str::<serde_json::Value>(body).is_ok_and(|v| v.is_object()) {
        errors.add("body", "invalid_json", "草稿应为 JSON 对象");
    }
    errors.finish(|| Some(()))?;
    write_transaction(conn, |conn| {
        elders::find(conn, &scope, elder_id)?.ok_or_else(elder_not_found)?;
        if records::by_submission(conn, submission_id)?.is_some() {
            return Err(AppError::field(
                "submissionId",
                "already_submitted",
                "该记录已提交，不能再存为草稿",
            ));
        }
        let existing = records::draft(conn, submission_id)?;
        if existing.as_ref().is_some_and(|d| d.author_id != author) {
            return Err(AppError::field("submissionId", "taken", "该提交编号已被他人使用"));
        }
        if existing.as_ref().map(|d| d.version) != expected_version {
            return Err(AppError::VersionConflict);
        }
        let row = DraftRow {
            submission_id: submission_id.to_string(),
            author_id: author.clone(),
            elder_id: elder_id.clone(),
            slot_id: slot_id.cloned(),
            body_enc: call.cipher.encrypt(DRAFT_BODY, body),
            version: expected_version.map_or(1, |v| v + 1),
            updated_at: call.now,
        };
        if !records::upsert_draft(conn, &row, expected_version)? {
            return Err(AppError::VersionConflict);
        }
        Ok(row)
    })
}

/// The signed-in account's drafts with their bodies, newest first.
pub fn my_drafts(conn: &mut DbConn, call: &Call) -> AppResult<Vec<(DraftRow, String)>> {
    call.require(Permission::RecordVisits)?;
    records::drafts_for(conn, &call.actor)?
        .into_iter()
        .map(|row| {
            let body = call
                .cipher
                .decrypt(DRAFT_BODY, &row.body_enc)
                .map_err(|_| AppError::Internal("draft cannot be decrypted".into()))?;
            Ok((row, body))
        })
        .collect()
}

pub fn discard_draft(conn: &mut DbConn, call: &Call, submission_id: &str) -> AppResult<bool> {
    call.require(Permission::RecordVisits)?;
    call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    write_transaction(conn, |conn| {
        match records::draft_for(conn, &call.actor, submission_id)? {
            Some(_) => Ok(records::delete_draft(conn, submission_id)? == 1),
            None => Err(AppError::NotFound { what: "草稿" }),
        }
    })
}

// --- confirmation codes -------------------------------------------------------------------

/// Where a confirmation code was sent.
pub struct IssuedCode {
    pub sent_to_masked: String,
    pub expires_at: NaiveDateTime,
}

/// 口述确认码 — sends the elder a 6-digit code by SMS (through the outbox); the elder reads it
/// out to the visitor, who enters it as the elder's confirmation. Valid for 12 hours from now,
/// once. `visit_on` names the day of a past visit the code is to confirm (补确认: a phone visit
/// made days ago), which the text tells the elder; without it the code is for the visit under
/// way. The day lies between the elder's entry into the register and today.
pub fn issue_elder_code(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    visit_on: Option<NaiveDate>,
) -> AppResult<IssuedCode> {
    let scope = call.scope(Permission::RecordVisits)?;
    let visitor = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, elder_id)?.ok_or_else(elder_not_found)?;
        if let Some(day) = visit_on {
            let registered_on = registered_on(conn, &elder)?;
            confirmation::check_visit_day(day, call.today, registered_on)
                .map_err(|(code, message)| AppError::field("visitOn", code, message))?;
        }
        let (Some(phone_enc), Some(masked)) = (elder.phone_enc.clone(), elder.phone_masked.clone()) else {
            return Err(AppError::field(
                "elderId",
                "no_phone",
                "老人档案中没有手机号，请用签字确认",
            ));
        };
        if records::codes_sent_since(conn, &elder.id, &visitor, call.now - TimeDelta::hours(1))? >= CODES_PER_HOUR {
            return Err(AppError::field(
                "elderId",
                "too_many_codes",
                format!("一小时内最多给同一位老人发送 {CODES_PER_HOUR} 次确认码，请稍后再试或改用签字确认"),
            ));
        }
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        let issue = CodeIssue::at(call.now, visit_on);
        records::insert_code(
            conn,
            &ElderCodeRow {
                id: Uuid::now_v7().to_string(),
                elder_id: elder.id.clone(),
                visitor_id: visitor.clone(),
                code_hash: code_hash(call, &elder.id, &code),
                issued_at: issue.issued_at,
                expires_at: issue.expires_at,
                used_by_record: None,
                visit_on,
            },
        )?;
        let phone = call
            .cipher
            .decrypt(elders::ELDER_PHONE, &phone_enc)
            .map_err(|_| AppError::Internal("elder phone cannot be decrypted".into()))?;
        // The code comes first: the elder reads out the first six digits.
        let purpose = match visit_on {
            None => "请在探访结束时".to_string(),
            Some(day) => format!("用于确认{}的探访；如确有这次探访，", day.format("%-m月%-d日")),
        };
        let params = BTreeMap::from([("code".to_string(), code.clone()), ("purpose".to_string(), purpose)]);
        let to = Phone {
            recipient_kind: "elder",
            name: "老人本人",
            number: &phone,
            masked: &masked,
        };
        let message = Message::new(MessageKind::ElderCode).in_area(&elder.village_code);
        queue::sms(conn, call, &message, &to, params, true)?;
        audit::record(
            conn,
            call,
            "elder.issue_code",
            Subject {
                object_type: "elder",
                object_id: Some(elder.id.as_str()),
                area_code: Some(&elder.village_code),
            },
            None,
            None,
            visit_on.map(|day| json!({"visitOn": day})).as_ref(),
        )?;
        Ok(IssuedCode {
            sent_to_masked: masked,
            expires_at: issue.expires_at,
        })
    })
}

/// The day the elder came into the register (the bound of a visit's day).
fn registered_on(conn: &mut DbConn, elder: &ElderRow) -> AppResult<NaiveDate> {
    elders::registered_on(conn, &elder.id)?
        .ok_or_else(|| AppError::Internal(format!("elder {} has no service status", elder.id)))
}

fn code_hash(call: &Call, elder_id: &ElderId, code: &str) -> String {
    call.cipher.blind_index(ELDER_CODE, &format!("{elder_id}:{code}"))
}

// --- submission ---------------------------------------------------------------------------

/// What a submission did.
pub struct Submitted {
    pub record: RecordRow,
    /// False when the same submission had been stored before (a retry): nothing was written.
    pub created: bool,
}

/// 提交 — stores a visit record. The same submission id with the same content answers the
/// stored record and writes nothing (a phone retrying); with other content it is refused,
/// unless the record was sent back to its author, who resubmits it. Every refusal names its
/// field and writes nothing. The elder confirmed by a signature or a read-out code.
pub fn submit(conn: &mut DbConn, call: &Call, json: &str) -> AppResult<Submitted> {
    submit_entry(conn, call, json, Entry::Visit)
}

/// 补录纸质记录 — staff who write elder files in scope (organizers, village staff) type in a
/// paper record later, for a visit on any day from the elder's entry into the register to
/// today, stating how the elder confirmed it: 签字纸质表 (signed the paper form) or 电话确认
/// (confirmed by phone, to a named staff member), and when. The statement is stored with the
/// record and audited (`record.enter_paper`). Otherwise as [`submit`].
pub fn enter_paper(conn: &mut DbConn, call: &Call, json: &str) -> AppResult<Submitted> {
    submit_entry(conn, call, json, Entry::Paper)
}

/// The next 记录编号 of the district of `village_code` in the year of `now` (Beijing time), under
/// a lock per district and year (PostgreSQL; SQLite writes one at a time).
fn next_record_no(conn: &mut DbConn, village_code: &str, now: NaiveDateTime) -> AppResult<String> {
    let district = AreaCode::parse(village_code)
        .ok()
        .and_then(|v| v.parent())
        .and_then(|t| t.parent())
        .ok_or_else(|| AppError::Internal(format!("a record's village code {village_code} names no district")))?;
    let year = chrono::Datelike::year(&now.and_utc().with_timezone(&DISTRICT_OFFSET));
    crate::db::lock_key(conn, &format!("record_no/{}/{year}", district.as_str()))?;
    let seq = records::last_record_seq(conn, &district, year)?.saturating_add(1);
    Ok(RecordNo { year, seq }.to_string())
}

fn submit_entry(conn: &mut DbConn, call: &Call, json: &str, entry: Entry) -> AppResult<Submitted> {
    let scope = match entry {
        Entry::Visit => call.scope(Permission::RecordVisits)?,
        Entry::Paper => {
            call.require(Permission::RecordVisits)?;
            call.scope(Permission::WriteElders)?
        }
    };
    let actor_id = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let parsed = VisitRecord::parse(json, call.now)?;
    confirmation::check_method(entry, parsed.confirmation.elder.method)?;
    let submission_id = parsed.submission_id.to_string();
    let elder_id = ElderId::from(parsed.elder_id);
    write_transaction(conn, |conn| {
        let mut record = parsed.clone();
        // Submissions for one elder take turns (their visit numbers count each other), and a
        // twin of this submission is seen once it is stored.
        crate::db::lock_key(conn, &format!("visit_no/{}", record.elder_id))?;
        let existing = records::by_submission(conn, &submission_id)?;
        if let Some(row) = &existing {
            let mut same = record.clone();
            same.visit_no = Some(u32::try_from(row.visit_no).unwrap_or(0));
            if row.submitted_by == actor_id && sha256_hex(canonical(&same)?.as_bytes()) == row.body_sha256 {
                return Ok(Submitted {
                    record: row.clone(),
                    created: false,
                });
            }
            if row.status != RecordStatus::Returned || row.submitted_by != actor_id {
                return Err(AppError::field(
                    "submissionId",
                    "already_submitted",
                    "该提交编号已用于另一份内容的记录（已提交的记录不能改，除非被退回修改）",
                ));
            }
            // The record keeps its number (第 N 次) of its elder, so it stays with that elder.
            if row.elder_id != elder_id {
                return Err(AppError::field(
                    "elderId",
                    "changed",
                    "退回修改的记录不能改为另一位老人，请为该老人另行提交记录",
                ));
            }
        }
        let elder = elders::find(conn, &scope, &elder_id)?.ok_or_else(elder_not_found)?;
        let record_id = existing.as_ref().map_or_else(RecordId::fresh, |r| r.id.clone());
        let day = record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive();
        confirmation::check_visit_day(day, call.today, registered_on(conn, &elder)?)
            .map_err(|(code, message)| AppError::field("startedAt", code, message))?;
        check_visitors(conn, call, &record, &actor_id)?;
        let slot_id = check_slot(conn, call, &elder, &record, &actor_id, &record_id)?;
        check_images(conn, &record)?;
        check_elder_confirmation(conn, call, &elder, &record, &record_id)?;
        let next_no = match &existing {
            Some(row) => row.visit_no,
            None => records::last_visit_no_of(conn, &elder.id)?.saturating_add(1),
        };
        let record_no = match &existing {
            Some(row) => row.record_no.clone(),
            None => next_record_no(conn, &elder.village_code, call.now)?,
        };
        match record.visit_no {
            Some(no) if i64::from(no) != i64::from(next_no) => {
                return Err(AppError::field(
                    "visitNo",
                    "not_next",
                    format!("这是该老人的第 {next_no} 次探访，记录写的是第 {no} 次"),
                ))
            }
            _ => record.visit_no = u32::try_from(next_no).ok(),
        }
        let body = canonical(&record)?;
        let row = RecordRow {
            id: record_id.clone(),
            submission_id: submission_id.clone(),
            elder_id: elder.id.clone(),
            village_code: elder.village_code.clone(),
            slot_id: slot_id.clone(),
            visitor_id: AccountId::from(record.visitor.id),
            submitted_by: actor_id.clone(),
            visit_no: next_no,
            started_at: record.started_at.naive_utc(),
            ended_at: record.ended_at.naive_utc(),
            mode: record.mode,
            status: RecordStatus::Submitted,
            body_sha256: sha256_hex(body.as_bytes()),
            body_enc: call.cipher.encrypt(RECORD_BODY, &body),
            review_comment: existing.as_ref().and_then(|r| r.review_comment.clone()),
            reviewed_by: None,
            reviewed_at: None,
            submitted_at: call.now,
            version: existing.as_ref().map_or(1, |r| r.version + 1),
            elder_confirmation: Some(record.confirmation.elder.method),
            elder_confirmed_at: Some(record.confirmation.elder.confirmed_at.naive_utc()),
            record_no,
        };
        match &existing {
            None => {
                records::insert_record(conn, &row)?;
                policies::insert_visit(
                    conn,
                    &VisitRow {
                        id: row.id.to_string(),
                        elder_id: row.elder_id.clone(),
                        village_code: row.village_code.clone(),
                        visited_at: row.started_at,
                        mode: row.mode,
                        status: RecordStatus::Submitted,
                        source: "record".to_string(),
                        entered_by: call.actor.label.clone(),
                        entered_at: call.now,
                        accepted_at: None,
                        rejected_at: None,
                    },
                )?;
            }
            Some(old) => {
                if !records::replace_record(conn, &row, old.version)? {
                    return Err(AppError::VersionConflict);
                }
                records::set_visit_status(conn, &row.id, RecordStatus::Submitted, row.started_at, call.now)?;
            }
        }
        store_visitors(conn, &row, &record)?;
        if let Some(slot_id) = &slot_id {
            slots::set_status(conn, slot_id, SlotStatus::Done, call.now)?;
        }
        records::delete_draft(conn, &submission_id)?;
        // Photos and signature images are linked to the record, so that whoever may read the
        // record may see them; only photos are checked for reuse.
        let mut linked: Vec<String> = record.image_hashes().iter().map(|h| h.as_str().to_string()).collect();
        linked.sort_unstable();
        linked.dedup();
        records::replace_photos(conn, &row.id, &linked)?;
        let hashes: Vec<String> = record.photos.iter().map(|p| p.sha256.as_str().to_string()).collect();
        raise_signals(conn, call, &elder, &record, &row, &hashes)?;
        cases::open_for_record(conn, call, &elder, &record, &row)?;
        super::contacts::contact_made(conn, call, &elder, row.started_at)?;
        let elder_confirmation = &record.confirmation.elder;
        let after = json!({
            "elderId": row.elder_id, "visitNo": row.visit_no, "mode": row.mode, "slotId": row.slot_id,
            "startedAt": row.started_at,
            "elderConfirmation": {
                "method": elder_confirmation.method,
                "label": elder_confirmation.method.label_zh(),
                "confirmedAt": row.elder_confirmed_at,
                "confirmedBy": elder_confirmation.confirmed_by.as_ref().map(|p| p.id),
            },
        });
        let (action, reason) = match (&existing, entry) {
            (Some(_), _) => ("record.resubmit", None),
            (None, Entry::Visit) => ("record.submit", None),
            (None, Entry::Paper) => (
                "record.enter_paper",
                Some(format!(
                    "补录纸质记录，老人确认方式：{}",
                    elder_confirmation.method.label_zh()
                )),
            ),
        };
        audit::record(
            conn,
            call,
            action,
            record_subject(&row),
            reason.as_deref(),
            None,
            Some(&after),
        )?;
        Ok(Submitted {
            record: row,
            created: true,
        })
    })
}

/// The visitor named on the record is the submitter, or the submitter is staff entering a
/// visit for an elder in their scope (a paper form, an organizer's own call); every person
/// named exists.
fn check_visitors(conn: &mut DbConn, call: &Call, record: &VisitRecord, actor_id: &AccountId) -> AppResult<()> {
    let visitor_id = AccountId::from(record.visitor.id);
    let is_staff = matches!(call.actor.role, Some(Role::TownOrganizer | Role::VillageStaff));
    if &visitor_id != actor_id && !is_staff {
        return Err(AppError::field("visitor.id", "not_you", "探访人员应为提交人本人"));
    }
    if AccountId::from(record.confirmation.entered_by.person.id) != *actor_id {
        return Err(AppError::field(
            "confirmation.enteredBy.person.id",
            "not_you",
            "信息录入人应为提交人本人",
        ));
    }
    for (i, id) in record.visitor_ids().enumerate() {
        let field = if i == 0 {
            "visitor.id".to_string()
        } else {
            format!("coVisitors[{}].id", i - 1)
        };
        let known = users::by_id(conn, &AccountId::from(id))?
            .is_some_and(|u| [Role::Visitor, Role::VillageStaff, Role::TownOrganizer].contains(&u.role));
        if !known {
            return Err(AppError::field(&field, "unknown_person", "没有这个探访人员"));
        }
    }
    Ok(())
}

/// Stores who made the visit (`visit_record_visitors`, what the volunteer service record
/// counts, 民政部令第67号): the record's visitor, the co-visitors it names (`coVisitors`, as
/// the ledger credits them) and the co-visitor of its slot (decision: the adult named to go
/// along on a claimed slot went along; the volunteer's record form does not repeat them).
fn store_visitors(conn: &mut DbConn, row: &RecordRow, record: &VisitRecord) -> AppResult<()> {
    let slot_co_visitor = match &row.slot_id {
        Some(slot_id) => slots::find_slot(conn, slot_id)?.and_then(|s| s.co_visitor_id),
        None => None,
    };
    let co_visitors: Vec<AccountId> = record
        .visitor_ids()
        .skip(1)
        .map(AccountId::from)
        .chain(slot_co_visitor)
        .collect();
    records::replace_visitors(conn, &row.id, &row.visitor_id, &co_visitors)?;
    Ok(())
}

/// A record for a slot needs the visitor to hold it, the elder to match, the visit to lie in
/// the window and in a mode the slot allows. A record without a slot is an unplanned visit:
/// staff may enter one for any elder in scope; a visitor only for an elder they are paired with.
fn check_slot(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    record: &VisitRecord,
    actor_id: &AccountId,
    record_id: &RecordId,
) -> AppResult<Option<SlotId>> {
    let visitor_id = AccountId::from(record.visitor.id);
    let Some(slot_id) = record.slot_id.map(SlotId::from) else {
        if call.actor.role == Some(Role::Visitor) {
            let paired = pairings::of_elder(conn, &elder.id)?.is_some_and(|p| p.contact_user_id == *actor_id);
            if !paired {
                return Err(AppError::field("slotId", "required", "请选择您认领的探访时段"));
            }
        }
        return Ok(None);
    };
    let not_held = || AppError::field("slotId", "not_held", "您没有认领这个探访时段");
    let slot = slots::find_slot(conn, &slot_id)?.ok_or_else(not_held)?;
    let held = slot.holder_id.as_ref() == Some(&visitor_id)
        && slot.elder_id == elder.id
        && (slot.status == SlotStatus::Claimed || slot.status == SlotStatus::Done);
    if !held {
        return Err(not_held());
    }
    if records::record_of_slot(conn, &slot_id, record_id)?.is_some() {
        return Err(AppError::field("slotId", "already_recorded", "这个探访时段已有记录"));
    }
    let day = record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive();
    if day < slot.window_from || day > slot.window_to {
        return Err(AppError::field(
            "startedAt",
            "outside_window",
            format!("探访日期应在 {} 至 {} 之间", slot.window_from, slot.window_to),
        ));
    }
    let modes = &slot.modes;
    if !modes.is_empty() && !modes.contains(&record.mode) {
        let allowed: Vec<&str> = modes.iter().map(|m| m.label_zh()).collect();
        return Err(AppError::field(
            "mode",
            "not_allowed",
            format!("这个时段要求的探访方式是：{}", allowed.join("、")),
        ));
    }
    Ok(Some(slot_id))
}

fn check_images(conn: &mut DbConn, record: &VisitRecord) -> AppResult<()> {
    let hashes: Vec<String> = record.image_hashes().iter().map(|h| h.as_str().to_string()).collect();
    let known = records::known_photos(conn, &hashes)?;
    if let Some(i) = record
        .photos
        .iter()
        .position(|p| !known.iter().any(|k| k == p.sha256.as_str()))
    {
        return Err(AppError::field(
            &format!("photos[{i}].sha256"),
            "unknown_photo",
            "照片尚未上传",
        ));
    }
    let c = &record.confirmation;
    let signatures = [
        ("confirmation.visitor.signature", c.visitor.signature.as_ref()),
        ("confirmation.elder.signature", c.elder.signature.as_ref()),
    ];
    for (field, image) in signatures {
        if image.is_some_and(|i| !known.iter().any(|k| k == i.sha256.as_str())) {
            return Err(AppError::field(field, "unknown_photo", "签字图片尚未上传"));
        }
    }
    Ok(())
}

/// The elder's confirmation holds: a read-out code is one texted to this elder for this
/// visitor that confirms this visit ([`confirmation::code_confirms`]), which the record then
/// uses up; a phone confirmation names a staff member who made the call. (A signature's image
/// is checked with the photos; a signed paper form is kept on paper.)
fn check_elder_confirmation(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    record: &VisitRecord,
    record_id: &RecordId,
) -> AppResult<()> {
    let confirmation = &record.confirmation.elder;
    match confirmation.method {
        ElderConfirmationMethod::ReadOutCode => use_code(conn, call, elder, record, record_id),
        ElderConfirmationMethod::ConfirmedByPhone => {
            let caller = confirmation.confirmed_by.as_ref().map(|p| AccountId::from(p.id));
            let is_staff = match &caller {
                Some(id) => {
                    users::by_id(conn, id)?.is_some_and(|u| matches!(u.role, Role::TownOrganizer | Role::VillageStaff))
                }
                None => false,
            };
            if is_staff {
                Ok(())
            } else {
                Err(AppError::field(
                    "confirmation.elder.confirmedBy.id",
                    "unknown_person",
                    "致电确认人应为镇街或村(居)工作人员",
                ))
            }
        }
        ElderConfirmationMethod::Signature | ElderConfirmationMethod::SignedPaper => Ok(()),
    }
}

/// Takes the code the elder read out for the record: among the codes with its hash sent to
/// the elder for the record's visitor, one not used by another record that confirms this visit.
/// A refusal says why (wrong, used, expired, for another visit).
fn use_code(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    record: &VisitRecord,
    record_id: &RecordId,
) -> AppResult<()> {
    let confirmation = &record.confirmation.elder;
    let visit = ConfirmedVisit {
        day: record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive(),
        ended_at: record.ended_at.naive_utc(),
        confirmed_at: confirmation.confirmed_at.naive_utc(),
    };
    take_elder_code(
        conn,
        call,
        &ElderCodeUse {
            elder: &elder.id,
            visitor: &AccountId::from(record.visitor.id),
            code: confirmation.code.as_deref().unwrap_or_default(),
            visit,
            used_by: record_id.as_str(),
            field: "confirmation.elder.code",
        },
    )
}

/// What a read-out code is to confirm, and what uses it up.
pub(crate) struct ElderCodeUse<'a> {
    pub elder: &'a ElderId,
    /// The visitor the code was sent for.
    pub visitor: &'a AccountId,
    /// As the elder read it out.
    pub code: &'a str,
    pub visit: ConfirmedVisit,
    /// The record (a visit's, or a care service's) that uses the code up.
    pub used_by: &'a str,
    /// The field a refusal names.
    pub field: &'a str,
}

/// Takes a code the elder read out: among the codes with its hash sent to the elder for the
/// visitor, one not used by another record that confirms the visit or service. A refusal says
/// why (wrong, used, expired, for another visit), naming `field`. Visits and care given
/// (`service::care`) share it.
pub(crate) fn take_elder_code(conn: &mut DbConn, call: &Call, used: &ElderCodeUse<'_>) -> AppResult<()> {
    let codes = records::codes_with_hash(conn, used.elder, used.visitor, &code_hash(call, used.elder, used.code))?;
    let mut refusal: Option<CodeRefusal> = None;
    let mut used_elsewhere = false;
    for row in &codes {
        if row.used_by_record.as_ref().is_some_and(|r| r.as_str() != used.used_by) {
            used_elsewhere = true;
            continue;
        }
        let issue = CodeIssue {
            issued_at: row.issued_at,
            expires_at: row.expires_at,
            visit_on: row.visit_on,
        };
        match confirmation::code_confirms(&issue, &used.visit) {
            Ok(()) if records::take_code(conn, &row.id, used.used_by)? => return Ok(()),
            Ok(()) => used_elsewhere = true,
            Err(why) => {
                refusal.get_or_insert(why);
            }
        }
    }
    Err(match refusal {
        Some(why) => AppError::field(used.field, why.code(), why.message()),
        None if used_elsewhere => AppError::field(used.field, "used", "这个确认码已用于另一份记录，每个码只能用一次"),
        None => AppError::field(used.field, "wrong_code", "确认码不对（应为发给老人手机的确认码）"),
    })
}

fn raise_signals(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    record: &VisitRecord,
    row: &RecordRow,
    hashes: &[String],
) -> AppResult<()> {
    let village = areas::find(conn, &elder.village_code)?;
    let context = SignalContext {
        elder_location: village.and_then(|v| {
            Some(GeoPoint {
                lat: v.latitude?,
                lon: v.longitude?,
            })
        }),
        overlapping: records::overlapping(conn, &row.visitor_id, &row.id, row.started_at, row.ended_at)?,
        reused_photos: records::photo_uses(conn, hashes, &row.id)?,
    };
    let rows: Vec<SignalRow> = signals(record, &context)
        .into_iter()
        .map(|s| SignalRow {
            id: Uuid::now_v7().to_string(),
            record_id: row.id.clone(),
            kind: s.kind,
            detail: s.detail,
            other_record_id: s.other_record_id,
            raised_at: call.now,
        })
        .collect();
    records::replace_signals(conn, &row.id, &rows)?;
    Ok(())
}

// --- review -------------------------------------------------------------------------------

text_enum! {
    /// 审核结论.
    pub enum ReviewDecision {
        Accept => ("accept", "通过"),
        Reject => ("reject", "不通过"),
        SendBack => ("send_back", "退回修改"),
    }
}

/// 审核 — a town organizer accepts, rejects or sends back a submitted record (an accepted one
/// can still be rejected, with a comment). Only accepted records count. Rejecting and sending
/// back need a comment; so does accepting a record with fraud signals. Accepting applies the
/// household and file changes the record reports to the elder file.
pub fn review(
    conn: &mut DbConn,
    call: &Call,
    id: &RecordId,
    decision: ReviewDecision,
    comment: Option<&str>,
    expected_version: i32,
) -> AppResult<RecordRow> {
    let scope = call.scope(Permission::ReviewRecords)?;
    let comment = optional_text(comment.unwrap_or_default(), 1000)
        .map_err(|e| AppError::field("comment", crate::domain::input::Coded::code(&e), e.to_string()))?;
    write_transaction(conn, |conn| {
        let current = records::record_at(conn, &scope, id)?.ok_or_else(record_not_found)?;
        if current.version != expected_version {
            return Err(AppError::VersionConflict);
        }
        let allowed = match decision {
            ReviewDecision::Accept | ReviewDecision::SendBack => current.status == RecordStatus::Submitted,
            ReviewDecision::Reject => {
                current.status == RecordStatus::Submitted || current.status == RecordStatus::Accepted
            }
        };
        if !allowed {
            return Err(AppError::field(
                "decision",
                "not_allowed",
                format!("状态为“{}”的记录不能{}", current.status.label_zh(), decision.label_zh()),
            ));
        }
        let has_signals = !records::signals_of(conn, std::slice::from_ref(&current.id))?.is_empty();
        let needs_comment = decision != ReviewDecision::Accept || has_signals;
        if needs_comment && comment.is_none() {
            let message = if has_signals {
                "该记录有异常提示，请写明核实情况"
            } else {
                "请写明原因"
            };
            return Err(AppError::field("comment", "required", message));
        }
        let status = match decision {
            ReviewDecision::Accept => RecordStatus::Accepted,
            ReviewDecision::Reject => RecordStatus::Rejected,
            ReviewDecision::SendBack => RecordStatus::Returned,
        };
        let row = RecordRow {
            status,
            review_comment: comment.clone(),
            reviewed_by: call.actor.user_id.clone(),
            reviewed_at: Some(call.now),
            version: current.version + 1,
            ..current.clone()
        };
        if !records::replace_record(conn, &row, expected_version)? {
            return Err(AppError::VersionConflict);
        }
        records::set_visit_status(conn, &row.id, status, row.started_at, call.now)?;
        if decision == ReviewDecision::Reject {
            if let Some(slot) = &row.slot_id {
                slots::set_status(conn, slot, SlotStatus::Claimed, call.now)?;
            }
            super::ledger::reverse_record(conn, call, &row.id)?;
        }
        if decision == ReviewDecision::Accept {
            let record = parsed_body(call, &row)?;
            // Again from the body: a record stored before `visit_record_visitors` existed
            // gets its co-visitors here (the migration's backfill cannot read the body).
            store_visitors(conn, &row, &record)?;
            elder_service::apply_visit_findings(conn, call, &row.elder_id, &row.id, &record)?;
            let day = record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive();
            let rules = super::policies::posting_rules(conn, call, &row.village_code, day)?;
            super::ledger::post_record(conn, call, &rules, &row, &record)?;
        }
        let before = json!({"status": current.status});
        let after = json!({"status": status, "comment": comment});
        audit::record(
            conn,
            call,
            "record.review",
            record_subject(&row),
            comment.as_deref(),
            Some(&before),
            Some(&after),
        )?;
        Ok(row)
    })
}

// --- reading ------------------------------------------------------------------------------

/// How much of a record the reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordAccess {
    /// Staff in scope, the district, and the record's own visitor: the whole record.
    Full,
    /// Another visitor of the elder: date, mode and status only.
    Summary,
}

/// 可见记录 — a row as the service hands it to a resolver: with the access the caller has to
/// it, decided by the scoped query that loaded it ([`crate::db::scope::records_in`]). Resolvers
/// render what `access` allows and never build one themselves.
#[derive(Debug, Clone)]
pub struct Scoped<T> {
    pub row: T,
    pub access: RecordAccess,
}

/// Who may read a record and how much: staff with `ReadElders` over its village, or its
/// visitor or submitter in full; another visitor whose area holds the village, a summary.
/// The rule itself is SQL in [`crate::db::scope`]; this tags the rows it returns and writes
/// the `record.read` audit entry of every full read of someone else's record — whichever path
/// (one record, a page, an elder's history, a case's follow-ups, a spot check) it came by.
/// (A page's entries are written in one transaction: one commit, not one per record.)
fn scoped(conn: &mut DbConn, call: &Call, rows: Vec<(RecordRow, bool)>) -> AppResult<Vec<Scoped<RecordRow>>> {
    let me = call.actor.user_id.as_ref();
    let others_read: Vec<&RecordRow> = rows
        .iter()
        .filter(|(row, full)| *full && me != Some(&row.visitor_id))
        .map(|(row, _)| row)
        .collect();
    if !others_read.is_empty() {
        write_transaction(conn, |conn| {
            audit::record_each(
                conn,
                call,
                "record.read",
                others_read.iter().map(|row| record_subject(row)),
            )
        })?;
    }
    Ok(rows
        .into_iter()
        .map(|(row, full)| Scoped {
            row,
            access: if full {
                RecordAccess::Full
            } else {
                RecordAccess::Summary
            },
        })
        .collect())
}

/// One record, if the reader may see it; a full read of someone else's record is audited
/// (it holds health details).
pub fn get(conn: &mut DbConn, call: &Call, id: &RecordId) -> AppResult<Scoped<RecordRow>> {
    let reader = RecordReader::of(&call.actor);
    let found = records::record_for(conn, &reader, id)?.ok_or_else(record_not_found)?;
    scoped(conn, call, vec![found])?.pop().ok_or_else(record_not_found)
}

/// The record just written by the caller (its submitter or reviewer), as the caller sees it:
/// no audit entry, since the caller sent or judged this very content.
fn as_written(conn: &mut DbConn, call: &Call, row: RecordRow) -> AppResult<Scoped<RecordRow>> {
    let reader = RecordReader::of(&call.actor);
    let (_, full) = records::record_for(conn, &reader, &row.id)?.ok_or_else(record_not_found)?;
    let access = if full {
        RecordAccess::Full
    } else {
        RecordAccess::Summary
    };
    Ok(Scoped { row, access })
}

/// [`submit`], answering the stored record with the submitter's access to it.
pub fn submit_scoped(conn: &mut DbConn, call: &Call, json: &str) -> AppResult<(Scoped<RecordRow>, bool)> {
    let done = submit(conn, call, json)?;
    Ok((as_written(conn, call, done.record)?, done.created))
}

/// [`enter_paper`], answering the stored record with the submitter's access to it.
pub fn enter_paper_scoped(conn: &mut DbConn, call: &Call, json: &str) -> AppResult<(Scoped<RecordRow>, bool)> {
    let done = enter_paper(conn, call, json)?;
    Ok((as_written(conn, call, done.record)?, done.created))
}

/// [`review`], answering the record with the reviewer's access to it.
pub fn review_scoped(
    conn: &mut DbConn,
    call: &Call,
    id: &RecordId,
    decision: ReviewDecision,
    comment: Option<&str>,
    expected_version: i32,
) -> AppResult<Scoped<RecordRow>> {
    let row = review(conn, call, id, decision, comment, expected_version)?;
    as_written(conn, call, row)
}

/// The follow-up records of each case among `case_ids` the caller may read (see
/// [`super::cases::get`]), by case, oldest first, each as the caller may see it: a board's
/// follow-ups in two queries (and their reads audited in one statement).
pub fn follow_ups_by_case(
    conn: &mut DbConn,
    call: &Call,
    case_ids: &[CaseId],
) -> AppResult<HashMap<CaseId, Vec<Scoped<RecordRow>>>> {
    let scope = call.scope(Permission::ReadElders)?;
    let links = records::follow_up_links_in(conn, &scope, case_ids)?;
    let mut cases_of: HashMap<&RecordId, Vec<&CaseId>> = HashMap::new();
    for (case_id, record_id) in &links {
        cases_of.entry(record_id).or_default().push(case_id);
    }
    let record_ids: Vec<RecordId> = cases_of.keys().map(|&id| id.clone()).collect();
    let rows = records::counted_records_for(conn, &RecordReader::of(&call.actor), &record_ids)?;
    let mut by_case: HashMap<CaseId, Vec<Scoped<RecordRow>>> = HashMap::new();
    for record in scoped(conn, call, rows)? {
        for case_id in cases_of.get(&record.row.id).into_iter().flatten() {
            by_case.entry((*case_id).clone()).or_default().push(record.clone());
        }
    }
    Ok(by_case)
}

/// A page of records in `area` (all of the reader's scope when `None`), newest first.
pub struct RecordFilter<'a> {
    pub area_code: Option<&'a str>,
    pub elder_id: Option<&'a ElderId>,
    pub mine: bool,
    pub status: Option<RecordStatus>,
}

pub fn page(
    conn: &mut DbConn,
    call: &Call,
    filter: &RecordFilter<'_>,
    after: Option<&RecordId>,
    first: i64,
) -> AppResult<Vec<Scoped<RecordRow>>> {
    let permission = if filter.mine || call.actor.role == Some(Role::Visitor) {
        Permission::RecordVisits
    } else {
        Permission::ReadElders
    };
    let scope = call.scope(permission)?;
    let area = match (filter.area_code, &scope) {
        (Some(code), _) => AreaCode::parse(code).map_err(|e| AppError::field("areaCode", "invalid", e.to_string()))?,
        (None, Scope::Area(node)) => node.clone(),
        (None, _) => return Err(AppError::field("areaCode", "required", "请选择区域")),
    };
    let range = crate::db::scope::area_range(&scope, &area).ok_or(AppError::Forbidden)?;
    let me = call.actor.user_id.clone();
    let query = records::RecordQuery {
        village_range: range,
        elder_id: filter.elder_id,
        visitor_id: if filter.mine { me.as_ref() } else { None },
        status: filter.status,
        before: after,
        // Up to a full page (100) and one row more, by which the caller tells that another
        // page follows (clamped at 100, a page of 100 never had a next one).
        limit: first.clamp(1, 101),
    };
    let rows = records::records_page_for(conn, &RecordReader::of(&call.actor), &query)?;
    scoped(conn, call, rows)
}

/// The signals raised on a record the caller reads in full (none otherwise).
pub fn signals_of_scoped(conn: &mut DbConn, record: &Scoped<RecordRow>) -> AppResult<Vec<SignalRow>> {
    match record.access {
        RecordAccess::Full => signals_of(conn, &record.row.id),
        RecordAccess::Summary => Ok(Vec::new()),
    }
}

/// The record's body, for a caller who reads it in full (`None` otherwise).
pub fn body_scoped(call: &Call, record: &Scoped<RecordRow>) -> AppResult<Option<String>> {
    match record.access {
        RecordAccess::Full => body_of(call, &record.row).map(Some),
        RecordAccess::Summary => Ok(None),
    }
}

/// The signals raised on a record.
pub fn signals_of(conn: &mut DbConn, record_id: &RecordId) -> AppResult<Vec<SignalRow>> {
    Ok(records::signals_of(conn, std::slice::from_ref(record_id))?)
}

// --- printing -----------------------------------------------------------------------------

/// Of a stored record, only whether it lists services given.
#[derive(serde::Deserialize)]
struct ServicesGiven {
    #[serde(default, rename = "servicesGiven")]
    services_given: Vec<serde::de::IgnoredAny>,
}

/// 渝北 "第 N 次开展关爱" — how many of the elder's records that count, up to `row` and `row`
/// included (unless rejected), gave services. Of the earlier records only the bodies are
/// read, and of each only whether it lists services.
fn care_services_up_to(conn: &mut DbConn, call: &Call, row: &RecordRow) -> AppResult<u32> {
    let mut count = u32::from(row.status != RecordStatus::Rejected);
    for body_enc in records::counted_bodies_until(conn, &row.elder_id, row.started_at, &row.id)? {
        let body = call
            .cipher
            .decrypt(RECORD_BODY, &body_enc)
            .map_err(|_| AppError::Internal(format!("a record of elder {} cannot be decrypted", row.elder_id)))?;
        let given: ServicesGiven = serde_json::from_str(&body).map_err(|e| {
            AppError::Internal(format!("a stored record of elder {} does not parse: {e}", row.elder_id))
        })?;
        if !given.services_given.is_empty() {
            count += 1;
        }
    }
    Ok(count)
}

/// A record ready to print: the row, its parsed body and what the form prints besides it,
/// all read from the database. The photos are not read yet ([`render_print`] does).
#[derive(Debug, Clone)]
pub struct PrintSheet {
    pub row: RecordRow,
    pub record: VisitRecord,
    /// Everything but `photo_urls`.
    pub context: crate::domain::record::print::PrintContext,
}

/// The statements of [`print`]: the record (with full access), its elder, its place among the
/// elder's care services and the elder's tier on the visit day.
pub fn print_sheet(conn: &mut DbConn, call: &Call, id: &RecordId) -> AppResult<PrintSheet> {
    let Scoped { row, access } = get(conn, call, id)?;
    if access != RecordAccess::Full {
        return Err(record_not_found());
    }
    let record = parsed_body(call, &row)?;
    let elder = elders::find(conn, &Scope::System, &row.elder_id)?.ok_or_else(elder_not_found)?;
    let day = record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive();
    let care_service_no = if record.services_given.is_empty() {
        None
    } else {
        Some(care_services_up_to(conn, call, &row)?)
    };
    let categories = elders::categories_in(conn, &Scope::System, std::slice::from_ref(&elder.id))?
        .into_iter()
        .map(|c| c.category.label_zh().to_string())
        .collect();
    let (_, town, village) = super::registers::places(conn, &[elder.village_code.as_str()])?
        .remove(&elder.village_code)
        .unwrap_or_default();
    let birth = elder.birth_date;
    let context = crate::domain::record::print::PrintContext {
        elder_name: elder.name.clone(),
        elder_sex: elder.sex.label_zh().to_string(),
        elder_address: elder.residence_address.clone(),
        tier_label: super::policies::tier_label_on(conn, call, &elder, day)?,
        care_service_no,
        photo_urls: Vec::new(),
        status_label: row.status.label_zh().to_string(),
        elder_birth_month: format!(
            "{}年{}月",
            chrono::Datelike::year(&birth),
            chrono::Datelike::month(&birth)
        ),
        elder_phone: elder.phone_masked.clone().unwrap_or_default(),
        categories,
        urban_rural: elder.urban_rural.label_zh().to_string(),
        town,
        village,
        record_no: row.record_no.clone(),
    };
    Ok(PrintSheet { row, record, context })
}

/// The printed page of `sheet` as `form`, its photos read from `store` and embedded. Files and
/// HTML only: no connection.
pub fn render_print(
    store: &super::photos::PhotoStore,
    sheet: &mut PrintSheet,
    form: crate::domain::record::print::PaperForm,
) -> AppResult<String> {
    use base64::Engine;
    let mut photo_urls = Vec::with_capacity(sheet.record.photos.len());
    for photo in &sheet.record.photos {
        let bytes = std::fs::read(store.path_of(&photo.sha256))
            .map_err(|e| AppError::Internal(format!("photo {} unreadable: {e}", photo.sha256.as_str())))?;
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        photo_urls.push(format!("data:{};base64,{data}", photo.content_type.as_str()));
    }
    sheet.context.photo_urls = photo_urls;
    crate::domain::record::print::render_html(form, &sheet.record, &sheet.context)
}

/// Audits a print (`record.print`): the elder's name and address are on the page.
pub fn audit_print(
    conn: &mut DbConn,
    call: &Call,
    row: &RecordRow,
    form: crate::domain::record::print::PaperForm,
) -> AppResult<()> {
    audit::record(
        conn,
        call,
        "record.print",
        record_subject(row),
        None,
        None,
        Some(&json!({"form": form.code()})),
    )
}

/// 打印 — the record as a district's paper form: one self-contained HTML page (photos
/// embedded), for the printer or the office's archive. Needs full access to the record;
/// the elder's name and address are printed, so every print is audited.
///
/// The rows are read with one connection ([`print_sheet`]); the photo files are read and the
/// page rendered off the pool ([`render_print`]); a second short use of a connection audits
/// the print once the page exists.
pub async fn print(
    db: &Database,
    call: Call,
    store: super::photos::PhotoStore,
    id: RecordId,
    form: crate::domain::record::print::PaperForm,
) -> AppResult<(RecordRow, String)> {
    let reader = call.clone();
    let mut sheet = db.run(move |conn| print_sheet(conn, &reader, &id)).await?;
    let (sheet, html) = super::off_pool(move || {
        let html = render_print(&store, &mut sheet, form)?;
        Ok((sheet, html))
    })
    .await?;
    let row = db
        .run(move |conn| audit_print(conn, &call, &sheet.row, form).map(|()| sheet.row))
        .await?;
    Ok((row, html))
}
