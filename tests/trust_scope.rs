//! Scope over every nested path (#14 items 1 and 9): what each role reaches from its own
//! objects — record → cases → follow-ups, elder → history, case → referrals and
//! notifications, spot check → record — and what another town reaches of this one. Every full
//! read of someone else's record is audited, whichever path it came by.

use chrono::TimeDelta;
use serde_json::{json, Value};
use tanfang::domain::period::Month;
use tanfang_e2e::images::jpeg;
use tanfang_e2e::town::{claim_todays_slot, district, key_elder, second_town, staff, visitor, TOWN, VILLAGE};
use tanfang_e2e::{count, error_code, per_backend, Backend, TestApp};

/// Everything of a record a nested path could leak.
const RECORD_FIELDS: &str = "id visitorId full body signals { kind }";

/// A record in the shared format, confirmed by the elder's signature: `visitor` = (id, name)
/// visits, `entered_by` enters it; `extra` is merged in (sections that raise risks).
#[allow(clippy::too_many_arguments)]
async fn record(
    app: &TestApp,
    token: &str,
    elder: &str,
    visitor: (&str, &str),
    entered_by: (&str, &str),
    mode: &str,
    minutes_ago: i64,
    extra: Value,
) -> Value {
    let (status, signature) = app
        .upload_photo(Some(token), "image/jpeg", jpeg(minutes_ago as u8))
        .await;
    assert_eq!(status, 201, "{signature}");
    let end = tanfang_e2e::now() - TimeDelta::minutes(minutes_ago);
    let start = end - TimeDelta::minutes(20);
    let at = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
            .to_rfc3339()
    };
    let person = |p: (&str, &str)| json!({ "id": p.0, "name": p.1 });
    let mut r = json!({
        "formatVersion": "1.0.0",
        "submissionId": uuid::Uuid::new_v4().to_string(),
        "elderId": elder,
        "startedAt": at(start),
        "endedAt": at(end),
        "mode": mode,
        "visitor": person(visitor),
        "health": { "mobility": { "scale": "change", "value": "unchanged" } },
        "confirmation": {
            "visitor": { "confirmedAt": at(end) },
            "elder": { "method": "signature", "confirmedAt": at(end),
                       "signature": { "ref": signature["ref"], "sha256": signature["sha256"], "contentType": "image/jpeg" } },
            "enteredBy": { "person": person(entered_by), "enteredAt": at(end) }
        }
    });
    if let (Some(r), Some(extra)) = (r.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            r.insert(k.clone(), v.clone());
        }
    }
    r
}

const SUBMIT: &str = "mutation($r: String!) { submitVisitRecord(record: $r) { created
    record { id full body cases { id kind followUps { id visitorId full body signals { kind } } } } } }";

async fn submit(app: &TestApp, token: &str, r: &Value) -> Value {
    app.with(token).ok(SUBMIT, json!({ "r": r.to_string() })).await["submitVisitRecord"].clone()
}

/// Every record object anywhere in an answer (any object with `visitorId` and `full`).
fn records_in(answer: &Value, out: &mut Vec<Value>) {
    match answer {
        Value::Object(map) => {
            if map.contains_key("visitorId") && map.contains_key("full") {
                out.push(answer.clone());
            }
            map.values().for_each(|v| records_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| records_in(v, out)),
        _ => {}
    }
}

/// Asserts that no record in `answer` written by someone other than `me` comes back in full
/// (no body, no signals), and returns how many records it held.
fn no_full_record_of_others(answer: &Value, me: &str, path: &str) -> usize {
    let mut found = Vec::new();
    records_in(answer, &mut found);
    for r in &found {
        if r["visitorId"] != me {
            assert_eq!(r["full"], false, "{path}: another's record in full: {r:#}");
            assert!(r["body"].is_null(), "{path}: another's record body: {r:#}");
            assert_eq!(r["signals"], json!([]), "{path}: another's signals: {r:#}");
        }
    }
    found.len()
}

fn reads_of(app: &TestApp, actor: &str, record: &str) -> i64 {
    count(
        &mut app.db.connect(),
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.read' AND actor_id = '{actor}' AND object_id = '{record}'"
        ),
    )
}

