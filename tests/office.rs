//! The office's side of 民政部令第67号 (issue #20) over HTTP on both backends: the town's inbox
//! of correction requests (pending first, with who asked, for which visit, and why; another
//! town's office sees none of them), the list of proofs it issued (another town's office sees
//! none), the visitors it may name as having given care, and the elder's file showing who gave
//! each service and the time it credited.

use chrono::TimeDelta;
use serde_json::{json, Value};
use tanfang_e2e::town::{self, district, visit_by, VILLAGE};
use tanfang_e2e::{per_backend, Backend, TestApp};

const REVIEW: &str = "mutation($id: String!, $v: Int!) {
    reviewVisitRecord(id: $id, decision: ACCEPT, version: $v) { status } }";
const REQUEST: &str = "mutation($r: String!, $m: Int!, $why: String!) {
    requestServiceCorrection(recordId: $r, minutes: $m, reason: $why) { id } }";
const DECIDE: &str = "mutation($id: String!, $a: Boolean!, $why: String) {
    decideServiceCorrection(id: $id, accept: $a, reason: $why) { status } }";
const INBOX: &str = "query { serviceCorrectionInbox {
    id visitorName visitStartedAt recordedMinutes requestedMinutes reason status decisionReason } }";
const ISSUE: &str = "mutation($v: String!, $f: LocalDate!, $t: LocalDate!) {
    issueServiceProof(visitorId: $v, from: $f, to: $t) { id number } }";

async fn name_of(app: &TestApp, token: &str) -> Value {
    app.with(token).ok("query { me { displayName } }", json!({})).await["me"]["displayName"].clone()
}

async fn accepted_visit(app: &TestApp, organizer: &str, visitor: &str, hours_ago: i64) -> String {
    let (record, version) = visit_by(app, organizer, visitor, hours_ago).await;
    app.with(organizer)
        .ok(REVIEW, json!({ "id": record, "v": version }))
        .await;
    record
}

