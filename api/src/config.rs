//! Typed configuration: command-line flags, then `TANFANG_*` environment variables, then
//! defaults. Secrets never appear in `Debug` output or logs.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::auth::keys::{default_key_path, Keys};
use crate::clock::Clock;
use crate::db::DatabaseUrl;
use crate::error::AppError;
use crate::notify::config::NotifyArgs;

/// Default SQLite file, relative to the working directory.
pub const DEFAULT_DB: &str = "data/tanfang.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database: a SQLite file path (or sqlite://path) or a postgres:// URL.
    #[arg(long = "db", env = "TANFANG_DB", default_value = DEFAULT_DB, value_parser = DatabaseUrl::parse)]
    pub db: DatabaseUrl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on (HOST:PORT; port 0 picks a free port).
    #[arg(long, env = "TANFANG_ADDR", default_value = DEFAULT_ADDR)]
    pub addr: String,
    /// `production` turns GraphiQL off.
    #[arg(long = "env", env = "TANFANG_ENV", value_enum, default_value_t = Environment::Development)]
    pub environment: Environment,
    /// Folder of the built web client, served at `/` when it exists.
    #[arg(long, env = "TANFANG_WEB_DIR", default_value = "web-client/dist")]
    pub web_dir: PathBuf,
    /// Folder of uploaded photos and signature images (巡访照片), created at start-up.
    /// Defaults to `photos` beside the SQLite file, or `data/photos` for PostgreSQL.
    #[arg(long, env = "TANFANG_PHOTO_DIR")]
    pub photo_dir: Option<PathBuf>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub clock: ClockArgs,
    #[command(flatten)]
    pub notify: NotifyArgs,
}

/// Where the server's "now" starts (tests and the demo; refused in production).
#[derive(Debug, Clone, Args, Default)]
pub struct ClockArgs {
    /// Start the clock at this instant instead of the wall clock (RFC 3339, e.g.
    /// `2026-03-01T00:02:00+08:00`). For tests and the demo; refused with `--env production`.
    #[arg(long = "now", env = "TANFANG_NOW", value_parser = crate::clock::parse_instant)]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

impl ClockArgs {
    /// The clock these arguments ask for.
    pub fn clock(&self) -> Clock {
        self.now.map_or_else(Clock::system, Clock::starting_at)
    }
}

#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// Key file (data, index and token keys); created with fresh random keys if missing.
    /// Defaults to `tanfang.keys` beside the SQLite file, or `data/tanfang.keys`.
    /// TANFANG_DATA_KEY, TANFANG_INDEX_KEY and TANFANG_TOKEN_KEY override its entries.
    #[arg(long, env = "TANFANG_KEY_FILE")]
    pub key_file: Option<PathBuf>,
}

impl KeyArgs {
    pub fn path(&self, db: &DatabaseUrl) -> PathBuf {
        self.key_file.clone().unwrap_or_else(|| default_key_path(db))
    }

    pub fn load(&self, db: &DatabaseUrl) -> Result<Keys, AppError> {
        let path = self.path(db);
        Keys::load(&path).map_err(|e| AppError::Unavailable(format!("keys: {e}")))
    }
}

const PHOTO_DIR_NAME: &str = "photos";

/// Where photos live unless `--photo-dir` says otherwise: `photos` beside the SQLite file, or
/// `data/photos` for PostgreSQL (as [`default_key_path`] places the key file).
pub fn default_photo_dir(db: &DatabaseUrl) -> PathBuf {
    match db {
        DatabaseUrl::Sqlite(file) => match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(PHOTO_DIR_NAME),
            _ => PathBuf::from(PHOTO_DIR_NAME),
        },
        DatabaseUrl::Postgres(_) => Path::new("data").join(PHOTO_DIR_NAME),
    }
}

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: DatabaseUrl,
    pub addr: String,
    pub environment: Environment,
    pub web_dir: PathBuf,
    pub photo_dir: PathBuf,
    pub keys: KeyArgs,
    /// The server's clock (the wall clock unless `TANFANG_NOW` set it).
    pub clock: Clock,
    /// How messages leave, and whether this server sends them.
    pub notify: NotifyArgs,
}

impl From<ServeArgs> for ServerConfig {
    fn from(args: ServeArgs) -> Self {
        let photo_dir = args.photo_dir.unwrap_or_else(|| default_photo_dir(&args.db.db));
        ServerConfig {
            db: args.db.db,
            addr: args.addr,
            environment: args.environment,
            web_dir: args.web_dir,
            photo_dir,
            keys: args.keys,
            clock: args.clock.clock(),
            notify: args.notify,
        }
    }
}

impl ServerConfig {
    /// A development server on a free port over `db`, with its keys in `key_file` and its
    /// photos in `photos` beside the key file.
    pub fn for_tests(db: DatabaseUrl, key_file: PathBuf) -> ServerConfig {
        let dir = match key_file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::new(),
        };
        let photo_dir = dir.join(PHOTO_DIR_NAME);
        ServerConfig {
            db,
            addr: "127.0.0.1:0".to_string(),
            environment: Environment::Development,
            web_dir: PathBuf::from("web-client/dist"),
            photo_dir,
            keys: KeyArgs {
                key_file: Some(key_file),
            },
            clock: Clock::system(),
            // Tests send the outbox themselves (`notify::worker::Worker`), when they mean to.
            notify: NotifyArgs::files_in(&dir.join("outbox")),
        }
    }

    pub fn load_keys(&self) -> Result<Keys, AppError> {
        self.keys.load(&self.db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_photo_dir_sits_beside_the_database() {
        let sqlite = |p: &str| default_photo_dir(&DatabaseUrl::Sqlite(PathBuf::from(p)));
        assert_eq!(sqlite("data/tanfang.db"), PathBuf::from("data/photos"));
        assert_eq!(
            sqlite("/var/lib/tanfang/main.sqlite"),
            PathBuf::from("/var/lib/tanfang/photos")
        );
        assert_eq!(sqlite("tanfang.db"), PathBuf::from("photos"));
        let pg = DatabaseUrl::Postgres("postgres://u:p@localhost/tanfang".into());
        assert_eq!(default_photo_dir(&pg), PathBuf::from("data/photos"));
    }
}
