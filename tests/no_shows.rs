//! 未到 on both backends: the daily job marks each claimed slot whose window ended with no
//! record, no contact attempt and no release, once, and tells its visitor; two no-shows in the
//! pack's period halve the visitor's monthly capacity, with the visitor told why; an organizer
//! of the visitor's town (and no other) restores it exactly; both changes are audited.

use serde_json::json;
use tanfang::service::no_shows::mark_no_shows;
use tanfang_e2e::town::{
    claim_todays_slot, claims_ending_yesterday, district_running, key_elder, second_town, visitor, PROFILE, VILLAGE,
};
use tanfang_e2e::{count, per_backend, text, Backend, TestApp};

const BY_VISITOR: &str = "{ noShowsByVisitor { visitorId displayName inPeriod limit days capacityPerMonth reducedFrom
    noShows { windowTo elder label } } }";
const RESTORE: &str = "mutation($v: String!) { restoreVisitorCapacity(visitorId: $v) { capacityPerMonth version } }";

/// The code of the first input field the first error names.
fn field_code(answer: &serde_json::Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["fields"][0]["code"].as_str()
}

fn capacity(app: &TestApp, visitor: &str) -> i64 {
    count(
        &mut app.db.connect(),
        &format!("SELECT CAST(capacity_per_month AS BIGINT) AS n FROM visitor_profiles WHERE user_id = '{visitor}'"),
    )
}

fn told(app: &TestApp, visitor: &str, kind: &str) -> i64 {
    count(
        &mut app.db.connect(),
        &format!(
            "SELECT COUNT(*) AS n FROM outbox WHERE kind = '{kind}' AND channel = 'in_app' AND recipient_user_id = '{visitor}'"
        ),
    )
}

