//! 事实变更 — the facts of a file through time (DOMAIN.md §7).
//!
//! What the packs read of a file ([`FactInputs`]) changes by dated [`FactChange`]s: each sets
//! some fields from the day it takes effect. Nothing is ever overwritten: the facts on a day
//! are replayed from the changes, and the facts *as known at* a moment from the changes
//! recorded by then — which is how a closed month is recomputed exactly as it was reported.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::facts::{ElderFacts, FactTimeline};
use crate::domain::area::UrbanRural;
use crate::domain::elder::{
    AbilityLevel, Category, EconomicStatus, ElderFile, FamilyMember, HardshipSupport, LivingArrangement, MemberBirth,
    RiskLevel,
};
use crate::domain::id_number::Sex;
use crate::domain::text_enum;

/// 档案事实 — what the packs read of an elder file, and nothing else (no name, no number):
/// the inputs of [`ElderFacts::from_inputs`]. Stored as JSON in each change, by the field
/// names of [`FactField`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FactInputs {
    pub birth_date: NaiveDate,
    pub urban_rural: UrbanRural,
    pub ability_level: AbilityLevel,
    pub has_dementia: bool,
    pub has_serious_illness: bool,
    /// 1 (most severe) to 4; `None` without a disability.
    pub disability_grade: Option<u8>,
    pub economic_status: EconomicStatus,
    pub hardship_support: Option<HardshipSupport>,
    pub living_arrangement: LivingArrangement,
    pub categories: BTreeSet<Category>,
    /// 子女外出 — the children's absence is recorded.
    pub children_away: bool,
    /// 风险等级 of the latest yearly assessment.
    pub risk_level: Option<RiskLevel>,
    pub household: Vec<MemberFacts>,
}

/// 家庭成员 — what the packs read of one member of the household (no name, no phone).
///
/// The fields after `visits_often` were added with the structured household (migration
/// `2026-12-08-000019_household_members`): changes stored before then lack them. Each is
/// `#[serde(default)]` on purpose — an absent field reads as `None`, "not recorded", which is
/// exactly what those older files said (they could only hold the note). This is no silent
/// fallback on an unknown value: a value present but unreadable is still an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberFacts {
    pub relation: String,
    /// The note in words: kept in the history, never read as a fact.
    pub health: Option<String>,
    pub lives_with: bool,
    pub visits_often: bool,
    /// 出生日期, when recorded.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// 年龄 as stated on a day, when the birth date is not known.
    #[serde(default)]
    pub stated_age: Option<StatedAge>,
    #[serde(default)]
    pub sex: Option<Sex>,
    /// 能力程度; `None`: not recorded.
    #[serde(default)]
    pub ability_level: Option<AbilityLevel>,
    /// 失智; `None`: not recorded.
    #[serde(default)]
    pub has_dementia: Option<bool>,
    /// 残疾等级 1–4; `None`: no disability recorded.
    #[serde(default)]
    pub disability_grade: Option<u8>,
}

/// An age in years (周岁) as stated on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatedAge {
    pub years: u8,
    pub on: NaiveDate,
}

impl MemberFacts {
    fn of(member: &FamilyMember) -> MemberFacts {
        let (birth_date, stated_age) = match member.born {
            Some(MemberBirth::On(day)) => (Some(day), None),
            Some(MemberBirth::AgeStated { age, on }) => (None, Some(StatedAge { years: age, on })),
            None => (None, None),
        };
        MemberFacts {
            relation: member.relation.clone(),
            health: member.health.clone(),
            lives_with: member.lives_with,
            visits_often: member.visits_often,
            birth_date,
            stated_age,
            sex: member.sex,
            ability_level: member.ability_level,
            has_dementia: member.has_dementia,
            disability_grade: member.disability_grade,
        }
    }

