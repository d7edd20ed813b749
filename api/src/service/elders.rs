//! Use cases on elder files. Each runs in one transaction: a rejected call writes nothing.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Value};
use uuid::Uuid;

use super::areas::require_village;
use super::audit::{self, Subject};
use super::{grouped, Call};
use crate::db::elders::{self, ElderFilter, ElderRows, FactsState, FileState};
use crate::db::models::{
    ElderChangeRow, ElderRow, EmergencyContactRow, FactChangeRow, FamilyMemberRow, ReviewRow, StatusChangeRow,
};
use crate::db::{write_transaction, DbConn};
use crate::domain::access::{Permission, Scope};
use crate::domain::elder::{
    described_only_in_words, needs_check_reason, snapshot_created, snapshot_diff, Category, ElderFile, ElderFileInput,
    ServiceStatus,
};
use crate::domain::id::{ElderId, RecordId};
use crate::domain::input::{not_in_future, optional_text, required_text, InvalidInput};
use crate::domain::policy::history;
use crate::domain::policy::{ElderFacts, FactChange, FactInputs};
use crate::error::{AppError, AppResult};

fn not_found() -> AppError {
    AppError::NotFound { what: "老人档案" }
}

/// Checks what a file refers to: the villages exist and lie in the actor's scope, the ID
/// number is not registered to another elder (anywhere: duplicates cross town lines).
fn check_references(
    conn: &mut DbConn,
    call: &Call,
    scope: &Scope,
    file: &ElderFile,
    own_id: Option<&ElderId>,
) -> AppResult<()> {
    if !scope.contains_area(&file.village_code) {
        return Err(AppError::field(
            "villageCode",
            "out_of_scope",
            format!("无权在 {} 登记老人 (outside your area)", file.village_code),
        ));
    }
    require_village(conn, "villageCode", &file.village_code)?;
    if let Some(code) = &file.household_village_code {
        require_village(conn, "householdVillageCode", code)?;
    }
    let index = call
        .cipher
        .blind_index(elders::ID_NUMBER_INDEX, file.id_number.as_str());
    match elders::id_by_id_number_index(conn, &index)? {
        Some(other) if Some(&other) != own_id => Err(AppError::field(
            "idNumber",
            "duplicate",
            format!("身份证号 {} 已建档 (already registered)", file.id_number.masked()),
        )),
        _ => Ok(()),
    }
}

fn change_row(id: &ElderId, version: i32, action: &str, changes: &Value, call: &Call) -> ElderChangeRow {
    ElderChangeRow {
        id: Uuid::now_v7().to_string(),
        elder_id: id.clone(),
        version,
        action: action.to_string(),
        changes: changes.to_string(),
        changed_by: call.actor.label.clone(),
        changed_at: call.now,
    }
}

fn status_row(
    id: &ElderId,
    status: ServiceStatus,
    on: NaiveDate,
    note: Option<String>,
    call: &Call,
) -> StatusChangeRow {
    StatusChangeRow {
        id: Uuid::now_v7().to_string(),
        elder_id: id.clone(),
        status,
        effective_on: on,
        note,
        recorded_by: call.actor.label.clone(),
        recorded_at: call.now,
    }
}

/// The stored form of a fact change.
fn fact_change_row(id: &ElderId, change: &FactChange, reason: Option<&str>, recorded_by: &str) -> FactChangeRow {
    FactChangeRow {
        id: Uuid::now_v7().to_string(),
        elder_id: id.clone(),
        effective_from: change.effective_from,
        changes: Value::Object(change.values.clone()).to_string(),
        reason: reason.map(str::to_string),
        recorded_by: recorded_by.to_string(),
        recorded_at: change.recorded_at,
    }
}

/// The first fact change of a file: every field, taking effect on `since`.
fn first_fact_change(
    id: &ElderId,
    file: &ElderFile,
    since: NaiveDate,
    at: NaiveDateTime,
    by: &str,
) -> AppResult<FactChangeRow> {
    let change = FactChange::between(None, &FactInputs::of(file), since, at)
        .ok_or_else(|| AppError::Internal(format!("elder {id}: no facts to record")))?;
    Ok(fact_change_row(id, &change, None, by))
}

/// The rows and history entries that register one new file.
pub struct NewFile {
    pub rows: ElderRows,
    pub status_change: StatusChangeRow,
    pub created: ElderChangeRow,
    /// Its facts, taking effect the day it enters service.
    pub facts: FactChangeRow,
}

