//! The other districts' forms as tables ([`super::table`]): 临淄 附件1 《临淄区特殊关爱群体老年人
//! 信息采集表》 as the 台账 (one row per 采集表), 江门 附件1 《广东省江门市特殊困难老年人探访关爱服务
//! 情况统计表》 and 宁波 附件2 《农村留守老年人基本情况汇总表》 (one row per town and village). Pure:
//! the service reads, scopes and masks; these only lay out what they are given.

use super::table::{Heading, Table, Value};

/// 临淄 附件1's title (seeds/002).
pub const LINZI_TITLE: &str = "临淄区特殊关爱群体老年人信息采集表";

/// 临淄 附件1's fields in the seed's order, 镇（街道） first (the 采集表 prints them as label/value
/// cells; a 台账 of many 采集表 has them as columns). The seed's 共同居住人 {姓名 与本人关系},
/// 主要赡养人 {姓名 联系电话} and 帮扶联系人 {姓名 联系电话 身份} group their cells.
pub const LINZI_HEADINGS: [(&str, &[&str]); 20] = [
    ("镇（街道）", &[]),
    ("姓名", &[]),
    ("性别", &[]),
    ("出生年月", &[]),
    ("身份证号码", &[]),
    ("家庭住址", &[]),
    ("健康状况", &[]),
    ("患病种类或残疾等级", &[]),
    ("生活来源", &[]),
    ("年收入（万元）", &[]),
    ("共同居住人", &["姓名", "与本人关系"]),
    ("共同居住人身体状况", &[]),
    ("子女个数", &[]),
    ("主要赡养人", &["姓名", "联系电话"]),
    ("外出时间", &[]),
    ("外出地点", &[]),
    ("计划返回时间", &[]),
    ("帮扶联系人", &["姓名", "联系电话", "身份"]),
    ("帮扶人所在单位", &[]),
    ("其他需要说明的问题", &[]),
];

/// The note under the 台账: the seed's options for the cells it offers boxes for.
pub const LINZI_NOTE: &str =
    "说明：健康状况填良好、一般、差；生活来源填个人积蓄、子女赡养；与本人关系填配偶、残疾子女、其他；\
共同居住人身体状况填健康、一般、较差；帮扶联系人身份填党员、村干部、志愿者、其他。";

/// One 采集表 as a row of the 台账, already masked or unmasked. An empty field is one the file
/// does not hold (生活来源, 子女个数, 其他需要说明的问题 …), left for the hand.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinziRow {
    pub town: String,
    pub name: String,
    pub sex: String,
    /// 出生年月, e.g. 1941年3月.
    pub birth_month: String,
    pub id_number: String,
    pub address: String,
    /// 良好 / 一般 / 差.
    pub health: String,
    pub illness_or_disability: String,
    pub income_source: String,
    /// 年收入（万元）.
    pub yearly_income_wan: Option<f64>,
    pub co_resident_names: String,
    pub co_resident_relations: String,
    pub co_resident_health: String,
    pub children: Option<u32>,
    pub supporter_name: String,
    pub supporter_phone: String,
    pub away_since: String,
    pub away_location: String,
    pub planned_return: String,
    pub helper_name: String,
    pub helper_phone: String,
    /// 党员 / 村干部 / 志愿者 / 其他.
    pub helper_role: String,
    pub helper_unit: String,
    pub other: String,
}

impl LinziRow {
    fn cells(&self) -> Vec<Value> {
        let t = |s: &String| Value::text(s.as_str());
        vec![
            t(&self.town),
            t(&self.name),
            t(&self.sex),
            t(&self.birth_month),
            t(&self.id_number),
            t(&self.address),
            t(&self.health),
            t(&self.illness_or_disability),
            t(&self.income_source),
            self.yearly_income_wan.map_or(Value::text(""), Value::Number),
            t(&self.co_resident_names),
            t(&self.co_resident_relations),
            t(&self.co_resident_health),
            self.children.map_or(Value::text(""), Value::count),
            t(&self.supporter_name),
            t(&self.supporter_phone),
            t(&self.away_since),
            t(&self.away_location),
            t(&self.planned_return),
            t(&self.helper_name),
            t(&self.helper_phone),
            t(&self.helper_role),
            t(&self.helper_unit),
            t(&self.other),
        ]
    }
}

/// 临淄 附件1 as a 台账: one row per elder under the seed's fields.
pub fn linzi_table(line: String, rows: &[LinziRow]) -> Table {
    Table {
        title: LINZI_TITLE.to_string(),
        line,
        headings: LINZI_HEADINGS.iter().map(|(h, subs)| Heading::group(h, subs)).collect(),
        rows: rows.iter().map(LinziRow::cells).collect(),
        note: LINZI_NOTE.to_string(),
    }
}

/// One row of a per-area table: a town (its own row, `village` empty) or one of its villages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaRow {
    pub town: String,
    /// Empty on a town's row (written 全镇（街道）) and on the total (合计).
    pub village: String,
    pub total_row: bool,
}

impl AreaRow {
    fn cells(&self) -> [Value; 2] {
        if self.total_row {
            return [Value::text("合计"), Value::text("")];
        }
        let village = if self.village.is_empty() {
            "全镇（街道）".to_string()
        } else {
            self.village.clone()
        };
        [Value::text(self.town.as_str()), Value::text(village)]
    }
}

/// 江门 附件1 — the title as the seed names it.
pub const JIANGMEN_1_TITLE: &str = "广东省江门市特殊困难老年人探访关爱服务情况统计表";

