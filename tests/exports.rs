//! Exports (#18 items 2 and 3) over HTTP on both backends: the yubei 附件1 台帐 has the seed's
//! columns in the seed's order and the API's figures; 附件2 exports; the half-yearly zip holds
//! exactly the files the seed names; numbers are masked unless unmasked with a reason (audited);
//! a town organizer exports only their town; the API says which forms a district uses.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::html::printed_table;
use tanfang_e2e::town::{
    district, district_running, key_elder, staff, visitor, DISTRICT, TOWN, TOWN_B, VILLAGE, VILLAGE2, VILLAGE_B,
};
use tanfang_e2e::{accepted_visit, accepted_visit_finding, count, per_backend, Backend, TestApp};

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

pub(crate) fn sheet(bytes: &[u8], index: usize) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx workbook");
    book.worksheet_range_at(index).expect("a sheet").expect("readable")
}

pub(crate) fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
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

/// The audit entries about the town (`action`, `reason`), as its organizer reads them.
async fn town_audit(app: &TestApp, organizer: &str) -> Vec<Value> {
    let log = app
        .with(organizer)
        .ok(
            "query($o: String) { auditLog(objectId: $o, first: 50) { action reason } }",
            json!({ "o": TOWN }),
        )
        .await;
    log["auditLog"].as_array().expect("entries").clone()
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

    let entries = town_audit(&app, &organizer).await;
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

// --- linzi 附件1, jiangmen 附件1 and 附件2, ningbo 附件2 ---------------------------------------

/// The words of a two-row header (rows 2 and 3) over `width` columns: the first row's words
/// (merged cells read once), and the second row's with their columns.
pub(crate) fn header_words(range: &calamine::Range<Data>, width: u32) -> (Vec<String>, Vec<(u32, String)>) {
    let first = (0..width)
        .map(|c| cell(range, 2, c))
        .filter(|w| !w.is_empty())
        .collect();
    let second = (0..width)
        .map(|c| (c, cell(range, 3, c)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    (first, second)
}

/// A file of `village` registered by `staff`, born 1944-03-`seq`, with `extra` fields over a
/// rural elder living with a spouse and an emergency contact.
async fn elder_with(app: &TestApp, staff: &str, village: &str, seq: u16, extra: Value) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1944, 3, u32::from(seq)).expect("date");
    let id_number =
        IdNumber::from_parts_as_of(DISTRICT, born, 2 * seq + 41, Sex::Female, tanfang_e2e::today()).expect("id");
    let mut input = json!({ "name": format!("留守老人{seq}"), "idNumber": id_number.as_str(), "villageCode": village,
        "phone": "13800138000", "residenceAddress": "五组 8 号", "urbanRural": "RURAL",
        "abilityLevel": "INTACT", "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE",
        "consent": "CONSENTED", "consentRecordedOn": "2025-06-01",
        "emergencyContacts": [{ "name": "女儿丁", "relation": "女儿", "phone": "13900000004" }] });
    for (key, value) in extra.as_object().expect("fields") {
        input[key] = value.clone();
    }
    app.with(staff).create_elder(input).await
}

/// 临淄 附件1's fields, copied from seeds/002 (附件 1 临淄区特殊关爱群体老年人信息采集表), in the
/// seed's order: the first header row, then the sub-headings under 共同居住人, 主要赡养人 and
/// 帮扶联系人 with their columns.
const LINZI_FIELDS: [&str; 20] = [
    "镇（街道）",
    "姓名",
    "性别",
    "出生年月",
    "身份证号码",
    "家庭住址",
    "健康状况",
    "患病种类或残疾等级",
    "生活来源",
    "年收入（万元）",
    "共同居住人",
    "共同居住人身体状况",
    "子女个数",
    "主要赡养人",
    "外出时间",
    "外出地点",
    "计划返回时间",
    "帮扶联系人",
    "帮扶人所在单位",
    "其他需要说明的问题",
];
const LINZI_SUBFIELDS: [(u32, &str); 7] = [
    (10, "姓名"),
    (11, "与本人关系"),
    (14, "姓名"),
    (15, "联系电话"),
    (19, "姓名"),
    (20, "联系电话"),
    (21, "身份"),
];

async fn linzi_ledger_has_the_seeds_fields_and_the_files_values(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "linzi-2022").await;
    staff(&app, &organizer, "cun", "VILLAGE_STAFF", VILLAGE).await;
    let elder = elder_with(
        &app,
        &organizer,
        VILLAGE,
        5,
        json!({ "abilityLevel": "MILDLY_IMPAIRED", "diseaseHistory": "高血压", "disabilityGrade": 3,
                "monthlyIncomeYuan": 1500, "childrenAwayLocation": "深圳", "childrenAwaySince": "2024-03-01",
                "childrenPlannedReturn": "2027-01-20", "categories": ["RURAL_LEFT_BEHIND"],
                "familyMembers": [{ "name": "老伴甲", "relation": "配偶", "health": "一般", "livesWith": true },
                                  { "name": "儿子乙", "relation": "儿子", "livesWith": false }] }),
    )
    .await;

    let (status, disposition, bytes) = app.get_file(&organizer, &format!("/exports/linzi-1?area={TOWN}")).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(disposition.expect("download").contains(".xlsx"));
    let range = sheet(&bytes, 0);
    assert_eq!(cell(&range, 0, 0), "临淄区特殊关爱群体老年人信息采集表");
    let (first, second) = header_words(&range, 24);
    assert_eq!(first, LINZI_FIELDS.map(String::from));
    assert_eq!(second, LINZI_SUBFIELDS.map(|(c, w)| (c, w.to_string())));
    // The row of the file: from what was registered above.
    let row: Vec<String> = (0..24).map(|c| cell(&range, 4, c)).collect();
    assert_eq!(row[0], format!("区划{TOWN}"), "镇（街道） first");
    assert_eq!(row[1], "留守老人5");
    assert_eq!(row[2], "女");
    assert_eq!(row[3], "1944年3月");
    assert!(row[4].contains('*') && row[4].len() == 18, "masked ID: {}", row[4]);
    assert_eq!(row[5], "五组 8 号");
    assert_eq!(row[6], "一般", "轻度失能");
    assert_eq!(row[7], "高血压；残疾3级");
    assert_eq!(row[8], "", "生活来源 is not in the file");
    assert_eq!(row[9], "1.8", "1500 元 a month is 1.8 万元 a year");
    assert_eq!(
        [row[10].as_str(), row[11].as_str(), row[12].as_str()],
        ["老伴甲", "配偶", "一般"]
    );
    assert_eq!(row[13], "", "子女个数 is not in the file");
    assert_eq!([row[14].as_str(), row[15].as_str()], ["女儿丁", "139****0004"]);
    assert_eq!(row[16], "2024年3月1日");
    assert_eq!(row[17], "深圳");
    assert_eq!(row[18], "2027年1月20日");
    assert_eq!(
        row[19], "cun（VILLAGE_STAFF）",
        "the village's staff is the default contact"
    );
    assert_eq!(row[21], "村干部");
    assert_eq!(row[22], format!("区划{VILLAGE}"));
    assert!(!String::from_utf8_lossy(&bytes).contains("13900000004"));

    // Unmasked with a reason: the ID number in full, audited.
    let full = app
        .with(&organizer)
        .ok(
            "mutation($id: String!) { unmaskElder(id: $id, reason: \"核对台账信息\") { idNumber } }",
            json!({ "id": elder }),
        )
        .await;
    let reason = "%E6%A0%B8%E5%AF%B9%E5%8F%B0%E8%B4%A6"; // 核对台账
    let (status, _, bytes) = app
        .get_file(&organizer, &format!("/exports/linzi-1?area={TOWN}&reason={reason}"))
        .await;
    assert_eq!(status, 200);
    let range = sheet(&bytes, 0);
    assert_eq!(
        cell(&range, 4, 4),
        full["unmaskElder"]["idNumber"].as_str().expect("id")
    );
    assert_eq!(cell(&range, 4, 15), "13900000004");
    let audited = count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.unmasked' AND reason = '核对台账'",
    );
    assert_eq!(audited, 1);

    // Scope: another town's organizer is refused; a district not using the form gets 400.
    let org_b = second_town(&app, &admin).await;
    let (status, _, _) = app.get_file(&org_b, &format!("/exports/linzi-1?area={TOWN}")).await;
    assert_eq!(status, 403);
}