async fn the_towns_inbox_lists_its_correction_requests_pending_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (visitor, visitor_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    let first = accepted_visit(&app, &organizer, &visitor, 5).await;
    let second = accepted_visit(&app, &organizer, &visitor, 3).await;
    let ask = |record: &str, minutes: i64, why: &str| json!({ "r": record, "m": minutes, "why": why });
    let refused = app
        .with(&visitor_token)
        .ok(REQUEST, ask(&first, 70, "陪老人去了卫生院"))
        .await["requestServiceCorrection"]["id"]
        .clone();
    let pending = app
        .with(&visitor_token)
        .ok(REQUEST, ask(&second, 50, "结束时间记早了"))
        .await["requestServiceCorrection"]["id"]
        .clone();
    app.with(&organizer)
        .ok(DECIDE, json!({ "id": refused, "a": false, "why": "签到记录为40分钟" }))
        .await;

    let inbox = app.with(&organizer).ok(INBOX, json!({})).await["serviceCorrectionInbox"].clone();
    let rows = inbox.as_array().expect("list");
    assert_eq!(rows.len(), 2, "{inbox:#}");
    // The pending one first, though it was asked later.
    assert_eq!(rows[0]["id"], pending);
    assert_eq!(rows[0]["status"], "PENDING");
    assert_eq!(rows[0]["requestedMinutes"], 50.0);
    assert_eq!(rows[0]["reason"], "结束时间记早了");
    assert_eq!(rows[0]["visitorName"], name_of(&app, &visitor_token).await);
    // The visit it is about: when it started, as the record says.
    let record = app
        .with(&organizer)
        .ok(
            "query($id: String!) { visitRecord(id: $id) { startedAt } }",
            json!({ "id": second }),
        )
        .await;
    let instant = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().expect("time")).expect("rfc3339");
    assert_eq!(
        instant(&rows[0]["visitStartedAt"]),
        instant(&record["visitRecord"]["startedAt"])
    );
    assert!(rows[0]["recordedMinutes"]
        .as_f64()
        .is_some_and(|m| m > 0.0 && m != 50.0));
    assert_eq!(rows[1]["id"], refused);
    assert_eq!(rows[1]["status"], "REFUSED");
    assert_eq!(rows[1]["decisionReason"], "签到记录为40分钟");

    // An office outside the area sees none of it; a visitor has no inbox; village staff
    // (who do not review visits) neither.
    let other = town::second_town(&app, &admin).await;
    let theirs = app.with(&other.organizer).ok(INBOX, json!({})).await;
    assert_eq!(theirs["serviceCorrectionInbox"], json!([]));
    let answer = app.with(&visitor_token).graphql(INBOX, json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
    let answer = app.with(&other.staff).graphql(INBOX, json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
}
per_backend!(the_towns_inbox_lists_its_correction_requests_pending_first);

async fn the_office_lists_the_proofs_it_issued(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (visitor, visitor_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    accepted_visit(&app, &organizer, &visitor, 3).await;
    let today = tanfang_e2e::today();
    let from = today - TimeDelta::days(30);
    let issued = app
        .with(&organizer)
        .ok(
            ISSUE,
            json!({ "v": visitor, "f": from.to_string(), "t": today.to_string() }),
        )
        .await["issueServiceProof"]
        .clone();

    let list = "query($f: LocalDate, $t: LocalDate) { issuedServiceProofs(from: $f, to: $t) {
        id number visitorName periodFrom periodTo printUrl } }";
    let all = app.with(&organizer).ok(list, json!({})).await["issuedServiceProofs"].clone();
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all:#}");
    assert_eq!(all[0]["id"], issued["id"]);
    assert_eq!(all[0]["number"], issued["number"]);
    assert_eq!(all[0]["visitorName"], name_of(&app, &visitor_token).await);
    assert_eq!(all[0]["periodTo"], today.to_string());
    // By the period its proofs end in: this year has it, last year does not.
    let year = |y: i32| json!({ "f": format!("{y}-01-01"), "t": format!("{y}-12-31") });
    let this_year = app.with(&organizer).ok(list, year(2026)).await;
    assert_eq!(this_year["issuedServiceProofs"][0]["id"], issued["id"]);
    let last_year = app.with(&organizer).ok(list, year(2025)).await;
    assert_eq!(last_year["issuedServiceProofs"], json!([]));

    // Another town's office sees none of this town's proofs.
    let other = town::second_town(&app, &admin).await;
    let theirs = app.with(&other.organizer).ok(list, json!({})).await;
    assert_eq!(theirs["issuedServiceProofs"], json!([]));
    let answer = app.with(&visitor_token).graphql(list, json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
}
per_backend!(the_office_lists_the_proofs_it_issued);

async fn the_elders_file_shows_who_gave_care_and_the_time_it_credited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district_running(&app, "linzi-2022").await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 1).await;
    let (giver, giver_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    town::visitor(&app, &organizer, 2, 8, true).await;
    let other = town::second_town(&app, &admin).await;

    // Who may be named: the town's active visitors — not a pending one, not another town's.
    let choices = "query($e: String) { careGiverChoices(elderId: $e) { id name } }";
    let named = app.with(&organizer).ok(choices, json!({ "e": elder })).await["careGiverChoices"].clone();
    assert_eq!(
        named,
        json!([{ "id": giver, "name": name_of(&app, &giver_token).await }])
    );
    let office = app.with(&organizer).ok(choices, json!({})).await;
    assert_eq!(office["careGiverChoices"], named, "the office's town, without an elder");
    let answer = app.with(&other.organizer).graphql(choices, json!({ "e": elder })).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "NOT_FOUND", "{answer:#}");
    let theirs = app.with(&other.organizer).ok(choices, json!({})).await;
    assert_eq!(theirs["careGiverChoices"][0]["id"], json!(other.visitor_id));
    assert_eq!(theirs["careGiverChoices"].as_array().map(Vec::len), Some(1));

    // A meal (linzi's pack credits it) and a haircut, both recorded: the file lists each with
    // its giver and the minutes it credited.
    let record = "mutation($id: String!, $e: String!, $k: CareKind!, $p: String!, $at: DateTime!, $m: Int!) {
        recordCareService(id: $id, elderId: $e, kind: $k, providerId: $p, givenAt: $at, minutes: $m,
            confirmation: CONFIRMED_BY_PHONE) { creditedMinutes } }";
    let at = (tanfang_e2e::now() - TimeDelta::hours(2)).to_rfc3339();
    let mut credited = Vec::new();
    for kind in ["MEALS", "HAIRCUT"] {
        let id = uuid::Uuid::new_v4().to_string();
        let done = app
            .with(&organizer)
            .ok(
                record,
                json!({ "id": id, "e": elder, "k": kind, "p": giver, "at": at, "m": 30 }),
            )
            .await;
        credited.push((id, done["recordCareService"]["creditedMinutes"].clone()));
    }
    let file = app
        .with(&organizer)
        .ok(
            "query($e: String!) { elderCareServices(elderId: $e) { id providerName creditedMinutes } }",
            json!({ "e": elder }),
        )
        .await["elderCareServices"]
        .clone();
    let rows = file.as_array().expect("list");
    assert_eq!(rows.len(), 2, "{file:#}");
    for (id, minutes) in &credited {
        let row = rows.iter().find(|r| &r["id"] == id).expect("listed");
        assert_eq!(&row["creditedMinutes"], minutes, "{row:#}");
        assert_eq!(row["providerName"], name_of(&app, &giver_token).await);
    }
    assert_eq!(credited[0].1, 30.0, "linzi credits a meal delivered");
    // What the file says was credited is what the giver's time bank holds.
    let total: f64 = credited.iter().filter_map(|(_, m)| m.as_f64()).sum();
    assert_eq!(tanfang_e2e::time_bank_minutes(&app, &giver_token).await, total);
}
per_backend!(the_elders_file_shows_who_gave_care_and_the_time_it_credited);

