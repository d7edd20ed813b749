//! 定时任务 — the messages no single event causes (a reminder the day before a visit, a case
//! past its due time, slots about to open, the weekly and monthly digests and statements),
//! the daily no-show marking and the daily lost-contact sweep. Each job runs once per period across
//! every worker of every replica: the first to record the period's run in `job_runs` runs it.

use chrono::{DateTime, Datelike, TimeDelta, Utc};

use crate::db::DbConn;
use crate::domain::clock::DISTRICT_OFFSET;
use crate::error::AppResult;
use crate::service::{messages, no_shows, notices, Call};

/// How often a job runs, in the district's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Hourly,
    /// Once a day, from this hour on.
    DailyAt(u32),
    /// Once an ISO week, from Monday at this hour.
    WeeklyAt(u32),
    /// Once a month, from the first at this hour.
    MonthlyAt(u32),
}

impl Cadence {
    /// The period `now` falls in: `2026-11-18T10`, `2026-11-18`, `2026-W47`, `2026-11`.
    pub fn period(self, now: DateTime<Utc>) -> String {
        let local = now.with_timezone(&DISTRICT_OFFSET);
        match self {
            Cadence::Hourly => local.format("%Y-%m-%dT%H").to_string(),
            Cadence::DailyAt(hour) => (local - TimeDelta::hours(i64::from(hour)))
                .format("%Y-%m-%d")
                .to_string(),
            Cadence::WeeklyAt(hour) => {
                let week = (local - TimeDelta::hours(i64::from(hour))).iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Cadence::MonthlyAt(hour) => (local - TimeDelta::hours(i64::from(hour))).format("%Y-%m").to_string(),
        }
    }
}

/// A periodic job.
pub struct Job {
    pub name: &'static str,
    pub cadence: Cadence,
    /// Runs the job; returns how many things it did (messages written, elders marked).
    pub run: fn(&mut DbConn, &Call) -> AppResult<usize>,
}

/// Every periodic job (decision: reminders go out at 09:00 the day before the window
/// opens, not at midnight; offers, digests and statements at 08:00, the start of an office
/// day; no-shows are marked at 06:00, after the day before has ended and before the morning's
/// offers). `docs/operations.md` lists them.
pub const JOBS: &[Job] = &[
    Job {
        name: "visit_reminders",
        cadence: Cadence::DailyAt(9),
        run: messages::visit_reminders,
    },
    Job {
        name: "overdue_cases",
        cadence: Cadence::Hourly,
        run: messages::overdue_cases,
    },
    Job {
        name: "slot_offers",
        cadence: Cadence::DailyAt(8),
        run: notices::offer_open_slots,
    },
    Job {
        name: "overdue_digest",
        cadence: Cadence::WeeklyAt(8),
        run: notices::overdue_digest,
    },
    Job {
        name: "school_summaries",
        cadence: Cadence::WeeklyAt(8),
        run: notices::school_summaries,
    },
    Job {
        name: "reviews_due",
        cadence: Cadence::MonthlyAt(8),
        run: notices::reviews_due,
    },
    Job {
        name: "time_bank_statements",
        cadence: Cadence::MonthlyAt(8),
        run: notices::time_bank_statements,
    },
    Job {
        name: "no_shows",
        cadence: Cadence::DailyAt(6),
        run: no_shows::mark_no_shows,
    },
    Job {
        name: "lost_contact_sweep",
        cadence: Cadence::DailyAt(7),
        run: lost_contact_sweep,
    },
];

/// 失联巡检 (daily, 07:00): elders the pack counts as lost by days without contact.
fn lost_contact_sweep(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    Ok(crate::service::contacts::sweep_lost(conn, call)?.lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;

    #[test]
    fn periods_are_the_districts_hours_days_weeks_and_months() {
        let at = |s: &str| parse_instant(s).expect("instant");
        let now = at("2026-11-18T08:30:00+08:00");
        assert_eq!(Cadence::Hourly.period(now), "2026-11-18T08");
        // Before 09:00 the day's run has not begun: the period is still yesterday's.
        assert_eq!(Cadence::DailyAt(9).period(now), "2026-11-17");
        assert_eq!(
            Cadence::DailyAt(9).period(at("2026-11-18T09:00:00+08:00")),
            "2026-11-18"
        );
        assert_eq!(Cadence::WeeklyAt(9).period(at("2026-11-16T10:00:00+08:00")), "2026-W47");
        assert_eq!(Cadence::MonthlyAt(9).period(at("2026-12-01T08:00:00+08:00")), "2026-11");
        // 23:30 UTC on the 30th is already 1 December in the district.
        assert_eq!(Cadence::MonthlyAt(0).period(at("2026-11-30T23:30:00Z")), "2026-12");
    }
}
