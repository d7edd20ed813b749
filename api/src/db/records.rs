//! Storage of visit records, drafts, confirmation codes, signals, risk cases, follow-ups,
//! referrals, the outbox and spot checks.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    case_follow_ups, elder_codes, elders, outbox, photos, record_drafts, record_photos, record_signals, referrals,
    risk_cases, spot_checks, users, visit_record_visitors, visit_records, visits,
};
use super::scope::{self, RecordReader};
use super::DbConn;
use crate::domain::id::{AccountId, CaseId, ElderId, RecordId, ReferralId, SlotId, SpotCheckId};
use crate::domain::message::{Channel, MessageKind};

use crate::domain::access::{Actor, Scope};
use crate::domain::area::AreaCode;
use crate::domain::policy::VisitMode;
use crate::domain::record::case::{CaseStatus, ReferralStatus};
use crate::domain::record::format::{ElderConfirmationMethod, ReferralTarget};
use crate::domain::record::risk::{RiskKind, Severity};
use crate::domain::record::signal::SignalKind;
use crate::domain::record::spot_check::SpotCheckOutcome;
use crate::domain::record::RecordStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = record_drafts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct DraftRow {
    pub submission_id: String,
    pub author_id: AccountId,
    pub elder_id: ElderId,
    pub slot_id: Option<SlotId>,
    pub body_enc: String,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = visit_records, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct RecordRow {
    pub id: RecordId,
    pub submission_id: String,
    pub elder_id: ElderId,
    pub village_code: String,
    pub slot_id: Option<SlotId>,
    pub visitor_id: AccountId,
    pub submitted_by: AccountId,
    pub visit_no: i32,
    /// UTC.
    pub started_at: NaiveDateTime,
    pub ended_at: NaiveDateTime,
    pub mode: VisitMode,
    pub status: RecordStatus,
    pub body_enc: String,
    pub body_sha256: String,
    pub review_comment: Option<String>,
    pub reviewed_by: Option<AccountId>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub submitted_at: NaiveDateTime,
    pub version: i32,
    /// 老人确认方式 — how the elder confirmed the visit (a statement on a paper record). `None`
    /// only for a row stored before it was kept, until the server's start fills it in.
    pub elder_confirmation: Option<ElderConfirmationMethod>,
    /// When the elder confirmed (UTC): at the visit, or days later for a past visit.
    pub elder_confirmed_at: Option<NaiveDateTime>,
    /// 记录编号, e.g. `2026-000123`: the district's n-th record first submitted that year
    /// ([`crate::domain::record::RecordNo`]).
    pub record_no: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = record_signals, treat_none_as_default_value = false)]
pub struct SignalRow {
    pub id: String,
    pub record_id: RecordId,
    pub kind: SignalKind,
    pub detail: String,
    pub other_record_id: Option<RecordId>,
    pub raised_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_codes, treat_none_as_default_value = false)]
pub struct ElderCodeRow {
    pub id: String,
    pub elder_id: ElderId,
    pub visitor_id: AccountId,
    pub code_hash: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_by_record: Option<RecordId>,
    /// The district day of the past visit the code was issued for; `None`: the visit under way.
    pub visit_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = risk_cases, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CaseRow {
    pub id: CaseId,
    pub elder_id: ElderId,
    pub village_code: String,
    /// The record that found the risk; `None` for a lost-contact case (失联), which no record
    /// found.
    pub record_id: Option<RecordId>,
    pub kind: RiskKind,
    pub severity: Severity,
    pub evidence: String,
    pub status: CaseStatus,
    pub owner_id: Option<AccountId>,
    pub opened_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<AccountId>,
    pub closing_note: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = referrals, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub elder_id: ElderId,
    pub village_code: String,
    pub case_id: Option<CaseId>,
    pub record_id: Option<RecordId>,
    pub target: ReferralTarget,
    pub detail: String,
    pub urgent: bool,
    pub status: ReferralStatus,
    pub status_note: Option<String>,
    pub created_by: AccountId,
    pub created_at: NaiveDateTime,
    pub updated_by: AccountId,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox, treat_none_as_default_value = false)]
