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

#[actix_rt::test]
async fn entered_visits_meet_requirements_by_period_and_raises_are_audited() {
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
        app.with(&admin)
            .ok(CHOOSE, json!({ "pack": "yubei-2024", "from": "2025-01-01" }))
            .await;

        let create = |name: &str, ability: &str, arrangement: &str, sequence: u16| {
            let born = NaiveDate::from_ymd_opt(1950, 5, 5).expect("date");
            let id = IdNumber::from_parts(DISTRICT, born, sequence, Sex::Male)
                .expect("id")
                .as_str()
                .to_string();
            json!({ "input": { "name": name, "idNumber": id, "villageCode": VILLAGE, "residenceAddress": "一组",
                "urbanRural": "RURAL", "abilityLevel": ability, "economicStatus": "ORDINARY",
                "livingArrangement": arrangement, "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" } })
        };
        let create_elder = "mutation($input: ElderFileInput!) { createElder(input: $input) { id } }";
        let key = app
            .with(&organizer)
            .ok(create_elder, create("重点老人", "SEVERELY_IMPAIRED", "ALONE", 11))
            .await["createElder"]["id"]
            .as_str()
            .expect("id")
            .to_string();
        let general = app
            .with(&organizer)
            .ok(create_elder, create("一般老人", "INTACT", "WITH_SPOUSE", 13))
            .await["createElder"]["id"]
            .as_str()
            .expect("id")
            .to_string();

        let visit = "mutation($id: String!, $mode: VisitMode!, $at: LocalDateTime!) {
            recordVisit(elderId: $id, mode: $mode, visitedAt: $at) { id } }";
        let month = "query($id: String!) { elderCompliance(elderId: $id, month: \"2026-03\") {
            tier inRate met items { label source dueBy status metOnTime countedDays } } }";
        let compliance = |id: String| {
            let (app, organizer) = (&app, organizer.clone());
            async move { app.with(&organizer).ok(month, json!({ "id": id })).await["elderCompliance"].clone() }
        };

        // 重点 under yubei: in person every half-month. 23:30 on the 15th (Beijing time) is in
        // the first half even though it is the 15th 15:30 UTC.
        app.with(&organizer)
            .ok(
                visit,
                json!({ "id": key, "mode": "IN_PERSON", "at": "2026-03-15T23:30:00" }),
            )
            .await;
        app.with(&organizer)
            .ok(
                visit,
                json!({ "id": key, "mode": "PHONE", "at": "2026-03-20T10:00:00" }),
            )
            .await;
        let march = compliance(key.clone()).await;
        assert_eq!(march["tier"], "重点", "{backend:?}: {march}");
        assert_eq!(march["inRate"], true);
        let all = march["items"].as_array().cloned().unwrap_or_default();
        let items: Vec<Value> = all
            .iter()
            .filter(|i| i["label"] == "每半月至少上门探访 1 次")
            .cloned()
            .collect();
        assert_eq!(items.len(), 2, "two half-months: {march}");
        // 元宵节 2026 is on 3 March: yubei's festival surge asks for one contact around it.
        let lantern = all
            .iter()
            .find(|i| i["source"] == "2026年元宵节")
            .cloned()
            .expect("the festival surge");
        assert_eq!(lantern["status"], "OVERDUE");
        assert_eq!(
            (items[0]["status"].as_str(), items[0]["countedDays"].clone()),
            (Some("MET"), json!(["2026-03-15"]))
        );
        assert_eq!(items[1]["status"], "OVERDUE", "a phone call is not an in-person visit");
        assert_eq!(march["met"], false);
        app.with(&organizer)
            .ok(
                visit,
                json!({ "id": key, "mode": "IN_PERSON", "at": "2026-03-31T18:00:00" }),
            )
            .await;
        assert_eq!(
            compliance(key.clone()).await["met"],
            false,
            "the festival contact is still missing"
        );
        app.with(&organizer)
            .ok(
                visit,
                json!({ "id": key, "mode": "VIDEO", "at": "2026-03-04T20:00:00" }),
            )
            .await;
        assert_eq!(compliance(key.clone()).await["met"], true);

        // 一般: one in-person visit a month; a raise needs a reason and a higher tier.
        assert_eq!(compliance(general.clone()).await["tier"], "一般");
        let raise = "mutation($id: String!, $tier: String!, $reason: String!) {
            raiseElderTier(elderId: $id, tierId: $tier, reason: $reason) { tierId raisedOn } }";
        let no_reason = app
            .with(&organizer)
            .graphql(raise, json!({ "id": general, "tier": "key", "reason": " " }))
            .await;
        assert_eq!(error_fields(&no_reason), ["reason"]);
        let lower = app
            .with(&organizer)
            .graphql(raise, json!({ "id": general, "tier": "general", "reason": "测试" }))
            .await;
        assert_eq!(error_fields(&lower), ["tierId"]);
        app.with(&organizer)
            .ok(
                raise,
                json!({ "id": general, "tier": "key", "reason": "独子外出务工，老伴住院" }),
            )
            .await;
        let today = clock::today().to_string();
        let raised = app
            .with(&organizer)
            .ok(TIER, json!({ "id": general, "on": today }))
            .await["elderTier"]
            .clone();
        assert_eq!(raised["tierId"], "key");
        assert!(
            raised["rule"].as_str().unwrap_or("").contains("独子外出务工"),
            "{raised}"
        );
        assert_eq!(
            compliance(general.clone()).await["tier"],
            "一般",
            "a raise never changes the past"
        );
        let audit = app
            .with(&admin)
            .ok("{ auditLog(first: 100) { action reason } }", json!({}))
            .await
            .to_string();
        assert!(
            audit.contains("elder.raise_tier") && audit.contains("visit.enter"),
            "{audit}"
        );
    }
}
