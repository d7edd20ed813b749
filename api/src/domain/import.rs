//! 导入 — bringing an office's elder sheet (.xlsx) in: where its header is, which column holds
//! what, and each row as the fields of an elder file ([`ImportedFields`]), which the service
//! lays over a new file or the stored one and checks with [`super::elder::ElderFile::parse`]
//! (the one validation of an elder file).
//!
//! The layouts read (the seeds' forms):
//! - yubei 附件1 《渝北区特殊困难老年人关爱服务信息台帐》: a two-row header (序号 姓名 性别 常住地址
//!   身份证号码 电话 亲属情况{姓名 亲属关系 电话} 对象类型 责任主体{责任镇街 责任村（社区） 责任人
//!   责任人电话} 上门探访次数 解决问题数量) under a title and a 填表单位 line;
//! - yubei 附件2 《渝北区特殊困难老年人信息登记表》 and linzi 附件1 《临淄区特殊关爱群体老年人信息采集表》
//!   (which linzi's text calls the 台账: "在此基础上填写特殊老年人基本信息台账（见附件 1）"): one
//!   form per elder, a label with its value to the right; read one form per sheet;
//! - Tanfang's own template ([`TEMPLATE_COLUMNS`]), a one-row header.
//!
//! Columns are matched by their header text, never by position; a column whose header is not
//! known is reported and ignored.

use chrono::NaiveDate;

use super::elder::{AbilityLevel, Category, EconomicStatus, ElderFileInput, EmergencyContactInput, LivingArrangement};
use super::id_number::Sex;

/// One cell as read from the workbook.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date (Excel keeps a day number).
    Date(NaiveDate),
    Bool(bool),
    /// `#N/A`, `#REF!` …
    Error(String),
    /// A formula: its value is not taken (it may be a stale cached result or none at all).
    Formula,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty() || t.trim() == "\u{3000}",
            _ => false,
        }
    }

    /// The cell as text: numbers without a trailing `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty | Cell::Formula => String::new(),
            Cell::Text(t) => t.trim().trim_matches('\u{3000}').trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A header text reduced to compare: no white space of any width, ASCII brackets.
pub fn normalize_header(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '*' && *c != '＊')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// 列 — what a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Name,
    Sex,
    BirthDate,
    IdNumber,
    Phone,
    Residence,
    HouseholdAddress,
    Town,
    Village,
    Categories,
    Ability,
    Economic,
    Living,
    Disease,
    DisabilityNo,
    DisabilityGrade,
    ContactName,
    ContactRelation,
    ContactPhone,
    RegisteredOn,
    ChildrenAwayLocation,
    ChildrenAwaySince,
    ChildrenPlannedReturn,
    /// Known and deliberately not imported (序号, 责任人, 上门探访次数 …): see [`NOT_IMPORTED`].
    NotImported,
}

impl Column {
    /// The column's name in the report when the sheet's own header is not at hand.
    pub fn label_zh(self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::Sex => "性别",
            Column::BirthDate => "出生日期",
            Column::IdNumber => "身份证号码",
            Column::Phone => "联系电话",
            Column::Residence => "居住地址",
            Column::HouseholdAddress => "户籍地址",
            Column::Town => "镇（街道）",
            Column::Village => "村（社区）",
            Column::Categories => "对象类型",
            Column::Ability => "能力程度",
            Column::Economic => "经济状况",
            Column::Living => "居住情况",
            Column::Disease => "疾病史",
            Column::DisabilityNo => "残疾证号",
            Column::DisabilityGrade => "残疾等级",
            Column::ContactName => "紧急联系人",
            Column::ContactRelation => "与老人关系",
            Column::ContactPhone => "紧急联系人电话",
            Column::RegisteredOn => "建档日期",
            Column::ChildrenAwayLocation => "外出地点",
            Column::ChildrenAwaySince => "外出时间",
            Column::ChildrenPlannedReturn => "计划返回时间",
            Column::NotImported => "",
        }
    }
}

