//! Access over HTTP on both backends: every role × operation × object inside/outside its
//! scope; token attacks; sessions; login throttling without an account-existence oracle;
//! unmasked reads with their audit entries.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang_e2e::{error_code, per_backend, row_counts, Backend, TestApp, LOGIN, PASSWORD};

const DISTRICT: &str = "500112";
const TOWN_A: &str = "500112001";
const TOWN_B: &str = "500112002";
const VILLAGE_A1: &str = "500112001001";
const VILLAGE_B1: &str = "500112002001";

const CREATE_AREA: &str = "mutation($input: AreaInput!) { createArea(input: $input) { code } }";
const CREATE_STAFF: &str = "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }";
const REGISTER_VISITOR: &str =
    "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id status } }";

fn id_number(year: i32, sequence: u16, sex: Sex) -> String {
    let birth = NaiveDate::from_ymd_opt(year, 3, 4).expect("date");
    IdNumber::from_parts_as_of(DISTRICT, birth, sequence, sex, tanfang_e2e::today())
        .expect("valid")
        .as_str()
        .to_string()
}

fn elder_input(name: &str, id: &str, village: &str) -> Value {
    json!({
        "name": name, "idNumber": id, "phone": "13812345678", "villageCode": village,
        "residenceAddress": "一组 1 号", "urbanRural": "RURAL", "abilityLevel": "MODERATELY_IMPAIRED",
        "diseaseHistory": "高血压", "economicStatus": "ORDINARY", "livingArrangement": "ALONE",
        "emergencyContacts": [{ "name": "李强", "relation": "儿子", "phone": "13900001111" }],
        "categories": ["LIVING_ALONE"], "consent": "CONSENTED", "consentRecordedOn": "2025-01-01",
        "sharesWithFamily": true
    })
}

/// The world every access test runs in.
struct World {
    app: TestApp,
    admin: String,
    organizer_a: String,
    staff_a1: String,
    visitor: String,
    school_admin: String,
    family: String,
    /// 市级管理员 of 5001, the city of [`DISTRICT`].
    city: String,
    elder_a: String,
    elder_b: String,
    next_visitor: std::cell::Cell<u16>,
}

impl World {
    async fn build(backend: Backend) -> World {
        let app = TestApp::spawn(backend).await;
        let admin = app.bootstrap(DISTRICT, "渝北区", "admin").await;
        for (code, parent) in [
            (TOWN_A, DISTRICT),
            (TOWN_B, DISTRICT),
            (VILLAGE_A1, TOWN_A),
            (VILLAGE_B1, TOWN_B),
        ] {
            let input = json!({ "code": code, "name": format!("区划{code}"), "parentCode": parent });
            app.with(&admin).ok(CREATE_AREA, json!({ "input": input })).await;
        }
        let staff = |username: &str, role: &str, area: Option<&str>, school: Option<&str>, elder: Option<&str>| {
            json!({ "input": { "username": username, "displayName": username, "password": PASSWORD,
                               "role": role, "areaCode": area, "schoolId": school, "elderId": elder } })
        };
        let create = |vars: Value| {
            let app = &app;
            let admin = admin.clone();
            async move { app.with(&admin).ok(CREATE_STAFF, vars).await }
        };
        create(staff("org.a", "TOWN_ORGANIZER", Some(TOWN_A), None, None)).await;
        create(staff("org.b", "TOWN_ORGANIZER", Some(TOWN_B), None, None)).await;
        create(staff("staff.a1", "VILLAGE_STAFF", Some(VILLAGE_A1), None, None)).await;
        let school = app
            .with(&admin)
            .ok(
                "mutation { createSchool(name: \"第一中学\", areaCode: \"500112\") { id } }",
                json!({}),
            )
            .await["createSchool"]["id"]
            .as_str()
            .expect("school id")
            .to_string();
        create(staff("school.admin", "SCHOOL_ADMIN", None, Some(&school), None)).await;
        let organizer_a = app.token("org.a", PASSWORD).await;
        let organizer_b = app.token("org.b", PASSWORD).await;
        let create_elder = "mutation($input: ElderFileInput!) { createElder(input: $input) { id } }";
        let elder_a = app
            .with(&organizer_a)
            .ok(
                create_elder,
                json!({ "input": elder_input("甲老人", &id_number(1940, 11, Sex::Male), VILLAGE_A1) }),
            )
            .await["createElder"]["id"]
            .as_str()
            .expect("id")
            .to_string();
        let elder_b = app
            .with(&organizer_b)
            .ok(
                create_elder,
                json!({ "input": elder_input("乙老人", &id_number(1941, 13, Sex::Male), VILLAGE_B1) }),
            )
            .await["createElder"]["id"]
            .as_str()
            .expect("id")
            .to_string();
        create(staff("family.a", "FAMILY", None, None, Some(&elder_a))).await;
        let world = World {
            staff_a1: app.token("staff.a1", PASSWORD).await,
            school_admin: app.token("school.admin", PASSWORD).await,
            family: app.token("family.a", PASSWORD).await,
            city: app.bootstrap_city("5001", "重庆市", "city.admin").await,
            visitor: String::new(),
            app,
            admin,
            organizer_a,
            elder_a,
            elder_b,
            next_visitor: std::cell::Cell::new(200),
        };
        let visitor_id = world.pending_visitor(VILLAGE_A1).await;
        world
            .app
            .with(&world.organizer_a)
            .ok(
                "mutation($id: String!) { approveVisitor(userId: $id) { status } }",
                json!({ "id": visitor_id }),
            )
            .await;
        let visitor = world
            .app
            .token(&format!("visitor{}", world.next_visitor.get() - 1), PASSWORD)
            .await;
        World { visitor, ..world }
    }

