//! 登记表 — one elder's file printed as a district's registration form: 渝北 附件2
//! 《渝北区特殊困难老年人信息登记表》 or 江门 附件2 《广东省江门市特殊困难老年人基本信息登记表》.
//!
//! What the form says is decided here (which boxes are ticked, what is blank for the hand);
//! `api/templates/pages/elder/register.html` lays it out. Pure: the caller reads the file into a
//! [`RegisterSheet`], masked by default (ID numbers, phones and the disability certificate
//! number are printed masked), in full only when the caller unmasked them with a reason.
//!
//! 江门: the seed names its 附件2 but does not include it ("2.广东省江门市特殊困难老年人基本
//! 信息登记表"). Decision: it prints the yubei form's four parts, which hold the fields
//! `DOMAIN.md` §2 lists for jiangmen's 登记表, plus the one field jiangmen adds, 接受探访意愿
//! (a refusal kept with its written note), under its own title; to be checked against the
//! real form when an office has it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::elder::{AbilityLevel, Category, ConsentStatus, EconomicStatus};
use crate::error::AppError;

const TEMPLATE: &str = "pages/elder/register.html";

/// A registration form (登记表) an elder file can be printed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegisterForm {
    /// 渝北 附件2 《渝北区特殊困难老年人信息登记表》.
    Yubei2,
    /// 江门 附件2 《广东省江门市特殊困难老年人基本信息登记表》.
    Jiangmen2,
}

impl RegisterForm {
    pub const ALL: &'static [RegisterForm] = &[RegisterForm::Yubei2, RegisterForm::Jiangmen2];

    /// Stable code, e.g. in a URL: `yubei-2`, `jiangmen-2`.
    pub fn code(self) -> &'static str {
        match self {
            RegisterForm::Yubei2 => "yubei-2",
            RegisterForm::Jiangmen2 => "jiangmen-2",
        }
    }

    pub fn parse(code: &str) -> Option<RegisterForm> {
        RegisterForm::ALL.iter().copied().find(|f| f.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            RegisterForm::Yubei2 => "渝北区特殊困难老年人信息登记表",
            RegisterForm::Jiangmen2 => "广东省江门市特殊困难老年人基本信息登记表",
        }
    }

    /// The remark printed under the form (渝北's own words; 江门's form is not in the seed).
    fn remark(self) -> Option<&'static str> {
        match self {
            RegisterForm::Yubei2 => Some("备注：此表一式三份，区民政局、镇（街道）、村（社区）各存档一份。"),
            RegisterForm::Jiangmen2 => None,
        }
    }
}

/// A place as the form writes it: 区（县） 乡镇（街道） 村（社区） and the rest of the address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    pub district: String,
    pub town: String,
    pub village: String,
    pub address: String,
}

/// One family member (家庭成员) as printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    pub sex: String,
    pub relation: String,
    pub health: String,
    pub visits_often: bool,
}

/// What the form prints of one elder file, masked (or not) by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSheet {
    /// 建档日期.
    pub registered_on: NaiveDate,
    pub name: String,
    pub sex: String,
    /// 身份证号, masked unless the caller unmasked it.
    pub id_number: String,
    pub phone: String,
    /// The first emergency contact: name and phone (masked like the others).
    pub contact_name: String,
    pub contact_phone: String,
    pub household: Place,
    pub residence: Place,
    /// 能力程度; `None` when the caller may not see health details (then 曾患病史 and the
    /// disability certificate number are blank too).
    pub ability: Option<AbilityLevel>,
    pub disease_history: String,
    pub economic_status: EconomicStatus,
    pub monthly_income_yuan: Option<i32>,
    pub pension_yuan: Option<i32>,
    pub subsidies: String,
    pub categories: Vec<Category>,
    pub disability_certificate: String,
    /// Whether the elder holds the strictest tier of the pack in force (重点对象), if known.
    pub key_elder: Option<bool>,
    pub family: Vec<Member>,
    pub help_received: String,
    pub consent: ConsentStatus,
    pub consent_note: String,
}

