//! Policy packs, a district's choice, and an elder's tier.

use chrono::{DateTime, NaiveDate, Utc};
use juniper::graphql_object;

use super::connection::PageInfo;
use super::elder::Elder;
use super::Context;
use crate::db::models::{DistrictPolicyRow, TierRaiseRow};
use crate::domain::closing::CorrectionKind;
use crate::domain::export::{DistrictForms, FormCode};
use crate::domain::festival::Festival;
use crate::domain::id::ElderId;
use crate::domain::period::PeriodKind;
use crate::domain::policy::{
    ItemSource, MonthCompliance, PeriodCompliance, PolicyPack, Requirement, RequirementKind, RequirementStatus, Status,
    SurgeKind, Tier, TierMatch, VisitMode,
};
use crate::service::closing::{ClosedFigures, Correction};
use crate::service::policies::{CalendarEntry, Coverage, CoverageCounts, SurgeEntry};

pub struct Pack(pub PolicyPack);

#[graphql_object(context = Context, description = "政策包 — a district's visiting rules, as data")]
impl Pack {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    /// The policy document it transcribes, with where the transcription is kept.
    fn source(&self) -> &str {
        &self.0.source
    }
    /// 政策依据 — the document's own title and clause, for screens (`source` without the
    /// seed file's name).
    fn document(&self) -> &str {
        self.0.document()
    }
    /// Cycle of reports to the district.
    fn reporting(&self) -> PeriodKind {
        self.0.reporting.cycle()
    }
    /// In order: the first whose condition holds is the elder's tier.
    fn tiers(&self) -> Vec<PackTier> {
        self.0.tiers.iter().cloned().map(PackTier).collect()
    }
    /// Festivals on which the pack's surge applies (codes, e.g. `spring_festival`).
    fn festivals(&self) -> Vec<String> {
        self.0.festivals.on.iter().map(|f| f.as_str().to_string()).collect()
    }
    /// The same festivals by name, for screens (春节, 重阳节).
    fn festival_names(&self) -> Vec<&'static str> {
        self.0.festivals.on.iter().map(|f| f.label_zh()).collect()
    }
    /// 表样 — the record, registration and ledger forms the district uses, and its hand-in.
    fn forms(&self) -> Forms {
        Forms(self.0.forms.clone())
    }
}

pub struct Forms(pub DistrictForms);

#[graphql_object(
    context = Context,
    description = "表样 — the forms a district's pack names, quoted from its document: what the print and export buttons offer"
)]
impl Forms {
    /// The document's words naming the forms; `null` when the pack names none.
    fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// 台帐 / 统计表 / 汇总表.
    fn ledger(&self) -> Option<FormInfo> {
        self.0.ledger.map(FormInfo)
    }
    /// 登记表 (one per elder).
    fn registration(&self) -> Option<FormInfo> {
        self.0.registration.map(FormInfo)
    }
    /// 记录表 (one per visit record).
    fn record(&self) -> Option<FormInfo> {
        self.0.record.map(FormInfo)
    }
    /// Months (1–12) of the periodic hand-in; empty when the document names none.
    fn hand_in_months(&self) -> Vec<i32> {
        self.0
            .hand_in
            .iter()
            .flat_map(|h| h.months.iter().map(|m| i32::try_from(*m).unwrap_or(0)))
            .collect()
    }
    /// The forms of the hand-in, in the document's order.
    fn hand_in(&self) -> Vec<FormInfo> {
        self.0
            .hand_in
            .iter()
            .flat_map(|h| h.files.iter().copied().map(FormInfo))
            .collect()
    }
}

pub struct FormInfo(pub FormCode);

#[graphql_object(context = Context, description = "表样 — one form a district's document attaches")]
impl FormInfo {
    fn form(&self) -> FormCode {
        self.0
    }
    /// The form's title as printed on it.
    fn title(&self) -> &str {
        self.0.label_zh()
    }
    /// Its 附件 number in the document.
    fn attachment_no(&self) -> i32 {
        i32::try_from(self.0.attachment_no()).unwrap_or(0)
    }
}