    /// Registers a new visitor at `village`; returns the pending account's id.
    async fn pending_visitor(&self, village: &str) -> String {
        let n = self.next_visitor.get();
        self.next_visitor.set(n + 1);
        let input = json!({ "username": format!("visitor{n}"), "password": PASSWORD, "realName": "志愿者",
                            "idNumber": id_number(1990, 2 * n + 1, Sex::Male), "phone": "13700000000",
                            "homeVillageCode": village, "kind": "VOLUNTEER" });
        let data = self.app.anon().ok(REGISTER_VISITOR, json!({ "input": input })).await;
        assert_eq!(data["registerVisitor"]["status"], "PENDING");
        data["registerVisitor"]["id"].as_str().expect("id").to_string()
    }
}

fn rows(app: &TestApp) -> Vec<i64> {
    row_counts(
        app,
        &["areas", "elders", "elder_reviews", "users", "audit_log", "schools"],
    )
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    ReadElderA,
    ReadElderB,
    ReviewElderA,
    ReviewElderB,
    UnmaskElderA,
    UnmaskElderB,
    ApproveVisitorA,
    ApproveVisitorB,
    CreateVillageInA,
    CreateVillageInB,
    FamilyView,
    AuditOfElderA,
    RegisterStudent,
}

/// Runs `op` as `token`; `true` when it was allowed (and did what it says).
async fn attempt(world: &World, token: &str, op: Op, case: u16) -> bool {
    let client = world.app.with(token);
    let read = "query($id: String!) { elder(id: $id) { id name } }";
    let review = "mutation($id: String!) { recordElderReview(id: $id, reviewedOn: \"2026-01-02\", reviewer: \"复核人\") { id } }";
    let unmask = "mutation($id: String!) { unmaskElder(id: $id, reason: \"核实紧急联系人\") { idNumber } }";
    let approve = "mutation($id: String!) { approveVisitor(userId: $id) { status } }";
    let answer = match op {
        Op::ReadElderA => client.graphql(read, json!({ "id": world.elder_a })).await,
        Op::ReadElderB => client.graphql(read, json!({ "id": world.elder_b })).await,
        Op::ReviewElderA => client.graphql(review, json!({ "id": world.elder_a })).await,
        Op::ReviewElderB => client.graphql(review, json!({ "id": world.elder_b })).await,
        Op::UnmaskElderA => client.graphql(unmask, json!({ "id": world.elder_a })).await,
        Op::UnmaskElderB => client.graphql(unmask, json!({ "id": world.elder_b })).await,
        Op::ApproveVisitorA | Op::ApproveVisitorB => {
            let village = if op == Op::ApproveVisitorA {
                VILLAGE_A1
            } else {
                VILLAGE_B1
            };
            let id = world.pending_visitor(village).await;
            client.graphql(approve, json!({ "id": id })).await
        }
        Op::CreateVillageInA | Op::CreateVillageInB => {
            let town = if op == Op::CreateVillageInA { TOWN_A } else { TOWN_B };
            let input = json!({ "code": format!("{town}{:03}", 100 + case), "name": "新村", "parentCode": town });
            client.graphql(CREATE_AREA, json!({ "input": input })).await
        }
        Op::FamilyView => client.graphql("{ myElder { elderId name } }", json!({})).await,
        Op::AuditOfElderA => {
            let answer = client
                .graphql(
                    "query($id: String) { auditLog(objectId: $id) { action areaCode } }",
                    json!({ "id": world.elder_a }),
                )
                .await;
            let seen = answer["data"]["auditLog"]
                .as_array()
                .is_some_and(|entries| !entries.is_empty());
            return answer.get("errors").is_none() && seen;
        }
        Op::RegisterStudent => {
            let input = json!({ "username": format!("student{case}"), "password": PASSWORD, "realName": "学生",
                                "idNumber": id_number(2001, 2 * case + 1, Sex::Male) });
            client
                .graphql(
                    "mutation($input: StudentInput!) { registerStudent(input: $input) { id } }",
                    json!({ "input": input }),
                )
                .await
        }
    };
    let data_present = answer["data"]
        .as_object()
        .is_some_and(|d| d.values().all(|v| !v.is_null()));
    if answer.get("errors").is_some() {
        let code = error_code(&answer).unwrap_or_default();
        let field_code = answer["errors"][0]["extensions"]["fields"][0]["code"]
            .as_str()
            .unwrap_or("");
        assert!(
            matches!(code.as_str(), "FORBIDDEN" | "NOT_FOUND" | "UNAUTHENTICATED")
                || (code == "INVALID_INPUT" && field_code == "out_of_scope"),
            "{op:?}: a denial must say so, got {answer}"
        );
        false
    } else {
        data_present
    }
}

