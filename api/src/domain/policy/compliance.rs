//! The compliance engine: for one elder and one month, every requirement that falls in the
//! month, the accepted visits that count toward it, whether it is met (on time), and whether
//! the elder is in that month's visit rate (月探访率). Pure: the caller brings the pack, the
//! elder's facts, service history, raise, surges and accepted visits.
//!
//! Rules (DOMAIN.md §3):
//! - A period falls in the month it ends in; an ISO week in the month of its Thursday; a
//!   surge window in the month of its last day.
//! - A period's requirements are those of the tier held on its first day (age on that day); a
//!   raise adds its tier's requirements from the next period after the day it was made.
//! - A period is owed only if the elder is under service on its last day: an elder who leaves
//!   service owes nothing for the period they left in, nor later ones.
//! - A visit counts for every requirement whose modes include its mode; in person also counts
//!   as a phone or video contact. A visit after the deadline day is late: counted and shown,
//!   but the requirement is not met on time.
//! - The elder is in the month's rate only if under service on every day of the month, and
//!   counts as met only if every requirement falling in the month is met on time.
//! - The elder counts as contacted in the month (探访覆盖率) if at least one accepted visit of
//!   any mode took place on a day of the calendar month, whatever the requirements.

use chrono::{NaiveDate, NaiveDateTime};

use super::facts::FactTimeline;
use super::pack::{mode_counts, PolicyPack, RequirementKind, TierMatch, TierRaise};
use super::surge::{Surge, SurgeKind};
use super::visit_mode::VisitMode;
use crate::domain::elder::ServiceStatus;
use crate::domain::period::{Month, Period, PeriodKind};
use crate::domain::text_enum;

text_enum! {
    /// 完成情况 — the state of one requirement in one period.
    pub enum Status {
        Met => ("met", "已完成"),
        Due => ("due", "待完成"),
        Overdue => ("overdue", "已逾期"),
    }
}

/// An interval under service: from `from` up to the day before `until` (`None`: still).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceSpan {
    pub from: NaiveDate,
    /// The first day out of service (the day of the refusal, death, move or admission).
    pub until: Option<NaiveDate>,
}

impl ServiceSpan {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day < until)
    }

    /// The spans under service from a status history: each change takes effect on its day.
    pub fn from_history(changes: &[(NaiveDate, ServiceStatus)]) -> Vec<ServiceSpan> {
        let mut changes = changes.to_vec();
        changes.sort_by_key(|(day, _)| *day);
        let mut spans: Vec<ServiceSpan> = Vec::new();
        let mut open: Option<NaiveDate> = None;
        for (day, status) in changes {
            match (status == ServiceStatus::InService, open) {
                (true, None) => open = Some(day),
                (false, Some(from)) => {
                    if from < day {
                        spans.push(ServiceSpan { from, until: Some(day) });
                    }
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(from) = open {
            spans.push(ServiceSpan { from, until: None });
        }
        spans
    }
}

/// An accepted visit record: when it took place (district local time) and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub at: NaiveDateTime,
    pub mode: VisitMode,
}

/// Everything the engine needs about one elder.
#[derive(Debug, Clone, Copy)]
pub struct ElderCase<'a> {
    pub pack: &'a PolicyPack,
    /// The facts through time: a period reads those in effect on its first day.
    pub facts: &'a FactTimeline,
    pub service: &'a [ServiceSpan],
    pub raise: Option<&'a TierRaise>,
    /// The surges binding the elder (see [`Surge::binds`]): those covering the elder's area,
    /// festival surges from [`Surge::festivals`] included, and the elder's own.
    pub surges: &'a [Surge],
    /// Accepted visits only.
    pub visits: &'a [Visit],
    /// Dates of the yearly risk assessments (ningbo).
    pub risk_assessments: &'a [NaiveDate],
}

impl ElderCase<'_> {
    pub fn in_service_on(&self, day: NaiveDate) -> bool {
        self.service.iter().any(|span| span.contains(day))
    }
}

/// Where an item comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemSource {
    /// A requirement of the tier held on the period's first day.
    Tier(TierMatch),
    /// The surge at this index of [`ElderCase::surges`].
    Surge {
        index: usize,
        kind: SurgeKind,
        label: String,
    },
}

/// A visit (or risk assessment) that counts toward an item: its index in
/// [`ElderCase::visits`] (or [`ElderCase::risk_assessments`]), its day, and whether it came
/// after the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedEvidence {
    pub index: usize,
    pub day: NaiveDate,
    pub late: bool,
}

/// One requirement in one period (or one surge window) and how far it is met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementStatus {
    pub source: ItemSource,
    /// 每月至少上门探访 2 次 …
    pub label: String,
    pub kind: RequirementKind,
    pub count: u32,
    pub modes: Vec<VisitMode>,
    /// The calendar period; `None` for a surge window.
    pub period: Option<Period>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The deadline day if the requirement has one, else the last day.
    pub due_by: NaiveDate,
    pub counted: Vec<CountedEvidence>,
    pub status: Status,
    /// Met by visits made on or before `due_by`. This is what the visit rate counts.
    pub met_on_time: bool,
}

