//! 记账 — posting to the double-entry ledger (`domain::ledger`): one function that applies a
//! transfer exactly once, the postings an accepted record makes and their reversal, and what
//! account holders do with their hours.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::ledger::{self, AccountRow, TransferRow};
use crate::db::models::{ElderRow, UserRow};
use crate::db::records::RecordRow;
use crate::db::{users, write_transaction, DbConn};
use crate::domain::access::{AccountStatus, Permission, Role};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::id::{AccountId, CareServiceId, ElderId, LedgerAccountId, RecordId, TransferId};
use crate::domain::input::{required_text, InvalidInput};
use crate::domain::ledger::{
    check_transfer, posting_id, provider_posting_id, reversal_id, AccountKey, AccountKind, Book, PostingRules, Term,
    TransferContent, TransferError, TransferKind, TransferOutcome,
};
use crate::domain::record::VisitRecord;
use crate::error::{AppError, AppResult};

/// Age from which time-bank hours may be redeemed for care.
pub const REDEEM_FROM_AGE: u32 = 60;

fn refused(error: TransferError) -> AppError {
    AppError::field("transfer", error.code(), error.to_string())
}

/// A transfer id a client chose ([`crate::domain::id::is_client_chosen`]).
fn client_transfer_id(id: &TransferId) -> AppResult<()> {
    if crate::domain::id::is_client_chosen(id.as_str()) {
        Ok(())
    } else {
        Err(AppError::field(
            "transferId",
            "invalid",
            "交易编号应为客户端生成的 UUID（v4 或 v7）",
        ))
    }
}

/// Creates the account of `key` unless it exists; returns its id.
pub fn ensure_account(
    conn: &mut DbConn,
    key: &AccountKey,
    district: &str,
    now: NaiveDateTime,
) -> AppResult<LedgerAccountId> {
    let (user_id, school_id, term, elder_id) = match key {
        AccountKey::TimeBank { user_id } => (Some(user_id.clone()), None, None, None),
        AccountKey::ServiceCredit {
            user_id,
            school_id,
            term,
        } => (Some(user_id.clone()), Some(school_id.clone()), Some(term.code()), None),
        AccountKey::ElderCare { elder_id } => (None, None, None, Some(elder_id.clone())),
        _ => (None, None, None, None),
    };
    let row = AccountRow {
        user_id,
        school_id,
        term,
        elder_id,
        ..AccountRow::opened(key.id(), key.book(), key.kind(), district, now)
    };
    ledger::ensure_account(conn, &row)?;
    Ok(row.id)
}

fn stored_content(row: &TransferRow) -> TransferContent {
    TransferContent {
        debit_account_id: row.debit_account_id.clone(),
        credit_account_id: row.credit_account_id.clone(),
        amount_minutes: row.amount_minutes,
        kind: row.kind,
        record_id: row.record_id.clone(),
        reverses_id: row.reverses_id.clone(),
        memo: row.memo.clone(),
    }
}

fn account_state(row: &AccountRow) -> AppResult<(AccountKind, Book)> {
    Ok((row.kind, row.book))
}

