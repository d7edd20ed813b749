//! Bursts over HTTP on both backends: every idempotent or versioned write, sent many times at
//! once (or by two people at once), answers as its repeat would — never `INTERNAL` — and the
//! database holds its effect once. (See `tests/support/burst.rs`.)

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::ledger::Term;
use tanfang::domain::period::Month;
use tanfang_e2e::burst::{burst, burst_same, outcomes, succeeded, Call};
use tanfang_e2e::town::{
    district, elder_file, paper_record, register_visitor, school, staff, visit_by, visitor, DISTRICT, TOWN, VILLAGE,
};
use tanfang_e2e::{count, error_fields, per_backend, Backend, TestApp, PASSWORD};

/// How many calls a burst sends: as many as the SQLite pool has connections.
const N: usize = 8;

const SUBMIT: &str = "mutation($r: String!) { submitVisitRecord(record: $r) { created record { id visitNo } } }";
const REVIEW: &str = "mutation($id: String!, $d: ReviewDecision!, $c: String, $v: Int!) {
    reviewVisitRecord(id: $id, decision: $d, comment: $c, version: $v) { status version } }";

fn sql_count(app: &TestApp, sql: &str) -> i64 {
    count(&mut app.db.connect(), sql)
}

/// `n` times `code` (sorted outcomes of a burst where all answered alike).
fn all(code: &str, n: usize) -> Vec<String> {
    vec![code.to_string(); n]
}

/// One `OK` and the rest `code`, in [`outcomes`] order.
fn one_ok_rest(code: &str, n: usize) -> Vec<String> {
    let mut expected = all(code, n - 1);
    expected.push("OK".to_string());
    expected.sort();
    expected
}

/// The strings at `path` (a JSON pointer) of each successful answer.
fn strings_at(answers: &[Value], path: &str) -> Vec<String> {
    succeeded(answers)
        .iter()
        .map(|d| d.pointer(path).and_then(Value::as_str).expect(path).to_string())
        .collect()
}

fn born(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("date")
}

async fn a_record_submitted_at_once_is_stored_once_and_numbered_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (volunteer_id, _) = visitor(&app, &organizer, 1, 20, false).await;
    let (elder, _) = elder_file(&app, &organizer, born(1942, 5, 6), 11, Sex::Female).await;

    // The same submission N times at once: one stores it, the others answer it as a retry.
    let now = tanfang_e2e::now();
    let record = paper_record(&app, &organizer, &elder, &volunteer_id, now - TimeDelta::hours(2)).await;
    let answers = burst_same(&app, N, &organizer, SUBMIT, json!({ "r": record.to_string() })).await;
    assert_eq!(outcomes(&answers), all("OK", N), "{answers:#?}");
    let created = succeeded(&answers)
        .iter()
        .filter(|d| d["submitVisitRecord"]["created"] == true)
        .count();
    assert_eq!(created, 1, "exactly one call stores it: {answers:#?}");
    let ids: BTreeSet<String> = strings_at(&answers, "/submitVisitRecord/record/id")
        .into_iter()
        .collect();
    assert_eq!(ids.len(), 1, "every call answers the same record: {ids:?}");
    let submission = record["submissionId"].as_str().expect("submission id");
    let id = ids.first().expect("id");
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM visit_records WHERE submission_id = '{submission}'")
        ),
        1
    );
    assert_eq!(
        sql_count(&app, &format!("SELECT COUNT(*) AS n FROM visits WHERE id = '{id}'")),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.submit' AND object_id = '{id}'")
        ),
        1,
        "one audit entry"
    );

    // N different records of one elder at once: all stored, numbered 1..=N.
    let (second, _) = elder_file(&app, &organizer, born(1942, 5, 7), 13, Sex::Female).await;
    let mut variables = Vec::new();
    for i in 0..N {
        let end = now - TimeDelta::hours(3 + i64::try_from(i).expect("i"));
        let record = paper_record(&app, &organizer, &second, &volunteer_id, end).await;
        variables.push(json!({ "r": record.to_string() }));
    }
    let calls: Vec<Call<'_>> = variables
        .iter()
        .map(|v| Call {
            token: &organizer,
            query: SUBMIT,
            variables: v.clone(),
        })
        .collect();
    let answers = burst(&app, &calls).await;
    assert_eq!(outcomes(&answers), all("OK", N), "{answers:#?}");
    let mut numbers: Vec<i64> = succeeded(&answers)
        .iter()
        .map(|d| d["submitVisitRecord"]["record"]["visitNo"].as_i64().expect("visitNo"))
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=i64::try_from(N).expect("N")).collect::<Vec<_>>());
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(DISTINCT visit_no) AS n FROM visit_records WHERE elder_id = '{second}'")
        ),
        i64::try_from(N).expect("N")
    );

    // A record sent back keeps its number; resubmitted for another elder it would take a
    // number that elder has given (or may give) to another record: refused, naming the field.
    app.with(&organizer)
        .ok(REVIEW, json!({ "id": id, "d": "SEND_BACK", "c": "请补充", "v": 1 }))
        .await;
    let mut moved = record.clone();
    moved["elderId"] = json!(second);
    let answer = app
        .with(&organizer)
        .graphql(SUBMIT, json!({ "r": moved.to_string() }))
        .await;
    assert_eq!(error_fields(&answer), ["elderId"], "{answer:#}");
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM visit_records WHERE elder_id = '{elder}' AND status = 'returned'")
        ),
        1,
        "the refused resubmission wrote nothing"
    );
}
per_backend!(a_record_submitted_at_once_is_stored_once_and_numbered_once);

