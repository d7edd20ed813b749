//! Test support: a real `tanfang` server on a free port over a fresh database of either
//! backend, and a small GraphQL client.
//!
//! PostgreSQL runs when `TANFANG_TEST_PG` names a database this user may create databases
//! from (`.ci/run` sets it); each test gets its own database, dropped afterwards. Without the
//! variable the PostgreSQL half is skipped, and said so once.

pub mod burst;
pub mod html;
pub mod images;
pub mod mailbox;
pub mod statements;
pub mod town;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Once};

use chrono::{DateTime, NaiveDate, Utc};
use tanfang::clock::Clock;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use serde_json::{json, Value};
use tanfang::auth::keys::Keys;
use tanfang::config::ServerConfig;
use tanfang::db::{Database, DatabaseUrl, DbConn};
use tanfang::domain::access::Actor;
use tanfang::domain::policy::PackRegistry;
use tanfang::service::accounts::{bootstrap_city, bootstrap_district};
use tanfang::service::Call;
use tanfang::startup::Application;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static SKIP_NOTICE: Once = Once::new();

/// The backends this run covers: SQLite always, PostgreSQL when configured. On CI
/// (`CI=true`) a missing PostgreSQL is a failure, not a skip.
pub fn backends() -> Vec<Backend> {
    if std::env::var("TANFANG_TEST_PG").is_ok_and(|v| !v.is_empty()) {
        return vec![Backend::Sqlite, Backend::Postgres];
    }
    let on_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !on_ci,
        "CI=true but TANFANG_TEST_PG is not set: the PostgreSQL half must run on CI"
    );
    SKIP_NOTICE.call_once(|| {
        eprintln!("note: TANFANG_TEST_PG is not set — the PostgreSQL half of the storage tests was skipped");
    });
    vec![Backend::Sqlite]
}

/// Whether this run has a PostgreSQL server to test against (`TANFANG_TEST_PG`).
pub fn postgres_configured() -> bool {
    std::env::var("TANFANG_TEST_PG").is_ok_and(|v| !v.is_empty())
}

/// Fails a PostgreSQL test that has no server to run on: a run without PostgreSQL is partial,
/// and `scripts/test.sh` leaves these tests out by name (and says so) rather than let them
/// pass without running.
pub fn require_postgres() {
    assert!(
        postgres_configured(),
        "TANFANG_TEST_PG is not set: this PostgreSQL test cannot run (scripts/test.sh skips the \
         PostgreSQL half loudly when no server is configured)"
    );
}

/// One test per backend: `per_backend!(name);` beside `async fn name(backend: Backend)` makes
/// the tests `name::sqlite` and `name::postgres`, so one backend's failure never hides the
/// other's result. (A module and a function may share a name: they live in different
/// namespaces.)
#[macro_export]
macro_rules! per_backend {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[actix_rt::test]
            async fn sqlite() {
                super::$name($crate::Backend::Sqlite).await
            }
            #[actix_rt::test]
            async fn postgres() {
                $crate::require_postgres();
                super::$name($crate::Backend::Postgres).await
            }
        }
    )+};
}

/// [`per_backend!`] for synchronous tests: `per_backend_sync!(name);` beside
/// `fn name(backend: Backend)`.
#[macro_export]
macro_rules! per_backend_sync {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::Backend::Sqlite)
            }
            #[test]
            fn postgres() {
                $crate::require_postgres();
                super::$name($crate::Backend::Postgres)
            }
        }
    )+};
}

/// The instant the tests run at unless `TANFANG_TEST_NOW` names another, so that no test
/// depends on when it happens to run: mid-morning, inside the second half of a month, after
/// every date the tests write out (the latest visits are in June 2026), and outside every
/// festival window of the packs (the double ninth, 2026-10-18, is the nearest before), where a
/// visit would also meet a surge requirement. Tests of the first minutes of a day or a month
/// start their own server there ([`TestApp::spawn_at`]).
pub const DEFAULT_TEST_NOW: &str = "2026-11-18T10:00:00+08:00";

static TEST_CLOCK: LazyLock<Clock> = LazyLock::new(|| {
    let start = std::env::var("TANFANG_TEST_NOW").unwrap_or_else(|_| DEFAULT_TEST_NOW.to_string());
    let start = tanfang::clock::parse_instant(&start).expect("TANFANG_TEST_NOW");
    Clock::starting_at(start)
});