/// One elder's month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCompliance {
    pub year: i32,
    pub month: u32,
    /// The tier held on the month's first day (for display; items carry their own).
    pub tier: Option<TierMatch>,
    /// Under service on every day of the month: counted in the denominator.
    pub in_rate: bool,
    pub items: Vec<RequirementStatus>,
    /// Every item is met on time.
    pub met: bool,
    /// At least one accepted visit of any mode on a day of the calendar month (district local
    /// time): what the contact rate (探访覆盖率) counts. Owing nothing does not make an elder
    /// contacted, and a visit made in the month counts here even when it counts toward nothing.
    pub contacted: bool,
    /// The earliest due date among items still due.
    pub next_due: Option<NaiveDate>,
}

struct Owed {
    source: ItemSource,
    label: String,
    kind: RequirementKind,
    count: u32,
    modes: Vec<VisitMode>,
    period: Option<Period>,
    from: NaiveDate,
    to: NaiveDate,
    due_by: NaiveDate,
}

fn settle(case: &ElderCase<'_>, owed: Owed, today: NaiveDate) -> RequirementStatus {
    let inside = |day: NaiveDate| owed.from <= day && day <= owed.to;
    let mut counted: Vec<(NaiveDateTime, CountedEvidence)> = match owed.kind {
        RequirementKind::Visit => case
            .visits
            .iter()
            .enumerate()
            .filter(|(_, v)| inside(v.at.date()) && mode_counts(&owed.modes, v.mode))
            .map(|(index, v)| {
                let day = v.at.date();
                (
                    v.at,
                    CountedEvidence {
                        index,
                        day,
                        late: day > owed.due_by,
                    },
                )
            })
            .collect(),
        RequirementKind::RiskAssessment => case
            .risk_assessments
            .iter()
            .enumerate()
            .filter(|(_, day)| inside(**day))
            .map(|(index, &day)| {
                (
                    day.and_time(chrono::NaiveTime::MIN),
                    CountedEvidence {
                        index,
                        day,
                        late: day > owed.due_by,
                    },
                )
            })
            .collect(),
    };
    counted.sort_by_key(|(at, e)| (*at, e.index));
    let counted: Vec<CountedEvidence> = counted.into_iter().map(|(_, e)| e).collect();
    let total = counted.len();
    let on_time = counted.iter().filter(|e| !e.late).count();
    let needed = usize::try_from(owed.count).unwrap_or(usize::MAX);
    let status = if total >= needed {
        Status::Met
    } else if today > owed.due_by {
        Status::Overdue
    } else {
        Status::Due
    };
    RequirementStatus {
        source: owed.source,
        label: owed.label,
        kind: owed.kind,
        count: owed.count,
        modes: owed.modes,
        period: owed.period,
        from: owed.from,
        to: owed.to,
        due_by: owed.due_by,
        counted,
        status,
        met_on_time: on_time >= needed,
    }
}

/// Adds the requirements of `period` (of the tier held on its first day) to `owed`, unless the
/// elder is out of service on its last day.
fn owe_period(case: &ElderCase<'_>, period: Period, owed: &mut Vec<Owed>) {
    let pack = case.pack;
    if !case.in_service_on(period.end) {
        return;
    }
    let Some(held) = pack.tier_for_period(case.facts.on(period.start), period.start, case.raise) else {
        return;
    };
    let Some(tier) = pack.tier(&held.tier) else {
        return;
    };
    for requirement in tier.requirements.iter().filter(|r| r.per == period.kind) {
        owed.push(Owed {
            source: ItemSource::Tier(held.clone()),
            label: requirement.label_zh(),
            kind: requirement.kind,
            count: requirement.count,
            modes: requirement.modes.clone(),
            period: Some(period),
            from: period.start,
            to: period.end,
            due_by: requirement.due_by(&period),
        });
    }
}

/// Adds the surges whose window ends on a day for which `ends_in` holds, and which apply to the
/// tier the elder holds on the window's first day — or, a single-elder surge, to the elder
/// whatever their tier (jiangmen-2024 二（三）3 names the elders "受家庭变故…影响的", not a tier).
fn owe_surges(case: &ElderCase<'_>, ends_in: impl Fn(NaiveDate) -> bool, owed: &mut Vec<Owed>) {
    for (index, surge) in case.surges.iter().enumerate() {
        if !ends_in(surge.to) || surge.from > surge.to || !case.in_service_on(surge.to) {
            continue;
        }
        if surge.elder.is_none() {
            let Some(held) = case
                .pack
                .tier_for_period(case.facts.on(surge.from), surge.from, case.raise)
            else {
                continue;
            };
            if !surge.tiers.contains(&held.tier) {
                continue;
            }
        }
        owed.push(Owed {
            source: ItemSource::Surge {
                index,
                kind: surge.kind,
                label: surge.label.clone(),
            },
            label: surge.label_zh(),
            kind: RequirementKind::Visit,
            count: surge.count,
            modes: surge.modes.clone(),
            period: None,
            from: surge.from,
            to: surge.to,
            due_by: surge.to,
        });
    }
}

