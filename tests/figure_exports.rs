//! Exports of figures (#18 item 2) over HTTP on both backends: the monthly visit rates by
//! town and village (a closed month as reported, beside its corrections; an open month live),
//! the time-bank statement of an area and of oneself, and a school's students' service
//! credit — read back with calamine (or as CSV) and checked against the fixture's visits.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::html::printed_table;
use tanfang_e2e::town::{
    district, elder_file, paper_record, school, staff, visit_by, visitor, DISTRICT, TOWN, VILLAGE, VILLAGE2,
};
use tanfang_e2e::{accepted_visit, per_backend, Backend, TestApp, PASSWORD};

const REVIEW: &str = "mutation($id: String!, $v: Int!) {
    reviewVisitRecord(id: $id, decision: ACCEPT, comment: \"纸质记录录入\", version: $v) { status } }";

fn sheets(bytes: &[u8]) -> Vec<calamine::Range<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx workbook");
    book.worksheets().into_iter().map(|(_, range)| range).collect()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => format!("{i}"),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other}"),
    }
}

fn number(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("a number at ({row}, {col}): {other:?}"),
    }
}

/// The data rows of a sheet (from row 4: title, note and header above), as text.
fn rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    let (height, width) = range.get_size();
    (3..height as u32)
        .map(|r| (0..width as u32).map(|c| cell(range, r, c)).collect())
        .collect()
}

/// RFC 5987 encoding of a file name's words, as `filename*` carries them.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The `error.field` of a refused download.
fn field(body: &[u8]) -> String {
    let body: Value = serde_json::from_slice(body).expect("json");
    body["error"]["field"].as_str().unwrap_or_default().to_string()
}

/// A general-tier elder (77, intact, living with a spouse: one in-person visit a month under
/// yubei-2024) of `village`; `seq` makes the ID number unique.
async fn general_elder(app: &TestApp, organizer: &str, village: &str, seq: u16, today: NaiveDate) -> String {
    let born = NaiveDate::from_ymd_opt(1949, 9, 9).expect("date");
    let id = IdNumber::from_parts_as_of(DISTRICT, born, seq, Sex::Female, today).expect("id");
    let input = json!({ "name": format!("老人{seq}"), "idNumber": id.as_str(), "villageCode": village,
        "residenceAddress": "四组", "urbanRural": "RURAL", "abilityLevel": "INTACT", "economicStatus": "ORDINARY",
        "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" });
    app.with(organizer).create_elder(input).await
}

/// The rates sheet's rows by (level, village) with the API's coverage beside them.
struct Rates {
    rows: Vec<Vec<String>>,
    range: calamine::Range<Data>,
}

impl Rates {
    fn row(&self, level: &str, village: &str) -> usize {
        self.rows
            .iter()
            .position(|r| r[0] == level && r[2] == village)
            .unwrap_or_else(|| panic!("a row {level}/{village}: {:?}", self.rows))
    }

    /// (elders, met, contacted, overdue, corrections) of a row.
    fn counts(&self, level: &str, village: &str) -> [String; 5] {
        let r = &self.rows[self.row(level, village)];
        [r[3].clone(), r[4].clone(), r[6].clone(), r[8].clone(), r[10].clone()]
    }

    /// (月探访率, 探访覆盖率) of a row.
    fn rates(&self, level: &str, village: &str) -> (f64, f64) {
        let r = 3 + self.row(level, village) as u32;
        (number(&self.range, r, 5), number(&self.range, r, 7))
    }
}

