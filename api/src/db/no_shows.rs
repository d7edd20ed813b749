//! Queries on no-shows (未到) and the capacity reductions they lead to (次数下调).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::models::VisitSlotRow;
use super::schema::{
    capacity_reductions, contact_attempts, no_shows, users, visit_records, visit_slots, visitor_profiles,
};
use super::DbConn;
use crate::domain::access::{Role, Scope};
use crate::domain::id::{AccountId, SlotId};
use crate::domain::slot::SlotStatus;

/// 未到 — one claimed slot whose holder did not come, marked once.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = no_shows, treat_none_as_default_value = false)]
pub struct NoShowRow {
    pub slot_id: SlotId,
    pub visitor_id: AccountId,
    pub village_code: String,
    pub window_to: NaiveDate,
    pub marked_at: NaiveDateTime,
    /// The reduction it counted towards, once it did.
    pub reduction_id: Option<String>,
}

/// 次数下调 — a visitor's monthly capacity halved, until restored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = capacity_reductions, treat_none_as_default_value = false)]
pub struct CapacityReductionRow {
    pub id: String,
    pub visitor_id: AccountId,
    pub original_capacity: i32,
    pub reduced_to: i32,
    pub no_shows: i32,
    pub period_days: i32,
    pub reduced_at: NaiveDateTime,
    pub restored_at: Option<NaiveDateTime>,
    pub restored_by: Option<String>,
}

/// The claimed slots of every area whose window ended on `from` or later and before `today`
/// with no visit record and no contact attempt made for them, not marked yet: what the daily
/// job marks, by holder and window.
pub fn unmarked(conn: &mut DbConn, from: NaiveDate, today: NaiveDate) -> QueryResult<Vec<VisitSlotRow>> {
    use diesel::dsl::{exists, not};
    visit_slots::table
        .filter(visit_slots::status.eq(SlotStatus::Claimed))
        .filter(visit_slots::holder_id.is_not_null())
        .filter(visit_slots::window_to.lt(today))
        .filter(visit_slots::window_to.ge(from))
        .filter(not(exists(
            visit_records::table.filter(visit_records::slot_id.eq(visit_slots::id.nullable())),
        )))
        .filter(not(exists(
            contact_attempts::table.filter(contact_attempts::slot_id.eq(visit_slots::id.nullable())),
        )))
        .filter(not(exists(
            no_shows::table.filter(no_shows::slot_id.eq(visit_slots::id)),
        )))
        .order((visit_slots::holder_id, visit_slots::window_to, visit_slots::id))
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// Marks `row` unless its slot is marked already; returns whether it was marked now.
pub fn mark(conn: &mut DbConn, row: &NoShowRow) -> QueryResult<bool> {
    let n = match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(no_shows::table).values(row).execute(c)?,
        DbConn::Postgres(c) => diesel::insert_into(no_shows::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(n == 1)
}

/// The no-shows of `visitor` whose window ended on `from` or later that no reduction counted
/// yet.
pub fn uncounted_since(conn: &mut DbConn, visitor: &AccountId, from: NaiveDate) -> QueryResult<Vec<NoShowRow>> {
    no_shows::table
        .filter(no_shows::visitor_id.eq(visitor))
        .filter(no_shows::window_to.ge(from))
        .filter(no_shows::reduction_id.is_null())
        .order((no_shows::window_to, no_shows::slot_id))
        .select(NoShowRow::as_select())
        .load(conn)
}

/// Records that `slots` counted towards `reduction_id`.
pub fn set_counted(conn: &mut DbConn, slots: &[SlotId], reduction_id: &str) -> QueryResult<()> {
    diesel::update(no_shows::table.filter(no_shows::slot_id.eq_any(slots)))
        .set(no_shows::reduction_id.eq(Some(reduction_id)))
        .execute(conn)
        .map(drop)
}

/// The no-shows of the visitors among `ids`, newest window first. No scope: callers pass ids
/// they have read through one.
pub fn of_visitors(conn: &mut DbConn, ids: &[AccountId]) -> QueryResult<Vec<NoShowRow>> {
    super::chunked::load(ids, |ids| {
        no_shows::table
            .filter(no_shows::visitor_id.eq_any(ids))
            .order((no_shows::window_to.desc(), no_shows::slot_id))
            .select(NoShowRow::as_select())
            .load(conn)
    })
}

/// The reductions in force of the visitors among `ids`.
pub fn in_force(conn: &mut DbConn, ids: &[AccountId]) -> QueryResult<Vec<CapacityReductionRow>> {
    super::chunked::load(ids, |ids| {
        capacity_reductions::table
            .filter(capacity_reductions::visitor_id.eq_any(ids))
            .filter(capacity_reductions::restored_at.is_null())
            .select(CapacityReductionRow::as_select())
            .load(conn)
    })
}

pub fn insert_reduction(conn: &mut DbConn, row: &CapacityReductionRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(capacity_reductions::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Ends reduction `id` if it is still in force; returns whether it was.
pub fn restore(conn: &mut DbConn, id: &str, at: NaiveDateTime, by: &str) -> QueryResult<bool> {
    diesel::update(
        capacity_reductions::table
            .find(id)
            .filter(capacity_reductions::restored_at.is_null()),
    )
    .set((
        capacity_reductions::restored_at.eq(Some(at)),
        capacity_reductions::restored_by.eq(Some(by)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Sets a visitor's monthly capacity, as a new version of the profile (a form opened on the
/// old one then saves against a version conflict, not over the new capacity).
pub fn set_capacity(conn: &mut DbConn, user_id: &AccountId, capacity: i32, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(visitor_profiles::table.find(user_id))
        .set((
            visitor_profiles::capacity_per_month.eq(capacity),
            visitor_profiles::version.eq(visitor_profiles::version + 1),
            visitor_profiles::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// The visitor accounts in `scope` (an organizer's area) that have a no-show marked or a
/// reduction in force.
pub fn visitors_in(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<AccountId>> {
    let in_scope: Vec<AccountId> = super::scope::users_in(scope)
        .filter(users::role.eq(Role::Visitor))
        .filter(
            users::id
                .eq_any(no_shows::table.select(no_shows::visitor_id))
                .or(users::id.eq_any(
                    capacity_reductions::table
                        .filter(capacity_reductions::restored_at.is_null())
                        .select(capacity_reductions::visitor_id),
                )),
        )
        .select(users::id)
        .order(users::id)
        .load(conn)?;
    Ok(in_scope)
}
