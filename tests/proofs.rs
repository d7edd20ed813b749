//! 志愿服务记录证明 and 更正 (issue #20, 2.; 民政部令第67号) over HTTP on both backends: a senior
//! volunteer's accepted visit gives a proof issued by the town that organised it, with the
//! right hours, numbered and printable; a correction the visitor asks for, once accepted,
//! moves the hours by a reversal and a new posting (debits still equal credits); a refusal
//! needs a reason; another town's office decides nothing of this town's.

use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tanfang_e2e::town::{self, district, register_visitor, visit_by};
use tanfang_e2e::{count, error_fields, ledger_sides, per_backend, time_bank_minutes, Backend, TestApp};

const REVIEW: &str = "mutation($id: String!, $v: Int!) {
    reviewVisitRecord(id: $id, decision: ACCEPT, version: $v) { status } }";
const ISSUE: &str = "mutation($v: String!, $f: LocalDate!, $t: LocalDate!) {
    issueServiceProof(visitorId: $v, from: $f, to: $t) { id number services minutes content printUrl } }";
const REQUEST: &str = "mutation($r: String!, $m: Int!, $why: String!) {
    requestServiceCorrection(recordId: $r, minutes: $m, reason: $why) { id status recordedMinutes requestedMinutes } }";
const DECIDE: &str = "mutation($id: String!, $a: Boolean!, $why: String) {
    decideServiceCorrection(id: $id, accept: $a, reason: $why) { status decisionReason } }";

fn period() -> Value {
    let today = tanfang_e2e::today();
    json!({ "f": (today - TimeDelta::days(7)).to_string(), "t": today.to_string() })
}

async fn a_seniors_visit_gives_a_proof_and_a_correction_moves_its_hours(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let born = NaiveDate::from_ymd_opt(1960, 2, 3).expect("date");
    let (senior, senior_token) = register_visitor(&app, Some(&organizer), "senior", born, 41, "SENIOR_VOLUNTEER").await;
    let (record, version) = visit_by(&app, &organizer, &senior, 3).await;
    app.with(&organizer)
        .ok(REVIEW, json!({ "id": record, "v": version }))
        .await;
    assert_eq!(time_bank_minutes(&app, &senior_token).await, 40.0);

    // The town that organised the visit issues the proof: one visit, 40 minutes, numbered.
    let mut vars = period();
    vars["v"] = json!(senior);
    let issued = app.with(&organizer).ok(ISSUE, vars.clone()).await["issueServiceProof"].clone();
    assert_eq!(issued["services"], 1);
    assert_eq!(issued["minutes"], 40.0);
    assert_eq!(issued["number"], "〔2026〕第 0001 号");
    assert!(
        issued["content"].as_str().is_some_and(|c| c.ends_with(" 1 次")),
        "{issued:#}"
    );
    let (status, _, page) = app
        .get_as(&senior_token, issued["printUrl"].as_str().expect("url"))
        .await;
    assert_eq!(status, 200);
    for words in [
        "志愿服务记录证明",
        "区划500112001",
        "40分钟",
        "〔2026〕第 0001 号",
        "（盖章）",
    ] {
        assert!(page.contains(words), "{words} in {page}");
    }
    let mine = app
        .with(&senior_token)
        .ok("query { myServiceProofs { number minutes } }", json!({}))
        .await;
    assert_eq!(
        mine["myServiceProofs"],
        json!([{ "number": "〔2026〕第 0001 号", "minutes": 40.0 }])
    );

    // The senior asks for 55 minutes; another town's office cannot decide it; refusing needs
    // a reason; the town accepts.
    let asked = app
        .with(&senior_token)
        .ok(
            REQUEST,
            json!({ "r": record, "m": 55, "why": "入户后又陪同老人就医，结束时间记早了" }),
        )
        .await["requestServiceCorrection"]
        .clone();
    assert_eq!(
        (&asked["status"], &asked["recordedMinutes"], &asked["requestedMinutes"]),
        (&json!("PENDING"), &json!(40.0), &json!(55.0))
    );
    let id = asked["id"].as_str().expect("id").to_string();
    let other = town::second_town(&app, &admin).await.organizer;
    let answer = app.with(&other).graphql(DECIDE, json!({ "id": id, "a": true })).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "NOT_FOUND", "{answer:#}");
    let answer = app
        .with(&organizer)
        .graphql(DECIDE, json!({ "id": id, "a": false }))
        .await;
    assert_eq!(error_fields(&answer), ["reason"], "{answer:#}");
    let decided = app.with(&organizer).ok(DECIDE, json!({ "id": id, "a": true })).await;
    assert_eq!(decided["decideServiceCorrection"]["status"], "ACCEPTED");
    assert_eq!(time_bank_minutes(&app, &senior_token).await, 55.0);
    // A reversal and a new posting, never an edit.
    let mut conn = app.db.connect();
    let kinds = |kind: &str| {
        format!("SELECT COUNT(*) AS n FROM ledger_transfers WHERE record_id = '{record}' AND kind = '{kind}'")
    };
    assert_eq!(count(&mut conn, &kinds("posting")), 2);
    assert_eq!(count(&mut conn, &kinds("reversal")), 1);
    let (debits, credits) = ledger_sides(&app);
    assert_eq!(debits, credits, "debits equal credits");
    let again = app
        .with(&organizer)
        .graphql(DECIDE, json!({ "id": id, "a": true }))
        .await;
    assert_eq!(error_fields(&again), ["id"], "decided once: {again:#}");
    assert_eq!(time_bank_minutes(&app, &senior_token).await, 55.0);

    // The next proof counts the corrected minutes, and is the office's second.
    let next = app.with(&organizer).ok(ISSUE, vars).await["issueServiceProof"].clone();
    assert_eq!(
        (&next["minutes"], &next["number"]),
        (&json!(55.0), &json!("〔2026〕第 0002 号"))
    );
    assert_eq!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('proof.issue', 'correction.accept')"
        ),
        3
    );
}
per_backend!(a_seniors_visit_gives_a_proof_and_a_correction_moves_its_hours);

async fn no_proof_without_services_and_none_from_a_visitor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (visitor, visitor_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    let mut vars = period();
    vars["v"] = json!(visitor);
    let answer = app.with(&organizer).graphql(ISSUE, vars.clone()).await;
    assert_eq!(error_fields(&answer), ["from"], "nothing organised: {answer:#}");
    let answer = app.with(&visitor_token).graphql(ISSUE, vars).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
    assert_eq!(
        count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM service_proofs"),
        0
    );
}
per_backend!(no_proof_without_services_and_none_from_a_visitor);
