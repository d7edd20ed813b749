//! 志愿者概况 (issue #20, 6.) — per visitor of an area (for its organizers) or member of an
//! organisation (for those who manage it), what they did in a period: accepted visits, minutes
//! served, care given, no-shows, training attended, and when they were last active; sorted as
//! asked, and exported (`figure_exports::volunteers`).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::exports::utc_bounds;
use super::Call;
use crate::db::models::UserRow;
use crate::db::organisations::OrganisationRow;
use crate::db::{organisations, overview, users, DbConn};
use crate::domain::access::{Permission, Role};
use crate::domain::area::AreaCode;
use crate::domain::id::{AccountId, OrganisationId};
use crate::domain::ledger::PostingRules;
use crate::domain::period::Period;
use crate::domain::text_enum;
use crate::error::{AppError, AppResult};

text_enum! {
    /// 排序 — how the volunteers' overview is ordered (the most first; a name A→Z).
    pub enum VolunteerSort {
        Visits => ("visits", "探访次数"),
        Minutes => ("minutes", "服务时长"),
        NoShows => ("no_shows", "未到次数"),
        Trainings => ("trainings", "培训次数"),
        LastActive => ("last_active", "最近活动"),
        Name => ("name", "姓名"),
    }
}

/// One visitor's period.
#[derive(Debug, Clone)]
pub struct VolunteerSummary {
    pub visitor: UserRow,
    /// Accepted visits that started in the period, as the record's visitor or a co-visitor
    /// (同行; each counts the visit and its minutes).
    pub visits: i64,
    /// Minutes served on those visits (each capped as a visit is credited, 240 at most;
    /// decision: what was served, whatever book it went to) and on the care given freely.
    pub minutes: i64,
    /// Care given freely (理发, 送餐 …).
    pub care: i64,
    /// No-shows whose window ended in the period.
    pub no_shows: i64,
    /// Training sessions attended that were held in the period, and their minutes.
    pub trainings: i64,
    pub training_minutes: i64,
    /// The latest visit started or care given, in the period.
    pub last_active: Option<NaiveDateTime>,
}

/// The visitors whose home lies in `area_code`, for the visitors' organizers (who approve
/// them), each with their period; ordered by `sort`.
pub fn volunteers(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    period: &Period,
    sort: VolunteerSort,
) -> AppResult<(AreaCode, Vec<VolunteerSummary>)> {
    let (_, area) = super::areas::area_in_scope(call, Permission::ApproveVisitors, area_code)?;
    let visitors = super::figure_exports::accounts_in(conn, &area, Some(Role::Visitor))?;
    Ok((area, summaries(conn, visitors, period, sort)?))
}

/// The members of organisation `id`, for those who manage it (staff of its area, its admin
/// members), each with their period; ordered by `sort`.
pub fn members(
    conn: &mut DbConn,
    call: &Call,
    id: &OrganisationId,
    period: &Period,
    sort: VolunteerSort,
) -> AppResult<(OrganisationRow, Vec<VolunteerSummary>)> {
    let org = organisations::managed(conn, &call.actor, id)?.ok_or(AppError::NotFound { what: "组织" })?;
    let ids: Vec<AccountId> = organisations::members(conn, &org.id)?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let visitors = users::by_ids(conn, &ids)?;
    let rows = summaries(conn, visitors, period, sort)?;
    Ok((org, rows))
}

/// What each of `visitors` did in `period`, ordered by `sort`.
fn summaries(
    conn: &mut DbConn,
    visitors: Vec<UserRow>,
    period: &Period,
    sort: VolunteerSort,
) -> AppResult<Vec<VolunteerSummary>> {
    let ids: Vec<AccountId> = visitors.iter().map(|v| v.id.clone()).collect();
    let (from, to) = utc_bounds(period);
    let mut sums: HashMap<AccountId, VolunteerSummary> = visitors
        .into_iter()
        .map(|v| {
            let summary = VolunteerSummary {
                visitor: v.clone(),
                visits: 0,
                minutes: 0,
                care: 0,
                no_shows: 0,
                trainings: 0,
                training_minutes: 0,
                last_active: None,
            };
            (v.id, summary)
        })
        .collect();
    let rules = PostingRules::default();
    let active = |s: &mut VolunteerSummary, at: NaiveDateTime| {
        s.last_active = Some(s.last_active.map_or(at, |l| l.max(at)));
    };
    for (visitor, started, ended) in overview::visits(conn, &ids, from, to)? {
        if let Some(s) = sums.get_mut(&visitor) {
            s.visits += 1;
            s.minutes += rules.credited((ended - started).num_minutes());
            active(s, started);
        }
    }
    for (giver, given_at, minutes) in overview::care(conn, &ids, from, to)? {
        if let Some(s) = giver.and_then(|g| sums.get_mut(&g)) {
            s.care += 1;
            s.minutes += rules.credited(minutes);
            if let Some(at) = given_at {
                active(s, at);
            }
        }
    }
    for visitor in overview::no_shows(conn, &ids, period.start, period.end)? {
        if let Some(s) = sums.get_mut(&visitor) {
            s.no_shows += 1;
        }
    }
    for (visitor, minutes) in overview::trainings(conn, &ids, period.start, period.end)? {
        if let Some(s) = sums.get_mut(&visitor) {
            s.trainings += 1;
            s.training_minutes += i64::from(minutes);
        }
    }
    let mut rows: Vec<VolunteerSummary> = sums.into_values().collect();
    sort_by(&mut rows, sort);
    Ok(rows)
}

/// Orders `rows` by `sort`, the most first, then by name.
fn sort_by(rows: &mut [VolunteerSummary], sort: VolunteerSort) {
    rows.sort_by(|a, b| {
        let most = match sort {
            VolunteerSort::Visits => b.visits.cmp(&a.visits),
            VolunteerSort::Minutes => b.minutes.cmp(&a.minutes),
            VolunteerSort::NoShows => b.no_shows.cmp(&a.no_shows),
            VolunteerSort::Trainings => b.trainings.cmp(&a.trainings),
            VolunteerSort::LastActive => b.last_active.cmp(&a.last_active),
            VolunteerSort::Name => std::cmp::Ordering::Equal,
        };
        most.then_with(|| a.visitor.display_name.cmp(&b.visitor.display_name))
            .then_with(|| a.visitor.id.cmp(&b.visitor.id))
    });
}
