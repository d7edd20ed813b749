//! 培训、表彰、评价 (issue #20 part 4) — the town or village office records the training
//! sessions it held with the visitors who attended, and commends and evaluates the visitors of
//! its area; each goes onto the volunteer's record (民政部令第67号), audited. The visitor reads
//! their own record; organizers and village staff read those of their area. Where the
//! district's pack requires a training before an in-person visit, the claim rules read
//! [`attended_counts`] ([`super::slots`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::UserRow;
use crate::db::training::{self, AttendeeRow, CommendationRow, EvaluationRow, TrainingSessionRow};
use crate::db::{users, write_transaction, DbConn};
use crate::domain::access::{Permission, Role, Scope};
use crate::domain::id::AccountId;
use crate::domain::input::{optional_text, required_text, InvalidInput};
use crate::domain::training::{check_session, EvaluationPeriod, Grade, TrainingRule};
use crate::error::{AppError, AppResult};

/// The training rule of the pack the district of `area_code` runs today (nothing required
/// when it runs none).
pub(crate) fn rule_for(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<TrainingRule> {
    let Some(district) = super::policies::district_of(area_code) else {
        return Ok(TrainingRule::platform_default());
    };
    Ok(super::policies::pack_on(conn, call, district.as_str(), call.today)?
        .map_or_else(TrainingRule::platform_default, |p| p.training.clone()))
}

/// How many sessions each of `visitors` attended (absent: none). No scope: callers pass
/// visitors they have read through one.
pub(crate) fn attended_counts(conn: &mut DbConn, visitors: &[AccountId]) -> AppResult<HashMap<AccountId, u32>> {
    Ok(training::attended_counts(conn, visitors)?
        .into_iter()
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

/// The office that records: the area the caller's role is held at (a town or a village).
fn office(call: &Call) -> AppResult<(Scope, String)> {
    let scope = call.scope(Permission::RecordTraining)?;
    match &scope {
        Scope::Area(code) => {
            let code = code.as_str().to_string();
            Ok((scope, code))
        }
        _ => Err(call.denied()),
    }
}

/// A row with the name of the office (area) that recorded it.
#[derive(Debug, Clone)]
pub struct Named<T> {
    pub row: T,
    pub office: String,
}

fn named<T>(conn: &mut DbConn, row: T, area: &str) -> AppResult<Named<T>> {
    let office = crate::db::areas::find_many(conn, &[area.to_string()])?
        .pop()
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(Named { row, office })
}

/// 本辖区培训 — the sessions recorded by the caller's office and the offices below it, latest
/// first (at most 200), each with its office's name and how many attended.
pub fn sessions_held(conn: &mut DbConn, call: &Call) -> AppResult<Vec<(Named<TrainingSessionRow>, i64)>> {
    let (scope, _) = office(call)?;
    let found = training::sessions_in(conn, &scope)?;
    let codes: Vec<String> = found.iter().map(|(s, _)| s.area_code.clone()).collect();
    let names: HashMap<String, String> = crate::db::areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    Ok(found
        .into_iter()
        .map(|(row, n)| {
            let office = names.get(&row.area_code).cloned().unwrap_or_default();
            (Named { row, office }, n)
        })
        .collect())
}

/// A visitor account of the caller's area, or a field error on `field`.
fn visitor_in(conn: &mut DbConn, scope: &Scope, id: &AccountId, field: &str) -> AppResult<UserRow> {
    users::find(conn, scope, id)?
        .filter(|u| u.role == Role::Visitor)
        .ok_or_else(|| AppError::field(field, "outside_area", "只能为本辖区的探访人员登记"))
}

fn subject<'a>(object_type: &'static str, id: &'a str, area: &'a str) -> Subject<'a> {
    Subject {
        object_type,
        object_id: Some(id),
        area_code: Some(area),
    }
}

/// A training session as the caller entered it.
pub struct SessionEntry<'a> {
    pub topic: &'a str,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub place: &'a str,
    pub note: &'a str,
    pub attendee_ids: &'a [AccountId],
}

