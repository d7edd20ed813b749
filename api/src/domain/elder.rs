//! 一人一档 — the elder file: one record per elder with everything DOMAIN.md §2 lists.
//!
//! [`ElderFileInput`] is what a form or an import sends (raw text); [`ElderFile::parse`]
//! turns it into an [`ElderFile`] whose every part is valid, or returns every problem at once
//! with the field it belongs to.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::area::{AreaCode, UrbanRural};
use super::id_number::{IdNumber, IdNumberError, Sex};
use super::input::{not_in_future, optional_text, required_text, Coded, InvalidInput};
use super::phone::{PhoneError, PhoneNumber};
use super::text_enum;

/// 老年人 — the policies cover residents aged 60 and over.
pub const MIN_ELDER_AGE: u32 = 60;

const NAME_MAX: usize = 50;
const ADDRESS_MAX: usize = 200;
const NOTE_MAX: usize = 2000;

text_enum! {
    /// 能力程度 — ability level per 《老年人能力评估规范》.
    pub enum AbilityLevel {
        Intact => ("intact", "能力完好"),
        MildlyImpaired => ("mild", "轻度失能"),
        ModeratelyImpaired => ("moderate", "中度失能"),
        SeverelyImpaired => ("severe", "重度失能"),
        FullyImpaired => ("total", "完全失能"),
    }
}

impl AbilityLevel {
    /// 失能 — any of the four impaired levels.
    pub fn is_impaired(self) -> bool {
        self != AbilityLevel::Intact
    }
}

text_enum! {
    /// 经济状况 — economic status.
    pub enum EconomicStatus {
        Ordinary => ("ordinary", "一般"),
        SpecialHardship => ("special_hardship", "特困人员"),
        MinimumLiving => ("minimum_living", "低保"),
        NearMinimumLiving => ("near_minimum_living", "低保边缘"),
    }
}

text_enum! {
    /// 供养方式 — how a 特困人员 is supported.
    pub enum HardshipSupport {
        Dispersed => ("dispersed", "分散供养"),
        Centralized => ("centralized", "集中供养"),
    }
}

text_enum! {
    /// 居住情况 — living arrangement.
    pub enum LivingArrangement {
        Alone => ("alone", "独居"),
        WithSpouse => ("with_spouse", "与配偶同住"),
        WithDisabledChild => ("with_disabled_child", "与残疾子女同住"),
        WithCarer => ("with_carer", "与照料人同住"),
        WithFamily => ("with_family", "与其他家人同住"),
    }
}

text_enum! {
    /// 人员类别 — categories; an elder may have several (yubei-2024's seven first).
    pub enum Category {
        LivingAlone => ("living_alone", "独居"),
        EmptyNest => ("empty_nest", "空巢"),
        RuralLeftBehind => ("rural_left_behind", "农村留守"),
        Disabled => ("disabled", "失能"),
        SeverelyHandicapped => ("severely_handicapped", "重残"),
        FamilyPlanningSpecial => ("family_planning_special", "计划生育特殊家庭"),
        Other => ("other", "其他"),
        UrbanLivingAlone => ("urban_living_alone", "城市独居"),
        DispersedSpecialHardship => ("dispersed_special_hardship", "分散供养特困"),
        MinimumLiving => ("minimum_living", "低保"),
        NearMinimumLiving => ("near_minimum_living", "低保边缘"),
        AdvancedAge => ("advanced_age", "高龄"),
        SeriousIllness => ("serious_illness", "重病"),
        Dementia => ("dementia", "失智"),
        LostOnlyChild => ("lost_only_child", "失独"),
        LivingWithDisabledChild => ("living_with_disabled_child", "与重度残疾子女共同居住"),
        CaringForDisabledChild => ("caring_for_disabled_child", "长期照料失能失智子女"),
        EntrustedByChildren => ("entrusted_by_children", "经子女委托巡访"),
        PriorityVeteran => ("priority_veteran", "重点优抚对象"),
    }
}

text_enum! {
    /// 风险等级 — yearly risk assessment level (ningbo).
    pub enum RiskLevel {
        High => ("high", "高"),
        Medium => ("medium", "中"),
        Low => ("low", "低"),
    }
}

text_enum! {
    /// 接受探访意愿 — whether the elder agreed to be visited.
    pub enum ConsentStatus {
        Consented => ("consented", "同意"),
        Refused => ("refused", "拒绝"),
        Pending => ("pending", "待确认"),
    }
}

text_enum! {
    /// 服务状态 — whether the elder is under service.
    pub enum ServiceStatus {
        InService => ("in_service", "服务中"),
        Refused => ("refused", "拒绝服务"),
        Died => ("died", "已去世"),
        MovedOut => ("moved_out", "已迁出"),
        InInstitution => ("in_institution", "已入住机构"),
    }
}

/// A family member (家庭成员). Besides the free-text health note, the member's age, ability,
/// dementia and disability are recorded as data: the policy packs read those, never the note
/// (jiangmen-2024's B类 reads a co-resident elder's or child's condition).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct FamilyMemberInput {
    pub name: String,
    /// 关系, e.g. 儿子, 女儿, 配偶
    pub relation: String,
    /// 健康状况 — a note in words; the packs do not read it.
    pub health: Option<String>,
    pub phone: Option<String>,
    /// 是否经常探访
    pub visits_often: Option<bool>,
    /// 是否同住
    pub lives_with: Option<bool>,
    /// 出生日期 — give this or `age`, not both.
    pub birth_date: Option<NaiveDate>,
    /// 年龄（周岁） as stated on `ageStatedOn`, when the birth date is not known.
    pub age: Option<i32>,
    /// The day `age` was stated (default: the day it is entered); only with `age`.
    pub age_stated_on: Option<NaiveDate>,
    /// 性别
    pub sex: Option<Sex>,
    /// 能力程度 — not recorded when absent.
    pub ability_level: Option<AbilityLevel>,
    /// 失智 — not recorded when absent.
    pub has_dementia: Option<bool>,
    /// 残疾等级 1–4 (1 is the most severe); absent: no disability recorded.
    pub disability_grade: Option<i32>,
}

