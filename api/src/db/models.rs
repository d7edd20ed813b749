//! Rows as stored. Enum columns hold the codes of the domain enums (`as_str`); list columns
//! hold a JSON array of them ([`JsonList`]).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::JsonList;
use super::schema::*;
use crate::domain::access::{AccountStatus, Role, VisitorKind};
use crate::domain::area::{AreaLevel, UrbanRural};
use crate::domain::elder::{
    AbilityLevel, Category, ConsentStatus, EconomicStatus, HardshipSupport, LivingArrangement, RiskLevel, ServiceStatus,
};
use crate::domain::id::{AccountId, ElderId, SchoolId, SlotId, SurgeId};
use crate::domain::id_number::Sex;
use crate::domain::policy::{SurgeKind, TierId, VisitMode};
use crate::domain::record::RecordStatus;
use crate::domain::slot::{OrganisationKind, SlotStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = areas, treat_none_as_default_value = false)]
pub struct AreaRow {
    pub code: String,
    pub level: AreaLevel,
    pub name: String,
    pub parent_code: Option<String>,
    pub urban_rural: Option<UrbanRural>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The village's centre (degrees), when known.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = elders, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ElderRow {
    pub id: ElderId,
    pub village_code: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub id_number_enc: String,
    pub id_number_index: String,
    pub id_number_masked: String,
    pub phone_enc: Option<String>,
    pub phone_masked: Option<String>,
    pub residence_address: String,
    pub household_village_code: Option<String>,
    pub household_address: Option<String>,
    pub urban_rural: UrbanRural,
    pub ability_level: AbilityLevel,
    pub disease_history: Option<String>,
    pub has_dementia: bool,
    pub has_serious_illness: bool,
    pub disability_certificate_enc: Option<String>,
    pub disability_certificate_masked: Option<String>,
    pub disability_grade: Option<i32>,
    pub economic_status: EconomicStatus,
    pub hardship_support: Option<HardshipSupport>,
    pub monthly_income_yuan: Option<i32>,
    pub pension_yuan: Option<i32>,
    pub subsidies: Option<String>,
    pub living_arrangement: LivingArrangement,
    pub children_away_location: Option<String>,
    pub children_away_since: Option<NaiveDate>,
    pub children_planned_return: Option<NaiveDate>,
    pub help_received: Option<String>,
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub risk_assessor: Option<String>,
    pub consent: ConsentStatus,
    pub consent_note: Option<String>,
    pub consent_recorded_on: Option<NaiveDate>,
    pub shares_with_family: bool,
    pub service_status: ServiceStatus,
    pub service_status_since: NaiveDate,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The pack-condition facts derived from this file ([`crate::domain::policy::ElderFacts::to_stored`]).
    pub policy_facts: String,
    /// The day the latest-taking-effect fact change takes effect (see [`FactChangeRow`]).
    pub facts_since: NaiveDate,
    /// When the latest fact change was recorded.
    pub facts_recorded_at: NaiveDateTime,
    /// The stored facts of the span before the latest (`''` when there is none) …
    pub facts_before: String,
    /// … and the day it took effect.
    pub facts_before_since: Option<NaiveDate>,
}

