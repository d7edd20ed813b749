//! A small district for end-to-end tests (yubei-2024, or another pack): one town, two villages
//! with centres, a town organizer, and approved visitors with profiles.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::period::Month;

use crate::{error_fields, TestApp, PASSWORD};

pub const DISTRICT: &str = "500112";
pub const TOWN: &str = "500112001";
pub const VILLAGE: &str = "500112001001";
/// About 5.6 km north of [`VILLAGE`].
pub const VILLAGE2: &str = "500112001002";

pub const PROFILE: &str =
    "mutation($input: VisitorProfileInput!, $v: Int) { saveVisitorProfile(input: $input, version: $v) {
    version capacityPerMonth } }";

/// The district with one town and village, running yubei-2024; the admin's and the
/// organizer's tokens.
pub async fn district(app: &TestApp) -> (String, String) {
    district_running(app, "yubei-2024").await
}

/// The district of [`district`], running the policy pack `pack` since 2025-01-01.
pub async fn district_running(app: &TestApp, pack: &str) -> (String, String) {
    let admin = app.bootstrap(DISTRICT, "渝北区", "admin").await;
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    let places = [
        (TOWN, DISTRICT, None),
        (VILLAGE, TOWN, Some((29.70, 106.60))),
        (VILLAGE2, TOWN, Some((29.75, 106.60))),
    ];
    for (code, parent, centre) in places {
        let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent,
                            "latitude": centre.map(|c: (f64, f64)| c.0), "longitude": centre.map(|c: (f64, f64)| c.1) });
        app.with(&admin).ok(area, json!({ "input": input })).await;
    }
    let half = json!({ "code": "500112001003", "name": "无经度村", "parentCode": TOWN, "latitude": 29.7 });
    let refused = app.with(&admin).graphql(area, json!({ "input": half })).await;
    assert_eq!(error_fields(&refused), ["latitude"], "a centre needs both coordinates");
    let input = json!({ "username": "org", "displayName": "镇街", "password": PASSWORD,
                        "role": "TOWN_ORGANIZER", "areaCode": TOWN });
    app.with(&admin)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    app.with(&admin)
        .ok(
            "mutation($p: String!) { choosePolicyPack(districtCode: \"500112\", packId: $p, effectiveFrom: \"2025-01-01\") { packId } }",
            json!({ "p": pack }),
        )
        .await;
    let organizer = app.token("org", PASSWORD).await;
    (admin, organizer)
}

/// Registers a visitor account (`kind`: `VOLUNTEER`, `SENIOR_VOLUNTEER` …) born on `born`,
/// sequence `seq` in the ID number, living in [`VILLAGE`], and has `organizer` approve it
/// unless `organizer` is `None`; returns (account id, token).
pub async fn register_visitor(
    app: &TestApp,
    organizer: Option<&str>,
    username: &str,
    born: NaiveDate,
    seq: u16,
    kind: &str,
) -> (String, String) {
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, seq, Sex::Female, crate::today()).expect("id");
    let input = json!({ "username": username, "password": PASSWORD, "realName": "志愿者",
        "idNumber": id_number.as_str(), "phone": "13700000000", "homeVillageCode": VILLAGE, "kind": kind });
    let registered = app
        .anon()
        .ok(
            "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let id = registered["registerVisitor"]["id"].as_str().expect("id").to_string();
    if let Some(organizer) = organizer {
        app.with(organizer)
            .ok(
                "mutation($id: String!) { approveVisitor(userId: $id) { status } }",
                json!({ "id": id }),
            )
            .await;
    }
    (id, app.token(username, PASSWORD).await)
}

/// Registers visitor `n`, approves it unless `pending`, saves a profile free every day with
/// `capacity` visits a month; returns (account id, token).
pub async fn visitor(app: &TestApp, organizer: &str, n: u16, capacity: i32, pending: bool) -> (String, String) {
    let born = NaiveDate::from_ymd_opt(1990, 3, 4).expect("date");
    let approver = (!pending).then_some(organizer);
    let (id, token) = register_visitor(app, approver, &format!("visitor{n}"), born, 2 * n + 1, "VOLUNTEER").await;
    let profile = json!({ "organisationKind": "VOLUNTEER_TEAM", "homeVillageCode": VILLAGE,
        "capacityPerMonth": capacity, "weekdays": [1, 2, 3, 4, 5, 6, 7] });
    app.with(&token).ok(PROFILE, json!({ "input": profile })).await;
    trained(app, &id, TOWN);
    (id, token)
}

