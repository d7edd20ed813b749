//! Sign-in: login with throttling, refresh-token rotation, logout, password change, revoking
//! sessions, and turning a bearer token back into an [`Actor`].

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use uuid::Uuid;

use super::audit::{self, Subject};
use super::Call;
use crate::auth::password::{hash_password, verify_dummy, verify_password};
use crate::auth::token::{hash_refresh_token, new_refresh_token, TokenKeys, ACCESS_TTL_SECONDS};
use crate::db::models::{SessionRow, ThrottleRow, UserRow};
use crate::db::{throttle, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Actor, Permission};
use crate::domain::area::AreaCode;
use crate::domain::id::AccountId;
use crate::domain::input::InvalidInput;
use crate::error::{AppError, AppResult};

/// How long a refresh token (and so a session) lives.
pub const SESSION_DAYS: i64 = 14;

/// 登录限制 — failures counted in a window, then a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub window: TimeDelta,
    pub lock_for: TimeDelta,
    /// Failures per account name before it is locked.
    pub account_limit: i32,
    /// Failures per client address before it is locked (many accounts from one address).
    pub address_limit: i32,
    /// Added delay per recorded failure, capped at `max_delay`.
    pub delay_step: Duration,
    pub max_delay: Duration,
}

pub const THROTTLE: ThrottlePolicy = ThrottlePolicy {
    window: TimeDelta::minutes(15),
    lock_for: TimeDelta::minutes(15),
    account_limit: 5,
    address_limit: 20,
    delay_step: Duration::from_millis(250),
    max_delay: Duration::from_secs(2),
};

impl ThrottlePolicy {
    /// The counter after one more failure at `now` (a new window starts when the old one
    /// ended); locked once it reaches `limit`.
    pub fn after_failure(
        &self,
        key: &str,
        previous: Option<&ThrottleRow>,
        limit: i32,
        now: NaiveDateTime,
    ) -> ThrottleRow {
        let (failures, first) = match previous {
            Some(p) if now - p.first_failure_at < self.window => (p.failures + 1, p.first_failure_at),
            _ => (1, now),
        };
        ThrottleRow {
            throttle_key: key.to_string(),
            failures,
            first_failure_at: first,
            locked_until: (failures >= limit).then(|| now + self.lock_for),
        }
    }

    pub fn is_locked(&self, row: Option<&ThrottleRow>, now: NaiveDateTime) -> bool {
        row.and_then(|r| r.locked_until).is_some_and(|until| until > now)
    }

    /// How long to hold the answer to a failed attempt.
    pub fn delay(&self, failures: i32) -> Duration {
        self.delay_step
            .saturating_mul(u32::try_from(failures).unwrap_or(0))
            .min(self.max_delay)
    }
}

/// Throttle keys are keyed hashes: what someone typed as a username (perhaps an ID number)
/// and client addresses are never stored as such.
fn account_key(call: &Call, username: &str) -> String {
    format!(
        "account:{}",
        call.cipher.blind_index("login_name", &username.trim().to_lowercase())
    )
}

fn address_key(call: &Call, address: &str) -> String {
    format!("address:{}", call.cipher.blind_index("login_address", address))
}

/// What a successful login or refresh hands to the client.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    pub access_expires_at: NaiveDateTime,
    pub user: UserRow,
}

/// The outcome of a login attempt; a failure carries the delay to hold the answer.
pub enum LoginOutcome {
    Success(Box<Tokens>),
    /// `locked_until`: the name (or the address) is locked until then, this failure counted.
    Failed {
        delay: Duration,
        locked_until: Option<NaiveDateTime>,
    },
}

fn open_session(
    conn: &mut DbConn,
    keys: &TokenKeys,
    user: UserRow,
    client_addr: Option<&str>,
    call: &Call,
) -> AppResult<Tokens> {
    let session_id = Uuid::new_v4().to_string();
    let (refresh_token, refresh_hash) = new_refresh_token();
    users::insert_session(
        conn,
        &SessionRow {
            id: session_id.clone(),
            user_id: user.id.clone(),
            refresh_hash,
            created_at: call.now,
            expires_at: call.now + TimeDelta::days(SESSION_DAYS),
            revoked_at: None,
            client_addr: client_addr.map(str::to_string),
        },
    )?;
    let access_token = keys
        .issue_access(user.id.as_str(), &session_id, call.now.and_utc())
        .map_err(|e| AppError::Internal(format!("cannot issue token: {e}")))?;
    Ok(Tokens {
        access_token,
        refresh_token,
        access_expires_at: call.now + TimeDelta::seconds(ACCESS_TTL_SECONDS),
        user,
    })
}