fn reads_by(app: &TestApp, actor: &str) -> i64 {
    count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.read' AND actor_id = '{actor}'"),
    )
}

async fn id_of(app: &TestApp, token: &str) -> (String, String) {
    let me = app.with(token).ok("query { me { id displayName } }", json!({})).await;
    (
        me["me"]["id"].as_str().expect("id").to_string(),
        me["me"]["displayName"].as_str().expect("name").to_string(),
    )
}

async fn nested_paths_reach_nothing_outside_the_callers_scope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let b = second_town(&app, &admin).await;
    let (staff_id, village_staff) = staff(&app, &organizer, "staff.a", "VILLAGE_STAFF", VILLAGE).await;
    let (org_id, org_name) = id_of(&app, &organizer).await;
    let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 1).await;
    let slot = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;

    // The volunteer's own record finds an unsafe home: a case opens (owned by the town).
    let unsafe_home = json!({ "safety": { "electricity": { "scale": "safety", "value": "unsafe" } } });
    let me = (volunteer_id.as_str(), "志愿者");
    let mut own = record(&app, &volunteer, &elder, me, me, "in_person", 300, unsafe_home.clone()).await;
    own["slotId"] = json!(slot);
    let stored = submit(&app, &volunteer, &own).await;
    let own_id = stored["record"]["id"].as_str().expect("id").to_string();
    assert_eq!(stored["record"]["full"], true, "her own record, in full");
    // The safe choice: a volunteer does not read cases (not even her own record's).
    assert_eq!(
        stored["record"]["cases"],
        json!([]),
        "submitVisitRecord{{record{{cases}}}}"
    );

    // Later records of the elder by other people become the case's follow-ups: the village
    // staff's paper record, the organizer's phone visit (with a fraud signal: 5 minutes).
    let (_, staff_name) = id_of(&app, &village_staff).await;
    let paper = record(
        &app,
        &village_staff,
        &elder,
        (&staff_id, &staff_name),
        (&staff_id, &staff_name),
        "in_person",
        200,
        unsafe_home.clone(),
    )
    .await;
    let paper_id = submit(&app, &village_staff, &paper).await["record"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let phone = record(
        &app,
        &organizer,
        &elder,
        (&org_id, &org_name),
        (&org_id, &org_name),
        "phone",
        100,
        json!({}),
    )
    .await;
    let phone_id = submit(&app, &organizer, &phone).await["record"]["id"]
        .as_str()
        .expect("id")
        .to_string();

    // The town's board has the case, with both follow-ups, in full for the organizer.
    let board = app
        .with(&organizer)
        .ok(
            "query($a: String!) { riskCases(areaCode: $a) { id version elderId recordId } }",
            json!({ "a": TOWN }),
        )
        .await;
    let case = board["riskCases"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["recordId"] == own_id.as_str()))
        .expect("the case of her record")
        .clone();
    let case_id = case["id"].as_str().expect("id").to_string();

    // Fields no Rust test called before: assignCase, addReferral, updateReferral, myCases,
    // riskCase.
    let assigned = app
        .with(&organizer)
        .ok(
            "mutation($id: String!, $o: String!, $v: Int!) { assignCase(id: $id, ownerId: $o, version: $v) { ownerId version } }",
            json!({ "id": case_id, "o": staff_id, "v": case["version"] }),
        )
        .await;
    assert_eq!(assigned["assignCase"]["ownerId"], staff_id.as_str());
    let referral = app
        .with(&village_staff)
        .ok(
            "mutation($c: String!, $v: Int!) { addReferral(caseId: $c, target: LEGAL_AID, detail: \"电线老化，请供电所上门\", urgent: false, caseVersion: $v) { id status version } }",
            json!({ "c": case_id, "v": assigned["assignCase"]["version"] }),
        )
        .await;
    let referral_id = referral["addReferral"]["id"].as_str().expect("id").to_string();
    assert_eq!(referral["addReferral"]["status"], "REQUESTED");
    let moved = app
        .with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!) { updateReferral(id: $id, status: ACCEPTED, note: \"已接收\", version: $v) { status statusNote } }",
            json!({ "id": referral_id, "v": referral["addReferral"]["version"] }),
        )
        .await;
    assert_eq!(moved["updateReferral"]["status"], "ACCEPTED");
    let mine = app
        .with(&village_staff)
        .ok("query { myCases { id ownerId } }", json!({}))
        .await;
    assert_eq!(
        mine["myCases"][0]["id"],
        case_id.as_str(),
        "the staff member owns it now"
    );
    let full_case = format!(
        "query($id: String!) {{ riskCase(id: $id) {{ id kind followUps {{ {RECORD_FIELDS} }}
            referrals {{ id status }} notifications {{ channel recipientKind }} }} }}"
    );
    let seen = app.with(&organizer).ok(&full_case, json!({ "id": case_id })).await;
    let follow_ups: Vec<&str> = seen["riskCase"]["followUps"]
        .as_array()
        .expect("follow-ups")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(follow_ups, [paper_id.as_str(), phone_id.as_str()]);
    assert!(seen["riskCase"]["followUps"]
        .as_array()
        .expect("follow-ups")
        .iter()
        .all(|r| r["full"] == true && r["body"].is_string()));
    assert_eq!(seen["riskCase"]["referrals"][0]["status"], "ACCEPTED");
    assert!(!seen["riskCase"]["notifications"].as_array().expect("n").is_empty());
    // The organizer read the village staff's record in full through a nested path: audited.
    assert_eq!(
        reads_of(&app, &org_id, &paper_id),
        1,
        "followUps is audited like visitRecord"
    );

    // --- the volunteer: her own record in full, nobody else's by any path ----------------------
    let before = reads_by(&app, &volunteer_id);
    let nested = format!(
        "query($id: String!) {{ visitRecord(id: $id) {{ {RECORD_FIELDS}
            cases {{ id followUps {{ {RECORD_FIELDS} }} referrals {{ id }} notifications {{ body }} }} }} }}"
    );
    let answer = app.with(&volunteer).graphql(&nested, json!({ "id": own_id })).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(answer["data"]["visitRecord"]["full"], true);
    assert_eq!(
        answer["data"]["visitRecord"]["cases"],
        json!([]),
        "no cases for a volunteer"
    );
    no_full_record_of_others(&answer, &volunteer_id, "visitRecord → cases → followUps");
    for other in [&paper_id, &phone_id] {
        let answer = app.with(&volunteer).graphql(&nested, json!({ "id": other })).await;
        assert_eq!(answer["data"]["visitRecord"]["full"], false, "{answer:#}");
        assert_eq!(answer["data"]["visitRecord"]["cases"], json!([]));
        no_full_record_of_others(&answer, &volunteer_id, "visitRecord(other)");
    }
    let list = format!(
        "query {{ visitRecords(mine: true) {{ edges {{ node {{ {RECORD_FIELDS}
            cases {{ followUps {{ {RECORD_FIELDS} }} }} }} }} }} }}"
    );
    let answer = app.with(&volunteer).ok(&list, json!({})).await;
    assert_eq!(
        no_full_record_of_others(&answer, &volunteer_id, "visitRecords(mine)"),
        1
    );
    let history = format!(
        "query($e: String!) {{ elderVisitHistory(elderId: $e) {{ edges {{ node {{ {RECORD_FIELDS}
            cases {{ followUps {{ {RECORD_FIELDS} }} }} }} }} }} }}"
    );
    let answer = app.with(&volunteer).ok(&history, json!({ "e": elder })).await;
    assert_eq!(
        no_full_record_of_others(&answer, &volunteer_id, "elderVisitHistory"),
        3,
        "her record in full, the two others as summaries"
    );
    for (query, vars) in [
        (full_case.as_str(), json!({ "id": case_id })),
        ("query { myCases { id } }", json!({})),
    ] {
        let refused = app.with(&volunteer).graphql(query, vars).await;
        assert_eq!(error_code(&refused).as_deref(), Some("FORBIDDEN"), "{refused:#}");
        no_full_record_of_others(&refused, &volunteer_id, query);
    }
    assert_eq!(
        reads_by(&app, &volunteer_id),
        before,
        "she read nobody else's record in full"
    );

    // --- the village staff: every path to a record is audited the same way --------------------
    let answer = app.with(&village_staff).ok(&nested, json!({ "id": own_id })).await;
    assert_eq!(answer["visitRecord"]["cases"][0]["id"], case_id.as_str());
    assert_eq!(reads_of(&app, &staff_id, &own_id), 1, "visitRecord is audited");
    assert_eq!(reads_of(&app, &staff_id, &phone_id), 1, "cases → followUps is audited");
    assert_eq!(reads_of(&app, &staff_id, &paper_id), 0, "her own record is not");
    let answer = app.with(&village_staff).ok(&history, json!({ "e": elder })).await;
    let mut found = Vec::new();
    records_in(&answer, &mut found);
    assert!(
        found.iter().all(|r| r["full"] == true),
        "staff read the village's records in full"
    );
    assert_eq!(
        reads_of(&app, &staff_id, &own_id),
        2,
        "elderVisitHistory audits each full read"
    );

    // --- the other town: nothing of this one, by any path -------------------------------------
    let month = Month::of(tanfang_e2e::today()).to_string();
    let refusals: Vec<(&str, Value)> = vec![
        (&nested, json!({ "id": own_id })),
        (&full_case, json!({ "id": case_id })),
        (
            "mutation($id: String!) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: \"越权\", version: 1) { status } }",
            json!({ "id": paper_id }),
        ),
        (
            "mutation($id: String!, $o: String!) { assignCase(id: $id, ownerId: $o, version: 2) { id } }",
            json!({ "id": case_id, "o": b.organizer_id }),
        ),
        (
            "mutation($c: String!) { addReferral(caseId: $c, target: LEGAL_AID, detail: \"越权\", caseVersion: 2) { id } }",
            json!({ "c": case_id }),
        ),
        (
            "mutation($id: String!) { updateReferral(id: $id, status: COMPLETED, version: 2) { id } }",
            json!({ "id": referral_id }),
        ),
        (
            "query($u: String!) { visitorProfile(userId: $u) { userId } }",
            json!({ "u": volunteer_id }),
        ),
        (
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a) { id } }",
            json!({ "m": month, "a": TOWN }),
        ),
        (
            "query($a: String!) { visitRecords(areaCode: $a) { edges { node { id } } } }",
            json!({ "a": TOWN }),
        ),
        (
            "query($a: String!) { riskCases(areaCode: $a) { id } }",
            json!({ "a": TOWN }),
        ),
        (
            "mutation($c: String!) { updateArea(code: $c, name: \"改名\") { code } }",
            json!({ "c": TOWN }),
        ),
    ];
    for (query, vars) in refusals {
        let answer = app.with(&b.organizer).graphql(query, vars).await;
        let code = error_code(&answer);
        let data_empty = answer["data"]
            .as_object()
            .is_none_or(|d| d.values().all(Value::is_null));
        let refused = matches!(code.as_deref(), Some("NOT_FOUND" | "FORBIDDEN"));
        assert!(refused && data_empty, "town B reached town A: {query}\n{answer:#}");
    }
    let history_b = app.with(&b.organizer).graphql(&history, json!({ "e": elder })).await;
    let mut found = Vec::new();
    records_in(&history_b, &mut found);
    assert!(
        found.is_empty(),
        "elderVisitHistory of another town's elder: {history_b:#}"
    );
    let mine_b = app.with(&b.organizer).ok("query { myCases { id } }", json!({})).await;
    assert_eq!(mine_b["myCases"], json!([]));
    // Its own records are still its own (and in full).
    let own_b = app.with(&b.organizer).ok(&nested, json!({ "id": b.record })).await;
    assert_eq!(own_b["visitRecord"]["full"], true, "{own_b:#}");
    let visitor_b = app.with(&b.visitor).graphql(&nested, json!({ "id": own_id })).await;
    assert_eq!(error_code(&visitor_b).as_deref(), Some("NOT_FOUND"), "{visitor_b:#}");
    let profile = app
        .with(&b.organizer)
        .ok(
            "query($u: String!) { visitorProfile(userId: $u) { userId capacityPerMonth } }",
            json!({ "u": b.visitor_id }),
        )
        .await;
    assert_eq!(profile["visitorProfile"]["capacityPerMonth"], 10);
    let renamed = app
        .with(&b.organizer)
        .ok(
            "mutation($c: String!) { updateArea(code: $c, name: \"乙镇\") { code name } }",
            json!({ "c": tanfang_e2e::town::TOWN_B }),
        )
        .await;
    assert_eq!(renamed["updateArea"]["name"], "乙镇");

    // --- slots, profiles, ledger accounts and photos by id (db/scope.rs) -----------------------
    let by_id: Vec<(&str, Value)> = vec![
        (
            "mutation($s: String!) { requireProfessional(slotId: $s, needed: true) { id needsProfessional } }",
            json!({ "s": slot }),
        ),
        (
            "mutation($s: String!, $v: String!) { assignSlot(slotId: $s, visitorId: $v) { id } }",
            json!({ "s": slot, "v": b.visitor_id }),
        ),
    ];
    for (query, vars) in by_id {
        let answer = app.with(&b.organizer).graphql(query, vars).await;
        assert_eq!(
            error_code(&answer).as_deref(),
            Some("NOT_FOUND"),
            "town B reached town A's object by id: {query}\n{answer:#}"
        );
    }
    // (An elder outside scope is a field error here, "您的辖区内没有这位老人", not NOT_FOUND.)
    let care = app
        .with(&b.organizer)
        .graphql(
            "query($e: String!) { elderCareAccount(elderId: $e) { id } }",
            json!({ "e": elder }),
        )
        .await;
    assert!(
        care["data"]["elderCareAccount"].is_null() && error_code(&care).is_some(),
        "{care:#}"
    );
    let released = app
        .with(&b.visitor)
        .graphql(
            "mutation($s: String!) { releaseSlot(slotId: $s) { id } }",
            json!({ "s": slot }),
        )
        .await;
    assert_eq!(error_code(&released).as_deref(), Some("NOT_FOUND"), "{released:#}");
    // Town B's visitor cannot even learn that town A's slot exists by claiming it: outside
    // her claim area it is not found (inside, it would be "taken").
    let claimed = app
        .with(&b.visitor)
        .graphql(
            "mutation($s: String!) { claimSlot(slotId: $s) { id } }",
            json!({ "s": slot }),
        )
        .await;
    assert_eq!(error_code(&claimed).as_deref(), Some("NOT_FOUND"), "{claimed:#}");
    // Town A's organizer still may: the slot is hers.
    let marked = app
        .with(&organizer)
        .ok(
            "mutation($s: String!) { requireProfessional(slotId: $s, needed: false) { id needsProfessional } }",
            json!({ "s": slot }),
        )
        .await;
    assert_eq!(marked["requireProfessional"]["needsProfessional"], false);
    // A time bank for the volunteer and care accounts for both towns' elders.
    let opened: Vec<String> = {
        use tanfang::domain::ledger::AccountKey;
        let mut conn = app.db.connect();
        let at = tanfang_e2e::now().naive_utc();
        [
            AccountKey::TimeBank {
                user_id: volunteer_id.as_str().into(),
            },
            AccountKey::ElderCare {
                elder_id: elder.as_str().into(),
            },
            AccountKey::ElderCare {
                elder_id: b.elder.as_str().into(),
            },
        ]
        .iter()
        .map(|key| {
            tanfang::service::ledger::ensure_account(&mut conn, key, "500112", at)
                .expect("account")
                .into_string()
        })
        .collect()
    };
    let statement = "query($a: String!) { ledgerStatement(accountId: $a) { id } }";
    app.with(&volunteer).ok(statement, json!({ "a": opened[0] })).await;
    app.with(&organizer).ok(statement, json!({ "a": opened[1] })).await;
    app.with(&b.organizer).ok(statement, json!({ "a": opened[2] })).await;
    // Every ledger account that is neither town B's organizer's own nor the care account of
    // one of its elders (plain SQL) is missing for it.
    let accounts: Vec<String> = {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        let sql = format!(
            "SELECT a.id FROM ledger_accounts a LEFT JOIN elders e ON e.id = a.elder_id \
             WHERE COALESCE(a.user_id, '') <> '{}' AND COALESCE(e.village_code, '') NOT LIKE '{}%'",
            b.organizer_id,
            tanfang_e2e::town::TOWN_B
        );
        diesel::RunQueryDsl::load::<Id>(diesel::sql_query(sql), &mut app.db.connect())
            .expect("accounts")
            .into_iter()
            .map(|a| a.id)
            .collect()
    };
    assert!(!accounts.is_empty(), "town A has ledger accounts to try");
    for account in &accounts {
        let answer = app
            .with(&b.organizer)
            .graphql(
                "query($a: String!) { ledgerStatement(accountId: $a) { id } }",
                json!({ "a": account }),
            )
            .await;
        assert_eq!(
            error_code(&answer).as_deref(),
            Some("NOT_FOUND"),
            "{account}: {answer:#}"
        );
    }
    // Profiles: a volunteer reads no one else's; town A's organizer not town B's visitor's.
    let refused = app
        .with(&volunteer)
        .graphql(
            "query($u: String!) { visitorProfile(userId: $u) { userId } }",
            json!({ "u": b.visitor_id }),
        )
        .await;
    assert_eq!(error_code(&refused).as_deref(), Some("FORBIDDEN"), "{refused:#}");
    let refused = app
        .with(&organizer)
        .graphql(
            "query($u: String!) { visitorProfile(userId: $u) { userId } }",
            json!({ "u": b.visitor_id }),
        )
        .await;
    assert_eq!(error_code(&refused).as_deref(), Some("NOT_FOUND"), "{refused:#}");
    // The signature photo of the volunteer's record: hers and town A's staff's, not town B's.
    let sha = own["confirmation"]["elder"]["signature"]["sha256"]
        .as_str()
        .expect("signature sha")
        .to_string();
    let path = format!("/photos/{sha}");
    assert_eq!(app.get_as(&village_staff, &path).await.0, 200, "town A's staff see it");
    for (who, token) in [("town B's organizer", &b.organizer), ("town B's visitor", &b.visitor)] {
        assert_eq!(
            app.get_as(token, &path).await.0,
            404,
            "{who} must not see town A's photo"
        );
    }

    // --- the district: a spot check's record is read in full and audited ------------------------
    let (admin_id, _) = id_of(&app, &admin).await;
    let sample = app
        .with(&admin)
        .ok(
            &format!("mutation($m: String!) {{ drawSpotChecks(month: $m, perVisitor: 10) {{ id record {{ {RECORD_FIELDS} }} }} }}"),
            json!({ "m": month }),
        )
        .await;
    let sampled: Vec<&Value> = sample["drawSpotChecks"].as_array().expect("sample").iter().collect();
    assert!(
        sampled.iter().any(|s| s["record"]["id"] == own_id.as_str()),
        "{sample:#}"
    );
    assert!(sampled.iter().all(|s| s["record"]["full"] == true));
    assert_eq!(reads_of(&app, &admin_id, &own_id), 1, "spotCheck → record is audited");
}
per_backend!(nested_paths_reach_nothing_outside_the_callers_scope);
