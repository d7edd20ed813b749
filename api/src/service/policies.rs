//! Use cases on policy packs: the packs of the registry (parsed once at start-up and handed to
//! every use case in [`Call::packs`]), a district's choice and its history, the tier an elder
//! holds, surges, and compliance.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::{DistrictPolicyRow, ElderPolicyRow, ElderRow, FactChangeRow, SurgeRow, TierRaiseRow};
use crate::db::{elders, policies, write_transaction, DbConn};
use crate::domain::access::{visitor_claim_area, Permission, Role, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::closing::Outcome;
use crate::domain::elder::ServiceStatus;
use crate::domain::festival::{self, Festival};
use crate::domain::id::{ElderId, SurgeId};
use crate::domain::input::{optional_text, required_text, InvalidInput};
use crate::domain::period::{Month, Period};
use crate::domain::policy::choice::{check_new_choice, pack_in_force, PackChoice};
use crate::domain::policy::history::{self, FactField};
use crate::domain::policy::{
    evaluate_month, evaluate_period, evidence_window, festival_windows, ElderCase, ElderFacts, FactChange, FactInputs,
    FactTimeline, MonthCompliance, PeriodCompliance, PolicyPack, Requirement, RequirementKind, ServiceSpan, Status,
    Surge, SurgeKind, TierId, TierMatch, TierRaise, Visit, VisitMode,
};
use crate::error::{AppError, AppResult};

fn choices(rows: &[DistrictPolicyRow]) -> Vec<PackChoice> {
    rows.iter()
        .map(|r| PackChoice {
            pack_id: r.pack_id.clone(),
            effective_from: r.effective_from,
            chosen_at: r.chosen_at,
        })
        .collect()
}

/// The district (6-digit code) an area lies in.
pub(crate) fn district_of(code: &str) -> Option<AreaCode> {
    code.get(..6).and_then(|c| AreaCode::parse(c).ok())
}

/// 政策包 — every pack a district may choose.
pub fn packs(call: &Call) -> &[PolicyPack] {
    call.packs.all()
}

/// The pack with this id, if there is one.
pub fn pack<'c>(call: &'c Call, pack_id: &str) -> Option<&'c PolicyPack> {
    call.packs.get(pack_id)
}

/// A district's choices, oldest first. Any signed-in account of the district may read them.
pub fn history(conn: &mut DbConn, call: &Call, district_code: &str) -> AppResult<Vec<DistrictPolicyRow>> {
    super::areas::require_reader(call)?;
    Ok(policies::history(conn, district_code)?)
}

/// 选择政策包 — the district admin chooses the pack the district runs from `effective_from`.
pub fn choose(
    conn: &mut DbConn,
    call: &Call,
    district_code: &str,
    pack_id: &str,
    effective_from: NaiveDate,
    note: Option<&str>,
) -> AppResult<DistrictPolicyRow> {
    let scope = call.scope(Permission::ManageAreas)?;
    let mut errors = InvalidInput::default();
    let district = errors.check("districtCode", AreaCode::parse(district_code));
    if district.as_ref().is_some_and(|d| d.level() != AreaLevel::District) {
        errors.add("districtCode", "wrong_level", "应为 6 位区县代码");
    }
    if call.packs.get(pack_id).is_none() {
        errors.add("packId", "unknown_pack", format!("没有名为 {pack_id} 的政策包"));
    }
    let note = errors.check("note", optional_text(note.unwrap_or(""), 500));
    let (district, note) = errors.finish(|| Some((district?, note?)))?;
    if !scope.contains_area(&district) {
        return Err(AppError::Forbidden);
    }
    write_transaction(conn, |conn| {
        let history = policies::history(conn, district.as_str())?;
        if let Err(e) = check_new_choice(&choices(&history), effective_from, call.today) {
            return Err(AppError::field("effectiveFrom", "retroactive", e.to_string()));
        }
        let row = DistrictPolicyRow {
            id: Uuid::now_v7().to_string(),
            district_code: district.as_str().to_string(),
            pack_id: pack_id.to_string(),
            effective_from,
            note: note.clone(),
            chosen_by: call.actor.label.clone(),
            chosen_at: call.now,
        };
        policies::insert(conn, &row)?;
        let before = history
            .last()
            .map(|h| json!({"packId": h.pack_id, "effectiveFrom": h.effective_from}));
        let after = json!({"packId": row.pack_id, "effectiveFrom": row.effective_from});
        let subject = Subject {
            object_type: "district_policy",
            object_id: Some(row.id.as_str()),
            area_code: Some(&row.district_code),
        };
        audit::record(
            conn,
            call,
            "policy.choose",
            subject,
            row.note.as_deref(),
            before.as_ref(),
            Some(&after),
        )?;
        Ok(row)
    })
}

/// The pack a district runs on `day`, if it has chosen one by then. A choice of a pack the
/// registry does not hold is an error, not "no pack".
pub fn pack_on<'c>(
    conn: &mut DbConn,
    call: &'c Call,
    district_code: &str,
    day: NaiveDate,
) -> AppResult<Option<&'c PolicyPack>> {
    let choices = choices(&policies::history(conn, district_code)?);
    pack_chosen(call, district_code, &choices, day)
}

/// The pack in force on `day` among a district's `choices`.
fn pack_chosen<'c>(
    call: &'c Call,
    district_code: &str,
    choices: &[PackChoice],
    day: NaiveDate,
) -> AppResult<Option<&'c PolicyPack>> {
    let Some(choice) = pack_in_force(choices, day) else {
        return Ok(None);
    };
    call.packs.get(&choice.pack_id).map(Some).ok_or_else(|| {
        AppError::Internal(format!(
            "district {district_code} runs policy pack '{}', which this build does not have",
            choice.pack_id
        ))
    })
}

/// The tier an elder in the actor's scope holds on `day` under the district's pack then, and
/// the rule that put them there. `None` when the district has no pack for that day.
pub fn elder_tier(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    day: NaiveDate,
) -> AppResult<Option<(String, TierMatch)>> {
    let scope = call.scope(Permission::ReadElders)?;
    let row = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    Ok(tier_of(conn, call, &row, day)?.and_then(|(pack, tier)| Some((pack.id.clone(), tier?))))
}

/// 计时规则 in force on `day` for a village's district (the platform's defaults when the
/// district has chosen no pack).
pub(crate) fn posting_rules(
    conn: &mut DbConn,
    call: &Call,
    village_code: &str,
    day: NaiveDate,
) -> AppResult<crate::domain::ledger::PostingRules> {
    Ok(pack_of_area(conn, call, village_code, day)?
        .map(|p| p.hours.clone())
        .unwrap_or_default())
}

/// 服务项目 in force on `day` for a village's district: the further care kinds its pack lists
/// (`[care]`) and the rules that credit care (none listed and the platform's defaults when the
/// district has chosen no pack).
pub(crate) fn care_rules(
    conn: &mut DbConn,
    call: &Call,
    village_code: &str,
    day: NaiveDate,
) -> AppResult<(Vec<String>, crate::domain::ledger::PostingRules)> {
    Ok(pack_of_area(conn, call, village_code, day)?
        .map(|p| (p.care.kinds.clone(), p.hours.clone()))
        .unwrap_or_default())
}

