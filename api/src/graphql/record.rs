//! Visit records, drafts, risk cases, referrals and spot checks.

use crate::domain::message::{Channel, MessageKind};
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use juniper::graphql_object;

use super::connection::{encode_cursor, PageInfo};
use super::loader::{PageField, PageLoad};
use super::Context;
use crate::db::models::UserRow;
use crate::db::records::{CaseRow, DraftRow, OutboxRow, RecordRow, ReferralRow, SignalRow, SpotCheckRow};
use crate::domain::access::Role;
use crate::domain::id::{AccountId, CaseId, RecordId, SlotId};
use crate::domain::policy::VisitMode;
use crate::domain::record::format::{ElderConfirmationMethod, ReferralTarget};
use crate::domain::record::risk::{RiskKind, Severity};
use crate::domain::record::signal::SignalKind;
use crate::domain::record::RecordStatus;
use crate::error::AppResult;
use crate::service::cases::{self, CaseStatus, ReferralStatus};
use crate::service::records::{self, RecordAccess, Scoped};
use crate::service::spot_checks::SpotCheckOutcome;

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A record as the service handed it over, with the caller's access to it.
pub struct VisitRecordNode(pub Scoped<RecordRow>);

impl VisitRecordNode {
    fn row(&self) -> &RecordRow {
        &self.0.row
    }

    /// `value` for a reader of the whole record; `None` for a summary.
    fn full_only<T>(&self, value: Option<T>) -> Option<T> {
        value.filter(|_| self.0.access == RecordAccess::Full)
    }
}

#[graphql_object(context = Context, name = "VisitRecord", description = "探访记录 — one visit in the shared record format")]
impl VisitRecordNode {
    fn id(&self) -> &str {
        self.row().id.as_str()
    }
    fn submission_id(&self) -> &str {
        &self.row().submission_id
    }
    fn elder_id(&self) -> &str {
        self.row().elder_id.as_str()
    }
    fn village_code(&self) -> &str {
        &self.row().village_code
    }
    fn slot_id(&self) -> Option<&str> {
        self.row().slot_id.as_ref().map(SlotId::as_str)
    }
    fn visitor_id(&self) -> &str {
        self.row().visitor_id.as_str()
    }
    /// 第 N 次探访 of this elder: numbered when first submitted, one past the highest number
    /// among the elder's records that count (submitted, returned or accepted; a rejected
    /// record does not, and its number goes to the next record).
    fn visit_no(&self) -> i32 {
        self.row().visit_no
    }
    /// 记录编号 — the number people write and quote, e.g. `2026-000123`: the district's n-th
    /// record first submitted that year (Beijing time); never changes.
    fn record_no(&self) -> &str {
        &self.row().record_no
    }
    fn started_at(&self) -> DateTime<Utc> {
        utc(self.row().started_at)
    }
    fn ended_at(&self) -> DateTime<Utc> {
        utc(self.row().ended_at)
    }
    fn duration_minutes(&self) -> i32 {
        i32::try_from((self.row().ended_at - self.row().started_at).num_minutes()).unwrap_or(0)
    }
    fn mode(&self) -> Option<VisitMode> {
        Some(self.row().mode)
    }
    fn status(&self) -> Option<RecordStatus> {
        Some(self.row().status)
    }
    fn review_comment(&self) -> Option<&str> {
        self.row().review_comment.as_deref()
    }
    fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.row().reviewed_at.map(utc)
    }
    fn submitted_at(&self) -> DateTime<Utc> {
        utc(self.row().submitted_at)
    }
    fn version(&self) -> i32 {
        self.row().version
    }
    /// 老人确认方式 — how the elder confirmed the visit (on a paper record, the statement of the
    /// staff member who entered it); `null` unless `full`.
    fn elder_confirmation(&self) -> Option<ElderConfirmationMethod> {
        self.full_only(self.row().elder_confirmation)
    }
    /// The same in words (签字, 口述确认码, 签字纸质表, 电话确认); `null` unless `full`.
    fn elder_confirmation_label(&self) -> Option<&'static str> {
        self.full_only(self.row().elder_confirmation.map(ElderConfirmationMethod::label_zh))
    }
    /// When the elder confirmed: at the visit, or later for a past visit; `null` unless `full`.
    fn elder_confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.full_only(self.row().elder_confirmed_at.map(utc))
    }
    /// False when the reader sees only the date, mode and status (another visitor of the elder).
    fn full(&self) -> bool {
        self.0.access == RecordAccess::Full
    }
    /// The record in the shared format (JSON, `docs/record-format.md`); `null` unless `full`.
    fn body(&self, ctx: &Context) -> AppResult<Option<String>> {
        records::body_scoped(&ctx.call(), &self.0)
    }
    /// 异常提示 raised on submission (empty unless `full`).
    async fn signals(&self, ctx: &Context) -> AppResult<Vec<RecordSignal>> {
        let record = self.0.clone();
        let rows = ctx.run(move |c| records::signals_of_scoped(c, &record)).await?;
        Ok(rows.into_iter().map(RecordSignal).collect())
    }
    /// The risk cases this record opened, for readers of cases (`ReadElders` over the
    /// village): empty for anyone else, the record's own volunteer included.
    async fn cases(&self, ctx: &Context) -> AppResult<Vec<RiskCase>> {
        let id = self.row().id.clone();
        let rows = ctx.run_call(move |c, call| cases::of_record(c, call, &id)).await?;
        Ok(RiskCase::page(rows))
    }
    /// Where the record prints as a district's paper form (`yubei-3`, `emeishan-1`): a page
    /// to open with the bearer token; add `?download=1` for a file to archive.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "juniper hands a resolver its arguments by value"
    )]
    fn print_path(&self, form: String) -> String {
        format!("/records/{}/print/{}", self.row().id, form)
    }
}

