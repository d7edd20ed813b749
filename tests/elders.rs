//! The elder file over HTTP on both backends: create, read, update, list with pagination and
//! filters, status changes, and bad input that names its field and writes nothing.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::{error_code, error_fields, per_backend, row_counts, Backend, TestApp, PASSWORD};

const DISTRICT: &str = "500112";
const TOWN_A: &str = "500112001";
const TOWN_B: &str = "500112002";
const VILLAGE_A1: &str = "500112001001";
const VILLAGE_A2: &str = "500112001002";
const VILLAGE_B1: &str = "500112002001";

const CREATE_AREA: &str = "mutation($input: AreaInput!) { createArea(input: $input) { code level } }";

const ELDER_FIELDS: &str = "id name sex birthDate age idNumber phone villageCode townCode abilityLevel
    categories serviceStatus serviceStatusSince version consent
    familyMembers { name relation phone visitsOften }
    emergencyContacts { order name relation phone }
    statusHistory { status effectiveOn note }
    history { version action changes }";

/// Tokens of the accounts the tests act as.
struct Staff {
    admin: String,
    organizer_a: String,
    organizer_b: String,
}

/// The district, its towns and villages, and a town organizer for each town.
async fn tree(app: &TestApp) -> Staff {
    let admin = app.bootstrap(DISTRICT, "渝北区", "admin").await;
    let nodes = [
        (TOWN_A, "青石镇", Some(DISTRICT)),
        (TOWN_B, "南山街道", Some(DISTRICT)),
        (VILLAGE_A1, "桃源村", Some(TOWN_A)),
        (VILLAGE_A2, "杏花村", Some(TOWN_A)),
        (VILLAGE_B1, "东湖社区", Some(TOWN_B)),
    ];
    for (code, name, parent) in nodes {
        let input = json!({ "code": code, "name": name, "parentCode": parent, "urbanRural": "RURAL" });
        app.with(&admin).ok(CREATE_AREA, json!({ "input": input })).await;
    }
    let mut organizers = Vec::new();
    for (username, town) in [("organizer.a", TOWN_A), ("organizer.b", TOWN_B)] {
        let input = json!({ "username": username, "displayName": "镇街民政办", "password": PASSWORD,
                            "role": "TOWN_ORGANIZER", "areaCode": town });
        app.with(&admin).ok(CREATE_STAFF, json!({ "input": input })).await;
        organizers.push(app.token(username, PASSWORD).await);
    }
    let organizer_b = organizers.pop().expect("b");
    let organizer_a = organizers.pop().expect("a");
    Staff {
        admin,
        organizer_a,
        organizer_b,
    }
}

const CREATE_STAFF: &str = "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }";

fn id_number(year: i32, month: u32, day: u32, sequence: u16, sex: Sex) -> String {
    let birth = NaiveDate::from_ymd_opt(year, month, day).expect("date");
    IdNumber::from_parts_as_of(DISTRICT, birth, sequence, sex, tanfang_e2e::today())
        .expect("valid")
        .as_str()
        .to_string()
}

/// A complete, valid elder file input.
fn elder_input(name: &str, id_number: &str, village: &str) -> Value {
    json!({
        "name": name,
        "idNumber": id_number,
        "phone": "13812345678",
        "villageCode": village,
        "residenceAddress": "三组 12 号",
        "urbanRural": "RURAL",
        "abilityLevel": "MILDLY_IMPAIRED",
        "economicStatus": "MINIMUM_LIVING",
        "livingArrangement": "ALONE",
        "familyMembers": [
            { "name": "李强", "relation": "儿子", "phone": "13900001111", "visitsOften": false }
        ],
        "childrenAwayLocation": "广东东莞",
        "childrenAwaySince": "2019-02-01",
        "emergencyContacts": [
            { "name": "李强", "relation": "儿子", "phone": "13900001111" },
            { "name": "张丽", "relation": "村委会工作人员", "phone": "023-67001234" }
        ],
        "categories": ["LIVING_ALONE", "RURAL_LEFT_BEHIND"],
        "consent": "CONSENTED",
        "consentRecordedOn": "2025-06-01"
    })
}

async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    let query = format!("mutation($input: ElderFileInput!) {{ createElder(input: $input) {{ {ELDER_FIELDS} }} }}");
    app.with(token).ok(&query, json!({ "input": input })).await["createElder"].clone()
}

