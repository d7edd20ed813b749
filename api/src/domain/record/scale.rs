//! 评价量表 — the grading scales of the seed paper forms, and the one place that says how they
//! map to each other.
//!
//! The seed forms grade the same kind of item on different scales:
//!
//! | scale code       | labels                | used by                                                       |
//! |------------------|-----------------------|---------------------------------------------------------------|
//! | `four_grade`     | 优 / 良 / 中 / 差     | 峨眉山 附件1: health and mental state                          |
//! | `three_grade`    | 好 / 一般 / 较差      | 临淄 附件2: every graded item, safety included                 |
//! | `change`         | 无变化 / 较好 / 较差  | 渝北 附件3: health, mood, hygiene, indoor environment          |
//! | `safety`         | 安全 / 较安全 / 不安全 | 渝北 附件3 safety items; 峨眉山 附件1 uses its 安全 / 不安全    |
//! | `illness_change` | 无变化 / 严重 / 转好  | 渝北 附件3 疾病状况 only (with 疾病名称)                        |
//!
//! The [records] issue names four scales; 渝北's 疾病状况 row (`□ 无变化 □ 严重 疾病名称： □ 转好`) is a fifth,
//! kept separate because 严重 (serious) is not 较差 (worse) and a serious illness is a major risk.
//!
//! A record keeps the scale the visitor used ([`Grade`] wraps a value of one scale). To compare,
//! aggregate or print on another district's form, every scale maps to a common three-step
//! ordinal [`Level`] (good / fair / poor) with `to_level` and back with `from_level`:
//!
//! | Level  | four_grade  | three_grade | change      | safety       | illness_change |
//! |--------|-------------|-------------|-------------|--------------|----------------|
//! | good   | **良**, 优  | 好          | 较好        | 安全         | 转好           |
//! | fair   | 中          | 一般        | 无变化      | 较安全       | 无变化         |
//! | poor   | 差          | 较差        | 较差        | 不安全       | 严重           |
//!
//! Choices:
//! * **优 and 良 → good.** Three levels cannot hold four grades; the split that matters for care is
//!   whether something needs attention, so the two upper grades merge. Going back, good → **良**
//!   (not 优): printing another scale's 好 as 优 would overstate it. 优 is therefore the one
//!   **lossy** value: 优 → good → 良. Every other value is the canonical value of its level and
//!   round-trips unchanged ([`Grade::is_canonical`]).
//! * **中 → fair, 差 → poor**; 一般/较差 likewise. 差 and 较差 both mean "needs attention".
//! * **较安全 → fair**: safe enough today but with a hazard to watch; 不安全 → poor (a major risk).
//!   峨眉山's form has only 安全 / 不安全 boxes; how 较安全 is printed there is a printing rule
//!   (see `docs/record-format.md`), not a mapping.
//! * **无变化 is relative** (no change since the previous visit). Without context it maps to
//!   **fair**: it says neither "better" nor "worse", so it must neither raise an alert (poor)
//!   nor clear one (good). When the level of the same item on the previous visit is known,
//!   [`Grade::level_given`] returns that level instead, which is what 无变化 actually asserts.
//!   较好 / 较差 (and 转好 / 严重) are read as absolute — the way they are ticked in practice.
//!   Going back, fair → 无变化 round-trips, but printing another scale's 一般 as 无变化 is an
//!   approximation (it claims no change); the document says so on the printed form.
//! * Codes that two scales share (`good`, `fair`, `poor` in `four_grade` and `three_grade`;
//!   `unchanged` in `change` and `illness_change`) map to the same level in both, so a value
//!   filed under the wrong one of those scales still means the same thing. Any other value
//!   submitted under a scale that does not have it is refused ([`parse`]).

use std::fmt;

use serde::de::Error as _;
use serde::ser::SerializeStruct;

use crate::domain::text_enum;

