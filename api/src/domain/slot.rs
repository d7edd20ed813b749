//! 探访时段 — visit slots: what an elder's month asks for, turned into claimable units, and the
//! rules a visitor must meet to hold one. Pure: the caller brings the month, the visitor and
//! what they already hold.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::access::VisitorKind;
use super::input::InvalidInput;
use super::policy::{ItemSource, MonthCompliance, RequirementKind, Status, VisitMode};
use super::text_enum;

text_enum! {
    /// 时段状态
    pub enum SlotStatus {
        Open => ("open", "待认领"),
        Claimed => ("claimed", "已认领"),
        Done => ("done", "已完成"),
        Cancelled => ("cancelled", "已取消"),
    }
}

text_enum! {
    /// 所属组织 — the kind of organisation a visitor comes through (`Office`: a village (居)
    /// committee or a town (街道) office whose own people visit; issue #20's "or a village or
    /// town office").
    pub enum OrganisationKind {
        School => ("school", "学校"),
        SocialWorkStation => ("social_work_station", "社工站"),
        Institution => ("institution", "第三方机构"),
        VolunteerTeam => ("volunteer_team", "志愿服务队"),
        Office => ("office", "村(居)委会或镇街"),
        Individual => ("individual", "个人"),
    }
}

/// One slot an elder's month asks for: the `seq`-th visit of a requirement in its window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSpec {
    /// Identifies the requirement across runs: where it comes from and what it asks
    /// (the same requirement under a new tier keeps its slots).
    pub requirement_key: String,
    pub seq: u32,
    pub label: String,
    pub modes: Vec<VisitMode>,
    /// Only an in-person visit fulfils it.
    pub in_person: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The slots an evaluated month asks for as of `today`: `count` per visit requirement that is
/// not met yet and whose window has not passed (a yearly risk assessment is not a visit). Generation stores them idempotently by
/// (elder, requirement key, window start, seq).
pub fn slots_of_month(month: &MonthCompliance, today: NaiveDate) -> Vec<SlotSpec> {
    let mut slots = Vec::new();
    for item in &month.items {
        if item.kind != RequirementKind::Visit || item.status == Status::Met || item.to < today {
            continue;
        }
        let source = match &item.source {
            ItemSource::Tier(_) => "tier",
            ItemSource::Surge { .. } => "surge",
        };
        for seq in 1..=item.count {
            slots.push(SlotSpec {
                requirement_key: format!("{source}|{}", item.label),
                seq,
                label: item.label.clone(),
                modes: item.modes.clone(),
                in_person: item.modes == [VisitMode::InPerson],
                from: item.from,
                to: item.due_by,
            });
        }
    }
    slots
}

/// What the claim rules read of a slot.
#[derive(Debug, Clone)]
pub struct SlotFacts {
    pub status: SlotStatus,
    pub in_person: bool,
    pub needs_professional: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The district's pack requires a training before an in-person visit (`[training]`).
    pub training_required: bool,
}

/// What the claim rules read of a visitor.
#[derive(Debug, Clone)]
pub struct VisitorFacts {
    /// The account is approved (active).
    pub approved: bool,
    /// An organizer recorded that the visitor dropped out.
    pub dropped_out: bool,
    pub kind: VisitorKind,
    pub minor: bool,
    pub capacity_per_month: u32,
    /// ISO weekday numbers (1 = Monday) usually free.
    pub weekdays: BTreeSet<u32>,
    pub unavailable: BTreeSet<NaiveDate>,
    /// Training sessions the visitor attended (培训).
    pub sessions_attended: u32,
}

impl VisitorFacts {
    /// Whether the visitor is free on `day`.
    pub fn free_on(&self, day: NaiveDate) -> bool {
        self.weekdays.contains(&day.weekday().number_from_monday()) && !self.unavailable.contains(&day)
    }

    /// Whether the visitor is free on some day of `from..=to` from `today` on.
    pub fn free_between(&self, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> bool {
        from.max(today)
            .iter_days()
            .take_while(|day| *day <= to)
            .any(|day| self.free_on(day))
    }
}

/// The co-visitor of a team slot, as the minor rule sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoVisitor {
    pub approved: bool,
    pub minor: bool,
}

