//! The visitor's side of their volunteer service record (issue #20, 2.; 民政部令第67号) on both
//! backends: the visitor reads their own accepted visits and the care they gave, with place,
//! content, minutes, organiser and a correction's status, and nobody else's; they read their
//! own no-shows and why their capacity was halved; they record care they gave an elder they
//! serve, confirmed by the code the elder read out — a wrong code writes nothing, and an elder
//! they have no tie to is refused; a kind of care the district's pack lists (ningbo's 情绪疏解)
//! too, and one it does not list writes nothing and leaves the code unused.

use chrono::TimeDelta;
use serde_json::{json, Value};
use tanfang::service::no_shows::mark_no_shows;
use tanfang_e2e::town::{self, claims_ending_yesterday, district, district_running, key_elder, visit_by, VILLAGE};
use tanfang_e2e::{count, error_fields, ledger_sides, per_backend, text, time_bank_minutes, Backend, TestApp};

const RECORD: &str = "query($f: LocalDate!, $t: LocalDate!) { myServiceRecord(from: $f, to: $t) {
    recordId place content mode careKind minutes organiser mayCorrect
    correction { status requestedMinutes decisionReason } } }";
const REQUEST: &str = "mutation($r: String!, $m: Int!, $why: String!) {
    requestServiceCorrection(recordId: $r, minutes: $m, reason: $why) { id } }";
const DECIDE: &str = "mutation($id: String!, $a: Boolean!, $why: String) {
    decideServiceCorrection(id: $id, accept: $a, reason: $why) { status } }";
const STAFF_CARE: &str = "mutation($id: String!, $e: String!, $p: String!, $at: DateTime!) {
    recordCareService(id: $id, elderId: $e, kind: MEALS, providerId: $p, givenAt: $at, minutes: 45,
        confirmation: SIGNED_PAPER) { created } }";
const MY_CARE: &str = "mutation($id: String!, $e: String!, $at: DateTime!, $code: String!) {
    recordMyCareService(id: $id, elderId: $e, kind: MEALS, givenAt: $at, minutes: 45, code: $code) {
        creditedMinutes created service { service minutes elderConfirmation } } }";
const ISSUE_CODE: &str = "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }";

fn this_month() -> Value {
    let today = tanfang_e2e::today();
    json!({ "f": (today - TimeDelta::days(30)).to_string(), "t": today.to_string() })
}

async fn my_record(app: &TestApp, token: &str) -> Vec<Value> {
    app.with(token).ok(RECORD, this_month()).await["myServiceRecord"]
        .as_array()
        .expect("entries")
        .clone()
}

