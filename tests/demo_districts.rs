//! Each district form comes out of the demo (issue #18, "Each form above comes out of the demo
//! district"): after `tanfang demo` (the demo district and the demo city's other districts),
//! each other district's admin exports their pack's forms, and they hold that district's demo
//! elders. The expected people are worked out from the generator's plan (who is in the
//! district, who refused, who is 农村留守), not from the exports; the demo district itself keeps
//! its elders. Both backends.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Reader, Xlsx};
use indicatif::ProgressBar;
use tanfang::db::Database;
use tanfang::demo::city::{self, CityDistrict};
use tanfang::demo::generate::{self, DemoArea, DemoPlan};
use tanfang::demo::DEMO_PASSWORD;
use tanfang::domain::area::AreaLevel;
use tanfang::domain::elder::{Category, ConsentStatus, ElderFileInput};
use tanfang_e2e::{count, per_backend, Backend, TestApp};

use crate::exports::{cell, header_words, sheet};

/// `tanfang demo`'s default seed.
const SEED: u64 = 1;

/// A small demo district (the other districts have their fixed size).
fn main_plan() -> DemoPlan {
    DemoPlan {
        towns: 1,
        villages_per_town: 2,
        elders: 20,
        ..DemoPlan::with_seed(SEED)
    }
}

/// What `tanfang demo` does, on the app's database.
fn demo(app: &TestApp) -> (tanfang::demo::DemoSummary, tanfang::demo::DemoSummary) {
    let db = Database::open(&app.db.url).expect("open the database");
    let keys = app.keys();
    let main = tanfang::demo::run(
        &db,
        &keys,
        tanfang_e2e::packs(),
        &main_plan(),
        app.clock.now(),
        &ProgressBar::hidden(),
    )
    .expect("demo district");
    let others = city::run(&db, &keys, tanfang_e2e::packs(), SEED, app.clock.now()).expect("the city's districts");
    (main, others)
}

/// The district's generated elders who are under service (all but those who refused), with the
/// name of the town they live in, as the generator makes them.
fn under_service(district: &CityDistrict) -> Vec<(String, ElderFileInput)> {
    let plan = city::plan(SEED, district);
    let areas = generate::areas(&plan);
    let villages: Vec<DemoArea> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Village)
        .cloned()
        .collect();
    let town_name: BTreeMap<&str, &str> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Town)
        .map(|a| (a.code.as_str(), a.name.as_str()))
        .collect();
    (0..plan.elders)
        .map(|i| generate::elder(&plan, &villages, i, tanfang_e2e::today()))
        .filter(|e| e.consent != ConsentStatus::Refused)
        .map(|e| {
            let town = e.village_code.get(..9).and_then(|t| town_name.get(t)).copied();
            (town.expect("a generated town").to_string(), e)
        })
        .collect()
}

/// The rows of a one-sheet table export below its title, note and two header rows, while the
/// first column is filled (the form's own footnote may follow).
fn data_rows(range: &calamine::Range<calamine::Data>, width: u32) -> Vec<Vec<String>> {
    (4..)
        .map(|r| (0..width).map(|c| cell(range, r, c)).collect::<Vec<_>>())
        .take_while(|row| row.first().is_some_and(|c| !c.is_empty()))
        .collect()
}

/// The column of a second-row heading.
fn column(range: &calamine::Range<calamine::Data>, width: u32, heading: &str) -> usize {
    let (_, second) = header_words(range, width);
    second
        .into_iter()
        .find(|(_, w)| w == heading)
        .map(|(c, _)| c as usize)
        .unwrap_or_else(|| panic!("no column {heading}"))
}

