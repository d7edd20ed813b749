//! Training sessions (培训), commendations (表彰) and evaluations (评价) on a volunteer's record.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use juniper::graphql_object;

use super::Context;
use crate::db::training::{CommendationRow, EvaluationRow, TrainingSessionRow};
use crate::domain::training::{EvaluationPeriod, Grade};
use crate::service::training::VolunteerRecord as Record;

#[derive(juniper::GraphQLInputObject)]
/// 登记培训 — a session the caller's office held, with the visitors of its area who attended.
pub struct TrainingSessionInput {
    pub topic: String,
    pub held_on: NaiveDate,
    /// Length in minutes (1–720).
    pub minutes: i32,
    pub place: String,
    pub note: Option<String>,
    /// Visitor accounts of the caller's area, picked from the list.
    pub attendee_ids: Vec<String>,
}

/// 培训 — one session.
pub struct TrainingSession {
    pub row: TrainingSessionRow,
    /// The office that held it, by name.
    pub office: String,
    pub attendee_count: Option<i32>,
}

#[graphql_object(context = Context, description = "培训 — a training session an office held")]
impl TrainingSession {
    fn id(&self) -> &str {
        &self.row.id
    }
    fn topic(&self) -> &str {
        &self.row.topic
    }
    fn held_on(&self) -> NaiveDate {
        self.row.held_on
    }
    /// Length in minutes.
    fn minutes(&self) -> i32 {
        self.row.minutes
    }
    fn place(&self) -> &str {
        &self.row.place
    }
    fn note(&self) -> Option<&str> {
        self.row.note.as_deref()
    }
    /// The town or village office that held it (组织单位), by name.
    fn office(&self) -> &str {
        &self.office
    }
    /// How many attended (in the office's list; `null` on a volunteer's record).
    fn attendee_count(&self) -> Option<i32> {
        self.attendee_count
    }
    fn recorded_at(&self) -> DateTime<Utc> {
        self.row.recorded_at.and_utc()
    }
}

/// 表彰 — one commendation.
pub struct Commendation {
    pub row: CommendationRow,
    pub office: String,
}

#[graphql_object(context = Context, description = "表彰 — a commendation of a volunteer")]
impl Commendation {
    fn id(&self) -> &str {
        &self.row.id
    }
    /// e.g. 优秀志愿者.
    fn title(&self) -> &str {
        &self.row.title
    }
    fn awarded_on(&self) -> NaiveDate {
        self.row.awarded_on
    }
    fn reason(&self) -> Option<&str> {
        self.row.reason.as_deref()
    }
    /// The office that gave it, by name.
    fn office(&self) -> &str {
        &self.office
    }
}

/// 评价 — one evaluation.
pub struct Evaluation {
    pub row: EvaluationRow,
    pub office: String,
}

#[graphql_object(context = Context, description = "评价 — an office's grade of a volunteer for a period")]
impl Evaluation {
    fn id(&self) -> &str {
        &self.row.id
    }
    /// The period, as a person reads it: 2026年下半年.
    fn period(&self) -> String {
        EvaluationPeriod::parse(&self.row.period).map_or_else(|| self.row.period.clone(), EvaluationPeriod::label_zh)
    }
    fn grade(&self) -> Grade {
        self.row.grade
    }
    /// 优秀 / 良好 / 合格 / 不合格.
    fn grade_label(&self) -> &'static str {
        self.row.grade.label_zh()
    }
    fn comment(&self) -> Option<&str> {
        self.row.comment.as_deref()
    }
    /// The office that gave it, by name.
    fn office(&self) -> &str {
        &self.office
    }
}

fn office(offices: &HashMap<String, String>, code: &str) -> String {
    offices.get(code).cloned().unwrap_or_default()
}

/// 志愿者记录（培训、表彰、评价） — what a volunteer's record holds besides service.
pub struct VolunteerRecord(pub Record);

#[graphql_object(context = Context, description = "培训、表彰、评价 — a volunteer's record besides service")]
impl VolunteerRecord {
    fn visitor_id(&self) -> &str {
        self.0.visitor_id.as_str()
    }
    fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// The district's pack requires a training before an in-person visit.
    fn training_required(&self) -> bool {
        self.0.required_before_in_person
    }
    /// The visitor attended at least one session.
    fn trained(&self) -> bool {
        !self.0.sessions.is_empty()
    }
    /// Sessions attended, latest first.
    fn trainings(&self) -> Vec<TrainingSession> {
        self.0
            .sessions
            .iter()
            .map(|row| TrainingSession {
                office: office(&self.0.offices, &row.area_code),
                row: row.clone(),
                attendee_count: None,
            })
            .collect()
    }
    fn commendations(&self) -> Vec<Commendation> {
        self.0
            .commendations
            .iter()
            .map(|row| Commendation {
                office: office(&self.0.offices, &row.area_code),
                row: row.clone(),
            })
            .collect()
    }
    fn evaluations(&self) -> Vec<Evaluation> {
        self.0
            .evaluations
            .iter()
            .map(|row| Evaluation {
                office: office(&self.0.offices, &row.area_code),
                row: row.clone(),
            })
            .collect()
    }
}
