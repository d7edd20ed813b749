//! 个人信息加密 (personal data at rest): AES-256-GCM encryption of 身份证号 (ID numbers) and
//! 联系电话 (phone numbers), and a keyed blind index (盲索引) for exact-match lookup and
//! duplicate detection without decrypting.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Prefix of the stored form; names the format so it can change later without guessing.
const VERSION_PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Bytes of the HMAC-SHA256 output kept in a blind index (192 bits; 32 base64url characters).
const BLIND_INDEX_LEN: usize = 24;

/// 个人信息加密器 — encrypts personal data (身份证号, phone numbers) with AES-256-GCM and computes
/// blind indexes.
///
/// Built from [`Keys::cipher`](super::keys::Keys::cipher). `Debug` prints
/// `PersonalDataCipher { .. }` only.
#[derive(Clone)]
pub struct PersonalDataCipher {
    aead: Aes256Gcm,
    index_key: [u8; 32],
}

impl fmt::Debug for PersonalDataCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonalDataCipher").finish_non_exhaustive()
    }
}

/// Why a stored value could not be decrypted. Messages never contain plaintext, ciphertext or key.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The stored string is not in the `v1:` + base64 format, or is too short.
    #[error("encrypted value is malformed")]
    Malformed,
    /// Authentication failed: wrong key, wrong context (column), or the value was altered.
    #[error("encrypted value could not be decrypted (wrong key, wrong context or tampered)")]
    Decrypt,
}

impl PersonalDataCipher {
    /// Builds the cipher from the data key (AES-256-GCM) and the blind-index key (HMAC-SHA256).
    pub fn new(data_key: [u8; 32], index_key: [u8; 32]) -> Self {
        PersonalDataCipher {
            aead: Aes256Gcm::new(&data_key.into()),
            index_key,
        }
    }

    /// 加密 — encrypts `plaintext` for storage as `"v1:" + base64(nonce || ciphertext || tag)`.
    ///
    /// The nonce is 12 fresh random bytes, so two encryptions of the same value differ.
    /// `context` (e.g. `"elder.id_number"`) is bound as AES-GCM associated data: a ciphertext
    /// copied into another column fails to [`decrypt`](Self::decrypt) there.
    pub fn encrypt(&self, context: &str, plaintext: &str) -> String {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        // AES-GCM refuses only plaintexts longer than about 64 GiB; no `&str` field gets there.
        let Ok(sealed) = self.aead.encrypt(&Nonce::from(nonce), payload) else {
            unreachable!("AES-GCM plaintext longer than 64 GiB")
        };
        let mut raw = Vec::with_capacity(NONCE_LEN + sealed.len());
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(&sealed);
        format!("{VERSION_PREFIX}{}", STANDARD.encode(raw))
    }

