//! Visit records over HTTP on both backends: submission in the shared format (idempotent by
//! client id, refusals that name the field and write nothing), review and what it changes
//! (compliance, the elder file), risk cases with follow-ups and the outbox, fraud signals,
//! drafts and spot checks.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use serde_json::{json, Value};
use tanfang::domain::clock;
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::period::Month;
use tanfang_e2e::images::jpeg;
use tanfang_e2e::town::{claim_todays_slot, district, staff, visitor, DISTRICT, TOWN, VILLAGE, VILLAGE2};
use tanfang_e2e::{
    accepted_visit, count, error_code, error_fields, per_backend, row_counts, text, Backend, TestApp, PASSWORD,
};

const SUBMIT: &str = "mutation($r: String!) { submitVisitRecord(record: $r) { created
    record { id visitNo status version signals { kind otherRecordId } cases { kind severity } } } }";
const REVIEW: &str = "mutation($id: String!, $d: ReviewDecision!, $c: String, $v: Int!) {
    reviewVisitRecord(id: $id, decision: $d, comment: $c, version: $v) { status version } }";
const ISSUE_CODE: &str = "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }";
/// Tables a refused submission must leave as they were.
const WRITTEN: [&str; 7] = [
    "visit_records",
    "visits",
    "risk_cases",
    "outbox",
    "record_signals",
    "referrals",
    "case_follow_ups",
];

fn beijing(t: DateTime<Utc>) -> String {
    t.with_timezone(&FixedOffset::east_opt(8 * 3600).expect("offset"))
        .to_rfc3339()
}

/// A visit that ended 5 minutes ago (by the tests' clock) and lasted `minutes`. The tests'
/// clock stands mid-morning, so the visit lies inside today's slot windows; a test that moves
/// the clock near midnight writes its visit times out instead.
fn recent(minutes: i64) -> (DateTime<Utc>, DateTime<Utc>) {
    let end = tanfang_e2e::now() - TimeDelta::minutes(5);
    let start = end - TimeDelta::minutes(minutes);
    assert_eq!(
        clock::district_date(start),
        tanfang_e2e::today(),
        "recent({minutes}) needs the clock at least {} minutes past midnight",
        minutes + 5
    );
    (start, end)
}

/// A record in the shared format: `who` = (account id, name) visits and enters it.
fn record(
    elder: &str,
    who: &(String, String),
    mode: &str,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    code: &str,
) -> Value {
    let person = json!({ "id": who.0, "name": who.1 });
    json!({
        "formatVersion": "1.0.0",
        "submissionId": uuid::Uuid::new_v4().to_string(),
        "elderId": elder,
        "startedAt": beijing(start),
        "endedAt": beijing(end),
        "mode": mode,
        "visitor": person,
        "health": { "mobility": { "scale": "change", "value": "unchanged" } },
        "safety": { "gas": { "scale": "safety", "value": "safe" } },
        "confirmation": {
            "visitor": { "confirmedAt": beijing(end) },
            "elder": { "method": "read_out_code", "confirmedAt": beijing(end), "code": code },
            "enteredBy": { "person": person, "enteredAt": beijing(end) }
        }
    })
}

/// Has a confirmation code texted to the elder and reads it from the outbox, as the elder
/// would read it from their phone.
async fn elder_code(app: &TestApp, token: &str, elder: &str) -> String {
    app.with(token).ok(ISSUE_CODE, json!({ "e": elder })).await;
    let body = text(
        &mut app.db.connect(),
        "SELECT body AS t FROM outbox WHERE recipient_kind = 'elder' ORDER BY id DESC LIMIT 1",
    );
    body.chars().filter(char::is_ascii_digit).take(6).collect()
}

/// An elder with a phone and two emergency contacts (a nephew listed first, then a daughter).
async fn elder(app: &TestApp, organizer: &str, n: u16, key: bool) -> String {
    let born = NaiveDate::from_ymd_opt(1944, 1, 1).expect("date") + TimeDelta::days(i64::from(n));
    let id_number =
        IdNumber::from_parts_as_of(DISTRICT, born, 2 * n + 1, Sex::Female, tanfang_e2e::today()).expect("id");
    let input = json!({ "name": format!("记录老人{n}"), "idNumber": id_number.as_str(), "villageCode": VILLAGE,
        "phone": "13800138000", "residenceAddress": "二组", "urbanRural": "RURAL",
        "abilityLevel": if key { "SEVERELY_IMPAIRED" } else { "INTACT" },
        "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01",
        "emergencyContacts": [
            { "name": "侄子甲", "relation": "侄子", "phone": "13900000001" },
            { "name": "女儿乙", "relation": "女儿", "phone": "13900000002" }
        ] });
    app.with(organizer).create_elder(input).await
}

async fn me(app: &TestApp, token: &str, name: &str) -> (String, String) {
    let data = app.with(token).ok("query { me { id } }", json!({})).await;
    (data["me"]["id"].as_str().expect("id").to_string(), name.to_string())
}

async fn submit(app: &TestApp, token: &str, record: &Value) -> Value {
    app.with(token)
        .graphql(SUBMIT, json!({ "r": record.to_string() }))
        .await
}

async fn submitted(app: &TestApp, token: &str, record: &Value) -> Value {
    let answer = submit(app, token, record).await;
    assert!(answer.get("errors").is_none(), "unexpected errors: {answer:#}");
    answer["data"]["submitVisitRecord"].clone()
}

fn met_items(compliance: &Value) -> usize {
    compliance["elderCompliance"]["items"]
        .as_array()
        .map(|items| items.iter().filter(|i| i["status"] == "MET").count())
        .unwrap_or(0)
}

