//! Queries of calendar feeds: a visitor's feed (by account or by token hash) and what it shows.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::models::{CalendarFeedRow, VisitSlotRow};
use super::schema::{areas, calendar_feeds, elders, visit_slots};
use super::DbConn;
use crate::domain::access::Actor;
use crate::domain::id::{AccountId, ElderId};
use crate::domain::slot::SlotStatus;

/// The feed of an account, if it has one.
pub fn of_account(conn: &mut DbConn, user_id: &AccountId) -> QueryResult<Option<CalendarFeedRow>> {
    calendar_feeds::table
        .find(user_id)
        .select(CalendarFeedRow::as_select())
        .first(conn)
        .optional()
}

/// The feed whose token hashes to `token_hash`.
pub fn by_token_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<CalendarFeedRow>> {
    calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .select(CalendarFeedRow::as_select())
        .first(conn)
        .optional()
}

/// Gives the account `row`'s feed: replaces the one it had (its old token stops working).
pub fn replace(conn: &mut DbConn, row: &CalendarFeedRow) -> QueryResult<()> {
    remove(conn, &row.user_id)?;
    diesel::insert_into(calendar_feeds::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Deletes the account's feed; whether it had one.
pub fn remove(conn: &mut DbConn, user_id: &AccountId) -> QueryResult<bool> {
    diesel::delete(calendar_feeds::table.find(user_id))
        .execute(conn)
        .map(|n| n > 0)
}

/// The slots a visitor holds or accompanies (claimed or done) whose window ends on or after
/// `from`, in window order.
pub fn visits_of(conn: &mut DbConn, user_id: &AccountId, from: NaiveDate) -> QueryResult<Vec<VisitSlotRow>> {
    visit_slots::table
        .filter(
            visit_slots::holder_id
                .eq(user_id)
                .or(visit_slots::co_visitor_id.eq(user_id)),
        )
        .filter(visit_slots::status.eq_any([SlotStatus::Claimed, SlotStatus::Done]))
        .filter(visit_slots::window_to.ge(from))
        .order((visit_slots::window_from, visit_slots::id))
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// (elder, name) of the given elders that the actor goes to (holds or accompanies a slot
/// of): only the name column, nothing else of the file.
pub fn names_of_visited(conn: &mut DbConn, actor: &Actor, ids: &[ElderId]) -> QueryResult<Vec<(ElderId, String)>> {
    super::chunked::load(ids, |ids| {
        super::scope::elders_visited_by(actor)
            .filter(elders::id.eq_any(ids))
            .select((elders::id, elders::name))
            .load(conn)
    })
}

/// (code, name) of the given areas.
pub fn area_names(conn: &mut DbConn, codes: &[String]) -> QueryResult<Vec<(String, String)>> {
    super::chunked::load(codes, |codes| {
        areas::table
            .filter(areas::code.eq_any(codes))
            .select((areas::code, areas::name))
            .load(conn)
    })
}
