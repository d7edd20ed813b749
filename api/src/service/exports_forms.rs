//! 其他区县表样导出 — the forms of linzi, jiangmen and ningbo as files: 临淄 附件1 (the 台账, one
//! row per 采集表), 江门 附件1 (情况统计表, one row per town and village) and 附件2 (登记表, one
//! sheet per elder), 宁波 附件2 (汇总表, one row per town and village; CSV too). As the yubei
//! exports (`super::exports`): the area in the caller's scope, the form named by the district's
//! pack, masked unless unmasked with a reason, audited in the transaction that reads it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::exports::{
    area_names, date_zh, export_form, ledger_elders, shown, table_file, town_of, utc_bounds, xlsx_error, Exported,
    LedgerElder, Masking, TableFormat,
};
use super::Call;
use crate::db::models::{ElderRow, UserRow};
use crate::db::{areas, elders, exports, slots, users, DbConn};
use crate::domain::access::{Permission, Role};
use crate::domain::area::AreaCode;
use crate::domain::elder::{AbilityLevel, Category, EconomicStatus, LivingArrangement, RiskLevel};
use crate::domain::export::districts::{self, AreaRow, JiangmenRow, LinziRow, NingboRow, TEAM_KINDS};
use crate::domain::export::{self as forms, ExportFile, FormCode};
use crate::domain::period::{Month, Period, PeriodKind};
use crate::domain::policy::VisitMode;
use crate::domain::register::{self, RegisterForm};
use crate::error::AppResult;

/// The line under a table's title: 填报单位 and 填表日期 (Decision: the seeds' forms for these
/// are not printed in them; the yubei 台帐's words are used).
fn filled_line(call: &Call, area_name: &str) -> String {
    format!(
        "填报单位：{area_name}    填报人：{}    填表日期：{}",
        call.actor.label,
        date_zh(call.today)
    )
}

fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let before_birthday = (day.month(), day.day()) < (birth.month(), birth.day());
    day.year() - birth.year() - i32::from(before_birthday)
}

/// 健康状况 □良好 □一般 □差 from the file's ability level. Decision: 能力完好 is 良好, 轻度失能
/// 一般, any heavier impairment (or a serious illness) 差.
fn linzi_health(row: &ElderRow) -> &'static str {
    match row.ability_level {
        _ if row.has_serious_illness => "差",
        AbilityLevel::Intact => "良好",
        AbilityLevel::MildlyImpaired => "一般",
        _ => "差",
    }
}

/// 帮扶联系人 身份 □党员 □村干部 □志愿者 □其他. Decision: a village's staff is 村干部, a visitor
/// 志愿者, anyone else 其他; party membership is not kept.
fn helper_role(user: &UserRow) -> &'static str {
    match user.role {
        Role::VillageStaff => "村干部",
        Role::Visitor => "志愿者",
        _ => "其他",
    }
}

