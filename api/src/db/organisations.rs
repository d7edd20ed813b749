//! 组织 — organisations, their members and a provider's contracts; what a contract delivered.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    organisation_members, organisations, service_contracts, spot_checks, users, visit_record_visitors, visit_records,
};
use super::scope::organisations_in;
use super::DbConn;
use crate::domain::access::{Actor, Scope};
use crate::domain::area::AreaCode;
use crate::domain::id::{AccountId, ContractId, ElderId, OrganisationId, RecordId};
use crate::domain::record::spot_check::SpotCheckOutcome;
use crate::domain::record::RecordStatus;
use crate::domain::slot::OrganisationKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub name: String,
    pub area_code: String,
    pub created_by: AccountId,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisation_members)]
pub struct MemberRow {
    pub organisation_id: OrganisationId,
    pub user_id: AccountId,
    pub is_admin: bool,
    pub joined_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = service_contracts)]
pub struct ContractRow {
    pub id: ContractId,
    pub organisation_id: OrganisationId,
    pub area_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub promised_visits: i32,
    pub promised_minutes: i64,
    pub created_by: AccountId,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &OrganisationRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(organisations::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Organisation `id` if `actor` manages it ([`super::scope::organisations_managed`]).
pub fn managed(conn: &mut DbConn, actor: &Actor, id: &OrganisationId) -> QueryResult<Option<OrganisationRow>> {
    super::scope::organisations_managed(actor)
        .filter(organisations::id.eq(id))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConn, id: &OrganisationId) -> QueryResult<Option<OrganisationRow>> {
    organisations::table
        .filter(organisations::id.eq(id))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a member, or changes whether they are its admin.
pub fn upsert_member(conn: &mut DbConn, row: &MemberRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(organisation_members::table)
        .values(row)
        .on_conflict((organisation_members::organisation_id, organisation_members::user_id))
        .do_update()
        .set(organisation_members::is_admin.eq(row.is_admin))
        .execute(c))
    .map(drop)
}

pub fn remove_member(conn: &mut DbConn, organisation: &OrganisationId, user: &AccountId) -> QueryResult<usize> {
    super::on_backend!(conn, |c| diesel::delete(
        organisation_members::table
            .filter(organisation_members::organisation_id.eq(organisation))
            .filter(organisation_members::user_id.eq(user))
    )
    .execute(c))
}

pub fn members(conn: &mut DbConn, organisation: &OrganisationId) -> QueryResult<Vec<MemberRow>> {
    organisation_members::table
        .filter(organisation_members::organisation_id.eq(organisation))
        .order(organisation_members::joined_at)
        .select(MemberRow::as_select())
        .load(conn)
}

/// The members of an organisation with their names, admins first, then as they joined.
pub fn members_named(conn: &mut DbConn, organisation: &OrganisationId) -> QueryResult<Vec<(MemberRow, String)>> {
    organisation_members::table
        .inner_join(users::table.on(users::id.eq(organisation_members::user_id)))
        .filter(organisation_members::organisation_id.eq(organisation))
        .order((organisation_members::is_admin.desc(), organisation_members::joined_at))
        .select((MemberRow::as_select(), users::display_name))
        .load(conn)
}

/// The organisations in `scope` registered in `area`'s subtree, by name.
pub fn in_area(conn: &mut DbConn, scope: &Scope, area: &AreaCode) -> QueryResult<Vec<OrganisationRow>> {
    let (low, high) = area.subtree_range();
    organisations_in(scope)
        .filter(organisations::area_code.ge(low))
        .filter(organisations::area_code.lt(high))
        .order((organisations::name, organisations::id))
        .select(OrganisationRow::as_select())
        .load(conn)
}

/// The organisations `user` belongs to, with their membership.
pub fn of_member(conn: &mut DbConn, user: &AccountId) -> QueryResult<Vec<(OrganisationRow, MemberRow)>> {
    organisations::table
        .inner_join(organisation_members::table.on(organisation_members::organisation_id.eq(organisations::id)))
        .filter(organisation_members::user_id.eq(user))
        .order((organisations::name, organisations::id))
        .select((OrganisationRow::as_select(), MemberRow::as_select()))
        .load(conn)
}

/// A provider's contracts, the latest first.
pub fn contracts_of(conn: &mut DbConn, organisation: &OrganisationId) -> QueryResult<Vec<ContractRow>> {
    service_contracts::table
        .filter(service_contracts::organisation_id.eq(organisation))
        .order((service_contracts::starts_on.desc(), service_contracts::id))
        .select(ContractRow::as_select())
        .load(conn)
}

pub fn membership(
    conn: &mut DbConn,
    organisation: &OrganisationId,
    user: &AccountId,
) -> QueryResult<Option<MemberRow>> {
    organisation_members::table
        .filter(organisation_members::organisation_id.eq(organisation))
        .filter(organisation_members::user_id.eq(user))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_contract(conn: &mut DbConn, row: &ContractRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(service_contracts::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// Contract `id` if `actor` reads it ([`super::scope::contracts_in`]).
pub fn contract(conn: &mut DbConn, actor: &Actor, id: &ContractId) -> QueryResult<Option<ContractRow>> {
    super::scope::contracts_in(actor)
        .filter(service_contracts::id.eq(id))
        .select(ContractRow::as_select())
        .first(conn)
        .optional()
}

/// The visits of `members` — as the record's visitor or as a co-visitor — in villages under
/// `area` that started in [`from`, `to`), with the given statuses: (elder, started, ended),
/// one row per visit however many members made it (decision: a visit by two members is one
/// visit of the contract, its minutes counted once).
pub fn member_visits(
    conn: &mut DbConn,
    members: &[AccountId],
    area: &str,
    (from, to): (NaiveDateTime, NaiveDateTime),
    statuses: &[RecordStatus],
) -> QueryResult<Vec<(ElderId, NaiveDateTime, NaiveDateTime)>> {
    let rows: Vec<(RecordId, ElderId, NaiveDateTime, NaiveDateTime)> = super::chunked::load(members, |ids| {
        visit_records::table
            .inner_join(visit_record_visitors::table)
            .filter(visit_record_visitors::visitor_id.eq_any(ids))
            .filter(visit_records::status.eq_any(statuses))
            .filter(visit_records::village_code.like(format!("{area}%")))
            .filter(visit_records::started_at.ge(from))
            .filter(visit_records::started_at.lt(to))
            .select((
                visit_records::id,
                visit_records::elder_id,
                visit_records::started_at,
                visit_records::ended_at,
            ))
            .load(conn)
    })?;
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|(id, ..)| seen.insert(id.clone()))
        .map(|(_, elder, start, end)| (elder, start, end))
        .collect())
}

/// The spot checks of `members`' records drawn for `month` (`2026-11`): their outcomes (None:
/// not checked yet).
pub fn member_spot_checks(
    conn: &mut DbConn,
    members: &[AccountId],
    month: &str,
) -> QueryResult<Vec<Option<SpotCheckOutcome>>> {
    super::chunked::load(members, |ids| {
        spot_checks::table
            .filter(spot_checks::visitor_id.eq_any(ids))
            .filter(spot_checks::month.eq(month))
            .select(spot_checks::outcome)
            .load(conn)
    })
}
