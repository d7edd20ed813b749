//! What every resolver receives: the request's database connection, the keys, the policy
//! packs, and who is calling.

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::auth::crypto::PersonalDataCipher;
use crate::auth::token::TokenKeys;
use crate::clock::Clock;
use crate::db::{Database, DbConn, PooledConn};
use crate::domain::access::Actor;
use crate::domain::policy::PackRegistry;
use crate::error::{AppError, AppResult};
use crate::service::Call;

pub struct Context {
    pub db: RequestDb,
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

    /// Runs a service call on the request's connection, on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.db.run(f).await
    }

    /// Runs a service call with a fresh [`Call`] on the request's connection, on the blocking
    /// pool.
    pub async fn run_call<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &Call) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let call = self.call();
        self.db.run(move |conn| f(conn, &call)).await
    }
}

/// The database as one GraphQL request sees it: one connection, taken from the pool when the
/// request first needs one and given back when the request ends (when the context is
/// dropped). The request's resolvers take turns on it: juniper resolves the fields of a page
/// side by side, and they queue here instead of each taking a connection of the pool. With
/// the page loads of [`super::loader`], a request costs one connection and a fixed number of
/// statements, whatever the size of its pages.
///
/// A resolver that waits on anything but the database (the login throttle's delay) gives the
/// connection back first: [`RequestDb::release`].
pub struct RequestDb {
    db: Database,
    held: Mutex<Option<PooledConn>>,
}

impl RequestDb {
    pub fn new(db: Database) -> RequestDb {
        RequestDb {
            db,
            held: Mutex::new(None),
        }
    }

    /// Runs `f` on the request's connection on actix's blocking thread pool (diesel is
    /// synchronous and must never block an async worker, waiting for the pool included).
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let mut held = self.held.lock().await;
        let conn = held.take();
        let db = self.db.clone();
        let (mut conn, result) = actix_web::web::block(move || {
            let mut conn = match conn {
                Some(conn) => conn,
                None => db.checkout()?,
            };
            let result = f(&mut conn);
            Ok::<_, AppError>((conn, result))
        })
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))??;
        // A broken connection goes back to the pool, which drops it; the next call takes
        // another.
        if !diesel::r2d2::R2D2Connection::is_broken(&mut *conn) {
            *held = Some(conn);
        }
        result
    }

    /// Gives the connection back to the pool now; a later [`RequestDb::run`] takes one again.
    pub async fn release(&self) {
        self.held.lock().await.take();
    }
}