/// Header texts (normalized) and the column each names. Variants seen in the seeds' forms and
/// in offices' sheets.
const HEADERS: &[(&str, Column)] = &[
    ("姓名", Column::Name),
    ("老人姓名", Column::Name),
    ("性别", Column::Sex),
    ("出生日期", Column::BirthDate),
    ("出生年月", Column::BirthDate),
    ("身份证号", Column::IdNumber),
    ("身份证号码", Column::IdNumber),
    ("居民身份证号码", Column::IdNumber),
    ("公民身份号码", Column::IdNumber),
    ("电话", Column::Phone),
    ("联系电话", Column::Phone),
    ("手机号", Column::Phone),
    ("手机号码", Column::Phone),
    ("联系方式", Column::Phone),
    ("常住地址", Column::Residence),
    ("居住地址", Column::Residence),
    ("现居住地址", Column::Residence),
    ("家庭住址", Column::Residence),
    ("具体住址", Column::Residence),
    ("户籍地址", Column::HouseholdAddress),
    ("责任镇街", Column::Town),
    ("镇街", Column::Town),
    ("镇(街道)", Column::Town),
    ("乡镇(街道)", Column::Town),
    ("所在镇街", Column::Town),
    ("责任村(社区)", Column::Village),
    ("村(社区)", Column::Village),
    ("村(居)", Column::Village),
    ("所在村(社区)", Column::Village),
    ("村社区", Column::Village),
    ("对象类型", Column::Categories),
    ("对象类别", Column::Categories),
    ("人员类别", Column::Categories),
    ("身份类别", Column::Categories),
    ("能力程度", Column::Ability),
    ("经济状况", Column::Economic),
    ("经济情况", Column::Economic),
    ("居住情况", Column::Living),
    ("疾病史", Column::Disease),
    ("曾患病史", Column::Disease),
    ("患病种类", Column::Disease),
    ("残疾证号", Column::DisabilityNo),
    ("残疾等级", Column::DisabilityGrade),
    ("紧急联系人", Column::ContactName),
    ("紧急联系人姓名", Column::ContactName),
    ("亲属姓名", Column::ContactName),
    ("亲属关系", Column::ContactRelation),
    ("与老人关系", Column::ContactRelation),
    ("与本人关系", Column::ContactRelation),
    ("紧急联系人关系", Column::ContactRelation),
    ("紧急联系人电话", Column::ContactPhone),
    ("亲属电话", Column::ContactPhone),
    ("建档日期", Column::RegisteredOn),
    ("外出地点", Column::ChildrenAwayLocation),
    ("外出时间", Column::ChildrenAwaySince),
    ("计划返回时间", Column::ChildrenPlannedReturn),
];

/// Headers known and not imported. Decision: 序号 is the sheet's own numbering; the 责任人 and
/// 责任人电话 of yubei's 台帐 are a pairing in Tanfang (made by the town, not by a sheet); the
/// 上门探访次数 and 解决问题数量 are the period's figures, which Tanfang counts from its visit
/// records. They are named in the report as read and not imported.
pub const NOT_IMPORTED: &[&str] = &[
    "序号",
    "责任人",
    "责任人电话",
    "上门探访次数",
    "解决问题数量",
    "责任主体",
];

/// Group headers over sub-headers (a merged cell over two or more columns): the sub-header
/// under the group decides. yubei's 亲属情况{姓名 亲属关系 电话}.
fn grouped(group: &str, sub: &str) -> Option<Column> {
    // Decision: the columns of another person than the elder and the relative — linzi's
    // 帮扶联系人 {姓名 联系电话 身份} and 共同居住人 {姓名 与本人关系} — are read and not
    // imported (a pairing and household members are recorded in Tanfang); read alone, their
    // 联系电话 would be taken for the elder's own phone.
    if matches!(group, "帮扶联系人" | "共同居住人") {
        return Some(Column::NotImported);
    }
    let relative = matches!(group, "亲属情况" | "紧急联系人" | "主要赡养人" | "亲属");
    match (relative, sub) {
        (true, "姓名") => Some(Column::ContactName),
        (true, "亲属关系" | "关系" | "与老人关系" | "与本人关系") => Some(Column::ContactRelation),
        (true, "电话" | "联系电话" | "手机号" | "手机号码") => Some(Column::ContactPhone),
        _ => None,
    }
}

/// The column a (normalized) header names, [`Column::NotImported`] for those read and left.
pub fn column_of(header: &str) -> Option<Column> {
    let header = header.trim_end_matches(':').trim_end_matches('：');
    // The template's headers carry a hint in brackets: 对象类型(可多选，用、分隔).
    let base = header.split_once("(可").map_or(header, |(b, _)| b);
    HEADERS
        .iter()
        .find(|(text, _)| *text == base)
        .map(|(_, c)| *c)
        .or_else(|| NOT_IMPORTED.contains(&base).then_some(Column::NotImported))
}

