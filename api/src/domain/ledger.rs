//! 时间银行与志愿服务计学分 — one double-entry ledger for both books, after TigerBeetle:
//! immutable transfers with ids chosen by the client or derived by the system (a repeat of
//! the same transfer is answered "exists" and changes nothing), balances kept with the
//! transfer, accounts that must never go negative, corrections only by linked reversals.
//! All amounts are whole minutes. This module is pure: ids, rules and checks.

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use crate::domain::access::VisitorKind;
use crate::domain::id::{AccountId, ElderId, LedgerAccountId, RecordId, SchoolId, TransferId};
use crate::domain::text_enum;

text_enum! {
    /// 账本.
    pub enum Book {
        TimeBank => ("time_bank", "时间银行"),
        ServiceCredit => ("service_credit", "志愿服务计学分"),
    }
}

text_enum! {
    /// 账户类型: a person's hours (holder: a visitor's time bank, a student's term of service
    /// credit); a key elder's care account (hours granted from the pool, spent on the elder's
    /// care); the district's issuing account (its debits are the hours issued); the donation
    /// pool (donated hours and hours over a yearly cap, granted to key elders); the redemption
    /// account (where hours go when spent on care).
    pub enum AccountKind {
        Holder => ("holder", "个人账户"),
        ElderCare => ("elder_care", "老人关爱账户"),
        Issuing => ("issuing", "区发行账户"),
        DonationPool => ("donation_pool", "捐赠池"),
        Redemption => ("redemption", "兑换账户"),
    }
}

impl AccountKind {
    /// Holder accounts, elders' care accounts and the pool may never go below zero: their
    /// debits must not exceed their credits (TigerBeetle's `debits_must_not_exceed_credits`).
    /// Only these keep running totals; the others are counter accounts.
    pub fn no_overdraft(self) -> bool {
        matches!(
            self,
            AccountKind::Holder | AccountKind::ElderCare | AccountKind::DonationPool
        )
    }
}

text_enum! {
    /// 交易类型.
    pub enum TransferKind {
        Posting => ("posting", "探访计时"),
        CapExcess => ("cap_excess", "超出年度上限转入捐赠池"),
        Reversal => ("reversal", "冲正"),
        Gift => ("gift", "赠与家人"),
        Donation => ("donation", "捐赠"),
        Grant => ("grant", "捐赠池发放"),
        Redemption => ("redemption", "兑换服务"),
    }
}

/// The namespace of ids the system derives (accounts, postings, reversals).
const NAMESPACE: Uuid = Uuid::from_u128(0x7461_6e66_616e_675f_6c65_6467_6572_0001);

fn derived(name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// Which account: everything that identifies it. Its id is derived from this, so an account
/// is created once whoever asks for it first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountKey {
    /// A visitor's time-bank account.
    TimeBank {
        user_id: AccountId,
    },
    /// A student's service credit for one school and term.
    ServiceCredit {
        user_id: AccountId,
        school_id: SchoolId,
        term: Term,
    },
    /// 重点老人关爱账户 — time-bank hours the district's pool granted to a key elder.
    ElderCare {
        elder_id: ElderId,
    },
    Issuing {
        book: Book,
        district: String,
    },
    DonationPool {
        book: Book,
        district: String,
    },
    Redemption {
        book: Book,
        district: String,
    },
}

impl AccountKey {
    pub fn book(&self) -> Book {
        match self {
            AccountKey::TimeBank { .. } | AccountKey::ElderCare { .. } => Book::TimeBank,
            AccountKey::ServiceCredit { .. } => Book::ServiceCredit,
            AccountKey::Issuing { book, .. }
            | AccountKey::DonationPool { book, .. }
            | AccountKey::Redemption { book, .. } => *book,
        }
    }

    pub fn kind(&self) -> AccountKind {
        match self {
            AccountKey::TimeBank { .. } | AccountKey::ServiceCredit { .. } => AccountKind::Holder,
            AccountKey::ElderCare { .. } => AccountKind::ElderCare,
            AccountKey::Issuing { .. } => AccountKind::Issuing,
            AccountKey::DonationPool { .. } => AccountKind::DonationPool,
            AccountKey::Redemption { .. } => AccountKind::Redemption,
        }
    }

