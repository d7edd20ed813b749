//! Printed pages on both backends: each district's record form and registration form comes
//! out of its district for an elder in scope, masked, escaped and audited; an unknown form is
//! refused and another town cannot print.

use chrono::TimeDelta;
use serde_json::json;
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::town::{district_running, key_elder, second_town, visitor, DISTRICT, VILLAGE, VILLAGE_B};
use tanfang_e2e::{accepted_visit, count, per_backend, Backend, TestApp};

/// A time three hours ago in district time, as `accepted_visit` takes it.
fn earlier() -> String {
    (tanfang_e2e::now() - TimeDelta::hours(3))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// In a district running `pack`, a visit to a key elder printed as `form`: the page has the
/// form's title and the elder's name, and never a clear phone number.
async fn record_form_prints(backend: Backend, pack: &str, form: &str, title: &str) -> String {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, pack).await;
    let elder = key_elder(&app, &organizer, VILLAGE, 1).await;
    let record = accepted_visit(&app, &organizer, &elder, "IN_PERSON", &earlier()).await;
    let (status, _, page) = app.get_as(&organizer, &format!("/records/{record}/print/{form}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&format!("<h1>{title}</h1>")), "{form}: {page}");
    assert!(page.contains("独居老人1"), "{form}");
    assert!(
        !page.contains("13800138000"),
        "{form}: the phone is printed masked or not at all"
    );
    // Another town's staff cannot print it.
    let other = second_town(&app, &admin).await.organizer;
    let (status, _, _) = app.get_as(&other, &format!("/records/{record}/print/{form}")).await;
    assert_eq!(status, 404);
    page
}

async fn yubei_prints_its_record_form(backend: Backend) {
    let page = record_form_prints(
        backend,
        "yubei-2024",
        "yubei-3",
        "渝北区特殊困难老年人探访关爱服务记录表",
    )
    .await;
    assert!(page.contains("第 1 次开展探访"));
}

async fn emeishan_prints_its_record_form(backend: Backend) {
    let page = record_form_prints(backend, "emeishan-2022", "emeishan-1", "巡访登记表").await;
    assert!(page.contains("巡访照片粘贴处"));
}

async fn linzi_prints_its_record_form(backend: Backend) {
    let page = record_form_prints(
        backend,
        "linzi-2022",
        "linzi-2",
        "临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表",
    )
    .await;
    // The elder's part of the form comes from the file: masked phone, village, rural.
    assert!(page.contains("138****8000"), "{page}");
    assert!(page.contains("区划500112001001"), "{page}");
    assert!(page.contains("☑农村") && page.contains("□城镇"), "{page}");
    for row in [
        "生活自理",
        "消防（取暖）安全",
        "助餐助医需求",
        "子女计划返回时间",
        "其他需说明的问题",
    ] {
        assert!(page.contains(&format!(">{row}</th>")), "no row {row}");
    }
}

async fn jiangmen_prints_its_record_form(backend: Backend) {
    // The pack names `record = "jiangmen-3"`: it prints, in the shared format's sections.
    let page = record_form_prints(
        backend,
        "jiangmen-2024",
        "jiangmen-3",
        "广东省江门市特殊困难老年人探访关爱服务记录表",
    )
    .await;
    assert!(page.contains("第 1 次探访"), "{page}");
    // A severely impaired elder is 江门 A类 (失能).
    assert!(
        page.contains("☑A类") && page.contains("□B类") && page.contains("□C类"),
        "{page}"
    );
    assert!(page.contains("☑上门探访"), "{page}");
    for row in [
        "家庭人口",
        "反应能力",
        "食品安全",
        "邻里关系",
        "经济状况与赡养",
        "适老化改造",
        "转介与建议",
    ] {
        assert!(page.contains(&format!(">{row}</th>")), "no row {row}");
    }
}

async fn each_district_prints_its_registration_form(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "yubei-2024").await;
    let elder = key_elder(&app, &organizer, VILLAGE, 2).await;
    for (form, title) in [
        ("yubei-2", "渝北区特殊困难老年人信息登记表"),
        ("jiangmen-2", "广东省江门市特殊困难老年人基本信息登记表"),
    ] {
        let (status, _, page) = app.get_as(&organizer, &format!("/elders/{elder}/print/{form}")).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{form}");
        assert!(page.contains("独居老人2") && page.contains("儿子丙"), "{form}");
        // Masked by default: the ID number and phones never in clear.
        assert!(page.contains("138****8000") && !page.contains("13800138000"), "{form}");
        assert!(page.contains("139****0003") && !page.contains("13900000003"), "{form}");
        assert!(
            page.contains("☑重度失能") && page.contains("☑重点对象"),
            "{form}: {page}"
        );
        assert_eq!(page.contains("接受探访意愿"), form == "jiangmen-2");
    }
    let masked = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { idNumber } }",
            json!({ "id": elder }),
        )
        .await;
    let masked = masked["elder"]["idNumber"].as_str().expect("masked").to_string();
    let (_, _, page) = app.get_as(&organizer, &format!("/elders/{elder}/print/yubei-2")).await;
    assert!(page.contains(&masked), "{page}");
    let (status, disposition, _) = app
        .get_as(&organizer, &format!("/elders/{elder}/print/yubei-2?download=1"))
        .await;
    assert_eq!(status, 200);
    assert!(disposition.is_some_and(|d| d.starts_with("attachment")));
    // An unknown form is refused; another town cannot print the file.
    let (status, _, _) = app.get_as(&organizer, &format!("/elders/{elder}/print/yubei-3")).await;
    assert_eq!(status, 400);
    let other = second_town(&app, &admin).await.organizer;
    let (status, _, _) = app.get_as(&other, &format!("/elders/{elder}/print/yubei-2")).await;
    assert_eq!(status, 404);
    let printed = count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.print'",
    );
    assert_eq!(
        printed, 4,
        "every print is audited (two forms, the masked check, the download), a refused one is not"
    );
}

