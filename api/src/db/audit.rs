//! The audit log: append-only.

use diesel::prelude::*;

use super::models::AuditRow;
use super::schema::audit_log;
use super::DbConn;
use crate::domain::access::Scope;

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(audit_log::table).values(row).execute(c)).map(drop)
}

/// Entries written together, in one statement per 500 (well inside either backend's limit on
/// bound values).
pub fn insert_many(conn: &mut DbConn, rows: &[AuditRow]) -> QueryResult<()> {
    // Multi-row statements on both backends (not `insert_rows!`): a page that audits each of
    // its rows costs a fixed number of statements whatever its size (tests/loads.rs).
    for chunk in rows.chunks(500) {
        super::on_backend!(conn, |c| diesel::insert_into(audit_log::table).values(chunk).execute(c))?;
    }
    Ok(())
}

/// Newest first, before `before` (an entry id from the previous page).
pub fn page(
    conn: &mut DbConn,
    scope: &Scope,
    object_id: Option<&str>,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = super::scope::audit_in(scope);
    if let Some(object_id) = object_id {
        query = query.filter(audit_log::object_id.eq(object_id.to_string()));
    }
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before.to_string()));
    }
    query
        .order(audit_log::id.desc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
}