/// Rows in every table the elder mutations write.
fn rows(app: &TestApp) -> Vec<i64> {
    row_counts(
        app,
        &[
            "areas",
            "elders",
            "elder_categories",
            "elder_family_members",
            "elder_emergency_contacts",
            "elder_status_changes",
            "elder_changes",
            "elder_reviews",
            "audit_log",
        ],
    )
}

async fn an_elder_file_is_created_read_and_updated_with_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = tree(&app).await;
    let organizer = app.with(&staff.organizer_a);
    let id_no = id_number(1941, 5, 20, 31, Sex::Female);
    let created = create(&app, &staff.organizer_a, elder_input("王秀英", &id_no, VILLAGE_A1)).await;

    // Identity derives from the ID number and is masked on the way out.
    assert_eq!(created["sex"], "FEMALE", "{backend:?}");
    assert_eq!(created["birthDate"], "1941-05-20");
    assert_eq!(created["idNumber"], format!("{}********{}", &id_no[..6], &id_no[14..]));
    assert_eq!(created["phone"], "138****5678");
    assert_eq!(created["townCode"], TOWN_A);
    assert_eq!(created["serviceStatus"], "IN_SERVICE");
    assert_eq!(created["categories"], json!(["LIVING_ALONE", "RURAL_LEFT_BEHIND"]));
    assert_eq!(created["emergencyContacts"][0]["order"], 1);
    assert_eq!(created["emergencyContacts"][1]["relation"], "村委会工作人员");
    assert_eq!(created["familyMembers"][0]["phone"], "139****1111");
    assert_eq!(created["history"][0]["action"], "created");
    assert_eq!(created["version"], 1);

    // Read it back by id.
    let id = created["id"].as_str().expect("id").to_string();
    let read = organizer
        .ok(
            &format!("query($id: String!) {{ elder(id: $id) {{ {ELDER_FIELDS} }} }}"),
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["elder"], created);

    // Update: ability worsens, a category is added; the history names exactly that.
    let mut input = elder_input("王秀英", &id_no, VILLAGE_A1);
    input["abilityLevel"] = json!("SEVERELY_IMPAIRED");
    input["categories"] = json!(["LIVING_ALONE", "RURAL_LEFT_BEHIND", "DISABLED"]);
    let update = format!(
        "mutation($id: String!, $version: Int!, $input: ElderFileInput!) {{
            updateElder(id: $id, version: $version, input: $input) {{ {ELDER_FIELDS} }} }}"
    );
    let updated = organizer
        .ok(&update, json!({ "id": id, "version": 1, "input": input }))
        .await["updateElder"]
        .clone();
    assert_eq!(updated["abilityLevel"], "SEVERELY_IMPAIRED");
    assert_eq!(updated["version"], 2);
    let change: Value =
        serde_json::from_str(updated["history"][1]["changes"].as_str().expect("changes")).expect("JSON");
    let mut changed: Vec<&String> = change.as_object().expect("object").keys().collect();
    changed.sort();
    assert_eq!(changed, ["abilityLevel", "categories"]);
    assert_eq!(change["abilityLevel"], json!({ "before": "mild", "after": "severe" }));
    assert!(
        !updated["history"].to_string().contains(&id_no),
        "history must not hold the plain ID number"
    );

    // A stale version is refused and changes nothing.
    let before = rows(&app);
    let stale = organizer
        .graphql(&update, json!({ "id": id, "version": 1, "input": input }))
        .await;
    assert_eq!(error_code(&stale).as_deref(), Some("VERSION_CONFLICT"));
    assert_eq!(rows(&app), before);

    // Status: the elder moved out; the history keeps both statuses with their dates.
    let status = organizer
        .ok(
            "mutation($id: String!) { changeElderStatus(id: $id, version: 2, status: MOVED_OUT,
                effectiveOn: \"2026-01-05\", note: \"随子女迁往成都\") {
                serviceStatus serviceStatusSince version statusHistory { status effectiveOn note } } }",
            json!({ "id": id }),
        )
        .await;
    let status = &status["changeElderStatus"];
    assert_eq!(status["serviceStatus"], "MOVED_OUT");
    assert_eq!(status["serviceStatusSince"], "2026-01-05");
    assert_eq!(status["statusHistory"].as_array().map(Vec::len), Some(2));
    assert_eq!(status["statusHistory"][1]["note"], "随子女迁往成都");
}
per_backend!(an_elder_file_is_created_read_and_updated_with_history);

