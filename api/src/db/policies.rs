//! Queries on districts' policy choices (append-only).

use diesel::prelude::*;

use super::models::DistrictPolicyRow;
use super::schema::district_policies;
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