/// The label of the tier the elder held on `day` (重点, 一般 …), for printing.
pub(crate) fn tier_label_on(
    conn: &mut DbConn,
    call: &Call,
    row: &ElderRow,
    day: NaiveDate,
) -> AppResult<Option<String>> {
    Ok(tier_of(conn, call, row, day)?.and_then(|(_, tier)| tier.map(|t| t.label)))
}

/// 探访频次 — what an elder is owed under the pack in force on a day.
pub(crate) struct VisitFrequency {
    /// The pack's name.
    pub pack: String,
    /// The elder's tier (重点, 一般 …), when one holds.
    pub tier: Option<String>,
    /// That tier's visit requirements in words (每月至少探访（任意方式） 1 次 …).
    pub visits: Vec<String>,
}

/// 探访频次 — the pack in force on `day` for the elder, the tier they hold then and the visits
/// that tier asks for; `None` without a pack.
pub(crate) fn visit_frequency_on(
    conn: &mut DbConn,
    call: &Call,
    row: &ElderRow,
    day: NaiveDate,
) -> AppResult<Option<VisitFrequency>> {
    Ok(tier_of(conn, call, row, day)?.map(|(pack, held)| {
        let tier = held.as_ref().and_then(|m| pack.tier(&m.tier));
        VisitFrequency {
            pack: pack.name.clone(),
            tier: held.map(|m| m.label),
            visits: tier
                .map(|t| {
                    t.requirements
                        .iter()
                        .filter(|r| r.kind == RequirementKind::Visit)
                        .map(Requirement::label_zh)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }))
}

/// 重点老人 — whether the elder holds the strictest tier (the first) of the pack in force on
/// `day`.
pub(crate) fn is_key_elder(conn: &mut DbConn, call: &Call, row: &ElderRow, day: NaiveDate) -> AppResult<bool> {
    Ok(tier_of(conn, call, row, day)?
        .is_some_and(|(pack, tier)| tier.is_some_and(|t| pack.tiers.first().is_some_and(|first| first.id == t.tier))))
}

/// One span of an elder's facts: from the day a change takes effect to the day before the
/// next.
pub struct FactSpan {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub inputs: FactInputs,
    /// The fields that differ from the span before (all of them in the first).
    pub changed: Vec<FactField>,
    /// The tier held on `from` under the pack in force then (`None` without a pack).
    pub tier: Option<TierMatch>,
}

/// One recorded fact change, with the values it set in words.
pub struct RecordedFactChange {
    pub row: FactChangeRow,
    pub values: Vec<(FactField, String)>,
}

/// 事实时间线 — an elder's facts through time: the spans, each with the tier it gives, and
/// the changes as they were recorded (oldest first). Health facts: needs the permission to
/// read them.
pub fn fact_timeline(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
) -> AppResult<(Vec<FactSpan>, Vec<RecordedFactChange>)> {
    let scope = call.scope(Permission::ReadHealth)?;
    let row = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let rows = elders::fact_changes_of_many(conn, std::slice::from_ref(elder_id))?;
    let changes = rows
        .iter()
        .map(super::elders::fact_change_of)
        .collect::<AppResult<Vec<FactChange>>>()?;
    let replay_error = |e: String| AppError::Internal(format!("the facts of elder {elder_id} cannot be replayed: {e}"));
    let spans = history::spans(&changes, None).map_err(replay_error)?;
    let raises = policies::raises_of_many(conn, std::slice::from_ref(elder_id))?;
    let mut timeline = Vec::with_capacity(spans.len());
    let mut previous: Option<&FactInputs> = None;
    for (i, (from, inputs)) in spans.iter().enumerate() {
        let tier = match pack_of_area(conn, call, &row.village_code, *from)? {
            Some(pack) => {
                let raise = latest_raise(&raises, pack, *from);
                pack.tier_on(&ElderFacts::from_inputs(inputs), *from, raise.as_ref())
            }
            None => None,
        };
        timeline.push(FactSpan {
            from: *from,
            until: spans.get(i + 1).map(|(next, _)| *next - TimeDelta::days(1)),
            inputs: inputs.clone(),
            changed: match previous {
                Some(before) => history::differing(before, inputs),
                None => FactField::ALL.to_vec(),
            },
            tier,
        });
        previous = Some(inputs);
    }
    let mut recorded = Vec::with_capacity(rows.len());
    for (row, change) in rows.into_iter().zip(&changes) {
        let values = history::describe(change, &spans).map_err(replay_error)?;
        recorded.push(RecordedFactChange { row, values });
    }
    recorded.sort_by_key(|c| c.row.recorded_at);
    Ok((timeline, recorded))
}

/// The pack in force on `day` for an elder, and the tier the elder holds under it.
fn tier_of<'c>(
    conn: &mut DbConn,
    call: &'c Call,
    row: &ElderRow,
    day: NaiveDate,
) -> AppResult<Option<(&'c PolicyPack, Option<TierMatch>)>> {
    let Some(pack) = pack_of_area(conn, call, &row.village_code, day)? else {
        return Ok(None);
    };
    let raise = latest_raise(
        &policies::raises_of_many(conn, std::slice::from_ref(&row.id))?,
        pack,
        day,
    );
    let row = ElderPolicyRow::from(row);
    let timeline = match timelines_of(conn, std::slice::from_ref(&row), day, None)?.remove(&row.id) {
        Some(timeline) => timeline,
        None => FactTimeline::constant(facts_of(&row)?),
    };
    let tier = pack.tier_on(timeline.on(day), day, raise.as_ref());
    Ok(Some((pack, tier)))
}

/// 失联规则 — the lost-contact rule of the pack in force on `day` for an elder, if it binds
/// them: their tier on that day is one the rule names and its condition (living alone, by
/// default) holds on their facts of that day.
pub(crate) fn lost_contact_rule<'c>(
    conn: &mut DbConn,
    call: &'c Call,
    row: &ElderRow,
    day: NaiveDate,
) -> AppResult<Option<&'c crate::domain::policy::LostContact>> {
    let Some((pack, Some(tier))) = tier_of(conn, call, row, day)? else {
        return Ok(None);
    };
    let policy_row = ElderPolicyRow::from(row);
    let timeline = match timelines_of(conn, std::slice::from_ref(&policy_row), day, None)?.remove(&row.id) {
        Some(timeline) => timeline,
        None => FactTimeline::constant(facts_of(&policy_row)?),
    };
    let facts = timeline.on(day).as_of(day);
    let rule = &pack.lost_contact;
    Ok(rule.binds(&tier.tier, &facts, facts.age_on(day)).then_some(rule))
}

