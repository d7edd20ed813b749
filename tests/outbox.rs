//! The outbox is sent (issue #17): a risk alarm reaches the family by SMS through the
//! provider's API and the town by mail through a real SMTP server; the elder's code goes out
//! and is blanked; rate limits are tried again, unapproved templates dead-lettered and shown
//! to admins; a worker that dies between sending and marking sends again under the same
//! message id; two workers never take one row; and no message carries an ID number.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};

use chrono::TimeDelta;
use mail_parser::MimeHeaders;
use serde_json::json;
use tanfang::domain::id_number::IdNumber;
use tanfang::notify::worker::{Worker, LEASE};
use tanfang_e2e::mailbox::{self, set_email, SmsProvider, SmtpServer};
use tanfang_e2e::town::{self, VILLAGE};
use tanfang_e2e::{accepted_visit_finding, count, per_backend, text, Backend, TestApp};

/// A worker of `app` that mails through `smtp` and texts through `sms`.
fn worker(app: &TestApp, smtp: &SmtpServer, sms: &SmsProvider) -> Worker {
    mailbox::worker(app, smtp, sms, &["case_opened=SMS_100", "elder_code=SMS_200"])
}

/// The district, an elder living alone with a son as emergency contact, the organizer with a
/// mail address, and a visit that found no carer: one case, its SMS and its mail due.
async fn alarm(app: &TestApp) -> String {
    let (_admin, organizer) = town::district(app).await;
    set_email(app, "org", "org@town.test");
    let elder = town::key_elder(app, &organizer, VILLAGE, 1).await;
    accepted_visit_finding(
        app,
        &organizer,
        &elder,
        "IN_PERSON",
        "2026-11-17T09:00:00",
        json!({"support": {"hasCarer": false}}),
    )
    .await;
    elder
}

async fn a_risk_alarm_reaches_the_family_by_sms_and_the_town_by_mail(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    alarm(&app).await;
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let pass = worker(&app, &smtp, &sms).run_once().expect("pass");
    assert_eq!((pass.sent, pass.retried, pass.dead), (2, 0, 0), "{pass:?}");

    let texts = sms.requests();
    assert_eq!(texts.len(), 1, "{texts:?}");
    let text_sent = &texts[0];
    assert_eq!(text_sent.params["PhoneNumbers"], "13900000003");
    assert_eq!(text_sent.params["TemplateCode"], "SMS_100");
    assert_eq!(text_sent.params["SignName"], "某某区民政局");
    assert_eq!(text_sent.template_params(), json!({"risk": "无人照料"}));
    let sms_id = text(
        &mut app.db.connect(),
        "SELECT id AS t FROM outbox WHERE channel = 'sms'",
    );
    assert_eq!(text_sent.params["OutId"], sms_id, "the SMS carries the message id");

    let mails = smtp.received();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["org@town.test"]);
    let mail = mail_parser::MessageParser::default()
        .parse(&mails[0].data)
        .expect("mail parses");
    assert_eq!(mail.subject(), Some("【探访】新风险个案：无人照料（区划500112001001）"));
    let body = mail.body_text(0).expect("text part");
    assert!(body.contains("72 小时内处置"), "{body}");
    assert!(mail.body_html(0).is_some_and(|h| h.contains("<p>")), "an HTML part too");
    let mail_id = text(
        &mut app.db.connect(),
        "SELECT id AS t FROM outbox WHERE channel = 'email'",
    );
    assert_eq!(mail.message_id(), Some(format!("{mail_id}@tanfang").as_str()));
    assert_eq!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM outbox WHERE channel <> 'in_app' AND sent_at IS NULL"
        ),
        0
    );
    // A second pass has nothing to send.
    assert_eq!(worker(&app, &smtp, &sms).run_once().expect("pass").taken(), 0);
    assert_eq!(smtp.received().len(), 1);
}

async fn the_elders_code_goes_out_and_is_blanked_once_sent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 2).await;
    app.with(&organizer)
        .ok(
            "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }",
            json!({ "e": elder }),
        )
        .await;
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    worker(&app, &smtp, &sms).run_once().expect("pass");
    let sent = sms.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].params["TemplateCode"], "SMS_200");
    assert_eq!(sent[0].params["PhoneNumbers"], "13800138000");
    let code = sent[0].template_params()["code"].as_str().expect("code").to_string();
    assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()), "{code}");
    let stored = text(
        &mut app.db.connect(),
        "SELECT body || ' ' || params AS t FROM outbox WHERE recipient_kind = 'elder'",
    );
    assert!(!stored.contains(&code), "the code is blanked once sent: {stored}");
    assert!(stored.contains("******"), "{stored}");
}

