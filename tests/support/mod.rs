//! Test support: a real `tanfang` server on a free port over a fresh database of either
//! backend, and a small GraphQL client.
//!
//! PostgreSQL runs when `TANFANG_TEST_PG` names a database this user may create databases
//! from (`.ci/run` sets it); each test gets its own database, dropped afterwards. Without the
//! variable the PostgreSQL half is skipped, and said so once.

use std::sync::Once;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use serde_json::{json, Value};
use tanfang::config::ServerConfig;
use tanfang::db::{DatabaseUrl, DbConn};
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

/// A fresh, empty database of one backend; removed on drop.
pub struct TestDatabase {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl TestDatabase {
    pub fn new(backend: Backend) -> TestDatabase {
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
                let admin = std::env::var("TANFANG_TEST_PG").expect("TANFANG_TEST_PG");
                let name = format!("tanfang_t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&admin).expect("connect to TANFANG_TEST_PG");
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
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
                DbConn::Sqlite(diesel::SqliteConnection::establish(&path.to_string_lossy()).expect("open sqlite"))
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

/// A running server and a client for it.
pub struct TestApp {
    pub base: String,
    pub db: TestDatabase,
    client: awc::Client,
}

impl TestApp {
    /// Starts a server on a free port over a fresh database (migrated at start-up).
    pub async fn spawn(backend: Backend) -> TestApp {
        let db = TestDatabase::new(backend);
        let app = Application::build(ServerConfig::for_tests(db.url.clone())).expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        actix_rt::spawn(app.run_until_stopped());
        TestApp {
            base,
            db,
            client: awc::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .finish(),
        }
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let mut response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET");
        let body = response.body().limit(4 << 20).await.expect("body");
        (response.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    }

    /// Posts a raw body to `/graphql`; returns the status and the JSON answer.
    pub async fn post_raw(&self, body: &str) -> (u16, Value) {
        let mut response = self
            .client
            .post(format!("{}/graphql", self.base))
            .insert_header(("content-type", "application/json"))
            .send_body(body.to_string())
            .await
            .expect("POST /graphql");
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