    fn name(&self) -> String {
        match self {
            AccountKey::TimeBank { user_id } => format!("time_bank/holder/{user_id}"),
            AccountKey::ServiceCredit {
                user_id,
                school_id,
                term,
            } => {
                format!("service_credit/holder/{user_id}/{school_id}/{}", term.code())
            }
            AccountKey::ElderCare { elder_id } => format!("time_bank/elder_care/{elder_id}"),
            AccountKey::Issuing { book, district } => format!("{}/issuing/{district}", book.as_str()),
            AccountKey::DonationPool { book, district } => format!("{}/donation_pool/{district}", book.as_str()),
            AccountKey::Redemption { book, district } => format!("{}/redemption/{district}", book.as_str()),
        }
    }

    pub fn id(&self) -> LedgerAccountId {
        LedgerAccountId::new(derived(&format!("account/{}", self.name())))
    }
}

/// 学期 — a school term: spring (February–July) or autumn (August–January, named by the
/// year it starts in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Term {
    pub year: i32,
    pub autumn: bool,
}

impl Term {
    pub fn of(day: NaiveDate) -> Term {
        match day.month() {
            1 => Term {
                year: day.year() - 1,
                autumn: true,
            },
            2..=7 => Term {
                year: day.year(),
                autumn: false,
            },
            _ => Term {
                year: day.year(),
                autumn: true,
            },
        }
    }

    /// `2026-spring`, `2026-autumn`.
    pub fn code(self) -> String {
        format!("{}-{}", self.year, if self.autumn { "autumn" } else { "spring" })
    }

    pub fn parse(code: &str) -> Option<Term> {
        let (year, half) = code.split_once('-')?;
        let year = year.parse().ok()?;
        match half {
            "spring" => Some(Term { year, autumn: false }),
            "autumn" => Some(Term { year, autumn: true }),
            _ => None,
        }
    }

    pub fn label_zh(self) -> String {
        format!("{}年{}学期", self.year, if self.autumn { "秋季" } else { "春季" })
    }
}

/// The id of the posting of a record's hours to one person and account side (`part`:
/// `holder` or `pool` for the excess over a yearly cap): accepting the same record again
/// derives the same id, so it can never be credited twice.
pub fn posting_id(record_id: &RecordId, user_id: &AccountId, part: &str) -> TransferId {
    TransferId::new(derived(&format!("posting/{record_id}/{user_id}/{part}")))
}

/// The id of the credit to the provider of a redeemed service (one per redemption).
pub fn provider_posting_id(redemption_id: &TransferId) -> TransferId {
    TransferId::new(derived(&format!("provider/{redemption_id}")))
}

/// The id of the credit for care given freely (one per service record).
pub fn care_credit_id(service_id: &str) -> TransferId {
    TransferId::new(derived(&format!("care/{service_id}")))
}

/// The id of the new posting of an accepted correction (one per correction).
pub fn correction_posting_id(correction_id: &str) -> TransferId {
    TransferId::new(derived(&format!("correction/{correction_id}")))
}

/// The id of the reversal of a transfer: a transfer is reversed at most once.
pub fn reversal_id(transfer_id: &TransferId) -> TransferId {
    TransferId::new(derived(&format!("reversal/{transfer_id}")))
}

/// What a transfer says. Two transfers with the same id must say the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferContent {
    pub debit_account_id: LedgerAccountId,
    pub credit_account_id: LedgerAccountId,
    pub amount_minutes: i64,
    pub kind: TransferKind,
    pub record_id: Option<RecordId>,
    pub reverses_id: Option<TransferId>,
    pub memo: Option<String>,
}

/// A transfer's outcome as TigerBeetle names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferOutcome {
    Created,
    /// The same id with the same content was already posted: nothing changed.
    Exists,
}

/// Why a transfer was refused (nothing changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("交易编号已用于内容不同的交易 (a transfer with this id exists with different content)")]
    ExistsWithDifferentContent,
    #[error("金额应为正整数分钟 (the amount must be a positive number of minutes)")]
    AmountNotPositive,
    #[error("借方与贷方不能是同一账户 (debit and credit accounts must differ)")]
    SameAccount,
    #[error("账户不存在 (account not found)")]
    AccountNotFound,
    #[error("两个账户不属于同一账本 (the accounts belong to different books)")]
    BooksDiffer,
    #[error("余额不足：可用 {available} 分钟 (exceeds the balance: {available} minutes available)")]
    ExceedsBalance { available: i64 },
    #[error("被冲正的交易不存在或已冲正 (the transfer to reverse does not exist or was reversed)")]
    NothingToReverse,
}

