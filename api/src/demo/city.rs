//! The demo city's other districts: one small district per policy pack besides the demo
//! district's yubei-2024, so that every pack's forms come out of the demo (issue #18).
//!
//! Decision: all of them are districts of the demo city 5001 重庆市, next to 500199 示范区,
//! rather than districts of the seeds' own cities (淄博, 江门, 宁波, 乐山). One city shows every
//! pack side by side on the city admin's page with one login; the codes (5001xx) and the people
//! are fictitious either way. In the seeds a city's districts share the city's document, so
//! these pairings of district and pack are the demo's, not a seed's.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use indicatif::ProgressBar;

use super::generate::{DemoArea, DemoDistrict, DemoPlan};
use super::{ensure_accounts, ensure_demo_city, ensure_pack, fill, DemoAccount, DemoSummary};
use crate::auth::keys::Keys;
use crate::db::Database;
use crate::domain::access::{AccountStatus, Actor, Role, VisitorKind};
use crate::domain::policy::PackRegistry;
use crate::error::{AppError, AppResult};
use crate::service::Call;

/// One of the demo city's other districts: where it is, the pack it runs, its admin's login and
/// what to try there.
#[derive(Debug, Clone, Copy)]
pub struct CityDistrict {
    pub district: DemoDistrict,
    pub pack: &'static str,
    /// The username of its district admin.
    pub admin: &'static str,
    /// The admin's display name.
    pub admin_name: &'static str,
    /// The login list's note: the pack and the forms to try.
    pub note: &'static str,
}

/// Towns of each other district (the first a 街道 with 社区, the second a 镇 with 村).
pub const TOWNS: usize = 2;
/// Villages of each town.
pub const VILLAGES_PER_TOWN: usize = 2;
/// Elders of each other district.
pub const ELDERS: usize = 40;

/// A district of the demo city: code, name, centre, pack, its admin's username and name, and
/// the login list's note.
const fn other(
    (code, name, centre): (&'static str, &'static str, (f64, f64)),
    pack: &'static str,
    (admin, admin_name): (&'static str, &'static str),
    note: &'static str,
) -> CityDistrict {
    CityDistrict {
        district: DemoDistrict { code, name, centre },
        pack,
        admin,
        admin_name,
        note,
    }
}

/// The demo city's districts besides 500199, in code order (descending). 500198's district,
/// first town and first village are those of earlier demos, which had no elders there.
#[rustfmt::skip]
pub const OTHER_DISTRICTS: [CityDistrict; 4] = [
    other(("500198", "示范二区", (29.95, 106.40)), "jiangmen-2024", ("jiangmen.admin", "示范二区民政局"), "示范二区全区，江门政策 (jiangmen-2024)：统计表 jiangmen-1、登记表 jiangmen-2"),
    other(("500197", "示范三区", (29.95, 106.90)), "linzi-2022", ("linzi.admin", "示范三区民政局"), "示范三区全区，临淄政策 (linzi-2022)：台账 linzi-1"),
    other(("500196", "示范四区", (29.45, 106.40)), "ningbo-draft", ("ningbo.admin", "示范四区民政局"), "示范四区全区，宁波政策 (ningbo-draft)：汇总表 ningbo-2"),
    other(("500195", "示范五区", (29.45, 106.90)), "emeishan-2022", ("emeishan.admin", "示范五区民政局"), "示范五区全区，峨眉山政策 (emeishan-2022)：巡访登记表 emeishan-1（打印一次探访记录）"),
];
/// The district on jiangmen-2024, linzi-2022, ningbo-draft and emeishan-2022.
pub const JIANGMEN: CityDistrict = OTHER_DISTRICTS[0];
pub const LINZI: CityDistrict = OTHER_DISTRICTS[1];
pub const NINGBO: CityDistrict = OTHER_DISTRICTS[2];
pub const EMEISHAN: CityDistrict = OTHER_DISTRICTS[3];

/// The jiangmen district's town organizer, village staff and volunteer team (its 统计表 lists
/// contacts and teams).
pub const JIANGMEN_ORGANIZER: &str = "jiangmen.organizer";
pub const JIANGMEN_STAFF: &str = "jiangmen.staff";
pub const JIANGMEN_VOLUNTEER: &str = "jiangmen.volunteer";
/// The emeishan district's first village's staff.
pub const EMEISHAN_STAFF: &str = "emeishan.staff";
/// The team of [`JIANGMEN_VOLUNTEER`].
pub const JIANGMEN_TEAM: &str = "示范二区红棉志愿服务队";