/// A box and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Opt {
    ticked: bool,
    label: String,
}

fn opt(ticked: bool, label: &str) -> Opt {
    Opt {
        ticked,
        label: label.to_owned(),
    }
}

/// 对象类别 as 渝北 lists them; 重残 carries the certificate number.
const CATEGORY_BOXES: &[(&str, Category)] = &[
    ("独居老年人", Category::LivingAlone),
    ("空巢老年人", Category::EmptyNest),
    ("留守老年人", Category::RuralLeftBehind),
    ("失能老年人", Category::Disabled),
    ("重残老年人", Category::SeverelyHandicapped),
    ("计划生育特殊家庭老年人", Category::FamilyPlanningSpecial),
];

/// Family rows the form has: 渝北 prints five (户主 and 2–5); more members add rows.
const FAMILY_ROWS: usize = 5;

#[derive(Debug, Serialize)]
struct RegisterView<'a> {
    code: &'static str,
    title: &'static str,
    annex: &'static str,
    remark: Option<&'static str>,
    registered_on: String,
    name: &'a str,
    sex: &'a str,
    id_number: &'a str,
    phone: &'a str,
    contact_name: &'a str,
    contact_phone: &'a str,
    household: &'a Place,
    residence: &'a Place,
    ability: Vec<Opt>,
    /// An ability level the form has no box for (完全失能), written beside.
    ability_beside: Option<&'static str>,
    disease_history: &'a str,
    economy: Vec<Opt>,
    monthly_income: String,
    income_source: String,
    categories: Vec<Opt>,
    /// The categories the form has no box for, written after 其他关爱对象.
    other_categories: String,
    other_ticked: bool,
    disability_certificate: &'a str,
    tier: Vec<Opt>,
    family: Vec<Option<&'a Member>>,
    household_income: String,
    pension: Vec<Opt>,
    subsidies: &'a str,
    help_received: &'a str,
    /// 江门 接受探访意愿.
    consent: Option<ConsentView<'a>>,
}

#[derive(Debug, Serialize)]
struct ConsentView<'a> {
    options: Vec<Opt>,
    note: &'a str,
}

fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn yuan(v: Option<i32>) -> String {
    v.map(|v| format!("{v} 元")).unwrap_or_default()
}

/// Renders `sheet` as `form`: one printable HTML page.
pub fn render_html(form: RegisterForm, sheet: &RegisterSheet) -> Result<String, AppError> {
    crate::templates::render(TEMPLATE, &view(form, sheet))
}

