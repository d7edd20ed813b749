//! 市级 — the city admin (市级管理员) sees its districts side by side, each on its own pack, with
//! the figures each district admin reads of their own district, exports the same figures, and
//! reads no elder file, list, record or case below it.
//!
//! Decision: the test city is 5001 重庆市 over 渝北区 (500112, on yubei-2024, the seed of a
//! Chongqing district) and 巴南区 (500113) on jiangmen-2024 — two districts of one city on
//! different packs, as the issue asks; in the seeds a city's districts share the city's
//! document (jiangmen, ningbo), so the second pack stands for a district that keeps its own.

use serde_json::{json, Value};
use tanfang_e2e::town::{district, key_elder, staff, visit_by, visitor, VILLAGE};
use tanfang_e2e::{accepted_visit, accepted_visit_finding, error_code, per_backend, Backend, TestApp, PASSWORD};

const DISTRICT_B: &str = "500113";
const TOWN_B: &str = "500113001";
const VILLAGE_B: &str = "500113001001";
const MONTH: &str = "2026-11";

const OVERVIEW: &str = "query($m: String!, $c: String) { cityOverview(month: $m, cityCode: $c) { code name month
    districts { code name packId packName closed overdueElders casesOpen casesPastDue minutesCredited
      coverage { elders met due overdue visitRate contacted contactRate } } } }";
const COVERAGE: &str = "query($m: String!, $a: String!) { coverage(month: $m, areaCode: $a) { packId
    total { elders met due overdue visitRate contacted contactRate } } }";
const OVERDUE: &str = "query($m: String!, $a: String!) { overdueElders(month: $m, areaCode: $a) { totalCount } }";
const CASES: &str = "query($a: String!) { riskCases(areaCode: $a, status: OPEN) { id dueAt } }";
const BALANCE: &str = "query { myLedgerAccounts { book balanceMinutes } }";
const REVIEW: &str = "mutation($id: String!, $v: Int!) {
    reviewVisitRecord(id: $id, decision: ACCEPT, comment: \"纸质记录录入\", version: $v) { status } }";

/// District 500113 on jiangmen-2024 with one town, one village and an organizer; the
/// district admin's and the organizer's tokens.
async fn second_district(app: &TestApp) -> (String, String) {
    let admin = app.bootstrap(DISTRICT_B, "巴南区", "admin_b").await;
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    for (code, parent) in [(TOWN_B, DISTRICT_B), (VILLAGE_B, TOWN_B)] {
        let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent });
        app.with(&admin).ok(area, json!({ "input": input })).await;
    }
    app.with(&admin)
        .ok(
            "mutation { choosePolicyPack(districtCode: \"500113\", packId: \"jiangmen-2024\", effectiveFrom: \"2025-01-01\") { packId } }",
            json!({}),
        )
        .await;
    let (_, organizer) = staff(app, &admin, "org_b", "TOWN_ORGANIZER", TOWN_B).await;
    (admin, organizer)
}

