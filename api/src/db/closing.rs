//! Queries on closed months and on what changed after a month closed.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::models::{FactChangeRow, StatusChangeRow};
use super::schema::{
    closed_month_areas, closed_month_elders, closed_months, elder_fact_changes, elder_status_changes, elders, users,
    visit_records, visits,
};
use super::DbConn;
use crate::domain::closing::CloseHow;
use crate::domain::id::{AccountId, ElderId};
use crate::domain::policy::VisitMode;

/// 已关账月份 — a district's month as closed.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = closed_months, treat_none_as_default_value = false)]
pub struct ClosedMonthRow {
    pub district_code: String,
    /// `YYYY-MM`.
    pub month: String,
    pub pack_id: String,
    /// The figures are as known at this moment (UTC): the deadline, or the admin's close.
    pub known_at: NaiveDateTime,
    pub closed_how: CloseHow,
    pub closed_by: String,
    pub closed_at: NaiveDateTime,
}

/// What one elder's closed month reported.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = closed_month_elders, treat_none_as_default_value = false)]
pub struct ClosedElderRow {
    pub district_code: String,
    pub month: String,
    pub elder_id: ElderId,
    pub village_code: String,
    pub in_rate: bool,
    pub met: bool,
    pub overdue: bool,
    pub contacted: bool,
}

/// What one area's closed month reported.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = closed_month_areas, treat_none_as_default_value = false)]
pub struct ClosedAreaRow {
    pub district_code: String,
    pub month: String,
    pub area_code: String,
    pub elders: i32,
    pub met: i32,
    pub due: i32,
    pub overdue: i32,
    pub contacted: i32,
}

pub fn find(conn: &mut DbConn, district_code: &str, month: &str) -> QueryResult<Option<ClosedMonthRow>> {
    closed_months::table
        .find((district_code, month))
        .select(ClosedMonthRow::as_select())
        .first(conn)
        .optional()
}

/// Rows inserted per statement (under SQLite's limit of bound values).
const CHUNK: usize = 2_000;

/// Stores a closed month with what it reported; `Ok(false)` when it was closed already.
pub fn insert(
    conn: &mut DbConn,
    closed: &ClosedMonthRow,
    elders: &[ClosedElderRow],
    areas: &[ClosedAreaRow],
) -> QueryResult<bool> {
    if find(conn, &closed.district_code, &closed.month)?.is_some() {
        return Ok(false);
    }
    super::on_backend!(conn, |c| diesel::insert_into(closed_months::table)
        .values(closed)
        .execute(c))?;
    for chunk in elders.chunks(CHUNK) {
        super::on_backend!(conn, |c| diesel::insert_into(closed_month_elders::table)
            .values(chunk)
            .execute(c))?;
    }
    for chunk in areas.chunks(CHUNK) {
        super::on_backend!(conn, |c| diesel::insert_into(closed_month_areas::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(true)
}

/// The reported counts of the areas in `[low, high)` (an area and those inside it).
pub fn areas_in(
    conn: &mut DbConn,
    district_code: &str,
    month: &str,
    (low, high): (&str, &str),
) -> QueryResult<Vec<ClosedAreaRow>> {
    closed_month_areas::table
        .filter(closed_month_areas::district_code.eq(district_code))
        .filter(closed_month_areas::month.eq(month))
        .filter(closed_month_areas::area_code.ge(low))
        .filter(closed_month_areas::area_code.lt(high))
        .order(closed_month_areas::area_code)
        .select(ClosedAreaRow::as_select())
        .load(conn)
}

/// What the closed month reported of `ids` (those it had).
pub fn elders_of(
    conn: &mut DbConn,
    district_code: &str,
    month: &str,
    ids: &[ElderId],
) -> QueryResult<Vec<ClosedElderRow>> {
    super::chunked::load(ids, |ids| {
        closed_month_elders::table
            .filter(closed_month_elders::district_code.eq(district_code))
            .filter(closed_month_elders::month.eq(month))
            .filter(closed_month_elders::elder_id.eq_any(ids))
            .select(ClosedElderRow::as_select())
            .load(conn)
    })
}

/// A visit whose record was accepted, or rejected after acceptance, after a moment.
#[derive(Debug, Clone, Queryable)]
pub struct LateVisit {
    pub elder_id: ElderId,
    /// UTC.
    pub visited_at: NaiveDateTime,
    pub mode: VisitMode,
    pub accepted_at: Option<NaiveDateTime>,
    pub rejected_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<AccountId>,
    pub review_comment: Option<String>,
}

/// The visits in `[from, to)` (UTC) to elders of villages in `[low, high)` accepted, or
/// rejected after acceptance, after `after`. Found by when they were reviewed (the indexes on
/// `accepted_at` and `rejected_at`: few rows whatever the size of the district), then narrowed
/// to the window and the area here.
pub fn visits_reviewed_after(
    conn: &mut DbConn,
    (low, high): (&str, &str),
    (from, to): (NaiveDateTime, NaiveDateTime),
    after: NaiveDateTime,
) -> QueryResult<Vec<LateVisit>> {
    let mut found: Vec<(String, LateVisit)> = Vec::new();
    for accepted in [true, false] {
        let query = visits::table
            .left_join(visit_records::table.on(visit_records::id.eq(visits::id)))
            .select((
                visits::village_code,
                (
                    visits::elder_id,
                    visits::visited_at,
                    visits::mode,
                    visits::accepted_at,
                    visits::rejected_at,
                    visit_records::reviewed_by.nullable(),
                    visit_records::review_comment.nullable(),
                ),
            ))
            .into_boxed();
        let query = if accepted {
            query.filter(visits::accepted_at.gt(after))
        } else {
            query.filter(visits::rejected_at.gt(after))
        };
        found.extend(query.load::<(String, LateVisit)>(conn)?);
    }
    let mut late: Vec<LateVisit> = found
        .into_iter()
        .filter(|(village, visit)| {
            village.as_str() >= low && village.as_str() < high && visit.visited_at >= from && visit.visited_at < to
        })
        .map(|(_, visit)| visit)
        .collect();
    // A visit accepted and rejected after `after` was found twice.
    late.sort_by(|a, b| (&a.elder_id, a.visited_at).cmp(&(&b.elder_id, b.visited_at)));
    late.dedup_by(|a, b| a.elder_id == b.elder_id && a.visited_at == b.visited_at && a.mode == b.mode);
    Ok(late)
}

/// The display names of accounts.
pub fn display_names(conn: &mut DbConn, ids: &[AccountId]) -> QueryResult<Vec<(AccountId, String)>> {
    super::chunked::load(ids, |ids| {
        users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::display_name))
            .load(conn)
    })
}

/// The village of each of `ids`.
fn villages_of(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<std::collections::HashMap<ElderId, String>> {
    Ok(super::chunked::load(ids, |ids| {
        elders::table
            .filter(elders::id.eq_any(ids))
            .select((elders::id, elders::village_code))
            .load::<(ElderId, String)>(conn)
    })?
    .into_iter()
    .collect())
}

/// Of `rows`, those of elders living in villages in `[low, high)`.
fn in_area<T>(
    conn: &mut DbConn,
    rows: Vec<T>,
    elder: impl Fn(&T) -> &ElderId,
    (low, high): (&str, &str),
) -> QueryResult<Vec<T>> {
    let ids: Vec<ElderId> = rows.iter().map(|r| elder(r).clone()).collect();
    let villages = villages_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            villages
                .get(elder(r))
                .is_some_and(|v| v.as_str() >= low && v.as_str() < high)
        })
        .collect())
}

