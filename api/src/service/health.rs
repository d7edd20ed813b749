//! Whether the service can answer: the database responds.

use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// `SELECT 1`; a database that does not answer is `UNAVAILABLE`.
pub fn check(conn: &mut DbConn) -> AppResult<()> {
    crate::db::ping(conn).map_err(|e| match e {
        AppError::Database(_) => AppError::Unavailable("database did not answer".into()),
        other => other,
    })
}
