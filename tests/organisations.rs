//! 组织 and 服务合同 (issue #20, 1.) over HTTP on both backends: an organizer registers a
//! provider and its members, the district admin signs its contract, and the provider's monthly
//! statement — visits, minutes, elders covered, records sent back — equals an independent SQL
//! count; its admin reads it, other members and other towns do not; only staff name an admin.

use serde_json::{json, Value};
use tanfang_e2e::town::{self, district, visit_by, TOWN};
use tanfang_e2e::{count, error_fields, per_backend, Backend, TestApp};

const REVIEW: &str = "mutation($id: String!, $d: ReviewDecision!, $c: String, $v: Int!) {
    reviewVisitRecord(id: $id, decision: $d, comment: $c, version: $v) { status } }";
const CREATE: &str = "mutation($k: OrganisationKind!, $n: String!, $a: String!) {
    createOrganisation(kind: $k, name: $n, areaCode: $a) { id } }";
const MEMBER: &str = "mutation($o: String!, $u: String!, $m: Boolean!, $admin: Boolean) {
    setOrganisationMember(organisationId: $o, userId: $u, member: $m, admin: $admin) { userId isAdmin } }";
const SIGN: &str = "mutation($o: String!, $a: String!) {
    signServiceContract(organisationId: $o, areaCode: $a, startsOn: \"2026-11-01\", endsOn: \"2027-04-30\",
        promisedVisits: 120, promisedMinutes: 7200) { id } }";
const STATEMENT: &str = "query($c: String!) { contractStatement(contractId: $c, month: \"2026-11\") {
    promisedVisits promisedMinutes visits minutes elders returnedOrRejected spotChecked spotFailed } }";

async fn accepted(app: &TestApp, organizer: &str, visitor: &str, hours_ago: i64) {
    let (record, version) = visit_by(app, organizer, visitor, hours_ago).await;
    app.with(organizer)
        .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
        .await;
}

fn code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

async fn a_providers_monthly_statement_equals_an_independent_count(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (a, a_token) = town::visitor(&app, &organizer, 1, 20, false).await;
    let (b, b_token) = town::visitor(&app, &organizer, 2, 20, false).await;
    let (c, _) = town::visitor(&app, &organizer, 3, 20, false).await;
    let org = app
        .with(&organizer)
        .ok(
            CREATE,
            json!({ "k": "INSTITUTION", "n": "康乐居家养老服务中心", "a": TOWN }),
        )
        .await["createOrganisation"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.with(&organizer)
        .ok(MEMBER, json!({ "o": org, "u": a, "m": true, "admin": true }))
        .await;
    app.with(&organizer)
        .ok(MEMBER, json!({ "o": org, "u": b, "m": true }))
        .await;

    // Only the district admin signs, and only with a provider.
    let refused = app.with(&organizer).graphql(SIGN, json!({ "o": org, "a": TOWN })).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused:#}");
    let team = app
        .with(&organizer)
        .ok(
            CREATE,
            json!({ "k": "VOLUNTEER_TEAM", "n": "青年志愿服务队", "a": TOWN }),
        )
        .await["createOrganisation"]["id"]
        .clone();
    let not_provider = app.with(&admin).graphql(SIGN, json!({ "o": team, "a": TOWN })).await;
    assert_eq!(error_fields(&not_provider), ["organisationId"], "{not_provider:#}");
    let contract = app.with(&admin).ok(SIGN, json!({ "o": org, "a": TOWN })).await["signServiceContract"]["id"]
        .as_str()
        .expect("id")
        .to_string();

    // Members visit: a twice, b once accepted and once sent back; c, no member, once.
    accepted(&app, &organizer, &a, 3).await;
    accepted(&app, &organizer, &a, 5).await;
    accepted(&app, &organizer, &b, 7).await;
    let (sent_back, version) = visit_by(&app, &organizer, &b, 9).await;
    app.with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": sent_back, "d": "SEND_BACK", "c": "请补充老人签字", "v": version }),
        )
        .await;
    accepted(&app, &organizer, &c, 11).await;

    let statement = app.with(&a_token).ok(STATEMENT, json!({ "c": contract })).await["contractStatement"].clone();
    let members_visits = |what: &str, status: &str| {
        count(
            &mut app.db.connect(),
            &format!(
                "SELECT COUNT({what}) AS n FROM visit_records v JOIN organisation_members m ON m.user_id = v.visitor_id \
                 WHERE m.organisation_id = '{org}' AND v.status = '{status}' AND v.village_code LIKE '{TOWN}%' \
                 AND v.started_at >= '2026-10-31 16:00:00' AND v.started_at < '2026-11-30 16:00:00'"
            ),
        )
    };
    assert_eq!(statement["visits"], members_visits("*", "accepted"), "{statement:#}");
    assert_eq!(statement["elders"], members_visits("DISTINCT v.elder_id", "accepted"));
    assert_eq!(statement["returnedOrRejected"], members_visits("*", "returned"));
    assert_eq!(
        (
            &statement["visits"],
            &statement["minutes"],
            &statement["returnedOrRejected"]
        ),
        (&json!(3), &json!(120.0), &json!(1))
    );
    // 120 visits and 7,200 minutes over six months: a month's share.
    assert_eq!(
        (&statement["promisedVisits"], &statement["promisedMinutes"]),
        (&json!(20), &json!(1200.0))
    );
    // The organizer and the district read it; a member who is no admin, and another town, do not.
    app.with(&organizer).ok(STATEMENT, json!({ "c": contract })).await;
    app.with(&admin).ok(STATEMENT, json!({ "c": contract })).await;
    let member = app.with(&b_token).graphql(STATEMENT, json!({ "c": contract })).await;
    assert_eq!(code(&member), "NOT_FOUND", "{member:#}");
    let other = town::second_town(&app, &admin).await.organizer;
    let answer = app.with(&other).graphql(STATEMENT, json!({ "c": contract })).await;
    assert_eq!(code(&answer), "NOT_FOUND", "{answer:#}");

    // The admin member manages members but names no admin.
    let removed = app
        .with(&a_token)
        .ok(MEMBER, json!({ "o": org, "u": b, "m": false }))
        .await["setOrganisationMember"]
        .clone();
    assert_eq!(removed, json!([{ "userId": a, "isAdmin": true }]));
    let answer = app
        .with(&a_token)
        .graphql(MEMBER, json!({ "o": org, "u": c, "m": true, "admin": true }))
        .await;
    assert_eq!(error_fields(&answer), ["admin"], "{answer:#}");
    assert_eq!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'organisation.%' OR action = 'contract.sign'"
        ),
        6
    );
}
per_backend!(a_providers_monthly_statement_equals_an_independent_count);

