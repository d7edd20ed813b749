//! `Elder`: the elder file as the API shows it. Identity and phone numbers are masked.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use juniper::graphql_object;

use super::area::Area;
use super::connection::{encode_cursor, PageInfo};
use super::loader::{PageField, PageLoad};
use super::Context;
use crate::db::elders::ElderFilter;
use crate::db::models::*;
use crate::db::DbConn;
use crate::domain::access::Permission;
use crate::domain::area::{AreaCode, UrbanRural};
use crate::domain::clock;
use crate::domain::elder::*;
use crate::domain::id::ElderId;
use crate::domain::id_number::Sex;
use crate::domain::input::InvalidInput;
use crate::domain::policy::history::FactField;
use crate::error::{AppError, AppResult};
use crate::service::elders::next_review_due;
use crate::service::{self, Call};

/// An elder file with its categories (loaded with the page, so a list needs one query for
/// them, not one per elder), and the page it came in, which loads every other per-elder field
/// for all the page's elders at once ([`super::loader`]).
pub struct Elder {
    row: ElderRow,
    categories: Vec<Category>,
    /// Whether the caller may see health and disability details.
    health_visible: bool,
    page: Arc<ElderPage>,
}

/// The elders listed together: their ids and villages, and their fields loaded once for all.
#[derive(Default)]
struct ElderPage {
    ids: Arc<[ElderId]>,
    village_codes: Arc<[String]>,
    villages: PageField<String, AreaRow>,
    family: PageField<ElderId, Vec<FamilyMemberRow>>,
    contacts: PageField<ElderId, Vec<EmergencyContactRow>>,
    status_history: PageField<ElderId, Vec<StatusChangeRow>>,
    reviews: PageField<ElderId, Vec<ReviewRow>>,
    history: PageField<ElderId, Vec<ElderChangeRow>>,
    contact_states: PageField<ElderId, service::contacts::ContactState>,
}

impl Elder {
    /// Loads the parts every view shows for one row.
    pub fn load_one(conn: &mut DbConn, call: &Call, row: ElderRow) -> AppResult<Elder> {
        Elder::load_page(conn, call, vec![row])?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound { what: "老人档案" })
    }

    /// Loads the parts every view shows for a page of rows (their categories, in one query),
    /// and makes them one page for the fields loaded later.
    pub fn load_page(conn: &mut DbConn, call: &Call, rows: Vec<ElderRow>) -> AppResult<Vec<Elder>> {
        let health_visible = call.actor.can(Permission::ReadHealth);
        let ids: Vec<ElderId> = rows.iter().map(|r| r.id.clone()).collect();
        let mut categories = service::elders::categories_by_elder(conn, call, &ids)?;
        let mut village_codes: Vec<String> = rows.iter().map(|r| r.village_code.clone()).collect();
        village_codes.sort_unstable();
        village_codes.dedup();
        let page = Arc::new(ElderPage {
            ids: ids.into(),
            village_codes: village_codes.into(),
            ..ElderPage::default()
        });
        Ok(rows
            .into_iter()
            .map(|row| Elder {
                categories: categories.remove(&row.id).unwrap_or_default(),
                row,
                health_visible,
                page: Arc::clone(&page),
            })
            .collect())
    }

    /// This elder's part of a per-elder list field, loaded for the whole page on first use.
    async fn part<T>(
        &self,
        ctx: &Context,
        field: &PageField<ElderId, Vec<T>>,
        load: PageLoad<ElderId, Vec<T>>,
    ) -> AppResult<Vec<T>>
    where
        T: Clone + Send + Sync + 'static,
    {
        let found = field.get(ctx, &self.page.ids, &self.row.id, load).await?;
        Ok(found.unwrap_or_default())
    }
}

impl Elder {
    async fn contact_state(&self, ctx: &Context) -> AppResult<service::contacts::ContactState> {
        let found = self
            .page
            .contact_states
            .get(ctx, &self.page.ids, &self.row.id, service::contacts::states_by_elder)
            .await?;
        Ok(found.unwrap_or_default())
    }
}

