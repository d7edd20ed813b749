//! Queries on elder files and their parts.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::expression::{AsExpression, BoxableExpression};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::models::*;
use super::schema::{
    elder_categories, elder_changes, elder_emergency_contacts, elder_fact_changes, elder_family_members, elder_reviews,
    elder_status_changes, elders,
};
use super::scope::elder_in;
use super::{DbConn, MultiBackend};
use crate::auth::crypto::PersonalDataCipher;
use crate::domain::access::Scope;
use crate::domain::area::AreaCode;
use crate::domain::elder::{
    Category, Disability, ElderFile, ElderFileInput, MemberBirth, ServiceStatus, IMPAIRMENT_WORDS,
};
use crate::domain::id::ElderId;
use crate::domain::phone::PhoneNumber;
use crate::domain::policy::facts::FACTS_VERSION;
use crate::domain::policy::ElderFacts;

/// Encryption contexts (bound as associated data) and blind-index kinds of personal data.
pub const ELDER_ID_NUMBER: &str = "elders.id_number";
pub const ELDER_PHONE: &str = "elders.phone";
pub const FAMILY_PHONE: &str = "elder_family_members.phone";
pub const CONTACT_PHONE: &str = "elder_emergency_contacts.phone";
pub const DISABILITY_CERTIFICATE: &str = "elders.disability_certificate";
pub const ID_NUMBER_INDEX: &str = "id_number";

/// Which elders a list shows. Every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct ElderFilter {
    /// A district, town or village: the elders living in that subtree.
    pub area: Option<AreaCode>,
    pub category: Option<Category>,
    pub service_status: Option<ServiceStatus>,
    /// Part of the name.
    pub name_contains: Option<String>,
}

fn filtered(scope: &Scope, filter: &ElderFilter) -> super::scope::BoxedElders {
    let mut query = super::scope::elders_in(scope);
    if let Some(area) = &filter.area {
        let (low, high) = area.subtree_range();
        query = query
            .filter(elders::village_code.ge(low))
            .filter(elders::village_code.lt(high));
    }
    if let Some(category) = filter.category {
        query = query.filter(
            elders::id.eq_any(
                elder_categories::table
                    .filter(elder_categories::category.eq(category))
                    .select(elder_categories::elder_id),
            ),
        );
    }
    if let Some(status) = filter.service_status {
        query = query.filter(elders::service_status.eq(status));
    }
    if let Some(text) = filter.name_contains.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        query = query.filter(elders::name.like(format!("%{escaped}%")).escape('\\'));
    }
    query
}

/// One page in id order, starting after `after`.
pub fn page(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &ElderFilter,
    after: Option<&ElderId>,
    limit: i64,
) -> QueryResult<Vec<ElderRow>> {
    let mut query = filtered(scope, filter);
    if let Some(after) = after {
        query = query.filter(elders::id.gt(after.clone()));
    }
    query
        .order(elders::id.asc())
        .limit(limit)
        .select(ElderRow::as_select())
        .load(conn)
}

/// What the compliance engine reads of every elder of `area` in `scope`, by village then id
/// (an index-only scan of `elders_policy`).
pub fn policy_rows_in_area(conn: &mut DbConn, scope: &Scope, area: &AreaCode) -> QueryResult<Vec<ElderPolicyRow>> {
    let filter = ElderFilter {
        area: Some(area.clone()),
        ..ElderFilter::default()
    };
    filtered(scope, &filter)
        .order((elders::village_code.asc(), elders::id.asc()))
        .select(ElderPolicyRow::as_select())
        .load(conn)
}

