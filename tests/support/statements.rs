//! Counts the SQL statements sent to each database, through diesel's instrumentation: every
//! connection the process opens after [`count_statements`] reports the statements it runs
//! under the URL it was opened with, so a test reads the count of its own database while
//! other tests of the same process run beside it.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, Once};

use diesel::connection::{set_default_instrumentation, Instrumentation, InstrumentationEvent};
use tanfang::db::DatabaseUrl;

/// Per database URL: the statements sent, and the connections handed out.
static COUNTS: LazyLock<Mutex<HashMap<String, Counts>>> = LazyLock::new(Mutex::default);
static INSTALL: Once = Once::new();

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    statements: u64,
    checkouts: u64,
}

/// Starts counting, for connections opened from now on (call it before the server starts).
pub fn count_statements() {
    INSTALL.call_once(|| {
        set_default_instrumentation(|| Some(Box::new(Counter { url: None }))).expect("set the instrumentation");
    });
}

/// How many statements have been sent to `url` so far. Connection settings (`PRAGMA …`,
/// which a pool runs whenever it opens a connection, in the background) are not counted;
/// r2d2's check of a connection handed out (`SELECT 1`) is.
pub fn statements_on(url: &DatabaseUrl) -> u64 {
    counts_on(url).statements
}

/// How many connections a pool of `url` has handed out so far: r2d2 checks each one it hands
/// out with `SELECT 1` (`test_on_check_out`), and those checks are counted here.
pub fn checkouts_on(url: &DatabaseUrl) -> u64 {
    counts_on(url).checkouts
}

fn counts_on(url: &DatabaseUrl) -> Counts {
    let key = match url {
        DatabaseUrl::Sqlite(path) => path.to_string_lossy().into_owned(),
        DatabaseUrl::Postgres(url) => url.clone(),
    };
    COUNTS
        .lock()
        .map(|counts| counts.get(&key).copied().unwrap_or_default())
        .unwrap_or_default()
}

/// The instrumentation of one connection: it learns its URL when it is opened.
struct Counter {
    url: Option<String>,
}

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartEstablishConnection { url, .. } => self.url = Some(url.to_string()),
            InstrumentationEvent::StartQuery { query, .. } => {
                let Some(url) = &self.url else { return };
                let sql = query.to_string();
                if sql.trim_start().starts_with("PRAGMA") {
                    return;
                }
                if let Ok(mut counts) = COUNTS.lock() {
                    let counts = counts.entry(url.clone()).or_default();
                    counts.statements += 1;
                    // diesel shows a statement as its SQL, then `-- binds: […]`.
                    if sql.split("--").next().is_some_and(|sql| sql.trim() == "SELECT 1") {
                        counts.checkouts += 1;
                    }
                }
            }
            _ => {}
        }
    }
}
