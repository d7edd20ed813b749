//! Every built-in pack against the elder file and the calendar: each tier's conditions, and
//! each requirement met or not at its boundaries.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveDateTime};

use super::facts::tests::d;
use super::*;
use crate::domain::elder::ServiceStatus;
use crate::domain::festival::Festival;
use crate::domain::period::{Month, Period, PeriodKind};

/// The built-in packs, parsed once for all tests.
fn packs() -> &'static PackRegistry {
    static PACKS: std::sync::OnceLock<PackRegistry> = std::sync::OnceLock::new();
    PACKS.get_or_init(|| PackRegistry::builtin().unwrap())
}

fn pack(id: &str) -> PolicyPack {
    packs().get(id).unwrap().clone()
}

fn facts(born: &str, names: &[&str]) -> ElderFacts {
    ElderFacts::new(d(born), names.iter().map(|n| Fact::parse_code(n).unwrap()))
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn v(s: &str, mode: VisitMode) -> Visit {
    Visit { at: at(s), mode }
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

const ALWAYS: &[ServiceSpan] = &[ServiceSpan {
    from: NaiveDate::MIN,
    until: None,
}];

/// Everything needed for one evaluation, with defaults: always in service, nothing else.
struct Case<'a> {
    pack: PolicyPack,
    facts: FactTimeline,
    service: &'a [ServiceSpan],
    raise: Option<TierRaise>,
    surges: Vec<Surge>,
    visits: Vec<Visit>,
    assessments: Vec<NaiveDate>,
}

impl Case<'_> {
    fn new(pack_id: &str, facts: ElderFacts) -> Case<'static> {
        Case {
            pack: pack(pack_id),
            facts: FactTimeline::constant(facts),
            service: ALWAYS,
            raise: None,
            surges: vec![],
            visits: vec![],
            assessments: vec![],
        }
    }

    fn month(&self, m: &str, today: &str) -> MonthCompliance {
        let case = ElderCase {
            pack: &self.pack,
            facts: &self.facts,
            service: self.service,
            raise: self.raise.as_ref(),
            surges: &self.surges,
            visits: &self.visits,
            risk_assessments: &self.assessments,
        };
        evaluate_month(&case, month(m), d(today))
    }

    /// One line per item: `from..to tier label: status counted[late]`.
    fn lines(&self, m: &str, today: &str) -> Vec<String> {
        render(&self.month(m, today))
    }

    fn tier(&self, day: &str) -> String {
        self.pack
            .tier_on(self.facts.on(d(day)), d(day), self.raise.as_ref())
            .map(|t| t.tier.to_string())
            .unwrap_or_default()
    }
}

fn render(m: &MonthCompliance) -> Vec<String> {
    m.items
        .iter()
        .map(|i| {
            let source = match &i.source {
                ItemSource::Tier(t) => t.tier.to_string(),
                ItemSource::Surge { label, .. } => format!("surge {label}"),
            };
            let late = i.counted.iter().filter(|c| c.late).count();
            let late = if late > 0 {
                format!(" ({late} late)")
            } else {
                String::new()
            };
            let on_time = if i.status == Status::Met && !i.met_on_time {
                " not on time"
            } else {
                ""
            };
            format!(
                "{}..{} {source} {}: {} {}{late}{on_time}",
                i.from.format("%m-%d"),
                i.to.format("%m-%d"),
                i.label,
                i.status.as_str(),
                i.counted.len()
            )
        })
        .collect()
}

fn tier_of(pack_id: &str, born: &str, names: &[&str], day: &str) -> String {
    pack(pack_id)
        .tier_on(&facts(born, names), d(day), None)
        .map(|t| t.tier.to_string())
        .unwrap_or_default()
}

// ---------- tiers ----------

#[test]
fn emeishan_tiers() {
    let t = |born, names: &[&str]| tier_of("emeishan-2022", born, names, "2026-11-20");
    assert_eq!(t("1946-11-20", &[]), "key"); // 80 today
    assert_eq!(t("1946-11-21", &[]), "general"); // 80 tomorrow
    assert_eq!(t("1956-01-01", &["impaired"]), "key");
    assert_eq!(t("1956-01-01", &["living_alone"]), "key");
    assert_eq!(t("1956-01-01", &["urban_living_alone"]), "key");
    assert_eq!(t("1956-01-01", &["children_all_away_no_relative"]), "key");
    assert_eq!(t("1956-01-01", &["children_away", "rural_left_behind"]), "general");
    assert_eq!(t("1956-01-01", &["minimum_living", "dementia"]), "general");
}

#[test]
fn yubei_tiers() {
    let t = |born, names: &[&str]| tier_of("yubei-2024", born, names, "2026-11-20");
    assert_eq!(t("1956-01-01", &["impaired"]), "key");
    assert_eq!(t("1956-01-01", &["serious_illness"]), "key");
    assert_eq!(t("1956-01-01", &["severe_disability"]), "key");
    assert_eq!(t("1946-11-20", &["living_alone"]), "key");
    assert_eq!(t("1946-11-21", &["living_alone"]), "general");
    assert_eq!(t("1936-01-01", &["empty_nest"]), "general"); // 高龄 but not 独居
    assert_eq!(t("1956-01-01", &["any_disability", "dementia"]), "general");
}

#[test]
fn linzi_tiers() {
    let t = |born, names: &[&str]| tier_of("linzi-2022", born, names, "2026-11-20");
    assert_eq!(t("1946-11-20", &["living_alone"]), "key");
    assert_eq!(t("1946-11-21", &["living_alone"]), "general");
    assert_eq!(t("1956-01-01", &["severe_disability"]), "key");
    assert_eq!(t("1956-01-01", &["impaired"]), "key");
    assert_eq!(
        t("1956-01-01", &["dispersed_special_hardship", "living_alone"]),
        "general"
    );
}

#[test]
fn ningbo_tiers() {
    let t = |names: &[&str]| tier_of("ningbo-draft", "1950-01-01", names, "2026-11-20");
    assert_eq!(t(&["risk_high"]), "key");
    assert_eq!(t(&["rural_left_behind", "impaired", "living_alone"]), "general");
}

