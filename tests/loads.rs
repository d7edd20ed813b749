//! Batched loads: a page costs a fixed number of SQL statements, whatever its size. The
//! organizer's elder list with every per-elder field, and the risk board with every per-case
//! field, are counted through diesel's instrumentation at 10 and at 100 rows.
//!
//! `measure` (ignored) prints the figures of `docs/benchmarks.md`:
//! `cargo test -p tanfang-e2e --test e2e -- --ignored --nocapture loads::measure`
//! (with `TANFANG_TEST_PG` set for the PostgreSQL half).

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use indicatif::ProgressBar;
use serde_json::{json, Value};
use tanfang::db::elders::ElderFilter;
use tanfang::db::models::ElderRow;
use tanfang::db::records::{CaseRow, OutboxRow, RecordRow, ReferralRow};
use tanfang::db::{records, Database};
use tanfang::demo::generate::DemoPlan;
use tanfang::demo::DEMO_PASSWORD;
use tanfang::domain::access::Scope;
use tanfang::domain::message::{Channel, MessageKind};
use tanfang::domain::policy::VisitMode;
use tanfang::domain::record::case::CaseStatus;
use tanfang::domain::record::format::ElderConfirmationMethod;
use tanfang::domain::record::risk::{RiskKind, Severity};
use tanfang::domain::record::RecordStatus;
use tanfang_e2e::statements::{checkouts_on, count_statements, statements_on};
use tanfang_e2e::{per_backend, text, Backend, TestApp};

/// The demo district's only town.
const TOWN: &str = "500199001";

/// The organizer's elder list (`EldersPage.tsx`) as the screen asks for it.
const ELDER_LIST: &str = "query($first: Int, $filter: ElderFilterInput) {
    elders(first: $first, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id name sex age idNumber phone serviceStatus categories riskLevel village { name } } } } }";

/// The elder list with every per-elder field.
const ELDER_PAGE: &str = "query($first: Int, $filter: ElderFilterInput) {
    elders(first: $first, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id name categories village { code name }
            familyMembers { name relation } emergencyContacts { order name }
            statusHistory { status effectiveOn } reviews { reviewedOn } nextReviewDue
            history { version action } } } } }";

/// The risk board (`RisksPage.tsx`) as the screen asks for it.
const BOARD_LIST: &str = "query($area: String!, $status: CaseStatus) {
    riskCases(areaCode: $area, status: $status) {
        id elderId villageCode recordId kind severity status ownerId openedAt dueAt overdue closedAt } }";

/// The risk board with every per-case field.
const BOARD_PAGE: &str = "query($area: String!, $status: CaseStatus) {
    riskCases(areaCode: $area, status: $status) {
        id kind status followUps { id visitNo status } referrals { id target status }
        notifications { channel recipientKind } } }";

