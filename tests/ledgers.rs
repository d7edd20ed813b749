//! The time bank over HTTP on both backends: an accepted record is credited once by the
//! district's rules, rejecting it afterwards reverses the credit (unless the hours were
//! spent), and holders gift, donate and redeem with client-chosen ids that retry safely.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::town::{
    district, elder_file, paper_record, register_visitor, school, visit_by, visitor, DISTRICT, VILLAGE,
};
use tanfang_e2e::{count, error_code, error_fields, per_backend, Backend, TestApp, PASSWORD};

const ACCOUNTS: &str = "query { myLedgerAccounts { id book balanceMinutes } }";
const REVIEW: &str = "mutation($id: String!, $d: ReviewDecision!, $c: String, $v: Int!) {
    reviewVisitRecord(id: $id, decision: $d, comment: $c, version: $v) { status version } }";
const GIFT: &str = "mutation($t: String!, $to: String!, $m: Int!, $r: String!) {
    giftHours(transferId: $t, toUserId: $to, minutes: $m, relation: $r) { id created } }";
const REDEEM: &str = "mutation($t: String!, $m: Int!, $p: String) {
    redeemHours(transferId: $t, minutes: $m, service: \"上门助浴\", providerId: $p) { created } }";

fn first_code(answer: &Value) -> String {
    answer["errors"][0]["extensions"]["fields"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

async fn balance(app: &TestApp, token: &str) -> i64 {
    let data = app.with(token).ok(ACCOUNTS, json!({})).await;
    let accounts = data["myLedgerAccounts"].as_array().cloned().unwrap_or_default();
    accounts
        .iter()
        .find(|a| a["book"] == "TIME_BANK")
        .and_then(|a| a["balanceMinutes"].as_f64())
        .map_or(0, |m| m as i64)
}

/// A senior volunteer (低龄健康老年人) born in 1960, approved; returns (id, token).
async fn senior(app: &TestApp, organizer: &str) -> (String, String) {
    let born = NaiveDate::from_ymd_opt(1960, 2, 3).expect("date");
    register_visitor(app, Some(organizer), "senior", born, 41, "SENIOR_VOLUNTEER").await
}

async fn accepted_visits_are_credited_once_and_holders_move_hours_safely(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let (senior_id, senior_token) = senior(&app, &organizer).await;

    // Accepting credits the 40 minutes served, not rounded up; once.
    let (record, version) = visit_by(&app, &organizer, &volunteer_id, 3).await;
    assert_eq!(
        balance(&app, &volunteer).await,
        0,
        "a submitted record earns nothing yet"
    );
    app.with(&organizer)
        .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
        .await;
    assert_eq!(balance(&app, &volunteer).await, 40);
    let again = app
        .with(&organizer)
        .graphql(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version + 1 }))
        .await;
    assert_eq!(error_fields(&again), ["decision"], "accepted once");
    assert_eq!(balance(&app, &volunteer).await, 40);
    let postings = count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM ledger_transfers WHERE record_id = '{record}' AND kind = 'posting'"),
    );
    assert_eq!(postings, 1);

    // Gifts: beyond the balance refused; a retry changes nothing; the same id with other
    // content is a distinct error.
    let gift_id = uuid::Uuid::new_v4().to_string();
    let too_much = app
        .with(&volunteer)
        .graphql(GIFT, json!({ "t": gift_id, "to": senior_id, "m": 46, "r": "母亲" }))
        .await;
    assert_eq!(first_code(&too_much), "exceeds_balance", "{too_much:#}");
    let gift = json!({ "t": gift_id, "to": senior_id, "m": 15, "r": "母亲" });
    let first = app.with(&volunteer).ok(GIFT, gift.clone()).await;
    assert_eq!(first["giftHours"]["created"], true);
    let retry = app.with(&volunteer).ok(GIFT, gift).await;
    assert_eq!(retry["giftHours"]["created"], false);
    let changed = app
        .with(&volunteer)
        .graphql(GIFT, json!({ "t": gift_id, "to": senior_id, "m": 20, "r": "母亲" }))
        .await;
    assert_eq!(first_code(&changed), "exists_with_different_content");
    let derived = app
        .with(&volunteer)
        .graphql(GIFT, json!({ "t": uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, b"x").to_string(), "to": senior_id, "m": 1, "r": "母亲" }))
        .await;
    assert_eq!(
        error_fields(&derived),
        ["transferId"],
        "clients cannot choose derived ids"
    );
    assert_eq!(
        (balance(&app, &volunteer).await, balance(&app, &senior_token).await),
        (25, 15)
    );

    // Redemption: under 60 refused; the senior (born 1960) redeems care the volunteer
    // gives, and the volunteer is credited for giving it.
    let young = app
        .with(&volunteer)
        .graphql(REDEEM, json!({ "t": uuid::Uuid::new_v4().to_string(), "m": 10 }))
        .await;
    assert_eq!(first_code(&young), "under_age");
    let redeemed = app
        .with(&senior_token)
        .ok(
            REDEEM,
            json!({ "t": uuid::Uuid::new_v4().to_string(), "m": 10, "p": volunteer_id }),
        )
        .await;
    assert_eq!(redeemed["redeemHours"]["created"], true);
    assert_eq!(balance(&app, &senior_token).await, 5);
    assert_eq!(balance(&app, &volunteer).await, 35);
    let received = app
        .with(&senior_token)
        .ok(
            "query { myCareServices { service minutes recipientUserId providerId } }",
            json!({}),
        )
        .await;
    assert_eq!(
        received["myCareServices"],
        json!([{ "service": "上门助浴", "minutes": 10.0, "recipientUserId": senior_id, "providerId": volunteer_id }]),
        "the care given is recorded"
    );

    // Rejecting the accepted record would take back 40 minutes the volunteer no longer
    // has (35): refused, nothing changes.
    let refused = app
        .with(&organizer)
        .graphql(
            REVIEW,
            json!({ "id": record, "d": "REJECT", "c": "核实有误", "v": version + 1 }),
        )
        .await;
    assert_eq!(first_code(&refused), "exceeds_balance", "{refused:#}");
    assert_eq!(balance(&app, &volunteer).await, 35);

    // Another accepted and then rejected record is reversed by a linked transfer.
    let (second, v2) = visit_by(&app, &organizer, &volunteer_id, 6).await;
    app.with(&organizer)
        .ok(REVIEW, json!({ "id": second, "d": "ACCEPT", "v": v2 }))
        .await;
    assert_eq!(balance(&app, &volunteer).await, 75);
    app.with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": second, "d": "REJECT", "c": "重复录入", "v": v2 + 1 }),
        )
        .await;
    assert_eq!(balance(&app, &volunteer).await, 35);
    let linked = count(
        &mut app.db.connect(),
        &format!(
            "SELECT COUNT(*) AS n FROM ledger_transfers r JOIN ledger_transfers o ON r.reverses_id = o.id \
             WHERE o.record_id = '{second}' AND r.kind = 'reversal'"
        ),
    );
    assert_eq!(linked, 1);

    // The statement, newest first, with signed amounts.
    let accounts = app.with(&volunteer).ok(ACCOUNTS, json!({})).await;
    let account = accounts["myLedgerAccounts"][0]["id"]
        .as_str()
        .expect("account")
        .to_string();
    let statement = app
        .with(&volunteer)
        .ok(
            "query($a: String!) { ledgerStatement(accountId: $a, first: 10) { kind amountMinutes } }",
            json!({ "a": account }),
        )
        .await;
    let lines: Vec<(String, i64)> = statement["ledgerStatement"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap_or("").to_string(),
                l["amountMinutes"].as_f64().unwrap_or(0.0) as i64,
            )
        })
        .collect();
    assert_eq!(lines.iter().map(|l| l.1).sum::<i64>(), 35, "{lines:?}");
    assert!(
        lines.contains(&("GIFT".into(), -15)) && lines.contains(&("REVERSAL".into(), -40)),
        "{lines:?}"
    );
    let other = app
        .with(&senior_token)
        .graphql(
            "query($a: String!) { ledgerStatement(accountId: $a) { id } }",
            json!({ "a": account }),
        )
        .await;
    assert_eq!(
        other["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "another holder cannot read it"
    );
    // Debits equal credits over the whole ledger: floor accounts' running totals, counter
    // accounts' (issuing, redemption) sums of their transfers.
    let (debits, credits) = tanfang_e2e::ledger_sides(&app);
    assert!(debits > 0);
    assert_eq!(debits, credits);
}
per_backend!(accepted_visits_are_credited_once_and_holders_move_hours_safely);

