//! `tanfang demo`: fills the database with the synthetic demo district ([`run`]) and the demo
//! city's small districts on the other packs ([`city::run`]). Idempotent: elders have ids
//! derived from the seed, their district and their index, and only missing ones are written, so
//! a second run (or a run after an interrupted one) adds exactly what is missing.

pub mod city;
pub mod generate;
pub mod history;
pub mod sample;

use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};

use crate::auth::keys::Keys;
use crate::db::models::AreaRow;
use crate::db::{areas, elders, Database};
use crate::domain::access::{AccountStatus, Actor, Role, VisitorKind};
use crate::domain::area::AreaLevel;
use crate::domain::elder::ElderFile;
use crate::domain::id::{ElderId, SchoolId};
use crate::domain::id_number::{IdNumber, Sex};
use crate::domain::message::mask_email;
use crate::domain::phone::PhoneNumber;
use crate::domain::policy::PackRegistry;
use crate::domain::slot::OrganisationKind;
use crate::error::{AppError, AppResult};
use crate::service::accounts::{hash, insert_account, new_user, set_identity, set_phone};
use crate::service::elders::{insert_new_files, new_file_rows};
use crate::service::Call;
use generate::{DemoArea, DemoPlan};

/// Elders written per transaction.
const BATCH: usize = 500;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub areas_added: usize,
    pub elders_added: usize,
    pub elders_present: usize,
    /// One login per role.
    pub logins: Vec<DemoLogin>,
}

/// A demo account to sign in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub role: Role,
    pub username: String,
    pub note: String,
}

/// The password of every demo account. Demo data only: never use it for real accounts.
pub const DEMO_PASSWORD: &str = "tanfang-demo-2026";
/// The demo school.
pub const DEMO_SCHOOL_ID: &str = "demo-school-1";

/// Writes the plan's areas and elders that are not there yet, as of `now`, reporting progress
/// on `bar`.
pub fn run(
    db: &Database,
    keys: &Keys,
    packs: Arc<PackRegistry>,
    plan: &DemoPlan,
    now: DateTime<Utc>,
    bar: &ProgressBar,
) -> AppResult<DemoSummary> {
    let stamp = Call::at(now, Actor::system("demo"), keys.cipher(), packs);
    let (mut summary, villages) = fill(db, plan, &stamp, bar)?;
    summary.logins = db.with_conn(|c| add_demo_accounts(c, plan, &villages, &stamp))?;
    Ok(summary)
}

/// A demo village's own approved volunteers ([`first_look`]): with
/// [`VILLAGE_VOLUNTEER_VISITS`] each, 120 visits a month for a village of about 67 elders, who
/// owe about 100 (the default district), so that nearly all of a month can be done
/// ([`history`]) and, with the month's past visits made, the rest of it planned.
pub const VISITORS_PER_VILLAGE: usize = 5;
/// Visits a month the named demo visitors offer (`volunteer`, the student …). Decision: 16,
/// about four a week, so that several people trying the demo in one month — and the browser
/// suite, which claims with `volunteer` in many specs — do not run out of the month's claims.
const DEMO_CAPACITY: i32 = 16;
/// Visits a month a demo village volunteer offers (most days one; decision: 24, up from 16,
/// so that a village's five volunteers can make the month its elders owe).
const VILLAGE_VOLUNTEER_VISITS: i32 = 24;

/// What [`first_look`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FirstLook {
    /// Approved volunteers added (none on a second run).
    pub visitors_added: usize,
    /// The current month's slots: how many the month asks for, and how many were new.
    pub slots: crate::service::slots::Generation,
}

