//! Scope over the objects of issue #20, on both backends: a visitor's training, commendations,
//! evaluations, no-shows and capacity, the care they gave, their accepted visits, proofs and
//! correction requests, and the organisations with their members, contracts and statements,
//! and the office's seal. Every path to them — a query, a nested field, a mutation naming
//! them, a page or a download — is walked by people who must not reach them: another town's
//! organizer and village staff, another town's visitor, and a visitor of the same town who
//! manages another organisation. Each is refused or answered without them, and writes
//! nothing; the town's own organizer reads every one of them (so each check can fail).

use chrono::TimeDelta;
use serde_json::{json, Value};
use tanfang::service::no_shows::mark_no_shows;
use tanfang_e2e::town::{self, claims_ending_yesterday, district_running, second_town, visit_by, TOWN, TOWN_B};
use tanfang_e2e::{error_code, per_backend, row_counts, Backend, TestApp};

/// The tables issue #20 added; an outsider's attempts must leave each as it was.
const TABLES: [&str; 14] = [
    "training_sessions",
    "training_attendees",
    "commendations",
    "evaluations",
    "no_shows",
    "capacity_reductions",
    "care_services",
    "service_proofs",
    "service_corrections",
    "organisations",
    "organisation_members",
    "service_contracts",
    "office_seals",
    "visit_record_visitors",
];

const VOLUNTEER_RECORD: &str = "query($v: String!) { volunteerRecord(visitorId: $v) {
    visitorId trainings { id } commendations { title } evaluations { period } } }";
const NO_SHOWS: &str = "{ noShowsByVisitor { visitorId noShows { windowTo } } }";
const TRAINING: &str = "{ trainingSessions { id topic } }";
const CARE: &str = "query($e: String!) { elderCareServices(elderId: $e) { id providerName } }";
const CHOICES: &str = "query($e: String) { careGiverChoices(elderId: $e) { id } }";
const ORGANISATIONS: &str = "query($a: String!) { organisations(areaCode: $a) {
    id name members { userId } contracts { id } } }";
const STATEMENT: &str = "query($c: String!) { contractStatement(contractId: $c, month: \"2026-11\") { visits } }";
const PROOFS: &str = "{ issuedServiceProofs { id number } }";
const INBOX: &str = "{ serviceCorrectionInbox { id } }";
const OVERVIEW: &str = "query($a: String!) { volunteerOverview(areaCode: $a, period: \"2026-11\") { visitorId } }";

const RESTORE: &str = "mutation($v: String!) { restoreVisitorCapacity(visitorId: $v) { capacityPerMonth } }";
const COMMEND: &str = "mutation($v: String!) {
    commendVolunteer(visitorId: $v, title: \"优秀志愿者\", awardedOn: \"2026-11-01\") { title } }";
const EVALUATE: &str = "mutation($v: String!) {
    evaluateVolunteer(visitorId: $v, period: \"2026-H2\", grade: GOOD) { period } }";
const TRAIN: &str = "mutation($v: String!) { recordTrainingSession(input: { topic: \"入户安全\",
    heldOn: \"2026-11-10\", minutes: 90, place: \"镇政府三楼\", attendeeIds: [$v] }) { id } }";
const RECORD_CARE: &str = "mutation($id: String!, $e: String!, $p: String!, $at: DateTime!) {
    recordCareService(id: $id, elderId: $e, kind: MEALS, providerId: $p, givenAt: $at, minutes: 30,
        confirmation: CONFIRMED_BY_PHONE) { creditedMinutes } }";
const ISSUE: &str = "mutation($v: String!) {
    issueServiceProof(visitorId: $v, from: \"2026-10-20\", to: \"2026-11-18\") { id number } }";
const REQUEST: &str = "mutation($r: String!) {
    requestServiceCorrection(recordId: $r, minutes: 60, reason: \"实际探访一小时\") { id } }";
const DECIDE: &str = "mutation($id: String!) { decideServiceCorrection(id: $id, accept: true) { status } }";
const CREATE: &str = "mutation($k: OrganisationKind!, $n: String!, $a: String!) {
    createOrganisation(kind: $k, name: $n, areaCode: $a) { id } }";
const MEMBER: &str = "mutation($o: String!, $u: String!, $admin: Boolean) {
    setOrganisationMember(organisationId: $o, userId: $u, member: true, admin: $admin) { userId } }";
const ADD: &str =
    "mutation($o: String!, $a: String!) { addOrganisationMember(organisationId: $o, account: $a) { userId } }";
const SIGN: &str = "mutation($o: String!, $a: String!) {
    signServiceContract(organisationId: $o, areaCode: $a, startsOn: \"2026-11-01\", endsOn: \"2027-04-30\",
        promisedVisits: 120, promisedMinutes: 7200) { id } }";

