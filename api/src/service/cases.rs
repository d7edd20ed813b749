//! 风险个案 — a major risk found on a visit becomes a case the town owns, with a due time,
//! followed up by later visits (跟踪回访) until it is closed, and referred (转介) to other
//! services. The emergency contact and the town are told through the outbox, written in the
//! same transaction that opens the case.

use std::collections::HashMap;

use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::{ElderRow, UserRow};
use crate::db::records::{self, CaseRow, OutboxRow, RecordRow, ReferralRow};
use crate::db::{elders, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Permission, Role, Scope};
use crate::domain::area::AreaCode;
use crate::domain::id::{AccountId, CaseId, RecordId, ReferralId};
use crate::domain::input::{required_text, InvalidInput};
use crate::domain::message::MessageKind;
use crate::domain::record::format::ReferralTarget;
use crate::domain::record::risk::{major_risks, RiskKind};
use crate::domain::record::VisitRecord;
use crate::error::{AppError, AppResult};

pub use crate::domain::record::case::{CaseStatus, ReferralStatus};

fn case_not_found() -> AppError {
    AppError::NotFound { what: "风险个案" }
}

fn case_subject(row: &CaseRow) -> Subject<'_> {
    Subject {
        object_type: "risk_case",
        object_id: Some(row.id.as_str()),
        area_code: Some(&row.village_code),
    }
}

/// Run when a record is stored (in its transaction): links it as a follow-up of the elder's
/// open cases from earlier records, opens one case per major risk not already open for the
/// elder, tells the emergency contact and the town, and files the record's referrals.
pub fn open_for_record(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    record: &VisitRecord,
    row: &RecordRow,
) -> AppResult<Vec<CaseRow>> {
    let open = records::open_cases_of_elder(conn, &elder.id)?;
    for case in open.iter().filter(|c| c.record_id.as_ref() != Some(&row.id)) {
        if !records::follow_ups_of(conn, &case.id)?.iter().any(|r| r.id == row.id) {
            records::link_follow_up(conn, &case.id, &row.id, call.now)?;
        }
    }
    let already = records::cases_of_record(conn, &row.id)?;
    let mut opened = Vec::new();
    for finding in major_risks(record) {
        let kind = finding.kind;
        if open
            .iter()
            .chain(&already)
            .any(|c| c.kind == kind && c.status == CaseStatus::Open)
        {
            continue;
        }
        let case = open_case(
            conn,
            call,
            elder,
            Some(&row.id),
            kind,
            finding.evidence.join("；"),
            finding.due_at(call.now),
        )?;
        opened.push(case);
    }
    if records::referrals_of_record(conn, &row.id)?.is_empty() {
        let urgent_case = opened.iter().chain(&open).find(|c| c.kind == RiskKind::UrgentNeed);
        for referral in &record.referrals {
            let urgent = referral.urgent == Some(true);
            let case_id = if urgent {
                urgent_case.map(|c| c.id.clone())
            } else {
                None
            };
            records::insert_referral(
                conn,
                &new_referral(
                    call,
                    elder,
                    case_id,
                    Some(&row.id),
                    referral.target,
                    referral.detail.as_str(),
                    urgent,
                )?,
            )?;
        }
    }
    Ok(opened)
}

/// Opens one case for `elder` — owned by the first active organizer of the elder's town — tells
/// the emergency contacts and the town ([`super::messages::case_opened`]) and audits `case.open`, all in the
/// caller's transaction. `record_id` is the record that found the risk (`None` for 失联).
pub fn open_case(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    record_id: Option<&RecordId>,
    kind: RiskKind,
    evidence: String,
    due_at: chrono::NaiveDateTime,
) -> AppResult<CaseRow> {
    let town = AreaCode::parse(&elder.village_code)
        .ok()
        .and_then(|v| v.parent())
        .map(|t| t.as_str().to_string());
    let owner = match &town {
        Some(town) => users::first_active(conn, Role::TownOrganizer, town)?,
        None => None,
    };
    let case = CaseRow {
        id: CaseId::fresh(),
        elder_id: elder.id.clone(),
        village_code: elder.village_code.clone(),
        record_id: record_id.cloned(),
        kind,
        severity: kind.severity(),
        evidence,
        status: CaseStatus::Open,
        owner_id: owner.as_ref().map(|u| u.id.clone()),
        opened_at: call.now,
        due_at,
        closed_at: None,
        closed_by: None,
        closing_note: None,
        version: 1,
    };
    records::insert_case(conn, &case)?;
    let message = match kind {
        RiskKind::LostContact => MessageKind::LostContact,
        _ => MessageKind::CaseOpened,
    };
    super::messages::case_opened(conn, call, elder, &case, message, None, owner.as_ref())?;
    audit::record(
        conn,
        call,
        "case.open",
        case_subject(&case),
        None,
        None,
        Some(&json!({"kind": kind, "recordId": record_id})),
    )?;
    Ok(case)
}

