//! 市级总览 — a city (市, above its districts) sees its districts side by side, each on its
//! own pack: both monthly rates, the overdue counts, risk cases open and past due, and the
//! hours credited; and exports that roll-up (xlsx and CSV).
//!
//! The city reads with [`Permission::ReadFigures`] only: its scope reaches its districts'
//! counts, while every query of a person (elder files, records, cases, accounts) is scoped
//! by another permission the city admin does not hold. The seeds are city documents over
//! their districts: jiangmen 附件 "江门市农村留守老年人关爱服务…" and ningbo's
//! "宁波市…汇总表" are handed up to the city by each county.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

use super::policies::{coverage_of, overdue_of, CoverageCounts};
use super::Call;
use crate::db::{areas, city, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::export::table::csv_field;
use crate::domain::input::InvalidInput;
use crate::domain::period::Month;
use crate::error::{AppError, AppResult};

/// One district's row in the city's overview.
#[derive(Debug, Clone)]
pub struct DistrictFigures {
    pub code: String,
    pub name: String,
    /// The pack the district runs in the month; `None` when it has chosen none.
    pub pack_id: Option<String>,
    pub pack_name: Option<String>,
    /// The month's counts and both rates, as the district's own coverage gives them (for a
    /// closed month: as reported). `None` without a pack.
    pub coverage: Option<CoverageCounts>,
    /// Whether the month is closed (figures as reported at the deadline).
    pub closed: bool,
    /// 逾期名单 — elders with a requirement of the month overdue (the district's list).
    pub overdue_elders: u32,
    /// Risk cases open now, and those past their due time.
    pub cases_open: i64,
    pub cases_past_due: i64,
    /// 入账时长 — minutes credited in the month (China time), net of reversals.
    pub minutes_credited: i64,
}

/// The city's districts in one month.
#[derive(Debug, Clone)]
pub struct CityOverview {
    pub code: String,
    pub name: String,
    pub month: Month,
    pub districts: Vec<DistrictFigures>,
}

/// The city the overview is of: `city_code` when given (a city the actor's figures scope
/// holds), else the city of the actor's own place.
fn city_in_scope(call: &Call, city_code: Option<&str>) -> AppResult<(Scope, AreaCode)> {
    let scope = call.scope(Permission::ReadFigures)?;
    let code = match city_code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => {
            let mut errors = InvalidInput::default();
            let parsed = errors.check("cityCode", AreaCode::parse(code));
            if parsed.as_ref().is_some_and(|c| c.level() != AreaLevel::City) {
                errors.add("cityCode", "wrong_level", "应为 4 位地级市代码");
            }
            errors.finish(|| parsed)?
        }
        None => match call.actor.area.as_ref() {
            Some(area) if area.level() == AreaLevel::City => area.clone(),
            Some(area) => area.city().ok_or(AppError::Forbidden)?,
            None => return Err(AppError::field("cityCode", "required", "请选择地级市")),
        },
    };
    Ok((scope, code))
}

/// The bounds in UTC of a month in China time.
fn month_bounds(month: Month) -> (NaiveDateTime, NaiveDateTime) {
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    let start = month.first_day().and_time(NaiveTime::MIN) - offset;
    let end = month.next().first_day().and_time(NaiveTime::MIN) - offset;
    (start, end)
}

/// 市级总览 — the city's districts side by side in `month`. A district admin asking about
/// their own city sees only their own district's row (the others lie outside their scope).
pub fn overview(conn: &mut DbConn, call: &Call, month: Month, city_code: Option<&str>) -> AppResult<CityOverview> {
    let (scope, code) = city_in_scope(call, city_code)?;
    let name = areas::find(conn, code.as_str())?
        .map(|row| row.name)
        .unwrap_or_default();
    let mut districts = Vec::new();
    for row in city::districts_of(conn, &code)? {
        let district = AreaCode::parse(&row.code).map_err(|e| AppError::Internal(format!("stored area code: {e}")))?;
        if !scope.contains_area(&district) {
            continue;
        }
        districts.push(figures(conn, call, month, &scope, &district, row.name)?);
    }
    if districts.is_empty() && !scope.contains_area(&code) {
        return Err(AppError::Forbidden);
    }
    Ok(CityOverview {
        code: code.as_str().to_string(),
        name,
        month,
        districts,
    })
}

/// One district's figures, read through `scope` (which holds the whole district).
fn figures(
    conn: &mut DbConn,
    call: &Call,
    month: Month,
    scope: &Scope,
    district: &AreaCode,
    name: String,
) -> AppResult<DistrictFigures> {
    let coverage = coverage_of(conn, call, month, scope, district)?;
    let pack = coverage.as_ref().and_then(|c| call.packs.get(&c.pack_id));
    let overdue_elders =
        u32::try_from(overdue_of(conn, call, month, scope, district.clone())?.len()).unwrap_or(u32::MAX);
    let (cases_open, cases_past_due) = city::case_counts(conn, scope, district, call.now)?;
    let minutes_credited = city::minutes_credited(conn, scope, district, month_bounds(month))?;
    Ok(DistrictFigures {
        code: district.as_str().to_string(),
        name,
        pack_id: pack.map(|p| p.id.clone()),
        pack_name: pack.map(|p| p.name.clone()),
        closed: coverage.as_ref().is_some_and(|c| c.closed.is_some()),
        coverage: coverage.map(|c| c.total),
        overdue_elders,
        cases_open,
        cases_past_due,
        minutes_credited,
    })
}