pub struct PackTier(Tier);

#[graphql_object(context = Context, description = "分类 — a tier of a policy pack")]
impl PackTier {
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    /// 重点 / 一般 / A类 …
    fn label(&self) -> &str {
        &self.0.label
    }
    /// The condition on the elder file, in the pack's expression language.
    fn when(&self) -> String {
        self.0.when.to_string()
    }
    /// 适用条件 — the same condition in words, for screens (`失能（任一失能等级） 或 年满 80 周岁`).
    fn when_words(&self) -> String {
        self.0.when.words_zh()
    }
    fn requirements(&self) -> Vec<PackRequirement> {
        self.0.requirements.iter().cloned().map(PackRequirement).collect()
    }
}

pub struct PackRequirement(Requirement);

#[graphql_object(context = Context, description = "探访要求 — at least `count` per `per`")]
impl PackRequirement {
    /// `true` for a yearly risk assessment rather than visits.
    fn is_risk_assessment(&self) -> bool {
        self.0.kind == RequirementKind::RiskAssessment
    }
    fn count(&self) -> i32 {
        i32::try_from(self.0.count).unwrap_or(i32::MAX)
    }
    fn modes(&self) -> &[VisitMode] {
        &self.0.modes
    }
    fn per(&self) -> PeriodKind {
        self.0.per
    }
    /// Day of the month by which visits must be made (linzi: 20).
    fn deadline_day(&self) -> Option<i32> {
        self.0.deadline_day.and_then(|d| i32::try_from(d).ok())
    }
    /// e.g. 每半月上门探访至少 1 次
    fn label(&self) -> String {
        self.0.label_zh()
    }
}

pub struct PackChoice(pub DistrictPolicyRow);

#[graphql_object(context = Context, description = "政策选择 — a district's choice of pack from a date")]
impl PackChoice {
    fn district_code(&self) -> &str {
        &self.0.district_code
    }
    fn pack_id(&self) -> &str {
        &self.0.pack_id
    }
    fn pack(&self, ctx: &Context) -> Option<Pack> {
        crate::service::policies::pack(&ctx.call(), &self.0.pack_id)
            .cloned()
            .map(Pack)
    }
    fn effective_from(&self) -> NaiveDate {
        self.0.effective_from
    }
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    fn chosen_by(&self) -> &str {
        &self.0.chosen_by
    }
    fn chosen_at(&self) -> DateTime<Utc> {
        self.0.chosen_at.and_utc()
    }
}

pub struct TierAssignment {
    pub pack_id: String,
    pub tier: TierMatch,
}

#[graphql_object(context = Context, description = "分类结果 — the tier an elder holds on a day, and why")]
impl TierAssignment {
    fn pack_id(&self) -> &str {
        &self.pack_id
    }
    fn tier_id(&self) -> &str {
        self.tier.tier.as_str()
    }
    fn label(&self) -> &str {
        &self.tier.label
    }
    /// The part of the tier's condition that held, e.g. `age >= 80 and living_alone`.
    fn rule(&self) -> &str {
        &self.tier.rule
    }
    /// Whether an organizer raised the tier.
    fn raised(&self) -> bool {
        self.tier.raised
    }
}

pub struct TierRaised(pub TierRaiseRow);

#[graphql_object(context = Context, description = "上调分类 — an organizer's written raise of an elder's tier")]
impl TierRaised {
    fn pack_id(&self) -> &str {
        &self.0.pack_id
    }
    fn tier_id(&self) -> &str {
        &self.0.tier_id
    }
    /// Applies to periods starting after this day.
    fn raised_on(&self) -> NaiveDate {
        self.0.raised_on
    }
    fn reason(&self) -> &str {
        &self.0.reason
    }
}

pub struct ElderMonth(pub MonthCompliance);

