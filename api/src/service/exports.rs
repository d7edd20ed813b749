//! 报表导出 — the files an office hands in: the yubei 台帐 (附件1), the 登记表 (附件2) and the
//! half-yearly pack. Each export reads an area in the caller's scope, masks identity and phone
//! numbers unless the caller has the unmask permission and states a reason, and is audited
//! (`export.<form>`) in the transaction that reads it.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::json;

use super::audit::{self, Subject};
use super::Call;
use crate::db::models::{ElderRow, EmergencyContactRow, UserRow};
use crate::db::{areas, elders, exports, pairings, users, write_transaction, Database, DbConn};
use crate::domain::access::{AccountStatus, Permission, Scope};
use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::clock::DISTRICT_OFFSET;
use crate::domain::elder::Category;
use crate::domain::export::table::{table_csv, table_xlsx, Table};
use crate::domain::export::yubei::{self, LedgerHeading, YubeiLedgerRow, YubeiRegistration};
use crate::domain::export::{self as forms, DistrictForms, ExportFile, FormCode};
use crate::domain::id::ElderId;
use crate::domain::input::{required_text, InvalidInput};
use crate::domain::period::{Period, PeriodKind};
use crate::error::{AppError, AppResult};

/// Whether an export shows identity and phone numbers in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Masking {
    /// Masked as on screen (the default).
    Masked,
    /// In full, for the stated reason (needs [`Permission::Unmask`]; audited with the reason).
    Unmasked(String),
}

impl Masking {
    /// From an optional reason: none (or blank) is [`Masking::Masked`]; a reason must say
    /// something (at least 4 characters), as for `unmaskElder`.
    pub fn from_reason(reason: Option<&str>) -> AppResult<Masking> {
        let Some(reason) = reason.filter(|r| !r.trim().is_empty()) else {
            return Ok(Masking::Masked);
        };
        let mut errors = InvalidInput::default();
        let reason = errors.check("reason", required_text(reason, 200));
        if reason.as_ref().is_some_and(|r| r.chars().count() < 4) {
            errors.add("reason", "too_short", "请具体说明查看完整信息的原因（至少 4 个字）");
        }
        Ok(Masking::Unmasked(errors.finish(|| reason)?))
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Masking::Masked => None,
            Masking::Unmasked(reason) => Some(reason),
        }
    }
}

/// The file type of a flat table's export (`format=`): a workbook, CSV, or the page to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// The default.
    Xlsx,
    /// One flat table (UTF-8 with a byte-order mark).
    Csv,
    /// 打印预览 — the table as an HTML page to print (`pages/ledger.html`).
    Html,
}

impl TableFormat {
    /// `format=xlsx` (the default, also when absent), `format=csv` or `format=html`.
    pub fn parse(text: Option<&str>) -> AppResult<TableFormat> {
        match text.map(str::trim).unwrap_or_default() {
            "" | "xlsx" => Ok(TableFormat::Xlsx),
            "csv" => Ok(TableFormat::Csv),
            "html" => Ok(TableFormat::Html),
            _ => Err(AppError::field(
                "format",
                "bad_format",
                "导出格式应为 xlsx、csv 或 html（打印预览）",
            )),
        }
    }
}

/// Whether `GET /exports/{form}` offers `format` for `form`: every form as xlsx (the half-yearly
/// pack as its zip); the forms that are one flat table (the 台帐, 统计表 and 汇总表) as a page to
/// print; ningbo-2 as CSV too.
pub fn check_format(form: &str, format: TableFormat) -> AppResult<()> {
    let flat = FormCode::parse_code(form).is_some_and(|f| f.kind() == forms::FormKind::Ledger);
    match format {
        TableFormat::Xlsx => Ok(()),
        TableFormat::Html if flat => Ok(()),
        TableFormat::Csv if form == FormCode::Ningbo2.as_str() => Ok(()),
        TableFormat::Html => Err(AppError::field(
            "format",
            "html_not_offered",
            "登记表和半年报送材料不是一张表，没有打印预览（登记表可在老人档案中逐份打印）",
        )),
        TableFormat::Csv => Err(AppError::field(
            "format",
            "csv_not_offered",
            "只有 ningbo-2（汇总表）可导出为 CSV",
        )),
    }
}

