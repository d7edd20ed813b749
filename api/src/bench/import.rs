//! `tanfang bench import`: a generated yubei 附件1 台帐 of N rows (default 200,000) imported
//! through [`crate::service::imports::import_elders`] (every row checked, encrypted, indexed,
//! audited), against calamine reading the same file plus a batched plain INSERT of the same
//! rows' values into a table of their own. Also the import's peak memory (VmHWM, reset before
//! the import through `/proc/self/clear_refs`). Target (issue #18): the import at least 0.3×
//! the rows per second of the baseline, under 500 MB.

use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use indicatif::ProgressBar;

use crate::auth::keys::Keys;
use crate::db::models::AreaRow;
use crate::db::{areas, Database, DbConn};
use crate::domain::access::Actor;
use crate::domain::area::{AreaLevel, UrbanRural};
use crate::domain::id_number::{IdNumber, Sex};
use crate::domain::policy::PackRegistry;
use crate::error::{AppError, AppResult};
use crate::service::imports::{import_elders, ImportOptions};
use crate::service::Call;

/// The bench's own district (a code no real district uses in the demo).
const DISTRICT: &str = "500199";
const TOWNS: usize = 10;
const VILLAGES_PER_TOWN: usize = 10;

pub struct ImportBench {
    pub rows: usize,
    pub file_bytes: usize,
    pub import: Duration,
    pub created: usize,
    pub baseline: Duration,
    pub baseline_rows: usize,
    /// Peak resident memory of the import, bytes (VmHWM after a reset), when readable.
    pub peak_bytes: Option<u64>,
}

impl std::fmt::Display for ImportBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
        let import = rate(self.created, self.import);
        let baseline = rate(self.baseline_rows, self.baseline);
        writeln!(f, "rows           {}", self.rows)?;
        writeln!(f, "file           {:.1} MB", self.file_bytes as f64 / 1e6)?;
        writeln!(
            f,
            "import         {:.2} s  {import:.0} rows/s  ({} files created)",
            self.import.as_secs_f64(),
            self.created
        )?;
        writeln!(
            f,
            "calamine+insert {:.2} s  {baseline:.0} rows/s",
            self.baseline.as_secs_f64()
        )?;
        writeln!(
            f,
            "ratio          {:.2}x  (target >= 0.3x)",
            import / baseline.max(1e-9)
        )?;
        match self.peak_bytes {
            Some(b) => write!(f, "peak memory    {:.0} MB  (target < 500 MB)", b as f64 / 1e6),
            None => write!(f, "peak memory    (not readable on this system)"),
        }
    }
}

fn village_code(i: usize) -> String {
    format!(
        "{DISTRICT}{:03}{:03}",
        i / VILLAGES_PER_TOWN + 1,
        i % VILLAGES_PER_TOWN + 1
    )
}

/// A 台帐 in yubei's layout (title, two-row header, lines), built with rust_xlsxwriter.
fn ledger(rows: usize, today: NaiveDate) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory();
    let f = Format::new();
    sheet.write(0, 0, "渝北区特殊困难老年人关爱服务信息台帐").map_err(x)?;
    sheet.write(1, 0, "填表单位：（盖章）").map_err(x)?;
    let top = [
        "序号",
        "姓名",
        "性别",
        "常住地址",
        "身份证号码",
        "电话",
        "亲属情况",
        "",
        "",
        "对象类型",
        "责任主体",
        "",
        "",
        "",
        "上门探访次数",
        "解决问题数量",
    ];
    let sub = [
        "",
        "",
        "",
        "",
        "",
        "",
        "姓名",
        "亲属关系",
        "电话",
        "",
        "责任镇街",
        "责任村（社区）",
        "责任人",
        "责任人电话",
        "",
        "",
    ];
    for (c, h) in top.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        sheet.write_with_format(3, c, *h, &f).map_err(x)?;
    }
    for (c, h) in sub.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        sheet.write_with_format(4, c, *h, &f).map_err(x)?;
    }
    let categories = [
        "独居",
        "空巢",
        "农村留守",
        "失能、独居",
        "计生对象",
        "重度残疾老年人",
        "其他关爱对象",
    ];
    for i in 0..rows {
        let r = u32::try_from(i + 5).map_err(|e| AppError::Internal(e.to_string()))?;
        let born =
            NaiveDate::from_ymd_opt(1930, 1, 1).unwrap_or_default() + chrono::TimeDelta::days((i % 10_000) as i64);
        let seq = u16::try_from(i / 10_000 % 499).unwrap_or(0) * 2 + 1;
        let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
        let id = IdNumber::from_parts_as_of(DISTRICT, born, seq, sex, today)
            .map_err(|e| AppError::Internal(format!("bench ID: {e}")))?;
        let village = i % (TOWNS * VILLAGES_PER_TOWN);
        let cells: [(u16, String); 13] = [
            (0, (i + 1).to_string()),
            (1, format!("老人{i}")),
            (2, sex.label_zh().to_string()),
            (3, format!("幸福路 {} 号", i % 500 + 1)),
            (4, id.as_str().to_string()),
            (5, format!("138{:08}", i)),
            (6, format!("亲属{i}")),
            (7, "儿子".to_string()),
            (8, format!("139{:08}", i)),
            (
                9,
                categories
                    .get(i % categories.len())
                    .copied()
                    .unwrap_or("独居")
                    .to_string(),
            ),
            (10, format!("镇{}", village / VILLAGES_PER_TOWN + 1)),
            (11, format!("村{}", village + 1)),
            (12, "王责任".to_string()),
        ];
        for (c, v) in &cells {
            sheet.write(r, *c, v.as_str()).map_err(x)?;
        }
        sheet.write(r, 14, 3).map_err(x)?;
        sheet.write(r, 15, 1).map_err(x)?;
    }
    book.save_to_buffer().map_err(x)
}