/// 认领规则 — whether `visitor` may hold `slot` as of `today`, already holding `held_in_month`
/// slots of the slot's month, with `co_visitor` for a team visit. Each refusal names the field
/// of `claimSlot`/`assignSlot` it concerns. (That the slot is still open is settled by the
/// conditional update itself, never by reading first.)
pub fn check_claim(
    slot: &SlotFacts,
    visitor: &VisitorFacts,
    held_in_month: u32,
    co_visitor: Option<CoVisitor>,
    today: NaiveDate,
) -> Result<(), InvalidInput> {
    let mut errors = InvalidInput::default();
    if !visitor.approved {
        errors.add("visitorId", "not_approved", "探访人员账号尚未审核通过");
    }
    if visitor.dropped_out {
        errors.add("visitorId", "dropped_out", "已登记退出探访，请先更新探访人员档案");
    }
    if slot.status != SlotStatus::Open {
        errors.add("slotId", "taken", "该时段已被认领或已关闭");
    } else if slot.to < today {
        errors.add("slotId", "window_passed", "该时段已过期");
    }
    if held_in_month >= visitor.capacity_per_month {
        errors.add(
            "visitorId",
            "over_capacity",
            format!("本月已认领 {held_in_month} 次，已达每月可探访次数上限"),
        );
    }
    if slot.to >= today && !visitor.free_between(slot.from, slot.to, today) {
        errors.add("visitorId", "not_available", "该时段内探访人员没有可服务的日子");
    }
    if slot.needs_professional && visitor.kind != VisitorKind::Professional {
        errors.add(
            "visitorId",
            "needs_professional",
            "该老人须由专业人员（社工、家庭医生等）探访",
        );
    }
    if super::training::refuses(slot.training_required, slot.in_person, visitor.sessions_attended) {
        let (code, message) = super::training::TRAINING_REQUIRED;
        errors.add("visitorId", code, message);
    }
    if slot.in_person && visitor.minor {
        match co_visitor {
            Some(co) if co.approved && !co.minor => {}
            Some(_) => errors.add("coVisitorId", "not_an_adult", "同行人须为已审核的成年探访人员"),
            None => errors.add("coVisitorId", "minor_alone", "未成年学生上门探访须有成年人同行"),
        }
    }
    errors.finish(|| Some(()))
}

/// 姓名脱敏 — how a visitor sees another person's name (a co-visitor to choose): the first and
/// last characters with stars between (张*愿), a two-character name as its first character and
/// a star (王*). Enough to recognise a teacher or a neighbour; not the full name.
pub fn masked_name(name: &str) -> String {
    let name = name.trim();
    match name.chars().count() {
        0 => String::new(),
        2 => super::elder::mask_middle(name, 1, 0),
        _ => super::elder::mask_middle(name, 1, 1),
    }
}