#[graphql_object(context = Context, description = "一人一档 — an elder's file")]
impl Elder {
    fn id(&self) -> &str {
        self.row.id.as_str()
    }

    /// 姓名
    fn name(&self) -> &str {
        &self.row.name
    }

    /// Derived from the ID number.
    fn sex(&self) -> Option<Sex> {
        Some(self.row.sex)
    }

    /// Derived from the ID number.
    fn birth_date(&self) -> NaiveDate {
        self.row.birth_date
    }

    /// Age in full years today (district time).
    fn age(&self, ctx: &Context) -> i32 {
        let today = clock::district_date(ctx.clock.now());
        let years = today.years_since(self.row.birth_date).unwrap_or(0);
        i32::try_from(years).unwrap_or(i32::MAX)
    }

    /// 身份证号, masked (`500112********123X`). The full number needs `unmaskElder`.
    fn id_number(&self) -> &str {
        &self.row.id_number_masked
    }

    /// 联系电话, masked (`138****5678`).
    fn phone(&self) -> Option<&str> {
        self.row.phone_masked.as_deref()
    }

    fn village_code(&self) -> &str {
        &self.row.village_code
    }

    /// The village or community the elder lives in.
    async fn village(&self, ctx: &Context) -> AppResult<Option<Area>> {
        let page = &self.page;
        let found = page
            .villages
            .get(
                ctx,
                &page.village_codes,
                &self.row.village_code,
                service::areas::by_code,
            )
            .await?;
        Ok(found.map(Area))
    }

    /// The town or street of the elder's village.
    fn town_code(&self) -> Option<String> {
        AreaCode::parse(&self.row.village_code)
            .ok()
            .and_then(|c| c.parent())
            .map(|c| c.as_str().to_string())
    }

    fn residence_address(&self) -> &str {
        &self.row.residence_address
    }

    fn household_village_code(&self) -> Option<&str> {
        self.row.household_village_code.as_deref()
    }

    fn household_address(&self) -> Option<&str> {
        self.row.household_address.as_deref()
    }

    fn urban_rural(&self) -> Option<UrbanRural> {
        Some(self.row.urban_rural)
    }

    /// Health details are shown to roles that need them only; `null` otherwise.
    fn ability_level(&self) -> Option<AbilityLevel> {
        self.health_visible.then_some(self.row.ability_level)
    }

    fn disease_history(&self) -> Option<&str> {
        self.row.disease_history.as_deref().filter(|_| self.health_visible)
    }

    fn has_dementia(&self) -> Option<bool> {
        self.health_visible.then_some(self.row.has_dementia)
    }

    fn has_serious_illness(&self) -> Option<bool> {
        self.health_visible.then_some(self.row.has_serious_illness)
    }

    /// 残疾证号, masked (it usually contains the ID number); in full via `unmaskElder`.
    fn disability_certificate_no(&self) -> Option<&str> {
        self.row
            .disability_certificate_masked
            .as_deref()
            .filter(|_| self.health_visible)
    }

    fn disability_grade(&self) -> Option<i32> {
        self.row.disability_grade.filter(|_| self.health_visible)
    }

    fn economic_status(&self) -> Option<EconomicStatus> {
        Some(self.row.economic_status)
    }

    fn hardship_support(&self) -> Option<HardshipSupport> {
        self.row.hardship_support
    }

    fn monthly_income_yuan(&self) -> Option<i32> {
        self.row.monthly_income_yuan
    }

    fn pension_yuan(&self) -> Option<i32> {
        self.row.pension_yuan
    }

    fn subsidies(&self) -> Option<&str> {
        self.row.subsidies.as_deref()
    }

    fn living_arrangement(&self) -> Option<LivingArrangement> {
        Some(self.row.living_arrangement)
    }