fn id(answer: &Value, path: &[&str]) -> String {
    path.iter()
        .fold(answer, |v, k| &v[*k])
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} in {answer:#}"))
        .to_string()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["id"].as_str().or(r["visitorId"].as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What town A holds of its visitor V, made the way its office and V make them.
struct TownA {
    admin: String,
    organizer: String,
    visitor_id: String,
    visitor: String,
    elder: String,
    session: String,
    care: String,
    record: String,
    proof: (String, String),
    correction: String,
    provider: String,
    contract: String,
    team: String,
    team_admin_id: String,
    team_admin: String,
}

async fn town_a(app: &TestApp) -> TownA {
    let (admin, organizer) = district_running(app, "linzi-2022").await;
    let (visitor_id, visitor) = town::visitor(app, &organizer, 1, 20, false).await;
    let (team_admin_id, team_admin) = town::visitor(app, &organizer, 2, 20, false).await;
    let o = app.with(&organizer);

    // Two no-shows (the capacity is halved), training, a commendation and an evaluation.
    let (_, elders) = claims_ending_yesterday(app, &organizer, &visitor, (2, 3), &[0, 1]).await;
    assert_eq!(app.as_system("no shows", mark_no_shows), 2);
    let session = id(
        &o.ok(TRAIN, json!({ "v": visitor_id })).await,
        &["recordTrainingSession", "id"],
    );
    o.ok(COMMEND, json!({ "v": visitor_id })).await;
    o.ok(EVALUATE, json!({ "v": visitor_id })).await;

    // A meal V gave, an accepted visit with a proof, and V's request to correct it.
    let care = uuid::Uuid::new_v4().to_string();
    let at = (tanfang_e2e::now() - TimeDelta::hours(2)).to_rfc3339();
    o.ok(
        RECORD_CARE,
        json!({ "id": care, "e": elders[0], "p": visitor_id, "at": at }),
    )
    .await;
    let (record, version) = visit_by(app, &organizer, &visitor_id, 3).await;
    o.ok(
        "mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, version: $v) { status } }",
        json!({ "id": record, "v": version }),
    )
    .await;
    let issued = o.ok(ISSUE, json!({ "v": visitor_id })).await;
    let proof = (
        id(&issued, &["issueServiceProof", "id"]),
        id(&issued, &["issueServiceProof", "number"]),
    );
    let correction = id(
        &app.with(&visitor).ok(REQUEST, json!({ "r": record })).await,
        &["requestServiceCorrection", "id"],
    );

    // A provider V manages, under contract; a team another visitor of the town manages.
    let create = |kind: &'static str, name: &'static str| {
        let o = app.with(&organizer);
        async move {
            id(
                &o.ok(CREATE, json!({ "k": kind, "n": name, "a": TOWN })).await,
                &["createOrganisation", "id"],
            )
        }
    };
    let provider = create("INSTITUTION", "康乐居家养老服务中心").await;
    let team = create("VOLUNTEER_TEAM", "青年志愿服务队").await;
    o.ok(MEMBER, json!({ "o": provider, "u": visitor_id, "admin": true }))
        .await;
    o.ok(MEMBER, json!({ "o": team, "u": team_admin_id, "admin": true }))
        .await;
    let contract = id(
        &app.with(&admin).ok(SIGN, json!({ "o": provider, "a": TOWN })).await,
        &["signServiceContract", "id"],
    );

    // The town's seal.
    let (status, body) = app
        .put_bytes(
            &organizer,
            "/seal",
            "image/jpeg",
            tanfang_e2e::images::jpeg_with_gps().1,
        )
        .await;
    assert_eq!(status, 200, "{body}");

    TownA {
        admin,
        organizer,
        visitor_id,
        visitor,
        elder: elders[0].clone(),
        session,
        care,
        record,
        proof,
        correction,
        provider,
        contract,
        team,
        team_admin_id,
        team_admin,
    }
}

/// What a staff member of the office reads of town A's objects, by every staff path.
struct StaffView {
    record: Option<Value>,
    no_shows: Vec<String>,
    sessions: Vec<String>,
    care: Option<Vec<String>>,
    may_name_for_elder: bool,
    organisations: Option<Vec<String>>,
    statement: bool,
    proofs: Vec<String>,
    inbox: Vec<String>,
    overview: Option<Vec<String>>,
    proof_page: u16,
    batch_holds_proof: bool,
    export_status: u16,
}

async fn staff_view(app: &TestApp, token: &str, a: &TownA) -> StaffView {
    let c = app.with(token);
    let ok = |answer: Value, field: &str| (answer["errors"].is_null()).then(|| answer["data"][field].clone());
    let record = ok(
        c.graphql(VOLUNTEER_RECORD, json!({ "v": a.visitor_id })).await,
        "volunteerRecord",
    );
    let listed = |answer: Value, field: &str| ok(answer, field).map(|v| ids(&v)).unwrap_or_default();
    let no_shows = listed(c.graphql(NO_SHOWS, json!({})).await, "noShowsByVisitor");
    let sessions = listed(c.graphql(TRAINING, json!({})).await, "trainingSessions");
    let care = ok(c.graphql(CARE, json!({ "e": a.elder })).await, "elderCareServices").map(|v| ids(&v));
    let may_name_for_elder = c.graphql(CHOICES, json!({ "e": a.elder })).await["errors"].is_null();
    let organisations = ok(c.graphql(ORGANISATIONS, json!({ "a": TOWN })).await, "organisations").map(|v| ids(&v));
    let statement = c.graphql(STATEMENT, json!({ "c": a.contract })).await["errors"].is_null();
    let proofs = listed(c.graphql(PROOFS, json!({})).await, "issuedServiceProofs");
    let inbox = listed(c.graphql(INBOX, json!({})).await, "serviceCorrectionInbox");
    let overview = ok(c.graphql(OVERVIEW, json!({ "a": TOWN })).await, "volunteerOverview").map(|v| ids(&v));
    let (proof_page, _, _) = app.get_as(token, &format!("/proofs/{}", a.proof.0)).await;
    let (_, _, batch) = app.get_as(token, "/proofs/batch?from=2026-10-01&to=2026-12-31").await;
    let (export_status, _, _) = app
        .get_file(token, &format!("/exports/volunteers?area={TOWN}&period=2026-11"))
        .await;
    StaffView {
        record,
        no_shows,
        sessions,
        care,
        may_name_for_elder,
        organisations,
        statement,
        proofs,
        inbox,
        overview,
        proof_page,
        batch_holds_proof: batch.contains(&a.proof.1),
        export_status,
    }
}

/// Every write naming town A's visitor, elder, correction or organisations, as `token`:
/// the error code of each (`None`: it was done).
async fn staff_writes(app: &TestApp, token: &str, a: &TownA, account: &str) -> Vec<(&'static str, Option<String>)> {
    let c = app.with(token);
    let at = (tanfang_e2e::now() - TimeDelta::hours(1)).to_rfc3339();
    let care = uuid::Uuid::new_v4().to_string();
    let attempts: [(&'static str, &str, Value); 9] = [
        ("restore", RESTORE, json!({ "v": a.visitor_id })),
        ("commend", COMMEND, json!({ "v": a.visitor_id })),
        ("evaluate", EVALUATE, json!({ "v": a.visitor_id })),
        ("train", TRAIN, json!({ "v": a.visitor_id })),
        (
            "care",
            RECORD_CARE,
            json!({ "id": care, "e": a.elder, "p": a.visitor_id, "at": at }),
        ),
        ("proof", ISSUE, json!({ "v": a.visitor_id })),
        ("decide", DECIDE, json!({ "id": a.correction })),
        ("member", MEMBER, json!({ "o": a.provider, "u": account })),
        ("add", ADD, json!({ "o": a.team, "a": "visitor1" })),
    ];
    let mut out = Vec::new();
    for (what, query, variables) in attempts {
        let answer = c.graphql(query, variables).await;
        out.push((what, error_code(&answer)));
    }
    out
}

async fn another_towns_staff_reach_nothing_of_this_towns_volunteers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = town_a(&app).await;
    let b = second_town(&app, &a.admin).await;

    // The town's own organizer reads every object: the checks below can fail.
    let own = staff_view(&app, &a.organizer, &a).await;
    let record = own.record.as_ref().expect("the organizer reads V's record");
    assert!(ids(&record["trainings"]).contains(&a.session), "{record:#}");
    assert_eq!(record["commendations"].as_array().map(Vec::len), Some(1));
    assert_eq!(record["evaluations"].as_array().map(Vec::len), Some(1));
    assert_eq!(own.no_shows, [a.visitor_id.as_str()]);
    assert!(own.sessions.contains(&a.session));
    assert_eq!(own.care, Some(vec![a.care.to_string()]));
    assert!(own.may_name_for_elder);
    let orgs = own.organisations.as_ref().expect("listed");
    assert!(orgs.contains(&a.provider) && orgs.contains(&a.team), "{orgs:?}");
    assert!(own.statement);
    assert_eq!(own.proofs, [a.proof.0.as_str()]);
    assert_eq!(own.inbox, [a.correction.as_str()]);
    assert!(own.overview.as_ref().is_some_and(|o| o.contains(&a.visitor_id)));
    assert_eq!(own.proof_page, 200);
    assert!(own.batch_holds_proof);
    assert_eq!(own.export_status, 200);

    // Another town's organizer and village staff: nothing of it, by any path.
    for token in [&b.organizer, &b.staff] {
        let seen = staff_view(&app, token, &a).await;
        assert!(seen.record.is_none(), "{:?}", seen.record);
        assert!(!seen.no_shows.contains(&a.visitor_id), "{:?}", seen.no_shows);
        assert!(!seen.sessions.contains(&a.session), "{:?}", seen.sessions);
        assert_eq!(seen.care, None);
        assert!(!seen.may_name_for_elder);
        assert!(
            seen.organisations.as_ref().is_none_or(|o| o.is_empty()),
            "{:?}",
            seen.organisations
        );
        assert!(!seen.statement);
        assert!(seen.proofs.is_empty(), "{:?}", seen.proofs);
        assert!(seen.inbox.is_empty(), "{:?}", seen.inbox);
        assert_eq!(seen.overview, None);
        assert!(matches!(seen.proof_page, 403 | 404), "{}", seen.proof_page);
        assert!(!seen.batch_holds_proof);
        assert!(matches!(seen.export_status, 403 | 404), "{}", seen.export_status);
        // Their own lists of their own town hold nothing of town A.
        let theirs = app.with(token).graphql(OVERVIEW, json!({ "a": TOWN_B })).await;
        assert!(
            !ids(&theirs["data"]["volunteerOverview"]).contains(&a.visitor_id),
            "{theirs:#}"
        );
        let (_, seal) = app.get_bytes(token, "/seal").await;
        let (_, own_seal) = app.get_bytes(&a.organizer, "/seal").await;
        assert_ne!(seal, own_seal, "another office reads its own seal, not this town's");

        // Every write naming town A's objects is refused and writes nothing.
        let before = row_counts(&app, &TABLES);
        for (what, code) in staff_writes(&app, token, &a, &b.visitor_id).await {
            assert!(code.is_some(), "{what} was done by another town's staff");
        }
        assert_eq!(row_counts(&app, &TABLES), before);
    }

    // Another district's admin cannot put this town's provider under contract in their district,
    // nor read the contract's statement.
    let other_district = app.bootstrap("500113", "江北区", "admin.jb").await;
    let before = row_counts(&app, &TABLES);
    let signed = app
        .with(&other_district)
        .graphql(SIGN, json!({ "o": a.provider, "a": "500113" }))
        .await;
    assert_eq!(error_code(&signed).as_deref(), Some("NOT_FOUND"), "{signed:#}");
    let read = app
        .with(&other_district)
        .graphql(STATEMENT, json!({ "c": a.contract }))
        .await;
    assert_eq!(error_code(&read).as_deref(), Some("NOT_FOUND"), "{read:#}");
    assert_eq!(row_counts(&app, &TABLES), before);

    // The town's own organizer does the same writes (but the provider's membership, already
    // there): a control that the refusals above come from the scope.
    let done = staff_writes(&app, &a.organizer, &a, &a.team_admin_id).await;
    let refused: Vec<_> = done.iter().filter(|(_, code)| code.is_some()).collect();
    assert!(
        refused
            .iter()
            .all(|(what, _)| ["add", "train", "commend", "evaluate"].contains(what)),
        "{refused:?}"
    );
}
per_backend!(another_towns_staff_reach_nothing_of_this_towns_volunteers);

async fn other_visitors_reach_nothing_of_a_visitors_record(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = town_a(&app).await;
    let b = second_town(&app, &a.admin).await;

    // V's own record, as the control.
    let mine = "{ myVolunteerRecord { trainings { id } commendations { title } evaluations { period } }
        myNoShows { noShows { windowTo } }
        myServiceRecord(from: \"2026-10-01\", to: \"2026-11-18\") { recordId content }
        myServiceProofs { id } myCareServices { id }
        myOrganisations { isAdmin organisation { id members { userId } contracts { id } } } }";
    let v = app.with(&a.visitor).ok(mine, json!({})).await;
    assert!(ids(&v["myVolunteerRecord"]["trainings"]).contains(&a.session), "{v:#}");
    assert_eq!(v["myNoShows"]["noShows"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["myServiceRecord"].as_array().map(Vec::len), Some(2), "{v:#}");
    assert_eq!(ids(&v["myServiceProofs"]), [a.proof.0.as_str()]);
    assert_eq!(ids(&v["myCareServices"]), [a.care.as_str()]);
    assert_eq!(v["myOrganisations"][0]["organisation"]["id"], json!(a.provider));
    assert_eq!(
        ids(&v["myOrganisations"][0]["organisation"]["contracts"]),
        [a.contract.as_str()]
    );

    // The same questions, from the other team's admin in town A and from town B's visitor.
    for (who, token) in [("team admin", &a.team_admin), ("town B", &b.visitor)] {
        let theirs = app.with(token).ok(mine, json!({})).await;
        let text = theirs.to_string();
        for object in [
            &a.session,
            &a.care,
            &a.proof.0,
            &a.record,
            &a.contract,
            &a.provider,
            &a.visitor_id,
        ] {
            assert!(!text.contains(object.as_str()), "{who} reaches {object}: {theirs:#}");
        }
        assert_eq!(theirs["myNoShows"]["noShows"], json!([]), "{who}");

        // Naming V's objects directly: refused, and nothing written.
        let before = row_counts(&app, &TABLES);
        let c = app.with(token);
        let attempts = [
            (VOLUNTEER_RECORD, json!({ "v": a.visitor_id })),
            (STATEMENT, json!({ "c": a.contract })),
            (ORGANISATIONS, json!({ "a": TOWN })),
            (REQUEST, json!({ "r": a.record })),
            (DECIDE, json!({ "id": a.correction })),
            (MEMBER, json!({ "o": a.provider, "u": a.team_admin_id })),
            (ADD, json!({ "o": a.provider, "a": "visitor2" })),
            (CARE, json!({ "e": a.elder })),
            (RESTORE, json!({ "v": a.visitor_id })),
        ];
        for (query, variables) in attempts {
            let answer = c.graphql(query, variables.clone()).await;
            assert!(
                error_code(&answer).is_some(),
                "{who}: {query} {variables} answered {answer:#}"
            );
        }
        assert_eq!(row_counts(&app, &TABLES), before, "{who}");
        let (status, _, _) = app.get_as(token, &format!("/proofs/{}", a.proof.0)).await;
        assert!(matches!(status, 403 | 404), "{who}: the proof page answered {status}");
    }

    // The team's admin manages the team, and only it: its members, not the provider's.
    let team = app.with(&a.team_admin).ok(mine, json!({})).await["myOrganisations"].clone();
    assert_eq!(team[0]["organisation"]["id"], json!(a.team));
    assert_eq!(
        team[0]["organisation"]["members"],
        json!([{ "userId": a.team_admin_id }])
    );
}
per_backend!(other_visitors_reach_nothing_of_a_visitors_record);
