//! 志愿者概况 (issue #20, 6.) over HTTP on both backends: per visitor of an area, the visits,
//! minutes, care given, no-shows and training of a period, sorted as asked and downloaded as a
//! sheet; another town's organizer reads none of it. An organisation's admin reads the same of
//! its members, and a plain member does not.

use serde_json::{json, Value};
use tanfang::service::no_shows::mark_no_shows;
use tanfang_e2e::town::{self, claims_ending_yesterday, district, visit_by, TOWN, VILLAGE};
use tanfang_e2e::{count, per_backend, Backend, TestApp};

const OVERVIEW: &str = "query($a: String!, $p: String!, $s: VolunteerSort) {
    volunteerOverview(areaCode: $a, period: $p, sortBy: $s) { visitorId visits minutes careServices noShows trainings trainingMinutes lastActive } }";
const MEMBERS: &str = "query($o: String!, $p: String!) {
    organisationOverview(organisationId: $o, period: $p) { visitorId visits minutes noShows trainings } }";
const REVIEW: &str = "mutation($id: String!, $v: Int!) {
    reviewVisitRecord(id: $id, decision: ACCEPT, version: $v) { status } }";
const CARE: &str = "mutation($id: String!, $e: String!, $p: String!, $at: DateTime!) {
    recordCareService(id: $id, elderId: $e, kind: HAIRCUT, providerId: $p, givenAt: $at, minutes: 30,
        confirmation: CONFIRMED_BY_PHONE) { created } }";

fn row<'a>(rows: &'a Value, visitor: &str) -> &'a Value {
    rows.as_array()
        .and_then(|r| r.iter().find(|r| r["visitorId"] == visitor))
        .unwrap_or(&Value::Null)
}

