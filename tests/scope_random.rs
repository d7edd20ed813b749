//! A randomized scope test on both backends: hundreds of random (actor, object, operation)
//! triples over a small demo district, with zero reads or writes outside the actor's scope.
//!
//! The truth is computed independently of the server: the places and ID numbers come from the
//! demo generator, the current rows from plain SQL on the test's own connection, and who may do
//! what from this file's own table of roles (DOMAIN.md §1). "Inside the scope" is the plain
//! prefix test of administrative codes, not the server's range queries.
//!
//! The objects asked for: elder files (read, list, write, unmask), accounts, the audit log, visit
//! slots, visitor profiles, ledger statements, visit records (in full, as a summary, or not at
//! all) and risk cases, over the demo district's three towns.
//!
//! Each run plays a fixed seed and one fresh random seed and prints both;
//! `TANFANG_SCOPE_SEED=<seed>` replays a failure, and `TANFANG_SCOPE_OPS=<n>` changes the
//! number of random operations.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use diesel::sql_types::{Bool, Integer, Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl};
use indicatif::ProgressBar;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, IteratorRandom};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use tanfang::db::{Database, DbConn};
use tanfang::demo::generate::{self, DemoArea, DemoPlan};
use tanfang::demo::{DEMO_PASSWORD, DEMO_SCHOOL_ID};
use tanfang::domain::area::{AreaLevel, UrbanRural};
use tanfang::domain::id_number::{IdNumber, Sex};
use tanfang::domain::ledger::AccountKey;
use tanfang_e2e::{count, error_code, per_backend, Backend, TestApp, PASSWORD};

/// Random operations per backend (after the set-up).
const DEFAULT_OPERATIONS: usize = 800;
const DISTRICT: &str = generate::DEMO_DISTRICT_CODE;

// --- The truth, read with plain SQL -------------------------------------------------------

#[derive(QueryableByName, Debug, Clone)]
struct ElderTruth {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    village_code: String,
    #[diesel(sql_type = Integer)]
    version: i32,
    #[diesel(sql_type = Bool)]
    shares_with_family: bool,
    #[diesel(sql_type = Text)]
    service_status: String,
    #[diesel(sql_type = Text)]
    id_number_masked: String,
}

#[derive(QueryableByName, Debug, Clone)]
struct UserTruth {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Nullable<Text>)]
    area_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    school_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    elder_id: Option<String>,
    #[diesel(sql_type = Text)]
    status: String,
}

#[derive(QueryableByName, Debug, Clone)]
struct IdTruth {
    #[diesel(sql_type = Text)]
    id: String,
}

/// A ledger account and where it lies: its holder, its school, its elder's village.
#[derive(QueryableByName, Debug, Clone)]
struct AccountTruth {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Nullable<Text>)]
    user_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    school_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    elder_village: Option<String>,
}

/// A visit record and where it lies.
#[derive(QueryableByName, Debug, Clone)]
struct RecordTruth {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    village_code: String,
    #[diesel(sql_type = Text)]
    visitor_id: String,
    #[diesel(sql_type = Text)]
    submitted_by: String,
}

/// An uploaded photo and who uploaded it.
#[derive(QueryableByName, Debug, Clone)]
struct PhotoTruth {
    #[diesel(sql_type = Text)]
    sha256: String,
    #[diesel(sql_type = Text)]
    uploaded_by: String,
}

/// A risk case and the village of its elder.
#[derive(QueryableByName, Debug, Clone)]
struct CaseTruth {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    village_code: String,
}

fn all_cases(conn: &mut DbConn) -> Vec<CaseTruth> {
    diesel::sql_query("SELECT id, village_code FROM risk_cases ORDER BY id")
        .load(conn)
        .expect("cases")
}

/// The referrals of a case, as stored.
fn referrals_of(conn: &mut DbConn, case_id: &str) -> BTreeSet<String> {
    ids(
        conn,
        &format!("SELECT id FROM referrals WHERE case_id = {}", lit(case_id)),
    )
}

/// The ids in a GraphQL list of `{ id }`.
fn listed(list: &Value, key: &str) -> BTreeSet<String> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i[key].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn all_records(conn: &mut DbConn) -> Vec<RecordTruth> {
    diesel::sql_query("SELECT id, village_code, visitor_id, submitted_by FROM visit_records ORDER BY id")
        .load(conn)
        .expect("records")
}

fn ids(conn: &mut DbConn, sql: &str) -> BTreeSet<String> {
    diesel::sql_query(sql)
        .load::<IdTruth>(conn)
        .expect("read ids")
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn all_ledger_accounts(conn: &mut DbConn) -> Vec<AccountTruth> {
    diesel::sql_query(
        "SELECT a.id, a.user_id, a.school_id, e.village_code AS elder_village \
         FROM ledger_accounts a LEFT JOIN elders e ON e.id = a.elder_id ORDER BY a.id",
    )
    .load(conn)
    .expect("read ledger accounts")
}

fn all_elders(conn: &mut DbConn) -> Vec<ElderTruth> {
    diesel::sql_query(
        "SELECT id, name, village_code, version, shares_with_family, service_status, id_number_masked \
         FROM elders ORDER BY id",
    )
    .load(conn)
    .expect("read elders")
}

fn all_users(conn: &mut DbConn) -> Vec<UserTruth> {
    diesel::sql_query("SELECT id, username, role, area_code, school_id, elder_id, status FROM users ORDER BY id")
        .load(conn)
        .expect("read users")
}

/// A string literal for the few queries that name one row (ids are UUIDs; quotes doubled anyway).
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

const TABLES: [&str; 13] = [
    "areas",
    "schools",
    "users",
    "sessions",
    "elders",
    "elder_categories",
    "elder_family_members",
    "elder_emergency_contacts",
    "elder_status_changes",
    "elder_changes",
    "elder_reviews",
    "audit_log",
    "login_throttle",
];

/// Everything a scoped write could change, as one comparable string.
fn fingerprint(conn: &mut DbConn) -> String {
    let mut out = String::new();
    for table in TABLES {
        let n = count(conn, &format!("SELECT COUNT(*) AS n FROM {table}"));
        let _ = write!(out, "{table}={n};");
    }
    let live = count(conn, "SELECT COUNT(*) AS n FROM sessions WHERE revoked_at IS NULL");
    let _ = write!(out, "live_sessions={live};");
    for e in all_elders(conn) {
        let _ = write!(
            out,
            "{}:{}:{}:{}:{};",
            e.id, e.village_code, e.version, e.service_status, e.shares_with_family
        );
    }
    for u in all_users(conn) {
        let _ = write!(out, "{}:{}:{:?};", u.id, u.status, u.area_code);
    }
    out
}

// --- Who may do what: this test's own model of DOMAIN.md §1 -------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    ReadElders,
    WriteElders,
    Unmask,
    ListAccounts,
    Approve,
    Audit,
    Revoke,
    PlanVisits,
    RecordVisits,
    SpotCheck,
}

fn role_may(role: &str, act: Act) -> bool {
    use Act::*;
    match role {
        "district_admin" => matches!(
            act,
            ReadElders | Unmask | ListAccounts | Approve | Audit | Revoke | PlanVisits | SpotCheck
        ),
        "town_organizer" => matches!(
            act,
            ReadElders | WriteElders | Unmask | ListAccounts | Approve | Audit | Revoke | PlanVisits | RecordVisits
        ),
        "village_staff" => matches!(act, ReadElders | WriteElders | Unmask | RecordVisits),
        "visitor" => matches!(act, RecordVisits),
        // A school admin lists the school's own accounts, nothing in the tree.
        "school_admin" => matches!(act, ListAccounts),
        // The city admin (the demo's city.admin over 5001) reads the districts' figures
        // only: none of these acts on a file, account, visit or the audit log.
        "city_admin" => false,
        _ => false,
    }
}

fn may_create(creator: &str, role: &str) -> bool {
    match creator {
        "district_admin" => matches!(
            role,
            "district_admin" | "town_organizer" | "village_staff" | "school_admin" | "family"
        ),
        "town_organizer" => matches!(role, "village_staff" | "family"),
        _ => false,
    }
}

