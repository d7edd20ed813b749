//! 志愿者管理 — a town organizer lists the visitors of their area, approves, suspends (with a
//! reason: the account can no longer sign in and its slots go back to the pool) and reinstates
//! them; another town's organizer reaches none of it.

use serde_json::json;
use tanfang_e2e::town::{self, staff, visitor, TOWN_B};
use tanfang_e2e::{error_code, error_fields, per_backend, Backend, TestApp, PASSWORD};

const SUSPEND: &str = "mutation($id: String!, $r: String!) { suspendVisitor(userId: $id, reason: $r) { status } }";
const REINSTATE: &str = "mutation($id: String!) { reinstateVisitor(userId: $id) { status } }";
const VISITORS: &str = "{ accounts(role: VISITOR, first: 100) { nodes { id role status } } }";

async fn an_organizer_suspends_and_reinstates_a_visitor_of_their_area(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    let (approved, approved_token) = visitor(&app, &organizer, 1, 8, false).await;
    let (pending, _) = visitor(&app, &organizer, 2, 8, true).await;
    // An elder with a slot the approved visitor holds today.
    let elder = town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let slot = town::claim_todays_slot(&app, &organizer, &approved_token, &elder).await;

    // The list holds the area's visitors only, each with its status.
    let listed = app.with(&organizer).ok(VISITORS, json!({})).await;
    let nodes = listed["accounts"]["nodes"].as_array().expect("nodes").clone();
    assert!(nodes.iter().all(|n| n["role"] == "VISITOR"), "{backend:?}: {nodes:?}");
    let status_of = |id: &str| nodes.iter().find(|n| n["id"] == id).map(|n| n["status"].clone());
    assert_eq!(status_of(&approved), Some(json!("ACTIVE")));
    assert_eq!(status_of(&pending), Some(json!("PENDING")));

    // A reason is required; a pending account cannot be suspended.
    let no_reason = app
        .with(&organizer)
        .graphql(SUSPEND, json!({ "id": approved, "r": " " }))
        .await;
    assert_eq!(error_fields(&no_reason), ["reason"]);
    let not_active = app
        .with(&organizer)
        .graphql(SUSPEND, json!({ "id": pending, "r": "多次爽约" }))
        .await;
    assert_eq!(error_fields(&not_active), ["userId"]);

    // Another town's organizer reaches neither the visitor nor the list entry.
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    app.with(&admin)
        .ok(
            area,
            json!({ "input": { "code": TOWN_B, "name": "乙镇", "parentCode": town::DISTRICT } }),
        )
        .await;
    let (_, other) = staff(&app, &admin, "org.other", "TOWN_ORGANIZER", TOWN_B).await;
    let refused = app
        .with(&other)
        .graphql(SUSPEND, json!({ "id": approved, "r": "越权" }))
        .await;
    assert_eq!(error_code(&refused).as_deref(), Some("NOT_FOUND"), "{backend:?}");
    let theirs = app.with(&other).ok(VISITORS, json!({})).await;
    assert_eq!(theirs["accounts"]["nodes"], json!([]));

    let suspended = app
        .with(&organizer)
        .ok(SUSPEND, json!({ "id": approved, "r": "多次爽约" }))
        .await;
    assert_eq!(suspended["suspendVisitor"]["status"], "DISABLED");
    // They can no longer sign in, their session ends, and the slot is open again.
    let login = app
        .anon()
        .graphql(
            "mutation { login(username: \"visitor1\", password: \"PASSWORD\") { accessToken } }"
                .replace("PASSWORD", PASSWORD)
                .as_str(),
            json!({}),
        )
        .await;
    assert!(
        login.get("errors").is_some(),
        "{backend:?}: a suspended visitor cannot sign in"
    );
    let me = app.with(&approved_token).graphql("{ me { id } }", json!({})).await;
    assert!(
        me.get("errors").is_some() || me["data"]["me"].is_null(),
        "the session ended: {me}"
    );
    let month = tanfang::domain::period::Month::of(tanfang_e2e::today());
    let open = town::open_slots(&app, &organizer, month).await;
    assert!(
        open.iter().any(|s| s.id == slot),
        "{backend:?}: the slot went back to the pool"
    );
    let audit = app
        .with(&organizer)
        .ok(
            "query($o: String!) { auditLog(first: 10, objectId: $o) { action reason } }",
            json!({ "o": approved }),
        )
        .await;
    let entries = audit["auditLog"].as_array().expect("entries");
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "account.suspend" && e["reason"] == "多次爽约"),
        "{backend:?}: the suspension is audited with its reason: {entries:?}"
    );

    let back = app.with(&organizer).ok(REINSTATE, json!({ "id": approved })).await;
    assert_eq!(back["reinstateVisitor"]["status"], "ACTIVE");
    app.token("visitor1", PASSWORD).await;
}
per_backend!(an_organizer_suspends_and_reinstates_a_visitor_of_their_area);

const SIGN_UP_AREAS: &str = "query($p: String) { signUpAreas(parentCode: $p) { code name } }";

/// 注册 — someone without an account chooses their home village by name, a level at a time:
/// the districts, a district's towns, a town's villages. Only this read is open to them.
async fn someone_signing_up_chooses_their_village_by_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    town::district(&app).await;
    let anon = app.anon();
    let codes = |data: &serde_json::Value| -> Vec<String> {
        data["signUpAreas"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n["code"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let districts = anon.ok(SIGN_UP_AREAS, json!({ "p": null })).await;
    assert!(codes(&districts).contains(&town::DISTRICT.to_string()), "{districts:#}");
    assert!(districts["signUpAreas"][0]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    let towns = anon.ok(SIGN_UP_AREAS, json!({ "p": town::DISTRICT })).await;
    assert!(codes(&towns).contains(&town::TOWN.to_string()), "{towns:#}");
    assert!(codes(&towns).iter().all(|c| c.len() == 9));
    let villages = anon.ok(SIGN_UP_AREAS, json!({ "p": town::TOWN })).await;
    assert!(codes(&villages).contains(&town::VILLAGE.to_string()), "{villages:#}");
    assert!(codes(&villages)
        .iter()
        .all(|c| c.starts_with(town::TOWN) && c.len() == 12));

    let below_village = anon.graphql(SIGN_UP_AREAS, json!({ "p": town::VILLAGE })).await;
    assert_eq!(error_fields(&below_village), ["parentCode"]);
    let not_a_code = anon.graphql(SIGN_UP_AREAS, json!({ "p": "50011X" })).await;
    assert_eq!(error_fields(&not_a_code), ["parentCode"]);
    // The rest of the tree still needs an account.
    let tree = anon
        .graphql(
            "query($c: String!) { area(code: $c) { name } }",
            json!({ "c": town::TOWN }),
        )
        .await;
    assert_eq!(error_code(&tree).as_deref(), Some("UNAUTHENTICATED"));
}
per_backend!(someone_signing_up_chooses_their_village_by_name);