    /// What is recorded of the member's age and condition, in words (`配偶：72 岁（2026-11-18
    /// 登记）、重度失能`); `None` when nothing is.
    fn text(&self) -> Option<String> {
        let mut parts = Vec::new();
        match (self.birth_date, self.stated_age) {
            (Some(day), _) => parts.push(format!("{} 出生", day.format("%Y-%m-%d"))),
            (None, Some(StatedAge { years, on })) => {
                parts.push(format!("{years} 岁（{} 登记）", on.format("%Y-%m-%d")));
            }
            (None, None) => {}
        }
        parts.extend(self.ability_level.map(|a| a.label_zh().to_string()));
        parts.extend(self.has_dementia.map(|d| if d { "失智" } else { "无失智" }.to_string()));
        parts.extend(self.disability_grade.map(|g| format!("残疾 {g} 级")));
        (!parts.is_empty()).then(|| format!("{}：{}", self.relation, parts.join("、")))
    }

    /// How the member's age is known, if it is.
    pub fn birth(&self) -> Option<MemberBirth> {
        match (self.birth_date, self.stated_age) {
            (Some(day), _) => Some(MemberBirth::On(day)),
            (None, Some(StatedAge { years, on })) => Some(MemberBirth::AgeStated { age: years, on }),
            (None, None) => None,
        }
    }

    /// The first day on which the member has surely reached `years` ([`MemberBirth::age_on`]).
    pub fn reaches_age_on(&self, years: u32) -> Option<NaiveDate> {
        self.birth().and_then(|b| b.reaches_age_on(years))
    }

    /// 失能、失智或残疾 as recorded in the member's own fields (never read from the note).
    pub fn impaired_or_disabled(&self) -> bool {
        self.impaired_or_dementia() || self.disability_grade.is_some()
    }

    /// 失能或失智 as recorded in the member's own fields.
    pub fn impaired_or_dementia(&self) -> bool {
        self.ability_level.is_some_and(AbilityLevel::is_impaired) || self.has_dementia == Some(true)
    }
}

text_enum! {
    /// 档案事实项 — one field of [`FactInputs`]; the code is its name in the stored JSON.
    pub enum FactField {
        BirthDate => ("birthDate", "出生日期"),
        UrbanRural => ("urbanRural", "城乡"),
        AbilityLevel => ("abilityLevel", "能力程度"),
        HasDementia => ("hasDementia", "失智"),
        HasSeriousIllness => ("hasSeriousIllness", "重病"),
        DisabilityGrade => ("disabilityGrade", "残疾等级"),
        EconomicStatus => ("economicStatus", "经济状况"),
        HardshipSupport => ("hardshipSupport", "特困供养方式"),
        LivingArrangement => ("livingArrangement", "居住情况"),
        Categories => ("categories", "人员类别"),
        ChildrenAway => ("childrenAway", "子女外出"),
        RiskLevel => ("riskLevel", "风险等级"),
        Household => ("household", "家庭成员"),
    }
}

fn yes_no(value: bool) -> String {
    if value { "是" } else { "否" }.to_string()
}

impl FactInputs {
    /// What the packs read of a file.
    pub fn of(file: &ElderFile) -> FactInputs {
        FactInputs {
            birth_date: file.birth_date(),
            urban_rural: file.urban_rural,
            ability_level: file.ability_level,
            has_dementia: file.has_dementia,
            has_serious_illness: file.has_serious_illness,
            disability_grade: file.disability.as_ref().map(|d| d.grade),
            economic_status: file.economic_status,
            hardship_support: file.hardship_support,
            living_arrangement: file.living_arrangement,
            categories: file.categories.clone(),
            children_away: file.children_away.is_some(),
            risk_level: file.risk_assessment.as_ref().map(|r| r.level),
            household: file.family_members.iter().map(MemberFacts::of).collect(),
        }
    }

