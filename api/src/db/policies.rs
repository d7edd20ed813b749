//! Queries on districts' policy choices (append-only).

use diesel::prelude::*;

use super::models::{DistrictPolicyRow, SurgeRow, TierRaiseRow, VisitRow};
use super::schema::{self, district_policies, surges, tier_raises, visits};
use super::DbConn;
use crate::domain::access::Scope;
use crate::domain::area::AreaCode;
use crate::domain::id::{ElderId, SurgeId};
use crate::domain::policy::VisitMode;
use crate::domain::record::RecordStatus;

pub fn insert(conn: &mut DbConn, row: &DistrictPolicyRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(district_policies::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Every choice a district made, oldest first.
pub fn history(conn: &mut DbConn, district_code: &str) -> QueryResult<Vec<DistrictPolicyRow>> {
    district_policies::table
        .filter(district_policies::district_code.eq(district_code))
        .order((district_policies::effective_from, district_policies::chosen_at))
        .select(DistrictPolicyRow::as_select())
        .load(conn)
}

pub fn insert_raise(conn: &mut DbConn, row: &TierRaiseRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(tier_raises::table).values(row).execute(c)).map(drop)
}

/// Raises of many elders (loaded in scope by the caller), oldest first per elder.
pub fn raises_of_many(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<TierRaiseRow>> {
    super::chunked::load(ids, |ids| {
        tier_raises::table
            .filter(tier_raises::elder_id.eq_any(ids))
            .order((tier_raises::elder_id, tier_raises::raised_on, tier_raises::raised_at))
            .select(TierRaiseRow::as_select())
            .load(conn)
    })
}

pub fn insert_visit(conn: &mut DbConn, row: &VisitRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(visits::table).values(row).execute(c)).map(drop)
}

/// (elder id, time in UTC, mode) of the accepted visits of many elders (loaded in scope by the
/// caller) in `[from, to)`, oldest first per elder.
pub fn accepted_visits_of_many(
    conn: &mut DbConn,
    ids: &[ElderId],
    from: chrono::NaiveDateTime,
    to: chrono::NaiveDateTime,
) -> QueryResult<Vec<(ElderId, chrono::NaiveDateTime, VisitMode)>> {
    super::chunked::load(ids, |ids| {
        visits::table
            .filter(visits::elder_id.eq_any(ids))
            .filter(visits::status.eq(RecordStatus::Accepted))
            .filter(visits::visited_at.ge(from))
            .filter(visits::visited_at.lt(to))
            .order((visits::elder_id, visits::visited_at))
            .select((visits::elder_id, visits::visited_at, visits::mode))
            .load(conn)
    })
}

/// (elder id, time in UTC, mode) of the visits in `[from, to)` to the elders of `area` in
/// `scope` that count: accepted now (an index-only range scan of `visits_window`) or, with
/// `known_at`, accepted by then and not rejected by then — what a month closed at `known_at`
/// counted.
pub fn accepted_visits_in_area(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    (from, to): (chrono::NaiveDateTime, chrono::NaiveDateTime),
    known_at: Option<chrono::NaiveDateTime>,
) -> QueryResult<Vec<(ElderId, chrono::NaiveDateTime, VisitMode)>> {
    let Some((low, high)) = super::scope::area_range(scope, area) else {
        return Ok(Vec::new());
    };
    let query = visits::table
        .filter(visits::visited_at.ge(from))
        .filter(visits::visited_at.lt(to))
        .filter(visits::village_code.ge(low))
        .filter(visits::village_code.lt(high))
        .select((visits::elder_id, visits::visited_at, visits::mode))
        .into_boxed();
    match known_at {
        None => query.filter(visits::status.eq(RecordStatus::Accepted)),
        Some(at) => query
            .filter(visits::accepted_at.le(at))
            .filter(visits::rejected_at.is_null().or(visits::rejected_at.gt(at))),
    }
    .load(conn)
}

/// Raises of the elders of `area` in `scope`, oldest first per elder.
pub fn raises_in_area(conn: &mut DbConn, scope: &Scope, area: &AreaCode) -> QueryResult<Vec<TierRaiseRow>> {
    let Some((low, high)) = super::scope::area_range(scope, area) else {
        return Ok(Vec::new());
    };
    tier_raises::table
        .inner_join(schema::elders::table)
        .filter(schema::elders::village_code.ge(low))
        .filter(schema::elders::village_code.lt(high))
        .order((tier_raises::elder_id, tier_raises::raised_on, tier_raises::raised_at))
        .select(TierRaiseRow::as_select())
        .load(conn)
}

pub fn insert_surge(conn: &mut DbConn, row: &SurgeRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(surges::table).values(row).execute(c)).map(drop)
}

/// A district's declared surges in force (not withdrawn) whose window overlaps `[from, to]`,
/// oldest first.
pub fn surges_overlapping(
    conn: &mut DbConn,
    district_code: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<Vec<SurgeRow>> {
    surges::table
        .filter(surges::district_code.eq(district_code))
        .filter(surges::withdrawn_at.is_null())
        .filter(surges::ends_on.ge(from))
        .filter(surges::starts_on.le(to))
        .order((surges::starts_on, surges::id))
        .select(SurgeRow::as_select())
        .load(conn)
}

/// The surges, withdrawn ones included, declared for `area`, for an area above it or for one
/// inside it, whose window overlaps `[from, to]`; nothing when `area` is outside `scope`.
pub fn surges_concerning(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<Vec<SurgeRow>> {
    let Some((low, high)) = super::scope::area_range(scope, area) else {
        return Ok(Vec::new());
    };
    let code = area.as_str();
    // The district and the town above `area`: at most two codes, so this `IN` needs no
    // chunking (see [`super::chunked`]).
    let above: Vec<String> = [6, 9]
        .into_iter()
        .filter(|&len| len < code.len())
        .filter_map(|len| code.get(..len).map(str::to_string))
        .collect();
    surges::table
        .filter(surges::district_code.eq(code.get(..6).unwrap_or(code)))
        .filter(
            surges::area_code
                .eq_any(above)
                .or(surges::area_code.ge(low).and(surges::area_code.lt(high))),
        )
        .filter(surges::ends_on.ge(from))
        .filter(surges::starts_on.le(to))
        .order((surges::starts_on, surges::id))
        .select(SurgeRow::as_select())
        .load(conn)
}

pub fn find_surge(conn: &mut DbConn, id: &SurgeId) -> QueryResult<Option<SurgeRow>> {
    surges::table
        .find(id)
        .select(SurgeRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a surge withdrawn unless it already is; `Ok(false)` when someone withdrew it first.
pub fn withdraw_surge(
    conn: &mut DbConn,
    id: &SurgeId,
    by: &str,
    at: chrono::NaiveDateTime,
    reason: &str,
) -> QueryResult<bool> {
    diesel::update(surges::table.find(id).filter(surges::withdrawn_at.is_null()))
        .set((
            surges::withdrawn_at.eq(at),
            surges::withdrawn_by.eq(by),
            surges::withdrawal_reason.eq(reason),
        ))
        .execute(conn)
        .map(|n| n == 1)
}
