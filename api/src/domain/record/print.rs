//! 打印 — renders a visit record (探访记录) as a district's paper form: one self-contained,
//! printable HTML page laid out like 渝北 附件3 《渝北区特殊困难老年人探访关爱服务记录表》,
//! 峨眉山 附件1 《巡访登记表》 or 临淄 附件2 《临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表》,
//! following the printing rules of `docs/record-format.md` §5.
//!
//! Each form is data: a [`FormSpec`] lists the paper form's rows in order (what each row shows,
//! on which grading scale) and routes every record item the form has no row for to one of its
//! free-text cells or to the continuation sheet (探访记录附页). The renderer turns a spec and a
//! record into a page model (which boxes are ticked, which lines go where); the template
//! `api/templates/pages/record/form.html` lays it out (see `docs/printing.md`). Pure: no
//! database, no I/O. What the form prints from the elder file (§4) comes in a
//! [`PrintContext`], already masked by the caller.

use chrono::{DateTime, Datelike, FixedOffset};
use serde::Serialize;

use super::format::{ElderConfirmationMethod, Need, VisitRecord};
use super::scale::{Change, Grade, IllnessChange, Level, Scale};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::policy::VisitMode;
use crate::error::AppError;

/// A paper form (纸质表单) a record can be printed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaperForm {
    /// 渝北 附件3 《渝北区特殊困难老年人探访关爱服务记录表》.
    Yubei3,
    /// 峨眉山 附件1 《巡访登记表》.
    Emeishan1,
    /// 临淄 附件2 《临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表》.
    Linzi2,
    /// 江门 附件3 《广东省江门市特殊困难老年人探访关爱服务记录表》 (named, not included, in the
    /// seed: the shared format's sections in `DOMAIN.md` §4 order; see [`JIANGMEN_3`]).
    Jiangmen3,
}

impl PaperForm {
    pub const ALL: &'static [PaperForm] = &[
        PaperForm::Yubei3,
        PaperForm::Emeishan1,
        PaperForm::Linzi2,
        PaperForm::Jiangmen3,
    ];

    /// Stable code, e.g. in a URL: `yubei-3`, `emeishan-1`, `linzi-2`, `jiangmen-3`.
    pub fn code(self) -> &'static str {
        match self {
            PaperForm::Yubei3 => "yubei-3",
            PaperForm::Emeishan1 => "emeishan-1",
            PaperForm::Linzi2 => "linzi-2",
            PaperForm::Jiangmen3 => "jiangmen-3",
        }
    }

    /// Inverse of [`PaperForm::code`].
    pub fn parse(code: &str) -> Option<PaperForm> {
        PaperForm::ALL.iter().copied().find(|f| f.code() == code)
    }

    /// The form's title as printed on it.
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    fn spec(self) -> &'static FormSpec {
        match self {
            PaperForm::Yubei3 => &YUBEI_3,
            PaperForm::Emeishan1 => &EMEISHAN_1,
            PaperForm::Linzi2 => &LINZI_2,
            PaperForm::Jiangmen3 => &JIANGMEN_3,
        }
    }
}

/// Every graded item of the record by its JSON path, in the form's order of sections.
pub const GRADED_ITEMS: [&str; 21] = [
    "health.expression",
    "health.mobility",
    "health.reaction",
    "health.illness",
    "health.selfCare",
    "mental.mood",
    "mental.thinking",
    "mental.stress",
    "safety.gas",
    "safety.heating",
    "safety.electricity",
    "safety.housing",
    "safety.fire",
    "safety.food",
    "safety.epidemic",
    "hygiene.personal",
    "hygiene.household",
    "hygiene.surroundings",
    "environment.indoor",
    "environment.outdoor",
    "environment.neighbours",
];

/// 评价量表 — the scale each graded item of the visit form is graded on, for a district whose
/// pack names `form` as its record form (`None`: no form named). The form designer's choice,
/// not the visitor's. Decision: an item the form has a row for uses that row's scale; an item
/// it has no row for uses the scale most of the form's rows of the same section use (ties:
/// the first row's; 疾病状况's own 无变化/严重/转好 never spreads), so a section reads on one
/// scale; a section the form grades nowhere uses 好/一般/较差 (three_grade), the common level.
pub fn item_scales(form: Option<PaperForm>) -> Vec<(&'static str, Scale)> {
    let rows: Vec<(Item, Scale)> = form
        .map(|f| {
            f.spec()
                .rows
                .iter()
                .filter_map(|r| match r.field {
                    Field::Graded { item, scale, .. } => Some((item, scale)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let paths: Vec<(Item, &'static str)> = Item::ALL.iter().copied().zip(GRADED_ITEMS).collect();
    let section_of = |item: Item| {
        paths
            .iter()
            .find(|(i, _)| *i == item)
            .and_then(|(_, path)| path.split('.').next())
            .unwrap_or("")
    };
    paths
        .iter()
        .map(|&(item, path)| {
            if let Some((_, scale)) = rows.iter().find(|(i, _)| *i == item) {
                return (path, *scale);
            }
            let mut counts: Vec<(Scale, usize)> = Vec::new();
            for (i, scale) in &rows {
                if section_of(*i) != section_of(item) || *scale == Scale::IllnessChange {
                    continue;
                }
                match counts.iter_mut().find(|(s, _)| s == scale) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((*scale, 1)),
                }
            }
            let most = counts.iter().fold(None::<(Scale, usize)>, |best, (s, n)| match best {
                Some((_, m)) if m >= *n => best,
                _ => Some((*s, *n)),
            });
            (path, most.map_or(Scale::ThreeGrade, |(s, _)| s))
        })
        .collect()
}

/// What the form prints that is not in the record (docs §4), already masked or decided by the
/// caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintContext {
    pub elder_name: String,
    /// 男 / 女.
    pub elder_sex: String,
    pub elder_address: String,
    /// The elder's tier under the district's policy at the visit, e.g. 重点巡访 / 普遍巡访.
    pub tier_label: Option<String>,
    /// 渝北 "第 N 次开展关爱": this elder's records with services given, up to this one.
    pub care_service_no: Option<u32>,
    /// Printable image URLs, in the order of `record.photos`.
    pub photo_urls: Vec<String>,
    /// The record's review status, e.g. 已审核.
    pub status_label: String,
    /// 出生年月, e.g. 1941年3月 (临淄).
    pub elder_birth_month: String,
    /// The phone number, masked unless the caller decided otherwise (临淄 联系电话).
    pub elder_phone: String,
    /// The elder's categories (对象类别), in Chinese (临淄 身份类别).
    pub categories: Vec<String>,
    /// 农村 / 城镇 (临淄 户籍类别).
    pub urban_rural: String,
    /// The town (镇/街道) and village (村/社区) of the elder's residence.
    pub town: String,
    pub village: String,
    /// 记录编号, e.g. 2026-000123 (printed at the foot of each page).
    pub record_no: String,
}

/// Renders `record` as `form`: one HTML page (A4 when printed), with the continuation sheet
/// 探访记录附页 as a second page when there is anything the form has no place for.
pub fn render_html(form: PaperForm, record: &VisitRecord, ctx: &PrintContext) -> Result<String, AppError> {
    let page = Renderer {
        spec: form.spec(),
        r: record,
        ctx,
        notes: Vec::new(),
    }
    .page();
    crate::templates::render(TEMPLATE, &page)
}

// ---------------------------------------------------------------------------------------------
// The forms, as data.

/// Declares [`Item`]: every graded item of the record, its name when printed as "label：value"
/// outside a row, and where it is in the record.
macro_rules! items {
    ($($item:ident => ($label:literal, $section:ident . $field:ident)),+ $(,)?) => {
        /// A graded item of the record (评价项).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Item { $($item),+ }

        impl Item {
            const ALL: &'static [Item] = &[$(Item::$item),+];

            fn label(self) -> &'static str {
                match self { $(Item::$item => $label),+ }
            }

            fn get(self, r: &VisitRecord) -> Option<Grade> {
                match self { $(Item::$item => r.$section.as_ref().and_then(|s| s.$field)),+ }
            }
        }
    };
}

items! {
    Expression => ("表达能力", health.expression),
    Mobility => ("行动能力", health.mobility),
    Reaction => ("反应能力", health.reaction),
    Illness => ("疾病状况", health.illness),
    SelfCare => ("生活自理", health.self_care),
    Mood => ("情绪状态", mental.mood),
    Thinking => ("思维状态", mental.thinking),
    Stress => ("压力状态", mental.stress),
    Gas => ("燃气安全", safety.gas),
    Heating => ("取暖安全", safety.heating),
    Electricity => ("用电安全", safety.electricity),
    Housing => ("房屋安全", safety.housing),
    Fire => ("消防安全", safety.fire),
    Food => ("食品安全", safety.food),
    Epidemic => ("疫情防控安全", safety.epidemic),
    PersonalHygiene => ("个人卫生", hygiene.personal),
    HouseholdHygiene => ("家庭卫生", hygiene.household),
    Surroundings => ("周边卫生", hygiene.surroundings),
    Indoor => ("室内环境", environment.indoor),
    Outdoor => ("室外环境", environment.outdoor),
    Neighbours => ("邻里关系", environment.neighbours),
}

/// Which of a scale's values a graded row has a box for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boxes {
    All,
    /// 峨眉山's 安全/不安全 rows: no box for the middle (fair) value, which is written beside.
    NoMiddle,
    /// 渝北's 疾病状况: every box, with "疾病名称：" after the poor one (严重).
    WithIllnessName,
}

/// A fact printed in a label/value cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact {
    ElderName,
    ElderSex,
    Address,
    VisitTime,
    /// The elder's tier, one box per option.
    Tier(&'static [&'static str]),
    Visitors,
    VisitorSignature,
    ElderConfirmation,
    EnteredBy,
    SignedDate,
    /// 出生年月.
    BirthMonth,
    Phone,
    /// The elder's categories as boxes: each box and the categories it stands for; categories
    /// no box stands for are written beside 其他.
    Categories(&'static [(&'static str, &'static [&'static str])]),
    /// 户籍类别 □农村 □城镇.
    UrbanRural,
    /// 探视频次 每月 N 次: left to be filled in by hand (Decision: the form asks the town's
    /// own frequency, which the district's pack does not always state per elder).
    MonthlyFrequency,
    Town,
    Village,
    /// 第 N 次探访 (this elder's visit number).
    VisitNo,
}

/// A free-text cell of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// 峨眉山 其他情况说明.
    Other,
    /// 渝北 老年人服务需求：
    Needs,
    /// 渝北 实施关爱服务建议：
    Advice,
    /// 临淄 其它需求.
    OtherNeeds,
    /// 临淄 子女计划返回时间.
    ChildrenReturn,
    /// 江门 经济状况与赡养.
    Economy,
    /// 江门 发现的问题.
    Problems,
    /// 江门 转介与建议.
    Referrals,
}