#[test]
fn jiangmen_tiers() {
    let t = |born, names: &[&str]| tier_of("jiangmen-2024", born, names, "2026-11-20");
    // A
    assert_eq!(t("1956-01-01", &["impaired"]), "a");
    assert_eq!(t("1946-11-20", &["empty_nest"]), "a");
    assert_eq!(t("1946-11-20", &["rural_left_behind"]), "a");
    assert_eq!(t("1946-11-20", &["living_alone"]), "a");
    assert_eq!(t("1946-11-21", &["empty_nest"]), "c");
    assert_eq!(t("1956-01-01", &["minimum_living", "empty_nest"]), "a");
    assert_eq!(t("1956-01-01", &["minimum_living"]), "c");
    assert_eq!(t("1956-01-01", &["family_planning_special", "living_alone"]), "a");
    assert_eq!(t("1956-01-01", &["family_planning_special", "empty_nest"]), "c");
    // B
    assert_eq!(t("1946-11-21", &["severe_disability", "living_alone"]), "b");
    assert_eq!(t("1956-01-01", &["severe_disability"]), "c");
    assert_eq!(t("1956-01-01", &["couple_one_impaired_or_disabled"]), "b");
    assert_eq!(t("1946-11-20", &["couple_one_impaired_or_disabled"]), "c"); // 80: neither A nor B
    assert_eq!(t("1936-01-01", &["caring_for_disabled_child"]), "b");
    // C
    assert_eq!(t("1956-01-01", &["other"]), "c");
}

#[test]
fn the_rule_that_put_them_there() {
    let rule = |pack_id, born, names: &[&str]| {
        pack(pack_id)
            .tier_on(&facts(born, names), d("2026-11-20"), None)
            .unwrap()
            .rule
    };
    assert_eq!(
        rule("jiangmen-2024", "1940-01-01", &["empty_nest", "severe_disability"]),
        "age >= 80 and (living_alone or empty_nest or rural_left_behind)"
    );
    assert_eq!(
        rule("jiangmen-2024", "1950-01-01", &["couple_one_impaired_or_disabled"]),
        "age >= 60 and age < 80 and couple_one_impaired_or_disabled"
    );
    assert_eq!(
        rule("yubei-2024", "1950-01-01", &["serious_illness"]),
        "serious_illness"
    );
    assert_eq!(rule("yubei-2024", "1950-01-01", &[]), "true");
}

// ---------- boundaries ----------

#[test]
fn half_month_the_15th_and_the_16th() {
    let mut c = Case::new("yubei-2024", facts("1950-01-01", &["impaired"]));
    c.visits = vec![v("2026-11-15 23:59", VisitMode::InPerson)];
    assert_eq!(
        c.lines("2026-11", "2026-12-01"),
        vec![
            "11-01..11-15 key 每半月至少上门探访 1 次: met 1",
            "11-16..11-30 key 每半月至少上门探访 1 次: overdue 0",
        ]
    );
    c.visits = vec![v("2026-11-16 00:00", VisitMode::InPerson)];
    assert_eq!(
        c.lines("2026-11", "2026-11-16"),
        vec![
            "11-01..11-15 key 每半月至少上门探访 1 次: overdue 0",
            "11-16..11-30 key 每半月至少上门探访 1 次: met 1",
        ]
    );
    // A phone call is not an in-person visit.
    c.visits = vec![v("2026-11-03 10:00", VisitMode::Phone)];
    assert_eq!(c.month("2026-11", "2026-11-10").items[0].status, Status::Due);
    let m = c.month("2026-11", "2026-11-10");
    assert_eq!((m.met, m.next_due), (false, Some(d("2026-11-15"))));
}

#[test]
fn iso_weeks_straddling_months_fall_in_the_month_of_their_thursday() {
    // 2026-11-01 is a Sunday: the week of Mon 10-26 falls in October, the week of
    // Mon 11-30 (Thursday 12-03) in December.
    let mut c = Case::new("emeishan-2022", facts("1950-01-01", &[]));
    c.visits = vec![
        v("2026-11-01 09:00", VisitMode::Phone),
        v("2026-11-05 09:00", VisitMode::Video),
        v("2026-11-30 09:00", VisitMode::Phone),
    ];
    let november = c.lines("2026-11", "2026-12-10");
    assert_eq!(
        november,
        vec![
            "11-02..11-08 general 每周至少电话问候或音视频 1 次: met 1",
            "11-09..11-15 general 每周至少电话问候或音视频 1 次: overdue 0",
            "11-16..11-22 general 每周至少电话问候或音视频 1 次: overdue 0",
            "11-23..11-29 general 每周至少电话问候或音视频 1 次: overdue 0",
            "11-01..11-30 general 每月至少上门探访 1 次: overdue 0",
        ]
    );
    let october = c.lines("2026-10", "2026-12-10");
    assert_eq!(october.len(), 6); // five weeks (Thursdays 1, 8, 15, 22, 29) and the month
    assert_eq!(october[4], "10-26..11-01 general 每周至少电话问候或音视频 1 次: met 1");
    let december = c.lines("2026-12", "2026-12-10");
    assert_eq!(december[0], "11-30..12-06 general 每周至少电话问候或音视频 1 次: met 1");
}

#[test]
fn december_into_january() {
    // ISO week 2026-W53 (Mon 12-28 .. Sun 2027-01-03) falls in December 2026.
    let mut c = Case::new("emeishan-2022", facts("1950-01-01", &[]));
    c.visits = vec![v("2027-01-02 09:00", VisitMode::Phone)];
    let december = c.lines("2026-12", "2027-01-10");
    assert_eq!(december.len(), 6);
    assert_eq!(december[4], "12-28..01-03 general 每周至少电话问候或音视频 1 次: met 1");
    let january = c.lines("2027-01", "2027-01-10");
    assert!(january[0].starts_with("01-04..01-10 "), "{january:?}");

    // jiangmen C: the yearly in-person visit falls in December; 1 January starts a new year.
    let mut c = Case::new("jiangmen-2024", facts("1950-01-01", &[]));
    c.visits = vec![v("2026-12-31 17:00", VisitMode::InPerson)];
    assert_eq!(
        c.lines("2026-12", "2027-01-01"),
        vec![
            "12-01..12-31 c 每月至少探访（任意方式） 1 次: met 1",
            "01-01..12-31 c 每年至少上门探访 1 次: met 1",
        ]
    );
    c.visits = vec![v("2027-01-01 08:00", VisitMode::InPerson)];
    assert_eq!(
        c.lines("2026-12", "2027-01-01"),
        vec![
            "12-01..12-31 c 每月至少探访（任意方式） 1 次: overdue 0",
            "01-01..12-31 c 每年至少上门探访 1 次: overdue 0",
        ]
    );
    // No yearly item in other months.
    assert_eq!(
        c.lines("2027-01", "2027-01-01"),
        vec!["01-01..01-31 c 每月至少探访（任意方式） 1 次: met 1"]
    );
}

