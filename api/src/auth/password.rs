//! 密码 (passwords): Argon2id hashing, verification, the password policy, and a dummy
//! verification that makes logins for unknown accounts cost the same as for real ones.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Argon2id memory cost in KiB (OWASP: m = 19 MiB, t = 2, p = 1).
const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
/// The cost test processes hash with (m = 64 KiB, t = 1): a test suite creates and signs in
/// hundreds of accounts, and the production cost would be most of its run time.
const TEST_M_COST_KIB: u32 = 64;
const TEST_T_COST: u32 = 1;
static TEST_COST: AtomicBool = AtomicBool::new(false);

/// Lowers the cost of new hashes for the rest of this process. Test suites only: the server
/// never calls it, and refuses to start in production when it was called.
pub fn use_test_cost() {
    TEST_COST.store(true, Ordering::Relaxed);
}

/// Whether [`use_test_cost`] was called in this process.
pub fn test_cost_in_use() -> bool {
    TEST_COST.load(Ordering::Relaxed)
}

/// Minimum password length in characters (not bytes: 中文 passwords count per character).
pub const MIN_LENGTH: usize = 10;

/// Why a password was refused or could not be hashed. Messages are Chinese first, then English.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    /// Shorter than [`MIN_LENGTH`] characters.
    #[error("密码至少需要 10 个字符 (password must be at least 10 characters)")]
    TooShort,
    /// Only digits, or one character repeated.
    #[error("密码过于简单：不能全是数字或同一个字符 (password too simple: not only digits or one repeated character)")]
    TooSimple,
    /// The hash could not be computed (an internal fault, not the user's).
    #[error("内部错误：无法计算密码哈希 (internal error: password hashing failed)")]
    Hash,
}

impl PasswordError {
    /// A stable machine-readable code for API error extensions.
    pub fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "too_short",
            PasswordError::TooSimple => "too_simple",
            PasswordError::Hash => "internal",
        }
    }
}

fn hasher() -> Result<Argon2<'static>, PasswordError> {
    let (m_cost, t_cost) = if test_cost_in_use() {
        (TEST_M_COST_KIB, TEST_T_COST)
    } else {
        (M_COST_KIB, T_COST)
    };
    let params = Params::new(m_cost, t_cost, P_COST, None).map_err(|_| PasswordError::Hash)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// 密码哈希 — hashes `password` with Argon2id (m = 19456 KiB, t = 2, p = 1) and a random
/// 16-byte salt, returning the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| PasswordError::Hash)?;
    let hash = hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|_| PasswordError::Hash)?;
    Ok(hash.to_string())
}

/// 校验密码 — `true` if `password` matches the stored PHC string `phc`; `false` on a mismatch
/// or a malformed hash. The parameters are read from the hash, so older hashes keep working.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Runs a verification against a fixed dummy hash (computed once, lazily) so that a login for a
/// non-existent account costs the same time as one for an existing account. Always "fails".
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("tanfang-dummy-password-never-matches").ok());
    if let Some(phc) = dummy {
        std::hint::black_box(verify_password(std::hint::black_box(password), phc));
    }
}

/// 密码规则 — at least [`MIN_LENGTH`] characters, not one character repeated, not only digits.
pub fn check_password_policy(password: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) || password.chars().all(|c| c.is_ascii_digit()) {
        return Err(PasswordError::TooSimple);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn hash_and_verify() {
        let phc = hash_password("正确的马电池订书钉").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("正确的马电池订书钉", &phc));
        assert!(!verify_password("正确的马电池订书针", &phc));
        assert!(!verify_password("", &phc));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(
            hash_password("same password 1").unwrap(),
            hash_password("same password 1").unwrap()
        );
    }

    #[test]
    fn malformed_hash_is_false() {
        assert!(!verify_password("anything", ""));
        assert!(!verify_password("anything", "not a hash"));
        assert!(!verify_password("anything", "$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    #[test]
    fn dummy_runs() {
        verify_dummy("whatever");
        verify_dummy("tanfang-dummy-password-never-matches");
    }

    #[test]
    fn policy() {
        assert_eq!(check_password_policy("short1"), Err(PasswordError::TooShort));
        assert_eq!(check_password_policy("养老探访很重要"), Err(PasswordError::TooShort));
        assert_eq!(check_password_policy("1234567890"), Err(PasswordError::TooSimple));
        assert_eq!(check_password_policy("aaaaaaaaaaaa"), Err(PasswordError::TooSimple));
        assert_eq!(
            check_password_policy("探探探探探探探探探探"),
            Err(PasswordError::TooSimple)
        );
        assert_eq!(check_password_policy("tanfang2024!"), Ok(()));
        assert_eq!(check_password_policy("养老探访服务很重要的呀"), Ok(()));
        assert_eq!(PasswordError::TooShort.code(), "too_short");
        assert_eq!(PasswordError::TooSimple.code(), "too_simple");
        assert_eq!(PasswordError::Hash.code(), "internal");
        assert!(PasswordError::TooShort.to_string().starts_with("密码"));
    }
}
