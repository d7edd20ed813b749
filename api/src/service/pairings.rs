//! 结对 — each elder's responsible contact (village staff by default) and the order in which
//! people are told of a major risk.

use serde_json::json;

use super::audit::{self, Subject};
use super::exports::Masking;
use super::Call;
use crate::db::models::{PairingRow, UserRow};
use crate::db::{elders, pairings, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Permission, Role};
use crate::domain::id::{AccountId, ElderId};
use crate::domain::input::{optional_text, InvalidInput};
use crate::domain::pairing::{emergency_chain, render_notice, ChainEntry, ContactRank, PairingNotice};
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

/// 打印书面告知 — the written notice of the elder's responsible contact for the elder and their
/// family (ningbo-draft 二（二）"巡访责任人应将姓名、联系方式等基本信息书面告知巡访对象及其赡养人"):
/// one printable HTML page naming the elder, the contact and their phone, and the visits the
/// elder's tier asks for under the pack in force today. Needs the elder in the caller's scope;
/// the phone is masked as on the registration form, in full only with a reason and the unmask
/// permission there (audited with it). Decision: a visitor's own number is never printed in
/// full (as on the family's page, which shows only staff numbers); their notice says to call
/// them through the village. Refused when the elder has no contact yet.
pub fn print_notice(conn: &mut DbConn, call: &Call, elder_id: &ElderId, masking: &Masking) -> AppResult<String> {
    let (scope, reason) =
        super::registers::print_access(call, masking, "您的账号无权查看完整电话，请不填查看原因再打印")?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
        let contact = contact_for(conn, &elder.id, &elder.village_code)?.ok_or_else(|| {
            AppError::field(
                "contactUserId",
                "no_contact",
                "该老人还没有结对联系人，所在村(居)也没有已启用的工作人员，请先结对",
            )
        })?;
        let staff = matches!(contact.role, Role::VillageStaff | Role::TownOrganizer);
        let mut phone = contact.phone_masked.clone().unwrap_or_default();
        if reason.is_some() && staff {
            if let Some(enc) = users::by_id(conn, &contact.user_id)?.and_then(|u| u.phone_enc) {
                phone = call
                    .cipher
                    .decrypt(users::USER_PHONE, &enc)
                    .map_err(|_| AppError::Internal("contact phone cannot be decrypted".into()))?;
            }
        }
        if !staff {
            phone = format!("{phone}（请经村(居)委会联系）");
        }
        let paired_on = match contact.paired {
            true => pairings::of_elder(conn, &elder.id)?.map(|p| p.paired_at.date().to_string()),
            false => None,
        };
        let places = super::registers::places(conn, &[elder.village_code.as_str()])?;
        let (_, town, village) = places.get(&elder.village_code).cloned().unwrap_or_default();
        let frequency = super::policies::visit_frequency_on(conn, call, &elder, call.today)?;
        let (pack, tier, visits) = match frequency {
            Some(f) => (Some(f.pack), f.tier, f.visits),
            None => (None, None, Vec::new()),
        };
        let notice = PairingNotice {
            elder_name: elder.name.clone(),
            town,
            village,
            contact_name: contact.name.clone(),
            contact_role: contact.role.label_zh().to_owned(),
            contact_phone: phone,
            paired_on,
            pack,
            tier,
            visits,
            printed_on: format!(
                "{}年{}月{}日",
                call.today.format("%Y"),
                call.today.format("%-m"),
                call.today.format("%-d")
            ),
        };
        let html = render_notice(&notice)?;
        super::registers::audit_print(conn, call, &elder, "notice", reason)?;
        Ok(html)
    })
}
