//! 时钟 — where "now" comes from. The one place the server reads the wall clock: everything
//! else receives the time from here (through [`crate::service::Call`]), so that tests and the
//! demo can put the server at any instant (the first minutes of a Beijing day, the 1st of a
//! month) and a district's figures never depend on when a test happens to run.
//!
//! A clock runs: set to an instant, it goes on from there at the wall clock's pace, so that
//! the order of events is kept. `TANFANG_NOW` (or `--now`) sets the server's clock at start;
//! production refuses it (see [`crate::startup::Application::build`]).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

/// The server's clock, shared by every request (cloning shares it).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// How far this clock is ahead of the wall clock, in microseconds (0: the wall clock).
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    /// The wall clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        let clock = Clock::system();
        clock.set(start);
        clock
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        wall() + TimeDelta::microseconds(self.offset_micros.load(Ordering::Relaxed))
    }

    /// Moves the clock so that it reads `instant` now (and runs on from there).
    pub fn set(&self, instant: DateTime<Utc>) {
        let offset = (instant - wall()).num_microseconds().unwrap_or(i64::MAX);
        self.offset_micros.store(offset, Ordering::Relaxed);
    }

    /// Whether the clock was set away from the wall clock.
    pub fn is_set(&self) -> bool {
        self.offset_micros.load(Ordering::Relaxed) != 0
    }
}

/// Parses `TANFANG_NOW`: an RFC 3339 instant (`2026-03-01T00:02:00+08:00`).
pub fn parse_instant(input: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(input.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("not an RFC 3339 time such as 2026-03-01T00:02:00+08:00: {e}"))
}

#[allow(clippy::disallowed_methods)] // the one read of the wall clock
fn wall() -> DateTime<Utc> {
    Utc::now()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_set_clock_reads_the_instant_and_runs_on() {
        let start = Utc.with_ymd_and_hms(2026, 2, 28, 16, 2, 0).single().expect("instant");
        let clock = Clock::starting_at(start);
        let read = clock.now();
        assert!(read >= start && read - start < TimeDelta::seconds(5), "{read}");
        assert!(clock.is_set());
        let shared = clock.clone();
        let later = start + TimeDelta::days(40);
        shared.set(later);
        assert!(clock.now() >= later, "a clone shares the clock");
    }

    #[test]
    fn the_system_clock_is_the_wall_clock() {
        let clock = Clock::system();
        assert!(!clock.is_set());
        assert!((clock.now() - wall()).num_seconds().abs() < 5);
    }

    #[test]
    fn instants_parse_with_their_offset() {
        let at = parse_instant("2026-03-01T00:02:00+08:00").expect("instant");
        assert_eq!(
            at,
            Utc.with_ymd_and_hms(2026, 2, 28, 16, 2, 0).single().expect("instant")
        );
        assert!(parse_instant("2026-03-01 00:02").is_err());
    }
}
