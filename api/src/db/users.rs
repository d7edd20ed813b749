//! Queries on accounts, schools and sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{SchoolRow, SessionRow, UserRow};
use super::schema::{schools, sessions, users};
use super::DbConn;
use crate::domain::access::{AccountStatus, Role, Scope};
use crate::domain::id::{AccountId, SchoolId};

/// Encryption contexts and blind-index kind of account personal data.
pub const USER_ID_NUMBER: &str = "users.id_number";
pub const USER_PHONE: &str = "users.phone";
/// Encryption context of accounts' mail addresses.
pub const USER_EMAIL: &str = "users.email";
pub const GUARDIAN_PHONE: &str = "users.guardian_phone";

pub fn insert(conn: &mut DbConn, row: &UserRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(users::table).values(row).execute(c)).map(drop)
}

/// The account signing in (login is before any scope exists).
pub fn by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Stores an account's mail address (encrypted with [`USER_EMAIL`]) and its masked form.
pub fn set_email(conn: &mut DbConn, id: &AccountId, email_enc: &str, email_masked: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::email_enc.eq(email_enc), users::email_masked.eq(email_masked)))
        .execute(conn)
        .map(drop)
}

/// The signed-in account itself (from its verified token).
pub fn by_id(conn: &mut DbConn, id: &AccountId) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// The accounts among `ids` (system use: the students a school's certificates name), in no
/// particular order; in one statement per 500 ids.
pub fn by_ids(conn: &mut DbConn, ids: &[AccountId]) -> QueryResult<Vec<UserRow>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        found.extend(
            users::table
                .filter(users::id.eq_any(chunk))
                .select(UserRow::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// An account, if it lies in `scope`.
pub fn find(conn: &mut DbConn, scope: &Scope, id: &AccountId) -> QueryResult<Option<UserRow>> {
    super::scope::users_in(scope)
        .filter(users::id.eq(id.clone()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Accounts in scope, optionally of one status, in id order after `after`.
pub fn page(
    conn: &mut DbConn,
    scope: &Scope,
    status: Option<&str>,
    role: Option<Role>,
    after: Option<&AccountId>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut query = super::scope::users_in(scope);
    if let Some(status) = status {
        query = query.filter(users::status.eq(status.to_string()));
    }
    if let Some(role) = role {
        query = query.filter(users::role.eq(role.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after.clone()));
    }
    query
        .order(users::id)
        .limit(limit)
        .select(UserRow::as_select())
        .load(conn)
}

pub fn username_taken(conn: &mut DbConn, username: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.filter(users::username.eq(username)))).get_result(conn)
}

/// Whether an account with this identity-number blind index exists anywhere (real-name
/// registration allows one account per person).
pub fn id_number_taken(conn: &mut DbConn, index: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::id_number_index.eq(index)),
    ))
    .get_result(conn)
}

pub fn set_status(
    conn: &mut DbConn,
    id: &AccountId,
    from: &str,
    to: &str,
    approved_by: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(users::table.find(id).filter(users::status.eq(from)))
        .set((
            users::status.eq(to),
            users::approved_by.eq(approved_by),
            users::approved_at.eq(approved_by.map(|_| now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(updated == 1)
}

/// Moves an account from status `from` to `to`, keeping who approved it; false when it was
/// not in `from`.
pub fn change_status(conn: &mut DbConn, id: &AccountId, from: &str, to: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let updated = diesel::update(users::table.find(id).filter(users::status.eq(from)))
        .set((users::status.eq(to), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(updated == 1)
}

pub fn set_password_hash(conn: &mut DbConn, id: &AccountId, hash: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
}

/// Stores an account's mail address (encrypted and masked, or none) and language.
pub fn set_contact(
    conn: &mut DbConn,
    id: &AccountId,
    email: Option<(&str, &str)>,
    locale: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::email_enc.eq(email.map(|(enc, _)| enc)),
            users::email_masked.eq(email.map(|(_, masked)| masked)),
            users::locale.eq(locale),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn insert_school(conn: &mut DbConn, row: &SchoolRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(schools::table).values(row).execute(c)).map(drop)
}

pub fn school(conn: &mut DbConn, id: &SchoolId) -> QueryResult<Option<SchoolRow>> {
    schools::table
        .find(id)
        .select(SchoolRow::as_select())
        .first(conn)
        .optional()
}

/// Sets a school's service-credit rule.
pub fn set_minutes_per_credit(conn: &mut DbConn, school_id: &SchoolId, minutes: i32) -> QueryResult<()> {
    diesel::update(schools::table.find(school_id))
        .set(schools::minutes_per_credit.eq(minutes))
        .execute(conn)
        .map(drop)
}

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(sessions::table).values(row).execute(c)).map(drop)
}

pub fn session(conn: &mut DbConn, id: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

pub fn session_by_refresh_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .filter(sessions::refresh_hash.eq(hash))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// Revokes one live session; `false` if it was already revoked (a refresh token used twice).
pub fn revoke_session(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let updated = diesel::update(sessions::table.find(id).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(now))
        .execute(conn)?;
    Ok(updated == 1)
}

/// Revokes every live session of an account; returns how many.
pub fn revoke_all_sessions(conn: &mut DbConn, user_id: &AccountId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)
}

/// The longest-standing active account of `role` held at `area_code` (the default contact of
/// a village, the default owner of a town's cases).
/// The active accounts of `role` whose area is exactly `area_code`, oldest first.
pub fn active_in(conn: &mut DbConn, role: Role, area_code: &str) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::role.eq(role.as_str()))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .filter(users::area_code.eq(area_code))
        .order((users::created_at, users::id))
        .select(UserRow::as_select())
        .load(conn)
}

pub fn first_active(conn: &mut DbConn, role: Role, area_code: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::role.eq(role.as_str()))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .filter(users::area_code.eq(area_code))
        .order((users::created_at, users::id))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Every school, by name.
pub fn schools(conn: &mut DbConn) -> QueryResult<Vec<SchoolRow>> {
    schools::table
        .order((schools::name, schools::id))
        .select(SchoolRow::as_select())
        .load(conn)
}

/// The active admins of a school.
pub fn school_admins(conn: &mut DbConn, school_id: &SchoolId) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::role.eq(Role::SchoolAdmin.as_str()))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .filter(users::school_id.eq(school_id))
        .order((users::created_at, users::id))
        .select(UserRow::as_select())
        .load(conn)
}
