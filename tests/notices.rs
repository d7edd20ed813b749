//! The periodic messages of issue #17 reach their receivers (mail at a real loopback SMTP
//! server): a released slot is offered to eligible visitors nearby, not to the one who gave it
//! back, nor to one not approved or who switched offers off; the weekly overdue digest, the
//! half-yearly reviews due, a school's weekly summary and the monthly time-bank statement carry
//! the figures of a small scenario; and a job run twice in one period sends once.

use chrono::{Datelike, TimeDelta};
use serde_json::json;
use tanfang::db::{Database, DbConn};
use tanfang::domain::access::Actor;
use tanfang::domain::id::AccountId;
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::message::MessageKind;
use tanfang::error::AppResult;
use tanfang::service::{notices, Call};
use tanfang_e2e::mailbox::{self, set_email, SmsProvider, SmtpServer};
use tanfang_e2e::town::{self, DISTRICT, TOWN, VILLAGE, VILLAGE2};
use tanfang_e2e::{count, error_code, per_backend, Backend, TestApp, PASSWORD};

const REVIEW: &str = "mutation($id: String!, $d: ReviewDecision!, $c: String, $v: Int!) {
    reviewVisitRecord(id: $id, decision: $d, comment: $c, version: $v) { status version } }";

/// A mail as received: its receivers, subject and plain text.
struct Mail {
    to: Vec<String>,
    subject: String,
    body: String,
}