async fn a_form_the_pack_does_not_name_is_refused_naming_form(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await; // yubei-2024
    key_elder(&app, &organizer, VILLAGE, 1).await;
    for path in [
        format!("/exports/linzi-1?area={TOWN}"),
        format!("/exports/jiangmen-1?area={TOWN}&period=2026-11"),
        format!("/exports/jiangmen-2?area={TOWN}"),
        format!("/exports/ningbo-2?area={TOWN}"),
    ] {
        let (status, _, body) = app.get_file(&organizer, &path).await;
        assert_eq!(status, 400, "{path}");
        let body: Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(body["error"]["field"], "form", "{path}");
    }
    let (status, _, body) = app.get_file(&organizer, &format!("/exports/no-such?area={TOWN}")).await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["error"]["field"], "form");
    let message = body["error"]["message"].as_str().unwrap_or_default().to_string();
    for code in ["linzi-1", "jiangmen-1", "jiangmen-2", "ningbo-2"] {
        assert!(message.contains(code), "{message}");
    }
    let (status, _, body) = app
        .get_file(
            &organizer,
            &format!("/exports/yubei-1?area={TOWN}&period=2026-H2&format=csv"),
        )
        .await;
    assert_eq!(status, 400, "CSV only where the table is flat");
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["error"]["field"], "format");
}

