//! 日历订阅 — a visitor's secret iCalendar feed of their claimed visits: created or renewed
//! (the URL is shown once, like a password), revoked, and served to calendar apps by its
//! token alone. The events are built by [`crate::domain::calendar`], the one place that also
//! builds a claim's `.ics` for its confirmation mail ([`claim_calendar`]).

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDateTime, SubsecRound, TimeDelta, Utc};
use sha2::{Digest, Sha256};

use super::audit::{self, Subject};
use super::sessions::actor_of;
use super::Call;
use crate::db::models::{CalendarFeedRow, UserRow, VisitSlotRow};
use crate::db::{calendar, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Actor, Role};
use crate::domain::calendar::{calendar_of, visit_event, VisitEvent};
use crate::domain::clock::district_date;
use crate::domain::id::AccountId;
use crate::error::{AppError, AppResult};

/// How far back the feed reaches: slots whose window ended at most this many days ago.
pub const FEED_PAST_DAYS: i64 = 30;

/// The name calendar apps show for the feed.
pub const FEED_NAME: &str = "探访日程";

/// What a feed token starts with (so a leaked one is recognisable).
const TOKEN_PREFIX: &str = "cal_";

/// A new feed token: `cal_` + base64url(32 random bytes), URL-safe as it is.
fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a feed token: SHA-256 of the token string, lowercase hex.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The path a feed is served at.
pub fn feed_path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// A feed just created or renewed: its token, shown this once.
#[derive(Debug, Clone)]
pub struct FeedSecret {
    pub token: String,
    pub created_at: NaiveDateTime,
}

/// The signed-in visitor's account.
fn visitor(conn: &mut DbConn, call: &Call) -> AppResult<UserRow> {
    if call.actor.role != Some(Role::Visitor) {
        return Err(call.denied());
    }
    let id = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    users::by_id(conn, id)?.ok_or(AppError::Unauthenticated)
}

/// Since when the feed of `account_id` exists, if it does (never its token): for that visitor
/// only; anyone else is told nothing (`None`).
pub fn feed_since(conn: &mut DbConn, call: &Call, account_id: &AccountId) -> AppResult<Option<NaiveDateTime>> {
    if call.actor.role != Some(Role::Visitor) || call.actor.user_id.as_ref() != Some(account_id) {
        return Ok(None);
    }
    Ok(calendar::of_account(conn, account_id)?.map(|feed| feed.created_at))
}

fn subject(user: &UserRow) -> Subject<'_> {
    Subject {
        object_type: "calendar_feed",
        object_id: Some(user.id.as_str()),
        area_code: user.area_code.as_deref(),
    }
}

/// 订阅日历 — creates the signed-in visitor's feed, or renews it: a new token, and the old
/// URL stops working at once.
pub fn renew(conn: &mut DbConn, call: &Call) -> AppResult<FeedSecret> {
    let user = visitor(conn, call)?;
    let token = new_token();
    // Whole seconds: what is answered now is what both backends give back later
    // (PostgreSQL keeps microseconds, the clock has nanoseconds).
    let created_at = call.now.trunc_subsecs(0);
    let row = CalendarFeedRow {
        user_id: user.id.clone(),
        token_hash: hash_token(&token),
        created_at,
    };
    write_transaction(conn, |conn| {
        let had = calendar::of_account(conn, &user.id)?.is_some();
        calendar::replace(conn, &row)?;
        let action = if had {
            "calendar_feed.renew"
        } else {
            "calendar_feed.create"
        };
        audit::record(conn, call, action, subject(&user), None, None, None)?;
        Ok::<_, AppError>(())
    })?;
    Ok(FeedSecret { token, created_at })
}

/// 取消订阅 — revokes the signed-in visitor's feed; whether there was one.
pub fn revoke(conn: &mut DbConn, call: &Call) -> AppResult<bool> {
    let user = visitor(conn, call)?;
    write_transaction(conn, |conn| {
        let had = calendar::remove(conn, &user.id)?;
        if had {
            audit::record(conn, call, "calendar_feed.revoke", subject(&user), None, None, None)?;
        }
        Ok(had)
    })
}

/// The events of `slots` as `actor` sees them: each elder by surname only, each village by
/// name. Slots of elders the actor does not go to are left out.
pub fn visit_events(conn: &mut DbConn, actor: &Actor, slots: &[VisitSlotRow]) -> AppResult<Vec<VisitEvent>> {
    let Some(me) = actor.user_id.as_ref() else {
        return Ok(Vec::new());
    };
    let mut elder_ids: Vec<_> = slots.iter().map(|s| s.elder_id.clone()).collect();
    elder_ids.sort_unstable();
    elder_ids.dedup();
    let names: HashMap<_, _> = calendar::names_of_visited(conn, actor, &elder_ids)?
        .into_iter()
        .collect();
    let mut codes: Vec<String> = slots.iter().map(|s| s.village_code.clone()).collect();
    codes.sort_unstable();
    codes.dedup();
    let villages: HashMap<_, _> = calendar::area_names(conn, &codes)?.into_iter().collect();
    Ok(slots
        .iter()
        .filter_map(|slot| {
            let elder_name = names.get(&slot.elder_id)?;
            Some(VisitEvent {
                slot_id: slot.id.as_str().to_string(),
                elder_name: elder_name.clone(),
                village_name: villages.get(&slot.village_code).cloned(),
                label: slot.label.clone(),
                modes: slot.modes.to_vec(),
                window_from: slot.window_from,
                window_to: slot.window_to,
                status: slot.status,
                co_visitor: slot.co_visitor_id.as_ref() == Some(me) && slot.holder_id.as_ref() != Some(me),
                created_at: slot.created_at,
                updated_at: slot.updated_at,
            })
        })
        .collect())
}

/// The `.ics` of one claim, for its confirmation mail: the same VEVENT the holder's feed
/// carries for that slot (a released or cancelled slot gives `STATUS:CANCELLED`). `actor` is
/// the holder or co-visitor the mail goes to.
pub fn claim_calendar(
    conn: &mut DbConn,
    actor: &Actor,
    slot: &VisitSlotRow,
    stamp: DateTime<Utc>,
) -> AppResult<Option<String>> {
    let events = visit_events(conn, actor, std::slice::from_ref(slot))?;
    if events.is_empty() {
        return Ok(None);
    }
    let events = events.iter().map(|e| visit_event(e, stamp)).collect();
    Ok(Some(calendar_of(FEED_NAME, events)))
}

/// The feed behind `token` at `now`: the visits its visitor holds or accompanies whose window
/// ends today or later, or ended at most [`FEED_PAST_DAYS`] days ago. `None` for an unknown or
/// revoked token, or an account no longer allowed in (disabled, not a visitor): the caller
/// answers 404 and says nothing more.
pub fn feed(conn: &mut DbConn, now: DateTime<Utc>, token: &str) -> AppResult<Option<String>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let Some(row) = calendar::by_token_hash(conn, &hash_token(token))? else {
        return Ok(None);
    };
    let Some(user) = users::by_id(conn, &row.user_id)? else {
        return Ok(None);
    };
    if user.role != Role::Visitor || user.status == AccountStatus::Disabled {
        return Ok(None);
    }
    let since = district_date(now) - TimeDelta::days(FEED_PAST_DAYS);
    let slots = calendar::visits_of(conn, &user.id, since)?;
    let events = visit_events(conn, &actor_of(&user), &slots)?;
    let events = events.iter().map(|e| visit_event(e, now)).collect();
    Ok(Some(calendar_of(FEED_NAME, events)))
}