text_enum! {
    /// The common ordinal every scale maps to. Ordered best first, so `max` is the worse.
    pub enum Level {
        Good => ("good", "好"),
        Fair => ("fair", "一般"),
        Poor => ("poor", "差"),
    }
}

impl Level {
    /// The worse of two levels (e.g. to print 临淄's combined 消防（取暖）安全 row).
    pub fn worse(self, other: Level) -> Level {
        self.max(other)
    }
}

text_enum! {
    /// 优/良/中/差 — four grades (峨眉山 附件1).
    pub enum FourGrade {
        Excellent => ("excellent", "优"),
        Good => ("good", "良"),
        Fair => ("fair", "中"),
        Poor => ("poor", "差"),
    }
}

text_enum! {
    /// 好/一般/较差 — three grades (临淄 附件2).
    pub enum ThreeGrade {
        Good => ("good", "好"),
        Fair => ("fair", "一般"),
        Poor => ("poor", "较差"),
    }
}

text_enum! {
    /// 无变化/较好/较差 — change since the previous visit (渝北 附件3).
    pub enum Change {
        Unchanged => ("unchanged", "无变化"),
        Better => ("better", "较好"),
        Worse => ("worse", "较差"),
    }
}

text_enum! {
    /// 安全/较安全/不安全 — safety (渝北 附件3; 峨眉山 附件1 uses 安全/不安全).
    pub enum Safety {
        Safe => ("safe", "安全"),
        FairlySafe => ("fairly_safe", "较安全"),
        Unsafe => ("unsafe", "不安全"),
    }
}

text_enum! {
    /// 无变化/严重/转好 — illness since the previous visit (渝北 附件3 疾病状况).
    pub enum IllnessChange {
        Unchanged => ("unchanged", "无变化"),
        Serious => ("serious", "严重"),
        Improved => ("improved", "转好"),
    }
}

text_enum! {
    /// Which grading scale a value was given on.
    pub enum Scale {
        FourGrade => ("four_grade", "优/良/中/差"),
        ThreeGrade => ("three_grade", "好/一般/较差"),
        Change => ("change", "无变化/较好/较差"),
        Safety => ("safety", "安全/较安全/不安全"),
        IllnessChange => ("illness_change", "无变化/严重/转好"),
    }
}

/// A value of one grading scale and its mapping to the common [`Level`].
pub trait GradingScale: Copy + Sized + 'static {
    /// The scale this type is.
    const SCALE: Scale;
    /// Every value, in declaration order.
    fn values() -> &'static [Self];
    /// The common level of this value.
    fn to_level(self) -> Level;
    /// The canonical value of this scale for a level.
    fn from_level(level: Level) -> Self;
    /// Wraps the value with its scale.
    fn grade(self) -> Grade;
}

// The mapping tables: the one place that defines how the scales relate. Keep them in step with
// the table in the module documentation and in docs/record-format.md.

impl GradingScale for FourGrade {
    const SCALE: Scale = Scale::FourGrade;
    fn values() -> &'static [Self] {
        FourGrade::ALL
    }
    fn to_level(self) -> Level {
        match self {
            FourGrade::Excellent | FourGrade::Good => Level::Good,
            FourGrade::Fair => Level::Fair,
            FourGrade::Poor => Level::Poor,
        }
    }
    fn from_level(level: Level) -> Self {
        match level {
            Level::Good => FourGrade::Good,
            Level::Fair => FourGrade::Fair,
            Level::Poor => FourGrade::Poor,
        }
    }
    fn grade(self) -> Grade {
        Grade::FourGrade(self)
    }
}

impl GradingScale for ThreeGrade {
    const SCALE: Scale = Scale::ThreeGrade;
    fn values() -> &'static [Self] {
        ThreeGrade::ALL
    }
    fn to_level(self) -> Level {
        match self {
            ThreeGrade::Good => Level::Good,
            ThreeGrade::Fair => Level::Fair,
            ThreeGrade::Poor => Level::Poor,
        }
    }
    fn from_level(level: Level) -> Self {
        match level {
            Level::Good => ThreeGrade::Good,
            Level::Fair => ThreeGrade::Fair,
            Level::Poor => ThreeGrade::Poor,
        }
    }
    fn grade(self) -> Grade {
        Grade::ThreeGrade(self)
    }
}