/// The fact timelines, as known at `known_at` (now when `None`), of those of `rows` whose
/// facts are not the stored ones all through the days from `from` on: their latest change
/// takes effect after `from`, or was recorded after `known_at`. The others' stored facts
/// hold on every such day. One whose span before the latest began by `from` needs only the
/// two spans stored with the row; the rest are replayed from their changes.
fn timelines_of(
    conn: &mut DbConn,
    rows: &[ElderPolicyRow],
    from: NaiveDate,
    known_at: Option<NaiveDateTime>,
) -> AppResult<HashMap<ElderId, FactTimeline>> {
    let mut timelines = HashMap::new();
    let mut changed: Vec<ElderId> = Vec::new();
    for row in rows {
        let known = known_at.is_none_or(|at| row.facts_recorded_at <= at);
        if known && row.facts_since <= from {
            continue;
        }
        // Changed once since `from`: the span before and the latest, both stored with the row.
        let before = row.facts_before_since.filter(|since| known && *since <= from);
        match before.and_then(|since| Some((since, ElderFacts::from_stored(row.birth_date, &row.facts_before)?))) {
            Some(span) => {
                let spans = vec![span, (row.facts_since, facts_of(row)?)];
                if let Some(timeline) = FactTimeline::from_spans(spans) {
                    timelines.insert(row.id.clone(), timeline);
                }
            }
            None => changed.push(row.id.clone()),
        }
    }
    for chunk in changed.chunks(BATCH) {
        let rows = elders::fact_changes_of_many(conn, chunk)?;
        // Ordered by elder: one run of rows per elder.
        for run in rows.chunk_by(|a, b| a.elder_id == b.elder_id) {
            let Some(first) = run.first() else { continue };
            let stored = run
                .iter()
                .map(|r| (r.effective_from, r.recorded_at, r.changes.as_str()));
            let spans = history::spans_of_stored(stored, known_at).map_err(|e| {
                AppError::Internal(format!("the facts of elder {} cannot be replayed: {e}", first.elder_id))
            })?;
            if let Some(timeline) = history::timeline(spans) {
                timelines.insert(first.elder_id.clone(), timeline);
            }
        }
    }
    Ok(timelines)
}

/// The facts stored with a file (refreshed at start-up when their derivation changed).
fn facts_of(row: &ElderPolicyRow) -> AppResult<ElderFacts> {
    ElderFacts::from_stored(row.birth_date, &row.policy_facts).ok_or_else(|| {
        AppError::Internal(format!(
            "elder {} has stale policy facts; restart the server to recompute them",
            row.id
        ))
    })
}

/// The pack in force on `day` in the district of an area code.
fn pack_of_area<'c>(
    conn: &mut DbConn,
    call: &'c Call,
    area_code: &str,
    day: NaiveDate,
) -> AppResult<Option<&'c PolicyPack>> {
    match district_of(area_code) {
        Some(district) => pack_on(conn, call, district.as_str(), day),
        None => Ok(None),
    }
}

/// The latest raise under `pack` decided by `day`.
fn latest_raise(raises: &[TierRaiseRow], pack: &PolicyPack, day: NaiveDate) -> Option<TierRaise> {
    raises
        .iter()
        .rfind(|r| r.pack_id == pack.id && r.raised_on <= day)
        .map(|r| TierRaise {
            tier: TierId::new(r.tier_id.clone()),
            raised_on: r.raised_on,
            reason: r.reason.clone(),
        })
}

/// Groups rows by elder id.
fn by_elder<T>(rows: Vec<T>, elder_id: impl Fn(&T) -> &ElderId) -> HashMap<ElderId, Vec<T>> {
    let mut map: HashMap<ElderId, Vec<T>> = HashMap::new();
    for row in rows {
        map.entry(elder_id(&row).clone()).or_default().push(row);
    }
    map
}

/// Elders evaluated per query batch: a fixed number of queries per batch, whatever the size of
/// the area (no query per elder).
const BATCH: usize = 500;

/// Longest surge window, in days.
pub const MAX_SURGE_DAYS: i64 = 92;

/// The surges that may bear on `[from, to]` in the districts of `rows`: the pack's festivals of
/// those years and the year before, and the declared surges (not withdrawn) overlapping the
/// span widened by the longest surge window.
fn surges_near(
    conn: &mut DbConn,
    pack: &PolicyPack,
    rows: &[ElderPolicyRow],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<Surge>> {
    let mut surges = Vec::new();
    for year in from.year() - 1..=to.year() {
        surges.extend(Surge::festivals(pack, year));
    }
    let reach = from - TimeDelta::days(MAX_SURGE_DAYS);
    let districts: BTreeSet<&str> = rows.iter().filter_map(|r| r.village_code.get(..6)).collect();
    for district in districts {
        surges.extend(
            policies::surges_overlapping(conn, district, reach, to)?
                .iter()
                .map(surge_of),
        );
    }
    Ok(surges)
}

/// What the engine reads of many elders besides their rows, keyed by elder id: accepted
/// visits on the days of a window (district local time), raises, and the service history of
/// those whose current status began inside the window.
#[derive(Default)]
struct Evidence {
    visits: HashMap<ElderId, Vec<Visit>>,
    /// The fact timelines of the elders whose facts changed inside the window.
    timelines: HashMap<ElderId, FactTimeline>,
    raises: HashMap<ElderId, Vec<TierRaiseRow>>,
    changes: HashMap<ElderId, Vec<(NaiveDate, ServiceStatus)>>,
}

/// Where [`Evidence`] is loaded from: the elders of an area in scope (range scans), or the
/// rows given (by id, in batches).
#[derive(Clone, Copy)]
pub(crate) enum Among<'a> {
    Area(&'a Scope, &'a AreaCode),
    Rows,
}

