//! What every resolver receives.

use chrono::Utc;

use crate::db::{Database, DbConn};
use crate::domain::clock;
use crate::error::AppResult;
use crate::service::elders::Stamp;

pub struct Context {
    pub db: Database,
    /// Who is calling; until accounts exist ([access]) every caller is `anonymous`.
    pub actor: String,
}

impl juniper::Context for Context {}

impl Context {
    pub fn new(db: Database) -> Context {
        Context {
            db,
            actor: "anonymous".to_string(),
        }
    }

    /// The time, the district's date and the actor of a change made now.
    pub fn stamp(&self) -> Stamp {
        let now = Utc::now();
        Stamp {
            now: now.naive_utc(),
            today: clock::district_date(now),
            actor: self.actor.clone(),
        }
    }

    /// Runs a service call on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.db.run(f).await
    }
}