/// Visitor `id` attended a training session the office of `area` held 30 days ago, written
/// straight to the database (no audit entry): yubei's pack requires a training before an
/// in-person visit, and most tests are about something else. `tests/training.rs` records
/// sessions the way an organizer does.
pub fn trained(app: &TestApp, id: &str, area: &str) {
    use tanfang::db::training::{insert_session, AttendeeRow, TrainingSessionRow};
    let session = TrainingSessionRow {
        id: format!("test-training-{id}"),
        area_code: area.to_string(),
        topic: "入户探访业务培训".to_string(),
        held_on: crate::today() - TimeDelta::days(30),
        minutes: 120,
        place: "镇社工站".to_string(),
        note: None,
        recorded_by: "test".to_string(),
        recorded_at: crate::now().naive_utc(),
    };
    let attendee = AttendeeRow {
        session_id: session.id.clone(),
        visitor_id: id.to_string().into(),
    };
    app.as_system("training", |c, _| {
        Ok(insert_session(c, &session, std::slice::from_ref(&attendee))?)
    });
}

/// The district's second town, for tests of what one town may not see of another.
pub const TOWN_B: &str = "500112002";
/// The village of [`TOWN_B`].
pub const VILLAGE_B: &str = "500112002001";

/// Creates a staff account (`role`: `TOWN_ORGANIZER`, `VILLAGE_STAFF` …) at `area` as `creator`
/// and signs it in; returns (account id, token).
pub async fn staff(app: &TestApp, creator: &str, username: &str, role: &str, area: &str) -> (String, String) {
    let input = json!({ "username": username, "displayName": format!("{username}（{role}）"), "password": PASSWORD,
                        "role": role, "areaCode": area });
    let created = app
        .with(creator)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let id = created["createStaffAccount"]["id"].as_str().expect("id").to_string();
    (id, app.token(username, PASSWORD).await)
}

/// An elder who lives alone in `village`, severely impaired (the strictest tier: visits due
/// every half-month), with a phone and an emergency contact; `n` makes the ID number unique.
pub async fn key_elder(app: &TestApp, staff: &str, village: &str, n: u16) -> String {
    let born = NaiveDate::from_ymd_opt(1940, 1, 1).expect("date") + chrono::TimeDelta::days(i64::from(n));
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 2 * n + 1, Sex::Male, crate::today()).expect("id");
    let input = json!({ "name": format!("独居老人{n}"), "idNumber": id_number.as_str(), "villageCode": village,
        "phone": "13800138000", "residenceAddress": "三组", "urbanRural": "RURAL",
        "abilityLevel": "SEVERELY_IMPAIRED", "economicStatus": "ORDINARY", "livingArrangement": "ALONE",
        "consent": "CONSENTED", "consentRecordedOn": "2025-06-01",
        "emergencyContacts": [{ "name": "儿子丙", "relation": "儿子", "phone": "13900000003" }] });
    app.with(staff).create_elder(input).await
}

/// The second town: its organizer, its village staff, an approved visitor living there, an
/// elder and one accepted record the organizer entered.
pub struct SecondTown {
    pub organizer_id: String,
    pub organizer: String,
    pub staff: String,
    pub visitor_id: String,
    pub visitor: String,
    pub elder: String,
    pub record: String,
}