/// 显示完整证件号: with a reason, an account that may unmask prints the numbers in full and
/// the print is audited with the reason; a short reason is refused, and an account without
/// the permission is refused naming `reason`, with nothing printed or audited.
async fn a_registration_form_prints_unmasked_with_a_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district_running(&app, "yubei-2024").await;
    let elder = key_elder(&app, &organizer, VILLAGE, 3).await;
    // The full ID number as key_elder made it (born 1940-01-01 + 3 days, sequence 7, male).
    let born = chrono::NaiveDate::from_ymd_opt(1940, 1, 4).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 7, Sex::Male, tanfang_e2e::today()).expect("id");
    let reason = "%E6%A0%B8%E5%AF%B9%E7%99%BB%E8%AE%B0%E8%A1%A8"; // 核对登记表
    let (status, _, page) = app
        .get_as(&organizer, &format!("/elders/{elder}/print/yubei-2?reason={reason}"))
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(id_number.as_str()), "the ID number in full: {page}");
    assert!(
        page.contains("13800138000") && page.contains("13900000003"),
        "phones in full"
    );

    let (status, _, body) = app
        .get_as(&organizer, &format!("/elders/{elder}/print/yubei-2?reason=x"))
        .await;
    assert_eq!(status, 400, "a reason of one character is refused");
    let body: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["error"]["field"], "reason");

    let (_, volunteer) = visitor(&app, &organizer, 1, 4, false).await;
    let (status, _, body) = app
        .get_as(&volunteer, &format!("/elders/{elder}/print/yubei-2?reason={reason}"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(!body.contains("13800138000"));
    let body: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["error"]["field"], "reason");

    let log = app
        .with(&organizer)
        .ok(
            "query($o: String) { auditLog(objectId: $o, first: 50) { action reason } }",
            json!({ "o": elder }),
        )
        .await;
    let prints: Vec<&serde_json::Value> = log["auditLog"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "elder.print")
        .collect();
    assert_eq!(prints.len(), 1, "only the print that happened is audited: {prints:?}");
    assert_eq!(prints[0]["reason"], "核对登记表");
}

async fn an_elder_named_like_a_script_prints_as_text(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, _) = district_running(&app, "linzi-2022").await;
    let organizer = second_town(&app, &admin).await.organizer;
    let born = chrono::NaiveDate::from_ymd_opt(1941, 3, 9).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 7, Sex::Female, tanfang_e2e::today()).expect("id");
    let input = json!({ "name": "<script>alert(1)</script>", "idNumber": id_number.as_str(), "villageCode": VILLAGE_B,
        "phone": "13800138000", "residenceAddress": "三组", "urbanRural": "RURAL",
        "abilityLevel": "SEVERELY_IMPAIRED", "economicStatus": "ORDINARY", "livingArrangement": "ALONE",
        "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" });
    let elder = app.with(&organizer).create_elder(input).await;
    let record = accepted_visit(&app, &organizer, &elder, "IN_PERSON", &earlier()).await;
    for path in [
        format!("/records/{record}/print/linzi-2"),
        format!("/records/{record}/print/yubei-3"),
        format!("/elders/{elder}/print/yubei-2"),
    ] {
        let (status, _, page) = app.get_as(&organizer, &path).await;
        assert_eq!(status, 200, "{path}: {page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{path}");
        assert!(!page.contains("<script>"), "{path}");
    }
}

per_backend!(
    yubei_prints_its_record_form,
    emeishan_prints_its_record_form,
    linzi_prints_its_record_form,
    jiangmen_prints_its_record_form,
    each_district_prints_its_registration_form,
    a_registration_form_prints_unmasked_with_a_reason,
    an_elder_named_like_a_script_prints_as_text,
);
