//! 日历订阅 — a visitor's calendar feed as the API shows it: whether it exists and since when,
//! and, once, its secret URL.

use chrono::{DateTime, Utc};
use juniper::graphql_object;

use super::Context;

pub struct CalendarFeed {
    pub since: DateTime<Utc>,
}

#[graphql_object(context = Context, description = "日历订阅 — a feed exists (its URL is never shown again)")]
impl CalendarFeed {
    /// When the current URL was created or last renewed.
    fn since(&self) -> DateTime<Utc> {
        self.since
    }
}

pub struct CalendarFeedSecret {
    pub url: String,
    pub since: DateTime<Utc>,
}

#[graphql_object(
    context = Context,
    description = "新的日历订阅地址 — shown this once, like a password: keep it, or renew to get another"
)]
impl CalendarFeedSecret {
    /// The feed's full URL (`…/calendar/<secret>.ics`), to add in a phone's calendar app.
    fn url(&self) -> &str {
        &self.url
    }
    fn since(&self) -> DateTime<Utc> {
        self.since
    }
}