/// An emergency contact (紧急联系人); the list is ordered, first is called first.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct EmergencyContactInput {
    pub name: String,
    pub relation: String,
    pub phone: String,
}

/// The elder file as a form or import sends it. Parse it with [`ElderFile::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct ElderFileInput {
    /// 姓名
    pub name: String,
    /// 身份证号 (18 位)
    pub id_number: String,
    /// 出生日期: optional; when given it must match the ID number.
    pub birth_date: Option<NaiveDate>,
    /// 性别: optional; when given it must match the ID number.
    pub sex: Option<Sex>,
    /// 联系电话
    pub phone: Option<String>,
    /// 居住地所在村/社区 (12-digit code)
    pub village_code: String,
    /// 居住地详细地址
    pub residence_address: String,
    /// 户籍所在村/社区 when known
    pub household_village_code: Option<String>,
    /// 户籍地址
    pub household_address: Option<String>,
    pub urban_rural: UrbanRural,
    pub ability_level: AbilityLevel,
    /// 疾病史
    pub disease_history: Option<String>,
    /// 失智
    pub has_dementia: Option<bool>,
    /// 重病
    pub has_serious_illness: Option<bool>,
    /// 残疾证号
    pub disability_certificate_no: Option<String>,
    /// 残疾等级 1–4 (1 is the most severe)
    pub disability_grade: Option<i32>,
    pub economic_status: EconomicStatus,
    /// 供养方式, only for 特困人员
    pub hardship_support: Option<HardshipSupport>,
    /// 月收入（元）
    pub monthly_income_yuan: Option<i32>,
    /// 养老金（元/月）
    pub pension_yuan: Option<i32>,
    /// 享受补贴
    pub subsidies: Option<String>,
    pub living_arrangement: LivingArrangement,
    pub family_members: Option<Vec<FamilyMemberInput>>,
    /// 子女外出务工地点
    pub children_away_location: Option<String>,
    pub children_away_since: Option<NaiveDate>,
    /// 子女计划返乡日期
    pub children_planned_return: Option<NaiveDate>,
    /// In the order they are to be called.
    pub emergency_contacts: Option<Vec<EmergencyContactInput>>,
    pub categories: Option<Vec<Category>>,
    /// 已获帮扶
    pub help_received: Option<String>,
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub risk_assessor: Option<String>,
    pub consent: ConsentStatus,
    /// 书面说明 — required when the elder refused.
    pub consent_note: Option<String>,
    pub consent_recorded_on: Option<NaiveDate>,
    /// 同意家属查看探访记录 — whether family accounts may see the visit history.
    pub shares_with_family: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyMember {
    pub name: String,
    pub relation: String,
    pub health: Option<String>,
    #[serde(skip)]
    pub phone: Option<PhoneNumber>,
    pub visits_often: bool,
    pub lives_with: bool,
    /// 出生日期或年龄 — `None` when neither was recorded.
    pub born: Option<MemberBirth>,
    pub sex: Option<Sex>,
    /// 能力程度 — `None`: not recorded.
    pub ability_level: Option<AbilityLevel>,
    /// 失智 — `None`: not recorded.
    pub has_dementia: Option<bool>,
    /// 残疾等级 1–4 — `None`: no disability recorded.
    pub disability_grade: Option<u8>,
}

/// How a family member's age is known: a birth date, or an age in years (周岁) stated on a day.
///
/// Decision: both are accepted, one at a time. A birth date is preferred (the age follows the
/// birthday exactly); a stated age is kept with the day it was stated, so that it does not go
/// stale: on a later day the member is *at least* the stated age plus the whole years since
/// (counted from the latest birth date that age allows, see
/// [`crate::domain::policy::history::MemberFacts::age_on`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MemberBirth {
    On(NaiveDate),
    AgeStated { age: u8, on: NaiveDate },
}

impl MemberBirth {
    /// The latest birth date consistent with what is recorded: the birth date itself, or for
    /// an age stated on a day, that day less the age in years (a 29 February that does not
    /// exist in that year becomes the 28th).
    pub fn born_by(self) -> Option<NaiveDate> {
        match self {
            MemberBirth::On(day) => Some(day),
            MemberBirth::AgeStated { age, on } => on.checked_sub_months(chrono::Months::new(12 * u32::from(age))),
        }
    }

    /// The age (周岁) surely reached on `day`: exact from a birth date; from a stated age,
    /// counted from [`Self::born_by`], so never more than the real age.
    pub fn age_on(self, day: NaiveDate) -> Option<u32> {
        self.born_by()
            .map(|born| crate::domain::policy::facts::age_on(born, day))
    }

    /// The first day on which `years` is surely reached (see [`Self::age_on`]).
    pub fn reaches_age_on(self, years: u32) -> Option<NaiveDate> {
        self.born_by()
            .and_then(|born| crate::domain::policy::facts::birthday(born, years))
    }
}

/// Words that, in a family member's health note, speak of 失能、失智 or 残疾. The note alone is
/// never read as a fact: a member whose note holds one of them and who has no ability,
/// dementia or disability recorded is listed as 待核实 for the organizer
/// (`eldersNeedingCheck`).
pub const IMPAIRMENT_WORDS: &[&str] = &[
    "失能",
    "失智",
    "痴呆",
    "认知障碍",
    "残疾",
    "残障",
    "瘫",
    "卧床",
    "不能自理",
];

/// 待核实 — whether a member's condition is described only in words: the note holds one of
/// [`IMPAIRMENT_WORDS`] and no ability, dementia or disability is recorded.
pub fn described_only_in_words(
    health: Option<&str>,
    ability_level: Option<AbilityLevel>,
    has_dementia: Option<bool>,
    disability_grade: Option<i32>,
) -> bool {
    let structured = ability_level.is_some() || has_dementia.is_some() || disability_grade.is_some();
    !structured && health.is_some_and(|h| IMPAIRMENT_WORDS.iter().any(|w| h.contains(w)))
}