impl GradingScale for Change {
    const SCALE: Scale = Scale::Change;
    fn values() -> &'static [Self] {
        Change::ALL
    }
    fn to_level(self) -> Level {
        match self {
            Change::Better => Level::Good,
            Change::Unchanged => Level::Fair,
            Change::Worse => Level::Poor,
        }
    }
    fn from_level(level: Level) -> Self {
        match level {
            Level::Good => Change::Better,
            Level::Fair => Change::Unchanged,
            Level::Poor => Change::Worse,
        }
    }
    fn grade(self) -> Grade {
        Grade::Change(self)
    }
}

impl GradingScale for Safety {
    const SCALE: Scale = Scale::Safety;
    fn values() -> &'static [Self] {
        Safety::ALL
    }
    fn to_level(self) -> Level {
        match self {
            Safety::Safe => Level::Good,
            Safety::FairlySafe => Level::Fair,
            Safety::Unsafe => Level::Poor,
        }
    }
    fn from_level(level: Level) -> Self {
        match level {
            Level::Good => Safety::Safe,
            Level::Fair => Safety::FairlySafe,
            Level::Poor => Safety::Unsafe,
        }
    }
    fn grade(self) -> Grade {
        Grade::Safety(self)
    }
}

impl GradingScale for IllnessChange {
    const SCALE: Scale = Scale::IllnessChange;
    fn values() -> &'static [Self] {
        IllnessChange::ALL
    }
    fn to_level(self) -> Level {
        match self {
            IllnessChange::Improved => Level::Good,
            IllnessChange::Unchanged => Level::Fair,
            IllnessChange::Serious => Level::Poor,
        }
    }
    fn from_level(level: Level) -> Self {
        match level {
            Level::Good => IllnessChange::Improved,
            Level::Fair => IllnessChange::Unchanged,
            Level::Poor => IllnessChange::Serious,
        }
    }
    fn grade(self) -> Grade {
        Grade::IllnessChange(self)
    }
}

impl Scale {
    /// Every value of this scale, in declaration order.
    pub fn values(self) -> Vec<Grade> {
        fn all<T: GradingScale>() -> Vec<Grade> {
            T::values().iter().map(|v| v.grade()).collect()
        }
        match self {
            Scale::FourGrade => all::<FourGrade>(),
            Scale::ThreeGrade => all::<ThreeGrade>(),
            Scale::Change => all::<Change>(),
            Scale::Safety => all::<Safety>(),
            Scale::IllnessChange => all::<IllnessChange>(),
        }
    }

    /// The accepted codes with their labels, for error messages: `safe（安全）、…`.
    pub fn allowed_codes(self) -> String {
        self.values()
            .iter()
            .map(|g| format!("{}（{}）", g.code(), g.label_zh()))
            .collect::<Vec<_>>()
            .join("、")
    }

    fn all_codes() -> String {
        Scale::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("、")
    }
}

/// Why a submitted grade was refused. The message is for the person entering the record
/// (Chinese first) and names the scale; [`GradeError::code`] is stable for API clients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// The scale name is not one of [`Scale`].
    #[error("未知的评价量表“{name}”（unknown grading scale）；可选：{allowed}", allowed = Scale::all_codes())]
    UnknownScale { name: String },
    /// The value exists, if at all, only on another scale.
    #[error(
        "“{value}”不是评价量表 {code}（{zh}）的取值（not a value of scale {code}）；可选：{allowed}",
        code = .scale.as_str(),
        zh = .scale.label_zh(),
        allowed = .scale.allowed_codes()
    )]
    NotInScale { scale: Scale, value: String },
}

