//! Time-bank and service-credit accounts, statements and what holders do with their hours.

use chrono::{DateTime, Utc};
use juniper::graphql_object;

use super::Context;
use crate::db::ledger::{AccountRow, TransferRow};
use crate::db::DbConn;
use crate::domain::care::CareKind;
use crate::domain::id::{AccountId, ElderId, LedgerAccountId, RecordId, SchoolId, TransferId};
use crate::domain::ledger::{AccountKind, Book, Term, TransferKind, TransferOutcome};
use crate::domain::record::format::ElderConfirmationMethod;
use crate::error::AppResult;
use crate::service::Call;

pub struct LedgerAccount(pub AccountRow);

#[graphql_object(context = Context, description = "时间银行或志愿服务计学分账户")]
impl LedgerAccount {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn book(&self) -> Option<Book> {
        Some(self.0.book)
    }
    fn kind(&self) -> Option<AccountKind> {
        Some(self.0.kind)
    }
    fn school_id(&self) -> Option<&str> {
        self.0.school_id.as_ref().map(SchoolId::as_str)
    }
    /// `2026-autumn` for service credit.
    fn term(&self) -> Option<&str> {
        self.0.term.as_deref()
    }
    /// The key elder whose care account this is.
    fn elder_id(&self) -> Option<&str> {
        self.0.elder_id.as_ref().map(ElderId::as_str)
    }
    /// e.g. 2026年秋季学期
    fn term_label(&self) -> Option<String> {
        self.0.term.as_deref().and_then(Term::parse).map(Term::label_zh)
    }
    /// Credits − debits, in minutes (kept with every transfer: reading it is one row).
    fn balance_minutes(&self) -> f64 {
        (self.0.credits_posted - self.0.debits_posted) as f64
    }
    fn credits_minutes(&self) -> f64 {
        self.0.credits_posted as f64
    }
    fn debits_minutes(&self) -> f64 {
        self.0.debits_posted as f64
    }
}

pub struct LedgerTransfer {
    pub row: TransferRow,
    /// The account the statement is of: decides the sign of `amountMinutes`.
    pub account_id: LedgerAccountId,
}

#[graphql_object(context = Context, description = "流水 — one transfer on an account's statement")]
impl LedgerTransfer {
    fn id(&self) -> &str {
        self.row.id.as_str()
    }
    fn kind(&self) -> Option<TransferKind> {
        Some(self.row.kind)
    }
    /// Positive when the account was credited, negative when debited.
    fn amount_minutes(&self) -> f64 {
        let amount = self.row.amount_minutes as f64;
        if self.row.credit_account_id == self.account_id {
            amount
        } else {
            -amount
        }
    }
    fn record_id(&self) -> Option<&str> {
        self.row.record_id.as_ref().map(RecordId::as_str)
    }
    /// The transfer this one reverses.
    fn reverses_id(&self) -> Option<&str> {
        self.row.reverses_id.as_ref().map(TransferId::as_str)
    }
    fn memo(&self) -> Option<&str> {
        self.row.memo.as_deref()
    }
    fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }
}

pub struct TransferResult {
    pub id: TransferId,
    pub outcome: TransferOutcome,
}

impl TransferResult {
    /// Runs a transfer whose id the client chose (`f` gets the id) and answers with the id.
    pub async fn run<F>(ctx: &Context, transfer_id: String, f: F) -> AppResult<TransferResult>
    where
        F: FnOnce(&mut DbConn, &Call, &TransferId) -> AppResult<TransferOutcome> + Send + 'static,
    {
        let id = TransferId::from(transfer_id);
        let transfer_id = id.clone();
        let outcome = ctx.run_call(move |c, call| f(c, call, &transfer_id)).await?;
        Ok(TransferResult { id, outcome })
    }
}

#[graphql_object(context = Context, description = "记账结果")]
impl TransferResult {
    fn id(&self) -> &str {
        self.id.as_str()
    }
    /// False when a transfer with this id and the same content existed (a retry): nothing changed.
    fn created(&self) -> bool {
        self.outcome == TransferOutcome::Created
    }
}

