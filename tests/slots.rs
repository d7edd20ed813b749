//! Visit slots and pairing over HTTP on both backends: generation from the compliance engine, the claim
//! rules, release and assignment, exactly one holder per slot under concurrent claims, the
//! planner's proposal and acceptance, and responsible contacts.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde_json::json;
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::period::Month;
use tanfang_e2e::town::{district, visitor, DISTRICT, PROFILE, TOWN, VILLAGE, VILLAGE2};
use tanfang_e2e::{count, error_code, error_fields, per_backend, Backend, TestApp, TestDatabase, PASSWORD};

const GENERATE: &str = "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) {
    wanted created cancelled } }";
const CLAIM: &str = "mutation($s: String!) { claimSlot(slotId: $s) { id status holderId } }";

/// Registers `n` elders (重点 when `key`); returns their ids.
async fn elders(app: &TestApp, organizer: &str, first: u16, n: u16, key: bool) -> Vec<String> {
    let mut ids = Vec::new();
    for k in first..first + n {
        let born = NaiveDate::from_ymd_opt(1945, 1, 1).expect("date") + chrono::TimeDelta::days(i64::from(k));
        let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 2 * k + 1, Sex::Male, tanfang_e2e::today())
            .expect("id")
            .as_str()
            .to_string();
        let input = json!({ "name": format!("老人{k}"), "idNumber": id_number, "villageCode": VILLAGE,
            "residenceAddress": "一组", "urbanRural": "RURAL",
            "abilityLevel": if key { "SEVERELY_IMPAIRED" } else { "INTACT" },
            "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED",
            "consentRecordedOn": "2025-06-01" });
        ids.push(app.with(organizer).create_elder(input).await);
    }
    ids
}

fn next_month() -> Month {
    Month::of(tanfang_e2e::today()).next()
}

