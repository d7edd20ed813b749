//! 服务记录 beyond visits — staff record the care a visitor gave an elder (理发, 洗衣, 送餐, …)
//! with the elder's confirmation, or the visitor records it themselves, confirmed by the code
//! the elder reads out (as a visit is); where the district's pack says so, the giver's time
//! bank is credited. The town or village that records it is its organiser (民政部令第67号:
//! 谁组织谁记录).

use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::{self, Subject};
use super::ledger::credit_care;
use super::Call;
use crate::db::ledger::{self, CareServiceRow};
use crate::db::models::{ElderRow, UserRow};
use crate::db::{elders, users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Permission, Role};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::care::{credit, Care, CareKind, CareRefused, CARE_TIE_DAYS, MAX_CARE_MINUTES};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::id::{AccountId, CareServiceId, ElderId};
use crate::domain::ledger::care_credit_id;
use crate::domain::record::confirmation::ConfirmedVisit;
use crate::domain::record::format::ElderConfirmationMethod;
use crate::error::{AppError, AppResult};

/// One service given, as staff enter it.
#[derive(Debug, Clone)]
pub struct CareGiven {
    /// Chosen by the client (a UUID), so that sending the same entry twice records it once.
    pub id: CareServiceId,
    pub elder_id: ElderId,
    /// A platform kind, or — with none — `other_kind`, a name the district's pack lists.
    pub kind: Option<CareKind>,
    pub other_kind: Option<String>,
    /// The visitor who gave it.
    pub provider_id: AccountId,
    pub given_at: DateTime<Utc>,
    pub minutes: i64,
    /// How the elder confirmed it, as the staff member entering it states: the elder signed
    /// the paper sheet, or confirmed it by phone.
    pub confirmation: ElderConfirmationMethod,
}

/// What recording a service did.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub service: CareServiceRow,
    /// Minutes credited to the giver's time bank (0: recorded only).
    pub credited_minutes: i64,
    /// Whether this call recorded it (false: the same entry was recorded before).
    pub created: bool,
}

fn check(input: &CareGiven, call: &Call) -> AppResult<()> {
    if !crate::domain::id::is_client_chosen(input.id.as_str()) {
        return Err(AppError::field("id", "invalid", "服务记录编号应为客户端生成的 UUID"));
    }
    if !(1..=MAX_CARE_MINUTES).contains(&input.minutes) {
        return Err(AppError::field(
            "minutes",
            "out_of_range",
            format!("服务时长应在 1 到 {MAX_CARE_MINUTES} 分钟之间"),
        ));
    }
    if input.given_at.naive_utc() > call.now {
        return Err(AppError::field("givenAt", "in_future", "服务时间不能晚于现在"));
    }
    // Exactly one of kind and otherKind; whether the pack lists the other is read in `write`.
    if let Err(why @ (CareRefused::Neither | CareRefused::Both)) = chosen(input, &[]) {
        return Err(refused(input, why));
    }
    Ok(())
}

fn chosen(input: &CareGiven, listed: &[String]) -> Result<Care, CareRefused> {
    Care::chosen(input.kind, input.other_kind.as_deref(), listed)
}

/// The field error for a refused choice of care, naming the field.
fn refused(input: &CareGiven, why: CareRefused) -> AppError {
    match why {
        CareRefused::Neither => AppError::field("kind", "required", "请选择服务项目"),
        CareRefused::Both => AppError::field(
            "otherKind",
            "invalid",
            "服务项目只能选一项：平台所列项目或本区政策所列的其他项目",
        ),
        CareRefused::NotListed => AppError::field(
            "otherKind",
            "not_listed",
            format!(
                "“{}”不是老人所在区政策所列的服务项目",
                input.other_kind.as_deref().map(str::trim).unwrap_or_default()
            ),
        ),
    }
}

fn check_statement(input: &CareGiven) -> AppResult<()> {
    if !input.confirmation.is_statement() {
        return Err(AppError::field(
            "confirmation",
            "invalid",
            "请说明老人如何确认：签字纸质表或电话确认",
        ));
    }
    Ok(())
}

