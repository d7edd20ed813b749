//! 政策选择 — which pack a district runs on a given day. A district's choices form a history;
//! a new choice applies from its effective date on and never rewrites the past.

use chrono::{NaiveDate, NaiveDateTime};

/// One choice: pack `pack_id` from `effective_from`, decided at `chosen_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackChoice {
    pub pack_id: String,
    pub effective_from: NaiveDate,
    pub chosen_at: NaiveDateTime,
}

/// The pack in force on `day`: the choice with the latest effective date not after `day`;
/// of two choices with the same effective date, the later decision wins.
pub fn pack_in_force(history: &[PackChoice], day: NaiveDate) -> Option<&PackChoice> {
    history
        .iter()
        .filter(|c| c.effective_from <= day)
        .max_by_key(|c| (c.effective_from, c.chosen_at))
}

/// Why a new choice is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("生效日期不能早于今天：已有政策的区县不能改写过去的考核依据 (cannot change the past)")]
    Retroactive,
}

/// A district's first choice may start on any day (to cover records already kept); later
/// choices start today or later, so past periods keep the pack they were measured by.
pub fn check_new_choice(
    history: &[PackChoice],
    effective_from: NaiveDate,
    today: NaiveDate,
) -> Result<(), ChoiceError> {
    if !history.is_empty() && effective_from < today {
        Err(ChoiceError::Retroactive)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn choice(pack: &str, from: NaiveDate, decided_day: u32) -> PackChoice {
        PackChoice {
            pack_id: pack.into(),
            effective_from: from,
            chosen_at: d(2026, 1, decided_day).and_hms_opt(9, 0, 0).unwrap(),
        }
    }

    #[test]
    fn the_pack_in_force_follows_effective_dates() {
        let history = vec![
            choice("yubei-2024", d(2025, 1, 1), 1),
            choice("jiangmen-2024", d(2026, 7, 1), 2),
            choice("linzi-2022", d(2026, 7, 1), 3),
        ];
        assert_eq!(pack_in_force(&history, d(2024, 12, 31)), None);
        assert_eq!(pack_in_force(&history, d(2026, 6, 30)).unwrap().pack_id, "yubei-2024");
        assert_eq!(
            pack_in_force(&history, d(2026, 7, 1)).unwrap().pack_id,
            "linzi-2022",
            "later decision wins"
        );
    }

    #[test]
    fn only_the_first_choice_may_start_in_the_past() {
        let today = d(2026, 11, 23);
        assert_eq!(check_new_choice(&[], d(2025, 1, 1), today), Ok(()));
        let history = vec![choice("yubei-2024", d(2025, 1, 1), 1)];
        assert_eq!(
            check_new_choice(&history, d(2026, 11, 22), today),
            Err(ChoiceError::Retroactive)
        );
        assert_eq!(check_new_choice(&history, today, today), Ok(()));
    }
}
