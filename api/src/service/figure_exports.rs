//! 数字报表导出 — the figures as files (#18 item 2): the monthly visit rates by town and
//! village, the time-bank statement (时间银行对账单) and the students' service credit
//! (学生服务学时/学分). Each reads what the screens read — the coverage of
//! [`super::policies::coverage_of`] (a closed month as reported), the double-entry ledger,
//! the school's hours of [`super::certifications::school_hours`] — in the caller's scope, and
//! is audited (`export.form`) in the transaction that reads it.

use std::collections::{BTreeMap, HashMap};

use super::audit::Subject;
use super::exports::{
    area_subject, audit_export, export_area, page_file, utc_bounds, xlsx_error, ExportArea, ExportAudit, Masking,
    TableFormat,
};
use super::policies::CoverageCounts;
use super::Call;
use crate::db::ledger::{self, TransferRow};
use crate::db::models::UserRow;
use crate::db::{users, write_transaction, DbConn};
use crate::domain::access::{Permission, Role, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::export::figures::{
    self, balances, Cell, Table, BALANCE_COLUMNS, CREDIT_COLUMNS, ENTRY_COLUMNS, RATE_COLUMNS, VOLUNTEER_COLUMNS,
};
use crate::domain::export::{self as forms, ExportFile};
use crate::domain::id::{AccountId, LedgerAccountId, SchoolId};
use crate::domain::ledger::{AccountKey, Term};
use crate::domain::period::{Month, Period};
use crate::error::{AppError, AppResult};

/// `tables` as a file named `base` + the format's extension: every table a sheet of the
/// workbook, or the first table as CSV or as the page to print of `unit` for `period`.
fn file_of(
    call: &Call,
    base: &str,
    tables: &[&Table],
    format: TableFormat,
    (unit, period): (&str, String),
) -> AppResult<ExportFile> {
    if format == TableFormat::Xlsx {
        return Ok(ExportFile {
            file_name: format!("{base}.xlsx"),
            content_type: forms::XLSX,
            bytes: figures::tables_xlsx(tables).map_err(xlsx_error)?,
        });
    }
    let table = tables
        .first()
        .ok_or_else(|| AppError::Internal("no table to write".into()))?;
    match format {
        TableFormat::Html => page_file(call, base, &table.to_table(), unit, Some(period)),
        _ => Ok(ExportFile {
            file_name: format!("{base}.csv"),
            content_type: forms::CSV,
            bytes: figures::table_csv(table).into_bytes(),
        }),
    }
}

/// Audits an export of figures (`export.form`, as the other exports), with the rows it held.
fn audit_figures(
    conn: &mut DbConn,
    call: &Call,
    subject: Subject<'_>,
    form: &str,
    period: String,
    rows: usize,
) -> AppResult<()> {
    let audit = ExportAudit {
        form,
        subject,
        period: Some(period),
        counted: "rows",
        count: rows,
    };
    audit_export(conn, call, &audit, &Masking::Masked)
}

fn month_label(month: Month) -> String {
    format!("{}年{}月", month.year(), month.month())
}

/// Parses the month of a rates export (`2026-11`); the field is `period`.
pub fn parse_month(text: Option<&str>) -> AppResult<Month> {
    text.map(str::trim)
        .and_then(Month::parse)
        .ok_or_else(|| AppError::field("period", "bad_period", "月探访率按月统计，统计期格式应为 2026-11"))
}

/// One row of the rates: the counts of an area with its level and names.
fn rate_row(
    level: &str,
    town: &str,
    village: &str,
    counts: &CoverageCounts,
    status: &str,
    corrections: usize,
) -> Vec<Cell> {
    vec![
        Cell::text(level),
        Cell::text(town),
        Cell::text(village),
        Cell::Count(i64::from(counts.elders)),
        Cell::Count(i64::from(counts.met)),
        Cell::Rate(counts.rate()),
        Cell::Count(i64::from(counts.contacted)),
        Cell::Rate(counts.contact_rate()),
        Cell::Count(i64::from(counts.overdue)),
        Cell::text(status),
        Cell::Count(i64::try_from(corrections).unwrap_or(i64::MAX)),
    ]
}

/// 月探访率 — both monthly rates (月探访率 and 探访覆盖率) of an area and of each town and
/// village under it, with the elders due, met, contacted and overdue: the coverage the screens
/// show ([`super::policies::coverage_of`]), not computed a second way. A closed month gives
/// its figures as reported, each row saying 已结账 and how many corrections (recorded after
/// the close, about elders of that row) lie beside it; an open month its live figures.
///
/// Decision: the first row is the area itself (合计), then each town under it followed by its
/// villages; areas with no elder in the rate are left out, as on screen.
pub fn rates(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    month: Month,
    format: TableFormat,
) -> AppResult<ExportFile> {
    write_transaction(conn, |conn| {
        let ExportArea { scope, area, name } = export_area(conn, call, area_code, Permission::ReadElders)?;
        let coverage = super::policies::coverage_of(conn, call, month, &scope, &area)?.ok_or_else(|| {
            AppError::field(
                "period",
                "no_pack",
                format!("{} 本区未选择政策包，没有探访率", month_label(month)),
            )
        })?;
        let corrections: Vec<&str> = coverage
            .closed
            .as_ref()
            .map(|c| c.corrections.iter().map(|c| c.village_code.as_str()).collect())
            .unwrap_or_default();
        let corrections_under = |code: &str| corrections.iter().filter(|v| v.starts_with(code)).count();
        let status = match &coverage.closed {
            Some(_) => "已结账",
            None => "未结账（实时）",
        };
        let town_names: HashMap<&str, &str> = coverage
            .towns
            .iter()
            .map(|t| (t.code.as_str(), t.name.as_str()))
            .collect();
        let under = |code: &str| code.starts_with(area.as_str()) && code != area.as_str();
        let (town_of_area, village_of_area) = match area.level() {
            AreaLevel::Town => (name.as_str(), ""),
            AreaLevel::Village => (
                area.parent()
                    .and_then(|t| town_names.get(t.as_str()).copied())
                    .unwrap_or_default(),
                name.as_str(),
            ),
            _ => ("", ""),
        };
        let mut rows = vec![rate_row(
            "合计",
            town_of_area,
            village_of_area,
            &coverage.total,
            status,
            corrections_under(area.as_str()),
        )];
        // Each town under the area, then its villages; a town's villages when the area is
        // the town itself.
        let mut villages_of: BTreeMap<&str, Vec<&CoverageCounts>> = BTreeMap::new();
        for village in coverage.villages.iter().filter(|v| under(&v.code)) {
            villages_of
                .entry(village.code.get(..9).unwrap_or_default())
                .or_default()
                .push(village);
        }
        let towns: Vec<&CoverageCounts> = coverage.towns.iter().filter(|t| under(&t.code)).collect();
        let mut town_codes: Vec<&str> = towns.iter().map(|t| t.code.as_str()).collect();
        town_codes.extend(villages_of.keys().copied());
        town_codes.sort_unstable();
        town_codes.dedup();
        for code in town_codes {
            let town_name = town_names.get(code).copied().unwrap_or(town_of_area);
            if let Some(town) = towns.iter().find(|t| t.code == code) {
                rows.push(rate_row("镇街", town_name, "", town, status, corrections_under(code)));
            }
            for village in villages_of.get(code).into_iter().flatten() {
                rows.push(rate_row(
                    "村（社区）",
                    town_name,
                    &village.name,
                    village,
                    status,
                    corrections_under(&village.code),
                ));
            }
        }
        let note = match &coverage.closed {
            Some(closed) => format!(
                "统计月份：{}　统计单位：{name}　已结账：{}，数字为报送时的数字；此后的更正 {} 条未计入（见系统“覆盖情况”）",
                month_label(month),
                closed.row.closed_how.label_zh(),
                closed.corrections.len()
            ),
            None => format!(
                "统计月份：{}　统计单位：{name}　未结账：实时数字，截至 {}",
                month_label(month),
                call.today.format("%Y年%-m月%-d日")
            ),
        };
        let table = Table {
            sheet: "探访率".into(),
            title: format!("{name} {} 月探访率和探访覆盖率", month_label(month)),
            note,
            headers: RATE_COLUMNS.to_vec(),
            rows,
        };
        audit_figures(
            conn,
            call,
            area_subject(&area),
            "rates",
            month.to_string(),
            table.rows.len(),
        )?;
        file_of(
            call,
            &format!("月探访率-{name}-{}", month_label(month)),
            &[&table],
            format,
            (&name, month_label(month)),
        )
    })
}

/// Parses the period of a statement (`2026-11` or `2026-H2`); the field is `period`.
pub fn parse_period(text: Option<&str>) -> AppResult<Period> {
    text.and_then(super::exports::parse_period)
        .ok_or_else(|| AppError::field("period", "bad_period", "统计期格式应为 2026-11（月）或 2026-H2（半年）"))
}

/// The statement of the time-bank accounts of `holders` over `period`: a row per holder with
/// any entry up to the period's end, and the period's entries.
fn statement_tables(
    conn: &mut DbConn,
    holders: &[UserRow],
    period: &Period,
    (title, note): (String, String),
) -> AppResult<(Table, Table)> {
    let (start, end) = utc_bounds(period);
    let accounts: HashMap<LedgerAccountId, &UserRow> = holders
        .iter()
        .map(|u| (AccountKey::TimeBank { user_id: u.id.clone() }.id(), u))
        .collect();
    let ids: Vec<LedgerAccountId> = accounts.keys().cloned().collect();
    let mut by_account: BTreeMap<(String, AccountId), (LedgerAccountId, Vec<TransferRow>)> = BTreeMap::new();
    for transfer in ledger::transfers_between(conn, &ids, None, end)? {
        for side in [&transfer.credit_account_id, &transfer.debit_account_id] {
            if let Some(user) = accounts.get(side) {
                by_account
                    .entry((user.display_name.clone(), user.id.clone()))
                    .or_insert_with(|| (side.clone(), Vec::new()))
                    .1
                    .push(transfer.clone());
            }
        }
    }
    let mut balance_rows = Vec::new();
    let mut entry_rows = Vec::new();
    for ((name, user_id), (account, mut transfers)) in by_account {
        transfers.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        let signed = |t: &TransferRow| {
            if t.credit_account_id == account {
                t.amount_minutes
            } else {
                -t.amount_minutes
            }
        };
        let b = balances(transfers.iter().map(|t| (signed(t), t.created_at < start)));
        let phone = holders
            .iter()
            .find(|u| u.id == user_id)
            .and_then(|u| u.phone_masked.clone())
            .unwrap_or_default();
        balance_rows.push(vec![
            Cell::text(name.as_str()),
            Cell::text(phone),
            Cell::Count(b.opening),
            Cell::Count(b.credits),
            Cell::Count(b.debits),
            Cell::Count(b.closing()),
            Cell::Decimal(Some(b.closing() as f64 / 60.0)),
        ]);
        let mut running = b.opening;
        for t in transfers.iter().filter(|t| t.created_at >= start) {
            let minutes = signed(t);
            running += minutes;
            let at = (t.created_at + chrono::TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc())))
                .format("%Y-%m-%d %H:%M")
                .to_string();
            entry_rows.push(vec![
                Cell::text(name.as_str()),
                Cell::text(at),
                Cell::text(t.kind.label_zh()),
                Cell::text(t.memo.clone().unwrap_or_default()),
                Cell::Count(minutes.max(0)),
                Cell::Count((-minutes).max(0)),
                Cell::Count(running),
            ]);
        }
    }
    Ok((
        Table {
            sheet: "对账单".into(),
            title: title.clone(),
            note: note.clone(),
            headers: BALANCE_COLUMNS.to_vec(),
            rows: balance_rows,
        },
        Table {
            sheet: "明细".into(),
            title: format!("{title} 明细"),
            note,
            headers: ENTRY_COLUMNS.to_vec(),
            rows: entry_rows,
        },
    ))
}