async fn a_record_is_stored_once_and_bad_records_are_refused_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (visitor_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let (_, other) = visitor(&app, &organizer, 2, 20, false).await;
    let elder = elder(&app, &organizer, 1, true).await;
    let slot = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    let who = (visitor_id.clone(), "志愿者".to_string());
    let code = elder_code(&app, &volunteer, &elder).await;
    let mut good = record(&elder, &who, "in_person", recent(40), &code);
    good["slotId"] = json!(slot);

    // Refusals: each names its field and writes nothing.
    let before = row_counts(&app, &WRITTEN);
    let mut cases: Vec<(Value, &str, &str)> = Vec::new();
    let mut variant = |edit: &dyn Fn(&mut Value), field: &'static str, code: &'static str| {
        let mut r = good.clone();
        edit(&mut r);
        cases.push((r, field, code));
    };
    let (start, end) = recent(40);
    variant(
        &|r| r["endedAt"] = json!(beijing(start - TimeDelta::minutes(1))),
        "endedAt",
        "before_start",
    );
    variant(
        &|r| r["startedAt"] = json!(beijing(tanfang_e2e::now() + TimeDelta::hours(2))),
        "startedAt",
        "in_future",
    );
    variant(
        &|r| r["startedAt"] = json!(beijing(end - TimeDelta::hours(13))),
        "endedAt",
        "too_long",
    );
    variant(
        &|r| r["health"]["mobility"] = json!({ "scale": "safety", "value": "better" }),
        "health.mobility",
        "not_in_scale",
    );
    variant(
        &|r| r["confirmation"]["elder"]["code"] = json!("000000"),
        "confirmation.elder.code",
        "wrong_code",
    );
    variant(
        &|r| r["slotId"] = json!(uuid::Uuid::new_v4().to_string()),
        "slotId",
        "not_held",
    );
    for (bad, field, code) in cases {
        let answer = submit(&app, &volunteer, &bad).await;
        assert_eq!(
            error_fields(&answer).first().map(String::as_str),
            Some(field),
            "{backend:?} {answer:#}"
        );
        assert_eq!(
            answer["errors"][0]["extensions"]["fields"][0]["code"], code,
            "{answer:#}"
        );
        assert_eq!(row_counts(&app, &WRITTEN), before, "{field}: a refusal wrote nothing");
    }
    // Another visitor cannot file a record for a slot they do not hold.
    let (other_id, _) = me(&app, &other, "志愿者").await;
    let mut not_theirs = record(&elder, &(other_id, "志愿者".into()), "in_person", recent(40), "123456");
    not_theirs["slotId"] = json!(slot);
    let answer = submit(&app, &other, &not_theirs).await;
    assert_eq!(error_fields(&answer), ["slotId"], "{answer:#}");
    assert_eq!(row_counts(&app, &WRITTEN), before);

    // Stored once: a retry with the same submission id answers the stored record.
    let first = submitted(&app, &volunteer, &good).await;
    assert_eq!(first["created"], true);
    assert_eq!(first["record"]["visitNo"], 1);
    assert_eq!(first["record"]["status"], "SUBMITTED");
    let retry = submitted(&app, &volunteer, &good).await;
    assert_eq!(retry["created"], false);
    assert_eq!(retry["record"]["id"], first["record"]["id"]);
    let after = row_counts(&app, &WRITTEN);
    assert_eq!(
        (after[0] - before[0], after[1] - before[1]),
        (1, 1),
        "one record, one visit row"
    );
    // The same id with other content is refused.
    let mut changed = good.clone();
    changed["problemsFound"] = json!("改过的内容");
    let answer = submit(&app, &volunteer, &changed).await;
    assert_eq!(error_fields(&answer), ["submissionId"], "{answer:#}");
    assert_eq!(row_counts(&app, &WRITTEN), after);
    // A code is good for one record only.
    let mut again = record(&elder, &who, "phone", recent(10), &code);
    again["slotId"] = json!(slot);
    let answer = submit(&app, &volunteer, &again).await;
    assert!(!error_fields(&answer).is_empty(), "{answer:#}");
    assert_eq!(row_counts(&app, &WRITTEN), after);
    // The slot is done.
    let done = count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE id = '{slot}' AND status = 'done'"),
    );
    assert_eq!(done, 1);
}
per_backend!(a_record_is_stored_once_and_bad_records_are_refused_naming_the_field);

async fn only_an_accepted_record_meets_the_requirement_and_updates_the_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (visitor_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let elder = elder(&app, &organizer, 2, true).await;
    let slot = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    let month = Month::of(tanfang_e2e::today()).to_string();
    let compliance = "query($e: String!, $m: String!) { elderCompliance(elderId: $e, month: $m) { items { status } } }";
    let read = || async {
        app.with(&organizer)
            .ok(compliance, json!({ "e": elder, "m": month }))
            .await
    };
    let met_before = met_items(&read().await);

    let code = elder_code(&app, &volunteer, &elder).await;
    let mut visit = record(&elder, &(visitor_id, "志愿者".into()), "in_person", recent(40), &code);
    visit["slotId"] = json!(slot);
    visit["childrenReturn"] = json!({ "plannedDate": "2027-01-25", "note": "春节前返乡" });
    visit["health"]["illness"] = json!({ "scale": "illness_change", "value": "serious" });
    visit["health"]["illnessName"] = json!("脑梗");
    let stored = submitted(&app, &volunteer, &visit).await;
    let id = stored["record"]["id"].as_str().expect("id").to_string();
    assert_eq!(
        met_items(&read().await),
        met_before,
        "a submitted record does not count yet"
    );

    // Sending back needs a comment; the author resubmits under the same id.
    let answer = app
        .with(&organizer)
        .graphql(REVIEW, json!({ "id": id, "d": "SEND_BACK", "v": 1 }))
        .await;
    assert_eq!(error_fields(&answer), ["comment"]);
    let back = app
        .with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": id, "d": "SEND_BACK", "c": "请补充服务内容", "v": 1 }),
        )
        .await;
    assert_eq!(back["reviewVisitRecord"]["status"], "RETURNED");
    visit["servicesGiven"] = json!([{ "description": "测血压，陪同聊天" }]);
    let resubmitted = submitted(&app, &volunteer, &visit).await;
    assert_eq!(resubmitted["record"]["id"], json!(id));
    assert_eq!(resubmitted["record"]["status"], "SUBMITTED");
    assert_eq!(met_items(&read().await), met_before);

    let version = resubmitted["record"]["version"].as_i64().expect("version");
    let accepted = app
        .with(&organizer)
        .ok(REVIEW, json!({ "id": id, "d": "ACCEPT", "v": version }))
        .await;
    assert_eq!(accepted["reviewVisitRecord"]["status"], "ACCEPTED");
    assert_eq!(
        met_items(&read().await),
        met_before + 1,
        "the accepted visit meets one requirement"
    );

    // The file took the reported changes through its audited path.
    let file = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { childrenPlannedReturn hasSeriousIllness diseaseHistory } }",
            json!({ "id": elder }),
        )
        .await;
    assert_eq!(file["elder"]["childrenPlannedReturn"], "2027-01-25");
    assert_eq!(file["elder"]["hasSeriousIllness"], true);
    assert!(file["elder"]["diseaseHistory"]
        .as_str()
        .is_some_and(|h| h.contains("脑梗")));
    let audited = count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.update' AND object_id = '{elder}'"),
    );
    assert_eq!(audited, 1);

    // Printed as the district's paper form, with the elder's name, never the code; a
    // download is a file to archive; every print is audited; another visitor cannot print it.
    let (status, _, page) = app.get_as(&organizer, &format!("/records/{id}/print/yubei-3")).await;
    assert_eq!(status, 200);
    assert!(page.contains("记录老人2") && page.contains("渝北区特殊困难老年人探访关爱服务记录表"));
    assert!(
        page.contains("脑梗") && !page.contains(&code),
        "the read-out code is never printed"
    );
    let (status, disposition, _) = app
        .get_as(&organizer, &format!("/records/{id}/print/emeishan-1?download=1"))
        .await;
    assert_eq!(status, 200);
    assert!(disposition.is_some_and(|d| d.starts_with("attachment")));
    let (_, other) = visitor(&app, &organizer, 3, 20, false).await;
    let (status, _, _) = app.get_as(&other, &format!("/records/{id}/print/yubei-3")).await;
    assert_eq!(status, 404);
    let (status, _, _) = app.get_as(&organizer, &format!("/records/{id}/print/linzi-9")).await;
    assert_eq!(status, 400);
    let prints = count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.print'",
    );
    assert_eq!(prints, 2);

    // Rejecting an accepted record takes it out of compliance again.
    let rejected = app
        .with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": id, "d": "REJECT", "c": "照片与老人不符", "v": version + 1 }),
        )
        .await;
    assert_eq!(rejected["reviewVisitRecord"]["status"], "REJECTED");
    assert_eq!(met_items(&read().await), met_before);
}
per_backend!(only_an_accepted_record_meets_the_requirement_and_updates_the_file);