impl NewFile {
    /// The same file as if it had been entered at `at` (UTC) — the demo's history: a file
    /// entered when the elder came into service, not on the day the demo ran, so that the
    /// months since report it.
    pub fn entered_at(mut self, at: NaiveDateTime) -> NewFile {
        self.rows.elder.created_at = at;
        self.rows.elder.updated_at = at;
        self.rows.elder.facts_recorded_at = at;
        self.status_change.recorded_at = at;
        self.created.changed_at = at;
        self.facts.recorded_at = at;
        self
    }
}

/// The rows of one new file; shared by the API and the demo.
pub fn new_file_rows(file: &ElderFile, id: &ElderId, call: &Call) -> AppResult<NewFile> {
    let index = call
        .cipher
        .blind_index(elders::ID_NUMBER_INDEX, file.id_number.as_str());
    new_file_rows_indexed(file, id, index, call)
}

/// [`new_file_rows`] with the ID number's blind index already worked out (the import has it
/// from its duplicate check).
pub fn new_file_rows_indexed(
    file: &ElderFile,
    id: &ElderId,
    id_number_index: String,
    call: &Call,
) -> AppResult<NewFile> {
    let status = file.initial_service_status();
    let since = file.consent.recorded_on.unwrap_or(call.today);
    let state = FileState {
        version: 1,
        status: (status, since),
        facts: FactsState::first(since, call.now),
        created_at: call.now,
        updated_at: call.now,
    };
    let rows = elders::rows_of_indexed(&call.cipher, file, id, &state, id_number_index);
    let note = file.consent.note.clone().filter(|_| status == ServiceStatus::Refused);
    Ok(NewFile {
        rows,
        status_change: status_row(id, status, since, note, call),
        created: change_row(id, 1, "created", &snapshot_created(file.audit_snapshot()), call),
        facts: first_fact_change(id, file, since, call.now, &call.actor.label)?,
    })
}

/// Inserts new files with their histories, one statement per table.
pub fn insert_new_files(conn: &mut DbConn, files: Vec<NewFile>) -> AppResult<()> {
    let mut rows = Vec::with_capacity(files.len());
    let (mut statuses, mut created, mut facts) = (Vec::new(), Vec::new(), Vec::new());
    for file in files {
        rows.push(file.rows);
        statuses.push(file.status_change);
        created.push(file.created);
        facts.push(file.facts);
    }
    if rows.is_empty() {
        return Ok(());
    }
    elders::insert_all(conn, &rows)?;
    elders::insert_status_changes(conn, &statuses)?;
    elders::insert_changes(conn, &created)?;
    elders::insert_fact_changes(conn, &facts)?;
    Ok(())
}

/// An elder file as the subject of an audit entry.
pub(crate) fn elder_subject(row: &ElderRow) -> Subject<'_> {
    Subject {
        object_type: "elder",
        object_id: Some(row.id.as_str()),
        area_code: Some(&row.village_code),
    }
}

/// One elder file in the actor's scope.
pub fn get(conn: &mut DbConn, call: &Call, id: &ElderId) -> AppResult<Option<ElderRow>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(elders::find(conn, &scope, id)?)
}

/// A page of elder files in the actor's scope.
pub fn page(
    conn: &mut DbConn,
    call: &Call,
    filter: &ElderFilter,
    after: Option<&ElderId>,
    limit: i64,
) -> AppResult<Vec<ElderRow>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(elders::page(conn, &scope, filter, after, limit)?)
}

/// How many elder files in the actor's scope match.
pub fn count(conn: &mut DbConn, call: &Call, filter: &ElderFilter) -> AppResult<i64> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(elders::count(conn, &scope, filter)?)
}

/// 建档 — registers a new elder file.
pub fn create(conn: &mut DbConn, call: &Call, input: &ElderFileInput) -> AppResult<ElderRow> {
    let scope = call.scope(Permission::WriteElders)?;
    let file = ElderFile::parse(input, call.today)?;
    let id = ElderId::fresh();
    write_transaction(conn, |conn| {
        check_references(conn, call, &scope, &file, None)?;
        let new = new_file_rows(&file, &id, call)?;
        let elder = new.rows.elder.clone();
        insert_new_files(conn, vec![new])?;
        audit::record(
            conn,
            call,
            "elder.create",
            elder_subject(&elder),
            None,
            None,
            Some(&file.audit_snapshot()),
        )?;
        Ok(elder)
    })
}

/// The stored file, decrypted and parsed again (for diffs).
/// The stored file as the input that would write it again.
pub(crate) fn stored_input(conn: &mut DbConn, call: &Call, row: &ElderRow) -> AppResult<ElderFileInput> {
    let ids = [row.id.clone()];
    let categories = elders::categories_of(conn, &ids)?;
    let family = elders::family_of(conn, &row.id)?;
    let contacts = elders::contacts_of(conn, &row.id)?;
    elders::input_of(&call.cipher, row, &categories, &family, &contacts)
        .ok_or_else(|| AppError::Internal(format!("elder {} cannot be read back (key)", row.id)))
}

