//! 一键退订 — every optional mail carries a link that switches its kind off for its receiver
//! without signing in (RFC 8058 one-click): the link names the account and the kind and is
//! signed with the index key, so it cannot be forged for another account or kind.

use crate::domain::id::AccountId;
use crate::domain::message::MessageKind;
use crate::service::Call;

/// Blind-index context of unsubscribe tokens.
const UNSUBSCRIBE: &str = "notify.unsubscribe";

/// The token of `account`'s link for `kind`.
pub fn token(call: &Call, account: &AccountId, kind: MessageKind) -> String {
    call.cipher
        .blind_index(UNSUBSCRIBE, &format!("{}:{}", account.as_str(), kind.as_str()))
}

/// The absolute link a mail carries.
pub fn url(call: &Call, account: &AccountId, kind: MessageKind) -> String {
    format!(
        "{}/unsubscribe?a={}&k={}&t={}",
        super::public_base(),
        account.as_str(),
        kind.as_str(),
        token(call, account, kind)
    )
}

/// Whether `token` is the token of `account`'s link for `kind`, compared in constant time
/// (a wrong token takes as long however many of its characters are right).
pub fn verify(call: &Call, account: &AccountId, kind: MessageKind, token: &str) -> bool {
    let expected = self::token(call, account, kind);
    let (a, b) = (expected.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
