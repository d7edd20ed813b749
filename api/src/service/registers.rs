//! 登记表打印 — one elder's file printed as the district's registration form (渝北 附件2,
//! 江门 附件2): read in the caller's scope, masked, audited (`elder.print`: the name, address
//! and masked numbers are on the page). With a stated reason, an account with the unmask
//! permission prints the numbers in full (audited with the reason, as an unmasked export).

use std::collections::HashMap;

use serde_json::json;

use super::audit::{self, Subject};
use super::exports::Masking;
use super::{elders as elder_files, Call};
use crate::db::models::ElderRow;
use crate::db::{areas, elders, write_transaction, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::id::ElderId;
use crate::domain::register::{self, Member, Place, RegisterForm, RegisterSheet};
use crate::error::{AppError, AppResult};

fn elder_not_found() -> AppError {
    AppError::NotFound { what: "老人档案" }
}

/// The places of `codes` (villages): district, town and village names.
pub(crate) fn places(conn: &mut DbConn, codes: &[&str]) -> AppResult<HashMap<String, (String, String, String)>> {
    let villages = areas::find_many(conn, &codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>())?;
    let towns: Vec<String> = villages.iter().filter_map(|v| v.parent_code.clone()).collect();
    let towns = areas::find_many(conn, &towns)?;
    let districts: Vec<String> = towns.iter().filter_map(|t| t.parent_code.clone()).collect();
    let districts = areas::find_many(conn, &districts)?;
    let name = |rows: &[crate::db::models::AreaRow], code: Option<&String>| {
        code.and_then(|c| rows.iter().find(|r| &r.code == c))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    Ok(villages
        .iter()
        .map(|v| {
            let town_code = v.parent_code.as_ref();
            let district_code = town_code
                .and_then(|t| towns.iter().find(|r| &r.code == t))
                .and_then(|t| t.parent_code.as_ref());
            (
                v.code.clone(),
                (name(&districts, district_code), name(&towns, town_code), v.name.clone()),
            )
        })
        .collect())
}

/// What `form` prints of the file `row`: masked, or with the numbers in full when `masking`
/// says so (the caller has checked the permission).
pub(crate) fn sheet(conn: &mut DbConn, call: &Call, row: &ElderRow, masking: &Masking) -> AppResult<RegisterSheet> {
    let ids = [row.id.clone()];
    let categories = elder_files::categories_by_elder(conn, call, &ids)?
        .remove(&row.id)
        .unwrap_or_default();
    let family = elder_files::family_by_elder(conn, call, &ids)?
        .remove(&row.id)
        .unwrap_or_default();
    let contacts = elder_files::contacts_by_elder(conn, call, &ids)?
        .remove(&row.id)
        .unwrap_or_default();
    let mut codes = vec![row.village_code.as_str()];
    if let Some(code) = &row.household_village_code {
        codes.push(code);
    }
    let places = places(conn, &codes)?;
    let place = |code: Option<&String>, address: Option<&String>| {
        let (district, town, village) = code.and_then(|c| places.get(c)).cloned().unwrap_or_default();
        Place {
            district,
            town,
            village,
            address: address.cloned().unwrap_or_default(),
        }
    };
    let health = call.actor.can(Permission::ReadHealth);
    let today = call.today;
    let contact = contacts.first();
    let mut id_number = row.id_number_masked.clone();
    let mut phone = row.phone_masked.clone().unwrap_or_default();
    let mut contact_phone = contact.map(|c| c.phone_masked.clone()).unwrap_or_default();
    let mut disability_certificate = row.disability_certificate_masked.clone().unwrap_or_default();
    if let Masking::Unmasked(_) = masking {
        let file = elder_files::stored_file(conn, call, row)?;
        id_number = file.id_number.as_str().to_owned();
        phone = file.phone.map(|p| p.as_str().to_owned()).unwrap_or_default();
        contact_phone = file
            .emergency_contacts
            .first()
            .map(|c| c.phone.as_str().to_owned())
            .unwrap_or_default();
        disability_certificate = file.disability.and_then(|d| d.certificate_no).unwrap_or_default();
    }
    Ok(RegisterSheet {
        registered_on: row.created_at.date(),
        name: row.name.clone(),
        sex: row.sex.label_zh().to_owned(),
        id_number,
        phone,
        contact_name: contact.map(|c| c.name.clone()).unwrap_or_default(),
        contact_phone,
        household: place(row.household_village_code.as_ref(), row.household_address.as_ref()),
        residence: place(Some(&row.village_code), Some(&row.residence_address)),
        ability: health.then_some(row.ability_level),
        disease_history: row.disease_history.clone().filter(|_| health).unwrap_or_default(),
        economic_status: row.economic_status,
        monthly_income_yuan: row.monthly_income_yuan,
        pension_yuan: row.pension_yuan,
        subsidies: row.subsidies.clone().unwrap_or_default(),
        categories,
        disability_certificate: if health { disability_certificate } else { String::new() },
        key_elder: Some(super::policies::is_key_elder(conn, call, row, today)?),
        family: family
            .into_iter()
            .map(|m| Member {
                name: m.name,
                sex: m.sex.map(|s| s.label_zh().to_owned()).unwrap_or_default(),
                relation: m.relation,
                health: m.health.unwrap_or_default(),
                visits_often: m.visits_often,
            })
            .collect(),
        help_received: row.help_received.clone().unwrap_or_default(),
        consent: row.consent,
        consent_note: row.consent_note.clone().unwrap_or_default(),
    })
}

/// 打印登记表 — the file `id` as `form`: one printable HTML page. Needs the file in the
/// caller's scope; unmasked, needs the unmask permission there (refused naming `reason`
/// otherwise). Every print is audited, an unmasked one with its reason.
pub fn print(conn: &mut DbConn, call: &Call, id: &ElderId, form: RegisterForm, masking: &Masking) -> AppResult<String> {
    let (scope, reason) = print_access(call, masking, "您的账号无权查看完整证件号和电话，请不填查看原因再打印")?;
    write_transaction(conn, |conn| {
        let row = elders::find(conn, &scope, id)?.ok_or_else(elder_not_found)?;
        let sheet = sheet(conn, call, &row, masking)?;
        let html = register::render_html(form, &sheet)?;
        audit_print(conn, call, &row, form.code(), reason)?;
        Ok(html)
    })
}

/// Where a page about an elder may be printed from, and the reason it is printed unmasked:
/// masked, wherever the caller reads elder files; unmasked, where they may unmask (refused,
/// naming `reason`, with `refused` as the words, for an account that may not).
pub(crate) fn print_access<'m>(
    call: &Call,
    masking: &'m Masking,
    refused: &str,
) -> AppResult<(Scope, Option<&'m str>)> {
    match masking {
        Masking::Masked => Ok((call.scope(Permission::ReadElders)?, None)),
        Masking::Unmasked(reason) => {
            if !call.actor.can(Permission::Unmask) {
                return Err(match call.denied() {
                    AppError::Forbidden => AppError::field("reason", "forbidden", refused),
                    other => other,
                });
            }
            Ok((call.scope(Permission::Unmask)?, Some(reason.as_str())))
        }
    }
}

/// Audits a printed page about `elder` (`elder.print`, with the form and, unmasked, the reason).
pub(crate) fn audit_print(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    form: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    audit::record(
        conn,
        call,
        "elder.print",
        Subject {
            object_type: "elder",
            object_id: Some(elder.id.as_str()),
            area_code: Some(&elder.village_code),
        },
        reason,
        None,
        Some(&json!({"form": form, "unmasked": reason.is_some()})),
    )?;
    Ok(())
}
