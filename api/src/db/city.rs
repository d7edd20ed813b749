//! 市级汇总 — the counts a city reads of each of its districts: risk cases open and past due,
//! and the minutes the district credited. Counts only; no row of a person leaves here.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{areas, ledger_accounts, ledger_transfers, risk_cases};
use super::scope;
use super::DbConn;
use crate::domain::access::Scope;
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::ledger::{AccountKind, TransferKind};
use crate::domain::record::case::CaseStatus;

use super::models::AreaRow;

/// The districts of `city` in the stored tree, by code (districts whose code starts with the
/// city's four digits).
pub fn districts_of(conn: &mut DbConn, city: &AreaCode) -> QueryResult<Vec<AreaRow>> {
    let (low, high) = city.subtree_range();
    areas::table
        .filter(areas::level.eq(AreaLevel::District))
        .filter(areas::code.ge(low))
        .filter(areas::code.lt(high))
        .order(areas::code.asc())
        .select(AreaRow::as_select())
        .load(conn)
}

/// Risk cases of `district` open at `now`, and those of them past their due time. Nothing
/// unless the whole district lies in `scope`.
pub fn case_counts(
    conn: &mut DbConn,
    scope: &Scope,
    district: &AreaCode,
    now: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    let Some((low, high)) = scope::area_range(scope, district) else {
        return Ok((0, 0));
    };
    let open = || {
        risk_cases::table
            .filter(risk_cases::village_code.ge(low.clone()))
            .filter(risk_cases::village_code.lt(high.clone()))
            .filter(risk_cases::status.eq(CaseStatus::Open))
    };
    let all: i64 = open().count().get_result(conn)?;
    let past_due: i64 = open().filter(risk_cases::due_at.lt(now)).count().get_result(conn)?;
    Ok((all, past_due))
}

/// 入账时长 — minutes the district's issuing accounts (both books) credited in `[from, to)`
/// for accepted visits (to the visitors and, above the yearly cap, to the pool), less what was
/// reversed in that time. Nothing unless the whole district lies in `scope`.
pub fn minutes_credited(
    conn: &mut DbConn,
    scope: &Scope,
    district: &AreaCode,
    (from, to): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<i64> {
    if scope::area_range(scope, district).is_none() {
        return Ok(0);
    }
    let issuing = || {
        ledger_accounts::table
            .filter(ledger_accounts::district_code.eq(district.as_str().to_string()))
            .filter(ledger_accounts::kind.eq(AccountKind::Issuing))
            .select(ledger_accounts::id)
    };
    let credited: Vec<i64> = ledger_transfers::table
        .filter(ledger_transfers::debit_account_id.eq_any(issuing()))
        .filter(ledger_transfers::kind.eq_any([TransferKind::Posting, TransferKind::CapExcess]))
        .filter(ledger_transfers::created_at.ge(from))
        .filter(ledger_transfers::created_at.lt(to))
        .select(ledger_transfers::amount_minutes)
        .load(conn)?;
    let reversed: Vec<i64> = ledger_transfers::table
        .filter(ledger_transfers::credit_account_id.eq_any(issuing()))
        .filter(ledger_transfers::kind.eq(TransferKind::Reversal))
        .filter(ledger_transfers::created_at.ge(from))
        .filter(ledger_transfers::created_at.lt(to))
        .select(ledger_transfers::amount_minutes)
        .load(conn)?;
    Ok(credited.iter().sum::<i64>() - reversed.iter().sum::<i64>())
}