/// Where the columns are: the header's rows and each column's meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the last header row: data starts on the next row.
    pub last_row: usize,
    /// (0-based column, what it holds, the header as written).
    pub columns: Vec<(usize, Column, String)>,
    /// Headers not known, as written (reported, ignored).
    pub unknown: Vec<String>,
    /// Headers known and not imported.
    pub not_imported: Vec<String>,
}

impl Header {
    pub fn has(&self, column: Column) -> bool {
        self.columns.iter().any(|(_, c, _)| *c == column)
    }

    /// The header as written of `column`, or its usual name.
    pub fn name_of(&self, column: Column) -> String {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == column)
            .map_or_else(|| column.label_zh().to_string(), |(_, _, h)| h.clone())
    }
}

/// How many of the first rows are searched for the header (titles, 填表单位 lines, blanks).
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header among the first [`HEADER_SEARCH_ROWS`] rows: the first row naming at least
/// three known columns, and the row under it when it holds sub-headers of a merged group
/// (yubei's 亲属情况 and 责任主体). `None` when no row looks like a header.
pub fn find_header(rows: &[Vec<Cell>]) -> Option<Header> {
    let score = |row: &Vec<Cell>| {
        row.iter()
            .filter(|c| column_of(&normalize_header(&c.text())).is_some_and(|c| c != Column::NotImported))
            .count()
    };
    // The first row naming three known columns is the header's top (the sub-header row of a
    // merged header may name more, and is read as the second row).
    let index = rows.iter().take(HEADER_SEARCH_ROWS).position(|r| score(r) >= 3)?;
    let top = rows.get(index)?;
    let sub = rows.get(index + 1);
    let sub_text = |col: usize| {
        sub.and_then(|r| r.get(col))
            .map(|c| normalize_header(&c.text()))
            .unwrap_or_default()
    };
    let width = top.len().max(sub.map_or(0, Vec::len));
    let has_sub_row = (0..width).any(|col| {
        let s = sub_text(col);
        !s.is_empty() && (column_of(&s).is_some() || grouped("亲属情况", &s).is_some())
    }) && (0..width).all(|col| {
        // A sub-header row holds header texts only: no ID numbers or dates.
        let s = sub_text(col);
        s.is_empty() || !s.chars().any(|c| c.is_ascii_digit())
    });
    let mut header = Header {
        last_row: if has_sub_row { index + 1 } else { index },
        columns: Vec::new(),
        unknown: Vec::new(),
        not_imported: Vec::new(),
    };
    let mut group = String::new();
    for col in 0..width {
        let written = top.get(col).map(Cell::text).unwrap_or_default();
        let top_text = normalize_header(&written);
        if !top_text.is_empty() {
            group = top_text.clone();
        }
        let below = if has_sub_row { sub_text(col) } else { String::new() };
        let (text, shown, column) = if below.is_empty() {
            if top_text.is_empty() {
                continue;
            }
            (top_text.clone(), written.trim().to_string(), column_of(&top_text))
        } else {
            let shown = sub.and_then(|r| r.get(col)).map(Cell::text).unwrap_or_default();
            let column = grouped(&group, &below).or_else(|| column_of(&below));
            // A header merged down over both rows reads the same in each.
            let shown = if below == top_text {
                shown.trim().to_string()
            } else {
                format!("{group}·{}", shown.trim())
            };
            (below.clone(), shown, column)
        };
        match column {
            Some(Column::NotImported) => header.not_imported.push(shown),
            Some(column) if header.has(column) => header.unknown.push(format!("{shown}（重复的列）")),
            Some(column) => header.columns.push((col, column, shown)),
            None if text == group && has_sub_row && !below.is_empty() => header.unknown.push(shown),
            None => {
                // A group header over known sub-headers is not a column of its own.
                let is_group = has_sub_row && below.is_empty() && (col + 1..width).any(|c| !sub_text(c).is_empty());
                if !(is_group && grouped(&text, "姓名").is_some()) {
                    header.unknown.push(shown);
                }
            }
        }
    }
    Some(header)
}