    /// 解密 — decrypts a value produced by [`encrypt`](Self::encrypt) with the same `context`.
    pub fn decrypt(&self, context: &str, stored: &str) -> Result<String, CryptoError> {
        let encoded = stored.strip_prefix(VERSION_PREFIX).ok_or(CryptoError::Malformed)?;
        let raw = STANDARD.decode(encoded).map_err(|_| CryptoError::Malformed)?;
        if raw.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Malformed);
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CryptoError::Malformed)?;
        let payload = Payload {
            msg: sealed,
            aad: context.as_bytes(),
        };
        let plain = self
            .aead
            .decrypt(&Nonce::from(nonce), payload)
            .map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Malformed)
    }

    /// 盲索引 — a keyed, deterministic index of `value` for exact-match lookup and uniqueness:
    /// `base64url(HMAC-SHA256(index_key, kind || 0x00 || normalized value)[..24])`.
    ///
    /// `kind` (e.g. `"id_number"`, `"phone"`) separates the index spaces, so the same digits as
    /// an ID number and as a phone number give different indexes. Pass the value in its
    /// domain-normalised form ([`IdNumber::as_str`](crate::domain::id_number::IdNumber::as_str),
    /// [`PhoneNumber::as_str`](crate::domain::phone::PhoneNumber::as_str)); as a safety net the
    /// value is also trimmed and ASCII-uppercased here (a lowercase `x` check character matches `X`).
    pub fn blind_index(&self, kind: &str, value: &str) -> String {
        let normalized = value.trim().to_ascii_uppercase();
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index_key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(normalized.as_bytes());
        // A fixed-size array, so the slice below is checked against its length when compiling.
        let digest: [u8; 32] = mac.finalize().into_bytes().into();
        URL_SAFE_NO_PAD.encode(&digest[..BLIND_INDEX_LEN])
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    const ID: &str = "11010519491231002X";

    fn cipher() -> PersonalDataCipher {
        PersonalDataCipher::new([7; 32], [9; 32])
    }

    #[test]
    fn round_trip() {
        let c = cipher();
        let stored = c.encrypt("elder.id_number", ID);
        assert!(stored.starts_with("v1:"));
        assert_eq!(c.decrypt("elder.id_number", &stored).unwrap(), ID);
        assert_eq!(c.decrypt("x", &c.encrypt("x", "")).unwrap(), "");
        assert_eq!(c.decrypt("x", &c.encrypt("x", "张三 138")).unwrap(), "张三 138");
    }

    #[test]
    fn same_value_encrypts_differently() {
        let c = cipher();
        assert_ne!(c.encrypt("elder.id_number", ID), c.encrypt("elder.id_number", ID));
    }

    #[test]
    fn wrong_context_fails() {
        let c = cipher();
        let stored = c.encrypt("elder.id_number", ID);
        assert_eq!(c.decrypt("elder.phone", &stored), Err(CryptoError::Decrypt));
    }

    #[test]
    fn tampered_ciphertext_fails() {
        let c = cipher();
        let stored = c.encrypt("elder.id_number", ID);
        let mut raw = STANDARD.decode(&stored[3..]).unwrap();
        for i in [0, NONCE_LEN, raw.len() - 1] {
            raw[i] ^= 0x01;
            let tampered = format!("v1:{}", STANDARD.encode(&raw));
            assert_eq!(
                c.decrypt("elder.id_number", &tampered),
                Err(CryptoError::Decrypt),
                "byte {i}"
            );
            raw[i] ^= 0x01;
        }
        // Truncated (tag cut off) and garbage inputs.
        let truncated = format!("v1:{}", STANDARD.encode(&raw[..raw.len() - 1]));
        assert_eq!(c.decrypt("elder.id_number", &truncated), Err(CryptoError::Decrypt));
        assert_eq!(c.decrypt("elder.id_number", "v1:AAAA"), Err(CryptoError::Malformed));
        assert_eq!(
            c.decrypt("elder.id_number", "v1:not base64!"),
            Err(CryptoError::Malformed)
        );
        assert_eq!(c.decrypt("elder.id_number", ID), Err(CryptoError::Malformed));
        assert_eq!(
            c.decrypt("elder.id_number", &stored.replacen("v1:", "v2:", 1)),
            Err(CryptoError::Malformed)
        );
    }

    #[test]
    fn wrong_key_fails() {
        let stored = cipher().encrypt("elder.id_number", ID);
        let other = PersonalDataCipher::new([8; 32], [9; 32]);
        assert_eq!(other.decrypt("elder.id_number", &stored), Err(CryptoError::Decrypt));
    }

    #[test]
    fn blind_index_is_deterministic_and_keyed() {
        let c = cipher();
        let a = c.blind_index("id_number", ID);
        assert_eq!(a, c.blind_index("id_number", ID));
        assert_eq!(a.len(), 32);
        assert_eq!(a, c.blind_index("id_number", " 11010519491231002x "), "normalised");
        assert_ne!(a, c.blind_index("phone", ID), "differs by kind");
        assert_ne!(a, c.blind_index("id_number", "110105194912310037"), "differs by value");
        assert_ne!(
            a,
            PersonalDataCipher::new([7; 32], [10; 32]).blind_index("id_number", ID),
            "differs by key"
        );
        // The separator keeps (kind, value) pairs apart.
        assert_ne!(c.blind_index("ab", "c"), c.blind_index("a", "bc"));
        assert!(!a.contains(ID));
    }

    #[test]
    fn debug_hides_keys() {
        assert_eq!(format!("{:?}", cipher()), "PersonalDataCipher { .. }");
    }

    proptest! {
        #[test]
        fn stored_form_never_contains_plaintext(id in "[0-9]{18}") {
            let c = cipher();
            let stored = c.encrypt("elder.id_number", &id);
            prop_assert!(!stored.contains(&id));
            prop_assert!(!stored.contains(&id[..8]));
            prop_assert!(!c.blind_index("id_number", &id).contains(&id[..8]));
            prop_assert_eq!(c.decrypt("elder.id_number", &stored).unwrap(), id);
        }
    }
}