/// 待核实的原因 — the reason shown beside an elder on the check list, naming the members by
/// their relation (`配偶`, `儿子`).
pub fn needs_check_reason(relations: &[&str]) -> String {
    format!(
        "家庭成员（{}）健康状况仅有文字说明，请补录结构化信息（能力程度、是否失智、残疾等级）",
        relations.join("、")
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmergencyContact {
    pub name: String,
    pub relation: String,
    #[serde(skip)]
    pub phone: PhoneNumber,
}

/// 残疾 — a disability with its certificate. The certificate number (残疾证号) usually holds
/// the whole ID number, so it is personal data like the ID number: never shown in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disability {
    pub certificate_no: Option<String>,
    /// 1 (most severe) to 4.
    pub grade: u8,
}

/// Keeps the first `start` and last `end` characters, stars in between.
pub fn mask_middle(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= start + end {
        return "*".repeat(chars.len());
    }
    let tail: String = chars.iter().skip(chars.len() - end).collect();
    let head: String = chars.iter().take(start).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - start - end))
}

/// 重残 — a disability grade of 1 or 2.
pub fn is_severe_grade(grade: u8) -> bool {
    grade <= 2
}

impl Disability {
    /// The certificate number as shown by default: `5001**************41`.
    pub fn masked_certificate(&self) -> Option<String> {
        self.certificate_no.as_deref().map(|no| mask_middle(no, 4, 2))
    }

    /// 重残 — grade 1 or 2.
    pub fn is_severe(&self) -> bool {
        is_severe_grade(self.grade)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildrenAway {
    pub location: Option<String>,
    pub since: Option<NaiveDate>,
    pub planned_return: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskAssessment {
    pub level: RiskLevel,
    pub assessed_on: NaiveDate,
    pub assessor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub status: ConsentStatus,
    pub note: Option<String>,
    pub recorded_on: Option<NaiveDate>,
}

/// A valid elder file. Sex and birth date are never stored apart from the ID number they
/// derive from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElderFile {
    pub name: String,
    pub id_number: IdNumber,
    pub phone: Option<PhoneNumber>,
    pub village_code: AreaCode,
    pub residence_address: String,
    pub household_village_code: Option<AreaCode>,
    pub household_address: Option<String>,
    pub urban_rural: UrbanRural,
    pub ability_level: AbilityLevel,
    pub disease_history: Option<String>,
    pub has_dementia: bool,
    pub has_serious_illness: bool,
    pub disability: Option<Disability>,
    pub economic_status: EconomicStatus,
    pub hardship_support: Option<HardshipSupport>,
    pub monthly_income_yuan: Option<u32>,
    pub pension_yuan: Option<u32>,
    pub subsidies: Option<String>,
    pub living_arrangement: LivingArrangement,
    pub family_members: Vec<FamilyMember>,
    pub children_away: Option<ChildrenAway>,
    pub emergency_contacts: Vec<EmergencyContact>,
    pub categories: BTreeSet<Category>,
    pub help_received: Option<String>,
    pub risk_assessment: Option<RiskAssessment>,
    pub consent: Consent,
    pub shares_with_family: bool,
}

impl Coded for IdNumberError {
    fn code(&self) -> &'static str {
        IdNumberError::code(self)
    }
}

impl Coded for PhoneError {
    fn code(&self) -> &'static str {
        PhoneError::code(self)
    }
}

/// Checks done while parsing the file that are not about one field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ElderRuleError {
    #[error("出生日期与身份证号不符：身份证号中为 {from_id}")]
    BirthDateMismatch { from_id: NaiveDate },
    #[error("性别与身份证号不符：身份证号中为{from_id}")]
    SexMismatch { from_id: &'static str },
    #[error("探访对象须年满 {MIN_ELDER_AGE} 周岁，按身份证号现为 {age} 岁")]
    TooYoung { age: u32 },
    #[error("残疾等级应为 1 至 4 级")]
    DisabilityGrade,
    #[error("有残疾证号时须填写残疾等级")]
    DisabilityGradeMissing,
    #[error("金额不能为负数")]
    NegativeAmount,
    #[error("只有特困人员才有供养方式")]
    HardshipSupportWithoutHardship,
    #[error("风险等级与评估日期须同时填写")]
    RiskAssessmentIncomplete,
    #[error("拒绝探访时须留存书面说明")]
    RefusalNeedsNote,
    #[error("同一类别重复填写")]
    DuplicateCategory,
    #[error("子女计划返乡日期不能早于外出日期")]
    ReturnBeforeLeaving,
    #[error("出生日期与年龄只填一项（知道出生日期时不填年龄）")]
    BirthDateAndAge,
    #[error("年龄应在 0 至 {MAX_MEMBER_AGE} 岁之间")]
    MemberAge,
    #[error("只有填写年龄时才填写年龄的登记日期")]
    AgeStatedOnWithoutAge,
}

/// The oldest age a family member may be recorded with.
pub const MAX_MEMBER_AGE: i32 = 130;

impl Coded for ElderRuleError {
    fn code(&self) -> &'static str {
        match self {
            ElderRuleError::BirthDateMismatch { .. } => "birth_date_mismatch",
            ElderRuleError::SexMismatch { .. } => "sex_mismatch",
            ElderRuleError::TooYoung { .. } => "too_young",
            ElderRuleError::DisabilityGrade => "out_of_range",
            ElderRuleError::DisabilityGradeMissing => "required",
            ElderRuleError::NegativeAmount => "negative",
            ElderRuleError::HardshipSupportWithoutHardship => "not_applicable",
            ElderRuleError::RiskAssessmentIncomplete => "incomplete",
            ElderRuleError::RefusalNeedsNote => "required",
            ElderRuleError::DuplicateCategory => "duplicate",
            ElderRuleError::ReturnBeforeLeaving => "before_leaving",
            ElderRuleError::BirthDateAndAge => "one_of",
            ElderRuleError::MemberAge => "out_of_range",
            ElderRuleError::AgeStatedOnWithoutAge => "not_applicable",
        }
    }
}

