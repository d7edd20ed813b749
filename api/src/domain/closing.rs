//! 关账 — closed months (DOMAIN.md §7): a month's figures are kept as reported when its
//! reporting deadline passes; anything that would change them later is a correction shown
//! beside them, never a silent rewrite.

use crate::domain::text_enum;

text_enum! {
    /// How a month was closed.
    pub enum CloseHow {
        Deadline => ("deadline", "报送截止自动关账"),
        Admin => ("admin", "区级管理员关账"),
    }
}

text_enum! {
    /// 更正原因 — what changed a closed month's result for an elder.
    pub enum CorrectionKind {
        LateRecord => ("late_record", "截止后审核通过的探访记录"),
        RejectedAfterAcceptance => ("rejected_after_acceptance", "截止后驳回已通过的记录"),
        BackdatedFact => ("backdated_fact", "截止后录入的回溯事实变更"),
        StatusChange => ("status_change", "截止后录入的服务状态变更"),
        LateRegistration => ("late_registration", "截止后建档"),
    }
}

/// 月度结果 — what one elder's month adds to the figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Under service all month: in the denominator.
    pub in_rate: bool,
    /// Every requirement met on time.
    pub met: bool,
    /// Not met, with a requirement overdue.
    pub overdue: bool,
    /// At least one accepted contact in the month.
    pub contacted: bool,
}

impl Outcome {
    /// What the figures count of it: nothing at all out of the denominator.
    pub fn counted(self) -> Outcome {
        if self.in_rate {
            self
        } else {
            Outcome::default()
        }
    }

    /// In words, for a correction (`达标` / `未达标` / `不计入`).
    pub fn label(self) -> &'static str {
        match (self.in_rate, self.met) {
            (false, _) => "不计入",
            (true, true) => "达标",
            (true, false) => "未达标",
        }
    }
}