async fn slot_ids(app: &TestApp, organizer: &str, month: Month, status: &str) -> Vec<String> {
    let answer = app
        .with(organizer)
        .ok(
            "query($m: String!, $a: String!, $s: SlotStatus) { visitSlots(month: $m, areaCode: $a, status: $s) { id } }",
            json!({ "m": month.to_string(), "a": TOWN, "s": status }),
        )
        .await;
    answer["visitSlots"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn claimed(app: &TestApp) -> i64 {
    count(
        &mut app.db.connect(),
        "SELECT COUNT(*) AS n FROM visit_slots WHERE status = 'claimed'",
    )
}

async fn slots_follow_the_requirements_and_each_claim_rule_refuses_clearly(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    let key = elders(&app, &organizer, 0, 1, true).await;
    let general = elders(&app, &organizer, 1, 1, false).await;
    // One more 一般 elder, in the village to the north.
    let id_number = IdNumber::from_parts_as_of(
        DISTRICT,
        NaiveDate::from_ymd_opt(1944, 2, 2).expect("date"),
        99,
        Sex::Male,
        tanfang_e2e::today(),
    )
    .expect("id")
    .as_str()
    .to_string();
    let north = json!({ "name": "北村老人", "idNumber": id_number, "villageCode": VILLAGE2,
        "residenceAddress": "一组", "urbanRural": "RURAL", "abilityLevel": "INTACT",
        "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01" });
    let north = app.with(&organizer).create_elder(north).await;
    let month = next_month();
    let generate = json!({ "m": month.to_string(), "a": TOWN });

    // 重点: in person each half-month; 一般: once in the month (plus any festival window of
    // the month, for every tier). A second run changes nothing.
    let first = app.with(&organizer).ok(GENERATE, generate.clone()).await["generateSlots"].clone();
    let wanted = first["wanted"].as_i64().unwrap_or(0);
    assert!(wanted >= 3, "{backend:?}: {first}");
    assert_eq!(first["created"], wanted);
    let again = app.with(&organizer).ok(GENERATE, generate.clone()).await["generateSlots"].clone();
    assert_eq!(again, json!({ "wanted": wanted, "created": 0, "cancelled": 0 }));
    let all = app
        .with(&organizer)
        .ok(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) { id elderId } }",
            json!({ "m": month.to_string(), "a": TOWN }),
        )
        .await["visitSlots"]
        .clone();
    let of = |elder: &str| -> Vec<String> {
        all.as_array()
            .map(|s| {
                s.iter()
                    .filter(|x| x["elderId"] == elder)
                    .filter_map(|x| x["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    // Two of the 重点 elder's slots, then the 一般 elder's monthly one (left open).
    let open: Vec<String> = of(&key[0]).into_iter().take(2).chain(of(&general[0])).collect();
    assert_eq!(open.len(), 3, "{all}");
    assert_eq!(all.as_array().map(Vec::len), Some(wanted as usize));

    // A volunteer who can take one visit a month.
    let (one_id, one) = visitor(&app, &organizer, 1, 1, false).await;
    // Nearest first: the home village's slots (0 m), then the northern village's (≈ 5.6 km).
    let near = app
        .with(&one)
        .ok(
            "{ openSlotsNearMe(days: 62) { distanceM slot { id elderId } } }",
            json!({}),
        )
        .await;
    let near = near["openSlotsNearMe"].as_array().cloned().unwrap_or_default();
    assert_eq!(near.len() as i64, wanted);
    let ids: Vec<&str> = near.iter().filter_map(|x| x["slot"]["id"].as_str()).collect();
    assert!(open.iter().all(|id| ids.contains(&id.as_str())));
    let distances: Vec<i64> = near.iter().filter_map(|x| x["distanceM"].as_i64()).collect();
    assert_eq!(distances.len(), near.len(), "every village has a centre");
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert_eq!(distances[0], 0);
    let last = near.last().cloned().unwrap_or_default();
    assert_eq!(last["slot"]["elderId"], north.as_str());
    assert!(
        (5_500..5_650).contains(&distances[distances.len() - 1]),
        "{distances:?}"
    );
    assert!(
        near.iter().all(|x| x["slot"].get("elder").is_none()),
        "not asked for yet"
    );
    // 加载更多: the same list a page of 2 at a time, each slot once, in the same order, with
    // the count of all pages; within 1 km leaves the northern village out.
    const PAGE: &str =
        "query($after: String, $within: Int) { nearbySlots(days: 62, first: 2, after: $after, withinM: $within) {
        edges { cursor node { distanceM slot { id } } } pageInfo { hasNextPage endCursor } totalCount } }";
    let mut paged: Vec<String> = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let page = app.with(&one).ok(PAGE, json!({ "after": after })).await["nearbySlots"].clone();
        assert_eq!(page["totalCount"].as_i64(), Some(wanted), "{page}");
        let edges = page["edges"].as_array().cloned().unwrap_or_default();
        assert!(edges.len() <= 2);
        paged.extend(
            edges
                .iter()
                .filter_map(|e| e["node"]["slot"]["id"].as_str().map(str::to_string)),
        );
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(paged, ids, "{backend:?}");
    let close = app.with(&one).ok(PAGE, json!({ "within": 1000 })).await;
    let within = distances.iter().filter(|d| **d <= 1000).count() as i64;
    assert!(within < wanted);
    assert_eq!(close["nearbySlots"]["totalCount"].as_i64(), Some(within), "{close}");
    let bad = app.with(&one).graphql(PAGE, json!({ "after": "nonsense" })).await;
    assert_eq!(error_fields(&bad), ["after"]);

    let who = "{ openSlotsNearMe(days: 62) { slot { id elder { name } } } }";
    let unseen = app.with(&one).ok(who, json!({})).await;
    assert!(
        unseen["openSlotsNearMe"]
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x["slot"]["elder"].is_null())),
        "an open slot names no elder: {unseen}"
    );
    let held = app.with(&one).ok(CLAIM, json!({ "s": open[0] })).await;
    assert_eq!(held["claimSlot"]["holderId"], one_id.as_str());
    let mine = app
        .with(&one)
        .ok("{ mySchedule { id elder { name residenceAddress } } }", json!({}))
        .await;
    let elder = &mine["mySchedule"][0]["elder"];
    assert!(
        elder["name"].as_str().is_some_and(|n| !n.is_empty())
            && elder["residenceAddress"].as_str().is_some_and(|a| !a.is_empty()),
        "the holder sees whom to visit and where: {mine}"
    );
    let still = app.with(&one).ok(who, json!({})).await;
    assert!(
        still["openSlotsNearMe"]
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x["slot"]["elder"].is_null())),
        "holding one slot names no elder of the open ones: {still}"
    );

    // Each refusal names its field and writes nothing.
    let before = claimed(&app);
    let over = app.with(&one).graphql(CLAIM, json!({ "s": open[1] })).await;
    assert_eq!(error_fields(&over), ["visitorId"], "{over}");
    assert!(over.to_string().contains("over_capacity"));
    let (_, two) = visitor(&app, &organizer, 2, 5, false).await;
    let taken = app.with(&two).graphql(CLAIM, json!({ "s": open[0] })).await;
    assert!(taken.to_string().contains("\"taken\""), "{taken}");
    let (_, pending) = visitor(&app, &organizer, 3, 5, true).await;
    let not_approved = app.with(&pending).graphql(CLAIM, json!({ "s": open[1] })).await;
    assert!(not_approved.to_string().contains("not_approved"), "{not_approved}");
    app.with(&organizer)
        .ok(
            "mutation($s: String!) { requireProfessional(slotId: $s, needed: true) { needsProfessional } }",
            json!({ "s": open[1] }),
        )
        .await;
    let professional = app.with(&two).graphql(CLAIM, json!({ "s": open[1] })).await;
    assert!(
        professional.to_string().contains("needs_professional"),
        "{professional}"
    );
    // Free only on days outside the window: every day of next month is an exception.
    let busy: Vec<String> = month
        .first_day()
        .iter_days()
        .take_while(|d| d.month() == month.month())
        .map(|d| d.to_string())
        .collect();
    let profile = json!({ "organisationKind": "INDIVIDUAL", "homeVillageCode": VILLAGE, "capacityPerMonth": 5,
        "weekdays": [1, 2, 3, 4, 5, 6, 7], "unavailableDates": busy });
    app.with(&two).ok(PROFILE, json!({ "input": profile, "v": 1 })).await;
    let unavailable = app.with(&two).graphql(CLAIM, json!({ "s": open[2] })).await;
    assert!(unavailable.to_string().contains("not_available"), "{unavailable}");
    let stale = app
        .with(&two)
        .graphql(PROFILE, json!({ "input": profile, "v": 1 }))
        .await;
    assert_eq!(error_code(&stale).as_deref(), Some("VERSION_CONFLICT"));
    assert_eq!(claimed(&app), before, "{backend:?}: refusals write nothing");

    // Release (the window is next month), then an organizer assigns the slot.
    let released = app
        .with(&one)
        .ok(
            "mutation($s: String!) { releaseSlot(slotId: $s) { status holderId } }",
            json!({ "s": open[0] }),
        )
        .await;
    assert_eq!(released["releaseSlot"], json!({ "status": "OPEN", "holderId": null }));
    let assigned = app
        .with(&organizer)
        .ok(
            "mutation($s: String!, $v: String!) { assignSlot(slotId: $s, visitorId: $v) { holderId assignedBy } }",
            json!({ "s": open[0], "v": one_id }),
        )
        .await;
    assert_eq!(assigned["assignSlot"]["holderId"], one_id.as_str());
    assert_eq!(assigned["assignSlot"]["assignedBy"], "user:org");
    let schedule = app.with(&one).ok("{ mySchedule { id } }", json!({})).await;
    assert_eq!(schedule["mySchedule"], json!([{ "id": open[0] }]));

    // The 一般 elder becomes 重点: the monthly slot (open) is cancelled, the half-month
    // slots appear; the claimed slot of the other elder is untouched.
    let file = app
        .with(&organizer)
        .ok(
            "query($id: String!) { elder(id: $id) { version } }",
            json!({ "id": general[0] }),
        )
        .await;
    let born = NaiveDate::from_ymd_opt(1945, 1, 2).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 3, Sex::Male, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": "老人1", "idNumber": id_number, "villageCode": VILLAGE,
        "residenceAddress": "一组", "urbanRural": "RURAL", "abilityLevel": "SEVERELY_IMPAIRED",
        "economicStatus": "ORDINARY", "livingArrangement": "WITH_SPOUSE", "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01" });
    app.with(&organizer)
        .ok(
            "mutation($id: String!, $v: Int!, $input: ElderFileInput!) { updateElder(id: $id, version: $v, input: $input) { id } }",
            json!({ "id": general[0], "v": file["elder"]["version"], "input": input }),
        )
        .await;
    let regenerated = app.with(&organizer).ok(GENERATE, generate.clone()).await["generateSlots"].clone();
    assert_eq!(regenerated["cancelled"], 1, "{regenerated}");
    assert!(regenerated["created"].as_i64().unwrap_or(0) >= 2, "{regenerated}");
    assert_eq!(claimed(&app), 1);
    assert_eq!(key.len(), 1);
}
per_backend!(slots_follow_the_requirements_and_each_claim_rule_refuses_clearly);