impl TransferError {
    pub fn code(&self) -> &'static str {
        match self {
            TransferError::ExistsWithDifferentContent => "exists_with_different_content",
            TransferError::AmountNotPositive => "amount_not_positive",
            TransferError::SameAccount => "same_account",
            TransferError::AccountNotFound => "account_not_found",
            TransferError::BooksDiffer => "books_differ",
            TransferError::ExceedsBalance { .. } => "exceeds_balance",
            TransferError::NothingToReverse => "nothing_to_reverse",
        }
    }
}

/// An account's posted totals. The balance of a holder or the pool is credits − debits; the
/// issuing account's debits are the hours issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Posted {
    pub debits: i64,
    pub credits: i64,
}

impl Posted {
    pub fn balance(self) -> i64 {
        self.credits - self.debits
    }
}

/// Checks a transfer against the accounts' kinds and books; pure. The floor of an account
/// that has one ([`AccountKind::no_overdraft`]) is checked where its total moves, in storage.
pub fn check_transfer(
    content: &TransferContent,
    debit: (AccountKind, Book),
    credit: (AccountKind, Book),
) -> Result<(), TransferError> {
    if content.amount_minutes <= 0 {
        return Err(TransferError::AmountNotPositive);
    }
    if content.debit_account_id == content.credit_account_id {
        return Err(TransferError::SameAccount);
    }
    if debit.1 != credit.1 {
        return Err(TransferError::BooksDiffer);
    }
    Ok(())
}

/// 计时规则 — how a district turns accepted visits into minutes (data in its policy pack).
///
/// Minutes are credited as served (DOMAIN.md §5: "真实、准确", 民政部令第67号): whole minutes,
/// rounded up only where a pack's `[hours]` sets `round_up_to_minutes` on a rule it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingRules {
    /// Which book each visitor kind earns; a kind not listed earns nothing.
    pub books: Vec<(VisitorKind, Book)>,
    /// A visit's duration is rounded up to a multiple of this (15: 20 minutes count as 30);
    /// 1, the default, credits the minutes as served.
    pub round_up_to_minutes: i64,
    /// No visit counts for more than this. No seed states a cap: the default of 240 minutes is
    /// our decision, a guard against a mistyped end time (docs/policies.md).
    pub max_minutes_per_visit: i64,
    /// Per account and calendar year; the excess goes to the donation pool (Nanjing: 1,500 h).
    pub yearly_cap_minutes: Option<i64>,
    /// The care beyond visits that earns time (`[hours] services`: platform kinds, or kinds
    /// the pack's `[care]` lists; none unless the pack's document names it).
    pub care_kinds: Vec<crate::domain::care::Care>,
}

impl Default for PostingRules {
    /// The platform's defaults, our decisions (docs/policies.md, "[hours]"): every volunteer's
    /// service is recorded (民政部令第67号) — volunteers and senior volunteers in the time bank,
    /// students as service credit, professionals (paid staff) not at all; minutes as served;
    /// at most 240 minutes a visit; no yearly cap.
    fn default() -> Self {
        PostingRules {
            books: vec![
                (VisitorKind::Volunteer, Book::TimeBank),
                (VisitorKind::SeniorVolunteer, Book::TimeBank),
                (VisitorKind::Student, Book::ServiceCredit),
            ],
            round_up_to_minutes: 1,
            max_minutes_per_visit: 240,
            yearly_cap_minutes: None,
            care_kinds: Vec::new(),
        }
    }
}

impl PostingRules {
    /// Whether `[hours] services` names this care.
    pub fn earns_time(&self, care: &crate::domain::care::Care) -> bool {
        self.care_kinds.contains(care)
    }

    pub fn book_for(&self, kind: VisitorKind) -> Option<Book> {
        self.books.iter().find(|(k, _)| *k == kind).map(|(_, b)| *b)
    }

    /// The minutes a visit of `duration` minutes earns (travel is not part of a record's
    /// duration).
    pub fn minutes_for(&self, duration: i64) -> i64 {
        if duration <= 0 {
            return 0;
        }
        let step = self.round_up_to_minutes.max(1);
        (duration.div_euclid(step) + i64::from(duration.rem_euclid(step) != 0)) * step
    }