async fn the_visitor_reads_their_visits_and_care_with_organiser_and_corrections(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let born = chrono::NaiveDate::from_ymd_opt(1960, 2, 3).expect("date");
    let (senior, senior_token) =
        town::register_visitor(&app, Some(&organizer), "senior", born, 41, "SENIOR_VOLUNTEER").await;
    let (other, other_token) = town::visitor(&app, &organizer, 2, 8, false).await;
    // An accepted 40-minute phone visit 3 hours ago, and a meal delivered 2 hours ago.
    let (record, version) = visit_by(&app, &organizer, &senior, 3).await;
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, version: $v) { status } }",
            json!({ "id": record, "v": version }),
        )
        .await;
    let elder = key_elder(&app, &organizer, VILLAGE, 1).await;
    let at = (tanfang_e2e::now() - TimeDelta::hours(2)).to_rfc3339();
    app.with(&organizer)
        .ok(
            STAFF_CARE,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": elder, "p": senior, "at": at }),
        )
        .await;
    // Another visitor's visit is not in the senior's record.
    visit_by(&app, &organizer, &other, 5).await;

    let entries = my_record(&app, &senior_token).await;
    assert_eq!(entries.len(), 2, "{entries:#?}");
    // Newest first: the meal, then the visit; the village by name, organised by the town.
    let (meal, visit) = (&entries[0], &entries[1]);
    assert_eq!(
        (
            &meal["content"],
            &meal["careKind"],
            &meal["minutes"],
            &meal["recordId"],
            &meal["mayCorrect"]
        ),
        (
            &json!("送餐"),
            &json!("MEALS"),
            &json!(45.0),
            &Value::Null,
            &json!(false)
        )
    );
    assert_eq!(
        (
            &visit["recordId"],
            &visit["mode"],
            &visit["minutes"],
            &visit["mayCorrect"]
        ),
        (&json!(record), &json!("PHONE"), &json!(40.0), &json!(true))
    );
    for entry in [meal, visit] {
        assert_eq!(entry["place"], "区划500112001001");
        assert_eq!(entry["organiser"], "区划500112001");
    }
    assert_eq!(visit["correction"], Value::Null);
    // The other visitor's record holds only their own visit, which is not yet accepted.
    assert!(my_record(&app, &other_token).await.is_empty());

    // A correction asked shows as pending and cannot be asked again meanwhile.
    let asked = app
        .with(&senior_token)
        .ok(REQUEST, json!({ "r": record, "m": 55, "why": "结束时间记早了" }))
        .await;
    let id = asked["requestServiceCorrection"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let entries = my_record(&app, &senior_token).await;
    assert_eq!(
        entries[1]["correction"],
        json!({ "status": "PENDING", "requestedMinutes": 55.0, "decisionReason": null })
    );
    assert_eq!(entries[1]["mayCorrect"], false);

    // Refused with a reason: the visitor reads the reason, the minutes stay.
    app.with(&organizer)
        .ok(DECIDE, json!({ "id": id, "a": false, "why": "与纸质记录表时间一致" }))
        .await;
    let entries = my_record(&app, &senior_token).await;
    assert_eq!(
        (
            &entries[1]["correction"]["status"],
            &entries[1]["correction"]["decisionReason"],
            &entries[1]["minutes"]
        ),
        (&json!("REFUSED"), &json!("与纸质记录表时间一致"), &json!(40.0))
    );
    assert_eq!(entries[1]["mayCorrect"], true, "asked again after a refusal");

    // Asked again and accepted: the record counts the corrected minutes.
    let asked = app
        .with(&senior_token)
        .ok(REQUEST, json!({ "r": record, "m": 50, "why": "补充说明：陪同就医" }))
        .await;
    let id = asked["requestServiceCorrection"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.with(&organizer).ok(DECIDE, json!({ "id": id, "a": true })).await;
    let entries = my_record(&app, &senior_token).await;
    assert_eq!(
        (&entries[1]["correction"]["status"], &entries[1]["minutes"]),
        (&json!("ACCEPTED"), &json!(50.0))
    );
    assert_eq!(time_bank_minutes(&app, &senior_token).await, 50.0);

    // A period backwards or over a year is refused, naming the field.
    let today = tanfang_e2e::today();
    for (from, to) in [
        (today, today - TimeDelta::days(1)),
        (today - TimeDelta::days(400), today),
    ] {
        let answer = app
            .with(&senior_token)
            .graphql(RECORD, json!({ "f": from.to_string(), "t": to.to_string() }))
            .await;
        assert_eq!(error_fields(&answer), ["to"], "{answer:#}");
    }
}
per_backend!(the_visitor_reads_their_visits_and_care_with_organiser_and_corrections);

async fn the_visitor_reads_their_own_no_shows_and_why_capacity_was_halved(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "yubei-2024").await;
    let (_, volunteer) = town::visitor(&app, &organizer, 1, 20, false).await;
    let (_, other) = town::visitor(&app, &organizer, 2, 8, false).await;
    const MINE: &str = "{ myNoShows { inPeriod limit days capacityPerMonth reducedFrom reducedForNoShows
        reducedForDays noShows { windowTo village elder } } }";

    let before = app.with(&volunteer).ok(MINE, json!({})).await;
    assert_eq!(before["myNoShows"]["inPeriod"], 0);
    assert_eq!(before["myNoShows"]["reducedFrom"], Value::Null);

    claims_ending_yesterday(&app, &organizer, &volunteer, (2, 3), &[0, 1, 2, 3]).await;
    assert_eq!(app.as_system("no shows", mark_no_shows), 2);
    let mine = app.with(&volunteer).ok(MINE, json!({})).await["myNoShows"].clone();
    let yesterday = (tanfang_e2e::today() - TimeDelta::days(1)).to_string();
    assert_eq!(
        (&mine["inPeriod"], &mine["limit"], &mine["days"]),
        (&json!(2), &json!(2), &json!(90))
    );
    assert_eq!(
        (
            &mine["capacityPerMonth"],
            &mine["reducedFrom"],
            &mine["reducedForNoShows"],
            &mine["reducedForDays"]
        ),
        (&json!(10), &json!(20), &json!(2), &json!(90))
    );
    let entries = mine["noShows"].as_array().expect("entries");
    assert_eq!(entries.len(), 2);
    for entry in entries {
        assert_eq!(entry["windowTo"], yesterday.as_str());
        assert_eq!(entry["village"], "区划500112001001");
        assert!(entry["elder"].as_str().is_some_and(|e| e.ends_with("老人")), "{entry}");
    }
    // Another visitor reads only their own: none; staff are not visitors.
    let theirs = app.with(&other).ok(MINE, json!({})).await;
    assert_eq!(theirs["myNoShows"]["noShows"], json!([]));
    let answer = app.with(&organizer).graphql(MINE, json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
}
per_backend!(the_visitor_reads_their_own_no_shows_and_why_capacity_was_halved);