/// 首次打开 — what makes the demo district convincing at first sight (`tanfang demo` runs it;
/// tests build their districts without it): each village has [`VISITORS_PER_VILLAGE`] approved
/// volunteers of its own, with profiles and homes, so that the planner can propose most of the
/// month; and the current month's visit slots exist, so that a volunteer sees slots before any
/// organizer has pressed 生成. Idempotent: existing accounts are kept, and generating the month
/// again adds nothing.
pub fn first_look(
    db: &Database,
    keys: &Keys,
    packs: Arc<PackRegistry>,
    plan: &DemoPlan,
    now: DateTime<Utc>,
) -> AppResult<FirstLook> {
    let call = Call::at(now, Actor::system("demo"), keys.cipher(), packs);
    let villages: Vec<DemoArea> = generate::areas(plan)
        .into_iter()
        .filter(|a| a.level == AreaLevel::Village)
        .collect();
    let specs: Vec<DemoAccount> = villages
        .iter()
        .enumerate()
        .flat_map(|(v, village)| (0..VISITORS_PER_VILLAGE).map(move |k| (v * VISITORS_PER_VILLAGE + k, k, village)))
        .map(|(n, k, village)| village_volunteer(plan, village, n, k, call.today))
        .collect();
    // Each volunteer's profile names their own village (`DemoHome`), not this default.
    let default_home = villages.first().map(|v| v.code.clone()).unwrap_or_default();
    let (_, visitors_added) = db.with_conn(|c| ensure_accounts(c, &call, &specs, None, &default_home))?;
    let month = crate::domain::period::Month::of(call.today);
    let slots = db.with_conn(|c| crate::service::slots::generate(c, &call, month, plan.district.code))?;
    Ok(FirstLook { visitors_added, slots })
}

/// The `k`-th volunteer of `village` (the `n`-th of the district), approved, with a phone, a
/// home near the village's centre and a profile there.
fn village_volunteer(plan: &DemoPlan, village: &DemoArea, n: usize, k: usize, today: NaiveDate) -> DemoAccount {
    let person = plan.village_visitor(village, k, today);
    let kind = if person.senior {
        VisitorKind::SeniorVolunteer
    } else {
        VisitorKind::Volunteer
    };
    // 顺序码: distinct per volunteer (from 200, clear of the named demo accounts' 101–105),
    // odd for a man and even for a woman.
    let sequence = 200 + 2 * (n % 390) as u16 + u16::from(person.sex == Sex::Male);
    DemoAccount {
        username: format!("{}.v{}", village.code, k + 1),
        name: person.name,
        role: Role::Visitor,
        area: Some(village.code.clone()),
        visitor: Some((kind, person.birth, sequence, AccountStatus::Active)),
        email: None,
        phone: Some(person.phone),
        organisation: Some(VILLAGE_TEAM),
        home: Some(DemoHome {
            village: village.code.clone(),
            location: person.location,
            capacity_per_month: VILLAGE_VOLUNTEER_VISITS,
        }),
        note: "",
    }
}

/// The team the demo villages' own volunteers belong to.
const VILLAGE_TEAM: &str = "示范区邻里守望志愿服务队";

/// Writes the plan's areas and elders that are not there yet, reporting progress on `bar`: what
/// was done (no logins yet) and the plan's villages.
fn fill(db: &Database, plan: &DemoPlan, stamp: &Call, bar: &ProgressBar) -> AppResult<(DemoSummary, Vec<DemoArea>)> {
    let plan_areas = generate::areas(plan);
    let mut summary = DemoSummary {
        areas_added: db.with_conn(|c| add_missing_areas(c, &plan_areas, stamp))?,
        ..DemoSummary::default()
    };
    let villages: Vec<DemoArea> = plan_areas
        .into_iter()
        .filter(|a| a.level == AreaLevel::Village)
        .collect();

    bar.set_length(plan.elders as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .map_err(|e| AppError::Internal(e.to_string()))?
            .progress_chars("=> "),
    );
    bar.set_message("写入示范老人档案");
    for start in (0..plan.elders).step_by(BATCH) {
        let indices: Vec<usize> = (start..(start + BATCH).min(plan.elders)).collect();
        let (added, present) = db.with_conn(|c| add_missing_elders(c, plan, &villages, &indices, stamp))?;
        summary.elders_added += added;
        summary.elders_present += present;
        bar.inc(indices.len() as u64);
    }
    bar.finish_and_clear();
    Ok((summary, villages))
}

