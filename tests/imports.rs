//! 导入老人档案 over HTTP on both backends: workbooks built here with rust_xlsxwriter in the
//! seeds' layouts (yubei 附件1 台帐 under its title rows, Tanfang's template) and malformed ones.
//! Every row is checked before anything is written; the report names the row, the column and
//! the reason; duplicates are reported, never doubled.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::town::{district, staff, DISTRICT, TOWN, TOWN_B, VILLAGE, VILLAGE2};
use tanfang_e2e::{count, per_backend, Backend, TestApp};

/// An elder born in 1950 with sequence `seq` (distinct numbers for distinct `seq`).
fn id_number(seq: u32) -> String {
    let born = NaiveDate::from_ymd_opt(1940, 1, 1).expect("date") + chrono::TimeDelta::days(i64::from(seq % 7000));
    let sex = if seq.is_multiple_of(2) { Sex::Female } else { Sex::Male };
    IdNumber::from_parts_as_of(
        DISTRICT,
        born,
        u16::try_from(seq / 7000 % 400).expect("seq") * 2 + 1,
        sex,
        tanfang_e2e::today(),
    )
    .expect("id")
    .as_str()
    .to_string()
}

/// The same number with a wrong check digit.
fn bad_check_digit(id: &str) -> String {
    let last = if id.ends_with('1') { '2' } else { '1' };
    format!("{}{last}", &id[..17])
}

/// One line of yubei's 台帐.
struct Line {
    name: String,
    id: String,
    phone: String,
    category: &'static str,
    village: String,
}

fn line(seq: u32) -> Line {
    Line {
        name: format!("老人{seq}"),
        id: id_number(seq),
        phone: format!("1380000{:04}", seq % 10_000),
        category: ["独居", "空巢", "失能、独居", "计生对象", "重度残疾老年人"][seq as usize % 5],
        village: format!("区划{}", if seq.is_multiple_of(2) { VILLAGE } else { VILLAGE2 }),
    }
}

/// yubei-2024 附件1 as the seed lays it out: the title, a 填表单位 line, a blank row, then a
/// two-row header (亲属情况 and 责任主体 merged over their sub-headers), an extra column 备注
/// the system does not know, the lines, and the seed's 说明 under the table. Data starts on
/// Excel row 6.
fn yubei_ledger(lines: &[Line]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    yubei_header(sheet);
    for (i, l) in lines.iter().enumerate() {
        let r = 5 + u32::try_from(i).expect("rows");
        write_line(sheet, r, i, l);
    }
    let after = 5 + u32::try_from(lines.len()).expect("rows");
    sheet
        .write(
            after,
            0,
            "说明：对象类型分为独居、空巢、农村留守、计生对象、失能、重度残疾老年人、其他关爱对象。",
        )
        .expect("note");
    book.save_to_buffer().expect("xlsx")
}

fn write_line(sheet: &mut Worksheet, r: u32, i: usize, l: &Line) {
    let text = [
        (1, l.name.as_str()),
        (2, "男"),
        (3, "幸福路 1 号"),
        (4, l.id.as_str()),
        (5, l.phone.as_str()),
        (6, "李四"),
        (7, "儿子"),
        (8, "13911112222"),
        (9, l.category),
        (10, "区划500112001"),
        (11, l.village.as_str()),
        (12, "王五"),
        (13, "13700001111"),
        (16, "无"),
    ];
    sheet.write(r, 0, u32::try_from(i + 1).expect("seq")).expect("seq");
    for (c, v) in text {
        if c == 2 {
            continue; // 性别 left blank: the ID number decides.
        }
        sheet.write(r, c, v).expect("cell");
    }
    sheet.write(r, 14, 3).expect("visits");
    sheet.write(r, 15, 1).expect("solved");
}

fn yubei_header(sheet: &mut Worksheet) {
    let f = Format::new();
    sheet
        .merge_range(0, 0, 0, 16, "渝北区特殊困难老年人关爱服务信息台帐", &f)
        .expect("title");
    sheet
        .write(
            1,
            0,
            "填表单位：（盖章）  主要领导审核：      填报人：        填表日期：",
        )
        .expect("line");
    for (c, h) in [
        (0, "序号"),
        (1, "姓名"),
        (2, "性别"),
        (3, "常住地址　"),
        (4, "身份证号码"),
        (5, "电话"),
        (9, "对象 类型"),
        (14, "上门探访次数"),
        (15, "解决问题数量"),
        (16, "备注"),
    ] {
        sheet.merge_range(3, c, 4, c, h, &f).expect("header");
    }
    sheet.merge_range(3, 6, 3, 8, "亲属情况", &f).expect("group");
    sheet.merge_range(3, 10, 3, 13, "责任主体", &f).expect("group");
    for (c, h) in [
        (6, "姓名"),
        (7, "亲属 关系"),
        (8, "电话"),
        (10, "责任镇街"),
        (11, "责任村   （社区）"),
        (12, "责任人"),
        (13, "责任人电话"),
    ] {
        sheet.write(4, c, h).expect("sub");
    }
}