#[graphql_object(context = Context, description = "月度达标情况 — an elder's requirements in a month")]
impl ElderMonth {
    /// `2026-11`
    fn month(&self) -> String {
        format!("{:04}-{:02}", self.0.year, self.0.month)
    }
    /// The tier held on the month's first day.
    fn tier(&self) -> Option<&str> {
        self.0.tier.as_ref().map(|t| t.label.as_str())
    }
    /// Under service every day of the month: counted in the monthly visit rate.
    fn in_rate(&self) -> bool {
        self.0.in_rate
    }
    /// Every requirement met on time.
    fn met(&self) -> bool {
        self.0.met
    }
    fn next_due(&self) -> Option<NaiveDate> {
        self.0.next_due
    }
    fn items(&self) -> Vec<RequirementItem> {
        self.0.items.iter().cloned().map(RequirementItem).collect()
    }
}

pub struct RequirementItem(RequirementStatus);

#[graphql_object(context = Context, description = "一项探访要求在一个周期内的完成情况")]
impl RequirementItem {
    /// e.g. 每半月上门探访至少 1 次
    fn label(&self) -> &str {
        &self.0.label
    }
    /// The calendar period (`2026年11月上半月`) or the surge that added it.
    fn source(&self) -> String {
        match (&self.0.source, &self.0.period) {
            (ItemSource::Surge { label, .. }, _) => label.clone(),
            (_, Some(period)) => period.label_zh(),
            (_, None) => String::new(),
        }
    }
    fn from(&self) -> NaiveDate {
        self.0.from
    }
    fn to(&self) -> NaiveDate {
        self.0.to
    }
    fn due_by(&self) -> NaiveDate {
        self.0.due_by
    }
    /// At least this many visits (or risk assessments) inside `from`–`to`.
    fn count(&self) -> i32 {
        i32::try_from(self.0.count).unwrap_or(i32::MAX)
    }
    /// The visit modes that count (an in-person visit also counts where a phone or video
    /// contact does); empty for a risk assessment.
    fn modes(&self) -> &[VisitMode] {
        &self.0.modes
    }
    /// The kind of calendar period it is owed per (`HALF_MONTH` …); `null` for a surge's
    /// window.
    fn period_kind(&self) -> Option<PeriodKind> {
        self.0.period.map(|p| p.kind)
    }
    /// `true` for a yearly risk assessment rather than visits.
    fn is_risk_assessment(&self) -> bool {
        self.0.kind == RequirementKind::RiskAssessment
    }
    /// Visits that count, by day.
    fn counted_days(&self) -> Vec<NaiveDate> {
        self.0.counted.iter().map(|c| c.day).collect()
    }
    fn status(&self) -> Status {
        self.0.status
    }
    /// Met by visits made by the due date: what the monthly visit rate counts.
    fn met_on_time(&self) -> bool {
        self.0.met_on_time
    }
}

pub struct AreaCoverage(pub CoverageCounts);

#[graphql_object(context = Context, description = "覆盖情况 — one area's monthly visit rate and counts")]
impl AreaCoverage {
    fn code(&self) -> &str {
        &self.0.code
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    /// Elders under service all month (the denominator).
    fn elders(&self) -> i32 {
        i32::try_from(self.0.elders).unwrap_or(i32::MAX)
    }
    /// Every requirement of the month met on time.
    fn met(&self) -> i32 {
        i32::try_from(self.0.met).unwrap_or(i32::MAX)
    }
    /// Not met yet, nothing overdue.
    fn due(&self) -> i32 {
        i32::try_from(self.0.due).unwrap_or(i32::MAX)
    }
    /// At least one requirement overdue.
    fn overdue(&self) -> i32 {
        i32::try_from(self.0.overdue).unwrap_or(i32::MAX)
    }
    /// 月探访率 — met ÷ elders (0–1); `null` when no elder counts.
    fn visit_rate(&self) -> Option<f64> {
        self.0.rate()
    }
    /// 已探访人数 — elders of the denominator with at least one accepted visit record of any
    /// mode dated in the month (district time), met or not: the numerator of 探访覆盖率, where
    /// `met` is that of 月探访率.
    fn contacted(&self) -> i32 {
        i32::try_from(self.0.contacted).unwrap_or(i32::MAX)
    }
    /// 探访覆盖率 — contacted ÷ elders (0–1), over the same elders as 月探访率 (`visitRate`,
    /// every requirement met on time); `null` when no elder counts.
    fn contact_rate(&self) -> Option<f64> {
        self.0.contact_rate()
    }
}

pub struct MonthCoverage(pub Coverage);

#[graphql_object(context = Context, description = "月度覆盖 — an area's month, with each town and village")]
impl MonthCoverage {
    fn month(&self) -> String {
        self.0.month.to_string()
    }
    fn pack_id(&self) -> &str {
        &self.0.pack_id
    }
    fn total(&self) -> AreaCoverage {
        AreaCoverage(self.0.total.clone())
    }
    fn towns(&self) -> Vec<AreaCoverage> {
        self.0.towns.iter().cloned().map(AreaCoverage).collect()
    }
    fn villages(&self) -> Vec<AreaCoverage> {
        self.0.villages.iter().cloned().map(AreaCoverage).collect()
    }
    /// 关账 — set once the month is closed: `total`, `towns` and `villages` are then the
    /// figures as reported, which never change; the corrections and the figures as they would
    /// be now are given beside them. `null` while the month is open (figures computed live).
    fn closed(&self) -> Option<ClosedMonth<'_>> {
        self.0.closed.as_ref().map(ClosedMonth)
    }
}

