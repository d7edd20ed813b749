//! Calendar feeds over HTTP on both backends: a visitor's secret feed, read with a different
//! iCalendar library (`ical`) than the server writes with, equals their schedule (same slots,
//! same start and end instants), names the elder by surname only and carries no phone
//! number; revoking and renewing kill the old URL; another visitor's claims never appear.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::period::Month;
use tanfang_e2e::town::{district, open_slots, visitor, OpenSlot, DISTRICT, VILLAGE};
use tanfang_e2e::{count, per_backend, Backend, TestApp, PASSWORD};

const RENEW: &str = "mutation { renewCalendarFeed { url since } }";
const REVOKE: &str = "mutation { revokeCalendarFeed }";
const FEED_STATE: &str = "{ me { calendarFeed { since } } }";
const SCHEDULE: &str = "{ mySchedule { id windowFrom windowTo holderId coVisitorId } }";

/// The elders' phones and full names, none of which may reach a calendar.
const PHONES: [&str; 3] = ["13812345678", "13987654321", "13600001111"];

/// Registers an elder living alone, severely impaired (visits due every half-month), with a
/// phone, an address and an emergency contact.
async fn elder(app: &TestApp, organizer: &str, name: &str, n: u16) -> String {
    let born = NaiveDate::from_ymd_opt(1941, 2, 3).expect("date") + TimeDelta::days(i64::from(n));
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 2 * n + 1, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": name, "idNumber": id_number, "villageCode": VILLAGE,
        "phone": PHONES[usize::from(n) % 2], "residenceAddress": "桃花巷八号", "urbanRural": "RURAL",
        "abilityLevel": "SEVERELY_IMPAIRED", "economicStatus": "ORDINARY", "livingArrangement": "ALONE",
        "consent": "CONSENTED", "consentRecordedOn": "2025-06-01",
        "emergencyContacts": [{ "name": "女儿", "relation": "女儿", "phone": PHONES[2] }] });
    app.with(organizer).create_elder(input).await
}

async fn claim(app: &TestApp, token: &str, slot: &str, co_visitor: Option<&str>) {
    app.with(token)
        .ok(
            "mutation($s: String!, $c: String) { claimSlot(slotId: $s, coVisitorId: $c) { id } }",
            json!({ "s": slot, "c": co_visitor }),
        )
        .await;
}

/// One event as the `ical` crate reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    uid: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    summary: String,
    status: String,
}

/// Reads a feed with the `ical` crate: exactly one calendar; its events by UID.
fn parse(body: &str) -> BTreeMap<String, Event> {
    let mut calendars = ical::IcalParser::new(BufReader::new(body.as_bytes()));
    let calendar = calendars.next().expect("one calendar").expect("the feed parses");
    assert!(calendars.next().is_none(), "one calendar only");
    let instant = |v: &str| {
        NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ")
            .unwrap_or_else(|e| panic!("{v} is not a UTC date-time: {e}"))
            .and_utc()
    };
    calendar
        .events
        .iter()
        .map(|event| {
            let value = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_else(|| panic!("an event without {name}: {event:?}"))
            };
            let parsed = Event {
                uid: value("UID"),
                start: instant(&value("DTSTART")),
                end: instant(&value("DTEND")),
                summary: value("SUMMARY"),
                status: value("STATUS"),
            };
            (parsed.uid.clone(), parsed)
        })
        .collect()
}

/// The instant a day of the district starts: 00:00 at UTC+8 (Asia/Shanghai).
fn midnight(day: NaiveDate) -> DateTime<Utc> {
    let china = FixedOffset::east_opt(8 * 3600).expect("offset");
    china
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("one instant")
        .with_timezone(&Utc)
}

fn uid(slot: &str) -> String {
    format!("slot-{slot}@tanfang")
}

/// The path of a feed URL the server handed out (which must point at this server).
fn path_of(app: &TestApp, url: &Value) -> String {
    let url = url.as_str().expect("url");
    let path = url
        .strip_prefix(&app.base)
        .unwrap_or_else(|| panic!("{url} is not on {}", app.base));
    assert!(path.starts_with("/calendar/") && path.ends_with(".ics"), "{url}");
    path.to_string()
}