/// Form labels (normalized) of the registration forms, the column each fills.
const FORM_LABELS: &[(&str, Column)] = &[
    ("姓名", Column::Name),
    ("性别", Column::Sex),
    ("出生年月", Column::BirthDate),
    ("出生日期", Column::BirthDate),
    ("居民身份证号码", Column::IdNumber),
    ("身份证号码", Column::IdNumber),
    ("身份证号", Column::IdNumber),
    ("联系电话", Column::Phone),
    ("居住地址", Column::Residence),
    ("家庭住址", Column::Residence),
    ("户籍地址", Column::HouseholdAddress),
    ("紧急联系人", Column::ContactName),
    ("建档日期", Column::RegisteredOn),
    ("对象类别", Column::Categories),
    ("外出地点", Column::ChildrenAwayLocation),
    ("外出时间", Column::ChildrenAwaySince),
    ("计划返回时间", Column::ChildrenPlannedReturn),
];

/// One registration form on a sheet (yubei 附件2, linzi 附件1): each label's value is the next
/// filled cell to its right; the first occurrence of a label counts (the family table of
/// yubei's form repeats 姓名 below). The phone after 紧急联系人 on the same row is the
/// contact's. `None` unless the sheet holds at least 姓名 and an ID label.
pub fn read_form(rows: &[Vec<Cell>]) -> Option<Vec<(Column, String, usize)>> {
    let mut found: Vec<(Column, String, usize)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut contact_row = false;
        for (c, cell) in row.iter().enumerate() {
            let label = normalize_header(&cell.text());
            let label = label.trim_end_matches(['：', ':']);
            let Some(mut column) = FORM_LABELS.iter().find(|(l, _)| *l == label).map(|(_, c)| *c) else {
                continue;
            };
            if column == Column::ContactName {
                contact_row = true;
            } else if contact_row && column == Column::Phone {
                column = Column::ContactPhone;
            }
            if found.iter().any(|(k, _, _)| *k == column) {
                continue;
            }
            let value = row.iter().skip(c + 1).find(|v| {
                let t = normalize_header(&v.text());
                !v.is_empty() && !FORM_LABELS.iter().any(|(l, _)| t.trim_end_matches(['：', ':']) == *l)
            });
            if let Some(value) = value {
                found.push((column, value.text(), r));
            }
        }
    }
    let has = |col: Column| found.iter().any(|(k, _, _)| *k == col);
    (has(Column::Name) && has(Column::IdNumber)).then_some(found)
}

/// The categories in a cell: labels separated by 、，,；; / or spaces, as the seeds name them
/// (yubei: 独居、空巢、农村留守、计生对象、失能、重度残疾老年人、其他关爱对象), and ticked boxes
/// (☑/■/√ before a label) of a form. `Err` with the words not understood.
pub fn parse_categories(text: &str) -> Result<Vec<Category>, String> {
    let ticked: Vec<String> = if text.contains(['☑', '■', '√', '✔', '☒']) {
        text.split(['□', '☑', '■', '√', '✔', '☒'])
            .skip(1)
            .zip(
                text.match_indices(['□', '☑', '■', '√', '✔', '☒'])
                    .map(|(_, m)| m != "□"),
            )
            .filter(|(_, on)| *on)
            .map(|(t, _)| t.trim().to_string())
            .collect()
    } else {
        text.split(['、', '，', ',', '；', ';', '/', ' ', '\u{3000}', '\n'])
            .map(str::to_string)
            .collect()
    };
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for word in ticked.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        match category_of(word) {
            Some(c) if !found.contains(&c) => found.push(c),
            Some(_) => {}
            None => unknown.push(word.to_string()),
        }
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(unknown.join("、"))
    }
}

fn category_of(word: &str) -> Option<Category> {
    let word = word.split(['(', '（']).next().unwrap_or(word).trim();
    let stem = word
        .trim_end_matches("老年人")
        .trim_end_matches("老人")
        .trim_end_matches("对象");
    let by_label = |w: &str| Category::ALL.iter().copied().find(|c| c.label_zh() == w);
    by_label(word).or_else(|| by_label(stem)).or(match stem {
        "留守" | "农村留守" => Some(Category::RuralLeftBehind),
        "计生" | "计划生育特殊家庭" => Some(Category::FamilyPlanningSpecial),
        "重度残疾" | "重残" => Some(Category::SeverelyHandicapped),
        "其他关爱" => Some(Category::Other),
        "特困" | "分散供养特困人员" => Some(Category::DispersedSpecialHardship),
        _ => None,
    })
}