pub struct ClosedMonth<'a>(&'a ClosedFigures);

#[graphql_object(context = Context, description = "已关账月份 — what a closed month reported, and what changed since")]
impl ClosedMonth<'_> {
    /// The figures are as known at this moment: the reporting deadline, or when an admin
    /// closed the month.
    fn known_at(&self) -> DateTime<Utc> {
        self.0.row.known_at.and_utc()
    }
    fn closed_at(&self) -> DateTime<Utc> {
        self.0.row.closed_at.and_utc()
    }
    /// 报送截止自动关账 or 区级管理员关账.
    fn how(&self) -> &str {
        self.0.row.closed_how.label_zh()
    }
    fn closed_by(&self) -> &str {
        crate::domain::access::recorder(&self.0.row.closed_by)
    }
    /// Everything recorded after the month closed that changes an elder's result in it,
    /// oldest first.
    fn corrections(&self) -> Vec<CoverageCorrection<'_>> {
        self.0.corrections.iter().map(CoverageCorrection).collect()
    }
    /// The figures as they would be now: the reported ones with the corrections applied.
    fn now_total(&self) -> AreaCoverage {
        AreaCoverage(self.0.now_total.clone())
    }
    fn now_towns(&self) -> Vec<AreaCoverage> {
        self.0.now_towns.iter().cloned().map(AreaCoverage).collect()
    }
    fn now_villages(&self) -> Vec<AreaCoverage> {
        self.0.now_villages.iter().cloned().map(AreaCoverage).collect()
    }
}

/// A month just closed by an admin.
pub struct ClosedMonthInfo(pub crate::db::closing::ClosedMonthRow);

#[graphql_object(context = Context, description = "关账结果")]
impl ClosedMonthInfo {
    fn district_code(&self) -> &str {
        &self.0.district_code
    }
    fn month(&self) -> &str {
        &self.0.month
    }
    fn known_at(&self) -> DateTime<Utc> {
        self.0.known_at.and_utc()
    }
}

pub struct CoverageCorrection<'a>(&'a Correction);

#[graphql_object(context = Context, description = "更正 — something recorded after a month closed that changes one elder's result in it")]
impl CoverageCorrection<'_> {
    fn elder_id(&self) -> &str {
        self.0.elder_id.as_str()
    }
    fn elder_name(&self) -> &str {
        &self.0.elder_name
    }
    fn village_code(&self) -> &str {
        &self.0.village_code
    }
    fn kind(&self) -> CorrectionKind {
        self.0.kind
    }
    /// The kind in words (截止后录入的回溯事实变更 …).
    fn kind_label(&self) -> &str {
        self.0.kind.label_zh()
    }
    /// What changed, in words (能力程度：重度失能（自 2026-08-01 起）).
    fn what(&self) -> &str {
        &self.0.what
    }
    /// Who recorded it.
    fn by(&self) -> &str {
        &self.0.by
    }
    /// The reason or review comment given.
    fn why(&self) -> Option<&str> {
        self.0.why.as_deref()
    }
    fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
    /// The elder's result as reported: 达标, 未达标 or 不计入.
    fn reported(&self) -> &str {
        self.0.reported.label()
    }
    /// The elder's result as it would be now.
    fn now(&self) -> &str {
        self.0.now.label()
    }
}

