//! The demo's past (issue #19, "a first look that convinces"): after `tanfang demo` the first
//! town has a month of visits behind it and half of this one, made through the services, so
//! that the overview, the time bank, the record numbers and the lost-contact sweep agree; the
//! named demo accounts hold nothing and every village keeps open slots; a second run adds
//! nothing. Both backends.

use std::collections::HashMap;

use indicatif::ProgressBar;
use serde_json::{json, Value};
use tanfang::db::Database;
use tanfang::demo::generate::{DemoPlan, DEMO_DISTRICT_CODE};
use tanfang::demo::history::History;
use tanfang::demo::{DEMO_PASSWORD, VISITORS_PER_VILLAGE};
use tanfang::domain::period::Month;
use tanfang::service::photos::PhotoStore;
use tanfang_e2e::{count, per_backend, Backend, TestApp};

/// A demo district of one town with four villages, as dense as the default one (as in
/// `demo_first_look`).
fn plan() -> DemoPlan {
    DemoPlan {
        towns: 1,
        villages_per_town: 4,
        elders: 270,
        ..DemoPlan::with_seed(1)
    }
}

/// `tanfang demo` up to the first look; with `past`, its history too.
fn demo(app: &TestApp, past: bool) -> History {
    let db = Database::open(&app.db.url).expect("open the database");
    let keys = app.keys();
    let now = tanfang_e2e::now();
    tanfang::demo::run(&db, &keys, tanfang_e2e::packs(), &plan(), now, &ProgressBar::hidden()).expect("demo district");
    tanfang::demo::first_look(&db, &keys, tanfang_e2e::packs(), &plan(), now).expect("first look");
    if !past {
        return History::default();
    }
    let store = PhotoStore::new(&app.photo_dir);
    tanfang::demo::history::history(&db, &keys, &tanfang_e2e::packs(), &plan(), now, &store).expect("history")
}

/// The 失联巡检 of the first morning (the worker's daily job): how many elders it finds lost.
fn sweep(app: &TestApp) -> usize {
    app.as_system("sweep", tanfang::service::contacts::sweep_lost).lost
}

/// The town's total coverage of `month` as the overview reads it: (elders, met, 月探访率,
/// 探访覆盖率).
async fn coverage(app: &TestApp, organizer: &str, month: Month) -> (i64, i64, f64, f64) {
    let town = format!("{DEMO_DISTRICT_CODE}001");
    let data = app
        .with(organizer)
        .ok(
            "query($m: String!, $a: String!) { coverage(month: $m, areaCode: $a) {
                total { elders met visitRate contactRate } } }",
            json!({ "m": month.to_string(), "a": town }),
        )
        .await;
    let total = &data["coverage"]["total"];
    (
        total["elders"].as_i64().unwrap_or(0),
        total["met"].as_i64().unwrap_or(0),
        total["visitRate"].as_f64().unwrap_or(0.0),
        total["contactRate"].as_f64().unwrap_or(0.0),
    )
}

/// Every record `token` may list (`mine`: only their own), accepted ones only, all pages.
async fn accepted_records(app: &TestApp, token: &str, mine: bool) -> Vec<Value> {
    let mut after: Option<String> = None;
    let mut all = Vec::new();
    loop {
        let data = app
            .with(token)
            .ok(
                "query($mine: Boolean, $after: String) {
                    visitRecords(mine: $mine, status: ACCEPTED, first: 100, after: $after) {
                        edges { node { elderId visitorId visitNo recordNo startedAt endedAt } }
                        pageInfo { hasNextPage endCursor } } }",
                json!({ "mine": mine, "after": after }),
            )
            .await;
        let page = &data["visitRecords"];
        all.extend(
            page["edges"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e["node"].clone()),
        );
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            return all;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_string);
    }
}

fn minutes(record: &Value) -> i64 {
    let at =
        |field: &str| chrono::DateTime::parse_from_rfc3339(record[field].as_str().expect("a time")).expect("RFC 3339");
    (at("endedAt") - at("startedAt")).num_minutes()
}