fn areas_of(now: NaiveDateTime) -> Vec<AreaRow> {
    let row = |code: String, level, name: String, parent: Option<String>| AreaRow {
        code,
        level,
        name,
        parent_code: parent,
        urban_rural: Some(UrbanRural::Rural),
        created_at: now,
        updated_at: now,
        latitude: None,
        longitude: None,
    };
    let mut rows = vec![row(DISTRICT.into(), AreaLevel::District, "基准区".into(), None)];
    for t in 0..TOWNS {
        let town = format!("{DISTRICT}{:03}", t + 1);
        rows.push(row(
            town.clone(),
            AreaLevel::Town,
            format!("镇{}", t + 1),
            Some(DISTRICT.into()),
        ));
        for v in 0..VILLAGES_PER_TOWN {
            let i = t * VILLAGES_PER_TOWN + v;
            rows.push(row(
                village_code(i),
                AreaLevel::Village,
                format!("村{}", i + 1),
                Some(town.clone()),
            ));
        }
    }
    rows
}

mod baseline {
    diesel::table! {
        import_bench_baseline (id) {
            id -> BigInt,
            name -> Text,
            id_number -> Text,
            phone -> Text,
            residence_address -> Text,
            village -> Text,
            categories -> Text,
            contact_name -> Text,
            contact_relation -> Text,
            contact_phone -> Text,
        }
    }
}

const BASELINE_TABLE: &str = "CREATE TABLE IF NOT EXISTS import_bench_baseline (
    id BIGINT PRIMARY KEY NOT NULL, name TEXT NOT NULL, id_number TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL, residence_address TEXT NOT NULL, village TEXT NOT NULL,
    categories TEXT NOT NULL, contact_name TEXT NOT NULL, contact_relation TEXT NOT NULL,
    contact_phone TEXT NOT NULL)";

type BaselineRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// calamine reading the file, then its rows' values inserted 1,000 to a statement in one
/// transaction: the fastest plain way to take the same sheet in.
fn baseline(conn: &mut DbConn, bytes: &[u8]) -> AppResult<usize> {
    use baseline::import_bench_baseline as b;
    diesel::sql_query("DROP TABLE IF EXISTS import_bench_baseline").execute(conn)?;
    diesel::sql_query(BASELINE_TABLE).execute(conn)?;
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| AppError::Internal(e.to_string()))?;
    let name = book.sheet_names().first().cloned().unwrap_or_default();
    let range = book
        .worksheet_range(&name)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let text = |row: &[Data], c: usize| row.get(c).map(ToString::to_string).unwrap_or_default();
    let rows: Vec<BaselineRow> = range
        .rows()
        .skip(5)
        .enumerate()
        .map(|(i, r)| {
            (
                i as i64,
                text(r, 1),
                text(r, 4),
                text(r, 5),
                text(r, 3),
                text(r, 11),
                text(r, 9),
                text(r, 6),
                text(r, 7),
                text(r, 8),
            )
        })
        .collect();
    let n = rows.len();
    crate::db::write_transaction(conn, |conn| {
        for chunk in rows.chunks(1000) {
            let values: Vec<_> = chunk
                .iter()
                .map(|r| {
                    (
                        b::id.eq(r.0),
                        b::name.eq(&r.1),
                        b::id_number.eq(&r.2),
                        b::phone.eq(&r.3),
                        b::residence_address.eq(&r.4),
                        b::village.eq(&r.5),
                        b::categories.eq(&r.6),
                        b::contact_name.eq(&r.7),
                        b::contact_relation.eq(&r.8),
                        b::contact_phone.eq(&r.9),
                    )
                })
                .collect();
            crate::db::on_backend!(conn, |c| diesel::insert_into(b::table).values(&values).execute(c))?;
        }
        Ok::<_, AppError>(())
    })?;
    diesel::sql_query("DROP TABLE import_bench_baseline").execute(conn)?;
    Ok(n)
}

/// The peak resident memory since the last reset (VmHWM), bytes.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs the bench on `db` (a fresh database: the bench adds its district 500199 and 200,000
/// elders, and refuses a database that has them already).
pub fn run(db: &Database, keys: &Keys, packs: std::sync::Arc<PackRegistry>, rows: usize) -> AppResult<ImportBench> {
    let call = Call::at(
        crate::clock::Clock::system().now(),
        Actor::system("bench"),
        keys.cipher(),
        packs,
    );
    db.with_conn(|conn| {
        if areas::find(conn, DISTRICT)?.is_some() {
            return Err(AppError::Internal(format!(
                "the database already has the bench district {DISTRICT}: run the bench on a fresh database"
            )));
        }
        areas::insert_many(conn, &areas_of(call.now))?;
        Ok(())
    })?;
    let bytes = ledger(rows, call.today)?;
    // The peak of the import alone, not of generating the file.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let started = Instant::now();
    let report = db.with_conn(|conn| {
        import_elders(
            conn,
            &call,
            DISTRICT,
            &bytes,
            ImportOptions::default(),
            &ProgressBar::hidden(),
        )
    })?;
    let import = started.elapsed();
    let peak_bytes = if reset { peak_memory() } else { None };
    if report.created != rows {
        return Err(AppError::Internal(format!(
            "the bench import created {} of {rows} files: {}",
            report.created, report.summary
        )));
    }
    let started = Instant::now();
    let baseline_rows = db.with_conn(|conn| baseline(conn, &bytes))?;
    let baseline = started.elapsed();
    Ok(ImportBench {
        rows,
        file_bytes: bytes.len(),
        import,
        created: report.created,
        baseline,
        baseline_rows,
        peak_bytes,
    })
}
