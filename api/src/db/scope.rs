//! 数据范围 — the one place where an actor's [`Scope`] becomes SQL. Every query that reads an
//! object for someone starts from one of these functions — elder files, accounts, the audit
//! log, visit records (with how much of each the reader sees), drafts, risk cases, referrals,
//! spot checks, visit slots, visitor profiles, ledger accounts, certificates, organisations
//! (those in an area, and those an actor manages), purchase-of-service contracts, training
//! sessions, correction requests, issued proofs and the records through which a photo may be
//! read — so a resolver that forgets a check still cannot reach outside its caller's scope, and
//! no service decides after the fact whether a row it loaded by id may be shown. A new kind of
//! object gets its scoped query here first.
//!
//! Rows that belong to one object are read by that object's id once the object itself was read
//! through one of these functions (or is the caller): an elder's care services after the file
//! ([`elders_in`]); a visitor's training attended, commendations, evaluations, no-shows and
//! capacity reductions after the account ([`users_in`], or the visitor's own); who made a
//! visit (`visit_record_visitors`) after the visitor's account, the record, or the contract
//! whose members' visits are counted ([`contracts_in`]); an organisation's members after the
//! organisation ([`organisations_managed`]); an office's seal is its own. `tests/service_scope.rs` walks every path to them from outside.

use diesel::dsl::AsExprOf;
use diesel::expression::{AsExpression, BoxableExpression};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::schema::{
    audit_log, elders, ledger_accounts, organisation_members, organisations, record_drafts, record_photos, referrals,
    risk_cases, service_certifications, service_contracts, service_corrections, service_proofs, spot_checks,
    training_sessions, users, visit_records, visit_slots, visitor_profiles,
};
use super::MultiBackend;
use crate::domain::access::{Actor, Permission, Role, Scope};
use crate::domain::area::AreaCode;
use crate::domain::id::AccountId;
use crate::domain::record::RecordStatus;

pub type BoxedElders = elders::BoxedQuery<'static, MultiBackend>;
pub type BoxedUsers = users::BoxedQuery<'static, MultiBackend>;
pub type BoxedAudit = audit_log::BoxedQuery<'static, MultiBackend>;
pub type BoxedRecords = visit_records::BoxedQuery<'static, MultiBackend>;
pub type BoxedDrafts = record_drafts::BoxedQuery<'static, MultiBackend>;
pub type BoxedCases = risk_cases::BoxedQuery<'static, MultiBackend>;
pub type BoxedReferrals = referrals::BoxedQuery<'static, MultiBackend>;
pub type BoxedSpotChecks = spot_checks::BoxedQuery<'static, MultiBackend>;
pub type BoxedSlots = visit_slots::BoxedQuery<'static, MultiBackend>;
pub type BoxedProfiles = visitor_profiles::BoxedQuery<'static, MultiBackend>;
pub type BoxedLedgerAccounts = ledger_accounts::BoxedQuery<'static, MultiBackend>;
pub type BoxedCertifications = service_certifications::BoxedQuery<'static, MultiBackend>;
pub type BoxedOrganisations = organisations::BoxedQuery<'static, MultiBackend>;
pub type BoxedCorrections = service_corrections::BoxedQuery<'static, MultiBackend>;
pub type BoxedProofs = service_proofs::BoxedQuery<'static, MultiBackend>;
pub type BoxedContracts = service_contracts::BoxedQuery<'static, MultiBackend>;
pub type BoxedTrainingSessions = training_sessions::BoxedQuery<'static, MultiBackend>;
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
    elders::table.into_boxed().filter(elder_in(scope))
}

