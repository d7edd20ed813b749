//! Policy packs over HTTP on both backends: the built-in packs, a district's choice with its
//! history, and an elder's tier under the pack in force on a day.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::{
    accepted_visit, count, error_code, error_fields, per_backend, per_backend_sync, Backend, TestApp, PASSWORD,
};

const DISTRICT: &str = "500112";
const TOWN: &str = "500112001";
const VILLAGE: &str = "500112001001";

const CHOOSE: &str = "mutation($pack: String!, $from: LocalDate!) {
    choosePolicyPack(districtCode: \"500112\", packId: $pack, effectiveFrom: $from, note: \"区民政局决定\") {
        packId effectiveFrom pack { id tiers { id label } } } }";
const TIER: &str =
    "query($id: String!, $on: LocalDate) { elderTier(elderId: $id, on: $on) { packId tierId label rule } }";

/// District 500112 with its admin, the given towns and villages, and one town organizer per
/// town (usernames org0, org1, …). Returns the admin's and the organizers' tokens.
async fn district(app: &TestApp, towns: &[(&str, &[&str])]) -> (String, Vec<String>) {
    let admin = app.bootstrap(DISTRICT, "渝北区", "admin").await;
    let area = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
    let staff = "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }";
    let mut organizers = Vec::new();
    for (n, (town, villages)) in towns.iter().enumerate() {
        let nodes = std::iter::once((*town, DISTRICT)).chain(villages.iter().map(|v| (*v, *town)));
        for (code, parent) in nodes {
            let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent });
            app.with(&admin).ok(area, json!({ "input": input })).await;
        }
        let username = format!("org{n}");
        let input = json!({ "username": username, "displayName": "镇街", "password": PASSWORD,
                            "role": "TOWN_ORGANIZER", "areaCode": town });
        app.with(&admin).ok(staff, json!({ "input": input })).await;
        organizers.push(app.token(&username, PASSWORD).await);
    }
    (admin, organizers)
}

/// [`district`] running yubei-2024 from 2025-01-01.
async fn yubei_district(app: &TestApp, towns: &[(&str, &[&str])]) -> (String, Vec<String>) {
    let (admin, organizers) = district(app, towns).await;
    app.with(&admin)
        .ok(CHOOSE, json!({ "pack": "yubei-2024", "from": "2025-01-01" }))
        .await;
    (admin, organizers)
}

async fn a_district_chooses_a_pack_and_elders_get_tiers_under_the_pack_in_force(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizers) = district(&app, &[(TOWN, &[VILLAGE])]).await;
    let organizer = organizers[0].clone();

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
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 41, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": "陈阿婆", "idNumber": id_number, "villageCode": VILLAGE,
        "residenceAddress": "二组 3 号", "urbanRural": "RURAL", "abilityLevel": "MODERATELY_IMPAIRED",
        "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "categories": ["LIVING_ALONE"],
        "consent": "CONSENTED" });
    let elder = app.with(&organizer).create_elder(input).await;
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
    let today = tanfang_e2e::today().to_string();
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
per_backend!(a_district_chooses_a_pack_and_elders_get_tiers_under_the_pack_in_force);

async fn entered_visits_meet_requirements_by_period_and_raises_are_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizers) = yubei_district(&app, &[(TOWN, &[VILLAGE])]).await;
    let organizer = organizers[0].clone();

    let create = |name: &str, ability: &str, arrangement: &str, sequence: u16| {
        let born = NaiveDate::from_ymd_opt(1950, 5, 5).expect("date");
        let id = IdNumber::from_parts_as_of(DISTRICT, born, sequence, Sex::Male, tanfang_e2e::today())
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
    let month = "query($id: String!) { elderCompliance(elderId: $id, month: \"2026-03\") {
        tier inRate met items { label source dueBy status metOnTime countedDays } } }";
    let compliance = |id: String| {
        let (app, organizer) = (&app, organizer.clone());
        async move { app.with(&organizer).ok(month, json!({ "id": id })).await["elderCompliance"].clone() }
    };

    // 重点 under yubei: in person every half-month. 23:30 on the 15th (Beijing time) is in
    // the first half even though it is the 15th 15:30 UTC.
    accepted_visit(&app, &organizer, &key, "IN_PERSON", "2026-03-15T23:30:00").await;
    accepted_visit(&app, &organizer, &key, "PHONE", "2026-03-20T10:00:00").await;
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
    accepted_visit(&app, &organizer, &key, "IN_PERSON", "2026-03-31T18:00:00").await;
    assert_eq!(
        compliance(key.clone()).await["met"],
        false,
        "the festival contact is still missing"
    );
    accepted_visit(&app, &organizer, &key, "VIDEO", "2026-03-04T20:00:00").await;
    assert_eq!(compliance(key.clone()).await["met"], true);

    // A cold wave declared from 28 April to 3 May falls in May (the month it ends in) and
    // asks every elder under service for one contact of any kind inside the window.
    let declare = "mutation($input: SurgeInput!) { declareSurge(input: $input) { tiers count modes } }";
    let surge = json!({ "kind": "EXTREME_WEATHER", "label": "寒潮蓝色预警", "areaCode": TOWN,
                        "startsOn": "2026-04-28", "endsOn": "2026-05-03" });
    let backwards = json!({ "input": { "kind": "EXTREME_WEATHER", "label": "x", "areaCode": TOWN,
                                       "startsOn": "2026-04-03", "endsOn": "2026-03-28" } });
    assert_eq!(
        error_fields(&app.with(&organizer).graphql(declare, backwards).await),
        ["endsOn"]
    );
    let declared = app.with(&organizer).ok(declare, json!({ "input": surge })).await;
    assert_eq!(
        declared["declareSurge"]["tiers"],
        json!(["key", "general"]),
        "the pack's default: every tier"
    );
    let in_month = |month: &str| {
        format!("query($id: String!) {{ elderCompliance(elderId: $id, month: \"{month}\") {{ items {{ source status }} }} }}")
    };
    let (april, may) = (in_month("2026-04"), in_month("2026-05"));
    let cold = |answer: Value| {
        answer["elderCompliance"]["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["source"] == "寒潮蓝色预警").cloned())
    };
    let before = app.with(&organizer).ok(&may, json!({ "id": key })).await;
    assert_eq!(cold(before).map(|i| i["status"].clone()), Some(json!("OVERDUE")));
    assert!(
        cold(app.with(&organizer).ok(&april, json!({ "id": key })).await).is_none(),
        "not an April item"
    );
    accepted_visit(&app, &organizer, &key, "PHONE", "2026-04-29T09:00:00").await;
    let after = app.with(&organizer).ok(&may, json!({ "id": key })).await;
    assert_eq!(
        cold(after).map(|i| i["status"].clone()),
        Some(json!("MET")),
        "a call in April counts"
    );
    let general_may = app.with(&organizer).ok(&may, json!({ "id": general })).await;
    assert_eq!(
        cold(general_may).map(|i| i["status"].clone()),
        Some(json!("OVERDUE")),
        "一般 elders owe the surge's contact too"
    );

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
    let today = tanfang_e2e::today().to_string();
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
        audit.contains("elder.raise_tier") && audit.contains("record.submit") && audit.contains("record.review"),
        "{audit}"
    );
}
per_backend!(entered_visits_meet_requirements_by_period_and_raises_are_audited);

/// `coverage(month, areaCode)` with `fields` at every level, as the figures are now: a closed
/// month's `closed { now… }` (these tests enter a past month's data today, after its reporting
/// deadline, so what the month reported holds none of it), an open month's own figures.
async fn coverage_now(app: &TestApp, token: &str, month: &str, area: &str, fields: &str) -> Value {
    let query = format!(
        "{{ coverage(month: \"{month}\", areaCode: \"{area}\") {{ packId
            total {{ {fields} }} towns {{ {fields} }} villages {{ {fields} }}
            closed {{ nowTotal {{ {fields} }} nowTowns {{ {fields} }} nowVillages {{ {fields} }} }} }} }}"
    );
    let answer = app.with(token).ok(&query, json!({})).await["coverage"].clone();
    match answer.get("closed").filter(|c| !c.is_null()) {
        Some(closed) => json!({ "packId": answer["packId"], "total": closed["nowTotal"],
            "towns": closed["nowTowns"], "villages": closed["nowVillages"] }),
        None => answer,
    }
}

fn sql_count(app: &TestApp, query: &str) -> i64 {
    count(&mut app.db.connect(), query)
}