/// 受赠人: whom hours go to, as the giver may see them (never more than they typed in).
pub struct TimeBankRecipient(pub crate::db::models::UserRow);

#[graphql_object(context = Context, description = "受赠人 — the account hours are given to")]
impl TimeBankRecipient {
    /// The account id to pass to `giftHours` (`toUserId`) or `redeemHours` (`providerId`).
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    /// The registered name (the one the giver typed).
    fn name(&self) -> &str {
        &self.0.display_name
    }
}

pub struct CareService(pub crate::db::ledger::CareServiceRow, pub Option<OnFile>);

/// What the elder's file adds to a care service: the giver's name and the minutes credited.
pub struct OnFile {
    giver_name: Option<String>,
    credited_minutes: i64,
}

impl CareService {
    pub fn of(row: crate::db::ledger::CareServiceRow) -> Self {
        CareService(row, None)
    }
    pub fn on_file(care: crate::service::care::ElderCare) -> Self {
        let on_file = OnFile {
            giver_name: care.provider_name,
            credited_minutes: care.credited_minutes,
        };
        CareService(care.service, Some(on_file))
    }
}

#[graphql_object(
    context = Context,
    description = "服务记录 — care given to an elder or an account holder: paid for with time-bank hours, or given freely"
)]
impl CareService {
    /// The record's id (a redemption's care: the redemption's id).
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    /// The redemption that paid for it; absent when the care was given freely.
    fn redemption_id(&self) -> Option<&str> {
        self.0.redemption_id.as_ref().map(TransferId::as_str)
    }
    /// The care in words.
    fn service(&self) -> &str {
        &self.0.service
    }
    /// The kind of care, when it is one of the platform's kinds (理发, 送餐 …); absent for a
    /// kind the district's pack lists (its name is `service`) and for a redemption's care.
    fn kind(&self) -> Option<CareKind> {
        self.0.kind
    }
    fn minutes(&self) -> f64 {
        self.0.minutes as f64
    }
    /// The account holder who received it (absent when it went to an elder).
    fn recipient_user_id(&self) -> Option<&str> {
        self.0.recipient_user_id.as_ref().map(AccountId::as_str)
    }
    fn elder_id(&self) -> Option<&str> {
        self.0.elder_id.as_ref().map(ElderId::as_str)
    }
    /// The visitor who gave it.
    fn provider_id(&self) -> Option<&str> {
        self.0.provider_id.as_ref().map(AccountId::as_str)
    }
    /// When it was given (a redemption's care: when it was recorded).
    fn given_at(&self) -> DateTime<Utc> {
        self.0.given_at.unwrap_or(self.0.created_at).and_utc()
    }
    /// How the elder confirmed it (care given freely).
    fn elder_confirmation(&self) -> Option<ElderConfirmationMethod> {
        self.0.elder_confirmation
    }
    fn recorded_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
    /// The giver's name (on the elder's file).
    fn provider_name(&self) -> Option<&str> {
        self.1.as_ref().and_then(|f| f.giver_name.as_deref())
    }
    /// Minutes credited to the giver's time bank for it, 0 when recorded only (on the elder's
    /// file; absent elsewhere).
    fn credited_minutes(&self) -> Option<f64> {
        self.1.as_ref().map(|f| f.credited_minutes as f64)
    }
}

/// What recording a service did.
pub struct CareServiceResult(pub crate::service::care::Recorded);

#[graphql_object(context = Context, description = "记录服务的结果")]
impl CareServiceResult {
    fn service(&self) -> CareService {
        CareService::of(self.0.service.clone())
    }
    /// Minutes credited to the giver's time bank (0: the district's rules credit no time for it).
    fn credited_minutes(&self) -> f64 {
        self.0.credited_minutes as f64
    }
    /// False when the same entry had been recorded before (nothing changed).
    fn created(&self) -> bool {
        self.0.created
    }
}