/// 渝北 附件3 "第 N 次开展关爱": a printed record counts the elder's records up to it that gave
/// services, itself included; a rejected record does not count.
async fn the_printed_care_number_counts_the_records_that_gave_services(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    let elder = elder(&app, &organizer, 30, false).await;
    let end = tanfang_e2e::now() - TimeDelta::minutes(5);
    let mut stored = Vec::new();
    // Three phone calls today, two hours apart, each giving a service.
    for hours_ago in [4, 2, 0] {
        let code = elder_code(&app, &organizer, &elder).await;
        let at = end - TimeDelta::hours(hours_ago);
        let mut visit = record(&elder, &who, "phone", (at - TimeDelta::minutes(20), at), &code);
        visit["servicesGiven"] = json!([{ "description": "代购生活用品" }]);
        let record = submitted(&app, &organizer, &visit).await["record"].clone();
        stored.push((
            record["id"].as_str().expect("id").to_string(),
            record["version"].clone(),
        ));
    }
    app.with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": stored[1].0, "d": "REJECT", "c": "重复录入", "v": stored[1].1 }),
        )
        .await;
    let care_number = |page: &str| {
        page.split("开展关爱")
            .next()
            .and_then(|before| before.rsplit("第").next())
            .map(str::trim)
            .map(str::to_string)
    };
    for (record, number) in [(&stored[0].0, "1 次"), (&stored[2].0, "2 次")] {
        let (status, _, page) = app
            .get_as(&organizer, &format!("/records/{record}/print/yubei-3"))
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            care_number(&page).as_deref(),
            Some(number),
            "the rejected record does not count"
        );
    }
}
per_backend!(the_printed_care_number_counts_the_records_that_gave_services);

