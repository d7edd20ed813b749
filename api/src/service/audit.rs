//! 审计日志 — who did what to which object, when; before/after for elder files.

use serde_json::Value;
use uuid::Uuid;

use super::Call;
use crate::db::models::AuditRow;
use crate::db::{audit, DbConn};
use crate::error::AppResult;

/// What an audit entry is about.
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
    let row = AuditRow {
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
    };
    audit::insert(conn, &row)?;
    Ok(())
}