async fn a_school_certifies_its_own_students_hours_and_issues_certificates(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (_, school_admin) = school(&app, &admin, 1).await;
    let (_, other_admin) = school(&app, &admin, 2).await;
    let born = NaiveDate::from_ymd_opt(2004, 9, 1).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 33, Sex::Female, tanfang_e2e::today()).expect("id");
    let student = app
        .with(&school_admin)
        .ok(
            "mutation($input: StudentInput!) { registerStudent(input: $input) { id } }",
            json!({ "input": { "username": "student1", "password": PASSWORD, "realName": "王同学",
                               "idNumber": id_number.as_str() } }),
        )
        .await["registerStudent"]["id"]
        .as_str()
        .expect("student")
        .to_string();

    // Two accepted 40-minute visits: 40 + 40 minutes of service credit in this term.
    for hours_ago in [3, 6] {
        let (record, version) = visit_by(&app, &organizer, &student, hours_ago).await;
        app.with(&organizer)
            .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
            .await;
    }
    let term = tanfang::domain::ledger::Term::of(tanfang_e2e::today()).code();
    let hours = app
        .with(&school_admin)
        .ok(
            "query($t: String!) { schoolServiceHours(term: $t) { accountId studentName recordedMinutes certification { decision } } }",
            json!({ "t": term }),
        )
        .await;
    let row = hours["schoolServiceHours"][0].clone();
    assert_eq!(
        (row["studentName"].as_str(), row["recordedMinutes"].as_f64()),
        (Some("王同学"), Some(80.0))
    );
    let account = row["accountId"].as_str().expect("account").to_string();

    let certify = "mutation($a: String!, $d: CertificationDecision!, $m: Int, $c: String) {
        certifyServiceHours(accountId: $a, decision: $d, certifiedMinutes: $m, comment: $c) {
            id decision certifiedMinutes credit certificateNo certificatePath } }";
    let theirs = app
        .with(&other_admin)
        .graphql(certify, json!({ "a": account, "d": "APPROVE" }))
        .await;
    assert_eq!(
        error_code(&theirs).as_deref(),
        Some("NOT_FOUND"),
        "another school's student"
    );
    let no_reason = app
        .with(&school_admin)
        .graphql(certify, json!({ "a": account, "d": "PARTLY_APPROVE", "m": 60 }))
        .await;
    assert_eq!(error_fields(&no_reason), ["comment"]);
    app.with(&school_admin)
        .ok("mutation { setSchoolCreditRule(minutesPerCredit: 600) }", json!({}))
        .await;
    let rule = app
        .with(&school_admin)
        .ok("query { mySchool { minutesPerCredit } }", json!({}))
        .await;
    assert_eq!(
        rule["mySchool"]["minutesPerCredit"], 600,
        "the school reads its rule back"
    );
    let done = app
        .with(&school_admin)
        .ok(
            certify,
            json!({ "a": account, "d": "PARTLY_APPROVE", "m": 60, "c": "一次未附照片" }),
        )
        .await;
    let cert = &done["certifyServiceHours"];
    assert_eq!(
        (cert["certifiedMinutes"].as_f64(), cert["credit"].as_f64()),
        (Some(60.0), Some(0.1))
    );
    let number = cert["certificateNo"].as_str().expect("number").to_string();
    // The term's first certificate, numbered as a school prints it: 2026秋-00001.
    let season = if term.ends_with("autumn") { "秋" } else { "春" };
    assert_eq!(number, format!("{}{season}-00001", &term[..4]));
    let twice = app
        .with(&school_admin)
        .graphql(certify, json!({ "a": account, "d": "APPROVE" }))
        .await;
    assert_eq!(error_fields(&twice), ["accountId"], "decided once");

    // The certificate and the CSV carry the masked ID number, never the full one.
    let path = cert["certificatePath"].as_str().expect("path").to_string();
    let student_token = app.token("student1", PASSWORD).await;
    let (status, _, page) = app.get_as(&student_token, &path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("志愿服务记录证明") && page.contains("王同学") && page.contains("1小时"),
        "{page}"
    );
    assert!(page.contains(&number) && page.contains("第1中学"));
    assert!(!page.contains(id_number.as_str()));
    let (status, _, _) = app.get_as(&other_admin, &path).await;
    assert_eq!(status, 404);
    let (status, disposition, csv) = app
        .get_as(&school_admin, &format!("/certificates.csv?term={term}"))
        .await;
    assert_eq!(status, 200);
    assert!(disposition.is_some_and(|d| d.starts_with("attachment")));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].starts_with(&number) && lines[1].contains("王同学") && lines[1].contains(",60,1小时,0.1,"));
    assert!(
        lines[1].contains("特殊困难老年人探访关爱服务 2 次（") && page.contains("探访关爱服务 2 次（"),
        "the content names the two accepted visits: {csv}"
    );
    assert!(!csv.contains(id_number.as_str()), "no full ID number in the export");
}
per_backend!(a_school_certifies_its_own_students_hours_and_issues_certificates);