/// A demo district of 150 elders in one town, and 110 risk cases there (100 open, 10
/// closed), each with a follow-up visit by a volunteer, a referral and a notification.
/// Returns the server and the town organizer's token.
async fn district_with_cases(backend: Backend) -> (TestApp, String) {
    count_statements();
    let app = TestApp::spawn(backend).await;
    let plan = DemoPlan {
        towns: 1,
        villages_per_town: 2,
        elders: 150,
        ..DemoPlan::with_seed(15)
    };
    let db = Database::open(&app.db.url).expect("open the database");
    tanfang::demo::run(
        &db,
        &app.keys(),
        tanfang_e2e::packs(),
        &plan,
        app.clock.now(),
        &ProgressBar::hidden(),
    )
    .expect("demo district");
    let mut conn = app.db.connect();
    let volunteer = text(&mut conn, "SELECT id AS t FROM users WHERE username = 'volunteer'");
    let organizer = tanfang::domain::id::AccountId::from(text(
        &mut conn,
        "SELECT id AS t FROM users WHERE username = 'town.organizer'",
    ));
    let elders =
        tanfang::db::elders::page(&mut conn, &Scope::System, &ElderFilter::default(), None, 110).expect("demo elders");
    assert_eq!(elders.len(), 110);
    let at = NaiveDateTime::parse_from_str("2026-10-01 02:00:00", "%Y-%m-%d %H:%M:%S").expect("time");
    for (i, elder) in elders.iter().enumerate() {
        let seq = i64::try_from(i).expect("elder index");
        let opened_by = visit(elder, seq, &volunteer, 1, at);
        let follow_up = visit(elder, seq, &volunteer, 2, at + TimeDelta::days(7));
        records::insert_record(&mut conn, &opened_by).expect("record");
        records::insert_record(&mut conn, &follow_up).expect("record");
        let case = CaseRow {
            id: format!("case-{i:03}").into(),
            elder_id: elder.id.clone(),
            village_code: elder.village_code.clone(),
            record_id: Some(opened_by.id.clone()),
            kind: RiskKind::NoCarer,
            severity: Severity::High,
            evidence: "support.hasCarer".into(),
            status: if i < 100 { CaseStatus::Open } else { CaseStatus::Closed },
            owner_id: Some(organizer.clone()),
            opened_at: at,
            due_at: at + TimeDelta::days(3),
            closed_at: None,
            closed_by: None,
            closing_note: None,
            version: 1,
        };
        records::insert_case(&mut conn, &case).expect("case");
        records::link_follow_up(&mut conn, &case.id, &follow_up.id, follow_up.submitted_at).expect("follow-up");
        let referral = ReferralRow {
            id: format!("referral-{i:03}").into(),
            elder_id: elder.id.clone(),
            village_code: elder.village_code.clone(),
            case_id: Some(case.id.clone()),
            record_id: Some(opened_by.id.clone()),
            target: tanfang::domain::record::format::ReferralTarget::SocialWorker,
            detail: "需社工上门".into(),
            urgent: false,
            status: tanfang::service::cases::ReferralStatus::Requested,
            status_note: None,
            created_by: organizer.clone(),
            created_at: at,
            updated_by: organizer.clone(),
            updated_at: at,
            version: 1,
        };
        records::insert_referral(&mut conn, &referral).expect("referral");
        let notification = OutboxRow {
            id: format!("outbox-{i:03}"),
            case_id: Some(case.id.clone()),
            channel: Channel::InApp,
            recipient_kind: "town".into(),
            recipient_name: "镇街".into(),
            recipient_enc: None,
            recipient_masked: None,
            recipient_user_id: Some(organizer.clone()),
            body: "【探访】新风险个案".into(),
            created_at: at,
            sent_at: None,
            attempts: 0,
            kind: MessageKind::CaseOpened,
            params: None,
            subject: None,
            html_body: None,
            attachment_name: None,
            attachment: None,
            secret: false,
            due_at: None,
            leased_until: None,
            last_error: None,
            dead_at: None,
            area_code: Some(case.village_code.clone()),
            dedupe_key: None,
        };
        records::insert_outbox(&mut conn, &[notification]).expect("notification");
    }
    let token = app.token("town.organizer", DEMO_PASSWORD).await;
    (app, token)
}

/// An accepted visit of `elder` by `visitor` (its body is never read here).
/// `seq` numbers the elder among the test's, for the records' 记录编号.
fn visit(elder: &ElderRow, seq: i64, visitor: &str, no: i32, at: NaiveDateTime) -> RecordRow {
    RecordRow {
        id: format!("record-{}-{no}", elder.id).into(),
        submission_id: uuid::Uuid::new_v4().to_string(),
        elder_id: elder.id.clone(),
        village_code: elder.village_code.clone(),
        slot_id: None,
        visitor_id: visitor.into(),
        submitted_by: visitor.into(),
        visit_no: no,
        started_at: at,
        ended_at: at + TimeDelta::minutes(30),
        mode: VisitMode::InPerson,
        status: RecordStatus::Accepted,
        body_enc: "-".into(),
        body_sha256: "-".into(),
        review_comment: None,
        reviewed_by: None,
        reviewed_at: None,
        submitted_at: at + TimeDelta::minutes(40),
        version: 1,
        elder_confirmation: Some(ElderConfirmationMethod::Signature),
        elder_confirmed_at: Some(at + TimeDelta::minutes(30)),
        record_no: format!("2026-{:06}", seq * 10 + i64::from(no)),
    }
}

