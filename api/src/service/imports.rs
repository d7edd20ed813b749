//! 导入老人档案 — brings an office's elder sheet (.xlsx) into an area: every row is checked
//! first (with [`ElderFile::parse`], the one validation of an elder file, and the village, the
//! ID blind index for duplicates within the file and against the database), then, only if no
//! row failed (or the caller asked for the valid rows only), the files are registered in one
//! transaction. An elder already registered is reported and never doubled; with `update` the
//! stored file is updated as a dated change (through [`super::elders::update`]).
//!
//! Who: [`Permission::ImportElders`] in the area (town organizers and village staff for
//! theirs, district admins; updating registered files also needs `WriteElders`). Audited: one `elder.import` entry per import, and one per file written.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::elders::{elder_subject, insert_new_files, new_file_rows_indexed, Effective, NewFile};
use super::Call;
use crate::db::imports::{self, ImportRow};
use crate::db::models::AreaRow;
use crate::db::{areas, elders as elder_db, write_transaction, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::area::{AreaCode, AreaLevel, UrbanRural};
use crate::domain::elder::{AbilityLevel, ConsentStatus, EconomicStatus, ElderFile, ElderFileInput, LivingArrangement};
use crate::domain::id::ElderId;
use crate::domain::import::{
    column_of_field, find_header, normalize_header, read_form, template_header, Cell, Column, Header, ImportedFields,
    TEMPLATE_COLUMNS,
};
use crate::error::{AppError, AppResult};

/// The largest file taken (an 台帐 of 200,000 rows is about 15 MB).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
/// Problems kept in a report. Decision: a sheet failing on every row says so in its count;
/// the first 10,000 are listed.
const MAX_PROBLEMS: usize = 10_000;
/// Files written per statement.
const BATCH: usize = 500;

/// What the caller asks of an import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check and report only; write no file.
    pub dry_run: bool,
    /// Import the valid rows even when others fail.
    pub valid_only: bool,
    /// Update the files of elders already registered (as a dated change).
    pub update: bool,
}

/// One line of a report: a row, its column, and the reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    /// The row number as Excel shows it (1 = the first row of the sheet).
    pub row: u32,
    pub column: String,
    pub message: String,
}

/// 导入报告 — what an import found and did.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// The import's id (its report sheet: `GET /imports/{id}/report.xlsx`).
    pub id: String,
    /// 台帐 or 登记表, in words.
    pub layout: String,
    pub sheet: String,
    /// Data rows read (blank and note rows left out).
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    /// 已建档 — rows of elders already registered, not imported (without `update`).
    pub already_registered: usize,
    /// Rows with at least one problem.
    pub failed_rows: usize,
    pub written: bool,
    pub dry_run: bool,
    pub valid_only: bool,
    pub update: bool,
    /// Headers not understood (ignored).
    pub unknown_columns: Vec<String>,
    /// Headers understood and not imported (序号, 责任人 …).
    pub not_imported_columns: Vec<String>,
    /// The failing rows' problems (at most 10,000; `problems_total` counts all).
    pub problems: Vec<ImportProblem>,
    pub problems_total: usize,
    /// Rows of elders already registered (skipped, or updated with `update`).
    pub registered_rows: Vec<ImportProblem>,
    /// One sentence for the user.
    pub summary: String,
}

fn file_error(code: &str, message: impl Into<String>) -> AppError {
    AppError::field("file", code, message.into())
}

// --- the workbook ---------------------------------------------------------------------------

/// One sheet read: its values, where its formulas are, and its merged cells, each looked up
/// by row (a row is read once, its cells in one sweep).
struct Sheet {
    values: Range<Data>,
    /// The columns of the formula cells of each row (0-based).
    formulas: HashMap<u32, Vec<u32>>,
    /// Merged areas: every cell of one reads as its top-left cell (a 镇街 merged down the rows
    /// of its elders, a header over two rows). By row: (column, the area's top-left cell), for
    /// the cells of the sheet's range other than a top-left one.
    merged: MergedCells,
}

/// By row: (column, the top-left cell of the merged area the cell is in).
type MergedCells = HashMap<u32, Vec<(u32, (u32, u32))>>;

impl Sheet {
    fn new(values: Range<Data>, formulas: HashMap<u32, Vec<u32>>, merges: &[calamine::Dimensions]) -> Sheet {
        // Only the cells inside the values' range are ever read.
        let (start, end) = (values.start(), values.end());
        let mut merged: MergedCells = HashMap::new();
        if let (Some(start), Some(end)) = (start, end) {
            for m in merges {
                for r in m.start.0.max(start.0)..=m.end.0.min(end.0) {
                    for c in m.start.1.max(start.1)..=m.end.1.min(end.1) {
                        if (r, c) != m.start {
                            merged.entry(r).or_default().push((c, m.start));
                        }
                    }
                }
            }
        }
        Sheet {
            values,
            formulas,
            merged,
        }
    }

    /// 0-based (row, col) of the sheet's first stored cell.
    fn origin(&self) -> (usize, usize) {
        self.values.start().map_or((0, 0), |(r, c)| (r as usize, c as usize))
    }

    fn height(&self) -> usize {
        self.values.height()
    }

    fn is_formula(&self, (r, c): (u32, u32)) -> bool {
        self.formulas.get(&r).is_some_and(|cols| cols.contains(&c))
    }

    /// Row `r` (0-based from the sheet's first row) as cells from column A.
    fn row(&self, r: usize) -> Vec<Cell> {
        let (r0, c0) = self.origin();
        if r < r0 {
            return Vec::new();
        }
        let width = self.values.width();
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        let merged = self.merged.get(&row);
        let mut cells = vec![Cell::Empty; c0 + width];
        for (c, cell) in cells.iter_mut().enumerate().skip(c0) {
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            let at = merged
                .and_then(|m| m.iter().find(|(mc, _)| *mc == col))
                .map_or((row, col), |(_, start)| *start);
            *cell = if self.is_formula(at) {
                Cell::Formula
            } else {
                self.values.get_value(at).map_or(Cell::Empty, cell_of)
            };
        }
        cells
    }

