//! 通知 — the messages Tanfang sends (by SMS, by mail, or shown in the app), and the rules of
//! sending them: which kinds a person may switch off, how long to wait before trying again,
//! and when to give up.

use chrono::TimeDelta;

use crate::domain::access::Role;
use crate::domain::text_enum;

text_enum! {
    /// 通知种类 — what a message is about; each kind has its templates (`api/templates/messages`).
    pub enum MessageKind {
        CaseOpened => ("case_opened", "风险告警"),
        LostContact => ("lost_contact", "失联告警"),
        CaseOverdue => ("case_overdue", "个案逾期"),
        ElderCode => ("elder_code", "探访确认码"),
        ClaimConfirmed => ("claim_confirmed", "认领成功"),
        VisitReminder => ("visit_reminder", "探访提醒"),
        SlotOffered => ("slot_offered", "空缺时段"),
        OverdueDigest => ("overdue_digest", "逾期周报"),
        ReviewDue => ("review_due", "半年复核提醒"),
        SchoolSummary => ("school_summary", "学生服务周报"),
        TimeBankStatement => ("time_bank_statement", "时间银行月结单"),
        NoShow => ("no_show", "未到提醒"),
        CapacityReduced => ("capacity_reduced", "探访次数下调"),
        CapacityRestored => ("capacity_restored", "探访次数恢复"),
    }
}

impl MessageKind {
    /// Whether a person may switch this kind off. Alarms about an elder at risk, and the
    /// code an elder reads out to confirm a visit, always go (decision: the seeds make the
    /// town answerable for a major risk; a code that is not sent makes the visit unconfirmable).
    /// So do a no-show and the capacity it changes (decision: a visitor who did visit learns
    /// from it that the record is missing, and a visitor whose capacity was halved must learn
    /// why).
    pub fn may_opt_out(self) -> bool {
        !matches!(
            self,
            MessageKind::CaseOpened
                | MessageKind::LostContact
                | MessageKind::CaseOverdue
                | MessageKind::ElderCode
                | MessageKind::NoShow
                | MessageKind::CapacityReduced
                | MessageKind::CapacityRestored
        )
    }

    /// 可接收的通知 — the kinds a person of `role` may receive, in the order a settings page
    /// lists them (decision: visitors hear about their own visits, offered slots, their
    /// time bank and their no-shows; a school admin gets the school's weekly summary; village staff and town
    /// organizers get the alarms of their area, the overdue digest and review reminders; the
    /// district admin gets cases past their due time, the digest and reviews; a family account
    /// gets the alarms about the elder it follows. The elder's code goes to the elder's phone,
    /// never to an account, so it is no role's).
    pub fn for_role(role: Role) -> &'static [MessageKind] {
        use MessageKind::*;
        match role {
            Role::Visitor => &[
                ClaimConfirmed,
                VisitReminder,
                SlotOffered,
                TimeBankStatement,
                NoShow,
                CapacityReduced,
                CapacityRestored,
            ],
            Role::SchoolAdmin => &[SchoolSummary],
            Role::VillageStaff | Role::TownOrganizer => &[CaseOpened, LostContact, OverdueDigest, ReviewDue],
            Role::DistrictAdmin => &[CaseOverdue, OverdueDigest, ReviewDue],
            Role::Family => &[CaseOpened, LostContact],
            // The city reads figures; no message names an elder or a case to it.
            Role::CityAdmin => &[],
        }
    }

    /// 接收渠道 — how a message of this kind reaches a person of `role`: in the app always, by
    /// mail when the account has an address, and by SMS to the account's phone for a visit
    /// reminder (and for a family member, who is told of an alarm as an emergency contact).
    pub fn channels_for(self, role: Role) -> &'static [Channel] {
        match (self, role) {
            (MessageKind::VisitReminder, _) => &[Channel::Sms, Channel::Email, Channel::InApp],
            (MessageKind::CaseOpened | MessageKind::LostContact, Role::Family) => &[Channel::Sms],
            _ => &[Channel::Email, Channel::InApp],
        }
    }

    /// The kind's name in English (the second language of pages and mails).
    pub fn label_en(self) -> &'static str {
        match self {
            MessageKind::CaseOpened => "risk alarm",
            MessageKind::LostContact => "lost-contact alarm",
            MessageKind::CaseOverdue => "overdue case",
            MessageKind::ElderCode => "visit confirmation code",
            MessageKind::ClaimConfirmed => "claim confirmed",
            MessageKind::VisitReminder => "visit reminder",
            MessageKind::SlotOffered => "open visit slots",
            MessageKind::OverdueDigest => "weekly overdue digest",
            MessageKind::ReviewDue => "half-yearly review due",
            MessageKind::SchoolSummary => "school weekly summary",
            MessageKind::TimeBankStatement => "time bank statement",
            MessageKind::NoShow => "missed visit",
            MessageKind::CapacityReduced => "monthly visits reduced",
            MessageKind::CapacityRestored => "monthly visits restored",
        }
    }

    /// Whether the message is an alarm: sent before anything else that is due.
    pub fn is_alarm(self) -> bool {
        self.urgency() < Urgency::Routine
    }

    /// 紧急程度 — how soon the message must go; due messages leave most urgent first.
    ///
    /// A major risk found on a visit "must reach the emergency contact and the town at once"
    /// (DOMAIN.md §4). Decision: it goes before the other alarms, because those come in
    /// numbers — the daily lost-contact sweep of a district raises hundreds at 07:00, an
    /// hourly check many overdue cases — and a risk found at a door must not queue behind them.
    pub fn urgency(self) -> Urgency {
        match self {
            MessageKind::CaseOpened => Urgency::AtOnce,
            MessageKind::LostContact | MessageKind::CaseOverdue => Urgency::Alarm,
            _ => Urgency::Routine,
        }
    }
}

