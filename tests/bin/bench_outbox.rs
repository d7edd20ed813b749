//! The outbox's speed (issue #17), in one run against loopback peers and a baseline measured
//! in the same run:
//!
//! 1. **mail**: `--mails` mails written to the outbox and sent by the real worker (SMTP through
//!    lettre) to the loopback SMTP server, against lettre sending the same messages (built by
//!    the same code, same `Message-ID`s) directly on one SMTP connection;
//! 2. **SMS**: `--sms` SMS through the worker to the loopback 阿里云 provider, against the same
//!    signed requests (signed by `notify::aliyun` through `AliyunSms::signed_query`) sent
//!    directly on one keep-alive HTTP agent;
//! 3. **alarm latency**: with the worker running as in `tanfang serve` (its poll loop, default
//!    1 s), `--alarms` visit records that open a major-risk case are submitted one after the
//!    other over HTTP; the time from sending each record to each of its alarm messages'
//!    arrival at the SMTP server or the SMS provider, p50 and p99.
//!
//! `scripts/bench-outbox.sh` builds this in release and runs it on each backend.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use serde_json::json;
use tanfang::db::records::{insert_outbox, OutboxRow};
use tanfang::db::{write_transaction, Database};
use tanfang::domain::message::{Channel, MessageKind};
use tanfang::error::AppError;
use tanfang::notify::compose::{self, Lang};
use tanfang::notify::config::parse_templates;
use tanfang::notify::queue::OUTBOX_RECIPIENT;
use tanfang::notify::transport::{build_mail, AliyunSms, MailTransport, Outgoing, SmsTransport};
use tanfang::notify::worker::Worker;
use tanfang_e2e::mailbox::{SmsProvider, SmtpServer, SMS_KEY_ID, SMS_KEY_SECRET};
use tanfang_e2e::town::{self, VILLAGE};
use tanfang_e2e::{text, visit_record_finding, Backend, TestApp};

struct Args {
    backend: Backend,
    mails: usize,
    sms: usize,
    alarms: u16,
    poll_ms: u64,
}

fn args() -> Args {
    let mut args = Args {
        backend: Backend::Sqlite,
        mails: 10_000,
        sms: 10_000,
        alarms: 200,
        poll_ms: 1000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        let number = || {
            value
                .parse::<u64>()
                .unwrap_or_else(|_| usage(&format!("{flag} {value}")))
        };
        match flag.as_str() {
            "--backend" => {
                args.backend = match value.as_str() {
                    "sqlite" => Backend::Sqlite,
                    "postgres" => Backend::Postgres,
                    _ => usage(&format!("--backend {value}")),
                }
            }
            "--mails" => args.mails = number() as usize,
            "--sms" => args.sms = number() as usize,
            "--alarms" => args.alarms = u16::try_from(number()).unwrap_or(400).min(400),
            "--poll-ms" => args.poll_ms = number(),
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    args
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "{problem}\nusage: bench_outbox [--backend sqlite|postgres] [--mails 10000] [--sms 10000] \
         [--alarms 200 (at most 400)] [--poll-ms 1000]\n(postgres: TANFANG_TEST_PG names the server)"
    );
    std::process::exit(2)
}

fn bar(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>28} {bar:30} {pos}/{len} {per_sec} {elapsed}")
            .expect("progress template"),
    );
    bar.set_prefix(what.to_string());
    bar
}

fn per_second(n: usize, took: Duration) -> f64 {
    n as f64 / took.as_secs_f64()
}

#[actix_rt::main]
async fn main() {
    let args = args();
    let app = TestApp::spawn(args.backend).await;
    let db = Database::open(&app.db.url).expect("database");
    println!(
        "backend {:?}, {} mails, {} SMS, {} alarms, poll {} ms",
        args.backend, args.mails, args.sms, args.alarms, args.poll_ms
    );
    if args.mails > 0 {
        mail_throughput(&app, &db, args.mails);
    }
    if args.sms > 0 {
        sms_throughput(&app, &db, args.sms);
    }
    if args.alarms > 0 {
        alarm_latency(&app, args.alarms, args.poll_ms).await;
    }
}

