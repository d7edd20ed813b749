//! Queries on districts' policy choices (append-only).

use diesel::prelude::*;

use super::models::{DistrictPolicyRow, SurgeRow, TierRaiseRow, VisitRow};
use super::schema::{district_policies, surges, tier_raises, visits};
use super::DbConn;

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
pub fn raises_of_many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<TierRaiseRow>> {
    tier_raises::table
        .filter(tier_raises::elder_id.eq_any(ids))
        .order((tier_raises::elder_id, tier_raises::raised_on, tier_raises::raised_at))
        .select(TierRaiseRow::as_select())
        .load(conn)
}

pub fn insert_visit(conn: &mut DbConn, row: &VisitRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(visits::table).values(row).execute(c)).map(drop)
}

/// Accepted visits of many elders in `[from, to)` (UTC), oldest first per elder.
pub fn accepted_visits_of_many(
    conn: &mut DbConn,
    ids: &[String],
    from: chrono::NaiveDateTime,
    to: chrono::NaiveDateTime,
) -> QueryResult<Vec<VisitRow>> {
    visits::table
        .filter(visits::elder_id.eq_any(ids))
        .filter(visits::status.eq("accepted"))
        .filter(visits::visited_at.ge(from))
        .filter(visits::visited_at.lt(to))
        .order((visits::elder_id, visits::visited_at))
        .select(VisitRow::as_select())
        .load(conn)
}

pub fn insert_surge(conn: &mut DbConn, row: &SurgeRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(surges::table).values(row).execute(c)).map(drop)
}

/// A district's declared surges whose window overlaps `[from, to]`, oldest first.
pub fn surges_overlapping(
    conn: &mut DbConn,
    district_code: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<Vec<SurgeRow>> {
    surges::table
        .filter(surges::district_code.eq(district_code))
        .filter(surges::ends_on.ge(from))
        .filter(surges::starts_on.le(to))
        .order((surges::starts_on, surges::id))
        .select(SurgeRow::as_select())
        .load(conn)
}