/// 记一笔 — applies one transfer in the caller's write transaction, exactly once: a transfer
/// with this id already posted is answered `Exists` if it says the same and refused
/// (`exists_with_different_content`) if not; otherwise kinds and books are checked, the floor
/// accounts' totals move (the debit side only within its floor, checked and locked by that
/// `UPDATE`) and the transfer is inserted. Counter accounts (issuing, redemption) have no floor
/// and keep no running totals, so that a district's postings do not queue on one row.
pub fn apply(
    conn: &mut DbConn,
    created_by: &str,
    now: NaiveDateTime,
    id: &TransferId,
    content: &TransferContent,
) -> AppResult<TransferOutcome> {
    let answer_taken = |existing: TransferRow| {
        if stored_content(&existing) == *content {
            Ok(TransferOutcome::Exists)
        } else {
            Err(refused(TransferError::ExistsWithDifferentContent))
        }
    };
    if let Some(existing) = ledger::transfer(conn, id)? {
        return answer_taken(existing);
    }
    let accounts = ledger::account_pair(conn, &content.debit_account_id, &content.credit_account_id)?;
    let find = |id: &LedgerAccountId| {
        accounts
            .iter()
            .find(|a| &a.id == id)
            .ok_or(refused(TransferError::AccountNotFound))
    };
    let (debit, credit) = (find(&content.debit_account_id)?, find(&content.credit_account_id)?);
    if let Some(original) = &content.reverses_id {
        let mirrors = ledger::transfer(conn, original)?.is_some_and(|o| {
            o.reverses_id.is_none()
                && o.debit_account_id == content.credit_account_id
                && o.credit_account_id == content.debit_account_id
                && o.amount_minutes == content.amount_minutes
        });
        if !mirrors || content.kind != TransferKind::Reversal {
            return Err(refused(TransferError::NothingToReverse));
        }
    }
    check_transfer(content, account_state(debit)?, account_state(credit)?).map_err(refused)?;
    let pair = [debit, credit];
    let amount = content.amount_minutes;
    if !ledger::move_totals(conn, &pair, &debit.id, amount)? {
        // A twin of this transfer may have committed since the look-up and taken the minutes.
        if let Some(existing) = ledger::transfer(conn, id)? {
            return answer_taken(existing);
        }
        let available = ledger::account(conn, &debit.id)?.map_or(0, |a| (a.credits_posted - a.debits_posted).max(0));
        return Err(refused(TransferError::ExceedsBalance { available }));
    }
    let row = TransferRow {
        id: id.clone(),
        debit_account_id: content.debit_account_id.clone(),
        credit_account_id: content.credit_account_id.clone(),
        amount_minutes: amount,
        kind: content.kind,
        record_id: content.record_id.clone(),
        reverses_id: content.reverses_id.clone(),
        memo: content.memo.clone(),
        created_by: created_by.to_string(),
        created_at: now,
    };
    if ledger::insert_transfer(conn, &row)? {
        return Ok(TransferOutcome::Created);
    }
    // A twin sent at the same moment committed first, or a second reversal of one transfer
    // did: the totals go back and the call is answered like the transfer that won.
    ledger::move_totals(conn, &pair, &debit.id, -amount)?;
    match ledger::transfer(conn, id)? {
        Some(existing) => answer_taken(existing),
        None => Err(refused(TransferError::NothingToReverse)),
    }
}

/// Applies one transfer in its own write transaction (batch tools, tests and benchmarks run
/// as the system; no account may call this).
pub fn transfer(
    conn: &mut DbConn,
    call: &Call,
    id: &TransferId,
    content: &TransferContent,
) -> AppResult<TransferOutcome> {
    if !call.actor.is_system() {
        return Err(call.denied());
    }
    write_transaction(conn, |conn| apply(conn, &call.actor.label, call.now, id, content))
}

/// The account a visitor earns in under `rules` for a visit on `day`, if any.
fn earning_account(
    conn: &mut DbConn,
    rules: &PostingRules,
    user_id: &AccountId,
    day: NaiveDate,
) -> AppResult<Option<AccountKey>> {
    let Some(user) = users::by_id(conn, user_id)? else {
        return Ok(None);
    };
    let kind = user.visitor_kind;
    let Some(book) = kind.and_then(|k| rules.book_for(k)) else {
        return Ok(None);
    };
    Ok(match (book, user.school_id) {
        (Book::TimeBank, _) => Some(AccountKey::TimeBank { user_id: user.id }),
        (Book::ServiceCredit, Some(school_id)) => Some(AccountKey::ServiceCredit {
            user_id: user.id,
            school_id,
            term: Term::of(day),
        }),
        (Book::ServiceCredit, None) => None,
    })
}