pub struct ServiceCertification(pub crate::db::ledger::CertificationRow);

#[graphql_object(context = Context, description = "志愿服务时长认定 — a school's decision on a student's term")]
impl ServiceCertification {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn student_id(&self) -> &str {
        self.0.student_id.as_str()
    }
    fn term(&self) -> &str {
        &self.0.term
    }
    fn decision(&self) -> Option<crate::domain::certification::CertificationDecision> {
        Some(self.0.decision)
    }
    fn recorded_minutes(&self) -> f64 {
        self.0.recorded_minutes as f64
    }
    fn certified_minutes(&self) -> f64 {
        self.0.certified_minutes as f64
    }
    /// Credit by the school's rule (one decimal).
    fn credit(&self) -> f64 {
        self.0.credit_tenths as f64 / 10.0
    }
    fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// 证明编号 (none when denied).
    fn certificate_no(&self) -> Option<&str> {
        self.0.certificate_no.as_deref()
    }
    /// The printable certificate (open with the bearer token).
    fn certificate_path(&self) -> Option<String> {
        self.0
            .certificate_no
            .as_ref()
            .map(|_| format!("/certificates/{}", self.0.id))
    }
    fn certified_at(&self) -> DateTime<Utc> {
        self.0.certified_at.and_utc()
    }
}

pub struct StudentServiceHours(pub crate::service::certifications::StudentHours);

#[graphql_object(context = Context, description = "学生某学期的志愿服务时长")]
impl StudentServiceHours {
    fn account_id(&self) -> &str {
        self.0.account.id.as_str()
    }
    fn student_id(&self) -> &str {
        self.0.student.id.as_str()
    }
    fn student_name(&self) -> &str {
        &self.0.student.display_name
    }
    /// Minutes recorded in the term (credits − debits of the account).
    fn recorded_minutes(&self) -> f64 {
        (self.0.account.credits_posted - self.0.account.debits_posted) as f64
    }
    fn certification(&self) -> Option<ServiceCertification> {
        self.0.certification.clone().map(ServiceCertification)
    }
}

/// 志愿服务记录证明 issued by an office (民政部令第67号).
pub struct ServiceProof(pub crate::db::proofs::ProofRow, pub Option<String>);

#[graphql_object(context = Context, description = "志愿服务记录证明 — issued by the office that organised the services")]
impl ServiceProof {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    /// The number as printed (〔2026〕第 0001 号), after the office's name.
    fn number(&self) -> String {
        crate::service::proofs::proof_number(&self.0)
    }
    fn period_from(&self) -> chrono::NaiveDate {
        self.0.period_from
    }
    fn period_to(&self) -> chrono::NaiveDate {
        self.0.period_to
    }
    /// How many services it counts.
    fn services(&self) -> i32 {
        self.0.services
    }
    fn minutes(&self) -> f64 {
        self.0.minutes as f64
    }
    /// The services in words (上门探访 2 次、送餐 1 次).
    fn content(&self) -> &str {
        &self.0.content
    }
    fn issued_at(&self) -> DateTime<Utc> {
        self.0.issued_at.and_utc()
    }
    /// The printable page.
    fn print_url(&self) -> String {
        format!("/proofs/{}", self.0.id)
    }
    /// The visitor's name (in the office's list of proofs it issued).
    fn visitor_name(&self) -> Option<&str> {
        self.1.as_deref()
    }
}

/// A visitor's request to correct a visit's minutes (民政部令第67号), and its decision.
pub struct ServiceCorrection(
    pub crate::db::proofs::CorrectionRow,
    pub Option<(String, chrono::NaiveDateTime)>,
);