/// The label of `elder`'s tier on the tests' day, as the API gives it.
async fn api_tier(app: &TestApp, token: &str, elder: &str) -> String {
    let data = app
        .with(token)
        .ok(
            "query($e: String!) { elderTier(elderId: $e, on: \"2026-11-18\") { label } }",
            json!({ "e": elder }),
        )
        .await;
    data["elderTier"]["label"].as_str().unwrap_or_default().to_string()
}

async fn jiangmen_statistics_has_counts_rates_contacts_and_teams(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "jiangmen-2024").await;
    let one = key_elder(&app, &organizer, VILLAGE, 1).await;
    let two = key_elder(&app, &organizer, VILLAGE, 2).await;
    let three = elder_with(&app, &organizer, VILLAGE2, 3, json!({})).await;
    let (visitor_id, _) = visitor(&app, &organizer, 1, 10, false).await;
    app.with(&organizer)
        .ok(
            "mutation($e: String!, $u: String!) { pairElder(elderId: $e, contactUserId: $u) { name } }",
            json!({ "e": one, "u": visitor_id }),
        )
        .await;
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-11-03T10:00:00").await;
    accepted_visit(&app, &organizer, &one, "PHONE", "2026-11-10T10:00:00").await;
    accepted_visit(&app, &organizer, &three, "PHONE", "2026-11-11T10:00:00").await;
    accepted_visit(&app, &organizer, &two, "IN_PERSON", "2026-10-11T10:00:00").await; // October
    let org_b = second_town(&app, &admin).await;
    key_elder(&app, &org_b, VILLAGE_B, 9).await;

    let (status, _, bytes) = app
        .get_file(&organizer, &format!("/exports/jiangmen-1?area={TOWN}&period=2026-11"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let range = sheet(&bytes, 0);
    assert_eq!(cell(&range, 0, 0), "广东省江门市特殊困难老年人探访关爱服务情况统计表");
    let (first, second) = header_words(&range, 21);
    assert_eq!(
        first,
        [
            "镇（街道）",
            "村（社区）",
            "服务对象（人）",
            "探访次数",
            "月度探访",
            "探访关爱服务联系人",
            "探访关爱队伍"
        ]
    );
    let subs: Vec<&str> = second.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(
        subs,
        [
            "合计",
            "A类",
            "B类",
            "C类",
            "合计",
            "上门入户",
            "月探访率",
            "探访覆盖率",
            "人数",
            "姓名及联系电话",
            "队伍（个）",
            "人员合计",
            "志愿服务队",
            "社工站",
            "学校",
            "第三方机构",
            "个人"
        ]
    );
    // The town's row, its two villages, the total; none of the other town.
    let places: Vec<[String; 2]> = (4..8).map(|r| [cell(&range, r, 0), cell(&range, r, 1)]).collect();
    assert_eq!(
        places,
        [
            [format!("区划{TOWN}"), "全镇（街道）".to_string()],
            [format!("区划{TOWN}"), format!("区划{VILLAGE}")],
            [format!("区划{TOWN}"), format!("区划{VILLAGE2}")],
            ["合计".to_string(), String::new()],
        ]
    );
    let tiers = [
        api_tier(&app, &organizer, &one).await,
        api_tier(&app, &organizer, &two).await,
    ];
    let in_village = |label: &str| tiers.iter().filter(|t| *t == label).count().to_string();
    // VILLAGE: two elders by tier, two visits in November of which one in person.
    assert_eq!(cell(&range, 5, 2), "2");
    assert_eq!(
        [cell(&range, 5, 3), cell(&range, 5, 4), cell(&range, 5, 5)],
        [in_village("A类"), in_village("B类"), in_village("C类")]
    );
    assert_eq!(
        [cell(&range, 5, 6), cell(&range, 5, 7)],
        ["2", "1"],
        "October's visit not counted"
    );
    assert_eq!(
        [cell(&range, 4, 2), cell(&range, 4, 6), cell(&range, 4, 7)],
        ["3", "3", "1"]
    );
    assert_eq!([cell(&range, 7, 2), cell(&range, 7, 6)], ["3", "3"]);
    // Both rates: as the API's coverage of the month gives them.
    let coverage = app
        .with(&organizer)
        .ok(
            "query($a: String!) { coverage(month: \"2026-11\", areaCode: $a) { total { visitRate contactRate }
              villages { code visitRate contactRate } } }",
            json!({ "a": TOWN }),
        )
        .await;
    let village = coverage["coverage"]["villages"]
        .as_array()
        .expect("villages")
        .iter()
        .find(|v| v["code"] == VILLAGE)
        .cloned()
        .expect("village");
    let as_cell = |v: &Value| v.as_f64().map(|f| format!("{f}")).unwrap_or_default();
    assert_eq!(cell(&range, 5, 8), as_cell(&village["visitRate"]));
    assert_eq!(cell(&range, 5, 9), as_cell(&village["contactRate"]));
    assert_eq!(
        cell(&range, 4, 9),
        as_cell(&coverage["coverage"]["total"]["contactRate"])
    );
    // Contacts: the paired visitor (masked phone) in the village, the organizer in the town.
    assert_eq!(cell(&range, 5, 10), "1");
    assert_eq!(cell(&range, 5, 11), "志愿者 137****0000");
    assert_eq!(cell(&range, 4, 11), "镇街");
    assert!(!String::from_utf8_lossy(&bytes).contains("13700000000"));
    // Teams: the visitor lives in VILLAGE and registered with a volunteer team.
    assert_eq!([cell(&range, 5, 13), cell(&range, 5, 14)], ["1", "1"]);
    assert_eq!(cell(&range, 6, 13), "0");

    // A half-year has no monthly rates.
    let (status, _, bytes) = app
        .get_file(&organizer, &format!("/exports/jiangmen-1?area={TOWN}&period=2026-H2"))
        .await;
    assert_eq!(status, 200);
    let range = sheet(&bytes, 0);
    assert!(!header_words(&range, 21).0.contains(&"月度探访".to_string()));
    assert_eq!(cell(&range, 5, 6), "3", "October's visit in the half-year");
    // Unmasked with a reason: the contact's phone in full.
    let reason = "%E6%B1%87%E6%80%BB%E8%81%94%E7%B3%BB%E4%BA%BA"; // 汇总联系人
    let (status, _, bytes) = app
        .get_file(
            &organizer,
            &format!("/exports/jiangmen-1?area={TOWN}&period=2026-11&reason={reason}"),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(cell(&sheet(&bytes, 0), 5, 11), "志愿者 13700000000");
    // Scope: a district-level area outside the organizer's town.
    let (status, _, _) = app
        .get_file(
            &organizer,
            &format!("/exports/jiangmen-1?area={DISTRICT}&period=2026-11"),
        )
        .await;
    assert_eq!(status, 403);
}

