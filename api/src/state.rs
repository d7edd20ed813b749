//! What every request handler shares, GraphQL and plain HTTP alike. [`crate::startup`] builds
//! it; handlers only read it, so neither side depends on the other through it.

use crate::auth::keys::Keys;
use crate::clock::Clock;
use crate::db::Database;
use crate::service::photos::PhotoStore;

/// The server's shared state: the database, the keys, the photo store and the clock.
pub struct AppState {
    pub db: Database,
    pub keys: Keys,
    /// Where uploaded photos and signature images are stored.
    pub photos: PhotoStore,
    /// Where "now" comes from.
    pub clock: Clock,
}