/// The organisation kinds of visitors counted under 探访关爱队伍, in order.
pub const TEAM_KINDS: [&str; 5] = ["志愿服务队", "社工站", "学校", "第三方机构", "个人"];

/// One area's figures in 江门 附件1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JiangmenRow {
    pub area: AreaRow,
    /// Elders under service, and by the pack's categories (tiers), in the pack's order.
    pub elders: u32,
    pub by_tier: Vec<u32>,
    /// Accepted visits in the period, and of them in person.
    pub visits: u32,
    pub in_person: u32,
    /// 月探访率 and 探访覆盖率 (when the period is a month).
    pub rates: Option<(Option<f64>, Option<f64>)>,
    /// 探访关爱服务联系人: "姓名 电话" each.
    pub contacts: Vec<String>,
    /// 探访关爱队伍: named teams, then people by [`TEAM_KINDS`].
    pub teams: u32,
    pub team_people: [u32; 5],
}

/// 江门 附件1 as one table: one row per town and village with elders under service.
pub fn jiangmen_table(line: String, tiers: &[String], monthly: bool, rows: &[JiangmenRow]) -> Table {
    let tier_subs: Vec<&str> = std::iter::once("合计")
        .chain(tiers.iter().map(String::as_str))
        .collect();
    let mut headings = vec![
        Heading::one("镇（街道）"),
        Heading::one("村（社区）"),
        Heading::group("服务对象（人）", &tier_subs),
        Heading::group("探访次数", &["合计", "上门入户"]),
    ];
    if monthly {
        headings.push(Heading::group("月度探访", &["月探访率", "探访覆盖率"]));
    }
    headings.push(Heading::group("探访关爱服务联系人", &["人数", "姓名及联系电话"]));
    let team_subs: Vec<&str> = ["队伍（个）", "人员合计"].into_iter().chain(TEAM_KINDS).collect();
    headings.push(Heading::group("探访关爱队伍", &team_subs));
    let body = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<Value> = r.area.cells().into();
            cells.push(Value::count(r.elders));
            cells.extend(r.by_tier.iter().map(|n| Value::count(*n)));
            cells.push(Value::count(r.visits));
            cells.push(Value::count(r.in_person));
            if monthly {
                let (rate, contact) = r.rates.unwrap_or((None, None));
                cells.push(Value::Rate(rate));
                cells.push(Value::Rate(contact));
            }
            cells.push(Value::count(u32::try_from(r.contacts.len()).unwrap_or(u32::MAX)));
            cells.push(Value::text(r.contacts.join("；")));
            cells.push(Value::count(r.teams));
            cells.push(Value::count(r.team_people.iter().sum()));
            cells.extend(r.team_people.iter().map(|n| Value::count(*n)));
            cells
        })
        .collect();
    Table {
        title: JIANGMEN_1_TITLE.to_string(),
        line,
        headings,
        rows: body,
        note: "说明：服务对象按政策包的 A、B、C 类统计；探访次数为统计期内已审核的探访记录；联系人为结对联系人（未结对的为村（居）工作人员），镇（街道）行为镇街组织者；探访关爱队伍按探访人员登记的所在单位类型统计。".to_string(),
    }
}

/// 宁波 附件2 — the title as the seed names it.
pub const NINGBO_2_TITLE: &str = "农村留守老年人基本情况汇总表";

/// The kinds the seed asks to look at closely (二（一）: "子女长期不在身边且经济困难的高龄、失能失智、
/// 独居、残疾、失独农村留守老年人"), counted under 其中.
pub const NINGBO_KINDS: [&str; 6] = ["高龄", "失能失智", "独居", "残疾", "失独", "经济困难"];

/// The risk levels of the yearly assessment (二（八）), and the elders not yet assessed.
pub const NINGBO_RISKS: [&str; 4] = ["高", "中", "低", "未评估"];

/// One area's counts of 农村留守老年人 in 宁波 附件2.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NingboRow {
    pub area: AreaRow,
    pub elders: u32,
    /// By the pack's tiers, in the pack's order.
    pub by_tier: Vec<u32>,
    /// By [`NINGBO_RISKS`].
    pub by_risk: [u32; 4],
    /// By [`NINGBO_KINDS`] (an elder may count under several).
    pub by_kind: [u32; 6],
}

/// 宁波 附件2 as one table: one row per town and village with 农村留守老年人 under service, and the
/// total.
pub fn ningbo_table(line: String, tiers: &[String], rows: &[NingboRow]) -> Table {
    let tier_subs: Vec<&str> = tiers.iter().map(String::as_str).collect();
    let headings = vec![
        Heading::one("镇（街道）"),
        Heading::one("村（社区）"),
        Heading::one("农村留守老年人（人）"),
        Heading::group("巡访对象类别", &tier_subs),
        Heading::group("风险等级", &NINGBO_RISKS),
        Heading::group("其中", &NINGBO_KINDS),
    ];
    let body = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<Value> = r.area.cells().into();
            cells.push(Value::count(r.elders));
            cells.extend(r.by_tier.iter().map(|n| Value::count(*n)));
            cells.extend(r.by_risk.iter().map(|n| Value::count(*n)));
            cells.extend(r.by_kind.iter().map(|n| Value::count(*n)));
            cells
        })
        .collect();
    Table {
        title: NINGBO_2_TITLE.to_string(),
        line,
        headings,
        rows: body,
        note: "说明：农村留守老年人为在册服务中、对象类别含农村留守的老年人；巡访对象类别按政策包（重点、一般）；高龄为 80 周岁以上；失能失智为能力非完好或失智；残疾为有残疾等级或重残；经济困难为特困、低保、低保边缘。".to_string(),
    }
}
