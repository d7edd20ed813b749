//! 志愿服务计学分认定 — a school admin certifies a student's service hours of a term, turns
//! them into credit by the school's own rule, and issues a certificate with what
//! 民发〔2015〕149号 (志愿服务记录证明) lists. Pure rules.

use crate::domain::ledger::Term;
use crate::domain::text_enum;

text_enum! {
    /// 认定结论.
    pub enum CertificationDecision {
        Approve => ("approve", "认定"),
        PartlyApprove => ("partly_approve", "部分认定"),
        Deny => ("deny", "不予认定"),
    }
}

/// Why a certification is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificationError {
    #[error("部分认定的分钟数应大于 0 且小于记录的 {recorded} 分钟")]
    PartOutOfRange { recorded: i64 },
    #[error("部分认定或不予认定须写明理由")]
    CommentRequired,
    #[error("该学期没有可认定的服务时长")]
    NothingRecorded,
}

impl CertificationError {
    pub fn field(&self) -> &'static str {
        match self {
            CertificationError::PartOutOfRange { .. } => "certifiedMinutes",
            CertificationError::CommentRequired => "comment",
            CertificationError::NothingRecorded => "accountId",
        }
    }
    pub fn code(&self) -> &'static str {
        match self {
            CertificationError::PartOutOfRange { .. } => "out_of_range",
            CertificationError::CommentRequired => "required",
            CertificationError::NothingRecorded => "nothing_recorded",
        }
    }
}

/// The minutes certified: all on approval, the given part on partial approval, none on denial.
pub fn certified_minutes(
    decision: CertificationDecision,
    recorded: i64,
    part: Option<i64>,
    has_comment: bool,
) -> Result<i64, CertificationError> {
    if recorded <= 0 && decision != CertificationDecision::Deny {
        return Err(CertificationError::NothingRecorded);
    }
    if decision != CertificationDecision::Approve && !has_comment {
        return Err(CertificationError::CommentRequired);
    }
    match decision {
        CertificationDecision::Approve => Ok(recorded),
        CertificationDecision::Deny => Ok(0),
        CertificationDecision::PartlyApprove => match part {
            Some(p) if p > 0 && p < recorded => Ok(p),
            _ => Err(CertificationError::PartOutOfRange { recorded }),
        },
    }
}

/// Credit in tenths by the school's rule (`minutes_per_credit` minutes make one credit),
/// rounded down: 1,500 minutes at 1,200 per credit are 1.2 credits (12 tenths).
pub fn credit_tenths(certified_minutes: i64, minutes_per_credit: i64) -> i64 {
    if minutes_per_credit <= 0 {
        return 0;
    }
    certified_minutes * 10 / minutes_per_credit
}

/// Credit as printed, from tenths: `1.2`.
pub fn credit_text(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// 证明编号 — the number a school prints on a certificate: the term's year and season and the
/// `seq`-th certificate of that term, `2026秋-00007` (decision: numbered across the platform's
/// schools in one sequence per term, so that the number alone finds the certificate, and
/// nothing in it is a code or key: earlier numbers read `2026-autumn-<school id>-0007`).
pub fn certificate_number(term: Term, seq: i64) -> String {
    let season = if term.autumn { "秋" } else { "春" };
    format!("{}{season}-{seq:05}", term.year)
}

/// Hours and minutes as the certificate prints them: `12小时30分钟`.
pub fn hours_text(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}小时"),
        (0, m) => format!("{m}分钟"),
        (h, m) => format!("{h}小时{m}分钟"),
    }
}

#[cfg(test)]
mod tests {
    use super::CertificationDecision::*;
    use super::*;

    #[test]
    fn decisions_certify_all_part_or_nothing() {
        assert_eq!(certified_minutes(Approve, 600, None, false), Ok(600));
        assert_eq!(certified_minutes(PartlyApprove, 600, Some(450), true), Ok(450));
        assert_eq!(certified_minutes(Deny, 600, None, true), Ok(0));
        assert_eq!(
            certified_minutes(PartlyApprove, 600, Some(600), true),
            Err(CertificationError::PartOutOfRange { recorded: 600 })
        );
        assert_eq!(
            certified_minutes(PartlyApprove, 600, Some(450), false),
            Err(CertificationError::CommentRequired)
        );
        assert_eq!(
            certified_minutes(Deny, 600, None, false),
            Err(CertificationError::CommentRequired)
        );
        assert_eq!(
            certified_minutes(Approve, 0, None, false),
            Err(CertificationError::NothingRecorded)
        );
    }

    #[test]
    fn credit_follows_the_schools_rule_rounded_down() {
        assert_eq!(credit_tenths(1_500, 1_200), 12);
        assert_eq!(credit_tenths(1_199, 1_200), 9);
        assert_eq!(credit_tenths(600, 0), 0);
    }

    #[test]
    fn certificate_texts() {
        let autumn = Term {
            year: 2026,
            autumn: true,
        };
        assert_eq!(certificate_number(autumn, 7), "2026秋-00007");
        let spring = Term {
            year: 2027,
            autumn: false,
        };
        assert_eq!(certificate_number(spring, 123), "2027春-00123");
        assert_eq!(hours_text(750), "12小时30分钟");
        assert_eq!(hours_text(45), "45分钟");
        assert_eq!(hours_text(120), "2小时");
        assert_eq!(credit_text(12), "1.2");
    }
}
