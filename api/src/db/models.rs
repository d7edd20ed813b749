//! Rows as stored. Enum columns hold the codes of the domain enums (`as_str`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = areas, treat_none_as_default_value = false)]
pub struct AreaRow {
    pub code: String,
    pub level: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub urban_rural: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = elders, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ElderRow {
    pub id: String,
    pub village_code: String,
    pub name: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub id_number: String,
    pub phone: Option<String>,
    pub residence_address: String,
    pub household_village_code: Option<String>,
    pub household_address: Option<String>,
    pub urban_rural: String,
    pub ability_level: String,
    pub disease_history: Option<String>,
    pub has_dementia: bool,
    pub has_serious_illness: bool,
    pub disability_certificate_no: Option<String>,
    pub disability_grade: Option<i32>,
    pub economic_status: String,
    pub hardship_support: Option<String>,
    pub monthly_income_yuan: Option<i32>,
    pub pension_yuan: Option<i32>,
    pub subsidies: Option<String>,
    pub living_arrangement: String,
    pub children_away_location: Option<String>,
    pub children_away_since: Option<NaiveDate>,
    pub children_planned_return: Option<NaiveDate>,
    pub help_received: Option<String>,
    pub risk_level: Option<String>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub risk_assessor: Option<String>,
    pub consent: String,
    pub consent_note: Option<String>,
    pub consent_recorded_on: Option<NaiveDate>,
    pub service_status: String,
    pub service_status_since: NaiveDate,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_categories, treat_none_as_default_value = false)]
pub struct ElderCategoryRow {
    pub elder_id: String,
    pub category: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_family_members, treat_none_as_default_value = false)]
pub struct FamilyMemberRow {
    pub id: String,
    pub elder_id: String,
    pub position: i32,
    pub name: String,
    pub relation: String,
    pub health: Option<String>,
    pub phone: Option<String>,
    pub visits_often: bool,
    pub lives_with: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_emergency_contacts, treat_none_as_default_value = false)]
pub struct EmergencyContactRow {
    pub id: String,
    pub elder_id: String,
    pub position: i32,
    pub name: String,
    pub relation: String,
    pub phone: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_status_changes, treat_none_as_default_value = false)]
pub struct StatusChangeRow {
    pub id: String,
    pub elder_id: String,
    pub status: String,
    pub effective_on: NaiveDate,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = elder_reviews, treat_none_as_default_value = false)]
pub struct ReviewRow {
    pub id: String,
    pub elder_id: String,
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
    pub elder_id: String,
    pub version: i32,
    pub action: String,
    pub changes: String,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}