async fn jiangmen_registrations_are_one_sheet_per_elder_with_the_prints_fields(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "jiangmen-2024").await;
    let one = key_elder(&app, &organizer, VILLAGE, 1).await;
    key_elder(&app, &organizer, VILLAGE2, 2).await;
    let (status, _, bytes) = app
        .get_file(&organizer, &format!("/exports/jiangmen-2?area={TOWN}"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).expect("xlsx");
    assert_eq!(
        book.sheet_names(),
        ["1-独居老人1", "2-独居老人2"],
        "one sheet per elder"
    );
    let first = sheet(&bytes, 0);
    assert_eq!(cell(&first, 0, 0), "广东省江门市特殊困难老年人基本信息登记表");
    let value_of = |range: &calamine::Range<Data>, label: &str| {
        (0..60)
            .find(|r| cell(range, *r, 0) == label)
            .map(|r| cell(range, r, 1))
            .unwrap_or_else(|| panic!("no {label}"))
    };
    // The print's fields (the registration page of the same file).
    let (_, _, page) = app.get_as(&organizer, &format!("/elders/{one}/print/jiangmen-2")).await;
    assert_eq!(value_of(&first, "姓名"), "独居老人1");
    let id = value_of(&first, "居民身份证号码");
    assert!(id.contains('*') && page.contains(&id), "masked as printed: {id}");
    assert_eq!(value_of(&first, "联系电话"), "138****8000");
    assert_eq!(value_of(&first, "紧急联系人"), "儿子丙");
    assert!(value_of(&first, "能力程度").contains("☑重度失能") && page.contains("☑重度失能"));
    assert!(value_of(&first, "接受探访意愿").contains("☑同意"));
    assert!(cell(&first, 2, 0) == "一、服务对象基本情况");
    // Unmasked with a reason: in full.
    let reason = "%E6%A0%B8%E5%AF%B9%E7%99%BB%E8%AE%B0%E8%A1%A8"; // 核对登记表
    let (status, _, bytes) = app
        .get_file(
            &organizer,
            &format!("/exports/jiangmen-2?area={VILLAGE}&reason={reason}"),
        )
        .await;
    assert_eq!(status, 200);
    let first = sheet(&bytes, 0);
    assert_eq!(value_of(&first, "联系电话"), "13800138000");
    assert_eq!(value_of(&first, "紧急联系人电话"), "13900000003");
    let org_b = second_town(&app, &admin).await;
    let (status, _, _) = app
        .get_file(&org_b, &format!("/exports/jiangmen-2?area={VILLAGE}"))
        .await;
    assert_eq!(status, 403);
}

