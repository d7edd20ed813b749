//! 数字报表 — the figures offices hand in as tables: the monthly visit rates by town and
//! village, the time-bank statement and the students' service credit. Pure: the service
//! reads, scopes and counts; these lay a [`Table`] out as an xlsx sheet or as CSV.
//!
//! Every sheet has the same shape, so that a reader (or a test) finds things in the same
//! place: row 1 the title (merged across the table), row 2 a note (period, unit, closing
//! status), row 3 the header, the data from row 4. The CSV of a table is the header and the
//! data only (one flat table), UTF-8 with a byte-order mark so that Excel opens it in Chinese.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::table::csv_field;

/// A cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    /// A share, 0–1 (a percentage with one decimal); `None` when nobody is in the
    /// denominator (left blank).
    Rate(Option<f64>),
    /// A number with one decimal (hours, credit); `None` left blank.
    Decimal(Option<f64>),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => csv_field(text),
            Cell::Count(n) => n.to_string(),
            Cell::Rate(Some(rate)) => format!("{:.1}%", rate * 100.0),
            Cell::Decimal(Some(n)) => format!("{n:.1}"),
            Cell::Rate(None) | Cell::Decimal(None) => String::new(),
        }
    }
}

/// One sheet: a title, a note line, the header and the rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's tab name (at most 31 characters).
    pub sheet: String,
    pub title: String,
    pub note: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The columns of the visit rates ([`Table`] of [`crate::service::figure_exports::rates`]).
pub const RATE_COLUMNS: [&str; 11] = [
    "层级",
    "镇街",
    "村（社区）",
    "应探访老人",
    "按时完成",
    "月探访率",
    "已联系",
    "探访覆盖率",
    "逾期",
    "结账状态",
    "更正条数",
];

/// The columns of the time-bank statement's first sheet (one row per account holder).
/// 志愿者概况: one row per visitor of the area.
pub const VOLUNTEER_COLUMNS: [&str; 9] = [
    "姓名",
    "类别",
    "状态",
    "探访（次）",
    "服务时长（分钟）",
    "其他服务（次）",
    "未到（次）",
    "培训（次）",
    "最近活动",
];

pub const BALANCE_COLUMNS: [&str; 7] = [
    "姓名",
    "手机号",
    "期初余额（分钟）",
    "本期存入（分钟）",
    "本期支出（分钟）",
    "期末余额（分钟）",
    "期末余额（小时）",
];

/// The columns of the time-bank statement's second sheet (one row per entry).
pub const ENTRY_COLUMNS: [&str; 7] = [
    "姓名",
    "记账时间",
    "类型",
    "摘要",
    "存入（分钟）",
    "支出（分钟）",
    "余额（分钟）",
];

/// The columns of the service-credit table (one row per student).
pub const CREDIT_COLUMNS: [&str; 8] = [
    "姓名",
    "身份证号（脱敏）",
    "探访次数",
    "记录时长（分钟）",
    "认定结果",
    "认定时长（分钟）",
    "学分",
    "证明编号",
];

/// The first row of data in a sheet (0-based): after the title, the note and the header.
pub const FIRST_DATA_ROW: u32 = 3;

/// The tables as one workbook, a sheet each, in order.
pub fn tables_xlsx(tables: &[&Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let bold = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center);
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.sheet)?;
        let last_col = u16::try_from(table.headers.len().saturating_sub(1)).unwrap_or(0);
        if last_col > 0 {
            sheet.merge_range(0, 0, 0, last_col, &table.title, &title_format)?;
            sheet.merge_range(1, 0, 1, last_col, &table.note, &Format::new())?;
        } else {
            sheet.write_string_with_format(0, 0, &table.title, &title_format)?;
            sheet.write_string(1, 0, &table.note)?;
        }
        for (col, header) in (0u16..).zip(&table.headers) {
            sheet.write_string_with_format(2, col, *header, &bold)?;
            sheet.set_column_width(col, if col < 4 { 16 } else { 12 })?;
        }
        for (row, cells) in (FIRST_DATA_ROW..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(text) => sheet.write_string(row, col, text),
                    Cell::Count(n) => sheet.write_number(row, col, *n as f64),
                    Cell::Rate(Some(rate)) => sheet.write_number_with_format(row, col, *rate, &percent),
                    Cell::Decimal(Some(n)) => sheet.write_number_with_format(row, col, *n, &decimal),
                    Cell::Rate(None) | Cell::Decimal(None) => sheet.write_string(row, col, ""),
                }?;
            }
        }
        sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    }
    book.save_to_buffer()
}

impl Table {
    /// The table as a [`super::table::Table`] to print (`Table::page`): the header as one row,
    /// the note (period, unit, closing status) as the line under the title, the cells as the
    /// sheet shows them.
    pub fn to_table(&self) -> super::table::Table {
        use super::table::{Heading, Value};
        super::table::Table {
            title: self.title.clone(),
            line: self.note.clone(),
            headings: self.headers.iter().map(|h| Heading::one(h)).collect(),
            rows: self
                .rows
                .iter()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|cell| match cell {
                            Cell::Text(text) => Value::text(text.as_str()),
                            Cell::Count(n) => Value::Number(*n as f64),
                            Cell::Rate(rate) => Value::Rate(*rate),
                            Cell::Decimal(Some(n)) => Value::text(format!("{n:.1}")),
                            Cell::Decimal(None) => Value::text(""),
                        })
                        .collect()
                })
                .collect(),
            note: String::new(),
        }
    }
}

/// The table as CSV: the header and the rows (no title or note), `\r\n` line ends.
pub fn table_csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&table.headers.join(","));
    out.push_str("\r\n");
    for cells in &table.rows {
        let line: Vec<String> = cells.iter().map(Cell::csv).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One holder's movements in a period, from their entries oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balances {
    pub opening: i64,
    pub credits: i64,
    pub debits: i64,
}

impl Balances {
    pub fn closing(&self) -> i64 {
        self.opening + self.credits - self.debits
    }
}

/// A holder's account movement: signed minutes (credit positive), and whether it falls
/// before the period (`true`) or in it.
pub fn balances(movements: impl IntoIterator<Item = (i64, bool)>) -> Balances {
    let mut out = Balances::default();
    for (minutes, before) in movements {
        if before {
            out.opening += minutes;
        } else if minutes >= 0 {
            out.credits += minutes;
        } else {
            out.debits -= minutes;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_is_the_header_and_the_rows_with_formulas_neutralised() {
        let table = Table {
            sheet: "s".into(),
            title: "标题".into(),
            note: "说明".into(),
            headers: vec!["名称", "人数", "比率", "小时"],
            rows: vec![vec![
                Cell::text("=a,b"),
                Cell::Count(3),
                Cell::Rate(Some(1.0 / 3.0)),
                Cell::Decimal(None),
            ]],
        };
        assert_eq!(
            table_csv(&table),
            "\u{feff}名称,人数,比率,小时\r\n\"'=a,b\",3,33.3%,\r\n"
        );
        assert!(tables_xlsx(&[&table]).unwrap().starts_with(b"PK"));
    }

    #[test]
    fn balances_split_before_and_in_the_period() {
        let b = balances([(40, true), (-10, true), (40, false), (-15, false), (5, false)]);
        assert_eq!(
            b,
            Balances {
                opening: 30,
                credits: 45,
                debits: 15
            }
        );
        assert_eq!(b.closing(), 60);
    }
}
