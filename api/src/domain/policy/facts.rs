//! The vocabulary of facts a pack's conditions may name, in ONE place.
//!
//! Every [`Category`] code is a fact, true when the category is ticked on the file *or* the
//! file's own fields imply it (a 重度失能 ability level makes `disabled` true even if nobody
//! ticked 失能). A few derived facts combine fields the categories do not cover. Age is not a
//! fact: conditions compare `age` on each day, so [`ElderFacts`] keeps the birth date. A fact
//! that depends on a household member's age holds from the day the member surely reaches it
//! ([`ElderFacts::as_of`]). `docs/policies.md` lists every fact; a unit test keeps the two in
//! step.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::history::FactInputs;
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
        CoupleOneImpairedOrDisabled => ("couple_one_impaired_or_disabled", "两位老年人共同居住且一方失能失智或残疾"),
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
            Fact::CaringForDisabledChild => {
                "category 长期照料失能失智子女 ticked, or a child (儿子, 女儿, 子, 女 …) living with the elder \
                 has an impaired ability level or dementia recorded"
            }
            Fact::EntrustedByChildren => "category 经子女委托巡访 ticked",
            Fact::PriorityVeteran => "category 重点优抚对象 ticked",
            Fact::Impaired => "same as `disabled`: any of the four impaired ability levels, or category 失能",
            Fact::SevereDisability => "same as `severely_handicapped`: disability grade 1–2, or category 重残",
            Fact::AnyDisability => "a disability of any grade 1–4 is recorded, or `severely_handicapped`",
            Fact::SpecialHardship => "economic status 特困人员 (either support), or category 分散供养特困",
            Fact::RiskHigh => "the latest yearly risk assessment (风险等级评估) is 高",
            Fact::LivesWithSpouse => "living arrangement is with spouse",
            Fact::CoupleOneImpairedOrDisabled => {
                "from the day a family member living with the elder (spouse or not) is surely 60 by their \
                 recorded birth date or age, when the elder or that member is impaired, has dementia or a \
                 disability recorded (the elder's own age is tested by the pack: `age >= 60`); never from \
                 the words of a health note"
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
pub const FACTS_VERSION: &str = "f2";

/// 老年人 — the age from which a household member counts as an elder living with the elder
/// (jiangmen-2024 B类: "60周岁以上…的两位老年人共同居住").
pub const MEMBER_ELDER_AGE: u32 = 60;

/// What the conditions of a pack can see of one elder: the facts that hold, the facts that
/// hold only from a day on, and the birth date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElderFacts {
    pub birth_date: NaiveDate,
    facts: BTreeSet<Fact>,
    /// Facts that hold from a day on (a household member's 60th birthday), not before; never
    /// also in `facts`.
    from_day: BTreeMap<Fact, NaiveDate>,
}

