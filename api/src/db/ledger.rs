//! Storage of ledger accounts and transfers. Totals change only together with the insert of
//! the transfer that moves them, in the caller's write transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{ledger_accounts, ledger_transfers};
use super::DbConn;
use crate::domain::care::CareKind;
use crate::domain::certification::CertificationDecision;
use crate::domain::id::{
    AccountId, CareServiceId, CertificationId, ElderId, LedgerAccountId, RecordId, SchoolId, TransferId,
};
use crate::domain::ledger::{AccountKind, Book, TransferKind};
use crate::domain::record::format::ElderConfirmationMethod;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ledger_accounts, treat_none_as_default_value = false)]
pub struct AccountRow {
    pub id: LedgerAccountId,
    pub book: Book,
    pub kind: AccountKind,
    pub district_code: String,
    pub user_id: Option<AccountId>,
    pub school_id: Option<SchoolId>,
    pub term: Option<String>,
    pub no_overdraft: bool,
    pub debits_posted: i64,
    pub credits_posted: i64,
    pub created_at: NaiveDateTime,
    /// The key elder whose care account this is.
    pub elder_id: Option<ElderId>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ledger_transfers, treat_none_as_default_value = false)]
pub struct TransferRow {
    pub id: TransferId,
    pub debit_account_id: LedgerAccountId,
    pub credit_account_id: LedgerAccountId,
    pub amount_minutes: i64,
    pub kind: TransferKind,
    pub record_id: Option<RecordId>,
    pub reverses_id: Option<TransferId>,
    pub memo: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl AccountRow {
    /// A new account with nothing posted and no owner (the caller sets the owner fields of a
    /// holder's account).
    pub fn opened(
        id: LedgerAccountId,
        book: Book,
        kind: AccountKind,
        district: &str,
        now: NaiveDateTime,
    ) -> AccountRow {
        AccountRow {
            id,
            book,
            kind,
            district_code: district.to_string(),
            user_id: None,
            school_id: None,
            term: None,
            no_overdraft: kind.no_overdraft(),
            debits_posted: 0,
            credits_posted: 0,
            created_at: now,
            elder_id: None,
        }
    }
}

/// Creates the account unless it exists (accounts have derived ids).
pub fn ensure_account(conn: &mut DbConn, row: &AccountRow) -> QueryResult<()> {
    super::on_backend!(conn, |c| diesel::insert_into(ledger_accounts::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))
    .map(drop)
}

/// An account the actor reads ([`super::scope::ledger_accounts_in`]).
pub fn account_in(
    conn: &mut DbConn,
    actor: &crate::domain::access::Actor,
    id: &LedgerAccountId,
) -> QueryResult<Option<AccountRow>> {
    super::scope::ledger_accounts_in(actor)
        .filter(ledger_accounts::id.eq(id.clone()))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

/// An issued certificate the actor reads ([`super::scope::certificates_in`]).
pub fn certificate_in(
    conn: &mut DbConn,
    actor: &crate::domain::access::Actor,
    id: &CertificationId,
) -> QueryResult<Option<CertificationRow>> {
    use super::schema::service_certifications;
    super::scope::certificates_in(actor)
        .filter(service_certifications::id.eq(id.clone()))
        .select(CertificationRow::as_select())
        .first(conn)
        .optional()
}

/// The issued certificates of a school's term that the actor reads.
pub fn certificates_of_school_in(
    conn: &mut DbConn,
    actor: &crate::domain::access::Actor,
    school_id: &SchoolId,
    term: &str,
) -> QueryResult<Vec<CertificationRow>> {
    use super::schema::service_certifications;
    super::scope::certificates_in(actor)
        .filter(service_certifications::school_id.eq(school_id.clone()))
        .filter(service_certifications::term.eq(term.to_string()))
        .order((service_certifications::certificate_no, service_certifications::id))
        .select(CertificationRow::as_select())
        .load(conn)
}

pub fn account(conn: &mut DbConn, id: &LedgerAccountId) -> QueryResult<Option<AccountRow>> {
    ledger_accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

/// Two accounts (kind, book and floor never change after an account is opened; the
/// totals read here are only a hint: [`move_totals`] is what checks a floor).
pub fn account_pair(conn: &mut DbConn, a: &LedgerAccountId, b: &LedgerAccountId) -> QueryResult<Vec<AccountRow>> {
    // Two equalities rather than `IN`, so that the statement is prepared once per connection.
    ledger_accounts::table
        .filter(ledger_accounts::id.eq(a).or(ledger_accounts::id.eq(b)))
        .select(AccountRow::as_select())
        .load(conn)
}

/// The floor accounts among `accounts` keep running totals: moves them by `amount` (`sign` −1
/// undoes a move), in id order so that two transfers between the same accounts cannot
/// deadlock. The debit side moves only while its debits stay within its credits, checked in the
/// `UPDATE` itself, which also holds the row until the transaction ends; `false` when the
/// floor refused (nothing moved then).
pub fn move_totals(
    conn: &mut DbConn,
    accounts: &[&AccountRow],
    debit_id: &LedgerAccountId,
    amount: i64,
) -> QueryResult<bool> {
    let mut floors: Vec<&&AccountRow> = accounts.iter().filter(|a| a.no_overdraft).collect();
    floors.sort_by(|a, b| a.id.cmp(&b.id));
    let mut moved: Vec<&LedgerAccountId> = Vec::new();
    for account in floors {
        let updated = if &account.id == debit_id {
            diesel::update(
                ledger_accounts::table
                    .find(&account.id)
                    .filter((ledger_accounts::debits_posted + amount).le(ledger_accounts::credits_posted)),
            )
            .set(ledger_accounts::debits_posted.eq(ledger_accounts::debits_posted + amount))
            .execute(conn)?
        } else {
            diesel::update(ledger_accounts::table.find(&account.id))
                .set(ledger_accounts::credits_posted.eq(ledger_accounts::credits_posted + amount))
                .execute(conn)?
        };
        if updated == 0 {
            // Only the debit side can refuse; a credit side moved before it is put back.
            for id in moved {
                diesel::update(ledger_accounts::table.find(id))
                    .set(ledger_accounts::credits_posted.eq(ledger_accounts::credits_posted - amount))
                    .execute(conn)?;
            }
            return Ok(false);
        }
        moved.push(&account.id);
    }
    Ok(true)
}

pub fn transfer(conn: &mut DbConn, id: &TransferId) -> QueryResult<Option<TransferRow>> {
    ledger_transfers::table
        .find(id)
        .select(TransferRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts the transfer unless its id (or, for a reversal, its original) is taken already;
/// `false` then, and nothing is written.
pub fn insert_transfer(conn: &mut DbConn, row: &TransferRow) -> QueryResult<bool> {
    super::on_backend!(conn, |c| diesel::insert_into(ledger_transfers::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))
    .map(|n| n == 1)
}

/// The transfers that posted a record's hours and are not reversed yet.
pub fn unreversed_of_record(conn: &mut DbConn, record_id: &RecordId) -> QueryResult<Vec<TransferRow>> {
    let posted: Vec<TransferRow> = ledger_transfers::table
        .filter(ledger_transfers::record_id.eq(record_id))
        .filter(ledger_transfers::reverses_id.is_null())
        .order(ledger_transfers::id)
        .select(TransferRow::as_select())
        .load(conn)?;
    let ids: Vec<&TransferId> = posted.iter().map(|t| &t.id).collect();
    let reversed: Vec<Option<TransferId>> = super::chunked::load(&ids, |ids| {
        ledger_transfers::table
            .filter(ledger_transfers::reverses_id.eq_any(ids))
            .select(ledger_transfers::reverses_id)
            .load(conn)
    })?;
    Ok(posted
        .into_iter()
        .filter(|t| !reversed.iter().any(|r| r.as_ref() == Some(&t.id)))
        .collect())
}

/// Minutes credited to an account by postings (net of their reversals) since `from`.
pub fn posted_credits_since(conn: &mut DbConn, account_id: &LedgerAccountId, from: NaiveDateTime) -> QueryResult<i64> {
    let rows: Vec<i64> = ledger_transfers::table
        .filter(ledger_transfers::credit_account_id.eq(account_id))
        .filter(ledger_transfers::kind.eq("posting"))
        .filter(ledger_transfers::created_at.ge(from))
        .select(ledger_transfers::amount_minutes)
        .load(conn)?;
    let reversed: Vec<i64> = ledger_transfers::table
        .filter(ledger_transfers::debit_account_id.eq(account_id))
        .filter(ledger_transfers::kind.eq("reversal"))
        .filter(ledger_transfers::created_at.ge(from))
        .select(ledger_transfers::amount_minutes)
        .load(conn)?;
    Ok(rows.iter().sum::<i64>() - reversed.iter().sum::<i64>())
}

/// The accounts a user holds, newest first.
pub fn accounts_of_user(conn: &mut DbConn, user_id: &AccountId) -> QueryResult<Vec<AccountRow>> {
    super::scope::ledger_accounts_of(user_id)
        .order(ledger_accounts::created_at.desc())
        .select(AccountRow::as_select())
        .load(conn)
}

/// A page of an account's transfers, newest first, before the (time, id) cursor.
pub fn statement(
    conn: &mut DbConn,
    account_id: &LedgerAccountId,
    before: Option<(NaiveDateTime, TransferId)>,
    limit: i64,
) -> QueryResult<Vec<TransferRow>> {
    let mut query = ledger_transfers::table
        .filter(
            ledger_transfers::debit_account_id
                .eq(account_id)
                .or(ledger_transfers::credit_account_id.eq(account_id)),
        )
        .select(TransferRow::as_select())
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(
            ledger_transfers::created_at
                .lt(at)
                .or(ledger_transfers::created_at.eq(at).and(ledger_transfers::id.lt(id))),
        );
    }
    query
        .order((ledger_transfers::created_at.desc(), ledger_transfers::id.desc()))
        .limit(limit)
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = super::schema::service_certifications, treat_none_as_default_value = false)]
pub struct CertificationRow {
    pub id: CertificationId,
    pub account_id: LedgerAccountId,
    pub school_id: SchoolId,
    pub student_id: AccountId,
    pub term: String,
    pub recorded_minutes: i64,
    pub certified_minutes: i64,
    pub decision: CertificationDecision,
    pub comment: Option<String>,
    pub credit_tenths: i64,
    pub certificate_no: Option<String>,
    pub certified_by: AccountId,
    pub certified_at: NaiveDateTime,
}

/// The service-credit accounts of a school's students for a term.
pub fn school_accounts(conn: &mut DbConn, school_id: &SchoolId, term: &str) -> QueryResult<Vec<AccountRow>> {
    ledger_accounts::table
        .filter(ledger_accounts::school_id.eq(school_id))
        .filter(ledger_accounts::term.eq(term))
        .order(ledger_accounts::id)
        .select(AccountRow::as_select())
        .load(conn)
}

pub fn insert_certification(conn: &mut DbConn, row: &CertificationRow) -> QueryResult<()> {
    use super::schema::service_certifications;
    super::on_backend!(conn, |c| diesel::insert_into(service_certifications::table)
        .values(row)
        .execute(c))
    .map(drop)
}

pub fn certification(conn: &mut DbConn, id: &CertificationId) -> QueryResult<Option<CertificationRow>> {
    use super::schema::service_certifications;
    service_certifications::table
        .find(id)
        .select(CertificationRow::as_select())
        .first(conn)
        .optional()
}

pub fn certification_of_account(
    conn: &mut DbConn,
    account_id: &LedgerAccountId,
) -> QueryResult<Option<CertificationRow>> {
    use super::schema::service_certifications;
    service_certifications::table
        .filter(service_certifications::account_id.eq(account_id))
        .select(CertificationRow::as_select())
        .first(conn)
        .optional()
}

/// How many certificates of `term` were numbered, across schools.
pub fn numbered_certifications_of_term(conn: &mut DbConn, term: &str) -> QueryResult<i64> {
    use super::schema::service_certifications;
    service_certifications::table
        .filter(service_certifications::term.eq(term))
        .filter(service_certifications::certificate_no.is_not_null())
        .count()
        .get_result(conn)
}

/// A school's certifications of a term, in certificate order.
pub fn certifications_of_school(
    conn: &mut DbConn,
    school_id: &SchoolId,
    term: &str,
) -> QueryResult<Vec<CertificationRow>> {
    use super::schema::service_certifications;
    service_certifications::table
        .filter(service_certifications::school_id.eq(school_id))
        .filter(service_certifications::term.eq(term))
        .order((service_certifications::certificate_no, service_certifications::id))
        .select(CertificationRow::as_select())
        .load(conn)
}

/// How much service the postings credited to each of `account_ids` stand for: their number
/// and the first and last day (a certificate's 服务内容), for accounts with any; in one
/// statement per 500 accounts.
pub fn posting_spans(conn: &mut DbConn, account_ids: &[LedgerAccountId]) -> QueryResult<Vec<PostingSpan>> {
    use diesel::dsl::{count_star, max, min};
    let mut spans = Vec::with_capacity(account_ids.len());
    for chunk in account_ids.chunks(500) {
        let rows: Vec<(LedgerAccountId, i64, Option<NaiveDateTime>, Option<NaiveDateTime>)> = ledger_transfers::table
            .filter(ledger_transfers::credit_account_id.eq_any(chunk))
            .filter(ledger_transfers::kind.eq("posting"))
            .group_by(ledger_transfers::credit_account_id)
            .select((
                ledger_transfers::credit_account_id,
                count_star(),
                min(ledger_transfers::created_at),
                max(ledger_transfers::created_at),
            ))
            .load(conn)?;
        spans.extend(rows.into_iter().filter_map(|(account_id, count, first, last)| {
            Some(PostingSpan {
                account_id,
                count,
                first: first?,
                last: last?,
            })
        }));
    }
    Ok(spans)
}

/// The postings credited to one account, summed up ([`posting_spans`]).
#[derive(Debug, Clone)]
pub struct PostingSpan {
    pub account_id: LedgerAccountId,
    pub count: i64,
    pub first: NaiveDateTime,
    pub last: NaiveDateTime,
}

/// 服务记录 — care given to an elder or an account holder: paid for by a redemption (its id
/// is the redemption's), or given freely and confirmed by the elder.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = super::schema::care_services, treat_none_as_default_value = false)]
pub struct CareServiceRow {
    pub id: CareServiceId,
    /// The redemption that paid for it; `None`: given freely.
    pub redemption_id: Option<TransferId>,
    /// The account the redemption spent.
    pub account_id: Option<LedgerAccountId>,
    pub recipient_user_id: Option<AccountId>,
    pub elder_id: Option<ElderId>,
    pub provider_id: Option<AccountId>,
    /// The care in words (a redemption's own words, or the kind's label).
    pub service: String,
    pub kind: Option<CareKind>,
    pub minutes: i64,
    /// When it was given (a redemption: when it was recorded).
    pub given_at: Option<NaiveDateTime>,
    pub elder_confirmation: Option<ElderConfirmationMethod>,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_care_service(conn: &mut DbConn, row: &CareServiceRow) -> QueryResult<()> {
    use super::schema::care_services;
    super::on_backend!(conn, |c| diesel::insert_into(care_services::table)
        .values(row)
        .execute(c))
    .map(drop)
}

/// One care service by its id.
pub fn care_service(conn: &mut DbConn, id: &CareServiceId) -> QueryResult<Option<CareServiceRow>> {
    use super::schema::care_services;
    care_services::table
        .filter(care_services::id.eq(id))
        .select(CareServiceRow::as_select())
        .first(conn)
        .optional()
}

/// The care services given to an elder, newest first (the last 200).
pub fn care_services_of_elder(conn: &mut DbConn, elder_id: &ElderId) -> QueryResult<Vec<CareServiceRow>> {
    use super::schema::care_services;
    care_services::table
        .filter(care_services::elder_id.eq(elder_id))
        .order((care_services::created_at.desc(), care_services::id.desc()))
        .limit(200)
        .select(CareServiceRow::as_select())
        .load(conn)
}

/// The care services a user received or gave, newest first (the last 200).
pub fn care_services_of_user(conn: &mut DbConn, user_id: &AccountId) -> QueryResult<Vec<CareServiceRow>> {
    use super::schema::care_services;
    care_services::table
        .filter(
            care_services::recipient_user_id
                .eq(user_id)
                .or(care_services::provider_id.eq(user_id)),
        )
        .order((care_services::created_at.desc(), care_services::id.desc()))
        .limit(200)
        .select(CareServiceRow::as_select())
        .load(conn)
}

/// Every holder account of `book` that belongs to a person, by id.
pub fn holder_accounts(conn: &mut DbConn, book: Book) -> QueryResult<Vec<AccountRow>> {
    ledger_accounts::table
        .filter(ledger_accounts::book.eq(book))
        .filter(ledger_accounts::kind.eq(AccountKind::Holder))
        .filter(ledger_accounts::user_id.is_not_null())
        .order(ledger_accounts::id)
        .select(AccountRow::as_select())
        .load(conn)
}

/// The transfers into or out of any of `account_ids` made before `to` (and from `from` on,
/// when given), oldest first.
pub fn transfers_between(
    conn: &mut DbConn,
    account_ids: &[LedgerAccountId],
    from: Option<NaiveDateTime>,
    to: NaiveDateTime,
) -> QueryResult<Vec<TransferRow>> {
    super::chunked::load(account_ids, |ids| {
        let mut query = ledger_transfers::table
            .filter(
                ledger_transfers::debit_account_id
                    .eq_any(ids)
                    .or(ledger_transfers::credit_account_id.eq_any(ids)),
            )
            .filter(ledger_transfers::created_at.lt(to))
            .select(TransferRow::as_select())
            .into_boxed();
        if let Some(from) = from {
            query = query.filter(ledger_transfers::created_at.ge(from));
        }
        query
            .order((ledger_transfers::created_at, ledger_transfers::id))
            .load(conn)
    })
}