/// The files in `scope` among `ids` (in no particular order).
pub fn find_many(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<ElderRow>> {
    super::chunked::load(ids, |ids| {
        super::scope::elders_in(scope)
            .filter(elders::id.eq_any(ids))
            .select(ElderRow::as_select())
            .load(conn)
    })
}

/// Of `ids`, the files of elders the actor goes to (holds or accompanies a slot of).
pub fn visited_by(
    conn: &mut DbConn,
    actor: &crate::domain::access::Actor,
    ids: &[ElderId],
) -> QueryResult<Vec<ElderRow>> {
    super::chunked::load(ids, |ids| {
        super::scope::elders_visited_by(actor)
            .filter(elders::id.eq_any(ids))
            .select(ElderRow::as_select())
            .load(conn)
    })
}

/// Up to `limit` files whose stored facts were derived by another version, or never (system
/// use: the start-up refresh).
pub fn with_stale_facts(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ElderRow>> {
    elders::table
        .filter(elders::policy_facts.not_like(format!("{FACTS_VERSION}:%")))
        .order(elders::id.asc())
        .limit(limit)
        .select(ElderRow::as_select())
        .load(conn)
}

/// Stores the facts derived from a file (system use: the start-up refresh).
pub fn set_policy_facts(conn: &mut DbConn, id: &ElderId, facts: &str) -> QueryResult<()> {
    diesel::update(elders::table.find(id))
        .set(elders::policy_facts.eq(facts))
        .execute(conn)
        .map(drop)
}

/// Family members joined to their files.
type MembersOfFiles = diesel::helper_types::InnerJoinQuerySource<
    elder_family_members::table,
    elders::table,
    diesel::dsl::Eq<elders::id, elder_family_members::elder_id>,
>;

/// Family members whose condition is described only in words: the SQL form of
/// [`crate::domain::elder::described_only_in_words`] — the note holds one of
/// [`IMPAIRMENT_WORDS`] and no ability, dementia or disability is recorded.
fn described_only_in_words() -> Box<dyn BoxableExpression<MembersOfFiles, MultiBackend, SqlType = Bool>> {
    let mut words: Box<dyn BoxableExpression<MembersOfFiles, MultiBackend, SqlType = Bool>> =
        Box::new(<bool as AsExpression<Bool>>::as_expression(false));
    for word in IMPAIRMENT_WORDS {
        words = Box::new(words.or(elder_family_members::health.assume_not_null().like(format!("%{word}%"))));
    }
    Box::new(
        elder_family_members::health
            .is_not_null()
            .and(elder_family_members::ability_level.is_null())
            .and(elder_family_members::has_dementia.is_null())
            .and(elder_family_members::disability_grade.is_null())
            .and(words),
    )
}

/// 待核实 — the family members, joined to their files, of the files under service of `area`
/// in `scope` whose condition is described only in words. Computed on every read from the
/// members as stored, so the list can never disagree with the files.
macro_rules! needing_check {
    ($scope:expr, $area:expr) => {{
        let (low, high) = $area.subtree_range();
        elder_family_members::table
            .inner_join(elders::table.on(elders::id.eq(elder_family_members::elder_id)))
            .filter(elder_in($scope))
            .filter(elders::village_code.ge(low))
            .filter(elders::village_code.lt(high))
            .filter(elders::service_status.eq(ServiceStatus::InService))
            .filter(described_only_in_words())
    }};
}

/// One page of the files [`needing_check!`] finds, in id order, starting after `after`.
pub fn needing_check_page(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    after: Option<&ElderId>,
    limit: i64,
) -> QueryResult<Vec<ElderRow>> {
    // Every id sorts after the empty one.
    let after = after.cloned().unwrap_or_else(|| ElderId::from(String::new()));
    let ids: Vec<ElderId> = needing_check!(scope, area)
        .filter(elders::id.gt(after))
        .select(elders::id)
        .distinct()
        .order(elders::id.asc())
        .limit(limit)
        .load(conn)?;
    let mut rows = find_many(conn, scope, &ids)?;
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rows)
}

/// How many files [`needing_check!`] finds in all pages.
pub fn needing_check_count(conn: &mut DbConn, scope: &Scope, area: &AreaCode) -> QueryResult<i64> {
    needing_check!(scope, area)
        .select(diesel::dsl::count(elders::id).aggregate_distinct())
        .get_result(conn)
}

pub fn count(conn: &mut DbConn, scope: &Scope, filter: &ElderFilter) -> QueryResult<i64> {
    filtered(scope, filter).count().get_result(conn)
}

/// One elder file, if it exists and lies in `scope`.
pub fn find(conn: &mut DbConn, scope: &Scope, id: &ElderId) -> QueryResult<Option<ElderRow>> {
    super::scope::elders_in(scope)
        .filter(elders::id.eq(id.clone()))
        .select(ElderRow::as_select())
        .first(conn)
        .optional()
}

/// The id of the elder whose ID number has this blind index, anywhere: a duplicate must be
/// found even when the first file was registered in another town. Callers say only that the
/// number is registered, never where.
pub fn id_by_id_number_index(conn: &mut DbConn, index: &str) -> QueryResult<Option<ElderId>> {
    elders::table
        .filter(elders::id_number_index.eq(index))
        .select(elders::id)
        .first(conn)
        .optional()
}

/// The elders whose ID numbers have these blind indexes, anywhere (an import's duplicates):
/// (index, id) pairs.
pub fn ids_by_id_number_indexes(conn: &mut DbConn, indexes: &[String]) -> QueryResult<Vec<(String, ElderId)>> {
    super::chunked::load(indexes, |indexes| {
        elders::table
            .filter(elders::id_number_index.eq_any(indexes))
            .select((elders::id_number_index, elders::id))
            .load(conn)
    })
}

/// Which of `ids` exist already (the demo's idempotence check; system use).
pub fn existing_ids(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<ElderId>> {
    super::chunked::load(ids, |ids| {
        elders::table
            .filter(elders::id.eq_any(ids))
            .select(elders::id)
            .load(conn)
    })
}

pub fn categories_of(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<ElderCategoryRow>> {
    super::chunked::load(ids, |ids| {
        elder_categories::table
            .filter(elder_categories::elder_id.eq_any(ids))
            .order((elder_categories::elder_id, elder_categories::category))
            .select(ElderCategoryRow::as_select())
            .load(conn)
    })
}

pub fn family_of(conn: &mut DbConn, id: &ElderId) -> QueryResult<Vec<FamilyMemberRow>> {
    elder_family_members::table
        .filter(elder_family_members::elder_id.eq(id))
        .order(elder_family_members::position)
        .select(FamilyMemberRow::as_select())
        .load(conn)
}

pub fn contacts_of(conn: &mut DbConn, id: &ElderId) -> QueryResult<Vec<EmergencyContactRow>> {
    elder_emergency_contacts::table
        .filter(elder_emergency_contacts::elder_id.eq(id))
        .order(elder_emergency_contacts::position)
        .select(EmergencyContactRow::as_select())
        .load(conn)
}

/// The day the elder came into the register: their first service status's effective day.
pub fn registered_on(conn: &mut DbConn, id: &ElderId) -> QueryResult<Option<NaiveDate>> {
    elder_status_changes::table
        .filter(elder_status_changes::elder_id.eq(id))
        .select(diesel::dsl::min(elder_status_changes::effective_on))
        .first(conn)
}

/// (elder id, effective day, status) of the service-status changes of many elders, by elder
/// then day.
pub fn status_changes_of_many(
    conn: &mut DbConn,
    ids: &[ElderId],
) -> QueryResult<Vec<(ElderId, NaiveDate, ServiceStatus, NaiveDateTime)>> {
    super::chunked::load(ids, |ids| {
        elder_status_changes::table
            .filter(elder_status_changes::elder_id.eq_any(ids))
            .order((elder_status_changes::elder_id, elder_status_changes::effective_on))
            .select((
                elder_status_changes::elder_id,
                elder_status_changes::effective_on,
                elder_status_changes::status,
                elder_status_changes::recorded_at,
            ))
            .load(conn)
    })
}

// --- the parts of a page of files, read through the files' scope ---------------------------
// Each reads the part of every file among `ids` in one query, joined to its file, which must
// lie in `scope` ([`elder_in`]); ordered by elder, then as the file shows it.

/// Categories, by elder then code.
pub fn categories_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<ElderCategoryRow>> {
    super::chunked::load(ids, |ids| {
        elder_categories::table
            .inner_join(elders::table.on(elders::id.eq(elder_categories::elder_id)))
            .filter(elders::id.eq_any(ids))
            .filter(elder_in(scope))
            .order((elder_categories::elder_id, elder_categories::category))
            .select(ElderCategoryRow::as_select())
            .load(conn)
    })
}

/// Family members, by elder then position.
pub fn family_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<FamilyMemberRow>> {
    super::chunked::load(ids, |ids| {
        elder_family_members::table
            .inner_join(elders::table.on(elders::id.eq(elder_family_members::elder_id)))
            .filter(elders::id.eq_any(ids))
            .filter(elder_in(scope))
            .order((elder_family_members::elder_id, elder_family_members::position))
            .select(FamilyMemberRow::as_select())
            .load(conn)
    })
}

/// Emergency contacts, by elder then calling order.
pub fn contacts_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<EmergencyContactRow>> {
    super::chunked::load(ids, |ids| {
        elder_emergency_contacts::table
            .inner_join(elders::table.on(elders::id.eq(elder_emergency_contacts::elder_id)))
            .filter(elders::id.eq_any(ids))
            .filter(elder_in(scope))
            .order((elder_emergency_contacts::elder_id, elder_emergency_contacts::position))
            .select(EmergencyContactRow::as_select())
            .load(conn)
    })
}

/// Service-status histories, by elder, oldest first.
pub fn status_history_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<StatusChangeRow>> {
    super::chunked::load(ids, |ids| {
        elder_status_changes::table
            .inner_join(elders::table.on(elders::id.eq(elder_status_changes::elder_id)))
            .filter(elders::id.eq_any(ids))
            .filter(elder_in(scope))
            .order((
                elder_status_changes::elder_id,
                elder_status_changes::effective_on,
                elder_status_changes::recorded_at,
            ))
            .select(StatusChangeRow::as_select())
            .load(conn)
    })
}

/// Half-yearly reviews, by elder, oldest first.
pub fn reviews_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<ReviewRow>> {
    super::chunked::load(ids, |ids| {
        elder_reviews::table
            .inner_join(elders::table.on(elders::id.eq(elder_reviews::elder_id)))
            .filter(elders::id.eq_any(ids))
            .filter(elder_in(scope))
            .order((elder_reviews::elder_id, elder_reviews::reviewed_on))
            .select(ReviewRow::as_select())
            .load(conn)
    })
}

/// Change histories, by elder, oldest first.
pub fn changes_in(conn: &mut DbConn, scope: &Scope, ids: &[ElderId]) -> QueryResult<Vec<ElderChangeRow>> {
    super::chunked::load(ids, |ids| {
        elder_changes::table
            .inner_join(elders::table.on(elders::id.eq(elder_changes::elder_id)))
            .filter(elders::id.eq_any(ids))
            .filter(elder_in(scope))
            .order((elder_changes::elder_id, elder_changes::version))
            .select(ElderChangeRow::as_select())
            .load(conn)
    })
}

/// Fact changes of elders (system and compliance use: no scope), by elder, in the order they
/// take effect then were recorded.
pub fn fact_changes_of_many(conn: &mut DbConn, ids: &[ElderId]) -> QueryResult<Vec<FactChangeRow>> {
    super::chunked::load(ids, |ids| {
        elder_fact_changes::table
            .filter(elder_fact_changes::elder_id.eq_any(ids))
            .order((
                elder_fact_changes::elder_id,
                elder_fact_changes::effective_from,
                elder_fact_changes::recorded_at,
            ))
            .select(FactChangeRow::as_select())
            .load(conn)
    })
}

pub fn insert_fact_changes(conn: &mut DbConn, rows: &[FactChangeRow]) -> QueryResult<()> {
    super::insert_rows!(conn, elder_fact_changes::table, rows.iter())
}

/// Up to `limit` files with no fact change at all (system use: the start-up backfill of
/// files registered before facts were dated).
pub fn without_fact_changes(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ElderRow>> {
    elders::table
        .filter(diesel::dsl::not(diesel::dsl::exists(
            elder_fact_changes::table.filter(elder_fact_changes::elder_id.eq(elders::id)),
        )))
        .order(elders::id.asc())
        .limit(limit)
        .select(ElderRow::as_select())
        .load(conn)
}

/// The rows of one elder file, ready to insert.
pub struct ElderRows {
    pub elder: ElderRow,
    pub categories: Vec<ElderCategoryRow>,
    pub family: Vec<FamilyMemberRow>,
    pub contacts: Vec<EmergencyContactRow>,
}

/// What an elder row keeps of its fact history (see [`ElderRow`]): when the latest span took
/// effect and the latest change was recorded, and the span before the latest.
#[derive(Debug, Clone)]
pub struct FactsState {
    pub since: NaiveDate,
    pub recorded_at: NaiveDateTime,
    /// The stored facts of the span before the latest; `''` when there is none.
    pub before: String,
    pub before_since: Option<NaiveDate>,
}

impl FactsState {
    /// A file's first facts.
    pub fn first(since: NaiveDate, recorded_at: NaiveDateTime) -> FactsState {
        FactsState {
            since,
            recorded_at,
            before: String::new(),
            before_since: None,
        }
    }

    /// As the row holds it.
    pub fn of_row(row: &ElderRow) -> FactsState {
        FactsState {
            since: row.facts_since,
            recorded_at: row.facts_recorded_at,
            before: row.facts_before.clone(),
            before_since: row.facts_before_since,
        }
    }
}

/// Stores what an elder row keeps of its fact history (system use: the benchmark's fixture).
pub fn set_facts_state(conn: &mut DbConn, id: &ElderId, state: &FactsState) -> QueryResult<()> {
    diesel::update(elders::table.find(id))
        .set((
            elders::facts_since.eq(state.since),
            elders::facts_recorded_at.eq(state.recorded_at),
            elders::facts_before.eq(&state.before),
            elders::facts_before_since.eq(state.before_since),
        ))
        .execute(conn)
        .map(drop)
}

/// What an elder row holds besides the file itself.
pub struct FileState {
    pub version: i32,
    /// The current service status and the day it began.
    pub status: (ServiceStatus, NaiveDate),
    pub facts: FactsState,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Lays a parsed file out as rows. Family members and contacts get ids derived from the
/// elder's id and their position, so that the same file always gives the same rows.
pub fn rows_of(cipher: &PersonalDataCipher, file: &ElderFile, id: &ElderId, state: &FileState) -> ElderRows {
    let index = cipher.blind_index(ID_NUMBER_INDEX, file.id_number.as_str());
    rows_of_indexed(cipher, file, id, state, index)
}

/// [`rows_of`] with the ID number's blind index already worked out.
pub fn rows_of_indexed(
    cipher: &PersonalDataCipher,
    file: &ElderFile,
    id: &ElderId,
    state: &FileState,
    id_number_index: String,
) -> ElderRows {
    let elder = ElderRow {
        id: id.clone(),
        village_code: file.village_code.as_str().to_string(),
        name: file.name.clone(),
        sex: file.sex(),
        birth_date: file.birth_date(),
        id_number_enc: cipher.encrypt(ELDER_ID_NUMBER, file.id_number.as_str()),
        id_number_index,
        id_number_masked: file.id_number.masked(),
        phone_enc: file.phone.as_ref().map(|p| cipher.encrypt(ELDER_PHONE, p.as_str())),
        phone_masked: file.phone.as_ref().map(PhoneNumber::masked),
        residence_address: file.residence_address.clone(),
        household_village_code: file.household_village_code.as_ref().map(|c| c.as_str().to_string()),
        household_address: file.household_address.clone(),
        urban_rural: file.urban_rural,
        ability_level: file.ability_level,
        disease_history: file.disease_history.clone(),
        has_dementia: file.has_dementia,
        has_serious_illness: file.has_serious_illness,
        disability_certificate_enc: file
            .disability
            .as_ref()
            .and_then(|d| d.certificate_no.as_deref())
            .map(|no| cipher.encrypt(DISABILITY_CERTIFICATE, no)),
        disability_certificate_masked: file.disability.as_ref().and_then(Disability::masked_certificate),
        disability_grade: file.disability.as_ref().map(|d| i32::from(d.grade)),
        economic_status: file.economic_status,
        hardship_support: file.hardship_support,
        monthly_income_yuan: file.monthly_income_yuan.and_then(|v| i32::try_from(v).ok()),
        pension_yuan: file.pension_yuan.and_then(|v| i32::try_from(v).ok()),
        subsidies: file.subsidies.clone(),
        living_arrangement: file.living_arrangement,
        children_away_location: file.children_away.as_ref().and_then(|c| c.location.clone()),
        children_away_since: file.children_away.as_ref().and_then(|c| c.since),
        children_planned_return: file.children_away.as_ref().and_then(|c| c.planned_return),
        help_received: file.help_received.clone(),
        risk_level: file.risk_assessment.as_ref().map(|r| r.level),
        risk_assessed_on: file.risk_assessment.as_ref().map(|r| r.assessed_on),
        risk_assessor: file.risk_assessment.as_ref().and_then(|r| r.assessor.clone()),
        consent: file.consent.status,
        consent_note: file.consent.note.clone(),
        consent_recorded_on: file.consent.recorded_on,
        shares_with_family: file.shares_with_family,
        service_status: state.status.0,
        service_status_since: state.status.1,
        version: state.version,
        created_at: state.created_at,
        updated_at: state.updated_at,
        policy_facts: ElderFacts::from_file(file).to_stored(),
        facts_since: state.facts.since,
        facts_recorded_at: state.facts.recorded_at,
        facts_before: state.facts.before.clone(),
        facts_before_since: state.facts.before_since,
    };
    let categories = file
        .categories
        .iter()
        .map(|c| ElderCategoryRow {
            elder_id: id.clone(),
            category: *c,
        })
        .collect();
    let family = file
        .family_members
        .iter()
        .zip(0..)
        .map(|(m, position)| FamilyMemberRow {
            id: format!("{id}/family/{position}"),
            elder_id: id.clone(),
            position,
            name: m.name.clone(),
            relation: m.relation.clone(),
            health: m.health.clone(),
            phone_enc: m.phone.as_ref().map(|p| cipher.encrypt(FAMILY_PHONE, p.as_str())),
            phone_masked: m.phone.as_ref().map(PhoneNumber::masked),
            visits_often: m.visits_often,
            lives_with: m.lives_with,
            birth_date: match m.born {
                Some(MemberBirth::On(day)) => Some(day),
                _ => None,
            },
            age: match m.born {
                Some(MemberBirth::AgeStated { age, .. }) => Some(i32::from(age)),
                _ => None,
            },
            age_stated_on: match m.born {
                Some(MemberBirth::AgeStated { on, .. }) => Some(on),
                _ => None,
            },
            sex: m.sex,
            ability_level: m.ability_level,
            has_dementia: m.has_dementia,
            disability_grade: m.disability_grade.map(i32::from),
        })
        .collect();
    let contacts = file
        .emergency_contacts
        .iter()
        .zip(0..)
        .map(|(c, position)| EmergencyContactRow {
            id: format!("{id}/contact/{position}"),
            elder_id: id.clone(),
            position,
            name: c.name.clone(),
            relation: c.relation.clone(),
            phone_enc: cipher.encrypt(CONTACT_PHONE, c.phone.as_str()),
            phone_masked: c.phone.masked(),
        })
        .collect();
    ElderRows {
        elder,
        categories,
        family,
        contacts,
    }
}

/// Inserts many files' rows in one statement per table (the demo's bulk path).
pub fn insert_all(conn: &mut DbConn, files: &[ElderRows]) -> QueryResult<()> {
    super::insert_rows!(conn, elders::table, files.iter().map(|f| &f.elder))?;
    super::insert_rows!(conn, elder_categories::table, files.iter().flat_map(|f| &f.categories))?;
    super::insert_rows!(conn, elder_family_members::table, files.iter().flat_map(|f| &f.family))?;
    super::insert_rows!(
        conn,
        elder_emergency_contacts::table,
        files.iter().flat_map(|f| &f.contacts)
    )
}

/// Replaces a file's rows if its version is still `expected_version`; `Ok(false)` when
/// someone else changed it first.
pub fn replace(conn: &mut DbConn, rows: &ElderRows, expected_version: i32) -> QueryResult<bool> {
    let id = &rows.elder.id;
    let updated = diesel::update(elders::table.find(id).filter(elders::version.eq(expected_version)))
        .set(&rows.elder)
        .execute(conn)?;
    if updated == 0 {
        return Ok(false);
    }
    diesel::delete(elder_categories::table.filter(elder_categories::elder_id.eq(id))).execute(conn)?;
    diesel::delete(elder_family_members::table.filter(elder_family_members::elder_id.eq(id))).execute(conn)?;
    diesel::delete(elder_emergency_contacts::table.filter(elder_emergency_contacts::elder_id.eq(id))).execute(conn)?;
    if !rows.categories.is_empty() {
        super::on_backend!(conn, |c| diesel::insert_into(elder_categories::table)
            .values(&rows.categories)
            .execute(c))?;
    }
    if !rows.family.is_empty() {
        super::on_backend!(conn, |c| diesel::insert_into(elder_family_members::table)
            .values(&rows.family)
            .execute(c))?;
    }
    if !rows.contacts.is_empty() {
        super::on_backend!(conn, |c| diesel::insert_into(elder_emergency_contacts::table)
            .values(&rows.contacts)
            .execute(c))?;
    }
    Ok(true)
}

/// Sets the current service status if the version is still `expected_version`.
pub fn set_status(
    conn: &mut DbConn,
    id: &ElderId,
    expected_version: i32,
    status: ServiceStatus,
    since: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(elders::table.find(id).filter(elders::version.eq(expected_version)))
        .set((
            elders::service_status.eq(status),
            elders::service_status_since.eq(since),
            elders::version.eq(expected_version + 1),
            elders::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(updated == 1)
}

pub fn insert_status_change(conn: &mut DbConn, row: &StatusChangeRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(elder_status_changes::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn insert_status_changes(conn: &mut DbConn, rows: &[StatusChangeRow]) -> QueryResult<()> {
    super::insert_rows!(conn, elder_status_changes::table, rows.iter())
}

pub fn insert_review(conn: &mut DbConn, row: &ReviewRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(elder_reviews::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn insert_change(conn: &mut DbConn, row: &ElderChangeRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(elder_changes::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn insert_changes(conn: &mut DbConn, rows: &[ElderChangeRow]) -> QueryResult<()> {
    super::insert_rows!(conn, elder_changes::table, rows.iter())
}

/// The stored file as the input that would produce it (to re-parse it, diff it, or prefill a
/// form); `None` when a piece of personal data does not decrypt, an internal error reported by
/// the caller. (An unknown code in the database never gets this far: the row does not load.)
pub fn input_of(
    cipher: &PersonalDataCipher,
    row: &ElderRow,
    categories: &[ElderCategoryRow],
    family: &[FamilyMemberRow],
    contacts: &[EmergencyContactRow],
) -> Option<ElderFileInput> {
    use crate::domain::elder::*;
    Some(ElderFileInput {
        name: row.name.clone(),
        id_number: cipher.decrypt(ELDER_ID_NUMBER, &row.id_number_enc).ok()?,
        birth_date: None,
        sex: None,
        phone: match &row.phone_enc {
            Some(enc) => Some(cipher.decrypt(ELDER_PHONE, enc).ok()?),
            None => None,
        },
        village_code: row.village_code.clone(),
        residence_address: row.residence_address.clone(),
        household_village_code: row.household_village_code.clone(),
        household_address: row.household_address.clone(),
        urban_rural: row.urban_rural,
        ability_level: row.ability_level,
        disease_history: row.disease_history.clone(),
        has_dementia: Some(row.has_dementia),
        has_serious_illness: Some(row.has_serious_illness),
        disability_certificate_no: match &row.disability_certificate_enc {
            Some(enc) => Some(cipher.decrypt(DISABILITY_CERTIFICATE, enc).ok()?),
            None => None,
        },
        disability_grade: row.disability_grade,
        economic_status: row.economic_status,
        hardship_support: row.hardship_support,
        monthly_income_yuan: row.monthly_income_yuan,
        pension_yuan: row.pension_yuan,
        subsidies: row.subsidies.clone(),
        living_arrangement: row.living_arrangement,
        family_members: Some(
            family
                .iter()
                .map(|m| {
                    Some(FamilyMemberInput {
                        name: m.name.clone(),
                        relation: m.relation.clone(),
                        health: m.health.clone(),
                        phone: match &m.phone_enc {
                            Some(enc) => Some(cipher.decrypt(FAMILY_PHONE, enc).ok()?),
                            None => None,
                        },
                        visits_often: Some(m.visits_often),
                        lives_with: Some(m.lives_with),
                        birth_date: m.birth_date,
                        age: m.age,
                        age_stated_on: m.age_stated_on,
                        sex: m.sex,
                        ability_level: m.ability_level,
                        has_dementia: m.has_dementia,
                        disability_grade: m.disability_grade,
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        children_away_location: row.children_away_location.clone(),
        children_away_since: row.children_away_since,
        children_planned_return: row.children_planned_return,
        emergency_contacts: Some(
            contacts
                .iter()
                .map(|c| {
                    Some(EmergencyContactInput {
                        name: c.name.clone(),
                        relation: c.relation.clone(),
                        phone: cipher.decrypt(CONTACT_PHONE, &c.phone_enc).ok()?,
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        categories: Some(categories.iter().map(|c| c.category).collect()),
        help_received: row.help_received.clone(),
        risk_level: row.risk_level,
        risk_assessed_on: row.risk_assessed_on,
        risk_assessor: row.risk_assessor.clone(),
        consent: row.consent,
        consent_note: row.consent_note.clone(),
        consent_recorded_on: row.consent_recorded_on,
        shares_with_family: Some(row.shares_with_family),
    })
}

/// (id, village, name, registered at) of every elder in service, by village then id.
pub fn in_service(conn: &mut DbConn) -> QueryResult<Vec<(ElderId, String, String, NaiveDateTime)>> {
    elders::table
        .filter(elders::service_status.eq(ServiceStatus::InService))
        .order((elders::village_code, elders::id))
        .select((elders::id, elders::village_code, elders::name, elders::created_at))
        .load(conn)
}

/// (id, village, name, created at) of the elders in service living in `area`.
pub fn in_service_in(conn: &mut DbConn, area: &AreaCode) -> QueryResult<Vec<(ElderId, String, String, NaiveDateTime)>> {
    let (low, high) = area.subtree_range();
    elders::table
        .filter(elders::service_status.eq(ServiceStatus::InService))
        .filter(elders::village_code.ge(low))
        .filter(elders::village_code.lt(high))
        .order((elders::village_code, elders::id))
        .select((elders::id, elders::village_code, elders::name, elders::created_at))
        .load(conn)
}

/// (elder, day of the latest half-yearly review) of every elder reviewed at least once.
pub fn last_reviews(conn: &mut DbConn) -> QueryResult<Vec<(ElderId, Option<NaiveDate>)>> {
    elder_reviews::table
        .group_by(elder_reviews::elder_id)
        .select((elder_reviews::elder_id, diesel::dsl::max(elder_reviews::reviewed_on)))
        .load(conn)
}