async fn ningbo_summary_counts_left_behind_elders_by_tier_risk_and_kind(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "ningbo-draft").await;
    let left = json!(["RURAL_LEFT_BEHIND"]);
    // VILLAGE: a high-risk, severely impaired elder living alone; a low-risk one in hardship.
    elder_with(
        &app,
        &organizer,
        VILLAGE,
        1,
        json!({ "categories": left, "riskLevel": "HIGH", "riskAssessedOn": "2026-03-01", "riskAssessor": "社工甲",
                "abilityLevel": "SEVERELY_IMPAIRED", "livingArrangement": "ALONE" }),
    )
    .await;
    elder_with(
        &app,
        &organizer,
        VILLAGE,
        2,
        json!({ "categories": left, "riskLevel": "LOW", "riskAssessedOn": "2026-03-01", "riskAssessor": "社工甲",
                "economicStatus": "MINIMUM_LIVING" }),
    )
    .await;
    // VILLAGE2: one left behind, never assessed; one not left behind (not counted).
    elder_with(&app, &organizer, VILLAGE2, 3, json!({ "categories": left })).await;
    elder_with(&app, &organizer, VILLAGE2, 4, json!({ "categories": ["EMPTY_NEST"] })).await;
    let org_b = second_town(&app, &admin).await;
    elder_with(&app, &org_b, VILLAGE_B, 6, json!({ "categories": left })).await;

    let (status, disposition, bytes) = app
        .get_file(&organizer, &format!("/exports/ningbo-2?area={TOWN}"))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(disposition.expect("download").contains(".xlsx"));
    let range = sheet(&bytes, 0);
    assert_eq!(cell(&range, 0, 0), "农村留守老年人基本情况汇总表");
    let (status, disposition, csv) = app
        .get_file(&organizer, &format!("/exports/ningbo-2?area={TOWN}&format=csv"))
        .await;
    assert_eq!(status, 200);
    assert!(disposition.expect("download").contains(".csv"));
    let csv = String::from_utf8(csv).expect("utf-8");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "镇（街道）,村（社区）,农村留守老年人（人）,巡访对象类别·重点,巡访对象类别·一般,风险等级·高,风险等级·中,风险等级·低,风险等级·未评估,其中·高龄,其中·失能失智,其中·独居,其中·残疾,其中·失独,其中·经济困难"
    );
    // Born 1944: 82 on the tests' day, so all three are 高龄.
    assert_eq!(lines[1], format!("区划{TOWN},全镇（街道）,3,1,2,1,0,1,1,3,1,1,0,0,1"));
    assert_eq!(lines[2], format!("区划{TOWN},区划{VILLAGE},2,1,1,1,0,1,0,2,1,1,0,0,1"));
    assert_eq!(lines[3], format!("区划{TOWN},区划{VILLAGE2},1,0,1,0,0,0,1,1,0,0,0,0,0"));
    assert_eq!(lines[4], "合计,,3,1,2,1,0,1,1,3,1,1,0,0,1");
    assert_eq!(lines.len(), 5, "none of the other town");
    // The workbook holds the same figures.
    assert_eq!(
        [cell(&range, 4, 2), cell(&range, 5, 3), cell(&range, 7, 2)],
        ["3", "1", "3"]
    );
    let (status, _, _) = app
        .get_file(&organizer, &format!("/exports/ningbo-2?area={DISTRICT}"))
        .await;
    assert_eq!(status, 403);
    let audited = count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.form'",
    );
    assert_eq!(audited, 2, "each export audited, the refused one not");
}