/// The edit screen reads the masked file: sending a masked value back keeps the stored one,
/// a new value replaces it.
async fn an_update_with_masked_values_keeps_the_stored_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = tree(&app).await;
    let organizer = app.with(&staff.organizer_a);
    let id_no = id_number(1940, 3, 2, 41, Sex::Male);
    let mut input = elder_input("赵德明", &id_no, VILLAGE_A1);
    input["disabilityCertificateNo"] = json!(format!("{id_no}42"));
    input["disabilityGrade"] = json!(3);
    let created = create(&app, &staff.organizer_a, input.clone()).await;
    let id = created["id"].as_str().expect("id").to_string();
    let read = organizer
        .ok(
            "query($id: String!) { elder(id: $id) { idNumber phone disabilityCertificateNo
                familyMembers { phone } emergencyContacts { phone } } }",
            json!({ "id": id }),
        )
        .await;
    let shown = &read["elder"];
    assert_ne!(shown["idNumber"], json!(id_no), "{backend:?}");

    // The form sends back what it read, masked; only the ability and the second contact change.
    input["idNumber"] = shown["idNumber"].clone();
    input["phone"] = shown["phone"].clone();
    input["disabilityCertificateNo"] = shown["disabilityCertificateNo"].clone();
    input["familyMembers"][0]["phone"] = shown["familyMembers"][0]["phone"].clone();
    input["emergencyContacts"][0]["phone"] = shown["emergencyContacts"][0]["phone"].clone();
    input["emergencyContacts"][1]["phone"] = json!("13700002222");
    input["abilityLevel"] = json!("MODERATELY_IMPAIRED");
    let updated = organizer
        .ok(
            "mutation($id: String!, $input: ElderFileInput!) {
                updateElder(id: $id, version: 1, input: $input) { abilityLevel version } }",
            json!({ "id": id, "input": input }),
        )
        .await;
    assert_eq!(updated["updateElder"]["abilityLevel"], "MODERATELY_IMPAIRED");
    let full = organizer
        .ok(
            "mutation($id: String!) { unmaskElder(id: $id, reason: \"核对档案\") {
                idNumber phone emergencyContactPhones disabilityCertificateNo } }",
            json!({ "id": id }),
        )
        .await;
    let full = &full["unmaskElder"];
    assert_eq!(full["idNumber"], json!(id_no));
    assert_eq!(full["phone"], "13812345678");
    assert_eq!(full["disabilityCertificateNo"], json!(format!("{id_no}42")));
    assert_eq!(full["emergencyContactPhones"], json!(["13900001111", "13700002222"]));
    let history = organizer
        .ok(
            "query($id: String!) { elder(id: $id) { history { changes } } }",
            json!({ "id": id }),
        )
        .await;
    let change: Value =
        serde_json::from_str(history["elder"]["history"][1]["changes"].as_str().expect("changes")).expect("JSON");
    let mut changed: Vec<&String> = change.as_object().expect("object").keys().collect();
    changed.sort();
    assert_eq!(changed, ["abilityLevel", "emergencyContacts"], "{change}");
}
per_backend!(an_update_with_masked_values_keeps_the_stored_ones);

