//! Failed-login counters per account name and per client address.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::ThrottleRow;
use super::schema::login_throttle;
use super::DbConn;

pub fn get(conn: &mut DbConn, key: &str) -> QueryResult<Option<ThrottleRow>> {
    login_throttle::table
        .find(key)
        .select(ThrottleRow::as_select())
        .first(conn)
        .optional()
}

/// Stores the counter (insert or replace). Two concurrent first failures for one key may
/// both find no row: the insert runs in a savepoint, and the loser updates instead.
pub fn put(conn: &mut DbConn, row: &ThrottleRow) -> QueryResult<()> {
    let update = |conn: &mut DbConn| {
        diesel::update(login_throttle::table.find(&row.throttle_key))
            .set(row)
            .execute(conn)
    };
    if update(conn)? > 0 {
        return Ok(());
    }
    // A savepoint, so that losing the insert race leaves the caller's transaction usable.
    #[allow(clippy::disallowed_methods)]
    let inserted = conn.transaction(|conn| {
        super::on_backend!(conn, |c| diesel::insert_into(login_throttle::table)
            .values(row)
            .execute(c))
    });
    match inserted {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            update(conn).map(drop)
        }
        other => other.map(drop),
    }
}

pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttle::table.find(key)).execute(conn).map(drop)
}

/// Drops counters whose window ended before `cutoff`.
pub fn prune(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::first_failure_at.lt(cutoff))
            .filter(
                login_throttle::locked_until
                    .is_null()
                    .or(login_throttle::locked_until.lt(cutoff)),
            ),
    )
    .execute(conn)
}