/// Now, as the tests' servers see it (see [`DEFAULT_TEST_NOW`]).
pub fn now() -> DateTime<Utc> {
    TEST_CLOCK.now()
}

/// The built-in policy packs, as a server parses them at start-up.
pub fn packs() -> Arc<PackRegistry> {
    static PACKS: LazyLock<Arc<PackRegistry>> =
        LazyLock::new(|| Arc::new(PackRegistry::builtin().expect("the built-in policy packs load")));
    PACKS.clone()
}

/// Today in the district, as the tests' servers see it.
pub fn today() -> NaiveDate {
    tanfang::domain::clock::district_date(now())
}

/// A fresh, empty database of one backend; removed on drop.
pub struct TestDatabase {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl TestDatabase {
    /// A fresh database of one backend with every migration applied. On PostgreSQL it is a
    /// copy of a template migrated once per run ([`migrated_template`]): copying a database
    /// is several times faster than migrating one.
    pub fn new(backend: Backend) -> TestDatabase {
        TestDatabase::create(backend, true)
    }

    /// A fresh database with nothing in it (to test migrations).
    pub fn empty(backend: Backend) -> TestDatabase {
        TestDatabase::create(backend, false)
    }

    fn create(backend: Backend, migrated: bool) -> TestDatabase {
        // Accounts made by tests are hashed cheaply; the production cost has its own unit test.
        tanfang::auth::password::use_test_cost();
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("tanfang.db");
                TestDatabase {
                    url: DatabaseUrl::Sqlite(path),
                    _dir: Some(dir),
                    pg_admin: None,
                }
            }
            Backend::Postgres => {
                tanfang::db::init_postgres_client();
                let admin = std::env::var("TANFANG_TEST_PG").expect("TANFANG_TEST_PG");
                let name = format!("tanfang_t_{}", uuid::Uuid::new_v4().simple());
                let template = if migrated {
                    format!(" TEMPLATE {}", migrated_template(&admin))
                } else {
                    String::new()
                };
                let mut conn = PgConnection::establish(&admin).expect("connect to TANFANG_TEST_PG");
                conn.batch_execute(&format!("CREATE DATABASE {name}{template}"))
                    .expect("create test database");
                TestDatabase {
                    url: DatabaseUrl::Postgres(with_database(&admin, &name)),
                    _dir: None,
                    pg_admin: Some((admin, name)),
                }
            }
        }
    }

    /// A direct connection, for looking at what the server stored.
    pub fn connect(&self) -> DbConn {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy()).expect("open sqlite");
                // Wait for the server's writers (and a closing pool's checkpoint) like the
                // server's own connections do, instead of failing with "database is locked".
                conn.batch_execute("PRAGMA busy_timeout = 10000").expect("busy timeout");
                DbConn::Sqlite(conn)
            }
            DatabaseUrl::Postgres(url) => DbConn::Postgres(PgConnection::establish(url).expect("connect postgres")),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_admin {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The name of a PostgreSQL database migrated to this build's migrations, made once per
/// `TANFANG_TEST_PG` database and set of migrations (a hash of their names and SQL is in the
/// template's name, so an edited migration makes a new one;
/// `.ci/run` drops its templates at the end): tests copy it with `CREATE DATABASE … TEMPLATE`.
/// An advisory lock keeps test processes starting at once from making it twice.
fn migrated_template(admin: &str) -> String {
    use diesel::migration::MigrationSource;
    use diesel::pg::Pg;
    let names: String = MigrationSource::<Pg>::migrations(&tanfang::db::POSTGRES_MIGRATIONS)
        .expect("migrations")
        .iter()
        .map(|m| {
            let name = m.name().to_string();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
            let sql = std::fs::read_to_string(dir.join(&name).join("up.sql")).unwrap_or_default();
            format!("{name}\n{sql}")
        })
        .collect();
    // FNV-1a: stable across runs and Rust versions (unlike DefaultHasher).
    let hash = names.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let database = admin
        .rsplit('/')
        .next()
        .and_then(|d| d.split('?').next())
        .unwrap_or("pg");
    let template = format!("{database}_tpl_{hash:016x}");
    let mut conn = PgConnection::establish(admin).expect("connect to TANFANG_TEST_PG");
    conn.batch_execute("SELECT pg_advisory_lock(7365723)").expect("lock");
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let exists = diesel::RunQueryDsl::get_result::<Exists>(
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<diesel::sql_types::Text, _>(&template),
        &mut conn,
    )
    .expect("look for the template")
    .exists;
    if !exists {
        let building = format!("{template}_building");
        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {building}"))
            .expect("drop a half-made template");
        conn.batch_execute(&format!("CREATE DATABASE {building}"))
            .expect("create the template");
        let mut template_conn = DbConn::Postgres(
            PgConnection::establish(&with_database(admin, &building)).expect("connect to the template"),
        );
        tanfang::db::run_migrations(&mut template_conn).expect("migrate the template");
        drop(template_conn);
        conn.batch_execute(&format!("ALTER DATABASE {building} RENAME TO {template}"))
            .expect("name the template");
    }
    conn.batch_execute("SELECT pg_advisory_unlock(7365723)")
        .expect("unlock");
    template
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// A running server over a fresh database, with its own key file and photo folder.
pub struct TestApp {
    pub base: String,
    pub db: TestDatabase,
    pub key_file: std::path::PathBuf,
    /// Where the server stores uploaded photos (beside the key file, in a temp dir).
    pub photo_dir: std::path::PathBuf,
    /// The server's clock: [`TestApp::spawn`] starts it at [`now`], and a test may set it.
    pub clock: Clock,
    _key_dir: tempfile::TempDir,
    http: awc::Client,
}

/// The password the helpers give accounts they create.
pub const PASSWORD: &str = "correct-horse-42";

impl TestApp {
    /// Starts a server on a free port over a fresh database (migrated at start-up), its clock
    /// at the tests' [`now`].
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_at(backend, now()).await
    }

    /// Starts a server whose clock reads `start` now and runs on from there.
    pub async fn spawn_at(backend: Backend, start: DateTime<Utc>) -> TestApp {
        // `RUST_LOG=error cargo test …` shows the server's log (e.g. why a call was INTERNAL).
        if std::env::var("RUST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
                .with_test_writer()
                .try_init();
        }
        let db = TestDatabase::new(backend);
        let key_dir = tempfile::tempdir().expect("key dir");
        let key_file = key_dir.path().join("tanfang.keys");
        let mut config = ServerConfig::for_tests(db.url.clone(), key_file.clone());
        config.clock = Clock::starting_at(start);
        let clock = config.clock.clone();
        let photo_dir = config.photo_dir.clone();
        let app = Application::build(&config).expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        actix_rt::spawn(app.run_until_stopped());
        TestApp {
            base,
            db,
            key_file,
            photo_dir,
            clock,
            _key_dir: key_dir,
            http: awc::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .finish(),
        }
    }

    /// The server's keys (to forge tokens in attack tests, or to act as the system).
    pub fn keys(&self) -> Keys {
        Keys::load(&self.key_file).expect("keys")
    }

    /// Runs `job` on the database as the system does (a worker's job, a CLI command): with the
    /// server's keys, at the server's clock; panics, naming `what`, when it fails.
    pub fn as_system<T>(&self, what: &str, job: impl FnOnce(&mut DbConn, &Call) -> tanfang::error::AppResult<T>) -> T {
        let keys = self.keys();
        let db = Database::open(&self.db.url).expect("open database");
        let call = Call::at(self.clock.now(), Actor::system("test"), keys.cipher(), packs());
        db.with_conn(|c| job(c, &call))
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// Creates a district and its first admin as the system would (`tanfang bootstrap`);
    /// returns the admin's access token.
    pub async fn bootstrap(&self, district: &str, name: &str, username: &str) -> String {
        self.as_system("bootstrap", |c, call| {
            bootstrap_district(c, call, district, name, username, PASSWORD)
        });
        self.token(username, PASSWORD).await
    }

    /// Creates a city and its city admin as the system would (`tanfang bootstrap-city`);
    /// returns the admin's access token.
    pub async fn bootstrap_city(&self, city: &str, name: &str, username: &str) -> String {
        self.as_system("bootstrap city", |c, call| {
            bootstrap_city(c, call, city, name, username, PASSWORD)
        });
        self.token(username, PASSWORD).await
    }

    /// Signs in; returns the access token.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let data = self.anon().ok(LOGIN, json!({ "u": username, "p": password })).await;
        data["login"]["accessToken"].as_str().expect("access token").to_string()
    }

    /// A client without a token.
    pub fn anon(&self) -> Client<'_> {
        Client { app: self, token: None }
    }

    /// A client sending `Authorization: Bearer <token>`.
    pub fn with(&self, token: &str) -> Client<'_> {
        Client {
            app: self,
            token: Some(token.to_string()),
        }
    }

    /// `POST /photos` with a raw body, as someone or anonymously; the status and the JSON answer.
    pub async fn upload_photo(&self, token: Option<&str>, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}/photos", self.base))
            .insert_header(("content-type", content_type));
        if let Some(token) = token {
            request = request.insert_header(("authorization", format!("Bearer {token}")));
        }
        let mut response = request.send_body(body).await.expect("POST /photos");
        let body = response.body().limit(1 << 20).await.expect("body");
        let json = serde_json::from_slice(&body).unwrap_or_else(|_| json!(String::from_utf8_lossy(&body)));
        (response.status().as_u16(), json)
    }

    /// `POST path` with `body` as the raw request body and a bearer token: the status and the
    /// JSON answer (the body as a JSON string when it is not JSON).
    pub async fn post_bytes(&self, token: &str, path: &str, body: Vec<u8>) -> (u16, Value) {
        let mut response = self
            .http
            .post(format!("{}{path}", self.base))
            .insert_header(("authorization", format!("Bearer {token}")))
            .timeout(std::time::Duration::from_secs(600))
            .send_body(body)
            .await
            .expect("POST");
        let body = response.body().limit(64 << 20).await.expect("body");
        let json = serde_json::from_slice(&body).unwrap_or_else(|_| json!(String::from_utf8_lossy(&body)));
        (response.status().as_u16(), json)
    }

    /// `PUT path` with `body` as the raw request body of type `content_type` and a bearer
    /// token: the status and the JSON answer (the body as a JSON string when it is not JSON).
    pub async fn put_bytes(&self, token: &str, path: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let mut response = self
            .http
            .put(format!("{}{path}", self.base))
            .insert_header(("authorization", format!("Bearer {token}")))
            .insert_header(("content-type", content_type))
            .send_body(body)
            .await
            .expect("PUT");
        let body = response.body().limit(1 << 20).await.expect("body");
        let json = serde_json::from_slice(&body).unwrap_or_else(|_| json!(String::from_utf8_lossy(&body)));
        (response.status().as_u16(), json)
    }

    /// `GET path` with a bearer token: the status and the body as bytes.
    pub async fn get_bytes(&self, token: &str, path: &str) -> (u16, Vec<u8>) {
        let (status, _, body) = self.get_with_headers(token, path).await;
        (status, body)
    }

    /// `GET path` with a bearer token: the status, the Content-Disposition header, the body.
    pub async fn get_as(&self, token: &str, path: &str) -> (u16, Option<String>, String) {
        let (status, mut headers, body) = self.get_page(token, path).await;
        (status, headers.remove("content-disposition"), body)
    }

    /// `GET path` with a bearer token: the status, the response's headers (names in lower
    /// case) and the body's bytes.
    async fn get_with_headers(&self, token: &str, path: &str) -> (u16, HashMap<String, String>, Vec<u8>) {
        let mut response = self
            .http
            .get(format!("{}{path}", self.base))
            .insert_header(("authorization", format!("Bearer {token}")))
            .send()
            .await
            .expect("GET");
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_lowercase(), v.to_str().ok()?.to_string())))
            .collect();
        let body = response.body().limit(64 << 20).await.expect("body");
        (response.status().as_u16(), headers, body.to_vec())
    }

    /// `GET path` with a bearer token: the status, the response's headers (names in lower
    /// case) and the body as text (a page to print).
    pub async fn get_page(&self, token: &str, path: &str) -> (u16, HashMap<String, String>, String) {
        let (status, headers, body) = self.get_with_headers(token, path).await;
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    /// [`TestApp::get_as`] for a file: the status, the Content-Disposition header, the bytes.
    pub async fn get_file(&self, token: &str, path: &str) -> (u16, Option<String>, Vec<u8>) {
        let (status, mut headers, body) = self.get_with_headers(token, path).await;
        (status, headers.remove("content-disposition"), body)
    }

    /// `POST path` with a form body (`application/x-www-form-urlencoded`), signed in as nobody:
    /// the status and the body.
    pub async fn post_form(&self, path: &str, body: &str) -> (u16, String) {
        let mut response = self
            .http
            .post(format!("{}{path}", self.base))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .send_body(body.to_string())
            .await
            .expect("POST");
        let body = response.body().limit(4 << 20).await.expect("body");
        (response.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let mut response = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let body = response.body().limit(4 << 20).await.expect("body");
        (response.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    }
}

pub const LOGIN: &str = "mutation($u: String!, $p: String!) {
    login(username: $u, password: $p) { accessToken refreshToken account { id role status } } }";

/// Sends GraphQL requests, as someone or anonymously.
pub struct Client<'a> {
    app: &'a TestApp,
    token: Option<String>,
}

