//! Queries on visitor profiles and visit slots. Claiming is one conditional update: the slot
//! changes hands only if it is still open when the row is written.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::models::{VisitSlotRow, VisitorProfileRow};
use super::schema::{contact_attempts, visit_records, visit_slots, visitor_profiles};
use super::DbConn;
use crate::domain::access::Scope;
use crate::domain::area::AreaCode;
use crate::domain::id::{AccountId, ElderId, SlotId};
use crate::domain::slot::SlotStatus;

pub fn profile(conn: &mut DbConn, user_id: &AccountId) -> QueryResult<Option<VisitorProfileRow>> {
    visitor_profiles::table
        .find(user_id)
        .select(VisitorProfileRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_profile(conn: &mut DbConn, row: &VisitorProfileRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(visitor_profiles::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Replaces a profile if its version is still `expected_version`; `Ok(false)` otherwise.
pub fn replace_profile(conn: &mut DbConn, row: &VisitorProfileRow, expected_version: i32) -> QueryResult<bool> {
    diesel::update(
        visitor_profiles::table
            .find(&row.user_id)
            .filter(visitor_profiles::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)
    .map(|n| n == 1)
}

/// On PostgreSQL, locks the visitor's profile row until the transaction ends, so that two
/// claims by the same visitor count each other's slots (SQLite's write transaction already
/// holds the only write lock).
pub fn lock_visitor(conn: &mut DbConn, user_id: &AccountId) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(c) => diesel::sql_query("SELECT user_id FROM visitor_profiles WHERE user_id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(user_id)
            .execute(c)
            .map(drop),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Inserts the slots that do not exist yet (by elder, requirement, window start and seq);
/// returns how many were new.
pub fn insert_new_slots(conn: &mut DbConn, rows: &[VisitSlotRow]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(500) {
        inserted += match conn {
            DbConn::Sqlite(c) => diesel::insert_or_ignore_into(visit_slots::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Postgres(c) => diesel::insert_into(visit_slots::table)
                .values(chunk)
                .on_conflict_do_nothing()
                .execute(c)?,
        };
    }
    Ok(inserted)
}

/// Which of an area's slots of a month to list, a page at a time, in window order (window
/// start, then id). Every filter is SQL.
#[derive(Debug, Clone)]
pub struct SlotPage {
    pub status: Option<SlotStatus>,
    /// Only slots whose window ends on one of these days (first, last).
    pub window_ends_within: Option<(NaiveDate, NaiveDate)>,
    /// Only slots after this one: the (window start, id) of the last slot seen.
    pub after: Option<(NaiveDate, SlotId)>,
    /// Most slots to give.
    pub limit: i64,
}

/// A page of the slots of `month` for the elders of `area` (nothing when `area` is outside
/// `scope`).
pub fn slots_page(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    month: &str,
    page: &SlotPage,
) -> QueryResult<Vec<VisitSlotRow>> {
    let mut query = super::scope::slots_at(scope, area).filter(visit_slots::month.eq(month.to_string()));
    if let Some(status) = page.status {
        query = query.filter(visit_slots::status.eq(status.as_str()));
    }
    if let Some((first, last)) = page.window_ends_within {
        query = query
            .filter(visit_slots::window_to.ge(first))
            .filter(visit_slots::window_to.le(last));
    }
    if let Some((window_from, id)) = &page.after {
        query = query.filter(
            visit_slots::window_from.gt(*window_from).or(visit_slots::window_from
                .eq(*window_from)
                .and(visit_slots::id.gt(id.clone()))),
        );
    }
    query
        .order((visit_slots::window_from, visit_slots::id))
        .limit(page.limit)
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// 未到 — the claimed slots of `month` for the elders of `area` in `scope` whose window ended
/// before `today` with no visit record and no contact attempt made for them (a released slot
/// is open again, so it is not among them), in window order; at most `limit`.
pub fn no_shows(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    month: &str,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<VisitSlotRow>> {
    use diesel::dsl::{exists, not};
    super::scope::slots_at(scope, area)
        .filter(visit_slots::month.eq(month.to_string()))
        .filter(visit_slots::status.eq(SlotStatus::Claimed))
        .filter(visit_slots::window_to.lt(today))
        .filter(not(exists(
            visit_records::table.filter(visit_records::slot_id.eq(visit_slots::id.nullable())),
        )))
        .filter(not(exists(
            contact_attempts::table.filter(contact_attempts::slot_id.eq(visit_slots::id.nullable())),
        )))
        .order((visit_slots::window_to, visit_slots::id))
        .limit(limit)
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// Where the slot `id` of `area` stands in window order (its window start and id), if it is a
/// slot of `area` in `scope`: the position a page after it starts from.
pub fn position_in_area(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    id: &SlotId,
) -> QueryResult<Option<(NaiveDate, SlotId)>> {
    super::scope::slots_at(scope, area)
        .filter(visit_slots::id.eq(id.clone()))
        .select((visit_slots::window_from, visit_slots::id))
        .first(conn)
        .optional()
}

/// Every open slot of `month` for the elders of `area` in `scope` (whose window ends on or after
/// `ends_from`, if given), in window order: the whole set, for the use cases that work on all
/// of it at once (generation cancels those no longer asked for; the planner places them all).
pub fn open_in_month(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    month: &str,
    ends_from: Option<NaiveDate>,
) -> QueryResult<Vec<VisitSlotRow>> {
    let mut query = super::scope::slots_at(scope, area)
        .filter(visit_slots::month.eq(month.to_string()))
        .filter(visit_slots::status.eq(SlotStatus::Open));
    if let Some(day) = ends_from {
        query = query.filter(visit_slots::window_to.ge(day));
    }
    query
        .order((visit_slots::window_from, visit_slots::id))
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// Open slots of `area` in `scope` whose window ends on or after `from` and starts on or
/// before `to`, in window order.
pub fn open_slots(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<VisitSlotRow>> {
    super::scope::slots_at(scope, area)
        .filter(visit_slots::status.eq(SlotStatus::Open))
        .filter(visit_slots::window_to.ge(from))
        .filter(visit_slots::window_from.le(to))
        .order((visit_slots::window_from, visit_slots::id))
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// The slots a visitor holds (claimed or done), in window order.
pub fn held_by(conn: &mut DbConn, holder_id: &AccountId, from: NaiveDate) -> QueryResult<Vec<VisitSlotRow>> {
    super::scope::slots_held_by(holder_id)
        .filter(visit_slots::window_to.ge(from))
        .order((visit_slots::window_from, visit_slots::id))
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// How many slots of `month` a visitor holds (claimed or done).
pub fn held_in_month(conn: &mut DbConn, holder_id: &AccountId, month: &str) -> QueryResult<i64> {
    visit_slots::table
        .filter(visit_slots::holder_id.eq(holder_id))
        .filter(visit_slots::month.eq(month))
        .filter(visit_slots::status.eq_any([SlotStatus::Claimed, SlotStatus::Done]))
        .count()
        .get_result(conn)
}

/// A slot of a village in `scope` (an organizer's, or a visitor's claim area).
pub fn slot_in(conn: &mut DbConn, scope: &Scope, id: &SlotId) -> QueryResult<Option<VisitSlotRow>> {
    super::scope::slots_in(scope)
        .filter(visit_slots::id.eq(id.clone()))
        .select(VisitSlotRow::as_select())
        .first(conn)
        .optional()
}

/// The slots among `ids` that lie in `scope`.
pub fn slots_in_by_ids(conn: &mut DbConn, scope: &Scope, ids: &[SlotId]) -> QueryResult<Vec<VisitSlotRow>> {
    super::scope::slots_in(scope)
        .filter(visit_slots::id.eq_any(ids))
        .order(visit_slots::id)
        .select(VisitSlotRow::as_select())
        .load(conn)
}

/// A slot `holder_id` holds.
/// The claimed slots whose window opens on `day` (the reminders of the day before).
pub fn claimed_opening_on(conn: &mut DbConn, day: NaiveDate) -> QueryResult<Vec<VisitSlotRow>> {
    visit_slots::table
        .filter(visit_slots::status.eq(SlotStatus::Claimed))
        .filter(visit_slots::window_from.eq(day))
        .order(visit_slots::id)
        .select(VisitSlotRow::as_select())
        .load(conn)
}

pub fn held_slot(conn: &mut DbConn, holder_id: &AccountId, id: &SlotId) -> QueryResult<Option<VisitSlotRow>> {
    super::scope::slots_held_by(holder_id)
        .filter(visit_slots::id.eq(id.clone()))
        .select(VisitSlotRow::as_select())
        .first(conn)
        .optional()
}

/// The profile of a visitor whose account lies in `scope`.
pub fn profile_in(conn: &mut DbConn, scope: &Scope, user_id: &AccountId) -> QueryResult<Option<VisitorProfileRow>> {
    super::scope::profiles_at(scope)
        .filter(visitor_profiles::user_id.eq(user_id.clone()))
        .select(VisitorProfileRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_slot(conn: &mut DbConn, id: &SlotId) -> QueryResult<Option<VisitSlotRow>> {
    visit_slots::table
        .find(id)
        .select(VisitSlotRow::as_select())
        .first(conn)
        .optional()
}

/// 认领 — gives an open slot to `holder_id`; `Ok(false)` if it was not open any more. One
/// statement: whoever writes first wins, on both backends, whatever was read before.
pub fn claim(
    conn: &mut DbConn,
    slot_id: &SlotId,
    holder_id: &AccountId,
    co_visitor_id: Option<&AccountId>,
    assigned_by: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        visit_slots::table
            .find(slot_id)
            .filter(visit_slots::status.eq(SlotStatus::Open))
            .filter(visit_slots::holder_id.is_null()),
    )
    .set((
        visit_slots::status.eq(SlotStatus::Claimed),
        visit_slots::holder_id.eq(holder_id),
        visit_slots::co_visitor_id.eq(co_visitor_id),
        visit_slots::claimed_at.eq(now),
        visit_slots::assigned_by.eq(assigned_by),
        visit_slots::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// 退回 — the holder gives a claimed slot back; `Ok(false)` if they do not hold it.
pub fn release(conn: &mut DbConn, slot_id: &SlotId, holder_id: &AccountId, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        visit_slots::table
            .find(slot_id)
            .filter(visit_slots::status.eq(SlotStatus::Claimed))
            .filter(visit_slots::holder_id.eq(holder_id)),
    )
    .set((
        visit_slots::status.eq(SlotStatus::Open),
        visit_slots::holder_id.eq(None::<String>),
        visit_slots::co_visitor_id.eq(None::<String>),
        visit_slots::claimed_at.eq(None::<NaiveDateTime>),
        visit_slots::assigned_by.eq(None::<String>),
        visit_slots::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Cancels the given slots if they are still open (a claimed or done slot is never touched);
/// returns how many were cancelled.
pub fn cancel_open(conn: &mut DbConn, ids: &[SlotId], now: NaiveDateTime) -> QueryResult<usize> {
    super::chunked::count(ids, |ids| {
        diesel::update(
            visit_slots::table
                .filter(visit_slots::id.eq_any(ids))
                .filter(visit_slots::status.eq(SlotStatus::Open)),
        )
        .set((
            visit_slots::status.eq(SlotStatus::Cancelled),
            visit_slots::updated_at.eq(now),
        ))
        .execute(conn)
    })
}

/// Sets a held slot's status: done when its record is submitted, claimed again when that
/// record is rejected.
pub fn set_status(conn: &mut DbConn, slot_id: &SlotId, status: SlotStatus, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        visit_slots::table
            .find(slot_id)
            .filter(visit_slots::holder_id.is_not_null()),
    )
    .set((visit_slots::status.eq(status.as_str()), visit_slots::updated_at.eq(now)))
    .execute(conn)
    .map(drop)
}

/// Marks whether a slot needs a professional visitor (organizer's decision).
pub fn set_needs_professional(
    conn: &mut DbConn,
    slot_id: &SlotId,
    needed: bool,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(visit_slots::table.find(slot_id))
        .set((
            visit_slots::needs_professional.eq(needed),
            visit_slots::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Approved visitor accounts of `area` in `scope` (by their home village or school area).
pub fn visitors_in(conn: &mut DbConn, scope: &Scope, area: &AreaCode) -> QueryResult<Vec<crate::db::models::UserRow>> {
    use super::schema::users;
    let (low, high) = area.subtree_range();
    super::scope::users_in(scope)
        .filter(users::role.eq(crate::domain::access::Role::Visitor.as_str()))
        .filter(users::status.eq(crate::domain::access::AccountStatus::Active.as_str()))
        .filter(users::area_code.ge(low))
        .filter(users::area_code.lt(high))
        .order(users::id)
        .select(crate::db::models::UserRow::as_select())
        .load(conn)
}

/// Approved adult visitor accounts, other than `except`, that could go with a minor to a visit in
/// `town`: those whose home lies in `town` or is `town`'s district (their claim area holds the
/// town), and those of `school`. At most `limit` of each, by name. The caller narrows them further.
pub fn adult_visitors_for(
    conn: &mut DbConn,
    town: &AreaCode,
    school: Option<&crate::domain::id::SchoolId>,
    except: &AccountId,
    limit: i64,
) -> QueryResult<Vec<crate::db::models::UserRow>> {
    use super::schema::users;
    use crate::domain::access::{AccountStatus, Role};
    let adults = || {
        users::table
            .into_boxed()
            .filter(users::role.eq(Role::Visitor.as_str()))
            .filter(users::status.eq(AccountStatus::Active.as_str()))
            .filter(users::is_minor.eq(false))
            .filter(users::id.ne(except.clone()))
            .order((users::display_name, users::id))
            .limit(limit)
            .select(crate::db::models::UserRow::as_select())
    };
    let (low, high) = town.subtree_range();
    let district = town.parent().map(|d| d.as_str().to_string()).unwrap_or_default();
    let mut found = adults()
        .filter(
            users::area_code
                .ge(low)
                .and(users::area_code.lt(high))
                .or(users::area_code.eq(district)),
        )
        .load(conn)?;
    if let Some(school) = school {
        found.extend(adults().filter(users::school_id.eq(school.clone())).load(conn)?);
    }
    Ok(found)
}

pub fn profiles_of(conn: &mut DbConn, user_ids: &[AccountId]) -> QueryResult<Vec<VisitorProfileRow>> {
    super::chunked::load(user_ids, |user_ids| {
        visitor_profiles::table
            .filter(visitor_profiles::user_id.eq_any(user_ids))
            .select(VisitorProfileRow::as_select())
            .load(conn)
    })
}

/// (holder, slots held) of a month for the given visitors.
pub fn held_counts(
    conn: &mut DbConn,
    holder_ids: &[AccountId],
    month: &str,
) -> QueryResult<Vec<(Option<AccountId>, i64)>> {
    super::chunked::load(holder_ids, |holder_ids| {
        visit_slots::table
            .filter(visit_slots::holder_id.eq_any(holder_ids))
            .filter(visit_slots::month.eq(month))
            .filter(visit_slots::status.eq_any([SlotStatus::Claimed, SlotStatus::Done]))
            .group_by(visit_slots::holder_id)
            .select((visit_slots::holder_id, diesel::dsl::count_star()))
            .load(conn)
    })
}

/// (elder, visitor) pairs from slots of months before `month` that a visitor held: who
/// already knows whom.
pub fn previous_holders(
    conn: &mut DbConn,
    elder_ids: &[ElderId],
    month: &str,
) -> QueryResult<Vec<(ElderId, Option<AccountId>)>> {
    super::chunked::load(elder_ids, |elder_ids| {
        visit_slots::table
            .filter(visit_slots::elder_id.eq_any(elder_ids))
            .filter(visit_slots::month.lt(month))
            .filter(visit_slots::holder_id.is_not_null())
            .select((visit_slots::elder_id, visit_slots::holder_id))
            .distinct()
            .load(conn)
    })
}

/// Records that a visitor dropped out on `day`.
pub fn set_dropped_out(conn: &mut DbConn, user_id: &AccountId, day: NaiveDate) -> QueryResult<()> {
    diesel::update(visitor_profiles::table.find(user_id))
        .set(visitor_profiles::dropped_out_on.eq(day))
        .execute(conn)
        .map(drop)
}

/// Gives back every slot `holder_id` holds (claimed, not done) whose window has not passed on
/// `today`; returns their ids.
pub fn release_all(
    conn: &mut DbConn,
    holder_id: &AccountId,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Vec<SlotId>> {
    let ids: Vec<SlotId> = visit_slots::table
        .filter(visit_slots::holder_id.eq(holder_id))
        .filter(visit_slots::status.eq(SlotStatus::Claimed))
        .filter(visit_slots::window_to.ge(today))
        .select(visit_slots::id)
        .load(conn)?;
    for id in &ids {
        release(conn, id, holder_id, now)?;
    }
    Ok(ids)
}

/// Open slots anywhere whose window ends on or after `from` and starts on or before `to`, in
/// window order (the system's daily offer of slots about to open).
pub fn open_between(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<VisitSlotRow>> {
    visit_slots::table
        .filter(visit_slots::status.eq(SlotStatus::Open))
        .filter(visit_slots::window_to.ge(from))
        .filter(visit_slots::window_from.le(to))
        .order((visit_slots::window_from, visit_slots::id))
        .select(VisitSlotRow::as_select())
        .load(conn)
}