    /// The first `n` rows from row 0.
    fn head(&self, n: usize) -> Vec<Vec<Cell>> {
        let (r0, _) = self.origin();
        (0..(r0 + self.height()).min(n)).map(|r| self.row(r)).collect()
    }
}

fn cell_of(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if d.is_datetime() => Cell::Date(dt.date()),
            _ => Cell::Number(d.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Opens the workbook, telling apart what is not an .xlsx: an encrypted (password-protected)
/// workbook and an old .xls are both OLE compound files; anything else is not a workbook.
fn open_workbook(bytes: &[u8]) -> AppResult<Xlsx<Cursor<&[u8]>>> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.is_empty() {
        return Err(file_error("empty_file", "文件是空的，请选择要导入的 .xlsx 表格"));
    }
    if bytes.starts_with(OLE) {
        let utf16: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
        if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
            return Err(file_error(
                "encrypted",
                "表格设有打开密码，无法读取；请在 Excel 中“文件→信息→保护工作簿→用密码进行加密”清除密码后另存，再导入",
            ));
        }
        return Err(file_error(
            "old_format",
            "这是旧版 Excel（.xls）文件；请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入",
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(file_error(
            "not_xlsx",
            "文件不是 Excel 表格（.xlsx），可能只是改了扩展名；请用 Excel 打开后另存为 .xlsx 再导入",
        ));
    }
    Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        tracing::debug!(error = %e, "an uploaded workbook does not open");
        file_error(
            "not_xlsx",
            "表格无法打开（文件损坏或不是 .xlsx 格式）；请用 Excel 打开后另存为 .xlsx 再导入",
        )
    })
}

/// The workbook's parts, to find formulas and merged cells without parsing a sheet again.
struct Parts<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    sheets: HashMap<String, String>,
}

impl<'a> Parts<'a> {
    fn open(bytes: &'a [u8]) -> Option<Parts<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let sheets = sheet_parts(&mut zip)?;
        Some(Parts { zip, sheets })
    }

    fn marks(&mut self, sheet: &str) -> Option<Marks> {
        let path = self.sheets.get(sheet)?.clone();
        marks_of(&mut self.zip, &path)
    }
}

/// One sheet: its values parsed by calamine (the one parse of its XML); its formulas and
/// merged cells found by a sweep of the same XML's bytes ([`marks_of`]), or read by calamine
/// when the sweep cannot tell.
fn read_sheet(workbook: &mut Xlsx<Cursor<&[u8]>>, parts: &mut Option<Parts<'_>>, name: &str) -> AppResult<Sheet> {
    let unreadable = |e: calamine::XlsxError| {
        tracing::debug!(error = %e, "a sheet does not read");
        file_error("unreadable_sheet", format!("工作表“{name}”无法读取（文件可能已损坏）"))
    };
    let values = workbook.worksheet_range(name).map_err(unreadable)?;
    if let Some(marks) = parts.as_mut().and_then(|p| p.marks(name)) {
        return Ok(Sheet::new(values, marks.formulas, &marks.merges));
    }
    let formulas = workbook.worksheet_formula(name).map_err(unreadable)?;
    let merges = workbook.worksheet_merge_cells(name).transpose().map_err(unreadable)?;
    Ok(Sheet::new(
        values,
        formula_cells(&formulas),
        &merges.unwrap_or_default(),
    ))
}

/// The formula cells of a range read by calamine, by row.
fn formula_cells(formulas: &Range<String>) -> HashMap<u32, Vec<u32>> {
    let (r0, c0) = formulas.start().unwrap_or((0, 0));
    let mut cells: HashMap<u32, Vec<u32>> = HashMap::new();
    for (r, c, f) in formulas.used_cells() {
        if !f.is_empty() {
            let (r, c) = (
                u32::try_from(r).unwrap_or(u32::MAX),
                u32::try_from(c).unwrap_or(u32::MAX),
            );
            cells
                .entry(r0.saturating_add(r))
                .or_default()
                .push(c0.saturating_add(c));
        }
    }
    cells
}

// --- formulas and merged cells, found without parsing the XML again --------------------------

/// Formula cells (by row, their columns) and merged areas of one sheet.
struct Marks {
    formulas: HashMap<u32, Vec<u32>>,
    merges: Vec<calamine::Dimensions>,
}

/// The worksheets' parts of the workbook by sheet name (from workbook.xml and its
/// relationships); `None` when they cannot be told.
fn sheet_parts(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<HashMap<String, String>> {
    let workbook = part_text(zip, "xl/workbook.xml")?;
    let rels = part_text(zip, "xl/_rels/workbook.xml.rels")?;
    let mut targets = HashMap::new();
    for tag in tags(&rels, "<Relationship ") {
        let (id, target) = (attribute(tag, "Id")?, attribute(tag, "Target")?);
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        targets.insert(id.to_string(), path);
    }
    let mut parts = HashMap::new();
    for tag in tags(&workbook, "<sheet ") {
        let name = unescape(attribute(tag, "name")?);
        parts.insert(name, targets.get(attribute(tag, "r:id")?)?.clone());
    }
    Some(parts)
}

fn part_text(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    zip.by_name(path).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The opening tags (without their `>`) of `xml` that start with `start`.
fn tags<'a>(xml: &'a str, start: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.match_indices(start).filter_map(move |(i, _)| {
        let rest = xml.get(i..)?;
        rest.find('>').and_then(|end| rest.get(..end))
    })
}

/// The value of the attribute `name` in an opening tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag.get(from..)?.find(name) {
        let at = from + found;
        from = at + name.len();
        if !tag.get(..at)?.ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let Some(rest) = tag.get(from..)?.trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = rest.get(1..)?;
        return value.find(quote).and_then(|end| value.get(..end));
    }
    None
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `C12` as 0-based (row, column).
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// A sweep of a sheet's XML, a piece at a time.
#[derive(Default)]
struct Sweep {
    in_data: bool,
    seen_data: bool,
    /// The opening tag of the cell being read.
    cell: Vec<u8>,
    formulas: HashMap<u32, Vec<u32>>,
    merges: Vec<calamine::Dimensions>,
}