fn add_missing_areas(conn: &mut crate::db::DbConn, plan_areas: &[DemoArea], stamp: &Call) -> AppResult<usize> {
    crate::db::write_transaction(conn, |conn| {
        let codes: Vec<String> = plan_areas.iter().map(|a| a.code.clone()).collect();
        let present: std::collections::HashSet<String> =
            areas::find_many(conn, &codes)?.into_iter().map(|a| a.code).collect();
        let missing: Vec<AreaRow> = plan_areas
            .iter()
            .filter(|a| !present.contains(&a.code))
            .map(|a| AreaRow {
                code: a.code.clone(),
                level: a.level,
                name: a.name.clone(),
                parent_code: a.parent_code.clone(),
                urban_rural: a.urban_rural,
                created_at: stamp.now,
                updated_at: stamp.now,
                latitude: a.location.map(|l| l.0),
                longitude: a.location.map(|l| l.1),
            })
            .collect();
        // Parents come before children in the plan, so one ordered insert satisfies the
        // foreign keys.
        if !missing.is_empty() {
            areas::insert_many(conn, &missing)?;
        }
        Ok(missing.len())
    })
}

fn add_missing_elders(
    conn: &mut crate::db::DbConn,
    plan: &DemoPlan,
    villages: &[DemoArea],
    indices: &[usize],
    stamp: &Call,
) -> AppResult<(usize, usize)> {
    crate::db::write_transaction(conn, |conn| {
        let ids: Vec<ElderId> = indices.iter().map(|&i| plan.elder_id(i)).collect();
        let present: std::collections::HashSet<ElderId> = elders::existing_ids(conn, &ids)?.into_iter().collect();
        let mut files = Vec::new();
        for (&index, id) in indices.iter().zip(&ids) {
            if present.contains(id) {
                continue;
            }
            let input = generate::elder(plan, villages, index, stamp.today);
            let file = ElderFile::parse(&input, stamp.today)
                .map_err(|e| AppError::Internal(format!("demo elder {index} is invalid: {e}")))?;
            // Entered at 09:00 (district time) on the day the elder came into service.
            let entered = file
                .consent
                .recorded_on
                .unwrap_or(stamp.today)
                .and_time(chrono::NaiveTime::MIN)
                + chrono::TimeDelta::hours(1);
            files.push(new_file_rows(&file, id, stamp)?.entered_at(entered.min(stamp.now)));
        }
        let added = files.len();
        insert_new_files(conn, files)?;
        Ok((added, present.len()))
    })
}

/// One account per role in the demo district (idempotent: existing usernames are kept), the
/// demo school, and the district's policy pack.
fn add_demo_accounts(
    conn: &mut crate::db::DbConn,
    plan: &DemoPlan,
    villages: &[DemoArea],
    call: &Call,
) -> AppResult<Vec<DemoLogin>> {
    let village = villages
        .first()
        .ok_or_else(|| AppError::Internal("the demo plan has no villages".into()))?;
    let district = generate::DEMO_DISTRICT_CODE.to_string();
    ensure_demo_school(conn, call, &district)?;
    // The family account follows the first demo elder who agreed to share.
    let family_elder = (0..plan.elders.min(1_000)).find_map(|i| {
        let input = generate::elder(plan, villages, i, call.today);
        (input.shares_with_family == Some(true)).then(|| (plan.elder_id(i), input.village_code))
    });
    ensure_demo_city(conn, call)?;
    let specs = demo_accounts(village, &district, call.today);
    let (logins, _) = ensure_accounts(conn, call, &specs, family_elder.as_ref(), &village.code)?;
    // The demo district runs yubei-2024, so that coverage, slots and the planner have rules.
    ensure_pack(conn, call, &district, "yubei-2024", "示范区默认政策包")?;
    ensure_demo_provider(conn, call, &village.code)?;
    Ok(logins)
}