impl GradeError {
    /// Stable machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            GradeError::UnknownScale { .. } => "unknown_scale",
            GradeError::NotInScale { .. } => "not_in_scale",
        }
    }
}

/// Parses a value code under the scale the visitor says they used. A code of another scale is
/// refused with an error naming `scale` (e.g. `better` under `safety`).
pub fn parse(scale: Scale, code: &str) -> Result<Grade, GradeError> {
    let grade = match scale {
        Scale::FourGrade => FourGrade::parse_code(code).map(Grade::FourGrade),
        Scale::ThreeGrade => ThreeGrade::parse_code(code).map(Grade::ThreeGrade),
        Scale::Change => Change::parse_code(code).map(Grade::Change),
        Scale::Safety => Safety::parse_code(code).map(Grade::Safety),
        Scale::IllnessChange => IllnessChange::parse_code(code).map(Grade::IllnessChange),
    };
    grade.ok_or_else(|| GradeError::NotInScale {
        scale,
        value: code.to_owned(),
    })
}

/// A graded item as the visitor recorded it: the scale they used and the value on it.
///
/// In JSON it is `{"scale": "safety", "value": "fairly_safe"}` (stored codes, not labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    FourGrade(FourGrade),
    ThreeGrade(ThreeGrade),
    Change(Change),
    Safety(Safety),
    IllnessChange(IllnessChange),
}

impl Grade {
    /// See [`parse`].
    pub fn parse(scale: Scale, code: &str) -> Result<Grade, GradeError> {
        parse(scale, code)
    }

    /// Parses a scale code and a value code, both as text (e.g. from JSON).
    pub fn parse_named(scale: &str, code: &str) -> Result<Grade, GradeError> {
        let scale = Scale::parse_code(scale).ok_or_else(|| GradeError::UnknownScale { name: scale.to_owned() })?;
        parse(scale, code)
    }

    /// The scale the value was given on.
    pub fn scale(self) -> Scale {
        match self {
            Grade::FourGrade(_) => Scale::FourGrade,
            Grade::ThreeGrade(_) => Scale::ThreeGrade,
            Grade::Change(_) => Scale::Change,
            Grade::Safety(_) => Scale::Safety,
            Grade::IllnessChange(_) => Scale::IllnessChange,
        }
    }

    /// The stored code of the value (unique within its scale only).
    pub fn code(self) -> &'static str {
        match self {
            Grade::FourGrade(v) => v.as_str(),
            Grade::ThreeGrade(v) => v.as_str(),
            Grade::Change(v) => v.as_str(),
            Grade::Safety(v) => v.as_str(),
            Grade::IllnessChange(v) => v.as_str(),
        }
    }

    /// The Chinese label of the value, as on the paper form.
    pub fn label_zh(self) -> &'static str {
        match self {
            Grade::FourGrade(v) => v.label_zh(),
            Grade::ThreeGrade(v) => v.label_zh(),
            Grade::Change(v) => v.label_zh(),
            Grade::Safety(v) => v.label_zh(),
            Grade::IllnessChange(v) => v.label_zh(),
        }
    }

    /// The common level, without context (无变化 → fair; see the module documentation).
    pub fn to_level(self) -> Level {
        match self {
            Grade::FourGrade(v) => v.to_level(),
            Grade::ThreeGrade(v) => v.to_level(),
            Grade::Change(v) => v.to_level(),
            Grade::Safety(v) => v.to_level(),
            Grade::IllnessChange(v) => v.to_level(),
        }
    }

    /// The common level given the level of the same item on the elder's previous visit: a
    /// relative 无变化 (`change` or `illness_change`) takes the previous level; everything else,
    /// and 无变化 with no previous level, is [`Grade::to_level`].
    pub fn level_given(self, previous: Option<Level>) -> Level {
        match (self, previous) {
            (Grade::Change(Change::Unchanged) | Grade::IllnessChange(IllnessChange::Unchanged), Some(level)) => level,
            _ => self.to_level(),
        }
    }

    /// The canonical value of `scale` for `level`.
    pub fn from_level(scale: Scale, level: Level) -> Grade {
        match scale {
            Scale::FourGrade => FourGrade::from_level(level).grade(),
            Scale::ThreeGrade => ThreeGrade::from_level(level).grade(),
            Scale::Change => Change::from_level(level).grade(),
            Scale::Safety => Safety::from_level(level).grade(),
            Scale::IllnessChange => IllnessChange::from_level(level).grade(),
        }
    }

    /// The value expressed on another scale, through the common level (e.g. to print a
    /// 临淄 好 on 峨眉山's form as 良). Identity when `scale` is the value's own scale.
    pub fn convert_to(self, scale: Scale) -> Grade {
        if scale == self.scale() {
            self
        } else {
            Grade::from_level(scale, self.to_level())
        }
    }

    /// Whether the value is the canonical value of its level on its scale, i.e. survives
    /// scale → level → same scale. Only 优 is not.
    pub fn is_canonical(self) -> bool {
        Grade::from_level(self.scale(), self.to_level()) == self
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_zh())
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Grade", 2)?;
        s.serialize_field("scale", self.scale().as_str())?;
        s.serialize_field("value", self.code())?;
        s.end()
    }
}

