//! Typed configuration: command-line flags, then `TANFANG_*` environment variables, then
//! defaults. Secrets never appear in `Debug` output or logs.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::db::DatabaseUrl;

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
}

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: DatabaseUrl,
    pub addr: String,
    pub environment: Environment,
    pub web_dir: PathBuf,
}

impl From<ServeArgs> for ServerConfig {
    fn from(args: ServeArgs) -> Self {
        ServerConfig {
            db: args.db.db,
            addr: args.addr,
            environment: args.environment,
            web_dir: args.web_dir,
        }
    }
}

impl ServerConfig {
    /// A development server on `addr` over `db` (tests use port 0).
    pub fn for_tests(db: DatabaseUrl) -> ServerConfig {
        ServerConfig {
            db,
            addr: "127.0.0.1:0".to_string(),
            environment: Environment::Development,
            web_dir: PathBuf::from("web-client/dist"),
        }
    }
}