/// Claims every slot in `slots` it can, in its own order; returns the ones it got.
async fn claim_all(app: &TestApp, token: String, slots: Vec<String>) -> Vec<String> {
    let mut got = Vec::new();
    for slot in slots {
        let answer = app.with(&token).graphql(CLAIM, json!({ "s": slot })).await;
        if answer.get("errors").is_none() {
            got.push(slot);
        } else {
            assert!(
                answer.to_string().contains("\"taken\""),
                "only 'taken' is expected: {answer}"
            );
        }
    }
    got
}

/// The deliberately naive claim: read whether the slot is open, then write the holder
/// unconditionally. Returns how many claims it believed succeeded.
fn naive_claims(db: &TestDatabase, claimant: usize, slots: &[String]) -> usize {
    use diesel::RunQueryDsl;
    let mut conn = db.connect();
    if let tanfang::db::DbConn::Sqlite(c) = &mut conn {
        diesel::connection::SimpleConnection::batch_execute(c, "PRAGMA busy_timeout = 10000;").expect("pragma");
    }
    let mut believed = 0;
    for slot in slots {
        let open = count(
            &mut conn,
            &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE id = '{slot}' AND status = 'open'"),
        );
        if open == 1 {
            std::thread::sleep(std::time::Duration::from_millis(2));
            diesel::sql_query(format!(
                "UPDATE visit_slots SET status = 'claimed', holder_id = NULL, assigned_by = 'naive-{claimant}' WHERE id = '{slot}'"
            ))
            .execute(&mut conn)
            .expect("naive update");
            believed += 1;
        }
    }
    believed
}

