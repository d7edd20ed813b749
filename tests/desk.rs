//! The organizer's desk on both backends: the written notice of an elder's responsible contact
//! (书面告知, `GET /elders/{id}/print/notice`) names the contact and the visits the elder is
//! owed, masked unless unmasked with a reason, and stays in its town; the no-show list (未到,
//! `noShowSlots`) holds the claimed slots whose window ended with nothing done for them.

use serde_json::json;
use tanfang::domain::period::Month;
use tanfang_e2e::town::{claims_ending_yesterday, district_running, key_elder, second_town, visitor, TOWN, VILLAGE};
use tanfang_e2e::{count, per_backend, Backend, TestApp};

const PAIR: &str =
    "mutation($e: String!, $u: String!) { pairElder(elderId: $e, contactUserId: $u, note: \"同村\") { name paired } }";

async fn the_notice_names_the_contact_and_stays_in_its_town(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "ningbo-draft").await;
    let elder = key_elder(&app, &organizer, VILLAGE, 4).await;

    // No village staff and no pairing yet: nothing to print, said in words.
    let (status, _, body) = app.get_as(&organizer, &format!("/elders/{elder}/print/notice")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("请先结对"), "{body}");

    let input = json!({ "username": "wang", "displayName": "王主任", "password": tanfang_e2e::PASSWORD,
                        "role": "VILLAGE_STAFF", "areaCode": VILLAGE, "phone": "13612345678" });
    let created = app
        .with(&organizer)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let wang = created["createStaffAccount"]["id"].as_str().expect("id").to_string();
    let paired = app.with(&organizer).ok(PAIR, json!({ "e": elder, "u": wang })).await;
    assert_eq!(paired["pairElder"]["paired"], true);

    let (status, _, page) = app.get_as(&organizer, &format!("/elders/{elder}/print/notice")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h1>探访关爱联系人告知书</h1>"), "{page}");
    assert!(
        page.contains("独居老人4（老人）及家属（赡养人）"),
        "the elder by name: {page}"
    );
    assert!(page.contains("<td>王主任</td>"), "the contact by name: {page}");
    assert!(page.contains("<td>村(居)工作人员</td>"), "{page}");
    // Masked as the registration form is, never in clear without a reason.
    assert!(page.contains("136****5678") && !page.contains("13612345678"), "{page}");
    // How often under the pack in force: ningbo-draft's 一般 tier (no risk assessment yet).
    assert!(
        page.contains("宁波市农村留守老年人关爱服务（征求意见稿）") && page.contains("“一般”对象"),
        "{page}"
    );
    assert!(page.contains("<li>每月至少探访（任意方式） 1 次</li>"), "{page}");

    // With a reason, the staff member's phone in full.
    let reason = "%E5%8F%91%E7%BB%99%E5%AE%B6%E5%B1%9E"; // 发给家属
    let (status, _, page) = app
        .get_as(&organizer, &format!("/elders/{elder}/print/notice?reason={reason}"))
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("13612345678"), "{page}");

    // Another town's organizer cannot print it.
    let other = second_town(&app, &admin).await.organizer;
    let (status, _, body) = app.get_as(&other, &format!("/elders/{elder}/print/notice")).await;
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("王主任"));
    let printed = count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.print' AND object_id = '{elder}'"),
    );
    assert_eq!(printed, 2, "each print audited, the refused ones not");
}

const NO_SHOWS: &str =
    "query($m: String!, $a: String!) { noShowSlots(month: $m, areaCode: $a) { id holderId elder { name } } }";

async fn no_shows_are_the_ended_claimed_slots_with_nothing_done(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "yubei-2024").await;
    let (volunteer_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    // A call was tried for the second, a record made for the third; the first three windows
    // have ended (yesterday), the fourth runs on.
    let (slots, _) = claims_ending_yesterday(&app, &organizer, &volunteer, (1, 2), &[0, 1, 2]).await;
    let [missed, attempted, recorded, running] = [&slots[0], &slots[1], &slots[2], &slots[3]];
    let mut conn = app.db.connect();
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE status = 'claimed' AND id IN ('{missed}', '{attempted}', '{recorded}', '{running}')")
        ),
        4,
        "all four still claimed"
    );

    let month = Month::of(tanfang_e2e::today()).to_string();
    let found = app
        .with(&organizer)
        .ok(NO_SHOWS, json!({ "m": month, "a": TOWN }))
        .await;
    let found = found["noShowSlots"].as_array().expect("list");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["id"], missed.as_str());
    assert_eq!(found[0]["holderId"], volunteer_id.as_str());
    assert_eq!(found[0]["elder"]["name"], "独居老人1");

    // Another town's organizer cannot list this town's; the district's admin sees it.
    let other = second_town(&app, &admin).await.organizer;
    let refused = app
        .with(&other)
        .graphql(NO_SHOWS, json!({ "m": month, "a": TOWN }))
        .await;
    assert!(refused.get("errors").is_some(), "{refused}");
    let theirs = app
        .with(&other)
        .ok(NO_SHOWS, json!({ "m": month, "a": tanfang_e2e::town::TOWN_B }))
        .await;
    assert_eq!(theirs["noShowSlots"], json!([]));
    let seen = app.with(&admin).ok(NO_SHOWS, json!({ "m": month, "a": TOWN })).await;
    assert_eq!(
        seen["noShowSlots"].as_array().map(Vec::len),
        Some(1),
        "the district sees its towns'"
    );
}

per_backend!(
    the_notice_names_the_contact_and_stays_in_its_town,
    no_shows_are_the_ended_claimed_slots_with_nothing_done,
);