async fn each_major_risk_opens_one_case_and_closing_needs_a_follow_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    let conditions: [(&str, Value, &str, i64); 6] = [
        (
            "safety",
            json!({ "electricity": { "scale": "safety", "value": "unsafe" } }),
            "UNSAFE_HOME",
            24,
        ),
        (
            "health",
            json!({ "illness": { "scale": "illness_change", "value": "serious" } }),
            "SERIOUS_ILLNESS",
            72,
        ),
        ("support", json!({ "hasCarer": false }), "NO_CARER", 72),
        ("support", json!({ "abuseOrNeglect": true }), "ABUSE_OR_NEGLECT", 24),
        (
            "needs",
            json!([{ "need": "emergency_rescue", "needed": true, "met": false, "urgent": true }]),
            "URGENT_NEED",
            24,
        ),
        (
            "referrals",
            json!([{ "target": "legal_aid", "detail": "赡养纠纷", "urgent": true }]),
            "URGENT_NEED",
            24,
        ),
    ];
    for (n, (section, value, kind, hours)) in conditions.into_iter().enumerate() {
        let elder = elder(&app, &organizer, 10 + n as u16, false).await;
        let code = elder_code(&app, &organizer, &elder).await;
        let mut r = record(&elder, &who, "phone", recent(15), &code);
        r[section] = value;
        let before = row_counts(&app, &["risk_cases", "outbox"]);
        let stored = submitted(&app, &organizer, &r).await;
        let cases = stored["record"]["cases"].as_array().expect("cases").clone();
        assert_eq!(cases.len(), 1, "{kind}: exactly one case");
        assert_eq!(cases[0]["kind"], kind);
        // Each emergency contact (the daughter before the nephew) and the town are told.
        let after = row_counts(&app, &["risk_cases", "outbox"]);
        assert_eq!((after[0] - before[0], after[1] - before[1]), (1, 3), "{kind}");
        let board = app
            .with(&organizer)
            .ok(
                "query($a: String!) { riskCases(areaCode: $a, status: OPEN) { id elderId version severity openedAt dueAt
                    notifications { channel recipientKind recipientName recipientMasked body } } }",
                json!({ "a": TOWN }),
            )
            .await;
        let case = board["riskCases"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["elderId"] == elder.as_str()))
            .expect("case on the town's board")
            .clone();
        assert_eq!(
            case["severity"],
            if hours == 24 { "CRITICAL" } else { "HIGH" },
            "{kind}"
        );
        let at = |f: &str| DateTime::parse_from_rfc3339(case[f].as_str().expect("time")).expect("rfc3339");
        assert_eq!(
            at("dueAt") - at("openedAt"),
            TimeDelta::hours(hours),
            "{kind}: due time"
        );
        let told: Vec<(String, String)> = case["notifications"]
            .as_array()
            .expect("notifications")
            .iter()
            .map(|x| {
                (
                    x["recipientKind"].as_str().unwrap_or("").into(),
                    x["recipientName"].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        assert_eq!(told[0], ("emergency_contact".into(), "女儿乙（女儿）".into()));
        assert_eq!(told[1].0, "emergency_contact");
        assert_eq!(told[2].0, "town");
        for x in case["notifications"].as_array().expect("n") {
            let body = x["body"].as_str().unwrap_or("");
            assert!(
                !body.contains("记录老人") && !body.contains("138"),
                "no personal data in {body}"
            );
        }

        if n == 0 {
            let close =
                "mutation($id: String!, $v: Int!) { closeCase(id: $id, note: \"已更换电线\", version: $v) { status } }";
            let id = case["id"].as_str().expect("id");
            let refused = app.with(&organizer).graphql(close, json!({ "id": id, "v": 1 })).await;
            assert_eq!(
                error_fields(&refused),
                ["caseId"],
                "closing needs a follow-up: {refused:#}"
            );
            // The follow-up visit finds the same risk still there: no second case.
            let code = elder_code(&app, &organizer, &elder).await;
            let mut follow = record(&elder, &who, "in_person", recent(30), &code);
            follow["safety"] = json!({ "electricity": { "scale": "safety", "value": "unsafe" } });
            let again = submitted(&app, &organizer, &follow).await;
            assert_eq!(again["record"]["cases"].as_array().map(Vec::len), Some(0));
            let closed = app.with(&organizer).ok(close, json!({ "id": id, "v": 1 })).await;
            assert_eq!(closed["closeCase"]["status"], "CLOSED");
        }
    }
    // A normal visit opens nothing.
    let elder = elder(&app, &organizer, 30, false).await;
    let code = elder_code(&app, &organizer, &elder).await;
    let before = row_counts(&app, &["risk_cases"]);
    submitted(&app, &organizer, &record(&elder, &who, "phone", recent(15), &code)).await;
    assert_eq!(row_counts(&app, &["risk_cases"]), before);
}
per_backend!(each_major_risk_opens_one_case_and_closing_needs_a_follow_up);

async fn fraud_signals_fire_on_their_case_and_not_on_a_normal_visit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    // One elder per record: the signals are about the visitor, and an elder gets at most
    // three codes an hour.
    let mut elders = Vec::new();
    for n in 40..45 {
        elders.push(elder(&app, &organizer, n, false).await);
    }
    let check_in = |lat: f64| json!({ "latitude": lat, "longitude": 106.60, "at": beijing(tanfang_e2e::now() - TimeDelta::hours(3)) });
    let kinds = |stored: &Value| -> Vec<String> {
        stored["record"]["signals"]
            .as_array()
            .map(|s| {
                s.iter()
                    .filter_map(|x| x["kind"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let end = tanfang_e2e::now() - TimeDelta::hours(2);
    let slot = |start_min: i64, minutes: i64| {
        (
            end - TimeDelta::minutes(start_min),
            end - TimeDelta::minutes(start_min - minutes),
        )
    };

    // A normal in-person visit with a photo, checked in 1 km from the village centre.
    let (status, photo) = app.upload_photo(Some(&organizer), "image/jpeg", jpeg(1)).await;
    assert_eq!(status, 201, "{photo}");
    let photo = json!({ "ref": photo["ref"], "sha256": photo["sha256"], "contentType": "image/jpeg",
                        "takenAt": beijing(end - TimeDelta::minutes(290)) });
    let elder = &elders[0];
    let code = elder_code(&app, &organizer, elder).await;
    let mut normal = record(elder, &who, "in_person", slot(300, 40), &code);
    normal["checkIn"] = check_in(29.709);
    normal["photos"] = json!([photo]);
    let stored = submitted(&app, &organizer, &normal).await;
    assert_eq!(kinds(&stored), Vec::<String>::new());
    let normal_id = stored["record"]["id"].clone();

    let elder = &elders[1];
    let code = elder_code(&app, &organizer, elder).await;
    let mut far = record(elder, &who, "in_person", slot(200, 40), &code);
    far["checkIn"] = check_in(29.80);
    assert_eq!(kinds(&submitted(&app, &organizer, &far).await), ["FAR_CHECK_IN"]);

    let elder = &elders[2];
    let code = elder_code(&app, &organizer, elder).await;
    let short = record(elder, &who, "in_person", slot(100, 3), &code);
    assert_eq!(kinds(&submitted(&app, &organizer, &short).await), ["TOO_SHORT"]);

    let elder = &elders[3];
    let code = elder_code(&app, &organizer, elder).await;
    let overlap = record(elder, &who, "phone", slot(280, 10), &code);
    let stored = submitted(&app, &organizer, &overlap).await;
    assert_eq!(kinds(&stored), ["OVERLAP"]);
    assert_eq!(stored["record"]["signals"][0]["otherRecordId"], normal_id);

    let elder = &elders[4];
    let code = elder_code(&app, &organizer, elder).await;
    let mut reused = record(elder, &who, "in_person", slot(60, 30), &code);
    reused["photos"] = json!([photo]);
    let again = submitted(&app, &organizer, &reused).await;
    assert_eq!(kinds(&again), ["PHOTO_REUSED"]);
    assert_eq!(again["record"]["signals"][0]["otherRecordId"], normal_id);

    // A record with a signal is accepted only with a comment.
    let id = stored["record"]["id"].as_str().expect("id");
    let answer = app
        .with(&organizer)
        .graphql(REVIEW, json!({ "id": id, "d": "ACCEPT", "v": 1 }))
        .await;
    assert_eq!(error_fields(&answer), ["comment"]);
    app.with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": id, "d": "ACCEPT", "c": "电话核实，时间填写有误", "v": 1 }),
        )
        .await;
}
per_backend!(fraud_signals_fire_on_their_case_and_not_on_a_normal_visit);

async fn drafts_are_kept_per_author_and_a_month_is_sampled_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    let (_, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let elder = elder(&app, &organizer, 50, false).await;

    let save = "mutation($s: String!, $e: String!, $b: String!, $v: Int) {
        saveRecordDraft(submissionId: $s, elderId: $e, body: $b, version: $v) { version } }";
    let code = elder_code(&app, &organizer, &elder).await;
    let full = record(&elder, &who, "phone", recent(15), &code);
    let sub = full["submissionId"].as_str().expect("id").to_string();
    let v1 = app
        .with(&organizer)
        .ok(save, json!({ "s": sub, "e": elder, "b": "{\"mode\":\"phone\"}" }))
        .await;
    assert_eq!(v1["saveRecordDraft"]["version"], 1);
    let stale = app
        .with(&organizer)
        .graphql(save, json!({ "s": sub, "e": elder, "b": "{}" }))
        .await;
    assert_eq!(error_code(&stale).as_deref(), Some("VERSION_CONFLICT"));
    let theirs = app
        .with(&volunteer)
        .graphql(save, json!({ "s": sub, "e": elder, "b": "{}", "v": 1 }))
        .await;
    assert_eq!(
        error_fields(&theirs),
        ["submissionId"],
        "another author cannot take the id: {theirs:#}"
    );
    let not_json = app
        .with(&organizer)
        .graphql(save, json!({ "s": sub, "e": elder, "b": "[1,", "v": 1 }))
        .await;
    assert_eq!(error_fields(&not_json), ["body"]);
    let mine = app
        .with(&organizer)
        .ok("query { myRecordDrafts { submissionId body } }", json!({}))
        .await;
    assert_eq!(mine["myRecordDrafts"][0]["body"], "{\"mode\":\"phone\"}");
    submitted(&app, &organizer, &full).await;
    let mine = app
        .with(&organizer)
        .ok("query { myRecordDrafts { submissionId } }", json!({}))
        .await;
    assert_eq!(
        mine["myRecordDrafts"].as_array().map(Vec::len),
        Some(0),
        "submitting clears the draft"
    );

    // Two more records by the same person this month: the sample takes one per visitor.
    for _ in 0..2 {
        let code = elder_code(&app, &organizer, &elder).await;
        submitted(&app, &organizer, &record(&elder, &who, "phone", recent(15), &code)).await;
    }
    let answer = app.with(&organizer).graphql(ISSUE_CODE, json!({ "e": elder })).await;
    assert_eq!(
        error_fields(&answer),
        ["elderId"],
        "three codes an hour per elder: {answer:#}"
    );

    let month = Month::of(tanfang_e2e::today()).to_string();
    let draw =
        "mutation($m: String!) { drawSpotChecks(month: $m, perVisitor: 1) { id visitorId record { id full body } } }";
    let refused = app.with(&organizer).graphql(draw, json!({ "m": month })).await;
    assert_eq!(
        error_code(&refused).as_deref(),
        Some("FORBIDDEN"),
        "only the district draws"
    );
    let first = app.with(&admin).ok(draw, json!({ "m": month })).await;
    let sample = first["drawSpotChecks"].as_array().expect("sample").clone();
    assert_eq!(sample.len(), 1);
    assert_eq!(sample[0]["visitorId"], json!(who.0));
    assert_eq!(sample[0]["record"]["full"], true);
    let second = app.with(&admin).ok(draw, json!({ "m": month })).await;
    assert_eq!(
        second["drawSpotChecks"], first["drawSpotChecks"],
        "a month is drawn once"
    );
    let conclude = "mutation($id: String!) { concludeSpotCheck(id: $id, outcome: QUESTIONABLE) { outcome } }";
    let id = sample[0]["id"].as_str().expect("id");
    let answer = app.with(&admin).graphql(conclude, json!({ "id": id })).await;
    assert_eq!(error_fields(&answer), ["note"]);
}
per_backend!(drafts_are_kept_per_author_and_a_month_is_sampled_once);

/// 00:40 on the 1st, Beijing time (16:40 UTC on the last day of the month before): the server's
/// day and month have turned, the UTC date has not. A visit made 23:20–23:50 the evening before
/// counts in the month it was made in, and one made 00:05–00:35 today (still the 30th in UTC)
/// counts in the new month; each month's spot-check draw takes its own. (With the tests' clock
/// on the wall clock, a visit "5 minutes ago" made just after midnight fell in the day before,
/// and the current month's draw missed it.)
async fn visits_around_midnight_belong_to_their_beijing_day_and_month(backend: Backend) {
    let start = tanfang::clock::parse_instant("2026-12-01T00:40:00+08:00").expect("instant");
    let app = TestApp::spawn_at(backend, start).await;
    let (admin, organizer) = district(&app).await;
    let elder = elder(&app, &organizer, 5, false).await;
    let evening = accepted_visit(&app, &organizer, &elder, "IN_PERSON", "2026-11-30T23:20:00").await;
    let night = accepted_visit(&app, &organizer, &elder, "IN_PERSON", "2026-12-01T00:05:00").await;

    let compliance = "query($e: String!, $m: String!) { elderCompliance(elderId: $e, month: $m) { items { status } } }";
    let draw = "mutation($m: String!) { drawSpotChecks(month: $m, perVisitor: 1) { record { id } } }";
    for (month, record) in [("2026-11", &evening), ("2026-12", &night)] {
        let items = app
            .with(&organizer)
            .ok(compliance, json!({ "e": elder, "m": month }))
            .await;
        assert_eq!(met_items(&items), 1, "{month}: its one visit meets its requirement");
        let sample = app.with(&admin).ok(draw, json!({ "m": month })).await;
        let drawn: Vec<&Value> = sample["drawSpotChecks"]
            .as_array()
            .expect("sample")
            .iter()
            .map(|s| &s["record"]["id"])
            .collect();
        assert_eq!(drawn, [&json!(record)], "{month}: the draw takes that month's visit");
    }
}
per_backend!(visits_around_midnight_belong_to_their_beijing_day_and_month);

const PAPER: &str = "mutation($r: String!) { enterPaperRecord(record: $r) { created
    record { id status version startedAt submittedAt elderConfirmation elderConfirmationLabel elderConfirmedAt } } }";
const ISSUE_CODE_FOR: &str =
    "mutation($e: String!, $d: LocalDate) { issueElderCode(elderId: $e, visitOn: $d) { sentTo expiresAt } }";

/// Has a code texted to the elder for the past visit on `day` and reads it from the outbox,
/// with the text the elder received.
async fn elder_code_for(app: &TestApp, token: &str, elder: &str, day: NaiveDate) -> (String, String) {
    app.with(token)
        .ok(ISSUE_CODE_FOR, json!({ "e": elder, "d": day.to_string() }))
        .await;
    let body = text(
        &mut app.db.connect(),
        "SELECT body AS t FROM outbox WHERE recipient_kind = 'elder' ORDER BY id DESC LIMIT 1",
    );
    (body.chars().filter(char::is_ascii_digit).take(6).collect(), body)
}

/// A 20-minute visit that ended at 09:20 Beijing time `days` days before the tests' today.
fn days_ago(days: i64) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = tanfang_e2e::today() - TimeDelta::days(days);
    let end = tanfang::clock::parse_instant(&format!("{day}T09:20:00+08:00")).expect("instant");
    (end - TimeDelta::minutes(20), end)
}

