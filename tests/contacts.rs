//! Reaching the elder (DOMAIN.md §8) over HTTP on both backends: contact attempts meet no
//! requirement and keep the slot unless released, two failed attempts for an elder living
//! alone open one urgent lost-contact case with its messages, a visit ends the lost state, the
//! daily sweep finds days without contact, the slot holder sees how to reach the elder
//! only from the day before the window until it ends, each showing audited, and the holder of
//! a phone slot (emeishan's weekly calls) sees the elder's phone and records a failed call.

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use serde_json::{json, Value};
use tanfang_e2e::town::{claim_todays_slot, district, district_running, key_elder, visitor, TOWN, VILLAGE};
use tanfang_e2e::{accepted_visit, count, error_fields, per_backend, Backend, TestApp, PASSWORD};

const ATTEMPT: &str = "mutation($e: String!, $s: String, $r: AttemptReason!, $rel: Boolean, $m: AttemptMode!) {
    recordContactAttempt(elderId: $e, slotId: $s, mode: $m, reason: $r, releaseSlot: $rel, note: \"打了两次\") {
        attempt { id reason releasedSlot slotId } slot { id status holderId } } }";

const FILE: &str = "query($id: String!) { elder(id: $id) { lastContactAt lostSince
    attemptsSinceContact { reason reasonLabel } } }";

const CONTACT: &str = "query($s: String!) { slotContact(slotId: $s) { slotId elderName phone address
    emergencyContactName emergencyContactRelation emergencyContactPhone } }";

fn sql_count(app: &TestApp, sql: &str) -> i64 {
    count(&mut app.db.connect(), sql)
}

fn lost_cases(app: &TestApp, elder: &str) -> i64 {
    sql_count(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM risk_cases WHERE elder_id = '{elder}' AND kind = 'lost_contact' \
             AND severity = 'critical' AND status = 'open' AND record_id IS NULL"
        ),
    )
}

async fn attempt(app: &TestApp, token: &str, elder: &str, slot: Option<&str>, reason: &str, release: bool) -> Value {
    app.with(token)
        .graphql(
            ATTEMPT,
            json!({ "e": elder, "s": slot, "r": reason, "rel": release, "m": "PHONE" }),
        )
        .await
}

async fn file(app: &TestApp, token: &str, elder: &str) -> Value {
    app.with(token).ok(FILE, json!({ "id": elder })).await["elder"].clone()
}

async fn met_items(app: &TestApp, token: &str, elder: &str) -> Vec<String> {
    let month = tanfang_e2e::today().format("%Y-%m").to_string();
    let data = app
        .with(token)
        .ok(
            "query($e: String!, $m: String!) { elderCompliance(elderId: $e, month: $m) { items { status } } }",
            json!({ "e": elder, "m": month }),
        )
        .await;
    data["elderCompliance"]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["status"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn an_attempt_meets_nothing_and_keeps_the_slot_unless_released(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let (_, other) = visitor(&app, &organizer, 2, 20, false).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 1).await;
    let slot = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    let coverage = met_items(&app, &organizer, &elder).await;

    // Another visitor may not record an attempt for a slot they do not hold.
    let refused = attempt(&app, &other, &elder, Some(&slot), "NO_ANSWER", false).await;
    assert_eq!(error_fields(&refused), ["slotId"], "{refused:#}");
    assert_eq!(sql_count(&app, "SELECT COUNT(*) AS n FROM contact_attempts"), 0);

    let answer = attempt(&app, &volunteer, &elder, Some(&slot), "NOT_AT_HOME", false).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let done = &answer["data"]["recordContactAttempt"];
    assert_eq!(done["attempt"]["reason"], "NOT_AT_HOME");
    assert_eq!(done["slot"]["status"], "CLAIMED", "the slot stays held");
    assert_eq!(done["slot"]["holderId"], volunteer_id.as_str());
    assert_eq!(
        met_items(&app, &organizer, &elder).await,
        coverage,
        "coverage unchanged"
    );
    let shown = file(&app, &organizer, &elder).await;
    assert_eq!(shown["attemptsSinceContact"][0]["reasonLabel"], "不在家");
    assert_eq!(shown["lastContactAt"], Value::Null);

    // Released with the attempt: open again, and still no requirement met.
    let answer = attempt(&app, &volunteer, &elder, Some(&slot), "IN_HOSPITAL", true).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let done = &answer["data"]["recordContactAttempt"];
    assert_eq!(done["attempt"]["releasedSlot"], true);
    assert_eq!(done["slot"]["status"], "OPEN");
    assert_eq!(done["slot"]["holderId"], Value::Null);
    assert_eq!(
        met_items(&app, &organizer, &elder).await,
        coverage,
        "coverage unchanged"
    );
    assert_eq!(
        sql_count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'slot.release'"
        ),
        1
    );
    // Releasing needs a slot.
    let answer = attempt(&app, &organizer, &elder, None, "NO_ANSWER", true).await;
    assert_eq!(error_fields(&answer), ["releaseSlot"], "{answer:#}");
}
per_backend!(an_attempt_meets_nothing_and_keeps_the_slot_unless_released);