/// The code the last text to an elder carried.
fn last_code(app: &TestApp) -> String {
    let body = text(
        &mut app.db.connect(),
        "SELECT body AS t FROM outbox WHERE recipient_kind = 'elder' ORDER BY id DESC LIMIT 1",
    );
    body.chars().filter(char::is_ascii_digit).take(6).collect()
}

/// `giver` visited `elder` yesterday: a paper record the town entered.
async fn visited_yesterday(app: &TestApp, organizer: &str, elder: &str, giver: &str) {
    let record = town::paper_record(app, organizer, elder, giver, tanfang_e2e::now() - TimeDelta::days(1)).await;
    app.with(organizer)
        .ok(
            "mutation($r: String!) { submitVisitRecord(record: $r) { record { id } } }",
            json!({ "r": record.to_string() }),
        )
        .await;
}

async fn a_visitor_records_care_confirmed_by_the_elders_code_for_an_elder_they_serve(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "linzi-2022").await;
    let (giver, giver_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    let served = key_elder(&app, &organizer, VILLAGE, 1).await;
    let stranger = key_elder(&app, &organizer, VILLAGE, 2).await;
    // The giver visited `served` yesterday (a paper record the town entered); never `stranger`.
    visited_yesterday(&app, &organizer, &served, &giver).await;
    let elders = app
        .with(&giver_token)
        .ok("{ myCareElders { elderId name village } }", json!({}))
        .await;
    assert_eq!(
        elders["myCareElders"],
        json!([{ "elderId": served, "name": "独老人", "village": "区划500112001001" }])
    );

    let at = (tanfang_e2e::now() - TimeDelta::hours(1)).to_rfc3339();
    let tables = ["care_services", "ledger_transfers", "audit_log"];
    // A wrong code writes nothing.
    app.with(&giver_token).ok(ISSUE_CODE, json!({ "e": served })).await;
    let before = tanfang_e2e::row_counts(&app, &tables);
    let code = last_code(&app);
    let wrong: String = code
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 5 {
                if c == '9' {
                    '0'
                } else {
                    '9'
                }
            } else {
                c
            }
        })
        .collect();
    let answer = app
        .with(&giver_token)
        .graphql(
            MY_CARE,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": served, "at": at, "code": wrong }),
        )
        .await;
    assert_eq!(error_fields(&answer), ["code"], "{answer:#}");
    assert_eq!(
        tanfang_e2e::row_counts(&app, &tables),
        before,
        "a wrong code writes nothing"
    );

    // An elder the visitor has no tie to is refused, even with a code texted to that elder.
    app.with(&giver_token).ok(ISSUE_CODE, json!({ "e": stranger })).await;
    let stranger_code = last_code(&app);
    let before = tanfang_e2e::row_counts(&app, &tables);
    let answer = app
        .with(&giver_token)
        .graphql(
            MY_CARE,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": stranger, "at": at, "code": stranger_code }),
        )
        .await;
    assert_eq!(error_fields(&answer), ["elderId"], "{answer:#}");
    assert_eq!(tanfang_e2e::row_counts(&app, &tables), before, "nothing written");

    // The right code for the elder they serve: recorded, confirmed by code, linzi credits it.
    let id = uuid::Uuid::new_v4().to_string();
    let vars = json!({ "id": id, "e": served, "at": at, "code": code });
    let done = app.with(&giver_token).ok(MY_CARE, vars.clone()).await["recordMyCareService"].clone();
    assert_eq!(done["created"], true);
    assert_eq!(done["creditedMinutes"], 45.0);
    assert_eq!(
        done["service"],
        json!({ "service": "送餐", "minutes": 45.0, "elderConfirmation": "READ_OUT_CODE" })
    );
    assert_eq!(time_bank_minutes(&app, &giver_token).await, 45.0);
    // Sent again (a retry): nothing more; the code is used up for any other entry.
    let again = app.with(&giver_token).ok(MY_CARE, vars).await;
    assert_eq!(again["recordMyCareService"]["created"], false);
    let answer = app
        .with(&giver_token)
        .graphql(
            MY_CARE,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": served, "at": at, "code": code }),
        )
        .await;
    assert_eq!(error_fields(&answer), ["code"], "used once: {answer:#}");
    assert_eq!(time_bank_minutes(&app, &giver_token).await, 45.0);
    assert_eq!(
        count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM care_services"),
        1
    );
    let (debits, credits) = ledger_sides(&app);
    assert_eq!(debits, credits);
    // It is in the visitor's record; staff cannot use the visitor's mutation.
    let entries = my_record(&app, &giver_token).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["content"], "送餐");
    let answer = app
        .with(&organizer)
        .graphql(
            MY_CARE,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": served, "at": at, "code": code }),
        )
        .await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
}
per_backend!(a_visitor_records_care_confirmed_by_the_elders_code_for_an_elder_they_serve);

