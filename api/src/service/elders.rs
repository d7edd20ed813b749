//! Use cases on elder files. Each runs in one transaction: a rejected call writes nothing.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::Connection;
use serde_json::json;
use uuid::Uuid;

use super::areas::require_village;
use crate::db::elders::{self, ElderRows};
use crate::db::models::{ElderChangeRow, ElderRow, ReviewRow, StatusChangeRow};
use crate::db::DbConn;
use crate::domain::elder::{snapshot_diff, ElderFile, ElderFileInput, ServiceStatus};
use crate::domain::input::{not_in_future, optional_text, required_text, InvalidInput};
use crate::error::{AppError, AppResult};

/// When and by whom a change is made.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub now: NaiveDateTime,
    /// The district's date at `now`.
    pub today: NaiveDate,
    /// Who acts: an account once [access] exists; `anonymous` before.
    pub actor: String,
}

fn not_found() -> AppError {
    AppError::NotFound { what: "老人档案" }
}

/// Checks what a file refers to in the database: the villages exist, the ID number is not
/// registered to another elder.
fn check_references(conn: &mut DbConn, file: &ElderFile, own_id: Option<&str>) -> AppResult<()> {
    require_village(conn, "villageCode", &file.village_code)?;
    if let Some(code) = &file.household_village_code {
        require_village(conn, "householdVillageCode", code)?;
    }
    match elders::id_by_id_number(conn, file.id_number.as_str())? {
        Some(other) if Some(other.as_str()) != own_id => Err(AppError::field(
            "idNumber",
            "duplicate",
            format!("身份证号 {} 已建档", file.id_number.masked()),
        )),
        _ => Ok(()),
    }
}

fn change_row(id: &str, version: i32, action: &str, changes: serde_json::Value, stamp: &Stamp) -> ElderChangeRow {
    ElderChangeRow {
        id: Uuid::new_v4().to_string(),
        elder_id: id.to_string(),
        version,
        action: action.to_string(),
        changes: changes.to_string(),
        changed_by: stamp.actor.clone(),
        changed_at: stamp.now,
    }
}

fn status_row(id: &str, status: ServiceStatus, on: NaiveDate, note: Option<String>, stamp: &Stamp) -> StatusChangeRow {
    StatusChangeRow {
        id: Uuid::new_v4().to_string(),
        elder_id: id.to_string(),
        status: status.as_str().to_string(),
        effective_on: on,
        note,
        recorded_by: stamp.actor.clone(),
        recorded_at: stamp.now,
    }
}

/// The rows and history entries that register one new file; shared by the API and the demo.
pub fn new_file_rows(file: &ElderFile, id: &str, stamp: &Stamp) -> (ElderRows, StatusChangeRow, ElderChangeRow) {
    let status = file.initial_service_status();
    let since = file.consent.recorded_on.unwrap_or(stamp.today);
    let rows = elders::rows_of(file, id, 1, (status, since), stamp.now, stamp.now);
    let note = file.consent.note.clone().filter(|_| status == ServiceStatus::Refused);
    let status_change = status_row(id, status, since, note, stamp);
    let created = change_row(
        id,
        1,
        "created",
        snapshot_diff(&json!({}), &file.audit_snapshot()),
        stamp,
    );
    (rows, status_change, created)
}

/// 建档 — registers a new elder file.
pub fn create(conn: &mut DbConn, input: &ElderFileInput, stamp: &Stamp) -> AppResult<ElderRow> {
    let file = ElderFile::parse(input, stamp.today)?;
    let id = Uuid::new_v4().to_string();
    conn.transaction(|conn| {
        check_references(conn, &file, None)?;
        let (rows, status_change, created) = new_file_rows(&file, &id, stamp);
        elders::insert_all(conn, std::slice::from_ref(&rows))?;
        elders::insert_status_change(conn, &status_change)?;
        elders::insert_change(conn, &created)?;
        Ok(rows.elder)
    })
}

/// The stored file, parsed again (for diffs).
fn stored_file(conn: &mut DbConn, row: &ElderRow, today: NaiveDate) -> AppResult<ElderFile> {
    let ids = [row.id.clone()];
    let categories = elders::categories_of(conn, &ids)?;
    let family = elders::family_of(conn, &row.id)?;
    let contacts = elders::contacts_of(conn, &row.id)?;
    let input = elders::input_of(row, &categories, &family, &contacts)
        .ok_or_else(|| AppError::Internal(format!("elder {} holds an unknown code", row.id)))?;
    ElderFile::parse(&input, today)
        .map_err(|e| AppError::Internal(format!("stored elder {} no longer parses: {e}", row.id)))
}

