//! Exports (#18 items 2 and 3) over HTTP on both backends: the yubei 附件1 台帐 has the seed's
//! columns in the seed's order and the API's figures; 附件2 exports; the half-yearly zip holds
//! exactly the files the seed names; numbers are masked unless unmasked with a reason (audited);
//! a town organizer exports only their town; the API says which forms a district uses.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use serde_json::{json, Value};
use tanfang_e2e::town::{district, district_running, key_elder, staff, DISTRICT, TOWN, TOWN_B, VILLAGE, VILLAGE_B};
use tanfang_e2e::{accepted_visit, accepted_visit_finding, per_backend, Backend, TestApp};

/// 附件1's header words, copied from seeds/001 (渝北民〔2024〕24号 附件1), left to right: the first
/// header row, then the second row under 亲属情况 and 责任主体. (The seed breaks "对象 类型",
/// "亲属 关系" and "责任村   （社区）" over lines inside their cells.)
const SEED_HEADINGS: [&str; 11] = [
    "序号",
    "姓名",
    "性别",
    "常住地址",
    "身份证号码",
    "电话",
    "亲属情况",
    "对象类型",
    "责任主体",
    "上门探访次数",
    "解决问题数量",
];
const SEED_SUBHEADINGS: [(usize, &str); 7] = [
    (6, "姓名"),
    (7, "亲属关系"),
    (8, "电话"),
    (10, "责任镇街"),
    (11, "责任村（社区）"),
    (12, "责任人"),
    (13, "责任人电话"),
];

/// The half-year the tests' today (2026-11-18) falls in, and a day of the half-year before.
const PERIOD: &str = "2026-H2";

fn sheet(bytes: &[u8], index: usize) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx workbook");
    book.worksheet_range_at(index).expect("a sheet").expect("readable")
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

