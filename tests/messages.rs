//! Preferences and one-click unsubscribe (issue #17): each person sees the kinds of message
//! of their role and switches the optional ones off; an alarm cannot be switched off and still
//! arrives; a mail address is checked before it is stored; a real mail carries the RFC 8058
//! headers, and POSTing to its link switches the kind off so the next one is not sent; a
//! forged link writes nothing.

use chrono::{NaiveDate, TimeDelta};
use mail_parser::MessageParser;
use serde_json::{json, Value};
use tanfang::domain::access::Actor;
use tanfang::domain::id::AccountId;
use tanfang::domain::message::MessageKind;
use tanfang::domain::period::Month;
use tanfang::notify::worker::Worker;
use tanfang::service::Call;
use tanfang_e2e::mailbox::{self, SmsProvider, SmtpServer};
use tanfang_e2e::town::{self, OpenSlot, VILLAGE};
use tanfang_e2e::{accepted_visit_finding, count, error_fields, per_backend, row_counts, Backend, TestApp};

const SETTINGS: &str = "query { notificationSettings { kind label mayOptOut on channels } }";
const OPT_OUT: &str = "mutation($k: MessageKind!, $off: Boolean!) {
    setNotificationOptOut(kind: $k, off: $off) { kind on } }";
const CONTACT: &str = "mutation($e: String, $l: String) { updateMyContact(email: $e, locale: $l) { email locale } }";
const REMINDER_SUBJECT: &str = "【探访】明天的探访";

/// A worker of `app` that mails through `smtp` and texts through `sms`, with templates for
/// the alarm, the code and the reminder.
fn worker(app: &TestApp, smtp: &SmtpServer, sms: &SmsProvider) -> Worker {
    mailbox::worker(
        app,
        smtp,
        sms,
        &["case_opened=SMS_100", "elder_code=SMS_200", "visit_reminder=SMS_300"],
    )
}

fn kinds(settings: &Value) -> Vec<(String, bool, bool)> {
    settings["notificationSettings"]
        .as_array()
        .expect("settings")
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().expect("kind").to_string(),
                s["mayOptOut"].as_bool().expect("mayOptOut"),
                s["on"].as_bool().expect("on"),
            )
        })
        .collect()
}

fn owned(list: &[(&str, bool, bool)]) -> Vec<(String, bool, bool)> {
    list.iter().map(|(k, m, o)| ((*k).to_string(), *m, *o)).collect()
}

/// Generates `month`'s slots and has `volunteer` claim the first open slot of `elder` whose
/// window has not ended by today; returns its id and the day its window opens.
async fn claim_in(app: &TestApp, organizer: &str, volunteer: &str, elder: &str, month: Month) -> (String, NaiveDate) {
    let today = tanfang_e2e::today();
    let mut mine: Vec<OpenSlot> = town::open_slots(app, organizer, month)
        .await
        .into_iter()
        .filter(|s| s.elder == elder && s.to >= today)
        .collect();
    mine.sort_by_key(|s| s.from);
    let slot = mine.first().expect("an open slot");
    app.with(volunteer)
        .ok(
            "mutation($s: String!) { claimSlot(slotId: $s) { id } }",
            json!({ "s": slot.id }),
        )
        .await;
    (slot.id.clone(), slot.from)
}

/// Sets the clock to 09:30 the day before `window_from` and runs the periodic jobs (the
/// reminder among them) and a pass of the outbox.
fn day_before(app: &TestApp, worker: &Worker, window_from: NaiveDate) {
    let at = tanfang::clock::parse_instant(&format!("{}T09:30:00+08:00", window_from - TimeDelta::days(1)))
        .expect("instant");
    app.clock.set(at);
    worker.run_due_jobs().expect("jobs");
    worker.run_once().expect("pass");
}

/// The reminder mails `smtp` received for `to`.
fn reminders_to(smtp: &SmtpServer, to: &str) -> Vec<Vec<u8>> {
    smtp.received()
        .into_iter()
        .filter(|m| m.to == [to])
        .filter(|m| {
            MessageParser::default()
                .parse(&m.data)
                .and_then(|p| p.subject().map(|s| s.starts_with(REMINDER_SUBJECT)))
                .unwrap_or(false)
        })
        .map(|m| m.data)
        .collect()
}

