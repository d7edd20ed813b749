//! 培训、表彰、评价 — what goes onto a volunteer's record besides their service (民政部令第67号:
//! a volunteer service record holds training, commendations and evaluations; issue #20 part 4).
//!
//! A training session (培训) is recorded by the town or village office that held it, with the
//! visitors who attended. A pack's `[training]` section may require one before a visitor's
//! first in-person visit: the claim rules then refuse an in-person slot to a visitor who has
//! attended none ([`TrainingRule::refuses`]). Pure: the caller brings what was attended.

use chrono::NaiveDate;

use super::input::{optional_text, required_text, InvalidInput};
use super::text_enum;

/// 培训要求 — a pack's `[training]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRule {
    /// A visitor must have attended a recorded training session before an in-person visit.
    pub before_first_in_person: bool,
    /// The words of the document this transcribes, or why it is a decision.
    pub source: String,
}

impl TrainingRule {
    /// Decision (no `[training]` section): nothing is required before a visit.
    pub fn platform_default() -> TrainingRule {
        TrainingRule {
            before_first_in_person: false,
            source: "decision: no training required unless the pack says so".to_string(),
        }
    }

    /// Whether a claim of a slot (`in_person` or not) by a visitor who attended
    /// `sessions_attended` sessions is refused for want of training. Phone, video and remote
    /// slots never are.
    pub fn refuses(&self, in_person: bool, sessions_attended: u32) -> bool {
        refuses(self.before_first_in_person, in_person, sessions_attended)
    }
}

/// [`TrainingRule::refuses`] of a rule that is (`required`) or is not in force.
pub fn refuses(required: bool, in_person: bool, sessions_attended: u32) -> bool {
    required && in_person && sessions_attended == 0
}

/// The refusal a claim gets from [`TrainingRule::refuses`]: its code and what to do.
pub const TRAINING_REQUIRED: (&str, &str) = (
    "training_required",
    "上门探访前须参加镇街或村（居）组织的业务培训。请联系镇街组织者报名参加培训，培训登记后即可认领上门探访",
);

text_enum! {
    /// 评价等级 — the organiser's grade of a volunteer for a period.
    pub enum Grade {
        Excellent => ("excellent", "优秀"),
        Good => ("good", "良好"),
        Pass => ("pass", "合格"),
        Fail => ("fail", "不合格"),
    }
}

/// 评价期 — a year (`2026`) or a half-year (`2026-H1`, `2026-H2`), as evaluations are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvaluationPeriod {
    Year(i32),
    Half(i32, u8),
}

impl EvaluationPeriod {
    /// Parses `2026`, `2026-H1` or `2026-H2` (years 2000–2100).
    pub fn parse(text: &str) -> Option<EvaluationPeriod> {
        let text = text.trim();
        let (year, half) = match text.split_once('-') {
            Some((y, "H1")) => (y, Some(1)),
            Some((y, "H2")) => (y, Some(2)),
            Some(_) => return None,
            None => (text, None),
        };
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        Some(half.map_or(EvaluationPeriod::Year(year), |h| EvaluationPeriod::Half(year, h)))
    }

    /// The stored code (`2026`, `2026-H2`).
    pub fn code(self) -> String {
        match self {
            EvaluationPeriod::Year(y) => y.to_string(),
            EvaluationPeriod::Half(y, h) => format!("{y}-H{h}"),
        }
    }

    /// How a person reads it: 2026年, 2026年下半年.
    pub fn label_zh(self) -> String {
        match self {
            EvaluationPeriod::Year(y) => format!("{y}年"),
            EvaluationPeriod::Half(y, 1) => format!("{y}年上半年"),
            EvaluationPeriod::Half(y, _) => format!("{y}年下半年"),
        }
    }

    /// Whether the period has begun by `today` (a period not begun cannot be evaluated).
    pub fn begun_by(self, today: NaiveDate) -> bool {
        let first = match self {
            EvaluationPeriod::Year(y) | EvaluationPeriod::Half(y, 1) => NaiveDate::from_ymd_opt(y, 1, 1),
            EvaluationPeriod::Half(y, _) => NaiveDate::from_ymd_opt(y, 7, 1),
        };
        first.is_some_and(|first| first <= today)
    }
}