    fn children_away_location(&self) -> Option<&str> {
        self.row.children_away_location.as_deref()
    }

    fn children_away_since(&self) -> Option<NaiveDate> {
        self.row.children_away_since
    }

    fn children_planned_return(&self) -> Option<NaiveDate> {
        self.row.children_planned_return
    }

    fn help_received(&self) -> Option<&str> {
        self.row.help_received.as_deref()
    }

    fn risk_level(&self) -> Option<RiskLevel> {
        self.row.risk_level
    }

    fn risk_assessed_on(&self) -> Option<NaiveDate> {
        self.row.risk_assessed_on
    }

    fn risk_assessor(&self) -> Option<&str> {
        self.row.risk_assessor.as_deref()
    }

    fn consent(&self) -> Option<ConsentStatus> {
        Some(self.row.consent)
    }

    fn consent_note(&self) -> Option<&str> {
        self.row.consent_note.as_deref()
    }

    fn consent_recorded_on(&self) -> Option<NaiveDate> {
        self.row.consent_recorded_on
    }

    /// Whether family accounts may see the visit history.
    fn shares_with_family(&self) -> bool {
        self.row.shares_with_family
    }

    fn service_status(&self) -> Option<ServiceStatus> {
        Some(self.row.service_status)
    }

    fn service_status_since(&self) -> NaiveDate {
        self.row.service_status_since
    }

    fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Increases with every change; send it back with an update.
    fn version(&self) -> i32 {
        self.row.version
    }

    fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }

    fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at.and_utc()
    }

    async fn family_members(&self, ctx: &Context) -> AppResult<Vec<FamilyMember>> {
        let rows = self
            .part(ctx, &self.page.family, service::elders::family_by_elder)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| FamilyMember {
                row,
                health_visible: self.health_visible,
            })
            .collect())
    }

    /// In the order they are called.
    async fn emergency_contacts(&self, ctx: &Context) -> AppResult<Vec<EmergencyContact>> {
        let rows = self
            .part(ctx, &self.page.contacts, service::elders::contacts_by_elder)
            .await?;
        Ok(rows.into_iter().map(EmergencyContact).collect())
    }

    /// 最近一次联系 — when the elder was last reached: the start of their latest submitted or
    /// accepted visit record (a returned or rejected one does not count).
    async fn last_contact_at(&self, ctx: &Context) -> AppResult<Option<DateTime<Utc>>> {
        Ok(self.contact_state(ctx).await?.last_contact_at.map(|t| t.and_utc()))
    }

    /// 未联系上 — the contact attempts since the last successful contact, newest first.
    async fn attempts_since_contact(&self, ctx: &Context) -> AppResult<Vec<super::contact::ContactAttempt>> {
        let state = self.contact_state(ctx).await?;
        Ok(state
            .attempts_since
            .into_iter()
            .map(super::contact::ContactAttempt)
            .collect())
    }

    /// 失联 — since when the elder counts as lost under the pack's rule; `null` if not lost.
    async fn lost_since(&self, ctx: &Context) -> AppResult<Option<DateTime<Utc>>> {
        Ok(self.contact_state(ctx).await?.lost_since.map(|t| t.and_utc()))
    }

    /// Every service status the elder has had, oldest first.
    async fn status_history(&self, ctx: &Context) -> AppResult<Vec<StatusChange>> {
        let rows = self
            .part(ctx, &self.page.status_history, service::elders::status_history_by_elder)
            .await?;
        Ok(rows.into_iter().map(StatusChange).collect())
    }

    /// Half-yearly reviews, oldest first.
    async fn reviews(&self, ctx: &Context) -> AppResult<Vec<ElderReview>> {
        let rows = self
            .part(ctx, &self.page.reviews, service::elders::reviews_by_elder)
            .await?;
        Ok(rows.into_iter().map(ElderReview).collect())
    }

    /// When the next half-yearly review is due.
    async fn next_review_due(&self, ctx: &Context) -> AppResult<NaiveDate> {
        let reviews = self
            .part(ctx, &self.page.reviews, service::elders::reviews_by_elder)
            .await?;
        let registered = clock::district_date(self.row.created_at.and_utc());
        Ok(next_review_due(reviews.last().map(|r| r.reviewed_on), registered))
    }

    /// Who changed what, when; oldest first. Sensitive values appear masked.
    async fn history(&self, ctx: &Context) -> AppResult<Vec<ElderChange>> {
        let rows = self
            .part(ctx, &self.page.history, service::elders::history_by_elder)
            .await?;
        Ok(rows.into_iter().map(ElderChange).collect())
    }
}

