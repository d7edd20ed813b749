//! Accounts, sign-in results, schools, the audit log and the family view.

use chrono::{DateTime, NaiveDate, Utc};
use juniper::graphql_object;

use super::calendar::CalendarFeed;
use super::connection::{encode_cursor, PageInfo};
use super::Context;
use crate::db::models::{AuditRow, ElderRow, SchoolRow, UserRow};
use crate::domain::access::{AccountStatus, Role, VisitorKind};
use crate::domain::elder::ServiceStatus;
use crate::domain::id::{AccountId, ElderId, SchoolId};
use crate::domain::message::{Channel, MessageKind};
use crate::error::AppResult;
use crate::service::elders::Unmasked;
use crate::service::preferences::Setting;
use crate::service::sessions::Tokens;

pub struct Account(pub UserRow);

#[graphql_object(context = Context, description = "账号 — an account with its role and place")]
impl Account {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn username(&self) -> &str {
        &self.0.username
    }
    fn display_name(&self) -> &str {
        &self.0.display_name
    }
    fn role(&self) -> Option<Role> {
        Some(self.0.role)
    }
    fn status(&self) -> Option<AccountStatus> {
        Some(self.0.status)
    }
    /// The node of the administrative tree the role is held at.
    fn area_code(&self) -> Option<&str> {
        self.0.area_code.as_deref()
    }
    fn school_id(&self) -> Option<&str> {
        self.0.school_id.as_ref().map(SchoolId::as_str)
    }
    fn elder_id(&self) -> Option<&str> {
        self.0.elder_id.as_ref().map(ElderId::as_str)
    }
    fn visitor_kind(&self) -> Option<VisitorKind> {
        self.0.visitor_kind
    }
    /// Masked.
    fn id_number(&self) -> Option<&str> {
        self.0.id_number_masked.as_deref()
    }
    /// Masked.
    fn phone(&self) -> Option<&str> {
        self.0.phone_masked.as_deref()
    }
    /// 邮箱 — masked; where messages by mail reach this account (`updateMyContact`).
    fn email(&self) -> Option<&str> {
        self.0.email_masked.as_deref()
    }
    /// 语言 — `zh` or `en`: the language of the messages this account gets (Chinese when unset).
    fn locale(&self) -> Option<&str> {
        self.0.locale.as_deref()
    }
    /// 未成年 — under 18 (from the ID number).
    fn is_minor(&self) -> bool {
        self.0.is_minor
    }
    /// 可兑换 — whether this account may spend time-bank hours on care today (from the age of
    /// 60, by the birth date of its ID number).
    fn may_redeem_hours(&self, ctx: &Context) -> bool {
        crate::service::ledger::may_redeem(self.0.birth_date, ctx.call().today)
    }
    fn guardian_name(&self) -> Option<&str> {
        self.0.guardian_name.as_deref()
    }
    fn guardian_consent_on(&self) -> Option<NaiveDate> {
        self.0.guardian_consent_on
    }
    fn approved_by(&self) -> Option<&str> {
        self.0.approved_by.as_deref()
    }
    fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
    /// 日历订阅 — whether this visitor has a calendar feed and since when; only on your own
    /// visitor account (null otherwise). The feed's URL is never shown again.
    async fn calendar_feed(&self, ctx: &Context) -> AppResult<Option<CalendarFeed>> {
        let id = self.0.id.clone();
        let since = ctx
            .run_call(move |c, call| crate::service::calendar::feed_since(c, call, &id))
            .await?;
        Ok(since.map(|at| CalendarFeed { since: at.and_utc() }))
    }
}

pub struct AccountConnection {
    rows: Vec<UserRow>,
    has_next_page: bool,
}

impl AccountConnection {
    pub fn new(rows: Vec<UserRow>, has_next_page: bool) -> Self {
        AccountConnection { rows, has_next_page }
    }
}

#[graphql_object(context = Context)]
impl AccountConnection {
    fn nodes(&self) -> Vec<Account> {
        self.rows.iter().cloned().map(Account).collect()
    }
    fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            end_cursor: self.rows.last().map(|r| encode_cursor("account", r.id.as_str())),
        }
    }
}

pub struct AuthPayload(pub Tokens);

#[graphql_object(context = Context, description = "登录结果")]
impl AuthPayload {
    /// Send as `Authorization: Bearer …`; short-lived.
    fn access_token(&self) -> &str {
        &self.0.access_token
    }
    fn access_expires_at(&self) -> DateTime<Utc> {
        self.0.access_expires_at.and_utc()
    }
    /// Keep it safe; trade it for new tokens with `refresh`. Usable once.
    fn refresh_token(&self) -> &str {
        &self.0.refresh_token
    }
    fn account(&self) -> Account {
        Account(self.0.user.clone())
    }
}

pub struct School(pub SchoolRow);

#[graphql_object(context = Context, description = "学校")]
impl School {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    fn area_code(&self) -> &str {
        &self.0.area_code
    }
    /// 学分规则 — this many certified minutes make one credit (`setSchoolCreditRule`).
    fn minutes_per_credit(&self) -> i32 {
        self.0.minutes_per_credit
    }
}

pub struct UnmaskedElder(pub Unmasked);

