//! 传统节日 — the traditional festivals around which surges are declared (DOMAIN.md §3).
//!
//! Dates come from the Chinese lunisolar calendar as computed by `tyme4rs`, never from a typed
//! table: five festivals are lunar dates (always in the ordinary, non-leap 闰 month), and 清明
//! is the day of the solar term 清明.

use chrono::{Days, NaiveDate};
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

use super::text_enum;

text_enum! {
    /// 传统节日 — a traditional festival.
    pub enum Festival {
        SpringFestival => ("spring_festival", "春节"),
        LanternFestival => ("lantern_festival", "元宵节"),
        QingMing => ("qingming", "清明节"),
        DragonBoat => ("dragon_boat", "端午节"),
        MidAutumn => ("mid_autumn", "中秋节"),
        DoubleNinth => ("double_ninth", "重阳节"),
    }
}

/// Gregorian years `date_in` answers for: from the first whole year of the Gregorian calendar
/// (tyme4rs counts earlier dates in the Julian calendar, chrono in the proleptic Gregorian one)
/// to the last year tyme4rs supports.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1583..=9999;

impl Festival {
    /// (month, day) in the lunar calendar, or `None` for 清明 (a solar term).
    fn lunar_date(self) -> Option<(isize, usize)> {
        match self {
            Festival::SpringFestival => Some((1, 1)),
            Festival::LanternFestival => Some((1, 15)),
            Festival::QingMing => None,
            Festival::DragonBoat => Some((5, 5)),
            Festival::MidAutumn => Some((8, 15)),
            Festival::DoubleNinth => Some((9, 9)),
        }
    }

    /// The Gregorian date of the festival in Gregorian year `year`: 春节 正月初一, 元宵 正月十五,
    /// 端午 五月初五, 中秋 八月十五, 重阳 九月初九 of the lunar year starting in `year` (all fall
    /// between late January and mid November, so inside `year`), 清明 the day of the solar term
    /// 清明 in `year`. `None` outside [`SUPPORTED_YEARS`].
    pub fn date_in(self, year: i32) -> Option<NaiveDate> {
        if !SUPPORTED_YEARS.contains(&year) {
            return None;
        }
        let y = isize::try_from(year).ok()?;
        let day = match self.lunar_date() {
            // A positive month is the ordinary month; tyme4rs numbers a leap month negatively.
            Some((month, day)) => LunarDay::new(y, month, day).ok()?.get_solar_day(),
            None => SolarTerm::new(y, "清明").ok()?.get_solar_day(),
        };
        to_naive(&day)
    }
}

/// All six festivals of Gregorian year `year`, in date order (empty outside
/// [`SUPPORTED_YEARS`]).
pub fn festivals_in(year: i32) -> Vec<(Festival, NaiveDate)> {
    let mut festivals: Vec<_> = Festival::ALL
        .iter()
        .filter_map(|&f| Some((f, f.date_in(year)?)))
        .collect();
    festivals.sort_by_key(|&(festival, date)| (date, festival));
    festivals
}

/// The days from `days_before` before to `days_after` after the festival in `year`, both ends
/// included: e.g. `window(SpringFestival, 2026, 3, 3)` is 2026-02-14..=2026-02-20.
pub fn window(festival: Festival, year: i32, days_before: u32, days_after: u32) -> Option<(NaiveDate, NaiveDate)> {
    let date = festival.date_in(year)?;
    Some((
        date.checked_sub_days(Days::new(days_before.into()))?,
        date.checked_add_days(Days::new(days_after.into()))?,
    ))
}