per_backend!(every_role_reaches_exactly_its_scope);
async fn every_role_reaches_exactly_its_scope(backend: Backend) {
    use Op::*;
    // Expected outcome per operation for: district admin, town organizer A, village staff A1,
    // visitor, school admin, family of elder A, and the city admin above the district (who
    // reads figures only: no file, record, account, area or audit entry below it).
    let table: [(Op, [bool; 7]); 13] = [
        (ReadElderA, [true, true, true, false, false, false, false]),
        (ReadElderB, [true, false, false, false, false, false, false]),
        (ReviewElderA, [false, true, true, false, false, false, false]),
        (ReviewElderB, [false, false, false, false, false, false, false]),
        (UnmaskElderA, [true, true, true, false, false, false, false]),
        (UnmaskElderB, [true, false, false, false, false, false, false]),
        (ApproveVisitorA, [true, true, false, false, false, false, false]),
        (ApproveVisitorB, [true, false, false, false, false, false, false]),
        (CreateVillageInA, [true, true, false, false, false, false, false]),
        (CreateVillageInB, [true, false, false, false, false, false, false]),
        (FamilyView, [false, false, false, false, false, true, false]),
        (AuditOfElderA, [true, true, false, false, false, false, false]),
        (RegisterStudent, [false, false, false, false, true, false, false]),
    ];
    {
        let world = World::build(backend).await;
        let roles = [
            ("district admin", world.admin.clone()),
            ("town organizer A", world.organizer_a.clone()),
            ("village staff A1", world.staff_a1.clone()),
            ("visitor", world.visitor.clone()),
            ("school admin", world.school_admin.clone()),
            ("family of A", world.family.clone()),
            ("city admin", world.city.clone()),
        ];
        let mut wrong = Vec::new();
        let mut case = 0;
        for (op, expected) in table {
            for ((role, token), allowed) in roles.iter().zip(expected) {
                case += 1;
                let before = rows(&world.app);
                let got = attempt(&world, token, op, case).await;
                if got != allowed {
                    wrong.push(format!("{role} × {op:?}: expected {allowed}, got {got}"));
                }
                if !got && !matches!(op, ApproveVisitorA | ApproveVisitorB) {
                    assert_eq!(
                        rows(&world.app),
                        before,
                        "{backend:?} {role} × {op:?}: a denial writes nothing"
                    );
                }
            }
        }
        assert!(wrong.is_empty(), "{backend:?}:\n{}", wrong.join("\n"));

        // Anonymous callers reach nothing but login and registration.
        let anon = world.app.anon();
        let answer = anon
            .graphql(
                "query($id: String!) { elder(id: $id) { id } }",
                json!({ "id": world.elder_a }),
            )
            .await;
        assert_eq!(error_code(&answer).as_deref(), Some("UNAUTHENTICATED"));
        let answer = anon.graphql("{ districts { code } }", json!({})).await;
        assert_eq!(error_code(&answer).as_deref(), Some("UNAUTHENTICATED"));
    }
}

