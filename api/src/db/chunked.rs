//! 分批绑定 — a list from Rust bound into `IN (…)` a chunk at a time.
//!
//! SQLite refuses a statement with more than 32,766 bound parameters, and `eq_any(list)`
//! binds one per item: an `IN` over a district's elders (20,000 and more) would fail there.
//! Every query that binds a Rust list goes through [`load`] (or [`each`]), which runs it once
//! per chunk of at most [`IN_CHUNK`] items. Most lists are far smaller, and then the query runs
//! once, exactly as written.

use diesel::QueryResult;

/// Most items bound in one `IN (…)`: well under SQLite's 32,766 parameters, with room for
/// the rest of the statement (scope, filters).
pub const IN_CHUNK: usize = 10_000;

/// Runs `query` once per chunk of `keys` and gives one result per chunk.
///
/// A list that fits one chunk is passed as it is. A longer one is sorted and deduplicated
/// first (an `IN` does not care), so the chunks come in ascending key order: rows of a query
/// ordered by that key first stay in order across chunks; any other order is the caller's to
/// restore.
pub fn each<K, T>(keys: &[K], mut query: impl FnMut(&[K]) -> QueryResult<T>) -> QueryResult<Vec<T>>
where
    K: Ord + Clone,
{
    if keys.len() <= IN_CHUNK {
        return Ok(vec![query(keys)?]);
    }
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.chunks(IN_CHUNK).map(query).collect()
}

/// The rows of `query` for every chunk of `keys`, one chunk after the other (see [`each`]).
pub fn load<K, R>(keys: &[K], query: impl FnMut(&[K]) -> QueryResult<Vec<R>>) -> QueryResult<Vec<R>>
where
    K: Ord + Clone,
{
    Ok(each(keys, query)?.into_iter().flatten().collect())
}

/// The sum of what `statement` counts for every chunk of `keys` (rows updated, say).
pub fn count<K>(keys: &[K], statement: impl FnMut(&[K]) -> QueryResult<usize>) -> QueryResult<usize>
where
    K: Ord + Clone,
{
    Ok(each(keys, statement)?.into_iter().sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_is_one_query_as_given() {
        let keys = vec![3, 1, 3];
        let mut calls = Vec::new();
        let rows = load(&keys, |chunk| {
            calls.push(chunk.to_vec());
            Ok(chunk.to_vec())
        })
        .expect("loaded");
        assert_eq!(calls, vec![vec![3, 1, 3]]);
        assert_eq!(rows, vec![3, 1, 3]);
    }

    #[test]
    fn a_long_list_is_chunked_sorted_and_deduplicated() {
        let keys: Vec<usize> = (0..2 * IN_CHUNK + 1).rev().chain([5, 5]).collect();
        let mut sizes = Vec::new();
        let rows = load(&keys, |chunk| {
            sizes.push(chunk.len());
            Ok(chunk.to_vec())
        })
        .expect("loaded");
        assert_eq!(sizes, vec![IN_CHUNK, IN_CHUNK, 1]);
        assert_eq!(rows, (0..2 * IN_CHUNK + 1).collect::<Vec<_>>());
        assert_eq!(
            count(&keys, |chunk| Ok(chunk.len())).expect("counted"),
            2 * IN_CHUNK + 1
        );
    }

    #[test]
    fn an_error_in_any_chunk_is_the_answer() {
        let keys: Vec<usize> = (0..IN_CHUNK + 1).collect();
        let result = load(&keys, |chunk| {
            if chunk.len() == 1 {
                Err(diesel::result::Error::NotFound)
            } else {
                Ok(vec![()])
            }
        });
        assert!(result.is_err());
    }
}