/// `record` whose elder confirmed at `at` (the elder reads the code out today, say).
fn confirmed_at(mut record: Value, at: DateTime<Utc>) -> Value {
    record["confirmation"]["elder"]["confirmedAt"] = json!(beijing(at));
    record
}

fn refusal(answer: &Value) -> (String, String) {
    let first = &answer["errors"][0]["extensions"]["fields"][0];
    (
        first["field"].as_str().unwrap_or_default().to_string(),
        first["code"].as_str().unwrap_or_default().to_string(),
    )
}

/// 补确认: a phone visit made three days ago is confirmed by the elder today, with a code issued
/// today for that day, and is accepted: its row among the visits compliance counts is an
/// accepted phone visit at the visit's time (yubei's own requirements ask for in-person visits,
/// so no item of this elder is met by a call). A code for the visit under way does not confirm
/// a visit that old; the record keeps the visit's time and the confirmation's.
async fn a_past_phone_visit_is_confirmed_with_a_code_issued_today(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    let elder = elder(&app, &organizer, 60, false).await;
    let visit = days_ago(3);
    let day = clock::district_date(visit.0);
    let read_out = tanfang_e2e::now() - TimeDelta::minutes(1);

    let code = elder_code(&app, &organizer, &elder).await;
    let before = row_counts(&app, &WRITTEN);
    let answer = submit(
        &app,
        &organizer,
        &confirmed_at(record(&elder, &who, "phone", visit, &code), read_out),
    )
    .await;
    assert_eq!(
        refusal(&answer),
        ("confirmation.elder.code".into(), "past_visit".into()),
        "a code for the visit under way: {answer:#}"
    );
    assert_eq!(row_counts(&app, &WRITTEN), before);

    let (code, sms) = elder_code_for(&app, &organizer, &elder, day).await;
    assert!(
        sms.contains(&day.format("%-m月%-d日").to_string()),
        "the text names the visit's day: {sms}"
    );
    let stored = submitted(
        &app,
        &organizer,
        &confirmed_at(record(&elder, &who, "phone", visit, &code), read_out),
    )
    .await;
    let id = stored["record"]["id"].as_str().expect("id").to_string();
    let shown = app
        .with(&organizer)
        .ok(
            "query($id: String!) { visitRecord(id: $id) { startedAt elderConfirmation elderConfirmationLabel elderConfirmedAt } }",
            json!({ "id": id }),
        )
        .await;
    let at = |v: &Value| DateTime::parse_from_rfc3339(v.as_str().expect("time")).expect("rfc3339");
    assert_eq!(at(&shown["visitRecord"]["startedAt"]), visit.0);
    assert_eq!(shown["visitRecord"]["elderConfirmation"], "READ_OUT_CODE");
    assert_eq!(shown["visitRecord"]["elderConfirmationLabel"], "口述确认码");
    assert_eq!(
        at(&shown["visitRecord"]["elderConfirmedAt"]).timestamp(),
        read_out.timestamp(),
        "the record keeps when the elder confirmed, besides the visit's time"
    );
    let accepted = app
        .with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": id, "d": "ACCEPT", "v": stored["record"]["version"] }),
        )
        .await;
    assert_eq!(accepted["reviewVisitRecord"]["status"], "ACCEPTED");
    let counted = text(
        &mut app.db.connect(),
        &format!("SELECT CAST(visited_at AS TEXT) AS t FROM visits WHERE id = '{id}' AND status = 'accepted' AND mode = 'phone'"),
    );
    assert!(
        counted.starts_with(&visit.0.format("%Y-%m-%d %H:%M").to_string()),
        "counted at the visit's time, not today's: {counted}"
    );
}
per_backend!(a_past_phone_visit_is_confirmed_with_a_code_issued_today);