async fn the_monthly_visit_rate_agrees_with_an_independent_sql_count(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let villages = ["500112001001", "500112001002", "500112002001"];
    let (admin, organizers) =
        yubei_district(&app, &[("500112001", &villages[..2]), ("500112002", &villages[2..])]).await;

    // 18 elders: every fourth is 重点 (impaired: in person each half-month), the rest 一般
    // (in person once a month). Visits follow a fixed pattern so that some meet, some
    // half-meet, some get only phone calls, some nothing.
    for n in 0..18u16 {
        let village = villages[usize::from(n) % 3];
        let organizer = if village.starts_with("500112001") {
            &organizers[0]
        } else {
            &organizers[1]
        };
        let born = NaiveDate::from_ymd_opt(1948, 1, 1 + u32::from(n)).expect("date");
        let id = IdNumber::from_parts_as_of(DISTRICT, born, 2 * n + 1, Sex::Male, tanfang_e2e::today())
            .expect("id")
            .as_str()
            .to_string();
        let key = n % 4 == 0;
        let input = json!({ "name": format!("老人{n}"), "idNumber": id, "villageCode": village,
            "residenceAddress": "一组", "urbanRural": "RURAL",
            "abilityLevel": if key { "SEVERELY_IMPAIRED" } else { "INTACT" },
            "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE",
            "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" });
        let elder = app
            .with(organizer)
            .ok(
                "mutation($input: ElderFileInput!) { createElder(input: $input) { id version } }",
                json!({ "input": input }),
            )
            .await["createElder"]
            .clone();
        let elder_id = elder["id"].as_str().expect("id").to_string();
        let visits: &[(&str, &str)] = match n % 6 {
            0 | 1 => &[
                ("IN_PERSON", "2026-05-03T10:00:00"),
                ("IN_PERSON", "2026-05-20T10:00:00"),
            ],
            2 => &[("IN_PERSON", "2026-05-31T23:30:00")],
            3 => &[("PHONE", "2026-05-10T10:00:00")],
            4 => &[
                ("IN_PERSON", "2026-06-01T00:10:00"),
                ("IN_PERSON", "2026-04-30T23:50:00"),
            ],
            _ => &[],
        };
        for (mode, at) in visits {
            accepted_visit(&app, organizer, &elder_id, mode, at).await;
        }
        if n == 17 {
            // Moved out in May: out of the month's figure.
            app.with(organizer)
                .ok(
                    "mutation($id: String!, $v: Int!) { changeElderStatus(id: $id, version: $v, status: MOVED_OUT,
                        effectiveOn: \"2026-05-10\") { id } }",
                    json!({ "id": elder_id, "v": elder["version"] }),
                )
                .await;
        }
    }

    let coverage = coverage_now(
        &app,
        &admin,
        "2026-05",
        "500112",
        "code name elders met due overdue visitRate",
    )
    .await;

    // The same figures counted straight from the tables: in service all May; 一般 needs an
    // in-person visit in May (Beijing time), 重点 one in each half.
    let in_person = |from: &str, to: &str| {
        format!(
            "EXISTS (SELECT 1 FROM visits v WHERE v.elder_id = e.id AND v.mode = 'in_person' AND v.status = 'accepted' \
             AND v.visited_at >= '{from}' AND v.visited_at < '{to}')"
        )
    };
    let base = "FROM elders e WHERE e.service_status = 'in_service' AND e.service_status_since <= '2026-05-01'";
    let met_condition = format!(
        "((e.ability_level = 'intact' AND {}) OR (e.ability_level <> 'intact' AND {} AND {}))",
        in_person("2026-04-30 16:00:00", "2026-05-31 16:00:00"),
        in_person("2026-04-30 16:00:00", "2026-05-15 16:00:00"),
        in_person("2026-05-15 16:00:00", "2026-05-31 16:00:00"),
    );
    let denominator = sql_count(&app, &format!("SELECT COUNT(*) AS n {base}"));
    let met = sql_count(&app, &format!("SELECT COUNT(*) AS n {base} AND {met_condition}"));
    assert_eq!(coverage["packId"], "yubei-2024");
    assert_eq!(coverage["total"]["elders"], denominator, "{backend:?}: {coverage}");
    assert_eq!(coverage["total"]["met"], met, "{backend:?}: {coverage}");
    assert_eq!(denominator, 17, "the elder who moved out in May is left out");
    assert!(
        met > 0 && met < denominator,
        "the pattern gives a mix: {met}/{denominator}"
    );
    let rate = coverage["total"]["visitRate"].as_f64().expect("rate");
    assert!((rate - met as f64 / denominator as f64).abs() < 1e-9);
    let total = &coverage["total"];
    assert_eq!(
        total["met"].as_i64().unwrap_or(0)
            + total["due"].as_i64().unwrap_or(0)
            + total["overdue"].as_i64().unwrap_or(0),
        denominator
    );
    for village in coverage["villages"].as_array().cloned().unwrap_or_default() {
        let code = village["code"].as_str().expect("code");
        let here = format!("AND e.village_code = '{code}'");
        assert_eq!(
            village["elders"],
            sql_count(&app, &format!("SELECT COUNT(*) AS n {base} {here}")),
            "{code}"
        );
        assert_eq!(
            village["met"],
            sql_count(&app, &format!("SELECT COUNT(*) AS n {base} {here} AND {met_condition}")),
            "{code}"
        );
    }

    // The overdue list: as many as the coverage counts, the longest overdue first, paged.
    let overdue = "query($after: String) { overdueElders(month: \"2026-05\", areaCode: \"500112\", first: 4, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { daysOverdue elder { id name } overdueItems { dueBy status } } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.with(&admin).ok(overdue, json!({ "after": after })).await["overdueElders"].clone();
        assert_eq!(page["totalCount"], coverage["total"]["overdue"], "{backend:?}");
        for edge in page["edges"].as_array().cloned().unwrap_or_default() {
            assert!(edge["node"]["overdueItems"].as_array().is_some_and(|i| !i.is_empty()));
            seen.push(edge["node"]["daysOverdue"].as_i64().expect("days"));
        }
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(Some(seen.len() as i64), coverage["total"]["overdue"].as_i64());
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "longest overdue first: {seen:?}");

    // A town organizer sees only their town, and not the district's total.
    let denied = app
        .with(&organizers[1])
        .graphql(
            "{ coverage(month: \"2026-05\", areaCode: \"500112\") { packId } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&denied).as_deref(), Some("FORBIDDEN"));
    let own = coverage_now(&app, &organizers[1], "2026-05", "500112002", "elders").await;
    assert_eq!(
        own["total"]["elders"],
        sql_count(
            &app,
            &format!("SELECT COUNT(*) AS n {base} AND e.village_code LIKE '500112002%'")
        )
    );
}
per_backend!(the_monthly_visit_rate_agrees_with_an_independent_sql_count);

/// The two rates of issue item 5 on a district where they differ: 月探访率 (every requirement
/// met on time) and 探访覆盖率 (at least one accepted visit of any mode in the month), over
/// the same denominator, each checked against a count straight from the tables.
async fn both_monthly_rates_agree_with_an_independent_sql_count(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (first, second) = ("500112001001", "500112002001");
    let (admin, organizers) = yubei_district(&app, &[("500112001", &[first]), ("500112002", &[second])]).await;

    // (village, 重点, in service since, visits (mode, district time)).
    type Elder<'a> = (&'a str, bool, &'a str, &'a [(&'a str, &'a str)]);
    let elders: [Elder<'_>; 8] = [
        // Met and contacted.
        (first, false, "2026-01-01", &[("IN_PERSON", "2026-05-03T10:00:00")]),
        // 一般 owes an in-person visit: a phone call is a contact, not the month's requirement.
        (first, false, "2026-01-01", &[("PHONE", "2026-05-10T10:00:00")]),
        // 重点 seen in the first half-month only: contacted, not met.
        (first, true, "2026-01-01", &[("IN_PERSON", "2026-05-03T10:00:00")]),
        // Nothing.
        (first, false, "2026-01-01", &[]),
        // Just outside May in district time (the second is still May 31 in UTC): neither.
        (
            second,
            false,
            "2026-01-01",
            &[
                ("IN_PERSON", "2026-04-30T23:50:00"),
                ("IN_PERSON", "2026-06-01T00:10:00"),
            ],
        ),
        // An accepted record later rejected (below): neither.
        (second, false, "2026-01-01", &[("IN_PERSON", "2026-05-08T10:00:00")]),
        // Entered service on May 10: in neither denominator, though visited.
        (second, false, "2026-05-10", &[("IN_PERSON", "2026-05-12T10:00:00")]),
        // A video call late on the last day: contacted, not met.
        (second, false, "2026-01-01", &[("VIDEO", "2026-05-31T23:30:00")]),
    ];
    let mut rejected = None;
    for (n, (village, key, since, visits)) in elders.iter().enumerate() {
        let organizer = if village.starts_with("500112001") {
            &organizers[0]
        } else {
            &organizers[1]
        };
        let n = u16::try_from(n).expect("few elders");
        let born = NaiveDate::from_ymd_opt(1950, 3, 1 + u32::from(n)).expect("date");
        let id = IdNumber::from_parts_as_of(DISTRICT, born, 2 * n + 1, Sex::Female, tanfang_e2e::today())
            .expect("id")
            .as_str()
            .to_string();
        let input = json!({ "name": format!("老人{n}"), "idNumber": id, "villageCode": village,
            "residenceAddress": "一组", "urbanRural": "RURAL",
            "abilityLevel": if *key { "SEVERELY_IMPAIRED" } else { "INTACT" },
            "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE",
            "consent": "CONSENTED", "consentRecordedOn": since });
        let elder_id = app
            .with(organizer)
            .ok(
                "mutation($input: ElderFileInput!) { createElder(input: $input) { id } }",
                json!({ "input": input }),
            )
            .await["createElder"]["id"]
            .as_str()
            .expect("id")
            .to_string();
        for (mode, at) in visits.iter() {
            let record = accepted_visit(&app, organizer, &elder_id, mode, at).await;
            if n == 5 {
                rejected = Some((organizer.clone(), record));
            }
        }
    }
    let (organizer, rejected) = rejected.expect("the record of May 8");
    let version = app
        .with(&organizer)
        .ok(
            "query($id: String!) { visitRecord(id: $id) { version } }",
            json!({ "id": rejected }),
        )
        .await["visitRecord"]["version"]
        .clone();
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: REJECT, comment: \"重复录入\", version: $v) { status } }",
            json!({ "id": rejected, "v": version }),
        )
        .await;

    let coverage = coverage_now(
        &app,
        &admin,
        "2026-05",
        "500112",
        "code elders met contacted visitRate contactRate",
    )
    .await;

    // The same figures from the tables: in service all May; met as in the test above (一般: an
    // in-person visit in May, 重点: one in each half); contacted: any accepted visit in May,
    // Beijing time (UTC+8).
    let base = "FROM elders e WHERE e.service_status = 'in_service' AND e.service_status_since <= '2026-05-01'";
    let visit = |mode: &str, from: &str, to: &str| {
        format!(
            "EXISTS (SELECT 1 FROM visits v WHERE v.elder_id = e.id AND v.status = 'accepted' {mode} \
             AND v.visited_at >= '{from}' AND v.visited_at < '{to}')"
        )
    };
    let in_person = "AND v.mode = 'in_person'";
    let met = format!(
        "((e.ability_level = 'intact' AND {}) OR (e.ability_level <> 'intact' AND {} AND {}))",
        visit(in_person, "2026-04-30 16:00:00", "2026-05-31 16:00:00"),
        visit(in_person, "2026-04-30 16:00:00", "2026-05-15 16:00:00"),
        visit(in_person, "2026-05-15 16:00:00", "2026-05-31 16:00:00"),
    );
    let contacted = visit("", "2026-04-30 16:00:00", "2026-05-31 16:00:00");
    let check = |area: &Value, here: &str| {
        let code = area["code"].as_str().unwrap_or("500112");
        let elders = sql_count(&app, &format!("SELECT COUNT(*) AS n {base} {here}"));
        let met = sql_count(&app, &format!("SELECT COUNT(*) AS n {base} {here} AND {met}"));
        let contacted = sql_count(&app, &format!("SELECT COUNT(*) AS n {base} {here} AND {contacted}"));
        assert_eq!(area["elders"], elders, "{backend:?} {code}: {area}");
        assert_eq!(area["met"], met, "{backend:?} {code}: {area}");
        assert_eq!(area["contacted"], contacted, "{backend:?} {code}: {area}");
        let rate = |n: i64| (elders > 0).then(|| n as f64 / elders as f64);
        let close = |field: &str, expected: Option<f64>| match (area[field].as_f64(), expected) {
            (Some(got), Some(want)) => (got - want).abs() < 1e-9,
            (got, want) => got.is_none() && want.is_none(),
        };
        assert!(close("visitRate", rate(met)), "{backend:?} {code}: {area}");
        assert!(close("contactRate", rate(contacted)), "{backend:?} {code}: {area}");
        (elders, met, contacted)
    };

    let total = check(&coverage["total"], "");
    assert_eq!(total, (7, 1, 4), "{backend:?}: {coverage}");
    assert_ne!(
        coverage["total"]["visitRate"], coverage["total"]["contactRate"],
        "the two rates differ here"
    );
    let towns = coverage["towns"].as_array().cloned().unwrap_or_default();
    let villages = coverage["villages"].as_array().cloned().unwrap_or_default();
    assert_eq!((towns.len(), villages.len()), (2, 2), "{coverage}");
    let mut by_town = Vec::new();
    for town in &towns {
        let code = town["code"].as_str().expect("code");
        by_town.push(check(town, &format!("AND e.village_code LIKE '{code}%'")));
    }
    assert_eq!(by_town, vec![(4, 1, 3), (3, 0, 1)]);
    for village in &villages {
        let code = village["code"].as_str().expect("code");
        check(village, &format!("AND e.village_code = '{code}'"));
    }
}
per_backend!(both_monthly_rates_agree_with_an_independent_sql_count);