async fn versioned_writes_at_once_let_one_win_and_tell_the_others(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (_, second) = staff(&app, &admin, "org2", "TOWN_ORGANIZER", TOWN).await;
    let (volunteer_id, _) = visitor(&app, &organizer, 1, 20, false).await;

    // Two reviewers decide the same version at once, one accepting, the other rejecting.
    let (record, version) = visit_by(&app, &organizer, &volunteer_id, 3).await;
    let calls: Vec<Call<'_>> = (0..N)
        .map(|i| {
            let (token, decision) = if i % 2 == 0 {
                (organizer.as_str(), "ACCEPT")
            } else {
                (second.as_str(), "REJECT")
            };
            Call {
                token,
                query: REVIEW,
                variables: json!({ "id": record, "d": decision, "c": "核实", "v": version }),
            }
        })
        .collect();
    let answers = burst(&app, &calls).await;
    assert_eq!(outcomes(&answers), one_ok_rest("VERSION_CONFLICT", N), "{answers:#?}");
    let status = strings_at(&answers, "/reviewVisitRecord/status")
        .remove(0)
        .to_lowercase();
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM visit_records WHERE id = '{record}' AND status = '{status}' AND version = {}",
                version + 1
            )
        ),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.review' AND object_id = '{record}'")
        ),
        1,
        "one review happened"
    );
    let postings = sql_count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM ledger_transfers WHERE record_id = '{record}' AND kind = 'posting'"),
    );
    assert_eq!(postings, i64::from(status == "accepted"), "credited once if accepted");

    // A draft saved from several devices at once: first without a version, then on version 1.
    let (elder, file) = elder_file(&app, &organizer, born(1943, 2, 3), 15, Sex::Female).await;
    let save = "mutation($s: String!, $e: String!, $b: String!, $v: Int) {
        saveRecordDraft(submissionId: $s, elderId: $e, body: $b, version: $v) { version } }";
    let submission = uuid::Uuid::new_v4().to_string();
    for (version, stored) in [(None, 1), (Some(1), 2)] {
        let draft = json!({ "s": submission, "e": elder, "b": "{\"mode\":\"phone\"}", "v": version });
        let answers = burst_same(&app, N, &organizer, save, draft).await;
        assert_eq!(outcomes(&answers), one_ok_rest("VERSION_CONFLICT", N), "{answers:#?}");
        assert_eq!(
            sql_count(
                &app,
                &format!(
                    "SELECT COUNT(*) AS n FROM record_drafts WHERE submission_id = '{submission}' AND version = {stored}"
                )
            ),
            1
        );
    }

    // The same file update (same version) N times at once.
    let update = "mutation($id: String!, $v: Int!, $input: ElderFileInput!) {
        updateElder(id: $id, version: $v, input: $input) { version } }";
    let mut changed = file.clone();
    changed["residenceAddress"] = json!("四组");
    let answers = burst_same(
        &app,
        N,
        &organizer,
        update,
        json!({ "id": elder, "v": 1, "input": changed }),
    )
    .await;
    assert_eq!(outcomes(&answers), one_ok_rest("VERSION_CONFLICT", N), "{answers:#?}");
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM elders WHERE id = '{elder}' AND version = 2")
        ),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM elder_changes WHERE elder_id = '{elder}' AND action = 'updated'")
        ),
        1,
        "one change in the file's history"
    );
}
per_backend!(versioned_writes_at_once_let_one_win_and_tell_the_others);

async fn a_month_drawn_at_once_is_sampled_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (volunteer_id, _) = visitor(&app, &organizer, 1, 20, false).await;
    // Five records of one visitor this month: each draw would pick one of them at random.
    for hours_ago in 3..8 {
        visit_by(&app, &organizer, &volunteer_id, hours_ago).await;
    }
    let month = Month::of(tanfang_e2e::today()).to_string();
    let draw = "mutation($m: String!) { drawSpotChecks(month: $m, perVisitor: 1) { id record { id } } }";
    let answers = burst_same(&app, N, &admin, draw, json!({ "m": month })).await;
    assert_eq!(outcomes(&answers), all("OK", N), "{answers:#?}");
    let samples: BTreeSet<String> = succeeded(&answers)
        .iter()
        .map(|d| d["drawSpotChecks"].to_string())
        .collect();
    assert_eq!(samples.len(), 1, "every answer is the one sample: {samples:#?}");
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM spot_checks WHERE month = '{month}'")
        ),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'spot_check.draw'"
        ),
        1,
        "drawn once"
    );
}
per_backend!(a_month_drawn_at_once_is_sampled_once);