fn rule(errors: &mut InvalidInput, field: &str, error: ElderRuleError) {
    errors.add(field, error.code(), error.to_string());
}

fn amount(errors: &mut InvalidInput, field: &str, value: Option<i32>) -> Option<u32> {
    match value.map(u32::try_from) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => {
            rule(errors, field, ElderRuleError::NegativeAmount);
            None
        }
    }
}

fn past_date(errors: &mut InvalidInput, field: &str, date: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    date.and_then(|d| errors.check(field, not_in_future(d, today)))
}

/// 基本信息 — the name and the ID number; a birth date or sex given beside the ID number must
/// match it, and the elder must be [`MIN_ELDER_AGE`] or older.
struct Identity {
    name: String,
    id_number: IdNumber,
}

impl Identity {
    fn parse(e: &mut InvalidInput, input: &ElderFileInput, today: NaiveDate) -> Option<Identity> {
        let name = e.check("name", required_text(&input.name, NAME_MAX));
        let id_number = e.check("idNumber", IdNumber::parse(&input.id_number, today));
        if let Some(id) = &id_number {
            if input.birth_date.is_some_and(|b| b != id.birth_date()) {
                rule(
                    e,
                    "birthDate",
                    ElderRuleError::BirthDateMismatch {
                        from_id: id.birth_date(),
                    },
                );
            }
            if input.sex.is_some_and(|s| s != id.sex()) {
                rule(
                    e,
                    "sex",
                    ElderRuleError::SexMismatch {
                        from_id: id.sex().label_zh(),
                    },
                );
            }
            let age = id.age_on(today);
            if age < MIN_ELDER_AGE {
                rule(e, "idNumber", ElderRuleError::TooYoung { age });
            }
        }
        Some(Identity {
            name: name?,
            id_number: id_number?,
        })
    }
}

/// 联系方式与居住地 — the phone, where the elder lives, and where their household is
/// registered.
struct Residence {
    phone: Option<PhoneNumber>,
    village_code: AreaCode,
    residence_address: String,
    household_village_code: Option<AreaCode>,
    household_address: Option<String>,
}

impl Residence {
    fn parse(e: &mut InvalidInput, input: &ElderFileInput) -> Option<Residence> {
        let phone = optional_phone(e, "phone", input.phone.as_deref());
        let village_code = e.check("villageCode", AreaCode::parse(&input.village_code));
        let residence_address = e.check("residenceAddress", required_text(&input.residence_address, ADDRESS_MAX));
        let household_village_code = match input
            .household_village_code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            None => Some(None),
            Some(c) => e.check("householdVillageCode", AreaCode::parse(c)).map(Some),
        };
        let household_address = e.check(
            "householdAddress",
            optional_text(input.household_address.as_deref().unwrap_or(""), ADDRESS_MAX),
        );
        Some(Residence {
            phone: phone?,
            village_code: village_code?,
            residence_address: residence_address?,
            household_village_code: household_village_code?,
            household_address: household_address?,
        })
    }
}

/// 健康状况 — the disease history and a disability with its certificate and grade.
struct Health {
    disease_history: Option<String>,
    disability: Option<Disability>,
}

impl Health {
    fn parse(e: &mut InvalidInput, input: &ElderFileInput) -> Option<Health> {
        let disease_history = e.check(
            "diseaseHistory",
            optional_text(input.disease_history.as_deref().unwrap_or(""), NOTE_MAX),
        );
        let certificate_no = e.check(
            "disabilityCertificateNo",
            optional_text(input.disability_certificate_no.as_deref().unwrap_or(""), 40),
        );
        let disability = match (input.disability_grade, certificate_no.clone().flatten()) {
            (None, None) => Some(None),
            (None, Some(_)) => {
                rule(e, "disabilityGrade", ElderRuleError::DisabilityGradeMissing);
                None
            }
            (Some(grade @ 1..=4), certificate_no) => Some(Some(Disability {
                certificate_no,
                grade: grade as u8,
            })),
            (Some(_), _) => {
                rule(e, "disabilityGrade", ElderRuleError::DisabilityGrade);
                None
            }
        };
        Some(Health {
            disease_history: disease_history?,
            disability: disability?,
        })
    }
}

/// 经济状况 — income, pension and subsidies; a way of support only for 特困人员.
struct Economy {
    monthly_income_yuan: Option<u32>,
    pension_yuan: Option<u32>,
    subsidies: Option<String>,
}

impl Economy {
    fn parse(e: &mut InvalidInput, input: &ElderFileInput) -> Option<Economy> {
        if input.hardship_support.is_some() && input.economic_status != EconomicStatus::SpecialHardship {
            rule(e, "hardshipSupport", ElderRuleError::HardshipSupportWithoutHardship);
        }
        let monthly_income_yuan = amount(e, "monthlyIncomeYuan", input.monthly_income_yuan);
        let pension_yuan = amount(e, "pensionYuan", input.pension_yuan);
        let subsidies = e.check(
            "subsidies",
            optional_text(input.subsidies.as_deref().unwrap_or(""), NOTE_MAX),
        );
        Some(Economy {
            monthly_income_yuan,
            pension_yuan,
            subsidies: subsidies?,
        })
    }
}

/// 家庭情况 — the family members, the emergency contacts in the order they are called, and
/// the children working away.
struct Family {
    members: Vec<FamilyMember>,
    emergency_contacts: Vec<EmergencyContact>,
    children_away: Option<ChildrenAway>,
}