impl<'de> serde::Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            scale: String,
            value: String,
        }
        let repr = Repr::deserialize(deserializer)?;
        Grade::parse_named(&repr.scale, &repr.value).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    use std::collections::BTreeSet;

    /// Every value of every scale with the level it must map to — written out, not derived.
    fn expected() -> Vec<(Grade, Level)> {
        use Level::*;
        vec![
            (Grade::FourGrade(FourGrade::Excellent), Good),
            (Grade::FourGrade(FourGrade::Good), Good),
            (Grade::FourGrade(FourGrade::Fair), Fair),
            (Grade::FourGrade(FourGrade::Poor), Poor),
            (Grade::ThreeGrade(ThreeGrade::Good), Good),
            (Grade::ThreeGrade(ThreeGrade::Fair), Fair),
            (Grade::ThreeGrade(ThreeGrade::Poor), Poor),
            (Grade::Change(Change::Better), Good),
            (Grade::Change(Change::Unchanged), Fair),
            (Grade::Change(Change::Worse), Poor),
            (Grade::Safety(Safety::Safe), Good),
            (Grade::Safety(Safety::FairlySafe), Fair),
            (Grade::Safety(Safety::Unsafe), Poor),
            (Grade::IllnessChange(IllnessChange::Improved), Good),
            (Grade::IllnessChange(IllnessChange::Unchanged), Fair),
            (Grade::IllnessChange(IllnessChange::Serious), Poor),
        ]
    }

    fn every_grade() -> Vec<Grade> {
        Scale::ALL.iter().flat_map(|s| s.values()).collect()
    }

    #[test]
    fn every_value_of_every_scale_maps() {
        let all = every_grade();
        let table = expected();
        assert_eq!(
            all.len(),
            table.len(),
            "a scale value is missing from the expected table"
        );
        for (grade, level) in table {
            assert!(all.contains(&grade), "{grade:?} not listed by its scale");
            assert_eq!(grade.to_level(), level, "{grade:?}");
        }
    }

    #[test]
    fn scale_lists_match_the_forms() {
        let labels = |s: Scale| s.values().iter().map(|g| g.label_zh()).collect::<Vec<_>>().join("/");
        assert_eq!(labels(Scale::FourGrade), "优/良/中/差");
        assert_eq!(labels(Scale::ThreeGrade), "好/一般/较差");
        assert_eq!(labels(Scale::Change), "无变化/较好/较差");
        assert_eq!(labels(Scale::Safety), "安全/较安全/不安全");
        assert_eq!(labels(Scale::IllnessChange), "无变化/严重/转好");
        for s in Scale::ALL {
            assert_eq!(labels(*s), s.label_zh());
        }
    }

    #[test]
    fn every_scale_expresses_every_level() {
        for scale in Scale::ALL {
            for level in Level::ALL {
                let g = Grade::from_level(*scale, *level);
                assert_eq!(g.scale(), *scale);
                assert_eq!(g.to_level(), *level, "{scale:?} {level:?}");
            }
        }
    }

    #[test]
    fn canonical_values_round_trip_and_only_excellent_is_lossy() {
        let mut lossy = Vec::new();
        for g in every_grade() {
            let back = Grade::from_level(g.scale(), g.to_level());
            if g.is_canonical() {
                assert_eq!(back, g);
            } else {
                lossy.push((g, back));
            }
        }
        assert_eq!(
            lossy,
            vec![(
                Grade::FourGrade(FourGrade::Excellent),
                Grade::FourGrade(FourGrade::Good)
            )]
        );
    }

    #[test]
    fn conversions_between_scales() {
        let g = |s, c| parse(s, c).unwrap();
        assert_eq!(
            g(Scale::FourGrade, "excellent").convert_to(Scale::ThreeGrade),
            g(Scale::ThreeGrade, "good")
        );
        assert_eq!(
            g(Scale::ThreeGrade, "good").convert_to(Scale::FourGrade).label_zh(),
            "良"
        );
        assert_eq!(
            g(Scale::Safety, "fairly_safe").convert_to(Scale::FourGrade).label_zh(),
            "中"
        );
        assert_eq!(
            g(Scale::Safety, "unsafe").convert_to(Scale::ThreeGrade).label_zh(),
            "较差"
        );
        assert_eq!(
            g(Scale::ThreeGrade, "poor").convert_to(Scale::IllnessChange).label_zh(),
            "严重"
        );
        assert_eq!(
            g(Scale::Change, "unchanged").convert_to(Scale::Safety).label_zh(),
            "较安全"
        );
        // Converting to the own scale is the identity, even for the lossy 优.
        assert_eq!(
            g(Scale::FourGrade, "excellent").convert_to(Scale::FourGrade).label_zh(),
            "优"
        );
    }

    #[test]
    fn unchanged_takes_the_previous_level_when_known() {
        let unchanged = Grade::Change(Change::Unchanged);
        assert_eq!(unchanged.level_given(None), Level::Fair);
        assert_eq!(unchanged.level_given(Some(Level::Poor)), Level::Poor);
        assert_eq!(
            Grade::IllnessChange(IllnessChange::Unchanged).level_given(Some(Level::Good)),
            Level::Good
        );
        // Absolute values ignore the previous level.
        assert_eq!(Grade::Change(Change::Worse).level_given(Some(Level::Good)), Level::Poor);
        assert_eq!(Grade::Safety(Safety::Safe).level_given(Some(Level::Poor)), Level::Good);
    }

    #[test]
    fn worse_of_two_levels() {
        assert_eq!(Level::Good.worse(Level::Poor), Level::Poor);
        assert_eq!(Level::Fair.worse(Level::Good), Level::Fair);
        assert_eq!(Level::Fair.worse(Level::Fair), Level::Fair);
    }

    #[test]
    fn every_code_parses_under_its_own_scale() {
        for g in every_grade() {
            assert_eq!(parse(g.scale(), g.code()), Ok(g));
            assert_eq!(Grade::parse_named(g.scale().as_str(), g.code()), Ok(g));
        }
    }

    #[test]
    fn a_value_of_another_scale_is_refused_naming_the_scale() {
        let err = parse(Scale::Safety, "better").unwrap_err();
        assert_eq!(
            err,
            GradeError::NotInScale {
                scale: Scale::Safety,
                value: "better".into()
            }
        );
        assert_eq!(err.code(), "not_in_scale");
        let msg = err.to_string();
        assert!(msg.contains("safety") && msg.contains("安全/较安全/不安全"), "{msg}");
        assert!(msg.contains("fairly_safe（较安全）"), "{msg}");

        assert!(parse(Scale::ThreeGrade, "excellent").is_err());
        assert!(parse(Scale::Change, "safe").is_err());
        assert!(parse(Scale::IllnessChange, "worse").is_err());
        assert!(parse(Scale::Change, "serious").is_err());
        // Labels are not codes.
        assert!(parse(Scale::FourGrade, "优").is_err());

        // Exhaustively: a code is accepted under another scale only if that scale has the same
        // code, and then both mean the same level.
        for g in every_grade() {
            for scale in Scale::ALL {
                match parse(*scale, g.code()) {
                    Ok(other) => assert_eq!(other.to_level(), g.to_level(), "{g:?} as {scale:?}"),
                    Err(e) => {
                        assert!(!scale.values().iter().any(|v| v.code() == g.code()));
                        assert!(e.to_string().contains(scale.as_str()));
                    }
                }
            }
        }
    }

    #[test]
    fn an_unknown_scale_is_refused() {
        let err = Grade::parse_named("five_grade", "good").unwrap_err();
        assert_eq!(err.code(), "unknown_scale");
        assert!(err.to_string().contains("five_grade"));
        assert!(err.to_string().contains("illness_change"));
    }

    #[test]
    fn codes_are_unique_within_each_scale() {
        for scale in Scale::ALL {
            let codes: BTreeSet<_> = scale.values().iter().map(|g| g.code()).collect();
            assert_eq!(codes.len(), scale.values().len(), "{scale:?}");
        }
    }

    /// The JSON Schema in docs/ lists the same scales and values as this module, and the same
    /// format version as `FORMAT_VERSION`.
    #[test]
    fn json_schema_agrees() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../../docs/record-format.schema.json")).unwrap();
        assert_eq!(schema["version"], super::super::FORMAT_VERSION);
        // Records of any 1.x version are read; this code writes FORMAT_VERSION.
        let major = super::super::FORMAT_VERSION.split('.').next().unwrap();
        assert_eq!(
            schema["properties"]["formatVersion"]["pattern"],
            format!("^{major}\\.[0-9]+\\.[0-9]+$")
        );
        let scale_codes: Vec<&str> = Scale::ALL.iter().map(|s| s.as_str()).collect();
        let in_schema: Vec<&str> = schema["$defs"]["scale"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(in_schema, scale_codes);
        for branch in schema["$defs"]["illnessGrade"]["oneOf"].as_array().unwrap() {
            let scale = Scale::parse_code(branch["properties"]["scale"]["const"].as_str().unwrap()).unwrap();
            let values: Vec<&str> = branch["properties"]["value"]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let codes: Vec<&str> = scale.values().iter().map(|g| g.code()).collect();
            assert_eq!(values, codes, "{scale:?}");
        }
        assert_eq!(
            schema["$defs"]["illnessGrade"]["oneOf"].as_array().unwrap().len(),
            Scale::ALL.len()
        );
    }

    #[test]
    fn json_form() {
        let g = Grade::Safety(Safety::FairlySafe);
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, r#"{"scale":"safety","value":"fairly_safe"}"#);
        assert_eq!(serde_json::from_str::<Grade>(&json).unwrap(), g);
        for g in every_grade() {
            let back: Grade = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
            assert_eq!(back, g);
        }

        let err = serde_json::from_str::<Grade>(r#"{"scale":"safety","value":"better"}"#).unwrap_err();
        assert!(err.to_string().contains("safety"), "{err}");
        assert!(serde_json::from_str::<Grade>(r#"{"scale":"change","value":"better","note":1}"#).is_err());
        assert!(serde_json::from_str::<Grade>(r#"{"scale":"change"}"#).is_err());
    }
}