impl Evidence {
    /// Loads the evidence of `window` as it is now or, with `known_at`, as it was known then
    /// (visits accepted by then and not rejected by then, service changes and fact changes
    /// recorded by then) — which only a whole area is read for (a month's close).
    fn load(
        conn: &mut DbConn,
        among: Among<'_>,
        rows: &[ElderPolicyRow],
        window: (NaiveDate, NaiveDate),
        known_at: Option<NaiveDateTime>,
    ) -> AppResult<Evidence> {
        let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
        let utc = |day: NaiveDate| day.and_time(NaiveTime::MIN) - offset;
        let (from, to) = (utc(window.0), utc(window.1 + TimeDelta::days(1)));
        let mut evidence = Evidence::default();
        let mut add_visits = |found: Vec<(ElderId, NaiveDateTime, VisitMode)>| {
            for (elder_id, at, mode) in found {
                let at = at + offset;
                evidence.visits.entry(elder_id).or_default().push(Visit { at, mode });
            }
        };
        let mut raises = Vec::new();
        let mut changed_late = Vec::new();
        match (among, known_at) {
            (Among::Area(scope, area), known_at) => {
                add_visits(policies::accepted_visits_in_area(
                    conn,
                    scope,
                    area,
                    (from, to),
                    known_at,
                )?);
                raises = policies::raises_in_area(conn, scope, area)?;
                if let (Some(at), Some((low, high))) = (known_at, crate::db::scope::area_range(scope, area)) {
                    changed_late =
                        crate::db::closing::status_changes_recorded_after(conn, (&low, &high), at, window.1)?
                            .into_iter()
                            .map(|c| c.elder_id)
                            .collect();
                }
            }
            (Among::Rows, Some(_)) => {
                return Err(AppError::Internal(
                    "evidence as known at a moment is read for an area only".into(),
                ))
            }
            (Among::Rows, None) => {
                for chunk in rows.chunks(BATCH) {
                    let ids: Vec<ElderId> = chunk.iter().map(|r| r.id.clone()).collect();
                    add_visits(policies::accepted_visits_of_many(conn, &ids, from, to)?);
                    raises.extend(policies::raises_of_many(conn, &ids)?);
                }
            }
        }
        evidence.raises = by_elder(raises, |r| &r.elder_id);
        // An elder whose current status began before the window held it all through the
        // window: only the others need their history.
        // As known at a moment, so does one whose status changed later.
        let mut changed: Vec<ElderId> = rows
            .iter()
            .filter(|r| r.service_status_since > window.0)
            .map(|r| r.id.clone())
            .chain(changed_late)
            .collect();
        changed.sort_unstable();
        changed.dedup();
        for chunk in changed.chunks(BATCH) {
            for (elder_id, day, status, recorded_at) in elders::status_changes_of_many(conn, chunk)? {
                if known_at.is_none_or(|at| recorded_at <= at) {
                    evidence.changes.entry(elder_id).or_default().push((day, status));
                } else {
                    evidence.changes.entry(elder_id).or_default();
                }
            }
        }
        evidence.timelines = timelines_of(conn, rows, window.0, known_at)?;
        Ok(evidence)
    }
}

/// Builds each elder's case under `pack` — stored facts, service spans, raise as of
/// `raise_day`, the `surges` binding them (those covering their village, looked up once per
/// village, and their own single-elder surges, keyed by elder id), the `evidence` — and hands
/// it to `evaluate`.
fn evaluate_each<T>(
    pack: &PolicyPack,
    rows: &[ElderPolicyRow],
    surges: &[Surge],
    evidence: &Evidence,
    raise_day: NaiveDate,
    evaluate: impl Fn(&ElderCase<'_>) -> T,
) -> AppResult<Vec<T>> {
    let mut results = Vec::with_capacity(rows.len());
    let (own, area_wide): (Vec<&Surge>, Vec<&Surge>) = surges.iter().partition(|s| s.elder.is_some());
    let mut own_surges: HashMap<&ElderId, Vec<&Surge>> = HashMap::new();
    for surge in own {
        if let Some(elder) = &surge.elder {
            own_surges.entry(elder).or_default().push(surge);
        }
    }
    let mut village_surges: (String, Vec<Surge>) = (String::new(), Vec::new());
    for row in rows {
        if village_surges.0 != row.village_code {
            let village = AreaCode::parse(&row.village_code).ok();
            let covering = area_wide
                .iter()
                .filter(|s| village.as_ref().is_some_and(|v| s.covers(v)))
                .map(|s| (*s).clone())
                .collect();
            village_surges = (row.village_code.clone(), covering);
        }
        let with_own: Vec<Surge>;
        let binding: &[Surge] = match own_surges.get(&row.id) {
            Some(own) => {
                with_own = village_surges.1.iter().chain(own.iter().copied()).cloned().collect();
                &with_own
            }
            None => &village_surges.1,
        };
        let current = || vec![(row.service_status_since, row.service_status)];
        let service = match evidence.changes.get(&row.id) {
            Some(changes) => ServiceSpan::from_history(changes),
            None => ServiceSpan::from_history(&current()),
        };
        let raise = latest_raise(
            evidence.raises.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
            pack,
            raise_day,
        );
        let constant;
        let facts = match evidence.timelines.get(&row.id) {
            Some(timeline) => timeline,
            None => {
                constant = FactTimeline::constant(facts_of(row)?);
                &constant
            }
        };
        let risk_assessments: Vec<NaiveDate> = row.risk_assessed_on.into_iter().collect();
        results.push(evaluate(&ElderCase {
            pack,
            facts,
            service: &service,
            raise: raise.as_ref(),
            surges: binding,
            visits: evidence.visits.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
            risk_assessments: &risk_assessments,
        }));
    }
    Ok(results)
}

/// Evaluates the month of every elder in `rows` (already loaded in scope, from `among`) under
/// `pack`, as known at `known_at` (now when `None`).
pub(crate) fn evaluate_months(
    conn: &mut DbConn,
    call: &Call,
    pack: &PolicyPack,
    among: Among<'_>,
    rows: &[ElderPolicyRow],
    month: Month,
    known_at: Option<NaiveDateTime>,
) -> AppResult<Vec<MonthCompliance>> {
    let surges = surges_near(conn, pack, rows, month.first_day(), month.last_day())?;
    let window = evidence_window(pack, month, &surges);
    let evidence = Evidence::load(conn, among, rows, window, known_at)?;
    evaluate_each(pack, rows, &surges, &evidence, month.last_day(), |case| {
        evaluate_month(case, month, call.today)
    })
}

/// 上调分类 — an organizer puts an elder in a higher tier of the pack in force, with a written
/// reason. It applies to periods starting after today.
pub fn raise_tier(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    tier_id: &str,
    reason: &str,
) -> AppResult<TierRaiseRow> {
    let scope = call.scope(Permission::WriteElders)?;
    let mut errors = InvalidInput::default();
    let reason = errors.check("reason", required_text(reason, 500));
    let reason = errors.finish(|| reason)?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
        let (pack, current) = tier_of(conn, call, &elder, call.today)?
            .ok_or_else(|| AppError::field("tierId", "no_pack", "该区县尚未选择政策包"))?;
        let target = TierId::new(tier_id);
        let rank = |id: &TierId| pack.tiers.iter().position(|t| &t.id == id);
        match (rank(&target), current.as_ref().and_then(|c| rank(&c.tier))) {
            (None, _) => {
                return Err(AppError::field(
                    "tierId",
                    "unknown_tier",
                    format!("政策包中没有分类 {tier_id}"),
                ))
            }
            (Some(to), Some(now)) if to >= now => {
                return Err(AppError::field(
                    "tierId",
                    "not_higher",
                    "只能上调到比现有分类更高的分类",
                ))
            }
            _ => {}
        }
        let row = TierRaiseRow {
            id: Uuid::now_v7().to_string(),
            elder_id: elder.id.clone(),
            pack_id: pack.id.clone(),
            tier_id: target.as_str().to_string(),
            raised_on: call.today,
            reason: reason.clone(),
            raised_by: call.actor.label.clone(),
            raised_at: call.now,
        };
        policies::insert_raise(conn, &row)?;
        let subject = Subject {
            object_type: "elder",
            object_id: Some(elder.id.as_str()),
            area_code: Some(&elder.village_code),
        };
        let before = current.map(|c| json!({"tier": c.tier.as_str()}));
        let after = json!({"tier": row.tier_id, "pack": row.pack_id});
        audit::record(
            conn,
            call,
            "elder.raise_tier",
            subject,
            Some(&reason),
            before.as_ref(),
            Some(&after),
        )?;
        Ok(row)
    })
}

