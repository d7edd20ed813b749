//! What the exported forms read: an area's files in ledger order and, for a page of files,
//! their in-person visits, closed cases and responsible contacts in a period.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{ElderRow, PairingRow};
use super::schema::{elder_pairings, elders, risk_cases, visits};
use super::scope::elders_in;
use super::DbConn;
use crate::domain::access::Scope;
use crate::domain::area::AreaCode;
use crate::domain::elder::ServiceStatus;
use crate::domain::id::ElderId;
use crate::domain::policy::VisitMode;
use crate::domain::record::case::CaseStatus;
use crate::domain::record::RecordStatus;

/// The files under service of `area` in `scope`, by village then name then id: the order of a
/// town's 台帐.
pub fn ledger_elders(conn: &mut DbConn, scope: &Scope, area: &AreaCode) -> QueryResult<Vec<ElderRow>> {
    let (low, high) = area.subtree_range();
    elders_in(scope)
        .filter(elders::village_code.ge(low))
        .filter(elders::village_code.lt(high))
        .filter(elders::service_status.eq(ServiceStatus::InService))
        .order((elders::village_code, elders::name, elders::id))
        .select(ElderRow::as_select())
        .load(conn)
}

/// The elder of every accepted in-person visit among `ids` made in `from..until` (UTC), one
/// entry per visit.
pub fn in_person_visits(
    conn: &mut DbConn,
    ids: &[ElderId],
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<ElderId>> {
    super::chunked::load(ids, |ids| {
        visits::table
            .filter(visits::elder_id.eq_any(ids))
            .filter(visits::mode.eq(VisitMode::InPerson))
            .filter(visits::status.eq(RecordStatus::Accepted))
            .filter(visits::visited_at.ge(from))
            .filter(visits::visited_at.lt(until))
            .select(visits::elder_id)
            .load(conn)
    })
}

/// The elder and mode of every accepted visit (any mode) among `ids` made in `from..until`
/// (UTC), one entry per visit.
pub fn accepted_visits(
    conn: &mut DbConn,
    ids: &[ElderId],
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<(ElderId, VisitMode)>> {
    super::chunked::load(ids, |ids| {
        visits::table
            .filter(visits::elder_id.eq_any(ids))
            .filter(visits::status.eq(RecordStatus::Accepted))
            .filter(visits::visited_at.ge(from))
            .filter(visits::visited_at.lt(until))
            .select((visits::elder_id, visits::mode))
            .load(conn)
    })
}

/// The elder of every risk case among `ids` closed in `from..until` (UTC), one entry per case.
pub fn cases_closed(
    conn: &mut DbConn,
    ids: &[ElderId],
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<ElderId>> {
    super::chunked::load(ids, |ids| {
        risk_cases::table
            .filter(risk_cases::elder_id.eq_any(ids))
            .filter(risk_cases::status.eq(CaseStatus::Closed))
            .filter(risk_cases::closed_at.ge(from))
            .filter(risk_cases::closed_at.lt(until))
            .select(risk_cases::elder_id)
            .load(conn)
    })
}

/// The pairings of the files among `ids`.
pub fn pairings_of(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<PairingRow>> {
    super::chunked::load(ids, |ids| {
        elder_pairings::table
            .filter(elder_pairings::elder_id.eq_any(ids))
            .select(PairingRow::as_select())
            .load(conn)
    })
}