impl Client<'_> {
    /// Posts a raw body to `/graphql`; returns the status and the JSON answer.
    pub async fn post_raw(&self, body: &str) -> (u16, Value) {
        let mut request = self
            .app
            .http
            .post(format!("{}/graphql", self.app.base))
            .insert_header(("content-type", "application/json"));
        if let Some(token) = &self.token {
            request = request.insert_header(("authorization", format!("Bearer {token}")));
        }
        let mut response = request.send_body(body.to_string()).await.expect("POST /graphql");
        let json: Value = response.json().limit(4 << 20).await.expect("JSON answer");
        (response.status().as_u16(), json)
    }

    /// Runs a GraphQL operation; returns the whole answer (`data` and `errors`).
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.post_raw(&json!({ "query": query, "variables": variables }).to_string())
            .await
            .1
    }

    /// Runs an operation that must succeed; returns `data`.
    pub async fn ok(&self, query: &str, variables: Value) -> Value {
        let answer = self.graphql(query, variables).await;
        assert!(answer.get("errors").is_none(), "unexpected errors: {answer:#}");
        answer["data"].clone()
    }

    /// Registers an elder file that must be accepted; returns its id.
    pub async fn create_elder(&self, input: Value) -> String {
        let data = self
            .ok(
                "mutation($input: ElderFileInput!) { createElder(input: $input) { id } }",
                json!({ "input": input }),
            )
            .await;
        data["createElder"]["id"].as_str().expect("elder id").to_string()
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The number a `SELECT COUNT(*) AS n …` query returns.
pub fn count(conn: &mut DbConn, sql: &str) -> i64 {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql).get_result::<Count>(conn).expect(sql).n
}