/// The issue's check at demo scale: the monthly visit rate of the demo district computed by
/// the engine through the GraphQL `coverage` query equals an independent SQL aggregate (the
/// one `tanfang bench coverage` times).
fn the_demo_districts_rate_computed_two_ways_agrees(backend: Backend) {
    let db = tanfang_e2e::TestDatabase::new(backend);
    let keys = tanfang::auth::keys::Keys::generate();
    let (database, _) = tanfang::db::Database::open_and_migrate(&db.url).expect("migrate");
    let month = tanfang::domain::period::Month::parse("2026-05").expect("month");
    let result = tanfang::bench::coverage(&database, &keys, &tanfang_e2e::packs(), 600, month, 1).expect("bench run");
    assert_eq!(result.graphql_figures, result.sql_figures, "{backend:?}");
    assert_eq!(
        result.closed_figures, result.sql_figures,
        "{backend:?}: the closed month reports the same"
    );
    assert!(
        result.fact_changes > 3 * 600,
        "{backend:?}: a first and three later changes for most elders: {}",
        result.fact_changes
    );
    let (denominator, met) = result.graphql_figures;
    assert!(
        denominator > 100 && met > 0 && met < denominator,
        "{backend:?}: {met}/{denominator}"
    );
}
per_backend_sync!(the_demo_districts_rate_computed_two_ways_agrees);

async fn stored_facts_follow_the_file_and_are_recomputed_when_stale(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizers) = yubei_district(&app, &[(TOWN, &[VILLAGE])]).await;
    let organizer = organizers[0].clone();
    let born = NaiveDate::from_ymd_opt(1952, 8, 8).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 21, Sex::Male, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let mut input = json!({ "name": "周老汉", "idNumber": id_number, "villageCode": VILLAGE,
        "residenceAddress": "三组", "urbanRural": "RURAL", "abilityLevel": "INTACT",
        "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED" });
    let elder = app
        .with(&organizer)
        .ok(
            "mutation($input: ElderFileInput!) { createElder(input: $input) { id version } }",
            json!({ "input": input }),
        )
        .await["createElder"]
        .clone();
    let id = elder["id"].as_str().expect("id").to_string();
    let today = tanfang_e2e::today().to_string();
    let tier = || {
        let (app, organizer, id, today) = (&app, organizer.clone(), id.clone(), today.clone());
        async move {
            app.with(&organizer)
                .graphql(TIER, json!({ "id": id, "on": today }))
                .await
        }
    };
    assert_eq!(tier().await["data"]["elderTier"]["tierId"], "general");

    // Editing the file re-derives the facts in the same write (taking effect today).
    input["abilityLevel"] = json!("SEVERELY_IMPAIRED");
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!, $input: ElderFileInput!) {
                updateElder(id: $id, version: $v, input: $input) { version } }",
            json!({ "id": id, "v": elder["version"], "input": input }),
        )
        .await;
    assert_eq!(tier().await["data"]["elderTier"]["tierId"], "key", "{backend:?}");
    let stored = |app: &TestApp| {
        let mut conn = app.db.connect();
        let version = tanfang::domain::policy::facts::FACTS_VERSION;
        count(
            &mut conn,
            &format!("SELECT COUNT(*) AS n FROM elders WHERE policy_facts LIKE '{version}:%disabled%'"),
        )
    };
    assert_eq!(stored(&app), 1);

    // Facts written by another version of the derivation are never used …
    {
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE elders SET policy_facts = 'f0:living_alone', facts_before = 'f0:living_alone'")
            .execute(&mut app.db.connect())
            .expect("update");
    }
    assert_eq!(error_code(&tier().await).as_deref(), Some("INTERNAL"));
    // … and are recomputed from the file when the server starts.
    let call = tanfang::service::Call::at(
        tanfang_e2e::now(),
        tanfang::domain::access::Actor::system("test"),
        app.keys().cipher(),
        tanfang_e2e::packs(),
    );
    let refreshed = tanfang::service::elders::refresh_policy_facts(&mut app.db.connect(), &call).expect("refresh");
    assert_eq!(refreshed, 1);
    assert_eq!(stored(&app), 1);
    // What the row keeps of the span before the latest is derived again with them (here
    // nothing: the file and its edit took effect the same day).
    assert_eq!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM elders WHERE facts_before = '' AND facts_before_since IS NULL"
        ),
        1,
        "{backend:?}"
    );
    assert_eq!(tier().await["data"]["elderTier"]["tierId"], "key");
}
per_backend!(stored_facts_follow_the_file_and_are_recomputed_when_stale);