#[graphql_object(context = Context, description = "完整身份信息 — read in full; the read is audited")]
impl UnmaskedElder {
    fn id_number(&self) -> &str {
        &self.0.id_number
    }
    fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// Emergency contacts' phones in calling order.
    fn emergency_contact_phones(&self) -> &[String] {
        &self.0.contact_phones
    }
    /// 残疾证号 in full.
    fn disability_certificate_no(&self) -> Option<&str> {
        self.0.disability_certificate_no.as_deref()
    }
}

pub struct AuditEntry(pub AuditRow);

#[graphql_object(context = Context, description = "审计记录")]
impl AuditEntry {
    /// Pass as `after` to read older entries.
    fn cursor(&self) -> String {
        encode_cursor("audit", &self.0.id)
    }
    fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
    fn actor_id(&self) -> Option<&str> {
        self.0.actor_id.as_ref().map(AccountId::as_str)
    }
    fn actor_role(&self) -> &str {
        &self.0.actor_role
    }
    /// e.g. `elder.update`, `elder.unmask`, `account.approve`.
    fn action(&self) -> &str {
        &self.0.action
    }
    fn object_type(&self) -> &str {
        &self.0.object_type
    }
    fn object_id(&self) -> Option<&str> {
        self.0.object_id.as_deref()
    }
    fn area_code(&self) -> Option<&str> {
        self.0.area_code.as_deref()
    }
    /// The stated reason (unmasked reads, status changes).
    fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// JSON; sensitive values masked.
    fn before(&self) -> Option<&str> {
        self.0.before_json.as_deref()
    }
    /// JSON; sensitive values masked.
    fn after(&self) -> Option<&str> {
        self.0.after_json.as_deref()
    }
}

pub struct FamilyView(pub ElderRow);

#[graphql_object(
    context = Context,
    description = "家属视图 — what a family account sees of the elder it follows (visit history comes with the records issue)"
)]
impl FamilyView {
    fn elder_id(&self) -> &str {
        self.0.id.as_str()
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    fn service_status(&self) -> Option<ServiceStatus> {
        Some(self.0.service_status)
    }
    /// 探访记录 — the submitted or reviewed visits, newest first (when, how, who; never what
    /// was recorded about health or home).
    async fn visits(ctx: &Context) -> AppResult<Vec<FamilyVisit>> {
        let rows = ctx.run_call(crate::service::family::visits).await?;
        Ok(rows.into_iter().map(FamilyVisit).collect())
    }
    /// 结对联系人 — who is responsible for the elder and how to reach them.
    async fn contact(ctx: &Context) -> AppResult<Option<FamilyContactView>> {
        let contact = ctx.run_call(crate::service::family::contact).await?;
        Ok(contact.map(FamilyContactView))
    }
}

pub struct FamilyVisit(pub crate::service::family::FamilyVisit);

#[graphql_object(context = Context, description = "家属可见的一次探访")]
impl FamilyVisit {
    /// 第几次探访 (per elder).
    fn visit_no(&self) -> i32 {
        self.0.visit_no
    }
    fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at.and_utc()
    }
    fn mode(&self) -> crate::domain::policy::VisitMode {
        self.0.mode
    }
    /// 上门探访 / 电话探访 …
    fn mode_label(&self) -> &'static str {
        self.0.mode.label_zh()
    }
    fn status(&self) -> crate::domain::record::RecordStatus {
        self.0.status
    }
    /// 待审核 / 已通过.
    fn status_label(&self) -> &'static str {
        self.0.status.label_zh()
    }
    /// The visitor's surname, the rest masked (王**).
    fn visitor_name(&self) -> &str {
        &self.0.visitor_name
    }
}

pub struct FamilyContactView(pub crate::service::family::FamilyContact);

#[graphql_object(context = Context, description = "家属看到的结对联系人")]
impl FamilyContactView {
    fn name(&self) -> &str {
        &self.0.contact.name
    }
    fn role(&self) -> Role {
        self.0.contact.role
    }
    /// 村(居)工作人员 …
    fn role_label(&self) -> &'static str {
        self.0.contact.role.label_zh()
    }
    /// Named by an organizer; `false` when it is the village staff by default.
    fn paired(&self) -> bool {
        self.0.contact.paired
    }
    /// A staff contact's number in full, to call; null for a visitor (see `phoneMasked`).
    fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    fn phone_masked(&self) -> Option<&str> {
        self.0.contact.phone_masked.as_deref()
    }
}

pub struct NotificationSetting(pub Setting);

#[graphql_object(context = Context, description = "通知设置 — one kind of message the signed-in account receives")]
impl NotificationSetting {
    fn kind(&self) -> MessageKind {
        self.0.kind
    }
    /// The kind's Chinese name (e.g. 探访提醒).
    fn label(&self) -> &str {
        self.0.kind.label_zh()
    }
    /// False for alarms (不可关闭).
    fn may_opt_out(&self) -> bool {
        self.0.may_opt_out
    }
    /// Whether it reaches you now.
    fn on(&self) -> bool {
        self.0.on
    }
    /// How it comes (mail only when your account has an address; SMS to your phone).
    fn channels(&self) -> Vec<Channel> {
        self.0.channels.to_vec()
    }
    /// The channels' Chinese names, in the same order.
    fn channel_labels(&self) -> Vec<&str> {
        self.0.channels.iter().map(|c| c.label_zh()).collect()
    }
}