fn new_referral(
    call: &Call,
    elder: &ElderRow,
    case_id: Option<CaseId>,
    record_id: Option<&RecordId>,
    target: ReferralTarget,
    detail: &str,
    urgent: bool,
) -> AppResult<ReferralRow> {
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    Ok(ReferralRow {
        id: ReferralId::fresh(),
        elder_id: elder.id.clone(),
        village_code: elder.village_code.clone(),
        case_id,
        record_id: record_id.cloned(),
        target,
        detail: detail.to_string(),
        urgent,
        status: ReferralStatus::Requested,
        status_note: None,
        created_by: me.clone(),
        created_at: call.now,
        updated_by: me,
        updated_at: call.now,
        version: 1,
    })
}

/// 个案看板 — the cases of an area in the reader's scope, most urgent first.
pub fn board(conn: &mut DbConn, call: &Call, area_code: &str, status: Option<CaseStatus>) -> AppResult<Vec<CaseRow>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ReadElders, area_code)?;
    Ok(records::cases_in(conn, &scope, Some(&area), status, None)?)
}

/// 我的个案 — the open cases the signed-in account owns.
pub fn mine(conn: &mut DbConn, call: &Call) -> AppResult<Vec<CaseRow>> {
    let scope = call.scope(Permission::HandleCases)?;
    let me = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    Ok(records::cases_in(conn, &scope, None, Some(CaseStatus::Open), Some(me))?)
}

/// One case, for whoever reads the elder files of its village (`ReadElders`); anyone else,
/// the visitor of the record that opened it included, is told there is no such case.
pub fn get(conn: &mut DbConn, call: &Call, id: &CaseId) -> AppResult<CaseRow> {
    let scope = call.scope(Permission::ReadElders)?;
    records::case_in(conn, &scope, id)?.ok_or_else(case_not_found)
}

/// The cases a record opened, as its reader sees them. A case is read only with the elder
/// file's scope (`ReadElders` over the village), so the record's own visitor — a volunteer —
/// gets an empty list, not even the kind and status of her record's cases: that is the least
/// revealing choice (a case's kind says what was found about the elder's health and home,
/// and its follow-ups are other people's visits), and the town tells her what she needs.
pub fn of_record(conn: &mut DbConn, call: &Call, record_id: &RecordId) -> AppResult<Vec<CaseRow>> {
    let scope = call.actor.scope_for(Permission::ReadElders);
    Ok(records::cases_of_record_in(conn, &scope, record_id)?)
}

/// The referrals of each case among `case_ids` the caller may read (`ReadElders` over its
/// village), by case: a board's referrals in one query.
pub fn referrals_by_case(
    conn: &mut DbConn,
    call: &Call,
    case_ids: &[CaseId],
) -> AppResult<HashMap<CaseId, Vec<ReferralRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    let rows = records::referrals_of_cases_in(conn, &scope, case_ids)?;
    Ok(by_case(rows, |r| r.case_id.as_ref()))
}

/// The notifications (the outbox, phones masked) of each case among `case_ids` the caller
/// may read, by case: a board's notifications in one query.
pub fn notifications_by_case(
    conn: &mut DbConn,
    call: &Call,
    case_ids: &[CaseId],
) -> AppResult<HashMap<CaseId, Vec<OutboxRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    let rows = records::outbox_of_cases_in(conn, &scope, case_ids)?;
    Ok(by_case(rows, |n| n.case_id.as_ref()))
}

/// The owner's name of each case among `case_ids` the caller may read that has one (a board
/// names its owners in one query; village staff, who may not list accounts, see them too).
pub fn owner_names_by_case(
    conn: &mut DbConn,
    call: &Call,
    case_ids: &[CaseId],
) -> AppResult<HashMap<CaseId, Vec<String>>> {
    let scope = call.scope(Permission::ReadElders)?;
    let mut out: HashMap<CaseId, Vec<String>> = HashMap::new();
    for (case, name) in records::owner_names_of_cases_in(conn, &scope, case_ids)? {
        out.entry(case).or_default().push(name);
    }
    Ok(out)
}

