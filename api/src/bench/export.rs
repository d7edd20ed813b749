//! `tanfang bench export` — the yubei 附件1 台帐 of N elders written by
//! [`crate::domain::export::yubei::ledger_xlsx`] (title, the 填表单位 line, merged two-row
//! headers, borders, the note) against rust_xlsxwriter writing the same cells directly (no
//! formats, no merges). Both from rows already in memory: this measures the writer, not the
//! database reads.

use std::time::{Duration, Instant};

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::domain::export::yubei::{ledger_xlsx, LedgerHeading, YubeiLedgerRow, LEDGER_GROUPS, LEDGER_SUBHEADINGS};

pub struct ExportBench {
    pub elders: usize,
    pub ours: Duration,
    pub direct: Duration,
    pub bytes: usize,
}

impl std::fmt::Display for ExportBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ratio = self.direct.as_secs_f64() / self.ours.as_secs_f64().max(1e-9);
        write!(
            f,
            "台帐 of {} elders: ours {:.2} s, rust_xlsxwriter direct {:.2} s, ratio (direct/ours) {:.2}× (target ≥ 0.5×), file {:.1} MB",
            self.elders,
            self.ours.as_secs_f64(),
            self.direct.as_secs_f64(),
            ratio,
            self.bytes as f64 / 1e6
        )
    }
}

fn synthetic(n: usize) -> Vec<YubeiLedgerRow> {
    (0..n)
        .map(|i| YubeiLedgerRow {
            name: format!("老人{i}"),
            sex: if i % 2 == 0 { "男" } else { "女" }.to_string(),
            address: format!("双凤桥街道{}村{}组{}号", i % 50, i % 9, i % 200),
            id_number: format!("500112{:04}********{:03}X", 1930 + i % 30, i % 1000),
            phone: format!("138****{:04}", i % 10_000),
            relative_name: format!("子女{i}"),
            relative_relation: "儿子".to_string(),
            relative_phone: format!("139****{:04}", i % 10_000),
            categories: "独居、失能".to_string(),
            town: "双凤桥街道".to_string(),
            village: format!("第{}社区", i % 50),
            responsible: format!("网格员{}", i % 50),
            responsible_phone: format!("137****{:04}", i % 10_000),
            in_person_visits: (i % 13) as u32,
            problems_solved: (i % 3) as u32,
        })
        .collect()
}

fn direct(rows: &[YubeiLedgerRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut col = 0;
    for (heading, span) in LEDGER_GROUPS {
        sheet.write_string(2, col, heading)?;
        col += span;
    }
    for (c, text) in LEDGER_SUBHEADINGS.iter().enumerate() {
        sheet.write_string(3, c as u16, *text)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        for (c, text) in r.text_cells().iter().enumerate() {
            sheet.write_string(row, (c + 1) as u16, *text)?;
        }
        sheet.write_number(row, 14, f64::from(r.in_person_visits))?;
        sheet.write_number(row, 15, f64::from(r.problems_solved))?;
    }
    book.save_to_buffer()
}

/// Runs each side `runs` times over `elders` synthetic rows; the medians.
pub fn run(elders: usize, runs: usize) -> Result<ExportBench, XlsxError> {
    let rows = synthetic(elders);
    let heading = LedgerHeading {
        unit: "双凤桥街道".into(),
        reporter: "镇街".into(),
        filled_on: "2026年12月31日".into(),
        period_label: "2026年下半年".into(),
    };
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        bytes = ledger_xlsx(&heading, &rows)?.len();
        ours.push(start.elapsed());
        let start = Instant::now();
        direct(&rows)?;
        theirs.push(start.elapsed());
    }
    ours.sort();
    theirs.sort();
    Ok(ExportBench {
        elders,
        ours: ours.get(ours.len() / 2).copied().unwrap_or_default(),
        direct: theirs.get(theirs.len() / 2).copied().unwrap_or_default(),
        bytes,
    })
}