/// 登录. Every failure — unknown account, wrong password, locked — looks the same from
/// outside and costs about the same time (a dummy hash is verified for unknown accounts).
pub fn login(
    conn: &mut DbConn,
    keys: &TokenKeys,
    call: &Call,
    username: &str,
    password: &str,
    client_addr: &str,
) -> AppResult<LoginOutcome> {
    let policy = THROTTLE;
    let (account, address) = (account_key(call, username), address_key(call, client_addr));
    write_transaction(conn, |conn| {
        let account_row = throttle::get(conn, &account)?;
        let address_row = throttle::get(conn, &address)?;
        let locked =
            policy.is_locked(account_row.as_ref(), call.now) || policy.is_locked(address_row.as_ref(), call.now);
        let user = users::by_username(conn, &username.trim().to_lowercase())?;
        let verified = match &user {
            Some(user) if !locked => verify_password(password, &user.password_hash),
            _ => {
                verify_dummy(password);
                false
            }
        };
        let usable = user.as_ref().is_some_and(|u| u.status != AccountStatus::Disabled);
        match user {
            Some(user) if verified && usable => {
                throttle::clear(conn, &account)?;
                let tokens = open_session(conn, keys, user, Some(client_addr), call)?;
                let subject = Subject {
                    object_type: "account",
                    object_id: Some(tokens.user.id.as_str()),
                    area_code: tokens.user.area_code.as_deref(),
                };
                let login_call = Call {
                    actor: actor_of(&tokens.user),
                    ..call.clone()
                };
                audit::record(conn, &login_call, "session.login", subject, None, None, None)?;
                Ok(LoginOutcome::Success(Box::new(tokens)))
            }
            _ => {
                let account_next = policy.after_failure(&account, account_row.as_ref(), policy.account_limit, call.now);
                let address_next = policy.after_failure(&address, address_row.as_ref(), policy.address_limit, call.now);
                throttle::put(conn, &account_next)?;
                throttle::put(conn, &address_next)?;
                let failures = account_next.failures.max(address_next.failures);
                let locked_until = [&account_next, &address_next]
                    .into_iter()
                    .filter_map(|row| row.locked_until)
                    .filter(|until| *until > call.now)
                    .max();
                Ok(LoginOutcome::Failed {
                    delay: policy.delay(failures),
                    locked_until,
                })
            }
        }
    })
}

/// Trades a refresh token for a new pair (rotation). A refresh token used twice means it
/// was stolen or replayed: every session of that account is revoked.
pub fn refresh(conn: &mut DbConn, keys: &TokenKeys, call: &Call, refresh_token: &str) -> AppResult<Tokens> {
    let hash = hash_refresh_token(refresh_token.trim());
    // The revocation on reuse must be committed although the call fails: the transaction
    // returns `None` for "refused" and the error is raised after it.
    let outcome = write_transaction(conn, |conn| -> AppResult<Option<Tokens>> {
        let Some(session) = users::session_by_refresh_hash(conn, &hash)? else {
            return Ok(None);
        };
        if session.revoked_at.is_some() {
            users::revoke_all_sessions(conn, &session.user_id, call.now)?;
            return Ok(None);
        }
        if session.expires_at <= call.now || !users::revoke_session(conn, &session.id, call.now)? {
            return Ok(None);
        }
        match users::by_id(conn, &session.user_id)? {
            Some(user) if user.status != AccountStatus::Disabled => {
                open_session(conn, keys, user, session.client_addr.as_deref(), call).map(Some)
            }
            _ => Ok(None),
        }
    })?;
    outcome.ok_or(AppError::Unauthenticated)
}

/// The actor a stored account acts as.
pub fn actor_of(user: &UserRow) -> Actor {
    Actor::account(
        &user.id,
        &user.username,
        user.role,
        user.area_code.as_deref().and_then(|c| AreaCode::parse(c).ok()),
        user.school_id.clone(),
        user.elder_id.clone(),
        user.status,
    )
}