impl UserTruth {
    fn anonymous() -> UserTruth {
        UserTruth {
            id: String::new(),
            username: "anonymous".into(),
            role: "anonymous".into(),
            area_code: None,
            school_id: None,
            elder_id: None,
            status: "active".into(),
        }
    }

    fn is_anonymous(&self) -> bool {
        self.id.is_empty()
    }

    fn can(&self, act: Act) -> bool {
        !self.is_anonymous() && self.status == "active" && role_may(&self.role, act)
    }

    /// Whether a place (district, town or village code) lies in the actor's subtree. Only the
    /// roles held in the tree reach any place.
    fn reaches(&self, code: &str) -> bool {
        matches!(
            self.role.as_str(),
            "district_admin" | "town_organizer" | "village_staff"
        ) && self.area_code.as_deref().is_some_and(|a| code.starts_with(a))
    }

    fn label(&self) -> String {
        if self.is_anonymous() {
            return "anonymous".into();
        }
        let place = self
            .area_code
            .clone()
            .or_else(|| self.school_id.clone())
            .unwrap_or_default();
        format!("{}[{} @{} {}]", self.username, self.role, place, self.status)
    }
}

// --- Operations ---------------------------------------------------------------------------

const READ_ELDER: &str = "query($id: String!) { elder(id: $id) { id villageCode version } }";
const LIST_ELDERS: &str = "query($f: ElderFilterInput) {
    elders(first: 100, filter: $f) { totalCount pageInfo { hasNextPage } edges { node { id villageCode } } } }";
const MY_ELDER: &str = "{ myElder { elderId } }";
const UPDATE_ELDER: &str = "mutation($id: String!, $v: Int!, $input: ElderFileInput!) {
    updateElder(id: $id, version: $v, input: $input) { id version villageCode } }";
const CHANGE_STATUS: &str = "mutation($id: String!, $v: Int!, $s: ServiceStatus!, $on: LocalDate!) {
    changeElderStatus(id: $id, version: $v, status: $s, effectiveOn: $on, note: \"随机范围测试\") { id version } }";
const RECORD_REVIEW: &str = "mutation($id: String!, $on: LocalDate!) {
    recordElderReview(id: $id, reviewedOn: $on, reviewer: \"随机复核员\", note: \"范围测试\") { id } }";
const UNMASK: &str = "mutation($id: String!) { unmaskElder(id: $id, reason: \"范围测试核对身份\") { idNumber } }";
const ACCOUNTS: &str = "query($after: String, $s: AccountStatus) {
    accounts(first: 100, after: $after, status: $s) {
        nodes { id areaCode role schoolId } pageInfo { hasNextPage endCursor } } }";
const APPROVE: &str = "mutation($id: String!) { approveVisitor(userId: $id) { id status } }";
const CREATE_STAFF: &str = "mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id areaCode } }";
const REGISTER: &str = "mutation($input: VisitorRegistrationInput!) { registerVisitor(input: $input) { id status } }";
const AUDIT: &str = "query($after: String, $o: String) {
    auditLog(first: 100, after: $after, objectId: $o) { cursor areaCode action objectId } }";
const REVOKE: &str = "mutation($id: String!) { revokeSessions(userId: $id) }";
const SLOTS: &str = "query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a) { id villageCode } }";
const PROFILE: &str = "query($u: String!) { visitorProfile(userId: $u) { userId } }";
const STATEMENT: &str = "query($a: String!) { ledgerStatement(accountId: $a, first: 5) { id } }";
const MY_ACCOUNTS: &str = "{ myLedgerAccounts { id } }";
const READ_RECORD: &str = "query($id: String!) { visitRecord(id: $id) { id full } }";
const READ_CASE: &str = "query($id: String!) { riskCase(id: $id) { id followUps { id } referrals { id } } }";
const CASE_BOARD: &str = "query($a: String!) { riskCases(areaCode: $a) { id referrals { id } } }";
const DRAFTS: &str = "{ myRecordDrafts { submissionId } }";
const SAMPLE: &str = "query($m: String!) { spotCheckSample(month: $m) { id } }";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ElderWrite {
    Update,
    Move,
    Status,
    Review,
    Unmask,
}

struct Run<'a> {
    app: &'a TestApp,
    backend: Backend,
    conn: DbConn,
    rng: StdRng,
    areas: Vec<DemoArea>,
    /// Elder id → the full ID number (from the generator).
    id_numbers: HashMap<String, String>,
    /// Username → password, for every account the test can sign in as.
    passwords: HashMap<String, String>,
    tokens: HashMap<String, String>,
    today: NaiveDate,
    /// The month whose slots are generated (`YYYY-MM`).
    month: String,
    serial: usize,
    checks: usize,
    logins: usize,
    violations: Vec<String>,
    /// (operation, whether access was expected) → checks: the run must exercise both sides.
    tally: BTreeMap<(String, bool), usize>,
}