async fn import(app: &TestApp, token: &str, area: &str, flags: &str, body: Vec<u8>) -> (u16, Value) {
    app.post_bytes(token, &format!("/imports/elders?area={area}{flags}"), body)
        .await
}

fn elders(app: &TestApp) -> i64 {
    count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM elders")
}

fn problems(report: &Value) -> Vec<(u64, String, String)> {
    report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().expect("row"),
                p["column"].as_str().expect("column").to_string(),
                p["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

per_backend!(yubei_ledger_with_a_bad_id_on_row_517_writes_nothing_until_asked);
/// 600 lines of yubei's 台帐; the line on Excel row 517 has a wrong check digit. The report
/// names row 517 and the 身份证号码 column, and nothing is written; with `validOnly` the other
/// 599 are registered, in their villages, with the relative as emergency contact, and the
/// report sheet lists row 517.
async fn yubei_ledger_with_a_bad_id_on_row_517_writes_nothing_until_asked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let mut lines: Vec<Line> = (0..600).map(line).collect();
    // Data starts on row 6: line index 511 is on row 517.
    lines[511].id = bad_check_digit(&lines[511].id);
    let book = yubei_ledger(&lines);

    let (status, report) = import(&app, &organizer, TOWN, "", book.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        report["rows"], 600,
        "the 说明 line under the table is not an elder: {report}"
    );
    assert_eq!(report["failedRows"], 1);
    assert_eq!(report["written"], false);
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 517);
    assert_eq!(found[0].1, "身份证号码");
    assert!(found[0].2.contains("校验"), "{}", found[0].2);
    assert_eq!(
        report["unknownColumns"],
        json!(["备注"]),
        "an unknown column is reported"
    );
    assert_eq!(elders(&app), 0, "nothing written while a row fails");

    let (status, report) = import(&app, &organizer, TOWN, "&validOnly=true", book).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 599);
    assert_eq!(elders(&app), 599);
    let mut conn = app.db.connect();
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT COUNT(*) AS n FROM elders WHERE village_code = '{VILLAGE2}'")
        ),
        299,
        "each line in the village its 责任村（社区） names (row 517's was VILLAGE2's)"
    );
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) AS n FROM elder_emergency_contacts"),
        599
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.import'"
        ),
        2
    );

    // The report sheet, downloaded and read back.
    let url = report["reportUrl"].as_str().expect("url");
    let (status, sheet) = app.get_bytes(&organizer, url).await;
    assert_eq!(status, 200);
    let rows = read_rows(sheet);
    assert!(
        rows.iter()
            .any(|r| r.first().map(String::as_str) == Some("517") && r.iter().any(|c| c == "身份证号码")),
        "{rows:?}"
    );
    // Another town's organizer cannot read it.
    app.with(&admin)
        .ok(
            "mutation($input: AreaInput!) { createArea(input: $input) { code } }",
            json!({ "input": { "code": TOWN_B, "name": "另一镇", "parentCode": DISTRICT } }),
        )
        .await;
    let (_, other) = staff(&app, &admin, "org_b", "TOWN_ORGANIZER", TOWN_B).await;
    assert_eq!(app.get_bytes(&other, url).await.0, 404);
    assert_eq!(
        import(&app, &other, TOWN, "&dryRun=true", yubei_ledger(&lines[..2]))
            .await
            .0,
        403
    );
}