/// The actor behind a verified access token: the session must be live and the account not
/// disabled. Returns the session id too (for logout).
pub fn authenticate(
    conn: &mut DbConn,
    keys: &TokenKeys,
    token: &str,
    now: NaiveDateTime,
) -> AppResult<(Actor, String)> {
    let claims = keys
        .verify_access(token, now.and_utc())
        .map_err(|_| AppError::Unauthenticated)?;
    let session = users::session(conn, &claims.sid)?.ok_or(AppError::Unauthenticated)?;
    if session.user_id != claims.sub.as_str() || session.revoked_at.is_some() || session.expires_at <= now {
        return Err(AppError::Unauthenticated);
    }
    let user = users::by_id(conn, &session.user_id)?.ok_or(AppError::Unauthenticated)?;
    if user.status == AccountStatus::Disabled {
        return Err(AppError::Unauthenticated);
    }
    Ok((actor_of(&user), session.id))
}

/// 退出登录 — revokes the current session.
pub fn logout(conn: &mut DbConn, call: &Call, session_id: &str) -> AppResult<()> {
    users::revoke_session(conn, session_id, call.now)?;
    Ok(())
}

fn own_account(conn: &mut DbConn, call: &Call) -> AppResult<UserRow> {
    let id = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    users::by_id(conn, id)?.ok_or(AppError::Unauthenticated)
}

/// The signed-in account.
pub fn me(conn: &mut DbConn, call: &Call) -> AppResult<UserRow> {
    own_account(conn, call)
}

/// 修改密码 — needs the current password; revokes every session of the account.
pub fn change_password(conn: &mut DbConn, call: &Call, current: &str, new: &str) -> AppResult<usize> {
    let mut errors = InvalidInput::default();
    if let Err(e) = crate::auth::password::check_password_policy(new) {
        errors.add("newPassword", e.code(), e.to_string());
    }
    errors.finish(|| Some(()))?;
    write_transaction(conn, |conn| {
        let user = own_account(conn, call)?;
        if !verify_password(current, &user.password_hash) {
            return Err(AppError::field("currentPassword", "wrong_password", "当前密码不正确"));
        }
        let hash = hash_password(new).map_err(|e| AppError::Internal(e.to_string()))?;
        users::set_password_hash(conn, &user.id, &hash, call.now)?;
        let revoked = users::revoke_all_sessions(conn, &user.id, call.now)?;
        let subject = Subject {
            object_type: "account",
            object_id: Some(user.id.as_str()),
            area_code: user.area_code.as_deref(),
        };
        audit::record(conn, call, "account.password", subject, None, None, None)?;
        Ok(revoked)
    })
}

/// 强制下线 — an admin revokes every session of an account in their scope (or anyone their
/// own).
pub fn revoke_sessions(conn: &mut DbConn, call: &Call, user_id: &AccountId) -> AppResult<usize> {
    write_transaction(conn, |conn| {
        let user = if call.actor.user_id.as_ref() == Some(user_id) {
            own_account(conn, call)?
        } else {
            let scope = call.scope(Permission::RevokeSessions)?;
            users::find(conn, &scope, user_id)?.ok_or(AppError::NotFound { what: "账号" })?
        };
        let revoked = users::revoke_all_sessions(conn, &user.id, call.now)?;
        let subject = Subject {
            object_type: "account",
            object_id: Some(user.id.as_str()),
            area_code: user.area_code.as_deref(),
        };
        audit::record(conn, call, "session.revoke_all", subject, None, None, None)?;
        Ok(revoked)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::NaiveDate;

    fn at(minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, minute, 0)
            .unwrap()
    }

    #[test]
    fn the_fifth_failure_in_the_window_locks_the_account_for_a_while() {
        let p = THROTTLE;
        let mut row = None;
        for minute in 0..5 {
            let next = p.after_failure("account:x", row.as_ref(), p.account_limit, at(minute));
            row = Some(next);
        }
        let row = row.unwrap();
        assert_eq!(row.failures, 5);
        assert!(p.is_locked(Some(&row), at(10)));
        assert!(!p.is_locked(Some(&row), at(20)), "the lock ends");
    }

    #[test]
    fn failures_outside_the_window_start_over_and_delays_grow_to_a_cap() {
        let p = THROTTLE;
        let first = p.after_failure("k", None, 5, at(0));
        let later = p.after_failure("k", Some(&first), 5, at(30));
        assert_eq!(later.failures, 1);
        assert!(p.delay(1) < p.delay(3));
        assert_eq!(p.delay(100), p.max_delay);
    }
}
