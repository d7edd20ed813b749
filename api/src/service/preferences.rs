//! 通知设置 — each person chooses which kinds of message they get (the kinds of their role;
//! alarms and the elder's code cannot be switched off), where mail reaches them and in which
//! language; and the one-click unsubscribe link of an optional mail, which switches its kind
//! off without signing in.

use serde_json::json;

use super::audit::{self, Subject};
use super::sessions::actor_of;
use super::Call;
use crate::db::models::UserRow;
use crate::db::{outbox, users, write_transaction, DbConn};
use crate::domain::access::Role;
use crate::domain::id::AccountId;
use crate::domain::input::InvalidInput;
use crate::domain::message::{mask_email, parse_email, parse_locale, Channel, MessageKind};
use crate::error::{AppError, AppResult};
use crate::notify::unsubscribe;

/// One kind of message as a person's settings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub kind: MessageKind,
    /// Whether the person may switch it off (not an alarm, not the elder's code).
    pub may_opt_out: bool,
    /// Whether it reaches the person now.
    pub on: bool,
    /// How it comes.
    pub channels: &'static [Channel],
}

fn own_account(conn: &mut DbConn, call: &Call) -> AppResult<UserRow> {
    let id = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    users::by_id(conn, id)?.ok_or(AppError::Unauthenticated)
}

fn subject(user: &UserRow) -> Subject<'_> {
    Subject {
        object_type: "account",
        object_id: Some(user.id.as_str()),
        area_code: user.area_code.as_deref(),
    }
}

fn settings_of(conn: &mut DbConn, user: &UserRow) -> AppResult<Vec<Setting>> {
    let off = outbox::opted_out(conn, &user.id)?;
    Ok(MessageKind::for_role(user.role)
        .iter()
        .map(|&kind| Setting {
            kind,
            may_opt_out: kind.may_opt_out(),
            on: !(kind.may_opt_out() && off.contains(&kind)),
            channels: kind.channels_for(user.role),
        })
        .collect())
}

/// 通知设置 — the kinds of message the signed-in account's role receives, each with whether
/// it is on.
pub fn settings(conn: &mut DbConn, call: &Call) -> AppResult<Vec<Setting>> {
    let user = own_account(conn, call)?;
    settings_of(conn, &user)
}

/// Why `kind` cannot be switched off by a person of `role`, if it cannot.
fn refusal(role: Role, kind: MessageKind, off: bool) -> Option<AppError> {
    if !MessageKind::for_role(role).contains(&kind) {
        return Some(AppError::field("kind", "not_for_role", "您的角色不接收这类通知"));
    }
    if off && !kind.may_opt_out() {
        return Some(AppError::field(
            "kind",
            "cannot_opt_out",
            "风险告警和探访确认码不可关闭 (alarms cannot be switched off)",
        ));
    }
    None
}

/// 开关通知 — switches a kind of the signed-in account's role off (`off`) or on again; an
/// alarm cannot be switched off. Audited. Returns the settings after the change.
pub fn set_opt_out(conn: &mut DbConn, call: &Call, kind: MessageKind, off: bool) -> AppResult<Vec<Setting>> {
    write_transaction(conn, |conn| {
        let user = own_account(conn, call)?;
        if let Some(error) = refusal(user.role, kind, off) {
            return Err(error);
        }
        outbox::set_opt_out(conn, &user.id, kind, off, call.now)?;
        let action = if off {
            "notification.opt_out"
        } else {
            "notification.opt_in"
        };
        let after = json!({ "kind": kind.as_str() });
        audit::record(conn, call, action, subject(&user), None, None, Some(&after))?;
        settings_of(conn, &user)
    })
}

