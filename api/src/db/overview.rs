//! 志愿者概况 — what each visitor did in a period, loaded for many visitors at once (a few
//! queries per thousand visitors, not a few per visitor).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    care_services, no_shows, training_attendees, training_sessions, visit_record_visitors, visit_records,
};
use super::{chunked, DbConn};
use crate::domain::id::AccountId;
use crate::domain::record::RecordStatus;

/// The accepted visits of `visitors` — as the record's visitor or as a co-visitor — that
/// started in [`from`, `to`): (visitor, started, ended), a row per person.
pub fn visits(
    conn: &mut DbConn,
    visitors: &[AccountId],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(AccountId, NaiveDateTime, NaiveDateTime)>> {
    chunked::load(visitors, |ids| {
        visit_records::table
            .inner_join(visit_record_visitors::table)
            .filter(visit_record_visitors::visitor_id.eq_any(ids))
            .filter(visit_records::status.eq(RecordStatus::Accepted))
            .filter(visit_records::started_at.ge(from))
            .filter(visit_records::started_at.lt(to))
            .select((
                visit_record_visitors::visitor_id,
                visit_records::started_at,
                visit_records::ended_at,
            ))
            .load(conn)
    })
}

/// Care given freely: (giver, given at, minutes).
pub type CareGiven = (Option<AccountId>, Option<NaiveDateTime>, i64);

/// The care `visitors` gave freely in [`from`, `to`).
pub fn care(
    conn: &mut DbConn,
    visitors: &[AccountId],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<CareGiven>> {
    chunked::load(visitors, |ids| {
        care_services::table
            .filter(care_services::provider_id.eq_any(ids))
            .filter(care_services::redemption_id.is_null())
            .filter(care_services::given_at.ge(from))
            .filter(care_services::given_at.lt(to))
            .select((
                care_services::provider_id,
                care_services::given_at,
                care_services::minutes,
            ))
            .load(conn)
    })
}

/// The no-shows of `visitors` whose window ended in [`from`, `to`]: one visitor id each.
pub fn no_shows(
    conn: &mut DbConn,
    visitors: &[AccountId],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<AccountId>> {
    chunked::load(visitors, |ids| {
        no_shows::table
            .filter(no_shows::visitor_id.eq_any(ids))
            .filter(no_shows::window_to.ge(from))
            .filter(no_shows::window_to.le(to))
            .select(no_shows::visitor_id)
            .load(conn)
    })
}

/// The training sessions `visitors` attended that were held in [`from`, `to`]: one visitor id
/// and the session's minutes each.
pub fn trainings(
    conn: &mut DbConn,
    visitors: &[AccountId],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(AccountId, i32)>> {
    chunked::load(visitors, |ids| {
        training_attendees::table
            .inner_join(training_sessions::table)
            .filter(training_attendees::visitor_id.eq_any(ids))
            .filter(training_sessions::held_on.ge(from))
            .filter(training_sessions::held_on.le(to))
            .select((training_attendees::visitor_id, training_sessions::minutes))
            .load(conn)
    })
}