pub struct RecordSignal(pub SignalRow);

#[graphql_object(context = Context, description = "异常提示 — a fraud signal for the reviewer")]
impl RecordSignal {
    fn kind(&self) -> Option<SignalKind> {
        Some(self.0.kind)
    }
    fn detail(&self) -> &str {
        &self.0.detail
    }
    fn other_record_id(&self) -> Option<&str> {
        self.0.other_record_id.as_ref().map(RecordId::as_str)
    }
}

pub struct VisitRecordConnection {
    pub edges: Vec<VisitRecordNode>,
    pub has_next_page: bool,
}

pub struct VisitRecordEdge<'a>(&'a VisitRecordNode);

#[graphql_object(context = Context, name = "VisitRecordEdge")]
impl VisitRecordEdge<'_> {
    fn cursor(&self) -> String {
        encode_cursor("record", self.0.row().id.as_str())
    }
    fn node(&self) -> &VisitRecordNode {
        self.0
    }
}

#[graphql_object(context = Context)]
impl VisitRecordConnection {
    fn edges(&self) -> Vec<VisitRecordEdge<'_>> {
        self.edges.iter().map(VisitRecordEdge).collect()
    }
    fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            end_cursor: self.edges.last().map(|e| encode_cursor("record", e.row().id.as_str())),
        }
    }
}

pub struct SubmitResult {
    pub record: VisitRecordNode,
    pub created: bool,
}

#[graphql_object(context = Context, description = "提交结果")]
impl SubmitResult {
    fn record(&self) -> &VisitRecordNode {
        &self.record
    }
    /// False when this submission id had been stored already (a retry): nothing was written.
    fn created(&self) -> bool {
        self.created
    }
}

pub struct RecordDraft(pub DraftRow, pub String);

#[graphql_object(context = Context, description = "探访记录草稿")]
impl RecordDraft {
    fn submission_id(&self) -> &str {
        &self.0.submission_id
    }
    fn elder_id(&self) -> &str {
        self.0.elder_id.as_str()
    }
    fn slot_id(&self) -> Option<&str> {
        self.0.slot_id.as_ref().map(SlotId::as_str)
    }
    /// What was typed so far (JSON).
    fn body(&self) -> &str {
        &self.1
    }
    fn version(&self) -> i32 {
        self.0.version
    }
    fn updated_at(&self) -> DateTime<Utc> {
        utc(self.0.updated_at)
    }
}

pub struct IssuedElderCode(pub records::IssuedCode);

#[graphql_object(context = Context, description = "口述确认码已发送")]
impl IssuedElderCode {
    /// The elder's phone, masked.
    fn sent_to(&self) -> &str {
        &self.0.sent_to_masked
    }
    fn expires_at(&self) -> DateTime<Utc> {
        utc(self.0.expires_at)
    }
}

/// A case, and the cases it was listed with, which load their follow-ups, referrals and
/// notifications together ([`super::loader`]).
pub struct RiskCase {
    row: CaseRow,
    page: Arc<CasePage>,
}

