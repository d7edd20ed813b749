//! 表格 — a form laid out as one table: a title, a line under it (填表单位 …), a header of one
//! or two rows (a heading over sub-headings, or one heading merged down both rows), one row
//! per elder or per area, a note. Written as a workbook (rust_xlsxwriter), as CSV (the header
//! as one row), or laid out for the printed page ([`Table::page`], rendered by
//! `pages/ledger.html`). Pure: cells in, bytes out. Used by the yubei 附件1 台帐
//! (`super::yubei::ledger_table`), linzi 附件1, jiangmen 附件1 and ningbo 附件2
//! (`super::districts`), and for printing the figures' tables (`super::figures`).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::Serialize;

/// A heading: its words and, when it groups columns, the sub-headings under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    pub subs: Vec<String>,
}

impl Heading {
    pub fn one(text: &str) -> Heading {
        Heading {
            text: text.to_string(),
            subs: Vec::new(),
        }
    }

    pub fn group(text: &str, subs: &[&str]) -> Heading {
        Heading {
            text: text.to_string(),
            subs: subs.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    /// How many columns the heading spans.
    pub fn width(&self) -> usize {
        self.subs.len().max(1)
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A share, 0–1, written as a percentage (`None`: nobody to count).
    Rate(Option<f64>),
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    pub fn count(n: u32) -> Value {
        Value::Number(f64::from(n))
    }

    /// The cell as CSV (and as a sheet shows it): a rate as `87.5%`.
    pub fn shown(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Value::Number(n) => format!("{n}"),
            Value::Rate(Some(rate)) => format!("{:.1}%", rate * 100.0),
            Value::Rate(None) => String::new(),
        }
    }
}

/// A form as one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    /// The line under the title (who fills it in, when), empty for none.
    pub line: String,
    pub headings: Vec<Heading>,
    pub rows: Vec<Vec<Value>>,
    /// A note under the table, empty for none.
    pub note: String,
}

impl Table {
    /// Number of columns.
    pub fn width(&self) -> usize {
        self.headings.iter().map(Heading::width).sum()
    }

    fn two_rows(&self) -> bool {
        self.headings.iter().any(|h| !h.subs.is_empty())
    }

    /// The header as the rows of an HTML table: a heading over its sub-headings spans their
    /// columns (`colspan`), a heading without any spans both rows (`rowspan`) — the merged
    /// cells of the workbook.
    pub fn head_rows(&self) -> Vec<Vec<HeadCell>> {
        let two = self.two_rows();
        let mut first = Vec::with_capacity(self.headings.len());
        let mut second = Vec::new();
        for heading in &self.headings {
            first.push(HeadCell {
                text: heading.text.clone(),
                rowspan: if two && heading.subs.is_empty() { 2 } else { 1 },
                colspan: heading.width(),
            });
            second.extend(heading.subs.iter().map(|sub| HeadCell {
                text: sub.clone(),
                rowspan: 1,
                colspan: 1,
            }));
        }
        if two {
            vec![first, second]
        } else {
            vec![first]
        }
    }

    /// The table as a printed page of `area` (the unit) for `period` (none: the day's
    /// figures), made on `made_on` (制表日期, e.g. 2026年11月18日).
    pub fn page(&self, area: &str, period: Option<String>, made_on: String) -> TablePage {
        TablePage {
            title: self.title.clone(),
            line: self.line.clone(),
            area: area.to_string(),
            period,
            made_on,
            width: self.width(),
            head: self.head_rows(),
            rows: self
                .rows
                .iter()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|value| PageCell {
                            text: value.shown(),
                            number: !matches!(value, Value::Text(_)),
                        })
                        .collect()
                })
                .collect(),
            note: self.note.clone(),
        }
    }
}

/// A heading cell of the printed page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A cell of the printed page: its text as the sheet shows it; numbers align right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageCell {
    pub text: String,
    pub number: bool,
}

/// What `pages/ledger.html` prints of a [`Table`]: the title, the line under it, the area,
/// period and 制表日期, the header rows, the rows and the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TablePage {
    pub title: String,
    pub line: String,
    pub area: String,
    pub period: Option<String>,
    pub made_on: String,
    pub width: usize,
    pub head: Vec<Vec<HeadCell>>,
    pub rows: Vec<Vec<PageCell>>,
    pub note: String,
}

impl Table {
    /// The header as one row: a sub-heading as `heading·sub` (for CSV).
    pub fn flat_headers(&self) -> Vec<String> {
        self.headings
            .iter()
            .flat_map(|h| {
                if h.subs.is_empty() {
                    vec![h.text.clone()]
                } else {
                    h.subs.iter().map(|s| format!("{}·{s}", h.text)).collect()
                }
            })
            .collect()
    }
}

/// The table as a workbook of one sheet named `sheet_name` (see [`write_table`]).
pub fn table_xlsx(sheet_name: &str, table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(super::yubei::sheet_name(sheet_name))?;
    write_table(sheet, table, &[])?;
    book.save_to_buffer()
}

