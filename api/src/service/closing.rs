//! 关账 — closed months (DOMAIN.md §7). A district's month closes when its reporting deadline
//! passes (the pack's `month_closes_on`, by default the end of the 5th of the next month), or
//! at once when a district admin closes it. Closing stores what the month reported — per
//! elder and per area — computed *as known at* the deadline: visits accepted by then and not
//! rejected by then, fact and service changes recorded by then, elders registered by then. So
//! a month closed lazily, on the first read after its deadline, reports exactly what it would
//! have reported at the deadline.
//!
//! After closing, the figures never move. What would change them — a record accepted late, a
//! rejection after acceptance, a back-dated fact, a late service change, a late registration
//! — is listed as a correction beside them (elder, what, who, why, when), with the figures as
//! they would be now. Only the elders touched by something recorded after the deadline are
//! evaluated again, so a closed month is answered from its stored rows.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::policies::{evaluate_months, outcome, Among, CoverageCounts, Tally, MAX_SURGE_DAYS};
use super::{audit, Call};
use crate::db::closing::{self, ClosedAreaRow, ClosedElderRow, ClosedMonthRow};
use crate::db::models::ElderPolicyRow;
use crate::db::{elders, write_transaction, DbConn};
use crate::domain::access::recorder;
use crate::domain::access::{Permission, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::closing::{CloseHow, CorrectionKind, Outcome};
use crate::domain::id::{AccountId, ElderId};
use crate::domain::period::Month;
use crate::domain::policy::{history, PolicyPack};
use crate::error::{AppError, AppResult};

/// Who closed a month at its deadline.
const SYSTEM: &str = "系统";

/// 更正 — something recorded after a month closed that changes one elder's result in it.
#[derive(Debug, Clone)]
pub struct Correction {
    pub elder_id: ElderId,
    pub elder_name: String,
    pub village_code: String,
    pub kind: CorrectionKind,
    /// What changed, in words.
    pub what: String,
    /// Who recorded it.
    pub by: String,
    /// The reason or review comment given.
    pub why: Option<String>,
    /// When it was recorded (UTC).
    pub at: NaiveDateTime,
    /// The elder's result as reported, and as it would be now.
    pub reported: Outcome,
    pub now: Outcome,
}

/// A closed month beside its reported figures: the corrections, and the figures as they
/// would be now.
#[derive(Debug, Clone)]
pub struct ClosedFigures {
    pub row: ClosedMonthRow,
    pub now_total: CoverageCounts,
    pub now_towns: Vec<CoverageCounts>,
    pub now_villages: Vec<CoverageCounts>,
    pub corrections: Vec<Correction>,
}

fn district_of(area: &AreaCode) -> AppResult<AreaCode> {
    super::policies::district_of(area.as_str())
        .ok_or_else(|| AppError::field("areaCode", "not_in_district", "该区划不属于任何区县"))
}

/// The moment (UTC) `month` closes under `pack`.
fn deadline(pack: &PolicyPack, month: Month) -> NaiveDateTime {
    pack.month_deadline(month) - TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()))
}

/// The closed month of `area`'s district, closing it first when its deadline has passed;
/// `None` while it is open.
pub(crate) fn closed_by_now(
    conn: &mut DbConn,
    call: &Call,
    pack: &PolicyPack,
    area: &AreaCode,
    month: Month,
) -> AppResult<Option<ClosedMonthRow>> {
    let district = district_of(area)?;
    if let Some(row) = closing::find(conn, district.as_str(), &month.to_string())? {
        return Ok(Some(row));
    }
    let due = deadline(pack, month);
    if call.now < due {
        return Ok(None);
    }
    match close(conn, call, pack, &district, month, (due, CloseHow::Deadline, SYSTEM)) {
        Ok(row) => Ok(Some(row)),
        // Closed by another request meanwhile: read theirs.
        Err(error) => closing::find(conn, district.as_str(), &month.to_string())?
            .map(Some)
            .ok_or(error),
    }
}