/// Adds [`TOWN_B`] with [`VILLAGE_B`] to the district of [`district`] (as its `admin`), with its
/// own people, elder and record. Leaves the first town as it was.
pub async fn second_town(app: &TestApp, admin: &str) -> SecondTown {
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    for (code, parent, lat) in [(TOWN_B, DISTRICT, None), (VILLAGE_B, TOWN_B, Some(29.80))] {
        let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent,
                            "latitude": lat, "longitude": lat.map(|_| 106.70) });
        app.with(admin).ok(area, json!({ "input": input })).await;
    }
    let (organizer_id, organizer) = staff(app, admin, "org.b", "TOWN_ORGANIZER", TOWN_B).await;
    let (_, staff_b) = staff(app, &organizer, "staff.b", "VILLAGE_STAFF", VILLAGE_B).await;
    let born = NaiveDate::from_ymd_opt(1988, 5, 6).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 901, Sex::Female, crate::today()).expect("id");
    let input = json!({ "username": "visitor.b", "password": PASSWORD, "realName": "乙镇志愿者",
        "idNumber": id_number.as_str(), "phone": "13700000009", "homeVillageCode": VILLAGE_B, "kind": "VOLUNTEER" });
    let registered = app
        .anon()
        .ok(
            "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let visitor_id = registered["registerVisitor"]["id"].as_str().expect("id").to_string();
    app.with(&organizer)
        .ok(
            "mutation($id: String!) { approveVisitor(userId: $id) { status } }",
            json!({ "id": visitor_id }),
        )
        .await;
    let visitor = app.token("visitor.b", PASSWORD).await;
    let profile = json!({ "organisationKind": "VOLUNTEER_TEAM", "homeVillageCode": VILLAGE_B,
        "capacityPerMonth": 10, "weekdays": [1, 2, 3, 4, 5, 6, 7] });
    app.with(&visitor).ok(PROFILE, json!({ "input": profile })).await;
    trained(app, &visitor_id, TOWN_B);
    let elder = key_elder(app, &organizer, VILLAGE_B, 700).await;
    let day = crate::today() - chrono::TimeDelta::days(1);
    let record = crate::accepted_visit(app, &organizer, &elder, "IN_PERSON", &format!("{day}T09:00:00")).await;
    SecondTown {
        organizer_id,
        organizer,
        staff: staff_b,
        visitor_id,
        visitor,
        elder,
        record,
    }
}

/// An elder of [`VILLAGE`] living alone, born on `born`, sequence `seq` in the ID number, as
/// the registration input (to update the file with); the organizer registers it. Returns
/// (elder id, input).
pub async fn elder_file(app: &TestApp, organizer: &str, born: NaiveDate, seq: u16, sex: Sex) -> (String, Value) {
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, seq, sex, crate::today()).expect("id");
    let input = json!({ "name": "计时老人", "idNumber": id_number.as_str(), "villageCode": VILLAGE,
        "residenceAddress": "三组", "urbanRural": "RURAL", "abilityLevel": "INTACT",
        "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01" });
    (app.with(organizer).create_elder(input.clone()).await, input)
}

/// A 40-minute phone visit of `visitor_id` to `elder` that ended at `end`, entered by the
/// organizer from a paper form and confirmed by the elder's signature: the record in the
/// shared format, with a fresh submission id.
pub async fn paper_record(app: &TestApp, organizer: &str, elder: &str, visitor_id: &str, end: DateTime<Utc>) -> Value {
    let me = app.with(organizer).ok("query { me { id } }", json!({})).await;
    let (_, signature) = app
        .upload_photo(Some(organizer), "image/jpeg", crate::images::jpeg(3))
        .await;
    let start = end - TimeDelta::minutes(40);
    let at = |t: DateTime<Utc>| t.to_rfc3339();
    let entered = json!({ "id": me["me"]["id"], "name": "镇街" });
    json!({
        "formatVersion": "1.1.0", "submissionId": uuid::Uuid::new_v4().to_string(), "elderId": elder,
        "startedAt": at(start), "endedAt": at(end), "mode": "phone",
        "visitor": { "id": visitor_id, "name": "志愿者" },
        "confirmation": {
            "visitor": { "confirmedAt": at(end) },
            "elder": { "method": "signature", "confirmedAt": at(end),
                       "signature": { "ref": signature["ref"], "sha256": signature["sha256"], "contentType": "image/jpeg" } },
            "enteredBy": { "person": entered, "enteredAt": at(end) }
        }
    })
}

/// An unplanned 40-minute phone visit the organizer enters for `visitor` (a paper form),
/// confirmed by signature, to a new elder; returns the record's id and version.
pub async fn visit_by(app: &TestApp, organizer: &str, visitor_id: &str, hours_ago: i64) -> (String, i64) {
    let born = NaiveDate::from_ymd_opt(1941, 1, 1).expect("date") + TimeDelta::days(hours_ago);
    let (elder, _) = elder_file(app, organizer, born, 9, Sex::Male).await;
    let record = paper_record(
        app,
        organizer,
        &elder,
        visitor_id,
        crate::now() - TimeDelta::hours(hours_ago),
    )
    .await;
    let data = app
        .with(organizer)
        .ok(
            "mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }",
            json!({ "r": record.to_string() }),
        )
        .await;
    let stored = &data["submitVisitRecord"]["record"];
    (
        stored["id"].as_str().expect("id").to_string(),
        stored["version"].as_i64().expect("v"),
    )
}