async fn each_role_sees_the_kinds_it_receives(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    let (_, volunteer) = town::visitor(&app, &organizer, 1, 4, false).await;
    let (_, school) = town::school(&app, &admin, 1).await;
    let (_, staff) = town::staff(&app, &organizer, "cun", "VILLAGE_STAFF", VILLAGE).await;

    let visitor = app.with(&volunteer).ok(SETTINGS, json!({})).await;
    assert_eq!(
        kinds(&visitor),
        owned(&[
            ("CLAIM_CONFIRMED", true, true),
            ("VISIT_REMINDER", true, true),
            ("SLOT_OFFERED", true, true),
            ("TIME_BANK_STATEMENT", true, true),
            // About the visitor's own standing (未到): always sent.
            ("NO_SHOW", false, true),
            ("CAPACITY_REDUCED", false, true),
            ("CAPACITY_RESTORED", false, true),
        ])
    );
    let reminder = &visitor["notificationSettings"][1];
    assert_eq!(reminder["label"], "探访提醒");
    assert_eq!(reminder["channels"], json!(["SMS", "EMAIL", "IN_APP"]));

    let alarms = owned(&[
        ("CASE_OPENED", false, true),
        ("LOST_CONTACT", false, true),
        ("OVERDUE_DIGEST", true, true),
        ("REVIEW_DUE", true, true),
    ]);
    assert_eq!(kinds(&app.with(&organizer).ok(SETTINGS, json!({})).await), alarms);
    assert_eq!(kinds(&app.with(&staff).ok(SETTINGS, json!({})).await), alarms);
    assert_eq!(
        kinds(&app.with(&admin).ok(SETTINGS, json!({})).await),
        owned(&[
            ("CASE_OVERDUE", false, true),
            ("OVERDUE_DIGEST", true, true),
            ("REVIEW_DUE", true, true),
        ])
    );
    assert_eq!(
        kinds(&app.with(&school).ok(SETTINGS, json!({})).await),
        owned(&[("SCHOOL_SUMMARY", true, true)])
    );
    let anonymous = app.anon().graphql(SETTINGS, json!({})).await;
    assert_eq!(tanfang_e2e::error_code(&anonymous).as_deref(), Some("UNAUTHENTICATED"));
}

async fn alarms_and_other_roles_kinds_cannot_be_switched_off(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let (_, volunteer) = town::visitor(&app, &organizer, 1, 4, false).await;
    let tables = ["notification_opt_outs", "audit_log"];
    let before = row_counts(&app, &tables);
    let refused = app
        .with(&organizer)
        .graphql(OPT_OUT, json!({ "k": "CASE_OPENED", "off": true }))
        .await;
    assert_eq!(error_fields(&refused), ["kind"], "{refused}");
    let not_mine = app
        .with(&volunteer)
        .graphql(OPT_OUT, json!({ "k": "SCHOOL_SUMMARY", "off": true }))
        .await;
    assert_eq!(error_fields(&not_mine), ["kind"], "{not_mine}");
    let code = app
        .with(&organizer)
        .graphql(OPT_OUT, json!({ "k": "ELDER_CODE", "off": true }))
        .await;
    assert_eq!(error_fields(&code), ["kind"], "{code}");
    assert_eq!(row_counts(&app, &tables), before, "a refused switch writes nothing");

    // An optional kind switches off and on again, each change audited.
    let off = app
        .with(&volunteer)
        .ok(OPT_OUT, json!({ "k": "SLOT_OFFERED", "off": true }))
        .await;
    let slot_offered = off["setNotificationOptOut"]
        .as_array()
        .expect("settings")
        .iter()
        .find(|s| s["kind"] == "SLOT_OFFERED")
        .cloned();
    assert_eq!(slot_offered, Some(json!({ "kind": "SLOT_OFFERED", "on": false })));
    app.with(&volunteer)
        .ok(OPT_OUT, json!({ "k": "SLOT_OFFERED", "off": false }))
        .await;
    assert!(kinds(&app.with(&volunteer).ok(SETTINGS, json!({})).await)
        .iter()
        .all(|(_, _, on)| *on));
    assert_eq!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('notification.opt_out', 'notification.opt_in')"
        ),
        2
    );
}

