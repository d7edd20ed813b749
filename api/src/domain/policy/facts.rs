//! The vocabulary of facts a pack's conditions may name, in ONE place.
//!
//! Every [`Category`] code is a fact, true when the category is ticked on the file *or* the
//! file's own fields imply it (a 重度失能 ability level makes `disabled` true even if nobody
//! ticked 失能). A few derived facts combine fields the categories do not cover. Age is not a
//! fact: conditions compare `age` on each day, so [`ElderFacts`] keeps the birth date.
//! `docs/policies.md` lists every fact; a unit test keeps the two in step.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::history::{FactInputs, MemberFacts};
use crate::domain::area::UrbanRural;
use crate::domain::elder::{
    is_severe_grade, Category, EconomicStatus, ElderFile, HardshipSupport, LivingArrangement, RiskLevel,
};
use crate::domain::text_enum;

text_enum! {
    /// A named fact about an elder that a pack condition may test.
    pub enum Fact {
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
        AdvancedAge => ("advanced_age", "高龄（类别）"),
        SeriousIllness => ("serious_illness", "重病"),
        Dementia => ("dementia", "失智"),
        LostOnlyChild => ("lost_only_child", "失独"),
        LivingWithDisabledChild => ("living_with_disabled_child", "与重度残疾子女共同居住"),
        CaringForDisabledChild => ("caring_for_disabled_child", "长期照料失能失智子女"),
        EntrustedByChildren => ("entrusted_by_children", "经子女委托巡访"),
        PriorityVeteran => ("priority_veteran", "重点优抚对象"),
        Impaired => ("impaired", "失能（任一失能等级）"),
        SevereDisability => ("severe_disability", "重度残疾（1–2 级）"),
        AnyDisability => ("any_disability", "残疾（任一等级）"),
        SpecialHardship => ("special_hardship", "特困人员"),
        RiskHigh => ("risk_high", "风险等级高"),
        LivesWithSpouse => ("lives_with_spouse", "与配偶同住"),
        CoupleOneImpairedOrDisabled => ("couple_one_impaired_or_disabled", "老年夫妻同住且一方失能失智或残疾"),
        ChildrenAway => ("children_away", "子女外出"),
        ChildrenAllAwayNoRelative => ("children_all_away_no_relative", "子女长期不在身边且无亲人同住"),
        Rural => ("rural", "农村"),
        Urban => ("urban", "城镇"),
    }
}