impl Sweep {
    /// Every tag starting in `xml` (whole tags: `xml` ends just before a `<` or at the end).
    fn tags(&mut self, xml: &[u8]) -> Option<()> {
        let mut at = 0;
        while let Some(lt) = xml.get(at..)?.iter().position(|b| *b == b'<') {
            let start = at + lt + 1;
            let gt = start + xml.get(start..)?.iter().position(|b| *b == b'>')?;
            let tag = xml.get(start..gt)?;
            at = gt + 1;
            match tag.first() {
                Some(b'c') if self.in_data && matches!(tag.get(1), Some(b' ') | None) => {
                    self.cell.clear();
                    self.cell.extend_from_slice(tag);
                }
                Some(b'f') if self.in_data && matches!(tag.get(1), Some(b' ' | b'/') | None) => {
                    let formula = if tag.ends_with(b"/") {
                        // <f t="shared" si="0"/>: a cell sharing another's formula.
                        attribute(std::str::from_utf8(tag).ok()?, "t") == Some("shared")
                    } else {
                        let text = xml.get(at..)?;
                        text.iter().position(|b| *b == b'<').unwrap_or(text.len()) > 0
                    };
                    if formula {
                        let cell = std::str::from_utf8(&self.cell).ok()?;
                        let (r, c) = cell_ref(attribute(cell, "r")?)?;
                        self.formulas.entry(r).or_default().push(c);
                    }
                }
                Some(b's') if tag.starts_with(b"sheetData") => {
                    self.in_data = !tag.ends_with(b"/");
                    self.seen_data = true;
                }
                Some(b'/') if tag == b"/sheetData" => self.in_data = false,
                Some(b'm') if tag.starts_with(b"mergeCell ") => {
                    let reference = attribute(std::str::from_utf8(tag).ok()?, "ref")?;
                    let (from, to) = reference.split_once(':').unwrap_or((reference, reference));
                    self.merges
                        .push(calamine::Dimensions::new(cell_ref(from)?, cell_ref(to)?));
                }
                _ => {}
            }
        }
        Some(())
    }
}

/// The formula cells and merged areas of the sheet in the part `path`, found by a sweep of
/// its bytes (a piece at a time) rather than a second and third parse of its XML. `None` when
/// the part is not in the form swept here (element names with a namespace prefix, a formula
/// in a cell without its reference): calamine then reads them.
fn marks_of(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<Marks> {
    use std::io::Read;
    const PIECE: usize = 1 << 20;
    let mut part = zip.by_name(path).ok()?;
    let mut sweep = Sweep::default();
    let mut buf: Vec<u8> = Vec::with_capacity(2 * PIECE);
    let mut piece = vec![0u8; PIECE];
    loop {
        let n = part.read(&mut piece).ok()?;
        buf.extend_from_slice(piece.get(..n)?);
        if n == 0 {
            sweep.tags(&buf)?;
            break;
        }
        // Up to the last `<`: every tag before it is whole.
        if let Some(cut) = buf.iter().rposition(|b| *b == b'<').filter(|cut| *cut > 0) {
            sweep.tags(buf.get(..cut)?)?;
            buf.drain(..cut);
        }
    }
    sweep.seen_data.then_some(Marks {
        formulas: sweep.formulas,
        merges: sweep.merges,
    })
}

// --- the area's villages --------------------------------------------------------------------

/// The villages an import may place elders in: those of the area, by name.
struct Villages {
    area: AreaCode,
    rows: Vec<AreaRow>,
    towns: HashMap<String, String>,
    /// Each village's name and its town's name as compared ([`name_key`]), by position in
    /// `rows`: worked out once, not once per row of the sheet.
    keys: Vec<(String, String)>,
}

fn name_key(name: &str) -> String {
    normalize_header(name)
}

impl Villages {
    fn load(conn: &mut DbConn, area: &AreaCode) -> AppResult<Villages> {
        let all = areas::in_subtree(conn, area)?;
        let mut towns = HashMap::new();
        // The area's own town (for an area that is a village or a town).
        if let Some(town) = match area.level() {
            AreaLevel::Village => area.parent(),
            AreaLevel::Town => Some(area.clone()),
            AreaLevel::District | AreaLevel::City => None,
        } {
            if let Some(row) = areas::find(conn, town.as_str())? {
                towns.insert(row.code.clone(), row.name.clone());
            }
        }
        for row in all.iter().filter(|r| r.level == AreaLevel::Town) {
            towns.insert(row.code.clone(), row.name.clone());
        }
        let rows: Vec<AreaRow> = all.into_iter().filter(|r| r.level == AreaLevel::Village).collect();
        let keys = rows
            .iter()
            .map(|v| (name_key(&v.name), name_key(town_name(&towns, v))))
            .collect();
        Ok(Villages {
            area: area.clone(),
            rows,
            towns,
            keys,
        })
    }

    /// The villages with their keys (name, town's name).
    fn keyed(&self) -> impl Iterator<Item = (&AreaRow, &str, &str)> {
        self.rows
            .iter()
            .zip(&self.keys)
            .map(|(v, (name, town))| (v, name.as_str(), town.as_str()))
    }

    /// The village a row names (by code or by name, within its town when the row names one),
    /// else the one its address names, else the area itself when it is a village.
    fn resolve(&self, fields: &ImportedFields) -> Result<&AreaRow, (Column, String)> {
        let town = fields.town.as_deref().map(name_key).filter(|t| !t.is_empty());
        let in_town = |v: &AreaRow, town_key: &str| {
            town.as_ref()
                .is_none_or(|t| town_key == t || v.parent_code.as_deref() == Some(t.as_str()))
        };
        if let Some(village) = fields.village.as_deref() {
            let key = name_key(village);
            let found: Vec<&AreaRow> = self
                .keyed()
                .filter(|(v, name, town_key)| (v.code == key || *name == key) && in_town(v, town_key))
                .map(|(v, _, _)| v)
                .collect();
            return match found.as_slice() {
                [one] => Ok(one),
                [] => Err((
                    Column::Village,
                    format!("村（社区）“{village}”不在本次导入的区域内，或名称与系统中的不一致"),
                )),
                _ => Err((
                    Column::Town,
                    format!("有多个名为“{village}”的村（社区），请填写所在镇（街道）"),
                )),
            };
        }
        if let Some(address) = fields.residence.as_deref().or(fields.household_address.as_deref()) {
            let key = name_key(address);
            let found: Vec<(&AreaRow, &str)> = self
                .keyed()
                .filter(|(v, name, town_key)| key.contains(name) && in_town(v, town_key))
                .map(|(v, _, town_key)| (v, town_key))
                .collect();
            let narrowed: Vec<&AreaRow> = if found.len() > 1 {
                found
                    .iter()
                    .filter(|(_, town_key)| key.contains(town_key))
                    .map(|(v, _)| *v)
                    .collect()
            } else {
                found.iter().map(|(v, _)| *v).collect()
            };
            if let [one] = narrowed.as_slice() {
                return Ok(one);
            }
        }
        if self.area.level() == AreaLevel::Village {
            if let Some(one) = self.rows.first() {
                return Ok(one);
            }
        }
        Err((
            Column::Village,
            "无法确定所在村（社区）：请填写“村（社区）”列，或在地址中写明村（社区）名称".to_string(),
        ))
    }
}

/// The name of a village's town ("" when not known).
fn town_name<'a>(towns: &'a HashMap<String, String>, village: &AreaRow) -> &'a str {
    village
        .parent_code
        .as_ref()
        .and_then(|p| towns.get(p))
        .map_or("", String::as_str)
}

