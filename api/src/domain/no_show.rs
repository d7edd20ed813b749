//! 未到 — a visitor who claimed a slot and did not come. A claimed slot whose window has ended
//! with neither a visit record, nor a contact attempt (联系未果), nor a release is a no-show;
//! it is marked once. After the pack's limit of no-shows in its period, the visitor's monthly
//! capacity is halved until an organizer restores it. Pure: the caller brings the counts.

use chrono::{NaiveDate, TimeDelta};

/// 未到规则 — how many no-shows in how many days halve a visitor's capacity (`[no_shows]` of a
/// pack; [`NoShowRule::platform_default`] when the pack has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoShowRule {
    /// No-shows (not yet counted in a reduction) that halve the capacity.
    pub limit: u32,
    /// The period, in days up to yesterday, in which they are counted.
    pub days: u32,
    /// The section of the document this transcribes, or why it is a decision.
    pub source: String,
}

impl NoShowRule {
    /// Decision (issue #20; no seed speaks of volunteers who do not come): 2 no-shows in 90
    /// days.
    pub fn platform_default() -> NoShowRule {
        NoShowRule {
            limit: 2,
            days: 90,
            source: "decision: issue #20 default".to_string(),
        }
    }

    /// The first day of the period as of `today`: no-shows whose window ended on this day or
    /// later count (the `days` days before today; a window that ends today has not ended).
    pub fn period_start(&self, today: NaiveDate) -> NaiveDate {
        today - TimeDelta::days(i64::from(self.days))
    }

    /// Whether `counted` no-shows in the period (none of them counted in an earlier reduction)
    /// halve the capacity of a visitor whose capacity is not already reduced.
    pub fn reduces(&self, counted: u32, already_reduced: bool) -> bool {
        !already_reduced && counted >= self.limit
    }
}

/// 次数减半 — the monthly capacity after a reduction: half, rounded down, at least 1 (decision:
/// rounding down makes the reduction felt at every capacity above 1 — 3 becomes 1, not 2; a
/// visitor who takes one visit a month keeps it, since 0 would take them out of the plan, which
/// is what suspending is for).
pub fn halved(capacity: i32) -> i32 {
    (capacity / 2).max(1)
}

/// Whether a claimed slot whose window ended on `window_to` is a no-show as of `today`, given
/// whether a visit record or a contact attempt was made for it. (A released slot is no longer
/// claimed, so it never comes here.)
pub fn is_no_show(window_to: NaiveDate, today: NaiveDate, has_record: bool, has_attempt: bool) -> bool {
    window_to < today && !has_record && !has_attempt
}

/// Slots whose window ended more than this many days ago are not marked (decision: the job
/// marks what ended in the last month, so its first run, or a run after the worker was down for
/// some days, still marks recent ones, while a visitor is not told months later of a slot of
/// before the job existed).
pub const MARK_LOOKBACK_DAYS: i64 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn half_rounded_down_never_below_one() {
        assert_eq!(halved(20), 10);
        assert_eq!(halved(5), 2);
        assert_eq!(halved(3), 1);
        assert_eq!(halved(2), 1);
        assert_eq!(halved(1), 1);
    }

    #[test]
    fn a_no_show_is_an_ended_window_with_nothing_done() {
        let today = d("2026-11-18");
        assert!(is_no_show(d("2026-11-17"), today, false, false));
        assert!(
            !is_no_show(d("2026-11-18"), today, false, false),
            "the window runs today"
        );
        assert!(!is_no_show(d("2026-11-17"), today, true, false), "a record was made");
        assert!(!is_no_show(d("2026-11-17"), today, false, true), "an attempt was made");
    }

    #[test]
    fn the_limit_reduces_once_until_restored() {
        let rule = NoShowRule::platform_default();
        assert_eq!((rule.limit, rule.days), (2, 90));
        assert!(!rule.reduces(1, false));
        assert!(rule.reduces(2, false));
        assert!(!rule.reduces(3, true), "already reduced: not halved again");
        assert_eq!(rule.period_start(d("2026-11-18")), d("2026-08-20"));
    }
}