/// GET a feed: its status, content type and body.
async fn fetch(app: &TestApp, path: &str) -> (u16, String, String) {
    let client = awc::Client::default();
    let mut response = client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("GET feed");
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.body().limit(1 << 20).await.expect("body");
    (
        response.status().as_u16(),
        kind,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

/// Every run of 11 digits starting with 1 in `text` (a mainland mobile number's shape).
fn phone_like(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
        if run.len() >= 11 && run.starts_with('1') {
            found.push(run.clone());
        }
        i += run.chars().count().max(1);
    }
    found
}

/// (slot id → (start, end)) as a visitor's schedule gives it, the window read as the feed
/// must show it: from 00:00 Beijing time of its first day to 00:00 after its last.
fn expected(schedule: &Value, also: &[&OpenSlot]) -> BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> {
    let date = |v: &Value| NaiveDate::parse_from_str(v.as_str().expect("date"), "%Y-%m-%d").expect("date");
    let mut slots: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> = schedule["mySchedule"]
        .as_array()
        .expect("schedule")
        .iter()
        .map(|s| {
            (
                uid(s["id"].as_str().expect("id")),
                (
                    midnight(date(&s["windowFrom"])),
                    midnight(date(&s["windowTo"]) + TimeDelta::days(1)),
                ),
            )
        })
        .collect();
    for slot in also {
        slots.insert(
            uid(&slot.id),
            (midnight(slot.from), midnight(slot.to + TimeDelta::days(1))),
        );
    }
    slots
}

fn instants(feed: &BTreeMap<String, Event>) -> BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> {
    feed.iter().map(|(uid, e)| (uid.clone(), (e.start, e.end))).collect()
}

async fn a_feed_equals_the_schedule_and_dies_when_revoked_or_renewed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let zhang = elder(&app, &organizer, "张桂兰", 1).await;
    let ouyang = elder(&app, &organizer, "欧阳秀英", 2).await;
    let (one_id, one) = visitor(&app, &organizer, 1, 20, false).await;
    let (two_id, two) = visitor(&app, &organizer, 2, 20, false).await;

    let this_month = Month::of(tanfang_e2e::today());
    let mut slots = open_slots(&app, &organizer, this_month).await;
    slots.extend(open_slots(&app, &organizer, this_month.next()).await);
    let of = |elder: &str| -> Vec<OpenSlot> { slots.iter().filter(|s| s.elder == elder).cloned().collect() };
    let (zhang_slots, ouyang_slots) = (of(&zhang), of(&ouyang));
    assert!(
        zhang_slots.len() >= 3 && ouyang_slots.len() >= 2,
        "half-monthly slots this month and next: {slots:?}"
    );
    // Visitor one holds two of 张's slots and one of 欧阳's; visitor two holds one of 张's with
    // visitor one as co-visitor, and one of 欧阳's alone.
    claim(&app, &one, &zhang_slots[0].id, None).await;
    claim(&app, &one, &zhang_slots[1].id, None).await;
    claim(&app, &one, &ouyang_slots[0].id, None).await;
    claim(&app, &two, &zhang_slots[2].id, Some(&one_id)).await;
    claim(&app, &two, &ouyang_slots[1].id, None).await;

    // No feed yet: the account says so.
    let state = app.with(&one).ok(FEED_STATE, json!({})).await;
    assert_eq!(state["me"]["calendarFeed"], Value::Null);

    let created = app.with(&one).ok(RENEW, json!({})).await;
    let first = path_of(&app, &created["renewCalendarFeed"]["url"]);
    let state = app.with(&one).ok(FEED_STATE, json!({})).await;
    assert_eq!(
        state["me"]["calendarFeed"]["since"], created["renewCalendarFeed"]["since"],
        "the account says since when a feed exists"
    );
    assert!(
        !state
            .to_string()
            .contains(first.trim_start_matches("/calendar/").trim_end_matches(".ics")),
        "the token is never shown again"
    );

    let (status, kind, body) = fetch(&app, &first).await;
    assert_eq!(status, 200, "{body}");
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let feed = parse(&body);
    let schedule = app.with(&one).ok(SCHEDULE, json!({})).await;
    assert_eq!(
        schedule["mySchedule"].as_array().map(Vec::len),
        Some(3),
        "visitor one holds three slots: {schedule}"
    );
    // The feed: the schedule's slots, plus the one visitor one goes to as co-visitor.
    assert_eq!(instants(&feed), expected(&schedule, &[&zhang_slots[2]]));
    for event in feed.values() {
        assert_eq!(event.status, "CONFIRMED", "{event:?}");
        assert!(event.summary.starts_with("探访 "), "{event:?}");
    }
    assert!(feed[&uid(&zhang_slots[0].id)].summary.contains("张老人"), "{feed:?}");
    assert!(feed[&uid(&ouyang_slots[0].id)].summary.contains("欧阳老人"), "{feed:?}");
    for secret in ["张桂兰", "欧阳秀英", "桂兰", "秀英", "桃花巷", "八号"] {
        assert!(!body.contains(secret), "the feed shows {secret}: {body}");
    }
    assert_eq!(phone_like(&body), Vec::<String>::new(), "no phone number in {body}");
    for phone in PHONES {
        assert!(!body.contains(phone));
    }

    // Visitor two's feed: its own slots only, never visitor one's.
    let theirs = app.with(&two).ok(RENEW, json!({})).await;
    let theirs = path_of(&app, &theirs["renewCalendarFeed"]["url"]);
    let (status, _, their_body) = fetch(&app, &theirs).await;
    assert_eq!(status, 200);
    let their_feed = parse(&their_body);
    let their_schedule = app.with(&two).ok(SCHEDULE, json!({})).await;
    assert_eq!(instants(&their_feed), expected(&their_schedule, &[]));
    let mine: BTreeSet<&String> = [&zhang_slots[0].id, &zhang_slots[1].id, &ouyang_slots[0].id]
        .into_iter()
        .collect();
    assert!(
        their_feed.keys().all(|u| mine.iter().all(|m| *u != uid(m))),
        "visitor one's claims are not in visitor two's feed"
    );
    assert!(
        !feed.contains_key(&uid(&ouyang_slots[1].id)),
        "visitor two's own claim is not in visitor one's feed"
    );
    assert_eq!(their_schedule["mySchedule"][0]["holderId"], two_id.as_str());

    // A released slot leaves the feed; the others keep their UID (apps update, not duplicate).
    let later = [&zhang_slots[0], &zhang_slots[1], &ouyang_slots[0]]
        .into_iter()
        .find(|s| s.from > tanfang_e2e::today())
        .expect("a slot of visitor one that has not opened yet")
        .clone();
    app.with(&one)
        .ok(
            "mutation($s: String!) { releaseSlot(slotId: $s) { id } }",
            json!({ "s": later.id }),
        )
        .await;
    let (_, _, body) = fetch(&app, &first).await;
    let after_release = parse(&body);
    assert!(!after_release.contains_key(&uid(&later.id)), "{body}");
    assert_eq!(after_release.len(), feed.len() - 1);
    for (uid, event) in &after_release {
        assert_eq!(Some(event), feed.get(uid), "an event kept changes nothing");
    }

    // Renewing: the new URL works, the old one is a bare 404.
    let renewed = app.with(&one).ok(RENEW, json!({})).await;
    let second = path_of(&app, &renewed["renewCalendarFeed"]["url"]);
    assert_ne!(first, second);
    let (status, _, body) = fetch(&app, &second).await;
    assert_eq!(status, 200);
    assert_eq!(instants(&parse(&body)), instants(&after_release));
    let (status, _, body) = fetch(&app, &first).await;
    assert_eq!((status, body.as_str()), (404, ""), "the old URL is dead");

    // Revoking: the URL is a bare 404, the account says there is no feed; the other visitor's
    // feed is untouched.
    let revoked = app.with(&one).ok(REVOKE, json!({})).await;
    assert_eq!(revoked["revokeCalendarFeed"], true);
    let (status, _, body) = fetch(&app, &second).await;
    assert_eq!((status, body.as_str()), (404, ""), "a revoked URL is dead");
    let state = app.with(&one).ok(FEED_STATE, json!({})).await;
    assert_eq!(state["me"]["calendarFeed"], Value::Null);
    assert_eq!(fetch(&app, &theirs).await.0, 200);
    // Unknown tokens look the same as revoked ones.
    for path in ["/calendar/cal_nonsense.ics", "/calendar/nothing"] {
        let (status, _, body) = fetch(&app, path).await;
        assert_eq!((status, body.as_str()), (404, ""), "{path}");
    }

    // Each create, renew and revoke is in the audit log.
    let mut conn = app.db.connect();
    let audited = |action: &str, id: &str| {
        count(
            &mut app.db.connect(),
            &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}' AND object_id = '{id}'"),
        )
    };
    assert_eq!(audited("calendar_feed.create", &one_id), 1);
    assert_eq!(audited("calendar_feed.renew", &one_id), 1);
    assert_eq!(audited("calendar_feed.revoke", &one_id), 1);
    assert_eq!(audited("calendar_feed.create", &two_id), 1);
    // Only hashes are stored: no stored row holds a token handed out.
    let stored = tanfang_e2e::text(
        &mut conn,
        "SELECT COALESCE(MAX(token_hash), '') AS t FROM calendar_feeds",
    );
    assert_eq!(stored.len(), 64, "a SHA-256 in hex: {stored}");
    assert!(!theirs.contains(&stored));
}