/// 记录服务 — staff (a town organizer or village staff whose area holds the elder) record a
/// service a visitor gave; the pack in force that day decides whether it earns time.
pub fn record(conn: &mut DbConn, call: &Call, input: &CareGiven) -> AppResult<Recorded> {
    if !matches!(call.actor.role, Some(Role::TownOrganizer | Role::VillageStaff)) {
        return Err(call.denied());
    }
    check(input, call)?;
    check_statement(input)?;
    let scope = call.scope(Permission::RecordVisits)?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, &input.elder_id)?
            .ok_or_else(|| AppError::field("elderId", "not_found", "您的辖区内没有这位老人"))?;
        let provider = users::by_id(conn, &input.provider_id)?
            .filter(|u| u.role == Role::Visitor && u.status == AccountStatus::Active)
            .ok_or_else(|| AppError::field("providerId", "not_found", "没有这位已审核的志愿者"))?;
        write(conn, call, &elder, &provider, input, |_| Ok(()))
    })
}

/// One service the signed-in visitor gave, as they enter it, with the code the elder read out.
#[derive(Debug, Clone)]
pub struct OwnCare {
    /// Chosen by the client (a UUID), as [`CareGiven::id`].
    pub id: CareServiceId,
    pub elder_id: ElderId,
    /// As [`CareGiven::kind`] and [`CareGiven::other_kind`].
    pub kind: Option<CareKind>,
    pub other_kind: Option<String>,
    pub given_at: DateTime<Utc>,
    pub minutes: i64,
    /// 口述确认码 — the code texted to the elder (`issueElderCode`) that the elder read out.
    pub code: String,
}

/// 记录我的服务 — a visitor records a service they gave an elder they are tied to (see
/// [`my_care_elders`]), confirmed by the code the elder read out, which it uses up as a visit
/// does; the pack in force that day decides whether it earns time, as for staff.
pub fn record_own(conn: &mut DbConn, call: &Call, own: &OwnCare) -> AppResult<Recorded> {
    if call.actor.role != Some(Role::Visitor) {
        return Err(call.denied());
    }
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let input = CareGiven {
        id: own.id.clone(),
        elder_id: own.elder_id.clone(),
        kind: own.kind,
        other_kind: own.other_kind.clone(),
        provider_id: me.clone(),
        given_at: own.given_at,
        minutes: own.minutes,
        confirmation: ElderConfirmationMethod::ReadOutCode,
    };
    check(&input, call)?;
    let scope = call.scope(Permission::RecordVisits)?;
    write_transaction(conn, |conn| {
        let elder = tied_elder(conn, call, &scope, &me, &own.elder_id)?;
        let provider = users::by_id(conn, &me)?
            .filter(|u| u.status == AccountStatus::Active)
            .ok_or_else(|| call.denied())?;
        let visit = ConfirmedVisit {
            day: own.given_at.with_timezone(&DISTRICT_OFFSET).date_naive(),
            ended_at: (own.given_at + chrono::TimeDelta::minutes(own.minutes)).naive_utc(),
            confirmed_at: call.now,
        };
        write(conn, call, &elder, &provider, &input, |conn| {
            super::records::take_elder_code(
                conn,
                call,
                &super::records::ElderCodeUse {
                    elder: &elder.id,
                    visitor: &me,
                    code: own.code.trim(),
                    visit,
                    used_by: input.id.as_str(),
                    field: "code",
                },
            )
        })
    })
}

/// The elders `visitor` may record care for (decision, issue #20): those whose slot they hold
/// with a window in the last [`CARE_TIE_DAYS`] days (or under way), or whom they visited in
/// that time — the elders they actually serve, not anyone in their town.
fn tied_elders(conn: &mut DbConn, call: &Call, visitor: &AccountId) -> AppResult<Vec<ElderId>> {
    let since = chrono::TimeDelta::days(CARE_TIE_DAYS);
    let since_at = crate::domain::calendar::day_start(call.today - since).naive_utc();
    Ok(crate::db::records::elders_tied_to(
        conn,
        visitor,
        call.today - since,
        call.today,
        since_at,
    )?)
}

/// The elder `elder_id` if `visitor` may record care for them (see [`tied_elders`]); else a
/// `not_tied` error on `elderId`.
fn tied_elder(
    conn: &mut DbConn,
    call: &Call,
    scope: &crate::domain::access::Scope,
    visitor: &AccountId,
    elder_id: &ElderId,
) -> AppResult<ElderRow> {
    let tied = tied_elders(conn, call, visitor)?;
    elders::find(conn, scope, elder_id)?
        .filter(|e| tied.contains(&e.id))
        .ok_or_else(|| {
            AppError::field(
                "elderId",
                "not_tied",
                format!("您近 {CARE_TIE_DAYS} 天内没有认领或探访过这位老人，不能为其记录服务"),
            )
        })
}

