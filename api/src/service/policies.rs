//! Use cases on policy packs: the built-in packs, a district's choice and its history, and
//! the tier an elder holds.

use chrono::NaiveDate;
use diesel::Connection;
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::DistrictPolicyRow;
use crate::db::{elders, policies, DbConn};
use crate::domain::access::Permission;
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::policy::choice::{check_new_choice, pack_in_force, PackChoice};
use crate::domain::policy::{builtin, ElderFacts, PolicyPack, TierMatch};
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

/// The tier an elder in the actor's scope holds on `day` under the district's pack then, and
/// the rule that put them there. `None` when the district has no pack for that day.
pub fn elder_tier(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &str,
    day: NaiveDate,
) -> AppResult<Option<(String, TierMatch)>> {
    let scope = call.scope(Permission::ReadElders)?;
    let row = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let Some(district) = district_of(&row.village_code) else {
        return Ok(None);
    };
    let Some(pack) = pack_on(conn, district.as_str(), day)? else {
        return Ok(None);
    };
    let file = super::elders::stored_file(conn, call, &row)?;
    let facts = ElderFacts::from_file(&file);
    Ok(pack.tier_on(&facts, day, None).map(|tier| (pack.id.clone(), tier)))
}
