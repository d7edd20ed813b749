//! `tanfang demo`: fills the database with the synthetic demo district. Idempotent: elders
//! have ids derived from the seed and their index, and only missing ones are written, so a
//! second run (or a run after an interrupted one) adds exactly what is missing.

pub mod generate;

use chrono::Utc;
use diesel::Connection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::models::AreaRow;
use crate::db::{areas, elders, Database};
use crate::domain::area::AreaLevel;
use crate::domain::clock;
use crate::domain::elder::ElderFile;
use crate::error::{AppError, AppResult};
use crate::service::elders::{new_file_rows, Stamp};
use generate::{DemoArea, DemoPlan};

/// Elders written per transaction.
const BATCH: usize = 500;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub areas_added: usize,
    pub elders_added: usize,
    pub elders_present: usize,
}

/// Writes the plan's areas and elders that are not there yet, reporting progress on `bar`.
pub fn run(db: &Database, plan: &DemoPlan, bar: &ProgressBar) -> AppResult<DemoSummary> {
    let now = Utc::now();
    let stamp = Stamp {
        now: now.naive_utc(),
        today: clock::district_date(now),
        actor: "demo".to_string(),
    };
    let plan_areas = generate::areas(plan);
    let mut summary = DemoSummary {
        areas_added: db.with_conn(|c| add_missing_areas(c, &plan_areas, &stamp))?,
        ..DemoSummary::default()
    };
    let villages: Vec<DemoArea> = plan_areas
        .into_iter()
        .filter(|a| a.level == AreaLevel::Village)
        .collect();

    bar.set_length(plan.elders as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .map_err(|e| AppError::Internal(e.to_string()))?
            .progress_chars("=> "),
    );
    bar.set_message("写入示范老人档案");
    for start in (0..plan.elders).step_by(BATCH) {
        let indices: Vec<usize> = (start..(start + BATCH).min(plan.elders)).collect();
        let (added, present) = db.with_conn(|c| add_missing_elders(c, plan, &villages, &indices, &stamp))?;
        summary.elders_added += added;
        summary.elders_present += present;
        bar.inc(indices.len() as u64);
    }
    bar.finish_and_clear();
    Ok(summary)
}

fn add_missing_areas(conn: &mut crate::db::DbConn, plan_areas: &[DemoArea], stamp: &Stamp) -> AppResult<usize> {
    conn.transaction(|conn| {
        let codes: Vec<String> = plan_areas.iter().map(|a| a.code.clone()).collect();
        let present: std::collections::HashSet<String> =
            areas::find_many(conn, &codes)?.into_iter().map(|a| a.code).collect();
        let missing: Vec<AreaRow> = plan_areas
            .iter()
            .filter(|a| !present.contains(&a.code))
            .map(|a| AreaRow {
                code: a.code.clone(),
                level: a.level.as_str().to_string(),
                name: a.name.clone(),
                parent_code: a.parent_code.clone(),
                urban_rural: a.urban_rural.map(|u| u.as_str().to_string()),
                created_at: stamp.now,
                updated_at: stamp.now,
            })
            .collect();
        // Parents come before children in the plan, so one ordered insert satisfies the
        // foreign keys.
        if !missing.is_empty() {
            areas::insert_many(conn, &missing)?;
        }
        Ok(missing.len())
    })
}

fn add_missing_elders(
    conn: &mut crate::db::DbConn,
    plan: &DemoPlan,
    villages: &[DemoArea],
    indices: &[usize],
    stamp: &Stamp,
) -> AppResult<(usize, usize)> {
    conn.transaction(|conn| {
        let ids: Vec<String> = indices.iter().map(|&i| generate::elder_id(plan.seed, i)).collect();
        let present: std::collections::HashSet<String> = elders::existing_ids(conn, &ids)?.into_iter().collect();
        let mut files = Vec::new();
        let mut status_changes = Vec::new();
        let mut changes = Vec::new();
        for (&index, id) in indices.iter().zip(&ids) {
            if present.contains(id) {
                continue;
            }
            let input = generate::elder(plan, villages, index, stamp.today);
            let file = ElderFile::parse(&input, stamp.today)
                .map_err(|e| AppError::Internal(format!("demo elder {index} is invalid: {e}")))?;
            let (rows, status_change, created) = new_file_rows(&file, id, stamp);
            files.push(rows);
            status_changes.push(status_change);
            changes.push(created);
        }
        if !files.is_empty() {
            elders::insert_all(conn, &files)?;
            elders::insert_status_changes(conn, &status_changes)?;
            elders::insert_changes(conn, &changes)?;
        }
        Ok((files.len(), present.len()))
    })
}