/// An elder the visitor may record care for, as the form names them.
#[derive(Debug, Clone)]
pub struct CareElder {
    pub elder_id: ElderId,
    /// The surname and 老人 (the visitor reads no more of the file here).
    pub name: String,
    /// The village's name.
    pub village: String,
}

/// 可记录服务的老人 — the elders the signed-in visitor may record care for, by village and name.
pub fn my_care_elders(conn: &mut DbConn, call: &Call) -> AppResult<Vec<CareElder>> {
    if call.actor.role != Some(Role::Visitor) {
        return Err(call.denied());
    }
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let scope = call.scope(Permission::RecordVisits)?;
    let ids = tied_elders(conn, call, &me)?;
    let rows = elders::find_many(conn, &scope, &ids)?;
    let codes: Vec<String> = rows.iter().map(|e| e.village_code.clone()).collect();
    let villages: std::collections::HashMap<String, String> = crate::db::areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let mut out: Vec<CareElder> = rows
        .into_iter()
        .map(|e| CareElder {
            name: format!("{}老人", crate::domain::calendar::surname(&e.name)),
            village: villages.get(&e.village_code).cloned().unwrap_or_default(),
            elder_id: e.id,
        })
        .collect();
    out.sort_by(|a, b| (&a.village, &a.name).cmp(&(&b.village, &b.name)));
    Ok(out)
}

/// A kind of care the caller may record for an elder.
#[derive(Debug, Clone)]
pub struct CareChoice {
    pub care: Care,
    /// Whether the pack's `[hours] services` names it: it credits a giver who earns in the
    /// time bank.
    pub earns_time: bool,
}

/// 服务项目 — the kinds of care the caller may record for an elder today: the platform's seven,
/// then the further kinds the pack of the elder's district lists, each with whether it earns
/// time. For staff who record care for the elder, and for a visitor tied to the elder.
pub fn kinds(conn: &mut DbConn, call: &Call, elder_id: &ElderId) -> AppResult<Vec<CareChoice>> {
    let scope = call.scope(Permission::RecordVisits)?;
    let elder = match call.actor.role {
        Some(Role::TownOrganizer | Role::VillageStaff) => elders::find(conn, &scope, elder_id)?
            .ok_or_else(|| AppError::field("elderId", "not_found", "您的辖区内没有这位老人"))?,
        Some(Role::Visitor) => {
            let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
            tied_elder(conn, call, &scope, &me, elder_id)?
        }
        _ => return Err(call.denied()),
    };
    let (listed, rules) = super::policies::care_rules(conn, call, &elder.village_code, call.today)?;
    Ok(CareKind::ALL
        .iter()
        .map(|k| Care::Kind(*k))
        .chain(listed.into_iter().map(Care::Listed))
        .map(|care| CareChoice {
            earns_time: rules.earns_time(&care),
            care,
        })
        .collect())
}