impl Fact {
    /// When the fact is true, in words (for docs and for "why is this elder in this tier").
    pub fn meaning(self) -> &'static str {
        match self {
            Fact::LivingAlone => "category 独居 or 城市独居 ticked, or living arrangement is alone",
            Fact::EmptyNest => "category 空巢 ticked",
            Fact::RuralLeftBehind => "category 农村留守 ticked",
            Fact::Disabled => "category 失能 ticked, or ability level is any impaired level",
            Fact::SeverelyHandicapped => "category 重残 ticked, or disability grade 1 or 2",
            Fact::FamilyPlanningSpecial => "category 计划生育特殊家庭 or 失独 ticked",
            Fact::Other => "category 其他 ticked",
            Fact::UrbanLivingAlone => "category 城市独居 ticked",
            Fact::DispersedSpecialHardship => "category 分散供养特困 ticked, or economic status 特困人员 with 分散供养",
            Fact::MinimumLiving => "category 低保 ticked, or economic status 低保",
            Fact::NearMinimumLiving => "category 低保边缘 ticked, or economic status 低保边缘",
            Fact::AdvancedAge => "category 高龄 ticked (prefer `age >= 80`, which follows the birthday)",
            Fact::SeriousIllness => "category 重病 ticked, or the file marks a serious illness",
            Fact::Dementia => "category 失智 ticked, or the file marks dementia",
            Fact::LostOnlyChild => "category 失独 ticked",
            Fact::LivingWithDisabledChild => {
                "category 与重度残疾子女共同居住 ticked, or living arrangement is with a disabled child"
            }
            Fact::CaringForDisabledChild => "category 长期照料失能失智子女 ticked",
            Fact::EntrustedByChildren => "category 经子女委托巡访 ticked",
            Fact::PriorityVeteran => "category 重点优抚对象 ticked",
            Fact::Impaired => "same as `disabled`: any of the four impaired ability levels, or category 失能",
            Fact::SevereDisability => "same as `severely_handicapped`: disability grade 1–2, or category 重残",
            Fact::AnyDisability => "a disability of any grade 1–4 is recorded, or `severely_handicapped`",
            Fact::SpecialHardship => "economic status 特困人员 (either support), or category 分散供养特困",
            Fact::RiskHigh => "the latest yearly risk assessment (风险等级评估) is 高",
            Fact::LivesWithSpouse => "living arrangement is with spouse",
            Fact::CoupleOneImpairedOrDisabled => {
                "`lives_with_spouse`, and the elder is impaired, has dementia or a disability, or a spouse \
                 family member living with them has 失能/失智/残疾/瘫痪 in their health note"
            }
            Fact::ChildrenAway => "children's absence is recorded (where, since or planned return)",
            Fact::ChildrenAllAwayNoRelative => {
                "`children_away` or `rural_left_behind`, living alone or with a carer, and no family \
                 member marked as living with the elder"
            }
            Fact::Rural => "the residence is rural (农村)",
            Fact::Urban => "the residence is urban (城镇)",
        }
    }

    fn of_category(category: Category) -> Fact {
        match category {
            Category::LivingAlone => Fact::LivingAlone,
            Category::EmptyNest => Fact::EmptyNest,
            Category::RuralLeftBehind => Fact::RuralLeftBehind,
            Category::Disabled => Fact::Disabled,
            Category::SeverelyHandicapped => Fact::SeverelyHandicapped,
            Category::FamilyPlanningSpecial => Fact::FamilyPlanningSpecial,
            Category::Other => Fact::Other,
            Category::UrbanLivingAlone => Fact::UrbanLivingAlone,
            Category::DispersedSpecialHardship => Fact::DispersedSpecialHardship,
            Category::MinimumLiving => Fact::MinimumLiving,
            Category::NearMinimumLiving => Fact::NearMinimumLiving,
            Category::AdvancedAge => Fact::AdvancedAge,
            Category::SeriousIllness => Fact::SeriousIllness,
            Category::Dementia => Fact::Dementia,
            Category::LostOnlyChild => Fact::LostOnlyChild,
            Category::LivingWithDisabledChild => Fact::LivingWithDisabledChild,
            Category::CaringForDisabledChild => Fact::CaringForDisabledChild,
            Category::EntrustedByChildren => Fact::EntrustedByChildren,
            Category::PriorityVeteran => Fact::PriorityVeteran,
        }
    }
}

/// Version of [`ElderFacts::from_file`]: bump it whenever the derivation changes, so that the
/// facts stored with each file are recomputed when the server starts.
pub const FACTS_VERSION: &str = "f1";

/// What the conditions of a pack can see of one elder: the facts that hold and the birth date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElderFacts {
    pub birth_date: NaiveDate,
    facts: BTreeSet<Fact>,
}

fn is_spouse(member: &MemberFacts) -> bool {
    ["配偶", "老伴", "妻", "夫"]
        .iter()
        .any(|word| member.relation.contains(word))
}

fn health_mentions_impairment(member: &MemberFacts) -> bool {
    member
        .health
        .as_deref()
        .is_some_and(|h| ["失能", "失智", "残疾", "瘫痪"].iter().any(|word| h.contains(word)))
}

impl ElderFacts {
    /// Facts given directly (tests, previews of a hypothetical elder).
    pub fn new(birth_date: NaiveDate, facts: impl IntoIterator<Item = Fact>) -> ElderFacts {
        ElderFacts {
            birth_date,
            facts: facts.into_iter().collect(),
        }
    }

    /// Every fact of [`Fact::ALL`] computed from the file.
    pub fn from_file(file: &ElderFile) -> ElderFacts {
        ElderFacts::from_inputs(&FactInputs::of(file))
    }