impl Family {
    fn parse(e: &mut InvalidInput, input: &ElderFileInput, today: NaiveDate) -> Option<Family> {
        let members = each(e, "familyMembers", input.family_members.as_deref(), |m, member| {
            family_member(m, member, today)
        });
        let emergency_contacts = each(
            e,
            "emergencyContacts",
            input.emergency_contacts.as_deref(),
            emergency_contact,
        );
        let children_away = children_away(e, input, today);
        Some(Family {
            members,
            emergency_contacts,
            children_away: children_away?,
        })
    }
}

/// Parses each item of a list, each problem named `{list}[{index}].{field}`; the items with a
/// problem are left out.
fn each<I, T>(
    e: &mut InvalidInput,
    list: &str,
    items: Option<&[I]>,
    parse: impl Fn(&mut InvalidInput, &I) -> Option<T>,
) -> Vec<T> {
    let mut parsed = Vec::new();
    for (i, item) in items.unwrap_or_default().iter().enumerate() {
        let mut m = InvalidInput::default();
        let one = parse(&mut m, item);
        e.absorb(&format!("{list}[{i}]."), m);
        parsed.extend(one);
    }
    parsed
}

fn family_member(m: &mut InvalidInput, member: &FamilyMemberInput, today: NaiveDate) -> Option<FamilyMember> {
    let name = m.check("name", required_text(&member.name, NAME_MAX));
    let relation = m.check("relation", required_text(&member.relation, 20));
    let health = m.check(
        "health",
        optional_text(member.health.as_deref().unwrap_or(""), NOTE_MAX),
    );
    let phone = optional_phone(m, "phone", member.phone.as_deref());
    let born = member_birth(m, member, today);
    let disability_grade = match member.disability_grade {
        None => Some(None),
        Some(grade @ 1..=4) => Some(Some(grade as u8)),
        Some(_) => {
            rule(m, "disabilityGrade", ElderRuleError::DisabilityGrade);
            None
        }
    };
    Some(FamilyMember {
        name: name?,
        relation: relation?,
        health: health?,
        phone: phone?,
        visits_often: member.visits_often.unwrap_or(false),
        lives_with: member.lives_with.unwrap_or(false),
        born: born?,
        sex: member.sex,
        ability_level: member.ability_level,
        has_dementia: member.has_dementia,
        disability_grade: disability_grade?,
    })
}

/// A member's birth date or stated age (one of them, or neither); `Some(None)` when neither
/// is given.
fn member_birth(m: &mut InvalidInput, member: &FamilyMemberInput, today: NaiveDate) -> Option<Option<MemberBirth>> {
    let birth_date = past_date(m, "birthDate", member.birth_date, today);
    let stated_on = past_date(m, "ageStatedOn", member.age_stated_on, today);
    match (member.birth_date, member.age) {
        (Some(_), Some(_)) => {
            rule(m, "age", ElderRuleError::BirthDateAndAge);
            None
        }
        (Some(_), None) if member.age_stated_on.is_some() => {
            rule(m, "ageStatedOn", ElderRuleError::AgeStatedOnWithoutAge);
            None
        }
        (None, None) if member.age_stated_on.is_some() => {
            rule(m, "ageStatedOn", ElderRuleError::AgeStatedOnWithoutAge);
            None
        }
        (None, None) => Some(None),
        (Some(_), None) => birth_date.map(|d| Some(MemberBirth::On(d))),
        (None, Some(age)) => match u8::try_from(age).ok().filter(|a| i32::from(*a) <= MAX_MEMBER_AGE) {
            None => {
                rule(m, "age", ElderRuleError::MemberAge);
                None
            }
            Some(age) => {
                let on = match member.age_stated_on {
                    None => today,
                    Some(_) => stated_on?,
                };
                Some(Some(MemberBirth::AgeStated { age, on }))
            }
        },
    }
}

fn emergency_contact(m: &mut InvalidInput, contact: &EmergencyContactInput) -> Option<EmergencyContact> {
    let name = m.check("name", required_text(&contact.name, NAME_MAX));
    let relation = m.check("relation", required_text(&contact.relation, 20));
    let phone = m.check("phone", PhoneNumber::parse(&contact.phone));
    Some(EmergencyContact {
        name: name?,
        relation: relation?,
        phone: phone?,
    })
}

/// 子女外出务工 — where and since when the children work away, and when they plan to return;
/// `Some(None)` when nothing is said.
fn children_away(e: &mut InvalidInput, input: &ElderFileInput, today: NaiveDate) -> Option<Option<ChildrenAway>> {
    let since = past_date(e, "childrenAwaySince", input.children_away_since, today);
    let location = e.check(
        "childrenAwayLocation",
        optional_text(input.children_away_location.as_deref().unwrap_or(""), ADDRESS_MAX),
    );
    if let (Some(since), Some(back)) = (input.children_away_since, input.children_planned_return) {
        if back < since {
            rule(e, "childrenPlannedReturn", ElderRuleError::ReturnBeforeLeaving);
        }
    }
    location.map(|location| {
        let any = location.is_some() || input.children_away_since.is_some() || input.children_planned_return.is_some();
        any.then_some(ChildrenAway {
            location,
            since,
            planned_return: input.children_planned_return,
        })
    })
}

/// 对象类别与帮扶 — the care categories the elder falls in (each once) and the help already
/// received.
struct Needs {
    categories: BTreeSet<Category>,
    help_received: Option<String>,
}

impl Needs {
    fn parse(e: &mut InvalidInput, input: &ElderFileInput) -> Option<Needs> {
        let mut categories = BTreeSet::new();
        for category in input.categories.iter().flatten() {
            if !categories.insert(*category) {
                rule(e, "categories", ElderRuleError::DuplicateCategory);
            }
        }
        let help_received = e.check(
            "helpReceived",
            optional_text(input.help_received.as_deref().unwrap_or(""), NOTE_MAX),
        );
        Some(Needs {
            categories,
            help_received: help_received?,
        })
    }
}