/// 事实变更 — one dated change of what the packs read of a file
/// ([`crate::domain::policy::FactChange`]); never updated or deleted.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_fact_changes, treat_none_as_default_value = false)]
pub struct FactChangeRow {
    pub id: String,
    pub elder_id: ElderId,
    pub effective_from: NaiveDate,
    /// A JSON object of the fields set, by [`crate::domain::policy::history::FactField`] code.
    pub changes: String,
    /// Required when the change takes effect before the day it was recorded.
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// What the compliance engine reads of an elder file: no personal data beyond the birth date.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = elders)]
pub struct ElderPolicyRow {
    pub id: ElderId,
    pub village_code: String,
    pub birth_date: NaiveDate,
    pub policy_facts: String,
    pub risk_assessed_on: Option<NaiveDate>,
    pub service_status: ServiceStatus,
    pub service_status_since: NaiveDate,
    pub facts_since: NaiveDate,
    pub facts_recorded_at: NaiveDateTime,
    pub facts_before: String,
    pub facts_before_since: Option<NaiveDate>,
}

impl From<&ElderRow> for ElderPolicyRow {
    fn from(row: &ElderRow) -> ElderPolicyRow {
        ElderPolicyRow {
            id: row.id.clone(),
            village_code: row.village_code.clone(),
            birth_date: row.birth_date,
            policy_facts: row.policy_facts.clone(),
            risk_assessed_on: row.risk_assessed_on,
            service_status: row.service_status,
            service_status_since: row.service_status_since,
            facts_since: row.facts_since,
            facts_recorded_at: row.facts_recorded_at,
            facts_before: row.facts_before.clone(),
            facts_before_since: row.facts_before_since,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_categories, treat_none_as_default_value = false)]
pub struct ElderCategoryRow {
    pub elder_id: ElderId,
    pub category: Category,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_family_members, treat_none_as_default_value = false)]
pub struct FamilyMemberRow {
    pub id: String,
    pub elder_id: ElderId,
    pub position: i32,
    pub name: String,
    pub relation: String,
    pub health: Option<String>,
    pub phone_enc: Option<String>,
    pub phone_masked: Option<String>,
    pub visits_often: bool,
    pub lives_with: bool,
    /// 出生日期; or else `age` as stated on `age_stated_on`; or neither.
    pub birth_date: Option<NaiveDate>,
    pub age: Option<i32>,
    pub age_stated_on: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// `None`: not recorded (as are `has_dementia` and `disability_grade`).
    pub ability_level: Option<AbilityLevel>,
    pub has_dementia: Option<bool>,
    pub disability_grade: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_emergency_contacts, treat_none_as_default_value = false)]
pub struct EmergencyContactRow {
    pub id: String,
    pub elder_id: ElderId,
    pub position: i32,
    pub name: String,
    pub relation: String,
    pub phone_enc: String,
    pub phone_masked: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_status_changes, treat_none_as_default_value = false)]
pub struct StatusChangeRow {
    pub id: String,
    pub elder_id: ElderId,
    pub status: ServiceStatus,
    pub effective_on: NaiveDate,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_reviews, treat_none_as_default_value = false)]
pub struct ReviewRow {
    pub id: String,
    pub elder_id: ElderId,
    pub reviewed_on: NaiveDate,
    pub reviewer: String,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_changes, treat_none_as_default_value = false)]
pub struct ElderChangeRow {
    pub id: String,
    pub elder_id: ElderId,
    pub version: i32,
    pub action: String,
    pub changes: String,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = schools, treat_none_as_default_value = false)]
pub struct SchoolRow {
    pub id: SchoolId,
    pub name: String,
    pub area_code: String,
    pub created_at: NaiveDateTime,
    /// The school's rule for service credit: this many certified minutes make one credit.
    pub minutes_per_credit: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct UserRow {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub area_code: Option<String>,
    pub school_id: Option<SchoolId>,
    pub elder_id: Option<ElderId>,
    pub visitor_kind: Option<VisitorKind>,
    pub status: AccountStatus,
    pub id_number_enc: Option<String>,
    pub id_number_index: Option<String>,
    pub id_number_masked: Option<String>,
    pub phone_enc: Option<String>,
    pub phone_masked: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub is_minor: bool,
    pub guardian_name: Option<String>,
    pub guardian_relation: Option<String>,
    pub guardian_phone_enc: Option<String>,
    pub guardian_consent_on: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The account's email address, encrypted (`user.email`), for the messages it gets.
    pub email_enc: Option<String>,
    pub email_masked: Option<String>,
    /// The language the account reads (`zh-CN` when unset).
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions, treat_none_as_default_value = false)]
pub struct SessionRow {
    pub id: String,
    pub user_id: AccountId,
    pub refresh_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub client_addr: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = login_throttle, treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct ThrottleRow {
    pub throttle_key: String,
    pub failures: i32,
    pub first_failure_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<AccountId>,
    pub actor_role: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub area_code: Option<String>,
    pub reason: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = district_policies, treat_none_as_default_value = false)]
