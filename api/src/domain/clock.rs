//! The district's calendar. Every district in the seeds is in China: Asia/Shanghai, UTC+8 all
//! year (China has not observed daylight saving time since 1991).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Asia/Shanghai as a fixed offset (checked at compile time).
pub const DISTRICT_OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The calendar date in the district at instant `now`.
pub fn district_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&DISTRICT_OFFSET).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn date_rolls_over_at_midnight_beijing_time_not_utc() {
        let before = Utc.with_ymd_and_hms(2026, 1, 31, 15, 59, 59).single();
        let after = Utc.with_ymd_and_hms(2026, 1, 31, 16, 0, 0).single();
        assert_eq!(before.map(district_date), NaiveDate::from_ymd_opt(2026, 1, 31));
        assert_eq!(after.map(district_date), NaiveDate::from_ymd_opt(2026, 2, 1));
    }
}