/// What a district admin reads of their own district: the coverage total with its pack, the
/// overdue list's length, the open cases and those past due at `now`.
async fn own_figures(app: &TestApp, admin: &str, district: &str, now: chrono::DateTime<chrono::Utc>) -> Value {
    let vars = json!({ "m": MONTH, "a": district });
    let coverage = app.with(admin).ok(COVERAGE, vars.clone()).await["coverage"].clone();
    let overdue = app.with(admin).ok(OVERDUE, vars).await["overdueElders"]["totalCount"].clone();
    let cases = app.with(admin).ok(CASES, json!({ "a": district })).await["riskCases"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let past_due = cases
        .iter()
        .filter(|c| {
            let due = chrono::DateTime::parse_from_rfc3339(c["dueAt"].as_str().expect("dueAt")).expect("time");
            due < now
        })
        .count();
    json!({ "packId": coverage["packId"], "coverage": coverage["total"], "overdueElders": overdue,
            "casesOpen": cases.len(), "casesPastDue": past_due })
}

async fn minutes_held(app: &TestApp, token: &str) -> f64 {
    let data = app.with(token).ok(BALANCE, json!({})).await;
    data["myLedgerAccounts"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a["balanceMinutes"].as_f64())
        .sum()
}

async fn the_city_sees_its_districts_on_their_own_packs_and_no_elder(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, org_a) = district(&app).await;
    let (_, org_b) = second_district(&app).await;
    app.bootstrap_city("5001", "重庆市", "city_cq").await;

    // 渝北区: one elder visited with a major risk (a case), one never visited, and a
    // volunteer's accepted 40 minutes.
    let visited = key_elder(&app, &org_a, VILLAGE, 1).await;
    let _unvisited = key_elder(&app, &org_a, VILLAGE, 2).await;
    let record = accepted_visit_finding(
        &app,
        &org_a,
        &visited,
        "IN_PERSON",
        "2026-11-10T10:00:00",
        json!({ "support": { "hasCarer": false } }),
    )
    .await;
    let (volunteer_id, _) = visitor(&app, &org_a, 1, 20, false).await;
    let (paper, version) = visit_by(&app, &org_a, &volunteer_id, 3).await;
    app.with(&org_a).ok(REVIEW, json!({ "id": paper, "v": version })).await;
    // 巴南区: two elders, one visited.
    let elder_b = key_elder(&app, &org_b, VILLAGE_B, 11).await;
    key_elder(&app, &org_b, VILLAGE_B, 12).await;
    accepted_visit(&app, &org_b, &elder_b, "IN_PERSON", "2026-11-05T10:00:00").await;
    // Ten days on, still November: the case is past its due time.
    app.clock.set(app.clock.now() + chrono::TimeDelta::days(10));
    let now = app.clock.now();
    // Access tokens are short-lived: everyone signs in again.
    let [city, admin_a, admin_b, org_a, org_b, volunteer] = {
        let mut fresh = Vec::new();
        for username in ["city_cq", "admin", "admin_b", "org", "org_b", "visitor1"] {
            fresh.push(app.token(username, PASSWORD).await);
        }
        <[String; 6]>::try_from(fresh).expect("six tokens")
    };

    let overview = app.with(&city).ok(OVERVIEW, json!({ "m": MONTH })).await["cityOverview"].clone();
    assert_eq!(overview["code"], "5001");
    assert_eq!(overview["name"], "重庆市");
    let rows = overview["districts"].as_array().cloned().unwrap_or_default();
    let codes: Vec<&str> = rows.iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(codes, ["500112", "500113"], "both districts, side by side");
    assert_eq!(rows[0]["packId"], "yubei-2024");
    assert_eq!(rows[1]["packId"], "jiangmen-2024");

    for (row, admin, code) in [(&rows[0], &admin_a, "500112"), (&rows[1], &admin_b, "500113")] {
        let own = own_figures(&app, admin, code, now).await;
        assert_eq!(row["packId"], own["packId"], "{code}");
        assert_eq!(row["coverage"], own["coverage"], "{code}: both rates and their counts");
        assert_eq!(row["overdueElders"], own["overdueElders"], "{code}");
        assert_eq!(row["casesOpen"], own["casesOpen"], "{code}");
        assert_eq!(row["casesPastDue"], own["casesPastDue"], "{code}");
    }
    assert_eq!(rows[0]["casesOpen"], 1, "the major risk opened a case");
    assert_eq!(rows[0]["casesPastDue"], 1);
    assert!(rows[0]["overdueElders"].as_i64() >= Some(1), "{rows:#?}");
    let credited = minutes_held(&app, &volunteer).await + minutes_held(&app, &org_a).await;
    assert!(credited >= 40.0);
    assert_eq!(
        rows[0]["minutesCredited"].as_f64(),
        Some(credited),
        "every credited minute of 渝北区"
    );
    let credited_b = minutes_held(&app, &org_b).await;
    assert_eq!(rows[1]["minutesCredited"].as_f64(), Some(credited_b));

    // A district admin reads their own row only; another city reads nothing of this one.
    let own = app.with(&admin_a).ok(OVERVIEW, json!({ "m": MONTH })).await;
    let own_rows = own["cityOverview"]["districts"].as_array().cloned().unwrap_or_default();
    assert_eq!(own_rows.len(), 1);
    assert_eq!(own_rows[0], rows[0], "the same figures as the city's");
    let other = app.bootstrap_city("4407", "江门市", "city_jm").await;
    let refused = app
        .with(&other)
        .graphql(OVERVIEW, json!({ "m": MONTH, "c": "5001" }))
        .await;
    assert_eq!(error_code(&refused).as_deref(), Some("FORBIDDEN"), "{refused:#}");
    let empty = app.with(&other).ok(OVERVIEW, json!({ "m": MONTH })).await;
    assert_eq!(empty["cityOverview"]["districts"], json!([]));

    // No elder file, list, record, case, coverage by village or account below the city.
    let case_id = app.with(&admin_a).ok(CASES, json!({ "a": "500112" })).await["riskCases"][0]["id"].clone();
    let probes = [
        (
            "query($id: String!) { elder(id: $id) { id name } }",
            json!({ "id": visited }),
        ),
        ("query { elders(first: 50) { edges { node { id name } } } }", json!({})),
        (
            "query($id: String!) { visitRecord(id: $id) { id } }",
            json!({ "id": record }),
        ),
        ("query { visitRecords(first: 50) { edges { node { id } } } }", json!({})),
        (
            "query($id: String!) { riskCase(id: $id) { id } }",
            json!({ "id": case_id }),
        ),
        ("query { riskCases(areaCode: \"500112\") { id } }", json!({})),
        (
            "query($m: String!) { coverage(month: $m, areaCode: \"500112\") { packId } }",
            json!({ "m": MONTH }),
        ),
        (
            "query($m: String!) { overdueElders(month: $m, areaCode: \"500112\") { totalCount } }",
            json!({ "m": MONTH }),
        ),
        ("query { accounts(first: 50) { edges { node { id } } } }", json!({})),
        ("query { auditLog(first: 50) { edges { node { id } } } }", json!({})),
    ];
    for (query, vars) in probes {
        let answer = app.with(&city).graphql(query, vars).await;
        let text = answer["data"].to_string();
        assert!(
            !text.contains("独居老人") && !text.contains(visited.as_str()) && !text.contains(record.as_str()),
            "{query}: {answer:#}"
        );
        let listed = ["elders", "visitRecords", "accounts", "auditLog"]
            .iter()
            .filter_map(|k| answer["data"][k]["edges"].as_array())
            .any(|edges| !edges.is_empty());
        assert!(!listed, "{query}: {answer:#}");
        assert!(
            answer["errors"].is_array()
                || answer["data"]
                    .as_object()
                    .is_some_and(|d| d.values().all(|v| v.is_null() || v["edges"] == json!([]))),
            "{query}: {answer:#}"
        );
    }
    let (status, _, _) = app.get_as(&city, &format!("/records/{record}/print/yubei-3")).await;
    assert_ne!(status, 200, "a record's printed form");

    // The export holds the same figures: xlsx read back, and CSV.
    let (status, book) = app.get_bytes(&city, "/city-overview.xlsx?month=2026-11").await;
    assert_eq!(status, 200);
    let cells = read_xlsx(book);
    assert!(
        cells[0][0].contains("重庆市") && cells[0][0].contains("2026年11月"),
        "{cells:?}"
    );
    assert_eq!(cells[1][0], "区县");
    assert_eq!(cells.len(), 4, "title, header and one row per district: {cells:?}");
    for (line, row) in cells[2..].iter().zip(&rows) {
        check_line(line, row);
    }
    let (status, _, csv) = app.get_as(&city, "/city-overview.csv?month=2026-11").await;
    assert_eq!(status, 200);
    let lines: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(lines[0][0], "区县");
    for (line, row) in lines[1..].iter().zip(&rows) {
        check_line(line, row);
    }
    let (status, _) = app
        .get_bytes(&admin_a, "/city-overview.xlsx?month=2026-11&city=4407")
        .await;
    assert_eq!(status, 403, "a district admin exports nothing of another city");
}
per_backend!(the_city_sees_its_districts_on_their_own_packs_and_no_elder);