/// The words of the header rows (2 and 3) with the column of each, merged cells read once.
fn headings(range: &calamine::Range<Data>) -> (Vec<String>, Vec<(usize, String)>) {
    let first: Vec<String> = (0..16).map(|c| cell(range, 2, c)).filter(|w| !w.is_empty()).collect();
    let second: Vec<(usize, String)> = (0..16)
        .map(|c| (c as usize, cell(range, 3, c)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    (first, second)
}

/// Adds 二镇 with one village, and its organizer.
async fn second_town(app: &TestApp, admin: &str) -> String {
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    for (code, parent) in [(TOWN_B, DISTRICT), (VILLAGE_B, TOWN_B)] {
        app.with(admin)
            .ok(
                area,
                json!({ "input": { "code": code, "name": format!("区划{code}"), "parentCode": parent } }),
            )
            .await;
    }
    staff(app, admin, "org.b", "TOWN_ORGANIZER", TOWN_B).await.1
}

/// The API's count of `elder`'s accepted in-person records started in the second half of 2026.
async fn api_in_person_visits(app: &TestApp, token: &str, elder: &str) -> usize {
    let data = app
        .with(token)
        .ok(
            "query($e: String!) { elderVisitHistory(elderId: $e, first: 100) { edges { node { mode status startedAt } } } }",
            json!({ "e": elder }),
        )
        .await;
    data["elderVisitHistory"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| &e["node"])
        .filter(|r| r["mode"] == "IN_PERSON" && r["status"] == "ACCEPTED")
        .filter(|r| r["startedAt"].as_str().is_some_and(|s| s >= "2026-06-30T16:00:00Z"))
        .count()
}

/// The API's count of `elder`'s closed risk cases.
async fn api_closed_cases(app: &TestApp, token: &str, elder: &str) -> usize {
    let data = app
        .with(token)
        .ok(
            "query($a: String!) { riskCases(areaCode: $a, status: CLOSED) { elderId } }",
            json!({ "a": TOWN }),
        )
        .await;
    data["riskCases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["elderId"] == elder)
        .count()
}

async fn yubei_ledger_has_the_seeds_columns_and_the_apis_figures(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let org_b = second_town(&app, &admin).await;
    let one = key_elder(&app, &organizer, VILLAGE, 1).await;
    let two = key_elder(&app, &organizer, VILLAGE, 2).await;
    let _other_town = key_elder(&app, &org_b, VILLAGE_B, 3).await;

    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-06-20T10:00:00").await; // the half-year before
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-08-03T10:00:00").await;
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-09-04T10:00:00").await;
    accepted_visit(&app, &organizer, &one, "PHONE", "2026-09-20T10:00:00").await;
    // A major risk found and handled: a case opened and closed.
    accepted_visit_finding(
        &app,
        &organizer,
        &two,
        "IN_PERSON",
        "2026-10-05T10:00:00",
        json!({"support": {"hasCarer": false}}),
    )
    .await;
    // The follow-up visit a case needs before it closes.
    accepted_visit(&app, &organizer, &two, "IN_PERSON", "2026-10-12T10:00:00").await;
    let open = app
        .with(&organizer)
        .ok(
            "query($a: String!) { riskCases(areaCode: $a, status: OPEN) { id version } }",
            json!({ "a": TOWN }),
        )
        .await;
    for case in open["riskCases"].as_array().expect("cases") {
        app.with(&organizer)
            .ok(
                "mutation($id: String!, $v: Int!) { closeCase(id: $id, note: \"已安排照护\", version: $v) { status } }",
                json!({ "id": case["id"], "v": case["version"] }),
            )
            .await;
    }

    let (status, disposition, bytes) = app
        .get_file(&organizer, &format!("/exports/yubei-1?area={TOWN}&period={PERIOD}"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let disposition = disposition.expect("a download");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E6%B8%9D%E5%8C%97"),
        "the Chinese name (渝北…) in filename*: {disposition}"
    );
    let range = sheet(&bytes, 0);
    assert_eq!(cell(&range, 0, 0), "渝北区特殊困难老年人关爱服务信息台帐");
    let line = cell(&range, 1, 0);
    for word in ["填表单位：", "主要领导审核：", "填报人：", "填表日期："] {
        assert!(line.contains(word), "{line}");
    }
    let (first, second) = headings(&range);
    assert_eq!(first, SEED_HEADINGS.map(String::from));
    assert_eq!(second, SEED_SUBHEADINGS.map(|(c, w)| (c, w.to_string())));

    // One row per elder of the town, none of the other town; the API's figures.
    let names: Vec<String> = (4..6).map(|r| cell(&range, r, 1)).collect();
    assert_eq!(names, ["独居老人1", "独居老人2"]);
    assert_eq!(
        cell(&range, 6, 0),
        "说明：对象类型分为独居、空巢、农村留守、计生对象、失能、重度残疾老年人、其他关爱对象。"
    );
    for (row, elder) in [(4, &one), (5, &two)] {
        assert_eq!(cell(&range, row, 0), format!("{}", row - 3), "序号");
        let visits = api_in_person_visits(&app, &organizer, elder).await;
        let solved = api_closed_cases(&app, &organizer, elder).await;
        assert_eq!(cell(&range, row, 14), format!("{visits}"), "上门探访次数 of row {row}");
        assert_eq!(cell(&range, row, 15), format!("{solved}"), "解决问题数量 of row {row}");
        assert!(cell(&range, row, 4).contains('*'), "the ID number is masked");
        assert!(cell(&range, row, 5).contains('*'), "the phone is masked");
        assert_eq!(cell(&range, row, 6), "儿子丙");
        assert_eq!(cell(&range, row, 7), "儿子");
        assert_eq!(cell(&range, row, 10), format!("区划{TOWN}"));
        assert_eq!(cell(&range, row, 11), format!("区划{VILLAGE}"));
    }
    assert_eq!(
        cell(&range, 4, 14),
        "2",
        "two in-person visits in the half-year, the phone call not"
    );
    assert_eq!(cell(&range, 5, 15), "1", "one case closed");

    // A month as the period counts that month only.
    let (status, _, bytes) = app
        .get_file(&organizer, &format!("/exports/yubei-1?area={TOWN}&period=2026-08"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(cell(&sheet(&bytes, 0), 4, 14), "1");
}

async fn numbers_are_masked_unless_unmasked_with_a_reason_and_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 1).await;
    let full = app
        .with(&organizer)
        .ok(
            "mutation($id: String!) { unmaskElder(id: $id, reason: \"核对台帐信息\") { idNumber phone } }",
            json!({ "id": elder }),
        )
        .await;
    let id_number = full["unmaskElder"]["idNumber"].as_str().expect("id").to_string();

    let (status, _, body) = app
        .get_file(
            &organizer,
            &format!("/exports/yubei-1?area={TOWN}&period={PERIOD}&reason=x"),
        )
        .await;
    assert_eq!(status, 400, "a reason of one character is refused");
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["error"]["field"], "reason");

    let reason = "%E5%8D%8A%E5%B9%B4%E6%8A%A5%E9%80%81%E5%8C%BA%E6%B0%91%E6%94%BF%E5%B1%80"; // 半年报送区民政局
    let (status, _, bytes) = app
        .get_file(
            &organizer,
            &format!("/exports/yubei-1?area={TOWN}&period={PERIOD}&reason={reason}"),
        )
        .await;
    assert_eq!(status, 200);
    let range = sheet(&bytes, 0);
    assert_eq!(cell(&range, 4, 4), id_number, "in full with a reason");
    assert_eq!(cell(&range, 4, 5), "13800138000");
    assert_eq!(cell(&range, 4, 8), "13900000003");

    let log = app
        .with(&organizer)
        .ok(
            "query($o: String) { auditLog(objectId: $o, first: 50) { action reason } }",
            json!({ "o": TOWN }),
        )
        .await;
    let entries = log["auditLog"].as_array().expect("entries").clone();
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "export.unmasked" && e["reason"] == "半年报送区民政局"),
        "the unmasked export is audited with its reason: {entries:?}"
    );
    assert_eq!(
        entries.iter().filter(|e| e["action"] == "export.unmasked").count(),
        1,
        "the refused export wrote nothing"
    );
}

async fn a_town_organizer_exports_only_their_town(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let org_b = second_town(&app, &admin).await;
    key_elder(&app, &organizer, VILLAGE, 1).await;
    key_elder(&app, &org_b, VILLAGE_B, 2).await;
    for area in [TOWN_B, DISTRICT, VILLAGE_B] {
        let (status, _, _) = app
            .get_file(&organizer, &format!("/exports/yubei-1?area={area}&period={PERIOD}"))
            .await;
        assert_eq!(status, 403, "{area} is outside the organizer's town");
        let (status, _, _) = app
            .get_file(&organizer, &format!("/exports/half-year?area={area}&period={PERIOD}"))
            .await;
        assert_eq!(status, 403, "the pack of {area} neither");
    }
    let (status, _, bytes) = app
        .get_file(&admin, &format!("/exports/yubei-1?area={DISTRICT}&period={PERIOD}"))
        .await;
    assert_eq!(status, 200);
    let range = sheet(&bytes, 0);
    assert_eq!(
        [cell(&range, 4, 10), cell(&range, 5, 10)],
        [format!("区划{TOWN}"), format!("区划{TOWN_B}")],
        "the district admin gets both towns"
    );
    let (status, _, _) = app
        .get_file("not-a-token", &format!("/exports/yubei-1?area={TOWN}&period={PERIOD}"))
        .await;
    assert_eq!(status, 401);
}

async fn the_half_yearly_zip_holds_exactly_the_named_files(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let one = key_elder(&app, &organizer, VILLAGE, 1).await;
    key_elder(&app, &organizer, VILLAGE, 2).await;
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-06-20T10:00:00").await;
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-08-03T10:00:00").await;
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-09-04T10:00:00").await;

    let (status, disposition, bytes) = app
        .get_file(&organizer, &format!("/exports/half-year?area={TOWN}&period={PERIOD}"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(disposition.expect("download").contains(".zip"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    // 三（五）"每年6月和12月将更新后的台账、《渝北区特殊困难老年人信息登记表》（附件2）、
    // 《渝北区特殊困难老年人探访关爱服务记录表》（附件3）报送至区民政局".
    let top: BTreeSet<&str> = names.iter().map(|n| n.split('/').next().unwrap_or(n)).collect();
    assert_eq!(
        top,
        BTreeSet::from([
            "附件1 渝北区特殊困难老年人关爱服务信息台帐.xlsx",
            "附件2 渝北区特殊困难老年人信息登记表.xlsx",
            "附件3 渝北区特殊困难老年人探访关爱服务记录表",
        ])
    );
    let records: Vec<&String> = names.iter().filter(|n| n.starts_with("附件3 ")).collect();
    assert_eq!(
        records.len(),
        2,
        "the two records of the half-year, not June's: {records:?}"
    );
    assert!(records.iter().all(|n| n.ends_with(".html")));

    let mut ledger = Vec::new();
    zip.by_name("附件1 渝北区特殊困难老年人关爱服务信息台帐.xlsx")
        .expect("台帐")
        .read_to_end(&mut ledger)
        .expect("read");
    assert_eq!(cell(&sheet(&ledger, 0), 4, 14), "2");
    let mut registration = Vec::new();
    zip.by_name("附件2 渝北区特殊困难老年人信息登记表.xlsx")
        .expect("登记表")
        .read_to_end(&mut registration)
        .expect("read");
    let first = sheet(&registration, 0);
    assert_eq!(cell(&first, 0, 0), "渝北区特殊困难老年人信息登记表");
    assert_eq!(cell(&first, 3, 1), "独居老人1");
    let second = sheet(&registration, 1);
    assert_eq!(cell(&second, 3, 1), "独居老人2", "one sheet per elder");

    // Not a hand-in: a month, or the half-year of a pack that names no hand-in.
    let (status, _, _) = app
        .get_file(&organizer, &format!("/exports/half-year?area={TOWN}&period=2026-11"))
        .await;
    assert_eq!(status, 400);
}

async fn each_form_exports_and_the_api_says_which_forms_a_district_uses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    key_elder(&app, &organizer, VILLAGE, 1).await;
    let (status, disposition, bytes) = app
        .get_file(&organizer, &format!("/exports/yubei-2?area={VILLAGE}"))
        .await;
    assert_eq!(status, 200);
    assert!(disposition.expect("download").contains(".xlsx"));
    assert_eq!(cell(&sheet(&bytes, 0), 3, 1), "独居老人1");

    let forms = "query($a: String!) { area(code: $a) { forms { source ledger { form title attachmentNo }
        registration { form } record { form } handInMonths handIn { form } } } }";
    let data = app.with(&organizer).ok(forms, json!({ "a": TOWN })).await;
    let f = &data["area"]["forms"];
    assert_eq!(f["ledger"]["form"], "YUBEI1");
    assert_eq!(f["ledger"]["attachmentNo"], 1);
    assert_eq!(f["registration"]["form"], "YUBEI2");
    assert_eq!(f["record"]["form"], "YUBEI3");
    assert_eq!(f["handInMonths"], json!([6, 12]));
    assert_eq!(
        f["handIn"],
        json!([{ "form": "YUBEI1" }, { "form": "YUBEI2" }, { "form": "YUBEI3" }])
    );
    assert!(f["source"].as_str().is_some_and(|s| s.contains("每年6月和12月")));

    let packs = app
        .with(&organizer)
        .ok(
            "{ policyPacks { id forms { ledger { form } record { form } handIn { form } } } }",
            json!({}),
        )
        .await;
    let of = |id: &str| {
        packs["policyPacks"]
            .as_array()
            .expect("packs")
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .expect("pack")
    };
    assert_eq!(of("linzi-2022")["forms"]["ledger"]["form"], "LINZI1");
    assert_eq!(of("linzi-2022")["forms"]["handIn"], json!([]));
    assert_eq!(of("jiangmen-2024")["forms"]["ledger"]["form"], "JIANGMEN1");
    assert_eq!(of("ningbo-draft")["forms"]["ledger"]["form"], "NINGBO2");
    assert_eq!(of("emeishan-2022")["forms"]["record"]["form"], "EMEISHAN1");
}

async fn a_district_whose_document_names_no_hand_in_gets_no_pack(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "linzi-2022").await;
    let (status, _, body) = app
        .get_file(&organizer, &format!("/exports/half-year?area={TOWN}&period={PERIOD}"))
        .await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["error"]["field"], "areaCode");
    let (status, _, _) = app
        .get_file(&organizer, &format!("/exports/yubei-1?area={TOWN}&period={PERIOD}"))
        .await;
    assert_eq!(status, 400, "linzi does not use the yubei 台帐");
}

per_backend!(
    yubei_ledger_has_the_seeds_columns_and_the_apis_figures,
    numbers_are_masked_unless_unmasked_with_a_reason_and_audited,
    a_town_organizer_exports_only_their_town,
    the_half_yearly_zip_holds_exactly_the_named_files,
    each_form_exports_and_the_api_says_which_forms_a_district_uses,
    a_district_whose_document_names_no_hand_in_gets_no_pack,
);