per_backend!(a_feed_equals_the_schedule_and_dies_when_revoked_or_renewed);

async fn the_feed_keeps_the_last_30_days_and_only_visitors_have_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let zhang = elder(&app, &organizer, "张桂兰", 1).await;
    let (_, one) = visitor(&app, &organizer, 1, 20, false).await;
    let this_month = Month::of(tanfang_e2e::today());
    let slots = open_slots(&app, &organizer, this_month).await;
    let running = slots
        .iter()
        .find(|s| s.elder == zhang && s.from <= tanfang_e2e::today() && tanfang_e2e::today() <= s.to)
        .expect("a slot running today")
        .clone();
    claim(&app, &one, &running.id, None).await;
    let created = app.with(&one).ok(RENEW, json!({})).await;
    let path = path_of(&app, &created["renewCalendarFeed"]["url"]);
    assert!(parse(&fetch(&app, &path).await.2).contains_key(&uid(&running.id)));

    // 30 days after the window ended, the visit is still in the feed (not in the schedule);
    // 31 days after, it is gone.
    let at = |day: NaiveDate| midnight(day) + TimeDelta::hours(10);
    app.clock.set(at(running.to + TimeDelta::days(30)));
    let one = app.token("visitor1", PASSWORD).await;
    let schedule = app.with(&one).ok(SCHEDULE, json!({})).await;
    assert!(!schedule.to_string().contains(&running.id), "{schedule}");
    let feed = parse(&fetch(&app, &path).await.2);
    assert_eq!(
        feed.get(&uid(&running.id)).map(|e| (e.start, e.end)),
        Some((midnight(running.from), midnight(running.to + TimeDelta::days(1))))
    );
    app.clock.set(at(running.to + TimeDelta::days(31)));
    let feed = parse(&fetch(&app, &path).await.2);
    assert!(!feed.contains_key(&uid(&running.id)), "{feed:?}");

    // Staff have no feed to renew, and an account's feed is its own business.
    let admin_token = app.token("admin", PASSWORD).await;
    let refused = app.with(&admin_token).graphql(RENEW, json!({})).await;
    assert_eq!(
        tanfang_e2e::error_code(&refused).as_deref(),
        Some("FORBIDDEN"),
        "{refused}"
    );
    let accounts = app
        .with(&app.token("org", PASSWORD).await)
        .graphql("{ accounts { nodes { username calendarFeed { since } } } }", json!({}))
        .await;
    let nodes = accounts["data"]["accounts"]["nodes"]
        .as_array()
        .expect("accounts")
        .clone();
    assert!(
        nodes.iter().any(|a| a["username"] == "visitor1") && nodes.iter().all(|a| a["calendarFeed"].is_null()),
        "an organizer does not learn whether a visitor has a feed: {accounts}"
    );
}

per_backend!(the_feed_keeps_the_last_30_days_and_only_visitors_have_one);