/// 关账 — a district admin closes a month of their district at once (a month that has ended
/// and is not closed yet); its figures are those known now (or at its deadline, if that has
/// passed).
pub fn close_month(conn: &mut DbConn, call: &Call, district_code: &str, month: Month) -> AppResult<ClosedMonthRow> {
    let (_, district) = super::areas::area_in_scope(call, Permission::ManageAreas, district_code)?;
    if district.level() != AreaLevel::District {
        return Err(AppError::field(
            "districtCode",
            "not_a_district",
            "请选择区县 (a district)",
        ));
    }
    if month.last_day() >= call.today {
        return Err(AppError::field(
            "month",
            "not_ended",
            format!("{month} 尚未结束，不能关账 (the month has not ended)"),
        ));
    }
    if closing::find(conn, district.as_str(), &month.to_string())?.is_some() {
        return Err(AppError::field(
            "month",
            "closed",
            format!("{month} 已关账 (already closed)"),
        ));
    }
    let pack = super::policies::pack_on(conn, call, district.as_str(), month.first_day())?
        .ok_or_else(|| AppError::field("month", "no_pack", format!("{month} 本区未选择政策包，无可关账的数据")))?;
    // Past its deadline, a month closes as known at the deadline, whoever closes it.
    let known_at = call.now.min(deadline(pack, month));
    let row = close(
        conn,
        call,
        pack,
        &district,
        month,
        (known_at, CloseHow::Admin, &call.actor.label),
    )?;
    audit::record(
        conn,
        call,
        "month.close",
        audit::Subject {
            object_type: "month",
            object_id: Some(&row.month),
            area_code: Some(&row.district_code),
        },
        None,
        None,
        Some(&serde_json::json!({"month": row.month, "knownAt": row.known_at})),
    )?;
    Ok(row)
}

/// Evaluates a district's month as known at `known_at` and stores it closed.
fn close(
    conn: &mut DbConn,
    call: &Call,
    pack: &PolicyPack,
    district: &AreaCode,
    month: Month,
    (known_at, how, by): (NaiveDateTime, CloseHow, &str),
) -> AppResult<ClosedMonthRow> {
    write_transaction(conn, |conn| {
        let scope = Scope::System;
        let range = district.subtree_range();
        let late: std::collections::HashSet<ElderId> =
            closing::elders_created_after(conn, (&range.0, &range.1), known_at)?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
        let rows: Vec<ElderPolicyRow> = elders::policy_rows_in_area(conn, &scope, district)?
            .into_iter()
            .filter(|r| !late.contains(&r.id))
            .collect();
        let months = evaluate_months(
            conn,
            call,
            pack,
            Among::Area(&scope, district),
            &rows,
            month,
            Some(known_at),
        )?;
        let (district_code, month_text) = (district.as_str().to_string(), month.to_string());
        let mut tally = Tally::default();
        let mut elder_rows = Vec::with_capacity(rows.len());
        for (row, result) in rows.iter().zip(&months) {
            let o = outcome(result);
            tally.apply(&row.village_code, o, true);
            elder_rows.push(ClosedElderRow {
                district_code: district_code.clone(),
                month: month_text.clone(),
                elder_id: row.id.clone(),
                village_code: row.village_code.clone(),
                in_rate: o.in_rate,
                met: o.met,
                overdue: o.overdue,
                contacted: o.contacted,
            });
        }
        let area_row = |code: &str, c: &CoverageCounts| ClosedAreaRow {
            district_code: district_code.clone(),
            month: month_text.clone(),
            area_code: code.to_string(),
            elders: i32::try_from(c.elders).unwrap_or(i32::MAX),
            met: i32::try_from(c.met).unwrap_or(i32::MAX),
            due: i32::try_from(c.due).unwrap_or(i32::MAX),
            overdue: i32::try_from(c.overdue).unwrap_or(i32::MAX),
            contacted: i32::try_from(c.contacted).unwrap_or(i32::MAX),
        };
        let mut area_rows = vec![area_row(district.as_str(), &tally.total)];
        area_rows.extend(
            tally
                .towns
                .iter()
                .chain(&tally.villages)
                .map(|(code, c)| area_row(code, c)),
        );
        let closed = ClosedMonthRow {
            district_code: district_code.clone(),
            month: month_text.clone(),
            pack_id: pack.id.clone(),
            known_at,
            closed_how: how,
            closed_by: by.to_string(),
            closed_at: call.now,
        };
        if !closing::insert(conn, &closed, &elder_rows, &area_rows)? {
            return Err(AppError::field(
                "month",
                "closed",
                format!("{month_text} 已关账 (already closed)"),
            ));
        }
        Ok(closed)
    })
}