impl Run<'_> {
    fn codes(&self, level: AreaLevel) -> Vec<String> {
        self.areas
            .iter()
            .filter(|a| a.level == level)
            .map(|a| a.code.clone())
            .collect()
    }

    fn random_code(&mut self, level: AreaLevel) -> String {
        self.codes(level)
            .choose(&mut self.rng)
            .cloned()
            .expect("areas of the level")
    }

    /// Half the time a place of `level` inside the actor's subtree (when there is one), else
    /// any place of that level.
    fn code_near(&mut self, who: &UserTruth, level: AreaLevel) -> String {
        let inside: Vec<String> = self.codes(level).into_iter().filter(|c| who.reaches(c)).collect();
        match inside.choose(&mut self.rng) {
            Some(code) if self.rng.random_bool(0.5) => code.clone(),
            _ => self.random_code(level),
        }
    }

    fn urban_rural(&self, village: &str) -> &'static str {
        match self
            .areas
            .iter()
            .find(|a| a.code == village)
            .and_then(|a| a.urban_rural)
        {
            Some(UrbanRural::Urban) => "URBAN",
            _ => "RURAL",
        }
    }

    fn next(&mut self) -> usize {
        self.serial += 1;
        self.serial
    }

    /// Records one check; a failed one becomes a violation. `granted` says whether the actor was
    /// expected to get the data or make the change.
    #[allow(clippy::too_many_arguments)]
    fn check(&mut self, ok: bool, granted: bool, who: &UserTruth, op: &str, object: &str, expected: &str, got: &Value) {
        self.checks += 1;
        *self.tally.entry((op.to_string(), granted)).or_default() += 1;
        if !ok {
            let mut got = got.to_string();
            if got.len() > 400 {
                got.truncate(400);
                got.push('…');
            }
            self.violations.push(format!(
                "[{:?}] {} {op} {object}: expected {expected}, got {got}",
                self.backend,
                who.label()
            ));
        }
    }

    /// The actor's access token, signing in once per account (argon2 is slow by design).
    async fn token(&mut self, who: &UserTruth) -> Option<String> {
        if who.is_anonymous() {
            return None;
        }
        if let Some(token) = self.tokens.get(&who.username) {
            return Some(token.clone());
        }
        let password = self.passwords.get(&who.username).cloned().expect("known password");
        let token = self.app.token(&who.username, &password).await;
        self.logins += 1;
        self.tokens.insert(who.username.clone(), token.clone());
        Some(token)
    }

    async fn send(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        match token {
            Some(token) => self.app.with(token).graphql(query, variables).await,
            None => self.app.anon().graphql(query, variables).await,
        }
    }

    async fn call(&mut self, who: &UserTruth, query: &str, variables: Value) -> Value {
        let token = self.token(who).await;
        self.send(token.as_deref(), query, variables).await
    }

    // --- reads ----------------------------------------------------------------------------

    async fn read_elder(&mut self, who: &UserTruth, elder: Option<&ElderTruth>, id: &str) {
        let answer = self.call(who, READ_ELDER, json!({ "id": id })).await;
        let expected = elder.filter(|e| who.can(Act::ReadElders) && who.reaches(&e.village_code));
        let got = &answer["data"]["elder"];
        let ok = match expected {
            Some(e) => got["id"] == e.id.as_str() && got["villageCode"] == e.village_code.as_str(),
            None => got.is_null(),
        };
        let object = elder.map_or_else(
            || format!("unknown elder {id}"),
            |e| format!("elder {} @{}", e.id, e.village_code),
        );
        let expectation = if expected.is_some() { "the elder" } else { "null" };
        self.check(ok, expected.is_some(), who, "elder(id)", &object, expectation, &answer);
    }

    async fn list_elders(&mut self, who: &UserTruth, elders: &[ElderTruth], area: Option<String>) {
        let filter = match area.as_deref().map(str::len) {
            Some(12) => json!({ "villageCode": area }),
            Some(9) => json!({ "townCode": area }),
            _ => Value::Null,
        };
        let answer = self.call(who, LIST_ELDERS, json!({ "f": filter })).await;
        let truth: BTreeSet<&str> = elders
            .iter()
            .filter(|e| who.can(Act::ReadElders) && who.reaches(&e.village_code))
            .filter(|e| area.as_deref().is_none_or(|a| e.village_code.starts_with(a)))
            .map(|e| e.id.as_str())
            .collect();
        let list = &answer["data"]["elders"];
        let total = list["totalCount"].as_i64().unwrap_or(0);
        let nodes: Vec<(&str, &str)> = list["edges"]
            .as_array()
            .map(|edges| {
                edges
                    .iter()
                    .map(|e| {
                        (
                            e["node"]["id"].as_str().unwrap_or("?"),
                            e["node"]["villageCode"].as_str().unwrap_or("?"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let outside: Vec<String> = nodes
            .iter()
            .filter(|(id, _)| !truth.contains(id))
            .map(|(id, village)| format!("{id}@{village}"))
            .collect();
        let complete = truth.len() > 100 || nodes.len() == truth.len();
        let readable = !who.can(Act::ReadElders) || answer.get("errors").is_none();
        let ok = readable && outside.is_empty() && complete && total == truth.len() as i64;
        let object = format!("elders(filter: {})", area.as_deref().unwrap_or("none"));
        let expected = format!("totalCount {} and only those elders", truth.len());
        let got = json!({
            "totalCount": total, "nodes": nodes.len(), "outside_scope": outside.iter().take(4).collect::<Vec<_>>(),
            "errors": answer.get("errors"),
        });
        self.check(ok, !truth.is_empty(), who, "elders", &object, &expected, &got);
    }

    async fn my_elder(&mut self, who: &UserTruth, elders: &[ElderTruth]) {
        let answer = self.call(who, MY_ELDER, json!({})).await;
        let expected = (who.role == "family" && who.status == "active")
            .then_some(who.elder_id.as_deref())
            .flatten()
            .and_then(|id| elders.iter().find(|e| e.id == id))
            .filter(|e| e.shares_with_family)
            .map(|e| e.id.clone());
        let got = answer["data"]["myElder"]["elderId"].as_str();
        let ok = got == expected.as_deref();
        let object = who.elder_id.clone().unwrap_or_else(|| "-".into());
        self.check(
            ok,
            expected.is_some(),
            who,
            "myElder",
            &object,
            expected.as_deref().unwrap_or("null"),
            &answer,
        );
    }

    // --- writes on elder files ---------------------------------------------------------------

    fn file_input(&mut self, elder: &ElderTruth, village: &str) -> Value {
        let serial = self.next();
        json!({
            "name": elder.name,
            "idNumber": self.id_numbers[&elder.id],
            "villageCode": village,
            "residenceAddress": format!("范围测试路 {serial} 号"),
            "urbanRural": self.urban_rural(village),
            "abilityLevel": "INTACT",
            "economicStatus": "ORDINARY",
            "livingArrangement": "WITH_SPOUSE",
            "emergencyContacts": [{ "name": "李强", "relation": "儿子", "phone": "13900001111" }],
            "consent": "CONSENTED",
            "consentRecordedOn": "2025-06-01",
            "sharesWithFamily": elder.shares_with_family
        })
    }

    async fn write_elder(&mut self, who: &UserTruth, elder: &ElderTruth, op: ElderWrite) {
        let target = match op {
            ElderWrite::Move => self.code_near(who, AreaLevel::Village),
            _ => elder.village_code.clone(),
        };
        let (query, variables) = match op {
            ElderWrite::Update | ElderWrite::Move => (
                UPDATE_ELDER,
                json!({ "id": elder.id, "v": elder.version, "input": self.file_input(elder, &target) }),
            ),
            ElderWrite::Status => {
                let status = ["IN_SERVICE", "IN_INSTITUTION", "MOVED_OUT"]
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("IN_SERVICE");
                (
                    CHANGE_STATUS,
                    json!({ "id": elder.id, "v": elder.version, "s": status, "on": self.today }),
                )
            }
            ElderWrite::Review => (RECORD_REVIEW, json!({ "id": elder.id, "on": self.today })),
            ElderWrite::Unmask => (UNMASK, json!({ "id": elder.id })),
        };
        let permission = if op == ElderWrite::Unmask {
            Act::Unmask
        } else {
            Act::WriteElders
        };
        let in_scope = who.reaches(&elder.village_code);
        let allowed = who.can(permission) && in_scope && who.reaches(&target);

        let token = self.token(who).await;
        let reviews_before = self.elder_rows("elder_reviews", &elder.id);
        let unmasks_before = self.unmask_entries(&elder.id);
        let before = fingerprint(&mut self.conn);
        let answer = self.send(token.as_deref(), query, variables).await;
        let after = fingerprint(&mut self.conn);
        let now = all_elders(&mut self.conn).into_iter().find(|e| e.id == elder.id);

        let op_name = format!("{op:?}");
        let object = format!("elder {} @{} (target @{target})", elder.id, elder.village_code);
        let number = &self.id_numbers[&elder.id];
        if allowed {
            let ok = answer.get("errors").is_none()
                && match op {
                    ElderWrite::Update | ElderWrite::Move => now
                        .as_ref()
                        .is_some_and(|n| n.version == elder.version + 1 && n.village_code == target),
                    ElderWrite::Status => now.as_ref().is_some_and(|n| n.version == elder.version + 1),
                    ElderWrite::Review => self.elder_rows("elder_reviews", &elder.id) == reviews_before + 1,
                    ElderWrite::Unmask => {
                        answer["data"]["unmaskElder"]["idNumber"] == number.as_str()
                            && self.unmask_entries(&elder.id) == unmasks_before + 1
                    }
                };
            self.check(ok, true, who, &op_name, &object, "success with its effect", &answer);
        } else {
            let code = error_code(&answer);
            // An elder outside the scope (or a role without the permission) is refused before
            // anything is looked at; a move out of the scope is refused as bad input.
            let fitting_code = if !in_scope || !who.can(permission) {
                matches!(code.as_deref(), Some("NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED"))
            } else {
                code.is_some()
            };
            let leaked_number = answer.to_string().contains(number.as_str());
            let ok = fitting_code
                && before == after
                && !leaked_number
                && answer["data"]
                    .as_object()
                    .is_none_or(|d| d.values().all(Value::is_null));
            self.check(
                ok,
                false,
                who,
                &op_name,
                &object,
                "NOT_FOUND/FORBIDDEN and the database unchanged",
                &answer,
            );
        }
    }

    fn elder_rows(&mut self, table: &str, elder_id: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE elder_id = {}", lit(elder_id));
        count(&mut self.conn, &sql)
    }

    fn unmask_entries(&mut self, elder_id: &str) -> i64 {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'elder.unmask' AND object_id = {}",
            lit(elder_id)
        );
        count(&mut self.conn, &sql)
    }

    // --- accounts -------------------------------------------------------------------------

    async fn list_accounts(&mut self, who: &UserTruth, users: &[UserTruth]) {
        let status = *[None, Some("pending"), Some("active")]
            .choose(&mut self.rng)
            .unwrap_or(&None);
        let truth: BTreeSet<&str> = users
            .iter()
            .filter(|_| who.can(Act::ListAccounts))
            .filter(|u| match who.role.as_str() {
                "school_admin" => who.school_id.is_some() && u.school_id == who.school_id,
                _ => u.area_code.as_deref().is_some_and(|a| who.reaches(a)),
            })
            .filter(|u| status.is_none_or(|s| u.status == s))
            .map(|u| u.id.as_str())
            .collect();
        let token = self.token(who).await;
        let mut got = BTreeMap::new();
        let mut after: Option<String> = None;
        let mut errors = Value::Null;
        for _ in 0..20 {
            let variables = json!({ "after": after, "s": status.map(str::to_uppercase) });
            let answer = self.send(token.as_deref(), ACCOUNTS, variables).await;
            if let Some(e) = answer.get("errors") {
                errors = e.clone();
            }
            let page = &answer["data"]["accounts"];
            for node in page["nodes"].as_array().into_iter().flatten() {
                let id = node["id"].as_str().unwrap_or("?").to_string();
                got.insert(id, node["areaCode"].as_str().unwrap_or("-").to_string());
            }
            after = page["pageInfo"]["endCursor"].as_str().map(str::to_string);
            if page["pageInfo"]["hasNextPage"] != true {
                break;
            }
        }
        let got_ids: BTreeSet<&str> = got.keys().map(String::as_str).collect();
        let ok = got_ids == truth && (!who.can(Act::ListAccounts) || errors.is_null());
        let outside: Vec<String> = got
            .iter()
            .filter(|(id, _)| !truth.contains(id.as_str()))
            .take(4)
            .map(|(id, area)| format!("{id}@{area}"))
            .collect();
        let missing = truth.difference(&got_ids).count();
        let summary = json!({
            "returned": got.len(), "outside_scope": outside, "missing": missing, "errors": errors,
        });
        let expected = format!("exactly the {} accounts in scope", truth.len());
        let object = format!("accounts(status: {})", status.unwrap_or("any"));
        self.check(ok, !truth.is_empty(), who, "accounts", &object, &expected, &summary);
    }

    async fn approve(&mut self, who: &UserTruth, visitor: &UserTruth) {
        let place = visitor.area_code.clone().unwrap_or_default();
        let allowed = who.can(Act::Approve) && who.reaches(&place) && visitor.status == "pending";
        let token = self.token(who).await;
        let before = fingerprint(&mut self.conn);
        let answer = self.send(token.as_deref(), APPROVE, json!({ "id": visitor.id })).await;
        let after = fingerprint(&mut self.conn);
        let now = all_users(&mut self.conn).into_iter().find(|u| u.id == visitor.id);
        let object = format!("visitor {} @{place} ({})", visitor.username, visitor.status);
        if allowed {
            let ok = answer.get("errors").is_none() && now.is_some_and(|u| u.status == "active");
            self.check(ok, true, who, "approveVisitor", &object, "approved", &answer);
        } else {
            let ok = answer.get("errors").is_some() && before == after;
            self.check(
                ok,
                false,
                who,
                "approveVisitor",
                &object,
                "an error, nothing changed",
                &answer,
            );
        }
    }

    async fn create_staff(&mut self, who: &UserTruth, elders: &[ElderTruth]) {
        let role = *[
            "district_admin",
            "town_organizer",
            "village_staff",
            "school_admin",
            "family",
        ]
        .choose(&mut self.rng)
        .unwrap_or(&"family");
        let serial = self.next();
        let username = format!("r{serial}.{}", role.replace('_', "."));
        let mut input = json!({
            "username": username, "displayName": "随机账号", "password": PASSWORD,
            "role": role.to_uppercase(),
        });
        // Where the new account would sit, and whether that place fits the role.
        let (place, fits) = match role {
            "district_admin" => (DISTRICT.to_string(), true),
            "town_organizer" | "village_staff" => {
                let right = if role == "town_organizer" {
                    AreaLevel::Town
                } else {
                    AreaLevel::Village
                };
                let wrong = if role == "town_organizer" {
                    AreaLevel::Village
                } else {
                    AreaLevel::Town
                };
                if self.rng.random_bool(0.85) {
                    (self.code_near(who, right), true)
                } else {
                    (self.code_near(who, wrong), false)
                }
            }
            "school_admin" => {
                input["schoolId"] = json!(DEMO_SCHOOL_ID);
                (DISTRICT.to_string(), true)
            }
            _ => {
                let elder = self.pick_elder(who, elders).clone();
                input["elderId"] = json!(elder.id);
                let readable = who.can(Act::ReadElders);
                (elder.village_code, readable)
            }
        };
        if matches!(role, "district_admin" | "town_organizer" | "village_staff") {
            input["areaCode"] = json!(place);
        }
        let allowed = !who.is_anonymous()
            && who.status == "active"
            && matches!(who.role.as_str(), "district_admin" | "town_organizer")
            && may_create(&who.role, role)
            && fits
            && who.reaches(&place);

        let token = self.token(who).await;
        let before = fingerprint(&mut self.conn);
        let answer = self
            .send(token.as_deref(), CREATE_STAFF, json!({ "input": input }))
            .await;
        let after = fingerprint(&mut self.conn);
        let object = format!("new {role} @{place}");
        if allowed {
            let stored = all_users(&mut self.conn).into_iter().find(|u| u.username == username);
            let ok = answer.get("errors").is_none()
                && stored.is_some_and(|u| u.area_code.as_deref() == Some(place.as_str()) && u.role == role);
            self.check(
                ok,
                true,
                who,
                "createStaffAccount",
                &object,
                "created at that place",
                &answer,
            );
            self.passwords.insert(username, PASSWORD.to_string());
        } else {
            let ok = answer.get("errors").is_some() && before == after;
            self.check(
                ok,
                false,
                who,
                "createStaffAccount",
                &object,
                "an error, nothing changed",
                &answer,
            );
        }
    }

    async fn revoke(&mut self, who: &UserTruth, target: &UserTruth) {
        let place = target.area_code.clone().unwrap_or_default();
        let own = !who.is_anonymous() && who.id == target.id;
        let allowed = own || (who.can(Act::Revoke) && who.reaches(&place));
        let token = self.token(who).await;
        let before = fingerprint(&mut self.conn);
        let answer = self.send(token.as_deref(), REVOKE, json!({ "id": target.id })).await;
        let after = fingerprint(&mut self.conn);
        let object = format!("sessions of {}", target.label());
        if allowed {
            let live = count(
                &mut self.conn,
                &format!(
                    "SELECT COUNT(*) AS n FROM sessions WHERE revoked_at IS NULL AND user_id = {}",
                    lit(&target.id)
                ),
            );
            let ok = answer.get("errors").is_none() && live == 0;
            self.check(
                ok,
                true,
                who,
                "revokeSessions",
                &object,
                "every session revoked",
                &answer,
            );
            self.tokens.remove(&target.username);
        } else {
            let ok = answer.get("errors").is_some() && before == after;
            self.check(
                ok,
                false,
                who,
                "revokeSessions",
                &object,
                "an error, nothing changed",
                &answer,
            );
        }
    }

    // --- the audit log ----------------------------------------------------------------------

    async fn audit(&mut self, who: &UserTruth, object: Option<&ElderTruth>) {
        let token = self.token(who).await;
        let area = who.area_code.clone().unwrap_or_default();
        let truth = if who.can(Act::Audit) && who.reaches(&area) {
            let mut sql = format!("SELECT COUNT(*) AS n FROM audit_log WHERE area_code LIKE '{area}%'");
            if let Some(e) = object {
                let _ = write!(sql, " AND object_id = {}", lit(&e.id));
            }
            count(&mut self.conn, &sql)
        } else {
            0
        };
        let mut entries = 0i64;
        let mut outside = Vec::new();
        let mut after: Option<String> = None;
        let mut errors = Value::Null;
        for _ in 0..50 {
            let variables = json!({ "after": after, "o": object.map(|e| e.id.clone()) });
            let answer = self.send(token.as_deref(), AUDIT, variables).await;
            if let Some(e) = answer.get("errors") {
                errors = e.clone();
            }
            let page = answer["data"]["auditLog"].as_array().cloned().unwrap_or_default();
            for entry in &page {
                entries += 1;
                let code = entry["areaCode"].as_str().unwrap_or("");
                if !(who.can(Act::Audit) && who.reaches(code)) && outside.len() < 4 {
                    outside.push(format!("{}@{code}", entry["action"].as_str().unwrap_or("?")));
                }
            }
            after = page.last().and_then(|e| e["cursor"].as_str()).map(str::to_string);
            if page.len() < 100 {
                break;
            }
        }
        let ok = outside.is_empty() && entries == truth && (!who.can(Act::Audit) || errors.is_null());
        let summary = json!({ "entries": entries, "outside_scope": outside, "errors": errors });
        let what = object.map_or_else(|| "auditLog".to_string(), |e| format!("auditLog(objectId: {})", e.id));
        let expected = format!("the {truth} entries of the subtree");
        self.check(ok, truth > 0, who, "auditLog", &what, &expected, &summary);
    }

    // --- slots, visitor profiles and ledger accounts (db/scope.rs) ---------------------------

    /// `visitSlots(month, areaCode)`: exactly the month's slots of the area (plain SQL) for an
    /// actor who plans visits there; nothing (an error) for anyone else.
    async fn list_slots(&mut self, who: &UserTruth, area: String) {
        let month = self.month.clone();
        let answer = self.call(who, SLOTS, json!({ "m": month, "a": area })).await;
        let granted = who.can(Act::PlanVisits) && who.reaches(&area);
        let truth = if granted {
            ids(
                &mut self.conn,
                &format!(
                    "SELECT id FROM visit_slots WHERE month = {} AND village_code LIKE {}",
                    lit(&month),
                    lit(&format!("{area}%"))
                ),
            )
        } else {
            BTreeSet::new()
        };
        let got: Option<BTreeSet<String>> = answer["data"]["visitSlots"].as_array().map(|slots| {
            slots
                .iter()
                .map(|s| s["id"].as_str().unwrap_or("?").to_string())
                .collect()
        });
        let ok = match granted {
            true => got.as_ref() == Some(&truth),
            false => got.is_none() && answer.get("errors").is_some(),
        };
        let summary = json!({ "got": got.map(|g| g.len()), "errors": answer.get("errors") });
        let expected = format!("the {} slots of the area", truth.len());
        self.check(
            ok,
            granted,
            who,
            "visitSlots",
            &format!("slots @{area}"),
            &expected,
            &summary,
        );
    }

    /// `visitorProfile(userId)`: the profile (or null if none is saved) for an actor who plans
    /// visits where the visitor's account lies; nothing for anyone else.
    async fn read_profile(&mut self, who: &UserTruth, visitor: &UserTruth) {
        let answer = self.call(who, PROFILE, json!({ "u": visitor.id })).await;
        let granted = who.can(Act::PlanVisits) && visitor.area_code.as_deref().is_some_and(|a| who.reaches(a));
        let saved = !ids(
            &mut self.conn,
            &format!(
                "SELECT user_id AS id FROM visitor_profiles WHERE user_id = {}",
                lit(&visitor.id)
            ),
        )
        .is_empty();
        let got = &answer["data"]["visitorProfile"];
        let ok = match granted && saved {
            true => got["userId"] == visitor.id.as_str(),
            false => got.is_null(),
        };
        let object = format!("profile of {}", visitor.label());
        let expected = if granted && saved { "the profile" } else { "null" };
        self.check(ok, granted && saved, who, "visitorProfile", &object, expected, &answer);
    }

    /// `visitRecord(id)`: in full for staff reading elder files where the record's village lies
    /// and for the record's visitor or submitter; as a summary (date, mode, status) for an
    /// active visitor whose claim area — the town of the home village — holds the village;
    /// nothing for anyone else.
    async fn read_record(&mut self, who: &UserTruth, record: &RecordTruth) {
        let answer = self.call(who, READ_RECORD, json!({ "id": record.id })).await;
        let own = !who.is_anonymous() && (who.id == record.visitor_id || who.id == record.submitted_by);
        let full = own || (who.can(Act::ReadElders) && who.reaches(&record.village_code));
        let claim_area = who.area_code.as_deref().map(|a| a.get(..9).unwrap_or(a));
        let summary = !full
            && who.role == "visitor"
            && who.status == "active"
            && claim_area.is_some_and(|a| record.village_code.starts_with(a));
        let got = &answer["data"]["visitRecord"];
        let ok = if full || summary {
            got["id"] == record.id.as_str() && got["full"] == json!(full)
        } else {
            got.is_null()
        };
        let expected = match (full, summary) {
            (true, _) => "the record in full",
            (false, true) => "a summary",
            _ => "nothing",
        };
        let object = format!("record @{}", record.village_code);
        self.check(ok, full || summary, who, "visitRecord", &object, expected, &answer);
    }

    /// `riskCase(id)`: for staff reading elder files where the case's elder lives — never for
    /// a visitor, not even the one whose record opened it.
    async fn read_case(&mut self, who: &UserTruth, case: &CaseTruth) {
        let answer = self.call(who, READ_CASE, json!({ "id": case.id })).await;
        let granted = who.can(Act::ReadElders) && who.reaches(&case.village_code);
        let got = &answer["data"]["riskCase"];
        let referrals = referrals_of(&mut self.conn, &case.id);
        let ok = match granted {
            true => got["id"] == case.id.as_str() && listed(&got["referrals"], "id") == referrals,
            false => got.is_null(),
        };
        let expected = if granted {
            format!("the case with its {} referrals", referrals.len())
        } else {
            "nothing".into()
        };
        let object = format!("case @{}", case.village_code);
        self.check(ok, granted, who, "riskCase", &object, &expected, &answer);
    }

    /// `riskCases(areaCode)`: the cases of elders in the area, each with its referrals, for
    /// staff reading elder files over the whole area; refused for anyone else.
    async fn case_board(&mut self, who: &UserTruth, area: String) {
        let answer = self.call(who, CASE_BOARD, json!({ "a": area })).await;
        let granted = who.can(Act::ReadElders) && who.reaches(&area);
        let got = &answer["data"]["riskCases"];
        let ok = if granted {
            let truth: BTreeSet<String> = all_cases(&mut self.conn)
                .into_iter()
                .filter(|c| c.village_code.starts_with(&area))
                .map(|c| c.id)
                .collect();
            let referrals_match = got.as_array().is_some_and(|cases| {
                cases.iter().all(|c| {
                    let id = c["id"].as_str().unwrap_or_default();
                    listed(&c["referrals"], "id") == referrals_of(&mut self.conn, id)
                })
            });
            listed(got, "id") == truth && referrals_match
        } else {
            got.is_null()
        };
        let expected = if granted { "the area's cases" } else { "a refusal" };
        self.check(
            ok,
            granted,
            who,
            "riskCases",
            &format!("cases @{area}"),
            expected,
            &answer,
        );
    }

    /// `myRecordDrafts`: the drafts the actor started, and nobody else's; refused for those who
    /// do not record visits.
    async fn read_drafts(&mut self, who: &UserTruth) {
        let answer = self.call(who, DRAFTS, json!({})).await;
        let granted = who.can(Act::RecordVisits);
        let got = &answer["data"]["myRecordDrafts"];
        let ok = if granted {
            let truth = ids(
                &mut self.conn,
                &format!(
                    "SELECT submission_id AS id FROM record_drafts WHERE author_id = {}",
                    lit(&who.id)
                ),
            );
            listed(got, "submissionId") == truth
        } else {
            got.is_null()
        };
        let expected = if granted { "their own drafts" } else { "a refusal" };
        self.check(ok, granted, who, "myRecordDrafts", "drafts", expected, &answer);
    }

    /// `spotCheckSample(month)`: the district's drawn sample, for the district's admin only.
    async fn read_sample(&mut self, who: &UserTruth) {
        let answer = self.call(who, SAMPLE, json!({ "m": self.month })).await;
        let granted = who.can(Act::SpotCheck) && who.reaches(DISTRICT);
        let got = &answer["data"]["spotCheckSample"];
        let ok = if granted {
            let truth = ids(
                &mut self.conn,
                &format!("SELECT id FROM spot_checks WHERE month = {}", lit(&self.month)),
            );
            !truth.is_empty() && listed(got, "id") == truth
        } else {
            got.is_null()
        };
        let expected = if granted { "the month's sample" } else { "a refusal" };
        self.check(ok, granted, who, "spotCheckSample", "sample", expected, &answer);
    }

    /// `GET /photos/{sha}`: for the uploader, the visitor of a record showing it, and staff
    /// reading elder files where such a record lies; nobody else.
    async fn read_photo(&mut self, who: &UserTruth, photo: &PhotoTruth) {
        let path = format!("/photos/{}", photo.sha256);
        let (status, body) = match self.token(who).await {
            Some(token) => {
                let (status, _, body) = self.app.get_as(&token, &path).await;
                (status, body)
            }
            None => self.app.get(&path).await,
        };
        let records: Vec<RecordTruth> = diesel::sql_query(format!(
            "SELECT r.id, r.village_code, r.visitor_id, r.submitted_by FROM visit_records r \
             JOIN record_photos p ON p.record_id = r.id WHERE p.sha256 = {}",
            lit(&photo.sha256)
        ))
        .load(&mut self.conn)
        .expect("records showing the photo");
        let granted = !who.is_anonymous()
            && (who.id == photo.uploaded_by
                || records
                    .iter()
                    .any(|r| r.visitor_id == who.id || (who.can(Act::ReadElders) && who.reaches(&r.village_code))));
        let ok = if granted { status == 200 } else { status != 200 };
        let expected = if granted { "the photo" } else { "a refusal" };
        let villages: Vec<&str> = records.iter().map(|r| r.village_code.as_str()).collect();
        let object = format!("photo of records @{villages:?}");
        let got = json!({ "status": status, "body": body.chars().take(80).collect::<String>() });
        self.check(ok, granted, who, "photo", &object, expected, &got);
    }

    /// Whether `who` reads ledger account `a`: their own; a school admin, the school's; staff
    /// reading elder files, the care account of an elder there.
    fn reads_account(who: &UserTruth, a: &AccountTruth) -> bool {
        !who.is_anonymous()
            && (a.user_id.as_deref() == Some(who.id.as_str())
                || (who.role == "school_admin" && a.school_id.is_some() && a.school_id == who.school_id)
                || a.elder_village
                    .as_deref()
                    .is_some_and(|v| who.can(Act::ReadElders) && who.reaches(v)))
    }

    /// `ledgerStatement(accountId)` by id, and `myLedgerAccounts` as a list.
    async fn read_account(&mut self, who: &UserTruth, accounts: &[AccountTruth]) {
        if self.rng.random_bool(0.3) {
            let answer = self.call(who, MY_ACCOUNTS, json!({})).await;
            let truth: BTreeSet<&str> = accounts
                .iter()
                .filter(|a| !who.is_anonymous() && a.user_id.as_deref() == Some(who.id.as_str()))
                .map(|a| a.id.as_str())
                .collect();
            let got: BTreeSet<&str> = answer["data"]["myLedgerAccounts"]
                .as_array()
                .map(|l| l.iter().map(|a| a["id"].as_str().unwrap_or("?")).collect())
                .unwrap_or_default();
            let expected = format!("their {} accounts", truth.len());
            self.check(
                got == truth,
                !truth.is_empty(),
                who,
                "myLedgerAccounts",
                "-",
                &expected,
                &answer,
            );
            return;
        }
        let mine: Vec<&AccountTruth> = accounts.iter().filter(|a| Self::reads_account(who, a)).collect();
        let account = match mine.choose(&mut self.rng) {
            Some(a) if self.rng.random_bool(0.5) => (*a).clone(),
            _ => accounts.choose(&mut self.rng).cloned().expect("an account"),
        };
        let answer = self.call(who, STATEMENT, json!({ "a": account.id })).await;
        let granted = Self::reads_account(who, &account);
        let ok = match granted {
            true => answer["data"]["ledgerStatement"].is_array(),
            false => answer["data"]["ledgerStatement"].is_null() && error_code(&answer).as_deref() == Some("NOT_FOUND"),
        };
        let object = format!(
            "account {} (holder {:?}, elder @{:?})",
            account.id, account.user_id, account.elder_village
        );
        let expected = if granted { "the statement" } else { "NOT_FOUND" };
        self.check(ok, granted, who, "ledgerStatement", &object, expected, &answer);
    }

    // --- choosing ---------------------------------------------------------------------------

    /// A family account half the time gets the elder it follows; otherwise half the time an
    /// elder inside the actor's scope (when there is one), else any elder.
    fn pick_elder<'e>(&mut self, who: &UserTruth, elders: &'e [ElderTruth]) -> &'e ElderTruth {
        let own = who
            .elder_id
            .as_deref()
            .and_then(|id| elders.iter().find(|e| e.id == id));
        if let Some(own) = own.filter(|_| self.rng.random_bool(0.5)) {
            return own;
        }
        let inside: Vec<&ElderTruth> = elders.iter().filter(|e| who.reaches(&e.village_code)).collect();
        if !inside.is_empty() && self.rng.random_bool(0.5) {
            inside.choose(&mut self.rng).copied().expect("an elder inside")
        } else {
            elders.choose(&mut self.rng).expect("an elder")
        }
    }

    fn pick_actor(&mut self, users: &[UserTruth]) -> UserTruth {
        if self.rng.random_bool(0.04) {
            return UserTruth::anonymous();
        }
        let staff: Vec<&UserTruth> = users
            .iter()
            .filter(|u| matches!(u.role.as_str(), "town_organizer" | "village_staff" | "district_admin"))
            .collect();
        if self.rng.random_bool(0.5) {
            staff.choose(&mut self.rng).copied().cloned().expect("staff")
        } else {
            users.choose(&mut self.rng).cloned().expect("a user")
        }
    }

    async fn random_operation(&mut self) {
        let elders = all_elders(&mut self.conn);
        let users = all_users(&mut self.conn);
        let who = self.pick_actor(&users);
        match self.rng.random_range(0..152) {
            0..22 => {
                if self.rng.random_bool(0.05) {
                    let id = uuid::Uuid::new_v4().to_string();
                    self.read_elder(&who, None, &id).await;
                } else {
                    let elder = self.pick_elder(&who, &elders).clone();
                    self.read_elder(&who, Some(&elder), &elder.id).await;
                }
            }
            22..36 => {
                let area = match self.rng.random_range(0..4) {
                    0 => None,
                    1 => Some(self.random_code(AreaLevel::Town)),
                    _ => Some(self.random_code(AreaLevel::Village)),
                };
                self.list_elders(&who, &elders, area).await;
            }
            36..40 => {
                let families: Vec<&UserTruth> = users.iter().filter(|u| u.role == "family").collect();
                let who = match families.choose(&mut self.rng) {
                    Some(family) if self.rng.random_bool(0.7) => (*family).clone(),
                    _ => who,
                };
                self.my_elder(&who, &elders).await;
            }
            40..68 => {
                let op = *[
                    ElderWrite::Update,
                    ElderWrite::Move,
                    ElderWrite::Status,
                    ElderWrite::Review,
                    ElderWrite::Unmask,
                ]
                .choose(&mut self.rng)
                .unwrap_or(&ElderWrite::Review);
                let elder = self.pick_elder(&who, &elders).clone();
                self.write_elder(&who, &elder, op).await;
            }
            68..78 => self.list_accounts(&who, &users).await,
            78..84 => {
                let visitors: Vec<&UserTruth> = users.iter().filter(|u| u.role == "visitor").collect();
                let pending: Vec<&UserTruth> = visitors.iter().copied().filter(|u| u.status == "pending").collect();
                let pool = if !pending.is_empty() && self.rng.random_bool(0.7) {
                    pending
                } else {
                    visitors
                };
                let visitor = pool.choose(&mut self.rng).copied().cloned().expect("a visitor");
                self.approve(&who, &visitor).await;
            }
            84..90 => self.create_staff(&who, &elders).await,
            90..97 => {
                let object = self
                    .rng
                    .random_bool(0.3)
                    .then(|| self.pick_elder(&who, &elders).clone());
                self.audit(&who, object.as_ref()).await;
            }
            100..105 => {
                let area = match self.rng.random_range(0..5) {
                    0 => DISTRICT.to_string(),
                    1 | 2 => self.code_near(&who, AreaLevel::Town),
                    _ => self.code_near(&who, AreaLevel::Village),
                };
                self.list_slots(&who, area).await;
            }
            105..110 => {
                let visitors: Vec<&UserTruth> = users.iter().filter(|u| u.role == "visitor").collect();
                let near: Vec<&UserTruth> = visitors
                    .iter()
                    .copied()
                    .filter(|v| v.area_code.as_deref().is_some_and(|a| who.reaches(a)))
                    .collect();
                let pool = if !near.is_empty() && self.rng.random_bool(0.5) {
                    near
                } else {
                    visitors
                };
                let visitor = pool.choose(&mut self.rng).copied().cloned().expect("a visitor");
                self.read_profile(&who, &visitor).await;
            }
            110..115 => {
                let accounts = all_ledger_accounts(&mut self.conn);
                self.read_account(&who, &accounts).await;
            }
            115..125 => {
                let records = all_records(&mut self.conn);
                let record = records.choose(&mut self.rng).cloned().expect("a record");
                self.read_record(&who, &record).await;
            }
            125..130 => {
                let cases = all_cases(&mut self.conn);
                let case = cases.choose(&mut self.rng).cloned().expect("a case");
                self.read_case(&who, &case).await;
            }
            130..134 => {
                let area = match self.rng.random_range(0..4) {
                    0 => DISTRICT.to_string(),
                    1 | 2 => self.code_near(&who, AreaLevel::Town),
                    _ => self.code_near(&who, AreaLevel::Village),
                };
                self.case_board(&who, area).await;
            }
            134..138 => {
                let authors = ids(&mut self.conn, "SELECT DISTINCT author_id AS id FROM record_drafts");
                let who = match users.iter().filter(|u| authors.contains(&u.id)).choose(&mut self.rng) {
                    Some(author) if self.rng.random_bool(0.6) => author.clone(),
                    _ => who,
                };
                self.read_drafts(&who).await;
            }
            138..141 => self.read_sample(&who).await,
            141..148 => {
                let photos: Vec<PhotoTruth> =
                    diesel::sql_query("SELECT sha256, uploaded_by FROM photos ORDER BY sha256")
                        .load(&mut self.conn)
                        .expect("photos");
                let photo = photos.choose(&mut self.rng).cloned().expect("a photo");
                self.read_photo(&who, &photo).await;
            }
            _ => {
                let target = if self.rng.random_bool(0.15) && !who.is_anonymous() {
                    who.clone()
                } else {
                    users.choose(&mut self.rng).cloned().expect("a user")
                };
                self.revoke(&who, &target).await;
            }
        }
    }

    // --- set-up -------------------------------------------------------------------------------

    /// More accounts at random places, through the API as the district admin, and visitors who
    /// register themselves (some approved).
    async fn populate(&mut self, elders: &[ElderTruth]) {
        let admin = all_users(&mut self.conn)
            .into_iter()
            .find(|u| u.username == "district.admin")
            .expect("the demo district admin");
        let token = self.token(&admin).await.expect("admin token");
        let mut specs: Vec<(&str, String, Option<String>)> = Vec::new();
        for _ in 0..5 {
            specs.push(("TOWN_ORGANIZER", self.random_code(AreaLevel::Town), None));
        }
        for _ in 0..8 {
            specs.push(("VILLAGE_STAFF", self.random_code(AreaLevel::Village), None));
        }
        specs.push(("DISTRICT_ADMIN", DISTRICT.to_string(), None));
        // Family accounts: half for elders who agreed to share, half for elders who did not.
        for shares in [true, false, true, false, true, false] {
            let pool: Vec<&ElderTruth> = elders.iter().filter(|e| e.shares_with_family == shares).collect();
            if let Some(e) = pool.choose(&mut self.rng) {
                specs.push(("FAMILY", String::new(), Some(e.id.clone())));
            }
        }
        for (i, (role, area, elder)) in specs.into_iter().enumerate() {
            let username = format!("setup{i}.{}", role.to_lowercase().replace('_', "."));
            let mut input =
                json!({ "username": username, "displayName": "测试账号", "password": PASSWORD, "role": role });
            if let Some(elder) = elder {
                input["elderId"] = json!(elder);
            } else {
                input["areaCode"] = json!(area);
            }
            self.app.with(&token).ok(CREATE_STAFF, json!({ "input": input })).await;
            self.passwords.insert(username, PASSWORD.to_string());
        }
        // Visits every town organizer entered from a paper form (the organizer made the visit)
        // for an elder of the town, accepted: the records `visitRecord` is asked for. Every
        // other one found the elder without a carer, which opens a risk case (`riskCase`).
        let organizers: Vec<UserTruth> = all_users(&mut self.conn)
            .into_iter()
            .filter(|u| u.role == "town_organizer" && u.status == "active")
            .collect();
        for (i, organizer) in organizers.iter().enumerate() {
            let town = organizer.area_code.clone().unwrap_or_default();
            let nearby: Vec<&ElderTruth> = elders.iter().filter(|e| e.village_code.starts_with(&town)).collect();
            let Some(elder) = nearby.choose(&mut self.rng) else {
                continue;
            };
            let token = self.token(organizer).await.expect("organizer token");
            let minutes = i64::try_from(i).unwrap_or(0) * 35;
            let at = (self.today.and_hms_opt(6, 0, 0).expect("06:00") + chrono::TimeDelta::minutes(minutes))
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string();
            let findings = if i % 2 == 0 {
                json!({ "support": { "hasCarer": false } })
            } else {
                json!({})
            };
            tanfang_e2e::accepted_visit_finding(self.app, &token, &elder.id, "IN_PERSON", &at, findings).await;
        }
        let mut visitors = Vec::new();
        for i in 0..10u16 {
            let birth = NaiveDate::from_ymd_opt(1975, 1, 1)
                .and_then(|d| d.checked_add_days(Days::new(u64::from(i) * 97 + self.rng.random_range(0..90))))
                .expect("date");
            let sex = if i % 2 == 0 { Sex::Female } else { Sex::Male };
            let id_number = IdNumber::from_parts_as_of(DISTRICT, birth, 500 + 2 * i, sex, tanfang_e2e::today())
                .expect("valid ID number");
            let username = format!("visitor{i}");
            let input = json!({
                "username": username, "password": PASSWORD, "realName": "随机志愿者",
                "idNumber": id_number.as_str(), "phone": format!("1390000{:04}", 1000 + i),
                "homeVillageCode": self.random_code(AreaLevel::Village),
                "kind": if i % 3 == 0 { "PROFESSIONAL" } else { "VOLUNTEER" },
            });
            let data = self.app.anon().ok(REGISTER, json!({ "input": input })).await;
            visitors.push(data["registerVisitor"]["id"].as_str().expect("visitor id").to_string());
            self.passwords.insert(username, PASSWORD.to_string());
        }
        for id in visitors.iter().step_by(2) {
            self.app.with(&token).ok(APPROVE, json!({ "id": id })).await;
        }
        // Referrals: the town's organizer refers every case of the town's elders.
        for case in all_cases(&mut self.conn) {
            let Some(organizer) = organizers
                .iter()
                .find(|o| o.area_code.as_deref().is_some_and(|a| case.village_code.starts_with(a)))
            else {
                continue;
            };
            let token = self.token(organizer).await.expect("organizer token");
            let read = self
                .app
                .with(&token)
                .ok(
                    "query($id: String!) { riskCase(id: $id) { version } }",
                    json!({ "id": case.id }),
                )
                .await;
            self.app
                .with(&token)
                .ok(
                    "mutation($c: String!, $v: Int!) { addReferral(caseId: $c, target: LEGAL_AID, detail: \"转介核实\", caseVersion: $v) { id } }",
                    json!({ "c": case.id, "v": read["riskCase"]["version"] }),
                )
                .await;
        }
        // Drafts: every active organizer and approved visitor starts one for an elder of their
        // town (a visitor's claim area), kept unsubmitted.
        let authors: Vec<UserTruth> = all_users(&mut self.conn)
            .into_iter()
            .filter(|u| u.status == "active" && (u.role == "town_organizer" || u.username.starts_with("visitor")))
            .collect();
        for author in &authors {
            let town: String = author
                .area_code
                .as_deref()
                .unwrap_or_default()
                .chars()
                .take(9)
                .collect();
            let Some(elder) = elders
                .iter()
                .filter(|e| e.village_code.starts_with(&town))
                .choose(&mut self.rng)
            else {
                continue;
            };
            let token = self.token(author).await.expect("author token");
            self.app
                .with(&token)
                .ok(
                    "mutation($s: String!, $e: String!) { saveRecordDraft(submissionId: $s, elderId: $e, body: \"{}\") { submissionId } }",
                    json!({ "s": uuid::Uuid::new_v4().to_string(), "e": elder.id }),
                )
                .await;
        }
        // The district's spot-check sample of the month: one record per visitor.
        self.app
            .with(&token)
            .ok(
                "mutation($m: String!) { drawSpotChecks(month: $m, perVisitor: 1) { id } }",
                json!({ "m": self.month }),
            )
            .await;
        // The month's visit slots of the whole district, and ledger accounts: every visitor's
        // time bank and the care accounts of some elders, opened as the ledger opens them.
        self.app
            .with(&token)
            .ok(
                "mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { created } }",
                json!({ "m": self.month, "a": DISTRICT }),
            )
            .await;
        let at = tanfang_e2e::now().naive_utc();
        let mut keys: Vec<AccountKey> = all_users(&mut self.conn)
            .into_iter()
            .filter(|u| u.role == "visitor")
            .map(|u| AccountKey::TimeBank { user_id: u.id.into() })
            .collect();
        for _ in 0..30 {
            let elder = elders.choose(&mut self.rng).expect("an elder");
            keys.push(AccountKey::ElderCare {
                elder_id: elder.id.as_str().into(),
            });
        }
        for key in &keys {
            tanfang::service::ledger::ensure_account(&mut self.conn, key, DISTRICT, at).expect("account");
        }
        // Half the registered visitors keep a profile (stored as saveVisitorProfile stores it).
        for user in all_users(&mut self.conn) {
            let home = user.area_code.clone().unwrap_or_default();
            if user.role != "visitor" || !user.username.starts_with("visitor") || self.rng.random_bool(0.5) {
                continue;
            }
            let row = tanfang::db::models::VisitorProfileRow {
                user_id: user.id.into(),
                organisation_kind: tanfang::domain::slot::OrganisationKind::VolunteerTeam,
                organisation_name: None,
                home_village_code: home,
                latitude: None,
                longitude: None,
                capacity_per_month: 4,
                weekdays: (1..=7).collect(),
                unavailable_dates: Default::default(),
                skills: Default::default(),
                languages: Default::default(),
                sex: None,
                dropped_out_on: None,
                version: 1,
                updated_at: at,
            };
            tanfang::db::slots::insert_profile(&mut self.conn, &row).expect("profile");
        }
    }
}

/// Fills the app's database with the demo district and checks the stored elders against the
/// generator (the independent source of places and ID numbers).
fn demo_district(app: &TestApp, plan: &DemoPlan, today: NaiveDate) -> (Vec<DemoArea>, HashMap<String, String>) {
    let db = Database::open(&app.db.url).expect("open database");
    tanfang::demo::run(
        &db,
        &app.keys(),
        tanfang_e2e::packs(),
        plan,
        app.clock.now(),
        &ProgressBar::hidden(),
    )
    .expect("demo district");
    let areas = generate::areas(plan);
    let villages: Vec<DemoArea> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Village)
        .cloned()
        .collect();
    let stored: HashMap<String, ElderTruth> = all_elders(&mut app.db.connect())
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    assert_eq!(stored.len(), plan.elders, "every demo elder is stored");
    let mut id_numbers = HashMap::new();
    for index in 0..plan.elders {
        let id = generate::elder_id(plan.seed, index);
        let input = generate::elder(plan, &villages, index, today);
        let row = stored.get(id.as_str()).expect("the generator's elder is stored");
        assert_eq!(
            row.village_code, input.village_code,
            "elder {index} lives where generated"
        );
        let number = IdNumber::parse(&input.id_number, today).expect("generated ID number");
        assert_eq!(
            row.id_number_masked,
            number.masked(),
            "elder {index} has the generated ID number"
        );
        id_numbers.insert(id.into_string(), input.id_number);
    }
    (areas, id_numbers)
}

async fn run(backend: Backend, seed: u64, operations: usize) {
    let started = Instant::now();
    let app = TestApp::spawn(backend).await;
    let today = tanfang_e2e::today();
    let plan = DemoPlan {
        towns: 3,
        villages_per_town: 4,
        elders: 240,
        ..DemoPlan::with_seed(seed)
    };
    let (areas, id_numbers) = demo_district(&app, &plan, today);
    let demo_accounts = [
        // The city above the demo district: every act below is refused to it (`role_may`).
        "city.admin",
        "district.admin",
        "town.organizer",
        "village.staff",
        "volunteer",
        "senior.volunteer",
        "school.admin",
        "student",
        "family",
    ];
    let mut run = Run {
        app: &app,
        backend,
        conn: app.db.connect(),
        rng: StdRng::seed_from_u64(seed),
        areas,
        id_numbers,
        passwords: demo_accounts
            .iter()
            .map(|u| (u.to_string(), DEMO_PASSWORD.to_string()))
            .collect(),
        tokens: HashMap::new(),
        today,
        month: tanfang::domain::period::Month::of(today).to_string(),
        serial: 0,
        checks: 0,
        logins: 0,
        violations: Vec::new(),
        tally: BTreeMap::new(),
    };
    let elders = all_elders(&mut run.conn);
    run.populate(&elders).await;
    let set_up = started.elapsed();
    for _ in 0..operations {
        run.random_operation().await;
    }
    let users = all_users(&mut run.conn).len();
    eprintln!(
        "scope_random {backend:?}: seed {seed}, {users} accounts, {operations} operations, {} checks, \
         {} logins, {} violations; set-up {:.1?}, total {:.1?}",
        run.checks,
        run.logins,
        run.violations.len(),
        set_up,
        started.elapsed()
    );
    let tally: Vec<String> = run
        .tally
        .iter()
        .map(|((op, granted), n)| format!("{op}/{}={n}", if *granted { "granted" } else { "denied" }))
        .collect();
    eprintln!("scope_random {backend:?}: {}", tally.join(" "));
    assert!(run.checks >= operations, "every operation was checked");
    // Not vacuous: both sides of the line were exercised, for reads and for writes.
    let side = |ops: &[&str], granted: bool| -> usize {
        ops.iter()
            .map(|op| run.tally.get(&(op.to_string(), granted)).copied().unwrap_or(0))
            .sum()
    };
    let writes = ["Update", "Move", "Status", "Review", "Unmask"];
    let reads = [
        "elder(id)",
        "elders",
        "accounts",
        "auditLog",
        "visitSlots",
        "visitorProfile",
        "ledgerStatement",
        "visitRecord",
        "riskCase",
        "riskCases",
        "myRecordDrafts",
        "spotCheckSample",
        "photo",
    ];
    for (what, ops) in [("writes", &writes[..]), ("reads", &reads[..])] {
        let (granted, denied) = (side(ops, true), side(ops, false));
        assert!(
            granted >= 10 && denied >= 10,
            "{backend:?} seed {seed}: too few {what} on one side ({granted} granted, {denied} denied)"
        );
    }
    assert!(
        run.violations.is_empty(),
        "{backend:?}: {} of {} checks found access outside the scope (seed {seed}; replay with \
         TANFANG_SCOPE_SEED={seed}). First ones:\n{}",
        run.violations.len(),
        run.checks,
        run.violations.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The seed every run replays, so that a regression found once is found again.
const FIXED_SEED: u64 = 20_261_118;

per_backend!(random_actors_never_read_or_write_outside_their_scope);
/// Runs the fixed seed and one fresh random seed (half the operations each, so the run takes
/// about as long as one seed did), each printed with its replay command;
/// `TANFANG_SCOPE_SEED=<seed>` runs only that seed with all the operations.
async fn random_actors_never_read_or_write_outside_their_scope(backend: Backend) {
    let operations = std::env::var("TANFANG_SCOPE_OPS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_OPERATIONS);
    let seeds: Vec<(u64, usize)> = match std::env::var("TANFANG_SCOPE_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        Some(seed) => vec![(seed, operations)],
        None => vec![
            (FIXED_SEED, operations / 2),
            (rand::random::<u64>(), operations - operations / 2),
        ],
    };
    for (seed, _) in &seeds {
        eprintln!("scope_random: seed {seed} (replay with TANFANG_SCOPE_SEED={seed})");
    }
    for (seed, ops) in seeds {
        run(backend, seed, ops).await;
    }
}