async fn elders_are_listed_page_by_page_and_filtered(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = tree(&app).await;
    // 12 elders in A1, 8 in A2, 5 in B1; every third one is not living alone.
    let villages = [(VILLAGE_A1, 12), (VILLAGE_A2, 8), (VILLAGE_B1, 5)];
    let mut n = 0u16;
    let mut living_alone = 0;
    for (village, count) in villages {
        for _ in 0..count {
            n += 1;
            let mut input = elder_input(
                &format!("测试老人{n:02}"),
                &id_number(1940, 1, 1, 2 * n + 1, Sex::Male),
                village,
            );
            if n.is_multiple_of(3) {
                input["livingArrangement"] = json!("WITH_SPOUSE");
                input["categories"] = json!(["EMPTY_NEST"]);
            } else {
                living_alone += 1;
            }
            if n == 7 {
                input["name"] = json!("赵桂兰");
            }
            let writer = if village.starts_with(TOWN_A) {
                &staff.organizer_a
            } else {
                &staff.organizer_b
            };
            create(&app, writer, input).await;
        }
    }
    let admin = app.with(&staff.admin);

    let list = "query($first: Int, $after: String, $filter: ElderFilterInput) {
        elders(first: $first, after: $after, filter: $filter) {
            totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name villageCode categories } } } }";

    // Pages of 10 cover all 25 exactly once, in a stable order.
    let mut seen = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let page = admin.ok(list, json!({ "first": 10, "after": after })).await["elders"].clone();
        assert_eq!(page["totalCount"], 25, "{backend:?}");
        let edges = page["edges"].as_array().expect("edges").clone();
        seen.extend(edges.iter().map(|e| e["node"]["id"].as_str().expect("id").to_string()));
        pages += 1;
        if page["pageInfo"]["hasNextPage"] == json!(false) {
            break;
        }
        assert_eq!(edges.len(), 10);
        after = page["pageInfo"]["endCursor"].clone();
        assert!(pages < 10, "pagination does not end");
    }
    assert_eq!(pages, 3);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (25, 25));

    let count = |filter: Value| {
        let admin = &admin;
        async move {
            let page = admin.ok(list, json!({ "first": 100, "filter": filter })).await["elders"].clone();
            let total = page["totalCount"].as_i64().expect("count");
            assert_eq!(page["edges"].as_array().map(Vec::len), Some(total as usize));
            (total, page)
        }
    };
    assert_eq!(count(json!({ "townCode": TOWN_A })).await.0, 20);
    assert_eq!(count(json!({ "villageCode": VILLAGE_A2 })).await.0, 8);
    assert_eq!(
        count(json!({ "townCode": TOWN_B, "category": "LIVING_ALONE" })).await.0,
        3
    );
    assert_eq!(count(json!({ "category": "LIVING_ALONE" })).await.0, living_alone);
    assert_eq!(count(json!({ "serviceStatus": "IN_SERVICE" })).await.0, 25);
    assert_eq!(count(json!({ "serviceStatus": "DIED" })).await.0, 0);
    let (found, page) = count(json!({ "nameContains": "桂兰" })).await;
    assert_eq!(found, 1);
    assert_eq!(page["edges"][0]["node"]["name"], "赵桂兰");
    // `%` is a literal character, not a wildcard.
    assert_eq!(count(json!({ "nameContains": "%" })).await.0, 0);

    // A village outside the chosen town, a malformed cursor, a page too large: errors.
    let bad = admin
        .graphql(
            list,
            json!({ "filter": { "townCode": TOWN_B, "villageCode": VILLAGE_A1 } }),
        )
        .await;
    assert_eq!(error_fields(&bad), ["filter.villageCode"]);
    let bad = admin.graphql(list, json!({ "after": "not-a-cursor" })).await;
    assert_eq!(error_fields(&bad), ["after"]);
    let bad = admin.graphql(list, json!({ "first": 1000 })).await;
    assert_eq!(error_fields(&bad), ["first"]);
}
per_backend!(elders_are_listed_page_by_page_and_filtered);