#[derive(diesel::QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    t: String,
}

/// The text a `SELECT … AS t …` query returns.
/// The time-bank balance, in minutes, of the account `token` signs in as (0 without one).
pub async fn time_bank_minutes(app: &TestApp, token: &str) -> f64 {
    let data = app
        .with(token)
        .ok(
            "query { myLedgerAccounts { book balanceMinutes } }",
            serde_json::json!({}),
        )
        .await;
    data["myLedgerAccounts"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["book"] == "TIME_BANK"))
        .and_then(|a| a["balanceMinutes"].as_f64())
        .unwrap_or(0.0)
}

/// The whole ledger's debits and credits, in minutes: floor accounts' running totals, counter
/// accounts' (issuing, redemption) sums of their transfers. Equal in a sound ledger.
pub fn ledger_sides(app: &TestApp) -> (i64, i64) {
    let mut conn = app.db.connect();
    let side = |side: &str| {
        format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN a.no_overdraft THEN a.{side}s_posted ELSE \
             (SELECT COALESCE(SUM(t.amount_minutes), 0) FROM ledger_transfers t WHERE t.{side}_account_id = a.id) END), 0) \
             AS BIGINT) AS n FROM ledger_accounts a"
        )
    };
    (count(&mut conn, &side("debit")), count(&mut conn, &side("credit")))
}