async fn transfers_and_certifications_at_once_happen_once(backend: Backend) {
    const GIFT: &str = "mutation($t: String!, $to: String!, $m: Int!, $r: String!) {
        giftHours(transferId: $t, toUserId: $to, minutes: $m, relation: $r) { id created } }";
    const GRANT: &str = "mutation($t: String!, $e: String!, $m: Int!) {
        grantHours(transferId: $t, elderId: $e, minutes: $m, reason: \"重点老人冬季助浴\") { id created } }";
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    let (senior_id, _) = register_visitor(
        &app,
        Some(&organizer),
        "senior",
        born(1960, 2, 3),
        41,
        "SENIOR_VOLUNTEER",
    )
    .await;
    let (record, version) = visit_by(&app, &organizer, &volunteer_id, 3).await;
    app.with(&organizer)
        .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
        .await;
    let balance = |user: &str| {
        format!(
            "SELECT COUNT(*) AS n FROM ledger_accounts WHERE user_id = '{user}' AND book = 'time_bank' \
             AND credits_posted - debits_posted = "
        )
    };
    // A 40-minute visit credits 40 minutes, as served.
    assert_eq!(sql_count(&app, &format!("{}40", balance(&volunteer_id))), 1);

    // The same gift N times at once: moved once, every answer names it.
    let gift = uuid::Uuid::new_v4().to_string();
    let answers = burst_same(
        &app,
        N,
        &volunteer,
        GIFT,
        json!({ "t": gift, "to": senior_id, "m": 15, "r": "母亲" }),
    )
    .await;
    assert_eq!(outcomes(&answers), all("OK", N), "{answers:#?}");
    assert_eq!(
        succeeded(&answers)
            .iter()
            .filter(|d| d["giftHours"]["created"] == true)
            .count(),
        1,
        "{answers:#?}"
    );
    assert_eq!(strings_at(&answers, "/giftHours/id"), all(&gift, N));
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM ledger_transfers WHERE id = '{gift}'")
        ),
        1
    );
    assert_eq!(sql_count(&app, &format!("{}25", balance(&volunteer_id))), 1);
    assert_eq!(sql_count(&app, &format!("{}15", balance(&senior_id))), 1);

    // The same grant to a key elder N times at once.
    app.with(&volunteer)
        .ok(
            "mutation($t: String!) { donateHours(transferId: $t, minutes: 25) { created } }",
            json!({ "t": uuid::Uuid::new_v4().to_string() }),
        )
        .await;
    let (key, _) = elder_file(&app, &organizer, born(1941, 3, 4), 11, Sex::Female).await;
    let grant = uuid::Uuid::new_v4().to_string();
    let answers = burst_same(&app, N, &admin, GRANT, json!({ "t": grant, "e": key, "m": 20 })).await;
    assert_eq!(outcomes(&answers), all("OK", N), "{answers:#?}");
    assert_eq!(
        succeeded(&answers)
            .iter()
            .filter(|d| d["grantHours"]["created"] == true)
            .count(),
        1,
        "{answers:#?}"
    );
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM ledger_transfers WHERE id = '{grant}'")
        ),
        1
    );
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM ledger_accounts WHERE elder_id = '{key}' AND credits_posted - debits_posted = 20"
            )
        ),
        1,
        "granted once"
    );

    // A school certifies one student's term N times at once, then three students at once.
    let (_, school_admin) = school(&app, &admin, 1).await;
    let mut accounts = Vec::new();
    for (n, seq) in [(1, 33), (2, 35), (3, 37)] {
        let id_number =
            IdNumber::from_parts_as_of(DISTRICT, born(2004, 9, n), seq, Sex::Female, tanfang_e2e::today()).expect("id");
        let student = app
            .with(&school_admin)
            .ok(
                "mutation($input: StudentInput!) { registerStudent(input: $input) { id } }",
                json!({ "input": { "username": format!("student{n}"), "password": PASSWORD,
                                   "realName": "王同学", "idNumber": id_number.as_str() } }),
            )
            .await["registerStudent"]["id"]
            .as_str()
            .expect("student")
            .to_string();
        let (record, version) = visit_by(&app, &organizer, &student, 10 + i64::from(n)).await;
        app.with(&organizer)
            .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
            .await;
        accounts.push(count(
            &mut app.db.connect(),
            &format!(
                "SELECT COUNT(*) AS n FROM ledger_accounts WHERE user_id = '{student}' AND book = 'service_credit'"
            ),
        ));
    }
    assert_eq!(accounts, [1, 1, 1], "each student has a service-credit account");
    let term = Term::of(tanfang_e2e::today()).code();
    let hours = app
        .with(&school_admin)
        .ok(
            "query($t: String!) { schoolServiceHours(term: $t) { accountId } }",
            json!({ "t": term }),
        )
        .await;
    let accounts: Vec<String> = hours["schoolServiceHours"]
        .as_array()
        .expect("hours")
        .iter()
        .map(|h| h["accountId"].as_str().expect("account").to_string())
        .collect();
    assert_eq!(accounts.len(), 3);
    let certify = "mutation($a: String!) {
        certifyServiceHours(accountId: $a, decision: APPROVE) { id certificateNo } }";
    let answers = burst_same(&app, N, &school_admin, certify, json!({ "a": accounts[0] })).await;
    assert_eq!(outcomes(&answers), one_ok_rest("INVALID_INPUT", N), "{answers:#?}");
    for refused in answers.iter().filter(|a| a.get("errors").is_some()) {
        assert_eq!(error_fields(refused), ["accountId"], "already certified: {refused:#}");
    }
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM service_certifications WHERE account_id = '{}'",
                accounts[0]
            )
        ),
        1
    );
    let calls: Vec<Call<'_>> = accounts[1..]
        .iter()
        .map(|a| Call {
            token: &school_admin,
            query: certify,
            variables: json!({ "a": a }),
        })
        .collect();
    let answers = burst(&app, &calls).await;
    assert_eq!(outcomes(&answers), all("OK", 2), "{answers:#?}");
    assert_eq!(
        sql_count(
            &app,
            "SELECT COUNT(DISTINCT certificate_no) AS n FROM service_certifications"
        ),
        3,
        "every certificate has its own number"
    );
}
per_backend!(transfers_and_certifications_at_once_happen_once);

