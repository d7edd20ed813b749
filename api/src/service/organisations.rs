//! 组织 (issue #20, 1.) — schools, 社工站, volunteer teams, third-party providers and offices;
//! their members; and a provider's purchase-of-service contract (政府购买服务, 委托第三方机构)
//! with its monthly statement: what was delivered against what was promised.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::organisations::{self as db, ContractRow, MemberRow, OrganisationRow};
use crate::db::{users, write_transaction, DbConn};
use crate::domain::access::{Permission, Role};
use crate::domain::area::AreaCode;
use crate::domain::calendar::day_start;
use crate::domain::id::{AccountId, ContractId, OrganisationId};
use crate::domain::input::{required_text, InvalidInput};
use crate::domain::ledger::PostingRules;
use crate::domain::period::Month;
use crate::domain::record::spot_check::SpotCheckOutcome;
use crate::domain::record::RecordStatus;
use crate::domain::slot::OrganisationKind;
use crate::error::{AppError, AppResult};

fn subject<'a>(object_type: &'a str, id: &'a str, area: &'a str) -> Subject<'a> {
    Subject {
        object_type,
        object_id: Some(id),
        area_code: Some(area),
    }
}

/// 登记组织 — staff who approve an area's visitors register an organisation there.
pub fn create(
    conn: &mut DbConn,
    call: &Call,
    kind: OrganisationKind,
    name: &str,
    area_code: &str,
) -> AppResult<OrganisationRow> {
    let (_, area) = super::areas::area_in_scope(call, Permission::ApproveVisitors, area_code)?;
    let name = InvalidInput::of_field("name", required_text(name, 100))?;
    if kind == OrganisationKind::Individual {
        return Err(AppError::field("kind", "invalid", "个人不是组织"));
    }
    let created_by = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    write_transaction(conn, |conn| {
        let row = OrganisationRow {
            id: OrganisationId::fresh(),
            kind,
            name: name.clone(),
            area_code: area.as_str().to_string(),
            created_by: created_by.clone(),
            created_at: call.now,
        };
        db::insert(conn, &row)?;
        let after = json!({ "kind": kind.as_str(), "name": row.name });
        audit::record(
            conn,
            call,
            "organisation.create",
            subject("organisation", row.id.as_str(), &row.area_code),
            None,
            None,
            Some(&after),
        )?;
        Ok(row)
    })
}

/// Whether the caller is staff whose scope holds the organisation's area.
fn staff_of(call: &Call, org: &OrganisationRow) -> bool {
    call.scope(Permission::ApproveVisitors)
        .is_ok_and(|scope| AreaCode::parse(&org.area_code).is_ok_and(|a| scope.contains_area(&a)))
}

/// 成员 — staff of the organisation's area add a visitor to it (or make them its admin); its
/// admin adds or removes members but names no admin. `member: false` removes.
pub fn set_member(
    conn: &mut DbConn,
    call: &Call,
    id: &OrganisationId,
    user_id: &AccountId,
    member: bool,
    admin: bool,
) -> AppResult<Vec<(MemberRow, String)>> {
    write_transaction(conn, |conn| {
        let org = managed(conn, call, id)?;
        let staff = staff_of(call, &org);
        if admin && !staff {
            return Err(AppError::field("admin", "staff_only", "组织管理员由辖区工作人员指定"));
        }
        let user = users::by_id(conn, user_id)?
            .filter(|u| u.role == Role::Visitor)
            .ok_or_else(|| AppError::field("userId", "not_found", "没有这位志愿者"))?;
        if member {
            db::upsert_member(
                conn,
                &MemberRow {
                    organisation_id: org.id.clone(),
                    user_id: user.id.clone(),
                    is_admin: admin,
                    joined_at: call.now,
                },
            )?;
        } else {
            db::remove_member(conn, &org.id, &user.id)?;
        }
        audit::record(
            conn,
            call,
            if member {
                "organisation.member"
            } else {
                "organisation.remove_member"
            },
            subject("organisation", org.id.as_str(), &org.area_code),
            None,
            None,
            Some(&json!({ "userId": user.id.as_str(), "admin": admin })),
        )?;
        Ok(db::members_named(conn, &org.id)?)
    })
}