async fn rate_limits_are_retried_and_unapproved_templates_dead_lettered(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 3).await;
    let issue = "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }";
    app.with(&organizer).ok(issue, json!({ "e": elder })).await;
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    sms.answer_next(&["isv.BUSINESS_LIMIT_CONTROL"]);
    let worker = worker(&app, &smtp, &sms);
    let first = worker.run_once().expect("pass");
    assert_eq!((first.sent, first.retried), (0, 1));
    assert_eq!(
        worker.run_once().expect("pass").taken(),
        0,
        "not due again before its backoff"
    );
    app.clock.set(app.clock.now() + TimeDelta::seconds(31));
    assert_eq!(worker.run_once().expect("pass").sent, 1, "sent after the backoff");
    let answered: Vec<String> = sms.requests().iter().map(|r| r.answered.clone()).collect();
    assert_eq!(answered, ["isv.BUSINESS_LIMIT_CONTROL", "OK"]);

    // A template the provider has not approved fails the same way every time: dead at once.
    app.with(&organizer).ok(issue, json!({ "e": elder })).await;
    sms.answer_next(&["isv.SMS_TEMPLATE_ILLEGAL"]);
    let second = worker.run_once().expect("pass");
    assert_eq!(second.dead, 1, "{second:?}");
    let dead = app
        .with(&admin)
        .ok(
            "query { deadLetters { id kind channel recipientMasked lastError statusLabel body } }",
            json!({}),
        )
        .await;
    let letters = dead["deadLetters"].as_array().expect("list");
    assert_eq!(letters.len(), 1, "{dead}");
    assert_eq!(letters[0]["kind"], "ELDER_CODE");
    assert_eq!(letters[0]["statusLabel"], "发送失败");
    assert!(
        letters[0]["lastError"]
            .as_str()
            .is_some_and(|e| e.contains("isv.SMS_TEMPLATE_ILLEGAL")),
        "{dead}"
    );
    assert!(
        letters[0]["body"].as_str().is_some_and(|b| b.contains("******")),
        "a code never sent is blanked too: {dead}"
    );
    // The town's organizer reads its own; a visitor reads none.
    let town_sees = app.with(&organizer).ok("query { deadLetters { id } }", json!({})).await;
    assert_eq!(town_sees["deadLetters"].as_array().map(Vec::len), Some(1));
    let (_, visitor) = town::visitor(&app, &organizer, 1, 4, false).await;
    let refused = app
        .with(&visitor)
        .graphql("query { deadLetters { id } }", json!({}))
        .await;
    assert_eq!(tanfang_e2e::error_code(&refused).as_deref(), Some("FORBIDDEN"));
}

async fn a_worker_killed_between_send_and_mark_sends_again_with_the_same_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    alarm(&app).await;
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let dying = worker(&app, &smtp, &sms);
    let taken = dying.take(10).expect("take");
    let mail = taken
        .iter()
        .find(|r| r.channel == tanfang::domain::message::Channel::Email)
        .expect("the mail");
    assert_eq!(dying.deliver(mail), tanfang::domain::message::Delivery::Sent);
    drop(dying); // dies before settling

    let next = worker(&app, &smtp, &sms);
    assert_eq!(
        next.run_once().expect("pass").taken(),
        0,
        "the rows are leased to the dead worker"
    );
    app.clock.set(app.clock.now() + LEASE + TimeDelta::seconds(1));
    let pass = next.run_once().expect("pass");
    assert_eq!(pass.sent, 2, "the lease ran out: mail and SMS go (again)");
    let ids: Vec<String> = smtp
        .received()
        .iter()
        .map(|m| {
            let parsed = mail_parser::MessageParser::default().parse(&m.data).expect("parses");
            parsed.message_id().expect("id").to_string()
        })
        .collect();
    assert_eq!(ids.len(), 2, "sent twice: at least once");
    assert_eq!(ids[0], ids[1], "with the same message id");
    assert_eq!(ids[0], format!("{}@tanfang", mail.id));
}

async fn two_workers_never_take_one_row(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    for n in 0..10 {
        let elder = town::key_elder(&app, &organizer, VILLAGE, 10 + n).await;
        for _ in 0..3 {
            app.with(&organizer)
                .ok(
                    "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }",
                    json!({ "e": elder }),
                )
                .await;
        }
    }
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let barrier = Arc::new(Barrier::new(2));
    let takers: Vec<_> = (0..2)
        .map(|_| {
            let worker = worker(&app, &smtp, &sms);
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut mine = Vec::new();
                loop {
                    let rows = worker.take(4).expect("take");
                    if rows.is_empty() {
                        return mine;
                    }
                    mine.extend(rows.into_iter().map(|r| r.id));
                }
            })
        })
        .collect();
    let taken: Vec<Vec<String>> = takers.into_iter().map(|t| t.join().expect("taker")).collect();
    let all: Vec<&String> = taken.iter().flatten().collect();
    let distinct: HashSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), 30, "every row taken");
    assert_eq!(distinct.len(), 30, "and none by both workers");
}