/// A flat table as a file named `{label}-{area}[-{period}]`: the workbook of one sheet, CSV,
/// or the page to print of the area for the period (none: the day's figures), made on the
/// caller's day.
pub(super) fn table_file(
    call: &Call,
    label: &str,
    area_name: &str,
    period: Option<&Period>,
    table: &Table,
    format: TableFormat,
) -> AppResult<ExportFile> {
    let period = period.map(Period::label_zh);
    let base = match &period {
        Some(period) => format!("{label}-{area_name}-{period}"),
        None => format!("{label}-{area_name}"),
    };
    match format {
        TableFormat::Xlsx => Ok(ExportFile {
            file_name: format!("{base}.xlsx"),
            content_type: forms::XLSX,
            bytes: table_xlsx(&table.title, table).map_err(xlsx_error)?,
        }),
        TableFormat::Csv => Ok(ExportFile {
            file_name: format!("{base}.csv"),
            content_type: forms::CSV,
            bytes: table_csv(table).into_bytes(),
        }),
        TableFormat::Html => page_file(call, &base, table, area_name, period),
    }
}

/// A flat table as the page to print (`pages/ledger.html`), named `{base}.html`.
pub(super) fn page_file(
    call: &Call,
    base: &str,
    table: &Table,
    unit: &str,
    period: Option<String>,
) -> AppResult<ExportFile> {
    let page = table.page(unit, period, date_zh(call.today));
    Ok(ExportFile {
        file_name: format!("{base}.html"),
        content_type: forms::HTML,
        bytes: crate::templates::render("pages/ledger.html", &page)?.into_bytes(),
    })
}

/// The half-year of a hand-in: January–June (`first`) or July–December.
pub fn half_year(year: i32, first: bool) -> Option<Period> {
    let day = NaiveDate::from_ymd_opt(year, if first { 1 } else { 7 }, 1)?;
    Some(Period::containing(PeriodKind::HalfYear, day))
}

/// Parses `2026-H1` / `2026-H2` (a half-year) or `2026-11` (a month).
pub fn parse_period(text: &str) -> Option<Period> {
    let (year, rest) = text.trim().split_once('-')?;
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    match rest {
        "H1" | "h1" => half_year(year, true),
        "H2" | "h2" => half_year(year, false),
        month => {
            let month: u32 = month.parse().ok()?;
            let day = NaiveDate::from_ymd_opt(year, month, 1)?;
            Some(Period::containing(PeriodKind::Month, day))
        }
    }
}

/// The UTC moments a period's district days run between: `[start 00:00, end+1 00:00)`.
pub(super) fn utc_bounds(period: &Period) -> (NaiveDateTime, NaiveDateTime) {
    let start = crate::domain::calendar::day_start(period.start).naive_utc();
    let end = crate::domain::calendar::day_start(period.end + TimeDelta::days(1)).naive_utc();
    (start, end)
}

/// An export's area: the caller's scope, the area and its name.
pub(super) struct ExportArea {
    pub scope: Scope,
    pub area: AreaCode,
    pub name: String,
}

/// The area every export reads (#18): `area_code` (the query's `area`) in the caller's scope
/// for `permission`, a district or an area under one (a city's figures are the city
/// overview's), with its name.
pub(super) fn export_area(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    permission: Permission,
) -> AppResult<ExportArea> {
    let scope = call.scope(permission)?;
    let area =
        AreaCode::parse(area_code.trim()).map_err(|_| AppError::field("area", "bad_area", "区划代码格式不正确"))?;
    if area.level() == AreaLevel::City {
        return Err(AppError::field(
            "area",
            "not_in_district",
            "请选择区县、镇街或村（社区）",
        ));
    }
    if !scope.contains_area(&area) {
        return Err(call.denied());
    }
    let name = areas::find(conn, area.as_str())?
        .ok_or(AppError::NotFound { what: "区划" })?
        .name;
    Ok(ExportArea { scope, area, name })
}