/// What the form says of `s`: the one field list both the page and the workbook lay out.
fn view(form: RegisterForm, s: &RegisterSheet) -> RegisterView<'_> {
    let boxed: Vec<Category> = CATEGORY_BOXES.iter().map(|(_, c)| *c).collect();
    let others: Vec<&str> = s
        .categories
        .iter()
        .filter(|c| !boxed.contains(c))
        .map(|c| c.label_zh())
        .collect();
    let ability_boxes = [
        AbilityLevel::Intact,
        AbilityLevel::MildlyImpaired,
        AbilityLevel::ModeratelyImpaired,
        AbilityLevel::SeverelyImpaired,
    ];
    let mut family: Vec<Option<&Member>> = s.family.iter().map(Some).collect();
    while family.len() < FAMILY_ROWS {
        family.push(None);
    }
    RegisterView {
        code: form.code(),
        title: form.title(),
        annex: "附件2",
        remark: form.remark(),
        registered_on: date_zh(s.registered_on),
        name: &s.name,
        sex: &s.sex,
        id_number: &s.id_number,
        phone: &s.phone,
        contact_name: &s.contact_name,
        contact_phone: &s.contact_phone,
        household: &s.household,
        residence: &s.residence,
        ability: ability_boxes
            .iter()
            .map(|a| opt(s.ability == Some(*a), a.label_zh()))
            .collect(),
        ability_beside: s
            .ability
            .filter(|a| !ability_boxes.contains(a))
            .map(AbilityLevel::label_zh),
        disease_history: &s.disease_history,
        economy: vec![
            opt(s.economic_status == EconomicStatus::SpecialHardship, "特困人员"),
            opt(
                matches!(
                    s.economic_status,
                    EconomicStatus::MinimumLiving | EconomicStatus::NearMinimumLiving
                ),
                "低保、低保边缘",
            ),
        ],
        monthly_income: yuan(s.monthly_income_yuan),
        // Decision: 经济来源 prints what the file holds of it, the pension and the subsidies.
        income_source: [
            s.pension_yuan.map(|p| format!("养老保险 每月 {p} 元")),
            (!s.subsidies.is_empty()).then(|| s.subsidies.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("；"),
        categories: CATEGORY_BOXES
            .iter()
            .map(|(label, c)| opt(s.categories.contains(c), label))
            .collect(),
        other_categories: others.join("、"),
        other_ticked: !others.is_empty(),
        disability_certificate: &s.disability_certificate,
        tier: vec![
            opt(s.key_elder == Some(true), "重点对象"),
            opt(s.key_elder == Some(false), "一般对象"),
        ],
        family,
        household_income: yuan(s.monthly_income_yuan),
        pension: vec![
            opt(
                s.pension_yuan.is_some_and(|p| p > 0),
                &format!(
                    "有领取养老保险，每月 {} 元",
                    s.pension_yuan
                        .filter(|p| *p > 0)
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| "　　".into())
                ),
            ),
            opt(s.pension_yuan == Some(0), "无养老保险"),
        ],
        subsidies: &s.subsidies,
        help_received: &s.help_received,
        consent: (form == RegisterForm::Jiangmen2).then(|| ConsentView {
            options: [ConsentStatus::Consented, ConsentStatus::Refused, ConsentStatus::Pending]
                .iter()
                .map(|c| opt(s.consent == *c, c.label_zh()))
                .collect(),
            note: &s.consent_note,
        }),
    }
}

/// Boxes as the workbook writes them: `☑轻度失能 □中度失能 …`.
fn boxes(options: &[Opt]) -> String {
    options
        .iter()
        .map(|o| format!("{}{}", if o.ticked { "☑" } else { "□" }, o.label))
        .collect::<Vec<_>>()
        .join(" ")
}

fn place_text(p: &Place) -> String {
    let mut out = format!("{}区（县） {}乡镇（街道） {}村（社区）", p.district, p.town, p.village);
    if !p.address.is_empty() {
        out.push(' ');
        out.push_str(&p.address);
    }
    out
}

impl RegisterView<'_> {
    /// The form's parts as label/value lines, in the page's order (二、家庭基本情况 is the family
    /// table, laid out apart).
    fn lines(&self) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
        let beside = |mut text: String, extra: &str| {
            if !extra.is_empty() {
                text.push(' ');
                text.push_str(extra);
            }
            text
        };
        let mut categories = self.categories.clone();
        categories.push(opt(self.other_ticked, "其他关爱对象"));
        let mut basic = vec![
            ("姓名", self.name.to_string()),
            ("性别", self.sex.to_string()),
            ("居民身份证号码", self.id_number.to_string()),
            ("联系电话", self.phone.to_string()),
            ("紧急联系人", self.contact_name.to_string()),
            ("紧急联系人电话", self.contact_phone.to_string()),
            ("户籍地址", place_text(self.household)),
            ("居住地址", place_text(self.residence)),
            (
                "能力程度",
                beside(boxes(&self.ability), self.ability_beside.unwrap_or_default()),
            ),
            ("曾患病史", self.disease_history.to_string()),
            ("经济情况", boxes(&self.economy)),
            ("月可支配收入", self.monthly_income.clone()),
            ("经济来源", self.income_source.clone()),
            ("对象类别", beside(boxes(&categories), &self.other_categories)),
            ("残疾证号", self.disability_certificate.to_string()),
            ("重点/一般对象", boxes(&self.tier)),
        ];
        if let Some(consent) = &self.consent {
            basic.push(("接受探访意愿", beside(boxes(&consent.options), consent.note)));
        }
        vec![
            ("一、服务对象基本情况", basic),
            (
                "三、家庭生活条件",
                vec![
                    ("家庭每月收入（元）", self.household_income.clone()),
                    ("养老保险", boxes(&self.pension)),
                    ("享受社会救助和社会福利补贴项目", self.subsidies.to_string()),
                ],
            ),
            ("四、已享受帮扶情况", vec![("帮扶措施", self.help_received.to_string())]),
        ]
    }
}