// --- one row --------------------------------------------------------------------------------

/// A new file's defaults for what the sheets do not say. Decisions: 城乡 from the village
/// (else 农村); 能力程度 能力完好 and 经济状况 一般 until assessed; 居住情况 from the categories
/// (独居 → 独居, 空巢 → 与配偶同住, else 与其他家人同住); 接受探访意愿 待确认 (a sheet records
/// no consent), in service from the 建档日期 when given.
fn new_input(village: &AreaRow, fields: &ImportedFields) -> ElderFileInput {
    let categories = fields.categories.clone().unwrap_or_default();
    let living = if categories.contains(&crate::domain::elder::Category::LivingAlone) {
        LivingArrangement::Alone
    } else if categories.contains(&crate::domain::elder::Category::EmptyNest) {
        LivingArrangement::WithSpouse
    } else {
        LivingArrangement::WithFamily
    };
    ElderFileInput {
        name: String::new(),
        id_number: String::new(),
        birth_date: None,
        sex: None,
        phone: None,
        village_code: village.code.clone(),
        residence_address: String::new(),
        household_village_code: None,
        household_address: None,
        urban_rural: village.urban_rural.unwrap_or(UrbanRural::Rural),
        ability_level: AbilityLevel::Intact,
        disease_history: None,
        has_dementia: None,
        has_serious_illness: None,
        disability_certificate_no: None,
        disability_grade: None,
        economic_status: EconomicStatus::Ordinary,
        hardship_support: None,
        monthly_income_yuan: None,
        pension_yuan: None,
        subsidies: None,
        living_arrangement: living,
        family_members: None,
        children_away_location: None,
        children_away_since: None,
        children_planned_return: None,
        emergency_contacts: None,
        categories: None,
        help_received: None,
        risk_level: None,
        risk_assessed_on: None,
        risk_assessor: None,
        consent: ConsentStatus::Pending,
        consent_note: None,
        consent_recorded_on: None,
        shares_with_family: None,
    }
}

/// One source row: its Excel row number and its cells by column.
struct SourceRow {
    number: u32,
    cells: Vec<(Column, Cell)>,
}

/// What a checked row is.
enum Checked {
    Valid {
        file: Box<ElderFile>,
        fields: Box<ImportedFields>,
        village: String,
    },
    Failed(Vec<ImportProblem>),
}

fn check_row(row: &SourceRow, villages: &Villages, header: &Header, call: &Call) -> Checked {
    let problem = |column: Column, message: String| ImportProblem {
        row: row.number,
        column: header.name_of(column),
        message,
    };
    let cells: Vec<(Column, &Cell)> = row.cells.iter().map(|(c, v)| (*c, v)).collect();
    let (fields, cell_problems) = ImportedFields::parse(&cells);
    let mut problems: Vec<ImportProblem> = cell_problems
        .into_iter()
        .map(|p| problem(p.column, p.message))
        .collect();
    let village = match villages.resolve(&fields) {
        Ok(v) => Some(v),
        Err((column, message)) => {
            problems.push(problem(column, message));
            None
        }
    };
    let Some(village) = village else {
        return Checked::Failed(problems);
    };
    let mut input = new_input(village, &fields);
    fields.apply(&mut input, Some(&village.code));
    match ElderFile::parse(&input, call.today) {
        Ok(file) => {
            if let Some((y, m)) = fields.birth_month {
                use chrono::Datelike;
                let born = file.birth_date();
                if (born.year(), born.month()) != (y, m) {
                    problems.push(problem(Column::BirthDate, "出生年月与身份证号码不一致".to_string()));
                }
            }
            if problems.is_empty() {
                Checked::Valid {
                    file: Box::new(file),
                    fields: Box::new(fields),
                    village: village.code.clone(),
                }
            } else {
                Checked::Failed(problems)
            }
        }
        Err(invalid) => {
            for f in invalid.fields {
                let column = column_of_field(&f.field).unwrap_or(Column::NotImported);
                let name = if column == Column::NotImported {
                    "（整行）".to_string()
                } else {
                    header.name_of(column)
                };
                problems.push(ImportProblem {
                    row: row.number,
                    column: name,
                    message: f.message,
                });
            }
            Checked::Failed(problems)
        }
    }
}