/// 政府购买服务 — the demo town's contracted provider: 康乐居家养老服务中心, with the demo
/// volunteer as its admin and the senior volunteer as a member, under a contract for the
/// town for this calendar year, so that 组织 and its monthly statement are not empty at first
/// sight. Idempotent: fixed ids, written only when missing.
fn ensure_demo_provider(conn: &mut crate::db::DbConn, call: &Call, home_village: &str) -> AppResult<()> {
    use crate::db::organisations::{self as db, ContractRow, MemberRow, OrganisationRow};
    use crate::domain::id::{ContractId, OrganisationId};
    let Some(town) = home_village.get(..9) else {
        return Ok(());
    };
    let id = OrganisationId::from(format!("demo-provider-{town}"));
    if db::find(conn, &id)?.is_some() {
        return Ok(());
    }
    let Some(admin) = crate::db::users::by_username(conn, "volunteer")? else {
        return Ok(());
    };
    let created_by = admin.id.clone();
    db::insert(
        conn,
        &OrganisationRow {
            id: id.clone(),
            kind: OrganisationKind::Institution,
            name: "康乐居家养老服务中心".to_string(),
            area_code: town.to_string(),
            created_by: created_by.clone(),
            created_at: call.now,
        },
    )?;
    for (username, is_admin) in [("volunteer", true), ("senior.volunteer", false)] {
        if let Some(user) = crate::db::users::by_username(conn, username)? {
            db::upsert_member(
                conn,
                &MemberRow {
                    organisation_id: id.clone(),
                    user_id: user.id,
                    is_admin,
                    joined_at: call.now,
                },
            )?;
        }
    }
    let year = call.today.year();
    let (Some(starts_on), Some(ends_on)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(());
    };
    db::insert_contract(
        conn,
        &ContractRow {
            id: ContractId::from(format!("demo-contract-{town}-{year}")),
            organisation_id: id,
            area_code: town.to_string(),
            starts_on,
            ends_on,
            promised_visits: 600,
            promised_minutes: 600 * 45,
            created_by,
            created_at: call.now,
        },
    )?;
    Ok(())
}

/// Creates those of `specs` that are missing (see [`add_demo_account`]); a demo made before its
/// accounts had addresses gives them theirs. One login per spec, and how many were created.
fn ensure_accounts(
    conn: &mut crate::db::DbConn,
    call: &Call,
    specs: &[DemoAccount],
    family_elder: Option<&(ElderId, String)>,
    home_village: &str,
) -> AppResult<(Vec<DemoLogin>, usize)> {
    let mut logins = Vec::new();
    let mut added = 0;
    // One hash for every account made here: hashing is slow on purpose.
    let mut password = None;
    for spec in specs {
        logins.push(DemoLogin {
            role: spec.role,
            username: spec.username.clone(),
            note: spec.note.to_string(),
        });
        match crate::db::users::by_username(conn, &spec.username)? {
            None => {
                let hashed = match password.take() {
                    Some(hashed) => hashed,
                    None => hash(DEMO_PASSWORD)?,
                };
                add_demo_account(conn, call, spec, &hashed, family_elder, home_village)?;
                added += 1;
                password = Some(hashed);
            }
            // A demo made before its accounts had addresses gets them.
            Some(user) if user.email_enc.is_none() => {
                if let Some(address) = spec.email {
                    let enc = call.cipher.encrypt(crate::db::users::USER_EMAIL, address);
                    crate::db::users::set_email(conn, &user.id, &enc, &mask_email(address))?;
                }
            }
            Some(_) => {}
        }
    }
    Ok((logins, added))
}

/// `district` runs `pack` from 2025-01-01, unless it has chosen a pack already.
fn ensure_pack(conn: &mut crate::db::DbConn, call: &Call, district: &str, pack: &str, note: &str) -> AppResult<()> {
    if crate::db::policies::history(conn, district)?.is_empty() {
        let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(call.today);
        crate::service::policies::choose(conn, call, district, pack, from, Some(note))?;
    }
    Ok(())
}