async fn one_period_of_any_kind_and_surges_listed_and_withdrawn(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other_town = "500112002";
    let (admin, organizers) = yubei_district(&app, &[(TOWN, &[VILLAGE]), (other_town, &["500112002001"])]).await;
    let (organizer, stranger) = (organizers[0].clone(), organizers[1].clone());
    let born = NaiveDate::from_ymd_opt(1950, 2, 2).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 31, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": "吴阿婆", "idNumber": id_number, "villageCode": VILLAGE,
        "residenceAddress": "四组", "urbanRural": "RURAL", "abilityLevel": "MILDLY_IMPAIRED",
        "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01" });
    let elder = app.with(&organizer).create_elder(input).await;

    let declare = "mutation($input: SurgeInput!) { declareSurge(input: $input) { id } }";
    let cold = json!({ "kind": "EXTREME_WEATHER", "label": "寒潮", "areaCode": VILLAGE,
                       "startsOn": "2026-03-10", "endsOn": "2026-03-12" });
    let cold_id = app.with(&organizer).ok(declare, json!({ "input": cold })).await["declareSurge"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let flood = json!({ "kind": "DISASTER", "label": "洪涝", "areaCode": DISTRICT,
                        "startsOn": "2026-06-01", "endsOn": "2026-06-05" });
    app.with(&admin).ok(declare, json!({ "input": flood })).await;

    // The half-month containing 11 March: its in-person requirement and the cold wave.
    let period = "query($id: String!) { elderPeriodCompliance(elderId: $id, kind: HALF_MONTH, day: \"2026-03-11\") {
        kind label from to tier inService met items { label source status } } }";
    let items_of = |answer: &Value| -> Vec<(String, String)> {
        answer["elderPeriodCompliance"]["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| {
                        (
                            i["source"].as_str().unwrap_or("").to_string(),
                            i["status"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let half = app.with(&organizer).ok(period, json!({ "id": elder })).await;
    let found = &half["elderPeriodCompliance"];
    assert_eq!(
        (
            &found["kind"],
            &found["label"],
            &found["from"],
            &found["to"],
            &found["tier"]
        ),
        (
            &json!("HALF_MONTH"),
            &json!("2026年3月上半月"),
            &json!("2026-03-01"),
            &json!("2026-03-15"),
            &json!("重点")
        ),
        "{backend:?}: {half}"
    );
    let items = items_of(&half);
    assert!(
        items.contains(&("2026年3月上半月".into(), "OVERDUE".into())),
        "{items:?}"
    );
    assert!(items.contains(&("寒潮".into(), "OVERDUE".into())), "{items:?}");
    accepted_visit(&app, &organizer, &elder, "IN_PERSON", "2026-03-11T10:00:00").await;
    let items = items_of(&app.with(&organizer).ok(period, json!({ "id": elder })).await);
    assert!(items.contains(&("2026年3月上半月".into(), "MET".into())), "{items:?}");
    assert!(items.contains(&("寒潮".into(), "MET".into())), "{items:?}");

    // Listing: the village sees its own surge and the district's; another town sees neither
    // of this town's.
    let list = "query($area: String!) { surges(areaCode: $area, from: \"2026-01-01\", to: \"2026-12-31\") {
        id label withdrawnAt withdrawalReason } }";
    let labels = |answer: &Value| -> Vec<String> {
        answer["surges"]
            .as_array()
            .map(|s| {
                s.iter()
                    .filter_map(|x| x["label"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let listed = app.with(&organizer).ok(list, json!({ "area": VILLAGE })).await;
    assert_eq!(labels(&listed), ["寒潮", "洪涝"]);
    let denied = app.with(&stranger).graphql(list, json!({ "area": TOWN })).await;
    assert_eq!(error_code(&denied).as_deref(), Some("FORBIDDEN"));
    let theirs = app.with(&stranger).ok(list, json!({ "area": other_town })).await;
    assert_eq!(labels(&theirs), ["洪涝"]);

    // Withdrawal: a reason is required and nothing is written without one; another town
    // cannot see the surge; the surge then counts for nothing; twice is refused.
    let withdraw = "mutation($id: String!, $reason: String!) { withdrawSurge(id: $id, reason: $reason) {
        withdrawnAt withdrawnBy withdrawalReason } }";
    let tables = ["surges", "audit_log"];
    let before = tanfang_e2e::row_counts(&app, &tables);
    let blank = app
        .with(&organizer)
        .graphql(withdraw, json!({ "id": cold_id, "reason": "  " }))
        .await;
    assert_eq!(error_fields(&blank), ["reason"]);
    let foreign = app
        .with(&stranger)
        .graphql(withdraw, json!({ "id": cold_id, "reason": "误报" }))
        .await;
    assert_eq!(error_code(&foreign).as_deref(), Some("NOT_FOUND"));
    assert_eq!(tanfang_e2e::row_counts(&app, &tables), before);
    assert_eq!(
        count(
            &mut app.db.connect(),
            "SELECT COUNT(*) AS n FROM surges WHERE withdrawn_at IS NOT NULL"
        ),
        0
    );
    let withdrawn = app
        .with(&organizer)
        .ok(withdraw, json!({ "id": cold_id, "reason": "预警已解除，误发" }))
        .await;
    assert_eq!(withdrawn["withdrawSurge"]["withdrawalReason"], "预警已解除，误发");
    assert!(withdrawn["withdrawSurge"]["withdrawnAt"].is_string());
    let items = items_of(&app.with(&organizer).ok(period, json!({ "id": elder })).await);
    assert!(!items.iter().any(|(source, _)| source == "寒潮"), "{items:?}");
    let again = app
        .with(&organizer)
        .graphql(withdraw, json!({ "id": cold_id, "reason": "再次" }))
        .await;
    assert_eq!(error_fields(&again), ["id"]);
    let listed = app.with(&organizer).ok(list, json!({ "area": VILLAGE })).await;
    assert_eq!(
        listed["surges"][0]["withdrawalReason"], "预警已解除，误发",
        "kept, marked"
    );
    let audit = app
        .with(&admin)
        .ok("{ auditLog(first: 100) { action reason } }", json!({}))
        .await
        .to_string();
    assert!(audit.contains("surge.withdraw"), "{audit}");
}
per_backend!(one_period_of_any_kind_and_surges_listed_and_withdrawn);

/// [`district`] with one town and village, running `pack` from 2025-01-01, and an elder of the
/// village born on 1950-05-05 with the given ability and living arrangement; returns the
/// organizer's token and the elder's id.
async fn elder_under(app: &TestApp, pack: &str, ability: &str, arrangement: &str) -> (String, String) {
    let (admin, organizers) = district(app, &[(TOWN, &[VILLAGE])]).await;
    app.with(&admin)
        .ok(CHOOSE, json!({ "pack": pack, "from": "2025-01-01" }))
        .await;
    let organizer = organizers[0].clone();
    let born = NaiveDate::from_ymd_opt(1950, 5, 5).expect("date");
    let id = IdNumber::from_parts_as_of(DISTRICT, born, 17, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": "按文老人", "idNumber": id, "villageCode": VILLAGE, "residenceAddress": "一组",
        "urbanRural": "RURAL", "abilityLevel": ability, "economicStatus": "ORDINARY",
        "livingArrangement": arrangement, "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" });
    let elder = app.with(&organizer).create_elder(input).await;
    (organizer, elder)
}

/// The seeds word for word: linzi's "各镇街道应于每月20日前完成巡访" binds 重点 visits too; the
/// festival contact of yubei and jiangmen ("在极端恶劣天气、传统节日等特殊时间节点…") is owed by
/// every elder under service, 一般 and C included; emeishan's seed asks for none.
async fn the_packs_follow_their_seeds_word_for_word(backend: Backend) {
    let month = "query($id: String!, $m: String!) { elderCompliance(elderId: $id, month: $m) {
        tier inRate met items { label source status metOnTime } } }";
    let festival_items = |answer: &Value| -> Vec<Value> {
        answer["elderCompliance"]["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter(|i| i["source"].as_str().is_some_and(|s| s.ends_with('节')))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };

    // linzi 重点: two in-person visits, the second after the 20th — late.
    let app = TestApp::spawn(backend).await;
    let (organizer, key) = elder_under(&app, "linzi-2022", "SEVERELY_IMPAIRED", "WITH_SPOUSE").await;
    accepted_visit(&app, &organizer, &key, "IN_PERSON", "2026-03-05T10:00:00").await;
    accepted_visit(&app, &organizer, &key, "IN_PERSON", "2026-03-25T10:00:00").await;
    let march = app
        .with(&organizer)
        .ok(month, json!({ "id": key, "m": "2026-03" }))
        .await["elderCompliance"]
        .clone();
    assert_eq!(march["tier"], "重点", "{backend:?}: {march}");
    assert_eq!(
        march["items"],
        json!([{ "label": "每月至少上门探访 2 次，20 日前完成", "source": "2026年3月", "status": "MET", "metOnTime": false }]),
        "{march}"
    );
    assert_eq!(
        (march["inRate"].clone(), march["met"].clone()),
        (json!(true), json!(false))
    );
    let coverage = coverage_now(&app, &organizer, "2026-03", "500112001", "elders met").await;
    assert_eq!(
        coverage["total"],
        json!({ "elders": 1, "met": 0 }),
        "late visits do not count in the rate"
    );

    // yubei 一般 and jiangmen C: the 重阳 contact (window 10-11 .. 10-21 in 2026).
    for (pack, tier) in [("yubei-2024", "一般"), ("jiangmen-2024", "C类")] {
        let app = TestApp::spawn(backend).await;
        let (organizer, elder) = elder_under(&app, pack, "INTACT", "WITH_SPOUSE").await;
        let festival = |answer: &Value| {
            festival_items(answer)
                .iter()
                .find(|i| i["source"] == "2026年重阳节")
                .map(|i| i["status"].clone())
        };
        let before = app
            .with(&organizer)
            .ok(month, json!({ "id": elder, "m": "2026-10" }))
            .await;
        assert_eq!(before["elderCompliance"]["tier"], tier, "{backend:?}: {before}");
        assert_eq!(festival(&before), Some(json!("OVERDUE")), "{pack}: {before}");
        accepted_visit(&app, &organizer, &elder, "PHONE", "2026-10-19T10:00:00").await;
        let after = app
            .with(&organizer)
            .ok(month, json!({ "id": elder, "m": "2026-10" }))
            .await;
        assert_eq!(festival(&after), Some(json!("MET")), "{pack}: {after}");
    }

    // emeishan: no festival contact in any month of the year.
    let app = TestApp::spawn(backend).await;
    let (organizer, elder) = elder_under(&app, "emeishan-2022", "INTACT", "WITH_SPOUSE").await;
    for m in 1..=10 {
        let answer = app
            .with(&organizer)
            .ok(month, json!({ "id": elder, "m": format!("2026-{m:02}") }))
            .await;
        let items = answer["elderCompliance"]["items"].as_array().map_or(0, Vec::len);
        assert!(items > 0, "{backend:?}: {answer}");
        assert_eq!(festival_items(&answer), Vec::<Value>::new(), "2026-{m:02}: {answer}");
    }
}
per_backend!(the_packs_follow_their_seeds_word_for_word);

/// The walk of DOMAIN.md §7 in the open month (today is 18 November): an elder met November
/// so far with one in-person visit as 一般. Facts recorded today leave the days before today
/// as they were; the same change back-dated to 1 November, with a reason, moves November
/// (重点 owes a visit in each half-month); a back-dated change hidden by a later one of the
/// same field is refused; a planned change waits for its day; the timeline shows it all.
async fn facts_take_effect_on_their_date(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizers) = district(&app, &[(TOWN, &[VILLAGE])]).await;
    app.with(&admin)
        .ok(CHOOSE, json!({ "pack": "yubei-2024", "from": "2025-01-01" }))
        .await;
    let organizer = organizers[0].clone();
    let id_number = |seq| {
        IdNumber::from_parts_as_of(
            DISTRICT,
            NaiveDate::from_ymd_opt(1950, 5, 5).expect("date"),
            seq,
            Sex::Male,
            tanfang_e2e::today(),
        )
        .expect("id")
        .as_str()
        .to_string()
    };
    let file = |seq| {
        json!({ "name": "回溯老人", "idNumber": id_number(seq), "villageCode": VILLAGE, "residenceAddress": "二组",
            "urbanRural": "RURAL", "abilityLevel": "INTACT", "economicStatus": "ORDINARY",
            "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" })
    };
    let today_changed = app.with(&organizer).create_elder(file(17)).await;
    let back_dated = app.with(&organizer).create_elder(file(19)).await;
    for elder in [&today_changed, &back_dated] {
        accepted_visit(&app, &organizer, elder, "IN_PERSON", "2026-11-05T10:00:00").await;
    }
    let open_month = |elders: u32, met: u32| json!({ "total": { "elders": elders, "met": met, "contacted": elders }, "closed": null });
    let november = || {
        let (app, organizer) = (&app, organizer.clone());
        async move {
            app.with(&organizer)
                .ok(
                    "{ coverage(month: \"2026-11\", areaCode: \"500112001\") { total { elders met contacted } closed { knownAt } } }",
                    json!({}),
                )
                .await["coverage"]
                .clone()
        }
    };
    let tier_on = |id: String, day: &'static str| {
        let (app, organizer) = (&app, organizer.clone());
        async move { app.with(&organizer).ok(TIER, json!({ "id": id, "on": day })).await["elderTier"]["label"].clone() }
    };
    assert_eq!(november().await, open_month(2, 2), "{backend:?}");

    let update = "mutation($id: String!, $v: Int!, $input: ElderFileInput!, $from: LocalDate, $reason: String) {
        updateElder(id: $id, version: $v, input: $input, effectiveFrom: $from, reason: $reason) { version } }";
    let version = |id: String| {
        let (app, organizer) = (&app, organizer.clone());
        async move {
            app.with(&organizer)
                .ok(
                    "query($id: String!) { elder(id: $id) { version } }",
                    json!({ "id": id }),
                )
                .await["elder"]["version"]
                .clone()
        }
    };
    let mut first = file(17);
    first["abilityLevel"] = json!("SEVERELY_IMPAIRED");

    // Recorded today: August and its tier stay as they were; today the tier is 重点.
    app.with(&organizer)
        .ok(
            update,
            json!({ "id": today_changed, "v": version(today_changed.clone()).await, "input": first }),
        )
        .await;
    assert_eq!(november().await, open_month(2, 2), "{backend:?}");
    assert_eq!(tier_on(today_changed.clone(), "2026-11-10").await, "一般");
    assert_eq!(tier_on(today_changed.clone(), "2026-11-18").await, "重点");

    // The same fact back-dated behind today's change of it is refused, naming the date.
    let mut hidden = first.clone();
    hidden["abilityLevel"] = json!("MODERATELY_IMPAIRED");
    let refused = app
        .with(&organizer)
        .graphql(
            update,
            json!({ "id": today_changed, "v": version(today_changed.clone()).await, "input": hidden,
                "from": "2026-11-01", "reason": "复核发现本月初已失能" }),
        )
        .await;
    assert_eq!(error_fields(&refused), vec!["effectiveFrom"], "{refused}");

    // Back-dated to 1 November: a reason is required, and then November moves.
    let mut severe = file(19);
    severe["abilityLevel"] = json!("SEVERELY_IMPAIRED");
    let without_reason = app
        .with(&organizer)
        .graphql(
            update,
            json!({ "id": back_dated, "v": version(back_dated.clone()).await, "input": severe, "from": "2026-11-01" }),
        )
        .await;
    assert_eq!(error_fields(&without_reason), vec!["reason"], "{without_reason}");
    assert_eq!(november().await, open_month(2, 2), "nothing was written");
    app.with(&organizer)
        .ok(
            update,
            json!({ "id": back_dated, "v": version(back_dated.clone()).await, "input": severe,
                "from": "2026-11-01", "reason": "补录：月初已卧床，当时漏报" }),
        )
        .await;
    assert_eq!(tier_on(back_dated.clone(), "2026-10-31").await, "一般");
    assert_eq!(tier_on(back_dated.clone(), "2026-11-01").await, "重点");
    assert_eq!(november().await, open_month(2, 1), "{backend:?}");
    let audit = app
        .with(&admin)
        .ok("{ auditLog(first: 50) { action reason } }", json!({}))
        .await["auditLog"]
        .to_string();
    assert!(
        audit.contains("elder.facts_backdated") && audit.contains("补录：月初已卧床"),
        "{audit}"
    );

    // A planned change waits for its day.
    severe["livingArrangement"] = json!("ALONE");
    app.with(&organizer)
        .ok(
            update,
            json!({ "id": back_dated, "v": version(back_dated.clone()).await, "input": severe, "from": "2027-01-01" }),
        )
        .await;

    let timeline = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elderFactTimeline(elderId: $id) {
                spans { from until tier changed }
                changes { effectiveFrom backdated reason values { label value } } } }",
            json!({ "id": back_dated }),
        )
        .await["elderFactTimeline"]
        .clone();
    assert_eq!(
        timeline["spans"],
        json!([
            { "from": "2025-06-01", "until": "2026-10-31", "tier": "一般", "changed": timeline["spans"][0]["changed"] },
            { "from": "2026-11-01", "until": "2026-12-31", "tier": "重点", "changed": ["ABILITY_LEVEL"] },
            { "from": "2027-01-01", "until": null, "tier": "重点", "changed": ["LIVING_ARRANGEMENT"] },
        ]),
        "{timeline}"
    );
    assert_eq!(
        timeline["changes"][1],
        json!({ "effectiveFrom": "2026-11-01", "backdated": true, "reason": "补录：月初已卧床，当时漏报",
            "values": [{ "label": "能力程度", "value": "重度失能" }] }),
        "{timeline}"
    );
    assert_eq!(timeline["changes"][2]["backdated"], false, "{timeline}");
}
per_backend!(facts_take_effect_on_their_date);