fn read_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let name = book.sheet_names().first().cloned().expect("a sheet");
    let range = book.worksheet_range(&name).expect("range");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A one-row-header sheet (Tanfang's template layout) with these headers and rows of text.
fn simple_sheet(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write(0, u16::try_from(c).expect("col"), *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet
                .write(
                    u32::try_from(r + 1).expect("row"),
                    u16::try_from(c).expect("col"),
                    v.as_str(),
                )
                .expect("cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

per_backend!(malformed_workbooks_are_refused_with_a_reason);
/// Wrong headers, a file that only has an .xlsx name, an empty sheet and a password-protected
/// workbook: each a 400 naming the file with its reason in Chinese, nothing written.
async fn malformed_workbooks_are_refused_with_a_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let refused = |answer: &Value| {
        let error = &answer["error"];
        (
            error["field"].as_str().unwrap_or_default().to_string(),
            error["message"].as_str().unwrap_or_default().to_string(),
        )
    };

    let wrong = simple_sheet(
        &["名字", "证件", "住址", "村"],
        &[vec!["张三".into(), id_number(1), "一组".into(), "x".into()]],
    );
    let (status, answer) = import(&app, &organizer, TOWN, "", wrong).await;
    assert_eq!(status, 400, "{answer}");
    let (field, message) = refused(&answer);
    assert_eq!(field, "file", "{answer}");
    assert!(message.contains("表头") || message.contains("身份证号码"), "{message}");

    let missing_id = simple_sheet(
        &["姓名", "性别", "居住地址", "村（社区）"],
        &[vec!["张三".into(), "男".into(), "一组".into(), "x".into()]],
    );
    let (status, answer) = import(&app, &organizer, TOWN, "", missing_id).await;
    assert_eq!(status, 400);
    assert!(refused(&answer).1.contains("缺少必需的列：身份证号码"), "{answer}");

    let csv = format!("姓名,身份证号码\n张三,{}\n", id_number(2)).into_bytes();
    let (status, answer) = import(&app, &organizer, TOWN, "", csv).await;
    assert_eq!(status, 400);
    assert!(refused(&answer).1.contains("不是 Excel 表格"), "{answer}");

    let mut book = Workbook::new();
    book.add_worksheet();
    let (status, answer) = import(&app, &organizer, TOWN, "", book.save_to_buffer().expect("xlsx")).await;
    assert_eq!(status, 400);
    assert!(refused(&answer).1.contains("空"), "{answer}");

    let encrypted =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/password-protected.xlsx")).expect("fixture");
    let (status, answer) = import(&app, &organizer, TOWN, "", encrypted).await;
    assert_eq!(status, 400);
    assert!(refused(&answer).1.contains("密码"), "{answer}");
    assert_eq!(elders(&app), 0);
}

per_backend!(merged_cells_formulas_and_dates_typed_as_text);
/// Offices merge a 镇街 and 村 down the rows of their elders: each row reads the merged value.
/// A formula instead of a value is reported on its row and column. Dates typed as text in the
/// common ways are read (出生日期 is checked against the ID number, so a date read wrongly
/// fails).
async fn merged_cells_formulas_and_dates_typed_as_text(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let f = Format::new();

    // Merged village cells in the data: rows 2–5 share one 村（社区）.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["姓名", "身份证号码", "镇（街道）", "村（社区）", "居住地址"]
        .iter()
        .enumerate()
    {
        sheet.write(0, u16::try_from(c).expect("c"), *h).expect("h");
    }
    for r in 1..5u32 {
        sheet.write(r, 0, format!("合并{r}")).expect("name");
        sheet.write(r, 1, id_number(100 + r)).expect("id");
        sheet.write(r, 4, "二组").expect("addr");
    }
    sheet.merge_range(1, 2, 4, 2, "区划500112001", &f).expect("merge town");
    sheet
        .merge_range(1, 3, 4, 3, &format!("区划{VILLAGE2}"), &f)
        .expect("merge village");
    let (status, report) = import(&app, &organizer, TOWN, "", book.save_to_buffer().expect("xlsx")).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 4, "{report}");
    assert_eq!(
        count(
            &mut app.db.connect(),
            &format!("SELECT COUNT(*) AS n FROM elders WHERE village_code = '{VILLAGE2}'")
        ),
        4
    );

    // A formula in the phone column of row 3.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["姓名", "身份证号码", "联系电话", "村（社区）", "居住地址"]
        .iter()
        .enumerate()
    {
        sheet.write(0, u16::try_from(c).expect("c"), *h).expect("h");
    }
    for r in 1..4u32 {
        sheet.write(r, 0, format!("公式{r}")).expect("name");
        sheet.write(r, 1, id_number(200 + r)).expect("id");
        sheet.write(r, 3, format!("区划{VILLAGE}")).expect("v");
        sheet.write(r, 4, "三组").expect("addr");
    }
    sheet.write(1, 2, "13800001111").expect("phone");
    sheet
        .write_formula(2, 2, Formula::new("=\"138\"&\"00002222\""))
        .expect("formula");
    let (status, report) = import(&app, &organizer, TOWN, "", book.save_to_buffer().expect("xlsx")).await;
    assert_eq!(status, 200, "{report}");
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1.as_str()), (3, "联系电话"));
    assert!(found[0].2.contains("公式"), "{}", found[0].2);
    assert_eq!(report["written"], false);

    // Dates typed as text: 出生日期 matches the ID number however it is written.
    let born =
        |seq: u32| NaiveDate::from_ymd_opt(1940, 1, 1).expect("d") + chrono::TimeDelta::days(i64::from(seq % 7000));
    let typed: Vec<(u32, String)> = vec![
        (301, born(301).format("%Y-%m-%d").to_string()),
        (302, born(302).format("%Y/%-m/%-d").to_string()),
        (303, born(303).format("%Y年%-m月%-d日").to_string()),
        (304, born(304).format("%Y%m%d").to_string()),
    ];
    let headers = ["姓名", "身份证号码", "出生日期", "建档日期", "村（社区）", "居住地址"];
    let mut rows: Vec<Vec<String>> = typed
        .iter()
        .map(|(seq, date)| {
            vec![
                format!("日期{seq}"),
                id_number(*seq),
                date.clone(),
                "2026/1/5".into(),
                format!("区划{VILLAGE}"),
                "四组".into(),
            ]
        })
        .collect();
    // One day off: a date read as another day would pass here or fail above.
    rows.push(vec![
        "日期305".into(),
        id_number(305),
        (born(305) + chrono::TimeDelta::days(1))
            .format("%Y年%-m月%-d日")
            .to_string(),
        "20260105".into(),
        format!("区划{VILLAGE}"),
        "四组".into(),
    ]);
    rows.push(vec![
        "日期306".into(),
        id_number(306),
        String::new(),
        "2026-13-05".into(),
        format!("区划{VILLAGE}"),
        "四组".into(),
    ]);
    let (status, report) = import(&app, &organizer, TOWN, "&validOnly=true", simple_sheet(&headers, &rows)).await;
    assert_eq!(status, 200, "{report}");
    let found = problems(&report);
    assert_eq!(
        found.iter().map(|p| (p.0, p.1.as_str())).collect::<Vec<_>>(),
        vec![(6, "出生日期"), (7, "建档日期")],
        "{found:?}"
    );
    assert_eq!(report["created"], 4);
    let since = tanfang_e2e::text(
        &mut app.db.connect(),
        &format!("SELECT CAST(MIN(service_status_since) AS TEXT) AS t FROM elders WHERE village_code = '{VILLAGE}'"),
    );
    assert!(
        since.starts_with("2026-01-05"),
        "建档日期 2026/1/5 starts the service: {since}"
    );
}