/// 添加成员 — add a volunteer by the account they sign in with (what they tell their admin).
/// The organisation is checked first, so no one else learns which accounts exist.
pub fn add_by_account(
    conn: &mut DbConn,
    call: &Call,
    id: &OrganisationId,
    account: &str,
) -> AppResult<Vec<(MemberRow, String)>> {
    let org = managed(conn, call, id)?;
    let user = users::by_username(conn, account.trim())?
        .filter(|u| u.role == Role::Visitor)
        .ok_or_else(|| AppError::field("account", "not_found", "没有使用这个账号的志愿者"))?;
    if db::membership(conn, &org.id, &user.id)?.is_some() {
        return Ok(db::members_named(conn, &org.id)?);
    }
    set_member(conn, call, &org.id, &user.id, true, false)
}

/// 辖区组织 — the organisations registered in an area, for staff who approve its visitors.
pub fn in_area(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<Vec<OrganisationRow>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ApproveVisitors, area_code)?;
    Ok(db::in_area(conn, &scope, &area)?)
}

/// 我的组织 — the organisations the caller belongs to, with whether they manage each.
pub fn mine(conn: &mut DbConn, call: &Call) -> AppResult<Vec<(OrganisationRow, MemberRow)>> {
    let me = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    Ok(db::of_member(conn, me)?)
}

/// The organisation if the caller may manage it: staff of its area, or its admin member.
fn managed(conn: &mut DbConn, call: &Call, id: &OrganisationId) -> AppResult<OrganisationRow> {
    db::managed(conn, &call.actor, id)?.ok_or(AppError::NotFound { what: "组织" })
}