    /// One field in words, for the timeline (`中度失能`, `是`, `独居、失能` …).
    pub fn text(&self, field: FactField) -> String {
        let label = |value: Option<&'static str>| value.unwrap_or("无").to_string();
        match field {
            FactField::BirthDate => self.birth_date.format("%Y-%m-%d").to_string(),
            FactField::UrbanRural => self.urban_rural.label_zh().to_string(),
            FactField::AbilityLevel => self.ability_level.label_zh().to_string(),
            FactField::HasDementia => yes_no(self.has_dementia),
            FactField::HasSeriousIllness => yes_no(self.has_serious_illness),
            FactField::DisabilityGrade => self
                .disability_grade
                .map_or_else(|| "无".to_string(), |g| format!("{g} 级")),
            FactField::EconomicStatus => self.economic_status.label_zh().to_string(),
            FactField::HardshipSupport => label(self.hardship_support.map(HardshipSupport::label_zh)),
            FactField::LivingArrangement => self.living_arrangement.label_zh().to_string(),
            FactField::Categories if self.categories.is_empty() => "无".to_string(),
            FactField::Categories => self
                .categories
                .iter()
                .map(|c| c.label_zh())
                .collect::<Vec<_>>()
                .join("、"),
            FactField::ChildrenAway => yes_no(self.children_away),
            FactField::RiskLevel => label(self.risk_level.map(RiskLevel::label_zh)),
            FactField::Household => {
                let with = self.household.iter().filter(|m| m.lives_with).count();
                let recorded: Vec<String> = self.household.iter().filter_map(MemberFacts::text).collect();
                let mut text = format!("{} 人，同住 {with} 人", self.household.len());
                if !recorded.is_empty() {
                    text.push_str(&format!("（{}）", recorded.join("；")));
                }
                text
            }
        }
    }

    fn to_map(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            // A struct of plain fields always serializes to an object.
            _ => Map::new(),
        }
    }
}

/// 事实变更 — some fields of [`FactInputs`] set from a day on, and when that was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct FactChange {
    pub effective_from: NaiveDate,
    pub recorded_at: NaiveDateTime,
    /// The fields it sets, by [`FactField`] code (all of them for a file's first change).
    pub values: Map<String, Value>,
}

impl FactChange {
    /// The fields of `after` that differ from `before` (all of them without a `before`);
    /// `None` when nothing the packs read changed.
    pub fn between(
        before: Option<&FactInputs>,
        after: &FactInputs,
        effective_from: NaiveDate,
        recorded_at: NaiveDateTime,
    ) -> Option<FactChange> {
        let old = before.map(FactInputs::to_map).unwrap_or_default();
        let values: Map<String, Value> = after
            .to_map()
            .into_iter()
            .filter(|(field, value)| old.get(field) != Some(value))
            .collect();
        (!values.is_empty()).then_some(FactChange {
            effective_from,
            recorded_at,
            values,
        })
    }

    /// The fields it sets (a stored name this build does not know is an error).
    pub fn fields(&self) -> Result<Vec<FactField>, String> {
        self.values
            .keys()
            .map(|k| FactField::parse_code(k).ok_or_else(|| format!("unknown fact field `{k}`")))
            .collect()
    }
}

/// The facts of each day on which a change takes effect, as known at `known_at` (every
/// change when `None`), earliest first. On each such day, each field holds the value of the
/// change that takes effect latest by that day and sets it; of two taking effect on the same
/// day, the later recorded. So a back-dated change reaches the later spans that did not
/// change the same field, and stops at the first that did.
///
/// Fails, naming the field, when the changes do not make a whole file (the first change
/// must set every field) or hold a value this build cannot read.
pub fn spans(changes: &[FactChange], known_at: Option<NaiveDateTime>) -> Result<Vec<(NaiveDate, FactInputs)>, String> {
    let patches = changes
        .iter()
        .map(|c| {
            let patch = serde_json::from_value(Value::Object(c.values.clone()))
                .map_err(|e| format!("facts from {}: {e}", c.effective_from))?;
            Ok((c.effective_from, c.recorded_at, patch))
        })
        .collect::<Result<Vec<_>, String>>()?;
    replay(patches, known_at)
}

/// [`spans`] of changes as stored: (effective from, recorded at, the JSON of the fields set),
/// read straight into typed fields (coverage replays many elders' changes).
pub fn spans_of_stored<'a>(
    changes: impl IntoIterator<Item = (NaiveDate, NaiveDateTime, &'a str)>,
    known_at: Option<NaiveDateTime>,
) -> Result<Vec<(NaiveDate, FactInputs)>, String> {
    let patches = changes
        .into_iter()
        .map(|(from, at, json)| {
            let patch = serde_json::from_str(json).map_err(|e| format!("facts from {from}: {e}"))?;
            Ok((from, at, patch))
        })
        .collect::<Result<Vec<_>, String>>()?;
    replay(patches, known_at)
}