/// Writes the table into `sheet`: the title in row 1, the line in row 2, the header from row 3
/// (two rows when a heading groups columns), then the rows and the note. Column `c` is
/// `widths[c]` wide (12 where not given). Returns the row after the note.
pub fn write_table(sheet: &mut Worksheet, table: &Table, widths: &[u16]) -> Result<u32, XlsxError> {
    let boxed = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = boxed
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let percent = boxed.clone().set_num_format("0.0%");
    let plain = Format::new();
    let last = u16::try_from(table.width().max(1) - 1).unwrap_or(u16::MAX);
    if last == 0 {
        sheet.write_string_with_format(0, 0, &table.title, &title)?;
    } else {
        sheet.merge_range(0, 0, 0, last, &table.title, &title)?;
    }
    if !table.line.is_empty() {
        if last == 0 {
            sheet.write_string(1, 0, &table.line)?;
        } else {
            sheet.merge_range(1, 0, 1, last, &table.line, &plain)?;
        }
    }
    let two = table.two_rows();
    let mut col: u16 = 0;
    for heading in &table.headings {
        if heading.subs.is_empty() {
            if two {
                sheet.merge_range(2, col, 3, col, &heading.text, &head)?;
            } else {
                sheet.write_string_with_format(2, col, &heading.text, &head)?;
            }
            col += 1;
        } else {
            let span = u16::try_from(heading.subs.len()).unwrap_or(1);
            if span == 1 {
                sheet.write_string_with_format(2, col, &heading.text, &head)?;
            } else {
                sheet.merge_range(2, col, 2, col + span - 1, &heading.text, &head)?;
            }
            for (i, sub) in heading.subs.iter().enumerate() {
                sheet.write_string_with_format(3, col + i as u16, sub, &head)?;
            }
            col += span;
        }
    }
    let mut row: u32 = if two { 4 } else { 3 };
    for cells in &table.rows {
        for (c, value) in cells.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Text(text) => sheet.write_string_with_format(row, c, text, &boxed)?,
                Value::Number(n) => sheet.write_number_with_format(row, c, *n, &boxed)?,
                Value::Rate(Some(rate)) => sheet.write_number_with_format(row, c, *rate, &percent)?,
                Value::Rate(None) => sheet.write_blank(row, c, &boxed)?,
            };
        }
        row += 1;
    }
    if !table.note.is_empty() {
        if last == 0 {
            sheet.write_string(row, 0, &table.note)?;
        } else {
            sheet.merge_range(row, 0, row, last, &table.note, &plain)?;
        }
        row += 1;
    }
    for c in 0..=last {
        sheet.set_column_width(c, widths.get(usize::from(c)).copied().unwrap_or(12))?;
    }
    Ok(row)
}

/// The table as CSV: UTF-8 with a byte-order mark (so that Excel opens it in Chinese), the
/// header as one row ([`Table::flat_headers`]), one line per row; no title, line or note.
pub fn table_csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = table.flat_headers().iter().map(|h| csv_field(h)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for cells in &table.rows {
        let line: Vec<String> = cells.iter().map(|v| csv_field(&v.shown())).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A CSV field: quoted when it holds a comma, quote or line break; a leading formula character
/// neutralised so that a spreadsheet does not run it.
pub fn csv_field(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{text}"),
        _ => text.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        let table = Table {
            title: "t".into(),
            line: String::new(),
            headings: vec![Heading::one("村"), Heading::group("人数", &["合计", "重点"])],
            rows: vec![vec![Value::text("a,b"), Value::count(3), Value::text("=1+1")]],
            note: String::new(),
        };
        assert_eq!(
            table_csv(&table),
            "\u{feff}村,人数·合计,人数·重点\r\n\"a,b\",3,'=1+1\r\n"
        );
        assert_eq!(Value::Rate(Some(0.875)).shown(), "87.5%");
    }

    #[test]
    fn the_printed_header_spans_as_the_workbook_merges() {
        let table = Table {
            title: "t".into(),
            line: String::new(),
            headings: vec![Heading::one("村"), Heading::group("人数", &["合计", "重点"])],
            rows: vec![vec![Value::text("a"), Value::count(3), Value::Rate(None)]],
            note: String::new(),
        };
        let cell = |text: &str, rowspan, colspan| HeadCell {
            text: text.into(),
            rowspan,
            colspan,
        };
        assert_eq!(
            table.head_rows(),
            vec![
                vec![cell("村", 2, 1), cell("人数", 1, 2)],
                vec![cell("合计", 1, 1), cell("重点", 1, 1)]
            ]
        );
        let page = table.page("一村", None, "2026年11月18日".into());
        let texts: Vec<(&str, bool)> = page.rows[0].iter().map(|c| (c.text.as_str(), c.number)).collect();
        assert_eq!(texts, [("a", false), ("3", true), ("", true)]);
        let flat = Table {
            headings: vec![Heading::one("村"), Heading::one("人数")],
            ..table
        };
        assert_eq!(flat.head_rows(), vec![vec![cell("村", 1, 1), cell("人数", 1, 1)]]);
    }
}