#[test]
fn leap_day() {
    // Born on 29 February 1948, living alone: turns 80 on 2028-02-29 and becomes 重点.
    let mut c = Case::new("yubei-2024", facts("1948-02-29", &["living_alone"]));
    assert_eq!(
        (c.tier("2028-02-28"), c.tier("2028-02-29")),
        ("general".into(), "key".into())
    );
    c.visits = vec![v("2028-02-29 10:00", VisitMode::InPerson)];
    // February's periods start before the birthday: the 一般 monthly visit; the visit on the
    // leap day counts.
    assert_eq!(
        c.lines("2028-02", "2028-03-01"),
        vec!["02-01..02-29 general 每月至少上门探访 1 次: met 1"]
    );
    assert_eq!(
        c.lines("2028-03", "2028-03-01"),
        vec![
            "03-01..03-15 key 每半月至少上门探访 1 次: due 0",
            "03-16..03-31 key 每半月至少上门探访 1 次: due 0",
        ]
    );
    // The second half of February 2028 runs to the 29th.
    let mut c = Case::new("yubei-2024", facts("1950-01-01", &["impaired"]));
    c.visits = vec![v("2028-02-29 10:00", VisitMode::InPerson)];
    assert_eq!(
        c.lines("2028-02", "2028-03-01")[1],
        "02-16..02-29 key 每半月至少上门探访 1 次: met 1"
    );
}

#[test]
fn eightieth_birthday_mid_month() {
    // Turns 80 on Saturday 2026-11-14 while living alone.
    let mut c = Case::new("yubei-2024", facts("1946-11-14", &["living_alone"]));
    assert_eq!(
        (c.tier("2026-11-13"), c.tier("2026-11-14")),
        ("general".into(), "key".into())
    );
    c.visits = vec![v("2026-11-10 10:00", VisitMode::InPerson)];
    assert_eq!(
        c.lines("2026-11", "2026-11-20"),
        vec![
            // The half-month from the 16th starts after the birthday: 重点.
            "11-16..11-30 key 每半月至少上门探访 1 次: due 0",
            // The month started before it: 一般.
            "11-01..11-30 general 每月至少上门探访 1 次: met 1",
        ]
    );
    let december = c.month("2026-12", "2026-12-01");
    assert_eq!(december.tier.as_ref().unwrap().rule, "age >= 80 and living_alone");
    assert_eq!(december.items.len(), 2);

    // emeishan: the week of the birthday is 一般 (1 call), the next one 重点 (2 calls).
    let c = Case::new("emeishan-2022", facts("1946-11-14", &[]));
    let lines = c.lines("2026-11", "2026-11-01");
    assert_eq!(lines[1], "11-09..11-15 general 每周至少电话问候或音视频 1 次: due 0");
    assert_eq!(lines[2], "11-16..11-22 key 每周至少电话问候或音视频 2 次: due 0");
}

#[test]
fn entering_service_mid_period() {
    let service = [ServiceSpan {
        from: d("2026-11-10"),
        until: None,
    }];
    let mut c = Case::new("yubei-2024", facts("1950-01-01", &["impaired"]));
    c.service = &service;
    c.visits = vec![v("2026-11-12 10:00", VisitMode::InPerson)];
    let november = c.month("2026-11", "2026-12-01");
    // Both half-months end under service and are owed, but the month is not in the rate.
    assert_eq!(
        render(&november),
        vec![
            "11-01..11-15 key 每半月至少上门探访 1 次: met 1",
            "11-16..11-30 key 每半月至少上门探访 1 次: overdue 0",
        ]
    );
    assert!(!november.in_rate);
    assert!(c.month("2026-12", "2026-12-01").in_rate);
    assert!(!c.month("2026-10", "2026-12-01").in_rate);
    assert!(c.month("2026-10", "2026-12-01").items.is_empty());
}

#[test]
fn leaving_service_mid_period() {
    let service = ServiceSpan::from_history(&[
        (d("2025-01-01"), ServiceStatus::InService),
        (d("2026-11-20"), ServiceStatus::Died),
    ]);
    assert_eq!(
        service,
        vec![ServiceSpan {
            from: d("2025-01-01"),
            until: Some(d("2026-11-20"))
        }]
    );
    let mut c = Case::new("yubei-2024", facts("1950-01-01", &["impaired"]));
    c.service = &service;
    let november = c.month("2026-11", "2026-12-01");
    // The half-month that ended before the death is still shown; the one it happened in is not.
    assert_eq!(
        render(&november),
        vec!["11-01..11-15 key 每半月至少上门探访 1 次: overdue 0"]
    );
    assert!(!november.in_rate);
    let december = c.month("2026-12", "2026-12-01");
    assert!(!december.in_rate && december.items.is_empty());
    assert!(c.month("2026-10", "2026-12-01").in_rate);
    assert_eq!(visit_rate([&november, &december]), (0, 0));
}

#[test]
fn out_of_service_and_back() {
    let service = ServiceSpan::from_history(&[
        (d("2026-12-01"), ServiceStatus::InService),
        (d("2025-01-01"), ServiceStatus::InService),
        (d("2026-09-10"), ServiceStatus::Refused),
    ]);
    assert_eq!(
        service,
        vec![
            ServiceSpan {
                from: d("2025-01-01"),
                until: Some(d("2026-09-10"))
            },
            ServiceSpan {
                from: d("2026-12-01"),
                until: None
            },
        ]
    );
    let c = Case {
        service: &service,
        ..Case::new("linzi-2022", facts("1950-01-01", &[]))
    };
    let rate: Vec<bool> = ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
        .iter()
        .map(|m| c.month(m, "2026-12-31").in_rate)
        .collect();
    assert_eq!(rate, vec![true, false, false, false, true]);
}

