//! 家属 — what a family account reads of the elder it follows: the visits the elder agreed to
//! share, and the responsible contact (结对联系人) with a number to call.

use super::pairings::{contact_for, ResponsibleContact};
use super::Call;
use crate::db::models::UserRow;
use crate::db::{elders, records, users, DbConn};
use crate::domain::access::{Permission, Role};
use crate::domain::elder::mask_middle;
use crate::domain::policy::VisitMode;
use crate::domain::record::RecordStatus;
use crate::error::{AppError, AppResult};

/// The most visits the family page lists (a year of weekly visits and more).
const FAMILY_VISITS: i64 = 100;

/// One shared visit as the family sees it: when, how, who (name masked to the surname) and
/// whether the town has reviewed it — never what the visitor recorded about health or home.
#[derive(Debug, Clone)]
pub struct FamilyVisit {
    pub visit_no: i32,
    pub started_at: chrono::NaiveDateTime,
    pub mode: VisitMode,
    pub status: RecordStatus,
    pub visitor_name: String,
}

/// 探访记录 — the submitted or accepted visits to the followed elder, newest first; none when
/// the elder does not share (the scope gives nothing).
pub fn visits(conn: &mut DbConn, call: &Call) -> AppResult<Vec<FamilyVisit>> {
    let scope = call.scope(Permission::ViewAsFamily)?;
    let rows = records::shared_with_family(conn, &scope, FAMILY_VISITS)?;
    let ids: Vec<_> = rows.iter().map(|r| r.visitor_id.clone()).collect();
    let names: std::collections::HashMap<_, _> = users::by_ids(conn, &ids)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| FamilyVisit {
            visit_no: r.visit_no,
            started_at: r.started_at,
            mode: r.mode,
            status: r.status,
            visitor_name: names
                .get(&r.visitor_id)
                .map(|n| mask_middle(n, 1, 0))
                .unwrap_or_default(),
        })
        .collect())
}

/// The responsible contact as the family reaches them. Decision: a staff contact's number
/// (村(居)/镇街工作人员, a work contact named to the family in writing — ningbo) is given in
/// full so the family can call; a visitor's own number stays masked.
pub struct FamilyContact {
    pub contact: ResponsibleContact,
    pub phone: Option<String>,
}

/// 结对联系人 of the followed elder (the village's staff by default); `None` when the elder
/// does not share or the village has no staff account yet.
pub fn contact(conn: &mut DbConn, call: &Call) -> AppResult<Option<FamilyContact>> {
    let scope = call.scope(Permission::ViewAsFamily)?;
    let Some(elder_id) = &call.actor.elder_id else {
        return Ok(None);
    };
    let Some(elder) = elders::find(conn, &scope, elder_id)? else {
        return Ok(None);
    };
    let Some(contact) = contact_for(conn, &elder.id, &elder.village_code)? else {
        return Ok(None);
    };
    let staff = matches!(contact.role, Role::VillageStaff | Role::TownOrganizer);
    let phone = if staff {
        users::by_id(conn, &contact.user_id)?
            .as_ref()
            .and_then(|u: &UserRow| u.phone_enc.as_deref())
            .map(|enc| call.cipher.decrypt(users::USER_PHONE, enc))
            .transpose()
            .map_err(|_| AppError::Internal("contact phone cannot be decrypted".into()))?
    } else {
        None
    };
    Ok(Some(FamilyContact { contact, phone }))
}
