//! Queries on contact attempts (联系未果) and the lost state (失联) of elder files.

use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;

use super::schema::{contact_attempts, elders, visit_records};
use super::scope::elder_in;
use super::DbConn;
use crate::domain::access::Scope;
use crate::domain::contact::{AttemptMode, AttemptReason};
use crate::domain::elder::ServiceStatus;
use crate::domain::id::{AccountId, ElderId, SlotId};
use crate::domain::record::RecordStatus;

/// 联系未果 — one visit that did not happen.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = contact_attempts, treat_none_as_default_value = false)]
pub struct AttemptRow {
    pub id: String,
    pub elder_id: ElderId,
    pub village_code: String,
    pub slot_id: Option<SlotId>,
    pub made_by: AccountId,
    pub attempted_at: NaiveDateTime,
    pub mode: AttemptMode,
    pub reason: AttemptReason,
    pub note: Option<String>,
    pub released_slot: bool,
    pub recorded_at: NaiveDateTime,
}

/// The record statuses that count as a successful contact: a record submitted (awaiting
/// review) or accepted. Decision: a rejected record did not happen, a returned one is being
/// corrected and counts again once resubmitted.
pub const CONTACT_STATUSES: [RecordStatus; 2] = [RecordStatus::Submitted, RecordStatus::Accepted];

pub fn insert_attempt(conn: &mut DbConn, row: &AttemptRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(contact_attempts::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// When each elder among `ids` was last reached: the start of their latest submitted or
/// accepted visit record (elders never reached are left out). No scope: callers pass ids
/// they have read through one.
pub fn last_contacts(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<(ElderId, NaiveDateTime)>> {
    let rows: Vec<(ElderId, Option<NaiveDateTime>)> = super::chunked::load(ids, |ids| {
        visit_records::table
            .filter(visit_records::elder_id.eq_any(ids))
            .filter(visit_records::status.eq_any(CONTACT_STATUSES))
            .group_by(visit_records::elder_id)
            .select((visit_records::elder_id, max(visit_records::started_at)))
            .load(conn)
    })?;
    Ok(rows.into_iter().filter_map(|(id, at)| Some((id, at?))).collect())
}

/// The attempts of the elders among `ids` in `scope`, by elder, newest first.
pub fn attempts_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<AttemptRow>> {
    super::chunked::load(ids, |ids| {
        contact_attempts::table
            .inner_join(elders::table.on(elders::id.eq(contact_attempts::elder_id)))
            .filter(contact_attempts::elder_id.eq_any(ids))
            .filter(elder_in(scope))
            .order((contact_attempts::elder_id, contact_attempts::attempted_at.desc()))
            .select(AttemptRow::as_select())
            .load(conn)
    })
}

/// The attempts of one elder made after `since` (all when `None`), newest first.
pub fn attempts_after(
    conn: &mut DbConn,
    elder_id: &ElderId,
    since: Option<NaiveDateTime>,
) -> QueryResult<Vec<AttemptRow>> {
    let mut query = contact_attempts::table
        .filter(contact_attempts::elder_id.eq(elder_id))
        .into_boxed();
    if let Some(since) = since {
        query = query.filter(contact_attempts::attempted_at.gt(since));
    }
    query
        .order(contact_attempts::attempted_at.desc())
        .select(AttemptRow::as_select())
        .load(conn)
}

/// When the elder counted as lost (失联), if they do.
pub fn lost_since(conn: &mut DbConn, elder_id: &ElderId) -> QueryResult<Option<NaiveDateTime>> {
    elders::table
        .find(elder_id)
        .select(elders::lost_since)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()
        .map(Option::flatten)
}

/// The lost state of each elder among `ids` that is lost.
pub fn lost_of(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<(ElderId, NaiveDateTime)>> {
    let rows: Vec<(ElderId, Option<NaiveDateTime>)> = super::chunked::load(ids, |ids| {
        elders::table
            .filter(elders::id.eq_any(ids))
            .filter(elders::lost_since.is_not_null())
            .select((elders::id, elders::lost_since))
            .load(conn)
    })?;
    Ok(rows.into_iter().filter_map(|(id, at)| Some((id, at?))).collect())
}

/// Marks the elder lost from `at` (`None`: reached again).
pub fn set_lost_since(conn: &mut DbConn, elder_id: &ElderId, at: Option<NaiveDateTime>) -> QueryResult<()> {
    diesel::update(elders::table.find(elder_id))
        .set(elders::lost_since.eq(at))
        .execute(conn)
        .map(drop)
}

/// The daily sweep's candidates (system use): elders under service, not lost, whose file was
/// entered before `cutoff` and who have no submitted or accepted record started at or after
/// `cutoff` — at least as long without a contact as the shortest rule of any pack. Ids only,
/// in id order; the service checks each against its own pack.
pub fn sweep_candidates(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<Vec<ElderId>> {
    let recent = visit_records::table
        .filter(visit_records::status.eq_any(CONTACT_STATUSES))
        .filter(visit_records::started_at.ge(cutoff))
        .select(visit_records::elder_id);
    elders::table
        .filter(elders::lost_since.is_null())
        .filter(elders::service_status.eq(ServiceStatus::InService))
        .filter(elders::created_at.lt(cutoff))
        .filter(elders::id.ne_all(recent))
        .order(elders::id)
        .select(elders::id)
        .load(conn)
}