#[graphql_object(context = Context, description = "更正申请 — a visitor's request to correct a visit's minutes")]
impl ServiceCorrection {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn record_id(&self) -> &str {
        self.0.record_id.as_str()
    }
    fn recorded_minutes(&self) -> f64 {
        self.0.recorded_minutes as f64
    }
    fn requested_minutes(&self) -> f64 {
        self.0.requested_minutes as f64
    }
    fn reason(&self) -> &str {
        &self.0.reason
    }
    fn status(&self) -> crate::domain::care::CorrectionStatus {
        self.0.status
    }
    fn decision_reason(&self) -> Option<&str> {
        self.0.decision_reason.as_deref()
    }
    fn requested_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
    fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at.map(|at| at.and_utc())
    }
    /// The visitor's name (in the office's inbox).
    fn visitor_name(&self) -> Option<&str> {
        self.1.as_ref().map(|(name, _)| name.as_str())
    }
    /// When the visit started (in the office's inbox).
    fn visit_started_at(&self) -> Option<DateTime<Utc>> {
        self.1.as_ref().map(|(_, at)| at.and_utc())
    }
}

/// One entry of 我的志愿服务记录: an accepted visit or care given freely.
pub struct ServiceRecordEntry(pub crate::service::proofs::ServiceEntry);

#[graphql_object(
    context = Context,
    description = "志愿服务记录 — one accepted visit or one service given freely, as the visitor reads their record"
)]
impl ServiceRecordEntry {
    /// The visit record's id, to ask for a correction (absent for care given).
    fn record_id(&self) -> Option<&str> {
        match &self.0.done {
            crate::service::proofs::ServiceDone::Visit { record, .. } => Some(record.as_str()),
            crate::service::proofs::ServiceDone::Care { .. } => None,
        }
    }
    /// When the visit started, or the care was given.
    fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
    /// The village's name.
    fn place(&self) -> &str {
        &self.0.place
    }
    /// How the visit was made (absent for care given).
    fn mode(&self) -> Option<crate::domain::policy::VisitMode> {
        match &self.0.done {
            crate::service::proofs::ServiceDone::Visit { mode, .. } => Some(*mode),
            crate::service::proofs::ServiceDone::Care { .. } => None,
        }
    }
    /// The care given, when it is one of the platform's kinds (absent for a visit, and for a
    /// kind the district's pack lists: `content` names it).
    fn care_kind(&self) -> Option<CareKind> {
        match &self.0.done {
            crate::service::proofs::ServiceDone::Care { kind, .. } => *kind,
            crate::service::proofs::ServiceDone::Visit { .. } => None,
        }
    }
    /// Whether the visitor went along on the visit as a co-visitor (同行; false for care given).
    fn co_visit(&self) -> bool {
        matches!(
            &self.0.done,
            crate::service::proofs::ServiceDone::Visit { co: true, .. }
        )
    }
    /// The content in words (上门探访, 上门探访（同行） for a co-visit, 送餐 …).
    fn content(&self) -> String {
        match &self.0.done {
            crate::service::proofs::ServiceDone::Visit { mode, co, .. } => {
                crate::service::proofs::visit_content(*mode, *co)
            }
            crate::service::proofs::ServiceDone::Care { service, .. } => service.clone(),
        }
    }
    /// Minutes counted, as a proof counts them (a visit: net of reversals and corrections).
    fn minutes(&self) -> f64 {
        self.0.minutes as f64
    }
    /// The organiser: the town office's name.
    fn organiser(&self) -> &str {
        &self.0.organiser
    }
    /// Whether a correction may be asked (a visit whose minutes are in the ledger, with no
    /// request pending).
    fn may_correct(&self) -> bool {
        match &self.0.done {
            crate::service::proofs::ServiceDone::Visit { in_ledger, .. } => {
                *in_ledger
                    && self
                        .0
                        .correction
                        .as_ref()
                        .is_none_or(|c| c.status != crate::domain::care::CorrectionStatus::Pending)
            }
            crate::service::proofs::ServiceDone::Care { .. } => false,
        }
    }
    /// The latest correction asked about the visit.
    fn correction(&self) -> Option<ServiceCorrection> {
        self.0.correction.clone().map(|row| ServiceCorrection(row, None))
    }
}