async fn exactly_one_holder_per_slot_under_64_concurrent_claimants(backend: Backend) {
    let app = std::rc::Rc::new(TestApp::spawn(backend).await);
    let (_, organizer) = district(&app).await;
    // 50 重点 elders: two half-month slots each next month (and maybe a festival slot).
    elders(&app, &organizer, 0, 50, true).await;
    let month = next_month();
    app.with(&organizer)
        .ok(GENERATE, json!({ "m": month.to_string(), "a": TOWN }))
        .await;
    let mut slots = slot_ids(&app, &organizer, month, "OPEN").await;
    slots.truncate(100);
    assert_eq!(slots.len(), 100, "{backend:?}");
    let mut tokens = Vec::new();
    for n in 0..64 {
        tokens.push(visitor(&app, &organizer, n, 60, false).await.1);
    }

    // 64 claimants at once, each through the slots in its own rotation.
    let mut tasks = Vec::new();
    for (n, token) in tokens.into_iter().enumerate() {
        let mut order = slots.clone();
        order.rotate_left((n * 37) % slots.len());
        let app = app.clone();
        tasks.push(actix_rt::spawn(async move { claim_all(&app, token, order).await }));
    }
    let mut won: Vec<String> = Vec::new();
    for task in tasks {
        won.extend(task.await.expect("claimant"));
    }
    assert_eq!(won.len(), 100, "{backend:?}: exactly 100 successful claims");
    assert_eq!(won.iter().collect::<HashSet<_>>().len(), 100, "no slot won twice");
    let in_db = count(
        &mut app.db.connect(),
        "SELECT COUNT(DISTINCT id) AS n FROM visit_slots WHERE status = 'claimed' AND holder_id IS NOT NULL",
    );
    assert_eq!(in_db, 100);

    // The same race through a read-then-write path (16 claimants on their own connections):
    // several believe they got the same slot, which the conditional update above never lets happen.
    let sql = "UPDATE visit_slots SET status = 'open', holder_id = NULL, claimed_at = NULL, assigned_by = NULL";
    {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql).execute(&mut app.db.connect()).expect("reset");
    }
    let believed: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|n| {
                let (db, slots) = (&app.db, &slots);
                scope.spawn(move || naive_claims(db, n, slots))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("naive claimant")).sum()
    });
    assert!(
        believed > 100,
        "{backend:?}: the naive path lets {believed} claims through"
    );
}
per_backend!(exactly_one_holder_per_slot_under_64_concurrent_claimants);

