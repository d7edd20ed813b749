//! Storage: one connection type over SQLite (embedded default) and PostgreSQL (production),
//! an r2d2 pool, embedded migrations per backend, and [`Database::run`], the way the server
//! reaches the database — always on the blocking thread pool, never on an async worker. (A
//! GraphQL request holds one connection for all its resolvers: [`crate::graphql::Context`].)

pub mod areas;
pub mod audit;
pub mod calendar;
pub mod chunked;
pub mod city;
pub mod closing;
pub mod contacts;
pub mod elders;
pub mod exports;
pub mod imports;
pub mod json;
pub mod ledger;
pub mod models;
pub mod no_shows;
pub mod organisations;
pub mod outbox;
pub mod overview;
pub mod pairings;
pub mod photos;
pub mod policies;
pub mod proofs;
pub mod records;
pub mod schema;
pub mod scope;
pub mod slots;
pub mod throttle;
pub mod training;
pub mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

/// A connection to either backend. Queries are written once against this type; code that
/// needs backend-specific SQL matches on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs the same generic diesel code on the concrete connection inside a [`DbConn`], for the
/// few statements the multi-backend type cannot express (multi-row `INSERT … VALUES`).
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Postgres($c) => $body,
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Inserts the rows an iterator of `&Row` yields into `table`, as a `QueryResult<()>`. On
/// SQLite one statement per row: a single-row insert is prepared once and then cached, where a
/// multi-row insert is parsed anew every time (its SQL grows with the rows). On PostgreSQL one
/// `COPY … FROM STDIN` (binary) for all of them. Measured in docs/benchmarks.md
/// (`tanfang bench import`).
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::db::DbConn::Postgres(c) => {
                let rows: Vec<_> = $rows.collect();
                if rows.is_empty() {
                    Ok(())
                } else {
                    diesel::copy_from($table).from_insertable(rows).execute(c).map(drop)
                }
            }
            $crate::db::DbConn::Sqlite(c) => {
                $rows.try_for_each(|row| diesel::insert_into($table).values(row).execute(c).map(drop))
            }
        }
    }};
}
pub(crate) use insert_rows;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Where the database is: a SQLite file (`path`, `sqlite://path`) or a PostgreSQL URL.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(input: &str) -> Result<DatabaseUrl, String> {
        let input = input.trim();
        if input.is_empty() {
            return Err("database URL is empty".into());
        }
        if input.starts_with("postgres://") || input.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(input.to_string()));
        }
        if input == ":memory:" {
            return Err(
                "an in-memory SQLite database gives each pooled connection its own database; use a file".into(),
            );
        }
        let path = input
            .strip_prefix("sqlite://")
            .or_else(|| input.strip_prefix("sqlite:"))
            .unwrap_or(input);
        if path.contains("://") {
            return Err(format!(
                "unsupported database URL scheme in {input:?}: use a SQLite path or postgres://"
            ));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// Never prints a PostgreSQL password.
impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => {
                let redacted = match (url.find("://"), url.rfind('@')) {
                    (Some(scheme), Some(at)) if at > scheme => format!("{}://***{}", &url[..scheme], &url[at..]),
                    _ => url.clone(),
                };
                f.write_str(&redacted)
            }
        }
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

/// Initialises OpenSSL, which libpq uses for TLS, once and without its exit-time cleanup.
/// OpenSSL otherwise frees its global state in an `atexit` handler while other threads (the
/// connection pool's) may still be running; their thread-exit destructors then touch freed
/// memory and the process aborts at exit ("double free or corruption"; openssl#3505). Call
/// before the first PostgreSQL connection.
pub fn init_postgres_client() {
    openssl_sys::init();
}

/// Opens connections of the backend the URL names — never guessing by trying one after the
/// other, which would turn a PostgreSQL outage into a stray SQLite file.
pub struct ConnectionManager {
    url: DatabaseUrl,
}

/// Settings every SQLite connection gets. (WAL is a property of the file, set once when the
/// database is opened: switching it from several new connections at once fails with
/// "database is locked".)
/// Pages are read through a memory map (no copy per read) and 32 MiB of them are cached per
/// connection.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                              PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;";

impl ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                init_postgres_client();
                diesel::PgConnection::establish(url)
                    .map(DbConn::Postgres)
                    .map_err(r2d2::Error::ConnectionError)
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<ConnectionManager>;
/// A connection taken from the pool; it goes back when dropped.
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// The database handle the server and the CLI share.
#[derive(Clone)]
pub struct Database {
    pool: Pool,
    url: DatabaseUrl,
}