/// Every message the outbox holds after the flows above, and every mail received, is
/// scanned for an 18-character ID number with a valid check digit.
async fn no_message_carries_an_id_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let elder = alarm(&app).await;
    let organizer = app.token("org", tanfang_e2e::PASSWORD).await;
    app.with(&organizer)
        .ok(
            "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }",
            json!({ "e": elder }),
        )
        .await;
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    worker(&app, &smtp, &sms).run_once().expect("pass");
    let mut texts: Vec<String> = smtp
        .received()
        .iter()
        .map(|m| String::from_utf8_lossy(&m.data).into_owned())
        .collect();
    texts.extend(sms.requests().iter().map(|r| format!("{:?}", r.params)));
    let stored = text(
        &mut app.db.connect(),
        "SELECT COALESCE(STRING_AGG(body || COALESCE(subject, '') || COALESCE(html_body, '') || COALESCE(params, ''), '|'), '') AS t FROM outbox",
    );
    texts.push(stored);
    assert!(texts.len() >= 3);
    for message in &texts {
        for token in id_like_tokens(message) {
            assert!(
                IdNumber::parse(&token, tanfang_e2e::today()).is_err(),
                "a message carries an ID number: {message}"
            );
        }
    }
}

/// Every run of 18 characters of digits and `X` in `s`.
pub(crate) fn id_like_tokens(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(18)
        .filter(|w| w.iter().all(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x'))
        .map(|w| w.iter().collect())
        .collect()
}

async fn a_claim_is_confirmed_by_mail_with_the_visit_as_a_calendar_event(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 4).await;
    let (_, volunteer) = town::visitor(&app, &organizer, 2, 8, false).await;
    set_email(&app, "visitor2", "v2@volunteer.test");
    let slot = town::claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    worker(&app, &smtp, &sms).run_once().expect("pass");
    let mails = smtp.received();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["v2@volunteer.test"]);
    let mail = mail_parser::MessageParser::default()
        .parse(&mails[0].data)
        .expect("parses");
    assert!(
        mail.subject()
            .is_some_and(|s| s.starts_with("【探访】认领成功：") && s.contains("独老人")),
        "{:?}",
        mail.subject()
    );
    let ics = mail
        .attachments()
        .find(|a| a.attachment_name() == Some("tanfang-visit.ics"))
        .and_then(|a| a.text_contents().map(String::from))
        .expect("an .ics attachment");
    assert!(ics.contains(&format!("UID:slot-{slot}@tanfang")), "{ics}");
    assert!(!ics.contains("独居老人4") && !ics.contains("13800138000"), "{ics}");
    // An optional kind: the mail carries the one-click unsubscribe headers.
    let raw = String::from_utf8_lossy(&mails[0].data);
    assert!(
        raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{raw}"
    );
}

/// A risk found at a door leaves before the alarms a district's lost-contact sweep raised
/// earlier, in numbers, and those before anything routine (an elder's code asked for first).
async fn a_risk_found_on_a_visit_goes_before_earlier_alarms(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let mut elders = Vec::new();
    for n in 0..3 {
        elders.push(town::key_elder(&app, &organizer, VILLAGE, 20 + n).await);
    }
    app.with(&organizer)
        .ok(
            "mutation($e: String!) { issueElderCode(elderId: $e) { sentTo } }",
            json!({ "e": elders[0] }),
        )
        .await;
    // Eight days without contact: the sweep finds all three lost and raises their alarms.
    let later = tanfang_e2e::now() + TimeDelta::days(8);
    app.clock.set(later);
    let admin = app.token("admin", tanfang_e2e::PASSWORD).await;
    let lost = app.with(&admin).ok("mutation { sweepLostContact }", json!({})).await;
    assert_eq!(lost["sweepLostContact"], 3);
    // A minute on, a visit to one of them finds no carer.
    app.clock.set(later + TimeDelta::minutes(1));
    let organizer = app.token("org", tanfang_e2e::PASSWORD).await;
    let local = (later - TimeDelta::hours(1))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    accepted_visit_finding(
        &app,
        &organizer,
        &elders[1],
        "IN_PERSON",
        &local,
        json!({"support": {"hasCarer": false}}),
    )
    .await;

    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let worker = worker(&app, &smtp, &sms);
    let kinds: Vec<String> = worker
        .take(100)
        .expect("take")
        .iter()
        .map(|r| r.kind.as_str().to_string())
        .collect();
    let first_other = kinds.iter().position(|k| k != "case_opened").expect("other rows");
    assert!(first_other >= 1, "the risk's messages come first: {kinds:?}");
    assert!(
        kinds[first_other..].iter().all(|k| k != "case_opened"),
        "all of them: {kinds:?}"
    );
    let routine = kinds.iter().position(|k| k == "elder_code").expect("the code is due");
    assert!(
        kinds[first_other..routine].iter().all(|k| k == "lost_contact")
            && kinds[routine..].iter().all(|k| k != "lost_contact"),
        "then the earlier alarms, then the code asked for before them: {kinds:?}"
    );
}

per_backend!(
    a_risk_found_on_a_visit_goes_before_earlier_alarms,
    a_claim_is_confirmed_by_mail_with_the_visit_as_a_calendar_event,
    a_risk_alarm_reaches_the_family_by_sms_and_the_town_by_mail,
    the_elders_code_goes_out_and_is_blanked_once_sent,
    rate_limits_are_retried_and_unapproved_templates_dead_lettered,
    a_worker_killed_between_send_and_mark_sends_again_with_the_same_id,
    two_workers_never_take_one_row,
    no_message_carries_an_id_number,
);