#[test]
fn linzi_deadline_on_the_20th() {
    let mut c = Case::new("linzi-2022", facts("1950-01-01", &[]));
    c.visits = vec![v("2026-11-20 18:00", VisitMode::Phone)];
    let m = c.month("2026-11", "2026-11-30");
    assert_eq!(
        render(&m),
        vec!["11-01..11-30 general 每月至少探访（任意方式） 1 次，20 日前完成: met 1"]
    );
    assert!(m.met);

    c.visits = vec![v("2026-11-21 08:00", VisitMode::InPerson)];
    let m = c.month("2026-11", "2026-11-30");
    assert_eq!(
        render(&m),
        vec!["11-01..11-30 general 每月至少探访（任意方式） 1 次，20 日前完成: met 1 (1 late) not on time"]
    );
    assert!(!m.met);
    assert_eq!(visit_rate([&m]), (0, 1));

    c.visits = vec![];
    assert_eq!(c.month("2026-11", "2026-11-20").items[0].status, Status::Due);
    assert_eq!(c.month("2026-11", "2026-11-20").next_due, Some(d("2026-11-20")));
    assert_eq!(c.month("2026-11", "2026-11-21").items[0].status, Status::Overdue);
    assert_eq!(c.month("2026-11", "2026-11-21").next_due, None);

    // 重点: two in-person visits, by the 20th as well ("各镇街道应于每月20日前完成巡访" binds
    // every visit of the month); a phone call does not count.
    let mut c = Case::new("linzi-2022", facts("1950-01-01", &["impaired"]));
    c.visits = vec![
        v("2026-11-02 10:00", VisitMode::InPerson),
        v("2026-11-15 10:00", VisitMode::Phone),
    ];
    assert_eq!(
        c.lines("2026-11", "2026-11-20"),
        vec!["11-01..11-30 key 每月至少上门探访 2 次，20 日前完成: due 1"]
    );
    assert_eq!(c.month("2026-11", "2026-11-20").next_due, Some(d("2026-11-20")));
    assert_eq!(
        c.lines("2026-11", "2026-11-21"),
        vec!["11-01..11-30 key 每月至少上门探访 2 次，20 日前完成: overdue 1"]
    );
    c.visits.push(v("2026-11-30 23:00", VisitMode::InPerson));
    let m = c.month("2026-11", "2026-12-01");
    assert_eq!(
        render(&m),
        vec!["11-01..11-30 key 每月至少上门探访 2 次，20 日前完成: met 2 (1 late) not on time"]
    );
    assert!(!m.met, "the second visit came after the 20th");
    assert_eq!(visit_rate([&m]), (0, 1));
    c.visits.pop();
    c.visits.push(v("2026-11-20 23:00", VisitMode::InPerson));
    let m = c.month("2026-11", "2026-12-01");
    assert_eq!(
        render(&m),
        vec!["11-01..11-30 key 每月至少上门探访 2 次，20 日前完成: met 2"]
    );
    assert!(m.met);
}

#[test]
fn emeishan_requirements_and_mode_substitution() {
    let mut c = Case::new("emeishan-2022", facts("1950-01-01", &["living_alone"]));
    // Week Mon 11-09 .. Sun 11-15: one call and one in-person visit make two contacts, and
    // the visit also covers the first half-month.
    c.visits = vec![
        v("2026-11-09 10:00", VisitMode::Phone),
        v("2026-11-15 10:00", VisitMode::InPerson),
        v("2026-11-17 10:00", VisitMode::RemoteMonitoring),
        v("2026-11-18 10:00", VisitMode::Other),
        v("2026-11-19 10:00", VisitMode::Video),
    ];
    assert_eq!(
        c.lines("2026-11", "2026-11-20"),
        vec![
            "11-02..11-08 key 每周至少电话问候或音视频 2 次: overdue 0",
            "11-09..11-15 key 每周至少电话问候或音视频 2 次: met 2",
            "11-16..11-22 key 每周至少电话问候或音视频 2 次: due 1",
            "11-23..11-29 key 每周至少电话问候或音视频 2 次: due 0",
            "11-01..11-15 key 每半月至少上门探访 1 次: met 1",
            "11-16..11-30 key 每半月至少上门探访 1 次: due 0",
        ]
    );
}

#[test]
fn ningbo_contacts_and_yearly_risk_assessment() {
    let mut c = Case::new("ningbo-draft", facts("1950-01-01", &["risk_high"]));
    c.visits = vec![
        v("2026-12-01 10:00", VisitMode::RemoteMonitoring),
        v("2026-12-31 10:00", VisitMode::Phone),
    ];
    assert_eq!(
        c.lines("2026-12", "2027-01-01"),
        vec![
            "12-01..12-31 key 每月至少探访（任意方式） 2 次: met 2",
            "01-01..12-31 key 每年至少风险等级评估 1 次: overdue 0",
        ]
    );
    c.assessments = vec![d("2026-03-01")];
    assert!(c.month("2026-12", "2027-01-01").met);
    c.assessments = vec![d("2025-12-31")];
    assert!(!c.month("2026-12", "2027-01-01").met);

    let mut c = Case::new("ningbo-draft", facts("1950-01-01", &[]));
    c.visits = vec![v("2026-11-30 10:00", VisitMode::Other)];
    assert_eq!(
        c.lines("2026-11", "2026-12-01"),
        vec!["11-01..11-30 general 每月至少探访（任意方式） 1 次: overdue 0"]
    );
}

#[test]
fn jiangmen_a_b_c_requirements() {
    let mut a = Case::new("jiangmen-2024", facts("1950-01-01", &["impaired"]));
    a.visits = vec![v("2026-06-15 10:00", VisitMode::Video)];
    assert_eq!(
        a.lines("2026-06", "2026-07-01"),
        vec!["06-01..06-30 a 每月至少上门探访 1 次: overdue 0"]
    );

    let mut b = Case::new("jiangmen-2024", facts("1950-01-01", &["caring_for_disabled_child"]));
    b.visits = vec![v("2026-06-15 10:00", VisitMode::Video)];
    assert_eq!(
        b.lines("2026-06", "2026-07-01"),
        vec![
            "06-01..06-30 b 每月至少探访（任意方式） 1 次: met 1",
            "01-01..06-30 b 每半年至少上门探访 1 次: overdue 0",
        ]
    );
    b.visits.push(v("2026-01-01 10:00", VisitMode::InPerson));
    assert!(b.month("2026-06", "2026-07-01").met);
    // The half-year falls in June and December only.
    assert_eq!(b.month("2026-07", "2026-07-01").items.len(), 1);
    assert_eq!(b.month("2026-12", "2026-07-01").items.len(), 2);
}

