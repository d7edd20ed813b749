//! 结对 — each elder's responsible contact (village staff by default) and the order in which
//! people are told of a major risk.

use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::{PairingRow, UserRow};
use crate::db::{elders, pairings, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Permission, Role};
use crate::domain::id::{AccountId, ElderId};
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::pairing::{emergency_chain, ChainEntry, ContactRank};
use crate::error::{AppError, AppResult};

/// An elder's responsible contact as shown to organizers and family.
#[derive(Debug, Clone)]
pub struct ResponsibleContact {
    pub user_id: AccountId,
    pub name: String,
    pub role: Role,
    pub phone_masked: Option<String>,
    /// Named by an organizer; `false` when it is the village staff by default.
    pub paired: bool,
    pub note: Option<String>,
}

fn contact_of(user: UserRow, pairing: Option<&PairingRow>) -> ResponsibleContact {
    ResponsibleContact {
        role: user.role,
        user_id: user.id,
        name: user.display_name,
        phone_masked: user.phone_masked,
        paired: pairing.is_some(),
        note: pairing.and_then(|p| p.note.clone()),
    }
}

/// 结对 — an organizer names an active staff or visitor account of their area as an elder's
/// responsible contact (replacing any earlier one; audited).
pub fn pair(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    contact_user_id: &AccountId,
    note: Option<&str>,
) -> AppResult<ResponsibleContact> {
    let scope = call.scope(Permission::WriteElders)?;
    let mut errors = InvalidInput::default();
    let note = errors.check("note", optional_text(note.unwrap_or(""), 200));
    let note = errors.finish(|| note)?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
        let contact = users::find(conn, &scope, contact_user_id)?
            .filter(|u| {
                u.status == AccountStatus::Active
                    && [Role::VillageStaff, Role::TownOrganizer, Role::Visitor].contains(&u.role)
            })
            .ok_or_else(|| {
                AppError::field(
                    "contactUserId",
                    "not_a_contact",
                    "结对联系人须为本辖区已启用的村(居)工作人员、镇街工作人员或探访人员",
                )
            })?;
        let before = pairings::of_elder(conn, &elder.id)?;
        let row = PairingRow {
            elder_id: elder.id.clone(),
            contact_user_id: contact.id.clone(),
            note: note.clone(),
            paired_by: call.actor.label.clone(),
            paired_at: call.now,
        };
        pairings::upsert(conn, &row)?;
        let subject = Subject {
            object_type: "elder",
            object_id: Some(elder.id.as_str()),
            area_code: Some(&elder.village_code),
        };
        let before = before.map(|p| json!({"contact": p.contact_user_id}));
        let after = json!({"contact": row.contact_user_id});
        audit::record(
            conn,
            call,
            "elder.pair",
            subject,
            row.note.as_deref(),
            before.as_ref(),
            Some(&after),
        )?;
        Ok(contact_of(contact, Some(&row)))
    })
}

/// 结对联系人 — the elder's named contact, or the village's staff by default; `None` when the
/// village has no active staff account yet.
pub fn responsible_contact(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
) -> AppResult<Option<ResponsibleContact>> {
    let scope = call.scope(Permission::ReadElders)?;
    let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    contact_for(conn, &elder.id, &elder.village_code)
}

pub(super) fn contact_for(
    conn: &mut DbConn,
    elder_id: &ElderId,
    village_code: &str,
) -> AppResult<Option<ResponsibleContact>> {
    let pairing = pairings::of_elder(conn, elder_id)?;
    let paired = match &pairing {
        Some(p) => users::by_id(conn, &p.contact_user_id)?.filter(|u| u.status == AccountStatus::Active),
        None => None,
    };
    match paired {
        Some(user) => Ok(Some(contact_of(user, pairing.as_ref()))),
        None => Ok(pairings::village_staff(conn, village_code)?.map(|u| contact_of(u, None))),
    }
}

/// 通知顺序 — who is told of a major risk, in order: the elder's children, then close
/// relatives (from the file's emergency contacts, masked), then the responsible contact.
pub fn notification_order(conn: &mut DbConn, call: &Call, elder_id: &ElderId) -> AppResult<Vec<ChainEntry>> {
    let scope = call.scope(Permission::ReadElders)?;
    let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let contacts: Vec<(String, String, String)> = elders::contacts_of(conn, &elder.id)?
        .into_iter()
        .map(|c| (c.name, c.relation, c.phone_masked))
        .collect();
    let village = contact_for(conn, &elder.id, &elder.village_code)?.map(|c| ChainEntry {
        rank: ContactRank::VillageStaff,
        name: c.name,
        relation: "结对联系人".to_string(),
        phone_masked: c.phone_masked.unwrap_or_default(),
    });
    Ok(emergency_chain(&contacts, village))
}