/// How soon a message must go, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// A risk found on a visit.
    AtOnce,
    /// Another alarm (lost contact, an overdue case).
    Alarm,
    /// Everything else: confirmations, reminders, offers, digests, statements.
    Routine,
}

text_enum! {
    /// 发送渠道.
    pub enum Channel {
        Sms => ("sms", "短信"),
        Email => ("email", "邮件"),
        InApp => ("in_app", "站内"),
    }
}

/// 重试 — how many times a message is tried before it is dead-lettered (decision: with
/// [`retry_delay`] the 8 tries span about an hour, long enough to ride out a provider's rate
/// limit or a short outage, short enough that an alarm that cannot go out is seen by an
/// admin, as a dead letter, within the hour).
pub const MAX_ATTEMPTS: i32 = 8;

/// How long to wait before try number `attempts + 1`, after `attempts` failed tries:
/// 30 s doubling each time, at most two hours.
pub fn retry_delay(attempts: i32) -> TimeDelta {
    let doublings = attempts.clamp(1, 16) - 1;
    let seconds = 30i64.saturating_mul(1i64 << doublings);
    TimeDelta::seconds(seconds.min(2 * 60 * 60))
}

/// The outcome of one try to send a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Failed for a reason that may pass (a timeout, a rate limit, a server error).
    Retry(String),
    /// Failed for a reason that will not pass by trying again (a template the provider has
    /// not approved, an address that does not exist): dead-lettered at once.
    Fatal(String),
}

/// What becomes of a row after a try: sent, tried again later, or dead-lettered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    Sent,
    RetryAfter(TimeDelta, String),
    Dead(String),
}

/// Settles try number `attempts` (counting this one) that ended in `delivery`.
pub fn settle(delivery: Delivery, attempts: i32) -> Settlement {
    match delivery {
        Delivery::Sent => Settlement::Sent,
        Delivery::Fatal(error) => Settlement::Dead(error),
        Delivery::Retry(error) if attempts >= MAX_ATTEMPTS => Settlement::Dead(error),
        Delivery::Retry(error) => Settlement::RetryAfter(retry_delay(attempts), error),
    }
}

/// An email address, masked for display: the first character of the local part, then `***`.
pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

/// 邮箱 — an email address as a person types it, checked and normalised (trimmed, the domain
/// in lowercase); `None` when it is not an address mail can be sent to.
pub fn parse_email(input: &str) -> Option<String> {
    let input = input.trim();
    if input.len() > 254 {
        return None;
    }
    let (local, domain) = input.split_once('@')?;
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let domain = domain.to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (local_ok && domain_ok).then(|| format!("{local}@{domain}"))
}