async fn bad_input_names_the_field_and_writes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = tree(&app).await;
    let organizer = app.with(&staff.organizer_a);
    let good_id = id_number(1938, 9, 9, 101, Sex::Female);
    create(
        &app,
        &staff.organizer_a,
        elder_input("已建档老人", &good_id, VILLAGE_A1),
    )
    .await;

    let mut wrong_check = id_number(1940, 2, 29, 55, Sex::Male);
    let last = if wrong_check.ends_with('0') { "1" } else { "0" };
    wrong_check.replace_range(17..18, last);

    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "wrong check digit",
            json!({ "idNumber": wrong_check }),
            "idNumber",
            "check_digit",
        ),
        (
            "legacy 15 digits",
            json!({ "idNumber": "500112400101123" }),
            "idNumber",
            "legacy_15_digit",
        ),
        (
            "impossible date",
            json!({ "idNumber": "50011219410230001X" }),
            "idNumber",
            "",
        ),
        (
            "birth date mismatch",
            json!({ "birthDate": "1940-01-03" }),
            "birthDate",
            "birth_date_mismatch",
        ),
        (
            "unknown village",
            json!({ "villageCode": "500112001099" }),
            "villageCode",
            "unknown_village",
        ),
        (
            "a town is not a village",
            json!({ "villageCode": TOWN_A }),
            "villageCode",
            "",
        ),
        ("empty name", json!({ "name": "   " }), "name", "required"),
        (
            "not a phone",
            json!({ "phone": "12345" }),
            "phone",
            "not_a_phone_number",
        ),
        (
            "contact phone",
            json!({ "emergencyContacts": [{ "name": "李强", "relation": "儿子", "phone": "1390000" }] }),
            "emergencyContacts[0].phone",
            "not_a_phone_number",
        ),
        (
            "a family member's disability grade",
            json!({ "familyMembers": [{ "name": "李大山", "relation": "配偶", "disabilityGrade": 7 }] }),
            "familyMembers[0].disabilityGrade",
            "out_of_range",
        ),
        (
            "a family member's birth date and age both",
            json!({ "familyMembers": [{ "name": "李强", "relation": "儿子" },
                { "name": "李大山", "relation": "配偶", "birthDate": "1950-01-01", "age": 76 }] }),
            "familyMembers[1].age",
            "one_of",
        ),
        (
            "a family member's age",
            json!({ "familyMembers": [{ "name": "李大山", "relation": "配偶", "age": -3 }] }),
            "familyMembers[0].age",
            "out_of_range",
        ),
        (
            "a family member's age stated in the future",
            json!({ "familyMembers": [{ "name": "李大山", "relation": "配偶", "age": 70,
                "ageStatedOn": "2999-01-01" }] }),
            "familyMembers[0].ageStatedOn",
            "date_in_future",
        ),
        (
            "future date",
            json!({ "childrenAwaySince": "2999-01-01" }),
            "childrenAwaySince",
            "date_in_future",
        ),
        (
            "future assessment",
            json!({ "riskLevel": "HIGH", "riskAssessedOn": "2999-01-01" }),
            "riskAssessedOn",
            "date_in_future",
        ),
        (
            "refusal without note",
            json!({ "consent": "REFUSED" }),
            "consentNote",
            "required",
        ),
        (
            "duplicate ID number",
            json!({ "idNumber": good_id }),
            "idNumber",
            "duplicate",
        ),
    ];
    let query = "mutation($input: ElderFileInput!) { createElder(input: $input) { id } }";
    for (case, patch, field, code) in cases {
        let mut input = elder_input("测试", &id_number(1940, 1, 2, 7, Sex::Male), VILLAGE_A1);
        for (key, value) in patch.as_object().expect("patch") {
            input[key] = value.clone();
        }
        let before = rows(&app);
        let answer = organizer.graphql(query, json!({ "input": input })).await;
        assert_eq!(
            error_code(&answer).as_deref(),
            Some("INVALID_INPUT"),
            "{backend:?} {case}: {answer}"
        );
        assert_eq!(error_fields(&answer), [field], "{backend:?} {case}: {answer}");
        if !code.is_empty() {
            assert_eq!(answer["errors"][0]["extensions"]["fields"][0]["code"], code, "{case}");
        }
        let message = answer["errors"][0]["extensions"]["fields"][0]["message"]
            .as_str()
            .unwrap_or("");
        assert!(!message.is_empty(), "{case}: a message for the user");
        assert_eq!(rows(&app), before, "{backend:?} {case}: nothing written");
    }

    // Several problems at once are all reported.
    let mut input = elder_input("", "123", VILLAGE_A1);
    input["phone"] = json!("abc");
    let answer = organizer.graphql(query, json!({ "input": input })).await;
    assert_eq!(error_fields(&answer), ["name", "idNumber", "phone"]);

    // An area under the wrong parent is refused too.
    let answer = app
        .with(&staff.admin)
        .graphql(
            CREATE_AREA,
            json!({ "input": { "code": "500113001", "name": "错镇", "parentCode": DISTRICT } }),
        )
        .await;
    assert_eq!(error_fields(&answer), ["code"]);
}
per_backend!(bad_input_names_the_field_and_writes_nothing);

#[actix_rt::test]
async fn the_endpoint_refuses_batches_and_overly_deep_documents() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let app = app.anon();
    let (status, answer) = app.post_raw(r#"[{"query":"{ health }"},{"query":"{ health }"}]"#).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_REQUEST");

    let deep = format!("{{ districts {} code {} }}", "{ children ".repeat(30), "}".repeat(30));
    let (status, answer) = app.post_raw(&json!({ "query": deep }).to_string()).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("nesting exceeds"),
        "{answer}"
    );

    let (status, answer) = app.post_raw(r#"{"query":"{ health }"}"#).await;
    assert_eq!((status, answer["data"]["health"].as_str()), (200, Some("ok")));
}