fn worker(app: &TestApp, db: &Database, mail: MailTransport, sms: SmsTransport) -> Worker {
    Worker::new(
        db.clone(),
        app.keys().cipher(),
        tanfang_e2e::packs(),
        app.clock.clone(),
        mail,
        sms,
    )
}

fn sender() -> lettre::message::Mailbox {
    "探访 <noreply@tanfang.test>".parse().expect("from")
}

fn aliyun(provider: &SmsProvider) -> AliyunSms {
    AliyunSms::new(
        provider.endpoint(),
        SMS_KEY_ID.into(),
        SMS_KEY_SECRET.into(),
        "某某区民政局".into(),
        parse_templates(&["case_opened=SMS_100".into()]).expect("templates"),
    )
}

/// One due outbox row of a risk alarm to `to`, as `notify::queue` writes one.
fn row(app: &TestApp, channel: Channel, to: &str, n: usize) -> OutboxRow {
    let now = app.clock.now().naive_utc();
    let risk = ["无人照料", "用电安全隐患", "燃气安全隐患"][n % 3];
    let mut row = OutboxRow {
        id: uuid::Uuid::now_v7().to_string(),
        case_id: None,
        channel,
        recipient_kind: "town".into(),
        recipient_name: "镇街".into(),
        recipient_enc: Some(app.keys().cipher().encrypt(OUTBOX_RECIPIENT, to)),
        recipient_masked: Some("x***".into()),
        recipient_user_id: None,
        body: String::new(),
        created_at: now,
        sent_at: None,
        attempts: 0,
        kind: MessageKind::CaseOpened,
        params: None,
        subject: None,
        html_body: None,
        attachment_name: None,
        attachment: None,
        secret: false,
        due_at: Some(now - chrono::TimeDelta::seconds(1)),
        leased_until: None,
        last_error: None,
        dead_at: None,
        area_code: Some(VILLAGE.into()),
        dedupe_key: None,
    };
    match channel {
        Channel::Email => {
            let context = json!({ "receiver": "镇街", "village": format!("白鹤{n}村"), "risk": risk,
                                  "severity": "紧急", "hours": 24, "due": "11月19日 10:00" });
            let mail = compose::mail(MessageKind::CaseOpened, Lang::Zh, &context, None).expect("mail renders");
            row.subject = Some(mail.subject);
            row.body = mail.text;
            row.html_body = Some(mail.html);
        }
        _ => {
            let params = BTreeMap::from([("risk".to_string(), risk.to_string())]);
            let sms = compose::sms(MessageKind::CaseOpened, params).expect("sms renders");
            row.params = Some(serde_json::to_string(&sms.params).expect("params"));
            row.body = sms.text;
            row.recipient_kind = "emergency_contact".into();
        }
    }
    row
}