pub(crate) fn stored_file(conn: &mut DbConn, call: &Call, row: &ElderRow) -> AppResult<ElderFile> {
    let input = stored_input(conn, call, row)?;
    ElderFile::parse(&input, call.today)
        .map_err(|e| AppError::Internal(format!("stored elder {} no longer parses: {e}", row.id)))
}

// --- the parts of a page of files ----------------------------------------------------------
// A list shows these per elder; each is read for every file of the page at once (one query),
// through the actor's scope, and handed out by elder id. Files out of scope get nothing.

/// The categories of each file among `ids`. (A code this build does not know is an error: the
/// rows do not load.)
pub fn categories_by_elder(
    conn: &mut DbConn,
    call: &Call,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<Category>>> {
    let scope = call.scope(Permission::ReadElders)?;
    let rows = elders::categories_in(conn, &scope, ids)?;
    Ok(grouped(rows, |c| &c.elder_id)
        .into_iter()
        .map(|(id, rows)| (id, rows.iter().map(|c| c.category).collect()))
        .collect())
}

/// The family members of each file among `ids`, in the file's order.
pub fn family_by_elder(
    conn: &mut DbConn,
    call: &Call,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<FamilyMemberRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(grouped(elders::family_in(conn, &scope, ids)?, |m| &m.elder_id))
}

/// The emergency contacts of each file among `ids`, in calling order.
pub fn contacts_by_elder(
    conn: &mut DbConn,
    call: &Call,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<EmergencyContactRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(grouped(elders::contacts_in(conn, &scope, ids)?, |c| &c.elder_id))
}

/// The service-status history of each file among `ids`, oldest first.
pub fn status_history_by_elder(
    conn: &mut DbConn,
    call: &Call,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<StatusChangeRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(grouped(elders::status_history_in(conn, &scope, ids)?, |s| &s.elder_id))
}

/// The half-yearly reviews of each file among `ids`, oldest first.
pub fn reviews_by_elder(
    conn: &mut DbConn,
    call: &Call,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<ReviewRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(grouped(elders::reviews_in(conn, &scope, ids)?, |r| &r.elder_id))
}

/// The change history of each file among `ids`, oldest first.
pub fn history_by_elder(
    conn: &mut DbConn,
    call: &Call,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<ElderChangeRow>>> {
    let scope = call.scope(Permission::ReadElders)?;
    Ok(grouped(elders::changes_in(conn, &scope, ids)?, |c| &c.elder_id))
}

/// 待核实 — an elder on the check list and why.
pub struct NeedsCheck {
    pub elder: ElderRow,
    /// The relations (配偶, 儿子 …) of the members described only in words, in the file's order.
    pub relations: Vec<String>,
    /// In Chinese, for the organizer.
    pub reason: String,
}

/// 待核实名单 — the elders under service of an area in the actor's scope with a family member
/// whose condition is described only in words (the note speaks of 失能/失智/残疾 … and no
/// ability, dementia or disability is recorded): the packs never read the note, so the
/// organizer is asked to record the member's condition. A page at a time in id order, after
/// `after`; at most `limit`. Computed on read: recording the member's condition takes the
/// elder off the list at once. Reveals health: needs the permission to read it.
pub fn needing_check(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    after: Option<&ElderId>,
    limit: i64,
) -> AppResult<Vec<NeedsCheck>> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ReadHealth, area_code)?;
    let rows = elders::needing_check_page(conn, &scope, &area, after, limit)?;
    let ids: Vec<ElderId> = rows.iter().map(|r| r.id.clone()).collect();
    let mut family = grouped(elders::family_in(conn, &scope, &ids)?, |m| &m.elder_id);
    Ok(rows
        .into_iter()
        .map(|elder| {
            let relations: Vec<String> = family
                .remove(&elder.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|m| {
                    described_only_in_words(m.health.as_deref(), m.ability_level, m.has_dementia, m.disability_grade)
                })
                .map(|m| m.relation)
                .collect();
            let names: Vec<&str> = relations.iter().map(String::as_str).collect();
            NeedsCheck {
                reason: needs_check_reason(&names),
                elder,
                relations,
            }
        })
        .collect())
}