/// A stored surge as the engine takes it.
fn surge_of(row: &SurgeRow) -> Surge {
    Surge {
        kind: row.kind,
        label: row.label.clone(),
        area: AreaCode::parse(&row.area_code).ok(),
        elder: row.elder_id.clone(),
        from: row.starts_on,
        to: row.ends_on,
        tiers: row.tiers.to_vec(),
        count: u32::try_from(row.count).unwrap_or(1),
        modes: row.modes.to_vec(),
    }
}

/// What a surge declaration says; tiers, count and modes default to the pack's surge.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "graphql", derive(juniper::GraphQLInputObject))]
pub struct SurgeInput {
    pub kind: SurgeKind,
    /// e.g. 7月暴雨红色预警, 老伴去世
    pub label: String,
    /// The district, town or village it is declared for. Required without `elderId`; with
    /// `elderId` it may be left out, and if given must hold the elder's village.
    pub area_code: Option<String>,
    /// 单人加密探访 — the one elder (in your scope) it is declared for, for a 家庭变故, 突发自然灾害
    /// or 突发公共卫生事件 of theirs: it binds that elder alone, whatever their tier (so `tiers`
    /// must be left out), and its area is the elder's village.
    pub elder_id: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub tiers: Option<Vec<String>>,
    pub count: Option<i32>,
    pub modes: Option<Vec<VisitMode>>,
}

/// A declared surge and, for a single-elder surge, the elder's name (`None` when the elder is
/// no longer in the reader's scope).
#[derive(Debug, Clone)]
pub struct SurgeEntry {
    pub row: SurgeRow,
    pub elder_name: Option<String>,
}

/// `rows` with the names of their elders in `scope` (one query for all).
fn with_elder_names(conn: &mut DbConn, scope: &Scope, rows: Vec<SurgeRow>) -> AppResult<Vec<SurgeEntry>> {
    let mut ids: Vec<ElderId> = rows.iter().filter_map(|r| r.elder_id.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<ElderId, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        elders::find_many(conn, scope, &ids)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|row| SurgeEntry {
            elder_name: row.elder_id.as_ref().and_then(|id| names.get(id).cloned()),
            row,
        })
        .collect())
}

/// 加密探访 — a town organizer or the district admin declares a surge for an area in scope, or
/// (单人加密探访) for one elder in scope.
pub fn declare_surge(conn: &mut DbConn, call: &Call, input: &SurgeInput) -> AppResult<SurgeEntry> {
    let scope = call.scope(Permission::ManageAreas)?;
    let mut errors = InvalidInput::default();
    let label = errors.check("label", required_text(&input.label, 100));
    let area = match (&input.area_code, &input.elder_id) {
        (Some(code), _) => errors.check("areaCode", AreaCode::parse(code)).map(Some),
        (None, Some(_)) => Some(None),
        (None, None) => {
            errors.add("areaCode", "required", "请选择加密探访的地区");
            None
        }
    };
    let elder_id = input.elder_id.as_ref().map(|id| ElderId::new(id.trim()));
    if elder_id.is_some() {
        if !input.kind.for_one_elder() {
            errors.add(
                "kind",
                "not_for_one_elder",
                "为单个老人加密探访的事由应为家庭变故、突发自然灾害或突发公共卫生事件",
            );
        }
        if input.tiers.is_some() {
            errors.add(
                "tiers",
                "not_for_one_elder",
                "为单个老人加密探访不按分类筛选，不应填写分类",
            );
        }
    }
    if input.ends_on < input.starts_on {
        errors.add("endsOn", "before_start", "结束日期不能早于开始日期");
    } else if (input.ends_on - input.starts_on).num_days() >= MAX_SURGE_DAYS {
        errors.add("endsOn", "too_long", format!("加密探访期不能超过 {MAX_SURGE_DAYS} 天"));
    }
    if input.count.is_some_and(|c| c < 1) {
        errors.add("count", "out_of_range", "次数至少为 1");
    }
    if input.modes.as_ref().is_some_and(Vec::is_empty) {
        errors.add("modes", "required", "至少选择一种探访方式");
    }
    let (label, area) = errors.finish(|| Some((label?, area?)))?;
    if area.as_ref().is_some_and(|area| !scope.contains_area(area)) {
        return Err(AppError::Forbidden);
    }
    write_transaction(conn, |conn| {
        // A single-elder surge lies in the elder's village.
        let (area, elder) = match &elder_id {
            Some(id) => {
                let elder = elders::find(conn, &scope, id)?.ok_or_else(|| {
                    AppError::field(
                        "elderId",
                        "not_found",
                        "您的辖区内没有这位老人的档案 (no such elder in your area)",
                    )
                })?;
                let village = AreaCode::parse(&elder.village_code)
                    .map_err(|_| AppError::Internal(format!("elder {} has a malformed village code", elder.id)))?;
                if area.as_ref().is_some_and(|area| !area.contains(&village)) {
                    return Err(AppError::field("areaCode", "elder_outside", "这位老人不住在所选地区内"));
                }
                (village, Some(elder))
            }
            None => (area.clone().ok_or(AppError::Forbidden)?, None),
        };
        let field = if elder.is_some() { "elderId" } else { "areaCode" };
        let pack = pack_of_area(conn, call, area.as_str(), input.starts_on)?
            .ok_or_else(|| AppError::field(field, "no_pack", "该区县尚未选择政策包"))?;
        let tiers: Vec<TierId> = match (&input.tiers, &elder) {
            // Binds its elder whatever the tier: no tier list.
            (_, Some(_)) => Vec::new(),
            (Some(tiers), None) => tiers.iter().map(TierId::new).collect(),
            (None, None) => pack.surge.tiers.clone(),
        };
        if let Some(unknown) = tiers.iter().find(|t| pack.tier(t).is_none()) {
            return Err(AppError::field(
                "tiers",
                "unknown_tier",
                format!("政策包中没有分类 {}", unknown.as_str()),
            ));
        }
        let modes = input.modes.clone().unwrap_or_else(|| pack.surge.modes.clone());
        let district = district_of(area.as_str()).ok_or(AppError::Forbidden)?;
        let row = SurgeRow {
            id: SurgeId::fresh(),
            district_code: district.as_str().to_string(),
            area_code: area.as_str().to_string(),
            kind: input.kind,
            label: label.clone(),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            tiers: tiers.into(),
            count: input.count.unwrap_or(i32::try_from(pack.surge.count).unwrap_or(1)),
            modes: modes.into(),
            declared_by: call.actor.label.clone(),
            declared_at: call.now,
            withdrawn_at: None,
            withdrawn_by: None,
            withdrawal_reason: None,
            elder_id: elder.as_ref().map(|e| e.id.clone()),
        };
        policies::insert_surge(conn, &row)?;
        let subject = Subject {
            object_type: "surge",
            object_id: Some(row.id.as_str()),
            area_code: Some(&row.area_code),
        };
        let after = json!({"kind": row.kind, "label": row.label, "from": row.starts_on, "to": row.ends_on,
                           "tiers": row.tiers, "count": row.count, "modes": row.modes, "elderId": row.elder_id});
        audit::record(conn, call, "surge.declare", subject, None, None, Some(&after))?;
        slots_follow_surge(conn, call, &row)?;
        Ok(SurgeEntry {
            row,
            elder_name: elder.map(|e| e.name),
        })
    })
}