/// [`elders_in`] as a condition on any query that has `elders` in its FROM: the files
/// themselves, or a part of a file joined to its file (the family members, contacts and
/// histories of a page of files are read so, in one query each).
pub fn elder_in<QS>(scope: &Scope) -> Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool>>
where
    QS: 'static,
    elders::id: SelectableExpression<QS>,
    elders::village_code: SelectableExpression<QS>,
    elders::shares_with_family: SelectableExpression<QS>,
{
    match scope {
        Scope::System => Box::new(always()),
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            Box::new(elders::village_code.ge(low).and(elders::village_code.lt(high)))
        }
        Scope::Family { elder_id } => {
            Box::new(elders::id.eq(elder_id.clone()).and(elders::shares_with_family.eq(true)))
        }
        Scope::School(_) | Scope::Nothing => Box::new(never()),
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

/// A condition on rows of `$table` whose `$column` holds an administrative code: those in an
/// area scope's subtree (everything for the system; nothing for any other scope).
macro_rules! area_code_in {
    ($table:ident, $column:ident, $scope:expr) => {{
        let condition: Box<dyn BoxableExpression<$table::table, MultiBackend, SqlType = Bool>> = match $scope {
            Scope::System => Box::new(always()),
            Scope::Area(code) => {
                let (low, high) = code.subtree_range();
                Box::new($table::$column.ge(low).and($table::$column.lt(high)))
            }
            Scope::School(_) | Scope::Family { .. } | Scope::Nothing => Box::new(never()),
        };
        condition
    }};
}

/// Organisations registered in a subtree of the administrative tree (staff reading their
/// area's schools, 社工站, teams and providers); nothing for any other scope.
pub fn organisations_in(scope: &Scope) -> BoxedOrganisations {
    organisations::table
        .into_boxed()
        .filter(area_code_in!(organisations, area_code, scope))
}

/// The ids of the organisations `me` is an admin member of (a subquery).
fn administered_by(me: &AccountId) -> Administered {
    organisation_members::table
        .filter(organisation_members::user_id.eq(me.clone()))
        .filter(organisation_members::is_admin.eq(true))
        .select(organisation_members::organisation_id)
}

type Administered = diesel::dsl::Select<
    diesel::dsl::Filter<
        diesel::dsl::Filter<organisation_members::table, diesel::dsl::Eq<organisation_members::user_id, AccountId>>,
        diesel::dsl::Eq<organisation_members::is_admin, bool>,
    >,
    organisation_members::organisation_id,
>;

/// The organisations an actor manages: those registered where they are staff approving
/// visitors (`ApproveVisitors`), and those of which they are an admin member.
pub fn organisations_managed(actor: &Actor) -> BoxedOrganisations {
    let mut condition = area_code_in!(organisations, area_code, &actor.scope_for(Permission::ApproveVisitors));
    if let Some(me) = &actor.user_id {
        condition = Box::new(condition.or(organisations::id.eq_any(administered_by(me))));
    }
    organisations::table.into_boxed().filter(condition)
}

/// The purchase-of-service contracts an actor reads: those whose area lies in their
/// `ReadElders` scope (the district's staff), and those of the providers they are an admin
/// member of.
pub fn contracts_in(actor: &Actor) -> BoxedContracts {
    let mut condition = area_code_in!(service_contracts, area_code, &actor.scope_for(Permission::ReadElders));
    if let Some(me) = &actor.user_id {
        condition = Box::new(condition.or(service_contracts::organisation_id.eq_any(administered_by(me))));
    }
    service_contracts::table.into_boxed().filter(condition)
}

/// Training sessions held by the offices in a subtree (an organizer's or village staff's own
/// and those below); nothing for any other scope.
pub fn training_sessions_in(scope: &Scope) -> BoxedTrainingSessions {
    training_sessions::table
        .into_boxed()
        .filter(area_code_in!(training_sessions, area_code, scope))
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
    pub me: Option<AccountId>,
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

/// Visit records a family account reads (`ViewAsFamily`): the submitted or accepted visits to
/// the one elder it follows, while that elder agrees to share (`shares_with_family`); nothing
/// for any other scope. Drafts, returned and rejected records never reach the family.
pub fn records_shared_with_family(scope: &Scope) -> BoxedRecords {
    let query = visit_records::table.into_boxed();
    match scope {
        Scope::Family { elder_id } => query
            .filter(visit_records::elder_id.eq(elder_id.clone()))
            .filter(
                visit_records::elder_id.eq_any(
                    elders::table
                        .filter(elders::id.eq(elder_id.clone()))
                        .filter(elders::shares_with_family.eq(true))
                        .select(elders::id),
                ),
            )
            .filter(visit_records::status.eq_any([RecordStatus::Submitted, RecordStatus::Accepted])),
        Scope::System | Scope::Area(_) | Scope::School(_) | Scope::Nothing => query.filter(visit_records::id.is_null()),
    }
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
    risk_cases::table.into_boxed().filter(case_in(scope))
}

/// [`cases_in`] as a condition on any query that has `risk_cases` in its FROM: the cases, or
/// what belongs to a case joined to it (the follow-ups and notifications of a page of cases).
pub fn case_in<QS>(scope: &Scope) -> Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool>>
where
    QS: 'static,
    risk_cases::village_code: SelectableExpression<QS>,
{
    match scope {
        Scope::System => Box::new(always()),
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            Box::new(risk_cases::village_code.ge(low).and(risk_cases::village_code.lt(high)))
        }
        Scope::School(_) | Scope::Family { .. } | Scope::Nothing => Box::new(never()),
    }
}

/// Referrals in scope: as for [`cases_in`].
pub fn referrals_in(scope: &Scope) -> BoxedReferrals {
    referrals::table
        .into_boxed()
        .filter(area_code_in!(referrals, village_code, scope))
}

/// Spot checks of the districts in an area scope (a sample is kept by district code).
pub fn spot_checks_in(scope: &Scope) -> BoxedSpotChecks {
    spot_checks::table
        .into_boxed()
        .filter(area_code_in!(spot_checks, district_code, scope))
}

/// Visit slots of villages in an area scope: for organizers (`PlanVisits`) and for a visitor
/// claiming in their claim area (`ClaimSlots`, whose scope is that area).
pub fn slots_in(scope: &Scope) -> BoxedSlots {
    visit_slots::table
        .into_boxed()
        .filter(area_code_in!(visit_slots, village_code, scope))
}

/// Correction requests on visits of villages in an area scope: for the office that organised
/// the visit (民政部令第67号: 谁记录谁更正).
pub fn corrections_in(scope: &Scope) -> BoxedCorrections {
    service_corrections::table
        .into_boxed()
        .filter(area_code_in!(service_corrections, area_code, scope))
}

/// Proofs issued by offices (towns, villages) in an area scope.
pub fn proofs_in(scope: &Scope) -> BoxedProofs {
    service_proofs::table
        .into_boxed()
        .filter(area_code_in!(service_proofs, issuer_area_code, scope))
}

/// The proofs an actor reads: those issued to them, and those of offices in their
/// `ReadElders` scope.
pub fn proofs_readable(actor: &Actor) -> BoxedProofs {
    let mut condition = area_code_in!(
        service_proofs,
        issuer_area_code,
        &actor.scope_for(Permission::ReadElders)
    );
    if let Some(me) = &actor.user_id {
        condition = Box::new(condition.or(service_proofs::visitor_id.eq(me.clone())));
    }
    service_proofs::table.into_boxed().filter(condition)
}

/// The slots of `area` in `scope` — nothing unless the whole area lies in the scope.
pub fn slots_at(scope: &Scope, area: &AreaCode) -> BoxedSlots {
    match area_range(scope, area) {
        Some((low, high)) => slots_in(scope)
            .filter(visit_slots::village_code.ge(low))
            .filter(visit_slots::village_code.lt(high)),
        None => visit_slots::table.into_boxed().filter(visit_slots::id.is_null()),
    }
}

/// The slots a visitor holds: theirs alone, wherever they are.
pub fn slots_held_by(holder_id: &AccountId) -> BoxedSlots {
    visit_slots::table
        .into_boxed()
        .filter(visit_slots::holder_id.eq(holder_id.clone()))
}

/// Elder files the actor sees because they go there: the elders of slots they hold or
/// accompany (name and address; the phone stays masked).
pub fn elders_visited_by(actor: &Actor) -> BoxedElders {
    let query = elders::table.into_boxed();
    match &actor.user_id {
        Some(me) => query.filter(
            elders::id.eq_any(
                visit_slots::table
                    .filter(
                        visit_slots::holder_id
                            .eq(me.clone())
                            .or(visit_slots::co_visitor_id.eq(me.clone())),
                    )
                    .select(visit_slots::elder_id),
            ),
        ),
        None => query.filter(elders::id.is_null()),
    }
}

/// Visitor profiles of accounts in `scope` (an organizer reading a visitor's profile): the
/// accounts [`users_in`] gives.
pub fn profiles_at(scope: &Scope) -> BoxedProfiles {
    let query = visitor_profiles::table.into_boxed();
    match scope {
        Scope::System => query,
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            query.filter(
                visitor_profiles::user_id.eq_any(
                    users::table
                        .filter(users::area_code.ge(low))
                        .filter(users::area_code.lt(high))
                        .select(users::id),
                ),
            )
        }
        Scope::School(school) => query.filter(
            visitor_profiles::user_id.eq_any(
                users::table
                    .filter(users::school_id.eq(school.clone()))
                    .select(users::id),
            ),
        ),
        Scope::Family { .. } | Scope::Nothing => query.filter(visitor_profiles::user_id.is_null()),
    }
}

