//! Time-bank and service-credit accounts, statements and what holders do with their hours.

use chrono::{DateTime, Utc};
use juniper::graphql_object;

use super::Context;
use crate::db::ledger::{AccountRow, TransferRow};
use crate::domain::ledger::{AccountKind, Book, Term, TransferKind, TransferOutcome};

pub struct LedgerAccount(pub AccountRow);

#[graphql_object(context = Context, description = "时间银行或志愿服务计学分账户")]
impl LedgerAccount {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn book(&self) -> Option<Book> {
        Book::parse_code(&self.0.book)
    }
    fn kind(&self) -> Option<AccountKind> {
        AccountKind::parse_code(&self.0.kind)
    }
    fn school_id(&self) -> Option<&str> {
        self.0.school_id.as_deref()
    }
    /// `2026-autumn` for service credit.
    fn term(&self) -> Option<&str> {
        self.0.term.as_deref()
    }
    /// e.g. 2026年秋季学期
    fn term_label(&self) -> Option<String> {
        self.0.term.as_deref().and_then(Term::parse).map(Term::label_zh)
    }
    /// Credits − debits, in minutes (kept with every transfer: reading it is one row).
    fn balance_minutes(&self) -> f64 {
        (self.0.credits_posted - self.0.debits_posted) as f64
    }
    fn credits_minutes(&self) -> f64 {
        self.0.credits_posted as f64
    }
    fn debits_minutes(&self) -> f64 {
        self.0.debits_posted as f64
    }
}

pub struct LedgerTransfer {
    pub row: TransferRow,
    /// The account the statement is of: decides the sign of `amountMinutes`.
    pub account_id: String,
}

#[graphql_object(context = Context, description = "流水 — one transfer on an account's statement")]
impl LedgerTransfer {
    fn id(&self) -> &str {
        &self.row.id
    }
    fn kind(&self) -> Option<TransferKind> {
        TransferKind::parse_code(&self.row.kind)
    }
    /// Positive when the account was credited, negative when debited.
    fn amount_minutes(&self) -> f64 {
        let amount = self.row.amount_minutes as f64;
        if self.row.credit_account_id == self.account_id {
            amount
        } else {
            -amount
        }
    }
    fn record_id(&self) -> Option<&str> {
        self.row.record_id.as_deref()
    }
    /// The transfer this one reverses.
    fn reverses_id(&self) -> Option<&str> {
        self.row.reverses_id.as_deref()
    }
    fn memo(&self) -> Option<&str> {
        self.row.memo.as_deref()
    }
    fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }
}

pub struct TransferResult {
    pub id: String,
    pub outcome: TransferOutcome,
}

#[graphql_object(context = Context, description = "记账结果")]
impl TransferResult {
    fn id(&self) -> &str {
        &self.id
    }
    /// False when a transfer with this id and the same content existed (a retry): nothing changed.
    fn created(&self) -> bool {
        self.outcome == TransferOutcome::Created
    }
}
