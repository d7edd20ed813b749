//! 数据范围 — the one place where an actor's [`Scope`] becomes SQL. Every query that reads an
//! object for someone starts from one of these functions — elder files, accounts, the audit
//! log, visit records (with how much of each the reader sees), drafts, risk cases, referrals
//! and spot checks — so a resolver that forgets a check still cannot reach outside its
//! caller's scope, and no service decides after the fact whether a row it loaded by id may be
//! shown. A new kind of object gets its scoped query here first.

use diesel::dsl::AsExprOf;
use diesel::expression::{AsExpression, BoxableExpression};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::schema::{audit_log, elders, record_drafts, referrals, risk_cases, spot_checks, users, visit_records};
use super::MultiBackend;
use crate::domain::access::{Actor, Permission, Scope};
use crate::domain::area::AreaCode;

pub type BoxedElders = elders::BoxedQuery<'static, MultiBackend>;
pub type BoxedUsers = users::BoxedQuery<'static, MultiBackend>;
pub type BoxedAudit = audit_log::BoxedQuery<'static, MultiBackend>;
pub type BoxedRecords = visit_records::BoxedQuery<'static, MultiBackend>;
pub type BoxedDrafts = record_drafts::BoxedQuery<'static, MultiBackend>;
pub type BoxedCases = risk_cases::BoxedQuery<'static, MultiBackend>;
pub type BoxedReferrals = referrals::BoxedQuery<'static, MultiBackend>;
pub type BoxedSpotChecks = spot_checks::BoxedQuery<'static, MultiBackend>;
/// A condition on visit records, usable as a filter and as a selected column.
pub type RecordCondition = Box<dyn BoxableExpression<visit_records::table, MultiBackend, SqlType = Bool>>;

/// The code range of `area`'s subtree if the whole area lies in `scope`, for tables keyed by
/// village code (visits): the same elders [`elders_in`] gives for that area, since an area
/// scope is a subtree. `None` (nothing) for any other scope.
pub fn area_range(scope: &Scope, area: &AreaCode) -> Option<(String, String)> {
    match scope {
        Scope::System | Scope::Area(_) if scope.contains_area(area) => Some(area.subtree_range()),
        _ => None,
    }
}

/// Elder files in scope: a subtree of the administrative tree, or the one elder a family
/// account belongs to when that elder agreed to share.
pub fn elders_in(scope: &Scope) -> BoxedElders {
    let query = elders::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(elders::village_code.ge(low))
                .filter(elders::village_code.lt(high))
        }
        Scope::Family { elder_id } => query
            .filter(elders::id.eq(elder_id.clone()))
            .filter(elders::shares_with_family.eq(true)),
        Scope::School(_) | Scope::Nothing => query.filter(elders::id.is_null()),
    }
}

/// Accounts in scope: those held in a subtree, or one school's accounts.
pub fn users_in(scope: &Scope) -> BoxedUsers {
    let query = users::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query.filter(users::area_code.ge(low)).filter(users::area_code.lt(high))
        }
        Scope::School(school) => query.filter(users::school_id.eq(school.clone())),
        Scope::Family { .. } | Scope::Nothing => query.filter(users::id.is_null()),
    }
}

/// Audit entries about objects in a subtree.
pub fn audit_in(scope: &Scope) -> BoxedAudit {
    let query = audit_log::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(audit_log::area_code.ge(low))
                .filter(audit_log::area_code.lt(high))
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => query.filter(audit_log::id.is_null()),
    }
}

fn always() -> AsExprOf<bool, Bool> {
    <bool as AsExpression<Bool>>::as_expression(true)
}

fn never() -> AsExprOf<bool, Bool> {
    <bool as AsExpression<Bool>>::as_expression(false)
}

/// 探访记录的读者 — who reads visit records, and through which of their scopes.
#[derive(Debug, Clone)]
pub struct RecordReader {
    /// Where the reader reads elder files (`ReadElders`): every record there, in full.
    pub files: Scope,
    /// Where the reader records visits (`RecordVisits`): other people's records there, as a
    /// summary (date, mode, status).
    pub visits: Scope,
    /// The reader's account: the records it made or entered, in full.
    pub me: Option<String>,
}

impl RecordReader {
    pub fn of(actor: &Actor) -> RecordReader {
        RecordReader {
            files: actor.scope_for(Permission::ReadElders),
            visits: actor.scope_for(Permission::RecordVisits),
            me: actor.user_id.clone(),
        }
    }
}

/// Records whose village lies in an area scope (nothing for any other kind of scope: records
/// are kept by village).
fn record_village_in(scope: &Scope) -> RecordCondition {
    match scope {
        Scope::System => Box::new(always()),
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            Box::new(
                visit_records::village_code
                    .ge(low)
                    .and(visit_records::village_code.lt(high)),
            )
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => Box::new(never()),
    }
}

/// The records `reader` reads in full: those of villages in its `ReadElders` scope, and those
/// it made (as the visitor) or entered (as the submitter).
pub fn record_in_full(reader: &RecordReader) -> RecordCondition {
    let files = record_village_in(&reader.files);
    match &reader.me {
        Some(me) => Box::new(
            files
                .or(visit_records::visitor_id.eq(me.clone()))
                .or(visit_records::submitted_by.eq(me.clone())),
        ),
        None => files,
    }
}

/// Visit records `reader` may see at all: those it reads in full ([`record_in_full`]) and, as a
/// summary, the others of villages in its `RecordVisits` area. Select [`record_in_full`]
/// beside the row to know which is which.
pub fn records_in(reader: &RecordReader) -> BoxedRecords {
    visit_records::table
        .into_boxed()
        .filter(record_in_full(reader).or(record_village_in(&reader.visits)))
}

/// Visit records of villages in `scope` (for staff acting on them: review).
pub fn records_at(scope: &Scope) -> BoxedRecords {
    visit_records::table.into_boxed().filter(record_village_in(scope))
}

/// Drafts are their author's alone.
pub fn drafts_of(actor: &Actor) -> BoxedDrafts {
    let query = record_drafts::table.into_boxed();
    match &actor.user_id {
        Some(me) => query.filter(record_drafts::author_id.eq(me.clone())),
        None => query.filter(record_drafts::author_id.is_null()),
    }
}

/// Risk cases in scope: those of villages in an area scope. A case holds what a visit found
/// about an elder's health and home, so it is read with the elder file's scope (`ReadElders`)
/// or worked on with `HandleCases` — never by being the visitor of the record that opened it.
pub fn cases_in(scope: &Scope) -> BoxedCases {
    let query = risk_cases::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(risk_cases::village_code.ge(low))
                .filter(risk_cases::village_code.lt(high))
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => query.filter(risk_cases::id.is_null()),
    }
}

/// Referrals in scope: as for [`cases_in`].
pub fn referrals_in(scope: &Scope) -> BoxedReferrals {
    let query = referrals::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(referrals::village_code.ge(low))
                .filter(referrals::village_code.lt(high))
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => query.filter(referrals::id.is_null()),
    }
}

/// Spot checks of the districts in an area scope (a sample is kept by district code).
pub fn spot_checks_in(scope: &Scope) -> BoxedSpotChecks {
    let query = spot_checks::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query
                .filter(spot_checks::district_code.ge(low))
                .filter(spot_checks::district_code.lt(high))
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => query.filter(spot_checks::id.is_null()),
    }
}