/// An elder of [`VILLAGE`] living alone, born on `born` (85: 重点 under yubei-2024; 76: 一般).
async fn elder_born(app: &TestApp, organizer: &str, born: NaiveDate, seq: u16) -> String {
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, seq, Sex::Female, tanfang_e2e::today()).expect("id");
    app.with(organizer)
        .create_elder(
            json!({ "name": "关爱老人", "idNumber": id_number.as_str(), "villageCode": VILLAGE,
            "residenceAddress": "五组", "urbanRural": "RURAL", "abilityLevel": "INTACT",
            "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "consent": "CONSENTED",
            "consentRecordedOn": "2025-06-01" }),
        )
        .await
}

per_backend!(the_pool_grants_hours_to_key_elders_whose_care_is_recorded_and_credits_its_provider);
async fn the_pool_grants_hours_to_key_elders_whose_care_is_recorded_and_credits_its_provider(backend: Backend) {
    const GRANT: &str = "mutation($t: String!, $e: String!, $m: Int!) {
        grantHours(transferId: $t, elderId: $e, minutes: $m, reason: \"重点老人冬季助浴\") { created } }";
    const SPEND: &str = "mutation($t: String!, $e: String!, $m: Int!, $p: String) {
        redeemElderHours(transferId: $t, elderId: $e, minutes: $m, service: \"上门助浴\", providerId: $p) { created } }";
    const CARE_ACCOUNT: &str =
        "query($e: String!) { elderCareAccount(elderId: $e) { id kind elderId balanceMinutes } }";
    {
        let app = TestApp::spawn(backend).await;
        let (admin, organizer) = district(&app).await;
        let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
        let (record, version) = visit_by(&app, &organizer, &volunteer_id, 3).await;
        // The elder's signature image, uploaded by the organizer who entered the paper form,
        // is readable by the record's visitor too, as its photos are.
        let body = app
            .with(&organizer)
            .ok(
                "query($id: String!) { visitRecord(id: $id) { body } }",
                json!({ "id": record }),
            )
            .await;
        let body: Value = serde_json::from_str(body["visitRecord"]["body"].as_str().expect("body")).expect("json");
        let signature = body["confirmation"]["elder"]["signature"]["sha256"]
            .as_str()
            .expect("sha");
        let (status, _, _) = app.get_as(&volunteer, &format!("/photos/{signature}")).await;
        assert_eq!(status, 200, "the record's visitor sees the signature");
        app.with(&organizer)
            .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
            .await;
        assert_eq!(balance(&app, &volunteer).await, 40);
        app.with(&volunteer)
            .ok(
                "mutation($t: String!) { donateHours(transferId: $t, minutes: 30) { created } }",
                json!({ "t": uuid::Uuid::new_v4().to_string() }),
            )
            .await;
        let key = elder_born(&app, &organizer, NaiveDate::from_ymd_opt(1941, 3, 4).expect("date"), 11).await;
        let ordinary = elder_born(&app, &organizer, NaiveDate::from_ymd_opt(1950, 3, 4).expect("date"), 12).await;
        let none = app.with(&organizer).ok(CARE_ACCOUNT, json!({ "e": key })).await;
        assert_eq!(
            none["elderCareAccount"],
            Value::Null,
            "no account before the first grant"
        );

        // Only the district admin grants; only to key elders; never more than the pool holds.
        let by_organizer = app
            .with(&organizer)
            .graphql(
                GRANT,
                json!({ "t": uuid::Uuid::new_v4().to_string(), "e": key, "m": 10 }),
            )
            .await;
        assert_eq!(error_code(&by_organizer).as_deref(), Some("FORBIDDEN"));
        let to_ordinary = app
            .with(&admin)
            .graphql(
                GRANT,
                json!({ "t": uuid::Uuid::new_v4().to_string(), "e": ordinary, "m": 10 }),
            )
            .await;
        assert_eq!(first_code(&to_ordinary), "not_key_elder", "{to_ordinary:#}");
        let beyond = app
            .with(&admin)
            .graphql(
                GRANT,
                json!({ "t": uuid::Uuid::new_v4().to_string(), "e": key, "m": 31 }),
            )
            .await;
        assert_eq!(first_code(&beyond), "exceeds_balance", "the pool holds 30");
        let grant = json!({ "t": uuid::Uuid::new_v4().to_string(), "e": key, "m": 20 });
        let granted = app.with(&admin).ok(GRANT, grant.clone()).await;
        assert_eq!(granted["grantHours"]["created"], true);
        let retried = app.with(&admin).ok(GRANT, grant).await;
        assert_eq!(retried["grantHours"]["created"], false, "a retry grants nothing more");
        let account = app.with(&organizer).ok(CARE_ACCOUNT, json!({ "e": key })).await;
        let account = &account["elderCareAccount"];
        assert_eq!(
            (
                account["kind"].as_str(),
                account["elderId"].as_str(),
                account["balanceMinutes"].as_f64()
            ),
            (Some("ELDER_CARE"), Some(key.as_str()), Some(20.0))
        );
        let account_id = account["id"].as_str().expect("id").to_string();

        // Village or town staff spend the elder's hours on care; the visitor who gives it is
        // credited, and the service is recorded for both sides.
        let spent = app
            .with(&organizer)
            .ok(
                SPEND,
                json!({ "t": uuid::Uuid::new_v4().to_string(), "e": key, "m": 15, "p": volunteer_id }),
            )
            .await;
        assert_eq!(spent["redeemElderHours"]["created"], true);
        let overspent = app
            .with(&organizer)
            .graphql(
                SPEND,
                json!({ "t": uuid::Uuid::new_v4().to_string(), "e": key, "m": 6 }),
            )
            .await;
        assert_eq!(first_code(&overspent), "exceeds_balance", "5 minutes are left");
        let left = app.with(&organizer).ok(CARE_ACCOUNT, json!({ "e": key })).await;
        assert_eq!(left["elderCareAccount"]["balanceMinutes"], 5.0);
        assert_eq!(
            balance(&app, &volunteer).await,
            10 + 15,
            "40 − 30 donated + 15 for giving care"
        );
        let services = app
            .with(&volunteer)
            .ok(
                "query { myCareServices { service minutes elderId providerId recipientUserId } }",
                json!({}),
            )
            .await;
        assert_eq!(
            services["myCareServices"],
            json!([{ "service": "上门助浴", "minutes": 15.0, "elderId": key, "providerId": volunteer_id,
                     "recipientUserId": null }])
        );

        // The care account's statement: staff in scope read it, a visitor does not.
        let statement = "query($a: String!) { ledgerStatement(accountId: $a) { kind amountMinutes } }";
        let lines = app.with(&organizer).ok(statement, json!({ "a": account_id })).await;
        assert_eq!(
            lines["ledgerStatement"],
            json!([{ "kind": "REDEMPTION", "amountMinutes": -15.0 }, { "kind": "GRANT", "amountMinutes": 20.0 }])
        );
        let by_visitor = app
            .with(&volunteer)
            .graphql(statement, json!({ "a": account_id }))
            .await;
        assert_eq!(error_code(&by_visitor).as_deref(), Some("NOT_FOUND"));
    }
}

/// Minutes are credited as served ("真实、准确", 民政部令第67号): an accepted 35-minute visit
/// deposits 35 minutes, not a rounded-up 45.
async fn an_accepted_35_minute_visit_deposits_35_minutes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let born = NaiveDate::from_ymd_opt(1942, 6, 7).expect("date");
    let (elder, _) = elder_file(&app, &organizer, born, 9, Sex::Male).await;
    let end = tanfang_e2e::now() - chrono::TimeDelta::hours(2);
    let mut record = paper_record(&app, &organizer, &elder, &volunteer_id, end).await;
    record["startedAt"] = json!((end - chrono::TimeDelta::minutes(35)).to_rfc3339());
    let stored = app
        .with(&organizer)
        .ok(
            "mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }",
            json!({ "r": record.to_string() }),
        )
        .await["submitVisitRecord"]["record"]
        .clone();
    app.with(&organizer)
        .ok(
            REVIEW,
            json!({ "id": stored["id"], "d": "ACCEPT", "v": stored["version"] }),
        )
        .await;
    assert_eq!(balance(&app, &volunteer).await, 35, "{backend:?}");
    let posted = count(
        &mut app.db.connect(),
        &format!(
            "SELECT COUNT(*) AS n FROM ledger_transfers WHERE record_id = '{}' AND kind = 'posting' AND amount_minutes = 35",
            stored["id"].as_str().expect("id")
        ),
    );
    assert_eq!(posted, 1, "{backend:?}");
}
per_backend!(an_accepted_35_minute_visit_deposits_35_minutes);

const RECIPIENT: &str = "query($u: String!, $n: String!) { timeBankRecipient(username: $u, name: $n) { id name } }";

/// 赠与 and 兑换 from the phone: the giver finds the other account by username and the name it
/// was registered with (both must match, so a username alone says nothing), and the page offers
/// redeeming only from the age of 60.
async fn a_visitor_finds_whom_to_give_to_by_username_and_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (_, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let (senior_id, senior_token) = senior(&app, &organizer).await;

    let found = app
        .with(&volunteer)
        .ok(RECIPIENT, json!({ "u": " Senior ", "n": "志愿者" }))
        .await;
    assert_eq!(found["timeBankRecipient"]["id"], senior_id.as_str());
    assert_eq!(found["timeBankRecipient"]["name"], "志愿者");
    for (username, name, why) in [
        ("senior", "王五", "another name"),
        ("nobody", "志愿者", "no such account"),
        ("visitor1", "志愿者", "oneself"),
        ("senior", " ", "no name"),
    ] {
        let refused = app
            .with(&volunteer)
            .graphql(RECIPIENT, json!({ "u": username, "n": name }))
            .await;
        assert_eq!(error_fields(&refused), ["name"], "{why}: {refused:#}");
    }
    let anonymous = app
        .anon()
        .graphql(RECIPIENT, json!({ "u": "senior", "n": "志愿者" }))
        .await;
    assert_eq!(error_code(&anonymous).as_deref(), Some("UNAUTHENTICATED"));

    const MAY_REDEEM: &str = "query { me { mayRedeemHours } }";
    let young = app.with(&volunteer).ok(MAY_REDEEM, json!({})).await;
    assert_eq!(young["me"]["mayRedeemHours"], false, "born 1990");
    let old = app.with(&senior_token).ok(MAY_REDEEM, json!({})).await;
    assert_eq!(old["me"]["mayRedeemHours"], true, "born 1960");
}
per_backend!(a_visitor_finds_whom_to_give_to_by_username_and_name);