/// The organisation if the caller manages it, `None` if they do not (not an error: a plain
/// member reads that they belong, not who else does).
fn if_managed(conn: &mut DbConn, call: &Call, id: &OrganisationId) -> AppResult<Option<OrganisationRow>> {
    match managed(conn, call, id) {
        Ok(org) => Ok(Some(org)),
        Err(AppError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// 成员名单 — an organisation's members with their names; `None` for a caller who does not
/// manage it.
pub fn members(conn: &mut DbConn, call: &Call, id: &OrganisationId) -> AppResult<Option<Vec<(MemberRow, String)>>> {
    if_managed(conn, call, id)?
        .map(|org| Ok(db::members_named(conn, &org.id)?))
        .transpose()
}

/// 服务合同 — a provider's contracts; `None` for a caller who does not manage it.
pub fn contracts(conn: &mut DbConn, call: &Call, id: &OrganisationId) -> AppResult<Option<Vec<ContractRow>>> {
    if_managed(conn, call, id)?
        .map(|org| Ok(db::contracts_of(conn, &org.id)?))
        .transpose()
}

/// What a contract is signed for.
#[derive(Debug, Clone)]
pub struct ContractInput {
    pub organisation_id: OrganisationId,
    pub area_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub promised_visits: i32,
    pub promised_minutes: i64,
}

/// 签订服务合同 — the district admin records a provider's purchase-of-service contract: the
/// area it serves in the district, the period, the visits and minutes promised.
pub fn sign_contract(conn: &mut DbConn, call: &Call, input: &ContractInput) -> AppResult<ContractRow> {
    if call.actor.role != Some(Role::DistrictAdmin) {
        return Err(call.denied());
    }
    let (_, area) = super::areas::area_in_scope(call, Permission::ApproveVisitors, &input.area_code)?;
    if input.ends_on < input.starts_on {
        return Err(AppError::field("endsOn", "before_start", "合同结束日不能早于开始日"));
    }
    if input.promised_visits < 0 || input.promised_minutes < 0 {
        return Err(AppError::field(
            "promisedVisits",
            "negative",
            "约定的次数和时长不能为负",
        ));
    }
    let created_by = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    write_transaction(conn, |conn| {
        let org = managed(conn, call, &input.organisation_id)?;
        if org.kind != OrganisationKind::Institution {
            return Err(AppError::field(
                "organisationId",
                "not_provider",
                "服务合同只与第三方服务机构签订",
            ));
        }
        let row = ContractRow {
            id: ContractId::fresh(),
            organisation_id: org.id.clone(),
            area_code: area.as_str().to_string(),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            promised_visits: input.promised_visits,
            promised_minutes: input.promised_minutes,
            created_by: created_by.clone(),
            created_at: call.now,
        };
        db::insert_contract(conn, &row)?;
        let after = json!({ "organisationId": org.id.as_str(), "from": row.starts_on, "to": row.ends_on,
            "visits": row.promised_visits, "minutes": row.promised_minutes });
        audit::record(
            conn,
            call,
            "contract.sign",
            subject("service_contract", row.id.as_str(), &row.area_code),
            None,
            None,
            Some(&after),
        )?;
        Ok(row)
    })
}

/// 月度服务报表 — what a provider delivered in a month of its contract.
#[derive(Debug, Clone)]
pub struct Statement {
    pub contract: ContractRow,
    pub month: Month,
    /// The month's share of what was promised: the promise spread evenly over the calendar
    /// months the contract touches, rounded up (decision).
    pub promised_visits: i64,
    pub promised_minutes: i64,
    /// Accepted visits of the members in the contract's area, started in the month and the
    /// contract's period.
    pub visits: i64,
    /// Their minutes, each capped as a visit is credited (240).
    pub minutes: i64,
    /// Distinct elders those visits reached.
    pub elders: i64,
    /// Records of those members sent back or rejected in review (the same window).
    pub returned_or_rejected: i64,
    /// Spot checks of the members' records drawn for the month, and those found 存疑 or 不属实.
    pub spot_checked: i64,
    pub spot_failed: i64,
}

fn months_touched(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from((to.year() - from.year()) * 12) + i64::from(to.month()) - i64::from(from.month()) + 1
}

/// 月度服务报表 — for the district's staff whose area holds the contract's, and the provider's
/// own admin members.
pub fn statement(conn: &mut DbConn, call: &Call, id: &ContractId, month: Month) -> AppResult<Statement> {
    let contract = db::contract(conn, &call.actor, id)?.ok_or(AppError::NotFound { what: "服务合同" })?;
    let members: Vec<AccountId> = db::members(conn, &contract.organisation_id)?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let from = month.first_day().max(contract.starts_on);
    let to = month.last_day().min(contract.ends_on);
    let utc = |d: NaiveDate| day_start(d).naive_utc();
    let window = (utc(from), utc(to + chrono::TimeDelta::days(1)));
    let months = months_touched(contract.starts_on, contract.ends_on).max(1);
    let share = |total: i64| (total + months - 1) / months;
    let mut statement = Statement {
        promised_visits: share(i64::from(contract.promised_visits)),
        promised_minutes: share(contract.promised_minutes),
        contract: contract.clone(),
        month,
        visits: 0,
        minutes: 0,
        elders: 0,
        returned_or_rejected: 0,
        spot_checked: 0,
        spot_failed: 0,
    };
    if from > to {
        return Ok(statement);
    }
    let rules = PostingRules::default();
    let accepted = db::member_visits(conn, &members, &contract.area_code, window, &[RecordStatus::Accepted])?;
    let elders: HashSet<_> = accepted.iter().map(|(e, _, _)| e.clone()).collect();
    statement.visits = i64::try_from(accepted.len()).unwrap_or(i64::MAX);
    statement.minutes = accepted
        .iter()
        .map(|(_, start, end)| rules.credited((*end - *start).num_minutes()))
        .sum();
    statement.elders = i64::try_from(elders.len()).unwrap_or(i64::MAX);
    let sent_back = [RecordStatus::Returned, RecordStatus::Rejected];
    statement.returned_or_rejected =
        i64::try_from(db::member_visits(conn, &members, &contract.area_code, window, &sent_back)?.len())
            .unwrap_or(i64::MAX);
    let checks = db::member_spot_checks(conn, &members, &month.to_string())?;
    statement.spot_checked = i64::try_from(checks.len()).unwrap_or(i64::MAX);
    statement.spot_failed = i64::try_from(
        checks
            .iter()
            .filter(|o| matches!(o, Some(SpotCheckOutcome::Questionable | SpotCheckOutcome::False)))
            .count(),
    )
    .unwrap_or(i64::MAX);
    Ok(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_touches_every_calendar_month_of_its_period() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(months_touched(d(2026, 1, 1), d(2026, 12, 31)), 12);
        assert_eq!(months_touched(d(2026, 11, 20), d(2027, 1, 5)), 3);
        assert_eq!(months_touched(d(2026, 11, 1), d(2026, 11, 30)), 1);
    }
}