async fn personal_data_is_masked_unmasking_is_audited_and_health_is_need_to_know(backend: Backend) {
    let world = World::build(backend).await;
    let organizer = world.app.with(&world.organizer_a);
    let elder = organizer
        .ok(
            "query($id: String!) { elder(id: $id) { idNumber phone abilityLevel diseaseHistory } }",
            json!({ "id": world.elder_a }),
        )
        .await["elder"]
        .clone();
    let full = id_number(1940, 11, Sex::Male);
    assert_eq!(
        elder["idNumber"],
        format!("{}********{}", &full[..6], &full[14..]),
        "{backend:?}"
    );
    assert_eq!(elder["phone"], "138****5678");
    assert_eq!(elder["abilityLevel"], "MODERATELY_IMPAIRED");

    // Unmasking needs a reason …
    let answer = organizer
        .graphql(
            "mutation($id: String!) { unmaskElder(id: $id, reason: \" \") { idNumber } }",
            json!({ "id": world.elder_a }),
        )
        .await;
    assert_eq!(error_code(&answer).as_deref(), Some("INVALID_INPUT"));
    // … and is written to the audit log with it.
    let unmasked = organizer
        .ok(
            "mutation($id: String!) { unmaskElder(id: $id, reason: \"联系家属核实情况\") { idNumber phone emergencyContactPhones } }",
            json!({ "id": world.elder_a }),
        )
        .await["unmaskElder"]
        .clone();
    assert_eq!(unmasked["idNumber"], full);
    assert_eq!(unmasked["phone"], "13812345678");
    assert_eq!(unmasked["emergencyContactPhones"], json!(["13900001111"]));
    let log = world
        .app
        .with(&world.admin)
        .ok(
            "query($id: String) { auditLog(objectId: $id) { action actorRole reason before after } }",
            json!({ "id": world.elder_a }),
        )
        .await["auditLog"]
        .clone();
    let unmask_entry = log
        .as_array()
        .and_then(|entries| entries.iter().find(|e| e["action"] == "elder.unmask"))
        .cloned()
        .expect("an audit entry for the unmasked read");
    assert_eq!(unmask_entry["reason"], "联系家属核实情况");
    assert_eq!(unmask_entry["actorRole"], "town_organizer");
    assert!(
        !log.to_string().contains(&full),
        "the audit log holds no plaintext ID number"
    );
    let created = log
        .as_array()
        .and_then(|entries| entries.iter().find(|e| e["action"] == "elder.create"))
        .cloned()
        .expect("creation is audited with the file");
    assert!(created["after"].as_str().unwrap_or("").contains("abilityLevel"));

    // Family sees the elder's name and status, never health or identity.
    let family = world
        .app
        .with(&world.family)
        .ok("{ myElder { name serviceStatus } }", json!({}))
        .await;
    assert_eq!(family["myElder"]["name"], "甲老人");
    let schema_answer = world
        .app
        .with(&world.family)
        .graphql("{ myElder { idNumber } }", json!({}))
        .await;
    assert!(
        schema_answer.get("errors").is_some(),
        "the family view has no identity field"
    );
}
per_backend!(personal_data_is_masked_unmasking_is_audited_and_health_is_need_to_know);

