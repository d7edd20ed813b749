//! 个案 — the states of a risk case and of a referral, and how a referral moves on.

use crate::domain::text_enum;

text_enum! {
    /// 个案状态.
    pub enum CaseStatus {
        Open => ("open", "处置中"),
        Closed => ("closed", "已结案"),
    }
}

text_enum! {
    /// 转介状态.
    pub enum ReferralStatus {
        Requested => ("requested", "已转介"),
        Accepted => ("accepted", "已接收"),
        Completed => ("completed", "已完成"),
        Declined => ("declined", "未接收"),
    }
}

impl ReferralStatus {
    /// Whether a referral in `self` may move to `next`.
    pub fn may_become(self, next: ReferralStatus) -> bool {
        use ReferralStatus::*;
        matches!(
            (self, next),
            (Requested, Accepted) | (Requested, Declined) | (Accepted, Completed) | (Accepted, Declined)
        )
    }
}