/// 入账 — credits the hours of an accepted record to each person who made the visit and earns
/// under the district's rules (in the review's transaction): the visitor, the co-visitors the
/// record names and the co-visitor its slot was claimed with, as stored beside the record
/// (`visit_record_visitors`; decision: the adult named to go along on a claimed slot went
/// along, and earns as the proofs count them). Ids derive from the record and
/// the person, so accepting the same record again credits nothing more.
pub fn post_record(
    conn: &mut DbConn,
    call: &Call,
    rules: &PostingRules,
    row: &RecordRow,
    record: &VisitRecord,
) -> AppResult<usize> {
    let Some(district) = super::policies::district_of(&row.village_code) else {
        return Ok(0);
    };
    let district = district.as_str().to_string();
    let day = record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive();
    let minutes = rules.credited(record.duration_minutes());
    if minutes == 0 {
        return Ok(0);
    }
    let year_start = NaiveDate::from_ymd_opt(day.year(), 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let mut posted = 0;
    for person in crate::db::records::visitors_of(conn, &row.id)? {
        let Some(key) = earning_account(conn, rules, &person, day)? else {
            continue;
        };
        let book = key.book();
        let holder = ensure_account(conn, &key, &district, call.now)?;
        let issuing = ensure_account(
            conn,
            &AccountKey::Issuing {
                book,
                district: district.clone(),
            },
            &district,
            call.now,
        )?;
        let earned = ledger::posted_credits_since(conn, &holder, year_start)?;
        let (to_holder, to_pool) = rules.split_at_cap(minutes, earned);
        let mut parts = vec![("holder", holder, to_holder, TransferKind::Posting)];
        if to_pool > 0 {
            let pool = AccountKey::DonationPool {
                book,
                district: district.clone(),
            };
            parts.push((
                "pool",
                ensure_account(conn, &pool, &district, call.now)?,
                to_pool,
                TransferKind::CapExcess,
            ));
        }
        for (part, credit, amount, kind) in parts.into_iter().filter(|p| p.2 > 0) {
            let content = TransferContent {
                debit_account_id: issuing.clone(),
                credit_account_id: credit,
                amount_minutes: amount,
                kind,
                record_id: Some(row.id.clone()),
                reverses_id: None,
                memo: None,
            };
            if apply(
                conn,
                &call.actor.label,
                call.now,
                &posting_id(&row.id, &person, part),
                &content,
            )? == TransferOutcome::Created
            {
                posted += 1;
            }
        }
    }
    Ok(posted)
}

/// 冲正 — reverses what an accepted record posted, when it is rejected after all. Refused
/// (and the rejection with it) if a holder has already spent the hours.
pub fn reverse_record(conn: &mut DbConn, call: &Call, record_id: &RecordId) -> AppResult<usize> {
    let mut reversed = 0;
    for original in ledger::unreversed_of_record(conn, record_id)? {
        reverse(conn, call, &original, None)?;
        reversed += 1;
    }
    Ok(reversed)
}

/// 冲正 one transfer: the same minutes back, naming the original (at most once: its id derives
/// from the original's).
pub(crate) fn reverse(conn: &mut DbConn, call: &Call, original: &TransferRow, memo: Option<&str>) -> AppResult<()> {
    let content = TransferContent {
        debit_account_id: original.credit_account_id.clone(),
        credit_account_id: original.debit_account_id.clone(),
        amount_minutes: original.amount_minutes,
        kind: TransferKind::Reversal,
        record_id: original.record_id.clone(),
        reverses_id: Some(original.id.clone()),
        memo: memo.map(str::to_string),
    };
    apply(conn, &call.actor.label, call.now, &reversal_id(&original.id), &content)?;
    Ok(())
}

/// Credits `minutes` of care given to `giver`'s time bank in `district`, from the issuing
/// account, as the transfer `id` (derived from what was given, so it is credited once).
pub(crate) fn credit_care(
    conn: &mut DbConn,
    call: &Call,
    district: &str,
    giver: &AccountId,
    minutes: i64,
    service: &str,
    id: &TransferId,
) -> AppResult<TransferOutcome> {
    let issuing = AccountKey::Issuing {
        book: Book::TimeBank,
        district: district.to_string(),
    };
    let issuing = ensure_account(conn, &issuing, district, call.now)?;
    let holder = ensure_account(
        conn,
        &AccountKey::TimeBank { user_id: giver.clone() },
        district,
        call.now,
    )?;
    let credit = TransferContent {
        debit_account_id: issuing,
        credit_account_id: holder,
        amount_minutes: minutes,
        kind: TransferKind::Posting,
        record_id: None,
        reverses_id: None,
        memo: Some(format!("提供服务：{service}")),
    };
    apply(conn, &call.actor.label, call.now, id, &credit)
}

// --- holders ------------------------------------------------------------------------------

/// The signed-in account's ledger accounts.
pub fn my_accounts(conn: &mut DbConn, call: &Call) -> AppResult<Vec<AccountRow>> {
    let me = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    Ok(ledger::accounts_of_user(conn, me)?)
}

/// An account the caller may read: their own; a school admin's students' service credit;
/// staff: the care account of an elder in scope.
pub fn readable_account(conn: &mut DbConn, call: &Call, id: &LedgerAccountId) -> AppResult<AccountRow> {
    ledger::account_in(conn, &call.actor, id)?.ok_or(AppError::NotFound { what: "账户" })
}

/// 流水 — a page of an account's transfers, newest first; `after` is the id of the last
/// transfer of the previous page.
pub fn statement(
    conn: &mut DbConn,
    call: &Call,
    account_id: &LedgerAccountId,
    after: Option<&TransferId>,
    limit: i64,
) -> AppResult<Vec<TransferRow>> {
    let account = readable_account(conn, call, account_id)?;
    let before = match after {
        Some(id) => ledger::transfer(conn, id)?.map(|t| (t.created_at, t.id)),
        None => None,
    };
    Ok(ledger::statement(conn, &account.id, before, limit)?)
}

/// The caller's time-bank account and its district.
fn own_time_bank(conn: &mut DbConn, call: &Call) -> AppResult<(LedgerAccountId, String)> {
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let key = AccountKey::TimeBank { user_id: me };
    let account = ledger::account(conn, &key.id())?
        .ok_or_else(|| AppError::field("transfer", "no_account", "您还没有时间银行账户"))?;
    Ok((account.id, account.district_code))
}

/// Minutes moved at a person's request: out of their own time bank, or, by staff, out of the
/// pool or an elder's care account.
struct Spending<'a> {
    transfer_id: &'a TransferId,
    from: LedgerAccountId,
    to: LedgerAccountId,
    minutes: i64,
    kind: TransferKind,
    memo: Option<String>,
    district: &'a str,
    action: &'a str,
    reason: Option<&'a str>,
}

