//! Queries on districts' policy choices (append-only).

use diesel::prelude::*;

use super::models::{DistrictPolicyRow, ElderRow, TierRaiseRow, VisitRow};
use super::schema::{district_policies, tier_raises, visits};
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

/// An elder's raises, oldest first. The caller holds the elder row, loaded in scope.
pub fn raises_of(conn: &mut DbConn, elder: &ElderRow) -> QueryResult<Vec<TierRaiseRow>> {
    tier_raises::table
        .filter(tier_raises::elder_id.eq(&elder.id))
        .order((tier_raises::raised_on, tier_raises::raised_at))
        .select(TierRaiseRow::as_select())
        .load(conn)
}

pub fn insert_visit(conn: &mut DbConn, row: &VisitRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(visits::table).values(row).execute(c)).map(drop)
}

/// An elder's accepted visits in `[from, to)` (UTC), oldest first.
pub fn accepted_visits_of(
    conn: &mut DbConn,
    elder: &ElderRow,
    from: chrono::NaiveDateTime,
    to: chrono::NaiveDateTime,
) -> QueryResult<Vec<VisitRow>> {
    visits::table
        .filter(visits::elder_id.eq(&elder.id))
        .filter(visits::status.eq("accepted"))
        .filter(visits::visited_at.ge(from))
        .filter(visits::visited_at.lt(to))
        .order(visits::visited_at)
        .select(VisitRow::as_select())
        .load(conn)
}