/// The demo's city (市): 5001 重庆市, over the demo district (500199, yubei-2024) and the small
/// districts of [`city::OTHER_DISTRICTS`].
pub const DEMO_CITY_CODE: &str = "5001";

/// The demo city, unless it exists. Decision: the demo district's codes are Chongqing's (5001,
/// where the yubei seed's 渝北区 lies), so the city is 5001 重庆市, and every demo district is
/// in it (see [`city`]).
fn ensure_demo_city(conn: &mut crate::db::DbConn, call: &Call) -> AppResult<()> {
    if areas::find(conn, DEMO_CITY_CODE)?.is_none() {
        areas::insert(
            conn,
            &AreaRow {
                code: DEMO_CITY_CODE.to_string(),
                level: AreaLevel::City,
                name: "重庆市".to_string(),
                parent_code: None,
                urban_rural: None,
                created_at: call.now,
                updated_at: call.now,
                latitude: None,
                longitude: None,
            },
        )?;
    }
    Ok(())
}

/// 示范区第一中学, unless it exists.
fn ensure_demo_school(conn: &mut crate::db::DbConn, call: &Call, district: &str) -> AppResult<()> {
    if crate::db::users::school(conn, &SchoolId::from(DEMO_SCHOOL_ID))?.is_none() {
        crate::db::users::insert_school(
            conn,
            &crate::db::models::SchoolRow {
                id: SchoolId::from(DEMO_SCHOOL_ID),
                name: "示范区第一中学".to_string(),
                area_code: district.to_string(),
                created_at: call.now,
                minutes_per_credit: 1200,
            },
        )?;
    }
    Ok(())
}

/// A demo account: its login, role and place; for a visitor, the kind, birth date, ID sequence
/// number and approval status.
struct DemoAccount {
    username: String,
    name: String,
    role: Role,
    area: Option<String>,
    visitor: Option<(VisitorKind, NaiveDate, u16, AccountStatus)>,
    /// A mail address in a reserved domain (`.example`, RFC 2606), so that the demo's mail
    /// (a risk alarm to the town, a claim's confirmation) has somewhere to go: a file in the
    /// outbox folder, or a test SMTP server that accepts any receiver.
    email: Option<&'static str>,
    /// A staff contact's phone (a district's forms list its contacts with their numbers).
    phone: Option<String>,
    /// An approved visitor's team (志愿服务队 etc.), named on a district's statistics form.
    organisation: Option<&'static str>,
    /// An approved visitor's home and how many visits a month they offer; none: the home
    /// village's centre and 8 a month.
    home: Option<DemoHome>,
    note: &'static str,
}

/// Where an approved demo visitor lives and how much they offer.
#[derive(Debug, Clone)]
struct DemoHome {
    /// Their home village, where their profile places them.
    village: String,
    /// (latitude, longitude).
    location: Option<(f64, f64)>,
    capacity_per_month: i32,
}