pub struct FamilyMember {
    row: FamilyMemberRow,
    /// Whether the caller may see health and disability details (as for the elder).
    health_visible: bool,
}

#[graphql_object(context = Context, description = "家庭成员")]
impl FamilyMember {
    fn name(&self) -> &str {
        &self.row.name
    }
    fn relation(&self) -> &str {
        &self.row.relation
    }
    /// 健康状况 — the note in words; the policy packs never read it.
    fn health(&self) -> Option<&str> {
        self.row.health.as_deref()
    }
    /// Masked.
    fn phone(&self) -> Option<&str> {
        self.row.phone_masked.as_deref()
    }
    fn visits_often(&self) -> bool {
        self.row.visits_often
    }
    fn lives_with(&self) -> bool {
        self.row.lives_with
    }
    /// 出生日期, when recorded (else `age`).
    fn birth_date(&self) -> Option<NaiveDate> {
        self.row.birth_date
    }
    /// 年龄 as stated on `ageStatedOn`, when no birth date is recorded. Send both back
    /// unchanged with an update, or the age counts as stated on the day of the update.
    fn age(&self) -> Option<i32> {
        self.row.age
    }
    fn age_stated_on(&self) -> Option<NaiveDate> {
        self.row.age_stated_on
    }
    /// The age (周岁) the member has surely reached today: from the birth date, or from the
    /// stated age and the whole years since; `null` when neither is recorded.
    fn age_today(&self, ctx: &Context) -> Option<i32> {
        let today = clock::district_date(ctx.clock.now());
        let born = match (self.row.birth_date, self.row.age, self.row.age_stated_on) {
            (Some(day), _, _) => Some(MemberBirth::On(day)),
            (None, Some(age), Some(on)) => u8::try_from(age).ok().map(|age| MemberBirth::AgeStated { age, on }),
            _ => None,
        };
        born?.age_on(today).and_then(|age| i32::try_from(age).ok())
    }
    fn sex(&self) -> Option<Sex> {
        self.row.sex
    }
    /// 能力程度; `null` when not recorded or not shown to the caller.
    fn ability_level(&self) -> Option<AbilityLevel> {
        self.row.ability_level.filter(|_| self.health_visible)
    }
    /// 失智; `null` when not recorded or not shown to the caller.
    fn has_dementia(&self) -> Option<bool> {
        self.row.has_dementia.filter(|_| self.health_visible)
    }
    /// 残疾等级 1–4; `null` when no disability is recorded or not shown to the caller.
    fn disability_grade(&self) -> Option<i32> {
        self.row.disability_grade.filter(|_| self.health_visible)
    }
}

pub struct EmergencyContact(EmergencyContactRow);

#[graphql_object(context = Context, description = "紧急联系人")]
impl EmergencyContact {
    /// 1 is called first.
    fn order(&self) -> i32 {
        self.0.position + 1
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    fn relation(&self) -> &str {
        &self.0.relation
    }
    /// Masked.
    fn phone(&self) -> &str {
        &self.0.phone_masked
    }
}

pub struct StatusChange(StatusChangeRow);

#[graphql_object(context = Context, description = "服务状态变更")]
impl StatusChange {
    fn status(&self) -> Option<ServiceStatus> {
        Some(self.0.status)
    }
    fn effective_on(&self) -> NaiveDate {
        self.0.effective_on
    }
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    fn recorded_by(&self) -> &str {
        &self.0.recorded_by
    }
    fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at.and_utc()
    }
}

