//! Use cases: one function per thing a user does, one transaction each. Resolvers call these;
//! these check the actor's permission, call the pure domain rules, and query the database
//! through the actor's scope.

pub mod accounts;
pub mod areas;
pub mod audit;
pub mod calendar;
pub mod care;
pub mod cases;
pub mod certifications;
pub mod city;
pub mod closing;
pub mod contacts;
pub mod elders;
pub mod exports;
pub mod exports_forms;
pub mod family;
pub mod figure_exports;
pub mod health;
pub mod imports;
pub mod ledger;
pub mod messages;
pub mod no_shows;
pub mod notices;
pub mod organisations;
pub mod outbox;
pub mod overview;
pub mod pairings;
pub mod photos;
pub mod plan;
pub mod policies;
pub mod preferences;
pub mod proofs;
pub mod records;
pub mod registers;
pub mod sessions;
pub mod slots;
pub mod spot_checks;
pub mod training;

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::auth::crypto::PersonalDataCipher;
use crate::domain::access::{Actor, Permission, Scope};
use crate::domain::clock;
use crate::domain::policy::PackRegistry;
use crate::error::AppError;

/// Runs file or CPU work of a use case (stripping an image, hashing, reading or writing a
/// file, rendering a page) on the blocking thread pool, holding no connection: the
/// connection is taken only for the statements ([`crate::db::Database::run`]), so slow files
/// never starve the pool.
pub async fn off_pool<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    actix_web::web::block(work)
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
}

/// Everything a use case needs besides the connection: when, who, the data keys, and the
/// policy packs.
#[derive(Clone)]
pub struct Call {
    pub now: NaiveDateTime,
    /// The district's date at `now`.
    pub today: NaiveDate,
    pub actor: Actor,
    pub cipher: PersonalDataCipher,
    /// The policy packs, parsed once when the process started.
    pub packs: Arc<PackRegistry>,
}

impl Call {
    pub fn at(now: DateTime<Utc>, actor: Actor, cipher: PersonalDataCipher, packs: Arc<PackRegistry>) -> Call {
        Call {
            now: now.naive_utc(),
            today: clock::district_date(now),
            actor,
            cipher,
            packs,
        }
    }

    /// The actor's scope for `permission`, or `FORBIDDEN` (`UNAUTHENTICATED` when nobody is
    /// signed in) if the role does not grant it at all.
    pub fn scope(&self, permission: Permission) -> Result<Scope, AppError> {
        match self.actor.scope_for(permission) {
            Scope::Nothing => Err(self.denied()),
            scope => Ok(scope),
        }
    }

    /// `FORBIDDEN` unless the actor's role grants `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.actor.can(permission) {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    pub fn denied(&self) -> AppError {
        if self.actor.is_signed_in() || self.actor.is_system() {
            AppError::Forbidden
        } else {
            AppError::Unauthenticated
        }
    }
}

/// Rows grouped by the key each holds (the elder or case they belong to), each group in the
/// order of `rows`: how a page's part, loaded for all its rows at once, is handed out per row.
pub fn grouped<K, T>(rows: Vec<T>, key: impl Fn(&T) -> &K) -> HashMap<K::Owned, Vec<T>>
where
    K: Eq + Hash + ToOwned + ?Sized,
    K::Owned: Eq + Hash,
{
    let mut groups: HashMap<K::Owned, Vec<T>> = HashMap::new();
    for row in rows {
        match groups.get_mut(key(&row)) {
            Some(group) => group.push(row),
            None => {
                groups.insert(key(&row).to_owned(), vec![row]);
            }
        }
    }
    groups
}