/// Applies a holder's transfer (in the caller's transaction) and audits it when created.
fn spend(conn: &mut DbConn, call: &Call, s: Spending<'_>) -> AppResult<TransferOutcome> {
    let content = TransferContent {
        debit_account_id: s.from,
        credit_account_id: s.to,
        amount_minutes: s.minutes,
        kind: s.kind,
        record_id: None,
        reverses_id: None,
        memo: s.memo,
    };
    let outcome = apply(conn, &call.actor.label, call.now, s.transfer_id, &content)?;
    if outcome == TransferOutcome::Created {
        audit::record(
            conn,
            call,
            s.action,
            Subject {
                object_type: "ledger_transfer",
                object_id: Some(s.transfer_id.as_str()),
                area_code: Some(s.district),
            },
            s.reason,
            None,
            Some(&json!({ "minutes": s.minutes })),
        )?;
    }
    Ok(outcome)
}

/// 赠与 — gives time-bank hours to a family member's account, with the relation stated
/// (audited). `transfer_id` is chosen by the client: a retry is answered `Exists`.
pub fn gift(
    conn: &mut DbConn,
    call: &Call,
    transfer_id: &TransferId,
    to_user_id: &AccountId,
    minutes: i64,
    relation: &str,
) -> AppResult<TransferOutcome> {
    client_transfer_id(transfer_id)?;
    let relation = InvalidInput::of_field("relation", required_text(relation, 20))?;
    write_transaction(conn, |conn| {
        let (from, district) = own_time_bank(conn, call)?;
        let recipient = users::by_id(conn, to_user_id)?
            .filter(|u| u.status == AccountStatus::Active && Some(&u.id) != call.actor.user_id.as_ref())
            .ok_or_else(|| AppError::field("toUserId", "not_found", "没有这个受赠人账户"))?;
        let to = ensure_account(
            conn,
            &AccountKey::TimeBank { user_id: recipient.id },
            &district,
            call.now,
        )?;
        spend(
            conn,
            call,
            Spending {
                transfer_id,
                from,
                to,
                minutes,
                kind: TransferKind::Gift,
                memo: Some(format!("赠与{relation}")),
                district: &district,
                action: "ledger.gift",
                reason: Some(&relation),
            },
        )
    })
}

/// 受赠人 — the account a visitor gives hours to (or names as the provider of redeemed care),
/// found by its username and the name it was registered with; both must match, so that a
/// username alone tells nothing of whose it is, and the visitor never handles an account id.
pub fn recipient(conn: &mut DbConn, call: &Call, username: &str, name: &str) -> AppResult<UserRow> {
    let me = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    let name = name.trim();
    users::by_username(conn, &username.trim().to_lowercase())?
        .filter(|u| u.status == AccountStatus::Active && &u.id != me && u.display_name == name && !name.is_empty())
        .ok_or_else(|| AppError::field("name", "not_found", "没有这个账号，或姓名与账号不符"))
}