/// Every account (of `role`, if given) whose home place lies in `area` (which the caller's
/// scope holds).
pub(super) fn accounts_in(conn: &mut DbConn, area: &AreaCode, role: Option<Role>) -> AppResult<Vec<UserRow>> {
    let subtree = Scope::Area(area.clone());
    let mut out = Vec::new();
    let mut after: Option<AccountId> = None;
    loop {
        let page = users::page(conn, &subtree, None, role, after.as_ref(), 1000)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        out.extend(page);
    }
    Ok(out)
}

/// 时间银行对账单 — the time-bank accounts of the people whose home village lies in an area:
/// per holder the opening balance, credits, debits and closing balance of the period, and
/// the period's entries (a second sheet), from the double-entry ledger.
///
/// Decision: read with [`Permission::ApproveVisitors`], the staff who approve the area's
/// visitors (town organizer, district admin): the organiser records the service and answers
/// for its proof (民政部令第67号 "谁组织谁记录"). Names as on screen, phone numbers masked;
/// elders' care accounts are not in it (they show on the elder's file).
pub fn time_bank(conn: &mut DbConn, call: &Call, area_code: &str, period: &Period) -> AppResult<ExportFile> {
    write_transaction(conn, |conn| {
        let ExportArea { area, name, .. } = export_area(conn, call, area_code, Permission::ApproveVisitors)?;
        let holders = accounts_in(conn, &area, None)?;
        let note = format!(
            "统计期：{}　单位：{name}　时长以分钟计；期末余额 = 期初余额 + 本期存入 − 本期支出",
            period.label_zh()
        );
        let title = format!("{name} 时间银行对账单（{}）", period.label_zh());
        let (balances, entries) = statement_tables(conn, &holders, period, (title, note))?;
        audit_figures(
            conn,
            call,
            area_subject(&area),
            "time_bank",
            period.label_zh(),
            balances.rows.len(),
        )?;
        file_of(
            call,
            &format!("时间银行对账单-{name}-{}", period.label_zh()),
            &[&balances, &entries],
            TableFormat::Xlsx,
            (&name, period.label_zh()),
        )
    })
}

