//! 探访记录 — one visit record in the shared format v1 (`docs/record-format.md`), parsed at the
//! edge into typed fields. Parsing is strict: an unknown field, a value outside its scale or
//! text over its limit is refused with the JSON path of the field that is wrong.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::scale::{Grade, Level, Scale};
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::policy::VisitMode;
use crate::domain::text_enum;

/// Free text of at most `MAX` characters: trimmed, not empty, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for Text<MAX> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        match optional_text(&raw, MAX) {
            Ok(Some(text)) => Ok(Text(text)),
            Ok(None) => Err(serde::de::Error::custom("不能为空 (required)")),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}

text_enum! {
    /// 服务需求 — the ten needs the forms ask about.
    pub enum Need {
        DailyCare => ("daily_care", "生活照料"),
        RehabilitationNursing => ("rehabilitation_nursing", "康复护理"),
        EmotionalComfort => ("emotional_comfort", "精神慰藉"),
        EmergencyRescue => ("emergency_rescue", "紧急救援"),
        AgeFriendlyRenovation => ("age_friendly_renovation", "适老化改造"),
        MealAssistance => ("meal_assistance", "助餐"),
        MedicalAssistance => ("medical_assistance", "助医"),
        RightsProtection => ("rights_protection", "权益维护"),
        SafetyMonitoring => ("safety_monitoring", "安全监护"),
        HomeServices => ("home_services", "居家服务"),
    }
}

text_enum! {
    /// 转介 — where a visit refers the elder to.
    pub enum ReferralTarget {
        SocialWorker => ("social_worker", "社工"),
        Medical => ("medical", "医疗卫生"),
        LegalAid => ("legal_aid", "法律援助"),
        ElderlyCare => ("elderly_care", "养老服务"),
        SocialAssistance => ("social_assistance", "社会救助"),
        Emergency => ("emergency", "紧急救援"),
        Other => ("other", "其他"),
    }
}

text_enum! {
    /// 老年人服务满意度评价.
    pub enum SatisfactionRating {
        Satisfied => ("satisfied", "满意"),
        BasicallySatisfied => ("basically_satisfied", "基本满意"),
        Dissatisfied => ("dissatisfied", "不满意"),
    }
}

text_enum! {
    /// 老人确认方式 — how the elder confirmed the visit: at the visit, by a signature or by
    /// reading out a code texted to them; or, on a paper record entered later (1.2.0), as the
    /// staff member entering it states: the elder signed the paper form, or confirmed the
    /// visit by phone to the staff member who called.
    pub enum ElderConfirmationMethod {
        Signature => ("signature", "签字"),
        ReadOutCode => ("read_out_code", "口述确认码"),
        SignedPaper => ("signed_paper", "签字纸质表"),
        ConfirmedByPhone => ("confirmed_by_phone", "电话确认"),
    }
}