/// A consenting elder of `village`, born on 1950-05-05, with the given ability and living
/// arrangement (`sequence` keeps ID numbers apart); returns the id.
async fn villager(app: &TestApp, token: &str, village: &str, name: &str, ability: &str, sequence: u16) -> String {
    let born = NaiveDate::from_ymd_opt(1950, 5, 5).expect("date");
    let id = IdNumber::from_parts_as_of(DISTRICT, born, sequence, Sex::Male, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": name, "idNumber": id, "villageCode": village, "residenceAddress": "一组",
        "urbanRural": "RURAL", "abilityLevel": ability, "economicStatus": "ORDINARY",
        "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" });
    app.with(token).create_elder(input).await
}

const DECLARE_FOR: &str = "mutation($input: SurgeInput!) { declareSurge(input: $input) {
    id kind label areaCode elderId elderName tiers count modes } }";

/// jiangmen-2024 二（三）3: "受家庭变故、突发自然灾害、突发卫生公共事件等影响的, 建议适当加大探访频次" — a
/// surge declared for one elder adds its contact to that elder alone, whatever their tier; a
/// neighbour in the same village owes nothing extra. Requirement items carry their data.
async fn a_single_elder_surge_adds_its_requirement_to_that_elder_alone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other_town = "500112002";
    let (admin, organizers) = yubei_district(&app, &[(TOWN, &[VILLAGE]), (other_town, &["500112002001"])]).await;
    let (organizer, stranger) = (organizers[0].clone(), organizers[1].clone());
    let elder = villager(&app, &organizer, VILLAGE, "周阿公", "INTACT", 21).await;
    let neighbour = villager(&app, &organizer, VILLAGE, "郑阿公", "INTACT", 23).await;

    // August 2026 has no festival window: only the tier's monthly visit is owed.
    let family = json!({ "kind": "FAMILY_CHANGE", "label": "老伴住院", "elderId": elder,
                         "startsOn": "2026-08-03", "endsOn": "2026-08-16" });

    // Refused, naming the field, and nothing written: an elder outside your area; a kind that
    // is not about one household; tiers (a single-elder surge binds whatever the tier); an
    // area that does not hold the elder.
    let tables = ["surges", "audit_log"];
    let before = tanfang_e2e::row_counts(&app, &tables);
    let foreign = app
        .with(&stranger)
        .graphql(DECLARE_FOR, json!({ "input": family }))
        .await;
    assert_eq!(error_fields(&foreign), ["elderId"], "{backend:?}: {foreign}");
    let mut weather = family.clone();
    weather["kind"] = json!("EXTREME_WEATHER");
    let weather = app
        .with(&organizer)
        .graphql(DECLARE_FOR, json!({ "input": weather }))
        .await;
    assert_eq!(error_fields(&weather), ["kind"], "{weather}");
    let mut tiered = family.clone();
    tiered["tiers"] = json!(["key"]);
    let tiered = app
        .with(&organizer)
        .graphql(DECLARE_FOR, json!({ "input": tiered }))
        .await;
    assert_eq!(error_fields(&tiered), ["tiers"], "{tiered}");
    let mut elsewhere = family.clone();
    elsewhere["areaCode"] = json!(other_town);
    let elsewhere = app
        .with(&admin)
        .graphql(DECLARE_FOR, json!({ "input": elsewhere }))
        .await;
    assert_eq!(error_fields(&elsewhere), ["areaCode"], "{elsewhere}");
    let nowhere = json!({ "kind": "DISASTER", "label": "洪涝", "startsOn": "2026-08-03", "endsOn": "2026-08-16" });
    let nowhere = app
        .with(&organizer)
        .graphql(DECLARE_FOR, json!({ "input": nowhere }))
        .await;
    assert_eq!(error_fields(&nowhere), ["areaCode"], "{nowhere}");
    assert_eq!(tanfang_e2e::row_counts(&app, &tables), before);

    let declared = app.with(&organizer).ok(DECLARE_FOR, json!({ "input": family })).await["declareSurge"].clone();
    assert_eq!(
        (
            &declared["kind"],
            &declared["areaCode"],
            &declared["elderId"],
            &declared["elderName"],
            &declared["tiers"],
            &declared["count"]
        ),
        (
            &json!("FAMILY_CHANGE"),
            &json!(VILLAGE),
            &json!(elder),
            &json!("周阿公"),
            &json!([]),
            &json!(1)
        ),
        "the pack's default count, the elder's village, no tier filter: {declared}"
    );

    let august = "query($id: String!) { elderCompliance(elderId: $id, month: \"2026-08\") {
        tier met items { label source status count modes periodKind dueBy isRiskAssessment } } }";
    let items = |answer: &Value| {
        answer["elderCompliance"]["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let own = app.with(&organizer).ok(august, json!({ "id": elder })).await;
    assert_eq!(own["elderCompliance"]["tier"], "一般", "{backend:?}: {own}");
    assert_eq!(
        items(&own),
        [
            json!({ "label": "每月至少上门探访 1 次", "source": "2026年8月", "status": "OVERDUE", "count": 1,
                    "modes": ["IN_PERSON"], "periodKind": "MONTH", "dueBy": "2026-08-31", "isRiskAssessment": false }),
            json!({ "label": "老伴住院（家庭变故）2026-08-03 至 2026-08-16 期间至少探访（任意方式） 1 次",
                    "source": "老伴住院", "status": "OVERDUE", "count": 1,
                    "modes": ["IN_PERSON", "PHONE", "VIDEO", "REMOTE_MONITORING"], "periodKind": null,
                    "dueBy": "2026-08-16", "isRiskAssessment": false }),
        ],
        "{own}"
    );
    let next_door = app.with(&organizer).ok(august, json!({ "id": neighbour })).await;
    assert_eq!(
        items(&next_door)
            .iter()
            .map(|i| i["source"].clone())
            .collect::<Vec<_>>(),
        [json!("2026年8月")],
        "the neighbour owes nothing extra: {next_door}"
    );

    // A call inside the window meets it, for that elder only; with the monthly visit the
    // month is met.
    accepted_visit(&app, &organizer, &elder, "PHONE", "2026-08-10T10:00:00").await;
    accepted_visit(&app, &organizer, &elder, "IN_PERSON", "2026-08-20T10:00:00").await;
    let own = app.with(&organizer).ok(august, json!({ "id": elder })).await;
    assert_eq!(
        items(&own).iter().map(|i| i["status"].clone()).collect::<Vec<_>>(),
        [json!("MET"), json!("MET")],
        "{own}"
    );
    assert_eq!(own["elderCompliance"]["met"], true);
    let coverage = coverage_now(&app, &organizer, "2026-08", "500112001001", "elders met").await;
    assert_eq!(coverage["total"], json!({ "elders": 2, "met": 1 }), "{coverage}");

    // Listed with the area's surges, with the elder; the audit names the elder.
    let list = "{ surges(areaCode: \"500112001\", from: \"2026-01-01\", to: \"2026-12-31\") {
        label elderId elderName } }";
    let listed = app.with(&organizer).ok(list, json!({})).await;
    assert_eq!(
        listed["surges"],
        json!([{ "label": "老伴住院", "elderId": elder, "elderName": "周阿公" }]),
        "{listed}"
    );
    let audit = app
        .with(&admin)
        .ok("{ auditLog(first: 100) { action after } }", json!({}))
        .await
        .to_string();
    assert!(audit.contains("surge.declare") && audit.contains(&elder), "{audit}");
}
per_backend!(a_single_elder_surge_adds_its_requirement_to_that_elder_alone);