/// 语言 — the languages messages are written in: `zh` (中文) or `en` (English).
pub fn parse_locale(input: &str) -> Option<&'static str> {
    match input.trim() {
        "zh" => Some("zh"),
        "en" => Some("en"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_give_up_after_the_last_try() {
        assert_eq!(retry_delay(1), TimeDelta::seconds(30));
        assert_eq!(retry_delay(2), TimeDelta::seconds(60));
        assert_eq!(retry_delay(5), TimeDelta::seconds(480));
        assert_eq!(retry_delay(12), TimeDelta::hours(2));
        let total: i64 = (1..MAX_ATTEMPTS).map(|a| retry_delay(a).num_seconds()).sum();
        assert!((3000..4500).contains(&total), "retries span {total} s");
        assert_eq!(
            settle(Delivery::Retry("busy".into()), 1),
            Settlement::RetryAfter(TimeDelta::seconds(30), "busy".into())
        );
        assert_eq!(
            settle(Delivery::Retry("busy".into()), MAX_ATTEMPTS),
            Settlement::Dead("busy".into())
        );
        assert_eq!(
            settle(Delivery::Fatal("template".into()), 1),
            Settlement::Dead("template".into())
        );
    }

    #[test]
    fn alarms_cannot_be_switched_off() {
        assert!(!MessageKind::CaseOpened.may_opt_out());
        assert!(!MessageKind::LostContact.may_opt_out());
        assert!(!MessageKind::ElderCode.may_opt_out());
        assert!(MessageKind::VisitReminder.may_opt_out());
        assert!(MessageKind::TimeBankStatement.may_opt_out());
    }

    #[test]
    fn each_role_receives_its_own_kinds_and_only_alarms_are_locked() {
        let visitor = MessageKind::for_role(Role::Visitor);
        assert!(visitor.contains(&MessageKind::VisitReminder));
        assert!(!visitor.contains(&MessageKind::CaseOpened));
        let standing = [
            MessageKind::NoShow,
            MessageKind::CapacityReduced,
            MessageKind::CapacityRestored,
        ];
        assert!(
            visitor.iter().all(|k| k.may_opt_out() != standing.contains(k)),
            "a visitor may switch off every kind but those about their standing"
        );
        let town = MessageKind::for_role(Role::TownOrganizer);
        assert!(town.contains(&MessageKind::CaseOpened) && town.contains(&MessageKind::LostContact));
        assert!(MessageKind::for_role(Role::DistrictAdmin).contains(&MessageKind::CaseOverdue));
        assert_eq!(MessageKind::for_role(Role::SchoolAdmin), &[MessageKind::SchoolSummary]);
        for role in Role::ALL {
            assert!(
                !MessageKind::for_role(*role).contains(&MessageKind::ElderCode),
                "the elder's code is nobody's to receive"
            );
        }
        assert_eq!(
            MessageKind::VisitReminder.channels_for(Role::Visitor),
            &[Channel::Sms, Channel::Email, Channel::InApp]
        );
    }

    #[test]
    fn addresses_are_checked_and_their_domain_lowercased() {
        assert_eq!(parse_email(" Li.Na@Example.CN "), Some("Li.Na@example.cn".to_string()));
        assert_eq!(
            parse_email("a+b@mail.school.edu.cn"),
            Some("a+b@mail.school.edu.cn".to_string())
        );
        for bad in [
            "",
            "li",
            "li@",
            "@example.cn",
            "li@example",
            "li@@example.cn",
            "li na@example.cn",
            "li@exa_mple.cn",
            "li@-example.cn",
            "li.@example.cn",
            "li@example.c0",
            "李@example.cn",
        ] {
            assert_eq!(parse_email(bad), None, "{bad:?}");
        }
        assert_eq!(parse_locale("en"), Some("en"));
        assert_eq!(parse_locale("fr"), None);
    }

    #[test]
    fn emails_are_masked_to_their_first_letter_and_domain() {
        assert_eq!(mask_email("zhang.san@example.cn"), "z***@example.cn");
        assert_eq!(mask_email("not-an-address"), "***");
    }
}