#[test]
fn a_raise_adds_its_requirements_from_the_next_period() {
    let mut c = Case::new("emeishan-2022", facts("1950-01-01", &[]));
    c.raise = Some(TierRaise {
        tier: TierId::new("key"),
        raised_on: d("2026-11-10"),
        reason: "近期跌倒，子女不在身边".into(),
    });
    assert_eq!(
        (c.tier("2026-11-09"), c.tier("2026-11-10")),
        ("general".into(), "key".into())
    );
    let held = c
        .pack
        .tier_on(c.facts.on(d("2026-11-10")), d("2026-11-10"), c.raise.as_ref())
        .unwrap();
    assert_eq!(
        (held.rule.as_str(), held.raised),
        ("上调：近期跌倒，子女不在身边", true)
    );
    let lines = c.lines("2026-11", "2026-11-01");
    let sources: Vec<String> = lines
        .iter()
        .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        sources,
        vec![
            "11-02..11-08 general 每周至少电话问候或音视频",
            "11-09..11-15 general 每周至少电话问候或音视频", // the week of the raise keeps the old tier
            "11-16..11-22 key 每周至少电话问候或音视频",
            "11-23..11-29 key 每周至少电话问候或音视频",
            "11-16..11-30 key 每半月至少上门探访",
            "11-01..11-30 general 每月至少上门探访",
        ]
    );
    // A "raise" to a lower tier changes nothing.
    let mut c = Case::new("emeishan-2022", facts("1950-01-01", &["impaired"]));
    c.raise = Some(TierRaise {
        tier: TierId::new("general"),
        raised_on: d("2026-01-01"),
        reason: "x".into(),
    });
    assert_eq!(c.tier("2026-11-01"), "key");
    // A raise on the first day of a month counts from the next period on.
    let mut c = Case::new("yubei-2024", facts("1950-01-01", &[]));
    c.raise = Some(TierRaise {
        tier: TierId::new("key"),
        raised_on: d("2026-11-01"),
        reason: "x".into(),
    });
    assert_eq!(
        c.lines("2026-11", "2026-11-01"),
        vec![
            "11-16..11-30 key 每半月至少上门探访 1 次: due 0",
            "11-01..11-30 general 每月至少上门探访 1 次: due 0",
        ]
    );
}

#[test]
fn a_festival_surge_crossing_a_half_month() {
    let p = pack("yubei-2024");
    assert_eq!(Festival::SpringFestival.date_in(2026), Some(d("2026-02-17")));
    let surges = Surge::festivals(&p, 2026);
    assert_eq!(surges.len(), 6);
    let spring = &surges[0];
    assert_eq!((spring.from, spring.to), (d("2026-02-10"), d("2026-02-20")));

    let mut c = Case::new("yubei-2024", facts("1950-01-01", &["impaired"]));
    c.surges = surges.clone();
    c.visits = vec![
        v("2026-02-14 10:00", VisitMode::Phone),
        v("2026-02-18 10:00", VisitMode::InPerson),
    ];
    assert_eq!(
        c.lines("2026-02", "2026-03-01"),
        vec![
            "02-01..02-15 key 每半月至少上门探访 1 次: overdue 0",
            "02-16..02-28 key 每半月至少上门探访 1 次: met 1",
            "02-10..02-20 surge 2026年春节 2026年春节（传统节日）2026-02-10 至 2026-02-20 期间至少探访（任意方式） 1 次: met 2",
        ]
    );
    // 一般 elders owe the festival contact too: the seed limits it to no tier.
    let mut general = Case::new("yubei-2024", facts("1950-01-01", &[]));
    general.surges = surges;
    general.visits = vec![v("2026-02-18 10:00", VisitMode::Phone)];
    assert_eq!(
        general.lines("2026-02", "2026-03-01"),
        vec![
            "02-01..02-28 general 每月至少上门探访 1 次: overdue 0",
            "02-10..02-20 surge 2026年春节 2026年春节（传统节日）2026-02-10 至 2026-02-20 期间至少探访（任意方式） 1 次: met 1",
        ]
    );
}

#[test]
fn a_surge_window_crossing_months_falls_in_its_last_month() {
    // 清明 2026-04-05: window 03-29 .. 04-08, declared for jiangmen's A and B.
    let p = pack("jiangmen-2024");
    let qingming = Surge::festivals(&p, 2026)
        .into_iter()
        .find(|s| s.label == "2026年清明节")
        .unwrap();
    assert_eq!((qingming.from, qingming.to), (d("2026-03-29"), d("2026-04-08")));
    let storm = Surge::declared(
        &p,
        SurgeKind::ExtremeWeather,
        "暴雨红色预警",
        d("2026-04-30"),
        d("2026-05-02"),
    );
    let mut b = Case::new("jiangmen-2024", facts("1950-01-01", &["caring_for_disabled_child"]));
    b.surges = vec![qingming, storm];
    b.visits = vec![v("2026-03-30 10:00", VisitMode::Phone)];
    let march = b.month("2026-03", "2026-04-10");
    assert_eq!(march.items.len(), 1); // the monthly contact only
    let april = b.month("2026-04", "2026-04-10");
    assert_eq!(april.items.len(), 2);
    assert_eq!(april.items[1].status, Status::Met);
    assert_eq!(april.items[1].counted[0].day, d("2026-03-30"));
    let may = b.month("2026-05", "2026-05-01");
    assert_eq!(may.items.len(), 2);
    assert_eq!(
        (may.items[1].status, may.items[1].due_by),
        (Status::Due, d("2026-05-02"))
    );
    // C owes it too: the seed limits a surge to no tier.
    let c = Case {
        surges: b.surges.clone(),
        ..Case::new("jiangmen-2024", facts("1950-01-01", &[]))
    };
    assert_eq!(c.month("2026-04", "2026-04-10").items.len(), 2);
}

#[test]
fn yubei_and_jiangmen_general_elders_owe_the_festival_contact() {
    // 重阳 2026-10-18: window 10-11 .. 10-21. The seeds' "传统节日等特殊时间节点" bind every
    // elder under service, 一般 and C included.
    for (pack_id, tier) in [("yubei-2024", "general"), ("jiangmen-2024", "c")] {
        let mut c = Case::new(pack_id, facts("1950-01-01", &[]));
        c.surges = Surge::festivals(&c.pack, 2026);
        let festival = |m: &MonthCompliance| {
            m.items
                .iter()
                .find(|i| matches!(&i.source, ItemSource::Surge { label, .. } if label == "2026年重阳节"))
                .map(|i| (i.from, i.to, i.status))
        };
        let october = c.month("2026-10", "2026-11-01");
        assert_eq!(october.tier.as_ref().map(|t| t.tier.to_string()), Some(tier.into()));
        assert_eq!(
            festival(&october),
            Some((d("2026-10-11"), d("2026-10-21"), Status::Overdue)),
            "{pack_id}"
        );
        assert!(!october.met, "{pack_id}");
        c.visits = vec![v("2026-10-19 10:00", VisitMode::Phone)];
        let october = c.month("2026-10", "2026-11-01");
        assert_eq!(festival(&october).map(|f| f.2), Some(Status::Met), "{pack_id}");
    }
}

