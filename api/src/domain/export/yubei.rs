//! 渝北 附件1 《渝北区特殊困难老年人关爱服务信息台帐》 and 附件2 《渝北区特殊困难老年人信息登记表》
//! as workbooks (seeds/001, 渝北民〔2024〕24号). Pure: rows in, `.xlsx` bytes out.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::table::{write_table, Heading, Table, Value};

/// The 台帐's title as printed on 附件1.
pub const LEDGER_TITLE: &str = "渝北区特殊困难老年人关爱服务信息台帐";

/// The line under the title, as on 附件1: "填表单位：（盖章）  主要领导审核：      填报人：        填表日期：".
pub const LEDGER_FILLED_BY: [&str; 4] = ["填表单位：", "主要领导审核：", "填报人：", "填表日期："];

/// The 台帐's first header row, left to right, with how many columns each spans (附件1; the
/// seed breaks "对象 类型" over two lines in its cell: one heading, written without the break).
pub const LEDGER_GROUPS: [(&str, u16); 11] = [
    ("序号", 1),
    ("姓名", 1),
    ("性别", 1),
    ("常住地址", 1),
    ("身份证号码", 1),
    ("电话", 1),
    ("亲属情况", 3),
    ("对象类型", 1),
    ("责任主体", 4),
    ("上门探访次数", 1),
    ("解决问题数量", 1),
];

/// The second header row under the grouped headings (亲属情况, 责任主体), in order (附件1:
/// "亲属 关系", "责任村   （社区）" are line breaks in the seed's cells).
pub const LEDGER_SUBHEADINGS: [&str; 7] = [
    "姓名",
    "亲属关系",
    "电话",
    "责任镇街",
    "责任村（社区）",
    "责任人",
    "责任人电话",
];

/// The note under the table (附件1).
pub const LEDGER_NOTE: &str = "说明：对象类型分为独居、空巢、农村留守、计生对象、失能、重度残疾老年人、其他关爱对象。";

/// Number of columns of the 台帐.
pub const LEDGER_COLUMNS: u16 = 16;

/// The lines above the table: who fills it in and when (left empty where unknown, for a pen).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerHeading {
    /// 填表单位 — the town or district office.
    pub unit: String,
    /// 填报人.
    pub reporter: String,
    /// 填表日期, e.g. 2026年12月31日.
    pub filled_on: String,
    /// The period the visit and problem counts cover, e.g. 2026年下半年 (the sheet's name).
    pub period_label: String,
}

/// 台帐 — one row of 附件1: one elder, already masked or unmasked by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YubeiLedgerRow {
    pub name: String,
    /// 男 / 女.
    pub sex: String,
    /// 常住地址.
    pub address: String,
    /// 身份证号码 (masked unless unmasked with a reason).
    pub id_number: String,
    /// 电话.
    pub phone: String,
    /// 亲属情况: the first emergency contact.
    pub relative_name: String,
    pub relative_relation: String,
    pub relative_phone: String,
    /// 对象类型, in the note's words, joined by 、.
    pub categories: String,
    /// 责任主体.
    pub town: String,
    pub village: String,
    pub responsible: String,
    pub responsible_phone: String,
    /// 上门探访次数 in the period.
    pub in_person_visits: u32,
    /// 解决问题数量 in the period.
    pub problems_solved: u32,
}

impl YubeiLedgerRow {
    /// The row's cells after 序号, in the column order of the headings.
    pub fn text_cells(&self) -> [&str; 13] {
        [
            &self.name,
            &self.sex,
            &self.address,
            &self.id_number,
            &self.phone,
            &self.relative_name,
            &self.relative_relation,
            &self.relative_phone,
            &self.categories,
            &self.town,
            &self.village,
            &self.responsible,
            &self.responsible_phone,
        ]
    }
}