/// Sends everything due through `smtp` and returns what arrived there so far.
fn send_all(app: &TestApp, smtp: &SmtpServer, sms: &SmsProvider) -> Vec<Mail> {
    let worker = mailbox::worker(app, smtp, sms, &[]);
    while worker.run_once().expect("pass").taken() > 0 {}
    smtp.received()
        .iter()
        .map(|m| {
            let parsed = mail_parser::MessageParser::default().parse(&m.data).expect("parses");
            Mail {
                to: m.to.clone(),
                subject: parsed.subject().unwrap_or_default().to_string(),
                body: parsed.body_text(0).map(|b| b.into_owned()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The mails of `kind`'s subject prefix.
fn of<'a>(mails: &'a [Mail], prefix: &str) -> Vec<&'a Mail> {
    mails.iter().filter(|m| m.subject.starts_with(prefix)).collect()
}

/// Runs a periodic job's function as the worker does, now.
fn run(app: &TestApp, job: fn(&mut DbConn, &Call) -> AppResult<usize>) -> usize {
    let db = Database::open(&app.db.url).expect("open");
    let call = Call::at(
        app.clock.now(),
        Actor::system("test"),
        app.keys().cipher(),
        tanfang_e2e::packs(),
    );
    db.with_conn(|c| job(c, &call)).expect("job")
}

fn sql(app: &TestApp, statement: &str) {
    diesel::connection::SimpleConnection::batch_execute(&mut app.db.connect(), statement).expect(statement);
}

async fn a_released_slot_is_offered_to_eligible_visitors_nearby(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 1).await;
    let (_, releaser) = town::visitor(&app, &organizer, 1, 8, false).await;
    let (near_id, _) = town::visitor(&app, &organizer, 2, 8, false).await;
    let (pending_id, _) = town::visitor(&app, &organizer, 3, 8, true).await;
    let (quiet_id, _) = town::visitor(&app, &organizer, 4, 8, false).await;
    for n in 1..=4 {
        set_email(&app, &format!("visitor{n}"), &format!("v{n}@volunteer.test"));
    }
    // Visitor 4 switched offers off.
    let db = Database::open(&app.db.url).expect("open");
    db.with_conn(|c| {
        Ok(tanfang::db::outbox::set_opt_out(
            c,
            &AccountId::from(quiet_id.clone()),
            MessageKind::SlotOffered,
            true,
            app.clock.now().naive_utc(),
        )?)
    })
    .expect("opt out");

    // Next month's first slot: claimed by visitor 1, then given back well before it opens.
    let next = tanfang::domain::period::Month::of(tanfang_e2e::today()).next();
    let slot = town::open_slots(&app, &organizer, next)
        .await
        .into_iter()
        .find(|s| s.elder == elder)
        .expect("a slot next month")
        .id;
    app.with(&releaser)
        .ok(
            "mutation($s: String!) { claimSlot(slotId: $s) { id } }",
            json!({ "s": slot }),
        )
        .await;
    app.with(&releaser)
        .ok(
            "mutation($s: String!) { releaseSlot(slotId: $s) { id status } }",
            json!({ "s": slot }),
        )
        .await;

    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let mails = send_all(&app, &smtp, &sms);
    let offers = of(&mails, "【探访】附近有空缺时段");
    let to: Vec<&str> = offers.iter().flat_map(|m| m.to.iter().map(String::as_str)).collect();
    assert_eq!(to, ["v2@volunteer.test"], "only the approved visitor who wants offers");
    assert!(offers[0].subject.contains("独老人"), "{}", offers[0].subject);
    assert!(
        !offers[0].body.contains("独居老人1"),
        "surname only: {}",
        offers[0].body
    );
    assert!(!offers[0].body.contains("13800138000"), "no phone: {}", offers[0].body);
    let rows = |who: &str| {
        count(
            &mut app.db.connect(),
            &format!("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'slot_offered' AND recipient_user_id = '{who}'"),
        )
    };
    assert_eq!(rows(&near_id), 2, "a line in the app and a mail");
    assert_eq!(rows(&pending_id), 0, "not approved: not offered");
    assert_eq!(rows(&quiet_id), 0, "switched off");
    let releaser_id = app.with(&releaser).ok("query { me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(rows(&releaser_id), 0, "not to the one who gave it back");

    // The morning job offers the slots about to open (this month's running ones); run twice,
    // each visitor hears of each slot once.
    let today = tanfang_e2e::today();
    let soon = today + TimeDelta::days(2);
    let this_month = town::open_slots(&app, &organizer, tanfang::domain::period::Month::of(today)).await;
    let running = this_month.iter().filter(|s| s.from <= soon && s.to >= today).count();
    assert!(running >= 1, "{this_month:?}");
    assert_eq!(
        run(&app, notices::offer_open_slots),
        2 * running,
        "each slot running or opening within 48 h, to visitors 1 and 2"
    );
    assert_eq!(run(&app, notices::offer_open_slots), 0, "a second run writes nothing");
    let mails = send_all(&app, &smtp, &sms);
    let offers = of(&mails, "【探访】附近有空缺时段");
    assert_eq!(offers.len(), 1 + 2 * running, "the release's one and the morning's");
}

async fn the_overdue_digest_counts_each_village_and_town(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    town::staff(&app, &admin, "cun1", "VILLAGE_STAFF", VILLAGE).await;
    // Two key elders in the first village and one in the second; nobody visits them, so each
    // misses the first half of this month (due by the 15th).
    for (village, n) in [(VILLAGE, 1), (VILLAGE, 2), (VILLAGE2, 3)] {
        town::key_elder(&app, &organizer, village, n).await;
    }
    set_email(&app, "cun1", "cun1@village.test");
    set_email(&app, "org", "org@town.test");
    set_email(&app, "admin", "admin@district.test");
    let days = (tanfang_e2e::today() - tanfang_e2e::today().with_day0(14).expect("15th")).num_days();
    assert_eq!(run(&app, notices::overdue_digest), 3, "village staff, organizer, admin");
    assert_eq!(run(&app, notices::overdue_digest), 0, "nothing written twice in a week");

    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let mails = send_all(&app, &smtp, &sms);
    let digests = of(&mails, "【探访】逾期周报");
    assert_eq!(digests.len(), 3, "one each: village staff, organizer, admin");
    let to = |address: &str| {
        *digests
            .iter()
            .find(|m| m.to == [address])
            .unwrap_or_else(|| panic!("no digest to {address}"))
    };
    let village = to("cun1@village.test");
    assert!(village.subject.contains("2位老人"), "{}", village.subject);
    assert_eq!(
        village.body.matches(&format!("独老人（逾期{days}天）")).count(),
        2,
        "{}",
        village.body
    );
    let town = to("org@town.test");
    assert!(town.subject.contains("3位老人"), "{}", town.subject);
    assert!(town.body.contains(&format!("区划{VILLAGE}：2人")), "{}", town.body);
    assert!(town.body.contains(&format!("区划{VILLAGE2}：1人")), "{}", town.body);
    let district = to("admin@district.test");
    assert!(district.subject.contains("3位老人"), "{}", district.subject);
    assert!(district.body.contains(&format!("区划{TOWN}：3人")), "{}", district.body);
    assert!(
        !district.body.contains("独老人"),
        "the district gets the town-level summary"
    );
    for mail in &digests {
        assert!(!mail.body.contains("独居老人"), "no full names: {}", mail.body);
    }
}

async fn reviews_due_this_month_and_overdue_reach_the_town(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    set_email(&app, "org", "org@town.test");
    // Registered on 20 April (due 20 October: overdue), 10 May (due 10 November: this
    // month), 5 June (due 5 December: not yet), and 10 May but reviewed on 1 September
    // (next due in March).
    let registered = [
        ("2026-04-19 17:00:00", None),
        ("2026-05-09 17:00:00", None),
        ("2026-06-04 17:00:00", None),
        ("2026-05-09 17:00:00", Some("2026-09-01")),
    ];
    for (n, (at, review)) in registered.into_iter().enumerate() {
        let elder = town::key_elder(&app, &organizer, VILLAGE, 20 + n as u16).await;
        sql(
            &app,
            &format!("UPDATE elders SET created_at = '{at}' WHERE id = '{elder}'"),
        );
        if let Some(day) = review {
            app.with(&organizer)
                .ok(
                    "mutation($id: String!, $d: LocalDate!) { recordElderReview(id: $id, reviewedOn: $d, reviewer: \"李主任\") { reviewedOn } }",
                    json!({ "id": elder, "d": day }),
                )
                .await;
        }
    }
    assert_eq!(run(&app, notices::reviews_due), 1);
    assert_eq!(run(&app, notices::reviews_due), 0);
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let mails = send_all(&app, &smtp, &sms);
    let due = of(&mails, "【探访】半年复核提醒");
    assert_eq!(due.len(), 1, "once, however often the job runs");
    assert_eq!(due[0].to, ["org@town.test"]);
    assert!(due[0].subject.contains("2位老人11月应复核"), "{}", due[0].subject);
    let body = &due[0].body;
    assert!(body.contains("其中 1 位已逾期"), "{body}");
    assert!(body.contains("独老人：应于10月20日前复核，已逾期"), "{body}");
    assert!(body.contains("独老人：应于11月10日前复核"), "{body}");
    assert!(!body.contains("12月5日") && !body.contains("3月1日"), "{body}");
}

/// Accepts a 40-minute visit of `visitor_id` and dates its credit at `at` (naive UTC).
async fn credited_visit(app: &TestApp, organizer: &str, visitor_id: &str, n: i64, at: Option<&str>) {
    let (record, version) = town::visit_by(app, organizer, visitor_id, n).await;
    app.with(organizer)
        .ok(REVIEW, json!({ "id": record, "d": "ACCEPT", "v": version }))
        .await;
    if let Some(at) = at {
        sql(
            app,
            &format!("UPDATE ledger_transfers SET created_at = '{at}' WHERE record_id = '{record}'"),
        );
    }
}

async fn a_school_hears_of_its_students_hours_of_the_week_and_the_term(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    let (_, school_admin) = town::school(&app, &admin, 1).await;
    set_email(&app, "school1", "school1@school.test");
    let born = chrono::NaiveDate::from_ymd_opt(2004, 9, 1).expect("date");
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
    // Now is Wednesday 18 November: last week is 9–15 November. One visit credited then, one
    // on 3 November, one today: the week has 1 visit and 40 minutes, the term 3 and 120.
    credited_visit(&app, &organizer, &student, 3, Some("2026-11-12 02:00:00")).await;
    credited_visit(&app, &organizer, &student, 4, Some("2026-11-03 02:00:00")).await;
    credited_visit(&app, &organizer, &student, 5, None).await;
    app.clock.set(app.clock.now() + TimeDelta::minutes(1));
    assert_eq!(run(&app, notices::school_summaries), 1);
    assert_eq!(run(&app, notices::school_summaries), 0);
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let mails = send_all(&app, &smtp, &sms);
    let summaries = of(&mails, "【探访】学生服务周报");
    assert_eq!(summaries.len(), 1, "once");
    assert_eq!(summaries[0].to, ["school1@school.test"]);
    assert!(
        summaries[0].subject.contains("11月9日至11月15日"),
        "{}",
        summaries[0].subject
    );
    let body = &summaries[0].body;
    assert!(body.contains("有 1 名学生参加探访服务，共 1 次，40分钟"), "{body}");
    assert!(body.contains("至今：共 3 次，2小时"), "{body}");
    assert!(body.contains("王同学：本周1次 40分钟；本学期3次 2小时"), "{body}");
}

async fn the_time_bank_statement_has_last_months_entries_and_balance(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_admin, organizer) = town::district(&app).await;
    let (volunteer, _) = town::visitor(&app, &organizer, 1, 20, false).await;
    let (other, _) = town::visitor(&app, &organizer, 2, 20, false).await;
    set_email(&app, "visitor1", "v1@volunteer.test");
    set_email(&app, "visitor2", "v2@volunteer.test");
    // Visitor 1: 40 minutes in September, 40 on 5 and 40 on 20 October, 40 today (November).
    // October's statement: 2 entries, 80 minutes in, 120 minutes at the month's end.
    credited_visit(&app, &organizer, &volunteer, 3, Some("2026-09-10 02:00:00")).await;
    credited_visit(&app, &organizer, &volunteer, 4, Some("2026-10-05 02:00:00")).await;
    credited_visit(&app, &organizer, &volunteer, 5, Some("2026-10-20 02:00:00")).await;
    credited_visit(&app, &organizer, &volunteer, 6, None).await;
    // Visitor 2: one visit today: nothing in October, nothing at its end.
    credited_visit(&app, &organizer, &other, 7, None).await;
    assert_eq!(run(&app, notices::time_bank_statements), 2);
    assert_eq!(run(&app, notices::time_bank_statements), 0);
    let (smtp, sms) = (SmtpServer::start(), SmsProvider::start());
    let mails = send_all(&app, &smtp, &sms);
    let statements = of(&mails, "【探访】时间银行月结单");
    assert_eq!(statements.len(), 2, "one each, once");
    let mine = statements
        .iter()
        .find(|m| m.to == ["v1@volunteer.test"])
        .expect("visitor 1's");
    assert!(mine.subject.contains("2026年10月，余额2小时"), "{}", mine.subject);
    assert!(
        mine.body
            .contains("共有 2 笔记录：存入 80 分钟，支出 0 分钟。月末余额 120 分钟"),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("10月5日 探访计时 +40分钟"), "{}", mine.body);
    assert!(mine.body.contains("10月20日 探访计时 +40分钟"), "{}", mine.body);
    let theirs = statements
        .iter()
        .find(|m| m.to == ["v2@volunteer.test"])
        .expect("visitor 2's");
    assert!(theirs.body.contains("共有 0 笔记录"), "{}", theirs.body);
    assert!(theirs.body.contains("月末余额 0 分钟"), "{}", theirs.body);
}

per_backend!(
    a_released_slot_is_offered_to_eligible_visitors_nearby,
    the_overdue_digest_counts_each_village_and_town,
    reviews_due_this_month_and_overdue_reach_the_town,
    a_school_hears_of_its_students_hours_of_the_week_and_the_term,
    the_time_bank_statement_has_last_months_entries_and_balance,
);

/// 待复核 on screen: the same rule as the monthly reminder, for the town's organizer, the
/// longest overdue first; recording the review takes the elder off; another town's organizer
/// cannot read it.
async fn the_town_sees_which_reviews_are_due_and_a_recorded_review_takes_the_elder_off(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    const DUE: &str = "query($a: String!) { reviewsDue(areaCode: $a) { elderId name dueOn overdue } }";
    let mut elders = Vec::new();
    // Registered on 10 May (due 10 November: overdue by the 18th), 20 April (due 20 October),
    // 5 June (due 5 December: not this month).
    for (n, at) in ["2026-05-09 17:00:00", "2026-04-19 17:00:00", "2026-06-04 17:00:00"]
        .into_iter()
        .enumerate()
    {
        let elder = town::key_elder(&app, &organizer, VILLAGE, 40 + n as u16).await;
        sql(
            &app,
            &format!("UPDATE elders SET created_at = '{at}' WHERE id = '{elder}'"),
        );
        elders.push(elder);
    }
    let listed = app.with(&organizer).ok(DUE, json!({ "a": TOWN })).await;
    let due: Vec<(String, String, bool)> = listed["reviewsDue"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["elderId"].as_str().unwrap_or("").to_string(),
                        r["dueOn"].as_str().unwrap_or("").to_string(),
                        r["overdue"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        due,
        [
            (elders[1].clone(), "2026-10-20".to_string(), true),
            (elders[0].clone(), "2026-11-10".to_string(), true),
        ],
        "{listed:#}"
    );
    assert!(listed["reviewsDue"][0]["name"]
        .as_str()
        .is_some_and(|n| n.starts_with("独居老人")));

    app.with(&organizer)
        .ok(
            "mutation($id: String!) { recordElderReview(id: $id, reviewedOn: \"2026-11-17\", reviewer: \"李主任\") { id } }",
            json!({ "id": elders[1] }),
        )
        .await;
    let after = app.with(&organizer).ok(DUE, json!({ "a": TOWN })).await;
    assert_eq!(after["reviewsDue"].as_array().map(Vec::len), Some(1), "{after:#}");
    assert_eq!(after["reviewsDue"][0]["elderId"], elders[0].as_str());

    let other = town::second_town(&app, &admin).await;
    let refused = app.with(&other.organizer).graphql(DUE, json!({ "a": TOWN })).await;
    assert_eq!(error_code(&refused).as_deref(), Some("FORBIDDEN"), "{refused:#}");
}
per_backend!(the_town_sees_which_reviews_are_due_and_a_recorded_review_takes_the_elder_off);