    /// Every fact of [`Fact::ALL`] computed from what the packs read of a file.
    pub fn from_inputs(file: &FactInputs) -> ElderFacts {
        let mut facts: BTreeSet<Fact> = file.categories.iter().map(|c| Fact::of_category(*c)).collect();
        let mut set = |fact: Fact, holds: bool| {
            if holds {
                facts.insert(fact);
            }
        };
        let has = |c: Category| file.categories.contains(&c);
        let alone = file.living_arrangement == LivingArrangement::Alone;
        let impaired = file.ability_level.is_impaired() || has(Category::Disabled);
        let severe = file.disability_grade.is_some_and(is_severe_grade) || has(Category::SeverelyHandicapped);
        let any_disability = file.disability_grade.is_some() || severe;
        let dementia = file.has_dementia || has(Category::Dementia);
        let spouse = file.living_arrangement == LivingArrangement::WithSpouse;
        let children_away = file.children_away;
        let relative_at_home = file.household.iter().any(|m| m.lives_with);

        set(Fact::LivingAlone, alone || has(Category::UrbanLivingAlone));
        set(Fact::Disabled, impaired);
        set(Fact::Impaired, impaired);
        set(Fact::SeverelyHandicapped, severe);
        set(Fact::SevereDisability, severe);
        set(Fact::AnyDisability, any_disability);
        set(Fact::FamilyPlanningSpecial, has(Category::LostOnlyChild));
        let hardship = file.economic_status == EconomicStatus::SpecialHardship;
        set(
            Fact::DispersedSpecialHardship,
            hardship && file.hardship_support == Some(HardshipSupport::Dispersed),
        );
        set(
            Fact::SpecialHardship,
            hardship || has(Category::DispersedSpecialHardship),
        );
        set(
            Fact::MinimumLiving,
            file.economic_status == EconomicStatus::MinimumLiving,
        );
        set(
            Fact::NearMinimumLiving,
            file.economic_status == EconomicStatus::NearMinimumLiving,
        );
        set(Fact::SeriousIllness, file.has_serious_illness);
        set(Fact::Dementia, dementia);
        set(
            Fact::LivingWithDisabledChild,
            file.living_arrangement == LivingArrangement::WithDisabledChild,
        );
        set(Fact::RiskHigh, file.risk_level == Some(RiskLevel::High));
        set(Fact::LivesWithSpouse, spouse);
        let spouse_impaired = file
            .household
            .iter()
            .any(|m| is_spouse(m) && m.lives_with && health_mentions_impairment(m));
        set(
            Fact::CoupleOneImpairedOrDisabled,
            spouse && (impaired || dementia || any_disability || spouse_impaired),
        );
        set(Fact::ChildrenAway, children_away);
        set(
            Fact::ChildrenAllAwayNoRelative,
            (children_away || has(Category::RuralLeftBehind))
                && matches!(
                    file.living_arrangement,
                    LivingArrangement::Alone | LivingArrangement::WithCarer
                )
                && !relative_at_home,
        );
        set(Fact::Rural, file.urban_rural == UrbanRural::Rural);
        set(Fact::Urban, file.urban_rural == UrbanRural::Urban);
        ElderFacts {
            birth_date: file.birth_date,
            facts,
        }
    }

    /// The stored form (`elders.policy_facts`): `"<FACTS_VERSION>:<code>,<code>…"`. Written
    /// with the file, so that coverage reads facts without decrypting or re-parsing files.
    pub fn to_stored(&self) -> String {
        let codes: Vec<&str> = self.facts.iter().map(|f| f.as_str()).collect();
        format!("{FACTS_VERSION}:{}", codes.join(","))
    }

    /// Reads the stored form back; `None` when it was written by another version of the
    /// derivation (or not at all), or names an unknown fact: such rows are recomputed.
    pub fn from_stored(birth_date: NaiveDate, stored: &str) -> Option<ElderFacts> {
        let codes = stored.strip_prefix(FACTS_VERSION)?.strip_prefix(':')?;
        let facts = codes
            .split(',')
            .filter(|c| !c.is_empty())
            .map(Fact::parse_code)
            .collect::<Option<BTreeSet<Fact>>>()?;
        Some(ElderFacts { birth_date, facts })
    }

    pub fn holds(&self, fact: Fact) -> bool {
        self.facts.contains(&fact)
    }

    /// The facts that hold, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = Fact> + '_ {
        self.facts.iter().copied()
    }

    /// 周岁 on `day`: the age increases on the birthday; someone born on 29 February becomes a
    /// year older on 1 March in non-leap years (as `IdNumber::age_on`).
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        let birth = self.birth_date;
        let mut years = day.year() - birth.year();
        if (day.month(), day.day()) < (birth.month(), birth.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }
}

/// 事实时间线 — an elder's facts through time (DOMAIN.md §7): each span of facts takes effect
/// on its day and holds until the next one takes effect. The tier on a day is derived from the
/// facts in effect that day; a period's requirements from the facts on its first day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactTimeline {
    /// The earliest span: also read before it takes effect (Decision: a file's earliest
    /// recorded facts stand for the time before; compliance owes nothing before the elder
    /// entered service anyway).
    first: ElderFacts,
    /// The later spans, by the day each takes effect, one per day.
    later: Vec<(NaiveDate, ElderFacts)>,
}