/// A surge's slots follow it at once: the months its window touches, from today on, are
/// generated again for its area (its new slots when declared; its open slots cancelled when
/// withdrawn), in the same transaction as the declaration or withdrawal.
fn slots_follow_surge(conn: &mut DbConn, call: &Call, surge: &SurgeRow) -> AppResult<()> {
    let mut month = Month::of(surge.starts_on.max(call.today));
    while month.first_day() <= surge.ends_on {
        super::slots::generate(conn, call, month, &surge.area_code)?;
        month = month.next();
    }
    Ok(())
}

/// 加密探访列表 — the surges (withdrawn ones included) declared for an area in the actor's
/// scope, above it or inside it (single-elder surges of the elders in it included), whose
/// window overlaps `[from, to]`.
pub fn surges(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<SurgeEntry>> {
    let scope = call.scope(Permission::ReadElders)?;
    let mut errors = InvalidInput::default();
    let area = errors.check("areaCode", AreaCode::parse(area_code));
    if to < from {
        errors.add("to", "before_start", "结束日期不能早于开始日期");
    }
    let area = errors.finish(|| area)?;
    if !scope.contains_area(&area) {
        return Err(AppError::Forbidden);
    }
    let rows = policies::surges_concerning(conn, &scope, &area, from, to)?;
    with_elder_names(conn, &scope, rows)
}

/// 撤销加密探访 — a town organizer or the district admin withdraws a surge declared in their
/// area, with a written reason: from then on it counts for nothing. The row is kept.
pub fn withdraw_surge(conn: &mut DbConn, call: &Call, id: &SurgeId, reason: &str) -> AppResult<SurgeEntry> {
    let scope = call.scope(Permission::ManageAreas)?;
    let mut errors = InvalidInput::default();
    let reason = errors.check("reason", required_text(reason, 500));
    let reason = errors.finish(|| reason)?;
    let not_found = || AppError::NotFound { what: "加密探访" };
    write_transaction(conn, |conn| {
        let surge = policies::find_surge(conn, id)?.ok_or_else(not_found)?;
        let area = AreaCode::parse(&surge.area_code).map_err(|_| not_found())?;
        if !scope.contains_area(&area) {
            return Err(not_found());
        }
        if !policies::withdraw_surge(conn, id, &call.actor.label, call.now, &reason)? {
            return Err(AppError::field("id", "already_withdrawn", "该加密探访已撤销"));
        }
        let subject = Subject {
            object_type: "surge",
            object_id: Some(surge.id.as_str()),
            area_code: Some(&surge.area_code),
        };
        let before = json!({"label": surge.label, "from": surge.starts_on, "to": surge.ends_on});
        audit::record(
            conn,
            call,
            "surge.withdraw",
            subject,
            Some(&reason),
            Some(&before),
            None,
        )?;
        let row = policies::find_surge(conn, id)?.ok_or_else(not_found)?;
        slots_follow_surge(conn, call, &row)?;
        let mut found = with_elder_names(conn, &scope, vec![row])?;
        found.pop().ok_or_else(not_found)
    })
}

/// One entry of a year's surge calendar: a festival window of the pack or a declared surge.
#[derive(Debug, Clone)]
pub struct CalendarEntry {
    /// The festival and its day, for a festival window of the pack (`[festivals]`).
    pub festival: Option<(Festival, NaiveDate)>,
    /// The declaration (withdrawn ones included), for a declared surge.
    pub declared: Option<SurgeEntry>,
    pub kind: SurgeKind,
    /// 2026年春节, 寒潮蓝色预警 …
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The pack it counts under: the one in force on the first day of the month its window
    /// ends in, as coverage counts it; `None` when the district has none then (it binds nobody).
    pub pack_id: Option<String>,
    /// Labels of the tiers it binds under that pack, in the pack's order; empty for a
    /// single-elder surge (it binds its elder whatever the tier).
    pub tiers: Vec<String>,
    pub count: u32,
    pub modes: Vec<VisitMode>,
}

/// 加密探访日历 — for an area in the actor's scope and Gregorian `year`: the festival windows
/// of the pack in force (each under the pack in force on the first day of the month the window
/// ends in), and the surges declared for the area, above it or inside it (single-elder ones
/// included, withdrawn ones marked) whose window overlaps the year; by first day.
pub fn surge_calendar(conn: &mut DbConn, call: &Call, area_code: &str, year: i32) -> AppResult<Vec<CalendarEntry>> {
    let scope = call.scope(Permission::ReadElders)?;
    let mut errors = InvalidInput::default();
    let area = errors.check("areaCode", AreaCode::parse(area_code));
    if !festival::SUPPORTED_YEARS.contains(&year) {
        errors.add("year", "out_of_range", "年份超出可查范围");
    }
    let area = errors.finish(|| area)?;
    if !scope.contains_area(&area) {
        return Err(AppError::Forbidden);
    }
    calendar_of(conn, call, &scope, &area, year)
}

/// 加密探访提示 — the surges running today or starting within a week in the signed-in
/// account's own area, as a banner shows them: the festival windows of the district's pack and
/// the surges declared for the area, above it or inside it. A visitor's area is the town they
/// claim in; staff's the area of their post. Whole-area surges only: a single-elder surge
/// names a person, and withdrawn ones count for nothing. Empty for other roles.
pub fn surges_now(conn: &mut DbConn, call: &Call) -> AppResult<Vec<CalendarEntry>> {
    let area = match (call.actor.role, &call.actor.area) {
        (Some(Role::Visitor), Some(home)) => visitor_claim_area(home),
        (Some(Role::DistrictAdmin | Role::TownOrganizer | Role::VillageStaff), Some(post)) => post.clone(),
        _ => return Ok(Vec::new()),
    };
    let soon = call.today + TimeDelta::days(SURGE_NOTICE_DAYS);
    let scope = Scope::Area(area.clone());
    let mut entries = Vec::new();
    for year in call.today.year()..=soon.year() {
        entries.extend(calendar_of(conn, call, &scope, &area, year)?);
    }
    entries.retain(|e| {
        let whole_area = e
            .declared
            .as_ref()
            .is_none_or(|d| d.row.elder_id.is_none() && d.row.withdrawn_at.is_none());
        whole_area && e.pack_id.is_some() && e.to >= call.today && e.from <= soon
    });
    Ok(entries)
}

/// A surge starting within this many days is shown beside the running ones.
pub const SURGE_NOTICE_DAYS: i64 = 7;

/// The calendar of `year` (one of [`festival::SUPPORTED_YEARS`]) of `area`, read under
/// `scope`: see [`surge_calendar`].
fn calendar_of(
    conn: &mut DbConn,
    call: &Call,
    scope: &Scope,
    area: &AreaCode,
    year: i32,
) -> AppResult<Vec<CalendarEntry>> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(Vec::new());
    };
    let district = district_of(area.as_str()).ok_or(AppError::Forbidden)?;
    let history = choices(&policies::history(conn, district.as_str())?);
    // The month a window ends in is the month it counts in, under the pack of its first day.
    let pack_counting = |to: NaiveDate| pack_chosen(call, district.as_str(), &history, Month::of(to).first_day());
    let tier_labels = |pack: Option<&PolicyPack>, tiers: &[TierId]| -> Vec<String> {
        pack.map(|p| {
            p.tiers
                .iter()
                .filter(|t| tiers.contains(&t.id))
                .map(|t| t.label.clone())
                .collect()
        })
        .unwrap_or_default()
    };

    let mut entries = Vec::new();
    // Every pack in force on the first day of some month of the year, once.
    let mut seen: Vec<&str> = Vec::new();
    for month in 1..=12 {
        let Some(day) = NaiveDate::from_ymd_opt(year, month, 1) else {
            continue;
        };
        let Some(pack) = pack_counting(day)? else {
            continue;
        };
        if seen.contains(&pack.id.as_str()) {
            continue;
        }
        seen.push(&pack.id);
        for window in festival_windows(pack, year) {
            let surge = window.surge;
            if pack_counting(surge.to)?.is_none_or(|p| p.id != pack.id) {
                continue;
            }
            entries.push(CalendarEntry {
                festival: Some((window.festival, window.day)),
                declared: None,
                kind: surge.kind,
                tiers: tier_labels(Some(pack), &surge.tiers),
                label: surge.label,
                from: surge.from,
                to: surge.to,
                pack_id: Some(pack.id.clone()),
                count: surge.count,
                modes: surge.modes,
            });
        }
    }
    let rows = policies::surges_concerning(conn, scope, area, first, last)?;
    for declared in with_elder_names(conn, scope, rows)? {
        let row = &declared.row;
        let pack = pack_counting(row.ends_on)?;
        entries.push(CalendarEntry {
            festival: None,
            kind: row.kind,
            label: row.label.clone(),
            from: row.starts_on,
            to: row.ends_on,
            pack_id: pack.map(|p| p.id.clone()),
            tiers: tier_labels(pack, &row.tiers),
            count: u32::try_from(row.count).unwrap_or(0),
            modes: row.modes.to_vec(),
            declared: Some(declared),
        });
    }
    entries.sort_by(|a, b| (a.from, a.to, &a.label).cmp(&(b.from, b.to, &b.label)));
    Ok(entries)
}

