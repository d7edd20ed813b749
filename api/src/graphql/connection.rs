//! Relay-style cursor pagination helpers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::{AppError, AppResult};

/// Page size when `first` is not given.
pub const DEFAULT_PAGE: i32 = 20;
/// Largest page a client may ask for.
pub const MAX_PAGE: i32 = 100;

#[derive(Debug, Clone, juniper::GraphQLObject)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

/// An opaque cursor for a row of `kind` with key `key`.
pub fn encode_cursor(kind: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{key}"))
}

/// The key inside a cursor of `kind`; a cursor of another kind or garbage is an input error.
pub fn decode_cursor(kind: &str, cursor: &str) -> AppResult<String> {
    let bad = || AppError::field("after", "bad_cursor", "分页游标无效 (invalid cursor)");
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix(':'))
        .map(str::to_string)
        .ok_or_else(bad)
}

/// Validates `first`; returns the page size.
pub fn page_size(first: Option<i32>) -> AppResult<i64> {
    bounded_page(first.unwrap_or(DEFAULT_PAGE), i64::from(MAX_PAGE))
}

/// Validates `first` for a list whose pages hold up to `max` rows, `max` when not given (a
/// list that kept its callers when it became paged); returns the page size.
pub fn page_size_up_to(first: Option<i32>, max: i64) -> AppResult<i64> {
    match first {
        Some(n) => bounded_page(n, max),
        None => Ok(max),
    }
}

fn bounded_page(first: i32, max: i64) -> AppResult<i64> {
    match i64::from(first) {
        n if (1..=max).contains(&n) => Ok(n),
        _ => Err(AppError::field(
            "first",
            "out_of_range",
            format!("每页条数应在 1 到 {max} 之间 (first must be 1..={max})"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_other_kinds() {
        let cursor = encode_cursor("elder", "abc");
        assert_eq!(decode_cursor("elder", &cursor).ok(), Some("abc".to_string()));
        assert!(decode_cursor("area", &cursor).is_err());
        assert!(decode_cursor("elder", "%%%").is_err());
    }

    #[test]
    fn page_size_is_bounded() {
        assert_eq!(page_size(None).ok(), Some(20));
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(101)).is_err());
        assert_eq!(page_size_up_to(None, 500).ok(), Some(500));
        assert_eq!(page_size_up_to(Some(500), 500).ok(), Some(500));
        assert!(page_size_up_to(Some(501), 500).is_err());
        assert!(page_size_up_to(Some(0), 500).is_err());
    }
}