async fn a_contact_is_checked_and_stored_encrypted_and_masked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let (_, volunteer) = town::visitor(&app, &organizer, 1, 4, false).await;
    let before = row_counts(&app, &["audit_log"]);
    let bad = app
        .with(&volunteer)
        .graphql(CONTACT, json!({ "e": "wang at example.cn", "l": "en" }))
        .await;
    assert_eq!(error_fields(&bad), ["email"], "{bad}");
    let bad_locale = app
        .with(&volunteer)
        .graphql(CONTACT, json!({ "e": "wang@example.cn", "l": "fr" }))
        .await;
    assert_eq!(error_fields(&bad_locale), ["locale"], "{bad_locale}");
    assert_eq!(row_counts(&app, &["audit_log"]), before);
    let me = "query { me { email locale } }";
    assert_eq!(
        app.with(&volunteer).ok(me, json!({})).await["me"],
        json!({ "email": null, "locale": null }),
        "a refused contact writes nothing"
    );

    let saved = app
        .with(&volunteer)
        .ok(CONTACT, json!({ "e": " Wang.Wu@Example.CN ", "l": "en" }))
        .await;
    assert_eq!(
        saved["updateMyContact"],
        json!({ "email": "W***@example.cn", "locale": "en" })
    );
    let stored = tanfang_e2e::text(
        &mut app.db.connect(),
        "SELECT email_enc AS t FROM users WHERE username = 'visitor1'",
    );
    assert!(!stored.contains("example"), "stored encrypted: {stored}");
    assert_eq!(
        app.keys().cipher().decrypt("users.email", &stored).expect("decrypts"),
        "Wang.Wu@example.cn"
    );
    // Leaving the address out keeps it; the language alone changes.
    let zh = app.with(&volunteer).ok(CONTACT, json!({ "l": "zh" })).await;
    assert_eq!(
        zh["updateMyContact"],
        json!({ "email": "W***@example.cn", "locale": "zh" })
    );
    let audited = tanfang_e2e::text(
        &mut app.db.connect(),
        "SELECT COALESCE(STRING_AGG(after_json, '|'), '') AS t FROM audit_log WHERE action = 'account.contact'",
    );
    assert!(
        audited.contains("W***@example.cn") && !audited.contains("Wang.Wu"),
        "{audited}"
    );
}

async fn a_switched_off_reminder_is_not_sent_while_an_alarm_still_arrives(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let (volunteer_id, volunteer) = town::visitor(&app, &organizer, 1, 4, false).await;
    app.with(&volunteer)
        .ok(CONTACT, json!({ "e": "v1@volunteer.test" }))
        .await;
    app.with(&organizer).ok(CONTACT, json!({ "e": "org@town.test" })).await;
    let slot_elder = town::key_elder(&app, &organizer, VILLAGE, 2).await;
    let month = Month::of(tanfang_e2e::today());
    let (_, from) = claim_in(&app, &organizer, &volunteer, &slot_elder, month).await;

    app.with(&volunteer)
        .ok(OPT_OUT, json!({ "k": "VISIT_REMINDER", "off": true }))
        .await;
    // The organizer switches off what it may; an opt-out of an alarm left in the table (as
    // an older build might have written it) still does not stop the alarm.
    app.with(&organizer)
        .ok(OPT_OUT, json!({ "k": "OVERDUE_DIGEST", "off": true }))
        .await;
    let org_id = app.with(&organizer).ok("query { me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let stale = format!(
        "INSERT INTO notification_opt_outs (user_id, kind, opted_out_at) VALUES ('{org_id}', 'case_opened', '2026-11-01 00:00:00')"
    );
    diesel::connection::SimpleConnection::batch_execute(&mut app.db.connect(), &stale).expect("stale opt-out");

    let alarm_elder = town::key_elder(&app, &organizer, VILLAGE, 1).await;
    accepted_visit_finding(
        &app,
        &organizer,
        &alarm_elder,
        "IN_PERSON",
        "2026-11-17T09:00:00",
        json!({"support": {"hasCarer": false}}),
    )
    .await;

    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let worker = worker(&app, &smtp, &sms);
    worker.run_once().expect("pass"); // what is due now: the alarm, the claim's confirmation
    day_before(&app, &worker, from);

    let received = smtp.received();
    let alarm = received
        .iter()
        .filter(|m| m.to == ["org@town.test"])
        .filter_map(|m| {
            MessageParser::default()
                .parse(&m.data)
                .and_then(|p| p.subject().map(String::from))
        })
        .find(|s| s.starts_with("【探访】新风险个案"));
    assert!(alarm.is_some(), "the alarm reaches the organizer: {received:?}");
    assert!(
        received.iter().any(|m| m.to == ["v1@volunteer.test"]),
        "the claim's confirmation, still on, reaches the volunteer"
    );
    assert!(reminders_to(&smtp, "v1@volunteer.test").is_empty(), "no reminder mail");
    assert!(
        sms.requests().iter().all(|r| r.params["TemplateCode"] != "SMS_300"),
        "no reminder SMS"
    );
    assert_eq!(
        count(
            &mut app.db.connect(),
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'visit_reminder' AND recipient_user_id = '{volunteer_id}'"
            )
        ),
        0,
        "not even in the app"
    );
}