async fn every_districts_forms_come_out_of_the_demo(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (main, others) = demo(&app);
    assert_eq!(main.elders_added, 20);
    assert_eq!(
        others.elders_added,
        4 * city::ELDERS,
        "four districts of {} elders",
        city::ELDERS
    );
    // 2 towns × 2 villages under each of the four districts.
    assert_eq!(others.areas_added, 4 * (1 + 2 + 4));

    // linzi: the 台账 holds every elder under service, by town and name.
    let linzi = app.token(city::LINZI.admin, DEMO_PASSWORD).await;
    let code = city::LINZI.district.code;
    let (status, _, bytes) = app.get_file(&linzi, &format!("/exports/linzi-1?area={code}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let range = sheet(&bytes, 0);
    let mut listed: Vec<(String, String)> = data_rows(&range, 24)
        .into_iter()
        .filter(|row| !row[1].is_empty())
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect();
    let mut expected: Vec<(String, String)> = under_service(&city::LINZI)
        .into_iter()
        .map(|(town, e)| (town, e.name))
        .collect();
    listed.sort();
    expected.sort();
    assert!(expected.len() > 30, "most of 40 accept: {}", expected.len());
    assert_eq!(listed, expected);

    // jiangmen: one 登记表 sheet per elder under service; the 统计表 counts them, lists the
    // town's organizer and the village's staff as contacts, and the volunteer team.
    let jiangmen = app.token(city::JIANGMEN.admin, DEMO_PASSWORD).await;
    let code = city::JIANGMEN.district.code;
    let expected = under_service(&city::JIANGMEN);
    let (status, _, bytes) = app
        .get_file(&jiangmen, &format!("/exports/jiangmen-2?area={code}"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    assert_eq!(book.sheet_names().len(), expected.len(), "one sheet per elder");
    let (status, _, bytes) = app
        .get_file(&jiangmen, &format!("/exports/jiangmen-1?area={code}&period=2026-11"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let range = sheet(&bytes, 0);
    let rows = data_rows(&range, 21);
    let total = rows.iter().find(|r| r[0] == "合计").expect("the total row");
    assert_eq!(total[2], expected.len().to_string(), "服务对象 合计");
    let mut towns: Vec<&str> = expected.iter().map(|(t, _)| t.as_str()).collect();
    towns.dedup();
    towns.sort_unstable();
    towns.dedup();
    let mut town_rows: Vec<&str> = rows
        .iter()
        .filter(|r| r[1] == "全镇（街道）")
        .map(|r| r[0].as_str())
        .collect();
    town_rows.sort_unstable();
    assert_eq!(town_rows, towns, "a row for each town with elders");
    let contacts = &total[column(&range, 21, "姓名及联系电话")];
    assert!(
        contacts.contains("示范二区镇街民政办") && contacts.contains("示范二区社区工作人员"),
        "{contacts}"
    );
    assert!(!contacts.contains("13800138198"), "phones masked: {contacts}");
    assert_eq!(total[column(&range, 21, "队伍（个）")], "1", "the red-cotton team");
    assert_eq!(total[column(&range, 21, "志愿服务队")], "1", "its one volunteer");

    // ningbo: the 汇总表 counts the 农村留守老年人 under service.
    let ningbo = app.token(city::NINGBO.admin, DEMO_PASSWORD).await;
    let code = city::NINGBO.district.code;
    let left_behind = under_service(&city::NINGBO)
        .into_iter()
        .filter(|(_, e)| {
            e.categories
                .as_ref()
                .is_some_and(|c| c.contains(&Category::RuralLeftBehind))
        })
        .count();
    assert!(left_behind > 0, "the demo has 农村留守 elders to count");
    let (status, _, bytes) = app
        .get_file(&ningbo, &format!("/exports/ningbo-2?area={code}&format=csv"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let csv = String::from_utf8(bytes).expect("utf-8");
    let total = csv.lines().last().expect("the total line");
    assert!(
        total.starts_with(&format!("合计,,{left_behind},")),
        "{left_behind} left behind: {total}"
    );

    // Each admin exports only their own district's pack forms.
    let (status, _, _) = app.get_file(&linzi, &format!("/exports/ningbo-2?area={code}")).await;
    assert_eq!(status, 403, "another district");
    let linzi_code = city::LINZI.district.code;
    let (status, _, _) = app
        .get_file(&linzi, &format!("/exports/jiangmen-2?area={linzi_code}"))
        .await;
    assert_eq!(status, 400, "a form the linzi pack does not name");

    // The demo district is unchanged, and a second run adds nothing.
    let mut conn = app.db.connect();
    let in_main = "SELECT COUNT(*) AS n FROM elders WHERE village_code LIKE '500199%'";
    assert_eq!(count(&mut conn, in_main), 20);
    let (main, others) = demo(&app);
    assert_eq!((main.areas_added, main.elders_added), (0, 0));
    assert_eq!((others.areas_added, others.elders_added), (0, 0));
    assert_eq!(others.elders_present, 4 * city::ELDERS);
    assert_eq!(count(&mut conn, in_main), 20);
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) AS n FROM elders"),
        20 + 4 * city::ELDERS as i64
    );
}
per_backend!(every_districts_forms_come_out_of_the_demo);