fn counts_of(row: &ClosedAreaRow) -> CoverageCounts {
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    CoverageCounts {
        code: row.area_code.clone(),
        name: String::new(),
        elders: n(row.elders),
        met: n(row.met),
        due: n(row.due),
        overdue: n(row.overdue),
        contacted: n(row.contacted),
    }
}

/// What was recorded after the month closed about one elder.
struct Cause {
    kind: CorrectionKind,
    what: String,
    by: String,
    why: Option<String>,
    at: NaiveDateTime,
}

/// The coverage of a closed month for `area` (in `scope`): the reported counts, the
/// corrections and the counts as they would be now.
pub(crate) fn coverage(
    conn: &mut DbConn,
    call: &Call,
    pack: &PolicyPack,
    (scope, area): (&Scope, &AreaCode),
    month: Month,
    closed: ClosedMonthRow,
) -> AppResult<super::policies::Coverage> {
    let range = area.subtree_range();
    let reported = closing::areas_in(conn, &closed.district_code, &closed.month, (&range.0, &range.1))?;
    let mut tally = Tally::default();
    for row in &reported {
        let counts = counts_of(row);
        match row.area_code.len() {
            _ if row.area_code == area.as_str() => tally.total = counts,
            9 => {
                tally.towns.insert(row.area_code.clone(), counts);
            }
            12 => {
                tally.villages.insert(row.area_code.clone(), counts);
            }
            _ => {}
        }
    }
    let (corrections, changed) = corrections(conn, call, pack, (scope, area), month, &closed)?;
    let mut now = tally.clone();
    for (reported, live) in changed {
        if let Some((village, o)) = reported {
            now.apply(&village, o, false);
        }
        if let Some((village, o)) = live {
            now.apply(&village, o, true);
        }
    }
    let (total, towns, villages) = tally.named(conn, area)?;
    let (now_total, now_towns, now_villages) = now.named(conn, area)?;
    Ok(super::policies::Coverage {
        month,
        pack_id: closed.pack_id.clone(),
        total,
        towns,
        villages,
        closed: Some(ClosedFigures {
            row: closed,
            now_total,
            now_towns,
            now_villages,
            corrections,
        }),
    })
}

/// What one elder adds to a village's figures, if anything.
type Contribution = Option<(String, Outcome)>;
/// An elder's contribution as reported and as it would be now.
type Changed = (Contribution, Contribution);