/// The demo's accounts, one per role, at the first `village`, its town and the `district`.
fn demo_accounts(village: &DemoArea, district: &str, today: NaiveDate) -> [DemoAccount; 9] {
    let town = village.parent_code.clone().unwrap_or_default();
    let adult = NaiveDate::from_ymd_opt(1990, 6, 1).unwrap_or_default();
    let senior = NaiveDate::from_ymd_opt(1962, 3, 15).unwrap_or_default();
    let minor = today.checked_sub_months(chrono::Months::new(16 * 12)).unwrap_or(today);
    [
        DemoAccount {
            username: "district.admin".into(),
            name: "示范区民政局".into(),
            role: Role::DistrictAdmin,
            area: Some(district.to_string()),
            visitor: None,
            email: Some("district.admin@tanfang-demo.example"),
            phone: None,
            organisation: None,
            home: None,
            note: "全区 (whole district)",
        },
        DemoAccount {
            username: "town.organizer".into(),
            name: "镇街民政办".into(),
            role: Role::TownOrganizer,
            area: Some(town),
            visitor: None,
            email: Some("town.organizer@tanfang-demo.example"),
            phone: None,
            organisation: None,
            home: None,
            note: "第一个镇街 (first town)",
        },
        DemoAccount {
            username: "city.admin".into(),
            name: "示范市民政局".into(),
            role: Role::CityAdmin,
            area: Some(DEMO_CITY_CODE.to_string()),
            visitor: None,
            email: None,
            phone: None,
            organisation: None,
            home: None,
            note: "全市各区县汇总，不看老人档案 (the city's districts side by side, no elder file)",
        },
        DemoAccount {
            username: "village.staff".into(),
            name: "村委会工作人员".into(),
            role: Role::VillageStaff,
            area: Some(village.code.clone()),
            visitor: None,
            email: Some("village.staff@tanfang-demo.example"),
            phone: None,
            organisation: None,
            home: None,
            note: "第一个村/社区 (first village)",
        },
        DemoAccount {
            username: "volunteer".into(),
            name: "张志愿".into(),
            role: Role::Visitor,
            area: Some(village.code.clone()),
            visitor: Some((VisitorKind::Volunteer, adult, 101, AccountStatus::Active)),
            email: Some("volunteer@tanfang-demo.example"),
            phone: None,
            organisation: None,
            home: None,
            note: "已审核志愿者 (approved volunteer)",
        },
        DemoAccount {
            username: "senior.volunteer".into(),
            name: "李老伙伴".into(),
            role: Role::Visitor,
            area: Some(village.code.clone()),
            visitor: Some((VisitorKind::SeniorVolunteer, senior, 103, AccountStatus::Pending)),
            email: Some("senior.volunteer@tanfang-demo.example"),
            phone: None,
            organisation: None,
            home: None,
            note: "待审核低龄老人 (pending approval)",
        },
        DemoAccount {
            username: "school.admin".into(),
            name: "第一中学团委".into(),
            role: Role::SchoolAdmin,
            area: Some(district.to_string()),
            visitor: None,
            email: Some("school.admin@tanfang-demo.example"),
            phone: None,
            organisation: None,
            home: None,
            note: "示范区第一中学",
        },
        DemoAccount {
            username: "student".into(),
            name: "王同学".into(),
            role: Role::Visitor,
            area: Some(district.to_string()),
            visitor: Some((VisitorKind::Student, minor, 105, AccountStatus::Active)),
            email: None,
            phone: None,
            organisation: None,
            home: None,
            note: "未成年学生，监护人已同意 (minor, guardian consented)",
        },
        DemoAccount {
            username: "family".into(),
            name: "老人家属".into(),
            role: Role::Family,
            area: Some(village.code.clone()),
            visitor: None,
            email: None,
            phone: None,
            organisation: None,
            home: None,
            note: "第一位同意共享的老人的家属 (family of a sharing elder)",
        },
    ]
}

