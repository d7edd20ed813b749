//! Typed configuration: command-line flags, then `TANFANG_*` environment variables, then
//! defaults. Secrets never appear in `Debug` output or logs.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::auth::keys::{default_key_path, Keys};
use crate::db::DatabaseUrl;
use crate::error::AppError;

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
    #[command(flatten)]
    pub keys: KeyArgs,
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

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: DatabaseUrl,
    pub addr: String,
    pub environment: Environment,
    pub web_dir: PathBuf,
    pub keys: KeyArgs,
}

impl From<ServeArgs> for ServerConfig {
    fn from(args: ServeArgs) -> Self {
        ServerConfig {
            db: args.db.db,
            addr: args.addr,
            environment: args.environment,
            web_dir: args.web_dir,
            keys: args.keys,
        }
    }
}

impl ServerConfig {
    /// A development server on a free port over `db`, with its keys in `key_file`.
    pub fn for_tests(db: DatabaseUrl, key_file: PathBuf) -> ServerConfig {
        ServerConfig {
            db,
            addr: "127.0.0.1:0".to_string(),
            environment: Environment::Development,
            web_dir: PathBuf::from("web-client/dist"),
            keys: KeyArgs {
                key_file: Some(key_file),
            },
        }
    }

    pub fn load_keys(&self) -> Result<Keys, AppError> {
        self.keys.load(&self.db)
    }
}