fn to_naive(day: &SolarDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(day.get_year()).ok()?,
        u32::try_from(day.get_month()).ok()?,
        u32::try_from(day.get_day()).ok()?,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::Datelike;
    use tyme4rs::tyme::lunar::LunarYear;
    use tyme4rs::tyme::Culture;
    use Festival::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn solar(date: NaiveDate) -> SolarDay {
        SolarDay::from_ymd(date.year() as isize, date.month() as usize, date.day() as usize)
    }

    /// Published dates (public knowledge), independent of tyme4rs.
    const PUBLISHED: &[(Festival, &str)] = &[
        (SpringFestival, "2020-01-25"),
        (SpringFestival, "2021-02-12"),
        (SpringFestival, "2022-02-01"),
        (SpringFestival, "2023-01-22"),
        (SpringFestival, "2024-02-10"),
        (SpringFestival, "2025-01-29"),
        (SpringFestival, "2026-02-17"),
        (SpringFestival, "2027-02-06"),
        (LanternFestival, "2024-02-24"),
        (LanternFestival, "2025-02-12"),
        (LanternFestival, "2026-03-03"),
        (QingMing, "2023-04-05"),
        (QingMing, "2024-04-04"),
        (QingMing, "2025-04-04"),
        (QingMing, "2026-04-05"),
        (DragonBoat, "2020-06-25"),
        (DragonBoat, "2023-06-22"),
        (DragonBoat, "2024-06-10"),
        (DragonBoat, "2025-05-31"),
        (DragonBoat, "2026-06-19"),
        (MidAutumn, "2020-10-01"),
        (MidAutumn, "2023-09-29"),
        (MidAutumn, "2024-09-17"),
        (MidAutumn, "2025-10-06"),
        (MidAutumn, "2026-09-25"),
        (DoubleNinth, "2023-10-23"),
        (DoubleNinth, "2024-10-11"),
        (DoubleNinth, "2025-10-29"),
        (DoubleNinth, "2026-10-18"),
    ];

    #[test]
    fn published_dates() {
        for &(festival, date) in PUBLISHED {
            let date = d(date);
            assert_eq!(festival.date_in(date.year()), Some(date), "{festival}");
        }
    }

    /// Converting a festival's date back with tyme4rs gives its lunar date in a non-leap month
    /// (or the first day of the term 清明).
    fn assert_is_festival(festival: Festival, date: NaiveDate) {
        let day = solar(date);
        match festival.lunar_date() {
            Some((month, d)) => {
                let lunar = day.get_lunar_day();
                assert_eq!((lunar.get_month(), lunar.get_day()), (month, d), "{festival} {date}");
                assert!(!lunar.get_lunar_month().is_leap(), "{festival} {date}");
                assert_eq!(lunar.get_year(), date.year() as isize, "{festival} {date}");
            }
            None => {
                let term = day.get_term_day();
                assert_eq!((term.get_name().as_str(), term.get_day_index()), ("清明", 0), "{date}");
            }
        }
    }

    #[test]
    fn published_dates_convert_back_to_the_lunar_calendar() {
        for &(festival, date) in PUBLISHED {
            assert_is_festival(festival, d(date));
        }
    }

    #[test]
    fn leap_months_are_skipped() {
        // 2020 闰四月, 2023 闰二月, 2025 闰六月: festivals after the leap month still use the
        // ordinary month.
        for (year, leap) in [(2020, 4), (2023, 2), (2025, 6)] {
            assert_eq!(LunarYear::from_year(year).get_leap_month(), leap);
        }
        assert_eq!(DragonBoat.date_in(2020), Some(d("2020-06-25")));
        assert_eq!(DragonBoat.date_in(2023), Some(d("2023-06-22")));
        assert_eq!(MidAutumn.date_in(2025), Some(d("2025-10-06")));
    }

    #[test]
    fn every_festival_of_every_year_converts_back() {
        for year in 1900..=2100 {
            let festivals = festivals_in(year);
            assert_eq!(festivals.len(), 6, "{year}");
            for (festival, date) in festivals {
                assert_eq!(date.year(), year, "{festival}");
                assert_is_festival(festival, date);
            }
        }
    }

    #[test]
    fn the_whole_supported_range_answers() {
        // Sampled: every year takes a few seconds in a debug build. Before 1645 the Chinese
        // calendar used mean solar terms (平气), so 清明 there can be April 6 or 7.
        for year in SUPPORTED_YEARS.step_by(13).chain([*SUPPORTED_YEARS.end()]) {
            let festivals = festivals_in(year);
            assert_eq!(festivals.len(), 6, "{year}");
            assert!(
                festivals.iter().all(|(_, date)| date.year() == year),
                "{year}: {festivals:?}"
            );
        }
    }

    #[test]
    fn festivals_in_is_in_date_order() {
        for year in [1583, 2020, 2023, 2025, 2026, 9999] {
            let festivals = festivals_in(year);
            assert_eq!(festivals.len(), 6, "{year}");
            assert!(festivals.windows(2).all(|w| w[0].1 < w[1].1), "{year}: {festivals:?}");
        }
        assert_eq!(
            festivals_in(2026),
            vec![
                (SpringFestival, d("2026-02-17")),
                (LanternFestival, d("2026-03-03")),
                (QingMing, d("2026-04-05")),
                (DragonBoat, d("2026-06-19")),
                (MidAutumn, d("2026-09-25")),
                (DoubleNinth, d("2026-10-18")),
            ]
        );
    }

    #[test]
    fn unsupported_years() {
        for festival in Festival::ALL {
            assert_eq!(festival.date_in(1582), None);
            assert_eq!(festival.date_in(10_000), None);
            assert_eq!(festival.date_in(i32::MIN), None);
        }
        assert!(festivals_in(10_000).is_empty());
        assert_eq!(window(QingMing, 10_000, 1, 1), None);
    }

    #[test]
    fn window_spans_the_right_days() {
        assert_eq!(
            window(SpringFestival, 2026, 3, 3),
            Some((d("2026-02-14"), d("2026-02-20")))
        );
        assert_eq!(
            window(SpringFestival, 2025, 3, 0),
            Some((d("2025-01-26"), d("2025-01-29")))
        );
        assert_eq!(window(MidAutumn, 2020, 0, 7), Some((d("2020-10-01"), d("2020-10-08"))));
        assert_eq!(window(QingMing, 2024, 0, 0), Some((d("2024-04-04"), d("2024-04-04"))));
        // Across a month end: 春节 2022-02-01.
        assert_eq!(
            window(SpringFestival, 2022, 2, 1),
            Some((d("2022-01-30"), d("2022-02-02")))
        );
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(DragonBoat.label_zh(), "端午节");
        assert_eq!(Festival::parse_code("qingming"), Some(QingMing));
        assert_eq!(Festival::ALL.len(), 6);
    }
}