/// A date in a cell: a date cell, or text typed as `2026-01-05`, `2026/1/5`, `2026.1.5`,
/// `2026年1月5日` or `20260105`.
pub fn parse_date(cell: &Cell) -> Result<NaiveDate, String> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) if n.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(n) => {
            parse_date_text(&format!("{n:.0}"))
        }
        // An Excel day number in a cell not formatted as a date.
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=80_000.0).contains(n) => NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|base| base.checked_add_signed(chrono::TimeDelta::days(*n as i64)))
            .ok_or_else(|| "日期无法识别".to_string()),
        other => parse_date_text(&other.text()),
    }
}

fn parse_date_text(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let bad = || format!("日期“{t}”无法识别，请写成 2026-01-05、2026/1/5、2026年1月5日 或 20260105");
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").map_err(|_| bad());
    }
    let parts: Vec<&str> = t
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |i: usize| parts.get(i).and_then(|p| p.trim().parse::<u32>().ok());
    match (parts.len(), number(0), number(1), number(2)) {
        (3, Some(y), Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| bad())?, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// A year and month (出生年月 1950年3月, 1950-03, 1950.3) or a full date; `(year, month, day)`.
fn parse_year_month(cell: &Cell) -> Result<(i32, u32, Option<u32>), String> {
    if let Ok(d) = parse_date(cell) {
        use chrono::Datelike;
        return Ok((d.year(), d.month(), Some(d.day())));
    }
    let t = cell.text();
    let parts: Vec<&str> = t.trim_end_matches('月').split(['-', '/', '.', '年']).collect();
    match (
        parts.first().and_then(|y| y.parse().ok()),
        parts.get(1).and_then(|m| m.parse().ok()),
    ) {
        (Some(y), Some(m)) if parts.len() == 2 && (1..=12).contains(&m) => Ok((y, m, None)),
        _ => Err("出生年月无法识别，请写成 1950-03-08 或 1950年3月".to_string()),
    }
}

/// A problem with one cell: its column and the reason (Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub column: Column,
    pub message: String,
}

/// What one row says, parsed cell by cell; `None`: the sheet has no such column or the cell is
/// blank (the file's value stays as it is).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedFields {
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// A year and month only (出生年月): checked against the ID number by the caller.
    pub birth_month: Option<(i32, u32)>,
    pub phone: Option<String>,
    pub residence: Option<String>,
    pub household_address: Option<String>,
    pub town: Option<String>,
    pub village: Option<String>,
    pub categories: Option<Vec<Category>>,
    pub ability: Option<AbilityLevel>,
    pub economic: Option<EconomicStatus>,
    pub living: Option<LivingArrangement>,
    pub disease: Option<String>,
    pub disability_no: Option<String>,
    pub disability_grade: Option<i32>,
    pub contact_name: Option<String>,
    pub contact_relation: Option<String>,
    pub contact_phone: Option<String>,
    pub registered_on: Option<NaiveDate>,
    pub children_away_location: Option<String>,
    pub children_away_since: Option<NaiveDate>,
    pub children_planned_return: Option<NaiveDate>,
}

fn labelled<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str, text: &str) -> Option<T> {
    let text = text.trim_end_matches("老年人");
    all.iter().copied().find(|v| label(*v) == text)
}

