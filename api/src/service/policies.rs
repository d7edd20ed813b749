//! Use cases on policy packs: the built-in packs, a district's choice and its history, and
//! the tier an elder holds.

use chrono::{Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use diesel::Connection;
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::{DistrictPolicyRow, ElderRow, TierRaiseRow, VisitRow};
use crate::db::{elders, policies, DbConn};
use crate::domain::access::Permission;
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::elder::ServiceStatus;
use crate::domain::input::{optional_text, required_text, InvalidInput};
use crate::domain::period::Month;
use crate::domain::policy::choice::{check_new_choice, pack_in_force, PackChoice};
use crate::domain::policy::{
    builtin, evaluate_month, ElderCase, ElderFacts, MonthCompliance, PolicyPack, ServiceSpan, TierId, TierMatch,
    TierRaise, Visit, VisitMode,
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
fn district_of(code: &str) -> Option<AreaCode> {
    code.get(..6).and_then(|c| AreaCode::parse(c).ok())
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
    if builtin(pack_id).is_none() {
        errors.add("packId", "unknown_pack", format!("没有名为 {pack_id} 的政策包"));
    }
    let note = errors.check("note", optional_text(note.unwrap_or(""), 500));
    let (district, note) = errors.finish(|| Some((district?, note?)))?;
    if !scope.contains_area(&district) {
        return Err(AppError::Forbidden);
    }
    conn.transaction(|conn| {
        let history = policies::history(conn, district.as_str())?;
        if let Err(e) = check_new_choice(&choices(&history), effective_from, call.today) {
            return Err(AppError::field("effectiveFrom", "retroactive", e.to_string()));
        }
        let row = DistrictPolicyRow {
            id: Uuid::now_v7().to_string(),
            district_code: district.as_str().to_string(),
            pack_id: pack_id.to_string(),
            effective_from,
            note,
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
            object_id: Some(&row.id),
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

/// The pack a district runs on `day`, if it has chosen one by then.
pub fn pack_on(conn: &mut DbConn, district_code: &str, day: NaiveDate) -> AppResult<Option<PolicyPack>> {
    let history = policies::history(conn, district_code)?;
    Ok(pack_in_force(&choices(&history), day).and_then(|c| builtin(&c.pack_id)))
}

/// An elder in scope with what tiers and compliance need: the district's pack on `day`, the
/// facts of the file, and the latest tier raise under that pack.
struct ElderUnderPack {
    row: ElderRow,
    pack: PolicyPack,
    facts: ElderFacts,
    raise: Option<TierRaise>,
}

fn elder_under_pack(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &str,
    day: NaiveDate,
) -> AppResult<Option<ElderUnderPack>> {
    let scope = call.scope(Permission::ReadElders)?;
    let row = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let Some(district) = district_of(&row.village_code) else {
        return Ok(None);
    };
    let Some(pack) = pack_on(conn, district.as_str(), day)? else {
        return Ok(None);
    };
    let file = super::elders::stored_file(conn, call, &row)?;
    let raise = policies::raises_of(conn, &row)?
        .into_iter()
        .rfind(|r| r.pack_id == pack.id && r.raised_on <= day)
        .map(|r| TierRaise {
            tier: TierId::new(r.tier_id),
            raised_on: r.raised_on,
            reason: r.reason,
        });
    Ok(Some(ElderUnderPack {
        row,
        facts: ElderFacts::from_file(&file),
        pack,
        raise,
    }))
}

/// The tier an elder in the actor's scope holds on `day` under the district's pack then, and
/// the rule that put them there. `None` when the district has no pack for that day.
pub fn elder_tier(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &str,
    day: NaiveDate,
) -> AppResult<Option<(String, TierMatch)>> {
    let Some(e) = elder_under_pack(conn, call, elder_id, day)? else {
        return Ok(None);
    };
    Ok(e.pack
        .tier_on(&e.facts, day, e.raise.as_ref())
        .map(|tier| (e.pack.id.clone(), tier)))
}

/// 上调分类 — an organizer puts an elder in a higher tier of the pack in force, with a written
/// reason. It applies to periods starting after today.
pub fn raise_tier(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &str,
    tier_id: &str,
    reason: &str,
) -> AppResult<TierRaiseRow> {
    let scope = call.scope(Permission::WriteElders)?;
    let mut errors = InvalidInput::default();
    let reason = errors.check("reason", required_text(reason, 500));
    let reason = errors.finish(|| reason)?;
    conn.transaction(|conn| {
        elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
        let e = elder_under_pack(conn, call, elder_id, call.today)?
            .ok_or_else(|| AppError::field("tierId", "no_pack", "该区县尚未选择政策包"))?;
        let target = TierId::new(tier_id);
        let current = e.pack.tier_on(&e.facts, call.today, e.raise.as_ref());
        let rank = |id: &TierId| e.pack.tiers.iter().position(|t| &t.id == id);
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
            elder_id: e.row.id.clone(),
            pack_id: e.pack.id.clone(),
            tier_id: target.as_str().to_string(),
            raised_on: call.today,
            reason: reason.clone(),
            raised_by: call.actor.label.clone(),
            raised_at: call.now,
        };
        policies::insert_raise(conn, &row)?;
        let subject = Subject {
            object_type: "elder",
            object_id: Some(&e.row.id),
            area_code: Some(&e.row.village_code),
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

/// 录入探访 — until the shared record format exists, an organizer enters a minimal visit
/// (elder, mode, local time), accepted on entry.
pub fn record_visit(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &str,
    mode: VisitMode,
    visited_at_local: NaiveDateTime,
) -> AppResult<VisitRow> {
    let scope = call.scope(Permission::WriteElders)?;
    let visited_at = visited_at_local - TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    if visited_at > call.now {
        return Err(AppError::field("visitedAt", "date_in_future", "探访时间不能晚于现在"));
    }
    conn.transaction(|conn| {
        let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
        let row = VisitRow {
            id: Uuid::now_v7().to_string(),
            elder_id: elder.id.clone(),
            village_code: elder.village_code.clone(),
            visited_at,
            mode: mode.as_str().to_string(),
            status: "accepted".to_string(),
            source: "organizer_entry".to_string(),
            entered_by: call.actor.label.clone(),
            entered_at: call.now,
        };
        policies::insert_visit(conn, &row)?;
        let subject = Subject {
            object_type: "visit",
            object_id: Some(&row.id),
            area_code: Some(&row.village_code),
        };
        let after = json!({"elderId": row.elder_id, "mode": row.mode, "visitedAt": visited_at_local});
        audit::record(conn, call, "visit.enter", subject, None, None, Some(&after))?;
        Ok(row)
    })
}

/// 月度达标情况 — every requirement of an elder's month under the pack in force on the
/// month's first day, with the visits that count. `None` when the district has no pack.
pub fn elder_compliance(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &str,
    month: Month,
) -> AppResult<Option<MonthCompliance>> {
    let Some(e) = elder_under_pack(conn, call, elder_id, month.first_day())? else {
        return Ok(None);
    };
    // Half-years and years reach back before the month; weeks and surge windows a little past it.
    let from_local = month
        .first_day()
        .checked_sub_months(Months::new(12))
        .unwrap_or(month.first_day());
    let to_local = month.last_day() + TimeDelta::days(8);
    let offset = TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
    let to_utc = |day: NaiveDate| day.and_time(NaiveTime::MIN) - offset;
    let visits: Vec<Visit> = policies::accepted_visits_of(conn, &e.row, to_utc(from_local), to_utc(to_local))?
        .into_iter()
        .filter_map(|v| {
            Some(Visit {
                at: v.visited_at + offset,
                mode: VisitMode::parse_code(&v.mode)?,
            })
        })
        .collect();
    let history: Vec<(NaiveDate, ServiceStatus)> = elders::status_history_of(conn, &e.row.id)?
        .into_iter()
        .filter_map(|s| Some((s.effective_on, ServiceStatus::parse_code(&s.status)?)))
        .collect();
    let service = ServiceSpan::from_history(&history);
    let mut surges = e.pack.festival_surges(month.year() - 1);
    surges.extend(e.pack.festival_surges(month.year()));
    let risk_assessments: Vec<NaiveDate> = super::elders::stored_file(conn, call, &e.row)?
        .risk_assessment
        .map(|r| r.assessed_on)
        .into_iter()
        .collect();
    let case = ElderCase {
        pack: &e.pack,
        facts: &e.facts,
        service: &service,
        raise: e.raise.as_ref(),
        surges: &surges,
        visits: &visits,
        risk_assessments: &risk_assessments,
    };
    Ok(Some(evaluate_month(&case, month, call.today)))
}