pub struct ElderReview(pub ReviewRow);

#[graphql_object(context = Context, description = "半年复核")]
impl ElderReview {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn reviewed_on(&self) -> NaiveDate {
        self.0.reviewed_on
    }
    fn reviewer(&self) -> &str {
        &self.0.reviewer
    }
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    fn recorded_by(&self) -> &str {
        &self.0.recorded_by
    }
    fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at.and_utc()
    }
}

pub struct ElderChange(ElderChangeRow);

#[graphql_object(context = Context, description = "档案变更记录")]
impl ElderChange {
    /// The file's version after this change.
    fn version(&self) -> i32 {
        self.0.version
    }
    /// `created`, `updated` or `status`.
    fn action(&self) -> &str {
        &self.0.action
    }
    /// JSON object `{field: {before, after}}`.
    fn changes(&self) -> &str {
        &self.0.changes
    }
    fn changed_by(&self) -> &str {
        &self.0.changed_by
    }
    fn changed_at(&self) -> DateTime<Utc> {
        self.0.changed_at.and_utc()
    }
}

/// Narrows an elder list; every given field must match.
#[derive(Debug, Clone, Default, juniper::GraphQLInputObject)]
pub struct ElderFilterInput {
    /// Elders living in this town/street (9-digit code).
    pub town_code: Option<String>,
    /// Elders living in this village/community (12-digit code).
    pub village_code: Option<String>,
    pub category: Option<Category>,
    pub service_status: Option<ServiceStatus>,
    /// Part of the name.
    pub name_contains: Option<String>,
}

impl ElderFilterInput {
    pub fn parse(self) -> AppResult<ElderFilter> {
        let mut errors = InvalidInput::default();
        let mut parse_level =
            |field: &str, code: &Option<String>, len: usize| match code.as_deref().map(AreaCode::parse) {
                None => None,
                Some(Ok(parsed)) if parsed.as_str().len() == len => Some(parsed),
                Some(_) => {
                    errors.add(field, "malformed_area_code", format!("应为 {len} 位行政区划代码"));
                    None
                }
            };
        let town = parse_level("filter.townCode", &self.town_code, 9);
        let village = parse_level("filter.villageCode", &self.village_code, 12);
        if let (Some(town), Some(village)) = (&town, &village) {
            if !town.contains(village) {
                errors.add("filter.villageCode", "not_in_town", "该村/社区不属于所选镇街");
            }
        }
        // The village is the narrower of the two.
        let area = village.or(town);
        let name_contains = self.name_contains.filter(|n| !n.trim().is_empty());
        errors
            .finish(|| {
                Some(ElderFilter {
                    area,
                    category: self.category,
                    service_status: self.service_status,
                    name_contains,
                })
            })
            .map_err(AppError::from)
    }
}

pub struct ElderEdge<'a>(&'a Elder);

#[graphql_object(context = Context, name = "ElderEdge")]
impl ElderEdge<'_> {
    fn cursor(&self) -> String {
        encode_cursor("elder", self.0.row.id.as_str())
    }
    fn node(&self) -> &Elder {
        self.0
    }
}

pub struct ElderConnection {
    edges: Vec<Elder>,
    has_next_page: bool,
    filter: ElderFilter,
}

impl ElderConnection {
    pub fn load(
        conn: &mut DbConn,
        call: &Call,
        filter: ElderFilter,
        after: Option<&ElderId>,
        limit: i64,
    ) -> AppResult<ElderConnection> {
        let mut rows = service::elders::page(conn, call, &filter, after, limit + 1)?;
        let has_next_page = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(ElderConnection {
            edges: Elder::load_page(conn, call, rows)?,
            has_next_page,
            filter,
        })
    }
}