/// The cells of the first sheet, as text (numbers without a trailing `.0`).
fn read_xlsx(book: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook = Xlsx::new(std::io::Cursor::new(book)).expect("an xlsx workbook");
    let range = workbook.worksheet_range_at(0).expect("a sheet").expect("readable");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A line of the export against the district's row of the overview: name, counts, rates
/// (a share in xlsx, a percentage in CSV) and hours.
fn check_line(line: &[String], row: &Value) {
    let c = &row["coverage"];
    assert_eq!(line[0], row["name"].as_str().unwrap_or_default());
    assert!(line[1].starts_with(row["packName"].as_str().unwrap_or("?")), "{line:?}");
    let ints = [
        (2, &c["elders"]),
        (3, &c["met"]),
        (4, &c["due"]),
        (5, &c["overdue"]),
        (7, &c["contacted"]),
        (9, &row["overdueElders"]),
        (10, &row["casesOpen"]),
        (11, &row["casesPastDue"]),
    ];
    for (col, value) in ints {
        assert_eq!(line[col], value.to_string(), "column {col}: {line:?}");
    }
    for (col, rate) in [(6, &c["visitRate"]), (8, &c["contactRate"])] {
        let shown = &line[col];
        let value = match shown.strip_suffix('%') {
            Some(percent) => percent.parse::<f64>().expect("percent") / 100.0,
            None => shown.parse::<f64>().expect("share"),
        };
        assert!(
            (value - rate.as_f64().expect("rate")).abs() < 0.001,
            "column {col}: {line:?} vs {rate}"
        );
    }
    let hours: f64 = line[12].parse().expect("hours");
    let minutes = row["minutesCredited"].as_f64().expect("minutes");
    assert!((hours - minutes / 60.0).abs() < 0.05, "{line:?}");
}
