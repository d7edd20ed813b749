//! 家属 — a family account reads the visits to the one elder it follows, only while that elder
//! agrees to share, and the elder's responsible contact with a number to call.

use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::town::{self, DISTRICT, VILLAGE};
use tanfang_e2e::{per_backend, Backend, TestApp, PASSWORD};

const FAMILY_PAGE: &str = "{ myElder { name visits { visitNo startedAt mode modeLabel status statusLabel visitorName }
    contact { name roleLabel paired phone phoneMasked } } }";

fn elder_input(name: &str, n: u16, shares: bool) -> Value {
    let born = NaiveDate::from_ymd_opt(1938, 1, 1).expect("date") + TimeDelta::days(i64::from(n));
    let id_number =
        IdNumber::from_parts_as_of(DISTRICT, born, 2 * n + 1, Sex::Female, tanfang_e2e::today()).expect("id");
    json!({ "name": name, "idNumber": id_number.as_str(), "villageCode": VILLAGE, "phone": "13800138000",
        "residenceAddress": "三组", "urbanRural": "RURAL", "abilityLevel": "INTACT", "economicStatus": "ORDINARY",
        "livingArrangement": "ALONE", "consent": "CONSENTED", "consentRecordedOn": "2025-06-01",
        "sharesWithFamily": shares })
}

/// A family account following `elder`, signed in.
async fn family_of(app: &TestApp, organizer: &str, username: &str, elder: &str) -> String {
    let input = json!({ "username": username, "displayName": "家属", "password": PASSWORD,
                        "role": "FAMILY", "elderId": elder });
    app.with(organizer)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    app.token(username, PASSWORD).await
}

async fn a_family_sees_only_its_elders_shared_visits_and_nothing_when_the_elder_does_not_share(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = town::district(&app).await;
    // The village's staff member: the responsible contact by default, with a work phone.
    let staff_input = json!({ "username": "cun", "displayName": "村干部王芳", "password": PASSWORD,
        "role": "VILLAGE_STAFF", "areaCode": VILLAGE, "phone": "13911112222" });
    app.with(&organizer)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": staff_input }),
        )
        .await;
    let shares = app
        .with(&organizer)
        .create_elder(elder_input("共享老人", 1, true))
        .await;
    let other = app
        .with(&organizer)
        .create_elder(elder_input("邻居老人", 2, true))
        .await;
    let private = app
        .with(&organizer)
        .create_elder(elder_input("不共享老人", 3, false))
        .await;
    let day = |d: i64| format!("{}T09:00:00", tanfang_e2e::today() - TimeDelta::days(d));
    tanfang_e2e::accepted_visit(&app, &organizer, &shares, "IN_PERSON", &day(3)).await;
    tanfang_e2e::accepted_visit(&app, &organizer, &shares, "PHONE", &day(1)).await;
    tanfang_e2e::accepted_visit(&app, &organizer, &other, "IN_PERSON", &day(2)).await;
    tanfang_e2e::accepted_visit(&app, &organizer, &private, "IN_PERSON", &day(2)).await;

    let family = family_of(&app, &organizer, "jiashu.a", &shares).await;
    let page = app.with(&family).ok(FAMILY_PAGE, json!({})).await;
    let elder = &page["myElder"];
    assert_eq!(elder["name"], "共享老人");
    let visits = elder["visits"].as_array().expect("visits");
    assert_eq!(
        visits.len(),
        2,
        "{backend:?}: its elder's two visits, not the neighbour's: {visits:?}"
    );
    assert_eq!(visits[0]["mode"], "PHONE", "newest first");
    assert_eq!(visits[0]["visitNo"], 2);
    assert_eq!(visits[1]["modeLabel"], "上门探访");
    assert_eq!(visits[1]["visitNo"], 1);
    assert_eq!(visits[0]["statusLabel"], "已通过");
    // The visitor (the organizer, 镇街) by surname only.
    assert_eq!(visits[0]["visitorName"], "镇*");
    let contact = &elder["contact"];
    assert_eq!(contact["name"], "村干部王芳");
    assert_eq!(contact["roleLabel"], "村(居)工作人员");
    assert_eq!(contact["phone"], "13911112222", "a staff contact's number to call");
    assert_eq!(contact["paired"], false);
    // The family reads nothing of what the visitor recorded.
    let refused = app
        .with(&family)
        .graphql("{ myElder { visits { body } } }", json!({}))
        .await;
    assert!(refused.get("errors").is_some(), "no record body on the family's visits");

    // An elder who does not share: the family sees no file, no visits, no contact.
    let private_family = family_of(&app, &organizer, "jiashu.c", &private).await;
    let page = app.with(&private_family).ok(FAMILY_PAGE, json!({})).await;
    assert_eq!(
        page["myElder"],
        Value::Null,
        "{backend:?}: nothing when the elder does not share"
    );

    // When the sharing elder stops sharing, the family's page is empty from then on.
    let file = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { version } }",
            json!({ "id": shares }),
        )
        .await;
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!, $input: ElderFileInput!) { updateElder(id: $id, version: $v, input: $input) { version } }",
            json!({ "id": shares, "v": file["elder"]["version"], "input": elder_input("共享老人", 1, false) }),
        )
        .await;
    let page = app.with(&family).ok(FAMILY_PAGE, json!({})).await;
    assert_eq!(page["myElder"], Value::Null, "{backend:?}: sharing withdrawn");
}
per_backend!(a_family_sees_only_its_elders_shared_visits_and_nothing_when_the_elder_does_not_share);