async fn two_no_shows_halve_capacity_and_an_organizer_restores_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district_running(&app, "yubei-2024").await;
    let (visitor_id, volunteer) = visitor(&app, &organizer, 1, 20, false).await;
    // Four claimed slots ended yesterday: a call was tried for the third, a record made for the fourth.
    let (slots, elders) = claims_ending_yesterday(&app, &organizer, &volunteer, (2, 3), &[0, 1, 2, 3]).await;
    let [missed1, missed2, attempted, recorded] = [&slots[0], &slots[1], &slots[2], &slots[3]];
    let mut conn = app.db.connect();
    let yesterday = tanfang_e2e::today() - chrono::TimeDelta::days(1);

    // The daily job marks the two with nothing done, not the attempted nor the recorded one.
    assert_eq!(app.as_system("no shows", mark_no_shows), 2);
    let marked = |app: &TestApp, slot: &str| {
        count(
            &mut app.db.connect(),
            &format!("SELECT COUNT(*) AS n FROM no_shows WHERE slot_id = '{slot}' AND visitor_id = '{visitor_id}'"),
        )
    };
    assert_eq!(
        [missed1, missed2, attempted, recorded].map(|s| marked(&app, s)),
        [1, 1, 0, 0],
        "a slot with a contact attempt or a record is not a no-show"
    );

    // Told of each, and of the halving with its reason, in words, with no ids in them.
    assert_eq!(told(&app, &visitor_id, "no_show"), 2);
    assert_eq!(told(&app, &visitor_id, "capacity_reduced"), 1);
    let subject = text(
        &mut conn,
        &format!("SELECT body AS t FROM outbox WHERE kind = 'capacity_reduced' AND channel = 'in_app' AND recipient_user_id = '{visitor_id}'"),
    );
    assert!(
        subject.contains("减半") && subject.contains("由20次改为10次"),
        "{subject}"
    );
    let missed_line = text(
        &mut conn,
        &format!("SELECT body AS t FROM outbox WHERE kind = 'no_show' AND channel = 'in_app' AND recipient_user_id = '{visitor_id}' ORDER BY id LIMIT 1"),
    );
    assert!(
        missed_line.contains("未到提醒") && missed_line.contains("老人"),
        "{missed_line}"
    );
    for body in [&subject, &missed_line] {
        for id in [
            missed1.as_str(),
            missed2.as_str(),
            visitor_id.as_str(),
            elders[0].as_str(),
        ] {
            assert!(!body.contains(id), "no id in a message: {body}");
        }
    }

    // Two no-shows in 90 days (yubei runs the default): 20 a month becomes 10.
    assert_eq!(capacity(&app, &visitor_id), 10);
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT CAST(original_capacity AS BIGINT) AS n FROM capacity_reductions WHERE visitor_id = '{visitor_id}'")
        ),
        20,
        "the capacity before is kept"
    );

    // Marking twice changes nothing and tells nobody again.
    assert_eq!(app.as_system("no shows again", mark_no_shows), 0);
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) AS n FROM no_shows"),
        2,
        "not double-counted"
    );
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM capacity_reductions"), 1);
    assert_eq!(capacity(&app, &visitor_id), 10, "not halved twice");
    assert_eq!(told(&app, &visitor_id, "no_show"), 2);
    assert_eq!(told(&app, &visitor_id, "capacity_reduced"), 1);

    // The organizer sees the no-shows per visitor.
    let seen = app.with(&organizer).ok(BY_VISITOR, json!({})).await;
    let list = seen["noShowsByVisitor"].as_array().expect("list");
    assert_eq!(list.len(), 1, "{seen}");
    assert_eq!(list[0]["visitorId"], visitor_id.as_str());
    assert_eq!(
        (&list[0]["inPeriod"], &list[0]["limit"], &list[0]["days"]),
        (&json!(2), &json!(2), &json!(90))
    );
    assert_eq!(
        (&list[0]["capacityPerMonth"], &list[0]["reducedFrom"]),
        (&json!(10), &json!(20))
    );
    assert_eq!(list[0]["noShows"][0]["windowTo"], yesterday.to_string());
    assert_eq!(list[0]["noShows"][0]["elder"], "独老人", "the surname and 老人 only");

    // The visitor cannot lift it by saving their profile.
    let profile = json!({ "organisationKind": "VOLUNTEER_TEAM", "homeVillageCode": VILLAGE,
        "capacityPerMonth": 20, "weekdays": [1, 2, 3, 4, 5, 6, 7] });
    let version = count(
        &mut conn,
        &format!("SELECT CAST(version AS BIGINT) AS n FROM visitor_profiles WHERE user_id = '{visitor_id}'"),
    );
    let refused = app
        .with(&volunteer)
        .graphql(PROFILE, json!({ "input": profile, "v": version }))
        .await;
    assert_eq!(field_code(&refused), Some("capacity_reduced"), "{refused}");

    // Nor can they restore it, nor can another town's organizer.
    let other = second_town(&app, &admin).await.organizer;
    for who in [&volunteer, &other] {
        let refused = app.with(who).graphql(RESTORE, json!({ "v": visitor_id })).await;
        assert!(refused.get("errors").is_some(), "{refused}");
    }
    assert_eq!(capacity(&app, &visitor_id), 10);
    let theirs = app.with(&other).ok(BY_VISITOR, json!({})).await;
    assert_eq!(
        theirs["noShowsByVisitor"],
        json!([]),
        "another town sees none of this town's"
    );

    // The organizer of the visitor's town restores it exactly.
    let restored = app.with(&organizer).ok(RESTORE, json!({ "v": visitor_id })).await;
    assert_eq!(restored["restoreVisitorCapacity"]["capacityPerMonth"], 20);
    assert_eq!(capacity(&app, &visitor_id), 20);
    assert_eq!(told(&app, &visitor_id, "capacity_restored"), 1);
    for action in ["visitor.capacity_reduce", "visitor.capacity_restore"] {
        assert_eq!(
            count(
                &mut conn,
                &format!(
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}' AND object_id = '{visitor_id}'"
                )
            ),
            1,
            "{action} audited"
        );
    }
    let again = app.with(&organizer).graphql(RESTORE, json!({ "v": visitor_id })).await;
    assert_eq!(field_code(&again), Some("not_reduced"), "{again}");

    // The no-shows that led to the reduction do not lead to another.
    assert_eq!(app.as_system("no shows after restore", mark_no_shows), 0);
    assert_eq!(capacity(&app, &visitor_id), 20);
    let seen = app.with(&organizer).ok(BY_VISITOR, json!({})).await;
    assert_eq!(seen["noShowsByVisitor"][0]["inPeriod"], 2, "still shown");
    assert_eq!(seen["noShowsByVisitor"][0]["reducedFrom"], json!(null));

    // A restore is a fresh start: one more no-show is one towards the next halving, not three.
    let elder = key_elder(&app, &organizer, VILLAGE, 5).await;
    let fifth = claim_todays_slot(&app, &organizer, &volunteer, &elder).await;
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        &format!("UPDATE visit_slots SET window_from = '{yesterday}', window_to = '{yesterday}' WHERE id = '{fifth}'"),
    )
    .expect("set up");
    assert_eq!(app.as_system("a third no-show", mark_no_shows), 1);
    assert_eq!(told(&app, &visitor_id, "no_show"), 3);
    assert_eq!(capacity(&app, &visitor_id), 20, "one new no-show does not halve");
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM capacity_reductions"), 1);
    let seen = app.with(&organizer).ok(BY_VISITOR, json!({})).await;
    assert_eq!(
        seen["noShowsByVisitor"][0]["inPeriod"], 3,
        "all three shown to the organizer"
    );
}

per_backend!(two_no_shows_halve_capacity_and_an_organizer_restores_it);