impl ImportedFields {
    /// Parses the cells of one row; every problem is returned with its column.
    pub fn parse(cells: &[(Column, &Cell)]) -> (ImportedFields, Vec<CellProblem>) {
        let mut f = ImportedFields::default();
        let mut problems = Vec::new();
        let mut problem = |column, message: String| problems.push(CellProblem { column, message });
        for (column, cell) in cells {
            let column = *column;
            match cell {
                Cell::Formula => {
                    problem(
                        column,
                        "单元格是公式，请复制后“选择性粘贴为数值”再导入 (a formula, not a value)".into(),
                    );
                    continue;
                }
                Cell::Error(e) => {
                    problem(column, format!("单元格为错误值 {e}"));
                    continue;
                }
                _ if cell.is_empty() => continue,
                _ => {}
            }
            let text = cell.text();
            match column {
                Column::Name => f.name = Some(text),
                Column::IdNumber => match cell {
                    Cell::Number(_) => problem(
                        column,
                        "身份证号码被存成了数字，末几位已丢失；请将该列设为“文本”后重新填写".into(),
                    ),
                    _ => f.id_number = Some(text.to_uppercase()),
                },
                Column::Sex => match labelled(Sex::ALL, Sex::label_zh, text.trim_end_matches('性')) {
                    Some(s) => f.sex = Some(s),
                    None => problem(column, format!("性别“{text}”应为“男”或“女”")),
                },
                Column::BirthDate => match parse_year_month(cell) {
                    Ok((y, m, Some(d))) => match NaiveDate::from_ymd_opt(y, m, d) {
                        Some(date) => f.birth_date = Some(date),
                        None => problem(column, format!("出生日期“{text}”不是有效日期")),
                    },
                    Ok((y, m, None)) => f.birth_month = Some((y, m)),
                    Err(e) => problem(column, e),
                },
                Column::Phone => f.phone = Some(text),
                Column::Residence => f.residence = Some(text),
                Column::HouseholdAddress => f.household_address = Some(text),
                Column::Town => f.town = Some(text),
                Column::Village => f.village = Some(text),
                Column::Categories => match parse_categories(&text) {
                    Ok(c) => f.categories = Some(c),
                    Err(words) => problem(
                        column,
                        format!("对象类型“{words}”无法识别，可填：独居、空巢、农村留守、计生对象、失能、重度残疾老年人、其他关爱对象"),
                    ),
                },
                Column::Ability => match labelled(AbilityLevel::ALL, AbilityLevel::label_zh, &text) {
                    Some(a) => f.ability = Some(a),
                    None => problem(column, format!("能力程度“{text}”应为：能力完好、轻度失能、中度失能、重度失能、完全失能")),
                },
                Column::Economic => match labelled(EconomicStatus::ALL, EconomicStatus::label_zh, text.trim_end_matches("对象")) {
                    Some(e) => f.economic = Some(e),
                    None => problem(column, format!("经济状况“{text}”应为：一般、特困人员、低保、低保边缘")),
                },
                Column::Living => match labelled(LivingArrangement::ALL, LivingArrangement::label_zh, &text) {
                    Some(l) => f.living = Some(l),
                    None => problem(column, format!("居住情况“{text}”应为：独居、与配偶同住、与残疾子女同住、与照料人同住、与其他家人同住")),
                },
                Column::Disease => f.disease = Some(text),
                Column::DisabilityNo => f.disability_no = Some(text),
                Column::DisabilityGrade => {
                    let digits = text.trim_end_matches('级').replace(['一', '二', '三', '四'], "").to_string();
                    let grade = match text.trim_end_matches('级') {
                        "一" => Some(1),
                        "二" => Some(2),
                        "三" => Some(3),
                        "四" => Some(4),
                        _ => digits.parse().ok(),
                    };
                    match grade {
                        Some(g) => f.disability_grade = Some(g),
                        None => problem(column, format!("残疾等级“{text}”应为 1 到 4 级")),
                    }
                }
                Column::ContactName => f.contact_name = Some(text),
                Column::ContactRelation => f.contact_relation = Some(text),
                Column::ContactPhone => f.contact_phone = Some(text),
                Column::RegisteredOn | Column::ChildrenAwaySince | Column::ChildrenPlannedReturn => {
                    match parse_date(cell) {
                        Ok(d) if column == Column::RegisteredOn => f.registered_on = Some(d),
                        Ok(d) if column == Column::ChildrenAwaySince => f.children_away_since = Some(d),
                        Ok(d) => f.children_planned_return = Some(d),
                        Err(e) => problem(column, e),
                    }
                }
                Column::ChildrenAwayLocation => f.children_away_location = Some(text),
                Column::NotImported => {}
            }
        }
        (f, problems)
    }