/// The roll-up's columns, as the export writes them.
pub const COLUMNS: [&str; 13] = [
    "区县",
    "政策包",
    "应探访老人",
    "按时完成",
    "未到期",
    "逾期",
    "月探访率",
    "已联系",
    "探访覆盖率",
    "逾期名单人数",
    "处置中个案",
    "超时个案",
    "入账时长（小时）",
];

/// A cell of the roll-up.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    /// A share, 0–1 (shown as a percentage).
    Rate(Option<f64>),
    Hours(f64),
}

impl DistrictFigures {
    /// The district's row under [`COLUMNS`].
    pub fn cells(&self) -> Vec<Cell> {
        let counts = self.coverage.clone().unwrap_or_default();
        let pack = match (&self.pack_name, self.closed) {
            (Some(name), true) => format!("{name}（已关账）"),
            (Some(name), false) => name.clone(),
            (None, _) => "未选择政策包".to_string(),
        };
        vec![
            Cell::Text(self.name.clone()),
            Cell::Text(pack),
            Cell::Count(i64::from(counts.elders)),
            Cell::Count(i64::from(counts.met)),
            Cell::Count(i64::from(counts.due)),
            Cell::Count(i64::from(counts.overdue)),
            Cell::Rate(self.coverage.as_ref().and_then(CoverageCounts::rate)),
            Cell::Count(i64::from(counts.contacted)),
            Cell::Rate(self.coverage.as_ref().and_then(CoverageCounts::contact_rate)),
            Cell::Count(i64::from(self.overdue_elders)),
            Cell::Count(self.cases_open),
            Cell::Count(self.cases_past_due),
            Cell::Hours(self.minutes_credited as f64 / 60.0),
        ]
    }
}

/// The title of the roll-up: 江门市 2026年11月 各区县探访情况汇总.
fn title(overview: &CityOverview) -> String {
    format!(
        "{} {}年{}月 各区县探访情况汇总",
        overview.name,
        overview.month.year(),
        overview.month.month()
    )
}

/// The file name of an export (ASCII: the city code and the month).
pub fn file_name(overview: &CityOverview, extension: &str) -> String {
    format!("city-{}-{}.{extension}", overview.code, overview.month)
}

/// The roll-up as CSV (UTF-8 with a byte-order mark, so that Excel opens it in Chinese).
pub fn csv(overview: &CityOverview) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for district in &overview.districts {
        let line: Vec<String> = district
            .cells()
            .into_iter()
            .map(|cell| match cell {
                Cell::Text(text) => csv_field(&text),
                Cell::Count(n) => n.to_string(),
                Cell::Rate(Some(rate)) => format!("{:.1}%", rate * 100.0),
                Cell::Rate(None) => String::new(),
                Cell::Hours(hours) => format!("{hours:.1}"),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The roll-up as an xlsx workbook: a title row, the header, one row per district.
pub fn xlsx(overview: &CityOverview) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("汇总").map_err(failed)?;
    let bold = Format::new().set_bold();
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let percent = Format::new().set_num_format("0.0%");
    let hours = Format::new().set_num_format("0.0");
    let last_col = u16::try_from(COLUMNS.len() - 1).unwrap_or(0);
    sheet
        .merge_range(0, 0, 0, last_col, &title(overview), &title_format)
        .map_err(failed)?;
    for (col, header) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(1, col, header, &bold).map_err(failed)?;
        sheet
            .set_column_width(col, if col < 2 { 18 } else { 12 })
            .map_err(failed)?;
    }
    for (row, district) in (2u32..).zip(&overview.districts) {
        for (col, cell) in (0u16..).zip(district.cells()) {
            match cell {
                Cell::Text(text) => sheet.write_string(row, col, text),
                Cell::Count(n) => sheet.write_number(row, col, n as f64),
                Cell::Rate(Some(rate)) => sheet.write_number_with_format(row, col, rate, &percent),
                Cell::Rate(None) => sheet.write_string(row, col, ""),
                Cell::Hours(h) => sheet.write_number_with_format(row, col, h, &hours),
            }
            .map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("蓬江区"), "蓬江区");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }

    #[test]
    fn a_month_is_counted_in_china_time() {
        let (start, end) = month_bounds(Month::parse("2026-11").unwrap());
        assert_eq!(start.to_string(), "2026-10-31 16:00:00");
        assert_eq!(end.to_string(), "2026-11-30 16:00:00");
    }
}