/// The plan of `district` for the demo's `seed`.
pub fn plan(seed: u64, district: &CityDistrict) -> DemoPlan {
    DemoPlan {
        towns: TOWNS,
        villages_per_town: VILLAGES_PER_TOWN,
        elders: ELDERS,
        district: district.district,
        ..DemoPlan::with_seed(seed)
    }
}

/// Writes the other districts' missing areas, elders and accounts and chooses their packs, as
/// of `now`; the same `seed` as the demo district's. Idempotent, as [`super::run`].
pub fn run(
    db: &Database,
    keys: &Keys,
    packs: Arc<PackRegistry>,
    seed: u64,
    now: DateTime<Utc>,
) -> AppResult<DemoSummary> {
    let stamp = Call::at(now, Actor::system("demo"), keys.cipher(), packs);
    let mut summary = DemoSummary::default();
    db.with_conn(|c| ensure_demo_city(c, &stamp))?;
    for district in &OTHER_DISTRICTS {
        let plan = plan(seed, district);
        let (done, villages) = fill(db, &plan, &stamp, &ProgressBar::hidden())?;
        summary.areas_added += done.areas_added;
        summary.elders_added += done.elders_added;
        summary.elders_present += done.elders_present;
        let logins = db.with_conn(|c| {
            ensure_pack(c, &stamp, district.district.code, district.pack, "示范市各区政策包")?;
            let village = villages
                .first()
                .ok_or_else(|| AppError::Internal("the demo plan has no villages".into()))?;
            let specs = accounts(district, &plan, village, stamp.today);
            Ok(ensure_accounts(c, &stamp, &specs, None, &village.code)?.0)
        })?;
        summary.logins.extend(logins);
    }
    Ok(summary)
}

/// The district admin of `district`; in the jiangmen district also a town organizer and the
/// first village's staff (with the phone its elders have for them) and an approved volunteer of
/// a named team, at the first `village`; in the emeishan district the first village's staff,
/// who records a visit to print the pack's record form.
fn accounts(district: &CityDistrict, plan: &DemoPlan, village: &DemoArea, today: NaiveDate) -> Vec<DemoAccount> {
    let mut out = vec![DemoAccount {
        username: district.admin.into(),
        name: district.admin_name.into(),
        role: Role::DistrictAdmin,
        area: Some(district.district.code.to_string()),
        visitor: None,
        email: None,
        phone: None,
        organisation: None,
        home: None,
        note: district.note,
    }];
    let (_, staff_phone) = plan.village_staff(&village.code);
    if district.district.code == EMEISHAN.district.code {
        out.push(staff(
            (EMEISHAN_STAFF, "示范五区社区工作人员"),
            village,
            staff_phone,
            "示范五区第一个社区：记一次探访，打印巡访登记表 (first village: record a visit, print it)",
        ));
        return out;
    }
    if district.district.code != JIANGMEN.district.code {
        return out;
    }
    let town = village.parent_code.clone().unwrap_or_default();
    let adult = NaiveDate::from_ymd_opt(1988, 9, 1).unwrap_or(today);
    out.extend([
        DemoAccount {
            username: JIANGMEN_ORGANIZER.into(),
            name: "示范二区镇街民政办".into(),
            role: Role::TownOrganizer,
            area: Some(town),
            visitor: None,
            email: None,
            phone: Some("13800138198".to_string()),
            organisation: None,
            home: None,
            note: "示范二区第一个镇街 (first town)",
        },
        staff(
            (JIANGMEN_STAFF, "示范二区社区工作人员"),
            village,
            staff_phone,
            "示范二区第一个社区 (first village)",
        ),
        DemoAccount {
            username: JIANGMEN_VOLUNTEER.into(),
            name: "陈志愿".into(),
            role: Role::Visitor,
            area: Some(village.code.clone()),
            visitor: Some((VisitorKind::Volunteer, adult, 101, AccountStatus::Active)),
            email: None,
            phone: None,
            organisation: Some(JIANGMEN_TEAM),
            home: None,
            note: "示范二区红棉志愿服务队队员 (approved volunteer of a team)",
        },
    ]);
    out
}

/// A village's staff account (`username`, `name`) with the phone its elders have for them.
fn staff(
    (username, name): (&'static str, &'static str),
    village: &DemoArea,
    phone: String,
    note: &'static str,
) -> DemoAccount {
    DemoAccount {
        username: username.into(),
        name: name.into(),
        role: Role::VillageStaff,
        area: Some(village.code.clone()),
        visitor: None,
        email: None,
        phone: Some(phone),
        organisation: None,
        home: None,
        note,
    }
}