    /// Lays what the row says over `input` (a new file's defaults or the stored file), with
    /// `village_code` the village the row was placed in.
    pub fn apply(&self, input: &mut ElderFileInput, village_code: Option<&str>) {
        let set = |target: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                target.clone_from(v);
            }
        };
        set(&mut input.name, &self.name);
        set(&mut input.id_number, &self.id_number);
        if let Some(code) = village_code {
            input.village_code = code.to_string();
        }
        set(&mut input.residence_address, &self.residence);
        let some = |target: &mut Option<String>, v: &Option<String>| {
            if v.is_some() {
                target.clone_from(v);
            }
        };
        some(&mut input.phone, &self.phone);
        some(&mut input.household_address, &self.household_address);
        some(&mut input.disease_history, &self.disease);
        some(&mut input.disability_certificate_no, &self.disability_no);
        some(&mut input.children_away_location, &self.children_away_location);
        if self.sex.is_some() {
            input.sex = self.sex;
        }
        if self.birth_date.is_some() {
            input.birth_date = self.birth_date;
        }
        if self.disability_grade.is_some() {
            input.disability_grade = self.disability_grade;
        }
        if let Some(c) = &self.categories {
            input.categories = Some(c.clone());
        }
        if let Some(a) = self.ability {
            input.ability_level = a;
        }
        if let Some(e) = self.economic {
            input.economic_status = e;
        }
        if let Some(l) = self.living {
            input.living_arrangement = l;
        }
        if self.registered_on.is_some() {
            input.consent_recorded_on = self.registered_on;
        }
        if self.children_away_since.is_some() {
            input.children_away_since = self.children_away_since;
        }
        if self.children_planned_return.is_some() {
            input.children_planned_return = self.children_planned_return;
        }
        // 亲属情况: a relative with a phone is the first emergency contact. Decision: without a
        // phone the relative cannot be called and is not recorded as a contact.
        if let (Some(name), Some(phone)) = (&self.contact_name, &self.contact_phone) {
            let contact = EmergencyContactInput {
                name: name.clone(),
                relation: self.contact_relation.clone().unwrap_or_else(|| "亲属".to_string()),
                phone: phone.clone(),
            };
            let mut contacts = input.emergency_contacts.clone().unwrap_or_default();
            contacts.retain(|c| c.phone != contact.phone && c.name != contact.name);
            contacts.insert(0, contact);
            input.emergency_contacts = Some(contacts);
        }
    }
}

/// The columns of Tanfang's own import template, in order, with a note on each.
pub const TEMPLATE_COLUMNS: &[(Column, &str)] = &[
    (Column::Name, "必填"),
    (Column::IdNumber, "必填，18 位，请设为文本"),
    (Column::Sex, "男/女，可不填（以身份证号为准）"),
    (Column::Phone, "手机或座机"),
    (Column::Town, "从列表选择"),
    (Column::Village, "从列表选择，必填"),
    (Column::Residence, "必填"),
    (Column::HouseholdAddress, ""),
    (Column::Categories, "可多选，用、分隔"),
    (Column::Ability, "从列表选择"),
    (Column::Economic, "从列表选择"),
    (Column::Living, "从列表选择"),
    (Column::Disease, ""),
    (Column::DisabilityNo, ""),
    (Column::DisabilityGrade, "1–4"),
    (Column::ContactName, ""),
    (Column::ContactRelation, ""),
    (Column::ContactPhone, ""),
    (Column::RegisteredOn, "如 2026-01-05"),
];

/// The template's header text of a column (its label; 对象类型 carries its hint so that it
/// reads back to the same column).
pub fn template_header(column: Column, note: &str) -> String {
    if column == Column::Categories {
        format!("{}（{note}）", column.label_zh())
    } else {
        column.label_zh().to_string()
    }
}