/// Whether a row is a note under the table (说明：… 填表人 …) rather than an elder
/// (`known_empty`: the cells under the known headers are all empty).
fn is_note(known_empty: bool, whole: &[Cell]) -> bool {
    let mut filled: Vec<&Cell> = whole.iter().filter(|c| !c.is_empty()).collect();
    // A note merged across the row (as Tanfang's own 台帐 writes its 说明) reads in every
    // cell of the merge: it is one note.
    filled.dedup();
    let starts_note = filled.first().is_some_and(|c| {
        let t = c.text();
        ["说明", "注：", "注:", "备注", "填表人", "填报人", "审核"]
            .iter()
            .any(|p| t.starts_with(p))
    });
    filled.is_empty() || (starts_note && filled.len() <= 2) || known_empty
}

// --- the layouts ----------------------------------------------------------------------------

/// The rows to import and how the sheet was read.
struct Layout {
    name: String,
    sheet: String,
    header: Header,
    rows: Vec<SourceRow>,
}

fn ledger_rows(sheet: &Sheet, header: &Header) -> Vec<SourceRow> {
    let (r0, _) = sheet.origin();
    let mut rows = Vec::new();
    for r in (header.last_row + 1)..(r0 + sheet.height()) {
        let mut whole = sheet.row(r);
        let known_empty = header
            .columns
            .iter()
            .all(|(i, _, _)| whole.get(*i).is_none_or(Cell::is_empty));
        if is_note(known_empty, &whole) {
            continue;
        }
        // Each column is one header's (find_header): its cell is moved, not copied.
        let cells: Vec<(Column, Cell)> = header
            .columns
            .iter()
            .map(|(i, c, _)| (*c, whole.get_mut(*i).map_or(Cell::Empty, std::mem::take)))
            .collect();
        rows.push(SourceRow {
            number: u32::try_from(r + 1).unwrap_or(u32::MAX),
            cells,
        });
    }
    rows
}

fn read_layout(bytes: &[u8]) -> AppResult<Layout> {
    let mut workbook = open_workbook(bytes)?;
    let mut parts = Parts::open(bytes);
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(file_error("empty_workbook", "表格中没有工作表"));
    }
    let mut sheets = Vec::new();
    for name in &names {
        let sheet = read_sheet(&mut workbook, &mut parts, name)?;
        if let Some(header) = find_header(&sheet.head(crate::domain::import::HEADER_SEARCH_ROWS)) {
            if !header.has(Column::IdNumber) || !header.has(Column::Name) {
                let missing: Vec<&str> = [Column::Name, Column::IdNumber]
                    .into_iter()
                    .filter(|c| !header.has(*c))
                    .map(Column::label_zh)
                    .collect();
                return Err(file_error(
                    "missing_columns",
                    format!(
                        "工作表“{name}”缺少必需的列：{}（表头按列名识别，如“身份证号码”“姓名”）",
                        missing.join("、")
                    ),
                ));
            }
            let rows = ledger_rows(&sheet, &header);
            return Ok(Layout {
                name: format!("台帐（表头在第 {} 行）", header.last_row + 1),
                sheet: name.clone(),
                header,
                rows,
            });
        }
        sheets.push(sheet);
    }
    // No header anywhere: registration forms, one per sheet.
    let mut rows = Vec::new();
    for sheet in &sheets {
        if let Some(found) = read_form(&sheet.head(200)) {
            let number = found.iter().map(|(_, _, r)| *r).min().unwrap_or(0);
            rows.push(SourceRow {
                number: u32::try_from(number + 1).unwrap_or(u32::MAX),
                cells: found.into_iter().map(|(c, v, _)| (c, Cell::Text(v))).collect(),
            });
        }
    }
    if rows.is_empty() {
        let empty = sheets
            .iter()
            .all(|s| s.values.is_empty() || s.values.cells().all(|(_, _, v)| v == &Data::Empty));
        return Err(if empty {
            file_error("empty_sheet", "表格是空的：没有找到任何数据")
        } else {
            file_error(
                "no_header",
                "没有找到表头：请确认表格有“姓名”“身份证号码”等列名（可在标题行之下），或使用导入模板",
            )
        });
    }
    let header = Header {
        last_row: 0,
        columns: Vec::new(),
        unknown: Vec::new(),
        not_imported: Vec::new(),
    };
    Ok(Layout {
        name: format!("登记表（每个工作表一人，共 {} 份）", rows.len()),
        sheet: names.join("、"),
        header,
        rows,
    })
}

// --- the use case ---------------------------------------------------------------------------

/// A row that checked: its Excel row number, its ID number's blind index, its file, its
/// fields (kept only to update a registered file) and its village.
struct ValidRow {
    number: u32,
    index: String,
    file: Box<ElderFile>,
    fields: Option<Box<ImportedFields>>,
    village: String,
}

/// What the check decided for a valid row.
enum Plan {
    Create(ValidRow),
    Update(ValidRow, ElderId),
}

/// Elders live in a district's villages: a city (市) is no place to import into.
fn refuse_city(area: &AreaCode) -> AppResult<()> {
    if area.level() == AreaLevel::City {
        return Err(AppError::field(
            "area",
            "city_area",
            "市级不能直接导入，请选择区县、镇街或村（社区）",
        ));
    }
    Ok(())
}