const CALENDAR: &str = "query($area: String!, $year: Int!) { surgeCalendar(areaCode: $area, year: $year) {
    label kind kindLabel festival festivalName festivalDay from to packId tiers count modes withdrawn
    declared { id elderId elderName withdrawalReason } } }";

/// The year's surge calendar: the pack's festival windows by their Chinese names and dates,
/// and the declared surges of the area (single-elder ones included, withdrawn ones marked).
async fn the_surge_calendar_lists_festival_windows_and_declared_surges(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other_town = "500112002";
    let (admin, organizers) = yubei_district(&app, &[(TOWN, &[VILLAGE]), (other_town, &["500112002001"])]).await;
    let (organizer, stranger) = (organizers[0].clone(), organizers[1].clone());
    let elder = villager(&app, &organizer, VILLAGE, "钱阿婆", "INTACT", 25).await;
    let declare = "mutation($input: SurgeInput!) { declareSurge(input: $input) { id } }";
    let cold = json!({ "kind": "EXTREME_WEATHER", "label": "寒潮蓝色预警", "areaCode": TOWN,
                       "startsOn": "2026-01-12", "endsOn": "2026-01-14" });
    app.with(&organizer).ok(declare, json!({ "input": cold })).await;
    let family = json!({ "kind": "FAMILY_CHANGE", "label": "老伴去世", "elderId": elder,
                         "startsOn": "2026-08-03", "endsOn": "2026-08-16", "count": 2, "modes": ["IN_PERSON"] });
    app.with(&organizer).ok(declare, json!({ "input": family })).await;
    let mistaken = json!({ "kind": "DISASTER", "label": "洪涝（误发）", "areaCode": DISTRICT,
                           "startsOn": "2026-07-01", "endsOn": "2026-07-05" });
    let mistaken = app.with(&admin).ok(declare, json!({ "input": mistaken })).await["declareSurge"]["id"].clone();
    app.with(&admin)
        .ok(
            "mutation($id: String!) { withdrawSurge(id: $id, reason: \"误发\") { id } }",
            json!({ "id": mistaken }),
        )
        .await;
    // Another town's surge is not this village's.
    let theirs = json!({ "kind": "EXTREME_WEATHER", "label": "别镇大风", "areaCode": other_town,
                         "startsOn": "2026-03-01", "endsOn": "2026-03-02" });
    app.with(&stranger).ok(declare, json!({ "input": theirs })).await;

    let calendar = app
        .with(&organizer)
        .ok(CALENDAR, json!({ "area": VILLAGE, "year": 2026 }))
        .await["surgeCalendar"]
        .clone();
    let entries = calendar.as_array().cloned().unwrap_or_default();
    let line = |e: &Value| -> String {
        format!(
            "{} {}..{} {} {}",
            e["label"].as_str().unwrap_or(""),
            e["from"].as_str().unwrap_or(""),
            e["to"].as_str().unwrap_or(""),
            e["kindLabel"].as_str().unwrap_or(""),
            if e["withdrawn"] == true { "已撤销" } else { "" }
        )
        .trim_end()
        .to_string()
    };
    assert_eq!(
        entries.iter().map(line).collect::<Vec<_>>(),
        [
            "寒潮蓝色预警 2026-01-12..2026-01-14 极端天气",
            "2026年春节 2026-02-10..2026-02-20 传统节日",
            "2026年元宵节 2026-02-24..2026-03-06 传统节日",
            "2026年清明节 2026-03-29..2026-04-08 传统节日",
            "2026年端午节 2026-06-12..2026-06-22 传统节日",
            "洪涝（误发） 2026-07-01..2026-07-05 突发自然灾害 已撤销",
            "老伴去世 2026-08-03..2026-08-16 家庭变故",
            "2026年中秋节 2026-09-18..2026-09-28 传统节日",
            "2026年重阳节 2026-10-11..2026-10-21 传统节日",
        ],
        "{backend:?}: {calendar}"
    );
    let spring = &entries[1];
    assert_eq!(
        (
            &spring["festivalName"],
            &spring["festivalDay"],
            &spring["festival"],
            &spring["packId"],
            &spring["tiers"],
            &spring["count"],
            &spring["declared"]
        ),
        (
            &json!("春节"),
            &json!("2026-02-17"),
            &json!("SPRING_FESTIVAL"),
            &json!("yubei-2024"),
            &json!(["重点", "一般"]),
            &json!(1),
            &Value::Null
        ),
        "{spring}"
    );
    let festival_names: Vec<&str> = entries.iter().filter_map(|e| e["festivalName"].as_str()).collect();
    assert_eq!(
        festival_names,
        ["春节", "元宵节", "清明节", "端午节", "中秋节", "重阳节"]
    );
    let own = &entries[6];
    assert_eq!(
        (
            &own["tiers"],
            &own["count"],
            &own["modes"],
            &own["festivalName"],
            &own["declared"]["elderId"],
            &own["declared"]["elderName"]
        ),
        (
            &json!([]),
            &json!(2),
            &json!(["IN_PERSON"]),
            &Value::Null,
            &json!(elder),
            &json!("钱阿婆")
        ),
        "{own}"
    );
    assert_eq!(entries[5]["declared"]["withdrawalReason"], "误发");
    assert_eq!(entries[0]["tiers"], json!(["重点", "一般"]));

    // Only an area in your scope; the year must be one the calendar knows.
    let denied = app
        .with(&stranger)
        .graphql(CALENDAR, json!({ "area": VILLAGE, "year": 2026 }))
        .await;
    assert_eq!(error_code(&denied).as_deref(), Some("FORBIDDEN"));
    let far = app
        .with(&organizer)
        .graphql(CALENDAR, json!({ "area": VILLAGE, "year": 12026 }))
        .await;
    assert_eq!(error_fields(&far), ["year"]);

    // emeishan's seed asks for no festival surge: its calendar lists none, only what the
    // district declares.
    let app = TestApp::spawn(backend).await;
    let (organizer, _) = elder_under(&app, "emeishan-2022", "INTACT", "WITH_SPOUSE").await;
    app.with(&organizer).ok(declare, json!({ "input": cold })).await;
    let calendar = app
        .with(&organizer)
        .ok(CALENDAR, json!({ "area": TOWN, "year": 2026 }))
        .await;
    assert_eq!(
        calendar["surgeCalendar"]
            .as_array()
            .map(|entries| entries.iter().map(|e| e["label"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("寒潮蓝色预警")]),
        "{backend:?}: {calendar}"
    );
}
per_backend!(the_surge_calendar_lists_festival_windows_and_declared_surges);

/// Closed months (DOMAIN.md §7), on 3 November: October has ended and is still open. The
/// district admin closes it at once; its figure then stays. A fact back-dated into October
/// afterwards is exactly one correction beside it, with who and why, and the figure as it
/// would be now moves; a record accepted later is another. September, past its deadline, closed
/// by itself as known at the deadline, before either elder was registered.
async fn a_closed_month_keeps_its_figure_and_lists_corrections(backend: Backend) {
    let start = tanfang::clock::parse_instant("2026-11-03T10:00:00+08:00").expect("instant");
    let app = TestApp::spawn_at(backend, start).await;
    let (admin, organizers) = district(&app, &[(TOWN, &[VILLAGE])]).await;
    app.with(&admin)
        .ok(CHOOSE, json!({ "pack": "yubei-2024", "from": "2025-01-01" }))
        .await;
    let organizer = organizers[0].clone();
    let born = NaiveDate::from_ymd_opt(1949, 9, 9).expect("date");
    let file = |seq| {
        let id = IdNumber::from_parts_as_of(DISTRICT, born, seq, Sex::Female, start.date_naive())
            .expect("id")
            .as_str()
            .to_string();
        json!({ "name": "关账老人", "idNumber": id, "villageCode": VILLAGE, "residenceAddress": "四组",
            "urbanRural": "RURAL", "abilityLevel": "INTACT", "economicStatus": "ORDINARY",
            "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" })
    };
    let met_in_october = app.with(&organizer).create_elder(file(31)).await;
    let visited_late = app.with(&organizer).create_elder(file(33)).await;
    accepted_visit(&app, &organizer, &met_in_october, "IN_PERSON", "2026-10-15T10:00:00").await;

    let october = "{ coverage(month: \"2026-10\", areaCode: \"500112001\") { total { elders met }
        closed { how closedBy nowTotal { elders met }
                 corrections { elderName kind kindLabel what by why reported now } } } }";
    let read = |query: &'static str| {
        let (app, organizer) = (&app, organizer.clone());
        async move { app.with(&organizer).ok(query, json!({})).await["coverage"].clone() }
    };
    let open = read(october).await;
    assert_eq!(
        open,
        json!({ "total": { "elders": 2, "met": 1 }, "closed": null }),
        "{backend:?}"
    );

    let close = "mutation($m: String!) { closeMonth(districtCode: \"500112\", month: $m) { month knownAt } }";
    let refused = app.with(&organizer).graphql(close, json!({ "m": "2026-10" })).await;
    assert_eq!(
        error_code(&refused).as_deref(),
        Some("FORBIDDEN"),
        "only the district admin closes"
    );
    let not_ended = app.with(&admin).graphql(close, json!({ "m": "2026-11" })).await;
    assert_eq!(error_fields(&not_ended), vec!["month"], "{not_ended}");
    app.with(&admin).ok(close, json!({ "m": "2026-10" })).await;
    let again = app.with(&admin).graphql(close, json!({ "m": "2026-10" })).await;
    assert_eq!(error_fields(&again), vec!["month"], "{again}");
    let closed = read(october).await;
    assert_eq!(
        closed["total"],
        json!({ "elders": 2, "met": 1 }),
        "{backend:?}: {closed}"
    );
    assert_eq!(closed["closed"]["how"], "区级管理员关账");
    assert_eq!(closed["closed"]["corrections"], json!([]));

    // Back-dated into October: the reported figure stays; one correction; now 0 of 2.
    let update = "mutation($id: String!, $v: Int!, $input: ElderFileInput!, $from: LocalDate, $reason: String) {
        updateElder(id: $id, version: $v, input: $input, effectiveFrom: $from, reason: $reason) { version } }";
    let version = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { version } }",
            json!({ "id": met_in_october }),
        )
        .await["elder"]["version"]
        .clone();
    let mut severe = file(31);
    severe["abilityLevel"] = json!("SEVERELY_IMPAIRED");
    app.with(&organizer)
        .ok(
            update,
            json!({ "id": met_in_october, "v": version, "input": severe, "from": "2026-10-01", "reason": "十月初已卧床，补录" }),
        )
        .await;
    let corrected = read(october).await;
    assert_eq!(
        corrected["total"],
        json!({ "elders": 2, "met": 1 }),
        "{backend:?}: {corrected}"
    );
    assert_eq!(
        corrected["closed"]["nowTotal"],
        json!({ "elders": 2, "met": 0 }),
        "{corrected}"
    );
    assert_eq!(
        corrected["closed"]["corrections"],
        json!([{ "elderName": "关账老人", "kind": "BACKDATED_FACT", "kindLabel": "截止后录入的回溯事实变更",
            "what": "能力程度：重度失能（自 2026-10-01 起）", "by": "org0", "why": "十月初已卧床，补录",
            "reported": "达标", "now": "未达标" }]),
        "{backend:?}"
    );

    // Ten minutes later, a record of an October visit accepted: a second correction.
    app.clock
        .set(tanfang::clock::parse_instant("2026-11-03T10:10:00+08:00").expect("instant"));
    accepted_visit(&app, &organizer, &visited_late, "IN_PERSON", "2026-10-20T10:00:00").await;
    let late = read(october).await;
    assert_eq!(late["total"], json!({ "elders": 2, "met": 1 }), "{late}");
    assert_eq!(late["closed"]["nowTotal"], json!({ "elders": 2, "met": 1 }), "{late}");
    let kinds: Vec<Value> = late["closed"]["corrections"]
        .as_array()
        .map(|c| c.iter().map(|c| c["kind"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, [json!("BACKDATED_FACT"), json!("LATE_RECORD")], "{late}");

    // September closed by itself at its deadline (5 October), before the elders were registered.
    let september = read(
        "{ coverage(month: \"2026-09\", areaCode: \"500112001\") { total { elders met }
            closed { how closedBy nowTotal { elders met } corrections { kind reported now } } } }",
    )
    .await;
    assert_eq!(
        september["total"],
        json!({ "elders": 0, "met": 0 }),
        "{backend:?}: {september}"
    );
    assert_eq!(september["closed"]["how"], "报送截止自动关账");
    assert_eq!(september["closed"]["closedBy"], "系统");
    assert_eq!(september["closed"]["nowTotal"], json!({ "elders": 2, "met": 0 }));
    assert_eq!(
        september["closed"]["corrections"],
        json!([{ "kind": "LATE_REGISTRATION", "reported": "不计入", "now": "未达标" },
               { "kind": "LATE_REGISTRATION", "reported": "不计入", "now": "未达标" }]),
        "{september}"
    );
}
per_backend!(a_closed_month_keeps_its_figure_and_lists_corrections);