/// 周岁 on `day` of someone born on `birth`: the age increases on the birthday; someone born
/// on 29 February becomes a year older on 1 March in non-leap years (as `IdNumber::age_on`).
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The first day on which someone born on `birth` is `years` old by [`age_on`] (1 March for
/// a 29 February birth in a non-leap year).
pub fn birthday(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day()).or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// 子女 — whether a relation names the elder's own child: after any of the prefixes 大 二 三 四
/// 五 小 长 次 幼 养 继 亲, one of 儿子 女儿 儿 子 女 子女 孩子 (so 长子, 小女儿, 养女 are children;
/// 孙子, 儿媳, 女婿, 侄女 are not). Decision: the relation is free text, so the words are
/// listed; anything else is not read as a child.
pub fn is_child(relation: &str) -> bool {
    const PREFIXES: &[char] = &['大', '二', '三', '四', '五', '小', '长', '次', '幼', '养', '继', '亲'];
    const CHILD: &[&str] = &["儿子", "女儿", "儿", "子", "女", "子女", "孩子"];
    let rest = relation.trim().trim_start_matches(PREFIXES);
    CHILD.contains(&rest)
}

impl ElderFacts {
    /// Facts given directly (tests, previews of a hypothetical elder).
    pub fn new(birth_date: NaiveDate, facts: impl IntoIterator<Item = Fact>) -> ElderFacts {
        ElderFacts {
            birth_date,
            facts: facts.into_iter().collect(),
            from_day: BTreeMap::new(),
        }
    }

    /// The facts in effect on `day`: those that always hold, and those holding from a day on
    /// that has come. Borrowed when no fact depends on the day.
    pub fn as_of(&self, day: NaiveDate) -> Cow<'_, ElderFacts> {
        if self.from_day.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut facts = self.facts.clone();
        facts.extend(self.from_day.iter().filter(|(_, from)| **from <= day).map(|(f, _)| *f));
        Cow::Owned(ElderFacts {
            birth_date: self.birth_date,
            facts,
            from_day: BTreeMap::new(),
        })
    }

    /// The day from which a fact holds only from a day on.
    pub fn holds_from(&self, fact: Fact) -> Option<NaiveDate> {
        self.from_day.get(&fact).copied()
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
        let at_home = || file.household.iter().filter(|m| m.lives_with);
        // 长期照料失能、失智子女: a child living with the elder with an impaired ability or
        // dementia recorded (Decision: living together stands for 长期照料).
        let caring = at_home().any(|m| is_child(&m.relation) && m.impaired_or_dementia());
        // 两位老年人共同居住且其中一方为失能（失智）、残疾: from the first day a member living
        // with the elder is surely 60, when one of the two is impaired, has dementia or a
        // disability. Spouse or not: the seed says 两位老年人.
        let elder_impaired = impaired || dementia || any_disability;
        let two_elders_from = at_home()
            .filter(|m| elder_impaired || m.impaired_or_disabled())
            .filter_map(|m| m.reaches_age_on(MEMBER_ELDER_AGE))
            .min();
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
        set(Fact::CaringForDisabledChild, caring);
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
        let mut from_day = BTreeMap::new();
        if let Some(from) = two_elders_from {
            from_day.insert(Fact::CoupleOneImpairedOrDisabled, from);
        }
        ElderFacts {
            birth_date: file.birth_date,
            facts,
            from_day,
        }
    }

    /// The stored form (`elders.policy_facts`): `"<FACTS_VERSION>:<code>,<code>…"`, a fact
    /// holding from a day on as `<code>@<YYYY-MM-DD>`. Written with the file, so that coverage
    /// reads facts without decrypting or re-parsing files.
    pub fn to_stored(&self) -> String {
        let codes: Vec<String> = self
            .facts
            .iter()
            .map(|f| f.as_str().to_string())
            .chain(
                self.from_day
                    .iter()
                    .map(|(f, from)| format!("{}@{}", f.as_str(), from.format("%Y-%m-%d"))),
            )
            .collect();
        format!("{FACTS_VERSION}:{}", codes.join(","))
    }

    /// Reads the stored form back; `None` when it was written by another version of the
    /// derivation (or not at all), or names an unknown fact or a bad day: such rows are
    /// recomputed.
    pub fn from_stored(birth_date: NaiveDate, stored: &str) -> Option<ElderFacts> {
        let codes = stored.strip_prefix(FACTS_VERSION)?.strip_prefix(':')?;
        let mut facts = BTreeSet::new();
        let mut from_day = BTreeMap::new();
        for code in codes.split(',').filter(|c| !c.is_empty()) {
            match code.split_once('@') {
                None => {
                    facts.insert(Fact::parse_code(code)?);
                }
                Some((code, day)) => {
                    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
                    from_day.insert(Fact::parse_code(code)?, day);
                }
            }
        }
        Some(ElderFacts {
            birth_date,
            facts,
            from_day,
        })
    }

    /// Whether `fact` holds on every day; a fact that holds only from a day on does not (see
    /// [`Self::as_of`]).
    pub fn holds(&self, fact: Fact) -> bool {
        self.facts.contains(&fact)
    }

    /// The facts that hold on every day, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = Fact> + '_ {
        self.facts.iter().copied()
    }

    /// 周岁 on `day` (see [`age_on`]).
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        age_on(self.birth_date, day)
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
        assert!(stored.starts_with("f2:"), "{stored}");
        assert_eq!(ElderFacts::from_stored(file.birth_date(), &stored), Some(facts.clone()));
        let nothing = ElderFacts::new(d("1950-01-01"), []);
        assert_eq!(
            ElderFacts::from_stored(d("1950-01-01"), &nothing.to_stored()),
            Some(nothing)
        );
        assert_eq!(ElderFacts::from_stored(file.birth_date(), ""), None);
        assert_eq!(
            ElderFacts::from_stored(file.birth_date(), &stored.replacen("f2:", "f1:", 1)),
            None
        );
        assert_eq!(
            ElderFacts::from_stored(file.birth_date(), "f2:living_alone,flying"),
            None
        );
        assert_eq!(
            ElderFacts::from_stored(file.birth_date(), "f2:living_alone@2026-02-30"),
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

    fn member(relation: &str) -> FamilyMemberInput {
        FamilyMemberInput {
            name: "李大山".into(),
            relation: relation.into(),
            lives_with: Some(true),
            ..FamilyMemberInput::default()
        }
    }

    fn facts_of(input: &ElderFileInput) -> ElderFacts {
        ElderFacts::from_file(&ElderFile::parse(input, d("2026-11-23")).unwrap())
    }

    #[test]
    fn a_health_note_alone_is_never_read_as_a_fact() {
        let mut i = input("1950-05-01");
        i.living_arrangement = LivingArrangement::WithSpouse;
        assert_eq!(facts(&i), vec!["lives_with_spouse", "rural"]);
        let mut spouse = member("配偶");
        spouse.age = Some(72);
        spouse.health = Some("中风后瘫痪在床，老年痴呆".into());
        let mut son = member("儿子");
        son.health = Some("失智，需要照料".into());
        i.family_members = Some(vec![spouse, son]);
        let f = facts_of(&i);
        assert_eq!(
            f.iter().map(Fact::as_str).collect::<Vec<_>>(),
            vec!["lives_with_spouse", "rural"]
        );
        assert_eq!(f.holds_from(Fact::CoupleOneImpairedOrDisabled), None);
    }

    #[test]
    fn two_elders_living_together_from_the_day_the_member_is_surely_sixty() {
        // The member (a brother, not a spouse) is impaired and turns 60 on 20 December 2026.
        let mut i = input("1950-05-01");
        let mut brother = member("弟弟");
        brother.birth_date = Some(d("1966-12-20"));
        brother.ability_level = Some(AbilityLevel::SeverelyImpaired);
        i.family_members = Some(vec![brother.clone()]);
        let f = facts_of(&i);
        assert!(!f.holds(Fact::CoupleOneImpairedOrDisabled));
        assert_eq!(f.holds_from(Fact::CoupleOneImpairedOrDisabled), Some(d("2026-12-20")));
        assert!(!f.as_of(d("2026-12-19")).holds(Fact::CoupleOneImpairedOrDisabled));
        assert!(f.as_of(d("2026-12-20")).holds(Fact::CoupleOneImpairedOrDisabled));
        // Stored and read back with its day.
        let stored = f.to_stored();
        assert!(
            stored.ends_with("couple_one_impaired_or_disabled@2026-12-20"),
            "{stored}"
        );
        assert_eq!(ElderFacts::from_stored(f.birth_date, &stored), Some(f));

        // Neither impaired: no fact. The elder impaired (a disability) and the member intact:
        // the fact holds.
        brother.ability_level = Some(AbilityLevel::Intact);
        i.family_members = Some(vec![brother.clone()]);
        assert_eq!(facts_of(&i).holds_from(Fact::CoupleOneImpairedOrDisabled), None);
        i.disability_grade = Some(4);
        i.disability_certificate_no = Some("x".into());
        assert_eq!(
            facts_of(&i).holds_from(Fact::CoupleOneImpairedOrDisabled),
            Some(d("2026-12-20"))
        );
        // Not living together, or no age recorded: no fact.
        brother.lives_with = Some(false);
        i.family_members = Some(vec![brother.clone()]);
        assert_eq!(facts_of(&i).holds_from(Fact::CoupleOneImpairedOrDisabled), None);
        brother.lives_with = Some(true);
        brother.birth_date = None;
        i.family_members = Some(vec![brother]);
        assert_eq!(facts_of(&i).holds_from(Fact::CoupleOneImpairedOrDisabled), None);
    }

    #[test]
    fn a_stated_age_counts_from_the_latest_birth_date_it_allows() {
        let mut i = input("1950-05-01");
        i.has_dementia = Some(true);
        let mut wife = member("老伴");
        // 58 on 23 November 2026: born by 23 November 1968, so surely 60 on 23 November 2028.
        wife.age = Some(58);
        i.family_members = Some(vec![wife.clone()]);
        assert_eq!(
            facts_of(&i).holds_from(Fact::CoupleOneImpairedOrDisabled),
            Some(d("2028-11-23"))
        );
        // Stated on a 29 February: the latest birth date is the 28th.
        wife.age = Some(61);
        wife.age_stated_on = Some(d("2024-02-29"));
        i.family_members = Some(vec![wife]);
        assert_eq!(
            facts_of(&i).holds_from(Fact::CoupleOneImpairedOrDisabled),
            Some(d("2023-02-28"))
        );
    }

    #[test]
    fn a_child_with_an_impaired_ability_or_dementia_at_home_is_cared_for() {
        let mut i = input("1950-05-01");
        let mut son = member("小儿子");
        son.has_dementia = Some(true);
        i.family_members = Some(vec![son.clone()]);
        assert!(facts(&i).contains(&"caring_for_disabled_child"));
        // A disability alone is not 失能、失智 (the seed: "长期照料失能、失智子女").
        son.has_dementia = Some(false);
        son.disability_grade = Some(1);
        i.family_members = Some(vec![son.clone()]);
        assert!(!facts(&i).contains(&"caring_for_disabled_child"));
        son.ability_level = Some(AbilityLevel::FullyImpaired);
        son.lives_with = Some(false);
        i.family_members = Some(vec![son.clone()]);
        assert!(!facts(&i).contains(&"caring_for_disabled_child"), "not living together");
        let mut grandson = son;
        grandson.relation = "孙子".into();
        grandson.lives_with = Some(true);
        i.family_members = Some(vec![grandson]);
        assert!(!facts(&i).contains(&"caring_for_disabled_child"), "a grandchild");
    }

    #[test]
    fn children_are_named_by_their_relation() {
        for child in [
            "儿子",
            "女儿",
            "长子",
            "次女",
            "小女儿",
            "大儿子",
            "养女",
            "继子",
            "子女",
            " 儿子 ",
        ] {
            assert!(is_child(child), "{child}");
        }
        for other in [
            "孙子", "孙女", "儿媳", "女婿", "侄女", "外孙", "配偶", "妻子", "嫂子", "弟弟", "",
        ] {
            assert!(!is_child(other), "{other}");
        }
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
            lives_with: Some(true),
            ..FamilyMemberInput::default()
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