/// 风险评估 — a risk level and the day it was assessed, both or neither; `Some(None)` when
/// neither is given.
fn risk_assessment(e: &mut InvalidInput, input: &ElderFileInput, today: NaiveDate) -> Option<Option<RiskAssessment>> {
    let assessed_on = past_date(e, "riskAssessedOn", input.risk_assessed_on, today);
    let assessor = e.check(
        "riskAssessor",
        optional_text(input.risk_assessor.as_deref().unwrap_or(""), NAME_MAX),
    );
    match (input.risk_level, input.risk_assessed_on) {
        (None, None) => Some(None),
        (Some(level), Some(_)) => assessed_on.map(|assessed_on| {
            Some(RiskAssessment {
                level,
                assessed_on,
                assessor: assessor.flatten(),
            })
        }),
        (None, Some(_)) => {
            rule(e, "riskLevel", ElderRuleError::RiskAssessmentIncomplete);
            None
        }
        (Some(_), None) => {
            rule(e, "riskAssessedOn", ElderRuleError::RiskAssessmentIncomplete);
            None
        }
    }
}

/// 知情同意 — whether the elder agreed to be visited; a refusal needs a written note.
fn consent(e: &mut InvalidInput, input: &ElderFileInput, today: NaiveDate) -> Option<Consent> {
    let note = e.check(
        "consentNote",
        optional_text(input.consent_note.as_deref().unwrap_or(""), NOTE_MAX),
    );
    if input.consent == ConsentStatus::Refused && note.as_ref().is_some_and(Option::is_none) {
        rule(e, "consentNote", ElderRuleError::RefusalNeedsNote);
    }
    let recorded_on = past_date(e, "consentRecordedOn", input.consent_recorded_on, today);
    Some(Consent {
        status: input.consent,
        note: note?,
        recorded_on,
    })
}

/// An optional phone number: blank is none.
fn optional_phone(e: &mut InvalidInput, field: &str, phone: Option<&str>) -> Option<Option<PhoneNumber>> {
    match phone.map(str::trim).filter(|p| !p.is_empty()) {
        None => Some(None),
        Some(p) => e.check(field, PhoneNumber::parse(p)).map(Some),
    }
}

impl ElderFile {
    /// Parses a submitted file as of `today` (the district's date), section by section of the
    /// form. Returns every problem, each naming its field.
    pub fn parse(input: &ElderFileInput, today: NaiveDate) -> Result<ElderFile, InvalidInput> {
        let mut e = InvalidInput::default();
        let identity = Identity::parse(&mut e, input, today);
        let residence = Residence::parse(&mut e, input);
        let health = Health::parse(&mut e, input);
        let economy = Economy::parse(&mut e, input);
        let family = Family::parse(&mut e, input, today);
        let needs = Needs::parse(&mut e, input);
        let risk_assessment = risk_assessment(&mut e, input, today);
        let consent = consent(&mut e, input, today);
        e.finish(|| {
            let (identity, residence, health, economy) = (identity?, residence?, health?, economy?);
            let (family, needs) = (family?, needs?);
            Some(ElderFile {
                name: identity.name,
                id_number: identity.id_number,
                phone: residence.phone,
                village_code: residence.village_code,
                residence_address: residence.residence_address,
                household_village_code: residence.household_village_code,
                household_address: residence.household_address,
                urban_rural: input.urban_rural,
                ability_level: input.ability_level,
                disease_history: health.disease_history,
                has_dementia: input.has_dementia.unwrap_or(false),
                has_serious_illness: input.has_serious_illness.unwrap_or(false),
                disability: health.disability,
                economic_status: input.economic_status,
                hardship_support: input.hardship_support,
                monthly_income_yuan: economy.monthly_income_yuan,
                pension_yuan: economy.pension_yuan,
                subsidies: economy.subsidies,
                living_arrangement: input.living_arrangement,
                family_members: family.members,
                children_away: family.children_away,
                emergency_contacts: family.emergency_contacts,
                categories: needs.categories,
                help_received: needs.help_received,
                risk_assessment: risk_assessment?,
                consent: consent?,
                shares_with_family: input.shares_with_family.unwrap_or(false),
            })
        })
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.id_number.birth_date()
    }

    pub fn sex(&self) -> Sex {
        self.id_number.sex()
    }

    /// The service status a new file starts in: a refusal keeps the elder out of service.
    pub fn initial_service_status(&self) -> ServiceStatus {
        match self.consent.status {
            ConsentStatus::Refused => ServiceStatus::Refused,
            ConsentStatus::Consented | ConsentStatus::Pending => ServiceStatus::InService,
        }
    }

    /// A snapshot for the change history. Identity numbers and phone numbers appear masked
    /// only: the history is read by more people than the file's sensitive fields.
    pub fn audit_snapshot(&self) -> Value {
        json!({
            "name": self.name,
            "idNumber": self.id_number.masked(),
            "phone": self.phone.as_ref().map(PhoneNumber::masked),
            "villageCode": self.village_code.as_str(),
            "residenceAddress": self.residence_address,
            "householdVillageCode": self.household_village_code.as_ref().map(AreaCode::as_str),
            "householdAddress": self.household_address,
            "urbanRural": self.urban_rural.as_str(),
            "abilityLevel": self.ability_level.as_str(),
            "diseaseHistory": self.disease_history,
            "hasDementia": self.has_dementia,
            "hasSeriousIllness": self.has_serious_illness,
            "disability": self.disability.as_ref().map(|d| json!({
                "grade": d.grade, "certificateNo": d.masked_certificate(),
            })),
            "economicStatus": self.economic_status.as_str(),
            "hardshipSupport": self.hardship_support.map(HardshipSupport::as_str),
            "monthlyIncomeYuan": self.monthly_income_yuan,
            "pensionYuan": self.pension_yuan,
            "subsidies": self.subsidies,
            "livingArrangement": self.living_arrangement.as_str(),
            "familyMembers": self.family_members.iter().map(|m| json!({
                "name": m.name, "relation": m.relation, "health": m.health,
                "phone": m.phone.as_ref().map(PhoneNumber::masked),
                "visitsOften": m.visits_often, "livesWith": m.lives_with,
                "born": m.born, "sex": m.sex.map(Sex::as_str),
                "abilityLevel": m.ability_level.map(AbilityLevel::as_str),
                "hasDementia": m.has_dementia, "disabilityGrade": m.disability_grade,
            })).collect::<Vec<_>>(),
            "childrenAway": self.children_away,
            "emergencyContacts": self.emergency_contacts.iter().map(|c| json!({
                "name": c.name, "relation": c.relation, "phone": c.phone.masked(),
            })).collect::<Vec<_>>(),
            "categories": self.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            "helpReceived": self.help_received,
            "riskAssessment": self.risk_assessment,
            "consent": self.consent,
            "sharesWithFamily": self.shares_with_family,
        })
    }
}

