//! 抽查 — the district admin draws a random sample of each visitor's records of a month and
//! checks them, photos and fraud signals included. The sample is drawn once per district and
//! month and stored, so it cannot be redrawn until it looks convenient.

use chrono::NaiveDate;
use rand::seq::IndexedRandom;
use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::records::{self, SpotCheckRow};
use crate::db::{write_transaction, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::id::{AccountId, RecordId, SpotCheckId};
use crate::domain::input::{optional_text, Coded};
use crate::error::{AppError, AppResult};

pub use crate::domain::record::spot_check::SpotCheckOutcome;

/// At most this many records per visitor and month are drawn.
pub const MAX_PER_VISITOR: i32 = 10;

/// The district the actor checks and the month's first day.
fn district_and_month(call: &Call, month: &str) -> AppResult<(String, NaiveDate)> {
    let scope = call.scope(Permission::SpotCheck)?;
    let Scope::Area(area) = &scope else {
        return Err(AppError::Forbidden);
    };
    if area.level() != AreaLevel::District {
        return Err(AppError::Forbidden);
    }
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(|_| AppError::field("month", "invalid", "月份格式应为 YYYY-MM"))?;
    Ok((area.as_str().to_string(), first))
}

/// 抽取样本 — draws up to `per_visitor` records (submitted or accepted) of each visitor who
/// recorded visits in the district in `month` (YYYY-MM); a month already drawn returns the
/// stored sample unchanged.
pub fn draw(conn: &mut DbConn, call: &Call, month: &str, per_visitor: i32) -> AppResult<Vec<SpotCheckRow>> {
    let (district, first) = district_and_month(call, month)?;
    if !(1..=MAX_PER_VISITOR).contains(&per_visitor) {
        return Err(AppError::field(
            "perVisitor",
            "out_of_range",
            format!("每人抽查条数应在 1 到 {MAX_PER_VISITOR} 之间"),
        ));
    }
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let utc = |d: NaiveDate| crate::domain::calendar::day_start(d).naive_utc();
    write_transaction(conn, |conn| {
        // Two draws of one month take turns: the second returns the first's sample.
        crate::db::lock_key(conn, &format!("spot_checks/{district}/{month}"))?;
        let existing = records::spot_checks_of(conn, &district, month)?;
        if !existing.is_empty() {
            return Ok(existing);
        }
        let range = AreaCode::parse(&district)
            .map_err(|_| AppError::Forbidden)?
            .subtree_range();
        let candidates = records::records_between(conn, &range, utc(first), utc(next))?;
        let mut by_visitor: std::collections::BTreeMap<&AccountId, Vec<&RecordId>> = std::collections::BTreeMap::new();
        for r in &candidates {
            by_visitor.entry(&r.visitor_id).or_default().push(&r.id);
        }
        let drawn_by = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
        let mut rng = rand::rng();
        let n = usize::try_from(per_visitor).unwrap_or(1);
        let rows: Vec<SpotCheckRow> = by_visitor
            .iter()
            .flat_map(|(visitor, ids)| {
                ids.choose_multiple(&mut rng, n)
                    .map(|id| SpotCheckRow {
                        id: SpotCheckId::fresh(),
                        district_code: district.clone(),
                        month: month.to_string(),
                        record_id: (*id).clone(),
                        visitor_id: (*visitor).clone(),
                        drawn_by: drawn_by.clone(),
                        drawn_at: call.now,
                        outcome: None,
                        note: None,
                        checked_by: None,
                        checked_at: None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        records::insert_spot_checks(conn, &rows)?;
        audit::record(
            conn,
            call,
            "spot_check.draw",
            Subject {
                object_type: "spot_check",
                object_id: None,
                area_code: Some(&district),
            },
            None,
            None,
            Some(&json!({"month": month, "perVisitor": per_visitor, "drawn": rows.len()})),
        )?;
        Ok(records::spot_checks_of(conn, &district, month)?)
    })
}

/// The stored sample of a month (empty if not drawn yet).
pub fn sample(conn: &mut DbConn, call: &Call, month: &str) -> AppResult<Vec<SpotCheckRow>> {
    let (district, _) = district_and_month(call, month)?;
    Ok(records::spot_checks_of(conn, &district, month)?)
}

/// 抽查结论 — records what checking one sampled record found.
pub fn conclude(
    conn: &mut DbConn,
    call: &Call,
    id: &SpotCheckId,
    outcome: SpotCheckOutcome,
    note: Option<&str>,
) -> AppResult<SpotCheckRow> {
    let note =
        optional_text(note.unwrap_or_default(), 1000).map_err(|e| AppError::field("note", e.code(), e.to_string()))?;
    if outcome != SpotCheckOutcome::Confirmed && note.is_none() {
        return Err(AppError::field("note", "required", "结论为存疑或不属实时请写明情况"));
    }
    write_transaction(conn, |conn| {
        let scope = call.scope(Permission::SpotCheck)?;
        let current = records::spot_check_in(conn, &scope, id)?.ok_or(AppError::NotFound { what: "抽查样本" })?;
        let (district, _) = district_and_month(call, &current.month)?;
        if district != current.district_code {
            return Err(AppError::NotFound { what: "抽查样本" });
        }
        let row = SpotCheckRow {
            outcome: Some(outcome),
            note: note.clone(),
            checked_by: call.actor.user_id.clone(),
            checked_at: Some(call.now),
            ..current.clone()
        };
        records::update_spot_check(conn, &row)?;
        audit::record(
            conn,
            call,
            "spot_check.conclude",
            Subject {
                object_type: "visit_record",
                object_id: Some(row.record_id.as_str()),
                area_code: Some(&row.district_code),
            },
            note.as_deref(),
            current.outcome.as_ref().map(|o| json!({"outcome": o})).as_ref(),
            Some(&json!({"outcome": outcome.as_str()})),
        )?;
        Ok(row)
    })
}