/// Creates one demo account (the family account only if some elder shares: `family_elder`,
/// with that elder's village); an approved visitor also gets a profile at its home's village, else
/// at `home_village`.
fn add_demo_account(
    conn: &mut crate::db::DbConn,
    call: &Call,
    spec: &DemoAccount,
    password_hash: &str,
    family_elder: Option<&(ElderId, String)>,
    home_village: &str,
) -> AppResult<()> {
    let mut row = new_user(
        call,
        spec.username.clone(),
        spec.name.clone(),
        password_hash.to_string(),
        spec.role,
    );
    row.area_code = spec.area.clone();
    if let Some(address) = spec.email {
        row.email_enc = Some(call.cipher.encrypt(crate::db::users::USER_EMAIL, address));
        row.email_masked = Some(mask_email(address));
    }
    match spec.role {
        Role::SchoolAdmin => row.school_id = Some(SchoolId::from(DEMO_SCHOOL_ID)),
        Role::Family => match family_elder {
            Some((elder, village)) => {
                row.elder_id = Some(elder.clone());
                row.area_code = Some(village.clone());
            }
            None => return Ok(()),
        },
        _ => {}
    }
    let phone = match &spec.phone {
        Some(p) => Some(PhoneNumber::parse(p).map_err(|e| AppError::Internal(format!("demo phone: {e}")))?),
        None => None,
    };
    set_phone(call, &mut row, phone.as_ref());
    if let Some((kind, birth, sequence, status)) = spec.visitor {
        let sex = if sequence % 2 == 1 { Sex::Male } else { Sex::Female };
        // A visitor's 身份证号 is of the district the account is in.
        let region = spec
            .area
            .as_deref()
            .and_then(|a| a.get(..6))
            .unwrap_or(generate::DEMO_DISTRICT_CODE);
        let id = IdNumber::from_parts_as_of(region, birth, sequence, sex, call.today)
            .map_err(|e| AppError::Internal(format!("demo identity: {e}")))?;
        set_identity(call, &mut row, &id, phone.as_ref());
        row.visitor_kind = Some(kind);
        row.status = status;
        if kind == VisitorKind::Student {
            row.school_id = Some(SchoolId::from(DEMO_SCHOOL_ID));
            row.guardian_name = Some("王家长".to_string());
            row.guardian_relation = Some("母亲".to_string());
            row.guardian_consent_on = Some(call.today);
        }
    }
    let user = insert_account(conn, call, &row, "account.demo")?;
    if let Some((kind, _, _, AccountStatus::Active)) = spec.visitor {
        let organisation = if kind == VisitorKind::Student {
            OrganisationKind::School
        } else {
            OrganisationKind::VolunteerTeam
        };
        crate::db::slots::insert_profile(
            conn,
            &crate::db::models::VisitorProfileRow {
                user_id: user.id.clone(),
                organisation_kind: organisation,
                organisation_name: spec.organisation.map(str::to_string),
                home_village_code: spec.home.as_ref().map_or(home_village, |h| &h.village).to_string(),
                latitude: spec.home.as_ref().and_then(|h| h.location).map(|l| l.0),
                longitude: spec.home.as_ref().and_then(|h| h.location).map(|l| l.1),
                capacity_per_month: spec.home.as_ref().map_or(DEMO_CAPACITY, |h| h.capacity_per_month),
                weekdays: (1..=7).collect(),
                unavailable_dates: Default::default(),
                skills: Default::default(),
                languages: Default::default(),
                sex: None,
                dropped_out_on: None,
                version: 1,
                updated_at: call.now,
            },
        )?;
        let home = spec.home.as_ref().map_or(home_village, |h| &h.village).to_string();
        attend_demo_training(conn, call, &home, &user.id)?;
    }
    Ok(())
}

/// 培训 — an approved demo visitor attended their town's demo training session (held 90
/// days before the demo was made), so that they may visit in person where the pack (yubei's
/// `[training]`) requires a training first.
fn attend_demo_training(
    conn: &mut crate::db::DbConn,
    call: &Call,
    home_village: &str,
    user_id: &crate::domain::id::AccountId,
) -> AppResult<()> {
    use crate::db::training::{self, AttendeeRow, TrainingSessionRow};
    let Some(town) = home_village.get(..9) else {
        return Ok(());
    };
    let id = format!("demo-training-{town}");
    let session = TrainingSessionRow {
        id: id.clone(),
        area_code: town.to_string(),
        topic: "探访关爱业务培训（理论授课、案例教学、场景演示）".to_string(),
        held_on: call.today - chrono::TimeDelta::days(90),
        minutes: 180,
        place: "镇社工站".to_string(),
        note: None,
        recorded_by: call.actor.label.clone(),
        recorded_at: call.now,
    };
    let attendee = AttendeeRow {
        session_id: id.clone(),
        visitor_id: user_id.clone(),
    };
    if training::session_exists(conn, &id)? {
        training::insert_attendees(conn, std::slice::from_ref(&attendee))?;
    } else {
        training::insert_session(conn, &session, std::slice::from_ref(&attendee))?;
    }
    Ok(())
}