async fn a_visitor_records_a_kind_their_elders_pack_lists_and_one_it_does_not_list_writes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "ningbo-draft").await;
    let (giver, giver_token) = town::visitor(&app, &organizer, 1, 8, false).await;
    let served = key_elder(&app, &organizer, VILLAGE, 1).await;
    visited_yesterday(&app, &organizer, &served, &giver).await;
    // The visitor is offered ningbo's kinds for the elder they serve.
    let kinds = app
        .with(&giver_token)
        .ok(
            "query($e: String!) { careKinds(elderId: $e) { otherKind earnsTime } }",
            json!({ "e": served }),
        )
        .await;
    assert!(
        kinds["careKinds"]
            .as_array()
            .expect("kinds")
            .contains(&json!({ "otherKind": "情绪疏解", "earnsTime": true })),
        "{kinds:#}"
    );

    const MY_OTHER: &str = "mutation($id: String!, $e: String!, $o: String!, $at: DateTime!, $code: String!) {
        recordMyCareService(id: $id, elderId: $e, otherKind: $o, givenAt: $at, minutes: 30, code: $code) {
            creditedMinutes service { kind service elderConfirmation } } }";
    let at = (tanfang_e2e::now() - TimeDelta::hours(1)).to_rfc3339();
    app.with(&giver_token).ok(ISSUE_CODE, json!({ "e": served })).await;
    let code = last_code(&app);
    let tables = ["care_services", "ledger_transfers", "audit_log", "elder_codes"];
    let before = tanfang_e2e::row_counts(&app, &tables);
    // A kind ningbo's pack does not list (yubei's 康复护理): refused on otherKind, nothing written.
    let answer = app
        .with(&giver_token)
        .graphql(
            MY_OTHER,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": served, "o": "康复护理", "at": at, "code": code }),
        )
        .await;
    assert_eq!(error_fields(&answer), ["otherKind"], "{answer:#}");
    assert_eq!(tanfang_e2e::row_counts(&app, &tables), before, "nothing written");
    // The code was not used up: the kind ningbo lists is recorded with it, and earns time.
    let done = app
        .with(&giver_token)
        .ok(
            MY_OTHER,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": served, "o": "情绪疏解", "at": at, "code": code }),
        )
        .await;
    assert_eq!(
        done["recordMyCareService"],
        json!({ "creditedMinutes": 30.0,
                "service": { "kind": null, "service": "情绪疏解", "elderConfirmation": "READ_OUT_CODE" } })
    );
    assert_eq!(time_bank_minutes(&app, &giver_token).await, 30.0);
    let entries = my_record(&app, &giver_token).await;
    let care: Vec<&Value> = entries.iter().filter(|e| e["mode"].is_null()).collect();
    assert_eq!(care.len(), 1, "{entries:#?}");
    assert_eq!(
        (&care[0]["content"], &care[0]["careKind"]),
        (&json!("情绪疏解"), &Value::Null)
    );
}
per_backend!(a_visitor_records_a_kind_their_elders_pack_lists_and_one_it_does_not_list_writes_nothing);
