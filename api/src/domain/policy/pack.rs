//! The policy pack format and its loader. See `docs/policies.md` for the format, field by field.
//!
//! Loading checks everything a pack author can get wrong (syntax, unknown keys, unknown facts,
//! periods, modes or festivals, counts below 1, duplicate tier ids, no tiers, an id other than
//! the file's name, …) and refuses the pack with the file, the line and the reason:
//! `policies/linzi-2022.toml:14: unknown fact 'livng_alone'`.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::condition::Condition;
use super::facts::ElderFacts;
use super::visit_mode::VisitMode;
use crate::domain::festival::Festival;
use crate::domain::no_show::NoShowRule;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::training::TrainingRule;

/// A pack that cannot be loaded: which file, which line (1-based), and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pack}:{line}: {reason}")]
pub struct PackError {
    pub pack: String,
    pub line: usize,
    pub reason: String,
}

/// A tier's id inside its pack (`key`, `general`, `a`): stable, stored with raises.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TierId(String);

impl TierId {
    pub fn new(id: impl Into<String>) -> TierId {
        TierId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TierId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a requirement counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RequirementKind {
    /// Accepted visits whose mode the requirement accepts.
    Visit,
    /// Yearly risk assessments (风险等级评估, ningbo).
    RiskAssessment,
}

/// `count ≥ n` of `modes` per `per`, optionally by day `deadline_day` of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub kind: RequirementKind,
    pub count: u32,
    /// Empty for a risk-assessment requirement.
    pub modes: Vec<VisitMode>,
    pub per: PeriodKind,
    /// Day of the month by which the visits must be made (linzi: 20); later ones are late.
    pub deadline_day: Option<u32>,
}

impl Requirement {
    /// Whether a visit of `mode` counts: its mode is listed, or it was in person and the
    /// requirement accepts a phone or video contact.
    pub fn accepts(&self, mode: VisitMode) -> bool {
        self.kind == RequirementKind::Visit && mode_counts(&self.modes, mode)
    }

    /// The day by which `period`'s count must be reached: the deadline day or the last day.
    pub fn due_by(&self, period: &Period) -> NaiveDate {
        self.deadline_day.map_or(period.end, |n| period.deadline_day(n))
    }

    /// 每月至少上门探访 2 次 / 每月至少探访 1 次（任意方式，20 日前）.
    pub fn label_zh(&self) -> String {
        let what = match self.kind {
            RequirementKind::RiskAssessment => "风险等级评估".to_string(),
            RequirementKind::Visit if is_any_contact(&self.modes) => "探访（任意方式）".to_string(),
            RequirementKind::Visit => self.modes.iter().map(|m| m.label_zh()).collect::<Vec<_>>().join("或"),
        };
        let deadline = self.deadline_day.map(|n| format!("，{n} 日前完成")).unwrap_or_default();
        format!("每{}至少{what} {} 次{deadline}", self.per.label_zh(), self.count)
    }
}

/// Whether a visit of `mode` counts toward a requirement accepting `modes`: its mode is listed,
/// or it was in person and a phone or video contact is accepted (DOMAIN.md §3).
pub fn mode_counts(modes: &[VisitMode], mode: VisitMode) -> bool {
    modes.contains(&mode)
        || (mode == VisitMode::InPerson && (modes.contains(&VisitMode::Phone) || modes.contains(&VisitMode::Video)))
}

/// The four modes of a contact; "any mode" in DOMAIN.md §3.
pub const ANY_CONTACT: [VisitMode; 4] = [
    VisitMode::InPerson,
    VisitMode::Phone,
    VisitMode::Video,
    VisitMode::RemoteMonitoring,
];

pub(crate) fn is_any_contact(modes: &[VisitMode]) -> bool {
    ANY_CONTACT.iter().all(|m| modes.contains(m))
}

/// One tier (分类): who is in it and what they are owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub id: TierId,
    /// 重点 / 一般 / A类 …
    pub label: String,
    pub when: Condition,
    pub requirements: Vec<Requirement>,
}

/// Traditional festivals on which the pack's surge applies automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Festivals {
    pub on: Vec<Festival>,
    pub days_before: u32,
    pub days_after: u32,
}

/// The extra requirement a surge adds unless its declaration says otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurgeDefaults {
    /// The tiers it binds: every tier of the pack unless `[surge] tiers` lists some (neither
    /// yubei-2024 nor jiangmen-2024 limits a surge to a tier).
    pub tiers: Vec<TierId>,
    pub count: u32,
    pub modes: Vec<VisitMode>,
}

/// 上报周期 — how often the district hands its figures upward, as the source document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporting {
    /// The document states this cycle (yubei: half-yearly, in June and December; `reporting =
    /// "half_year"`).
    Stated(PeriodKind),
    /// The document states no cycle (`reporting = "none"`; emeishan enters its figures into the
    /// 三留守 system and the bureau spot-checks).
    NoneStated,
}

impl Reporting {
    /// The cycle the platform keeps the district's figures by, per reported period: the stated
    /// one, or — our decision where the document states none — [`Reporting::PLATFORM_CYCLE`].
    pub fn cycle(self) -> PeriodKind {
        match self {
            Reporting::Stated(kind) => kind,
            Reporting::NoneStated => Reporting::PLATFORM_CYCLE,
        }
    }

    /// Decision (docs/policies.md): where the document states no reporting cycle, the platform
    /// keeps figures by month, the period of the 月探访率 every seed measures.
    pub const PLATFORM_CYCLE: PeriodKind = PeriodKind::Month;
}

/// A district's policy pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPack {
    pub id: String,
    pub name: String,
    /// The document it transcribes (seed file, document number).
    pub source: String,
    /// The cycle of reports upward as the document states it (yubei: half-yearly, in June and
    /// December), or that it states none.
    pub reporting: Reporting,
    /// In order: the first whose condition holds is the elder's tier, so the strictest comes
    /// first and a raise can only move an elder towards the front.
    pub tiers: Vec<Tier>,
    pub festivals: Festivals,
    pub surge: SurgeDefaults,
    /// 计时规则: how accepted visits become time-bank minutes or service credit (`[hours]` over
    /// the platform's defaults).
    pub hours: crate::domain::ledger::PostingRules,
    /// The section of the document the `[hours]` rules transcribe; `None` when the pack has no
    /// `[hours]` and the platform's defaults apply.
    pub hours_source: Option<String>,
    /// 关账日 — a month's figures are reported, and the month closes, at the end of this day
    /// of the next month (`month_closes_on`; default [`DEFAULT_MONTH_CLOSES_ON`]).
    pub month_closes_on: u32,
    /// 失联 — when an elder counts as lost (`[lost_contact]`; default [`LostContact::platform_default`]).
    pub lost_contact: LostContact,
    /// 未到 — how many no-shows in how many days halve a visitor's capacity (`[no_shows]`;
    /// default [`NoShowRule::platform_default`]).
    pub no_shows: NoShowRule,
    /// 培训 — whether a visitor must have attended a training session before an in-person
    /// visit (`[training]`; default [`TrainingRule::platform_default`]: not required).
    pub training: TrainingRule,
    /// 表样 — the record, registration and ledger forms the district uses and what it hands in
    /// (`[forms]`; none named when absent).
    pub forms: crate::domain::export::DistrictForms,
    /// 服务项目 beyond the platform's seven the document names (`[care]`; none when absent).
    pub care: crate::domain::care::PackCare,
}