/// `form` for every sheet as a workbook: one worksheet per elder (named 序号-姓名), the same
/// fields as the printed page ([`render_html`]), label beside value, part by part.
pub fn registrations_xlsx(form: RegisterForm, sheets: &[RegisterSheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let boxed = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let head = boxed.clone().set_bold().set_align(FormatAlign::VerticalCenter);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let mut book = Workbook::new();
    for (i, s) in sheets.iter().enumerate() {
        let v = view(form, s);
        let sheet = book.add_worksheet();
        sheet.set_name(crate::domain::export::yubei::sheet_name(&format!(
            "{}-{}",
            i + 1,
            s.name
        )))?;
        sheet.merge_range(0, 0, 0, 5, v.title, &title)?;
        sheet.merge_range(1, 0, 1, 5, &format!("建档日期：{}", v.registered_on), &Format::new())?;
        let mut row = 2;
        for (part, lines) in v.lines() {
            sheet.merge_range(row, 0, row, 5, part, &head)?;
            row += 1;
            for (label, value) in lines {
                sheet.write_string_with_format(row, 0, label, &head)?;
                sheet.merge_range(row, 1, row, 5, &value, &boxed)?;
                row += 1;
            }
            if part.starts_with("一、") {
                sheet.merge_range(row, 0, row, 5, "二、家庭基本情况", &head)?;
                row += 1;
                for (c, h) in ["序号", "姓名", "性别", "与户主关系", "健康状况", "是否经常探访"]
                    .iter()
                    .enumerate()
                {
                    sheet.write_string_with_format(row, c as u16, *h, &head)?;
                }
                row += 1;
                for (n, m) in s.family.iter().enumerate() {
                    sheet.write_number_with_format(row, 0, (n + 1) as f64, &boxed)?;
                    let cells = [
                        m.name.as_str(),
                        m.sex.as_str(),
                        m.relation.as_str(),
                        m.health.as_str(),
                        if m.visits_often { "是" } else { "否" },
                    ];
                    for (c, value) in cells.iter().enumerate() {
                        sheet.write_string_with_format(row, (c + 1) as u16, *value, &boxed)?;
                    }
                    row += 1;
                }
            }
        }
        if let Some(remark) = v.remark {
            sheet.merge_range(row, 0, row, 5, remark, &Format::new())?;
        }
        sheet.set_column_width(0, 18)?;
        for c in 1..6 {
            sheet.set_column_width(c, 14)?;
        }
    }
    if sheets.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer()
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    pub fn sheet() -> RegisterSheet {
        RegisterSheet {
            registered_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            name: "王秀英".into(),
            sex: "女".into(),
            id_number: "500112********1223".into(),
            phone: "138****5678".into(),
            contact_name: "王强".into(),
            contact_phone: "139****0001".into(),
            household: Place {
                district: "渝北区".into(),
                town: "龙兴镇".into(),
                village: "白鹤村".into(),
                address: "3 组 12 号".into(),
            },
            residence: Place {
                district: "渝北区".into(),
                town: "龙兴镇".into(),
                village: "白鹤村".into(),
                address: "3 组 12 号".into(),
            },
            ability: Some(AbilityLevel::MildlyImpaired),
            disease_history: "高血压".into(),
            economic_status: EconomicStatus::MinimumLiving,
            monthly_income_yuan: Some(900),
            pension_yuan: Some(150),
            subsidies: "高龄津贴 每月 50 元".into(),
            categories: vec![Category::LivingAlone, Category::AdvancedAge],
            disability_certificate: String::new(),
            key_elder: Some(true),
            family: vec![Member {
                name: "王强".into(),
                sex: "男".into(),
                relation: "儿子".into(),
                health: "健康".into(),
                visits_often: false,
            }],
            help_received: "村委会每周电话问候".into(),
            consent: ConsentStatus::Consented,
            consent_note: String::new(),
        }
    }

    /// The text of the `<tr>` holding `label`.
    fn row<'a>(html: &'a str, label: &str) -> &'a str {
        let at = html.find(label).unwrap_or_else(|| panic!("no {label}"));
        let start = html[..at].rfind("<tr").unwrap();
        let end = at + html[at..].find("</tr>").unwrap();
        &html[start..end]
    }

    #[test]
    fn yubei_2_ticks_the_files_boxes_and_prints_masked_numbers() {
        let html = render_html(RegisterForm::Yubei2, &sheet()).unwrap();
        assert!(html.contains("<h1>渝北区特殊困难老年人信息登记表</h1>"));
        assert!(html.contains("建档日期：2026年3月2日"));
        assert!(row(&html, "居民身份证号码").contains("500112********1223"));
        let health = row(&html, "能力程度");
        assert!(health.contains("☑轻度失能") && health.contains("□能力完好") && health.contains("□重度失能"));
        let categories = row(&html, "对象类别");
        assert!(
            categories.contains("☑独居老年人") && categories.contains("□空巢老年人"),
            "{categories}"
        );
        assert!(
            categories.contains("☑其他关爱对象") && categories.contains("高龄"),
            "{categories}"
        );
        assert!(html.contains("☑重点对象") && html.contains("□一般对象"));
        assert!(html.contains("☑低保、低保边缘") && html.contains("□特困人员"));
        assert!(html.contains("☑有领取养老保险，每月 150 元"));
        assert!(html.contains("此表一式三份"));
        assert!(!html.contains("接受探访意愿"), "yubei's form has no consent row");
        // The family table has its five rows, the member first.
        assert!(row(&html, "儿子").contains("王强"));
        assert_eq!(html.matches("class=\"member\"").count(), 5);
    }

    #[test]
    fn jiangmen_2_has_its_title_and_the_consent_row() {
        let mut refused = sheet();
        refused.consent = ConsentStatus::Refused;
        refused.consent_note = "本人书面表示暂不需要".into();
        let html = render_html(RegisterForm::Jiangmen2, &refused).unwrap();
        assert!(html.contains("<h1>广东省江门市特殊困难老年人基本信息登记表</h1>"));
        let consent = row(&html, "接受探访意愿");
        assert!(consent.contains("☑拒绝") && consent.contains("□同意") && consent.contains("本人书面表示暂不需要"));
        assert!(!html.contains("此表一式三份"));
    }

    #[test]
    fn an_elder_name_like_a_script_is_printed_as_text() {
        let mut odd = sheet();
        odd.name = "<script>alert(1)</script>".into();
        odd.help_received = "a & \"b\"".into();
        for form in RegisterForm::ALL {
            let html = render_html(*form, &odd).unwrap();
            assert!(!html.contains("<script>"), "{form:?}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{form:?}");
            assert!(html.contains("a &amp; &quot;b&quot;"), "{form:?}");
        }
    }

    #[test]
    fn codes_parse_back() {
        for form in RegisterForm::ALL {
            assert_eq!(RegisterForm::parse(form.code()), Some(*form));
        }
        assert_eq!(RegisterForm::parse("yubei-3"), None);
    }
}