async fn rates_of(app: &TestApp, token: &str, query: &str) -> (Rates, String) {
    let (status, disposition, bytes) = app.get_file(token, &format!("/exports/rates?{query}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let disposition = disposition.expect("a download");
    let range = sheets(&bytes).remove(0);
    (
        Rates {
            rows: rows(&range),
            range,
        },
        disposition,
    )
}

fn close_to(actual: (f64, f64), expected: (f64, f64)) -> bool {
    (actual.0 - expected.0).abs() < 1e-9 && (actual.1 - expected.1).abs() < 1e-9
}

/// On 3 November, October has ended and is open. Three general-tier elders: one visited in
/// person on 15 October (met, contacted), one phoned on 16 October (contacted, not met: the
/// in-person visit it owed is overdue), one in the other village not visited at all (overdue).
/// The rates export says so per village and for the town, as the coverage screen does. Once
/// the district admin closes October, a record of a visit on 20 October accepted afterwards is a
/// correction: the export keeps the reported figures, says 已结账 and counts the correction on
/// the rows of that elder's village and town.
async fn monthly_rates_by_town_and_village_closed_as_reported(backend: Backend) {
    let start = tanfang::clock::parse_instant("2026-11-03T10:00:00+08:00").expect("instant");
    let today = NaiveDate::from_ymd_opt(2026, 11, 3).expect("date");
    let app = TestApp::spawn_at(backend, start).await;
    let (admin, organizer) = district(&app).await;
    let visited = general_elder(&app, &organizer, VILLAGE, 31, today).await;
    let phoned = general_elder(&app, &organizer, VILLAGE, 33, today).await;
    let late = general_elder(&app, &organizer, VILLAGE2, 35, today).await;
    accepted_visit(&app, &organizer, &visited, "IN_PERSON", "2026-10-15T10:00:00").await;
    accepted_visit(&app, &organizer, &phoned, "PHONE", "2026-10-16T10:00:00").await;

    let (open, disposition) = rates_of(&app, &organizer, &format!("area={TOWN}&period=2026-10")).await;
    assert!(
        disposition.contains(&encoded("月探访率-区划500112001-2026年10月")) && disposition.contains(".xlsx"),
        "{disposition}"
    );
    let (village, village2) = (format!("区划{VILLAGE}"), format!("区划{VILLAGE2}"));
    assert_eq!(cell(&open.range, 0, 0), "区划500112001 2026年10月 月探访率和探访覆盖率");
    assert!(
        cell(&open.range, 1, 0).contains("未结账"),
        "{}",
        cell(&open.range, 1, 0)
    );
    assert_eq!(open.rows.len(), 3, "the town, then its two villages: {:?}", open.rows);
    assert_eq!(
        (open.rows[0][0].as_str(), open.rows[0][1].as_str()),
        ("合计", "区划500112001")
    );
    assert_eq!(open.rows[1][2], village);
    assert_eq!(open.counts("合计", ""), ["3", "1", "2", "2", "0"].map(String::from));
    assert_eq!(
        open.counts("村（社区）", &village),
        ["2", "1", "2", "1", "0"].map(String::from)
    );
    assert_eq!(
        open.counts("村（社区）", &village2),
        ["1", "0", "0", "1", "0"].map(String::from)
    );
    assert!(close_to(open.rates("合计", ""), (1.0 / 3.0, 2.0 / 3.0)));
    assert!(close_to(open.rates("村（社区）", &village), (0.5, 1.0)));
    assert!(close_to(open.rates("村（社区）", &village2), (0.0, 0.0)));
    assert!(open.rows.iter().all(|r| r[9] == "未结账（实时）"));
    // The same figures as the coverage screen.
    let coverage = app
        .with(&organizer)
        .ok(
            "{ coverage(month: \"2026-10\", areaCode: \"500112001\") { total { elders met contacted overdue visitRate contactRate } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        coverage["coverage"]["total"],
        json!({ "elders": 3, "met": 1, "contacted": 2, "overdue": 2, "visitRate": 1.0 / 3.0, "contactRate": 2.0 / 3.0 })
    );

    // Closed; then the visit of 20 October to the third elder is accepted: a correction.
    app.with(&admin)
        .ok(
            "mutation { closeMonth(districtCode: \"500112\", month: \"2026-10\") { month } }",
            json!({}),
        )
        .await;
    app.clock
        .set(tanfang::clock::parse_instant("2026-11-03T10:10:00+08:00").expect("instant"));
    accepted_visit(&app, &organizer, &late, "IN_PERSON", "2026-10-20T10:00:00").await;
    let (closed, _) = rates_of(&app, &organizer, &format!("area={TOWN}&period=2026-10")).await;
    let note = cell(&closed.range, 1, 0);
    assert!(note.contains("已结账") && note.contains("更正 1 条"), "{note}");
    assert!(closed.rows.iter().all(|r| r[9] == "已结账"));
    assert_eq!(
        closed.counts("合计", ""),
        ["3", "1", "2", "2", "1"].map(String::from),
        "as reported, with the correction counted beside"
    );
    assert_eq!(
        closed.counts("村（社区）", &village),
        ["2", "1", "2", "1", "0"].map(String::from)
    );
    assert_eq!(
        closed.counts("村（社区）", &village2),
        ["1", "0", "0", "1", "1"].map(String::from)
    );
    assert!(close_to(closed.rates("合计", ""), (1.0 / 3.0, 2.0 / 3.0)));
    let now = app
        .with(&organizer)
        .ok(
            "{ coverage(month: \"2026-10\", areaCode: \"500112001\") { total { met } closed { nowTotal { met } corrections { kind } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        now["coverage"],
        json!({ "total": { "met": 1 }, "closed": { "nowTotal": { "met": 2 }, "corrections": [{ "kind": "LATE_RECORD" }] } }),
        "the screen's corrected figure moved; the export keeps the reported one"
    );

    // CSV: one flat table, the same figures.
    let (status, disposition, body) = app
        .get_file(
            &organizer,
            &format!("/exports/rates?area={TOWN}&period=2026-10&format=csv"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(disposition.expect("download").contains(".csv"));
    let text = String::from_utf8(body).expect("utf-8");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "层级,镇街,村（社区）,应探访老人,按时完成,月探访率,已联系,探访覆盖率,逾期,结账状态,更正条数"
    );
    assert_eq!(lines[1], "合计,区划500112001,,3,1,33.3%,2,66.7%,2,已结账,1");
    assert_eq!(
        lines[3],
        format!("村（社区）,区划500112001,{village2},1,0,0.0%,0,0.0%,1,已结账,1")
    );
    assert_eq!(lines.len(), 4);

    // November is open: live figures; nothing visited yet, nothing overdue yet.
    let (november, _) = rates_of(&app, &organizer, &format!("area={VILLAGE}&period=2026-11")).await;
    assert_eq!(november.rows.len(), 1, "a village: its own row");
    assert_eq!(
        november.counts("合计", &village),
        ["2", "0", "0", "0", "0"].map(String::from)
    );
    assert_eq!(november.rows[0][9], "未结账（实时）");

    // The district admin reads the district: the district, the town, its villages.
    let (whole, _) = rates_of(&app, &admin, &format!("area={DISTRICT}&period=2026-10")).await;
    let levels: Vec<&str> = whole.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(levels, ["合计", "镇街", "村（社区）", "村（社区）"]);
    assert_eq!(whole.counts("镇街", ""), ["3", "1", "2", "2", "1"].map(String::from));

    // 打印预览 (`format=html`): the same table as a page, the workbook's rows with a rate as
    // the sheet shows it (a percentage with one decimal, blank when nobody is due).
    let (status, headers, html) = app
        .get_page(
            &admin,
            &format!("/exports/rates?area={DISTRICT}&period=2026-10&format=html"),
        )
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(headers["content-type"].starts_with("text/html"), "{headers:?}");
    assert!(headers["content-disposition"].starts_with("inline;"), "{headers:?}");
    let printed = printed_table(&html);
    let words: Vec<&str> = printed.head[0].iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        words,
        [
            "层级",
            "镇街",
            "村（社区）",
            "应探访老人",
            "按时完成",
            "月探访率",
            "已联系",
            "探访覆盖率",
            "逾期",
            "结账状态",
            "更正条数"
        ]
    );
    let as_shown: Vec<Vec<String>> = whole
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(c, v)| match (c, v.parse::<f64>()) {
                    (5 | 7, Ok(rate)) => format!("{:.1}%", rate * 100.0),
                    _ => v.clone(),
                })
                .collect()
        })
        .collect();
    assert_eq!(printed.rows, as_shown);
    assert_eq!(printed.rows[1][5], "33.3%", "the town: one of three met");

    // Errors name the field; scope is the elder files'.
    for (query, named) in [
        (format!("area={TOWN}&period=2026-H2"), "period"),
        (format!("area={TOWN}"), "period"),
        ("period=2026-10".to_string(), "area"),
        ("area=5001x&period=2026-10".to_string(), "area"),
        (format!("area={TOWN}&period=2026-10&format=pdf"), "format"),
    ] {
        let (status, _, body) = app.get_file(&organizer, &format!("/exports/rates?{query}")).await;
        assert_eq!((status, field(&body)), (400, named.to_string()), "{query}");
    }
    let (_, village_staff) = staff(&app, &organizer, "vstaff", "VILLAGE_STAFF", VILLAGE).await;
    let (status, _, _) = app
        .get_file(&village_staff, &format!("/exports/rates?area={TOWN}&period=2026-10"))
        .await;
    assert_eq!(status, 403, "a village's staff do not read the town");
    let (status, _, _) = app
        .get_file(&village_staff, &format!("/exports/rates?area={VILLAGE}&period=2026-10"))
        .await;
    assert_eq!(status, 200, "their own village");
    let (status, _, _) = app
        .get_file("not-a-token", &format!("/exports/rates?area={TOWN}&period=2026-10"))
        .await;
    assert_eq!(status, 401);

    let log = app
        .with(&organizer)
        .ok(
            "query($o: String) { auditLog(objectId: $o, first: 50) { action } }",
            json!({ "o": TOWN }),
        )
        .await;
    let exports = log["auditLog"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "export.form")
        .count();
    assert_eq!(exports, 3, "each export of the town audited, the refused ones not");
}