/// An elder the visitor may record care for.
pub struct CareElder(pub crate::service::care::CareElder);

#[graphql_object(context = Context, description = "可记录服务的老人 — an elder whose slot the visitor held or whom they visited lately")]
impl CareElder {
    fn elder_id(&self) -> &str {
        self.0.elder_id.as_str()
    }
    /// The surname and 老人.
    fn name(&self) -> &str {
        &self.0.name
    }
    /// The village's name.
    fn village(&self) -> &str {
        &self.0.village
    }
}

/// A kind of care the caller may record for an elder.
pub struct CareKindChoice(pub crate::service::care::CareChoice);

#[graphql_object(
    context = Context,
    description = "服务项目 — a kind of care that may be recorded for an elder: one of the platform's kinds, or one the pack of the elder's district lists"
)]
impl CareKindChoice {
    /// The platform's kind; absent for a kind the pack lists (record it with `otherKind`).
    fn kind(&self) -> Option<CareKind> {
        self.0.care.kind()
    }
    /// The name of a kind the pack lists, to record it with (`otherKind`); absent for the
    /// platform's kinds.
    fn other_kind(&self) -> Option<&str> {
        match &self.0.care {
            crate::domain::care::Care::Listed(name) => Some(name),
            crate::domain::care::Care::Kind(_) => None,
        }
    }
    /// Its name in Chinese (理发, 心理疏导 …), as the elder's file and the service record show it.
    fn name(&self) -> &str {
        self.0.care.name()
    }
    /// Whether the pack's `[hours] services` names it: given by a visitor who earns in the
    /// time bank, it credits their time bank.
    fn earns_time(&self) -> bool {
        self.0.earns_time
    }
}

/// One visitor's period in the volunteers' overview.
pub struct VolunteerSummary(pub crate::service::overview::VolunteerSummary);

#[graphql_object(context = Context, description = "志愿者概况 — one visitor's period")]
impl VolunteerSummary {
    fn visitor_id(&self) -> &str {
        self.0.visitor.id.as_str()
    }
    fn name(&self) -> &str {
        &self.0.visitor.display_name
    }
    fn kind(&self) -> Option<crate::domain::access::VisitorKind> {
        self.0.visitor.visitor_kind
    }
    fn status(&self) -> crate::domain::access::AccountStatus {
        self.0.visitor.status
    }
    /// Accepted visits that started in the period, as the record's visitor or a co-visitor.
    fn visits(&self) -> i32 {
        i32::try_from(self.0.visits).unwrap_or(i32::MAX)
    }
    /// Minutes served on those visits and on care given freely.
    fn minutes(&self) -> f64 {
        self.0.minutes as f64
    }
    /// Care given freely (理发, 送餐 …).
    fn care_services(&self) -> i32 {
        i32::try_from(self.0.care).unwrap_or(i32::MAX)
    }
    /// No-shows whose window ended in the period.
    fn no_shows(&self) -> i32 {
        i32::try_from(self.0.no_shows).unwrap_or(i32::MAX)
    }
    /// Training sessions attended that were held in the period.
    fn trainings(&self) -> i32 {
        i32::try_from(self.0.trainings).unwrap_or(i32::MAX)
    }
    /// Minutes of those training sessions.
    fn training_minutes(&self) -> i32 {
        i32::try_from(self.0.training_minutes).unwrap_or(i32::MAX)
    }
    /// The latest visit started or care given in the period.
    fn last_active(&self) -> Option<DateTime<Utc>> {
        self.0.last_active.map(|at| at.and_utc())
    }
}

/// 服务人员 — a visitor who may be named as having given an elder a service.
#[derive(juniper::GraphQLObject)]
#[graphql(description = "服务人员 — a visitor of the elder's town who may have given a service")]
pub struct CareGiverChoice {
    pub id: String,
    pub name: String,
}
