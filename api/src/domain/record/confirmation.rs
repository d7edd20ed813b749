//! 老人确认 — how a visit is confirmed by the elder, and which confirmations a record may carry.
//!
//! At the visit the elder signs, or reads out a code texted to their phone (口述确认码). A code
//! is valid for [`CODE_VALID_HOURS`] from its *issue*, once, for one elder and one visitor:
//! either for the visit under way, or for a past visit named by its day (补确认 — a phone
//! visit made days ago is confirmed today). A paper record entered later by staff
//! (补录纸质记录) carries instead the staff member's statement of how the elder confirmed it:
//! 签字纸质表 (signed the paper form) or 电话确认 (confirmed by phone).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::format::ElderConfirmationMethod;
use crate::domain::input::InvalidInput;

/// How long a confirmation code sent to an elder stays valid, counted from its issue.
pub const CODE_VALID_HOURS: i64 = 12;

/// Phones' clocks differ from the server's: a code of a past visit may be stated read out
/// this long before the server sent it.
pub const CODE_CLOCK_SKEW_MINUTES: i64 = 5;

/// 录入方式 — how a record reaches the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// 提交探访记录 — the visitor's record (or staff's own), confirmed by a signature or a code.
    Visit,
    /// 补录纸质记录 — staff type in a paper form later, stating how the elder confirmed it.
    Paper,
}

/// A record's elder confirmation fits the way it was entered: a statement (签字纸质表,
/// 电话确认) only on a paper record, whose staff member vouches for it, and a paper record
/// always with one. Names the field otherwise.
pub fn check_method(entry: Entry, method: ElderConfirmationMethod) -> Result<(), InvalidInput> {
    match (entry, method.is_statement()) {
        (Entry::Paper, false) => Err(InvalidInput::single(
            "confirmation.elder.method",
            "statement_required",
            "补录纸质记录时请说明老人如何确认：签字纸质表或电话确认",
        )),
        (Entry::Visit, true) => Err(InvalidInput::single(
            "confirmation.elder.method",
            "paper_only",
            "“签字纸质表”“电话确认”只能由工作人员补录纸质记录时填写；探访时请老人签字或口述确认码",
        )),
        _ => Ok(()),
    }
}

/// A code as issued: when, until when, and for which visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeIssue {
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The district day of the past visit the code was issued for; `None`: the visit under way.
    pub visit_on: Option<NaiveDate>,
}

impl CodeIssue {
    /// A code issued at `now`, for the past visit on `visit_on` or the visit under way.
    pub fn at(now: NaiveDateTime, visit_on: Option<NaiveDate>) -> CodeIssue {
        CodeIssue {
            issued_at: now,
            expires_at: now + TimeDelta::hours(CODE_VALID_HOURS),
            visit_on,
        }
    }
}

/// What a record says of the visit a code is to confirm (UTC times; the day in the district).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfirmedVisit {
    pub day: NaiveDate,
    pub ended_at: NaiveDateTime,
    /// When the elder read the code out (`confirmation.elder.confirmedAt`).
    pub confirmed_at: NaiveDateTime,
}

/// Why a code does not confirm a record's visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// 已过期 — read out after the 12 hours from its issue.
    Expired,
    /// Stated read out before it was sent (a past visit's code), or sent 12 hours or more
    /// after the stated confirmation (the visit under way's).
    NotYetSent,
    /// 非本次探访 — issued for a past visit on another day.
    OtherDay(NaiveDate),
    /// The visit ended 12 hours or more before a code for the visit under way was sent: a
    /// past visit needs a code issued for its day.
    PastVisit,
}

impl CodeRefusal {
    pub fn code(self) -> &'static str {
        match self {
            CodeRefusal::Expired => "expired",
            CodeRefusal::NotYetSent => "not_yet_sent",
            CodeRefusal::OtherDay(_) => "other_visit",
            CodeRefusal::PastVisit => "past_visit",
        }
    }

    pub fn message(self) -> String {
        match self {
            CodeRefusal::Expired => format!("确认码已过期（发出后 {CODE_VALID_HOURS} 小时内有效），请重新发送"),
            CodeRefusal::NotYetSent => "老人确认时间早于确认码发出的时间，请核对确认时间".to_string(),
            CodeRefusal::OtherDay(day) => format!("这个确认码是为 {day} 的探访发送的，与本记录的探访日期不符"),
            CodeRefusal::PastVisit => {
                format!("这次探访已结束 {CODE_VALID_HOURS} 小时以上，请为该次探访的日期另发确认码")
            }
        }
    }
}

