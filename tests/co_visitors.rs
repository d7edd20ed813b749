//! 同行人员 in the volunteer service record (issue #20; 民政部令第67号) on both backends: a visit
//! counts for everyone who made it — the visitor of a paper record and the co-visitor it names,
//! the holder of a slot and the co-visitor the slot was claimed with. The co-visitor reads it
//! in their record (同行) with the minutes the ledger credited them (or the visit's minutes
//! when it credited them nothing), gets a proof for it, is counted in the volunteers'
//! overview, and may ask to correct their own minutes only; an account not named gets none of
//! it; a provider's statement counts a visit by two of its members once. The migration's
//! backfill, run again on the stored rows, finds the same people.

use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tanfang::domain::period::Month;
use tanfang_e2e::town::{
    self, district, elder_file, key_elder, open_slots, paper_record, register_visitor, TOWN, VILLAGE,
};
use tanfang_e2e::{count, error_fields, per_backend, time_bank_minutes, today, visit_record_finding, Backend, TestApp};

const SUBMIT: &str = "mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }";
const REVIEW: &str = "mutation($id: String!, $v: Int!) {
    reviewVisitRecord(id: $id, decision: ACCEPT, version: $v) { status } }";
const RECORD: &str = "query($f: LocalDate!, $t: LocalDate!) { myServiceRecord(from: $f, to: $t) {
    recordId content mode coVisit minutes mayCorrect } }";
const ISSUE: &str = "mutation($v: String!, $f: LocalDate!, $t: LocalDate!) {
    issueServiceProof(visitorId: $v, from: $f, to: $t) { services minutes content } }";
const OVERVIEW: &str = "query($a: String!) {
    volunteerOverview(areaCode: $a, period: \"2026-11\") { visitorId visits minutes } }";
const REQUEST: &str = "mutation($r: String!, $m: Int!, $why: String!) {
    requestServiceCorrection(recordId: $r, minutes: $m, reason: $why) { id recordedMinutes } }";
const DECIDE: &str = "mutation($id: String!) { decideServiceCorrection(id: $id, accept: true) { status } }";

fn period() -> Value {
    json!({ "f": (today() - TimeDelta::days(7)).to_string(), "t": today().to_string() })
}

/// Submits `record` as `token` and has the organizer accept it; returns its id.
async fn accepted(app: &TestApp, token: &str, organizer: &str, record: &Value) -> String {
    let stored =
        app.with(token).ok(SUBMIT, json!({ "r": record.to_string() })).await["submitVisitRecord"]["record"].clone();
    app.with(organizer)
        .ok(REVIEW, json!({ "id": stored["id"], "v": stored["version"] }))
        .await;
    stored["id"].as_str().expect("id").to_string()
}

/// `token`'s service record, sorted by record id (two visits, each found by its id).
async fn record_of(app: &TestApp, token: &str) -> Vec<Value> {
    app.with(token).ok(RECORD, period()).await["myServiceRecord"]
        .as_array()
        .expect("entries")
        .clone()
}

fn entry<'a>(entries: &'a [Value], record: &str) -> &'a Value {
    entries.iter().find(|e| e["recordId"] == record).unwrap_or(&Value::Null)
}