/// 登记培训 — an organizer or village staff records a session their office held, with the
/// visitors of their area who attended (audited). Returns it.
pub fn record_session(
    conn: &mut DbConn,
    call: &Call,
    entry: &SessionEntry<'_>,
) -> AppResult<Named<TrainingSessionRow>> {
    let (scope, area) = office(call)?;
    let mut ids: Vec<AccountId> = entry.attendee_ids.to_vec();
    ids.sort();
    ids.dedup();
    let input = check_session(
        entry.topic,
        entry.held_on,
        entry.minutes,
        entry.place,
        entry.note,
        ids.len(),
        call.today,
    )?;
    write_transaction(conn, |conn| {
        for id in &ids {
            visitor_in(conn, &scope, id, "attendeeIds")?;
        }
        let row = TrainingSessionRow {
            id: Uuid::now_v7().to_string(),
            area_code: area.clone(),
            topic: input.topic.clone(),
            held_on: input.held_on,
            minutes: input.minutes,
            place: input.place.clone(),
            note: input.note.clone(),
            recorded_by: call.actor.label.clone(),
            recorded_at: call.now,
        };
        let attendees: Vec<AttendeeRow> = ids
            .iter()
            .map(|id| AttendeeRow {
                session_id: row.id.clone(),
                visitor_id: id.clone(),
            })
            .collect();
        training::insert_session(conn, &row, &attendees)?;
        let after = json!({ "topic": row.topic, "heldOn": row.held_on, "minutes": row.minutes,
                            "place": row.place, "attendees": ids });
        audit::record(
            conn,
            call,
            "training.record",
            subject("training_session", &row.id, &area),
            None,
            None,
            Some(&after),
        )?;
        named(conn, row, &area)
    })
}

/// 登记表彰 — an organizer or village staff records a commendation of a visitor of their area
/// (audited).
pub fn record_commendation(
    conn: &mut DbConn,
    call: &Call,
    visitor_id: &AccountId,
    title: &str,
    awarded_on: NaiveDate,
    reason: &str,
) -> AppResult<Named<CommendationRow>> {
    let (scope, area) = office(call)?;
    let mut errors = InvalidInput::default();
    let title = errors.check("title", required_text(title, 100));
    let reason = errors.check("reason", optional_text(reason, 500));
    if awarded_on > call.today {
        errors.add("awardedOn", "date_in_future", "表彰日期不能晚于今天");
    }
    let (title, reason) = errors.finish(|| Some((title?, reason?)))?;
    write_transaction(conn, |conn| {
        let visitor = visitor_in(conn, &scope, visitor_id, "visitorId")?;
        let row = CommendationRow {
            id: Uuid::now_v7().to_string(),
            visitor_id: visitor.id.clone(),
            area_code: area.clone(),
            title: title.clone(),
            awarded_on,
            reason: reason.clone(),
            recorded_by: call.actor.label.clone(),
            recorded_at: call.now,
        };
        training::insert_commendation(conn, &row)?;
        let after = json!({ "visitor": visitor.id, "title": row.title, "awardedOn": row.awarded_on });
        audit::record(
            conn,
            call,
            "volunteer.commend",
            subject("commendation", &row.id, &area),
            row.reason.as_deref(),
            None,
            Some(&after),
        )?;
        named(conn, row, &area)
    })
}