/// What an export of a district's forms is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exported {
    /// One form, which the district's pack must name.
    Form(FormCode),
    /// The half-yearly pack (the pack must hand one in: checked by [`half_year_pack`]).
    HalfYearPack,
}

impl Exported {
    fn audit_name(self) -> &'static str {
        match self {
            Exported::Form(form) => form.as_str(),
            Exported::HalfYearPack => "half_year_pack",
        }
    }
}

/// The prologue and epilogue of every export of a district's forms, in one transaction: the
/// area in the caller's scope (to read elder files; to unmask, when asked to), the form named
/// by the district's pack, then `body` (which reads and lays out the file, and says how many
/// elders it holds), then the audit entry (`export.form`, or `export.unmasked` with the
/// reason) of `period` (none: the day's files).
pub(super) fn export_form<T>(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    masking: &Masking,
    exported: Exported,
    period: Option<&Period>,
    body: impl Fn(&mut DbConn, &ExportArea) -> AppResult<(T, usize)>,
) -> AppResult<T> {
    let permission = match masking {
        Masking::Masked => Permission::ReadElders,
        Masking::Unmasked(_) => Permission::Unmask,
    };
    write_transaction(conn, |conn| {
        let export = export_area(conn, call, area_code, permission)?;
        if let Exported::Form(form) = exported {
            require_form(conn, call, export.area.as_str(), form)?;
        }
        let (out, count) = body(conn, &export)?;
        audit_export(
            conn,
            call,
            &ExportAudit {
                form: exported.audit_name(),
                subject: area_subject(&export.area),
                period: period.map(Period::label_zh),
                counted: "elders",
                count,
            },
            masking,
        )?;
        Ok(out)
    })
}

/// 表样 — the forms the pack of the district of `area_code` names, on the caller's day; the
/// default (no form) when the district has chosen no pack.
pub fn forms_of_area(conn: &mut DbConn, call: &Call, area_code: &str) -> AppResult<DistrictForms> {
    let Some(district) = super::policies::district_of(area_code) else {
        return Ok(DistrictForms::default());
    };
    let pack = super::policies::pack_on(conn, call, district.as_str(), call.today)?;
    Ok(pack.map(|p| p.forms.clone()).unwrap_or_default())
}

/// Refuses an export of a form the district's pack does not name.
pub(super) fn require_form(conn: &mut DbConn, call: &Call, area_code: &str, form: FormCode) -> AppResult<()> {
    let named = forms_of_area(conn, call, area_code)?;
    let names = [named.ledger, named.registration, named.record];
    if names.contains(&Some(form)) || named.hand_in.is_some_and(|h| h.files.contains(&form)) {
        Ok(())
    } else {
        Err(AppError::field(
            "form",
            "form_not_used",
            format!("本区县的政策未使用《{}》", form.label_zh()),
        ))
    }
}

pub(super) fn decrypt(call: &Call, context: &str, stored: &str) -> AppResult<String> {
    call.cipher
        .decrypt(context, stored)
        .map_err(|e| AppError::Internal(format!("stored {context} does not decrypt: {e}")))
}

/// Names of the towns and villages the files of `rows` live in.
pub(super) fn area_names(conn: &mut DbConn, rows: &[ElderRow]) -> AppResult<HashMap<String, String>> {
    let mut codes: Vec<String> = Vec::new();
    for row in rows {
        if let Ok(village) = AreaCode::parse(&row.village_code) {
            if let Some(town) = village.parent() {
                codes.push(town.as_str().to_string());
            }
        }
        codes.push(row.village_code.clone());
    }
    codes.sort();
    codes.dedup();
    Ok(areas::find_many(conn, &codes)?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect())
}

