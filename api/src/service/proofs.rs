//! 志愿服务记录与证明 (民政部令第67号《志愿服务记录与证明出具办法》): whoever organised a service
//! records it and issues its proof (谁组织谁记录、谁记录谁证明). A town or village office
//! issues a numbered 志愿服务记录证明 to any visitor — adult, senior or student — for the
//! accepted visits and the care it organised in a period. A visitor may ask the office to
//! correct the minutes of a visit; the office accepts or refuses with a reason (audited), and
//! an accepted correction is a reversal and a new posting in the ledger, never an edit.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde_json::json;

use super::audit::{self, Subject};
use super::ledger::{apply, reverse};
use super::Call;
use crate::db::ledger as ledger_db;
use crate::db::proofs::{self, CorrectionRow, ProofRow, SealRow};
use crate::db::records::RecordRow;
use crate::db::{areas, users, write_transaction, DbConn};
use crate::domain::access::{Permission, Role};
use crate::domain::area::AreaCode;
use crate::domain::care::CorrectionStatus;
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::id::{AccountId, CorrectionId, LedgerAccountId, ProofId, RecordId};
use crate::domain::input::{required_text, InvalidInput};
use crate::domain::ledger::{correction_posting_id, PostingRules, TransferContent, TransferKind};
use crate::domain::record::RecordStatus;
use crate::error::{AppError, AppResult};

/// The district's midnight starting `day`, as stored (UTC).
fn start_of(day: NaiveDate) -> NaiveDateTime {
    crate::domain::calendar::day_start(day).naive_utc()
}

/// The minutes a visit counts for `visitor` — its holder or a co-visitor alike: what the
/// ledger credited them for it (postings to their own accounts only, so never a companion's),
/// net of reversals and corrections; when nothing of it reached their accounts — their kind
/// earns in no book, their year's cap sent it all to the donation pool, or they went along as
/// the slot's co-visitor, whom the ledger does not credit — the visit's own minutes as a
/// visit is credited (decision: 民政部令第67号 records every volunteer's time, each person
/// the whole visit).
fn visit_minutes(conn: &mut DbConn, record: &RecordRow, mine: &HashSet<LedgerAccountId>) -> AppResult<(i64, bool)> {
    let postings: Vec<_> = ledger_db::unreversed_of_record(conn, &record.id)?
        .into_iter()
        .filter(|t| mine.contains(&t.credit_account_id))
        .collect();
    if postings.is_empty() {
        let served = (record.ended_at - record.started_at).num_minutes();
        return Ok((PostingRules::default().credited(served), false));
    }
    Ok((postings.iter().map(|t| t.amount_minutes).sum(), true))
}

fn accounts_of(conn: &mut DbConn, visitor: &AccountId) -> AppResult<HashSet<LedgerAccountId>> {
    Ok(ledger_db::accounts_of_user(conn, visitor)?
        .into_iter()
        .map(|a| a.id)
        .collect())
}

