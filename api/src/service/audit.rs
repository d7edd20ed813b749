//! 审计日志 — who did what to which object, when; before/after for elder files.

use serde_json::Value;
use uuid::Uuid;

use super::Call;
use crate::db::models::AuditRow;
use crate::db::{audit, DbConn};
use crate::domain::access::Permission;
use crate::error::AppResult;

/// What an audit entry is about.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    /// Where the object lives in the tree (decides who may read the entry).
    pub area_code: Option<&'a str>,
}

/// Appends an entry in the caller's transaction. Values must already be masked.
pub fn record(
    conn: &mut DbConn,
    call: &Call,
    action: &str,
    subject: Subject<'_>,
    reason: Option<&str>,
    before: Option<&Value>,
    after: Option<&Value>,
) -> AppResult<()> {
    let row = entry(call, action, subject, reason, before, after);
    audit::insert(conn, &row)?;
    Ok(())
}

/// Appends one entry per subject, alike otherwise (the reads of a page of records), in the
/// caller's transaction: a few statements for a page, not one per entry.
pub fn record_each<'a>(
    conn: &mut DbConn,
    call: &Call,
    action: &str,
    subjects: impl IntoIterator<Item = Subject<'a>>,
) -> AppResult<()> {
    let rows: Vec<AuditRow> = subjects
        .into_iter()
        .map(|subject| entry(call, action, subject, None, None, None))
        .collect();
    audit::insert_many(conn, &rows)?;
    Ok(())
}

fn entry(
    call: &Call,
    action: &str,
    subject: Subject<'_>,
    reason: Option<&str>,
    before: Option<&Value>,
    after: Option<&Value>,
) -> AuditRow {
    AuditRow {
        // UUID v7 ids sort by time: the log pages newest-first by id.
        id: Uuid::now_v7().to_string(),
        at: call.now,
        actor_id: call.actor.user_id.clone(),
        actor_role: call
            .actor
            .role
            .map(|r| r.as_str().to_string())
            .unwrap_or_else(|| call.actor.label.clone()),
        action: action.to_string(),
        object_type: subject.object_type.to_string(),
        object_id: subject.object_id.map(str::to_string),
        area_code: subject.area_code.map(str::to_string),
        reason: reason.map(str::to_string),
        before_json: before.map(Value::to_string),
        after_json: after.map(Value::to_string),
    }
}

/// The audit log of the caller's scope, newest first, optionally about one object; `after`
/// is the id of the last entry of the previous page.
pub fn page(
    conn: &mut DbConn,
    call: &Call,
    object_id: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<AuditRow>> {
    let scope = call.scope(Permission::ReadAudit)?;
    Ok(audit::page(conn, &scope, object_id, after, limit)?)
}
