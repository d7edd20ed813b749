//! Care beyond visits (issue #20, 3.) over HTTP on both backends: staff record a service a
//! visitor gave an elder, with how the elder confirmed it; a 送餐 credits the giver's time bank
//! in linzi (its document names 送餐服务 among what earns 服务时长) and not in yubei (its
//! document names none); sending the entry again records and credits nothing more; the giver
//! reads it in their service record; nobody outside the elder's area records or reads it.

use chrono::TimeDelta;
use serde_json::{json, Value};
use tanfang_e2e::town::{self, VILLAGE};
use tanfang_e2e::{count, error_fields, ledger_sides, per_backend, time_bank_minutes, Backend, TestApp};

const RECORD: &str = "mutation($id: String!, $e: String!, $k: CareKind!, $p: String!, $at: DateTime!, $m: Int!,
    $c: ElderConfirmationMethod!) {
    recordCareService(id: $id, elderId: $e, kind: $k, providerId: $p, givenAt: $at, minutes: $m, confirmation: $c) {
        creditedMinutes created service { id kind service minutes providerId elderId elderConfirmation redemptionId } } }";

fn meal(id: &str, elder: &str, provider: &str, minutes: i64, confirmation: &str) -> Value {
    let at = (tanfang_e2e::now() - TimeDelta::hours(2)).to_rfc3339();
    json!({ "id": id, "e": elder, "k": "MEALS", "p": provider, "at": at, "m": minutes, "c": confirmation })
}

async fn a_meal_delivered_credits_linzis_time_bank_and_not_yubeis(backend: Backend) {
    for (pack, credited) in [("linzi-2022", 45.0), ("yubei-2024", 0.0)] {
        let app = TestApp::spawn(backend).await;
        let (_admin, organizer) = town::district_running(&app, pack).await;
        let elder = town::key_elder(&app, &organizer, VILLAGE, 1).await;
        let (giver, giver_token) = town::visitor(&app, &organizer, 1, 8, false).await;
        let id = uuid::Uuid::new_v4().to_string();

        let answer = app
            .with(&organizer)
            .ok(RECORD, meal(&id, &elder, &giver, 45, "SIGNED_PAPER"))
            .await;
        let recorded = &answer["recordCareService"];
        assert_eq!(recorded["creditedMinutes"], credited, "{pack}: {recorded:#}");
        assert_eq!(recorded["created"], true);
        assert_eq!(recorded["service"]["service"], "送餐");
        assert_eq!(recorded["service"]["elderConfirmation"], "SIGNED_PAPER");
        assert_eq!(recorded["service"]["redemptionId"], Value::Null, "given freely");
        assert_eq!(time_bank_minutes(&app, &giver_token).await, credited, "{pack}");

        // The same entry sent again (a retry) records and credits nothing more.
        let again = app
            .with(&organizer)
            .ok(RECORD, meal(&id, &elder, &giver, 45, "SIGNED_PAPER"))
            .await;
        assert_eq!(again["recordCareService"]["created"], false);
        assert_eq!(
            time_bank_minutes(&app, &giver_token).await,
            credited,
            "{pack}: credited once"
        );
        assert_eq!(
            count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM care_services"),
            1
        );
        let (debits, credits) = ledger_sides(&app);
        assert_eq!(debits, credits, "debits equal credits");

        // The giver reads it in their service record; staff read it on the elder.
        let mine = app
            .with(&giver_token)
            .ok("query { myCareServices { id kind minutes elderId } }", json!({}))
            .await;
        assert_eq!(
            mine["myCareServices"],
            json!([{ "id": id, "kind": "MEALS", "minutes": 45.0, "elderId": elder }])
        );
        let on_file = app
            .with(&organizer)
            .ok(
                "query($e: String!) { elderCareServices(elderId: $e) { id providerId } }",
                json!({ "e": elder }),
            )
            .await;
        assert_eq!(on_file["elderCareServices"], json!([{ "id": id, "providerId": giver }]));
    }
}
per_backend!(a_meal_delivered_credits_linzis_time_bank_and_not_yubeis);

async fn only_staff_of_the_elders_area_record_it_with_the_elders_word_and_a_real_duration(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district_running(&app, "linzi-2022").await;
    let elder = town::key_elder(&app, &organizer, VILLAGE, 2).await;
    let (giver, giver_token) = town::visitor(&app, &organizer, 2, 8, false).await;
    let other_town = town::second_town(&app, &admin).await.organizer;
    let fresh = || uuid::Uuid::new_v4().to_string();
    let refused = |answer: &Value| error_fields(answer);

    // Another town's organizer does not find the elder; the visitor may not record it.
    let answer = app
        .with(&other_town)
        .graphql(RECORD, meal(&fresh(), &elder, &giver, 30, "SIGNED_PAPER"))
        .await;
    assert_eq!(refused(&answer), ["elderId"], "{answer:#}");
    let answer = app
        .with(&giver_token)
        .graphql(RECORD, meal(&fresh(), &elder, &giver, 30, "SIGNED_PAPER"))
        .await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer:#}");
    // A duration of nothing or of a day, and a confirmation staff cannot state, are named.
    for minutes in [0, 721] {
        let answer = app
            .with(&organizer)
            .graphql(RECORD, meal(&fresh(), &elder, &giver, minutes, "SIGNED_PAPER"))
            .await;
        assert_eq!(refused(&answer), ["minutes"], "{answer:#}");
    }
    let answer = app
        .with(&organizer)
        .graphql(RECORD, meal(&fresh(), &elder, &giver, 30, "READ_OUT_CODE"))
        .await;
    assert_eq!(refused(&answer), ["confirmation"], "{answer:#}");
    // Nothing was written, and nothing credited.
    assert_eq!(
        count(&mut app.db.connect(), "SELECT COUNT(*) AS n FROM care_services"),
        0
    );
    assert_eq!(time_bank_minutes(&app, &giver_token).await, 0.0);
    // Another town's organizer does not read the elder's services either.
    let answer = app
        .with(&other_town)
        .graphql(
            "query($e: String!) { elderCareServices(elderId: $e) { id } }",
            json!({ "e": elder }),
        )
        .await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "NOT_FOUND", "{answer:#}");
}
per_backend!(only_staff_of_the_elders_area_record_it_with_the_elders_word_and_a_real_duration);