async fn a_month_generated_at_once_has_one_set_of_slots(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    for (i, seq) in [(0, 21), (1, 23), (2, 25)] {
        elder_file(&app, &organizer, born(1941, 6, 1 + i), seq, Sex::Male).await;
    }
    let month = Month::of(tanfang_e2e::today()).to_string();
    let generate =
        "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted created cancelled } }";
    let answers = burst_same(&app, N, &organizer, generate, json!({ "m": month, "a": TOWN })).await;
    assert_eq!(outcomes(&answers), all("OK", N), "{answers:#?}");
    let data = succeeded(&answers);
    let wanted = data[0]["generateSlots"]["wanted"].as_i64().expect("wanted");
    assert!(wanted > 0, "the elders need visits this month");
    let mut created: Vec<i64> = data
        .iter()
        .map(|d| {
            assert_eq!(d["generateSlots"]["wanted"].as_i64(), Some(wanted));
            assert_eq!(d["generateSlots"]["cancelled"].as_i64(), Some(0));
            d["generateSlots"]["created"].as_i64().expect("created")
        })
        .collect();
    created.sort_unstable();
    let mut expected = vec![0; N - 1];
    expected.push(wanted);
    assert_eq!(created, expected, "one run creates them, the others find them");
    assert_eq!(
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE month = '{month}'")
        ),
        wanted
    );
    assert_eq!(
        sql_count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM (SELECT elder_id FROM visit_slots WHERE month = '{month}' \
                 GROUP BY elder_id, requirement_key, window_from, seq HAVING COUNT(*) > 1) twice"
            )
        ),
        0
    );
}
per_backend!(a_month_generated_at_once_has_one_set_of_slots);

async fn a_registration_sent_at_once_makes_one_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    district(&app).await;
    let id_number =
        IdNumber::from_parts_as_of(DISTRICT, born(1990, 3, 4), 77, Sex::Female, tanfang_e2e::today()).expect("id");
    let input = json!({ "username": "twin", "password": PASSWORD, "realName": "志愿者",
        "idNumber": id_number.as_str(), "phone": "13700000000", "homeVillageCode": VILLAGE, "kind": "VOLUNTEER" });
    let answers = burst_same(
        &app,
        N,
        "",
        "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id } }",
        json!({ "input": input }),
    )
    .await;
    assert_eq!(outcomes(&answers), one_ok_rest("INVALID_INPUT", N), "{answers:#?}");
    for refused in answers.iter().filter(|a| a.get("errors").is_some()) {
        assert_eq!(error_fields(refused), ["username"], "taken: {refused:#}");
    }
    assert_eq!(
        sql_count(&app, "SELECT COUNT(*) AS n FROM users WHERE username = 'twin'"),
        1
    );
}
per_backend!(a_registration_sent_at_once_makes_one_account);
