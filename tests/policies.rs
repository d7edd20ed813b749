//! Policy packs over HTTP on both backends: the built-in packs, a district's choice with its
//! history, and an elder's tier under the pack in force on a day.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tanfang::domain::clock;
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::{backends, error_code, error_fields, TestApp, PASSWORD};

const DISTRICT: &str = "500112";
const TOWN: &str = "500112001";
const VILLAGE: &str = "500112001001";

const CHOOSE: &str = "mutation($pack: String!, $from: LocalDate!) {
    choosePolicyPack(districtCode: \"500112\", packId: $pack, effectiveFrom: $from, note: \"区民政局决定\") {
        packId effectiveFrom pack { id tiers { id label } } } }";
const TIER: &str =
    "query($id: String!, $on: LocalDate) { elderTier(elderId: $id, on: $on) { packId tierId label rule } }";

#[actix_rt::test]
async fn a_district_chooses_a_pack_and_elders_get_tiers_under_the_pack_in_force() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let admin = app.bootstrap(DISTRICT, "渝北区", "admin").await;
        let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
        for (code, parent) in [(TOWN, DISTRICT), (VILLAGE, TOWN)] {
            let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent });
            app.with(&admin).ok(area, json!({ "input": input })).await;
        }
        let staff = json!({ "input": { "username": "org", "displayName": "镇街", "password": PASSWORD,
                                       "role": "TOWN_ORGANIZER", "areaCode": TOWN } });
        app.with(&admin)
            .ok(
                "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
                staff,
            )
            .await;
        let organizer = app.token("org", PASSWORD).await;

        let packs = app
            .with(&organizer)
            .ok("{ policyPacks { id tiers { id requirements { label } } } }", json!({}))
            .await;
        let ids: Vec<&str> = packs["policyPacks"]
            .as_array()
            .map(|p| p.iter().filter_map(|x| x["id"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(ids.len(), 5, "{backend:?}: {ids:?}");
        for id in [
            "emeishan-2022",
            "yubei-2024",
            "linzi-2022",
            "ningbo-draft",
            "jiangmen-2024",
        ] {
            assert!(ids.contains(&id), "{id}");
        }

        // A moderately impaired elder living alone, aged 70.
        let born = NaiveDate::from_ymd_opt(1956, 4, 2).expect("date");
        let id_number = IdNumber::from_parts(DISTRICT, born, 41, Sex::Female)
            .expect("id")
            .as_str()
            .to_string();
        let input = json!({ "name": "陈阿婆", "idNumber": id_number, "villageCode": VILLAGE,
            "residenceAddress": "二组 3 号", "urbanRural": "RURAL", "abilityLevel": "MODERATELY_IMPAIRED",
            "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "categories": ["LIVING_ALONE"],
            "consent": "CONSENTED" });
        let elder = app
            .with(&organizer)
            .ok(
                "mutation($input: ElderFileInput!) { createElder(input: $input) { id } }",
                json!({ "input": input }),
            )
            .await["createElder"]["id"]
            .as_str()
            .expect("id")
            .to_string();
        let tier = |on: &str| {
            let (app, organizer, elder) = (&app, organizer.clone(), elder.clone());
            let on = on.to_string();
            async move { app.with(&organizer).ok(TIER, json!({ "id": elder, "on": on })).await["elderTier"].clone() }
        };
        assert_eq!(tier("2026-01-10").await, Value::Null, "no pack chosen yet");

        // Only the district admin chooses; the first choice may start in the past.
        let denied = app
            .with(&organizer)
            .graphql(CHOOSE, json!({ "pack": "yubei-2024", "from": "2025-01-01" }))
            .await;
        assert_eq!(error_code(&denied).as_deref(), Some("FORBIDDEN"));
        let unknown = app
            .with(&admin)
            .graphql(CHOOSE, json!({ "pack": "nowhere-2030", "from": "2025-01-01" }))
            .await;
        assert_eq!(error_fields(&unknown), ["packId"]);
        let chosen = app
            .with(&admin)
            .ok(CHOOSE, json!({ "pack": "yubei-2024", "from": "2025-01-01" }))
            .await;
        assert_eq!(chosen["choosePolicyPack"]["pack"]["tiers"][0]["label"], "重点");

        let yubei = tier("2026-01-10").await;
        assert_eq!(yubei["packId"], "yubei-2024");
        assert_eq!(yubei["tierId"], "key");
        assert_eq!(yubei["label"], "重点");
        assert!(yubei["rule"].as_str().unwrap_or("").contains("impaired"), "{yubei}");

        // A later choice cannot rewrite the past …
        let retro = app
            .with(&admin)
            .graphql(CHOOSE, json!({ "pack": "jiangmen-2024", "from": "2026-01-01" }))
            .await;
        assert_eq!(error_fields(&retro), ["effectiveFrom"]);
        // … but applies from today on, while past days keep the old pack.
        let today = clock::today().to_string();
        app.with(&admin)
            .ok(CHOOSE, json!({ "pack": "jiangmen-2024", "from": today }))
            .await;
        let now = tier(&today).await;
        assert_eq!(
            (now["packId"].as_str(), now["tierId"].as_str()),
            (Some("jiangmen-2024"), Some("a"))
        );
        assert_eq!(tier("2026-01-10").await["packId"], "yubei-2024");

        let history = app
            .with(&organizer)
            .ok(
                "{ districtPolicyHistory(districtCode: \"500112\") { packId effectiveFrom chosenBy } }",
                json!({}),
            )
            .await;
        assert_eq!(history["districtPolicyHistory"].as_array().map(Vec::len), Some(2));
        let audit = app
            .with(&admin)
            .ok("{ auditLog(first: 50) { action } }", json!({}))
            .await["auditLog"]
            .to_string();
        assert!(audit.contains("policy.choose"), "choices are audited");
    }
}