/// The replay of [`spans`].
fn replay(
    mut changes: Vec<(NaiveDate, NaiveDateTime, FactPatch)>,
    known_at: Option<NaiveDateTime>,
) -> Result<Vec<(NaiveDate, FactInputs)>, String> {
    changes.retain(|(_, at, _)| known_at.is_none_or(|known| *at <= known));
    changes.sort_by_key(|(from, at, _)| (*from, *at));
    let mut state: Option<FactInputs> = None;
    let mut spans: Vec<(NaiveDate, FactInputs)> = Vec::new();
    let mut changes = changes.into_iter().peekable();
    while let Some((from, _, patch)) = changes.next() {
        match state.as_mut() {
            Some(inputs) => patch.apply(inputs),
            None => state = Some(patch.whole().map_err(|e| format!("facts from {from}: {e}"))?),
        }
        let last_of_day = changes.peek().is_none_or(|(next, _, _)| *next != from);
        if let (true, Some(inputs)) = (last_of_day, &state) {
            spans.push((from, inputs.clone()));
        }
    }
    Ok(spans)
}

/// What one change sets, typed: a field absent is not set; a nullable field set to null is
/// `Some(None)`. The same fields as [`FactInputs`] (a unit test keeps them in step).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FactPatch {
    #[serde(default)]
    birth_date: Option<NaiveDate>,
    #[serde(default)]
    urban_rural: Option<UrbanRural>,
    #[serde(default)]
    ability_level: Option<AbilityLevel>,
    #[serde(default)]
    has_dementia: Option<bool>,
    #[serde(default)]
    has_serious_illness: Option<bool>,
    #[serde(default, deserialize_with = "set")]
    disability_grade: Option<Option<u8>>,
    #[serde(default)]
    economic_status: Option<EconomicStatus>,
    #[serde(default, deserialize_with = "set")]
    hardship_support: Option<Option<HardshipSupport>>,
    #[serde(default)]
    living_arrangement: Option<LivingArrangement>,
    #[serde(default)]
    categories: Option<BTreeSet<Category>>,
    #[serde(default)]
    children_away: Option<bool>,
    #[serde(default, deserialize_with = "set")]
    risk_level: Option<Option<RiskLevel>>,
    #[serde(default)]
    household: Option<Vec<MemberFacts>>,
}

/// A nullable field that is present: set, to a value or to null.
fn set<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl FactPatch {
    /// A file's first change, which sets every field.
    fn whole(self) -> Result<FactInputs, String> {
        let missing = |field: FactField| format!("missing field `{}`", field.as_str());
        Ok(FactInputs {
            birth_date: self.birth_date.ok_or_else(|| missing(FactField::BirthDate))?,
            urban_rural: self.urban_rural.ok_or_else(|| missing(FactField::UrbanRural))?,
            ability_level: self.ability_level.ok_or_else(|| missing(FactField::AbilityLevel))?,
            has_dementia: self.has_dementia.ok_or_else(|| missing(FactField::HasDementia))?,
            has_serious_illness: self
                .has_serious_illness
                .ok_or_else(|| missing(FactField::HasSeriousIllness))?,
            disability_grade: self
                .disability_grade
                .ok_or_else(|| missing(FactField::DisabilityGrade))?,
            economic_status: self.economic_status.ok_or_else(|| missing(FactField::EconomicStatus))?,
            hardship_support: self
                .hardship_support
                .ok_or_else(|| missing(FactField::HardshipSupport))?,
            living_arrangement: self
                .living_arrangement
                .ok_or_else(|| missing(FactField::LivingArrangement))?,
            categories: self.categories.ok_or_else(|| missing(FactField::Categories))?,
            children_away: self.children_away.ok_or_else(|| missing(FactField::ChildrenAway))?,
            risk_level: self.risk_level.ok_or_else(|| missing(FactField::RiskLevel))?,
            household: self.household.ok_or_else(|| missing(FactField::Household))?,
        })
    }

    /// Sets the fields it holds.
    fn apply(self, to: &mut FactInputs) {
        fn put<T>(field: &mut T, value: Option<T>) {
            if let Some(value) = value {
                *field = value;
            }
        }
        put(&mut to.birth_date, self.birth_date);
        put(&mut to.urban_rural, self.urban_rural);
        put(&mut to.ability_level, self.ability_level);
        put(&mut to.has_dementia, self.has_dementia);
        put(&mut to.has_serious_illness, self.has_serious_illness);
        put(&mut to.disability_grade, self.disability_grade);
        put(&mut to.economic_status, self.economic_status);
        put(&mut to.hardship_support, self.hardship_support);
        put(&mut to.living_arrangement, self.living_arrangement);
        put(&mut to.categories, self.categories);
        put(&mut to.children_away, self.children_away);
        put(&mut to.risk_level, self.risk_level);
        put(&mut to.household, self.household);
    }
}