/// 登记评价 — an organizer or village staff grades a visitor of their area for a year or
/// half-year that has begun, once per office and period (audited).
pub fn record_evaluation(
    conn: &mut DbConn,
    call: &Call,
    visitor_id: &AccountId,
    period: &str,
    grade: Grade,
    comment: &str,
) -> AppResult<Named<EvaluationRow>> {
    let (scope, area) = office(call)?;
    let mut errors = InvalidInput::default();
    let parsed = EvaluationPeriod::parse(period).filter(|p| p.begun_by(call.today));
    if parsed.is_none() {
        errors.add("period", "invalid_period", "请选择已开始的年度或半年度");
    }
    let comment = errors.check("comment", optional_text(comment, 500));
    let (period, comment) = errors.finish(|| Some((parsed?, comment?)))?;
    write_transaction(conn, |conn| {
        let visitor = visitor_in(conn, &scope, visitor_id, "visitorId")?;
        if training::evaluated(conn, &visitor.id, &area, &period.code())? {
            return Err(AppError::field(
                "period",
                "already_evaluated",
                format!("本辖区已评价过该探访人员{}的表现", period.label_zh()),
            ));
        }
        let row = EvaluationRow {
            id: Uuid::now_v7().to_string(),
            visitor_id: visitor.id.clone(),
            area_code: area.clone(),
            period: period.code(),
            grade,
            comment: comment.clone(),
            recorded_by: call.actor.label.clone(),
            recorded_at: call.now,
        };
        training::insert_evaluation(conn, &row)?;
        let after = json!({ "visitor": visitor.id, "period": row.period, "grade": grade.as_str() });
        audit::record(
            conn,
            call,
            "volunteer.evaluate",
            subject("evaluation", &row.id, &area),
            row.comment.as_deref(),
            None,
            Some(&after),
        )?;
        named(conn, row, &area)
    })
}

/// 培训表彰评价记录 — what one volunteer's record holds besides service, with the names of the
/// offices that recorded it.
#[derive(Debug, Clone)]
pub struct VolunteerRecord {
    pub visitor_id: AccountId,
    pub display_name: String,
    pub sessions: Vec<TrainingSessionRow>,
    pub commendations: Vec<CommendationRow>,
    pub evaluations: Vec<EvaluationRow>,
    /// Area code → name, for the offices named above.
    pub offices: HashMap<String, String>,
    /// Whether the district's pack requires a training before an in-person visit.
    pub required_before_in_person: bool,
}

/// The record of `visitor_id`: the signed-in visitor's own (`None` or their own id), or, for an
/// organizer or village staff, a visitor of their area.
pub fn record_of(conn: &mut DbConn, call: &Call, visitor_id: Option<&AccountId>) -> AppResult<VolunteerRecord> {
    let own = call.actor.role == Some(Role::Visitor);
    let visitor = match (own, visitor_id) {
        (true, id) => {
            let me = call.actor.user_id.clone().ok_or_else(|| call.denied())?;
            if id.is_some_and(|id| id != &me) {
                return Err(call.denied());
            }
            users::by_id(conn, &me)?.ok_or(AppError::NotFound { what: "探访人员" })?
        }
        (false, Some(id)) => {
            let scope = call.scope(Permission::RecordTraining)?;
            users::find(conn, &scope, id)?
                .filter(|u| u.role == Role::Visitor)
                .ok_or(AppError::NotFound { what: "探访人员" })?
        }
        (false, None) => return Err(AppError::field("visitorId", "required", "请选择探访人员")),
    };
    let sessions = training::sessions_of(conn, &visitor.id)?;
    let commendations = training::commendations_of(conn, &visitor.id)?;
    let evaluations = training::evaluations_of(conn, &visitor.id)?;
    let codes: Vec<String> = sessions
        .iter()
        .map(|s| s.area_code.clone())
        .chain(commendations.iter().map(|c| c.area_code.clone()))
        .chain(evaluations.iter().map(|e| e.area_code.clone()))
        .collect();
    let offices = crate::db::areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let required_before_in_person = match visitor.area_code.as_deref() {
        Some(area) => rule_for(conn, call, area)?.before_first_in_person,
        None => false,
    };
    Ok(VolunteerRecord {
        visitor_id: visitor.id.clone(),
        display_name: visitor.display_name.clone(),
        sessions,
        commendations,
        evaluations,
        offices,
        required_before_in_person,
    })
}