impl ElderConfirmationMethod {
    /// A statement of the staff member entering a paper record (签字纸质表, 电话确认), as
    /// opposed to a confirmation the record carries itself (an image, a code).
    pub fn is_statement(self) -> bool {
        matches!(
            self,
            ElderConfirmationMethod::SignedPaper | ElderConfirmationMethod::ConfirmedByPhone
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    pub id: Uuid,
    pub name: Text<64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organisation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    pub name: Text<128>,
}

text_enum! {
    /// Image types a record may reference.
    pub enum ImageType {
        Jpeg => ("image/jpeg", "JPEG"),
        Png => ("image/png", "PNG"),
    }
}

/// A stored image (a photo or a signature), by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Image {
    #[serde(rename = "ref")]
    pub reference: Text<256>,
    pub sha256: Sha256Hex,
    pub content_type: ImageType,
}

/// 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Sha256Hex(String);

impl Sha256Hex {
    pub fn parse(text: &str) -> Option<Sha256Hex> {
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| Sha256Hex(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Sha256Hex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Sha256Hex::parse(&raw)
            .ok_or_else(|| serde::de::Error::custom("应为 64 位小写十六进制 SHA-256 (expected a sha256 hex digest)"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Photo {
    #[serde(rename = "ref")]
    pub reference: Text<256>,
    pub sha256: Sha256Hex,
    pub content_type: ImageType,
    pub taken_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text<200>>,
}

/// 到访定位 — where the phone was when an in-person visit was checked in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckIn {
    pub latitude: f64,
    pub longitude: f64,
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdChange {
    pub added: u8,
    pub removed: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text<500>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Health {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobility: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub illness: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub illness_name: Option<Text<200>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_care: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mental {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stress: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SafetySection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heating: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub housing: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub food: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epidemic: Option<Grade>,
}

impl SafetySection {
    /// Every graded safety item with its JSON name.
    pub fn items(&self) -> Vec<(&'static str, Grade)> {
        [
            ("gas", self.gas),
            ("heating", self.heating),
            ("electricity", self.electricity),
            ("housing", self.housing),
            ("fire", self.fire),
            ("food", self.food),
            ("epidemic", self.epidemic),
        ]
        .into_iter()
        .filter_map(|(name, grade)| grade.map(|g| (name, g)))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Hygiene {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surroundings: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LivingEnvironment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indoor: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outdoor: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Economy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulties: Option<Text<1000>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefits: Option<Text<1000>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Support {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children_visit_often: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_fulfilled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_carer: Option<bool>,
    /// 疑似虐待或疏于照料 — signs of abuse or neglect seen on the visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abuse_or_neglect: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text<500>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NeedStatus {
    pub need: Need,
    pub needed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// 紧急 — the need cannot wait for the next visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text<500>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChildrenReturn {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text<500>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceGiven {
    pub description: Text<1000>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provided_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provided_by: Option<Person>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReferralRequest {
    pub target: ReferralTarget,
    pub detail: Text<1000>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Satisfaction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<SatisfactionRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text<1000>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VisitorConfirmation {
    pub confirmed_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Image>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ElderConfirmation {
    pub method: ElderConfirmationMethod,
    pub confirmed_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 电话确认 (1.2.0): who phoned the elder, who confirmed the visit to them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<Person>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnteredBy {
    pub person: Person,
    pub entered_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Confirmation {
    pub visitor: VisitorConfirmation,
    pub elder: ElderConfirmation,
    pub entered_by: EnteredBy,
}

/// One visit record in the shared format v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VisitRecord {
    pub format_version: String,
    pub submission_id: Uuid,
    pub elder_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_id: Option<Uuid>,
    /// 第 N 次探访; assigned by the server when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_no: Option<u32>,
    pub started_at: DateTime<FixedOffset>,
    pub ended_at: DateTime<FixedOffset>,
    pub mode: VisitMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode_note: Option<Text<200>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
    pub visitor: Person,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_visitors: Vec<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<CheckIn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<HouseholdChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mental: Option<Mental>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<SafetySection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hygiene: Option<Hygiene>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<LivingEnvironment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economy: Option<Economy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<Support>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<NeedStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_note: Option<Text<1000>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children_return: Option<ChildrenReturn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems_found: Option<Text<2000>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services_given: Vec<ServiceGiven>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<ReferralRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Text<2000>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Photo>,
    pub confirmation: Confirmation,
}

/// Largest record body accepted, in bytes.
pub const MAX_RECORD_BYTES: usize = 256 * 1024;
/// A visit longer than this is refused: nobody visits for more than 12 hours.
pub const MAX_VISIT_HOURS: i64 = 12;
/// Phones' clocks run ahead; a time up to this far in the future is accepted.
pub const CLOCK_SKEW_MINUTES: i64 = 5;
pub const MAX_PHOTOS: usize = 12;

impl VisitRecord {
    /// Parses a record in the shared format and checks the rules the schema cannot express
    /// (`docs/record-format.md` §6) that need nothing but the record and the time. Every error
    /// names the field by its JSON path.
    pub fn parse(json: &str, now: NaiveDateTime) -> Result<VisitRecord, InvalidInput> {
        if json.len() > MAX_RECORD_BYTES {
            return Err(InvalidInput::single(
                "record",
                "too_large",
                format!("记录不能超过 {} KiB (record too large)", MAX_RECORD_BYTES / 1024),
            ));
        }
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let record: VisitRecord = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." || path.is_empty() {
                "record".to_string()
            } else {
                path
            };
            let message = without_position(e.inner());
            InvalidInput::single(field, serde_error_code(&message), message)
        })?;
        record.check(now)?;
        Ok(record)
    }

    fn check(&self, now: NaiveDateTime) -> Result<(), InvalidInput> {
        let mut errors = InvalidInput::default();
        if self.format_version.split('.').next() != Some("1") {
            errors.add(
                "formatVersion",
                "unsupported_version",
                format!("不支持的记录格式版本 {}（支持 1.x）", self.format_version),
            );
        }
        let (start, end) = (self.started_at.naive_utc(), self.ended_at.naive_utc());
        let latest = now + TimeDelta::minutes(CLOCK_SKEW_MINUTES);
        if start > latest {
            errors.add("startedAt", "in_future", "探访开始时间不能晚于现在");
        }
        if end < start {
            errors.add("endedAt", "before_start", "探访结束时间不能早于开始时间");
        } else if end - start > TimeDelta::hours(MAX_VISIT_HOURS) {
            errors.add(
                "endedAt",
                "too_long",
                format!("一次探访不能超过 {MAX_VISIT_HOURS} 小时"),
            );
        }
        if end > latest {
            errors.add("endedAt", "in_future", "探访结束时间不能晚于现在");
        }
        if self.visit_no == Some(0) {
            errors.add("visitNo", "out_of_range", "探访次数从 1 开始");
        }
        if self.mode == VisitMode::Other && self.mode_note.is_none() {
            errors.add("modeNote", "required", "探访方式为“其他”时请说明方式");
        }
        if let Some(check_in) = &self.check_in {
            if !(-90.0..=90.0).contains(&check_in.latitude) || !(-180.0..=180.0).contains(&check_in.longitude) {
                errors.add("checkIn", "out_of_range", "定位坐标超出范围");
            }
        }
        if let Some(health) = &self.health {
            if health.illness_name.is_some() && health.illness.is_none() {
                errors.add(
                    "health.illnessName",
                    "needs_illness",
                    "填写疾病名称时请同时填写疾病状况",
                );
            }
            let others = [
                ("expression", health.expression),
                ("mobility", health.mobility),
                ("reaction", health.reaction),
                ("selfCare", health.self_care),
            ];
            for (name, grade) in others {
                if grade.is_some_and(|g| g.scale() == Scale::IllnessChange) {
                    errors.add(
                        format!("health.{name}"),
                        "scale_not_allowed",
                        "量表 illness_change（无变化/严重/转好）只用于疾病状况",
                    );
                }
            }
        }
        for (section, grades) in self.other_grades() {
            if grades.iter().any(|(_, g)| g.scale() == Scale::IllnessChange) {
                errors.add(
                    section,
                    "scale_not_allowed",
                    "量表 illness_change（无变化/严重/转好）只用于疾病状况",
                );
            }
        }
        let mut seen = BTreeSet::new();
        for (i, need) in self.needs.iter().enumerate() {
            if !seen.insert(need.need) {
                errors.add(
                    format!("needs[{i}].need"),
                    "duplicate",
                    format!("需求“{}”重复", need.need.label_zh()),
                );
            }
            match (need.needed, need.met) {
                (true, None) => errors.add(format!("needs[{i}].met"), "required", "有需求时请填写是否满足"),
                (false, Some(_)) => errors.add(format!("needs[{i}].met"), "not_allowed", "无需求时不填是否满足"),
                _ => {}
            }
        }
        if self.photos.len() > MAX_PHOTOS {
            errors.add("photos", "too_many", format!("照片不能超过 {MAX_PHOTOS} 张"));
        }
        let elder = &self.confirmation.elder;
        match elder.method {
            ElderConfirmationMethod::Signature if elder.signature.is_none() => {
                errors.add("confirmation.elder.signature", "required", "请老人签字");
            }
            ElderConfirmationMethod::ReadOutCode => {
                let code_ok = elder
                    .code
                    .as_deref()
                    .is_some_and(|c| (4..=8).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()));
                if !code_ok {
                    errors.add("confirmation.elder.code", "invalid", "确认码应为 4–8 位数字");
                }
            }
            ElderConfirmationMethod::ConfirmedByPhone if elder.confirmed_by.is_none() => {
                errors.add(
                    "confirmation.elder.confirmedBy",
                    "required",
                    "电话确认时请写明由谁致电老人确认",
                );
            }
            ElderConfirmationMethod::Signature
            | ElderConfirmationMethod::SignedPaper
            | ElderConfirmationMethod::ConfirmedByPhone => {}
        }
        if elder.confirmed_by.is_some() && elder.method != ElderConfirmationMethod::ConfirmedByPhone {
            errors.add(
                "confirmation.elder.confirmedBy",
                "not_allowed",
                "只有电话确认才填写致电确认人",
            );
        }
        // The elder confirms a visit once it has begun, and not later than now.
        let confirmed = elder.confirmed_at.naive_utc();
        if confirmed < start {
            errors.add(
                "confirmation.elder.confirmedAt",
                "before_visit",
                "老人确认时间不能早于探访开始时间",
            );
        } else if confirmed > latest {
            errors.add(
                "confirmation.elder.confirmedAt",
                "in_future",
                "老人确认时间不能晚于现在",
            );
        }
        errors.finish(|| Some(()))
    }

    /// Graded items outside `health`, by section (for checks that apply to all of them).
    fn other_grades(&self) -> Vec<(&'static str, Vec<(&'static str, Grade)>)> {
        fn some(items: &[(&'static str, Option<Grade>)]) -> Vec<(&'static str, Grade)> {
            items.iter().filter_map(|(n, g)| g.map(|g| (*n, g))).collect()
        }
        let mut out = Vec::new();
        if let Some(m) = &self.mental {
            out.push((
                "mental",
                some(&[("mood", m.mood), ("thinking", m.thinking), ("stress", m.stress)]),
            ));
        }
        if let Some(s) = &self.safety {
            out.push(("safety", s.items()));
        }
        if let Some(h) = &self.hygiene {
            out.push((
                "hygiene",
                some(&[
                    ("personal", h.personal),
                    ("household", h.household),
                    ("surroundings", h.surroundings),
                ]),
            ));
        }
        if let Some(e) = &self.environment {
            out.push((
                "environment",
                some(&[
                    ("indoor", e.indoor),
                    ("outdoor", e.outdoor),
                    ("neighbours", e.neighbours),
                ]),
            ));
        }
        out
    }

    /// Visit duration in whole minutes.
    pub fn duration_minutes(&self) -> i64 {
        (self.ended_at - self.started_at).num_minutes()
    }

    /// The people named as visitors: the holder and the co-visitors.
    pub fn visitor_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.visitor.id).chain(self.co_visitors.iter().map(|p| p.id))
    }

    /// Every image the record references (photos and signatures), by hash.
    pub fn image_hashes(&self) -> Vec<&Sha256Hex> {
        let c = &self.confirmation;
        self.photos
            .iter()
            .map(|p| &p.sha256)
            .chain(c.visitor.signature.iter().map(|i| &i.sha256))
            .chain(c.elder.signature.iter().map(|i| &i.sha256))
            .collect()
    }

    /// The level of the illness item, if graded.
    pub fn illness_level(&self) -> Option<Level> {
        self.health
            .as_ref()
            .and_then(|h| h.illness)
            .map(super::scale::Grade::to_level)
    }
}

/// A stable code for a parse error, from serde's message.
/// A JSON error's message without serde_json's " at line 1 column 18366": the field is named
/// by its path, and a position in the JSON text means nothing to the person who typed it.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    message.strip_suffix(&position).unwrap_or(&message).to_string()
}

fn serde_error_code(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "unknown_field"
    } else if message.starts_with("missing field") || message.starts_with("不能为空") {
        "required"
    } else if message.contains("不是评价量表") {
        "not_in_scale"
    } else if message.contains("未知的评价量表") {
        "unknown_scale"
    } else if message.starts_with("不能超过") {
        "too_long"
    } else if message.starts_with("unknown variant") {
        "unknown_value"
    } else {
        "invalid"
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use serde_json::{json, Value};

    /// 2026-05-06 12:00 Beijing time.
    pub fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, 6)
            .unwrap()
            .and_hms_opt(4, 0, 0)
            .unwrap()
    }

    /// The smallest valid record: a phone call confirmed with a read-out code.
    pub fn minimal_json() -> Value {
        json!({
            "formatVersion": "1.0.0",
            "submissionId": "0190f3a2-7c4e-7b21-9d3a-5e8f1c2b4a67",
            "elderId": "6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7",
            "startedAt": "2026-05-06T09:00:00+08:00",
            "endedAt": "2026-05-06T09:20:00+08:00",
            "mode": "phone",
            "visitor": {"id": "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", "name": "张敏"},
            "confirmation": {
                "visitor": {"confirmedAt": "2026-05-06T09:20:00+08:00"},
                "elder": {"method": "read_out_code", "confirmedAt": "2026-05-06T09:19:00+08:00", "code": "482731"},
                "enteredBy": {
                    "person": {"id": "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", "name": "张敏"},
                    "enteredAt": "2026-05-06T09:21:00+08:00"
                }
            }
        })
    }

    pub fn parse_at(record: &Value) -> VisitRecord {
        VisitRecord::parse(&record.to_string(), now()).unwrap()
    }

    fn refusal(record: &Value) -> (String, String) {
        let error = VisitRecord::parse(&record.to_string(), now()).unwrap_err();
        let first = &error.fields[0];
        (first.field.clone(), first.code.clone())
    }

    fn with(path: &[&str], value: Value) -> Value {
        let mut record = minimal_json();
        let mut at = &mut record;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        at[path[path.len() - 1]] = value;
        record
    }

    #[test]
    fn the_documented_example_parses_and_serialises_back_to_itself() {
        let doc = include_str!("../../../../docs/record-format.md");
        let start = doc.find("```json\n").unwrap() + 8;
        let end = start + doc[start..].find("```").unwrap();
        let example: Value = serde_json::from_str(&doc[start..end]).unwrap();
        let record = VisitRecord::parse(&example.to_string(), now()).unwrap();
        assert_eq!(serde_json::to_value(&record).unwrap(), example);
    }

    #[test]
    fn bad_values_are_refused_naming_the_field() {
        let cases = [
            (
                with(&["endedAt"], json!("2026-05-06T08:59:00+08:00")),
                "endedAt",
                "before_start",
            ),
            (
                with(&["endedAt"], json!("2026-05-06T21:01:00+08:00")),
                "endedAt",
                "too_long",
            ),
            (
                with(&["startedAt"], json!("2026-05-07T09:00:00+08:00")),
                "startedAt",
                "in_future",
            ),
            (
                with(&["health"], json!({"mobility": {"scale": "safety", "value": "better"}})),
                "health.mobility",
                "not_in_scale",
            ),
            (
                with(
                    &["health"],
                    json!({"mobility": {"scale": "illness_change", "value": "serious"}}),
                ),
                "health.mobility",
                "scale_not_allowed",
            ),
            (with(&["mode"], json!("carrier_pigeon")), "mode", "unknown_value"),
            (with(&["mode"], json!("other")), "modeNote", "required"),
            (with(&["surprise"], json!(1)), "surprise", "unknown_field"),
            (with(&["visitor", "name"], json!("  ")), "visitor.name", "required"),
            (
                with(&["problemsFound"], json!("长".repeat(2001))),
                "problemsFound",
                "too_long",
            ),
            (
                with(&["needs"], json!([{"need": "meal_assistance", "needed": true}])),
                "needs[0].met",
                "required",
            ),
            (
                with(
                    &["needs"],
                    json!([{"need": "meal_assistance", "needed": false}, {"need": "meal_assistance", "needed": false}]),
                ),
                "needs[1].need",
                "duplicate",
            ),
            (
                with(&["confirmation", "elder", "code"], json!("12")),
                "confirmation.elder.code",
                "invalid",
            ),
            (
                with(
                    &["confirmation", "elder"],
                    json!({"method": "confirmed_by_phone", "confirmedAt": "2026-05-06T10:00:00+08:00"}),
                ),
                "confirmation.elder.confirmedBy",
                "required",
            ),
            (
                with(
                    &["confirmation", "elder", "confirmedAt"],
                    json!("2026-05-06T08:59:00+08:00"),
                ),
                "confirmation.elder.confirmedAt",
                "before_visit",
            ),
            (
                with(&["formatVersion"], json!("2.0.0")),
                "formatVersion",
                "unsupported_version",
            ),
        ];
        for (record, field, code) in cases {
            assert_eq!(refusal(&record), (field.to_string(), code.to_string()), "{record}");
        }
    }

    /// Every enumeration of the JSON Schema in docs/ lists exactly this module's codes.
    #[test]
    fn json_schema_enums_agree() {
        let schema: Value = serde_json::from_str(include_str!("../../../../docs/record-format.schema.json")).unwrap();
        fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
            all.iter().map(|v| code(*v).to_string()).collect()
        }
        let cases = [
            ("need", codes(Need::ALL, Need::as_str)),
            ("referralTarget", codes(ReferralTarget::ALL, ReferralTarget::as_str)),
            ("visitMode", codes(VisitMode::ALL, VisitMode::as_str)),
            (
                "satisfactionRating",
                codes(SatisfactionRating::ALL, SatisfactionRating::as_str),
            ),
        ];
        for (def, expected) in cases {
            let in_schema: Vec<String> = schema["$defs"][def]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            let (mut a, mut b) = (in_schema, expected);
            a.sort();
            b.sort();
            assert_eq!(a, b, "{def}");
        }
    }

    /// The schema's ways an elder confirms are exactly [`ElderConfirmationMethod`]'s codes.
    #[test]
    fn json_schema_lists_every_elder_confirmation_method() {
        let schema: Value = serde_json::from_str(include_str!("../../../../docs/record-format.schema.json")).unwrap();
        let branches = schema["properties"]["confirmation"]["properties"]["elder"]["oneOf"]
            .as_array()
            .unwrap();
        let in_schema: Vec<&str> = branches
            .iter()
            .map(|b| b["properties"]["method"]["const"].as_str().unwrap())
            .collect();
        let codes: Vec<&str> = ElderConfirmationMethod::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(in_schema, codes);
    }

    #[test]
    fn a_text_too_long_is_refused_in_words_naming_its_field_not_a_position_in_the_json() {
        let pasted = "很长的一段说明".repeat(900);
        let error = VisitRecord::parse(&with(&["problemsFound"], json!(pasted)).to_string(), now()).unwrap_err();
        let first = &error.fields[0];
        assert_eq!(
            (first.field.as_str(), first.code.as_str()),
            ("problemsFound", "too_long")
        );
        assert_eq!(first.message, "不能超过 2000 个字 (at most 2000 characters)");
        // Deeper in the record too: the path names it.
        let error = VisitRecord::parse(
            &with(&["support"], json!({ "note": "字".repeat(501) })).to_string(),
            now(),
        )
        .unwrap_err();
        assert_eq!(error.fields[0].field, "support.note");
        assert!(!error.fields[0].message.contains("line"), "{}", error.fields[0].message);
    }

    #[test]
    fn clock_skew_of_a_few_minutes_is_accepted() {
        let record = with(&["endedAt"], json!("2026-05-06T12:04:00+08:00"));
        assert!(VisitRecord::parse(&record.to_string(), now()).is_ok());
    }

    #[test]
    fn image_hashes_cover_photos_and_signatures() {
        let sha = "ab".repeat(32);
        let mut record = minimal_json();
        record["photos"] =
            json!([{"ref": "p", "sha256": sha, "contentType": "image/jpeg", "takenAt": "2026-05-06T09:05:00+08:00"}]);
        record["confirmation"]["elder"] = json!({
            "method": "signature", "confirmedAt": "2026-05-06T09:19:00+08:00",
            "signature": {"ref": "s", "sha256": "cd".repeat(32), "contentType": "image/png"}
        });
        let parsed = parse_at(&record);
        let hashes: Vec<&str> = parsed.image_hashes().iter().map(|h| h.as_str()).collect();
        assert_eq!(hashes, vec![sha.as_str(), &"cd".repeat(32)]);
    }
}