impl Cell {
    fn code(self) -> &'static str {
        match self {
            Cell::Other => "other",
            Cell::Needs => "needs",
            Cell::Advice => "advice",
            Cell::OtherNeeds => "other-needs",
            Cell::ChildrenReturn => "children-return",
            Cell::Economy => "economy",
            Cell::Problems => "problems",
            Cell::Referrals => "referrals",
        }
    }
}

/// What one row of the form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// A heading across the whole table.
    Heading(&'static str),
    /// Label/value cells side by side, or each label above its value (`stacked`).
    Pairs {
        pairs: &'static [(&'static str, Fact)],
        stacked: bool,
    },
    /// 探访方式 boxes; a box standing for several modes names the one it was.
    Mode(&'static [(&'static str, &'static [VisitMode])]),
    /// 家庭人口 □无变化 □增加 N 人 □减少 N 人.
    Household,
    Graded {
        item: Item,
        scale: Scale,
        boxes: Boxes,
    },
    /// 生活照料 □有人照料 □无人照料.
    Carer,
    /// □有需求 □无需求.
    Need(Need),
    /// 临淄 □是 □否 满足 □是 □否, for one or more needs together (助餐助医): needed when any is
    /// needed, met when every needed one is met, not met when any needed one is not.
    NeedMet(&'static [Need]),
    /// A free-text cell, with the title printed inside it (may be empty).
    Text {
        cell: Cell,
        title: &'static str,
    },
    /// 渝北 关爱服务情况 with 服务人员签字（盖章）.
    Services,
    /// 渝北 老年人服务满意度评价.
    Satisfaction,
    /// 峨眉山 巡访照片粘贴处: the first photo.
    Photo,
}

/// The cell at the far left that spans a whole section (渝北's 第 N 次开展探访 / 开展关爱).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    None,
    Visit,
    Care,
}

/// One row: the band it belongs to, its group (spanning consecutive rows of the same group),
/// its label, and what it shows.
#[derive(Debug, Clone, Copy)]
struct Row {
    band: Band,
    group: &'static str,
    label: &'static str,
    field: Field,
}

const fn row(band: Band, group: &'static str, label: &'static str, field: Field) -> Row {
    Row {
        band,
        group,
        label,
        field,
    }
}

const fn graded(band: Band, group: &'static str, label: &'static str, item: Item, scale: Scale, boxes: Boxes) -> Row {
    row(band, group, label, Field::Graded { item, scale, boxes })
}

/// A group of record items that can lack a row and then is printed as "label：value" lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Mode,
    Household,
    IllnessName,
    Graded,
    Needs,
    NeedsNote,
    Economy,
    Support,
    ChildrenReturn,
    Problems,
    Referrals,
    Suggestions,
    Services,
    Satisfaction,
}

#[cfg(test)]
const TOPICS: [Topic; 14] = {
    use Topic::*;
    [
        Mode,
        Household,
        IllnessName,
        Graded,
        Needs,
        NeedsNote,
        Economy,
        Support,
        ChildrenReturn,
        Problems,
        Referrals,
        Suggestions,
        Services,
        Satisfaction,
    ]
};

/// Where a topic's lines go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    Cell(Cell),
    /// 探访记录附页.
    Continuation,
}

/// A paper form: its rows in the paper's order and where items without a row are printed.
#[derive(Debug)]
struct FormSpec {
    annex: &'static str,
    title: &'static str,
    /// The organisation line (盖章) and whether it is printed above the table or below it.
    org_label: &'static str,
    org_above: bool,
    remark: Option<&'static str>,
    rows: &'static [Row],
    /// In printing order within each destination.
    routes: &'static [(Topic, Dest)],
}

impl FormSpec {
    fn has(&self, pred: impl Fn(&Field) -> bool) -> bool {
        self.rows.iter().any(|r| pred(&r.field))
    }

    fn prints(&self, fact: Fact) -> bool {
        self.has(|f| matches!(f, Field::Pairs { pairs, .. } if pairs.iter().any(|(_, x)| *x == fact)))
    }

    fn has_item(&self, item: Item) -> bool {
        self.has(|f| matches!(f, Field::Graded { item: i, .. } if *i == item))
    }

    /// Whether the form's rows print the whole topic.
    fn covers(&self, topic: Topic) -> bool {
        match topic {
            Topic::Mode => self.has(|f| matches!(f, Field::Mode(_))),
            Topic::Household => self.has(|f| *f == Field::Household),
            Topic::IllnessName => self.has(|f| {
                matches!(
                    f,
                    Field::Graded {
                        boxes: Boxes::WithIllnessName,
                        ..
                    }
                )
            }),
            Topic::Graded => Item::ALL.iter().all(|i| self.has_item(*i)),
            Topic::Services => self.has(|f| *f == Field::Services),
            Topic::Satisfaction => self.has(|f| *f == Field::Satisfaction),
            _ => false,
        }
    }

    fn photos_on_form(&self) -> usize {
        usize::from(self.has(|f| *f == Field::Photo))
    }
}

const YUBEI_MODES: &[(&str, &[VisitMode])] = &[
    ("电话问候", &[VisitMode::Phone]),
    ("上门探访", &[VisitMode::InPerson]),
    ("互联网音（视）频探访", &[VisitMode::Video]),
    ("其他", &[VisitMode::RemoteMonitoring, VisitMode::Other]),
];

const YUBEI_3: FormSpec = {
    use Band::{Care, Visit};
    use Boxes::{All, WithIllnessName};
    use Item::*;
    use Scale::{Change as Chg, IllnessChange as Ill, Safety as Saf};
    FormSpec {
        annex: "附件3",
        title: "渝北区特殊困难老年人探访关爱服务记录表",
        org_label: "服务人员所在单位：",
        org_above: false,
        remark: Some("备注：此表一式四份，区民政局、镇（街道）、村（社区）、服务人员所在单位各存档一份。"),
        rows: &[
            row(Band::None, "", "", Field::Heading("一、探访情况")),
            row(Visit, "探访方式", "", Field::Mode(YUBEI_MODES)),
            row(Visit, "家庭状况", "家庭人口", Field::Household),
            graded(Visit, "健康状况", "表达能力", Expression, Chg, All),
            graded(Visit, "健康状况", "行动能力", Mobility, Chg, All),
            graded(Visit, "健康状况", "疾病状况", Illness, Ill, WithIllnessName),
            graded(Visit, "精神状态", "情绪状态", Mood, Chg, All),
            graded(Visit, "安全情况", "燃气安全", Gas, Saf, All),
            graded(Visit, "安全情况", "水暖安全", Heating, Saf, All),
            graded(Visit, "安全情况", "用电安全", Electricity, Saf, All),
            graded(Visit, "卫生状况", "个人卫生", PersonalHygiene, Chg, All),
            graded(Visit, "卫生状况", "家庭卫生", HouseholdHygiene, Chg, All),
            graded(Visit, "居住环境", "室内环境", Indoor, Chg, All),
            row(
                Visit,
                "",
                "",
                Field::Text {
                    cell: Cell::Needs,
                    title: "老年人服务需求：",
                },
            ),
            row(
                Visit,
                "",
                "",
                Field::Text {
                    cell: Cell::Advice,
                    title: "实施关爱服务建议：",
                },
            ),
            row(
                Visit,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("探访人员（签字）", Fact::VisitorSignature),
                        ("被探访人（签字）", Fact::ElderConfirmation),
                        ("信息录入人（签字）", Fact::EnteredBy),
                        ("", Fact::SignedDate),
                    ],
                    stacked: true,
                },
            ),
            row(Band::None, "", "", Field::Heading("二、关爱服务情况")),
            row(Care, "", "", Field::Services),
            row(Care, "", "", Field::Satisfaction),
        ],
        routes: &[
            (Topic::Needs, Dest::Cell(Cell::Needs)),
            (Topic::NeedsNote, Dest::Cell(Cell::Needs)),
            (Topic::Economy, Dest::Cell(Cell::Needs)),
            (Topic::Support, Dest::Cell(Cell::Needs)),
            (Topic::ChildrenReturn, Dest::Cell(Cell::Needs)),
            (Topic::Problems, Dest::Cell(Cell::Advice)),
            (Topic::Referrals, Dest::Cell(Cell::Advice)),
            (Topic::Suggestions, Dest::Cell(Cell::Advice)),
            (Topic::Graded, Dest::Continuation),
        ],
    }
};

const EMEISHAN_1: FormSpec = {
    use Band::None as N;
    use Boxes::{All, NoMiddle};
    use Item::*;
    use Scale::{FourGrade as Four, Safety as Saf};
    const OTHER: Dest = Dest::Cell(Cell::Other);
    FormSpec {
        annex: "附件1",
        title: "巡访登记表",
        org_label: "巡访单位（盖章）：",
        org_above: true,
        remark: None,
        rows: &[
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("姓名", Fact::ElderName),
                        ("性别", Fact::ElderSex),
                        ("巡访时间", Fact::VisitTime),
                    ],
                    stacked: false,
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("类型", Fact::Tier(&["重点巡访", "普遍巡访"])),
                        ("巡访责任人", Fact::Visitors),
                    ],
                    stacked: false,
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[("住址", Fact::Address)],
                    stacked: false,
                },
            ),
            row(N, "", "", Field::Heading("巡访内容")),
            graded(N, "健康状况", "表达能力", Expression, Four, All),
            graded(N, "健康状况", "行动能力", Mobility, Four, All),
            graded(N, "健康状况", "疾病状况", Illness, Four, All),
            graded(N, "精神状态", "情绪状态", Mood, Four, All),
            graded(N, "精神状态", "思维状态", Thinking, Four, All),
            graded(N, "精神状态", "压力状态", Stress, Four, All),
            graded(N, "安全情况", "燃气安全", Gas, Saf, NoMiddle),
            graded(N, "安全情况", "取暖安全", Heating, Saf, NoMiddle),
            graded(N, "安全情况", "用电安全", Electricity, Saf, NoMiddle),
            row(N, "关爱服务", "生活照料", Field::Carer),
            row(N, "关爱服务", "精神慰藉", Field::Need(Need::EmotionalComfort)),
            row(N, "关爱服务", "权益维护", Field::Need(Need::RightsProtection)),
            row(N, "关爱服务", "安全监护", Field::Need(Need::SafetyMonitoring)),
            row(
                N,
                "其他情况说明",
                "",
                Field::Text {
                    cell: Cell::Other,
                    title: "",
                },
            ),
            row(N, "", "", Field::Photo),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[("巡访人员签名", Fact::VisitorSignature)],
                    stacked: false,
                },
            ),
        ],
        routes: &[
            (Topic::Mode, OTHER),
            (Topic::Problems, OTHER),
            (Topic::IllnessName, OTHER),
            (Topic::Graded, OTHER),
            (Topic::Household, OTHER),
            (Topic::Needs, OTHER),
            (Topic::NeedsNote, OTHER),
            (Topic::Support, OTHER),
            (Topic::Economy, OTHER),
            (Topic::ChildrenReturn, OTHER),
            (Topic::Services, OTHER),
            (Topic::Referrals, OTHER),
            (Topic::Suggestions, OTHER),
            (Topic::Satisfaction, OTHER),
        ],
    }
};