/// The [`FactTimeline`] of `spans`; `None` without any.
pub fn timeline(spans: Vec<(NaiveDate, FactInputs)>) -> Option<FactTimeline> {
    FactTimeline::from_spans(
        spans
            .into_iter()
            .map(|(from, inputs)| (from, ElderFacts::from_inputs(&inputs)))
            .collect(),
    )
}

/// The fields a change sets, each with its value in words, read over the facts of `spans` (the
/// elder's, earliest first) in effect on the day it takes effect: a change holds only the
/// fields it sets.
pub fn describe(change: &FactChange, spans: &[(NaiveDate, FactInputs)]) -> Result<Vec<(FactField, String)>, String> {
    let (_, base) = spans
        .iter()
        .rfind(|(from, _)| *from <= change.effective_from)
        .ok_or_else(|| format!("no facts on {}", change.effective_from))?;
    let mut values = base.to_map();
    values.extend(change.values.clone());
    let inputs: FactInputs = serde_json::from_value(Value::Object(values)).map_err(|e| e.to_string())?;
    Ok(change.fields()?.into_iter().map(|f| (f, inputs.text(f))).collect())
}

/// The fields whose value differs between two sets of facts.
pub fn differing(before: &FactInputs, after: &FactInputs) -> Vec<FactField> {
    let (old, new) = (before.to_map(), after.to_map());
    FactField::ALL
        .iter()
        .copied()
        .filter(|f| old.get(f.as_str()) != new.get(f.as_str()))
        .collect()
}