#[test]
fn emeishan_linzi_and_ningbo_owe_no_festival_contact() {
    // Their seeds ask for no festival surge: none for any elder in any month of the year.
    for pack_id in ["emeishan-2022", "linzi-2022", "ningbo-draft"] {
        let p = pack(pack_id);
        assert!(Surge::festivals(&p, 2026).is_empty(), "{pack_id}");
        for names in [&[][..], &["impaired"][..], &["risk_high"][..]] {
            let mut c = Case::new(pack_id, facts("1940-01-01", names));
            c.surges = (2025..=2027).flat_map(|y| Surge::festivals(&p, y)).collect();
            for m in 1..=12 {
                let month = c.month(&format!("2026-{m:02}"), "2027-01-01");
                assert!(
                    month.items.iter().all(|i| matches!(i.source, ItemSource::Tier(_))),
                    "{pack_id} {names:?} 2026-{m:02}"
                );
            }
        }
    }
    // A surge the district declares binds every tier of the pack by default.
    let p = pack("emeishan-2022");
    let cold = Surge::declared(&p, SurgeKind::ExtremeWeather, "寒潮", d("2026-01-12"), d("2026-01-14"));
    assert_eq!(cold.tiers, vec![TierId::new("key"), TierId::new("general")]);
    let mut general = Case::new("emeishan-2022", facts("1950-01-01", &[]));
    general.surges = vec![cold];
    let january = general.month("2026-01", "2026-02-01");
    assert_eq!(
        january
            .items
            .iter()
            .filter(|i| matches!(i.source, ItemSource::Surge { .. }))
            .count(),
        1
    );
}

#[test]
fn surges_apply_by_area() {
    use crate::domain::area::AreaCode;
    let p = pack("linzi-2022");
    let mut s = Surge::declared(&p, SurgeKind::Disaster, "洪涝", d("2026-07-01"), d("2026-07-05"));
    let village = AreaCode::parse("370305001001").unwrap();
    assert!(s.covers(&village));
    s.area = Some(AreaCode::parse("370305001").unwrap());
    assert!(s.covers(&village));
    s.area = Some(AreaCode::parse("370305002").unwrap());
    assert!(!s.covers(&village));
}

#[test]
fn a_single_elder_surge_binds_its_elder_alone_whatever_the_tier() {
    use crate::domain::area::AreaCode;
    use crate::domain::id::ElderId;
    // jiangmen C elder, 家庭变故 declared for them alone: no tier limit (stored with none).
    let p = pack("jiangmen-2024");
    let mut own = Surge::declared(
        &p,
        SurgeKind::FamilyChange,
        "老伴去世",
        d("2026-06-08"),
        d("2026-06-21"),
    );
    own.tiers = Vec::new();
    own.elder = Some(ElderId::new("e1"));
    own.area = Some(AreaCode::parse("440703001001").unwrap());
    let village = AreaCode::parse("440703001001").unwrap();
    assert!(own.binds(&ElderId::new("e1"), &village));
    assert!(!own.binds(&ElderId::new("e2"), &village), "a neighbour is not bound");
    assert!(
        own.binds(&ElderId::new("e1"), &AreaCode::parse("440703002001").unwrap()),
        "moved"
    );
    let area = Surge::declared(&p, SurgeKind::Disaster, "台风", d("2026-06-08"), d("2026-06-21"));
    assert!(area.binds(&ElderId::new("e2"), &village));

    let mut c = Case::new("jiangmen-2024", facts("1950-01-01", &[]));
    c.surges = vec![own];
    let surge_items = |m: &MonthCompliance| -> Vec<(NaiveDate, Status)> {
        m.items
            .iter()
            .filter(|i| matches!(i.source, ItemSource::Surge { .. }))
            .map(|i| (i.due_by, i.status))
            .collect()
    };
    let june = c.month("2026-06", "2026-07-01");
    assert_eq!(june.tier.as_ref().map(|t| t.tier.to_string()), Some("c".into()));
    assert_eq!(surge_items(&june), vec![(d("2026-06-21"), Status::Overdue)]);
    c.visits = vec![v("2026-06-10 10:00", VisitMode::Phone)];
    let june = c.month("2026-06", "2026-07-01");
    assert_eq!(surge_items(&june), vec![(d("2026-06-21"), Status::Met)]);
}

#[test]
fn festival_windows_name_the_festival_and_its_day() {
    use crate::domain::policy::surge::festival_windows;
    let windows = festival_windows(&pack("yubei-2024"), 2026);
    let found: Vec<(Festival, NaiveDate, NaiveDate, NaiveDate)> = windows
        .iter()
        .map(|w| (w.festival, w.day, w.surge.from, w.surge.to))
        .collect();
    assert_eq!(found.len(), 6);
    assert_eq!(
        found[0],
        (
            Festival::SpringFestival,
            d("2026-02-17"),
            d("2026-02-10"),
            d("2026-02-20")
        )
    );
    assert_eq!(
        found[5],
        (Festival::DoubleNinth, d("2026-10-18"), d("2026-10-11"), d("2026-10-21"))
    );
    assert!(festival_windows(&pack("emeishan-2022"), 2026).is_empty());
}

/// Out of service from 25 November 2026.
const LEFT: &[ServiceSpan] = &[ServiceSpan {
    from: NaiveDate::MIN,
    until: NaiveDate::from_ymd_opt(2026, 11, 25),
}];

/// November 2026 of an elder with `names` under `pack_id`, as of 1 December.
fn november_of(pack_id: &str, names: &[&str], visits: Vec<Visit>, service: &'static [ServiceSpan]) -> MonthCompliance {
    let mut c = Case::new(pack_id, facts("1950-01-01", names));
    c.visits = visits;
    c.service = service;
    c.month("2026-11", "2026-12-01")
}

#[test]
fn the_monthly_rate() {
    let month_of = |names: &[&str], visits, service| november_of("linzi-2022", names, visits, service);
    let months = [
        month_of(&[], vec![v("2026-11-03 10:00", VisitMode::Phone)], ALWAYS), // met
        month_of(&[], vec![v("2026-11-23 10:00", VisitMode::Phone)], ALWAYS), // late
        month_of(&["impaired"], vec![v("2026-11-03 10:00", VisitMode::InPerson)], ALWAYS), // 1 of 2
        month_of(&[], vec![v("2026-11-03 10:00", VisitMode::Phone)], LEFT),   // left service
    ];
    let flags: Vec<(bool, bool)> = months.iter().map(|m| (m.in_rate, m.met)).collect();
    assert_eq!(flags, vec![(true, true), (true, false), (true, false), (false, true)]);
    assert_eq!(visit_rate(&months), (1, 3));
}