/// A jiangmen-2024 district (from 2025-01-01) with two towns of one village each; returns
/// the organizers of the two towns.
async fn jiangmen_district(app: &TestApp) -> (String, String) {
    let (admin, organizers) = district(app, &[(TOWN, &[VILLAGE]), ("500112002", &["500112002001"])]).await;
    app.with(&admin)
        .ok(CHOOSE, json!({ "pack": "jiangmen-2024", "from": "2025-01-01" }))
        .await;
    (organizers[0].clone(), organizers[1].clone())
}

/// An elder file of `VILLAGE` born on `born`, intact and of ordinary means, with `patch` laid
/// over it.
fn jiangmen_file(name: &str, born: &str, sequence: u16, patch: Value) -> Value {
    let born = NaiveDate::parse_from_str(born, "%Y-%m-%d").expect("date");
    let id = IdNumber::from_parts_as_of(DISTRICT, born, sequence, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let mut input = json!({ "name": name, "idNumber": id, "villageCode": VILLAGE, "residenceAddress": "一组",
        "urbanRural": "RURAL", "abilityLevel": "INTACT", "economicStatus": "ORDINARY",
        "livingArrangement": "WITH_FAMILY", "consent": "CONSENTED", "consentRecordedOn": "2025-06-01" });
    for (key, value) in patch.as_object().expect("patch") {
        input[key] = value.clone();
    }
    input
}

/// jiangmen-2024 二（三）3: "B类特殊困难老年人，主要指60周岁以上80周岁以下的重残且独居老人，60周岁以上80周岁
/// 以下的两位老年人共同居住且其中一方为失能（失智）、残疾的老年人，长期照料失能、失智子女的老年人" — each way
/// read from the household members' recorded age and condition.
async fn jiangmen_b_is_read_from_structured_household_members(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (organizer, _) = jiangmen_district(&app).await;
    let tier = |id: String, on: &'static str| {
        let (app, organizer) = (&app, organizer.clone());
        async move { app.with(&organizer).ok(TIER, json!({ "id": id, "on": on })).await["elderTier"].clone() }
    };
    let today = "2026-11-18";
    assert_eq!(tanfang_e2e::today().to_string(), today);

    // 70, living with a 72-year-old spouse who is 重度失能: B类 by the two elders living together.
    let spouse = |ability: &str| {
        json!({ "livingArrangement": "WITH_SPOUSE", "familyMembers": [
            { "name": "李大山", "relation": "配偶", "age": 72, "livesWith": true, "abilityLevel": ability,
              "sex": "MALE" }] })
    };
    let couple = app
        .with(&organizer)
        .create_elder(jiangmen_file("陈阿婆", "1956-04-02", 11, spouse("SEVERELY_IMPAIRED")))
        .await;
    let b = tier(couple.clone(), today).await;
    assert_eq!(b["label"], "B类", "{backend:?}: {b}");
    assert!(
        b["rule"]
            .as_str()
            .unwrap_or("")
            .contains("couple_one_impaired_or_disabled"),
        "{b}"
    );
    // The same household with the spouse 能力完好: C类. It is the spouse's recorded ability.
    let intact = app
        .with(&organizer)
        .create_elder(jiangmen_file("林阿婆", "1956-04-02", 13, spouse("INTACT")))
        .await;
    assert_eq!(tier(intact, today).await["label"], "C类");
    let members = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { familyMembers {
                relation birthDate age ageStatedOn ageToday sex abilityLevel hasDementia disabilityGrade } } }",
            json!({ "id": couple }),
        )
        .await;
    assert_eq!(
        members["elder"]["familyMembers"][0],
        json!({ "relation": "配偶", "birthDate": null, "age": 72, "ageStatedOn": today, "ageToday": 72,
                "sex": "MALE", "abilityLevel": "SEVERELY_IMPAIRED", "hasDementia": null, "disabilityGrade": null })
    );

    // 65, living with a son with dementia: B类 as the long-term carer of a 失智 child.
    let carer = app
        .with(&organizer)
        .create_elder(jiangmen_file(
            "黄阿婆",
            "1961-03-01",
            15,
            json!({ "familyMembers": [
                { "name": "黄强", "relation": "儿子", "birthDate": "1990-05-01", "livesWith": true,
                  "hasDementia": true }] }),
        ))
        .await;
    let b = tier(carer, today).await;
    assert_eq!(
        (b["label"].as_str(), b["rule"].as_str()),
        (Some("B类"), Some("caring_for_disabled_child")),
        "{b}"
    );

    // 70, 重残 (grade 1), living alone: B类.
    let alone = app
        .with(&organizer)
        .create_elder(jiangmen_file(
            "周阿婆",
            "1956-04-02",
            17,
            json!({ "livingArrangement": "ALONE", "disabilityGrade": 1,
                    "disabilityCertificateNo": "44070219560402172X11" }),
        ))
        .await;
    let b = tier(alone, today).await;
    assert_eq!(b["label"], "B类", "{b}");
    assert!(
        b["rule"]
            .as_str()
            .unwrap_or("")
            .contains("severe_disability and living_alone"),
        "{b}"
    );

    // The elder has dementia; the brother she lives with turns 60 on 20 December 2026: two
    // elders living together from that day, not before.
    let brother = app
        .with(&organizer)
        .create_elder(jiangmen_file(
            "吴阿婆",
            "1956-04-02",
            19,
            json!({ "hasDementia": true, "familyMembers": [
                { "name": "吴建国", "relation": "弟弟", "birthDate": "1966-12-20", "livesWith": true }] }),
        ))
        .await;
    assert_eq!(tier(brother.clone(), "2026-12-19").await["label"], "C类");
    assert_eq!(tier(brother, "2026-12-20").await["label"], "B类");
}
per_backend!(jiangmen_b_is_read_from_structured_household_members);