/// The path and query of the link a mail's `List-Unsubscribe` header carries.
fn unsubscribe_path(raw: &[u8]) -> String {
    let mail = MessageParser::default().parse(raw).expect("parses");
    let header = mail.header_raw("List-Unsubscribe").expect("a List-Unsubscribe header");
    let url: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    let url = url.trim_start_matches('<').trim_end_matches('>');
    let start = url.find("/unsubscribe?").expect("the unsubscribe path");
    url[start..].to_string()
}

async fn the_link_of_a_received_mail_switches_its_kind_off(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let (volunteer_id, volunteer) = town::visitor(&app, &organizer, 1, 8, false).await;
    app.with(&volunteer)
        .ok(CONTACT, json!({ "e": "v1@volunteer.test" }))
        .await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 2).await;
    let month = Month::of(tanfang_e2e::today());
    let (_, first) = claim_in(&app, &organizer, &volunteer, &elder, month).await;
    let (_, second) = claim_in(&app, &organizer, &volunteer, &elder, month.next()).await;
    assert!(second > first);

    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let worker = worker(&app, &smtp, &sms);
    day_before(&app, &worker, first);
    let reminders = reminders_to(&smtp, "v1@volunteer.test");
    assert_eq!(reminders.len(), 1, "the first reminder arrives");
    let raw = String::from_utf8_lossy(&reminders[0]).into_owned();
    assert!(
        raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{raw}"
    );
    let path = unsubscribe_path(&reminders[0]);
    let opted_out = |app: &TestApp| count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM notification_opt_outs");

    // The link opened in a browser: a page that asks, and writes nothing.
    let (status, page) = app.get(&path).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("探访提醒") && page.contains("确认退订"), "{page}");
    assert!(page.contains("method=\"post\""), "{page}");
    assert!(page.contains("visit reminder"), "English below: {page}");
    let visible = page.split("<form").next().unwrap_or("");
    assert!(!visible.contains(&volunteer_id), "no id shown: {visible}");
    assert_eq!(opted_out(&app), 0, "GET writes nothing");

    // The mail reader's one-click POST (RFC 8058).
    let (status, done) = app.post_form(&path, "List-Unsubscribe=One-Click").await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("已退订"), "{done}");
    assert_eq!(opted_out(&app), 1);
    // Signed in anew: the clock was set back before the first token's issue.
    let volunteer = app.token("visitor1", tanfang_e2e::PASSWORD).await;
    let settings = app.with(&volunteer).ok(SETTINGS, json!({})).await;
    assert!(
        kinds(&settings).contains(&("VISIT_REMINDER".to_string(), true, false)),
        "{settings}"
    );
    assert_eq!(
        count(
            &mut app.db.connect(),
            &format!(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'notification.unsubscribe' AND actor_id = '{volunteer_id}'"
            )
        ),
        1,
        "audited as the account's act"
    );
    // Clicking twice is harmless.
    let (again, _) = app.post_form(&path, "List-Unsubscribe=One-Click").await;
    assert_eq!(again, 200);
    assert_eq!(opted_out(&app), 1);

    // The next reminder is not sent.
    day_before(&app, &worker, second);
    assert_eq!(reminders_to(&smtp, "v1@volunteer.test").len(), 1, "no second reminder");
    assert_eq!(
        sms.requests()
            .iter()
            .filter(|r| r.params["TemplateCode"] == "SMS_300")
            .count(),
        1,
        "the first reminder's SMS only"
    );
}