/// Of `fields`, those that a change taking effect after `from` sets again: a back-dated
/// change of them would be hidden by that later change from its day on.
pub fn set_again_after(changes: &[FactChange], fields: &[FactField], from: NaiveDate) -> Vec<FactField> {
    fields
        .iter()
        .copied()
        .filter(|f| {
            changes
                .iter()
                .any(|c| c.effective_from > from && c.values.contains_key(f.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::domain::policy::Fact;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        d(s).and_hms_opt(9, 0, 0).unwrap()
    }

    fn base() -> FactInputs {
        FactInputs {
            birth_date: d("1950-05-01"),
            urban_rural: UrbanRural::Rural,
            ability_level: AbilityLevel::Intact,
            has_dementia: false,
            has_serious_illness: false,
            disability_grade: None,
            economic_status: EconomicStatus::Ordinary,
            hardship_support: None,
            living_arrangement: LivingArrangement::WithFamily,
            categories: BTreeSet::new(),
            children_away: false,
            risk_level: None,
            household: vec![MemberFacts {
                relation: "女儿".into(),
                health: None,
                lives_with: true,
                visits_often: false,
                birth_date: None,
                stated_age: None,
                sex: None,
                ability_level: None,
                has_dementia: None,
                disability_grade: None,
            }],
        }
    }

    fn change(before: &FactInputs, after: &FactInputs, from: &str, recorded: &str) -> FactChange {
        FactChange::between(Some(before), after, d(from), at(recorded)).unwrap()
    }

    #[test]
    fn every_stored_field_name_is_a_fact_field_and_back() {
        let first = FactChange::between(None, &base(), d("2025-01-01"), at("2025-01-01")).unwrap();
        let mut stored: Vec<&str> = first.values.keys().map(String::as_str).collect();
        let mut declared: Vec<&str> = FactField::ALL.iter().map(|f| f.as_str()).collect();
        stored.sort_unstable();
        declared.sort_unstable();
        assert_eq!(stored, declared);
    }

    #[test]
    fn a_first_change_replays_to_the_whole_file_stored_or_not() {
        let mut whole = base();
        whole.disability_grade = Some(3);
        whole.hardship_support = Some(HardshipSupport::Dispersed);
        whole.risk_level = Some(RiskLevel::High);
        whole.categories = [Category::EmptyNest].into_iter().collect();
        let first = FactChange::between(None, &whole, d("2025-01-01"), at("2025-01-01")).unwrap();
        assert_eq!(
            spans(std::slice::from_ref(&first), None).unwrap(),
            vec![(d("2025-01-01"), whole.clone())]
        );
        let json = Value::Object(first.values.clone()).to_string();
        let stored = spans_of_stored([(d("2025-01-01"), at("2025-01-01"), json.as_str())], None).unwrap();
        assert_eq!(stored, vec![(d("2025-01-01"), whole.clone())]);
        // A nullable field set back to null is set, not left as it was.
        let mut cleared = whole.clone();
        cleared.risk_level = None;
        let clear = FactChange::between(Some(&whole), &cleared, d("2025-02-01"), at("2025-02-01")).unwrap();
        let replayed = spans(&[first, clear], None).unwrap();
        assert_eq!(replayed.last().map(|(_, inputs)| inputs.risk_level), Some(None));
    }

    #[test]
    fn a_change_holds_only_the_fields_that_differ() {
        let mut after = base();
        after.ability_level = AbilityLevel::ModeratelyImpaired;
        let c = change(&base(), &after, "2025-03-01", "2025-03-01");
        assert_eq!(c.fields().unwrap(), vec![FactField::AbilityLevel]);
        assert_eq!(
            FactChange::between(Some(&base()), &base(), d("2025-03-01"), at("2025-03-01")),
            None
        );
    }

    #[test]
    fn a_back_dated_change_reaches_later_spans_until_one_sets_the_same_field() {
        let start = FactChange::between(None, &base(), d("2025-01-01"), at("2025-01-01")).unwrap();
        // Recorded in May: she lives alone from May.
        let mut alone = base();
        alone.living_arrangement = LivingArrangement::Alone;
        let may = change(&base(), &alone, "2025-05-01", "2025-05-02");
        // Recorded in July: moderately impaired from July.
        let mut impaired = alone.clone();
        impaired.ability_level = AbilityLevel::ModeratelyImpaired;
        let july = change(&alone, &impaired, "2025-07-01", "2025-07-01");
        // Recorded in August, back-dated to March: dementia and already mildly impaired.
        let mut march_view = impaired.clone();
        march_view.has_dementia = true;
        march_view.ability_level = AbilityLevel::MildlyImpaired;
        let back = change(&impaired, &march_view, "2025-03-01", "2025-08-10");

        let all = [start, may, july, back];
        let spans = spans(&all, None).unwrap();
        let days: Vec<NaiveDate> = spans.iter().map(|(from, _)| *from).collect();
        assert_eq!(
            days,
            vec![d("2025-01-01"), d("2025-03-01"), d("2025-05-01"), d("2025-07-01")]
        );
        let (march, may, july) = (&spans[1].1, &spans[2].1, &spans[3].1);
        assert!(march.has_dementia && may.has_dementia && july.has_dementia);
        assert_eq!(march.living_arrangement, LivingArrangement::WithFamily);
        assert_eq!(march.ability_level, AbilityLevel::MildlyImpaired);
        assert_eq!(may.ability_level, AbilityLevel::MildlyImpaired);
        // July set the ability itself: the back-dated value stops there.
        assert_eq!(july.ability_level, AbilityLevel::ModeratelyImpaired);

        // As known on 1 August, the March change did not exist.
        let before = timeline(super::spans(&all, Some(at("2025-08-01"))).unwrap()).unwrap();
        assert!(!before.on(d("2025-04-15")).holds(Fact::Dementia));
        let now = timeline(super::spans(&all, None).unwrap()).unwrap();
        assert!(now.on(d("2025-04-15")).holds(Fact::Dementia));
        assert!(!now.on(d("2025-02-15")).holds(Fact::Dementia));
        assert_eq!(
            set_again_after(&all, &[FactField::AbilityLevel], d("2025-03-01")),
            vec![FactField::AbilityLevel]
        );
        assert_eq!(
            set_again_after(&all, &[FactField::HasDementia], d("2025-03-01")),
            vec![]
        );
    }

    #[test]
    fn of_two_changes_taking_effect_the_same_day_the_later_recorded_wins() {
        let start = FactChange::between(None, &base(), d("2025-01-01"), at("2025-01-01")).unwrap();
        let mut mild = base();
        mild.ability_level = AbilityLevel::MildlyImpaired;
        let mut severe = base();
        severe.ability_level = AbilityLevel::SeverelyImpaired;
        let later = change(&base(), &severe, "2025-06-01", "2025-06-05");
        let earlier = change(&base(), &mild, "2025-06-01", "2025-06-02");
        let spans = spans(&[start, later, earlier], None).unwrap();
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[1].1.ability_level, AbilityLevel::SeverelyImpaired);
    }

    #[test]
    fn changes_that_do_not_make_a_whole_file_or_hold_unknown_codes_are_errors() {
        let mut after = base();
        after.has_dementia = true;
        let partial = change(&base(), &after, "2025-03-01", "2025-03-01");
        let error = spans(&[partial], None).unwrap_err();
        assert!(error.contains("missing field"), "{error}");

        let mut start = FactChange::between(None, &base(), d("2025-01-01"), at("2025-01-01")).unwrap();
        start.values.insert("abilityLevel".into(), Value::from("flying"));
        let error = spans(&[start], None).unwrap_err();
        assert!(error.contains("flying"), "{error}");
    }

    #[test]
    fn a_member_stored_before_the_structured_household_reads_as_not_recorded() {
        // A first change as stored before migration 2026-12-08-000019: the member has only
        // relation, note, living together and visiting.
        let mut start = FactChange::between(None, &base(), d("2025-01-01"), at("2025-01-01")).unwrap();
        start.values.insert(
            "household".into(),
            serde_json::json!([{"relation": "配偶", "health": "老年痴呆", "livesWith": true, "visitsOften": false}]),
        );
        let spans = spans(&[start.clone()], None).unwrap();
        let member = &spans[0].1.household[0];
        assert_eq!(member.relation, "配偶");
        assert_eq!(
            (
                member.birth_date,
                member.stated_age,
                member.ability_level,
                member.has_dementia
            ),
            (None, None, None, None)
        );
        // A value present but unreadable is still an error.
        start.values.insert(
            "household".into(),
            serde_json::json!([{"relation": "配偶", "health": null, "livesWith": true, "visitsOften": false,
                                "abilityLevel": "flying"}]),
        );
        assert!(super::spans(&[start], None).unwrap_err().contains("flying"));
    }

    #[test]
    fn fields_read_in_words() {
        let mut inputs = base();
        inputs.categories = [Category::LivingAlone, Category::Disabled].into_iter().collect();
        inputs.disability_grade = Some(2);
        assert_eq!(inputs.text(FactField::Categories), "独居、失能");
        assert_eq!(inputs.text(FactField::DisabilityGrade), "2 级");
        assert_eq!(inputs.text(FactField::HasDementia), "否");
        assert_eq!(inputs.text(FactField::RiskLevel), "无");
        assert_eq!(inputs.text(FactField::Household), "1 人，同住 1 人");
        inputs.household[0].stated_age = Some(StatedAge {
            years: 72,
            on: d("2026-11-18"),
        });
        inputs.household[0].ability_level = Some(AbilityLevel::SeverelyImpaired);
        inputs.household[0].has_dementia = Some(false);
        assert_eq!(
            inputs.text(FactField::Household),
            "1 人，同住 1 人（女儿：72 岁（2026-11-18 登记）、重度失能、无失智）"
        );
    }
}