/// Updates a whole file. `expected_version` is the version the editor read: a file changed
/// since is refused rather than overwritten.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    expected_version: i32,
    input: &ElderFileInput,
    stamp: &Stamp,
) -> AppResult<ElderRow> {
    let file = ElderFile::parse(input, stamp.today)?;
    conn.transaction(|conn| {
        let current = elders::find(conn, id)?.ok_or_else(not_found)?;
        if current.version != expected_version {
            return Err(AppError::VersionConflict);
        }
        check_references(conn, &file, Some(id))?;
        let before = stored_file(conn, &current, stamp.today)?;
        let diff = snapshot_diff(&before.audit_snapshot(), &file.audit_snapshot());
        let status = ServiceStatus::parse_code(&current.service_status)
            .ok_or_else(|| AppError::Internal(format!("elder {id} has an unknown status")))?;
        let version = current.version + 1;
        let rows = elders::rows_of(
            &file,
            id,
            version,
            (status, current.service_status_since),
            current.created_at,
            stamp.now,
        );
        if !elders::replace(conn, &rows, expected_version)? {
            return Err(AppError::VersionConflict);
        }
        elders::insert_change(conn, &change_row(id, version, "updated", diff, stamp))?;
        Ok(rows.elder)
    })
}

/// 服务状态变更 — the elder refused, died, moved out, entered an institution, or came back
/// into service, from `effective_on`.
pub fn change_status(
    conn: &mut DbConn,
    id: &str,
    expected_version: i32,
    status: ServiceStatus,
    effective_on: NaiveDate,
    note: Option<&str>,
    stamp: &Stamp,
) -> AppResult<ElderRow> {
    let mut errors = InvalidInput::default();
    let effective_on = errors.check("effectiveOn", not_in_future(effective_on, stamp.today));
    let note = errors.check("note", optional_text(note.unwrap_or(""), 2000));
    if status == ServiceStatus::Refused && note.as_ref().is_some_and(Option::is_none) {
        errors.add(
            "note",
            "required",
            "拒绝探访时须留存书面说明 (a refusal needs a written note)",
        );
    }
    let (effective_on, note) = errors.finish(|| Some((effective_on?, note?)))?;
    conn.transaction(|conn| {
        let current = elders::find(conn, id)?.ok_or_else(not_found)?;
        if current.version != expected_version {
            return Err(AppError::VersionConflict);
        }
        if effective_on < current.service_status_since {
            return Err(AppError::field(
                "effectiveOn",
                "before_current_status",
                format!("生效日期不能早于当前状态的起始日期 {}", current.service_status_since),
            ));
        }
        let version = current.version + 1;
        if !elders::set_status(conn, id, expected_version, status, effective_on, stamp.now)? {
            return Err(AppError::VersionConflict);
        }
        elders::insert_status_change(conn, &status_row(id, status, effective_on, note.clone(), stamp))?;
        let diff = json!({
            "serviceStatus": {"before": current.service_status, "after": status.as_str()},
            "serviceStatusSince": {"before": current.service_status_since, "after": effective_on},
        });
        elders::insert_change(conn, &change_row(id, version, "status", diff, stamp))?;
        elders::find(conn, id)?.ok_or_else(not_found)
    })
}

/// 半年复核 — records a half-yearly review of the file.
pub fn record_review(
    conn: &mut DbConn,
    id: &str,
    reviewed_on: NaiveDate,
    reviewer: &str,
    note: Option<&str>,
    stamp: &Stamp,
) -> AppResult<ReviewRow> {
    let mut errors = InvalidInput::default();
    let reviewed_on = errors.check("reviewedOn", not_in_future(reviewed_on, stamp.today));
    let reviewer = errors.check("reviewer", required_text(reviewer, 50));
    let note = errors.check("note", optional_text(note.unwrap_or(""), 2000));
    let (reviewed_on, reviewer, note) = errors.finish(|| Some((reviewed_on?, reviewer?, note?)))?;
    conn.transaction(|conn| {
        elders::find(conn, id)?.ok_or_else(not_found)?;
        let row = ReviewRow {
            id: Uuid::new_v4().to_string(),
            elder_id: id.to_string(),
            reviewed_on,
            reviewer,
            note,
            recorded_by: stamp.actor.clone(),
            recorded_at: stamp.now,
        };
        elders::insert_review(conn, &row)?;
        Ok(row)
    })
}

/// 下次复核 — the next half-yearly review is due six months after the last one (or after
/// registration when there was none).
pub fn next_review_due(last_review: Option<NaiveDate>, registered_on: NaiveDate) -> NaiveDate {
    let from = last_review.unwrap_or(registered_on);
    from.checked_add_months(chrono::Months::new(6)).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_fall_due_every_half_year() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(next_review_due(None, d(2026, 1, 10)), d(2026, 7, 10));
        assert_eq!(next_review_due(Some(d(2026, 8, 31)), d(2026, 1, 10)), d(2027, 2, 28));
    }
}
