//! What every request handler shares, GraphQL and plain HTTP alike. [`crate::startup`] builds
//! it; handlers only read it, so neither side depends on the other through it.

use std::sync::Arc;

use crate::auth::keys::Keys;
use crate::clock::Clock;
use crate::db::Database;
use crate::domain::policy::PackRegistry;
use crate::service::photos::PhotoStore;

/// The server's shared state: the database, the keys, the photo store, the clock and the
/// policy packs.
pub struct AppState {
    pub db: Database,
    pub keys: Keys,
    /// Where uploaded photos and signature images are stored.
    pub photos: PhotoStore,
    /// Where "now" comes from.
    pub clock: Clock,
    /// The policy packs, parsed once at start-up.
    pub packs: Arc<PackRegistry>,
}