/// The note's word for each category (附件1 说明: 独居、空巢、农村留守、计生对象、失能、重度残疾老年人、
/// 其他关爱对象). Decision: the platform's other categories (城市独居, 高龄, 低保 …) are written
/// as 其他关爱对象, once.
pub fn category_words(categories: &[crate::domain::elder::Category]) -> String {
    use crate::domain::elder::Category::*;
    let mut words: Vec<&str> = Vec::new();
    for category in categories {
        let word = match category {
            LivingAlone => "独居",
            EmptyNest => "空巢",
            RuralLeftBehind => "农村留守",
            FamilyPlanningSpecial => "计生对象",
            Disabled => "失能",
            SeverelyHandicapped => "重度残疾老年人",
            _ => "其他关爱对象",
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words.join("、")
}

struct Formats {
    title: Format,
    line: Format,
    head: Format,
    cell: Format,
}

fn formats() -> Formats {
    let boxed = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        line: Format::new(),
        head: boxed
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        cell: boxed,
    }
}

/// The width of each column of the 台帐's sheet (序号 … 解决问题数量).
const LEDGER_WIDTHS: [u16; LEDGER_COLUMNS as usize] = [6, 10, 5, 28, 20, 14, 10, 8, 14, 16, 10, 14, 10, 14, 8, 8];

/// The 台帐 as one [`Table`]: the title, the 填表单位 line, the two header rows of
/// [`LEDGER_GROUPS`] over [`LEDGER_SUBHEADINGS`], one row per elder (序号 from 1), the note. The
/// workbook ([`ledger_xlsx`]) and the printed page are both written from it.
pub fn ledger_table(heading: &LedgerHeading, rows: &[YubeiLedgerRow]) -> Table {
    let line = format!(
        "{}{}（盖章）    {}    {}{}    {}{}",
        LEDGER_FILLED_BY[0],
        heading.unit,
        LEDGER_FILLED_BY[1],
        LEDGER_FILLED_BY[2],
        heading.reporter,
        LEDGER_FILLED_BY[3],
        heading.filled_on
    );
    let mut subs = LEDGER_SUBHEADINGS.iter();
    let headings = LEDGER_GROUPS
        .iter()
        .map(|(text, span)| {
            if *span == 1 {
                Heading::one(text)
            } else {
                let group: Vec<&str> = subs.by_ref().take(usize::from(*span)).copied().collect();
                Heading::group(text, &group)
            }
        })
        .collect();
    let body = rows
        .iter()
        .enumerate()
        .map(|(i, elder)| {
            let mut cells = Vec::with_capacity(usize::from(LEDGER_COLUMNS));
            cells.push(Value::count(u32::try_from(i + 1).unwrap_or(u32::MAX)));
            cells.extend(elder.text_cells().iter().map(|text| Value::text(*text)));
            cells.push(Value::count(elder.in_person_visits));
            cells.push(Value::count(elder.problems_solved));
            cells
        })
        .collect();
    Table {
        title: LEDGER_TITLE.to_string(),
        line,
        headings,
        rows: body,
        note: LEDGER_NOTE.to_string(),
    }
}

/// Writes the 台帐 into `sheet` ([`ledger_table`]). Returns the row after the note.
pub fn write_ledger_sheet(
    sheet: &mut Worksheet,
    heading: &LedgerHeading,
    rows: &[YubeiLedgerRow],
) -> Result<u32, XlsxError> {
    write_table(sheet, &ledger_table(heading, rows), &LEDGER_WIDTHS)
}

/// The 台帐 as a workbook of one sheet named after the period.
pub fn ledger_xlsx(heading: &LedgerHeading, rows: &[YubeiLedgerRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    if !heading.period_label.is_empty() {
        sheet.set_name(sheet_name(&heading.period_label))?;
    }
    write_ledger_sheet(sheet, heading, rows)?;
    book.save_to_buffer()
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// 附件2 《渝北区特殊困难老年人信息登记表》 — one elder's registration, already masked or unmasked.
/// One struct for both the xlsx here and a printed page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct YubeiRegistration {
    /// 建档日期, e.g. 2026年3月5日.
    pub registered_on: String,
    pub name: String,
    pub sex: String,
    pub id_number: String,
    pub phone: String,
    /// 紧急联系人 (the first), 性别 (not kept: empty), 联系电话.
    pub contact_name: String,
    pub contact_phone: String,
    /// 户籍地址 / 居住地址 as "区（县） 乡镇（街道） 村（社区）" and the address.
    pub household_address: String,
    pub residence_address: String,
    /// 能力程度 (能力完好 / 轻度失能 …).
    pub ability: String,
    /// 曾患病史.
    pub disease_history: String,
    /// 经济情况 (特困人员 / 低保、低保边缘 / 一般).
    pub economic: String,
    pub monthly_income: String,
    /// 对象类别, the form's words joined by 、.
    pub categories: String,
    /// 残疾证号 (masked unless unmasked).
    pub disability_certificate: String,
    /// 重点对象 / 一般对象.
    pub key_or_general: String,
    /// 二、家庭基本情况: 姓名, 性别, 与户主关系, 健康状况, 是否经常探访.
    pub family: Vec<[String; 5]>,
    /// 家庭每月领取养老保险 … 元.
    pub pension: String,
    /// 享受社会救助和社会福利补贴项目.
    pub subsidies: String,
    /// 四、已享受帮扶情况.
    pub help_received: String,
}

/// 附件2 as a workbook: one sheet per elder (named 序号-姓名), laid out as the form's label and
/// value pairs, section by section.
pub fn registrations_xlsx(items: &[YubeiRegistration]) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut book = Workbook::new();
    for (i, r) in items.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&format!("{}-{}", i + 1, r.name)))?;
        sheet.merge_range(0, 0, 0, 7, "渝北区特殊困难老年人信息登记表", &f.title)?;
        sheet.merge_range(1, 0, 1, 7, &format!("建档日期：{}", r.registered_on), &f.line)?;
        sheet.merge_range(2, 0, 2, 7, "一、服务对象基本情况", &f.head)?;
        let pairs: [(&str, &str, &str, &str); 3] = [
            ("姓名", &r.name, "性别", &r.sex),
            ("居民身份证号码", &r.id_number, "联系电话", &r.phone),
            ("紧急联系人", &r.contact_name, "联系电话", &r.contact_phone),
        ];
        let mut row = 3;
        for (a, b, c, d) in pairs {
            sheet.write_string_with_format(row, 0, a, &f.head)?;
            sheet.merge_range(row, 1, row, 3, b, &f.cell)?;
            sheet.write_string_with_format(row, 4, c, &f.head)?;
            sheet.merge_range(row, 5, row, 7, d, &f.cell)?;
            row += 1;
        }
        let lines: [(&str, String); 10] = [
            ("户籍地址", r.household_address.clone()),
            ("居住地址", r.residence_address.clone()),
            ("健康状况", format!("能力程度：{}", r.ability)),
            ("曾患病史", r.disease_history.clone()),
            ("经济情况", r.economic.clone()),
            ("月可支配收入", r.monthly_income.clone()),
            ("对象类别", r.categories.clone()),
            ("残疾证号", r.disability_certificate.clone()),
            ("重点/一般", r.key_or_general.clone()),
            ("养老保险", r.pension.clone()),
        ];
        for (label, value) in lines {
            sheet.write_string_with_format(row, 0, label, &f.head)?;
            sheet.merge_range(row, 1, row, 7, &value, &f.cell)?;
            row += 1;
        }
        sheet.merge_range(row, 0, row, 7, "二、家庭基本情况", &f.head)?;
        row += 1;
        for (c, h) in ["序号", "姓名", "性别", "与户主关系", "健康状况", "是否经常探访"]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, c as u16, *h, &f.head)?;
        }
        row += 1;
        for (n, member) in r.family.iter().enumerate() {
            sheet.write_number_with_format(row, 0, (n + 1) as f64, &f.cell)?;
            for (c, v) in member.iter().enumerate() {
                sheet.write_string_with_format(row, (c + 1) as u16, v, &f.cell)?;
            }
            row += 1;
        }
        sheet.merge_range(row, 0, row, 7, "三、家庭生活条件", &f.head)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "社会救助和社会福利补贴", &f.head)?;
        sheet.merge_range(row, 1, row, 7, &r.subsidies, &f.cell)?;
        row += 1;
        sheet.merge_range(row, 0, row, 7, "四、已享受帮扶情况", &f.head)?;
        row += 1;
        sheet.merge_range(row, 0, row, 7, &r.help_received, &f.cell)?;
        sheet.set_column_width(0, 16)?;
        for c in 1..8 {
            sheet.set_column_width(c, 12)?;
        }
    }
    if items.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer()
}