async fn forged_expired_and_revoked_tokens_are_refused(backend: Backend) {
    let world = World::build(backend).await;
    let app = &world.app;
    let me = "{ me { username role } }";
    let status = |token: String| {
        let app = &world.app;
        async move { app.with(&token).post_raw(&json!({ "query": me }).to_string()).await.0 }
    };
    assert_eq!(
        status(world.organizer_a.clone()).await,
        200,
        "{backend:?}: a valid token works"
    );

    let claims: Value = {
        let payload = world.organizer_a.split('.').nth(1).expect("payload");
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("claims")
    };
    let (sub, sid) = (
        claims["sub"].as_str().expect("sub"),
        claims["sid"].as_str().expect("sid"),
    );
    let keys = app.keys();
    let signer = keys.token_signer();

    // alg: none
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"at+jwt"}"#);
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    assert_eq!(status(format!("{header}.{body}.")).await, 401, "alg none");

    // The right claims signed with another key.
    let forge = |secret: &[u8], claims: &Value| {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.typ = Some("at+jwt".into());
        jsonwebtoken::encode(&header, claims, &jsonwebtoken::EncodingKey::from_secret(secret)).expect("encode")
    };
    assert_eq!(
        status(forge(b"another-key-another-key-another!!", &claims)).await,
        401,
        "wrong key"
    );

    // Signed with the server's own key but for another audience.
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&app.key_file).expect("key file")).expect("json");
    let secret = STANDARD
        .decode(file["token_key"].as_str().expect("token_key"))
        .expect("base64");
    assert_eq!(
        status(forge(&secret, &claims)).await,
        200,
        "control: a forged copy with the real key passes"
    );
    let mut other_audience = claims.clone();
    other_audience["aud"] = json!("someone-else");
    assert_eq!(status(forge(&secret, &other_audience)).await, 401, "wrong audience");

    // Expired, and not yet valid.
    let expired = signer
        .issue_access(sub, sid, tanfang_e2e::now() - TimeDelta::hours(2))
        .expect("issue");
    assert_eq!(status(expired).await, 401, "expired");
    let early = signer
        .issue_access(sub, sid, tanfang_e2e::now() + TimeDelta::hours(2))
        .expect("issue");
    assert_eq!(status(early).await, 401, "not yet valid");

    // A refresh token is not an access token.
    let login = app.anon().ok(LOGIN, json!({ "u": "org.a", "p": PASSWORD })).await["login"].clone();
    let (access, refresh) = (
        login["accessToken"].as_str().expect("a"),
        login["refreshToken"].as_str().expect("r"),
    );
    assert_eq!(status(refresh.to_string()).await, 401, "refresh token as access token");

    // Refresh rotates; reusing the old refresh token signs the account out everywhere.
    let refreshed = app
        .anon()
        .ok(
            "mutation($r: String!) { refresh(refreshToken: $r) { accessToken refreshToken } }",
            json!({ "r": refresh }),
        )
        .await["refresh"]
        .clone();
    let new_access = refreshed["accessToken"].as_str().expect("new").to_string();
    assert_eq!(status(new_access.clone()).await, 200);
    let reuse = app
        .anon()
        .graphql(
            "mutation($r: String!) { refresh(refreshToken: $r) { accessToken } }",
            json!({ "r": refresh }),
        )
        .await;
    assert_eq!(error_code(&reuse).as_deref(), Some("UNAUTHENTICATED"));
    assert_eq!(status(new_access).await, 401, "reuse revokes the rotated session");
    assert_eq!(
        status(access.to_string()).await,
        401,
        "the original session ended at rotation"
    );

    // Logout ends the session.
    let token = app.token("staff.a1", PASSWORD).await;
    app.with(&token).ok("mutation { logout }", json!({})).await;
    assert_eq!(status(token).await, 401, "revoked session");

    // A password change ends every session; an admin can end someone's sessions too.
    let first = app.token("org.b", PASSWORD).await;
    let second = app.token("org.b", PASSWORD).await;
    app.with(&first)
        .ok(
            "mutation { changePassword(currentPassword: \"correct-horse-42\", newPassword: \"battery-staple-77\") }",
            json!({}),
        )
        .await;
    assert_eq!(status(first).await, 401);
    assert_eq!(status(second).await, 401);
    let fresh = app.token("org.b", "battery-staple-77").await;
    let org_b_id = app
        .with(&fresh)
        .ok(me.replace("username", "id username").as_str(), json!({}))
        .await["me"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.with(&world.admin)
        .ok(
            "mutation($id: String!) { revokeSessions(userId: $id) }",
            json!({ "id": org_b_id }),
        )
        .await;
    assert_eq!(status(fresh).await, 401, "revoked by an admin");
    assert_eq!(status("not-a-jwt".into()).await, 401);
}
per_backend!(forged_expired_and_revoked_tokens_are_refused);