/// A training session as entered, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInput {
    pub topic: String,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub place: String,
    pub note: Option<String>,
}

/// Longest session one entry records (a day's training: 12 hours).
pub const MAX_SESSION_MINUTES: i32 = 12 * 60;

/// Checks a session: a topic and a place, a day not after `today`, 1..=[`MAX_SESSION_MINUTES`]
/// minutes, at least one attendee (`attendees`).
pub fn check_session(
    topic: &str,
    held_on: NaiveDate,
    minutes: i32,
    place: &str,
    note: &str,
    attendees: usize,
    today: NaiveDate,
) -> Result<SessionInput, InvalidInput> {
    let mut errors = InvalidInput::default();
    let topic = errors.check("topic", required_text(topic, 100));
    let place = errors.check("place", required_text(place, 100));
    let note = errors.check("note", optional_text(note, 500));
    if held_on > today {
        errors.add("heldOn", "date_in_future", "培训日期不能晚于今天");
    }
    if !(1..=MAX_SESSION_MINUTES).contains(&minutes) {
        errors.add("minutes", "out_of_range", "培训时长须在 1 至 720 分钟之间");
    }
    if attendees == 0 {
        errors.add("attendeeIds", "required", "请至少选择一名参加培训的探访人员");
    }
    errors.finish(|| {
        Some(SessionInput {
            topic: topic?,
            held_on,
            minutes,
            place: place?,
            note: note?,
        })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::policy::facts::tests::d;

    #[test]
    fn a_pack_that_requires_training_refuses_only_an_untrained_in_person_claim() {
        let rule = TrainingRule {
            before_first_in_person: true,
            source: "x".into(),
        };
        assert!(rule.refuses(true, 0), "untrained, in person");
        assert!(!rule.refuses(true, 1), "trained once is enough");
        assert!(!rule.refuses(false, 0), "a phone slot is never refused");
        let none = TrainingRule::platform_default();
        assert!(!none.refuses(true, 0), "a pack without the section requires nothing");
    }

    #[test]
    fn periods_parse_and_read_in_chinese() {
        let h2 = EvaluationPeriod::parse("2026-H2").unwrap();
        assert_eq!(
            (h2.code(), h2.label_zh()),
            ("2026-H2".to_string(), "2026年下半年".to_string())
        );
        let year = EvaluationPeriod::parse(" 2025 ").unwrap();
        assert_eq!(
            (year.code(), year.label_zh()),
            ("2025".to_string(), "2025年".to_string())
        );
        for bad in ["2026-H3", "26", "2026-Q1", "", "3000"] {
            assert_eq!(EvaluationPeriod::parse(bad), None, "{bad}");
        }
        assert!(h2.begun_by(d("2026-07-01")));
        assert!(!h2.begun_by(d("2026-06-30")));
        assert!(!EvaluationPeriod::parse("2027").unwrap().begun_by(d("2026-12-31")));
    }

    #[test]
    fn a_session_needs_topic_place_minutes_a_past_day_and_attendees() {
        let today = d("2026-11-18");
        let ok = check_session(" 入户探访场景演示 ", today, 90, "镇社工站", "", 2, today).unwrap();
        assert_eq!((ok.topic.as_str(), ok.minutes, ok.note), ("入户探访场景演示", 90, None));
        let err = check_session("", d("2026-11-19"), 0, " ", "", 0, today).unwrap_err();
        let mut fields: Vec<_> = err.fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                ("attendeeIds", "required"),
                ("heldOn", "date_in_future"),
                ("minutes", "out_of_range"),
                ("place", "required"),
                ("topic", "required"),
            ]
        );
        assert!(check_session("t", today, MAX_SESSION_MINUTES + 1, "p", "", 1, today).is_err());
    }
}