/// Whose volunteers an overview file holds.
pub enum VolunteersOf {
    /// The visitors whose home lies in an area (`area`), for its organizers.
    Area(String),
    /// An organisation's members (`organisation`), for those who manage it.
    Organisation(crate::domain::id::OrganisationId),
}

/// 志愿者概况 — an area's visitors, or an organisation's members, with what they did in
/// `period` (the overview's rows, the most visits first), as a file.
pub fn volunteers(
    conn: &mut DbConn,
    call: &Call,
    of: &VolunteersOf,
    period: &Period,
    format: TableFormat,
) -> AppResult<ExportFile> {
    write_transaction(conn, |conn| {
        let sort = super::overview::VolunteerSort::Visits;
        let (subject_type, subject_id, area_code, name, summaries) = match of {
            VolunteersOf::Area(area_code) => {
                let ExportArea { area, name, .. } = export_area(conn, call, area_code, Permission::ApproveVisitors)?;
                let (_, rows) = super::overview::volunteers(conn, call, area.as_str(), period, sort)?;
                let code = area.as_str().to_string();
                ("area", code.clone(), code, name, rows)
            }
            VolunteersOf::Organisation(id) => {
                let (org, rows) = super::overview::members(conn, call, id, period, sort)?;
                (
                    "organisation",
                    org.id.as_str().to_string(),
                    org.area_code,
                    org.name,
                    rows,
                )
            }
        };
        let offset = chrono::TimeDelta::seconds(i64::from(DISTRICT_OFFSET.local_minus_utc()));
        let rows = summaries
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.visitor.display_name.as_str()),
                    Cell::text(
                        s.visitor
                            .visitor_kind
                            .map(crate::domain::access::VisitorKind::label_zh)
                            .unwrap_or_default(),
                    ),
                    Cell::text(s.visitor.status.label_zh()),
                    Cell::Count(s.visits),
                    Cell::Count(s.minutes),
                    Cell::Count(s.care),
                    Cell::Count(s.no_shows),
                    Cell::Count(s.trainings),
                    Cell::text(
                        s.last_active
                            .map(|at| (at + offset).format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                    ),
                ]
            })
            .collect();
        let table = Table {
            sheet: "志愿者概况".into(),
            title: format!("{name} 志愿者概况（{}）", period.label_zh()),
            note: "探访为已通过的探访记录；服务时长以分钟计，含探访与其他服务，每次至多 240 分钟".into(),
            headers: VOLUNTEER_COLUMNS.to_vec(),
            rows,
        };
        audit_figures(
            conn,
            call,
            Subject {
                object_type: subject_type,
                object_id: Some(&subject_id),
                area_code: Some(&area_code),
            },
            "volunteers",
            period.label_zh(),
            table.rows.len(),
        )?;
        file_of(
            call,
            &format!("志愿者概况-{name}-{}", period.label_zh()),
            &[&table],
            format,
            (&name, period.label_zh()),
        )
    })
}

