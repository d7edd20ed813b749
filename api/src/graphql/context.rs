//! What every resolver receives: the database, the keys, the policy packs, and who is calling.

use std::sync::Arc;

use crate::auth::crypto::PersonalDataCipher;
use crate::auth::token::TokenKeys;
use crate::clock::Clock;
use crate::db::{Database, DbConn};
use crate::domain::access::Actor;
use crate::domain::policy::PackRegistry;
use crate::error::AppResult;
use crate::service::Call;

pub struct Context {
    pub db: Database,
    pub cipher: PersonalDataCipher,
    pub tokens: TokenKeys,
    /// Who is calling: an account from a verified bearer token, or anonymous.
    pub actor: Actor,
    /// The session behind the bearer token, if any.
    pub session_id: Option<String>,
    /// The client's address (for login throttling).
    pub client_addr: String,
    /// Where "now" comes from.
    pub clock: Clock,
    /// The policy packs, parsed once at start-up.
    pub packs: Arc<PackRegistry>,
}

impl juniper::Context for Context {}

impl Context {
    /// The time, the district's date, the actor, the keys and the packs of a use case run now.
    pub fn call(&self) -> Call {
        Call::at(
            self.clock.now(),
            self.actor.clone(),
            self.cipher.clone(),
            self.packs.clone(),
        )
    }

    /// Runs a service call on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.db.run(f).await
    }

    /// Runs a service call with a fresh [`Call`] on the blocking pool.
    pub async fn run_call<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &Call) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let call = self.call();
        self.db.run(move |conn| f(conn, &call)).await
    }
}