/// 导入 — checks the sheet `bytes` for the area `area_code` and, unless a row failed (and
/// `valid_only` was not asked) or `dry_run`, writes the files. Stores the report (for its
/// sheet) and returns it. `progress` counts the rows checked and then written.
pub fn import_elders(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: &ProgressBar,
) -> AppResult<ImportReport> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ImportElders, area_code)?;
    refuse_city(&area)?;
    if options.update && !call.actor.can(Permission::WriteElders) {
        return Err(AppError::field(
            "update",
            "cannot_update",
            "区级账号导入时不能更新已建档老人的档案，请由镇街或村（社区）导入更新",
        ));
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(file_error("too_large", "文件超过 64 MB，请分成几个表格导入"));
    }
    let layout = read_layout(bytes)?;
    let villages = Villages::load(conn, &area)?;
    if villages.rows.is_empty() {
        return Err(AppError::field(
            "areaCode",
            "no_villages",
            "该区域下还没有村（社区），请先建立区划",
        ));
    }
    progress.set_length(2 * layout.rows.len() as u64);
    let Layout {
        name: layout_name,
        sheet: sheet_name,
        header,
        rows: source_rows,
    } = layout;
    let rows_read = source_rows.len();

    // One pass: every row checked once; a valid row keeps its file (and, to update, its
    // fields) and its blind index, worked out once.
    let mut problems: Vec<ImportProblem> = Vec::new();
    let mut failed_rows = 0usize;
    let mut valid: Vec<ValidRow> = Vec::new();
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    for row in source_rows {
        progress.inc(1);
        match check_row(&row, &villages, &header, call) {
            Checked::Valid { file, fields, village } => {
                let index = call
                    .cipher
                    .blind_index(elder_db::ID_NUMBER_INDEX, file.id_number.as_str());
                if let Some(first) = first_row_of.get(&index) {
                    failed_rows += 1;
                    problems.push(ImportProblem {
                        row: row.number,
                        column: header.name_of(Column::IdNumber),
                        message: format!("与第 {first} 行的身份证号码相同（同一位老人出现两次），本行未导入"),
                    });
                    continue;
                }
                first_row_of.insert(index.clone(), row.number);
                valid.push(ValidRow {
                    number: row.number,
                    index,
                    file,
                    fields: options.update.then_some(fields),
                    village,
                });
            }
            Checked::Failed(found) => {
                failed_rows += 1;
                problems.extend(found);
            }
        }
    }
    drop(first_row_of);
    // The duplicates against the database: one query per 10,000 indexes.
    let indexes: Vec<String> = valid.iter().map(|v| v.index.clone()).collect();
    let registered: HashMap<String, ElderId> = elder_db::ids_by_id_number_indexes(conn, &indexes)?
        .into_iter()
        .collect();
    drop(indexes);
    let mut plans = Vec::with_capacity(valid.len());
    let mut registered_rows = Vec::new();
    let id_column = header.name_of(Column::IdNumber);
    for row in valid {
        match registered.get(&row.index) {
            None => plans.push(Plan::Create(row)),
            Some(id) if options.update => {
                if elder_db::find(conn, &scope, id)?.is_some() {
                    registered_rows.push(ImportProblem {
                        row: row.number,
                        column: id_column.clone(),
                        message: "已建档，按本表更新（自今日起生效）".to_string(),
                    });
                    plans.push(Plan::Update(row, id.clone()));
                } else {
                    failed_rows += 1;
                    problems.push(ImportProblem {
                        row: row.number,
                        column: id_column.clone(),
                        message: "该老人已在您管辖范围以外建档，无法更新".to_string(),
                    });
                }
            }
            Some(_) => registered_rows.push(ImportProblem {
                row: row.number,
                column: id_column.clone(),
                message: "已建档，未导入（如需按本表更新，请选择“更新已建档老人”）".to_string(),
            }),
        }
    }
    problems.sort_by_key(|p| p.row);
    let problems_total = problems.len();
    problems.truncate(MAX_PROBLEMS);
    registered_rows.truncate(MAX_PROBLEMS);
    let write = !options.dry_run && (failed_rows == 0 || options.valid_only);
    let id = Uuid::now_v7().to_string();
    let mut report = ImportReport {
        id: id.clone(),
        layout: layout_name,
        sheet: sheet_name,
        rows: rows_read,
        created: 0,
        updated: 0,
        already_registered: registered.len().min(plans.len() + registered_rows.len()),
        failed_rows,
        written: false,
        dry_run: options.dry_run,
        valid_only: options.valid_only,
        update: options.update,
        unknown_columns: header.unknown.clone(),
        not_imported_columns: header.not_imported.clone(),
        problems,
        problems_total,
        registered_rows,
        summary: String::new(),
    };
    report.already_registered = report.registered_rows.len();

    // The valid rows written in batches, all in one transaction.
    let (created, updated) = if write {
        write_transaction(conn, |conn| write_rows(conn, call, &scope, &plans, progress))?
    } else {
        (0, 0)
    };
    progress.set_position(progress.length().unwrap_or(0));
    report.created = created;
    report.updated = updated;
    report.written = created + updated > 0;
    let creatable = plans.iter().filter(|p| matches!(p, Plan::Create(_))).count();
    report.summary = summary(&report, write, (creatable, plans.len() - creatable));
    let stored = serde_json::to_string(&report).map_err(|e| AppError::Internal(e.to_string()))?;
    write_transaction(conn, |conn| {
        imports::insert(
            conn,
            &ImportRow {
                id: id.clone(),
                area_code: area.as_str().to_string(),
                imported_by: call.actor.label.clone(),
                imported_at: call.now,
                written: report.written,
                report: stored.clone(),
            },
        )?;
        audit::record(
            conn,
            call,
            "elder.import",
            Subject {
                object_type: "elder_import",
                object_id: Some(&id),
                area_code: Some(area.as_str()),
            },
            None,
            None,
            Some(&json!({
                "rows": report.rows, "created": report.created, "updated": report.updated,
                "alreadyRegistered": report.already_registered, "failedRows": report.failed_rows,
                "dryRun": options.dry_run, "validOnly": options.valid_only, "update": options.update,
            })),
        )
    })?;
    Ok(report)
}