/// 我的时间银行对账单 — the caller's own time-bank statement of a period.
pub fn my_time_bank(conn: &mut DbConn, call: &Call, period: &Period) -> AppResult<ExportFile> {
    let me = call.actor.user_id.clone().ok_or_else(|| call.denied())?;
    write_transaction(conn, |conn| {
        let user = users::by_ids(conn, std::slice::from_ref(&me))?
            .pop()
            .ok_or(AppError::NotFound { what: "账号" })?;
        let note = format!(
            "统计期：{}　时长以分钟计；期末余额 = 期初余额 + 本期存入 − 本期支出",
            period.label_zh()
        );
        let title = format!("时间银行对账单（{}）", period.label_zh());
        let (balances, entries) = statement_tables(conn, std::slice::from_ref(&user), period, (title, note))?;
        audit_figures(
            conn,
            call,
            Subject {
                object_type: "user",
                object_id: Some(me.as_str()),
                area_code: user.area_code.as_deref(),
            },
            "time_bank",
            period.label_zh(),
            balances.rows.len(),
        )?;
        file_of(
            call,
            &format!("我的时间银行对账单-{}", period.label_zh()),
            &[&balances, &entries],
            TableFormat::Xlsx,
            (&user.display_name, period.label_zh()),
        )
    })
}