/// A visit of `visitor_id` ended at `end`, entered from paper by the organizer and accepted: 40
/// minutes credited. `n` makes its elder's ID number unique.
async fn credited_visit(app: &TestApp, organizer: &str, visitor_id: &str, end: DateTime<Utc>, n: i64) {
    let born = NaiveDate::from_ymd_opt(1941, 1, 1).expect("date") + TimeDelta::days(n);
    let (elder, _) = elder_file(app, organizer, born, 9, Sex::Male).await;
    let record = paper_record(app, organizer, &elder, visitor_id, end).await;
    let data = app
        .with(organizer)
        .ok(
            "mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }",
            json!({ "r": record.to_string() }),
        )
        .await;
    let stored = &data["submitVisitRecord"]["record"];
    app.with(organizer)
        .ok(REVIEW, json!({ "id": stored["id"], "v": stored["version"] }))
        .await;
}

async fn time_bank_balance(app: &TestApp, token: &str) -> f64 {
    let data = app
        .with(token)
        .ok("query { myLedgerAccounts { book balanceMinutes } }", json!({}))
        .await;
    data["myLedgerAccounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["book"] == "TIME_BANK")
        .and_then(|a| a["balanceMinutes"].as_f64())
        .unwrap_or(0.0)
}

/// A volunteer earns 40 minutes in October; in November 40 more, and gives 15 to a senior
/// volunteer. The town's November statement: the volunteer opens at 40, is credited 40,
/// debited 15 and closes at 65; the senior opens at 0 and closes at 15; the entries sheet
/// has the period's three entries with running balances. Only those who approve the town's
/// visitors read it; a visitor reads only their own.
async fn time_bank_statement_of_an_area_and_of_oneself(backend: Backend) {
    let october = tanfang::clock::parse_instant("2026-10-20T10:00:00+08:00").expect("instant");
    let app = TestApp::spawn_at(backend, october).await;
    let (_, organizer) = district(&app).await;
    let (volunteer_id, _) = visitor(&app, &organizer, 1, 20, false).await;
    // A senior volunteer (低龄健康老年人) named apart from the volunteer.
    let born = NaiveDate::from_ymd_opt(1960, 2, 3).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 41, Sex::Female, tanfang_e2e::today()).expect("id");
    let input = json!({ "username": "senior", "password": PASSWORD, "realName": "老伙伴",
        "idNumber": id_number.as_str(), "phone": "13700000001", "homeVillageCode": VILLAGE, "kind": "SENIOR_VOLUNTEER" });
    let registered = app
        .anon()
        .ok(
            "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let senior_id = registered["registerVisitor"]["id"].as_str().expect("id").to_string();
    app.with(&organizer)
        .ok(
            "mutation($id: String!) { approveVisitor(userId: $id) { status } }",
            json!({ "id": senior_id }),
        )
        .await;
    credited_visit(&app, &organizer, &volunteer_id, october - TimeDelta::hours(3), 1).await;

    let november = tanfang::clock::parse_instant("2026-11-18T10:00:00+08:00").expect("instant");
    app.clock.set(november);
    // Access tokens are short-lived: everyone signs in again.
    let organizer = app.token("org", PASSWORD).await;
    let volunteer = app.token("visitor1", PASSWORD).await;
    let senior = app.token("senior", PASSWORD).await;
    credited_visit(&app, &organizer, &volunteer_id, november - TimeDelta::hours(3), 2).await;
    app.with(&volunteer)
        .ok(
            "mutation($t: String!, $to: String!) { giftHours(transferId: $t, toUserId: $to, minutes: 15, relation: \"母亲\") { created } }",
            json!({ "t": uuid::Uuid::new_v4().to_string(), "to": senior_id }),
        )
        .await;

    let (status, disposition, bytes) = app
        .get_file(&organizer, &format!("/exports/time-bank?area={TOWN}&period=2026-11"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(
        disposition
            .expect("download")
            .contains(&encoded("时间银行对账单-区划500112001-2026年11月")),
        "Chinese file name"
    );
    let book = sheets(&bytes);
    assert_eq!(book.len(), 2, "the balances and the entries");
    let balances = rows(&book[0]);
    let of = |name: &str| {
        balances
            .iter()
            .find(|r| r[0] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} in {balances:?}"))
    };
    assert_eq!(balances.len(), 2, "{balances:?}");
    assert_eq!(of("志愿者")[2..6], ["40", "40", "15", "65"]);
    assert!(of("志愿者")[1].contains('*'), "the phone is masked");
    assert_eq!(of("老伙伴")[2..6], ["0", "15", "0", "15"]);
    assert_eq!(
        f64::from(of("志愿者")[5].parse::<i32>().expect("minutes")),
        time_bank_balance(&app, &volunteer).await,
        "the closing balance is the account's balance"
    );
    let entries = rows(&book[1]);
    let mut summary: Vec<[String; 5]> = entries
        .iter()
        .map(|r| [r[0].clone(), r[2].clone(), r[4].clone(), r[5].clone(), r[6].clone()])
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        [
            ["志愿者", "探访计时", "40", "0", "80"],
            ["志愿者", "赠与家人", "0", "15", "65"],
            ["老伙伴", "赠与家人", "15", "0", "15"],
        ]
        .map(|r| r.map(String::from))
    );

    // October: the volunteer's first 40 minutes; the senior had nothing yet.
    let (_, _, bytes) = app
        .get_file(&organizer, &format!("/exports/time-bank?area={TOWN}&period=2026-10"))
        .await;
    let october_rows = rows(&sheets(&bytes)[0]);
    assert_eq!(october_rows.len(), 1, "{october_rows:?}");
    assert_eq!(october_rows[0][2..6], ["0", "40", "0", "40"]);

    // The visitor: their own statement only.
    for area in [TOWN, VILLAGE] {
        let (status, _, _) = app
            .get_file(&volunteer, &format!("/exports/time-bank?area={area}&period=2026-11"))
            .await;
        assert_eq!(status, 403, "a visitor does not read others' hours ({area})");
    }
    let (status, _, bytes) = app.get_file(&volunteer, "/exports/time-bank/me?period=2026-11").await;
    assert_eq!(status, 200);
    let mine = sheets(&bytes);
    assert_eq!(rows(&mine[0]).len(), 1);
    assert_eq!(rows(&mine[0])[0][0], "志愿者");
    assert_eq!(rows(&mine[0])[0][2..6], ["40", "40", "15", "65"]);
    assert_eq!(rows(&mine[1]).len(), 2, "their two entries of November");
    let (_, _, bytes) = app.get_file(&senior, "/exports/time-bank/me?period=2026-H2").await;
    assert_eq!(rows(&sheets(&bytes)[0])[0][2..6], ["0", "15", "0", "15"], "a half-year");

    let (_, village_staff) = staff(&app, &organizer, "vstaff", "VILLAGE_STAFF", VILLAGE).await;
    let (status, _, _) = app
        .get_file(
            &village_staff,
            &format!("/exports/time-bank?area={VILLAGE}&period=2026-11"),
        )
        .await;
    assert_eq!(status, 403, "village staff approve no visitors");
    for (path, named) in [
        (format!("/exports/time-bank?area={TOWN}&period=11"), "period"),
        (
            format!("/exports/time-bank?area={TOWN}&period=2026-11&format=csv"),
            "format",
        ),
        ("/exports/time-bank?period=2026-11".to_string(), "area"),
        ("/exports/time-bank/me".to_string(), "period"),
    ] {
        let (status, _, body) = app.get_file(&organizer, &path).await;
        assert_eq!((status, field(&body)), (400, named.to_string()), "{path}");
    }
}

/// A school's student makes two accepted 40-minute visits this term; the school certifies 60
/// of the 80 minutes at 600 minutes a credit. The export has one row per student: 2 visits,
/// 80 minutes recorded, 部分认定, 60 minutes, 0.1 credit, the certificate number — as the
/// school screen and the certificate say. Another school sees none of it.
async fn service_credit_of_a_schools_students(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let (school_id, school_admin) = school(&app, &admin, 1).await;
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
    for hours_ago in [3, 6] {
        let (record, version) = visit_by(&app, &organizer, &student, hours_ago).await;
        app.with(&organizer)
            .ok(REVIEW, json!({ "id": record, "v": version }))
            .await;
    }
    let term = "2026-autumn";
    let export = |token: String, query: String| {
        let app = &app;
        async move { app.get_file(&token, &format!("/exports/service-credit?{query}")).await }
    };

    let (status, disposition, bytes) = export(school_admin.clone(), format!("period={term}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(disposition
        .expect("download")
        .contains(&encoded("学生服务学时学分-第1中学-2026年秋季学期")));
    let before = rows(&sheets(&bytes)[0]);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0][0], "王同学");
    assert!(before[0][1].contains('*'), "the ID number masked");
    assert_eq!(before[0][2..7], ["2", "80", "未认定", "", ""]);

    app.with(&school_admin)
        .ok("mutation { setSchoolCreditRule(minutesPerCredit: 600) }", json!({}))
        .await;
    let hours = app
        .with(&school_admin)
        .ok(
            "query($t: String!) { schoolServiceHours(term: $t) { accountId recordedMinutes } }",
            json!({ "t": term }),
        )
        .await;
    let account = hours["schoolServiceHours"][0]["accountId"].clone();
    let certified = app
        .with(&school_admin)
        .ok(
            "mutation($a: String!) { certifyServiceHours(accountId: $a, decision: PARTLY_APPROVE, certifiedMinutes: 60, comment: \"一次未附照片\") { certificateNo } }",
            json!({ "a": account }),
        )
        .await;
    let certificate_no = certified["certifyServiceHours"]["certificateNo"]
        .as_str()
        .expect("number")
        .to_string();

    let (_, _, bytes) = export(school_admin.clone(), format!("period={term}&school={school_id}")).await;
    let range = sheets(&bytes).remove(0);
    let after = rows(&range);
    assert_eq!(after[0][2..6], ["2", "80", "部分认定", "60"]);
    assert!((number(&range, 3, 6) - 0.1).abs() < 1e-9);
    assert_eq!(after[0][7], certificate_no);
    assert_eq!(
        hours["schoolServiceHours"][0]["recordedMinutes"], 80.0,
        "the screen's minutes"
    );
    let (status, _, body) = export(school_admin.clone(), format!("period={term}&format=csv")).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body).expect("utf-8");
    assert!(!text.contains(id_number.as_str()), "no full ID number in the export");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "姓名,身份证号（脱敏）,探访次数,记录时长（分钟）,认定结果,认定时长（分钟）,学分,证明编号"
    );
    assert!(
        lines[1].starts_with("王同学,") && lines[1].ends_with(&format!(",2,80,部分认定,60,0.1,{certificate_no}")),
        "{}",
        lines[1]
    );

    // Another school: none of these students, and not this school by its id.
    let (status, _, bytes) = export(other_admin.clone(), format!("period={term}")).await;
    assert_eq!(status, 200);
    assert!(rows(&sheets(&bytes)[0]).is_empty());
    let (status, _, _) = export(other_admin, format!("period={term}&school={school_id}")).await;
    assert_eq!(status, 403);
    let (status, _, _) = export(organizer, format!("period={term}")).await;
    assert_eq!(status, 403, "not a school admin");
    let student_token = app.token("student1", PASSWORD).await;
    let (status, _, _) = export(student_token, format!("period={term}")).await;
    assert_eq!(status, 403);
    for (query, named) in [
        ("period=2026-11", "period"),
        ("period=2026-autumn&format=doc", "format"),
    ] {
        let (status, _, body) = export(school_admin.clone(), query.to_string()).await;
        assert_eq!((status, field(&body)), (400, named.to_string()), "{query}");
    }
}

per_backend!(
    monthly_rates_by_town_and_village_closed_as_reported,
    time_bank_statement_of_an_area_and_of_oneself,
    service_credit_of_a_schools_students,
);
