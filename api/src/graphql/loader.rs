//! Per-row fields of a page, loaded for the whole page at once. A list resolver hands its
//! rows out with a shared page (an elder list's [`super::elder::Elder`]s, a risk board's
//! [`super::record::RiskCase`]s); the first row asked for a field (its family members, its
//! referrals) loads that field for every row of the page in one service call, and the other
//! rows take their part from it. A page of 100 rows thus costs one query per field asked
//! for, not one per row and field. The service call decides scope, as any other.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use tokio::sync::OnceCell;

use super::Context;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::service::Call;

/// A service call that loads one field of a page's rows: given the rows' keys (their ids,
/// village codes), each key's value (keys without one are left out).
pub type PageLoad<K, V> = fn(&mut DbConn, &Call, &[K]) -> AppResult<HashMap<K, V>>;

/// One field of the rows of a page, loaded once for all of them.
pub struct PageField<K, V> {
    loaded: OnceCell<HashMap<K, V>>,
}

impl<K, V> Default for PageField<K, V> {
    fn default() -> Self {
        PageField {
            loaded: OnceCell::new(),
        }
    }
}

impl<K, V> PageField<K, V>
where
    K: Eq + Hash + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// The value of `key`, one of the page's `keys`: the first call loads the field for all
    /// `keys` with `load` (the rows that ask meanwhile wait for that load), later calls read
    /// what it loaded.
    pub async fn get(&self, ctx: &Context, keys: &Arc<[K]>, key: &K, load: PageLoad<K, V>) -> AppResult<Option<V>> {
        let loaded = self
            .loaded
            .get_or_try_init(|| {
                let keys = Arc::clone(keys);
                ctx.run_call(move |conn, call| load(conn, call, &keys))
            })
            .await?;
        Ok(loaded.get(key).cloned())
    }
}