/// Parses the term of a service-credit export (`2026-autumn`); the field is `period`.
pub fn parse_term(text: Option<&str>) -> AppResult<Term> {
    text.map(str::trim)
        .and_then(Term::parse)
        .ok_or_else(|| AppError::field("period", "bad_term", "学期格式应为 2026-spring 或 2026-autumn"))
}

/// 学生服务学时/学分 — a school admin's students of a term, one row each: the visits credited
/// (as the certificate's 服务内容 counts them), the minutes recorded (credits − debits of the
/// term's account, as the school screen shows), the certification and the credit. `school`,
/// when given, must be the admin's own school.
pub fn service_credit(
    conn: &mut DbConn,
    call: &Call,
    school: Option<&str>,
    term: Term,
    format: TableFormat,
) -> AppResult<ExportFile> {
    let own = call.actor.school_id.clone();
    if school.is_some_and(|s| !s.trim().is_empty() && own.as_ref().map(SchoolId::as_str) != Some(s.trim())) {
        return Err(call.denied());
    }
    write_transaction(conn, |conn| {
        let students = super::certifications::school_hours(conn, call, &term.code())?;
        let school = match &own {
            Some(id) => users::school(conn, id)?.ok_or(AppError::Forbidden)?,
            None => return Err(call.denied()),
        };
        let accounts: Vec<LedgerAccountId> = students.iter().map(|s| s.account.id.clone()).collect();
        let visits: HashMap<LedgerAccountId, i64> = ledger::posting_spans(conn, &accounts)?
            .into_iter()
            .map(|s| (s.account_id, s.count))
            .collect();
        let rows: Vec<Vec<Cell>> = students
            .iter()
            .map(|s| {
                let c = s.certification.as_ref();
                vec![
                    Cell::text(s.student.display_name.as_str()),
                    Cell::text(s.student.id_number_masked.clone().unwrap_or_default()),
                    Cell::Count(visits.get(&s.account.id).copied().unwrap_or(0)),
                    Cell::Count(s.account.credits_posted - s.account.debits_posted),
                    Cell::text(c.map_or("未认定", |c| c.decision.label_zh())),
                    match c {
                        Some(c) => Cell::Count(c.certified_minutes),
                        None => Cell::text(""),
                    },
                    Cell::Decimal(c.map(|c| c.credit_tenths as f64 / 10.0)),
                    Cell::text(c.and_then(|c| c.certificate_no.clone()).unwrap_or_default()),
                ]
            })
            .collect();
        let table = Table {
            sheet: "学时学分".into(),
            title: format!("{} {} 学生志愿服务学时学分", school.name, term.label_zh()),
            note: format!(
                "学期：{}　学分规则：每 {} 分钟认定时长折合 1 学分　填表日期：{}",
                term.label_zh(),
                school.minutes_per_credit,
                call.today.format("%Y年%-m月%-d日")
            ),
            headers: CREDIT_COLUMNS.to_vec(),
            rows,
        };
        audit_figures(
            conn,
            call,
            Subject {
                object_type: "school",
                object_id: Some(school.id.as_str()),
                area_code: Some(&school.area_code),
            },
            "service_credit",
            term.code(),
            table.rows.len(),
        )?;
        file_of(
            call,
            &format!("学生服务学时学分-{}-{}", school.name, term.label_zh()),
            &[&table],
            format,
            (&school.name, term.label_zh()),
        )
    })
}