/// Writes `rows` into the outbox, 500 to a transaction (not timed against anything: shown).
fn write(db: &Database, rows: &[OutboxRow]) {
    let started = Instant::now();
    for chunk in rows.chunks(500) {
        db.with_conn(|conn| Ok::<_, AppError>(write_transaction(conn, |c| insert_outbox(c, chunk))?))
            .expect("outbox rows written");
    }
    println!(
        "  {} rows written to the outbox in {:.2} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Runs passes of `worker` (as its loop does while there is work) until the outbox is empty.
fn drain(worker: &Worker, n: usize, what: &str) -> Duration {
    let progress = bar(n, what);
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let pass = worker.run_once().expect("pass");
        assert_eq!(pass.retried + pass.dead, 0, "every message goes: {pass:?}");
        if pass.taken() == 0 {
            break;
        }
        sent += pass.sent;
        progress.inc(pass.sent as u64);
    }
    let took = started.elapsed();
    progress.finish();
    assert_eq!(sent, n, "the worker sent every row once");
    took
}

fn report(what: &str, n: usize, worker: Duration, direct: Duration, target: f64) {
    let (w, d) = (per_second(n, worker), per_second(n, direct));
    let ratio = w / d;
    println!(
        "RESULT {what}: worker {w:.0}/s ({:.2} s), direct {d:.0}/s ({:.2} s), ratio {ratio:.2}x (target >= {target}x: {})",
        worker.as_secs_f64(),
        direct.as_secs_f64(),
        if ratio >= target { "met" } else { "MISSED" }
    );
}

fn mail_throughput(app: &TestApp, db: &Database, n: usize) {
    println!("mail: {n} mails to the loopback SMTP server");
    let smtp = SmtpServer::start();
    let rows: Vec<OutboxRow> = (0..n)
        .map(|i| row(app, Channel::Email, &format!("town{i}@town.test"), i))
        .collect();

    // The baseline: the same messages, built by the same code, on one SMTP connection.
    let from = sender();
    let messages: Vec<lettre::Message> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let to = format!("town{i}@town.test");
            let out = Outgoing {
                row,
                to: &to,
                unsubscribe: None,
                at: app.clock.now(),
            };
            build_mail(&from, &out).expect("mail builds")
        })
        .collect();
    let progress = bar(n, "lettre, one connection");
    let started = Instant::now();
    let mut conn = SmtpConnection::connect(
        ("127.0.0.1", smtp.port),
        Some(Duration::from_secs(20)),
        &ClientId::default(),
        None,
        None,
    )
    .expect("smtp connection");
    for message in &messages {
        conn.send(message.envelope(), &message.formatted()).expect("sent");
        progress.inc(1);
    }
    conn.quit().expect("quit");
    let direct = started.elapsed();
    progress.finish();
    assert_eq!(smtp.count(), n, "the server has every mail sent directly");

    write(db, &rows);
    let mail = MailTransport::smtp(&smtp.url(), sender()).expect("smtp transport");
    let worker = worker(app, db, mail, SmsTransport::Log);
    let through_worker = drain(&worker, n, "outbox worker, SMTP");
    assert_eq!(smtp.count(), 2 * n, "the server has every mail the worker sent");
    report("mail", n, through_worker, direct, 0.5);
}

fn sms_throughput(app: &TestApp, db: &Database, n: usize) {
    println!("sms: {n} SMS to the loopback 阿里云 provider");
    let provider = SmsProvider::start();
    let rows: Vec<OutboxRow> = (0..n)
        .map(|i| row(app, Channel::Sms, &format!("139{i:08}"), i))
        .collect();

    // The baseline: the same requests, signed by the server's code, on one keep-alive agent.
    let client = aliyun(&provider);
    let urls: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let to = format!("139{i:08}");
            let at = app.clock.now();
            let out = Outgoing {
                row,
                to: &to,
                unsubscribe: None,
                at,
            };
            let nonce = uuid::Uuid::new_v4().to_string();
            let timestamp = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            format!(
                "{}?{}",
                provider.endpoint(),
                client.signed_query("SMS_100", &out, &nonce, &timestamp)
            )
        })
        .collect();
    let progress = bar(n, "signed requests, one agent");
    let started = Instant::now();
    for url in &urls {
        let answer: serde_json::Value = client
            .agent
            .get(url)
            .call()
            .expect("provider answers")
            .into_body()
            .read_json()
            .expect("JSON");
        assert_eq!(answer["Code"], "OK", "{answer}");
        progress.inc(1);
    }
    let direct = started.elapsed();
    progress.finish();
    assert_eq!(provider.count(), n, "the provider accepted every signed request");

    write(db, &rows);
    let worker = worker(app, db, MailTransport::Log, SmsTransport::Aliyun(aliyun(&provider)));
    let through_worker = drain(&worker, n, "outbox worker, SendSms");
    assert_eq!(provider.count(), 2 * n, "the provider has every SMS the worker sent");
    report("sms", n, through_worker, direct, 0.5);
}

/// Gives `username` a mail address, stored as the server stores one.
fn set_email(app: &TestApp, username: &str, address: &str) {
    let enc = app.keys().cipher().encrypt("users.email", address);
    let sql = format!("UPDATE users SET email_enc = '{enc}', email_masked = 'x***' WHERE username = '{username}'");
    diesel::connection::SimpleConnection::batch_execute(&mut app.db.connect(), &sql).expect("set email");
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    // The nearest-rank percentile: the smallest value with at least p% at or below it.
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank - 1]
}