/// 月度达标情况 — every requirement of an elder's month under the pack in force on the
/// month's first day, with the visits that count. `None` when the district has no pack.
pub fn elder_compliance(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    month: Month,
) -> AppResult<Option<MonthCompliance>> {
    let scope = call.scope(Permission::ReadElders)?;
    let row = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let Some(pack) = pack_of_area(conn, call, &row.village_code, month.first_day())? else {
        return Ok(None);
    };
    Ok(evaluate_months(
        conn,
        call,
        pack,
        Among::Rows,
        &[ElderPolicyRow::from(&row)],
        month,
        None,
    )?
    .pop())
}

/// 周期达标情况 — an elder's requirements for one calendar period of any kind (the period of
/// `kind` containing `day`) under the pack in force on its first day, and the surges ending in
/// it. `None` when the district has no pack.
pub fn elder_period_compliance(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    period: Period,
) -> AppResult<Option<PeriodCompliance>> {
    let scope = call.scope(Permission::ReadElders)?;
    let row = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let Some(pack) = pack_of_area(conn, call, &row.village_code, period.start)? else {
        return Ok(None);
    };
    let rows = [ElderPolicyRow::from(&row)];
    let surges = surges_near(conn, pack, &rows, period.start, period.end)?;
    let from = surges
        .iter()
        .filter(|s| period.contains(s.to))
        .map(|s| s.from)
        .fold(period.start, NaiveDate::min);
    let evidence = Evidence::load(conn, Among::Rows, &rows, (from, period.end), None)?;
    let found = evaluate_each(pack, &rows, &surges, &evidence, period.end, |case| {
        evaluate_period(case, period, call.today)
    })?;
    Ok(found.into_iter().next())
}

/// Counts of one area in a month's coverage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverageCounts {
    pub code: String,
    pub name: String,
    /// Elders under service all month (the denominator).
    pub elders: u32,
    /// Every requirement met on time.
    pub met: u32,
    /// Not met yet, nothing overdue.
    pub due: u32,
    /// At least one requirement overdue.
    pub overdue: u32,
    /// At least one accepted visit of any mode on a day of the month (see
    /// [`MonthCompliance::contacted`]), met or not.
    pub contacted: u32,
}

impl CoverageCounts {
    /// 月探访率 — met ÷ elders; `None` for an area with nobody in the denominator.
    pub fn rate(&self) -> Option<f64> {
        (self.elders > 0).then(|| f64::from(self.met) / f64::from(self.elders))
    }

    /// 探访覆盖率 — contacted ÷ elders; `None` for an area with nobody in the denominator.
    ///
    /// A decision (the issue only says "elders under service"): the denominator is that of
    /// [`CoverageCounts::rate`], the elders under service on every day of the month. An elder
    /// who entered or left service during the month is in neither rate, so the two are shares
    /// of the same elders and can be read side by side. They measure different things: an
    /// elder who owes nothing in the month is met without being contacted, and one with only a
    /// phone call who owes an in-person visit is contacted without being met.
    pub fn contact_rate(&self) -> Option<f64> {
        (self.elders > 0).then(|| f64::from(self.contacted) / f64::from(self.elders))
    }

    /// Counts one elder's month (nothing when out of the denominator).
    pub(crate) fn add(&mut self, outcome: Outcome) {
        self.count(outcome, 1);
    }

    /// Takes back what [`CoverageCounts::add`] counted.
    pub(crate) fn remove(&mut self, outcome: Outcome) {
        self.count(outcome, -1);
    }

    fn count(&mut self, outcome: Outcome, by: i64) {
        if !outcome.in_rate {
            return;
        }
        let step = |n: &mut u32| *n = u32::try_from(i64::from(*n) + by).unwrap_or(0);
        step(&mut self.elders);
        if outcome.contacted {
            step(&mut self.contacted);
        }
        if outcome.met {
            step(&mut self.met);
        } else if outcome.overdue {
            step(&mut self.overdue);
        } else {
            step(&mut self.due);
        }
    }
}