pub struct DistrictPolicyRow {
    pub id: String,
    pub district_code: String,
    pub pack_id: String,
    pub effective_from: NaiveDate,
    pub note: Option<String>,
    pub chosen_by: String,
    pub chosen_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tier_raises, treat_none_as_default_value = false)]
pub struct TierRaiseRow {
    pub id: String,
    pub elder_id: ElderId,
    pub pack_id: String,
    pub tier_id: String,
    pub raised_on: NaiveDate,
    pub reason: String,
    pub raised_by: String,
    pub raised_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = visits, treat_none_as_default_value = false)]
pub struct VisitRow {
    pub id: String,
    pub elder_id: ElderId,
    pub village_code: String,
    /// UTC.
    pub visited_at: NaiveDateTime,
    pub mode: VisitMode,
    pub status: RecordStatus,
    pub source: String,
    pub entered_by: String,
    pub entered_at: NaiveDateTime,
    /// When its record was accepted (UTC); kept when it is rejected later.
    pub accepted_at: Option<NaiveDateTime>,
    /// When its record was rejected after being accepted (UTC).
    pub rejected_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = surges, treat_none_as_default_value = false)]
pub struct SurgeRow {
    pub id: SurgeId,
    pub district_code: String,
    pub area_code: String,
    pub kind: SurgeKind,
    pub label: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The tiers it adds a requirement for.
    pub tiers: JsonList<TierId>,
    pub count: i32,
    /// The visit modes that meet it.
    pub modes: JsonList<VisitMode>,
    pub declared_by: String,
    pub declared_at: NaiveDateTime,
    /// Set when the surge is withdrawn; a withdrawn surge counts for nothing.
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
    pub withdrawal_reason: Option<String>,
    /// 单人加密探访: the one elder it binds (whatever their tier); `None` for a surge binding
    /// every elder under service in `area_code`.
    pub elder_id: Option<ElderId>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = visitor_profiles, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct VisitorProfileRow {
    pub user_id: AccountId,
    pub organisation_kind: OrganisationKind,
    pub organisation_name: Option<String>,
    pub home_village_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub capacity_per_month: i32,
    /// ISO weekday numbers usually free (1 = Monday … 7 = Sunday), ascending.
    pub weekdays: JsonList<u8>,
    /// Days not free despite the weekdays, ascending.
    pub unavailable_dates: JsonList<NaiveDate>,
    pub skills: JsonList<String>,
    pub languages: JsonList<String>,
    pub sex: Option<Sex>,
    /// Set when the visitor dropped out (no claims, not planned) until they save again.
    pub dropped_out_on: Option<NaiveDate>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = visit_slots, treat_none_as_default_value = false)]
pub struct VisitSlotRow {
    pub id: SlotId,
    pub elder_id: ElderId,
    pub village_code: String,
    /// `2026-11`: the month the slot was generated for.
    pub month: String,
    pub requirement_key: String,
    pub seq: i32,
    pub label: String,
    /// The visit modes that fulfil it.
    pub modes: JsonList<VisitMode>,
    pub in_person: bool,
    pub needs_professional: bool,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub status: SlotStatus,
    pub holder_id: Option<AccountId>,
    pub co_visitor_id: Option<AccountId>,
    pub claimed_at: Option<NaiveDateTime>,
    pub assigned_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = elder_pairings, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct PairingRow {
    pub elder_id: ElderId,
    pub contact_user_id: AccountId,
    pub note: Option<String>,
    pub paired_by: String,
    pub paired_at: NaiveDateTime,
}

/// 日历订阅 — a visitor's secret feed: only the token's SHA-256 is kept.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_feeds)]
pub struct CalendarFeedRow {
    pub user_id: AccountId,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
}