async fn two_failed_attempts_open_one_urgent_case_and_a_visit_ends_the_lost_state(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (_, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 2).await;
    let slot = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    let outbox = |app: &TestApp, kind: &str| {
        sql_count(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox o JOIN risk_cases c ON c.id = o.case_id \
                 WHERE c.elder_id = '{elder}' AND c.kind = 'lost_contact' AND o.recipient_kind = '{kind}'"
            ),
        )
    };

    let first = attempt(&app, &volunteer, &elder, Some(&slot), "NO_ANSWER", false).await;
    assert!(first.get("errors").is_none(), "{first:#}");
    assert_eq!(lost_cases(&app, &elder), 0, "one failed attempt is not yet lost");
    assert_eq!(file(&app, &organizer, &elder).await["lostSince"], Value::Null);

    let second = attempt(&app, &volunteer, &elder, Some(&slot), "NO_ANSWER", false).await;
    assert!(second.get("errors").is_none(), "{second:#}");
    assert_eq!(lost_cases(&app, &elder), 1, "two in a row: one urgent 失联 case");
    assert!(outbox(&app, "emergency_contact") >= 1, "the emergency contact is told");
    assert_eq!(outbox(&app, "town"), 1, "the town is told");
    let shown = file(&app, &organizer, &elder).await;
    assert!(shown["lostSince"].is_string(), "{shown:#}");
    assert_eq!(shown["attemptsSinceContact"].as_array().map(Vec::len), Some(2));
    let cases = app
        .with(&organizer)
        .ok(
            "query { riskCases(areaCode: \"500112001\", status: OPEN) { kind severity recordId elderName } }",
            json!({}),
        )
        .await;
    // The board names the elder itself (one query for the board, not one per card).
    assert_eq!(
        cases["riskCases"],
        json!([{ "kind": "LOST_CONTACT", "severity": "CRITICAL", "recordId": null, "elderName": "独居老人2" }])
    );
    let messages = outbox(&app, "emergency_contact") + outbox(&app, "town");

    // A third attempt opens no second case and sends nothing more.
    let third = attempt(&app, &volunteer, &elder, Some(&slot), "WRONG_NUMBER", false).await;
    assert!(third.get("errors").is_none(), "{third:#}");
    assert_eq!(lost_cases(&app, &elder), 1);
    assert_eq!(outbox(&app, "emergency_contact") + outbox(&app, "town"), messages);

    // A visit ends the lost state; the case stays open, followed up by that visit.
    let local = (tanfang_e2e::now() + TimeDelta::minutes(5))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    app.clock.set(tanfang_e2e::now() + TimeDelta::minutes(40));
    let organizer = app.token("org", PASSWORD).await;
    accepted_visit(&app, &organizer, &elder, "IN_PERSON", &local).await;
    let shown = file(&app, &organizer, &elder).await;
    assert_eq!(shown["lostSince"], Value::Null, "{shown:#}");
    assert!(shown["lastContactAt"].is_string());
    assert_eq!(shown["attemptsSinceContact"], json!([]));
    assert_eq!(lost_cases(&app, &elder), 1, "the case stays open until closed");
    assert_eq!(
        sql_count(&app, "SELECT COUNT(*) AS n FROM case_follow_ups f JOIN risk_cases c ON c.id = f.case_id WHERE c.kind = 'lost_contact'"),
        1
    );
}
per_backend!(two_failed_attempts_open_one_urgent_case_and_a_visit_ends_the_lost_state);