async fn the_planner_covers_what_capacity_allows_and_accepting_never_overwrites_a_claim(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, organizer) = district(&app).await;
    elders(&app, &organizer, 0, 2, true).await;
    elders(&app, &organizer, 2, 1, false).await;
    let month = next_month();
    let generated = app
        .with(&organizer)
        .ok(GENERATE, json!({ "m": month.to_string(), "a": TOWN }))
        .await;
    let wanted = generated["generateSlots"]["wanted"].as_i64().unwrap_or(0);
    assert!(wanted >= 5, "{generated}");
    let (one_id, one) = visitor(&app, &organizer, 1, 2, false).await;
    let (two_id, two) = visitor(&app, &organizer, 2, 1, false).await;

    let query = "query($m: String!, $a: String!) { planProposal(month: $m, areaCode: $a) {
        assignments { slotId visitorId distanceM distanceEstimated } shortfall { villageCode slots elderNames } } }";
    let proposal = app
        .with(&organizer)
        .ok(query, json!({ "m": month.to_string(), "a": TOWN }))
        .await["planProposal"]
        .clone();
    let pairs: Vec<(String, String)> = proposal["assignments"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    (
                        x["slotId"].as_str().unwrap_or("").to_string(),
                        x["visitorId"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // Capacity 2 + 1: three slots covered, the rest is the village's shortfall.
    assert_eq!(pairs.len(), 3, "{backend:?}: {proposal}");
    assert_eq!(pairs.iter().filter(|(_, v)| *v == one_id).count(), 2);
    assert_eq!(pairs.iter().filter(|(_, v)| *v == two_id).count(), 1);
    // The shortfall names the elders of the uncovered slots (each once), as the slots name them.
    let open = app
        .with(&organizer)
        .ok(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN, first: 500) { id elder { name } } }",
            json!({ "m": month.to_string(), "a": TOWN }),
        )
        .await;
    let mut uncovered_elders: Vec<String> = open["visitSlots"]
        .as_array()
        .map(|slots| {
            slots
                .iter()
                .filter(|s| !pairs.iter().any(|(id, _)| s["id"] == id.as_str()))
                .filter_map(|s| s["elder"]["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    uncovered_elders.sort();
    uncovered_elders.dedup();
    assert!(!uncovered_elders.is_empty());
    let mut named: Vec<String> = proposal["shortfall"][0]["elderNames"]
        .as_array()
        .map(|n| n.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let listed = named.len();
    named.sort();
    named.dedup();
    assert_eq!(named.len(), listed, "each elder once: {proposal}");
    assert_eq!(named, uncovered_elders);
    assert_eq!(proposal["shortfall"][0]["villageCode"], VILLAGE);
    assert_eq!(proposal["shortfall"][0]["slots"], wanted - 3);
    assert_eq!(proposal["shortfall"].as_array().map(Vec::len), Some(1));
    assert_eq!(claimed(&app), 0, "a proposal assigns nothing");

    // Before the organizer accepts, visitor two claims one of visitor one's slots.
    let (sniped, _) = pairs
        .iter()
        .find(|(_, v)| *v == one_id)
        .cloned()
        .expect("a slot of one");
    app.with(&two).ok(CLAIM, json!({ "s": sniped })).await;
    let accept = "mutation($a: [PlanAssignmentInput!]!) { acceptPlan(assignments: $a) { slotId visitorId refused } }";
    let input: Vec<_> = pairs
        .iter()
        .map(|(s, v)| json!({ "slotId": s, "visitorId": v }))
        .collect();
    let accepted = app.with(&organizer).ok(accept, json!({ "a": input })).await["acceptPlan"].clone();
    let outcomes: Vec<(String, Option<String>)> = accepted
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    (
                        x["slotId"].as_str().unwrap_or("").to_string(),
                        x["refused"].as_str().map(str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let sniped_outcome = outcomes.iter().find(|(s, _)| *s == sniped).map(|(_, r)| r.clone());
    assert_eq!(sniped_outcome, Some(Some("taken".to_string())), "{accepted}");
    // Visitor two's own proposed slot now exceeds their capacity of one.
    assert!(
        outcomes.iter().any(|(_, r)| r.as_deref() == Some("over_capacity")),
        "{accepted}"
    );
    let assigned = outcomes.iter().filter(|(_, r)| r.is_none()).count() as i64;
    assert_eq!(assigned, 1);
    assert_eq!(claimed(&app), 1 + assigned);

    // Visitor one drops out: their slot goes back to the pool, visitor two's stays.
    let dropped = app
        .with(&organizer)
        .ok(
            "mutation($v: String!) { dropOutVisitor(visitorId: $v, reason: \"搬离本镇\") }",
            json!({ "v": one_id }),
        )
        .await;
    assert_eq!(dropped["dropOutVisitor"].as_array().map(Vec::len), Some(1));
    assert_eq!(claimed(&app), 1);
    // Only open slots are proposed again, and two's remaining capacity is 0.
    let again = app
        .with(&organizer)
        .ok(query, json!({ "m": month.to_string(), "a": TOWN }))
        .await["planProposal"]
        .clone();
    assert_eq!(again["assignments"], json!([]), "{again}");
    let freed = dropped["dropOutVisitor"][0].as_str().unwrap_or("").to_string();
    let refused = app.with(&one).graphql(CLAIM, json!({ "s": freed })).await;
    assert!(refused.to_string().contains("dropped_out"), "{refused}");
    let due = "query($m: String!, $a: String!, $d: Int) { visitSlots(month: $m, areaCode: $a, unclaimedDueWithinDays: $d) { id } }";
    let within = |days: i64| {
        let (app, organizer) = (&app, organizer.clone());
        async move {
            app.with(&organizer)
                .ok(due, json!({ "m": month.to_string(), "a": TOWN, "d": days }))
                .await["visitSlots"]
                .as_array()
                .map(Vec::len)
        }
    };
    assert_eq!(
        within(92).await,
        Some(wanted as usize - 1),
        "every open slot ends within 92 days"
    );
    assert_eq!(within(0).await, Some(0), "none ends today");
    let holder = count(
        &mut app.db.connect(),
        &format!("SELECT COUNT(*) AS n FROM visit_slots WHERE id = '{sniped}' AND holder_id = '{two_id}'"),
    );
    assert_eq!(holder, 1, "the claim made first stands");
}
per_backend!(the_planner_covers_what_capacity_allows_and_accepting_never_overwrites_a_claim);

async fn each_elder_has_a_responsible_contact_and_a_notification_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    let born = NaiveDate::from_ymd_opt(1940, 6, 1).expect("date");
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 77, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let input = json!({ "name": "赵奶奶", "idNumber": id_number, "villageCode": VILLAGE,
        "residenceAddress": "五组", "urbanRural": "RURAL", "abilityLevel": "INTACT",
        "economicStatus": "ORDINARY", "livingArrangement": "ALONE", "consent": "CONSENTED",
        "emergencyContacts": [
            { "name": "赵侄", "relation": "侄子", "phone": "13900000001" },
            { "name": "赵大", "relation": "长子", "phone": "13900000002" },
            { "name": "赵小", "relation": "女儿", "phone": "13900000003" } ] });
    let elder = app.with(&organizer).create_elder(input).await;
    let contact = "query($e: String!) { responsibleContact(elderId: $e) { userId name paired phoneMasked } }";
    let none = app.with(&organizer).ok(contact, json!({ "e": elder })).await;
    assert_eq!(none["responsibleContact"], json!(null), "no village staff yet");

    // The village's staff is the contact by default …
    let staff = json!({ "username": "cunwei", "displayName": "村委李主任", "password": PASSWORD,
                        "role": "VILLAGE_STAFF", "areaCode": VILLAGE, "phone": "13811112222" });
    app.with(&admin)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": staff }),
        )
        .await;
    let default = app.with(&organizer).ok(contact, json!({ "e": elder })).await;
    assert_eq!(default["responsibleContact"]["name"], "村委李主任", "{backend:?}");
    assert_eq!(default["responsibleContact"]["paired"], false);
    assert_eq!(default["responsibleContact"]["phoneMasked"], "138****2222");

    // … until an organizer names someone; only active accounts of the area qualify.
    let (volunteer, _) = visitor(&app, &organizer, 1, 4, false).await;
    let (pending, _) = visitor(&app, &organizer, 2, 4, true).await;
    let pair = "mutation($e: String!, $u: String!) { pairElder(elderId: $e, contactUserId: $u, note: \"邻村志愿者，每周路过\") { name paired } }";
    let refused = app
        .with(&organizer)
        .graphql(pair, json!({ "e": elder, "u": pending }))
        .await;
    assert_eq!(error_fields(&refused), ["contactUserId"]);
    let paired = app
        .with(&organizer)
        .ok(pair, json!({ "e": elder, "u": volunteer }))
        .await;
    assert_eq!(paired["pairElder"]["paired"], true);
    let now = app.with(&organizer).ok(contact, json!({ "e": elder })).await;
    assert_eq!(now["responsibleContact"]["userId"], volunteer.as_str());

    // Told of a major risk: children (in the file's order), relatives, then the contact.
    let order = app
        .with(&organizer)
        .ok(
            "query($e: String!) { notificationOrder(elderId: $e) { rank name phoneMasked } }",
            json!({ "e": elder }),
        )
        .await;
    let names: Vec<&str> = order["notificationOrder"]
        .as_array()
        .map(|o| o.iter().filter_map(|x| x["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["赵大", "赵小", "赵侄", "志愿者"]);
    assert_eq!(order["notificationOrder"][0]["phoneMasked"], "139****0002");
    assert_eq!(order["notificationOrder"][3]["rank"], "VILLAGE_STAFF");
    let audit = app
        .with(&admin)
        .ok("{ auditLog(first: 100) { action } }", json!({}))
        .await
        .to_string();
    assert!(audit.contains("elder.pair"), "{audit}");
}
per_backend!(each_elder_has_a_responsible_contact_and_a_notification_order);

async fn a_minor_visits_in_person_only_with_an_adult(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (admin, organizer) = district(&app).await;
    elders(&app, &organizer, 0, 1, true).await;
    let month = next_month();
    app.with(&organizer)
        .ok(GENERATE, json!({ "m": month.to_string(), "a": TOWN }))
        .await;
    let slot = slot_ids(&app, &organizer, month, "OPEN").await[0].clone();

    // A school in the town registers a 15-year-old with the guardian's consent.
    let school = app
        .with(&admin)
        .ok(
            "mutation { createSchool(name: \"镇中学\", areaCode: \"500112001\") { id } }",
            json!({}),
        )
        .await["createSchool"]["id"]
        .as_str()
        .expect("school")
        .to_string();
    let school_admin = json!({ "username": "school", "displayName": "学校", "password": PASSWORD,
                               "role": "SCHOOL_ADMIN", "schoolId": school });
    app.with(&admin)
        .ok(
            "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }",
            json!({ "input": school_admin }),
        )
        .await;
    let school_admin = app.token("school", PASSWORD).await;
    let born = tanfang_e2e::today() - chrono::TimeDelta::days(15 * 365 + 30);
    let id_number = IdNumber::from_parts_as_of(DISTRICT, born, 41, Sex::Female, tanfang_e2e::today())
        .expect("id")
        .as_str()
        .to_string();
    let student = json!({ "username": "pupil", "password": PASSWORD, "realName": "小红", "idNumber": id_number,
        "guardianName": "红妈妈", "guardianRelation": "母亲", "guardianPhone": "13600000000",
        "guardianConsentOn": (tanfang_e2e::today() - chrono::TimeDelta::days(30)).to_string() });
    let registered = app
        .with(&school_admin)
        .ok(
            "mutation($input: StudentInput!) { registerStudent(input: $input) { id isMinor } }",
            json!({ "input": student }),
        )
        .await;
    // yubei's pack requires a training before an in-person visit (tests/training.rs): the
    // pupil attended one, so that this test is about the adult.
    let pupil_id = registered["registerStudent"]["id"].as_str().expect("id");
    tanfang_e2e::town::trained(&app, pupil_id, TOWN);
    let pupil = app.token("pupil", PASSWORD).await;
    let profile = json!({ "organisationKind": "SCHOOL", "organisationName": "镇中学", "homeVillageCode": VILLAGE,
        "capacityPerMonth": 2, "weekdays": [1, 2, 3, 4, 5, 6, 7] });
    app.with(&pupil).ok(PROFILE, json!({ "input": profile })).await;

    // Slots say where they are in words: the village's name, not its code.
    let near = app
        .with(&pupil)
        .ok("{ openSlotsNearMe(days: 31) { slot { id villageName } } }", json!({}))
        .await;
    let named: Vec<&str> = near["openSlotsNearMe"]
        .as_array()
        .map(|s| s.iter().filter_map(|n| n["slot"]["villageName"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        !named.is_empty() && named.iter().all(|n| *n == format!("区划{VILLAGE}")),
        "{near}"
    );

    let alone = app.with(&pupil).graphql(CLAIM, json!({ "s": slot })).await;
    assert_eq!(error_fields(&alone), ["coVisitorId"], "{backend:?}: {alone}");
    assert!(alone.to_string().contains("minor_alone"));

    // Whom the pupil may name: an adult of the school (a teacher registered as a student
    // account), and approved adult visitors serving in the slot's town; not a pending visitor,
    // not a minor classmate, not a visitor of another town, not one who dropped out.
    let register = |username: &'static str, name: &'static str, years: i64, seq: u16| {
        let born = tanfang_e2e::today() - chrono::TimeDelta::days(years * 365 + 40);
        let id_number = IdNumber::from_parts_as_of(DISTRICT, born, seq, Sex::Male, tanfang_e2e::today())
            .expect("id")
            .as_str()
            .to_string();
        let input = json!({ "username": username, "password": PASSWORD, "realName": name, "idNumber": id_number,
            "guardianName": "家长", "guardianRelation": "父亲", "guardianPhone": "13600000001",
            "guardianConsentOn": (tanfang_e2e::today() - chrono::TimeDelta::days(30)).to_string() });
        let app = &app;
        let school_admin = &school_admin;
        async move {
            app.with(school_admin)
                .ok(
                    "mutation($input: StudentInput!) { registerStudent(input: $input) { id } }",
                    json!({ "input": input }),
                )
                .await["registerStudent"]["id"]
                .as_str()
                .expect("student")
                .to_string()
        }
    };
    let teacher = register("teacher", "李老师", 35, 43).await;
    register("classmate", "小明", 14, 45).await;
    let (adult, _) = visitor(&app, &organizer, 1, 4, false).await;
    visitor(&app, &organizer, 2, 4, true).await;
    let (gone, _) = visitor(&app, &organizer, 3, 4, false).await;
    app.with(&organizer)
        .ok(
            "mutation($v: String!) { dropOutVisitor(visitorId: $v, reason: \"搬走了\") }",
            json!({ "v": gone }),
        )
        .await;
    let town_b = tanfang_e2e::town::second_town(&app, &admin).await;
    const CHOICES: &str =
        "query($s: String!) { coVisitorChoices(slotId: $s) { id maskedName sameSchool visitorKind } }";
    let choices = app.with(&pupil).ok(CHOICES, json!({ "s": slot })).await["coVisitorChoices"].clone();
    assert_eq!(
        choices,
        json!([
            { "id": teacher, "maskedName": "李*师", "sameSchool": true, "visitorKind": "STUDENT" },
            { "id": adult, "maskedName": "志*者", "sameSchool": false, "visitorKind": "VOLUNTEER" },
        ]),
        "{backend:?}"
    );
    assert!(!choices.to_string().contains(&town_b.visitor_id));
    // Only for slots of the pupil's own area.
    app.with(&town_b.organizer)
        .ok(
            GENERATE,
            json!({ "m": month.to_string(), "a": tanfang_e2e::town::TOWN_B }),
        )
        .await;
    let other: Vec<String> = app
        .with(&town_b.organizer)
        .ok(
            "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) { id } }",
            json!({ "m": month.to_string(), "a": tanfang_e2e::town::TOWN_B }),
        )
        .await["visitSlots"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let elsewhere = app.with(&pupil).graphql(CHOICES, json!({ "s": other[0] })).await;
    assert_eq!(error_code(&elsewhere).as_deref(), Some("NOT_FOUND"), "{elsewhere}");

    let team = app
        .with(&pupil)
        .ok(
            "mutation($s: String!, $c: String) { claimSlot(slotId: $s, coVisitorId: $c) { holderId coVisitorId } }",
            json!({ "s": slot, "c": adult }),
        )
        .await;
    assert_eq!(team["claimSlot"]["coVisitorId"], adult.as_str());

    // The visit form grades on the district's paper form (yubei-2024: 渝北 附件3).
    const SCALES: &str = "query($s: String!) { visitFormScales(slotId: $s) { item scale } }";
    let scales = app.with(&pupil).ok(SCALES, json!({ "s": slot })).await["visitFormScales"].clone();
    let scale_of = |item: &str| {
        scales
            .as_array()
            .and_then(|a| a.iter().find(|x| x["item"] == item))
            .map(|x| x["scale"].clone())
    };
    assert_eq!(scales.as_array().map(Vec::len), Some(21), "{backend:?}: {scales}");
    assert_eq!(scale_of("health.mobility"), Some(json!("change")));
    assert_eq!(scale_of("safety.gas"), Some(json!("safety")));
    assert_eq!(scale_of("safety.housing"), Some(json!("safety")));
    // Only for the slot's holder.
    let not_mine = app.with(&town_b.visitor).graphql(SCALES, json!({ "s": slot })).await;
    assert_eq!(error_code(&not_mine).as_deref(), Some("NOT_FOUND"), "{not_mine}");
}
per_backend!(a_minor_visits_in_person_only_with_an_adult);

/// 区县规模 — a month of slots of a 20,000-elder district on SQLite: `visitSlots` gives it a
/// page at a time (at most 500), in window order, every slot exactly once, its filters in SQL;
/// and `elders::find_many` takes more ids than SQLite binds in one statement (32,766).
#[actix_rt::test]
async fn a_month_of_slots_of_a_20000_elder_district_lists_in_pages_on_sqlite() {
    use diesel::prelude::*;
    use tanfang::db::schema::visit_slots;
    use tanfang::demo::generate::{DemoPlan, DEMO_DISTRICT_CODE};
    use tanfang::domain::access::{Actor, Scope};
    use tanfang::service::{self, Call};

    const ELDERS: usize = 20_000;
    const PAGE: &str = "query($m: String!, $a: String!, $s: SlotStatus, $first: Int, $after: String) {
        visitSlots(month: $m, areaCode: $a, status: $s, first: $first, after: $after) { id elder { name } } }";
    let app = TestApp::spawn(Backend::Sqlite).await;
    let month = Month::of(tanfang_e2e::today());
    let db = tanfang::db::Database::open(&app.db.url).expect("database");
    let keys = app.keys();
    let plan = DemoPlan {
        towns: DemoPlan::DEFAULT_TOWNS,
        villages_per_town: DemoPlan::DEFAULT_VILLAGES_PER_TOWN,
        elders: ELDERS,
        ..DemoPlan::with_seed(7)
    };
    // Set up directly (the demo generator, 500 elders a transaction), not call by call.
    let system = Call::at(
        tanfang_e2e::now(),
        Actor::system("test"),
        keys.cipher(),
        tanfang_e2e::packs(),
    );
    let summary = tanfang::demo::run(
        &db,
        &keys,
        tanfang_e2e::packs(),
        &plan,
        tanfang_e2e::now(),
        &indicatif::ProgressBar::hidden(),
    )
    .expect("demo");
    assert_eq!(summary.elders_added, ELDERS);
    // The demo district runs yubei-2024 already.
    db.with_conn(|c| service::slots::generate(c, &system, month, DEMO_DISTRICT_CODE))
        .expect("slots generated");

    let mut conn = app.db.connect();
    let ordered = |status: Option<&str>, conn: &mut tanfang::db::DbConn| -> Vec<String> {
        let mut query = visit_slots::table
            .filter(visit_slots::month.eq(month.to_string()))
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(visit_slots::status.eq(status.to_string()));
        }
        query
            .order((visit_slots::window_from, visit_slots::id))
            .select(visit_slots::id)
            .load(conn)
            .expect("slot ids")
    };
    let all = ordered(None, &mut conn);
    assert!(
        all.len() > ELDERS / 2,
        "most elders owe a visit this month: {}",
        all.len()
    );

    let admin = app.token("district.admin", tanfang::demo::DEMO_PASSWORD).await;
    let client = app.with(&admin);
    let vars = |status: Option<&str>, first: Option<i64>, after: Option<&str>| {
        let (m, a) = (month.to_string(), DEMO_DISTRICT_CODE);
        json!({ "m": m, "a": a, "s": status, "first": first, "after": after })
    };
    // Every page, the last one shorter: the whole month in window order, each slot once.
    let listed = |status: Option<&'static str>| {
        let client = &client;
        async move {
            let mut ids: Vec<String> = Vec::new();
            loop {
                let answer = client
                    .ok(PAGE, vars(status, Some(500), ids.last().map(String::as_str)))
                    .await;
                let page = answer["visitSlots"].as_array().cloned().unwrap_or_default();
                assert!(page.len() <= 500);
                assert!(
                    page.iter().all(|s| s["elder"]["name"].is_string()),
                    "the district's staff see every elder"
                );
                ids.extend(page.iter().filter_map(|s| s["id"].as_str().map(str::to_string)));
                if page.len() < 500 {
                    return ids;
                }
            }
        }
    };
    assert_eq!(listed(None).await, all);
    let open = ordered(Some("open"), &mut conn);
    assert!(!open.is_empty());
    assert_eq!(listed(Some("OPEN")).await, open);

    // A caller that asks for no page size gets the largest page; asking for more is refused,
    // and so is a cursor that names no slot of the area.
    let first = client.ok(PAGE, vars(None, None, None)).await;
    assert_eq!(first["visitSlots"].as_array().map(Vec::len), Some(500));
    let too_many = client.graphql(PAGE, vars(None, Some(501), None)).await;
    assert_eq!(error_fields(&too_many), ["first"]);
    let unknown = client.graphql(PAGE, vars(None, Some(10), Some("no-such-slot"))).await;
    assert_eq!(error_fields(&unknown), ["after"]);

    // More ids than SQLite binds at once: every elder of the district, and 15,000 unknown.
    let mut ids: Vec<tanfang::domain::id::ElderId> = tanfang::db::schema::elders::table
        .select(tanfang::db::schema::elders::id)
        .load(&mut conn)
        .expect("elder ids");
    assert_eq!(ids.len(), ELDERS);
    ids.extend((0..15_000).map(|i| format!("unknown-{i}").into()));
    let found = tanfang::db::elders::find_many(&mut conn, &Scope::System, &ids).expect("found");
    assert_eq!(found.len(), ELDERS);
}