per_backend!(duplicates_dry_run_and_update);
/// A line twice in the file is reported on its second row; a dry run writes nothing; an
/// elder already registered is reported and not doubled; with `update` the stored file takes
/// the sheet's phone as a dated change.
async fn duplicates_dry_run_and_update(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let mut lines: Vec<Line> = (0..5).map(line).collect();
    lines.push(line(2));
    let book = yubei_ledger(&lines);

    let (status, report) = import(&app, &organizer, TOWN, "&dryRun=true", book.clone()).await;
    assert_eq!(status, 200, "{report}");
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 11, "the second of the two rows (data starts on row 6)");
    assert!(found[0].2.contains("第 8 行"), "{}", found[0].2);
    assert_eq!(
        (report["written"].clone(), report["dryRun"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(elders(&app), 0, "a dry run writes nothing");

    let clean = yubei_ledger(&lines[..5]);
    let (_, report) = import(&app, &organizer, TOWN, "&dryRun=true", clean.clone()).await;
    assert_eq!(
        (report["failedRows"].clone(), report["created"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(elders(&app), 0, "a dry run of a clean sheet writes nothing either");

    let (_, report) = import(&app, &organizer, TOWN, "", clean.clone()).await;
    assert_eq!(report["created"], 5, "{report}");
    let (_, report) = import(&app, &organizer, TOWN, "", clean).await;
    assert_eq!(
        (report["created"].clone(), report["alreadyRegistered"].clone()),
        (json!(0), json!(5))
    );
    assert_eq!(elders(&app), 5, "never doubled");

    let mut changed: Vec<Line> = (0..5).map(line).collect();
    changed[0].phone = "13966667777".into();
    let (_, report) = import(&app, &organizer, TOWN, "&update=true", yubei_ledger(&changed)).await;
    assert_eq!(report["updated"], 5, "{report}");
    let mut conn = app.db.connect();
    assert_eq!(elders(&app), 5);
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM elder_changes WHERE action = 'updated' AND changes LIKE '%phone%'"
        ),
        1,
        "the changed phone is one dated change"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM elders WHERE phone_masked LIKE '139%'"
        ),
        1
    );
}

per_backend!(a_large_ledger_imports_whole);
/// A 台帐 of 2,000 rows (`TANFANG_IMPORT_ROWS=200000` for the 200,000, a long run)
/// comes in whole, every row checked and registered once.
async fn a_large_ledger_imports_whole(backend: Backend) {
    let rows: u32 = std::env::var("TANFANG_IMPORT_ROWS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(2_000);
    let app = TestApp::spawn(backend).await;
    let (admin, _) = district(&app).await;
    let lines: Vec<Line> = (0..rows).map(line).collect();
    let (status, report) = import(&app, &admin, DISTRICT, "", yubei_ledger(&lines)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], rows, "{}", report["summary"]);
    assert_eq!(elders(&app), i64::from(rows));
    // The bureau brings sheets in; it does not edit registered files.
    let (status, answer) = import(&app, &admin, DISTRICT, "&update=true", yubei_ledger(&lines[..1])).await;
    assert_eq!(
        (status, answer["error"]["field"].clone()),
        (400, json!("update")),
        "{answer}"
    );
}

per_backend!(the_empty_template_filled_in_round_trips);
/// The template downloaded for the town, filled in under its own headers, imports; the elders
/// read back through GraphQL with their categories.
async fn the_empty_template_filled_in_round_trips(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let (status, template) = app
        .get_bytes(&organizer, &format!("/imports/template.xlsx?area={TOWN}"))
        .await;
    assert_eq!(status, 200);
    let headers: Vec<String> = read_rows(template).into_iter().next().expect("a header row");
    let value = |h: &str, seq: u32| -> String {
        match h {
            "姓名" => format!("模板{seq}"),
            "身份证号码" => id_number(seq),
            "村（社区）" => format!("区划{VILLAGE}"),
            "镇（街道）" => "区划500112001".into(),
            "居住地址" => "五组".into(),
            h if h.starts_with("对象类型") => "独居、失能".into(),
            "能力程度" => "中度失能".into(),
            "紧急联系人" => "赵六".into(),
            "与老人关系" => "女儿".into(),
            "紧急联系人电话" => "13500001234".into(),
            _ => String::new(),
        }
    };
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = [401, 402]
        .iter()
        .map(|seq| refs.iter().map(|h| value(h, *seq)).collect())
        .collect();
    let (status, report) = import(&app, &organizer, TOWN, "", simple_sheet(&refs, &rows)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(
        report["unknownColumns"],
        json!([]),
        "the template's own headers are all known"
    );
    let list = app
        .with(&organizer)
        .ok(
            "{ elders(first: 10) { edges { node { name villageCode categories } } } }",
            json!({}),
        )
        .await;
    let mut names: Vec<(String, Value)> = list["elders"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["node"]["name"].as_str().expect("name").to_string(),
                e["node"]["categories"].clone(),
            )
        })
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(names.len(), 2);
    assert_eq!(names[0].0, "模板401");
    let mut categories: Vec<&str> = names[0]
        .1
        .as_array()
        .expect("categories")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    categories.sort_unstable();
    assert_eq!(categories, ["DISABLED", "LIVING_ALONE"]);
}

per_backend!(the_yubei_ledger_exported_imports_into_a_fresh_district);
/// Export → import round trip: the yubei 附件1 台帐 of a district with four elders (in both
/// villages, with categories in the seed's words), exported unmasked with a reason, is brought
/// into a fresh district of the same pack (a database of its own, its town and villages under
/// the same names). A dry run writes nothing; the import registers each elder with the same
/// name, ID number, categories and village; a second import finds them all 已建档 and doubles
/// nothing.
async fn the_yubei_ledger_exported_imports_into_a_fresh_district(backend: Backend) {
    // (name, ID sequence, village, categories as the API names them) — what the office keyed in.
    let keyed: [(&str, u32, &str, &[&str]); 4] = [
        ("往返甲", 501, VILLAGE, &["DISABLED", "LIVING_ALONE"]),
        ("往返乙", 502, VILLAGE2, &["EMPTY_NEST"]),
        (
            "往返丙",
            503,
            VILLAGE,
            &["FAMILY_PLANNING_SPECIAL", "RURAL_LEFT_BEHIND"],
        ),
        ("往返丁", 504, VILLAGE2, &["SEVERELY_HANDICAPPED"]),
    ];
    let expected: BTreeSet<(String, String, String, Vec<String>)> = keyed
        .iter()
        .map(|(name, seq, village, categories)| {
            (
                (*name).to_string(),
                id_number(*seq),
                (*village).to_string(),
                categories.iter().map(ToString::to_string).collect(),
            )
        })
        .collect();

    let from = TestApp::spawn(backend).await;
    let (_, organizer) = district(&from).await;
    for (name, seq, village, categories) in keyed {
        let input = json!({ "name": name, "idNumber": id_number(seq), "villageCode": village,
            "phone": "13800138000", "residenceAddress": "六组", "urbanRural": "RURAL",
            "abilityLevel": "INTACT", "economicStatus": "ORDINARY", "livingArrangement": "ALONE",
            "consent": "CONSENTED", "consentRecordedOn": "2025-06-01", "categories": categories,
            "emergencyContacts": [{ "name": "儿子丙", "relation": "儿子", "phone": "13900000003" }] });
        from.with(&organizer).create_elder(input).await;
    }
    assert_eq!(read_back(&from, &organizer).await, expected, "the files as keyed in");
    let reason = "%E5%8D%8A%E5%B9%B4%E6%8A%A5%E9%80%81%E5%8C%BA%E6%B0%91%E6%94%BF%E5%B1%80"; // 半年报送区民政局
    let (status, _, ledger) = from
        .get_file(
            &organizer,
            &format!("/exports/yubei-1?area={TOWN}&period=2026-H2&reason={reason}"),
        )
        .await;
    assert_eq!(status, 200);

    let to = TestApp::spawn(backend).await;
    let (_, organizer) = district(&to).await;
    let (status, report) = import(&to, &organizer, TOWN, "&dryRun=true", ledger.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["rows"].clone(),
            report["failedRows"].clone(),
            report["written"].clone()
        ),
        (json!(4), json!(0), json!(false)),
        "{report}"
    );
    assert_eq!(elders(&to), 0, "a dry run writes nothing");

    let (status, report) = import(&to, &organizer, TOWN, "", ledger.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 4, "{report}");
    assert_eq!(
        read_back(&to, &organizer).await,
        expected,
        "names, ID numbers, categories and villages come across"
    );

    let (status, report) = import(&to, &organizer, TOWN, "", ledger).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["created"].clone(), report["alreadyRegistered"].clone()),
        (json!(0), json!(4)),
        "{report}"
    );
    let registered = report["registeredRows"].as_array().expect("registered rows");
    assert_eq!(registered.len(), 4);
    assert!(
        registered
            .iter()
            .all(|r| r["message"].as_str().is_some_and(|m| m.starts_with("已建档"))),
        "{registered:?}"
    );
    assert_eq!(elders(&to), 4, "never doubled");
}

/// Every file the organizer sees: (name, ID number read unmasked, village, categories sorted).
async fn read_back(app: &TestApp, token: &str) -> BTreeSet<(String, String, String, Vec<String>)> {
    let list = app
        .with(token)
        .ok(
            "{ elders(first: 50) { edges { node { id name villageCode categories } } } }",
            json!({}),
        )
        .await;
    let mut files = BTreeSet::new();
    for edge in list["elders"]["edges"].as_array().expect("edges") {
        let node = &edge["node"];
        let full = app
            .with(token)
            .ok(
                "mutation($id: String!) { unmaskElder(id: $id, reason: \"核对导入结果\") { idNumber } }",
                json!({ "id": node["id"] }),
            )
            .await;
        let mut categories: Vec<String> = node["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .filter_map(Value::as_str)
            .map(ToString::to_string)
            .collect();
        categories.sort_unstable();
        files.insert((
            node["name"].as_str().expect("name").to_string(),
            full["unmaskElder"]["idNumber"].as_str().expect("id").to_string(),
            node["villageCode"].as_str().expect("village").to_string(),
            categories,
        ));
    }
    files
}