#[graphql_object(context = Context)]
impl ElderConnection {
    fn edges(&self) -> Vec<ElderEdge<'_>> {
        self.edges.iter().map(ElderEdge).collect()
    }

    fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            end_cursor: self.edges.last().map(|e| encode_cursor("elder", e.row.id.as_str())),
        }
    }

    /// How many elders match the filter in all pages.
    async fn total_count(&self, ctx: &Context) -> AppResult<i32> {
        let filter = self.filter.clone();
        let n = ctx
            .run_call(move |c, call| service::elders::count(c, call, &filter))
            .await?;
        Ok(i32::try_from(n).unwrap_or(i32::MAX))
    }
}

/// 待核实 — an elder on the check list, and why.
pub struct ElderCheck {
    elder: Elder,
    relations: Vec<String>,
    reason: String,
}

#[graphql_object(
    context = Context,
    description = "待核实 — an elder with a family member whose condition is described only in words"
)]
impl ElderCheck {
    fn elder(&self) -> &Elder {
        &self.elder
    }
    /// The relations (配偶, 儿子 …) of the members described only in words.
    fn relations(&self) -> &[String] {
        &self.relations
    }
    /// Why the elder is listed, in Chinese (e.g. 家庭成员（配偶）健康状况仅有文字说明，请补录结构化信息…).
    fn reason(&self) -> &str {
        &self.reason
    }
}

pub struct ElderCheckEdge(ElderCheck);

#[graphql_object(context = Context)]
impl ElderCheckEdge {
    fn cursor(&self) -> String {
        encode_cursor("check", self.0.elder.row.id.as_str())
    }
    fn node(&self) -> &ElderCheck {
        &self.0
    }
}

/// A page of the check list.
pub struct ElderCheckConnection {
    edges: Vec<ElderCheckEdge>,
    has_next_page: bool,
    area_code: String,
}

impl ElderCheckConnection {
    /// Loads the page after `after`: `limit` elders and whether more follow.
    pub fn load(
        conn: &mut DbConn,
        call: &Call,
        area_code: String,
        after: Option<&ElderId>,
        limit: i64,
    ) -> AppResult<ElderCheckConnection> {
        let mut found = service::elders::needing_check(conn, call, &area_code, after, limit + 1)?;
        let has_next_page = found.len() as i64 > limit;
        found.truncate(usize::try_from(limit).unwrap_or(0));
        let rows: Vec<ElderRow> = found.iter().map(|f| f.elder.clone()).collect();
        let elders = Elder::load_page(conn, call, rows)?;
        let edges = found
            .into_iter()
            .zip(elders)
            .map(|(found, elder)| {
                ElderCheckEdge(ElderCheck {
                    elder,
                    relations: found.relations,
                    reason: found.reason,
                })
            })
            .collect();
        Ok(ElderCheckConnection {
            edges,
            has_next_page,
            area_code,
        })
    }
}

#[graphql_object(context = Context, description = "待核实名单, by elder")]
impl ElderCheckConnection {
    fn edges(&self) -> &[ElderCheckEdge] {
        &self.edges
    }
    fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            end_cursor: self
                .edges
                .last()
                .map(|e| encode_cursor("check", e.0.elder.row.id.as_str())),
        }
    }
    /// How many elders are on the list in all pages.
    async fn total_count(&self, ctx: &Context) -> AppResult<i32> {
        let area_code = self.area_code.clone();
        let n = ctx
            .run_call(move |c, call| service::elders::needing_check_count(c, call, &area_code))
            .await?;
        Ok(i32::try_from(n).unwrap_or(i32::MAX))
    }
}

/// 事实时间线 — an elder's facts through time.
pub struct ElderFactTimeline {
    pub spans: Vec<service::policies::FactSpan>,
    pub changes: Vec<service::policies::RecordedFactChange>,
}