/// 临淄 身份类别: the form's boxes and the categories each stands for. Decision: 城乡留守老人
/// is ticked for 农村留守 (the form names no other kind of 留守); 独居, 空巢 and the rest are
/// written beside 其他.
const LINZI_CATEGORIES: &[(&str, &[&str])] = &[
    ("低保对象", &["低保"]),
    ("分散特困", &["分散供养特困"]),
    ("城乡留守老人", &["农村留守"]),
    ("重残老人", &["重残"]),
    ("其他", &[]),
];

/// 临淄 附件2, row by row as the seed has it. The seed's form has no signature or stamp line;
/// Decision: the last row prints who visited and how the elder confirmed (the record's
/// evidence), and the visitor's organisation is printed below the table like 渝北's.
const LINZI_2: FormSpec = {
    use Band::None as N;
    use Boxes::All;
    use Item::*;
    use Scale::ThreeGrade as Three;
    const OTHER: Dest = Dest::Cell(Cell::Other);
    FormSpec {
        annex: "附件2",
        title: "临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表",
        org_label: "探视单位：",
        org_above: false,
        remark: None,
        rows: &[
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("探视时间", Fact::VisitTime),
                        ("镇（街道）", Fact::Town),
                        ("村（居）", Fact::Village),
                        ("探视人", Fact::Visitors),
                    ],
                    stacked: false,
                },
            ),
            row(N, "", "", Field::Heading("老年人基本情况")),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("姓名", Fact::ElderName),
                        ("性别", Fact::ElderSex),
                        ("出生年月", Fact::BirthMonth),
                    ],
                    stacked: false,
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[("联系电话", Fact::Phone), ("具体住址（门牌号）", Fact::Address)],
                    stacked: false,
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("身份类别", Fact::Categories(LINZI_CATEGORIES)),
                        ("探视频次", Fact::MonthlyFrequency),
                    ],
                    stacked: false,
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[("户籍类别", Fact::UrbanRural), ("居住地址", Fact::Village)],
                    stacked: false,
                },
            ),
            row(N, "", "", Field::Heading("探视巡访情况")),
            graded(N, "", "生活自理", SelfCare, Three, All),
            graded(N, "", "疾病情况", Illness, Three, All),
            graded(N, "", "行动情况", Mobility, Three, All),
            graded(N, "", "个人卫生", PersonalHygiene, Three, All),
            graded(N, "", "室内环境", Indoor, Three, All),
            graded(N, "", "室外环境", Outdoor, Three, All),
            graded(N, "", "房屋安全", Housing, Three, All),
            graded(N, "", "燃气安全", Gas, Three, All),
            // Decision: the seed's 消防（取暖）安全 prints the record's 消防安全; a 取暖安全
            // grade, when recorded, is written under 其他需说明的问题.
            graded(N, "", "消防（取暖）安全", Fire, Three, All),
            graded(N, "", "疫情防控安全", Epidemic, Three, All),
            row(N, "", "", Field::Heading("老年人需求情况")),
            row(N, "", "居家服务需求", Field::NeedMet(&[Need::HomeServices])),
            row(N, "", "精神陪伴需求", Field::NeedMet(&[Need::EmotionalComfort])),
            row(
                N,
                "",
                "助餐助医需求",
                Field::NeedMet(&[Need::MealAssistance, Need::MedicalAssistance]),
            ),
            row(
                N,
                "",
                "其它需求",
                Field::Text {
                    cell: Cell::OtherNeeds,
                    title: "",
                },
            ),
            row(N, "", "", Field::Heading("子女返乡情况")),
            row(
                N,
                "",
                "子女计划返回时间",
                Field::Text {
                    cell: Cell::ChildrenReturn,
                    title: "",
                },
            ),
            row(
                N,
                "",
                "其他需说明的问题",
                Field::Text {
                    cell: Cell::Other,
                    title: "",
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("探视人签字", Fact::VisitorSignature),
                        ("老年人确认", Fact::ElderConfirmation),
                    ],
                    stacked: false,
                },
            ),
        ],
        routes: &[
            (Topic::Needs, Dest::Cell(Cell::OtherNeeds)),
            (Topic::NeedsNote, Dest::Cell(Cell::OtherNeeds)),
            (Topic::ChildrenReturn, Dest::Cell(Cell::ChildrenReturn)),
            (Topic::Mode, OTHER),
            (Topic::Problems, OTHER),
            (Topic::IllnessName, OTHER),
            (Topic::Graded, OTHER),
            (Topic::Household, OTHER),
            (Topic::Support, OTHER),
            (Topic::Economy, OTHER),
            (Topic::Services, OTHER),
            (Topic::Referrals, OTHER),
            (Topic::Suggestions, OTHER),
            (Topic::Satisfaction, OTHER),
        ],
    }
};

/// 江门 附件3's modes, in `DOMAIN.md` §4's words (电话问候 / 上门探访 / 音视频 / 远程监测 / 其他).
const JIANGMEN_MODES: &[(&str, &[VisitMode])] = &[
    ("电话问候", &[VisitMode::Phone]),
    ("上门探访", &[VisitMode::InPerson]),
    ("音视频", &[VisitMode::Video]),
    ("远程监测", &[VisitMode::RemoteMonitoring]),
    ("其他", &[VisitMode::Other]),
];