/// 失联规则 (DOMAIN.md §8) — which elders can be lost, and when: after `failed_attempts`
/// failed contact attempts in a row, or `days_without_contact` days with no successful contact
/// (a stored visit record). Applies to the elders whose tier is one of `tiers` and for whom
/// `when` holds (the living arrangement: `living_alone or urban_living_alone` by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostContact {
    pub tiers: Vec<TierId>,
    pub when: Condition,
    pub failed_attempts: u32,
    pub days_without_contact: u32,
    /// The section of the document this transcribes, or why it is a decision.
    pub source: String,
}

impl LostContact {
    /// Decision (DOMAIN.md §8; no seed states a threshold): 2 failed attempts in a row or 7
    /// days without a successful contact, for an elder living alone in the pack's first
    /// (strictest) tier — 重点 or A类.
    pub fn platform_default(tiers: &[Tier]) -> Result<LostContact, super::condition::ConditionError> {
        Ok(LostContact {
            tiers: tiers.first().map(|t| t.id.clone()).into_iter().collect(),
            when: Condition::parse(DEFAULT_LOST_WHEN)?,
            failed_attempts: 2,
            days_without_contact: 7,
            source: "decision: DOMAIN.md §8 default".to_string(),
        })
    }

    /// Whether the rule binds an elder of `tier` with `facts` (age `age`).
    pub fn binds(&self, tier: &TierId, facts: &ElderFacts, age: u32) -> bool {
        self.tiers.contains(tier) && self.when.eval(facts, age)
    }

    /// Whether an elder it binds is lost: `failed_in_a_row` attempts since the last successful
    /// contact, and `days_since_contact` whole days since it (or since entry, if none).
    pub fn is_lost(&self, failed_in_a_row: u32, days_since_contact: i64) -> bool {
        failed_in_a_row >= self.failed_attempts || days_since_contact >= i64::from(self.days_without_contact)
    }
}

/// Who can be lost by default: an elder living alone, rural or urban.
pub const DEFAULT_LOST_WHEN: &str = "living_alone or urban_living_alone";

/// Decision (no seed states a monthly reporting day; DOMAIN.md §7): a month closes at the end
/// of the 5th of the next month.
pub const DEFAULT_MONTH_CLOSES_ON: u32 = 5;

impl PolicyPack {
    /// 政策依据 — the document's title and clause from [`source`](Self::source), without the
    /// name of the seed file it was transcribed from (`seeds/001_….txt — 渝北民〔2024〕24号 …`).
    pub fn document(&self) -> &str {
        match self.source.split_once(" — ") {
            Some((file, title)) if file.starts_with("seeds/") => title,
            _ => &self.source,
        }
    }

    /// 报送截止 — the moment (district local time) `month` closes: the start of the day after
    /// its closing day in the next month.
    pub fn month_deadline(&self, month: crate::domain::period::Month) -> chrono::NaiveDateTime {
        let next = month.next().first_day();
        (next + chrono::TimeDelta::days(i64::from(self.month_closes_on))).and_time(chrono::NaiveTime::MIN)
    }
}

/// An organizer's written decision to put an elder in a higher tier than the file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierRaise {
    pub tier: TierId,
    /// The day the raise was decided. Its requirements apply to periods starting after it.
    pub raised_on: NaiveDate,
    pub reason: String,
}

/// The tier an elder holds on a day and the rule that put them there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierMatch {
    pub tier: TierId,
    pub label: String,
    /// The part of the tier's condition that held (`age >= 80 and living_alone`), or
    /// `上调：<reason>` for a raise.
    pub rule: String,
    pub raised: bool,
}

impl PolicyPack {
    pub fn tier(&self, id: &TierId) -> Option<&Tier> {
        self.tiers.iter().find(|t| &t.id == id)
    }

    fn rank(&self, id: &TierId) -> Option<usize> {
        self.tiers.iter().position(|t| &t.id == id)
    }

    /// The tier the file gives on `day` (age on that day), or a raise in force on that day if
    /// it is higher. `None` if no tier's condition holds (a pack whose last tier is `true`
    /// always gives one).
    pub fn tier_on(&self, facts: &ElderFacts, day: NaiveDate, raise: Option<&TierRaise>) -> Option<TierMatch> {
        self.tier_with(facts, day, raise.filter(|r| r.raised_on <= day))
    }

    /// The tier whose requirements apply to a period starting on `start`: the tier held on
    /// that day, where a raise counts only from the next period after the day it was made.
    pub fn tier_for_period(
        &self,
        facts: &ElderFacts,
        start: NaiveDate,
        raise: Option<&TierRaise>,
    ) -> Option<TierMatch> {
        self.tier_with(facts, start, raise.filter(|r| r.raised_on < start))
    }

    fn tier_with(&self, facts: &ElderFacts, day: NaiveDate, raise: Option<&TierRaise>) -> Option<TierMatch> {
        let facts = facts.as_of(day);
        let age = facts.age_on(day);
        let derived = self.tiers.iter().enumerate().find_map(|(rank, tier)| {
            tier.when.explain(&facts, age).map(|rule| {
                (
                    rank,
                    TierMatch {
                        tier: tier.id.clone(),
                        label: tier.label.clone(),
                        rule,
                        raised: false,
                    },
                )
            })
        });
        let raised = raise.and_then(|r| {
            let rank = self.rank(&r.tier)?;
            let tier = self.tiers.get(rank)?;
            Some((
                rank,
                TierMatch {
                    tier: tier.id.clone(),
                    label: tier.label.clone(),
                    rule: format!("上调：{}", r.reason),
                    raised: true,
                },
            ))
        });
        match (derived, raised) {
            (Some(d), Some(r)) if r.0 < d.0 => Some(r.1),
            (None, Some(r)) => Some(r.1),
            (d, _) => d.map(|d| d.1),
        }
    }

    /// Loads a pack; `file` names it in errors (`policies/linzi-2022.toml`).
    pub fn parse(file: &str, text: &str) -> Result<PolicyPack, PackError> {
        Loader { file, text }.load()
    }
}

