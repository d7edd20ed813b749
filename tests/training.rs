//! 培训、表彰、评价 on both backends (issue #20 part 4). yubei-2024's pack requires a training
//! before an in-person visit: a visitor who attended none is refused an in-person slot with
//! `training_required` and nothing is written, is not offered one either, may take a phone
//! slot, and may claim the in-person slot once an organizer of their town has recorded a
//! session they attended. Another town's organizer can neither record a session for them nor
//! read their record. A commendation and an evaluation go onto the record the visitor reads,
//! each audited.

use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tanfang_e2e::town::{district_running, key_elder, register_visitor, second_town, staff, PROFILE, TOWN, VILLAGE};
use tanfang_e2e::{count, error_code, per_backend, Backend, TestApp};

const RECORD_SESSION: &str = "mutation($input: TrainingSessionInput!) { recordTrainingSession(input: $input) {
    topic heldOn minutes place office } }";
const CLAIM: &str = "mutation($s: String!) { claimSlot(slotId: $s) { id status } }";
const MY_RECORD: &str = "{ myVolunteerRecord { trainingRequired trained
    trainings { topic heldOn minutes place office }
    commendations { title awardedOn reason office }
    evaluations { period grade gradeLabel comment office } } }";

/// The code and message of the first input field the first error names.
fn field_error(answer: &Value) -> (Option<&str>, Option<&str>, Option<&str>) {
    let field = &answer["errors"][0]["extensions"]["fields"][0];
    (
        field["field"].as_str(),
        field["code"].as_str(),
        field["message"].as_str(),
    )
}

fn n(app: &TestApp, sql: &str) -> i64 {
    count(&mut app.db.connect(), sql)
}

/// Today's open slots of `elder`: (id, in person).
async fn todays_slots(app: &TestApp, organizer: &str, elder: &str) -> Vec<(String, bool)> {
    let today = tanfang_e2e::today();
    let month = today.format("%Y-%m").to_string();
    app.with(organizer)
        .ok(
            "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { created } }",
            json!({ "m": month, "a": TOWN }),
        )
        .await;
    let listed = app
        .with(organizer)
        .ok(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) { id elderId windowFrom windowTo inPerson } }",
            json!({ "m": month, "a": TOWN }),
        )
        .await;
    let date = |v: &Value| NaiveDate::parse_from_str(v.as_str().expect("date"), "%Y-%m-%d").expect("date");
    listed["visitSlots"]
        .as_array()
        .expect("slots")
        .iter()
        .filter(|s| s["elderId"] == elder && date(&s["windowFrom"]) <= today && date(&s["windowTo"]) >= today)
        .map(|s| (s["id"].as_str().expect("id").to_string(), s["inPerson"] == true))
        .collect()
}