impl Database {
    /// Opens a pool (creating the SQLite file's folder if needed) without migrating: at most
    /// 8 connections to SQLite, 16 to PostgreSQL.
    pub fn open(url: &DatabaseUrl) -> Result<Database, AppError> {
        let max_size = match url {
            DatabaseUrl::Sqlite(_) => 8,
            DatabaseUrl::Postgres(_) => 16,
        };
        Database::open_with_pool(url, max_size)
    }

    /// [`Database::open`] with a pool of at most `max_size` connections.
    pub fn open_with_pool(url: &DatabaseUrl, max_size: u32) -> Result<Database, AppError> {
        if let DatabaseUrl::Sqlite(path) = url {
            create_parent_dir(path)?;
            let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
                .map_err(|e| AppError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
            conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")?;
        }
        let pool = r2d2::Pool::builder()
            .max_size(max_size)
            // Connections open when first needed, not all at start: a test server or an idle
            // replica holds one, not sixteen, of PostgreSQL's `max_connections`.
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(ConnectionManager { url: url.clone() })
            .map_err(|e| AppError::Unavailable(format!("cannot open the {} database: {e}", url.backend_name())))?;
        Ok(Database { pool, url: url.clone() })
    }

    /// Opens the database and applies pending migrations.
    pub fn open_and_migrate(url: &DatabaseUrl) -> Result<(Database, Vec<String>), AppError> {
        let db = Database::open(url)?;
        let applied = db.with_conn(run_migrations)?;
        Ok((db, applied))
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Runs `f` with a pooled connection on the current thread. For the CLI and for code
    /// already on the blocking pool.
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut DbConn) -> Result<T, AppError>) -> Result<T, AppError> {
        let mut conn = self.pool.get()?;
        f(&mut conn)
    }

    /// Takes a connection from the pool, waiting while all are in use: for a caller that runs
    /// several calls on one connection (a GraphQL request). Blocks: call on the blocking pool.
    pub fn checkout(&self) -> Result<PooledConn, AppError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a pooled connection on actix's blocking thread pool: diesel is
    /// synchronous and must never block an async worker (getting a connection included).
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.with_conn(f))
            .await
            .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
    }
}

fn create_parent_dir(path: &Path) -> Result<(), AppError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| AppError::Unavailable(format!("cannot create folder {}: {e}", dir.display()))),
        _ => Ok(()),
    }
}

/// Key of the PostgreSQL advisory lock that serialises migrations across replicas.
const MIGRATION_LOCK_KEY: i64 = 0x7461_6e66_616e_6701;

/// SQLite's writers, one at a time and first come, first served (see [`write_transaction`]).
static SQLITE_WRITER: parking_lot::FairMutex<()> = parking_lot::const_fair_mutex(());

/// How long a SQLite write transaction waits for its turn: as long as a connection waits for
/// the file's lock (`busy_timeout`).
const SQLITE_WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// How many times a PostgreSQL write transaction runs before a lost race is answered as it is.
const WRITE_ATTEMPTS: usize = 4;