/// A condition on ledger accounts.
type AccountCondition = Box<dyn BoxableExpression<ledger_accounts::table, MultiBackend, SqlType = Bool>>;

/// Care accounts of the elders [`elders_in`] gives for `scope`.
fn care_account_in(scope: &Scope) -> AccountCondition {
    let elder = ledger_accounts::elder_id.assume_not_null();
    match scope {
        Scope::System => Box::new(ledger_accounts::elder_id.is_not_null()),
        Scope::Area(code) => {
            let (low, high) = code.subtree_range();
            Box::new(
                elder.eq_any(
                    elders::table
                        .filter(elders::village_code.ge(low))
                        .filter(elders::village_code.lt(high))
                        .select(elders::id),
                ),
            )
        }
        Scope::Family { elder_id } => Box::new(
            elder.eq_any(
                elders::table
                    .filter(elders::id.eq(elder_id.clone()))
                    .filter(elders::shares_with_family.eq(true))
                    .select(elders::id),
            ),
        ),
        Scope::School(_) | Scope::Nothing => Box::new(never()),
    }
}

/// Ledger accounts the actor reads: their own; a school admin's school's accounts; and the
/// care accounts of elders whose files the actor reads (`ReadElders`).
pub fn ledger_accounts_in(actor: &Actor) -> BoxedLedgerAccounts {
    let mut condition = care_account_in(&actor.scope_for(Permission::ReadElders));
    if let Some(me) = &actor.user_id {
        condition = Box::new(condition.or(ledger_accounts::user_id.assume_not_null().eq(me.clone())));
    }
    if let (Some(Role::SchoolAdmin), Some(school)) = (actor.role, &actor.school_id) {
        condition = Box::new(condition.or(ledger_accounts::school_id.assume_not_null().eq(school.clone())));
    }
    ledger_accounts::table.into_boxed().filter(condition)
}