async fn a_visit_counts_for_each_person_who_made_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (holder, holder_token) = town::visitor(&app, &organizer, 1, 20, false).await;
    let (co, co_token) = town::visitor(&app, &organizer, 2, 20, false).await;
    let (stranger, stranger_token) = town::visitor(&app, &organizer, 3, 20, false).await;
    // A professional earns in no book (yubei-2024): their minutes are the visit's own.
    let born = NaiveDate::from_ymd_opt(1985, 5, 6).expect("date");
    let (pro, pro_token) = register_visitor(&app, Some(&organizer), "pro", born, 51, "PROFESSIONAL").await;

    // A paper record of a 40-minute phone call by the holder, naming the co-visitor and the
    // professional as 同行人员.
    let (elder, _) = elder_file(
        &app,
        &organizer,
        NaiveDate::from_ymd_opt(1940, 3, 3).expect("date"),
        9,
        tanfang::domain::id_number::Sex::Male,
    )
    .await;
    let mut paper = paper_record(
        &app,
        &organizer,
        &elder,
        &holder,
        tanfang_e2e::now() - TimeDelta::hours(3),
    )
    .await;
    paper["coVisitors"] = json!([{ "id": co, "name": "同行甲" }, { "id": pro, "name": "社工乙" }]);
    let paper_id = accepted(&app, &organizer, &organizer, &paper).await;

    // A slot the holder claims with the co-visitor; the holder's record of the 30-minute visit
    // names no one else (as the volunteer's form sends it).
    let key = key_elder(&app, &organizer, VILLAGE, 1).await;
    let slot = open_slots(&app, &organizer, Month::of(today()))
        .await
        .into_iter()
        .find(|s| s.elder == key && s.from <= today() && s.to >= today())
        .expect("a slot for today")
        .id;
    let claimed = app
        .with(&holder_token)
        .ok(
            "mutation($s: String!, $c: String) { claimSlot(slotId: $s, coVisitorId: $c) { coVisitorId } }",
            json!({ "s": slot, "c": co }),
        )
        .await;
    assert_eq!(claimed["claimSlot"]["coVisitorId"], co.as_str());
    let local = format!("{}T08:00:00", today());
    let visit = visit_record_finding(
        &app,
        &holder_token,
        &key,
        "IN_PERSON",
        &local,
        json!({ "slotId": slot }),
    )
    .await;
    let slot_visit = accepted(&app, &holder_token, &organizer, &visit).await;

    // The ledger credits everyone who made each visit and earns: the people the paper record
    // names (40 minutes each), and the holder and co-visitor of the slot (30 each).
    assert_eq!(time_bank_minutes(&app, &holder_token).await, 70.0);
    assert_eq!(time_bank_minutes(&app, &co_token).await, 70.0);

    // The holder reads both visits as theirs; the co-visitor reads both as 同行, with the
    // ledger's 40 minutes for the paper record and 30 for the slot, each theirs to correct.
    let holder_record = record_of(&app, &holder_token).await;
    assert_eq!(holder_record.len(), 2, "{holder_record:#?}");
    for (id, minutes) in [(&paper_id, 40.0), (&slot_visit, 30.0)] {
        let e = entry(&holder_record, id);
        assert_eq!(
            (&e["coVisit"], &e["minutes"]),
            (&json!(false), &json!(minutes)),
            "{e:#}"
        );
    }
    let co_record = record_of(&app, &co_token).await;
    assert_eq!(co_record.len(), 2, "{co_record:#?}");
    let (paper_entry, slot_entry) = (entry(&co_record, &paper_id), entry(&co_record, &slot_visit));
    assert_eq!(
        (
            &paper_entry["coVisit"],
            &paper_entry["content"],
            &paper_entry["minutes"],
            &paper_entry["mayCorrect"]
        ),
        (&json!(true), &json!("电话问候（同行）"), &json!(40.0), &json!(true))
    );
    assert_eq!(
        (
            &slot_entry["coVisit"],
            &slot_entry["content"],
            &slot_entry["minutes"],
            &slot_entry["mayCorrect"]
        ),
        (&json!(true), &json!("上门探访（同行）"), &json!(30.0), &json!(true))
    );
    let pro_record = record_of(&app, &pro_token).await;
    assert_eq!(pro_record.len(), 1, "{pro_record:#?}");
    assert_eq!(
        (&pro_record[0]["recordId"], &pro_record[0]["minutes"]),
        (&json!(paper_id), &json!(40.0))
    );
    assert!(record_of(&app, &stranger_token).await.is_empty());

    // A proof issued to the co-visitor counts both visits and says they went along; the
    // account named nowhere gets none.
    let mut vars = period();
    vars["v"] = json!(co);
    let proof = app.with(&organizer).ok(ISSUE, vars.clone()).await["issueServiceProof"].clone();
    assert_eq!(
        (&proof["services"], &proof["minutes"]),
        (&json!(2), &json!(70.0)),
        "{proof:#}"
    );
    let content = proof["content"].as_str().unwrap_or_default();
    assert!(
        content.contains("电话问候（同行） 1 次") && content.contains("上门探访（同行） 1 次"),
        "{content}"
    );
    vars["v"] = json!(stranger);
    let none = app.with(&organizer).graphql(ISSUE, vars).await;
    assert_eq!(error_fields(&none), ["from"], "{none:#}");

    // The volunteers' overview counts the visits for everyone who made them.
    let overview = app.with(&organizer).ok(OVERVIEW, json!({ "a": VILLAGE })).await["volunteerOverview"].clone();
    let row = |who: &str| {
        overview
            .as_array()
            .and_then(|r| r.iter().find(|r| r["visitorId"] == who))
            .map(|r| (r["visits"].clone(), r["minutes"].clone()))
    };
    assert_eq!(row(&holder), Some((json!(2), json!(70.0))), "{overview:#}");
    assert_eq!(row(&co), Some((json!(2), json!(70.0))));
    assert_eq!(row(&pro), Some((json!(1), json!(40.0))));
    assert_eq!(row(&stranger), Some((json!(0), json!(0.0))));

    // The co-visitor asks to correct their own minutes of the paper record: accepted, it moves
    // their hours only. The stranger cannot ask about a visit they did not make.
    let asked = app
        .with(&co_token)
        .ok(
            REQUEST,
            json!({ "r": paper_id, "m": 55, "why": "我比记录多待了一刻钟" }),
        )
        .await["requestServiceCorrection"]
        .clone();
    assert_eq!(asked["recordedMinutes"], 40.0);
    app.with(&organizer).ok(DECIDE, json!({ "id": asked["id"] })).await;
    assert_eq!(
        time_bank_minutes(&app, &co_token).await,
        85.0,
        "40 corrected to 55, and the slot's 30"
    );
    assert_eq!(time_bank_minutes(&app, &holder_token).await, 70.0);
    assert_eq!(entry(&record_of(&app, &co_token).await, &paper_id)["minutes"], 55.0);
    assert_eq!(entry(&record_of(&app, &holder_token).await, &paper_id)["minutes"], 40.0);
    let refused = app
        .with(&stranger_token)
        .graphql(REQUEST, json!({ "r": paper_id, "m": 55, "why": "我也去了" }))
        .await;
    assert_eq!(error_fields(&refused), ["recordId"], "{refused:#}");

    // A provider whose two members made the slot visit together counts it once.
    let org = app
        .with(&organizer)
        .ok(
            "mutation($a: String!) { createOrganisation(kind: INSTITUTION, name: \"康乐居家养老服务中心\", areaCode: $a) { id } }",
            json!({ "a": TOWN }),
        )
        .await["createOrganisation"]["id"]
        .clone();
    for member in [&holder, &co] {
        app.with(&organizer)
            .ok(
                "mutation($o: String!, $u: String!) { setOrganisationMember(organisationId: $o, userId: $u, member: true) { userId } }",
                json!({ "o": org, "u": member }),
            )
            .await;
    }
    let contract = app
        .with(&admin)
        .ok(
            "mutation($o: String!, $a: String!) { signServiceContract(organisationId: $o, areaCode: $a,
                startsOn: \"2026-11-01\", endsOn: \"2027-04-30\", promisedVisits: 120, promisedMinutes: 7200) { id } }",
            json!({ "o": org, "a": TOWN }),
        )
        .await["signServiceContract"]["id"]
        .clone();
    let statement = app
        .with(&organizer)
        .ok(
            "query($c: String!) { contractStatement(contractId: $c, month: \"2026-11\") { visits minutes elders } }",
            json!({ "c": contract }),
        )
        .await["contractStatement"]
        .clone();
    assert_eq!(statement, json!({ "visits": 2, "minutes": 70.0, "elders": 2 }));

    // The migration's backfill, run on these rows as if they were stored before it, finds the
    // holders, the slot's co-visitor and the co-visitor the ledger credited; the professional,
    // named only in the encrypted body and credited nothing, it cannot find (docs say so).
    let mut conn = app.db.connect();
    let people = |conn: &mut tanfang::db::DbConn| count(conn, "SELECT COUNT(*) AS n FROM visit_record_visitors");
    assert_eq!(people(&mut conn), 5);
    let up = match backend {
        Backend::Sqlite => include_str!("../migrations/sqlite/2026-12-13-000038_visit_record_visitors/up.sql"),
        Backend::Postgres => include_str!("../migrations/postgres/2026-12-13-000038_visit_record_visitors/up.sql"),
    };
    let backfill = &up[up.find("-- Backfill").expect("the backfill")..];
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        &format!("DELETE FROM visit_record_visitors;\n{backfill}"),
    )
    .expect("backfill");
    assert_eq!(people(&mut conn), 4);
    let co_rows = count(
        &mut conn,
        &format!("SELECT COUNT(*) AS n FROM visit_record_visitors WHERE visitor_id = '{co}' AND co = TRUE"),
    );
    assert_eq!(co_rows, 2);
    let pro_rows = count(
        &mut conn,
        &format!("SELECT COUNT(*) AS n FROM visit_record_visitors WHERE visitor_id = '{pro}'"),
    );
    assert_eq!(pro_rows, 0);
}

per_backend!(a_visit_counts_for_each_person_who_made_it);