/// 联系方式 — the signed-in account's mail address (`Some("")` removes it) and language;
/// `None` leaves each as it is. The address is stored encrypted, shown masked. Audited with
/// the masked address.
pub fn update_contact(conn: &mut DbConn, call: &Call, email: Option<&str>, locale: Option<&str>) -> AppResult<UserRow> {
    let mut errors = InvalidInput::default();
    // Some(None): remove the address; Some(Some(a)): set it; None: leave it.
    let email: Option<Option<String>> = match email.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(typed) => match parse_email(typed) {
            Some(address) => Some(Some(address)),
            None => {
                errors.add("email", "bad_email", "邮箱地址格式不正确 (not an email address)");
                None
            }
        },
    };
    let locale: Option<&'static str> = match locale {
        None => None,
        Some(typed) => {
            let parsed = parse_locale(typed);
            if parsed.is_none() {
                errors.add("locale", "bad_locale", "语言只能是 zh（中文）或 en（English）");
            }
            parsed
        }
    };
    errors.finish(|| Some(()))?;
    write_transaction(conn, |conn| {
        let user = own_account(conn, call)?;
        let (enc, masked) = match &email {
            None => (user.email_enc.clone(), user.email_masked.clone()),
            Some(None) => (None, None),
            Some(Some(address)) => (
                Some(call.cipher.encrypt(users::USER_EMAIL, address)),
                Some(mask_email(address)),
            ),
        };
        let locale = locale.map(str::to_string).or_else(|| user.locale.clone());
        let stored_email = enc.as_deref().zip(masked.as_deref());
        users::set_contact(conn, &user.id, stored_email, locale.as_deref(), call.now)?;
        let before = json!({ "email": user.email_masked, "locale": user.locale });
        let after = json!({ "email": masked, "locale": locale });
        audit::record(
            conn,
            call,
            "account.contact",
            subject(&user),
            None,
            Some(&before),
            Some(&after),
        )?;
        users::by_id(conn, &user.id)?.ok_or(AppError::Unauthenticated)
    })
}

/// The account and kind an unsubscribe link names, if the link is genuine: its token is the
/// one this server signs for that account and kind, the kind may be switched off, and the
/// account exists. A forged or altered link is `NOT_FOUND`, naming nothing; a kind that may not
/// be switched off is refused naming `k`. Reads only.
pub fn unsubscribe_link(
    conn: &mut DbConn,
    call: &Call,
    account: &AccountId,
    kind: MessageKind,
    token: &str,
) -> AppResult<UserRow> {
    if !unsubscribe::verify(call, account, kind, token) {
        return Err(AppError::NotFound { what: "退订链接" });
    }
    if !kind.may_opt_out() {
        return Err(AppError::field("k", "cannot_opt_out", "这类通知不可退订"));
    }
    users::by_id(conn, account)?.ok_or(AppError::NotFound { what: "退订链接" })
}

/// 一键退订 — a genuine unsubscribe link (see [`unsubscribe_link`]) switches its kind off for
/// its account, and the audit log records it as that account's act. Writes nothing for a
/// link that is not genuine.
pub fn unsubscribe(
    conn: &mut DbConn,
    call: &Call,
    account: &AccountId,
    kind: MessageKind,
    token: &str,
) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let user = unsubscribe_link(conn, call, account, kind, token)?;
        outbox::set_opt_out(conn, &user.id, kind, true, call.now)?;
        let as_owner = Call {
            actor: actor_of(&user),
            ..call.clone()
        };
        let after = json!({ "kind": kind.as_str(), "via": "unsubscribe_link" });
        audit::record(
            conn,
            &as_owner,
            "notification.unsubscribe",
            subject(&user),
            None,
            None,
            Some(&after),
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alarm_or_another_roles_kind_is_refused_naming_the_kind() {
        assert!(refusal(Role::Visitor, MessageKind::VisitReminder, true).is_none());
        assert!(refusal(Role::TownOrganizer, MessageKind::CaseOpened, false).is_none());
        let locked = refusal(Role::TownOrganizer, MessageKind::CaseOpened, true).expect("refused");
        assert!(
            matches!(&locked, AppError::InvalidInput(i) if i.to_string().contains("不可关闭")),
            "{locked}"
        );
        let other = refusal(Role::Visitor, MessageKind::SchoolSummary, true).expect("refused");
        assert!(matches!(&other, AppError::InvalidInput(_)), "{other}");
    }
}
