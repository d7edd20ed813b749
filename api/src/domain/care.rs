//! 服务 beyond visits — care a visitor gives an elder besides a visit (理发, 洗衣, 送餐, …),
//! recorded as the care a redemption pays for is, and credited to the giver's time bank where
//! the district's pack says so (DOMAIN.md §5; linzi-2022 五（四）"提供理发洗衣、精神慰藉、送餐服务等
//! 互助式养老服务，积累服务时长").

use super::text_enum;
use crate::domain::access::VisitorKind;
use crate::domain::ledger::{Book, PostingRules};

text_enum! {
    /// 服务项目 — the kinds of care a service record names (issue #20's list; linzi-2022's
    /// 理发洗衣、精神慰藉、送餐 among them).
    pub enum CareKind {
        Haircut => ("haircut", "理发"),
        Laundry => ("laundry", "洗衣"),
        Meals => ("meals", "送餐"),
        Bathing => ("bathing", "助浴"),
        Escort => ("escort", "陪诊"),
        Comfort => ("comfort", "精神慰藉"),
        Housekeeping => ("housekeeping", "家政"),
    }
}

text_enum! {
    /// 更正状态 — where a visitor's request to correct a visit's minutes stands.
    pub enum CorrectionStatus {
        Pending => ("pending", "待处理"),
        Accepted => ("accepted", "已更正"),
        Refused => ("refused", "不予更正"),
    }
}

/// How long one service may be: as a visit (decision: the same guard against a mistyped
/// duration, 12 hours at most; the pack's per-visit cap then applies to what is credited).
pub const MAX_CARE_MINUTES: i64 = 720;

/// A visitor records care only for an elder whose slot they held, or whom they visited, in
/// this many days before today (decision, issue #20: "the visitor records a care service" —
/// for the elders they serve; a visitor cannot credit themselves for anyone in their town).
pub const CARE_TIE_DAYS: i64 = 30;

/// What a service of `kind` lasting `minutes` credits its giver, a visitor of `giver`: the
/// time bank, in the pack's `[hours] services` only (a service beyond visits earns time only
/// where the district's document says so), in the book the giver earns in, the minutes as a
/// visit's are counted (rounded, capped). `None`: recorded, not credited.
pub fn credit(rules: &PostingRules, kind: CareKind, giver: VisitorKind, minutes: i64) -> Option<(Book, i64)> {
    if !rules.care_kinds.contains(&kind) || rules.book_for(giver) != Some(Book::TimeBank) {
        return None;
    }
    Some((Book::TimeBank, rules.credited(minutes))).filter(|(_, m)| *m > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linzi_like() -> PostingRules {
        PostingRules {
            care_kinds: vec![CareKind::Haircut, CareKind::Meals],
            ..PostingRules::default()
        }
    }

    #[test]
    fn only_the_packs_services_credit_and_only_the_time_bank() {
        let rules = linzi_like();
        assert_eq!(
            credit(&rules, CareKind::Meals, VisitorKind::SeniorVolunteer, 45),
            Some((Book::TimeBank, 45))
        );
        assert_eq!(
            credit(&rules, CareKind::Bathing, VisitorKind::SeniorVolunteer, 45),
            None
        );
        // A student earns service credit for visits, not time for care.
        assert_eq!(credit(&rules, CareKind::Meals, VisitorKind::Student, 45), None);
        // A pack that lists no services (yubei's) credits none.
        assert_eq!(
            credit(
                &PostingRules::default(),
                CareKind::Meals,
                VisitorKind::SeniorVolunteer,
                45
            ),
            None
        );
        // Capped as a visit is.
        assert_eq!(
            credit(&rules, CareKind::Haircut, VisitorKind::Volunteer, 600),
            Some((Book::TimeBank, 240))
        );
    }
}