impl FactTimeline {
    /// Facts that have always held (a file with no dated history).
    pub fn constant(facts: ElderFacts) -> FactTimeline {
        FactTimeline {
            first: facts,
            later: Vec::new(),
        }
    }

    /// The timeline of spans `(effective from, facts)`, in any order; of two spans taking effect
    /// on the same day the later in `spans` wins (it was recorded later). `None` when empty.
    pub fn from_spans(mut spans: Vec<(NaiveDate, ElderFacts)>) -> Option<FactTimeline> {
        spans.reverse();
        // A stable sort keeps, within one day, the later-recorded span first; dedup keeps it.
        spans.sort_by_key(|(from, _)| *from);
        spans.dedup_by_key(|(from, _)| *from);
        let mut spans = spans.into_iter();
        let (_, first) = spans.next()?;
        Some(FactTimeline {
            first,
            later: spans.collect(),
        })
    }

    /// The facts in effect on `day`.
    pub fn on(&self, day: NaiveDate) -> &ElderFacts {
        self.later
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map_or(&self.first, |(_, facts)| facts)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::elder::{
        AbilityLevel, ConsentStatus, ElderFileInput, FamilyMemberInput, HardshipSupport as Support,
    };
    use crate::domain::id_number::{IdNumber, Sex};

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input(born: &str) -> ElderFileInput {
        ElderFileInput {
            name: "王秀英".into(),
            id_number: IdNumber::from_parts("500112", d(born), 12, Sex::Female)
                .unwrap()
                .as_str()
                .to_string(),
            birth_date: None,
            sex: None,
            phone: None,
            village_code: "500112001001".into(),
            residence_address: "一组 12 号".into(),
            household_village_code: None,
            household_address: None,
            urban_rural: UrbanRural::Rural,
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
            living_arrangement: LivingArrangement::WithFamily,
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
            consent: ConsentStatus::Consented,
            consent_note: None,
            consent_recorded_on: None,
            shares_with_family: None,
        }
    }

    fn facts(input: &ElderFileInput) -> Vec<&'static str> {
        let file = ElderFile::parse(input, d("2026-11-23")).unwrap();
        ElderFacts::from_file(&file).iter().map(Fact::as_str).collect()
    }

    #[test]
    fn stored_facts_read_back_and_other_versions_are_refused() {
        let mut i = input("1944-02-29");
        i.ability_level = AbilityLevel::MildlyImpaired;
        i.living_arrangement = LivingArrangement::Alone;
        let file = ElderFile::parse(&i, d("2026-11-23")).unwrap();
        let facts = ElderFacts::from_file(&file);
        let stored = facts.to_stored();
        assert!(stored.starts_with("f1:"), "{stored}");
        assert_eq!(ElderFacts::from_stored(file.birth_date(), &stored), Some(facts.clone()));
        let nothing = ElderFacts::new(d("1950-01-01"), []);
        assert_eq!(
            ElderFacts::from_stored(d("1950-01-01"), &nothing.to_stored()),
            Some(nothing)
        );
        assert_eq!(ElderFacts::from_stored(file.birth_date(), ""), None);
        assert_eq!(
            ElderFacts::from_stored(file.birth_date(), &stored.replacen("f1:", "f0:", 1)),
            None
        );
        assert_eq!(
            ElderFacts::from_stored(file.birth_date(), "f1:living_alone,flying"),
            None
        );
    }

    #[test]
    fn an_ordinary_file_has_only_its_place() {
        assert_eq!(facts(&input("1950-05-01")), vec!["rural"]);
    }

    #[test]
    fn categories_are_implied_by_the_file_fields() {
        let mut i = input("1950-05-01");
        i.ability_level = AbilityLevel::MildlyImpaired;
        i.disability_grade = Some(2);
        i.disability_certificate_no = Some("51000019500501123X42".into());
        i.economic_status = EconomicStatus::SpecialHardship;
        i.hardship_support = Some(Support::Dispersed);
        i.has_dementia = Some(true);
        i.has_serious_illness = Some(true);
        i.living_arrangement = LivingArrangement::Alone;
        i.urban_rural = UrbanRural::Urban;
        i.categories = Some(vec![Category::LostOnlyChild]);
        assert_eq!(
            facts(&i),
            vec![
                "living_alone",
                "disabled",
                "severely_handicapped",
                "family_planning_special",
                "dispersed_special_hardship",
                "serious_illness",
                "dementia",
                "lost_only_child",
                "impaired",
                "severe_disability",
                "any_disability",
                "special_hardship",
                "urban",
            ]
        );
    }