/// The field of [`ElderFileInput`] (as named by [`super::input::InvalidInput`]) and the column
/// that fed it.
pub fn column_of_field(field: &str) -> Option<Column> {
    let head = field.split(['[', '.']).next().unwrap_or(field);
    Some(match head {
        "name" => Column::Name,
        "idNumber" => Column::IdNumber,
        "sex" => Column::Sex,
        "birthDate" => Column::BirthDate,
        "phone" => Column::Phone,
        "villageCode" => Column::Village,
        "residenceAddress" => Column::Residence,
        "householdAddress" => Column::HouseholdAddress,
        "categories" => Column::Categories,
        "diseaseHistory" => Column::Disease,
        "disabilityCertificateNo" => Column::DisabilityNo,
        "disabilityGrade" => Column::DisabilityGrade,
        "emergencyContacts" if field.ends_with("phone") => Column::ContactPhone,
        "emergencyContacts" if field.ends_with("relation") => Column::ContactRelation,
        "emergencyContacts" => Column::ContactName,
        "consentRecordedOn" => Column::RegisteredOn,
        "childrenAwayLocation" => Column::ChildrenAwayLocation,
        "childrenAwaySince" => Column::ChildrenAwaySince,
        "childrenPlannedReturn" => Column::ChildrenPlannedReturn,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn dates_typed_as_text_in_the_common_ways() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5);
        for typed in ["2026-01-05", "2026/1/5", "2026年1月5日", "20260105", "2026.1.5"] {
            assert_eq!(parse_date(&t(typed)).ok(), day, "{typed}");
        }
        assert_eq!(parse_date(&Cell::Number(20_260_105.0)).ok(), day);
        assert_eq!(parse_date(&Cell::Number(46_027.0)).ok(), day);
        assert!(parse_date(&t("2026-02-30")).is_err());
        assert!(parse_date(&t("去年")).is_err());
    }

    #[test]
    fn a_helpers_phone_in_linzis_ledger_is_not_the_elders() {
        let row = |cells: &[&str]| cells.iter().map(|c| t(c)).collect::<Vec<_>>();
        // linzi 附件1 as Tanfang exports it (`linzi-1`): the 采集表's fields as columns.
        let rows = vec![
            row(&["临淄区特殊关爱群体老年人信息采集表"]),
            row(&[
                "镇（街道）",
                "姓名",
                "性别",
                "身份证号码",
                "共同居住人",
                "",
                "主要赡养人",
                "",
                "帮扶联系人",
                "",
                "",
            ]),
            row(&[
                "",
                "",
                "",
                "",
                "姓名",
                "与本人关系",
                "姓名",
                "联系电话",
                "姓名",
                "联系电话",
                "身份",
            ]),
        ];
        let header = find_header(&rows).expect("a header");
        let cols: Vec<(usize, Column)> = header.columns.iter().map(|(i, c, _)| (*i, *c)).collect();
        assert_eq!(
            cols,
            vec![
                (0, Column::Town),
                (1, Column::Name),
                (2, Column::Sex),
                (3, Column::IdNumber),
                (6, Column::ContactName),
                (7, Column::ContactPhone),
            ]
        );
        assert!(!header.has(Column::Phone));
        assert!(
            header.not_imported.iter().any(|h| h == "帮扶联系人·联系电话"),
            "{:?}",
            header.not_imported
        );
        assert!(header.unknown.is_empty(), "{:?}", header.unknown);
    }

    #[test]
    fn yubei_two_row_header_under_a_title() {
        let row = |cells: &[&str]| cells.iter().map(|c| t(c)).collect::<Vec<_>>();
        let rows = vec![
            row(&["渝北区特殊困难老年人关爱服务信息台帐"]),
            row(&[]),
            row(&["填表单位：（盖章）  主要领导审核：      填报人：        填表日期："]),
            row(&[
                "序号",
                "姓名",
                "性别",
                "常住地址　",
                "身份证号码",
                "电话",
                "亲属情况",
                "",
                "",
                "对象 类型",
                "责任主体",
                "",
                "",
                "",
                "上门探访次数",
                "解决问题数量",
                "备注栏",
            ]),
            row(&[
                "",
                "",
                "",
                "",
                "",
                "",
                "姓名",
                "亲属 关系",
                "电话",
                "",
                "责任镇街",
                "责任村   （社区）",
                "责任人",
                "责任人电话",
            ]),
        ];
        let header = find_header(&rows).expect("a header");
        assert_eq!(header.last_row, 4);
        let cols: Vec<(usize, Column)> = header.columns.iter().map(|(i, c, _)| (*i, *c)).collect();
        assert_eq!(
            cols,
            vec![
                (1, Column::Name),
                (2, Column::Sex),
                (3, Column::Residence),
                (4, Column::IdNumber),
                (5, Column::Phone),
                (6, Column::ContactName),
                (7, Column::ContactRelation),
                (8, Column::ContactPhone),
                (9, Column::Categories),
                (10, Column::Town),
                (11, Column::Village),
            ]
        );
        assert_eq!(header.unknown, vec!["备注栏".to_string()]);
        assert!(header.not_imported.iter().any(|h| h == "上门探访次数"));
    }

    #[test]
    fn yubei_category_words_and_ticked_boxes() {
        assert_eq!(
            parse_categories("独居、计生对象，重度残疾老年人"),
            Ok(vec![
                Category::LivingAlone,
                Category::FamilyPlanningSpecial,
                Category::SeverelyHandicapped
            ])
        );
        assert_eq!(
            parse_categories("☑独居老年人    □空巢老年人    ■失能老年人"),
            Ok(vec![Category::LivingAlone, Category::Disabled])
        );
        assert_eq!(parse_categories("独居、外星人"), Err("外星人".to_string()));
    }
}