/// A code confirms one record, for the day it was issued for, for 12 hours from its issue.
async fn a_used_expired_or_other_days_code_is_refused_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    let elder = elder(&app, &organizer, 61, false).await;
    let visit = days_ago(3);
    let day = clock::district_date(visit.0);
    let now = tanfang_e2e::now();

    let (code, _) = elder_code_for(&app, &organizer, &elder, day).await;
    submitted(
        &app,
        &organizer,
        &confirmed_at(record(&elder, &who, "phone", visit, &code), now),
    )
    .await;
    // (The codes texted meanwhile go to the outbox: the other tables are compared.)
    let stored: Vec<&str> = WRITTEN.into_iter().filter(|t| *t != "outbox").collect();
    let before = row_counts(&app, &stored);
    let later = (visit.0 + TimeDelta::hours(2), visit.1 + TimeDelta::hours(2));
    let again = submit(
        &app,
        &organizer,
        &confirmed_at(record(&elder, &who, "phone", later, &code), now),
    )
    .await;
    assert_eq!(
        refusal(&again),
        ("confirmation.elder.code".into(), "used".into()),
        "{again:#}"
    );

    let (code, _) = elder_code_for(&app, &organizer, &elder, day).await;
    let other_day = days_ago(4);
    let answer = submit(
        &app,
        &organizer,
        &confirmed_at(record(&elder, &who, "phone", other_day, &code), now),
    )
    .await;
    assert_eq!(
        refusal(&answer),
        ("confirmation.elder.code".into(), "other_visit".into()),
        "{answer:#}"
    );
    // Thirteen hours on, the same code has expired.
    let late = now + TimeDelta::hours(13);
    app.clock.set(late);
    let organizer = app.token("org", PASSWORD).await;
    let answer = submit(
        &app,
        &organizer,
        &confirmed_at(record(&elder, &who, "phone", later, &code), late),
    )
    .await;
    assert_eq!(
        refusal(&answer),
        ("confirmation.elder.code".into(), "expired".into()),
        "{answer:#}"
    );
    assert_eq!(row_counts(&app, &stored), before, "refusals write nothing");
}
per_backend!(a_used_expired_or_other_days_code_is_refused_naming_the_field);