/// Runs a query that must succeed; the statements it sent and how long it took.
async fn measured(app: &TestApp, token: &str, query: &str, variables: Value) -> (Value, u64, Duration) {
    let before = statements_on(&app.db.url);
    let started = Instant::now();
    let data = app.with(token).ok(query, variables).await;
    let took = started.elapsed();
    (data, statements_on(&app.db.url) - before, took)
}

fn elder_page(first: usize) -> Value {
    json!({ "first": first, "filter": { "townCode": TOWN } })
}

fn board(status: &str) -> Value {
    json!({ "area": TOWN, "status": status })
}

/// The statements a query sends, after a first run that warms the server up. It takes two
/// connections from the pool, one after the other: one to authenticate the caller, then the
/// request's one, for all its fields.
async fn statements(app: &TestApp, token: &str, query: &str, variables: Value, rows: usize) -> u64 {
    app.with(token).ok(query, variables.clone()).await;
    let checkouts = checkouts_on(&app.db.url);
    let (data, statements, _) = measured(app, token, query, variables).await;
    assert_eq!(
        checkouts_on(&app.db.url) - checkouts,
        2,
        "authentication, then the request's one connection"
    );
    let shown = data["elders"]["edges"]
        .as_array()
        .or_else(|| data["riskCases"].as_array())
        .map_or(0, Vec::len);
    assert_eq!(shown, rows, "{query}");
    statements
}

async fn a_page_costs_a_fixed_number_of_statements_whatever_its_size(backend: Backend) {
    let (app, token) = district_with_cases(backend).await;

    let ten = statements(&app, &token, ELDER_PAGE, elder_page(10), 10).await;
    let hundred = statements(&app, &token, ELDER_PAGE, elder_page(100), 100).await;
    assert_eq!(
        ten, hundred,
        "the elder list with every per-elder field: {ten} statements for 10 elders, {hundred} for 100"
    );

    let ten = statements(&app, &token, BOARD_PAGE, board("CLOSED"), 10).await;
    let hundred = statements(&app, &token, BOARD_PAGE, board("OPEN"), 100).await;
    assert_eq!(
        ten, hundred,
        "the risk board with every per-case field: {ten} statements for 10 cases, {hundred} for 100"
    );
}

per_backend!(a_page_costs_a_fixed_number_of_statements_whatever_its_size);

/// Prints, per backend, the statements and the median time of 100 rows of the organizer's
/// elder list and risk board, as the screens ask for them and with every per-row field.
#[actix_rt::test]
#[ignore = "prints the figures of docs/benchmarks.md"]
async fn measure() {
    const RUNS: usize = 7;
    for backend in tanfang_e2e::backends() {
        let (app, token) = district_with_cases(backend).await;
        let cases = [
            ("elder list, the screen's fields", ELDER_LIST, elder_page(100)),
            ("elder list, every per-elder field", ELDER_PAGE, elder_page(100)),
            ("risk board, the screen's fields", BOARD_LIST, board("OPEN")),
            ("risk board, every per-case field", BOARD_PAGE, board("OPEN")),
        ];
        for (name, query, variables) in cases {
            app.with(&token).ok(query, variables.clone()).await;
            let mut times = Vec::new();
            let mut counts = Vec::new();
            for _ in 0..RUNS {
                let checkouts = checkouts_on(&app.db.url);
                let (_, statements, took) = measured(&app, &token, query, variables.clone()).await;
                times.push(took);
                counts.push((statements, checkouts_on(&app.db.url) - checkouts));
            }
            times.sort();
            counts.dedup();
            println!(
                "{backend:?} | {name} | 100 rows | (statements, connections) {counts:?} | median {:.1} ms (of {RUNS})",
                times[RUNS / 2].as_secs_f64() * 1000.0
            );
        }
    }
}