/// `token` with its last character changed.
fn altered(token: &str) -> String {
    let mut chars: Vec<char> = token.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = if *last == 'A' { 'B' } else { 'A' };
    }
    chars.into_iter().collect()
}

async fn a_forged_link_writes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let (volunteer_a, _) = town::visitor(&app, &organizer, 1, 4, false).await;
    let (volunteer_b, _) = town::visitor(&app, &organizer, 2, 4, false).await;
    let org_id = app.with(&organizer).ok("query { me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    // Links as the server signs them, made with its keys.
    let call = Call::at(
        app.clock.now(),
        Actor::system("test"),
        app.keys().cipher(),
        tanfang_e2e::packs(),
    );
    let token = |account: &str, kind: MessageKind| {
        tanfang::notify::unsubscribe::token(&call, &AccountId::from(account.to_string()), kind)
    };
    let a_reminder = token(&volunteer_a, MessageKind::VisitReminder);
    let a_claims = token(&volunteer_a, MessageKind::ClaimConfirmed);
    let tables = ["notification_opt_outs", "audit_log"];
    let before = row_counts(&app, &tables);
    let forged = [
        // A's token on B's account.
        (
            format!("/unsubscribe?a={volunteer_b}&k=visit_reminder&t={a_reminder}"),
            404,
        ),
        // A's token of one kind on another kind.
        (
            format!("/unsubscribe?a={volunteer_a}&k=visit_reminder&t={a_claims}"),
            404,
        ),
        // A token altered by one character.
        (
            format!(
                "/unsubscribe?a={volunteer_a}&k=visit_reminder&t={}",
                altered(&a_reminder)
            ),
            404,
        ),
        (format!("/unsubscribe?a={volunteer_a}&k=visit_reminder"), 404),
        (
            format!("/unsubscribe?a={volunteer_a}&k=no_such_kind&t={a_reminder}"),
            404,
        ),
        // A genuine token of an alarm: alarms cannot be unsubscribed from.
        (
            format!(
                "/unsubscribe?a={org_id}&k=case_opened&t={}",
                token(&org_id, MessageKind::CaseOpened)
            ),
            400,
        ),
    ];
    for (path, status) in &forged {
        let (post, page) = app.post_form(path, "List-Unsubscribe=One-Click").await;
        assert_eq!(post, *status, "{path}: {page}");
        assert!(
            page.contains("<html") && (page.contains("链接无效") || page.contains("不能退订")),
            "{page}"
        );
        assert!(!page.contains(&volunteer_a) && !page.contains(&org_id), "{page}");
        let (get, _) = app.get(path).await;
        assert_eq!(get, *status, "GET {path}");
    }
    assert_eq!(row_counts(&app, &tables), before, "a forged link writes nothing");
    // The genuine link works (the forgeries above were refused for being forged).
    let (ok, _) = app
        .post_form(
            &format!("/unsubscribe?a={volunteer_a}&k=visit_reminder&t={a_reminder}"),
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(ok, 200);
}

per_backend!(
    each_role_sees_the_kinds_it_receives,
    alarms_and_other_roles_kinds_cannot_be_switched_off,
    a_contact_is_checked_and_stored_encrypted_and_masked,
    a_switched_off_reminder_is_not_sent_while_an_alarm_still_arrives,
    the_link_of_a_received_mail_switches_its_kind_off,
    a_forged_link_writes_nothing,
);