#[test]
fn the_contact_rate_counts_any_accepted_visit_on_a_day_of_the_month() {
    let month_of = |names: &[&str], visits, service| november_of("yubei-2024", names, visits, service);
    let months = [
        // 一般 owes an in-person visit: a phone call is a contact, but the month is not met.
        month_of(&[], vec![v("2026-11-03 10:00", VisitMode::Phone)], ALWAYS),
        // Met, and contacted.
        month_of(&[], vec![v("2026-11-30 23:59", VisitMode::InPerson)], ALWAYS),
        // 重点 with one of its two half-months: contacted, not met.
        month_of(&["impaired"], vec![v("2026-11-03 10:00", VisitMode::InPerson)], ALWAYS),
        // Visits on the days around the month only: neither.
        month_of(
            &[],
            vec![
                v("2026-10-31 23:59", VisitMode::InPerson),
                v("2026-12-01 00:00", VisitMode::InPerson),
            ],
            ALWAYS,
        ),
        // Left service in the month: in neither denominator, however contacted.
        month_of(&[], vec![v("2026-11-03 10:00", VisitMode::InPerson)], LEFT),
    ];
    let flags: Vec<(bool, bool, bool)> = months.iter().map(|m| (m.in_rate, m.met, m.contacted)).collect();
    assert_eq!(
        flags,
        vec![
            (true, false, true),
            (true, true, true),
            (true, false, true),
            (true, false, false),
            (false, true, true),
        ]
    );
    assert_eq!(visit_rate(&months), (1, 4));
    assert_eq!(contact_rate(&months), (3, 4));
}

// ---------- one period of any kind ----------

#[test]
fn a_single_period_owes_its_own_kind_and_the_surges_ending_in_it() {
    // emeishan 重点 (impaired): in person each half-month and two calls each ISO week.
    let p = pack("emeishan-2022");
    let storm = Surge::declared(&p, SurgeKind::ExtremeWeather, "寒潮", d("2026-01-12"), d("2026-01-14"));
    let mut c = Case::new("emeishan-2022", facts("1950-01-01", &["impaired"]));
    c.surges = vec![storm];
    c.visits = vec![
        v("2026-01-12 09:00", VisitMode::Phone),
        v("2026-01-13 09:00", VisitMode::InPerson),
    ];
    let case = ElderCase {
        pack: &c.pack,
        facts: &c.facts,
        service: c.service,
        raise: None,
        surges: &c.surges,
        visits: &c.visits,
        risk_assessments: &[],
    };
    // ISO week 2026-W03 (Mon 12th – Sun 18th): two contacts, the in-person one counting as a
    // call; the cold-wave window ends inside it.
    let week = Period::containing(PeriodKind::Week, d("2026-01-15"));
    let found = evaluate_period(&case, week, d("2026-01-19"));
    assert_eq!(
        (found.period.start, found.period.end),
        (d("2026-01-12"), d("2026-01-18"))
    );
    assert_eq!(found.tier.as_ref().map(|t| t.tier.to_string()), Some("key".into()));
    let kinds: Vec<(Option<PeriodKind>, Status)> = found
        .items
        .iter()
        .map(|i| (i.period.map(|p| p.kind), i.status))
        .collect();
    assert_eq!(kinds, vec![(Some(PeriodKind::Week), Status::Met), (None, Status::Met)]);
    assert!(found.met);
    // The first half of January: the in-person visit counts; the surge ended in it as well.
    let half = Period::containing(PeriodKind::HalfMonth, d("2026-01-02"));
    let found = evaluate_period(&case, half, d("2026-01-14"));
    let statuses: Vec<Status> = found.items.iter().map(|i| i.status).collect();
    assert_eq!(statuses, vec![Status::Met, Status::Met]);
    assert_eq!(found.next_due, None);
    // The second half: nothing yet, due on its last day; the surge is not in it.
    let found = evaluate_period(&case, half.next(), d("2026-01-20"));
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].status, Status::Due);
    assert_eq!(found.next_due, Some(d("2026-01-31")));
    assert!(!found.met);
    // A month owes nothing of its own in emeishan 重点 (its requirements are per half-month
    // and per week), only the surge ending in it.
    let month = Period::containing(PeriodKind::Month, d("2026-01-02"));
    assert_eq!(evaluate_period(&case, month, d("2026-02-01")).items.len(), 1);
    // Out of service on the week's last day: the week owes nothing; the surge, which ended
    // while still in service, is still owed.
    static LEFT: [ServiceSpan; 1] = [ServiceSpan {
        from: NaiveDate::MIN,
        until: NaiveDate::from_ymd_opt(2026, 1, 16),
    }];
    let gone = ElderCase { service: &LEFT, ..case };
    let found = evaluate_period(&gone, week, d("2026-01-19"));
    assert!(!found.in_service);
    let sources: Vec<bool> = found.items.iter().map(|i| i.period.is_none()).collect();
    assert_eq!(sources, vec![true]);
}

#[test]
fn the_evidence_window_spans_every_period_falling_in_the_month() {
    let none: &[Surge] = &[];
    // yubei: half-months and the month.
    assert_eq!(
        evidence_window(&pack("yubei-2024"), month("2026-05"), none),
        (d("2026-05-01"), d("2026-05-31"))
    );
    // emeishan: half-months and ISO weeks. The week of Thu 30 April is April's; the week of
    // Thu 28 May ends on 31 May: May's weeks lie inside its half-months.
    assert_eq!(
        evidence_window(&pack("emeishan-2022"), month("2026-05"), none),
        (d("2026-05-01"), d("2026-05-31"))
    );
    // December 2026: week 53 of 2026 runs 12-28 .. 2027-01-03.
    assert_eq!(
        evidence_window(&pack("emeishan-2022"), month("2026-12"), none),
        (d("2026-11-30"), d("2027-01-03"))
    );
    // jiangmen: the half-year and the year fall in December and reach back to January.
    assert_eq!(
        evidence_window(&pack("jiangmen-2024"), month("2026-12"), none),
        (d("2026-01-01"), d("2026-12-31"))
    );
    // A surge ending in the month widens it to the surge's start; one ending later does not.
    let p = pack("yubei-2024");
    let surges = [
        Surge::declared(&p, SurgeKind::Disaster, "洪涝", d("2026-04-20"), d("2026-05-03")),
        Surge::declared(&p, SurgeKind::Disaster, "台风", d("2026-05-28"), d("2026-06-03")),
    ];
    assert_eq!(
        evidence_window(&p, month("2026-05"), &surges),
        (d("2026-04-20"), d("2026-05-31"))
    );
}