pub fn text(conn: &mut DbConn, sql: &str) -> String {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql).get_result::<Text>(conn).expect(sql).t
}

/// The row count of each table, in order (to show that a refused call wrote nothing).
pub fn row_counts(app: &TestApp, tables: &[&str]) -> Vec<i64> {
    let mut conn = app.db.connect();
    tables
        .iter()
        .map(|table| count(&mut conn, &format!("SELECT COUNT(*) AS n FROM {table}")))
        .collect()
}

/// The `extensions.fields[].field` names of the first error of an answer.
pub fn error_fields(answer: &Value) -> Vec<String> {
    answer["errors"][0]["extensions"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The `extensions.code` of the first error of an answer.
pub fn error_code(answer: &Value) -> Option<String> {
    answer["errors"][0]["extensions"]["code"].as_str().map(str::to_string)
}

/// 录入并审核 — `token` (a town organizer) enters a visit it made to `elder` at `local`
/// (district time, `YYYY-MM-DDTHH:MM:SS`, lasting 30 minutes) in the shared record format,
/// confirmed by the elder's signature, and accepts it: a visit that compliance counts.
/// `mode` is a GraphQL `VisitMode` (`IN_PERSON`). Returns the record id.
pub async fn accepted_visit(app: &TestApp, token: &str, elder: &str, mode: &str, local: &str) -> String {
    accepted_visit_finding(app, token, elder, mode, local, json!({})).await
}

/// [`accepted_visit`] whose record also holds the fields of `findings` (e.g.
/// `{"support": {"hasCarer": false}}`, a major risk that opens a case).
pub async fn accepted_visit_finding(
    app: &TestApp,
    token: &str,
    elder: &str,
    mode: &str,
    local: &str,
    findings: Value,
) -> String {
    let record = visit_record_finding(app, token, elder, mode, local, findings).await;
    let submitted = app
        .with(token)
        .ok(
            "mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }",
            json!({ "r": record.to_string() }),
        )
        .await;
    let id = submitted["submitVisitRecord"]["record"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.with(token)
        .ok(
            "mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: \"纸质记录录入\", version: $v) { status } }",
            json!({ "id": id, "v": submitted["submitVisitRecord"]["record"]["version"] }),
        )
        .await;
    id
}

/// The record of a visit by the caller of `token` with `findings`, its signature uploaded,
/// ready to submit (`submitVisitRecord`).
pub async fn visit_record_finding(
    app: &TestApp,
    token: &str,
    elder: &str,
    mode: &str,
    local: &str,
    findings: Value,
) -> Value {
    let me = app.with(token).ok("query { me { id displayName } }", json!({})).await;
    let person = json!({ "id": me["me"]["id"], "name": me["me"]["displayName"] });
    // A signature of its own per record (of 256), so that who may see which photo follows the
    // record it belongs to.
    static SIGNATURES: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(7);
    let signature_image = images::jpeg(SIGNATURES.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let (status, signature) = app.upload_photo(Some(token), "image/jpeg", signature_image).await;
    assert_eq!(status, 201, "{signature}");
    let start = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S").expect("local time");
    let at = |t: chrono::NaiveDateTime| format!("{}+08:00", t.format("%Y-%m-%dT%H:%M:%S"));
    let end = start + chrono::TimeDelta::minutes(30);
    let record = json!({
        "formatVersion": "1.0.0",
        "submissionId": uuid::Uuid::new_v4().to_string(),
        "elderId": elder,
        "startedAt": at(start),
        "endedAt": at(end),
        "mode": mode.to_ascii_lowercase(),
        "visitor": person,
        "confirmation": {
            "visitor": { "confirmedAt": at(end) },
            "elder": { "method": "signature", "confirmedAt": at(end),
                       "signature": { "ref": signature["ref"], "sha256": signature["sha256"], "contentType": "image/jpeg" } },
            "enteredBy": { "person": person, "enteredAt": at(end) }
        }
    });
    let mut record = record;
    if let (Some(fields), Some(into)) = (findings.as_object(), record.as_object_mut()) {
        into.extend(fields.clone());
    }
    record
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced_keeping_parameters() {
        assert_eq!(
            super::with_database("postgres://u@h:5432/ci?sslmode=disable", "t1"),
            "postgres://u@h:5432/t1?sslmode=disable"
        );
        assert_eq!(super::with_database("postgres://u@h", "t1"), "postgres://u@h/t1");
    }
}