/// Writes a checked service of `provider` to `elder` — unless the same entry was written
/// before — after `confirm` (which may refuse), credits the giver where the pack says so, and
/// audits it.
fn write(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    provider: &UserRow,
    input: &CareGiven,
    confirm: impl FnOnce(&mut DbConn) -> AppResult<()>,
) -> AppResult<Recorded> {
    let day = input.given_at.with_timezone(&DISTRICT_OFFSET).date_naive();
    let (listed, rules) = super::policies::care_rules(conn, call, &elder.village_code, day)?;
    let care = chosen(input, &listed).map_err(|e| refused(input, e))?;
    let earned = provider
        .visitor_kind
        .and_then(|giver| credit(&rules, &care, giver, input.minutes));
    if let Some(existing) = ledger::care_service(conn, &input.id)? {
        if existing.elder_id.as_ref() != Some(&elder.id)
            || existing.kind != care.kind()
            || existing.service != care.name()
        {
            return Err(AppError::field("id", "taken", "这个服务记录编号已用于另一条记录"));
        }
        let credited = earned.map_or(0, |(_, m)| m);
        return Ok(Recorded {
            service: existing,
            credited_minutes: credited,
            created: false,
        });
    }
    confirm(conn)?;
    let row = CareServiceRow {
        id: input.id.clone(),
        redemption_id: None,
        account_id: None,
        recipient_user_id: None,
        elder_id: Some(elder.id.clone()),
        provider_id: Some(provider.id.clone()),
        // A kind the pack lists is stored as its name, with no platform kind.
        service: care.name().to_string(),
        kind: care.kind(),
        minutes: input.minutes,
        given_at: Some(input.given_at.naive_utc()),
        elder_confirmation: Some(input.confirmation),
        recorded_by: call.actor.label.clone(),
        created_at: call.now,
    };
    ledger::insert_care_service(conn, &row)?;
    let mut credited = 0;
    if let (Some((_, minutes)), Some(district)) = (earned, super::policies::district_of(&elder.village_code)) {
        credit_care(
            conn,
            call,
            district.as_str(),
            &provider.id,
            minutes,
            care.name(),
            &care_credit_id(input.id.as_str()),
        )?;
        credited = minutes;
    }
    audit::record(
        conn,
        call,
        "care.record",
        Subject {
            object_type: "care_service",
            object_id: Some(row.id.as_str()),
            area_code: Some(&elder.village_code),
        },
        None,
        None,
        Some(&json!({
            "kind": care.kind().map(CareKind::as_str), "service": care.name(), "minutes": input.minutes, "providerId": provider.id.as_str(),
            "confirmation": input.confirmation.as_str(), "creditedMinutes": credited,
        })),
    )?;
    Ok(Recorded {
        service: row,
        credited_minutes: credited,
        created: true,
    })
}

/// A care service as the elder's file lists it: who gave it, and the minutes it credited.
#[derive(Debug, Clone)]
pub struct ElderCare {
    pub service: CareServiceRow,
    /// The giver's name as on screen.
    pub provider_name: Option<String>,
    /// Minutes credited to the giver's time bank for it (0: recorded only).
    pub credited_minutes: i64,
}

/// 服务记录 — the care services given to an elder the caller may read, newest first.
pub fn of_elder(conn: &mut DbConn, call: &Call, elder_id: &ElderId) -> AppResult<Vec<ElderCare>> {
    let scope = call.scope(Permission::ReadElders)?;
    let elder = elders::find(conn, &scope, elder_id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
    let rows = ledger::care_services_of_elder(conn, &elder.id)?;
    let givers: Vec<AccountId> = rows.iter().filter_map(|r| r.provider_id.clone()).collect();
    let names: std::collections::HashMap<AccountId, String> = users::by_ids(conn, &givers)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for service in rows {
        let credited_minutes =
            ledger::transfer(conn, &care_credit_id(service.id.as_str()))?.map_or(0, |t| t.amount_minutes);
        let provider_name = service.provider_id.as_ref().and_then(|p| names.get(p).cloned());
        out.push(ElderCare {
            service,
            provider_name,
            credited_minutes,
        });
    }
    Ok(out)
}

/// 服务人员 — who may be named as having given a service (to `elder_id`, or in the caller's
/// office when none): the active visitors whose home lies in the elder's (or the office's)
/// town, by name. For the staff who record care and issue proofs there.
pub fn givers(conn: &mut DbConn, call: &Call, elder_id: Option<&ElderId>) -> AppResult<Vec<(AccountId, String)>> {
    let scope = call.scope(Permission::RecordVisits)?;
    let place = match elder_id {
        Some(id) => {
            let elder = elders::find(conn, &scope, id)?.ok_or(AppError::NotFound { what: "老人档案" })?;
            AreaCode::parse(&elder.village_code).map_err(|_| AppError::NotFound { what: "老人档案" })?
        }
        None => match (call.actor.role, &call.actor.area) {
            (Some(Role::TownOrganizer | Role::VillageStaff), Some(area)) => area.clone(),
            _ => return Err(call.denied()),
        },
    };
    let town = match place.level() {
        AreaLevel::Village => place.parent().unwrap_or(place),
        _ => place,
    };
    let mut visitors: Vec<(AccountId, String)> = super::figure_exports::accounts_in(conn, &town, Some(Role::Visitor))?
        .into_iter()
        .filter(|u| u.status == AccountStatus::Active)
        .map(|u| (u.id, u.display_name))
        .collect();
    visitors.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    Ok(visitors)
}