pub struct OutboxRow {
    /// Also the message's id towards the transport (`Message-ID`, the SMS `OutId`), so a
    /// message sent again after a crash is recognisably the same.
    pub id: String,
    pub case_id: Option<CaseId>,
    pub channel: Channel,
    pub recipient_kind: String,
    pub recipient_name: String,
    /// The phone number or mail address, encrypted (`outbox.recipient`).
    pub recipient_enc: Option<String>,
    pub recipient_masked: Option<String>,
    pub recipient_user_id: Option<AccountId>,
    /// The text: the SMS as rendered, the mail's plain text, the in-app line.
    pub body: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: i32,
    pub kind: MessageKind,
    /// The SMS template's parameters, a JSON object of strings.
    pub params: Option<String>,
    pub subject: Option<String>,
    pub html_body: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment: Option<String>,
    /// The body and parameters hold a code that is blanked once sent.
    pub secret: bool,
    /// When the row is next due; `None` for in-app rows.
    pub due_at: Option<NaiveDateTime>,
    pub leased_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub dead_at: Option<NaiveDateTime>,
    /// The area the message is about: whose admins see it as a dead letter.
    pub area_code: Option<String>,
    pub dedupe_key: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = spot_checks, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct SpotCheckRow {
    pub id: SpotCheckId,
    pub district_code: String,
    pub month: String,
    pub record_id: RecordId,
    pub visitor_id: AccountId,
    pub drawn_by: AccountId,
    pub drawn_at: NaiveDateTime,
    pub outcome: Option<SpotCheckOutcome>,
    pub note: Option<String>,
    pub checked_by: Option<AccountId>,
    pub checked_at: Option<NaiveDateTime>,
}

// --- drafts -------------------------------------------------------------------------------

pub fn draft(conn: &mut DbConn, submission_id: &str) -> QueryResult<Option<DraftRow>> {
    record_drafts::table
        .find(submission_id)
        .select(DraftRow::as_select())
        .first(conn)
        .optional()
}

pub fn upsert_draft(conn: &mut DbConn, row: &DraftRow, expected_version: Option<i32>) -> QueryResult<bool> {
    match expected_version {
        None => super::on_backend!(conn, |c| diesel::insert_into(record_drafts::table)
            .values(row)
            .execute(c))
        .map(|n| n == 1),
        Some(version) => diesel::update(
            record_drafts::table
                .find(&row.submission_id)
                .filter(record_drafts::version.eq(version)),
        )
        .set(row)
        .execute(conn)
        .map(|n| n == 1),
    }
}

pub fn drafts_of(conn: &mut DbConn, author_id: &AccountId) -> QueryResult<Vec<DraftRow>> {
    record_drafts::table
        .filter(record_drafts::author_id.eq(author_id))
        .order(record_drafts::updated_at.desc())
        .select(DraftRow::as_select())
        .load(conn)
}

pub fn delete_draft(conn: &mut DbConn, submission_id: &str) -> QueryResult<usize> {
    diesel::delete(record_drafts::table.find(submission_id)).execute(conn)
}

// --- records ------------------------------------------------------------------------------

pub fn record(conn: &mut DbConn, id: &RecordId) -> QueryResult<Option<RecordRow>> {
    visit_records::table
        .find(id)
        .select(RecordRow::as_select())
        .first(conn)
        .optional()
}

pub fn by_submission(conn: &mut DbConn, submission_id: &str) -> QueryResult<Option<RecordRow>> {
    visit_records::table
        .filter(visit_records::submission_id.eq(submission_id))
        .select(RecordRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_record(conn: &mut DbConn, row: &RecordRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(visit_records::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Replaces a record if it still has `expected_version`.
pub fn replace_record(conn: &mut DbConn, row: &RecordRow, expected_version: i32) -> QueryResult<bool> {
    diesel::update(
        visit_records::table
            .find(&row.id)
            .filter(visit_records::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)
    .map(|n| n == 1)
}

/// Sets the status of the record's row in `visits` (what compliance counts) at `now`, noting
/// when it was accepted, or rejected after that (what a closed month was known to count).
pub fn set_visit_status(
    conn: &mut DbConn,
    record_id: &RecordId,
    status: RecordStatus,
    visited_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let visit = visits::table.find(record_id);
    diesel::update(visit)
        .set((visits::status.eq(status), visits::visited_at.eq(visited_at)))
        .execute(conn)?;
    match status {
        RecordStatus::Accepted => diesel::update(visit)
            .set((
                visits::accepted_at.eq(now),
                visits::rejected_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn),
        RecordStatus::Rejected => diesel::update(visit)
            .filter(visits::accepted_at.is_not_null())
            .set(visits::rejected_at.eq(now))
            .execute(conn),
        RecordStatus::Submitted | RecordStatus::Returned => Ok(0),
    }
    .map(drop)
}

/// The highest sequence of the records numbered `{year}-…` in `district` (0 if none). The
/// caller holds the `record_no/{district}/{year}` lock.
pub fn last_record_seq(conn: &mut DbConn, district: &AreaCode, year: i32) -> QueryResult<u32> {
    let (low, high) = district.subtree_range();
    let numbers: Vec<String> = visit_records::table
        .filter(visit_records::village_code.ge(low))
        .filter(visit_records::village_code.lt(high))
        .filter(visit_records::record_no.like(format!("{year}-%")))
        .select(visit_records::record_no)
        .order((
            diesel::dsl::sql::<diesel::sql_types::Integer>("length(record_no)").desc(),
            visit_records::record_no.desc(),
        ))
        .limit(1)
        .load(conn)?;
    Ok(numbers
        .first()
        .and_then(|n| crate::domain::record::RecordNo::parse(n))
        .map_or(0, |n| n.seq))
}

/// The highest visit number among the elder's records that count (not rejected); 0 if none.
pub fn last_visit_no_of(conn: &mut DbConn, elder_id: &ElderId) -> QueryResult<i32> {
    visit_records::table
        .filter(visit_records::elder_id.eq(elder_id))
        .filter(visit_records::status.ne(RecordStatus::Rejected))
        .select(diesel::dsl::max(visit_records::visit_no))
        .first::<Option<i32>>(conn)
        .map(|n| n.unwrap_or(0))
}

/// The encrypted bodies of the elder's records that count (not rejected) and started no later
/// than `until`, other than `except` — no more of them than the body.
pub fn counted_bodies_until(
    conn: &mut DbConn,
    elder_id: &ElderId,
    until: NaiveDateTime,
    except: &RecordId,
) -> QueryResult<Vec<String>> {
    visit_records::table
        .filter(visit_records::elder_id.eq(elder_id))
        .filter(visit_records::started_at.le(until))
        .filter(visit_records::status.ne(RecordStatus::Rejected))
        .filter(visit_records::id.ne(except))
        .select(visit_records::body_enc)
        .load(conn)
}

/// A record (not rejected) already filed for the slot, other than `except`.
pub fn record_of_slot(conn: &mut DbConn, slot_id: &SlotId, except: &RecordId) -> QueryResult<Option<RecordId>> {
    visit_records::table
        .filter(visit_records::slot_id.eq(slot_id))
        .filter(visit_records::status.ne(RecordStatus::Rejected))
        .filter(visit_records::id.ne(except))
        .select(visit_records::id)
        .first(conn)
        .optional()
}

/// The visitor's other records (not rejected) whose time overlaps `[from, to)`.
pub fn overlapping(
    conn: &mut DbConn,
    visitor_id: &AccountId,
    except: &RecordId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<RecordId>> {
    visit_records::table
        .filter(visit_records::visitor_id.eq(visitor_id))
        .filter(visit_records::id.ne(except))
        .filter(visit_records::status.ne(RecordStatus::Rejected))
        .filter(visit_records::started_at.lt(to))
        .filter(visit_records::ended_at.gt(from))
        .select(visit_records::id)
        .load(conn)
}

/// Of `hashes`, those that exist in the photo store.
pub fn known_photos(conn: &mut DbConn, hashes: &[String]) -> QueryResult<Vec<String>> {
    super::chunked::load(hashes, |hashes| {
        photos::table
            .filter(photos::sha256.eq_any(hashes))
            .select(photos::sha256)
            .load(conn)
    })
}

/// (sha256, record id) of the photos among `hashes` used by records other than `except`.
pub fn photo_uses(conn: &mut DbConn, hashes: &[String], except: &RecordId) -> QueryResult<Vec<(String, RecordId)>> {
    super::chunked::load(hashes, |hashes| {
        record_photos::table
            .filter(record_photos::sha256.eq_any(hashes))
            .filter(record_photos::record_id.ne(except))
            .select((record_photos::sha256, record_photos::record_id))
            .load(conn)
    })
}

pub fn replace_photos(conn: &mut DbConn, record_id: &RecordId, hashes: &[String]) -> QueryResult<()> {
    diesel::delete(record_photos::table.filter(record_photos::record_id.eq(record_id))).execute(conn)?;
    for sha in hashes {
        let row = (record_photos::record_id.eq(record_id), record_photos::sha256.eq(sha));
        super::on_backend!(conn, |c| diesel::insert_into(record_photos::table)
            .values(row)
            .execute(c))?;
    }
    Ok(())
}

/// Puts who made the visit of `record_id`: `holder` (the record's visitor) and `co_visitors`
/// (each once; the holder is not also a co-visitor), replacing what was stored (call inside
/// the transaction that stores the record).
pub fn replace_visitors(
    conn: &mut DbConn,
    record_id: &RecordId,
    holder: &AccountId,
    co_visitors: &[AccountId],
) -> QueryResult<()> {
    diesel::delete(visit_record_visitors::table.filter(visit_record_visitors::record_id.eq(record_id)))
        .execute(conn)?;
    let mut seen = std::collections::HashSet::from([holder]);
    let people =
        std::iter::once((holder, false)).chain(co_visitors.iter().filter(|c| seen.insert(*c)).map(|c| (c, true)));
    for (person, co) in people {
        let row = (
            visit_record_visitors::record_id.eq(record_id),
            visit_record_visitors::visitor_id.eq(person),
            visit_record_visitors::co.eq(co),
        );
        super::on_backend!(conn, |c| diesel::insert_into(visit_record_visitors::table)
            .values(row)
            .execute(c))?;
    }
    Ok(())
}

/// Who made the visit of `record_id`: its visitor first, then the co-visitors.
pub fn visitors_of(conn: &mut DbConn, record_id: &RecordId) -> QueryResult<Vec<AccountId>> {
    visit_record_visitors::table
        .filter(visit_record_visitors::record_id.eq(record_id))
        .order((visit_record_visitors::co, visit_record_visitors::visitor_id))
        .select(visit_record_visitors::visitor_id)
        .load(conn)
}

/// Whether `person` made the visit of `record_id`, and as a co-visitor: `None` if they did not.
pub fn visited_as(conn: &mut DbConn, record_id: &RecordId, person: &AccountId) -> QueryResult<Option<bool>> {
    visit_record_visitors::table
        .filter(visit_record_visitors::record_id.eq(record_id))
        .filter(visit_record_visitors::visitor_id.eq(person))
        .select(visit_record_visitors::co)
        .first(conn)
        .optional()
}

pub fn replace_signals(conn: &mut DbConn, record_id: &RecordId, rows: &[SignalRow]) -> QueryResult<()> {
    diesel::delete(record_signals::table.filter(record_signals::record_id.eq(record_id))).execute(conn)?;
    if !rows.is_empty() {
        super::on_backend!(conn, |c| diesel::insert_into(record_signals::table)
            .values(rows)
            .execute(c))?;
    }
    Ok(())
}

pub fn signals_of(conn: &mut DbConn, record_ids: &[RecordId]) -> QueryResult<Vec<SignalRow>> {
    let mut rows = super::chunked::load(record_ids, |record_ids| {
        record_signals::table
            .filter(record_signals::record_id.eq_any(record_ids))
            .order(record_signals::id)
            .select(SignalRow::as_select())
            .load(conn)
    })?;
    if record_ids.len() > super::chunked::IN_CHUNK {
        rows.sort_by(|a, b| a.id.cmp(&b.id));
    }
    Ok(rows)
}

pub fn photos_of(conn: &mut DbConn, record_id: &RecordId) -> QueryResult<Vec<String>> {
    record_photos::table
        .filter(record_photos::record_id.eq(record_id))
        .select(record_photos::sha256)
        .load(conn)
}

/// A page of the records in a village range (`[lo, hi)` of village codes), newest first,
/// optionally of one elder, one visitor and one status; `before` is the id to page after.
pub struct RecordQuery<'a> {
    pub village_range: (String, String),
    pub elder_id: Option<&'a ElderId>,
    pub visitor_id: Option<&'a AccountId>,
    pub status: Option<RecordStatus>,
    pub before: Option<&'a RecordId>,
    pub limit: i64,
}

pub fn records_page(conn: &mut DbConn, q: &RecordQuery<'_>) -> QueryResult<Vec<RecordRow>> {
    let mut query = visit_records::table
        .filter(visit_records::village_code.ge(q.village_range.0.clone()))
        .filter(visit_records::village_code.lt(q.village_range.1.clone()))
        .select(RecordRow::as_select())
        .into_boxed();
    if let Some(elder) = q.elder_id {
        query = query.filter(visit_records::elder_id.eq(elder.clone()));
    }
    if let Some(visitor) = q.visitor_id {
        query = query.filter(visit_records::visitor_id.eq(visitor.clone()));
    }
    if let Some(status) = q.status {
        query = query.filter(visit_records::status.eq(status));
    }
    if let Some(before) = q.before {
        query = query.filter(visit_records::id.lt(before.clone()));
    }
    query.order(visit_records::id.desc()).limit(q.limit).load(conn)
}

/// Records (submitted or accepted) in a village range started in `[from, to)`.
pub fn records_between(
    conn: &mut DbConn,
    range: &(String, String),
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<RecordRow>> {
    visit_records::table
        .filter(visit_records::village_code.ge(range.0.clone()))
        .filter(visit_records::village_code.lt(range.1.clone()))
        .filter(visit_records::started_at.ge(from))
        .filter(visit_records::started_at.lt(to))
        .filter(visit_records::status.eq_any([RecordStatus::Submitted, RecordStatus::Accepted]))
        .order(visit_records::id)
        .select(RecordRow::as_select())
        .load(conn)
}

// --- confirmation codes -------------------------------------------------------------------

pub fn insert_code(conn: &mut DbConn, row: &ElderCodeRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(elder_codes::table).values(row).execute(c)).map(drop)
}

/// How many codes `visitor_id` had sent to the elder since `since`.
pub fn codes_sent_since(
    conn: &mut DbConn,
    elder_id: &ElderId,
    visitor_id: &AccountId,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    elder_codes::table
        .filter(elder_codes::elder_id.eq(elder_id))
        .filter(elder_codes::visitor_id.eq(visitor_id))
        .filter(elder_codes::issued_at.ge(since))
        .count()
        .get_result(conn)
}

/// The codes with this hash that `visitor_id` had sent to the elder, used or not, newest first.
pub fn codes_with_hash(
    conn: &mut DbConn,
    elder_id: &ElderId,
    visitor_id: &AccountId,
    code_hash: &str,
) -> QueryResult<Vec<ElderCodeRow>> {
    elder_codes::table
        .filter(elder_codes::elder_id.eq(elder_id))
        .filter(elder_codes::visitor_id.eq(visitor_id))
        .filter(elder_codes::code_hash.eq(code_hash))
        .order(elder_codes::issued_at.desc())
        .select(ElderCodeRow::as_select())
        .load(conn)
}

/// Marks the code as used by the record (a visit's or a care service's id), unless another
/// record used it meanwhile; whether it now belongs to the record.
pub fn take_code(conn: &mut DbConn, code_id: &str, record_id: &str) -> QueryResult<bool> {
    diesel::update(
        elder_codes::table.find(code_id).filter(
            elder_codes::used_by_record
                .is_null()
                .or(elder_codes::used_by_record.eq(record_id)),
        ),
    )
    .set(elder_codes::used_by_record.eq(record_id))
    .execute(conn)
    .map(|n| n == 1)
}

/// Up to `limit` records stored before the elder's confirmation was kept in columns.
pub fn without_confirmation(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<RecordRow>> {
    visit_records::table
        .filter(visit_records::elder_confirmation.is_null())
        .order(visit_records::id)
        .limit(limit)
        .select(RecordRow::as_select())
        .load(conn)
}

/// Fills in how and when the elder confirmed a record (from its body).
pub fn set_confirmation(
    conn: &mut DbConn,
    id: &RecordId,
    method: ElderConfirmationMethod,
    confirmed_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(visit_records::table.find(id))
        .set((
            visit_records::elder_confirmation.eq(method),
            visit_records::elder_confirmed_at.eq(confirmed_at),
        ))
        .execute(conn)
        .map(drop)
}

// --- cases, follow-ups, referrals, outbox ---------------------------------------------------

pub fn insert_case(conn: &mut DbConn, row: &CaseRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(risk_cases::table).values(row).execute(c)).map(drop)
}

pub fn case(conn: &mut DbConn, id: &CaseId) -> QueryResult<Option<CaseRow>> {
    risk_cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

pub fn replace_case(conn: &mut DbConn, row: &CaseRow, expected_version: i32) -> QueryResult<bool> {
    diesel::update(
        risk_cases::table
            .find(&row.id)
            .filter(risk_cases::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)
    .map(|n| n == 1)
}

pub fn open_cases_of_elder(conn: &mut DbConn, elder_id: &ElderId) -> QueryResult<Vec<CaseRow>> {
    risk_cases::table
        .filter(risk_cases::elder_id.eq(elder_id))
        .filter(risk_cases::status.eq(CaseStatus::Open))
        .select(CaseRow::as_select())
        .load(conn)
}

/// Open cases past their due time (for the hourly overdue job), oldest first.
pub fn open_cases_due_before(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<CaseRow>> {
    risk_cases::table
        .filter(risk_cases::status.eq(CaseStatus::Open))
        .filter(risk_cases::due_at.lt(now))
        .order((risk_cases::due_at, risk_cases::id))
        .select(CaseRow::as_select())
        .load(conn)
}

/// Cases in a village range, optionally of one status and one owner, most urgent first.
pub fn cases_in(
    conn: &mut DbConn,
    scope: &Scope,
    area: Option<&AreaCode>,
    status: Option<CaseStatus>,
    owner_id: Option<&AccountId>,
) -> QueryResult<Vec<CaseRow>> {
    let mut query = scope::cases_in(scope).select(CaseRow::as_select());
    if let Some(area) = area {
        let (low, high) = area.subtree_range();
        query = query
            .filter(risk_cases::village_code.ge(low))
            .filter(risk_cases::village_code.lt(high));
    }
    if let Some(status) = status {
        query = query.filter(risk_cases::status.eq(status));
    }
    if let Some(owner) = owner_id {
        query = query.filter(risk_cases::owner_id.eq(owner.clone()));
    }
    query.order((risk_cases::due_at, risk_cases::id)).limit(500).load(conn)
}

pub fn cases_of_record(conn: &mut DbConn, record_id: &RecordId) -> QueryResult<Vec<CaseRow>> {
    risk_cases::table
        .filter(risk_cases::record_id.eq(record_id))
        .order(risk_cases::id)
        .select(CaseRow::as_select())
        .load(conn)
}

pub fn link_follow_up(conn: &mut DbConn, case_id: &CaseId, record_id: &RecordId, at: NaiveDateTime) -> QueryResult<()> {
    let row = (
        case_follow_ups::case_id.eq(case_id),
        case_follow_ups::record_id.eq(record_id),
        case_follow_ups::linked_at.eq(at),
    );
    super::on_backend!(conn, |c| diesel::insert_into(case_follow_ups::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// The follow-up records of a case that were not rejected, oldest first.
pub fn follow_ups_of(conn: &mut DbConn, case_id: &CaseId) -> QueryResult<Vec<RecordRow>> {
    case_follow_ups::table
        .inner_join(visit_records::table.on(visit_records::id.eq(case_follow_ups::record_id)))
        .filter(case_follow_ups::case_id.eq(case_id))
        .filter(visit_records::status.ne(RecordStatus::Rejected))
        .order(visit_records::started_at)
        .select(RecordRow::as_select())
        .load(conn)
}

pub fn insert_referral(conn: &mut DbConn, row: &ReferralRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(referrals::table).values(row).execute(c)).map(drop)
}

pub fn referral(conn: &mut DbConn, id: &ReferralId) -> QueryResult<Option<ReferralRow>> {
    referrals::table
        .find(id)
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()
}

pub fn replace_referral(conn: &mut DbConn, row: &ReferralRow, expected_version: i32) -> QueryResult<bool> {
    diesel::update(
        referrals::table
            .find(&row.id)
            .filter(referrals::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)
    .map(|n| n == 1)
}

pub fn referrals_of_case(conn: &mut DbConn, case_id: &CaseId) -> QueryResult<Vec<ReferralRow>> {
    referrals::table
        .filter(referrals::case_id.eq(case_id))
        .order(referrals::id)
        .select(ReferralRow::as_select())
        .load(conn)
}

pub fn referrals_of_record(conn: &mut DbConn, record_id: &RecordId) -> QueryResult<Vec<ReferralRow>> {
    referrals::table
        .filter(referrals::record_id.eq(record_id))
        .order(referrals::id)
        .select(ReferralRow::as_select())
        .load(conn)
}

pub fn insert_outbox(conn: &mut DbConn, rows: &[OutboxRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    super::on_backend!(conn, |c| diesel::insert_into(outbox::table).values(rows).execute(c)).map(drop)
}

// --- spot checks --------------------------------------------------------------------------

pub fn spot_checks_of(conn: &mut DbConn, district_code: &str, month: &str) -> QueryResult<Vec<SpotCheckRow>> {
    spot_checks::table
        .filter(spot_checks::district_code.eq(district_code))
        .filter(spot_checks::month.eq(month))
        .order((spot_checks::visitor_id, spot_checks::record_id))
        .select(SpotCheckRow::as_select())
        .load(conn)
}

pub fn insert_spot_checks(conn: &mut DbConn, rows: &[SpotCheckRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    super::on_backend!(conn, |c| diesel::insert_into(spot_checks::table)
        .values(rows)
        .execute(c))
    .map(drop)
}

pub fn spot_check(conn: &mut DbConn, id: &SpotCheckId) -> QueryResult<Option<SpotCheckRow>> {
    spot_checks::table
        .find(id)
        .select(SpotCheckRow::as_select())
        .first(conn)
        .optional()
}

pub fn update_spot_check(conn: &mut DbConn, row: &SpotCheckRow) -> QueryResult<()> {
    diesel::update(spot_checks::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

// --- reading through the reader's scope ([`super::scope`]) ---------------------------------

/// One record `reader` may see, and whether it sees it in full.
pub fn record_for(conn: &mut DbConn, reader: &RecordReader, id: &RecordId) -> QueryResult<Option<(RecordRow, bool)>> {
    scope::records_in(reader)
        .filter(visit_records::id.eq(id.clone()))
        .select((RecordRow::as_select(), scope::record_in_full(reader)))
        .first(conn)
        .optional()
}

/// The visits a family account reads ([`scope::records_shared_with_family`]), newest first.
pub fn shared_with_family(conn: &mut DbConn, scope: &Scope, limit: i64) -> QueryResult<Vec<RecordRow>> {
    scope::records_shared_with_family(scope)
        .order((visit_records::started_at.desc(), visit_records::id.desc()))
        .limit(limit)
        .select(RecordRow::as_select())
        .load(conn)
}

/// [`records_page`] of the records `reader` may see, each with whether it sees it in full.
pub fn records_page_for(
    conn: &mut DbConn,
    reader: &RecordReader,
    q: &RecordQuery<'_>,
) -> QueryResult<Vec<(RecordRow, bool)>> {
    let mut query = scope::records_in(reader)
        .filter(visit_records::village_code.ge(q.village_range.0.clone()))
        .filter(visit_records::village_code.lt(q.village_range.1.clone()));
    if let Some(elder) = q.elder_id {
        query = query.filter(visit_records::elder_id.eq(elder.clone()));
    }
    if let Some(visitor) = q.visitor_id {
        query = query.filter(visit_records::visitor_id.eq(visitor.clone()));
    }
    if let Some(status) = q.status {
        query = query.filter(visit_records::status.eq(status));
    }
    if let Some(before) = q.before {
        query = query.filter(visit_records::id.lt(before.clone()));
    }
    query
        .order(visit_records::id.desc())
        .limit(q.limit)
        .select((RecordRow::as_select(), scope::record_in_full(reader)))
        .load(conn)
}

/// The follow-up links (case id, record id) of the cases among `case_ids` that lie in `scope`.
pub fn follow_up_links_in(
    conn: &mut DbConn,
    scope: &Scope,
    case_ids: &[CaseId],
) -> QueryResult<Vec<(CaseId, RecordId)>> {
    super::chunked::load(case_ids, |case_ids| {
        case_follow_ups::table
            .inner_join(risk_cases::table.on(risk_cases::id.eq(case_follow_ups::case_id)))
            .filter(risk_cases::id.eq_any(case_ids))
            .filter(scope::case_in(scope))
            .select((case_follow_ups::case_id, case_follow_ups::record_id))
            .load(conn)
    })
}

/// Of the records `ids`, those `reader` may see and that were not rejected, oldest first, each
/// with whether it sees it in full (the follow-ups of a page of cases).
pub fn counted_records_for(
    conn: &mut DbConn,
    reader: &RecordReader,
    ids: &[RecordId],
) -> QueryResult<Vec<(RecordRow, bool)>> {
    let mut rows = super::chunked::load(ids, |ids| {
        scope::records_in(reader)
            .filter(visit_records::id.eq_any(ids))
            .filter(visit_records::status.ne(RecordStatus::Rejected))
            .order((visit_records::started_at, visit_records::id))
            .select((RecordRow::as_select(), scope::record_in_full(reader)))
            .load::<(RecordRow, bool)>(conn)
    })?;
    if ids.len() > super::chunked::IN_CHUNK {
        rows.sort_by(|(a, _), (b, _)| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    }
    Ok(rows)
}

/// A record of a village in `scope` (staff acting on it).
pub fn record_at(conn: &mut DbConn, scope: &Scope, id: &RecordId) -> QueryResult<Option<RecordRow>> {
    scope::records_at(scope)
        .filter(visit_records::id.eq(id.clone()))
        .select(RecordRow::as_select())
        .first(conn)
        .optional()
}

/// A case in `scope`.
pub fn case_in(conn: &mut DbConn, scope: &Scope, id: &CaseId) -> QueryResult<Option<CaseRow>> {
    scope::cases_in(scope)
        .filter(risk_cases::id.eq(id.clone()))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// The cases a record opened, of those in `scope`.
pub fn cases_of_record_in(conn: &mut DbConn, scope: &Scope, record_id: &RecordId) -> QueryResult<Vec<CaseRow>> {
    scope::cases_in(scope)
        .filter(risk_cases::record_id.eq(record_id.clone()))
        .order(risk_cases::id)
        .select(CaseRow::as_select())
        .load(conn)
}

/// A referral in `scope`.
pub fn referral_in(conn: &mut DbConn, scope: &Scope, id: &ReferralId) -> QueryResult<Option<ReferralRow>> {
    scope::referrals_in(scope)
        .filter(referrals::id.eq(id.clone()))
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()
}

/// The referrals of the cases among `case_ids`, of those in `scope` (a referral lies where its
/// case does), by case.
pub fn referrals_of_cases_in(conn: &mut DbConn, scope: &Scope, case_ids: &[CaseId]) -> QueryResult<Vec<ReferralRow>> {
    scope::referrals_in(scope)
        .filter(referrals::case_id.eq_any(case_ids.to_vec()))
        .order((referrals::case_id, referrals::id))
        .select(ReferralRow::as_select())
        .load(conn)
}

/// (case id, the owner's name) of the cases among `case_ids` in `scope` that have an owner.
pub fn owner_names_of_cases_in(
    conn: &mut DbConn,
    scope: &Scope,
    case_ids: &[CaseId],
) -> QueryResult<Vec<(CaseId, String)>> {
    risk_cases::table
        .inner_join(users::table.on(risk_cases::owner_id.eq(users::id.nullable())))
        .filter(risk_cases::id.eq_any(case_ids))
        .filter(scope::case_in(scope))
        .select((risk_cases::id, users::display_name))
        .load(conn)
}

/// The elders' names of the cases among `case_ids` that lie in `scope`.
pub fn elder_names_of_cases_in(
    conn: &mut DbConn,
    scope: &Scope,
    case_ids: &[CaseId],
) -> QueryResult<Vec<(CaseId, String)>> {
    risk_cases::table
        .inner_join(elders::table.on(risk_cases::elder_id.eq(elders::id)))
        .filter(risk_cases::id.eq_any(case_ids))
        .filter(scope::case_in(scope))
        .select((risk_cases::id, elders::name))
        .load(conn)
}

/// The notifications (the outbox) of the cases among `case_ids` that lie in `scope`, by case.
pub fn outbox_of_cases_in(conn: &mut DbConn, scope: &Scope, case_ids: &[CaseId]) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .inner_join(risk_cases::table.on(outbox::case_id.eq(risk_cases::id.nullable())))
        .filter(risk_cases::id.eq_any(case_ids))
        .filter(scope::case_in(scope))
        .order((outbox::case_id, outbox::id))
        .select(OutboxRow::as_select())
        .load(conn)
}

/// A spot check in `scope`.
pub fn spot_check_in(conn: &mut DbConn, scope: &Scope, id: &SpotCheckId) -> QueryResult<Option<SpotCheckRow>> {
    scope::spot_checks_in(scope)
        .filter(spot_checks::id.eq(id.clone()))
        .select(SpotCheckRow::as_select())
        .first(conn)
        .optional()
}

/// The signed-in account's drafts, newest first.
pub fn drafts_for(conn: &mut DbConn, actor: &Actor) -> QueryResult<Vec<DraftRow>> {
    scope::drafts_of(actor)
        .order(record_drafts::updated_at.desc())
        .select(DraftRow::as_select())
        .load(conn)
}

/// One of the signed-in account's drafts.
pub fn draft_for(conn: &mut DbConn, actor: &Actor, submission_id: &str) -> QueryResult<Option<DraftRow>> {
    scope::drafts_of(actor)
        .filter(record_drafts::submission_id.eq(submission_id.to_string()))
        .select(DraftRow::as_select())
        .first(conn)
        .optional()
}

/// The elders `visitor` is tied to: a slot of theirs they hold whose window ends on `since_day`
/// or later and has begun by `today`, or a visit record of theirs that started at `since_at` or
/// later. What [`crate::service::care`] lets a visitor record care for.
pub fn elders_tied_to(
    conn: &mut DbConn,
    visitor: &AccountId,
    since_day: NaiveDate,
    today: NaiveDate,
    since_at: NaiveDateTime,
) -> QueryResult<Vec<ElderId>> {
    use super::schema::visit_slots;
    let mut ids: Vec<ElderId> = visit_slots::table
        .filter(visit_slots::holder_id.eq(visitor))
        .filter(visit_slots::window_to.ge(since_day))
        .filter(visit_slots::window_from.le(today))
        .select(visit_slots::elder_id)
        .distinct()
        .load(conn)?;
    ids.extend(
        visit_records::table
            .filter(visit_records::visitor_id.eq(visitor))
            .filter(visit_records::started_at.ge(since_at))
            .select(visit_records::elder_id)
            .distinct()
            .load::<ElderId>(conn)?,
    );
    ids.sort();
    ids.dedup();
    Ok(ids)
}