pub struct OverdueElder {
    pub elder: Elder,
    pub month: MonthCompliance,
    pub days_overdue: i64,
}

#[graphql_object(context = Context, description = "逾期老人 — an elder with a requirement of the month overdue")]
impl OverdueElder {
    fn elder(&self) -> &Elder {
        &self.elder
    }
    /// Days since the oldest overdue requirement fell due.
    fn days_overdue(&self) -> i32 {
        i32::try_from(self.days_overdue).unwrap_or(i32::MAX)
    }
    /// The overdue requirements.
    fn overdue_items(&self) -> Vec<RequirementItem> {
        self.month
            .items
            .iter()
            .filter(|i| i.status == Status::Overdue)
            .cloned()
            .map(RequirementItem)
            .collect()
    }
}

pub struct OverdueEdge {
    pub cursor: String,
    pub node: OverdueElder,
}

#[graphql_object(context = Context)]
impl OverdueEdge {
    fn cursor(&self) -> &str {
        &self.cursor
    }
    fn node(&self) -> &OverdueElder {
        &self.node
    }
}

pub struct OverdueConnection {
    pub edges: Vec<OverdueEdge>,
    pub page_info: PageInfo,
    pub total_count: i32,
}

#[graphql_object(context = Context, description = "逾期名单, the longest overdue first")]
impl OverdueConnection {
    fn edges(&self) -> &[OverdueEdge] {
        &self.edges
    }
    fn page_info(&self) -> &PageInfo {
        &self.page_info
    }
    fn total_count(&self) -> i32 {
        self.total_count
    }
}

pub struct DeclaredSurge(pub SurgeEntry);

#[graphql_object(context = Context, description = "加密探访 — a declared surge")]
impl DeclaredSurge {
    fn id(&self) -> &str {
        self.0.row.id.as_str()
    }
    fn kind(&self) -> Option<SurgeKind> {
        Some(self.0.row.kind)
    }
    fn label(&self) -> &str {
        &self.0.row.label
    }
    /// The district, town or village it was declared for; for a single-elder surge the elder's
    /// village on the day it was declared.
    fn area_code(&self) -> &str {
        &self.0.row.area_code
    }
    fn starts_on(&self) -> NaiveDate {
        self.0.row.starts_on
    }
    fn ends_on(&self) -> NaiveDate {
        self.0.row.ends_on
    }
    /// 单人加密探访 — the one elder it binds (whatever their tier); `null` for a surge binding
    /// every elder under service in its area.
    fn elder_id(&self) -> Option<&str> {
        self.0.row.elder_id.as_ref().map(ElderId::as_str)
    }
    /// The name of that elder, while their file is in your scope.
    fn elder_name(&self) -> Option<&str> {
        self.0.elder_name.as_deref()
    }
    /// Tier ids it applies to; empty for a single-elder surge (it binds its elder whatever the
    /// tier).
    fn tiers(&self) -> Vec<String> {
        self.0.row.tiers.iter().map(|t| t.as_str().to_string()).collect()
    }
    fn count(&self) -> i32 {
        self.0.row.count
    }
    fn modes(&self) -> Vec<VisitMode> {
        self.0.row.modes.to_vec()
    }
    fn declared_by(&self) -> &str {
        &self.0.row.declared_by
    }
    fn declared_at(&self) -> DateTime<Utc> {
        self.0.row.declared_at.and_utc()
    }
    /// Set once withdrawn: a withdrawn surge counts for nothing.
    fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.row.withdrawn_at.map(|t| t.and_utc())
    }
    fn withdrawn_by(&self) -> Option<&str> {
        self.0.row.withdrawn_by.as_deref()
    }
    fn withdrawal_reason(&self) -> Option<&str> {
        self.0.row.withdrawal_reason.as_deref()
    }
}