/// 江门 附件3. The seed names "3.广东省江门市特殊困难老年人探访关爱服务记录表" but does not
/// include it. Decision: the shared record format's sections in `DOMAIN.md` §4 order under
/// jiangmen's title — the visit (number, time, mode, visitors), 家庭状况, every graded item
/// (health, mental state, safety, hygiene, living environment) on 好/一般/较差 (safety on
/// 安全/较安全/不安全), 经济状况与赡养, the ten needs each with whether it was met, 子女返乡,
/// problems, services, referrals and suggestions, satisfaction, a photo and the three
/// confirmations; 类别 ticks the pack's A/B/C tier. To be checked against the real form.
const JIANGMEN_3: FormSpec = {
    use Band::None as N;
    use Boxes::{All, WithIllnessName};
    use Item::*;
    use Scale::{Safety as Saf, ThreeGrade as Three};
    FormSpec {
        annex: "附件3",
        title: "广东省江门市特殊困难老年人探访关爱服务记录表",
        org_label: "探访单位（盖章）：",
        org_above: false,
        remark: None,
        rows: &[
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("姓名", Fact::ElderName),
                        ("性别", Fact::ElderSex),
                        ("类别", Fact::Tier(&["A类", "B类", "C类"])),
                    ],
                    stacked: false,
                },
            ),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[("住址", Fact::Address)],
                    stacked: false,
                },
            ),
            row(N, "", "", Field::Heading("一、探访情况")),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("探访次数", Fact::VisitNo),
                        ("探访时间", Fact::VisitTime),
                        ("探访人员", Fact::Visitors),
                    ],
                    stacked: false,
                },
            ),
            row(N, "", "探访方式", Field::Mode(JIANGMEN_MODES)),
            row(N, "家庭状况", "家庭人口", Field::Household),
            graded(N, "健康状况", "表达能力", Expression, Three, All),
            graded(N, "健康状况", "行动能力", Mobility, Three, All),
            graded(N, "健康状况", "反应能力", Reaction, Three, All),
            graded(N, "健康状况", "疾病状况", Illness, Three, WithIllnessName),
            graded(N, "健康状况", "生活自理", SelfCare, Three, All),
            graded(N, "精神状态", "情绪状态", Mood, Three, All),
            graded(N, "精神状态", "思维状态", Thinking, Three, All),
            graded(N, "精神状态", "压力状态", Stress, Three, All),
            graded(N, "安全情况", "燃气安全", Gas, Saf, All),
            graded(N, "安全情况", "水暖（取暖）安全", Heating, Saf, All),
            graded(N, "安全情况", "用电安全", Electricity, Saf, All),
            graded(N, "安全情况", "房屋安全", Housing, Saf, All),
            graded(N, "安全情况", "消防安全", Fire, Saf, All),
            graded(N, "安全情况", "食品安全", Food, Saf, All),
            graded(N, "安全情况", "疫情防控安全", Epidemic, Saf, All),
            graded(N, "卫生状况", "个人卫生", PersonalHygiene, Three, All),
            graded(N, "卫生状况", "家庭卫生", HouseholdHygiene, Three, All),
            graded(N, "卫生状况", "周边卫生", Surroundings, Three, All),
            graded(N, "居住环境", "室内环境", Indoor, Three, All),
            graded(N, "居住环境", "室外环境", Outdoor, Three, All),
            graded(N, "居住环境", "邻里关系", Neighbours, Three, All),
            row(
                N,
                "",
                "经济状况与赡养",
                Field::Text {
                    cell: Cell::Economy,
                    title: "",
                },
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "生活照料",
                Field::NeedMet(&[Need::DailyCare]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "康复护理",
                Field::NeedMet(&[Need::RehabilitationNursing]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "精神慰藉",
                Field::NeedMet(&[Need::EmotionalComfort]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "紧急救援",
                Field::NeedMet(&[Need::EmergencyRescue]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "适老化改造",
                Field::NeedMet(&[Need::AgeFriendlyRenovation]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "助餐",
                Field::NeedMet(&[Need::MealAssistance]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "助医",
                Field::NeedMet(&[Need::MedicalAssistance]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "权益维护",
                Field::NeedMet(&[Need::RightsProtection]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "安全监护",
                Field::NeedMet(&[Need::SafetyMonitoring]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "居家服务",
                Field::NeedMet(&[Need::HomeServices]),
            ),
            row(
                N,
                "服务需求（需求 满足）",
                "其他需求",
                Field::Text {
                    cell: Cell::OtherNeeds,
                    title: "",
                },
            ),
            row(
                N,
                "",
                "子女计划返回时间",
                Field::Text {
                    cell: Cell::ChildrenReturn,
                    title: "",
                },
            ),
            row(N, "", "", Field::Heading("二、关爱服务情况")),
            row(
                N,
                "",
                "发现的问题",
                Field::Text {
                    cell: Cell::Problems,
                    title: "",
                },
            ),
            row(N, "", "", Field::Services),
            row(
                N,
                "",
                "转介与建议",
                Field::Text {
                    cell: Cell::Referrals,
                    title: "",
                },
            ),
            row(N, "", "", Field::Satisfaction),
            row(N, "", "", Field::Photo),
            row(
                N,
                "",
                "",
                Field::Pairs {
                    pairs: &[
                        ("探访人员（签字）", Fact::VisitorSignature),
                        ("被探访人（签字）", Fact::ElderConfirmation),
                        ("信息录入人（签字）", Fact::EnteredBy),
                        ("", Fact::SignedDate),
                    ],
                    stacked: true,
                },
            ),
        ],
        routes: &[
            (Topic::Economy, Dest::Cell(Cell::Economy)),
            (Topic::Support, Dest::Cell(Cell::Economy)),
            (Topic::Needs, Dest::Cell(Cell::OtherNeeds)),
            (Topic::NeedsNote, Dest::Cell(Cell::OtherNeeds)),
            (Topic::ChildrenReturn, Dest::Cell(Cell::ChildrenReturn)),
            (Topic::Problems, Dest::Cell(Cell::Problems)),
            (Topic::Referrals, Dest::Cell(Cell::Referrals)),
            (Topic::Suggestions, Dest::Cell(Cell::Referrals)),
        ],
    }
};

// ---------------------------------------------------------------------------------------------
// The renderer: the spec and the record make a page model; `pages/record/form.html` lays it
// out.

/// Where the record forms' template is (`api/templates/…`).
const TEMPLATE: &str = "pages/record/form.html";

/// One piece of a cell's line (serialised for the template, `kind` naming which).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Part {
    /// A box and its label: □ or ☑, and when ticked a footnote mark.
    Opt {
        ticked: bool,
        label: String,
        mark: String,
    },
    /// Words written beside the boxes.
    Beside {
        text: String,
    },
    /// A filled-in blank, e.g. 疾病名称：….
    Fill {
        text: String,
    },
    Text {
        text: String,
    },
    Br,
}

fn opt(ticked: bool, label: &str, mark: &str) -> Part {
    Part::Opt {
        ticked,
        label: label.to_owned(),
        mark: mark.to_owned(),
    }
}

fn text(text: impl Into<String>) -> Part {
    Part::Text { text: text.into() }
}

/// A label and its value in a label/value cell.
#[derive(Debug, Clone, Serialize)]
struct PairView {
    label: &'static str,
    value: Vec<Part>,
}

/// A photo as printed.
#[derive(Debug, Clone, Serialize)]
struct FigureView {
    n: usize,
    url: Option<String>,
    taken_at: String,
    caption: Option<String>,
}

/// What a cell holds, in order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Block {
    /// A title printed inside the cell.
    Title {
        text: String,
    },
    /// One line of its own.
    Line {
        parts: Vec<Part>,
    },
    /// Parts inline.
    Parts {
        parts: Vec<Part>,
    },
    /// Label/value cells side by side, or each label above its value.
    Pairs {
        stacked: bool,
        pairs: Vec<PairView>,
    },
    Figure(FigureView),
    /// A note in small print.
    Small {
        text: String,
    },
}

fn lines(lines: Vec<String>) -> Vec<Block> {
    lines
        .into_iter()
        .map(|l| Block::Line { parts: vec![text(l)] })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
struct CellView {
    class: &'static str,
    data_cell: Option<&'static str>,
    colspan: usize,
    blocks: Vec<Block>,
}

/// A spanning cell at the left: its text lines and how many rows it spans.
#[derive(Debug, Clone, Serialize)]
struct SpanView {
    rowspan: usize,
    lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct RowView {
    /// A heading across the table, spanning `span` columns.
    heading: Option<&'static str>,
    span: usize,
    band: Option<SpanView>,
    group: Option<SpanView>,
    label: Option<&'static str>,
    cell: Option<CellView>,
}

#[derive(Debug, Clone, Serialize)]
struct FormView {
    annex: &'static str,
    title: &'static str,
    org_label: &'static str,
    org_above: bool,
    remark: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct ContinuationView {
    visit_time: String,
    lines: Vec<Block>,
    photos: Vec<FigureView>,
}

/// Everything the template prints.
#[derive(Debug, Clone, Serialize)]
struct PageView {
    form: FormView,
    elder_name: String,
    status: String,
    org: String,
    /// 被探访人：… when the form has no row for the elder.
    elder_line: Option<String>,
    has_band: bool,
    rows: Vec<RowView>,
    notes: Vec<String>,
    /// What the continuation sheet holds, for the line pointing to it.
    continuation_hint: Option<String>,
    record_no: String,
    continuation: Option<ContinuationView>,
}

struct Renderer<'a> {
    spec: &'static FormSpec,
    r: &'a VisitRecord,
    ctx: &'a PrintContext,
    /// Footnotes (脚注), numbered in order.
    notes: Vec<String>,
}

impl Renderer<'_> {
    fn page(mut self) -> PageView {
        let spec = self.spec;
        let rows = self.rows();
        let continuation = self.routed(Dest::Continuation);
        let photo_count = self.r.photos.len().saturating_sub(spec.photos_on_form());
        let has_continuation = !continuation.is_empty() || photo_count > 0;
        let org = self
            .r
            .organisation
            .as_ref()
            .map(|o| o.name.as_str().to_owned())
            .unwrap_or_default();
        let elder_line = (!spec.prints(Fact::ElderName)).then(|| {
            let sex = paren(Some(self.ctx.elder_sex.clone()).filter(|x| !x.is_empty()));
            format!("被探访人：{}{sex}", self.ctx.elder_name)
        });
        let continuation_hint = has_continuation.then(|| {
            let photos = if spec.photos_on_form() > 0 {
                "其余照片"
            } else {
                "照片"
            };
            match (continuation.is_empty(), photo_count > 0) {
                (false, true) => format!("本表未设栏目的记录项及{photos}"),
                (false, false) => "本表未设栏目的记录项".to_owned(),
                (true, _) => photos.to_owned(),
            }
        });
        let continuation = has_continuation.then(|| ContinuationView {
            visit_time: visit_time(self.r),
            lines: lines(continuation),
            photos: (spec.photos_on_form()..self.r.photos.len())
                .filter_map(|i| self.figure(i))
                .collect(),
        });
        PageView {
            form: FormView {
                annex: spec.annex,
                title: spec.title,
                org_label: spec.org_label,
                org_above: spec.org_above,
                remark: spec.remark,
            },
            elder_name: self.ctx.elder_name.clone(),
            status: self.ctx.status_label.clone(),
            org,
            elder_line,
            has_band: spec.rows.iter().any(|r| r.band != Band::None),
            rows,
            notes: std::mem::take(&mut self.notes),
            continuation_hint,
            record_no: self.ctx.record_no.clone(),
            continuation,
        }
    }

    /// The form's rows; footnote marks are collected in `self.notes`.
    fn rows(&mut self) -> Vec<RowView> {
        let rows = self.spec.rows;
        let has_band = rows.iter().any(|r| r.band != Band::None);
        let mut out = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|p| rows.get(p));
            let run = |same: &dyn Fn(&Row) -> bool| rows.iter().skip(i).take_while(|r| same(r)).count();
            let mut view = RowView {
                heading: None,
                span: if has_band { 4 } else { 3 },
                band: None,
                group: None,
                label: None,
                cell: None,
            };
            if let Field::Heading(text) = row.field {
                view.heading = Some(text);
                out.push(view);
                continue;
            }
            if row.band != Band::None && previous.is_none_or(|p| p.band != row.band) {
                view.band = Some(SpanView {
                    rowspan: run(&|r| r.band == row.band),
                    lines: self.band(row.band),
                });
            }
            let mut width = 3;
            if !row.group.is_empty() {
                width -= 1;
                if previous.is_none_or(|p| p.group != row.group) {
                    view.group = Some(SpanView {
                        rowspan: run(&|r| r.group == row.group),
                        lines: vec![row.group.to_owned()],
                    });
                }
            }
            if !row.label.is_empty() {
                width -= 1;
                view.label = Some(row.label);
            }
            view.cell = Some(self.field(row, width));
            out.push(view);
        }
        out
    }

    fn band(&self, band: Band) -> Vec<String> {
        match band {
            Band::None => Vec::new(),
            Band::Visit => vec![
                format!(
                    "第 {} 次开展探访",
                    self.r.visit_no.map(|n| n.to_string()).unwrap_or_else(|| "　".into())
                ),
                date_zh(self.r.started_at),
                time_range(self.r.started_at, self.r.ended_at),
            ],
            Band::Care => match self.services_date() {
                Some(date) => vec![
                    format!(
                        "第 {} 次 开展关爱",
                        self.ctx
                            .care_service_no
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| "　".into())
                    ),
                    date,
                ],
                None => vec!["第　　次 开展关爱".into(), "　年　月　日".into()],
            },
        }
    }

    /// The row's value cell.
    fn field(&mut self, row: &Row, colspan: usize) -> CellView {
        let cell = |class: &'static str, blocks: Vec<Block>| CellView {
            class,
            data_cell: None,
            colspan,
            blocks,
        };
        let parts = |parts: Vec<Part>| vec![Block::Parts { parts }];
        match row.field {
            Field::Heading(_) => cell("", Vec::new()),
            Field::Pairs { pairs, stacked } => cell(
                "nest",
                vec![Block::Pairs {
                    stacked,
                    pairs: pairs
                        .iter()
                        .map(|(label, fact)| PairView {
                            label,
                            value: self.fact(*fact),
                        })
                        .collect(),
                }],
            ),
            Field::Mode(options) => cell("opts", parts(self.mode(options))),
            Field::Household => cell("opts", parts(self.household())),
            Field::Graded { item, scale, boxes } => cell("opts", parts(self.graded(row.label, item, scale, boxes))),
            Field::Carer => cell("opts", parts(self.carer())),
            Field::Need(need) => {
                let needed = self.r.needs.iter().find(|n| n.need == need).map(|n| n.needed);
                cell(
                    "opts",
                    parts(vec![
                        opt(needed == Some(true), "有需求", ""),
                        opt(needed == Some(false), "无需求", ""),
                    ]),
                )
            }
            Field::NeedMet(needs) => {
                let recorded: Vec<_> = self.r.needs.iter().filter(|n| needs.contains(&n.need)).collect();
                let needed = (!recorded.is_empty()).then(|| recorded.iter().any(|n| n.needed));
                let wanted: Vec<_> = recorded.iter().filter(|n| n.needed).collect();
                let met = if wanted.iter().any(|n| n.met == Some(false)) {
                    Some(false)
                } else if !wanted.is_empty() && wanted.iter().all(|n| n.met == Some(true)) {
                    Some(true)
                } else {
                    None
                };
                cell(
                    "opts",
                    parts(vec![
                        opt(needed == Some(true), "是", ""),
                        opt(needed == Some(false), "否", ""),
                        text("满足"),
                        opt(met == Some(true), "是", ""),
                        opt(met == Some(false), "否", ""),
                    ]),
                )
            }
            Field::Text { cell: which, title } => {
                let mut blocks = Vec::new();
                if !title.is_empty() {
                    blocks.push(Block::Title { text: title.into() });
                }
                blocks.extend(lines(self.routed(Dest::Cell(which))));
                CellView {
                    class: "text",
                    data_cell: Some(which.code()),
                    colspan,
                    blocks,
                }
            }
            Field::Services => cell("text", self.services()),
            Field::Satisfaction => {
                let s = self.r.satisfaction.as_ref();
                let said = join(
                    [
                        s.and_then(|s| s.rating).map(|r| r.label_zh().to_owned()),
                        s.and_then(|s| s.comment.as_ref()).map(|c| c.as_str().to_owned()),
                    ],
                    "；",
                );
                cell(
                    "text",
                    vec![
                        Block::Title {
                            text: "老年人服务满意度评价：".into(),
                        },
                        Block::Parts {
                            parts: vec![text(said)],
                        },
                    ],
                )
            }
            Field::Photo => {
                let mut blocks = vec![Block::Title {
                    text: "巡访照片粘贴处".into(),
                }];
                blocks.extend(self.figure(0).map(Block::Figure));
                if self.r.photos.len() > 1 {
                    let rest = self.r.photos.len() - 1;
                    blocks.push(Block::Small {
                        text: format!("其余 {rest} 张照片见《探访记录附页》。"),
                    });
                }
                cell("photo", blocks)
            }
        }
    }

    fn fact(&self, fact: Fact) -> Vec<Part> {
        let (r, ctx) = (self.r, self.ctx);
        let co_visitors = r
            .co_visitors
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("、");
        match fact {
            Fact::ElderName => vec![text(ctx.elder_name.as_str())],
            Fact::ElderSex => vec![text(ctx.elder_sex.as_str())],
            Fact::Address => vec![text(ctx.elder_address.as_str())],
            Fact::VisitTime => vec![text(visit_time(r))],
            Fact::Tier(options) => {
                let tier = ctx.tier_label.as_deref();
                let mut out: Vec<Part> = options.iter().map(|o| opt(tier == Some(*o), o, "")).collect();
                if let Some(other) = tier.filter(|t| !options.contains(t)) {
                    out.push(Part::Beside { text: other.to_owned() });
                }
                out
            }
            Fact::Visitors if co_visitors.is_empty() => vec![text(r.visitor.name.as_str())],
            Fact::Visitors => vec![text(format!("{}（同行：{co_visitors}）", r.visitor.name.as_str()))],
            Fact::VisitorSignature => {
                let mut out = vec![text(format!("{} 已签字（电子签名）", r.visitor.name.as_str()))];
                if !co_visitors.is_empty() && !self.spec.prints(Fact::Visitors) {
                    out.push(Part::Br);
                    out.push(text(format!("同行人员：{co_visitors}")));
                }
                out
            }
            Fact::ElderConfirmation => {
                let elder = &r.confirmation.elder;
                let how = match elder.method {
                    ElderConfirmationMethod::Signature => "已签字（电子签名）".to_string(),
                    ElderConfirmationMethod::ReadOutCode => "口述确认码核验 ✓".to_string(),
                    ElderConfirmationMethod::SignedPaper => "已在纸质表上签字（原件存档）".to_string(),
                    ElderConfirmationMethod::ConfirmedByPhone => match &elder.confirmed_by {
                        Some(by) => format!("电话确认（{} 致电）", by.name.as_str()),
                        None => "电话确认".to_string(),
                    },
                };
                vec![text(format!("{how} {}", datetime_zh(elder.confirmed_at)))]
            }
            Fact::EnteredBy => {
                let entered = &r.confirmation.entered_by;
                vec![
                    text(entered.person.name.as_str()),
                    Part::Br,
                    text(format!("录入于 {}", datetime_zh(entered.entered_at))),
                ]
            }
            Fact::SignedDate => vec![text(date_zh(r.confirmation.visitor.confirmed_at))],
            Fact::BirthMonth => vec![text(ctx.elder_birth_month.as_str())],
            Fact::Phone => vec![text(ctx.elder_phone.as_str())],
            Fact::Categories(boxes) => {
                let boxed = |c: &String| boxes.iter().any(|(_, cs)| cs.contains(&c.as_str()));
                let others: Vec<&str> = ctx
                    .categories
                    .iter()
                    .filter(|c| !boxed(c))
                    .map(String::as_str)
                    .collect();
                let mut out: Vec<Part> = boxes
                    .iter()
                    .map(|(label, cs)| {
                        let ticked = if cs.is_empty() {
                            !others.is_empty()
                        } else {
                            ctx.categories.iter().any(|c| cs.contains(&c.as_str()))
                        };
                        opt(ticked, label, "")
                    })
                    .collect();
                if !others.is_empty() {
                    out.push(Part::Beside {
                        text: others.join("、"),
                    });
                }
                out
            }
            Fact::UrbanRural => ["农村", "城镇"]
                .iter()
                .map(|o| opt(ctx.urban_rural == *o, o, ""))
                .collect(),
            Fact::MonthlyFrequency => vec![text("每月　　次")],
            Fact::Town => vec![text(ctx.town.as_str())],
            Fact::Village => vec![text(ctx.village.as_str())],
            Fact::VisitNo => vec![text(
                r.visit_no
                    .map(|n| format!("第 {n} 次探访"))
                    .unwrap_or_else(|| "第　　次探访".into()),
            )],
        }
    }

    fn mode(&self, options: &[(&str, &[VisitMode])]) -> Vec<Part> {
        options
            .iter()
            .map(|(label, modes)| {
                let ticked = modes.contains(&self.r.mode);
                if ticked && modes.len() > 1 {
                    opt(true, &format!("{label} {}", mode_text(self.r)), "")
                } else {
                    opt(ticked, label, "")
                }
            })
            .collect()
    }

    fn household(&self) -> Vec<Part> {
        let h = self.r.household.as_ref();
        let count = |n: Option<u8>| {
            n.filter(|n| *n > 0)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "　".into())
        };
        let (added, removed) = (h.map(|h| h.added), h.map(|h| h.removed));
        let mut out = vec![
            opt(added == Some(0) && removed == Some(0), "无变化", ""),
            opt(added.is_some_and(|n| n > 0), &format!("增加 {} 人", count(added)), ""),
            opt(
                removed.is_some_and(|n| n > 0),
                &format!("减少 {} 人", count(removed)),
                "",
            ),
        ];
        if let Some(note) = h.and_then(|h| h.note.as_ref()) {
            out.push(Part::Beside {
                text: format!("（{}）", note.as_str()),
            });
        }
        out
    }

    /// A graded row on the form's own scale (§5.1, §5.2).
    fn graded(&mut self, label: &str, item: Item, scale: Scale, boxes: Boxes) -> Vec<Part> {
        let recorded = item.get(self.r);
        let shown = recorded.map(|g| g.convert_to(scale));
        let mark = match (recorded, shown) {
            (Some(g), Some(s)) if g.scale() != scale => {
                let approx = if matches!(
                    s,
                    Grade::Change(Change::Unchanged) | Grade::IllnessChange(IllnessChange::Unchanged)
                ) {
                    "；印作“无变化”系近似，原记录并非与上次探访比较"
                } else {
                    ""
                };
                self.note(format!(
                    "{label}：按统一等级换算，原记录：{}（{}）{approx}",
                    g.label_zh(),
                    g.scale().label_zh()
                ))
            }
            _ => String::new(),
        };
        let mut out = Vec::new();
        let mut boxed = false;
        for value in scale.values() {
            if boxes == Boxes::NoMiddle && value.to_level() == Level::Fair {
                continue;
            }
            let ticked = shown == Some(value);
            boxed |= ticked;
            out.push(opt(ticked, value.label_zh(), if ticked { &mark } else { "" }));
            if boxes == Boxes::WithIllnessName && value.to_level() == Level::Poor {
                let name = self.r.health.as_ref().and_then(|h| h.illness_name.as_ref());
                let name = name.map(|n| n.as_str().to_owned()).unwrap_or_else(|| "　　　".into());
                out.push(Part::Fill {
                    text: format!("疾病名称：{name}"),
                });
            }
        }
        if let Some(value) = shown.filter(|_| !boxed) {
            out.push(Part::Beside {
                text: format!("{}{mark}", value.label_zh()),
            });
        }
        out
    }

    /// 峨眉山 生活照料 (§5.5): `support.hasCarer`, else 无人照料 when 生活照料 is needed and not met.
    fn carer(&mut self) -> Vec<Part> {
        let recorded = self.r.support.as_ref().and_then(|s| s.has_carer);
        let unmet = self
            .r
            .needs
            .iter()
            .any(|n| n.need == Need::DailyCare && n.needed && n.met == Some(false));
        let (value, mark) = match recorded {
            Some(v) => (Some(v), String::new()),
            None if unmet => (
                Some(false),
                self.note("生活照料：记录未填有无人照料，据“生活照料：有需求、未满足”推定为无人照料".into()),
            ),
            None => (None, String::new()),
        };
        vec![
            opt(value == Some(true), "有人照料", ""),
            opt(value == Some(false), "无人照料", &mark),
        ]
    }

    /// 渝北 关爱服务情况 with 服务人员签字（盖章）: providers default to the visitor (§4).
    fn services(&self) -> Vec<Block> {
        let r = self.r;
        let mut out = vec![Block::Title {
            text: "关爱服务情况：".into(),
        }];
        let mut providers: Vec<&str> = Vec::new();
        for s in &r.services_given {
            let by = s.provided_by.as_ref().unwrap_or(&r.visitor).name.as_str();
            if !providers.contains(&by) {
                providers.push(by);
            }
            let at = s.provided_at.map(datetime_zh);
            out.push(Block::Line {
                parts: vec![text(format!("{}{}", s.description.as_str(), paren(at)))],
            });
        }
        let org = r
            .organisation
            .as_ref()
            .map(|o| format!("（{}）", o.name.as_str()))
            .unwrap_or_default();
        let date = self.services_date().unwrap_or_else(|| "　年　月　日".into());
        let names = if providers.is_empty() {
            String::new()
        } else {
            providers.join("、") + &org
        };
        out.push(Block::Line {
            parts: vec![
                text(format!("服务人员签字（盖章）：{names}")),
                Part::Beside { text: date },
            ],
        });
        out
    }

    /// The date of the first service given (default: the visit), if any was given.
    fn services_date(&self) -> Option<String> {
        let first = self.r.services_given.first()?;
        Some(date_zh(first.provided_at.unwrap_or(self.r.started_at)))
    }

    fn figure(&self, index: usize) -> Option<FigureView> {
        let photo = self.r.photos.get(index)?;
        Some(FigureView {
            n: index + 1,
            url: self.ctx.photo_urls.get(index).cloned(),
            taken_at: datetime_zh(photo.taken_at),
            caption: photo.caption.as_ref().map(|c| c.as_str().to_owned()),
        })
    }

    /// Adds a footnote and returns its mark.
    fn note(&mut self, text: String) -> String {
        self.notes.push(text);
        format!("＊{}", self.notes.len())
    }

    /// The "label：value" lines routed to `dest`, in route order (plain text).
    fn routed(&self, dest: Dest) -> Vec<String> {
        self.spec
            .routes
            .iter()
            .filter(|(_, d)| *d == dest)
            .flat_map(|(t, _)| self.topic_lines(*t))
            .collect()
    }

    /// A topic's lines for items the form has no row for (§5.6).
    fn topic_lines(&self, topic: Topic) -> Vec<String> {
        let (r, spec) = (self.r, self.spec);
        if spec.covers(topic) {
            return Vec::new();
        }
        let text = |t: Option<&str>, label: &str| t.map(|t| format!("{label}：{t}"));
        let flag = |b: Option<bool>, label: &str| b.map(|b| format!("{label}：{}", if b { "是" } else { "否" }));
        let out: Vec<Option<String>> = match topic {
            Topic::Mode => vec![(r.mode != VisitMode::InPerson).then(|| format!("探访方式：{}", mode_text(r)))],
            Topic::Household => r
                .household
                .as_ref()
                .map(|h| {
                    let change = match (h.added, h.removed) {
                        (0, 0) => "无变化".to_owned(),
                        (a, 0) => format!("增加 {a} 人"),
                        (0, d) => format!("减少 {d} 人"),
                        (a, d) => format!("增加 {a} 人，减少 {d} 人"),
                    };
                    let note = h
                        .note
                        .as_ref()
                        .map(|n| format!("（{}）", n.as_str()))
                        .unwrap_or_default();
                    vec![Some(format!("家庭人口：{change}{note}"))]
                })
                .unwrap_or_default(),
            Topic::IllnessName => {
                vec![text(
                    r.health
                        .as_ref()
                        .and_then(|h| h.illness_name.as_ref())
                        .map(super::format::Text::as_str),
                    "疾病名称",
                )]
            }
            Topic::Graded => Item::ALL
                .iter()
                .filter(|i| !spec.has_item(**i))
                .map(|i| i.get(r).map(|g| format!("{}：{}", i.label(), g.label_zh())))
                .collect(),
            Topic::Needs => r
                .needs
                .iter()
                .map(|n| {
                    let met_row = spec.has(|f| matches!(f, Field::NeedMet(needs) if needs.contains(&n.need)));
                    let has_row = met_row || spec.has(|f| *f == Field::Need(n.need));
                    let needed = (!has_row).then(|| if n.needed { "有需求" } else { "无需求" }.to_owned());
                    let met = n
                        .met
                        .filter(|_| !met_row)
                        .map(|m| if m { "已满足" } else { "未满足" }.to_owned());
                    let urgent = n.urgent.filter(|u| *u).map(|_| "紧急".to_owned());
                    let state = join([needed, met, urgent], "，");
                    let value = join([Some(state), n.note.as_ref().map(|x| x.as_str().to_owned())], "；");
                    (!value.is_empty()).then(|| format!("{}：{value}", n.need.label_zh()))
                })
                .collect(),
            Topic::NeedsNote => vec![text(r.needs_note.as_ref().map(super::format::Text::as_str), "其他需求")],
            Topic::Economy => {
                let e = r.economy.as_ref();
                vec![
                    text(
                        e.and_then(|e| e.difficulties.as_ref()).map(super::format::Text::as_str),
                        "生活困难",
                    ),
                    text(
                        e.and_then(|e| e.benefits.as_ref()).map(super::format::Text::as_str),
                        "社会保障待遇",
                    ),
                ]
            }
            Topic::Support => {
                let s = r.support.as_ref();
                let carer = s
                    .and_then(|s| s.has_carer)
                    .filter(|_| !spec.has(|f| *f == Field::Carer));
                vec![
                    flag(s.and_then(|s| s.children_visit_often), "子女经常看望或问候"),
                    flag(s.and_then(|s| s.maintenance_fulfilled), "履行赡养扶养义务"),
                    carer.map(|c| format!("生活照料：{}", if c { "有人照料" } else { "无人照料" })),
                    flag(s.and_then(|s| s.abuse_or_neglect), "疑似虐待或疏于照料"),
                    text(
                        s.and_then(|s| s.note.as_ref()).map(super::format::Text::as_str),
                        "赡养照料说明",
                    ),
                ]
            }
            Topic::ChildrenReturn => {
                let c = r.children_return.as_ref();
                let date = c
                    .and_then(|c| c.planned_date)
                    .map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day()));
                let value = join(
                    [date, c.and_then(|c| c.note.as_ref()).map(|n| n.as_str().to_owned())],
                    "；",
                );
                vec![(!value.is_empty()).then(|| format!("子女计划返回时间：{value}"))]
            }
            Topic::Problems => vec![text(
                r.problems_found.as_ref().map(super::format::Text::as_str),
                "发现的问题",
            )],
            Topic::Referrals => r
                .referrals
                .iter()
                .map(|x| {
                    let urgent = if x.urgent == Some(true) { "（紧急）" } else { "" };
                    Some(format!(
                        "转介（{}）：{}{urgent}",
                        x.target.label_zh(),
                        x.detail.as_str()
                    ))
                })
                .collect(),
            Topic::Suggestions => vec![text(
                r.suggestions.as_ref().map(super::format::Text::as_str),
                "服务建议",
            )],
            Topic::Services => r
                .services_given
                .iter()
                .map(|s| {
                    let when = s.provided_at.map(datetime_zh);
                    let by = s.provided_by.as_ref().map(|p| p.name.as_str().to_owned());
                    let detail = join([when, by], "，");
                    let detail = if detail.is_empty() {
                        detail
                    } else {
                        format!("（{detail}）")
                    };
                    Some(format!("关爱服务：{}{detail}", s.description.as_str()))
                })
                .collect(),
            Topic::Satisfaction => {
                let s = r.satisfaction.as_ref();
                let value = join(
                    [
                        s.and_then(|s| s.rating).map(|x| x.label_zh().to_owned()),
                        s.and_then(|s| s.comment.as_ref()).map(|c| c.as_str().to_owned()),
                    ],
                    "；",
                );
                vec![(!value.is_empty()).then(|| format!("服务满意度：{value}"))]
            }
        };
        out.into_iter().flatten().collect()
    }
}