#[graphql_object(
    context = Context,
    description = "事实时间线 — what the policy packs read of an elder, through time: each span from the day a change takes effect, with the tier it gives; and the changes as recorded"
)]
impl ElderFactTimeline {
    /// Earliest first.
    fn spans(&self) -> Vec<FactSpan<'_>> {
        self.spans.iter().map(FactSpan).collect()
    }
    /// In the order they were recorded.
    fn changes(&self) -> Vec<FactChangeEntry<'_>> {
        self.changes.iter().map(FactChangeEntry).collect()
    }
}

pub struct FactSpan<'a>(&'a service::policies::FactSpan);

#[graphql_object(context = Context, description = "事实时段 — the facts in effect from one day to the next change")]
impl FactSpan<'_> {
    fn from(&self) -> NaiveDate {
        self.0.from
    }
    /// The last day, before the next span; `null` for the latest.
    fn until(&self) -> Option<NaiveDate> {
        self.0.until
    }
    /// The tier held on `from` (重点, 一般 …); `null` when the district had no pack.
    fn tier(&self) -> Option<&str> {
        self.0.tier.as_ref().map(|t| t.label.as_str())
    }
    /// Every fact field with its value in words.
    fn values(&self) -> Vec<FactValue> {
        FactField::ALL
            .iter()
            .map(|f| FactValue {
                field: *f,
                value: self.0.inputs.text(*f),
            })
            .collect()
    }
    /// The fields that differ from the span before (every field in the first).
    fn changed(&self) -> &[FactField] {
        &self.0.changed
    }
}

/// One fact field and its value in words.
pub struct FactValue {
    field: FactField,
    value: String,
}

#[graphql_object(context = Context, description = "档案事实项及其取值")]
impl FactValue {
    fn field(&self) -> FactField {
        self.field
    }
    /// e.g. 能力程度
    fn label(&self) -> &str {
        self.field.label_zh()
    }
    /// e.g. 中度失能
    fn value(&self) -> &str {
        &self.value
    }
}

pub struct FactChangeEntry<'a>(&'a service::policies::RecordedFactChange);

#[graphql_object(context = Context, description = "事实变更 — one recorded change of facts")]
impl FactChangeEntry<'_> {
    fn effective_from(&self) -> NaiveDate {
        self.0.row.effective_from
    }
    fn recorded_at(&self) -> DateTime<Utc> {
        self.0.row.recorded_at.and_utc()
    }
    /// Who recorded it (系统 for the system's own entries).
    fn recorded_by(&self) -> &str {
        crate::domain::access::recorder(&self.0.row.recorded_by)
    }
    /// Why it takes effect before the day it was recorded.
    fn reason(&self) -> Option<&str> {
        self.0.row.reason.as_deref()
    }
    /// Takes effect before the day it was recorded (district time).
    fn backdated(&self) -> bool {
        self.0.row.effective_from < clock::district_date(self.0.row.recorded_at.and_utc())
    }
    /// The fields it set, with their values.
    fn values(&self) -> Vec<FactValue> {
        self.0
            .values
            .iter()
            .map(|(field, value)| FactValue {
                field: *field,
                value: value.clone(),
            })
            .collect()
    }
}

/// 待复核 — one elder whose half-yearly review is due.
pub struct ReviewDue {
    pub row: crate::service::elders::ReviewDue,
    pub today: NaiveDate,
}

#[graphql_object(context = Context, description = "待复核 — an elder whose half-yearly review is due")]
impl ReviewDue {
    fn elder_id(&self) -> &str {
        self.row.elder_id.as_str()
    }
    fn name(&self) -> &str {
        &self.row.name
    }
    fn village_code(&self) -> &str {
        &self.row.village_code
    }
    /// 应复核日期.
    fn due_on(&self) -> NaiveDate {
        self.row.due_on
    }
    /// 已逾期 — the day has passed.
    fn overdue(&self) -> bool {
        self.row.due_on < self.today
    }
}