/// Issues a proof of the last 30 days to `visitor` as `organizer`; its number.
async fn proof_for(app: &TestApp, organizer: &str, visitor: &str) -> (String, String) {
    let today = tanfang_e2e::today();
    let vars = json!({ "v": visitor, "f": (today - TimeDelta::days(30)).to_string(), "t": today.to_string() });
    let issued = app.with(organizer).ok(ISSUE, vars).await["issueServiceProof"].clone();
    let text = |k: &str| issued[k].as_str().expect(k).to_string();
    (text("id"), text("number"))
}

async fn the_offices_seal_prints_on_its_proofs_and_only_an_image_is_taken(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (visitor, visitor_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    accepted_visit(&app, &organizer, &visitor, 3).await;
    let (proof, _) = proof_for(&app, &organizer, &visitor).await;
    let page = |token: String| {
        let app = &app;
        let path = format!("/proofs/{proof}");
        async move { app.get_as(&token, &path).await.2 }
    };
    assert!(!page(visitor_token.clone()).await.contains("<img"), "no seal yet");
    let (status, _) = app.get_bytes(&organizer, "/seal").await;
    assert_eq!(status, 404);

    // Refused: not an image; a JPEG declared as PNG; too large; from a visitor. Nothing kept.
    let (with_gps, clean) = tanfang_e2e::images::jpeg_with_gps();
    let (status, body) = app
        .put_bytes(&organizer, "/seal", "image/gif", b"GIF89a".to_vec())
        .await;
    assert_eq!(status, 415, "{body}");
    let (status, body) = app.put_bytes(&organizer, "/seal", "image/png", with_gps.clone()).await;
    assert_eq!(
        (status, &body["error"]["field"]),
        (400, &json!("contentType")),
        "{body}"
    );
    let mut huge = clean.clone();
    huge.resize(1024 * 1024 + 1, 0);
    let (status, body) = app.put_bytes(&organizer, "/seal", "image/jpeg", huge).await;
    assert_eq!(status, 413, "{body}");
    let (status, _) = app
        .put_bytes(&visitor_token, "/seal", "image/jpeg", with_gps.clone())
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        tanfang_e2e::count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM office_seals"),
        0
    );

    // The town's seal, its GPS taken out, prints on the proof the visitor opens.
    let (status, body) = app.put_bytes(&organizer, "/seal", "image/jpeg", with_gps).await;
    assert_eq!(status, 200, "{body}");
    let (status, stored) = app.get_bytes(&organizer, "/seal").await;
    assert_eq!((status, &stored), (200, &clean), "kept without its metadata");
    let printed = page(visitor_token.clone()).await;
    use base64::Engine as _;
    let uri = format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&clean)
    );
    assert!(printed.contains(&uri), "{printed}");
    // A second upload replaces it.
    let next = tanfang_e2e::images::jpeg(7);
    let (status, _) = app.put_bytes(&organizer, "/seal", "image/jpeg", next.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(app.get_bytes(&organizer, "/seal").await.1, next);
    assert_eq!(
        tanfang_e2e::count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM office_seals"),
        1
    );

    // Per office: another town's office has no seal for being in the same district.
    let other = town::second_town(&app, &admin).await;
    assert_eq!(app.get_bytes(&other.organizer, "/seal").await.0, 404);
}
per_backend!(the_offices_seal_prints_on_its_proofs_and_only_an_image_is_taken);

async fn the_office_prints_its_proofs_of_a_period_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (first, _) = town::visitor(&app, &organizer, 1, 8, false).await;
    let (second, _) = town::visitor(&app, &organizer, 2, 8, false).await;
    accepted_visit(&app, &organizer, &first, 3).await;
    accepted_visit(&app, &organizer, &second, 4).await;
    let (_, n1) = proof_for(&app, &organizer, &first).await;
    let (_, n2) = proof_for(&app, &organizer, &second).await;

    let (status, _, page) = app
        .get_as(&organizer, "/proofs/batch?from=2026-01-01&to=2026-12-31")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page.matches("<h1>志愿服务记录证明</h1>").count(), 2, "{page}");
    let (a, b) = (page.find(&n1).expect("first"), page.find(&n2).expect("second"));
    assert!(a < b, "in the order they were numbered");
    assert!(page.contains("区划500112001"), "the issuer named");
    assert!(page.contains("page-break-before"), "a page each");
    // Another town's office prints none of this town's proofs.
    let other = town::second_town(&app, &admin).await;
    let (status, _, body) = app
        .get_as(&other.organizer, "/proofs/batch?from=2026-01-01&to=2026-12-31")
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("no_proofs"), "{body}");

    // A year with none; a visitor; dates that are not dates.
    let (status, _, body) = app
        .get_as(&organizer, "/proofs/batch?from=2025-01-01&to=2025-12-31")
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("no_proofs"), "{body}");
    let visitor = app.token("visitor1", tanfang_e2e::PASSWORD).await;
    let (status, _, _) = app
        .get_as(&visitor, "/proofs/batch?from=2026-01-01&to=2026-12-31")
        .await;
    assert_eq!(status, 403);
    let (status, _, body) = app
        .get_as(&organizer, "/proofs/batch?from=2026-13-01&to=2026-12-31")
        .await;
    assert_eq!(status, 400, "{body}");
}
per_backend!(the_office_prints_its_proofs_of_a_period_at_once);