/// The elder's name of each case among `case_ids` the actor may read (a board names them all
/// in one query, not one per card).
pub fn elder_names_by_case(
    conn: &mut DbConn,
    call: &Call,
    case_ids: &[CaseId],
) -> AppResult<HashMap<CaseId, Vec<String>>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(records::elder_names_of_cases_in(conn, &scope, case_ids)?
        .into_iter()
        .map(|(case, name)| (case, vec![name]))
        .collect())
}

/// Rows grouped by the case they belong to, each group in the order of `rows` (rows of no case,
/// which a query by case never gives, are left out).
fn by_case<T>(rows: Vec<T>, case_of: impl Fn(&T) -> Option<&CaseId>) -> HashMap<CaseId, Vec<T>> {
    let mut groups: HashMap<CaseId, Vec<T>> = HashMap::new();
    for row in rows {
        if let Some(case) = case_of(&row).cloned() {
            groups.entry(case).or_default().push(row);
        }
    }
    groups
}

/// Loads a case the actor may work on, at `expected_version`.
fn workable(conn: &mut DbConn, call: &Call, id: &CaseId, expected_version: i32) -> AppResult<(Scope, CaseRow)> {
    let scope = call.scope(Permission::HandleCases)?;
    let case = records::case_in(conn, &scope, id)?.ok_or_else(case_not_found)?;
    if case.version != expected_version {
        return Err(AppError::VersionConflict);
    }
    Ok((scope, case))
}

fn save_case(
    conn: &mut DbConn,
    call: &Call,
    action: &str,
    before: &CaseRow,
    after: &CaseRow,
    reason: Option<&str>,
) -> AppResult<()> {
    if !records::replace_case(conn, after, before.version)? {
        return Err(AppError::VersionConflict);
    }
    let b = json!({"status": before.status, "ownerId": before.owner_id});
    let a = json!({"status": after.status, "ownerId": after.owner_id});
    audit::record(conn, call, action, case_subject(after), reason, Some(&b), Some(&a))
}

/// 结案 — closes an open case. A case is closed only after at least one follow-up visit
/// (a later record of the elder that was not rejected), with a note on how it was resolved.
pub fn close(conn: &mut DbConn, call: &Call, id: &CaseId, note: &str, expected_version: i32) -> AppResult<CaseRow> {
    let note = InvalidInput::of_field("note", required_text(note, 1000))?;
    write_transaction(conn, |conn| {
        let (_, case) = workable(conn, call, id, expected_version)?;
        if case.status != CaseStatus::Open {
            return Err(AppError::field("caseId", "already_closed", "个案已结案"));
        }
        if records::follow_ups_of(conn, &case.id)?.is_empty() {
            return Err(AppError::field(
                "caseId",
                "needs_follow_up",
                "结案前需至少一次跟踪回访（该老人之后的探访记录）",
            ));
        }
        let closed = CaseRow {
            status: CaseStatus::Closed,
            closed_at: Some(call.now),
            closed_by: call.actor.user_id.clone(),
            closing_note: Some(note.clone()),
            version: case.version + 1,
            ..case.clone()
        };
        save_case(conn, call, "case.close", &case, &closed, Some(&note))?;
        Ok(closed)
    })
}

/// 可指定的负责人 — the people who may take the case, as [`assign`] accepts them: the active
/// town organizers of its town, then the active staff of its village, each oldest first. Empty
/// for a reader who may not handle the case (nobody to offer).
pub fn possible_owners(conn: &mut DbConn, call: &Call, id: &CaseId) -> AppResult<Vec<UserRow>> {
    let scope = call.actor.scope_for(Permission::HandleCases);
    let Some(case) = records::case_in(conn, &scope, id)? else {
        return Ok(Vec::new());
    };
    let village = AreaCode::parse(&case.village_code).map_err(|_| case_not_found())?;
    let mut people = match village.parent() {
        Some(town) => users::active_in(conn, Role::TownOrganizer, town.as_str())?,
        None => Vec::new(),
    };
    people.extend(users::active_in(conn, Role::VillageStaff, village.as_str())?);
    Ok(people)
}