/// 捐赠 — gives time-bank hours to the district's donation pool.
pub fn donate(conn: &mut DbConn, call: &Call, transfer_id: &TransferId, minutes: i64) -> AppResult<TransferOutcome> {
    client_transfer_id(transfer_id)?;
    write_transaction(conn, |conn| {
        let (from, district) = own_time_bank(conn, call)?;
        let pool = ensure_account(
            conn,
            &AccountKey::DonationPool {
                book: Book::TimeBank,
                district: district.clone(),
            },
            &district,
            call.now,
        )?;
        spend(
            conn,
            call,
            Spending {
                transfer_id,
                from,
                to: pool,
                minutes,
                kind: TransferKind::Donation,
                memo: None,
                district: &district,
                action: "ledger.donate",
                reason: None,
            },
        )
    })
}

/// What a redemption paid for: the care given (recorded, and credited to its provider).
#[derive(Clone, Copy)]
struct Care<'a> {
    service: &'a str,
    provider_id: Option<&'a AccountId>,
    recipient_user_id: Option<&'a AccountId>,
    elder_id: Option<&'a ElderId>,
}

/// Spends `minutes` of the account `from` on `care` (in the caller's transaction): the
/// redemption transfer; the service given, recorded once; and, when a visitor gives it, the
/// same minutes credited to the provider's time bank (a transfer whose id derives from the
/// redemption's).
fn pay_for_care(
    conn: &mut DbConn,
    call: &Call,
    transfer_id: &TransferId,
    (from, district): (LedgerAccountId, String),
    minutes: i64,
    care: Care<'_>,
    action: &str,
) -> AppResult<TransferOutcome> {
    let provider = match care.provider_id {
        Some(id) => Some(
            users::by_id(conn, id)?
                .filter(|u| u.role == Role::Visitor && care.recipient_user_id != Some(&u.id))
                .ok_or_else(|| AppError::field("providerId", "not_found", "没有这个服务提供人"))?,
        ),
        None => None,
    };
    let to = ensure_account(
        conn,
        &AccountKey::Redemption {
            book: Book::TimeBank,
            district: district.clone(),
        },
        &district,
        call.now,
    )?;
    let outcome = spend(
        conn,
        call,
        Spending {
            transfer_id,
            from: from.clone(),
            to,
            minutes,
            kind: TransferKind::Redemption,
            memo: Some(care.service.to_string()),
            district: &district,
            action,
            reason: Some(care.service),
        },
    )?;
    if outcome == TransferOutcome::Created {
        ledger::insert_care_service(
            conn,
            &ledger::CareServiceRow {
                id: CareServiceId::new(transfer_id.as_str()),
                redemption_id: Some(transfer_id.clone()),
                account_id: Some(from),
                recipient_user_id: care.recipient_user_id.cloned(),
                elder_id: care.elder_id.cloned(),
                provider_id: provider.as_ref().map(|p| p.id.clone()),
                service: care.service.to_string(),
                kind: None,
                minutes,
                given_at: None,
                elder_confirmation: None,
                recorded_by: call.actor.label.clone(),
                created_at: call.now,
            },
        )?;
    }
    if let Some(provider) = provider {
        credit_care(
            conn,
            call,
            &district,
            &provider.id,
            minutes,
            care.service,
            &provider_posting_id(transfer_id),
        )?;
    }
    Ok(outcome)
}

/// Whether someone born on `born` may redeem time-bank hours on `today` (from [`REDEEM_FROM_AGE`]).
pub fn may_redeem(born: Option<NaiveDate>, today: NaiveDate) -> bool {
    born.is_some_and(|b| today.years_since(b).unwrap_or(0) >= REDEEM_FROM_AGE)
}

fn old_enough(born: Option<NaiveDate>, today: NaiveDate) -> AppResult<()> {
    if may_redeem(born, today) {
        Ok(())
    } else {
        Err(AppError::field(
            "transfer",
            "under_age",
            format!("年满 {REDEEM_FROM_AGE} 周岁后才能兑换时间银行服务"),
        ))
    }
}

fn service_text(service: &str) -> AppResult<String> {
    Ok(InvalidInput::of_field("service", required_text(service, 200))?)
}

/// 兑换 — spends time-bank hours on care, from the age of 60. The care given is recorded;
/// when `provider_id` names the visitor who gives it, the same minutes are credited to the
/// provider's time bank.
pub fn redeem(
    conn: &mut DbConn,
    call: &Call,
    transfer_id: &TransferId,
    minutes: i64,
    service: &str,
    provider_id: Option<&AccountId>,
) -> AppResult<TransferOutcome> {
    client_transfer_id(transfer_id)?;
    let service = service_text(service)?;
    write_transaction(conn, |conn| {
        let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
        old_enough(users::by_id(conn, &me)?.and_then(|u| u.birth_date), call.today)?;
        let from = own_time_bank(conn, call)?;
        let care = Care {
            service: &service,
            provider_id,
            recipient_user_id: Some(&me),
            elder_id: None,
        };
        pay_for_care(conn, call, transfer_id, from, minutes, care, "ledger.redeem")
    })
}