async fn the_daily_sweep_finds_days_without_contact(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let reached = key_elder(&app, &organizer, VILLAGE, 3).await;
    let unreached = key_elder(&app, &organizer, VILLAGE, 4).await;
    let sweep = "mutation { sweepLostContact }";
    let admin = app.token("admin", PASSWORD).await;
    assert_eq!(app.with(&admin).ok(sweep, json!({})).await["sweepLostContact"], 0);
    // Only the district admin (or the worker) runs it.
    let refused = app.with(&organizer).graphql(sweep, json!({})).await;
    assert!(refused.get("errors").is_some(), "{refused:#}");

    // Six days on, one elder is visited; eight days on, the other has gone seven without contact.
    let six = tanfang_e2e::now() + TimeDelta::days(6);
    app.clock.set(six);
    let organizer = app.token("org", PASSWORD).await;
    let local = (six - TimeDelta::hours(1))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    accepted_visit(&app, &organizer, &reached, "IN_PERSON", &local).await;
    let admin = app.token("admin", PASSWORD).await;
    assert_eq!(app.with(&admin).ok(sweep, json!({})).await["sweepLostContact"], 0);

    app.clock.set(tanfang_e2e::now() + TimeDelta::days(8));
    let admin = app.token("admin", PASSWORD).await;
    assert_eq!(app.with(&admin).ok(sweep, json!({})).await["sweepLostContact"], 1);
    assert_eq!(lost_cases(&app, &unreached), 1);
    assert_eq!(lost_cases(&app, &reached), 0);
    // A second run opens nothing new.
    app.with(&admin).ok(sweep, json!({})).await;
    assert_eq!(lost_cases(&app, &unreached), 1);
    assert_eq!(
        sql_count(&app, "SELECT COUNT(*) AS n FROM risk_cases WHERE kind = 'lost_contact'"),
        1
    );
}
per_backend!(the_daily_sweep_finds_days_without_contact);

async fn the_slot_holder_reaches_the_elder_only_around_the_window(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (_, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let (_, other) = visitor(&app, &organizer, 2, 20, false).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 5).await;
    let slot = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    let window = app
        .with(&volunteer)
        .ok("query { mySchedule { id windowFrom windowTo modes } }", json!({}))
        .await;
    let mine = window["mySchedule"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == slot.as_str()))
        .expect("the claimed slot")
        .clone();
    let day = |field: &str| NaiveDate::parse_from_str(mine[field].as_str().expect("day"), "%Y-%m-%d").expect("date");
    let (from, to) = (day("windowFrom"), day("windowTo"));
    let audited = |app: &TestApp| {
        sql_count(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.unmask_for_slot' AND object_id = '{elder}'"
            ),
        )
    };
    // Noon, district time, on `d`.
    let noon = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(4, 0, 0).expect("time"));

    // Inside the window: the in-person slot shows the address and the first emergency contact.
    let shown = app.with(&volunteer).ok(CONTACT, json!({ "s": slot })).await;
    let contact = &shown["slotContact"];
    assert_eq!(contact["address"], "三组");
    assert_eq!(contact["emergencyContactName"], "儿子丙");
    assert_eq!(contact["emergencyContactPhone"], "13900000003");
    let by_phone = mine["modes"]
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m == "PHONE" || m == "VIDEO"));
    let phone = if by_phone { json!("13800138000") } else { Value::Null };
    assert_eq!(contact["phone"], phone);
    assert_eq!(audited(&app), 1);

    // Another visitor is refused, naming the slot, and nothing is audited.
    let refused = app.with(&other).graphql(CONTACT, json!({ "s": slot })).await;
    assert_eq!(error_fields(&refused), ["slotId"], "{refused:#}");
    assert_eq!(audited(&app), 1);

    // Two days before the window: refused; the day before: shown; after the end: refused.
    for (d, allowed) in [
        (from - TimeDelta::days(2), false),
        (from - TimeDelta::days(1), true),
        (to, true),
        (to + TimeDelta::days(1), false),
    ] {
        let before = audited(&app);
        app.clock.set(noon(d));
        let volunteer = app.token("visitor1", PASSWORD).await;
        let answer = app.with(&volunteer).graphql(CONTACT, json!({ "s": slot })).await;
        if allowed {
            assert!(answer.get("errors").is_none(), "{d}: {answer:#}");
            assert_eq!(audited(&app), before + 1, "{d}: each showing is audited");
        } else {
            assert_eq!(error_fields(&answer), ["slotId"], "{d}: {answer:#}");
            assert_eq!(audited(&app), before, "{d}: a refusal audits nothing");
        }
    }
}
per_backend!(the_slot_holder_reaches_the_elder_only_around_the_window);

