//! 发送失败的通知 — the messages that could not be sent after every try (dead letters), for
//! the admins of the area they are about, and sending one again once its cause is fixed (a
//! template approved, an address corrected).

use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::records::OutboxRow;
use crate::db::{outbox, write_transaction, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::area::AreaCode;
use crate::error::{AppError, AppResult};

/// The subtree of the caller's area, for `ManageAreas` (district admins, town organizers).
fn admin_range(call: &Call) -> AppResult<(String, String)> {
    match call.scope(Permission::ManageAreas)? {
        Scope::Area(area) => Ok(area.subtree_range()),
        Scope::System => Ok((String::new(), "~".to_string())),
        _ => Err(AppError::Forbidden),
    }
}

/// Dead letters of the caller's area, newest first.
pub fn dead_letters(conn: &mut DbConn, call: &Call, after: Option<&str>, limit: i64) -> AppResult<Vec<OutboxRow>> {
    let (low, high) = admin_range(call)?;
    Ok(outbox::dead_letters_in(conn, (&low, &high), after, limit)?)
}

/// Sends a dead letter again: due now, its tries counted afresh. Audited.
pub fn resend(conn: &mut DbConn, call: &Call, id: &str) -> AppResult<OutboxRow> {
    let (low, high) = admin_range(call)?;
    let not_found = || AppError::NotFound {
        what: "发送失败的通知"
    };
    write_transaction(conn, |conn| {
        let row = outbox::find(conn, id)?
            .filter(|r| r.dead_at.is_some())
            .filter(|r| {
                r.area_code
                    .as_deref()
                    .is_some_and(|a| a >= low.as_str() && a < high.as_str())
            })
            .ok_or_else(not_found)?;
        if row.secret {
            return Err(AppError::field(
                "id",
                "secret_expired",
                "确认码短信不能重发，请探访人员重新获取确认码",
            ));
        }
        outbox::revive(conn, id, call.now)?;
        let area = row.area_code.as_deref().and_then(|a| AreaCode::parse(a).ok());
        audit::record(
            conn,
            call,
            "message.resend",
            Subject {
                object_type: "message",
                object_id: Some(&row.id),
                area_code: area.as_ref().map(AreaCode::as_str),
            },
            None,
            None,
            Some(&json!({"kind": row.kind, "error": row.last_error})),
        )?;
        outbox::find(conn, id)?.ok_or_else(not_found)
    })
}