pub(super) fn town_of(village_code: &str) -> String {
    AreaCode::parse(village_code)
        .ok()
        .and_then(|v| v.parent())
        .map(|t| t.as_str().to_string())
        .unwrap_or_default()
}

/// One file under service as the ledgers read it (in ledger order): its first emergency
/// contact, its responsible contact, categories, town and village names, and the period's
/// in-person visits and problems solved.
pub(super) struct LedgerElder {
    pub row: ElderRow,
    pub contact: Option<EmergencyContactRow>,
    /// 责任人 / 帮扶联系人: the elder's 结对联系人, else the village's staff.
    pub responsible: Option<UserRow>,
    pub categories: Vec<Category>,
    pub town: String,
    pub village: String,
    pub in_person_visits: u32,
    pub problems_solved: u32,
}

/// A number as the export shows it: the clear value when unmasked (decrypted from `enc` in
/// `context`), else the masked one.
pub(super) fn shown(
    call: &Call,
    masking: &Masking,
    context: &str,
    enc: Option<&str>,
    masked: Option<&str>,
) -> AppResult<String> {
    match (masking, enc) {
        (Masking::Unmasked(_), Some(enc)) => decrypt(call, context, enc),
        (Masking::Unmasked(_), None) => Ok(String::new()),
        (Masking::Masked, _) => Ok(masked.unwrap_or_default().to_string()),
    }
}

/// The files under service in an area with what the ledgers print of them.
///
/// Decision: 上门探访次数 counts the accepted in-person visits made in the period; 解决问题数量
/// counts the risk cases of the elder closed (已结案) in the period — the seed gives no
/// definition. 亲属情况 is the first emergency contact; 责任人 is the elder's responsible contact
/// (结对联系人, the village's staff by default).
pub(super) fn ledger_elders(
    conn: &mut DbConn,
    scope: &Scope,
    area: &AreaCode,
    period: &Period,
) -> AppResult<Vec<LedgerElder>> {
    let rows = exports::ledger_elders(conn, scope, area)?;
    let ids: Vec<ElderId> = rows.iter().map(|r| r.id.clone()).collect();
    let (from, until) = utc_bounds(period);
    let mut visits: HashMap<ElderId, u32> = HashMap::new();
    for id in exports::in_person_visits(conn, &ids, from, until)? {
        *visits.entry(id).or_default() += 1;
    }
    let mut solved: HashMap<ElderId, u32> = HashMap::new();
    for id in exports::cases_closed(conn, &ids, from, until)? {
        *solved.entry(id).or_default() += 1;
    }
    let mut categories: HashMap<ElderId, Vec<Category>> = HashMap::new();
    for c in elders::categories_in(conn, scope, &ids)? {
        categories.entry(c.elder_id).or_default().push(c.category);
    }
    let mut contacts = HashMap::new();
    for c in elders::contacts_in(conn, scope, &ids)? {
        contacts.entry(c.elder_id.clone()).or_insert(c);
    }
    let names = area_names(conn, &rows)?;
    let pairs = exports::pairings_of(conn, &ids)?;
    let contact_ids: Vec<_> = pairs.iter().map(|p| p.contact_user_id.clone()).collect();
    let contact_users: HashMap<_, UserRow> = users::by_ids(conn, &contact_ids)?
        .into_iter()
        .filter(|u| u.status == AccountStatus::Active)
        .map(|u| (u.id.clone(), u))
        .collect();
    let paired: HashMap<ElderId, UserRow> = pairs
        .into_iter()
        .filter_map(|p| contact_users.get(&p.contact_user_id).map(|u| (p.elder_id, u.clone())))
        .collect();
    let mut village_staff: HashMap<String, Option<UserRow>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let responsible = match paired.get(&row.id) {
            Some(user) => Some(user.clone()),
            None => {
                if !village_staff.contains_key(&row.village_code) {
                    let staff = pairings::village_staff(conn, &row.village_code)?;
                    village_staff.insert(row.village_code.clone(), staff);
                }
                village_staff.get(&row.village_code).cloned().flatten()
            }
        };
        out.push(LedgerElder {
            contact: contacts.remove(&row.id),
            responsible,
            categories: categories.remove(&row.id).unwrap_or_default(),
            town: names.get(&town_of(&row.village_code)).cloned().unwrap_or_default(),
            village: names.get(&row.village_code).cloned().unwrap_or_default(),
            in_person_visits: visits.get(&row.id).copied().unwrap_or(0),
            problems_solved: solved.get(&row.id).copied().unwrap_or(0),
            row,
        });
    }
    Ok(out)
}