async fn the_demo_has_a_past_that_the_overview_the_time_bank_and_the_sweep_agree_on(backend: Backend) {
    // The same demo without its past: what the first morning's sweep found before.
    let bare = TestApp::spawn(backend).await;
    demo(&bare, false);
    let lost_without_history = sweep(&bare);
    assert!(
        lost_without_history > 0,
        "the demo has elders the lost-contact rule watches"
    );

    let app = TestApp::spawn(backend).await;
    let first = demo(&app, true);
    assert!(
        first.previous_month > 0 && first.visits_added > first.previous_month,
        "{first:?}"
    );

    let mut conn = app.db.connect();
    // Safe findings: no risk case, and no message about claims of the past.
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM risk_cases"), 0);
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM outbox"), 0);
    // The named demo accounts hold nothing; only the villages' own volunteers visited.
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM visit_slots s JOIN users u ON u.id = s.holder_id
             WHERE u.username NOT LIKE '%.v_'"
        ),
        0
    );
    // Every village keeps open slots this month for the demo's own accounts to claim.
    let month = Month::of(tanfang_e2e::today());
    let villages_with_open = count(
        &mut conn,
        &format!(
            "SELECT COUNT(DISTINCT village_code) AS n FROM visit_slots WHERE status = 'open' AND month = '{month}'"
        ),
    );
    assert_eq!(villages_with_open, 4);

    // 概览: last month nearly all met, a few missed; this month on its way.
    let organizer = app.token("town.organizer", DEMO_PASSWORD).await;
    let (elders, met, rate, _) = coverage(&app, &organizer, month.previous()).await;
    assert!(
        elders > 0 && met < elders,
        "a closed month with a few missed: {met} of {elders}"
    );
    assert!(rate >= 0.9, "last month's 月探访率 {rate}");
    let (_, _, rate, contacted) = coverage(&app, &organizer, month).await;
    assert!(rate > 0.0 && rate < 1.0, "this month's 月探访率 {rate}");
    assert!(
        contacted > 0.0 && contacted < 1.0,
        "this month's 探访覆盖率 {contacted}"
    );

    // Each elder's visits are numbered 第 1, 2 … 次 in the order they were made; every record
    // has its own 记录编号.
    let records = accepted_records(&app, &organizer, false).await;
    assert_eq!(records.len(), first.visits_added);
    let mut by_elder: HashMap<&str, Vec<&Value>> = HashMap::new();
    for record in &records {
        by_elder
            .entry(record["elderId"].as_str().unwrap_or_default())
            .or_default()
            .push(record);
    }
    for visits in by_elder.values_mut() {
        visits.sort_by_key(|r| r["startedAt"].as_str().unwrap_or_default().to_string());
        let numbers: Vec<i64> = visits.iter().map(|r| r["visitNo"].as_i64().unwrap_or(0)).collect();
        let expected: Vec<i64> = (1..=i64::try_from(visits.len()).unwrap_or(0)).collect();
        assert_eq!(numbers, expected);
    }
    let numbers: std::collections::HashSet<&str> = records.iter().filter_map(|r| r["recordNo"].as_str()).collect();
    assert_eq!(numbers.len(), records.len());

    // The time bank: a village volunteer's balance is the minutes of their accepted visits.
    let village = format!("{DEMO_DISTRICT_CODE}001001");
    let mut credited = 0;
    for k in 1..=VISITORS_PER_VILLAGE {
        let token = app.token(&format!("{village}.v{k}"), DEMO_PASSWORD).await;
        let mine = accepted_records(&app, &token, true).await;
        let served: i64 = mine.iter().map(minutes).sum();
        let accounts = app
            .with(&token)
            .ok("{ myLedgerAccounts { book kind balanceMinutes } }", json!({}))
            .await;
        let balance: f64 = accounts["myLedgerAccounts"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|a| a["book"] == json!("TIME_BANK") && a["kind"] == json!("HOLDER"))
            .map(|a| a["balanceMinutes"].as_f64().unwrap_or(0.0))
            .sum();
        assert!(!mine.is_empty(), "{village}.v{k} visited");
        assert_eq!(balance, served as f64, "{village}.v{k}");
        credited += served;
    }
    assert!(credited > 0);

    // The first morning's sweep finds few lost: the watched elders were reached this week.
    let lost = sweep(&app);
    assert!(
        lost * 10 <= lost_without_history,
        "lost {lost}, without the history {lost_without_history}"
    );

    // A second run adds nothing.
    let records_before = count(&mut conn, "SELECT COUNT(*) AS n FROM visit_records");
    let transfers_before = count(&mut conn, "SELECT COUNT(*) AS n FROM ledger_transfers");
    let again = demo(&app, true);
    assert_eq!(again, History::default());
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) AS n FROM visit_records"),
        records_before
    );
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) AS n FROM ledger_transfers"),
        transfers_before
    );
}
per_backend!(the_demo_has_a_past_that_the_overview_the_time_bank_and_the_sweep_agree_on);