const NEEDING_CHECK: &str = "query($area: String!, $first: Int, $after: String) {
    eldersNeedingCheck(areaCode: $area, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { elder { id name } relations reason } } } }";

/// A note in words ("老年痴呆") is never read as a fact: the elder is C类 and on the 待核实 list
/// until the organizer records the member's condition; then B类 and off the list at once.
async fn a_health_note_alone_gives_no_fact_and_asks_for_a_check(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (organizer, stranger) = jiangmen_district(&app).await;
    let tier = |id: String| {
        let (app, organizer) = (&app, organizer.clone());
        async move {
            app.with(&organizer)
                .ok(TIER, json!({ "id": id, "on": "2026-11-18" }))
                .await["elderTier"]["label"]
                .clone()
        }
    };
    let check = |first: i32, after: Option<String>| {
        let (app, organizer) = (&app, organizer.clone());
        async move {
            app.with(&organizer)
                .ok(NEEDING_CHECK, json!({ "area": TOWN, "first": first, "after": after }))
                .await["eldersNeedingCheck"]
                .clone()
        }
    };
    let mut words = jiangmen_file(
        "陈阿婆",
        "1956-04-02",
        11,
        json!({ "livingArrangement": "WITH_SPOUSE", "familyMembers": [
            { "name": "李大山", "relation": "配偶", "age": 72, "livesWith": true, "health": "老年痴呆" }] }),
    );
    let couple = app.with(&organizer).create_elder(words.clone()).await;
    let bedridden = app
        .with(&organizer)
        .create_elder(jiangmen_file(
            "林阿婆",
            "1950-01-01",
            13,
            json!({ "familyMembers": [
                { "name": "林强", "relation": "儿子", "health": "偏瘫卧床" }] }),
        ))
        .await;
    // Words that speak of no impairment, or a condition recorded: not listed.
    app.with(&organizer)
        .create_elder(jiangmen_file(
            "周阿婆",
            "1950-01-01",
            15,
            json!({ "familyMembers": [
                { "name": "周强", "relation": "儿子", "health": "高血压" },
                { "name": "周丽", "relation": "女儿", "health": "二级肢体残疾", "disabilityGrade": 2 }] }),
        ))
        .await;

    assert_eq!(
        tier(couple.clone()).await,
        "C类",
        "{backend:?}: the note alone gives no fact"
    );
    let page = check(1, None).await;
    assert_eq!(page["totalCount"], 2, "{backend:?}: {page}");
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let next = check(1, page["pageInfo"]["endCursor"].as_str().map(str::to_string)).await;
    assert_eq!(next["pageInfo"]["hasNextPage"], false, "{next}");
    let nodes = [page["edges"][0]["node"].clone(), next["edges"][0]["node"].clone()];
    assert!(
        nodes[0]["elder"]["id"].as_str() < nodes[1]["elder"]["id"].as_str(),
        "by elder: {nodes:?}"
    );
    let of = |id: &str| {
        nodes
            .iter()
            .find(|n| n["elder"]["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} is listed: {nodes:?}"))
    };
    assert_eq!(of(&couple)["relations"], json!(["配偶"]));
    assert_eq!(
        of(&couple)["reason"],
        "家庭成员（配偶）健康状况仅有文字说明，请补录结构化信息（能力程度、是否失智、残疾等级）"
    );
    assert_eq!(of(&bedridden)["relations"], json!(["儿子"]));

    // Only an area in your scope.
    let denied = app
        .with(&stranger)
        .graphql(NEEDING_CHECK, json!({ "area": TOWN }))
        .await;
    assert_eq!(error_code(&denied).as_deref(), Some("FORBIDDEN"));

    // The organizer records the spouse's dementia: B类, and off the list at once.
    words["familyMembers"][0]["hasDementia"] = json!(true);
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!, $input: ElderFileInput!) {
                updateElder(id: $id, version: $v, input: $input) { version } }",
            json!({ "id": couple, "v": 1, "input": words }),
        )
        .await;
    assert_eq!(tier(couple.clone()).await, "B类", "{backend:?}");
    let page = check(10, None).await;
    assert_eq!(page["totalCount"], 1, "{page}");
    assert_eq!(page["edges"][0]["node"]["elder"]["id"], json!(bedridden));
}
per_backend!(a_health_note_alone_gives_no_fact_and_asks_for_a_check);

/// A surge reaches the town at once (issue #19): declaring it generates its slots (nobody has
/// to press 生成), the town's organizer and its volunteers see it as a banner while it runs
/// or within a week of its start, a single elder's surge never shows (it names a person), and
/// withdrawing it cancels its open slots and takes the banner down.
async fn a_declared_surge_brings_its_slots_and_a_banner_to_the_town(backend: Backend) {
    use tanfang_e2e::town;
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = town::district(&app).await;
    let elder = town::key_elder(&app, &organizer, town::VILLAGE, 1).await;
    let (_, volunteer) = town::visitor(&app, &organizer, 2, 8, false).await;
    // The elder's open slots that come from a surge (no one generates slots in this test).
    let surge_slots = |app: &TestApp| {
        tanfang_e2e::count(
            &mut app.db.connect(),
            &format!(
                "SELECT COUNT(*) AS n FROM visit_slots
                 WHERE elder_id = '{elder}' AND status = 'open' AND requirement_key LIKE 'surge|%'"
            ),
        )
    };
    assert_eq!(surge_slots(&app), 0);
    let banner = "{ surgesNow { label from to declared { id } } }";
    let labels = |answer: &Value| -> Vec<String> {
        answer["surgesNow"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["label"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(labels(&app.with(&organizer).ok(banner, json!({})).await).is_empty());

    // A cold wave over the district from tomorrow: its slots exist at once.
    let today = tanfang_e2e::today();
    let cold = json!({ "kind": "EXTREME_WEATHER", "label": "寒潮蓝色预警", "areaCode": town::DISTRICT,
        "startsOn": (today + chrono::TimeDelta::days(1)).to_string(),
        "endsOn": (today + chrono::TimeDelta::days(3)).to_string() });
    let declared = app
        .with(&admin)
        .ok(
            "mutation($input: SurgeInput!) { declareSurge(input: $input) { id } }",
            json!({ "input": cold }),
        )
        .await;
    let surge = declared["declareSurge"]["id"].as_str().expect("id").to_string();
    assert_eq!(surge_slots(&app), 1, "the surge's slot was generated when declared");

    // One elder's own surge: not on anyone's banner.
    let family = json!({ "kind": "FAMILY_CHANGE", "label": "老伴住院", "elderId": elder,
        "startsOn": today.to_string(), "endsOn": (today + chrono::TimeDelta::days(5)).to_string() });
    app.with(&organizer)
        .ok(
            "mutation($input: SurgeInput!) { declareSurge(input: $input) { id } }",
            json!({ "input": family }),
        )
        .await;
    for token in [&organizer, &volunteer] {
        assert_eq!(labels(&app.with(token).ok(banner, json!({})).await), ["寒潮蓝色预警"]);
    }

    app.with(&admin)
        .ok(
            "mutation($id: String!, $r: String!) { withdrawSurge(id: $id, reason: $r) { id } }",
            json!({ "id": surge, "r": "预警解除" }),
        )
        .await;
    assert!(labels(&app.with(&volunteer).ok(banner, json!({})).await).is_empty());
    // The family surge's slot stays; the cold wave's open slot is cancelled.
    assert_eq!(surge_slots(&app), 1, "{backend:?}");
    let cancelled = tanfang_e2e::count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE elder_id = '{elder}' AND status <> 'open' AND requirement_key LIKE 'surge|%'"),
    );
    assert_eq!(cancelled, 1, "the cold wave's slot, cancelled");
}
per_backend!(a_declared_surge_brings_its_slots_and_a_banner_to_the_town);