async fn the_overview_counts_each_visitors_period_and_downloads(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    // A visits twice (40 minutes each, accepted); B misses two claimed visits and gives a haircut.
    let (a, a_token) = town::visitor(&app, &organizer, 1, 20, false).await;
    let (b, b_token) = town::visitor(&app, &organizer, 2, 20, false).await;
    for hours_ago in [3, 5] {
        let (record, version) = visit_by(&app, &organizer, &a, hours_ago).await;
        app.with(&organizer)
            .ok(REVIEW, json!({ "id": record, "v": version }))
            .await;
    }
    let (_, elders) = claims_ending_yesterday(&app, &organizer, &b_token, (2, 3), &[0, 1, 2, 3]).await;
    assert_eq!(app.as_system("no shows", mark_no_shows), 2);
    let at = (tanfang_e2e::now() - chrono::TimeDelta::hours(1)).to_rfc3339();
    app.with(&organizer)
        .ok(
            CARE,
            json!({ "id": uuid::Uuid::new_v4().to_string(), "e": elders[0], "p": b, "at": at }),
        )
        .await;

    // A attended a 90-minute training in November.
    app.with(&organizer)
        .ok(
            "mutation($v: String!) { recordTrainingSession(input: { topic: \"入户安全\", heldOn: \"2026-11-10\",
                minutes: 90, place: \"镇政府三楼\", attendeeIds: [$v] }) { id } }",
            json!({ "v": a }),
        )
        .await;

    let vars = |sort: &str| json!({ "a": VILLAGE, "p": "2026-11", "s": sort });
    let by_visits = app.with(&organizer).ok(OVERVIEW, vars("VISITS")).await["volunteerOverview"].clone();
    assert_eq!(by_visits[0]["visitorId"], a, "the most visits first: {by_visits:#}");
    let (ra, rb) = (row(&by_visits, &a), row(&by_visits, &b));
    assert_eq!(
        (
            &ra["visits"],
            &ra["minutes"],
            &ra["careServices"],
            &ra["noShows"],
            &ra["trainings"],
            &ra["trainingMinutes"]
        ),
        (&json!(2), &json!(80.0), &json!(0), &json!(0), &json!(1), &json!(90))
    );
    assert_eq!(
        (
            &rb["visits"],
            &rb["minutes"],
            &rb["careServices"],
            &rb["noShows"],
            &rb["trainings"]
        ),
        (&json!(0), &json!(30.0), &json!(1), &json!(2), &json!(0))
    );
    assert!(ra["lastActive"].is_string() && rb["lastActive"].is_string());
    let by_no_shows = app.with(&organizer).ok(OVERVIEW, vars("NO_SHOWS")).await["volunteerOverview"].clone();
    assert_eq!(by_no_shows[0]["visitorId"], b);
    let by_training = app.with(&organizer).ok(OVERVIEW, vars("TRAININGS")).await["volunteerOverview"].clone();
    assert_eq!(by_training[0]["visitorId"], a);
    // The next month has nothing of this one.
    let december = app
        .with(&organizer)
        .ok(OVERVIEW, json!({ "a": VILLAGE, "p": "2026-12" }))
        .await["volunteerOverview"]
        .clone();
    assert_eq!(row(&december, &a)["visits"], 0);

    // The sheet: the same rows, audited.
    let (status, disposition, csv) = app
        .get_as(
            &organizer,
            &format!("/exports/volunteers?area={TOWN}&period=2026-11&format=csv"),
        )
        .await;
    assert_eq!(status, 200, "{csv}");
    assert!(disposition.is_some_and(|d| d.contains(".csv")));
    assert!(
        csv.contains("未到（次）") && csv.contains("服务时长（分钟）") && csv.contains("培训（次）"),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.contains(",2,80,0,0,1,")), "A's row: {csv}");
    assert!(csv.lines().any(|l| l.contains(",0,30,1,2,0,")), "B's row: {csv}");

    // A team whose admin is A and member B: A reads and downloads its members' period, as the
    // organizer does; B, a plain member, reads neither.
    let team = app
        .with(&organizer)
        .ok(
            "mutation($a: String!) { createOrganisation(kind: VOLUNTEER_TEAM, name: \"青年志愿服务队\", areaCode: $a) { id } }",
            json!({ "a": TOWN }),
        )
        .await["createOrganisation"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    for (member, admin) in [(&a, true), (&b, false)] {
        app.with(&organizer)
            .ok(
                "mutation($o: String!, $u: String!, $admin: Boolean) {
                    setOrganisationMember(organisationId: $o, userId: $u, member: true, admin: $admin) { userId } }",
                json!({ "o": team, "u": member, "admin": admin }),
            )
            .await;
    }
    let members = app
        .with(&a_token)
        .ok(MEMBERS, json!({ "o": team, "p": "2026-11" }))
        .await["organisationOverview"]
        .clone();
    assert_eq!(members.as_array().map(Vec::len), Some(2), "{members:#}");
    assert_eq!(
        (&row(&members, &a)["visits"], &row(&members, &a)["trainings"]),
        (&json!(2), &json!(1))
    );
    assert_eq!(row(&members, &b)["noShows"], 2);
    let sheet = format!("/exports/volunteers?organisation={team}&period=2026-11&format=csv");
    let (status, _, csv) = app.get_as(&a_token, &sheet).await;
    assert_eq!(status, 200, "{csv}");
    assert!(csv.lines().any(|l| l.contains(",2,80,0,0,1,")), "A's row: {csv}");
    let refused = app
        .with(&b_token)
        .graphql(MEMBERS, json!({ "o": team, "p": "2026-11" }))
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "NOT_FOUND", "{refused:#}");
    let (status, _, _) = app.get_as(&b_token, &sheet).await;
    assert_eq!(status, 404);
    assert!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'export%' AND after_json LIKE '%volunteers%'"
        ) >= 1
    );

    // Another town's organizer reads none of it.
    let other = town::second_town(&app, &admin).await.organizer;
    let answer = app.with(&other).graphql(OVERVIEW, vars("VISITS")).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
    let (status, _, _) = app
        .get_as(
            &other,
            &format!("/exports/volunteers?area={TOWN}&period=2026-11&format=csv"),
        )
        .await;
    assert_eq!(status, 403);
}
per_backend!(the_overview_counts_each_visitors_period_and_downloads);