/// What one elder's evaluated month adds to the figures.
pub(crate) fn outcome(month: &MonthCompliance) -> Outcome {
    Outcome {
        in_rate: month.in_rate,
        met: month.met,
        overdue: !month.met && month.items.iter().any(|i| i.status == Status::Overdue),
        contacted: month.contacted,
    }
}

/// The counts of an area, its towns and its villages, added up elder by elder.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    pub total: CoverageCounts,
    pub towns: BTreeMap<String, CoverageCounts>,
    pub villages: BTreeMap<String, CoverageCounts>,
}

impl Tally {
    /// Adds (or with `add == false` takes back) one elder's month in `village_code`.
    pub(crate) fn apply(&mut self, village_code: &str, outcome: Outcome, add: bool) {
        let town = village_code.get(..9).unwrap_or_default().to_string();
        for counts in [
            &mut self.total,
            self.villages.entry(village_code.to_string()).or_default(),
            self.towns.entry(town).or_default(),
        ] {
            if add {
                counts.add(outcome);
            } else {
                counts.remove(outcome);
            }
        }
    }

    /// The counts named from the areas table, the area's own as the total.
    pub(crate) fn named(
        self,
        conn: &mut DbConn,
        area: &AreaCode,
    ) -> AppResult<(CoverageCounts, Vec<CoverageCounts>, Vec<CoverageCounts>)> {
        let mut codes: Vec<String> = self.towns.keys().chain(self.villages.keys()).cloned().collect();
        codes.push(area.as_str().to_string());
        let names: HashMap<String, String> = crate::db::areas::find_many(conn, &codes)?
            .into_iter()
            .map(|a| (a.code, a.name))
            .collect();
        let named = |(code, mut counts): (String, CoverageCounts)| {
            counts.name = names.get(&code).cloned().unwrap_or_default();
            counts.code = code;
            counts
        };
        Ok((
            named((area.as_str().to_string(), self.total)),
            self.towns
                .into_iter()
                .filter(|(_, c)| c.elders > 0)
                .map(named)
                .collect(),
            self.villages
                .into_iter()
                .filter(|(_, c)| c.elders > 0)
                .map(named)
                .collect(),
        ))
    }
}

/// A month's coverage of an area and of each town and village in it: for a closed month, the
/// figures as reported, with the corrections and the figures as they would be now.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub month: Month,
    pub pack_id: String,
    pub total: CoverageCounts,
    pub towns: Vec<CoverageCounts>,
    pub villages: Vec<CoverageCounts>,
    /// `None` while the month is open (computed live).
    pub closed: Option<super::closing::ClosedFigures>,
}

/// Every elder of an area in the actor's scope with their evaluated month.
pub(crate) struct AreaMonths {
    pub area: AreaCode,
    pub rows: Vec<ElderPolicyRow>,
    pub months: Vec<MonthCompliance>,
}

/// Loads and evaluates an area's month; `None` when the district has no pack for it.
pub(crate) fn area_months(
    conn: &mut DbConn,
    call: &Call,
    month: Month,
    area_code: &str,
) -> AppResult<Option<AreaMonths>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ReadElders, area_code)?;
    area_months_of(conn, call, month, &scope, area)
}

/// [`area_months`] of an area the caller has already checked against `scope`.
pub(crate) fn area_months_of(
    conn: &mut DbConn,
    call: &Call,
    month: Month,
    scope: &Scope,
    area: AreaCode,
) -> AppResult<Option<AreaMonths>> {
    let Some(pack) = pack_of_area(conn, call, area.as_str(), month.first_day())? else {
        return Ok(None);
    };
    let rows = elders::policy_rows_in_area(conn, scope, &area)?;
    let months = evaluate_months(conn, call, pack, Among::Area(scope, &area), &rows, month, None)?;
    Ok(Some(AreaMonths { area, rows, months }))
}

/// An elder on the overdue list.
pub struct OverdueEntry {
    pub elder_id: ElderId,
    pub month: MonthCompliance,
    /// Days since the oldest overdue requirement fell due.
    pub days_overdue: i64,
}

/// 逾期名单 — elders of an area in scope with a requirement of the month overdue, the longest
/// overdue first (then by id), with how many days.
pub fn overdue(conn: &mut DbConn, call: &Call, month: Month, area_code: &str) -> AppResult<Vec<OverdueEntry>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ReadElders, area_code)?;
    overdue_of(conn, call, month, &scope, area)
}

/// [`overdue`] of an area the caller has already checked against `scope`.
pub(crate) fn overdue_of(
    conn: &mut DbConn,
    call: &Call,
    month: Month,
    scope: &Scope,
    area: AreaCode,
) -> AppResult<Vec<OverdueEntry>> {
    let Some(AreaMonths { rows, months, .. }) = area_months_of(conn, call, month, scope, area)? else {
        return Ok(Vec::new());
    };
    let mut late: Vec<OverdueEntry> = rows
        .into_iter()
        .zip(months)
        .filter_map(|(row, month)| {
            let oldest = month
                .items
                .iter()
                .filter(|i| i.status == Status::Overdue)
                .map(|i| i.due_by)
                .min()?;
            Some(OverdueEntry {
                elder_id: row.id,
                month,
                days_overdue: (call.today - oldest).num_days(),
            })
        })
        .collect();
    late.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.elder_id.cmp(&b.elder_id))
    });
    Ok(late)
}

/// 覆盖情况 — the two monthly rates (月探访率 and 探访覆盖率) and their counts for an area in
/// the actor's scope and for each town and village in it. `None` when the district has no
/// pack for the month. A month past its reporting deadline is closed first (DOMAIN.md §7) and
/// then answered from what it reported, with the corrections beside it.
pub fn coverage(conn: &mut DbConn, call: &Call, month: Month, area_code: &str) -> AppResult<Option<Coverage>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ReadElders, area_code)?;
    coverage_of(conn, call, month, &scope, &area)
}

/// [`coverage`] of an area the caller has already checked against `scope` (the city's
/// figures of a district, read with `ReadFigures`).
pub(crate) fn coverage_of(
    conn: &mut DbConn,
    call: &Call,
    month: Month,
    scope: &Scope,
    area: &AreaCode,
) -> AppResult<Option<Coverage>> {
    let Some(pack) = pack_of_area(conn, call, area.as_str(), month.first_day())? else {
        return Ok(None);
    };
    if let Some(closed) = super::closing::closed_by_now(conn, call, pack, area, month)? {
        return super::closing::coverage(conn, call, pack, (scope, area), month, closed).map(Some);
    }
    let Some(AreaMonths { rows, months, .. }) = area_months_of(conn, call, month, scope, area.clone())? else {
        return Ok(None);
    };
    let mut tally = Tally::default();
    for (row, result) in rows.iter().zip(&months) {
        tally.apply(&row.village_code, outcome(result), true);
    }
    let (total, towns, villages) = tally.named(conn, area)?;
    Ok(Some(Coverage {
        month,
        pack_id: pack.id.clone(),
        total,
        towns,
        villages,
        closed: None,
    }))
}