/// The period kinds some tier of the pack has a requirement for.
fn kinds_in_use(pack: &PolicyPack) -> impl Iterator<Item = PeriodKind> + '_ {
    PeriodKind::ALL
        .iter()
        .copied()
        .filter(|&kind| pack.tiers.iter().any(|t| t.requirements.iter().any(|r| r.per == kind)))
}

/// The days whose visits can count toward anything owed in `month` under `pack`: from the first
/// day of the earliest period falling in the month to the last day of the latest, widened to
/// the windows of `surges` that end in the month. Loading only these visits is enough.
pub fn evidence_window(pack: &PolicyPack, month: Month, surges: &[Surge]) -> (NaiveDate, NaiveDate) {
    let mut window = (month.first_day(), month.last_day());
    for kind in kinds_in_use(pack) {
        for period in Period::falling_in_month(kind, month.year(), month.month()) {
            window = (window.0.min(period.start), window.1.max(period.end));
        }
    }
    for surge in surges.iter().filter(|s| Month::of(s.to) == month) {
        window = (window.0.min(surge.from), window.1.max(surge.to));
    }
    window
}

/// Everything owed by the elder in `month` as of `today`.
pub fn evaluate_month(case: &ElderCase<'_>, month: Month, today: NaiveDate) -> MonthCompliance {
    let pack = case.pack;
    let mut owed: Vec<Owed> = Vec::new();
    for kind in kinds_in_use(pack) {
        for period in Period::falling_in_month(kind, month.year(), month.month()) {
            owe_period(case, period, &mut owed);
        }
    }
    owe_surges(case, |day| Month::of(day) == month, &mut owed);

    let items: Vec<RequirementStatus> = owed.into_iter().map(|o| settle(case, o, today)).collect();
    let in_rate = month
        .first_day()
        .iter_days()
        .take_while(|day| *day <= month.last_day())
        .all(|day| case.in_service_on(day));
    let (first, last) = (month.first_day(), month.last_day());
    let contacted = case.visits.iter().any(|v| (first..=last).contains(&v.at.date()));
    MonthCompliance {
        year: month.year(),
        month: month.month(),
        tier: pack.tier_on(case.facts.on(month.first_day()), month.first_day(), case.raise),
        in_rate,
        met: items.iter().all(|i| i.met_on_time),
        contacted,
        next_due: next_due(&items),
        items,
    }
}

/// One elder's requirements of one calendar period of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCompliance {
    pub period: Period,
    /// The tier held on the period's first day.
    pub tier: Option<TierMatch>,
    /// Under service on the period's last day (otherwise nothing is owed).
    pub in_service: bool,
    /// The tier's requirements of this period's kind, and the surges whose window ends in it.
    pub items: Vec<RequirementStatus>,
    /// Every item is met on time.
    pub met: bool,
    pub next_due: Option<NaiveDate>,
}

/// What the elder owes for `period` itself (requirements per that kind of period), and for the
/// surges ending in it, as of `today`.
pub fn evaluate_period(case: &ElderCase<'_>, period: Period, today: NaiveDate) -> PeriodCompliance {
    let mut owed: Vec<Owed> = Vec::new();
    owe_period(case, period, &mut owed);
    owe_surges(case, |day| period.contains(day), &mut owed);
    let items: Vec<RequirementStatus> = owed.into_iter().map(|o| settle(case, o, today)).collect();
    PeriodCompliance {
        period,
        tier: case
            .pack
            .tier_for_period(case.facts.on(period.start), period.start, case.raise),
        in_service: case.in_service_on(period.end),
        met: items.iter().all(|i| i.met_on_time),
        next_due: next_due(&items),
        items,
    }
}

/// The earliest due date among items still due.
fn next_due(items: &[RequirementStatus]) -> Option<NaiveDate> {
    items.iter().filter(|i| i.status == Status::Due).map(|i| i.due_by).min()
}

/// 月探访率: (elders in the rate whose month is met, elders in the rate).
pub fn visit_rate<'a>(months: impl IntoIterator<Item = &'a MonthCompliance>) -> (usize, usize) {
    months
        .into_iter()
        .filter(|m| m.in_rate)
        .fold((0, 0), |(met, all), m| (met + usize::from(m.met), all + 1))
}

/// 探访覆盖率: (elders in the rate contacted in the month, elders in the rate). The same
/// denominator as [`visit_rate`]: elders under service on every day of the month.
pub fn contact_rate<'a>(months: impl IntoIterator<Item = &'a MonthCompliance>) -> (usize, usize) {
    months
        .into_iter()
        .filter(|m| m.in_rate)
        .fold((0, 0), |(contacted, all), m| {
            (contacted + usize::from(m.contacted), all + 1)
        })
}