/// Whether `code` confirms `visit`: the elder read it out within its 12 hours, for this visit.
///
/// - A code for a past visit names its day: the record's visit is on that day, and the elder
///   read the code out after it was sent ([`CODE_CLOCK_SKEW_MINUTES`] allowed) and before it
///   expired — the visit itself may lie any number of days back.
/// - A code for the visit under way confirms a visit that ended less than 12 hours before it
///   was sent; the confirmation may be stated up to 12 hours before the sending (the visitor
///   confirms at the end of the visit and sends the code a little later), never at or after
///   its expiry.
pub fn code_confirms(code: &CodeIssue, visit: &ConfirmedVisit) -> Result<(), CodeRefusal> {
    let validity = TimeDelta::hours(CODE_VALID_HOURS);
    let earliest = match code.visit_on {
        Some(day) if day != visit.day => return Err(CodeRefusal::OtherDay(day)),
        Some(_) => code.issued_at - TimeDelta::minutes(CODE_CLOCK_SKEW_MINUTES),
        None if visit.ended_at <= code.issued_at - validity => return Err(CodeRefusal::PastVisit),
        None => code.issued_at - validity,
    };
    if visit.confirmed_at >= code.expires_at {
        Err(CodeRefusal::Expired)
    } else if visit.confirmed_at < earliest {
        Err(CodeRefusal::NotYetSent)
    } else {
        Ok(())
    }
}

/// The earliest day a visit of an elder may be recorded on (or a code issued for): the day
/// the elder came into the register (their first service status). Decision: a visit before
/// the file began is no visit of this work; a late record is otherwise never refused for its
/// age (no seed limits it) and counts on the day it was made.
pub fn check_visit_day(
    day: NaiveDate,
    today: NaiveDate,
    registered_on: NaiveDate,
) -> Result<(), (&'static str, String)> {
    if day > today {
        Err(("in_future", "探访日期不能晚于今天".to_string()))
    } else if day < registered_on {
        Err((
            "before_register",
            format!("探访日期不能早于老人建档（纳入探访）的日期 {registered_on}"),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn visit(d: u32, ended_hour: u32, confirmed: NaiveDateTime) -> ConfirmedVisit {
        ConfirmedVisit {
            day: day(d),
            ended_at: at(d, ended_hour),
            confirmed_at: confirmed,
        }
    }

    #[test]
    fn a_code_for_a_past_day_confirms_that_days_visit_within_twelve_hours_of_its_issue() {
        let code = CodeIssue::at(at(18, 2), Some(day(15)));
        assert_eq!(code_confirms(&code, &visit(15, 1, at(18, 3))), Ok(()));
        assert_eq!(code_confirms(&code, &visit(15, 1, at(18, 13))), Ok(()));
        assert_eq!(
            code_confirms(&code, &visit(15, 1, at(18, 14))),
            Err(CodeRefusal::Expired)
        );
        assert_eq!(
            code_confirms(&code, &visit(15, 1, at(15, 1))),
            Err(CodeRefusal::NotYetSent),
            "the elder cannot have read it out on the day of the visit"
        );
        assert_eq!(
            code_confirms(&code, &visit(14, 1, at(18, 3))),
            Err(CodeRefusal::OtherDay(day(15)))
        );
    }

    #[test]
    fn a_code_for_the_visit_under_way_does_not_confirm_an_older_visit() {
        let code = CodeIssue::at(at(18, 2), None);
        assert_eq!(code_confirms(&code, &visit(18, 1, at(18, 1))), Ok(()));
        assert_eq!(
            code_confirms(&code, &visit(15, 1, at(18, 3))),
            Err(CodeRefusal::PastVisit)
        );
        assert_eq!(
            code_confirms(&code, &visit(18, 1, at(18, 14))),
            Err(CodeRefusal::Expired)
        );
    }

    #[test]
    fn statements_belong_to_paper_records_only() {
        use ElderConfirmationMethod::*;
        for method in [Signature, ReadOutCode] {
            assert!(check_method(Entry::Visit, method).is_ok());
            assert_eq!(
                check_method(Entry::Paper, method).unwrap_err().fields[0].code,
                "statement_required"
            );
        }
        for method in [SignedPaper, ConfirmedByPhone] {
            assert!(check_method(Entry::Paper, method).is_ok());
            assert_eq!(
                check_method(Entry::Visit, method).unwrap_err().fields[0].code,
                "paper_only"
            );
        }
    }

    #[test]
    fn a_visit_day_lies_between_the_register_and_today() {
        assert!(check_visit_day(day(8), day(18), day(1)).is_ok());
        assert_eq!(check_visit_day(day(19), day(18), day(1)).unwrap_err().0, "in_future");
        assert_eq!(
            check_visit_day(day(8), day(18), day(10)).unwrap_err().0,
            "before_register"
        );
    }
}