pub struct ElderPeriod(pub PeriodCompliance);

#[graphql_object(context = Context, description = "周期达标情况 — an elder's requirements in one calendar period")]
impl ElderPeriod {
    fn kind(&self) -> PeriodKind {
        self.0.period.kind
    }
    /// e.g. 2026年11月上半月, 2026年第47周
    fn label(&self) -> String {
        self.0.period.label_zh()
    }
    fn from(&self) -> NaiveDate {
        self.0.period.start
    }
    fn to(&self) -> NaiveDate {
        self.0.period.end
    }
    /// The tier held on the period's first day.
    fn tier(&self) -> Option<&str> {
        self.0.tier.as_ref().map(|t| t.label.as_str())
    }
    /// Under service on the period's last day; otherwise nothing is owed for it.
    fn in_service(&self) -> bool {
        self.0.in_service
    }
    /// Every requirement met on time.
    fn met(&self) -> bool {
        self.0.met
    }
    fn next_due(&self) -> Option<NaiveDate> {
        self.0.next_due
    }
    /// The tier's requirements per this kind of period, and the surges whose window ends in it.
    fn items(&self) -> Vec<RequirementItem> {
        self.0.items.iter().cloned().map(RequirementItem).collect()
    }
}

pub struct SurgeCalendarEntry(pub CalendarEntry);

#[graphql_object(
    context = Context,
    description = "加密探访日历的一项 — a festival window of the pack or a declared surge, with its dates"
)]
impl SurgeCalendarEntry {
    /// 2026年春节, 寒潮蓝色预警, 老伴去世 …
    fn label(&self) -> &str {
        &self.0.label
    }
    fn kind(&self) -> SurgeKind {
        self.0.kind
    }
    /// 传统节日, 极端天气, 家庭变故 …
    fn kind_label(&self) -> &str {
        self.0.kind.label_zh()
    }
    /// The festival of a festival window; `null` for a declared surge.
    fn festival(&self) -> Option<Festival> {
        self.0.festival.map(|(f, _)| f)
    }
    /// 春节, 元宵节, 清明节, 端午节, 中秋节, 重阳节; `null` for a declared surge.
    fn festival_name(&self) -> Option<&str> {
        self.0.festival.map(|(f, _)| f.label_zh())
    }
    /// The festival day itself (e.g. 2026-02-17 for 春节 2026); `null` for a declared surge.
    fn festival_day(&self) -> Option<NaiveDate> {
        self.0.festival.map(|(_, day)| day)
    }
    /// First day of the window.
    fn from(&self) -> NaiveDate {
        self.0.from
    }
    /// Last day of the window: the surge counts in this day's month.
    fn to(&self) -> NaiveDate {
        self.0.to
    }
    /// The pack it counts under (in force on the first day of the month the window ends in);
    /// `null` when the district has none then, so it binds nobody.
    fn pack_id(&self) -> Option<&str> {
        self.0.pack_id.as_deref()
    }
    /// Labels of the tiers it binds (重点, 一般 …), in the pack's order; empty for a
    /// single-elder surge, which binds its elder whatever the tier.
    fn tiers(&self) -> &[String] {
        &self.0.tiers
    }
    /// At least this many contacts inside the window.
    fn count(&self) -> i32 {
        i32::try_from(self.0.count).unwrap_or(i32::MAX)
    }
    /// The visit modes that count.
    fn modes(&self) -> &[VisitMode] {
        &self.0.modes
    }
    /// The declaration, for a declared surge (its area, its elder for a single-elder surge,
    /// who declared it, and its withdrawal); `null` for a festival window.
    fn declared(&self) -> Option<DeclaredSurge> {
        self.0.declared.clone().map(DeclaredSurge)
    }
    /// A declared surge that was withdrawn: kept and shown, it binds nobody.
    fn withdrawn(&self) -> bool {
        self.0.declared.as_ref().is_some_and(|d| d.row.withdrawn_at.is_some())
    }
}