/// The present parts, joined.
fn join<const N: usize>(parts: [Option<String>; N], sep: &str) -> String {
    parts
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

fn paren(text: Option<String>) -> String {
    text.map(|t| format!("（{t}）")).unwrap_or_default()
}

/// How the visit was made, in words (探访方式).
fn mode_text(r: &VisitRecord) -> String {
    match (r.mode, r.mode_note.as_ref()) {
        (VisitMode::Other, Some(note)) => note.as_str().to_owned(),
        (mode, _) => mode.label_zh().to_owned(),
    }
}

fn beijing(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    t.with_timezone(&DISTRICT_OFFSET)
}

/// `2024年5月6日`, in Beijing time.
fn date_zh(t: DateTime<FixedOffset>) -> String {
    let d = beijing(t).date_naive();
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2024年5月6日 09:30`, in Beijing time (plain text).
fn datetime_zh(t: DateTime<FixedOffset>) -> String {
    format!("{} {}", date_zh(t), beijing(t).format("%H:%M"))
}

/// `09:30–10:15`, or with dates when the visit crosses midnight.
fn time_range(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> String {
    if beijing(start).date_naive() == beijing(end).date_naive() {
        format!("{}–{}", beijing(start).format("%H:%M"), beijing(end).format("%H:%M"))
    } else {
        format!("{} – {}", datetime_zh(start), datetime_zh(end))
    }
}

/// The visit's date and time range.
fn visit_time(r: &VisitRecord) -> String {
    let range = time_range(r.started_at, r.ended_at);
    if range.contains('年') {
        range
    } else {
        format!("{} {range}", date_zh(r.started_at))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::{json, Value};

    use super::*;
    use crate::domain::record::format::tests::{minimal_json, now, parse_at};

    fn ctx() -> PrintContext {
        PrintContext {
            elder_name: "王秀英".into(),
            elder_sex: "女".into(),
            elder_address: "某村 3 组".into(),
            tier_label: Some("重点巡访".into()),
            care_service_no: Some(2),
            photo_urls: vec!["/photos/1.jpg".into(), "/photos/2.jpg".into()],
            status_label: "已审核".into(),
            elder_birth_month: "1941年3月".into(),
            elder_phone: "138****5678".into(),
            categories: vec!["农村留守".into(), "独居".into()],
            urban_rural: "农村".into(),
            town: "凤凰镇".into(),
            village: "白鹤村".into(),
            record_no: "2026-000123".into(),
        }
    }

    fn print(form: PaperForm, record: &Value) -> String {
        render_html(form, &parse_at(record), &ctx()).unwrap()
    }

    fn with(fields: &Value) -> Value {
        let mut record = minimal_json();
        for (key, value) in fields.as_object().unwrap() {
            record[key] = value.clone();
        }
        record
    }

    /// The `<tr>` whose label cell is `label`.
    fn row<'a>(html: &'a str, label: &str) -> &'a str {
        let at = html
            .find(&format!(">{label}</th>"))
            .unwrap_or_else(|| panic!("no row {label}"));
        let start = html[..at].rfind("<tr>").unwrap();
        let end = at + html[at..].find("</tr>").unwrap();
        &html[start..end]
    }

    /// The text of a free-text cell (`data-cell`), tags stripped, lines separated by '\n'.
    fn cell(html: &str, code: &str) -> String {
        let start = html.find(&format!("data-cell=\"{code}\"")).unwrap();
        let body = &html[start + html[start..].find('>').unwrap() + 1..];
        let body = &body[..body.find("</td>").unwrap()];
        body.replace("</div>", "\n")
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect()
    }

    fn continuation(html: &str) -> Option<&str> {
        html.find("class=\"sheet continuation\"").map(|at| &html[at..])
    }

    fn grade(scale: &str, value: &str) -> Value {
        json!({"scale": scale, "value": value})
    }

    #[test]
    fn the_visit_form_grades_each_item_on_the_districts_paper_form_one_scale_a_section() {
        let of = |form: Option<PaperForm>| -> std::collections::HashMap<&'static str, Scale> {
            item_scales(form).into_iter().collect()
        };
        let yubei = of(Some(PaperForm::Yubei3));
        assert_eq!(yubei.len(), 21);
        assert_eq!(yubei["health.mobility"], Scale::Change);
        assert_eq!(yubei["health.illness"], Scale::IllnessChange);
        // No row on 渝北 附件3: the section's scale, never illness_change.
        assert_eq!(yubei["health.reaction"], Scale::Change);
        assert_eq!(yubei["mental.thinking"], Scale::Change);
        assert_eq!(yubei["safety.housing"], Scale::Safety);
        assert_eq!(yubei["environment.neighbours"], Scale::Change);
        let emeishan = of(Some(PaperForm::Emeishan1));
        assert_eq!(emeishan["health.selfCare"], Scale::FourGrade);
        assert_eq!(emeishan["safety.fire"], Scale::Safety);
        // 峨眉山 grades no hygiene: the common three-step scale.
        assert_eq!(emeishan["hygiene.personal"], Scale::ThreeGrade);
        let linzi = of(Some(PaperForm::Linzi2));
        assert!(linzi.values().all(|s| *s == Scale::ThreeGrade), "{linzi:?}");
        assert!(of(None).values().all(|s| *s == Scale::ThreeGrade));
        // One scale per section on every form.
        for form in PaperForm::ALL {
            let scales = item_scales(Some(*form));
            for section in ["mental", "safety", "hygiene", "environment"] {
                let used: std::collections::BTreeSet<_> = scales
                    .iter()
                    .filter(|(p, _)| p.starts_with(section))
                    .map(|(_, s)| *s)
                    .collect();
                assert_eq!(used.len(), 1, "{form:?} {section}: {used:?}");
            }
        }
    }

    #[test]
    fn codes_parse_back() {
        for form in PaperForm::ALL {
            assert_eq!(PaperForm::parse(form.code()), Some(*form));
        }
        assert_eq!(PaperForm::parse("yubei-3"), Some(PaperForm::Yubei3));
        assert_eq!(PaperForm::parse("linzi-2"), Some(PaperForm::Linzi2));
        assert_eq!(PaperForm::parse("linzi-9"), None);
        assert_eq!(PaperForm::Emeishan1.title(), "巡访登记表");
    }

    #[test]
    fn a_worse_mobility_is_converted_and_footnoted_on_emeishan_only() {
        let record = with(&json!({"health": {"mobility": grade("change", "worse")}}));
        let emeishan = print(PaperForm::Emeishan1, &record);
        let mobility = row(&emeishan, "行动能力");
        assert!(mobility.contains("☑差＊1"), "{mobility}");
        assert!(
            mobility.contains("□优") && mobility.contains("□良") && mobility.contains("□中"),
            "{mobility}"
        );
        assert!(emeishan.contains("＊1 行动能力：按统一等级换算，原记录：较差（无变化/较好/较差）"));

        let yubei = print(PaperForm::Yubei3, &record);
        let mobility = row(&yubei, "行动能力");
        assert!(
            mobility.contains("☑较差") && mobility.contains("□无变化") && mobility.contains("□较好"),
            "{mobility}"
        );
        assert!(!yubei.contains('＊'), "no footnote on the visitor's own scale");
    }

    #[test]
    fn fair_printed_as_unchanged_is_footnoted_as_an_approximation() {
        let record = with(&json!({"health": {"expression": grade("three_grade", "fair")}}));
        let yubei = print(PaperForm::Yubei3, &record);
        assert!(row(&yubei, "表达能力").contains("☑无变化＊1"));
        assert!(yubei.contains("原记录：一般（好/一般/较差）；印作“无变化”系近似"));
    }

    #[test]
    fn fairly_safe_on_emeishan_leaves_both_boxes_empty_with_the_words_beside() {
        let record = with(&json!({"safety": {
            "heating": grade("safety", "fairly_safe"),
            "gas": grade("three_grade", "fair"),
            "electricity": grade("safety", "unsafe"),
        }}));
        let html = print(PaperForm::Emeishan1, &record);
        let heating = row(&html, "取暖安全");
        assert!(
            heating.contains("□安全") && heating.contains("□不安全") && !heating.contains('☑'),
            "{heating}"
        );
        assert!(heating.contains("较安全</span>"), "{heating}");
        // From another scale: the same, plus a footnote.
        assert!(row(&html, "燃气安全").contains("较安全＊1"));
        assert!(row(&html, "用电安全").contains("☑不安全"));
        // 渝北 has the middle box.
        let yubei = print(PaperForm::Yubei3, &record);
        assert!(row(&yubei, "水暖安全").contains("☑较安全"));
    }

    #[test]
    fn unticked_boxes_are_empty_and_ticked_ones_checked() {
        let record = with(&json!({"health": {"expression": grade("change", "unchanged")}}));
        let yubei = print(PaperForm::Yubei3, &record);
        let expression = row(&yubei, "表达能力");
        assert_eq!(expression.matches('☑').count(), 1);
        assert!(expression.contains("☑无变化") && expression.contains("□较好") && expression.contains("□较差"));
        // An absent item is an empty row, never a default.
        let mood = row(&yubei, "情绪状态");
        assert!(!mood.contains('☑') && mood.matches('□').count() == 3, "{mood}");
    }

    #[test]
    fn the_read_out_code_is_never_printed() {
        let record = minimal_json();
        for form in PaperForm::ALL {
            assert!(!print(*form, &record).contains("482731"), "{form:?}");
        }
        let yubei = print(PaperForm::Yubei3, &record);
        assert!(yubei.contains("口述确认码核验 ✓ 2026年5月6日 09:19"));
    }

    #[test]
    fn text_from_the_record_and_the_caller_is_escaped() {
        let record = with(&json!({"problemsFound": "<script>alert(1)</script>", "suggestions": "a & \"b\""}));
        let mut context = ctx();
        context.elder_name = "<img src=x onerror=alert(1)>".into();
        context.photo_urls = vec!["\"><script>".into()];
        for form in PaperForm::ALL {
            let html = render_html(*form, &parse_at(&record), &context).unwrap();
            assert!(!html.contains("<script") && !html.contains("<img src=x"), "{form:?}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{form:?}");
            assert!(html.contains("a &amp; &quot;b&quot;"), "{form:?}");
        }
    }

    #[test]
    fn a_phone_visit_on_emeishan_starts_the_other_cell_with_the_mode() {
        let record = with(&json!({"problemsFound": "腿脚不便"}));
        let html = print(PaperForm::Emeishan1, &record);
        let other = cell(&html, "other");
        assert!(other.starts_with("探访方式：电话问候\n发现的问题：腿脚不便"), "{other}");
        let in_person = with(&json!({"mode": "in_person"}));
        assert!(!cell(&print(PaperForm::Emeishan1, &in_person), "other").contains("探访方式"));
    }

    #[test]
    fn yubei_ticks_the_mode_and_names_other_modes() {
        let yubei = print(PaperForm::Yubei3, &with(&json!({"mode": "remote_monitoring"})));
        let mode = row(&yubei, "探访方式");
        assert!(mode.contains("☑其他 远程监测"), "{mode}");
        assert!(mode.contains("□电话问候") && mode.contains("□上门探访") && mode.contains("□互联网音（视）频探访"));
        let video = print(PaperForm::Yubei3, &with(&json!({"mode": "video"})));
        assert!(row(&video, "探访方式").contains("☑互联网音（视）频探访"));
        let other = print(
            PaperForm::Yubei3,
            &with(&json!({"mode": "other", "modeNote": "微信留言"})),
        );
        assert!(row(&other, "探访方式").contains("☑其他 微信留言"));
    }

    #[test]
    fn items_without_a_row_go_to_the_continuation_sheet_on_yubei() {
        let record = with(&json!({
            "mental": {"thinking": grade("four_grade", "good")},
            "environment": {"outdoor": grade("three_grade", "poor")},
        }));
        let yubei = print(PaperForm::Yubei3, &record);
        let sheet = continuation(&yubei).unwrap();
        assert!(sheet.contains("page-break-before:always") && sheet.contains("探访记录附页"));
        let items = cell(sheet, "continuation");
        assert!(
            items.contains("思维状态：良\n") && items.contains("室外环境：较差\n"),
            "{items}"
        );
        assert!(yubei.contains("见第 2 页《探访记录附页》"));
        // 峨眉山 has a row for 思维状态 and prints 室外环境 in 其他情况说明: no continuation sheet.
        let emeishan = print(PaperForm::Emeishan1, &record);
        assert!(row(&emeishan, "思维状态").contains("☑良"));
        assert!(cell(&emeishan, "other").contains("室外环境：较差"));
        assert!(continuation(&emeishan).is_none());
        // Nothing without a row: no continuation sheet.
        assert!(continuation(&print(PaperForm::Yubei3, &minimal_json())).is_none());
    }

    #[test]
    fn yubei_routes_needs_support_and_advice_to_their_cells() {
        let record = with(&json!({
            "needs": [{"need": "meal_assistance", "needed": true, "met": false, "urgent": true, "note": "独自做饭困难"}],
            "needsNote": "想要助听器",
            "support": {"hasCarer": false, "childrenVisitOften": true},
            "economy": {"difficulties": "药费负担重"},
            "problemsFound": "楼道无灯",
            "referrals": [{"target": "medical", "detail": "家庭医生上门", "urgent": true}],
            "suggestions": "加装感应灯",
        }));
        let yubei = print(PaperForm::Yubei3, &record);
        let needs = cell(&yubei, "needs");
        for expected in [
            "助餐：有需求，未满足，紧急；独自做饭困难",
            "其他需求：想要助听器",
            "生活照料：无人照料",
            "子女经常看望或问候：是",
            "生活困难：药费负担重",
        ] {
            assert!(needs.contains(expected), "{expected} in {needs}");
        }
        let advice = cell(&yubei, "advice");
        assert!(advice.starts_with("实施关爱服务建议：\n发现的问题：楼道无灯\n转介（医疗卫生）：家庭医生上门（紧急）\n服务建议：加装感应灯"), "{advice}");
    }

    #[test]
    fn emeishan_care_rows_tick_needs_and_carer() {
        let record = with(&json!({"needs": [
            {"need": "emotional_comfort", "needed": true, "met": false},
            {"need": "rights_protection", "needed": false},
            {"need": "daily_care", "needed": true, "met": false},
        ]}));
        let html = print(PaperForm::Emeishan1, &record);
        assert!(row(&html, "精神慰藉").contains("☑有需求") && row(&html, "精神慰藉").contains("□无需求"));
        assert!(row(&html, "权益维护").contains("□有需求") && row(&html, "权益维护").contains("☑无需求"));
        assert!(!row(&html, "安全监护").contains('☑'));
        // No hasCarer, but 生活照料 needed and not met: 无人照料, footnoted.
        let carer = row(&html, "生活照料");
        assert!(carer.contains("□有人照料") && carer.contains("☑无人照料＊1"), "{carer}");
        let other = cell(&html, "other");
        assert!(
            other.contains("精神慰藉：未满足\n") && other.contains("生活照料：有需求，未满足"),
            "{other}"
        );
        assert!(
            !other.contains("权益维护"),
            "nothing more to say about a row's need: {other}"
        );

        let cared = with(
            &json!({"support": {"hasCarer": true}, "needs": [{"need": "daily_care", "needed": true, "met": false}]}),
        );
        let carer = print(PaperForm::Emeishan1, &cared);
        assert!(row(&carer, "生活照料").contains("☑有人照料") && row(&carer, "生活照料").contains("□无人照料"));
    }

    #[test]
    fn photos_go_to_the_paste_box_on_emeishan_and_the_continuation_sheet() {
        let photo = |n: u8| {
            json!({"ref": format!("p{n}"), "sha256": "ab".repeat(32), "contentType": "image/jpeg",
                   "takenAt": "2026-05-06T01:05:00+00:00", "caption": format!("照片说明{n}")})
        };
        let record = with(&json!({"photos": [photo(1), photo(2)]}));
        let html = print(PaperForm::Emeishan1, &record);
        let form = &html[..html.find("class=\"sheet continuation\"").unwrap()];
        let box_at = form.find("巡访照片粘贴处").unwrap();
        assert!(
            form[box_at..].contains("src=\"/photos/1.jpg\"") && form.contains("拍摄于 2026年5月6日 09:05 · 照片说明1")
        );
        assert!(!form.contains("/photos/2.jpg"));
        let sheet = continuation(&html).unwrap();
        assert!(sheet.contains("src=\"/photos/2.jpg\"") && sheet.contains("照片说明2"));
        // 渝北 has no photo box: both on the continuation sheet.
        let yubei = print(PaperForm::Yubei3, &record);
        let sheet = continuation(&yubei).unwrap();
        assert!(sheet.contains("/photos/1.jpg") && sheet.contains("/photos/2.jpg"));
    }

    #[test]
    fn times_are_printed_in_beijing_time() {
        let record = with(&json!({"startedAt": "2026-05-05T17:30:00+00:00", "endedAt": "2026-05-05T18:10:00+00:00"}));
        let html = print(PaperForm::Emeishan1, &record);
        assert!(
            html.contains("2026年5月6日 01:30–02:10"),
            "UTC 17:30 on the 5th is 01:30 on the 6th in Beijing"
        );
        let yubei = print(PaperForm::Yubei3, &record);
        assert!(yubei.contains("2026年5月6日<br>01:30–02:10"));
    }

    #[test]
    fn only_yubei_prints_the_visit_number_and_the_confirmation_row() {
        let record = with(&json!({"visitNo": 7}));
        let yubei = print(PaperForm::Yubei3, &record);
        assert!(yubei.contains("第 7 次开展探访"));
        assert!(yubei.contains("被探访人（签字）") && yubei.contains("信息录入人（签字）"));
        assert!(yubei.contains("张敏 已签字（电子签名）"));
        let emeishan = print(PaperForm::Emeishan1, &record);
        assert!(!emeishan.contains("开展探访") && !emeishan.contains("被探访人（签字）") && !emeishan.contains("录入"));
        assert!(row(&emeishan, "巡访人员签名").contains("张敏 已签字（电子签名）"));
        assert!(row(&emeishan, "类型").contains("☑重点巡访") && row(&emeishan, "类型").contains("□普遍巡访"));
    }

    #[test]
    fn every_topic_has_a_row_or_a_place_on_every_form() {
        for form in PaperForm::ALL {
            let spec = form.spec();
            for topic in TOPICS {
                let routed = spec.routes.iter().filter(|(t, _)| *t == topic).count();
                assert!(
                    spec.covers(topic) || routed == 1,
                    "{form:?} {topic:?}: covered or routed exactly once"
                );
            }
        }
    }

    /// Every piece of text in the documented example is on every form.
    #[test]
    fn nothing_of_the_documented_example_is_lost() {
        let doc = include_str!("../../../../docs/record-format.md");
        let start = doc.find("```json\n").unwrap() + 8;
        let end = start + doc[start..].find("```").unwrap();
        let record = VisitRecord::parse(&doc[start..end], now()).unwrap();
        let facts = |form: PaperForm| {
            [
                "孙子外出务工",
                "高血压",
                "需每月代购降压药",
                "春节前返乡",
                "2025年1月25日",
                "厨房插线板老化，电线裸露。",
                "更换插线板，讲解用电安全。",
                "转介家庭医生上门测血压",
                "下次探访复查用电；联系子女每周电话问候。",
                "满意",
                "李想",
                "渝北区某社会工作服务中心",
                // 临淄 and 江门 have a 生活自理 row; the others print it as a line.
                if matches!(form, PaperForm::Linzi2 | PaperForm::Jiangmen3) {
                    "☑一般"
                } else {
                    "生活自理：一般"
                },
            ]
        };
        for form in PaperForm::ALL {
            let html = render_html(*form, &record, &ctx()).unwrap();
            for fact in facts(*form) {
                assert!(html.contains(fact), "{form:?} lost {fact}");
            }
            assert!(!html.contains("4827"), "{form:?} printed the code");
        }
        let emeishan = render_html(PaperForm::Emeishan1, &record, &ctx()).unwrap();
        assert!(row(&emeishan, "行动能力").contains("☑差＊"));
        assert!(row(&emeishan, "用电安全").contains("☑不安全"));
        assert!(row(&emeishan, "取暖安全").contains("较安全"));
        let yubei = render_html(PaperForm::Yubei3, &record, &ctx()).unwrap();
        let illness = row(&yubei, "疾病状况");
        assert!(
            illness.contains("☑严重") && illness.contains("疾病名称：高血压"),
            "{illness}"
        );
        assert!(row(&yubei, "家庭人口").contains("☑减少 1 人"));
        assert!(yubei.contains("第 2 次 开展关爱<br>2024年5月6日"));
    }

    #[test]
    fn linzi_2_prints_the_elders_part_and_ticks_needs_and_their_being_met() {
        let record = with(&json!({
            "needs": [
                {"need": "home_services", "needed": false},
                {"need": "emotional_comfort", "needed": true, "met": true},
                {"need": "meal_assistance", "needed": true, "met": true},
                {"need": "medical_assistance", "needed": true, "met": false, "note": "需代购药"},
                {"need": "rehabilitation_nursing", "needed": true, "met": false},
            ],
            "needsNote": "想要助听器",
            "childrenReturn": {"plannedDate": "2027-01-25"},
            "safety": {"heating": grade("safety", "unsafe"), "fire": grade("three_grade", "good")},
            "health": {"selfCare": grade("three_grade", "poor")},
        }));
        let html = print(PaperForm::Linzi2, &record);
        assert!(html.contains("<h1>临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表</h1>"));
        let elder = row(&html, "出生年月");
        assert!(elder.contains("王秀英") && elder.contains("1941年3月"), "{elder}");
        assert!(row(&html, "联系电话").contains("138****5678"));
        let categories = row(&html, "身份类别");
        assert!(
            categories.contains("☑城乡留守老人") && categories.contains("□低保对象") && categories.contains("☑其他"),
            "{categories}"
        );
        assert!(
            categories.contains("独居</span>"),
            "a category without a box is written beside: {categories}"
        );
        assert!(row(&html, "户籍类别").contains("☑农村") && row(&html, "户籍类别").contains("□城镇"));
        assert!(row(&html, "探视时间").contains("凤凰镇") && row(&html, "探视时间").contains("白鹤村"));
        assert!(row(&html, "消防（取暖）安全").contains("☑好"));
        let home = row(&html, "居家服务需求");
        assert!(home.contains("☑否") && home.matches('☑').count() == 1, "{home}");
        let comfort = row(&html, "精神陪伴需求");
        assert_eq!(comfort.matches("☑是").count(), 2, "needed and met: {comfort}");
        // 助餐 met, 助医 not: needed, not met.
        let meal = row(&html, "助餐助医需求");
        assert!(meal.contains("<span class=\"opt\">☑是</span><span class=\"opt\">□否</span>满足<span class=\"opt\">□是</span><span class=\"opt\">☑否</span>"), "{meal}");
        let other_needs = cell(&html, "other-needs");
        assert!(
            other_needs.contains("助医：需代购药") && other_needs.contains("康复护理：有需求"),
            "{other_needs}"
        );
        assert!(
            other_needs.contains("其他需求：想要助听器") && !other_needs.contains("精神慰藉"),
            "{other_needs}"
        );
        assert!(cell(&html, "children-return").contains("2027年1月25日"));
        assert!(
            cell(&html, "other").contains("取暖安全：不安全"),
            "the heating grade has no row of its own"
        );
        assert!(continuation(&html).is_none());
    }

    #[test]
    fn jiangmen_3_has_every_section_of_the_shared_format_in_domain_order() {
        let record = with(&json!({
            "visitNo": 3,
            "health": {"mobility": grade("change", "worse"), "selfCare": grade("three_grade", "fair")},
            "safety": {"food": grade("safety", "unsafe")},
            "environment": {"neighbours": grade("three_grade", "good")},
            "needs": [{"need": "age_friendly_renovation", "needed": true, "met": false, "note": "卫生间加扶手"}],
            "economy": {"difficulties": "药费负担重"},
            "problemsFound": "楼道无灯",
            "referrals": [{"target": "medical", "detail": "家庭医生上门"}],
            "suggestions": "加装感应灯",
        }));
        let mut context = ctx();
        context.tier_label = Some("B类".into());
        let html = render_html(PaperForm::Jiangmen3, &parse_at(&record), &context).unwrap();
        assert!(html.contains("<h1>广东省江门市特殊困难老年人探访关爱服务记录表</h1>"));
        assert!(html.contains("附件3"));
        assert!(row(&html, "类别").contains("☑B类") && row(&html, "类别").contains("□A类"));
        assert!(html.contains("第 3 次探访"));
        assert!(row(&html, "探访方式").contains("☑电话问候"));
        // Every graded item of the format has its row, in DOMAIN §4 order.
        let labels = [
            "家庭人口",
            "表达能力",
            "行动能力",
            "反应能力",
            "疾病状况",
            "生活自理",
            "情绪状态",
            "思维状态",
            "压力状态",
            "燃气安全",
            "水暖（取暖）安全",
            "用电安全",
            "房屋安全",
            "消防安全",
            "食品安全",
            "疫情防控安全",
            "个人卫生",
            "家庭卫生",
            "周边卫生",
            "室内环境",
            "室外环境",
            "邻里关系",
            "经济状况与赡养",
            "生活照料",
            "康复护理",
            "精神慰藉",
            "紧急救援",
            "适老化改造",
            "助餐",
            "助医",
            "权益维护",
            "安全监护",
            "居家服务",
            "子女计划返回时间",
            "发现的问题",
            "转介与建议",
        ];
        let at: Vec<usize> = labels
            .iter()
            .map(|l| html.find(&format!(">{l}</th>")).unwrap_or_else(|| panic!("no row {l}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "rows in DOMAIN order");
        assert!(row(&html, "行动能力").contains("☑较差＊1"), "converted to 好/一般/较差");
        assert!(row(&html, "生活自理").contains("☑一般"));
        assert!(row(&html, "食品安全").contains("☑不安全"));
        assert!(row(&html, "邻里关系").contains("☑好"));
        let renovation = row(&html, "适老化改造");
        assert!(renovation.contains("<span class=\"opt\">☑是</span><span class=\"opt\">□否</span>满足<span class=\"opt\">□是</span><span class=\"opt\">☑否</span>"), "{renovation}");
        assert!(cell(&html, "other-needs").contains("卫生间加扶手"));
        assert!(cell(&html, "economy").contains("生活困难：药费负担重"));
        assert!(cell(&html, "problems").contains("楼道无灯"));
        let referrals = cell(&html, "referrals");
        assert!(
            referrals.contains("家庭医生上门") && referrals.contains("加装感应灯"),
            "{referrals}"
        );
        assert!(html.contains("老年人服务满意度评价") && html.contains("巡访照片粘贴处"));
        assert!(html.contains("被探访人（签字）") && html.contains("信息录入人（签字）"));
        assert!(continuation(&html).is_none(), "every item has a row or a cell");
    }
}