/// What a proof says of the services in a period: how many, the minutes, and the content in
/// words ("上门探访 2 次、送餐 1 次").
fn services_in(
    conn: &mut DbConn,
    visitor: &AccountId,
    area: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<(i32, i64, String)> {
    let (start, end) = (start_of(from), start_of(to + chrono::TimeDelta::days(1)));
    let mine = accounts_of(conn, visitor)?;
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut minutes = 0;
    let mut order = 0;
    for (record, co) in proofs::accepted_visits(conn, visitor, area, start, end)? {
        minutes += visit_minutes(conn, &record, &mine)?.0;
        order += 1;
        kinds.entry(visit_content(record.mode, co)).or_insert((order, 0)).1 += 1;
    }
    for care in proofs::care_given(conn, visitor, area, start, end)? {
        minutes += PostingRules::default().credited(care.minutes);
        order += 1;
        kinds.entry(care.service).or_insert((order, 0)).1 += 1;
    }
    let count: usize = kinds.values().map(|(_, n)| n).sum();
    let mut parts: Vec<(usize, String)> = kinds
        .into_iter()
        .map(|(label, (first, n))| (first, format!("{label} {n} 次")))
        .collect();
    parts.sort();
    let content = parts.into_iter().map(|(_, p)| p).collect::<Vec<_>>().join("、");
    Ok((i32::try_from(count).unwrap_or(i32::MAX), minutes, content))
}

/// A visit's content in words: its mode, and 同行 when the person went along as a co-visitor
/// (decision: a proof and the record say so, "上门探访（同行）").
pub fn visit_content(mode: crate::domain::policy::VisitMode, co: bool) -> String {
    if co {
        format!("{}（同行）", mode.label_zh())
    } else {
        mode.label_zh().to_string()
    }
}

/// The office the caller works for: a town organizer's town, a village staff member's village.
pub(super) fn office_of(call: &Call) -> AppResult<AreaCode> {
    match (call.actor.role, &call.actor.area) {
        (Some(Role::TownOrganizer | Role::VillageStaff), Some(area)) => Ok(area.clone()),
        _ => Err(call.denied()),
    }
}

/// 出具志愿服务记录证明 — the caller's office issues a numbered proof to `visitor_id` for the
/// services it organised from `from` to `to` (the district's days); refused when there are
/// none. Numbered per office and year of `to`.
pub fn issue(
    conn: &mut DbConn,
    call: &Call,
    visitor_id: &AccountId,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<ProofRow> {
    let office = office_of(call)?;
    if from > to || to > call.today {
        return Err(AppError::field("to", "invalid", "期间应从开始日到结束日，且不晚于今天"));
    }
    write_transaction(conn, |conn| {
        let visitor = users::by_id(conn, visitor_id)?
            .filter(|u| u.role == Role::Visitor)
            .ok_or_else(|| AppError::field("visitorId", "not_found", "没有这位志愿者"))?;
        let (services, minutes, content) = services_in(conn, &visitor.id, office.as_str(), from, to)?;
        if services == 0 {
            return Err(AppError::field(
                "from",
                "no_service",
                "这段时间内没有本单位组织的、已通过的服务记录",
            ));
        }
        let year = to.year();
        let seq = i32::try_from(proofs::numbered(conn, office.as_str(), year)? + 1).unwrap_or(i32::MAX);
        let issued_by = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
        let row = ProofRow {
            id: ProofId::fresh(),
            issuer_area_code: office.as_str().to_string(),
            year,
            seq,
            visitor_id: visitor.id.clone(),
            period_from: from,
            period_to: to,
            services,
            minutes,
            content,
            issued_by,
            issued_at: call.now,
        };
        proofs::insert_proof(conn, &row)?;
        audit::record(
            conn,
            call,
            "proof.issue",
            Subject {
                object_type: "service_proof",
                object_id: Some(row.id.as_str()),
                area_code: Some(office.as_str()),
            },
            None,
            None,
            Some(&json!({ "visitorId": visitor.id.as_str(), "from": from, "to": to, "minutes": minutes })),
        )?;
        Ok(row)
    })
}

/// The proof's number as printed: 〔2026〕第 0001 号.
pub fn proof_number(row: &ProofRow) -> String {
    format!("〔{}〕第 {:04} 号", row.year, row.seq)
}

/// A proof as a printable page, for the visitor it names or staff whose area holds the office.
pub fn proof_html(conn: &mut DbConn, call: &Call, id: &ProofId) -> AppResult<String> {
    let not_found = || AppError::NotFound { what: "证明" };
    let row = proofs::proof(conn, &call.actor, id)?.ok_or_else(not_found)?;
    let visitor = users::by_id(conn, &row.visitor_id)?.ok_or_else(not_found)?;
    render_proofs(conn, &[(row, visitor.display_name)])
}

/// 批量打印 — every proof the caller's office (a town: and its villages) issued whose period
/// ends between `from` and `to`, in the order they were numbered, as one page to print (a
/// page each).
pub fn batch_html(conn: &mut DbConn, call: &Call, from: NaiveDate, to: NaiveDate) -> AppResult<String> {
    if from > to {
        return Err(AppError::field("to", "invalid", "结束日期不能早于开始日期"));
    }
    let mut rows = issued(conn, call, Some((from, to)))?;
    if rows.is_empty() {
        return Err(AppError::field("from", "no_proofs", "这段时间内本单位没有出具证明"));
    }
    rows.sort_by(|(a, _), (b, _)| (&a.issuer_area_code, a.year, a.seq).cmp(&(&b.issuer_area_code, b.year, b.seq)));
    render_proofs(conn, &rows)
}

/// The page of `rows` (each a proof and its visitor's name): one proof a printed page, each
/// with its issuer's name and seal image when the office uploaded one.
fn render_proofs(conn: &mut DbConn, rows: &[(ProofRow, String)]) -> AppResult<String> {
    let day = |d: NaiveDate| d.format("%Y年%-m月%-d日").to_string();
    let mut offices: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut pages = Vec::with_capacity(rows.len());
    for (row, name) in rows {
        if !offices.contains_key(&row.issuer_area_code) {
            let issuer = areas::find(conn, &row.issuer_area_code)?
                .map(|a| a.name)
                .unwrap_or_default();
            let seal = proofs::seal(conn, &row.issuer_area_code)?.map(|s| seal_data_uri(&s));
            offices.insert(row.issuer_area_code.clone(), (issuer, seal));
        }
        let (issuer, seal) = offices.get(&row.issuer_area_code).cloned().unwrap_or_default();
        pages.push(json!({
            "number": proof_number(row),
            "name": name,
            "issuer": issuer,
            "seal": seal,
            "period": format!("{}至{}", day(row.period_from), day(row.period_to)),
            "content": row.content,
            "services": row.services,
            "hours": crate::domain::certification::hours_text(row.minutes),
            "date": day(row.issued_at.and_utc().with_timezone(&DISTRICT_OFFSET).date_naive()),
        }));
    }
    crate::templates::render("pages/proof.html", &json!({ "proofs": pages }))
}

/// The seal image as a `data:` URL, so that the printed page is one file.
fn seal_data_uri(seal: &SealRow) -> String {
    use base64::Engine as _;
    format!(
        "data:{};base64,{}",
        seal.content_type,
        base64::engine::general_purpose::STANDARD.encode(&seal.image)
    )
}

/// Largest seal image accepted, in bytes (1 MiB).
pub const MAX_SEAL_BYTES: usize = 1024 * 1024;

/// 上传单位印章 — the caller's office (town or village) puts the image of its seal, printed on
/// the proofs it issues from then on (and on those it reprints); a PNG or JPEG of at most
/// [`MAX_SEAL_BYTES`], of the declared `content_type`, its metadata taken out. Replaces the
/// one before; audited.
pub fn upload_seal(conn: &mut DbConn, call: &Call, content_type: &str, bytes: &[u8]) -> AppResult<SealRow> {
    let office = office_of(call)?;
    if bytes.len() > MAX_SEAL_BYTES {
        return Err(AppError::field("body", "too_large", "印章图片不能超过 1 MB"));
    }
    let (kind, clean) = crate::domain::photo::clean(content_type, bytes).map_err(super::photos::refused)?;
    let uploaded_by = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let row = SealRow {
        area_code: office.as_str().to_string(),
        content_type: kind.as_str().to_string(),
        image: clean,
        uploaded_by,
        uploaded_at: call.now,
    };
    write_transaction(conn, |conn| {
        proofs::put_seal(conn, &row)?;
        audit::record(
            conn,
            call,
            "seal.upload",
            Subject {
                object_type: "office_seal",
                object_id: Some(office.as_str()),
                area_code: Some(office.as_str()),
            },
            None,
            None,
            Some(&json!({ "contentType": row.content_type, "byteSize": row.image.len() })),
        )?;
        AppResult::Ok(())
    })?;
    Ok(row)
}

/// The caller's office's seal, if it uploaded one.
pub fn my_seal(conn: &mut DbConn, call: &Call) -> AppResult<Option<SealRow>> {
    let office = office_of(call)?;
    Ok(proofs::seal(conn, office.as_str())?)
}

/// The proofs issued to the caller, newest first.
pub fn my_proofs(conn: &mut DbConn, call: &Call) -> AppResult<Vec<ProofRow>> {
    let me = call.actor.user_id.as_ref().ok_or(AppError::Unauthenticated)?;
    Ok(proofs::proofs_of(conn, me)?)
}

/// 申请更正 — the visitor asks the office that organised an accepted visit of theirs to
/// correct its minutes to `minutes`, saying why. One pending request per visit and person.
/// Decision: a co-visitor may ask too — for their own minutes: what an accepted correction
/// moves is the visit's postings to the asker's own accounts ([`decide_correction`]), never
/// the holder's or another co-visitor's; like the holder, only when the ledger credited them.
pub fn request_correction(
    conn: &mut DbConn,
    call: &Call,
    record_id: &RecordId,
    minutes: i64,
    reason: &str,
) -> AppResult<CorrectionRow> {
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    let reason = InvalidInput::of_field("reason", required_text(reason, 500))?;
    if !(1..=PostingRules::default().max_minutes_per_visit).contains(&minutes) {
        return Err(AppError::field(
            "minutes",
            "out_of_range",
            "更正后的时长应在 1 到 240 分钟之间",
        ));
    }
    write_transaction(conn, |conn| {
        let not_found = || AppError::field("recordId", "not_found", "没有您的这次已通过的探访");
        let record = crate::db::records::record(conn, record_id)?
            .filter(|r| r.status == RecordStatus::Accepted)
            .ok_or_else(not_found)?;
        if crate::db::records::visited_as(conn, &record.id, &me)?.is_none() {
            return Err(not_found());
        }
        let mine = accounts_of(conn, &me)?;
        let (recorded, in_ledger) = visit_minutes(conn, &record, &mine)?;
        if !in_ledger {
            return Err(AppError::field(
                "recordId",
                "no_hours",
                "这次探访没有记入您的时长，无需更正",
            ));
        }
        if recorded == minutes {
            return Err(AppError::field("minutes", "unchanged", "与已记录的时长相同"));
        }
        let row = CorrectionRow {
            id: CorrectionId::fresh(),
            visitor_id: me.clone(),
            record_id: record.id.clone(),
            area_code: record.village_code.clone(),
            recorded_minutes: recorded,
            requested_minutes: minutes,
            reason: reason.clone(),
            status: CorrectionStatus::Pending,
            decision_reason: None,
            decided_by: None,
            decided_at: None,
            created_at: call.now,
        };
        proofs::insert_correction(conn, &row)?;
        Ok(row)
    })
}

/// 处理更正 — staff of the visit's area (its reviewers) accept a pending correction — the
/// visit's postings to the visitor are reversed and the corrected minutes posted anew — or
/// refuse it with a reason. Audited either way.
pub fn decide_correction(
    conn: &mut DbConn,
    call: &Call,
    id: &CorrectionId,
    accept: bool,
    reason: Option<&str>,
) -> AppResult<CorrectionRow> {
    let scope = call.scope(Permission::ReviewRecords)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if !accept && reason.is_none() {
        return Err(AppError::field("reason", "required", "不予更正时请说明理由"));
    }
    let by = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    write_transaction(conn, |conn| {
        let row = proofs::correction(conn, &scope, id)?.ok_or(AppError::NotFound { what: "更正申请" })?;
        let status = if accept {
            CorrectionStatus::Accepted
        } else {
            CorrectionStatus::Refused
        };
        if !proofs::decide(conn, id, status, reason, &by, call.now)? {
            return Err(AppError::field("id", "decided", "这项更正申请已处理"));
        }
        if accept {
            let mine = accounts_of(conn, &row.visitor_id)?;
            let postings: Vec<_> = ledger_db::unreversed_of_record(conn, &row.record_id)?
                .into_iter()
                .filter(|t| mine.contains(&t.credit_account_id))
                .collect();
            let Some(first) = postings.first().cloned() else {
                return Err(AppError::field("id", "no_hours", "这次探访已没有记入的时长"));
            };
            for original in &postings {
                reverse(conn, call, original, Some("更正"))?;
            }
            let content = TransferContent {
                debit_account_id: first.debit_account_id.clone(),
                credit_account_id: first.credit_account_id.clone(),
                amount_minutes: row.requested_minutes,
                kind: TransferKind::Posting,
                record_id: Some(row.record_id.clone()),
                reverses_id: None,
                memo: Some("更正".into()),
            };
            apply(
                conn,
                &call.actor.label,
                call.now,
                &correction_posting_id(row.id.as_str()),
                &content,
            )?;
        }
        audit::record(
            conn,
            call,
            if accept {
                "correction.accept"
            } else {
                "correction.refuse"
            },
            Subject {
                object_type: "service_correction",
                object_id: Some(row.id.as_str()),
                area_code: Some(&row.area_code),
            },
            reason,
            Some(&json!({ "minutes": row.recorded_minutes })),
            Some(&json!({ "minutes": if accept { row.requested_minutes } else { row.recorded_minutes } })),
        )?;
        Ok(proofs::correction(conn, &scope, id)?.unwrap_or(row))
    })
}

/// 更正申请 — the correction requests on visits of the caller's area (the office that organised
/// them and decides them: its reviewers), pending first (oldest first), then the last decided;
/// each with the visitor's name and when the visit started.
pub fn correction_inbox(conn: &mut DbConn, call: &Call) -> AppResult<Vec<proofs::InboxRow>> {
    let scope = call.scope(Permission::ReviewRecords)?;
    Ok(proofs::corrections_in(conn, &scope)?)
}

/// 已出具的证明 — the proofs the caller's office (and the offices under it) issued whose period
/// ends between `from` and `to` (every one when not given), newest first, with the visitor's
/// name.
pub fn issued(
    conn: &mut DbConn,
    call: &Call,
    period: Option<(NaiveDate, NaiveDate)>,
) -> AppResult<Vec<(ProofRow, String)>> {
    office_of(call)?;
    let scope = call.scope(Permission::ReadElders)?;
    Ok(proofs::proofs_in(conn, &scope, period)?)
}

/// What one entry of a visitor's record is: a visit, or care given freely.
#[derive(Debug, Clone)]
pub enum ServiceDone {
    Visit {
        record: RecordId,
        mode: crate::domain::policy::VisitMode,
        /// Whether the person went along as a co-visitor (同行).
        co: bool,
        /// Whether the minutes came from the ledger (only those can be corrected).
        in_ledger: bool,
    },
    Care {
        kind: Option<crate::domain::care::CareKind>,
        service: String,
    },
}

/// One entry of 我的志愿服务记录 (民政部令第67号 art. 8): when, where, what, the minutes
/// counted, and the organiser.
#[derive(Debug, Clone)]
pub struct ServiceEntry {
    pub at: NaiveDateTime,
    /// The village's name.
    pub place: String,
    /// The organiser's name: the town of the village (decision: the town plans the slots and
    /// reviews the records, 谁组织谁记录).
    pub organiser: String,
    /// Minutes counted as a proof counts them.
    pub minutes: i64,
    pub done: ServiceDone,
    /// A visit's latest correction request.
    pub correction: Option<CorrectionRow>,
}

/// 我的志愿服务记录 — the signed-in visitor's accepted visits and the care they gave freely
/// from `from` to `to` (the district's days, at most a year and a day), newest first, counted
/// as a proof counts them, each visit with its latest correction request.
pub fn my_record(conn: &mut DbConn, call: &Call, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<ServiceEntry>> {
    let me = call.actor.user_id.clone().ok_or(AppError::Unauthenticated)?;
    if from > to || (to - from).num_days() > 366 {
        return Err(AppError::field("to", "invalid", "期间应从开始日到结束日，且不超过一年"));
    }
    let (start, end) = (start_of(from), start_of(to + chrono::TimeDelta::days(1)));
    let mine = accounts_of(conn, &me)?;
    let visits = proofs::accepted_visits(conn, &me, "", start, end)?;
    let cares = proofs::care_given(conn, &me, "", start, end)?;
    let ids: Vec<RecordId> = visits.iter().map(|(v, _)| v.id.clone()).collect();
    let mut corrections: std::collections::HashMap<RecordId, CorrectionRow> = std::collections::HashMap::new();
    for row in proofs::corrections_of(conn, &me, &ids)? {
        corrections.entry(row.record_id.clone()).or_insert(row);
    }
    let town_of = |village: &str| AreaCode::parse(village).ok().and_then(|v| v.parent());
    let codes: Vec<String> = visits
        .iter()
        .map(|(v, _)| v.village_code.clone())
        .chain(cares.iter().map(|c| c.village_code.clone()))
        .flat_map(|v| [town_of(&v).map(|t| t.as_str().to_string()), Some(v)])
        .flatten()
        .collect();
    let names: std::collections::HashMap<String, String> = areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let name = |code: &str| names.get(code).cloned().unwrap_or_default();
    let organiser = |village: &str| town_of(village).map(|t| name(t.as_str())).unwrap_or_default();
    let mut out = vec![];
    for (record, co) in visits {
        let (minutes, in_ledger) = visit_minutes(conn, &record, &mine)?;
        out.push(ServiceEntry {
            at: record.started_at,
            place: name(&record.village_code),
            organiser: organiser(&record.village_code),
            minutes,
            correction: corrections.remove(&record.id),
            done: ServiceDone::Visit {
                record: record.id,
                mode: record.mode,
                co,
                in_ledger,
            },
        });
    }
    for care in cares {
        out.push(ServiceEntry {
            at: care.given_at.unwrap_or(start),
            place: name(&care.village_code),
            organiser: organiser(&care.village_code),
            minutes: PostingRules::default().credited(care.minutes),
            correction: None,
            done: ServiceDone::Care {
                kind: care.kind,
                service: care.service,
            },
        });
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(out)
}