/// The 台帐 rows of the files under service in an area: one per elder, in ledger order, with
/// the period's in-person visits and problems solved (see [`ledger_elders`]).
fn ledger_rows(
    conn: &mut DbConn,
    call: &Call,
    scope: &Scope,
    area: &AreaCode,
    period: &Period,
    masking: &Masking,
) -> AppResult<Vec<(ElderRow, YubeiLedgerRow)>> {
    let mut out = Vec::new();
    for e in ledger_elders(conn, scope, area, period)? {
        let contact = e.contact.as_ref();
        let responsible = e.responsible.as_ref();
        let ledger = YubeiLedgerRow {
            name: e.row.name.clone(),
            sex: e.row.sex.label_zh().to_string(),
            address: e.row.residence_address.clone(),
            id_number: shown(
                call,
                masking,
                elders::ELDER_ID_NUMBER,
                Some(&e.row.id_number_enc),
                Some(&e.row.id_number_masked),
            )?,
            phone: shown(
                call,
                masking,
                elders::ELDER_PHONE,
                e.row.phone_enc.as_deref(),
                e.row.phone_masked.as_deref(),
            )?,
            relative_name: contact.map(|c| c.name.clone()).unwrap_or_default(),
            relative_relation: contact.map(|c| c.relation.clone()).unwrap_or_default(),
            relative_phone: shown(
                call,
                masking,
                elders::CONTACT_PHONE,
                contact.map(|c| c.phone_enc.as_str()),
                contact.map(|c| c.phone_masked.as_str()),
            )?,
            categories: yubei::category_words(&e.categories),
            town: e.town,
            village: e.village,
            responsible: responsible.map(|u| u.display_name.clone()).unwrap_or_default(),
            responsible_phone: shown(
                call,
                masking,
                users::USER_PHONE,
                responsible.and_then(|u| u.phone_enc.as_deref()),
                responsible.and_then(|u| u.phone_masked.as_deref()),
            )?,
            in_person_visits: e.in_person_visits,
            problems_solved: e.problems_solved,
        };
        out.push((e.row, ledger));
    }
    Ok(out)
}

pub(super) fn date_zh(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// What the audit log says of an export: the form (or figures), of what, for which period,
/// and how many `counted` (`elders`, `rows`) it held.
pub(super) struct ExportAudit<'a> {
    pub form: &'a str,
    pub subject: Subject<'a>,
    pub period: Option<String>,
    pub counted: &'static str,
    pub count: usize,
}

/// The audit subject of an export of `area`.
pub(super) fn area_subject(area: &AreaCode) -> Subject<'_> {
    Subject {
        object_type: "area",
        object_id: Some(area.as_str()),
        area_code: Some(area.as_str()),
    }
}