/// 打印预览 of the 台帐 (`format=html`, #18 "Printed pages are templates"): a page shown inline,
/// with the seed's headings in order and the workbook's merged cells as rowspan/colspan, the
/// same rows as the workbook; numbers masked unless unmasked with a reason by an account that
/// may (audited as the workbook is); a form that is not one table has no page (400 naming
/// `format`).
async fn yubei_ledger_prints_the_workbooks_rows_masked_unless_unmasked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let one = key_elder(&app, &organizer, VILLAGE, 1).await;
    key_elder(&app, &organizer, VILLAGE, 2).await;
    accepted_visit(&app, &organizer, &one, "IN_PERSON", "2026-08-03T10:00:00").await;
    let full = app
        .with(&organizer)
        .ok(
            "mutation($id: String!) { unmaskElder(id: $id, reason: \"核对台帐信息\") { idNumber } }",
            json!({ "id": one }),
        )
        .await;
    let id_number = full["unmaskElder"]["idNumber"].as_str().expect("id").to_string();
    let path = format!("/exports/yubei-1?area={TOWN}&period={PERIOD}");

    let (status, headers, html) = app.get_page(&organizer, &format!("{path}&format=html")).await;
    assert_eq!(status, 200, "{html}");
    assert!(headers["content-type"].starts_with("text/html"), "{headers:?}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-disposition"].starts_with("inline;"),
        "shown, not downloaded: {headers:?}"
    );
    assert!(html.contains("<h1>渝北区特殊困难老年人关爱服务信息台帐</h1>"), "{html}");
    assert!(html.contains("size:A4 landscape"), "printed on landscape A4");
    for words in [
        format!("统计单位：区划{TOWN}"),
        "统计期：2026年下半年".to_string(),
        "制表日期：2026年11月18日".to_string(),
    ] {
        assert!(html.contains(&words), "{words} in {html}");
    }
    let table = printed_table(&html);
    assert_eq!(table.head.len(), 2, "two header rows");
    let first: Vec<&str> = table.head[0].iter().map(|h| h.text.as_str()).collect();
    assert_eq!(first, SEED_HEADINGS);
    for h in &table.head[0] {
        let spans = match h.text.as_str() {
            "亲属情况" => (1, 3),
            "责任主体" => (1, 4),
            _ => (2, 1),
        };
        assert_eq!((h.rowspan, h.colspan), spans, "{}", h.text);
    }
    let second: Vec<&str> = table.head[1].iter().map(|h| h.text.as_str()).collect();
    assert_eq!(second, SEED_SUBHEADINGS.map(|(_, w)| w));

    // The workbook's rows, cell for cell.
    let (status, _, bytes) = app.get_file(&organizer, &path).await;
    assert_eq!(status, 200);
    let range = sheet(&bytes, 0);
    assert!(cell(&range, 6, 0).starts_with("说明："), "two rows in the workbook");
    let workbook: Vec<Vec<String>> = (4..6).map(|r| (0..16).map(|c| cell(&range, r, c)).collect()).collect();
    assert_eq!(table.rows, workbook);
    assert_eq!(table.rows[0][1], "独居老人1");
    assert_eq!(table.rows[0][14], "1", "one in-person visit in the half-year");
    assert!(html.contains(&cell(&range, 6, 0)), "the note");
    assert!(
        table.rows[0][4].contains('*'),
        "the ID number masked: {}",
        table.rows[0][4]
    );
    assert_ne!(table.rows[0][4], id_number);

    // In full with a reason, for an account that may unmask; audited with the reason.
    let reason = "%E5%8D%8A%E5%B9%B4%E6%8A%A5%E9%80%81%E5%8C%BA%E6%B0%91%E6%94%BF%E5%B1%80"; // 半年报送区民政局
    let unmasked = format!("{path}&format=html&reason={reason}");
    let (status, _, html) = app.get_page(&organizer, &unmasked).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(printed_table(&html).rows[0][4], id_number, "in full with a reason");
    let (_, visitor_token) = visitor(&app, &organizer, 1, 4, false).await;
    let (status, _, _) = app.get_page(&visitor_token, &unmasked).await;
    assert_eq!(status, 403, "a visitor may not unmask (nor read the files)");
    let entries = town_audit(&app, &organizer).await;
    let unmasked: Vec<&Value> = entries.iter().filter(|e| e["action"] == "export.unmasked").collect();
    assert_eq!(
        unmasked.len(),
        1,
        "the printed page unmasked once, the refused one not: {entries:?}"
    );
    assert_eq!(unmasked[0]["reason"], "半年报送区民政局");
    let masked = count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.form'",
    );
    assert_eq!(masked, 2, "the masked page and the workbook, each audited");

    // Forms that are not one table have no page; an unknown format is refused.
    for query in [
        format!("/exports/yubei-2?area={TOWN}&format=html"),
        format!("/exports/half-year?area={TOWN}&period={PERIOD}&format=html"),
        format!("{path}&format=pdf"),
    ] {
        let (status, _, body) = app.get_page(&organizer, &query).await;
        assert_eq!(status, 400, "{query}: {body}");
        let body: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(body["error"]["field"], "format", "{query}");
    }
}

per_backend!(
    yubei_ledger_has_the_seeds_columns_and_the_apis_figures,
    yubei_ledger_prints_the_workbooks_rows_masked_unless_unmasked,
    numbers_are_masked_unless_unmasked_with_a_reason_and_audited,
    a_town_organizer_exports_only_their_town,
    the_half_yearly_zip_holds_exactly_the_named_files,
    each_form_exports_and_the_api_says_which_forms_a_district_uses,
    a_district_whose_document_names_no_hand_in_gets_no_pack,
    linzi_ledger_has_the_seeds_fields_and_the_files_values,
    a_form_the_pack_does_not_name_is_refused_naming_form,
    jiangmen_statistics_has_counts_rates_contacts_and_teams,
    jiangmen_registrations_are_one_sheet_per_elder_with_the_prints_fields,
    ningbo_summary_counts_left_behind_elders_by_tier_risk_and_kind,
);