async fn alarm_latency(app: &TestApp, n: u16, poll_ms: u64) {
    println!("alarms: {n} records that open a major-risk case, the worker polling every {poll_ms} ms");
    let (_admin, organizer) = town::district(app).await;
    set_email(app, "org", "org@town.test");
    let setup = bar(usize::from(n), "elders and records");
    let mut records = Vec::new();
    for i in 1..=n {
        let elder = town::key_elder(app, &organizer, VILLAGE, i).await;
        let record = visit_record_finding(
            app,
            &organizer,
            &elder,
            "IN_PERSON",
            "2026-11-17T09:00:00",
            json!({"support": {"hasCarer": false}}),
        )
        .await;
        records.push((elder, record));
        setup.inc(1);
    }
    setup.finish();

    let (smtp, provider) = (SmtpServer::start(), SmsProvider::start());
    let db = Database::open(&app.db.url).expect("database");
    let mail = MailTransport::smtp(&smtp.url(), sender()).expect("smtp transport");
    let running = worker(app, &db, mail, SmsTransport::Aliyun(aliyun(&provider)));
    let stop = Arc::new(AtomicBool::new(false));
    let stopper = stop.clone();
    let poll = Duration::from_millis(poll_ms);
    let thread = std::thread::spawn(move || running.run(poll, &stopper));

    let progress = bar(usize::from(n), "records submitted");
    let mut sent_at: HashMap<String, Instant> = HashMap::new();
    for (elder, record) in &records {
        let started = Instant::now();
        app.with(&organizer)
            .ok(
                "mutation($r: String!) { submitVisitRecord(record: $r) { record { id } } }",
                json!({ "r": record.to_string() }),
            )
            .await;
        sent_at.insert(elder.clone(), started);
        progress.inc(1);
    }
    progress.finish();

    // Each case's alarm: the emergency contact's SMS and the town's mail, told from the other
    // messages the worker's periodic jobs send meanwhile (offers, digests) by their case.
    let expected = 2 * usize::from(n);
    let pairs = text(
        &mut app.db.connect(),
        "SELECT COALESCE(STRING_AGG(o.id || ' ' || c.elder_id, ','), '') AS t FROM outbox o \
         JOIN risk_cases c ON c.id = o.case_id WHERE o.channel <> 'in_app'",
    );
    let elder_of: HashMap<&str, &str> = pairs.split(',').filter_map(|pair| pair.split_once(' ')).collect();
    let alarms = || -> Vec<(&'static str, &str, Instant)> {
        let mut arrivals: Vec<(&str, String, Instant)> = smtp
            .received()
            .iter()
            .map(|m| {
                let parsed = mail_parser::MessageParser::default()
                    .parse(&m.data)
                    .expect("mail parses");
                (
                    "mail",
                    parsed.message_id().expect("Message-ID").replace("@tanfang", ""),
                    m.at,
                )
            })
            .collect();
        arrivals.extend(
            provider
                .requests()
                .iter()
                .map(|r| ("sms", r.params["OutId"].clone(), r.at)),
        );
        arrivals
            .into_iter()
            .filter_map(|(channel, id, at)| elder_of.get(id.as_str()).map(|elder| (channel, *elder, at)))
            .collect()
    };
    let waiting = Instant::now();
    let mut arrived = alarms();
    while arrived.len() < expected && waiting.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(200));
        arrived = alarms();
    }
    stop.store(true, Ordering::Relaxed);
    let mut latencies: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    for (channel, elder, at) in &arrived {
        let latency = at.duration_since(sent_at[*elder]);
        latencies.entry(channel).or_default().push(latency);
        latencies.entry("all").or_default().push(latency);
    }
    assert_eq!(
        latencies.get("all").map_or(0, Vec::len),
        expected,
        "every case's SMS and mail arrived within 60 s"
    );
    for (channel, values) in &mut latencies {
        values.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let p99 = percentile(values, 99);
        println!(
            "RESULT alarm latency ({channel}, {} messages): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms (target p99 <= 5000 ms: {})",
            values.len(),
            ms(percentile(values, 50)),
            ms(p99),
            ms(values[values.len() - 1]),
            if p99 <= Duration::from_secs(5) { "met" } else { "MISSED" }
        );
    }
    thread.join().expect("worker stops");
}