// ----- the file as written -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    id: Spanned<String>,
    name: Spanned<String>,
    source: String,
    reporting: Spanned<String>,
    #[serde(default)]
    tier: Vec<RawTier>,
    festivals: Option<RawFestivals>,
    surge: Option<RawSurge>,
    hours: Option<RawHours>,
    month_closes_on: Option<Spanned<u32>>,
    lost_contact: Option<RawLostContact>,
    no_shows: Option<RawNoShows>,
    training: Option<RawTraining>,
    forms: Option<RawForms>,
    care: Option<RawCare>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCare {
    /// The document's words naming the care (its list, quoted).
    source: Spanned<String>,
    /// The names, as the document writes them.
    kinds: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForms {
    /// The document's words naming the forms (its 附件 list, the hand-in sentence).
    source: Spanned<String>,
    ledger: Option<Spanned<String>>,
    registration: Option<Spanned<String>>,
    record: Option<Spanned<String>>,
    hand_in_months: Option<Spanned<Vec<Spanned<i64>>>>,
    hand_in: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLostContact {
    source: Spanned<String>,
    tiers: Option<Spanned<Vec<Spanned<String>>>>,
    when: Option<Spanned<String>>,
    failed_attempts: Option<Spanned<i64>>,
    days_without_contact: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNoShows {
    /// The document's words on volunteers who do not come, or why the values are a decision.
    source: Spanned<String>,
    limit: Option<Spanned<i64>>,
    days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTraining {
    /// The document's words on training, or why the value is a decision.
    source: Spanned<String>,
    before_first_in_person: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    /// The section of the document that speaks of hours (时间银行, 志愿服务计学分).
    source: Spanned<String>,
    /// visitor kind → book (`time_bank`, `service_credit`, or `none`); a kind left out keeps
    /// the platform's default book.
    books: Option<Spanned<std::collections::BTreeMap<String, String>>>,
    round_up_to_minutes: Option<Spanned<i64>>,
    max_minutes_per_visit: Option<Spanned<i64>>,
    yearly_cap_minutes: Option<Spanned<i64>>,
    /// The care beyond visits that earns time (`haircut`, `meals`, …: `domain::care::CareKind`;
    /// or a name `[care] kinds` lists).
    services: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    id: Spanned<String>,
    label: Spanned<String>,
    when: Spanned<String>,
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    require: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    count: Spanned<i64>,
    kind: Option<Spanned<String>>,
    modes: Option<Spanned<Vec<Spanned<String>>>>,
    per: Spanned<String>,
    deadline_day: Option<Spanned<i64>>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFestivals {
    on: Vec<Spanned<String>>,
    days_before: Spanned<i64>,
    days_after: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurge {
    tiers: Option<Spanned<Vec<Spanned<String>>>>,
    count: Spanned<i64>,
    modes: Spanned<Vec<Spanned<String>>>,
}

const MAX_COUNT: i64 = 100;
const MAX_FESTIVAL_DAYS: i64 = 15;

struct Loader<'a> {
    file: &'a str,
    text: &'a str,
}

impl Loader<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes().iter().take(end).filter(|b| **b == b'\n').count() + 1
    }

    fn error(&self, span: Range<usize>, reason: impl Into<String>) -> PackError {
        PackError {
            pack: self.file.to_string(),
            line: self.line_of(span.start),
            reason: reason.into(),
        }
    }

    fn load(&self) -> Result<PolicyPack, PackError> {
        let raw: RawPack = toml::from_str(self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            self.error(span, e.message().trim().to_string())
        })?;

        let id = raw.id.get_ref();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(self.error(
                raw.id.span(),
                format!("pack id '{id}' must be lowercase letters, digits and '-'"),
            ));
        }
        let file_name = self.file.rsplit('/').next().unwrap_or_default();
        if file_name.strip_suffix(".toml") != Some(id.as_str()) {
            return Err(self.error(
                raw.id.span(),
                format!("pack id '{id}' must match the file name ({file_name})"),
            ));
        }
        if raw.name.get_ref().trim().is_empty() {
            return Err(self.error(raw.name.span(), "the pack needs a name"));
        }
        let reporting = if raw.reporting.get_ref() == "none" {
            Reporting::NoneStated
        } else {
            Reporting::Stated(self.period(&raw.reporting)?)
        };
        if raw.tier.is_empty() {
            return Err(self.error(0..0, "the pack declares no tiers: add at least one [[tier]]"));
        }

        let mut tiers: Vec<Tier> = Vec::new();
        for raw_tier in &raw.tier {
            tiers.push(self.tier(raw_tier, &tiers)?);
        }
        let festivals = match &raw.festivals {
            None => Festivals {
                on: vec![],
                days_before: 0,
                days_after: 0,
            },
            Some(f) => self.festivals(f)?,
        };
        let surge = match &raw.surge {
            None => SurgeDefaults {
                tiers: tiers.iter().map(|t| t.id.clone()).collect(),
                count: 1,
                modes: ANY_CONTACT.to_vec(),
            },
            Some(s) => self.surge(s, &tiers)?,
        };
        let care = self.care(raw.care.as_ref())?;
        let (hours, hours_source) = match &raw.hours {
            None => (crate::domain::ledger::PostingRules::default(), None),
            Some(h) => {
                if h.source.get_ref().trim().is_empty() {
                    return Err(self.error(
                        h.source.span(),
                        "[hours] source must name the section of the document that speaks of hours",
                    ));
                }
                (self.hours(h, &care)?, Some(h.source.get_ref().clone()))
            }
        };
        let month_closes_on = match &raw.month_closes_on {
            None => DEFAULT_MONTH_CLOSES_ON,
            Some(day) if (1..=28).contains(day.get_ref()) => *day.get_ref(),
            Some(day) => return Err(self.error(day.span(), "month_closes_on must be a day of the month from 1 to 28")),
        };
        let lost_contact = self.lost_contact(raw.lost_contact.as_ref(), &tiers)?;
        let no_shows = self.no_shows(raw.no_shows.as_ref())?;
        let training = self.training(raw.training.as_ref())?;
        Ok(PolicyPack {
            id: id.clone(),
            name: raw.name.get_ref().clone(),
            source: raw.source.clone(),
            reporting,
            tiers,
            festivals,
            surge,
            hours,
            hours_source,
            month_closes_on,
            lost_contact,
            no_shows,
            training,
            forms: self.forms(raw.forms.as_ref())?,
            care,
        })
    }

    fn care(&self, raw: Option<&RawCare>) -> Result<crate::domain::care::PackCare, PackError> {
        use crate::domain::care::{check_pack_kinds, PackCare};
        let Some(raw) = raw else {
            return Ok(PackCare::default());
        };
        if raw.source.get_ref().trim().is_empty() {
            return Err(self.error(raw.source.span(), "[care] needs the document's words in `source`"));
        }
        check_pack_kinds(raw.kinds.get_ref()).map_err(|e| self.error(raw.kinds.span(), e.to_string()))?;
        Ok(PackCare {
            source: Some(raw.source.get_ref().clone()),
            kinds: raw.kinds.get_ref().clone(),
        })
    }

    fn forms(&self, raw: Option<&RawForms>) -> Result<crate::domain::export::DistrictForms, PackError> {
        use crate::domain::export::{DistrictForms, FormCode, FormKind, HandIn};
        let Some(raw) = raw else {
            return Ok(DistrictForms::default());
        };
        if raw.source.get_ref().trim().is_empty() {
            return Err(self.error(raw.source.span(), "[forms] needs the document's words in `source`"));
        }
        let code = |value: &Spanned<String>| -> Result<FormCode, PackError> {
            FormCode::parse_code(value.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = FormCode::ALL.iter().map(|f| f.as_str()).collect();
                self.error(
                    value.span(),
                    format!("unknown form '{}' (known: {})", value.get_ref(), known.join(", ")),
                )
            })
        };
        let of_kind =
            |value: Option<&Spanned<String>>, kind: FormKind, what: &str| -> Result<Option<FormCode>, PackError> {
                let Some(value) = value else { return Ok(None) };
                let form = code(value)?;
                if form.kind() != kind {
                    return Err(self.error(value.span(), format!("'{}' is not a {what} form", value.get_ref())));
                }
                Ok(Some(form))
            };
        let ledger = of_kind(raw.ledger.as_ref(), FormKind::Ledger, "ledger")?;
        let registration = of_kind(raw.registration.as_ref(), FormKind::Registration, "registration")?;
        let record = of_kind(raw.record.as_ref(), FormKind::Record, "record")?;
        let hand_in = match (&raw.hand_in, &raw.hand_in_months) {
            (None, None) => None,
            (Some(files), Some(months)) => {
                let mut codes = Vec::new();
                for file in files.get_ref() {
                    let form = code(file)?;
                    if codes.contains(&form) {
                        return Err(self.error(file.span(), format!("'{}' is named twice", file.get_ref())));
                    }
                    codes.push(form);
                }
                if codes.is_empty() {
                    return Err(self.error(files.span(), "hand_in names no form"));
                }
                let mut list = Vec::new();
                for month in months.get_ref() {
                    let m = u32::try_from(*month.get_ref()).ok().filter(|m| (1..=12).contains(m));
                    let Some(m) = m else {
                        return Err(self.error(month.span(), "a hand-in month is 1 to 12"));
                    };
                    list.push(m);
                }
                if list.is_empty() {
                    return Err(self.error(months.span(), "hand_in_months names no month"));
                }
                Some(HandIn {
                    months: list,
                    files: codes,
                })
            }
            (Some(files), None) => return Err(self.error(files.span(), "hand_in needs hand_in_months")),
            (None, Some(months)) => return Err(self.error(months.span(), "hand_in_months needs hand_in")),
        };
        Ok(DistrictForms {
            source: Some(raw.source.get_ref().clone()),
            ledger,
            registration,
            record,
            hand_in,
        })
    }

    fn training(&self, raw: Option<&RawTraining>) -> Result<TrainingRule, PackError> {
        let Some(raw) = raw else {
            return Ok(TrainingRule::platform_default());
        };
        if raw.source.get_ref().trim().is_empty() {
            return Err(self.error(
                raw.source.span(),
                "[training] source must quote the document or say why it is a decision",
            ));
        }
        Ok(TrainingRule {
            before_first_in_person: raw.before_first_in_person.unwrap_or(false),
            source: raw.source.get_ref().clone(),
        })
    }

    fn no_shows(&self, raw: Option<&RawNoShows>) -> Result<NoShowRule, PackError> {
        let mut rule = NoShowRule::platform_default();
        let Some(raw) = raw else { return Ok(rule) };
        if raw.source.get_ref().trim().is_empty() {
            return Err(self.error(
                raw.source.span(),
                "[no_shows] source must quote the document or say why it is a decision",
            ));
        }
        rule.source = raw.source.get_ref().clone();
        let within = |value: &Option<Spanned<i64>>, name: &str, max: i64| -> Result<Option<u32>, PackError> {
            match value {
                Some(v) => match u32::try_from(*v.get_ref()) {
                    Ok(n) if (1..=max).contains(v.get_ref()) => Ok(Some(n)),
                    _ => Err(self.error(v.span(), format!("[no_shows] {name} must be 1..={max}"))),
                },
                None => Ok(None),
            }
        };
        if let Some(n) = within(&raw.limit, "limit", 20)? {
            rule.limit = n;
        }
        if let Some(n) = within(&raw.days, "days", 366)? {
            rule.days = n;
        }
        Ok(rule)
    }

    fn lost_contact(&self, raw: Option<&RawLostContact>, tiers: &[Tier]) -> Result<LostContact, PackError> {
        let mut rule = LostContact::platform_default(tiers).map_err(|e| self.error(0..0, e.to_string()))?;
        let Some(raw) = raw else { return Ok(rule) };
        if raw.source.get_ref().trim().is_empty() {
            return Err(self.error(
                raw.source.span(),
                "[lost_contact] source must quote the document or say why it is a decision",
            ));
        }
        rule.source = raw.source.get_ref().clone();
        if let Some(listed) = &raw.tiers {
            let mut ids = Vec::new();
            for t in listed.get_ref() {
                if !tiers.iter().any(|tier| tier.id.as_str() == t.get_ref()) {
                    return Err(self.error(t.span(), format!("[lost_contact] names unknown tier '{}'", t.get_ref())));
                }
                if ids.iter().any(|id: &TierId| id.as_str() == t.get_ref()) {
                    return Err(self.error(t.span(), format!("tier '{}' is listed twice", t.get_ref())));
                }
                ids.push(TierId::new(t.get_ref().clone()));
            }
            rule.tiers = ids;
        }
        if let Some(when) = &raw.when {
            rule.when = self.condition(when)?;
        }
        let positive = |value: &Option<Spanned<i64>>, name: &str, max: i64| -> Result<Option<u32>, PackError> {
            match value {
                Some(v) => match u32::try_from(*v.get_ref()) {
                    Ok(n) if (1..=max).contains(v.get_ref()) => Ok(Some(n)),
                    _ => Err(self.error(v.span(), format!("[lost_contact] {name} must be 1..={max}"))),
                },
                None => Ok(None),
            }
        };
        if let Some(n) = positive(&raw.failed_attempts, "failed_attempts", 20)? {
            rule.failed_attempts = n;
        }
        if let Some(n) = positive(&raw.days_without_contact, "days_without_contact", 90)? {
            rule.days_without_contact = n;
        }
        Ok(rule)
    }

    fn hours(
        &self,
        raw: &RawHours,
        care: &crate::domain::care::PackCare,
    ) -> Result<crate::domain::ledger::PostingRules, PackError> {
        use crate::domain::access::VisitorKind;
        use crate::domain::care::{Care, CareKind};
        use crate::domain::ledger::{Book, PostingRules};
        let mut rules = PostingRules::default();
        if let Some(books) = &raw.books {
            for (kind, book) in books.get_ref() {
                let kind = VisitorKind::parse_code(kind)
                    .ok_or_else(|| self.error(books.span(), format!("[hours] books: unknown visitor kind '{kind}'")))?;
                let book = match book.as_str() {
                    "none" => None,
                    code => Some(
                        Book::parse_code(code)
                            .ok_or_else(|| self.error(books.span(), format!("[hours] books: unknown book '{code}'")))?,
                    ),
                };
                rules.books.retain(|(k, _)| *k != kind);
                rules.books.extend(book.map(|b| (kind, b)));
            }
        }
        let minutes = |value: &Option<Spanned<i64>>, name: &str, max: i64| -> Result<Option<i64>, PackError> {
            match value {
                Some(v) if !(1..=max).contains(v.get_ref()) => {
                    Err(self.error(v.span(), format!("[hours] {name} must be 1..={max} minutes")))
                }
                Some(v) => Ok(Some(*v.get_ref())),
                None => Ok(None),
            }
        };
        if let Some(step) = minutes(&raw.round_up_to_minutes, "round_up_to_minutes", 60)? {
            rules.round_up_to_minutes = step;
        }
        if let Some(max) = minutes(&raw.max_minutes_per_visit, "max_minutes_per_visit", 720)? {
            rules.max_minutes_per_visit = max;
        }
        rules.yearly_cap_minutes = minutes(&raw.yearly_cap_minutes, "yearly_cap_minutes", 366 * 24 * 60)?;
        if let Some(services) = &raw.services {
            for code in services.get_ref() {
                let care = match CareKind::parse_code(code) {
                    Some(kind) => Care::Kind(kind),
                    None if care.kinds.contains(code) => Care::Listed(code.clone()),
                    None => {
                        return Err(self.error(
                            services.span(),
                            format!("[hours] services: unknown service '{code}' (neither a platform kind nor one [care] kinds lists)"),
                        ))
                    }
                };
                if rules.care_kinds.contains(&care) {
                    return Err(self.error(services.span(), format!("[hours] services: '{code}' is listed twice")));
                }
                rules.care_kinds.push(care);
            }
        }
        Ok(rules)
    }

    fn tier(&self, raw: &RawTier, earlier: &[Tier]) -> Result<Tier, PackError> {
        let id = raw.id.get_ref();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(self.error(
                raw.id.span(),
                format!("tier id '{id}' must be lowercase letters, digits and '_'"),
            ));
        }
        if earlier.iter().any(|t| t.id.as_str() == id) {
            return Err(self.error(raw.id.span(), format!("duplicate tier id '{id}'")));
        }
        if raw.label.get_ref().trim().is_empty() {
            return Err(self.error(raw.label.span(), format!("tier '{id}' needs a label")));
        }
        let when = self.condition(&raw.when)?;
        if raw.require.is_empty() {
            return Err(self.error(
                raw.id.span(),
                format!("tier '{id}' has no requirements: add at least one [[tier.require]]"),
            ));
        }
        let requirements = raw
            .require
            .iter()
            .map(|r| self.requirement(r))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Tier {
            id: TierId::new(id.clone()),
            label: raw.label.get_ref().clone(),
            when,
            requirements,
        })
    }

    /// Parses a condition; an error points at the line of the offending word when the string
    /// appears verbatim in the file (no escapes), else at the line where the string starts.
    fn condition(&self, raw: &Spanned<String>) -> Result<Condition, PackError> {
        Condition::parse(raw.get_ref()).map_err(|e| {
            let span = raw.span();
            let source = self.text.get(span.clone()).unwrap_or("");
            let at = source
                .find(raw.get_ref().as_str())
                .map_or(span.start, |start| span.start + start + e.offset);
            self.error(at..at, format!("{} in `when = \"{}\"`", e.reason, raw.get_ref().trim()))
        })
    }

    fn count(&self, raw: &Spanned<i64>) -> Result<u32, PackError> {
        let n = *raw.get_ref();
        if !(1..=MAX_COUNT).contains(&n) {
            return Err(self.error(raw.span(), format!("count must be between 1 and {MAX_COUNT}, not {n}")));
        }
        u32::try_from(n).map_err(|_| self.error(raw.span(), "count out of range"))
    }

    fn period(&self, raw: &Spanned<String>) -> Result<PeriodKind, PackError> {
        PeriodKind::parse_code(raw.get_ref()).ok_or_else(|| {
            let known: Vec<&str> = PeriodKind::ALL.iter().map(|k| k.as_str()).collect();
            self.error(
                raw.span(),
                format!("unknown period '{}' (use one of: {})", raw.get_ref(), known.join(", ")),
            )
        })
    }

    fn modes(&self, raw: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<VisitMode>, PackError> {
        let mut modes = Vec::new();
        for m in raw.get_ref() {
            let mode = VisitMode::parse_code(m.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = VisitMode::ALL.iter().map(|k| k.as_str()).collect();
                self.error(
                    m.span(),
                    format!(
                        "unknown visit mode '{}' (use one of: {})",
                        m.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            if modes.contains(&mode) {
                return Err(self.error(m.span(), format!("visit mode '{}' is listed twice", m.get_ref())));
            }
            modes.push(mode);
        }
        Ok(modes)
    }

    fn requirement(&self, raw: &RawRequirement) -> Result<Requirement, PackError> {
        let count = self.count(&raw.count)?;
        let per = self.period(&raw.per)?;
        let kind = match &raw.kind {
            None => RequirementKind::Visit,
            Some(k) => match k.get_ref().as_str() {
                "visit" => RequirementKind::Visit,
                "risk_assessment" => RequirementKind::RiskAssessment,
                other => {
                    return Err(self.error(
                        k.span(),
                        format!("unknown requirement kind '{other}' (use visit or risk_assessment)"),
                    ))
                }
            },
        };
        let modes = match (&raw.modes, kind) {
            (Some(modes), RequirementKind::RiskAssessment) => {
                return Err(self.error(modes.span(), "a risk_assessment requirement takes no modes"));
            }
            (None, RequirementKind::RiskAssessment) => vec![],
            (None, RequirementKind::Visit) => {
                return Err(self.error(raw.count.span(), "a visit requirement needs modes = [...]"));
            }
            (Some(modes), RequirementKind::Visit) => {
                let parsed = self.modes(modes)?;
                if parsed.is_empty() {
                    return Err(self.error(modes.span(), "modes = [] accepts nothing: list at least one mode"));
                }
                parsed
            }
        };
        let deadline_day = match &raw.deadline_day {
            None => None,
            Some(d) => {
                if per != PeriodKind::Month {
                    return Err(self.error(d.span(), "deadline_day is only allowed with per = \"month\""));
                }
                let n = *d.get_ref();
                if !(1..=28).contains(&n) {
                    return Err(self.error(d.span(), format!("deadline_day must be between 1 and 28, not {n}")));
                }
                u32::try_from(n).ok()
            }
        };
        Ok(Requirement {
            kind,
            count,
            modes,
            per,
            deadline_day,
        })
    }

    fn festivals(&self, raw: &RawFestivals) -> Result<Festivals, PackError> {
        let mut on = Vec::new();
        for f in &raw.on {
            let festival = Festival::parse_code(f.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = Festival::ALL.iter().map(|k| k.as_str()).collect();
                self.error(
                    f.span(),
                    format!("unknown festival '{}' (use one of: {})", f.get_ref(), known.join(", ")),
                )
            })?;
            if on.contains(&festival) {
                return Err(self.error(f.span(), format!("festival '{}' is listed twice", f.get_ref())));
            }
            on.push(festival);
        }
        let days = |d: &Spanned<i64>| {
            let n = *d.get_ref();
            if (0..=MAX_FESTIVAL_DAYS).contains(&n) {
                u32::try_from(n).map_err(|_| self.error(d.span(), "out of range"))
            } else {
                Err(self.error(
                    d.span(),
                    format!("festival window days must be between 0 and {MAX_FESTIVAL_DAYS}, not {n}"),
                ))
            }
        };
        Ok(Festivals {
            on,
            days_before: days(&raw.days_before)?,
            days_after: days(&raw.days_after)?,
        })
    }

    fn surge(&self, raw: &RawSurge, tiers: &[Tier]) -> Result<SurgeDefaults, PackError> {
        let surge_tiers = match &raw.tiers {
            // No limit: a surge binds every elder under service in its area.
            None => tiers.iter().map(|t| t.id.clone()).collect(),
            Some(listed) => {
                let mut ids = BTreeSet::new();
                let mut surge_tiers = Vec::new();
                for t in listed.get_ref() {
                    if !tiers.iter().any(|tier| tier.id.as_str() == t.get_ref()) {
                        return Err(self.error(t.span(), format!("surge names unknown tier '{}'", t.get_ref())));
                    }
                    if !ids.insert(t.get_ref().clone()) {
                        return Err(self.error(t.span(), format!("tier '{}' is listed twice", t.get_ref())));
                    }
                    surge_tiers.push(TierId::new(t.get_ref().clone()));
                }
                surge_tiers
            }
        };
        let modes = self.modes(&raw.modes)?;
        if modes.is_empty() {
            return Err(self.error(raw.modes.span(), "a surge needs modes = [...]"));
        }
        Ok(SurgeDefaults {
            tiers: surge_tiers,
            count: self.count(&raw.count)?,
            modes,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const MINIMAL: &str = r#"id = "sixth-2026"
name = "第六区"
source = "test"
reporting = "month"

[[tier]]
id = "key"
label = "重点"
when = "impaired or (age >= 80 and living_alone)"

  [[tier.require]]
  count = 1
  modes = ["in_person"]
  per = "half_month"

[[tier]]
id = "general"
label = "一般"
when = "true"

  [[tier.require]]
  count = 1
  modes = ["phone", "video"]
  per = "month"
  deadline_day = 20

[festivals]
on = ["double_ninth"]
days_before = 3
days_after = 0

[surge]
tiers = ["key"]
count = 1
modes = ["in_person", "phone"]
"#;

    fn load(text: &str) -> Result<PolicyPack, PackError> {
        PolicyPack::parse("policies/sixth-2026.toml", text)
    }

    /// `MINIMAL` with the first occurrence of `from` replaced by `to`.
    fn broken(from: &str, to: &str) -> String {
        assert!(MINIMAL.contains(from), "{from}");
        load(&MINIMAL.replacen(from, to, 1)).unwrap_err().to_string()
    }

    #[test]
    fn lost_contact_defaults_to_two_attempts_or_seven_days_for_the_first_tier_living_alone() {
        use crate::domain::policy::facts::tests::d;
        use crate::domain::policy::Fact;
        let pack = load(MINIMAL).unwrap();
        let rule = &pack.lost_contact;
        assert_eq!((rule.failed_attempts, rule.days_without_contact), (2, 7));
        assert_eq!(rule.tiers, vec![TierId::new("key")]);
        let alone = ElderFacts::new(d("1940-01-01"), [Fact::LivingAlone]);
        let with_family = ElderFacts::new(d("1940-01-01"), []);
        assert!(rule.binds(&TierId::new("key"), &alone, 86));
        assert!(!rule.binds(&TierId::new("key"), &with_family, 86));
        assert!(!rule.binds(&TierId::new("general"), &alone, 86));
        assert!(!rule.is_lost(1, 6));
        assert!(rule.is_lost(2, 0));
        assert!(rule.is_lost(0, 7));
    }

    #[test]
    fn a_lost_contact_section_is_checked() {
        let with = |section: &str| load(&format!("{MINIMAL}\n[lost_contact]\n{section}\n"));
        let rule = with("source = \"decision\"\ntiers = [\"general\"]\nfailed_attempts = 3\ndays_without_contact = 14")
            .unwrap()
            .lost_contact;
        assert_eq!((rule.failed_attempts, rule.days_without_contact), (3, 14));
        assert_eq!(rule.tiers, vec![TierId::new("general")]);
        let err = with("source = \"decision\"\ntiers = [\"nobody\"]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown tier 'nobody'"), "{err}");
        let err = with("source = \"decision\"\nfailed_attempts = 0")
            .unwrap_err()
            .to_string();
        assert!(err.contains("failed_attempts must be 1..=20"), "{err}");
        let err = with("source = \" \"").unwrap_err().to_string();
        assert!(err.contains("source"), "{err}");
        assert!(with("tiers = [\"key\"]").is_err(), "source is required");
    }

    #[test]
    fn no_shows_default_to_two_in_ninety_days_and_a_section_is_checked() {
        let rule = load(MINIMAL).unwrap().no_shows;
        assert_eq!((rule.limit, rule.days), (2, 90));
        let with = |section: &str| load(&format!("{MINIMAL}\n[no_shows]\n{section}\n"));
        let rule = with("source = \"decision\"\nlimit = 3\ndays = 60").unwrap().no_shows;
        assert_eq!((rule.limit, rule.days, rule.source.as_str()), (3, 60, "decision"));
        let err = with("source = \"decision\"\nlimit = 0").unwrap_err().to_string();
        assert!(err.contains("[no_shows] limit must be 1..=20"), "{err}");
        let err = with("source = \"decision\"\ndays = 400").unwrap_err().to_string();
        assert!(err.contains("[no_shows] days must be 1..=366"), "{err}");
        assert!(with("limit = 2").is_err(), "source is required");
        assert!(
            with("source = \"decision\"\nweeks = 2").is_err(),
            "unknown keys are refused"
        );
    }

    #[test]
    fn training_is_not_required_unless_a_section_says_so() {
        assert!(!load(MINIMAL).unwrap().training.before_first_in_person);
        let with = |section: &str| load(&format!("{MINIMAL}\n[training]\n{section}\n"));
        let rule = with("source = \"要组织开展业务培训\"\nbefore_first_in_person = true")
            .unwrap()
            .training;
        assert!(rule.before_first_in_person);
        assert_eq!(rule.source, "要组织开展业务培训");
        assert!(!with("source = \"decision\"").unwrap().training.before_first_in_person);
        let err = with("source = \" \"\nbefore_first_in_person = true")
            .unwrap_err()
            .to_string();
        assert!(err.contains("[training] source"), "{err}");
        assert!(with("before_first_in_person = true").is_err(), "source is required");
        assert!(with("source = \"d\"\nhours = 2").is_err(), "unknown keys are refused");
    }

    #[test]
    fn a_packs_further_care_kinds_are_checked_and_may_earn_time() {
        use crate::domain::care::{Care, CareKind};
        let with = |care: &str, services: &str| {
            load(&format!(
                "{MINIMAL}\n[care]\nsource = \"二（七）\"\n{care}\n[hours]\nsource = \"第五条\"\n{services}\n"
            ))
        };
        let refused = |care: &str, services: &str| with(care, services).unwrap_err().to_string();

        // Listed, in the pack's order; [hours] services names a platform kind by its code and
        // a listed kind by its name, and only those earn time.
        let pack = with(
            "kinds = [\"心理疏导\", \"家庭关系调适\"]",
            "services = [\"meals\", \"家庭关系调适\"]",
        )
        .unwrap();
        assert_eq!(pack.care.kinds, ["心理疏导", "家庭关系调适"]);
        assert_eq!(pack.care.source.as_deref(), Some("二（七）"));
        assert!(pack.hours.earns_time(&Care::Listed("家庭关系调适".into())));
        assert!(pack.hours.earns_time(&Care::Kind(CareKind::Meals)));
        assert!(!pack.hours.earns_time(&Care::Listed("心理疏导".into())));
        assert!(!pack.hours.earns_time(&Care::Kind(CareKind::Haircut)));
        // Without [care] a pack lists none.
        assert!(load(MINIMAL).unwrap().care.kinds.is_empty());

        // Empty, blank, twice, or a platform kind under its name or its code: refused, with
        // the line of the list.
        assert_eq!(
            refused("kinds = []", ""),
            "policies/sixth-2026.toml:39: [care] kinds must list at least one kind"
        );
        assert!(refused("kinds = [\" 心理疏导\"]", "").contains("blank or has spaces"));
        assert!(refused("kinds = [\"\"]", "").contains("blank or has spaces"));
        assert!(
            refused("kinds = [\"心理疏导\", \"代际沟通\", \"心理疏导\"]", "").contains("'心理疏导' is listed twice")
        );
        assert!(refused("kinds = [\"送餐\"]", "").contains("'送餐' is one of the platform's kinds"));
        assert!(refused("kinds = [\"haircut\"]", "").contains("'haircut' is one of the platform's kinds"));
        assert!(refused(&format!("kinds = [\"{}\"]", "调".repeat(17)), "").contains("longer than 16"));
        // The words quoted are required.
        let blank = load(&format!("{MINIMAL}\n[care]\nsource = \" \"\nkinds = [\"心理疏导\"]\n"));
        assert!(blank
            .unwrap_err()
            .to_string()
            .contains("[care] needs the document's words"));
        // [hours] services names only kinds that exist, each once.
        let unknown = refused("kinds = [\"心理疏导\"]", "services = [\"情绪疏解\"]");
        assert!(
            unknown.contains("[hours] services: unknown service '情绪疏解'"),
            "{unknown}"
        );
        let twice = refused("kinds = [\"心理疏导\"]", "services = [\"心理疏导\", \"心理疏导\"]");
        assert!(twice.contains("'心理疏导' is listed twice"), "{twice}");
        let unlisted = load(&format!(
            "{MINIMAL}\n[hours]\nsource = \"第五条\"\nservices = [\"心理疏导\"]\n"
        ));
        assert!(unlisted.is_err(), "a name no [care] lists does not earn time");
    }

    #[test]
    fn the_minimal_pack_loads() {
        let pack = load(MINIMAL).unwrap();
        assert_eq!(pack.id, "sixth-2026");
        assert_eq!(pack.reporting, Reporting::Stated(PeriodKind::Month));
        assert_eq!(pack.tiers.len(), 2);
        assert_eq!(pack.tiers[1].requirements[0].deadline_day, Some(20));
        assert_eq!(pack.festivals.on, vec![Festival::DoubleNinth]);
        assert_eq!(pack.surge.modes, vec![VisitMode::InPerson, VisitMode::Phone]);
        assert_eq!(
            pack.tiers[1].requirements[0].label_zh(),
            "每月至少电话问候或音视频 1 次，20 日前完成"
        );
    }

    #[test]
    fn no_stated_reporting_unlimited_surges_and_cited_hours() {
        use crate::domain::access::VisitorKind;
        use crate::domain::ledger::Book;
        let text = MINIMAL
            .replacen("reporting = \"month\"", "reporting = \"none\"", 1)
            .replacen("tiers = [\"key\"]\n", "", 1);
        let pack = load(&text).unwrap();
        assert_eq!(pack.reporting, Reporting::NoneStated);
        assert_eq!(pack.reporting.cycle(), Reporting::PLATFORM_CYCLE);
        assert_eq!(pack.surge.tiers, vec![TierId::new("key"), TierId::new("general")]);
        assert_eq!((pack.hours_source, pack.hours.credited(35)), (None, 35));
        let no_surge = load(MINIMAL.split("[surge]").next().unwrap()).unwrap();
        assert_eq!(no_surge.surge.tiers, pack.surge.tiers, "every tier without [surge]");

        let hours = format!(
            "{MINIMAL}\n[hours]\nsource = \"第五条\"\nbooks = {{ student = \"none\", professional = \"time_bank\" }}\nround_up_to_minutes = 15\n"
        );
        let pack = load(&hours).unwrap();
        assert_eq!(pack.hours_source.as_deref(), Some("第五条"));
        let books: Vec<Option<Book>> = VisitorKind::ALL.iter().map(|k| pack.hours.book_for(*k)).collect();
        assert_eq!(
            books,
            vec![Some(Book::TimeBank), None, Some(Book::TimeBank), Some(Book::TimeBank)],
            "{:?}",
            VisitorKind::ALL
        );
        assert_eq!(pack.hours.credited(35), 45, "rounded where the pack says so");
        assert!(pack.hours.care_kinds.is_empty(), "no service earns time unless listed");
        let services = hours.replacen("round_up_to_minutes = 15", "services = [\"meals\", \"haircut\"]", 1);
        assert_eq!(
            load(&services).unwrap().hours.care_kinds,
            vec![
                crate::domain::care::Care::Kind(crate::domain::care::CareKind::Meals),
                crate::domain::care::Care::Kind(crate::domain::care::CareKind::Haircut)
            ]
        );
        let unknown = hours.replacen("round_up_to_minutes = 15", "services = [\"massage\"]", 1);
        assert!(
            load(&unknown)
                .unwrap_err()
                .to_string()
                .contains("[hours] services: unknown service 'massage'"),
            "{unknown}"
        );
        let uncited = hours.replacen("source = \"第五条\"\n", "", 1);
        assert!(
            load(&uncited)
                .unwrap_err()
                .to_string()
                .contains("missing field `source`"),
            "{uncited}"
        );
        let blank = hours.replacen("第五条", " ", 1);
        assert_eq!(
            load(&blank).unwrap_err().to_string(),
            "policies/sixth-2026.toml:38: [hours] source must name the section of the document that speaks of hours"
        );
    }

    #[test]
    fn a_bad_condition_is_refused_with_its_line() {
        assert_eq!(
            broken("when = \"impaired or", "when = \"impared or"),
            "policies/sixth-2026.toml:9: unknown fact 'impared' in `when = \"impared or (age >= 80 and living_alone)\"`"
        );
        assert_eq!(
            broken("living_alone)\"", "living_alone\""),
            "policies/sixth-2026.toml:9: expected ')' but found the end of the condition \
             in `when = \"impaired or (age >= 80 and living_alone\"`"
        );
    }

    #[test]
    fn a_multi_line_condition_points_at_the_offending_line() {
        let text = MINIMAL.replacen(
            "when = \"impaired or (age >= 80 and living_alone)\"",
            "when = \"\"\"\nimpaired\nor (age >= 80 and livng_alone)\n\"\"\"",
            1,
        );
        let e = load(&text).unwrap_err();
        assert_eq!((e.line, e.reason.starts_with("unknown fact 'livng_alone'")), (11, true));
    }

    #[test]
    fn toml_errors_carry_their_line() {
        let e = broken("label = \"一般\"", "label = \"一般");
        assert!(e.starts_with("policies/sixth-2026.toml:18: "), "{e}");
        let e = broken("  per = \"half_month\"", "  per = \"half_month\"\n  often = true");
        assert!(
            e.starts_with("policies/sixth-2026.toml:15: unknown field `often`"),
            "{e}"
        );
        assert!(include_str!("../../../../docs/policies.md").contains(&e), "{e}");
        let e = broken(
            "count = 1\n  modes = [\"in_person\"]",
            "count = \"1\"\n  modes = [\"in_person\"]",
        );
        assert!(e.starts_with("policies/sixth-2026.toml:12: invalid type"), "{e}");
        let e = broken("  per = \"half_month\"\n", "");
        assert!(e.starts_with("policies/sixth-2026.toml:11: missing field `per`"), "{e}");
    }

    #[test]
    fn every_kind_of_mistake_is_refused_with_line_and_reason() {
        let cases: Vec<(&str, &str, &str)> = vec![
            (
                "id = \"sixth-2026\"",
                "id = \"sixth-2027\"",
                "1: pack id 'sixth-2027' must match the file name (sixth-2026.toml)",
            ),
            (
                "per = \"half_month\"",
                "per = \"fortnight\"",
                "14: unknown period 'fortnight' (use one of: week, half_month, month, half_year, year)",
            ),
            (
                "reporting = \"month\"",
                "reporting = \"quarter\"",
                "4: unknown period 'quarter'",
            ),
            (
                "modes = [\"in_person\"]",
                "modes = [\"visit\"]",
                "13: unknown visit mode 'visit' (use one of: in_person, phone, video, remote_monitoring, other)",
            ),
            (
                "modes = [\"in_person\"]",
                "modes = [\"phone\", \"phone\"]",
                "13: visit mode 'phone' is listed twice",
            ),
            (
                "modes = [\"in_person\"]",
                "modes = []",
                "13: modes = [] accepts nothing",
            ),
            ("  modes = [\"in_person\"]\n", "", "12: a visit requirement needs modes"),
            ("count = 1", "count = 0", "12: count must be between 1 and 100, not 0"),
            ("count = 1", "count = -2", "12: count must be between 1 and 100, not -2"),
            ("id = \"general\"", "id = \"key\"", "17: duplicate tier id 'key'"),
            (
                "id = \"general\"",
                "id = \"General\"",
                "17: tier id 'General' must be lowercase",
            ),
            (
                "deadline_day = 20",
                "deadline_day = 31",
                "25: deadline_day must be between 1 and 28, not 31",
            ),
            (
                "per = \"month\"\n  deadline_day",
                "per = \"week\"\n  deadline_day",
                "25: deadline_day is only allowed with per = \"month\"",
            ),
            (
                "on = [\"double_ninth\"]",
                "on = [\"christmas\"]",
                "28: unknown festival 'christmas'",
            ),
            (
                "days_after = 0",
                "days_after = 40",
                "30: festival window days must be between 0 and 15, not 40",
            ),
            (
                "tiers = [\"key\"]",
                "tiers = [\"vip\"]",
                "33: surge names unknown tier 'vip'",
            ),
        ];
        for (from, to, expected) in cases {
            let e = broken(from, to);
            let expected = format!("policies/sixth-2026.toml:{expected}");
            assert!(
                e.starts_with(&expected),
                "{from} → {to}:\n  got      {e}\n  expected {expected}"
            );
        }
    }

    #[test]
    fn structural_mistakes() {
        let no_tiers = MINIMAL.split("[[tier]]").next().unwrap();
        assert_eq!(
            load(no_tiers).unwrap_err().to_string(),
            "policies/sixth-2026.toml:1: the pack declares no tiers: add at least one [[tier]]"
        );
        let text = MINIMAL.replacen(
            "[[tier]]\nid = \"general\"",
            "[[tier]]\nid = \"empty\"\nlabel = \"空\"\nwhen = \"false\"\n\n[[tier]]\nid = \"general\"",
            1,
        );
        assert_eq!(
            load(&text).unwrap_err().to_string(),
            "policies/sixth-2026.toml:17: tier 'empty' has no requirements: add at least one [[tier.require]]"
        );
        let text = MINIMAL.replacen(
            "  count = 1\n  modes = [\"in_person\"]",
            "  kind = \"risk_assessment\"\n  count = 1\n  modes = [\"in_person\"]",
            1,
        );
        assert_eq!(
            load(&text).unwrap_err().to_string(),
            "policies/sixth-2026.toml:14: a risk_assessment requirement takes no modes"
        );
        let text = MINIMAL.replacen(
            "  count = 1\n  modes = [\"in_person\"]",
            "  kind = \"call\"\n  count = 1\n  modes = [\"in_person\"]",
            1,
        );
        assert_eq!(
            load(&text).unwrap_err().to_string(),
            "policies/sixth-2026.toml:12: unknown requirement kind 'call' (use visit or risk_assessment)"
        );
    }
}
