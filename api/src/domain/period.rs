//! 考核周期 — the calendar periods that visit requirements are counted over (DOMAIN.md §3).
//!
//! All periods are calendar periods of the district's calendar (Asia/Shanghai; see
//! [`super::clock`]), so they are plain [`NaiveDate`] ranges:
//! week = ISO week (Monday–Sunday), half-month = 1st–15th and 16th–end of month, month,
//! half-year = January–June and July–December, year.
//!
//! A period *falls in* the month in which it ends, except an ISO week, which falls in the month
//! of its Thursday (so every ISO week falls in exactly one month, as it does in exactly one ISO
//! year).
//!
//! Arithmetic here never panics: at the very edges of chrono's date range (years ±262,000)
//! periods are clipped and `next`/`previous` stop moving.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};

use super::text_enum;

text_enum! {
    /// 周期类型 — the kind of a calendar period.
    pub enum PeriodKind {
        Week => ("week", "周"),
        HalfMonth => ("half_month", "半月"),
        Month => ("month", "月"),
        HalfYear => ("half_year", "半年"),
        Year => ("year", "年"),
    }
}

/// 月份 — a calendar month, e.g. 2026-11. Every value is a month whose days all exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month `month` (1–12) of `year`, if chrono can represent it.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(Month::of)
    }

    /// The month `day` is in.
    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// Parses `"YYYY-MM"`, e.g. `"2026-11"` (the inverse of `Display`).
    pub fn parse(s: &str) -> Option<Month> {
        let (year, month) = s.split_once('-')?;
        let digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// 1–12.
    pub fn month(&self) -> u32 {
        self.month
    }

    pub fn first_day(&self) -> NaiveDate {
        // Exists by construction; the fallback is unreachable.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(&self) -> NaiveDate {
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        match NaiveDate::from_ymd_opt(year, month, 1) {
            Some(next_first) => next_first.pred_opt().unwrap_or(NaiveDate::MIN),
            // Only December of chrono's last year has no following month.
            None => NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The following month (December → January of the next year).
    pub fn next(&self) -> Month {
        Month::of(succ(self.last_day()))
    }

    /// The preceding month (January → December of the previous year).
    pub fn previous(&self) -> Month {
        Month::of(pred(self.first_day()))
    }

    /// The day `n` (1-based) of this month, if it has one.
    fn day(&self, n: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, n)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// 考核周期 — one calendar period: `start..=end` (both inclusive) of a given kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
}

impl Period {
    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let month = Month::of(day);
        // Days of `day`'s own year, which always exist (the fallback is unreachable).
        let on = |m: u32, d: u32| NaiveDate::from_ymd_opt(day.year(), m, d).unwrap_or(day);
        let (start, end) = match kind {
            PeriodKind::Week => {
                let start = day.checked_sub_days(Days::new(day.weekday().num_days_from_monday().into()));
                let start = start.unwrap_or(NaiveDate::MIN);
                (start, start.checked_add_days(Days::new(6)).unwrap_or(NaiveDate::MAX))
            }
            PeriodKind::HalfMonth if day.day() <= 15 => (month.first_day(), on(day.month(), 15)),
            PeriodKind::HalfMonth => (on(day.month(), 16), month.last_day()),
            PeriodKind::Month => (month.first_day(), month.last_day()),
            PeriodKind::HalfYear if day.month() <= 6 => (on(1, 1), on(6, 30)),
            PeriodKind::HalfYear => (on(7, 1), on(12, 31)),
            PeriodKind::Year => (on(1, 1), on(12, 31)),
        };
        Period { kind, start, end }
    }

    /// The period of the same kind right after this one.
    pub fn next(&self) -> Period {
        Period::containing(self.kind, succ(self.end))
    }

    /// The period of the same kind right before this one.
    pub fn previous(&self) -> Period {
        Period::containing(self.kind, pred(self.start))
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Number of days, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The (year, month) this period falls in: the month of its end, or of its Thursday for an
    /// ISO week.
    pub fn reporting_month(&self) -> (i32, u32) {
        let day = match self.kind {
            PeriodKind::Week => self.start.checked_add_days(Days::new(3)).unwrap_or(self.end),
            _ => self.end,
        };
        (day.year(), day.month())
    }

    /// Every period of `kind` that falls in (year, month), in order: the 4 or 5 ISO weeks whose
    /// Thursday is in that month, both half-months, the month itself, the half-year only in June
    /// and December, the year only in December. Empty for an invalid month.
    pub fn falling_in_month(kind: PeriodKind, year: i32, month: u32) -> Vec<Period> {
        let Some(m) = Month::new(year, month) else {
            return Vec::new();
        };
        let mut periods = Vec::new();
        let mut period = Period::containing(kind, m.first_day());
        loop {
            if period.reporting_month() == (year, month) {
                periods.push(period);
            }
            if period.end >= m.last_day() {
                return periods;
            }
            period = period.next();
        }
    }

    /// Chinese label: "2026年第47周" (ISO week-numbering year and week), "2026年11月上半月" /
    /// "2026年11月下半月", "2026年11月", "2026年上半年" / "2026年下半年", "2026年".
    pub fn label_zh(&self) -> String {
        let (year, month) = (self.start.year(), self.start.month());
        match self.kind {
            PeriodKind::Week => {
                let week = self.start.iso_week();
                format!("{}年第{}周", week.year(), week.week())
            }
            PeriodKind::HalfMonth => {
                let half = if self.start.day() <= 15 { "上" } else { "下" };
                format!("{year}年{month}月{half}半月")
            }
            PeriodKind::Month => format!("{year}年{month}月"),
            PeriodKind::HalfYear => {
                let half = if month <= 6 { "上" } else { "下" };
                format!("{year}年{half}半年")
            }
            PeriodKind::Year => format!("{year}年"),
        }
    }

    /// The day `n` of the month the period starts in, if that day lies inside the period;
    /// otherwise (no such day, or outside the period) the period's last day. For deadlines such
    /// as linzi's "by the 20th": `deadline_day(20)` is the 20th both for a month and for the
    /// half-month 16th–30th, and the 15th for the half-month 1st–15th.
    pub fn deadline_day(&self, n: u32) -> NaiveDate {
        Month::of(self.start)
            .day(n)
            .filter(|d| self.contains(*d))
            .unwrap_or(self.end)
    }
}

/// The day after `day` (saturating at chrono's last day).
fn succ(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(day)
}

/// The day before `day` (saturating at chrono's first day).
fn pred(day: NaiveDate) -> NaiveDate {
    day.pred_opt().unwrap_or(day)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;
    use PeriodKind::{HalfMonth, HalfYear, Week, Year};
    const MONTH: PeriodKind = PeriodKind::Month;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(kind: PeriodKind, start: &str, end: &str) -> Period {
        Period {
            kind,
            start: d(start),
            end: d(end),
        }
    }

    fn at(kind: PeriodKind, day: &str) -> Period {
        Period::containing(kind, d(day))
    }

    #[test]
    fn half_month_splits_between_the_15th_and_the_16th() {
        assert_eq!(at(HalfMonth, "2026-11-15"), p(HalfMonth, "2026-11-01", "2026-11-15"));
        assert_eq!(at(HalfMonth, "2026-11-16"), p(HalfMonth, "2026-11-16", "2026-11-30"));
        assert_eq!(at(HalfMonth, "2026-11-01"), at(HalfMonth, "2026-11-15"));
        assert_eq!(at(HalfMonth, "2026-11-30"), at(HalfMonth, "2026-11-16"));
    }

    #[test]
    fn second_half_month_ends_on_the_last_day_of_the_month() {
        for (day, end, days) in [
            ("2028-02-20", "2028-02-29", 14),
            ("2027-02-16", "2027-02-28", 13),
            ("2026-04-16", "2026-04-30", 15),
            ("2026-12-31", "2026-12-31", 16),
        ] {
            let period = at(HalfMonth, day);
            assert_eq!(period.end, d(end), "{day}");
            assert_eq!(period.days(), days, "{day}");
        }
        assert_eq!(
            at(HalfMonth, "2028-02-29").next(),
            p(HalfMonth, "2028-03-01", "2028-03-15")
        );
        assert_eq!(
            at(HalfMonth, "2027-03-01").previous(),
            p(HalfMonth, "2027-02-16", "2027-02-28")
        );
        assert_eq!(at(MONTH, "2028-02-01"), p(MONTH, "2028-02-01", "2028-02-29"));
        assert_eq!(at(MONTH, "2027-02-01").days(), 28);
    }

    #[test]
    fn iso_week_straddling_a_month_falls_in_the_month_of_its_thursday() {
        let week = at(Week, "2026-07-01");
        assert_eq!(week, p(Week, "2026-06-29", "2026-07-05"));
        assert_eq!(week.reporting_month(), (2026, 7));
        assert!(Period::falling_in_month(Week, 2026, 7).contains(&week));
        assert!(!Period::falling_in_month(Week, 2026, 6).contains(&week));
        // Thursday on the last day of a month: the week falls in that month.
        let week = at(Week, "2026-04-30");
        assert_eq!(week, p(Week, "2026-04-27", "2026-05-03"));
        assert_eq!(week.reporting_month(), (2026, 4));
        // Thursday on the first day: the week falls in the new month.
        assert_eq!(at(Week, "2026-09-28").reporting_month(), (2026, 10));
    }

    #[test]
    fn iso_week_straddling_a_year() {
        let week = at(Week, "2027-01-03");
        assert_eq!(week, p(Week, "2026-12-28", "2027-01-03"));
        assert_eq!(week.reporting_month(), (2026, 12)); // Thursday 2026-12-31
        assert_eq!(week.label_zh(), "2026年第53周");
        assert_eq!(week.next(), p(Week, "2027-01-04", "2027-01-10"));
        assert_eq!(week.next().label_zh(), "2027年第1周");
        assert_eq!(week.next().reporting_month(), (2027, 1));

        let week = at(Week, "2020-12-28");
        assert_eq!(week, p(Week, "2020-12-28", "2021-01-03"));
        assert_eq!(week.label_zh(), "2020年第53周");
        assert_eq!(week.reporting_month(), (2020, 12));

        // Thursday 2025-01-02: the week starting in December 2024 falls in January 2025.
        let week = at(Week, "2024-12-31");
        assert_eq!(week, p(Week, "2024-12-30", "2025-01-05"));
        assert_eq!(week.label_zh(), "2025年第1周");
        assert_eq!(week.reporting_month(), (2025, 1));
        assert!(Period::falling_in_month(Week, 2025, 1).contains(&week));
        assert!(!Period::falling_in_month(Week, 2024, 12).contains(&week));
    }

    #[test]
    fn december_to_january_for_every_kind() {
        let cases = [
            (
                Week,
                p(Week, "2024-12-23", "2024-12-29"),
                p(Week, "2024-12-30", "2025-01-05"),
            ),
            (
                HalfMonth,
                p(HalfMonth, "2026-12-16", "2026-12-31"),
                p(HalfMonth, "2027-01-01", "2027-01-15"),
            ),
            (
                MONTH,
                p(MONTH, "2026-12-01", "2026-12-31"),
                p(MONTH, "2027-01-01", "2027-01-31"),
            ),
            (
                HalfYear,
                p(HalfYear, "2026-07-01", "2026-12-31"),
                p(HalfYear, "2027-01-01", "2027-06-30"),
            ),
            (
                Year,
                p(Year, "2026-01-01", "2026-12-31"),
                p(Year, "2027-01-01", "2027-12-31"),
            ),
        ];
        for (kind, december, january) in cases {
            assert_eq!(december.kind, kind);
            assert_eq!(december.next(), january, "{kind:?}");
            assert_eq!(january.previous(), december, "{kind:?}");
        }
        assert_eq!(Month::new(2026, 12).unwrap().next(), Month::new(2027, 1).unwrap());
        assert_eq!(Month::new(2027, 1).unwrap().previous(), Month::new(2026, 12).unwrap());
    }

    #[test]
    fn half_year_boundaries() {
        assert_eq!(at(HalfYear, "2026-06-30"), p(HalfYear, "2026-01-01", "2026-06-30"));
        assert_eq!(at(HalfYear, "2026-07-01"), p(HalfYear, "2026-07-01", "2026-12-31"));
        assert_eq!(at(HalfYear, "2026-06-30").next(), at(HalfYear, "2026-07-01"));
        assert_eq!(at(HalfYear, "2028-03-01").days(), 182);
        assert_eq!(at(HalfYear, "2027-03-01").days(), 181);
        assert_eq!(at(HalfYear, "2026-06-30").reporting_month(), (2026, 6));
        assert_eq!(at(HalfYear, "2026-07-01").reporting_month(), (2026, 12));
    }

    #[test]
    fn falling_in_month_counts() {
        // July 2026 has five Thursdays (2, 9, 16, 23, 30); June 2026 has four (4, 11, 18, 25).
        let july = Period::falling_in_month(Week, 2026, 7);
        assert_eq!(july.len(), 5);
        assert_eq!(july.first(), Some(&p(Week, "2026-06-29", "2026-07-05")));
        assert_eq!(july.last(), Some(&p(Week, "2026-07-27", "2026-08-02")));
        assert_eq!(Period::falling_in_month(Week, 2026, 6).len(), 4);
        // February 2026 starts on a Sunday: the week of Mon 2026-01-26 falls in January.
        let february = Period::falling_in_month(Week, 2026, 2);
        assert_eq!(february.first(), Some(&p(Week, "2026-02-02", "2026-02-08")));
        assert_eq!(february.len(), 4);

        assert_eq!(
            Period::falling_in_month(HalfMonth, 2028, 2),
            vec![
                p(HalfMonth, "2028-02-01", "2028-02-15"),
                p(HalfMonth, "2028-02-16", "2028-02-29")
            ]
        );
        assert_eq!(
            Period::falling_in_month(MONTH, 2026, 11),
            vec![p(MONTH, "2026-11-01", "2026-11-30")]
        );
        for month in 1..=12 {
            let half_years = Period::falling_in_month(HalfYear, 2026, month);
            let years = Period::falling_in_month(Year, 2026, month);
            match month {
                6 => assert_eq!(half_years, vec![p(HalfYear, "2026-01-01", "2026-06-30")]),
                12 => assert_eq!(half_years, vec![p(HalfYear, "2026-07-01", "2026-12-31")]),
                _ => assert!(half_years.is_empty(), "{month}"),
            }
            if month == 12 {
                assert_eq!(years, vec![p(Year, "2026-01-01", "2026-12-31")]);
            } else {
                assert!(years.is_empty(), "{month}");
            }
        }
        assert!(Period::falling_in_month(MONTH, 2026, 13).is_empty());
        assert!(Period::falling_in_month(Week, 2026, 0).is_empty());
    }

    #[test]
    fn chinese_labels() {
        assert_eq!(at(Week, "2026-11-19").label_zh(), "2026年第47周");
        assert_eq!(at(HalfMonth, "2026-11-15").label_zh(), "2026年11月上半月");
        assert_eq!(at(HalfMonth, "2026-11-16").label_zh(), "2026年11月下半月");
        assert_eq!(at(MONTH, "2026-11-16").label_zh(), "2026年11月");
        assert_eq!(at(HalfYear, "2026-06-30").label_zh(), "2026年上半年");
        assert_eq!(at(HalfYear, "2026-07-01").label_zh(), "2026年下半年");
        assert_eq!(at(Year, "2026-07-01").label_zh(), "2026年");
        assert_eq!(PeriodKind::HalfMonth.label_zh(), "半月");
        assert_eq!(PeriodKind::parse_code("half_year"), Some(HalfYear));
    }

    #[test]
    fn deadline_day_is_clipped_to_the_period() {
        assert_eq!(at(MONTH, "2026-11-03").deadline_day(20), d("2026-11-20"));
        assert_eq!(at(HalfMonth, "2026-11-20").deadline_day(20), d("2026-11-20"));
        assert_eq!(at(HalfMonth, "2026-11-03").deadline_day(20), d("2026-11-15"));
        assert_eq!(at(HalfMonth, "2026-11-20").deadline_day(10), d("2026-11-30"));
        assert_eq!(at(MONTH, "2027-02-03").deadline_day(31), d("2027-02-28"));
        assert_eq!(at(MONTH, "2027-02-03").deadline_day(0), d("2027-02-28"));
        assert_eq!(at(HalfYear, "2026-08-03").deadline_day(20), d("2026-07-20"));
        assert_eq!(at(Week, "2026-07-01").deadline_day(30), d("2026-06-30"));
        assert_eq!(at(Week, "2026-07-01").deadline_day(1), d("2026-07-05"));
    }

    #[test]
    fn month_helpers() {
        let feb = Month::new(2028, 2).unwrap();
        assert_eq!((feb.year(), feb.month()), (2028, 2));
        assert_eq!(feb.first_day(), d("2028-02-01"));
        assert_eq!(feb.last_day(), d("2028-02-29"));
        assert_eq!(Month::of(d("2026-11-30")), Month::new(2026, 11).unwrap());
        assert_eq!(Month::new(2026, 0), None);
        assert_eq!(Month::new(2026, 13), None);
        assert_eq!(Month::parse("2026-11"), Month::new(2026, 11));
        assert_eq!(Month::new(2026, 1).unwrap().to_string(), "2026-01");
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "2026-11-01",
            "+026-11",
            " 2026-11",
            "",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad:?}");
        }
        let last = Month::of(NaiveDate::MAX);
        assert_eq!(last.last_day(), NaiveDate::MAX);
        assert_eq!(last.next(), last);
        assert_eq!(Month::of(NaiveDate::MIN).previous(), Month::of(NaiveDate::MIN));
    }

    #[test]
    fn chrono_range_edges_do_not_panic() {
        for &kind in PeriodKind::ALL {
            for day in [NaiveDate::MIN, NaiveDate::MAX] {
                let period = Period::containing(kind, day);
                assert!(period.contains(day));
                let _ = (
                    period.next(),
                    period.previous(),
                    period.label_zh(),
                    period.deadline_day(20),
                );
                let (year, month) = period.reporting_month();
                let _ = Period::falling_in_month(kind, year, month);
            }
        }
    }

    fn kind() -> impl Strategy<Value = PeriodKind> {
        prop::sample::select(PeriodKind::ALL)
    }

    /// Days from 1900-01-01 to about 2200.
    fn day() -> impl Strategy<Value = NaiveDate> {
        (0u64..110_000).prop_map(|n| NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(n))
    }

    proptest! {
        #[test]
        fn containing_contains(kind in kind(), day in day()) {
            let period = Period::containing(kind, day);
            prop_assert!(period.contains(day));
            prop_assert_eq!(period.kind, kind);
            prop_assert_eq!(Period::containing(kind, period.start), period);
            prop_assert_eq!(Period::containing(kind, period.end), period);
        }

        #[test]
        fn periods_tile_the_calendar(kind in kind(), day in day()) {
            let period = Period::containing(kind, day);
            prop_assert_eq!(period.next().start, period.end.succ_opt().unwrap());
            prop_assert_eq!(period.previous().end, period.start.pred_opt().unwrap());
            prop_assert_eq!(period.next().previous(), period);
            prop_assert_eq!(period.previous().next(), period);
            prop_assert!(!period.contains(period.start.pred_opt().unwrap()));
            prop_assert!(!period.contains(period.end.succ_opt().unwrap()));
        }

        #[test]
        fn every_period_falls_in_exactly_one_month(kind in kind(), day in day()) {
            let period = Period::containing(kind, day);
            let (year, month) = period.reporting_month();
            let reporting = Month::new(year, month).unwrap();
            // Every month the period touches, plus its neighbours, lists it iff it is the reporting month.
            let mut m = Month::of(period.start).previous();
            while m <= Month::of(period.end).next() {
                let listed = Period::falling_in_month(kind, m.year(), m.month()).contains(&period);
                prop_assert_eq!(listed, m == reporting, "{:?} in {}", period, m);
                m = m.next();
            }
        }

        #[test]
        fn falling_in_month_lists_consecutive_periods(kind in kind(), day in day()) {
            let m = Month::of(day);
            let periods = Period::falling_in_month(kind, m.year(), m.month());
            for pair in periods.windows(2) {
                prop_assert_eq!(pair[0].next(), pair[1]);
            }
            let expected = match kind {
                Week => 4..=5,
                HalfMonth => 2..=2,
                MONTH => 1..=1,
                HalfYear | Year => 0..=1,
            };
            prop_assert!(expected.contains(&periods.len()), "{:?}", periods);
        }

        #[test]
        fn month_parse_round_trips(year in 0i32..=9999, month in 1u32..=12) {
            let m = Month::new(year, month).unwrap();
            prop_assert_eq!(Month::parse(&m.to_string()), Some(m));
        }
    }
}