/// 指定负责人 — gives an open case to a town organizer or village staff account in scope.
pub fn assign(
    conn: &mut DbConn,
    call: &Call,
    id: &CaseId,
    owner_id: &AccountId,
    expected_version: i32,
) -> AppResult<CaseRow> {
    write_transaction(conn, |conn| {
        let (_, case) = workable(conn, call, id, expected_version)?;
        let village = AreaCode::parse(&case.village_code).map_err(|_| case_not_found())?;
        let owner_ok = users::by_id(conn, owner_id)?.is_some_and(|u| {
            u.status == AccountStatus::Active
                && (u.role == Role::TownOrganizer || u.role == Role::VillageStaff)
                && u.area_code
                    .as_deref()
                    .and_then(|a| AreaCode::parse(a).ok())
                    .is_some_and(|a| a.contains(&village))
        });
        if !owner_ok {
            return Err(AppError::field(
                "ownerId",
                "not_eligible",
                "负责人应为该村所在镇街或本村的在岗工作人员",
            ));
        }
        let assigned = CaseRow {
            owner_id: Some(owner_id.clone()),
            version: case.version + 1,
            ..case.clone()
        };
        save_case(conn, call, "case.assign", &case, &assigned, None)?;
        Ok(assigned)
    })
}

/// 转介 — refers the case's elder to a service.
pub fn add_referral(
    conn: &mut DbConn,
    call: &Call,
    case_id: &CaseId,
    target: ReferralTarget,
    detail: &str,
    urgent: bool,
    expected_version: i32,
) -> AppResult<ReferralRow> {
    let detail = InvalidInput::of_field("detail", required_text(detail, 1000))?;
    write_transaction(conn, |conn| {
        let (scope, case) = workable(conn, call, case_id, expected_version)?;
        let elder = elders::find(conn, &scope, &case.elder_id)?.ok_or_else(case_not_found)?;
        let row = new_referral(call, &elder, Some(case.id.clone()), None, target, &detail, urgent)?;
        records::insert_referral(conn, &row)?;
        let after = json!({"caseId": case.id, "target": target.as_str()});
        audit::record(
            conn,
            call,
            "referral.create",
            Subject {
                object_type: "referral",
                object_id: Some(row.id.as_str()),
                area_code: Some(&row.village_code),
            },
            None,
            None,
            Some(&after),
        )?;
        Ok(row)
    })
}

/// Moves a referral on: requested → accepted → completed, or declined.
pub fn update_referral(
    conn: &mut DbConn,
    call: &Call,
    id: &ReferralId,
    status: ReferralStatus,
    note: Option<&str>,
    expected_version: i32,
) -> AppResult<ReferralRow> {
    let scope = call.scope(Permission::HandleCases)?;
    let mut errors = InvalidInput::default();
    let note = errors.check(
        "note",
        crate::domain::input::optional_text(note.unwrap_or_default(), 500),
    );
    let note = errors.finish(|| note)?;
    write_transaction(conn, |conn| {
        let current = records::referral_in(conn, &scope, id)?.ok_or(AppError::NotFound { what: "转介" })?;
        if current.version != expected_version {
            return Err(AppError::VersionConflict);
        }
        let from = current.status;
        if !from.may_become(status) {
            return Err(AppError::field(
                "status",
                "not_allowed",
                format!("转介不能从“{}”改为“{}”", from.label_zh(), status.label_zh()),
            ));
        }
        let row = ReferralRow {
            status,
            status_note: note.clone(),
            updated_by: call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?,
            updated_at: call.now,
            version: current.version + 1,
            ..current.clone()
        };
        if !records::replace_referral(conn, &row, expected_version)? {
            return Err(AppError::VersionConflict);
        }
        audit::record(
            conn,
            call,
            "referral.update",
            Subject {
                object_type: "referral",
                object_id: Some(row.id.as_str()),
                area_code: Some(&row.village_code),
            },
            note.as_deref(),
            Some(&json!({"status": current.status})),
            Some(&json!({"status": row.status})),
        )?;
        Ok(row)
    })
}

#[cfg(test)]
mod tests {
    use super::ReferralStatus::*;

    #[test]
    fn referrals_move_forward_only() {
        assert!(Requested.may_become(Accepted));
        assert!(Accepted.may_become(Completed));
        assert!(Requested.may_become(Declined));
        assert!(!Completed.may_become(Requested));
        assert!(!Requested.may_become(Completed));
        assert!(!Declined.may_become(Accepted));
    }
}
