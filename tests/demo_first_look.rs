//! The demo's first look (issue #19, "a first look that convinces"): after `tanfang demo`, each
//! village has approved volunteers with profiles and homes, the current month's slots exist
//! without an organizer pressing 生成, the demo volunteer sees slots near them, and the planner
//! proposes most of the month (not 8 of 975). A second run adds nothing. Both backends.

use indicatif::ProgressBar;
use serde_json::json;
use tanfang::db::Database;
use tanfang::demo::generate::{DemoPlan, DEMO_DISTRICT_CODE};
use tanfang::demo::{FirstLook, DEMO_PASSWORD, VISITORS_PER_VILLAGE};
use tanfang::domain::period::Month;
use tanfang_e2e::{count, per_backend, Backend, TestApp};

/// A demo district of one town with four villages, as dense as the default one (2,000 elders in
/// 30 villages).
fn plan() -> DemoPlan {
    DemoPlan {
        towns: 1,
        villages_per_town: 4,
        elders: 270,
        ..DemoPlan::with_seed(1)
    }
}

fn demo(app: &TestApp) -> FirstLook {
    let db = Database::open(&app.db.url).expect("open the database");
    let keys = app.keys();
    tanfang::demo::run(
        &db,
        &keys,
        tanfang_e2e::packs(),
        &plan(),
        tanfang_e2e::now(),
        &ProgressBar::hidden(),
    )
    .expect("demo district");
    tanfang::demo::first_look(&db, &keys, tanfang_e2e::packs(), &plan(), tanfang_e2e::now()).expect("first look")
}

async fn the_demo_opens_with_slots_volunteers_and_a_plan_that_covers_the_month(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = demo(&app);
    assert_eq!(first.visitors_added, 4 * VISITORS_PER_VILLAGE);
    assert!(
        first.slots.created > 0 && first.slots.created == first.slots.wanted,
        "{first:?}"
    );

    let month = Month::of(tanfang_e2e::today()).to_string();
    // The demo volunteer sees open slots near home at once.
    let volunteer = app.token("volunteer", DEMO_PASSWORD).await;
    let near = app
        .with(&volunteer)
        .ok("{ openSlotsNearMe(days: 31) { slot { id } } }", json!({}))
        .await;
    assert!(
        !near["openSlotsNearMe"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .is_empty(),
        "{near}"
    );

    // The town's volunteers are listed, approved, each with a home in their village.
    let organizer = app.token("town.organizer", DEMO_PASSWORD).await;
    let town = format!("{DEMO_DISTRICT_CODE}001");
    let plan = app
        .with(&organizer)
        .ok(
            "query($m: String!, $a: String!) { planProposal(month: $m, areaCode: $a) {
                assignments { slotId visitorId } uncoveredSlotIds totalCost } }",
            json!({ "m": month, "a": town }),
        )
        .await;
    let assigned = plan["planProposal"]["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let uncovered = plan["planProposal"]["uncoveredSlotIds"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let open = assigned.len() + uncovered.len();
    assert!(open > 0, "{plan}");
    assert!(
        assigned.len() * 10 >= open * 8,
        "the planner covers most of the month: {} of {open}",
        assigned.len()
    );
    let visitors: std::collections::HashSet<&str> = assigned.iter().filter_map(|a| a["visitorId"].as_str()).collect();
    assert!(
        visitors.len() > VISITORS_PER_VILLAGE,
        "spread over the town's volunteers: {visitors:?}"
    );
    // Homes are not all at the village centres: the plan travels some distance.
    assert!(
        plan["planProposal"]["totalCost"].as_f64().unwrap_or(0.0) > 0.0,
        "{plan}"
    );

    // The first morning's offers of open slots (the 08:00 job): every volunteer hears of a few,
    // the most urgent, not of every running slot of the month (about 120 each before).
    let offered = app.as_system("offers", tanfang::service::notices::offer_open_slots);
    let mut conn = app.db.connect();
    let slots_per_visitor = "SELECT COUNT(DISTINCT dedupe_key) AS n FROM outbox
        WHERE kind = 'slot_offered' GROUP BY recipient_user_id ORDER BY n";
    let most = count(&mut conn, &format!("{slots_per_visitor} DESC LIMIT 1"));
    let fewest = count(&mut conn, &format!("{slots_per_visitor} ASC LIMIT 1"));
    assert!(offered > 0);
    assert_eq!(
        (fewest, most),
        (3, 3),
        "three slots each: each volunteer could take far more than three"
    );

    // A second run adds nothing.
    let again = demo(&app);
    assert_eq!(again.visitors_added, 0);
    assert_eq!(again.slots.created, 0);
    assert_eq!(again.slots.wanted, first.slots.wanted);
}
per_backend!(the_demo_opens_with_slots_volunteers_and_a_plan_that_covers_the_month);