/// Audits an export (every export, of forms and of figures): `export.form`, or
/// `export.unmasked` with the reason when its numbers are in full.
pub(super) fn audit_export(
    conn: &mut DbConn,
    call: &Call,
    audit: &ExportAudit<'_>,
    masking: &Masking,
) -> AppResult<()> {
    let mut after = serde_json::Map::new();
    after.insert("form".into(), json!(audit.form));
    after.insert("period".into(), json!(audit.period));
    after.insert(audit.counted.into(), json!(audit.count));
    after.insert("unmasked".into(), json!(matches!(masking, Masking::Unmasked(_))));
    let action = match masking {
        Masking::Masked => "export.form",
        Masking::Unmasked(_) => "export.unmasked",
    };
    audit::record(
        conn,
        call,
        action,
        audit.subject,
        masking.reason(),
        None,
        Some(&serde_json::Value::Object(after)),
    )
}

fn ledger_heading(call: &Call, area_name: &str, period: &Period) -> LedgerHeading {
    LedgerHeading {
        unit: area_name.to_string(),
        reporter: call.actor.label.clone(),
        filled_on: date_zh(call.today),
        period_label: period.label_zh(),
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(xlsx_error)`
pub(super) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("workbook not written: {e}"))
}

fn ledger_file(call: &Call, area_name: &str, period: &Period, rows: &[YubeiLedgerRow]) -> AppResult<ExportFile> {
    let bytes = yubei::ledger_xlsx(&ledger_heading(call, area_name, period), rows).map_err(xlsx_error)?;
    Ok(ExportFile {
        file_name: format!("{}-{}-{}.xlsx", yubei::LEDGER_TITLE, area_name, period.label_zh()),
        content_type: forms::XLSX,
        bytes,
    })
}

/// 附件1 台帐 of an area for a period (a half-year or a month), as xlsx or as the page to
/// print (the same [`yubei::ledger_table`]).
pub fn yubei_ledger(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    period: &Period,
    masking: &Masking,
    format: TableFormat,
) -> AppResult<ExportFile> {
    let form = FormCode::Yubei1;
    export_form(
        conn,
        call,
        area_code,
        masking,
        Exported::Form(form),
        Some(period),
        |conn, a| {
            let rows: Vec<YubeiLedgerRow> = ledger_rows(conn, call, &a.scope, &a.area, period, masking)?
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            let file = match format {
                TableFormat::Xlsx => ledger_file(call, &a.name, period, &rows)?,
                _ => {
                    let table = yubei::ledger_table(&ledger_heading(call, &a.name, period), &rows);
                    table_file(call, form.label_zh(), &a.name, Some(period), &table, format)?
                }
            };
            Ok((file, rows.len()))
        },
    )
}

/// The 附件2 登记表 of every file under service in an area (masked or not, as `masking`).
fn registrations(
    conn: &mut DbConn,
    call: &Call,
    scope: &Scope,
    rows: &[(ElderRow, YubeiLedgerRow)],
    masking: &Masking,
) -> AppResult<Vec<YubeiRegistration>> {
    let ids: Vec<ElderId> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    // Health details only for an account that may read them, as on the printed 登记表.
    let health = call.actor.can(Permission::ReadHealth);
    let mut family: HashMap<ElderId, Vec<[String; 5]>> = HashMap::new();
    for m in elders::family_in(conn, scope, &ids)? {
        family.entry(m.elder_id.clone()).or_default().push([
            m.name,
            m.sex.map(|s| s.label_zh().to_string()).unwrap_or_default(),
            m.relation,
            m.health.filter(|_| health).unwrap_or_default(),
            if m.visits_often { "是" } else { "否" }.to_string(),
        ]);
    }
    let unmasked = matches!(masking, Masking::Unmasked(_));
    let mut out = Vec::with_capacity(rows.len());
    for (row, ledger) in rows {
        let tier = super::policies::tier_label_on(conn, call, row, call.today)?;
        let disability_certificate = match (&row.disability_certificate_enc, unmasked) {
            _ if !health => String::new(),
            (Some(enc), true) => decrypt(call, elders::DISABILITY_CERTIFICATE, enc)?,
            _ => row.disability_certificate_masked.clone().unwrap_or_default(),
        };
        let economic = match row.hardship_support {
            Some(support) => format!("{}（{}）", row.economic_status.label_zh(), support.label_zh()),
            None => row.economic_status.label_zh().to_string(),
        };
        out.push(YubeiRegistration {
            registered_on: date_zh(row.created_at.date()),
            name: row.name.clone(),
            sex: ledger.sex.clone(),
            id_number: ledger.id_number.clone(),
            phone: ledger.phone.clone(),
            contact_name: ledger.relative_name.clone(),
            contact_phone: ledger.relative_phone.clone(),
            household_address: row.household_address.clone().unwrap_or_default(),
            residence_address: row.residence_address.clone(),
            ability: if health {
                row.ability_level.label_zh().to_string()
            } else {
                String::new()
            },
            disease_history: row.disease_history.clone().filter(|_| health).unwrap_or_default(),
            economic,
            monthly_income: row.monthly_income_yuan.map(|y| format!("{y} 元")).unwrap_or_default(),
            categories: ledger.categories.clone(),
            disability_certificate,
            // Decision: a pack's strictest tier is the form's 重点对象, any other 一般对象.
            key_or_general: match tier {
                Some(label) if label.contains("重点") => "重点对象".to_string(),
                Some(_) => "一般对象".to_string(),
                None => String::new(),
            },
            family: family.remove(&row.id).unwrap_or_default(),
            pension: row
                .pension_yuan
                .map(|y| format!("有领取养老保险，每月 {y} 元"))
                .unwrap_or_default(),
            subsidies: row.subsidies.clone().unwrap_or_default(),
            help_received: row.help_received.clone().unwrap_or_default(),
        });
    }
    Ok(out)
}

fn registrations_file(area_name: &str, items: &[YubeiRegistration]) -> AppResult<ExportFile> {
    Ok(ExportFile {
        file_name: format!("{}-{}.xlsx", FormCode::Yubei2.label_zh(), area_name),
        content_type: forms::XLSX,
        bytes: yubei::registrations_xlsx(items).map_err(xlsx_error)?,
    })
}

/// 附件2 登记表 of every file under service in an area, one sheet per elder, as xlsx.
pub fn yubei_registrations(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    masking: &Masking,
) -> AppResult<ExportFile> {
    export_form(
        conn,
        call,
        area_code,
        masking,
        Exported::Form(FormCode::Yubei2),
        None,
        |conn, a| {
            let period = Period::containing(PeriodKind::HalfYear, call.today);
            let rows = ledger_rows(conn, call, &a.scope, &a.area, &period, masking)?;
            let items = registrations(conn, call, &a.scope, &rows, masking)?;
            Ok((registrations_file(&a.name, &items)?, items.len()))
        },
    )
}

/// The half-yearly pack's period: the half-year ending in a hand-in month of the pack.
fn hand_in_period(forms: &DistrictForms, period: &Period) -> AppResult<Vec<FormCode>> {
    let Some(hand_in) = &forms.hand_in else {
        return Err(AppError::field(
            "areaCode",
            "no_hand_in",
            "本区县的政策未规定定期报送的材料",
        ));
    };
    if period.kind != PeriodKind::HalfYear || !hand_in.months.contains(&period.end.month()) {
        return Err(AppError::field(
            "period",
            "not_a_hand_in",
            "报送期须为政策规定的报送月份所在的半年（如 2026-H2）",
        ));
    }
    Ok(hand_in.files.clone())
}

/// 半年报送材料 — the half-yearly pack of an area as one zip: exactly the files the district's
/// seed names for the hand-in (yubei 三（五）: the 台账, 附件2 and the 附件3 records of the
/// half-year). The records are the record print that exists (HTML, one file per record under
/// a folder named after the form).
pub async fn half_year_pack(
    db: &Database,
    call: Call,
    store: super::photos::PhotoStore,
    area_code: String,
    period: Period,
    masking: Masking,
) -> AppResult<ExportFile> {
    let reader = call.clone();
    let (area_name, files, mut sheets) = db
        .run(move |conn| {
            let call = reader;
            let pack = Exported::HalfYearPack;
            export_form(conn, &call, &area_code, &masking, pack, Some(&period), |conn, a| {
                let (scope, area, area_name) = (&a.scope, &a.area, a.name.clone());
                let forms = forms_of_area(conn, &call, area.as_str())?;
                let files = hand_in_period(&forms, &period)?;
                let rows = ledger_rows(conn, &call, scope, area, &period, &masking)?;
                let mut out = Vec::new();
                let mut sheets = Vec::new();
                for form in &files {
                    match form.kind() {
                        // Only yubei hands in a pack; another district's ledger or 登记表 in a
                        // pack would need its own layout here (`exports_forms`), never yubei's.
                        forms::FormKind::Ledger | forms::FormKind::Registration
                            if !matches!(form, FormCode::Yubei1 | FormCode::Yubei2) =>
                        {
                            return Err(AppError::Internal(format!(
                                "the half-yearly pack has no layout for {}",
                                form.as_str()
                            )));
                        }
                        forms::FormKind::Ledger => {
                            let ledger: Vec<YubeiLedgerRow> = rows.iter().map(|(_, r)| r.clone()).collect();
                            let mut file = ledger_file(&call, &area_name, &period, &ledger)?;
                            file.file_name = format!("附件{} {}.xlsx", form.attachment_no(), form.label_zh());
                            out.push(file);
                        }
                        forms::FormKind::Registration => {
                            let items = registrations(conn, &call, scope, &rows, &masking)?;
                            let mut file = registrations_file(&area_name, &items)?;
                            file.file_name = format!("附件{} {}.xlsx", form.attachment_no(), form.label_zh());
                            out.push(file);
                        }
                        forms::FormKind::Record => {
                            let paper = crate::domain::record::print::PaperForm::parse(form.as_str())
                                .ok_or_else(|| AppError::Internal(format!("no print for {}", form.as_str())))?;
                            let (from, until) = utc_bounds(&period);
                            let range = area.subtree_range();
                            for record in crate::db::records::records_between(conn, &range, from, until)? {
                                if record.status != crate::domain::record::RecordStatus::Accepted {
                                    continue;
                                }
                                let sheet = super::records::print_sheet(conn, &call, &record.id)?;
                                sheets.push((*form, paper, sheet));
                            }
                        }
                    }
                }
                Ok(((area_name, out, sheets), rows.len()))
            })
        })
        .await?;
    super::off_pool(move || {
        let mut files = files;
        let mut seen: HashMap<String, u32> = HashMap::new();
        for (form, paper, sheet) in &mut sheets {
            let html = super::records::render_print(&store, sheet, *paper)?;
            let day = sheet.record.started_at.with_timezone(&DISTRICT_OFFSET).date_naive();
            let base = format!(
                "附件{} {}/{}-{}-第{}次",
                form.attachment_no(),
                form.label_zh(),
                day.format("%Y%m%d"),
                sheet.context.elder_name,
                sheet.row.visit_no
            );
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let name = if *n == 1 {
                format!("{base}.html")
            } else {
                format!("{base}-{n}.html")
            };
            files.push(ExportFile {
                file_name: name,
                content_type: forms::HTML,
                bytes: html.into_bytes(),
            });
        }
        let bytes = forms::zip_files(&files).map_err(|e| AppError::Internal(format!("zip not written: {e}")))?;
        Ok(ExportFile {
            file_name: format!("半年报送材料-{area_name}-{}.zip", period.label_zh()),
            content_type: forms::ZIP,
            bytes,
        })
    })
    .await
}
