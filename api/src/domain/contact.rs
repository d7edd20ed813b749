//! 联系未果与失联 (DOMAIN.md §8) — a visit that did not happen (a contact attempt), and when
//! the holder of a slot may reach the elder. Pure: the service stores attempts and opens cases.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::domain::text_enum;

text_enum! {
    /// 联系方式 — how the visitor tried to reach the elder.
    pub enum AttemptMode {
        Phone => ("phone", "电话"),
        Video => ("video", "视频"),
        InPerson => ("in_person", "上门"),
    }
}

text_enum! {
    /// 未联系上的原因 — why the contact did not happen.
    pub enum AttemptReason {
        NoAnswer => ("no_answer", "无人接听"),
        NotAtHome => ("not_at_home", "不在家"),
        TurnedAway => ("turned_away", "拒绝探访"),
        WrongNumber => ("wrong_number", "号码错误"),
        InHospital => ("in_hospital", "住院"),
    }
}

/// How far back an attempt may be dated: a visitor records a failed call the same week.
pub const MAX_ATTEMPT_AGE_DAYS: i64 = 7;

/// Why an attempt's time is refused, if it is: in the future (beyond a few minutes of clock
/// skew) or more than [`MAX_ATTEMPT_AGE_DAYS`] ago.
pub fn check_attempted_at(at: NaiveDateTime, now: NaiveDateTime) -> Result<(), (&'static str, String)> {
    if at > now + TimeDelta::minutes(5) {
        return Err(("in_future", "联系时间不能晚于现在".to_string()));
    }
    if at < now - TimeDelta::days(MAX_ATTEMPT_AGE_DAYS) {
        return Err(("too_old", format!("只能登记 {MAX_ATTEMPT_AGE_DAYS} 天内的未联系上情况")));
    }
    Ok(())
}

/// Whole days from `since` to `now` (0 on the same day and time span under a day).
pub fn days_between(since: NaiveDateTime, now: NaiveDateTime) -> i64 {
    (now - since).num_days()
}

/// Whether the holder of a slot with window `[from, to]` may see how to reach the elder on
/// `today`: from the day before the window opens until its last day. `Err` says why not.
pub fn may_reach(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), &'static str> {
    if today < from - TimeDelta::days(1) {
        return Err("too_early");
    }
    if today > to {
        return Err("window_over");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_holder_reaches_the_elder_from_the_day_before_to_the_last_day() {
        let (from, to) = (d("2026-11-20"), d("2026-11-22"));
        assert_eq!(may_reach(from, to, d("2026-11-18")), Err("too_early"));
        assert_eq!(may_reach(from, to, d("2026-11-19")), Ok(()));
        assert_eq!(may_reach(from, to, d("2026-11-22")), Ok(()));
        assert_eq!(may_reach(from, to, d("2026-11-23")), Err("window_over"));
    }

    #[test]
    fn attempts_are_dated_in_the_last_week() {
        let now = d("2026-11-18").and_hms_opt(10, 0, 0).unwrap_or_default();
        assert!(check_attempted_at(now, now).is_ok());
        assert!(check_attempted_at(now + TimeDelta::hours(1), now).is_err());
        assert!(check_attempted_at(now - TimeDelta::days(8), now).is_err());
    }
}