/// The report in one sentence. `planned`: the files the valid rows would create and update
/// (what a dry run reports instead of what was written).
fn summary(report: &ImportReport, write: bool, planned: (usize, usize)) -> String {
    let mut s = if report.dry_run {
        format!(
            "共读取 {} 行：可新建档案 {} 份，可更新 {} 份，已建档 {} 行，有问题 {} 行。",
            report.rows, planned.0, planned.1, report.already_registered, report.failed_rows
        )
    } else {
        format!(
            "共读取 {} 行：新建档案 {} 份，更新 {} 份，已建档 {} 行，有问题 {} 行。",
            report.rows, report.created, report.updated, report.already_registered, report.failed_rows
        )
    };
    if report.dry_run {
        s.push_str("这是试导入，未写入任何档案。");
    } else if !write {
        s.push_str("因有问题行，未导入任何档案；请按报告修改后重新导入，或选择“只导入无误的行”。");
    }
    if !report.unknown_columns.is_empty() {
        s.push_str(&format!("未识别的列已忽略：{}。", report.unknown_columns.join("、")));
    }
    s
}

fn write_rows(
    conn: &mut DbConn,
    call: &Call,
    scope: &Scope,
    plans: &[Plan],
    progress: &ProgressBar,
) -> AppResult<(usize, usize)> {
    // The new files' rows (encryption, masking, history entries) are built on a second thread,
    // a batch or two ahead of the writes, so that building one batch overlaps writing the one
    // before (docs/benchmarks.md, `tanfang bench import`).
    std::thread::scope(|threads| {
        let (built, batches) = std::sync::mpsc::sync_channel::<AppResult<Vec<NewFile>>>(2);
        threads.spawn(move || {
            for chunk in plans.chunks(BATCH) {
                let files = chunk
                    .iter()
                    .filter_map(|plan| match plan {
                        Plan::Create(row) => Some(row),
                        Plan::Update(..) => None,
                    })
                    .map(|row| new_file_rows_indexed(&row.file, &ElderId::fresh(), row.index.clone(), call))
                    .collect();
                if built.send(files).is_err() {
                    return; // the writer stopped (an error): nothing more to build
                }
            }
        });
        let (mut created, mut updated) = (0, 0);
        for chunk in plans.chunks(BATCH) {
            let files = batches
                .recv()
                .map_err(|_| AppError::Internal("import: the rows of a batch were not built".into()))??;
            for plan in chunk {
                progress.inc(1);
                if let Plan::Update(row, id) = plan {
                    let current =
                        elder_db::find(conn, scope, id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
                    let mut input = super::elders::stored_input(conn, call, &current)?;
                    if let Some(fields) = &row.fields {
                        fields.apply(&mut input, Some(&row.village));
                    }
                    super::elders::update(conn, call, id, current.version, &input, &Effective::default())?;
                    updated += 1;
                }
            }
            created += files.len();
            audit::record_each(
                conn,
                call,
                "elder.create",
                files.iter().map(|file| elder_subject(&file.rows.elder)),
            )?;
            insert_new_files(conn, files)?;
        }
        Ok((created, updated))
    })
}

/// The stored report of an import, for whoever may write elder files in its area.
pub fn report(conn: &mut DbConn, call: &Call, id: &str) -> AppResult<ImportReport> {
    let scope = call.scope(Permission::ImportElders)?;
    let not_found = AppError::NotFound { what: "导入记录" };
    let row = imports::find(conn, id)?.ok_or(not_found)?;
    let area = AreaCode::parse(&row.area_code).map_err(|e| AppError::Internal(e.to_string()))?;
    if !scope.contains_area(&area) {
        return Err(AppError::NotFound { what: "导入记录" });
    }
    serde_json::from_str(&row.report).map_err(|e| AppError::Internal(format!("import {id}: {e}")))
}

// --- sheets written -------------------------------------------------------------------------

#[allow(clippy::needless_pass_by_value)] // used as `map_err(xlsx_error)`
fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// 导入报告表 — the report as a sheet: the counts, then one line per problem (行号, 列, 原因).
pub fn report_sheet(report: &ImportReport) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("导入报告").map_err(xlsx_error)?;
    sheet.write_with_format(0, 0, "导入报告", &bold).map_err(xlsx_error)?;
    sheet.write(1, 0, report.summary.as_str()).map_err(xlsx_error)?;
    sheet
        .write(2, 0, format!("版式：{}；工作表：{}", report.layout, report.sheet))
        .map_err(xlsx_error)?;
    let mut r = 4u32;
    for (i, title) in ["行号", "列", "类型", "原因"].iter().enumerate() {
        sheet
            .write_with_format(r, u16::try_from(i).unwrap_or(0), *title, &bold)
            .map_err(xlsx_error)?;
    }
    let lines = report
        .problems
        .iter()
        .map(|p| (p, "有误"))
        .chain(report.registered_rows.iter().map(|p| (p, "已建档")));
    for (p, kind) in lines {
        r += 1;
        sheet.write(r, 0, p.row).map_err(xlsx_error)?;
        sheet.write(r, 1, p.column.as_str()).map_err(xlsx_error)?;
        sheet.write(r, 2, kind).map_err(xlsx_error)?;
        sheet.write(r, 3, p.message.as_str()).map_err(xlsx_error)?;
    }
    for col in &report.unknown_columns {
        r += 1;
        sheet.write(r, 1, col.as_str()).map_err(xlsx_error)?;
        sheet.write(r, 2, "未识别的列").map_err(xlsx_error)?;
        sheet.write(r, 3, "列名无法识别，已忽略").map_err(xlsx_error)?;
    }
    sheet.set_column_width(1, 18).map_err(xlsx_error)?;
    sheet.set_column_width(3, 70).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

/// 导入模板 — Tanfang's own empty template for an area: one header row, lists to choose from
/// (性别, 对象类型, 镇（街道）, 村（社区）, 能力程度, 经济状况, 居住情况) on a sheet of options,
/// the ID column as text. For whoever may write elder files in the area.
pub fn template(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<Vec<u8>> {
    use crate::domain::elder::Category;
    use crate::domain::id_number::Sex;
    use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, Workbook};

    let (_, area) = super::areas::area_in_scope(call, Permission::ImportElders, area_code)?;
    refuse_city(&area)?;
    let villages = Villages::load(conn, &area)?;
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let lists: Vec<(Column, Vec<String>)> = vec![
        (Column::Sex, Sex::ALL.iter().map(|s| s.label_zh().to_string()).collect()),
        (
            Column::Categories,
            Category::ALL.iter().map(|c| c.label_zh().to_string()).collect(),
        ),
        (Column::Town, {
            let mut towns: Vec<(&String, &String)> = villages.towns.iter().collect();
            towns.sort();
            towns.into_iter().map(|(_, n)| n.clone()).collect()
        }),
        (Column::Village, villages.rows.iter().map(|v| v.name.clone()).collect()),
        (
            Column::Ability,
            AbilityLevel::ALL.iter().map(|a| a.label_zh().to_string()).collect(),
        ),
        (
            Column::Economic,
            EconomicStatus::ALL.iter().map(|a| a.label_zh().to_string()).collect(),
        ),
        (
            Column::Living,
            LivingArrangement::ALL
                .iter()
                .map(|a| a.label_zh().to_string())
                .collect(),
        ),
    ];
    let sheet = book.add_worksheet();
    sheet.set_name("老人名单").map_err(xlsx_error)?;
    const LAST_ROW: u32 = 100_000;
    for (i, (column, note)) in TEMPLATE_COLUMNS.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_with_format(0, col, template_header(*column, note), &bold)
            .map_err(xlsx_error)?;
        sheet.set_column_width(col, 16).map_err(xlsx_error)?;
        match column {
            Column::IdNumber | Column::Phone | Column::ContactPhone | Column::DisabilityNo => {
                sheet.set_column_format(col, &text).map_err(xlsx_error)?;
                sheet.set_column_width(col, 22).map_err(xlsx_error)?;
            }
            Column::RegisteredOn => {
                sheet.set_column_format(col, &date).map_err(xlsx_error)?;
            }
            _ => {}
        }
        if let Some(k) = lists.iter().position(|(c, _)| c == column) {
            let options = lists.get(k).map_or(0, |(_, v)| v.len()).max(1);
            let letter = char::from(b'A' + u8::try_from(k).unwrap_or(0));
            let formula = format!("=选项!${letter}$2:${letter}${}", options + 1);
            let mut validation = DataValidation::new()
                .allow_list_formula(formula.as_str().into())
                .set_input_title(column.label_zh())
                .map_err(xlsx_error)?;
            if !note.is_empty() {
                validation = validation.set_input_message(*note).map_err(xlsx_error)?;
            }
            // 对象类型 may hold several: a warning, not a refusal.
            if *column == Column::Categories {
                validation = validation.set_error_style(DataValidationErrorStyle::Information);
            }
            sheet
                .add_data_validation(1, col, LAST_ROW, col, &validation)
                .map_err(xlsx_error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    let options = book.add_worksheet();
    options.set_name("选项").map_err(xlsx_error)?;
    for (k, (column, values)) in lists.iter().enumerate() {
        let col = u16::try_from(k).unwrap_or(0);
        options.write(0, col, column.label_zh()).map_err(xlsx_error)?;
        for (r, v) in values.iter().enumerate() {
            options
                .write(u32::try_from(r + 1).unwrap_or(0), col, v.as_str())
                .map_err(xlsx_error)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sweep of a sheet's bytes finds the formula cells and merged areas calamine's own
    /// parses find: in a header merged over two rows, a village merged down four data rows, a
    /// formula with its value, a formula with none, on a second sheet whose name needs escaping.
    #[test]
    fn the_sweep_finds_what_calamine_finds() {
        use rust_xlsxwriter::{Format, Formula, Workbook};
        let mut book = Workbook::new();
        book.add_worksheet().set_name("说明").expect("name");
        let sheet = book.add_worksheet();
        sheet.set_name("老人 & 名单").expect("name");
        let f = Format::new();
        sheet.merge_range(0, 0, 1, 0, "姓名", &f).expect("merge");
        sheet.merge_range(2, 3, 5, 3, "一村", &f).expect("merge");
        sheet.write(2, 0, "张三").expect("cell");
        sheet
            .write_formula(3, 2, Formula::new("=\"138\"&\"0000\"").set_result("1380000"))
            .expect("formula");
        sheet.write_formula(40_000, 27, "=1+1").expect("formula");
        let bytes = book.save_to_buffer().expect("xlsx");

        let mut workbook = open_workbook(&bytes).expect("opens");
        let mut parts = Parts::open(&bytes).expect("parts");
        for name in ["说明", "老人 & 名单"] {
            let swept = parts.marks(name).expect("swept");
            let formulas = workbook.worksheet_formula(name).expect("formulas");
            let mut merges = workbook.worksheet_merge_cells(name).expect("merges").expect("read");
            let mut swept_merges = swept.merges.clone();
            merges.sort_by_key(|d| (d.start, d.end));
            swept_merges.sort_by_key(|d| (d.start, d.end));
            assert_eq!(swept_merges, merges, "{name}");
            assert_eq!(swept.formulas, formula_cells(&formulas), "{name}");
        }
        let swept = parts.marks("老人 & 名单").expect("swept");
        assert_eq!(swept.merges.len(), 2);
        assert_eq!(swept.formulas.get(&3), Some(&vec![2]));
        assert_eq!(swept.formulas.get(&40_000), Some(&vec![27]));
    }
}