/// The corrections of a closed month in `area`, and for each elder whose result changed, what
/// it contributed as reported and what it would contribute now.
fn corrections(
    conn: &mut DbConn,
    call: &Call,
    pack: &PolicyPack,
    (scope, area): (&Scope, &AreaCode),
    month: Month,
    closed: &ClosedMonthRow,
) -> AppResult<(Vec<Correction>, Vec<Changed>)> {
    let range = area.subtree_range();
    let range = (range.0.as_str(), range.1.as_str());
    let after = closed.known_at;
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    let utc = |day: NaiveDate| day.and_time(chrono::NaiveTime::MIN) - offset;
    // Every window a requirement of the month may read lies in these days.
    let window = (
        utc(month.first_day() - TimeDelta::days(MAX_SURGE_DAYS)),
        utc(month.last_day() + TimeDelta::days(1)),
    );
    let mut causes: HashMap<ElderId, Vec<Cause>> = HashMap::new();
    // A file registered late is one correction: its first facts and status, written with it,
    // are not others.
    let registered: HashMap<ElderId, NaiveDateTime> =
        closing::elders_created_after(conn, range, after)?.into_iter().collect();
    for (id, created_at) in &registered {
        causes.entry(id.clone()).or_default().push(Cause {
            kind: CorrectionKind::LateRegistration,
            what: "截止后建档".to_string(),
            by: SYSTEM.to_string(),
            why: None,
            at: *created_at,
        });
    }
    let with_registration = |id: &ElderId, at: NaiveDateTime| registered.get(id) == Some(&at);
    let late_visits = closing::visits_reviewed_after(conn, range, window, after)?;
    let reviewers: Vec<AccountId> = late_visits.iter().filter_map(|v| v.reviewed_by.clone()).collect();
    let names: HashMap<AccountId, String> = closing::display_names(conn, &reviewers)?.into_iter().collect();
    for visit in late_visits {
        let day = (visit.visited_at + offset).date();
        let rejected = visit.rejected_at.filter(|at| *at > after);
        let (kind, verb, at) = match (rejected, visit.accepted_at) {
            (Some(at), _) => (CorrectionKind::RejectedAfterAcceptance, "截止后被驳回", at),
            (None, Some(at)) => (CorrectionKind::LateRecord, "截止后审核通过", at),
            (None, None) => continue,
        };
        causes.entry(visit.elder_id).or_default().push(Cause {
            kind,
            what: format!("{day} {}探访记录{verb}", visit.mode.label_zh()),
            by: visit
                .reviewed_by
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| SYSTEM.to_string()),
            why: visit.review_comment,
            at,
        });
    }
    let fact_rows = closing::fact_changes_recorded_after(conn, range, after, month.last_day())?;
    let fact_elders: Vec<ElderId> = fact_rows.iter().map(|r| r.elder_id.clone()).collect();
    // Each elder's facts replayed once, whatever the number of their late changes.
    let mut spans = HashMap::new();
    for (id, changes) in super::elders::fact_changes_by_elder(conn, &fact_elders)? {
        let replayed = history::spans(&changes, None)
            .map_err(|e| AppError::Internal(format!("the facts of elder {id} cannot be replayed: {e}")))?;
        spans.insert(id, replayed);
    }
    for row in fact_rows {
        if with_registration(&row.elder_id, row.recorded_at) {
            continue;
        }
        let change = super::elders::fact_change_of(&row)?;
        let values = history::describe(&change, spans.get(&row.elder_id).map(Vec::as_slice).unwrap_or_default())
            .map_err(AppError::Internal)?;
        let words: Vec<String> = values.iter().map(|(f, v)| format!("{}：{v}", f.label_zh())).collect();
        causes.entry(row.elder_id.clone()).or_default().push(Cause {
            kind: CorrectionKind::BackdatedFact,
            what: format!("{}（自 {} 起）", words.join("，"), row.effective_from),
            by: recorder(&row.recorded_by).to_string(),
            why: row.reason,
            at: row.recorded_at,
        });
    }
    for row in closing::status_changes_recorded_after(conn, range, after, month.last_day())? {
        if with_registration(&row.elder_id, row.recorded_at) {
            continue;
        }
        causes.entry(row.elder_id.clone()).or_default().push(Cause {
            kind: CorrectionKind::StatusChange,
            what: format!("服务状态改为{}（自 {} 起）", row.status.label_zh(), row.effective_on),
            by: recorder(&row.recorded_by).to_string(),
            why: row.note,
            at: row.recorded_at,
        });
    }
    if causes.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let ids: Vec<ElderId> = causes.keys().cloned().collect();
    let rows = elders::find_many(conn, scope, &ids)?;
    let policy_rows: Vec<ElderPolicyRow> = rows.iter().map(ElderPolicyRow::from).collect();
    let live = evaluate_months(conn, call, pack, Among::Rows, &policy_rows, month, None)?;
    let reported: HashMap<ElderId, ClosedElderRow> =
        closing::elders_of(conn, &closed.district_code, &closed.month, &ids)?
            .into_iter()
            .map(|r| (r.elder_id.clone(), r))
            .collect();
    let mut corrections = Vec::new();
    let mut changed = Vec::new();
    for (row, result) in rows.iter().zip(&live) {
        let now = outcome(result).counted();
        let before = reported.get(&row.id);
        let then = before.map_or_else(Outcome::default, |r| {
            Outcome {
                in_rate: r.in_rate,
                met: r.met,
                overdue: r.overdue,
                contacted: r.contacted,
            }
            .counted()
        });
        if then == now {
            continue;
        }
        changed.push((
            before.map(|r| (r.village_code.clone(), then)),
            Some((row.village_code.clone(), now)),
        ));
        let mut found = causes.remove(&row.id).unwrap_or_default();
        found.sort_by_key(|c| c.at);
        for cause in found {
            corrections.push(Correction {
                elder_id: row.id.clone(),
                elder_name: row.name.clone(),
                village_code: row.village_code.clone(),
                kind: cause.kind,
                what: cause.what,
                by: cause.by,
                why: cause.why,
                at: cause.at,
                reported: then,
                now,
            });
        }
    }
    corrections.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.elder_id.cmp(&b.elder_id)));
    Ok((corrections, changed))
}