/// 补录纸质记录: an organizer types in today a paper record of a volunteer's visit ten days
/// ago, stating that the elder signed the paper form; the statement is stored, shown in
/// words and audited. Without a statement, or with one a visit cannot carry, nothing is
/// written.
async fn a_paper_record_states_how_the_elder_confirmed_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let staff = me(&app, &organizer, "镇街").await;
    let (visitor_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let elder = elder(&app, &organizer, 62, false).await;
    let visit = days_ago(10);
    // The visitor visited; the organizer enters the form: code "0000" is never checked.
    let paper = |method: Value| {
        let mut r = record(
            &elder,
            &(visitor_id.clone(), "志愿者".into()),
            "in_person",
            visit,
            "0000",
        );
        r["confirmation"]["elder"] = method;
        r["confirmation"]["enteredBy"] =
            json!({ "person": { "id": staff.0, "name": staff.1 }, "enteredAt": beijing(tanfang_e2e::now()) });
        r
    };
    let signed = json!({ "method": "signed_paper", "confirmedAt": beijing(visit.1) });

    let before = row_counts(&app, &WRITTEN);
    let audit_before = count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM audit_log");
    let signature = app.upload_photo(Some(&organizer), "image/jpeg", jpeg(9)).await.1;
    let refusals = [
        (
            paper(json!({ "method": "signature", "confirmedAt": beijing(visit.1),
                "signature": { "ref": signature["ref"], "sha256": signature["sha256"], "contentType": "image/jpeg" } })),
            PAPER,
            "confirmation.elder.method",
            "statement_required",
        ),
        (
            paper(json!({ "method": "confirmed_by_phone", "confirmedAt": beijing(tanfang_e2e::now()) })),
            PAPER,
            "confirmation.elder.confirmedBy",
            "required",
        ),
        (
            paper(
                json!({ "method": "confirmed_by_phone", "confirmedAt": beijing(tanfang_e2e::now()),
                "confirmedBy": { "id": visitor_id, "name": "志愿者" } }),
            ),
            PAPER,
            "confirmation.elder.confirmedBy.id",
            "unknown_person",
        ),
        (
            {
                let mut old = paper(json!({ "method": "signed_paper", "confirmedAt": "2025-05-20T09:20:00+08:00" }));
                old["startedAt"] = json!("2025-05-20T09:00:00+08:00");
                old["endedAt"] = json!("2025-05-20T09:20:00+08:00");
                old
            },
            PAPER,
            "startedAt",
            "before_register",
        ),
        (paper(signed.clone()), SUBMIT, "confirmation.elder.method", "paper_only"),
    ];
    for (record, mutation, field, code) in refusals {
        let answer = app
            .with(&organizer)
            .graphql(mutation, json!({ "r": record.to_string() }))
            .await;
        assert_eq!(refusal(&answer), (field.to_string(), code.to_string()), "{answer:#}");
    }
    let own = paper(signed.clone());
    let mut as_volunteer = own.clone();
    as_volunteer["confirmation"]["enteredBy"]["person"] = json!({ "id": visitor_id, "name": "志愿者" });
    let answer = app
        .with(&volunteer)
        .graphql(PAPER, json!({ "r": as_volunteer.to_string() }))
        .await;
    assert_eq!(
        error_code(&answer).as_deref(),
        Some("FORBIDDEN"),
        "a visitor enters no paper records"
    );
    assert_eq!(row_counts(&app, &WRITTEN), before, "refusals write nothing");
    assert_eq!(
        count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM audit_log"),
        audit_before + 1,
        "only the signature's upload was logged"
    );

    let stored = app.with(&organizer).ok(PAPER, json!({ "r": own.to_string() })).await["enterPaperRecord"].clone();
    assert_eq!(stored["created"], true);
    let record = &stored["record"];
    let at = |v: &Value| DateTime::parse_from_rfc3339(v.as_str().expect("time")).expect("rfc3339");
    assert_eq!(at(&record["startedAt"]), visit.0);
    assert_eq!(
        clock::district_date(at(&record["submittedAt"]).into()),
        tanfang_e2e::today()
    );
    assert_eq!(record["elderConfirmation"], "SIGNED_PAPER");
    assert_eq!(record["elderConfirmationLabel"], "签字纸质表");
    assert_eq!(at(&record["elderConfirmedAt"]), visit.1);
    let id = record["id"].as_str().expect("id");
    let audited = count(
        &mut app.db.connect(),
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.enter_paper' AND object_id = '{id}'
             AND after_json LIKE '%\"signed_paper\"%' AND reason LIKE '%签字纸质表%'"
        ),
    );
    assert_eq!(audited, 1, "the statement is audited");
    let stored_column = text(
        &mut app.db.connect(),
        &format!("SELECT elder_confirmation AS t FROM visit_records WHERE id = '{id}'"),
    );
    assert_eq!(stored_column, "signed_paper");

    // Confirmed by phone to the organizer, who is named.
    let by_phone = paper(
        json!({ "method": "confirmed_by_phone", "confirmedAt": beijing(tanfang_e2e::now()),
        "confirmedBy": { "id": staff.0, "name": staff.1 } }),
    );
    let mut by_phone = by_phone;
    by_phone["startedAt"] = json!(beijing(visit.0 + TimeDelta::hours(3)));
    by_phone["endedAt"] = json!(beijing(visit.1 + TimeDelta::hours(3)));
    let stored = app
        .with(&organizer)
        .ok(PAPER, json!({ "r": by_phone.to_string() }))
        .await;
    assert_eq!(
        stored["enterPaperRecord"]["record"]["elderConfirmationLabel"],
        "电话确认"
    );

    // Records stored before the confirmation was kept in columns get it from their bodies
    // when the server starts.
    {
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE visit_records SET elder_confirmation = NULL, elder_confirmed_at = NULL")
            .execute(&mut app.db.connect())
            .expect("update");
    }
    let call = tanfang::service::Call::at(
        tanfang_e2e::now(),
        tanfang::domain::access::Actor::system("test"),
        app.keys().cipher(),
        tanfang_e2e::packs(),
    );
    let filled = tanfang::service::records::refresh_confirmations(&mut app.db.connect(), &call).expect("refresh");
    assert_eq!(filled, 2);
    for method in ["signed_paper", "confirmed_by_phone"] {
        let n = count(
            &mut app.db.connect(),
            &format!(
                "SELECT COUNT(*) AS n FROM visit_records WHERE elder_confirmation = '{method}'
                 AND elder_confirmed_at IS NOT NULL"
            ),
        );
        assert_eq!(n, 1, "{method}");
    }
}
per_backend!(a_paper_record_states_how_the_elder_confirmed_it);