    #[test]
    fn a_grade_three_disability_is_not_severe() {
        let mut i = input("1950-05-01");
        i.disability_grade = Some(3);
        i.disability_certificate_no = Some("x".into());
        assert_eq!(facts(&i), vec!["any_disability", "rural"]);
    }

    #[test]
    fn a_couple_with_an_impaired_spouse() {
        let mut i = input("1950-05-01");
        i.living_arrangement = LivingArrangement::WithSpouse;
        assert_eq!(facts(&i), vec!["lives_with_spouse", "rural"]);
        i.family_members = Some(vec![FamilyMemberInput {
            name: "李大山".into(),
            relation: "配偶".into(),
            health: Some("中风后瘫痪在床".into()),
            phone: None,
            visits_often: None,
            lives_with: Some(true),
        }]);
        assert_eq!(
            facts(&i),
            vec!["lives_with_spouse", "couple_one_impaired_or_disabled", "rural"]
        );
    }

    #[test]
    fn children_all_away_needs_no_relative_at_home() {
        let mut i = input("1950-05-01");
        i.living_arrangement = LivingArrangement::Alone;
        i.children_away_location = Some("广东东莞".into());
        assert_eq!(
            facts(&i),
            vec![
                "living_alone",
                "children_away",
                "children_all_away_no_relative",
                "rural"
            ]
        );
        i.living_arrangement = LivingArrangement::WithFamily;
        i.family_members = Some(vec![FamilyMemberInput {
            name: "李小花".into(),
            relation: "孙女".into(),
            health: None,
            phone: None,
            visits_often: None,
            lives_with: Some(true),
        }]);
        assert_eq!(facts(&i), vec!["children_away", "rural"]);
    }

    #[test]
    fn risk_and_income_status() {
        let mut i = input("1950-05-01");
        i.risk_level = Some(RiskLevel::High);
        i.risk_assessed_on = Some(d("2026-03-01"));
        i.economic_status = EconomicStatus::MinimumLiving;
        i.living_arrangement = LivingArrangement::WithDisabledChild;
        assert_eq!(
            facts(&i),
            vec!["minimum_living", "living_with_disabled_child", "risk_high", "rural"]
        );
    }

    #[test]
    fn age_changes_on_the_birthday_and_leap_day_births_on_march_first() {
        let f = ElderFacts::new(d("1946-11-14"), []);
        assert_eq!(f.age_on(d("2026-11-13")), 79);
        assert_eq!(f.age_on(d("2026-11-14")), 80);
        let leap = ElderFacts::new(d("1946-02-28"), []);
        assert_eq!(leap.age_on(d("2026-02-28")), 80);
        let leap = ElderFacts::new(d("1948-02-29"), []);
        assert_eq!(leap.age_on(d("2028-02-28")), 79);
        assert_eq!(leap.age_on(d("2028-02-29")), 80);
        let leap = ElderFacts::new(d("1944-02-29"), []);
        assert_eq!(leap.age_on(d("2024-02-29")), 80);
        let leap = ElderFacts::new(d("1946-02-28"), []);
        assert_eq!(leap.age_on(d("2026-03-01")), 80);
    }

    #[test]
    fn every_fact_is_documented_and_every_documented_fact_exists() {
        let docs = include_str!("../../../../docs/policies.md");
        for fact in Fact::ALL {
            let row = format!("| `{}` | {} |", fact.as_str(), fact.label_zh());
            assert!(
                docs.contains(&row),
                "docs/policies.md has no row for fact {}",
                fact.as_str()
            );
        }
        let section = docs
            .split("<!-- facts:begin -->")
            .nth(1)
            .and_then(|rest| rest.split("<!-- facts:end -->").next())
            .unwrap();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let name = line.trim_start_matches("| `").split('`').next().unwrap();
            assert!(
                Fact::parse_code(name).is_some(),
                "docs/policies.md documents unknown fact {name}"
            );
        }
    }
}