/// The cases listed together: their ids, and their fields loaded once for all.
#[derive(Default)]
struct CasePage {
    ids: Arc<[CaseId]>,
    follow_ups: PageField<CaseId, Vec<Scoped<RecordRow>>>,
    referrals: PageField<CaseId, Vec<ReferralRow>>,
    notifications: PageField<CaseId, Vec<OutboxRow>>,
    owner_names: PageField<CaseId, Vec<String>>,
    elder_names: PageField<CaseId, Vec<String>>,
}

impl RiskCase {
    /// Cases shown together (a board, a record's cases).
    pub fn page(rows: Vec<CaseRow>) -> Vec<RiskCase> {
        let page = Arc::new(CasePage {
            ids: rows.iter().map(|r| r.id.clone()).collect(),
            ..CasePage::default()
        });
        rows.into_iter()
            .map(|row| RiskCase {
                row,
                page: Arc::clone(&page),
            })
            .collect()
    }

    /// One case shown alone.
    pub fn one(row: CaseRow) -> RiskCase {
        let page = Arc::new(CasePage {
            ids: Arc::new([row.id.clone()]),
            ..CasePage::default()
        });
        RiskCase { row, page }
    }

    /// This case's part of a per-case list field, loaded for the whole page on first use.
    async fn part<T>(
        &self,
        ctx: &Context,
        field: &PageField<CaseId, Vec<T>>,
        load: PageLoad<CaseId, Vec<T>>,
    ) -> AppResult<Vec<T>>
    where
        T: Clone + Send + Sync + 'static,
    {
        let found = field.get(ctx, &self.page.ids, &self.row.id, load).await?;
        Ok(found.unwrap_or_default())
    }
}

#[graphql_object(context = Context, description = "风险个案 — a major risk found on a visit, followed up until closed")]
impl RiskCase {
    fn id(&self) -> &str {
        self.row.id.as_str()
    }
    fn elder_id(&self) -> &str {
        self.row.elder_id.as_str()
    }
    fn village_code(&self) -> &str {
        &self.row.village_code
    }
    /// The elder's name (loaded for the whole board at once).
    async fn elder_name(&self, ctx: &Context) -> AppResult<Option<String>> {
        let names = self
            .part(ctx, &self.page.elder_names, cases::elder_names_by_case)
            .await?;
        Ok(names.into_iter().next())
    }
    /// The record that found it; `null` for a lost-contact case (失联), which no record found.
    fn record_id(&self) -> Option<&str> {
        self.row.record_id.as_ref().map(RecordId::as_str)
    }
    fn kind(&self) -> Option<RiskKind> {
        Some(self.row.kind)
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.row.severity)
    }
    /// 依据 — what the record showed, in the form's words (安全隐患·用电：不安全).
    fn evidence(&self) -> String {
        crate::domain::record::risk::evidence_in_words(&self.row.evidence)
    }
    fn status(&self) -> Option<CaseStatus> {
        Some(self.row.status)
    }
    fn owner_id(&self) -> Option<&str> {
        self.row.owner_id.as_ref().map(AccountId::as_str)
    }
    /// 负责人 — the owner's name (`null` when no one owns the case).
    async fn owner_name(&self, ctx: &Context) -> AppResult<Option<String>> {
        let names = self
            .part(ctx, &self.page.owner_names, cases::owner_names_by_case)
            .await?;
        Ok(names.into_iter().next())
    }
    fn opened_at(&self) -> DateTime<Utc> {
        utc(self.row.opened_at)
    }
    /// 处置时限.
    fn due_at(&self) -> DateTime<Utc> {
        utc(self.row.due_at)
    }
    fn overdue(&self, ctx: &Context) -> bool {
        self.row.status == CaseStatus::Open && ctx.clock.now().naive_utc() > self.row.due_at
    }
    fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.row.closed_at.map(utc)
    }
    fn closing_note(&self) -> Option<&str> {
        self.row.closing_note.as_deref()
    }
    fn version(&self) -> i32 {
        self.row.version
    }
    /// 跟踪回访 — later records of the elder linked to this case.
    async fn follow_ups(&self, ctx: &Context) -> AppResult<Vec<VisitRecordNode>> {
        let rows = self
            .part(ctx, &self.page.follow_ups, records::follow_ups_by_case)
            .await?;
        Ok(rows.into_iter().map(VisitRecordNode).collect())
    }
    async fn referrals(&self, ctx: &Context) -> AppResult<Vec<Referral>> {
        let rows = self.part(ctx, &self.page.referrals, cases::referrals_by_case).await?;
        Ok(rows.into_iter().map(Referral).collect())
    }
    /// 可指定的负责人 — who may take this case: the active organizers of its town and staff of
    /// its village (what `assignCase` accepts); empty for a reader who may not assign it.
    async fn possible_owners(&self, ctx: &Context) -> AppResult<Vec<CaseOwner>> {
        let id = self.row.id.clone();
        let rows = ctx
            .run_call(move |c, call| cases::possible_owners(c, call, &id))
            .await?;
        Ok(rows.into_iter().map(CaseOwner).collect())
    }
    /// The notifications the case made due (the outbox); phones masked.
    async fn notifications(&self, ctx: &Context) -> AppResult<Vec<Notification>> {
        let rows = self
            .part(ctx, &self.page.notifications, cases::notifications_by_case)
            .await?;
        Ok(rows.into_iter().map(Notification).collect())
    }
}