/// The fields that differ between two snapshots: `{field: {"before": …, "after": …}}`.
pub fn snapshot_diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut keys: BTreeSet<&String> = before.keys().collect();
    keys.extend(after.keys());
    let changes: Map<String, Value> = keys
        .into_iter()
        .filter_map(|key| {
            let (old, new) = (
                before.get(key).unwrap_or(&Value::Null),
                after.get(key).unwrap_or(&Value::Null),
            );
            (old != new).then(|| (key.clone(), json!({ "before": old, "after": new })))
        })
        .collect();
    Value::Object(changes)
}

/// [`snapshot_diff`] from nothing (a file just registered): every field the snapshot has, with
/// `before` null, built from the snapshot itself rather than compared key by key.
pub fn snapshot_created(after: Value) -> Value {
    let Value::Object(fields) = after else {
        return Value::Object(Map::new());
    };
    Value::Object(
        fields
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| (key, json!({ "before": Value::Null, "after": value })))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_created_file_diffs_as_every_field_from_nothing() {
        let file = ElderFile::parse(&valid_input(), today()).unwrap();
        let snapshot = file.audit_snapshot();
        let created = snapshot_created(snapshot.clone());
        assert_eq!(created, snapshot_diff(&json!({}), &snapshot));
        assert_eq!(created["name"], json!({ "before": null, "after": "王秀英" }));
    }

    pub(crate) fn valid_input() -> ElderFileInput {
        ElderFileInput {
            name: "王秀英".into(),
            id_number: IdNumber::from_parts("500112", NaiveDate::from_ymd_opt(1940, 3, 8).unwrap(), 12, Sex::Female)
                .unwrap()
                .as_str()
                .to_string(),
            birth_date: None,
            sex: None,
            phone: Some("13812345678".into()),
            village_code: "500112001001".into(),
            residence_address: "一组 12 号".into(),
            household_village_code: None,
            household_address: None,
            urban_rural: UrbanRural::Rural,
            ability_level: AbilityLevel::MildlyImpaired,
            disease_history: Some("高血压".into()),
            has_dementia: None,
            has_serious_illness: None,
            disability_certificate_no: None,
            disability_grade: None,
            economic_status: EconomicStatus::MinimumLiving,
            hardship_support: None,
            monthly_income_yuan: Some(800),
            pension_yuan: Some(150),
            subsidies: None,
            living_arrangement: LivingArrangement::Alone,
            family_members: Some(vec![FamilyMemberInput {
                name: "李强".into(),
                relation: "儿子".into(),
                health: None,
                phone: Some("13900001111".into()),
                visits_often: Some(false),
                lives_with: None,
                ..FamilyMemberInput::default()
            }]),
            children_away_location: Some("广东东莞".into()),
            children_away_since: NaiveDate::from_ymd_opt(2019, 2, 1),
            children_planned_return: NaiveDate::from_ymd_opt(2027, 2, 1),
            emergency_contacts: Some(vec![EmergencyContactInput {
                name: "李强".into(),
                relation: "儿子".into(),
                phone: "13900001111".into(),
            }]),
            categories: Some(vec![Category::LivingAlone, Category::RuralLeftBehind]),
            help_received: None,
            risk_level: None,
            risk_assessed_on: None,
            risk_assessor: None,
            consent: ConsentStatus::Consented,
            consent_note: None,
            consent_recorded_on: None,
            shares_with_family: None,
        }
    }

    fn fields(input: &ElderFileInput) -> Vec<String> {
        match ElderFile::parse(input, today()) {
            Ok(_) => vec![],
            Err(e) => e
                .fields
                .into_iter()
                .map(|f| format!("{}:{}", f.field, f.code))
                .collect(),
        }
    }

    #[test]
    fn a_complete_file_parses_and_derives_identity() {
        let file = ElderFile::parse(&valid_input(), today()).unwrap();
        assert_eq!(file.sex(), Sex::Female);
        assert_eq!(file.birth_date(), NaiveDate::from_ymd_opt(1940, 3, 8).unwrap());
        assert_eq!(file.initial_service_status(), ServiceStatus::InService);
        assert_eq!(file.emergency_contacts.len(), 1);
    }

    #[test]
    fn every_bad_field_is_reported_with_its_path() {
        let mut input = valid_input();
        input.name = " ".into();
        input.phone = Some("12345".into());
        // Four digits are a city now (市, GB/T 2260); five are no code at all.
        input.village_code = "50011".into();
        if let Some(contacts) = input.emergency_contacts.as_mut() {
            contacts[0].phone = "abc".into();
        }
        input.disability_grade = Some(7);
        input.risk_assessed_on = NaiveDate::from_ymd_opt(2030, 1, 1);
        input.risk_level = Some(RiskLevel::High);
        assert_eq!(
            fields(&input),
            vec![
                "name:required",
                "phone:not_a_phone_number",
                "villageCode:malformed_area_code",
                "disabilityGrade:out_of_range",
                "emergencyContacts[0].phone:not_a_phone_number",
                "riskAssessedOn:date_in_future",
            ]
        );
    }

    #[test]
    fn a_family_members_structured_fields_are_checked_and_named() {
        let mut input = valid_input();
        let member = |f: &dyn Fn(&mut FamilyMemberInput)| {
            let mut m = FamilyMemberInput {
                name: "李大山".into(),
                relation: "配偶".into(),
                ..FamilyMemberInput::default()
            };
            f(&mut m);
            m
        };
        input.family_members = Some(vec![
            member(&|m| m.disability_grade = Some(7)),
            member(&|m| {
                m.birth_date = NaiveDate::from_ymd_opt(1950, 1, 1);
                m.age = Some(76);
            }),
            member(&|m| m.age = Some(200)),
            member(&|m| {
                m.age = Some(70);
                m.age_stated_on = NaiveDate::from_ymd_opt(2030, 1, 1);
            }),
            member(&|m| m.age_stated_on = NaiveDate::from_ymd_opt(2026, 1, 1)),
            member(&|m| m.birth_date = NaiveDate::from_ymd_opt(2027, 1, 1)),
        ]);
        assert_eq!(
            fields(&input),
            vec![
                "familyMembers[0].disabilityGrade:out_of_range",
                "familyMembers[1].age:one_of",
                "familyMembers[2].age:out_of_range",
                "familyMembers[3].ageStatedOn:date_in_future",
                "familyMembers[4].ageStatedOn:not_applicable",
                "familyMembers[5].birthDate:date_in_future",
            ]
        );
        input.family_members = Some(vec![
            member(&|m| {
                m.age = Some(72);
                m.ability_level = Some(AbilityLevel::SeverelyImpaired);
                m.disability_grade = Some(2);
            }),
            member(&|m| m.birth_date = NaiveDate::from_ymd_opt(1950, 1, 1)),
        ]);
        let file = ElderFile::parse(&input, today()).unwrap();
        assert_eq!(
            file.family_members[0].born,
            Some(MemberBirth::AgeStated { age: 72, on: today() })
        );
        assert_eq!(file.family_members[0].disability_grade, Some(2));
        assert_eq!(file.family_members[1].born.and_then(|b| b.age_on(today())), Some(76));
    }

    #[test]
    fn a_condition_described_only_in_words_needs_a_check() {
        assert!(described_only_in_words(Some("老年痴呆"), None, None, None));
        assert!(described_only_in_words(Some("偏瘫卧床"), None, None, None));
        assert!(!described_only_in_words(Some("高血压"), None, None, None));
        assert!(!described_only_in_words(None, None, None, None));
        // Any structured field recorded: checked.
        assert!(!described_only_in_words(Some("老年痴呆"), None, Some(false), None));
        assert!(!described_only_in_words(
            Some("失能"),
            Some(AbilityLevel::Intact),
            None,
            None
        ));
        assert!(!described_only_in_words(Some("残疾"), None, None, Some(3)));
        assert_eq!(
            needs_check_reason(&["配偶", "儿子"]),
            "家庭成员（配偶、儿子）健康状况仅有文字说明，请补录结构化信息（能力程度、是否失智、残疾等级）"
        );
    }

    #[test]
    fn birth_date_and_sex_must_match_the_id_number() {
        let mut input = valid_input();
        input.birth_date = NaiveDate::from_ymd_opt(1940, 3, 9);
        input.sex = Some(Sex::Male);
        assert_eq!(
            fields(&input),
            vec!["birthDate:birth_date_mismatch", "sex:sex_mismatch"]
        );
        input.birth_date = NaiveDate::from_ymd_opt(1940, 3, 8);
        input.sex = Some(Sex::Female);
        assert!(fields(&input).is_empty());
    }

    #[test]
    fn younger_than_sixty_is_not_an_elder() {
        let mut input = valid_input();
        let born = NaiveDate::from_ymd_opt(1966, 11, 24).unwrap(); // turns 60 tomorrow
        input.id_number = IdNumber::from_parts("500112", born, 11, Sex::Male)
            .unwrap()
            .as_str()
            .to_string();
        assert_eq!(fields(&input), vec!["idNumber:too_young"]);
    }

    #[test]
    fn a_refusal_needs_a_written_note_and_starts_out_of_service() {
        let mut input = valid_input();
        input.consent = ConsentStatus::Refused;
        assert_eq!(fields(&input), vec!["consentNote:required"]);
        input.consent_note = Some("本人书面表示不需要探访".into());
        let file = ElderFile::parse(&input, today()).unwrap();
        assert_eq!(file.initial_service_status(), ServiceStatus::Refused);
    }

    #[test]
    fn history_snapshots_mask_identity_and_diff_only_changed_fields() {
        let before = ElderFile::parse(&valid_input(), today()).unwrap();
        let mut changed = valid_input();
        changed.ability_level = AbilityLevel::SeverelyImpaired;
        let after = ElderFile::parse(&changed, today()).unwrap();
        let mut with_certificate = valid_input();
        with_certificate.disability_grade = Some(2);
        with_certificate.disability_certificate_no = Some(format!("{}42", with_certificate.id_number));
        let certified = ElderFile::parse(&with_certificate, today()).unwrap();
        let snapshot = certified.audit_snapshot().to_string();
        assert!(!snapshot.contains(certified.id_number.as_str()), "{snapshot}");
        assert!(snapshot.contains(&mask_middle(&format!("{}42", certified.id_number.as_str()), 4, 2)));
        assert!(!snapshot.contains("13812345678"));
        let diff = snapshot_diff(&before.audit_snapshot(), &after.audit_snapshot());
        assert_eq!(diff, json!({"abilityLevel": {"before": "mild", "after": "severe"}}));
    }
}