const LIST: &str = "query($a: String!) { organisations(areaCode: $a) { name kind } }";
const MINE: &str = "{ myOrganisations { isAdmin organisation { name
    members { displayName isAdmin } contracts { promisedVisits } } } }";
const ADD: &str = "mutation($o: String!, $a: String!) {
    addOrganisationMember(organisationId: $o, account: $a) { displayName isAdmin } }";

/// The area's staff list its organisations and no other town's; a member finds theirs under
/// 我的组织, and only its admin reads the members and contracts and adds a volunteer by the
/// account they sign in with.
async fn an_organisation_is_listed_for_its_staff_and_managed_by_its_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (a, a_token) = town::visitor(&app, &organizer, 1, 20, false).await;
    let (b, b_token) = town::visitor(&app, &organizer, 2, 20, false).await;
    town::visitor(&app, &organizer, 3, 20, false).await;
    let org = app
        .with(&organizer)
        .ok(
            CREATE,
            json!({ "k": "INSTITUTION", "n": "康乐居家养老服务中心", "a": TOWN }),
        )
        .await["createOrganisation"]["id"]
        .clone();
    app.with(&organizer)
        .ok(
            CREATE,
            json!({ "k": "VOLUNTEER_TEAM", "n": "青年志愿服务队", "a": TOWN }),
        )
        .await;
    app.with(&organizer)
        .ok(MEMBER, json!({ "o": org, "u": a, "m": true, "admin": true }))
        .await;
    app.with(&organizer)
        .ok(MEMBER, json!({ "o": org, "u": b, "m": true }))
        .await;
    app.with(&admin).ok(SIGN, json!({ "o": org, "a": TOWN })).await;

    let listed = app.with(&organizer).ok(LIST, json!({ "a": TOWN })).await["organisations"].clone();
    assert_eq!(
        listed,
        json!([{ "name": "康乐居家养老服务中心", "kind": "INSTITUTION" }, { "name": "青年志愿服务队", "kind": "VOLUNTEER_TEAM" }])
    );
    // A village committee registers as an office (村(居)委会或镇街), listed at its village.
    app.with(&organizer)
        .ok(CREATE, json!({ "k": "OFFICE", "n": "一村村委会", "a": town::VILLAGE }))
        .await;
    let village = app.with(&organizer).ok(LIST, json!({ "a": town::VILLAGE })).await["organisations"].clone();
    assert_eq!(village, json!([{ "name": "一村村委会", "kind": "OFFICE" }]));
    let second = town::second_town(&app, &admin).await;
    let answer = app.with(&second.organizer).graphql(LIST, json!({ "a": TOWN })).await;
    assert_eq!(code(&answer), "FORBIDDEN", "{answer:#}");
    let own = app.with(&second.organizer).ok(LIST, json!({ "a": town::TOWN_B })).await;
    assert_eq!(own["organisations"], json!([]));

    let mine = app.with(&a_token).ok(MINE, json!({})).await["myOrganisations"].clone();
    assert_eq!(mine[0]["isAdmin"], json!(true));
    assert_eq!(
        mine[0]["organisation"]["members"],
        json!([{ "displayName": "志愿者", "isAdmin": true }, { "displayName": "志愿者", "isAdmin": false }])
    );
    assert_eq!(mine[0]["organisation"]["contracts"], json!([{ "promisedVisits": 120 }]));
    let plain = app.with(&b_token).ok(MINE, json!({})).await["myOrganisations"][0].clone();
    assert_eq!(plain["isAdmin"], json!(false), "{plain:#}");
    assert_eq!(
        (&plain["organisation"]["members"], &plain["organisation"]["contracts"]),
        (&Value::Null, &Value::Null)
    );

    // The admin adds visitor3 by their account; a plain member cannot, and an unknown account
    // is named as such.
    let members = app.with(&a_token).ok(ADD, json!({ "o": org, "a": "visitor3" })).await;
    assert_eq!(members["addOrganisationMember"].as_array().map(Vec::len), Some(3));
    let refused = app
        .with(&b_token)
        .graphql(ADD, json!({ "o": org, "a": "visitor3" }))
        .await;
    assert_eq!(code(&refused), "NOT_FOUND", "{refused:#}");
    let unknown = app
        .with(&a_token)
        .graphql(ADD, json!({ "o": org, "a": "nobody" }))
        .await;
    assert_eq!(error_fields(&unknown), ["account"], "{unknown:#}");
}
per_backend!(an_organisation_is_listed_for_its_staff_and_managed_by_its_admin);