/// An elder in the actor's scope for `permission` (`elderId` not found otherwise).
fn elder_for(conn: &mut DbConn, call: &Call, permission: Permission, elder_id: &ElderId) -> AppResult<ElderRow> {
    let scope = call.scope(permission)?;
    crate::db::elders::find(conn, &scope, elder_id)?
        .ok_or_else(|| AppError::field("elderId", "not_found", "您的辖区内没有这位老人"))
}

/// 捐赠池发放 — the district admin grants hours of the district's time-bank donation pool to a
/// key elder (the strictest tier of the pack in force today), into the elder's care account;
/// the reason is audited. `transfer_id` is a UUID the client chooses.
pub fn grant(
    conn: &mut DbConn,
    call: &Call,
    transfer_id: &TransferId,
    elder_id: &ElderId,
    minutes: i64,
    reason: &str,
) -> AppResult<TransferOutcome> {
    client_transfer_id(transfer_id)?;
    let reason = InvalidInput::of_field("reason", required_text(reason, 200))?;
    write_transaction(conn, |conn| {
        let elder = elder_for(conn, call, Permission::GrantHours, elder_id)?;
        if !super::policies::is_key_elder(conn, call, &elder, call.today)? {
            return Err(AppError::field(
                "elderId",
                "not_key_elder",
                "捐赠池的时长只发放给重点老人",
            ));
        }
        let district = super::policies::district_of(&elder.village_code)
            .ok_or_else(|| AppError::Internal(format!("elder {} has no district", elder.id)))?
            .as_str()
            .to_string();
        let pool = AccountKey::DonationPool {
            book: Book::TimeBank,
            district: district.clone(),
        };
        let from = ensure_account(conn, &pool, &district, call.now)?;
        let to = ensure_account(conn, &AccountKey::ElderCare { elder_id: elder.id }, &district, call.now)?;
        spend(
            conn,
            call,
            Spending {
                transfer_id,
                from,
                to,
                minutes,
                kind: TransferKind::Grant,
                memo: Some(reason.clone()),
                district: &district,
                action: "ledger.grant",
                reason: Some(&reason),
            },
        )
    })
}

/// 代老人兑换 — staff spend hours of a key elder's care account on a service given to the
/// elder (recorded; credited to the visitor who gives it, when one does).
pub fn redeem_for_elder(
    conn: &mut DbConn,
    call: &Call,
    transfer_id: &TransferId,
    elder_id: &ElderId,
    minutes: i64,
    service: &str,
    provider_id: Option<&AccountId>,
) -> AppResult<TransferOutcome> {
    client_transfer_id(transfer_id)?;
    let service = service_text(service)?;
    write_transaction(conn, |conn| {
        let elder = elder_for(conn, call, Permission::SpendElderHours, elder_id)?;
        old_enough(Some(elder.birth_date), call.today)?;
        let account = ledger::account(
            conn,
            &AccountKey::ElderCare {
                elder_id: elder.id.clone(),
            }
            .id(),
        )?
        .ok_or_else(|| AppError::field("elderId", "no_account", "这位老人还没有获得发放的时长"))?;
        let care = Care {
            service: &service,
            provider_id,
            recipient_user_id: None,
            elder_id: Some(&elder.id),
        };
        let from = (account.id, account.district_code);
        pay_for_care(conn, call, transfer_id, from, minutes, care, "ledger.redeem_for_elder")
    })
}

/// 关爱账户 — a key elder's care account (hours granted, spent, left), for staff whose scope
/// holds the elder; `None` before the first grant.
pub fn elder_care_account(conn: &mut DbConn, call: &Call, elder_id: &ElderId) -> AppResult<Option<AccountRow>> {
    let elder = elder_for(conn, call, Permission::ReadElders, elder_id)?;
    Ok(ledger::account_in(
        conn,
        &call.actor,
        &AccountKey::ElderCare { elder_id: elder.id }.id(),
    )?)
}

/// 服务记录 — the care services the caller received (paid from their time bank) or gave.
pub fn my_care_services(conn: &mut DbConn, call: &Call) -> AppResult<Vec<ledger::CareServiceRow>> {
    let me = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    Ok(ledger::care_services_of_user(conn, me)?)
}