async fn repeated_failures_lock_the_account_and_never_reveal_whether_it_exists(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.bootstrap(DISTRICT, "渝北区", "admin").await;
    let attempt = |user: &'static str, password: &'static str| {
        let app = &app;
        async move { app.anon().graphql(LOGIN, json!({ "u": user, "p": password })).await }
    };
    let wrong = attempt("admin", "wrong-password-1").await;
    let unknown = attempt("nobody.here", "wrong-password-1").await;
    assert_eq!(error_code(&wrong).as_deref(), Some("LOGIN_FAILED"), "{backend:?}");
    assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
    assert_eq!(wrong["errors"][0]["extensions"], unknown["errors"][0]["extensions"]);

    for _ in 0..4 {
        attempt("admin", "wrong-password-1").await;
    }
    let locked = attempt("admin", PASSWORD).await;
    assert_eq!(
        error_code(&locked).as_deref(),
        Some("LOGIN_LOCKED"),
        "the right password is refused while locked: {locked}"
    );
    // It says when to try again: 15 minutes from the last failure, Beijing time (this minute
    // or the next, as the clock runs on).
    let at = |minutes: i64| {
        (tanfang_e2e::now() + chrono::TimeDelta::minutes(minutes))
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
            .format("%H:%M")
            .to_string()
    };
    let message = locked["errors"][0]["message"].as_str().unwrap_or_default().to_string();
    assert!(
        (message.contains(&at(15)) || message.contains(&at(14))) && message.contains("之后再试"),
        "{message} ({})",
        at(15)
    );
    // A name nobody has is locked the same way: the lock still tells nothing of accounts.
    for _ in 0..4 {
        attempt("nobody.here", "wrong-password-1").await;
    }
    let nobody = attempt("nobody.here", PASSWORD).await;
    assert_eq!(error_code(&nobody).as_deref(), Some("LOGIN_LOCKED"), "{nobody}");
    // The lock is per account: another account from the same address still gets in.
    let other = app.bootstrap("500113", "江北区", "admin2").await;
    assert!(!other.is_empty());
}
per_backend!(repeated_failures_lock_the_account_and_never_reveal_whether_it_exists);

async fn visitors_wait_for_approval_and_minors_need_a_guardian(backend: Backend) {
    let world = World::build(backend).await;
    let app = &world.app;
    // A pending visitor can sign in and see themselves, nothing else.
    let id = world.pending_visitor(VILLAGE_A1).await;
    let username = format!("visitor{}", world.next_visitor.get() - 1);
    let token = app.token(&username, PASSWORD).await;
    let me = app.with(&token).ok("{ me { id status role } }", json!({})).await;
    assert_eq!(me["me"]["status"], "PENDING", "{backend:?}");
    assert_eq!(me["me"]["id"], id);

    // Self-registration refuses minors and students, and duplicate ID numbers.
    let minor = json!({ "username": "kid", "password": PASSWORD, "realName": "小明",
                        "idNumber": id_number(2015, 21, Sex::Male), "phone": "13700000001",
                        "homeVillageCode": VILLAGE_A1, "kind": "VOLUNTEER" });
    let answer = app.anon().graphql(REGISTER_VISITOR, json!({ "input": minor })).await;
    assert_eq!(answer["errors"][0]["extensions"]["fields"][0]["code"], "minor");

    // A school registers a minor only with the guardian's consent on record.
    let student = |with_guardian: bool| {
        let mut input = json!({ "username": "pupil", "password": PASSWORD, "realName": "小红",
                                "idNumber": id_number(2011, 22, Sex::Female) });
        if with_guardian {
            input["guardianName"] = json!("红妈妈");
            input["guardianRelation"] = json!("母亲");
            input["guardianPhone"] = json!("13600000000");
            input["guardianConsentOn"] = json!((tanfang_e2e::today() - chrono::TimeDelta::days(30)).to_string());
        }
        json!({ "input": input })
    };
    let register =
        "mutation($input: StudentInput!) { registerStudent(input: $input) { isMinor visitorKind guardianName } }";
    let answer = app.with(&world.school_admin).graphql(register, student(false)).await;
    let fields: Vec<&str> = answer["errors"][0]["extensions"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        ["guardianName", "guardianRelation", "guardianPhone", "guardianConsentOn"]
    );
    let ok = app.with(&world.school_admin).ok(register, student(true)).await;
    assert_eq!(ok["registerStudent"]["isMinor"], true);
    assert_eq!(ok["registerStudent"]["visitorKind"], "STUDENT");

    // The school sees its students only.
    let accounts = app
        .with(&world.school_admin)
        .ok("{ accounts(first: 100) { nodes { username visitorKind } } }", json!({}))
        .await;
    let names: Vec<&str> = accounts["accounts"]["nodes"]
        .as_array()
        .map(|n| n.iter().filter_map(|a| a["username"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&"pupil") && !names.contains(&"org.a"), "{names:?}");
}
per_backend!(visitors_wait_for_approval_and_minors_need_a_guardian);