/// How many elders [`needing_check`] lists in all pages.
pub fn needing_check_count(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<i64> {
    let (scope, area) = super::areas::area_in_scope(call, Permission::ReadHealth, area_code)?;
    Ok(elders::needing_check_count(conn, &scope, &area)?)
}

/// For a family account: the file of the elder it follows, where the elder agreed to share.
pub fn followed_by_family(conn: &mut DbConn, call: &Call) -> AppResult<Option<ElderRow>> {
    let scope = call.scope(Permission::ViewAsFamily)?;
    match &call.actor.elder_id {
        Some(elder_id) => Ok(elders::find(conn, &scope, elder_id)?),
        None => Ok(None),
    }
}

/// The files among `ids` in the actor's scope, in the order of `ids` (ids out of scope are
/// left out).
pub fn get_many(conn: &mut DbConn, call: &Call, ids: &[ElderId]) -> AppResult<Vec<ElderRow>> {
    let scope = call.scope(Permission::ReadElders)?;
    let mut found: std::collections::HashMap<ElderId, ElderRow> = elders::find_many(conn, &scope, ids)?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Recomputes the facts stored with every file whose facts were derived by another version of
/// [`ElderFacts::from_file`] (or before facts were stored), in batches; returns how many. Run
/// when the server starts, after the migrations, so coverage never reads stale facts.
pub fn refresh_policy_facts(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    const BATCH: i64 = 500;
    let mut refreshed = 0;
    loop {
        let stale = elders::with_stale_facts(conn, BATCH)?;
        if stale.is_empty() {
            return Ok(refreshed);
        }
        write_transaction(conn, |conn| {
            for row in &stale {
                let facts = ElderFacts::from_file(&stored_file(conn, call, row)?);
                elders::set_policy_facts(conn, &row.id, &facts.to_stored())?;
            }
            Ok::<_, AppError>(())
        })?;
        // The span before the latest is stored in the same form: derived again too.
        let ids: Vec<ElderId> = stale.iter().map(|r| r.id.clone()).collect();
        refresh_facts_states(conn, &ids)?;
        refreshed += stale.len();
    }
}

/// 生效日期 — when an update's changes of facts take effect, and why when that is earlier than
/// the day they are entered.
#[derive(Debug, Clone, Default)]
pub struct Effective {
    /// Default: the day the change is entered.
    pub from: Option<NaiveDate>,
    /// Required for an earlier day (and then audited).
    pub reason: Option<String>,
}

/// How far ahead a change may be planned. A decision: a year, so that a mistyped year is
/// caught.
const PLAN_AHEAD_DAYS: i64 = 366;

impl Effective {
    /// The day the changes take effect and the reason, checked against `today`.
    fn check(&self, today: NaiveDate) -> Result<(NaiveDate, Option<String>), InvalidInput> {
        let mut errors = InvalidInput::default();
        let from = self.from.unwrap_or(today);
        if from > today + chrono::TimeDelta::days(PLAN_AHEAD_DAYS) {
            errors.add(
                "effectiveFrom",
                "too_far_ahead",
                format!(
                    "生效日期最多可提前一年设定（不晚于 {}）",
                    today + chrono::TimeDelta::days(PLAN_AHEAD_DAYS)
                ),
            );
        }
        let reason = errors.check("reason", optional_text(self.reason.as_deref().unwrap_or(""), 500));
        if from < today
            && reason
                .as_ref()
                .is_some_and(|r| r.as_ref().is_none_or(|r| r.chars().count() < 4))
        {
            errors.add(
                "reason",
                "required",
                "生效日期早于录入日期时，须写明原因（至少 4 个字）(a back-dated change needs a reason)",
            );
        }
        errors.finish(|| Some((from, reason?)))
    }
}

/// Updates a whole file. `expected_version` is the version the editor read: a file changed
/// since is refused rather than overwritten. Changes of what the packs read take effect on
/// `effective.from` (default today; earlier only with a reason, audited).
pub fn update(
    conn: &mut DbConn,
    call: &Call,
    id: &ElderId,
    expected_version: i32,
    input: &ElderFileInput,
    effective: &Effective,
) -> AppResult<ElderRow> {
    let scope = call.scope(Permission::WriteElders)?;
    write_transaction(conn, |conn| {
        let current = elders::find(conn, &scope, id)?.ok_or_else(not_found)?;
        if current.version != expected_version {
            return Err(AppError::VersionConflict);
        }
        let stored = stored_file(conn, call, &current)?;
        let input = keeping_masked(&stored, input);
        let mut errors = InvalidInput::default();
        let file = errors.check_result(ElderFile::parse(&input, call.today));
        let when = errors.check_result(effective.check(call.today));
        let (file, (from, reason)) = errors.finish(|| Some((file?, when?)))?;
        check_references(conn, call, &scope, &file, Some(id))?;
        let before = stored.audit_snapshot();
        let after = file.audit_snapshot();
        let change = FactChange::between(Some(&FactInputs::of(&stored)), &FactInputs::of(&file), from, call.now);
        let facts = match &change {
            Some(change) => {
                let mut history = checked_history(conn, &current, change)?;
                history.push(change.clone());
                facts_state(&current.id, &history, call.now)?
            }
            None => FactsState::of_row(&current),
        };
        let version = current.version + 1;
        let state = FileState {
            version,
            status: (current.service_status, current.service_status_since),
            facts,
            created_at: current.created_at,
            updated_at: call.now,
        };
        let rows = elders::rows_of(&call.cipher, &file, id, &state);
        if !elders::replace(conn, &rows, expected_version)? {
            return Err(AppError::VersionConflict);
        }
        elders::insert_change(
            conn,
            &change_row(id, version, "updated", &snapshot_diff(&before, &after), call),
        )?;
        audit::record(
            conn,
            call,
            "elder.update",
            elder_subject(&current),
            reason.as_deref(),
            Some(&before),
            Some(&after),
        )?;
        if let Some(change) = change {
            record_fact_change(conn, call, &current, &change, reason.as_deref())?;
        }
        Ok(rows.elder)
    })
}

/// The input with each sensitive value sent back exactly as the file shows it (masked: the ID
/// number, phone numbers, the disability certificate number) replaced by the stored value it
/// masks, so an editor who read the masked file keeps what they did not change. A masked
/// phone number that two different stored numbers would show is left as sent (and then fails
/// as a malformed number).
fn keeping_masked(stored: &ElderFile, input: &ElderFileInput) -> ElderFileInput {
    let mut phones: HashMap<String, Option<String>> = HashMap::new();
    let stored_phones = stored
        .phone
        .iter()
        .chain(stored.family_members.iter().filter_map(|m| m.phone.as_ref()))
        .chain(stored.emergency_contacts.iter().map(|c| &c.phone));
    for phone in stored_phones {
        let raw = phone.as_str().to_string();
        phones
            .entry(phone.masked())
            .and_modify(|known| {
                if known.as_deref() != Some(raw.as_str()) {
                    *known = None;
                }
            })
            .or_insert(Some(raw));
    }
    let phone = |sent: &str| match phones.get(sent) {
        Some(Some(raw)) => raw.clone(),
        _ => sent.to_string(),
    };
    let mut input = input.clone();
    if input.id_number.trim() == stored.id_number.masked() {
        input.id_number = stored.id_number.as_str().to_string();
    }
    input.phone = input.phone.as_deref().map(phone);
    for member in input.family_members.iter_mut().flatten() {
        member.phone = member.phone.as_deref().map(phone);
    }
    for contact in input.emergency_contacts.iter_mut().flatten() {
        contact.phone = phone(&contact.phone);
    }
    let certificate = stored
        .disability
        .as_ref()
        .and_then(|d| Some((d.masked_certificate()?, d.certificate_no.clone()?)));
    if let (Some(sent), Some((masked, raw))) = (input.disability_certificate_no.as_deref(), certificate) {
        if sent == masked {
            input.disability_certificate_no = Some(raw);
        }
    }
    input
}

/// What an elder row keeps of its fact history `changes` (all of them), the latest recorded at
/// `recorded_at`.
fn facts_state(id: &ElderId, changes: &[FactChange], recorded_at: NaiveDateTime) -> AppResult<FactsState> {
    let spans = history::spans(changes, None)
        .map_err(|e| AppError::Internal(format!("the facts of elder {id} cannot be replayed: {e}")))?;
    let mut latest = spans.iter().rev();
    let since = latest.next().map_or(recorded_at.date(), |(from, _)| *from);
    let before = latest.next();
    Ok(FactsState {
        since,
        recorded_at,
        before: before
            .map(|(_, inputs)| ElderFacts::from_inputs(inputs).to_stored())
            .unwrap_or_default(),
        before_since: before.map(|(from, _)| *from),
    })
}

/// Recomputes what the rows of `ids` keep of their fact history (system use: after fact
/// changes were written in bulk, as the benchmark does, or the derivation of facts changed).
pub fn refresh_facts_states(conn: &mut DbConn, ids: &[ElderId]) -> AppResult<()> {
    for chunk in ids.chunks(500) {
        let found = fact_changes_by_elder(conn, chunk)?;
        write_transaction(conn, |conn| {
            for (id, changes) in &found {
                let recorded_at = changes.iter().map(|c| c.recorded_at).max().unwrap_or_default();
                elders::set_facts_state(conn, id, &facts_state(id, changes, recorded_at)?)?;
            }
            Ok::<_, AppError>(())
        })?;
    }
    Ok(())
}

/// The file's fact history, after checking a new change against it: it may not take effect
/// before the file's first facts, nor hide behind a later change of the same field.
fn checked_history(conn: &mut DbConn, elder: &ElderRow, change: &FactChange) -> AppResult<Vec<FactChange>> {
    let history = fact_changes_by_elder(conn, std::slice::from_ref(&elder.id))?
        .remove(&elder.id)
        .unwrap_or_default();
    let first = history.iter().map(|c| c.effective_from).min();
    if let Some(first) = first.filter(|first| change.effective_from < *first) {
        return Err(AppError::field(
            "effectiveFrom",
            "before_first_facts",
            format!("生效日期不能早于档案事实的首次生效日期 {first}"),
        ));
    }
    let fields = change.fields().map_err(AppError::Internal)?;
    let hidden = history::set_again_after(&history, &fields, change.effective_from);
    if !hidden.is_empty() {
        let names: Vec<&str> = hidden.iter().map(|f| f.label_zh()).collect();
        return Err(AppError::field(
            "effectiveFrom",
            "changed_again_later",
            format!(
                "{} 在 {} 之后已有另一项变更，请按时间顺序录入 (a later change of the same fact exists)",
                names.join("、"),
                change.effective_from
            ),
        ));
    }
    Ok(history)
}

/// Stores a checked fact change of a file; a back-dated one is audited with its reason.
fn record_fact_change(
    conn: &mut DbConn,
    call: &Call,
    elder: &ElderRow,
    change: &FactChange,
    reason: Option<&str>,
) -> AppResult<()> {
    let row = fact_change_row(&elder.id, change, reason, &call.actor.label);
    elders::insert_fact_changes(conn, std::slice::from_ref(&row))?;
    if change.effective_from < call.today {
        let fields: Vec<&str> = change
            .fields()
            .map_err(AppError::Internal)?
            .iter()
            .map(|f| f.label_zh())
            .collect();
        audit::record(
            conn,
            call,
            "elder.facts_backdated",
            elder_subject(elder),
            reason,
            None,
            Some(&json!({"effectiveFrom": change.effective_from, "fields": fields})),
        )?;
    }
    Ok(())
}

/// The fact changes of elders, by elder, read back into the domain.
pub(crate) fn fact_changes_by_elder(
    conn: &mut DbConn,
    ids: &[ElderId],
) -> AppResult<HashMap<ElderId, Vec<FactChange>>> {
    let mut found: HashMap<ElderId, Vec<FactChange>> = HashMap::new();
    for row in elders::fact_changes_of_many(conn, ids)? {
        let change = fact_change_of(&row)?;
        found.entry(row.elder_id).or_default().push(change);
    }
    Ok(found)
}

pub(crate) fn fact_change_of(row: &FactChangeRow) -> AppResult<FactChange> {
    match serde_json::from_str(&row.changes) {
        Ok(Value::Object(values)) => Ok(FactChange {
            effective_from: row.effective_from,
            recorded_at: row.recorded_at,
            values,
        }),
        _ => Err(AppError::Internal(format!(
            "elder_fact_changes.changes of {} is not a JSON object",
            row.id
        ))),
    }
}

/// Gives every file registered before facts were dated its first fact change: the stored
/// file, taking effect on the day the elder entered service (set by the migration), recorded
/// when the file was created. Run when the server starts; returns how many.
pub fn backfill_fact_changes(conn: &mut DbConn, call: &Call) -> AppResult<usize> {
    const BATCH: i64 = 500;
    let mut added = 0;
    loop {
        let missing = elders::without_fact_changes(conn, BATCH)?;
        if missing.is_empty() {
            return Ok(added);
        }
        write_transaction(conn, |conn| {
            let mut rows = Vec::with_capacity(missing.len());
            for row in &missing {
                let file = stored_file(conn, call, row)?;
                rows.push(first_fact_change(
                    &row.id,
                    &file,
                    row.facts_since,
                    row.created_at,
                    SYSTEM,
                )?);
            }
            elders::insert_fact_changes(conn, &rows)?;
            Ok::<_, AppError>(())
        })?;
        added += missing.len();
    }
}

/// Who recorded what the system itself wrote.
const SYSTEM: &str = "系统";

/// 档案变化 — what an accepted visit record reports about the elder goes into the file through
/// the normal audited update: the children's planned return date, a serious illness (with its
/// name added to the disease history). A change in the number of household members cannot be
/// placed on a named family member, so it is written to the file's change history for the
/// next review. Returns whether anything was written.
pub fn apply_visit_findings(
    conn: &mut DbConn,
    call: &Call,
    elder_id: &ElderId,
    record_id: &RecordId,
    record: &crate::domain::record::VisitRecord,
) -> AppResult<bool> {
    let scope = call.scope(Permission::WriteElders)?;
    let current = elders::find(conn, &scope, elder_id)?.ok_or_else(not_found)?;
    let mut input = stored_input(conn, call, &current)?;
    let before = input.clone();
    if let Some(date) = record.children_return.as_ref().and_then(|c| c.planned_date) {
        input.children_planned_return = Some(date);
    }
    let serious = record.illness_level() == Some(crate::domain::record::Level::Poor);
    if serious {
        input.has_serious_illness = Some(true);
        if let Some(name) = record.health.as_ref().and_then(|h| h.illness_name.as_ref()) {
            let history = input.disease_history.clone().unwrap_or_default();
            if !history.contains(name.as_str()) {
                let joined = if history.is_empty() {
                    name.as_str().to_string()
                } else {
                    format!("{history}、{}", name.as_str())
                };
                input.disease_history = Some(joined);
            }
        }
    }
    let reason = format!("探访记录 {record_id} 审核通过");
    let mut wrote = false;
    let mut version = current.version;
    if input != before {
        let effective = Effective {
            from: None,
            reason: Some(reason),
        };
        version = update(conn, call, &current.id, current.version, &input, &effective)?.version;
        wrote = true;
    }
    if let Some(household) = record.household.as_ref().filter(|h| h.added > 0 || h.removed > 0) {
        let changes = json!({"household": {
            "added": household.added,
            "removed": household.removed,
            "note": household.note.as_ref().map(super::super::domain::record::format::Text::as_str),
            "recordId": record_id,
        }});
        elders::insert_change(
            conn,
            &change_row(&current.id, version, "household_reported", &changes, call),
        )?;
        wrote = true;
    }
    Ok(wrote)
}

/// 服务状态变更 — the elder refused, died, moved out, entered an institution, or came back
/// into service, from `effective_on`.
pub fn change_status(
    conn: &mut DbConn,
    call: &Call,
    id: &ElderId,
    expected_version: i32,
    status: ServiceStatus,
    effective_on: NaiveDate,
    note: Option<&str>,
) -> AppResult<ElderRow> {
    let scope = call.scope(Permission::WriteElders)?;
    let mut errors = InvalidInput::default();
    let effective_on = errors.check("effectiveOn", not_in_future(effective_on, call.today));
    let note = errors.check("note", optional_text(note.unwrap_or(""), 2000));
    if status == ServiceStatus::Refused && note.as_ref().is_some_and(Option::is_none) {
        errors.add(
            "note",
            "required",
            "拒绝探访时须留存书面说明 (a refusal needs a written note)",
        );
    }
    let (effective_on, note) = errors.finish(|| Some((effective_on?, note?)))?;
    write_transaction(conn, |conn| {
        let current = elders::find(conn, &scope, id)?.ok_or_else(not_found)?;
        if current.version != expected_version {
            return Err(AppError::VersionConflict);
        }
        if effective_on < current.service_status_since {
            return Err(AppError::field(
                "effectiveOn",
                "before_current_status",
                format!("生效日期不能早于当前状态的起始日期 {}", current.service_status_since),
            ));
        }
        let version = current.version + 1;
        if !elders::set_status(conn, id, expected_version, status, effective_on, call.now)? {
            return Err(AppError::VersionConflict);
        }
        elders::insert_status_change(conn, &status_row(id, status, effective_on, note.clone(), call))?;
        let before = json!({"serviceStatus": current.service_status.as_str(), "serviceStatusSince": current.service_status_since});
        let after = json!({"serviceStatus": status.as_str(), "serviceStatusSince": effective_on});
        elders::insert_change(
            conn,
            &change_row(id, version, "status", &snapshot_diff(&before, &after), call),
        )?;
        audit::record(
            conn,
            call,
            "elder.status",
            elder_subject(&current),
            note.as_deref(),
            Some(&before),
            Some(&after),
        )?;
        elders::find(conn, &scope, id)?.ok_or_else(not_found)
    })
}

/// 半年复核 — records a half-yearly review of the file.
pub fn record_review(
    conn: &mut DbConn,
    call: &Call,
    id: &ElderId,
    reviewed_on: NaiveDate,
    reviewer: &str,
    note: Option<&str>,
) -> AppResult<ReviewRow> {
    let scope = call.scope(Permission::WriteElders)?;
    let mut errors = InvalidInput::default();
    let reviewed_on = errors.check("reviewedOn", not_in_future(reviewed_on, call.today));
    let reviewer = errors.check("reviewer", required_text(reviewer, 50));
    let note = errors.check("note", optional_text(note.unwrap_or(""), 2000));
    let (reviewed_on, reviewer, note) = errors.finish(|| Some((reviewed_on?, reviewer?, note?)))?;
    write_transaction(conn, |conn| {
        let elder = elders::find(conn, &scope, id)?.ok_or_else(not_found)?;
        let row = ReviewRow {
            id: Uuid::now_v7().to_string(),
            elder_id: id.clone(),
            reviewed_on,
            reviewer: reviewer.clone(),
            note: note.clone(),
            recorded_by: call.actor.label.clone(),
            recorded_at: call.now,
        };
        elders::insert_review(conn, &row)?;
        let after = json!({"reviewedOn": row.reviewed_on, "reviewer": row.reviewer});
        audit::record(
            conn,
            call,
            "elder.review",
            elder_subject(&elder),
            None,
            None,
            Some(&after),
        )?;
        Ok(row)
    })
}

/// The personal numbers of one elder file in full.
#[derive(Debug, Clone)]
pub struct Unmasked {
    pub id_number: String,
    pub phone: Option<String>,
    /// Emergency contacts' phones in calling order.
    pub contact_phones: Vec<String>,
    pub disability_certificate_no: Option<String>,
}

/// 查看完整信息 — reads an elder's identity and phone numbers in full. Needs the permission,
/// a stated reason, and writes an audit entry in the same transaction.
pub fn unmask(conn: &mut DbConn, call: &Call, id: &ElderId, reason: &str) -> AppResult<Unmasked> {
    let scope = call.scope(Permission::Unmask)?;
    let mut errors = InvalidInput::default();
    let reason = errors.check("reason", required_text(reason, 200));
    if reason.as_ref().is_some_and(|r| r.chars().count() < 4) {
        errors.add(
            "reason",
            "too_short",
            "请具体说明查看原因（至少 4 个字）(state a real reason)",
        );
    }
    let reason = errors.finish(|| reason)?;
    write_transaction(conn, |conn| {
        let row = elders::find(conn, &scope, id)?.ok_or_else(not_found)?;
        let file = stored_file(conn, call, &row)?;
        audit::record(
            conn,
            call,
            "elder.unmask",
            elder_subject(&row),
            Some(&reason),
            None,
            None,
        )?;
        Ok(Unmasked {
            id_number: file.id_number.as_str().to_string(),
            phone: file.phone.map(|p| p.as_str().to_string()),
            contact_phones: file
                .emergency_contacts
                .iter()
                .map(|c| c.phone.as_str().to_string())
                .collect(),
            disability_certificate_no: file.disability.and_then(|d| d.certificate_no),
        })
    })
}

/// One elder whose half-yearly review is due ([`reviews_due`]).
#[derive(Debug, Clone)]
pub struct ReviewDue {
    pub elder_id: ElderId,
    pub name: String,
    pub village_code: String,
    pub due_on: NaiveDate,
}

/// 待复核 — the elders in service of `area_code` whose half-yearly review falls due by the end
/// of this month or is overdue (the rule of the monthly 半年复核提醒), the longest overdue first.
pub fn reviews_due(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<Vec<ReviewDue>> {
    let (_, area) = super::areas::area_in_scope(call, Permission::ReadElders, area_code)?;
    let end = crate::domain::period::Month::of(call.today).last_day();
    let last: HashMap<ElderId, Option<NaiveDate>> = elders::last_reviews(conn)?.into_iter().collect();
    let mut due: Vec<ReviewDue> = elders::in_service_in(conn, &area)?
        .into_iter()
        .filter_map(|(elder_id, village_code, name, created_at)| {
            let registered = crate::domain::clock::district_date(created_at.and_utc());
            let due_on = next_review_due(last.get(&elder_id).copied().flatten(), registered);
            (due_on <= end).then_some(ReviewDue {
                elder_id,
                name,
                village_code,
                due_on,
            })
        })
        .collect();
    due.sort_by(|a, b| (a.due_on, &a.village_code, &a.elder_id).cmp(&(b.due_on, &b.village_code, &b.elder_id)));
    Ok(due)
}

/// 下次复核 — the next half-yearly review is due six months after the last one (or after
/// registration when there was none).
pub fn next_review_due(last_review: Option<NaiveDate>, registered_on: NaiveDate) -> NaiveDate {
    let from = last_review.unwrap_or(registered_on);
    from.checked_add_months(chrono::Months::new(6)).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_fall_due_every_half_year() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(next_review_due(None, d(2026, 1, 10)), d(2026, 7, 10));
        assert_eq!(next_review_due(Some(d(2026, 8, 31)), d(2026, 1, 10)), d(2027, 2, 28));
    }
}