/// Runs `f` in a transaction that holds the write lock from its first statement: `BEGIN
/// IMMEDIATE` on SQLite (a deferred transaction that read first cannot take the write lock
/// under WAL and fails at once with "database is locked"), an ordinary transaction on
/// PostgreSQL (callers lock the rows they must with `FOR UPDATE`, or a key with
/// [`lock_key`]). Called inside another write transaction (a use case that is part of
/// another), it is a savepoint of that one.
///
/// **Races are answered, not failed.** On PostgreSQL (READ COMMITTED) two twins of a call can
/// both look a key up, find nothing and insert: the second insert waits for the first and
/// then fails with a unique violation. The outermost write transaction therefore runs `f`
/// again when it fails that way or with a serialization failure (at most
/// [`WRITE_ATTEMPTS`] times): the new run sees what the twin committed and answers as a
/// repeat would (`created: false`, `exists`, `VERSION_CONFLICT`, the field that is taken).
/// What still collides after that is `DUPLICATE` (see [`AppError::Duplicate`]). `f` is `Fn`
/// so that a run cannot leave state behind for the next one. SQLite writers are serialized,
/// so a unique violation there is no race and is not retried.
///
/// **SQLite's writers take turns.** SQLite has one writer per file, and a connection that
/// finds the file locked polls for it with growing sleeps: a thread that writes in a loop (a
/// job offering every open slot, one transaction each) takes the lock back the instant it
/// lets it go, and a request waiting beside it fails after `busy_timeout` with "database is
/// locked" (seen: an organizer's 生成 refused, a risk alarm held for half a minute). So the
/// process's SQLite writers first queue on one fair lock, handed to the longest waiter, and a
/// writer that waited [`SQLITE_WRITER_WAIT`] in that queue is answered as the file's own
/// timeout is (`UNAVAILABLE`). Other processes on the same file still meet `busy_timeout`.
#[allow(clippy::disallowed_methods)] // the one place a write transaction begins
pub fn write_transaction<T, E>(conn: &mut DbConn, f: impl Fn(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error> + LostRace,
{
    let nested = on_backend!(conn, |c| {
        <AnsiTransactionManager as TransactionManager<_>>::transaction_manager_status_mut(c)
            .transaction_depth()?
            .is_some()
    });
    match conn {
        DbConn::Postgres(_) if nested => conn.transaction(f),
        DbConn::Postgres(_) => {
            let mut attempt = 1;
            loop {
                match conn.transaction(&f) {
                    Err(e) if e.lost_race() && attempt < WRITE_ATTEMPTS => attempt += 1,
                    result => return result,
                }
            }
        }
        DbConn::Sqlite(_) if nested => conn.transaction(f),
        DbConn::Sqlite(_) => {
            let Some(_turn) = SQLITE_WRITER.try_lock_for(SQLITE_WRITER_WAIT) else {
                return Err(E::from(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::Unknown,
                    Box::new(String::from(SQLITE_BUSY)),
                )));
            };
            // Through diesel's transaction manager, so that a `transaction` opened inside `f`
            // (an insert of many rows, a shared use case) becomes a savepoint.
            if let DbConn::Sqlite(c) = conn {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            }
            let result = f(conn);
            if let DbConn::Sqlite(c) = conn {
                match &result {
                    Ok(_) => AnsiTransactionManager::commit_transaction(c)?,
                    // The statement that failed may have ended the transaction already.
                    Err(_) => {
                        let _ = AnsiTransactionManager::rollback_transaction(c);
                    }
                }
            }
            result
        }
    }
}

/// Errors that can tell a lost race (see [`write_transaction`]).
pub trait LostRace {
    fn lost_race(&self) -> bool;
}

impl LostRace for AppError {
    fn lost_race(&self) -> bool {
        AppError::lost_race(self)
    }
}

impl LostRace for diesel::result::Error {
    fn lost_race(&self) -> bool {
        lost_race(self)
    }
}

/// What SQLite says when the file stayed locked for the whole `busy_timeout`.
const SQLITE_BUSY: &str = "database is locked";

/// Whether a database error is SQLite's locked (or busy) file: other writers held it for the
/// whole wait.
pub fn is_sqlite_busy(message: &str) -> bool {
    message == SQLITE_BUSY || message == "database is busy"
}

/// A unique violation or a serialization failure: a concurrent transaction got there first.
pub fn lost_race(e: &diesel::result::Error) -> bool {
    use diesel::result::DatabaseErrorKind::{SerializationFailure, UniqueViolation};
    matches!(
        e,
        diesel::result::Error::DatabaseError(UniqueViolation | SerializationFailure, _)
    )
}

/// On PostgreSQL, holds a lock on `key` until the transaction ends, so that use cases that
/// read and then write the same thing without a row to lock (the next visit number of an
/// elder, a month's sample, a school's next certificate number) run one after the other
/// (`pg_advisory_xact_lock`; keys are hashed, so an unrelated key may rarely wait too).
/// SQLite's write transaction already holds the only write lock.
pub fn lock_key(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(c) => diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(c)
            .map(drop),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Applies pending migrations of the connection's backend; returns their names.
pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, AppError> {
    let names = |versions: Vec<diesel::migration::MigrationVersion<'_>>| {
        versions.iter().map(std::string::ToString::to_string).collect()
    };
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| AppError::Internal(format!("migration failed: {e}"));
    match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(names).map_err(failed),
        DbConn::Postgres(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(names).map_err(failed);
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result
        }
    }
}

/// `SELECT 1`: whether the database answers.
pub fn ping(conn: &mut DbConn) -> Result<(), AppError> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend_explicitly() {
        assert_eq!(
            DatabaseUrl::parse("data/tanfang.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("data/tanfang.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("/tmp/x.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(DatabaseUrl::parse("mysql://h/db").is_err());
        assert!(DatabaseUrl::parse(":memory:").is_err());
    }

    #[test]
    fn printing_a_postgres_url_hides_the_password() {
        let url = DatabaseUrl::Postgres("postgres://tanfang:s3cret@db:5432/tanfang".into());
        let shown = url.to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.ends_with("@db:5432/tanfang"));
    }
}