async fn an_untrained_visitor_cannot_take_an_in_person_slot_until_trained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "yubei-2024").await;
    // A new volunteer, approved, with a profile, who has attended no training.
    let born = NaiveDate::from_ymd_opt(1991, 6, 7).expect("date");
    let (visitor_id, volunteer) = register_visitor(&app, Some(&organizer), "fresh", born, 41, "VOLUNTEER").await;
    let profile = json!({ "organisationKind": "VOLUNTEER_TEAM", "homeVillageCode": VILLAGE,
        "capacityPerMonth": 10, "weekdays": [1, 2, 3, 4, 5, 6, 7] });
    app.with(&volunteer).ok(PROFILE, json!({ "input": profile })).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 1).await;
    // A phone contact for the elder in a cold wave (a surge of yubei's), besides the visit.
    let today = tanfang_e2e::today();
    let surge = json!({ "kind": "EXTREME_WEATHER", "label": "寒潮", "areaCode": VILLAGE,
        "startsOn": today.to_string(), "endsOn": (today + TimeDelta::days(2)).to_string(), "modes": ["PHONE"] });
    app.with(&organizer)
        .ok(
            "mutation($input: SurgeInput!) { declareSurge(input: $input) { id } }",
            json!({ "input": surge }),
        )
        .await;
    let slots = todays_slots(&app, &organizer, &elder).await;
    let in_person = slots.iter().find(|s| s.1).expect("an in-person slot today").0.clone();
    let phone = slots.iter().find(|s| !s.1).expect("a phone slot today").0.clone();

    // The record says a training is required and none was attended.
    let mine = app.with(&volunteer).ok(MY_RECORD, json!({})).await;
    assert_eq!(mine["myVolunteerRecord"]["trainingRequired"], true);
    assert_eq!(mine["myVolunteerRecord"]["trained"], false);

    // Refused with its own code and a message saying what to do; nothing written.
    let audit_before = n(&app, "SELECT COUNT(*) AS n FROM audit_log");
    let refused = app.with(&volunteer).graphql(CLAIM, json!({ "s": in_person })).await;
    let (field, code, message) = field_error(&refused);
    assert_eq!(
        (field, code),
        (Some("visitorId"), Some("training_required")),
        "{refused}"
    );
    assert!(
        message.is_some_and(|m| m.contains("培训") && m.contains("联系镇街组织者")),
        "{refused}"
    );
    assert_eq!(
        n(&app, &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE id = '{in_person}' AND status = 'open' AND holder_id IS NULL")),
        1
    );
    assert_eq!(n(&app, "SELECT COUNT(*) AS n FROM audit_log"), audit_before);
    // An organizer cannot assign it to them either (the same rules).
    let assigned = app
        .with(&organizer)
        .graphql(
            "mutation($s: String!, $v: String!) { assignSlot(slotId: $s, visitorId: $v) { id } }",
            json!({ "s": in_person, "v": visitor_id }),
        )
        .await;
    assert_eq!(field_error(&assigned).1, Some("training_required"), "{assigned}");

    // The phone slot is not held back.
    let taken = app.with(&volunteer).ok(CLAIM, json!({ "s": phone })).await;
    assert_eq!(taken["claimSlot"]["status"], "CLAIMED");

    // Another town's organizer can neither record a session for this town's visitor nor read
    // their record; nothing is written.
    let b = second_town(&app, &admin).await;
    let session = |attendees: Vec<&str>| {
        json!({ "input": { "topic": "入户探访场景演示", "heldOn": (today - TimeDelta::days(1)).to_string(),
            "minutes": 90, "place": "镇社工站", "note": "理论授课、案例教学、场景演示", "attendeeIds": attendees } })
    };
    let sessions_before = n(&app, "SELECT COUNT(*) AS n FROM training_sessions");
    let outside = app
        .with(&b.organizer)
        .graphql(RECORD_SESSION, session(vec![&visitor_id]))
        .await;
    assert_eq!(field_error(&outside).1, Some("outside_area"), "{outside}");
    let read = app
        .with(&b.organizer)
        .graphql(
            "query($v: String!) { volunteerRecord(visitorId: $v) { trained } }",
            json!({ "v": visitor_id }),
        )
        .await;
    assert_eq!(error_code(&read).as_deref(), Some("NOT_FOUND"), "{read}");
    assert_eq!(n(&app, "SELECT COUNT(*) AS n FROM training_sessions"), sessions_before);
    // A visitor records no session.
    let by_visitor = app
        .with(&volunteer)
        .graphql(RECORD_SESSION, session(vec![&visitor_id]))
        .await;
    assert_eq!(error_code(&by_visitor).as_deref(), Some("FORBIDDEN"), "{by_visitor}");

    // The town's organizer records the session they attended (audited) …
    let recorded = app
        .with(&organizer)
        .ok(RECORD_SESSION, session(vec![&visitor_id]))
        .await;
    assert_eq!(recorded["recordTrainingSession"]["minutes"], 90);
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'training.record' AND area_code = '{TOWN}'")
        ),
        1
    );
    // The office lists it with its attendee count; the other town's does not.
    let listed = "{ trainingSessions { topic minutes attendeeCount office } }";
    let ours = app.with(&organizer).ok(listed, json!({})).await;
    assert_eq!(
        ours["trainingSessions"],
        json!([{ "topic": "入户探访场景演示", "minutes": 90, "attendeeCount": 1, "office": format!("区划{TOWN}") }])
    );
    let theirs = app.with(&b.organizer).ok(listed, json!({})).await;
    assert!(
        theirs["trainingSessions"]
            .as_array()
            .is_some_and(|s| s.iter().all(|x| x["topic"] != "入户探访场景演示")),
        "{theirs}"
    );
    // … and now the in-person slot is theirs.
    let claimed = app.with(&volunteer).ok(CLAIM, json!({ "s": in_person })).await;
    assert_eq!(claimed["claimSlot"]["status"], "CLAIMED");
    let mine = app.with(&volunteer).ok(MY_RECORD, json!({})).await;
    let record = &mine["myVolunteerRecord"];
    assert_eq!(record["trained"], true);
    assert_eq!(record["trainings"][0]["topic"], "入户探访场景演示");
    assert_eq!(record["trainings"][0]["office"], format!("区划{TOWN}"));
}
per_backend!(an_untrained_visitor_cannot_take_an_in_person_slot_until_trained);

