//! Queries on training sessions (培训), commendations (表彰) and evaluations (评价): what goes
//! onto a volunteer's record besides their service.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{commendations, evaluations, training_attendees, training_sessions};
use super::DbConn;
use crate::domain::id::AccountId;
use crate::domain::training::Grade;

/// 培训 — one session an office held.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_sessions, treat_none_as_default_value = false)]
pub struct TrainingSessionRow {
    pub id: String,
    pub area_code: String,
    pub topic: String,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub place: String,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_attendees, treat_none_as_default_value = false)]
pub struct AttendeeRow {
    pub session_id: String,
    pub visitor_id: AccountId,
}

/// 表彰 — a commendation of one volunteer.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = commendations, treat_none_as_default_value = false)]
pub struct CommendationRow {
    pub id: String,
    pub visitor_id: AccountId,
    pub area_code: String,
    pub title: String,
    pub awarded_on: NaiveDate,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// 评价 — an office's grade of one volunteer for a period.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluations, treat_none_as_default_value = false)]
pub struct EvaluationRow {
    pub id: String,
    pub visitor_id: AccountId,
    pub area_code: String,
    /// `2026`, `2026-H1`, `2026-H2` ([`crate::domain::training::EvaluationPeriod::code`]).
    pub period: String,
    pub grade: Grade,
    pub comment: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_session(conn: &mut DbConn, row: &TrainingSessionRow, attendees: &[AttendeeRow]) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(training_sessions::table)
        .values(row)
        .execute(c))?;
    insert_attendees(conn, attendees)
}

pub fn insert_attendees(conn: &mut DbConn, attendees: &[AttendeeRow]) -> QueryResult<()> {
    super::insert_rows!(conn, training_attendees::table, attendees.iter())
}

pub fn insert_commendation(conn: &mut DbConn, row: &CommendationRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(commendations::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn insert_evaluation(conn: &mut DbConn, row: &EvaluationRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(evaluations::table).values(row).execute(c)).map(drop)
}

/// Whether `visitor` has an evaluation by the office of `area_code` for `period`.
pub fn evaluated(conn: &mut DbConn, visitor: &AccountId, area_code: &str, period: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        evaluations::table
            .filter(evaluations::visitor_id.eq(visitor))
            .filter(evaluations::area_code.eq(area_code))
            .filter(evaluations::period.eq(period)),
    ))
    .get_result(conn)
}

/// How many sessions each of `visitors` attended (those with none are absent). No scope:
/// callers pass visitors they have read through one.
pub fn attended_counts(conn: &mut DbConn, visitors: &[AccountId]) -> QueryResult<Vec<(AccountId, i64)>> {
    super::chunked::load(visitors, |ids| {
        training_attendees::table
            .filter(training_attendees::visitor_id.eq_any(ids))
            .group_by(training_attendees::visitor_id)
            .select((training_attendees::visitor_id, diesel::dsl::count_star()))
            .load(conn)
    })
}

/// The sessions `visitor` attended, latest first.
pub fn sessions_of(conn: &mut DbConn, visitor: &AccountId) -> QueryResult<Vec<TrainingSessionRow>> {
    training_sessions::table
        .inner_join(training_attendees::table)
        .filter(training_attendees::visitor_id.eq(visitor))
        .order((training_sessions::held_on.desc(), training_sessions::id))
        .select(TrainingSessionRow::as_select())
        .load(conn)
}

/// The commendations of `visitor`, latest first.
pub fn commendations_of(conn: &mut DbConn, visitor: &AccountId) -> QueryResult<Vec<CommendationRow>> {
    commendations::table
        .filter(commendations::visitor_id.eq(visitor))
        .order((commendations::awarded_on.desc(), commendations::id))
        .select(CommendationRow::as_select())
        .load(conn)
}

/// The evaluations of `visitor`, latest period first.
pub fn evaluations_of(conn: &mut DbConn, visitor: &AccountId) -> QueryResult<Vec<EvaluationRow>> {
    evaluations::table
        .filter(evaluations::visitor_id.eq(visitor))
        .order((evaluations::period.desc(), evaluations::id))
        .select(EvaluationRow::as_select())
        .load(conn)
}

/// The sessions held by the offices in `scope` (an office's own and those below), latest
/// first, each with how many attended.
pub fn sessions_in(
    conn: &mut DbConn,
    scope: &crate::domain::access::Scope,
) -> QueryResult<Vec<(TrainingSessionRow, i64)>> {
    let sessions: Vec<TrainingSessionRow> = super::scope::training_sessions_in(scope)
        .order((training_sessions::held_on.desc(), training_sessions::id.desc()))
        .limit(200)
        .select(TrainingSessionRow::as_select())
        .load(conn)?;
    let ids: Vec<String> = sessions.iter().map(|s| s.id.clone()).collect();
    let counts: std::collections::HashMap<String, i64> = super::chunked::load(&ids, |ids| {
        training_attendees::table
            .filter(training_attendees::session_id.eq_any(ids))
            .group_by(training_attendees::session_id)
            .select((training_attendees::session_id, diesel::dsl::count_star()))
            .load::<(String, i64)>(conn)
    })?
    .into_iter()
    .collect();
    Ok(sessions
        .into_iter()
        .map(|s| {
            let n = counts.get(&s.id).copied().unwrap_or(0);
            (s, n)
        })
        .collect())
}

/// Whether session `id` exists.
pub fn session_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(training_sessions::table.find(id))).get_result(conn)
}