    /// Splits `minutes` into (to the holder, to the pool) given what the account was already
    /// credited by postings this year.
    pub fn split_at_cap(&self, minutes: i64, earned_this_year: i64) -> (i64, i64) {
        match self.yearly_cap_minutes {
            None => (minutes, 0),
            Some(cap) => {
                let room = (cap - earned_this_year).max(0);
                (minutes.min(room), (minutes - room).max(0))
            }
        }
    }

    /// Minutes credited for a visit: rounded, then capped per visit.
    pub fn credited(&self, duration: i64) -> i64 {
        self.minutes_for(duration).min(self.max_minutes_per_visit)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn content(amount: i64) -> TransferContent {
        TransferContent {
            debit_account_id: "a".into(),
            credit_account_id: "b".into(),
            amount_minutes: amount,
            kind: TransferKind::Gift,
            record_id: None,
            reverses_id: None,
            memo: None,
        }
    }

    #[test]
    fn a_transfer_moves_a_positive_amount_between_two_accounts_of_one_book() {
        let holder = (AccountKind::Holder, Book::TimeBank);
        let issuing = (AccountKind::Issuing, Book::TimeBank);
        assert_eq!(check_transfer(&content(10_000), issuing, holder), Ok(()));
        assert_eq!(
            check_transfer(&content(0), issuing, holder),
            Err(TransferError::AmountNotPositive)
        );
        assert_eq!(
            check_transfer(&content(-5), holder, holder),
            Err(TransferError::AmountNotPositive)
        );
        let same = TransferContent {
            credit_account_id: "a".into(),
            ..content(5)
        };
        assert_eq!(check_transfer(&same, holder, holder), Err(TransferError::SameAccount));
        let other_book = (AccountKind::Holder, Book::ServiceCredit);
        assert_eq!(
            check_transfer(&content(5), issuing, other_book),
            Err(TransferError::BooksDiffer)
        );
    }

    #[test]
    fn minutes_are_credited_as_served_and_capped_per_visit() {
        let rules = PostingRules::default();
        assert_eq!(rules.credited(1), 1);
        assert_eq!(rules.credited(15), 15);
        assert_eq!(rules.credited(20), 20);
        assert_eq!(rules.credited(35), 35);
        assert_eq!(rules.credited(0), 0);
        assert_eq!(rules.credited(300), 240);
        // Rounding up only where a pack sets it.
        let rounded = PostingRules {
            round_up_to_minutes: 15,
            ..PostingRules::default()
        };
        assert_eq!(rounded.credited(1), 15);
        assert_eq!(rounded.credited(15), 15);
        assert_eq!(rounded.credited(20), 30);
        assert_eq!(rounded.credited(300), 240);
    }

    #[test]
    fn a_yearly_cap_sends_the_excess_to_the_pool() {
        let rules = PostingRules {
            yearly_cap_minutes: Some(90_000),
            ..PostingRules::default()
        };
        assert_eq!(rules.split_at_cap(60, 89_970), (30, 30));
        assert_eq!(rules.split_at_cap(60, 95_000), (0, 60));
        assert_eq!(PostingRules::default().split_at_cap(60, 1_000_000), (60, 0));
    }

    #[test]
    fn ids_are_derived_once_per_thing() {
        let a = AccountKey::TimeBank { user_id: "u1".into() };
        assert_eq!(a.id(), AccountKey::TimeBank { user_id: "u1".into() }.id());
        assert_ne!(a.id(), AccountKey::TimeBank { user_id: "u2".into() }.id());
        assert_eq!(
            posting_id(&"r".into(), &"u".into(), "holder"),
            posting_id(&"r".into(), &"u".into(), "holder")
        );
        assert_ne!(
            posting_id(&"r".into(), &"u".into(), "holder"),
            posting_id(&"r".into(), &"u".into(), "pool")
        );
        assert_ne!(reversal_id(&"t".into()), "t");
    }

    #[test]
    fn terms_follow_the_school_year() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(Term::of(day(1, 20)).code(), "2025-autumn");
        assert_eq!(Term::of(day(3, 1)).code(), "2026-spring");
        assert_eq!(Term::of(day(9, 1)).code(), "2026-autumn");
        assert_eq!(Term::parse("2026-autumn"), Some(Term::of(day(9, 1))));
        assert_eq!(Term::parse("2026-winter"), None);
    }
}