/// 临淄 附件1 — the 台账 of an area: one row per elder under service, the 采集表's fields as
/// columns in the seed's order. Health cells (健康状况, 患病种类或残疾等级) only for a caller who
/// may read health details. As xlsx or as the page to print.
pub fn linzi_ledger(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    masking: &Masking,
    format: TableFormat,
) -> AppResult<ExportFile> {
    let form = FormCode::Linzi1;
    export_form(conn, call, area_code, masking, Exported::Form(form), None, |conn, a| {
        let (scope, area) = (&a.scope, &a.area);
        let period = Period::containing(PeriodKind::HalfYear, call.today);
        let files = ledger_elders(conn, scope, area, &period)?;
        let ids: Vec<_> = files.iter().map(|e| e.row.id.clone()).collect();
        let mut family: HashMap<_, Vec<crate::db::models::FamilyMemberRow>> = HashMap::new();
        for m in elders::family_in(conn, scope, &ids)? {
            family.entry(m.elder_id.clone()).or_default().push(m);
        }
        // 帮扶人所在单位: a staff account's area, a visitor's organisation.
        let helpers: Vec<&UserRow> = files.iter().filter_map(|e| e.responsible.as_ref()).collect();
        let helper_areas: Vec<String> = helpers.iter().filter_map(|u| u.area_code.clone()).collect();
        let area_of: HashMap<String, String> = areas::find_many(conn, &helper_areas)?
            .into_iter()
            .map(|a| (a.code, a.name))
            .collect();
        let visitor_ids: Vec<_> = helpers
            .iter()
            .filter(|u| u.role == Role::Visitor)
            .map(|u| u.id.clone())
            .collect();
        let organisation_of: HashMap<_, String> = slots::profiles_of(conn, &visitor_ids)?
            .into_iter()
            .filter_map(|p| p.organisation_name.map(|n| (p.user_id, n)))
            .collect();
        let health = call.actor.can(Permission::ReadHealth);
        let mut rows = Vec::with_capacity(files.len());
        for e in &files {
            let r = &e.row;
            let living: Vec<_> = family
                .get(&r.id)
                .map(|m| m.iter().filter(|m| m.lives_with).collect())
                .unwrap_or_default();
            let join = |f: &dyn Fn(&&crate::db::models::FamilyMemberRow) -> String| {
                living.iter().map(f).collect::<Vec<_>>().join("、")
            };
            let contact = e.contact.as_ref();
            let helper = e.responsible.as_ref();
            let illness = [
                r.disease_history.clone().filter(|d| !d.is_empty()),
                r.disability_grade.map(|g| format!("残疾{g}级")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("；");
            rows.push(LinziRow {
                town: e.town.clone(),
                name: r.name.clone(),
                sex: r.sex.label_zh().to_string(),
                birth_month: format!("{}年{}月", r.birth_date.year(), r.birth_date.month()),
                id_number: shown(
                    call,
                    masking,
                    elders::ELDER_ID_NUMBER,
                    Some(&r.id_number_enc),
                    Some(&r.id_number_masked),
                )?,
                address: r.residence_address.clone(),
                health: if health {
                    linzi_health(r).to_string()
                } else {
                    String::new()
                },
                illness_or_disability: if health { illness } else { String::new() },
                income_source: String::new(),
                // Decision: 年收入 is twelve months of the file's 月可支配收入, in 万元.
                yearly_income_wan: r
                    .monthly_income_yuan
                    .map(|y| (f64::from(y) * 12.0 / 100.0).round() / 100.0),
                co_resident_names: join(&|m| m.name.clone()),
                co_resident_relations: join(&|m| m.relation.clone()),
                co_resident_health: join(&|m| m.health.clone().unwrap_or_default()),
                children: None,
                supporter_name: contact.map(|c| c.name.clone()).unwrap_or_default(),
                supporter_phone: shown(
                    call,
                    masking,
                    elders::CONTACT_PHONE,
                    contact.map(|c| c.phone_enc.as_str()),
                    contact.map(|c| c.phone_masked.as_str()),
                )?,
                away_since: r.children_away_since.map(date_zh).unwrap_or_default(),
                away_location: r.children_away_location.clone().unwrap_or_default(),
                planned_return: r.children_planned_return.map(date_zh).unwrap_or_default(),
                helper_name: helper.map(|u| u.display_name.clone()).unwrap_or_default(),
                helper_phone: shown(
                    call,
                    masking,
                    users::USER_PHONE,
                    helper.and_then(|u| u.phone_enc.as_deref()),
                    helper.and_then(|u| u.phone_masked.as_deref()),
                )?,
                helper_role: helper.map(|u| helper_role(u).to_string()).unwrap_or_default(),
                helper_unit: match helper {
                    Some(u) if u.role == Role::Visitor => organisation_of.get(&u.id).cloned().unwrap_or_default(),
                    Some(u) => u
                        .area_code
                        .as_ref()
                        .and_then(|c| area_of.get(c))
                        .cloned()
                        .unwrap_or_default(),
                    None => String::new(),
                },
                other: String::new(),
            });
        }
        let table = districts::linzi_table(filled_line(call, &a.name), &rows);
        Ok((
            table_file(call, form.label_zh(), &a.name, None, &table, format)?,
            rows.len(),
        ))
    })
}

/// 江门 附件2 — the 登记表 of every file under service in an area, one sheet per elder: the
/// registration print's fields ([`register::registrations_xlsx`]), numbers in full only when
/// unmasked.
pub fn jiangmen_registrations(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    masking: &Masking,
) -> AppResult<ExportFile> {
    let form = FormCode::Jiangmen2;
    export_form(conn, call, area_code, masking, Exported::Form(form), None, |conn, a| {
        let period = Period::containing(PeriodKind::HalfYear, call.today);
        let files = ledger_elders(conn, &a.scope, &a.area, &period)?;
        let mut sheets = Vec::with_capacity(files.len());
        for e in &files {
            sheets.push(super::registers::sheet(conn, call, &e.row, masking)?);
        }
        let file = ExportFile {
            file_name: format!("{}-{}.xlsx", form.label_zh(), a.name),
            content_type: forms::XLSX,
            bytes: register::registrations_xlsx(RegisterForm::Jiangmen2, &sheets).map_err(xlsx_error)?,
        };
        Ok((file, sheets.len()))
    })
}

/// The towns (in code order) and, under each, the villages with elders under service.
fn towns_and_villages(files: &[LedgerElder]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in files {
        out.entry(town_of(&e.row.village_code))
            .or_default()
            .insert(e.row.village_code.clone());
    }
    out
}

/// The pack's tier labels in its order, and each file's tier (its index) on `day`.
fn tiers_of(
    conn: &mut DbConn,
    call: &Call,
    area: &AreaCode,
    rows: &[&ElderRow],
    day: NaiveDate,
) -> AppResult<(Vec<String>, Vec<Option<usize>>)> {
    let district = super::policies::district_of(area.as_str());
    let pack = match district {
        Some(d) => super::policies::pack_on(conn, call, d.as_str(), day)?,
        None => None,
    };
    let labels: Vec<String> = pack
        .map(|p| p.tiers.iter().map(|t| t.label.clone()).collect())
        .unwrap_or_default();
    let mut tiers = Vec::with_capacity(rows.len());
    for row in rows {
        let label = super::policies::tier_label_on(conn, call, row, day)?;
        tiers.push(label.and_then(|l| labels.iter().position(|x| *x == l)));
    }
    Ok((labels, tiers))
}

/// Which rows an elder of `village` counts in: the village's, its town's and the total.
fn keys_of(village: &str) -> [String; 3] {
    [village.to_string(), town_of(village), String::new()]
}

/// 江门 附件1 — 情况统计表 of an area for a period (a month or a half-year): one row per town and
/// village with elders under service, and the total. See `docs/operations.md` for the layout
/// (a Decision: the seed names the form, and what it collects, but does not include it). As
/// xlsx or as the page to print.
pub fn jiangmen_statistics(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    period: &Period,
    masking: &Masking,
    format: TableFormat,
) -> AppResult<ExportFile> {
    let form = FormCode::Jiangmen1;
    export_form(
        conn,
        call,
        area_code,
        masking,
        Exported::Form(form),
        Some(period),
        |conn, a| {
            let (scope, area) = (&a.scope, &a.area);
            let files = ledger_elders(conn, scope, area, period)?;
            let day = period.end.min(call.today);
            let rows: Vec<&ElderRow> = files.iter().map(|e| &e.row).collect();
            let (labels, tiers) = tiers_of(conn, call, area, &rows, day)?;
            let mut figures: HashMap<String, JiangmenRow> = HashMap::new();
            let mut contacts: HashMap<String, Vec<(String, UserRow)>> = HashMap::new();
            let mut add_contact = |key: &str, user: &UserRow| {
                let list = contacts.entry(key.to_string()).or_default();
                if !list.iter().any(|(_, u)| u.id == user.id) {
                    list.push((String::new(), user.clone()));
                }
            };
            for (e, tier) in files.iter().zip(&tiers) {
                for key in keys_of(&e.row.village_code) {
                    let f = figures.entry(key.clone()).or_insert_with(|| JiangmenRow {
                        by_tier: vec![0; labels.len()],
                        ..JiangmenRow::default()
                    });
                    f.elders += 1;
                    if let Some(n) = tier.and_then(|t| f.by_tier.get_mut(t)) {
                        *n += 1;
                    }
                }
                if let Some(user) = &e.responsible {
                    add_contact(&e.row.village_code, user);
                    add_contact("", user);
                }
            }
            let ids: Vec<_> = files.iter().map(|e| e.row.id.clone()).collect();
            let village_of: HashMap<_, _> = files
                .iter()
                .map(|e| (e.row.id.clone(), e.row.village_code.clone()))
                .collect();
            let (from, until) = utc_bounds(period);
            for (elder, mode) in exports::accepted_visits(conn, &ids, from, until)? {
                let Some(village) = village_of.get(&elder) else {
                    continue;
                };
                for key in keys_of(village) {
                    if let Some(f) = figures.get_mut(&key) {
                        f.visits += 1;
                        if mode == VisitMode::InPerson {
                            f.in_person += 1;
                        }
                    }
                }
            }
            let structure = towns_and_villages(&files);
            for town in structure.keys() {
                for user in users::active_in(conn, Role::TownOrganizer, town)? {
                    add_contact(town, &user);
                    add_contact("", &user);
                }
            }
            // 探访关爱队伍: approved visitors by the village they are registered in.
            let visitors = slots::visitors_in(conn, scope, area)?;
            let visitor_ids: Vec<_> = visitors.iter().map(|u| u.id.clone()).collect();
            let mut teams: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
            for p in slots::profiles_of(conn, &visitor_ids)? {
                let kind = p.organisation_kind.label_zh();
                let Some(k) = TEAM_KINDS.iter().position(|t| *t == kind) else {
                    continue;
                };
                for key in keys_of(&p.home_village_code) {
                    if let Some(n) = figures.get_mut(&key).and_then(|f| f.team_people.get_mut(k)) {
                        *n += 1;
                    }
                    if let Some(name) = p.organisation_name.as_ref().filter(|_| kind != "个人") {
                        teams.entry(key).or_default().insert((kind.to_string(), name.clone()));
                    }
                }
            }
            let monthly = period.kind == PeriodKind::Month;
            let coverage = if monthly {
                super::policies::coverage_of(conn, call, Month::of(period.start), scope, area)?
            } else {
                None
            };
            let mut rates: HashMap<String, (Option<f64>, Option<f64>)> = HashMap::new();
            if let Some(c) = &coverage {
                for counts in c.towns.iter().chain(&c.villages) {
                    rates.insert(counts.code.clone(), (counts.rate(), counts.contact_rate()));
                }
                rates.insert(String::new(), (c.total.rate(), c.total.contact_rate()));
            }
            let names = area_names(conn, &rows.iter().map(|r| (*r).clone()).collect::<Vec<_>>())?;
            let name = |code: &str| names.get(code).cloned().unwrap_or_default();
            let mut out = Vec::new();
            let row_of = |key: &str, area_row: AreaRow| -> AppResult<JiangmenRow> {
                let mut f = figures.get(key).cloned().unwrap_or_default();
                f.area = area_row;
                f.rates = monthly.then(|| rates.get(key).copied().unwrap_or((None, None)));
                f.teams = teams.get(key).map_or(0, |t| u32::try_from(t.len()).unwrap_or(u32::MAX));
                f.contacts = Vec::new();
                for (_, user) in contacts.get(key).map(Vec::as_slice).unwrap_or_default() {
                    let phone = shown(
                        call,
                        masking,
                        users::USER_PHONE,
                        user.phone_enc.as_deref(),
                        user.phone_masked.as_deref(),
                    )?;
                    f.contacts
                        .push(format!("{} {phone}", user.display_name).trim().to_string());
                }
                Ok(f)
            };
            for (town, villages) in &structure {
                out.push(row_of(
                    town,
                    AreaRow {
                        town: name(town),
                        ..AreaRow::default()
                    },
                )?);
                for village in villages {
                    out.push(row_of(
                        village,
                        AreaRow {
                            town: name(town),
                            village: name(village),
                            total_row: false,
                        },
                    )?);
                }
            }
            out.push(row_of(
                "",
                AreaRow {
                    total_row: true,
                    ..AreaRow::default()
                },
            )?);
            let table = districts::jiangmen_table(filled_line(call, &a.name), &labels, monthly, &out);
            let file = table_file(call, form.label_zh(), &a.name, Some(period), &table, format)?;
            Ok((file, files.len()))
        },
    )
}

/// Which of [`districts::NINGBO_KINDS`] an elder counts under on `day`.
fn ningbo_kinds(row: &ElderRow, categories: &[Category], day: NaiveDate) -> [bool; 6] {
    [
        age_on(row.birth_date, day) >= 80 || categories.contains(&Category::AdvancedAge),
        row.ability_level != AbilityLevel::Intact || row.has_dementia || categories.contains(&Category::Dementia),
        row.living_arrangement == LivingArrangement::Alone || categories.contains(&Category::LivingAlone),
        row.disability_grade.is_some() || categories.contains(&Category::SeverelyHandicapped),
        categories.contains(&Category::LostOnlyChild),
        row.economic_status != EconomicStatus::Ordinary,
    ]
}

/// 宁波 附件2 — 农村留守老年人基本情况汇总表 of an area on the caller's day: the 农村留守老年人 under
/// service counted per town and village by the pack's tiers, the risk level and the kinds the
/// seed names, and the total; as xlsx, CSV (the header as one row) or the page to print.
pub fn ningbo_summary(
    conn: &mut DbConn,
    call: &Call,
    area_code: &str,
    masking: &Masking,
    format: TableFormat,
) -> AppResult<ExportFile> {
    let form = FormCode::Ningbo2;
    export_form(conn, call, area_code, masking, Exported::Form(form), None, |conn, a| {
        let (scope, area) = (&a.scope, &a.area);
        let all = exports::ledger_elders(conn, scope, area)?;
        let ids: Vec<_> = all.iter().map(|r| r.id.clone()).collect();
        let mut categories: HashMap<_, Vec<Category>> = HashMap::new();
        for c in elders::categories_in(conn, scope, &ids)? {
            categories.entry(c.elder_id).or_default().push(c.category);
        }
        let left_behind: Vec<&ElderRow> = all
            .iter()
            .filter(|r| {
                categories
                    .get(&r.id)
                    .is_some_and(|c| c.contains(&Category::RuralLeftBehind))
            })
            .collect();
        let (labels, tiers) = tiers_of(conn, call, area, &left_behind, call.today)?;
        let mut figures: HashMap<String, NingboRow> = HashMap::new();
        let mut structure: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (row, tier) in left_behind.iter().zip(&tiers) {
            structure
                .entry(town_of(&row.village_code))
                .or_default()
                .insert(row.village_code.clone());
            let kinds = ningbo_kinds(
                row,
                categories.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
                call.today,
            );
            let risk = match row.risk_level {
                Some(RiskLevel::High) => 0,
                Some(RiskLevel::Medium) => 1,
                Some(RiskLevel::Low) => 2,
                None => 3,
            };
            for key in keys_of(&row.village_code) {
                let f = figures.entry(key).or_insert_with(|| NingboRow {
                    by_tier: vec![0; labels.len()],
                    ..NingboRow::default()
                });
                f.elders += 1;
                if let Some(n) = tier.and_then(|t| f.by_tier.get_mut(t)) {
                    *n += 1;
                }
                if let Some(n) = f.by_risk.get_mut(risk) {
                    *n += 1;
                }
                for (n, yes) in f.by_kind.iter_mut().zip(kinds) {
                    *n += u32::from(yes);
                }
            }
        }
        let owned: Vec<ElderRow> = left_behind.iter().map(|r| (*r).clone()).collect();
        let names = area_names(conn, &owned)?;
        let name = |code: &str| names.get(code).cloned().unwrap_or_default();
        let row_of = |key: &str, area_row: AreaRow| NingboRow {
            area: area_row,
            ..figures.get(key).cloned().unwrap_or_else(|| NingboRow {
                by_tier: vec![0; labels.len()],
                ..NingboRow::default()
            })
        };
        let mut out = Vec::new();
        for (town, villages) in &structure {
            out.push(row_of(
                town,
                AreaRow {
                    town: name(town),
                    ..AreaRow::default()
                },
            ));
            for village in villages {
                out.push(row_of(
                    village,
                    AreaRow {
                        town: name(town),
                        village: name(village),
                        total_row: false,
                    },
                ));
            }
        }
        out.push(row_of(
            "",
            AreaRow {
                total_row: true,
                ..AreaRow::default()
            },
        ));
        let table = districts::ningbo_table(filled_line(call, &a.name), &labels, &out);
        let file = table_file(call, form.label_zh(), &a.name, None, &table, format)?;
        Ok((file, left_behind.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_turn_on_the_birthday() {
        let born = NaiveDate::from_ymd_opt(1946, 11, 18).unwrap_or_default();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        assert_eq!(age_on(born, day(11, 17)), 79);
        assert_eq!(age_on(born, day(11, 18)), 80);
    }
}