/// 第 N 次探访 counts the elder's records that count, in the order they were first submitted;
/// 记录编号 counts the district's records of the year and is never given twice.
async fn records_are_numbered_per_elder_and_per_district_and_year(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let staff = me(&app, &organizer, "镇街").await;
    let (visitor_id, _) = visitor(&app, &organizer, 1, 20, false).await;
    let first = elder(&app, &organizer, 71, false).await;
    let second = elder(&app, &organizer, 72, false).await;
    let year = chrono::Datelike::year(&tanfang_e2e::today());
    const READ: &str = "query($id: String!) { visitRecord(id: $id) { visitNo recordNo status version } }";
    // Paper forms the organizer types in, one visit a day.
    let enter = |elder: String, days: i64| {
        let app = &app;
        let organizer = organizer.clone();
        let staff = staff.clone();
        let visitor_id = visitor_id.clone();
        async move {
            let visit = days_ago(days);
            let mut r = record(&elder, &(visitor_id, "志愿者".into()), "in_person", visit, "0000");
            r["confirmation"]["elder"] = json!({ "method": "signed_paper", "confirmedAt": beijing(visit.1) });
            r["confirmation"]["enteredBy"] =
                json!({ "person": { "id": staff.0, "name": staff.1 }, "enteredAt": beijing(tanfang_e2e::now()) });
            let stored = app.with(&organizer).ok(PAPER, json!({ "r": r.to_string() })).await;
            let id = stored["enterPaperRecord"]["record"]["id"]
                .as_str()
                .expect("id")
                .to_string();
            let read = app.with(&organizer).ok(READ, json!({ "id": id })).await["visitRecord"].clone();
            (id, read)
        }
    };
    let numbers = |read: &Value| {
        (
            read["visitNo"].as_i64().expect("visitNo"),
            read["recordNo"].as_str().expect("recordNo").to_string(),
        )
    };
    let no = |n: u32| format!("{year}-{n:06}");

    let (_, a1) = enter(first.clone(), 9).await;
    let (_, a2) = enter(first.clone(), 8).await;
    let (_, b1) = enter(second.clone(), 7).await;
    let (a3_id, a3) = enter(first.clone(), 6).await;
    assert_eq!(numbers(&a1), (1, no(1)));
    assert_eq!(numbers(&a2), (2, no(2)), "the elder's second visit is 第 2 次");
    assert_eq!(
        numbers(&b1),
        (1, no(3)),
        "another elder starts at 1; the district's count goes on"
    );
    assert_eq!(numbers(&a3), (3, no(4)));

    // A rejected record no longer counts: the elder's next record takes its 第 N 次, but never
    // its 记录编号.
    let version = a3["version"].as_i64().expect("version");
    app.with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": a3_id, "d": "REJECT", "c": "照片与本次探访不符", "v": version }),
        )
        .await;
    let (_, a4) = enter(first.clone(), 5).await;
    assert_eq!(numbers(&a4), (3, no(5)));
    let rejected = app.with(&organizer).ok(READ, json!({ "id": a3_id })).await["visitRecord"].clone();
    assert_eq!(rejected["status"], "REJECTED");
    assert_eq!(rejected["recordNo"], json!(no(4)), "a rejected record keeps its number");

    // The printed form carries the number, not the submission's id.
    let (status, _, page) = app.get_as(&organizer, &format!("/records/{a3_id}/print/yubei-3")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("记录编号：{}", no(4))), "{page}");
    let (status, disposition, _) = app
        .get_as(&organizer, &format!("/records/{a3_id}/print/yubei-3?download=1"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        disposition.as_deref(),
        Some(format!("attachment; filename=\"visit-record-{}-yubei-3.html\"", no(4)).as_str())
    );
}
per_backend!(records_are_numbered_per_elder_and_per_district_and_year);

/// A case's 依据 reads in the form's words; it is given to a person picked from the people of
/// its area who may take it, and its referral is moved on from the case.
async fn a_case_reads_in_words_and_goes_to_a_person_of_its_area(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let who = me(&app, &organizer, "镇街").await;
    let (village_staff, village_token) = staff(&app, &admin, "cun.ganbu", "VILLAGE_STAFF", VILLAGE).await;
    let (elsewhere, _) = staff(&app, &admin, "ling.cun", "VILLAGE_STAFF", VILLAGE2).await;
    let elder = elder(&app, &organizer, 81, false).await;
    let code = elder_code(&app, &organizer, &elder).await;
    let mut r = record(&elder, &who, "phone", recent(15), &code);
    r["safety"] = json!({ "electricity": { "scale": "safety", "value": "unsafe" },
                          "gas": { "scale": "safety", "value": "unsafe" } });
    submitted(&app, &organizer, &r).await;
    const CASE: &str =
        "query($a: String!) { riskCases(areaCode: $a, status: OPEN) { id elderId evidence ownerId version
        possibleOwners { id name role } referrals { id status statusNote version } } }";
    let read = |token: String| {
        let app = &app;
        let elder = elder.clone();
        async move {
            let board = app.with(&token).ok(CASE, json!({ "a": VILLAGE })).await;
            board["riskCases"]
                .as_array()
                .and_then(|cs| cs.iter().find(|c| c["elderId"] == elder.as_str()))
                .expect("the elder's case")
                .clone()
        }
    };
    let case = read(organizer.clone()).await;
    assert_eq!(case["evidence"], "安全隐患·燃气：不安全；安全隐患·用电：不安全");

    // The people who may take it: the town's organizer and this village's staff, no one else.
    let owners: Vec<(String, String)> = case["possibleOwners"]
        .as_array()
        .expect("owners")
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap_or("").to_string(),
                o["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            (who.0.clone(), "TOWN_ORGANIZER".to_string()),
            (village_staff.clone(), "VILLAGE_STAFF".to_string())
        ]
    );
    assert!(owners.iter().all(|(id, _)| *id != elsewhere));
    // The village's staff reads the same list (they may not list accounts).
    let seen_by_staff = read(village_token.clone()).await;
    assert_eq!(seen_by_staff["possibleOwners"], case["possibleOwners"]);

    // Picked from the list, the staff member takes the case; the other village's cannot.
    const ASSIGN: &str = "mutation($id: String!, $o: String!, $v: Int!) { assignCase(id: $id, ownerId: $o, version: $v) { ownerId version } }";
    let id = case["id"].as_str().expect("id");
    let version = case["version"].as_i64().expect("version");
    let refused = app
        .with(&organizer)
        .graphql(ASSIGN, json!({ "id": id, "o": elsewhere, "v": version }))
        .await;
    assert_eq!(error_fields(&refused), ["ownerId"], "{refused:#}");
    let assigned = app
        .with(&organizer)
        .ok(ASSIGN, json!({ "id": id, "o": village_staff, "v": version }))
        .await;
    assert_eq!(assigned["assignCase"]["ownerId"], json!(village_staff));
    let board = app
        .with(&village_token)
        .ok(
            "query($a: String!) { riskCases(areaCode: $a) { id ownerName } }",
            json!({ "a": VILLAGE }),
        )
        .await;
    let named = board["riskCases"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .expect("case");
    assert_eq!(
        named["ownerName"], "cun.ganbu（VILLAGE_STAFF）",
        "the board names the owner, for village staff too"
    );

    // The owner refers the elder and moves the referral on from the case.
    let version = assigned["assignCase"]["version"].as_i64().expect("version");
    app.with(&village_token)
        .ok(
            "mutation($c: String!, $v: Int!) { addReferral(caseId: $c, target: SOCIAL_WORKER, detail: \"更换电线\", caseVersion: $v) { id } }",
            json!({ "c": id, "v": version }),
        )
        .await;
    let referral = read(village_token.clone()).await["referrals"][0].clone();
    assert_eq!(referral["status"], "REQUESTED");
    app.with(&village_token)
        .ok(
            "mutation($id: String!, $v: Int!) { updateReferral(id: $id, status: ACCEPTED, note: \"社工站已接收\", version: $v) { status } }",
            json!({ "id": referral["id"], "v": referral["version"] }),
        )
        .await;
    let moved = read(village_token).await["referrals"][0].clone();
    assert_eq!(
        (moved["status"].as_str(), moved["statusNote"].as_str()),
        (Some("ACCEPTED"), Some("社工站已接收"))
    );
}
per_backend!(a_case_reads_in_words_and_goes_to_a_person_of_its_area);
