//! 志愿服务记录证明 and 更正 (民政部令第67号): the rows, and the services a proof counts.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::records::RecordRow;
use super::schema::{
    care_services, elders, office_seals, service_corrections, service_proofs, users, visit_record_visitors,
    visit_records,
};
use super::DbConn;
use crate::domain::care::CorrectionStatus;
use crate::domain::id::{AccountId, CorrectionId, ProofId, RecordId};
use crate::domain::record::RecordStatus;

/// A proof as issued (what it says is kept as it was).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = service_proofs)]
pub struct ProofRow {
    pub id: ProofId,
    pub issuer_area_code: String,
    pub year: i32,
    pub seq: i32,
    pub visitor_id: AccountId,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub services: i32,
    pub minutes: i64,
    pub content: String,
    pub issued_by: AccountId,
    pub issued_at: NaiveDateTime,
}

/// A visitor's request to correct the minutes of a visit, and its decision.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = service_corrections, treat_none_as_null = true)]
pub struct CorrectionRow {
    pub id: CorrectionId,
    pub visitor_id: AccountId,
    pub record_id: RecordId,
    pub area_code: String,
    pub recorded_minutes: i64,
    pub requested_minutes: i64,
    pub reason: String,
    pub status: CorrectionStatus,
    pub decision_reason: Option<String>,
    pub decided_by: Option<AccountId>,
    pub decided_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// The accepted visits `visitor` made — as the record's visitor or as a co-visitor (同行) —
/// in villages under `area` (a code prefix; `""`: anywhere) that started in [`from`, `to`),
/// oldest first, each with whether they went along as a co-visitor.
pub fn accepted_visits(
    conn: &mut DbConn,
    visitor: &AccountId,
    area: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(RecordRow, bool)>> {
    visit_records::table
        .inner_join(visit_record_visitors::table)
        .filter(visit_record_visitors::visitor_id.eq(visitor))
        .filter(visit_records::status.eq(RecordStatus::Accepted))
        .filter(visit_records::village_code.like(format!("{area}%")))
        .filter(visit_records::started_at.ge(from))
        .filter(visit_records::started_at.lt(to))
        .order((visit_records::started_at, visit_records::id))
        .select((RecordRow::as_select(), visit_record_visitors::co))
        .load(conn)
}

/// Care `visitor` gave freely: where (the elder's village) and what.
#[derive(Debug, Clone, Queryable)]
pub struct CareGivenRow {
    pub id: String,
    /// The care in words (理发, 送餐 …).
    pub service: String,
    pub kind: Option<crate::domain::care::CareKind>,
    pub minutes: i64,
    /// UTC.
    pub given_at: Option<NaiveDateTime>,
    pub village_code: String,
}

/// The care `visitor` gave freely to elders of villages under `area` (a code prefix; `""`:
/// anywhere) in [`from`, `to`), oldest first.
pub fn care_given(
    conn: &mut DbConn,
    visitor: &AccountId,
    area: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<CareGivenRow>> {
    care_services::table
        .inner_join(elders::table.on(care_services::elder_id.eq(elders::id.nullable())))
        .filter(care_services::provider_id.eq(visitor))
        .filter(care_services::redemption_id.is_null())
        .filter(elders::village_code.like(format!("{area}%")))
        .filter(care_services::given_at.ge(from))
        .filter(care_services::given_at.lt(to))
        .order((care_services::given_at, care_services::id))
        .select((
            care_services::id,
            care_services::service,
            care_services::kind,
            care_services::minutes,
            care_services::given_at,
            elders::village_code,
        ))
        .load(conn)
}

/// The correction requests `visitor` made about `records`, newest first.
pub fn corrections_of(conn: &mut DbConn, visitor: &AccountId, records: &[RecordId]) -> QueryResult<Vec<CorrectionRow>> {
    let mut out = vec![];
    for chunk in records.chunks(500) {
        out.extend(
            service_corrections::table
                .filter(service_corrections::visitor_id.eq(visitor))
                .filter(service_corrections::record_id.eq_any(chunk))
                .order((service_corrections::created_at.desc(), service_corrections::id.desc()))
                .select(CorrectionRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// How many proofs `issuer` has numbered in `year`.
pub fn numbered(conn: &mut DbConn, issuer: &str, year: i32) -> QueryResult<i64> {
    service_proofs::table
        .filter(service_proofs::issuer_area_code.eq(issuer))
        .filter(service_proofs::year.eq(year))
        .count()
        .get_result(conn)
}

pub fn insert_proof(conn: &mut DbConn, row: &ProofRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(service_proofs::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Proof `id` if `actor` reads it ([`super::scope::proofs_readable`]).
pub fn proof(conn: &mut DbConn, actor: &crate::domain::access::Actor, id: &ProofId) -> QueryResult<Option<ProofRow>> {
    super::scope::proofs_readable(actor)
        .filter(service_proofs::id.eq(id))
        .select(ProofRow::as_select())
        .first(conn)
        .optional()
}

pub fn proofs_of(conn: &mut DbConn, visitor: &AccountId) -> QueryResult<Vec<ProofRow>> {
    service_proofs::table
        .filter(service_proofs::visitor_id.eq(visitor))
        .order(service_proofs::issued_at.desc())
        .limit(200)
        .select(ProofRow::as_select())
        .load(conn)
}

pub fn insert_correction(conn: &mut DbConn, row: &CorrectionRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(service_corrections::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Correction request `id` if it lies in `scope` ([`super::scope::corrections_in`]).
pub fn correction(
    conn: &mut DbConn,
    scope: &crate::domain::access::Scope,
    id: &CorrectionId,
) -> QueryResult<Option<CorrectionRow>> {
    super::scope::corrections_in(scope)
        .filter(service_corrections::id.eq(id))
        .select(CorrectionRow::as_select())
        .first(conn)
        .optional()
}

/// Decides a pending correction; false if it was no longer pending.
pub fn decide(
    conn: &mut DbConn,
    id: &CorrectionId,
    status: CorrectionStatus,
    reason: Option<&str>,
    by: &AccountId,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    super::on_backend!(conn, |c| diesel::update(
        service_corrections::table
            .filter(service_corrections::id.eq(id))
            .filter(service_corrections::status.eq(CorrectionStatus::Pending))
    )
    .set((
        service_corrections::status.eq(status),
        service_corrections::decision_reason.eq(reason),
        service_corrections::decided_by.eq(by),
        service_corrections::decided_at.eq(at),
    ))
    .execute(c))
    .map(|n| n == 1)
}

/// A correction request as the office's inbox lists it: the visitor's name and when the visit
/// started.
pub type InboxRow = (CorrectionRow, String, NaiveDateTime);

/// The correction requests in `scope`: every pending one (oldest first), then the last 100
/// decided (newest first).
pub fn corrections_in(conn: &mut DbConn, scope: &crate::domain::access::Scope) -> QueryResult<Vec<InboxRow>> {
    let base = || {
        super::scope::corrections_in(scope)
            .inner_join(users::table.on(users::id.eq(service_corrections::visitor_id)))
            .inner_join(visit_records::table.on(visit_records::id.eq(service_corrections::record_id)))
    };
    let columns = (
        CorrectionRow::as_select(),
        users::display_name,
        visit_records::started_at,
    );
    let mut rows: Vec<InboxRow> = base()
        .filter(service_corrections::status.eq(CorrectionStatus::Pending))
        .order((service_corrections::created_at, service_corrections::id))
        .select(columns)
        .load(conn)?;
    let decided: Vec<InboxRow> = base()
        .filter(service_corrections::status.ne(CorrectionStatus::Pending))
        .order((service_corrections::decided_at.desc(), service_corrections::id))
        .limit(100)
        .select(columns)
        .load(conn)?;
    rows.extend(decided);
    Ok(rows)
}

/// The proofs issued by offices in `scope` whose period ends in [`from`, `to`] (all when
/// `None`), newest first, with the visitor's name; at most 500.
pub fn proofs_in(
    conn: &mut DbConn,
    scope: &crate::domain::access::Scope,
    period: Option<(NaiveDate, NaiveDate)>,
) -> QueryResult<Vec<(ProofRow, String)>> {
    let mut query = super::scope::proofs_in(scope)
        .inner_join(users::table.on(users::id.eq(service_proofs::visitor_id)))
        .order((service_proofs::issued_at.desc(), service_proofs::id))
        .limit(500)
        .select((ProofRow::as_select(), users::display_name));
    if let Some((from, to)) = period {
        query = query
            .filter(service_proofs::period_to.ge(from))
            .filter(service_proofs::period_to.le(to));
    }
    query.load(conn)
}

/// An office's seal image (单位印章).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = office_seals)]
pub struct SealRow {
    pub area_code: String,
    pub content_type: String,
    pub image: Vec<u8>,
    pub uploaded_by: AccountId,
    pub uploaded_at: NaiveDateTime,
}

/// Puts `row` as its office's seal, replacing the one before (call inside a transaction).
pub fn put_seal(conn: &mut DbConn, row: &SealRow) -> QueryResult<()> {
    diesel::delete(office_seals::table.filter(office_seals::area_code.eq(&row.area_code))).execute(conn)?;
    super::on_backend!(conn, |c| diesel::insert_into(office_seals::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn seal(conn: &mut DbConn, area_code: &str) -> QueryResult<Option<SealRow>> {
    office_seals::table
        .filter(office_seals::area_code.eq(area_code))
        .select(SealRow::as_select())
        .first(conn)
        .optional()
}