/// The fact changes of elders of villages in `[low, high)` recorded after `after` and taking
/// effect by `until` (found by when they were recorded, then narrowed to the area).
pub fn fact_changes_recorded_after(
    conn: &mut DbConn,
    area: (&str, &str),
    after: NaiveDateTime,
    until: NaiveDate,
) -> QueryResult<Vec<FactChangeRow>> {
    let rows = elder_fact_changes::table
        .filter(elder_fact_changes::recorded_at.gt(after))
        .filter(elder_fact_changes::effective_from.le(until))
        .select(FactChangeRow::as_select())
        .load(conn)?;
    in_area(conn, rows, |r| &r.elder_id, area)
}

/// The service changes of elders of villages in `[low, high)` recorded after `after` and
/// taking effect by `until` (found by when they were recorded, then narrowed to the area).
pub fn status_changes_recorded_after(
    conn: &mut DbConn,
    area: (&str, &str),
    after: NaiveDateTime,
    until: NaiveDate,
) -> QueryResult<Vec<StatusChangeRow>> {
    let rows = elder_status_changes::table
        .filter(elder_status_changes::recorded_at.gt(after))
        .filter(elder_status_changes::effective_on.le(until))
        .select(StatusChangeRow::as_select())
        .load(conn)?;
    in_area(conn, rows, |r| &r.elder_id, area)
}

/// (id, created at) of the elders of villages in `[low, high)` registered after `after`
/// (found by when they were created: the index `elders_created`).
pub fn elders_created_after(
    conn: &mut DbConn,
    (low, high): (&str, &str),
    after: NaiveDateTime,
) -> QueryResult<Vec<(ElderId, NaiveDateTime)>> {
    Ok(elders::table
        .filter(elders::created_at.gt(after))
        .select((elders::id, elders::created_at, elders::village_code))
        .load::<(ElderId, NaiveDateTime, String)>(conn)?
        .into_iter()
        .filter(|(_, _, village)| village.as_str() >= low && village.as_str() < high)
        .map(|(id, at, _)| (id, at))
        .collect())
}