/// A person a case may be given to.
pub struct CaseOwner(pub UserRow);

#[graphql_object(context = Context, description = "可指定的负责人 — a person who may take a case")]
impl CaseOwner {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    /// 姓名 as the account shows it.
    fn name(&self) -> &str {
        &self.0.display_name
    }
    fn role(&self) -> Role {
        self.0.role
    }
}

pub struct Referral(pub ReferralRow);

#[graphql_object(context = Context, description = "转介")]
impl Referral {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn case_id(&self) -> Option<&str> {
        self.0.case_id.as_ref().map(CaseId::as_str)
    }
    fn record_id(&self) -> Option<&str> {
        self.0.record_id.as_ref().map(RecordId::as_str)
    }
    fn target(&self) -> Option<ReferralTarget> {
        Some(self.0.target)
    }
    fn detail(&self) -> &str {
        &self.0.detail
    }
    fn urgent(&self) -> bool {
        self.0.urgent
    }
    fn status(&self) -> Option<ReferralStatus> {
        Some(self.0.status)
    }
    fn status_note(&self) -> Option<&str> {
        self.0.status_note.as_deref()
    }
    fn updated_at(&self) -> DateTime<Utc> {
        utc(self.0.updated_at)
    }
    fn version(&self) -> i32 {
        self.0.version
    }
}

pub struct Notification(pub OutboxRow);

#[graphql_object(context = Context, description = "待发通知 — a notification in the outbox")]
impl Notification {
    fn id(&self) -> &str {
        &self.0.id
    }
    /// `sms`, `email` or `in_app`.
    fn channel(&self) -> &str {
        self.0.channel.as_str()
    }
    /// `emergency_contact`, `town` or `elder`.
    fn recipient_kind(&self) -> &str {
        &self.0.recipient_kind
    }
    fn recipient_name(&self) -> &str {
        &self.0.recipient_name
    }
    fn recipient_masked(&self) -> Option<&str> {
        self.0.recipient_masked.as_deref()
    }
    fn body(&self) -> &str {
        &self.0.body
    }
    fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }
    fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at.map(utc)
    }
    /// What the message is about.
    fn kind(&self) -> MessageKind {
        self.0.kind
    }
    /// The mail's subject (mail only).
    fn subject(&self) -> Option<&str> {
        self.0.subject.as_deref()
    }
    /// How many times it was tried.
    fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// Why the last try failed.
    fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When it was given up (a dead letter), after its last try.
    fn dead_at(&self) -> Option<DateTime<Utc>> {
        self.0.dead_at.map(utc)
    }
    /// 待发送, 已发送, 重试中 or 发送失败 (站内 lines are shown in the app, not sent).
    fn status_label(&self) -> &'static str {
        let row = &self.0;
        match (row.channel, row.sent_at, row.dead_at) {
            (_, _, Some(_)) => "发送失败",
            (_, Some(_), _) => "已发送",
            (Channel::InApp, _, _) => "站内通知",
            _ if row.last_error.is_some() => "重试中",
            _ => "待发送",
        }
    }
}

pub struct SpotCheck(pub SpotCheckRow);

#[graphql_object(context = Context, description = "抽查样本 — one sampled record and its check")]
impl SpotCheck {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn month(&self) -> &str {
        &self.0.month
    }
    fn visitor_id(&self) -> &str {
        self.0.visitor_id.as_str()
    }
    fn outcome(&self) -> Option<SpotCheckOutcome> {
        self.0.outcome
    }
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The sampled record, photos and signals included (the read is audited).
    async fn record(&self, ctx: &Context) -> AppResult<VisitRecordNode> {
        let id = self.0.record_id.clone();
        ctx.run_call(move |c, call| records::get(c, call, &id))
            .await
            .map(VisitRecordNode)
    }
}