/// A school of the district with its admin; returns (school id, admin token).
pub async fn school(app: &TestApp, admin: &str, n: u8) -> (String, String) {
    let created = app
        .with(admin)
        .ok(
            "mutation($n: String!) { createSchool(name: $n, areaCode: \"500112\") { id } }",
            json!({ "n": format!("第{n}中学") }),
        )
        .await;
    let id = created["createSchool"]["id"].as_str().expect("school").to_string();
    let username = format!("school{n}");
    let input = json!({ "username": username, "displayName": username, "password": PASSWORD,
                        "role": "SCHOOL_ADMIN", "schoolId": id });
    app.with(admin)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    (id, app.token(&username, PASSWORD).await)
}

/// An open slot as the organizer lists it.
#[derive(Debug, Clone)]
pub struct OpenSlot {
    pub id: String,
    pub elder: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Generates `month`'s slots of the town and lists the open ones, as its organizer sees them.
pub async fn open_slots(app: &TestApp, organizer: &str, month: Month) -> Vec<OpenSlot> {
    app.with(organizer)
        .ok(
            "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { created } }",
            json!({ "m": month.to_string(), "a": TOWN }),
        )
        .await;
    let listed = app
        .with(organizer)
        .ok(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) { id elderId windowFrom windowTo } }",
            json!({ "m": month.to_string(), "a": TOWN }),
        )
        .await;
    let date = |v: &Value| NaiveDate::parse_from_str(v.as_str().expect("date"), "%Y-%m-%d").expect("date");
    listed["visitSlots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| OpenSlot {
            id: s["id"].as_str().expect("id").to_string(),
            elder: s["elderId"].as_str().expect("elder").to_string(),
            from: date(&s["windowFrom"]),
            to: date(&s["windowTo"]),
        })
        .collect()
}

/// Generates the month's slots and has `volunteer` claim the elder's slot whose window holds
/// today; returns its id.
pub async fn claim_todays_slot(app: &TestApp, organizer: &str, volunteer: &str, elder: &str) -> String {
    let today = crate::today();
    let slot = open_slots(app, organizer, Month::of(today))
        .await
        .into_iter()
        .find(|s| s.elder == elder && s.from <= today && s.to >= today)
        .expect("a slot for today")
        .id;
    app.with(volunteer)
        .ok(
            "mutation($s: String!) { claimSlot(slotId: $s) { id } }",
            json!({ "s": slot }),
        )
        .await;
    slot
}

/// Claimed slots whose windows ended yesterday, as an organizer sees no-shows: four key elders
/// of [`VILLAGE`] with a slot of each claimed by `volunteer` today, a failed call on the
/// `attempted`-th (the slot kept), an accepted record of yesterday's visit tied to the
/// `recorded`-th (the slot stays claimed, so only the record tells it apart), and the windows
/// of the slots `ended` moved to yesterday. Returns (slots, elders).
pub async fn claims_ending_yesterday(
    app: &TestApp,
    organizer: &str,
    volunteer: &str,
    (attempted, recorded): (usize, usize),
    ended: &[usize],
) -> (Vec<String>, Vec<String>) {
    let mut slots = Vec::new();
    let mut elders = Vec::new();
    for n in 1..=4 {
        let elder = key_elder(app, organizer, VILLAGE, n).await;
        slots.push(claim_todays_slot(app, organizer, volunteer, &elder).await);
        elders.push(elder);
    }
    app.with(volunteer)
        .ok(
            "mutation($e: String!, $s: String!) { recordContactAttempt(elderId: $e, slotId: $s, mode: PHONE, reason: NO_ANSWER) { attempt { id } } }",
            json!({ "e": elders[attempted], "s": slots[attempted] }),
        )
        .await;
    let yesterday = crate::today() - TimeDelta::days(1);
    let record = crate::accepted_visit(
        app,
        organizer,
        &elders[recorded],
        "IN_PERSON",
        &format!("{yesterday}T09:00:00"),
    )
    .await;
    let ended: Vec<String> = ended.iter().map(|i| format!("'{}'", slots[*i])).collect();
    let statements = format!(
        "UPDATE visit_records SET slot_id = '{}' WHERE id = '{record}';
         UPDATE visit_slots SET window_from = '{yesterday}', window_to = '{yesterday}', status = 'claimed'
           WHERE id IN ({});",
        slots[recorded],
        ended.join(", ")
    );
    diesel::connection::SimpleConnection::batch_execute(&mut app.db.connect(), &statements).expect("set up");
    (slots, elders)
}