// ---------- docs/policies.md stays true ----------

const DOCS: &str = include_str!("../../../../docs/policies.md");

#[test]
fn the_docs_summary_states_each_packs_conditions() {
    for p in packs().all() {
        let start = DOCS.find(&format!("| `{}` |", p.id)).unwrap();
        let rows = &DOCS[start..];
        for tier in &p.tiers {
            let key = format!("{} `{}`: `", tier.label, tier.id);
            let at = rows.find(&key).unwrap_or_else(|| panic!("{} {key}", p.id));
            let text = rows[at + key.len()..].split('`').next().unwrap();
            assert_eq!(Condition::parse(text).unwrap(), tier.when, "{} {}", p.id, tier.id);
        }
    }
}

#[test]
fn the_docs_worked_example_loads() {
    let section = DOCS.split("## 6. Worked example").nth(1).unwrap();
    let text = section.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let p = PolicyPack::parse("policies/sixth-2026.toml", text).unwrap();
    assert_eq!(p.tiers[0].requirements[1].deadline_day, Some(25));
    let first = DOCS.split("## 1. A pack").nth(1).unwrap();
    let text = first.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    assert!(PolicyPack::parse("policies/linzi-2022.toml", text).is_ok());
}

#[test]
fn the_docs_error_examples_are_real() {
    let text = include_str!("../../../policies/linzi-2022.toml").replacen(
        "when = \"(age >= 80 and living_alone) or severe_disability or impaired\"",
        "when = \"(age >= 80 and livng_alone) or impaired\"",
        1,
    );
    let e = PolicyPack::parse("policies/linzi-2022.toml", &text)
        .unwrap_err()
        .to_string();
    assert!(DOCS.contains(&e), "{e}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn visit() -> impl Strategy<Value = Visit> {
        (0i64..120, 0usize..VisitMode::ALL.len()).prop_map(|(offset, mode)| Visit {
            at: d("2026-10-15").and_hms_opt(10, 0, 0).unwrap() + chrono::Duration::days(offset),
            mode: VisitMode::ALL[mode],
        })
    }

    proptest! {
        /// One more accepted visit never undoes anything: no item loses a counted visit and a
        /// met month stays met.
        #[test]
        fn another_visit_never_hurts(
            pack_index in 0usize..5,
            held in proptest::sample::subsequence(Fact::ALL, 0..4),
            born in 0i64..20_000,
            visits in proptest::collection::vec(visit(), 0..12),
            extra in visit(),
            month_index in 0u32..3,
        ) {
            let packs = packs().all();
            let facts = ElderFacts::new(d("1930-01-01") + chrono::Duration::days(born), held);
            let mut c = Case::new(&packs[pack_index].id, facts);
            c.surges = Surge::festivals(&c.pack, 2026);
            c.visits = visits;
            let m = ["2026-11", "2026-12", "2027-01"][month_index as usize];
            let before = c.month(m, "2026-12-15");
            c.visits.push(extra);
            let after = c.month(m, "2026-12-15");
            prop_assert_eq!(before.items.len(), after.items.len());
            for (b, a) in before.items.iter().zip(&after.items) {
                prop_assert!(a.counted.len() >= b.counted.len());
                prop_assert!(a.met_on_time || !b.met_on_time);
            }
            prop_assert!(after.met || !before.met);
            prop_assert_eq!(after.in_rate, before.in_rate);
        }
    }
}

#[test]
fn a_fact_change_in_mid_month_takes_effect_from_the_next_period_starting_after_it() {
    // yubei: 重点 (impaired) owes an in-person visit each half-month, 一般 one each month. The
    // elder's ability declines with effect from 10 November: the tier on a day follows the facts
    // in effect that day, and each period reads the tier held on its first day.
    let before = facts("1950-01-01", &[]);
    let after = facts("1950-01-01", &["impaired"]);
    let mut c = Case::new("yubei-2024", before.clone());
    c.facts = FactTimeline::from_spans(vec![(d("2026-01-01"), before), (d("2026-11-10"), after)]).unwrap();
    assert_eq!(c.tier("2026-11-09"), "general");
    assert_eq!(c.tier("2026-11-10"), "key");

    let owed = |m: &MonthCompliance| -> Vec<(String, NaiveDate, NaiveDate)> {
        m.items
            .iter()
            .map(|i| match &i.source {
                ItemSource::Tier(t) => (t.label.clone(), i.from, i.to),
                ItemSource::Surge { label, .. } => (label.clone(), i.from, i.to),
            })
            .collect()
    };
    // November: the month (from the 1st) under 一般; 1–15 November starts under 一般, which owes
    // nothing per half-month; 16–30 November starts under 重点.
    c.visits = vec![v("2026-11-05 10:00", VisitMode::InPerson)];
    let november = c.month("2026-11", "2026-12-01");
    assert_eq!(november.tier.as_ref().map(|t| t.label.as_str()), Some("一般"));
    assert_eq!(
        owed(&november),
        vec![
            ("重点".to_string(), d("2026-11-16"), d("2026-11-30")),
            ("一般".to_string(), d("2026-11-01"), d("2026-11-30")),
        ]
    );
    assert!(!november.met, "the visit of the 5th does not meet 16–30 November");
    c.visits.push(v("2026-11-20 10:00", VisitMode::InPerson));
    assert!(c.month("2026-11", "2026-12-01").met);
    // October read the facts in effect then: 一般 all month.
    let october = c.month("2026-10", "2026-11-01");
    assert_eq!(
        owed(&october),
        vec![("一般".to_string(), d("2026-10-01"), d("2026-10-31"))]
    );
}

#[test]
fn a_timeline_reads_the_span_in_effect_and_the_later_recording_of_one_day() {
    let (a, b, c) = (
        facts("1950-01-01", &[]),
        facts("1950-01-01", &["impaired"]),
        facts("1950-01-01", &["risk_high"]),
    );
    assert!(FactTimeline::from_spans(vec![]).is_none());
    // Out of order; two spans on 1 March: the one recorded later (later in the list) wins.
    let t = FactTimeline::from_spans(vec![
        (d("2026-03-01"), b.clone()),
        (d("2026-01-01"), a.clone()),
        (d("2026-03-01"), c.clone()),
    ])
    .unwrap();
    assert_eq!(t.on(d("2025-06-01")), &a, "before the first span, the first is read");
    assert_eq!(t.on(d("2026-02-28")), &a);
    assert_eq!(t.on(d("2026-03-01")), &c);
    assert_eq!(t.on(d("2027-01-01")), &c);
}