/// The ledger accounts a user holds (their own, whatever their status).
pub fn ledger_accounts_of(user_id: &AccountId) -> BoxedLedgerAccounts {
    ledger_accounts::table
        .into_boxed()
        .filter(ledger_accounts::user_id.eq(user_id.clone()))
}

/// Issued certificates the actor reads: a school admin, those of their school; a student,
/// their own.
pub fn certificates_in(actor: &Actor) -> BoxedCertifications {
    let mut condition: Box<dyn BoxableExpression<service_certifications::table, MultiBackend, SqlType = Bool>> =
        Box::new(never());
    if let Some(me) = &actor.user_id {
        condition = Box::new(condition.or(service_certifications::student_id.eq(me.clone())));
    }
    if let (Some(Role::SchoolAdmin), Some(school)) = (actor.role, &actor.school_id) {
        condition = Box::new(condition.or(service_certifications::school_id.eq(school.clone())));
    }
    service_certifications::table
        .into_boxed()
        .filter(service_certifications::certificate_no.is_not_null())
        .filter(condition)
}

/// The visit records through which the actor may see photo `sha`: records referencing it that
/// the actor made as the visitor, or of villages in its `ReadElders` scope. (The uploader sees
/// their own photo without any record.)
pub fn records_showing_photo(actor: &Actor, sha: &str) -> BoxedRecords {
    let files = record_village_in(&actor.scope_for(Permission::ReadElders));
    let seen: RecordCondition = match &actor.user_id {
        Some(me) => Box::new(files.or(visit_records::visitor_id.eq(me.clone()))),
        None => files,
    };
    visit_records::table
        .into_boxed()
        .filter(
            visit_records::id.eq_any(
                record_photos::table
                    .filter(record_photos::sha256.eq(sha.to_string()))
                    .select(record_photos::record_id),
            ),
        )
        .filter(seen)
}