/// Whether the holder may still release a slot: until the day before its window opens.
pub fn may_release(slot_from: NaiveDate, today: NaiveDate) -> bool {
    today < slot_from
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::period::Month;
    use crate::domain::policy::facts::tests::d;
    use crate::domain::policy::{evaluate_month, ElderCase, ElderFacts, Fact, FactTimeline, PackRegistry, ServiceSpan};

    fn visitor() -> VisitorFacts {
        VisitorFacts {
            approved: true,
            dropped_out: false,
            kind: VisitorKind::Volunteer,
            minor: false,
            capacity_per_month: 4,
            weekdays: [6, 7].into_iter().collect(),
            unavailable: BTreeSet::new(),
            sessions_attended: 0,
        }
    }

    fn slot() -> SlotFacts {
        // Monday 2026-12-07 to Sunday 2026-12-13.
        SlotFacts {
            status: SlotStatus::Open,
            in_person: true,
            needs_professional: false,
            from: d("2026-12-07"),
            to: d("2026-12-13"),
            training_required: false,
        }
    }

    fn refusal(result: Result<(), InvalidInput>) -> Vec<(String, String)> {
        result
            .err()
            .map(|e| e.fields.into_iter().map(|f| (f.field, f.code)).collect())
            .unwrap_or_default()
    }

    const TODAY: &str = "2026-12-01";

    #[test]
    fn an_eligible_visitor_may_claim() {
        assert!(check_claim(&slot(), &visitor(), 3, None, d(TODAY)).is_ok());
    }

    #[test]
    fn each_rule_refuses_with_its_field() {
        let today = d(TODAY);
        type Expected = (&'static str, &'static str);
        let cases: Vec<(Result<(), InvalidInput>, Expected)> = vec![
            (
                check_claim(
                    &slot(),
                    &VisitorFacts {
                        approved: false,
                        ..visitor()
                    },
                    0,
                    None,
                    today,
                ),
                ("visitorId", "not_approved"),
            ),
            (
                check_claim(
                    &SlotFacts {
                        status: SlotStatus::Claimed,
                        ..slot()
                    },
                    &visitor(),
                    0,
                    None,
                    today,
                ),
                ("slotId", "taken"),
            ),
            (
                check_claim(&slot(), &visitor(), 0, None, d("2026-12-14")),
                ("slotId", "window_passed"),
            ),
            (
                check_claim(&slot(), &visitor(), 4, None, today),
                ("visitorId", "over_capacity"),
            ),
            (
                check_claim(
                    &slot(),
                    &VisitorFacts {
                        weekdays: [1, 2].into_iter().collect(),
                        ..visitor()
                    },
                    0,
                    None,
                    d("2026-12-09"),
                ),
                ("visitorId", "not_available"),
            ),
            (
                check_claim(
                    &SlotFacts {
                        needs_professional: true,
                        ..slot()
                    },
                    &visitor(),
                    0,
                    None,
                    today,
                ),
                ("visitorId", "needs_professional"),
            ),
            (
                check_claim(
                    &slot(),
                    &VisitorFacts {
                        minor: true,
                        ..visitor()
                    },
                    0,
                    None,
                    today,
                ),
                ("coVisitorId", "minor_alone"),
            ),
            (
                check_claim(
                    &slot(),
                    &VisitorFacts {
                        minor: true,
                        ..visitor()
                    },
                    0,
                    Some(CoVisitor {
                        approved: true,
                        minor: true,
                    }),
                    today,
                ),
                ("coVisitorId", "not_an_adult"),
            ),
        ];
        for (result, (field, code)) in cases {
            assert_eq!(refusal(result), vec![(field.to_string(), code.to_string())]);
        }
    }

    #[test]
    fn a_pack_requiring_training_refuses_an_untrained_visitor_in_person_only() {
        let today = d(TODAY);
        let required = SlotFacts {
            training_required: true,
            ..slot()
        };
        assert_eq!(
            refusal(check_claim(&required, &visitor(), 0, None, today)),
            vec![("visitorId".to_string(), "training_required".to_string())]
        );
        let trained = VisitorFacts {
            sessions_attended: 1,
            ..visitor()
        };
        assert!(check_claim(&required, &trained, 0, None, today).is_ok());
        let phone = SlotFacts {
            in_person: false,
            ..required.clone()
        };
        assert!(
            check_claim(&phone, &visitor(), 0, None, today).is_ok(),
            "phone slots are not held back"
        );
        assert!(
            check_claim(&slot(), &visitor(), 0, None, today).is_ok(),
            "a pack without it"
        );
    }

    #[test]
    fn exceptions_and_the_rest_of_the_window() {
        let mut v = visitor();
        v.unavailable = [d("2026-12-12")].into_iter().collect();
        assert!(
            v.free_between(d("2026-12-07"), d("2026-12-13"), d(TODAY)),
            "Sunday is left"
        );
        v.unavailable.insert(d("2026-12-13"));
        assert!(!v.free_between(d("2026-12-07"), d("2026-12-13"), d(TODAY)));
        // A minor with an adult co-visitor may take an in-person slot; phone slots alone.
        let minor = VisitorFacts {
            minor: true,
            ..visitor()
        };
        let adult = Some(CoVisitor {
            approved: true,
            minor: false,
        });
        assert!(check_claim(&slot(), &minor, 0, adult, d(TODAY)).is_ok());
        let phone = SlotFacts {
            in_person: false,
            ..slot()
        };
        assert!(check_claim(&phone, &minor, 0, None, d(TODAY)).is_ok());
        // Professionals take the slots that need one.
        let professional = VisitorFacts {
            kind: VisitorKind::Professional,
            ..visitor()
        };
        let hard = SlotFacts {
            needs_professional: true,
            ..slot()
        };
        assert!(check_claim(&hard, &professional, 0, None, d(TODAY)).is_ok());
    }

    #[test]
    fn names_are_masked_but_recognisable() {
        assert_eq!(masked_name("张志愿"), "张*愿");
        assert_eq!(masked_name("欧阳小明"), "欧**明");
        assert_eq!(masked_name("王五"), "王*");
        assert_eq!(masked_name(" 李 "), "*");
        assert_eq!(masked_name(""), "");
    }

    #[test]
    fn release_until_the_day_before_the_window() {
        assert!(may_release(d("2026-12-07"), d("2026-12-06")));
        assert!(!may_release(d("2026-12-07"), d("2026-12-07")));
    }

    fn month_of(pack: &str, names: &[&str], m: &str, today: &str) -> MonthCompliance {
        let packs = PackRegistry::builtin().unwrap();
        let pack = packs.get(pack).unwrap();
        let facts = FactTimeline::constant(ElderFacts::new(
            d("1950-01-01"),
            names.iter().map(|n| Fact::parse_code(n).unwrap()),
        ));
        let service = [ServiceSpan {
            from: d("2000-01-01"),
            until: None,
        }];
        let case = ElderCase {
            pack,
            facts: &facts,
            service: &service,
            raise: None,
            surges: &[],
            visits: &[],
            risk_assessments: &[],
        };
        evaluate_month(&case, Month::parse(m).unwrap(), d(today))
    }

    #[test]
    fn every_packs_tiers_become_slots_for_each_month_of_a_quarter() {
        // (pack, facts of the tier, slots per month in Jan–Mar 2027 before anything is met)
        let expected: &[(&str, &[&str], [usize; 3])] = &[
            // 2 in person half-months; calls: 2 per ISO week falling in the month.
            ("emeishan-2022", &["impaired"], [2 + 2 * 4, 2 + 2 * 4, 2 + 2 * 4]),
            ("emeishan-2022", &[], [1 + 4, 1 + 4, 1 + 4]),
            ("yubei-2024", &["impaired"], [2, 2, 2]),
            ("yubei-2024", &["other"], [1, 1, 1]),
            ("linzi-2022", &["impaired"], [2, 2, 2]),
            ("linzi-2022", &[], [1, 1, 1]),
            ("ningbo-draft", &["risk_high"], [2, 2, 2]),
            ("jiangmen-2024", &["impaired"], [1, 1, 1]),
            ("jiangmen-2024", &["caring_for_disabled_child"], [1, 1, 1]),
            ("jiangmen-2024", &["other"], [1, 1, 1]),
        ];
        for (pack, facts, per_month) in expected {
            for (m, want) in ["2027-01", "2027-02", "2027-03"].iter().zip(per_month) {
                let month = month_of(pack, facts, m, "2026-12-31");
                // Festival surges (春节 2027-02-06, 元宵 02-20) add one slot for surge tiers.
                let surges = month.items.iter().filter(|i| i.period.is_none()).count();
                let slots = slots_of_month(&month, d("2026-12-31"));
                assert_eq!(slots.len(), want + surges, "{pack} {facts:?} {m}");
                let keys: BTreeSet<_> = slots.iter().map(|s| (&s.requirement_key, s.from, s.seq)).collect();
                assert_eq!(keys.len(), slots.len(), "keys are unique: {pack} {m}");
                for s in &slots {
                    assert_eq!(s.in_person, s.modes == [VisitMode::InPerson]);
                    assert!(s.from <= s.to);
                }
            }
        }
        // Nothing for a month already over, and nothing for requirements already met.
        let past = month_of("yubei-2024", &["impaired"], "2026-11", "2026-12-31");
        assert!(slots_of_month(&past, d("2026-12-31")).is_empty());
    }
}