/// emeishan's 重点 elders owe two phone or video calls a week: the holder of such a slot sees
/// the elder's phone inside the window (audited), calls, records that nobody answered, and
/// the attempt shows on the elder's file with the slot still held.
async fn the_holder_of_a_phone_slot_calls_and_records_a_failed_attempt(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "emeishan-2022").await;
    let (_, volunteer) = visitor(&app, &organizer, 1, 40, false).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 7).await;
    let month = tanfang::domain::period::Month::of(tanfang_e2e::today()).to_string();
    app.with(&organizer)
        .ok(
            "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { created } }",
            json!({ "m": month, "a": TOWN }),
        )
        .await;
    let slots = app
        .with(&organizer)
        .ok(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) {
                id elderId windowFrom windowTo modes } }",
            json!({ "m": month, "a": TOWN }),
        )
        .await;
    let today = tanfang_e2e::today().to_string();
    let phone_slot = slots["visitSlots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| {
            s["elderId"] == elder.as_str()
                && s["modes"].as_array().is_some_and(|m| m.iter().any(|m| m == "PHONE"))
                && s["windowFrom"].as_str().is_some_and(|f| f <= today.as_str())
                && s["windowTo"].as_str().is_some_and(|t| t >= today.as_str())
        })
        .and_then(|s| s["id"].as_str())
        .expect("a phone slot of the 重点 elder whose window holds today")
        .to_string();
    app.with(&volunteer)
        .ok(
            "mutation($s: String!) { claimSlot(slotId: $s) { id } }",
            json!({ "s": phone_slot }),
        )
        .await;

    // Inside the window the holder gets the elder's number (not the address), audited once.
    let shown = app.with(&volunteer).ok(CONTACT, json!({ "s": phone_slot })).await;
    let contact = &shown["slotContact"];
    assert_eq!(contact["phone"], "13800138000");
    assert_eq!(contact["elderName"], "独居老人7");
    assert_eq!(
        contact["address"],
        Value::Null,
        "a phone slot does not show the address"
    );
    let audited = sql_count(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.unmask_for_slot' AND object_id = '{elder}'"
        ),
    );
    assert_eq!(audited, 1);

    // Nobody answers: the attempt is recorded by phone, the slot stays the holder's.
    let answer = app
        .with(&volunteer)
        .graphql(
            ATTEMPT,
            json!({ "e": elder, "s": phone_slot, "r": "NO_ANSWER", "rel": false, "m": "PHONE" }),
        )
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let done = &answer["data"]["recordContactAttempt"];
    assert_eq!(done["attempt"]["slotId"], phone_slot.as_str());
    assert_eq!(done["slot"]["status"], "CLAIMED");

    // The elder's file shows it, and no successful contact.
    let file = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { lastContactAt
                attemptsSinceContact { mode reason reasonLabel slotId note } } }",
            json!({ "id": elder }),
        )
        .await;
    let attempts = file["elder"]["attemptsSinceContact"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 1, "{file:#}");
    assert_eq!(attempts[0]["mode"], "PHONE");
    assert_eq!(attempts[0]["reasonLabel"], "无人接听");
    assert_eq!(attempts[0]["slotId"], phone_slot.as_str());
    assert_eq!(attempts[0]["note"], "打了两次");
    assert_eq!(file["elder"]["lastContactAt"], Value::Null);
}
per_backend!(the_holder_of_a_phone_slot_calls_and_records_a_failed_attempt);