async fn an_untrained_visitor_is_not_offered_an_in_person_slot(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "yubei-2024").await;
    let born = NaiveDate::from_ymd_opt(1992, 1, 2).expect("date");
    let (untrained_id, untrained) = register_visitor(&app, Some(&organizer), "untrained", born, 43, "VOLUNTEER").await;
    let (trained_id, trained) = register_visitor(&app, Some(&organizer), "trainedone", born, 45, "VOLUNTEER").await;
    for token in [&untrained, &trained] {
        let profile = json!({ "organisationKind": "VOLUNTEER_TEAM", "homeVillageCode": VILLAGE,
            "capacityPerMonth": 10, "weekdays": [1, 2, 3, 4, 5, 6, 7] });
        app.with(token).ok(PROFILE, json!({ "input": profile })).await;
    }
    tanfang_e2e::town::trained(&app, &trained_id, TOWN);
    let elder = key_elder(&app, &organizer, VILLAGE, 2).await;
    let slots = todays_slots(&app, &organizer, &elder).await;
    let in_person = slots.iter().find(|s| s.1).expect("an in-person slot today").0.clone();
    // Offer it as a release does (`offer_slot`, the claim rules' `could_claim`): only to the
    // visitor who could claim it.
    let offered = app.as_system("offer", |c, call| {
        let slot = tanfang::db::slots::find_slot(c, &in_person.clone().into())?.expect("slot");
        tanfang::service::notices::offer_slot(c, call, &slot, None)
    });
    assert_eq!(offered, 1, "only the trained visitor is offered it");
    let offers = |id: &str| {
        n(
            &app,
            &format!("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'slot_offered' AND channel = 'in_app' AND recipient_user_id = '{id}'"),
        )
    };
    assert_eq!((offers(&untrained_id), offers(&trained_id)), (0, 1));
}
per_backend!(an_untrained_visitor_is_not_offered_an_in_person_slot);

async fn commendations_and_evaluations_go_onto_the_record_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "yubei-2024").await;
    let (visitor_id, volunteer) = tanfang_e2e::town::visitor(&app, &organizer, 1, 10, false).await;
    let (_, village_staff) = staff(&app, &organizer, "staff.a", "VILLAGE_STAFF", VILLAGE).await;
    let commend = "mutation($v: String!, $t: String!, $d: LocalDate!, $r: String) {
        commendVolunteer(visitorId: $v, title: $t, awardedOn: $d, reason: $r) { title office } }";
    let evaluate = "mutation($v: String!, $p: String!, $g: Grade!, $c: String) {
        evaluateVolunteer(visitorId: $v, period: $p, grade: $g, comment: $c) { period gradeLabel office } }";
    app.with(&organizer)
        .ok(
            commend,
            json!({ "v": visitor_id, "t": "优秀志愿者", "d": "2026-11-01", "r": "全年探访无一缺席" }),
        )
        .await;
    let graded = app
        .with(&village_staff)
        .ok(
            evaluate,
            json!({ "v": visitor_id, "p": "2026-H2", "g": "GOOD", "c": "探访细致，记录完整" }),
        )
        .await;
    assert_eq!(graded["evaluateVolunteer"]["period"], "2026年下半年");
    assert_eq!(graded["evaluateVolunteer"]["gradeLabel"], "良好");
    // Once per office and period; a period not begun is refused.
    let again = app
        .with(&village_staff)
        .graphql(evaluate, json!({ "v": visitor_id, "p": "2026-H2", "g": "EXCELLENT" }))
        .await;
    assert_eq!(field_error(&again).1, Some("already_evaluated"), "{again}");
    let early = app
        .with(&organizer)
        .graphql(evaluate, json!({ "v": visitor_id, "p": "2027", "g": "EXCELLENT" }))
        .await;
    assert_eq!(field_error(&early).1, Some("invalid_period"), "{early}");

    // Another town's organizer cannot commend this town's visitor.
    let b = second_town(&app, &admin).await;
    let outside = app
        .with(&b.organizer)
        .graphql(
            commend,
            json!({ "v": visitor_id, "t": "优秀志愿者", "d": "2026-11-01" }),
        )
        .await;
    assert_eq!(field_error(&outside).1, Some("outside_area"), "{outside}");

    // The visitor reads both on their record, with the offices by name.
    let mine = app.with(&volunteer).ok(MY_RECORD, json!({})).await;
    let record = &mine["myVolunteerRecord"];
    assert_eq!(record["commendations"].as_array().map(Vec::len), Some(1));
    assert_eq!(record["commendations"][0]["title"], "优秀志愿者");
    assert_eq!(record["commendations"][0]["office"], format!("区划{TOWN}"));
    assert_eq!(record["evaluations"].as_array().map(Vec::len), Some(1));
    assert_eq!(record["evaluations"][0]["gradeLabel"], "良好");
    assert_eq!(record["evaluations"][0]["office"], format!("区划{VILLAGE}"));
    // Another visitor reads only their own.
    let other = app
        .with(&b.visitor)
        .graphql(
            "query($v: String!) { volunteerRecord(visitorId: $v) { trained } }",
            json!({ "v": visitor_id }),
        )
        .await;
    assert!(error_code(&other).is_some(), "{other}");
    // The organizer of the town reads it too.
    let read = app
        .with(&organizer)
        .ok(
            "query($v: String!) { volunteerRecord(visitorId: $v) { commendations { title } evaluations { gradeLabel } } }",
            json!({ "v": visitor_id }),
        )
        .await;
    assert_eq!(read["volunteerRecord"]["evaluations"][0]["gradeLabel"], "良好");
    // Both audited, in the office's area.
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'volunteer.commend' AND area_code = '{TOWN}'")
        ),
        1
    );
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'volunteer.evaluate' AND area_code = '{VILLAGE}'"
            )
        ),
        1
    );
}
per_backend!(commendations_and_evaluations_go_onto_the_record_audited);
